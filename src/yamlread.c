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

/* ---- checks of the parsed tree ------------------------------------------ */

/* A scalar's text may hold what a printed report cannot: NUL (through the
 * "\0" escape, which would silently cut the text) and other control
 * characters ("\a", "\e", "\v", "\f", C1 controls), which would become
 * blanks or breaks.  Tab and line break are text. */
static bool check_scalar_chars(nb_diag *diag, const nb_yaml *y, struct fy_node *n)
{
    size_t len = 0;
    const char *s = fy_node_get_scalar(n, &len);
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

typedef struct key_slot {
    const char *text;
    size_t len;
    struct fy_node *key;
} key_slot;

static uint64_t hash_bytes(const char *s, size_t len)
{
    uint64_t h = 1469598103934665603ULL;   /* FNV-1a */
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
    return h;
}

/* Duplicate keys, found with a hash: libfyaml's own check compares every
 * pair (20 000 keys: 10 s), so it is turned off (FYPCF_ALLOW_DUPLICATE_KEYS). */
static nb_status check_duplicate_keys(nb_diag *diag, const nb_yaml *y, struct fy_node *map)
{
    size_t count = (size_t)fy_node_mapping_item_count(map), cap = 16;
    while (cap < 2 * count)
        cap *= 2;
    key_slot *slots = nb_calloc(cap, sizeof *slots);
    if (!slots)
        return NB_ERR_NOMEM;
    nb_status st = NB_OK;
    void *it = NULL;
    struct fy_node_pair *pair;
    while (st == NB_OK && (pair = fy_node_mapping_iterate(map, &it))) {
        struct fy_node *key = fy_node_pair_key(pair);
        size_t len = 0;
        const char *text = nb_yaml_is_scalar(key) ? fy_node_get_scalar(key, &len) : NULL;
        if (!text)
            continue;
        size_t i = (size_t)hash_bytes(text, len) & (cap - 1);
        while (slots[i].text && !(slots[i].len == len && memcmp(slots[i].text, text, len) == 0))
            i = (i + 1) & (cap - 1);
        if (slots[i].text) {
            nb_span first = nb_yaml_span(y, slots[i].key);
            nb_diag_error(diag, nb_yaml_span(y, key), "同一个项目写了两次：「%.*s」（第 %d 行已写过）",
                          (int)(len > 200 ? 200 : len), text, first.line);
            nb_diag_hint(diag, "同一层中每个项目只能写一次；请合并或删去其中一处");
            st = NB_ERR_YAML;
        } else {
            slots[i] = (key_slot){text, len, key};
        }
    }
    nb_free(slots);
    return st;
}

/* Refuses aliases (and so alias bombs), nesting deeper than MAX_DEPTH,
 * duplicate keys and scalars with control characters. */
static nb_status check_tree(nb_diag *diag, const nb_yaml *y, struct fy_node *n, int depth)
{
    if (!n)
        return NB_OK;
    if (depth > MAX_DEPTH) {
        nb_diag_error(diag, nb_yaml_span(y, n), "嵌套层数超过 %d 层", MAX_DEPTH);
        return NB_ERR_YAML;
    }
    if (fy_node_is_alias(n)) {
        nb_diag_error(diag, nb_yaml_span(y, n), "不支持 YAML 别名（*名称）");
        nb_diag_hint(diag, "请直接写出数值或文字；年度报告的输入不需要锚点和别名");
        return NB_ERR_YAML;
    }
    if (nb_yaml_is_scalar(n))
        return check_scalar_chars(diag, y, n) ? NB_OK : NB_ERR_YAML;
    void *it = NULL;
    nb_status st = NB_OK;
    if (nb_yaml_is_seq(n)) {
        struct fy_node *item;
        while (st == NB_OK && (item = fy_node_sequence_iterate(n, &it)))
            st = check_tree(diag, y, item, depth + 1);
    } else if (nb_yaml_is_map(n)) {
        st = check_duplicate_keys(diag, y, n);
        struct fy_node_pair *pair;
        while (st == NB_OK && (pair = fy_node_mapping_iterate(n, &it))) {
            st = check_tree(diag, y, fy_node_pair_key(pair), depth + 1);
            if (st == NB_OK)
                st = check_tree(diag, y, fy_node_pair_value(pair), depth + 1);
        }
    }
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

/* A first pass over the parser's events, before any tree is built: libfyaml
 * spends about a microsecond and 200 bytes on a node, so a file of 8 MB of
 * "[a,a,a,…" would take seconds and gigabytes.  More than MAX_NODES nodes
 * (a real report has about a thousand) or a second document ("---" after
 * the first, which would be silently ignored) are refused at their place.
 * Syntax errors end the pass; the second pass reports them. */
static nb_status scan_events(nb_diag *diag, const char *name, const char *text, size_t len)
{
    struct fy_diag *fdiag = quiet_diag();
    struct fy_parse_cfg cfg = parse_cfg(fdiag);
    struct fy_parser *fyp = fdiag ? fy_parser_create(&cfg) : NULL;
    nb_status st = fyp && fy_parser_set_string(fyp, text, len) == 0 ? NB_OK : NB_ERR_NOMEM;
    long nodes = 0;
    int documents = 0;
    struct fy_event *ev;
    while (st == NB_OK && fyp && (ev = fy_parser_parse(fyp))) {
        enum fy_event_type t = ev->type;
        nodes += t == FYET_SCALAR || t == FYET_ALIAS || t == FYET_MAPPING_START ||
                 t == FYET_SEQUENCE_START;
        documents += t == FYET_DOCUMENT_START;
        if (documents > 1) {
            nb_diag_error(diag, event_span(name, ev), "文件中有第二个 YAML 文档（「---」之后），只能有一个");
            nb_diag_hint(diag, "一个文件只写一份报告；请删去「---」及其后的内容，或分成两个文件");
            st = NB_ERR_YAML;
        } else if (nodes > MAX_NODES) {
            nb_diag_error(diag, event_span(name, ev),
                          "文件中的项目过多（超过 %d 个），不是年度报告的输入文件", MAX_NODES);
            st = NB_ERR_YAML;
        }
        fy_parser_event_free(fyp, ev);
    }
    if (fyp)
        fy_parser_destroy(fyp);
    if (fdiag)
        fy_diag_destroy(fdiag);
    return st;
}

static nb_status parse_document(nb_diag *diag, nb_yaml *out, size_t len)
{
    nb_status st = scan_events(diag, out->file, out->text, len);
    if (st != NB_OK)
        return st;
    struct fy_diag *fdiag = quiet_diag();
    if (!fdiag)
        return NB_ERR_NOMEM;
    struct fy_parse_cfg cfg = parse_cfg(fdiag);
    out->doc = fy_document_build_from_string(&cfg, out->text, len);
    if (!out->doc || fy_diag_got_error(fdiag)) {
        report_parse_errors(diag, out, fdiag);
        st = NB_ERR_YAML;
    } else if (!fy_document_root(out->doc)) {
        report_empty(diag, out->file);
        st = NB_ERR_YAML;
    } else {
        st = check_tree(diag, out, fy_document_root(out->doc), 0);
    }
    fy_diag_destroy(fdiag);
    return st;
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
    if (!check_text(diag, name, copy, len)) {
        st = NB_ERR_YAML;
    } else if (is_blank_yaml(copy, len)) {
        report_empty(diag, name);
    } else {
        size_t n = 0;
        out->text = bounded_copy(diag, name, copy, len, &n, &st);
        out->len = n;
        if (out->text)
            st = parse_document(diag, out, n);
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
    if (y->doc)
        fy_document_destroy(y->doc);
    nb_free(y->text);
    y->doc = NULL;
    y->text = NULL;
}

struct fy_node *nb_yaml_root(const nb_yaml *y)
{
    return y->doc ? fy_document_root(y->doc) : NULL;
}

/* Collections have no start mark in libfyaml 0.7's node API: use the
 * first scalar inside (the key of the first pair, or the first item). */
static struct fy_token *first_token(struct fy_node *n, int depth)
{
    if (!n || depth > MAX_DEPTH + 2)
        return NULL;
    if (nb_yaml_is_scalar(n))
        return fy_node_get_scalar_token(n);
    void *it = NULL;
    if (nb_yaml_is_seq(n))
        return first_token(fy_node_sequence_iterate(n, &it), depth + 1);
    struct fy_node_pair *pair = fy_node_mapping_iterate(n, &it);
    return pair ? first_token(fy_node_pair_key(pair), depth + 1) : NULL;
}

nb_span nb_yaml_span(const nb_yaml *y, struct fy_node *n)
{
    struct fy_token *t = first_token(n, 0);
    const struct fy_mark *m = t ? fy_token_start_mark(t) : NULL;
    if (!m)
        return (nb_span){y->file, 1, 1};
    return (nb_span){y->file, m->line + 1, m->column + 1};
}

bool nb_yaml_is_map(struct fy_node *n) { return n && fy_node_get_type(n) == FYNT_MAPPING; }
bool nb_yaml_is_seq(struct fy_node *n) { return n && fy_node_get_type(n) == FYNT_SEQUENCE; }
bool nb_yaml_is_scalar(struct fy_node *n) { return n && fy_node_get_type(n) == FYNT_SCALAR; }

bool nb_yaml_is_null(struct fy_node *n)
{
    if (!nb_yaml_is_scalar(n) || fy_node_get_style(n) != FYNS_PLAIN)
        return false;
    size_t len = 0;
    const char *s = fy_node_get_scalar(n, &len);
    static const char *const nulls[] = {"~", "null", "Null", "NULL"};
    if (!s || len == 0)
        return true;
    for (size_t i = 0; i < sizeof nulls / sizeof *nulls; i++)
        if (len == strlen(nulls[i]) && memcmp(s, nulls[i], len) == 0)
            return true;
    return false;
}

const char *nb_yaml_text(nb_arena *arena, struct fy_node *n)
{
    if (!nb_yaml_is_scalar(n))
        return NULL;
    size_t len = 0;
    const char *s = fy_node_get_scalar(n, &len);
    return s ? nb_arena_strndup(arena, s, len) : NULL;
}

struct fy_node *nb_yaml_get(struct fy_node *map, const char *key)
{
    if (!nb_yaml_is_map(map))
        return NULL;
    return fy_node_mapping_lookup_by_string(map, key, strlen(key));
}

struct fy_node *nb_yaml_map_next(struct fy_node *map, void **iter,
                                 struct fy_node **value)
{
    struct fy_node_pair *pair = fy_node_mapping_iterate(map, iter);
    if (!pair)
        return NULL;
    *value = fy_node_pair_value(pair);
    return fy_node_pair_key(pair);
}

struct fy_node *nb_yaml_seq_next(struct fy_node *seq, void **iter)
{
    return fy_node_sequence_iterate(seq, iter);
}

int nb_yaml_seq_len(struct fy_node *seq)
{
    return nb_yaml_is_seq(seq) ? fy_node_sequence_item_count(seq) : 0;
}

bool nb_yaml_source_of(const nb_yaml *y, struct fy_node *n, nb_yaml_source *out)
{
    struct fy_token *t = nb_yaml_is_scalar(n) ? fy_node_get_scalar_token(n) : NULL;
    const struct fy_mark *a = t ? fy_token_start_mark(t) : NULL;
    const struct fy_mark *b = t ? fy_token_end_mark(t) : NULL;
    if (!a || !b || !y->text || a->input_pos > b->input_pos || b->input_pos > y->len)
        return false;
    enum fy_scalar_style style = fy_token_scalar_style(t);
    *out = (nb_yaml_source){y->text + a->input_pos, y->text + b->input_pos, a->line + 1,
                            a->column + 1, style == FYSS_PLAIN};
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
