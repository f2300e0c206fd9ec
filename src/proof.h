/* proof.h — proof.c, layout stage, after nb_render_layout: a proof copy
 * for sign-off (拟稿 → 审核 → 签发).  The body's pages stay exactly as
 * laid out — decorations never move a line — and gain a light diagonal
 * 校样 watermark (vector outlines marked as an artifact: no text), a
 * footer (file, content hash, version, time, 第 N 页 共 M 页), the
 * highlighted cells of broken rules and, if asked, line numbers; a
 * sign-off sheet and the data-check pages follow the body. */
#ifndef NB_PROOF_H
#define NB_PROOF_H

#include "doc.h"
#include "run.h"

typedef struct nb_proof_options {
    const char *file_name;      /* the input as the footer names it (basename) */
    const char *generated;      /* generation time, e.g. "2026-12-01 09:30 UTC":
                                   main.c reads the clock, the library never */
    bool line_numbers;          /* small numbers in the left margin (--line-numbers) */
    const nb_report *previous;  /* last year's report (--previous), or NULL */
} nb_proof_options;

/* Decorates `doc`, the laid-out `report` (read and checked with the same
 * `previous`), in job->arena.  Broken rules are expected here (a proof of
 * --allow-inconsistent data): they are shown, not refused. */
nb_status nb_proof_decorate(const nb_run *run, nb_job *job, const nb_report *report,
                            nb_doc *doc, const nb_proof_options *opts);

#endif
