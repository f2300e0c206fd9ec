/* form.h — form.c, input stage: layouts/forms/<year>.yaml → nb_form (the
 * sections, the tables' grids and fields, the expanded rules). */
#ifndef NB_FORM_H
#define NB_FORM_H

#include "model.h"

nb_status nb_form_load(nb_diag *diag, nb_arena *arena, const char *path,
                       nb_form **out);
/* Field index of a dotted path in a table, or -1. */
int nb_form_find_field(const nb_form_table *t, const char *path);
int nb_form_find_table(const nb_form *form, const char *key);
/* A value (× NB_VALUE_SCALE) as the form prints it: no trailing zeros,
 * "12", "0.35". */
void nb_form_format_value(int64_t v, char *out, size_t cap);
/* "prefix.leaf" in the arena (just leaf when prefix is empty). */
const char *nb_form_join(nb_arena *a, const char *prefix, const char *leaf);

#endif
