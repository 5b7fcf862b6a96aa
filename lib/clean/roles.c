/* roles.c — which column plays which role (SPEC §2): a synonym table matched on folded
 * headers (case-, width- and space-insensitive), overridable with --col ROLE=HEADER. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "clean/clean.h"
#include "clean/columns.h"

static const char *const role_names[CK_ROLE_COUNT] = {
    "id",       "name",     "gender",        "phone",        "email",
    "company",  "province", "city",          "industry",     "birthdate",
    "age",      "first_purchase", "last_purchase", "orders", "amount",
    "notes",    "order_id", "order_date",    "product",      "quantity",
    "status",   "refund",   "address",       "district",
};

/* The same roles as written into a Chinese table ("缺少手机/邮箱/编号"). */
static const char *const role_labels_zh[CK_ROLE_COUNT] = {
    "编号",     "姓名",     "性别",         "手机",         "邮箱",
    "公司",     "省份",     "城市",         "行业",         "出生日期",
    "年龄",     "首次购买日期", "最近购买日期", "购买次数", "消费金额",
    "备注",     "订单号",   "下单日期",     "商品",         "数量",
    "订单状态", "退款金额", "地址",     "区县",
};


enum { C = 1, O = 2, B = 3 }; /* which tables a synonym applies to */

/* How strongly a header claims its role when several columns do: the lowest rank wins, then
 * the first column. A shop's order export names the buyer's phone and the receiver's, the
 * payment time and the creation time: the buyer's phone and the payment time are preferred. */
enum { PREFER = -1, PLAIN = 0, FALLBACK = 1 };

/* Synonyms as users write them; matched after ck_header_fold, so "Customer ID",
 * "customer_id" and "ＣＵＳＴＯＭＥＲ＿ＩＤ" are one entry. The canonical role names resolve too.
 * Their rank is PLAIN. */
