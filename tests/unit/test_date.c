/* test_date.c — unit tests of lib/date.c: civil days, strict ISO dates and --as-of. */
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
