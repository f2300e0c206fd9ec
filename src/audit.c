/* audit.c — validate stage: the figures of every rule of the form and of
 * the cross-year carry-over, as findings (audit.h) that hold or not.
 * check.c turns failed ones into messages; the proof's check page prints
 * every one, e.g. 「表三 · 自然人：一 + 二 = 4 + 0 = 4；（七） + 四 =
 * 3 + 1 = 4」.  Reads the report after check.c filled in its totals. */
#include "audit.h"
#include "form.h"

#include <stdio.h>
#include <string.h>

/* The carry-over between two years' reports (2021 form): this year's row
 * 二 equals last year's row 四, cell by cell.  A form without these rows
 * has no carry check. */
static const char CARRY_TABLE[] = "表三";
static const char CARRY_THIS[] = "上年结转政府信息公开申请数量";
static const char CARRY_LAST[] = "结转下年度继续办理";

/* A rule side longer than this is written first … last. */
enum { MAX_LISTED = 8 };

const char *nb_audit_cell_words(nb_arena *arena, const nb_form_table *t, int field)
{
    const nb_field *f = &t->fields[field];
    char buf[512];
    if (f->col_name)
        snprintf(buf, sizeof buf, "%s「%s」×「%s」", t->key, f->row_name, f->col_name);
    else
        snprintf(buf, sizeof buf, "%s「%s」", t->key, f->row_name);
    return nb_arena_strdup(arena, buf);
}

nb_finding *nb_audit_add(nb_findings *f, nb_arena *arena)
{
    nb_finding *items = nb_arena_grow(arena, f->items, f->count, &f->cap, sizeof *items);
    if (!items)
        return NULL;
    f->items = items;
    nb_finding *it = &f->items[f->count++];
    memset(it, 0, sizeof *it);
    it->field = -1;
    return it;
}

int nb_audit_failures(const nb_findings *f, nb_finding_kind kind)
{
    int n = 0;
    for (int i = 0; i < f->count; i++)
        n += f->items[i].kind == kind && !f->items[i].ok;
    return n;
}

/* ---- rules ------------------------------------------------------------- */

/* The short name of a row: 「一」 of 一、本年新收…, 「（七）」 of （七）总计,
 * 「（三）1」 of （三）不予公开 · 1.属于国家秘密; else the whole name. */
static void short_row(const char *name, char *out, size_t cap)
{
    const char *dun = strstr(name, "、");
    const char *close = strncmp(name, "（", 3) == 0 ? strstr(name, "）") : NULL;
    const char *dot = strstr(name, " · ");
    if (close) {
        int len = (int)(close + 3 - name);
        if (dot && dot[4] >= '0' && dot[4] <= '9')
            snprintf(out, cap, "%.*s%c", len, name, dot[4]);
        else
            snprintf(out, cap, "%.*s", len, name);
    } else if (dun && dun - name <= 6) {
        snprintf(out, cap, "%.*s", (int)(dun - name), name);
    } else {
        snprintf(out, cap, "%s", name);
    }
}

/* Fields of one column differ by row, those of one row by column. */
static bool same_column(const nb_form_table *t, const nb_rule *r)
{
    const char *col = t->fields[r->total[0]].col_name;
    if (!col)
        return false;
    for (int i = 0; i < r->nparts; i++)
        if (!t->fields[r->parts[i]].col_name || strcmp(t->fields[r->parts[i]].col_name, col))
            return false;
    return true;
}

static void field_label(const nb_form_table *t, int field, bool by_row, char *out, size_t cap)
{
    const nb_field *f = &t->fields[field];
    if (by_row || !f->col_name)
        short_row(f->row_name, out, cap);
    else
        snprintf(out, cap, "%s", f->col_name);
}

static void append(char *buf, size_t cap, const char *s)
{
    size_t len = strlen(buf);
    snprintf(buf + len, cap - len, "%s", s);
}

