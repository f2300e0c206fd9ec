/* render.c — the pipeline's driver for one report: page style → fonts →
 * form → input → check → layout (paragraphs, tables, pages) → PDF.  Data
 * that breaks the form's rules stops here, before any file is touched.
 * main.c calls it once; batch rendering will call the stages below it
 * with a font set loaded once and shared. */
#include "render.h"
#include "check.h"
#include "form.h"
#include "input.h"
#include "page.h"
#include "pdf.h"
#include "style.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>


/* SOURCE_DATE_EPOCH fixes the creation date; without it none is written,
 * so that identical input gives identical bytes. */
static long long source_date_epoch(void)
{
    const char *s = getenv("SOURCE_DATE_EPOCH");
    if (!s || !*s)
        return -1;
    char *end;
    long long v = strtoll(s, &end, 10);
    return *end || v < 0 ? -1 : v;
}

typedef struct run {
    nb_diag *diag;
    const nb_render_options *opts;
    nb_arena *arena;
    nb_style *style;
    nb_fontset *fonts;
    nb_form *form;
    nb_report *report;
    nb_text *text;
    nb_doc doc;
    double t[8];
} run;

static nb_status read_report(run *r)
{
    char path[PATH_MAX + 32];
    snprintf(path, sizeof path, "%s/layouts/forms/2021.yaml", r->opts->data_dir);
    nb_status st = nb_form_load(r->diag, r->arena, path, &r->form);
    if (st != NB_OK)
        return st;
    st = nb_input_read(r->diag, r->arena, r->form, r->opts->input, &r->report);
    if (r->report && (st == NB_OK || st == NB_ERR_YAML)) {
        nb_status rules = nb_check_report(r->diag, r->report);
        st = st == NB_OK ? rules : st;
    }
    return st;
}

static nb_status load_fonts(run *r)
{
    char dir[PATH_MAX + 16];
    snprintf(dir, sizeof dir, "%s/fonts", r->opts->data_dir);
    nb_status st = nb_style_load(r->diag, r->arena, r->opts->data_dir, r->opts->layout, &r->style);
    if (st == NB_OK)
        st = nb_font_open_set(r->diag, dir, r->style->roles, NB_ROLE_COUNT, &r->fonts);
    return st;
}

static void print_bench(const run *r, const nb_pdf_stats *ps)
{
    double shape, brk;
    nb_text_times(r->text, &shape, &brk);
    fprintf(stderr,
            "bench: input+check %.2f ms, style+fonts %.2f ms, layout %.2f ms "
            "(shaping %.2f ms, break opportunities %.2f ms), pages %d, subset %.2f ms, "
            "pdf write %.2f ms, glyphs %d, font programs %zu bytes uncompressed, file %zu bytes\n",
            r->t[1] - r->t[0], r->t[2] - r->t[1], r->t[3] - r->t[2], shape, brk, r->doc.npages,
            ps->subset_ms, ps->write_ms, ps->glyphs, ps->font_bytes, ps->file_bytes);
}

nb_status nb_render(nb_diag *diag, const nb_render_options *opts)
{
    run r = {.diag = diag, .opts = opts};
    r.arena = nb_arena_new();
    if (!r.arena)
        return NB_ERR_NOMEM;
    r.t[0] = nb_now_ms();
    nb_status st = read_report(&r);
    r.t[1] = nb_now_ms();
    if (st == NB_OK)
        st = load_fonts(&r);
    r.t[2] = nb_now_ms();
    if (st == NB_OK && !(r.text = nb_text_new(r.fonts)))
        st = NB_ERR_NOMEM;
    if (st == NB_OK)
        st = nb_page_layout(r.text, r.arena, diag, r.style, r.report, &r.doc);
    r.t[3] = nb_now_ms();
    nb_pdf_stats stats = {0};
    if (st == NB_OK) {
        char creator[64];
        snprintf(creator, sizeof creator, "nianbao %s", NB_VERSION);
        nb_pdf_options po = {creator, source_date_epoch(), true};
        st = nb_pdf_write_stats(diag, r.fonts, &r.doc, &po, opts->output, &stats);
    }
    if (st == NB_OK && opts->bench)
        print_bench(&r, &stats);
    nb_text_drop(r.text);
    nb_font_drop_set(r.fonts);
    nb_arena_drop(r.arena);
    return st;
}
