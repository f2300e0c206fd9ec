/* template.h — template.c, input stage (in reverse): the commented input
 * file that `nianbao init` prints, generated from the form. */
#ifndef NB_TEMPLATE_H
#define NB_TEMPLATE_H

#include "model.h"

nb_status nb_template_write(FILE *out, const nb_form *form, const char *body, int year);

#endif
