/* batch.c — the driver for many reports in one process (see batch.h).
 *
 * Plan: the inputs are listed (folders walked, @LIST files read), sorted by
 * path so that every machine and every shard sees the same order, cut to
 * this shard's part, and named; unsafe or shared names stop the run before
 * anything is read.
 *
 * Run: two phases over the items, each done by `jobs` worker threads that
 * take the next item from a shared counter.  Phase one reads and checks
 * every input (its messages stay with its item).  Phase two, only when
 * every input is good or keep_going is set, renders the good ones whose
 * PDF is older than the input or than any form, page style or font the
 * run read.  Each PDF is written by pdf.c to a temporary file in OUTDIR and
 * renamed, so a cancelled run stops between reports with every PDF whole.
 * The run context is shared read-only; each report has its own nb_job. */
#include "batch.h"
#include "mem.h"
#include "check.h"
#include "utf8.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- names -------------------------------------------------------------- */

/* ".pdf" and the temporary file's suffix must still fit in NAME_MAX. */
enum { NAME_ROOM = NAME_MAX - 24 };

static bool component_ok(const char *s, size_t n)
{
    if (n == 0 || n > NAME_ROOM || (n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.'))
        return false;
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        int k = nb_utf8_valid_length((const unsigned char *)s + i, n - i);
        if (k == 0 || c < 0x20 || c == 0x7F)
            return false;
        i += (size_t)k;
    }
    return true;
}

bool nb_batch_name_ok(const char *name)
{
    if (!name || !*name || name[0] == '/')
        return false;
    for (const char *p = name;;) {
        const char *slash = strchr(p, '/');
        size_t n = slash ? (size_t)(slash - p) : strlen(p);
        if (!component_ok(p, n))
            return false;
        if (!slash)
            return true;
        p = slash + 1;
    }
}

static bool has_input_suffix(const char *name)
{
    size_t n = strlen(name);
    return (n > 5 && strcmp(name + n - 5, ".yaml") == 0) ||
           (n > 4 && strcmp(name + n - 4, ".yml") == 0);
}

/* "sub/南郊镇.yaml" → "sub/南郊镇". */
static char *strip_suffix(nb_arena *a, const char *path)
{
    const char *dot = strrchr(path, '.');
    const char *slash = strrchr(path, '/');
    size_t n = dot && (!slash || dot > slash) && dot > path ? (size_t)(dot - path) : strlen(path);
    return nb_arena_strndup(a, path, n);
}

/* ---- listing ---------------------------------------------------------------- */

typedef struct entry {
    const char *input, *name;
} entry;

typedef struct lister {
    nb_diag *diag;
    nb_arena *arena;
    entry *items;
    int n, cap;
    bool failed;
} lister;

static void add_entry(lister *l, const char *input, const char *name)
{
    entry *grown = nb_arena_grow(l->arena, l->items, l->n, &l->cap, sizeof *grown);
    if (!grown || !input || !name) {
        l->failed = true;
        return;
    }
    l->items = grown;
    l->items[l->n++] = (entry){input, name};
}

static const char *join(nb_arena *a, const char *dir, const char *leaf)
{
    size_t ld = strlen(dir), ll = strlen(leaf);
    char *s = nb_arena_alloc(a, ld + ll + 2);
    if (s)
        snprintf(s, ld + ll + 2, "%s%s%s", dir, ld && dir[ld - 1] == '/' ? "" : "/", leaf);
    return s;
}

enum { MAX_DEPTH = 16 };

/* Every .yaml below dir; `rel` is dir relative to the folder given. */
static void list_dir(lister *l, const char *dir, const char *rel, int depth)
{
    DIR *d = opendir(dir);
    if (!d) {
        nb_diag_error(l->diag, (nb_span){dir, 0, 0}, "无法打开文件夹：%s", strerror(errno));
        l->failed = true;
        return;
    }
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;   /* ., .. and hidden files (editors' backups) */
        const char *path = join(l->arena, dir, e->d_name);
        const char *relpath = *rel ? join(l->arena, rel, e->d_name) : nb_arena_strdup(l->arena, e->d_name);
        struct stat st;
        if (!path || !relpath || stat(path, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode) && depth < MAX_DEPTH)
            list_dir(l, path, relpath, depth + 1);
        else if (S_ISREG(st.st_mode) && has_input_suffix(e->d_name))
            add_entry(l, path, strip_suffix(l->arena, relpath));
    }
    closedir(d);
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* @LIST: one input path a line; blank lines and lines starting with # are
 * skipped. */
static void list_file(lister *l, const char *list)
{
    FILE *f = fopen(list, "r");
    if (!f) {
        nb_diag_error(l->diag, (nb_span){list, 0, 0}, "无法打开输入清单：%s", strerror(errno));
        l->failed = true;
        return;
    }
    char line[PATH_MAX + 2];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] && line[0] != '#') {
            const char *path = nb_arena_strdup(l->arena, line);
            add_entry(l, path, path ? strip_suffix(l->arena, base_name(path)) : NULL);
        }
    }
    fclose(f);
}