/* 「一 + 二」, or 「（一） + … + （六）3」 for a long side. */
static void labels(const nb_form_table *t, const int *ids, int n, bool by_row, char *buf,
                   size_t cap)
{
    char s[256];
    for (int i = 0; i < n; i++) {
        if (n > MAX_LISTED && i > 0 && i < n - 1)
            continue;
        field_label(t, ids[i], by_row, s, sizeof s);
        append(buf, cap, i == 0 ? "" : n > MAX_LISTED ? " + … + " : " + ");
        append(buf, cap, s);
    }
}

/* 「一 + 二 = 4 + 0 = 4」: the labels, the figures, their sum. */
static int64_t side(const nb_form_table *t, const nb_value *vals, const int *ids, int n,
                    bool by_row, char *buf, size_t cap)
{
    char s[256];
    int64_t sum = 0;
    labels(t, ids, n, by_row, buf, cap);
    append(buf, cap, " = ");
    for (int i = 0; i < n; i++) {
        nb_form_format_value(vals[ids[i]].v, s, sizeof s);
        append(buf, cap, i ? " + " : "");
        append(buf, cap, s);
        sum += vals[ids[i]].v;
    }
    if (n > 1) {
        nb_form_format_value(sum, s, sizeof s);
        append(buf, cap, " = ");
        append(buf, cap, s);
    }
    return sum;
}

/* The cell a broken rule blames: its total when it has one, else the
 * first total (the carry-over rule 一 + 二 = 七 + 四 blames 一). */
static void blame(const nb_rule *r, const nb_value *vals, int64_t parts, nb_finding *f)
{
    f->field = r->total[0];
    int64_t others = 0;
    for (int i = 1; i < r->ntotal; i++)
        others += vals[r->total[i]].v;
    f->expected = parts - others;
    f->span = vals[r->total[0]].span;
}

static nb_status audit_rule(nb_arena *arena, const nb_report *rep, const nb_rule *r,
                            nb_findings *out)
{
    const nb_form_table *t = &rep->form->tables[r->table];
    const nb_value *vals = rep->values[r->table];
    bool by_row = same_column(t, r);
    char buf[2048] = "";
    int64_t total = side(t, vals, r->total, r->ntotal, by_row, buf, sizeof buf);
    append(buf, sizeof buf, "；");
    int64_t parts = side(t, vals, r->parts, r->nparts, by_row, buf, sizeof buf);
    nb_finding *f = nb_audit_add(out, arena);
    if (!f)
        return NB_ERR_NOMEM;
    char where[512];
    const nb_field *tf = &t->fields[r->total[0]];
    snprintf(where, sizeof where, "%s · %s", t->key,
             by_row ? tf->col_name : tf->row_name);
    f->kind = NB_FIND_RULE;
    f->ok = total == parts;
    f->where = nb_arena_strdup(arena, where);
    f->figures = nb_arena_strdup(arena, buf);
    f->table = r->table;
    blame(r, vals, parts, f);
    return f->where && f->figures ? NB_OK : NB_ERR_NOMEM;
}

nb_status nb_audit_rules(nb_arena *arena, const nb_report *report, nb_findings *out)
{
    nb_status st = NB_OK;
    for (int i = 0; i < report->form->nrules && st == NB_OK; i++)
        st = audit_rule(arena, report, &report->form->rules[i], out);
    return st;
}

/* 「一 + 二 = 4」: a side's labels and its sum only. */
static int64_t side_sum(const nb_form_table *t, const nb_value *vals, const int *ids, int n,
                        char *buf, size_t cap)
{
    char s[32];
    int64_t sum = 0;
    for (int i = 0; i < n; i++)
        sum += vals[ids[i]].v;
    labels(t, ids, n, true, buf, cap);
    nb_form_format_value(sum, s, sizeof s);
    append(buf, cap, " = ");
    append(buf, cap, s);
    return sum;
}

