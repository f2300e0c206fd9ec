/* coverage.h — coverage.c, validate stage (with the run's fonts): does the
 * page style's font set have every character of a report, each in the
 * chain of the role it will be set in?  So that `check` passing means
 * `render` will pass; `nianbao fonts` lists the same per font. */
#ifndef NB_COVERAGE_H
#define NB_COVERAGE_H

#include "font.h"
#include "model.h"

/* Visits every text of the report that will be set, with its role and
 * place (title, headings, paragraphs, closing, the tables' labels). */
typedef void (*nb_coverage_visit)(void *user, int role, nb_span where, const char *text);
void nb_coverage_each_text(const nb_report *rep, nb_coverage_visit visit, void *user);

/* An error (as render's, U+XXXX and the block's place) for every character
 * no font of its role has: NB_ERR_DATA, else NB_OK. */
nb_status nb_coverage_check(nb_diag *diag, const nb_report *rep, const nb_fontset *fonts);

#endif
