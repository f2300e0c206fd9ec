/* input.h — input.c, input stage: a report file (YAML) + its form →
 * nb_report.  Every problem of shape (unknown key with a "did you mean",
 * wrong type, bad number) is reported with file:line:col; all of them in
 * one run. */
#ifndef NB_INPUT_H
#define NB_INPUT_H

#include "model.h"

nb_status nb_input_read(nb_diag *diag, nb_arena *arena, const nb_form *form,
                        const char *path, nb_report **out);

#endif
