/* test_numfmt.c — unit tests of lib/base/numfmt.c: the shortest decimal that round-trips a double, and
 * the strict locale-independent parse. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>

#include <cmocka.h>

#include "custkit.h"

static void test_format_double(void **state)
{
    (void)state;
    static const struct {
        double v;
        const char *want;
    } cases[] = {
        {42, "42"},         {0.1, "0.1"},       {13812345678.0, "13812345678"},
        {1e-7, "1e-7"},     {-0.0, "0"},        {1234.5, "1234.5"},
        {0.30000000000000004, "0.30000000000000004"},
        {1e21, "1e21"},     {123456789012345680000.0, "123456789012345680000"},
        {-2.5, "-2.5"},     {45292, "45292"},   {0.000123, "0.000123"},
        {123.456, "123.456"}, {1.5e15, "1500000000000000"}, {1.0 / 3, "0.3333333333333333"},
        {-9007199254740993.0, "-9007199254740992"}, {46056.4, "46056.4"},
    };
    char buf[32];
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        assert_string_equal(ck_format_double(cases[i].v, buf), cases[i].want);
    /* every double reads back exactly, in no more digits than needed */
    uint64_t x = 88172645463325252ULL;
    for (int i = 0; i < 200000; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        double v;
        memcpy(&v, &x, sizeof v);
        if (isnan(v) || isinf(v))
            continue;
        if (i % 2)
            v = (double)(x % 100000000) / 100; /* money-like values too */
        ck_format_double(v, buf);
        assert_true(strtod(buf, NULL) == v);
        char shorter[40];
        for (int digits = 1; digits < 17; digits++) {
            snprintf(shorter, sizeof shorter, "%.*e", digits - 1, v);
            if (strtod(shorter, NULL) == v) {
                /* the shortest form has this many significant digits: so must ours */
                char sig[40];
                size_t n = 0;
                for (const char *p = buf; *p && *p != 'e'; p++)
                    if (*p >= '0' && *p <= '9' && (n || *p != '0'))
                        sig[n++] = *p;
                while (n && sig[n - 1] == '0')
                    n--;
                assert_true(n <= (size_t)digits);
                break;
            }
        }
    }
    double d;
    assert_int_equal(ck_parse_double("1234.50", &d), 0);
    assert_true(d == 1234.5);
    assert_int_equal(ck_parse_double("1e3", &d), 0);
    assert_int_equal(ck_parse_double("0x10", &d), -1);
    assert_int_equal(ck_parse_double("inf", &d), -1);
    assert_int_equal(ck_parse_double("1e999", &d), -1);
    assert_int_equal(ck_parse_double("", &d), -1);
    assert_int_equal(ck_parse_double("12a", &d), -1);
}

/* The brief's own examples, each both ways, and the strict parse refusing what strtod would
 * take in part: a dangling exponent, a leading space, a decimal comma. */
static void test_numfmt_exact(void **state)
{
    (void)state;
    char buf[32];
    double d;
    static const struct {
        double v;
        const char *s;
    } c[] = {{0.1, "0.1"}, {1e21, "1e21"}, {123456.78, "123456.78"}, {-0.0, "0"},
             {1e-6, "0.000001"}, {9.999999999999999e20, "999999999999999900000"},
             {5e-324, "5e-324"}, {1.7976931348623157e308, "1.7976931348623157e308"}};
    for (size_t i = 0; i < sizeof c / sizeof *c; i++) {
        assert_string_equal(ck_format_double(c[i].v, buf), c[i].s);
        assert_int_equal(ck_parse_double(buf, &d), 0);
        assert_true(d == c[i].v);
    }
    assert_int_equal(ck_parse_double("-0", &d), 0);
    assert_true(d == 0 && signbit(d));
    assert_int_equal(ck_parse_double("+.5", &d), 0);
    assert_true(d == 0.5);
    assert_int_equal(ck_parse_double("5.", &d), 0);
    assert_true(d == 5);
    assert_int_equal(ck_parse_double("1E-2", &d), 0);
    assert_true(d == 0.01);
    d = 42;
    static const char *const bad[] = {"1e", "1e+", " 1", "1 ", "1,0", ".", "-", "+", "nan",
                                      "1.2.3", "--1", "1e5.5", "１"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        if (ck_parse_double(bad[i], &d) != -1)
            fail_msg("'%s' parsed", bad[i]);
    assert_true(d == 42); /* a refused string leaves the value alone */
}

/* Whole numbers as their decimal digits, no NUL written, the end returned. */
static void test_put_uint(void **state)
{
    (void)state;
    static const struct {
        unsigned long long v;
        const char *s;
    } c[] = {{0, "0"}, {9, "9"}, {10, "10"}, {1234567, "1234567"},
             {18446744073709551615ULL, "18446744073709551615"}};
    for (size_t i = 0; i < sizeof c / sizeof *c; i++) {
        char buf[32];
        memset(buf, 'Z', sizeof buf);
        char *end = ck_put_uint(buf, c[i].v);
        assert_int_equal(end - buf, (long)strlen(c[i].s));
        assert_memory_equal(buf, c[i].s, strlen(c[i].s));
        assert_int_equal(*end, 'Z');
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format_double), cmocka_unit_test(test_put_uint),
        cmocka_unit_test(test_numfmt_exact),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
