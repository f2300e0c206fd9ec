/* diag.c — the diagnostics list: every stage records errors and warnings
 * here with the input span they concern; main.c prints them once. */
#include "nb.h"
#include "mem.h"

#include <errno.h>
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

const char *nb_errno_str(int err)
{
    switch (err) {
    case ENOENT: return "文件或目录不存在";
    case EACCES: case EPERM: return "没有访问权限";
    case EISDIR: return "这是一个目录，不是文件";
    case ENOTDIR: return "路径中有一段不是目录";
    case ENOSPC: return "磁盘空间不足";
    case EROFS: return "文件系统只读";
    case ENAMETOOLONG: return "文件名过长";
    case EMFILE: case ENFILE: return "打开的文件过多";
    case EIO: return "输入输出错误";
    case ENOMEM: return "内存不足";
    }
    return strerror(err);
}

void nb_diag_init(nb_diag *d)
{
    memset(d, 0, sizeof *d);
}

void nb_diag_free(nb_diag *d)
{
    for (size_t i = 0; i < d->count; i++) {
        nb_free(d->items[i].message);
        nb_free(d->items[i].hint);
        nb_free((char *)d->items[i].span.file);
    }
    nb_free(d->items);
    memset(d, 0, sizeof *d);
}

static char *vformat(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

static char *vformat(const char *fmt, va_list ap)
{
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n < 0)
        return NULL;
    char *s = nb_malloc((size_t)n + 1);
    if (s)
        vsnprintf(s, (size_t)n + 1, fmt, ap);
    return s;
}

bool nb_diag_full(const nb_diag *d)
{
    return d->count >= NB_DIAG_MAX_ITEMS;
}

static void add_item(nb_diag *d, nb_diag_level level, nb_span at,
                     const char *fmt, va_list ap) __attribute__((format(printf, 4, 0)));

