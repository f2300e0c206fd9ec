/* input.c — input stage: one report file (YAML, keys named after the form)
 * → nb_report.  Which keys exist comes from the form (form.c): the text
 * sections' keys, the tables' keys and the paths of their fields.  Every
 * problem of shape is reported with file:line:col — unknown keys with the
 * nearest known one, wrong types, numbers that are not whole, negative or
 * too large — and reading goes on so that one run lists all of them. */
#include "input.h"
#include "suggest.h"
#include "form.h"
#include "template.h"
#include "textlint.h"
#include "utf8.h"
#include "yamlerr.h"
#include "yamlread.h"

#include <stdlib.h>
#include <string.h>

#define MAX_COUNT 1000000000LL   /* no body receives 10^9 applications */
#define MAX_DECIMALS 12          /* published fees have up to six */

typedef struct reader {
    nb_diag *diag;
    nb_arena *arena;
    nb_yaml yaml;
    const nb_form *form;
    nb_report *rep;
} reader;

static nb_span span_of(reader *r, nb_ynode *n)
{
    return nb_yaml_span(&r->yaml, n);
}

/* ---- key normalisation ------------------------------------------------ */

static bool starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* The form's numbering is optional in keys: 「（四）无法提供」, 「1.本机关…」,
 * 「一、本年新收…」 all mean their bare label. */
static const char *strip_numbering(const char *s)
{
    static const char *const numerals[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};
    const char *p = s;
    while (*p == ' ')
        p++;
    const char *open = starts_with(p, "（") ? "（" : *p == '(' ? "(" : NULL;
    const char *q = open ? p + strlen(open) : p;
    bool digits = false;
    for (bool more = true; more;) {
        more = false;
        for (size_t i = 0; i < sizeof numerals / sizeof *numerals; i++)
            if (starts_with(q, numerals[i])) {
                q += strlen(numerals[i]);
                digits = more = true;
            }
        while (*q >= '0' && *q <= '9') {
            q++;
            digits = more = true;
        }
    }
    if (!digits)
        return p;
    if (open) {
        const char *close = starts_with(q, "）") ? "）" : *q == ')' ? ")" : NULL;
        if (!close)
            return p;
        q += strlen(close);
    } else if (starts_with(q, "、") || starts_with(q, "．")) {
        q += 3;
    } else if (*q == '.') {
        q++;
    } else {
        return p;
    }
    while (*q == ' ')
        q++;
    return *q ? q : p;
}

/* ---- scalars --------------------------------------------------------- */

static const char *scalar_text(reader *r, nb_ynode *n, const char *what)
{
    if (!nb_yaml_is_scalar(n)) {
        nb_diag_error(r->diag, span_of(r, n), "「%s」应为一段文字，实为%s", what,
                      nb_yaml_is_seq(n) ? "列表" : "映射");
        return NULL;
    }
    return nb_yaml_text(r->arena, n);
}

/* Trims ASCII and full-width spaces and line ends on both sides.  Never
 * NULL: out of memory it gives "" and the arena remembers the failure
 * (nb_arena_failed, checked when the report has been read). */
static const char *trimmed(reader *r, const char *s)
{
    const char *b = s, *e = s + strlen(s);
    for (;;) {
        if (*b == ' ' || *b == '\t' || *b == '\n' || *b == '\r') b++;
        else if (starts_with(b, "\xE3\x80\x80")) b += 3;
        else break;
    }
    for (;;) {
        if (e > b && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r')) e--;
        else if (e - b >= 3 && memcmp(e - 3, "\xE3\x80\x80", 3) == 0) e -= 3;
        else break;
    }
    const char *t = nb_arena_strndup(r->arena, b, (size_t)(e - b));
    return t ? t : "";
}

static bool is_null_scalar(const char *s)
{
    return !*s || strcmp(s, "~") == 0 || strcmp(s, "null") == 0 || strcmp(s, "NULL") == 0;
}

/* Full-width digits 「１２」 typed with a Chinese input method. */
static bool has_fullwidth_digit(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xBC &&
            (unsigned char)s[2] >= 0x90 && (unsigned char)s[2] <= 0x99)
            return true;
    return false;
}

typedef struct number {
    int64_t whole;
    int64_t frac4;       /* the first four decimals, rounded by the fifth */
    int ndecimals;
    bool frac_nonzero;
    bool ok;
} number;

