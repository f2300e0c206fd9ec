/* cffsubset.c — PDF stage, beside hb-subset (pdffont.c): subsets a
 * CID-keyed CFF font without subroutines, which is what the Fandol fonts
 * are.  The PDF embeds only the CFF table, and for such a font a subset is
 * a copy: the glyphs' charstrings (hints removed, as hb-subset does with
 * NO_HINTING) into a new CharStrings INDEX, their CIDs into a new charset,
 * their Font DICTs into FDSelect; the Top DICT, String INDEX, FDArray and
 * Private DICTs are copied with new offsets.  hb-subset builds a whole
 * OpenType font with layout tables for the same result: on seed 001 it
 * took 79 M instructions of 189 M.  Fonts this file does not handle
 * (NB_ERR_FONT) go to hb-subset.  The input may be any bytes: every read
 * is bounds-checked, and nb_cff_subset is the fuzzing entry point. */
#include "cffsubset.h"
#include "mem.h"
#include "pdfout.h"

#include <stdatomic.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <stdlib.h>
#include <string.h>

/* ---- reading -------------------------------------------------------------------- */

typedef struct bytes {
    const uint8_t *p;
    size_t n;
} bytes;

static uint32_t be(const uint8_t *p, unsigned n)
{
    uint32_t v = 0;
    for (unsigned i = 0; i < n; i++)
        v = v << 8 | p[i];
    return v;
}

/* An INDEX: `count` items, item i at data[off(i) - 1 .. off(i + 1) - 1). */
typedef struct cff_index {
    uint32_t count;
    unsigned offsize;
    const uint8_t *offsets;
    const uint8_t *data;
    size_t data_len;
    size_t end;                  /* position just after it in the table */
} cff_index;

static bool read_index(bytes t, size_t pos, cff_index *ix)
{
    memset(ix, 0, sizeof *ix);
    if (pos > t.n || t.n - pos < 2)
        return false;
    ix->count = be(t.p + pos, 2);
    if (ix->count == 0) {
        ix->end = pos + 2;
        return true;
    }
    if (t.n - pos < 3)
        return false;
    ix->offsize = t.p[pos + 2];
    if (ix->offsize < 1 || ix->offsize > 4)
        return false;
    size_t offsets_len = ((size_t)ix->count + 1) * ix->offsize;
    if (t.n - pos - 3 < offsets_len)
        return false;
    ix->offsets = t.p + pos + 3;
    size_t data_pos = pos + 3 + offsets_len;
    uint32_t last = be(ix->offsets + (size_t)ix->count * ix->offsize, ix->offsize);
    if (last < 1 || last - 1 > t.n - data_pos)
        return false;
    ix->data = t.p + data_pos;
    ix->data_len = last - 1;
    ix->end = data_pos + ix->data_len;
    return true;
}

static bool index_item(const cff_index *ix, uint32_t i, bytes *item)
{
    if (i >= ix->count)
        return false;
    uint32_t a = be(ix->offsets + (size_t)i * ix->offsize, ix->offsize);
    uint32_t b = be(ix->offsets + (size_t)(i + 1) * ix->offsize, ix->offsize);
    if (a < 1 || b < a || b - 1 > ix->data_len)
        return false;
    *item = (bytes){ix->data + a - 1, b - a};
    return true;
}

/* One DICT entry: operator (an escaped one 12 x as 1200 + x), the bytes
 * of its operands and operator as they stand, and its first integer
 * operands. */
typedef struct dict_entry {
    int op;
    bytes raw;
    int nargs;
    long arg[3];
    bool real;                   /* some operand is a real number */
} dict_entry;

/* Length of the real number at p (nibbles up to the 0xf terminator). */
static size_t real_length(bytes d, size_t at)
{
    for (size_t i = at + 1; i < d.n; i++)
        if ((d.p[i] & 0x0F) == 0x0F || (d.p[i] >> 4) == 0x0F)
            return i + 1 - at;
    return 0;
}

/* Reads the entry at *pos: 1, 0 at the end, -1 on malformed bytes. */
static int dict_next(bytes d, size_t *pos, dict_entry *e)
{
    if (*pos >= d.n)
        return 0;
    memset(e, 0, sizeof *e);
    size_t start = *pos;
    size_t i = start;
    while (i < d.n) {
        uint8_t b = d.p[i];
        long v = 0;
        size_t len;
        if (b <= 21) {
            size_t oplen = b == 12 ? 2 : 1;
            if (d.n - i < oplen)
                return -1;
            e->op = b == 12 ? 1200 + d.p[i + 1] : b;
            e->raw = (bytes){d.p + start, i + oplen - start};
            *pos = i + oplen;
            return 1;
        } else if (b == 28 && d.n - i >= 3) {
            v = (int16_t)be(d.p + i + 1, 2), len = 3;
        } else if (b == 29 && d.n - i >= 5) {
            v = (int32_t)be(d.p + i + 1, 4), len = 5;
        } else if (b == 30 && (len = real_length(d, i)) > 0) {
            e->real = true;
        } else if (b >= 32 && b <= 246) {
            v = b - 139, len = 1;
        } else if (b >= 247 && b <= 250 && d.n - i >= 2) {
            v = (b - 247) * 256 + d.p[i + 1] + 108, len = 2;
        } else if (b >= 251 && b <= 254 && d.n - i >= 2) {
            v = -(b - 251) * 256 - d.p[i + 1] - 108, len = 2;
        } else {
            return -1;
        }
        if (e->nargs == 48)
            return -1;
        if (e->nargs < 3)
            e->arg[e->nargs] = v;
        e->nargs++;
        i += len;
    }
    return -1;   /* operands without an operator */
}

