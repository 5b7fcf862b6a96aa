/* test_report_file.c — unit tests of lib/report/report_file.c: the report's as-of and created times
 * (SOURCE_DATE_EPOCH for reproducible bytes), and an encrypted report that is an OLE2
 * compound file with no plaintext workbook left behind in its temporary directory. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "custkit.h"
#include "report/report_file.h"
static void test_times(void **state)
{
    (void)state;
    struct ck_error e;
    char iso[16];
    time_t created = 0;
    setenv("SOURCE_DATE_EPOCH", "1790000000", 1);
    assert_int_equal(ck_report_times("2026-09-30", &created, iso, &e), CK_OK);
    assert_string_equal(iso, "2026-09-30");
    assert_int_equal((long long)created, 1790000000LL);
    assert_int_equal(ck_report_times(NULL, &created, iso, &e), CK_OK);
    assert_string_equal(iso, "");
    setenv("SOURCE_DATE_EPOCH", "12x", 1);
    assert_int_equal(ck_report_times(NULL, &created, iso, &e), CK_EUSAGE);
    assert_string_equal(e.msg, "SOURCE_DATE_EPOCH must be a number of seconds, not '12x'");
    unsetenv("SOURCE_DATE_EPOCH");
    time_t before = time(NULL);
    assert_int_equal(ck_report_times(NULL, &created, iso, &e), CK_OK);
    assert_true(created >= before && created <= time(NULL));
    assert_int_equal(ck_report_times("tomorrow-ish", &created, iso, &e), CK_EUSAGE);
}

static int entries(const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    int n = 0;
    for (struct dirent *de; (de = readdir(d));)
        n += strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0;
    closedir(d);
    return n;
}

static void test_encrypted(void **state)
{
    (void)state;
    struct ck_error e;
    struct ck_table t;
    const char *h[] = {"name", "amount", "segment"};
    struct ck_row hr = {3, (char **)h, NULL, 1};
    ck_table_init(&t);
    assert_int_equal(ck_table_set_header(&t, &hr, &e), CK_OK);
    const char *f[] = {"c1", "10", "A"};
    struct ck_row r = {3, (char **)f, NULL, 2};
    assert_int_equal(ck_table_append(&t, &r, &e), CK_OK);
    struct ck_roles roles;
    assert_int_equal(ck_roles_resolve(&roles, &hr, CK_TABLE_CUSTOMERS, NULL, 0, &e), CK_OK);
    char tmpdir[] = "/tmp/ck-report-file-XXXXXX";
    assert_non_null(mkdtemp(tmpdir));
    struct ck_report_opts o;
    memset(&o, 0, sizeof o);
    o.lang = CK_LANG_EN;
    o.roles = &roles;
    o.sort_desc = -1;
    o.validation = 1;
    o.created = 1700000000;
    o.tmpdir = tmpdir;
    o.output_name = "report.xlsx";
    struct ck_report_rows *rows;
    assert_int_equal(ck_report_rows_from_table(&rows, &t, NULL, &e), CK_OK);
    char path[96];
    snprintf(path, sizeof path, "%s/report.xlsx", tmpdir);
    struct ck_report_stats st;
    int rc = ck_report_xlsx_encrypted(rows, &o, "secret", path, &st, &e);
    if (rc != CK_OK)
        fail_msg("%s", e.msg);
    assert_int_equal(st.rows, 1);
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    unsigned char magic[4] = {0};
    assert_int_equal(fread(magic, 1, 4, fp), 4);
    fclose(fp);
    static const unsigned char ole[4] = {0xD0, 0xCF, 0x11, 0xE0};
    assert_memory_equal(magic, ole, 4);
    assert_int_equal(entries(tmpdir), 1); /* the report alone: the plaintext had no name */
    unlink(path);
    rmdir(tmpdir);
    ck_report_rows_free(rows);
    ck_table_free(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_times),
        cmocka_unit_test(test_encrypted),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
