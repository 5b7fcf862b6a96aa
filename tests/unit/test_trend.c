/* test_trend.c — unit tests of lib/report/trend.c: the quarters of a history directory (directories
 * with segments.csv and YYYY-Qn tables, gaps, entries ignored, the as-of quarter and after left
 * out), segments counted per quarter, and the current table counted in the report's order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <sys/stat.h>

#include "custkit.h"
#include "report/spool.h"
#include "report/trend.h"
static char dir[] = "/tmp/ck-trend-XXXXXX";

static void put(const char *name, const char *text)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void sub(const char *name)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    assert_int_equal(mkdir(path, 0700), 0);
}

static long count(const struct ck_trend *t, const char *seg, size_t q)
{
    for (size_t s = 0; s < t->nseg; s++)
        if (strcmp(t->seg[s], seg) == 0)
            return t->count[s * CK_TREND_MAX_QUARTERS + q];
    return -1;
}

static void test_load_and_count(void **state)
{
    (void)state;
    assert_non_null(mkdtemp(dir));
    sub("2026-Q1");
    put("2026-Q1/segments.csv", "id,分层\n1,高价值\n2,低价值\n3,低价值\n");
    put("2026q2.csv", "id,segment\n1,高价值\n2,高价值\n3,流失\n");
    sub("2026-Q3"); /* no segments.csv: a gap */
    put("2025-Q4.csv", "id,segment\n1,低价值\n");
    put("2026-Q4.csv", "id,segment\n1,x\n"); /* the as-of quarter itself: ignored */
    put("notes.txt", "not a quarter\n");
    put("2026-Q5.csv", "id,segment\n");
    struct ck_trend *t;
    struct ck_error e;
    assert_int_equal(ck_trend_load(&t, dir, "2026-11-29", &e), CK_OK);
    assert_non_null(t);
    assert_int_equal(t->nq, 5); /* 2025-Q4 … 2026-Q4 */
    static const char *const label[] = {"2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"};
    static const int present[] = {1, 1, 1, 0, 1};
    for (size_t q = 0; q < 5; q++) {
        assert_string_equal(t->label[q], label[q]);
        assert_int_equal(t->present[q], present[q]);
    }
    assert_int_equal(t->nseg, 3);
    assert_string_equal(t->seg[0], "高价值"); /* newest quarter's segments first */
    assert_string_equal(t->seg[1], "流失");
    assert_string_equal(t->seg[2], "低价值");
    assert_int_equal(count(t, "高价值", 2), 2);
    assert_int_equal(count(t, "高价值", 1), 1);
    assert_int_equal(count(t, "低价值", 1), 2);
    assert_int_equal(count(t, "低价值", 0), 1);
    assert_int_equal(count(t, "流失", 0), 0);

    /* the current table, in the report's order: 低价值 first, then the others it has, then
     * the segments only the history has */
    char *names[] = {"id", "segment"};
    struct ck_report_rows *rows;
    assert_int_equal(ck_report_rows_new(&rows, names, 2, NULL, &e), CK_OK);
    static const char *const cur[] = {"新客", "低价值", "新客", "高价值"};
    for (size_t i = 0; i < 4; i++) {
        const char *f[] = {"1", cur[i]};
        assert_int_equal(ck_report_rows_append(rows, f, NULL, 2, &e), CK_OK);
    }
    assert_int_equal(ck_report_rows_finish(rows, &e), CK_OK);
    const char *order[] = {"低价值", "nonesuch"};
    assert_int_equal(ck_trend_count_current(t, rows, "cur.csv", order, 2, &e), CK_OK);
    ck_report_rows_free(rows);
    assert_int_equal(t->nseg, 4);
    assert_string_equal(t->seg[0], "低价值");
    assert_string_equal(t->seg[1], "高价值");
    assert_string_equal(t->seg[2], "新客");
    assert_string_equal(t->seg[3], "流失");
    assert_int_equal(count(t, "新客", 4), 2);
    assert_int_equal(count(t, "低价值", 4), 1);
    assert_int_equal(count(t, "低价值", 1), 2); /* moved with its row */
    assert_int_equal(count(t, "流失", 4), 0);
    ck_trend_free(t);

    /* without --as-of the current quarter follows the newest found, unlabelled */
    assert_int_equal(ck_trend_load(&t, dir, NULL, &e), CK_OK);
    assert_int_equal(t->nq, 6); /* 2025-Q4 … 2026-Q4 (a table), then the current */
    assert_string_equal(t->label[4], "2026-Q4");
    assert_string_equal(t->label[5], "");
    ck_trend_free(t);
    /* nothing before the as-of quarter: no trend */
    assert_int_equal(ck_trend_load(&t, dir, "2025-12-31", &e), CK_OK);
    assert_null(t);
    assert_int_equal(ck_trend_load(&t, dir, "2026-13-01", &e), CK_EUSAGE);
    /* two tables for one quarter, and a table without a segment column */
    put("2026-Q2.csv", "id,segment\n");
    assert_int_equal(ck_trend_load(&t, dir, "2026-11-29", &e), CK_EUSAGE);
    assert_non_null(strstr(e.msg, "two tables for quarter 2026-Q2"));
    char path[256];
    snprintf(path, sizeof path, "%s/2026-Q2.csv", dir);
    unlink(path);
    put("2026q2.csv", "id,tier\n1,a\n");
    assert_int_equal(ck_trend_load(&t, dir, "2026-11-29", &e), CK_EINPUT);
    assert_non_null(strstr(e.msg, "2026q2.csv: no segment column"));
    assert_int_equal(ck_trend_load(&t, "/nonexistent-dir", NULL, &e), CK_EINPUT);
    assert_non_null(strstr(e.msg, "--history /nonexistent-dir"));
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -r '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_load_and_count),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
