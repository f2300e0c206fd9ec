/* para.c — layout stage: one paragraph → lines of positioned glyphs.
 *
 * The text is shaped once (shape.c) and cut into units, one per cluster.
 * Each unit gets its width on the page:
 *   - a full-width character advances exactly `cjk_pitch` when the style
 *     sets the GB/T 9704 grid (28 characters over 156 mm), centred in it;
 *   - full-width punctuation is compressed by half where two marks meet
 *     (clreq: 》，  。”  ）、  ，“ show no double gap).  Which half is empty
 *     is read from the glyph's ink, not assumed: a closing mark's ink sits
 *     left, an opening mark's right;
 *   - an opening mark that starts a continuation line loses its empty left
 *     half, so the ink aligns with the margin.
 * Lines are filled greedily over linebreak.c's opportunities.  When the
 * unit that overflows is a closing mark that may not start a line, it is
 * kept on the line with its empty half removed (line-end compression)
 * rather than pulling the previous character down.  Full lines are then
 * justified to the exact measure by spreading the slack over the gaps
 * between units, except inside Latin words and numbers; the last line of
 * a paragraph keeps its natural spacing.
 */
#include "para.h"
#include "mem.h"
#include "linebreak.h"
#include "utf8.h"
#include "shape.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>


typedef struct unit {
    uint32_t start, end;       /* bytes of the text */
    int glyph, nglyphs;        /* in the shaped glyph array */
    uint32_t cp;               /* first character */
    float natural;             /* shaped advance, pt */
    float width;               /* advance on the page, pt */
    float shift;               /* glyph offset inside the unit (centring) */
    float trim_left, trim_right;  /* compression applied */
    float half;                /* how much one empty half is worth, or 0 */
    bool ink_left;             /* full-width mark with its ink on the left */
    bool space, word;          /* ASCII space; Latin letter/digit/symbol */
} unit;

typedef struct line_span {
    int first, last;           /* units, inclusive */
    float start_trim;          /* extra trim of an opening mark at line start */
    float end_trim;            /* extra trim of a closing mark at line end */
} line_span;

struct nb_text {
    double shape_ms, break_ms;   /* time spent, for `make bench` */
    bool out_of_memory;          /* a width was measured as 0 for want of memory */
    nb_shaper shaper;
    nb_shaped shaped;
    unit *units;
    int nunits, ucap;
    unsigned char *brk;
    size_t brk_cap;
    line_span *spans;          /* the lines of the paragraph being set */
    int nspans, scap;
};

nb_text *nb_text_new(const nb_fontset *fonts)
{
    nb_text *t = nb_calloc(1, sizeof *t);
    if (!t)
        return NULL;
    if (!nb_shape_init(&t->shaper, fonts)) {
        nb_shape_fini(&t->shaper);
        nb_free(t);
        return NULL;
    }
    return t;
}

void nb_text_drop(nb_text *t)
{
    if (!t)
        return;
    nb_shape_fini(&t->shaper);
    nb_free(t->shaped.glyphs);
    nb_free(t->units);
    nb_free(t->brk);
    nb_free(t->spans);
    nb_free(t);
}

/* ---- units -------------------------------------------------------------- */

static bool is_fullwidth_mark(uint32_t c)
{
    return nb_linebreak_is_closing(c) || nb_linebreak_is_opening(c);
}

/* Full-width: the glyph fills the em (CJK ideographs, full-width marks). */
static bool is_fullwidth(const unit *u, float size)
{
    bool wide_class = u->cp >= 0x2E80 || is_fullwidth_mark(u->cp) || u->cp == 0x2014 ||
                      u->cp == 0x2026;   /* quotes, dashes and ellipses can be either */
    return wide_class && fabsf(u->natural - size) < size * 0.08f;
}

