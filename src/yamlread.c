/* yamlread.c — input stage: the one place that talks to libfyaml.  Reads a
 * file, refuses what is not text (binary, invalid UTF-8, empty), parses it
 * into a tree whose nodes know their file:line:col, and converts libfyaml's
 * collected errors into diagnostics.  Aliases are refused rather than
 * expanded, which is what makes "billion laughs" inputs harmless. */
#include "yamlread.h"
#include "mem.h"
#include "utf8.h"
#include "yamlerr.h"

#include <errno.h>
#include <fcntl.h>
#include <libfyaml.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum {
    MAX_INPUT_BYTES = 8 * 1024 * 1024,  /* a report is ~20 KB */
    MAX_DEPTH = 64,
    PARSER_DEPTH = 64,   /* libfyaml's document builder: "Max depth (64) exceeded" */
    /* libfyaml 0.7 looks ahead from a closing bracket, brace or quote
     * over the blanks that follow it once per blank (fy-parse.c, "scan
     * forward until a linebreak"): k blanks cost k*k/2 steps.  The sum of
     * k*k over the blank runs inside lines is held under this bound
     * (~0.1 s); aligned comments in a real file use a few thousand. */
    BLANK_RUN_BUDGET = 20 * 1000 * 1000,
    MAX_NODES = 100 * 1000
};

/* Only a regular file is read: a FIFO or a device would block or never
 * end, a directory cannot be read.  The open does not block (O_NONBLOCK)
 * so that a FIFO without a writer is refused instead of waited for. */
