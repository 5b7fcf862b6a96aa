/* test_money.c — unit tests of lib/base/money.c: plain decimals to exact cents and back, the
 * rounding of sub-cent digits, what is not a plain decimal, and the amounts the normaliser
 * hands over ("1,234.50", "¥-0.5", "1.2万") turned into cents. */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "custkit.h"
#include "base/money.h"
#include "clean/normalize.h"
static void test_parse_format(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        long long cents;
        const char *out;
    } cases[] = {
        {"0", 0, "0"},
        {"0.1", 10, "0.1"},
        {"0.2", 20, "0.2"},
        {"1234.50", 123450, "1234.5"},
        {"12000", 1200000, "12000"},
        {"0.05", 5, "0.05"},
        {"3.125", 313, "3.13"},
        {"3.124", 312, "3.12"},
        {".5", 50, "0.5"},
        {"-2.5", -250, "-2.5"},
        {"99999999.99", 9999999999LL, "99999999.99"},
    };
    char buf[32];
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        long long c;
        assert_int_equal(ck_cents_parse(cases[i].in, &c), 0);
        assert_int_equal(c, cases[i].cents);
        assert_string_equal(ck_cents_format(c, buf), cases[i].out);
    }
    static const char *const bad[] = {
        "", "abc", "1,5", "1.2.3", "1e5", "-", "99999999999999999999"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        long long c;
        assert_int_equal(ck_cents_parse(bad[i], &c), -1);
    }
    /* Ten thousand times 0.1 is exactly 1000. */
    long long sum = 0, c;
    for (int i = 0; i < 10000; i++) {
        ck_cents_parse("0.1", &c);
        sum += c;
    }
    assert_string_equal(ck_cents_format(sum, buf), "1000");
}

/* Sub-cent digits round half away from zero, on both sides of zero; digits past the third
 * never matter. */
static void test_rounding(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        long long cents;
    } cases[] = {
        {"0.005", 1},   {"0.0049", 0}, {"-0.005", -1}, {"-0.004", 0},
        {"1.999", 200}, {"2.5", 250},  {"0.0", 0},     {"7.", 700},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        long long c = 12345;
        assert_int_equal(ck_cents_parse(cases[i].in, &c), 0);
        assert_int_equal(c, cases[i].cents);
    }
    /* A failed parse leaves the output alone. */
    long long c = 42;
    assert_int_equal(ck_cents_parse("¥1", &c), -1);
    assert_int_equal(ck_cents_parse("1 ", &c), -1);
    assert_int_equal(ck_cents_parse("+1", &c), -1);
    assert_int_equal(c, 42);
}

/* The roll-up parses what ck_norm_amount made of a cell: currency signs, thousands
 * separators and 万 are gone by then, and the cents come out exact. */
static void test_after_normaliser(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        int problem;
        const char *norm;
        long long cents;
    } cases[] = {
        {"1,234.50", CK_P_NONE, "1234.5", 123450},
        {"¥-0.5", CK_P_NEGATIVE_AMOUNT, "-0.5", -50},
        {"￥1.2万", CK_P_NONE, "12000", 1200000},
        {"RMB 3元", CK_P_NONE, "3", 300},
        {"$0.10", CK_P_NONE, "0.1", 10},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char out[64];
        long long c = 0;
        assert_int_equal(ck_norm_amount(cases[i].in, out, sizeof out, NULL), cases[i].problem);
        assert_string_equal(out, cases[i].norm);
        assert_int_equal(ck_cents_parse(out, &c), 0);
        assert_int_equal(c, cases[i].cents);
    }
}

/* The extremes of long long format without overflow. */
static void test_format_extremes(void **state)
{
    (void)state;
    char buf[32];
    assert_string_equal(ck_cents_format(-1, buf), "-0.01");
    assert_string_equal(ck_cents_format(-10, buf), "-0.1");
    assert_string_equal(ck_cents_format(9223372036854775807LL, buf), "92233720368547758.07");
    assert_string_equal(ck_cents_format(-9223372036854775807LL - 1, buf),
                        "-92233720368547758.08");
}

/* Cents are written without printf: the same text as printf's "%lld" over 100, with the cents
 * after a point and no trailing zero, for every remainder, both signs and the extremes. */
static void test_cents_format_digits(void **state)
{
    (void)state;
    long long v[] = {0, 1, 9, 10, 99, 100, 101, 110, 12345, 1000000, LLONG_MAX, LLONG_MIN,
                     LLONG_MIN + 1};
    char buf[32], want[48];
    for (size_t i = 0; i < sizeof v / sizeof *v; i++)
        for (long long d = -120; d <= 120; d++) {
            long long ad = d < 0 ? -d : d; /* toward zero from the extremes */
            long long c = v[i] < -1000000 ? v[i] + ad : v[i] > 1000000 ? v[i] - ad : v[i] + d;
            unsigned long long a = c < 0 ? 0ULL - (unsigned long long)c : (unsigned long long)c;
            const char *sign = c < 0 ? "-" : "";
            if (a % 100 == 0)
                snprintf(want, sizeof want, "%s%llu", sign, a / 100);
            else if (a % 10 == 0)
                snprintf(want, sizeof want, "%s%llu.%llu", sign, a / 100, a % 100 / 10);
            else
                snprintf(want, sizeof want, "%s%llu.%02llu", sign, a / 100, a % 100);
            assert_string_equal(ck_cents_format(c, buf), want);
        }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_format), cmocka_unit_test(test_cents_format_digits),
        cmocka_unit_test(test_rounding),
        cmocka_unit_test(test_after_normaliser),
        cmocka_unit_test(test_format_extremes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
