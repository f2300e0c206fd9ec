/* pdfout.h — pdfout.c, PDF stage (internal to pdf.c and pdffont.c): the
 * bytes of a stream — a growing buffer with number formatting — and
 * handing them to libharu deflated by libdeflate, /Filter set here. */
#ifndef NB_PDFOUT_H
#define NB_PDFOUT_H

#include "nb.h"

#include <hpdf.h>

/* A growing byte buffer; after a failed allocation it keeps what it had
 * and says so in `failed`. */
typedef struct nb_pdfout {
    char *data;
    size_t len, cap;
    bool failed;
} nb_pdfout;

void nb_pdfout_free(nb_pdfout *o);
void nb_pdfout_bytes(nb_pdfout *o, const void *p, size_t n);
void nb_pdfout_str(nb_pdfout *o, const char *s);
void nb_pdfout_printf(nb_pdfout *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The shortest decimal form of v rounded to three decimals ("12.5",
 * "-0.25", "3", never "-0"): small streams, identical across runs. */
void nb_pdfout_num(nb_pdfout *o, double v);
/* The same with `places` decimals at most (0..6). */
void nb_pdfout_num_places(nb_pdfout *o, double v, int places);
/* v in upper-case hexadecimal, at least four digits ("00A1"). */
void nb_pdfout_hex4(nb_pdfout *o, uint32_t v);

/* Deflate levels, chosen by measurement on seed 001 (callgrind
 * instructions of deflating; bytes deflated).  Font programs, 268 KB of
 * CFF charstrings that shrink only 20 % (they are already written in the
 * shortest operators: a charstring specialiser gains 0.6 %): level 1
 * 13.8 M, 216 378 bytes; 2..4 21.4 M, 215 889..215 775; 5..7 24.2..24.5 M,
 * 214 587..214 561; 10 64 M, 212 528.  Content streams and the ToUnicode
 * CMap (46 KB of text that shrinks 75 %): level 1 1.9 M, 12 632 bytes;
 * 6 3.7 M, 11 878; 10 19.9 M, 11 262.  Level 1 for both: seed 001 is
 * 236 359 bytes (limit 237 258) since the fonts share one CMap and the
 * bookmarks' destinations are inline; level 6 for both was 233 815. */
#define NB_PDFOUT_LEVEL_TEXT 1
#define NB_PDFOUT_LEVEL_FONT 1

typedef enum { NB_PDFOUT_TEXT, NB_PDFOUT_FONT } nb_pdfout_kind;

typedef struct nb_deflater nb_deflater;   /* one per document written */
nb_deflater *nb_pdfout_deflater_new(void);
void nb_pdfout_deflater_free(nb_deflater *d);
/* Time spent deflating so far, for --bench (0 for NULL). */
double nb_pdfout_deflate_ms(const nb_deflater *d);

/* Fills the stream dictionary `s` with data[0..len): deflated at the
 * level for its kind, with /Filter /FlateDecode, when `d` is not NULL; as it is otherwise.  The
 * bytes are held in a block of their own that replaces the dictionary's
 * libharu memory stream (s->stream), which must still be empty; libharu
 * reads them only when it saves.  False if memory ran out (the stream
 * then holds nothing). */
bool nb_pdfout_fill_stream(HPDF_Dict s, nb_deflater *d, nb_pdfout_kind kind, const void *data,
                           size_t len);

#endif
