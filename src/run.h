/* run.h — run.c, the driver's two contexts.
 *
 * nb_run is what a whole run shares: the forms (layouts/forms/NNNN.yaml), the
 * page style and its font set.  It is opened once, before any thread
 * starts, and is read-only afterwards, so every worker thread may use it at
 * once without locks (the fonts' lazily read details take their own lock,
 * font.c).  Nothing in it refers to any one report.
 *
 * nb_job is what one report owns: the arena its model, lines and pages
 * live in, its diagnostics and its text engine (HarfBuzz buffers).  A job
 * is used by one thread at a time and dropped when its report is done.
 *
 * (MuPDF's fz_context / fz_clone_context draw the same line: what is
 * shared and immutable, what is per thread.)  Neither context reads the
 * environment or the clock: main.c passes the data directory, the year
 * and the PDF date in through nb_run_options. */
#ifndef NB_RUN_H
#define NB_RUN_H

#include "model.h"
#include "para.h"
#include "style.h"

typedef struct nb_run_options {
    const char *data_dir;     /* holds layouts/ (forms, page styles) and fonts/ */
    const char *layout;       /* page style: a name in layouts/ or a .yaml path */
    int today_year;           /* the current year: a 年度 after next year is implausible */
    long long epoch;          /* PDF creation date in seconds; < 0: none written */
} nb_run_options;

typedef struct nb_run nb_run;

/* Reads every form, the page style and opens its font set.  Problems of
 * those files go to diag (with their file:line:col); NB_ERR_USAGE for a
 * page style that does not exist, NB_ERR_IO / NB_ERR_FONT otherwise. */
nb_status nb_run_open(nb_diag *diag, const nb_run_options *opts, nb_run **out);
void nb_run_drop(nb_run *run);

const nb_run_options *nb_run_opts(const nb_run *run);
const nb_style *nb_run_style(const nb_run *run);
const nb_fontset *nb_run_fonts(const nb_run *run);
/* The forms, in the order of their years; the form of one year or NULL. */
int nb_run_forms(const nb_run *run, const nb_form *const **forms);
const nb_form *nb_run_form(const nb_run *run, int format);
/* The newest form: what a file without 格式 is read with. */
const nb_form *nb_run_newest_form(const nb_run *run);
/* Paths of the files the run read, for up-to-date checks: the forms, the
 * page style and every font file; NULL-terminated. */
const char *const *nb_run_inputs(const nb_run *run);

typedef struct nb_job {
    nb_arena *arena;
    nb_diag diag;
    nb_text *text;
} nb_job;

nb_status nb_job_init(nb_job *job, const nb_run *run);
/* Drops the arena, the text engine and the diagnostics: print them first. */
void nb_job_fini(nb_job *job);

#endif
