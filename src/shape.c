/* shape.c — layout stage: itemizes a text into runs by font (the role's
 * fallback chain, character by character) and shapes each run with
 * HarfBuzz (language zh-Hans, script guessed per run, left to right).
 * Glyphs keep their cluster so that para.c can break between characters
 * and pdf.c can map each glyph back to its text. */
#include "shape.h"
#include "mem.h"
#include "linebreak.h"
#include "utf8.h"

#include <stdlib.h>
#include <string.h>

bool nb_shape_init(nb_shaper *s, const nb_fontset *fonts)
{
    s->fonts = fonts;
    s->buf = hb_buffer_create();
    s->lang = hb_language_from_string("zh-Hans", -1);
    return hb_buffer_allocation_successful(s->buf);
}

void nb_shape_fini(nb_shaper *s)
{
    hb_buffer_destroy(s->buf);
    s->buf = NULL;
}

/* Characters that take the font of their neighbours rather than choosing
 * one: spaces, line ends and invisible joiners. */
static bool is_neutral(uint32_t c)
{
    return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == 0x200B || c == 0x200D ||
           c == 0xFE0F || c == 0x3000;
}

static int pick_font(const nb_fontset *fonts, const int *chain, int n, uint32_t c)
{
    for (int i = 0; i < n; i++)
        if (nb_font_has_char(nb_font_at(fonts, chain[i]), c))
            return chain[i];
    return -1;
}

static bool grow(nb_shaped *out, int more)
{
    if (out->n + more <= out->cap)
        return true;
    int cap = out->cap ? out->cap : 256;
    while (cap < out->n + more)
        cap *= 2;
    nb_shaped_glyph *g = nb_realloc(out->glyphs, sizeof *g * (size_t)cap);
    if (!g)
        return false;
    out->glyphs = g;
    out->cap = cap;
    return true;
}

static nb_status shape_run(nb_shaper *s, int font_id, float size, bool vertical,
                           const char *text, size_t len, size_t start, size_t end,
                           nb_shaped *out)
{
    const nb_font *font = nb_font_at(s->fonts, font_id);
    hb_font_t *hb = nb_font_hb(font);
    hb_buffer_clear_contents(s->buf);
    hb_buffer_add_utf8(s->buf, text, (int)len, (unsigned)start, (int)(end - start));
    hb_buffer_set_language(s->buf, s->lang);
    hb_buffer_set_direction(s->buf, vertical ? HB_DIRECTION_TTB : HB_DIRECTION_LTR);
    hb_buffer_guess_segment_properties(s->buf);
    hb_shape(hb, s->buf, NULL, 0);
    unsigned n = 0;
    hb_glyph_info_t *info = hb_buffer_get_glyph_infos(s->buf, &n);
    hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(s->buf, &n);
    if (!grow(out, (int)n))
        return NB_ERR_NOMEM;
    float scale = size / (float)nb_font_upem(font);
    for (unsigned i = 0; i < n; i++) {
        nb_shaped_glyph g = {info[i].codepoint, (uint16_t)font_id, pos[i].x_advance * scale,
                             pos[i].x_offset * scale, pos[i].y_offset * scale, info[i].cluster};
        if (vertical) {   /* offsets are from the vertical origin: not ours */
            g.advance = (float)hb_font_get_glyph_h_advance(hb, g.gid) * scale;
            g.x_off = g.y_off = 0;
        }
        out->glyphs[out->n++] = g;
    }
    return NB_OK;
}

int nb_shape_font_for(const nb_fontset *fonts, int role, uint32_t c)
{
    if (is_neutral(c))
        return NB_SHAPE_NEUTRAL;
    const int *chain;
    int nchain = nb_font_role_chain(fonts, role, &chain);
    return pick_font(fonts, chain, nchain, c);
}

void nb_shape_report_missing(nb_diag *diag, nb_span where, uint32_t c, const char *text,
                             size_t at, int n)
{
    nb_diag_error(diag, where, "字符「%.*s」（U+%04X）在所有字体中都没有，无法排版", n, text + at,
                  (unsigned)c);
    nb_diag_hint(diag, "请检查该字是否为生僻字或输入错误；可在版式文件中为该角色增加备用字体");
}

nb_status nb_shape_text(nb_shaper *s, nb_diag *diag, nb_span where, int role, float size,
                        bool vertical, const char *text, size_t len, nb_shaped *out)
{
    const int *chain;
    int nchain = nb_font_role_chain(s->fonts, role, &chain);
    int run_font = chain[0];
    size_t run_start = 0;
    nb_status st = NB_OK;
    for (size_t i = 0; i < len;) {
        uint32_t c;
        int n = nb_utf8_decode(text + i, len - i, &c);
        int f = is_neutral(c) ? run_font : pick_font(s->fonts, chain, nchain, c);
        if (f < 0) {
            nb_shape_report_missing(diag, where, c, text, i, n);
            st = NB_ERR_DATA;   /* the text cannot be set: a problem of the data */
            f = run_font;
        }
        if (f != run_font && i > run_start) {
            nb_status rs = shape_run(s, run_font, size, vertical, text, len, run_start, i, out);
            if (rs != NB_OK)
                return rs;
            run_start = i;
        }
        run_font = f;
        i += (size_t)n;
    }
    if (len > run_start && st == NB_OK)
        st = shape_run(s, run_font, size, vertical, text, len, run_start, len, out);
    return st;
}
