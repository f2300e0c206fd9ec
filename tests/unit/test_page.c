/* test_page.c — the page composer (page.c) on whole reports read from
 * YAML: the keep rules (no paragraph leaves one line at a page foot or
 * carries one line over, a heading never ends a page without the lines
 * that follow it, a table never starts with only its header or leaves a
 * short part under a repeated header), and what must never be lost or
 * fall off a page. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fixture.h"
#include "form.h"
#include "input.h"
#include "page.h"
#include "table.h"

/* A paragraph that sets exactly `lines` lines on the grid: 26 characters
 * after the two-character indent, then 28 a line.  `mark` (one CJK
 * character) makes paragraphs tell apart. */
static char *paragraph(const char *mark, int lines)
{
    int chars = 26 + 28 * (lines - 1);
    char *s = malloc((size_t)chars * 3 + 1);
    assert_non_null(s);
    for (int i = 0; i < chars; i++)
        memcpy(s + 3 * i, i == 0 ? mark : "文", 3);
    s[chars * 3] = '\0';
    return s;
}

static const char tail_text[] =
    "表二: {}\n表三: {}\n表四: {}\n"
    "存在的主要问题及改进情况: 无\n其他需要报告的事项: 无\n";

/* Every text line of every page inside the type area, but the page
 * number, which is the page's last item and sits under it. */
static void assert_inside_pages(const fixture *fx, const nb_doc *doc)
{
    double top = fx->style->top, foot = top + fx->style->block_h;
    for (int p = 0; p < doc->npages; p++)
        for (int i = 0; i + 1 < doc->pages[p].nitems; i++) {
            const nb_item *it = &doc->pages[p].items[i];
            if (it->kind != NB_ITEM_TEXT)
                continue;
            assert_true(it->y > top && it->y < foot);
            assert_true(it->x >= fx->style->left - 0.01);
            assert_true(it->x + it->line->width <= fx->style->left + fx->style->block_w + 0.01);
        }
}

/* Lays out the report `yaml`; `want` is the status expected. */
static nb_doc *compose_text(fixture *fx, const char *yaml, nb_status want)
{
    char path[] = "/tmp/nianbao-page-XXXXXX";
    int fd = mkstemp(path);
    FILE *f = fdopen(fd, "w");
    assert_non_null(f);
    fputs(yaml, f);
    fclose(f);
    nb_report *rep = NULL;
    nb_diag_free(&fx->diag);
    nb_status st = nb_input_read(&fx->diag, fx->arena, fx->form, path, &rep);
    unlink(path);
    nb_diag_print(&fx->diag, stderr);
    assert_int_equal(st, NB_OK);
    nb_doc *doc = nb_arena_alloc(fx->arena, sizeof *doc);
    assert_non_null(doc);
    memset(doc, 0, sizeof *doc);
    assert_int_equal(nb_page_layout(fx->text, fx->arena, &fx->diag, fx->style, rep, doc), want);
    if (want == NB_OK)
        assert_inside_pages(fx, doc);
    return doc;
}

/* A report with a one-line title (slot 0, then a blank line), the
 * preamble given, then `sections` (YAML) and the empty tables. */
static nb_doc *compose(fixture *fx, const char *preamble_yaml, const char *sections, nb_status want)
{
    size_t len = strlen(preamble_yaml) + (sections ? strlen(sections) : 0) + 512;
    char *yaml = malloc(len);
    assert_non_null(yaml);
    snprintf(yaml, len, "机关名称: 测试镇\n年度: 2022\n标题: [测试]\n%s%s%s", preamble_yaml,
             sections ? sections : "总体情况: 无\n", tail_text);
    nb_doc *doc = compose_text(fx, yaml, want);
    free(yaml);
    return doc;
}

/* How many lines of the paragraph starting with `start` are on page p. */
static int lines_on(const nb_doc *doc, int p, const char *start)
{
    int n = 0;
    for (int i = 0; i < doc->pages[p].nitems; i++) {
        const nb_item *it = &doc->pages[p].items[i];
        if (it->kind == NB_ITEM_TEXT && strncmp(it->line->text, start, strlen(start)) == 0)
            n++;
    }
    return n;
}

