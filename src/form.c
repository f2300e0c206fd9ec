/* form.c — input stage: layouts/forms/<year>.yaml → nb_form.  Places the
 * cells of each table on its grid (HTML rules: a row's cells fill the next
 * columns not covered by a row span from above), creates one field per
 * number cell, and expands the rules into plain equations over fields.
 * The file's own mistakes (overlapping or missing cells, a rule naming an
 * unknown field) are reported with their position. */
#include "form.h"
#include "yamlread.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_GRID = 64 };

typedef struct form_reader {
    nb_diag *diag;
    nb_arena *arena;
    nb_yaml yaml;
    nb_form *form;
} form_reader;

static const char *str_at(form_reader *r, nb_ynode *map, const char *key)
{
    return nb_yaml_text(r->arena, nb_yaml_get(map, key));
}

static int int_at(form_reader *r, nb_ynode *map, const char *key, int dflt)
{
    const char *s = str_at(r, map, key);
    if (!s)
        return dflt;
    char *end;
    long v = strtol(s, &end, 10);
    if (*end || v < 0 || v > MAX_GRID * 100) {
        nb_diag_error(r->diag, nb_yaml_span(&r->yaml, nb_yaml_get(map, key)),
                      "表格格式文件：「%s」应为非负整数，实为「%s」", key, s);
        return dflt;
    }
    return (int)v;
}

static bool bool_at(form_reader *r, nb_ynode *map, const char *key)
{
    const char *s = str_at(r, map, key);
    return s && (strcmp(s, "true") == 0 || strcmp(s, "yes") == 0);
}

