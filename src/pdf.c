/* pdf.c — PDF stage, the last of the pipeline: nb_doc → a PDF file.
 * libharu owns the document (pages, resources, outline, information,
 * cross-reference, compression); the content streams are written here
 * directly, because libharu 2.3 cannot show glyph ids: text goes through
 * the Type0 fonts of pdffont.c, each glyph placed exactly where para.c put
 * it with TJ adjustments.  The file is written atomically. */
#include "pdf.h"
#include "pdffont.h"
#include "mem.h"
#include "outfile.h"
#include "utf8.h"

#include <errno.h>
#include <fcntl.h>
#include <hpdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct writer {
    nb_diag *diag;
    const nb_fontset *fonts;
    const nb_doc *doc;
    HPDF_Doc pdf;
    nb_pdf_font *pfonts;        /* per font id; type0 == NULL until used */
    nb_deflater *deflater;      /* NULL: streams left uncompressed */
    bool hb_subset_only;
    HPDF_Page page;
    nb_pdfout content;          /* the current page's content stream */
    nb_pdfout saved;            /* the whole file, as libharu writes it */
    double page_height;
    const char *path;           /* the PDF being written, for messages */
    /* Text state in effect at this point of the content stream (it
     * outlives BT … ET; q … Q brings back the one before). */
    bool in_text;               /* a BT is open */
    double tlm_x, tlm_y;        /* the text line matrix's origin inside it */
    int tf_font;                /* -1: none set */
    double tf_size, tc;
    double line_width;          /* of the rules, outside q … Q */
    bool failed;
} writer;

/* libharu's error numbers mean nothing to a clerk: the few that a
 * document can cause are said in words, the rest as an internal error. */
static const char *hpdf_error_words(HPDF_STATUS error_no)
{
    switch (error_no) {
    case HPDF_FAILD_TO_ALLOC_MEM: return "内存不足，无法生成 PDF";
    case HPDF_FILE_IO_ERROR: return "写 PDF 时读写出错";
    case HPDF_PAGE_INVALID_SIZE: return "页面尺寸超出 PDF 允许的范围";
    case HPDF_REAL_OUT_OF_RANGE:
    case HPDF_PAGE_OUT_OF_RANGE: return "版面上的位置或尺寸超出 PDF 允许的范围";
    case HPDF_STRING_OUT_OF_RANGE: return "文字过长，超出 PDF 允许的长度";
    case HPDF_EXCEED_GSTATE_LIMIT: return "页面内容过于复杂";
    default: return "PDF 库内部出错，未能生成 PDF";
    }
}

static void on_hpdf_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user)
{
    writer *w = user;
    (void)detail_no;
    if (!w->failed)
        nb_diag_error(w->diag, (nb_span){w->path, 0, 0}, "%s", hpdf_error_words(error_no));
    w->failed = true;
}

/* ---- content ----------------------------------------------------------------- */

/* Content is written piece by piece into one buffer per page: operators
 * as literal strings, numbers by nb_pdfout_num (once one vsnprintf per
 * number, 14 M instructions of seed 001's 90 M). */
static void put(writer *w, const char *s)
{
    nb_pdfout_str(&w->content, s);
}

/* A number followed by a space. */
static void put_num(writer *w, double v)
{
    nb_pdfout_num(&w->content, v);
    nb_pdfout_bytes(&w->content, " ", 1);
}

static nb_pdf_font *pdf_font(writer *w, int id)
{
    nb_pdf_font *pf = &w->pfonts[id];
    if (pf->type0)
        return pf;
    const nb_font *font = nb_font_at(w->fonts, id);
    const nb_font_metrics *m = nb_font_info(font);
    if (!m->complete || !nb_pdffont_init(pf, font, w->pdf)) {
        /* Never a line silently left out: the whole write fails. */
        if (!w->failed)
            nb_diag_error(w->diag, (nb_span){m->path, 0, 0},
                          m->out_of_memory ? "内存不足，无法读取字体"
                          : m->complete    ? "无法嵌入字体（内存不足或 PDF 库出错）"
                                           : "无法读取字体的轮廓和字形编号，字体文件可能已损坏");
        w->failed = true;
        return NULL;
    }
    pf->hb_subset_only = w->hb_subset_only;
    return pf;
}

