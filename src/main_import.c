/* main_import.c — the command line of `nianbao import REPORT -o OUT.yaml`:
 * last year's published report (Word, PDF or a web page's text) → an input
 * file (import*.c), written even when some numbers are 未能确定 (they are
 * marked in it); the imported data is then checked and the result printed.
 * Exit 1 when anything is uncertain or breaks the rules as published. */
#include "main.h"
#include "outfile.h"
#include "check.h"
#include "import.h"
#include "input.h"

#include <string.h>

static const char import_help[] =
    "用法：nianbao import 报告.docx|报告.pdf|报告.txt [-o 文件.yaml]\n"
    "由已发布的报告（填好的 Word 文件、发布的 PDF、网页上复制的文字或 pdftotext 的输出）\n"
    "生成输入文件：标题、机关名称、年度、前言、六个部分的标题和段落、三张表的数字、落款。\n"
    "表格按格式中的行名读取；不能确定的数字会指出位置，并在文件中以「# 未能确定」标出。\n"
    "生成后按勾稽关系检查并报告结果；原文数据不符规则时按原文保留。\n"
    "  -o, --output 文件   写入此文件（默认或「-」为标准输出）\n"
    "退出码：0 导入完整且检查通过；1 有未能确定之处或数据不符规则（文件仍已写出）；\n"
    "        2 文件无法读取等。\n";

static const nb_cli_opt import_opts[] = {
    {"output", 'o', true, "输出文件"},
    {0},
};

/* The input file and where to write (NULL: stdout); -1 to go on. */
static int parse_import_options(int argc, char **argv, const char **input, const char **output)
{
    nb_cli_args a = {"import", import_opts, argc, argv, 0, false};
    const char *v;
    for (int k; (k = nb_cli_next(&a, &v)) != NB_CLI_DONE;) {
        switch (k) {
        case NB_CLI_HELP: fputs(import_help, stdout); return 0;
        case NB_CLI_BAD: return EXIT_ENV;
        case NB_CLI_OPERAND:
            if (*input) {
                fprintf(stderr, "nianbao import: 一次只能导入一个文件，多出「%s」\n", v);
                return EXIT_ENV;
            }
            *input = v;
            break;
        case 0: *output = strcmp(v, "-") == 0 ? NULL : v; break;
        }
    }
    if (!*input) {
        fprintf(stderr, "nianbao import: 缺少要导入的文件\n（`nianbao import --help` 查看用法）\n");
        return EXIT_ENV;
    }
    return -1;
}

static nb_status fill_yaml(int fd, void *yaml)
{
    return nb_outfile_write_all(fd, yaml, strlen(yaml));
}

/* To standard output, or through outfile.c like every file nianbao writes:
 * never over the report imported, beside the target and renamed. */
static nb_status write_out(cli *c, const char *input, const char *output, const char *yaml)
{
    if (!output)
        return fputs(yaml, stdout) == EOF || fflush(stdout) != 0 ? NB_ERR_IO : NB_OK;
    const char *inputs[] = {input, NULL};
    nb_status st = nb_outfile_check(&c->diag, output, inputs);
    return st == NB_OK ? nb_outfile_write(&c->diag, output, fill_yaml, (void *)yaml, NULL) : st;
}

int cmd_import(cli *c, int argc, char **argv)
{
    const char *input = NULL, *output = NULL;
    int rc = parse_import_options(argc, argv, &input, &output);
    if (rc >= 0)
        return rc;
    nb_run *run = NULL;
    if (open_run(c, NULL, &run) != NB_OK)
        return EXIT_ENV;
    const nb_form *form = nb_run_newest_form(run);
    nb_arena *arena = nb_arena_new();
    char *yaml = NULL;
    nb_status st = arena ? nb_import_file(&c->diag, arena, form, input, &yaml) : NB_ERR_NOMEM;
    nb_status wrote = yaml ? write_out(c, input, output, yaml) : st;
    nb_status checked = NB_OK;
    if (wrote == NB_OK) {
        nb_report *rep = NULL;
        checked = nb_input_read_text(&c->diag, arena, form, output ? output : "<标准输出>",
                                     yaml, &rep);
        if (rep && checked == NB_OK)
            checked = nb_check_report(&c->diag, rep, nb_run_opts(run)->today_year + 1);
    }
    nb_diag_print(&c->diag, stderr);
    if (wrote == NB_OK)
        fprintf(stderr, "%s%s%s\n", output ? "已写入 " : "", output ? output : "",
                st != NB_OK ? "（有未能确定之处，已在文件中标出，请对照原文核对）"
                : checked != NB_OK ? "（按原文保留的数据未通过检查，见上）" : "（检查通过）");
    nb_arena_drop(arena);
    nb_run_drop(run);
    if (wrote != NB_OK)
        return exit_code(wrote) ? exit_code(wrote) : EXIT_ENV;
    return st != NB_OK || checked != NB_OK ? EXIT_DATA : 0;
}
