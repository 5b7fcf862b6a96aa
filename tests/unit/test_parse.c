/* test_rules.c — the tag rule language: every token, precedence, every load-time error with
 * its line:col, every operator and function on normal, empty and unparsable values, groups. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "custkit.h"
#include "rules/rules.h"

/* The test table: '|'-separated so that values may hold commas. */
#define HEADER                                                                                     \
    "客户编号|姓名|省份|城市|出生日期|最近购买日期|购买次数|消费金额|备注|会员等级|积分|到期日"
#define ROW "C1|张三|广东省|深圳市|1990-10-01|2026-09-20|12|50000|VIP 老客户|金卡|1200|2027-01-01"
enum {
    C_ID,
    C_NAME,
    C_PROV,
    C_CITY,
    C_BIRTH,
    C_LAST,
    C_ORDERS,
    C_AMOUNT,
    C_NOTES,
    C_LEVEL,
    C_POINTS,
    C_DUE
};

struct rowbuf {
    char store[1024];
    char *f[32];
    size_t len[32];
    struct ck_row row;
};

static void split(struct rowbuf *b, const char *text)
{
    snprintf(b->store, sizeof b->store, "%s", text);
    size_t n = 0;
    char *p = b->store;
    for (;;) {
        char *bar = strchr(p, '|');
        b->f[n] = p;
        if (bar)
            *bar = 0;
        b->len[n] = strlen(p);
        n++;
        if (!bar)
            break;
        p = bar + 1;
    }
    b->row = (struct ck_row){n, b->f, b->len, 2};
}

static struct rowbuf H;
static struct ck_roles roles;
static long asof;
static char errmsg[512];

/* ROW with column col replaced by val (col < 0: unchanged). */
static const char *row_with(int col, const char *val)
{
    static char out[1024];
    struct rowbuf b;
    split(&b, ROW);
    size_t o = 0;
    for (size_t i = 0; i < b.row.n; i++)
        o += (size_t)snprintf(out + o, sizeof out - o, "%s%s", i ? "|" : "",
                              (int)i == col ? val : b.f[i]);
    return out;
}

static int load_lang(struct ck_rules **rs, const char *text, int lang)
{
    struct ck_error e = {0};
    struct ck_rules_ctx ctx = {&H.row, &roles, asof, lang};
    assert_int_equal(ck_rules_new(rs, &ctx, &e), CK_OK);
    int rc = ck_rules_parse(*rs, "t.rules", text, strlen(text), &e);
    snprintf(errmsg, sizeof errmsg, "%s", rc ? e.msg : "");
    return rc;
}

static int load(struct ck_rules **rs, const char *text)
{
    return load_lang(rs, text, CK_LANG_ZH);
}

/* Value of group g on a row. */
static const char *value(struct ck_rules *rs, size_t g, const char *rowtext)
{
    static char out[256];
    struct rowbuf b;
    const char *val[8];
    size_t vlen[8];
    struct ck_error e;
    split(&b, rowtext);
    assert_int_equal(ck_rules_eval(rs, &b.row, val, vlen, &e), CK_OK);
    assert_int_equal(strlen(val[g]), vlen[g]);
    snprintf(out, sizeof out, "%s", val[g]);
    return out;
}

/* 1 when the condition holds on the row, 0 when not, -1 (message in errmsg) on load error. */
static int cond_on(const char *expr, const char *rowtext)
{
    char text[1024];
    struct ck_rules *rs;
    snprintf(text, sizeof text, "[g]\nt = %s\n", expr);
    if (load(&rs, text) != CK_OK) {
        ck_rules_free(rs);
        return -1;
    }
    int r = strcmp(value(rs, 0, rowtext), "t") == 0;
    ck_rules_free(rs);
    return r;
}

static int cond(const char *expr)
{
    return cond_on(expr, ROW);
}

/* The load error of a rules text. */
static const char *error_of(const char *text)
{
    struct ck_rules *rs;
    int rc = load(&rs, text);
    ck_rules_free(rs);
    assert_int_equal(rc, CK_EUSAGE);
    return errmsg;
}

static int setup(void **state)
{
    (void)state;
    struct ck_error e;
    split(&H, HEADER);
    assert_int_equal(ck_roles_resolve(&roles, &H.row, CK_TABLE_CUSTOMERS, NULL, 0, &e), CK_OK);
    asof = ck_days_from_civil(2026, 9, 30);
    return 0;
}

/* ---------- tokens ---------- */

static void test_numbers(void **state)
{
    (void)state;
    assert_int_equal(cond("12 == 12"), 1);
    assert_int_equal(cond("1.5 > 1.25"), 1);
    assert_int_equal(cond("1e3 == 1000"), 1);
    assert_int_equal(cond("2.5E-1 == 0.25"), 1);
    assert_int_equal(cond("5万 == 50000"), 1);
    assert_int_equal(cond("1.2亿 == 120000000"), 1);
    assert_int_equal(cond("-3 < 0"), 1);
    assert_int_equal(cond("- 3 < -2"), 1);
    assert_int_equal(cond("12 != 12"), 0);
    assert_int_equal(cond("12abc == 1"), -1);
    assert_string_equal(errmsg, "t.rules:2:7: unexpected character after number (put names with "
                                "leading digits in `backquotes`)");
    assert_int_equal(cond("1. == 1"), -1);
    assert_string_equal(errmsg, "t.rules:2:6: expected digits after '.'");
}

