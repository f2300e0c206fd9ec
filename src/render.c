/* render.c — the pipeline's driver for one report: input (with the form
 * its 格式 names) → check → layout → PDF, on a job of its own and the
 * run's shared forms, style and fonts.  Data that breaks the form's rules
 * stops here, before any file is touched.  Timings are measured, not
 * printed: main.c prints `--bench`. */
#include "render.h"
#include "outfile.h"
#include "check.h"
#include "coverage.h"
#include "input.h"
#include "page.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

/* A stage that lost an object of the report's arena (nb_arena_failed) or
 * one of its messages for want of memory fails as out of memory, whatever
 * it found besides. */
static nb_status short_of_memory(nb_job *job, const char *file, nb_status st)
{
    if (st == NB_ERR_NOMEM || (!nb_arena_failed(job->arena) && !job->diag.out_of_memory))
        return st;
    nb_diag_error(&job->diag, (nb_span){file, 0, 0}, "内存不足，未能完成");
    return NB_ERR_NOMEM;
}

nb_status nb_render_read_checked(const nb_run *run, nb_job *job, const char *input,
                                 const nb_report *previous, bool proof,
                                 bool allow_inconsistent, nb_report **report)
{
    const nb_form *const *forms;
    int nforms = nb_run_forms(run, &forms);
    *report = NULL;
    nb_status st = nb_input_read_select(&job->diag, job->arena, forms, nforms, input, report);
    /* The rules are checked even after shape errors, so that one run
     * lists every problem of the file. */
    if (*report && (st == NB_OK || st == NB_ERR_YAML)) {
        nb_check_options co = {nb_run_opts(run)->today_year + 1, previous,
                              proof && allow_inconsistent, proof};
        nb_status rules = nb_check_report_with(&job->diag, *report, &co);
        /* What render would stop at, check reports too: a character that
         * no font of its role has. */
        nb_status fonts = nb_coverage_check(&job->diag, *report, nb_run_fonts(run));
        st = st != NB_OK ? st : rules != NB_OK ? rules : fonts;
    }
    return short_of_memory(job, input, st);
}

nb_status nb_render_read(const nb_run *run, nb_job *job, const char *input,
                         nb_report **report)
{
    return nb_render_read_checked(run, job, input, NULL, false, false, report);
}

nb_status nb_render_read_previous(const nb_run *run, nb_job *job, const char *path,
                                  nb_report **report)
{
    const nb_form *const *forms;
    int nforms = nb_run_forms(run, &forms);
    *report = NULL;
    nb_status st = nb_input_read_select(&job->diag, job->arena, forms, nforms, path, report);
    if (st != NB_OK)
        return st;
    nb_diag quiet;
    nb_diag_init(&quiet);
    nb_check_report(&quiet, *report, nb_run_opts(run)->today_year + 1);
    nb_diag_free(&quiet);
    return short_of_memory(job, path, NB_OK);
}

nb_status nb_render_layout(const nb_run *run, nb_job *job, const nb_report *report,
                           nb_doc *doc)
{
    memset(doc, 0, sizeof *doc);
    nb_text_out_of_memory(job->text);
    nb_status st = nb_page_layout(job->text, job->arena, &job->diag, nb_run_style(run), report, doc);
    if (nb_text_out_of_memory(job->text) && st == NB_OK) {
        nb_diag_error(&job->diag, (nb_span){report->path, 0, 0}, "内存不足，未能完成排版");
        st = NB_ERR_NOMEM;
    }
    return short_of_memory(job, report->path, st);
}

nb_status nb_render_check_output(const nb_run *run, nb_job *job, const char *input,
                                 const char *output)
{
    const char *const *files = nb_run_inputs(run);
    int n = 0;
    while (files && files[n])
        n++;
    const char **inputs = nb_arena_alloc(job->arena, sizeof *inputs * (size_t)(n + 2));
    if (!inputs)
        return NB_ERR_NOMEM;
    inputs[0] = input;
    for (int i = 0; i < n; i++)
        inputs[i + 1] = files[i];
    return nb_outfile_check(&job->diag, output, inputs);
}

static nb_status write_pdf(const nb_run *run, nb_job *job, const nb_doc *doc, const char *output,
                           const nb_temp_registry *temps, nb_pdf_stats *stats)
{
    nb_pdf_options po = {.creator = "nianbao " NB_VERSION, .epoch = nb_run_opts(run)->epoch,
                         .compress = true, .temps = temps};
    nb_pdf_stats ignored;
    return nb_pdf_write_stats(&job->diag, nb_run_fonts(run), doc, &po, output,
                              stats ? stats : &ignored);
}

