/* test_report_plan.c — unit tests of lib/report/plan.c: ck_plan_build's groups (tiers by rank,
 * then count, then first seen), their figures, the rows sorted within them, column kinds, masks,
 * dropdown lists, and the value helpers (Excel numbers, Excel dates, display widths). */
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
#include "report/plan.h"
/* id, name, phone, amount, orders, segment, segment_rank, _problems, signup, gender */
enum { NC = 10 };
static char *names[NC] = {"id",      "name",         "phone",     "amount", "orders",
                          "segment", "segment_rank", "_problems", "signup", "gender"};
static const char *rows[][NC] = {
    {"1", "A", "13812345678", "100", "2", "Silver", "2", "", "2026-01-05", "男"},
    {"2", "B", "13912345678", "900.5", "9", "Gold", "1", "", "2026-02-05", "女"},
    {"3", "C", "13712345678", "50", "1", "Silver", "2", "missing email", "2026-03-05", "男"},
    {"4", "D", "13612345678", "", "", "Bronze", "3", "", "2026-04-05", "女"},
    {"5", "E", "13512345678", "300", "3", "Silver", "2", "", "2026-05-05", "男"},
    {"6", "F", "13412345678", "7", "1", "New", "", "", "", "女"},
    {"7", "G", "13312345678", "8", "1", "New", "", "bad phone", "2026-07-05", ""},
    {"8", "H", "13212345678", "1200", "4", "Gold", "1", "", "2026-08-05", "男"},
};
enum { NR = sizeof rows / sizeof *rows };

static struct ck_report_rows *make_rows(void)
{
    struct ck_report_rows *t;
    struct ck_error e;
    assert_int_equal(ck_report_rows_new(&t, names, NC, NULL, &e), CK_OK);
    for (size_t r = 0; r < NR; r++)
        assert_int_equal(ck_report_rows_append(t, rows[r], NULL, NC, &e), CK_OK);
    assert_int_equal(ck_report_rows_finish(t, &e), CK_OK);
    return t;
}

static void roles_of(struct ck_roles *roles)
{
    struct ck_row h = {NC, names, NULL, 1};
    size_t len[NC];
    for (size_t i = 0; i < NC; i++)
        len[i] = strlen(names[i]);
    h.len = len;
    struct ck_error e;
    assert_int_equal(ck_roles_resolve(roles, &h, CK_TABLE_CUSTOMERS, NULL, 0, &e), CK_OK);
}

/* The report's options for the sample: English, dropdown lists, phones masked. */
static void opts_of(struct ck_report_opts *o, struct ck_roles *roles)
{
    roles_of(roles);
    memset(o, 0, sizeof *o);
    o->lang = CK_LANG_EN;
    o->roles = roles;
    o->validation = 1;
    o->mask = CK_MASK_PHONE;
}

