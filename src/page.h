/* page.h — page.c, layout stage: one checked nb_report → nb_doc (pages of
 * items, outline, document information) in a page style. */
#ifndef NB_PAGE_H
#define NB_PAGE_H

#include "doc.h"
#include "model.h"
#include "style.h"

nb_status nb_page_layout(nb_text *text, nb_arena *arena, nb_diag *diag, const nb_style *style,
                         const nb_report *report, nb_doc *doc);

/* Every text line of the document, one per output line, in drawing order:
 * `page x y width text` (page 1-based; x the line's left edge and y its
 * baseline, pt from the page's top-left; width pt).  For golden tests
 * (`render --dump=lines`): a change of layout shows as a diff. */
void nb_page_dump_lines(FILE *out, const nb_doc *doc);

#endif
