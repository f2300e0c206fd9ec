/* batch.h — batch.c, the driver for many reports in one process: the
 * inputs of a district or a city are listed, named, checked all first,
 * then rendered by N worker threads sharing one run context (forms, page
 * style and fonts loaded once: run.h), each report on a job of its own.
 * main.c parses the command line, prints progress through the callback
 * and the summary, and turns signals into the cancel flag. */
#ifndef NB_BATCH_H
#define NB_BATCH_H

#include "render.h"

#include <stdatomic.h>

typedef enum {
    NB_ITEM_PENDING,      /* not reached (an interrupted run) */
    NB_ITEM_BAD,          /* its data is wrong: every message is in diag */
    NB_ITEM_CURRENT,      /* its PDF is newer than everything it is made of */
    NB_ITEM_DONE,         /* rendered */
    NB_ITEM_HELD,         /* good, but not rendered: another input is bad */
    NB_ITEM_FAILED        /* I/O, font or layout failure while rendering */
} nb_item_state;

/* Headline figures of one report for the district overview, in the
 * order of its form's `overview` columns. */
enum { NB_OVERVIEW_MAX = 16 };

typedef struct nb_batch_item {
    const char *input;        /* the path as given or found */
    const char *name;         /* output name relative to OUTDIR, without .pdf */
    const char *output;       /* OUTDIR/name.pdf (a proof: OUTDIR/name-校样.pdf) */
    const char *previous;     /* last year's file (--previous DIR), or NULL */
    nb_item_state state;
    nb_status status;         /* of its check, or of its render */
    int pages;
    double ms;                /* time its render took */
    nb_diag diag;             /* its messages, in the order they were found */
    const char *body;         /* 机关名称, for the overview */
    int year;
    int64_t headline[NB_OVERVIEW_MAX];
    int nheadline;
    /* The checked report, kept for the render phase while the run's memory
     * budget allows (else it is read again): its job, report, last year's. */
    nb_job *job;
    nb_report *report, *last;
} nb_batch_item;

typedef struct nb_batch_progress {
    const nb_batch_item *item;   /* the one just finished */
    int done, total;             /* in the current phase */
    bool rendering;              /* false while checking */
    double elapsed_ms;           /* since the phase began */
} nb_batch_progress;

typedef struct nb_batch_options {
    const char *const *inputs;   /* DIR, FILE or @LIST each */
    int ninputs;
    const char *outdir;
    int jobs;                    /* worker threads, >= 1 */
    bool keep_going;             /* render the good inputs even if some are bad */
    bool force;                  /* render even what is up to date */
    int shard, nshards;          /* this run does part `shard` (1-based) of nshards */
    /* How each report is rendered: proof, allow_inconsistent, proof_opts
     * (its input, output and previous are set per report).  May be NULL. */
    const nb_render_options *render;
    const char *previous_dir;    /* last year's files, matched by name, or NULL */
    _Atomic int *cancel;         /* set (by a signal handler) to stop; may be NULL */
    /* Called after each report of each phase, from worker threads, one call
     * at a time.  May be NULL. */
    void (*progress)(void *user, const nb_batch_progress *p);
    void *user;
} nb_batch_options;

typedef struct nb_batch {
    nb_arena *arena;             /* names, paths, the items array */
    nb_batch_item *items;        /* sorted by input path */
    int nitems;
    int bad, done, current, failed, held, pending;
    double check_ms, render_ms;
} nb_batch;

/* Lists the inputs (a folder: its .yaml files, subfolders kept as
 * subfolders of OUTDIR; @LIST: one path a line), sorts them, keeps this
 * shard's part and names the outputs.  A name that would leave OUTDIR or
 * hold control characters, and two inputs with one name, are errors in
 * diag (NB_ERR_USAGE) before anything is read. */
nb_status nb_batch_plan(nb_diag *diag, const nb_batch_options *opts, nb_batch *out);

/* Checks every input, then — when all are good, or with keep_going —
 * renders those not up to date.  Returns NB_OK, NB_ERR_DATA (some input
 * is bad), NB_ERR_IO / NB_ERR_FONT ... (some render failed), or
 * NB_ERR_USAGE when cancelled.  Per-item messages stay in the items. */
nb_status nb_batch_run(const nb_run *run, const nb_batch_options *opts, nb_batch *batch);

void nb_batch_free(nb_batch *batch);

/* The summary as JSON: every item (input, output, state, pages, ms,
 * errors) and the totals. */
void nb_batch_write_json(FILE *out, const nb_batch *batch);
const char *nb_batch_state_name(nb_item_state state);   /* Chinese, for tables */

/* Accepts a name relative to OUTDIR: not empty, not absolute, no "." or
 * ".." component, no control characters, valid UTF-8, each component short
 * enough for a file name with ".pdf" (and a temporary suffix). */
bool nb_batch_name_ok(const char *name);

#endif
