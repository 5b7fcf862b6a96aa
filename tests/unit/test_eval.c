/* test_rules_eval.c — unit tests of lib/rules/eval.c, the evaluator: ck_rules_eval over many
 * rows against values computed here, first-match and multi groups, hits per tag, and values
 * that are empty or no number comparing false. The language itself (every operator and
 * function, every load error) is tested in test_rules.c, through the same entry point. */
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
#include "clean/places.h"
#include "clean/refdata.h"
static void test_eval_many_rows(void **state)
{
    (void)state;
    char *h[] = {"金额", "日期", "等级"};
    size_t hl[] = {strlen(h[0]), strlen(h[1]), strlen(h[2])};
    struct ck_row header = {3, h, hl, 1};
    struct ck_roles roles;
    struct ck_error e;
    assert_int_equal(ck_roles_resolve(&roles, &header, CK_TABLE_CUSTOMERS, NULL, 0, &e), CK_OK);
    long asof = ck_days_from_civil(2026, 11, 29);
    struct ck_rules_ctx ctx = {&header, &roles, asof, CK_LANG_ZH};
    struct ck_rules *rs;
    assert_int_equal(ck_rules_new(&rs, &ctx, &e), CK_OK);
    const char *text = "[值]\n"
                       "大 = 金额 >= 1000\n"
                       "小 = 金额 < 1000\n"
                       "[近]*\n"
                       "近 = days_since(日期) <= 30\n"
                       "金 = 等级 in (\"金卡\", \"铂金卡\")\n"
                       "老 = 日期 < 2020-01-01 and 日期 is not empty\n";
    assert_int_equal(ck_rules_parse(rs, "t.rules", text, strlen(text), &e), CK_OK);
    static const char *const level[] = {"金卡", "银卡", "", "铂金卡"};
    long want_hits[2][4] = {{0}};
    for (int i = 0; i < 20000; i++) {
        char amount[32], date[16];
        /* every seventh amount empty, every eleventh not a number */
        if (i % 7 == 0)
            amount[0] = 0;
        else if (i % 11 == 0)
            snprintf(amount, sizeof amount, "%d元?", i);
        else
            snprintf(amount, sizeof amount, "%d.5", i % 2000);
        long d = asof - i % 5000;
        if (i % 13 == 0)
            date[0] = 0;
        else
            ck_iso_date_format(d, date);
        char *f[] = {amount, date, (char *)level[i % 4]};
        size_t len[] = {strlen(amount), strlen(date), strlen(level[i % 4])};
        struct ck_row row = {3, f, len, i + 2};
        const char *val[2];
        size_t vlen[2];
        assert_int_equal(ck_rules_eval(rs, &row, val, vlen, &e), CK_OK);
        /* what the rules say, computed here */
        const char *v0 = "";
        if (i % 7 != 0 && i % 11 != 0)
            v0 = i % 2000 + 0.5 >= 1000 ? "大" : "小";
        want_hits[0][*v0 ? (strcmp(v0, "大") == 0 ? 0 : 1) : 2]++;
        char v1[64] = "";
        int near = i % 13 != 0 && i % 5000 <= 30;
        int gold = i % 4 == 0 || i % 4 == 3;
        int old = i % 13 != 0 && d < ck_days_from_civil(2020, 1, 1);
        snprintf(v1, sizeof v1, "%s%s%s%s%s", near ? "近" : "", near && gold ? ";" : "",
                 gold ? "金" : "", (near || gold) && old ? ";" : "", old ? "老" : "");
        if (strcmp(val[0], v0) != 0 || strcmp(val[1], v1) != 0)
            fail_msg("row %d: '%s' '%s', want '%s' '%s'", i, val[0], val[1], v0, v1);
        assert_int_equal(vlen[1], strlen(v1));
    }
    assert_int_equal(ck_rules_tag_hits(rs, 0, 0), want_hits[0][0]);
    assert_int_equal(ck_rules_tag_hits(rs, 0, 1), want_hits[0][1]);
    assert_int_equal(ck_rules_tag_hits(rs, 0, 2), want_hits[0][2]); /* no tag */
    assert_true(want_hits[0][0] > 1000 && want_hits[0][2] > 1000);
    ck_rules_free(rs);
}

