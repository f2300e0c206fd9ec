/* main_batch.c — the command line of `nianbao batch`: options, signals,
 * progress, the summary table and its JSON, the district overview.  The
 * work itself is batch.c's (plan, check all, render with N threads on one
 * shared run context); this file decides what the user sees and the exit
 * status (0, 1 some input is bad, 2 a failure, 128+signal when stopped). */
#include "main.h"
#include "utf8.h"
#include "mem.h"
#include "batch.h"
#include "overview.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The signal that stopped the run; only a signal handler writes it. */
static _Atomic int stop_signal;

static void on_stop_signal(int sig)
{
    atomic_store(&stop_signal, sig);
}

static void catch_stop_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
}

typedef struct batch_cli {
    nb_batch_options opts;
    nb_render_options render;   /* proof settings shared by every report */
    char generated[64];
    const char *layout, *summary, *overview;
    const char **inputs;
    bool tty;
} batch_cli;

static bool parse_shard(const char *s, int *k, int *n)
{
    char *end;
    long a = strtol(s, &end, 10);
    if (*end != '/')
        return false;
    long b = strtol(end + 1, &end, 10);
    if (*end || b < 1 || a < 1 || a > b || b > 1000000)
        return false;
    *k = (int)a;
    *n = (int)b;
    return true;
}

static int default_jobs(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 256 ? 256 : (int)n;
}

static const char batch_help[] =
    "用法：nianbao batch 文件夹|文件.yaml…|@清单 -o 输出文件夹 [选项]\n"
    "一次排版多份报告：先全部检查，再多线程排版；输出文件夹中保留输入的子文件夹。\n"
    "  -o, --output 文件夹   PDF 写到这里\n"
    "  -j, --jobs N          线程数（默认为处理器数）\n"
    "  --keep-going          有报告数据有误时，仍排版其余的报告\n"
    "  --force               已是最新的 PDF 也重新排版\n"
    "  --shard K/N           只处理 N 份中的第 K 份（多台机器分担）\n"
    "  --summary 文件.json   写出汇总（- 为标准输出）\n"
    "  --overview 文件.pdf   写出辖区汇总表\n"
    "  --layout 版式         gbt9704（默认）、compact，或版式文件的路径\n"
    "  --previous 文件夹     上年的报告（同名，或名称中的年份为上年）：核对「上年结转」\n"
    "  --proof               生成校样（名为 名称-校样.pdf），版面与正式 PDF 相同\n"
    "  --allow-inconsistent  （校样）数据不符勾稽关系时仍生成校样，并标出单元格\n"
    "  --line-numbers        （校样）在左边距标行号\n"
    "@清单 是每行一个输入文件名的文本文件。\n";

static const nb_cli_opt batch_opts[] = {
    {"output", 'o', true, "输出文件夹"},
    {"jobs", 'j', true, "线程数"},
    {"shard", 0, true, "K/N"},
    {"summary", 0, true, "JSON 文件"},
    {"layout", 0, true, "版式名称或文件"},
    {"overview", 0, true, "PDF 文件"},
    {"keep-going", 0, false, NULL},
    {"force", 0, false, NULL},
    {"proof", 0, false, NULL},
    {"allow-inconsistent", 0, false, NULL},
    {"line-numbers", 0, false, NULL},
    {"previous", 0, true, "上年文件夹"},
    {0},
};

static int usage_error(const char *what, const char *arg)
{
    fprintf(stderr, "nianbao batch: %s「%s」\n（`nianbao batch --help` 查看用法）\n", what, arg);
    return EXIT_ENV;
}

