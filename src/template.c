/* template.c — input stage, in reverse: writes the complete, commented
 * input file of `nianbao init` from the form, so the template names every
 * cell of every table exactly as input.c reads it and cannot drift from
 * the form.  Totals that check.c computes are left out (a 0 written for
 * them would be the first error of every fill); the texts are stand-ins
 * that `check` warns about and a final render refuses. */
#include "template.h"
#include "mem.h"
#include "form.h"

#include <string.h>

static const char PLACEHOLDER_HEADING[] = "（一）……";
static const char PLACEHOLDER_TEXT[] = "请在此填写正文。";

bool nb_template_is_placeholder(const char *text)
{
    if (strstr(text, "请在此填写"))
        return true;
    /* 「（一）……」, 「（二）……」: a number and nothing but the ellipsis. */
    const char *close = strncmp(text, "（", 3) == 0 ? strstr(text, "）") : NULL;
    const char *rest = close ? close + 3 : text;
    return strcmp(rest, "……") == 0 || strcmp(rest, "…") == 0;
}

/* The body's name as a YAML scalar: as it is when that reads back the
 * same, else double-quoted with escapes — a name with ": ", " #", quotes,
 * a leading indicator or a line break must not change the template's
 * structure or be cut (F16).  Into buf (cap >= 4 * strlen + 3). */
static const char *yaml_scalar(const char *s, char *buf, size_t cap)
{
    bool plain = *s && !strchr("-?:,[]{}#&*!|>'\"%@` ", *s);
    for (const char *p = s; plain && *p; p++)
        plain = (unsigned char)*p >= 0x20 && *p != 0x7F && *p != '"' && *p != '\\' &&
                !(p[0] == ':' && (p[1] == ' ' || !p[1])) && !(p[0] == ' ' && p[1] == '#') &&
                !(p[0] == ' ' && !p[1]);
    if (plain && strcmp(s, "~") && strcmp(s, "null") && strcmp(s, "Null") && strcmp(s, "NULL"))
        return s;
    size_t n = 0;
    buf[n++] = '"';
    for (const char *p = s; *p && n + 8 < cap; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == '"' || c == '\\')
            n += (size_t)snprintf(buf + n, cap - n, "\\%c", c);
        else if (c == '\n')
            n += (size_t)snprintf(buf + n, cap - n, "\\n");
        else if (c < 0x20 || c == 0x7F)
            n += (size_t)snprintf(buf + n, cap - n, "\\x%02X", c);
        else
            buf[n++] = (char)c;
    }
    buf[n++] = '"';
    buf[n] = '\0';
    return buf;
}

static void write_header(FILE *out, const nb_form *form, const char *body, int year)
{
    fprintf(out,
            "# 政府信息公开工作年度报告 — nianbao 输入文件\n"
            "# 格式：%s\n"
            "# 填写说明（详见 docs/填写说明.md）：\n"
            "#   · 每行写成「项目: 内容」：冒号用半角「:」，冒号后空一格；缩进用空格，不用 Tab。\n"
            "#   · 「#」后为注释，不会印出。正文中不要写「 #」（空格加 #），否则其后的文字会丢失。\n"
            "#   · 表格中的数字按表格从左到右的顺序填写，用半角逗号「,」分隔；没有的填 0。\n"
            "#   · 「总计」列和「（七）总计」行由程序计算，不必填写；如填写，须与各项之和一致。\n"
            "#   · 「（一）……」「请在此填写正文。」是占位文字，须改为实际内容，否则不能生成 PDF。\n"
            "#   · 检查：nianbao check 本文件.yaml    排版：nianbao render 本文件.yaml -o 报告.pdf\n\n"
            "格式: %d\n"
            "机关名称: %s\n"
            "年度: %d\n"
            "# 标题可省略，默认为「机关名称 + 年度 + 年政府信息公开工作年度报告」，在机关名称后换行。\n"
            "# 如需自定，写一行文字，或写成列表，每项一行：\n"
            "# 标题:\n"
            "#   - %s\n"
            "#   - %d年政府信息公开工作年度报告\n\n"
            "# 前言（可省略）：一段或多段文字。\n"
            "前言:\n"
            "  - 本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《中华人民共和国政府信息公开工作年度报告格式》要求编制。\n\n",
            form->title ? form->title : "", form->format, body, year, body, year);
}

