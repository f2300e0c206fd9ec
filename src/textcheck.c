/* textcheck.c — validate stage: the figures the report's text states about
 * its tables, against the cells.  Published reports often say one number
 * in the text and another in the table ("受理政府信息公开申请17件" above a
 * Table 3 that says 95).
 *
 * A figure is a number directly followed by its unit (件, 万元).  Its
 * phrase is the text before it back to the clause's start (，。；：！？
 * and brackets) or to the previous figure.  A pattern attributes the
 * figure to one cell (or to one sum of cells) when the phrase holds all of
 * the pattern's words, one of its `any` words and none of its `none`
 * words, nor any word that makes it a part, a change or another year
 * (其中, 同比, 增长, a year other than the report's).  Being conservative,
 * a phrase no pattern claims alone is not reported: one wrong warning
 * costs a clerk's trust in all the others. */
#include "audit.h"
#include "form.h"

#include <stdio.h>
#include <string.h>

typedef struct figure_pattern {
    const char *table;
    const char *paths[2];     /* the cell, or two cells the figure is the sum of */
    const char *unit;
    const char *all[3];       /* words the phrase must hold, NULL-ended */
    const char *any[8];       /* at least one of these (none listed: no need) */
    const char *none[16];     /* words that take the figure to something else (NULL-ended) */
} figure_pattern;

#define APPLICATION_NONE "结转", "上年", "去年", "公民", "自然人", "法人", "企业", "复议", "诉讼", "答复", "办结"
#define APPLICATION_NONE_DONE "结转", "上年", "去年", "公民", "自然人", "法人", "企业", "复议", "诉讼", "受理", "收到", "接到"

static const figure_pattern patterns[] = {
    {"表三", {"本年新收政府信息公开申请数量.总计"}, "件", {"申请"},
     {"收到", "受理", "接到", "接收", "新收", "收取"}, {APPLICATION_NONE}},
    {"表三", {"本年度办理结果.总计.总计"}, "件", {"申请"}, {"办结", "答复", "办理完毕", "处理完毕"},
     {APPLICATION_NONE_DONE}},
    {"表三", {"上年结转政府信息公开申请数量.总计"}, "件", {"结转"},
     {"上年", "上一年", "去年"}, {"下年", "下一年", "明年"}},
    {"表三", {"结转下年度继续办理.总计"}, "件", {"结转"},
     {"下年", "下一年", "明年"}, {"上年", "上一年", "去年"}},
    {"表四", {"行政复议.总计"}, "件", {"行政复议"}, {NULL},
     {"诉讼", "起诉", "结果", "维持", "纠正", "审结"}},
    {"表四", {"未经复议直接起诉.总计", "复议后起诉.总计"}, "件", {"行政诉讼"}, {NULL},
     {"复议", "结果", "维持", "纠正", "审结"}},
    {"表二", {"行政规范性文件.现行有效件数"}, "件", {"规范性文件", "现行有效"}, {NULL},
     {"废止", "制发", "印发"}},
    {"表二", {"行政规范性文件.本年废止件数"}, "件", {"规范性文件", "废止"}, {NULL},
     {"现行有效", "制发", "印发"}},
    {"表二", {"行政规范性文件.本年制发件数"}, "件", {"规范性文件"}, {"制发", "印发", "出台"},
     {"废止", "现行有效", "清理"}},
    {"表二", {"行政许可"}, "件", {"行政许可"}, {NULL}, {"处罚", "强制"}},
    {"表二", {"行政处罚"}, "件", {"行政处罚"}, {NULL}, {"许可", "强制"}},
    {"表二", {"行政强制"}, "件", {"行政强制"}, {NULL}, {"许可", "处罚"}},
    {"表二", {"行政事业性收费"}, "万元", {"行政事业性收费"}, {NULL}, {"信息处理费"}},
};