/* Tf only when the font or size changes. */
static void set_font(writer *w, int id, nb_pdf_font *pf, double size)
{
    if (w->tf_font == id && w->tf_size == size)
        return;
    const char *name = HPDF_Page_GetLocalFontName(w->page, pf->type0);
    put(w, "/");
    put(w, name ? name : "F0");
    put(w, " ");
    put_num(w, size);
    put(w, "Tf\n");
    w->tf_font = id;
    w->tf_size = size;
}

/* Td from the start of the previous run, by the amounts as written: the
 * reader's position stays within 0.0005 pt of the layout's, and lines
 * set at the same pitch repeat the same operands, which deflate well. */
static void move_to(writer *w, double x, double y)
{
    double dx = round((x - w->tlm_x) * 1000.0) / 1000.0;
    double dy = round((w->page_height - y - w->tlm_y) * 1000.0) / 1000.0;
    put_num(w, dx);
    put_num(w, dy);
    put(w, "Td\n");
    w->tlm_x += dx;
    w->tlm_y += dy;
}

static void begin_text(writer *w)
{
    put(w, "BT\n");
    w->tlm_x = w->tlm_y = 0;
}

/* Consecutive plain lines share one text object; anything else closes it. */
static void end_text(writer *w)
{
    if (w->in_text)
        put(w, "ET\n");
    w->in_text = false;
}

/* The item's colour for fills ("rg") or strokes ("RG"), inside a q … Q
 * the caller opened; nothing for black. */
static void set_color(writer *w, const nb_item *it, bool stroke, bool gray_default)
{
    if (it->color) {
        put_num(w, ((it->color >> 16) & 0xFF) / 255.0);
        put_num(w, ((it->color >> 8) & 0xFF) / 255.0);
        put_num(w, (it->color & 0xFF) / 255.0);
        put(w, stroke ? "RG\n" : "rg\n");
    } else if (gray_default) {
        put_num(w, it->gray);
        put(w, stroke ? "G\n" : "g\n");
    }
}

