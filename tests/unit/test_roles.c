/* test_roles.c — unit tests of lib/clean/roles.c: resolving column roles from Chinese, English and
 * full-width headers, --col overrides, a shop export's candidate columns, the table's language and
 * header folding. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "custkit.h"

static struct ck_row make_row(const char **f, size_t n)
{
    static size_t lens[64];
    for (size_t i = 0; i < n; i++)
        lens[i] = strlen(f[i]);
    struct ck_row r = {n, (char **)f, lens, 1};
    return r;
}

static void test_roles_synonyms(void **state)
{
    (void)state;
    const char *h[] = {"客户编号", "Customer Name", "手机号码", "E-Mail", "ＣＩＴＹ", " 省份 ",
                       "last order date", "累计消费", "备注", "whatever"};
    struct ck_row row = make_row(h, 10);
    struct ck_roles roles;
    struct ck_error e;
    assert_int_equal(ck_roles_resolve(&roles, &row, CK_TABLE_CUSTOMERS, NULL, 0, &e), CK_OK);
    assert_int_equal(roles.col[CK_ROLE_ID], 0);
    assert_int_equal(roles.col[CK_ROLE_NAME], 1);
    assert_int_equal(roles.col[CK_ROLE_PHONE], 2);
    assert_int_equal(roles.col[CK_ROLE_EMAIL], 3);
    assert_int_equal(roles.col[CK_ROLE_CITY], 4);
    assert_int_equal(roles.col[CK_ROLE_PROVINCE], 5);
    assert_int_equal(roles.col[CK_ROLE_LAST_PURCHASE], 6);
    assert_int_equal(roles.col[CK_ROLE_AMOUNT], 7);
    assert_int_equal(roles.col[CK_ROLE_NOTES], 8);
    assert_int_equal(roles.col[CK_ROLE_GENDER], -1);
    assert_int_equal(ck_table_lang(&row), CK_LANG_ZH);
}

static void test_roles_orders_and_override(void **state)
{
    (void)state;
    const char *h[] = {"订单号", "客户编号", "下单日期", "订单金额", "商品", "数量", "Mobile No"};
    struct ck_row row = make_row(h, 7);
    struct ck_roles roles;
    struct ck_error e;
    const char *over[] = {"phone=Mobile No"};
    assert_int_equal(ck_roles_resolve(&roles, &row, CK_TABLE_ORDERS, over, 1, &e), CK_OK);
    assert_int_equal(roles.col[CK_ROLE_ORDER_ID], 0);
    assert_int_equal(roles.col[CK_ROLE_ID], 1);
    assert_int_equal(roles.col[CK_ROLE_ORDER_DATE], 2);
    assert_int_equal(roles.col[CK_ROLE_AMOUNT], 3);
    assert_int_equal(roles.col[CK_ROLE_PRODUCT], 4);
    assert_int_equal(roles.col[CK_ROLE_QUANTITY], 5);
    assert_int_equal(roles.col[CK_ROLE_PHONE], 6);
    const char *bad[] = {"phone=Telefon"};
    assert_int_equal(ck_roles_resolve(&roles, &row, CK_TABLE_ORDERS, bad, 1, &e), CK_EUSAGE);
    assert_non_null(strstr(e.msg, "no column 'Telefon'"));
    assert_non_null(strstr(e.msg, "订单号"));
    const char *badrole[] = {"fone=数量"};
    assert_int_equal(ck_roles_resolve(&roles, &row, CK_TABLE_ORDERS, badrole, 1, &e), CK_EUSAGE);
    assert_non_null(strstr(e.msg, "unknown role 'fone'"));
    const char *en[] = {"name", "phone"};
    struct ck_row enrow = make_row(en, 2);
    assert_int_equal(ck_table_lang(&enrow), CK_LANG_EN);
}

/* The table's language comes from its own columns: columns custkit or the rules added do not
 * flip it, and the problems column clean wrote carries clean's language down the pipeline. */
static void test_table_lang(void **state)
{
    (void)state;
    static struct {
        const char *h[5];
        size_t n;
        int lang;
    } c[] = {
        /* an English table with the groups of Chinese rules and segment's Chinese columns */
        {{"id", "phone", "购买行为", "客户价值", "分层"}, 5, CK_LANG_EN},
        {{"name", "amount", "标签"}, 3, CK_LANG_EN},
        {{"客户编号", "手机", "segment"}, 3, CK_LANG_ZH},
        {{"id", "手机"}, 2, CK_LANG_ZH}, /* one customer column in Chinese is enough */
        /* the problems column clean wrote decides, whatever else is there */
        {{"客户编号", "姓名", "_problems"}, 3, CK_LANG_EN},
        {{"id", "name", "问题"}, 3, CK_LANG_ZH},
        /* and segment's pair of columns, when clean's is not there */
        {{"id", "name", "分层", "分层序号"}, 4, CK_LANG_ZH},
        {{"客户编号", "分层", "segment", "segment_rank"}, 4, CK_LANG_EN},
        {{"客户编号", "segment"}, 2, CK_LANG_ZH}, /* a column of the user's own */
        {{"id", "_problems", "分层", "分层序号"}, 4, CK_LANG_EN},
        {{"id", "_problems", "问题"}, 3, CK_LANG_EN}, /* both: the next rule decides */
        /* no column plays a role: any Chinese header, as before */
        {{"甲", "b"}, 2, CK_LANG_ZH},
        {{"a", "b"}, 2, CK_LANG_EN},
        {{NULL}, 0, CK_LANG_EN},
    };
    for (size_t i = 0; i < sizeof c / sizeof *c; i++) {
        struct ck_row row = make_row(c[i].h, c[i].n);
        if (ck_table_lang(&row) != c[i].lang)
            fail_msg("case %zu (%s, …): want %s", i, c[i].n ? c[i].h[0] : "",
                     c[i].lang == CK_LANG_ZH ? "zh" : "en");
    }
}

