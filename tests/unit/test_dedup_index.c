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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_value_found),
        cmocka_unit_test(test_drop_index),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
