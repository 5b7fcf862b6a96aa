/* test_xls_biff.c — unit tests of lib/io/xls_biff.c: the formula results, BOOLERR constants and
 * number cells' formats custkit reads from an .xls Workbook stream itself, on the committed
 * fixtures, and a cut or garbled container refused without reading past it.
 * tests/hostile/test_xls_hostile.sh feeds it hostile records. */
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
#include "io/xls_biff.h"
#define FX "tests/fixtures/xls/"

static unsigned char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    unsigned char *buf = malloc(1 << 22);
    assert_non_null(buf);
    *n = fread(buf, 1, 1 << 22, f);
    fclose(f);
    return buf;
}

static const struct xls_fcell *at(const struct xls_fcells *fc, uint32_t r, uint16_t c)
{
    for (size_t i = 0; i < fc->n; i++)
        if (fc->c[i].row == r && fc->c[i].col == c)
            return &fc->c[i];
    fail_msg("no cell at %u,%u", r, c);
    return NULL;
}

static void test_formula_results(void **state)
{
    (void)state;
    size_t n;
    unsigned char *f = slurp(FX "formulas.xls", &n);
    struct xls_fcells fc;
    memset(&fc, 0, sizeof fc);
    assert_int_equal(xls_biff_sheet_cells(f, n, 0, &fc), 0);
    assert_int_equal(fc.n, 27); /* three rows of nine cells */
    assert_int_equal(fc.unread, 0);
    assert_int_equal(fc.first_unread_row, -1);
    assert_int_equal(fc.date1904, 0);
    const struct xls_fcell *c = at(&fc, 1, 1);
    assert_int_equal(c->kind, XLS_F_CELL);
    assert_true(c->num == 1234.5);
    c = at(&fc, 1, 2);
    assert_int_equal(c->kind, XLS_F_NUMBER);
    assert_true(c->num == 2469);
    c = at(&fc, 3, 2);
    assert_true(c->num == 0.2);
    c = at(&fc, 2, 3);
    assert_int_equal(c->kind, XLS_F_TEXT);
    assert_string_equal(c->text, "C3x");
    assert_int_equal(c->tlen, 3);
    assert_int_equal(at(&fc, 1, 4)->kind, XLS_F_BOOL);
    assert_true(at(&fc, 1, 4)->num == 1);
    assert_true(at(&fc, 2, 5)->num == 0);
    assert_int_equal(at(&fc, 1, 6)->kind, XLS_F_ERROR);
    assert_int_equal(at(&fc, 1, 9)->kind, XLS_F_TEXT);
    assert_null(at(&fc, 1, 9)->text); /* an empty string result */
    xls_fcells_free(&fc);
    /* no second sheet: -1, nothing read */
    memset(&fc, 0, sizeof fc);
    assert_int_equal(xls_biff_sheet_cells(f, n, 1, &fc), -1);
    assert_int_equal(fc.n, 0);
    xls_fcells_free(&fc);
    /* cut anywhere, the container is refused or read short, never past its end */
    for (size_t cut = 0; cut < n; cut += 509) {
        memset(&fc, 0, sizeof fc);
        unsigned char *part = malloc(cut ? cut : 1);
        memcpy(part, f, cut);
        int rc = xls_biff_sheet_cells(part, cut, 0, &fc);
        assert_true(rc == 0 || rc == -1);
        assert_true(fc.n <= 27);
        xls_fcells_free(&fc);
        free(part);
    }
    free(f);
}

/* Number cells come with their format's kind: 1 date, 2 time, 3 date and time. */
static void test_number_formats(void **state)
{
    (void)state;
    size_t n;
    unsigned char *f = slurp(FX "customers.xls", &n);
    struct xls_fcells fc;
    memset(&fc, 0, sizeof fc);
    assert_int_equal(xls_biff_sheet_cells(f, n, 0, &fc), 0); /* the hidden notes sheet */
    assert_int_equal(fc.n, 0);
    xls_fcells_free(&fc);
    memset(&fc, 0, sizeof fc);
    assert_int_equal(xls_biff_sheet_cells(f, n, 1, &fc), 0);
    const struct xls_fcell *c = at(&fc, 2, 3);
    assert_int_equal(c->fmt, 1);
    assert_true(c->num == 33010); /* 1990-05-17 */
    assert_int_equal(at(&fc, 2, 4)->fmt, 3);
    assert_int_equal(at(&fc, 2, 5)->fmt, 2);
    c = at(&fc, 2, 2);
    assert_int_equal(c->fmt, 0);
    assert_true(c->num == 13812345678.0);
    assert_true(at(&fc, 7, 6)->num == 1e-7);
    xls_fcells_free(&fc);
    /* the 1904 date system of a Mac workbook */
    free(f);
    f = slurp(FX "mac1904.xls", &n);
    memset(&fc, 0, sizeof fc);
    assert_int_equal(xls_biff_sheet_cells(f, n, 0, &fc), 0);
    assert_int_equal(fc.date1904, 1);
    xls_fcells_free(&fc);
    memset(f, 0x41, 512); /* no OLE2 header */
    memset(&fc, 0, sizeof fc);
    assert_int_equal(xls_biff_sheet_cells(f, n, 0, &fc), -1);
    xls_fcells_free(&fc);
    free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_formula_results),
        cmocka_unit_test(test_number_formats),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
