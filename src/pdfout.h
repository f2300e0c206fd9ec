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
/* v in upper-case hexadecimal, at least four digits ("00A1"). */
void nb_pdfout_hex4(nb_pdfout *o, uint32_t v);

/* Deflate level for every stream, chosen by measurement on seed 001
 * (327 KB of streams, mostly CFF charstrings; callgrind instructions):
 * level 1: 15.4 M, PDF 239 147 bytes; 3: 24.3 M, 238 207; 5: 27.8 M,
 * 236 458; 6: 28.4 M, 236 275; 9: 33.0 M, 235 821 (zlib 6 in libharu:
 * 50 M, 237 258).  Below 5 the PDF grows past what zlib made; 6 costs
 * 2 % more than 5 for 0.1 % less. */
#define NB_PDFOUT_DEFLATE_LEVEL 6

typedef struct nb_deflater nb_deflater;   /* one per document written */
nb_deflater *nb_pdfout_deflater_new(void);
void nb_pdfout_deflater_free(nb_deflater *d);
/* Time spent deflating so far, for --bench (0 for NULL). */
double nb_pdfout_deflate_ms(const nb_deflater *d);

/* Fills the stream dictionary `s` with data[0..len): deflated, with
 * /Filter /FlateDecode, when `d` is not NULL; as it is otherwise.  The
 * bytes are held in a block of their own that replaces the dictionary's
 * libharu memory stream (s->stream), which must still be empty; libharu
 * reads them only when it saves.  False if memory ran out (the stream
 * then holds nothing). */
bool nb_pdfout_fill_stream(HPDF_Dict s, nb_deflater *d, const void *data, size_t len);

#endif
