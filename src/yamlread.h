/* yamlread.h — yamlread.c, input stage: the one place that talks to
 * libfyaml.  Parses a file into a document whose every node knows its
 * file:line:col, and turns parser errors into diagnostics.  Used by
 * input.c (reports), form.c (forms) and style.c (page styles). */
#ifndef NB_YAMLREAD_H
#define NB_YAMLREAD_H

#include "nb.h"

/* A node of the parsed tree (yamlread.c); read-only once loaded, so that
 * threads may read one tree together. */
typedef struct nb_ynode nb_ynode;

typedef struct nb_yaml {
    nb_arena *arena;         /* the nodes */
    nb_ynode *root;
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

/* Reads and parses `path` ("-" reads standard input) into a tree of its
 * own, built from libfyaml's parser events in one pass.  Syntax errors, an
 * empty file, non-UTF-8 bytes, aliases and nesting deeper than 64 levels are
 * reported into `diag` with their position and give NB_ERR_YAML; a
 * missing or unreadable file gives NB_ERR_IO. */
nb_status nb_yaml_load(nb_diag *diag, const char *path, nb_yaml *out);
nb_status nb_yaml_load_string(nb_diag *diag, const char *name,
                              const char *text, size_t len, nb_yaml *out);
void nb_yaml_free(nb_yaml *y);

nb_ynode *nb_yaml_root(const nb_yaml *y);
nb_span nb_yaml_span(const nb_yaml *y, const nb_ynode *n);

/* The source of scalar `n`; false for collections or unknown marks. */
bool nb_yaml_source_of(const nb_yaml *y, const nb_ynode *n, nb_yaml_source *out);
/* The file:line:col of byte `p` inside `src`. */
nb_span nb_yaml_source_span(const nb_yaml *y, const nb_yaml_source *src, const char *p);
/* A comment written after a plain scalar on its last line ("文字 #注释"):
 * YAML drops it without a word.  Gives the '#' and its line end; false
 * when there is none or the scalar is not plain. */
bool nb_yaml_trailing_comment(const nb_yaml *y, const nb_yaml_source *src,
                              const char **hash, const char **line_end);

bool nb_yaml_is_map(const nb_ynode *n);
bool nb_yaml_is_seq(const nb_ynode *n);
bool nb_yaml_is_scalar(const nb_ynode *n);
/* A plain scalar that YAML reads as null: nothing, ~, null, Null, NULL
 * (a quoted "" is an empty text, not null). */
bool nb_yaml_is_null(const nb_ynode *n);
/* Scalar text, NUL-terminated copy into `arena`; NULL if not a scalar. */
const char *nb_yaml_text(nb_arena *arena, const nb_ynode *n);
/* Mapping lookup by exact key; NULL when absent. */
nb_ynode *nb_yaml_get(const nb_ynode *map, const char *key);

/* Iterate: for (void *it = NULL; (k = nb_yaml_map_next(map, &it, &v));) */
nb_ynode *nb_yaml_map_next(const nb_ynode *map, void **iter, nb_ynode **value);
nb_ynode *nb_yaml_seq_next(const nb_ynode *seq, void **iter);
int nb_yaml_seq_len(const nb_ynode *seq);
int nb_yaml_map_len(const nb_ynode *map);   /* pairs; 0 if not a mapping */

#endif