static number scan_number(const char *p)
{
    number n = {0};
    int ndigits = 0;
    if (*p == '+')
        p++;
    for (; *p >= '0' && *p <= '9'; p++, ndigits++)
        if (n.whole <= MAX_COUNT)
            n.whole = n.whole * 10 + (*p - '0');
    bool round_up = false;
    if (*p == '.') {
        for (p++; *p >= '0' && *p <= '9'; p++, n.ndecimals++) {
            if (n.ndecimals < 4)
                n.frac4 = n.frac4 * 10 + (*p - '0');
            else if (n.ndecimals == 4)
                round_up = *p >= '5';
            n.frac_nonzero |= *p != '0';
        }
    }
    for (int i = n.ndecimals; i < 4; i++)
        n.frac4 *= 10;
    n.frac4 += round_up;
    n.ok = *p == '\0' && ndigits > 0;
    return n;
}

/* A number of the form: a count (whole, 0..10^9) or an amount (万元).
 * Stored × NB_VALUE_SCALE; the text is kept as written, so that a fee
 * published with six decimals is printed with six. */
static bool parse_number(reader *r, nb_ynode *n, nb_field_kind kind,
                         const char *cell, nb_value *out)
{
    const char *s = nb_yaml_is_scalar(n) ? nb_yaml_text(r->arena, n) : NULL;
    nb_span at = span_of(r, n);
    if (!s) {
        nb_diag_error(r->diag, at, "%s应为一个数字，实为%s", cell,
                      nb_yaml_is_seq(n) ? "列表" : "映射");
        return false;
    }
    s = trimmed(r, s);
    if (is_null_scalar(s))
        return true;   /* an empty cell is an omitted one */
    if (*s == '-') {
        nb_diag_error(r->diag, at, "%s不能为负数，实为「%s」", cell, s);
        return false;
    }
    number num = scan_number(s);
    if (!num.ok) {
        nb_diag_error(r->diag, at, "%s应为数字，实为「%s」", cell, s);
        nb_diag_hint(r->diag, has_fullwidth_digit(s)
                     ? "用了全角数字，请改为半角数字（英文输入法），如 0、12；金额可带小数，如 0.35"
                     : "只写阿拉伯数字（半角），如 0、12；金额可带小数，如 0.35");
        return false;
    }
    if (kind == NB_FIELD_COUNT && num.frac_nonzero) {
        nb_diag_error(r->diag, at, "%s应为整数（件数），实为「%s」", cell, s);
        return false;
    }
    if (num.whole > MAX_COUNT) {
        nb_diag_error(r->diag, at, "%s数值过大：「%s」（上限 %lld）", cell, s, MAX_COUNT);
        return false;
    }
    if (num.ndecimals > MAX_DECIMALS) {
        nb_diag_error(r->diag, at, "%s的小数位数过多（%d 位）：「%s」", cell, num.ndecimals, s);
        return false;
    }
    if (kind == NB_FIELD_COUNT && num.ndecimals > 0) {
        nb_diag_warn(r->diag, at, "%s是件数，写成了「%s」，按 %lld 计", cell, s, (long long)num.whole);
        nb_diag_hint(r->diag, "件数请写整数，如 %lld", (long long)num.whole);
    } else if (num.ndecimals > 4) {
        nb_diag_warn(r->diag, at, "%s有 %d 位小数（「%s」）：表中照原样印出，核对时按四位小数计算",
                     cell, num.ndecimals, s);
        nb_diag_hint(r->diag, "金额单位为万元，通常保留至多四位小数；如原始数据确是如此，可不改");
    }
    out->v = num.whole * NB_VALUE_SCALE + (kind == NB_FIELD_COUNT ? 0 : num.frac4);
    out->given = true;
    out->span = at;
    out->text = *s == '+' ? s + 1 : s;
    return true;
}

/* ---- tables ---------------------------------------------------------- */

typedef struct table_reader {
    reader *r;
    const nb_form_table *t;
    nb_value *values;
} table_reader;

static char *cell_name(reader *r, const nb_form_table *t, const nb_field *f)
{
    size_t cap = strlen(t->key) + strlen(f->row_name) + (f->col_name ? strlen(f->col_name) : 0) + 32;
    char *s = nb_arena_alloc(r->arena, cap);
    if (s && f->col_name)
        snprintf(s, cap, "%s「%s」×「%s」", t->key, f->row_name, f->col_name);
    else if (s)
        snprintf(s, cap, "%s「%s」", t->key, f->row_name);
    return s;
}

