/* main.c — the command line: finds the data folder, dispatches to the
 * commands (check, render, init in main_check.c, main_render.c,
 * main_init.c; the others in main_*.c), and holds what they share: the
 * run context opened from the clock and the environment, diagnostics
 * printed once, the exit status (0 ok, 1 the data is wrong, 2 usage, I/O
 * or internal error).  With main_*.c the only place that prints to the
 * terminal, reads the environment or exits. */
#include "main.h"
#include "mem.h"

#include <linebreak.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

const char usage_text[] =
    "用法：nianbao 命令 [选项] [文件…]\n"
    "  nianbao init --body 机关名称 --year 年度 -o 文件.yaml   生成带注释的填写模板\n"
    "  nianbao check 文件.yaml…                          检查数据（勾稽关系、正文与表格、字体等）\n"
    "  nianbao render 文件.yaml -o 报告.pdf [--proof]     检查并排版为 PDF（或校样）\n"
    "  nianbao batch 文件夹|文件…|@清单 -o 输出文件夹      一次排版多份报告\n"
    "  nianbao sum 文件.yaml… -o 汇总.yaml                各单位表格逐格相加\n"
    "  nianbao import 去年的报告.docx|.pdf|.txt -o 文件.yaml  由已发布的报告生成输入文件\n"
    "  nianbao fonts [--layout 版式]                      版式的字体角色、所用字体和覆盖情况\n"
    "  nianbao --help | -V | --version\n"
    "每个命令都可加 --help 查看详细用法；文件名写「-」表示标准输入或标准输出。\n"
    "退出码：0 成功；1 数据有误；2 用法、读写或内部错误。\n"
    "填写说明：docs/填写说明.md（安装后：man nianbao）\n";

