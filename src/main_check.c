/* main_check.c — the command line's `check`: each input read, checked
 * and laid out as render would (no PDF), so that check passing means
 * render passing; its messages printed once, as text or JSON. */
#include "main.h"
#include "mem.h"
#include "check.h"
#include "render.h"

#include <string.h>

static const char check_help[] =
    "用法：nianbao check [--json] [--previous 上年.yaml] 文件.yaml…\n"
    "检查每个输入文件：格式、勾稽关系、必填项、占位文字、字体能否排出每个字，\n"
    "并试排一遍（不生成 PDF）：检查通过的文件，render 就能排出。\n"
    "文件名写「-」时从标准输入读取。\n"
    "  --json          把错误、警告以 JSON 数组写到标准输出\n"
    "                  （每项：file、line、col、level、message、hint）\n"
    "  --layout 版式   按此版式的字体检查（默认 gbt9704）\n"
    "  --previous 上年.yaml  核对本年「上年结转」与上年「结转下年度」\n"
    "退出码：0 全部通过（可能有警告）；1 有数据错误；2 文件无法读取等。\n";

static nb_status check_one(cli *c, const nb_run *run, const char *file, const char *previous,
                           size_t *warnings)
{
    nb_job job;
    nb_status st = nb_job_init(&job, run);
    nb_report *rep = NULL, *last = NULL;
    if (st == NB_OK && previous)
        st = nb_render_read_previous(run, &job, previous, &last);
    if (st == NB_OK)
        st = nb_render_read_checked(run, &job, file, last, false, false, &rep);
    if (rep)
        nb_check_placeholders(&job.diag, rep, false);
    /* Good data is also laid out (no PDF): what render would stop at — a
     * heading taller than a page, a title that does not fit — check
     * reports too, so that check passing means render passing. */
    nb_doc doc;
    if (st == NB_OK)
        st = nb_render_layout(run, &job, rep, &doc);
    *warnings = nb_diag_count(&job.diag, NB_DIAG_WARNING);
    cli_say_out_of_memory(&job.diag, st, file);
    cli_print_diag(c, &job.diag);
    nb_job_fini(&job);
    return st;
}

static const nb_cli_opt check_opts[] = {
    {"json", 0, false, NULL},
    {"layout", 0, true, "版式名称或文件"},
    {"previous", 0, true, "上年的报告文件"},
    {0},
};

int cmd_check(cli *c, int argc, char **argv)
{
    nb_cli_args a = {"check", check_opts, argc, argv, 0, false};
    const char **files = nb_calloc((size_t)argc + 1, sizeof *files), *v, *layout = NULL;
    const char *previous = NULL;
    int nfiles = 0, k;
    while (files && (k = nb_cli_next(&a, &v)) != NB_CLI_DONE) {
        if (k == NB_CLI_HELP || k == NB_CLI_BAD) {
            nb_free(files);
            return k == NB_CLI_HELP ? (fputs(check_help, stdout), 0) : EXIT_ENV;
        }
        if (k == NB_CLI_OPERAND)
            files[nfiles++] = v;
        else if (k == 0)
            c->json = true;
        else if (k == 1)
            layout = v;
        else
            previous = v;
    }
    if (nfiles == 0) {
        nb_free(files);
        return cli_usage_error("check", "缺少输入文件");
    }
    nb_run *run = NULL;
    nb_status st = open_run(c, layout, &run);
    int worst = exit_code(st);
    for (int i = 0; i < nfiles && st == NB_OK; i++) {
        size_t warnings = 0;
        nb_status one = check_one(c, run, files[i], previous, &warnings);
        int code = exit_code(one);
        worst = code > worst ? code : worst;
        const char *name = strcmp(files[i], "-") ? files[i] : "<标准输入>";
        if (one == NB_OK && warnings)
            fprintf(stderr, "%s: 检查通过，有 %zu 条警告\n", name, warnings);
        else if (one == NB_OK)
            fprintf(stderr, "%s: 检查通过\n", name);
    }
    nb_run_drop(run);
    nb_free(files);
    return cli_finish_json(c, worst);
}