enum {
    OP_UNIQUE_ID = 13, OP_XUID = 14, OP_CHARSET = 15, OP_ENCODING = 16, OP_CHARSTRINGS = 17,
    OP_PRIVATE = 18, OP_SUBRS = 19, OP_CHARSTRING_TYPE = 1206, OP_SYNTHETIC_BASE = 1220,
    OP_ROS = 1230, OP_UID_BASE = 1235, OP_FDARRAY = 1236, OP_FDSELECT = 1237
};

/* An offset operand: one non-negative integer within the table. */
static bool offset_arg(const dict_entry *e, bytes t, size_t *off)
{
    if (e->nargs != 1 || e->real || e->arg[0] < 0 || (size_t)e->arg[0] >= t.n)
        return false;
    *off = (size_t)e->arg[0];
    return true;
}

typedef struct cff_font {
    bytes t;
    bytes names;                 /* the Name INDEX as it stands */
    bytes top;                   /* the Top DICT's data */
    bytes strings;               /* the String INDEX as it stands */
    cff_index string_index, charstrings, fdarray;
    long ros[3];                 /* registry and ordering SIDs, supplement
                                    (0 unless given as three integers) */
    size_t charset_at, fdselect_at;
} cff_font;

static bool read_top_dict(cff_font *f)
{
    size_t pos = 0, charstrings_at = 0, fdarray_at = 0;
    bool ros = false, type2 = true;
    dict_entry e;
    int r;
    while ((r = dict_next(f->top, &pos, &e)) > 0) {
        bool ok = true;
        if (e.op == OP_ROS) {
            ros = true;
            if (e.nargs == 3 && !e.real)
                memcpy(f->ros, e.arg, sizeof f->ros);
        }
        else if (e.op == OP_CHARSET)
            ok = offset_arg(&e, f->t, &f->charset_at);
        else if (e.op == OP_CHARSTRINGS)
            ok = offset_arg(&e, f->t, &charstrings_at);
        else if (e.op == OP_FDARRAY)
            ok = offset_arg(&e, f->t, &fdarray_at);
        else if (e.op == OP_FDSELECT)
            ok = offset_arg(&e, f->t, &f->fdselect_at);
        else if (e.op == OP_CHARSTRING_TYPE)
            type2 = e.nargs == 1 && !e.real && e.arg[0] == 2;
        else if (e.op == OP_SYNTHETIC_BASE || e.op == OP_PRIVATE)
            ok = false;
        if (!ok)
            return false;
    }
    /* Charsets 0..2 are the predefined name-keyed ones. */
    return r == 0 && ros && type2 && f->charset_at > 2 && f->fdselect_at > 0 &&
           read_index(f->t, charstrings_at, &f->charstrings) && f->charstrings.count > 0 &&
           read_index(f->t, fdarray_at, &f->fdarray) && f->fdarray.count > 0 &&
           f->fdarray.count <= 256;
}

static bool read_font(bytes t, cff_font *f)
{
    memset(f, 0, sizeof *f);
    f->t = t;
    /* Header: major version 1, its size, the offset size of nothing but
     * itself (1..4), as FreeType checks. */
    if (t.n < 4 || t.p[0] != 1 || t.p[2] < 4 || t.p[2] > t.n || t.p[3] < 1 || t.p[3] > 4)
        return false;
    cff_index names, tops, strings, gsubrs;
    if (!read_index(t, t.p[2], &names) || names.count != 1 ||
        !read_index(t, names.end, &tops) || tops.count != 1 ||
        !read_index(t, tops.end, &strings) || !read_index(t, strings.end, &gsubrs) ||
        !index_item(&tops, 0, &f->top))
        return false;
    f->names = (bytes){t.p + t.p[2], names.end - t.p[2]};
    f->strings = (bytes){t.p + tops.end, strings.end - tops.end};
    f->string_index = strings;
    return read_top_dict(f);
}

/* charset formats 0, 1 and 2 → cids[0 .. n). */
static bool read_charset(const cff_font *f, uint32_t *cids, uint32_t n)
{
    bytes t = f->t;
    size_t at = f->charset_at;
    if (at >= t.n)
        return false;
    unsigned format = t.p[at++];
    cids[0] = 0;
    for (uint32_t gid = 1; gid < n;) {
        if (format == 0) {
            if (t.n - at < 2)
                return false;
            cids[gid++] = be(t.p + at, 2);
            at += 2;
        } else if (format == 1 || format == 2) {
            size_t len = format == 1 ? 3 : 4;
            if (t.n - at < len)
                return false;
            uint32_t first = be(t.p + at, 2), left = be(t.p + at + 2, (unsigned)len - 2);
            for (uint32_t k = 0; k <= left && gid < n; k++)
                cids[gid++] = first + k;
            at += len;
        } else {
            return false;
        }
    }
    return true;
}

