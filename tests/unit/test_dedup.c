/* test_dedup.c — unit tests of lib/clean/dedup.c: transitive union-find over keys, the survivor
 * rule and each tie-breaker, fill-from-others, --key, --sum, conflicts, the order index. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "custkit.h"
#include "clean/dedup.h"

/* Columns of every test table. */
static const char *const HEADER[] = {"id",     "name",    "phone",
                                     "email",  "company", "last_purchase",
                                     "orders", "amount",  "first_purchase"};
#define NC (sizeof HEADER / sizeof *HEADER)

struct fixture {
    struct ck_table t;
    struct ck_roles roles;
    struct ck_dedup *d;
};

static void load(struct fixture *fx, const char *const (*rows)[NC], size_t n)
{
    struct ck_error e;
    size_t len[NC];
    ck_table_init(&fx->t);
    for (size_t c = 0; c < NC; c++)
        len[c] = strlen(HEADER[c]);
    struct ck_row h = {NC, (char **)HEADER, len, 1};
    assert_int_equal(ck_table_set_header(&fx->t, &h, &e), CK_OK);
    for (size_t r = 0; r < n; r++) {
        for (size_t c = 0; c < NC; c++)
            len[c] = strlen(rows[r][c]);
        struct ck_row row = {NC, (char **)rows[r], len, (long)r + 2};
        assert_int_equal(ck_table_append(&fx->t, &row, &e), CK_OK);
    }
    for (int i = 0; i < CK_ROLE_COUNT; i++)
        fx->roles.col[i] = -1;
    fx->roles.col[CK_ROLE_ID] = 0;
    fx->roles.col[CK_ROLE_NAME] = 1;
    fx->roles.col[CK_ROLE_PHONE] = 2;
    fx->roles.col[CK_ROLE_EMAIL] = 3;
    fx->roles.col[CK_ROLE_COMPANY] = 4;
    fx->roles.col[CK_ROLE_LAST_PURCHASE] = 5;
    fx->roles.col[CK_ROLE_ORDERS] = 6;
    fx->roles.col[CK_ROLE_AMOUNT] = 7;
    fx->roles.col[CK_ROLE_FIRST_PURCHASE] = 8;
}

static const int DEFAULT_KEYS[] = {CK_ROLE_PHONE, CK_ROLE_EMAIL, CK_ROLE_ID};

static void run(struct fixture *fx, const int *keys, size_t nkeys, int sum, const uint32_t *bad)
{
    struct ck_error e;
    struct ck_dedup_opts o = {keys, nkeys, DEFAULT_KEYS, 3, sum, sum, bad, -1, NULL};
    assert_int_equal(ck_dedup_run(&fx->d, &fx->t, &fx->roles, &o, &e), CK_OK);
}

static void done(struct fixture *fx)
{
    ck_dedup_free(fx->d);
    ck_table_free(&fx->t);
}

static const char *out_cell(struct fixture *fx, size_t i, int role)
{
    return ck_table_cell(&fx->t, ck_dedup_row(fx->d, i), (size_t)fx->roles.col[role]);
}

/* A~B by phone, B~C by email, C~D by id: one customer; E stays apart. */
static void test_transitive_chain(void **state)
{
    (void)state;
    static const char *const rows[][NC] = {
        {"", "张三", "13812345678", "", "", "", "", "", ""},
        {"", "张三", "13812345678", "zs@example.com", "", "", "", "", ""},
        {"C9", "", "", "zs@example.com", "", "", "", "", ""},
        {"C9", "张三", "", "", "甲公司", "", "", "", ""},
        {"C1", "李四", "13900000000", "ls@example.com", "", "", "", "", ""},
    };
    struct fixture fx;
    load(&fx, rows, 5);
    run(&fx, DEFAULT_KEYS, 3, 0, NULL);
    assert_int_equal(ck_dedup_count(fx.d), 2);
    assert_int_equal(ck_dedup_merge_count(fx.d), 3);
    assert_int_equal(ck_dedup_group_size(fx.d, 0), 4);
    assert_int_equal(ck_dedup_group_size(fx.d, 1), 1);
    /* Row 1 has 3 fields, row 3 has 3 fields: tie, no dates → first seen (row 1). */
    assert_int_equal(ck_dedup_row(fx.d, 0), 1);
    assert_string_equal(out_cell(&fx, 0, CK_ROLE_ID), "C9");
    assert_string_equal(out_cell(&fx, 0, CK_ROLE_COMPANY), "甲公司");
    assert_string_equal(out_cell(&fx, 1, CK_ROLE_NAME), "李四");
    done(&fx);
}