static const struct synonym {
    int role, kinds;
    const char *text;
} synonyms[] = {
    {CK_ROLE_ID, B, "客户编号"}, {CK_ROLE_ID, B, "客户ID"}, {CK_ROLE_ID, B, "客户代码"},
    {CK_ROLE_ID, B, "会员编号"}, {CK_ROLE_ID, B, "会员ID"}, {CK_ROLE_ID, C, "编号"},
    {CK_ROLE_ID, B, "customer_id"}, {CK_ROLE_ID, C, "id"}, {CK_ROLE_ID, B, "customer id"},
    {CK_ROLE_ID, B, "customer no"}, {CK_ROLE_ID, B, "client id"},
    {CK_ROLE_NAME, C, "姓名"}, {CK_ROLE_NAME, B, "客户姓名"}, {CK_ROLE_NAME, B, "客户名称"},
    {CK_ROLE_NAME, C, "名称"}, {CK_ROLE_NAME, C, "客户"}, {CK_ROLE_NAME, C, "联系人"},
    {CK_ROLE_NAME, C, "name"}, {CK_ROLE_NAME, C, "customer"}, {CK_ROLE_NAME, B, "customer name"},
    {CK_ROLE_NAME, C, "full name"},
    {CK_ROLE_GENDER, C, "性别"}, {CK_ROLE_GENDER, C, "gender"}, {CK_ROLE_GENDER, C, "sex"},
    {CK_ROLE_PHONE, B, "手机"}, {CK_ROLE_PHONE, B, "手机号"}, {CK_ROLE_PHONE, B, "手机号码"},
    {CK_ROLE_PHONE, B, "电话"}, {CK_ROLE_PHONE, B, "联系电话"}, {CK_ROLE_PHONE, B, "联系方式"},
    {CK_ROLE_PHONE, B, "电话号码"}, {CK_ROLE_PHONE, B, "phone"}, {CK_ROLE_PHONE, B, "mobile"},
    {CK_ROLE_PHONE, B, "tel"}, {CK_ROLE_PHONE, B, "telephone"}, {CK_ROLE_PHONE, B, "phone number"},
    {CK_ROLE_EMAIL, B, "邮箱"}, {CK_ROLE_EMAIL, B, "电子邮箱"}, {CK_ROLE_EMAIL, B, "电子邮件"},
    {CK_ROLE_EMAIL, B, "email"}, {CK_ROLE_EMAIL, B, "e-mail"}, {CK_ROLE_EMAIL, B, "mail"},
    {CK_ROLE_COMPANY, C, "公司"}, {CK_ROLE_COMPANY, C, "公司名称"}, {CK_ROLE_COMPANY, C, "单位"},
    {CK_ROLE_COMPANY, C, "企业名称"}, {CK_ROLE_COMPANY, C, "company"},
    {CK_ROLE_COMPANY, C, "organization"}, {CK_ROLE_COMPANY, C, "organisation"},
    {CK_ROLE_PROVINCE, C, "省份"}, {CK_ROLE_PROVINCE, C, "省"}, {CK_ROLE_PROVINCE, C, "所在省份"},
    {CK_ROLE_PROVINCE, C, "province"}, {CK_ROLE_PROVINCE, C, "state"},
    {CK_ROLE_CITY, C, "城市"}, {CK_ROLE_CITY, C, "市"}, {CK_ROLE_CITY, C, "所在城市"},
    {CK_ROLE_CITY, C, "city"},
    {CK_ROLE_INDUSTRY, C, "行业"}, {CK_ROLE_INDUSTRY, C, "所属行业"}, {CK_ROLE_INDUSTRY, C, "industry"},
    {CK_ROLE_BIRTHDATE, C, "出生日期"}, {CK_ROLE_BIRTHDATE, C, "生日"}, {CK_ROLE_BIRTHDATE, C, "birthdate"},
    {CK_ROLE_BIRTHDATE, C, "birthday"}, {CK_ROLE_BIRTHDATE, C, "date of birth"},
    {CK_ROLE_BIRTHDATE, C, "dob"},
    {CK_ROLE_AGE, C, "年龄"}, {CK_ROLE_AGE, C, "age"},
    {CK_ROLE_FIRST_PURCHASE, C, "首次购买日期"}, {CK_ROLE_FIRST_PURCHASE, C, "首购日期"},
    {CK_ROLE_FIRST_PURCHASE, C, "首次购买时间"}, {CK_ROLE_FIRST_PURCHASE, C, "first_purchase"},
    {CK_ROLE_FIRST_PURCHASE, C, "first order date"}, {CK_ROLE_FIRST_PURCHASE, C, "first purchase date"},
    {CK_ROLE_LAST_PURCHASE, C, "最近购买日期"}, {CK_ROLE_LAST_PURCHASE, C, "最后购买日期"},
    {CK_ROLE_LAST_PURCHASE, C, "最近消费时间"}, {CK_ROLE_LAST_PURCHASE, C, "最近购买时间"},
    {CK_ROLE_LAST_PURCHASE, C, "最后消费日期"}, {CK_ROLE_LAST_PURCHASE, C, "last_purchase"},
    {CK_ROLE_LAST_PURCHASE, C, "last order date"}, {CK_ROLE_LAST_PURCHASE, C, "last purchase date"},
    {CK_ROLE_ORDERS, C, "购买次数"}, {CK_ROLE_ORDERS, C, "消费次数"}, {CK_ROLE_ORDERS, C, "订单数"},
    {CK_ROLE_ORDERS, C, "订单数量"}, {CK_ROLE_ORDERS, C, "orders"}, {CK_ROLE_ORDERS, C, "order_count"},
    {CK_ROLE_ORDERS, C, "frequency"},
    {CK_ROLE_AMOUNT, C, "消费金额"}, {CK_ROLE_AMOUNT, C, "累计消费"}, {CK_ROLE_AMOUNT, C, "购买金额"},
    {CK_ROLE_AMOUNT, C, "总金额"}, {CK_ROLE_AMOUNT, C, "累计消费金额"}, {CK_ROLE_AMOUNT, B, "amount"},
    {CK_ROLE_AMOUNT, C, "total_spent"}, {CK_ROLE_AMOUNT, C, "monetary"},
    {CK_ROLE_AMOUNT, O, "金额"}, {CK_ROLE_AMOUNT, O, "订单金额"}, {CK_ROLE_AMOUNT, O, "实付金额"},
    {CK_ROLE_AMOUNT, O, "order amount"}, {CK_ROLE_AMOUNT, O, "total"},
    {CK_ROLE_NOTES, C, "备注"}, {CK_ROLE_NOTES, C, "notes"}, {CK_ROLE_NOTES, C, "note"},
    {CK_ROLE_NOTES, C, "remark"}, {CK_ROLE_NOTES, C, "remarks"},
    {CK_ROLE_ORDER_ID, O, "订单号"}, {CK_ROLE_ORDER_ID, O, "订单编号"}, {CK_ROLE_ORDER_ID, O, "order_id"},
    {CK_ROLE_ORDER_ID, O, "order id"}, {CK_ROLE_ORDER_ID, O, "order no"}, {CK_ROLE_ORDER_ID, O, "id"},
    {CK_ROLE_ORDER_DATE, O, "下单日期"}, {CK_ROLE_ORDER_DATE, O, "订单日期"},
    {CK_ROLE_ORDER_DATE, O, "下单时间"}, {CK_ROLE_ORDER_DATE, O, "order_date"},
    {CK_ROLE_ORDER_DATE, O, "date"}, {CK_ROLE_ORDER_DATE, O, "日期"},
    {CK_ROLE_PRODUCT, O, "商品"}, {CK_ROLE_PRODUCT, O, "商品名称"}, {CK_ROLE_PRODUCT, O, "产品"},
    {CK_ROLE_PRODUCT, O, "product"}, {CK_ROLE_PRODUCT, O, "item"},
    {CK_ROLE_QUANTITY, O, "数量"}, {CK_ROLE_QUANTITY, O, "quantity"}, {CK_ROLE_QUANTITY, O, "qty"},
};

