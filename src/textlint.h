/* textlint.h — textlint.c, input stage: warnings about a text block as it
 * was typed (the source, not the parsed value): a ` #…` that YAML drops
 * as a comment, ASCII punctuation between Chinese characters. */
#ifndef NB_TEXTLINT_H
#define NB_TEXTLINT_H

#include "yamlread.h"

/* Warns into diag about the text scalar `n` of `y`. */
void nb_textlint_scan(nb_diag *diag, const nb_yaml *y, nb_ynode *n);

#endif
