/* proof.c — layout stage, after nb_render_layout: a proof copy (proof.h).
 *
 * Everything here is added to the laid-out document; nothing already
 * placed moves, so the proof's body has the final PDF's lines at the same
 * places on the same pages.  Under each page's content: a tint for each
 * number cell a broken rule blames, and the 校样 watermark, drawn as the
 * glyphs' vector outlines (a path is never text, so text extraction of a
 * proof reads as the final PDF's).  Over it: the expected value in small
 * type in each tinted cell, line numbers if asked, and a footer on every
 * page.  After the body, on pages of their own: the sign-off sheet and the
 * data check (every rule with its figures, the column sums, last year's
 * carry-over and figures, the text's figures), each line marked ✔ or ✗ —
 * marks drawn as paths too, since the body fonts lack U+2714/U+2717. */
#include "proof.h"
#include "audit.h"
#include "form.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#define MM (72.0 / 25.4)

static const uint32_t TINT = NB_RGB(0xFB, 0xD5, 0xD0);      /* a cell a rule blames */
static const uint32_t RED = NB_RGB(0xC0, 0x1C, 0x1C);
static const uint32_t GREEN = NB_RGB(0x1B, 0x7A, 0x35);
static const uint32_t GRAY = NB_RGB(0x70, 0x70, 0x70);
static const double WATERMARK_GRAY = 0.9;

typedef struct proof {
    const nb_run *run;
    nb_job *job;
    const nb_style *st;
    const nb_report *rep;
    nb_doc *doc;
    const nb_proof_options *o;
    nb_findings found;
    int body_pages;
    nb_page *page;        /* the sheet being filled */
    double y;             /* its next line's top, page coordinates */
} proof;

/* ---- text and marks ---------------------------------------------------------- */

static nb_status set(proof *p, const char *s, int role, double size, double measure,
                     nb_align align, nb_line **lines, int *n)
{
    nb_para_style ps = {role, (float)size, (float)measure, 0, 0, align, false};
    nb_span where = {p->rep->path, 0, 0};
    return nb_para_layout(p->job->text, p->job->arena, &p->job->diag, where, s, &ps, lines, n);
}

static nb_status put(proof *p, nb_page *page, const nb_line *line, double x, double baseline,
                     uint32_t color)
{
    nb_item *it = nb_page_add_item(page, p->job->arena);
    if (!it)
        return NB_ERR_NOMEM;
    *it = (nb_item){.kind = NB_ITEM_TEXT, .x = x, .y = baseline, .line = line, .color = color};
    return NB_OK;
}

/* One line of text at (x, baseline), right-aligned at x when `right`. */
static nb_status put_string(proof *p, nb_page *page, const char *s, int role, double size,
                            double x, double baseline, bool right, uint32_t color)
{
    nb_line *lines;
    int n;
    nb_status st = set(p, s, role, size, 1e4, NB_ALIGN_LEFT, &lines, &n);
    if (st != NB_OK || n == 0)
        return st;
    return put(p, page, &lines[0], right ? x - lines[0].width : x, baseline, color);
}

static nb_status add_path_item(proof *p, nb_page *page, const nb_path *path, uint32_t color,
                               double stroke, bool under)
{
    nb_item *it = under ? nb_page_insert_first(page, p->job->arena)
                        : nb_page_add_item(page, p->job->arena);
    if (!it)
        return NB_ERR_NOMEM;
    *it = (nb_item){.kind = NB_ITEM_PATH, .path = path, .color = color, .stroke = stroke,
                    .gray = WATERMARK_GRAY, .artifact = under};
    return NB_OK;
}

