/* test_audit.c — the findings of audit.c and textcheck.c: a rule's
 * figures as the data check prints them, the carry-over against last
 * year's report, and which phrases of the text are held against which
 * cell — every pattern once attributed and once, with a word that makes it
 * something else, left alone (a wrong warning is worse than none). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit.h"
#include "check.h"
#include "form.h"
#include "input.h"

typedef struct fixture {
    nb_arena *arena;
    nb_form *form;
} fixture;

/* Tables as 001-nanjiaozhen has them: 4 new, 3 answered, 1 carried on. */
static const char tables[] =
    "表二:\n  行政规范性文件: [2, 1, 9]\n  行政许可: 120\n  行政处罚: 35\n  行政强制: 0\n"
    "  行政事业性收费: 1.5\n"
    "表三:\n  本年新收政府信息公开申请数量: [4, 0, 0, 0, 0, 0, 4]\n"
    "  本年度办理结果:\n    予以公开: [3, 0, 0, 0, 0, 0, 3]\n"
    "  结转下年度继续办理: [1, 0, 0, 0, 0, 0, 1]\n"
    "表四:\n  行政复议: [1, 0, 0, 0, 1]\n  复议后起诉: [1, 0, 0, 1, 2]\n";

static int setup(void **state)
{
    static fixture fx;
    nb_diag d;
    nb_diag_init(&d);
    fx.arena = nb_arena_new();
    nb_status st = nb_form_load(&d, fx.arena, "layouts/forms/2021.yaml", &fx.form);
    nb_diag_free(&d);
    *state = &fx;
    return st == NB_OK ? 0 : -1;
}

static int teardown(void **state)
{
    nb_arena_drop(((fixture *)*state)->arena);
    return 0;
}

/* A checked report of `year` whose 总体情况 is `paragraph`. */
static nb_report *report(const fixture *fx, nb_arena *arena, int year, const char *paragraph,
                         const char *extra)
{
    char path[] = "/tmp/nianbao-audit-XXXXXX";
    FILE *f = fdopen(mkstemp(path), "w");
    fprintf(f, "机关名称: 测试镇\n年度: %d\n总体情况:\n  - %s\n存在的主要问题及改进情况: 无\n"
               "其他需要报告的事项: 无\n%s",
            year, paragraph, extra ? extra : tables);
    fclose(f);
    nb_diag d;
    nb_diag_init(&d);
    nb_report *rep = NULL;
    nb_status st = nb_input_read(&d, arena, fx->form, path, &rep);
    if (st == NB_OK)
        nb_check_report(&d, rep, 2030);
    nb_diag_free(&d);   /* the tests look at the findings, not the messages */
    unlink(path);
    assert_int_equal(st, NB_OK);
    return rep;
}

static nb_findings text_findings(const fixture *fx, nb_arena *arena, const char *paragraph)
{
    nb_findings f = {0};
    assert_int_equal(nb_audit_text(arena, report(fx, arena, 2021, paragraph, NULL), &f), NB_OK);
    return f;
}

/* The phrase gives exactly one finding, on `cell`, that holds or not. */
static void attributed(const fixture *fx, const char *paragraph, const char *cell, bool ok)
{
    nb_arena *a = nb_arena_new();
    nb_findings f = text_findings(fx, a, paragraph);
    if (f.count != 1)
        fail_msg("「%s」: %d findings, expected 1", paragraph, f.count);
    if (!strstr(f.items[0].figures, cell) || f.items[0].ok != ok)
        fail_msg("「%s」: %s (%s)", paragraph, f.items[0].figures, f.items[0].ok ? "ok" : "bad");
    nb_arena_drop(a);
}

static void ignored(const fixture *fx, const char *paragraph)
{
    nb_arena *a = nb_arena_new();
    nb_findings f = text_findings(fx, a, paragraph);
    if (f.count != 0)
        fail_msg("「%s」 should not be attributed, got %s", paragraph, f.items[0].figures);
    nb_arena_drop(a);
}

static void test_text_attributed(void **state)
{
    const fixture *fx = *state;
    assert_int_equal(nb_audit_text_unknown_cells(fx->form), 0);
    attributed(fx, "全年共受理政府信息公开申请4件。", "「一、本年新收政府信息公开申请数量」×「总计」", true);
    attributed(fx, "我镇收到政府信息公开申请17件，均已答复。", "「一、本年新收政府信息公开申请数量」×「总计」为 4", false);
    attributed(fx, "共接到依申请公开办件4件。", "本年新收", true);
    attributed(fx, "已办结政府信息公开申请3件。", "「（七）总计」×「总计」为 3", true);
    attributed(fx, "另有结转下年度继续办理的申请1件。", "「四、结转下年度继续办理」×「总计」为 1", true);
    attributed(fx, "办理上年结转申请2件。", "「二、上年结转政府信息公开申请数量」×「总计」为 0", false);
    attributed(fx, "发生政府信息公开行政复议1件。", "表四「行政复议」×「总计」为 1", true);
    attributed(fx, "政府信息公开行政诉讼3件。", "表四「未经复议直接起诉」×「总计」 + 表四「复议后起诉」×「总计」为 2", false);
    attributed(fx, "本年制发行政规范性文件2件。", "「行政规范性文件」×「本年制发件数」为 2", true);
    attributed(fx, "现行有效的行政规范性文件9件。", "「现行有效件数」为 9", true);
    attributed(fx, "作出行政许可120件。", "表二「行政许可」为 120", true);
    attributed(fx, "行政处罚36件。", "表二「行政处罚」为 35", false);
    attributed(fx, "收取行政事业性收费1.5万元。", "表二「行政事业性收费」为 1.5", true);
    attributed(fx, "全年受理政府信息公开申请3,119件。", "写 3119", false);
}