static char *preamble(const char *a, int na, const char *b, int nb)
{
    char *pa = paragraph(a, na), *pb = paragraph(b, nb);
    size_t len = strlen(pa) + strlen(pb) + 32;
    char *s = malloc(len);
    assert_non_null(s);
    snprintf(s, len, "前言:\n  - %s\n  - %s\n", pa, pb);
    free(pa);
    free(pb);
    return s;
}

/* Page 1 has 20 slots after the title and its blank line. */
static void paragraph_leaves_no_single_line_on_the_next_page(void **state)
{
    fixture *fx = *state;
    char *pre = preamble("甲", 17, "乙", 4);   /* 3 slots left for 乙's 4 lines */
    nb_doc *doc = compose(fx, pre, NULL, NB_OK);
    assert_int_equal(lines_on(doc, 0, "甲"), 17);
    assert_int_equal(lines_on(doc, 0, "乙"), 2);
    assert_int_equal(lines_on(doc, 1, "乙"), 2);
    free(pre);
}

static void paragraph_leaves_no_single_line_at_a_page_foot(void **state)
{
    fixture *fx = *state;
    char *pre = preamble("甲", 19, "乙", 4);   /* 1 slot left */
    nb_doc *doc = compose(fx, pre, NULL, NB_OK);
    assert_int_equal(lines_on(doc, 0, "乙"), 0);
    assert_int_equal(lines_on(doc, 1, "乙"), 4);
    free(pre);
}

static void paragraph_that_fits_stays_whole(void **state)
{
    fixture *fx = *state;
    char *pre = preamble("甲", 16, "乙", 4);   /* exactly 4 slots left */
    nb_doc *doc = compose(fx, pre, NULL, NB_OK);
    assert_int_equal(lines_on(doc, 0, "乙"), 4);
    free(pre);
}

/* 一、总体情况 with a paragraph: the heading needs two lines under it. */
static void heading_keeps_two_lines_with_it(void **state)
{
    fixture *fx = *state;
    char *a = paragraph("甲", 18), *b = paragraph("乙", 5);
    char pre[4096], sec[4096];
    snprintf(pre, sizeof pre, "前言: %s\n", a);           /* 2 slots left */
    snprintf(sec, sizeof sec, "总体情况:\n  - %s\n", b);
    nb_doc *doc = compose(fx, pre, sec, NB_OK);
    assert_int_equal(lines_on(doc, 0, "一、总体情况"), 0);
    assert_int_equal(lines_on(doc, 1, "一、总体情况"), 1);
    assert_int_equal(lines_on(doc, 1, "乙"), 5);
    /* With three slots left the heading stays, with two lines under it. */
    snprintf(pre, sizeof pre, "前言: %s\n", (free(a), a = paragraph("甲", 17)));
    doc = compose(fx, pre, sec, NB_OK);
    assert_int_equal(lines_on(doc, 0, "一、总体情况"), 1);
    assert_int_equal(lines_on(doc, 0, "乙"), 2);
    free(a);
    free(b);
}

/* A part under a repeated header holds at least three body rows, and so
 * does the rest after a cut. */
static void table_parts_are_never_short(void **state)
{
    fixture *fx = *state;
    const nb_form_table *f = &fx->form->tables[nb_form_find_table(fx->form, "表三")];
    nb_value *values = calloc((size_t)f->nfields, sizeof *values);
    nb_table *t;
    assert_int_equal(nb_table_layout(fx->text, fx->arena, &fx->diag, fx->style, f, values,
                                     (nb_span){0}, &t), NB_OK);
    free(values);
    int h = nb_table_header_rows(t), n = nb_table_rows(t);
    int cuts = 0;
    for (double avail = 10; avail < nb_table_height(t, 0, n); avail += 1) {
        int b = nb_table_fit(t, h, avail, true);
        if (b == h || b == n)
            continue;
        cuts++;
        assert_true(b - h >= 3);
        assert_true(n - b >= 3);
    }
    assert_true(cuts > 10);
}

/* Text of all lines on all pages, joined. */
static void doc_text(const nb_doc *doc, char *out, size_t cap)
{
    size_t n = 0;
    out[0] = '\0';
    for (int p = 0; p < doc->npages; p++)
        for (int i = 0; i < doc->pages[p].nitems; i++)
            if (doc->pages[p].items[i].kind == NB_ITEM_TEXT)
                n = line_text_append(doc->pages[p].items[i].line, out, n, cap);
}