/* The CIDs of glyphs gids[0 .. n) (ascending, below the glyph count)
 * from charset formats 0, 1 and 2: only as far as the last of them (a
 * report draws 500 of Fandol's 30 000 glyphs; reading every glyph's CID
 * and Font DICT for each face took 1.6 M instructions of seed 001). */
static bool charset_of(const cff_font *f, const uint32_t *gids, uint32_t n, uint32_t *cids)
{
    bytes t = f->t;
    size_t at = f->charset_at;
    if (at >= t.n)
        return false;
    unsigned format = t.p[at++];
    uint32_t k = 0;
    for (; k < n && gids[k] == 0; k++)
        cids[k] = 0;
    if (format == 0) {
        for (; k < n; k++) {
            size_t p = (size_t)(gids[k] - 1) * 2;
            if (t.n - at < 2 || p > t.n - at - 2)
                return false;
            cids[k] = be(t.p + at + p, 2);
        }
        return true;
    }
    if (format != 1 && format != 2)
        return false;
    size_t len = format == 1 ? 3 : 4;
    for (uint64_t gid = 1; k < n; at += len) {   /* gid: the range's first glyph */
        if (t.n - at < len)
            return false;
        uint32_t first = be(t.p + at, 2), left = be(t.p + at + 2, (unsigned)len - 2);
        uint64_t end = gid + left + 1;
        for (; k < n && gids[k] < end; k++)
            cids[k] = first + (uint32_t)(gids[k] - gid);
        gid = end;
    }
    return true;
}

/* The FDSelect's format (0 or 3) and where its entries start, checked to
 * lie inside the table for `total` glyphs: format 0 a byte per glyph,
 * format 3 `ranges` ranges from glyph 0 and the sentinel. */
static bool fdselect_head(const cff_font *f, uint32_t total, unsigned *format, size_t *at,
                          uint32_t *ranges)
{
    bytes t = f->t;
    size_t p = f->fdselect_at;
    if (p >= t.n)
        return false;
    *format = t.p[p++];
    *ranges = 0;
    if (*format == 0) {
        *at = p;
        return t.n - p >= total;
    }
    if (*format != 3 || t.n - p < 2)
        return false;
    *ranges = be(t.p + p, 2);
    *at = p + 2;
    return *ranges > 0 && t.n - *at >= (size_t)*ranges * 3 + 2 && be(t.p + *at, 2) == 0;
}

/* The Font DICTs of glyphs gids[0 .. n) (ascending) into fds, from
 * FDSelect formats 0 and 3, each checked to be below the FDArray's count;
 * with gids NULL, only whether each of the `total` glyphs has one. */
static bool fdselect_of(const cff_font *f, const uint32_t *gids, uint32_t n, uint32_t total,
                        uint8_t *fds)
{
    const uint8_t *p = f->t.p;
    unsigned format;
    size_t at;
    uint32_t ranges;
    if (!fdselect_head(f, total, &format, &at, &ranges))
        return false;
    if (format == 0) {
        for (uint32_t k = 0; k < (gids ? n : total); k++) {
            uint8_t fd = p[at + (gids ? gids[k] : k)];
            if (fd >= f->fdarray.count)
                return false;
            if (gids)
                fds[k] = fd;
        }
        return true;
    }
    uint32_t k = 0;
    for (uint32_t r = 0; r < ranges; r++, at += 3) {
        uint32_t first = be(p + at, 2), next = be(p + at + 3, 2);
        if (next < first || p[at + 2] >= f->fdarray.count)
            return false;
        for (; gids && k < n && gids[k] < next; k++) {
            if (gids[k] < first)
                return false;
            fds[k] = p[at + 2];
        }
    }
    return be(p + at, 2) >= total && (!gids || k == n);
}

bool nb_cff_charset_cids(const uint8_t *cff, size_t len, uint32_t *cids, unsigned nglyphs)
{
    cff_font f;
    return cff && read_font((bytes){cff, len}, &f) && f.charstrings.count == nglyphs &&
           read_charset(&f, cids, nglyphs);
}

/* A string of the String INDEX by SID into buf (printable ASCII only);
 * false for the standard strings (SID < 391), which are not kept here. */
static bool sid_string(const cff_font *f, long sid, char *buf, size_t cap)
{
    bytes s;
    if (sid < 391 || sid - 391 > UINT32_MAX || !index_item(&f->string_index, (uint32_t)(sid - 391), &s) ||
        s.n == 0 || s.n >= cap)
        return false;
    for (size_t i = 0; i < s.n; i++)
        if (s.p[i] < 0x20 || s.p[i] > 0x7E)
            return false;
    memcpy(buf, s.p, s.n);
    buf[s.n] = '\0';
    return true;
}

