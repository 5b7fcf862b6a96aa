/* test_ods_read.c — unit tests of lib/io/ods_read.c on the committed fixtures of
 * tests/fixtures/ods/: the same workbook saved as .ods by LibreOffice and by gnumeric gives the
 * sheet list (a hidden one included), the first visible sheet, and the rows and header the CSV
 * beside it holds. Hand-made .ods files for each value type are read in
 * tests/interop/test_ods.sh (make_ods.py). */
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
#include "io/xlsx_internal.h"
#define FX "tests/fixtures/ods/"

static void test_sheets_and_first_rows(void **state)
{
    (void)state;
    static const char *const books[] = {FX "roundtrip_lo.ods", FX "roundtrip_gnumeric.ods"};
    for (size_t b = 0; b < 2; b++) {
        struct xlsx_zip z;
        memset(&z, 0, sizeof z);
        struct ck_error e;
        assert_int_equal(xlsx_zip_open(&z, books[b], "book.ods", &e), CK_OK);
        assert_true(ods_detect(&z));
        struct ck_ods *o;
        assert_int_equal(ods_open(&o, &z, &e), CK_OK);
        assert_int_equal(ods_sheet_count(o), 3);
        assert_string_equal(ods_sheet_name(o, 0), "隐藏");
        assert_string_equal(ods_sheet_name(o, 1), "客户");
        assert_string_equal(ods_sheet_name(o, 2), "订单");
        assert_null(ods_sheet_name(o, 3));
        assert_int_not_equal(ods_sheet_state(o, 0), 0);
        assert_int_equal(ods_sheet_state(o, 1), 0);
        assert_null(ods_selected(o));
        assert_int_equal(ods_select(o, NULL, &e), CK_OK); /* the first visible sheet */
        assert_string_equal(ods_selected(o), "客户");
        const struct ck_row *row;
        assert_int_equal(ods_next(o, &row, &e), CK_OK);
        assert_non_null(row);
        assert_int_equal(row->line, 1);
        assert_string_equal(row->f[0], "编号");
        assert_string_equal(row->f[9], "备注");
        assert_int_equal(ods_next(o, &row, &e), CK_OK);
        assert_string_equal(row->f[0], "007"); /* text, leading zeros kept */
        assert_string_equal(row->f[3], "1990-03-07");
        assert_string_equal(row->f[4], "2024-03-01 13:30:00");
        assert_string_equal(row->f[6], "1234.5");
        assert_string_equal(row->f[7], "TRUE");
        assert_int_equal(ods_select(o, "订单", &e), CK_OK);
        assert_int_equal(ods_next(o, &row, &e), CK_OK);
        assert_string_equal(row->f[0], "订单号");
        assert_int_equal(ods_select(o, "nonesuch", &e), CK_EUSAGE);
        assert_int_equal(ods_error_cells(o), 0);
        ods_close(o);
        xlsx_zip_close(&z);
    }
}

#include "fixture_reader.h"

static void test_rows_as_the_csv(void **state)
{
    (void)state;
    same_as_csv(FX "roundtrip_lo.ods", NULL, FX "roundtrip_1.csv");
    same_as_csv(FX "roundtrip_gnumeric.ods", NULL, FX "roundtrip_1.csv");
    same_as_csv(FX "roundtrip_lo.ods", "订单", FX "roundtrip_2.csv");
    same_as_csv(FX "roundtrip_gnumeric.ods", "3", FX "roundtrip_2.csv");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sheets_and_first_rows),
        cmocka_unit_test(test_rows_as_the_csv),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
