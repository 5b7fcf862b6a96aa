/* test_sheets.c — unit tests of lib/io/sheets.c: --all-sheets reads the visible worksheets
 * only, and --list-sheets' row counts, on real workbooks of the fuzz corpus. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "io/sheets.h"

#define FX "tests/fuzz/corpus/xlsx/"

static void test_importable(void **state)
{
    (void)state;
    struct ck_error e = {0};
    size_t *nums, n;
    /* 隐藏 (hidden), 客户名单, 订单, secret (hidden) */
    assert_int_equal(ck_sheets_importable(FX "sheets.xlsx", &nums, &n, &e), CK_OK);
    assert_int_equal(n, 2);
    assert_int_equal(nums[0], 2);
    assert_int_equal(nums[1], 3);
    free(nums);
    /* h (hidden), vh (veryHidden), v */
    assert_int_equal(ck_sheets_importable(FX "states.xlsx", &nums, &n, &e), CK_OK);
    assert_int_equal(n, 1);
    assert_int_equal(nums[0], 3);
    free(nums);
    assert_int_not_equal(ck_sheets_importable(FX "no-such.xlsx", &nums, &n, &e), CK_OK);
    assert_null(nums);
    assert_int_equal(n, 0);
}

static void test_rows(void **state)
{
    (void)state;
    struct ck_error e = {0};
    struct ck_xlsx *x;
    static const long want[] = {1, 2, 3, 1};
    assert_int_equal(ck_xlsx_open(&x, FX "sheets.xlsx", &e), CK_OK);
    assert_int_equal(ck_xlsx_sheet_count(x), 4);
    for (size_t i = 0; i < 4; i++) {
        long rows = -1;
        assert_int_equal(ck_sheets_rows(x, i, &rows, &e), CK_OK);
        assert_int_equal(rows, want[i]);
    }
    ck_xlsx_close(x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_importable),
        cmocka_unit_test(test_rows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
