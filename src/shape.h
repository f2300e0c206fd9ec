/* shape.h — shape.c, layout stage: UTF-8 text in a font role → glyphs
 * (HarfBuzz), choosing for each character the first font of the role's
 * chain that has it.  Clusters are byte offsets into the text. */
#ifndef NB_SHAPE_H
#define NB_SHAPE_H

#include "font.h"

typedef struct nb_shaped_glyph {
    uint32_t gid;
    uint16_t font;          /* font id in the set */
    float advance;          /* pt */
    float x_off, y_off;     /* pt */
    uint32_t cluster;       /* byte offset of the cluster's first character */
} nb_shaped_glyph;

typedef struct nb_shaped {
    nb_shaped_glyph *glyphs;
    int n, cap;
} nb_shaped;

/* Per-thread shaping state (a reusable HarfBuzz buffer). */
typedef struct nb_shaper {
    const nb_fontset *fonts;
    hb_buffer_t *buf;
    hb_language_t lang;
} nb_shaper;

bool nb_shape_init(nb_shaper *s, const nb_fontset *fonts);
void nb_shape_fini(nb_shaper *s);

/* The font a character is set in, in a role: the first of the chain
 * that has it; NB_SHAPE_NEUTRAL for spaces and joiners (they take their
 * neighbours' font), -1 when no font of the chain has it. */
enum { NB_SHAPE_NEUTRAL = -2 };
int nb_shape_font_for(const nb_fontset *fonts, int role, uint32_t c);
/* The error for a character no font has (what nb_shape_text reports). */
void nb_shape_report_missing(nb_diag *diag, nb_span where, uint32_t c, const char *text,
                             size_t at, int n);

/* Appends the glyphs of text[0..len) to out (which the caller frees with
 * free(out->glyphs)).  A character that no font of the chain has is an
 * error naming it (U+XXXX) and `where`: NB_ERR_DATA.  `vertical`: the
 * text stands in a vertical column, so HarfBuzz shapes it top to bottom
 * and the fonts' vertical forms replace punctuation (vert/vrt2: 、 and 。
 * in the upper right of their square, brackets turned); each glyph keeps
 * its horizontal advance and is drawn at its horizontal origin, which is
 * where a vertical form is designed to sit in its square. */
nb_status nb_shape_text(nb_shaper *s, nb_diag *diag, nb_span where, int role, float size,
                        bool vertical, const char *text, size_t len, nb_shaped *out);

#endif