/* The order exports of the platforms Chinese shops sell on, header for header:
 * - Taobao/Tmall, 千牛卖家中心 "订单报表" export (订单编号, 买家会员名, 买家实际支付金额,
 *   订单状态, 收货人姓名, 收货地址, 联系电话, 联系手机, 订单创建时间, 订单付款时间,
 *   退款金额 …); GBK CSV.
 * - JD, 京东商家后台 订单导出 (订单号, 下单帐号, 客户姓名, 客户地址, 联系电话, 订单金额,
 *   应付金额, 下单时间, 付款确认时间, 订单状态 …).
 * - Pinduoduo, 拼多多商家后台 订单查询 导出 (订单号, 订单状态, 用户实付金额(元),
 *   商家实收金额(元), 收货人, 手机, 支付时间, 拼单成功时间, 订单成交时间, 售后状态,
 *   用户购买手机号 …) and the open platform's order fields (phone_number_chosen_by_user:
 *   用户购买手机号, the buyer's own).
 * - Douyin, 抖店 "抖音订单报表使用说明", standard report (主订单编号, 子订单编号, 选购商品,
 *   订单应付金额, 收件人, 收件人手机号, 详细地址, 订单提交时间, 支付完成时间, 订单状态,
 *   售后状态 …).
 * - Youzan, 有赞微商城 订单导出 (订单号, 订单状态, 订单创建时间, 买家付款时间, 订单实付金额,
 *   收货人/提货人, 收货人手机号/提货人手机号, 详细收货地址/提货地址, 买家昵称, 买家手机号,
 *   订单退款状态, 订单已退款金额 …).
 * - Weidian (微店) and WeChat shops (微信小商店, 微信小店): no public field list was found;
 *   these are the headers their order lists show (订单编号, 下单时间, 付款时间/支付时间,
 *   实付金额, 收货人手机号/收件人手机号, 买家昵称/用户昵称, 订单状态, 退款金额). */
