/* test_xls_biff.c — unit tests of lib/io/xls_biff.c: the formula results, BOOLERR constants and
 * number cells' formats custkit reads from an .xls Workbook stream itself, on the committed
 * fixtures, and a cut or garbled container refused without reading past it; the whole-workbook
 * reader (sheet names, shared strings) and a FAT found through DIFAT sectors.
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

static uint32_t rd32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void wr32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

/* The whole-workbook reader (what libfreexl refuses): sheet names, text from the shared
 * strings (Latin-1 and Chinese), numbers with their formats. */
static void test_book_cells(void **state)
{
    (void)state;
    size_t n;
    unsigned char *f = slurp(FX "customers.xls", &n);
    struct xls_book *b;
    assert_int_equal(xls_book_open(f, n, &b), 0);
    assert_int_equal(xls_book_sheet_count(b), 3);
    assert_string_equal(xls_book_sheet_name(b, 0), "说明");
    assert_string_equal(xls_book_sheet_name(b, 1), "客户");
    assert_string_equal(xls_book_sheet_name(b, 2), "订单");
    assert_null(xls_book_sheet_name(b, 3));
    assert_int_equal(xls_book_date1904(b), 0);
    assert_int_equal(xls_book_password(b), 0);
    assert_true(xls_book_strings(b) > 10);
    struct xls_fcells fc;
    assert_int_equal(xls_book_sheet_cells(b, 1, &fc), 0);
    const struct xls_fcell *c = at(&fc, 2, 1);
    assert_int_equal(c->kind, XLS_F_TEXT);
    assert_string_equal(c->text, "张三");
    assert_int_equal(c->tlen, strlen("张三"));
    assert_string_equal(at(&fc, 5, 1)->text, "Zoë Müller"); /* 8-bit characters past ASCII */
    assert_string_equal(at(&fc, 1, 0)->text, "客户编号");
    c = at(&fc, 2, 3);
    assert_int_equal(c->kind, XLS_F_CELL);
    assert_int_equal(c->fmt, 1);
    assert_true(c->num == 33010);
    xls_fcells_free(&fc);
    assert_int_equal(xls_book_sheet_cells(b, 3, &fc), -1); /* no such sheet */
    xls_fcells_free(&fc);
    xls_book_free(b);

    /* a cell naming a shared string past the table: the sheet is refused, not read past it */
    for (size_t i = 512; i + 14 <= n; i++)
        if (f[i] == 0xFD && f[i + 1] == 0 && f[i + 2] == 10 && f[i + 3] == 0)
            wr32(f + i + 10, 0x7FFFFFF0);
    assert_int_equal(xls_book_open(f, n, &b), 0);
    assert_int_equal(xls_book_sheet_cells(b, 1, &fc), -1);
    xls_fcells_free(&fc);
    xls_book_free(b);
    free(f);

    /* BIFF5 (no shared strings, code page text) is libfreexl's alone */
    f = slurp(FX "gbk5.xls", &n);
    assert_int_equal(xls_book_open(f, n, &b), -1);
    assert_null(b);
    free(f);
}

/* A FAT of more than 109 sectors, the rest found through the DIFAT chain (difat.xls, made by
 * tests/interop/make_xls_sst.py: 120 FAT sectors, one DIFAT sector); a DIFAT chain pointing
 * past the file or nowhere, and a stream's chain that loops, refused or cut, never followed
 * out of the file. */
static void test_difat(void **state)
{
    (void)state;
    size_t n;
    unsigned char *f = slurp(FX "difat.xls", &n);
    assert_int_equal(rd32(f + 44), 120); /* FAT sectors */
    assert_int_equal(rd32(f + 72), 1);   /* DIFAT sectors */
    struct xls_fcells fc;
    assert_int_equal(xls_biff_sheet_cells(f, n, 1, &fc), 0);
    assert_true(at(&fc, 2, 3)->num == 33010);
    xls_fcells_free(&fc);
    struct xls_book *b;
    assert_int_equal(xls_book_open(f, n, &b), 0);
    assert_int_equal(xls_book_sheet_cells(b, 1, &fc), 0);
    assert_string_equal(at(&fc, 2, 1)->text, "张三");
    xls_fcells_free(&fc);
    xls_book_free(b);

    uint32_t difat = rd32(f + 68), nsec = (uint32_t)(n / 512 - 1);
    unsigned char *g = malloc(n);
    assert_non_null(g);
    /* the DIFAT chain starting past the end of the file, or at no sector */
    uint32_t bad_start[] = {nsec, 0xFFFFFF00u, 0xFFFFFFFEu, 0xFFFFFFFFu};
    for (size_t i = 0; i < sizeof bad_start / sizeof *bad_start; i++) {
        memcpy(g, f, n);
        wr32(g + 68, bad_start[i]);
        assert_int_equal(xls_biff_sheet_cells(g, n, 1, &fc), -1);
        xls_fcells_free(&fc);
        assert_int_equal(xls_book_open(g, n, &b), -1);
    }
    /* a FAT sector number in the DIFAT sector past the end of the file */
    memcpy(g, f, n);
    wr32(g + (difat + 1) * 512 + 4, nsec + 5);
    assert_int_equal(xls_biff_sheet_cells(g, n, 1, &fc), -1);
    xls_fcells_free(&fc);
    assert_int_equal(xls_book_open(g, n, &b), -1);
    /* a DIFAT sector whose next is itself, the header asking for as many FAT sectors as the
     * file has sectors: its entries are read up to that count, never around the loop (a FAT
     * may not have more sectors than the file) */
    memcpy(g, f, n);
    wr32(g + 44, nsec);
    wr32(g + 72, 5);
    for (size_t i = 0; i < 127; i++)
        wr32(g + (difat + 1) * 512 + 4 * i, rd32(f + 76));
    wr32(g + (difat + 1) * 512 + 508, difat);
    (void)xls_biff_sheet_cells(g, n, 1, &fc);
    xls_fcells_free(&fc);
    if (xls_book_open(g, n, &b) == 0)
        xls_book_free(b);
    /* the Workbook stream's chain looping on its first sector: read to the stream's size from
     * the same sector, never past the file */
    memcpy(g, f, n);
    uint32_t fat0 = rd32(g + 76);
    wr32(g + (fat0 + 1) * 512, 0);
    (void)xls_biff_sheet_cells(g, n, 1, &fc);
    xls_fcells_free(&fc);
    if (xls_book_open(g, n, &b) == 0) {
        (void)xls_book_sheet_cells(b, 1, &fc);
        xls_fcells_free(&fc);
        xls_book_free(b);
    }
    free(g);
    free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_formula_results),
        cmocka_unit_test(test_number_formats),
        cmocka_unit_test(test_book_cells),
        cmocka_unit_test(test_difat),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