static int by_value(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

/* The space a justified line adds after most of its glyphs, in 1/10 000
 * pt: the most frequent gap between where a glyph's advance ends and the
 * next glyph starts (within one font run).  Written once as Tc, it spares
 * the TJ array a number between every two glyphs. */
static double common_gap(writer *w, const nb_line *l, double x0)
{
    enum { MAX = 256 };
    int64_t gap[MAX] = {0};
    int n = 0;
    for (int i = 1; i < l->nglyphs && n < MAX; i++) {
        const nb_glyph *a = &l->glyphs[i - 1], *b = &l->glyphs[i];
        if (a->font != b->font || a->dy != b->dy)
            continue;
        double end = x0 + a->x + nb_pdffont_width(&w->pfonts[a->font], a->gid) * l->size / 1000.0;
        gap[n++] = llround((x0 + b->x - end) * 1e4);
    }
    qsort(gap, (size_t)n, sizeof *gap, by_value);
    int64_t best = 0;
    for (int i = 0, run = 0, best_run = 0; i < n; i++) {
        run = i > 0 && gap[i] == gap[i - 1] ? run + 1 : 1;
        if (run > best_run) {
            best_run = run;
            best = gap[i];
        }
    }
    return (double)best / 1e4;
}

static void set_char_spacing(writer *w, double tc)
{
    if (tc == w->tc)
        return;
    nb_pdfout_num_places(&w->content, tc, 4);
    put(w, " Tc\n");
    w->tc = tc;
}

/* One text line: runs of one font each shown with TJ.  `pen` follows the
 * reader's pen exactly (advances from /W, the Tc and the adjustments as
 * written): an adjustment moves it to where the layout placed the next
 * glyph whenever the two differ by more than 0.0005 pt. */
static void draw_glyphs(writer *w, const nb_item *it)
{
    const nb_line *l = it->line;
    double x0 = it->x, pen = 0, cur_dy = 0;
    int cur_font = -1;
    bool open = false;
    for (int i = 0; i < l->nglyphs; i++) {
        const nb_glyph *g = &l->glyphs[i];
        nb_pdf_font *pf = pdf_font(w, g->font);
        if (!pf)
            break;
        double gx = x0 + g->x;
        if (g->font != cur_font || g->dy != cur_dy) {
            if (open)
                put(w, "] TJ\n");
            set_font(w, g->font, pf, l->size);
            move_to(w, gx, it->y - g->dy);
            put(w, "[");
            open = true;
            cur_font = g->font;
            cur_dy = g->dy;
            pen = gx;
        } else if (fabs(gx - pen) > 0.0005) {
            double adj = round((pen - gx) * 1000.0 / l->size * 1000.0) / 1000.0;
            nb_pdfout_num(&w->content, adj);
            pen -= adj * l->size / 1000.0;
        }
        uint32_t code = nb_pdffont_use(pf, g->gid, l->text + g->text_start, g->text_len);
        put(w, "<");
        nb_pdfout_hex4(&w->content, code);
        put(w, ">");
        pen += nb_pdffont_width(pf, g->gid) * l->size / 1000.0 + w->tc;
    }
    if (open)
        put(w, "] TJ\n");
}

static void draw_line(writer *w, const nb_item *it)
{
    for (int i = 0; i < it->line->nglyphs; i++)   /* the fonts common_gap reads */
        if (!pdf_font(w, it->line->glyphs[i].font))
            return;
    double gap = common_gap(w, it->line, it->x);
    /* Colour, render mode and line width are graphics state: kept local
     * in q … Q, which also brings back the text state. */
    bool local = it->color || it->embolden > 0;
    if (!local) {
        if (!w->in_text)
            begin_text(w);
        w->in_text = true;
        set_char_spacing(w, gap);
        draw_glyphs(w, it);
        return;
    }
    end_text(w);
    int tf_font = w->tf_font;
    double tf_size = w->tf_size, tc = w->tc;
    put(w, "q ");
    set_color(w, it, false, false);
    if (it->embolden > 0) {
        put(w, "2 Tr ");
        put_num(w, it->embolden);
        put(w, "w\n");
    }
    set_char_spacing(w, gap);
    begin_text(w);
    draw_glyphs(w, it);
    put(w, "ET Q\n");
    w->tf_font = tf_font;
    w->tf_size = tf_size;
    w->tc = tc;
}

static void draw_rule(writer *w, const nb_item *it)
{
    if (it->color)
        put(w, "q ");
    set_color(w, it, true, false);
    if (it->color || it->stroke != w->line_width) {
        put_num(w, it->stroke);
        put(w, "w ");
    }
    if (!it->color)
        w->line_width = it->stroke;
    put_num(w, it->x);
    put_num(w, w->page_height - it->y);
    put(w, "m ");
    put_num(w, it->x2);
    put_num(w, w->page_height - it->y2);
    put(w, it->color ? "l S Q\n" : "l S\n");
}

static void draw_fill(writer *w, const nb_item *it)
{
    put(w, "q ");
    set_color(w, it, false, true);
    put_num(w, it->x);
    put_num(w, w->page_height - it->y2);
    put_num(w, it->x2 - it->x);
    put_num(w, it->y2 - it->y);
    put(w, "re f Q\n");
}

/* A vector outline; a watermark is marked as an artifact so that readers
 * and assistive tools leave it out of the content. */
static void draw_path(writer *w, const nb_item *it)
{
    const nb_path *p = it->path;
    bool stroke = it->stroke > 0;
    put(w, it->artifact ? "/Artifact BMC q " : "q ");
    set_color(w, it, stroke, true);
    if (stroke) {
        put(w, "1 J 1 j ");
        put_num(w, it->stroke);
        put(w, "w\n");
    }
    int k = 0;
    for (int i = 0; i < p->nops; i++) {
        int n = p->ops[i] == 'c' ? 3 : p->ops[i] == 'h' ? 0 : 1;
        for (int j = 0; j < n && k + 1 < p->npts; j++, k += 2) {
            put_num(w, p->pts[k]);
            put_num(w, w->page_height - p->pts[k + 1]);
        }
        put(w, p->ops[i] == 'm' ? "m\n" : p->ops[i] == 'l' ? "l\n" : p->ops[i] == 'c' ? "c\n" : "h\n");
    }
    put(w, stroke ? "S Q" : "f Q");
    put(w, it->artifact ? " EMC\n" : "\n");
}

static nb_status write_page(writer *w, const nb_page *p)
{
    w->page = HPDF_AddPage(w->pdf);
    if (!w->page)
        return NB_ERR_PDF;
    HPDF_Page_SetWidth(w->page, (HPDF_REAL)w->doc->width);
    HPDF_Page_SetHeight(w->page, (HPDF_REAL)w->doc->height);
    w->page_height = w->doc->height;
    w->content.len = 0;
    w->in_text = false;
    w->tf_font = -1;
    w->tc = 0;
    w->line_width = 1;
    /* /ProcSet, which libharu puts in every page's resources, is obsolete
     * since PDF 1.4 and ignored by readers: 49 bytes a page. */
    HPDF_Dict resources = HPDF_Dict_GetItem(w->page, "Resources", HPDF_OCLASS_DICT);
    if (resources)
        HPDF_Dict_RemoveElement(resources, "ProcSet");
    put(w, "0 J 0 j 0 G 0 g\n");
    for (int i = 0; i < p->nitems && !w->failed; i++) {
        const nb_item *it = &p->items[i];
        if (it->kind != NB_ITEM_TEXT)
            end_text(w);
        if (it->kind == NB_ITEM_TEXT)
            draw_line(w, it);
        else if (it->kind == NB_ITEM_RULE)
            draw_rule(w, it);
        else if (it->kind == NB_ITEM_PATH)
            draw_path(w, it);
        else
            draw_fill(w, it);
    }
    end_text(w);
    HPDF_PageAttr attr = w->page->attr;
    if (w->content.failed ||
        !nb_pdfout_fill_stream(attr->contents, w->deflater, NB_PDFOUT_TEXT, w->content.data,
                               w->content.len))
        return NB_ERR_NOMEM;
    attr->stream = attr->contents->stream;   /* the page's own pointer to it */
    return w->failed ? NB_ERR_PDF : NB_OK;
}

/* ---- document-level objects ------------------------------------------------------ */

/* PDF text strings outside Latin-1: UTF-16BE with a byte order mark. */
static HPDF_Binary text_string(HPDF_Doc pdf, const char *utf8)
{
    size_t n = strlen(utf8);
    unsigned char *buf = nb_malloc(4 * n + 2);
    if (!buf)
        return NULL;
    size_t len = 0;
    buf[len++] = 0xFE;
    buf[len++] = 0xFF;
    for (size_t i = 0; i < n;) {
        uint32_t c;
        i += (size_t)nb_utf8_decode(utf8 + i, n - i, &c);
        uint16_t u[2];
        for (int k = 0, m = nb_utf16_encode(c, u); k < m; k++) {
            buf[len++] = (unsigned char)(u[k] >> 8);
            buf[len++] = (unsigned char)u[k];
        }
    }
    HPDF_Binary b = HPDF_Binary_New(pdf->mmgr, buf, (HPDF_UINT)len);
    nb_free(buf);
    return b;
}

static void set_info(writer *w, const nb_pdf_options *opts)
{
    HPDF_SetInfoAttr(w->pdf, HPDF_INFO_CREATOR, opts->creator ? opts->creator : "nianbao");
    HPDF_Dict info = w->pdf->info;
    if (info && w->doc->title)
        HPDF_Dict_Add(info, "Title", text_string(w->pdf, w->doc->title));
    if (info && w->doc->author)
        HPDF_Dict_Add(info, "Author", text_string(w->pdf, w->doc->author));
    if (info && w->doc->subject)
        HPDF_Dict_Add(info, "Subject", text_string(w->pdf, w->doc->subject));
    if (opts->epoch >= 0) {
        time_t t = (time_t)opts->epoch;
        struct tm tm;
        if (!gmtime_r(&t, &tm))
            memset(&tm, 0, sizeof tm);
        HPDF_Date d = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                       tm.tm_min, tm.tm_sec, 'Z', 0, 0};
        HPDF_SetInfoDateAttr(w->pdf, HPDF_INFO_CREATION_DATE, d);
        HPDF_SetInfoDateAttr(w->pdf, HPDF_INFO_MOD_DATE, d);
    }
    HPDF_Dict_Add(w->pdf->catalog, "Lang",
                  HPDF_String_New(w->pdf->mmgr, w->doc->lang ? w->doc->lang : "zh-CN", NULL));
    HPDF_Dict prefs = HPDF_Dict_New(w->pdf->mmgr);
    if (prefs)
        HPDF_Dict_Add(prefs, "DisplayDocTitle", HPDF_Boolean_New(w->pdf->mmgr, HPDF_TRUE));
    HPDF_Dict_Add(w->pdf->catalog, "ViewerPreferences", prefs);
}