/* ✔ or ✗ in an em box of `size` whose left end of the baseline is (x, y). */
static nb_status put_mark(proof *p, bool ok, double x, double y, double size)
{
    nb_path *path = nb_arena_alloc(p->job->arena, sizeof *path);
    if (!path)
        return NB_ERR_NOMEM;
    static const double tick[] = {0.08, -0.38, 0.38, -0.06, 0.92, -0.78};
    static const double cross[] = {0.15, -0.72, 0.8, -0.04, 0.15, -0.04, 0.8, -0.72};
    const double *v = ok ? tick : cross;
    int npts = ok ? 3 : 4;
    bool fine = true;
    for (int i = 0; i < npts; i++) {
        double pt[2] = {x + v[2 * i] * size, y + v[2 * i + 1] * size};
        fine &= nb_path_add(path, p->job->arena, i == 0 || (!ok && i == 2) ? 'm' : 'l', pt, 1);
    }
    return fine ? add_path_item(p, p->page, path, ok ? GREEN : RED, 0.14 * size, false)
                : NB_ERR_NOMEM;
}

/* ---- the watermark ------------------------------------------------------------- */

typedef struct outline_pen {
    nb_path *path;
    nb_arena *arena;
    double ox, scale;          /* glyph origin on the line, font units → pt */
    double cx, cy, cosa, sina; /* page centre and the diagonal's direction */
    double shift_x, shift_y;   /* centres the word on the page */
    bool failed;
} outline_pen;

/* Font units (y up) on the line → the page, turned onto the diagonal. */
static void pen_point(const outline_pen *pen, double fx, double fy, double *out)
{
    double u = pen->ox + fx * pen->scale - pen->shift_x;
    double v = -fy * pen->scale + pen->shift_y;
    out[0] = pen->cx + u * pen->cosa + v * pen->sina;
    out[1] = pen->cy - u * pen->sina + v * pen->cosa;
}

static void pen_add(outline_pen *pen, char op, const float *xy, int n)
{
    double pts[6];
    for (int i = 0; i < n; i++)
        pen_point(pen, xy[2 * i], xy[2 * i + 1], pts + 2 * i);
    pen->failed |= !nb_path_add(pen->path, pen->arena, op, pts, n);
}

static void on_move(hb_draw_funcs_t *f, void *data, hb_draw_state_t *s, float x, float y, void *u)
{
    pen_add(data, 'm', (float[]){x, y}, 1);
}

static void on_line(hb_draw_funcs_t *f, void *data, hb_draw_state_t *s, float x, float y, void *u)
{
    pen_add(data, 'l', (float[]){x, y}, 1);
}

static void on_quad(hb_draw_funcs_t *f, void *data, hb_draw_state_t *s, float cx, float cy,
                    float x, float y, void *u)
{
    /* A quadratic segment as the cubic with the same curve. */
    float x0 = s->current_x, y0 = s->current_y;
    float pts[6] = {x0 + 2.f / 3 * (cx - x0), y0 + 2.f / 3 * (cy - y0),
                    x + 2.f / 3 * (cx - x), y + 2.f / 3 * (cy - y), x, y};
    pen_add(data, 'c', pts, 3);
}

static void on_cubic(hb_draw_funcs_t *f, void *data, hb_draw_state_t *s, float c1x, float c1y,
                     float c2x, float c2y, float x, float y, void *u)
{
    pen_add(data, 'c', (float[]){c1x, c1y, c2x, c2y, x, y}, 3);
}

static void on_close(hb_draw_funcs_t *f, void *data, hb_draw_state_t *s, void *u)
{
    pen_add(data, 'h', NULL, 0);
}

/* 校样 in the first-level heading face across the page's diagonal, about
 * a third of it long: one path shared by every page. */
