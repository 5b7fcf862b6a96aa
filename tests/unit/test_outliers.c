/* test_outliers.c — unit tests of lib/clean/outliers.c: the amounts and order counts flagged
 * above the fence of the others (ck_outliers_mark over ck_outlier_fence, whose quartiles
 * test_clean.c checks), and the final check of merged customers with exact flags. */
#include <limits.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "custkit.h"
#include "clean/clean_run.h"
#include "clean/orders.h"
#include "clean/outliers.h"
#include "fixture_tables.h"

static void test_outliers_mark(void **state)
{
    (void)state;
    /* Q1 112.5, Q3 137.5, fence 137.5 + 3 · 25 = 212.5 */
    double v[] = {100, 110, 120, 130, 140, 10000, NAN}, scratch[7];
    uint32_t problems[7] = {0, 0, 0, 0, 0, 0, 0};
    ck_outliers_mark(v, 7, scratch, problems);
    for (int i = 0; i < 7; i++)
        assert_int_equal(problems[i], i == 5 ? 1u << CK_P_OUTLIER : 0);
    /* fewer than 4 values: no fence, nothing flagged */
    double few[] = {1, 2, 1e9};
    uint32_t p3[3] = {0, 0, 0};
    ck_outliers_mark(few, 3, scratch, p3);
    assert_int_equal(p3[2], 0);
}

/* A cleaner for t (English names, as of as_of, the default --require when require) and the
 * purchase plan without orders. */
static struct ck_cleaner *cleaner_for(const struct ck_table *t, const struct ck_roles *roles,
                                      long as_of, int require, struct ck_purchase_plan *p)
{
    struct ck_error e;
    struct ck_clean_opts co;
    memset(&co, 0, sizeof co);
    co.norm.lang = CK_LANG_EN;
    co.norm.as_of = as_of;
    co.skip_col = -1;
    if (require)
        ck_clean_default_require(&co, roles);
    struct ck_cleaner *cl;
    assert_int_equal(ck_cleaner_new(&cl, t->ncols, roles, &co, &e), CK_OK);
    ck_purchase_plan(p, t, roles, 0, 0, -1);
    return cl;
}

/* The final check: merged customers checked again, a far-off amount flagged as an outlier. */
static void test_final_check(void **state)
{
    (void)state;
    struct ck_error e;
    struct ck_table t;
    struct ck_roles roles;
    static const char *const rows[] = {
        "name,phone,amount",       "甲,13800000001,100",   "乙,13800000002,120",
        "丙,13800000003,130",      "丁,13800000004,110",   "戊,13800000005,90000",
        "甲,13800000001,",         "己,12345,115",
    };
    make_table(&t, &roles, rows, 8);
    struct ck_dedup *d = dedup(&t, &roles, 1);
    assert_int_equal(ck_dedup_count(d), 6);
    struct ck_purchase_plan p;
    struct ck_cleaner *cl = cleaner_for(&t, &roles, LONG_MIN, 0, &p);
    struct ck_final_check fc;
    assert_int_equal(ck_final_check(&fc, cl, &t, d, &p, NULL, &e), CK_OK);
    for (size_t i = 0; i < 6; i++)
        assert_int_equal(fc.problems[i], i == 4   ? 1u << CK_P_OUTLIER
                                         : i == 5 ? 1u << CK_P_BAD_PHONE
                                                  : 0);
    assert_int_equal(fc.flagged, 2);
    assert_int_equal(fc.any_error, 1);
    ck_final_check_free(&fc);
    ck_cleaner_free(cl);
    ck_dedup_free(d);
    ck_table_free(&t);
}

/* Enough customers for the final check to share them between two threads: the problems of
 * each, the flags and the outliers are those of one thread (CUSTKIT_THREADS=1), and a bad
 * phone in the second half is found there. */
