/* test_xlsx_read.c — unit tests of the XLSX reader on workbooks written at test time by
 * tests/fixtures/make_xlsx.py (XlsxWriter, openpyxl, hand-made and hostile zips). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "custkit.h"
#include "io/sheets.h"
#include "io/xlsx_internal.h"

static char dir[256];

static int setup(void **state)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/ck-xlsx-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir))
        return -1;
    char cmd[600];
    snprintf(cmd, sizeof cmd, "/usr/bin/python3 tests/fixtures/make_xlsx.py '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static const char *fx(const char *name)
{
    static char p[512];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    return p;
}

/* Every row of a sheet as "LINE:f1|f2|…\n"; returns the reader's last code. */
static int dump(const char *file, const char *sheet, char *out, size_t cap, struct ck_error *e,
                long *error_cells)
{
    struct ck_xlsx *x;
    size_t w = 0;
    out[0] = 0;
    int rc = ck_xlsx_open(&x, fx(file), e);
    if (rc)
        return rc;
    rc = ck_xlsx_select(x, sheet, e);
    const struct ck_row *r;
    while (rc == CK_OK && (rc = ck_xlsx_next(x, &r, e)) == CK_OK && r) {
        w += (size_t)snprintf(out + w, cap - w, "%ld:", r->line);
        for (size_t j = 0; j < r->n; j++) {
            assert_int_equal(strlen(r->f[j]), r->len[j]);
            w += (size_t)snprintf(out + w, cap - w, "%s%s", j ? "|" : "", r->f[j]);
        }
        w += (size_t)snprintf(out + w, cap - w, "\n");
        assert_true(w < cap);
    }
    if (error_cells)
        *error_cells = ck_xlsx_error_cells(x);
    ck_xlsx_close(x);
    return rc;
}

static void expect_rows(const char *file, const char *sheet, const char *want)
{
    char got[8192];
    struct ck_error e = {0};
    int rc = dump(file, sheet, got, sizeof got, &e, NULL);
    if (rc)
        fail_msg("%s: rc %d: %s", file, rc, e.msg);
    assert_string_equal(got, want);
}

static void expect_error(const char *file, int code, const char *needle)
{
    char got[8192];
    struct ck_error e = {0};
    int rc = dump(file, NULL, got, sizeof got, &e, NULL);
    if (rc != code)
        fail_msg("%s: rc %d, want %d (%s)", file, rc, code, e.msg);
    if (!strstr(e.msg, needle))
        fail_msg("%s: message \"%s\" lacks \"%s\"", file, e.msg, needle);
}

static void test_basic_values(void **state)
{
    expect_rows("basic.xlsx", NULL,
                "1:客户编号|姓名|手机|身份证|注册日期|最近消费时间|到店|消费金额|VIP|备注\n"
                "2:C001|张三|13812345678|110101199003071234|2024-01-05|2024-03-01 13:30:00|"
                "09:15:00|0.1|TRUE|老客户\n"
                "3:C002|李四|139-0000-1111|123456789012345|2023-12-31|2024-02-29 00:00:01|"
                "23:59:59|42|FALSE\n"
                "4:C003|Wang Wu|8613912345678|000123|1999-01-01|2000-01-01 00:00:00|00:00:00|"
                "1234.5|TRUE|a,b \"q\"\n"
                "5:C004|赵六|15000000000|9876543210|2024-02-29|2024-06-30 23:59:59|12:00:00|"
                "-3.25|FALSE|多行\n备注\n");
}

static void test_date1904(void **state)
{
    expect_rows("date1904.xlsx", NULL,
                "1:name|last_purchase\n2:c1|2024-01-05\n3:c2|1904-01-02\n4:c3|2030-12-31\n");
}

