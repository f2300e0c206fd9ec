/* check.c — validate stage: the form's consistency rules (勾稽关系) and the
 * report's required items, over one nb_report.  Totals the input left out
 * are computed from their parts first; then every rule is checked and every
 * broken one reported, naming the cells in the form's own words with the
 * expected value.  One wrong number breaks both its row and its column,
 * and the clerk wants that cell, not the two totals: a cell that a single
 * change would mend every broken rule it is in (and break none) is named
 * as the likely culprit — but only when it is the only such cell for the
 * rule, so that where several errors meet no correct cell is blamed.
 * With last year's report, this year's carry-over must be last year's
 * 结转下年度; figures the text states that disagree with their cells are
 * warnings (audit.c and textcheck.c find both). */
#include "check.h"
#include "audit.h"
#include "form.h"
#include "mem.h"
#include "template.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

typedef struct checker {
    nb_diag *diag;
    nb_report *rep;
    const nb_form *form;
    const nb_check_options *opts;
    char buf[512];
    bool nomem;          /* a check could not run: the result is not NB_OK */
} checker;

/* A broken rule is an error, or a warning in a proof (which shows it). */
static void complain(checker *c, nb_span at, const char *message, bool warn)
{
    if (warn)
        nb_diag_warn(c->diag, at, "%s", message);
    else
        nb_diag_error(c->diag, at, "%s", message);
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

static bool try_compute(const nb_form *form, nb_value *vals, const nb_rule *rule)
{
    if (rule->ntotal != 1 || !is_pending(vals, form->rules, form->nrules, rule->table, rule->total[0]))
        return false;
    int64_t sum = 0;
    for (int i = 0; i < rule->nparts; i++) {
        if (is_pending(vals, form->rules, form->nrules, rule->table, rule->parts[i]))
            return false;
        sum += vals[rule->parts[i]].v;
    }
    vals[rule->total[0]].v = sum;
    vals[rule->total[0]].computed = true;
    return true;
}

/* Fills in the totals of table `table` in `vals` that were left out. */
static void compute_totals(const nb_form *form, int table, nb_value *vals)
{
    for (bool changed = true; changed;) {
        changed = false;
        for (int i = 0; i < form->nrules; i++)
            if (form->rules[i].table == table)
                changed |= try_compute(form, vals, &form->rules[i]);
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

/* total − parts: zero when the rule holds. */
static int64_t residual(const nb_value *vals, const nb_rule *rule)
{
    return sum_of(vals, rule->total, rule->ntotal) - sum_of(vals, rule->parts, rule->nparts);
}

/* Where to point: the given total, else the first given part, else the
 * table's key (never 1:1 for cells nobody wrote). */
static nb_span rule_span(const checker *c, const nb_rule *rule)
{
    const nb_value *vals = c->rep->values[rule->table];
    for (int i = 0; i < rule->ntotal; i++)
        if (vals[rule->total[i]].given)
            return vals[rule->total[i]].span;
    for (int i = 0; i < rule->nparts; i++)
        if (vals[rule->parts[i]].given)
            return vals[rule->parts[i]].span;
    return c->rep->table_spans[rule->table];
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

/* A cell that one change would put right: changing it to `value` makes
 * every broken rule it takes part in hold (at least two of them) and
 * breaks none that holds.  Totals computed from it follow the change. */
typedef struct culprit {
    int field;
    int64_t value;
} culprit;

static void report_broken(checker *c, const nb_rule *rule, const culprit *blame)
{
    const nb_form_table *t = &c->form->tables[rule->table];
    const nb_value *vals = c->rep->values[rule->table];
    char want[32], got[32], words[256], msg[1024];
    nb_form_format_value(sum_of(vals, rule->parts, rule->nparts), want, sizeof want);
    nb_form_format_value(sum_of(vals, rule->total, rule->ntotal), got, sizeof got);
    if (rule->ntotal == 1) {
        snprintf(msg, sizeof msg, "%s%s应为 %s，实为 %s（规则：%s）", t->key,
                 cell_words(t, &t->fields[rule->total[0]], words, sizeof words), want, got,
                 rule->text);
    } else {
        c->buf[0] = '\0';
        append_cells(t, rule->total, rule->ntotal, c->buf, sizeof c->buf);
        snprintf(msg, sizeof msg, "%s%s 之和为 %s，应等于 %s（规则：%s）", t->key, c->buf, got,
                 want, rule->text);
    }
    complain(c, rule_span(c, rule), msg, c->opts->rules_warn);
    if (blame) {
        const nb_value *v = &vals[blame->field];
        char value[32];
        nb_form_format_value(blame->value, value, sizeof value);
        nb_diag_hint(c->diag, "最可能填错的是 %s%s（第 %d 行，填的是 %s）：改为 %s，它所在的几条规则就都成立",
                     t->key, cell_words(t, &t->fields[blame->field], words, sizeof words),
                     v->span.line, v->text ? v->text : got, value);
    }
}

typedef struct table_state {
    const nb_form *form;
    int table;
    const nb_value *vals;     /* the report's values, totals computed */
    nb_value *scratch;        /* a copy to try changes on */
    int64_t *base;            /* residual of every rule as the report stands */
    int64_t *trial;
} table_state;

/* Residuals of the table's rules with field `f` set to `v` (as given). */
static void try_value(table_state *ts, int f, int64_t v)
{
    const nb_form_table *t = &ts->form->tables[ts->table];
    for (int i = 0; i < t->nfields; i++) {
        ts->scratch[i] = ts->vals[i];
        if (ts->scratch[i].computed)
            ts->scratch[i] = (nb_value){0};
    }
    ts->scratch[f].v = v;
    compute_totals(ts->form, ts->table, ts->scratch);
    for (int i = 0; i < ts->form->nrules; i++)
        ts->trial[i] = ts->form->rules[i].table == ts->table
                       ? residual(ts->scratch, &ts->form->rules[i]) : 0;
}

/* Whether changing given field f alone mends every broken rule it moves. */
static bool mends(table_state *ts, int f, culprit *out)
{
    const nb_value *cell = &ts->vals[f];
    try_value(ts, f, cell->v + NB_VALUE_SCALE);
    int64_t delta = 0;
    int moved = 0;
    for (int i = 0; i < ts->form->nrules; i++) {
        int64_t d = ts->trial[i] - ts->base[i];
        if (d == 0)
            continue;
        if (ts->base[i] == 0 || ts->base[i] % d != 0)
            return false;   /* a rule that holds would break, or no whole change mends it */
        int64_t want = -ts->base[i] / d * NB_VALUE_SCALE;
        if (moved++ > 0 && want != delta)
            return false;
        delta = want;
    }
    if (moved < 2 || cell->v + delta < 0)
        return false;
    *out = (culprit){f, cell->v + delta};
    try_value(ts, f, out->value);
    for (int i = 0; i < ts->form->nrules; i++)
        if (ts->trial[i] != 0 && ts->trial[i] != ts->base[i])
            return false;   /* a rule it moved is still broken, or one broke */
    return true;
}

/* The one culprit for rule i among those found, or NULL when none or
 * several would mend it (then nobody is blamed). */
static const culprit *blame_for(table_state *ts, const culprit *found, int nfound, int rule)
{
    const culprit *only = NULL;
    for (int k = 0; k < nfound; k++) {
        try_value(ts, found[k].field, found[k].value);
        if (ts->trial[rule] != 0)
            continue;
        if (only)
            return NULL;
        only = &found[k];
    }
    return only;
}

static void check_table_rules(checker *c, int ti)
{
    const nb_form *form = c->form;
    const nb_form_table *t = &form->tables[ti];
    table_state ts = {form, ti, c->rep->values[ti], NULL, NULL, NULL};
    ts.scratch = nb_calloc((size_t)t->nfields + 1, sizeof *ts.scratch);
    ts.base = nb_calloc((size_t)form->nrules + 1, sizeof *ts.base);
    ts.trial = nb_calloc((size_t)form->nrules + 1, sizeof *ts.trial);
    culprit *found = nb_calloc((size_t)t->nfields + 1, sizeof *found);
    if (!ts.scratch || !ts.base || !ts.trial || !found) {
        c->nomem = true;   /* never "no rule broken" for rules not checked */
        goto done;
    }
    bool any = false;
    for (int i = 0; i < form->nrules; i++) {
        ts.base[i] = form->rules[i].table == ti ? residual(ts.vals, &form->rules[i]) : 0;
        any |= ts.base[i] != 0;
    }
    if (!any)
        goto done;
    int nfound = 0;
    for (int f = 0; f < t->nfields; f++)
        if (ts.vals[f].given && mends(&ts, f, &found[nfound]))
            nfound++;
    for (int i = 0; i < form->nrules; i++)
        if (ts.base[i] != 0)
            report_broken(c, &form->rules[i], blame_for(&ts, found, nfound, i));
done:
    nb_free(ts.scratch);
    nb_free(ts.base);
    nb_free(ts.trial);
    nb_free(found);
}

static bool has_rules(const nb_form *form, int table)
{
    for (int i = 0; i < form->nrules; i++)
        if (form->rules[i].table == table)
            return true;
    return false;
}

/* A table with errors of its own is not checked: its sums would only
 * repeat those errors as broken rules about cells the clerk never wrote. */
static void check_rules(checker *c)
{
    for (int ti = 0; ti < c->form->ntables; ti++) {
        if (!c->rep->table_invalid[ti])
            check_table_rules(c, ti);
        else if (has_rules(c->form, ti))
            nb_diag_note(c->diag, c->rep->table_spans[ti],
                         "%s的勾稽关系待本表的填写错误改正后再核对", c->form->tables[ti].key);
    }
}

/* ---- required items ------------------------------------------------------- */

static void check_required(checker *c)
{
    nb_report *rep = c->rep;
    nb_span top = {rep->path, 1, 1};
    if (!rep->body || !*rep->body)
        nb_diag_error(c->diag, rep->body ? rep->span_body : top, "缺少「机关名称」");
    int latest = c->opts->latest_year;
    if (!rep->year && rep->span_year.line == 0)
        nb_diag_error(c->diag, top, "缺少「年度」（报告所述的年份，如 2021）");
    else if (rep->year && (rep->year < c->form->format || rep->year > latest))
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
    for (int i = 0; i < rep->ntitle_lines; i++)
        if (!*rep->title_lines[i]) {
            nb_diag_error(c->diag, rep->span_title, "「标题」不能为空白");
            nb_diag_hint(c->diag, "请写出标题，或删去「标题」一项（将用「机关名称」和年度）");
            break;
        }
    if (rep->signer && !*rep->signer)
        nb_diag_error(c->diag, rep->span_signer, "「署名」不能为空白");
    if (rep->date && !*rep->date)
        nb_diag_error(c->diag, rep->span_date, "「日期」不能为空白");
    if (!rep->signer != !rep->date)
        nb_diag_error(c->diag, rep->span_closing, "「落款」须同时有「署名」和「日期」");
}

/* ---- the template's stand-ins --------------------------------------------- */

static void report_placeholder(nb_diag *diag, bool final, nb_span at, const char *where,
                               const char *text)
{
    (final ? nb_diag_error : nb_diag_warn)(diag, at, "%s仍是模板的占位文字「%s」", where, text);
    nb_diag_hint(diag, final ? "请改为实际内容后再排版；`nianbao check` 列出所有占位文字"
                             : "排版前请改为实际内容：占位文字留在文中时 `nianbao render` 不生成 PDF");
}

static void placeholder_blocks(nb_diag *diag, bool final, const nb_block *blocks, int n,
                               const char *where)
{
    for (int i = 0; i < n; i++)
        if (blocks[i].placeholder)
            report_placeholder(diag, final, blocks[i].span, where, blocks[i].text);
}

nb_status nb_check_placeholders(nb_diag *diag, const nb_report *report, bool final)
{
    size_t errors = diag->errors;
    if (report->body && strcmp(report->body, NB_TEMPLATE_BODY) == 0)
        report_placeholder(diag, final, report->span_body, "「机关名称」", report->body);
    placeholder_blocks(diag, final, report->preamble, report->npreamble, "「前言」");
    for (int i = 0; i < report->form->nsections; i++) {
        char where[256];
        snprintf(where, sizeof where, "「%s」", report->form->sections[i].heading);
        placeholder_blocks(diag, final, report->sections[i].blocks, report->sections[i].nblocks,
                           where);
    }
    return diag->errors == errors ? NB_OK : NB_ERR_DATA;
}

/* ---- last year and the text ---------------------------------------------- */

static void check_carry(checker *c, nb_arena *arena)
{
    const nb_report *last = c->opts->previous;
    nb_findings f = {0};
    if (!last || nb_audit_carry(arena, c->rep, last, &f) != NB_OK)
        return;
    if (last->year && c->rep->year && last->year != c->rep->year - 1)
        nb_diag_warn(c->diag, last->span_year,
                     "上年报告的「年度」是 %d，本报告是 %d 年度，应为 %d", last->year, c->rep->year,
                     c->rep->year - 1);
    if (last->body && c->rep->body && strcmp(last->body, c->rep->body) != 0)
        nb_diag_warn(c->diag, last->span_body, "上年报告的「机关名称」是「%s」，与本报告的「%s」不同",
                     last->body, c->rep->body);
    for (int i = 0; i < f.count; i++) {
        const nb_finding *x = &f.items[i];
        if (x->ok)
            continue;
        char want[32], got[32], msg[1024];
        nb_form_format_value(x->expected, want, sizeof want);
        nb_form_format_value(c->rep->values[x->table][x->field].v, got, sizeof got);
        snprintf(msg, sizeof msg, "%s应为 %s，实为 %s：上年（%d 年度）报告的「结转下年度继续办理」是 %s",
                 nb_audit_cell_words(arena, &c->form->tables[x->table], x->field), want, got,
                 last->year, want);
        complain(c, x->span, msg, c->opts->carry_warn);
        nb_diag_hint(c->diag, "上年报告：%s", last->path);
    }
}

/* Text against tables: warnings, since the text may mean something else. */
static void check_text(checker *c, nb_arena *arena)
{
    nb_findings f = {0};
    if (nb_audit_text(arena, c->rep, &f) != NB_OK)
        return;
    for (int i = 0; i < f.count; i++)
        if (!f.items[i].ok)
            nb_diag_warn(c->diag, f.items[i].span, "正文与表格不一致：%s", f.items[i].figures);
}

nb_status nb_check_report_with(nb_diag *diag, nb_report *report, const nb_check_options *opts)
{
    checker c = {diag, report, report->form, opts, {0}, false};
    size_t errors = diag->errors;
    check_required(&c);
    for (int ti = 0; ti < c.form->ntables; ti++)
        compute_totals(c.form, ti, report->values[ti]);
    check_rules(&c);
    nb_arena *arena = nb_arena_new();
    if (arena) {
        check_carry(&c, arena);
        check_text(&c, arena);
        c.nomem |= nb_arena_failed(arena);   /* a finding or its words lost */
        nb_arena_drop(arena);
    }
    if (c.nomem || !arena) {
        nb_diag_error(diag, (nb_span){report->path, 0, 0}, "内存不足，未能完成数据检查");
        return NB_ERR_NOMEM;
    }
    return diag->errors == errors ? NB_OK : NB_ERR_DATA;
}

nb_status nb_check_report(nb_diag *diag, nb_report *report, int latest_year)
{
    nb_check_options opts = {.latest_year = latest_year};
    return nb_check_report_with(diag, report, &opts);
}