static void classify_ink(nb_text *t, unit *u)
{
    const nb_shaped_glyph *g = &t->shaped.glyphs[u->glyph];
    const nb_font *font = nb_font_at(t->shaper.fonts, g->font);
    hb_glyph_extents_t ext;
    if (!hb_font_get_glyph_extents(nb_font_hb(font), g->gid, &ext))
        return;
    float upem = (float)nb_font_upem(font);
    float centre = (ext.x_bearing + ext.width / 2.0f) / upem;
    float ink = fabsf((float)ext.width) / upem;
    if (ink > 0.55f)
        return;   /* a mark that fills its em (such as ——) cannot be compressed */
    u->half = u->width / 2.0f;
    u->ink_left = centre < 0.5f;
}

static bool build_units(nb_text *t, const char *text, size_t len, float size, float pitch)
{
    const nb_shaped *sh = &t->shaped;
    t->nunits = 0;
    if (t->ucap < sh->n + 1) {
        unit *u = nb_realloc(t->units, sizeof *u * (size_t)(sh->n + 1));
        if (!u)
            return false;
        t->units = u;
        t->ucap = sh->n + 1;
    }
    for (int i = 0; i < sh->n;) {
        unit *u = &t->units[t->nunits++];
        memset(u, 0, sizeof *u);
        u->glyph = i;
        u->start = sh->glyphs[i].cluster;
        while (i < sh->n && sh->glyphs[i].cluster == u->start) {
            u->natural += sh->glyphs[i].advance;
            i++;
        }
        u->nglyphs = i - u->glyph;
        u->end = i < sh->n ? sh->glyphs[i].cluster : (uint32_t)len;
        nb_utf8_decode(text + u->start, len - u->start, &u->cp);
        u->width = u->natural;
        u->space = u->cp == ' ';
        u->word = u->cp > 0x20 && u->cp < 0x7F;
        if (pitch > 0 && is_fullwidth(u, size)) {
            u->shift = (pitch - u->natural) / 2.0f;
            u->width = pitch;
        }
        if (is_fullwidth_mark(u->cp) && is_fullwidth(u, size))
            classify_ink(t, u);
    }
    return true;
}

/* clreq: where two full-width marks meet, the empty halves facing each
 * other would make a double gap; remove one of them. */
static void compress_adjacent(nb_text *t)
{
    for (int i = 0; i + 1 < t->nunits; i++) {
        unit *a = &t->units[i], *b = &t->units[i + 1];
        if (a->half <= 0 || b->half <= 0)
            continue;
        if (a->ink_left && a->trim_right == 0)
            a->trim_right = a->half;
        else if (!b->ink_left && b->trim_left == 0)
            b->trim_left = b->half;
    }
}

static float unit_width(const unit *u)
{
    return u->width - u->trim_left - u->trim_right;
}

/* ---- line filling --------------------------------------------------------- */


static nb_break break_before(const nb_text *t, int unit_index)
{
    if (unit_index >= t->nunits)
        return NB_BREAK_ALLOW;
    return (nb_break)t->brk[t->units[unit_index].start];
}

/* Finds the units of the line that starts at `first`. */
static line_span fill_line(const nb_text *t, int first, float avail, bool continuation)
{
    line_span ls = {first, first, 0, 0};
    const unit *u0 = &t->units[first];
    if (continuation && u0->half > 0 && !u0->ink_left && u0->trim_left == 0)
        ls.start_trim = u0->half;
    float w = -ls.start_trim;
    int last_ok = -1;
    for (int k = first; k < t->nunits; k++) {
        const unit *u = &t->units[k];
        float wk = unit_width(u);
        bool fits = w + wk <= avail + 0.01f || (u->space && k > first);
        if (!fits) {
            bool hangable = u->half > 0 && u->ink_left && u->trim_right == 0;
            if (hangable && w + wk - u->half <= avail + 0.01f && k > first &&
                break_before(t, k + 1) != NB_BREAK_NO) {
                ls.last = k;
                ls.end_trim = u->half;
                return ls;
            }
            ls.last = last_ok >= first ? last_ok : (k > first ? k - 1 : first);
            return ls;
        }
        w += wk;
        nb_break b = break_before(t, k + 1);
        if (b == NB_BREAK_MUST) {
            ls.last = k;
            return ls;
        }
        if (b == NB_BREAK_ALLOW)
            last_ok = k;
    }
    ls.last = t->nunits - 1;
    return ls;
}

