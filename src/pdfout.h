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
 * instructions of deflating; bytes deflated).  Font programs, 267 KB of
 * CFF charstrings that shrink only 20 %: level 1 13.7 M, 215 414 bytes;
 * 2..4 21.2 M, 214 824..214 930; 6 24.4 M, 213 600 — level 1 costs
 * 1.8 KB for 44 % less time, and the PDF of seed 001 may not grow past
 * 237 258 bytes: since its page numbers are set in a fifth face it is
 * 238 231 bytes with level 1, 237 628 with 4, 236 414 with 6.  So 6, until
 * the PDF has room.  Content streams and CMaps (60 KB of text that
 * shrinks 75 %) cost little at any level and lose 1 KB at level 1: level
 * 6 (zlib's level 6 inside libharu, before: 50 M for all streams). */
#define NB_PDFOUT_LEVEL_TEXT 6
#define NB_PDFOUT_LEVEL_FONT 6

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
