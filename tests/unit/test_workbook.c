/* test_workbook.c — the report writer: Excel's sheet-name rules (a table of hard cases),
 * masking, sheets continued past the row limit, and --split file names that stay in DIR. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "custkit.h"
#include "report/report.h"

#define CJK10 "一二三四五六七八九十"

static const struct {
    const char *in;
    int file_mode;
    const char *want;
} clean_cases[] = {
    {"高价值", 0, "高价值"},
    {"Champions", 0, "Champions"},
    {"a[b]c:d*e?f/g\\h", 0, "a_b_c_d_e_f_g_h"},
    {"'quoted'", 0, "quoted"},
    {"''", 0, "(空)"},
    {"", 0, "(空)"},
    {"   ", 0, "(空)"},
    {"x\ty\nz", 0, "x_y_z"},
    {"\xff\xfe ok", 0, "__ ok"},
    /* 40 CJK characters: 31 kept (each is one UTF-16 unit, three UTF-8 bytes). */
    {CJK10 CJK10 CJK10 CJK10, 0, CJK10 CJK10 CJK10 "一"},
    /* 30 ASCII + an emoji (2 units): the emoji does not fit and is not split. */
    {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\xF0\x9F\x98\x80", 0, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"},
    /* 29 ASCII + an emoji fits exactly. */
    {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaa\xF0\x9F\x98\x80", 0, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaa\xF0\x9F\x98\x80"},
    /* A trailing apostrophe exposed by truncation goes too. */
    {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'bbbb", 0, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"},
    /* File names: no way out of the directory, nothing Windows refuses. */
    {"../etc/passwd", 1, "_._etc_passwd"},
    {"..", 1, "_."},
    {"a<b>c|d\"e", 1, "a_b_c_d_e"},
    {"a<b>c", 0, "a<b>c"},
    {".hidden", 1, "_hidden"},
};

static void test_clean_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof clean_cases / sizeof *clean_cases; i++) {
        char out[CK_SHEET_NAME_BYTES];
        ck_sheet_name_clean(clean_cases[i].in, clean_cases[i].file_mode, "(空)", out);
        if (strcmp(out, clean_cases[i].want) != 0)
            fail_msg("case %zu: '%s' → '%s', want '%s'", i, clean_cases[i].in, out,
                     clean_cases[i].want);
        assert_true(ck_utf16_units(out) <= CK_SHEET_NAME_UNITS);
    }
}

static void test_units(void **state)
{
    (void)state;
    assert_int_equal(ck_utf16_units("abc"), 3);
    assert_int_equal(ck_utf16_units("高价值"), 3);
    assert_int_equal(ck_utf16_units("\xF0\x9F\x98\x80"), 2);
}

static void add(struct ck_sheet_names *s, const char *want, const char *expect)
{
    char out[CK_SHEET_NAME_BYTES];
    struct ck_error e;
    assert_int_equal(ck_sheet_names_add(s, want, 0, "(空)", out, &e), CK_OK);
    if (strcmp(out, expect) != 0)
        fail_msg("'%s' → '%s', want '%s'", want, out, expect);
    assert_true(ck_utf16_units(out) <= CK_SHEET_NAME_UNITS);
}

static void test_unique_names(void **state)
{
    (void)state;
    struct ck_sheet_names *s;
    struct ck_error e;
    assert_int_equal(ck_sheet_names_new(&s, &e), CK_OK);
    add(s, "History", "History (2)");   /* reserved by Excel */
    add(s, "history", "history (3)");
    add(s, "Summary", "Summary");
    add(s, "SUMMARY", "SUMMARY (2)");   /* case-insensitive */
    add(s, "Émile", "Émile");
    add(s, "émile", "émile (2)");       /* Latin-1 letters fold too */
    add(s, "", "(空)");
    add(s, "  ", "(空) (2)");
    add(s, "a/b", "a_b");
    add(s, "a?b", "a_b (2)");           /* equal once cleaned */
    /* Collisions after truncation: both cut to the same 31 characters. */
    add(s, CJK10 CJK10 CJK10 CJK10 "甲", CJK10 CJK10 CJK10 "一");
    add(s, CJK10 CJK10 CJK10 CJK10 "乙", CJK10 CJK10 "一二三四五六七 (2)");
    add(s, CJK10 CJK10 CJK10 CJK10 "丙", CJK10 CJK10 "一二三四五六七 (3)");
    assert_true(ck_sheet_names_taken(s, "summary"));
    assert_false(ck_sheet_names_taken(s, "Summary (3)"));

    char out[CK_SHEET_NAME_BYTES];
    assert_int_equal(ck_sheet_names_add_part(s, "高价值", 2, 0, out, &e), CK_OK);
    assert_string_equal(out, "高价值 (2)");
    assert_int_equal(ck_sheet_names_add_part(s, CJK10 CJK10 CJK10 "一", 2, 0, out, &e), CK_OK);
    assert_string_equal(out, CJK10 CJK10 "一二三四五六七 (4)");
    ck_sheet_names_free(s);
}

