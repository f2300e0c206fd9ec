/* table.c — layout stage: a general table engine for the form's grids.
 *
 * Geometry: column widths are the form's relative widths scaled to the
 * text block.  Each cell's text is set by para.c in the table role (the
 * header role for head cells) at the cell's inner width, so the Chinese
 * line-breaking rules hold inside cells too.  A row is as tall as its
 * tallest single-row cell; a cell spanning rows that needs more than its
 * rows give spreads the difference evenly over them.
 *
 * Parts: a table longer than a page is cut between rows, never inside
 * one, only after rows the form does not keep with the next, and never
 * where a label spanning the cut would be too short above it for its
 * text.  A part may repeat the header rows; a spanning cell cut by the
 * break is drawn, with its text, in both parts, and where the rows it
 * spans in the later part are too short for it they grow there (only in
 * that part) until it fits.  A part that begins inside a group of rows
 * with a heading of its own (Table 2's 第二十条第（一）项 over 信息内容 | …)
 * shows that heading again on top.  Under a header every part has at least
 * MIN_PART_ROWS body rows; of the cuts allowed the composer takes the one
 * that fills the page.
 *
 * Drawing: fills of head cells first, then the rules, then the text, so
 * no fill hides a rule.  A rule is drawn along a cell edge only where the
 * cells on its two sides differ, which is how merged cells show.  Each
 * number cell's box is recorded on its page (nb_cell_mark) for
 * decorations made after layout. */
#include "table.h"
#include "form.h"
#include "mem.h"
#include "utf8.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct line_list {
    nb_line *lines;
    int n, cap;
} line_list;

typedef struct cell_text {
    nb_line *lines;
    int nlines;
    double pitch;        /* line pitch, pt */
    double height;       /* lines × pitch, pt */
    double size;
} cell_text;

struct nb_table {
    const nb_form_table *form;
    const nb_style *style;
    double *col_x;       /* ncols + 1 edges, relative to the table's left */
    double *row_h;       /* nrows */
    double *row_y;       /* nrows + 1: row_y[r] = height of rows [0, r) */
    cell_text *cells;    /* per form cell */
    /* The cells spanning each row edge r (1 ≤ r < nrows), those a cut
     * before row r would divide: crossing[r * ncols + k], k < ncrossing[r]
     * (cells never overlap, so at most ncols of them). */
    int *crossing, *ncrossing;
    /* A group of body rows under a heading of its own (Table 2's
     * 第二十条第（一）项 over 信息内容 | 本年制发件数 | …): a part that begins
     * inside such a group shows its heading rows [group_from[r],
     * group_to[r]) again on top (group_from[r] < 0: none). */
    int *group_from, *group_to;
};

int nb_table_rows(const nb_table *t) { return t->form->nrows; }
int nb_table_header_rows(const nb_table *t) { return t->form->header_rows; }

double nb_table_height(const nb_table *t, int a, int b)
{
    return b > a ? t->row_y[b] - t->row_y[a] : 0;
}

/* ---- cell contents ------------------------------------------------------- */

/* An amount is printed as the office wrote it (5949.088667 万元 has six
 * decimals in the published report); a count as the whole number it is. */
static void format_value(const nb_value *v, nb_field_kind kind, char *out, size_t cap)
{
    if (kind == NB_FIELD_AMOUNT && v->given && v->text) {
        snprintf(out, cap, "%s", v->text);
        return;
    }
    nb_form_format_value(v->v, out, cap);
}

/* The name after the number of a group label spanning rows ("（三）不予
 *公开" → "不予公开"), or NULL for any other cell. */
static const char *group_name(const nb_form_cell *c)
{
    const char *close = c->text ? strstr(c->text, "）") : NULL;
    if (!close || c->head || c->cols != 1 || c->rows < 2 || strncmp(c->text, "（", 3) != 0
        || close[3] == '\0' || close - c->text > 40)
        return NULL;
    return close + 3;
}

/* A label cell spanning rows in one column that is no group label (三、本
 * 年度办理结果 beside the 22 rows of its results) reads top to bottom, one
 * character a line, in a column just wide enough for one character. */