static nb_status watermark(proof *p, const nb_path **out)
{
    double w = p->doc->width, h = p->doc->height, size = 0.16 * hypot(w, h);
    nb_line *lines;
    int n;
    nb_status st = set(p, "校样", NB_ROLE_H1, size, 1e4, NB_ALIGN_LEFT, &lines, &n);
    if (st != NB_OK)
        return st;
    nb_path *path = nb_arena_alloc(p->job->arena, sizeof *path);
    hb_draw_funcs_t *funcs = hb_draw_funcs_create();
    hb_draw_funcs_set_move_to_func(funcs, on_move, NULL, NULL);
    hb_draw_funcs_set_line_to_func(funcs, on_line, NULL, NULL);
    hb_draw_funcs_set_quadratic_to_func(funcs, on_quad, NULL, NULL);
    hb_draw_funcs_set_cubic_to_func(funcs, on_cubic, NULL, NULL);
    hb_draw_funcs_set_close_path_func(funcs, on_close, NULL, NULL);
    double a = atan2(h, w);
    outline_pen pen = {path, p->job->arena, 0, 0, w / 2, h / 2, cos(a), sin(a),
                       lines[0].width / 2, 0.38 * size, !path};
    const nb_fontset *fonts = nb_run_fonts(p->run);
    for (int i = 0; i < lines[0].nglyphs && !pen.failed; i++) {
        const nb_glyph *g = &lines[0].glyphs[i];
        const nb_font *font = nb_font_at(fonts, g->font);
        pen.ox = g->x;
        pen.scale = size / nb_font_upem(font);
        hb_font_get_glyph_shape(nb_font_hb(font), g->gid, funcs, &pen);
    }
    hb_draw_funcs_destroy(funcs);
    *out = path;
    return pen.failed ? NB_ERR_NOMEM : NB_OK;
}

/* ---- footer, cells, line numbers ------------------------------------------------------ */

static nb_status footer(proof *p, int page)
{
    char s[1024];
    snprintf(s, sizeof s, "校样　%s　校验码 %016" PRIx64 "　nianbao %s　生成于 %s　第 %d 页 共 %d 页",
             p->o->file_name ? p->o->file_name : p->rep->path, p->rep->source_hash, NB_VERSION,
             p->o->generated ? p->o->generated : "", page + 1, p->doc->npages);
    nb_line *lines;
    int n;
    double size = 7.5, measure = p->doc->width - 2 * 15 * MM;
    nb_status st = set(p, s, NB_ROLE_PAGE_NUMBER, size, measure, NB_ALIGN_CENTER, &lines, &n);
    double y = p->doc->height - 9 * MM - (n - 1) * 1.3 * size;
    for (int i = 0; i < n && st == NB_OK; i++)
        st = put(p, &p->doc->pages[page], &lines[i], 15 * MM + lines[i].offset, y + i * 1.3 * size,
                 GRAY);
    return st;
}

static nb_status highlight_cell(proof *p, nb_page *page, const nb_cell_mark *c, int64_t expected)
{
    nb_item *tint = nb_page_insert_first(page, p->job->arena);
    if (!tint)
        return NB_ERR_NOMEM;
    *tint = (nb_item){.kind = NB_ITEM_FILL, .x = c->x, .y = c->y, .x2 = c->x2, .y2 = c->y2,
                      .color = TINT};
    char want[32], s[64];
    nb_form_format_value(expected, want, sizeof want);
    snprintf(s, sizeof s, "应为%s", want);
    double size = 5.5;
    return put_string(p, page, s, NB_ROLE_TABLE, size, c->x2 - 1.2, c->y + 1.2 + 0.8 * size, true,
                      RED);
}

/* The first failed finding that blames a cell decides what it shows. */
static const nb_finding *blamed(const proof *p, const nb_cell_mark *c)
{
    for (int i = 0; i < p->found.count; i++) {
        const nb_finding *f = &p->found.items[i];
        if (!f->ok && f->kind != NB_FIND_TEXT && f->field == c->field &&
            c->table == &p->rep->form->tables[f->table])
            return f;
    }
    return NULL;
}

static nb_status highlight(proof *p)
{
    nb_status st = NB_OK;
    for (int i = 0; i < p->body_pages && st == NB_OK; i++) {
        nb_page *page = &p->doc->pages[i];
        for (int k = 0; k < page->ncells && st == NB_OK; k++) {
            const nb_finding *f = blamed(p, &page->cells[k]);
            if (f)
                st = highlight_cell(p, page, &page->cells[k], f->expected);
        }
    }
    return st;
}

