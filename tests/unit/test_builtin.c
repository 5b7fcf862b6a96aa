/* test_rules_builtin.c — unit tests of lib/rules/builtin.c: the built-in groups region,
 * city-tier and age-band in both languages, their values on real rows (age bands at their
 * birthdays), and the errors for an unknown group or a table without the column one needs. */
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
#include "rules/rules.h"
static char *H[] = {"编号", "省份", "城市", "出生日期", "年龄"};
enum { NC = 5 };
static struct ck_row header;
static size_t hlen[NC];
static struct ck_roles roles;

static struct ck_rules *load(const char *list, int lang, int *rc, struct ck_error *e)
{
    for (size_t i = 0; i < NC; i++)
        hlen[i] = strlen(H[i]);
    header = (struct ck_row){NC, H, hlen, 1};
    assert_int_equal(ck_roles_resolve(&roles, &header, CK_TABLE_CUSTOMERS, NULL, 0, e), CK_OK);
    struct ck_rules_ctx ctx = {&header, &roles, ck_days_from_civil(2026, 11, 29), lang};
    struct ck_rules *rs;
    assert_int_equal(ck_rules_new(&rs, &ctx, e), CK_OK);
    *rc = ck_rules_add_builtin(rs, list, e);
    return rs;
}

/* The groups' values on one row: "v0|v1|v2". */
static const char *eval(struct ck_rules *rs, const char *prov, const char *city, const char *birth,
                        const char *age)
{
    static char out[256];
    char *f[] = {"1", (char *)prov, (char *)city, (char *)birth, (char *)age};
    size_t len[NC];
    for (size_t i = 0; i < NC; i++)
        len[i] = strlen(f[i]);
    struct ck_row row = {NC, f, len, 2};
    const char *val[4];
    size_t vlen[4];
    struct ck_error e;
    assert_int_equal(ck_rules_eval(rs, &row, val, vlen, &e), CK_OK);
    size_t o = 0;
    for (size_t g = 0; g < ck_rules_group_count(rs); g++)
        o += (size_t)snprintf(out + o, sizeof out - o, "%s%s", g ? "|" : "", val[g]);
    return out;
}

static void test_groups_zh(void **state)
{
    (void)state;
    struct ck_error e;
    int rc;
    struct ck_rules *rs = load("region,city-tier,age-band", CK_LANG_ZH, &rc, &e);
    assert_int_equal(rc, CK_OK);
    assert_int_equal(ck_rules_group_count(rs), 3);
    assert_string_equal(ck_rules_group_name(rs, 0), "地区");
    assert_string_equal(ck_rules_group_name(rs, 1), "城市级别");
    assert_string_equal(ck_rules_group_name(rs, 2), "年龄段");
    assert_int_equal(ck_rules_tag_count(rs, 0), 8);
    assert_string_equal(ck_rules_tag_name(rs, 0, 7), "港澳台");
    assert_int_equal(ck_rules_tag_count(rs, 2), 7);
    assert_string_equal(eval(rs, "广东省", "深圳市", "2008-11-30", ""), "华南|一线|18岁以下");
    assert_string_equal(eval(rs, "江苏", "无锡", "2008-11-29", ""), "华东|新一线|18-24");
    assert_string_equal(eval(rs, "云南省", "昆明", "1961-11-30", ""), "西南|二线|55-64");
    assert_string_equal(eval(rs, "四川", "绵阳市", "1961-11-29", ""), "西南|三线及以下|65岁以上");
    /* no birthdate: the age column decides */
    assert_string_equal(eval(rs, "黑龙江", "", "", "34"), "东北||25-34");
    assert_string_equal(eval(rs, "火星", "火星", "", ""), "||");
    assert_int_equal(ck_rules_tag_hits(rs, 0, 1), 1); /* 华南 once */
    assert_int_equal(ck_rules_tag_hits(rs, 0, 8), 1); /* no region once */
    ck_rules_free(rs);
}

static void test_groups_en_and_errors(void **state)
{
    (void)state;
    struct ck_error e;
    int rc;
    struct ck_rules *rs = load("AGE-BAND,region", CK_LANG_EN, &rc, &e);
    assert_int_equal(rc, CK_OK);
    assert_string_equal(ck_rules_group_name(rs, 0), "age band");
    assert_string_equal(ck_rules_group_name(rs, 1), "region");
    assert_string_equal(eval(rs, "香港", "", "1980-01-01", "99"), "45-54|HK, Macao, Taiwan");
    ck_rules_free(rs);
    rs = load("region,cities", CK_LANG_EN, &rc, &e);
    assert_int_equal(rc, CK_EUSAGE);
    assert_string_equal(e.msg, "--builtin: unknown group 'cities' (groups: region, city-tier, "
                               "age-band)");
    ck_rules_free(rs);
    /* a table without the column a group needs */
    H[1] = "备注";
    rs = load("region", CK_LANG_ZH, &rc, &e);
    assert_int_equal(rc, CK_EUSAGE);
    assert_string_equal(e.msg, "--builtin region needs a province column; map one with --col "
                               "province=HEADER");
    ck_rules_free(rs);
    H[3] = "x";
    H[4] = "y";
    rs = load("age-band", CK_LANG_ZH, &rc, &e);
    assert_int_equal(rc, CK_EUSAGE);
    assert_non_null(strstr(e.msg, "--builtin age-band needs a birthdate or age column"));
    ck_rules_free(rs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_groups_zh),
        cmocka_unit_test(test_groups_en_and_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