static bool is_vertical_label(const nb_form_cell *c)
{
    return c->text && !c->head && c->cols == 1 && c->rows > 1 && !group_name(c);
}

/* Vertical text is set solid, as a column of characters touches. */
static const double vertical_pitch = 1.1;   /* × the type size */

/* Lines of several pieces of text set one after the other, each starting
 * on a line of its own. */
static nb_status set_pieces(nb_text *text, nb_arena *arena, nb_diag *diag, nb_span where,
                            const char *const *pieces, int n, const nb_para_style *ps,
                            cell_text *out)
{
    line_list all = {0};
    for (int i = 0; i < n; i++) {
        nb_line *l;
        int nl;
        nb_status rc = nb_para_layout(text, arena, diag, where, pieces[i], ps, &l, &nl);
        if (rc != NB_OK)
            return rc;
        for (int k = 0; k < nl; k++) {
            nb_line *slot = nb_arena_grow(arena, all.lines, all.n, &all.cap, sizeof *slot);
            if (!slot)
                return NB_ERR_NOMEM;
            all.lines = slot;
            all.lines[all.n++] = l[k];
        }
    }
    out->lines = all.lines;
    out->nlines = all.n;
    return NB_OK;
}

/* A group label is set as its number on one line, its name below. */
static nb_status set_group_label(nb_text *text, nb_arena *arena, nb_diag *diag, nb_span where,
                                 const nb_form_cell *c, const char *name,
                                 const nb_para_style *ps, cell_text *out)
{
    char *number = nb_arena_strndup(arena, c->text, (size_t)(name - c->text));
    if (!number)
        return NB_ERR_NOMEM;
    const char *pieces[] = {number, name};
    return set_pieces(text, arena, diag, where, pieces, 2, ps, out);
}

/* The characters of s, each a string of its own, in the arena. */
static int split_characters(nb_arena *arena, const char *s, const char ***out)
{
    size_t len = strlen(s);
    const char **chars = NB_ARENA_NEW_ARRAY(arena, const char *, len + 1);
    int n = 0;
    for (size_t i = 0; chars && i < len;) {
        uint32_t cp;
        int k = nb_utf8_decode(s + i, len - i, &cp);
        if (!(chars[n++] = nb_arena_strndup(arena, s + i, (size_t)k)))
            return -1;
        i += (size_t)k;
    }
    *out = chars;
    return chars ? n : -1;
}

static nb_status set_vertical_label(nb_text *text, nb_arena *arena, nb_diag *diag, nb_span where,
                                    const nb_form_cell *c, const nb_para_style *ps,
                                    cell_text *out)
{
    const char **chars;
    int n = split_characters(arena, c->text, &chars);
    if (n < 0)
        return NB_ERR_NOMEM;
    out->pitch = ps->size * vertical_pitch;
    nb_para_style column = *ps;
    column.vertical = true;
    return set_pieces(text, arena, diag, where, chars, n, &column, out);
}

static nb_status set_cell(nb_text *text, nb_arena *arena, nb_diag *diag, nb_table *t,
                          const nb_form_cell *c, const nb_value *values, nb_span where,
                          cell_text *out)
{
    const nb_style *st = t->style;
    char number[48];
    const char *s = c->text;
    if (!s) {
        const nb_form_table *f = t->form;   /* an overview's table has no fields */
        nb_field_kind kind = f->fields && c->field < f->nfields ? f->fields[c->field].kind
                                                                 : NB_FIELD_COUNT;
        format_value(&values[c->field], kind, number, sizeof number);
        s = number;
    }
    int role = c->head ? NB_ROLE_TABLE_HEAD : NB_ROLE_TABLE;
    double width = t->col_x[c->col + c->cols] - t->col_x[c->col];
    /* Long labels in wide cells read best from the left; short ones,
     * numbers and headings sit in the middle, as the official form has. */
    bool left = c->text && !c->head && width > 8 * st->sizes[role];
    nb_para_style ps = {role, (float)st->sizes[role],
                        (float)(width - 2 * st->cell_pad), 0, 0,
                        left ? NB_ALIGN_JUSTIFY : NB_ALIGN_CENTER, false};
    /* A number is never broken: one too wide for its column at the table
     * size (a city's five-digit counts) is set smaller to fit its line. */
    if (!c->text) {
        float natural = nb_para_natural_width(text, s, role, ps.size);
        if (natural > ps.measure)
            ps.size *= 0.99f * ps.measure / natural;
    }
    out->size = ps.size;
    out->pitch = st->sizes[role] * st->cell_leading;
    const char *name = group_name(c);
    nb_status rc;
    if (name)
        rc = set_group_label(text, arena, diag, where, c, name, &ps, out);
    else if (is_vertical_label(c))
        rc = set_vertical_label(text, arena, diag, where, c, &ps, out);
    else
        rc = nb_para_layout(text, arena, diag, where, s, &ps, &out->lines, &out->nlines);
    out->height = out->nlines * out->pitch;
    return rc;
}