/* F02: a signer and a date too long for one line are set on as many lines
 * as they need, none lost, signer and date on one page. */
static void long_signer_and_date_are_never_lost(void **state)
{
    fixture *fx = *state;
    static const char signer[] = "南郊镇人民政府办公室南郊镇人民政府办公室南郊镇人民政府办公室"
                                 "南郊镇人民政府办公室南郊镇人民政府办公室";
    static const char date[] = "二〇二二年一月十四日二〇二二年一月十四日二〇二二年一月十四日";
    char yaml[2048], text[65536];
    snprintf(yaml, sizeof yaml, "机关名称: 测试镇\n年度: 2022\n总体情况: 无\n%s落款:\n  署名: %s\n  日期: %s\n",
             tail_text, signer, date);
    nb_doc *doc = compose_text(fx, yaml, NB_OK);
    doc_text(doc, text, sizeof text);
    char both[1024];
    snprintf(both, sizeof both, "%s%s", signer, date);
    assert_non_null(strstr(text, both));
    int p = doc->npages - 1;
    assert_int_equal(lines_on(doc, p, "南郊镇人民政府办公室"), 2);
    assert_int_equal(lines_on(doc, p, "二〇二二年"), 2);
}

/* F03: a heading or title taller than a page is an error at its place in
 * the file, never lines set below the page. */
static void heading_taller_than_a_page_is_an_error(void **state)
{
    fixture *fx = *state;
    char *h = paragraph("长", 24);
    size_t len = strlen(h) + 512;
    char *sec = malloc(len);
    assert_non_null(sec);
    snprintf(sec, len, "总体情况:\n  - 小标题: %s\n  - 正文。\n", h);
    compose(fx, "", sec, NB_ERR_DATA);
    assert_int_equal(fx->diag.count, 1);
    assert_int_equal(fx->diag.items[0].span.line, 5);
    assert_int_equal(fx->diag.items[0].span.col, 10);
    assert_non_null(strstr(fx->diag.items[0].message, "小标题「长文文"));
    assert_non_null(strstr(fx->diag.items[0].message, "一页只有 22 行"));
    free(sec);
    free(h);
}

static void title_taller_than_a_page_is_an_error(void **state)
{
    fixture *fx = *state;
    char *t = paragraph("题", 18);   /* 22 pt type: some 20 characters a line */
    size_t len = strlen(t) + 512;
    char *yaml = malloc(len);
    assert_non_null(yaml);
    snprintf(yaml, len, "机关名称: 测试镇\n年度: 2022\n标题:\n  - %s\n总体情况: 无\n%s", t, tail_text);
    compose_text(fx, yaml, NB_ERR_DATA);
    assert_int_equal(fx->diag.count, 1);
    assert_int_equal(fx->diag.items[0].span.line, 4);
    assert_non_null(strstr(fx->diag.items[0].message, "标题「题文文"));
    free(yaml);
    free(t);
}

/* 一、总体情况 with a one-line paragraph needs two slots, not three. */
static void heading_with_a_one_line_paragraph(void **state)
{
    fixture *fx = *state;
    char *a = paragraph("甲", 18);
    char pre[4096];
    snprintf(pre, sizeof pre, "前言: %s\n", a);           /* 2 slots left */
    nb_doc *doc = compose(fx, pre, "总体情况: 无可报告\n", NB_OK);
    assert_int_equal(lines_on(doc, 0, "一、总体情况"), 1);
    assert_int_equal(lines_on(doc, 0, "无可报告"), 1);
    free(a);
}

/* Wherever the closing falls, it never stands alone at the top of a page:
 * text of the last paragraph goes over with it, and that paragraph still
 * leaves no single line on either page. */