/* A shop's order export: the buyer's phone before a plain one before the receiver's, whatever
 * their order; the payment time before the creation time; every status column found. */
static void test_roles_shop_export(void **state)
{
    (void)state;
    const char *h[] = {"订单编号", "联系手机", "手机", "用户购买手机号", "订单创建时间",
                       "订单付款时间", "买家实际支付金额", "订单状态", "售后状态", "退款金额",
                       "收货地址", "买家会员名"};
    struct ck_row row = make_row(h, 12);
    struct ck_roles roles;
    struct ck_error e;
    assert_int_equal(ck_roles_resolve(&roles, &row, CK_TABLE_ORDERS, NULL, 0, &e), CK_OK);
    assert_int_equal(roles.col[CK_ROLE_ORDER_ID], 0);
    assert_int_equal(roles.col[CK_ROLE_PHONE], 3);
    assert_int_equal(roles.col[CK_ROLE_ORDER_DATE], 5);
    assert_int_equal(roles.col[CK_ROLE_AMOUNT], 6);
    assert_int_equal(roles.col[CK_ROLE_STATUS], 7);
    assert_int_equal(roles.col[CK_ROLE_REFUND], 9);
    assert_int_equal(roles.col[CK_ROLE_ADDRESS], 10);
    assert_int_equal(roles.col[CK_ROLE_ID], 11);
    int cols[8];
    assert_int_equal(ck_roles_candidates(&row, CK_TABLE_ORDERS, CK_ROLE_PHONE, cols, 8), 3);
    assert_int_equal(cols[0], 3);
    assert_int_equal(cols[1], 2);
    assert_int_equal(cols[2], 1);
    assert_int_equal(ck_roles_candidates(&row, CK_TABLE_ORDERS, CK_ROLE_PHONE, cols, 1), 3);
    assert_int_equal(cols[0], 3);
    assert_int_equal(ck_roles_candidates(&row, CK_TABLE_ORDERS, CK_ROLE_STATUS, cols, 8), 2);
    assert_int_equal(cols[1], 8);
    /* a customer table does not read order headers */
    assert_int_equal(ck_roles_resolve(&roles, &row, CK_TABLE_CUSTOMERS, NULL, 0, &e), CK_OK);
    assert_int_equal(roles.col[CK_ROLE_PHONE], 2);
    assert_int_equal(roles.col[CK_ROLE_STATUS], -1);
}

/* Role names and labels both ways, and a header in full-width letters and spaces resolving
 * like its ASCII twin. */
static void test_role_names_and_full_width(void **state)
{
    (void)state;
    for (int r = 0; r < CK_ROLE_COUNT; r++)
        assert_int_equal(ck_role_from_name(ck_role_name(r)), r);
    assert_string_equal(ck_role_name(CK_ROLE_LAST_PURCHASE), "last_purchase");
    assert_string_equal(ck_role_name(CK_ROLE_COUNT), "?");
    assert_string_equal(ck_role_label(CK_ROLE_PHONE, CK_LANG_ZH), "手机");
    assert_string_equal(ck_role_label(CK_ROLE_LAST_PURCHASE, CK_LANG_ZH), "最近购买日期");
    assert_string_equal(ck_role_label(CK_ROLE_PHONE, CK_LANG_EN), "phone");
    assert_string_equal(ck_role_label(-1, CK_LANG_ZH), "?");
    assert_int_equal(ck_role_from_name("ORDER_DATE"), CK_ROLE_ORDER_DATE);
    assert_int_equal(ck_role_from_name("telephone"), -1);
    const char *h[] = {"ＰＨＯＮＥ", "Ｅ－Ｍａｉｌ", "客户　编号", "order-date", "下单日期"};
    struct ck_row row = make_row(h, 5);
    struct ck_roles roles;
    struct ck_error e;
    assert_int_equal(ck_roles_resolve(&roles, &row, CK_TABLE_CUSTOMERS, NULL, 0, &e), CK_OK);
    assert_int_equal(roles.col[CK_ROLE_PHONE], 0);
    assert_int_equal(roles.col[CK_ROLE_EMAIL], 1);
    assert_int_equal(roles.col[CK_ROLE_ID], 2);
    /* a role's own name is read in any table; an orders synonym only in an orders table */
    assert_int_equal(roles.col[CK_ROLE_ORDER_DATE], 3);
    const char *zh[] = {"下单日期"};
    struct ck_row zrow = make_row(zh, 1);
    assert_int_equal(ck_roles_resolve(&roles, &zrow, CK_TABLE_CUSTOMERS, NULL, 0, &e), CK_OK);
    assert_int_equal(roles.col[CK_ROLE_ORDER_DATE], -1);
    assert_int_equal(ck_roles_resolve(&roles, &zrow, CK_TABLE_ORDERS, NULL, 0, &e), CK_OK);
    assert_int_equal(roles.col[CK_ROLE_ORDER_DATE], 0);
    char out[8];
    assert_string_equal(ck_header_fold("Ｃｕｓｔｏｍｅｒ_ＩＤ", out, sizeof out), "custome");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_roles_synonyms),
        cmocka_unit_test(test_roles_orders_and_override),
        cmocka_unit_test(test_table_lang),
        cmocka_unit_test(test_roles_shop_export),
        cmocka_unit_test(test_role_names_and_full_width),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
