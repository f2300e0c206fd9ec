/* textlint.c — input stage: warnings about a paragraph or heading as it was
 * typed, read from the source bytes of the scalar (so a multi-line plain
 * paragraph is seen line by line, with exact positions), for input.c.
 *  - ` #其中2件延期答复。` after a plain paragraph is a YAML comment: it is
 *    dropped without a word, and the clerk's sentence is lost.
 *  - ASCII `,` `;` `:` `?` `!` `(` `)` `"` between Chinese characters are
 *    set as narrow Latin marks in a Chinese line: the full-width mark
 *    （，；：？！（）“”） is meant.  One warning per block, at the first. */
#include "textlint.h"
#include "utf8.h"

#include <string.h>

enum { EXCERPT_CHARS = 24 };

static bool is_han(uint32_t c)
{
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x2FFFF);
}

/* Chinese punctuation and full-width forms: 。，、（）“” and the like. */
static bool is_cjk_mark(uint32_t c)
{
    return (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFFEF) ||
           (c >= 0x2018 && c <= 0x201D) || c == 0x2026;
}

static bool is_chinese(uint32_t c)
{
    return is_han(c) || is_cjk_mark(c);
}

/* The character before byte p (0 at the start). */
static uint32_t char_before(const char *start, const char *p)
{
    const char *q = p;
    while (q > start && ((unsigned char)q[-1] & 0xC0) == 0x80)
        q--;
    if (q == start)
        return 0;
    q--;
    while (q > start && ((unsigned char)*q & 0xC0) == 0x80)
        q--;
    uint32_t c = 0;
    nb_utf8_decode(q, (size_t)(p - q), &c);
    return c;
}

static uint32_t char_at(const char *p, const char *end)
{
    uint32_t c = 0;
    if (p < end)
        nb_utf8_decode(p, (size_t)(end - p), &c);
    return c;
}

/* The full-width mark meant by ASCII `c` at p, or NULL if it is right there. */
static const char *meant_mark(const char *start, const char *p, const char *end, int *quotes)
{
    uint32_t before = char_before(start, p);
    uint32_t after = char_at(p + 1, end);
    if (after == ' ' && strchr(",;:?!", *p))
        after = char_at(p + 2, end);
    switch (*p) {
    case ',': return is_han(before) && is_han(after) ? "，" : NULL;
    case ';': return is_han(before) && is_han(after) ? "；" : NULL;
    case ':': return is_han(before) && is_han(after) ? "：" : NULL;
    case '?': return is_han(before) && is_chinese(after) ? "？" : NULL;
    case '!': return is_han(before) && is_chinese(after) ? "！" : NULL;
    case '(': return is_han(after) && (before == 0 || is_chinese(before)) ? "（" : NULL;
    case ')': return is_han(before) && (after == 0 || is_chinese(after)) ? "）" : NULL;
    case '"':
        if ((is_han(before) && (after == 0 || is_chinese(after))) ||
            (is_han(after) && (before == 0 || is_chinese(before))))
            return (*quotes)++ % 2 == 0 ? "“" : "”";
        return NULL;
    }
    return NULL;
}

/* n characters on from p (or to end). */
static const char *forward(const char *p, const char *end, int n)
{
    for (; p < end && n > 0; n--)
        do
            p++;
        while (p < end && ((unsigned char)*p & 0xC0) == 0x80);
    return p;
}

static const char *backward(const char *start, const char *p, int n)
{
    for (; p > start && n > 0; n--)
        do
            p--;
        while (p > start && ((unsigned char)*p & 0xC0) == 0x80);
    return p;
}

static void warn_comment(nb_diag *diag, const nb_yaml *y, const nb_yaml_source *src)
{
    const char *hash, *end;
    if (!nb_yaml_trailing_comment(y, src, &hash, &end))
        return;
    nb_span at = nb_yaml_source_span(y, src, hash);
    const char *words = hash + 1;
    while (words < end && *words == ' ')
        words++;
    nb_diag_warn(diag, at, "第 %d 行「#」之后的文字「%.*s」被当作注释，不会印在报告中", at.line,
                 (int)(forward(words, end, EXCERPT_CHARS) - words), words);
    nb_diag_hint(diag, "要保留这段文字，请删去「#」前的空格或改用全角「＃」，或给整段文字加上引号；"
                       "确是注释的，请移到单独一行");
}

static void warn_ascii_marks(nb_diag *diag, const nb_yaml *y, const nb_yaml_source *src)
{
    int quotes = 0, count = 0;
    const char *first = NULL, *first_meant = NULL;
    const char *start = src->plain ? src->start : src->start + 1;
    const char *end = src->plain ? src->end : src->end - 1;
    for (const char *p = start; p < end; p++) {
        const char *m = strchr(",;:?!()\"", *p) ? meant_mark(start, p, end, &quotes) : NULL;
        if (m && count++ == 0) {
            first = p;
            first_meant = m;
        }
    }
    if (!first)
        return;
    nb_span at = nb_yaml_source_span(y, src, first);
    const char *from = backward(start, first, 4), *to = forward(first, end, 5);
    nb_diag_warn(diag, at, "第 %d 行第 %d 列的半角「%c」夹在汉字之间（「%.*s」），中文应使用全角「%s」",
                 at.line, at.col, *first, (int)(to - from), from, first_meant);
    if (count > 1)
        nb_diag_hint(diag, "这段文字共有 %d 处半角标点夹在汉字之间，请一并改为全角（中文输入法）", count);
}

void nb_textlint_scan(nb_diag *diag, const nb_yaml *y, nb_ynode *n)
{
    nb_yaml_source src;
    if (!nb_yaml_source_of(y, n, &src))
        return;
    warn_comment(diag, y, &src);
    warn_ascii_marks(diag, y, &src);
}