static const struct ranked {
    int role, kinds;
    const char *text;
    int rank;
} platforms[] = {
    {CK_ROLE_ID, O, "买家会员名", PLAIN},
    {CK_ROLE_ID, O, "买家昵称", PLAIN},
    {CK_ROLE_ID, O, "买家账号", PLAIN},
    {CK_ROLE_ID, O, "下单帐号", PLAIN},
    {CK_ROLE_ID, O, "下单账号", PLAIN},
    {CK_ROLE_ID, O, "买家ID", PLAIN},
    {CK_ROLE_ID, O, "用户昵称", PLAIN},
    {CK_ROLE_ID, O, "buyer id", PLAIN},
    {CK_ROLE_ID, O, "buyer nick", PLAIN},
    {CK_ROLE_ID, O, "buyer username", PLAIN},
    {CK_ROLE_PHONE, O, "买家手机", PREFER},
    {CK_ROLE_PHONE, O, "买家手机号", PREFER},
    {CK_ROLE_PHONE, O, "买家手机号码", PREFER},
    {CK_ROLE_PHONE, O, "买家电话", PREFER},
    {CK_ROLE_PHONE, O, "用户购买手机号", PREFER},
    {CK_ROLE_PHONE, O, "buyer phone", PREFER},
    {CK_ROLE_PHONE, O, "收货人手机", FALLBACK},
    {CK_ROLE_PHONE, O, "收货人手机号", FALLBACK},
    {CK_ROLE_PHONE, O, "收货人手机号码", FALLBACK},
    {CK_ROLE_PHONE, O, "收货人电话", FALLBACK},
    {CK_ROLE_PHONE, O, "收货人联系电话", FALLBACK},
    {CK_ROLE_PHONE, O, "收件人手机", FALLBACK},
    {CK_ROLE_PHONE, O, "收件人手机号", FALLBACK},
    {CK_ROLE_PHONE, O, "收件人电话", FALLBACK},
    {CK_ROLE_PHONE, O, "收货人手机号/提货人手机号", FALLBACK},
    {CK_ROLE_PHONE, O, "联系手机", FALLBACK},
    {CK_ROLE_PHONE, O, "receiver phone", FALLBACK},
    {CK_ROLE_PHONE, O, "recipient phone", FALLBACK},
    {CK_ROLE_PHONE, O, "phone #", FALLBACK},
    {CK_ROLE_ORDER_DATE, O, "付款时间", PREFER},
    {CK_ROLE_ORDER_DATE, O, "订单付款时间", PREFER},
    {CK_ROLE_ORDER_DATE, O, "买家付款时间", PREFER},
    {CK_ROLE_ORDER_DATE, O, "支付时间", PREFER},
    {CK_ROLE_ORDER_DATE, O, "支付完成时间", PREFER},
    {CK_ROLE_ORDER_DATE, O, "付款确认时间", PREFER},
    {CK_ROLE_ORDER_DATE, O, "付款日期", PREFER},
    {CK_ROLE_ORDER_DATE, O, "payment time", PREFER},
    {CK_ROLE_ORDER_DATE, O, "paid time", PREFER},
    {CK_ROLE_ORDER_DATE, O, "paid at", PREFER},
    {CK_ROLE_ORDER_DATE, O, "订单创建时间", FALLBACK},
    {CK_ROLE_ORDER_DATE, O, "创建时间", FALLBACK},
    {CK_ROLE_ORDER_DATE, O, "订单提交时间", FALLBACK},
    {CK_ROLE_ORDER_DATE, O, "提交时间", FALLBACK},
    {CK_ROLE_ORDER_DATE, O, "拼单成功时间", FALLBACK},
    {CK_ROLE_ORDER_DATE, O, "订单成交时间", FALLBACK},
    {CK_ROLE_ORDER_DATE, O, "成交时间", FALLBACK},
    {CK_ROLE_ORDER_DATE, O, "created time", FALLBACK},
    {CK_ROLE_ORDER_DATE, O, "order time", FALLBACK},
    {CK_ROLE_AMOUNT, O, "买家实际支付金额", PREFER},
    {CK_ROLE_AMOUNT, O, "买家实付", PREFER},
    {CK_ROLE_AMOUNT, O, "买家实付金额", PREFER},
    {CK_ROLE_AMOUNT, O, "实付款", PREFER},
    {CK_ROLE_AMOUNT, O, "用户实付金额", PREFER},
    {CK_ROLE_AMOUNT, O, "用户实付金额(元)", PREFER},
    {CK_ROLE_AMOUNT, O, "订单实付金额", PREFER},
    {CK_ROLE_AMOUNT, O, "订单应付金额", PREFER},
    {CK_ROLE_AMOUNT, O, "应付金额", PREFER},
    {CK_ROLE_AMOUNT, O, "实付金额(元)", PREFER},
    {CK_ROLE_AMOUNT, O, "paid amount", PREFER},
    {CK_ROLE_AMOUNT, O, "amount paid", PREFER},
    {CK_ROLE_ORDER_ID, O, "主订单编号", PLAIN},
    {CK_ROLE_ORDER_ID, O, "订单ID", PLAIN},
    {CK_ROLE_PRODUCT, O, "宝贝标题", PLAIN},
    {CK_ROLE_PRODUCT, O, "选购商品", PLAIN},
    {CK_ROLE_PRODUCT, O, "全部商品名称", PLAIN},
    {CK_ROLE_PRODUCT, O, "product name", PLAIN},
    {CK_ROLE_QUANTITY, O, "宝贝总数量", PLAIN},
    {CK_ROLE_QUANTITY, O, "商品数量", PLAIN},
    {CK_ROLE_QUANTITY, O, "商品数量(件)", PLAIN},
    {CK_ROLE_QUANTITY, O, "订购数量", PLAIN},
    {CK_ROLE_STATUS, O, "订单状态", PLAIN},
    {CK_ROLE_STATUS, O, "交易状态", PLAIN},
    {CK_ROLE_STATUS, O, "状态", PLAIN},
    {CK_ROLE_STATUS, O, "order status", PLAIN},
    {CK_ROLE_STATUS, O, "售后状态", FALLBACK},
    {CK_ROLE_STATUS, O, "退款状态", FALLBACK},
    {CK_ROLE_STATUS, O, "订单退款状态", FALLBACK},
    {CK_ROLE_STATUS, O, "商品退款状态", FALLBACK},
    {CK_ROLE_STATUS, O, "refund status", FALLBACK},
    {CK_ROLE_REFUND, O, "退款金额", PLAIN},
    {CK_ROLE_REFUND, O, "退款金额(元)", PLAIN},
    {CK_ROLE_REFUND, O, "已退款金额", PLAIN},
    {CK_ROLE_REFUND, O, "订单已退款金额", PLAIN},
    {CK_ROLE_REFUND, O, "商品已退款金额", PLAIN},
    {CK_ROLE_REFUND, O, "订单退款金额", PLAIN},
    {CK_ROLE_REFUND, O, "售后退款金额", PLAIN},
    {CK_ROLE_REFUND, O, "refund amount", PLAIN},
    {CK_ROLE_REFUND, O, "refunded amount", PLAIN},
    {CK_ROLE_REFUND, O, "order refund amount", PLAIN},
    {CK_ROLE_ADDRESS, B, "收货地址", PLAIN},
    {CK_ROLE_ADDRESS, B, "收货人地址", PLAIN},
    {CK_ROLE_ADDRESS, B, "收件人地址", PLAIN},
    {CK_ROLE_ADDRESS, B, "详细地址", PLAIN},
    {CK_ROLE_ADDRESS, B, "详细收货地址/提货地址", PLAIN},
    {CK_ROLE_ADDRESS, B, "客户地址", PLAIN},
    {CK_ROLE_ADDRESS, B, "收货详细地址", PLAIN},
    {CK_ROLE_ADDRESS, B, "地址", PLAIN},
    {CK_ROLE_ADDRESS, B, "shipping address", PLAIN},
    {CK_ROLE_ADDRESS, B, "detail address", PLAIN},
    {CK_ROLE_ADDRESS, B, "联系地址", PLAIN},
    {CK_ROLE_ADDRESS, B, "通讯地址", PLAIN},
    {CK_ROLE_ADDRESS, B, "家庭地址", PLAIN},
    {CK_ROLE_ADDRESS, B, "邮寄地址", PLAIN},
    {CK_ROLE_ADDRESS, B, "收件地址", PLAIN},
    {CK_ROLE_ADDRESS, B, "address", PLAIN},
    {CK_ROLE_ADDRESS, B, "mailing address", PLAIN},
    {CK_ROLE_ADDRESS, B, "street address", PLAIN},
    {CK_ROLE_DISTRICT, C, "区县", PLAIN},
    {CK_ROLE_DISTRICT, C, "区/县", PLAIN},
    {CK_ROLE_DISTRICT, C, "县区", PLAIN},
    {CK_ROLE_DISTRICT, C, "所在区县", PLAIN},
    {CK_ROLE_DISTRICT, C, "district", PLAIN},
    {CK_ROLE_DISTRICT, C, "county", PLAIN},
};

