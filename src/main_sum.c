/* main_sum.c — the command line of `nianbao sum FILE... -o 汇总.yaml`: a
 * district's tables as the cell-by-cell sum of its units' tables, written
 * as an input file whose text sections the district still has to write.
 * Every unit is read and checked first (the sum of wrong tables is wrong);
 * they must share one form and one year. */
#include "main.h"
#include "outfile.h"
#include "mem.h"
#include "render.h"
#include "template.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct sum_cli {
    const char *output, *body;
    int year;
    const char **inputs;
    int ninputs;
} sum_cli;

static const char sum_help[] =
    "用法：nianbao sum 文件.yaml… [-o 汇总.yaml] [--body 机关名称] [--year 年度]\n"
    "把各单位报告的表二至表四逐格相加，写成一份输入文件（正文各部分留待撰写）。\n"
    "每份报告先检查；须为同一格式、同一年度。\n"
    "  -o, --output 文件   写到这里（默认或「-」为标准输出）\n"
    "  --body 机关名称     汇总报告的机关名称（默认「汇总」）\n"
    "  --year 年度         汇总报告的年度\n";

static const nb_cli_opt sum_opts[] = {
    {"output", 'o', true, "输出文件"},
    {"body", 0, true, "机关名称"},
    {"year", 0, true, "年度"},
    {0},
};

static int parse_sum_options(sum_cli *s, int argc, char **argv)
{
    s->inputs = nb_calloc((size_t)argc + 1, sizeof *s->inputs);
    if (!s->inputs)
        return EXIT_ENV;
    nb_cli_args a = {"sum", sum_opts, argc, argv, 0, false};
    const char *v;
    for (int k; (k = nb_cli_next(&a, &v)) != NB_CLI_DONE;) {
        switch (k) {
        case NB_CLI_HELP: fputs(sum_help, stdout); return 0;
        case NB_CLI_BAD: return EXIT_ENV;
        case NB_CLI_OPERAND: s->inputs[s->ninputs++] = v; break;
        case 0: s->output = v; break;
        case 1: s->body = v; break;
        case 2: s->year = atoi(v); break;
        }
    }
    if (s->ninputs == 0) {
        fprintf(stderr, "nianbao sum: 需要至少一个输入文件\n（`nianbao sum --help` 查看用法）\n");
        return EXIT_ENV;
    }
    return -1;
}

/* Adds one unit's tables into `sum`; the first unit fixes form and year. */
static bool add_unit(const nb_report *rep, const nb_form **form, int *year, nb_value **sum,
                     nb_arena *arena)
{
    if (!*form) {
        *form = rep->form;
        *year = rep->year;
        for (int t = 0; t < rep->form->ntables; t++)
            if (!(sum[t] = NB_ARENA_NEW_ARRAY(arena, nb_value, rep->form->tables[t].nfields + 1)))
                return false;
    }
    if (rep->form != *form || rep->year != *year) {
        fprintf(stderr, "%s: 为 %d 年格式、%d 年度，与第一份报告（%d 年格式、%d 年度）不同，不能汇总\n",
                rep->path, rep->form->format, rep->year, (*form)->format, *year);
        return false;
    }
    for (int t = 0; t < rep->form->ntables; t++)
        for (int f = 0; f < rep->form->tables[t].nfields; f++)
            sum[t][f].v += rep->values[t][f].v;
    return true;
}

typedef struct sum_file {
    const sum_cli *s;
    const nb_form *form;
    const char *body;
    int year;
    nb_value **sum;
} sum_file;

static nb_status fill_sum(int fd, void *user)
{
    const sum_file *sf = user;
    int copy = dup(fd);
    FILE *f = copy >= 0 ? fdopen(copy, "w") : NULL;
    if (!f) {
        if (copy >= 0)
            close(copy);
        return NB_ERR_IO;
    }
    nb_status st = nb_template_write_sum(f, sf->form, sf->body, sf->year, sf->sum, sf->s->inputs,
                                         sf->s->ninputs);
    return fclose(f) == 0 ? st : NB_ERR_IO;
}

/* To standard output, or through outfile.c like every file nianbao writes:
 * never over one of the units, written beside the target and renamed. */
static int write_result(const sum_cli *s, const nb_form *form, int year, nb_value **sum)
{
    sum_file sf = {s, form, s->body ? s->body : "汇总", year, sum};
    if (!s->output || !strcmp(s->output, "-"))
        return nb_template_write_sum(stdout, form, sf.body, year, sum, s->inputs, s->ninputs) ==
                           NB_OK && fflush(stdout) == 0 ? 0 : EXIT_ENV;
    nb_diag diag;
    nb_diag_init(&diag);
    nb_status st = nb_outfile_check(&diag, s->output, s->inputs);
    if (st == NB_OK)
        st = nb_outfile_write(&diag, s->output, fill_sum, &sf, NULL);
    nb_diag_print(&diag, stderr);
    nb_diag_free(&diag);
    if (st == NB_OK)
        fprintf(stderr, "已生成 %s（%d 份报告之和）\n", s->output, s->ninputs);
    return st == NB_OK ? 0 : EXIT_ENV;
}

static int sum_all(const nb_run *run, sum_cli *s)
{
    nb_arena *arena = nb_arena_new();
    nb_value *sum[16] = {0};
    const nb_form *form = NULL;
    int year = 0, rc = arena ? 0 : EXIT_ENV;
    for (int i = 0; i < s->ninputs && rc == 0; i++) {
        nb_job job;
        nb_report *rep = NULL;
        nb_status st = nb_job_init(&job, run);
        if (st == NB_OK)
            st = nb_render_read(run, &job, s->inputs[i], &rep);
        nb_diag_print(&job.diag, stderr);
        if (st != NB_OK)
            rc = exit_code(st);
        else if (rep->form->ntables > 16 || !add_unit(rep, &form, &year, sum, arena))
            rc = EXIT_DATA;
        nb_job_fini(&job);
    }
    if (rc == 0)
        rc = write_result(s, form, s->year ? s->year : year, sum);
    else
        fputs("nianbao sum: 有报告数据有误，未汇总\n", stderr);
    nb_arena_drop(arena);
    return rc;
}

int cmd_sum(cli *c, int argc, char **argv)
{
    sum_cli s = {0};
    int rc = parse_sum_options(&s, argc, argv);
    nb_run *run = NULL;
    if (rc < 0) {
        nb_status st = open_run(c, NULL, &run);
        rc = st == NB_OK ? sum_all(run, &s) : exit_code(st);
    }
    nb_run_drop(run);
    nb_free(s.inputs);
    return rc;
}
