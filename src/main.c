/* main.c — the command line: parses options, runs the pipeline's stages in
 * order for each command, prints the diagnostics once and decides the exit
 * status (0 ok, 1 the data is wrong, 2 usage, I/O or internal error).  The
 * only place that prints to the terminal or exits. */
#include "main.h"
#include "mem.h"
#include "check.h"
#include "render.h"
#include "outfile.h"
#include "template.h"

#include <linebreak.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
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

static const char render_help[] =
    "用法：nianbao render 文件.yaml -o 报告.pdf [选项]\n"
    "检查数据，无误后排版为 PDF。数据有误时不生成（也不改动已有的）PDF。\n"
    "  -o, --output 文件   输出的 PDF；写「-」输出到标准输出\n"
    "  --layout 版式       gbt9704（默认）、compact，或版式文件的路径\n"
    "  --draft             草稿：模板的占位文字只警告，不拒绝\n"
    "  --json              错误和警告以 JSON 写到标准输出（不能与 -o - 同用）\n"
    "  --dump=lines        把每行的页码、位置、宽度和文字写到标准输出（此时可不带 -o）\n"
    "  --bench             在标准错误输出各阶段用时\n"
    "  --previous 上年.yaml  核对本年「上年结转」与上年「结转下年度」\n"
    "  --proof             生成校样：版面与正式 PDF 相同，加水印、页脚、签发单和数据核对页\n"
    "  --allow-inconsistent  （校样）数据不符勾稽关系时仍生成校样，并标出单元格\n"
    "  --line-numbers      （校样）在左边距标行号\n"
    "输入文件写「-」时从标准输入读取。\n";

static const char init_help[] =
    "用法：nianbao init [--body 机关名称] [--year 年度] [-o 文件.yaml]\n"
    "生成带注释的完整填写模板：表格的每个单元格都已列出，总计由程序计算。\n"
    "  --body 机关名称     如 东风街道办事处\n"
    "  --year 年度         报告所述的年份（默认为上一年）\n"
    "  -o, --output 文件   写入此文件（已存在时不覆盖）；默认写到标准输出\n";

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
static void say_out_of_memory(nb_diag *d, nb_status st, const char *file)
{
    if (st == NB_ERR_NOMEM && d->errors == 0)
        nb_diag_error(d, (nb_span){file, 0, 0}, "内存不足，未能完成");
}

nb_status open_run(cli *c, const char *layout, nb_run **run)
{
    nb_run_options opts = {c->data_dir, layout ? layout : "gbt9704", this_year(),
                           source_date_epoch()};
    nb_status st = nb_run_open(&c->diag, &opts, run);
    say_out_of_memory(&c->diag, st, NULL);
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
static int finish_json(cli *c, int rc)
{
    if (c->json)
        nb_diag_print_json_end(stdout, c->json_started);
    return rc;
}

static int usage_error(const char *cmd, const char *what)
{
    fprintf(stderr, "nianbao %s: %s\n（`nianbao %s --help` 查看用法）\n", cmd, what, cmd);
    return EXIT_ENV;
}

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
    say_out_of_memory(&job.diag, st, file);
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

static int cmd_check(cli *c, int argc, char **argv)
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
        return usage_error("check", "缺少输入文件");
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
    return finish_json(c, worst);
}

static void print_bench(const nb_render_stats *s, double run_ms)
{
    fprintf(stderr,
            "bench: run %.2f ms, input+check %.2f ms, layout %.2f ms "
            "(shaping %.2f ms, break opportunities %.2f ms), content %.2f ms, subset %.2f ms, "
            "deflate %.2f ms, pdf write %.2f ms, pages %d, glyphs %d, "
            "font programs %zu bytes uncompressed, file %zu bytes\n",
            run_ms, s->read_ms, s->layout_ms, s->shape_ms, s->break_ms, s->pdf.pages_ms,
            s->pdf.subset_ms, s->pdf.deflate_ms, s->pdf.write_ms, s->pages, s->pdf.glyphs,
            s->pdf.font_bytes, s->pdf.file_bytes);
}

