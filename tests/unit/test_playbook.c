/* test_playbook.c — unit tests of lib/segment/playbook.c: each model's rule filled in with the run's
 * thresholds and its action, in both languages; prospects and rows to review; cutting. */
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
#include "segment/playbook.h"
static void test_heading_and_column(void **state)
{
    (void)state;
    assert_string_equal(ck_playbook_heading(CK_LANG_ZH), "说明与建议");
    assert_string_equal(ck_playbook_heading(CK_LANG_EN), "Meaning and suggested action");
    assert_true(ck_playbook_is_column("说明与建议"));
    assert_true(ck_playbook_is_column("playbook"));
    assert_false(ck_playbook_is_column("Playbook"));
    assert_false(ck_playbook_is_column("说明"));
}

static void test_value_and_lifecycle(void **state)
{
    (void)state;
    struct ck_seg_opts o;
    struct ck_error e;
    ck_seg_opts_init(&o);
    assert_int_equal(ck_seg_parse_top(&o, "20,30", &e), CK_OK);
    struct ck_seg_result res;
    memset(&res, 0, sizeof res);
    res.ntiers = 5; /* three value tiers, prospects, review */
    res.nscored = 10;
    res.breaks[0][0] = 1234.5;
    res.breaks[0][1] = 300;
    char out[512];
    assert_int_equal(ck_playbook_text(&o, &res, 0, CK_LANG_EN, out, sizeof out), 1);
    assert_string_equal(out, "Amount in the top 20% (above 1234.5). Suggested: VIP service to "
                             "keep them");
    assert_int_equal(ck_playbook_text(&o, &res, 1, CK_LANG_EN, out, sizeof out), 1);
    assert_string_equal(out, "Amount between the top 20% and 50% (above 300, up to 1234.5). "
                             "Suggested: upgrades and added-value services to raise their value");
    assert_int_equal(ck_playbook_text(&o, &res, 2, CK_LANG_ZH, out, sizeof out), 1);
    assert_string_equal(out, "其余有购买的客户：消费金额在后 50%（至多 300）；建议："
                             "控制服务成本，促销提高单客利润");
    assert_int_equal(ck_playbook_text(&o, &res, 3, CK_LANG_EN, out, sizeof out), 1);
    assert_string_equal(out, "No purchase yet. Suggested: first-order offer and nurturing "
                             "content to win the first purchase");
    assert_int_equal(ck_playbook_text(&o, &res, 4, CK_LANG_ZH, out, sizeof out), 1);
    assert_string_equal(out, "数据有问题或缺少模型所需的购买数据；建议：先核实、补全数据再分层");
    assert_int_equal(ck_playbook_text(&o, &res, 5, CK_LANG_ZH, out, sizeof out), 0);
    assert_string_equal(out, "");
    /* no customer scored: no amounts to quote */
    res.nscored = 0;
    ck_playbook_text(&o, &res, 0, CK_LANG_ZH, out, sizeof out);
    assert_string_equal(out, "消费金额在前 20%；建议：重点维护，VIP 专属服务");
    /* --tiers */
    ck_seg_opts_init(&o);
    assert_int_equal(ck_seg_parse_tiers(&o, "A>=50000,B>=10000.5,C", &e), CK_OK);
    res.ntiers = 5;
    ck_playbook_text(&o, &res, 1, CK_LANG_EN, out, sizeof out);
    assert_string_equal(out, "Amount at least 10000.5, below 50000. Suggested: upgrades and "
                             "added-value services to raise their value");
    ck_playbook_text(&o, &res, 2, CK_LANG_ZH, out, sizeof out);
    assert_string_equal(out, "消费金额 < 10000.5；建议：控制服务成本，促销提高单客利润");
    /* lifecycle with the defaults: --new-days 90, --windows 90,180 */
    ck_seg_opts_init(&o);
    o.model = CK_SEG_LIFECYCLE;
    res.ntiers = 6;
    ck_playbook_text(&o, &res, 0, CK_LANG_EN, out, sizeof out);
    assert_string_equal(out, "Not new (first purchase over 90 days ago), bought in the last 90 "
                             "days. Suggested: member benefits and personal recommendations to "
                             "keep them active");
    ck_playbook_text(&o, &res, 2, CK_LANG_ZH, out, sizeof out);
    assert_string_equal(out,
                        "非新客户，最近一次购买在 91–180 天前；建议：唤醒优惠与关怀，防止流失");
    /* the column model has no playbook */
    o.model = CK_SEG_COLUMN;
    assert_int_equal(ck_playbook_text(&o, &res, 0, CK_LANG_EN, out, sizeof out), 0);
    assert_string_equal(out, "");
}

static void test_rfm_and_cut(void **state)
{
    (void)state;
    struct ck_seg_opts o;
    ck_seg_opts_init(&o);
    o.model = CK_SEG_RFM;
    struct ck_seg_result res;
    memset(&res, 0, sizeof res);
    res.ntiers = 13;
    char out[512];
    ck_playbook_text(&o, &res, 0, CK_LANG_EN, out, sizeof out);
    assert_string_equal(out, "RFM quintile scores (5 best) within R4–5, F4–5, M4–5. Suggested: "
                             "VIP service and early access to new products; ask for referrals");
    ck_playbook_text(&o, &res, 3, CK_LANG_ZH, out, sizeof out);
    assert_string_equal(out, "RFM 五分位得分（5 最好）落在 R3–5、F1–2、M1–2 之内的组合；建议："
                             "新客欢迎与售后关怀，引导第二次购买");
    o.model = CK_SEG_RFM8;
    res.ntiers = 10;
    res.mean[0] = 30.5;
    res.mean[1] = 2.25;
    res.mean[2] = 1000;
    ck_playbook_text(&o, &res, 0, CK_LANG_EN, out, sizeof out);
    assert_string_equal(out, "Last purchase fewer than the mean of 30.5 days ago, orders above "
                             "the mean of 2.25, amount above the mean of 1000. Suggested: VIP "
                             "service and exclusive offers to keep them");
    ck_playbook_text(&o, &res, 7, CK_LANG_ZH, out, sizeof out);
    assert_string_equal(out, "最近购买距今不少于平均 30.5 天，购买次数不高于平均 2.25 次，"
                             "消费金额不高于平均 1000；建议：低成本维护，控制投入");
    /* cut between characters: "最近购买" is four 3-byte characters */
    char small[11];
    ck_playbook_text(&o, &res, 7, CK_LANG_ZH, small, sizeof small);
    assert_string_equal(small, "最近购");
    ck_playbook_text(&o, &res, 7, CK_LANG_ZH, small, 10); /* a whole character fits */
    assert_string_equal(small, "最近购");
    ck_playbook_text(&o, &res, 7, CK_LANG_ZH, small, 4);
    assert_string_equal(small, "最");
    ck_playbook_text(&o, &res, 7, CK_LANG_ZH, small, 1);
    assert_string_equal(small, "");
    assert_int_equal(ck_playbook_text(&o, &res, 7, CK_LANG_ZH, small, 0), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_heading_and_column),
        cmocka_unit_test(test_value_and_lifecycle),
        cmocka_unit_test(test_rfm_and_cut),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
