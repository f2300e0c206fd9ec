/* fuzz_render.c — libFuzzer target: a report that reads and checks clean
 * (odd but valid: long words, huge numbers, many blocks, rare characters)
 * laid out on pages with the default style: the composer, tables, line
 * breaking and shaping must never crash, loop or leak. */
#include "fuzz.h"
#include "page.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    nb_job job;
    nb_report *rep;
    nb_status st;
    char *text = fuzz_read_report(data, size, &job, &rep, &st);
    if (!text)
        return 0;
    if (st == NB_OK)
        st = nb_check_report(&job.diag, rep, FUZZ_YEAR);
    nb_doc doc;
    if (st == NB_OK && nb_render_layout(fuzz_run(), &job, rep, &doc) == NB_OK)
        nb_page_dump_lines(fuzz_sink(), &doc);
    nb_diag_print(&job.diag, fuzz_sink());
    nb_job_fini(&job);
    free(text);
    return 0;
}