/* Excel compares sheet names without case across all of Unicode: each pair is one name. */
static void test_unique_names_unicode(void **state)
{
    (void)state;
    struct ck_sheet_names *s;
    struct ck_error e;
    assert_int_equal(ck_sheet_names_new(&s, &e), CK_OK);
    add(s, "Клиенты", "Клиенты");
    add(s, "клиенты", "клиенты (2)");   /* Cyrillic */
    add(s, "Č", "Č");
    add(s, "č", "č (2)");               /* Latin Extended-A */
    add(s, "Ω", "Ω");
    add(s, "ω", "ω (2)");               /* Greek */
    add(s, "ß", "ß");
    add(s, "ẞ", "ẞ (2)");               /* capital sharp s */
    add(s, "ΟΔΟΣ", "ΟΔΟΣ");
    add(s, "οδος", "οδος (2)");         /* final sigma */
    add(s, "οδοσ", "οδοσ (3)");
    assert_true(ck_sheet_names_taken(s, "КЛИЕНТЫ"));
    assert_true(ck_sheet_names_taken(s, "ẞ (2)"));
    assert_true(ck_sheet_names_taken(s, "HISTORY"));
    /* Full folding makes "ss" the name of ß too: a suffix Excel might not need, never a
     * workbook it has to repair. */
    assert_true(ck_sheet_names_taken(s, "SS"));
    assert_false(ck_sheet_names_taken(s, "Клиент"));
    assert_false(ck_sheet_names_taken(s, "Ω (3)"));
    /* A name whose fold is longer than the fold of any sheet name is none of them. */
    assert_false(ck_sheet_names_taken(s, "ΐΐΐΐΐΐΐΐΐΐΐΐΐΐΐΐΐΐΐΐΐΐΐΐΐΐΐΐΐΐΐΐΐΐΐΐΐΐΐΐΐΐΐΐΐΐΐΐΐΐ"
                                         "ΐΐΐΐΐΐΐΐΐΐΐΐΐΐΐΐΐΐΐΐΐΐΐΐΐΐΐΐΐΐΐΐΐΐΐΐΐΐΐΐΐΐΐΐΐΐΐΐΐΐ"));
    ck_sheet_names_free(s);
}

/* A table: name, amount, segment; n rows in segment A, one in B. */
static void make_table(struct ck_table *t, size_t n, const char *bseg)
{
    struct ck_error e;
    const char *h[] = {"name", "amount", "segment"};
    struct ck_row row = {3, (char **)h, NULL, 1};
    ck_table_init(t);
    assert_int_equal(ck_table_set_header(t, &row, &e), CK_OK);
    for (size_t i = 0; i <= n; i++) {
        char name[32], amount[32];
        snprintf(name, sizeof name, "c%zu", i);
        snprintf(amount, sizeof amount, "%zu", i * 10);
        const char *f[] = {name, amount, i < n ? "A" : bseg};
        struct ck_row r = {3, (char **)f, NULL, (long)i + 2};
        assert_int_equal(ck_table_append(t, &r, &e), CK_OK);
    }
}

static void report_opts(struct ck_report_opts *o, struct ck_roles *roles,
                        const struct ck_table *t)
{
    struct ck_error e;
    struct ck_row h = {t->ncols, t->header, NULL, 1};
    assert_int_equal(ck_roles_resolve(roles, &h, CK_TABLE_CUSTOMERS, NULL, 0, &e), CK_OK);
    memset(o, 0, sizeof *o);
    o->lang = CK_LANG_EN;
    o->roles = roles;
    o->sort_desc = -1;
    o->validation = 1;
    o->created = 1700000000;
}