/* ---- geometry -------------------------------------------------------------- */

static void size_rows(nb_table *t)
{
    const nb_form_table *f = t->form;
    double pad2 = 2 * t->style->cell_pad;
    for (int r = 0; r < f->nrows; r++)
        t->row_h[r] = t->style->min_row;
    for (int i = 0; i < f->ncells; i++)
        if (f->cells[i].rows == 1) {
            double need = t->cells[i].height + pad2;
            if (need > t->row_h[f->cells[i].row])
                t->row_h[f->cells[i].row] = need;
        }
    for (int span = 2; span <= f->nrows; span++)
        for (int i = 0; i < f->ncells; i++) {
            const nb_form_cell *c = &f->cells[i];
            if (c->rows != span)
                continue;
            double have = 0, need = t->cells[i].height + pad2;
            for (int r = c->row; r < c->row + c->rows; r++)
                have += t->row_h[r];   /* row_y is made from the final heights */
            for (int r = c->row; need > have && r < c->row + c->rows; r++)
                t->row_h[r] += (need - have) / c->rows;
        }
}

/* A group label spanning rows, "（三）不予公开", reads well only with its
 * name on one line under the number; a narrow form column would break
 * 不予公/开.  Such a column takes the width it lacks from the columns that
 * hold nothing but numbers, which need the least. */
static bool numbers_only(const nb_form_table *f, int col)
{
    bool any = false;
    for (int i = 0; i < f->ncells; i++) {
        const nb_form_cell *c = &f->cells[i];
        if (c->col > col || c->col + c->cols <= col)
            continue;
        if (c->text && !c->head)
            return false;
        any |= !c->text;
    }
    return any;
}

static double label_need(const nb_table *t, nb_text *text, const nb_form_cell *c)
{
    const char *name = group_name(c);
    if (!name)
        return 0;
    float size = (float)t->style->sizes[NB_ROLE_TABLE];
    char number[64];
    snprintf(number, sizeof number, "%.*s", (int)(name - c->text), c->text);
    double a = nb_para_natural_width(text, number, NB_ROLE_TABLE, size);
    double b = nb_para_natural_width(text, name, NB_ROLE_TABLE, size);
    return (a > b ? a : b) + 2 * t->style->cell_pad + 0.02 * size;
}

/* A group label wider than its column takes the width from the number
 * columns.  False only for want of memory, as for the helpers below. */
static bool widen_group_labels(nb_table *t, nb_text *text)
{
    const nb_form_table *f = t->form;
    int n = f->ncols;
    for (int i = 0; i < f->ncells; i++) {
        const nb_form_cell *c = &f->cells[i];
        double need = label_need(t, text, c);
        double have = t->col_x[c->col + 1] - t->col_x[c->col];
        if (need <= have)
            continue;     /* not a group label, or wide enough: no donors to count */
        double donors = 0;
        for (int k = 0; k < n; k++)
            if (k != c->col && numbers_only(f, k))
                donors += t->col_x[k + 1] - t->col_x[k];
        double extra = need - have;
        if (extra <= 0 || donors < 4 * extra)
            continue;     /* never starve the number columns */
        double x = 0;
        double *w = nb_malloc((size_t)n * sizeof *w);
        if (!w)
            return false;
        for (int k = 0; k < n; k++) {
            w[k] = t->col_x[k + 1] - t->col_x[k];
            if (k == c->col)
                w[k] += extra;
            else if (numbers_only(f, k))
                w[k] -= extra * w[k] / donors;
        }
        for (int k = 0; k < n; k++) {
            x += w[k];
            t->col_x[k + 1] = x;
        }
        nb_free(w);
    }
    return true;
}