/* The fewest operands an operator of a Top, Font or Private DICT takes
 * (CFF spec, Table 9 and 23); 0 for arrays, deltas and unknown operators. */
static int min_operands(int op)
{
    switch (op) {
    case 5: return 4;                      /* FontBBox */
    case 1207: return 6;                   /* FontMatrix */
    case OP_ROS: return 3;
    case OP_PRIVATE: return 2;
    case 14: case 6: case 7: case 8: case 9: case 1212: case 1213: case 1223:
        return 0;                          /* XUID, blues, stem snaps, BaseFontBlend */
    default:
        return (op >= 0 && op <= 21) || (op >= 1200 && op <= 1238) ? 1 : 0;
    }
}

/* A DICT that reads to its end with enough operands for each operator,
 * as FreeType's loading requires (a FontBBox of two numbers fails it). */
static bool dict_sound(bytes d)
{
    size_t pos = 0;
    dict_entry e;
    int r;
    while ((r = dict_next(d, &pos, &e)) > 0)
        if (e.nargs < min_operands(e.op))
            return false;
    return r == 0;
}

/* Every Font DICT, and the Private DICT it points to inside the table, is
 * sound. */
static bool font_dicts_sound(const cff_font *f)
{
    for (uint32_t i = 0; i < f->fdarray.count; i++) {
        bytes fd, priv = {NULL, 0};
        if (!index_item(&f->fdarray, i, &fd) || !dict_sound(fd))
            return false;
        size_t pos = 0;
        dict_entry e;
        while (dict_next(fd, &pos, &e) > 0)
            if (e.op == OP_PRIVATE) {
                if (e.nargs != 2 || e.real || e.arg[0] < 0 || e.arg[1] < 0 ||
                    (size_t)e.arg[1] > f->t.n || (size_t)e.arg[0] > f->t.n - (size_t)e.arg[1])
                    return false;
                priv = (bytes){f->t.p + e.arg[1], (size_t)e.arg[0]};
            }
        if (!priv.p || !dict_sound(priv))
            return false;
    }
    return true;
}

bool nb_cff_cid_font(const uint8_t *cff, size_t len, unsigned nglyphs, uint32_t *cids,
                     nb_cff_ros *ros)
{
    cff_font f;
    if (!cff || nglyphs == 0 || !read_font((bytes){cff, len}, &f) ||
        f.charstrings.count != nglyphs || !dict_sound(f.top) || !font_dicts_sound(&f) ||
        !read_charset(&f, cids, nglyphs) ||
        !sid_string(&f, f.ros[0], ros->registry, sizeof ros->registry) ||
        !sid_string(&f, f.ros[1], ros->ordering, sizeof ros->ordering) ||
        f.ros[2] < 0 || f.ros[2] > INT32_MAX)
        return false;
    ros->supplement = (int)f.ros[2];
    return fdselect_of(&f, NULL, 0, nglyphs, NULL);
}

/* ---- charstrings -------------------------------------------------------------- */

/* The output of strip_hints: kept stretches of the charstring are
 * written as few copies, a stretch growing while kept operators follow
 * one another. */
typedef struct copier {
    nb_pdfout *out;
    const uint8_t *from, *to;   /* the stretch not yet written */
} copier;

static void copy_flush(copier *c)
{
    if (c->to > c->from)
        nb_pdfout_bytes(c->out, c->from, (size_t)(c->to - c->from));
    c->from = c->to = NULL;
}

static void copy_keep(copier *c, const uint8_t *from, const uint8_t *to)
{
    if (from != c->to)
        copy_flush(c);
    if (!c->from)
        c->from = from;
    c->to = to;
}

/* The end of the run of one-byte operands (32..246) from p[i]: 16 bytes
 * at a time where SSE2 is there (an operator ends a run every 10 bytes or
 * so, and this scan was a third of stripping a glyph). */
static size_t one_byte_run(const uint8_t *p, size_t i, size_t n)
{
#ifdef __SSE2__
    const __m128i flip = _mm_set1_epi8((char)0x80);
    const __m128i below = _mm_set1_epi8((char)(32 ^ 0x80)), above = _mm_set1_epi8((char)(246 ^ 0x80));
    while (n - i >= 16) {
        __m128i v = _mm_xor_si128(_mm_loadu_si128((const __m128i *)(const void *)(p + i)), flip);
        int out = _mm_movemask_epi8(_mm_or_si128(_mm_cmplt_epi8(v, below), _mm_cmpgt_epi8(v, above)));
        if (out)
            return i + (size_t)__builtin_ctz((unsigned)out);
        i += 16;
    }
#endif
    while (i < n && (uint8_t)(p[i] - 32) <= 246 - 32)
        i++;
    return i;
}

/* Copies a Type 2 charstring without its hints (stem declarations, hint
 * and counter masks): what remains is the outline, operand bytes
 * unchanged.  A width given to a dropped operator moves to the first
 * operator kept.  False for what a font of this kind does not contain:
 * subroutine calls, arithmetic and storage operators, reserved bytes. */
