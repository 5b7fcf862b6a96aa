/* playbook.c — the segment playbook (playbook.h): one table of rules and actions in both
 * languages, the rules filled in with the run's thresholds. */
#include <stdio.h>
#include <string.h>

#include "segment/segment.h"
#include "clean/columns.h"
#include "segment/playbook.h"

struct pb_text {
    const char *zh, *en;
};

/* Suggested actions, best tier first, after the advice of the usual customer-management
 * playbooks: keep the important ones with VIP service, win back the sleeping, nurture the new. */
static const struct pb_text rfm_action[11] = {
    {"VIP 专属服务与新品优先体验，邀请推荐新客户",
     "VIP service and early access to new products; ask for referrals"},
    {"会员权益与积分奖励，交叉销售、升级推荐",
     "member benefits and rewards; cross-sell and upsell"},
    {"会员计划与个性化推荐，提高购买频次",
     "loyalty programme and personal recommendations to buy more often"},
    {"新客欢迎与售后关怀，引导第二次购买",
     "welcome and after-sales care; lead them to a second purchase"},
    {"建立品牌认知，限时试用或优惠", "build awareness; time-limited trial or offer"},
    {"限时优惠与个性化推荐，重新激活",
     "time-limited offer and personal recommendations to re-engage"},
    {"推送热门商品与优惠券，防止沉睡", "popular products and a coupon before they fall asleep"},
    {"个性化关怀与挽回优惠，了解原因", "personal care and a win-back offer; ask what went wrong"},
    {"专人回访与重点挽回方案，不能失去",
     "a personal call and a strong win-back offer: do not lose them"},
    {"低成本唤醒，推送相关商品", "low-cost wake-up with related products"},
    {"低成本召回，无回应则减少投入", "low-cost recall; spend less if they do not respond"},
};

/* rfm8, indexed by (M low)·4 + (R low)·2 + (F low). */
static const struct pb_text rfm8_action[8] = {
    {"重点维护，VIP 专属服务与专属优惠", "VIP service and exclusive offers to keep them"},
    {"复购激励与会员计划，提高购买频次", "repurchase rewards and membership to raise frequency"},
    {"主动联系与关怀，防止流失", "reach out and care for them before they leave"},
    {"挽回优惠与回访，了解流失原因", "win-back offer and a call to learn why they left"},
    {"搭配推荐与产品升级，提高客单价", "bundles and upgrades to raise the order value"},
    {"优惠券与促销活动培育，提高频次", "nurture with coupons and promotions to buy more often"},
    {"促销唤醒，提高单客利润", "wake them with promotions; raise the profit per customer"},
    {"低成本维护，控制投入", "low-cost upkeep; keep spending low"},
};

/* lifecycle: active, new, dormant, lost. */
static const struct pb_text lc_action[4] = {
    {"会员权益与个性化推荐，保持活跃",
     "member benefits and personal recommendations to keep them active"},
    {"新客欢迎与售后关怀，培育复购", "welcome and after-sales care; nurture a repeat purchase"},
    {"唤醒优惠与关怀，防止流失", "wake-up offer and care before they are lost"},
    {"挽回优惠，无回应则减少投入", "win-back offer; spend less if they do not respond"},
};

/* value tiers: the first, the middle ones, the last. */
static const struct pb_text value_action[3] = {
    {"重点维护，VIP 专属服务", "VIP service to keep them"},
    {"产品升级与增值服务，提高价值", "upgrades and added-value services to raise their value"},
    {"控制服务成本，促销提高单客利润",
     "keep the cost down; promotions to raise the profit per customer"},
};

static const struct pb_text prospect_text = {
    "尚无购买记录；建议：首单优惠与内容培育，促成第一次购买",
    "No purchase yet. Suggested: first-order offer and nurturing content to win the first "
    "purchase"};
static const struct pb_text review_text = {
    "数据有问题或缺少模型所需的购买数据；建议：先核实、补全数据再分层",
    "A problem in the data, or purchase values the model needs are missing. Suggested: check and "
    "complete the data, then segment again"};

static const char *pick(const struct pb_text *t, int lang)
{
    return lang == CK_LANG_ZH ? t->zh : t->en;
}

const char *ck_playbook_heading(int lang)
{
    return lang == CK_LANG_ZH ? "说明与建议" : "Meaning and suggested action";
}

int ck_playbook_is_column(const char *header)
{
    return ck_column_is(header, CK_COL_PLAYBOOK);
}