static void test_custom_formats(void **state)
{
    char got[8192], want[4096] = "1:format|value\n";
    FILE *f = fopen(fx("custom.expected"), "r");
    assert_non_null(f);
    char line[200];
    struct ck_xlsx *x;
    struct ck_error e = {0};
    assert_int_equal(ck_xlsx_open(&x, fx("custom.xlsx"), &e), CK_OK);
    assert_int_equal(ck_xlsx_select(x, NULL, &e), CK_OK);
    const struct ck_row *r;
    assert_int_equal(ck_xlsx_next(x, &r, &e), CK_OK);
    for (int i = 0; fgets(line, sizeof line, f); i++) {
        line[strcspn(line, "\n")] = 0;
        assert_int_equal(ck_xlsx_next(x, &r, &e), CK_OK);
        assert_non_null(r);
        assert_int_equal(r->n, 2);
        snprintf(got, sizeof got, "%s → %s", r->f[0], r->f[1]);
        snprintf(want, sizeof want, "%s → %s", r->f[0], line);
        assert_string_equal(got, want);
    }
    assert_int_equal(ck_xlsx_next(x, &r, &e), CK_OK);
    assert_null(r);
    ck_xlsx_close(x);
    fclose(f);
}

static void test_richtext_and_formulas(void **state)
{
    expect_rows("richtext.xlsx", NULL, "1:备注\n2:重要客户 VIP \n3:bold and plain\n");
    char got[4096];
    struct ck_error e = {0};
    long errs = -1;
    assert_int_equal(dump("formulas.xlsx", NULL, got, sizeof got, &e, &errs), CK_OK);
    assert_string_equal(got, "1:a|b|sum|text|err|flag\n2:1|2|3|x1||TRUE\n3:5\n");
    assert_int_equal(errs, 2);
}

static void test_empty_and_sparse(void **state)
{
    expect_rows("empty.xlsx", NULL, "");
    /* rows 2-4 are absent: nothing; gaps in a row: empty fields; a styled blank at the end
     * and the other cells of a merge: trimmed */
    expect_rows("sparse.xlsx", NULL, "1:a||c||e\n5:|row5\n7:|||row7\n9:merged\n");
    /* rows and cells without r=; a row without r= whose cell says B8 */
    expect_rows("no_r.xlsx", NULL, "1:name|n\n2: x |7\n5:1|||4|5\n6:rich\n8:|8\n");
}

static void test_sheets(void **state)
{
    struct ck_xlsx *x;
    struct ck_error e = {0};
    assert_int_equal(ck_xlsx_open(&x, fx("sheets.xlsx"), &e), CK_OK);
    assert_int_equal(ck_xlsx_sheet_count(x), 4);
    assert_string_equal(ck_xlsx_sheet_name(x, 0), "隐藏");
    assert_int_equal(ck_xlsx_sheet_state(x, 0), 1);
    assert_string_equal(ck_xlsx_sheet_name(x, 1), "客户名单");
    assert_int_equal(ck_xlsx_sheet_state(x, 1), 0);
    assert_null(ck_xlsx_sheet_name(x, 4));
    /* default: the first visible sheet */
    assert_int_equal(ck_xlsx_select(x, NULL, &e), CK_OK);
    assert_string_equal(ck_xlsx_selected(x), "客户名单");
    /* by number (hidden sheets count), by name, case-insensitively */
    assert_int_equal(ck_xlsx_select(x, "1", &e), CK_OK);
    assert_string_equal(ck_xlsx_selected(x), "隐藏");
    assert_int_equal(ck_xlsx_select(x, "SECRET", &e), CK_OK);
    assert_string_equal(ck_xlsx_selected(x), "secret");
    assert_int_equal(ck_xlsx_select(x, "nope", &e), CK_EUSAGE);
    assert_non_null(strstr(e.msg, "no sheet \"nope\" (sheets: 隐藏, 客户名单, 订单, secret)"));
    assert_int_equal(ck_xlsx_select(x, "5", &e), CK_EUSAGE);
    /* selecting again restarts */
    const struct ck_row *r;
    for (int round = 0; round < 2; round++) {
        assert_int_equal(ck_xlsx_select(x, "订单", &e), CK_OK);
        assert_int_equal(ck_xlsx_next(x, &r, &e), CK_OK);
        assert_string_equal(r->f[0], "订单号");
        assert_int_equal(ck_xlsx_next(x, &r, &e), CK_OK);
        assert_string_equal(r->f[1], "99.5");
    }
    ck_xlsx_close(x);
    ck_xlsx_close(NULL);
    /* rows before any select: an error, not a crash */
    assert_int_equal(ck_xlsx_open(&x, fx("states.xlsx"), &e), CK_OK);
    assert_int_equal(ck_xlsx_next(x, &r, &e), CK_EUSAGE);
    assert_null(r);
    assert_null(ck_xlsx_selected(x));
    ck_xlsx_close(x);
    expect_rows("states.xlsx", NULL, "1:third\n");
    assert_int_equal(ck_xlsx_open(&x, fx("states.xlsx"), &e), CK_OK);
    assert_int_equal(ck_xlsx_sheet_state(x, 0), 1);
    assert_int_equal(ck_xlsx_sheet_state(x, 1), 2);
    assert_int_equal(ck_xlsx_sheet_state(x, 2), 0);
    ck_xlsx_close(x);
}

