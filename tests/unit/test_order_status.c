/* test_order_status.c — unit tests of lib/order_status.c: which order statuses are no purchase
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_status_excluded),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
