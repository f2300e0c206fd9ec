/* main.c — the command line: parses options, runs the pipeline's stages in
 * order for each command, prints the diagnostics once and decides the exit
 * status (0 ok, 1 the data is wrong, 2 usage, I/O or internal error).  The
 * only place that prints to the terminal or exits. */
#include "main.h"
#include "check.h"
#include "render.h"
#include "template.h"

#include <linebreak.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char usage_text[] =
    "用法：\n"
    "  nianbao check FILE... [--previous 上年.yaml]\n"
    "                                           检查输入文件的数据（勾稽关系、正文与表格等）；\n"
    "                                           --previous 核对本年「上年结转」与上年「结转下年度」\n"
    "  nianbao render FILE -o OUT.pdf [--layout NAME|FILE] [--dump=lines] [--previous 上年.yaml]\n"
    "                 [--proof [--allow-inconsistent] [--line-numbers]]\n"
    "                                           检查并排版为 PDF（默认版式 gbt9704）；\n"
    "                                           --dump=lines 把每行的页码、位置、宽度和文字\n"
    "                                           写到标准输出（此时可不带 -o）；\n"
    "                                           --proof 生成校样：版面与正式 PDF 相同，加水印、\n"
    "                                           页脚、签发单和数据核对页；--allow-inconsistent\n"
    "                                           数据不符勾稽关系时仍生成校样并标出单元格；\n"
    "                                           --line-numbers 在左边距标行号\n"
    "  nianbao init [--body 机关名称] [--year 年度] > FILE.yaml\n"
    "                                           输出带注释的完整输入模板\n"
    "  nianbao batch DIR|FILE...|@LIST -o OUTDIR [-j N] [--keep-going] [--force]\n"
    "                [--shard K/N] [--summary FILE.json] [--overview FILE.pdf]\n"
    "                                           一次排版多份报告（先全部检查，再多线程排版）\n"
    "  nianbao sum FILE... -o 汇总.yaml [--body 机关名称] [--year 年度]\n"
    "                                           各单位表格逐格相加，生成本级报告的输入文件\n"
    "  nianbao --help | --version\n"
    "退出码：0 成功；1 数据有误；2 用法、读写或内部错误。\n";

static bool has_layouts(const char *dir)
{
    char path[PATH_MAX + 32];
    struct stat st;
    snprintf(path, sizeof path, "%s/layouts/forms", dir);
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* layouts/ and fonts/ sit beside the executable (./nianbao) or two levels
 * up (build/asan/nianbao); NIANBAO_DATA overrides both. */
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
        if (has_layouts(exe)) {
            snprintf(c->data_dir, sizeof c->data_dir, "%s", exe);
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
static int this_year(void)
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
    long long v = strtoll(s, &end, 10);
    return *end || v < 0 ? -1 : v;
}

/* The proof's footer says when it was made: SOURCE_DATE_EPOCH when set
 * (reproducible proofs), else now. */
static const char *generation_time(char *buf, size_t cap)
{
    long long epoch = source_date_epoch();
    time_t t = epoch >= 0 ? (time_t)epoch : time(NULL);
    struct tm tm;
    if (!gmtime_r(&t, &tm) || !strftime(buf, cap, "%Y-%m-%d %H:%M UTC", &tm))
        snprintf(buf, cap, "?");
    return buf;
}

nb_status open_run(cli *c, const char *layout, nb_run **run)
{
    nb_run_options opts = {c->data_dir, layout ? layout : "gbt9704", this_year(),
                           source_date_epoch()};
    nb_status st = nb_run_open(&c->diag, &opts, run);
    nb_diag_print(&c->diag, stderr);
    nb_diag_free(&c->diag);
    return st;
}

static nb_status check_one(const nb_run *run, const char *file, const char *previous,
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
    *warnings = nb_diag_count(&job.diag, NB_DIAG_WARNING);
    nb_diag_print(&job.diag, stderr);
    nb_job_fini(&job);
    return st;
}

static int cmd_check(cli *c, int argc, char **argv)
{
    if (argc < 1) {
        fputs("nianbao check: 缺少输入文件\n", stderr);
        fputs(usage_text, stderr);
        return EXIT_ENV;
    }
    const char *previous = NULL;
    int nfiles = 0;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--previous") == 0 && i + 1 < argc)
            previous = argv[++i];
        else if (argv[i][0] == '-') {
            fprintf(stderr, "nianbao check: 无法识别的参数「%s」\n%s", argv[i], usage_text);
            return EXIT_ENV;
        } else
            argv[nfiles++] = argv[i];
    }
    if (nfiles == 0) {
        fputs("nianbao check: 缺少输入文件\n", stderr);
        return EXIT_ENV;
    }
    nb_run *run = NULL;
    nb_status st = open_run(c, NULL, &run);
    int worst = exit_code(st);
    for (int i = 0; i < nfiles && st == NB_OK; i++) {
        size_t warnings = 0;
        nb_status one = check_one(run, argv[i], previous, &warnings);
        int code = exit_code(one);
        worst = code > worst ? code : worst;
        if (one == NB_OK && warnings)
            fprintf(stderr, "%s: 检查通过，有 %zu 条警告\n", argv[i], warnings);
        else if (one == NB_OK)
            fprintf(stderr, "%s: 检查通过\n", argv[i]);
    }
    nb_run_drop(run);
    return worst;
}

static void print_bench(const nb_render_stats *s, double run_ms)
{
    fprintf(stderr,
            "bench: input+check %.2f ms, style+fonts %.2f ms, layout %.2f ms "
            "(shaping %.2f ms, break opportunities %.2f ms), pages %d, subset %.2f ms, "
            "pdf write %.2f ms, glyphs %d, font programs %zu bytes uncompressed, file %zu bytes\n",
            s->read_ms, run_ms, s->layout_ms, s->shape_ms, s->break_ms, s->pages,
            s->pdf.subset_ms, s->pdf.write_ms, s->pdf.glyphs, s->pdf.font_bytes,
            s->pdf.file_bytes);
}