static void add_outline(writer *w, HPDF_Page *pages)
{
    HPDF_Outline parents[4] = {NULL, NULL, NULL, NULL};
    for (int i = 0; i < w->doc->noutline; i++) {
        const nb_outline *o = &w->doc->outline[i];
        int level = o->level < 0 ? 0 : o->level > 3 ? 3 : o->level;
        HPDF_Outline parent = level > 0 ? parents[level - 1] : NULL;
        HPDF_Outline ol = HPDF_CreateOutline(w->pdf, parent, "-", NULL);
        if (!ol)
            return;
        HPDF_Dict_Add(ol, "Title", text_string(w->pdf, o->title));
        HPDF_Outline_SetOpened(ol, level < 1 ? HPDF_TRUE : HPDF_FALSE);
        /* The destination written inside the item: libharu's own
         * (HPDF_Page_CreateDestination) is an object of its own, 43 bytes
         * more each with its cross-reference entry. */
        HPDF_Array dest = HPDF_Array_New(w->pdf->mmgr);
        if (!dest)
            return;
        HPDF_Array_Add(dest, pages[o->page]);
        HPDF_Array_AddName(dest, "FitH");
        HPDF_Array_AddReal(dest, (HPDF_REAL)(w->doc->height - o->y));
        HPDF_Dict_Add(ol, "Dest", dest);
        parents[level] = ol;
        for (int k = level + 1; k < 4; k++)
            parents[k] = NULL;
    }
    if (w->doc->noutline)
        HPDF_SetPageMode(w->pdf, HPDF_PAGE_MODE_USE_OUTLINE);
}

