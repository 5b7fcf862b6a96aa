/* test_norm_fast.c — a part of lib/clean/normalize.c (test_normalize.c has the rest): the fast
 * paths of ck_norm_date() and ck_norm_amount() (clean/norm_fast.h) held against the full
 * normalisers: on edge cases and on generated values, the result code, the text and the
 * day number or double are the same, and the fast path takes exactly the forms it claims. */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "custkit.h"
#include "clean/norm_fast.h"
/* 2026-09-30, the as-of of the benchmark runs */
#define ASOF 20726L

static const struct ck_norm_opts asof = {CK_DATE_YMD_ONLY, ASOF, CK_LANG_ZH};
static const struct ck_norm_opts noasof = {CK_DATE_YMD_ONLY, LONG_MIN, CK_LANG_EN};
static const struct ck_norm_opts dmy = {CK_DATE_DMY, ASOF, CK_LANG_EN};

/* ck_norm_date() and ck_norm_date_full() agree on in, for every option set, serial_ok and a
 * short and a long buffer. */
static void date_agrees(const char *in)
{
    const struct ck_norm_opts *opts[] = {&asof, &noasof, &dmy, NULL};
    const size_t caps[] = {64, 11, 8};
    for (size_t i = 0; i < sizeof opts / sizeof *opts; i++)
        for (int serial = 0; serial <= 1; serial++)
            for (size_t c = 0; c < sizeof caps / sizeof *caps; c++) {
                char a[64], b[64];
                long da = 12345, db = 12345;
                memset(a, 'Z', sizeof a);
                memset(b, 'Z', sizeof b);
                int ra = ck_norm_date(in, opts[i], serial, a, caps[c], &da);
                int rb = ck_norm_date_full(in, opts[i], serial, b, caps[c], &db);
                if (ra != rb || da != db || memcmp(a, b, sizeof a) != 0)
                    fail_msg("date '%s' (opts %zu, serial %d, cap %zu): %d '%s' %ld, full %d "
                             "'%s' %ld",
                             in, i, serial, caps[c], ra, a, da, rb, b, db);
            }
}

static void amount_agrees(const char *in)
{
    const size_t caps[] = {64, 4};
    for (size_t c = 0; c < sizeof caps / sizeof *caps; c++) {
        char a[64], b[64];
        double va = 7, vb = 7;
        memset(a, 'Z', sizeof a);
        memset(b, 'Z', sizeof b);
        int ra = ck_norm_amount(in, a, caps[c], &va);
        int rb = ck_norm_amount_full(in, b, caps[c], &vb);
        if (ra != rb || memcmp(&va, &vb, sizeof va) != 0 || memcmp(a, b, sizeof a) != 0)
            fail_msg("amount '%s' (cap %zu): %d '%s' %.17g, full %d '%s' %.17g", in, caps[c], ra, a,
                     va, rb, b, vb);
        /* without the double too */
        memset(a, 'Z', sizeof a);
        memset(b, 'Z', sizeof b);
        ra = ck_norm_amount(in, a, caps[c], NULL);
        rb = ck_norm_amount_full(in, b, caps[c], NULL);
        if (ra != rb || memcmp(a, b, sizeof a) != 0)
            fail_msg("amount '%s' (cap %zu, no value): %d '%s', full %d '%s'", in, caps[c], ra, a,
                     rb, b);
    }
}

struct fcase {
    const char *in;
    int fast; /* does the fast path take it? */
};