static bool strip_hints(bytes cs, nb_pdfout *out)
{
    size_t arg_at[2];            /* where the first two operands start */
    int nargs = 0;
    unsigned stems = 0;
    bool cleared = false, emitted = false;
    bytes width = {NULL, 0};
    copier c = {out, NULL, NULL};
    for (size_t i = 0; i < cs.n;) {
        uint8_t b = cs.p[i];
        if ((uint8_t)(b - 32) <= 246 - 32) {
            /* Most operands are one byte (32..246): a run of them at once. */
            size_t j = one_byte_run(cs.p, i + 1, cs.n);
            if (nargs == 0) {
                arg_at[0] = i;
                arg_at[1] = i + 1;   /* used only if the run has two */
            } else if (nargs == 1) {
                arg_at[1] = i;
            }
            if (j - i > 48)
                return false;        /* more than the stack holds */
            nargs += (int)(j - i);
            i = j;
            continue;
        }
        if (b >= 32 || b == 28) {
            size_t len = b == 28 ? 3 : b <= 254 ? 2 : 5;
            if (cs.n - i < len)
                return false;
            if (nargs < 2)
                arg_at[nargs] = i;
            nargs++;
            i += len;
            continue;
        }
        if (nargs > 48)              /* the Type 2 stack limit */
            return false;
        size_t op_at = i, from = nargs ? arg_at[0] : i;
        int op = b;
        if (b == 12) {
            if (cs.n - i < 2)
                return false;
            op = 1200 + cs.p[i + 1];
        }
        i += b == 12 ? 2 : 1;
        switch (op) {
        case 1: case 3: case 18: case 23:     /* hstem vstem hstemhm vstemhm */
        case 19: case 20:                     /* hintmask cntrmask */
            if (!cleared && (nargs & 1))
                width = (bytes){cs.p + arg_at[0], (nargs > 1 ? arg_at[1] : op_at) - arg_at[0]};
            stems += (unsigned)nargs / 2;
            cleared = true;
            if (op == 19 || op == 20) {
                size_t mask = (stems + 7) / 8;
                if (cs.n - i < mask)
                    return false;
                i += mask;
            }
            nargs = 0;
            continue;
        case 1200:                            /* dotsection */
            nargs = 0;
            continue;
        case 4: case 14: case 21: case 22:    /* vmoveto endchar rmoveto hmoveto */
            cleared = true;
            break;
        case 5: case 6: case 7: case 8: case 24: case 25: case 26: case 27: case 30: case 31:
        case 1234: case 1235: case 1236: case 1237:   /* lines, curves, flex */
            break;
        default:
            return false;
        }
        if (!emitted && width.n)
            copy_keep(&c, width.p, width.p + width.n);
        emitted = true;
        copy_keep(&c, cs.p + from, cs.p + i);
        nargs = 0;
        if (op == 14)
            break;
    }
    copy_flush(&c);
    return !out->failed;
}

/* ---- writing ------------------------------------------------------------------ */

static void put_be(nb_pdfout *o, uint32_t v, unsigned n)
{
    uint8_t b[4];
    for (unsigned i = 0; i < n; i++)
        b[i] = (uint8_t)(v >> (8 * (n - 1 - i)));
    nb_pdfout_bytes(o, b, n);
}

/* An integer operand in its 5-byte form: a DICT's size does not depend
 * on the offsets it holds, so every position is known before writing. */
static void put_int5(nb_pdfout *o, uint32_t v)
{
    put_be(o, 29, 1);
    put_be(o, v, 4);
}

static void put_op(nb_pdfout *o, int op)
{
    if (op >= 1200)
        put_be(o, 0x0C00 | (uint32_t)(op - 1200), 2);
    else
        put_be(o, (uint32_t)op, 1);
}

/* A DICT copied without the entries `drop` says to leave out. */
static bool copy_dict(nb_pdfout *o, bytes d, bool (*drop)(int op))
{
    size_t pos = 0;
    dict_entry e;
    int r;
    while ((r = dict_next(d, &pos, &e)) > 0)
        if (!drop(e.op))
            nb_pdfout_bytes(o, e.raw.p, e.raw.n);
    return r == 0;
}

/* Top DICT: offsets are rewritten; the unique ids name the whole font. */
static bool top_dropped(int op)
{
    return op == OP_CHARSET || op == OP_ENCODING || op == OP_CHARSTRINGS || op == OP_PRIVATE ||
           op == OP_FDARRAY || op == OP_FDSELECT || op == OP_UNIQUE_ID || op == OP_XUID ||
           op == OP_UID_BASE;
}

static bool private_pointer(int op) { return op == OP_PRIVATE; }
static bool local_subrs(int op) { return op == OP_SUBRS; }

static unsigned offset_size(size_t last)
{
    return last < 0x100 ? 1 : last < 0x10000 ? 2 : last < 0x1000000 ? 3 : 4;
}

/* An INDEX of `count` items laid end to end in data, item i ending at ends[i]. */
static void put_index(nb_pdfout *o, const uint8_t *data, const uint32_t *ends, uint32_t count)
{
    put_be(o, count, 2);
    if (count == 0)
        return;
    unsigned size = offset_size((size_t)ends[count - 1] + 1);
    put_be(o, size, 1);
    put_be(o, 1, size);
    for (uint32_t i = 0; i < count; i++)
        put_be(o, ends[i] + 1, size);
    nb_pdfout_bytes(o, data, ends[count - 1]);
}

