/* test_batch.c — the batch driver's pure parts: which output names are
 * safe (nothing may leave OUTDIR or hide control characters in a file
 * name), and that shards partition a sorted list. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "batch.h"

static void test_names(void **state)
{
    (void)state;
    assert_true(nb_batch_name_ok("南郊镇"));
    assert_true(nb_batch_name_ok("东区/南郊镇"));
    assert_true(nb_batch_name_ok("a..b"));
    assert_false(nb_batch_name_ok(""));
    assert_false(nb_batch_name_ok("../南郊镇"));
    assert_false(nb_batch_name_ok("东区/../../etc"));
    assert_false(nb_batch_name_ok("./x"));
    assert_false(nb_batch_name_ok("/etc/passwd"));
    assert_false(nb_batch_name_ok("a//b"));
    assert_false(nb_batch_name_ok("bad\x1bname"));
    assert_false(nb_batch_name_ok("tab\tname"));
    assert_false(nb_batch_name_ok("del\x7f"));
    assert_false(nb_batch_name_ok("\xff\xfe"));
    char longname[300];
    memset(longname, 'x', sizeof longname - 1);
    longname[sizeof longname - 1] = '\0';
    assert_false(nb_batch_name_ok(longname));
}

/* Every input in exactly one shard, for list lengths around the shard
 * count (fewer inputs than shards included). */
static void test_shards_partition(void **state)
{
    (void)state;
    static const char *const names[] = {"a", "b", "c", "d", "e", "f", "g"};
    for (int len = 0; len <= 7; len++)
        for (int nshards = 1; nshards <= 5; nshards++) {
            int seen[7] = {0};
            for (int k = 1; k <= nshards; k++) {
                nb_diag d;
                nb_diag_init(&d);
                nb_batch_options o = {.inputs = names, .ninputs = len, .outdir = "/tmp",
                                      .shard = k, .nshards = nshards};
                nb_batch b;
                nb_status st = nb_batch_plan(&d, &o, &b);
                assert_int_equal(st, len ? NB_OK : NB_ERR_USAGE);
                for (int i = 0; st == NB_OK && i < b.nitems; i++)
                    seen[b.items[i].input[0] - 'a']++;
                nb_batch_free(&b);
                nb_diag_free(&d);
            }
            for (int i = 0; i < len; i++)
                assert_int_equal(seen[i], 1);
        }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_shards_partition),
    };
    return cmocka_run_group_tests_name("batch", tests, NULL, NULL);
}
