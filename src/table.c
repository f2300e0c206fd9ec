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
 * where a cell spanning the cut would be too short on either side for its
 * text.  A part may repeat the header rows; a spanning cell cut by the
 * break is drawn, with its text, in both parts.
 *
 * Drawing: fills of head cells first, then the rules, then the text, so
 * no fill hides a rule.  A rule is drawn along a cell edge only where the
 * cells on its two sides differ, which is how merged cells show. */
#include "table.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

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
    cell_text *cells;    /* per form cell */
};

int nb_table_rows(const nb_table *t) { return t->form->nrows; }
int nb_table_header_rows(const nb_table *t) { return t->form->header_rows; }

double nb_table_height(const nb_table *t, int a, int b)
{
    double h = 0;
    for (int r = a; r < b; r++)
        h += t->row_h[r];
    return h;
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
    int64_t whole = v->v / NB_VALUE_SCALE, frac = v->v % NB_VALUE_SCALE;
    if (frac == 0) {
        snprintf(out, cap, "%lld", (long long)whole);
        return;
    }
    char digits[8];
    snprintf(digits, sizeof digits, "%04lld", (long long)frac);
    for (int i = 3; i > 0 && digits[i] == '0'; i--)
        digits[i] = '\0';
    snprintf(out, cap, "%lld.%s", (long long)whole, digits);
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

/* A group label is set as its number on one line, its name below. */
static nb_status set_group_label(nb_text *text, nb_arena *arena, nb_diag *diag, nb_span where,
                                 const nb_form_cell *c, const char *name,
                                 const nb_para_style *ps, cell_text *out)
{
    char *number = nb_arena_alloc(arena, (size_t)(name - c->text) + 1);
    if (!number)
        return NB_ERR_NOMEM;
    memcpy(number, c->text, (size_t)(name - c->text));
    number[name - c->text] = '\0';
    nb_line *a, *b;
    int na, nb;
    nb_status rc = nb_para_layout(text, arena, diag, where, number, ps, &a, &na);
    if (rc == NB_OK)
        rc = nb_para_layout(text, arena, diag, where, name, ps, &b, &nb);
    if (rc != NB_OK)
        return rc;
    out->lines = NB_ARENA_NEW_ARRAY(arena, nb_line, na + nb);
    if (!out->lines)
        return NB_ERR_NOMEM;
    memcpy(out->lines, a, (size_t)na * sizeof *a);
    memcpy(out->lines + na, b, (size_t)nb * sizeof *b);
    out->nlines = na + nb;
    return NB_OK;
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
                        left ? NB_ALIGN_JUSTIFY : NB_ALIGN_CENTER};
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
    nb_status rc = name ? set_group_label(text, arena, diag, where, c, name, &ps, out)
                        : nb_para_layout(text, arena, diag, where, s, &ps, &out->lines, &out->nlines);
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
            double have = nb_table_height(t, c->row, c->row + c->rows);
            double need = t->cells[i].height + pad2;
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

static void widen_group_labels(nb_table *t, nb_text *text)
{
    const nb_form_table *f = t->form;
    int n = f->ncols;
    for (int i = 0; i < f->ncells; i++) {
        const nb_form_cell *c = &f->cells[i];
        double need = label_need(t, text, c);
        double have = t->col_x[c->col + 1] - t->col_x[c->col];
        double donors = 0;
        for (int k = 0; k < n; k++)
            if (k != c->col && numbers_only(f, k))
                donors += t->col_x[k + 1] - t->col_x[k];
        double extra = need - have;
        if (extra <= 0 || donors < 4 * extra)
            continue;     /* never starve the number columns */
        double x = 0;
        double *w = malloc((size_t)n * sizeof *w);
        if (!w)
            return;
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
        free(w);
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
    t->cells = NB_ARENA_NEW_ARRAY(arena, cell_text, form->ncells);
    if (!t->col_x || !t->row_h || !t->cells)
        return NB_ERR_NOMEM;
    double total = 0;
    for (int c = 0; c < form->ncols; c++)
        total += form->widths[c];
    for (int c = 0; c < form->ncols; c++)
        t->col_x[c + 1] = t->col_x[c] + style->block_w * form->widths[c] / total;
    widen_group_labels(t, text);
    for (int i = 0; i < form->ncells; i++) {
        nb_status st = set_cell(text, arena, diag, t, &form->cells[i], values, where, &t->cells[i]);
        if (st != NB_OK)
            return st;
    }
    size_rows(t);
    *out = t;
    return NB_OK;
}

/* ---- breaking ------------------------------------------------------------- */

/* A break before row b must leave every spanning cell it cuts tall enough
 * on both sides for its text. */
static bool cut_ok(const nb_table *t, int a, int b)
{
    const nb_form_table *f = t->form;
    for (int i = 0; i < f->ncells; i++) {
        const nb_form_cell *c = &f->cells[i];
        int end = c->row + c->rows;
        if (c->rows < 2 || c->row >= b || end <= b)
            continue;
        double need = t->cells[i].height + 2 * t->style->cell_pad;
        int top = c->row > a ? c->row : a;
        if (nb_table_height(t, top, b) < need || nb_table_height(t, b, end) < need)
            return false;
    }
    return true;
}

int nb_table_fit(const nb_table *t, int a, double avail, bool with_header)
{
    const nb_form_table *f = t->form;
    double h = with_header ? nb_table_height(t, 0, f->header_rows) : 0;
    int best = a, widow = a;
    for (int b = a + 1; b <= f->nrows; b++) {
        h += t->row_h[b - 1];
        if (h > avail + 0.01)
            break;
        if (b == f->nrows || (!f->keep_with_next[b - 1] && cut_ok(t, a, b))) {
            /* A last part of one row under a repeated header reads badly:
             * take such a break only when there is no other. */
            if (f->nrows - b == 1 && f->header_rows > 0)
                widow = b;
            else
                best = b;
        }
    }
    return best > a ? best : widow;
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
    double y = top + (bottom - top - ct->height) / 2;
    for (int l = 0; l < ct->nlines; l++) {
        nb_item *it = nb_page_add_item(page, arena);
        if (!it)
            return;
        /* The ideographs' body is centred on the line: its middle lies
         * about 0.38 em above the baseline. */
        double baseline = y + (l + 0.5) * ct->pitch + 0.38 * ct->size;
        *it = (nb_item){.kind = NB_ITEM_TEXT, .x = left + t->style->cell_pad + ct->lines[l].offset,
                        .y = baseline, .line = &ct->lines[l],
                        .embolden = c->head ? t->style->head_embolden : 0};
    }
}

double nb_table_draw(const nb_table *t, nb_page *page, nb_arena *arena, double x, double y,
                     int a, int b, bool with_header)
{
    const nb_form_table *f = t->form;
    int nh = with_header ? f->header_rows : 0;
    part p = {NB_ARENA_NEW_ARRAY(arena, int, nh + b - a + 1), 0,
              NB_ARENA_NEW_ARRAY(arena, double, nh + b - a + 2)};
    if (!p.rows || !p.y)
        return 0;
    for (int r = 0; r < nh; r++)
        p.rows[p.n++] = r;
    for (int r = a; r < b; r++)
        if (part_index(&p, r) < 0)
            p.rows[p.n++] = r;
    p.y[0] = y;
    for (int i = 0; i < p.n; i++)
        p.y[i + 1] = p.y[i] + t->row_h[p.rows[i]];
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