/* A number as people write it: at most two decimals, no trailing zeros. */
static void num(char *out, size_t cap, double v)
{
    snprintf(out, cap, "%.2f", v);
    char *dot = strchr(out, '.');
    if (!dot)
        return;
    char *e = out + strlen(out);
    while (e > dot + 1 && e[-1] == '0')
        *--e = 0;
    if (e == dot + 1)
        *dot = 0;
}

/* Lowest and highest R, F and M score among the RFM codes of segment s. */
static void rfm_ranges(int s, int lo[3], int hi[3])
{
    for (int k = 0; k < 3; k++) {
        lo[k] = 6;
        hi[k] = 0;
    }
    for (int r = 1; r <= 5; r++)
        for (int f = 1; f <= 5; f++)
            for (int m = 1; m <= 5; m++) {
                if (ck_seg_rfm_segment(r, f, m) != s)
                    continue;
                int sc[3] = {r, f, m};
                for (int k = 0; k < 3; k++) {
                    lo[k] = sc[k] < lo[k] ? sc[k] : lo[k];
                    hi[k] = sc[k] > hi[k] ? sc[k] : hi[k];
                }
            }
}

static void range_text(char *out, size_t cap, const char *letter, int lo, int hi)
{
    if (lo == hi)
        snprintf(out, cap, "%s%d", letter, lo);
    else
        snprintf(out, cap, "%s%d–%d", letter, lo, hi);
}

static void rule_rfm(int s, int zh, char *out, size_t cap)
{
    int lo[3], hi[3];
    char r[16], f[16], m[16];
    rfm_ranges(s, lo, hi);
    range_text(r, sizeof r, "R", lo[0], hi[0]);
    range_text(f, sizeof f, "F", lo[1], hi[1]);
    range_text(m, sizeof m, "M", lo[2], hi[2]);
    snprintf(out, cap,
             zh ? "RFM 五分位得分（5 最好）落在 %s、%s、%s 之内的组合"
                : "RFM quintile scores (5 best) within %s, %s, %s",
             r, f, m);
}

static void rule_rfm8(const struct ck_seg_result *res, size_t t, int zh, char *out, size_t cap)
{
    int m_low = (t & 4) != 0, r_low = (t & 2) != 0, f_low = (t & 1) != 0;
    char rv[32], fv[32], mv[32];
    num(rv, sizeof rv, res->mean[0]);
    num(fv, sizeof fv, res->mean[1]);
    num(mv, sizeof mv, res->mean[2]);
    if (zh)
        snprintf(out, cap, "最近购买距今%s平均 %s 天，购买次数%s平均 %s 次，消费金额%s平均 %s",
                 r_low ? "不少于" : "少于", rv, f_low ? "不高于" : "高于", fv,
                 m_low ? "不高于" : "高于", mv);
    else
        snprintf(out, cap,
                 "last purchase %s the mean of %s days ago, orders %s the mean of %s, amount %s "
                 "the mean of %s",
                 r_low ? "at least" : "fewer than", rv, f_low ? "at or below" : "above", fv,
                 m_low ? "at or below" : "above", mv);
}

static void rule_lifecycle(const struct ck_seg_opts *o, size_t t, int zh, char *out, size_t cap)
{
    long nd = o->new_days, w0 = o->windows[0], w1 = o->windows[1];
    switch (t) {
    case 0: /* active */
        snprintf(out, cap,
                 zh ? "非新客户（首次购买超过 %ld 天），最近 %ld 天内有购买"
                    : "not new (first purchase over %ld days ago), bought in the "
                      "last %ld days",
                 nd, w0);
        break;
    case 1: /* new */
        snprintf(out, cap, zh ? "首次购买在最近 %ld 天内" : "first purchase in the last %ld days",
                 nd);
        break;
    case 2: /* dormant */
        snprintf(out, cap,
                 zh ? "非新客户，最近一次购买在 %ld–%ld 天前"
                    : "not new, last purchase %ld–%ld days ago",
                 w0 + 1, w1);
        break;
    default: /* lost */
        snprintf(out, cap,
                 zh ? "非新客户，超过 %ld 天没有购买" : "not new, no purchase for over %ld days",
                 w1);
        break;
    }
}