/* Returns -1 when the options are good, else the exit status. */
static int parse_options(batch_cli *b, int argc, char **argv)
{
    nb_batch_options *o = &b->opts;
    o->jobs = default_jobs();
    b->inputs = nb_calloc((size_t)argc + 1, sizeof *b->inputs);
    if (!b->inputs)
        return EXIT_ENV;
    nb_cli_args a = {"batch", batch_opts, argc, argv, 0, false};
    const char *v;
    for (int k; (k = nb_cli_next(&a, &v)) != NB_CLI_DONE;) {
        char *end;
        long j;
        switch (k) {
        case NB_CLI_HELP: fputs(batch_help, stdout); return 0;
        case NB_CLI_BAD: return EXIT_ENV;
        case NB_CLI_OPERAND: b->inputs[o->ninputs++] = v; break;
        case 0: o->outdir = v; break;
        case 1:
            j = strtol(v, &end, 10);
            if (*end || j < 1 || j > 256)
                return usage_error("-j 应为 1 至 256 的线程数，实为", v);
            o->jobs = (int)j;
            break;
        case 2:
            if (!parse_shard(v, &o->shard, &o->nshards))
                return usage_error("--shard 应为 K/N（1 ≤ K ≤ N），实为", v);
            break;
        case 3: b->summary = v; break;
        case 4: b->layout = v; break;
        case 5: b->overview = v; break;
        case 6: o->keep_going = true; break;
        case 7: o->force = true; break;
        case 8: b->render.proof = true; break;
        case 9: b->render.allow_inconsistent = true; break;
        case 10: b->render.proof_opts.line_numbers = true; break;
        case 11: o->previous_dir = v; break;
        }
    }
    if (!b->render.proof && (b->render.allow_inconsistent || b->render.proof_opts.line_numbers)) {
        fputs("nianbao batch: --allow-inconsistent 与 --line-numbers 只用于校样，须与 --proof 一起使用\n",
              stderr);
        return EXIT_ENV;
    }
    b->render.proof_opts.generated = generation_time(b->generated, sizeof b->generated);
    o->render = &b->render;
    if (!o->outdir || o->ninputs == 0) {
        fprintf(stderr, "nianbao batch: 需要输入（文件夹、文件或 @清单）和 -o 输出文件夹\n"
                        "（`nianbao batch --help` 查看用法）\n");
        return EXIT_ENV;
    }
    o->inputs = b->inputs;
    return -1;
}

/* ---- what the user sees --------------------------------------------------- */

static void show_progress(void *user, const nb_batch_progress *p)
{
    batch_cli *b = user;
    const nb_batch_item *it = p->item;
    if (!b->tty) {
        if (p->rendering || it->state == NB_ITEM_BAD)
            fprintf(stderr, "[%d/%d] %s %s%s%s\n", p->done, p->total,
                    nb_batch_state_name(it->state), it->input,
                    it->state == NB_ITEM_DONE ? " → " : "",
                    it->state == NB_ITEM_DONE ? it->output : "");
        return;
    }
    double secs = p->elapsed_ms / 1000.0;
    double rate = secs > 0 ? p->done / secs : 0;
    double eta = rate > 0 ? (p->total - p->done) / rate : 0;
    fprintf(stderr, "\r\033[K%s %d/%d  %.1f 份/秒  预计剩余 %.0f 秒  %s",
            p->rendering ? "排版" : "检查", p->done, p->total, rate, eta, it->input);
    if (p->done == p->total)
        fputc('\n', stderr);
}

static void print_messages(const nb_batch *batch)
{
    for (int i = 0; i < batch->nitems; i++)
        nb_diag_print(&batch->items[i].diag, stderr);
}

/* s, then spaces up to `width` terminal columns (printf's %-40s counts
 * bytes, and a Chinese file name takes two columns a character). */
static void print_padded(const char *s, int width)
{
    fputs(s, stderr);
    for (int c = nb_utf8_columns(s); c < width; c++)
        fputc(' ', stderr);
}

