/* title.c — layout stage: where a title too wide for one line breaks.
 *
 * GB/T 9704-2012 7.3.1: a title that runs over is broken so that each
 * line keeps its words whole and the lines are balanced, 梯形 (the upper
 * line shorter) or 菱形 (the middle one longest).  There is no dictionary
 * here: the breaks offered are the boundaries this kind of title has — after
 * the body's name, after the year (2024年度 / 2024年), around the words of
 * the fixed part (政府信息公开 工作 年度报告), and after the units of an
 * administrative name (省 市 区 县 … 街道 办事处 人民政府) — and only where
 * linebreak.c allows a break at all.  Of the ways to set the title on the
 * fewest lines that fit, the one with the best breaks and the most
 * balanced shape wins; page.c then sets each line centred. */
#include "title.h"
#include "mem.h"
#include "linebreak.h"
#include "utf8.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct candidate {
    size_t at;       /* byte offset where a line may start */
    int penalty;     /* 0 preferred (after the name, after the year), 1 a word boundary,
                        2 one inside the body's name */
} candidate;

enum { MAX_CANDIDATES = 24, MAX_LINES = 4 };

typedef struct finder {
    const char *title;
    size_t len;
    const unsigned char *brk;
    candidate c[MAX_CANDIDATES];
    int n;
} finder;

static void offer(finder *f, size_t at, int penalty)
{
    if (at == 0 || at >= f->len || f->brk[at] != NB_BREAK_ALLOW)
        return;
    for (int i = 0; i < f->n; i++)
        if (f->c[i].at == at) {
            f->c[i].penalty = penalty < f->c[i].penalty ? penalty : f->c[i].penalty;
            return;
        }
    if (f->n < MAX_CANDIDATES)
        f->c[f->n++] = (candidate){at, penalty};
}

/* Breaks before and after every occurrence of `word`. */
static void offer_word(finder *f, const char *word, int penalty)
{
    size_t w = strlen(word);
    for (const char *p = strstr(f->title, word); p; p = strstr(p + w, word)) {
        offer(f, (size_t)(p - f->title), penalty);
        offer(f, (size_t)(p - f->title) + w, penalty);
    }
}

static bool starts_with_any(const char *s, const char *const *list)
{
    for (int i = 0; list[i]; i++)
        if (strncmp(s, list[i], strlen(list[i])) == 0)
            return true;
    return false;
}

/* After the unit of an administrative name, unless the unit is the first
 * character of a word (市场, 区域) or of a longer unit (苏州市: not 苏州/市). */
static void offer_units(finder *f)
{
    static const char *const units[] = {"省", "市", "区", "县", "旗", "盟", "州", "镇", "乡", NULL};
    static const char *const next_no[] = {"市", "区", "县", "旗", "盟", "镇", "乡", "场", "域",
                                          "民", "委", "长", "级", "属", "内", "外", "直", NULL};
    for (size_t i = 0; i < f->len;) {
        uint32_t cp;
        int k = nb_utf8_decode(f->title + i, f->len - i, &cp);
        if (starts_with_any(f->title + i, units) && !starts_with_any(f->title + i + k, next_no))
            offer(f, i + (size_t)k, 1);
        i += (size_t)k;
    }
}

/* After the year: "2024年度" or "2024年" (not "2024年1月"). */
static void offer_year(finder *f)
{
    static const char nian[] = "年", du[] = "度";
    for (const char *p = strstr(f->title, nian); p; p = strstr(p + 3, nian)) {
        bool year = p > f->title && p[-1] >= '0' && p[-1] <= '9';
        size_t at = (size_t)(p - f->title) + 3;
        if (strncmp(f->title + at, du, 3) == 0)
            offer(f, at + 3, 0);
        else if (year && !(f->title[at] >= '0' && f->title[at] <= '9'))
            offer(f, at, 0);
    }
}

static void find_candidates(finder *f, const char *body)
{
    static const char *const words[] = {"政府信息公开", "政务公开", "工作", "年度报告", "报告",
                                        "人民政府", "办事处", "街道", "委员会", "管理委员会",
                                        "办公室", "综合实验区", "开发区", "自治区", NULL};
    size_t bl = body ? strlen(body) : 0;
    if (bl && strncmp(f->title, body, bl) == 0)
        offer(f, bl, 0);
    else
        bl = 0;
    offer_year(f);
    for (int i = 0; words[i]; i++)
        offer_word(f, words[i], 1);
    offer_units(f);
    /* The body's name is best kept whole on its line. */
    for (int i = 0; i < f->n; i++)
        if (f->c[i].at < bl)
            f->c[i].penalty = 2;
}

/* ---- choosing ------------------------------------------------------------ */

typedef struct chooser {
    finder *f;
    nb_text *text;
    int role;
    float size, measure;
    double width[MAX_CANDIDATES + 2][MAX_CANDIDATES + 2];   /* between cut points, lazily */
    size_t cut[MAX_CANDIDATES + 2];                         /* 0, candidates…, len */
    int ncut;
} chooser;