static nb_status line_numbers(proof *p)
{
    nb_status st = NB_OK;
    for (int i = 0; i < p->body_pages && st == NB_OK; i++) {
        nb_page *page = &p->doc->pages[i];
        int count = page->nitems, number = 0;
        for (int k = 0; k < count && st == NB_OK; k++) {
            const nb_item it = page->items[k];   /* a copy: the array may move */
            if (it.kind != NB_ITEM_TEXT || !it.numbered)
                continue;
            char s[16];
            snprintf(s, sizeof s, "%d", ++number);
            st = put_string(p, page, s, NB_ROLE_PAGE_NUMBER, 7, p->st->left - 4 * MM, it.y, true,
                            GRAY);
        }
    }
    return st;
}

/* ---- sheets: pages after the body ---------------------------------------------------- */

/* The title of the sheet p->page, from its top, with an outline entry. */
static nb_status sheet_title(proof *p, const char *title)
{
    p->y = p->st->top;
    nb_outline *o = nb_doc_add_outline(p->doc, p->job->arena);
    if (o)
        *o = (nb_outline){0, title, (int)(p->page - p->doc->pages), p->y};
    nb_line *lines;
    int n;
    double size = p->st->sizes[NB_ROLE_TITLE];
    nb_status st = set(p, title, NB_ROLE_TITLE, size, p->st->block_w, NB_ALIGN_CENTER, &lines, &n);
    for (int i = 0; i < n && st == NB_OK; i++) {
        st = put(p, p->page, &lines[i], p->st->left + lines[i].offset, p->y + 1.1 * size, 0);
        p->y += 1.6 * size;
    }
    p->y += 0.6 * size;
    return st;
}

static nb_status new_sheet(proof *p, const char *title)
{
    p->page = nb_doc_add_page(p->doc, p->job->arena);
    if (!p->page)
        return NB_ERR_NOMEM;
    p->y = p->st->top;
    return title ? sheet_title(p, title) : NB_OK;
}

/* A paragraph on the sheet, continued on a new sheet page when full;
 * `mark` 1 ✔, 0 ✗, -1 none, in the margin before its first line. */
static nb_status flow(proof *p, const char *s, int role, double size, double indent, int mark,
                      uint32_t color)
{
    nb_line *lines;
    int n;
    double pitch = 1.45 * size;
    nb_status st = set(p, s, role, size, p->st->block_w - indent, NB_ALIGN_JUSTIFY, &lines, &n);
    for (int i = 0; i < n && st == NB_OK; i++) {
        if (p->y + pitch > p->st->top + p->st->block_h && (st = new_sheet(p, NULL)) != NB_OK)
            return st;
        double baseline = p->y + pitch / 2 + 0.38 * size;
        st = put(p, p->page, &lines[i], p->st->left + indent + lines[i].offset, baseline, color);
        if (st == NB_OK && i == 0 && mark >= 0)
            st = put_mark(p, mark == 1, p->st->left + indent - 1.4 * size, baseline, size);
        p->y += pitch;
    }
    return st;
}

static void rule_line(proof *p, double x1, double y1, double x2, double y2)
{
    nb_item *it = nb_page_add_item(p->page, p->job->arena);
    if (it)
        *it = (nb_item){.kind = NB_ITEM_RULE, .x = x1, .y = y1, .x2 = x2, .y2 = y2,
                        .stroke = p->st->rule};
}

/* Text inside a box, vertically centred, from its left (+pad) or centred. */
static nb_status box_text(proof *p, const char *s, double x, double y, double w, double h,
                          bool centre)
{
    nb_line *lines;
    int n;
    double size = p->st->sizes[NB_ROLE_BODY] * 0.8, pitch = 1.35 * size, pad = 2 * MM;
    nb_status st = set(p, s, NB_ROLE_BODY, size, w - 2 * pad,
                       centre ? NB_ALIGN_CENTER : NB_ALIGN_LEFT, &lines, &n);
    double top = y + (h - n * pitch) / 2;
    for (int i = 0; i < n && st == NB_OK; i++)
        st = put(p, p->page, &lines[i], x + pad + lines[i].offset,
                 top + (i + 0.5) * pitch + 0.38 * size, 0);
    return st;
}

