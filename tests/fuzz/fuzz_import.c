/* fuzz_import.c — libFuzzer target: any bytes as text copied from a
 * published report, through the importer (sections, paragraphs, the three
 * tables by the form's labels) to YAML, and that YAML back through the
 * input reader and the checks: both must never crash, and the importer's
 * YAML must always parse. */
#include "fuzz.h"
#include "import.h"
#include "input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    nb_run *run = fuzz_run();
    nb_job job;
    if (nb_job_init(&job, run) != NB_OK)
        return 0;
    const nb_form *form = nb_run_newest_form(run);
    char *yaml = NULL;
    nb_status st = nb_import_txt_to_yaml(&job.diag, job.arena, form, (const char *)data, size,
                                         &yaml);
    if ((st == NB_OK || st == NB_ERR_DATA) && yaml) {
        nb_diag back;
        nb_diag_init(&back);
        nb_report *rep = NULL;
        nb_status rs = nb_input_read_text(&back, job.arena, form, "imported.yaml", yaml, &rep);
        /* What the importer writes is YAML the reader can parse. */
        for (size_t i = 0; i < back.count; i++)
            if (strstr(back.items[i].message, "YAML 格式错误") ||
                strstr(back.items[i].message, "YAML 语法错误")) {
                fprintf(stderr, "import wrote YAML that does not parse: %s\n%s\n",
                        back.items[i].message, yaml);
                abort();
            }
        if (rep && (rs == NB_OK || rs == NB_ERR_YAML))
            nb_check_report(&back, rep, FUZZ_YEAR);
        nb_diag_print(&back, fuzz_sink());
        nb_diag_free(&back);
    }
    nb_diag_print(&job.diag, fuzz_sink());
    nb_job_fini(&job);
    return 0;
}