/* region() and city_tier() of a row's value are remembered across rows: whatever the order
 * of values, repeated or new, one function or the other on the same text, long addresses,
 * and thousands of values that are no place (more than are remembered, so they meet in the
 * memory), each row's tag is what the reference data says for it. */
static void test_eval_places_across_rows(void **state)
{
    (void)state;
    char *h[] = {"省份", "城市"};
    size_t hl[] = {strlen(h[0]), strlen(h[1])};
    struct ck_row header = {2, h, hl, 1};
    struct ck_roles roles;
    struct ck_error e;
    assert_int_equal(ck_roles_resolve(&roles, &header, CK_TABLE_CUSTOMERS, NULL, 0, &e), CK_OK);
    struct ck_rules_ctx ctx = {&header, &roles, ck_days_from_civil(2026, 11, 29), CK_LANG_ZH};
    struct ck_rules *rs;
    assert_int_equal(ck_rules_new(&rs, &ctx, &e), CK_OK);
    const char *text = "[区]\n东 = region(省份) == \"华东\"\n南 = region(省份) == \"华南\"\n"
                       "他 = region(省份) is not empty\n"
                       "[线]\n一 = city_tier(城市) == \"一线\"\n新 = city_tier(城市) == \"新一线\"\n"
                       "城 = region(城市) is not empty\n";
    assert_int_equal(ck_rules_parse(rs, "t.rules", text, strlen(text), &e), CK_OK);
    static const char *const value[] = {
        "浙江省", "广东", "上海市", "北京", "四川省", "火星", "", "杭州市", "深圳", "成都市",
        "广东省深圳市南山区科技园南区深圳湾科技生态园十栋A座二十层二〇〇一室", "苏州",
        "浙江省杭州市西湖区", "江苏", "广州", "X",
    };
    const size_t nv = sizeof value / sizeof value[0];
    for (int i = 0; i < 30000; i++) {
        const char *p = value[(size_t)(i * 7 + i / 13) % nv], *c = value[(size_t)(i * 5 + i / 7) % nv];
        char other[2][32]; /* thousands of texts that are no place, between the places */
        snprintf(other[0], sizeof other[0], "某地%d", i % 2999);
        snprintf(other[1], sizeof other[1], "某城%d", i % 3001);
        if (i % 3 == 1)
            p = other[0];
        if (i % 4 == 2)
            c = other[1];
        char *f[] = {(char *)p, (char *)c};
        size_t len[] = {strlen(p), strlen(c)};
        struct ck_row row = {2, f, len, i + 2};
        const char *val[2];
        size_t vlen[2];
        assert_int_equal(ck_rules_eval(rs, &row, val, vlen, &e), CK_OK);
        const char *r = *p ? ck_region_of_province(p) : NULL;
        if (*p && !r) { /* a whole address: by its province */
            struct ck_place pl;
            ck_place_split(p, &pl);
            r = pl.province >= 0 ? ck_region_of_province(ck_place_province_name(pl.province, 1))
                                 : NULL;
        }
        const char *want0 = !r ? "" : strcmp(r, "华东") == 0 ? "东" : strcmp(r, "华南") == 0 ? "南" : "他";
        const char *t = *c ? ck_city_tier(c) : NULL;
        if (*c && !t) {
            struct ck_place pl;
            ck_place_split(c, &pl);
            t = pl.city >= 0 ? ck_city_tier(ck_place_city_name(pl.city, 1)) : NULL;
        }
        const char *rc = *c ? ck_region_of_province(c) : NULL;
        if (*c && !rc) {
            struct ck_place pl;
            ck_place_split(c, &pl);
            rc = pl.province >= 0 ? ck_region_of_province(ck_place_province_name(pl.province, 1))
                                  : NULL;
        }
        const char *want1 = t && strcmp(t, "一线") == 0 ? "一" : t && strcmp(t, "新一线") == 0 ? "新"
                            : rc ? "城" : "";
        if (strcmp(val[0], want0) != 0 || strcmp(val[1], want1) != 0)
            fail_msg("row %d (%s, %s): '%s' '%s', want '%s' '%s'", i, p, c, val[0], val[1], want0,
                     want1);
    }
    ck_rules_free(rs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_eval_many_rows),
        cmocka_unit_test(test_eval_places_across_rows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