/* Width a cell needs to hold `s` on one line at the role's size. */
static double one_line_need(const nb_table *t, nb_text *text, const char *s, int role)
{
    float size = (float)t->style->sizes[role];
    return nb_para_natural_width(text, s, role, size) + 2 * t->style->cell_pad + 0.02 * size;
}

static double col_width(const nb_table *t, int k)
{
    return t->col_x[k + 1] - t->col_x[k];
}

static void set_col_width(nb_table *t, int k, double w)
{
    double d = w - col_width(t, k);
    for (int j = k + 1; j <= t->form->ncols; j++)
        t->col_x[j] += d;
}

/* `extra` pt to the number columns whose one-column header wraps: first
 * each header that can then stand on one line, the shortest need first
 * (自然人 before 社会公益组织); what is left is shared by all of them. */
static bool give_to_wrapping_headers(nb_table *t, nb_text *text, double extra)
{
    const nb_form_table *f = t->form;
    int n = f->ncols, nwrap = 0;
    double *need = nb_calloc((size_t)n, sizeof *need);
    if (!need)
        return false;
    for (int i = 0; i < f->ncells; i++) {
        const nb_form_cell *c = &f->cells[i];
        if (!c->head || !c->text || c->cols != 1 || !numbers_only(f, c->col))
            continue;
        double lack = one_line_need(t, text, c->text, NB_ROLE_TABLE_HEAD) - col_width(t, c->col);
        if (lack > need[c->col])
            need[c->col] = lack;
    }
    for (int k = 0; k < n; k++)
        nwrap += need[k] > 0;
    for (;;) {
        int best = -1;
        for (int k = 0; k < n; k++)
            if (need[k] > 0 && need[k] <= extra && (best < 0 || need[k] < need[best]))
                best = k;
        if (best < 0)
            break;
        set_col_width(t, best, col_width(t, best) + need[best]);
        extra -= need[best];
        need[best] = -1;   /* done: shares no more */
        nwrap--;
    }
    /* What is left: to the headers that still wrap, or else to every
     * number column. */
    int share = 0;
    for (int k = 0; k < n; k++)
        share += nwrap > 0 ? need[k] > 0 : numbers_only(f, k);
    for (int k = 0; k < n && share > 0; k++)
        if (nwrap > 0 ? need[k] > 0 : numbers_only(f, k))
            set_col_width(t, k, col_width(t, k) + extra / share);
    nb_free(need);
    return true;
}

/* A vertical label's column is made just wide enough for its widest
 * character; the width it had goes to the headers that wrap. */
static bool narrow_vertical_labels(nb_table *t, nb_text *text)
{
    const nb_form_table *f = t->form;
    for (int i = 0; i < f->ncells; i++) {
        const nb_form_cell *c = &f->cells[i];
        if (!is_vertical_label(c))
            continue;
        double need = 0;
        size_t len = strlen(c->text);
        for (size_t at = 0; at < len;) {
            uint32_t cp;
            char one[8];
            int k = nb_utf8_decode(c->text + at, len - at, &cp);
            snprintf(one, sizeof one, "%.*s", k, c->text + at);
            double w = one_line_need(t, text, one, NB_ROLE_TABLE);
            need = w > need ? w : need;
            at += (size_t)k;
        }
        double extra = col_width(t, c->col) - need;
        if (extra <= 0)
            continue;
        set_col_width(t, c->col, need);
        if (!give_to_wrapping_headers(t, text, extra))
            return false;
    }
    return true;
}

/* A body row that is all heading: cells of its own only, every one a head
 * cell, none spanning down from above. */
