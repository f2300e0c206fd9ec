/* main_render.c — the command line's `render`: one input to one PDF (or
 * proof) through the whole pipeline, `-o -` to standard output, and the
 * signal handler that removes render's temporary files when SIGINT,
 * SIGTERM or SIGHUP ends the process mid-write. */
#include "main.h"
#include "render.h"
#include "outfile.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
                return cli_usage_error("render", "只能给一个输入文件（多份报告请用 nianbao batch）");
            r->opts.input = v;
            break;
        case 0: r->opts.output = v; break;
        case 1: r->layout = v; break;
        case 2: r->bench = true; break;
        case 3:
            if (strcmp(v, "lines"))
                return cli_usage_error("render", "--dump 只能是 --dump=lines");
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
        return cli_usage_error("render", r->opts.allow_inconsistent
                                         ? "--allow-inconsistent 只用于校样，须与 --proof 一起使用"
                                         : "--line-numbers 只用于校样，须与 --proof 一起使用");
    if (!r->opts.input)
        return cli_usage_error("render", "缺少输入文件");
    if (!r->opts.output && !r->opts.dump_lines)
        return cli_usage_error("render", "缺少 -o 输出文件（写 -o - 输出到标准输出）");
    bool to_stdout = r->opts.output && !strcmp(r->opts.output, "-");
    if (to_stdout && (c->json || r->opts.dump_lines))
        return cli_usage_error("render", "-o - 把 PDF 写到标准输出，不能再与 --json 或 --dump 同用");
    if (to_stdout && isatty(STDOUT_FILENO))
        return cli_usage_error("render", "标准输出是终端，不输出 PDF：请重定向到文件，如 -o - > 报告.pdf");
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
    cli_say_out_of_memory(&job.diag, st, r->opts.input);
    cli_print_diag(c, &job.diag);
    nb_job_fini(&job);
    return st;
}

int cmd_render(cli *c, int argc, char **argv)
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
    return cli_finish_json(c, exit_code(st));
}