static unsigned path_hash(const char *s)
{
    uint32_t h = 2166136261u;   /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

int nb_form_find_field(const nb_form_table *t, const char *path)
{
    if (!t->field_index) {
        for (int i = 0; i < t->nfields; i++)
            if (strcmp(t->fields[i].path, path) == 0)
                return i;
        return -1;
    }
    for (unsigned i = path_hash(path) & (t->field_slots - 1);; i = (i + 1) & (t->field_slots - 1)) {
        int f = t->field_index[i] - 1;
        if (f < 0 || strcmp(t->fields[f].path, path) == 0)
            return f;
    }
}

/* The index of nb_form_find_field (rules, overview columns and every
 * number of every report look fields up by path: seed 001's form took
 * 1.9 M instructions of strcmp without it).  The first field of a path
 * is found, as by the search one by one. */
static bool index_fields(form_reader *r, nb_form_table *t)
{
    unsigned slots = 16;
    while (slots < 2u * (unsigned)t->nfields)
        slots *= 2;
    int *index = NB_ARENA_NEW_ARRAY(r->arena, int, slots);
    if (!index)
        return false;
    for (int f = 0; f < t->nfields; f++) {
        unsigned i = path_hash(t->fields[f].path) & (slots - 1);
        while (index[i] && strcmp(t->fields[index[i] - 1].path, t->fields[f].path) != 0)
            i = (i + 1) & (slots - 1);
        if (!index[i])
            index[i] = f + 1;
    }
    t->field_index = index;
    t->field_slots = slots;
    return true;
}

int nb_form_find_table(const nb_form *form, const char *key)
{
    for (int i = 0; i < form->ntables; i++)
        if (strcmp(form->tables[i].key, key) == 0)
            return i;
    return -1;
}

const char *nb_form_join(nb_arena *a, const char *prefix, const char *leaf)
{
    if (!*prefix)
        return leaf;
    size_t lp = strlen(prefix), ll = strlen(leaf);
    char *s = nb_arena_alloc(a, lp + ll + 2);
    if (!s)
        return leaf;   /* never NULL: the arena remembers the failure (nb_arena_failed) */
    memcpy(s, prefix, lp);
    s[lp] = '.';
    memcpy(s + lp + 1, leaf, ll + 1);
    return s;
}

void nb_form_format_value(int64_t v, char *out, size_t cap)
{
    int64_t whole = v / NB_VALUE_SCALE, frac = v % NB_VALUE_SCALE;
    if (frac < 0)
        frac = -frac;
    if (frac == 0) {
        snprintf(out, cap, "%lld", (long long)whole);
        return;
    }
    char digits[8];
    snprintf(digits, sizeof digits, "%04lld", (long long)frac);
    for (int i = 3; i > 0 && digits[i] == '0'; i--)
        digits[i] = '\0';
    snprintf(out, cap, "%s%lld.%s", v < 0 && whole == 0 ? "-" : "", (long long)whole, digits);
}

/* "规章.本年制发件数" → row "规章", column "本年制发件数"; "行政许可" → row only. */
static void split_field_names(nb_arena *a, nb_field *f)
{
    const char *dot = strrchr(f->path, '.');
    if (!dot) {
        f->row_name = f->path;
        f->col_name = NULL;
        return;
    }
    f->row_name = nb_arena_strndup(a, f->path, (size_t)(dot - f->path));
    f->col_name = dot + 1;
}

typedef struct grid {
    int nrows, ncols;
    bool taken[MAX_GRID][MAX_GRID];
} grid;

static int next_free_col(const grid *g, int row, int col)
{
    while (col < g->ncols && g->taken[row][col])
        col++;
    return col;
}

static bool place(form_reader *r, grid *g, nb_form_cell *c, nb_ynode *at)
{
    if (c->col + c->cols > g->ncols || c->row + c->rows > g->nrows) {
        nb_diag_error(r->diag, nb_yaml_span(&r->yaml, at),
                      "表格格式文件：单元格超出表格范围（第 %d 行第 %d 列，跨 %d 行 %d 列）",
                      c->row + 1, c->col + 1, c->rows, c->cols);
        return false;
    }
    for (int i = c->row; i < c->row + c->rows; i++)
        for (int j = c->col; j < c->col + c->cols; j++) {
            if (g->taken[i][j]) {
                nb_diag_error(r->diag, nb_yaml_span(&r->yaml, at),
                              "表格格式文件：单元格与其他单元格重叠（第 %d 行第 %d 列）", i + 1, j + 1);
                return false;
            }
            g->taken[i][j] = true;
        }
    return true;
}

static int add_field(form_reader *r, nb_form_table *t, int *cap, const char *path,
                     const char *row_name, const char *col_name, nb_field_kind kind)
{
    nb_field *grown = nb_arena_grow(r->arena, t->fields, t->nfields, cap, sizeof *grown);
    if (!grown)
        return -1;
    t->fields = grown;
    nb_field *f = &t->fields[t->nfields];
    f->path = path;
    f->kind = kind;
    split_field_names(r->arena, f);
    if (row_name)
        f->row_name = row_name;
    if (col_name)
        f->col_name = col_name;
    return t->nfields++;
}

typedef struct table_build {
    grid g;
    int cell_cap, field_cap;
    const char **columns;
    int ncolumns;
} table_build;

static nb_form_cell *new_cell(form_reader *r, nb_form_table *t, table_build *b)
{
    nb_form_cell *grown = nb_arena_grow(r->arena, t->cells, t->ncells, &b->cell_cap, sizeof *grown);
    if (!grown)
        return NULL;
    t->cells = grown;
    nb_form_cell *c = &t->cells[t->ncells++];
    c->field = -1;
    return c;
}

static bool read_cell(form_reader *r, nb_form_table *t, table_build *b,
                      nb_ynode *node, int row, int *col)
{
    nb_form_cell *c = new_cell(r, t, b);
    if (!c)
        return false;
    *col = next_free_col(&b->g, row, *col);
    c->row = row;
    c->col = *col;
    c->rows = int_at(r, node, "rows", 1);
    c->cols = int_at(r, node, "cols", 1);
    c->head = bool_at(r, node, "head");
    c->text = str_at(r, node, "text");
    const char *field = str_at(r, node, "field");
    if (c->rows < 1 || c->cols < 1 || (!c->text == !field)) {
        nb_diag_error(r->diag, nb_yaml_span(&r->yaml, node),
                      "表格格式文件：单元格须有 text 或 field 之一，跨度至少为 1");
        return false;
    }
    if (field) {
        const char *kind = str_at(r, node, "kind");
        bool amount = kind && strcmp(kind, "amount") == 0;
        c->field = add_field(r, t, &b->field_cap, field, NULL, NULL,
                             amount ? NB_FIELD_AMOUNT : NB_FIELD_COUNT);
        if (c->field < 0)
            return false;
    }
    *col += c->cols;
    return place(r, &b->g, c, node);
}

static bool read_data_cells(form_reader *r, nb_form_table *t, table_build *b,
                            nb_ynode *rownode, int row, int col,
                            const char *data, const char *row_name)
{
    if (b->ncolumns == 0) {
        nb_diag_error(r->diag, nb_yaml_span(&r->yaml, rownode),
                      "表格格式文件：行使用了 data，但表格没有 columns");
        return false;
    }
    for (int k = 0; k < b->ncolumns; k++) {
        nb_form_cell *c = new_cell(r, t, b);
        if (!c)
            return false;
        col = next_free_col(&b->g, row, col);
        *c = (nb_form_cell){row, col, 1, 1, NULL, -1, false};
        const char *path = nb_form_join(r->arena, data, b->columns[k]);
        c->field = add_field(r, t, &b->field_cap, path, row_name, b->columns[k],
                             NB_FIELD_COUNT);
        if (c->field < 0 || !place(r, &b->g, c, rownode))
            return false;
        col++;
    }
    return true;
}

static bool read_row(form_reader *r, nb_form_table *t, table_build *b,
                     nb_ynode *rownode, int row)
{
    const char *name = str_at(r, rownode, "name");
    t->row_names[row] = name;
    t->keep_with_next[row] = bool_at(r, rownode, "keep");
    nb_ynode *cells = nb_yaml_get(rownode, "cells");
    int col = 0;
    void *it = NULL;
    nb_ynode *cell;
    while ((cell = nb_yaml_seq_next(cells, &it)))
        if (!read_cell(r, t, b, cell, row, &col))
            return false;
    const char *data = str_at(r, rownode, "data");
    if (data && !read_data_cells(r, t, b, rownode, row, col, data, name))
        return false;
    return true;
}

static const char **read_string_list(form_reader *r, nb_ynode *seq, int *n)
{
    *n = nb_yaml_seq_len(seq);
    const char **out = NB_ARENA_NEW_ARRAY(r->arena, const char *, *n + 1);
    void *it = NULL;
    nb_ynode *item;
    for (int i = 0; out && (item = nb_yaml_seq_next(seq, &it)); i++)
        out[i] = nb_yaml_text(r->arena, item);
    return out;
}

static bool check_covered(form_reader *r, const nb_form_table *t, const grid *g,
                          nb_ynode *at)
{
    for (int i = 0; i < g->nrows; i++)
        for (int j = 0; j < g->ncols; j++)
            if (!g->taken[i][j]) {
                nb_diag_error(r->diag, nb_yaml_span(&r->yaml, at),
                              "表格格式文件：%s 第 %d 行第 %d 列没有单元格", t->key, i + 1, j + 1);
                return false;
            }
    return true;
}

static bool read_table(form_reader *r, nb_form_table *t, nb_ynode *node)
{
    table_build *b = nb_arena_alloc(r->arena, sizeof *b);
    if (!b)
        return false;
    t->key = str_at(r, node, "key");
    t->name = str_at(r, node, "name");
    t->header_rows = int_at(r, node, "header_rows", 0);
    nb_ynode *widths = nb_yaml_get(node, "widths");
    nb_ynode *rows = nb_yaml_get(node, "rows");
    t->ncols = nb_yaml_seq_len(widths);
    t->nrows = nb_yaml_seq_len(rows);
    if (!t->key || t->ncols < 1 || t->ncols > MAX_GRID || t->nrows < 1 || t->nrows > MAX_GRID) {
        nb_diag_error(r->diag, nb_yaml_span(&r->yaml, node),
                      "表格格式文件：表格须有 key、widths（1–%d 列）和 rows（1–%d 行）",
                      MAX_GRID, MAX_GRID);
        return false;
    }
    t->widths = NB_ARENA_NEW_ARRAY(r->arena, double, t->ncols);
    t->keep_with_next = NB_ARENA_NEW_ARRAY(r->arena, bool, t->nrows);
    t->row_names = NB_ARENA_NEW_ARRAY(r->arena, const char *, t->nrows);
    if (!t->widths || !t->keep_with_next || !t->row_names)
        return false;
    void *it = NULL;
    nb_ynode *w;
    for (int i = 0; (w = nb_yaml_seq_next(widths, &it)); i++)
        t->widths[i] = atof(nb_yaml_text(r->arena, w) ? nb_yaml_text(r->arena, w) : "1");
    b->columns = read_string_list(r, nb_yaml_get(node, "columns"), &b->ncolumns);
    b->g.nrows = t->nrows;
    b->g.ncols = t->ncols;
    it = NULL;
    nb_ynode *row;
    for (int i = 0; (row = nb_yaml_seq_next(rows, &it)); i++)
        if (!read_row(r, t, b, row, i))
            return false;
    return check_covered(r, t, &b->g, node) && index_fields(r, t);
}

/* ---- rules ----------------------------------------------------------- */

static int *resolve_fields(form_reader *r, const nb_form_table *t, const char **names,
                           int n, const char *fixed, bool fixed_is_row,
                           nb_ynode *at)
{
    int *ids = NB_ARENA_NEW_ARRAY(r->arena, int, n);
    for (int i = 0; ids && i < n; i++) {
        const char *path = fixed_is_row ? nb_form_join(r->arena, fixed, names[i])
                                        : nb_form_join(r->arena, names[i], fixed);
        ids[i] = path ? nb_form_find_field(t, path) : -1;
        if (ids[i] < 0) {
            nb_diag_error(r->diag, nb_yaml_span(&r->yaml, at),
                          "表格格式文件：规则引用了不存在的单元格「%s」", path ? path : "?");
            return NULL;
        }
    }
    return ids;
}

static bool read_rule(form_reader *r, nb_form *form, nb_ynode *node, int *cap)
{
    const char *table = str_at(r, node, "table");
    const char *each = str_at(r, node, "each");
    int ti = table ? nb_form_find_table(form, table) : -1;
    if (ti < 0 || !each || (strcmp(each, "row") && strcmp(each, "column"))) {
        nb_diag_error(r->diag, nb_yaml_span(&r->yaml, node),
                      "表格格式文件：规则须有已知的 table 和 each: row|column");
        return false;
    }
    const nb_form_table *t = &form->tables[ti];
    bool by_row = strcmp(each, "row") == 0;
    int nover, ntotal, nparts;
    const char **over = read_string_list(r, nb_yaml_get(node, "over"), &nover);
    const char **total = read_string_list(r, nb_yaml_get(node, "total"), &ntotal);
    const char **parts = read_string_list(r, nb_yaml_get(node, "parts"), &nparts);
    const char *text = str_at(r, node, "text");
    if (!over || !total || !parts || ntotal < 1 || nparts < 1)
        return false;
    for (int k = 0; k < nover; k++) {
        nb_rule *rules = nb_arena_grow(r->arena, form->rules, form->nrules, cap, sizeof *rules);
        if (!rules)
            return false;
        form->rules = rules;
        nb_rule *rule = &form->rules[form->nrules];
        rule->table = ti;
        rule->text = text ? text : "";
        rule->where = over[k];
        rule->total = resolve_fields(r, t, total, ntotal, over[k], by_row, node);
        rule->parts = resolve_fields(r, t, parts, nparts, over[k], by_row, node);
        rule->ntotal = ntotal;
        rule->nparts = nparts;
        if (!rule->total || !rule->parts)
            return false;
        form->nrules++;
    }
    return true;
}

/* ---- overview columns -------------------------------------------------- */

static bool read_overview_col(form_reader *r, nb_form *form, nb_overview_col *col,
                              nb_ynode *node)
{
    col->label = str_at(r, node, "label");
    const char *table = str_at(r, node, "table");
    col->table = table ? nb_form_find_table(form, table) : -1;
    const char **paths = read_string_list(r, nb_yaml_get(node, "sum"), &col->nfields);
    if (!col->label || col->table < 0 || !paths || col->nfields < 1) {
        nb_diag_error(r->diag, nb_yaml_span(&r->yaml, node),
                      "表格格式文件：汇总列须有 label、已知的 table 和 sum（单元格列表）");
        return false;
    }
    col->fields = NB_ARENA_NEW_ARRAY(r->arena, int, col->nfields);
    for (int i = 0; col->fields && i < col->nfields; i++) {
        col->fields[i] = paths[i] ? nb_form_find_field(&form->tables[col->table], paths[i]) : -1;
        if (col->fields[i] < 0) {
            nb_diag_error(r->diag, nb_yaml_span(&r->yaml, node),
                          "表格格式文件：汇总列引用了不存在的单元格「%s」", paths[i] ? paths[i] : "?");
            return false;
        }
    }
    return col->fields != NULL;
}

/* Optional: a form without `overview` gives an overview of names only. */
static bool read_overview(form_reader *r, nb_form *form, nb_ynode *seq)
{
    form->noverview = nb_yaml_seq_len(seq);
    if (form->noverview == 0)
        return true;
    form->overview = NB_ARENA_NEW_ARRAY(r->arena, nb_overview_col, form->noverview);
    if (!form->overview)
        return false;
    void *it = NULL;
    nb_ynode *n;
    for (int i = 0; (n = nb_yaml_seq_next(seq, &it)); i++)
        if (!read_overview_col(r, form, &form->overview[i], n))
            return false;
    return true;
}

/* ---- sections and the whole file --------------------------------------- */

static bool read_sections(form_reader *r, nb_form *form, nb_ynode *seq)
{
    form->nsections = nb_yaml_seq_len(seq);
    form->sections = NB_ARENA_NEW_ARRAY(r->arena, nb_form_section, form->nsections);
    if (!form->sections || form->nsections == 0)
        return false;
    void *it = NULL;
    nb_ynode *n;
    for (int i = 0; (n = nb_yaml_seq_next(seq, &it)); i++) {
        nb_form_section *s = &form->sections[i];
        s->key = str_at(r, n, "key");
        s->heading = str_at(r, n, "heading");
        const char *kind = str_at(r, n, "kind");
        const char *table = str_at(r, n, "table");
        s->kind = kind && strcmp(kind, "table") == 0 ? NB_SECTION_TABLE : NB_SECTION_TEXT;
        s->table = table ? nb_form_find_table(form, table) : -1;
        if (!s->key || !s->heading || (s->kind == NB_SECTION_TABLE && s->table < 0)) {
            nb_diag_error(r->diag, nb_yaml_span(&r->yaml, n),
                          "表格格式文件：章节须有 key、heading，表格章节须指向已知的表格");
            return false;
        }
    }
    return true;
}

static bool read_form(form_reader *r, nb_ynode *root)
{
    nb_form *form = r->form;
    form->format = int_at(r, root, "format", 0);
    form->title = str_at(r, root, "title");
    nb_ynode *tables = nb_yaml_get(root, "tables");
    form->ntables = nb_yaml_seq_len(tables);
    form->tables = NB_ARENA_NEW_ARRAY(r->arena, nb_form_table, form->ntables);
    if (!form->tables || form->ntables == 0)
        return false;
    void *it = NULL;
    nb_ynode *n;
    for (int i = 0; (n = nb_yaml_seq_next(tables, &it)); i++)
        if (!read_table(r, &form->tables[i], n))
            return false;
    if (!read_sections(r, form, nb_yaml_get(root, "sections")))
        return false;
    int cap = 0;
    it = NULL;
    nb_ynode *rules = nb_yaml_get(root, "rules");
    while ((n = nb_yaml_seq_next(rules, &it)))
        if (!read_rule(r, form, n, &cap))
            return false;
    return read_overview(r, form, nb_yaml_get(root, "overview"));
}

nb_status nb_form_load(nb_diag *diag, nb_arena *arena, const char *path, nb_form **out)
{
    form_reader r = {diag, arena, {0}, NULL};
    size_t errors = diag->errors;
    nb_status st = nb_yaml_load(diag, path, &r.yaml);
    if (st != NB_OK)
        return st == NB_ERR_YAML ? NB_ERR_IO : st;
    r.form = nb_arena_alloc(arena, sizeof *r.form);
    if (!r.form) {
        nb_yaml_free(&r.yaml);
        return NB_ERR_NOMEM;
    }
    r.form->path = nb_arena_strdup(arena, path);
    bool ok = read_form(&r, nb_yaml_root(&r.yaml));
    nb_yaml_free(&r.yaml);
    if (!ok || diag->errors != errors) {
        if (diag->errors == errors)
            nb_diag_error(diag, (nb_span){path, 0, 0}, "表格格式文件不完整或内存不足");
        return NB_ERR_IO;
    }
    *out = r.form;
    return NB_OK;
}