static void set_value(table_reader *tr, int field, nb_ynode *n)
{
    if (field < 0)
        return;   /* a path lost for want of memory (the arena says so) */
    const nb_field *f = &tr->t->fields[field];
    nb_value *v = &tr->values[field];
    if (v->given) {
        nb_diag_error(tr->r->diag, span_of(tr->r, n), "%s重复填写（已在第 %d 行填写）",
                      cell_name(tr->r, tr->t, f), v->span.line);
        return;
    }
    parse_number(tr->r, n, f->kind, cell_name(tr->r, tr->t, f), v);
}

/* The next path components under `prefix` that the form knows, in order. */
static int child_names(reader *r, const nb_form_table *t, const char *prefix,
                       const char **out, int max)
{
    size_t lp = strlen(prefix);
    int n = 0;
    for (int i = 0; i < t->nfields && n < max; i++) {
        const char *p = t->fields[i].path;
        if (lp && (strncmp(p, prefix, lp) != 0 || p[lp] != '.'))
            continue;
        const char *rest = lp ? p + lp + 1 : p;
        const char *dot = strchr(rest, '.');
        char *name = nb_arena_strndup(r->arena, rest, dot ? (size_t)(dot - rest) : strlen(rest));
        bool seen = false;
        for (int k = 0; k < n && !seen; k++)
            seen = strcmp(out[k], name) == 0;
        if (!seen)
            out[n++] = name;
    }
    return n;
}

/* Matches a key against the known children: exactly, after dropping the
 * form's numbering, or as the part of a long label before its first 、. */
static const char *match_child(const char *key, const char **names, int n)
{
    const char *bare = strip_numbering(key);
    for (int i = 0; i < n; i++)
        if (strcmp(names[i], key) == 0 || strcmp(names[i], bare) == 0)
            return names[i];
    size_t lb = strlen(bare);
    for (int i = 0; i < n; i++)
        if (strncmp(names[i], bare, lb) == 0 && starts_with(names[i] + lb, "、"))
            return names[i];
    return NULL;
}

static void read_table_node(table_reader *tr, nb_ynode *n, const char *prefix);

/* A list typed with full-width commas 「[3，0，0]」 is one item: name the
 * first 「，」 or 「、」 where it stands. */
static bool fullwidth_comma(reader *r, nb_ynode *seq)
{
    void *it = NULL;
    nb_ynode *item;
    while ((item = nb_yaml_seq_next(seq, &it))) {
        nb_yaml_source src;
        if (!nb_yaml_source_of(&r->yaml, item, &src))
            continue;
        for (const char *p = src.start; p + 3 <= src.end; p++) {
            bool comma = memcmp(p, "，", 3) == 0, dun = memcmp(p, "、", 3) == 0;
            if (!comma && !dun)
                continue;
            nb_span at = nb_yaml_source_span(&r->yaml, &src, p);
            nb_diag_error(r->diag, at, "第 %d 行第 %d 列用了%s，请改为半角逗号「,」", at.line,
                          at.col, comma ? "全角逗号「，」" : "顿号「、」");
            nb_diag_hint(r->diag, "列表中的数字用半角逗号分隔（英文输入法），如 [3, 1, 0, 0, 0, 0]");
            return true;
        }
    }
    return false;
}

static void read_row_list(table_reader *tr, nb_ynode *seq, const char *prefix,
                          const char **cols, int ncols)
{
    reader *r = tr->r;
    int len = nb_yaml_seq_len(seq);
    bool total_last = ncols > 1 && strcmp(cols[ncols - 1], "总计") == 0;
    if (len != ncols && !(total_last && len == ncols - 1)) {
        if (fullwidth_comma(r, seq))
            return;
        nb_diag_error(r->diag, span_of(r, seq), "%s「%s」应有 %d 个数字（%s%s%s），实有 %d 个",
                      tr->t->key, prefix, ncols, cols[0], ncols > 1 ? " … " : "",
                      ncols > 1 ? cols[ncols - 1] : "", len);
        nb_diag_hint(r->diag, total_last ? "按表中从左到右的顺序填写；总计可省略，由程序计算"
                                         : "按表中从左到右的顺序填写");
        return;
    }
    void *it = NULL;
    nb_ynode *item;
    for (int i = 0; (item = nb_yaml_seq_next(seq, &it)) && i < ncols; i++)
        set_value(tr, nb_form_find_field(tr->t, nb_form_join(r->arena, prefix, cols[i])), item);
}