/* ---- placing glyphs ----------------------------------------------------- */

static bool stretchable_gap(const unit *a, const unit *b)
{
    return !(a->word && b->word);
}

static bool is_line_end_char(uint32_t cp)
{
    return cp == '\n' || cp == '\r';
}

static void trim_line_ends(const nb_text *t, const line_span *ls, int *last_visible)
{
    int last = ls->last;
    while (last > ls->first &&
           (t->units[last].space || is_line_end_char(t->units[last].cp)))
        last--;
    *last_visible = last;
}

static float line_natural_width(const nb_text *t, const line_span *ls, int last)
{
    float w = -ls->start_trim;
    for (int k = ls->first; k <= last; k++)
        w += unit_width(&t->units[k]);
    if (last == ls->last)
        w -= ls->end_trim;
    return w;
}

static int count_gaps(const nb_text *t, int first, int last)
{
    int n = 0;
    for (int k = first; k < last; k++)
        n += stretchable_gap(&t->units[k], &t->units[k + 1]);
    return n;
}

static nb_status place_line(nb_text *t, nb_arena *arena, const line_span *ls, const char *text,
                            const nb_para_style *st, float avail, float indent, bool last_line,
                            nb_line *out)
{
    int last;
    trim_line_ends(t, ls, &last);
    float natural = line_natural_width(t, ls, last);
    int gaps = count_gaps(t, ls->first, last);
    float extra = 0;
    if (st->align == NB_ALIGN_JUSTIFY && !last_line && gaps > 0)
        extra = (avail - natural) / (float)gaps;
    int nglyphs = 0;
    for (int k = ls->first; k <= last; k++)
        nglyphs += is_line_end_char(t->units[k].cp) ? 0 : t->units[k].nglyphs;
    out->glyphs = NB_ARENA_NEW_ARRAY(arena, nb_glyph, nglyphs + 1);
    if (!out->glyphs)
        return NB_ERR_NOMEM;
    out->text = text;
    out->size = st->size;
    float pen = -ls->start_trim;
    for (int k = ls->first; k <= last; k++) {
        const unit *u = &t->units[k];
        if (is_line_end_char(u->cp))
            continue;
        float gx = pen - u->trim_left + u->shift;
        for (int g = 0; g < u->nglyphs; g++) {
            const nb_shaped_glyph *sg = &t->shaped.glyphs[u->glyph + g];
            out->glyphs[out->nglyphs++] = (nb_glyph){
                sg->gid, sg->font, gx + sg->x_off, sg->y_off, sg->advance,
                g == 0 ? u->start : 0, g == 0 ? u->end - u->start : 0};
            gx += sg->advance;
        }
        pen += unit_width(u);
        if (k < last && stretchable_gap(u, &t->units[k + 1]))
            pen += extra;
    }
    if (last == ls->last)
        pen -= ls->end_trim;
    out->width = pen;
    out->offset = indent;
    if (st->align == NB_ALIGN_CENTER)
        out->offset = (st->measure - pen) / 2.0f;
    else if (st->align == NB_ALIGN_RIGHT)
        out->offset = st->measure - pen;
    return NB_OK;
}

static void line_metrics(nb_text *t, int role, float size, nb_line *line)
{
    const int *chain;
    nb_font_role_chain(t->shaper.fonts, role, &chain);
    const nb_font *f = nb_font_at(t->shaper.fonts, chain[0]);
    hb_font_extents_t ext;
    float scale = size / (float)nb_font_upem(f);
    if (hb_font_get_h_extents(nb_font_hb(f), &ext)) {
        line->ascent = ext.ascender * scale;
        line->descent = -ext.descender * scale;
    } else {
        line->ascent = size * 0.88f;
        line->descent = size * 0.12f;
    }
}

