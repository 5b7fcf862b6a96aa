/* fixture_tables.h — the customer tables the clean-layer unit tests build (test_orders.c,
 * test_outliers.c): a table from comma-separated lines and its deduplication with the keys
 * orders match by. Included by a test file after cmocka.h, custkit.h and clean/orders.h. */
#ifndef CK_TEST_FIXTURE_TABLES_H
#define CK_TEST_FIXTURE_TABLES_H

#include <stdio.h>
#include <string.h>

/* A customer table from rows of comma-separated cells (no quoting), header first, lines 1, 2 … */
static inline void make_table(struct ck_table *t, struct ck_roles *roles, const char *const *rows,
                              size_t nrows)
{
    struct ck_error e;
    ck_table_init(t);
    for (size_t r = 0; r < nrows; r++) {
        char copy[512], *f[16];
        size_t n = 0;
        snprintf(copy, sizeof copy, "%s", rows[r]);
        /* strsep keeps empty cells */
        char *s = copy;
        for (char *c; (c = strsep(&s, ",")) != NULL && n < 16;)
            f[n++] = c;
        struct ck_row row = {n, f, NULL, (long)r + 1};
        if (r == 0) {
            assert_int_equal(ck_table_set_header(t, &row, &e), CK_OK);
            assert_int_equal(ck_roles_resolve(roles, &row, CK_TABLE_CUSTOMERS, NULL, 0, &e), CK_OK);
        } else {
            assert_int_equal(ck_table_append(t, &row, &e), CK_OK);
        }
    }
}

/* Deduplicate by phone and e-mail, indexing the keys orders match by. */
static inline struct ck_dedup *dedup(struct ck_table *t, const struct ck_roles *roles, int join)
{
    static const int keys[] = {CK_ROLE_PHONE, CK_ROLE_EMAIL};
    int lookup[3];
    size_t nlookup = ck_orders_key_roles(roles, lookup);
    struct ck_dedup_opts o = {keys, join ? 2 : 0, lookup, nlookup, 0, 0, NULL, -1, NULL};
    struct ck_dedup *d;
    struct ck_error e;
    assert_int_equal(ck_dedup_run(&d, t, roles, &o, &e), CK_OK);
    return d;
}

#endif
