/* test_table.c — the table engine (table.c) on the real form and the
 * default page style: group labels set as number over name, numbers as
 * given, page parts that end only where the form allows a break, and
 * continuation parts that repeat the header and the cut labels (Table 2's
 * group heading too). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "form.h"
#include "style.h"
#include "table.h"

static const nb_form_table *form_table(const fixture *fx, const char *key)
{
    for (int i = 0; i < fx->form->ntables; i++)
        if (strcmp(fx->form->tables[i].key, key) == 0)
            return &fx->form->tables[i];
    return NULL;
}

/* Lays out a form table with every number zero except `field` = `value`. */
static nb_table *layout(fixture *fx, const char *key, int field, int64_t value)
{
    const nb_form_table *f = form_table(fx, key);
    assert_non_null(f);
    nb_value *values = calloc((size_t)f->nfields, sizeof *values);
    assert_non_null(values);
    if (field >= 0)
        values[field].v = value;
    nb_table *t = NULL;
    nb_span where = {0};
    assert_int_equal(nb_table_layout(fx->text, fx->arena, &fx->diag, fx->style, f, values,
                                     where, &t), NB_OK);
    free(values);   /* the table keeps its own text */
    return t;
}

static nb_page *draw(fixture *fx, nb_table *t, int a, int b, bool header)
{
    nb_page *page = calloc(1, sizeof *page);
    assert_non_null(page);
    nb_table_draw(t, page, fx->arena, fx->style->left, fx->style->top, a, b, header);
    return page;
}

/* Text items whose whole paragraph is `s`; *lines gets how many lines. */
static int find_text(const nb_page *p, const char *s, int *lines)
{
    int n = 0;
    for (int i = 0; i < p->nitems; i++)
        if (p->items[i].kind == NB_ITEM_TEXT && strcmp(p->items[i].line->text, s) == 0)
            n++;
    if (lines)
        *lines = n;
    return n;
}

static bool has_text_containing(const nb_page *p, const char *s)
{
    for (int i = 0; i < p->nitems; i++)
        if (p->items[i].kind == NB_ITEM_TEXT && strstr(p->items[i].line->text, s))
            return true;
    return false;
}

static void group_labels_number_over_name(void **state)
{
    fixture *fx = *state;
    nb_table *t = layout(fx, "表三", -1, 0);
    nb_page *p = draw(fx, t, nb_table_header_rows(t), nb_table_rows(t), true);
    static const char *names[] = {"不予公开", "无法提供", "不予处理", "其他处理"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        int lines;
        find_text(p, names[i], &lines);
        assert_int_equal(lines, 1);   /* the name on one line of its own */
    }
    assert_int_equal(find_text(p, "（三）", NULL), 1);
    free(p);
}

static void fee_printed_with_minimal_decimals(void **state)
{
    fixture *fx = *state;
    const nb_form_table *f = form_table(fx, "表二");
    int fee = -1;
    for (int i = 0; i < f->nfields; i++)
        if (strstr(f->fields[i].path, "收费"))
            fee = i;
    assert_true(fee >= 0);
    nb_table *t = layout(fx, "表二", fee, 3500);   /* 0.35 万元 */
    nb_page *p = draw(fx, t, nb_table_header_rows(t), nb_table_rows(t), true);
    assert_int_equal(find_text(p, "0.35", NULL), 1);
    assert_int_equal(find_text(p, "0.3500", NULL), 0);
    free(p);
}

static void parts_end_where_the_form_allows(void **state)
{
    fixture *fx = *state;
    nb_table *t = layout(fx, "表三", -1, 0);
    const nb_form_table *f = form_table(fx, "表三");
    int h = nb_table_header_rows(t), n = nb_table_rows(t);
    double head = nb_table_height(t, 0, h);
    int parts = 0;
    for (double avail = 20; avail < fx->style->block_h + 1; avail += 7) {
        int b = nb_table_fit(t, h, avail, true);
        if (b == h)
            continue;
        parts++;
        assert_true(head + nb_table_height(t, h, b) <= avail + 0.01);
        assert_true(b == n || !f->keep_with_next[b - 1]);
    }
    assert_true(parts > 0);
    /* A page too short for the header and the first group takes nothing. */
    assert_int_equal(nb_table_fit(t, h, head + 1, true), h);
}

static void continuation_repeats_header_and_cut_label(void **state)
{
    fixture *fx = *state;
    nb_table *t = layout(fx, "表三", -1, 0);
    int h = nb_table_header_rows(t), n = nb_table_rows(t);
    int b = nb_table_fit(t, h, fx->style->block_h * 0.6, true);
    assert_true(b > h && b < n);
    nb_page *first = draw(fx, t, h, b, true), *rest = draw(fx, t, b, n, true);
    assert_true(has_text_containing(first, "申请人情况"));
    assert_true(has_text_containing(rest, "申请人情况"));
    /* 三、本年度办理结果 spans the cut: its text is on both parts. */
    assert_int_equal(find_text(first, "办", NULL), 1);
    assert_int_equal(find_text(rest, "办", NULL), 1);
    free(first);
    free(rest);
}

/* The form row of the label cell whose text is `s`. */
static int row_of(const fixture *fx, const char *s)
{
    const nb_form_table *f = form_table(fx, "表三");
    for (int i = 0; i < f->ncells; i++)
        if (f->cells[i].text && strcmp(f->cells[i].text, s) == 0)
            return f->cells[i].row;
    fail();
    return -1;
}

/* A cut may leave a group one row on the next page: the continuation
 * shows （六）其他处理 again, and 三、本年度办理结果 at 六号 at least, over
 * rows grown for them there (and only there).  Above a cut the group
 * still needs rows enough for its label: none is cut after its first
 * one-line row. */
