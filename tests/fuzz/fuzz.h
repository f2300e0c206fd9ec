/* fuzz.h — what the libFuzzer targets (tests/fuzz/fuzz_*.c) share: the run
 * context (forms, the default page style and its fonts), opened once per
 * process from the data directory ($NIANBAO_DATA, else the working
 * directory: `make fuzz` runs from the project root), and the year "today"
 * is for the checks.  Each target defines LLVMFuzzerTestOneInput; replay.c
 * gives the same targets a main() for the regression corpus of the normal
 * tests. */
#ifndef NB_FUZZ_H
#define NB_FUZZ_H

#include "check.h"
#include "input.h"
#include "render.h"
#include "run.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { FUZZ_YEAR = 2030 };

/* libunibreak's one-time set-up (its <linebreak.h> is shadowed by
 * src/linebreak.h on this include path). */
void init_linebreak(void);

static nb_run *fuzz_run(void)
{
    static nb_run *run;
    if (run)
        return run;
    init_linebreak();
    const char *dir = getenv("NIANBAO_DATA");
    nb_run_options opts = {dir && *dir ? dir : ".", "gbt9704", FUZZ_YEAR, -1};
    nb_diag diag;
    nb_diag_init(&diag);
    if (nb_run_open(&diag, &opts, &run) != NB_OK) {
        nb_diag_print(&diag, stderr);
        fprintf(stderr, "fuzz: cannot open the run context (set NIANBAO_DATA)\n");
        abort();
    }
    nb_diag_free(&diag);
    return run;
}

/* Where messages are printed, so that printing them is exercised too. */
static FILE *fuzz_sink(void)
{
    static FILE *sink;
    if (!sink)
        sink = fopen("/dev/null", "w");
    return sink;
}

/* data read as a report of the newest form into a new job: *st is the
 * reader's status, *rep what it made.  Returns the NUL-terminated text the
 * report was read from, to be freed after nb_job_fini(job); NULL (and no
 * job) when there is no memory for them. */
static char *fuzz_read_report(const uint8_t *data, size_t size, nb_job *job, nb_report **rep,
                              nb_status *st)
{
    nb_run *run = fuzz_run();
    char *text = malloc(size + 1);
    if (!text || nb_job_init(job, run) != NB_OK) {
        free(text);
        return NULL;
    }
    memcpy(text, data, size);
    text[size] = '\0';
    *rep = NULL;
    *st = nb_input_read_text(&job->diag, job->arena, nb_run_newest_form(run), "fuzz.yaml", text,
                             rep);
    return text;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
