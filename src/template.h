/* template.h — template.c, input stage (in reverse): the commented input
 * file that `nianbao init` prints, generated from the form. */
#ifndef NB_TEMPLATE_H
#define NB_TEMPLATE_H

#include "model.h"

nb_status nb_template_write(FILE *out, const nb_form *form, const char *body, int year);
/* A district's input file whose tables are `values` (per table, per field:
 * the sum of its units'), naming the `sources`; the text sections are left
 * as placeholders for the district to write. */
nb_status nb_template_write_sum(FILE *out, const nb_form *form, const char *body, int year,
                                nb_value *const *values, const char *const *sources,
                                int nsources);

#endif