static size_t index_size(const uint32_t *ends, uint32_t count)
{
    if (count == 0)
        return 2;
    size_t last = ends[count - 1];
    return 3 + (count + 1) * (size_t)offset_size(last + 1) + last;
}

/* charset of the new glyphs 1 .. n-1: format 0 (a CID each) or 1 (runs
 * of consecutive CIDs), whichever is shorter. */
static void put_charset(nb_pdfout *o, const uint32_t *cids, uint32_t n)
{
    size_t runs = 0;
    for (uint32_t g = 1; g < n; runs++) {
        uint32_t k = 1;
        while (g + k < n && k < 256 && cids[g + k] == cids[g] + k)
            k++;
        g += k;
    }
    bool ranged = runs * 3 < (size_t)(n - 1) * 2;
    put_be(o, ranged ? 1 : 0, 1);
    for (uint32_t g = 1; g < n;) {
        uint32_t k = 1;
        while (ranged && g + k < n && k < 256 && cids[g + k] == cids[g] + k)
            k++;
        put_be(o, cids[g], 2);
        if (ranged)
            put_be(o, k - 1, 1);
        g += k;
    }
}

/* FDSelect format 3: runs of glyphs with the same Font DICT. */
static void put_fdselect(nb_pdfout *o, const uint8_t *fds, uint32_t n)
{
    uint32_t runs = 0;
    for (uint32_t g = 0; g < n; g++)
        runs += g == 0 || fds[g] != fds[g - 1];
    put_be(o, 3, 1);
    put_be(o, runs, 2);
    for (uint32_t g = 0; g < n; g++)
        if (g == 0 || fds[g] != fds[g - 1]) {
            put_be(o, g, 2);
            put_be(o, fds[g], 1);
        }
    put_be(o, n, 2);
}

/* ---- subsetting --------------------------------------------------------------- */

/* ---- hint-free charstrings kept for a run ------------------------------------ */

/* Per glyph id: NULL, or the glyph's charstring without hints.  Filled
 * by whichever thread strips a glyph first (compare-and-swap); read by
 * all, never changed once set.  The blocks are also chained, so that
 * freeing walks the glyphs kept rather than every glyph of the face. */
typedef struct kept_glyph {
    struct kept_glyph *next;
    uint32_t len;
    uint8_t data[];
} kept_glyph;

struct nb_cff_cache {
    unsigned nglyphs;
    _Atomic(kept_glyph *) *glyph;
    _Atomic(kept_glyph *) all;
};

nb_cff_cache *nb_cff_cache_new(unsigned nglyphs)
{
    nb_cff_cache *c = nb_calloc(1, sizeof *c);
    if (c && !(c->glyph = nb_calloc(nglyphs ? nglyphs : 1, sizeof *c->glyph))) {
        nb_free(c);
        return NULL;
    }
    if (c)
        c->nglyphs = nglyphs;
    return c;
}

void nb_cff_cache_free(nb_cff_cache *c)
{
    if (!c)
        return;
    for (kept_glyph *k = atomic_load_explicit(&c->all, memory_order_relaxed), *next; k; k = next) {
        next = k->next;
        nb_free(k);
    }
    nb_free(c->glyph);
    nb_free(c);
}

static const kept_glyph *cached(nb_cff_cache *c, uint32_t gid)
{
    return c && gid < c->nglyphs ? atomic_load_explicit(&c->glyph[gid], memory_order_acquire)
                                 : NULL;
}

/* Keeps a stripped charstring; without memory it is simply not kept. */
static void remember(nb_cff_cache *c, uint32_t gid, const char *data, uint32_t len)
{
    if (!c || gid >= c->nglyphs)
        return;
    kept_glyph *k = nb_malloc(sizeof *k + (size_t)len);
    if (!k)
        return;
    k->len = len;
    memcpy(k->data, data, len);
    kept_glyph *none = NULL;
    if (!atomic_compare_exchange_strong_explicit(&c->glyph[gid], &none, k, memory_order_acq_rel,
                                                 memory_order_acquire)) {
        nb_free(k);   /* another thread was first, with the same bytes */
        return;
    }
    k->next = atomic_load_explicit(&c->all, memory_order_relaxed);
    while (!atomic_compare_exchange_weak_explicit(&c->all, &k->next, k, memory_order_release,
                                                  memory_order_relaxed))
        ;
}

/* ---- subsetting ------------------------------------------------------------------ */

typedef struct subset {
    cff_font f;
    uint32_t n;                  /* glyphs kept */
    uint32_t *cids;              /* per new glyph */
    uint8_t *fds;                /* per new glyph */
    nb_pdfout charstrings;       /* new charstrings laid end to end */
    uint32_t *cs_ends;
    nb_pdfout fd_dicts, privates;   /* FDArray dicts without Private; Private dicts */
    uint32_t *fd_ends, *priv_ends;
} subset;

