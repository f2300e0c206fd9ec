/* nb.h — shared basics of every pipeline stage: status codes, source spans,
 * the diagnostics list and the per-report arena.  No stage logic here. */
#ifndef NB_H
#define NB_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdbool.h>
#include <time.h>

#define NB_VERSION "0.1.0"

typedef enum {
    NB_OK = 0,
    NB_ERR_USAGE,   /* bad command line */
    NB_ERR_IO,      /* file cannot be read or written */
    NB_ERR_YAML,    /* input is not well-formed YAML or has the wrong shape */
    NB_ERR_DATA,    /* well-formed input that breaks the form's rules */
    NB_ERR_FONT,    /* font missing, unreadable, or lacks a character */
    NB_ERR_LAYOUT,  /* content cannot be placed (cell too small, ...) */
    NB_ERR_PDF,     /* libharu or subsetting failed */
    NB_ERR_NOMEM
} nb_status;

const char *nb_status_str(nb_status st);
/* An errno value in Chinese ("文件或目录不存在"), for messages. */
const char *nb_errno_str(int err);

/* Monotonic milliseconds, for the stage timings of `--bench`. */
static inline double nb_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* FNV-1a, 64 bits: a short fingerprint of an input file for proofs (not
 * a security hash: it tells versions of one report apart). */
static inline uint64_t nb_hash_fnv1a64(const void *data, size_t n)
{
    const unsigned char *p = data;
    uint64_t h = 0xcbf29ce484222325u;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 0x100000001b3u;
    }
    return h;
}

/* A place in an input file, 1-based; line 0 means "the file as a whole". */
typedef struct nb_span {
    const char *file;
    int line;
    int col;
} nb_span;

/* ---- diagnostics (diag.c) ------------------------------------------- */

typedef enum { NB_DIAG_ERROR, NB_DIAG_WARNING, NB_DIAG_NOTE } nb_diag_level;

typedef struct nb_diag_item {
    nb_diag_level level;
    nb_span span;        /* span.file is a copy owned by the item */
    char *message;   /* UTF-8, owned */
    char *hint;      /* optional second line ("您是否想写 …"), owned */
} nb_diag_item;

/* Collects every message of a run so that one run reports all errors.
 * At most NB_DIAG_MAX_ITEMS are kept: a file of 8 MB can hold a hundred
 * thousand mistakes, and nobody reads past the first few hundred; the
 * rest are counted (`dropped`) and said to exist. */
enum { NB_DIAG_MAX_ITEMS = 500 };

typedef struct nb_diag {
    nb_diag_item *items;
    size_t count, cap;
    size_t errors;
    size_t dropped;      /* messages counted but not kept */
    bool last_dropped;   /* a hint then belongs to no kept message */
    bool out_of_memory;  /* a message (or its file name) lost for want of memory */
} nb_diag;

void nb_diag_init(nb_diag *d);
void nb_diag_free(nb_diag *d);
void nb_diag_error(nb_diag *d, nb_span at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void nb_diag_warn(nb_diag *d, nb_span at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void nb_diag_note(nb_diag *d, nb_span at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Attach a hint to the most recent message. */
void nb_diag_hint(nb_diag *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* True once further messages are only counted: callers may skip the work
 * of composing hints ("您是否想写 …") nobody will see. */
bool nb_diag_full(const nb_diag *d);
/* Prints `file:line:col: 错误: message` (+ `  提示: hint`) per item,
 * sorted by file (in order of first appearance), line and column. */
void nb_diag_print(const nb_diag *d, FILE *out);
/* The same as items of one JSON array of {file, line, col, level,
 * message, hint}, over several lists: `started` is false before the
 * first item; nb_diag_print_json_end closes the array. */
void nb_diag_print_json_items(const nb_diag *d, FILE *out, bool *started);
void nb_diag_print_json_end(FILE *out, bool started);
/* A JSON string (quoted, escaped; null for NULL): the one JSON escaper,
 * for --json diagnostics and batch summaries. */
void nb_json_string(FILE *out, const char *s);
/* Counts of items by level. */
size_t nb_diag_count(const nb_diag *d, nb_diag_level level);

/* ---- arena (arena.c) ------------------------------------------------- */

/* One arena per report: the model, glyph runs, lines and boxes live in it
 * and are freed together. Allocations are zeroed and 16-byte aligned. */
typedef struct nb_arena nb_arena;

nb_arena *nb_arena_new(void);
void *nb_arena_alloc(nb_arena *a, size_t size);          /* NULL on OOM */
char *nb_arena_strdup(nb_arena *a, const char *s);
char *nb_arena_strndup(nb_arena *a, const char *s, size_t n);
void nb_arena_drop(nb_arena *a);
/* Bytes the arena holds (its blocks), for memory budgets. */
size_t nb_arena_bytes(const nb_arena *a);
/* Room for one more element in an arena array holding `count` of `*cap`
 * elements: returns the array (moved and doubled when full; the old copy
 * is left to the arena), or NULL on OOM. */
void *nb_arena_grow(nb_arena *a, void *array, int count, int *cap, size_t elem);
/* Whether an allocation from the arena has ever failed: the stages that
 * carry on past a missing object (a lost item, a name left out) are
 * caught by this one check at the end of each stage, so that a report
 * short of memory fails instead of coming out different. */
bool nb_arena_failed(const nb_arena *a);

#define NB_ARENA_NEW_ARRAY(a, type, n) \
    ((type *)nb_arena_alloc((a), sizeof(type) * (size_t)(n)))

#endif