static void list_argument(lister *l, const char *arg)
{
    struct stat st;
    if (arg[0] == '@')
        list_file(l, arg + 1);
    else if (stat(arg, &st) == 0 && S_ISDIR(st.st_mode))
        list_dir(l, arg, "", 0);
    else
        add_entry(l, nb_arena_strdup(l->arena, arg), strip_suffix(l->arena, base_name(arg)));
}

static int by_input(const void *a, const void *b)
{
    return strcmp(((const entry *)a)->input, ((const entry *)b)->input);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(((const entry *)a)->name, ((const entry *)b)->name);
}

/* ---- plan ---------------------------------------------------------------------- */

/* Refuses unsafe names and names two inputs share, naming both inputs. */
static bool names_ok(nb_diag *diag, entry *e, int n)
{
    bool ok = true;
    for (int i = 0; i < n; i++)
        if (!nb_batch_name_ok(e[i].name)) {
            nb_diag_error(diag, (nb_span){e[i].input, 0, 0},
                          "输出文件名「%s」不可用：不能为空、含控制字符、以 / 开头或含 . 与 .. 段",
                          e[i].name);
            ok = false;
        }
    entry *sorted = nb_malloc(sizeof *sorted * (size_t)(n + 1));
    if (!sorted)
        return false;
    memcpy(sorted, e, sizeof *sorted * (size_t)n);
    qsort(sorted, (size_t)n, sizeof *sorted, by_name);
    for (int i = 1; i < n; i++)
        if (strcmp(sorted[i].name, sorted[i - 1].name) == 0) {
            nb_diag_error(diag, (nb_span){sorted[i].input, 0, 0},
                          "与「%s」的输出文件同名（%s.pdf）", sorted[i - 1].input, sorted[i].name);
            nb_diag_hint(diag, "两个输入文件会写到同一个 PDF；请改名，或分两次处理");
            ok = false;
        }
    nb_free(sorted);
    return ok;
}

/* Part k of n of the sorted list: [floor((k-1)·len/n), floor(k·len/n)). */
static void shard_range(const nb_batch_options *o, int len, int *from, int *to)
{
    int k = o->nshards > 0 ? o->shard : 1, n = o->nshards > 0 ? o->nshards : 1;
    *from = (int)((long long)(k - 1) * len / n);
    *to = (int)((long long)k * len / n);
}

/* A proof never takes a final PDF's name: it is not to be published, and
 * the up-to-date check must not mistake one for the other. */
static const char *output_suffix(const nb_batch_options *o)
{
    return o->render && o->render->proof ? "-校样.pdf" : ".pdf";
}

static bool make_items(nb_batch *b, const nb_batch_options *o, const entry *e, int from, int to)
{
    b->nitems = to - from;
    b->items = NB_ARENA_NEW_ARRAY(b->arena, nb_batch_item, b->nitems + 1);
    if (!b->items)
        return false;
    for (int i = 0; i < b->nitems; i++) {
        nb_batch_item *it = &b->items[i];
        it->input = e[from + i].input;
        it->name = e[from + i].name;
        size_t len = strlen(o->outdir) + strlen(it->name) + 16;
        char *out = nb_arena_alloc(b->arena, len);
        if (!out)
            return false;
        snprintf(out, len, "%s/%s%s", o->outdir, it->name, output_suffix(o));
        it->output = out;
        nb_diag_init(&it->diag);
    }
    return true;
}