static void test_strings(void **state)
{
    (void)state;
    assert_int_equal(cond("\"a\\\"b\" == \"a\\\"b\""), 1);
    assert_int_equal(cond("\"\\u4e2d\" == \"中\""), 1);
    assert_int_equal(cond("\"a\\tb\" contains \"\\t\""), 1);
    assert_int_equal(cond("\"a\\nb\" contains \"\\n\""), 1);
    assert_int_equal(cond("\"a\\\\b\" endswith \"\\\\b\""), 1);
    assert_int_equal(cond("\"#\" == \"#\" # a comment after the rule"), 1);
    assert_int_equal(cond("备注 contains \"VIP"), -1);
    assert_string_equal(errmsg, "t.rules:2:17: unterminated string (missing closing \")");
    assert_int_equal(cond("\"a\\qb\" == \"x\""), -1);
    assert_string_equal(errmsg, "t.rules:2:7: unknown escape '\\q' in string (use \\\" \\\\ \\n "
                                "\\t \\r \\uXXXX)");
    assert_int_equal(cond("\"\\u12\" == \"x\""), -1);
    assert_string_equal(errmsg, "t.rules:2:6: \\u needs four hex digits");
    assert_int_equal(cond("备注 contains “VIP”"), -1);
    assert_string_equal(errmsg, "t.rules:2:17: full-width '“': write the ASCII '\"'");
}

static void test_dates_literals(void **state)
{
    (void)state;
    assert_int_equal(cond("最近购买日期 == 2026-09-20"), 1);
    assert_int_equal(cond("最近购买日期 == 2026-9-20"), 1);
    assert_int_equal(cond("最近购买日期 > 2026-09-01 and 最近购买日期 < 2026-10-01"), 1);
    assert_int_equal(cond("最近购买日期 > 2024-02-30"), -1);
    assert_string_equal(errmsg, "t.rules:2:14: invalid date 2024-02-30");
    assert_int_equal(cond("最近购买日期 > 2024-123-1"), -1);
    assert_string_equal(errmsg, "t.rules:2:14: bad date literal: write dates as YYYY-MM-DD");
}

static void test_names(void **state)
{
    (void)state;
    assert_int_equal(cond("会员等级 == \"金卡\""), 1);   /* bare Chinese header */
    assert_int_equal(cond("`会员等级` == \"金卡\""), 1); /* backquoted header */
    assert_int_equal(cond("amount == 50000"), 1);        /* role name */
    assert_int_equal(cond("AMOUNT == 50000"), 1);        /* role names ignore case */
    assert_int_equal(cond("`amount` == 50000"), 1);      /* backquoted role */
    assert_int_equal(cond("last_purchase == 2026-09-20"), 1);
    assert_int_equal(cond("notes startswith \"VIP\""), 1);
    assert_int_equal(cond("`会员等级"), -1);
    assert_string_equal(errmsg, "t.rules:2:5: unterminated `name` (missing closing `)");
    assert_int_equal(cond("`` == 1"), -1);
    assert_string_equal(errmsg, "t.rules:2:5: empty `name`");
}

static void test_operators_and_keywords(void **state)
{
    (void)state;
    assert_int_equal(cond("1 < 2 and 2 <= 2 and 3 > 2 and 3 >= 3 and 1 != 2 and 1 == 1"), 1);
    assert_int_equal(cond("true AND false"), 0);
    assert_int_equal(cond("false OR true"), 1);
    assert_int_equal(cond("NOT false"), 1);
    assert_int_equal(cond("true"), 1);
    assert_int_equal(cond("false"), 0);
    assert_int_equal(cond("购买次数 = 1"), -1);
    assert_string_equal(errmsg, "t.rules:2:10: expected '==' to compare ('=' only separates a tag "
                                "from its condition)");
    assert_int_equal(cond("true && false"), -1);
    assert_string_equal(errmsg, "t.rules:2:10: unexpected '&' (write 'and')");
    assert_int_equal(cond("true || false"), -1);
    assert_string_equal(errmsg, "t.rules:2:10: unexpected '|' (write 'or')");
    assert_int_equal(cond("!true"), -1);
    assert_string_equal(errmsg, "t.rules:2:5: unexpected '!' (write 'not' or '!=')");
    assert_int_equal(cond("len（姓名） > 1"), -1);
    assert_string_equal(errmsg, "t.rules:2:8: full-width '（': write the ASCII '('");
    assert_int_equal(cond("true ; false"), -1);
    assert_string_equal(errmsg, "t.rules:2:10: unexpected ';'");
}

/* ---------- precedence: not > comparison > and > or ---------- */

static void test_precedence(void **state)
{
    (void)state;
    assert_int_equal(cond("true or false and false"), 1);
    assert_int_equal(cond("(true or false) and false"), 0);
    assert_int_equal(cond("false and false or true"), 1);
    assert_int_equal(cond("false and (false or true)"), 0);
    assert_int_equal(cond("not false and false"), 0);
    assert_int_equal(cond("not (false and false)"), 1);
    assert_int_equal(cond("not not true"), 1);
    assert_int_equal(cond("false or not false"), 1);
    assert_int_equal(cond("购买次数 > 1 and 购买次数 < 100 or false"), 1);
    assert_int_equal(cond("not (购买次数 > 100)"), 1);
    /* not binds tighter than a comparison, so it cannot take a column */
    assert_int_equal(cond("not 备注 contains \"VIP\""), -1);
    assert_string_equal(errmsg, "t.rules:2:5: 'not' binds tighter than comparisons and needs a "
                                "condition, not a column (备注): write not (…) around the whole "
                                "comparison");
    assert_int_equal(cond("1 < 购买次数 < 5"), -1);
    assert_string_equal(errmsg, "t.rules:2:14: comparisons cannot be chained: join them with "
                                "'and'");
}