static void rule_value(const struct ck_seg_opts *o, const struct ck_seg_result *res, size_t t,
                       size_t k, int zh, char *out, size_t cap)
{
    char a[32], b[32];
    if (o->nthr) { /* --tiers: amount >= thr[t], the last tier the rest */
        if (t + 1 < k) {
            num(a, sizeof a, o->thr[t]);
            if (t == 0)
                snprintf(out, cap, zh ? "消费金额 ≥ %s" : "amount at least %s", a);
            else {
                num(b, sizeof b, o->thr[t - 1]);
                snprintf(out, cap, zh ? "消费金额 ≥ %s 且 < %s" : "amount at least %s, below %s", a,
                         b);
            }
        } else {
            num(a, sizeof a, o->thr[k - 2]);
            snprintf(out, cap, zh ? "消费金额 < %s" : "amount below %s", a);
        }
        return;
    }
    /* --top: tier t holds the top[t]% after the tiers above it; breaks[0][j] is the break
     * below tier j, at the (100 - cumulative)th percentile */
    double from = 0;
    for (size_t j = 0; j < t && j < o->ntop; j++)
        from += o->top[j];
    double to = t < o->ntop ? from + o->top[t] : 100;
    char f1[16], f2[16];
    num(f1, sizeof f1, from);
    num(f2, sizeof f2, to);
    int have = res->nscored > 0;
    if (t == 0) {
        num(a, sizeof a, res->breaks[0][0]);
        snprintf(out, cap, zh ? "消费金额在前 %s%%%s%s%s" : "amount in the top %s%%%s%s%s", f2,
                 have ? (zh ? "（高于 " : " (above ") : "", have ? a : "",
                 have ? (zh ? "）" : ")") : "");
    } else if (t < o->ntop) {
        num(a, sizeof a, res->breaks[0][t]);
        num(b, sizeof b, res->breaks[0][t - 1]);
        if (have)
            snprintf(out, cap,
                     zh ? "消费金额在 %s%%–%s%% 之间（高于 %s，至多 %s）"
                        : "amount between the top %s%% and %s%% (above %s, up to %s)",
                     f1, f2, a, b);
        else
            snprintf(out, cap,
                     zh ? "消费金额在 %s%%–%s%% 之间" : "amount between the top %s%% and %s%%", f1,
                     f2);
    } else {
        num(a, sizeof a, res->breaks[0][o->ntop - 1]);
        char g[16];
        num(g, sizeof g, 100 - from);
        if (have)
            snprintf(out, cap,
                     zh ? "其余有购买的客户：消费金额在后 %s%%（至多 %s）"
                        : "every other buying customer: amount in the bottom %s%% (up to %s)",
                     g, a);
        else
            snprintf(out, cap,
                     zh ? "其余有购买的客户：消费金额在后 %s%%"
                        : "every other buying customer: amount in the bottom %s%%",
                     g);
    }
}

/* snprintf cut s to fit cap bytes, perhaps inside a UTF-8 character: drop a last character
 * left incomplete. */
static void cut_utf8(char *s, size_t cap)
{
    size_t n = strlen(s);
    if (n + 1 < cap || n == 0)
        return;
    size_t k = n; /* the last character starts at k - 1 */
    while (k > 1 && ((unsigned char)s[k - 1] & 0xC0) == 0x80 && n - k < 3)
        k--;
    unsigned char lead = (unsigned char)s[k - 1];
    size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    if (n - (k - 1) < need)
        s[k - 1] = 0;
}

int ck_playbook_text(const struct ck_seg_opts *o, const struct ck_seg_result *res, size_t t,
                     int lang, char *out, size_t cap)
{
    int zh = lang == CK_LANG_ZH;
    if (cap == 0)
        return 0;
    out[0] = 0;
    if (o->model == CK_SEG_COLUMN || res->ntiers < 2 || t >= res->ntiers)
        return 0;
    size_t k = res->ntiers - 2; /* scored tiers */
    if (t == k || t == k + 1) {
        snprintf(out, cap, "%s", pick(t == k ? &prospect_text : &review_text, lang));
        cut_utf8(out, cap);
        return 1;
    }
    char rule[512];
    const struct pb_text *act;
    switch (o->model) {
    case CK_SEG_RFM:
        rule_rfm((int)t, zh, rule, sizeof rule);
        act = &rfm_action[t];
        break;
    case CK_SEG_RFM8:
        rule_rfm8(res, t, zh, rule, sizeof rule);
        act = &rfm8_action[t];
        break;
    case CK_SEG_LIFECYCLE:
        rule_lifecycle(o, t, zh, rule, sizeof rule);
        act = &lc_action[t];
        break;
    default:
        rule_value(o, res, t, k, zh, rule, sizeof rule);
        act = &value_action[t == 0 ? 0 : t + 1 == k ? 2 : 1];
        break;
    }
    if (zh)
        snprintf(out, cap, "%s；建议：%s", rule, act->zh);
    else
        snprintf(out, cap, "%c%s. Suggested: %s",
                 rule[0] >= 'a' && rule[0] <= 'z' ? rule[0] - 32 : rule[0], rule + 1, act->en);
    cut_utf8(out, cap);
    return 1;
}
