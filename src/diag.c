/* diag.c — the diagnostics list: every stage records errors and warnings
 * here with the input span they concern; main.c prints them once. */
#include "nb.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

const char *nb_status_str(nb_status st)
{
    switch (st) {
    case NB_OK: return "成功";
    case NB_ERR_USAGE: return "用法错误";
    case NB_ERR_IO: return "读写错误";
    case NB_ERR_YAML: return "输入文件格式错误";
    case NB_ERR_DATA: return "数据不符合报告格式";
    case NB_ERR_FONT: return "字体错误";
    case NB_ERR_LAYOUT: return "排版错误";
    case NB_ERR_PDF: return "PDF 生成错误";
    case NB_ERR_NOMEM: return "内存不足";
    }
    return "未知错误";
}

void nb_diag_init(nb_diag *d)
{
    memset(d, 0, sizeof *d);
}

void nb_diag_free(nb_diag *d)
{
    for (size_t i = 0; i < d->count; i++) {
        free(d->items[i].message);
        free(d->items[i].hint);
        free((char *)d->items[i].span.file);
    }
    free(d->items);
    memset(d, 0, sizeof *d);
}

static char *vformat(const char *fmt, va_list ap)
{
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n < 0)
        return NULL;
    char *s = malloc((size_t)n + 1);
    if (s)
        vsnprintf(s, (size_t)n + 1, fmt, ap);
    return s;
}

static void add_item(nb_diag *d, nb_diag_level level, nb_span at,
                     const char *fmt, va_list ap)
{
    char *msg = vformat(fmt, ap);
    /* Identical consecutive messages collapse into one (MuPDF's habit). */
    if (msg && d->count > 0) {
        nb_diag_item *last = &d->items[d->count - 1];
        if (last->level == level && last->span.line == at.line &&
            last->span.col == at.col && strcmp(last->message, msg) == 0) {
            free(msg);
            return;
        }
    }
    if (d->count == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 16;
        nb_diag_item *items = realloc(d->items, cap * sizeof *items);
        if (!items) {
            free(msg);
            d->errors += level == NB_DIAG_ERROR;
            return;
        }
        d->items = items;
        d->cap = cap;
    }
    /* The file name is copied: the span's owner (an arena, a caller's
     * buffer) may be gone when the list is printed. */
    at.file = at.file ? strdup(at.file) : NULL;
    d->items[d->count++] = (nb_diag_item){level, at, msg ? msg : strdup("?"), NULL};
    if (level == NB_DIAG_ERROR)
        d->errors++;
}

void nb_diag_error(nb_diag *d, nb_span at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add_item(d, NB_DIAG_ERROR, at, fmt, ap);
    va_end(ap);
}

void nb_diag_warn(nb_diag *d, nb_span at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add_item(d, NB_DIAG_WARNING, at, fmt, ap);
    va_end(ap);
}

void nb_diag_hint(nb_diag *d, const char *fmt, ...)
{
    if (d->count == 0)
        return;
    nb_diag_item *last = &d->items[d->count - 1];
    va_list ap;
    va_start(ap, fmt);
    char *h = vformat(fmt, ap);
    va_end(ap);
    free(last->hint);
    last->hint = h;
}

static const char *level_word(nb_diag_level level)
{
    switch (level) {
    case NB_DIAG_ERROR: return "错误";
    case NB_DIAG_WARNING: return "警告";
    case NB_DIAG_NOTE: return "注";
    }
    return "";
}

void nb_diag_print(const nb_diag *d, FILE *out)
{
    for (size_t i = 0; i < d->count; i++) {
        const nb_diag_item *it = &d->items[i];
        const char *file = it->span.file ? it->span.file : "nianbao";
        if (it->span.line > 0)
            fprintf(out, "%s:%d:%d: %s: %s\n", file, it->span.line,
                    it->span.col > 0 ? it->span.col : 1,
                    level_word(it->level), it->message);
        else
            fprintf(out, "%s: %s: %s\n", file, level_word(it->level), it->message);
        if (it->hint)
            fprintf(out, "  提示: %s\n", it->hint);
    }
}