static void closing_never_alone_on_a_page(void **state)
{
    fixture *fx = *state;
    int carried = 0;
    for (int n = 1; n <= 24; n++) {
        char *last = paragraph("末", n);
        size_t len = strlen(last) + 1024;
        char *yaml = malloc(len);
        assert_non_null(yaml);
        snprintf(yaml, len, "机关名称: 测试镇\n年度: 2022\n总体情况: 无\n表二: {}\n表三: {}\n表四: {}\n"
                 "存在的主要问题及改进情况: 无\n其他需要报告的事项: %s\n落款:\n  署名: 测试镇人民政府\n"
                 "  日期: 2023年1月1日\n", last);
        nb_doc *doc = compose_text(fx, yaml, NB_OK);
        int p = doc->npages - 1;
        const nb_page *pg = &doc->pages[p];
        assert_true(pg->nitems >= 3);
        assert_string_equal(pg->items[pg->nitems - 3].line->text, "测试镇人民政府");
        assert_true(pg->nitems > 3);   /* something before the signer */
        int here = lines_on(doc, p, "末");
        if (here > 0 && here < n) {   /* split: two lines at least on each page */
            assert_true(here >= 2);
            assert_true(n - here >= 2);
        }
        carried += here > 0 && here < n;
        free(yaml);
        free(last);
    }
    assert_true(carried > 0);   /* some page breaks did fall inside it */
}

/* After a table the text resumes on the first grid line below it. */
static void text_resumes_on_the_next_grid_line_after_a_table(void **state)
{
    fixture *fx = *state;
    nb_doc *doc = compose(fx, "", NULL, NB_OK);
    double top = fx->style->top, pitch = fx->style->line_pitch;
    int checked = 0;
    for (int p = 0; p < doc->npages; p++) {
        const nb_page *pg = &doc->pages[p];
        double table_bottom = -1;
        for (int i = 0; i + 1 < pg->nitems; i++) {
            const nb_item *it = &pg->items[i];
            if (it->kind == NB_ITEM_RULE) {
                table_bottom = it->y2 > table_bottom ? it->y2 : table_bottom;
                continue;
            }
            if (it->kind != NB_ITEM_TEXT || table_bottom < 0 || it->y < table_bottom)
                continue;
            double slot = it->y - top - pitch / 2 - 0.38 * it->line->size;
            double want = ceil((table_bottom - top) / pitch - 1e-6) * pitch;
            assert_true(fabs(slot - want) < 0.01);
            checked++;
            table_bottom = -1;
        }
    }
    assert_true(checked >= 2);   /* after the tables not ending a page */
}

/* How far above the foot of the type area page p's content ends: its
 * lowest glyph body or rule (the page number, its last item, aside). */
static double short_foot(const fixture *fx, const nb_doc *doc, int p)
{
    double low = fx->style->top;
    for (int i = 0; i + 1 < doc->pages[p].nitems; i++) {
        const nb_item *it = &doc->pages[p].items[i];
        double y = it->kind == NB_ITEM_TEXT ? it->y + 0.12 * it->line->size
                                            : (it->y > it->y2 ? it->y : it->y2);
        low = y > low ? y : low;
    }
    return fx->style->top + fx->style->block_h - low;
}

/* Filled greedily, page 4 would end 27.2 mm short: Table 4 cannot follow
 * Table 3's continuation there, and Table 3 cannot give it more rows
 * without its first part on page 3 falling under three.  Breaking pages
 * 1 to 3 a line or two earlier, together, moves Table 3 down so that no
 * page but the last ends more than two empty lines above the foot (the
 * former balancing, one of two pages before by 1-3 lines, left 27.2). */
static void pages_are_balanced_reaching_back(void **state)
{
    fixture *fx = *state;
    char *a = paragraph("甲", 26), *b = paragraph("乙", 21);
    size_t len = strlen(a) + strlen(b) + 64;
    char *pre = malloc(len), *sec = malloc(len);
    assert_true(pre && sec);
    snprintf(pre, len, "前言: %s\n", a);
    snprintf(sec, len, "总体情况:\n  - %s\n", b);
    nb_doc *doc = compose(fx, pre, sec, NB_OK);
    const nb_style *st = fx->style;
    double allowed = 2 * st->line_pitch + (st->line_pitch - st->sizes[NB_ROLE_BODY]) / 2 + 0.5;
    assert_int_equal(doc->npages, 5);
    for (int p = 0; p + 1 < doc->npages; p++)
        assert_true(short_foot(fx, doc, p) <= allowed);
    free(pre);
    free(sec);
    free(a);
    free(b);
}