static void continuation_rows_grow_for_a_cut_label(void **state)
{
    fixture *fx = *state;
    nb_table *t = layout(fx, "表三", -1, 0);
    int h = nb_table_header_rows(t), n = nb_table_rows(t);
    int last = row_of(fx, "3.其他");
    double head = nb_table_height(t, 0, h);
    assert_int_equal(nb_table_fit(t, h, head + nb_table_height(t, h, last) + 0.5, true), last);
    nb_page *rest = calloc(1, sizeof *rest), *first = calloc(1, sizeof *first);
    assert_true(rest && first);
    double drawn = nb_table_draw(t, rest, fx->arena, fx->style->left, fx->style->top, last, n, true);
    assert_true(drawn > head + nb_table_height(t, last, n) + 10);
    assert_int_equal(find_text(rest, "其他处理", NULL), 1);
    assert_int_equal(find_text(rest, "办", NULL), 1);
    for (int i = 0; i < rest->nitems; i++)
        if (rest->items[i].kind == NB_ITEM_TEXT && strcmp(rest->items[i].line->text, "办") == 0)
            assert_true(rest->items[i].line->size >= 7.5 - 1e-3);
    /* The part above keeps its rows' own heights. */
    double above = nb_table_draw(t, first, fx->arena, fx->style->left, fx->style->top, h, last, true);
    assert_true(fabs(above - head - nb_table_height(t, h, last)) < 0.01);
    int second = row_of(fx, "2.其他法律行政法规禁止公开");
    assert_int_not_equal(nb_table_fit(t, h, head + nb_table_height(t, h, second) + 0.5, true), second);
    free(rest);
    free(first);
}

/* 三、本年度办理结果 reads down, a character a line, in a column just wide
 * enough; 自然人 stands on one line. */
static void vertical_label_and_unwrapped_headers(void **state)
{
    fixture *fx = *state;
    nb_table *t = layout(fx, "表三", -1, 0);
    nb_page *p = draw(fx, t, nb_table_header_rows(t), nb_table_rows(t), true);
    static const char *chars[] = {"三", "、", "本", "年", "度", "办", "理", "结", "果"};
    double x = -1, y = 0;
    for (size_t i = 0; i < sizeof chars / sizeof *chars; i++) {
        const nb_item *it = NULL;
        for (int k = 0; k < p->nitems; k++)
            if (p->items[k].kind == NB_ITEM_TEXT && strcmp(p->items[k].line->text, chars[i]) == 0)
                it = &p->items[k];
        assert_non_null(it);
        assert_true(it->y > y);   /* top to bottom */
        y = it->y;
        x = x < 0 ? it->x : x;
        assert_true(it->x < x + 6);   /* one column */
    }
    int lines;
    find_text(p, "自然人", &lines);
    assert_int_equal(lines, 1);
    /* The label's column: its rules lie within 2 em of the table's left. */
    double left = fx->style->left, nearest = 1e9;
    for (int k = 0; k < p->nitems; k++) {
        const nb_item *it = &p->items[k];
        if (it->kind == NB_ITEM_RULE && it->x == it->x2 && it->x > left + 1 && it->x - left < nearest)
            nearest = it->x - left;
    }
    assert_true(nearest < 2 * fx->style->sizes[NB_ROLE_TABLE]);
    free(p);
}

/* Table 2 may break between the two rows of 第二十条第（一）项: the part
 * above ends with 规章 under the group's heading, the part below shows
 * the heading (第二十条第（一）项 over 信息内容 | 本年制发件数 | …) again over
 * 行政规范性文件, and is as tall as it draws.  A part beginning with a
 * group of its own repeats nothing, and no break leaves a heading alone. */
static void table2_continuation_repeats_group_heading(void **state)
{
    fixture *fx = *state;
    nb_table *t = layout(fx, "表二", -1, 0);
    int n = nb_table_rows(t);
    double three = nb_table_height(t, 0, 3);
    assert_int_equal(nb_table_fit(t, 0, three + 0.5, false), 3);
    assert_int_equal(nb_table_fit(t, 0, nb_table_height(t, 0, 2) + 0.5, false), 0);
    nb_page *first = draw(fx, t, 0, 3, false), *rest = draw(fx, t, 3, n, false);
    assert_int_equal(find_text(first, "规章", NULL), 1);
    assert_int_equal(find_text(first, "行政规范性文件", NULL), 0);
    assert_int_equal(find_text(rest, "第二十条第（一）项", NULL), 1);
    assert_int_equal(find_text(rest, "本年制发件数", NULL), 1);
    assert_int_equal(find_text(rest, "行政规范性文件", NULL), 1);
    assert_int_equal(find_text(rest, "规章", NULL), 0);
    /* The continuation is measured as drawn: its heading rows counted. */
    double rest_h = nb_table_height(t, 0, 2) + nb_table_height(t, 3, n);
    assert_int_equal(nb_table_fit(t, 3, rest_h - 1, false) < n, true);
    assert_int_equal(nb_table_fit(t, 3, rest_h + 0.5, false), n);
    nb_page *whole = draw(fx, t, 4, n, false);
    assert_int_equal(find_text(whole, "第二十条第（一）项", NULL), 0);
    free(first);
    free(rest);
    free(whole);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(group_labels_number_over_name),
        cmocka_unit_test(fee_printed_with_minimal_decimals),
        cmocka_unit_test(parts_end_where_the_form_allows),
        cmocka_unit_test(continuation_repeats_header_and_cut_label),
        cmocka_unit_test(continuation_rows_grow_for_a_cut_label),
        cmocka_unit_test(vertical_label_and_unwrapped_headers),
        cmocka_unit_test(table2_continuation_repeats_group_heading),
    };
    return cmocka_run_group_tests_name("table", tests, form_fixture_setup, form_fixture_teardown);
}
