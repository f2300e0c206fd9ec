/* yamlread.h — yamlread.c, input stage: the one place that talks to
 * libfyaml.  Parses a file into a document whose every node knows its
 * file:line:col, and turns parser errors into diagnostics.  Used by
 * input.c (reports), form.c (forms) and style.c (page styles). */
#ifndef NB_YAMLREAD_H
#define NB_YAMLREAD_H

#include "nb.h"

struct fy_document;
struct fy_node;

typedef struct nb_yaml {
    struct fy_document *doc;
    const char *file;        /* name used in spans (borrowed) */
    char *text;              /* the source, owned: nodes point into it */
    size_t len;              /* bytes of text */
    uint64_t source_hash;    /* FNV-1a-64 of the bytes as read, before the
                                parser's copy drops blanks at line ends */
} nb_yaml;

/* A scalar as written in the file: the bytes between its start and end
 * marks (quotes included), where they start, and whether it is plain
 * (unquoted, not a | or > block) — the only style in which YAML drops a
 * ` #…` silently. */
typedef struct nb_yaml_source {
    const char *start, *end;
    int line, col;
    bool plain;
} nb_yaml_source;

/* Reads and parses `path` ("-" reads standard input).  Syntax errors, an empty file, non-UTF-8 bytes,
 * alias expansion beyond sane limits and nesting deeper than 64 levels are
 * reported into `diag` with their position and give NB_ERR_YAML; a
 * missing or unreadable file gives NB_ERR_IO. */
nb_status nb_yaml_load(nb_diag *diag, const char *path, nb_yaml *out);
nb_status nb_yaml_load_string(nb_diag *diag, const char *name,
                              const char *text, size_t len, nb_yaml *out);
void nb_yaml_free(nb_yaml *y);

struct fy_node *nb_yaml_root(const nb_yaml *y);
nb_span nb_yaml_span(const nb_yaml *y, struct fy_node *n);

/* The source of scalar `n`; false for collections or unknown marks. */
bool nb_yaml_source_of(const nb_yaml *y, struct fy_node *n, nb_yaml_source *out);
/* The file:line:col of byte `p` inside `src`. */
nb_span nb_yaml_source_span(const nb_yaml *y, const nb_yaml_source *src, const char *p);
/* A comment written after a plain scalar on its last line ("文字 #注释"):
 * YAML drops it without a word.  Gives the '#' and its line end; false
 * when there is none or the scalar is not plain. */
bool nb_yaml_trailing_comment(const nb_yaml *y, const nb_yaml_source *src,
                              const char **hash, const char **line_end);

bool nb_yaml_is_map(struct fy_node *n);
bool nb_yaml_is_seq(struct fy_node *n);
bool nb_yaml_is_scalar(struct fy_node *n);
/* A plain scalar that YAML reads as null: nothing, ~, null, Null, NULL
 * (a quoted "" is an empty text, not null). */
bool nb_yaml_is_null(struct fy_node *n);
/* Scalar text, NUL-terminated copy into `arena`; NULL if not a scalar. */
const char *nb_yaml_text(nb_arena *arena, struct fy_node *n);
/* Mapping lookup by exact key; NULL when absent. */
struct fy_node *nb_yaml_get(struct fy_node *map, const char *key);

/* Iterate: for (void *it = NULL; (k = nb_yaml_map_next(map, &it, &v));) */
struct fy_node *nb_yaml_map_next(struct fy_node *map, void **iter,
                                 struct fy_node **value);
struct fy_node *nb_yaml_seq_next(struct fy_node *seq, void **iter);
int nb_yaml_seq_len(struct fy_node *seq);

#endif