static double segment_width(chooser *ch, int a, int b)
{
    if (ch->width[a][b] < 0) {
        size_t n = ch->cut[b] - ch->cut[a];
        char *s = nb_malloc(n + 1);
        if (!s)
            return INFINITY;
        memcpy(s, ch->f->title + ch->cut[a], n);
        s[n] = '\0';
        ch->width[a][b] = nb_para_natural_width(ch->text, s, ch->role, ch->size);
        nb_free(s);
    }
    return ch->width[a][b];
}

/* How far a set of line widths (em) is from the shapes GB/T 9704 asks for. */
static double shape_cost(const double *w, int n)
{
    double lo = w[0], hi = w[0];
    for (int i = 1; i < n; i++) {
        lo = w[i] < lo ? w[i] : lo;
        hi = w[i] > hi ? w[i] : hi;
    }
    double off = 0;   /* how much longer an upper line is than the one it should not pass */
    if (n == 2) {
        off = w[0] - w[1];
    } else {
        double trapezoid = 0, diamond = 0;
        for (int i = 0; i + 1 < n; i++)
            trapezoid += fmax(0, w[i] - w[i + 1]);
        for (int i = 0; i < n; i++)
            diamond += fmax(0, w[i] - w[n / 2]);
        off = fmin(trapezoid, diamond);
    }
    return (hi - lo) + 3 * fmax(0, off - 0.5);
}

/* The best cost of `lines` lines over the cut points, with the chosen
 * cuts in best[]; INFINITY when no way fits. */
static double choose(chooser *ch, int lines, int *best)
{
    int k = ch->ncut - 2;   /* inner cuts */
    int pick[MAX_LINES] = {0}, idx[MAX_LINES] = {0};
    double best_cost = INFINITY;
    for (int i = 0; i < lines - 1; i++)
        idx[i] = i;
    if (lines - 1 > k)
        return INFINITY;
    for (;;) {
        double w[MAX_LINES] = {0}, cost = 0;
        bool fits = true;
        int prev = 0;
        for (int i = 0; i < lines && fits; i++) {
            int next = i < lines - 1 ? idx[i] + 1 : ch->ncut - 1;
            double width = segment_width(ch, prev, next);
            fits = width <= ch->measure + 0.01;
            w[i] = width / ch->size;
            if (i < lines - 1)
                cost += 10 * ch->f->c[idx[i]].penalty;
            prev = next;
        }
        if (fits) {
            cost += shape_cost(w, lines);
            if (cost < best_cost) {
                best_cost = cost;
                memcpy(pick, idx, sizeof pick);
            }
        }
        int i = lines - 2;   /* next combination of lines - 1 cuts out of k */
        while (i >= 0 && idx[i] == k - (lines - 1) + i)
            i--;
        if (i < 0)
            break;
        idx[i]++;
        for (int j = i + 1; j < lines - 1; j++)
            idx[j] = idx[j - 1] + 1;
    }
    if (best_cost < INFINITY)
        memcpy(best, pick, sizeof pick);
    return best_cost;
}

static int by_offset(const void *a, const void *b)
{
    const candidate *x = a, *y = b;
    return (x->at > y->at) - (x->at < y->at);
}

int nb_title_break(nb_text *text, const char *title, const char *body, int role, float size,
                   float measure, size_t *starts, int max_lines)
{
    size_t len = strlen(title);
    starts[0] = 0;
    if (max_lines < 2 || nb_para_natural_width(text, title, role, size) <= measure + 0.01)
        return 1;
    unsigned char *brk = nb_malloc(len + 1);
    chooser *ch = nb_calloc(1, sizeof *ch);
    if (!brk || !ch) {
        nb_free(brk);
        nb_free(ch);
        return 1;
    }
    if (!nb_linebreak_find(title, len, brk)) {
        nb_free(brk);
        nb_free(ch);
        return 1;
    }
    finder f = {title, len, brk, {{0, 0}}, 0};
    find_candidates(&f, body);
    qsort(f.c, (size_t)f.n, sizeof *f.c, by_offset);
    *ch = (chooser){.f = &f, .text = text, .role = role, .size = size, .measure = measure};
    ch->cut[ch->ncut++] = 0;
    for (int i = 0; i < f.n; i++)
        ch->cut[ch->ncut++] = f.c[i].at;
    ch->cut[ch->ncut++] = len;
    for (int a = 0; a < ch->ncut; a++)
        for (int b = 0; b < ch->ncut; b++)
            ch->width[a][b] = -1;
    int lines = 1, best[MAX_LINES];
    /* Fewer lines first; one more line is worth it only for a much
     * better title. */
    double best_cost = INFINITY;
    for (int n = 2; n <= max_lines && n <= MAX_LINES; n++) {
        int pick[MAX_LINES] = {0};
        double cost = choose(ch, n, pick) + 8 * (n - 2);
        if (cost < best_cost) {
            best_cost = cost;
            lines = n;
            memcpy(best, pick, sizeof best);
        }
    }
    if (best_cost < INFINITY)
        for (int i = 0; i < lines - 1; i++)
            starts[i + 1] = f.c[best[i]].at;
    else
        lines = 1;   /* no word boundary will do: the paragraph breaker wraps it */
    nb_free(brk);
    nb_free(ch);
    return lines;
}