/* Chartsheets, dialog and macro sheets hold no table: the default passes over them, naming
 * one is a usage error that lists the worksheets. */
static void test_sheet_kinds(void **state)
{
    struct ck_xlsx *x;
    struct ck_error e = {0};
    assert_int_equal(ck_xlsx_open(&x, fx("chart_first.xlsx"), &e), CK_OK);
    assert_int_equal(ck_xlsx_sheet_count(x), 3);
    assert_int_equal(ck_xlsx_sheet_kind(x, 0), CK_SHEET_CHART);
    assert_int_equal(ck_xlsx_sheet_kind(x, 1), CK_SHEET_WORKSHEET);
    assert_string_equal(ck_sheet_kind_name(ck_xlsx_sheet_kind(x, 0)), "chartsheet");
    assert_int_equal(ck_xlsx_select(x, NULL, &e), CK_OK);
    assert_string_equal(ck_xlsx_selected(x), "数据");
    assert_int_equal(ck_xlsx_select(x, "图表", &e), CK_EUSAGE);
    assert_non_null(strstr(e.msg, "chart_first.xlsx: sheet \"图表\" is a chartsheet (a chart, no "
                                  "cells to read); worksheets: 数据, 明细"));
    ck_xlsx_close(x);
    expect_rows("chart_first_openpyxl.xlsx", NULL, "1:region|sales\n2:East|10\n3:West|7\n");
    expect_rows("chart_hidden_data.xlsx", NULL, "1:month|sales\n2:Jan|120\n");
    expect_rows("other_kinds.xlsx", NULL, "1:id\n2:7\n");
    assert_int_equal(ck_xlsx_open(&x, fx("other_kinds.xlsx"), &e), CK_OK);
    assert_int_equal(ck_xlsx_sheet_kind(x, 0), CK_SHEET_DIALOG);
    assert_int_equal(ck_xlsx_sheet_kind(x, 1), CK_SHEET_MACRO);
    assert_int_equal(ck_xlsx_select(x, "1", &e), CK_EUSAGE);
    assert_non_null(strstr(e.msg, "sheet \"Dialog1\" is a dialogsheet (an Excel 5 dialog, not a "
                                  "table); worksheets: Data"));
    ck_xlsx_close(x);
}

static void test_writer_variants(void **state)
{
    /* x: prefixes, absolute rels targets, phonetic runs ignored, _xHHHH_ escapes */
    expect_rows("prefixed.xlsx", NULL, "1:姓名|金额\n2:line1\r\nline2 _x0041_|0.30000000000000004\n");
    expect_rows("strict.xlsx", NULL, "1:strict|2024-01-05\n");
    expect_rows("openpyxl.xlsx", NULL,
                "1:id|name|phone|joined|amount|active\n"
                "2:100000000000001|Ann|13800000001|2024-05-06|19.99|TRUE\n"
                "3:100000000000002|Bob|13800000002|2021-11-30 08:05:00|0.3|FALSE\n"
                "4:100000000000003|Cao|||1e-7\n");
}

static void test_cell_types(void **state)
{
    char got[4096];
    struct ck_error e = {0};
    long errs = 0;
    assert_int_equal(dump("types.xlsx", NULL, got, sizeof got, &e, &errs), CK_OK);
    assert_string_equal(got,
                        /* t="str", booleans, an error cell, t="d" */
                        "1:formula text|TRUE|FALSE||2024-01-05 13:30:00\n"
                        /* Excel's 1900-02-29, the days around it, a time, a date-time */
                        "2:1900-02-29|1900-02-28|1900-03-01|12:00:00|1900-01-01 06:00:00\n"
                        /* built-in 31 (zh-CN date), 46 elapsed, a negative date, a style
                         * index out of range, an exponent, formulas without cached
                         * values */
                        "3:2024-01-05|1.5|-1|45296|100|||8\n");
    assert_int_equal(errs, 1);
}

