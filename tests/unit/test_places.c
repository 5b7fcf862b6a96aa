/* test_places.c — unit tests of lib/clean/places.c: province and city column values to their
 * official names, and the address splitter on the usual noise and the hard cases.
 * lib/clean/cn_divisions.c has no test of its own: it is data generated from the NBS division codes
 * (scripts/gen-cn-divisions.py), with no functions, and is tested here, through the lookups
 * of places.c that read it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "clean/places.h"
#include "clean/places_data.h"

#define N(a) (sizeof(a) / sizeof *(a))

static void test_province_values(void **state)
{
    (void)state;
    static const struct {
        const char *in, *zh, *en;
    } cases[] = {
        {"广东", "广东省", "Guangdong"},
        {"广东省", "广东省", "Guangdong"},
        {"粤", "广东省", "Guangdong"},
        {"Guangdong", "广东省", "Guangdong"},
        {"GUANGDONG", "广东省", "Guangdong"},
        {" 广东 省 ", "广东省", "Guangdong"},
        {"内蒙古", "内蒙古自治区", "Inner Mongolia"},
        {"Inner Mongolia", "内蒙古自治区", "Inner Mongolia"},
        {"北京", "北京市", "Beijing"},
        {"北京市", "北京市", "Beijing"},
        {"广西壮族自治区", "广西壮族自治区", "Guangxi"},
        {"新疆", "新疆维吾尔自治区", "Xinjiang"},
        {"香港", "香港特别行政区", "Hong Kong"},
        {"台湾", "台湾省", "Taiwan"},
        {"Shaanxi", "陕西省", "Shaanxi"},
        {"Shanxi", "山西省", "Shanxi"},
        {"吉林", "吉林省", "Jilin"},
    };
    for (size_t i = 0; i < N(cases); i++) {
        int p = ck_place_province(cases[i].in);
        if (strcmp(ck_place_province_name(p, 1), cases[i].zh) != 0 ||
            strcmp(ck_place_province_name(p, 0), cases[i].en) != 0)
            fail_msg("'%s' gave '%s'/'%s'", cases[i].in, ck_place_province_name(p, 1),
                     ck_place_province_name(p, 0));
    }
    static const char *const unknown[] = {"", "火星", "GD", "Guangdongx", "广东省深圳市", NULL};
    for (size_t i = 0; i < N(unknown); i++)
        if (ck_place_province(unknown[i]) != -1)
            fail_msg("'%s' should be unknown", unknown[i] ? unknown[i] : "(null)");
}

static void test_city_values(void **state)
{
    (void)state;
    static const struct {
        const char *in, *zh, *en;
    } cases[] = {
        {"深圳", "深圳市", "Shenzhen"},
        {"深圳市", "深圳市", "Shenzhen"},
        {"Shenzhen", "深圳市", "Shenzhen"},
        {"北京", "北京市", "Beijing"},
        {"上海市", "上海市", "Shanghai"},
        {"Xi'an", "西安市", "Xi'an"},
        {"延边州", "延边朝鲜族自治州", "Yanbian"},
        {"吉林", "吉林市", "Jilin"},
        {"Harbin", "哈尔滨市", "Harbin"},
        {"哈尔滨", "哈尔滨市", "Harbin"},
        {"仙桃", "仙桃市", "Xiantao"},
        {"台北", "台北市", "Taipei"},
        {"宿州", "宿州市", "Suzhou"},
    };
    for (size_t i = 0; i < N(cases); i++) {
        int c = ck_place_city(cases[i].in);
        if (strcmp(ck_place_city_name(c, 1), cases[i].zh) != 0 ||
            strcmp(ck_place_city_name(c, 0), cases[i].en) != 0)
            fail_msg("'%s' gave '%s'/'%s'", cases[i].in, ck_place_city_name(c, 1),
                     ck_place_city_name(c, 0));
    }
    static const char *const unknown[] = {"", "火星市", "Suzhou x", NULL};
    for (size_t i = 0; i < N(unknown); i++)
        if (ck_place_city(unknown[i]) != -1)
            fail_msg("'%s' should be unknown", unknown[i] ? unknown[i] : "(null)");
}

static const struct {
    const char *in, *province, *city, *district;
    unsigned flags;
} splits[] = {
    {"广东省深圳市南山区科技园路1号", "广东省", "深圳市", "南山区", 0},
    {"518000 广东 深圳 南山区科技园路１号", "广东省", "深圳市", "南山区", 0},
    {"P.R.China 北京市朝阳区建国路88号", "北京市", "北京市", "朝阳区", 0},
    {"中华人民共和国上海市浦东新区世纪大道100号", "上海市", "上海市", "浦东新区", 0},
    {"中国浙江省义乌市稠州北路", "浙江省", "金华市", "义乌市", 0},
    {"浙江义乌稠州北路", "浙江省", "金华市", "义乌市", 0},
    {"新疆维吾尔自治区乌鲁木齐市天山区解放南路", "新疆维吾尔自治区", "乌鲁木齐市", "天山区", 0},
    {"吉林省延边朝鲜族自治州延吉市", "吉林省", "延边朝鲜族自治州", "延吉市", 0},
    {"延边州延吉市光明街", "吉林省", "延边朝鲜族自治州", "延吉市", 0},
    {"深圳市南山区", "广东省", "深圳市", "南山区", 0},
    {"深圳南山科技园", "广东省", "深圳市", "南山区", 0},
    {"重庆市巫山县", "重庆市", "重庆市", "巫山县", 0},
    {"上海上海市浦东新区", "上海市", "上海市", "浦东新区", 0},
    {"湖北仙桃市", "湖北省", "仙桃市", "", 0},
    {"广东省东莞市长安镇", "广东省", "东莞市", "", 0},
    {"香港九龙油尖旺区", "香港特别行政区", "九龙", "油尖旺区", 0},
    {"台湾台北市大安区", "台湾省", "台北市", "大安区", 0},
    {"吉林船营区", "吉林省", "吉林市", "船营区", 0},
    {"吉林长春市朝阳区", "吉林省", "长春市", "朝阳区", 0},
    {"吉林市丰满区", "吉林省", "吉林市", "丰满区", 0},
    {"内蒙古呼和浩特新城区", "内蒙古自治区", "呼和浩特市", "新城区", 0},
    /* ambiguous: left empty, flagged */
    {"吉林", "吉林省", "", "", CK_PLACE_AMBIGUOUS},
    {"朝阳区建国路", "", "", "", CK_PLACE_AMBIGUOUS},
    {"鼓楼区中山路", "", "", "", CK_PLACE_AMBIGUOUS},
    /* unknown */
    {"火星基地1号", "", "", "", CK_PLACE_UNKNOWN},
    {"123 Main Street", "", "", "", CK_PLACE_UNKNOWN},
    {"", "", "", "", 0},
};

