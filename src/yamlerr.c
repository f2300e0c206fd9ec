/* yamlerr.c — input stage: a YAML syntax error in the words of a clerk.
 * yamlread.c calls it with libfyaml's message and position.  Most syntax
 * errors in a report come from typing Chinese: a full-width colon 「：」 or
 * space 「　」 where YAML wants ASCII, a tab, no space after the colon.
 * The error's line and its neighbours are looked at for those; what is found is named with its exact column.
 * Otherwise libfyaml's English is translated by its key phrase, and the
 * original kept in the hint for whoever knows YAML. */
#include "yamlerr.h"

#include <string.h>

static const char FULLWIDTH_COLON[] = "\xEF\xBC\x9A";   /* ： */
static const char IDEOGRAPHIC_SPACE[] = "\xE3\x80\x80"; /* 　 */

typedef struct src_line {
    const char *p;
    size_t n;        /* bytes, without the line end */
    int no;
} src_line;

static bool find_line(const char *text, size_t len, int no, src_line *out)
{
    const char *p = text, *end = text + len;
    for (int i = 1; i < no; i++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl)
            return false;
        p = nl + 1;
    }
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
    if (n > 0 && p[n - 1] == '\r')
        n--;
    *out = (src_line){p, n, no};
    return no >= 1;
}

/* 1-based column of byte `at` of the line, in characters as libfyaml counts. */
static int column_of(const src_line *l, const char *at)
{
    int col = 1;
    for (const char *q = l->p; q < at; q++)
        col += ((unsigned char)*q & 0xC0) != 0x80;
    return col;
}

static bool is_at(const char *p, const char *end, const char *s)
{
    size_t n = strlen(s);
    return (size_t)(end - p) >= n && memcmp(p, s, n) == 0;
}

typedef struct mistake {
    const char *at;      /* NULL: none found */
    const char *what;    /* completes 「第 N 行第 M 列…」 */
    const char *hint;
} mistake;

static mistake indentation_mistake(const char *p, const char *end, const char **content)
{
    for (; p < end; p++) {
        if (*p == '\t')
            return (mistake){p, "用了制表符（Tab），请改为空格",
                             "YAML 只能用空格缩进：同一层的项目对齐，下一层比上一层多缩进两个空格"};
        if (is_at(p, end, IDEOGRAPHIC_SPACE))
            return (mistake){p, "用了全角空格「　」，请改为半角空格",
                             "缩进要用半角空格（切换到英文输入法再按空格键）"};
        if (*p != ' ')
            break;
    }
    *content = p;
    return (mistake){0};
}

/* The key of a `key: value` line: a full-width colon, or an ASCII colon
 * with no space after it.  List items are prose and are left alone: a
 * 「：」 in a sentence is right. */
static mistake key_mistake(const char *p, const char *end)
{
    if (p == end || *p == '#' || *p == '-' || *p == '"' || *p == '\'' || *p == '[' || *p == '{')
        return (mistake){0};
    for (const char *q = p; q < end; q++) {
        if (*q == ' ' && q + 1 < end && q[1] == '#')
            break;
        if (*q == ':') {
            if (q + 1 == end || q[1] == ' ')
                break;
            return (mistake){q + 1, "冒号「:」后缺少空格",
                             "「键: 值」的冒号后要有一个空格，如「年度: 2024」"};
        }
        if (is_at(q, end, FULLWIDTH_COLON))
            return (mistake){q, "用了全角冒号「：」，请改为半角「:」",
                             "「键: 值」的冒号要用半角「:」（英文输入法），后面加一个空格，"
                             "如「机关名称: 东风街道办事处」"};
    }
    return (mistake){0};
}

static size_t indent_of(const src_line *l)
{
    size_t n = 0;
    while (n < l->n && l->p[n] == ' ')
        n++;
    return n;
}

static bool has_key_colon(const char *p, const char *end)
{
    for (; p + 1 < end; p++)
        if (p[0] == ':' && p[1] == ' ')
            return true;
    return false;
}

/* A paragraph continued over lines, with one line starting 「#」: YAML takes
 * that line as a comment and the paragraph ends there, so the next line
 * is text with nowhere to go. */
static mistake comment_splits_text(const src_line *above, const src_line *here)
{
    size_t ia = indent_of(above), ih = indent_of(here);
    const char *text = here->p + ih, *end = here->p + here->n;
    bool continues = ih == ia && text < end && *text != '#' && !is_at(text, end, "- ") &&
                     !has_key_colon(text, end);
    if (ia == 0 || ia >= above->n || above->p[ia] != '#' || !continues)
        return (mistake){0};
    return (mistake){above->p + ia, "以「#」开头，被当作注释：这一段文字在此断开，下一行无处可归",
                     "段落中的「#」会使其后的文字成为注释而丢失：改用全角「＃」，或删去「#」"};
}

static mistake line_mistake(const src_line *l)
{
    const char *end = l->p + l->n, *content = end;
    mistake m = indentation_mistake(l->p, end, &content);
    return m.at ? m : key_mistake(content, end);
}