/* ---------- evaluation: operators on normal, empty and unparsable values ---------- */

static void test_compare_numbers(void **state)
{
    (void)state;
    assert_int_equal(cond("购买次数 >= 12"), 1);
    assert_int_equal(cond_on("购买次数 >= 12", row_with(C_ORDERS, "")), 0);
    assert_int_equal(cond_on("购买次数 < 12", row_with(C_ORDERS, "")), 0);
    assert_int_equal(cond_on("购买次数 != 3", row_with(C_ORDERS, "")), 0);
    assert_int_equal(cond_on("购买次数 >= 0", row_with(C_ORDERS, "很多")), 0);
    assert_int_equal(cond_on("购买次数 < 100", row_with(C_ORDERS, "很多")), 0);
    assert_int_equal(cond_on("购买次数 == 12", row_with(C_ORDERS, " 12 ")), 1);
    /* amounts as people type them */
    assert_int_equal(cond_on("消费金额 >= 5万", row_with(C_AMOUNT, "¥50,000")), 1);
    assert_int_equal(cond_on("消费金额 == 12000", row_with(C_AMOUNT, "1.2万")), 1);
    assert_int_equal(cond_on("消费金额 < 0", row_with(C_AMOUNT, "-100")), 1);
    /* a column without a role takes the type of what it is compared with */
    assert_int_equal(cond("积分 > 1000"), 1);
    assert_int_equal(cond_on("积分 > 1000", row_with(C_POINTS, "abc")), 0);
    assert_int_equal(cond("积分 > 消费金额"), 0);
    assert_int_equal(cond("消费金额 > 积分"), 1);
}

static void test_compare_dates_strings(void **state)
{
    (void)state;
    assert_int_equal(cond("最近购买日期 > 2026-09-01"), 1);
    assert_int_equal(cond_on("最近购买日期 > 2026-09-01", row_with(C_LAST, "2026/9/20")), 1);
    assert_int_equal(cond_on("最近购买日期 > 2026-09-01", row_with(C_LAST, "2026年9月20日")), 1);
    assert_int_equal(cond_on("最近购买日期 > 2026-09-01", row_with(C_LAST, "")), 0);
    assert_int_equal(cond_on("最近购买日期 <= 2026-09-01", row_with(C_LAST, "去年")), 0);
    assert_int_equal(cond("到期日 < 2027-06-01"), 1);
    assert_int_equal(cond("出生日期 < 最近购买日期"), 1);
    assert_int_equal(cond("会员等级 == \"金卡\""), 1);
    assert_int_equal(cond_on("会员等级 != \"金卡\"", row_with(C_LEVEL, "银卡")), 1);
    assert_int_equal(cond_on("会员等级 != \"金卡\"", row_with(C_LEVEL, "")), 0);
    assert_int_equal(cond("姓名 < \"李\""), 1); /* code point order */
    assert_int_equal(cond("姓名 > \"李\""), 0);
}

static void test_text_operators(void **state)
{
    (void)state;
    assert_int_equal(cond("备注 contains \"VIP\""), 1);
    assert_int_equal(cond("备注 contains \"SVIP\""), 0);
    assert_int_equal(cond_on("备注 contains \"VIP\"", row_with(C_NOTES, "")), 0);
    assert_int_equal(cond("备注 startswith \"VIP\""), 1);
    assert_int_equal(cond("备注 startswith \"老\""), 0);
    assert_int_equal(cond("备注 endswith \"客户\""), 1);
    assert_int_equal(cond("备注 endswith \"VIP\""), 0);
    assert_int_equal(cond_on("备注 endswith \"x\"", row_with(C_NOTES, "")), 0);
    assert_int_equal(cond("备注 contains 会员等级"), 0);
    assert_int_equal(cond_on("备注 contains 会员等级", row_with(C_NOTES, "金卡会员")), 1);
    assert_int_equal(cond("消费金额 startswith \"5\""), 1); /* text of a number column */
    assert_int_equal(cond("备注 matches \"^VIP[[:space:]]\""), 1);
    assert_int_equal(cond("备注 matches \"^老\""), 0);
    assert_int_equal(cond("姓名 matches \"^(张|李)\""), 1);
    assert_int_equal(cond_on("备注 matches \".*\"", row_with(C_NOTES, "")), 0);
}