static void test_date_edges(void **state)
{
    (void)state;
    static const struct fcase cases[] = {
        {"2026-09-30", 1},
        {"2026-09-30 23:59:59", 1},
        {"2026-09-30 00:00:00", 1}, /* midnight: the time is dropped */
        {"2026-09-30 00:00:01", 1},
        {"2026-10-01", 1}, /* after --as-of: future date, the value kept */
        {"2026-10-01 08:00:00", 1},
        {"2024-02-29", 1}, /* leap year */
        {"2000-02-29", 1},
        {"1000-01-01", 1},
        {"9999-12-31 23:59:59", 1},
        {"2026-02-29", 0}, /* no such day: the full normaliser says bad date */
        {"1900-02-29", 0},
        {"2026-09-31", 0},
        {"2026-13-01", 0},
        {"2026-00-10", 0},
        {"2026-01-00", 0},
        {"0999-12-31", 0},
        {"2026-09-30 24:00:00", 0},
        {"2026-09-30 23:60:00", 0},
        {"2026-09-30 23:59:60", 0},
        {"2026-9-3", 0}, /* the full normaliser pads it */
        {"2026-09-3", 0},
        {"2026/09/30", 0},
        {"2026.09.30", 0},
        {"2026-09-30T12:00:00", 0},
        {"2026-09-30 12:00", 0},
        {"2026-09-30 1:02:03", 0},
        {"2026-09-30 12:00:00.5", 0},
        {"2026-09-30 12:00:00Z", 0},
        {"2026-09-30  12:00:00", 0},
        {" 2026-09-30", 0},
        {"2026-09-30 ", 0},
        {"\t2026-09-30", 0},
        {"２０２６-09-30", 0}, /* full-width digits */
        {"2026－09－30", 0},
        {"2026年9月30日", 0},
        {"20260930", 0},
        {"45000", 0}, /* an Excel serial */
        {"30/09/2026", 0},
        {"2026-09-30x", 0},
        {"2026-0a-30", 0},
        {"+026-09-30", 0},
        {"-026-09-30", 0},
        {"2026-09-30 12:00:0a", 0},
        {"", 0},
        {"   ", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char out[64] = "untouched";
        long days = 99;
        int rc = ck_norm_date_fast(cases[i].in, &asof, out, sizeof out, &days);
        if ((rc >= 0) != cases[i].fast)
            fail_msg("date '%s': fast path %s it", cases[i].in, rc >= 0 ? "took" : "declined");
        if (rc < 0 && (strcmp(out, "untouched") != 0 || days != 99))
            fail_msg("date '%s': declined but wrote", cases[i].in);
        date_agrees(cases[i].in);
    }
    date_agrees(NULL);
    assert_int_equal(ck_norm_date_fast(NULL, &asof, NULL, 0, NULL), -1);
}

static void test_date_values(void **state)
{
    (void)state;
    char out[64];
    long days;
    assert_int_equal(ck_norm_date("2026-09-30 00:00:00", &asof, 1, out, sizeof out, &days),
                     CK_P_NONE);
    assert_string_equal(out, "2026-09-30");
    assert_int_equal(days, ASOF);
    assert_int_equal(ck_norm_date("2026-10-01 08:00:00", &asof, 1, out, sizeof out, &days),
                     CK_P_FUTURE_DATE);
    assert_string_equal(out, "2026-10-01 08:00:00");
    assert_int_equal(days, ASOF + 1);
    assert_int_equal(ck_norm_date("2026-02-29", &asof, 1, out, sizeof out, &days), CK_P_BAD_DATE);
    assert_int_equal(days, LONG_MIN);
    assert_int_equal(ck_norm_date("2026-9-3", &asof, 1, out, sizeof out, &days), CK_P_NONE);
    assert_string_equal(out, "2026-09-03");
}

/* Deterministic pseudo-random values (xorshift): both paths on many ISO-like strings. */
static uint32_t rnd_state = 2463534242u;
static uint32_t next_rand(void)
{
    rnd_state ^= rnd_state << 13;
    rnd_state ^= rnd_state >> 17;
    rnd_state ^= rnd_state << 5;
    return rnd_state;
}

static void test_date_generated(void **state)
{
    (void)state;
    static const char alphabet[] = "0123456789-: T/.";
    char s[24];
    size_t fast = 0;
    for (int i = 0; i < 200000; i++) {
        /* a valid-looking ISO date and time, then a few bytes changed */
        snprintf(s, sizeof s, "%04u-%02u-%02u %02u:%02u:%02u", 990 + next_rand() % 9100,
                 next_rand() % 14, next_rand() % 33, next_rand() % 26, next_rand() % 62,
                 next_rand() % 62);
        if (next_rand() % 2)
            s[10] = 0;
        for (uint32_t m = next_rand() % 3; m > 0; m--)
            s[next_rand() % strlen(s)] = alphabet[next_rand() % (sizeof alphabet - 1)];
        fast += ck_norm_date_fast(s, &asof, NULL, 0, NULL) >= 0;
        date_agrees(s);
    }
    /* both kinds were met often */
    assert_true(fast > 20000 && fast < 180000);
}

static void test_amount_edges(void **state)
{
    (void)state;
    static const struct fcase cases[] = {
        {"1234.50", 1},
        {"1234.5", 1},
        {"1234", 1},
        {"0", 1},
        {"0.0", 1},
        {"0.00", 1},
        {"-0.00", 1}, /* -0 is 0 */
        {"-0", 1},
        {"-5", 1}, /* negative amount, the value kept */
        {"-1234.56", 1},
        {"00012", 1},
        {"007.700", 1},
        {"100", 1},
        {"100.00", 1},
        {"0.10", 1},
        {"0.005", 1},
        {"12.345", 1},
        {"99999999999999999999", 1},
        {"12345678901234567890123456789012", 1},  /* 32 bytes */
        {"1234567890123456.7890123456789012", 0}, /* 33 */
        {"123456789012345678901234567890123", 0},
        {".5", 0},
        {"5.", 0},
        {"-.5", 0},
        {"-", 0},
        {".", 0},
        {"1.2.3", 0},
        {"--5", 0},
        {"+5", 0},
        {"1,234.50", 0},
        {"1,23.5", 0},
        {" 12 ", 0},
        {"12 ", 0},
        {"１２", 0}, /* full-width */
        {"１２.５０", 0},
        {"1e3", 0},
        {"1.5万", 0},
        {"¥12.00", 0},
        {"12元", 0},
        {"(12.50)", 0},
        {"−5", 0}, /* U+2212 minus sign */
        {"12abc", 0},
        {"", 0},
        {"  ", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char out[64] = "untouched";
        double v = 99;
        int rc = ck_norm_amount_fast(cases[i].in, out, sizeof out, &v);
        if ((rc >= 0) != cases[i].fast)
            fail_msg("amount '%s': fast path %s it", cases[i].in, rc >= 0 ? "took" : "declined");
        if (rc < 0 && (strcmp(out, "untouched") != 0 || v != 99))
            fail_msg("amount '%s': declined but wrote", cases[i].in);
        amount_agrees(cases[i].in);
    }
    amount_agrees(NULL);
    assert_int_equal(ck_norm_amount_fast(NULL, NULL, 0, NULL), -1);
}

static void test_amount_values(void **state)
{
    (void)state;
    char out[64];
    double v;
    assert_int_equal(ck_norm_amount("1234.50", out, sizeof out, &v), CK_P_NONE);
    assert_string_equal(out, "1234.5");
    assert_true(v == 1234.5);
    assert_int_equal(ck_norm_amount("-0.00", out, sizeof out, &v), CK_P_NONE);
    assert_string_equal(out, "0");
    assert_int_equal(ck_norm_amount("007.700", out, sizeof out, &v), CK_P_NONE);
    assert_string_equal(out, "7.7");
    assert_int_equal(ck_norm_amount("-5", out, sizeof out, &v), CK_P_NEGATIVE_AMOUNT);
    assert_string_equal(out, "-5");
    assert_int_equal(ck_norm_amount("1,234.50", out, sizeof out, &v), CK_P_NONE);
    assert_string_equal(out, "1234.5");
}

static void test_amount_generated(void **state)
{
    (void)state;
    static const char alphabet[] = "0123456789012345678901234567890123456789.-, ";
    char s[40];
    size_t fast = 0;
    for (int i = 0; i < 200000; i++) {
        size_t n = 1 + next_rand() % 36;
        for (size_t j = 0; j < n; j++)
            s[j] = alphabet[next_rand() % (sizeof alphabet - 1)];
        s[n] = 0;
        fast += ck_norm_amount_fast(s, NULL, 0, NULL) >= 0;
        amount_agrees(s);
    }
    assert_true(fast > 10000 && fast < 190000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_date_edges),     cmocka_unit_test(test_date_values),
        cmocka_unit_test(test_date_generated), cmocka_unit_test(test_amount_edges),
        cmocka_unit_test(test_amount_values),  cmocka_unit_test(test_amount_generated),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
