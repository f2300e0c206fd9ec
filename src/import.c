/* import.c — import stage, the common part: an nb_import_doc (lines from
 * one of the readers import_txt.c, import_pdf.c, import_docx.c) → the text
 * of an input file.  Finds the six sections by the form's headings, the
 * title (机关名称, 年度) and the preamble before them, rejoins paragraphs
 * broken by line wraps and page breaks, recognises sub-headings, takes the
 * closing (署名, 日期) off the end, and reads the tables by the form's own
 * labels (import_table.c).  Nothing here knows a row label. */
#include "import.h"
#include "mem.h"
#include "import_util.h"
#include "form.h"
#include "input.h"
#include "check.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- the model -------------------------------------------------------- */

void nb_import_doc_init(nb_import_doc *doc, nb_arena *arena, const char *file)
{
    *doc = (nb_import_doc){.file = file, .arena = arena};
}

nb_status nb_import_doc_add(nb_import_doc *doc, const char *text, size_t len,
                            int line, bool joins)
{
    nb_import_line *lines = nb_arena_grow(doc->arena, doc->lines, doc->nlines,
                                          &doc->cap, sizeof *lines);
    char *copy = nb_arena_strndup(doc->arena, text, len);
    if (!lines || !copy)
        return NB_ERR_NOMEM;
    doc->lines = lines;
    lines[doc->nlines++] = (nb_import_line){.text = copy, .line = line, .joins = joins};
    return NB_OK;
}

/* ---- paragraphs ------------------------------------------------------- */

static bool add_para(imp *m, para_list *l, const char *text, const nb_import_line *at)
{
    para *items = nb_arena_grow(m->arena, l->items, l->count, &l->cap, sizeof *items);
    if (!items)
        return false;
    l->items = items;
    items[l->count++] = (para){text, at, at->bold};
    return true;
}

/* A paragraph that stops without closing punctuation continues on the next
 * line of a web page's text too: the source broke it at a page. */
static bool ends_open(const char *text)
{
    static const char *const closers[] = {"。", "！", "？", "；", "：", "”", "）", ")", ".", "…"};
    size_t n = strlen(text);
    for (size_t i = 0; i < sizeof closers / sizeof *closers; i++) {
        size_t k = strlen(closers[i]);
        if (n >= k && memcmp(text + n - k, closers[i], k) == 0)
            return false;
    }
    return n > 0;
}

static bool ends_with_comma(const char *text)
{
    size_t n = strlen(text), k = strlen("，");
    return n >= k && (memcmp(text + n - k, "，", k) == 0 || memcmp(text + n - k, "、", k) == 0);
}

static bool joins_previous(imp *m, const para_list *l, const nb_import_line *ln,
                           const char *text)
{
    if (l->count == 0)
        return false;
    const para *prev = &l->items[l->count - 1];
    if (ln->joins)
        return true;
    if (imp_is_heading(prev->text, prev->bold) || imp_is_heading(text, ln->bold))
        return false;
    /* a short line without a full stop may be a line of its own (a title,
     * 「特此报告」); one ending in a comma never is */
    return ends_open(prev->text) && (imp_chars(prev->text) >= 24 || ends_with_comma(prev->text));
}

/* Lines [from, to) → paragraphs (the tabs of a stray table row become
 * spaces). */
static bool collect_paras(imp *m, int from, int to, para_list *out)
{
    for (int i = from; i < to; i++) {
        const nb_import_line *ln = &m->doc->lines[i];
        const char *text = imp_tidy_spaces(m->arena, imp_trim(m->arena, ln->text));
        if (!text)
            return false;
        if (!*text)
            continue;
        if (joins_previous(m, out, ln, text)) {
            para *prev = &out->items[out->count - 1];
            prev->text = imp_concat(m->arena, prev->text, text);
            if (!prev->text)
                return false;
        } else if (!add_para(m, out, text, ln)) {
            return false;
        }
    }
    return true;
}

/* ---- sections --------------------------------------------------------- */

/* Index of the line that is the heading of form section s, searched from
 * line `from`, or -1.  「二、主动公开…」, 「主动公开…」 and 「4、 政府…」
 * all count: the words decide, not the numbering. */
static int find_section(imp *m, int s, int from)
{
    const char *want = imp_core(m->arena, m->form->sections[s].heading, false);
    if (!want)
        return -1;
    for (int i = from; i < m->doc->nlines; i++) {
        const char *n = imp_norm(m->arena, m->doc->lines[i].text);
        if (n && strcmp(imp_strip_numbering(n), want) == 0)
            return i;
    }
    return -1;
}

static bool find_sections(imp *m)
{
    int from = 0;
    for (int s = 0; s < m->form->nsections; s++) {
        int at = find_section(m, s, from);
        m->section_line[s] = at;
        if (at < 0) {
            nb_diag_error(m->diag, imp_span(m, NULL),
                          "找不到第 %d 部分的标题「%s」，这一部分未能导入", s + 1,
                          m->form->sections[s].heading);
            nb_diag_hint(m->diag, "请检查原文中的各部分标题是否齐全，或在输出文件中补上这一部分");
            m->uncertain = true;
        } else {
            from = at + 1;
        }
    }
    return true;
}

