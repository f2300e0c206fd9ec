/* import_text.c — import stage, helpers of import.c and import_table.c:
 * normalizing labels for comparison, numbering, numbers as published,
 * sub-headings, dates, and the buffer the YAML is written into (with YAML
 * quoting).  No knowledge of the form here. */
#include "import_util.h"
#include "mem.h"
#include "utf8.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* ---- characters ------------------------------------------------------- */

bool imp_is_space(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\r' || cp == '\n' || cp == 0x3000
        || cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0xFEFF;
}

bool imp_is_cjk(uint32_t cp)
{
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF);
}

static int decode(const char *s, uint32_t *cp)
{
    return nb_utf8_decode(s, strlen(s), cp);
}

int imp_chars(const char *s)
{
    int n = 0;
    uint32_t cp;
    for (; *s; s += decode(s, &cp))
        n++;
    return n;
}

static bool starts(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

const char *imp_concat(nb_arena *a, const char *x, const char *y)
{
    if (!x || !y)
        return NULL;
    size_t nx = strlen(x), ny = strlen(y);
    char *r = nb_arena_alloc(a, nx + ny + 1);
    if (r) {
        memcpy(r, x, nx);
        memcpy(r + nx, y, ny + 1);
    }
    return r;
}

const char *imp_trim(nb_arena *a, const char *s)
{
    if (!s)
        return NULL;
    uint32_t cp;
    int k;
    while (*s && (k = decode(s, &cp)) && imp_is_space(cp))
        s += k;
    const char *end = s;
    for (const char *p = s; *p; p += k) {
        k = decode(p, &cp);
        if (!imp_is_space(cp))
            end = p + k;
    }
    return nb_arena_strndup(a, s, (size_t)(end - s));
}

static bool is_wide(uint32_t cp)
{
    return imp_is_cjk(cp) || (cp >= 0x3001 && cp <= 0x303F) || (cp >= 0xFF01 && cp <= 0xFF5E)
        || (cp >= 0x2018 && cp <= 0x201D) || cp == 0x2026 || cp == 0x2014;
}

/* Spaces a PDF export leaves between Chinese characters (justified lines:
 * 「邮 编 ：」) or around numbers (「完成 2021 年度」) are debris, never
 * Chinese text: a run of spaces with a Chinese character or full-width
 * mark on one side and one or a digit on the other is dropped.  Spaces
 * beside Latin words are kept. */
const char *imp_tidy_spaces(nb_arena *a, const char *s)
{
    char *out = nb_arena_strdup(a, s);
    if (!out)
        return NULL;
    size_t n = 0;
    uint32_t prev = 0;
    for (const char *p = s; *p; ) {
        uint32_t cp, next = 0;
        int k = decode(p, &cp);
        if (cp == ' ') {
            const char *q = p;
            while (*q == ' ')
                q++;
            if (*q)
                decode(q, &next);
            bool digit_prev = prev >= '0' && prev <= '9', digit_next = next >= '0' && next <= '9';
            if ((is_wide(prev) && (is_wide(next) || digit_next)) || (digit_prev && is_wide(next))) {
                p = q;
                continue;
            }
        }
        memcpy(out + n, p, (size_t)k);
        n += (size_t)k;
        prev = cp;
        p += k;
    }
    out[n] = '\0';
    return out;
}

/* ---- normalized labels ------------------------------------------------ */

static uint32_t fold(uint32_t cp)
{
    switch (cp) {
    case '(': return 0xFF08;
    case ')': return 0xFF09;
    case ',': return 0xFF0C;
    case ':': return 0xFF1A;
    case ';': return 0xFF1B;
    case 0xFF0E: return '.';
    default: break;
    }
    if (cp >= 0xFF10 && cp <= 0xFF19)
        return '0' + (cp - 0xFF10);
    return cp;
}

static size_t put_utf8(char *out, uint32_t cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

const char *imp_norm(nb_arena *a, const char *s)
{
    char *out = nb_arena_alloc(a, strlen(s) * 2 + 1);
    if (!out)
        return NULL;
    size_t n = 0;
    uint32_t cp;
    for (const char *p = s; *p; ) {
        p += decode(p, &cp);
        if (imp_is_space(cp))
            continue;
        cp = fold(cp);
        /* 「1、」 and 「1．」 number rows as 「1.」 does */
        if (cp == 0x3001 && n > 0 && out[n - 1] >= '0' && out[n - 1] <= '9')
            cp = '.';
        n += put_utf8(out + n, cp);
    }
    out[n] = '\0';
    return out;
}

static const char *const numerals[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};

static const char *skip_numerals(const char *q, bool *any)
{
    for (bool more = true; more;) {
        more = false;
        for (size_t i = 0; i < sizeof numerals / sizeof *numerals; i++)
            if (starts(q, numerals[i])) {
                q += strlen(numerals[i]);
                *any = more = true;
            }
        while (*q >= '0' && *q <= '9') {
            q++;
            *any = more = true;
        }
    }
    return q;
}

const char *imp_strip_numbering(const char *s)
{
    bool open = starts(s, "（"), any = false;
    const char *q = skip_numerals(open ? s + strlen("（") : s, &any);
    if (!any)
        return s;
    if (open) {
        if (!starts(q, "）"))
            return s;
        q += strlen("）");
    } else if (starts(q, "、")) {
        q += strlen("、");
    } else if (*q == '.') {
        q++;
    } else {
        return s;
    }
    return *q ? q : s;
}

const char *imp_core(nb_arena *a, const char *label, bool drop_note)
{
    const char *n = imp_norm(a, label);
    if (!n)
        return NULL;
    n = imp_strip_numbering(n);
    const char *note = drop_note ? strstr(n, "（") : NULL;
    if (note && note > n && strstr(note, "）"))
        return nb_arena_strndup(a, n, (size_t)(note - n));
    return n;
}

/* ---- kinds of lines --------------------------------------------------- */

static bool has_any(const char *s, const char *const *marks, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strstr(s, marks[i]))
            return true;
    return false;
}

static bool has_digit(const char *s)
{
    for (; *s; s++)
        if (*s >= '0' && *s <= '9')
            return true;
    return false;
}

/* Punctuation of a sentence: a line holding any is a paragraph. */
static const char *const inner_marks[] = {"，", "；", ",", ";", "、"};
static const char *const all_marks[] = {"，", "；", "。", "：", "、", ",", ";", ":", "！", "？", "“", "”", "《",
                                        "（", "(", "）", ")"};

bool imp_is_heading(const char *text, bool bold)
{
    char buf[512];
    int n = imp_chars(text);
    if (n > 40 || strlen(text) >= sizeof buf)
        return false;
    /* the numbering compared in its normalized form, the rest as printed */
    snprintf(buf, sizeof buf, "%s", text);
    const char *rest = text;
    bool numbered = false;
    if (starts(text, "（") || text[0] == '(') {
        bool any = false;
        const char *q = skip_numerals(text + (text[0] == '(' ? 1 : strlen("（")), &any);
        while (*q == ' ')
            q++;
        if (any && (starts(q, "）") || *q == ')')) {
            rest = q + (*q == ')' ? 1 : strlen("）"));
            numbered = true;
        }
    }
    int words = imp_chars(rest);
    if (numbered) {
        /* 「（三）政府信息管理情况。」: one clause, a full stop at most at the end */
        const char *stop = strstr(rest, "。");
        bool inner_stop = stop && stop[strlen("。")] != '\0';
        return words >= 2 && words <= 20 && !inner_stop && !has_digit(rest)
            && !has_any(rest, inner_marks, sizeof inner_marks / sizeof *inner_marks);
    }
    if (bold)
        return words <= 30 && !strstr(rest, "。");
    /* 「政府信息公开平台建设」: a heading printed without its number */
    return words >= 6 && words <= 20 && !has_digit(rest)
        && !has_any(rest, all_marks, sizeof all_marks / sizeof *all_marks);
}

static bool is_digit_at(const char *s)
{
    return *s >= '0' && *s <= '9';
}

const char *imp_find_year(const char *text, int *year)
{
    for (const char *p = text; *p; p++) {
        if (!is_digit_at(p) || (p > text && is_digit_at(p - 1)))
            continue;
        int k = 0, y = 0;
        while (k < 4 && is_digit_at(p + k)) {
            y = y * 10 + (p[k] - '0');
            k++;
        }
        const char *after = p + k;
        while (*after == ' ')
            after++;
        if (k == 4 && !is_digit_at(p + 4) && starts(after, "年") && y >= 1990 && y <= 2100) {
            *year = y;
            return p;
        }
    }
    return NULL;
}

/* A signer: a short name, no sentence punctuation ("特此报告。" is not). */
static bool signer_n(const char *s, size_t n)
{
    char buf[256];
    if (n >= sizeof buf)
        return false;
    memcpy(buf, s, n);
    buf[n] = '\0';
    int chars = imp_chars(buf);
    return chars >= 2 && chars <= 40
        && !has_any(buf, all_marks, sizeof all_marks / sizeof *all_marks)
        && !strstr(buf, "报告");
}

bool imp_is_signer(const char *text)
{
    return signer_n(text, strlen(text));
}

/* 「2022年1月14日」 or 「二〇二二年一月十四日」, with spaces allowed. */
static const char *date_at(const char *p)
{
    static const char *const cn[] = {"〇", "零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "○"};
    static const char *const units[] = {"年", "月", "日"};
    for (int part = 0; part < 3; part++) {
        int digits = 0;
        for (bool more = true; more;) {
            more = false;
            while (*p == ' ')
                p++;
            if (is_digit_at(p)) {
                p++;
                digits++;
                more = true;
            }
            for (size_t i = 0; i < sizeof cn / sizeof *cn; i++)
                if (starts(p, cn[i])) {
                    p += strlen(cn[i]);
                    digits++;
                    more = true;
                }
        }
        if (digits == 0 || digits > 4 || !starts(p, units[part]))
            return NULL;
        p += strlen(units[part]);
    }
    return p;
}

const char *imp_closing_date(const char *text)
{
    for (const char *p = text; *p; p++) {
        if ((*p & 0xC0) == 0x80)
            continue;
        const char *end = date_at(p);
        if (end) {
            while (*end == ' ' || *end == '\t')
                end++;
            if (*end)
                continue;
            /* what precedes the date is a signer, not a sentence */
            if (p > text && !signer_n(text, (size_t)(p - text)))
                return NULL;
            return p;
        }
    }
    return NULL;
}

/* ---- numbers ---------------------------------------------------------- */

const char *imp_number(nb_arena *a, const char *text)
{
    char buf[64];
    size_t n = 0;
    int dots = 0, commas = 0;
    uint32_t cp;
    for (const char *p = text; *p; ) {
        p += decode(p, &cp);
        if (imp_is_space(cp))
            continue;
        cp = fold(cp);
        if (cp == ',' || cp == 0xFF0C) {
            commas++;
            continue;
        }
        if (cp == '.')
            dots++;
        else if (cp < '0' || cp > '9')
            return NULL;
        if (n + 1 >= sizeof buf)
            return NULL;
        buf[n++] = (char)cp;
    }
    buf[n] = '\0';
    /* 「3,985,758」: a comma only between groups of three digits */
    if (commas && (dots || n <= 3))
        return NULL;
    if (n == 0 || dots > 1 || buf[0] == '.' || buf[n - 1] == '.')
        return NULL;
    return nb_arena_strdup(a, buf);
}

nb_span imp_span(const imp *m, const nb_import_line *at)
{
    /* a PDF's place is page:line-of-the-page */
    if (!at)
        return (nb_span){m->doc->file, 0, 0};
    if (at->page > 0)
        return (nb_span){m->doc->file, at->page, at->line};
    return (nb_span){m->doc->file, at->line, 1};
}

nb_status imp_read_file(nb_diag *diag, const char *path, char **data, size_t *len)
{
    enum { MAX_INPUT = 32 << 20 };
    FILE *f = fopen(path, "rb");
    if (!f) {
        nb_diag_error(diag, (nb_span){path, 0, 0}, "无法打开文件");
        return NB_ERR_IO;
    }
    char *buf = NULL;
    size_t n = 0, cap = 0;
    nb_status st = NB_OK;
    for (;;) {
        if (n + 65536 + 1 > cap) {
            cap = cap ? cap * 2 : 131072;
            char *grown = cap <= MAX_INPUT ? nb_realloc(buf, cap) : NULL;
            if (!grown) {
                st = cap > MAX_INPUT ? NB_ERR_IO : NB_ERR_NOMEM;
                break;
            }
            buf = grown;
        }
        size_t got = fread(buf + n, 1, 65536, f);
        n += got;
        if (got < 65536)
            break;
    }
    if (st == NB_OK && ferror(f))
        st = NB_ERR_IO;
    fclose(f);
    if (st != NB_OK) {
        nb_diag_error(diag, (nb_span){path, 0, 0},
                      st == NB_ERR_NOMEM ? "内存不足" : "无法读取文件（或文件超过 32 MB）");
        nb_free(buf);
        return st;
    }
    buf[n] = '\0';
    *data = buf;
    *len = n;
    return NB_OK;
}

/* ---- the YAML being written ------------------------------------------ */

bool imp_out_init(imp *m)
{
    m->out_cap = 16384;
    m->out_len = 0;
    m->out = nb_malloc(m->out_cap);
    m->out_failed = !m->out;
    return m->out != NULL;
}

static void out_n(imp *m, const char *s, size_t n)
{
    if (m->out_failed)
        return;
    if (m->out_len + n + 1 > m->out_cap) {
        size_t cap = m->out_cap;
        while (m->out_len + n + 1 > cap)
            cap *= 2;
        char *grown = nb_realloc(m->out, cap);
        if (!grown) {
            m->out_failed = true;
            return;
        }
        m->out = grown;
        m->out_cap = cap;
    }
    memcpy(m->out + m->out_len, s, n);
    m->out_len += n;
    m->out[m->out_len] = '\0';
}

void imp_out(imp *m, const char *s)
{
    out_n(m, s, strlen(s));
}

void imp_outf(imp *m, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof buf) {
        m->out_failed = true;
        return;
    }
    out_n(m, buf, (size_t)n);
}

/* Plain scalars that YAML would read as something else, or not at all. */
static bool needs_quotes(const char *s)
{
    static const char *const words[] = {"~", "null", "Null", "NULL", "true", "True", "TRUE",
                                        "false", "False", "FALSE", "yes", "no", "on", "off"};
    if (!*s || strchr("-?:,[]{}#&*!|>'\"%@`. ", s[0]))
        return true;
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (strcmp(s, words[i]) == 0)
            return true;
    if (strstr(s, ": ") || strstr(s, " #") || s[strlen(s) - 1] == ':' || s[strlen(s) - 1] == ' ')
        return true;
    bool numeric = true;
    for (const char *p = s; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c < 0x20 || c == 0x7F)
            return true;
        if (!(is_digit_at(p) || c == '.' || c == '+' || c == 'e' || c == 'E'))
            numeric = false;
    }
    return numeric;
}

void imp_out_scalar(imp *m, const char *s)
{
    if (!needs_quotes(s)) {
        imp_out(m, s);
        return;
    }
    imp_out(m, "\"");
    for (const char *p = s; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == '"' || c == '\\') {
            char esc[3] = {'\\', (char)c, 0};
            imp_out(m, esc);
        } else if (c < 0x20 || c == 0x7F) {
            imp_outf(m, "\\x%02x", c);
        } else {
            out_n(m, p, 1);
        }
    }
    imp_out(m, "\"");
}

char *imp_out_finish(imp *m)
{
    char *r = m->out_failed ? NULL : nb_arena_strndup(m->arena, m->out, m->out_len);
    nb_free(m->out);
    m->out = NULL;
    return r;
}