nb_status nb_batch_plan(nb_diag *diag, const nb_batch_options *opts, nb_batch *out)
{
    memset(out, 0, sizeof *out);
    out->arena = nb_arena_new();
    if (!out->arena)
        return NB_ERR_NOMEM;
    lister l = {diag, out->arena, NULL, 0, 0, false};
    for (int i = 0; i < opts->ninputs; i++)
        list_argument(&l, opts->inputs[i]);
    if (l.failed)
        return diag->errors ? NB_ERR_USAGE : NB_ERR_NOMEM;
    if (l.n == 0) {
        nb_diag_error(diag, (nb_span){0}, "没有找到输入文件（.yaml）");
        return NB_ERR_USAGE;
    }
    qsort(l.items, (size_t)l.n, sizeof *l.items, by_input);
    int from, to;
    shard_range(opts, l.n, &from, &to);
    if (!names_ok(diag, l.items, l.n))
        return NB_ERR_USAGE;
    return make_items(out, opts, l.items, from, to) ? NB_OK : NB_ERR_NOMEM;
}

static void drop_kept(nb_batch_item *it)
{
    if (it->job) {
        nb_job_fini(it->job);
        nb_free(it->job);
    }
    it->job = NULL;
    it->report = it->last = NULL;
}

void nb_batch_free(nb_batch *b)
{
    for (int i = 0; b->items && i < b->nitems; i++) {
        nb_diag_free(&b->items[i].diag);
        drop_kept(&b->items[i]);
    }
    nb_arena_drop(b->arena);
    memset(b, 0, sizeof *b);
}

/* ---- workers -------------------------------------------------------------------- */

/* Checked reports kept in memory between the phases, so that the render
 * phase need not read them again (a tenth of a report's time); past this
 * the rest are read again.  A district's 30 reports fit many times over. */
enum { KEEP_BUDGET = 48 * 1024 * 1024 };

typedef struct pool {
    const nb_run *run;
    const nb_batch_options *opts;
    nb_batch *batch;
    bool rendering;
    int *order;                 /* items of this phase */
    int norder;
    _Atomic int next;
    int done;
    size_t kept_bytes;          /* arenas of the kept reports */
    double phase_start_ms;
    pthread_mutex_t lock;       /* progress calls and counters */
} pool;

static bool cancelled(const pool *p)
{
    return p->opts->cancel && atomic_load(p->opts->cancel);
}

static void headline(nb_batch_item *it, const nb_report *rep)
{
    const nb_form *form = rep->form;
    it->body = rep->body;
    it->year = rep->year;
    it->nheadline = form->noverview < NB_OVERVIEW_MAX ? form->noverview : NB_OVERVIEW_MAX;
    for (int c = 0; c < it->nheadline; c++) {
        const nb_overview_col *col = &form->overview[c];
        int64_t sum = 0;
        for (int k = 0; k < col->nfields; k++)
            sum += rep->values[col->table][col->fields[k]].v;
        it->headline[c] = sum;
    }
}

static nb_render_options item_options(const pool *p, const nb_batch_item *it)
{
    nb_render_options ro = {0};
    if (p->opts->render)
        ro = *p->opts->render;
    ro.input = it->input;
    ro.output = it->output;
    ro.previous = it->previous;
    return ro;
}

/* Last year's file: DIR/NAME.yaml, or the name with the year it holds
 * made last year's (render.c); no second read of the report for it. */
