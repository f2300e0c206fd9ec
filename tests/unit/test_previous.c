/* test_previous.c — how `batch --previous DIR` finds last year's file for
 * a report: the same name, else the name with its year one less (in the
 * file name or a folder of its own). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "render.h"

static char dir[] = "/tmp/nianbao-previous-XXXXXX";

static void touch(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fclose(f);
}

static void test_previous_path(void **state)
{
    assert_non_null(mkdtemp(dir));
    touch("南郊镇.yaml");
    touch("牡丹街道2023.yaml");
    char sub[512];
    snprintf(sub, sizeof sub, "%s/2023", dir);
    assert_int_equal(mkdir(sub, 0755), 0);
    touch("2023/南关街道.yaml");
    char buf[512], want[512];
    snprintf(want, sizeof want, "%s/南郊镇.yaml", dir);
    assert_string_equal(nb_render_previous_path(dir, "南郊镇", 0, buf, sizeof buf), want);
    snprintf(want, sizeof want, "%s/牡丹街道2023.yaml", dir);
    assert_string_equal(nb_render_previous_path(dir, "牡丹街道2024", 0, buf, sizeof buf), want);
    assert_null(nb_render_previous_path(dir, "牡丹街道2025", 0, buf, sizeof buf));
    /* the report's own year, when given, is the one replaced */
    snprintf(want, sizeof want, "%s/牡丹街道2023.yaml", dir);
    assert_string_equal(nb_render_previous_path(dir, "牡丹街道2024", 2024, buf, sizeof buf), want);
    assert_null(nb_render_previous_path(dir, "牡丹街道2024", 2025, buf, sizeof buf));
    snprintf(want, sizeof want, "%s/2023/南关街道.yaml", dir);   /* a folder per year */
    assert_string_equal(nb_render_previous_path(dir, "2024/南关街道", 0, buf, sizeof buf), want);
    assert_null(nb_render_previous_path(dir, "南关街道", 0, buf, sizeof buf));
    assert_null(nb_render_previous_path(dir, "南郊镇", 0, buf, 8));   /* too long: none */
    snprintf(buf, sizeof buf, "rm -rf '%s'", dir);
    assert_int_equal(system(buf), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_previous_path)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