static void test_sheet_parts(void **state)
{
    (void)state;
    struct ck_table t;
    struct ck_roles roles;
    struct ck_report_opts o;
    struct ck_report_stats st;
    struct ck_error e;
    make_table(&t, 5, "B");
    report_opts(&o, &roles, &t);
    o.max_rows = 2;
    o.constant_memory_rows = -1;
    char path[] = "/tmp/test_xlsx_write.XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    struct ck_report_rows *rows;
    assert_int_equal(ck_report_rows_from_table(&rows, &t, NULL, &e), CK_OK);
    assert_int_equal(ck_report_rows_count(rows), 6);
    assert_int_equal(ck_report_xlsx(rows, &o, path, &st, &e), CK_OK);
    ck_report_rows_free(rows);
    assert_int_equal(st.rows, 6);
    assert_int_equal(st.groups, 2);
    assert_int_equal(st.sheets, 5);

    struct ck_xlsx *x;
    assert_int_equal(ck_xlsx_open(&x, path, &e), CK_OK);
    static const char *const want[] = {"Summary", "A", "A (2)", "A (3)", "B"};
    static const int nrows[] = {0, 2, 2, 1, 1};
    assert_int_equal(ck_xlsx_sheet_count(x), 5);
    for (size_t i = 0; i < 5; i++) {
        assert_string_equal(ck_xlsx_sheet_name(x, i), want[i]);
        if (i == 0)
            continue;
        char num[8];
        snprintf(num, sizeof num, "%zu", i + 1);
        assert_int_equal(ck_xlsx_select(x, num, &e), CK_OK);
        const struct ck_row *r;
        int n = -1;
        do {
            assert_int_equal(ck_xlsx_next(x, &r, &e), CK_OK);
            n++;
        } while (r);
        assert_int_equal(n - 1, nrows[i]); /* minus the header row */
    }
    /* Largest amount first across the parts: c4 (40) opens sheet A. */
    assert_int_equal(ck_xlsx_select(x, "2", &e), CK_OK);
    const struct ck_row *r;
    assert_int_equal(ck_xlsx_next(x, &r, &e), CK_OK);
    assert_int_equal(ck_xlsx_next(x, &r, &e), CK_OK);
    assert_string_equal(r->f[0], "c4");
    ck_xlsx_close(x);
    unlink(path);
    ck_table_free(&t);
}

static void test_usage_errors(void **state)
{
    (void)state;
    struct ck_table t;
    struct ck_roles roles;
    struct ck_report_opts o;
    struct ck_error e;
    make_table(&t, 2, "B");
    report_opts(&o, &roles, &t);
    struct ck_report_rows *rows;
    assert_int_equal(ck_report_rows_from_table(&rows, &t, NULL, &e), CK_OK);
    o.by = "nonexistent";
    assert_int_equal(ck_report_xlsx(rows, &o, "/tmp/never-written.xlsx", NULL, &e), CK_EUSAGE);
    assert_non_null(strstr(e.msg, "nonexistent"));
    o.by = NULL;
    o.sort_col = "nonexistent";
    assert_int_equal(ck_report_xlsx(rows, &o, "/tmp/never-written.xlsx", NULL, &e), CK_EUSAGE);
    assert_int_equal(access("/tmp/never-written.xlsx", F_OK), -1);
    ck_report_rows_free(rows);
    ck_table_free(&t);
}

static void test_split_stays_in_dir(void **state)
{
    (void)state;
    struct ck_table t;
    struct ck_roles roles;
    struct ck_report_opts o;
    struct ck_report_stats st;
    struct ck_error e;
    char dir[] = "/tmp/test_split.XXXXXX";
    assert_non_null(mkdtemp(dir));
    make_table(&t, 2, "../../evil");
    report_opts(&o, &roles, &t);
    char sub[64];
    snprintf(sub, sizeof sub, "%s/out", dir);
    struct ck_report_rows *rows;
    assert_int_equal(ck_report_rows_from_table(&rows, &t, NULL, &e), CK_OK);
    assert_int_equal(ck_report_csv_split(rows, &o, sub, &st, &e), CK_OK);
    ck_report_rows_free(rows);
    assert_int_equal(st.sheets, 2);
    char p[128];
    snprintf(p, sizeof p, "%s/A.csv", sub);
    assert_int_equal(access(p, F_OK), 0);
    snprintf(p, sizeof p, "%s/_._.._evil.csv", sub);
    assert_int_equal(access(p, F_OK), 0);
    snprintf(p, sizeof p, "%s/evil.csv", dir);
    assert_int_equal(access(p, F_OK), -1);
    /* UTF-8 BOM first. */
    snprintf(p, sizeof p, "%s/A.csv", sub);
    FILE *f = fopen(p, "rb");
    assert_non_null(f);
    unsigned char bom[3] = {0};
    assert_int_equal(fread(bom, 1, 3, f), 3);
    fclose(f);
    assert_memory_equal(bom, "\xEF\xBB\xBF", 3);
    snprintf(p, sizeof p, "rm -rf '%s'", dir);
    assert_int_equal(system(p), 0);
    ck_table_free(&t);
}