static void test_in_and_empty(void **state)
{
    (void)state;
    assert_int_equal(cond("会员等级 in (\"金卡\", \"铂金卡\")"), 1);
    assert_int_equal(cond("会员等级 in (\"银卡\")"), 0);
    assert_int_equal(cond("会员等级 not in (\"金卡\")"), 0);
    assert_int_equal(cond("会员等级 not in (\"银卡\")"), 1);
    assert_int_equal(cond_on("会员等级 in (\"金卡\")", row_with(C_LEVEL, "")), 0);
    assert_int_equal(cond_on("会员等级 not in (\"金卡\")", row_with(C_LEVEL, "")), 0);
    assert_int_equal(cond("购买次数 in (1, 12, -3)"), 1);
    assert_int_equal(cond("最近购买日期 in (2026-09-20)"), 1);
    assert_int_equal(cond("备注 is empty"), 0);
    assert_int_equal(cond("备注 is not empty"), 1);
    assert_int_equal(cond_on("备注 is empty", row_with(C_NOTES, "")), 1);
    assert_int_equal(cond_on("备注 is empty", row_with(C_NOTES, "   ")), 1);
    assert_int_equal(cond_on("备注 is not empty", row_with(C_NOTES, "")), 0);
    assert_int_equal(cond_on("购买次数 is empty", row_with(C_ORDERS, "abc")), 0);
    assert_int_equal(cond("region(省份) is not empty"), 1);
    assert_int_equal(cond_on("region(省份) is empty", row_with(C_PROV, "火星")), 1);
    assert_int_equal(cond_on("number(会员等级) is empty", ROW), 1);
    assert_int_equal(cond("会员等级 in (\"金卡\", 1)"), -1);
    assert_string_equal(errmsg, "t.rules:2:20: the values in a list must all be of one type");
    assert_int_equal(cond("会员等级 in \"金卡\""), -1);
    assert_string_equal(errmsg, "t.rules:2:13: expected '(' after 'in', found a string");
    assert_int_equal(cond("会员等级 in (金卡)"), -1);
    assert_string_equal(errmsg, "t.rules:2:14: expected a number, \"string\" or date in the "
                                "list, found a name");
    assert_int_equal(cond("消费金额 in (\"1\")"), -1);
    assert_int_equal(cond("备注 is full"), -1);
    assert_string_equal(errmsg, "t.rules:2:11: expected 'empty' or 'not empty' after 'is', found "
                                "a name");
    assert_int_equal(cond("会员等级 not contains \"x\""), -1);
    assert_string_equal(errmsg, "t.rules:2:10: expected 'in' after 'not' here (to negate a "
                                "condition, write not (…) before it)");
}

/* ---------- functions on normal, empty and unparsable values ---------- */

static void test_functions(void **state)
{
    (void)state;
    assert_int_equal(cond("days_since(最近购买日期) == 10"), 1);
    assert_int_equal(cond("days_since(2026-01-01) == 272"), 1);
    assert_int_equal(cond_on("days_since(最近购买日期) >= 0", row_with(C_LAST, "")), 0);
    assert_int_equal(cond_on("days_since(最近购买日期) >= 0", row_with(C_LAST, "昨天")), 0);
    assert_int_equal(cond_on("days_since(最近购买日期) is empty", row_with(C_LAST, "")), 1);
    assert_int_equal(cond("year(出生日期) == 1990 and month(出生日期) == 10"), 1);
    assert_int_equal(cond_on("year(出生日期) > 0", row_with(C_BIRTH, "")), 0);
    assert_int_equal(cond_on("month(出生日期) > 0", row_with(C_BIRTH, "13月")), 0);
    assert_int_equal(cond("age(出生日期) == 35"), 1); /* birthday tomorrow */
    assert_int_equal(cond_on("age(出生日期) == 36", row_with(C_BIRTH, "1990-09-30")), 1);
    assert_int_equal(cond_on("age(出生日期) >= 0", row_with(C_BIRTH, "2027-01-01")), 0);
    assert_int_equal(cond_on("age(出生日期) >= 0", row_with(C_BIRTH, "")), 0);
    assert_int_equal(cond("len(姓名) == 2"), 1); /* characters, not bytes */
    assert_int_equal(cond("len(备注) == 7"), 1);
    assert_int_equal(cond_on("len(姓名) >= 0", row_with(C_NAME, "")), 0);
    assert_int_equal(cond("region(省份) == \"华南\""), 1);
    assert_int_equal(cond_on("region(省份) == \"华东\"", row_with(C_PROV, "上海市")), 1);
    assert_int_equal(cond_on("region(省份) != \"华南\"", row_with(C_PROV, "火星")), 0);
    assert_int_equal(cond_on("region(省份) != \"华南\"", row_with(C_PROV, "")), 0);
    /* a whole address: the province split from it */
    assert_int_equal(cond_on("region(省份) == \"华南\"", row_with(C_PROV, "广东省深圳市")), 1);
    assert_int_equal(
        cond_on("region(省份) == \"华北\"", row_with(C_PROV, "518000 北京市朝阳区建国路1号")), 1);
    assert_int_equal(cond_on("region(省份) == \"华东\"", row_with(C_PROV, "浙江义乌稠州北路")), 1);
    assert_int_equal(cond_on("region(省份) is empty", row_with(C_PROV, "朝阳区建国路")), 1);
    assert_int_equal(cond("city_tier(城市) == \"一线\""), 1);
    assert_int_equal(cond_on("city_tier(城市) == \"新一线\"", row_with(C_CITY, "成都")), 1);
    assert_int_equal(cond_on("city_tier(城市) is empty", row_with(C_CITY, "不存在市")), 1);
    assert_int_equal(
        cond_on("city_tier(城市) == \"一线\"", row_with(C_CITY, "广东省深圳市南山区科技园路1号")), 1);
    /* 义乌 is a county-level city of 金华 (二线) */
    assert_int_equal(
        cond_on("city_tier(城市) == \"二线\"", row_with(C_CITY, "中国浙江省义乌市稠州北路")), 1);
    assert_int_equal(cond_on("city_tier(城市) is empty", row_with(C_CITY, "朝阳区建国路")), 1);
    assert_int_equal(cond("lower(备注) contains \"vip\""), 1);
    assert_int_equal(cond("lower(备注) contains \"VIP\""), 0);
    assert_int_equal(cond_on("lower(备注) is empty", row_with(C_NOTES, "")), 1);
    assert_int_equal(cond("number(积分) == 1200"), 1);
    assert_int_equal(cond_on("number(积分) == 1200", row_with(C_POINTS, "1,200")), 1);
    assert_int_equal(cond("number(会员等级) > 0"), 0);
    assert_int_equal(cond("len(lower(姓名)) == 2"), 1); /* nested */
}