static void read_table_map(table_reader *tr, nb_ynode *map, const char *prefix,
                           const char **names, int nnames)
{
    reader *r = tr->r;
    void *it = NULL;
    nb_ynode *key, *value;
    while ((key = nb_yaml_map_next(map, &it, &value))) {
        const char *k = nb_yaml_is_scalar(key) ? trimmed(r, nb_yaml_text(r->arena, key)) : "";
        const char *name = match_child(k, names, nnames);
        if (!name && nb_yamlerr_scalar_typo(r->diag, &r->yaml, key))
            continue;
        if (!name) {
            nb_diag_error(r->diag, span_of(r, key), "%s%s%s%s中没有「%s」这一项", tr->t->key,
                          *prefix ? "「" : "", *prefix ? prefix : "", *prefix ? "」" : "", k);
            const char *near = nb_diag_full(r->diag) ? NULL : nb_suggest(strip_numbering(k), names, nnames);
            if (near)
                nb_diag_hint(r->diag, "您是否想写「%s」？", near);
            else
                nb_diag_hint(r->diag, "此处可填：%s%s%s", names[0], nnames > 1 ? "、" : "",
                             nnames > 1 ? names[1] : "");
            continue;
        }
        read_table_node(tr, value, nb_form_join(r->arena, prefix, name));
    }
}

static void read_table_node(table_reader *tr, nb_ynode *n, const char *prefix)
{
    reader *r = tr->r;
    int field = nb_form_find_field(tr->t, prefix);
    if (field >= 0) {
        set_value(tr, field, n);
        return;
    }
    const char *names[64];
    int nnames = child_names(r, tr->t, prefix, names, 64);
    if (nb_yaml_is_map(n)) {
        read_table_map(tr, n, prefix, names, nnames);
        return;
    }
    bool leaf_row = nnames > 0 && nb_form_find_field(tr->t, nb_form_join(r->arena, prefix, names[0])) >= 0;
    if (nb_yaml_is_seq(n) && leaf_row) {
        read_row_list(tr, n, prefix, names, nnames);
        return;
    }
    if (nb_yaml_is_scalar(n) && is_null_scalar(trimmed(r, nb_yaml_text(r->arena, n))))
        return;
    if (nb_yamlerr_scalar_typo(r->diag, &r->yaml, n))
        return;
    nb_diag_error(r->diag, span_of(r, n), "%s「%s」应为%s", tr->t->key, prefix,
                  leaf_row ? "一列数字（列表）或按列名填写的映射" : "按行名填写的映射");
}

static void read_table(reader *r, int ti, nb_ynode *n)
{
    const nb_form_table *t = &r->form->tables[ti];
    table_reader tr = {r, t, r->rep->values[ti]};
    size_t errors = r->diag->errors;
    r->rep->table_given[ti] = true;
    if (!nb_yaml_is_map(n) && !nb_yamlerr_scalar_typo(r->diag, &r->yaml, n))
        nb_diag_error(r->diag, span_of(r, n), "「%s」应为按行名填写的映射", t->key);
    else
        read_table_node(&tr, n, "");
    r->rep->table_invalid[ti] |= r->diag->errors != errors;
}

/* ---- text ------------------------------------------------------------- */

typedef struct block_list {
    nb_block *items;
    int n, cap;
} block_list;

static void add_block(reader *r, block_list *l, nb_block_kind kind, nb_ynode *n,
                      const char *text)
{
    nb_span at = span_of(r, n);
    if (!text || !*text) {
        nb_diag_error(r->diag, at, "%s不能为空", kind == NB_BLOCK_HEADING ? "小标题" : "段落");
        return;
    }
    nb_textlint_scan(r->diag, &r->yaml, n);
    nb_block *items = nb_arena_grow(r->arena, l->items, l->n, &l->cap, sizeof *items);
    if (!items)
        return;
    l->items = items;
    l->items[l->n++] = (nb_block){kind, text, at, nb_template_is_placeholder(text), NULL};
}

static const char *const BLOCK_KINDS[] = {"小标题", "段落"};

/* 「- 小标题：（一）主动公开」 and 「- 小标题:（一）…」 read as a paragraph:
 * the colon is full-width, or has no space after it. */
static bool kind_mistyped(reader *r, nb_ynode *n, const char *text)
{
    for (size_t i = 0; i < sizeof BLOCK_KINDS / sizeof *BLOCK_KINDS; i++) {
        size_t len = strlen(BLOCK_KINDS[i]);
        if (strncmp(text, BLOCK_KINDS[i], len) != 0)
            continue;
        bool fullwidth = strncmp(text + len, "：", 3) == 0;
        if (!fullwidth && text[len] != ':')
            continue;
        nb_yaml_source src;
        const char *colon = NULL;
        if (nb_yaml_source_of(&r->yaml, n, &src))
            colon = strstr(src.start, fullwidth ? "：" : ":");
        nb_span at = colon && colon < src.end ? nb_yaml_source_span(&r->yaml, &src, colon)
                                              : span_of(r, n);
        nb_diag_error(r->diag, at, "第 %d 行第 %d 列%s", at.line, at.col,
                      fullwidth ? "用了全角冒号「：」，请改为半角「:」" : "冒号「:」后缺少空格");
        nb_diag_hint(r->diag, "写成「- %s: …」（半角冒号后加一个空格），否则整行会被当作一段正文",
                     BLOCK_KINDS[i]);
        return true;
    }
    return false;
}

