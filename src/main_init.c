/* main_init.c — the command line's `init`: the commented template of the
 * newest form for a body and year, written to a new file (never over an
 * existing one, which may be a filled report) or to standard output. */
#include "main.h"
#include "template.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

static const char init_help[] =
    "用法：nianbao init [--body 机关名称] [--year 年度] [-o 文件.yaml]\n"
    "生成带注释的完整填写模板：表格的每个单元格都已列出，总计由程序计算。\n"
    "  --body 机关名称     如 东风街道办事处\n"
    "  --year 年度         报告所述的年份（默认为上一年）\n"
    "  -o, --output 文件   写入此文件（已存在时不覆盖）；默认写到标准输出\n";

static const nb_cli_opt init_opts[] = {
    {"body", 0, true, "机关名称"},
    {"year", 0, true, "年度"},
    {"output", 'o', true, "输出文件"},
    {0},
};

/* The template goes to a new file (never over an existing one: that may
 * be a filled report) or to standard output. */
static FILE *open_new(const char *path)
{
    if (!path || !strcmp(path, "-"))
        return stdout;
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
    if (fd < 0) {
        fprintf(stderr, "nianbao init: 无法新建 %s：%s\n", path,
                errno == EEXIST ? "文件已存在，不覆盖（可能是已填写的报告）" : nb_errno_str(errno));
        return NULL;
    }
    return fdopen(fd, "w");
}

int cmd_init(cli *c, int argc, char **argv)
{
    const char *body = NB_TEMPLATE_BODY, *output = NULL, *v;
    int year = cli_this_year() - 1;   /* reports are written early in the next year */
    nb_cli_args a = {"init", init_opts, argc, argv, 0, false};
    for (int k; (k = nb_cli_next(&a, &v)) != NB_CLI_DONE;) {
        if (k == NB_CLI_HELP) {
            fputs(init_help, stdout);
            return 0;
        }
        if (k == NB_CLI_BAD)
            return EXIT_ENV;
        if (k == NB_CLI_OPERAND) {
            char what[PATH_MAX + 64];
            snprintf(what, sizeof what, "多余的参数「%s」（输出文件请用 -o 指定）", v);
            return cli_usage_error("init", what);
        }
        if (k == 0 && !*v)
            return cli_usage_error("init", "--body 的机关名称不能为空");
        if (k == 0)
            body = v;
        else if (k == 2)
            output = v;
        else {
            char *end;
            long y = strtol(v, &end, 10);
            if (*end || y < 1000 || y > 9999) {
                fprintf(stderr, "nianbao init: --year 应为四位数的年份，实为「%s」\n", v);
                return EXIT_ENV;
            }
            year = (int)y;
        }
    }
    nb_run *run = NULL;
    nb_status st = open_run(c, NULL, &run);
    FILE *out = st == NB_OK ? open_new(output) : NULL;
    if (st == NB_OK && !out)
        st = NB_ERR_IO;
    if (st == NB_OK)
        st = nb_template_write(out, nb_run_newest_form(run), body, year);
    if (out && fflush(out) != 0 && st == NB_OK)
        st = NB_ERR_IO;
    if (out && out != stdout && fclose(out) != 0 && st == NB_OK)
        st = NB_ERR_IO;
    if (st == NB_ERR_IO && out)
        fprintf(stderr, "nianbao init: 无法写出模板（%s）：%s\n", out == stdout ? "标准输出" : output,
                nb_errno_str(errno));
    if (st == NB_OK && out != stdout)
        fprintf(stderr, "已生成模板 %s：填写后运行 nianbao check %s\n", output, output);
    nb_run_drop(run);
    return st == NB_OK ? 0 : EXIT_ENV;
}
