/* main_fonts.c — the command line of `nianbao fonts [--layout X] [FILE…]`:
 * the page style's roles (标题, 正文, …), the font serving each with its
 * fallbacks, file and number of characters; with input files, which
 * font sets how many of their characters and which characters have none
 * (exit 1 then, as `check` would). */
#include "main.h"
#include "mem.h"
#include "coverage.h"
#include "render.h"
#include "shape.h"
#include "utf8.h"

#include <stdlib.h>
#include <string.h>

static const char fonts_help[] =
    "用法：nianbao fonts [--layout 版式] [文件.yaml…]\n"
    "列出版式的每个字体角色（标题、正文、表格……）及为它服务的字体：首选字体在前，\n"
    "其后是后备字体（首选字体没有的字由后备字体排出），以及每个字体的文件和字数。\n"
    "给出输入文件时，再列出每个字体排出其中多少个不同的字、哪些字没有字体。\n"
    "  --layout 版式       gbt9704（默认）、compact，或版式文件的路径\n"
    "版式文件中的字体可写 fonts/ 中的文件名、绝对路径，或「family:系统字体名」\n"
    "（由 fontconfig 查找，如 family:方正小标宋简体）。\n"
    "退出码：0 成功；1 输入文件中有字没有字体；2 版式或字体无法读取。\n";

static unsigned char_count(const nb_font *f)
{
    hb_set_t *set = hb_set_create();
    hb_face_collect_unicodes(nb_font_face(f), set);
    unsigned n = hb_set_get_population(set);
    hb_set_destroy(set);
    return n;
}

static void print_roles(const nb_run *run)
{
    const nb_style *st = nb_run_style(run);
    const nb_fontset *fonts = nb_run_fonts(run);
    printf("版式 %s（%s）\n", st->name ? st->name : "", st->path ? st->path : "");
    for (int r = 0; r < NB_ROLE_COUNT; r++) {
        const int *chain;
        int n = nb_font_role_chain(fonts, r, &chain);
        printf("%s %g pt\n", nb_role_names[r], st->sizes[r]);
        for (int i = 0; i < n; i++) {
            const nb_font *f = nb_font_at(fonts, chain[i]);
            /* NULL when reading the face's names ran out of memory */
            const char *name = nb_font_info(f)->postscript_name;
            printf("  %s %s（%s，%u 字；版式中写作 %s）\n", i ? "后备" : "首选",
                   name ? name : "（名称未能读出）", nb_font_path(f), char_count(f),
                   st->roles[r].files[i]);
        }
    }
}

typedef struct tally {
    const nb_fontset *fonts;
    hb_set_t **used;        /* per font id: the characters it sets */
    hb_set_t *all, *missing;
} tally;

static void count_text(void *user, int role, nb_span where, const char *text)
{
    tally *t = user;
    size_t len = strlen(text);
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        i += (size_t)nb_utf8_decode(text + i, len - i, &cp);
        int id = nb_shape_font_for(t->fonts, role, cp);
        if (id == NB_SHAPE_NEUTRAL)
            continue;
        hb_set_add(t->all, cp);
        hb_set_add(id >= 0 ? t->used[id] : t->missing, cp);
    }
}

static void print_chars(hb_set_t *set, bool codes)
{
    hb_codepoint_t cp = HB_SET_VALUE_INVALID;
    for (int shown = 0; hb_set_next(set, &cp) && shown < 40; shown++) {
        char utf8[5];
        nb_utf8_encode(cp, utf8);
        if (codes)
            printf("「%s」（U+%04X）", utf8, (unsigned)cp);
        else
            printf("%s", utf8);
    }
    if (hb_set_get_population(set) > 40)
        printf("……");
}

/* The report's characters by the font that sets them; 1 when some have none. */
static int print_report(const nb_run *run, const nb_report *rep, const char *file)
{
    const nb_fontset *fonts = nb_run_fonts(run);
    int nfonts = nb_font_count(fonts);
    tally t = {fonts, nb_calloc((size_t)nfonts + 1, sizeof *t.used), hb_set_create(), hb_set_create()};
    for (int i = 0; t.used && i < nfonts; i++)
        t.used[i] = hb_set_create();
    if (t.used)
        nb_coverage_each_text(rep, count_text, &t);
    printf("\n%s：共 %u 个不同的字\n", file, hb_set_get_population(t.all));
    for (int i = 0; t.used && i < nfonts; i++) {
        unsigned n = hb_set_get_population(t.used[i]);
        if (n == 0)
            continue;
        printf("  %s 排 %u 字", nb_font_info(nb_font_at(fonts, i))->postscript_name, n);
        if (n <= 20) {
            printf("：");
            print_chars(t.used[i], false);
        }
        printf("\n");
    }
    bool missing = hb_set_get_population(t.missing) > 0;
    if (missing) {
        printf("  没有字体的字：");
        print_chars(t.missing, true);
        printf("\n");
    }
    for (int i = 0; t.used && i < nfonts; i++)
        hb_set_destroy(t.used[i]);
    nb_free(t.used);
    hb_set_destroy(t.all);
    hb_set_destroy(t.missing);
    return missing ? EXIT_DATA : 0;
}

static int show_file(const nb_run *run, const char *file)
{
    nb_job job;
    if (nb_job_init(&job, run) != NB_OK)
        return EXIT_ENV;
    nb_report *rep = NULL;
    nb_status st = nb_render_read(run, &job, file, &rep);
    int rc = rep ? print_report(run, rep, file) : exit_code(st);
    nb_job_fini(&job);
    return rc;
}

static const nb_cli_opt fonts_opts[] = {
    {"layout", 0, true, "版式名称或文件"},
    {0},
};

int cmd_fonts(cli *c, int argc, char **argv)
{
    nb_cli_args a = {"fonts", fonts_opts, argc, argv, 0, false};
    const char *layout = NULL, *v;
    const char **files = nb_calloc((size_t)argc + 1, sizeof *files);
    int nfiles = 0, rc = -1;
    for (int k; files && rc < 0 && (k = nb_cli_next(&a, &v)) != NB_CLI_DONE;) {
        if (k == NB_CLI_HELP)
            rc = (fputs(fonts_help, stdout), 0);
        else if (k == NB_CLI_BAD)
            rc = EXIT_ENV;
        else if (k == NB_CLI_OPERAND)
            files[nfiles++] = v;
        else
            layout = v;
    }
    nb_run *run = NULL;
    nb_status st = rc < 0 ? open_run(c, layout, &run) : NB_OK;
    if (rc < 0 && st != NB_OK)
        rc = exit_code(st);
    if (rc < 0) {
        rc = 0;
        print_roles(run);
        for (int i = 0; i < nfiles; i++) {
            int one = show_file(run, files[i]);
            rc = one > rc ? one : rc;
        }
        fflush(stdout);
    }
    nb_run_drop(run);
    nb_free(files);
    return rc;
}
