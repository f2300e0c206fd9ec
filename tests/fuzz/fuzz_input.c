/* fuzz_input.c — libFuzzer target: any bytes as a report file, through the
 * YAML reader, the input reader and every check (勾稽关系, required items),
 * and the messages printed.  Must never crash, hang or leak. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    nb_job job;
    nb_report *rep;
    nb_status st;
    char *text = fuzz_read_report(data, size, &job, &rep, &st);
    if (!text)
        return 0;
    if (rep && (st == NB_OK || st == NB_ERR_YAML)) {
        nb_check_report(&job.diag, rep, FUZZ_YEAR);
        nb_check_placeholders(&job.diag, rep, true);
    }
    nb_diag_print(&job.diag, fuzz_sink());
    nb_job_fini(&job);
    free(text);
    return 0;
}
