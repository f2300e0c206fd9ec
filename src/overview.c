/* overview.c — layout stage: the overview of a district's batch.  Its table
 * is made as a form table in the arena — a header row (机关名称 and the
 * form's `overview` column labels), one row per body, a 合计 row — so that
 * table.c sets, breaks and draws it exactly as it does the report's own
 * tables (header repeated on every page).  Above it a centred title;
 * under it the reports it leaves out. */
#include "overview.h"
#include "table.h"

#include <stdio.h>
#include <string.h>

typedef struct grid_builder {
    nb_arena *arena;
    nb_form_table *t;
    nb_value *values;
    int ncells, nfields;
} grid_builder;

static void add_cell(grid_builder *g, int row, int col, const char *text, bool head)
{
    nb_form_cell *c = &g->t->cells[g->ncells++];
    *c = (nb_form_cell){row, col, 1, 1, text, -1, head};
}

static void add_number(grid_builder *g, int row, int col, int64_t v)
{
    nb_form_cell *c = &g->t->cells[g->ncells++];
    *c = (nb_form_cell){row, col, 1, 1, NULL, g->nfields, false};
    g->values[g->nfields++] = (nb_value){.v = v * NB_VALUE_SCALE, .given = true};
}

static int count_chars(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* A column heading of four characters or more is set in two equal lines
 * (本年/新收): the figure columns are narrow, and a break left to the
 * line breaker would leave one character alone (本年新/收). */
static const char *two_line_label(nb_arena *a, const char *label)
{
    int nchars = count_chars(label);
    if (nchars < 4)
        return label;
    const char *mid = label;
    for (int k = 0; k < nchars / 2; k++)
        do
            mid++;
        while (((unsigned char)*mid & 0xC0) == 0x80);
    size_t head = (size_t)(mid - label), len = strlen(label);
    char *s = nb_arena_alloc(a, len + 2);
    if (!s)
        return label;
    memcpy(s, label, head);
    s[head] = '\n';
    memcpy(s + head + 1, mid, len - head + 1);
    return s;
}

static const nb_batch_item *nth_good(const nb_batch *b, int k)
{
    for (int i = 0; i < b->nitems; i++)
        if (b->items[i].state != NB_ITEM_BAD && b->items[i].state != NB_ITEM_PENDING && k-- == 0)
            return &b->items[i];
    return NULL;
}

static int count_good(const nb_batch *b)
{
    int n = 0;
    while (nth_good(b, n))
        n++;
    return n;
}

static const char *body_name(const nb_batch_item *it)
{
    return it->body ? it->body : it->name;
}

/* The name column is as wide as the longest name needs — an em of the
 * table face a character, plus the cell's padding — so that a body's name
 * reads on one line; at least 2.4 figure columns, at most half the block
 * (a longer name wraps). */
static double name_weight(const nb_style *st, const nb_batch *b, int nfigures)
{
    int longest = 0;
    for (int k = 0; nth_good(b, k); k++) {
        int n = count_chars(body_name(nth_good(b, k)));
        longest = n > longest ? n : longest;
    }
    double need = longest * st->sizes[NB_ROLE_TABLE] + 2 * st->cell_pad + 2;
    if (need > st->block_w / 2)
        need = st->block_w / 2;
    double w = nfigures * need / (st->block_w - need);   /* w / (w + nfigures) = need / block */
    return w > 2.4 ? w : 2.4;
}

static bool alloc_table(grid_builder *g, int nrows, int ncols, double name_w)
{
    nb_form_table *t = g->t;
    t->key = "汇总";
    t->name = "政府信息公开工作年度报告汇总";
    t->nrows = nrows;
    t->ncols = ncols;
    t->header_rows = 1;
    t->widths = NB_ARENA_NEW_ARRAY(g->arena, double, ncols);
    t->cells = NB_ARENA_NEW_ARRAY(g->arena, nb_form_cell, nrows * ncols);
    t->keep_with_next = NB_ARENA_NEW_ARRAY(g->arena, bool, nrows);
    t->row_names = NB_ARENA_NEW_ARRAY(g->arena, const char *, nrows);
    g->values = NB_ARENA_NEW_ARRAY(g->arena, nb_value, nrows * ncols);
    if (!t->widths || !t->cells || !t->keep_with_next || !t->row_names || !g->values)
        return false;
    t->widths[0] = name_w;   /* a body's name; the figures share the rest */
    for (int c = 1; c < ncols; c++)
        t->widths[c] = 1;
    return true;
}

static bool build_table(grid_builder *g, const nb_style *st, const nb_form *form,
                        const nb_batch *b)
{
    int nbodies = count_good(b), ncols = form->noverview + 1;
    if (!alloc_table(g, nbodies + 2, ncols, name_weight(st, b, form->noverview)))
        return false;
    add_cell(g, 0, 0, "机关名称", true);
    for (int c = 0; c < form->noverview; c++)
        add_cell(g, 0, c + 1, two_line_label(g->arena, form->overview[c].label), true);
    int64_t totals[NB_OVERVIEW_MAX] = {0};
    for (int r = 0; r < nbodies; r++) {
        const nb_batch_item *it = nth_good(b, r);
        add_cell(g, r + 1, 0, body_name(it), false);
        for (int c = 0; c < form->noverview && c < NB_OVERVIEW_MAX; c++) {
            int64_t v = c < it->nheadline ? it->headline[c] / NB_VALUE_SCALE : 0;
            add_number(g, r + 1, c + 1, v);
            totals[c] += v;
        }
    }
    add_cell(g, nbodies + 1, 0, "合计", true);
    for (int c = 0; c < form->noverview && c < NB_OVERVIEW_MAX; c++)
        add_number(g, nbodies + 1, c + 1, totals[c]);
    g->t->ncells = g->ncells;
    g->t->nfields = g->nfields;
    return true;
}

/* Lines of `text` in `role` from *y down; a line that would pass the
 * foot of the block goes to a new page. */
static nb_status put_text(nb_job *job, const nb_style *st, nb_doc *doc, const char *text,
                          int role, nb_align align, double *y)
{
    nb_para_style ps = {role, (float)st->sizes[role], (float)st->block_w, 0, 0, align, false};
    nb_line *lines;
    int n;
    nb_status rc = nb_para_layout(job->text, job->arena, &job->diag, (nb_span){0}, text, &ps,
                                  &lines, &n);
    for (int i = 0; rc == NB_OK && i < n; i++) {
        if (*y + st->line_pitch > st->block_h) {
            if (!nb_doc_add_page(doc, job->arena))
                return NB_ERR_NOMEM;
            *y = 0;
        }
        nb_item *it = nb_page_add_item(&doc->pages[doc->npages - 1], job->arena);
        if (!it)
            return NB_ERR_NOMEM;
        *y += st->line_pitch;
        *it = (nb_item){.kind = NB_ITEM_TEXT, .x = st->left + lines[i].offset,
                        .y = st->top + *y - st->line_pitch / 2 + 0.38 * lines[i].size,
                        .line = &lines[i]};
    }
    return rc;
}

static int common_year(const nb_batch *b)
{
    int year = 0;
    for (int k = 0; nth_good(b, k); k++) {
        int y = nth_good(b, k)->year;
        if (year && y != year)
            return 0;
        year = y;
    }
    return year;
}

/* The table in parts that fit from *y down, the header repeated on each
 * new page; *y ends under its last part. */
static nb_status put_rows(nb_job *job, const nb_style *st, nb_doc *doc, const nb_table *table,
                          double *yp)
{
    double y = *yp;
    int a = nb_table_header_rows(table), nrows = nb_table_rows(table);
    while (a < nrows) {
        nb_page *page = &doc->pages[doc->npages - 1];
        int b = nb_table_fit(table, a, st->block_h - y, true);
        if (b <= a) {
            if (y == 0) {
                nb_diag_error(&job->diag, (nb_span){0}, "汇总表的一行比一页还高，无法排版");
                return NB_ERR_LAYOUT;
            }
        } else {
            y += nb_table_draw(table, page, job->arena, st->left, st->top + y, a, b, true);
            a = b;
        }
        if (a < nrows) {
            if (!nb_doc_add_page(doc, job->arena))
                return NB_ERR_NOMEM;
            y = 0;
        }
    }
    *yp = y;
    return NB_OK;
}

/* Under the table, the reports it leaves out and why (数据有误, 未处理),
 * so that its 合计 is never taken for the whole district's.  NULL when it
 * leaves none out. */
static const char *left_out_note(nb_arena *a, const nb_batch *b)
{
    size_t cap = 64;
    for (int i = 0; i < b->nitems; i++)
        cap += strlen(b->items[i].name) + 32;
    char *s = nb_arena_alloc(a, cap);
    if (!s)
        return NULL;
    size_t n = (size_t)snprintf(s, cap, "未计入本表：");
    int count = 0;
    for (int i = 0; i < b->nitems; i++) {
        const nb_batch_item *it = &b->items[i];
        if (it->state != NB_ITEM_BAD && it->state != NB_ITEM_PENDING)
            continue;
        n += (size_t)snprintf(s + n, cap - n, "%s%s（%s）", count++ ? "；" : "", it->name,
                              nb_batch_state_name(it->state));
    }
    snprintf(s + n, cap - n, "。");
    return count ? s : NULL;
}

nb_status nb_overview_layout(const nb_run *run, nb_job *job, const nb_batch *batch, nb_doc *doc)
{
    const nb_style *st = nb_run_style(run);
    const nb_form *form = nb_run_newest_form(run);
    memset(doc, 0, sizeof *doc);
    doc->width = st->page_w;
    doc->height = st->page_h;
    doc->lang = "zh-CN";
    nb_form_table *ft = nb_arena_alloc(job->arena, sizeof *ft);
    grid_builder g = {job->arena, ft, NULL, 0, 0};
    if (!ft || !build_table(&g, st, form, batch) || !nb_doc_add_page(doc, job->arena))
        return NB_ERR_NOMEM;
    char title[128];
    int year = common_year(batch);
    snprintf(title, sizeof title, year ? "%d年政府信息公开工作年度报告汇总表" : "政府信息公开工作年度报告汇总表",
             year);
    doc->title = nb_arena_strdup(job->arena, title);
    doc->subject = doc->title;
    double y = 0;
    nb_status rc = put_text(job, st, doc, title, NB_ROLE_TITLE, NB_ALIGN_CENTER, &y);
    y += st->line_pitch;
    nb_table *table = NULL;
    if (rc == NB_OK)
        rc = nb_table_layout(job->text, job->arena, &job->diag, st, ft, g.values, (nb_span){0},
                             &table);
    if (rc == NB_OK)
        rc = put_rows(job, st, doc, table, &y);
    const char *note = rc == NB_OK ? left_out_note(job->arena, batch) : NULL;
    y += st->line_pitch / 2;
    if (note)
        rc = put_text(job, st, doc, note, NB_ROLE_BODY, NB_ALIGN_JUSTIFY, &y);
    return rc;
}
