/* import_pdf.c — import stage, reader: a PDF's text layer → nb_import_doc,
 * through poppler-glib.  Never a text dump alone: every character comes
 * with its box (poppler_page_get_text_layout), and the lines are rebuilt
 * from the boxes — characters on one baseline, left to right — with a tab
 * wherever a gap wider than a character separates them, so that a table's
 * label and the numbers under its column headers arrive as separate
 * cells in reading order.  A line that starts at the left edge of the text
 * block while the line before reached the right edge continues that
 * paragraph (across pages too); the page number (「— 3 —」) is dropped by
 * import_txt's rules being applied to the rebuilt lines' text. */
#include "import_util.h"
#include "mem.h"

#include <glib.h>
#include <poppler.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct glyph {
    char utf8[8];
    double x0, y0, x1, y1;
} glyph;

typedef struct pline {
    glyph *g;
    int n;
    double x0, x1, y, h;
} pline;

static int by_height(const void *a, const void *b)
{
    const glyph *p = a, *q = b;
    double pc = p->y0 + p->y1, qc = q->y0 + q->y1;
    return pc < qc ? -1 : pc > qc;
}

static int by_x(const void *a, const void *b)
{
    const glyph *p = a, *q = b;
    return p->x0 < q->x0 ? -1 : p->x0 > q->x0;
}

/* The page's characters with their boxes, whitespace left out. */
static int page_glyphs(PopplerPage *page, glyph **out)
{
    char *text = poppler_page_get_text(page);
    PopplerRectangle *rects = NULL;
    guint nrects = 0;
    *out = NULL;
    if (!text || !poppler_page_get_text_layout(page, &rects, &nrects)) {
        g_free(text);
        return 0;
    }
    glyph *g = nb_calloc(nrects + 1, sizeof *g);
    int n = 0;
    const char *p = text;
    for (guint i = 0; g && i < nrects && *p; i++) {
        const char *next = g_utf8_next_char(p);
        gunichar cp = g_utf8_get_char(p);
        if (!g_unichar_isspace(cp) && cp != 0x3000 && next - p < 8) {
            memcpy(g[n].utf8, p, (size_t)(next - p));
            g[n].x0 = rects[i].x1;
            g[n].y0 = rects[i].y1;
            g[n].x1 = rects[i].x2;
            g[n].y1 = rects[i].y2;
            n++;
        }
        p = next;
    }
    g_free(rects);
    g_free(text);
    *out = g;
    return g ? n : -1;
}

/* Glyphs sorted top to bottom → lines: a glyph whose vertical centre lies
 * within half a line of the current line's joins it. */
static int make_lines(glyph *g, int n, pline *lines)
{
    qsort(g, (size_t)n, sizeof *g, by_height);
    int nl = 0;
    for (int i = 0; i < n; i++) {
        double c = (g[i].y0 + g[i].y1) / 2;
        pline *l = nl ? &lines[nl - 1] : NULL;
        if (l && fabs(c - l->y) < l->h * 0.5) {
            l->n++;
            l->x1 = fmax(l->x1, g[i].x1);
            continue;
        }
        lines[nl++] = (pline){&g[i], 1, g[i].x0, g[i].x1, c, g[i].y1 - g[i].y0};
    }
    for (int i = 0; i < nl; i++) {
        qsort(lines[i].g, (size_t)lines[i].n, sizeof *lines[i].g, by_x);
        lines[i].x0 = lines[i].g[0].x0;
    }
    return nl;
}

static char *line_text(const pline *l)
{
    size_t cap = (size_t)l->n * 9 + 1, len = 0;
    char *s = nb_malloc(cap);
    if (!s)
        return NULL;
    for (int i = 0; i < l->n; i++) {
        if (i > 0) {
            double gap = l->g[i].x0 - l->g[i - 1].x1;
            if (gap > l->h * 0.5)
                s[len++] = '\t';
        }
        size_t k = strlen(l->g[i].utf8);
        memcpy(s + len, l->g[i].utf8, k);
        len += k;
    }
    s[len] = '\0';
    return s;
}

typedef struct page_state {
    bool prev_full;            /* the last line reached the text block's right edge */
} page_state;

static nb_status add_page(nb_import_doc *doc, PopplerPage *page, int pageno, page_state *ps)
{
    glyph *g = NULL;
    int n = page_glyphs(page, &g);
    if (n < 0)
        return NB_ERR_NOMEM;
    pline *lines = nb_calloc((size_t)n + 1, sizeof *lines);
    if (!lines) {
        nb_free(g);
        return NB_ERR_NOMEM;
    }
    int nl = make_lines(g, n, lines);
    double left = 1e9, right = 0;
    for (int i = 0; i < nl; i++) {
        left = fmin(left, lines[i].x0);
        right = fmax(right, lines[i].x1);
    }
    nb_status st = NB_OK;
    for (int i = 0; i < nl && st == NB_OK; i++) {
        char *text = line_text(&lines[i]);
        if (!text) {
            st = NB_ERR_NOMEM;
            break;
        }
        if (imp_is_page_number(text)) {
            nb_free(text);
            continue;
        }
        double em = lines[i].h;
        bool at_left = lines[i].x0 - left < em * 0.5;
        bool joins = at_left && ps->prev_full;
        ps->prev_full = right - lines[i].x1 < em * 1.5 && !strchr(text, '\t');
        st = nb_import_doc_add(doc, text, strlen(text), i + 1, joins);
        if (st == NB_OK)
            doc->lines[doc->nlines - 1].page = pageno;
        nb_free(text);
    }
    nb_free(lines);
    nb_free(g);
    return st;
}

nb_status nb_import_pdf_read(nb_diag *diag, const char *path, nb_import_doc *doc)
{
    char *data = NULL;
    size_t len = 0;
    nb_status st = imp_read_file(diag, path, &data, &len);
    if (st != NB_OK)
        return st;
    GBytes *bytes = g_bytes_new_take(data, len);
    GError *err = NULL;
    PopplerDocument *pdf = poppler_document_new_from_bytes(bytes, NULL, &err);
    g_bytes_unref(bytes);
    if (!pdf) {
        nb_diag_error(diag, (nb_span){path, 0, 0}, "无法读取这个 PDF：%s",
                      err ? err->message : "格式有误");
        g_clear_error(&err);
        return NB_ERR_IO;
    }
    page_state ps = {0};
    int pages = poppler_document_get_n_pages(pdf);
    for (int i = 0; i < pages && st == NB_OK; i++) {
        PopplerPage *page = poppler_document_get_page(pdf, i);
        if (page) {
            st = add_page(doc, page, i + 1, &ps);
            g_object_unref(page);
        }
    }
    g_object_unref(pdf);
    if (st == NB_OK && doc->nlines == 0) {
        nb_diag_error(diag, (nb_span){path, 0, 0}, "这个 PDF 没有文字层（可能是扫描件），无法导入");
        nb_diag_hint(diag, "扫描件须先做文字识别（OCR）");
        return NB_ERR_DATA;
    }
    return st;
}