/* The line after the end of section s: the next found heading, or the end. */
static int section_end(const imp *m, int s)
{
    for (int k = s + 1; k < m->form->nsections; k++)
        if (m->section_line[k] >= 0)
            return m->section_line[k];
    return m->doc->nlines;
}

static int first_section_line(const imp *m)
{
    for (int s = 0; s < m->form->nsections; s++)
        if (m->section_line[s] >= 0)
            return m->section_line[s];
    return m->doc->nlines;
}

/* ---- title, body, year ------------------------------------------------ */

/* The title: the first lines up to the one naming the 年度报告 (at most
 * four), else just the first line — taken before paragraphs are rejoined,
 * since a title does not end with a full stop. */
static int title_lines(const imp *m, int end)
{
    for (int i = 0; i < end && i < 4; i++) {
        const char *t = m->doc->lines[i].text;
        if (imp_chars(t) > 60)
            break;
        if (strstr(t, "报告"))
            return i + 1;
    }
    return end > 0 && imp_chars(m->doc->lines[0].text) <= 60 ? 1 : 0;
}

/* 机关名称 is what precedes the year in the title; the title's second line
 * starts at the year. */
static void read_title(imp *m, int n)
{
    const char *joined = "";
    for (int i = 0; i < n; i++)
        joined = imp_concat(m->arena, joined, imp_trim(m->arena, m->doc->lines[i].text));
    if (!joined)
        return;
    const nb_import_line *at = &m->doc->lines[0];
    const char *y = imp_find_year(joined, &m->year);
    if (!y) {
        nb_diag_error(m->diag, imp_span(m, at),
                      "标题「%s」中找不到年度（如「2021年」），「年度」未能确定", joined);
        m->uncertain = true;
        m->body = imp_trim(m->arena, joined);
        return;
    }
    m->body = imp_trim(m->arena, nb_arena_strndup(m->arena, joined, (size_t)(y - joined)));
    if (m->body && !*m->body) {
        nb_diag_error(m->diag, imp_span(m, at),
                      "标题「%s」中年度之前没有机关名称，「机关名称」未能确定", joined);
        m->uncertain = true;
    }
    m->title_rest = imp_tidy_spaces(m->arena, imp_trim(m->arena, y));
}

static bool read_front(imp *m)
{
    int end = first_section_line(m);
    int n = title_lines(m, end);
    if (n == 0) {
        nb_diag_error(m->diag, imp_span(m, NULL), "找不到报告标题，「机关名称」和「年度」未能确定");
        m->uncertain = true;
    } else {
        read_title(m, n);
    }
    m->preamble = (para_list){0};
    return collect_paras(m, n, end, &m->preamble);
}

/* ---- the closing ------------------------------------------------------ */

/* Takes 署名 and 日期 off the end of the last section: a date line
 * (「2022年1月14日」, alone or after the signer on the same line) and the
 * short line before it. */
static void take_closing(imp *m, para_list *l)
{
    if (l->count == 0)
        return;
    para *last = &l->items[l->count - 1];
    const char *date = imp_closing_date(last->text);
    if (!date)
        return;
    m->date = imp_trim(m->arena, date);
    const char *signer = imp_trim(m->arena, nb_arena_strndup(m->arena, last->text,
                                                            (size_t)(date - last->text)));
    l->count--;
    if (signer && *signer) {
        m->signer = signer;
    } else if (l->count > 0 && imp_is_signer(l->items[l->count - 1].text)) {
        m->signer = l->items[l->count - 1].text;
        l->count--;
    }
}

/* ---- output ----------------------------------------------------------- */

static void write_blocks(imp *m, const para_list *l)
{
    for (int i = 0; i < l->count; i++) {
        const char *t = l->items[i].text;
        if (imp_is_heading(t, l->items[i].bold)) {
            imp_out(m, "  - 小标题: ");
        } else {
            imp_out(m, "  - ");
        }
        imp_out_scalar(m, t);
        imp_out(m, "\n");
    }
}

static void write_text_section(imp *m, int s, para_list *l)
{
    const nb_form_section *sec = &m->form->sections[s];
    imp_outf(m, "\n# %s\n", sec->heading);
    if (m->section_line[s] < 0) {
        imp_outf(m, "# 未能确定：原文中找不到这一部分\n%s: ~\n", sec->key);
        return;
    }
    if (l->count == 0) {
        imp_outf(m, "# 原文这一部分没有文字\n%s: 无\n", sec->key);
        return;
    }
    imp_outf(m, "%s:\n", sec->key);
    write_blocks(m, l);
}

static bool default_title(const imp *m)
{
    if (!m->body || !m->title_rest || m->year == 0)
        return true;
    char want[64];
    snprintf(want, sizeof want, "%d年政府信息公开工作年度报告", m->year);
    return strcmp(imp_norm(m->arena, m->title_rest), want) == 0;
}