/* ---- entry points ---------------------------------------------------------- */

/* Shapes text[0..len): its first `lead` bytes in lead_role (a run-in
 * heading), the rest in role. */
static nb_status shape_runs(nb_text *t, nb_diag *diag, nb_span where, const char *text,
                            size_t len, const nb_para_style *style, int lead_role, size_t lead)
{
    t->shaped.n = 0;
    float size = style->size;
    nb_status st = lead ? nb_shape_text(&t->shaper, diag, where, lead_role, size,
                                        style->vertical, text, lead, &t->shaped)
                        : NB_OK;
    int from = t->shaped.n;
    if (st == NB_OK && lead < len)
        st = nb_shape_text(&t->shaper, diag, where, style->role, size, style->vertical,
                           text + lead, len - lead, &t->shaped);
    for (int i = from; i < t->shaped.n; i++)
        t->shaped.glyphs[i].cluster += (uint32_t)lead;
    return st;
}

/* A run-in heading: its role and its length in bytes at the text's start. */
typedef struct lead_run {
    int role;
    size_t len;
} lead_run;

static nb_status prepare(nb_text *t, nb_diag *diag, nb_span where, const char *text,
                         size_t len, const nb_para_style *style, lead_run lead)
{
    double t0 = nb_now_ms();
    nb_status st = shape_runs(t, diag, where, text, len, style, lead.role,
                              lead.len < len ? lead.len : len);
    t->shape_ms += nb_now_ms() - t0;
    if (st != NB_OK)
        return st;
    if (!build_units(t, text, len, style->size, style->cjk_pitch))
        return NB_ERR_NOMEM;
    compress_adjacent(t);
    if (t->brk_cap < len + 1) {
        unsigned char *b = nb_realloc(t->brk, len + 1);
        if (!b)
            return NB_ERR_NOMEM;
        t->brk = b;
        t->brk_cap = len + 1;
    }
    t0 = nb_now_ms();
    bool found = nb_linebreak_find(text, len, t->brk);
    t->break_ms += nb_now_ms() - t0;
    return found ? NB_OK : NB_ERR_NOMEM;
}

bool nb_text_out_of_memory(nb_text *t)
{
    bool was = t->out_of_memory;
    t->out_of_memory = false;
    return was;
}

void nb_text_times(const nb_text *t, double *shape_ms, double *break_ms)
{
    *shape_ms = t->shape_ms;
    *break_ms = t->break_ms;
}

typedef struct line_list {
    nb_line *lines;
    int n, cap;
} line_list;

static nb_line *next_line(nb_arena *arena, line_list *l)
{
    nb_line *lines = nb_arena_grow(arena, l->lines, l->n, &l->cap, sizeof *lines);
    if (!lines)
        return NULL;
    l->lines = lines;
    return &l->lines[l->n++];
}

/* ---- YAML line folding -------------------------------------------------- */

static bool is_cjk(uint32_t c)
{
    return (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) || c >= 0x20000;
}

/* A paragraph written over several lines of YAML is joined with a space
 * where each line ended; between two Chinese characters (or marks) that
 * space is no word space and is dropped, as CSS drops a segment break
 * there. */
const char *nb_para_unfold(nb_arena *arena, const char *s)
{
    size_t len = strlen(s), out = 0;
    char *d = nb_arena_alloc(arena, len + 1);
    if (!d)
        return NULL;
    uint32_t prev = 0;
    for (size_t i = 0; i < len;) {
        uint32_t c, next = 0;
        int n = nb_utf8_decode(s + i, len - i, &c);
        if (c == ' ' && i + 1 < len)
            nb_utf8_decode(s + i + 1, len - i - 1, &next);
        if (!(c == ' ' && is_cjk(prev) && is_cjk(next))) {
            memcpy(d + out, s + i, (size_t)n);
            out += (size_t)n;
            prev = c;
        }
        i += (size_t)n;
    }
    d[out] = '\0';
    return d;
}

/* ---- breaking a paragraph into lines ------------------------------------ */