/* A grid of rows × columns (relative widths), all cells' text given. */
static nb_status grid(proof *p, const char *const *cells, int rows, int cols,
                      const double *widths, double row_h, bool centre_first_col)
{
    double x[8] = {p->st->left}, total = 0;
    for (int c = 0; c < cols; c++)
        total += widths[c];
    for (int c = 0; c < cols; c++)
        x[c + 1] = x[c] + p->st->block_w * widths[c] / total;
    double top = p->y;
    nb_status st = NB_OK;
    for (int r = 0; r < rows && st == NB_OK; r++)
        for (int c = 0; c < cols && st == NB_OK; c++)
            if (cells[r * cols + c] && *cells[r * cols + c])
                st = box_text(p, cells[r * cols + c], x[c], top + r * row_h, x[c + 1] - x[c],
                              row_h, c == 0 ? centre_first_col : cols > 2);
    for (int r = 0; r <= rows; r++)
        rule_line(p, x[0], top + r * row_h, x[cols], top + r * row_h);
    for (int c = 0; c <= cols; c++)
        rule_line(p, x[c], top, x[c], top + rows * row_h);
    p->y = top + rows * row_h + 6 * MM;
    return st;
}

/* ---- the sign-off sheet ---------------------------------------------------------------- */

static int failures(const proof *p)
{
    return nb_audit_failures(&p->found, NB_FIND_RULE) + nb_audit_failures(&p->found, NB_FIND_CARRY) +
           nb_audit_failures(&p->found, NB_FIND_TEXT);
}

/* What is signed for: the report, its input and the check's result. */
static nb_status signoff_facts(proof *p)
{
    char year[16], pages[64], hash[32], made[256], data[128];
    snprintf(year, sizeof year, "%d", p->rep->year);
    snprintf(pages, sizeof pages, "正文 %d 页（本校样共 %d 页）", p->body_pages, p->doc->npages);
    snprintf(hash, sizeof hash, "%016" PRIx64, p->rep->source_hash);
    snprintf(made, sizeof made, "nianbao %s，%s", NB_VERSION, p->o->generated ? p->o->generated : "");
    int bad = failures(p);
    if (bad)
        snprintf(data, sizeof data, "%d 处不一致，见「数据核对」页", bad);
    else
        snprintf(data, sizeof data, "全部一致，见「数据核对」页");
    const char *facts[] = {
        "机关名称", p->rep->body ? p->rep->body : "",
        "报告", p->doc->title ? p->doc->title : "",
        "年度", year,
        "页数", pages,
        "输入文件", p->o->file_name ? p->o->file_name : p->rep->path,
        "校验码", hash,
        "生成", made,
        "数据核对", data,
    };
    static const double widths[] = {1, 3.4};
    return grid(p, facts, 8, 2, widths, 11 * MM, true);
}

/* On the page `sheet` reserved after the body, once the pages are counted. */
static nb_status signoff_sheet(proof *p, int sheet)
{
    static const char *const sign[] = {
        "环节", "签字", "日期",
        "拟稿人", "", "　　年　　月　　日",
        "审核人", "", "　　年　　月　　日",
        "签发人", "", "　　年　　月　　日",
    };
    static const double widths[] = {1, 2.2, 1.6};
    p->page = &p->doc->pages[sheet];
    nb_status st = sheet_title(p, "校样签发单");
    if (st == NB_OK)
        st = signoff_facts(p);
    if (st == NB_OK)
        st = grid(p, sign, 4, 3, widths, 20 * MM, true);
    return st == NB_OK ? flow(p, "签发前请核对：本校样正文的每一行、每一页与正式 PDF 完全相同；"
                                 "校验码对应输入文件的内容，输入有任何改动，校验码随之改变。",
                              NB_ROLE_BODY, 10, 0, -1, GRAY)
                       : st;
}

/* ---- the data check ------------------------------------------------------------------------ */

static nb_status heading(proof *p, const char *s)
{
    p->y += 3 * MM;
    return flow(p, s, NB_ROLE_H1, 12, 0, -1, 0);
}

