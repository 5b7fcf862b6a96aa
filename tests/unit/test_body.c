/* test_body.c — export's data rows written by custkit (lib/report/body.c): spliced into a
 * libxlsxwriter workbook and read back with custkit's own XLSX reader, cell by cell, across
 * many 1 MB pieces; the same bytes with and without worker threads; errors named. The pieces'
 * deflate streams (lib/report/deflate_join.c) are tested in test_deflate_join.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <minizip/unzip.h>
#include <xlsxwriter.h>

#include "custkit.h"
#include "report/body.h"

#define ROWS 40000 /* about 4 MB of XML: several pieces */

static char dir[256];

static int setup(void **state)
{
    (void)state;
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/ck-xbody-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* Row r's text cell (column A): every kind of byte that needs escaping, now and then. */
static const char *text_of(long r, char *buf, size_t cap)
{
    switch (r % 7) {
    case 0:
        snprintf(buf, cap, "客户%ld & <Co> \"x\"", r);
        break;
    case 1:
        snprintf(buf, cap, " lead and trail %ld ", r);
        break;
    case 2:
        snprintf(buf, cap, "ctl\x01\x1f\r-%ld\ttab\nline", r);
        break;
    case 3:
        snprintf(buf, cap, "\xF0\x9F\x98\x80 emoji %ld", r);
        break;
    case 4: /* text Excel would decode, one escape closing where the next opens; U+FFFE */
        snprintf(buf, cap, "_x0041_x0042_ SKU_x0041\x01 %ld \xEF\xBF\xBE_x0041\xEF\xBF\xBF", r);
        break;
    default:
        snprintf(buf, cap, "KH%08ld", r);
        break;
    }
    return buf;
}

/* A workbook: sheet 1 holds the rows (header a, b, c), sheet 2 a header alone, sheet 3 rows
 * whose last ones have no cells (the range still reaches them, as the report's filter does). */
static int all_refs; /* write_book: every cell with its reference (export --cell-refs) */

static int write_book(const char *path, struct ck_error *e)
{
    lxw_workbook *wb = workbook_new(path);
    assert_non_null(wb);
    /* a fixed creation time: two books written a second apart are otherwise not the same */
    lxw_doc_properties props = {0};
    props.created = 1790000000;
    assert_int_equal(workbook_set_properties(wb, &props), LXW_NO_ERROR);
    lxw_format *num = workbook_add_format(wb);
    format_set_num_format(num, "0.00");
    lxw_worksheet *ws[3];
    const char *names[3] = {"rows", "empty", "tail"};
    for (int i = 0; i < 3; i++) {
        ws[i] = workbook_add_worksheet(wb, names[i]);
        worksheet_write_string(ws[i], 0, 0, "a", NULL);
        worksheet_write_string(ws[i], 0, 1, "b", NULL);
        worksheet_write_string(ws[i], 0, 2, "c", NULL);
    }
    struct xlsx_body *b;
    int rc = xlsx_body_new(&b, dir, e);
    if (rc == CK_OK)
        xlsx_body_all_refs(b, all_refs);
    int style = lxw_format_get_xf_index(num);
    char buf[128], n[32];
    if (rc == CK_OK)
        rc = xlsx_body_sheet(b, 1, 3, e);
    for (long r = 2; rc == CK_OK && r <= ROWS + 1; r++) {
        xlsx_body_row(b, (uint32_t)r);
        const char *t = text_of(r, buf, sizeof buf);
        xlsx_body_text(b, 0, 0, t, strlen(t));
        if (r % 5 != 0) { /* column B left empty now and then */
            snprintf(n, sizeof n, "%ld.25", r);
            xlsx_body_number_text(b, 1, style, n, strlen(n));
        }
        xlsx_body_number(b, 2, 0, r % 2 ? (double)r : r / 8.0);
        rc = xlsx_body_row_end(b, e);
    }
    if (rc == CK_OK)
        rc = xlsx_body_sheet_end(b, e);
    if (rc == CK_OK)
        rc = xlsx_body_sheet(b, 2, 3, e);
    if (rc == CK_OK)
        rc = xlsx_body_sheet_end(b, e);
    if (rc == CK_OK)
        rc = xlsx_body_sheet(b, 3, 3, e);
    for (long r = 2; rc == CK_OK && r <= 6; r++) {
        xlsx_body_row(b, (uint32_t)r);
        if (r <= 3)
            xlsx_body_text(b, 1, 0, "x", 1);
        rc = xlsx_body_row_end(b, e);
    }
    if (rc == CK_OK)
        rc = xlsx_body_sheet_end(b, e);
    assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
    if (rc == CK_OK)
        rc = xlsx_body_splice(b, path, path, e);
    xlsx_body_free(b);
    return rc;
}

static char *entry_text(const char *path, const char *entry)
{
    unzFile uf = unzOpen64(path);
    assert_non_null(uf);
    assert_int_equal(unzLocateFile(uf, entry, 1), UNZ_OK);
    assert_int_equal(unzOpenCurrentFile(uf), UNZ_OK);
    size_t cap = 1 << 16, n = 0;
    char *s = malloc(cap);
    int k;
    while ((k = unzReadCurrentFile(uf, s + n, (unsigned)(cap - n - 1))) > 0) {
        n += (size_t)k;
        if (cap - n < 4096)
            s = realloc(s, cap *= 2);
        assert_non_null(s);
    }
    assert_int_equal(k, 0);
    assert_int_equal(unzCloseCurrentFile(uf), UNZ_OK); /* the CRC is checked here */
    unzClose(uf);
    s[n] = 0;
    return s;
}

static void test_read_back(void **state)
{
    (void)state;
    char path[300];
    struct ck_error e;
    snprintf(path, sizeof path, "%s/book.xlsx", dir);
    assert_int_equal(write_book(path, &e), CK_OK);

    struct ck_xlsx *x;
    const struct ck_row *row;
    assert_int_equal(ck_xlsx_open(&x, path, &e), CK_OK);
    assert_int_equal(ck_xlsx_select(x, "rows", &e), CK_OK);
    assert_int_equal(ck_xlsx_next(x, &row, &e), CK_OK);
    assert_string_equal(row->f[0], "a");
    char buf[128], want[64];
    for (long r = 2; r <= ROWS + 1; r++) {
        assert_int_equal(ck_xlsx_next(x, &row, &e), CK_OK);
        assert_non_null(row);
        assert_int_equal(row->n, 3);
        const char *t = text_of(r, buf, sizeof buf);
        if (strcmp(row->f[0], t) != 0)
            fail_msg("row %ld: A is '%s', want '%s'", r, row->f[0], t);
        if (r % 5 != 0) {
            snprintf(want, sizeof want, "%ld.25", r);
            assert_string_equal(row->f[1], want);
        } else
            assert_string_equal(row->f[1], "");
        if (r % 2)
            snprintf(want, sizeof want, "%ld", r);
        else
            snprintf(want, sizeof want, "%.16g", r / 8.0);
        assert_string_equal(row->f[2], want);
    }
    assert_int_equal(ck_xlsx_next(x, &row, &e), CK_OK);
    assert_null(row);
    ck_xlsx_close(x);

    /* the dimension covers the rows, the header-only sheet is libxlsxwriter's own */
    char *s = entry_text(path, "xl/worksheets/sheet1.xml");
    snprintf(want, sizeof want, "<dimension ref=\"A1:C%d\"/>", ROWS + 1);
    assert_non_null(strstr(s, want));
    assert_non_null(strstr(s, "<t xml:space=\"preserve\"> lead and trail 8 </t>"));
    assert_non_null(strstr(s, "ctl_x0001__x001F__x000D_-9\ttab\nline"));
    assert_non_null(strstr(s, "<t>_x005F_x0041_x005F_x0042_ SKU_x005F_x0041_x0001_ 11 "
                              "_xFFFE__x005F_x0041_xFFFF_</t>"));
    /* a cell says where it is only after a gap (an empty B): the header row's three cells
     * (libxlsxwriter's) and C of every fifth row; a row's first cell in A goes without */
    assert_non_null(strstr(s, "<row r=\"2\"><c t=\"inlineStr\"><is><t>ctl_x0001_"));
    assert_non_null(strstr(s, "<v>2.25</v></c><c><v>0.25</v></c></row>"));
    assert_non_null(strstr(s, "</c><c r=\"C5\"><v>5</v></c></row>"));
    long refs = 0;
    for (const char *q = s; (q = strstr(q, "<c r=\"")) != NULL; q++)
        refs++;
    assert_int_equal(refs, 3 + ROWS / 5);
    free(s);
    s = entry_text(path, "xl/worksheets/sheet2.xml");
    assert_non_null(strstr(s, "<dimension ref=\"A1:C1\"/>"));
    free(s);
    s = entry_text(path, "xl/worksheets/sheet3.xml");
    assert_non_null(strstr(s, "<dimension ref=\"A1:C6\"/>"));
    /* a row's first cell after A says where it is */
    assert_non_null(strstr(s, "<row r=\"2\"><c r=\"B2\" t=\"inlineStr\"><is><t>x</t>"));
    assert_null(strstr(s, "<row r=\"4\""));
    free(s);
}

/* export --cell-refs: every cell says where it is, and the cells read back as without. */
static void test_all_refs(void **state)
{
    (void)state;
    char a[300], b[300];
    struct ck_error e;
    snprintf(a, sizeof a, "%s/implied.xlsx", dir);
    snprintf(b, sizeof b, "%s/refs.xlsx", dir);
    assert_int_equal(write_book(a, &e), CK_OK);
    all_refs = 1;
    assert_int_equal(write_book(b, &e), CK_OK);
    all_refs = 0;
    char *s = entry_text(b, "xl/worksheets/sheet1.xml");
    long refs = 0, bare = 0;
    for (const char *q = s; (q = strstr(q, "<c")) != NULL; q++)
        if (q[2] == ' ' && q[3] == 'r' && q[4] == '=')
            refs++;
        else if (q[2] == ' ' || q[2] == '>')
            bare++;
    /* the header's 3, then 3 cells a row but B of every fifth row, which is empty */
    assert_int_equal(refs, 3 + 3L * ROWS - ROWS / 5);
    assert_int_equal(bare, 0);
    assert_non_null(strstr(s, "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>ctl_x0001_"));
    assert_non_null(strstr(s, "<v>2.25</v></c><c r=\"C2\"><v>0.25</v></c></row>"));
    free(s);
    struct ck_xlsx *xa, *xb;
    const struct ck_row *ra, *rb;
    assert_int_equal(ck_xlsx_open(&xa, a, &e), CK_OK);
    assert_int_equal(ck_xlsx_open(&xb, b, &e), CK_OK);
    assert_int_equal(ck_xlsx_select(xa, "rows", &e), CK_OK);
    assert_int_equal(ck_xlsx_select(xb, "rows", &e), CK_OK);
    long rows = 0;
    for (;;) {
        assert_int_equal(ck_xlsx_next(xa, &ra, &e), CK_OK);
        assert_int_equal(ck_xlsx_next(xb, &rb, &e), CK_OK);
        if (!ra || !rb)
            break;
        assert_int_equal(ra->n, rb->n);
        for (size_t i = 0; i < ra->n; i++)
            assert_string_equal(ra->f[i], rb->f[i]);
        rows++;
    }
    assert_null(ra);
    assert_null(rb);
    assert_int_equal(rows, ROWS + 1);
    ck_xlsx_close(xa);
    ck_xlsx_close(xb);
}

static void test_same_bytes_one_thread(void **state)
{
    (void)state;
    char a[300], b[300], cmd[700];
    struct ck_error e;
    snprintf(a, sizeof a, "%s/threads.xlsx", dir);
    snprintf(b, sizeof b, "%s/one.xlsx", dir);
    assert_int_equal(write_book(a, &e), CK_OK);
    setenv("CUSTKIT_THREADS", "1", 1);
    assert_int_equal(write_book(b, &e), CK_OK);
    unsetenv("CUSTKIT_THREADS");
    snprintf(cmd, sizeof cmd, "cmp -s '%s' '%s'", a, b);
    assert_int_equal(system(cmd), 0);
}

static void test_errors_named(void **state)
{
    (void)state;
    struct xlsx_body *b;
    struct ck_error e;
    /* a temporary directory that is not there */
    int rc = xlsx_body_new(&b, "/nonexistent-ck-dir", &e);
    xlsx_body_free(b);
    assert_int_equal(rc, CK_EOUTPUT);
    assert_non_null(strstr(e.msg, "/nonexistent-ck-dir/custkit-sheet."));
    /* a workbook that is not there to splice into */
    char path[300];
    snprintf(path, sizeof path, "%s/missing.xlsx", dir);
    assert_int_equal(xlsx_body_new(&b, dir, &e), CK_OK);
    assert_int_equal(xlsx_body_sheet(b, 1, 1, &e), CK_OK);
    xlsx_body_row(b, 2);
    xlsx_body_text(b, 0, 0, "x", 1);
    assert_int_equal(xlsx_body_row_end(b, &e), CK_OK);
    assert_int_equal(xlsx_body_sheet_end(b, &e), CK_OK);
    rc = xlsx_body_splice(b, path, "out.xlsx", &e);
    xlsx_body_free(b);
    assert_int_equal(rc, CK_EOUTPUT);
    assert_non_null(strstr(e.msg, "out.xlsx: cannot read back the workbook"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_read_back),
        cmocka_unit_test(test_all_refs),
        cmocka_unit_test(test_same_bytes_one_thread),
        cmocka_unit_test(test_errors_named),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