static void test_final_check_shared(void **state)
{
    (void)state;
    enum { N = 10000 };
    struct ck_error e;
    struct ck_table t;
    struct ck_roles roles;
    static const char *const head[] = {"name,phone,email,amount,birthdate"};
    make_table(&t, &roles, head, 1);
    for (int i = 0; i < N; i++) {
        char name[32], phone[32], email[64], amount[32], birth[32];
        char *f[5] = {name, phone, email, amount, birth};
        snprintf(name, sizeof name, "客户%d", i);
        if (i % 97 == 0)
            name[0] = 0;
        snprintf(phone, sizeof phone, i % 89 ? "138%08d" : "12%d", i);
        snprintf(email, sizeof email, i % 83 ? "c%d@example.com" : "c%d@", i);
        snprintf(amount, sizeof amount, "%d", i % 1009 ? 100 + i % 50 : 100000 + i);
        snprintf(birth, sizeof birth, "19%02d-0%d-1%d", 50 + i % 50, 1 + i % 9, i % 10);
        struct ck_row row = {5, f, NULL, (long)i + 2};
        assert_int_equal(ck_table_append(&t, &row, &e), CK_OK);
    }
    struct ck_dedup *d = dedup(&t, &roles, 1);
    assert_int_equal(ck_dedup_count(d), N);
    struct ck_purchase_plan p;
    struct ck_cleaner *cl = cleaner_for(&t, &roles, ck_days_from_civil(2026, 6, 30), 1, &p);
    struct ck_final_check two, one;
    assert_int_equal(ck_final_check(&two, cl, &t, d, &p, NULL, &e), CK_OK);
    setenv("CUSTKIT_THREADS", "1", 1);
    assert_int_equal(ck_final_check(&one, cl, &t, d, &p, NULL, &e), CK_OK);
    unsetenv("CUSTKIT_THREADS");
    assert_memory_equal(two.problems, one.problems, N * sizeof *one.problems);
    assert_memory_equal(two.missing, one.missing, N * sizeof *one.missing);
    assert_int_equal(two.flagged, one.flagged);
    assert_int_equal(two.any_error, one.any_error);
    /* customer 8900 (second half): a bad phone; 9081: an outlier amount; 9700: no name */
    assert_true(one.problems[8900] & 1u << CK_P_BAD_PHONE);
    assert_true(one.problems[9081] & 1u << CK_P_OUTLIER);
    assert_int_equal(one.missing[9700], 1u);
    assert_true(one.flagged > 300);
    ck_final_check_free(&two);
    ck_final_check_free(&one);
    ck_cleaner_free(cl);
    ck_dedup_free(d);
    ck_table_free(&t);
}

/* The fence over exactly 4 values (quartiles interpolated: 1.75 and 3.25, fence 7.75) and
 * over 5 (2 and 4, fence 10): a value on the fence is not above it. */
static void test_mark_on_the_fence(void **state)
{
    (void)state;
    double scratch[6];
    double four[] = {3, 1, 4, 2};
    double fence;
    memcpy(scratch, four, sizeof four);
    assert_int_equal(ck_outlier_fence(scratch, 4, &fence), 0);
    assert_true(fabs(fence - 7.75) < 1e-9);
    double v[] = {1, 2, 10, 3, 4};
    uint32_t problems[5] = {0, 0, 0, 0, 0};
    ck_outliers_mark(v, 5, scratch, problems);
    for (int i = 0; i < 5; i++)
        assert_int_equal(problems[i], 0);
    v[2] = 10.5; /* Q3 is still 4: 10.5 is above 10 */
    ck_outliers_mark(v, 5, scratch, problems);
    for (int i = 0; i < 5; i++)
        assert_int_equal(problems[i], i == 2 ? 1u << CK_P_OUTLIER : 0);
    /* NaN is no value: four numbers and two NaN have the fence of the four */
    double w[] = {NAN, 1, 2, 3, 4, NAN};
    uint32_t pw[6] = {0, 0, 0, 0, 0, 0};
    ck_outliers_mark(w, 6, scratch, pw);
    for (int i = 0; i < 6; i++)
        assert_int_equal(pw[i], 0);
    double w2[] = {NAN, 1, 2, 3, 4, 7.8};
    ck_outliers_mark(w2, 6, scratch, pw); /* 1 2 3 4 7.8: Q1 2, Q3 4, fence 10 */
    for (int i = 0; i < 6; i++)
        assert_int_equal(pw[i], 0);
}

/* Flags already set stay; the outlier bit is added to them, never replaces them. */
static void test_mark_keeps_other_flags(void **state)
{
    (void)state;
    double v[] = {5, 5, 5, 5, 6, 5000}, scratch[6];
    uint32_t problems[6] = {1u << CK_P_BAD_PHONE, 0, 0, 0, 0, 1u << CK_P_BAD_EMAIL};
    ck_outliers_mark(v, 6, scratch, problems);
    assert_int_equal(problems[0], 1u << CK_P_BAD_PHONE);
    assert_int_equal(problems[4], 0); /* Q1 5, Q3 5.75, fence 8: 6 is in */
    assert_int_equal(problems[5], (1u << CK_P_BAD_EMAIL) | (1u << CK_P_OUTLIER));
    /* all NaN, or none at all: nothing to do */
    double none[] = {NAN, NAN, NAN, NAN, NAN};
    uint32_t pn[5] = {0, 0, 0, 0, 0};
    ck_outliers_mark(none, 5, scratch, pn);
    for (int i = 0; i < 5; i++)
        assert_int_equal(pn[i], 0);
    ck_outliers_mark(none, 0, scratch, pn);
}

/* ck_clean_role_bad says of amount and orders what ck_clean_row's bad_roles says, value by
 * value (the fences are made from it before the rows are checked); not for a column left as
 * written (--no-normalize). */