static void add_item(nb_diag *d, nb_diag_level level, nb_span at,
                     const char *fmt, va_list ap)
{
    d->last_dropped = false;
    if (nb_diag_full(d)) {
        d->errors += level == NB_DIAG_ERROR;
        d->dropped++;
        d->last_dropped = true;
        return;
    }
    char *msg = vformat(fmt, ap);
    if (!msg) {   /* out of memory: counted, like a message past the limit */
        d->errors += level == NB_DIAG_ERROR;
        d->dropped++;
        d->last_dropped = true;
        d->out_of_memory = true;
        return;
    }
    /* Identical consecutive messages collapse into one (MuPDF's habit). */
    if (d->count > 0) {
        nb_diag_item *last = &d->items[d->count - 1];
        if (last->level == level && last->span.line == at.line &&
            last->span.col == at.col && strcmp(last->message, msg) == 0) {
            nb_free(msg);
            return;
        }
    }
    if (d->count == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 16;
        nb_diag_item *items = nb_realloc(d->items, cap * sizeof *items);
        if (!items) {
            nb_free(msg);
            d->errors += level == NB_DIAG_ERROR;
            d->dropped++;
            d->last_dropped = true;
            d->out_of_memory = true;
            return;
        }
        d->items = items;
        d->cap = cap;
    }
    /* The file name is copied: the span's owner (an arena, a caller's
     * buffer) may be gone when the list is printed. */
    const char *file = at.file;
    at.file = nb_strdup(file);
    d->out_of_memory |= file && !at.file;
    d->items[d->count++] = (nb_diag_item){level, at, msg, NULL};
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

void nb_diag_note(nb_diag *d, nb_span at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add_item(d, NB_DIAG_NOTE, at, fmt, ap);
    va_end(ap);
}

size_t nb_diag_count(const nb_diag *d, nb_diag_level level)
{
    size_t n = 0;
    for (size_t i = 0; i < d->count; i++)
        n += d->items[i].level == level;
    return n;
}

void nb_diag_hint(nb_diag *d, const char *fmt, ...)
{
    if (d->count == 0 || d->last_dropped)
        return;
    nb_diag_item *last = &d->items[d->count - 1];
    va_list ap;
    va_start(ap, fmt);
    char *h = vformat(fmt, ap);
    va_end(ap);
    d->out_of_memory |= !h;
    nb_free(last->hint);
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

static bool same_file(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

/* Rank of item i's file: the index of the first item with that file. */
static size_t file_rank(const nb_diag *d, size_t i)
{
    for (size_t k = 0; k < i; k++)
        if (same_file(d->items[k].span.file, d->items[i].span.file))
            return k;
    return i;
}

static bool goes_before(const nb_diag *d, const size_t *rank, size_t a, size_t b)
{
    const nb_span *sa = &d->items[a].span, *sb = &d->items[b].span;
    if (rank[a] != rank[b])
        return rank[a] < rank[b];
    if (sa->line != sb->line)
        return sa->line < sb->line;
    return sa->col < sb->col;
}

/* Item indices by file, line, column into order[0..count); ties keep the
 * order of recording (a rule's error stays before the note that follows
 * it).  rank: scratch of the same size. */
static void sort_items(const nb_diag *d, size_t *order, size_t *rank)
{
    for (size_t i = 0; i < d->count; i++) {
        rank[i] = file_rank(d, i);
        size_t k = i;
        while (k > 0 && goes_before(d, rank, i, order[k - 1])) {
            order[k] = order[k - 1];
            k--;
        }
        order[k] = i;
    }
}

static const char *display_file(const nb_diag_item *it)
{
    if (!it->span.file)
        return "nianbao";
    return strcmp(it->span.file, "-") == 0 ? "<标准输入>" : it->span.file;
}

static void print_item(const nb_diag_item *it, FILE *out)
{
    const char *file = display_file(it);
    if (it->span.line > 0)
        fprintf(out, "%s:%d:%d: %s: %s\n", file, it->span.line,
                it->span.col > 0 ? it->span.col : 1, level_word(it->level), it->message);
    else
        fprintf(out, "%s: %s: %s\n", file, level_word(it->level), it->message);
    if (it->hint)
        fprintf(out, "  提示: %s\n", it->hint);
}

/* The order messages are printed in.  Up to SORT_ON_STACK messages are
 * sorted without allocating: printing comes after the PDF is written, too
 * late to fail for want of memory.  More are sorted in allocated arrays,
 * or, short of memory, printed as recorded (order NULL). */
enum { SORT_ON_STACK = 64 };

typedef struct item_order {
    size_t on_stack[2][SORT_ON_STACK];
    size_t *order, *rank;
} item_order;

static void order_items(const nb_diag *d, item_order *o)
{
    bool small = d->count <= SORT_ON_STACK;
    o->order = small ? o->on_stack[0] : nb_malloc(d->count * sizeof *o->order);
    o->rank = small ? o->on_stack[1] : nb_malloc(d->count * sizeof *o->rank);
    if (o->order && o->rank) {
        sort_items(d, o->order, o->rank);
        return;
    }
    nb_free(o->order);
    nb_free(o->rank);
    o->order = o->rank = NULL;
}

static size_t ordered(const item_order *o, size_t i)
{
    return o->order ? o->order[i] : i;
}

static void order_free(item_order *o)
{
    if (o->order != o->on_stack[0]) {
        nb_free(o->order);
        nb_free(o->rank);
    }
}

void nb_diag_print(const nb_diag *d, FILE *out)
{
    item_order o = {0};
    order_items(d, &o);
    for (size_t i = 0; i < d->count; i++)
        print_item(&d->items[ordered(&o, i)], out);
    order_free(&o);
    if (d->dropped)
        fprintf(out, "nianbao: 注: 另有 %zu 条消息未列出（只列出前 %d 条）\n", d->dropped,
                NB_DIAG_MAX_ITEMS);
}

void nb_json_string(FILE *out, const char *s)
{
    if (!s) {
        fputs("null", out);
        return;
    }
    fputc('"', out);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(out, "\\%c", c);
        else if (c == '\n')
            fputs("\\n", out);
        else if (c < 0x20)
            fprintf(out, "\\u%04x", c);
        else
            fputc(c, out);
    }
    fputc('"', out);
}

static const char *level_key(nb_diag_level level)
{
    switch (level) {
    case NB_DIAG_ERROR: return "error";
    case NB_DIAG_WARNING: return "warning";
    case NB_DIAG_NOTE: return "note";
    }
    return "";
}

void nb_diag_print_json_items(const nb_diag *d, FILE *out, bool *started)
{
    item_order o = {0};
    order_items(d, &o);
    for (size_t i = 0; i < d->count; i++) {
        const nb_diag_item *it = &d->items[ordered(&o, i)];
        fputs(*started ? ",\n " : "[\n ", out);
        *started = true;
        fputs("{\"file\": ", out);
        nb_json_string(out, it->span.file);
        fprintf(out, ", \"line\": %d, \"col\": %d, \"level\": \"%s\", \"message\": ",
                it->span.line, it->span.line > 0 ? (it->span.col > 0 ? it->span.col : 1) : 0,
                level_key(it->level));
        nb_json_string(out, it->message);
        fputs(", \"hint\": ", out);
        nb_json_string(out, it->hint);
        fputs("}", out);
    }
    order_free(&o);
}

void nb_diag_print_json_end(FILE *out, bool started)
{
    fputs(started ? "\n]\n" : "[]\n", out);
}