static bool heading_row(const nb_table *t, int r)
{
    const nb_form_table *f = t->form;
    if (r < f->header_rows || t->ncrossing[r] > 0)
        return false;
    int n = 0;
    for (int i = 0; i < f->ncells; i++)
        if (f->cells[i].row == r) {
            if (!f->cells[i].head || f->cells[i].rows > 1)
                return false;
            n++;
        }
    return n > 0;
}

/* For each body row, the heading rows of the group it lies in, if the
 * group does not begin with it. */
static void find_group_headings(nb_table *t)
{
    const nb_form_table *f = t->form;
    for (int r = 0; r < f->nrows; r++) {
        t->group_from[r] = t->group_to[r] = -1;
        int first = r;   /* the group's first body row */
        while (first > f->header_rows && !heading_row(t, first - 1))
            first--;
        if (heading_row(t, r) || first == r || first == f->header_rows)
            continue;
        int top = first - 1;
        while (top > f->header_rows && heading_row(t, top - 1))
            top--;
        t->group_from[r] = top;
        t->group_to[r] = first;
    }
}

nb_status nb_table_layout(nb_text *text, nb_arena *arena, nb_diag *diag, const nb_style *style,
                          const nb_form_table *form, const nb_value *values, nb_span where,
                          nb_table **out)
{
    nb_table *t = nb_arena_alloc(arena, sizeof *t);
    if (!t)
        return NB_ERR_NOMEM;
    t->form = form;
    t->style = style;
    t->col_x = NB_ARENA_NEW_ARRAY(arena, double, form->ncols + 1);
    t->row_h = NB_ARENA_NEW_ARRAY(arena, double, form->nrows);
    t->row_y = NB_ARENA_NEW_ARRAY(arena, double, form->nrows + 1);
    t->cells = NB_ARENA_NEW_ARRAY(arena, cell_text, form->ncells);
    t->crossing = NB_ARENA_NEW_ARRAY(arena, int, (size_t)form->nrows * form->ncols);
    t->ncrossing = NB_ARENA_NEW_ARRAY(arena, int, form->nrows);
    t->group_from = NB_ARENA_NEW_ARRAY(arena, int, form->nrows);
    t->group_to = NB_ARENA_NEW_ARRAY(arena, int, form->nrows);
    if (!t->col_x || !t->row_h || !t->row_y || !t->cells || !t->crossing || !t->ncrossing
        || !t->group_from || !t->group_to)
        return NB_ERR_NOMEM;
    double total = 0;
    for (int c = 0; c < form->ncols; c++)
        total += form->widths[c];
    for (int c = 0; c < form->ncols; c++)
        t->col_x[c + 1] = t->col_x[c] + style->block_w * form->widths[c] / total;
    if (!widen_group_labels(t, text) || !narrow_vertical_labels(t, text))
        return NB_ERR_NOMEM;
    for (int i = 0; i < form->ncells; i++) {
        nb_status st = set_cell(text, arena, diag, t, &form->cells[i], values, where, &t->cells[i]);
        if (st != NB_OK)
            return st;
    }
    size_rows(t);
    for (int r = 0; r < form->nrows; r++)
        t->row_y[r + 1] = t->row_y[r] + t->row_h[r];
    for (int i = 0; i < form->ncells; i++) {
        const nb_form_cell *c = &form->cells[i];
        for (int r = c->row + 1; r < c->row + c->rows && r < form->nrows; r++)
            t->crossing[r * form->ncols + t->ncrossing[r]++] = i;
    }
    find_group_headings(t);
    *out = t;
    return NB_OK;
}

/* ---- breaking ------------------------------------------------------------- */

/* A part under a header shows at least this many body rows: fewer read as
 * a stub (the table's start then moves to the next page, or an earlier
 * break leaves more for the last part). */
enum { MIN_PART_ROWS = 3 };

/* Height a cell's text needs, padding included. */
static double text_need(const nb_table *t, int cell)
{
    return t->cells[cell].height + 2 * t->style->cell_pad;
}