static const nb_cli_opt render_opts[] = {
    {"output", 'o', true, "输出文件"},
    {"layout", 0, true, "版式名称或文件"},
    {"bench", 0, false, NULL},
    {"dump", 0, true, "内容（lines）"},
    {"draft", 0, false, NULL},
    {"json", 0, false, NULL},
    {"previous", 0, true, "上年的报告文件"},
    {"proof", 0, false, NULL},
    {"allow-inconsistent", 0, false, NULL},
    {"line-numbers", 0, false, NULL},
    {0},
};

typedef struct render_cli {
    nb_render_options opts;
    const char *layout;
    bool bench;
} render_cli;

/* Returns -1 when the options are good, else the exit status. */
static int parse_render(cli *c, render_cli *r, int argc, char **argv)
{
    nb_cli_args a = {"render", render_opts, argc, argv, 0, false};
    const char *v;
    for (int k; (k = nb_cli_next(&a, &v)) != NB_CLI_DONE;) {
        switch (k) {
        case NB_CLI_HELP: fputs(render_help, stdout); return 0;
        case NB_CLI_BAD: return EXIT_ENV;
        case NB_CLI_OPERAND:
            if (r->opts.input)
                return usage_error("render", "只能给一个输入文件（多份报告请用 nianbao batch）");
            r->opts.input = v;
            break;
        case 0: r->opts.output = v; break;
        case 1: r->layout = v; break;
        case 2: r->bench = true; break;
        case 3:
            if (strcmp(v, "lines"))
                return usage_error("render", "--dump 只能是 --dump=lines");
            r->opts.dump_lines = stdout;
            break;
        case 4: r->opts.draft = true; break;
        case 5: c->json = true; break;
        case 6: r->opts.previous = v; break;
        case 7: r->opts.proof = true; break;
        case 8: r->opts.allow_inconsistent = true; break;
        case 9: r->opts.proof_opts.line_numbers = true; break;
        }
    }
    if (!r->opts.proof && (r->opts.allow_inconsistent || r->opts.proof_opts.line_numbers))
        return usage_error("render", r->opts.allow_inconsistent
                                         ? "--allow-inconsistent 只用于校样，须与 --proof 一起使用"
                                         : "--line-numbers 只用于校样，须与 --proof 一起使用");
    if (!r->opts.input)
        return usage_error("render", "缺少输入文件");
    if (!r->opts.output && !r->opts.dump_lines)
        return usage_error("render", "缺少 -o 输出文件（写 -o - 输出到标准输出）");
    bool to_stdout = r->opts.output && !strcmp(r->opts.output, "-");
    if (to_stdout && (c->json || r->opts.dump_lines))
        return usage_error("render", "-o - 把 PDF 写到标准输出，不能再与 --json 或 --dump 同用");
    if (to_stdout && isatty(STDOUT_FILENO))
        return usage_error("render", "标准输出是终端，不输出 PDF：请重定向到文件，如 -o - > 报告.pdf");
    return -1;
}

/* `-o -`: the PDF is written (atomically, as always) to a temporary file,
 * then copied to standard output — nothing reaches it unless all is well. */
static nb_status copy_to_stdout(const char *path)
{
    FILE *f = fopen(path, "rb");
    char buf[65536];
    size_t n;
    bool ok = f != NULL;
    while (ok && (n = fread(buf, 1, sizeof buf, f)) > 0)
        ok = fwrite(buf, 1, n, stdout) == n;
    ok = ok && !ferror(f) && fflush(stdout) == 0;
    if (f)
        fclose(f);
    return ok ? NB_OK : NB_ERR_IO;
}

/* The temporary files `render` has made, so that SIGINT, SIGTERM or
 * SIGHUP during the write removes them before the signal ends the process
 * (F08): the PDF's own temporary, named by the library through the
 * registry (outfile.h), and the copy `-o -` goes through.  These are all
 * the handler touches. */
enum { TEMP_PDF, TEMP_STDOUT, NTEMPS };
static char temp_path[NTEMPS][PATH_MAX + 64];
static volatile sig_atomic_t temp_known[NTEMPS];

