/* suggest.h — suggest.c, shared basics: "您是否想写「…」？" — the known
 * name nearest to a misspelt one, for the unknown keys of report files
 * (input.c) and page styles (style.c). */
#ifndef NB_SUGGEST_H
#define NB_SUGGEST_H

/* The candidate nearest to `key` by edit distance over characters (a
 * candidate containing the key, or contained in it, counts as near), or
 * NULL when none is near enough to be what was meant. */
const char *nb_suggest(const char *key, const char *const *candidates, int n);

#endif