/* A paragraph with a run-in heading: 「- 段首标题: （一）主动公开方面。」 and,
 * in the same item, 「正文: …」. */
static const char *const RUNIN_KEYS[] = {"段首标题", "正文"};

static void read_runin(reader *r, block_list *l, nb_ynode *n)
{
    void *it = NULL;
    nb_ynode *value, *key;
    while ((key = nb_yaml_map_next(n, &it, &value))) {
        const char *k = nb_yaml_text(r->arena, key);
        if (k && (strcmp(k, RUNIN_KEYS[0]) == 0 || strcmp(k, RUNIN_KEYS[1]) == 0))
            continue;
        nb_diag_error(r->diag, span_of(r, key), "段首标题的段落中不应有「%s」", k ? k : "?");
        nb_diag_hint(r->diag, "写成「- 段首标题: （一）……」，下一行缩进两格写「正文: ……」");
        return;
    }
    nb_ynode *lead = nb_yaml_get(n, RUNIN_KEYS[0]), *body = nb_yaml_get(n, RUNIN_KEYS[1]);
    const char *lt = scalar_text(r, lead, RUNIN_KEYS[0]);
    if (!body) {
        nb_diag_error(r->diag, span_of(r, n), "段首标题后缺少「正文: ……」");
        nb_diag_hint(r->diag, "在「段首标题」的下一行缩进两格写「正文: ……」");
        return;
    }
    const char *bt = scalar_text(r, body, RUNIN_KEYS[1]);
    if (!lt || !bt)
        return;
    lt = trimmed(r, lt);
    if (!*lt) {
        nb_diag_error(r->diag, span_of(r, lead), "段首标题不能为空");
        return;
    }
    int before = l->n;
    add_block(r, l, NB_BLOCK_PARAGRAPH, body, trimmed(r, bt));
    if (l->n > before)
        l->items[l->n - 1].lead = lt;
}

static void read_block(reader *r, block_list *l, nb_ynode *n)
{
    if (nb_yaml_is_scalar(n)) {
        const char *text = trimmed(r, nb_yaml_text(r->arena, n));
        if (!kind_mistyped(r, n, text))
            add_block(r, l, NB_BLOCK_PARAGRAPH, n, text);
        return;
    }
    if (nb_yaml_is_map(n) && nb_yaml_get(n, RUNIN_KEYS[0])) {
        read_runin(r, l, n);
        return;
    }
    if (!nb_yaml_is_map(n) || nb_yaml_map_len(n) != 1) {
        nb_diag_error(r->diag, span_of(r, n),
                      "此处应为一段文字，或「小标题: …」「段落: …」之一");
        return;
    }
    void *it = NULL;
    nb_ynode *value, *key = nb_yaml_map_next(n, &it, &value);
    const char *k = nb_yaml_text(r->arena, key);
    if (!k || (strcmp(k, BLOCK_KINDS[0]) && strcmp(k, BLOCK_KINDS[1]))) {
        nb_diag_error(r->diag, span_of(r, key), "未知的段落类型「%s」", k ? k : "?");
        const char *near = k ? nb_suggest(k, BLOCK_KINDS, 2) : NULL;
        nb_diag_hint(r->diag, near ? "您是否想写「%s」？" : "可用「小标题」或「段落」%s",
                     near ? near : "");
        return;
    }
    const char *text = scalar_text(r, value, k);
    if (text)
        add_block(r, l, strcmp(k, BLOCK_KINDS[0]) == 0 ? NB_BLOCK_HEADING : NB_BLOCK_PARAGRAPH,
                  value, trimmed(r, text));
}

static void read_blocks(reader *r, nb_ynode *n, nb_block **out, int *count)
{
    block_list l = {0};
    if (nb_yaml_is_seq(n)) {
        void *it = NULL;
        nb_ynode *item;
        while ((item = nb_yaml_seq_next(n, &it)))
            read_block(r, &l, item);
    } else {
        read_block(r, &l, n);
    }
    *out = l.items;
    *count = l.n;
}

