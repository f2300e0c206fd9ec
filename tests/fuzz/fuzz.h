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

/* data as a NUL-terminated string (the text readers take one). */
static char *fuzz_text(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (text) {
        memcpy(text, data, size);
        text[size] = '\0';
    }
    return text;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