static void test_role_bad_as_clean_row(void **state)
{
    (void)state;
    struct ck_error e;
    struct ck_table t;
    struct ck_roles roles;
    static const char *const head[] = {"name,phone,orders,amount"};
    make_table(&t, &roles, head, 1);
    static const char *const values[] = {
        "100", "abc", "", "１２３", "1亿", "-5", "12.345.6", "¥1,234.50", "  7 ", "N/A",
        "3.5", "三", "1e5", "0", "45292", "2026-01-01", "５０％"};
    for (int keep = 0; keep < 2; keep++) {
        struct ck_clean_opts co;
        memset(&co, 0, sizeof co);
        co.norm.lang = CK_LANG_EN;
        co.norm.as_of = LONG_MIN;
        co.skip_col = -1;
        if (keep)
            co.no_normalize = 1u << CK_ROLE_AMOUNT;
        struct ck_cleaner *cl;
        assert_int_equal(ck_cleaner_new(&cl, t.ncols, &roles, &co, &e), CK_OK);
        for (size_t i = 0; i < sizeof values / sizeof *values; i++) {
            const char *f[4] = {"甲", "13800000001", values[i], values[i]};
            struct ck_clean_result res;
            int abad = -1, obad = -1;
            assert_int_equal(ck_clean_row(cl, f, NULL, 2, &res, &e), CK_OK);
            assert_int_equal(ck_clean_role_bad(cl, CK_ROLE_AMOUNT, f, &abad), CK_OK);
            assert_int_equal(ck_clean_role_bad(cl, CK_ROLE_ORDERS, f, &obad), CK_OK);
            assert_int_equal(abad, (res.bad_roles >> CK_ROLE_AMOUNT) & 1u);
            assert_int_equal(obad, (res.bad_roles >> CK_ROLE_ORDERS) & 1u);
            if (keep)
                assert_int_equal(abad, 0);
        }
        const char *g[4] = {"甲", "13800000001", "abc", "abc"};
        int bad = -1;
        assert_int_equal(ck_clean_role_bad(cl, CK_ROLE_AMOUNT, g, &bad), CK_OK);
        assert_int_equal(bad, !keep); /* the test is not vacuous: "abc" is a bad amount */
        assert_int_equal(ck_clean_role_bad(cl, CK_ROLE_EMAIL, g, &bad), CK_OK);
        assert_int_equal(bad, 0); /* no e-mail column: nothing to find */
        ck_cleaner_free(cl);
    }
    ck_table_free(&t);
}

/* The check in three steps, customers checked one by one in reverse order (as a writer on two
 * threads may), gives what the whole check gives. */
static void test_final_check_in_steps(void **state)
{
    (void)state;
    struct ck_error e;
    struct ck_table t;
    struct ck_roles roles;
    static const char *const rows[] = {
        "name,phone,amount", "甲,13800000001,100", "乙,13800000002,120", "丙,13800000003,130",
        "丁,13800000004,110", "戊,13800000005,90000", "甲,13800000001,", "己,12345,115",
        ",13800000009,abc"};
    make_table(&t, &roles, rows, 9);
    struct ck_dedup *d = dedup(&t, &roles, 1);
    size_t n = ck_dedup_count(d);
    struct ck_purchase_plan p;
    struct ck_cleaner *cl = cleaner_for(&t, &roles, LONG_MIN, 1, &p);
    struct ck_final_check whole, steps;
    assert_int_equal(ck_final_check(&whole, cl, &t, d, &p, NULL, &e), CK_OK);
    assert_int_equal(ck_final_check_start(&steps, cl, &t, d, &p, NULL, &e), CK_OK);
    const char *f[8];
    char buf[CK_NPURCHASE][32];
    for (size_t i = n; i-- > 0;) {
        ck_purchase_fields(&p, &t, d, NULL, i, f, buf);
        size_t len[8];
        for (size_t c = 0; c < p.ncols; c++)
            len[c] = strlen(f[c]);
        assert_int_equal(
            ck_final_check_one(&steps, cl, f, i % 2 ? len : NULL, t.lines[ck_dedup_row(d, i)], i,
                               NULL, &e),
            CK_OK);
    }
    ck_final_check_end(&steps, n);
    assert_memory_equal(whole.problems, steps.problems, n * sizeof *steps.problems);
    assert_memory_equal(whole.missing, steps.missing, n * sizeof *steps.missing);
    assert_int_equal(whole.flagged, steps.flagged);
    assert_int_equal(whole.any_error, steps.any_error);
    assert_true(steps.problems[4] & 1u << CK_P_OUTLIER);
    assert_true(steps.problems[n - 1] & 1u << CK_P_BAD_AMOUNT); /* "abc", not a value */
    assert_true(steps.missing[n - 1] != 0);                     /* no name */
    ck_final_check_free(&whole);
    ck_final_check_free(&steps);
    ck_cleaner_free(cl);
    ck_dedup_free(d);
    ck_table_free(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_outliers_mark),
        cmocka_unit_test(test_mark_on_the_fence),
        cmocka_unit_test(test_mark_keeps_other_flags),
        cmocka_unit_test(test_final_check),
        cmocka_unit_test(test_final_check_shared),
        cmocka_unit_test(test_role_bad_as_clean_row),
        cmocka_unit_test(test_final_check_in_steps),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