/* A line of text the report prints on its own (title, signer, date),
 * trimmed; check.c refuses it when blank, since it would print nothing
 * where the reader expects words.  Null (~, nothing) is handled by the
 * caller: not written. */
static const char *own_line(reader *r, nb_ynode *n, const char *what)
{
    const char *s = scalar_text(r, n, what);
    return s ? trimmed(r, s) : NULL;
}

static void read_title(reader *r, nb_ynode *n)
{
    nb_report *rep = r->rep;
    rep->span_title = span_of(r, n);
    if (nb_yaml_is_null(n))
        return;   /* the default title, as if not written */
    if (nb_yaml_is_scalar(n)) {
        const char *s = own_line(r, n, "标题");
        rep->title_lines = NB_ARENA_NEW_ARRAY(r->arena, const char *, 1);
        if (!s || !rep->title_lines)
            return;
        rep->title_lines[0] = s;
        rep->ntitle_lines = 1;
        return;
    }
    int len = nb_yaml_seq_len(n);
    if (len < 1 || len > 4) {
        nb_diag_error(r->diag, span_of(r, n), "「标题」应为一行文字，或 1–4 行文字的列表");
        return;
    }
    rep->title_lines = NB_ARENA_NEW_ARRAY(r->arena, const char *, len);
    if (!rep->title_lines)
        return;
    void *it = NULL;
    nb_ynode *item;
    for (int i = 0; (item = nb_yaml_seq_next(n, &it)); i++) {
        const char *s = own_line(r, item, "标题");
        rep->title_lines[i] = s ? s : "";
    }
    rep->ntitle_lines = len;
}

static void default_title(reader *r)
{
    nb_report *rep = r->rep;
    rep->title_lines = NB_ARENA_NEW_ARRAY(r->arena, const char *, 2);
    if (!rep->title_lines)
        return;
    char line[128];
    snprintf(line, sizeof line, "%d年政府信息公开工作年度报告", rep->year);
    rep->title_lines[0] = rep->body;
    rep->title_lines[1] = nb_arena_strdup(r->arena, line);
    rep->ntitle_lines = 2;
}

static void read_closing(reader *r, nb_ynode *n)
{
    if (!nb_yaml_is_map(n)) {
        nb_diag_error(r->diag, span_of(r, n), "「落款」应包含「署名」和「日期」");
        return;
    }
    r->rep->span_closing = span_of(r, n);
    void *it = NULL;
    nb_ynode *key, *value;
    while ((key = nb_yaml_map_next(n, &it, &value))) {
        const char *k = nb_yaml_text(r->arena, key);
        bool is_signer = k && strcmp(k, "署名") == 0, is_date = k && strcmp(k, "日期") == 0;
        if (is_signer || is_date) {
            nb_span *at = is_signer ? &r->rep->span_signer : &r->rep->span_date;
            *at = span_of(r, value);
            const char *v = nb_yaml_is_null(value) ? NULL : own_line(r, value, k);
            *(is_signer ? &r->rep->signer : &r->rep->date) = v;
        } else {
            nb_diag_error(r->diag, span_of(r, key), "「落款」中没有「%s」这一项", k ? k : "?");
            static const char *const keys[] = {"署名", "日期"};
            const char *near = k ? nb_suggest(k, keys, 2) : NULL;
            nb_diag_hint(r->diag, near ? "您是否想写「%s」？" : "可填「署名」和「日期」%s",
                         near ? near : "");
        }
    }
}

static void read_year(reader *r, nb_ynode *n)
{
    const char *s = scalar_text(r, n, "年度");
    r->rep->span_year = span_of(r, n);
    if (!s)
        return;
    char *end;
    long y = strtol(s, &end, 10);
    if (*end || end == s || *s < '0' || *s > '9' || y < 1000 || y > 9999)
        nb_diag_error(r->diag, span_of(r, n), "「年度」应为四位数的年份，如 2021，实为「%s」", s);
    else
        r->rep->year = (int)y;
}

/* ---- top level --------------------------------------------------------- */

enum { MAX_TOP_KEYS = 32 };

static int top_keys(const nb_form *form, const char **keys)
{
    static const char *const fixed[] = {"格式", "机关名称", "年度", "标题", "前言", "落款"};
    int n = 0;
    for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++)
        keys[n++] = fixed[i];
    for (int i = 0; i < form->nsections && n < MAX_TOP_KEYS; i++)
        if (form->sections[i].kind == NB_SECTION_TEXT)
            keys[n++] = form->sections[i].key;
    for (int i = 0; i < form->ntables && n < MAX_TOP_KEYS; i++)
        keys[n++] = form->tables[i].key;
    return n;
}

