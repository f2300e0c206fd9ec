/* para.h — para.c, layout stage: a paragraph of UTF-8 text in one role and
 * size → lines of positioned glyphs (shaped by shape.c, broken by
 * linebreak.c's opportunities, justified and punctuation-compressed).
 * The lines are what table.c and page.c place and pdf.c draws. */
#ifndef NB_PARA_H
#define NB_PARA_H

#include "nb.h"
#include "font.h"

/* One drawn glyph.  x is the pen position from the line's left edge. */
typedef struct nb_glyph {
    uint32_t gid;
    uint16_t font;        /* font id in the set */
    float x;              /* pt, after justification and compression */
    float dy;             /* pt, vertical offset (up is positive) */
    float advance;        /* pt, as set on the line */
    /* The UTF-8 bytes of the line's text this glyph stands for (a cluster;
     * a ligature stands for several characters, the 2nd.. glyphs of a
     * cluster have text_len 0). For ToUnicode and text extraction. */
    uint32_t text_start, text_len;
} nb_glyph;

typedef struct nb_line {
    const char *text;     /* the paragraph's text (glyph offsets index it) */
    nb_glyph *glyphs;
    int nglyphs;
    float size;           /* font size, pt */
    float width;          /* advance width of the set line, pt */
    float offset;         /* x of the line's left edge inside the measure
                             (indent, centring, right alignment) */
    float ascent, descent;/* pt, of the fonts used, positive values */
} nb_line;

typedef enum {
    NB_ALIGN_JUSTIFY,     /* full lines flush both sides; last line left */
    NB_ALIGN_LEFT,
    NB_ALIGN_CENTER,
    NB_ALIGN_RIGHT
} nb_align;

typedef struct nb_para_style {
    int role;             /* role index in the font set */
    float size;           /* pt */
    float measure;        /* line width, pt */
    float first_indent;   /* pt, first line only */
    float cjk_pitch;      /* >0: advance of a full-width character (the
                             GB/T 9704 grid: 156 mm / 28); 0 = natural */
    nb_align align;
    bool vertical;        /* a vertical column, a character a line: the
                             fonts' vertical forms (shape.h) */
} nb_para_style;

/* Per-thread text engine: owns HarfBuzz buffers and scratch; borrows the
 * read-only font set. */
typedef struct nb_text nb_text;

nb_text *nb_text_new(const nb_fontset *fonts);
/* Whether a measurement since the last call lacked memory (and so the
 * layout built on it is wrong); clears the flag. */
bool nb_text_out_of_memory(nb_text *t);
void nb_text_drop(nb_text *t);
/* Milliseconds spent so far in shaping and in finding break opportunities. */
void nb_text_times(const nb_text *t, double *shape_ms, double *break_ms);

/* Lays out one paragraph.  A character that no font of the role's chain
 * has is an error naming U+XXXX and `where`
 * (NB_ERR_DATA: the input cannot be set as written).  Lines live in `arena`. */
nb_status nb_para_layout(nb_text *t, nb_arena *arena, nb_diag *diag,
                         nb_span where, const char *text,
                         const nb_para_style *style,
                         nb_line **lines, int *nlines);

/* The same for a paragraph opening with a run-in heading (段首标题), `lead`
 * set in lead_role, then `text` in the style's role, on the same lines. */
nb_status nb_para_layout_runin(nb_text *t, nb_arena *arena, nb_diag *diag, nb_span where,
                               const char *lead, int lead_role, const char *text,
                               const nb_para_style *style, nb_line **lines, int *nlines);

/* `s` without the spaces YAML's line folding left between two Chinese
 * characters or marks (a copy in the arena; NULL on OOM).  For the
 * report's paragraphs: text set verbatim elsewhere keeps its spaces. */
const char *nb_para_unfold(nb_arena *arena, const char *s);

/* Top of the ink of a line's first glyph above its baseline, pt (0 when
 * the font has no outline for it): where a page number's dash begins. */
float nb_para_first_ink_top(nb_text *t, const nb_line *line);

/* Width the text would take on one line, unbroken (for table columns). */
float nb_para_natural_width(nb_text *t, const char *text, int role, float size);

/* The characters a set line shows, as UTF-8 (for dumps). */
void nb_para_print_text(FILE *out, const nb_line *l);

/* One line per nb_line: offset, width and text; for tests. */
void nb_para_dump(FILE *out, const nb_line *lines, int n);

#endif