static void test_errors(void **state)
{
    expect_error("bigref.xlsx", CK_EINPUT, "sheet1.xml:5: cell reference XFD1048577 is beyond");
    expect_error("sst_range.xlsx", CK_EINPUT, "sheet1.xml:5: cell A2: shared string index 99 out of range (1 strings)");
    expect_error("xml_error.xlsx", CK_EINPUT, "xml_error.xlsx: xl/worksheets/sheet1.xml:5: mismatched tag (in row 2)");
    expect_error("laughs.xlsx", CK_EINPUT, "xl/sharedStrings.xml:2: DOCTYPE declarations are not allowed");
    expect_error("missing_sheet.xlsx", CK_EINPUT, "xl/worksheets/sheet1.xml: missing from the workbook");
    expect_error("nosheets.xlsx", CK_EINPUT, "nosheets.xlsx: the workbook has no sheets");
    expect_error("deep.xlsx", CK_EINPUT, "sheet1.xml:4: elements nested more than 100 deep");
    expect_error("bomb.xlsx", CK_EINPUT, "compression ratio above 100:1");
    expect_error("truncated.xlsx", CK_EINPUT, "corrupt or truncated zip file");
    expect_error("corrupt.xlsx", CK_EINPUT, "xl/worksheets/sheet1.xml: corrupt or truncated zip data");
    expect_error("notzip.xlsx", CK_EINPUT, "not an XLSX workbook");
    /* an OpenDocument spreadsheet is read (lib/io/ods_read.c): this one holds no table */
    expect_error("sheet.ods", CK_EINPUT, "sheet.ods: the workbook has no sheets");
    expect_error("other.zip", CK_EINPUT, "not an XLSX workbook (no workbook part)");
    /* an OLE2 file with a Workbook stream is read as .xls; this one's stream is empty */
    expect_error("old.xls", CK_EINPUT, "old.xls: damaged .xls workbook: ");
    expect_error("encrypted.xlsx", CK_EINPUT, "is an encrypted (password protected) workbook");
    expect_error("nonexistent.xlsx", CK_EINPUT, "No such file");
    struct ck_error e = {0};
    /* a spooled pipe is named as the caller says, also in the conversion hint */
    struct ck_xlsx *x = NULL;
    assert_int_equal(ck_xlsx_open_named(&x, fx("sheet.ods"), "<stdin>", &e), CK_OK);
    assert_int_equal(ck_xlsx_select(x, NULL, &e), CK_EINPUT);
    assert_string_equal(e.msg, "<stdin>: the workbook has no sheets");
    ck_xlsx_close(x);
    x = NULL;
    assert_int_equal(ck_xlsx_open_named(&x, fx("old.xls"), "<stdin>", &e), CK_EINPUT);
    assert_non_null(strstr(e.msg, "<stdin>: damaged .xls workbook: "));
    assert_int_equal(ck_xlsx_open_named(&x, fx("bigref.xlsx"), "<stdin>", &e), CK_OK);
    const struct ck_row *r;
    assert_int_equal(ck_xlsx_select(x, NULL, &e), CK_OK);
    assert_int_equal(ck_xlsx_next(x, &r, &e), CK_OK);
    assert_int_equal(ck_xlsx_next(x, &r, &e), CK_EINPUT);
    assert_non_null(strstr(e.msg, "<stdin>: xl/worksheets/sheet1.xml:5: cell reference"));
    ck_xlsx_close(x);
    assert_int_equal(ck_ole_explain(fx("other.doc"), "other.doc", &e), CK_EINPUT);
    assert_string_equal(e.msg, "other.doc: is a Word document, not a spreadsheet");
    assert_int_equal(ck_ole_explain(fx("old.xls"), "<stdin>", &e), CK_EINPUT);
    assert_non_null(strstr(e.msg, "<stdin>: is an old Excel 97-2003 workbook (.xls), not XLSX; "
                                  "convert it with: libreoffice --headless --convert-to xlsx FILE"));
    assert_int_equal(ck_ole_explain(fx("basic.xlsx"), "basic.xlsx", &e), CK_EINPUT);
    assert_non_null(strstr(e.msg, "not an OLE2 compound file"));
}