/* ---- saving --------------------------------------------------------------------- */


/* libharu writes the file into our own growing block (its memory streams
 * copy byte by byte, HPDF_MemCpy: 1.4 M instructions for seed 001). */
static HPDF_STATUS save_bytes(HPDF_Stream s, const HPDF_BYTE *p, HPDF_UINT n)
{
    nb_pdfout *o = s->attr;
    nb_pdfout_bytes(o, p, n);
    return o->failed ? HPDF_SetError(s->error, HPDF_FAILD_TO_ALLOC_MEM, 0) : HPDF_OK;
}

static nb_status write_saved(int fd, void *user)
{
    const nb_pdfout *o = user;
    return nb_outfile_write_all(fd, o->data, o->len);
}

/* Into a temporary file beside the target, then renamed over it
 * (outfile.c): a failure never leaves a half-written PDF where a good one
 * was. */
static nb_status save_atomically(writer *w, const char *path, const nb_temp_registry *temps,
                                 size_t *bytes)
{
    if (!w->pdf->stream &&
        !(w->pdf->stream = HPDF_CallbackWriter_New(w->pdf->mmgr, save_bytes, &w->saved)))
        return NB_ERR_NOMEM;
    if (HPDF_SaveToStream(w->pdf) != HPDF_OK)
        return w->saved.failed ? NB_ERR_NOMEM : NB_ERR_PDF;
    nb_status st = nb_outfile_write(w->diag, path, write_saved, &w->saved, temps);
    *bytes = w->saved.len;
    return st;
}