/* ---------- load-time errors, each with line:col ---------- */

static void test_errors_names(void **state)
{
    (void)state;
    assert_string_equal(error_of("[g]\nt = dayz_since(最近购买日期) > 1\n"),
                        "t.rules:2:5: unknown function 'dayz_since' (did you mean 'days_since'?)");
    assert_string_equal(error_of("[g]\nt = foo(备注) > 1\n"),
                        "t.rules:2:5: unknown function 'foo' (functions: days_since, year, "
                        "month, age, len, region, city_tier, lower, number)");
    const char *m = error_of("[g]\nt = amout > 1\n");
    assert_string_equal(m, "t.rules:2:5: unknown column 'amout' (did you mean 'amount'?); "
                           "columns: 客户编号, 姓名, 省份, 城市, 出生日期, 最近购买日期, "
                           "购买次数, 消费金额, 备注, 会员等级, 积分, 到期日");
    m = error_of("[g]\nt = 会员等极 == \"金卡\"\n");
    assert_non_null(strstr(m, "t.rules:2:5: unknown column '会员等极' (did you mean '会员等级'?)"));
    m = error_of("[g]\nt = email contains \"@\"\n");
    assert_non_null(strstr(m, "t.rules:2:5: the table has no email column; map one with --col "
                              "email=HEADER; columns: 客户编号"));
    assert_string_equal(error_of("[g]\nt = days_since > 1\n"),
                        "t.rules:2:5: 'days_since' is a function: write days_since(…)");
}

static void test_errors_arity_types(void **state)
{
    (void)state;
    assert_string_equal(error_of("[g]\nt = len(姓名, 备注) > 1\n"),
                        "t.rules:2:5: len takes 1 argument, got 2");
    assert_string_equal(error_of("[g]\nt = len() > 1\n"),
                        "t.rules:2:5: len takes 1 argument, got 0");
    assert_string_equal(error_of("[g]\nt = len(姓名 > 1\n"),
                        "t.rules:2:15: expected ',' or ')' in the arguments of len, found end of "
                        "line");
    assert_string_equal(error_of("[g]\nt = 消费金额 == \"abc\"\n"),
                        "t.rules:2:10: cannot compare a number (消费金额) with a string "
                        "(\"abc\"): write the value without quotes");
    assert_string_equal(error_of("[g]\nt = 最近购买日期 > 5\n"),
                        "t.rules:2:12: cannot compare a date (最近购买日期) with a number (5)");
    assert_string_equal(error_of("[g]\nt = len(备注) == \"3\"\n"),
                        "t.rules:2:13: cannot compare a number (len(备注)) with a string "
                        "(\"3\"): write the value without quotes");
    assert_string_equal(error_of("[g]\nt = days_since(购买次数) > 1\n"),
                        "t.rules:2:16: days_since needs a date, not a number: 购买次数");
    assert_string_equal(error_of("[g]\nt = year(len(姓名)) > 1\n"),
                        "t.rules:2:10: year needs a date, not a number: len(姓名)");
    assert_string_equal(error_of("[g]\nt = 购买次数\n"),
                        "t.rules:2:5: 购买次数 is a number, not a condition after '=' (compare "
                        "it, or test it with 'is not empty')");
    assert_string_equal(error_of("[g]\nt = 购买次数 and true\n"),
                        "t.rules:2:5: 购买次数 is a number, not a condition before 'and' (compare "
                        "it, or test it with 'is not empty')");
    assert_string_equal(error_of("[g]\nt = (1 > 0) == true\n"),
                        "t.rules:2:13: cannot use '==' on a condition: combine conditions with "
                        "and, or, not");
    assert_string_equal(error_of("[g]\nt = 会员等级 == \"\"\n"),
                        "t.rules:2:10: comparisons with \"\" are always false: write 'is empty' "
                        "or 'is not empty'");
    assert_string_equal(error_of("[g]\nt = len(姓名) contains \"1\"\n"),
                        "t.rules:2:5: 'contains' needs text, not a number: len(姓名)");
    assert_string_equal(error_of("[g]\nt = 备注 matches \"[a\"\n"),
                        "t.rules:2:16: bad regular expression \"[a\": Unmatched [, [^, [:, [., "
                        "or [=");
    /* repeats that regcomp would expand into gigabytes are refused before it runs */
    assert_string_equal(error_of("[g]\nt = 备注 matches \"投诉++++++++++++++++++++++++++++++\"\n"),
                        "t.rules:2:16: regular expression \"投诉++++++++++++++++++++++++++++++\" "
                        "is too large once its repeats are expanded (over 10000 elements, "
                        "adjacent repeats, or groups nested over 32 deep)");
    /* adjacent repeats, even few, are refused: glibc took over 13 s on the fuzzer's one */
    assert_non_null(strstr(error_of("[g]\nt = 备注 matches \"a+*\"\n"),
                           "too large once its repeats are expanded"));
    assert_non_null(strstr(error_of("[g]\nt = 备注 matches \"(ab){2}{3}\"\n"),
                           "too large once its repeats are expanded"));
    assert_non_null(strstr(error_of("[g]\nt = 备注 matches \"((a{99}){99}){99}\"\n"),
                           "too large once its repeats are expanded"));
    assert_non_null(strstr(error_of("[g]\nt = 备注 matches \"a{2,}{2,}{99}{99}\"\n"),
                           "too large once its repeats are expanded"));
    /* ordinary patterns, bracket expressions and classes still compile */
    assert_string_equal(error_of("[g]\nt = 备注 matches \"^1[3-9][0-9]{9}$|(ab|[[:alpha:]]){1,50}\"\n"
                                 "u = 备注 matches 会员等级\n"),
                        "t.rules:3:16: expected a \"regular expression\" after 'matches', found "
                        "a name");
    assert_string_equal(error_of("[g]\nt = 备注 matches 会员等级\n"),
                        "t.rules:2:16: expected a \"regular expression\" after 'matches', found "
                        "a name");
}