/* Lowered limits make every cap fire on small files. */
static void test_limits(void **state)
{
    struct ck_xlsx_limits saved = ck_xlsx_limits;
    ck_xlsx_limits.max_cell = 8;
    expect_error("basic.xlsx", CK_EINPUT, "shared string 0 is longer than 8 bytes");
    expect_error("types.xlsx", CK_EINPUT, "types.xlsx: xl/worksheets/sheet1.xml:4: cell A1 is longer than 8 bytes");
    ck_xlsx_limits = saved;
    ck_xlsx_limits.max_row = 6;
    expect_error("no_r.xlsx", CK_EINPUT, "sheet1.xml:4: row 1 is longer than 6 bytes");
    ck_xlsx_limits = saved;
    ck_xlsx_limits.max_strings = 3;
    expect_error("basic.xlsx", CK_EINPUT, "more than 3 shared strings");
    ck_xlsx_limits = saved;
    ck_xlsx_limits.max_total = 2000;
    ck_xlsx_limits.total_ratio = 0; /* the fixed total alone, not the file's size times 100 */
    expect_error("basic.xlsx", CK_EINPUT, "workbook inflates to more than 2000 bytes");
    ck_xlsx_limits = saved;
    ck_xlsx_limits.ratio_grace = 100;
    ck_xlsx_limits.max_ratio = 2;
    expect_error("basic.xlsx", CK_EINPUT, "compression ratio above 2:1");
    ck_xlsx_limits = saved;
    ck_xlsx_limits.max_styles = 2;
    expect_error("basic.xlsx", CK_EINPUT, "xl/styles.xml:2: more than 2");
    ck_xlsx_limits = saved;
    ck_xlsx_limits.max_sheets = 2;
    expect_error("sheets.xlsx", CK_EINPUT, "xl/workbook.xml:2: more than 2 sheets");
    ck_xlsx_limits = saved;
    expect_rows("richtext.xlsx", NULL, "1:备注\n2:重要客户 VIP \n3:bold and plain\n");
}

/* The bytes of a fixture on disk. */
static uint64_t fx_size(const char *name)
{
    struct stat st;
    assert_int_equal(stat(fx(name), &st), 0);
    return (uint64_t)st.st_size;
}

/* Every sheet's rows as --list-sheets counts them, then as import reads them (the width pass
 * on its thread, then the rows); the reader's first error code, message in e. */
static int read_all_sheets(const char *file, long *rows, size_t cap, struct ck_error *e)
{
    struct ck_xlsx *x;
    int rc = ck_xlsx_open(&x, fx(file), e);
    if (rc)
        return rc;
    size_t n = ck_xlsx_sheet_count(x);
    assert_true(n <= cap);
    for (size_t i = 0; i < n && rc == CK_OK; i++)
        rc = ck_sheets_rows(x, i, &rows[i], e);
    ck_xlsx_close(x);
    if (rc)
        return rc;
    if ((rc = ck_xlsx_open(&x, fx(file), e)) != CK_OK)
        return rc;
    ck_xlsx_want_width(x, 1);
    for (size_t i = 0; i < n && rc == CK_OK; i++) {
        char num[24];
        const struct ck_row *r;
        long w, k = 0;
        snprintf(num, sizeof num, "%zu", i + 1);
        if ((rc = ck_xlsx_select(x, num, e)) != CK_OK || (rc = ck_xlsx_next(x, &r, e)) != CK_OK ||
            (rc = ck_xlsx_scan_width(x, &w, e)) != CK_OK || (rc = ck_xlsx_select(x, num, e)) != CK_OK)
            break;
        while ((rc = ck_xlsx_next(x, &r, e)) == CK_OK && r)
            k++;
        if (rc == CK_OK && (w != 3 || k != rows[i]))
            fail_msg("%s sheet %zu: width %ld and %ld rows, listed %ld", file, i + 1, w, k, rows[i]);
    }
    ck_xlsx_close(x);
    return rc;
}

/* The workbook's inflation limit is the larger of max_total and total_ratio times the file's
 * size: a workbook of honest numbers that inflates past a lowered max_total reads in full,
 * every sheet listed and imported (width pass on its thread included); forty parts of blanks,
 * each under the ratio check's grace, are still refused once the whole passes 100 times the
 * file, naming the file and the part. */
