/* pdfout.c — PDF stage: the bytes of the streams pdf.c and pdffont.c
 * write (page contents, font programs, CMaps, maps).  They are deflated
 * here with libdeflate, about twice as fast as the zlib inside libharu at
 * the same size, and handed to libharu already compressed: libharu writes
 * a stream whose filter it does not manage as it is, and the /Filter entry
 * is written by the dictionary's write hook. */
#include "pdfout.h"

#include <hpdf_objects.h>
#include <libdeflate.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void nb_pdfout_free(nb_pdfout *o)
{
    free(o->data);
    *o = (nb_pdfout){0};
}

static bool reserve(nb_pdfout *o, size_t n)
{
    if (o->failed)
        return false;
    if (o->cap - o->len > n)
        return true;
    size_t cap = o->cap ? o->cap : 4096;
    while (cap - o->len <= n)
        cap *= 2;
    char *d = realloc(o->data, cap);
    if (!d) {
        o->failed = true;
        return false;
    }
    o->data = d;
    o->cap = cap;
    return true;
}

void nb_pdfout_bytes(nb_pdfout *o, const void *p, size_t n)
{
    if (!reserve(o, n))
        return;
    memcpy(o->data + o->len, p, n);
    o->len += n;
}

void nb_pdfout_str(nb_pdfout *o, const char *s)
{
    nb_pdfout_bytes(o, s, strlen(s));
}

void nb_pdfout_printf(nb_pdfout *o, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || !reserve(o, (size_t)n + 1))
        return;
    va_start(ap, fmt);
    vsnprintf(o->data + o->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    o->len += (size_t)n;
}

/* ---- deflate ---------------------------------------------------------------- */

struct nb_deflater {
    struct libdeflate_compressor *c;
    unsigned char *buf;
    size_t cap;
};

nb_deflater *nb_pdfout_deflater_new(void)
{
    nb_deflater *d = calloc(1, sizeof *d);
    if (d && !(d->c = libdeflate_alloc_compressor(NB_PDFOUT_DEFLATE_LEVEL))) {
        free(d);
        d = NULL;
    }
    return d;
}

void nb_pdfout_deflater_free(nb_deflater *d)
{
    if (!d)
        return;
    libdeflate_free_compressor(d->c);
    free(d->buf);
    free(d);
}

static HPDF_STATUS write_flate_filter(HPDF_Dict dict, HPDF_Stream out)
{
    (void)dict;
    return HPDF_Stream_WriteStr(out, "/Filter /FlateDecode\012");
}

bool nb_pdfout_fill_stream(HPDF_Dict s, nb_deflater *d, const void *data, size_t len)
{
    s->filter = HPDF_STREAM_FILTER_NONE;
    if (!d || len == 0)
        return HPDF_Stream_Write(s->stream, data, (HPDF_UINT)len) == HPDF_OK;
    size_t bound = libdeflate_zlib_compress_bound(d->c, len);
    if (bound > d->cap) {
        unsigned char *b = realloc(d->buf, bound);
        if (!b)
            return false;
        d->buf = b;
        d->cap = bound;
    }
    size_t n = libdeflate_zlib_compress(d->c, data, len, d->buf, d->cap);
    if (n == 0)   /* cannot happen with the bound above; stay correct anyway */
        return HPDF_Stream_Write(s->stream, data, (HPDF_UINT)len) == HPDF_OK;
    s->write_fn = write_flate_filter;
    return HPDF_Stream_Write(s->stream, d->buf, (HPDF_UINT)n) == HPDF_OK;
}
