/* run.c — the driver's contexts (see run.h): the run-wide one, opened once
 * and shared read-only by every thread (forms, page style, font set), and
 * the per-report job (arena, diagnostics, text engine).  Sits above every
 * stage: it loads what form.c, style.c and font.c read, before the first
 * report goes through input → check → layout → PDF. */
#include "run.h"
#include "mem.h"
#include "form.h"

#include <dirent.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_FORMS = 16 };

struct nb_run {
    nb_run_options opts;        /* strings copied into arena */
    nb_arena *arena;            /* forms, style, paths: freed with the run */
    const nb_form *forms[MAX_FORMS];
    int nforms;
    nb_style *style;
    nb_fontset *fonts;
    const char **inputs;        /* NULL-terminated */
};

static int by_name(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool is_yaml_name(const char *name)
{
    size_t n = strlen(name);
    return name[0] != '.' && n > 5 && strcmp(name + n - 5, ".yaml") == 0;
}

/* The .yaml files of layouts/forms/ in name order, so that the order is the same on
 * every machine. */
static int list_form_files(nb_run *run, const char *dir, char **names, int max)
{
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < max)
        if (is_yaml_name(e->d_name))
            names[n++] = nb_arena_strdup(run->arena, e->d_name);
    closedir(d);
    for (int i = 0; i < n; i++)
        if (!names[i])
            return -1;
    qsort(names, (size_t)n, sizeof *names, by_name);
    return n;
}

static nb_status load_forms(nb_run *run, nb_diag *diag)
{
    char dir[PATH_MAX], path[PATH_MAX + NAME_MAX + 2];
    snprintf(dir, sizeof dir, "%s/layouts/forms", run->opts.data_dir);
    char *names[MAX_FORMS];
    int n = list_form_files(run, dir, names, MAX_FORMS);
    if (n <= 0) {
        nb_diag_error(diag, (nb_span){dir, 0, 0}, "找不到报告格式文件（layouts/forms/*.yaml）");
        return NB_ERR_IO;
    }
    for (int i = 0; i < n; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        nb_form *form;
        nb_status st = nb_form_load(diag, run->arena, path, &form);
        if (st != NB_OK)
            return st;
        if (nb_run_form(run, form->format)) {
            nb_diag_error(diag, (nb_span){path, 0, 0}, "与另一个格式文件的「format」相同（%d）",
                          form->format);
            return NB_ERR_IO;
        }
        run->forms[run->nforms++] = form;
    }
    return NB_OK;
}

static nb_status list_inputs(nb_run *run)
{
    int nfonts = nb_font_count(run->fonts);
    run->inputs = NB_ARENA_NEW_ARRAY(run->arena, const char *, run->nforms + nfonts + 2);
    if (!run->inputs)
        return NB_ERR_NOMEM;
    int n = 0;
    for (int i = 0; i < run->nforms; i++)
        run->inputs[n++] = run->forms[i]->path;
    run->inputs[n++] = run->style->path;
    for (int i = 0; i < nfonts; i++)
        run->inputs[n++] = nb_font_path(nb_font_at(run->fonts, i));
    return NB_OK;
}

static bool copy_options(nb_run *run, const nb_run_options *opts)
{
    run->opts = *opts;
    run->opts.data_dir = nb_arena_strdup(run->arena, opts->data_dir ? opts->data_dir : ".");
    run->opts.layout = nb_arena_strdup(run->arena, opts->layout ? opts->layout : "gbt9704");
    return run->opts.data_dir && run->opts.layout;
}

nb_status nb_run_open(nb_diag *diag, const nb_run_options *opts, nb_run **out)
{
    nb_run *run = nb_calloc(1, sizeof *run);
    if (!run || !(run->arena = nb_arena_new()) || !copy_options(run, opts)) {
        nb_run_drop(run);
        return NB_ERR_NOMEM;
    }
    char fonts_dir[PATH_MAX];
    snprintf(fonts_dir, sizeof fonts_dir, "%s/fonts", run->opts.data_dir);
    nb_status st = load_forms(run, diag);
    if (st == NB_OK)
        st = nb_style_load(diag, run->arena, run->opts.data_dir, run->opts.layout, &run->style);
    if (st == NB_OK)
        st = nb_font_open_set(diag, fonts_dir, run->style->roles, NB_ROLE_COUNT, &run->fonts);
    if (st == NB_OK)
        st = list_inputs(run);
    /* A form or style that lost an object for want of memory (a field's
     * path, a name) is not used. */
    if (st == NB_OK && nb_arena_failed(run->arena))
        st = NB_ERR_NOMEM;
    if (st != NB_OK) {
        nb_run_drop(run);
        return st;
    }
    *out = run;
    return NB_OK;
}

void nb_run_drop(nb_run *run)
{
    if (!run)
        return;
    nb_font_drop_set(run->fonts);
    nb_arena_drop(run->arena);
    nb_free(run);
}

const nb_run_options *nb_run_opts(const nb_run *run) { return &run->opts; }
const nb_style *nb_run_style(const nb_run *run) { return run->style; }
const nb_fontset *nb_run_fonts(const nb_run *run) { return run->fonts; }
const char *const *nb_run_inputs(const nb_run *run) { return run->inputs; }

int nb_run_forms(const nb_run *run, const nb_form *const **forms)
{
    *forms = run->forms;
    return run->nforms;
}

const nb_form *nb_run_form(const nb_run *run, int format)
{
    for (int i = 0; i < run->nforms; i++)
        if (run->forms[i]->format == format)
            return run->forms[i];
    return NULL;
}

const nb_form *nb_run_newest_form(const nb_run *run)
{
    const nb_form *newest = NULL;
    for (int i = 0; i < run->nforms; i++)
        if (!newest || run->forms[i]->format > newest->format)
            newest = run->forms[i];
    return newest;
}

/* ---- one report -------------------------------------------------------- */

nb_status nb_job_init(nb_job *job, const nb_run *run)
{
    memset(job, 0, sizeof *job);
    nb_diag_init(&job->diag);
    job->arena = nb_arena_new();
    job->text = nb_text_new(run->fonts);
    if (!job->arena || !job->text) {
        nb_job_fini(job);
        return NB_ERR_NOMEM;
    }
    return NB_OK;
}

void nb_job_fini(nb_job *job)
{
    nb_text_drop(job->text);
    nb_arena_drop(job->arena);
    nb_diag_free(&job->diag);
    job->text = NULL;
    job->arena = NULL;
}
