/* template.h — template.c, input stage (in reverse): the commented input
 * file that `nianbao init` prints, generated from the form. */
#ifndef NB_TEMPLATE_H
#define NB_TEMPLATE_H

#include "model.h"

/* The body `init` writes when none is given. */
#define NB_TEMPLATE_BODY "某某街道办事处"

/* Whether a text block is still one of the template's stand-ins
 * (「（一）……」, 「请在此填写正文。」) that the clerk has to replace. */
bool nb_template_is_placeholder(const char *text);

nb_status nb_template_write(FILE *out, const nb_form *form, const char *body, int year);
/* A district's input file whose tables are `values` (per table, per field:
 * the sum of its units'), naming the `sources`; the text sections are left
 * as placeholders for the district to write. */
nb_status nb_template_write_sum(FILE *out, const nb_form *form, const char *body, int year,
                                nb_value *const *values, const char *const *sources,
                                int nsources);

#endif
