/* test_places_index.c — a part of lib/clean/places.c (test_places.c has the rest):
 * ck_place_province() and ck_place_city() find names through sorted indexes; here they are
 * held against the scan of the division tables in table order that they replace, on every
 * name the tables and the key table hold, with and without the noise a column carries
 * (spaces, full-width letters, suffixes), and on names no table has. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "clean/places.h"
#include "clean/places_data.h"
#include "clean/refdata.h"
/* The scans as they were, on a value already squeezed (no white space, ASCII half-width). */
static int scan_province(const char *buf)
{
    const char *shortname = ck_province_canonical(buf);
    for (unsigned i = 0; i < ck_div_nprovinces; i++)
        if ((shortname && strcmp(ck_div_provinces[i].short_name, shortname) == 0) ||
            strcmp(ck_div_provinces[i].abbr, buf) == 0 ||
            strcmp(ck_div_provinces[i].name, buf) == 0 ||
            strcmp(ck_div_provinces[i].short_name, buf) == 0)
            return (int)i;
    return -1;
}

static int scan_city(const char *buf)
{
    const char *shortname = ck_city_canonical(buf);
    const char *prov = ck_city_province(buf);
    if (shortname && prov)
        for (unsigned c = 0; c < ck_div_ncities; c++)
            if (strcmp(ck_div_cities[c].short_name, shortname) == 0 &&
                strcmp(ck_div_provinces[ck_div_cities[c].province].short_name, prov) == 0)
                return (int)c;
    return -2; /* not by refdata: the key table decides, the same code either way */
}

static size_t checked, found_province, found_city;

static void check(const char *name)
{
    if (!name || !name[0] || strchr(name, ' '))
        return;
    int want = scan_province(name), got = ck_place_province(name);
    if (want != got)
        fail_msg("province '%s': %d, the scan says %d", name, got, want);
    found_province += got >= 0;
    want = scan_city(name);
    got = ck_place_city(name);
    if (want != -2 && want != got)
        fail_msg("city '%s': %d, the scan says %d", name, got, want);
    found_city += want >= 0;
    checked++;
}

static void check_with_suffixes(const char *name)
{
    static const char *const suffixes[] = {"", "市", "省", "地区", "x", "自治州"};
    char buf[256];
    for (size_t i = 0; i < sizeof suffixes / sizeof *suffixes; i++) {
        snprintf(buf, sizeof buf, "%s%s", name, suffixes[i]);
        check(buf);
    }
}

static void every_name(void)
{
    for (unsigned i = 0; i < ck_div_nprovinces; i++) {
        check_with_suffixes(ck_div_provinces[i].name);
        check_with_suffixes(ck_div_provinces[i].short_name);
        check_with_suffixes(ck_div_provinces[i].abbr);
        check_with_suffixes(ck_div_provinces[i].en);
    }
    for (unsigned c = 0; c < ck_div_ncities; c++) {
        check_with_suffixes(ck_div_cities[c].name);
        check_with_suffixes(ck_div_cities[c].short_name);
        check_with_suffixes(ck_div_cities[c].en);
    }
    for (unsigned k = 0; k < ck_div_nkeys; k++)
        check(ck_div_keys[k].key);
}

static void test_every_table_name(void **state)
{
    (void)state;
    every_name();
    /* the tables were met: most names are found */
    assert_true(checked > 3000);
    assert_true(found_province > 100);
    assert_true(found_city > 500);
}

/* Answers are kept per value as written: asked again, in another order and after thousands
 * of other names took their places in the table, every answer is still the scan's. */
static void test_asked_again(void **state)
{
    (void)state;
    every_name();
    every_name();
    for (unsigned k = ck_div_nkeys; k-- > 0;)
        check(ck_div_keys[k].key);
    /* a name and its prefix, one after the other */
    for (int i = 0; i < 3; i++) {
        assert_int_equal(ck_place_province("广东省"), scan_province("广东省"));
        assert_int_equal(ck_place_province("广东"), scan_province("广东"));
        assert_int_equal(ck_place_province("广"), scan_province("广"));
    }
}

static void test_noise_and_unknown(void **state)
{
    (void)state;
    /* the same answer through the squeeze: spaces, full-width letters, case */
    assert_int_equal(ck_place_province(" 广 东 "), ck_place_province("广东"));
    assert_int_equal(ck_place_province("ＧＵＡＮＧＤＯＮＧ"), ck_place_province("guangdong"));
    assert_int_equal(ck_place_city("深 圳"), ck_place_city("深圳"));
    assert_true(ck_place_city("深圳") >= 0);
    assert_true(ck_place_province("粤") >= 0);
    /* names no table has */
    static const char *const unknown[] = {"火星", "Atlantis", "x", "省", "市", "zzzz"};
    for (size_t i = 0; i < sizeof unknown / sizeof *unknown; i++) {
        assert_int_equal(ck_place_province(unknown[i]), scan_province(unknown[i]));
        if (scan_city(unknown[i]) != -2)
            assert_int_equal(ck_place_city(unknown[i]), scan_city(unknown[i]));
    }
    assert_int_equal(ck_place_province(""), -1);
    assert_int_equal(ck_place_city(NULL), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_table_name),
        cmocka_unit_test(test_asked_again),
        cmocka_unit_test(test_noise_and_unknown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