static const double LINE_SIZE = 9, MARK_INDENT = 5 * MM;

/* 「12．表三 · 自然人：一 + 二 = …」 with its mark; a failed one says what
 * its cell should hold. */
static nb_status finding_lines(proof *p, nb_finding_kind kind, bool marks)
{
    nb_status st = NB_OK;
    int number = 0;
    for (int i = 0; i < p->found.count && st == NB_OK; i++) {
        const nb_finding *f = &p->found.items[i];
        if (f->kind != kind)
            continue;
        char s[3072], want[64] = "";
        if (!f->ok && f->field >= 0 && kind != NB_FIND_TEXT) {
            char v[24];
            nb_form_format_value(f->expected, v, sizeof v);
            snprintf(want, sizeof want, "（应为 %s）", v);
        }
        if (kind == NB_FIND_TEXT)
            snprintf(s, sizeof s, "%d．%s（第 %d 行）", ++number, f->figures, f->span.line);
        else
            snprintf(s, sizeof s, "%d．%s：%s%s", ++number, f->where, f->figures, want);
        st = flow(p, s, NB_ROLE_TABLE, LINE_SIZE, MARK_INDENT, marks ? f->ok : -1,
                  f->ok ? 0 : RED);
    }
    return st;
}

static int count_kind(const proof *p, nb_finding_kind kind)
{
    int n = 0;
    for (int i = 0; i < p->found.count; i++)
        n += p->found.items[i].kind == kind;
    return n;
}

static nb_status summary_line(proof *p, const char *what, nb_finding_kind kind, const char *none)
{
    int n = count_kind(p, kind), bad = nb_audit_failures(&p->found, kind);
    char s[512];
    if (n == 0)
        snprintf(s, sizeof s, "%s：%s", what, none);
    else if (bad == 0)
        snprintf(s, sizeof s, "%s：共 %d 项，全部一致", what, n);
    else
        snprintf(s, sizeof s, "%s：共 %d 项，%d 项不一致", what, n, bad);
    return flow(p, s, NB_ROLE_BODY, 12, MARK_INDENT, n ? bad == 0 : -1, bad ? RED : 0);
}

static nb_status summary(proof *p)
{
    int bad = failures(p);
    char s[256];
    if (bad)
        snprintf(s, sizeof s, "结论：有 %d 处不一致，打叉（红色）的各行须在签发前处理。", bad);
    else
        snprintf(s, sizeof s, "结论：全部核对项一致。");
    nb_status st = summary_line(p, "勾稽关系（表格内各项之和）", NB_FIND_RULE, "本格式没有规则");
    if (st == NB_OK)
        st = summary_line(p, "与上年报告衔接（上年结转）", NB_FIND_CARRY,
                          p->o->previous ? "上年报告中没有可对照的数字" : "未提供上年报告（--previous）");
    if (st == NB_OK)
        st = summary_line(p, "正文与表格", NB_FIND_TEXT, "正文中没有可以对应到单元格的数字");
    return st == NB_OK ? flow(p, s, NB_ROLE_H1, 12, 0, -1, bad ? RED : GREEN) : st;
}

/* A row of the years' comparison: its label, wrapped, then three figures
 * right-aligned in columns at the block's right. */
static nb_status figure_row(proof *p, const char *label, const char *const figures[3],
                            bool head)
{
    double size = LINE_SIZE, pitch = 1.45 * size, col = 20 * MM;
    double x0 = p->st->left + MARK_INDENT, right = p->st->left + p->st->block_w;
    nb_line *lines;
    int n;
    int role = head ? NB_ROLE_H1 : NB_ROLE_TABLE;
    nb_status st = set(p, label, role, size, right - 3 * col - x0, NB_ALIGN_LEFT, &lines, &n);
    if (st == NB_OK && p->y + n * pitch > p->st->top + p->st->block_h)
        st = new_sheet(p, NULL);
    double baseline = p->y + pitch / 2 + 0.38 * size;
    for (int i = 0; i < n && st == NB_OK; i++)
        st = put(p, p->page, &lines[i], x0 + lines[i].offset, baseline + i * pitch, 0);
    for (int k = 0; k < 3 && st == NB_OK; k++)
        st = put_string(p, p->page, figures[k], role, size, right - (2 - k) * col, baseline, true,
                        0);
    p->y += n * pitch;
    if (head)
        rule_line(p, x0, p->y, right, p->y);
    return st;
}