static void subset_free(subset *s)
{
    nb_free(s->cids);
    nb_free(s->fds);
    nb_free(s->cs_ends);
    nb_free(s->fd_ends);
    nb_free(s->priv_ends);
    nb_pdfout_free(&s->charstrings);
    nb_pdfout_free(&s->fd_dicts);
    nb_pdfout_free(&s->privates);
}

/* The kept glyphs' CIDs, Font DICTs and charstrings; glyph 0 first. */
static nb_status take_glyphs(subset *s, const uint32_t *gids, size_t ngids, nb_cff_cache *cache)
{
    uint32_t total = s->f.charstrings.count;
    bool zero = ngids > 0 && gids[0] == 0;
    for (size_t k = 0; k < ngids; k++)
        if (gids[k] >= total || (k > 0 && gids[k] <= gids[k - 1]))
            return NB_ERR_FONT;
    s->n = (uint32_t)(ngids + !zero);
    uint32_t *kept = nb_malloc(sizeof *kept * s->n);
    s->cids = nb_malloc(sizeof *s->cids * s->n);
    s->fds = nb_malloc(s->n);
    s->cs_ends = nb_malloc(sizeof *s->cs_ends * s->n);
    nb_status st = kept && s->cids && s->fds && s->cs_ends ? NB_OK : NB_ERR_NOMEM;
    for (uint32_t k = 0; k < s->n && st == NB_OK; k++)
        kept[k] = zero ? gids[k] : k == 0 ? 0 : gids[k - 1];
    if (st == NB_OK && (!charset_of(&s->f, kept, s->n, s->cids) ||
                        !fdselect_of(&s->f, kept, s->n, total, s->fds)))
        st = NB_ERR_FONT;
    for (uint32_t k = 0; k < s->n && st == NB_OK; k++) {
        bytes cs;
        const kept_glyph *hit = cached(cache, kept[k]);
        size_t from = s->charstrings.len;
        if (hit)
            nb_pdfout_bytes(&s->charstrings, hit->data, hit->len);
        else if (!index_item(&s->f.charstrings, kept[k], &cs) || !strip_hints(cs, &s->charstrings))
            st = s->charstrings.failed ? NB_ERR_NOMEM : NB_ERR_FONT;
        if (st == NB_OK && (s->charstrings.failed || s->charstrings.len >= UINT32_MAX / 2))
            st = s->charstrings.failed ? NB_ERR_NOMEM : NB_ERR_FONT;
        if (st == NB_OK && !hit)
            remember(cache, kept[k], s->charstrings.data + from, (uint32_t)(s->charstrings.len - from));
        s->cs_ends[k] = (uint32_t)s->charstrings.len;
    }
    nb_free(kept);
    return st;
}

/* Every Font DICT without its Private entry, and its Private DICT without
 * local subroutines (no charstring calls them: strip_hints refuses it). */
static nb_status take_font_dicts(subset *s)
{
    uint32_t n = s->f.fdarray.count;
    s->fd_ends = nb_malloc(sizeof *s->fd_ends * n);
    s->priv_ends = nb_malloc(sizeof *s->priv_ends * n);
    if (!s->fd_ends || !s->priv_ends)
        return NB_ERR_NOMEM;
    for (uint32_t i = 0; i < n; i++) {
        bytes fd, priv = {NULL, 0};
        if (!index_item(&s->f.fdarray, i, &fd))
            return NB_ERR_FONT;
        size_t pos = 0;
        dict_entry e;
        int r;
        while ((r = dict_next(fd, &pos, &e)) > 0)
            if (e.op == OP_PRIVATE) {
                if (e.nargs != 2 || e.real || e.arg[0] < 0 || e.arg[1] < 0 ||
                    (size_t)e.arg[1] > s->f.t.n || (size_t)e.arg[0] > s->f.t.n - (size_t)e.arg[1])
                    return NB_ERR_FONT;
                priv = (bytes){s->f.t.p + e.arg[1], (size_t)e.arg[0]};
            }
        bool copied = r == 0 && priv.p && copy_dict(&s->fd_dicts, fd, private_pointer) &&
                      copy_dict(&s->privates, priv, local_subrs);
        if (s->fd_dicts.failed || s->privates.failed)
            return NB_ERR_NOMEM;
        if (!copied)
            return NB_ERR_FONT;
        s->fd_ends[i] = (uint32_t)s->fd_dicts.len;
        s->priv_ends[i] = (uint32_t)s->privates.len;
    }
    return NB_OK;
}

/* The Top DICT's four offsets, appended. */
static void put_top_offsets(nb_pdfout *top, uint32_t charset, uint32_t fdselect,
                            uint32_t charstrings, uint32_t fdarray)
{
    put_int5(top, charset);
    put_op(top, OP_CHARSET);
    put_int5(top, fdselect);
    put_op(top, OP_FDSELECT);
    put_int5(top, charstrings);
    put_op(top, OP_CHARSTRINGS);
    put_int5(top, fdarray);
    put_op(top, OP_FDARRAY);
}