/* Three rows that each share a different key with one other, in an order that joins two
 * groups late (row 2 links the groups of row 0 and row 1). */
static void test_three_way_late_join(void **state)
{
    (void)state;
    static const char *const rows[][NC] = {
        {"A1", "王五", "", "", "", "", "", "", ""},
        {"", "王五", "13700000000", "", "", "", "", "", ""},
        {"A1", "", "13700000000", "ww@example.com", "", "", "", "", ""},
        {"B2", "赵六", "", "", "", "", "", "", ""},
    };
    struct fixture fx;
    load(&fx, rows, 4);
    run(&fx, DEFAULT_KEYS, 3, 0, NULL);
    assert_int_equal(ck_dedup_count(fx.d), 2);
    assert_int_equal(ck_dedup_row(fx.d, 0), 2);                  /* the most complete */
    assert_string_equal(out_cell(&fx, 0, CK_ROLE_NAME), "王五"); /* filled */
    assert_int_equal(ck_dedup_row(fx.d, 1), 3);
    /* Merge log: rows 0 and 1 into 2, with the key each joined by. */
    assert_int_equal(ck_dedup_merge_count(fx.d), 2);
    const struct ck_merge *m0 = ck_dedup_merge(fx.d, 0), *m1 = ck_dedup_merge(fx.d, 1);
    assert_int_equal(m0->kept, 2);
    assert_int_equal(m0->merged, 0);
    assert_int_equal(m0->key_role, CK_ROLE_ID);
    assert_string_equal(m0->key_value, "A1");
    assert_int_equal(m1->merged, 1);
    assert_int_equal(m1->key_role, CK_ROLE_PHONE);
    assert_string_equal(m1->key_value, "13700000000");
    assert_string_equal(m0->conflicts, "");
    done(&fx);
}

/* Survivor: most non-empty fields wins even when it comes last. */
static void test_survivor_most_complete(void **state)
{
    (void)state;
    static const char *const rows[][NC] = {
        {"", "a", "13812345678", "", "", "2024-12-01", "", "", ""},
        {"", "a", "13812345678", "a@x.cn", "公司", "2024-01-01", "", "", ""},
    };
    struct fixture fx;
    load(&fx, rows, 2);
    run(&fx, DEFAULT_KEYS, 3, 0, NULL);
    assert_int_equal(ck_dedup_row(fx.d, 0), 1);
    /* last_purchase takes the latest of the group whatever the survivor. */
    assert_string_equal(out_cell(&fx, 0, CK_ROLE_LAST_PURCHASE), "2024-12-01");
    done(&fx);
}

/* Tie on completeness: the latest last_purchase wins. */
static void test_tie_latest_purchase(void **state)
{
    (void)state;
    static const char *const rows[][NC] = {
        {"", "a", "13812345678", "", "", "2024-01-01", "", "", ""},
        {"", "b", "13812345678", "", "", "2025-03-01", "", "", ""},
        {"", "c", "13812345678", "", "", "2024-06-01", "", "", ""},
    };
    struct fixture fx;
    load(&fx, rows, 3);
    run(&fx, DEFAULT_KEYS, 3, 0, NULL);
    assert_int_equal(ck_dedup_count(fx.d), 1);
    assert_int_equal(ck_dedup_row(fx.d, 0), 1);
    assert_string_equal(out_cell(&fx, 0, CK_ROLE_NAME), "b");
    /* Different names under one phone: merged, and the merge log marks the conflict. */
    assert_string_equal(ck_dedup_merge(fx.d, 0)->conflicts, "name");
    assert_string_equal(ck_dedup_merge(fx.d, 1)->conflicts, "name");
    done(&fx);
}

