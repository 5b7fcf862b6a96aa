/* test_table.c — unit tests of lib/table.c: the in-memory table: its arena, rows, added columns and
 * lookups. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "custkit.h"

static struct ck_row make_row(const char **f, size_t n)
{
    static size_t lens[64];
    for (size_t i = 0; i < n; i++)
        lens[i] = strlen(f[i]);
    struct ck_row r = {n, (char **)f, lens, 1};
    return r;
}

static void test_table(void **state)
{
    (void)state;
    struct ck_table t;
    struct ck_error e;
    ck_table_init(&t);
    const char *h[] = {"a", "b"};
    struct ck_row hr = make_row(h, 2);
    assert_int_equal(ck_table_set_header(&t, &hr, &e), CK_OK);
    for (int i = 0; i < 5000; i++) {
        char v[16];
        snprintf(v, sizeof v, "%d", i);
        const char *f[] = {v, i % 2 ? "odd" : ""};
        struct ck_row r = make_row(f, 2);
        r.line = i + 2;
        assert_int_equal(ck_table_append(&t, &r, &e), CK_OK);
    }
    assert_int_equal(t.nrows, 5000);
    long c = ck_table_add_column(&t, "c", &e);
    assert_int_equal(c, 2);
    assert_int_equal(ck_table_set(&t, 4999, 2, "last", 4, &e), CK_OK);
    assert_string_equal(ck_table_cell(&t, 4999, 0), "4999");
    assert_string_equal(ck_table_cell(&t, 4999, 1), "odd");
    assert_string_equal(ck_table_cell(&t, 4999, 2), "last");
    assert_string_equal(ck_table_cell(&t, 0, 2), "");
    assert_int_equal(t.lines[10], 12);
    assert_int_equal(ck_table_find_column(&t, "b"), 1);
    assert_int_equal(ck_table_find_column(&t, "zz"), -1);
    ck_table_free(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