const char *ck_role_name(int role)
{
    return role >= 0 && role < CK_ROLE_COUNT ? role_names[role] : "?";
}

const char *ck_role_label(int role, int lang)
{
    if (role < 0 || role >= CK_ROLE_COUNT)
        return "?";
    return lang == CK_LANG_ZH ? role_labels_zh[role] : role_names[role];
}

int ck_role_from_name(const char *name)
{
    for (int i = 0; i < CK_ROLE_COUNT; i++)
        if (strcasecmp(name, role_names[i]) == 0)
            return i;
    return -1;
}

char *ck_header_fold(const char *s, char *out, size_t cap)
{
    size_t len = strlen(s), i = 0, o = 0, adv;
    if (!cap)
        return out;
    while (i < len) {
        long cp = ck_utf8_decode(s + i, len - i, &adv);
        if (cp < 0)
            cp = (unsigned char)s[i];
        i += adv;
        cp = ck_fold_width(cp);
        if (cp == ' ' || cp == '_' || cp == '-' || cp == '\t' || cp == 0xA0 || cp == 0xFEFF)
            continue;
        if (cp >= 'A' && cp <= 'Z')
            cp += 'a' - 'A';
        char enc[4];
        size_t n = ck_utf8_encode(cp, enc);
        if (o + n + 1 > cap)
            break;
        memcpy(out + o, enc, n);
        o += n;
    }
    out[o] = 0;
    return out;
}