static nb_status write_document(writer *w, const nb_pdf_options *opts, const char *path,
                                nb_pdf_stats *stats)
{
    /* Streams are deflated by pdfout.c, none by libharu. */
    HPDF_SetCompressionMode(w->pdf, HPDF_COMP_NONE);
    if (opts->compress && !(w->deflater = nb_pdfout_deflater_new()))
        return NB_ERR_NOMEM;
    w->pdf->pdf_version = HPDF_VER_14;   /* /Lang and DisplayDocTitle are PDF 1.4 */
    HPDF_Page *pages = nb_calloc((size_t)w->doc->npages + 1, sizeof *pages);
    if (!pages)
        return NB_ERR_NOMEM;
    nb_status st = NB_OK;
    double t0 = nb_now_ms();
    for (int i = 0; i < w->doc->npages && st == NB_OK; i++) {
        st = write_page(w, &w->doc->pages[i]);
        pages[i] = w->page;
    }
    double t1 = nb_now_ms(), deflated = nb_pdfout_deflate_ms(w->deflater);
    stats->pages_ms = t1 - t0 - deflated;
    for (int i = 0; i < nb_font_count(w->fonts) && st == NB_OK; i++)
        if (w->pfonts[i].type0) {
            st = nb_pdffont_finish(&w->pfonts[i], w->diag, w->pdf, w->deflater);
            stats->font_bytes += w->pfonts[i].program_bytes;
            stats->glyphs += w->pfonts[i].used;
        }
    if (st == NB_OK)
        st = nb_pdffont_write_tounicode(w->pfonts, nb_font_count(w->fonts), w->pdf, w->deflater);
    stats->deflate_ms = nb_pdfout_deflate_ms(w->deflater);
    stats->subset_ms = nb_now_ms() - t1 - (stats->deflate_ms - deflated);
    if (st == NB_OK) {
        set_info(w, opts);
        add_outline(w, pages);
    }
    nb_free(pages);
    /* Calls whose result is not looked at (a dictionary entry added) leave
     * their failure in the document's error state. */
    if (HPDF_GetError(w->pdf) != HPDF_OK)
        on_hpdf_error(HPDF_GetError(w->pdf), HPDF_GetErrorDetail(w->pdf), w);
    t0 = nb_now_ms();
    if (st == NB_OK && !w->failed)
        st = save_atomically(w, path, opts->temps, &stats->file_bytes);
    stats->write_ms = nb_now_ms() - t0;
    return w->failed && st == NB_OK ? NB_ERR_PDF : st;
}

nb_status nb_pdf_write_stats(nb_diag *diag, const nb_fontset *fonts, const nb_doc *doc,
                             const nb_pdf_options *opts, const char *path, nb_pdf_stats *stats)
{
    memset(stats, 0, sizeof *stats);
    writer w = {.diag = diag, .fonts = fonts, .doc = doc, .path = path,
                .hb_subset_only = opts->hb_subset_only};
    w.pfonts = nb_calloc((size_t)nb_font_count(fonts) + 1, sizeof *w.pfonts);
    /* libharu keeps its own allocator: routed through mem.c (HPDF_NewEx),
     * the allocation-failure walk crashed inside libharu 2.3.0 (HPDF_Page_New
     * from HPDF_AddPage, HPDF_Page_GetLocalFontName), which goes on with
     * the NULL it got.  Its failures still reach on_hpdf_error and the
     * document's error state. */
    w.pdf = w.pfonts ? HPDF_New(on_hpdf_error, &w) : NULL;
    nb_status st = w.pdf ? write_document(&w, opts, path, stats) : NB_ERR_NOMEM;
    for (int i = 0; w.pfonts && i < nb_font_count(fonts); i++)
        nb_pdffont_fini(&w.pfonts[i]);
    nb_free(w.pfonts);
    nb_pdfout_free(&w.content);
    nb_pdfout_free(&w.saved);
    nb_pdfout_deflater_free(w.deflater);
    if (w.pdf)
        HPDF_Free(w.pdf);
    return st;
}

nb_status nb_pdf_write(nb_diag *diag, const nb_fontset *fonts, const nb_doc *doc,
                       const nb_pdf_options *opts, const char *path)
{
    nb_pdf_stats stats;
    return nb_pdf_write_stats(diag, fonts, doc, opts, path, &stats);
}