static void test_total_follows_size(void **state)
{
    (void)state;
    struct ck_xlsx_limits saved = ck_xlsx_limits;
    uint64_t ahead = xlsx_zip_ahead_min;
    ck_xlsx_limits.max_total = 64 << 10;
    xlsx_zip_ahead_min = 0; /* every sheet is large enough for the width thread */
    struct ck_error e = {0};
    long rows[64];
    int rc = read_all_sheets("many_sheets.xlsx", rows, 64, &e);
    if (rc)
        fail_msg("many_sheets.xlsx: rc %d: %s", rc, e.msg);
    for (size_t i = 0; i < 8; i++)
        assert_int_equal(rows[i], 500);
    assert_true(fx_size("many_sheets.xlsx") * 4 > ck_xlsx_limits.max_total); /* past the old bound */
    /* with the size-relative bound off, max_total alone refuses it as before */
    ck_xlsx_limits.total_ratio = 0;
    assert_int_equal(read_all_sheets("many_sheets.xlsx", rows, 64, &e), CK_EINPUT);
    assert_non_null(strstr(e.msg, "many_sheets.xlsx: xl/worksheets/sheet"));
    assert_non_null(strstr(e.msg, ".xml: workbook inflates to more than 65536 bytes; refusing"));
    xlsx_zip_ahead_min = ahead;

    ck_xlsx_limits = saved;
    ck_xlsx_limits.max_total = 1 << 20;
    uint64_t size = fx_size("grace_bomb.xlsx");
    assert_true(size * ck_xlsx_limits.total_ratio > ck_xlsx_limits.max_total);
    assert_true(size * 500 < (uint64_t)40 << 20); /* inflates far beyond the bound */
    assert_int_equal(read_all_sheets("grace_bomb.xlsx", rows, 64, &e), CK_EINPUT);
    char file[600], want[128];
    snprintf(file, sizeof file, "%s: xl/worksheets/sheet", fx("grace_bomb.xlsx"));
    snprintf(want, sizeof want, ".xml: workbook inflates to more than %llu bytes; refusing",
             (unsigned long long)(size * 100));
    if (strncmp(e.msg, file, strlen(file)) != 0 || !strstr(e.msg, want))
        fail_msg("grace_bomb.xlsx: message \"%s\", want \"%s...%s\"", e.msg, file, want);
    ck_xlsx_limits = saved;
}

static void test_format_kind(void **state)
{
    static const struct {
        const char *code;
        int kind;
    } cases[] = {
        {"General", XLSX_NUMBER},
        {"0.00", XLSX_NUMBER},
        {"#,##0.00_);[Red](#,##0.00)", XLSX_NUMBER},
        {"\"Daily: \"0", XLSX_NUMBER},
        {"\\d\\a\\y 0", XLSX_NUMBER},
        {"0.00E+00", XLSX_NUMBER},
        {"_-* #,##0.00_-;\\-* #,##0.00_-;_-* \"-\"??_-;_-@_-", XLSX_NUMBER},
        {"[h]:mm:ss", XLSX_NUMBER},
        {"[mm]:ss", XLSX_NUMBER},
        {"yyyy-mm-dd", XLSX_DATE},
        {"YYYY/MM/DD", XLSX_DATE},
        {"m/d/yy", XLSX_DATE},
        {"mmm-yy", XLSX_DATE},
        {"yyyy\"年\"m\"月\"d\"日\"", XLSX_DATE},
        {"yyyy年m月d日", XLSX_DATE},
        {"[$-409]mmmm d, yyyy;@", XLSX_DATE},
        {"[DBNum1][$-804]yyyy\"年\"m\"月\"d\"日\"", XLSX_DATE},
        {"[Red]yyyy-mm-dd", XLSX_DATE},
        {"h:mm", XLSX_TIME},
        {"hh:mm:ss AM/PM", XLSX_TIME},
        {"mm:ss", XLSX_TIME},
        {"mm:ss.0", XLSX_TIME},
        {"h\"时\"mm\"分\"", XLSX_TIME},
        {"yyyy-mm-dd hh:mm", XLSX_DATETIME},
        {"m/d/yy h:mm", XLSX_DATETIME},
        {"d-mmm-yy h:mm:ss", XLSX_DATETIME},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (xlsx_format_kind(cases[i].code) != cases[i].kind)
            fail_msg("format %s: kind %d, want %d", cases[i].code,
                     xlsx_format_kind(cases[i].code), cases[i].kind);
    assert_int_equal(xlsx_builtin_kind(0), XLSX_NUMBER);
    assert_int_equal(xlsx_builtin_kind(14), XLSX_DATE);
    assert_int_equal(xlsx_builtin_kind(20), XLSX_TIME);
    assert_int_equal(xlsx_builtin_kind(22), XLSX_DATETIME);
    assert_int_equal(xlsx_builtin_kind(46), XLSX_NUMBER);
    assert_int_equal(xlsx_builtin_kind(58), XLSX_DATE);
    assert_int_equal(xlsx_builtin_kind(164), XLSX_NUMBER);
}

static void test_serials(void **state)
{
    static const struct {
        double v;
        int kind, d1904;
        const char *want;
    } cases[] = {
        {45296, XLSX_DATE, 0, "2024-01-05"},
        {45296.5625, XLSX_DATETIME, 0, "2024-01-05 13:30:00"},
        {45296.5625, XLSX_TIME, 0, "13:30:00"},
        {45296.99999999, XLSX_DATETIME, 0, "2024-01-06 00:00:00"},
        {1, XLSX_DATE, 0, "1900-01-01"},
        {59, XLSX_DATE, 0, "1900-02-28"},
        {60, XLSX_DATE, 0, "1900-02-29"},
        {61, XLSX_DATE, 0, "1900-03-01"},
        {0, XLSX_DATE, 0, "1900-01-00"},
        {2958465, XLSX_DATE, 0, "9999-12-31"},
        {0, XLSX_DATE, 1, "1904-01-01"},
        {43834, XLSX_DATE, 1, "2024-01-05"},
    };
    char buf[32];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t n = xlsx_serial_format(cases[i].v, cases[i].kind, cases[i].d1904, buf);
        assert_int_equal(n, strlen(cases[i].want));
        assert_string_equal(buf, cases[i].want);
    }
    assert_int_equal(xlsx_serial_format(-1, XLSX_DATE, 0, buf), 0);
    assert_int_equal(xlsx_serial_format(2958466, XLSX_DATE, 0, buf), 0);
    assert_int_equal(xlsx_serial_format(2957004, XLSX_DATE, 1, buf), 0);
}