static void test_split(void **state)
{
    (void)state;
    for (size_t i = 0; i < N(splits); i++) {
        struct ck_place p;
        ck_place_split(splits[i].in, &p);
        const char *pv = ck_place_province_name(p.province, 1);
        const char *cv = ck_place_city_name(p.city, 1);
        const char *dv = ck_place_district_name(p.district);
        if (strcmp(pv, splits[i].province) || strcmp(cv, splits[i].city) ||
            strcmp(dv, splits[i].district) || p.flags != splits[i].flags)
            fail_msg("'%s' split as '%s' '%s' '%s' flags %u, want '%s' '%s' '%s' %u", splits[i].in,
                     pv, cv, dv, p.flags, splits[i].province, splits[i].city, splits[i].district,
                     splits[i].flags);
    }
    struct ck_place p;
    ck_place_split(NULL, &p);
    assert_int_equal(p.province, -1);
}

/* Every county-level division written in full after its province and city splits back to
 * itself, unless its name is shared within the city (none is). */
static void test_every_area(void **state)
{
    (void)state;
    size_t bad = 0;
    for (unsigned a = 0; a < ck_div_nareas; a++) {
        int c = ck_div_areas[a].city, pr = ck_div_cities[c].province;
        char buf[256];
        snprintf(buf, sizeof buf, "%s%s%s街道1号", ck_div_provinces[pr].name, ck_div_cities[c].name,
                 ck_div_areas[a].name);
        struct ck_place p;
        ck_place_split(buf, &p);
        if (p.province != pr || p.city != c || p.district != (int)a) {
            if (bad++ < 10)
                print_message("'%s' → %s %s %s\n", buf, ck_place_province_name(p.province, 1),
                              ck_place_city_name(p.city, 1), ck_place_district_name(p.district));
        }
    }
    assert_int_equal(bad, 0);
}

static void test_key_order(void **state)
{
    (void)state;
    for (unsigned i = 1; i < ck_div_nkeys; i++)
        if (strcmp(ck_div_keys[i - 1].key, ck_div_keys[i].key) > 0)
            fail_msg("keys out of order at '%s'", ck_div_keys[i].key);
    assert_int_equal(ck_div_nprovinces, 34);
}

/* Hostile input: long, invalid UTF-8, only noise. Must not crash or read out of bounds. */
static void test_hostile(void **state)
{
    (void)state;
    char big[4096];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = 0;
    memcpy(big, "广东省", strlen("广东省"));
    struct ck_place p;
    ck_place_split(big, &p);
    assert_string_equal(ck_place_province_name(p.province, 1), "广东省");
    static const char *const odd[] = {"\xe5\xb9", "\xff\xfe广东",
                                      "518000",   "中国中国中国中国中国中国中国中国中国",
                                      "，，，",   "\xe5"};
    for (size_t i = 0; i < N(odd); i++)
        ck_place_split(odd[i], &p);
    assert_int_equal(ck_place_province("\xe5\xb9"), -1);
    assert_int_equal(ck_place_city("\xe5"), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_province_values), cmocka_unit_test(test_city_values),
        cmocka_unit_test(test_split),           cmocka_unit_test(test_every_area),
        cmocka_unit_test(test_key_order),       cmocka_unit_test(test_hostile),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
