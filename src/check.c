/* check.c — validate stage: the form's consistency rules (勾稽关系) and the
 * report's required items, over one nb_report.  Totals the input left out
 * are computed from their parts first; then every rule is checked and every
 * broken one reported, naming the cells in the form's own words with the
 * expected value.  A cell that takes part in several broken rules is named
 * as the likely culprit: one wrong number breaks both its row and its
 * column, and the clerk wants that cell, not the two totals. */
#include "check.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

typedef struct checker {
    nb_diag *diag;
    nb_report *rep;
    const nb_form *form;
    int latest_year;
    char buf[512];
} checker;

static void format_value(int64_t v, char *out, size_t cap)
{
    int64_t whole = v / NB_VALUE_SCALE, frac = v % NB_VALUE_SCALE;
    if (frac < 0)
        frac = -frac;
    if (frac == 0) {
        snprintf(out, cap, "%" PRId64, whole);
        return;
    }
    char digits[8];
    snprintf(digits, sizeof digits, "%04" PRId64, frac);
    for (int i = 3; i > 0 && digits[i] == '0'; i--)
        digits[i] = '\0';
    snprintf(out, cap, "%s%" PRId64 ".%s", v < 0 && whole == 0 ? "-" : "", whole, digits);
}

static const char *cell_words(const nb_form_table *t, const nb_field *f, char *out, size_t cap)
{
    if (f->col_name)
        snprintf(out, cap, "「%s」×「%s」", f->row_name, f->col_name);
    else
        snprintf(out, cap, "「%s」", f->row_name);
    return out;
}

/* ---- totals left out --------------------------------------------------- */

static bool is_pending(const nb_value *vals, const nb_rule *rules, int nrules, int table,
                       int field)
{
    if (vals[field].given || vals[field].computed)
        return false;
    for (int i = 0; i < nrules; i++)
        if (rules[i].table == table && rules[i].ntotal == 1 && rules[i].total[0] == field)
            return true;
    return false;
}

static bool try_compute(checker *c, const nb_rule *rule)
{
    nb_value *vals = c->rep->values[rule->table];
    if (rule->ntotal != 1 ||
        !is_pending(vals, c->form->rules, c->form->nrules, rule->table, rule->total[0]))
        return false;
    int64_t sum = 0;
    for (int i = 0; i < rule->nparts; i++) {
        if (is_pending(vals, c->form->rules, c->form->nrules, rule->table, rule->parts[i]))
            return false;
        sum += vals[rule->parts[i]].v;
    }
    vals[rule->total[0]].v = sum;
    vals[rule->total[0]].computed = true;
    return true;
}

static void compute_totals(checker *c)
{
    for (bool changed = true; changed;) {
        changed = false;
        for (int i = 0; i < c->form->nrules; i++)
            changed |= try_compute(c, &c->form->rules[i]);
    }
}

/* ---- rules ------------------------------------------------------------- */

static int64_t sum_of(const nb_value *vals, const int *ids, int n)
{
    int64_t s = 0;
    for (int i = 0; i < n; i++)
        s += vals[ids[i]].v;
    return s;
}

static bool rule_holds(const checker *c, const nb_rule *rule)
{
    const nb_value *vals = c->rep->values[rule->table];
    return sum_of(vals, rule->total, rule->ntotal) == sum_of(vals, rule->parts, rule->nparts);
}

/* Where to point: the given total, else the first given part. */
static nb_span rule_span(const checker *c, const nb_rule *rule)
{
    const nb_value *vals = c->rep->values[rule->table];
    for (int i = 0; i < rule->ntotal; i++)
        if (vals[rule->total[i]].given)
            return vals[rule->total[i]].span;
    for (int i = 0; i < rule->nparts; i++)
        if (vals[rule->parts[i]].given)
            return vals[rule->parts[i]].span;
    return (nb_span){c->rep->path, 1, 1};
}

static void append_cells(const nb_form_table *t, const int *ids, int n, char *out, size_t cap)
{
    size_t len = strlen(out);
    for (int i = 0; i < n && len + 8 < cap; i++) {
        char words[256];
        snprintf(out + len, cap - len, "%s%s", i ? " + " : "",
                 cell_words(t, &t->fields[ids[i]], words, sizeof words));
        len = strlen(out);
    }
}