static void list_headers(const struct ck_row *h, char *buf, size_t cap)
{
    size_t o = 0;
    buf[0] = 0;
    for (size_t i = 0; i < h->n && o + 4 < cap; i++) {
        int n = snprintf(buf + o, cap - o, "%s%s", i ? ", " : "", h->f[i]);
        if (n < 0 || (size_t)n >= cap - o) {
            snprintf(buf + (cap > 5 ? cap - 5 : 0), 5, "...");
            break;
        }
        o += (size_t)n;
    }
}

/* The role a header plays in a table of this kind and how strongly (rank); -1 for none. */
static int header_role(const char *header, int mask, int *rank)
{
    char folded[256], syn[256];
    ck_header_fold(header, folded, sizeof folded);
    for (size_t s = 0; s < sizeof synonyms / sizeof *synonyms; s++) {
        if (!(synonyms[s].kinds & mask))
            continue;
        if (strcmp(ck_header_fold(synonyms[s].text, syn, sizeof syn), folded) == 0) {
            *rank = PLAIN;
            return synonyms[s].role;
        }
    }
    for (size_t s = 0; s < sizeof platforms / sizeof *platforms; s++) {
        if (!(platforms[s].kinds & mask))
            continue;
        if (strcmp(ck_header_fold(platforms[s].text, syn, sizeof syn), folded) == 0) {
            *rank = platforms[s].rank;
            return platforms[s].role;
        }
    }
    *rank = PLAIN;
    for (int r = 0; r < CK_ROLE_COUNT; r++)
        if (strcmp(ck_header_fold(role_names[r], syn, sizeof syn), folded) == 0)
            return r;
    return -1;
}

size_t ck_roles_candidates(const struct ck_row *header, int kind, int role, int *cols,
                           size_t cap)
{
    int mask = kind == CK_TABLE_ORDERS ? O : C;
    size_t n = 0;
    for (int want = PREFER; want <= FALLBACK; want++)
        for (size_t c = 0; c < header->n; c++) {
            int rank;
            if (header_role(header->f[c], mask, &rank) == role && rank == want) {
                if (n < cap)
                    cols[n] = (int)c;
                n++;
            }
        }
    return n;
}