static int text_section_index(const nb_form *form, const char *key)
{
    for (int i = 0; i < form->nsections; i++)
        if (form->sections[i].kind == NB_SECTION_TEXT && strcmp(form->sections[i].key, key) == 0)
            return i;
    return -1;
}

/* A row of a table written at the top level (its indent lost to a
 * full-width space, say): that table's rules would only echo the loss. */
static void mark_table_of_row(reader *r, const char *k)
{
    const char *names[64];
    for (int ti = 0; ti < r->form->ntables; ti++) {
        int n = child_names(r, &r->form->tables[ti], "", names, 64);
        if (match_child(k, names, n))
            r->rep->table_invalid[ti] = true;
    }
}

static void unknown_top_key(reader *r, nb_ynode *key, const char *k)
{
    mark_table_of_row(r, k);
    if (nb_yamlerr_scalar_typo(r->diag, &r->yaml, key))
        return;
    nb_diag_error(r->diag, span_of(r, key), "未知的项目「%s」", k);
    if (nb_diag_full(r->diag))
        return;   /* no hint will be shown */
    for (int i = 0; i < r->form->nsections; i++) {
        const nb_form_section *s = &r->form->sections[i];
        if (s->kind == NB_SECTION_TABLE && strstr(s->heading, strip_numbering(k))) {
            nb_diag_hint(r->diag, "「%s」的数字请填在「%s」下", s->heading,
                         r->form->tables[s->table].key);
            return;
        }
    }
    const char *keys[MAX_TOP_KEYS];
    int n = top_keys(r->form, keys);
    const char *near = nb_suggest(strip_numbering(k), keys, n);
    if (near)
        nb_diag_hint(r->diag, "您是否想写「%s」？", near);
}

/* 格式 names the form by its year ("2021"); whole digits only. */
static int parse_format(const char *s)
{
    if (!s || !*s)
        return -1;
    int v = 0;
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9' || v > 9999)
            return -1;
        v = v * 10 + (*p - '0');
    }
    return v;
}

static void list_formats(char *out, size_t cap, const nb_form *const *forms, int nforms)
{
    size_t len = 0;
    out[0] = '\0';
    for (int i = 0; i < nforms && len + 8 < cap; i++) {
        snprintf(out + len, cap - len, "%s%d", i ? "、" : "", forms[i]->format);
        len = strlen(out);
    }
}

/* The form the file asks for with 格式, or the newest one when it does not
 * say; NULL (after an error) when it names one that is not there. */
static const nb_form *select_form(reader *r, nb_ynode *root, const nb_form *const *forms,
                                  int nforms)
{
    const nb_form *newest = forms[0];
    for (int i = 1; i < nforms; i++)
        if (forms[i]->format > newest->format)
            newest = forms[i];
    nb_ynode *n = nb_yaml_get(root, "格式");
    if (!n)
        return newest;
    const char *s = nb_yaml_is_scalar(n) ? trimmed(r, nb_yaml_text(r->arena, n)) : NULL;
    int format = parse_format(s);
    for (int i = 0; i < nforms && format > 0; i++)
        if (forms[i]->format == format)
            return forms[i];
    char known[128];
    list_formats(known, sizeof known, forms, nforms);
    nb_diag_error(r->diag, span_of(r, n), "不支持的格式「%s」：可用的格式为 %s", s ? s : "（非文字）",
                  known);
    nb_diag_hint(r->diag, "「格式」写报告格式的年份，如「格式: %d」；不写时按 %d 年格式", newest->format,
                 newest->format);
    return NULL;
}

static void read_top_item(reader *r, nb_ynode *key, nb_ynode *value)
{
    nb_report *rep = r->rep;
    const char *k = nb_yaml_is_scalar(key) ? trimmed(r, nb_yaml_text(r->arena, key)) : "";
    int si = text_section_index(r->form, strip_numbering(k));
    int ti = nb_form_find_table(r->form, k);
    if (strcmp(k, "格式") == 0) {
        /* read by select_form before anything else */
    } else if (strcmp(k, "机关名称") == 0) {
        const char *s = scalar_text(r, value, k);
        rep->body = s ? trimmed(r, s) : NULL;
        rep->span_body = span_of(r, value);
    } else if (strcmp(k, "年度") == 0) {
        read_year(r, value);
    } else if (strcmp(k, "标题") == 0) {
        read_title(r, value);
    } else if (strcmp(k, "前言") == 0) {
        read_blocks(r, value, &rep->preamble, &rep->npreamble);
    } else if (strcmp(k, "落款") == 0) {
        read_closing(r, value);
    } else if (si >= 0) {
        nb_section_text *sec = &rep->sections[si];
        sec->present = true;
        sec->span = span_of(r, key);
        read_blocks(r, value, &sec->blocks, &sec->nblocks);
    } else if (ti >= 0) {
        rep->table_spans[ti] = span_of(r, key);
        read_table(r, ti, value);
    } else {
        unknown_top_key(r, key, k);
    }
}