static void test_plan_build(void **state)
{
    (void)state;
    struct ck_roles roles;
    struct ck_report_opts o;
    opts_of(&o, &roles);
    struct ck_report_rows *t = make_rows();
    struct plan p;
    struct ck_error e;
    assert_int_equal(ck_plan_build(&p, t, &o, &e), CK_OK);
    assert_int_equal(p.seg_col, 5);
    assert_int_equal(p.by_col, 5);
    assert_int_equal(p.rank_col, 6);
    assert_int_equal(p.prob_col, 7);
    assert_int_equal(p.amount_col, 3);
    assert_int_equal(p.sort_col, 3);
    assert_int_equal(p.flagged, 2);
    /* tiers by rank (Gold 1, Silver 2, Bronze 3), then the unranked New */
    assert_int_equal(p.ngroups, 4);
    static const char *const want[] = {"Gold", "Silver", "Bronze", "New"};
    static const long count[] = {2, 3, 1, 2}, flagged[] = {0, 1, 0, 1};
    static const double amount[] = {2100.5, 450, 0, 15};
    long pos = 0;
    for (size_t g = 0; g < 4; g++) {
        assert_string_equal(p.groups[g].value, want[g]);
        assert_int_equal(p.groups[g].count, count[g]);
        assert_int_equal(p.groups[g].flagged, flagged[g]);
        assert_true(p.groups[g].amount == amount[g]);
        assert_int_equal(p.groups[g].start, pos);
        pos += count[g];
    }
    assert_true(p.groups[0].orders == 13);
    /* rows by group, amount descending within each; an empty amount last */
    static const uint32_t idx[] = {7, 1, 4, 0, 2, 3, 6, 5};
    static const uint32_t all[] = {7, 1, 4, 0, 2, 6, 5, 3};
    for (size_t r = 0; r < NR; r++) {
        assert_int_equal(p.idx[r], idx[r]);
        assert_int_equal(p.all[r], all[r]);
    }
    assert_int_equal(p.grp[0], 1);
    assert_int_equal(p.grp[5], 3);
    assert_int_equal(p.cols[3].kind, K_AMOUNT);
    assert_int_equal(p.cols[4].kind, K_COUNT);
    assert_int_equal(p.cols[8].kind, K_DATE); /* every value an ISO date (or empty) */
    assert_int_equal(p.cols[1].kind, K_TEXT);
    assert_int_equal(p.cols[2].mask, CK_MASK_PHONE);
    assert_true(p.cols[6].hidden);
    /* dropdowns: the segment column in tier order, gender as seen */
    assert_true(p.cols[5].list);
    assert_int_equal(p.cols[5].nvals, 4);
    assert_string_equal(p.cols[5].vals[0], "Gold");
    assert_string_equal(p.cols[5].vals[3], "New");
    assert_true(p.cols[9].list);
    assert_int_equal(p.cols[9].nvals, 2);
    assert_string_equal(p.cols[9].vals[0], "男");
    assert_false(p.cols[1].list); /* eight names, no repeats: no category */
    char buf[32];
    assert_string_equal(ck_plan_shown_value(&p.cols[2], "13812345678", buf, sizeof buf),
                        "138****5678");
    assert_string_equal(ck_plan_shown_value(&p.cols[1], "A", buf, sizeof buf), "A");
    ck_plan_free(&p);

    /* --by gender, --sort id ascending */
    o.by = "gender";
    o.sort_col = "id";
    o.sort_desc = 0;
    assert_int_equal(ck_plan_build(&p, t, &o, &e), CK_OK);
    assert_int_equal(p.ngroups, 3); /* 男 4, 女 3, "" 1 */
    assert_string_equal(p.groups[0].value, "男");
    assert_string_equal(p.groups[1].value, "女");
    assert_string_equal(p.groups[2].value, "");
    assert_int_equal(p.idx[0], 0);
    assert_int_equal(p.idx[1], 2);
    assert_int_equal(p.idx[4], 1);
    ck_plan_free(&p);
    o.by = "nonesuch";
    assert_int_equal(ck_plan_build(&p, t, &o, &e), CK_EUSAGE);
    assert_string_equal(e.msg, "--by: no column 'nonesuch' in the table");
    ck_plan_free(&p);
    o.by = NULL;
    o.sort_col = "nonesuch";
    assert_int_equal(ck_plan_build(&p, t, &o, &e), CK_EUSAGE);
    ck_plan_free(&p);
    ck_report_rows_free(t);
}

static void test_plan_values(void **state)
{
    (void)state;
    double d;
    int ht;
    assert_true(ck_plan_numeric_ok("123.45", &d) && d == 123.45);
    assert_true(ck_plan_numeric_ok("-7", &d) && d == -7);
    assert_true(ck_plan_numeric_ok("0.5", &d) && d == 0.5);
    assert_true(ck_plan_numeric_ok("123456789012345", &d));
    assert_false(ck_plan_numeric_ok("1234567890123456", &d)); /* 16 digits: an id, not a number */
    assert_false(ck_plan_numeric_ok("007", &d));
    assert_false(ck_plan_numeric_ok("+7", &d));
    assert_false(ck_plan_numeric_ok("", &d));
    assert_false(ck_plan_numeric_ok("1e999", &d));
    assert_true(ck_plan_excel_date("1900-03-01", &d, &ht) && d == 61 && !ht);
    assert_false(ck_plan_excel_date("1900-02-28", &d, &ht)); /* Excel's leap-year bug */
    assert_true(ck_plan_excel_date("2000-02-29", &d, &ht) && d == 36585);
    assert_true(ck_plan_excel_date("2026-11-29 12:00", &d, &ht) && d == 46355.5 && ht);
    assert_true(ck_plan_excel_date("2026-11-29T06:00:00", &d, &ht) && d == 46355.25);
    assert_false(ck_plan_excel_date("2026-11-29 24:00", &d, &ht));
    assert_false(ck_plan_excel_date("2026-02-30", &d, &ht));
    assert_false(ck_plan_excel_date("2026/11/29", &d, &ht));
    assert_true(ck_plan_text_width("abc") == 3);
    assert_true(ck_plan_text_width("张三a") == 5);
    assert_true(ck_plan_text_width("ＡＢ") == 4);
    char longs[200];
    memset(longs, 'x', sizeof longs - 1);
    longs[sizeof longs - 1] = 0;
    assert_true(ck_plan_text_width(longs) == 60); /* measured up to 60 */
}

