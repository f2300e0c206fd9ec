/* test_check.c — the input stage and the data checks: the form file as
 * data, the input reader (titles, blocks, numbering prefixes, rows as
 * lists or mappings, omitted numbers and totals), and every consistency
 * rule of the 2021 form, each with a passing and a failing case. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "form.h"
#include "input.h"

/* The year the tests pretend it is: the plausibility of 年度 must not
 * depend on the wall clock. */
enum { LATEST_YEAR = 2027 };

typedef struct fixture {
    nb_arena *form_arena;
    nb_form *form;
} fixture;

typedef struct result {
    nb_status read, check;
    nb_diag diag;
    nb_report *rep;
    nb_arena *arena;
} result;

static const char base_text[] =
    "机关名称: 测试镇\n"
    "年度: 2022\n"
    "总体情况:\n  - 小标题: （一）主动公开\n  - 正文一段。\n"
    "存在的主要问题及改进情况: 无\n"
    "其他需要报告的事项:\n  - 段落: 无\n"
    "表二:\n  规章: [1, 0, 1]\n  行政事业性收费: 0.35\n";

static int setup(void **state)
{
    static fixture fx;
    nb_diag d;
    nb_diag_init(&d);
    fx.form_arena = nb_arena_new();
    nb_status st = nb_form_load(&d, fx.form_arena, "layouts/forms/2021.yaml", &fx.form);
    nb_diag_print(&d, stderr);
    nb_diag_free(&d);
    *state = &fx;
    return st == NB_OK ? 0 : -1;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    nb_arena_drop(fx->form_arena);
    return 0;
}

/* Reads base_text + extra as a report and checks it. */
static result run(const fixture *fx, const char *extra)
{
    result r = {0};
    nb_diag_init(&r.diag);
    r.arena = nb_arena_new();
    char path[] = "/tmp/nianbao-test-XXXXXX";
    int fd = mkstemp(path);
    FILE *f = fdopen(fd, "w");
    fputs(base_text, f);
    fputs(extra, f);
    fclose(f);
    r.read = nb_input_read(&r.diag, r.arena, fx->form, path, &r.rep);
    r.check = r.read == NB_OK ? nb_check_report(&r.diag, r.rep, LATEST_YEAR) : r.read;
    unlink(path);
    return r;
}

static void done(result *r)
{
    nb_diag_free(&r->diag);
    nb_arena_drop(r->arena);
}

static bool said(const result *r, const char *text)
{
    for (size_t i = 0; i < r->diag.count; i++)
        if (strstr(r->diag.items[i].message, text) ||
            (r->diag.items[i].hint && strstr(r->diag.items[i].hint, text)))
            return true;
    return false;
}

static int64_t value(const fixture *fx, const result *r, const char *table, const char *path)
{
    int ti = nb_form_find_table(fx->form, table);
    int fi = nb_form_find_field(&fx->form->tables[ti], path);
    assert_true(fi >= 0);
    return r->rep->values[ti][fi].v / NB_VALUE_SCALE;
}

/* ---- the form --------------------------------------------------------- */

static void test_form_grids_and_rules(void **state)
{
    fixture *fx = *state;
    const nb_form_table *t3 = &fx->form->tables[nb_form_find_table(fx->form, "表三")];
    assert_int_equal(t3->nrows, 28);
    assert_int_equal(t3->ncols, 10);
    assert_int_equal(t3->nfields, 25 * 7);
    const nb_form_table *t4 = &fx->form->tables[nb_form_find_table(fx->form, "表四")];
    assert_int_equal(t4->nrows, 4);
    assert_int_equal(t4->ncols, 15);
    /* 25 row rules + 7 (七) column rules + 7 balance rules + 3 Table 4 rules */
    assert_int_equal(fx->form->nrules, 25 + 7 + 7 + 3);
    bool found = false;
    for (int i = 0; i < t3->ncells; i++)
        if (t3->cells[i].text && strcmp(t3->cells[i].text, "三、本年度办理结果") == 0) {
            assert_int_equal(t3->cells[i].rows, 22);
            assert_int_equal(t3->cells[i].row, 5);
            assert_int_equal(t3->cells[i].col, 0);
            found = true;
        }
    assert_true(found);
}

/* ---- the reader ---------------------------------------------------------- */