int ck_roles_resolve(struct ck_roles *out, const struct ck_row *header, int kind,
                     const char *const *overrides, size_t n_overrides, struct ck_error *e)
{
    int mask = kind == CK_TABLE_ORDERS ? O : C;
    char folded[256], syn[256];
    int best[CK_ROLE_COUNT];
    for (int r = 0; r < CK_ROLE_COUNT; r++) {
        out->col[r] = -1;
        best[r] = FALLBACK;
    }
    for (size_t c = 0; c < header->n; c++) {
        int rank, role = header_role(header->f[c], mask, &rank);
        /* the best-ranked column keeps a role; among equals, the first */
        if (role >= 0 && (out->col[role] < 0 || rank < best[role])) {
            out->col[role] = (int)c;
            best[role] = rank;
        }
    }
    for (size_t i = 0; i < n_overrides; i++) {
        const char *eq = strchr(overrides[i], '=');
        char rname[64];
        size_t rl = eq ? (size_t)(eq - overrides[i]) : 0;
        if (!eq || rl == 0 || rl >= sizeof rname)
            /* TRANSLATORS: keep "--col " first (clean names --orders-col instead). */
            return ck_error_set(e, CK_EUSAGE, "--col takes ROLE=HEADER, not '%s'", overrides[i]);
        memcpy(rname, overrides[i], rl);
        rname[rl] = 0;
        int role = ck_role_from_name(rname);
        if (role < 0) {
            char list[400] = "";
            size_t o = 0;
            for (int r = 0; r < CK_ROLE_COUNT; r++)
                o += (size_t)snprintf(list + o, sizeof list - o, "%s%s", r ? ", " : "",
                                      role_names[r]);
            return ck_error_set(e, CK_EUSAGE, "--col: unknown role '%s' (roles: %s)", rname, list);
        }
        const char *want = eq + 1;
        int found = -1;
        for (size_t c = 0; c < header->n && found < 0; c++)
            if (strcmp(header->f[c], want) == 0)
                found = (int)c;
        ck_header_fold(want, syn, sizeof syn);
        for (size_t c = 0; c < header->n && found < 0; c++)
            if (strcmp(ck_header_fold(header->f[c], folded, sizeof folded), syn) == 0)
                found = (int)c;
        if (found < 0) {
            char list[400];
            list_headers(header, list, sizeof list);
            /* TRANSLATORS: keep "--col " first (clean names --orders-col instead). */
            return ck_error_set(e, CK_EUSAGE, "--col %s: no column '%s' (columns: %s)", rname,
                                want, list);
        }
        for (int r = 0; r < CK_ROLE_COUNT; r++) /* a column plays one role */
            if (out->col[r] == found)
                out->col[r] = -1;
        out->col[role] = found;
    }
    return CK_OK;
}

static int has_column(const struct ck_row *header, const char *name)
{
    for (size_t i = 0; i < header->n; i++)
        if (strcmp(header->f[i], name) == 0)
            return 1;
    return 0;
}

int ck_table_lang(const struct ck_row *header)
{
    /* Columns custkit wrote name the language they were written in: clean's problems column,
     * else segment's pair of columns; a marker is trusted only when the other language's
     * is absent. */
    static const int markers[][2] = {
        {CK_COL_PROBLEMS, -1},
        {CK_COL_SEGMENT, CK_COL_SEGMENT_RANK},
    };
    for (size_t m = 0; m < sizeof markers / sizeof *markers; m++) {
        int has[2];
        for (int l = 0; l < 2; l++)
            has[l] = has_column(header, ck_column_name(markers[m][0], l)) &&
                     (markers[m][1] < 0 || has_column(header, ck_column_name(markers[m][1], l)));
        if (has[0] != has[1])
            return has[1] ? CK_LANG_ZH : CK_LANG_EN;
    }
    /* Then the customer columns: tag groups named by Chinese rules do not turn an English
     * table Chinese. Without overrides this cannot fail. */
    struct ck_roles roles;
    int any = 0;
    if (ck_roles_resolve(&roles, header, CK_TABLE_CUSTOMERS, NULL, 0, NULL) == CK_OK)
        for (int r = 0; r < CK_ROLE_COUNT; r++) {
            if (roles.col[r] < 0)
                continue;
            if (ck_has_cjk(header->f[roles.col[r]]))
                return CK_LANG_ZH;
            any = 1;
        }
    if (any)
        return CK_LANG_EN;
    for (size_t i = 0; i < header->n; i++)
        if (ck_has_cjk(header->f[i]))
            return CK_LANG_ZH;
    return CK_LANG_EN;
}