static void test_errors_syntax(void **state)
{
    (void)state;
    struct ck_rules *rs;
    assert_string_equal(error_of("[g]\nt = 购买次数 >\n"),
                        "t.rules:2:11: expected a value (a column, number, \"string\", date or "
                        "function), found end of line");
    assert_string_equal(error_of("[g]\nt = (true\n"),
                        "t.rules:2:10: expected ')' to close the '(' at column 5, found end of "
                        "line");
    assert_string_equal(error_of("[g]\nt = 购买次数 > 1 1\n"),
                        "t.rules:2:14: expected 'and', 'or' or end of line, found a number");
    assert_string_equal(error_of("[g]\nt =\n"), "t.rules:2:4: expected a condition after '='");
    assert_string_equal(error_of("[g]\nt true\n"),
                        "t.rules:2:7: expected '=' after the tag name (rules are 'TAG = "
                        "condition')");
    assert_string_equal(error_of("[g]\n购买次数 >= 12\n"),
                        "t.rules:2:6: expected 'TAG = condition': a tag name cannot contain '>'");
    assert_string_equal(error_of("[g]\n = true\n"), "t.rules:2:2: missing tag name before '='");
    assert_string_equal(error_of("[g]\na;b = true\n"),
                        "t.rules:2:1: a tag name cannot contain ';' (it separates the tags of a "
                        "[group]*)");
    assert_string_equal(error_of("t = true\n"),
                        "t.rules:1:1: rule outside a group: start the file with a [group] line");
    assert_string_equal(error_of("# only comments\n"), "t.rules: no [group] in the rules");
    assert_string_equal(error_of("[g\nt = true\n"),
                        "t.rules:1:1: expected ']' to close the group name");
    assert_string_equal(error_of("[ ]\nt = true\n"), "t.rules:1:1: empty group name: write [name]");
    assert_int_equal(load(&rs, "[g] *  # spaced\nt = true\nu = true\n"), CK_OK);
    assert_int_equal(ck_rules_group_multi(rs, 0), 1);
    assert_string_equal(value(rs, 0, ROW), "t;u");
    ck_rules_free(rs);
    assert_string_equal(error_of("[g] x\nt = true\n"),
                        "t.rules:1:5: expected end of line after ']', found 'x'");
    assert_string_equal(error_of("[g]\nt = true\n\xff\n"),
                        "t.rules:3:1: invalid UTF-8 (save the rules file as UTF-8)");
    assert_string_equal(error_of("[g]\nt = 购买次数 > -x\n"),
                        "t.rules:2:13: expected a number after '-'");
    assert_string_equal(
        error_of("[g]\nt = 1234567890123456789012345678901234567890123456789012345678901"
                 "234567890 > 1\n"),
        "t.rules:2:5: number too long");
    assert_string_equal(error_of("[g]\nt = 2024-01-01x > 1\n"),
                        "t.rules:2:15: unexpected character after date (put names with leading "
                        "digits in `backquotes`)");
    assert_string_equal(error_of("[g]\nt = \"\\u0000\" == \"x\"\n"),
                        "t.rules:2:6: \\u0000 is not a character");
    assert_string_equal(error_of("[g]\nt = (1 > 0) is empty\n"),
                        "t.rules:2:5: 'is empty' needs a value, not a condition: (1 > 0)");
    assert_string_equal(error_of("[g]\nt = 购买次数 in (1 2)\n"),
                        "t.rules:2:16: expected ',' or ')' in the list, found a number");
    assert_string_equal(error_of("[g]\n\"tag\" true\n"),
                        "t.rules:2:7: expected '=' after the tag name");
    assert_string_equal(error_of("[a\"b]\nt = true\n"),
                        "t.rules:1:3: unexpected '\"' in a group name");
}

static void test_errors_groups(void **state)
{
    (void)state;
    assert_string_equal(error_of("[g]\nt = true\nt = false\n"),
                        "t.rules:3:1: duplicate tag 't' in [g] (first at line 2)");
    assert_string_equal(error_of("[g]\n[h]\nt = true\n"),
                        "t.rules:1:1: empty group [g]: add at least one 'TAG = condition' line");
    assert_string_equal(error_of("[g]\nt = true\n[h]*\n# nothing\n"),
                        "t.rules:3:1: empty group [h]: add at least one 'TAG = condition' line");
    assert_string_equal(error_of("[g]\nt = true\n\n[g]\nu = true\n"),
                        "t.rules:4:1: duplicate group [g] (first at t.rules:1)");
}