static FILE *open_regular(nb_diag *diag, const char *path)
{
    nb_span at = {path, 0, 0};
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        nb_diag_error(diag, at, "无法打开文件：%s", nb_errno_str(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        nb_diag_error(diag, at, "%s，不是普通文件，无法作为输入",
                      S_ISDIR(st.st_mode) ? "这是一个目录" :
                      S_ISFIFO(st.st_mode) ? "这是一个管道（FIFO）" : "这是一个设备或特殊文件");
        close(fd);
        return NULL;
    }
    int flags = fcntl(fd, F_GETFL);
    if (flags >= 0)
        fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
    FILE *f = fdopen(fd, "rb");
    if (!f) {
        nb_diag_error(diag, at, "无法打开文件：%s", nb_errno_str(errno));
        close(fd);
    }
    return f;
}

static nb_status read_whole_file(nb_diag *diag, const char *path,
                                 char **text, size_t *len)
{
    /* "-" is standard input, read to its end like a file (bounded below). */
    bool is_stdin = strcmp(path, "-") == 0;
    FILE *f = is_stdin ? stdin : open_regular(diag, path);
    if (!f)
        return NB_ERR_IO;
    /* One byte beyond the limit is read to tell "exactly 8 MiB" from "more". */
    size_t cap = 16384, n = 0;
    char *buf = nb_malloc(cap + 1);
    while (buf) {
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (n < cap || got == 0 || cap > MAX_INPUT_BYTES)
            break;
        cap = cap * 2 > MAX_INPUT_BYTES ? MAX_INPUT_BYTES + 1 : cap * 2;
        char *grown = nb_realloc(buf, cap + 1);
        if (!grown)
            nb_free(buf);
        buf = grown;
    }
    bool failed = ferror(f) != 0;
    int err = errno;
    if (!is_stdin)
        fclose(f);
    if (!buf) {
        nb_diag_error(diag, (nb_span){path, 0, 0}, "内存不足");
        return NB_ERR_NOMEM;
    }
    if (failed) {
        nb_free(buf);
        nb_diag_error(diag, (nb_span){path, 0, 0}, "读取文件失败：%s", nb_errno_str(err));
        return NB_ERR_IO;
    }
    if (n > MAX_INPUT_BYTES) {
        nb_free(buf);
        nb_diag_error(diag, (nb_span){path, 0, 0},
                      "文件过大（超过 %d MB），不是年度报告的输入文件",
                      MAX_INPUT_BYTES / (1024 * 1024));
        return NB_ERR_YAML;
    }
    buf[n] = '\0';
    *text = buf;
    *len = n;
    return NB_OK;
}

/* Only comments and blank lines: nothing to read. */
static bool is_blank_yaml(const char *text, size_t len)
{
    bool line_start = true, in_comment = false;
    for (size_t i = 0; i < len; i++) {
        char c = text[i];
        if (c == '\n') {
            line_start = true;
            in_comment = false;
        } else if (in_comment || c == ' ' || c == '\t' || c == '\r') {
            continue;
        } else if (c == '#' && line_start) {
            in_comment = true;
        } else if (!(c == '-' && i + 2 < len && text[i + 1] == '-' && text[i + 2] == '-')) {
            return false;
        }
    }
    return true;
}

/* Length of the GB 18030 sequence at p (1, 2 or 4 bytes), 0 if none. */
static int gb18030_length(const unsigned char *p, size_t left)
{
    if (p[0] < 0x80)
        return 1;
    if (p[0] < 0x81 || p[0] > 0xFE || left < 2)
        return 0;
    if ((p[1] >= 0x40 && p[1] <= 0x7E) || (p[1] >= 0x80 && p[1] <= 0xFE))
        return 2;
    bool four = left >= 4 && p[1] >= 0x30 && p[1] <= 0x39 && p[2] >= 0x81 && p[2] <= 0xFE &&
                p[3] >= 0x30 && p[3] <= 0x39;
    return four ? 4 : 0;
}

/* The encoding a text that is not UTF-8 is most likely in, as Chinese
 * Windows saves it: UTF-16 (Notepad's "Unicode", a byte-order mark or NUL
 * bytes between ASCII) or GBK/GB 18030 (Notepad's "ANSI": every byte
 * sequence valid there).  NULL when neither fits. */
static const char *likely_encoding(const unsigned char *t, size_t len)
{
    if (len >= 2 && ((t[0] == 0xFF && t[1] == 0xFE) || (t[0] == 0xFE && t[1] == 0xFF)))
        return "UTF-16";
    if (len >= 4 && ((t[0] && !t[1] && t[2] && !t[3]) || (!t[0] && t[1] && !t[2] && t[3])))
        return "UTF-16";
    for (size_t i = 0; i < len;) {
        int n = t[i] ? gb18030_length(t + i, len - i) : 0;
        if (n == 0)
            return NULL;
        i += (size_t)n;
    }
    return "GBK";
}

/* The first byte that is not UTF-8 text, at `at`; the encoding the file
 * is then likely in is named with the way to save it as UTF-8. */
static void report_not_utf8(nb_diag *diag, nb_span at, const char *text, size_t len,
                            unsigned char byte)
{
    const char *enc = likely_encoding((const unsigned char *)text, len);
    if (enc && strcmp(enc, "UTF-16") == 0) {
        nb_diag_error(diag, (nb_span){at.file, 1, 1}, "文件是 UTF-16 编码（记事本的“Unicode”），不是 UTF-8");
        nb_diag_hint(diag, "请用记事本打开，“另存为”时编码选“UTF-8”后保存");
    } else if (enc) {
        nb_diag_error(diag, at, "不是有效的 UTF-8 文本（字节 0x%02X）：文件看来是 GBK（GB 18030）编码", byte);
        nb_diag_hint(diag, "这是记事本的“ANSI”编码；请用记事本打开，“另存为”时编码选“UTF-8”，"
                           "或运行 iconv -f GB18030 -t UTF-8 原文件 > 新文件");
    } else {
        nb_diag_error(diag, at, byte ? "不是有效的 UTF-8 文本（字节 0x%02X）" :
                                       "文件含有二进制数据（NUL 字节 0x%02X），不是 YAML 文本",
                      byte);
        nb_diag_hint(diag, "输入文件应为 UTF-8 编码的 YAML；可用 `nianbao init` 生成模板");
    }
}

/* Text files only: a NUL byte or an invalid UTF-8 sequence is reported at
 * its line and column instead of letting the parser guess. */
static bool check_text(nb_diag *diag, const char *name, const char *text, size_t len)
{
    int line = 1, col = 1;
    for (size_t i = 0; i < len;) {
        const unsigned char *p = (const unsigned char *)text + i;
        int n = *p ? nb_utf8_valid_length(p, len - i) : 0;
        if (n == 0) {
            report_not_utf8(diag, (nb_span){name, line, col}, text, len, *p);
            return false;
        }
        if (*p == '\n') {
            line++;
            col = 1;
        } else {
            col++;
        }
        i += (size_t)n;
    }
    return true;
}

static void discard_output(struct fy_diag *d, void *user, const char *buf, size_t len)
{
    (void)d; (void)user; (void)buf; (void)len;
}

static void report_parse_errors(nb_diag *diag, const nb_yaml *y, struct fy_diag *fyd)
{
    void *it = NULL;
    struct fy_diag_error *err;
    size_t before = diag->errors;
    while ((err = fy_diag_errors_iterate(fyd, &it)) != NULL) {
        if (err->type < FYET_ERROR)
            continue;
        /* fy_diag_error positions are already 1-based (token marks are not).
         * The first error is the one that explains: later ones follow from it. */
        nb_yamlerr_report(diag, y->file, y->text, y->len, err->line > 0 ? err->line : 1,
                          err->column > 0 ? err->column : 1, err->msg ? err->msg : "");
        break;
    }
    if (diag->errors == before)
        nb_yamlerr_report(diag, y->file, y->text, y->len, 1, 1, "");
}

/* A lone CR is a line break in YAML, as LF is: made LF here so that every
 * check below and the parser count lines alike (CR-only files). */
static void normalize_line_breaks(char *text, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (text[i] == '\r' && (i + 1 == len || text[i + 1] != '\n'))
            text[i] = '\n';
}

static bool is_blank(char c) { return c == ' ' || c == '\t'; }

/* A YAML complex key: "?" as the first thing on a line (after indentation
 * and sequence dashes) followed by a blank or the line's end.  libfyaml
 * 0.7.12 frees a simple key twice on `? A:<tab>?` (fuzz_style: a double
 * free, a segfault of the release build), and no input of nianbao needs
 * such keys; a text line of a block scalar starting "? " is refused too.
 * Its line and column, or 0. */
static int complex_key_at(const char *text, size_t len, int *col)
{
    int line = 1;
    for (size_t i = 0; i < len; line++) {
        size_t k = i;
        while (k < len && (text[k] == ' ' || (text[k] == '-' && k + 1 < len && text[k + 1] == ' ')))
            k++;
        if (k < len && text[k] == '?' &&
            (k + 1 == len || text[k + 1] == ' ' || text[k + 1] == '\t' || text[k + 1] == '\n')) {
            *col = (int)(k - i) + 1;
            return line;
        }
        while (i < len && text[i] != '\n')
            i++;
        i++;
    }
    return 0;
}

/* Copies `text` for the parser, bounding what it costs: blanks at the end
 * of a line are dropped (they mean nothing in YAML; line and column numbers
 * of everything else stay as they were, and a blank after a backslash,
 * which may be an escaped space, is kept); the blank runs inside lines are
 * held under BLANK_RUN_BUDGET; directives (%YAML, %TAG) are refused, since
 * libfyaml scans their line once per character.  NULL after an error. */
static char *bounded_copy(nb_diag *diag, const char *name, const char *text, size_t len,
                          size_t *out_len, nb_status *st)
{
    char *out = nb_malloc(len + 1);
    *st = NB_ERR_NOMEM;
    if (!out)
        return NULL;
    size_t n = 0, worst = 0;
    unsigned long long cost = 0;
    int line = 1, worst_line = 0, worst_col = 0, col = 1;
    *st = NB_ERR_YAML;
    for (size_t i = 0; i < len;) {
        if (col == 1 && text[i] == '%') {
            nb_diag_error(diag, (nb_span){name, line, 1}, "不支持 YAML 指令（以「%%」开头的行）");
            nb_diag_hint(diag, "年度报告的输入不需要 %%YAML 或 %%TAG 指令，请删去这一行");
            nb_free(out);
            return NULL;
        }
        if (is_blank(text[i])) {
            size_t k = 0;
            while (i + k < len && is_blank(text[i + k]))
                k++;
            bool at_end = i + k == len || text[i + k] == '\n';
            if (at_end && (col == 1 || text[i - 1] != '\\')) {
                i += k;
                continue;
            }
            if (!at_end && col > 1) {   /* indentation costs nothing */
                cost += (unsigned long long)k * k;
                if (k > worst) {
                    worst = k;
                    worst_line = line;
                    worst_col = col;
                }
            }
            memcpy(out + n, text + i, k);
            n += k;
            i += k;
            col += (int)k;
            continue;
        }
        if (text[i] == '\n') {
            line++;
            col = 1;
        } else if (((unsigned char)text[i] & 0xC0) != 0x80) {
            col++;
        }
        out[n++] = text[i++];
    }
    if (cost > BLANK_RUN_BUDGET) {
        nb_diag_error(diag, (nb_span){name, worst_line, worst_col},
                      "行内连续空白过多（此处 %zu 个；全文件行内空白过长，解析代价过高）", worst);
        nb_diag_hint(diag, "请删去行内多余的空格或制表符");
        nb_free(out);
        return NULL;
    }
    out[n] = '\0';
    *out_len = n;
    *st = NB_OK;
    return out;
}

/* ---- the tree ---------------------------------------------------------------- */

/* A node of the tree built from the parser's events (libfyaml's document
 * builder parses the text a second time after the first pass that bounds
 * it, and its nodes cost about a microsecond each: the form's 1 500 nodes
 * took 13.6 M instructions to open, 6.6 M with this tree). */
enum { Y_SCALAR, Y_SEQ, Y_MAP };

struct nb_ynode {
    unsigned char kind;
    bool alias;                  /* *name (a scalar here, as in libfyaml) */
    bool plain;                  /* plain scalar, or one with no token (empty) */
    bool has_source;             /* a scalar with a token: start..end below */
    bool has_mark;               /* line/col known: a scalar's token, or a
                                    collection's first scalar inside */
    int line, col;               /* 1-based */
    size_t start, end;           /* the scalar's bytes in y->text */
    const char *text;            /* scalar text, not NUL-terminated */
    size_t len;
    nb_ynode **items;            /* seq: n items; map: n pairs, key then value */
    int n;
};

/* A scalar's text may hold what a printed report cannot: NUL (through the
 * "\0" escape, which would silently cut the text) and other control
 * characters ("\a", "\e", "\v", "\f", C1 controls), which would become
 * blanks or breaks.  Tab and line break are text. */
static bool check_scalar_chars(nb_diag *diag, const nb_yaml *y, const nb_ynode *n)
{
    const char *s = n->text;
    size_t len = n->len;
    int index = 1;
    for (size_t i = 0; s && i < len; index++) {
        uint32_t c;
        i += (size_t)nb_utf8_decode(s + i, len - i, &c);
        bool control = (c < 0x20 && c != '\t' && c != '\n') || c == 0x7F ||
                       (c >= 0x80 && c < 0xA0);
        if (control) {
            nb_diag_error(diag, nb_yaml_span(y, n),
                          c == 0 ? "文字中含有空字符（U+0000，第 %d 个字符），其后的文字会丢失"
                                 : "文字中含有控制字符 U+%04X（第 %d 个字符），无法排版",
                          c == 0 ? index : (int)c, index);
            nb_diag_hint(diag, "请删去该字符（例如引号中的 \\0、\\a、\\e、\\v、\\f 转义）");
            return false;
        }
    }
    return true;
}

static uint64_t hash_bytes(const char *s, size_t len)
{
    uint64_t h = 1469598103934665603ULL;   /* FNV-1a */
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
    return h;
}

/* Duplicate keys, found with a hash (libfyaml's own check compares every
 * pair — 20 000 keys: 10 s — and is off: FYPCF_ALLOW_DUPLICATE_KEYS). */
static nb_status check_duplicate_keys(nb_diag *diag, const nb_yaml *y, const nb_ynode *map)
{
    size_t cap = 16;
    while (cap < 2 * (size_t)map->n)
        cap *= 2;
    const nb_ynode **slots = nb_calloc(cap, sizeof *slots);
    if (!slots)
        return NB_ERR_NOMEM;
    nb_status st = NB_OK;
    for (int k = 0; st == NB_OK && k < map->n; k++) {
        const nb_ynode *key = map->items[2 * k];
        if (key->kind != Y_SCALAR)
            continue;
        size_t i = (size_t)hash_bytes(key->text, key->len) & (cap - 1);
        while (slots[i] && !(slots[i]->len == key->len &&
                             memcmp(slots[i]->text, key->text, key->len) == 0))
            i = (i + 1) & (cap - 1);
        if (slots[i]) {
            nb_span first = nb_yaml_span(y, slots[i]);
            nb_diag_error(diag, nb_yaml_span(y, key), "同一个项目写了两次：「%.*s」（第 %d 行已写过）",
                          (int)(key->len > 200 ? 200 : key->len), key->text, first.line);
            nb_diag_hint(diag, "同一层中每个项目只能写一次；请合并或删去其中一处");
            st = NB_ERR_YAML;
        } else {
            slots[i] = key;
        }
    }
    nb_free(slots);
    return st;
}

/* Refuses aliases (and so alias bombs), nesting deeper than MAX_DEPTH,
 * duplicate keys and scalars with control characters; the first found in
 * document order, a mapping's duplicate keys before what is inside it. */
static nb_status check_tree(nb_diag *diag, const nb_yaml *y, const nb_ynode *n, int depth)
{
    if (depth > MAX_DEPTH) {
        nb_diag_error(diag, nb_yaml_span(y, n), "嵌套层数超过 %d 层", MAX_DEPTH);
        return NB_ERR_YAML;
    }
    if (n->alias) {
        nb_diag_error(diag, nb_yaml_span(y, n), "不支持 YAML 别名（*名称）");
        nb_diag_hint(diag, "请直接写出数值或文字；年度报告的输入不需要锚点和别名");
        return NB_ERR_YAML;
    }
    if (n->kind == Y_SCALAR)
        return check_scalar_chars(diag, y, n) ? NB_OK : NB_ERR_YAML;
    nb_status st = n->kind == Y_MAP ? check_duplicate_keys(diag, y, n) : NB_OK;
    int count = n->kind == Y_MAP ? 2 * n->n : n->n;
    for (int i = 0; st == NB_OK && i < count; i++)
        st = check_tree(diag, y, n->items[i], depth + 1);
    return st;
}

static void report_empty(nb_diag *diag, const char *name)
{
    nb_diag_error(diag, (nb_span){name, 1, 1}, "文件为空：没有任何内容");
    nb_diag_hint(diag, "可用 `nianbao init --body 机关名称 --year 年度` 生成完整模板");
}

static struct fy_diag *quiet_diag(void)
{
    struct fy_diag_cfg dcfg;
    fy_diag_cfg_default(&dcfg);
    dcfg.fp = NULL;
    dcfg.output_fn = discard_output;
    struct fy_diag *fdiag = fy_diag_create(&dcfg);
    if (fdiag)
        fy_diag_set_collect_errors(fdiag, true);
    return fdiag;
}

static struct fy_parse_cfg parse_cfg(struct fy_diag *fdiag)
{
    return (struct fy_parse_cfg){
        .flags = FYPCF_QUIET | FYPCF_DEFAULT_VERSION_1_2 | FYPCF_DISABLE_RECYCLING |
                 FYPCF_ALLOW_DUPLICATE_KEYS,
        .diag = fdiag,
    };
}

static nb_span event_span(const char *name, struct fy_event *ev)
{
    const struct fy_mark *m = fy_event_start_mark(ev);
    return m ? (nb_span){name, m->line + 1, m->column + 1} : (nb_span){name, 1, 1};
}

/* The tree under construction: the collections still open (innermost
 * last), each with where its own nodes start in `pending`, the nodes read
 * and not yet given to the collection around them. */
typedef struct frame {
    nb_ynode *node;
    int from;
} frame;

typedef struct builder {
    nb_yaml *y;
    bool too_deep;               /* a collection opened as the PARSER_DEPTH-th */
    int deep_line, deep_col;     /* where (the first) */
    frame *open;
    int nopen, open_cap;
    nb_ynode **pending;
    int npending, pending_cap;
} builder;

static bool grow(void **array, int *cap, int need, size_t elem)
{
    if (need <= *cap)
        return true;
    int cap2 = *cap ? *cap : 64;
    while (cap2 < need)
        cap2 *= 2;
    void *p = nb_realloc(*array, (size_t)cap2 * elem);
    if (!p)
        return false;
    *array = p;
    *cap = cap2;
    return true;
}

/* The node goes to the collection open around it, or is the root. */
static bool place(builder *b, nb_ynode *n)
{
    if (b->nopen == 0) {
        if (!b->y->root)
            b->y->root = n;
        return true;
    }
    if (!grow((void **)&b->pending, &b->pending_cap, b->npending + 1, sizeof *b->pending))
        return false;
    b->pending[b->npending++] = n;
    return true;
}

static bool add_scalar(builder *b, struct fy_token *t, bool alias)
{
    nb_ynode *n = nb_arena_alloc(b->y->arena, sizeof *n);
    if (!n)
        return false;
    n->kind = Y_SCALAR;
    n->alias = alias;
    n->plain = !alias && (!t || fy_token_scalar_style(t) == FYSS_PLAIN);
    n->text = "";
    const struct fy_mark *a = t ? fy_token_start_mark(t) : NULL;
    const struct fy_mark *e = t ? fy_token_end_mark(t) : NULL;
    if (a) {
        n->has_mark = true;
        n->line = a->line + 1;
        n->col = a->column + 1;
    }
    if (a && e && a->input_pos <= e->input_pos && e->input_pos <= b->y->len) {
        n->has_source = true;
        n->start = a->input_pos;
        n->end = e->input_pos;
    }
    size_t len = 0;
    const char *s = t && !alias ? fy_token_get_text(t, &len) : NULL;
    if (t && !alias && !s)
        return false;
    if (s) {
        /* Text inside the source is used in place; text the parser made
         * (escapes, folding) lives only as long as its event: copied. */
        const char *text = b->y->text;
        bool inside = s >= text && len <= b->y->len && (size_t)(s - text) <= b->y->len - len;
        n->text = inside ? s : nb_arena_strndup(b->y->arena, s, len);
        n->len = len;
        if (!n->text)
            return false;
    }
    return place(b, n);
}

static bool open_collection(builder *b, int kind)
{
    nb_ynode *n = nb_arena_alloc(b->y->arena, sizeof *n);
    if (!n || !place(b, n) ||
        !grow((void **)&b->open, &b->open_cap, b->nopen + 1, sizeof *b->open))
        return false;
    n->kind = (unsigned char)kind;
    b->open[b->nopen++] = (frame){n, b->npending};
    return true;
}

/* A collection's nodes go to it; its place is that of its first scalar
 * (libfyaml's nodes have no mark of their own either). */
static bool close_collection(builder *b)
{
    if (b->nopen == 0)
        return true;
    frame f = b->open[--b->nopen];
    int count = b->npending - f.from;
    nb_ynode *n = f.node;
    if (count > 0) {
        n->items = nb_arena_alloc(b->y->arena, sizeof *n->items * (size_t)count);
        if (!n->items)
            return false;
        memcpy(n->items, b->pending + f.from, sizeof *n->items * (size_t)count);
        n->has_mark = n->items[0]->has_mark;
        n->line = n->items[0]->line;
        n->col = n->items[0]->col;
    }
    n->n = n->kind == Y_MAP ? count / 2 : count;
    b->npending = f.from;
    return true;
}

/* One event into the tree; false when memory ran out.  Nesting is
 * bounded as libfyaml's document builder bounds it (a 64th collection
 * open is an error at its start), and reported with its words; the
 * events that follow are still counted. */
static bool take_event(builder *b, struct fy_event *ev)
{
    if (b->too_deep)
        return true;
    if ((ev->type == FYET_MAPPING_START || ev->type == FYET_SEQUENCE_START) &&
        b->nopen + 1 >= PARSER_DEPTH) {
        nb_span at = event_span(b->y->file, ev);
        b->too_deep = true;
        b->deep_line = at.line;
        b->deep_col = at.col;
        return true;
    }
    switch (ev->type) {
    case FYET_SCALAR:
        return add_scalar(b, ev->scalar.value, false);
    case FYET_ALIAS:
        return add_scalar(b, ev->alias.anchor, true);
    case FYET_MAPPING_START:
        return open_collection(b, Y_MAP);
    case FYET_SEQUENCE_START:
        return open_collection(b, Y_SEQ);
    case FYET_MAPPING_END:
    case FYET_SEQUENCE_END:
        return close_collection(b);
    default:
        return true;
    }
}

/* One pass over the parser's events builds the tree.  libfyaml spends
 * about a microsecond and 200 bytes on a node, so a file of 8 MB of
 * "[a,a,a,…" would take seconds and gigabytes: more than MAX_NODES nodes
 * (a real report has about a thousand) or a second document ("---" after
 * the first, which would be silently ignored) are refused at their place,
 * before the rest is read. */
static nb_status build_tree(nb_diag *diag, nb_yaml *y, struct fy_diag *fdiag)
{
    struct fy_parse_cfg cfg = parse_cfg(fdiag);
    struct fy_parser *fyp = fy_parser_create(&cfg);
    nb_status st = fyp && fy_parser_set_string(fyp, y->text, y->len) == 0 ? NB_OK : NB_ERR_NOMEM;
    builder b = {.y = y};
    long nodes = 0;
    int documents = 0;
    struct fy_event *ev;
    while (st == NB_OK && (ev = fy_parser_parse(fyp))) {
        enum fy_event_type t = ev->type;
        nodes += t == FYET_SCALAR || t == FYET_ALIAS || t == FYET_MAPPING_START ||
                 t == FYET_SEQUENCE_START;
        documents += t == FYET_DOCUMENT_START;
        if (documents > 1) {
            nb_diag_error(diag, event_span(y->file, ev), "文件中有第二个 YAML 文档（「---」之后），只能有一个");
            nb_diag_hint(diag, "一个文件只写一份报告；请删去「---」及其后的内容，或分成两个文件");
            st = NB_ERR_YAML;
        } else if (nodes > MAX_NODES) {
            nb_diag_error(diag, event_span(y->file, ev),
                          "文件中的项目过多（超过 %d 个），不是年度报告的输入文件", MAX_NODES);
            st = NB_ERR_YAML;
        } else if (!take_event(&b, ev)) {
            st = NB_ERR_NOMEM;
        }
        fy_parser_event_free(fyp, ev);
    }
    if (st == NB_OK && b.too_deep) {
        nb_yamlerr_report(diag, y->file, y->text, y->len, b.deep_line, b.deep_col,
                          "Max depth (64) exceeded");
        st = NB_ERR_YAML;
    } else if (st == NB_OK && (fy_diag_got_error(fdiag) || fy_parser_get_stream_error(fyp))) {
        report_parse_errors(diag, y, fdiag);
        st = NB_ERR_YAML;
    }
    if (fyp)
        fy_parser_destroy(fyp);
    nb_free(b.open);
    nb_free(b.pending);
    return st;
}

static nb_status parse_document(nb_diag *diag, nb_yaml *out)
{
    struct fy_diag *fdiag = quiet_diag();
    out->arena = fdiag ? nb_arena_new() : NULL;
    if (!out->arena) {
        if (fdiag)
            fy_diag_destroy(fdiag);
        return NB_ERR_NOMEM;
    }
    nb_status st = build_tree(diag, out, fdiag);
    fy_diag_destroy(fdiag);
    if (st == NB_OK && !out->root) {
        report_empty(diag, out->file);
        st = NB_ERR_YAML;
    }
    return st == NB_OK ? check_tree(diag, out, out->root, 0) : st;
}

nb_status nb_yaml_load_string(nb_diag *diag, const char *name,
                              const char *text, size_t len, nb_yaml *out)
{
    memset(out, 0, sizeof *out);
    out->file = name;
    out->source_hash = nb_hash_fnv1a64(text, len);
    char *copy = nb_malloc(len + 1);
    if (!copy)
        return NB_ERR_NOMEM;
    memcpy(copy, text, len);
    copy[len] = '\0';
    normalize_line_breaks(copy, len);
    nb_status st = NB_ERR_YAML;
    int key_col = 0, key_line = 0;
    if (!check_text(diag, name, copy, len)) {
        st = NB_ERR_YAML;
    } else if ((key_line = complex_key_at(copy, len, &key_col)) > 0) {
        nb_diag_error(diag, (nb_span){name, key_line, key_col},
                      "不支持 YAML 的复杂键（行首的「? 」）");
        nb_diag_hint(diag, "键直接写作「名称: 值」；文字开头的问号请用全角「？」或给整段加引号");
    } else if (is_blank_yaml(copy, len)) {
        report_empty(diag, name);
    } else {
        size_t n = 0;
        out->text = bounded_copy(diag, name, copy, len, &n, &st);
        out->len = n;
        if (out->text)
            st = parse_document(diag, out);
    }
    nb_free(copy);
    if (st != NB_OK)
        nb_yaml_free(out);
    return st;
}

nb_status nb_yaml_load(nb_diag *diag, const char *path, nb_yaml *out)
{
    char *text = NULL;
    size_t len = 0;
    memset(out, 0, sizeof *out);
    nb_status st = read_whole_file(diag, path, &text, &len);
    if (st != NB_OK)
        return st;
    st = nb_yaml_load_string(diag, path, text, len, out);
    nb_free(text);
    return st;
}

void nb_yaml_free(nb_yaml *y)
{
    if (y->arena)
        nb_arena_drop(y->arena);
    nb_free(y->text);
    y->arena = NULL;
    y->root = NULL;
    y->text = NULL;
}

nb_ynode *nb_yaml_root(const nb_yaml *y)
{
    return y->root;
}

nb_span nb_yaml_span(const nb_yaml *y, const nb_ynode *n)
{
    if (!n || !n->has_mark)
        return (nb_span){y->file, 1, 1};
    return (nb_span){y->file, n->line, n->col};
}

bool nb_yaml_is_map(const nb_ynode *n) { return n && n->kind == Y_MAP; }
bool nb_yaml_is_seq(const nb_ynode *n) { return n && n->kind == Y_SEQ; }
bool nb_yaml_is_scalar(const nb_ynode *n) { return n && n->kind == Y_SCALAR; }

bool nb_yaml_is_null(const nb_ynode *n)
{
    if (!nb_yaml_is_scalar(n) || !n->plain)
        return false;
    static const char *const nulls[] = {"~", "null", "Null", "NULL"};
    if (n->len == 0)
        return true;
    for (size_t i = 0; i < sizeof nulls / sizeof *nulls; i++)
        if (n->len == strlen(nulls[i]) && memcmp(n->text, nulls[i], n->len) == 0)
            return true;
    return false;
}

const char *nb_yaml_text(nb_arena *arena, const nb_ynode *n)
{
    return nb_yaml_is_scalar(n) ? nb_arena_strndup(arena, n->text, n->len) : NULL;
}

static bool text_is(const nb_ynode *n, const char *text)
{
    size_t len = strlen(text);
    return nb_yaml_is_scalar(n) && n->len == len && memcmp(n->text, text, len) == 0;
}

nb_ynode *nb_yaml_get(const nb_ynode *map, const char *key)
{
    if (!nb_yaml_is_map(map))
        return NULL;
    for (int i = 0; i < map->n; i++)
        if (text_is(map->items[2 * i], key))
            return map->items[2 * i + 1];
    return NULL;
}

/* Iterators hold the index of the next item, plus one (NULL: the first). */
nb_ynode *nb_yaml_map_next(const nb_ynode *map, void **iter, nb_ynode **value)
{
    uintptr_t i = (uintptr_t)*iter;
    if (!nb_yaml_is_map(map) || i >= (uintptr_t)map->n)
        return NULL;
    *iter = (void *)(i + 1);
    *value = map->items[2 * i + 1];
    return map->items[2 * i];
}

nb_ynode *nb_yaml_seq_next(const nb_ynode *seq, void **iter)
{
    uintptr_t i = (uintptr_t)*iter;
    if (!nb_yaml_is_seq(seq) || i >= (uintptr_t)seq->n)
        return NULL;
    *iter = (void *)(i + 1);
    return seq->items[i];
}

int nb_yaml_seq_len(const nb_ynode *seq)
{
    return nb_yaml_is_seq(seq) ? seq->n : 0;
}

int nb_yaml_map_len(const nb_ynode *map)
{
    return nb_yaml_is_map(map) ? map->n : 0;
}

bool nb_yaml_source_of(const nb_yaml *y, const nb_ynode *n, nb_yaml_source *out)
{
    if (!nb_yaml_is_scalar(n) || !n->has_source || !y->text)
        return false;
    *out = (nb_yaml_source){y->text + n->start, y->text + n->end, n->line, n->col, n->plain};
    return true;
}

nb_span nb_yaml_source_span(const nb_yaml *y, const nb_yaml_source *src, const char *p)
{
    int line = src->line, col = src->col;
    for (const char *q = src->start; q < p; q++) {
        if (*q == '\n') {
            line++;
            col = 1;
        } else {
            col += ((unsigned char)*q & 0xC0) != 0x80;
        }
    }
    return (nb_span){y->file, line, col};
}

bool nb_yaml_trailing_comment(const nb_yaml *y, const nb_yaml_source *src,
                              const char **hash, const char **line_end)
{
    if (!src->plain)
        return false;
    const char *p = src->end, *end = y->text + y->len;
    while (p < end && (*p == ' ' || *p == '\t'))
        p++;
    if (p == src->end || p == end || *p != '#')
        return false;
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    *hash = p;
    *line_end = nl ? nl : end;
    if (*line_end > p && (*line_end)[-1] == '\r')
        (*line_end)--;
    return true;
}