static void remember_temp(void *slot, const char *path)
{
    int i = slot ? *(const int *)slot : TEMP_PDF;
    sigset_t all, old;
    sigfillset(&all);
    sigprocmask(SIG_BLOCK, &all, &old);
    temp_known[i] = 0;
    if (path && strlen(path) < sizeof temp_path[i]) {
        memcpy(temp_path[i], path, strlen(path) + 1);
        temp_known[i] = 1;
    }
    sigprocmask(SIG_SETMASK, &old, NULL);
}

static void on_ending_signal(int sig)
{
    for (int i = 0; i < NTEMPS; i++)
        if (temp_known[i])
            unlink(temp_path[i]);
    raise(sig);   /* SA_RESETHAND: the default action, once this returns */
}

static void remove_temps_on_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_ending_signal;
    sa.sa_flags = SA_RESETHAND;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
}

static nb_status render_one(cli *c, const nb_run *run, render_cli *r, nb_render_stats *stats)
{
    static const int stdout_slot = TEMP_STDOUT;
    nb_temp_registry temps = {remember_temp, NULL};
    r->opts.temps = &temps;
    remove_temps_on_signals();
    nb_job job;
    nb_status st = nb_job_init(&job, run);
    if (st != NB_OK) {
        fputs("nianbao: 错误: 内存不足，未能完成\n", stderr);
        return st;
    }
    char tmp[PATH_MAX];
    const char *wanted = r->opts.output;
    bool to_stdout = wanted && !strcmp(wanted, "-");
    if (to_stdout) {
        const char *dir = getenv("TMPDIR");
        snprintf(tmp, sizeof tmp, "%s/nianbao-XXXXXX", dir && *dir ? dir : "/tmp");
        sigset_t all, old;
        sigfillset(&all);
        sigprocmask(SIG_BLOCK, &all, &old);
        int fd = mkstemp(tmp);
        if (fd >= 0)
            remember_temp((void *)&stdout_slot, tmp);
        sigprocmask(SIG_SETMASK, &old, NULL);
        if (fd < 0) {
            nb_diag_error(&job.diag, (nb_span){tmp, 0, 0}, "无法建立临时文件：%s", nb_errno_str(errno));
            st = NB_ERR_IO;
        } else {
            close(fd);
            r->opts.output = tmp;
        }
    }
    if (st == NB_OK)
        st = nb_render(run, &job, &r->opts, stats);
    if (st == NB_OK && to_stdout)
        st = copy_to_stdout(tmp);
    if (to_stdout) {
        unlink(tmp);
        remember_temp((void *)&stdout_slot, NULL);
    }
    r->opts.output = wanted;
    say_out_of_memory(&job.diag, st, r->opts.input);
    cli_print_diag(c, &job.diag);
    nb_job_fini(&job);
    return st;
}

static int cmd_render(cli *c, int argc, char **argv)
{
    render_cli r = {.layout = "gbt9704"};
    int rc = parse_render(c, &r, argc, argv);
    if (rc >= 0)
        return rc;
    char generated[64];
    r.opts.proof_opts.generated = generation_time(generated, sizeof generated);
    double t0 = nb_now_ms();
    nb_run *run = NULL;
    nb_status st = open_run(c, r.layout, &run);
    double run_ms = nb_now_ms() - t0;
    nb_render_stats stats;
    if (st == NB_OK)
        st = render_one(c, run, &r, &stats);
    nb_run_drop(run);
    if (st == NB_OK && r.bench)
        print_bench(&stats, run_ms);
    const char *input = strcmp(r.opts.input, "-") ? r.opts.input : "<标准输入>";
    if (st == NB_OK && r.opts.output && strcmp(r.opts.output, "-"))
        fprintf(stderr, r.opts.proof ? "已生成校样 %s\n" : "已生成 %s\n", r.opts.output);
    else if (st == NB_ERR_DATA || st == NB_ERR_YAML)
        fprintf(stderr, "%s: 数据有误，未生成 PDF\n", input);
    return finish_json(c, exit_code(st));
}

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

static int cmd_init(cli *c, int argc, char **argv)
{
    const char *body = NB_TEMPLATE_BODY, *output = NULL, *v;
    int year = this_year() - 1;   /* reports are written early in the next year */
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
            return usage_error("init", what);
        }
        if (k == 0 && !*v)
            return usage_error("init", "--body 的机关名称不能为空");
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
