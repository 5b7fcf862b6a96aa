/* test_xlsx_trend.c — unit tests of lib/report/trend_sheet.c: the Trend sheet written by ck_trend_sheet
 * and read back: counts per segment and quarter, a missing quarter left empty, the change and
 * the change in % from the present quarter before (across a gap, and named so), totals. */
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
#include "report/trend.h"
/* The sheet's rows as "ROW:a|b|c" lines, read by the library's own XLSX reader. */
static void read_back(const char *path, char *out, size_t cap)
{
    struct ck_xlsx *x;
    struct ck_error e;
    assert_int_equal(ck_xlsx_open(&x, path, &e), CK_OK);
    assert_int_equal(ck_xlsx_select(x, NULL, &e), CK_OK);
    const struct ck_row *row;
    size_t o = 0;
    out[0] = 0;
    while (ck_xlsx_next(x, &row, &e) == CK_OK && row) {
        o += (size_t)snprintf(out + o, cap - o, "%ld:", row->line);
        for (size_t i = 0; i < row->n; i++)
            o += (size_t)snprintf(out + o, cap - o, "%s%s", i ? "|" : "", row->f[i]);
        o += (size_t)snprintf(out + o, cap - o, "\n");
    }
    ck_xlsx_close(x);
}

static void write_sheet(const struct ck_trend *t, int zh, const char *path)
{
    lxw_workbook *wb = workbook_new(path);
    assert_non_null(wb);
    const char *name = zh ? "趋势" : "Trend";
    lxw_worksheet *ws = workbook_add_worksheet(wb, name);
    assert_non_null(ws);
    struct ck_trend_formats fm;
    memset(&fm, 0, sizeof fm);
    fm.pct = workbook_add_format(wb);
    format_set_num_format(fm.pct, "0.0%");
    struct ck_error e;
    assert_int_equal(ck_trend_sheet(wb, ws, name, t, zh, &fm, &e), CK_OK);
    assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
}

static void test_trend_sheet(void **state)
{
    (void)state;
    struct ck_trend t;
    memset(&t, 0, sizeof t);
    char *seg[] = {"Gold", ""};
    long count[2 * CK_TREND_MAX_QUARTERS] = {0};
    t.nq = 3;
    strcpy(t.label[0], "2026-Q1");
    strcpy(t.label[1], "2026-Q2");
    strcpy(t.label[2], "2026-Q3");
    t.present[0] = 1, t.present[2] = 1;
    t.nseg = 2;
    t.seg = seg;
    t.count = count;
    count[0] = 10, count[2] = 12;
    count[CK_TREND_MAX_QUARTERS] = 5, count[CK_TREND_MAX_QUARTERS + 2] = 3;
    char path[] = "/tmp/ck-xtrend-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    write_sheet(&t, 0, path);
    static char got[4096];
    read_back(path, got, sizeof got);
    assert_string_equal(got, "1:Trend: customers per segment by quarter\n"
                             "2:Segment \\ Quarter|2026-Q1|2026-Q2 (no data)|2026-Q3\n"
                             "3:Gold|10||12\n"
                             "4:(blank)|5||3\n"
                             "5:Total|15||15\n"
                             "7:Change from the quarter before\n"
                             "8:Segment|2026-Q1|2026-Q2 (no data)|2026-Q3 vs 2026-Q1\n"
                             "9:Gold|||2\n"
                             "10:(blank)|||-2\n"
                             "11:Total|||0\n"
                             "13:Change % from the quarter before\n"
                             "14:Segment|2026-Q1|2026-Q2 (no data)|2026-Q3 vs 2026-Q1\n"
                             "15:Gold|||0.2\n"
                             "16:(blank)|||-0.4\n"
                             "17:Total|||0\n");
    /* Chinese, and a quarter from nothing: the % is blank, never a division by zero */
    count[0] = 0;
    count[CK_TREND_MAX_QUARTERS] = 0;
    t.label[2][0] = 0; /* the current quarter of unknown name */
    write_sheet(&t, 1, path);
    read_back(path, got, sizeof got);
    assert_string_equal(got, "1:趋势：各分层客户数（按季度）\n"
                             "2:分层 \\ 季度|2026-Q1|2026-Q2 无数据|本期\n"
                             "3:Gold|0||12\n"
                             "4:(空)|0||3\n"
                             "5:合计|0||15\n"
                             "7:变化（比上一季度）\n"
                             "8:分层|2026-Q1|2026-Q2 无数据|本期 比 2026-Q1\n"
                             "9:Gold|||12\n"
                             "10:(空)|||3\n"
                             "11:合计|||15\n"
                             "13:变化 %（比上一季度）\n"
                             "14:分层|2026-Q1|2026-Q2 无数据|本期 比 2026-Q1\n"
                             "15:Gold\n"
                             "16:(空)\n"
                             "17:合计\n");
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_trend_sheet),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
