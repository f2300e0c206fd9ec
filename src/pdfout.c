/* pdfout.c — PDF stage: the bytes of the streams pdf.c and pdffont.c
 * write (page contents, font programs, CMaps, maps).  They are deflated
 * here with libdeflate, about twice as fast as the zlib inside libharu at
 * the same size, and handed to libharu already compressed: libharu writes
 * a stream whose filter it does not manage as it is, and the /Filter entry
 * is written by the dictionary's write hook. */
#include "pdfout.h"
#include "mem.h"

#include <hpdf_objects.h>
#include <libdeflate.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void nb_pdfout_free(nb_pdfout *o)
{
    nb_free(o->data);
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
    char *d = nb_realloc(o->data, cap);
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
    if (n == 0 || !reserve(o, n))   /* p may be NULL when n is 0 (fuzz_font) */
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

/* Digits written backwards from the end of buf; returns the first. */
static char *digits(char *end, uint64_t v)
{
    do {
        *--end = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    return end;
}

void nb_pdfout_num_places(nb_pdfout *o, double v, int places)
{
    static const double scale[] = {1, 10, 100, 1e3, 1e4, 1e5, 1e6};
    places = places < 0 ? 0 : places > 6 ? 6 : places;
    /* Beyond ±10^9 (no page has such a coordinate) and NaN: 0. */
    double scaled = round(v * scale[places]);
    int64_t k = isfinite(scaled) && fabs(scaled) < 1e15 ? (int64_t)scaled : 0;
    char buf[32], *end = buf + sizeof buf;
    uint64_t mag = k < 0 ? (uint64_t)-k : (uint64_t)k;
    uint64_t unit = (uint64_t)scale[places];
    uint64_t frac = mag % unit;
    char *p = end;
    if (frac) {
        int digits_left = places;
        while (frac % 10 == 0) {
            frac /= 10;
            digits_left--;
        }
        for (int i = 0; i < digits_left; i++, frac /= 10)
            *--p = (char)('0' + frac % 10);
        *--p = '.';
    }
    p = digits(p, mag / unit);
    if (k < 0)
        *--p = '-';
    nb_pdfout_bytes(o, p, (size_t)(end - p));
}

void nb_pdfout_num(nb_pdfout *o, double v)
{
    nb_pdfout_num_places(o, v, 3);
}

void nb_pdfout_hex4(nb_pdfout *o, uint32_t v)
{
    static const char hex[] = "0123456789ABCDEF";
    char buf[8], *p = buf + sizeof buf;
    int n = 0;
    do {
        *--p = hex[v & 15];
        v >>= 4;
    } while (++n < 4 || v);
    nb_pdfout_bytes(o, p, (size_t)(buf + sizeof buf - p));
}

/* ---- deflate ---------------------------------------------------------------- */

struct nb_deflater {
    struct libdeflate_compressor *c[2];   /* per nb_pdfout_kind */
    double ms;
};

nb_deflater *nb_pdfout_deflater_new(void)
{
    nb_deflater *d = nb_calloc(1, sizeof *d);
    if (!d)
        return NULL;
    d->c[NB_PDFOUT_TEXT] = libdeflate_alloc_compressor(NB_PDFOUT_LEVEL_TEXT);
    d->c[NB_PDFOUT_FONT] = libdeflate_alloc_compressor(NB_PDFOUT_LEVEL_FONT);
    if (!d->c[0] || !d->c[1]) {
        nb_pdfout_deflater_free(d);
        return NULL;
    }
    return d;
}

void nb_pdfout_deflater_free(nb_deflater *d)
{
    if (!d)
        return;
    libdeflate_free_compressor(d->c[0]);
    libdeflate_free_compressor(d->c[1]);
    nb_free(d);
}

double nb_pdfout_deflate_ms(const nb_deflater *d)
{
    return d ? d->ms : 0;
}

/* ---- streams held outside libharu ----------------------------------------------- */

/* A stream's bytes in one block of our own, read by libharu through
 * callbacks when it saves: its memory streams copy byte by byte
 * (HPDF_MemCpy), once into the stream and once out of it. */
typedef struct held {
    size_t len, pos;
    unsigned char data[];
} held;

static HPDF_STATUS held_read(HPDF_Stream s, HPDF_BYTE *ptr, HPDF_UINT *size)
{
    held *h = s->attr;
    size_t n = h->len - h->pos < *size ? h->len - h->pos : *size;
    memcpy(ptr, h->data + h->pos, n);
    h->pos += n;
    *size = (HPDF_UINT)n;
    return h->pos == h->len ? HPDF_STREAM_EOF : HPDF_OK;
}

static HPDF_STATUS held_seek(HPDF_Stream s, HPDF_INT pos, HPDF_WhenceMode mode)
{
    held *h = s->attr;
    long long to = mode == HPDF_SEEK_SET ? pos
                 : mode == HPDF_SEEK_CUR ? (long long)h->pos + pos : (long long)h->len + pos;
    if (to < 0 || to > (long long)h->len)
        return HPDF_SetError(s->error, HPDF_STREAM_EOF, 0);
    h->pos = (size_t)to;
    return HPDF_OK;
}

static HPDF_INT32 held_tell(HPDF_Stream s)
{
    return (HPDF_INT32)((held *)s->attr)->pos;
}

static HPDF_UINT32 held_size(HPDF_Stream s)
{
    return (HPDF_UINT32)((held *)s->attr)->len;
}

static void held_free(HPDF_Stream s)
{
    nb_free(s->attr);
    s->attr = NULL;
}

/* Puts h in place of the dictionary's (empty) memory stream. */
static bool hold(HPDF_Dict s, held *h)
{
    HPDF_Stream cb = HPDF_CallbackReader_New(s->mmgr, held_read, held_seek, held_tell,
                                             held_size, h);
    if (!cb) {
        nb_free(h);
        return false;
    }
    cb->free_fn = held_free;
    HPDF_Stream_Free(s->stream);
    s->stream = cb;
    return true;
}

static HPDF_STATUS write_flate_filter(HPDF_Dict dict, HPDF_Stream out)
{
    (void)dict;
    return HPDF_Stream_WriteStr(out, "/Filter /FlateDecode\012");
}

bool nb_pdfout_fill_stream(HPDF_Dict s, nb_deflater *d, nb_pdfout_kind kind, const void *data,
                           size_t len)
{
    s->filter = HPDF_STREAM_FILTER_NONE;
    if (len > UINT32_MAX / 2)
        return false;
    struct libdeflate_compressor *c = d ? d->c[kind == NB_PDFOUT_FONT] : NULL;
    size_t cap = c ? libdeflate_zlib_compress_bound(c, len) : len;
    held *h = nb_malloc(sizeof *h + cap);
    if (!h)
        return false;
    h->pos = 0;
    h->len = 0;
    if (c && len > 0) {
        double t0 = nb_now_ms();
        h->len = libdeflate_zlib_compress(c, data, len, h->data, cap);
        d->ms += nb_now_ms() - t0;
    }
    if (h->len > 0) {
        s->write_fn = write_flate_filter;
        /* realloc only shrinks here, yet a refusal is out of memory like
         * any other (the allocation-failure walk counts on it). */
        held *fit = nb_realloc(h, sizeof *h + h->len);
        if (!fit) {
            nb_free(h);
            return false;
        }
        h = fit;
    } else {
        /* Uncompressed (or, which the bound rules out, incompressible). */
        if (len > 0)
            memcpy(h->data, data, len);
        h->len = len;
    }
    return hold(s, h);
}