/* libfyaml's messages by a phrase they contain, first match wins. */
static const struct {
    const char *phrase;
    const char *chinese;
} PHRASES[] = {
    {"tab", "用了制表符（Tab）缩进；YAML 只能用空格缩进"},
    {"could not find expected ':'", "这一行应为「键: 值」，但找不到冒号「:」"},
    {"plain key", "这一行应为「键: 值」，但找不到冒号「:」，或冒号后缺少空格"},
    {"plain multiline", "多行文字中出现了「: 」；请给整段文字加上引号"},
    {"duplicate", "同一个项目写了两次"},
    {"without a closing bracket", "方括号「[」缺少对应的「]」"},
    {"extra closing bracket", "多了一个方括号「]」"},
    {"extra closing brace", "多了一个花括号「}」"},
    {"flow mapping", "花括号「{ … }」中的写法有误：缺少半角逗号「,」或「}」"},
    {"comma", "逗号用法有误：列表中的数字用半角逗号「,」分隔"},
    {"without closing quote", "引号不成对：缺少结尾的引号"},
    {"quoted", "引号中的文字写法有误：引号不成对，或结尾引号后还有文字"},
    {"inden", "缩进不一致：同一层的项目要对齐，下一层比上一层多缩进两个空格"},
    {"same line", "一行中只能写一个「键: 值」或一个列表项"},
    {"value after mapping", "「键: 值」之后还有多余的内容：缩进有误，或文字中有「: 」（请给文字加引号）"},
    {"expected key", "此处应为「键: 值」"},
    {"end of block sequence", "列表之后出现了不属于列表的内容：缺少「- 」，或缩进有误"},
    {"block sequence", "列表项「- 」的位置不对：列表项要单独成行，并比上一层多缩进"},
    {"block entry", "列表项「- 」的位置不对：列表项要单独成行，并比上一层多缩进"},
    {"document", "一个文件只能写一份报告：不要用「---」或「...」分隔"},
    {"anchor", "不支持锚点「&」"},
    {"alias", "不支持别名「*」"},
    {"tag", "不支持标签「!」"},
};

static void report_translated(nb_diag *diag, nb_span at, const char *msg)
{
    const char *start = strstr(msg, "cannot start with '");
    if (start) {
        nb_diag_error(diag, at, "文字不能以「%.1s」开头：请给这段文字加上引号", start + 19);
        nb_diag_hint(diag, "如 「- \"%.1s……\"」（YAML 解析器原文：%s）", start + 19, msg);
        return;
    }
    for (size_t i = 0; i < sizeof PHRASES / sizeof *PHRASES; i++)
        if (strstr(msg, PHRASES[i].phrase)) {
            nb_diag_error(diag, at, "YAML 格式错误：%s", PHRASES[i].chinese);
            nb_diag_hint(diag, "请检查本行和上一行（YAML 解析器原文：%s）", msg);
            return;
        }
    nb_diag_error(diag, at, "YAML 格式错误：无法读懂这一行");
    nb_diag_hint(diag, "检查缩进（用空格）、冒号（半角「:」后加空格）和引号是否成对（YAML 解析器原文：%s）",
                 msg);
}

static void report_mistake(nb_diag *diag, nb_span at, const mistake *m)
{
    nb_diag_error(diag, at, "第 %d 行第 %d 列%s", at.line, at.col, m->what);
    nb_diag_hint(diag, "%s", m->hint);
}

bool nb_yamlerr_scalar_typo(nb_diag *diag, const nb_yaml *y, nb_ynode *n)
{
    nb_yaml_source src;
    if (!nb_yaml_source_of(y, n, &src) || !src.plain)
        return false;
    const char *content = src.end;
    mistake m = indentation_mistake(src.start, src.end, &content);
    if (!m.at)
        m = key_mistake(content, src.end);
    if (m.at)
        report_mistake(diag, nb_yaml_source_span(y, &src, m.at), &m);
    return m.at != NULL;
}

void nb_yamlerr_report(nb_diag *diag, const char *name, const char *text, size_t len,
                       int line, int col, const char *msg)
{
    src_line above, here;
    if (line > 1 && find_line(text, len, line - 1, &above) && find_line(text, len, line, &here)) {
        mistake m = comment_splits_text(&above, &here);
        if (m.at) {
            report_mistake(diag, (nb_span){name, line - 1, column_of(&above, m.at)}, &m);
            return;
        }
    }
    /* The error's line, the one above (a key that swallowed this line),
     * the one below (libfyaml stops at the key before a bad indent). */
    const int near[] = {line, line - 1, line + 1};
    for (size_t i = 0; i < sizeof near / sizeof *near; i++) {
        int no = near[i];
        src_line l;
        if (!find_line(text, len, no, &l))
            continue;
        mistake m = line_mistake(&l);
        if (m.at) {
            report_mistake(diag, (nb_span){name, no, column_of(&l, m.at)}, &m);
            return;
        }
    }
    report_translated(diag, (nb_span){name, line, col}, msg ? msg : "");
}