/* The unit that starts the line after `ls` (spaces at a break vanish). */
static int next_start(const nb_text *t, const line_span *ls)
{
    int first = ls->last + 1;
    while (first < t->nunits && t->units[first].space)
        first++;
    return first;
}

/* Fills t->spans from line `from` on (the spans before it stay), each line
 * greedily; lines [less_from, less_from + nless) get `less` pt less room. */
static bool break_lines(nb_text *t, const nb_para_style *style, int from, int less_from, int nless)
{
    t->nspans = from;
    int first = from == 0 ? 0 : next_start(t, &t->spans[from - 1]);
    while (first < t->nunits) {
        int i = t->nspans;
        float avail = style->measure - (i == 0 ? style->first_indent : 0);
        if (i >= less_from && i < less_from + nless)
            avail -= style->cjk_pitch > 0 ? style->cjk_pitch : style->size;
        if (t->nspans == t->scap) {
            int cap = t->scap ? 2 * t->scap : 16;
            line_span *s = nb_realloc(t->spans, sizeof *s * (size_t)cap);
            if (!s)
                return false;
            t->spans = s;
            t->scap = cap;
        }
        t->spans[t->nspans++] = fill_line(t, first, avail, i > 0);
        first = next_start(t, &t->spans[i]);
    }
    return true;
}

/* A last line of one or two characters (开。 水平。 31日。) reads as a stub.
 * The breaks of the lines before it are chosen again, each of the last
 * one, two or three full lines ending a character earlier, so that the
 * last line carries three characters' width at least — the same number
 * of lines, the looser lines justified, nothing squeezed.  Kept only if
 * every changed line keeps its slack within two and a half characters. */
enum { MIN_LAST_CHARS = 3, LOOK_BACK = 3 };

/* Width of a line's characters other than punctuation and spaces. */
static float line_text_width(const nb_text *t, const line_span *ls)
{
    float w = 0;
    for (int k = ls->first; k <= ls->last; k++) {
        const unit *u = &t->units[k];
        if (!u->space && !is_fullwidth_mark(u->cp) && !is_line_end_char(u->cp))
            w += unit_width(u);
    }
    return w;
}

static bool short_line(const nb_text *t, const nb_para_style *style, const line_span *ls)
{
    float pitch = style->cjk_pitch > 0 ? style->cjk_pitch : style->size;
    return line_text_width(t, ls) < MIN_LAST_CHARS * pitch - 0.01f;
}


static bool lines_loose_enough(const nb_text *t, const nb_para_style *style, int from, int to)
{
    float pitch = style->cjk_pitch > 0 ? style->cjk_pitch : style->size;
    for (int i = from; i < to; i++) {
        const line_span *ls = &t->spans[i];
        int last;
        trim_line_ends(t, ls, &last);
        float room = style->measure - (i == 0 ? style->first_indent : 0);
        if (room - line_natural_width(t, ls, last) > 2.5f * pitch)
            return false;
    }
    return true;
}

static bool avoid_short_last_line(nb_text *t, const nb_para_style *style)
{
    int n = t->nspans;
    if (n < 2 || !short_line(t, style, &t->spans[n - 1]) ||
        break_before(t, t->spans[n - 2].last + 1) == NB_BREAK_MUST)
        return true;
    for (int j = 1; j <= LOOK_BACK && j < n; j++) {
        int from = n - 1 - j;
        if (!break_lines(t, style, from, from, j))
            return false;
        if (t->nspans == n && !short_line(t, style, &t->spans[n - 1]) &&
            lines_loose_enough(t, style, from, n - 1))
            return true;
    }
    return break_lines(t, style, n - 1 - (n - 1 < LOOK_BACK ? n - 1 : LOOK_BACK), 0, 0);
}