/* The title lines of page 1, joined with '/'. */
static void title_lines(const fixture *fx, const nb_doc *doc, char *out, size_t cap)
{
    size_t n = 0;
    out[0] = '\0';
    for (int i = 0; i < doc->pages[0].nitems; i++) {
        const nb_item *it = &doc->pages[0].items[i];
        if (it->kind != NB_ITEM_TEXT || it->line->size != (float)fx->style->sizes[NB_ROLE_TITLE])
            continue;
        assert_true(it->line->width <= fx->style->block_w + 0.01);
        n += (size_t)snprintf(out + n, cap - n, "%s", n ? "/" : "");
        for (int g = 0; g < it->line->nglyphs && n + it->line->glyphs[g].text_len < cap; g++) {
            memcpy(out + n, it->line->text + it->line->glyphs[g].text_start, it->line->glyphs[g].text_len);
            n += it->line->glyphs[g].text_len;
        }
        out[n] = '\0';
    }
}

static void title_of(fixture *fx, const char *body, const char *title_yaml, char *out, size_t cap)
{
    char yaml[2048];
    snprintf(yaml, sizeof yaml, "机关名称: %s\n年度: 2024\n标题: %s\n总体情况: 无\n%s", body,
             title_yaml, tail_text);
    title_lines(fx, compose_text(fx, yaml, NB_OK), out, cap);
}

/* A one-line title too wide for the measure breaks after the body's name
 * or after 年度, balanced, never inside a word; bodies of 4, 7, 12, 20 and
 * 33 characters. */
static void long_titles_break_at_word_boundaries(void **state)
{
    fixture *fx = *state;
    static const char *const cases[][2] = {
        {"南关街道", "南关街道2024年度政府信息公开工作年度报告"},
        {"某某综合实验区", "某某综合实验区2024年度/政府信息公开工作年度报告"},
        {"满洲里市人民政府南区街道", "满洲里市人民政府南区街道/2024年度政府信息公开工作年度报告"},
        {"广西壮族自治区桂林市七星区人民政府办公室",
         "广西壮族自治区桂林市七星区人民政府办公室/2024年度政府信息公开工作年度报告"},
        {"内蒙古自治区呼伦贝尔市满洲里市扎赉诺尔区人民政府灵泉镇人民政府",
         "内蒙古自治区呼伦贝尔市满洲里市/扎赉诺尔区人民政府灵泉镇人民政府/"
         "2024年度政府信息公开工作年度报告"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char title[512], got[1024];
        snprintf(title, sizeof title, "%s2024年度政府信息公开工作年度报告", cases[i][0]);
        title_of(fx, cases[i][0], title, got, sizeof got);
        assert_string_equal(got, cases[i][1]);
    }
}

/* A title given as a list of lines keeps those lines. */
static void title_as_a_list_stays_as_given(void **state)
{
    fixture *fx = *state;
    char got[1024];
    title_of(fx, "某某综合实验区", "[某某综合实验区2024年度政府, 信息公开工作年度报告]", got, sizeof got);
    assert_string_equal(got, "某某综合实验区2024年度政府/信息公开工作年度报告");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(paragraph_leaves_no_single_line_on_the_next_page),
        cmocka_unit_test(paragraph_leaves_no_single_line_at_a_page_foot),
        cmocka_unit_test(paragraph_that_fits_stays_whole),
        cmocka_unit_test(heading_keeps_two_lines_with_it),
        cmocka_unit_test(table_parts_are_never_short),
        cmocka_unit_test(long_signer_and_date_are_never_lost),
        cmocka_unit_test(heading_taller_than_a_page_is_an_error),
        cmocka_unit_test(title_taller_than_a_page_is_an_error),
        cmocka_unit_test(heading_with_a_one_line_paragraph),
        cmocka_unit_test(closing_never_alone_on_a_page),
        cmocka_unit_test(text_resumes_on_the_next_grid_line_after_a_table),
        cmocka_unit_test(pages_are_balanced_reaching_back),
        cmocka_unit_test(long_titles_break_at_word_boundaries),
        cmocka_unit_test(title_as_a_list_stays_as_given),
    };
    return cmocka_run_group_tests_name("page", tests, form_fixture_setup, form_fixture_teardown);
}
