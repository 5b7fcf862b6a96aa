/* test_dedup_index.c — a part of lib/clean/dedup.c (test_dedup.c has the rest): the key index
 * orders attach by, at a size where its tables are sized once and placed on large pages:
 * every value of every row finds its customer (also written in another case, width or
 * spacing), absent values find none, and once the index is dropped the customers, rows and
 * merges are still there while lookups answer -1. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "custkit.h"
#include "clean/dedup.h"
enum { C_ID, C_PHONE, C_EMAIL, NC };
#define NROWS 20000

static const int KEYS[] = {CK_ROLE_PHONE, CK_ROLE_EMAIL, CK_ROLE_ID};

struct fixture {
    struct ck_table t;
    struct ck_roles roles;
    struct ck_dedup *d;
    char val[NROWS][NC][40];
};

/* Row r: id KH<r>; every 10th row shares the phone of the row before it (one person twice),
 * every 7th has no e-mail. */
static void make(struct fixture *fx)
{
    static const char *const header[NC] = {"id", "phone", "email"};
    struct ck_error e;
    size_t len[NC];
    ck_table_init(&fx->t);
    for (size_t c = 0; c < NC; c++)
        len[c] = strlen(header[c]);
    struct ck_row h = {NC, (char **)header, len, 1};
    assert_int_equal(ck_table_set_header(&fx->t, &h, &e), CK_OK);
    for (size_t r = 0; r < NROWS; r++) {
        char *f[NC];
        size_t p = r % 10 == 9 ? r - 1 : r;
        snprintf(fx->val[r][C_ID], 40, "KH%07zu", r);
        snprintf(fx->val[r][C_PHONE], 40, "139%08zu", p * 7919 % 100000000);
        snprintf(fx->val[r][C_EMAIL], 40, r % 7 == 3 ? "" : "user%zu@example.com", r);
        for (size_t c = 0; c < NC; c++) {
            f[c] = fx->val[r][c];
            len[c] = strlen(f[c]);
        }
        struct ck_row row = {NC, f, len, (long)r + 2};
        assert_int_equal(ck_table_append(&fx->t, &row, &e), CK_OK);
    }
    for (int i = 0; i < CK_ROLE_COUNT; i++)
        fx->roles.col[i] = -1;
    fx->roles.col[CK_ROLE_ID] = C_ID;
    fx->roles.col[CK_ROLE_PHONE] = C_PHONE;
    fx->roles.col[CK_ROLE_EMAIL] = C_EMAIL;
    struct ck_dedup_opts o = {KEYS, 3, KEYS, 3, 0, 0, NULL, -1, NULL};
    assert_int_equal(ck_dedup_run(&fx->d, &fx->t, &fx->roles, &o, &e), CK_OK);
}

static int setup(void **state)
{
    static struct fixture fx;
    make(&fx);
    *state = &fx;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *fx = *state;
    ck_dedup_free(fx->d);
    ck_table_free(&fx->t);
    return 0;
}

/* The customer a row became: the group whose rows include it. */
static long customer_of(struct fixture *fx, size_t row)
{
    /* rows 10k+8 and 10k+9 are one person; every other row is one */
    size_t first = row % 10 == 9 ? row - 1 : row;
    return (long)(first - first / 10);
}

static void test_every_value_found(void **state)
{
    struct fixture *fx = *state;
    assert_int_equal(ck_dedup_count(fx->d), NROWS - NROWS / 10);
    char buf[64];
    for (size_t r = 0; r < NROWS; r++) {
        long want = customer_of(fx, r);
        assert_int_equal(ck_dedup_lookup(fx->d, CK_ROLE_ID, fx->val[r][C_ID]), want);
        assert_int_equal(ck_dedup_lookup(fx->d, CK_ROLE_PHONE, fx->val[r][C_PHONE]), want);
        if (fx->val[r][C_EMAIL][0])
            assert_int_equal(ck_dedup_lookup(fx->d, CK_ROLE_EMAIL, fx->val[r][C_EMAIL]), want);
        /* folded: case and spaces */
        snprintf(buf, sizeof buf, " kh%07zu ", r);
        assert_int_equal(ck_dedup_lookup(fx->d, CK_ROLE_ID, buf), want);
        /* a value of another role is not found in this one */
        assert_int_equal(ck_dedup_lookup(fx->d, CK_ROLE_EMAIL, fx->val[r][C_ID]), -1);
    }
    assert_int_equal(ck_dedup_lookup(fx->d, CK_ROLE_ID, "KH9999999"), -1);
    assert_int_equal(ck_dedup_lookup(fx->d, CK_ROLE_ID, "KH000000"), -1);   /* a prefix */
    assert_int_equal(ck_dedup_lookup(fx->d, CK_ROLE_ID, "KH00000000"), -1); /* one more */
    assert_int_equal(ck_dedup_lookup(fx->d, CK_ROLE_ID, ""), -1);
}

static void test_drop_index(void **state)
{
    struct fixture *fx = *state;
    size_t count = ck_dedup_count(fx->d), merges = ck_dedup_merge_count(fx->d);
    size_t row5 = ck_dedup_row(fx->d, 5);
    assert_int_equal(merges, NROWS / 10);
    ck_dedup_drop_index(fx->d);
    ck_dedup_drop_index(fx->d); /* twice is harmless */
    ck_dedup_drop_index(NULL);
    assert_int_equal(ck_dedup_count(fx->d), count);
    assert_int_equal(ck_dedup_merge_count(fx->d), merges);
    assert_int_equal(ck_dedup_row(fx->d, 5), row5);
    assert_string_equal(ck_dedup_merge(fx->d, 0)->key_value, fx->val[9][C_PHONE]);
    assert_int_equal(ck_dedup_lookup(fx->d, CK_ROLE_ID, fx->val[0][C_ID]), -1);
    assert_int_equal(ck_dedup_lookup(fx->d, CK_ROLE_PHONE, fx->val[0][C_PHONE]), -1);
}