/* Tie on completeness and on last_purchase: the first seen wins. */
static void test_tie_first_seen(void **state)
{
    (void)state;
    static const char *const rows[][NC] = {
        {"", "x", "", "dup@example.com", "", "2024-01-01", "", "", ""},
        {"", "y", "", "dup@example.com", "", "2024-01-01", "", "", ""},
    };
    struct fixture fx;
    load(&fx, rows, 2);
    run(&fx, DEFAULT_KEYS, 3, 0, NULL);
    assert_int_equal(ck_dedup_row(fx.d, 0), 0);
    assert_string_equal(out_cell(&fx, 0, CK_ROLE_NAME), "x");
    done(&fx);
}

/* Empty fields are filled from the others in row order; first_purchase is the earliest. */
static void test_fill_from_others(void **state)
{
    (void)state;
    static const char *const rows[][NC] = {
        {"", "", "13812345678", "", "公司甲", "", "", "", "2023-05-01"},
        {"K1", "张三", "13812345678", "z@x.cn", "", "", "", "", "2022-01-09"},
        {"", "", "13812345678", "", "公司乙", "", "", "", ""},
    };
    struct fixture fx;
    load(&fx, rows, 3);
    run(&fx, DEFAULT_KEYS, 3, 0, NULL);
    assert_int_equal(ck_dedup_row(fx.d, 0), 1);
    assert_string_equal(out_cell(&fx, 0, CK_ROLE_COMPANY), "公司甲");
    assert_string_equal(out_cell(&fx, 0, CK_ROLE_FIRST_PURCHASE), "2022-01-09");
    /* Row 2's company differs from the filled value: a conflict for a person to check. */
    assert_string_equal(ck_dedup_merge(fx.d, 0)->conflicts, "");
    assert_string_equal(ck_dedup_merge(fx.d, 1)->conflicts, "company");
    done(&fx);
}

/* --key phone: a shared email alone does not merge. */
static void test_key_option(void **state)
{
    (void)state;
    static const char *const rows[][NC] = {
        {"", "a", "13812345678", "same@x.cn", "", "", "", "", ""},
        {"", "b", "13912345678", "same@x.cn", "", "", "", "", ""},
        {"", "c", "13912345678", "", "", "", "", "", ""},
    };
    static const int phone_only[] = {CK_ROLE_PHONE};
    struct fixture fx;
    load(&fx, rows, 3);
    run(&fx, phone_only, 1, 0, NULL);
    assert_int_equal(ck_dedup_count(fx.d), 2);
    assert_int_equal(ck_dedup_row(fx.d, 1), 1);
    /* The email is still indexed for orders: it finds the first row holding it. */
    assert_int_equal(ck_dedup_lookup(fx.d, CK_ROLE_EMAIL, "SAME@x.cn"), 0);
    done(&fx);
    /* No keys: no deduplication at all. */
    load(&fx, rows, 3);
    run(&fx, NULL, 0, 0, NULL);
    assert_int_equal(ck_dedup_count(fx.d), 3);
    assert_int_equal(ck_dedup_merge_count(fx.d), 0);
    done(&fx);
}

/* --sum orders,amount: exact to the cent (0.1 + 0.2 = 0.3). Without it the survivor's own
 * values stay and a different amount is a conflict. */
static void test_sum(void **state)
{
    (void)state;
    static const char *const rows[][NC] = {
        {"", "a", "13812345678", "", "", "", "2", "0.1", ""},
        {"", "a", "13812345678", "", "", "", "3", "0.2", ""},
        {"", "a", "13812345678", "", "", "", "", "1234.5", ""},
    };
    struct fixture fx;
    load(&fx, rows, 3);
    run(&fx, DEFAULT_KEYS, 3, 1, NULL);
    assert_string_equal(out_cell(&fx, 0, CK_ROLE_ORDERS), "5");
    assert_string_equal(out_cell(&fx, 0, CK_ROLE_AMOUNT), "1234.8");
    assert_string_equal(ck_dedup_merge(fx.d, 0)->conflicts, "");
    done(&fx);
    load(&fx, rows, 3);
    run(&fx, DEFAULT_KEYS, 3, 0, NULL);
    assert_int_equal(ck_dedup_row(fx.d, 0), 0);
    assert_string_equal(out_cell(&fx, 0, CK_ROLE_ORDERS), "2");
    assert_string_equal(out_cell(&fx, 0, CK_ROLE_AMOUNT), "0.1");
    assert_string_equal(ck_dedup_merge(fx.d, 0)->conflicts, "orders;amount");
    done(&fx);
    /* Columns the orders roll-up replaces are quiet: no conflict, no fill. */
    static const unsigned char quiet[NC] = {0, 0, 0, 0, 0, 0, 1, 1, 0};
    struct ck_error e;
    load(&fx, rows, 3);
    struct ck_dedup_opts o = {DEFAULT_KEYS, 3, DEFAULT_KEYS, 3, 0, 0, NULL, -1, quiet};
    assert_int_equal(ck_dedup_run(&fx.d, &fx.t, &fx.roles, &o, &e), CK_OK);
    assert_string_equal(ck_dedup_merge(fx.d, 0)->conflicts, "");
    done(&fx);
}

