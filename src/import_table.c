/* import_table.c — import stage: one table of the report, read by the
 * form's labels, → its mapping in the input file.
 *
 * The lines of the table's section are cut into cells (tabs, `|`, runs of
 * spaces) and the cells into labels and numbers.  The labels, normalized
 * and joined, make one stream (numbers only mark their place in it) in which every row label of the form is
 * searched in the form's order (its full text, then its words without the
 * numbering, then without a trailing note), so that labels broken over
 * lines, merged with their group label, numbered `1、` or with a stray
 * space are still found; a label not found exactly is taken from the most
 * similar cell between its neighbours.  A row's numbers are those from the
 * start of its label to the start of the next row's.  A row whose count of numbers is not the
 * form's is never guessed: it is reported and marked 未能确定. */
#include "import_util.h"
#include "utf8.h"

#include <stdlib.h>
#include <string.h>

typedef struct number {
    const char *value;          /* as published, digits only */
    size_t at;                  /* position in the stream */
    const nb_import_line *ln;
} number;

typedef struct cell_text {
    size_t start, end;          /* range in the stream */
    const nb_import_line *ln;
} cell_text;

typedef struct stream {
    char *s;
    size_t len, cap;
    bool *edge;                 /* s positions where a cell starts or ends */
    bool *lone;                 /* s positions where a one-character cell starts */
    number *nums;  int nnums, capn;
    cell_text *cells;  int ncells, capc;
} stream;

typedef struct row_spec {
    int row;
    const char *label;          /* the form's row label, or NULL (Table 4) */
    const char *group;          /* 「（六）其他处理」 for its sub-rows, or NULL */
    int *fields;  int nfields;
    long start, end;            /* where its label was found, or -1 */
    const nb_import_line *ln;
    const char *note;           /* said in the YAML beside the row */
    const char *problem;        /* why its numbers are 未能确定, or NULL */
    int group_last;             /* > row index: its label is the group's,
                                   standing for the sub-rows up to this one */
    bool covered;               /* read with the group row above */
} row_spec;

typedef struct table_read {
    imp *m;
    const nb_form_table *t;
    stream st;
    row_spec *rows;  int nrows;
    const char **values;        /* per field, as published, or NULL */
    int *row_of;                /* per field: its row_spec */
} table_read;

/* ---- the stream ------------------------------------------------------- */

static bool stream_put(stream *st, const char *s, size_t n)
{
    if (st->len + n + 1 > st->cap)
        return false;
    st->edge[st->len] = true;
    memcpy(st->s + st->len, s, n);
    st->len += n;
    st->s[st->len] = '\0';
    st->edge[st->len] = true;
    return true;
}

static bool add_number(table_read *tr, const char *value, const nb_import_line *ln)
{
    stream *st = &tr->st;
    number *nums = nb_arena_grow(tr->m->arena, st->nums, st->nnums, &st->capn, sizeof *nums);
    if (!nums)
        return false;
    st->nums = nums;
    /* a number sits between labels without cutting the stream: a label
     * printed around its row's numbers (「5.要求…重新出」 1 0 … 「具已获取信息」)
     * is still one label */
    nums[st->nnums++] = (number){value, st->len, ln};
    st->edge[st->len] = true;
    return true;
}

static bool add_label(table_read *tr, const char *text, const nb_import_line *ln)
{
    stream *st = &tr->st;
    const char *n = imp_norm(tr->m->arena, text);
    if (!n)
        return false;
    /* one character alone is often a piece of a label set vertically
     * (「三、本年度办理结果」 down its column) printed between the lines of
     * the row labels beside it: a label may skip it (match_at) */
    if (!*n)
        return true;
    if (imp_chars(n) == 1) {
        st->lone[st->len] = true;
        return stream_put(st, n, strlen(n));
    }
    cell_text *cells = nb_arena_grow(tr->m->arena, st->cells, st->ncells, &st->capc, sizeof *cells);
    if (!cells)
        return false;
    st->cells = cells;
    size_t start = st->len;
    if (!stream_put(st, n, strlen(n)))
        return false;
    cells[st->ncells++] = (cell_text){start, st->len, ln};
    return true;
}