/* A part, a change, a comparison, an estimate: never the cell itself. */
static const char *const never[] = {"其中", "同比", "增长", "下降", "减少", "增加", "累计",
                                    "比", "较", "约", "近", "超过", "以上", "平均", NULL};

static const char *const clause_ends[] = {"，", "。", "；", "：", "！", "？", "（", "）", "(", ")",
                                          ",", ";", "\n", NULL};

static bool holds(const char *s, size_t n, const char *word)
{
    size_t w = strlen(word);
    for (size_t i = 0; i + w <= n; i++)
        if (memcmp(s + i, word, w) == 0)
            return true;
    return false;
}

static bool holds_any(const char *s, size_t n, const char *const *words, bool empty_means)
{
    if (!words[0])
        return empty_means;
    for (int i = 0; words[i]; i++)
        if (holds(s, n, words[i]))
            return true;
    return false;
}

/* A year other than the report's ("2023年" in a 2024 report) in the phrase. */
static bool other_year(const char *s, size_t n, int year)
{
    for (size_t i = 0; i + 4 < n; i++) {
        if (i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9')
            continue;
        int v = 0, k = 0;
        while (i + k < n && k < 5 && s[i + k] >= '0' && s[i + k] <= '9')
            v = v * 10 + (s[i + k++] - '0');
        if (k == 4 && i + 4 + 3 <= n && memcmp(s + i + 4, "年", 3) == 0 && v != year)
            return true;
    }
    return false;
}

static const figure_pattern *attribute(const char *s, size_t n, const char *unit, int year)
{
    if (holds_any(s, n, never, false) || other_year(s, n, year))
        return NULL;
    const figure_pattern *found = NULL;
    for (size_t i = 0; i < sizeof patterns / sizeof patterns[0]; i++) {
        const figure_pattern *p = &patterns[i];
        bool all = true;
        for (int k = 0; p->all[k]; k++)
            all &= holds(s, n, p->all[k]);
        if (strcmp(unit, p->unit) || !all || !holds_any(s, n, p->any, true) ||
            holds_any(s, n, p->none, false))
            continue;
        if (found)
            return NULL;   /* two readings: say nothing */
        found = p;
    }
    return found;
}

/* A number at s[i] with its unit right after it: value × NB_VALUE_SCALE,
 * the unit, and the end of the figure; false for anything else. */
static bool read_figure(const char *s, size_t i, int64_t *value, const char **unit, size_t *end)
{
    int64_t v = 0, frac = 0, scale = NB_VALUE_SCALE;
    size_t k = i;
    int digits = 0;
    for (; (s[k] >= '0' && s[k] <= '9') || (s[k] == ',' && digits); k++)
        if (s[k] != ',' && ++digits <= 12)
            v = v * 10 + (s[k] - '0');
    if (digits == 0 || digits > 12)
        return false;
    if (s[k] == '.' && s[k + 1] >= '0' && s[k + 1] <= '9')
        for (k++; s[k] >= '0' && s[k] <= '9'; k++)
            if (scale > 1) {
                scale /= 10;
                frac += (s[k] - '0') * scale;
            }
    static const char *const units[] = {"件", "万元", NULL};
    for (int u = 0; units[u]; u++)
        if (strncmp(s + k, units[u], strlen(units[u])) == 0) {
            *value = v * NB_VALUE_SCALE + frac;
            *unit = units[u];
            *end = k + strlen(units[u]);
            return true;
        }
    return false;
}

static size_t phrase_start(const char *s, size_t from, size_t at)
{
    size_t start = from;
    for (int c = 0; clause_ends[c]; c++) {
        size_t w = strlen(clause_ends[c]);
        for (size_t i = from; i + w <= at; i++)
            if (memcmp(s + i, clause_ends[c], w) == 0 && i + w > start)
                start = i + w;
    }
    return start;
}

static int64_t cells_value(const nb_report *rep, int ti, const int *fields, int n)
{
    int64_t v = 0;
    for (int i = 0; i < n; i++)
        v += rep->values[ti][fields[i]].v;
    return v;
}

static nb_status add_finding(nb_arena *arena, const nb_report *rep, const nb_block *b,
                             const figure_pattern *p, const char *phrase, size_t len,
                             int64_t stated, nb_findings *out)
{
    int ti = nb_form_find_table(rep->form, p->table), fields[2], n = 0;
    for (int i = 0; i < 2 && p->paths[i] && ti >= 0; i++)
        if ((fields[n] = nb_form_find_field(&rep->form->tables[ti], p->paths[i])) >= 0)
            n++;
    if (ti < 0 || n == 0 || (p->paths[1] && n < 2))
        return NB_OK;   /* a form without this cell */
    if (rep->table_invalid && rep->table_invalid[ti])
        return NB_OK;   /* the table has input errors: its cells are not what was meant */
    int64_t cell = cells_value(rep, ti, fields, n);
    char a[32], c[32], words[1024], buf[2048];
    nb_form_format_value(stated, a, sizeof a);
    nb_form_format_value(cell, c, sizeof c);
    const nb_form_table *t = &rep->form->tables[ti];
    snprintf(words, sizeof words, "%s%s%s", nb_audit_cell_words(arena, t, fields[0]),
             n > 1 ? " + " : "", n > 1 ? nb_audit_cell_words(arena, t, fields[1]) : "");
    snprintf(buf, sizeof buf, "正文「%.*s」写 %s，%s为 %s", (int)len, phrase, a, words, c);
    nb_finding *f = nb_audit_add(out, arena);
    if (!f)
        return NB_ERR_NOMEM;
    *f = (nb_finding){NB_FIND_TEXT, stated == cell, nb_arena_strdup(arena, p->table),
                      nb_arena_strdup(arena, buf), ti, n == 1 ? fields[0] : -1, stated, b->span};
    return f->figures ? NB_OK : NB_ERR_NOMEM;
}

static nb_status scan_block(nb_arena *arena, const nb_report *rep, const nb_block *b,
                            nb_findings *out)
{
    const char *s = b->text;
    size_t prev_end = 0;
    for (size_t i = 0; s[i]; i++) {
        int64_t value;
        const char *unit;
        size_t end;
        if ((i > 0 && ((s[i - 1] >= '0' && s[i - 1] <= '9') || s[i - 1] == '.')) ||
            !read_figure(s, i, &value, &unit, &end))
            continue;
        size_t start = phrase_start(s, prev_end, i);
        const figure_pattern *p = attribute(s + start, i - start, unit, rep->year);
        /* The phrase as quoted: up to the figure's end. */
        nb_status st = p ? add_finding(arena, rep, b, p, s + start, end - start, value, out)
                         : NB_OK;
        if (st != NB_OK)
            return st;
        prev_end = end;
        i = end - 1;
    }
    return NB_OK;
}

nb_status nb_audit_text(nb_arena *arena, const nb_report *report, nb_findings *out)
{
    nb_status st = NB_OK;
    for (int i = 0; i < report->npreamble && st == NB_OK; i++)
        st = scan_block(arena, report, &report->preamble[i], out);
    for (int si = 0; si < report->form->nsections && st == NB_OK; si++)
        for (int i = 0; i < report->sections[si].nblocks && st == NB_OK; i++)
            st = scan_block(arena, report, &report->sections[si].blocks[i], out);
    return st;
}

int nb_audit_text_unknown_cells(const nb_form *form)
{
    int missing = 0;
    for (size_t i = 0; i < sizeof patterns / sizeof patterns[0]; i++) {
        int ti = nb_form_find_table(form, patterns[i].table);
        for (int k = 0; k < 2 && patterns[i].paths[k]; k++)
            missing += ti < 0 || nb_form_find_field(&form->tables[ti], patterns[i].paths[k]) < 0;
    }
    return missing;
}
