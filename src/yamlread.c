/* yamlread.c — input stage: the one place that talks to libfyaml.  Reads a
 * file, refuses what is not text (binary, invalid UTF-8, empty), parses it
 * into a tree whose nodes know their file:line:col, and converts libfyaml's
 * collected errors into diagnostics.  Aliases are refused rather than
 * expanded, which is what makes "billion laughs" inputs harmless. */
#include "yamlread.h"
#include "utf8.h"
#include "yamlerr.h"

#include <errno.h>
#include <libfyaml.h>
#include <stdlib.h>
#include <string.h>

enum {
    MAX_INPUT_BYTES = 8 * 1024 * 1024,  /* a report is ~20 KB */
    MAX_DEPTH = 64
};

static nb_status read_whole_file(nb_diag *diag, const char *path,
                                 char **text, size_t *len)
{
    bool is_stdin = strcmp(path, "-") == 0;
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (!f) {
        nb_diag_error(diag, (nb_span){path, 0, 0}, "无法打开文件：%s", nb_errno_str(errno));
        return NB_ERR_IO;
    }
    size_t cap = 16384, n = 0;
    char *buf = malloc(cap + 1);
    while (buf) {
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (n < cap || got == 0)
            break;
        if (cap >= MAX_INPUT_BYTES)
            break;
        cap *= 2;
        char *grown = realloc(buf, cap + 1);
        if (!grown)
            free(buf);
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
        free(buf);
        nb_diag_error(diag, (nb_span){path, 0, 0}, "读取文件失败：%s", nb_errno_str(err));
        return NB_ERR_IO;
    }
    if (n >= MAX_INPUT_BYTES) {
        free(buf);
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

/* Text files only: a NUL byte or an invalid UTF-8 sequence is reported at
 * its line and column instead of letting the parser guess. */
static bool check_text(nb_diag *diag, const char *name, const char *text, size_t len)
{
    int line = 1, col = 1;
    for (size_t i = 0; i < len;) {
        const unsigned char *p = (const unsigned char *)text + i;
        int n = *p ? nb_utf8_valid_length(p, len - i) : 0;
        if (n == 0) {
            nb_diag_error(diag, (nb_span){name, line, col},
                          *p ? "不是有效的 UTF-8 文本（字节 0x%02X）" :
                               "文件含有二进制数据（NUL 字节 0x%02X），不是 YAML 文本",
                          *p);
            nb_diag_hint(diag, "输入文件应为 UTF-8 编码的 YAML；可用 `nianbao init` 生成模板");
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

/* Refuses aliases (and so alias bombs) and nesting deeper than MAX_DEPTH. */
static bool check_tree(nb_diag *diag, const nb_yaml *y, struct fy_node *n, int depth)
{
    if (!n)
        return true;
    if (depth > MAX_DEPTH) {
        nb_diag_error(diag, nb_yaml_span(y, n), "嵌套层数超过 %d 层", MAX_DEPTH);
        return false;
    }
    if (fy_node_is_alias(n)) {
        nb_diag_error(diag, nb_yaml_span(y, n), "不支持 YAML 别名（*名称）");
        nb_diag_hint(diag, "请直接写出数值或文字；年度报告的输入不需要锚点和别名");
        return false;
    }
    void *it = NULL;
    if (nb_yaml_is_seq(n)) {
        struct fy_node *item;
        while ((item = fy_node_sequence_iterate(n, &it)))
            if (!check_tree(diag, y, item, depth + 1))
                return false;
    } else if (nb_yaml_is_map(n)) {
        struct fy_node_pair *pair;
        while ((pair = fy_node_mapping_iterate(n, &it))) {
            if (!check_tree(diag, y, fy_node_pair_key(pair), depth + 1) ||
                !check_tree(diag, y, fy_node_pair_value(pair), depth + 1))
                return false;
        }
    }
    return true;
}

nb_status nb_yaml_load_string(nb_diag *diag, const char *name,
                              const char *text, size_t len, nb_yaml *out)
{
    memset(out, 0, sizeof *out);
    out->file = name;
    if (!check_text(diag, name, text, len))
        return NB_ERR_YAML;
    if (is_blank_yaml(text, len)) {
        nb_diag_error(diag, (nb_span){name, 1, 1}, "文件为空：没有任何内容");
        nb_diag_hint(diag, "可用 `nianbao init --body 机关名称 --year 年度` 生成完整模板");
        return NB_ERR_YAML;
    }
    out->text = malloc(len + 1);
    if (!out->text)
        return NB_ERR_NOMEM;
    memcpy(out->text, text, len);
    out->text[len] = '\0';
    out->len = len;

    struct fy_diag_cfg dcfg;
    fy_diag_cfg_default(&dcfg);
    dcfg.fp = NULL;
    dcfg.output_fn = discard_output;
    struct fy_diag *fdiag = fy_diag_create(&dcfg);
    if (!fdiag) {
        nb_yaml_free(out);
        return NB_ERR_NOMEM;
    }
    fy_diag_set_collect_errors(fdiag, true);
    struct fy_parse_cfg cfg = {
        .flags = FYPCF_QUIET | FYPCF_DEFAULT_VERSION_1_2 | FYPCF_DISABLE_RECYCLING,
        .diag = fdiag,
    };
    out->doc = fy_document_build_from_string(&cfg, out->text, len);
    nb_status st = NB_OK;
    if (!out->doc || fy_diag_got_error(fdiag)) {
        report_parse_errors(diag, out, fdiag);
        st = NB_ERR_YAML;
    } else if (!fy_document_root(out->doc)) {
        nb_diag_error(diag, (nb_span){name, 1, 1}, "文件为空：没有任何内容");
        nb_diag_hint(diag, "可用 `nianbao init --body 机关名称 --year 年度` 生成完整模板");
        st = NB_ERR_YAML;
    } else if (!check_tree(diag, out, fy_document_root(out->doc), 0)) {
        st = NB_ERR_YAML;
    }
    fy_diag_destroy(fdiag);
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
    free(text);
    return st;
}

void nb_yaml_free(nb_yaml *y)
{
    if (y->doc)
        fy_document_destroy(y->doc);
    free(y->text);
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

bool nb_yaml_is_map(struct fy_node *n) { return n && fy_node_get_type(n) == FYNT_MAPPING; }
bool nb_yaml_is_seq(struct fy_node *n) { return n && fy_node_get_type(n) == FYNT_SEQUENCE; }
bool nb_yaml_is_scalar(struct fy_node *n) { return n && fy_node_get_type(n) == FYNT_SCALAR; }

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