/* xlsx_row_hand_off: the row the XLSX and ODS sheet parsers hand to their readers points into
 * the parser's row buffer, cell by cell, at the line given; the arrays grow with the row. */
static void test_row_hand_off(void **state)
{
    (void)state;
    struct xlsx_xml xx;
    memset(&xx, 0, sizeof xx); /* no parser: suspending is a no-op */
    struct xlsx_row_out out;
    memset(&out, 0, sizeof out);
    char rb[] = "\0ab\0c\0";
    const size_t coff[3] = {1, 0, 4}, clen[3] = {2, 0, 1};
    assert_int_equal(xlsx_row_hand_off(&xx, &out, rb, coff, clen, 3, 7), 0);
    assert_int_equal(out.row.n, 3);
    assert_int_equal(out.row.line, 7);
    assert_string_equal(out.row.f[0], "ab");
    assert_string_equal(out.row.f[1], "");
    assert_string_equal(out.row.f[2], "c");
    assert_int_equal(out.row.len[0], 2);
    assert_int_equal(out.row.len[1], 0);
    assert_int_equal(out.row.len[2], 1);
    assert_ptr_equal(out.row.f[2], rb + 4);
    assert_true(out.cap >= 3);
    assert_int_equal(xlsx_row_hand_off(&xx, &out, rb, coff, clen, 1, 8), 0);
    assert_int_equal(out.row.n, 1);
    assert_int_equal(out.row.line, 8);
    assert_false(xx.failed);
    xlsx_row_out_free(&out);
    assert_null(out.of);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_basic_values),     cmocka_unit_test(test_date1904),
        cmocka_unit_test(test_custom_formats),   cmocka_unit_test(test_richtext_and_formulas),
        cmocka_unit_test(test_empty_and_sparse), cmocka_unit_test(test_sheets),
        cmocka_unit_test(test_sheet_kinds),      cmocka_unit_test(test_writer_variants),
        cmocka_unit_test(test_cell_types),       cmocka_unit_test(test_errors),
        cmocka_unit_test(test_limits),           cmocka_unit_test(test_format_kind),
        cmocka_unit_test(test_total_follows_size),
        cmocka_unit_test(test_serials),
        cmocka_unit_test(test_row_hand_off),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