static void find_previous(pool *p, nb_batch_item *it, nb_job *job)
{
    const char *dir = p->opts->previous_dir;
    char buf[PATH_MAX];
    const char *found = nb_render_previous_path(dir, it->name, 0, buf, sizeof buf);
    if (!found) {
        nb_diag_warn(&job->diag, (nb_span){it->input, 0, 0},
                     "在 %s 中没有找到上年的报告（%s.yaml），未核对「上年结转」", dir, it->name);
        return;
    }
    pthread_mutex_lock(&p->lock);
    it->previous = nb_arena_strdup(p->batch->arena, found);
    pthread_mutex_unlock(&p->lock);
}

/* Checked exactly as `render` would check it; the body's name outlives
 * the job's arena: it is copied. */
static void check_item(pool *p, nb_batch_item *it, nb_job *job)
{
    if (p->opts->previous_dir)
        find_previous(p, it, job);
    nb_render_options ro = item_options(p, it);
    nb_report *rep = NULL, *last = NULL;
    it->status = nb_render_check_output(p->run, job, it->input, it->output);
    if (it->status == NB_OK)
        it->status = nb_render_check(p->run, job, &ro, &rep, &last);
    it->state = it->status == NB_OK ? NB_ITEM_PENDING : NB_ITEM_BAD;
    if (it->status == NB_OK) {
        it->report = rep;
        it->last = last;
    }
    if (rep && it->status == NB_OK) {
        headline(it, rep);
        pthread_mutex_lock(&p->lock);
        it->body = it->body ? nb_arena_strdup(p->batch->arena, it->body) : NULL;
        pthread_mutex_unlock(&p->lock);
    }
}

static bool newer(const struct timespec *a, const struct timespec *b)
{
    return a->tv_sec > b->tv_sec || (a->tv_sec == b->tv_sec && a->tv_nsec > b->tv_nsec);
}

/* The PDF is newer than the input, than every file the run read and than
 * last year's report it was checked against. */
static bool up_to_date(const nb_run *run, const nb_batch_item *it)
{
    struct stat out, in;
    if (stat(it->output, &out) != 0 || stat(it->input, &in) != 0 || !newer(&out.st_mtim, &in.st_mtim))
        return false;
    for (const char *const *f = nb_run_inputs(run); *f; f++) {
        struct stat dep;
        if (stat(*f, &dep) != 0 || !newer(&out.st_mtim, &dep.st_mtim))
            return false;
    }
    struct stat last;
    return !it->previous || (stat(it->previous, &last) == 0 && newer(&out.st_mtim, &last.st_mtim));
}

/* Output subfolders (names may hold them) are made as needed. */
static nb_status make_parent_dirs(nb_diag *diag, const char *path)
{
    char buf[PATH_MAX];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(buf, 0755) != 0 && errno != EEXIST) {
            nb_diag_error(diag, (nb_span){buf, 0, 0}, "无法创建文件夹：%s", strerror(errno));
            return NB_ERR_IO;
        }
        *p = '/';
    }
    return NB_OK;
}

static void render_item(pool *p, nb_batch_item *it, nb_job *job)
{
    if (!p->opts->force && up_to_date(p->run, it)) {
        it->state = NB_ITEM_CURRENT;
        return;
    }
    double t0 = nb_now_ms();
    nb_render_stats stats = {0};   /* pages stay 0 when no render ran */
    nb_render_options ro = item_options(p, it);
    it->status = make_parent_dirs(&job->diag, it->output);
    memset(&stats, 0, sizeof stats);
    if (it->status == NB_OK && it->report)
        it->status = nb_render_checked(p->run, job, &ro, it->report, it->last, &stats);
    else if (it->status == NB_OK)
        it->status = nb_render(p->run, job, &ro, &stats);
    it->ms = nb_now_ms() - t0;
    it->pages = stats.pages;
    it->state = it->status == NB_OK ? NB_ITEM_DONE : NB_ITEM_FAILED;
}

/* A checked report's job moves to the heap and stays with its item when
 * the budget allows. */