static void print_table(const nb_batch *batch)
{
    int width = nb_utf8_columns("文件");
    for (int i = 0; i < batch->nitems; i++) {
        int w = nb_utf8_columns(batch->items[i].input);
        width = w > width ? w : width;
    }
    fputc('\n', stderr);
    print_padded("文件", width);
    fputs("  页数  状态      毫秒\n", stderr);
    for (int i = 0; i < batch->nitems; i++) {
        const nb_batch_item *it = &batch->items[i];
        print_padded(it->input, width);
        fprintf(stderr, "  %4d  ", it->pages);
        print_padded(nb_batch_state_name(it->state), 8);
        fprintf(stderr, "%6.1f\n", it->ms);
    }
    fprintf(stderr,
            "共 %d 份：已生成 %d，已是最新 %d，数据有误 %d，未生成 %d，失败 %d，未处理 %d"
            "（检查 %.0f 毫秒，排版 %.0f 毫秒）\n",
            batch->nitems, batch->done, batch->current, batch->bad, batch->held, batch->failed,
            batch->pending, batch->check_ms, batch->render_ms);
    if (batch->bad && batch->held)
        fputs("有输入文件数据有误，未生成任何 PDF；改正后重新运行，或用 --keep-going 先生成其余的。\n",
              stderr);
}

static bool write_summary(const char *path, const nb_batch *batch)
{
    FILE *f = strcmp(path, "-") == 0 ? stdout : fopen(path, "w");
    if (!f) {
        fprintf(stderr, "nianbao batch: 无法写入 %s：%s\n", path, strerror(errno));
        return false;
    }
    nb_batch_write_json(f, batch);
    bool ok = fflush(f) == 0 && !ferror(f);
    if (f != stdout)
        ok = fclose(f) == 0 && ok;
    return ok;
}

static int write_overview(const nb_run *run, const char *path, const nb_batch *batch)
{
    nb_job job;
    nb_status st = nb_job_init(&job, run);
    nb_doc doc;
    if (st == NB_OK)
        st = nb_overview_layout(run, &job, batch, &doc);
    if (st == NB_OK)
        st = nb_render_write(run, &job, &doc, path, NULL);
    nb_diag_print(&job.diag, stderr);
    int left_out = batch->bad + batch->pending;
    if (st == NB_OK && left_out)
        fprintf(stderr, "已生成汇总表 %s（未计入 %d 份数据有误或未处理的报告，表下已注明）\n", path,
                left_out);
    else if (st == NB_OK)
        fprintf(stderr, "已生成汇总表 %s\n", path);
    nb_job_fini(&job);
    return st == NB_OK ? 0 : EXIT_ENV;
}

static int ensure_outdir(const char *dir)
{
    struct stat st;
    if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
        return -1;
    if (mkdir(dir, 0755) == 0)
        return -1;
    fprintf(stderr, "nianbao batch: 无法使用输出文件夹 %s：%s\n", dir,
            errno == EEXIST ? "已存在同名文件" : strerror(errno));
    return EXIT_ENV;
}

static int finish(const nb_run *run, batch_cli *b, nb_batch *batch, nb_status st)
{
    print_messages(batch);
    print_table(batch);
    int rc = exit_code(st);
    if (b->summary && !write_summary(b->summary, batch))
        rc = EXIT_ENV;
    int sig = atomic_load(&stop_signal);
    if (sig)
        return 128 + sig;
    if (b->overview && (st == NB_OK || st == NB_ERR_DATA) && write_overview(run, b->overview, batch))
        rc = EXIT_ENV;
    return rc;
}

int cmd_batch(cli *c, int argc, char **argv)
{
    batch_cli b = {0};
    int rc = parse_options(&b, argc, argv);
    if (rc < 0)
        rc = ensure_outdir(b.opts.outdir);
    nb_run *run = NULL;
    nb_batch batch = {0};
    nb_status st = NB_OK;
    if (rc < 0 && (st = open_run(c, b.layout, &run)) != NB_OK)
        rc = exit_code(st);
    if (rc < 0 && (st = nb_batch_plan(&c->diag, &b.opts, &batch)) != NB_OK) {
        nb_diag_print(&c->diag, stderr);
        rc = exit_code(st);
    }
    if (rc < 0) {
        catch_stop_signals();
        b.opts.cancel = &stop_signal;
        b.opts.progress = show_progress;
        b.opts.user = &b;
        b.tty = isatty(STDERR_FILENO);
        st = nb_batch_run(run, &b.opts, &batch);
        rc = finish(run, &b, &batch, st);
    }
    nb_batch_free(&batch);
    nb_run_drop(run);
    nb_free(b.inputs);
    return rc;
}