static bool alloc_report(reader *r, const char *path)
{
    const nb_form *form = r->form;
    nb_report *rep = nb_arena_alloc(r->arena, sizeof *rep);
    if (!rep)
        return false;
    rep->path = nb_arena_strdup(r->arena, path);
    rep->form = form;
    rep->sections = NB_ARENA_NEW_ARRAY(r->arena, nb_section_text, form->nsections);
    rep->values = NB_ARENA_NEW_ARRAY(r->arena, nb_value *, form->ntables);
    rep->table_given = NB_ARENA_NEW_ARRAY(r->arena, bool, form->ntables);
    rep->table_invalid = NB_ARENA_NEW_ARRAY(r->arena, bool, form->ntables);
    rep->table_spans = NB_ARENA_NEW_ARRAY(r->arena, nb_span, form->ntables);
    if (!rep->sections || !rep->values || !rep->table_given || !rep->table_invalid ||
        !rep->table_spans)
        return false;
    for (int i = 0; i < form->ntables; i++) {
        rep->values[i] = NB_ARENA_NEW_ARRAY(r->arena, nb_value, form->tables[i].nfields + 1);
        if (!rep->values[i])
            return false;
        rep->table_spans[i] = (nb_span){rep->path, 1, 1};
        for (int f = 0; f < form->tables[i].nfields; f++)
            rep->values[i][f].span = (nb_span){rep->path, 0, 0};
    }
    r->rep = rep;
    return true;
}

static nb_status read_loaded(reader *rd, const nb_form *const *forms, int nforms,
                             const char *path, nb_report **out);

nb_status nb_input_read_select(nb_diag *diag, nb_arena *arena, const nb_form *const *forms,
                               int nforms, const char *path, nb_report **out)
{
    reader r = {diag, arena, {0}, NULL, NULL};
    nb_status st = nb_yaml_load(diag, path, &r.yaml);
    return st == NB_OK ? read_loaded(&r, forms, nforms, path, out) : st;
}

nb_status nb_input_read_text(nb_diag *diag, nb_arena *arena, const nb_form *form,
                             const char *name, const char *text, nb_report **out)
{
    reader r = {diag, arena, {0}, NULL, NULL};
    nb_status st = nb_yaml_load_string(diag, name, text, strlen(text), &r.yaml);
    return st == NB_OK ? read_loaded(&r, &form, 1, name, out) : st;
}

/* The document parsed (r->yaml) → the report. */
static nb_status read_loaded(reader *rd, const nb_form *const *forms, int nforms,
                             const char *path, nb_report **out)
{
    reader r = *rd;
    nb_diag *diag = r.diag;
    size_t errors = diag->errors;
    nb_ynode *root = nb_yaml_root(&r.yaml);
    if (!nb_yaml_is_map(root)) {
        nb_diag_error(diag, span_of(&r, root), "文件的最外层应为「项目: 内容」形式的映射");
        nb_diag_hint(diag, "可用 `nianbao init` 生成模板");
        nb_yaml_free(&r.yaml);
        return NB_ERR_YAML;
    }
    r.form = nforms > 0 ? select_form(&r, root, forms, nforms) : NULL;
    if (!r.form) {
        nb_yaml_free(&r.yaml);
        return NB_ERR_YAML;
    }
    if (!alloc_report(&r, path)) {
        nb_yaml_free(&r.yaml);
        return NB_ERR_NOMEM;
    }
    r.rep->source_hash = r.yaml.source_hash;
    void *it = NULL;
    nb_ynode *key, *value;
    while ((key = nb_yaml_map_next(root, &it, &value)))
        read_top_item(&r, key, value);
    if (!r.rep->title_lines && r.rep->body && r.rep->year)
        default_title(&r);
    nb_yaml_free(&r.yaml);
    *out = r.rep;
    return diag->errors == errors ? NB_OK : NB_ERR_YAML;
}

nb_status nb_input_read(nb_diag *diag, nb_arena *arena, const nb_form *form,
                        const char *path, nb_report **out)
{
    return nb_input_read_select(diag, arena, &form, 1, path, out);
}
