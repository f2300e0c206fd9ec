/* fuzz_render.c — libFuzzer target: a report that reads and checks clean
 * (odd but valid: long words, huge numbers, many blocks, rare characters)
 * laid out on pages with the default style: the composer, tables, line
 * breaking and shaping must never crash, loop or leak. */
#include "fuzz.h"
#include "input.h"
#include "page.h"

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
    if (st == NB_OK)
        st = nb_check_report(&job.diag, rep, FUZZ_YEAR);
    nb_doc doc;
    if (st == NB_OK && nb_render_layout(run, &job, rep, &doc) == NB_OK)
        nb_page_dump_lines(fuzz_sink(), &doc);
    nb_diag_print(&job.diag, fuzz_sink());
    nb_job_fini(&job);
    free(text);
    return 0;
}
