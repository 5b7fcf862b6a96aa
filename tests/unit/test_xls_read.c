/* test_xls_read.c — unit tests of lib/io/xls_read.c on the committed fixtures of
 * tests/fixtures/xls/: the sheet list with its hidden sheet, rows read directly, the whole
 * table through the reader equal to the CSV of its cells, formula results, and the
 * password-protected and damaged files refused with what is wrong. tests/interop/test_xls.sh
 * covers the rest (gnumeric and BIFF5 files, the size limit, standard input). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "custkit.h"
#include "io/xls_read.h"
#define FX "tests/fixtures/xls/"

static void test_open_and_rows(void **state)
{
    (void)state;
    struct ck_xls *x;
    struct ck_error e;
    assert_true(ck_ole_is_workbook(FX "customers.xls"));
    assert_false(ck_ole_is_workbook(FX "customers.xlsx"));
    assert_int_equal(ck_xls_open(&x, FX "customers.xls", "customers.xls", &e), CK_OK);
    assert_int_equal(ck_xls_sheet_count(x), 3);
    assert_string_equal(ck_xls_sheet_name(x, 0), "说明");
    assert_string_equal(ck_xls_sheet_name(x, 1), "客户");
    assert_string_equal(ck_xls_sheet_name(x, 2), "订单");
    assert_int_equal(ck_xls_sheet_state(x, 0), 1);
    assert_int_equal(ck_xls_sheet_state(x, 1), 0);
    assert_int_equal(ck_xls_sheet_kind(x, 1), CK_SHEET_WORKSHEET);
    assert_int_equal(ck_xls_start(x, 1, &e), CK_OK);
    const struct ck_row *row;
    assert_int_equal(ck_xls_next(x, &row, &e), CK_OK);
    assert_int_equal(row->line, 1);
    assert_int_equal(row->n, 1);
    assert_string_equal(row->f[0], "客户名单（2024年导出）");
    assert_int_equal(ck_xls_next(x, &row, &e), CK_OK);
    assert_string_equal(row->f[0], "客户编号");
    assert_string_equal(row->f[8], "备注");
    assert_int_equal(ck_xls_next(x, &row, &e), CK_OK);
    static const char *const want[] = {
        "007",      "张三",   "13812345678", "1990-05-17", "2024-01-05 13:30:00",
        "09:05:07", "1234.5", "北京",        "老客户"};
    assert_int_equal(row->n, 9);
    for (size_t i = 0; i < 9; i++)
        assert_string_equal(row->f[i], want[i]);
    long rows = 3;
    while (ck_xls_next(x, &row, &e) == CK_OK && row)
        rows++;
    assert_null(row);
    assert_int_equal(rows, 10); /* as import --list-sheets counts them */
    assert_int_equal(ck_xls_error_cells(x), 0);
    long r, c;
    assert_int_equal(ck_xls_formulas_unread(x, &r, &c), 0);
    assert_int_equal(r, -1);
    ck_xls_close(x);
}

#include "fixture_reader.h"

static void test_as_the_csv(void **state)
{
    (void)state;
    same_as_csv(FX "customers.xls", NULL, FX "customers.csv");
    same_as_csv(FX "customers.xls", "订单", FX "orders.csv");
    same_as_csv(FX "mac1904.xls", NULL, FX "mac1904.csv");
}

static void test_formulas_and_refusals(void **state)
{
    (void)state;
    struct ck_xls *x;
    struct ck_error e;
    assert_int_equal(ck_xls_open(&x, FX "formulas.xls", "formulas.xls", &e), CK_OK);
    assert_int_equal(ck_xls_sheet_count(x), 1);
    assert_string_equal(ck_xls_sheet_name(x, 0), "公式");
    assert_int_equal(ck_xls_start(x, 0, &e), CK_OK);
    const struct ck_row *row;
    assert_int_equal(ck_xls_next(x, &row, &e), CK_OK); /* the header */
    assert_int_equal(ck_xls_next(x, &row, &e), CK_OK);
    assert_string_equal(row->f[1], "1234.5");
    assert_string_equal(row->f[2], "2469"); /* a formula's cached number */
    assert_string_equal(row->f[3], "C2x");  /* and its cached text */
    assert_string_equal(row->f[4], "TRUE");
    ck_xls_close(x);
    assert_int_equal(ck_xls_open(&x, FX "password.xls", "p.xls", &e), CK_EINPUT);
    assert_string_equal(
        e.msg, "p.xls: the .xls workbook is password protected; save it without a password");
    assert_int_equal(ck_xls_open(&x, FX "truncated.xls", "t.xls", &e), CK_EINPUT);
    assert_non_null(strstr(e.msg, "t.xls: damaged .xls workbook: truncated or unreadable OLE2 "
                                  "container"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_open_and_rows),
        cmocka_unit_test(test_as_the_csv),
        cmocka_unit_test(test_formulas_and_refusals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
