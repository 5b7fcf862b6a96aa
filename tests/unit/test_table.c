/* test_table.c — unit tests of lib/io/table.c: the in-memory table: its arena, rows, added columns and
 * lookups. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
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

/* Many rows with values long enough to fill several arena blocks: every cell reads back as
 * written, empty cells share the static "", a column added later is empty in every row, and
 * ck_grow doubles from 64 and refuses a size that would overflow. */
static void test_table_many_rows(void **state)
{
    (void)state;
    struct ck_table t;
    struct ck_error e;
    ck_table_init(&t);
    const char *h[] = {"id", "text", "empty"};
    struct ck_row hr = make_row(h, 3);
    assert_int_equal(ck_table_set_header(&t, &hr, &e), CK_OK);
    assert_int_equal(t.ncols, 3);
    assert_string_equal(t.header[1], "text");
    enum { N = 200000 };
    char v[16], text[200];
    for (int i = 0; i < N; i++) {
        snprintf(v, sizeof v, "%d", i);
        int tl = snprintf(text, sizeof text, "客户%d-%0*d", i, 10 + i % 150, i);
        char *f[] = {v, text, ""};
        size_t len[] = {strlen(v), (size_t)tl, 0};
        struct ck_row r = {3, f, len, i + 2};
        assert_int_equal(ck_table_append(&t, &r, &e), CK_OK);
    }
    assert_int_equal(t.nrows, N);
    assert_true(t.cap_rows >= N);
    for (int i = 0; i < N; i += 997) {
        snprintf(v, sizeof v, "%d", i);
        snprintf(text, sizeof text, "客户%d-%0*d", i, 10 + i % 150, i);
        assert_string_equal(ck_table_cell(&t, (size_t)i, 0), v);
        assert_string_equal(ck_table_cell(&t, (size_t)i, 1), text);
        assert_ptr_equal(ck_table_cell(&t, (size_t)i, 2), ck_table_cell(&t, 0, 2));
        assert_int_equal(t.lines[i], i + 2);
    }
    /* a short row is padded, a long one cut to the header's width */
    const char *shortf[] = {"only"};
    struct ck_row sr = make_row(shortf, 1);
    assert_int_equal(ck_table_append(&t, &sr, &e), CK_OK);
    assert_string_equal(ck_table_cell(&t, N, 0), "only");
    assert_string_equal(ck_table_cell(&t, N, 2), "");
    const char *longf[] = {"1", "2", "3", "4"};
    struct ck_row lr = make_row(longf, 4);
    assert_int_equal(ck_table_append(&t, &lr, &e), CK_OK);
    assert_string_equal(ck_table_cell(&t, N + 1, 2), "3");
    assert_int_equal(ck_table_add_column(&t, "added", &e), 3);
    assert_int_equal(t.ncols, 4);
    assert_string_equal(ck_table_cell(&t, N + 1, 2), "3"); /* moved with its row */
    /* 12345 % 150 = 45: 55 digits after the dash */
    assert_string_equal(ck_table_cell(&t, 12345, 1),
                        "客户12345-00000000000000000000000000000000000000000000000000" "12345");
    for (size_t r = 0; r < t.nrows; r += 5003)
        assert_string_equal(ck_table_cell(&t, r, 3), "");
    assert_int_equal(ck_table_find_column(&t, "added"), 3);
    const char *big = ck_table_strdup(&t, text, strlen(text));
    assert_string_equal(big, text);
    assert_ptr_not_equal(big, text);
    assert_string_equal(ck_table_strdup(&t, "abc", 2), "ab");
    ck_table_free(&t);
    assert_int_equal(t.nrows, 0);
    assert_null(t.cells);

    int *p = NULL;
    size_t cap = 0;
    assert_int_equal(ck_grow((void **)&p, &cap, 1, sizeof *p), 0);
    assert_int_equal(cap, 64);
    assert_int_equal(ck_grow((void **)&p, &cap, 64, sizeof *p), 0);
    assert_int_equal(cap, 64);
    assert_int_equal(ck_grow((void **)&p, &cap, 65, sizeof *p), 0);
    assert_int_equal(cap, 128);
    assert_int_equal(ck_grow((void **)&p, &cap, 1000, sizeof *p), 0);
    assert_int_equal(cap, 1024);
    p[1023] = 7;
    assert_int_equal(ck_grow((void **)&p, &cap, SIZE_MAX / 2, sizeof *p), -1);
    assert_int_equal(cap, 1024); /* left as it was */
    assert_int_equal(p[1023], 7);
    free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_table_many_rows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
