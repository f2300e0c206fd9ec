/* fuzz_style.c — libFuzzer target: any bytes as a page style.  The one
 * validation pass of style.c must refuse what cannot be laid out; a style
 * it accepts opens its fonts and lays out the examples' minimal report —
 * which must never crash, loop (F11: a zero block) or write nan (F10).
 * A style naming the default style's fonts (most inputs) lays out with
 * the run's font set and the job's text engine: opening six fonts and
 * their shaping caches again on every input cost four fifths of a run. */
#include "fuzz.h"
#include "input.h"
#include "page.h"

static const char minimal_report[] =
    "机关名称: 南郊镇\n年度: 2021\n前言: 本报告依据《条例》编制。\n"
    "总体情况:\n  - 小标题: （一）主动公开\n  - 本年主动公开信息 12 条。\n"
    "表二: {}\n表三: {}\n表四: {}\n存在的主要问题及改进情况: 无\n其他需要报告的事项: 无\n"
    "落款: {署名: 南郊镇人民政府, 日期: 2022年1月15日}\n";

static bool same_fonts(const nb_style *a, const nb_style *b)
{
    for (int r = 0; r < NB_ROLE_COUNT; r++) {
        const nb_font_role *x = &a->roles[r], *y = &b->roles[r];
        if (strcmp(x->role, y->role) != 0 || x->nfiles != y->nfiles)
            return false;
        for (int i = 0; i < x->nfiles; i++)
            if (strcmp(x->files[i], y->files[i]) != 0)
                return false;
    }
    return true;
}

static void lay_out(nb_run *run, nb_job *job, const nb_style *style)
{
    nb_fontset *fonts = NULL;
    nb_text *text = job->text;
    if (!same_fonts(style, nb_run_style(run))) {
        char fonts_dir[4096];
        snprintf(fonts_dir, sizeof fonts_dir, "%s/fonts", nb_run_opts(run)->data_dir);
        if (nb_font_open_set(&job->diag, fonts_dir, style->roles, NB_ROLE_COUNT, &fonts) != NB_OK)
            return;
        text = nb_text_new(fonts);
    }
    nb_report *rep = NULL;
    if (text && nb_input_read_text(&job->diag, job->arena, nb_run_newest_form(run), "min.yaml",
                                   minimal_report, &rep) == NB_OK &&
        nb_check_report(&job->diag, rep, FUZZ_YEAR) == NB_OK) {
        nb_doc doc;
        memset(&doc, 0, sizeof doc);
        if (nb_page_layout(text, job->arena, &job->diag, style, rep, &doc) == NB_OK)
            nb_page_dump_lines(fuzz_sink(), &doc);
    }
    if (fonts) {
        nb_text_drop(text);
        nb_font_drop_set(fonts);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    nb_run *run = fuzz_run();
    nb_job job;
    if (nb_job_init(&job, run) != NB_OK)
        return 0;
    nb_style *style = NULL;
    if (nb_style_parse(&job.diag, job.arena, "fuzz-style.yaml", (const char *)data, size,
                       &style) == NB_OK)
        lay_out(run, &job, style);
    nb_diag_print(&job.diag, fuzz_sink());
    nb_job_fini(&job);
    return 0;
}
