/* table.h — table.c, layout stage: a form table + the report's numbers →
 * a laid-out grid (column positions, row heights, each cell's lines), and
 * the parts of it that fit on a page, drawn as items. */
#ifndef NB_TABLE_H
#define NB_TABLE_H

#include "doc.h"
#include "model.h"
#include "style.h"

typedef struct nb_table nb_table;

nb_status nb_table_layout(nb_text *text, nb_arena *arena, nb_diag *diag, const nb_style *style,
                          const nb_form_table *form, const nb_value *values, nb_span where,
                          nb_table **out);

int nb_table_rows(const nb_table *t);
int nb_table_header_rows(const nb_table *t);
/* Height of rows [a, b), pt. */
double nb_table_height(const nb_table *t, int a, int b);
/* The end b of the largest part starting at body row a (with the header
 * repeated when `with_header`) that fits in `avail` pt and ends where the
 * form allows a break; a when not even the first group fits. */
int nb_table_fit(const nb_table *t, int a, double avail, bool with_header);
/* Draws the part [a, b) (after the header rows when `with_header`) with
 * its top-left corner at (x, y); returns its height. */
double nb_table_draw(const nb_table *t, nb_page *page, nb_arena *arena, double x, double y,
                     int a, int b, bool with_header);

#endif