/* A label taller than the shortest part could hold (三、本年度办理结果 set
 * down its 22 rows) would forbid every short part.  On a part too short
 * for it such a label is set smaller, down to 六号 (7.5 pt), and shown
 * only where it fits so; where it is shown again after a cut, the rows
 * under it grow to hold it at that size at least. */
static const double smallest_label_size = 7.5;   /* pt */

static bool taller_than_a_part(const nb_table *t, int cell)
{
    return text_need(t, cell) > MIN_PART_ROWS * t->style->min_row;
}

/* The scale at which a cell's text is drawn in `height` pt: 1 when it
 * fits, less for a tall label set smaller, 0 when it is not drawn. */
static double fit_scale(const nb_table *t, int cell, double height)
{
    const cell_text *ct = &t->cells[cell];
    if (height >= text_need(t, cell) - 0.01 || ct->height <= 0)
        return 1;
    if (!taller_than_a_part(t, cell))
        return 1;   /* cut_ok and part_rows saw to it that it fits */
    double s = (height - 2 * t->style->cell_pad) / ct->height;
    return s * ct->size >= smallest_label_size - 1e-6 ? s : 0;
}

/* Height a label shown again after a cut must have: its text's, or a tall
 * label's at the smallest size. */
static double room_after_cut(const nb_table *t, int cell)
{
    const cell_text *ct = &t->cells[cell];
    if (!taller_than_a_part(t, cell))
        return text_need(t, cell);
    return ct->height * smallest_label_size / ct->size + 2 * t->style->cell_pad;
}

/* The height of body row r in the part [a, b): the form's, or more where a
 * label cut before row a is shown again over rows too short for it — the
 * rows it spans in the part share what it lacks. */
static double part_row(const nb_table *t, int a, int b, int r)
{
    double h = t->row_h[r];
    if (a <= 0 || a >= t->form->nrows)
        return h;
    for (int k = 0; k < t->ncrossing[a]; k++) {
        int i = t->crossing[a * t->form->ncols + k];
        const nb_form_cell *c = &t->form->cells[i];
        int end = c->row + c->rows, last = end < b ? end : b;
        double lack = r < last ? room_after_cut(t, i) - nb_table_height(t, a, last) : 0;
        if (lack > 0 && t->row_h[r] + lack / (last - a) > h)
            h = t->row_h[r] + lack / (last - a);
    }
    return h;
}

static double part_height(const nb_table *t, int a, int b)
{
    if (a <= 0 || a >= t->form->nrows || t->ncrossing[a] == 0)
        return nb_table_height(t, a, b);
    double h = 0;
    for (int r = a; r < b; r++)
        h += part_row(t, a, b, r);
    return h;
}

/* A break before row b must leave every label it cuts that begins in the
 * part [a, b) tall enough above the cut for its text (a tall label is set
 * smaller or shown below instead); below the cut the label is shown again
 * and its rows grow as they need (part_row). */
static bool cut_ok(const nb_table *t, int a, int b)
{
    if (b >= t->form->nrows)
        return true;
    for (int k = 0; k < t->ncrossing[b]; k++) {
        int i = t->crossing[b * t->form->ncols + k];
        const nb_form_cell *c = &t->form->cells[i];
        if (c->row >= a && c->rows > 1 && !taller_than_a_part(t, i)
            && nb_table_height(t, c->row, b) < text_need(t, i))
            return false;
    }
    return true;
}

/* Whether [a, b) may be a part of a table with `n` rows: at least
 * MIN_PART_ROWS body rows under a header, and as many left for the rest,
 * unless the table has fewer body rows than that in all. */
static bool part_size_ok(const nb_form_table *f, int a, int b)
{
    if (f->header_rows == 0 || b - a >= MIN_PART_ROWS || (a == f->header_rows && b == f->nrows))
        return b == f->nrows || f->nrows - b >= MIN_PART_ROWS;
    return false;
}

/* The rows shown again over a part that begins at body row a: the header
 * (when asked for) and the heading of a group the part begins inside. */
static double repeated_height(const nb_table *t, int a, bool with_header)
{
    double h = with_header ? nb_table_height(t, 0, t->form->header_rows) : 0;
    if (a < t->form->nrows && t->group_from[a] >= 0)
        h += nb_table_height(t, t->group_from[a], t->group_to[a]);
    return h;
}