static void test_minimal_report_passes(void **state)
{
    result r = run(*state, "表三: {}\n表四: {行政复议: [0, 0, 0, 0, 0]}\n");
    nb_diag_print(&r.diag, stderr);
    assert_int_equal(r.check, NB_OK);
    assert_int_equal(r.rep->ntitle_lines, 2);
    assert_string_equal(r.rep->title_lines[0], "测试镇");
    assert_string_equal(r.rep->title_lines[1], "2022年政府信息公开工作年度报告");
    assert_int_equal(r.rep->sections[0].nblocks, 2);
    assert_int_equal(r.rep->sections[0].blocks[0].kind, NB_BLOCK_HEADING);
    assert_string_equal(r.rep->sections[4].blocks[0].text, "无");
    done(&r);
}

static void test_fee_keeps_decimals(void **state)
{
    fixture *fx = *state;
    result r = run(fx, "表三: {}\n表四: {}\n");
    int ti = nb_form_find_table(fx->form, "表二");
    int fi = nb_form_find_field(&fx->form->tables[ti], "行政事业性收费");
    assert_int_equal(r.rep->values[ti][fi].v, 3500);   /* 0.35 万元 × 10^4 */
    done(&r);
}

static void test_numbering_prefixes_and_mappings(void **state)
{
    fixture *fx = *state;
    result r = run(fx,
                   "表三:\n"
                   "  一、本年新收政府信息公开申请数量: {自然人: 2}\n"
                   "  本年度办理结果:\n"
                   "    （四）无法提供: {1.本机关不掌握相关政府信息: [1, 0, 0, 0, 0, 0]}\n"
                   "    其他处理: {申请人无正当理由逾期不补正: [1, 0, 0, 0, 0, 0, 1]}\n"
                   "表四: {}\n");
    nb_diag_print(&r.diag, stderr);
    assert_int_equal(r.check, NB_OK);
    assert_int_equal(value(fx, &r, "表三", "本年新收政府信息公开申请数量.总计"), 2);
    assert_int_equal(value(fx, &r, "表三", "本年度办理结果.总计.自然人"), 2);
    assert_int_equal(value(fx, &r, "表三", "本年度办理结果.总计.总计"), 2);
    done(&r);
}

static void test_unknown_key_suggests(void **state)
{
    result r = run(*state, "表三: {本年新收政府信息公开申请数: [0, 0, 0, 0, 0, 0, 0]}\n表四: {}\n");
    assert_int_equal(r.read, NB_ERR_YAML);
    assert_true(said(&r, "您是否想写「本年新收政府信息公开申请数量」"));
    assert_int_equal(r.diag.items[0].span.line, 12);
    done(&r);
}

static void test_bad_numbers_all_reported(void **state)
{
    result r = run(*state, "表三: {}\n表四: {行政复议: [-1, x, 1.5, 0, 0]}\n");
    assert_int_equal(r.read, NB_ERR_YAML);
    assert_true(said(&r, "不能为负数"));
    assert_true(said(&r, "应为数字"));
    assert_true(said(&r, "应为整数"));
    done(&r);
}

/* ---- the rules, each passing and failing --------------------------------------- */

/* `good` passes the checks; `bad` fails them, saying each of the
 * NULL-terminated messages. */
static void rule_holds_and_breaks(void *state, const char *good, const char *bad, ...)
{
    result ok = run(state, good);
    nb_diag_print(&ok.diag, stderr);
    assert_int_equal(ok.check, NB_OK);
    done(&ok);
    result broken = run(state, bad);
    assert_int_equal(broken.check, NB_ERR_DATA);
    va_list ap;
    va_start(ap, bad);
    for (const char *m = va_arg(ap, const char *); m; m = va_arg(ap, const char *))
        assert_true(said(&broken, m));
    va_end(ap);
    done(&broken);
}

static void test_rule_row_total(void **state)
{
    rule_holds_and_breaks(*state,
                          "表三: {本年新收政府信息公开申请数量: [1, 2, 0, 0, 0, 0, 3], "
                          "结转下年度继续办理: [1, 2, 0, 0, 0, 0, 3]}\n表四: {}\n",
                          "表三: {本年新收政府信息公开申请数量: [1, 2, 0, 0, 0, 0, 4], "
                          "结转下年度继续办理: [1, 2, 0, 0, 0, 0, 3]}\n表四: {}\n",
                          "表三「一、本年新收政府信息公开申请数量」×「总计」应为 3，实为 4",
                          NULL);
}

