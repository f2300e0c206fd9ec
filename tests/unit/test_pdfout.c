/* test_pdfout.c — pdfout.c's buffer and number formatting: numbers come
 * out exactly as printf's "%.3f" of the value rounded to 1/1000, trailing
 * zeros and point removed, never "-0" (the form the content streams had
 * when they were printed with vsnprintf); hexadecimal codes. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdfout.h"

/* The reference: the printf route. */
static void reference(char *buf, double v)
{
    double r = round(v * 1000.0) / 1000.0;
    if (r == 0)
        r = 0;
    snprintf(buf, 40, "%.3f", r);
    char *e = buf + strlen(buf) - 1;
    while (*e == '0')
        *e-- = '\0';
    if (*e == '.')
        *e = '\0';
}

static void check_num(double v)
{
    nb_pdfout o = {0};
    nb_pdfout_num(&o, v);
    nb_pdfout_bytes(&o, "", 1);
    char want[40];
    reference(want, v);
    if (strcmp(o.data, want) != 0)
        print_error("%.17g: got %s, want %s\n", v, o.data, want);
    assert_string_equal(o.data, want);
    nb_pdfout_free(&o);
}

static void test_numbers_as_printf_gave_them(void **state)
{
    (void)state;
    static const double fixed[] = {0, -0.0, 0.0004, -0.0004, 0.0005, -0.0005, 0.001, 1, -1,
                                   12.5, -0.25, 841.89, 595.276, 1000, 0.1, 0.7, 99.9995,
                                   -99.9995, 123456.789, 1e-9, 28.3464566929, 1e6};
    for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++)
        check_num(fixed[i]);
    uint32_t seed = 7;
    for (int i = 0; i < 200000; i++) {
        seed = seed * 1664525u + 1013904223u;
        double v = ((double)seed / 4294967296.0 - 0.5) * (i % 3 == 0 ? 2000.0 : 20.0);
        check_num(v);
        check_num(round(v * 1000.0) / 1000.0);   /* values on the grid itself */
    }
}

static void test_out_of_range_numbers_are_zero(void **state)
{
    (void)state;
    nb_pdfout o = {0};
    nb_pdfout_num(&o, NAN);
    nb_pdfout_num(&o, INFINITY);
    nb_pdfout_num(&o, 1e300);
    nb_pdfout_bytes(&o, "", 1);
    assert_string_equal(o.data, "000");
    nb_pdfout_free(&o);
}

static void test_hex_codes(void **state)
{
    (void)state;
    nb_pdfout o = {0};
    nb_pdfout_hex4(&o, 0);
    nb_pdfout_str(&o, " ");
    nb_pdfout_hex4(&o, 0xA1);
    nb_pdfout_str(&o, " ");
    nb_pdfout_hex4(&o, 0xFFFF);
    nb_pdfout_str(&o, " ");
    nb_pdfout_hex4(&o, 0x12345);
    nb_pdfout_bytes(&o, "", 1);
    assert_string_equal(o.data, "0000 00A1 FFFF 12345");
    nb_pdfout_free(&o);
}

static void test_buffer_grows(void **state)
{
    (void)state;
    nb_pdfout o = {0};
    for (int i = 0; i < 100000; i++)
        nb_pdfout_printf(&o, "%d ", i % 10);
    assert_false(o.failed);
    assert_int_equal(o.len, 200000);
    assert_memory_equal(o.data + 199990, "5 6 7 8 9 ", 10);
    nb_pdfout_free(&o);
    assert_null(o.data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_numbers_as_printf_gave_them),
        cmocka_unit_test(test_out_of_range_numbers_are_zero),
        cmocka_unit_test(test_hex_codes),
        cmocka_unit_test(test_buffer_grows),
    };
    return cmocka_run_group_tests_name("pdfout", tests, NULL, NULL);
}