static bool keep_job(pool *p, nb_batch_item *it, nb_job *job)
{
    size_t bytes = nb_arena_bytes(job->arena);
    pthread_mutex_lock(&p->lock);
    bool room = p->kept_bytes + bytes <= KEEP_BUDGET;
    if (room)
        p->kept_bytes += bytes;
    pthread_mutex_unlock(&p->lock);
    nb_job *kept = room ? nb_malloc(sizeof *kept) : NULL;
    if (!kept)
        return false;
    *kept = *job;
    nb_diag_init(&kept->diag);   /* its messages went to the item */
    it->job = kept;
    return true;
}

/* The job's messages move to the item; the job itself is dropped, or
 * kept for the render phase. */
static void finish_item(pool *p, nb_batch_item *it, nb_job *job)
{
    for (size_t i = 0; i < job->diag.count; i++) {
        nb_diag_item *d = &job->diag.items[i];
        void (*add)(nb_diag *, nb_span, const char *, ...) =
            d->level == NB_DIAG_ERROR ? nb_diag_error : nb_diag_warn;
        add(&it->diag, d->span, "%s", d->message);
        if (d->hint)
            nb_diag_hint(&it->diag, "%s", d->hint);
    }
    if (job == it->job) {                 /* rendered from the kept report */
        drop_kept(it);
    } else if (!p->rendering && it->report && keep_job(p, it, job)) {
        nb_diag_free(&job->diag);         /* the rest of the job lives on in it->job */
    } else {
        if (!p->rendering)
            it->report = it->last = NULL;
        nb_job_fini(job);
    }
    pthread_mutex_lock(&p->lock);
    p->done++;
    nb_batch_progress pr = {it, p->done, p->norder, p->rendering,
                            nb_now_ms() - p->phase_start_ms};
    if (p->opts->progress)
        p->opts->progress(p->opts->user, &pr);
    pthread_mutex_unlock(&p->lock);
}

static void *worker(void *arg)
{
    pool *p = arg;
    for (;;) {
        int k = atomic_fetch_add(&p->next, 1);
        if (k >= p->norder || cancelled(p))
            return NULL;
        nb_batch_item *it = &p->batch->items[p->order[k]];
        nb_job local = {0}, *job = p->rendering && it->job ? it->job : &local;
        if (job == &local && nb_job_init(&local, p->run) != NB_OK) {
            it->status = NB_ERR_NOMEM;
            it->state = p->rendering ? NB_ITEM_FAILED : NB_ITEM_BAD;
            continue;
        }
        if (p->rendering)
            render_item(p, it, job);
        else
            check_item(p, it, job);
        finish_item(p, it, job);
    }
}

/* Runs one phase over `order` with the pool's threads (the calling thread
 * is one of them). */
static nb_status run_phase(pool *p, int *order, int n, bool rendering)
{
    p->order = order;
    p->norder = n;
    p->rendering = rendering;
    atomic_store(&p->next, 0);
    p->done = 0;
    p->phase_start_ms = nb_now_ms();
    int extra = p->opts->jobs > 1 ? p->opts->jobs - 1 : 0;
    pthread_t *threads = nb_calloc((size_t)extra + 1, sizeof *threads);
    if (!threads)
        return NB_ERR_NOMEM;
    int started = 0;
    while (started < extra && started < n - 1 && pthread_create(&threads[started], NULL, worker, p) == 0)
        started++;
    worker(p);
    for (int i = 0; i < started; i++)
        pthread_join(threads[i], NULL);
    nb_free(threads);
    return NB_OK;
}

static int select_items(const nb_batch *b, int *order, bool rendering)
{
    int n = 0;
    for (int i = 0; i < b->nitems; i++)
        if (!rendering || b->items[i].state == NB_ITEM_PENDING)
            order[n++] = i;
    return n;
}

static void count_states(nb_batch *b)
{
    b->bad = b->done = b->current = b->failed = b->held = b->pending = 0;
    for (int i = 0; i < b->nitems; i++)
        switch (b->items[i].state) {
        case NB_ITEM_BAD: b->bad++; break;
        case NB_ITEM_DONE: b->done++; break;
        case NB_ITEM_CURRENT: b->current++; break;
        case NB_ITEM_FAILED: b->failed++; break;
        case NB_ITEM_HELD: b->held++; break;
        case NB_ITEM_PENDING: b->pending++; break;
        }
}