/* Keys that differ only in case, width or spacing match; invalid values never join rows. */
static void test_folding_and_bad_keys(void **state)
{
    (void)state;
    static const char *const rows[][NC] = {
        {"ＡＢ 12", "a", "n/a", "", "", "", "", "", ""},
        {"ab12", "a", "n/a", "", "", "", "", "", ""},
        {"cd", "b", "n/a", "", "", "", "", "", ""},
    };
    uint32_t bad[3];
    for (int i = 0; i < 3; i++)
        bad[i] = 1u << CK_ROLE_PHONE;
    struct fixture fx;
    load(&fx, rows, 3);
    run(&fx, DEFAULT_KEYS, 3, 0, bad);
    assert_int_equal(ck_dedup_count(fx.d), 2);
    assert_int_equal(ck_dedup_merge(fx.d, 0)->key_role, CK_ROLE_ID);
    assert_int_equal(ck_dedup_lookup(fx.d, CK_ROLE_ID, "AB12"), 0);
    assert_int_equal(ck_dedup_lookup(fx.d, CK_ROLE_ID, "cd"), 1);
    assert_int_equal(ck_dedup_lookup(fx.d, CK_ROLE_PHONE, "n/a"), -1);
    assert_int_equal(ck_dedup_lookup(fx.d, CK_ROLE_ID, "zz"), -1);
    assert_int_equal(ck_dedup_lookup(fx.d, CK_ROLE_ID, ""), -1);
    /* with a scratch of its own, the same answers */
    struct ck_dedup_scratch s = {0};
    assert_int_equal(ck_dedup_lookup_r(fx.d, CK_ROLE_ID, "AB12", &s), 0);
    assert_int_equal(ck_dedup_lookup_r(fx.d, CK_ROLE_ID, " C D ", &s), 1);
    assert_int_equal(ck_dedup_lookup_r(fx.d, CK_ROLE_ID, "zz", &s), -1);
    assert_int_equal(ck_dedup_lookup_r(fx.d, CK_ROLE_ID, "", &s), -1);
    /* and many at once, past a group of 16, unknown roles and missing values included */
    int role[40];
    const char *value[40];
    long cust[40];
    static const char *const vals[] = {"AB12", " C D ", "zz", "", "n/a", NULL, "cd", "ab12"};
    for (int i = 0; i < 40; i++) {
        role[i] = i % 9 == 8 ? -1 : i % 5 == 4 ? CK_ROLE_PHONE : CK_ROLE_ID;
        value[i] = vals[i % 8];
    }
    ck_dedup_lookup_many(fx.d, role, value, 40, cust, &s);
    for (int i = 0; i < 40; i++)
        assert_int_equal(cust[i], value[i] ? ck_dedup_lookup(fx.d, role[i], value[i]) : -1);
    assert_int_equal(cust[0], 0);
    assert_int_equal(cust[6], 1);
    ck_dedup_scratch_free(&s);
    done(&fx);
}

/* Output order is the first appearance of each group, whoever survives; lookups by a merged
 * row's key find the survivor. */