static void write_head(imp *m)
{
    if (m->year)
        imp_outf(m, "# %s %d 年政府信息公开工作年度报告\n", m->body ? m->body : "", m->year);
    imp_out(m, "# 由 nianbao import 导入：");
    imp_out(m, m->doc->file);
    imp_out(m, "\n# 请与原文核对。\n\n机关名称: ");
    imp_out_scalar(m, m->body && *m->body ? m->body : "~");
    if (m->year)
        imp_outf(m, "\n年度: %d\n", m->year);
    else
        imp_out(m, "\n年度: ~   # 未能确定\n");
    if (!default_title(m)) {
        imp_out(m, "标题:\n  - ");
        imp_out_scalar(m, m->body);
        imp_out(m, "\n  - ");
        imp_out_scalar(m, m->title_rest);
        imp_out(m, "\n");
    }
    if (m->preamble.count > 0) {
        imp_out(m, "\n前言:\n");
        write_blocks(m, &m->preamble);
    }
}

static void write_closing(imp *m)
{
    if (!m->date)
        return;
    if (!m->signer) {
        imp_out(m, "\n# 落款：原文只有日期「");
        imp_out(m, m->date);
        imp_out(m, "」，没有署名\n");
        return;
    }
    imp_out(m, "\n落款:\n  署名: ");
    imp_out_scalar(m, m->signer);
    imp_out(m, "\n  日期: ");
    imp_out_scalar(m, m->date);
    imp_out(m, "\n");
}

static bool write_sections(imp *m)
{
    int last_text = -1;
    for (int s = 0; s < m->form->nsections; s++)
        if (m->form->sections[s].kind == NB_SECTION_TEXT)
            last_text = s;
    for (int s = 0; s < m->form->nsections; s++) {
        const nb_form_section *sec = &m->form->sections[s];
        int from = m->section_line[s] + 1, to = section_end(m, s);
        if (sec->kind == NB_SECTION_TABLE) {
            if (!imp_table(m, s, from, to))
                return false;
            continue;
        }
        para_list l = {0};
        if (m->section_line[s] >= 0 && !collect_paras(m, from, to, &l))
            return false;
        if (s == last_text)
            take_closing(m, &l);
        write_text_section(m, s, &l);
    }
    write_closing(m);
    return true;
}

nb_status nb_import_to_yaml(nb_diag *diag, const nb_form *form,
                            const nb_import_doc *doc, char **yaml)
{
    imp m = {.diag = diag, .arena = doc->arena, .form = form, .doc = doc};
    m.section_line = NB_ARENA_NEW_ARRAY(doc->arena, int, form->nsections);
    if (!m.section_line || !imp_out_init(&m))
        return NB_ERR_NOMEM;
    bool ok = find_sections(&m) && read_front(&m);
    if (ok) {
        write_head(&m);
        ok = write_sections(&m);
    }
    char *text = imp_out_finish(&m);
    if (!ok || !text)
        return NB_ERR_NOMEM;
    *yaml = text;
    return m.uncertain ? NB_ERR_DATA : NB_OK;
}

/* ---- files ------------------------------------------------------------ */

static bool has_suffix(const char *path, const char *suffix)
{
    size_t n = strlen(path), k = strlen(suffix);
    return n >= k && strcasecmp(path + n - k, suffix) == 0;
}

nb_status nb_import_file(nb_diag *diag, nb_arena *arena, const nb_form *form,
                         const char *path, char **yaml)
{
    nb_import_doc doc;
    nb_import_doc_init(&doc, arena, path);
    nb_status st;
    if (has_suffix(path, ".pdf")) {
        st = nb_import_pdf_read(diag, path, &doc);
    } else if (has_suffix(path, ".docx")) {
        st = nb_import_docx_read(diag, path, &doc);
    } else if (has_suffix(path, ".txt") || has_suffix(path, ".text")) {
        size_t len = 0;
        char *data = NULL;
        st = imp_read_file(diag, path, &data, &len);
        if (st == NB_OK)
            st = nb_import_txt_buffer(diag, data, len, &doc);
        nb_free(data);
    } else {
        nb_diag_error(diag, (nb_span){path, 0, 0},
                      "不认识这种文件：应为 .docx（Word）、.pdf 或 .txt（网页或 PDF 导出的文字）");
        return NB_ERR_USAGE;
    }
    if (st != NB_OK)
        return st;
    return nb_import_to_yaml(diag, form, &doc, yaml);
}

nb_status nb_import_txt_to_yaml(nb_diag *diag, nb_arena *arena,
                                const nb_form *form, const char *data,
                                size_t len, char **yaml)
{
    nb_import_doc doc;
    nb_import_doc_init(&doc, arena, "<内存>");
    nb_status st = nb_import_txt_buffer(diag, data, len, &doc);
    return st == NB_OK ? nb_import_to_yaml(diag, form, &doc, yaml) : st;
}

