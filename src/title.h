/* title.h — title.c, layout stage: where a one-line title too wide for the
 * measure is broken (at word boundaries, balanced as GB/T 9704 asks). */
#ifndef NB_TITLE_H
#define NB_TITLE_H

#include "para.h"

/* Byte offsets where the lines of `title` start, in starts[0..n) (starts[0]
 * is 0); returns n, 1 when the title fits on one line or no set of word
 * boundaries fits in max_lines lines.  `body` (机关名称, may be NULL) is the
 * preferred end of the first line when the title starts with it. */
int nb_title_break(nb_text *text, const char *title, const char *body, int role, float size,
                   float measure, size_t *starts, int max_lines);

#endif