static void test_order_and_lookup(void **state)
{
    (void)state;
    static const char *const rows[][NC] = {
        {"X1", "", "", "", "", "", "", "", ""},
        {"Y1", "b", "13600000000", "", "", "", "", "", ""},
        {"X1", "a", "13500000000", "a@x.cn", "c", "", "", "", ""},
    };
    struct fixture fx;
    load(&fx, rows, 3);
    run(&fx, DEFAULT_KEYS, 3, 0, NULL);
    assert_int_equal(ck_dedup_count(fx.d), 2);
    assert_int_equal(ck_dedup_row(fx.d, 0), 2);
    assert_int_equal(ck_dedup_row(fx.d, 1), 1);
    assert_int_equal(ck_dedup_lookup(fx.d, CK_ROLE_PHONE, "13500000000"), 0);
    assert_int_equal(ck_dedup_lookup(fx.d, CK_ROLE_EMAIL, "A@X.CN"), 0);
    assert_int_equal(ck_dedup_lookup(fx.d, CK_ROLE_PHONE, "13600000000"), 1);
    done(&fx);
}

/* Many rows: the index grows past collisions, chains of pairs merge correctly. */
static void test_many_rows(void **state)
{
    (void)state;
    enum { N = 2000 };
    static char buf[N][2][24];
    static const char *rows[N][NC];
    for (int i = 0; i < N; i++) {
        /* Pairs (2k, 2k+1) share a phone; everything else distinct. */
        snprintf(buf[i][0], sizeof buf[i][0], "139%08d", i / 2);
        snprintf(buf[i][1], sizeof buf[i][1], "id%d", i);
        const char *r[NC] = {buf[i][1], "n", buf[i][0], "", "", "", "", "", ""};
        memcpy(rows[i], r, sizeof r);
    }
    struct fixture fx;
    load(&fx, (const char *const(*)[NC])rows, N);
    run(&fx, DEFAULT_KEYS, 3, 0, NULL);
    assert_int_equal(ck_dedup_count(fx.d), N / 2);
    assert_int_equal(ck_dedup_merge_count(fx.d), N / 2);
    assert_int_equal(ck_dedup_lookup(fx.d, CK_ROLE_ID, "id1999"), N / 2 - 1);
    /* Enough keys at once to be looked up in the index's order: each answer still lands in
     * its own place. Every row's phone and id, in upper case, a miss, a gap. */
    enum { M = 3 * N };
    static char miss[N][24], upper[N][24];
    static int role[M];
    static const char *value[M];
    static long cust[M];
    for (size_t i = 0; i < N; i++) {
        size_t j = 3 * i;
        snprintf(miss[i], sizeof miss[i], "138%08zu", i);
        snprintf(upper[i], sizeof upper[i], " ID%zu", i);
        role[j] = CK_ROLE_PHONE, value[j] = buf[i][0];
        role[j + 1] = CK_ROLE_ID, value[j + 1] = i % 7 ? upper[i] : NULL;
        role[j + 2] = i % 11 ? CK_ROLE_PHONE : -1, value[j + 2] = miss[i];
    }
    struct ck_dedup_scratch s = {0};
    ck_dedup_lookup_many(fx.d, role, value, M, cust, &s);
    for (size_t i = 0; i < N; i++) {
        size_t j = 3 * i;
        assert_int_equal(cust[j], i / 2);
        assert_int_equal(cust[j + 1], i % 7 ? (long)(i / 2) : -1);
        assert_int_equal(cust[j + 2], -1);
    }
    /* the same scratch again, for fewer */
    ck_dedup_lookup_many(fx.d, role + 3, value + 3, 600, cust, &s);
    for (int i = 0; i < 600; i++)
        assert_int_equal(cust[i], value[3 + i] ? ck_dedup_lookup(fx.d, role[3 + i], value[3 + i])
                                               : -1);
    assert_int_equal(cust[0], 0);
    ck_dedup_scratch_free(&s);
    done(&fx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_transitive_chain),
        cmocka_unit_test(test_three_way_late_join),
        cmocka_unit_test(test_survivor_most_complete),
        cmocka_unit_test(test_tie_latest_purchase),
        cmocka_unit_test(test_tie_first_seen),
        cmocka_unit_test(test_fill_from_others),
        cmocka_unit_test(test_key_option),
        cmocka_unit_test(test_sum),
        cmocka_unit_test(test_folding_and_bad_keys),
        cmocka_unit_test(test_order_and_lookup),
        cmocka_unit_test(test_many_rows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