nb_status nb_render_write(const nb_run *run, nb_job *job, const nb_doc *doc,
                          const char *output, nb_pdf_stats *stats)
{
    return write_pdf(run, job, doc, output, NULL, stats);
}

static bool is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* The last four-digit year (19xx, 20xx) in a name, or NULL. */
static const char *year_in(const char *name, int *year)
{
    const char *found = NULL;
    for (const char *s = name; *s; s++) {
        bool starts = (s == name || s[-1] < '0' || s[-1] > '9');
        int k = 0;
        while (k < 5 && s[k] >= '0' && s[k] <= '9')
            k++;
        if (starts && k == 4 && (strncmp(s, "19", 2) == 0 || strncmp(s, "20", 2) == 0)) {
            found = s;
            *year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
        }
    }
    return found;
}

const char *nb_render_previous_path(const char *dir, const char *name, int year, char *buf,
                                    size_t cap)
{
    int n = snprintf(buf, cap, "%s/%s.yaml", dir, name);
    if (n > 0 && (size_t)n < cap && is_file(buf))
        return buf;
    char digits[16];
    snprintf(digits, sizeof digits, "%04d", year);
    const char *at = year > 0 ? strstr(name, digits) : year_in(name, &year);
    if (!at)
        return NULL;
    n = snprintf(buf, cap, "%s/%.*s%04d%s.yaml", dir, (int)(at - name), name, year - 1, at + 4);
    return n > 0 && (size_t)n < cap && is_file(buf) ? buf : NULL;
}

static nb_status decorate(const nb_run *run, nb_job *job, const nb_render_options *opts,
                          const nb_report *report, const nb_report *previous, nb_doc *doc)
{
    nb_proof_options po = opts->proof_opts;
    if (!po.file_name) {
        const char *slash = strrchr(opts->input, '/');
        po.file_name = slash ? slash + 1 : opts->input;
    }
    po.previous = previous;
    return nb_proof_decorate(run, job, report, doc, &po);
}

nb_status nb_render_check(const nb_run *run, nb_job *job, const nb_render_options *opts,
                          nb_report **report, nb_report **previous)
{
    *report = *previous = NULL;
    nb_status st = opts->previous ? nb_render_read_previous(run, job, opts->previous, previous)
                                  : NB_OK;
    if (st == NB_OK)
        st = nb_render_read_checked(run, job, opts->input, *previous, opts->proof,
                                    opts->allow_inconsistent, report);
    /* A final render refuses the template's stand-in texts; a draft or a
     * proof only warns. */
    if (*report && (st == NB_OK || st == NB_ERR_YAML || st == NB_ERR_DATA)) {
        nb_status placeholders =
            nb_check_placeholders(&job->diag, *report, !opts->draft && !opts->proof);
        st = st == NB_OK ? placeholders : st;
    }
    return st;
}

nb_status nb_render_checked(const nb_run *run, nb_job *job, const nb_render_options *opts,
                            const nb_report *report, const nb_report *previous,
                            nb_render_stats *stats)
{
    double t1 = nb_now_ms();
    nb_doc doc;
    nb_status st = nb_render_layout(run, job, report, &doc);
    if (st == NB_OK && opts->dump_lines)
        nb_page_dump_lines(opts->dump_lines, &doc);
    if (st == NB_OK && opts->proof)
        st = short_of_memory(job, opts->input, decorate(run, job, opts, report, previous, &doc));
    double t2 = nb_now_ms();
    if (st == NB_OK && opts->output)
        st = write_pdf(run, job, &doc, opts->output, opts->temps, &stats->pdf);
    stats->layout_ms = t2 - t1;
    stats->pdf_ms = nb_now_ms() - t2;
    stats->pages = st == NB_OK ? doc.npages : 0;
    nb_text_times(job->text, &stats->shape_ms, &stats->break_ms);
    return st;
}

nb_status nb_render(const nb_run *run, nb_job *job, const nb_render_options *opts,
                    nb_render_stats *stats)
{
    nb_render_stats local = {0};
    nb_render_stats *s = stats ? stats : &local;
    memset(s, 0, sizeof *s);
    double t0 = nb_now_ms();
    nb_report *report = NULL, *previous = NULL;
    nb_status st = opts->output ? nb_render_check_output(run, job, opts->input, opts->output)
                                : NB_OK;
    if (st == NB_OK)
        st = nb_render_check(run, job, opts, &report, &previous);
    s->read_ms = nb_now_ms() - t0;
    return st == NB_OK ? nb_render_checked(run, job, opts, report, previous, s) : st;
}