static void test_text_left_alone(void **state)
{
    const fixture *fx = *state;
    ignored(fx, "其中受理政府信息公开申请2件。");                 /* a part */
    ignored(fx, "受理政府信息公开申请同比增长3件。");             /* a change */
    ignored(fx, "2020年受理政府信息公开申请9件。");               /* another year */
    ignored(fx, "收到公民政府信息公开申请4件。");                 /* one column */
    ignored(fx, "行政复议、行政诉讼0件。");                       /* two cells at once */
    ignored(fx, "受理政府信息公开申请约20件。");                  /* an estimate */
    ignored(fx, "收取信息处理费0元。");                           /* no such cell */
    ignored(fx, "受理政府信息公开申请十七件。");                  /* not in digits */
    ignored(fx, "发布政府信息71条。");                            /* no unit of the tables */
    ignored(fx, "受理并答复政府信息公开申请4件。");               /* received or answered? */
}

static void test_rule_figures(void **state)
{
    const fixture *fx = *state;
    nb_arena *a = nb_arena_new();
    nb_report *rep = report(fx, a, 2021, "无", NULL);
    nb_findings f = {0};
    assert_int_equal(nb_audit_rules(a, rep, &f), NB_OK);
    assert_int_equal(f.count, fx->form->nrules);
    bool balance = false;
    for (int i = 0; i < f.count; i++) {
        assert_true(f.items[i].ok);
        if (strcmp(f.items[i].where, "表三 · 自然人") == 0 && strstr(f.items[i].figures, "四"))
            balance |= strcmp(f.items[i].figures, "一 + 二 = 4 + 0 = 4；（七） + 四 = 3 + 1 = 4") == 0;
    }
    assert_true(balance);
    nb_arena_drop(a);
}

static void test_rule_broken_blames_total(void **state)
{
    const fixture *fx = *state;
    nb_arena *a = nb_arena_new();
    nb_report *rep = report(fx, a, 2021, "无",
                            "表二: {}\n表三: {}\n表四:\n  行政复议: [10, 1, 0, 0, 0]\n");
    nb_findings f = {0};
    assert_int_equal(nb_audit_rules(a, rep, &f), NB_OK);
    int bad = 0;
    for (int i = 0; i < f.count; i++)
        if (!f.items[i].ok) {
            bad++;
            assert_string_equal(f.items[i].where, "表四 · 行政复议");
            assert_int_equal(f.items[i].expected, 11 * NB_VALUE_SCALE);
            const nb_form_table *t4 = &fx->form->tables[f.items[i].table];
            assert_string_equal(t4->fields[f.items[i].field].path, "行政复议.总计");
        }
    assert_int_equal(bad, 1);
    assert_int_equal(nb_audit_failures(&f, NB_FIND_RULE), 1);
    nb_arena_drop(a);
}

static void test_carry(void **state)
{
    const fixture *fx = *state;
    nb_arena *a = nb_arena_new();
    nb_report *last = report(fx, a, 2021, "无", NULL);   /* carries 1 (自然人) on */
    nb_report *now = report(fx, a, 2022, "无",
                            "表二: {}\n表三:\n  上年结转政府信息公开申请数量: [0, 1, 0, 0, 0, 0, 1]\n"
                            "  本年度办理结果:\n    予以公开: [0, 1, 0, 0, 0, 0, 1]\n表四: {}\n");
    nb_findings f = {0};
    assert_int_equal(nb_audit_carry(a, now, last, &f), NB_OK);
    assert_int_equal(f.count, 7);
    assert_int_equal(nb_audit_failures(&f, NB_FIND_CARRY), 2);   /* 自然人 and 商业企业; 总计 1 = 1 */
    assert_false(f.items[0].ok);
    assert_int_equal(f.items[0].expected, 1 * NB_VALUE_SCALE);
    assert_string_equal(f.items[0].figures, "本年 二 = 0；上年（2021 年度）四 = 1");
    assert_true(f.items[6].ok);
    nb_findings none = {0};
    assert_int_equal(nb_audit_carry(a, now, NULL, &none), NB_OK);
    assert_int_equal(none.count, 0);
    nb_arena_drop(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_attributed),
        cmocka_unit_test(test_text_left_alone),
        cmocka_unit_test(test_rule_figures),
        cmocka_unit_test(test_rule_broken_blames_total),
        cmocka_unit_test(test_carry),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