/* Full-width and no-break spaces as ASCII ones, for splitting words. */
static char *spaces_to_ascii(nb_arena *a, const char *s)
{
    char *out = nb_arena_strdup(a, s);
    if (!out)
        return NULL;
    size_t n = 0;
    for (const char *p = s; *p; ) {
        if (strncmp(p, "\u3000", 3) == 0 || strncmp(p, "\u00a0", 2) == 0) {
            p += strncmp(p, "\u3000", 3) == 0 ? 3 : 2;
            out[n++] = ' ';
            continue;
        }
        out[n++] = *p++;
    }
    out[n] = '\0';
    return out;
}

/* One cell: a label, numbers, or a label followed by numbers separated by
 * single spaces (「行政许可 0」, 「0 0 0」). */
static bool add_cell(table_read *tr, const char *cell, size_t n, const nb_import_line *ln)
{
    nb_arena *a = tr->m->arena;
    const char *trimmed = imp_trim(a, nb_arena_strndup(a, cell, n));
    char *text = trimmed ? spaces_to_ascii(a, trimmed) : NULL;
    if (!text)
        return false;
    /* a space inside parts numbers: 「0 0 0」 is three */
    const char *whole = strchr(text, ' ') ? NULL : imp_number(a, text);
    if (whole)
        return add_number(tr, whole, ln);
    /* peel numbers off the end, word by word */
    enum { MAX_WORDS = 64 };
    const char *words[MAX_WORDS];
    int nw = 0;
    char *save = NULL;
    const char *whole_text = nb_arena_strdup(a, text);
    for (char *w = strtok_r(text, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
        /* a cell of so many words is text, not a row of numbers */
        if (nw == MAX_WORDS)
            return whole_text && add_label(tr, whole_text, ln);
        words[nw++] = w;
    }
    int first_num = nw;
    while (first_num > 0 && imp_number(a, words[first_num - 1]))
        first_num--;
    const char *label = "";
    for (int i = 0; i < first_num; i++)
        label = imp_concat(a, label, words[i]);
    if (!label || !add_label(tr, label, ln))
        return false;
    for (int i = first_num; i < nw; i++)
        if (!add_number(tr, imp_number(a, words[i]), ln))
            return false;
    return true;
}

/* A separator of cells: a tab, a bar, or a run of two or more spaces (or
 * any full-width space).  Returns its length at s, or 0. */
static size_t separator_at(const char *s)
{
    uint32_t cp;
    if (*s == '\t' || *s == '|')
        return 1;
    if (strncmp(s, "｜", strlen("｜")) == 0)
        return strlen("｜");
    size_t n = 0;
    int spaces = 0;
    bool wide = false;
    for (;;) {
        int k = nb_utf8_decode(s + n, strlen(s + n), &cp);
        if (!s[n] || !(cp == ' ' || cp == 0x3000 || cp == 0xA0))
            break;
        wide |= cp != ' ';
        spaces++;
        n += (size_t)k;
    }
    return spaces >= 2 || wide ? n : 0;
}

static bool add_line(table_read *tr, const nb_import_line *ln)
{
    const char *s = ln->text, *cell = s;
    while (*s) {
        size_t sep = separator_at(s);
        if (sep == 0) {
            s++;
            continue;
        }
        if (s > cell && !add_cell(tr, cell, (size_t)(s - cell), ln))
            return false;
        s += sep;
        cell = s;
    }
    return s <= cell || add_cell(tr, cell, (size_t)(s - cell), ln);
}

static bool build_stream(table_read *tr, int from, int to)
{
    size_t bytes = 16;
    for (int i = from; i < to; i++)
        bytes += strlen(tr->m->doc->lines[i].text) * 3 + 8;
    stream *st = &tr->st;
    st->cap = bytes;
    st->s = nb_arena_alloc(tr->m->arena, bytes);
    st->edge = NB_ARENA_NEW_ARRAY(tr->m->arena, bool, bytes + 1);
    st->lone = NB_ARENA_NEW_ARRAY(tr->m->arena, bool, bytes + 1);
    if (!st->s || !st->edge || !st->lone)
        return false;
    for (int i = from; i < to; i++)
        if (!add_line(tr, &tr->m->doc->lines[i]))
            return false;
    return true;
}

/* ---- the form's rows -------------------------------------------------- */

static const char *group_of(nb_arena *a, const char *row_name)
{
    const char *dot = row_name ? strstr(row_name, " · ") : NULL;
    return dot ? nb_arena_strndup(a, row_name, (size_t)(dot - row_name)) : NULL;
}

static bool make_specs(table_read *tr)
{
    const nb_form_table *t = tr->t;
    nb_arena *a = tr->m->arena;
    tr->rows = NB_ARENA_NEW_ARRAY(a, row_spec, t->nrows);
    tr->values = NB_ARENA_NEW_ARRAY(a, const char *, t->nfields + 1);
    tr->row_of = NB_ARENA_NEW_ARRAY(a, int, t->nfields + 1);
    if (!tr->rows || !tr->values || !tr->row_of)
        return false;
    for (int r = 0; r < t->nrows; r++) {
        row_spec *rs = &tr->rows[tr->nrows];
        *rs = (row_spec){.row = r, .start = -1, .end = -1};
        rs->fields = NB_ARENA_NEW_ARRAY(a, int, t->ncols + 1);
        if (!rs->fields)
            return false;
        for (int c = 0; c < t->ncells; c++) {
            const nb_form_cell *cell = &t->cells[c];
            if (cell->row != r)
                continue;
            if (cell->field >= 0) {
                tr->row_of[cell->field] = tr->nrows;
                rs->fields[rs->nfields++] = cell->field;
            } else if (cell->text && !cell->head) {
                rs->label = cell->text;
            }
        }
        if (rs->nfields > 0) {
            rs->group = group_of(a, t->row_names ? t->row_names[r] : NULL);
            tr->nrows++;
        }
    }
    return true;
}

/* ---- finding labels --------------------------------------------------- */

static uint32_t cp_before(const char *s, size_t at)
{
    size_t p = at;
    while (p > 0 && ((unsigned char)s[p - 1] & 0xC0) == 0x80)
        p--;
    uint32_t cp = 0;
    if (p > 0) {
        p--;
        while (p > 0 && ((unsigned char)s[p] & 0xC0) == 0x80)
            p--;
        nb_utf8_decode(s + p, at - p, &cp);
    }
    return cp;
}

/* A label is found only as whole words: not inside a longer one
 * (「其他」 in 「其他处理」). */
static bool whole_words(const stream *st, size_t start, size_t end)
{
    uint32_t next = 0;
    if (end < st->len)
        nb_utf8_decode(st->s + end, st->len - end, &next);
    bool left = st->edge[start] || !imp_is_cjk(cp_before(st->s, start));
    bool right = st->edge[end] || !imp_is_cjk(next);
    return left && right;
}

/* Where `want` ends if it matches at stream position p, else -1.  A
 * one-character cell in the way may be skipped: a vertical label's piece
 * printed between the lines of this one (「5.属于三类内部事务信」「结」「息」). */
static long match_at(const stream *st, size_t p, const char *want, int skips)
{
    if (!*want)
        return (long)p;
    if (p >= st->len)
        return -1;
    size_t k = (size_t)nb_utf8_decode(want, strlen(want), &(uint32_t){0});
    if (p + k <= st->len && memcmp(st->s + p, want, k) == 0) {
        long end = match_at(st, p + k, want + k, skips);
        if (end >= 0)
            return end;
    }
    if (st->lone[p] && skips > 0) {
        size_t n = (size_t)nb_utf8_decode(st->s + p, st->len - p, &(uint32_t){0});
        return match_at(st, p + n, want, skips - 1);
    }
    return -1;
}

static bool find_words(const stream *st, const char *want, size_t from, bool prefix,
                       long *start, long *end)
{
    enum { MAX_SKIPS = 8 };
    if (!want || !*want)
        return false;
    for (size_t s = from; s < st->len; s++) {
        if (st->s[s] != want[0])
            continue;
        long e = match_at(st, s, want, MAX_SKIPS);
        if (e < 0)
            continue;
        if (prefix ? st->edge[s] || !imp_is_cjk(cp_before(st->s, s))
                   : whole_words(st, s, (size_t)e)) {
            *start = (long)s;
            *end = e;
            return true;
        }
    }
    return false;
}

static bool find_text(const stream *st, const char *want, size_t from, long *start, long *end)
{
    return find_words(st, want, from, false, start, end);
}

/* The first eight characters of a long label: enough to know it when the rest
 * is broken up by another label printed across it (「（六）其他处理」 set
 * in the middle of 「2、申请人逾期未按收费通知要 / 求缴纳费用…」). */
static const char *label_head(nb_arena *a, const char *core)
{
    enum { HEAD_CHARS = 8 };
    if (!core || imp_chars(core) < HEAD_CHARS + 2)
        return NULL;
    const char *p = core;
    uint32_t cp;
    for (int i = 0; i < HEAD_CHARS; i++)
        p += nb_utf8_decode(p, strlen(p), &cp);
    return nb_arena_strndup(a, core, (size_t)(p - core));
}

static bool find_label(table_read *tr, row_spec *rs, size_t from)
{
    nb_arena *a = tr->m->arena;
    const char *tries[] = {imp_norm(a, rs->label), imp_core(a, rs->label, false),
                           imp_core(a, rs->label, true)};
    for (size_t i = 0; i < sizeof tries / sizeof *tries; i++)
        if (find_text(&tr->st, tries[i], from, &rs->start, &rs->end))
            return true;
    return find_words(&tr->st, label_head(a, tries[2]), from, true, &rs->start, &rs->end);
}

static const nb_import_line *line_at(const table_read *tr, size_t at)
{
    const nb_import_line *ln = NULL;
    for (int i = 0; i < tr->st.ncells && tr->st.cells[i].start <= at; i++)
        ln = tr->st.cells[i].ln;
    return ln;
}

/* Characters in common, in order (longest common subsequence). */
static int common_chars(const char *x, const char *y)
{
    uint32_t a[96] = {0}, b[96] = {0};
    int na = 0, nb = 0;
    for (const char *p = x; *p && na < 96; na++)
        p += nb_utf8_decode(p, strlen(p), &a[na]);
    for (const char *p = y; *p && nb < 96; nb++)
        p += nb_utf8_decode(p, strlen(p), &b[nb]);
    int prev[97] = {0}, cur[97] = {0};
    for (int i = 1; i <= na; i++) {
        for (int j = 1; j <= nb; j++)
            cur[j] = a[i - 1] == b[j - 1] ? prev[j - 1] + 1
                   : cur[j - 1] > prev[j] ? cur[j - 1] : prev[j];
        memcpy(prev, cur, sizeof prev);
    }
    return prev[nb];
}

static long found_end_before(const table_read *tr, int k)
{
    for (int i = k - 1; i >= 0; i--)
        if (tr->rows[i].end >= 0)
            return tr->rows[i].end;
    return 0;
}

static long found_start_after(const table_read *tr, int k)
{
    for (int i = k + 1; i < tr->nrows; i++)
        if (tr->rows[i].start >= 0)
            return tr->rows[i].start;
    return (long)tr->st.len;
}

/* A label printed a little differently (「2.其他法律行政止公开」): the
 * most similar cell between the neighbours' labels, if similar enough. */
static void find_similar(table_read *tr, int k)
{
    row_spec *rs = &tr->rows[k];
    nb_arena *a = tr->m->arena;
    const char *want = imp_core(a, rs->label, true);
    long lo = found_end_before(tr, k), hi = found_start_after(tr, k);
    double best = 0.0;
    int best_cell = -1;
    int nwant = want ? imp_chars(want) : 0;
    for (int i = 0; nwant > 0 && i < tr->st.ncells; i++) {
        const cell_text *c = &tr->st.cells[i];
        if ((long)c->start < lo || (long)c->end > hi)
            continue;
        const char *text = nb_arena_strndup(a, tr->st.s + c->start, c->end - c->start);
        const char *words = text ? imp_strip_numbering(text) : NULL;
        if (!words)
            continue;
        int nw = imp_chars(words), common = common_chars(want, words);
        double score = (double)common / (double)(nw > nwant ? nw : nwant);
        if (score > best) {
            best = score;
            best_cell = i;
        }
    }
    if (best_cell < 0 || best < 0.7)
        return;
    const cell_text *c = &tr->st.cells[best_cell];
    rs->start = (long)c->start;
    rs->end = (long)c->end;
    const char *printed = nb_arena_strndup(a, tr->st.s + c->start, c->end - c->start);
    rs->note = imp_concat(a, "原表行名为「", imp_concat(a, printed, "」"));
    nb_diag_warn(tr->m->diag, imp_span(tr->m, c->ln),
                 "表格行名「%s」与格式中的「%s」不完全一致，已按「%s」读取", printed,
                 rs->label, rs->label);
}

static void find_group_row(table_read *tr, int k);

static void find_labels(table_read *tr)
{
    size_t from = 0;
    for (int k = 0; k < tr->nrows; k++) {
        row_spec *rs = &tr->rows[k];
        if (rs->label && find_label(tr, rs, from))
            from = (size_t)rs->end;
    }
    for (int k = 0; k < tr->nrows; k++)
        if (tr->rows[k].label && tr->rows[k].start < 0)
            find_similar(tr, k);
    for (int k = 0; k < tr->nrows; k++)
        if (tr->rows[k].group && tr->rows[k].start < 0 && !tr->rows[k].covered)
            find_group_row(tr, k);
    for (int k = 0; k < tr->nrows; k++)
        if (tr->rows[k].start >= 0)
            tr->rows[k].ln = line_at(tr, (size_t)tr->rows[k].start);
}

/* ---- numbers to rows -------------------------------------------------- */

/* The numbers seen after stream position lo (a number at lo came before
 * the label starting there) up to hi. */
static int numbers_in(const table_read *tr, long lo, long hi, const number **out, int max)
{
    int n = 0;
    for (int i = 0; i < tr->st.nnums; i++) {
        const number *num = &tr->st.nums[i];
        if ((long)num->at > lo && (long)num->at <= hi) {
            if (n < max)
                out[n] = num;
            n++;
        }
    }
    return n;
}

static const char *list_numbers(nb_arena *a, const number **nums, int n, int max)
{
    const char *s = "";
    for (int i = 0; i < n && i < max; i++)
        s = imp_concat(a, s, imp_concat(a, i ? " " : "", nums[i]->value));
    return s;
}

static void row_problem(table_read *tr, row_spec *rs, const char *why)
{
    imp *m = tr->m;
    const char *name = tr->t->key;
    const char *row = tr->t->row_names && tr->t->row_names[rs->row] ? tr->t->row_names[rs->row]
                    : rs->label ? rs->label : "";
    rs->problem = why;
    m->uncertain = true;
    nb_diag_error(m->diag, imp_span(m, rs->ln), "%s「%s」的数字未能确定：%s", name, row, why);
    nb_diag_hint(m->diag, "输出文件中这一行标为「未能确定」，请对照原文填写");
}

/* Exactly the form's count of numbers, or nothing: a row with one number
 * too few (a blank cell, a number lost in the export) cannot say which. */
static void assign(table_read *tr, row_spec *rs, const number **nums, int n)
{
    if (n != rs->nfields) {
        char detail[300];
        snprintf(detail, sizeof detail, "找到 %d 个数%s%s，应为 %d 个", n, n ? "：" : "",
                 n ? list_numbers(tr->m->arena, nums, n, 20) : "", rs->nfields);
        row_problem(tr, rs, nb_arena_strdup(tr->m->arena, detail));
        return;
    }
    for (int i = 0; i < n; i++)
        tr->values[rs->fields[i]] = nums[i]->value;
}

/* The 2019 form's one-row （六）其他处理: a group label with numbers where
 * the form has sub-rows.  Found only when none of the sub-rows is. */
static void find_group_row(table_read *tr, int k)
{
    row_spec *rs = &tr->rows[k];
    int last = k;
    while (last + 1 < tr->nrows && tr->rows[last + 1].group
           && strcmp(tr->rows[last + 1].group, rs->group) == 0)
        last++;
    for (int i = k; i <= last; i++)
        if (tr->rows[i].start >= 0)
            return;
    long lo = found_end_before(tr, k), hi = found_start_after(tr, last), start, end;
    const char *words = imp_core(tr->m->arena, rs->group, true);
    if (!find_text(&tr->st, words, (size_t)lo, &start, &end) || end > hi)
        return;
    rs->start = start;
    rs->end = end;
    rs->group_last = last;
    for (int i = k + 1; i <= last; i++)
        tr->rows[i].covered = true;
}

/* Its numbers stand for the form's sub-rows only when they are all zero. */
static void assign_group_row(table_read *tr, int k, const number **nums, int n)
{
    row_spec *rs = &tr->rows[k];
    bool zeros = n == rs->nfields;
    for (int i = 0; i < n; i++)
        zeros = zeros && strspn(nums[i]->value, "0") == strlen(nums[i]->value);
    for (int i = k; i <= rs->group_last; i++) {
        row_spec *sub = &tr->rows[i];
        sub->ln = rs->ln;
        if (!zeros) {
            row_problem(tr, sub, imp_concat(tr->m->arena, imp_concat(tr->m->arena, "原表只有一行「",
                        rs->group), "」（2019 年格式），其中的数不全为 0，无法分到本格式的各分项"));
            continue;
        }
        for (int f = 0; f < sub->nfields; f++)
            tr->values[sub->fields[f]] = "0";
        sub->note = "原表只有一行（2019 年格式），全为 0";
    }
    if (zeros)
        nb_diag_warn(tr->m->diag, imp_span(tr->m, rs->ln),
                     "原表「%s」只有一行（2019 年格式），全为 0，本格式的各分项均记为 0", rs->group);
}

static void assign_rows(table_read *tr)
{
    enum { MAX_ROW_NUMS = 64 };
    const number *nums[MAX_ROW_NUMS];
    bool labelled = false;
    for (int k = 0; k < tr->nrows; k++)
        labelled |= tr->rows[k].label != NULL;
    for (int k = 0; k < tr->nrows; k++) {
        row_spec *rs = &tr->rows[k];
        if (!labelled) {
            /* Table 4: one row of numbers under the headers */
            int n = numbers_in(tr, -1, (long)tr->st.len, nums, MAX_ROW_NUMS);
            rs->ln = n ? nums[0]->ln : NULL;
            assign(tr, rs, nums, n < MAX_ROW_NUMS ? n : MAX_ROW_NUMS);
            continue;
        }
        if (rs->covered)
            continue;
        if (rs->start < 0) {
            if (!rs->problem)
                row_problem(tr, rs, imp_concat(tr->m->arena, imp_concat(tr->m->arena, "原文中找不到行名「",
                            rs->label ? rs->label : ""), "」"));
            continue;
        }
        int n = numbers_in(tr, rs->start, found_start_after(tr, k), nums, MAX_ROW_NUMS);
        if (rs->group_last > k)
            assign_group_row(tr, k, nums, n < MAX_ROW_NUMS ? n : MAX_ROW_NUMS);
        else
            assign(tr, rs, nums, n < MAX_ROW_NUMS ? n : MAX_ROW_NUMS);
    }
}

/* Numbers before the first row label are in no row: say so. */
static void stray_numbers(table_read *tr)
{
    long first = -1;
    for (int k = 0; k < tr->nrows && first < 0; k++)
        first = tr->rows[k].label ? tr->rows[k].start : -1;
    if (first < 0)
        return;
    const number *nums[8];
    int n = numbers_in(tr, -1, first, nums, 8);
    if (n > 0) {
        tr->m->uncertain = true;
        nb_diag_error(tr->m->diag, imp_span(tr->m, nums[0]->ln),
                      "%s的表头中有 %d 个数（%s）不属于任何一行，未导入", tr->t->key, n,
                      list_numbers(tr->m->arena, nums, n, 8));
    }
}

/* ---- writing ---------------------------------------------------------- */

/* The path of a field without its last part (its row), or "" for a lone
 * value. */
static size_t prefix_len(const char *path)
{
    const char *dot = strrchr(path, '.');
    return dot ? (size_t)(dot - path) : 0;
}

enum { MAX_DEPTH = 8 };

/* Splits a dotted path into its parts; returns how many. */
static int split_path(const char *path, size_t len, const char **part, size_t *part_len)
{
    int n = 0;
    size_t from = 0;
    for (size_t i = 0; i <= len && n < MAX_DEPTH; i++)
        if (i == len || path[i] == '.') {
            part[n] = path + from;
            part_len[n++] = i - from;
            from = i + 1;
        }
    return len ? n : 0;
}

/* Opens the mappings of `parent` that the previous row's did not share;
 * returns the depth of the row's key. */
static int write_open(imp *m, const char *prev, size_t prev_len, const char *parent, size_t len)
{
    const char *a[MAX_DEPTH], *b[MAX_DEPTH];
    size_t alen[MAX_DEPTH], blen[MAX_DEPTH];
    int na = split_path(prev, prev_len, a, alen), nb = split_path(parent, len, b, blen);
    int same = 0;
    while (same < na && same < nb && alen[same] == blen[same]
           && memcmp(a[same], b[same], alen[same]) == 0)
        same++;
    for (int i = same; i < nb; i++)
        imp_outf(m, "%*s%.*s:\n", 2 + 2 * i, "", (int)blen[i], b[i]);
    return nb;
}

static void write_values(table_read *tr, int first, int count, const char *leaf, size_t leaf_len,
                         int depth, bool comment_columns)
{
    imp *m = tr->m;
    const row_spec *rs = &tr->rows[tr->row_of[first]];
    imp_outf(m, "%*s%.*s: ", 2 + 2 * depth, "", (int)leaf_len, leaf);
    if (rs->problem) {
        imp_out(m, "~   # 未能确定：");
        imp_out(m, rs->problem);
        imp_out(m, "\n");
        return;
    }
    if (count > 1)
        imp_out(m, "[");
    int last = count - 1;
    while (last > 0 && !tr->values[first + last])
        last--;
    for (int i = 0; i <= last; i++) {
        const char *v = tr->values[first + i];
        imp_outf(m, "%s%s", i ? ", " : "", v ? v : "~");
    }
    if (count > 1)
        imp_out(m, "]");
    if (rs->note) {
        imp_out(m, "   # ");
        imp_out(m, rs->note);
    } else if (comment_columns) {
        imp_out(m, "   # ");
        for (int i = 0; i < count; i++)
            imp_outf(m, "%s%s", i ? "、" : "", tr->t->fields[first + i].col_name);
    }
    imp_out(m, "\n");
}

static void write_table(table_read *tr, const nb_form_section *sec)
{
    imp *m = tr->m;
    const nb_form_table *t = tr->t;
    imp_outf(m, "\n# %s\n%s:\n", sec->heading, t->key);
    const char *prev = "";
    size_t prev_len = 0;
    bool commented = false;
    for (int f = 0; f < t->nfields; ) {
        const char *path = t->fields[f].path;
        size_t plen = prefix_len(path);
        int count = 1;
        while (plen && f + count < t->nfields && prefix_len(t->fields[f + count].path) == plen
               && strncmp(t->fields[f + count].path, path, plen) == 0)
            count++;
        /* a row of several numbers is a list under its row's key; a lone
         * value sits under its own key */
        size_t key_len = plen ? plen : strlen(path);
        const char *dot = NULL;
        for (size_t i = 0; i < key_len; i++)
            if (path[i] == '.')
                dot = path + i;
        size_t parent_len = dot ? (size_t)(dot - path) : 0;
        int depth = write_open(m, prev, prev_len, path, parent_len);
        const char *leaf = dot ? dot + 1 : path;
        write_values(tr, f, count, leaf, key_len - (size_t)(leaf - path),
                     depth, count > 1 && !commented);
        commented |= count > 1;
        prev = path;
        prev_len = parent_len;
        f += count;
    }
}

/* A table without a single number (a blank template): said once. */
static void blank_table(table_read *tr, const nb_import_line *at)
{
    for (int k = 0; k < tr->nrows; k++)
        tr->rows[k].problem = "原表这一行没有数字";
    tr->m->uncertain = true;
    nb_diag_error(tr->m->diag, imp_span(tr->m, at),
                  "%s（%s）中没有任何数字（空白模板？），各行均标为未能确定", tr->t->key,
                  tr->t->name);
}

bool imp_table(imp *m, int s, int from, int to)
{
    const nb_form_section *sec = &m->form->sections[s];
    table_read tr = {.m = m, .t = &m->form->tables[sec->table]};
    if (!make_specs(&tr))
        return false;
    if (m->section_line[s] < 0) {
        for (int k = 0; k < tr.nrows; k++)
            tr.rows[k].problem = "原文中找不到这一部分";
    } else {
        if (!build_stream(&tr, from, to))
            return false;
        if (tr.st.nnums == 0) {
            blank_table(&tr, m->doc->lines + from);
            write_table(&tr, sec);
            return !m->out_failed;
        }
        find_labels(&tr);
        assign_rows(&tr);
        stray_numbers(&tr);
    }
    write_table(&tr, sec);
    return !m->out_failed;
}