/* Lays out header, Name, Top DICT, String and Global Subr INDEXes,
 * charset, FDSelect, CharStrings, FDArray, Private DICTs, in that order. */
static nb_status write_font(const subset *s, nb_pdfout *o)
{
    nb_pdfout top = {0}, charset = {0}, fdselect = {0};
    if (!copy_dict(&top, s->f.top, top_dropped)) {
        nb_status st = top.failed ? NB_ERR_NOMEM : NB_ERR_FONT;
        nb_pdfout_free(&top);
        return st;
    }
    put_charset(&charset, s->cids, s->n);
    put_fdselect(&fdselect, s->fds, s->n);
    uint32_t nfd = s->f.fdarray.count;
    size_t copied = top.len;
    put_top_offsets(&top, 0, 0, 0, 0);   /* to measure: the offsets' size is fixed */
    uint32_t top_end = (uint32_t)top.len;
    top.len = copied;
    size_t charset_at = 4 + s->f.names.n + index_size(&top_end, 1) + s->f.strings.n + 2;
    size_t fdselect_at = charset_at + charset.len;
    size_t charstrings_at = fdselect_at + fdselect.len;
    size_t fdarray_at = charstrings_at + index_size(s->cs_ends, s->n);
    /* Each Font DICT gains "size offset Private": 5 + 5 + 1 bytes. */
    uint32_t *fd_ends = nb_malloc(sizeof *fd_ends * nfd);
    nb_pdfout fds = {0};
    nb_status st = fd_ends && !top.failed && !charset.failed && !fdselect.failed ? NB_OK
                                                                                : NB_ERR_NOMEM;
    for (uint32_t i = 0; i < nfd && st == NB_OK; i++)
        fd_ends[i] = s->fd_ends[i] + 11 * (i + 1);
    size_t private_at = fdarray_at + (st == NB_OK ? index_size(fd_ends, nfd) : 0);
    if (st == NB_OK && private_at + s->privates.len > UINT32_MAX)
        st = NB_ERR_FONT;
    for (uint32_t i = 0; i < nfd && st == NB_OK; i++) {
        uint32_t from = i ? s->fd_ends[i - 1] : 0, pfrom = i ? s->priv_ends[i - 1] : 0;
        nb_pdfout_bytes(&fds, s->fd_dicts.data + from, s->fd_ends[i] - from);
        put_int5(&fds, s->priv_ends[i] - pfrom);
        put_int5(&fds, (uint32_t)(private_at + pfrom));
        put_op(&fds, OP_PRIVATE);
    }
    if (st == NB_OK && fds.failed)
        st = NB_ERR_NOMEM;   /* before fds.data (NULL then) is copied */
    if (st == NB_OK) {
        static const uint8_t header[4] = {1, 0, 4, 4};
        nb_pdfout_bytes(o, header, 4);
        nb_pdfout_bytes(o, s->f.names.p, s->f.names.n);
        put_top_offsets(&top, (uint32_t)charset_at, (uint32_t)fdselect_at,
                        (uint32_t)charstrings_at, (uint32_t)fdarray_at);
        put_index(o, (const uint8_t *)top.data, &top_end, 1);
        nb_pdfout_bytes(o, s->f.strings.p, s->f.strings.n);
        put_be(o, 0, 2);                               /* no global subroutines */
        nb_pdfout_bytes(o, charset.data, charset.len);
        nb_pdfout_bytes(o, fdselect.data, fdselect.len);
        put_index(o, (const uint8_t *)s->charstrings.data, s->cs_ends, s->n);
        put_index(o, (const uint8_t *)fds.data, fd_ends, nfd);
        nb_pdfout_bytes(o, s->privates.data, s->privates.len);
        st = o->failed || fds.failed || top.failed ? NB_ERR_NOMEM : NB_OK;
    }
    nb_free(fd_ends);
    nb_pdfout_free(&fds);
    nb_pdfout_free(&top);
    nb_pdfout_free(&charset);
    nb_pdfout_free(&fdselect);
    return st;
}

nb_status nb_cff_subset(const uint8_t *cff, size_t len, const uint32_t *gids, size_t ngids,
                        uint8_t **out, size_t *out_len)
{
    return nb_cff_subset_cached(cff, len, gids, ngids, NULL, out, out_len);
}

nb_status nb_cff_subset_cached(const uint8_t *cff, size_t len, const uint32_t *gids, size_t ngids,
                               nb_cff_cache *cache, uint8_t **out, size_t *out_len)
{
    *out = NULL;
    *out_len = 0;
    subset s = {0};
    if (!cff || (!gids && ngids) || ngids >= UINT32_MAX || !read_font((bytes){cff, len}, &s.f))
        return NB_ERR_FONT;
    nb_status st = take_glyphs(&s, gids, ngids, cache);
    if (st == NB_OK)
        st = take_font_dicts(&s);
    nb_pdfout o = {0};
    if (st == NB_OK)
        st = write_font(&s, &o);
    subset_free(&s);
    if (st != NB_OK) {
        nb_pdfout_free(&o);
        return st;
    }
    *out = (uint8_t *)o.data;
    *out_len = o.len;
    return NB_OK;
}