/* A table large enough that the index is built in chunks, folded on a second thread, and
 * sized and finished in two halves: rows that share a value across a chunk boundary and
 * across the halves are one customer, and the result (customers, merges in order, every
 * lookup) is the same with CUSTKIT_THREADS=1. */
#define BIG 70000
#define BIG_FAR 50000 /* row r < 20000, r even, shares its e-mail with row r + BIG_FAR */

static char big_val[BIG][NC][32];

static struct ck_dedup *big_run(struct ck_table *t, struct ck_roles *roles)
{
    static const char *const header[NC] = {"id", "phone", "email"};
    struct ck_error e;
    size_t len[NC];
    ck_table_init(t);
    for (size_t c = 0; c < NC; c++)
        len[c] = strlen(header[c]);
    struct ck_row h = {NC, (char **)header, len, 1};
    assert_int_equal(ck_table_set_header(t, &h, &e), CK_OK);
    for (size_t r = 0; r < BIG; r++) {
        char *f[NC];
        size_t pe = r >= BIG_FAR && r - BIG_FAR < 20000 && (r - BIG_FAR) % 2 == 0 ? r - BIG_FAR : r;
        size_t pp = r == 16384 ? 16383 : r; /* the first row of the second chunk */
        snprintf(big_val[r][C_ID], 32, "KH%07zu", r);
        snprintf(big_val[r][C_PHONE], 32, "139%08zu", pp);
        snprintf(big_val[r][C_EMAIL], 32, "u%zu@example.com", pe);
        for (size_t c = 0; c < NC; c++) {
            f[c] = big_val[r][c];
            len[c] = strlen(f[c]);
        }
        struct ck_row row = {NC, f, len, (long)r + 2};
        assert_int_equal(ck_table_append(t, &row, &e), CK_OK);
    }
    for (int i = 0; i < CK_ROLE_COUNT; i++)
        roles->col[i] = -1;
    roles->col[CK_ROLE_ID] = C_ID;
    roles->col[CK_ROLE_PHONE] = C_PHONE;
    roles->col[CK_ROLE_EMAIL] = C_EMAIL;
    struct ck_dedup_opts o = {KEYS, 3, KEYS, 3, 0, 0, NULL, -1, NULL};
    struct ck_dedup *d;
    assert_int_equal(ck_dedup_run(&d, t, roles, &o, &e), CK_OK);
    return d;
}

static void test_big_threaded_same(void **state)
{
    (void)state;
    struct ck_table t1, t2;
    struct ck_roles r1, r2;
    unsetenv("CUSTKIT_THREADS");
    struct ck_dedup *d1 = big_run(&t1, &r1);
    setenv("CUSTKIT_THREADS", "1", 1);
    struct ck_dedup *d2 = big_run(&t2, &r2);
    unsetenv("CUSTKIT_THREADS");
    size_t want = BIG - 10000 - 1;
    assert_int_equal(ck_dedup_count(d1), want);
    assert_int_equal(ck_dedup_count(d2), want);
    assert_int_equal(ck_dedup_merge_count(d1), 10001);
    assert_int_equal(ck_dedup_merge_count(d2), 10001);
    for (size_t i = 0; i < ck_dedup_merge_count(d1); i++) {
        const struct ck_merge *a = ck_dedup_merge(d1, i), *b = ck_dedup_merge(d2, i);
        assert_int_equal(a->kept, b->kept);
        assert_int_equal(a->merged, b->merged);
        assert_int_equal(a->key_role, b->key_role);
        assert_string_equal(a->key_value, b->key_value);
    }
    /* the pair across the chunk boundary, and a pair across the halves */
    assert_int_equal(ck_dedup_lookup(d1, CK_ROLE_ID, big_val[16384][C_ID]),
                     ck_dedup_lookup(d1, CK_ROLE_ID, big_val[16383][C_ID]));
    assert_int_equal(ck_dedup_lookup(d1, CK_ROLE_ID, big_val[BIG_FAR + 2][C_ID]),
                     ck_dedup_lookup(d1, CK_ROLE_ID, big_val[2][C_ID]));
    assert_true(ck_dedup_lookup(d1, CK_ROLE_ID, big_val[BIG_FAR + 3][C_ID]) !=
                ck_dedup_lookup(d1, CK_ROLE_ID, big_val[3][C_ID]));
    for (size_t r = 0; r < BIG; r++)
        for (int c = 0; c < NC; c++) {
            int role = c == C_ID ? CK_ROLE_ID : c == C_PHONE ? CK_ROLE_PHONE : CK_ROLE_EMAIL;
            long got = ck_dedup_lookup(d1, role, big_val[r][c]);
            assert_true(got >= 0);
            assert_int_equal(got, ck_dedup_lookup(d2, role, big_val[r][c]));
        }
    ck_dedup_free(d1);
    ck_dedup_free(d2);
    ck_table_free(&t1);
    ck_table_free(&t2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_value_found),
        cmocka_unit_test(test_drop_index),
        cmocka_unit_test(test_big_threaded_same),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