static bool has_layouts(const char *dir)
{
    char path[PATH_MAX + 32];
    struct stat st;
    snprintf(path, sizeof path, "%s/layouts/forms", dir);
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* layouts/ and fonts/ sit beside the executable (./nianbao), two levels
 * up (build/asan/nianbao), or, installed, in PREFIX/share/nianbao beside
 * PREFIX/bin/nianbao; NIANBAO_DATA overrides all. */
static bool find_data_dir(cli *c)
{
    const char *env = getenv("NIANBAO_DATA");
    if (env && *env) {
        snprintf(c->data_dir, sizeof c->data_dir, "%s", env);
        return has_layouts(c->data_dir);
    }
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return false;
    exe[n] = '\0';
    for (int up = 0; up < 3; up++) {
        char *slash = strrchr(exe, '/');
        if (!slash)
            return false;
        *slash = '\0';
        char shared[PATH_MAX + 32];
        snprintf(shared, sizeof shared, "%s/share/nianbao", exe);
        const char *dirs[] = {exe, shared};
        for (int k = 0; k < 2; k++)
            if (has_layouts(dirs[k])) {
                snprintf(c->data_dir, sizeof c->data_dir, "%s", dirs[k]);
                return true;
            }
    }
    return false;
}

int exit_code(nb_status st)
{
    switch (st) {
    case NB_OK: return 0;
    case NB_ERR_DATA:
    case NB_ERR_YAML: return EXIT_DATA;
    default: return EXIT_ENV;
    }
}

/* What only main.c may read: the clock and the environment. */
int cli_this_year(void)
{
    time_t now = time(NULL);
    struct tm tm;
    return gmtime_r(&now, &tm) ? tm.tm_year + 1900 : 2100;
}

/* SOURCE_DATE_EPOCH fixes the PDF's creation date; without it none is
 * written, so that identical input gives identical bytes. */
static long long source_date_epoch(void)
{
    const char *s = getenv("SOURCE_DATE_EPOCH");
    if (!s || !*s)
        return -1;
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    /* A PDF date has four digits of year: up to 9999-12-31T23:59:59Z. */
    if (*end || end == s || errno || v < 0 || v > 253402300799LL) {
        static bool warned;   /* read twice by render: said once */
        if (!warned)
            fprintf(stderr, "nianbao: 警告: SOURCE_DATE_EPOCH「%s」不是 0 至 253402300799 之间的秒数，"
                        "已忽略（PDF 不写日期）\n", s);
        warned = true;
        return -1;
    }
    return v;
}

/* The proof's footer says when it was made: SOURCE_DATE_EPOCH when set
 * (reproducible proofs), else now. */
const char *generation_time(char *buf, size_t cap)
{
    long long epoch = source_date_epoch();
    time_t t = epoch >= 0 ? (time_t)epoch : time(NULL);
    struct tm tm;
    if (!gmtime_r(&t, &tm) || !strftime(buf, cap, "%Y-%m-%d %H:%M UTC", &tm))
        snprintf(buf, cap, "?");
    return buf;
}

/* Out of memory is said even where the stage that ran out had no room
 * left to say so. */
void cli_say_out_of_memory(nb_diag *d, nb_status st, const char *file)
{
    if (st == NB_ERR_NOMEM && d->errors == 0)
        nb_diag_error(d, (nb_span){file, 0, 0}, "内存不足，未能完成");
}

nb_status open_run(cli *c, const char *layout, nb_run **run)
{
    nb_run_options opts = {c->data_dir, layout ? layout : "gbt9704", cli_this_year(),
                           source_date_epoch()};
    nb_status st = nb_run_open(&c->diag, &opts, run);
    cli_say_out_of_memory(&c->diag, st, NULL);
    cli_print_diag(c, &c->diag);
    nb_diag_free(&c->diag);
    return st;
}

void cli_print_diag(cli *c, const nb_diag *d)
{
    if (c->json)
        nb_diag_print_json_items(d, stdout, &c->json_started);
    else
        nb_diag_print(d, stderr);
}

/* Ends a command's output: the JSON array is closed even when empty. */
int cli_finish_json(cli *c, int rc)
{
    if (c->json)
        nb_diag_print_json_end(stdout, c->json_started);
    return rc;
}

int cli_usage_error(const char *cmd, const char *what)
{
    fprintf(stderr, "nianbao %s: %s\n（`nianbao %s --help` 查看用法）\n", cmd, what, cmd);
    return EXIT_ENV;
}

typedef struct command {
    const char *name;
    int (*run)(cli *c, int argc, char **argv);
} command;

static const command commands[] = {
    {"check", cmd_check}, {"render", cmd_render}, {"init", cmd_init},
    {"batch", cmd_batch}, {"sum", cmd_sum}, {"fonts", cmd_fonts}, {"import", cmd_import},
};

static const command *find_command(const char *name)
{
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        if (!strcmp(commands[i].name, name))
            return &commands[i];
    return NULL;
}

/* Test-only: NIANBAO_FAIL_ALLOC=N makes the Nth allocation of src/ fail
 * (N,all: that one and every later one), for the allocation-failure walk
 * of tests/t_alloc.sh; 0 only counts.  The count is printed at exit. */
static nb_mem_faults alloc_faults;

static void inject_alloc_faults(void)
{
    const char *s = getenv("NIANBAO_FAIL_ALLOC");
    if (!s || !*s)
        return;
    alloc_faults.fail_at = strtol(s, NULL, 10);
    alloc_faults.persistent = strstr(s, ",all") != NULL;
    nb_mem_install_faults(&alloc_faults);
}

static int report_alloc_faults(int rc)
{
    if (getenv("NIANBAO_FAIL_ALLOC"))
        fprintf(stderr, "nianbao: allocations %ld, failed %ld\n", alloc_faults.calls,
                alloc_faults.failed);
    return rc;
}

/* What went to standard output must have arrived: `--help > /dev/full`
 * is a failure, said as one. */
static int stdout_flushed(int rc)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "nianbao: 无法写出到标准输出：%s\n", nb_errno_str(errno));
        return EXIT_ENV;
    }
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage_text, stderr);
        return EXIT_ENV;
    }
    const char *name = argv[1];
    if (!strcmp(name, "--help") || !strcmp(name, "-h") || !strcmp(name, "help")) {
        /* `nianbao help render` is `nianbao render --help`. */
        if (argc > 2 && find_command(argv[2]) && strcmp(name, "help") == 0) {
            char *args[] = {argv[2], (char *)"--help", NULL};
            cli c = {0};
            return stdout_flushed(find_command(argv[2])->run(&c, 1, args + 1));
        }
        fputs(usage_text, stdout);
        return stdout_flushed(0);
    }
    if (!strcmp(name, "--version") || !strcmp(name, "-V")) {
        printf("nianbao %s\n", NB_VERSION);
        return stdout_flushed(0);
    }
    const command *cmd = find_command(name);
    if (!cmd) {
        fprintf(stderr, "nianbao: 未知的命令「%s」\n%s", name, usage_text);
        return EXIT_ENV;
    }
    cli c;
    memset(&c, 0, sizeof c);
    nb_diag_init(&c.diag);
    /* libunibreak fills a static index once: before any thread starts. */
    init_linebreak();
    if (!find_data_dir(&c)) {
        fputs("nianbao: 找不到数据目录 layouts/（应在程序旁、PREFIX/share/nianbao，或由 NIANBAO_DATA 指定）\n",
              stderr);
        return EXIT_ENV;
    }
    inject_alloc_faults();
    int rc = cmd->run(&c, argc - 2, argv + 2);
    nb_diag_free(&c.diag);
    return report_alloc_faults(stdout_flushed(rc));
}