static void write_text_section(FILE *out, const nb_form_section *s)
{
    fprintf(out,
            "# %s\n"
            "# 每项以「- 」开头，为一段文字；「- 小标题: 」后为二级标题，如「- 小标题: （一）主动公开」。\n"
            "%s:\n"
            "  - 小标题: %s\n"
            "  - %s\n\n",
            s->heading, s->key, PLACEHOLDER_HEADING, PLACEHOLDER_TEXT);
}

/* The path of the row a field belongs to: without its column. */
static size_t row_path_len(const nb_field *f)
{
    if (!f->col_name)
        return strlen(f->path);
    return strlen(f->path) - strlen(f->col_name) - 1;
}

/* Components shared by two dotted paths (whole components only). */
static int shared_components(const char *a, size_t la, const char *b, size_t lb)
{
    int n = 0;
    size_t i = 0;
    for (;; i++) {
        bool end_a = i == la || a[i] == '.', end_b = i == lb || b[i] == '.';
        if (end_a || end_b) {
            if (!(end_a && end_b))
                return n;
            n++;
            if (i == la || i == lb)
                return n;
            continue;
        }
        if (a[i] != b[i])
            return n;
    }
}

static void write_component_lines(FILE *out, const char *path, size_t len, int from,
                                  bool leaf_inline)
{
    int depth = 0;
    size_t start = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i < len && path[i] != '.')
            continue;
        if (depth >= from) {
            fprintf(out, "%*s%.*s:", 2 + 2 * depth, "", (int)(i - start), path + start);
            if (!(i == len && leaf_inline))
                fputc('\n', out);
        }
        depth++;
        start = i + 1;
    }
}

static int row_columns(const nb_form_table *t, int first, size_t rlen)
{
    int n = 0;
    while (first + n < t->nfields && t->fields[first + n].col_name &&
           row_path_len(&t->fields[first + n]) == rlen &&
           strncmp(t->fields[first + n].path, t->fields[first].path, rlen) == 0)
        n++;
    return n;
}

/* A field that check.c fills in when it is left out: the one total of a rule. */
static bool is_computed(const nb_form *form, int table, int field)
{
    for (int i = 0; i < form->nrules; i++)
        if (form->rules[i].table == table && form->rules[i].ntotal == 1 &&
            form->rules[i].total[0] == field)
            return true;
    return false;
}

/* Columns of the row starting at `first` to write: all but computed ones
 * at its end (input.c accepts a row list without its last 总计). */
static int written_columns(const nb_form *form, int table, int first, int ncols)
{
    int n = ncols;
    while (n > 0 && is_computed(form, table, first + n - 1))
        n--;
    return n;
}

static bool row_is_computed(const nb_form *form, int table, int first, int ncols)
{
    for (int k = 0; k < (ncols ? ncols : 1); k++)
        if (!is_computed(form, table, first + k))
            return false;
    return true;
}

static void write_columns_note(FILE *out, const nb_form *form, int table)
{
    const nb_form_table *t = &form->tables[table];
    for (int f = 0; f < t->nfields; f++) {
        int ncols = row_columns(t, f, row_path_len(&t->fields[f]));
        if (ncols < 2)
            continue;
        int nwritten = written_columns(form, table, f, ncols);
        fprintf(out, "# 每行的数字依次为：");
        for (int k = 0; k < nwritten; k++)
            fprintf(out, "%s%s", k ? "、" : "", t->fields[f + k].col_name);
        if (nwritten < ncols)
            fprintf(out, "（「%s」由程序计算，不必填写）", t->fields[f + ncols - 1].col_name);
        fputc('\n', out);
        if (nwritten == ncols)
            return;
        /* One filled row, where totals are left out: the case to copy. */
        fprintf(out, "# 例：%s 3 件、%s 1 件，其余为 0，写作\n#   %.*s: [3, 1", t->fields[f].col_name,
                t->fields[f + 1].col_name, (int)row_path_len(&t->fields[f]), t->fields[f].path);
        for (int k = 2; k < nwritten; k++)
            fprintf(out, ", 0");
        fprintf(out, "]   # 总计 4 由程序算出\n");
        return;
    }
}