static void hold_good_items(nb_batch *b)
{
    for (int i = 0; i < b->nitems; i++)
        if (b->items[i].state == NB_ITEM_PENDING)
            b->items[i].state = NB_ITEM_HELD;
}

static nb_status outcome(const pool *p, nb_batch *b)
{
    count_states(b);
    if (cancelled(p))
        return NB_ERR_USAGE;
    if (b->bad)
        return NB_ERR_DATA;
    for (int i = 0; i < b->nitems; i++)
        if (b->items[i].state == NB_ITEM_FAILED)
            return b->items[i].status;
    return NB_OK;
}

nb_status nb_batch_run(const nb_run *run, const nb_batch_options *opts, nb_batch *batch)
{
    pool p = {.run = run, .opts = opts, .batch = batch};
    int *order = nb_calloc((size_t)batch->nitems + 1, sizeof *order);
    if (!order || pthread_mutex_init(&p.lock, NULL) != 0) {
        nb_free(order);
        return NB_ERR_NOMEM;
    }
    double t0 = nb_now_ms();
    nb_status st = run_phase(&p, order, select_items(batch, order, false), false);
    double t1 = nb_now_ms();
    count_states(batch);
    if (st == NB_OK && batch->bad && !opts->keep_going)
        hold_good_items(batch);
    else if (st == NB_OK && !cancelled(&p))
        st = run_phase(&p, order, select_items(batch, order, true), true);
    batch->check_ms = t1 - t0;
    batch->render_ms = nb_now_ms() - t1;
    pthread_mutex_destroy(&p.lock);
    nb_free(order);
    return st == NB_OK ? outcome(&p, batch) : st;
}

/* ---- summary ---------------------------------------------------------------------- */

const char *nb_batch_state_name(nb_item_state state)
{
    switch (state) {
    case NB_ITEM_PENDING: return "未处理";
    case NB_ITEM_BAD: return "数据有误";
    case NB_ITEM_CURRENT: return "已是最新";
    case NB_ITEM_DONE: return "已生成";
    case NB_ITEM_HELD: return "未生成";
    case NB_ITEM_FAILED: return "失败";
    }
    return "";
}

static const char *state_key(nb_item_state state)
{
    static const char *const keys[] = {"pending", "bad", "up-to-date", "done", "held", "failed"};
    return keys[state];
}

static void json_item(FILE *out, const nb_batch_item *it)
{
    fputs("    {\"input\": ", out);
    nb_json_string(out, it->input);
    fputs(", \"output\": ", out);
    nb_json_string(out, it->output);
    fprintf(out, ", \"state\": \"%s\", \"pages\": %d, \"ms\": %.1f, \"errors\": [",
            state_key(it->state), it->pages, it->ms);
    for (size_t i = 0, n = 0; i < it->diag.count; i++) {
        const nb_diag_item *d = &it->diag.items[i];
        if (d->level != NB_DIAG_ERROR)
            continue;
        fprintf(out, "%s{\"line\": %d, \"col\": %d, \"message\": ", n++ ? ", " : "", d->span.line,
                d->span.col);
        nb_json_string(out, d->message);
        fputc('}', out);
    }
    fputs("]}", out);
}

void nb_batch_write_json(FILE *out, const nb_batch *b)
{
    fputs("{\n  \"reports\": [\n", out);
    int pages = 0;
    for (int i = 0; i < b->nitems; i++) {
        json_item(out, &b->items[i]);
        fputs(i + 1 < b->nitems ? ",\n" : "\n", out);
        pages += b->items[i].pages;
    }
    fprintf(out,
            "  ],\n  \"totals\": {\"reports\": %d, \"done\": %d, \"up_to_date\": %d, \"bad\": %d, "
            "\"held\": %d, \"failed\": %d, \"pending\": %d, \"pages\": %d, \"check_ms\": %.1f, "
            "\"render_ms\": %.1f}\n}\n",
            b->nitems, b->done, b->current, b->bad, b->held, b->failed, b->pending, pages,
            b->check_ms, b->render_ms);
}