/* Enough rows that the columns' half of the pass runs on its own thread: the same rows
 * repeated give the same widths, kinds and lists as the eight rows read on one thread, and
 * a --by column of too many values still fails with its message. */
static void test_plan_two_threads(void **state)
{
    (void)state;
    struct ck_roles roles;
    struct ck_report_opts o;
    opts_of(&o, &roles);
    struct ck_error e;
    struct ck_report_rows *small = make_rows(), *big;
    enum { REPEAT = 2500 };
    assert_int_equal(ck_report_rows_new(&big, names, NC, NULL, &e), CK_OK);
    for (size_t r = 0; r < NR * REPEAT; r++)
        assert_int_equal(ck_report_rows_append(big, rows[r % NR], NULL, NC, &e), CK_OK);
    assert_int_equal(ck_report_rows_finish(big, &e), CK_OK);
    struct plan ps, pb;
    assert_int_equal(ck_plan_build(&ps, small, &o, &e), CK_OK);
    assert_int_equal(ck_plan_build(&pb, big, &o, &e), CK_OK);
    assert_int_equal(pb.ngroups, ps.ngroups);
    assert_int_equal(pb.flagged, ps.flagged * REPEAT);
    for (size_t g = 0; g < ps.ngroups; g++) {
        assert_string_equal(pb.groups[g].value, ps.groups[g].value);
        assert_int_equal(pb.groups[g].count, ps.groups[g].count * REPEAT);
    }
    assert_memory_equal(pb.width, ps.width, (ps.ngroups + 2) * NC * sizeof *ps.width);
    assert_true(pb.width[NC + 1] > 0); /* a real width: Silver's name column */
    for (size_t c = 0; c < NC; c++) {
        assert_int_equal(pb.cols[c].kind, ps.cols[c].kind);
        assert_int_equal(pb.cols[c].list, ps.cols[c].list);
        assert_int_equal(pb.cols[c].nvals, ps.cols[c].nvals);
        for (size_t i = 0; i < ps.cols[c].nvals; i++)
            assert_string_equal(pb.cols[c].vals[i], ps.cols[c].vals[i]);
    }
    assert_int_equal(pb.cols[8].kind, K_DATE);
    assert_true(pb.cols[9].list);
    ck_plan_free(&ps);
    ck_plan_free(&pb);
    ck_report_rows_free(small);
    ck_report_rows_free(big);

    /* a sheet per id: too many, found while the other thread reads too */
    assert_int_equal(ck_report_rows_new(&big, names, NC, NULL, &e), CK_OK);
    char id[16];
    for (size_t r = 0; r < 20000; r++) {
        const char *f[NC];
        memcpy(f, rows[r % NR], sizeof f);
        snprintf(id, sizeof id, "%zu", r);
        f[0] = id;
        assert_int_equal(ck_report_rows_append(big, f, NULL, NC, &e), CK_OK);
    }
    assert_int_equal(ck_report_rows_finish(big, &e), CK_OK);
    o.by = "id";
    assert_int_equal(ck_plan_build(&pb, big, &o, &e), CK_EUSAGE);
    assert_non_null(strstr(e.msg, "column 'id' has more than 1000 different values"));
    ck_plan_free(&pb);
    ck_report_rows_free(big);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plan_build),
        cmocka_unit_test(test_plan_two_threads),
        cmocka_unit_test(test_plan_values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
