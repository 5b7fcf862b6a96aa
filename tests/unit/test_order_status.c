/* test_order_status.c — unit tests of lib/clean/order_status.c: which order statuses are no purchase
 * (refunded, closed, cancelled, unpaid), in Chinese and English, plus the user's own. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "custkit.h"

static void test_status_excluded(void **state)
{
    (void)state;
    const char *yes[] = {"交易关闭", "已取消", "退款成功", " 已退款 ", "Cancelled", "CANCELED",
                         "ｒｅｆｕｎｄｅｄ", "未发货，退款成功", "已关闭(超时未支付)", "等待买家付款"};
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
        assert_true(ck_status_excluded(yes[i], NULL, 0));
    const char *no[] = {"交易成功", "无售后或售后取消", "已发货，待签收", "部分退款", "-", "",
                        "卖家已发货，等待买家确认", "refund pending", "已拒收"};
    for (size_t i = 0; i < sizeof no / sizeof *no; i++)
        assert_false(ck_status_excluded(no[i], NULL, 0));
    const char *extra[] = {"已拒收", "Rejected"};
    assert_true(ck_status_excluded("已拒收", extra, 2));
    assert_true(ck_status_excluded("rejected", extra, 2));
    assert_false(ck_status_excluded("交易成功", extra, 2));
}

/* Every separator splits a cell, and every part is compared whole, folded: case, width, spaces,
 * '-' and '_' aside. */
static void test_status_parts(void **state)
{
    (void)state;
    static const char *const yes[] = {
        "发货中,已取消",   "发货中，已取消",  "发货中、已取消", "发货中;已取消",
        "发货中；已取消",  "发货中/已取消",   "发货中／已取消", "发货中|已取消",
        "发货中(已取消)",  "发货中（已取消）", "Fully-Refunded", "PENDING_PAYMENT",
        "ｖｏｉｄ",        "待付款",          " 未付款 ",       "shipped / void",
    };
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
        if (!ck_status_excluded(yes[i], NULL, 0))
            fail_msg("'%s' is no purchase", yes[i]);
    static const char *const no[] = {
        "发货中 已取消",   /* a space is no separator: one part, not listed */
        "取消中",          "退款中",    "已取消订单", "partially refunded", "closed out",
        ",,;;",            "（）",      "voids",
    };
    for (size_t i = 0; i < sizeof no / sizeof *no; i++)
        if (ck_status_excluded(no[i], NULL, 0))
            fail_msg("'%s' is a purchase", no[i]);
    const char *extra[] = {"拒收", ""};
    assert_true(ck_status_excluded("已签收/拒收", extra, 2));
    assert_false(ck_status_excluded("已签收", extra, 2)); /* an empty extra matches nothing */
    assert_false(ck_status_excluded("", extra, 2));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_status_excluded),
        cmocka_unit_test(test_status_parts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
