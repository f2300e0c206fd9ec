/* utf8.h — utf8.c, shared basics: decoding UTF-8 and encoding UTF-16, for
 * the input checks, line breaking, and the PDF's text strings and CMaps;
 * the terminal width of a string, for the command line's tables. */
#ifndef NB_UTF8_H
#define NB_UTF8_H

#include "nb.h"

/* Decodes one character at s (at most left bytes, left >= 1); returns its
 * length, 1..4.  A malformed sequence counts as one byte, U+FFFD. */
int nb_utf8_decode(const char *s, size_t left, uint32_t *cp);

/* Length of the well-formed UTF-8 sequence at s (no overlongs, no
 * surrogates, at most U+10FFFF), or 0 if it is not one. */
int nb_utf8_valid_length(const unsigned char *s, size_t left);

/* UTF-8 bytes of cp into out (NUL-terminated, at most 4 + 1); returns the length. */
int nb_utf8_encode(uint32_t cp, char out[5]);

/* Columns s takes on a terminal: 2 for East Asian wide and full-width
 * characters (汉字, full-width punctuation), 1 for others.  For aligning
 * tables of file names that may be Chinese. */
int nb_utf8_columns(const char *s);

/* UTF-16 code units of cp into out; returns 1 or 2. */
int nb_utf16_encode(uint32_t cp, uint16_t out[2]);

#endif