static nb_status layout_runs(nb_text *t, nb_arena *arena, nb_diag *diag, nb_span where,
                             const char *copy, size_t len, lead_run lead,
                             const nb_para_style *style,
                             nb_line **lines, int *nlines)
{
    nb_status st = prepare(t, diag, where, copy, len, style, lead);
    if (st != NB_OK)
        return st;
    if (!break_lines(t, style, 0, 0, 0))
        return NB_ERR_NOMEM;
    if (style->align == NB_ALIGN_JUSTIFY && !avoid_short_last_line(t, style))
        return NB_ERR_NOMEM;
    line_list list = {0};
    for (int i = 0; i < t->nspans; i++) {
        const line_span *ls = &t->spans[i];
        float indent = i == 0 ? style->first_indent : 0;
        nb_line *line = next_line(arena, &list);
        if (!line)
            return NB_ERR_NOMEM;
        bool last_line = ls->last >= t->nunits - 1 ||
                         break_before(t, ls->last + 1) == NB_BREAK_MUST;
        st = place_line(t, arena, ls, copy, style, style->measure - indent, indent, last_line,
                        line);
        if (st != NB_OK)
            return st;
        line_metrics(t, style->role, style->size, line);
    }
    *lines = list.lines;
    *nlines = list.n;
    return NB_OK;
}

nb_status nb_para_layout(nb_text *t, nb_arena *arena, nb_diag *diag, nb_span where,
                         const char *text, const nb_para_style *style, nb_line **lines,
                         int *nlines)
{
    size_t len = strlen(text);
    char *copy = nb_arena_strndup(arena, text, len);
    if (!copy)
        return NB_ERR_NOMEM;
    return layout_runs(t, arena, diag, where, copy, len, (lead_run){0, 0}, style, lines, nlines);
}

nb_status nb_para_layout_runin(nb_text *t, nb_arena *arena, nb_diag *diag, nb_span where,
                               const char *lead, int lead_role, const char *text,
                               const nb_para_style *style, nb_line **lines, int *nlines)
{
    size_t a = strlen(lead), b = strlen(text);
    char *copy = nb_arena_alloc(arena, a + b + 1);
    if (!copy)
        return NB_ERR_NOMEM;
    memcpy(copy, lead, a);
    memcpy(copy + a, text, b + 1);
    return layout_runs(t, arena, diag, where, copy, a + b, (lead_run){lead_role, a}, style,
                       lines, nlines);
}

float nb_para_first_ink_top(nb_text *t, const nb_line *line)
{
    if (line->nglyphs < 1)
        return 0;
    const nb_glyph *g = &line->glyphs[0];
    const nb_font *font = nb_font_at(t->shaper.fonts, g->font);
    hb_glyph_extents_t ext;
    if (!hb_font_get_glyph_extents(nb_font_hb(font), g->gid, &ext))
        return 0;
    return (float)ext.y_bearing * line->size / (float)nb_font_upem(font) + g->dy;
}

float nb_para_natural_width(nb_text *t, const char *text, int role, float size)
{
    nb_diag quiet;
    nb_diag_init(&quiet);
    float w = 0;
    nb_para_style st = {role, size, 0, 0, 0, NB_ALIGN_LEFT, false};
    nb_status ps = prepare(t, &quiet, (nb_span){0}, text, strlen(text), &st, (lead_run){0, 0});
    if (ps == NB_OK)
        for (int k = 0; k < t->nunits; k++)
            w += unit_width(&t->units[k]);
    else if (ps == NB_ERR_NOMEM)
        t->out_of_memory = true;   /* a column sized from 0: the layout must fail */
    nb_diag_free(&quiet);
    return w;
}

void nb_para_print_text(FILE *out, const nb_line *l)
{
    for (int g = 0; g < l->nglyphs; g++)
        fprintf(out, "%.*s", (int)l->glyphs[g].text_len, l->text + l->glyphs[g].text_start);
}

void nb_para_dump(FILE *out, const nb_line *lines, int n)
{
    for (int i = 0; i < n; i++) {
        const nb_line *l = &lines[i];
        fprintf(out, "%3d %7.2f %7.2f |", i, l->offset, l->width);
        nb_para_print_text(out, l);
        fprintf(out, "|\n");
    }
}
