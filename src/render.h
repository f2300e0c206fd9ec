/* render.h — render.c, the pipeline's driver for one report: input →
 * model → check → layout (paragraphs, tables, pages) → PDF, with the
 * run-wide context (forms, page style, fonts: run.h) shared and the job
 * (arena, diagnostics, text engine) its own.  main.c calls it for
 * `render`; `batch` calls it from every worker thread. */
#ifndef NB_RENDER_H
#define NB_RENDER_H

#include "doc.h"
#include "pdf.h"
#include "proof.h"
#include "run.h"

#include <stdio.h>

/* What one render measured, for `--bench` (printed by main.c). */
typedef struct nb_render_stats {
    double read_ms, layout_ms, pdf_ms;   /* input+check, layout, PDF */
    double shape_ms, break_ms;           /* parts of layout */
    int pages;
    nb_pdf_stats pdf;
} nb_render_stats;

typedef struct nb_render_options {
    const char *input;        /* the report file */
    const char *output;       /* the PDF to write, or NULL for none */
    FILE *dump_lines;         /* non-NULL: every set line goes here (--dump=lines) */
    const struct nb_temp_registry *temps;   /* told the PDF's temporary name (outfile.h); may be NULL */
    bool draft;               /* the template's placeholders warn, not refuse */
    const char *previous;     /* last year's report file (--previous), or NULL:
                                 this year's 上年结转 must be its 结转下年度 */
    bool proof;               /* a proof copy for sign-off (--proof, proof.h) */
    bool allow_inconsistent;  /* proof only: data that breaks the rules is
                                 shown with its cells highlighted, not refused */
    nb_proof_options proof_opts;  /* file_name (NULL: the input's base name),
                                     generated (main.c's clock), line_numbers;
                                     its `previous` is filled in here */
} nb_render_options;

/* Stage 1: the input read with the form its 格式 names, then checked.
 * NB_OK, NB_ERR_YAML (shape errors), NB_ERR_DATA (broken rules) — in
 * both the report is still returned when it could be read at all, so a
 * caller can list or show every problem; or NB_ERR_IO / NB_ERR_NOMEM. */
nb_status nb_render_read(const nb_run *run, nb_job *job, const char *input,
                         nb_report **report);
/* Stage 1 with last year's report (`previous`, or NULL) for the carry-over
 * check.  For a proof (`proof`) a carry-over unlike last year's is a
 * warning, and with `allow_inconsistent` broken rules are too: the proof
 * shows them.  Else both are errors (NB_ERR_DATA). */
nb_status nb_render_read_checked(const nb_run *run, nb_job *job, const char *input,
                                 const nb_report *previous, bool proof,
                                 bool allow_inconsistent, nb_report **report);
/* Last year's report for --previous: read with the form its 格式 names and
 * its totals filled in.  Its own broken rules are not this year's concern
 * and are not reported; a file that cannot be read is an error. */
nb_status nb_render_read_previous(const nb_run *run, nb_job *job, const char *path,
                                  nb_report **report);
/* Last year's file for a batch item (`batch --previous DIR`): DIR/NAME.yaml
 * when it exists, else the name with its year one less (南郊镇2024 →
 * DIR/南郊镇2023.yaml): the report's `year`, or with year 0 the last
 * 19xx/20xx in the name (a file or a folder of its own).  NAME is the
 * item's name relative to its folder, without .yaml.  Into buf; NULL when
 * none exists (then there is no carry-over check for that report). */
const char *nb_render_previous_path(const char *dir, const char *name, int year, char *buf,
                                    size_t cap);
/* Stage 1 as nb_render does it with `opts`: last year's report when
 * opts->previous, the input read and checked (proof rules as above), the
 * template's placeholders refused for a final PDF.  `batch` checks every
 * input with this before it renders any. */
nb_status nb_render_check(const nb_run *run, nb_job *job, const nb_render_options *opts,
                          nb_report **report, nb_report **previous);
/* Stage 2: the checked report onto pages (in job->arena). */
nb_status nb_render_layout(const nb_run *run, nb_job *job, const nb_report *report,
                           nb_doc *doc);
/* Stage 3: the pages to a PDF, written atomically. */
nb_status nb_render_write(const nb_run *run, nb_job *job, const nb_doc *doc,
                          const char *output, nb_pdf_stats *stats);
/* Refuses an output that would destroy an input — the report or any file
 * of the run (forms, page style, fonts), by device and inode — or that is
 * a directory or device (outfile.h).  nb_render calls it before any work. */
nb_status nb_render_check_output(const nb_run *run, nb_job *job, const char *input,
                                 const char *output);

/* Stages 2 and 3 (and the proof's decorations) for a report that
 * nb_render_check passed, in the same job.  `stats` must not be NULL; its
 * read_ms is left as it is. */
nb_status nb_render_checked(const nb_run *run, nb_job *job, const nb_render_options *opts,
                            const nb_report *report, const nb_report *previous,
                            nb_render_stats *stats);

/* All three; no file is touched unless the data is right.  NB_OK,
 * NB_ERR_DATA / NB_ERR_YAML (no PDF written), or another status for
 * I/O, font, layout and PDF failures.  Messages go to job->diag; `stats`
 * may be NULL. */
nb_status nb_render(const nb_run *run, nb_job *job, const nb_render_options *opts,
                    nb_render_stats *stats);

#endif