static int cmd_render(cli *c, int argc, char **argv)
{
    nb_render_options opts = {0};
    const char *layout = "gbt9704";
    bool bench = false;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
            opts.output = argv[++i];
        else if (strcmp(argv[i], "--layout") == 0 && i + 1 < argc)
            layout = argv[++i];
        else if (strcmp(argv[i], "--bench") == 0)
            bench = true;
        else if (strcmp(argv[i], "--dump=lines") == 0)
            opts.dump_lines = stdout;
        else if (strcmp(argv[i], "--previous") == 0 && i + 1 < argc)
            opts.previous = argv[++i];
        else if (strcmp(argv[i], "--proof") == 0)
            opts.proof = true;
        else if (strcmp(argv[i], "--allow-inconsistent") == 0)
            opts.allow_inconsistent = true;
        else if (strcmp(argv[i], "--line-numbers") == 0)
            opts.proof_opts.line_numbers = true;
        else if (argv[i][0] == '-' || opts.input) {
            fprintf(stderr, "nianbao render: 无法识别的参数「%s」\n%s", argv[i], usage_text);
            return EXIT_ENV;
        } else
            opts.input = argv[i];
    }
    if (!opts.input || (!opts.output && !opts.dump_lines)) {
        fprintf(stderr, "nianbao render: 需要输入文件和 -o 输出文件\n%s", usage_text);
        return EXIT_ENV;
    }
    if (!opts.proof && (opts.allow_inconsistent || opts.proof_opts.line_numbers)) {
        fprintf(stderr, "nianbao render: %s 只用于校样，须与 --proof 一起使用\n",
                opts.allow_inconsistent ? "--allow-inconsistent" : "--line-numbers");
        return EXIT_ENV;
    }
    char generated[64];
    opts.proof_opts.generated = generation_time(generated, sizeof generated);
    double t0 = nb_now_ms();
    nb_run *run = NULL;
    nb_status st = open_run(c, layout, &run);
    double run_ms = nb_now_ms() - t0;
    nb_job job;
    if (st == NB_OK)
        st = nb_job_init(&job, run);
    if (st != NB_OK) {
        nb_run_drop(run);
        return exit_code(st);
    }
    nb_render_stats stats;
    st = nb_render(run, &job, &opts, &stats);
    nb_diag_print(&job.diag, stderr);
    nb_job_fini(&job);
    nb_run_drop(run);
    if (st == NB_OK && bench)
        print_bench(&stats, run_ms);
    if (st == NB_OK && opts.output)
        fprintf(stderr, opts.proof ? "已生成校样 %s\n" : "已生成 %s\n", opts.output);
    else if (st == NB_ERR_DATA || st == NB_ERR_YAML)
        fprintf(stderr, "%s: 数据有误，未生成 PDF\n", opts.input);
    return exit_code(st);
}

static int cmd_init(cli *c, int argc, char **argv)
{
    const char *body = NB_TEMPLATE_BODY;
    int year = 2024;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--body") == 0 && i + 1 < argc && *argv[i + 1]) {
            body = argv[++i];
        } else if (strcmp(argv[i], "--year") == 0 && i + 1 < argc) {
            char *end;
            long y = strtol(argv[++i], &end, 10);
            if (*end || y < 1000 || y > 9999) {
                fprintf(stderr, "nianbao init: --year 应为四位数的年份，实为「%s」\n", argv[i]);
                return EXIT_ENV;
            }
            year = (int)y;
        } else {
            fprintf(stderr, "nianbao init: 无法识别的参数「%s」\n%s", argv[i], usage_text);
            return EXIT_ENV;
        }
    }
    nb_run *run = NULL;
    nb_status st = open_run(c, NULL, &run);
    if (st == NB_OK)
        st = nb_template_write(stdout, nb_run_newest_form(run), body, year);
    if (st == NB_OK && fflush(stdout) != 0)
        st = NB_ERR_IO;
    nb_run_drop(run);
    return st == NB_OK ? 0 : EXIT_ENV;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage_text, stderr);
        return EXIT_ENV;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        fputs(usage_text, stdout);
        return 0;
    }
    if (strcmp(cmd, "--version") == 0) {
        printf("nianbao %s\n", NB_VERSION);
        return 0;
    }
    cli c;
    nb_diag_init(&c.diag);
    /* libunibreak fills a static index once: before any thread starts. */
    init_linebreak();
    if (!find_data_dir(&c)) {
        fputs("nianbao: 找不到 layouts/ 目录（应与程序在同一目录，或由 NIANBAO_DATA 指定）\n", stderr);
        return EXIT_ENV;
    }
    int rc;
    if (strcmp(cmd, "check") == 0)
        rc = cmd_check(&c, argc - 2, argv + 2);
    else if (strcmp(cmd, "render") == 0)
        rc = cmd_render(&c, argc - 2, argv + 2);
    else if (strcmp(cmd, "init") == 0)
        rc = cmd_init(&c, argc - 2, argv + 2);
    else if (strcmp(cmd, "batch") == 0)
        rc = cmd_batch(&c, argc - 2, argv + 2);
    else if (strcmp(cmd, "sum") == 0)
        rc = cmd_sum(&c, argc - 2, argv + 2);
    else {
        fprintf(stderr, "nianbao: 未知的命令「%s」\n%s", cmd, usage_text);
        rc = EXIT_ENV;
    }
    nb_diag_free(&c.diag);
    return rc;
}