static nb_status audit_column(nb_arena *arena, const nb_report *rep, int ti, const char *col,
                              nb_findings *out)
{
    const nb_form_table *t = &rep->form->tables[ti];
    char buf[2048] = "";
    bool ok = true;
    for (int i = 0; i < rep->form->nrules; i++) {
        const nb_rule *r = &rep->form->rules[i];
        if (r->table != ti || !same_column(t, r) || strcmp(t->fields[r->total[0]].col_name, col))
            continue;
        append(buf, sizeof buf, *buf ? "；" : "");
        int64_t a = side_sum(t, rep->values[ti], r->total, r->ntotal, buf, sizeof buf);
        append(buf, sizeof buf, "，");
        ok &= a == side_sum(t, rep->values[ti], r->parts, r->nparts, buf, sizeof buf);
    }
    if (!*buf)
        return NB_OK;
    nb_finding *f = nb_audit_add(out, arena);
    if (!f)
        return NB_ERR_NOMEM;
    char where[256];
    snprintf(where, sizeof where, "%s · %s", t->key, col);
    *f = (nb_finding){NB_FIND_COLUMN, ok, nb_arena_strdup(arena, where),
                      nb_arena_strdup(arena, buf), ti, -1, 0, {rep->path, 0, 0}};
    return f->figures ? NB_OK : NB_ERR_NOMEM;
}

nb_status nb_audit_columns(nb_arena *arena, const nb_report *report, nb_findings *out)
{
    nb_status st = NB_OK;
    for (int ti = 0; ti < report->form->ntables && st == NB_OK; ti++) {
        const nb_form_table *t = &report->form->tables[ti];
        for (int fi = 0; fi < t->nfields && st == NB_OK; fi++) {
            const char *col = t->fields[fi].col_name;
            bool first = col != NULL;
            for (int k = 0; k < fi && first; k++)
                first = !t->fields[k].col_name || strcmp(t->fields[k].col_name, col);
            if (first)
                st = audit_column(arena, report, ti, col, out);
        }
    }
    return st;
}

/* ---- the carry-over from last year -------------------------------------- */

static const nb_value *value_at(const nb_report *rep, const char *table, const char *path,
                                int *table_index, int *field)
{
    int ti = nb_form_find_table(rep->form, table);
    int fi = ti >= 0 ? nb_form_find_field(&rep->form->tables[ti], path) : -1;
    if (table_index)
        *table_index = ti;
    if (field)
        *field = fi;
    return fi >= 0 ? &rep->values[ti][fi] : NULL;
}

nb_status nb_audit_carry(nb_arena *arena, const nb_report *report, const nb_report *previous,
                         nb_findings *out)
{
    int ti = nb_form_find_table(report->form, CARRY_TABLE);
    if (ti < 0 || !previous)
        return NB_OK;
    const nb_form_table *t = &report->form->tables[ti];
    size_t plen = strlen(CARRY_THIS);
    for (int fi = 0; fi < t->nfields; fi++) {
        const nb_field *fd = &t->fields[fi];
        if (strncmp(fd->path, CARRY_THIS, plen) != 0 || fd->path[plen] != '.')
            continue;
        char last_path[512], a[32], b[32], buf[1024];
        snprintf(last_path, sizeof last_path, "%s.%s", CARRY_LAST, fd->path + plen + 1);
        const nb_value *last = value_at(previous, CARRY_TABLE, last_path, NULL, NULL);
        if (!last)
            continue;
        const nb_value *now = &report->values[ti][fi];
        nb_form_format_value(now->v, a, sizeof a);
        nb_form_format_value(last->v, b, sizeof b);
        snprintf(buf, sizeof buf, "本年 二 = %s；上年（%d 年度）四 = %s", a, previous->year, b);
        nb_finding *f = nb_audit_add(out, arena);
        if (!f)
            return NB_ERR_NOMEM;
        char where[256];
        snprintf(where, sizeof where, "%s · %s", CARRY_TABLE, fd->col_name ? fd->col_name : "");
        *f = (nb_finding){NB_FIND_CARRY, now->v == last->v, nb_arena_strdup(arena, where),
                          nb_arena_strdup(arena, buf), ti, fi, last->v, now->span};
        if (!now->given)
            f->span = (nb_span){report->path, 0, 0};
    }
    return NB_OK;
}
