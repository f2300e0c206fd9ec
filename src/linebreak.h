/* linebreak.h — linebreak.c, layout stage: where a line may break in a
 * text (UAX #14 through libunibreak, plus the Chinese rules of clreq and
 * GB/T 15834).  A pure function of the text: no fonts, no widths. */
#ifndef NB_LINEBREAK_H
#define NB_LINEBREAK_H

#include "nb.h"

typedef enum {
    NB_BREAK_NO = 0,     /* never break before this byte */
    NB_BREAK_ALLOW,      /* a line may start at this byte */
    NB_BREAK_MUST        /* a line must start here (after a newline) */
} nb_break;

/* brk has len + 1 entries: brk[i] says whether a line may start at byte i
 * (only character boundaries are ever ALLOW/MUST; brk[0] is NO). */
bool nb_linebreak_find(const char *text, size_t len, unsigned char *brk);   /* false: out of memory */

/* Classes of full-width punctuation that the line breaker and the
 * compression in para.c both need. */
bool nb_linebreak_is_closing(uint32_t c);   /* ，。、；：？！）」』”’》… */
bool nb_linebreak_is_opening(uint32_t c);   /* （「『“‘《〈【… */

#endif
