/* test_xlsx_style.c — unit tests of lib/io/xlsx_style.c: xl/styles.xml read into the kind of each
 * cell format (built-in ids and custom codes, the cellXfs order kept), the limit on formats,
 * and serial dates around Excel's 1900 leap-year bug and in the 1904 system. The table of
 * format codes and the basic serials are in test_xlsx_read.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <minizip/zip.h>

#include "custkit.h"
#include "io/xlsx_internal.h"
static char path[] = "/tmp/ck-style-XXXXXX";

static void styles_zip(const char *xml)
{
    strcpy(path, "/tmp/ck-style-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    zipFile z = zipOpen(path, APPEND_STATUS_CREATE);
    assert_non_null(z);
    assert_int_equal(
        zipOpenNewFileInZip(z, "xl/styles.xml", NULL, NULL, 0, NULL, 0, NULL, Z_DEFLATED, 6),
        ZIP_OK);
    assert_int_equal(zipWriteInFileInZip(z, xml, (unsigned)strlen(xml)), ZIP_OK);
    assert_int_equal(zipCloseFileInZip(z), ZIP_OK);
    assert_int_equal(zipClose(z, NULL), ZIP_OK);
}

static const char styles[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
    "<numFmts count=\"4\">"
    "<numFmt numFmtId=\"164\" formatCode=\"yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;\"/>"
    "<numFmt numFmtId=\"165\" formatCode=\"#,##0.00&quot; 元&quot;\"/>"
    "<numFmt numFmtId=\"166\" formatCode=\"[h]:mm\"/>"
    "<numFmt numFmtId=\"14\" formatCode=\"0.000\"/>" /* a built-in id redefined */
    "</numFmts>"
    "<cellStyleXfs count=\"1\"><xf numFmtId=\"22\"/></cellStyleXfs>" /* not cell formats */
    "<cellXfs count=\"8\">"
    "<xf numFmtId=\"0\"/><xf numFmtId=\"164\" applyNumberFormat=\"1\"/><xf numFmtId=\"165\"/>"
    "<xf numFmtId=\"22\"/><xf numFmtId=\"21\"/><xf numFmtId=\"166\"/><xf numFmtId=\"14\"/>"
    "<xf/>"
    "</cellXfs></styleSheet>";

static void test_styles_load(void **state)
{
    (void)state;
    styles_zip(styles);
    struct xlsx_zip z;
    struct ck_error e;
    assert_int_equal(xlsx_zip_open(&z, path, "s.xlsx", &e), CK_OK);
    struct xlsx_styles st;
    assert_int_equal(xlsx_styles_load(&z, "xl/styles.xml", &st, &e), CK_OK);
    assert_int_equal(st.nxf, 8);
    static const unsigned char want[] = {XLSX_NUMBER, XLSX_DATE,   XLSX_NUMBER, XLSX_DATETIME,
                                         XLSX_TIME,   XLSX_NUMBER, XLSX_NUMBER, XLSX_NUMBER};
    for (size_t i = 0; i < 8; i++)
        if (st.xf_kind[i] != want[i])
            fail_msg("xf %zu: kind %d, want %d", i, st.xf_kind[i], want[i]);
    xlsx_styles_free(&st);
    assert_null(st.xf_kind);
    assert_int_equal(st.nxf, 0);
    /* more formats than the limit allows */
    struct ck_xlsx_limits saved = ck_xlsx_limits;
    ck_xlsx_limits.max_styles = 3;
    assert_int_not_equal(xlsx_styles_load(&z, "xl/styles.xml", &st, &e), CK_OK);
    assert_int_equal(e.code, CK_EINPUT);
    assert_non_null(strstr(e.msg, "s.xlsx: xl/styles.xml:"));
    assert_non_null(strstr(e.msg, "more than 3"));
    xlsx_styles_free(&st);
    ck_xlsx_limits = saved;
    xlsx_zip_close(&z);
    unlink(path);
    /* a styles part without cellXfs: nothing to map */
    styles_zip("<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"/>");
    assert_int_equal(xlsx_zip_open(&z, path, "s.xlsx", &e), CK_OK);
    assert_int_equal(xlsx_styles_load(&z, "xl/styles.xml", &st, &e), CK_OK);
    assert_int_equal(st.nxf, 0);
    assert_null(st.xf_kind);
    xlsx_zip_close(&z);
    unlink(path);
}

static void test_serial_edges(void **state)
{
    (void)state;
    static const struct {
        double v;
        int kind, d1904;
        const char *want;
    } c[] = {
        {59.5, XLSX_DATETIME, 0, "1900-02-28 12:00:00"},
        {60.25, XLSX_DATETIME, 0, "1900-02-29 06:00:00"}, /* the day Excel invents */
        {36585, XLSX_DATE, 0, "2000-02-29"},
        {73110, XLSX_DATE, 0, "2100-03-01"},
        {73109, XLSX_DATE, 0, "2100-02-28"},
        {0.5, XLSX_TIME, 0, "12:00:00"},
        {1.0 / 86400, XLSX_TIME, 0, "00:00:01"},
        {0.999994, XLSX_TIME, 0, "23:59:59"}, /* rounded to the second */
        {1462, XLSX_DATE, 1, "1908-01-02"},
        {35123, XLSX_DATE, 1, "2000-02-29"},
        {2957003, XLSX_DATE, 1, "9999-12-31"},
    };
    char buf[32];
    for (size_t i = 0; i < sizeof c / sizeof *c; i++) {
        size_t n = xlsx_serial_format(c[i].v, c[i].kind, c[i].d1904, buf);
        if (strcmp(buf, c[i].want) != 0 || n != strlen(c[i].want))
            fail_msg("serial %g: '%s', want '%s'", c[i].v, buf, c[i].want);
    }
    assert_int_equal(xlsx_serial_format(-0.5, XLSX_TIME, 0, buf), 0);
    assert_int_equal(xlsx_serial_format(0.0 / 0.0, XLSX_DATE, 0, buf), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_styles_load),
        cmocka_unit_test(test_serial_edges),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
