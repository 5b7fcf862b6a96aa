/* test_date.c — unit tests of lib/base/date.c: civil days, strict ISO dates and --as-of. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "custkit.h"

static void test_dates(void **state)
{
    (void)state;
    long d;
    char buf[16];
    assert_int_equal(ck_days_from_civil(1970, 1, 1), 0);
    assert_int_equal(ck_iso_date_parse("2024-02-29", &d), 0);
    ck_iso_date_format(d, buf);
    assert_string_equal(buf, "2024-02-29");
    assert_int_equal(ck_iso_date_parse("2023-02-29", &d), -1);
    assert_int_equal(ck_iso_date_parse("9999-99-99", &d), -1);
    assert_int_equal(ck_iso_date_parse("2024-01-05 13:30:00", &d), 0);
    struct ck_error e;
    setenv("CUSTKIT_TODAY", "2026-11-29", 1);
    assert_int_equal(ck_asof_resolve("quarter-end", &d, &e), CK_OK);
    ck_iso_date_format(d, buf);
    assert_string_equal(buf, "2026-09-30");
    setenv("CUSTKIT_TODAY", "2026-01-01", 1);
    assert_int_equal(ck_asof_resolve("quarter-end", &d, &e), CK_OK);
    ck_iso_date_format(d, buf);
    assert_string_equal(buf, "2025-12-31");
    assert_int_equal(ck_asof_resolve("today", &d, &e), CK_OK);
    ck_iso_date_format(d, buf);
    assert_string_equal(buf, "2026-01-01");
    assert_int_equal(ck_asof_resolve("2026-13-01", &d, &e), CK_EUSAGE);
    assert_non_null(strstr(e.msg, "--as-of"));
    /* the forms a date cell takes, keywords in any case */
    static const char *const same[] = {"2026/9/30", "2026.09.30", "20260930",
                                       "2026年9月30日", "30/09/2026", "Sep 30, 2026"};
    for (size_t i = 0; i < sizeof same / sizeof *same; i++) {
        assert_int_equal(ck_asof_resolve(same[i], &d, &e), CK_OK);
        ck_iso_date_format(d, buf);
        assert_string_equal(buf, "2026-09-30");
    }
    assert_int_equal(ck_asof_resolve("Quarter-End", &d, &e), CK_OK);
    assert_int_equal(ck_asof_resolve("TODAY", &d, &e), CK_OK);
    /* never a guess: 05/09 could be either; a time or a serial is not a day */
    assert_int_equal(ck_asof_resolve("05/09/2026", &d, &e), CK_EUSAGE);
    assert_non_null(strstr(e.msg, "ambiguous"));
    assert_int_equal(ck_asof_resolve("2026-09-30 12:00", &d, &e), CK_EUSAGE);
    assert_int_equal(ck_asof_resolve("45000", &d, &e), CK_EUSAGE);
    assert_int_equal(ck_asof_resolve("", &d, &e), CK_EUSAGE);
}

/* Round trips over the edges of the calendar: 1900 is no leap year (Excel's 1900-02-29 does not
 * exist), 2000 is, 2100 is not; every day from 1899 to 2101 formats and parses back to itself
 * and follows the day before. */
static void test_date_round_trips(void **state)
{
    (void)state;
    static const struct {
        int y, m, d;
        long days;
        const char *iso;
    } c[] = {
        {1900, 2, 28, -25509, "1900-02-28"}, {1900, 3, 1, -25508, "1900-03-01"},
        {2000, 2, 29, 11016, "2000-02-29"},  {2000, 3, 1, 11017, "2000-03-01"},
        {2100, 2, 28, 47540, "2100-02-28"},  {2100, 3, 1, 47541, "2100-03-01"},
        {1, 1, 1, -719162, "0001-01-01"},    {9999, 12, 31, 2932896, "9999-12-31"},
    };
    char buf[16];
    long d;
    for (size_t i = 0; i < sizeof c / sizeof *c; i++) {
        assert_int_equal(ck_days_from_civil(c[i].y, c[i].m, c[i].d), c[i].days);
        ck_iso_date_format(c[i].days, buf);
        assert_string_equal(buf, c[i].iso);
        assert_int_equal(ck_iso_date_parse(c[i].iso, &d), 0);
        assert_int_equal(d, c[i].days);
        int y, m, dd;
        ck_civil_from_days(c[i].days, &y, &m, &dd);
        assert_int_equal(y, c[i].y);
        assert_int_equal(m, c[i].m);
        assert_int_equal(dd, c[i].d);
    }
    assert_false(ck_date_valid(1900, 2, 29));
    assert_true(ck_date_valid(2000, 2, 29));
    assert_false(ck_date_valid(2100, 2, 29));
    assert_false(ck_date_valid(2026, 4, 31));
    assert_false(ck_date_valid(2026, 0, 1));
    assert_false(ck_date_valid(2026, 13, 1));
    assert_int_equal(ck_iso_date_parse("1900-02-29", &d), -1);
    assert_int_equal(ck_iso_date_parse("2100-02-29", &d), -1);
    assert_int_equal(ck_iso_date_parse("2000-2-29", &d), -1);
    assert_int_equal(ck_iso_date_parse("2000-02-29T08:00", &d), 0);
    assert_int_equal(d, 11016);
    assert_int_equal(ck_iso_date_parse("2000-02-29x", &d), -1);
    long from = ck_days_from_civil(1899, 1, 1), to = ck_days_from_civil(2101, 12, 31);
    int py = 1898, pm = 12, pd = 31;
    for (long k = from; k <= to; k++) {
        int y, m, dd;
        ck_civil_from_days(k, &y, &m, &dd);
        assert_true(ck_date_valid(y, m, dd));
        /* the next day of the one before: same month and day + 1, or the 1st of the next */
        assert_true((y == py && m == pm && dd == pd + 1) ||
                    (dd == 1 && ((y == py && m == pm + 1) || (y == py + 1 && m == 1 && pm == 12))));
        ck_iso_date_format(k, buf);
        assert_int_equal(ck_iso_date_parse(buf, &d), 0);
        assert_int_equal(d, k);
        py = y, pm = m, pd = dd;
    }
    setenv("CUSTKIT_TODAY", "2000-02-29", 1);
    assert_int_equal(ck_today(), 11016);
    setenv("CUSTKIT_TODAY", "2100-03-01", 1);
    assert_int_equal(ck_today(), 47541);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_date_round_trips),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