/* Last year's figures beside this year's: Tables 2–4 in full, a large
 * table (表三) by its last column, its totals. */
static nb_status year_figures(proof *p)
{
    const nb_report *prev = p->o->previous;
    char title[64];
    snprintf(title, sizeof title, "%d 年度", prev->year);
    const char *head[3] = {"本年", title, "增减"};
    nb_status st = figure_row(p, "项目", head, true);
    for (int ti = 0; ti < p->rep->form->ntables && st == NB_OK; ti++) {
        const nb_form_table *t = &p->rep->form->tables[ti];
        int pti = nb_form_find_table(prev->form, t->key);
        if (pti < 0 || t->nfields == 0)
            continue;
        const nb_form_table *pt = &prev->form->tables[pti];
        const char *last_col = t->fields[t->nfields - 1].col_name;
        for (int fi = 0; fi < t->nfields && st == NB_OK; fi++) {
            const nb_field *f = &t->fields[fi];
            int pf = nb_form_find_field(pt, f->path);
            if (pf < 0 || (t->nfields > 40 && (!f->col_name || !last_col ||
                                               strcmp(f->col_name, last_col))))
                continue;
            int64_t a = p->rep->values[ti][fi].v, b = prev->values[pti][pf].v;
            char now[32], before[32], diff[40], label[1024];
            nb_form_format_value(a, now, sizeof now);
            nb_form_format_value(b, before, sizeof before);
            nb_form_format_value(a - b, diff + 1, sizeof diff - 1);
            diff[0] = '+';
            const char *d = a > b ? diff : a == b ? "0" : diff + 1;
            snprintf(label, sizeof label, "%s「%s%s%s」", t->key, f->row_name,
                     f->col_name ? "」×「" : "", f->col_name ? f->col_name : "");
            const char *figures[3] = {now, before, d};
            st = figure_row(p, label, figures, false);
        }
    }
    return st;
}

/* The failed findings again under the summary: what to fix, at a glance. */
static nb_status failed_lines(proof *p)
{
    nb_status st = NB_OK;
    for (int i = 0; i < p->found.count && st == NB_OK; i++) {
        const nb_finding *f = &p->found.items[i];
        if (f->ok || f->kind == NB_FIND_COLUMN)
            continue;
        char s[3072], want[64] = "";
        if (f->field >= 0 && f->kind != NB_FIND_TEXT) {
            char v[24];
            nb_form_format_value(f->expected, v, sizeof v);
            snprintf(want, sizeof want, "（应为 %s）", v);
        }
        snprintf(s, sizeof s, "%s%s%s%s", f->kind == NB_FIND_TEXT ? "" : f->where,
                 f->kind == NB_FIND_TEXT ? "" : "：", f->figures, want);
        st = flow(p, s, NB_ROLE_TABLE, LINE_SIZE, 2 * MARK_INDENT, 0, RED);
    }
    return st;
}

static nb_status note(proof *p, const char *s)
{
    return flow(p, s, NB_ROLE_TABLE, LINE_SIZE, MARK_INDENT, -1, 0);
}

/* Section 三: the carry-over column by column, then the years side by side. */
static nb_status carry_section(proof *p)
{
    const nb_report *prev = p->o->previous;
    nb_status st = heading(p, "三、与上年报告衔接");
    if (st != NB_OK || !prev)
        return st == NB_OK ? note(p, "未提供上年报告：用 --previous 上年.yaml 核对"
                                     "「二、上年结转政府信息公开申请数量」。")
                           : st;
    const char *slash = strrchr(prev->path, '/');
    char s[1024];
    snprintf(s, sizeof s, "上年报告：%s（%s，%d 年度，校验码 %016" PRIx64 "）",
             slash ? slash + 1 : prev->path, prev->body ? prev->body : "", prev->year,
             prev->source_hash);
    st = note(p, s);
    if (st == NB_OK)
        st = finding_lines(p, NB_FIND_CARRY, true);
    snprintf(s, sizeof s, "本年与上年（%d 年度）数字对照：", prev->year);
    p->y += 2 * MM;
    if (st == NB_OK)
        st = note(p, s);
    return st == NB_OK ? year_figures(p) : st;
}

