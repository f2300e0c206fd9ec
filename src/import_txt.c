/* import_txt.c — import stage, reader: plain text → nb_import_doc.  Two
 * kinds of text come in: a web page's text (copied or exported: one
 * paragraph a line, table cells one a line or tab-separated, export debris
 * such as `[bookmark: _GoBack]`, the page's header lines 来源/标题/发布时间/
 * 发布机构) and `pdftotext -layout` output (form feeds, page numbers like
 * `-3-`, paragraphs wrapped with their first line indented).  The second
 * kind is recognised by its form feeds or page numbers; there a line that
 * is not indented continues the paragraph above it, across a page too. */
#include "import_util.h"
#include "utf8.h"

#include <string.h>

static bool starts(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* A web page's header line, or pdftotext's `SOURCE:` line: not part of the
 * report. */
static bool is_page_header(const char *s)
{
    static const char *const keys[] = {"来源", "标题", "发布时间", "发布机构", "发布日期",
                                        "索引号", "信息来源", "浏览次数"};
    if (starts(s, "SOURCE:"))
        return true;
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
        size_t k = strlen(keys[i]);
        if (starts(s, keys[i]) && (starts(s + k, "：") || s[k] == ':'))
            return true;
    }
    return false;
}

static const char *skip_dashes(const char *s, int *count)
{
    static const char *const dashes[] = {"-", "—", "–", "－", "一"};
    *count = 0;
    for (bool more = true; more;) {
        more = false;
        while (*s == ' ')
            s++;
        for (size_t i = 0; i < sizeof dashes / sizeof *dashes; i++)
            if (starts(s, dashes[i])) {
                s += strlen(dashes[i]);
                (*count)++;
                more = true;
            }
    }
    return s;
}

/* 「— 3 —」, 「-3-」, 「第 3 页」: a page number, dropped. */
bool imp_is_page_number(const char *s)
{
    int before, after;
    const char *p = skip_dashes(s, &before);
    if (starts(p, "第")) {
        p += strlen("第");
        before = 1;
    }
    while (*p == ' ')
        p++;
    const char *digits = p;
    while (*p >= '0' && *p <= '9')
        p++;
    if (p == digits || p - digits > 4)
        return false;
    while (*p == ' ')
        p++;
    if (starts(p, "页")) {
        p += strlen("页");
        after = 1;
    } else {
        p = skip_dashes(p, &after);
    }
    while (*p == ' ' || *p == '\r')
        p++;
    return *p == '\0' && before > 0 && after > 0;
}

/* Export debris: 「[bookmark: _GoBack]」 and its kind, removed in place. */
static void drop_debris(char *s)
{
    char *p;
    while ((p = strstr(s, "[bookmark:")) != NULL) {
        char *close = strchr(p, ']');
        if (!close)
            break;
        memmove(p, close + 1, strlen(close + 1) + 1);
    }
}

static int indent_of(const char *s)
{
    int n = 0;
    for (;; ) {
        if (*s == ' ') {
            n++;
            s++;
        } else if (starts(s, "　")) {
            n += 2;
            s += strlen("　");
        } else {
            return n;
        }
    }
}

static bool blank(const char *s)
{
    uint32_t cp;
    for (; *s; ) {
        int k = nb_utf8_decode(s, strlen(s), &cp);
        if (!imp_is_space(cp))
            return false;
        s += k;
    }
    return true;
}

static bool is_layout(const char *data, size_t len, nb_arena *a)
{
    if (memchr(data, '\f', len))
        return true;
    int pages = 0;
    for (const char *p = data; p < data + len; ) {
        const char *nl = memchr(p, '\n', (size_t)(data + len - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(data + len - p);
        char *line = nb_arena_strndup(a, p, n);
        if (line && imp_is_page_number(line))
            pages++;
        p += n + 1;
    }
    return pages >= 2;
}

nb_status nb_import_txt_buffer(nb_diag *diag, const char *data, size_t len,
                               nb_import_doc *doc)
{
    for (size_t i = 0; i < len; ) {
        int k = nb_utf8_valid_length((const unsigned char *)data + i, len - i);
        if (k == 0 || data[i] == '\0') {
            nb_diag_error(diag, (nb_span){doc->file, 0, 0},
                          "文件不是 UTF-8 编码的文字（第 %zu 个字节有误）", i + 1);
            nb_diag_hint(diag, "GBK 编码的文件可先转换：iconv -f GB18030 -t UTF-8 原文件 > 新文件.txt");
            return NB_ERR_IO;
        }
        i += (size_t)k;
    }
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
        data += 3;
        len -= 3;
    }
    bool layout = is_layout(data, len, doc->arena);
    int lineno = 0;
    for (const char *p = data; p < data + len; ) {
        const char *end = p;
        while (end < data + len && *end != '\n' && *end != '\r' && *end != '\f')
            end++;
        lineno++;
        char *line = nb_arena_strndup(doc->arena, p, (size_t)(end - p));
        if (!line)
            return NB_ERR_NOMEM;
        drop_debris(line);
        if (!blank(line) && !is_page_header(line) && !imp_is_page_number(line)) {
            bool joins = layout && indent_of(line) == 0;
            nb_status st = nb_import_doc_add(doc, line, strlen(line), lineno, joins);
            if (st != NB_OK)
                return st;
        }
        /* \r\n is one line break */
        p = end + (end + 1 < data + len && end[0] == '\r' && end[1] == '\n' ? 2 : 1);
    }
    return NB_OK;
}