int nb_table_fit(const nb_table *t, int a, double avail, bool with_header)
{
    const nb_form_table *f = t->form;
    double head = repeated_height(t, a, with_header);
    int best = a;
    for (int b = a + 1; b <= f->nrows; b++) {
        if (head + part_height(t, a, b) > avail + 0.01)
            break;
        bool cut = b == f->nrows || (!f->keep_with_next[b - 1] && cut_ok(t, a, b));
        if (cut && part_size_ok(f, a, b))
            best = b;
    }
    return best;
}

/* ---- drawing -------------------------------------------------------------- */

typedef struct part {
    int *rows;           /* form rows in the part, top to bottom */
    int n;
    double *y;           /* n + 1 row edges, page coordinates */
} part;

static int part_index(const part *p, int row)
{
    for (int i = 0; i < p->n; i++)
        if (p->rows[i] == row)
            return i;
    return -1;
}

/* First and last part rows that a cell covers, or false if none. */
static bool cell_span(const part *p, const nb_form_cell *c, int *first, int *last)
{
    *first = *last = -1;
    for (int i = 0; i < p->n; i++)
        if (p->rows[i] >= c->row && p->rows[i] < c->row + c->rows) {
            if (*first < 0)
                *first = i;
            *last = i;
        }
    return *first >= 0;
}

static void add_rule(nb_page *page, nb_arena *arena, double x1, double y1, double x2, double y2,
                     double w)
{
    nb_item *it = nb_page_add_item(page, arena);
    if (it)
        *it = (nb_item){.kind = NB_ITEM_RULE, .x = x1, .y = y1, .x2 = x2, .y2 = y2, .stroke = w};
}

static int *owner_grid(const nb_table *t, const part *p, nb_arena *arena)
{
    const nb_form_table *f = t->form;
    int *owner = NB_ARENA_NEW_ARRAY(arena, int, p->n * f->ncols);
    if (!owner)
        return NULL;
    for (int i = 0; i < f->ncells; i++) {
        const nb_form_cell *c = &f->cells[i];
        int first, last;
        if (!cell_span(p, c, &first, &last))
            continue;
        for (int r = first; r <= last; r++)
            for (int k = c->col; k < c->col + c->cols; k++)
                owner[r * f->ncols + k] = i;
    }
    return owner;
}

static void draw_rules(const nb_table *t, const part *p, const int *owner, nb_page *page,
                       nb_arena *arena, double x0)
{
    int nc = t->form->ncols;
    double w = t->style->rule;
    for (int r = 0; r <= p->n; r++)
        for (int c = 0; c < nc;) {
            bool drawn = r == 0 || r == p->n || owner[(r - 1) * nc + c] != owner[r * nc + c];
            int end = c + 1;
            while (drawn && end < nc &&
                   (r == 0 || r == p->n || owner[(r - 1) * nc + end] != owner[r * nc + end]))
                end++;
            if (drawn)
                add_rule(page, arena, x0 + t->col_x[c], p->y[r], x0 + t->col_x[end], p->y[r], w);
            c = end;
        }
    for (int c = 0; c <= nc; c++)
        for (int r = 0; r < p->n;) {
            bool drawn = c == 0 || c == nc || owner[r * nc + c - 1] != owner[r * nc + c];
            int end = r + 1;
            while (drawn && end < p->n &&
                   (c == 0 || c == nc || owner[end * nc + c - 1] != owner[end * nc + c]))
                end++;
            if (drawn)
                add_rule(page, arena, x0 + t->col_x[c], p->y[r], x0 + t->col_x[c], p->y[end], w);
            r = end;
        }
}