static void test_depth_limit(void **state)
{
    (void)state;
    char text[8192];
    size_t o = (size_t)snprintf(text, sizeof text, "[g]\nt = ");
    for (int i = 0; i < CK_RULES_MAX_DEPTH; i++)
        text[o++] = '(';
    o += (size_t)snprintf(text + o, sizeof text - o, "true");
    for (int i = 0; i < CK_RULES_MAX_DEPTH; i++)
        text[o++] = ')';
    text[o++] = '\n';
    text[o] = 0;
    struct ck_rules *rs;
    assert_int_equal(load(&rs, text), CK_OK); /* exactly at the limit */
    ck_rules_free(rs);
    memmove(text + 9, text + 8, strlen(text + 8) + 1);
    text[8] = '(';
    char *close = strchr(text, ')');
    memmove(close + 1, close, strlen(close) + 1);
    assert_string_equal(error_of(text),
                        "t.rules:2:205: expression nested too deeply (more than 200 levels)");
    /* long and/or chains are flat, not nested */
    o = (size_t)snprintf(text, sizeof text, "[g]\nt = true");
    for (int i = 0; i < 500; i++)
        o += (size_t)snprintf(text + o, sizeof text - o, " and true");
    snprintf(text + o, sizeof text - o, "\n");
    assert_int_equal(load(&rs, text), CK_OK);
    assert_string_equal(value(rs, 0, ROW), "t");
    ck_rules_free(rs);
}

/* ---------- groups: first match and every match ---------- */

static void test_groups(void **state)
{
    (void)state;
    struct ck_rules *rs;
    assert_int_equal(load(&rs, "# purchase behaviour\n"
                               "[频次]\n"
                               "高频 = 购买次数 >= 10   # first match wins\n"
                               "中频 = 购买次数 >= 5\n"
                               "其他 = true\n"
                               "\n"
                               "[标签]*\n"
                               "高频 = 购买次数 >= 10\n"
                               "中频 = 购买次数 >= 5\n"
                               "从不 = false\n"
                               "\"带 = 的标签\" = 会员等级 == \"金卡\"\n"),
                     CK_OK);
    assert_int_equal(ck_rules_group_count(rs), 2);
    assert_string_equal(ck_rules_group_name(rs, 0), "频次");
    assert_string_equal(ck_rules_group_name(rs, 1), "标签");
    assert_int_equal(ck_rules_group_multi(rs, 0), 0);
    assert_int_equal(ck_rules_group_multi(rs, 1), 1);
    assert_int_equal(ck_rules_tag_count(rs, 1), 4);
    assert_string_equal(ck_rules_tag_name(rs, 1, 3), "带 = 的标签");
    assert_string_equal(value(rs, 0, ROW), "高频");
    assert_string_equal(value(rs, 1, ROW), "高频;中频;带 = 的标签");
    assert_string_equal(value(rs, 0, row_with(C_ORDERS, "6")), "中频");
    assert_string_equal(value(rs, 1, row_with(C_ORDERS, "6")), "中频;带 = 的标签");
    const char *none = row_with(C_LEVEL, "银卡");
    static char copy[1024];
    snprintf(copy, sizeof copy, "%s", none);
    /* orders empty and not 金卡: first-match falls to 其他, multi has no tag */
    struct rowbuf b;
    split(&b, copy);
    b.f[C_ORDERS] = "";
    b.len[C_ORDERS] = 0;
    const char *val[2];
    size_t vlen[2];
    struct ck_error e;
    assert_int_equal(ck_rules_eval(rs, &b.row, val, vlen, &e), CK_OK);
    assert_string_equal(val[0], "其他");
    assert_string_equal(val[1], "");
    assert_int_equal(vlen[1], 0);
    /* hits: ROW was evaluated twice, the 6-orders row twice, then the empty one */
    assert_int_equal(ck_rules_tag_hits(rs, 0, 0), 2);
    assert_int_equal(ck_rules_tag_hits(rs, 0, 1), 2);
    assert_int_equal(ck_rules_tag_hits(rs, 0, 2), 1);
    assert_int_equal(ck_rules_tag_hits(rs, 0, 3), 0);
    assert_int_equal(ck_rules_tag_hits(rs, 1, 1), 4);
    assert_int_equal(ck_rules_tag_hits(rs, 1, 2), 0);
    assert_int_equal(ck_rules_tag_hits(rs, 1, 4), 1);
    ck_rules_free(rs);
}

/* Functions of the same column are computed once per row, and reset on the next row. */
static void test_row_cache(void **state)
{
    (void)state;
    struct ck_rules *rs;
    assert_int_equal(load(&rs, "[g]*\n"
                               "a = days_since(最近购买日期) > 5\n"
                               "b = days_since(最近购买日期) > 20\n"
                               "c = 积分 > 1000\n"
                               "d = 积分 contains \"1\"\n"),
                     CK_OK);
    assert_string_equal(value(rs, 0, ROW), "a;c;d");
    assert_string_equal(value(rs, 0, row_with(C_LAST, "2026-01-01")), "a;b;c;d");
    assert_string_equal(value(rs, 0, row_with(C_POINTS, "")), "a");
    assert_string_equal(value(rs, 0, row_with(C_POINTS, "900")), "a");
    ck_rules_free(rs);
}

/* ---------- built-in groups ---------- */

