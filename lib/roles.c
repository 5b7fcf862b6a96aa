/* roles.c — which column plays which role (SPEC §2): a synonym table matched on folded
 * headers (case-, width- and space-insensitive), overridable with --col ROLE=HEADER. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "custkit.h"

static const char *const role_names[CK_ROLE_COUNT] = {
    "id",       "name",     "gender",        "phone",        "email",
    "company",  "province", "city",          "industry",     "birthdate",
    "age",      "first_purchase", "last_purchase", "orders", "amount",
    "notes",    "order_id", "order_date",    "product",      "quantity",
};

enum { C = 1, O = 2, B = 3 }; /* which tables a synonym applies to */

/* Synonyms as users write them; matched after ck_header_fold, so "Customer ID",
 * "customer_id" and "ＣＵＳＴＯＭＥＲ＿ＩＤ" are one entry. The canonical role names resolve too. */
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

const char *ck_role_name(int role)
{
    return role >= 0 && role < CK_ROLE_COUNT ? role_names[role] : "?";
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

int ck_roles_resolve(struct ck_roles *out, const struct ck_row *header, int kind,
                     const char *const *overrides, size_t n_overrides, struct ck_error *e)
{
    int mask = kind == CK_TABLE_ORDERS ? O : C;
    char folded[256], syn[256];
    for (int r = 0; r < CK_ROLE_COUNT; r++)
        out->col[r] = -1;
    for (size_t c = 0; c < header->n; c++) {
        ck_header_fold(header->f[c], folded, sizeof folded);
        int role = -1;
        for (size_t s = 0; s < sizeof synonyms / sizeof *synonyms && role < 0; s++) {
            if (!(synonyms[s].kinds & mask))
                continue;
            if (strcmp(ck_header_fold(synonyms[s].text, syn, sizeof syn), folded) == 0)
                role = synonyms[s].role;
        }
        for (int r = 0; r < CK_ROLE_COUNT && role < 0; r++)
            if (strcmp(ck_header_fold(role_names[r], syn, sizeof syn), folded) == 0)
                role = r;
        if (role >= 0 && out->col[role] < 0) /* the first column with a role keeps it */
            out->col[role] = (int)c;
    }
    for (size_t i = 0; i < n_overrides; i++) {
        const char *eq = strchr(overrides[i], '=');
        char rname[64];
        size_t rl = eq ? (size_t)(eq - overrides[i]) : 0;
        if (!eq || rl == 0 || rl >= sizeof rname)
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

int ck_table_lang(const struct ck_row *header)
{
    for (size_t i = 0; i < header->n; i++)
        if (ck_has_cjk(header->f[i]))
            return CK_LANG_ZH;
    return CK_LANG_EN;
}
