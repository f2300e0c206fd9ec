/* fuzz_input.c — libFuzzer target: any bytes as a report file, through the
 * YAML reader, the input reader and every check (勾稽关系, required items),
 * and the messages printed.  Must never crash, hang or leak. */
#include "fuzz.h"
#include "input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    nb_run *run = fuzz_run();
    nb_job job;
    char *text = fuzz_text(data, size);
    if (!text || nb_job_init(&job, run) != NB_OK) {
        free(text);
        return 0;
    }
    nb_report *rep = NULL;
    nb_status st = nb_input_read_text(&job.diag, job.arena, nb_run_newest_form(run), "fuzz.yaml",
                                      text, &rep);
    if (rep && (st == NB_OK || st == NB_ERR_YAML)) {
        nb_check_report(&job.diag, rep, FUZZ_YEAR);
        nb_check_placeholders(&job.diag, rep, true);
    }
    nb_diag_print(&job.diag, fuzz_sink());
    nb_job_fini(&job);
    free(text);
    return 0;
}
