/* test_import.c — the import stage from memory (nb_import_txt_to_yaml, the
 * entry point a fuzzer calls): sections, title, numbers kept as published,
 * tables read by the form's labels whatever the separators, a row with a
 * missing number marked 未能确定, and input that is not a report at all
 * handled without a crash; the imported YAML reads back through input.c. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "form.h"
#include "import.h"
#include "input.h"

typedef struct fixture {
    nb_arena *arena;
    nb_form *form;
    nb_diag diag;
} fixture;

static int setup(void **state)
{
    static fixture fx;
    nb_diag_init(&fx.diag);
    fx.arena = nb_arena_new();
    if (!fx.arena || nb_form_load(&fx.diag, fx.arena, "layouts/forms/2021.yaml", &fx.form) != NB_OK)
        return -1;
    *state = &fx;
    return 0;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    nb_diag_free(&fx->diag);
    nb_arena_drop(fx->arena);
    return 0;
}

static const char report[] =
    "标题：某镇2022年政府信息公开工作年度报告\n"
    "某镇2022年政府信息公开工作年度报告\n"
    "一、总体情况\n"
    "（一）主动公开\n"
    "全年主动公开信息 58 条。\n"
    "二、主动公开政府信息情况\n"
    "规章 | 1 | 0 | 3\n"
    "行政规范性文件\t2\t1\t15\n"
    "行政许可   ７\n"
    "行政处罚 0\n"
    "行政强制 0\n"
    "行政事业性收费  5949.088667\n"
    "三、收到和处理政府信息公开申请情况\n"
    "一、本年新收政府信息公开申请数量 4 0 0 0 0 0 4\n"
    "三、本年度办理结果（一）予以公开 | 3 | 0 | 0 | 0 | 0 | 0 | 3\n"
    "（七）总计 3 0 0 0 0 0 3\n"
    "四、结转下年度继续办理 1 0 0 0 0 0 1\n"
    "四、政府信息公开行政复议、行政诉讼情况\n"
    "0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n"
    "五、存在的主要问题及改进情况\n"
    "无\n"
    "六、其他需要报告的事项\n"
    "无\n"
    "某镇人民政府\n"
    "2023年1月10日\n";

static char *import_text(fixture *fx, const char *text, nb_status *st)
{
    char *yaml = NULL;
    nb_diag_free(&fx->diag);
    nb_diag_init(&fx->diag);
    *st = nb_import_txt_to_yaml(&fx->diag, fx->arena, fx->form, text, strlen(text), &yaml);
    return yaml;
}

static void test_report_from_memory(void **state)
{
    fixture *fx = *state;
    nb_status st;
    char *yaml = import_text(fx, report, &st);
    assert_non_null(yaml);
    /* rows missing from the table are marked, so the import is uncertain */
    assert_int_equal(st, NB_ERR_DATA);
    assert_non_null(strstr(yaml, "机关名称: 某镇\n"));
    assert_non_null(strstr(yaml, "年度: 2022\n"));
    assert_null(strstr(yaml, "标题："));
    assert_non_null(strstr(yaml, "  - 小标题: （一）主动公开\n"));
    assert_non_null(strstr(yaml, "  - 全年主动公开信息58条。\n"));
    assert_non_null(strstr(yaml, "  规章: [1, 0, 3]"));
    assert_non_null(strstr(yaml, "  行政规范性文件: [2, 1, 15]"));
    assert_non_null(strstr(yaml, "  行政许可: 7\n"));
    assert_non_null(strstr(yaml, "  行政事业性收费: 5949.088667\n"));
    assert_non_null(strstr(yaml, "  本年新收政府信息公开申请数量: [4, 0, 0, 0, 0, 0, 4]"));
    assert_non_null(strstr(yaml, "    予以公开: [3, 0, 0, 0, 0, 0, 3]"));
    assert_non_null(strstr(yaml, "  行政复议: [0, 0, 0, 0, 0]"));
    assert_non_null(strstr(yaml, "部分公开: ~   # 未能确定"));
    assert_non_null(strstr(yaml, "  署名: 某镇人民政府\n  日期: 2023年1月10日\n"));
    /* and the YAML reads back */
    nb_report *rep = NULL;
    nb_diag_free(&fx->diag);
    nb_diag_init(&fx->diag);
    nb_input_read_text(&fx->diag, fx->arena, fx->form, "imported.yaml", yaml, &rep);
    assert_non_null(rep);
    assert_string_equal(rep->body, "某镇");
}

static void test_missing_number_is_not_shifted(void **state)
{
    fixture *fx = *state;
    nb_status st;
    char *yaml = import_text(fx,
        "某镇2022年政府信息公开工作年度报告\n一、总体情况\n无\n二、主动公开政府信息情况\n"
        "规章 1 3\n三、收到和处理政府信息公开申请情况\n四、政府信息公开行政复议、行政诉讼情况\n"
        "五、存在的主要问题及改进情况\n无\n六、其他需要报告的事项\n无\n", &st);
    assert_non_null(yaml);
    assert_int_equal(st, NB_ERR_DATA);
    assert_non_null(strstr(yaml, "规章: ~   # 未能确定：找到 2 个数：1 3，应为 3 个"));
    assert_true(fx->diag.errors > 0);
}

static void test_not_a_report(void **state)
{
    fixture *fx = *state;
    static const char *const junk[] = {"", "\n\n\n", "一、总体情况", "｜｜||\t\t 　　",
                                       "二、主动公开政府信息情况\n1 2 3 4 5 6 7 8 9\n",
                                       "[bookmark: x\n— 1 —\n\f\r\n"};
    for (size_t i = 0; i < sizeof junk / sizeof *junk; i++) {
        nb_status st;
        char *yaml = import_text(fx, junk[i], &st);
        assert_true(st == NB_ERR_DATA || st == NB_OK);
        assert_non_null(yaml);
    }
    nb_status st;
    char bad[] = "某镇\xff\xfe";
    assert_null(import_text(fx, bad, &st));
    assert_int_equal(st, NB_ERR_IO);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_report_from_memory),
        cmocka_unit_test(test_missing_number_is_not_shifted),
        cmocka_unit_test(test_not_a_report),
    };
    return cmocka_run_group_tests_name("import", tests, setup, teardown);
}
