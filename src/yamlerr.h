/* yamlerr.h — yamlerr.c, input stage: a YAML syntax error in the words of
 * a clerk.  yamlread.c hands over libfyaml's message and position; this
 * looks at the source lines around it for the usual mistakes of Chinese
 * typing (full-width colon, full-width space, a tab, no space after the
 * colon) and otherwise translates the parser's English. */
#ifndef NB_YAMLERR_H
#define NB_YAMLERR_H

#include "yamlread.h"

/* Records one error for the parser's message `msg` at line:col (1-based)
 * of `text`, the whole source of file `name`. */
void nb_yamlerr_report(nb_diag *diag, const char *name, const char *text, size_t len,
                       int line, int col, const char *msg);

/* A plain scalar that well-formed YAML read, but as the wrong thing: a
 * key that begins with a full-width space, a 「键：值」 taken as one piece of
 * text.  Reports it (true) where a mapping or known key was expected. */
bool nb_yamlerr_scalar_typo(nb_diag *diag, const nb_yaml *y, nb_ynode *n);

#endif
