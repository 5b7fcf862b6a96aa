/* order_status.c — which order statuses are no purchase (SPEC §11): the built-in list of the
 * statuses shop platforms write for refunded, closed, cancelled and unpaid orders. */
#include <pthread.h>
#include <string.h>

#include "clean/clean.h"

/* As the platforms write them (Taobao 交易关闭, JD 已取消, Pinduoduo 售后状态 退款成功, Douyin
 * 已关闭, Youzan 全额退款 …) and their English counterparts. A partial refund is a purchase:
 * its refunded part is subtracted from the amount instead. */
static const char *const not_purchases[] = {
    "已退款",   "退款成功", "全额退款", "已全额退款", "退款完成", "交易关闭", "已关闭",
    "订单关闭", "关闭",     "已取消",   "取消",       "订单取消", "交易取消", "已作废",
    "作废",     "等待买家付款", "待付款", "未付款",   "待支付",   "refunded", "fully refunded",
    "closed",   "cancelled", "canceled", "void",      "voided",   "unpaid",   "pending payment",
};

/* Characters that separate the parts of one status cell ("未发货，退款成功"). */
static const char *const separators[] = {",", "，", "、", ";", "；", "/", "／", "|", "(", ")",
                                         "（", "）"};

#define NLISTED (sizeof not_purchases / sizeof *not_purchases)

/* The list folded once: folding it for every order made the roll-up of an export with a status
 * column four times slower. */
static char folded[NLISTED][64];
static pthread_once_t folded_once = PTHREAD_ONCE_INIT;

static void fold_list(void)
{
    for (size_t i = 0; i < NLISTED; i++)
        ck_header_fold(not_purchases[i], folded[i], sizeof folded[i]);
}

static int listed(const char *part, const char *const *extra, size_t nextra)
{
    char a[256], b[256];
    ck_header_fold(part, a, sizeof a);
    if (!a[0])
        return 0;
    pthread_once(&folded_once, fold_list);
    for (size_t i = 0; i < NLISTED; i++)
        if (strcmp(folded[i], a) == 0)
            return 1;
    for (size_t i = 0; i < nextra; i++)
        if (strcmp(ck_header_fold(extra[i], b, sizeof b), a) == 0)
            return 1;
    return 0;
}

int ck_status_excluded(const char *value, const char *const *extra, size_t nextra)
{
    char part[256];
    const char *s = value;
    while (*s) {
        size_t len = strlen(s), cut = len, skip = 0;
        for (size_t i = 0; i < sizeof separators / sizeof *separators; i++) {
            const char *at = strstr(s, separators[i]);
            if (at && (size_t)(at - s) < cut) {
                cut = (size_t)(at - s);
                skip = strlen(separators[i]);
            }
        }
        size_t n = cut < sizeof part - 1 ? cut : sizeof part - 1;
        memcpy(part, s, n);
        part[n] = 0;
        if (listed(part, extra, nextra))
            return 1;
        s += cut + skip;
    }
    return 0;
}
