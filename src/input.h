/* input.h — input.c, input stage: a report file (YAML) + its form →
 * nb_report.  Every problem of shape (unknown key with a "did you mean",
 * wrong type, bad number) is reported with file:line:col; all of them in
 * one run. */
#ifndef NB_INPUT_H
#define NB_INPUT_H

#include "model.h"

nb_status nb_input_read(nb_diag *diag, nb_arena *arena, const nb_form *form,
                        const char *path, nb_report **out);
/* The same, choosing among `forms` the one the file's 格式 names (the
 * newest when it names none); a 格式 that is not among them is an error
 * listing those that are. */
nb_status nb_input_read_select(nb_diag *diag, nb_arena *arena, const nb_form *const *forms,
                               int nforms, const char *path, nb_report **out);
/* The same from text in memory; `name` stands for the file in messages. */
nb_status nb_input_read_text(nb_diag *diag, nb_arena *arena, const nb_form *form,
                             const char *name, const char *text, nb_report **out);

#endif