/* A copy of a centred cell line set at `s` times its size. */
static const nb_line *scaled_line(nb_arena *arena, const nb_line *l, double s, double inner)
{
    nb_line *c = nb_arena_alloc(arena, sizeof *c);
    nb_glyph *g = NB_ARENA_NEW_ARRAY(arena, nb_glyph, l->nglyphs + 1);
    if (!c || !g)
        return NULL;
    *c = *l;
    c->glyphs = g;
    for (int k = 0; k < l->nglyphs; k++) {
        g[k] = l->glyphs[k];
        g[k].x *= (float)s;
        g[k].dy *= (float)s;
        g[k].advance *= (float)s;
    }
    c->size *= (float)s;
    c->width *= (float)s;
    c->ascent *= (float)s;
    c->descent *= (float)s;
    c->offset = (float)((inner - c->width) / 2);
    return c;
}

static void draw_cell(const nb_table *t, int i, const part *p, nb_page *page, nb_arena *arena,
                      double x0, bool fill)
{
    const nb_form_cell *c = &t->form->cells[i];
    const cell_text *ct = &t->cells[i];
    int first, last;
    if (!cell_span(p, c, &first, &last))
        return;
    double left = x0 + t->col_x[c->col], right = x0 + t->col_x[c->col + c->cols];
    double top = p->y[first], bottom = p->y[last + 1];
    if (fill) {
        nb_item *it = c->head && t->style->head_gray < 1 ? nb_page_add_item(page, arena) : NULL;
        if (it)
            *it = (nb_item){.kind = NB_ITEM_FILL, .x = left, .y = top, .x2 = right, .y2 = bottom,
                            .gray = t->style->head_gray};
        return;
    }
    nb_cell_mark *mark = c->field >= 0 ? nb_page_add_cell(page, arena) : NULL;
    if (mark)
        *mark = (nb_cell_mark){t->form, c->field, left, top, right, bottom};
    double s = fit_scale(t, i, bottom - top);
    if (s == 0)
        return;   /* a tall label on a part too short for it: shown on the other */
    double y = top + (bottom - top - s * ct->height) / 2;
    double inner = right - left - 2 * t->style->cell_pad;
    for (int l = 0; l < ct->nlines; l++) {
        const nb_line *line = s < 1 ? scaled_line(arena, &ct->lines[l], s, inner) : &ct->lines[l];
        nb_item *it = line ? nb_page_add_item(page, arena) : NULL;
        if (!it)
            return;
        /* The ideographs' body is centred on the line: its middle lies
         * about 0.38 em above the baseline. */
        double baseline = y + s * ((l + 0.5) * ct->pitch + 0.38 * ct->size);
        *it = (nb_item){.kind = NB_ITEM_TEXT, .x = left + t->style->cell_pad + line->offset,
                        .y = baseline, .line = line,
                        .embolden = c->head ? t->style->head_embolden : 0};
    }
}

double nb_table_draw(const nb_table *t, nb_page *page, nb_arena *arena, double x, double y,
                     int a, int b, bool with_header)
{
    const nb_form_table *f = t->form;
    int g0 = a < f->nrows ? t->group_from[a] : -1, g1 = g0 >= 0 ? t->group_to[a] : -1;
    int nh = (with_header ? f->header_rows : 0) + (g1 - g0);
    part p = {NB_ARENA_NEW_ARRAY(arena, int, nh + b - a + 1), 0,
              NB_ARENA_NEW_ARRAY(arena, double, nh + b - a + 2)};
    if (!p.rows || !p.y)
        return 0;
    for (int r = 0; with_header && r < f->header_rows; r++)
        p.rows[p.n++] = r;
    for (int r = g0; r < g1; r++)
        p.rows[p.n++] = r;
    for (int r = a; r < b; r++)
        if (part_index(&p, r) < 0)
            p.rows[p.n++] = r;
    p.y[0] = y;
    for (int i = 0; i < p.n; i++)
        p.y[i + 1] = p.y[i] + (i < nh ? t->row_h[p.rows[i]] : part_row(t, a, b, p.rows[i]));
    int *owner = owner_grid(t, &p, arena);
    if (!owner)
        return 0;
    for (int i = 0; i < f->ncells; i++)
        draw_cell(t, i, &p, page, arena, x, true);
    draw_rules(t, &p, owner, page, arena, x);
    for (int i = 0; i < f->ncells; i++)
        draw_cell(t, i, &p, page, arena, x, false);
    return p.y[p.n] - y;
}
