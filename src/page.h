/* page.h — page.c, layout stage: one checked nb_report → nb_doc (pages of
 * items, outline, document information) in a page style. */
#ifndef NB_PAGE_H
#define NB_PAGE_H

#include "doc.h"
#include "model.h"
#include "style.h"

nb_status nb_page_layout(nb_text *text, nb_arena *arena, nb_diag *diag, const nb_style *style,
                         const nb_report *report, nb_doc *doc);

#endif