static void report_broken(checker *c, const nb_rule *rule, const int *suspects, int nsusp)
{
    const nb_form_table *t = &c->form->tables[rule->table];
    const nb_value *vals = c->rep->values[rule->table];
    char want[32], got[32], words[256];
    format_value(sum_of(vals, rule->parts, rule->nparts), want, sizeof want);
    format_value(sum_of(vals, rule->total, rule->ntotal), got, sizeof got);
    if (rule->ntotal == 1) {
        nb_diag_error(c->diag, rule_span(c, rule), "%s%s应为 %s，实为 %s（规则：%s）", t->key,
                      cell_words(t, &t->fields[rule->total[0]], words, sizeof words), want, got,
                      rule->text);
    } else {
        c->buf[0] = '\0';
        append_cells(t, rule->total, rule->ntotal, c->buf, sizeof c->buf);
        nb_diag_error(c->diag, rule_span(c, rule), "%s%s 之和为 %s，应等于 %s（规则：%s）",
                      t->key, c->buf, got, want, rule->text);
    }
    for (int i = 0; i < nsusp; i++) {
        const nb_value *v = &vals[suspects[i]];
        bool in_rule = false;
        for (int k = 0; k < rule->ntotal; k++)
            in_rule |= rule->total[k] == suspects[i];
        for (int k = 0; k < rule->nparts; k++)
            in_rule |= rule->parts[k] == suspects[i];
        if (in_rule && v->given) {
            nb_diag_hint(c->diag, "最可能填错的是 %s%s（第 %d 行），它所在的几条规则都不成立",
                         t->key, cell_words(t, &t->fields[suspects[i]], words, sizeof words),
                         v->span.line);
            break;
        }
    }
}

/* Cells that appear in the largest number (>= 2) of broken rules. */
static int find_suspects(const checker *c, const bool *broken, int table, int *out, int max)
{
    const nb_form_table *t = &c->form->tables[table];
    int *count = calloc((size_t)t->nfields, sizeof *count);
    if (!count)
        return 0;
    for (int i = 0; i < c->form->nrules; i++) {
        const nb_rule *r = &c->form->rules[i];
        if (!broken[i] || r->table != table)
            continue;
        for (int k = 0; k < r->ntotal; k++)
            count[r->total[k]]++;
        for (int k = 0; k < r->nparts; k++)
            count[r->parts[k]]++;
    }
    int best = 2, n = 0;
    for (int f = 0; f < t->nfields; f++)
        if (count[f] > best && c->rep->values[table][f].given) {
            best = count[f];
            n = 0;
        }
    for (int f = 0; f < t->nfields && n < max; f++)
        if (count[f] == best && c->rep->values[table][f].given)
            out[n++] = f;
    free(count);
    return n;
}

static void check_rules(checker *c)
{
    int nrules = c->form->nrules;
    bool *broken = calloc((size_t)nrules + 1, sizeof *broken);
    if (!broken)
        return;
    for (int i = 0; i < nrules; i++)
        broken[i] = !rule_holds(c, &c->form->rules[i]);
    for (int ti = 0; ti < c->form->ntables; ti++) {
        int suspects[8];
        int nsusp = find_suspects(c, broken, ti, suspects, 8);
        for (int i = 0; i < nrules; i++)
            if (broken[i] && c->form->rules[i].table == ti)
                report_broken(c, &c->form->rules[i], suspects, nsusp);
    }
    free(broken);
}

/* ---- required items ------------------------------------------------------- */

static void check_required(checker *c)
{
    nb_report *rep = c->rep;
    nb_span top = {rep->path, 1, 1};
    if (!rep->body || !*rep->body)
        nb_diag_error(c->diag, rep->body ? rep->span_body : top, "缺少「机关名称」");
    int latest = c->latest_year;
    if (!rep->year)
        nb_diag_error(c->diag, top, "缺少「年度」（报告所述的年份，如 2021）");
    else if (rep->year < c->form->format || rep->year > latest)
        nb_diag_error(c->diag, rep->span_year,
                      "「年度」%d 不合理：%d 年格式适用于 %d 至 %d 年度的报告", rep->year,
                      c->form->format, c->form->format, latest);
    for (int i = 0; i < c->form->nsections; i++) {
        const nb_form_section *s = &c->form->sections[i];
        if (s->kind == NB_SECTION_TEXT && rep->sections[i].nblocks == 0) {
            nb_diag_error(c->diag, rep->sections[i].present ? rep->sections[i].span : top,
                          "缺少「%s」的内容（键「%s」）", s->heading, s->key);
            nb_diag_hint(c->diag, "没有需要报告的内容时，写「%s: 无」", s->key);
        }
        if (s->kind == NB_SECTION_TABLE) {
            const nb_form_table *t = &c->form->tables[s->table];
            if (!rep->table_given[s->table]) {
                nb_diag_error(c->diag, top, "缺少「%s」的数字（键「%s」）", s->heading, t->key);
                nb_diag_hint(c->diag, "全部为 0 时写「%s: {}」即可；`nianbao init` 生成的模板列出了每个单元格", t->key);
            }
        }
    }
    if (!rep->signer != !rep->date)
        nb_diag_error(c->diag, rep->span_closing, "「落款」须同时有「署名」和「日期」");
}

nb_status nb_check_report(nb_diag *diag, nb_report *report, int latest_year)
{
    checker c = {diag, report, report->form, latest_year, {0}};
    size_t errors = diag->errors;
    check_required(&c);
    compute_totals(&c);
    check_rules(&c);
    return diag->errors == errors ? NB_OK : NB_ERR_DATA;
}