static void test_builtin(void **state)
{
    (void)state;
    struct ck_rules *rs;
    struct ck_error e;
    struct ck_rules_ctx ctx = {&H.row, &roles, asof, CK_LANG_ZH};
    assert_int_equal(ck_rules_new(&rs, &ctx, &e), CK_OK);
    assert_int_equal(ck_rules_add_builtin(rs, "region,city-tier,age-band", &e), CK_OK);
    assert_int_equal(ck_rules_group_count(rs), 3);
    assert_string_equal(ck_rules_group_name(rs, 0), "地区");
    assert_string_equal(ck_rules_group_name(rs, 1), "城市级别");
    assert_string_equal(ck_rules_group_name(rs, 2), "年龄段");
    assert_string_equal(value(rs, 0, ROW), "华南");
    assert_string_equal(value(rs, 1, ROW), "一线");
    assert_string_equal(value(rs, 2, ROW), "35-44");
    assert_string_equal(value(rs, 2, row_with(C_BIRTH, "2010-01-01")), "18岁以下");
    assert_string_equal(value(rs, 2, row_with(C_BIRTH, "2008-09-30")), "18-24");
    assert_string_equal(value(rs, 2, row_with(C_BIRTH, "1961-10-01")), "55-64");
    assert_string_equal(value(rs, 2, row_with(C_BIRTH, "1961-09-30")), "65岁以上");
    assert_string_equal(value(rs, 2, row_with(C_BIRTH, "")), "");
    assert_string_equal(value(rs, 0, row_with(C_PROV, "")), "");
    assert_string_equal(value(rs, 1, row_with(C_CITY, "成都市")), "新一线");
    assert_int_equal(ck_rules_add_builtin(rs, "region", &e), CK_EUSAGE);
    assert_string_equal(e.msg, "--builtin region:1:1: duplicate group [地区] (first at "
                               "--builtin region:1)");
    assert_int_equal(ck_rules_add_builtin(rs, "regoin", &e), CK_EUSAGE);
    assert_string_equal(e.msg, "--builtin: unknown group 'regoin' (groups: region, city-tier, "
                               "age-band)");
    ck_rules_free(rs);

    /* English table: English names; age from an age column when there is no birthdate */
    struct rowbuf h;
    split(&h, "name|province|age");
    struct ck_roles r2;
    assert_int_equal(ck_roles_resolve(&r2, &h.row, CK_TABLE_CUSTOMERS, NULL, 0, &e), CK_OK);
    struct ck_rules_ctx en = {&h.row, &r2, asof, CK_LANG_EN};
    assert_int_equal(ck_rules_new(&rs, &en, &e), CK_OK);
    assert_int_equal(ck_rules_add_builtin(rs, "age-band,region", &e), CK_OK);
    assert_string_equal(ck_rules_group_name(rs, 0), "age band");
    assert_string_equal(ck_rules_group_name(rs, 1), "region");
    assert_string_equal(value(rs, 0, "Li|Zhejiang|70"), "65 and over");
    assert_string_equal(value(rs, 1, "Li|Zhejiang|70"), "East China");
    assert_string_equal(value(rs, 0, "Li|Zhejiang|24"), "18-24");
    assert_string_equal(value(rs, 0, "Li|Zhejiang|"), "");
    assert_int_equal(ck_rules_add_builtin(rs, "city-tier", &e), CK_EUSAGE);
    assert_string_equal(e.msg, "--builtin city-tier needs a city column; map one with --col "
                               "city=HEADER");
    ck_rules_free(rs);
}

/* Rules from a file (BOM, CRLF); a file that cannot be read is a usage error. */
static void test_load_file(void **state)
{
    (void)state;
    char path[] = "/tmp/test_rules.XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs("\xEF\xBB\xBF[价值]\r\n高 = 消费金额 >= 5万\r\n低 = true\r\n", f);
    fclose(f);
    struct ck_rules *rs;
    struct ck_error e;
    struct ck_rules_ctx ctx = {&H.row, &roles, asof, CK_LANG_ZH};
    assert_int_equal(ck_rules_new(&rs, &ctx, &e), CK_OK);
    assert_int_equal(ck_rules_load_file(rs, path, &e), CK_OK);
    assert_string_equal(value(rs, 0, ROW), "高");
    assert_string_equal(value(rs, 0, row_with(C_AMOUNT, "49999")), "低");
    ck_rules_free(rs);
    remove(path);
    assert_int_equal(ck_rules_new(&rs, &ctx, &e), CK_OK);
    assert_int_equal(ck_rules_load_file(rs, path, &e), CK_EUSAGE);
    ck_rules_free(rs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_strings),
        cmocka_unit_test(test_dates_literals),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_operators_and_keywords),
        cmocka_unit_test(test_precedence),
        cmocka_unit_test(test_compare_numbers),
        cmocka_unit_test(test_compare_dates_strings),
        cmocka_unit_test(test_text_operators),
        cmocka_unit_test(test_in_and_empty),
        cmocka_unit_test(test_functions),
        cmocka_unit_test(test_errors_names),
        cmocka_unit_test(test_errors_arity_types),
        cmocka_unit_test(test_errors_syntax),
        cmocka_unit_test(test_errors_groups),
        cmocka_unit_test(test_depth_limit),
        cmocka_unit_test(test_groups),
        cmocka_unit_test(test_row_cache),
        cmocka_unit_test(test_builtin),
        cmocka_unit_test(test_load_file),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