static void write_number(FILE *out, const nb_value *values, int field)
{
    char number[32] = "0";
    if (values)
        nb_form_format_value(values[field].v, number, sizeof number);
    fputs(number, out);
}

static void write_row(FILE *out, const nb_value *values, int first, int ncols, int nwritten)
{
    if (ncols == 0) {
        fputc(' ', out);
        write_number(out, values, first);
        return;
    }
    fprintf(out, " [");
    for (int k = 0; k < nwritten; k++) {
        fputs(k ? ", " : "", out);
        write_number(out, values, first + k);
    }
    fprintf(out, "]");
}

/* The table's every cell: zeros for a template (computed totals left
 * out), or the given values with their totals (`sum`). */
static void write_table(FILE *out, const nb_form *form, const nb_form_section *s, int table,
                        const nb_value *values)
{
    const nb_form_table *t = &form->tables[table];
    fprintf(out, "# %s\n", s->heading);
    if (!values)
        write_columns_note(out, form, table);
    fprintf(out, "%s:\n", t->key);
    const char *prev = "";
    size_t prev_len = 0;
    for (int f = 0; f < t->nfields;) {
        const nb_field *fd = &t->fields[f];
        size_t rlen = row_path_len(fd);
        int ncols = row_columns(t, f, rlen);
        int step = ncols ? ncols : 1;
        if (!values && row_is_computed(form, table, f, ncols)) {
            fprintf(out, "  # 「%s」由程序计算，不必填写\n", fd->row_name);
            f += step;
            continue;
        }
        int shared = shared_components(prev, prev_len, fd->path, rlen);
        write_component_lines(out, fd->path, rlen, shared, true);
        write_row(out, values, f, ncols, values ? ncols : written_columns(form, table, f, ncols));
        fprintf(out, "   # %s%s\n", fd->row_name,
                fd->kind == NB_FIELD_AMOUNT ? "（单位：万元）" : "");
        prev = fd->path;
        prev_len = rlen;
        f += step;
    }
    fputc('\n', out);
}

nb_status nb_template_write(FILE *out, const nb_form *form, const char *name, int year)
{
    size_t cap = 4 * strlen(name) + 3;
    char *buf = nb_malloc(cap);
    if (!buf)
        return NB_ERR_NOMEM;
    const char *body = yaml_scalar(name, buf, cap);
    write_header(out, form, body, year);
    for (int i = 0; i < form->nsections; i++) {
        const nb_form_section *s = &form->sections[i];
        if (s->kind == NB_SECTION_TEXT)
            write_text_section(out, s);
        else
            write_table(out, form, s, s->table, NULL);
    }
    fprintf(out,
            "# 落款（可省略）：署名与成文日期，排在正文之后右侧。\n"
            "# 落款:\n"
            "#   署名: %s\n"
            "#   日期: %d年1月15日\n",
            body, year + 1);
    nb_free(buf);
    return ferror(out) ? NB_ERR_IO : NB_OK;
}

nb_status nb_template_write_sum(FILE *out, const nb_form *form, const char *body, int year,
                                nb_value *const *values, const char *const *sources,
                                int nsources)
{
    fprintf(out, "# %s %d年政府信息公开工作年度报告 — 由 nianbao sum 汇总\n"
                 "# 表二至表四为下列 %d 份报告逐格之和；正文各部分请本机关撰写。\n",
            body, year, nsources);
    for (int i = 0; i < nsources; i++)
        fprintf(out, "#   %s\n", sources[i]);
    fprintf(out, "\n格式: %d\n机关名称: %s\n年度: %d\n\n", form->format, body, year);
    for (int i = 0; i < form->nsections; i++) {
        const nb_form_section *s = &form->sections[i];
        if (s->kind == NB_SECTION_TEXT)
            write_text_section(out, s);
        else
            write_table(out, form, s, s->table, values[s->table]);
    }
    return ferror(out) ? NB_ERR_IO : NB_OK;
}