/* A report of rows {name, amount, segment}, written to a temporary file (path, unlinked by
 * the caller). */
static int write_rows(const char *const (*rows)[3], size_t n, char *path,
                      struct ck_report_stats *st, struct ck_error *e)
{
    struct ck_table t;
    struct ck_roles roles;
    struct ck_report_opts o;
    const char *h[] = {"name", "amount", "segment"};
    struct ck_row hr = {3, (char **)h, NULL, 1};
    ck_table_init(&t);
    assert_int_equal(ck_table_set_header(&t, &hr, e), CK_OK);
    for (size_t i = 0; i < n; i++) {
        struct ck_row r = {3, (char **)rows[i], NULL, (long)i + 2};
        assert_int_equal(ck_table_append(&t, &r, e), CK_OK);
    }
    report_opts(&o, &roles, &t);
    o.constant_memory_rows = -1;
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    struct ck_report_rows *rr;
    assert_int_equal(ck_report_rows_from_table(&rr, &t, NULL, e), CK_OK);
    int rc = ck_report_xlsx(rr, &o, path, st, e);
    ck_report_rows_free(rr);
    ck_table_free(&t);
    return rc;
}

#define CJK86 CJK10 CJK10 CJK10 CJK10 CJK10 CJK10 CJK10 CJK10 "一二三四五六"

/* A dropdown of 87 UTF-16 units (under Excel's 255) but 261 bytes (over libxlsxwriter's
 * 255-byte copy of it): the workbook is written, the list on the hidden sheet. */
static void test_list_long_in_bytes(void **state)
{
    (void)state;
    static const char *const rows[][3] = {{"c0", "10", CJK86}, {"c1", "20", "A"}};
    char path[] = "/tmp/test_xlsx_write.XXXXXX";
    struct ck_report_stats st;
    struct ck_error e;
    assert_int_equal(ck_utf16_units(CJK86), 86);
    assert_int_equal(strlen(CJK86), 258);
    assert_int_equal(write_rows(rows, 2, path, &st, &e), CK_OK);
    struct ck_xlsx *x;
    assert_int_equal(ck_xlsx_open(&x, path, &e), CK_OK);
    size_t n = ck_xlsx_sheet_count(x);
    assert_int_equal(n, 4);
    assert_string_equal(ck_xlsx_sheet_name(x, n - 1), "_lists");
    ck_xlsx_close(x);
    unlink(path);
}

/* Amounts whose total is beyond the largest double: named for cmd/, never INF in the file. */
static void test_total_overflow(void **state)
{
    (void)state;
    static const char *const rows[][3] = {
        {"c0", "1e308", "A"}, {"c1", "1e308", "A"}, {"c2", "5", "B"}};
    char path[] = "/tmp/test_xlsx_write.XXXXXX";
    struct ck_report_stats st;
    struct ck_error e;
    assert_int_equal(write_rows(rows, 3, path, &st, &e), CK_OK);
    assert_int_equal(st.overflows, 2); /* group A's total, and the total of all */
    assert_non_null(strstr(st.overflow[0], "'A'"));
    assert_non_null(strstr(st.overflow[0], "'amount'"));
    assert_non_null(strstr(st.overflow[1], "all groups"));
    char cmd[160];
    snprintf(cmd, sizeof cmd, "unzip -p '%s' | grep -aqiE '<(c:)?v>-?(inf|nan)'", path);
    assert_int_not_equal(system(cmd), 0);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clean_table),  cmocka_unit_test(test_units),
        cmocka_unit_test(test_unique_names), cmocka_unit_test(test_unique_names_unicode),
        cmocka_unit_test(test_sheet_parts),  cmocka_unit_test(test_usage_errors),
        cmocka_unit_test(test_split_stays_in_dir), cmocka_unit_test(test_list_long_in_bytes),
        cmocka_unit_test(test_total_overflow),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