static void test_rule_results_total(void **state)
{
    rule_holds_and_breaks(*state,
                          "表三: {上年结转政府信息公开申请数量: [2, 0, 0, 0, 0, 0, 2], 本年度办理结果: "
                          "{予以公开: [1, 0, 0, 0, 0, 0, 1], 不予处理: {重复申请: [1, 0, 0, 0, 0, 0, 1]}, "
                          "总计: [2, 0, 0, 0, 0, 0, 2]}}\n表四: {}\n",
                          "表三: {上年结转政府信息公开申请数量: [2, 0, 0, 0, 0, 0, 2], 本年度办理结果: "
                          "{予以公开: [1, 0, 0, 0, 0, 0, 1], 总计: [2, 0, 0, 0, 0, 0, 2]}}\n表四: {}\n",
                          "表三「（七）总计」×「自然人」应为 1，实为 2",
                          NULL);
}

static void test_rule_balance(void **state)
{
    rule_holds_and_breaks(*state,
                          "表三: {本年新收政府信息公开申请数量: [3, 0, 0, 0, 0, 0], "
                          "本年度办理结果: {予以公开: [2, 0, 0, 0, 0, 0]}, "
                          "结转下年度继续办理: [1, 0, 0, 0, 0, 0]}\n表四: {}\n",
                          "表三: {本年新收政府信息公开申请数量: [3, 0, 0, 0, 0, 0], "
                          "本年度办理结果: {予以公开: [2, 0, 0, 0, 0, 0]}}\n表四: {}\n",
                          "第一项加第二项之和，等于第三项加第四项之和",
                          "之和为 3，应等于 2",
                          NULL);
}

static void test_rule_table4(void **state)
{
    rule_holds_and_breaks(*state,
                          "表三: {}\n表四: {行政复议: [1, 2, 0, 1, 4], 复议后起诉: [0, 0, 1, 0]}\n",
                          "表三: {}\n表四: {行政复议: [1, 2, 0, 1, 3]}\n",
                          "表四「行政复议」×「总计」应为 4，实为 3",
                          NULL);
}

static void test_likely_culprit_named(void **state)
{
    result bad = run(*state, "表三: {本年新收政府信息公开申请数量: [2, 0, 0, 0, 0, 0, 2], 本年度办理结果: "
                             "{无法提供: {本机关不掌握相关政府信息: [3, 0, 0, 0, 0, 0, 2]}, "
                             "总计: [2, 0, 0, 0, 0, 0, 2]}}\n表四: {}\n");
    assert_int_equal(bad.check, NB_ERR_DATA);
    assert_true(said(&bad, "最可能填错的是 表三「（四）无法提供 · 1.本机关不掌握相关政府信息」×「自然人」"));
    done(&bad);
}

static void test_required_items(void **state)
{
    fixture *fx = *state;
    result r = {0};
    nb_diag_init(&r.diag);
    r.arena = nb_arena_new();
    char path[] = "/tmp/nianbao-test-XXXXXX";
    int fd = mkstemp(path);
    FILE *f = fdopen(fd, "w");
    fputs("年度: 2030\n总体情况: []\n", f);
    fclose(f);
    r.read = nb_input_read(&r.diag, r.arena, fx->form, path, &r.rep);
    assert_int_equal(nb_check_report(&r.diag, r.rep, LATEST_YEAR), NB_ERR_DATA);
    assert_true(said(&r, "缺少「机关名称」"));
    assert_true(said(&r, "「年度」2030 不合理"));
    nb_diag_free(&r.diag);
    nb_arena_drop(r.arena);
    r.arena = nb_arena_new();
    r.read = nb_input_read(&r.diag, r.arena, fx->form, path, &r.rep);
    nb_check_report(&r.diag, r.rep, 2031);   /* a year later, 2030 is fine */
    unlink(path);
    assert_false(said(&r, "不合理"));
    assert_true(said(&r, "缺少「一、总体情况」的内容"));
    assert_true(said(&r, "缺少「六、其他需要报告的事项」的内容"));
    assert_true(said(&r, "缺少「三、收到和处理政府信息公开申请情况」的数字"));
    done(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_form_grids_and_rules),
        cmocka_unit_test(test_minimal_report_passes),
        cmocka_unit_test(test_fee_keeps_decimals),
        cmocka_unit_test(test_numbering_prefixes_and_mappings),
        cmocka_unit_test(test_unknown_key_suggests),
        cmocka_unit_test(test_bad_numbers_all_reported),
        cmocka_unit_test(test_rule_row_total),
        cmocka_unit_test(test_rule_results_total),
        cmocka_unit_test(test_rule_balance),
        cmocka_unit_test(test_rule_table4),
        cmocka_unit_test(test_likely_culprit_named),
        cmocka_unit_test(test_required_items),
    };
    return cmocka_run_group_tests_name("check", tests, setup, teardown);
}