static nb_status check_pages(proof *p)
{
    nb_status st = new_sheet(p, "数据核对");
    char s[512];
    snprintf(s, sizeof s, "%s　%d 年度　输入文件 %s　校验码 %016" PRIx64,
             p->rep->body ? p->rep->body : "", p->rep->year,
             p->o->file_name ? p->o->file_name : p->rep->path, p->rep->source_hash);
    if (st == NB_OK)
        st = flow(p, s, NB_ROLE_BODY, 10, 0, -1, GRAY);
    if (st == NB_OK)
        st = heading(p, "概要");
    if (st == NB_OK)
        st = summary(p);
    if (st == NB_OK)
        st = failed_lines(p);
    if (st == NB_OK)
        st = heading(p, "一、勾稽关系（每条规则及其数字）");
    if (st == NB_OK)
        st = finding_lines(p, NB_FIND_RULE, true);
    if (st == NB_OK && count_kind(p, NB_FIND_COLUMN))
        st = heading(p, "二、各列合计");
    if (st == NB_OK)
        st = finding_lines(p, NB_FIND_COLUMN, true);
    if (st == NB_OK)
        st = carry_section(p);
    if (st == NB_OK)
        st = heading(p, "四、正文所述数字与表格");
    if (st == NB_OK && count_kind(p, NB_FIND_TEXT) == 0)
        st = note(p, "正文中没有可以对应到单元格的数字。");
    if (st == NB_OK)
        st = finding_lines(p, NB_FIND_TEXT, true);
    return st;
}

/* ---- all of it -------------------------------------------------------------------------------- */

static nb_status find_all(proof *p)
{
    nb_arena *a = p->job->arena;
    nb_status st = nb_audit_rules(a, p->rep, &p->found);
    if (st == NB_OK)
        st = nb_audit_columns(a, p->rep, &p->found);
    if (st == NB_OK && p->o->previous)
        st = nb_audit_carry(a, p->rep, p->o->previous, &p->found);
    if (st == NB_OK)
        st = nb_audit_text(a, p->rep, &p->found);
    return st;
}

nb_status nb_proof_decorate(const nb_run *run, nb_job *job, const nb_report *report,
                            nb_doc *doc, const nb_proof_options *opts)
{
    proof p = {run, job, nb_run_style(run), report, doc, opts, {0}, doc->npages, NULL, 0};
    nb_status st = find_all(&p);
    if (st == NB_OK)
        st = highlight(&p);
    if (st == NB_OK && opts->line_numbers)
        st = line_numbers(&p);
    int sheet = doc->npages, outlined = doc->noutline;
    if (st == NB_OK)
        st = nb_doc_add_page(doc, job->arena) ? check_pages(&p) : NB_ERR_NOMEM;
    if (st == NB_OK)
        st = signoff_sheet(&p, sheet);
    /* The sheet, filled last, comes first in the outline as in the pages. */
    if (st == NB_OK && doc->noutline == outlined + 2) {
        nb_outline sheet_entry = doc->outline[outlined + 1];
        doc->outline[outlined + 1] = doc->outline[outlined];
        doc->outline[outlined] = sheet_entry;
    }
    const nb_path *mark = NULL;
    if (st == NB_OK)
        st = watermark(&p, &mark);
    for (int i = 0; i < doc->npages && st == NB_OK; i++) {
        st = add_path_item(&p, &doc->pages[i], mark, 0, 0, true);
        if (st == NB_OK)
            st = footer(&p, i);
    }
    return st;
}
