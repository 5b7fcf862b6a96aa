/* fuzz_rules.c — libFuzzer target: the tag rule language (lib/rules/rules.h): parse arbitrary rules
 * text against a customer header, then evaluate what loads on edge-value rows. */
#include "fuzz_util.h"

#include "custkit.h"
#include "rules/rules.h"

#define W 12
static const char *const header[W] = {"客户编号", "姓名", "省份", "城市", "出生日期",
                                      "最近购买日期", "购买次数", "消费金额", "备注",
                                      "会员等级", "积分", "到期日"};
/* Rows whose values are normal, empty, unparsable or extreme. */
static const char *const rows[][W] = {
    {"C1", "张三", "广东省", "深圳市", "1990-10-01", "2026-09-20", "12", "50000", "VIP 老客户",
     "金卡", "1200", "2027-01-01"},
    {"", "", "", "", "", "", "", "", "", "", "", ""},
    {"x", "\xff\xfe", "北京", "北京市", "9999-99-99", "0000-00-00", "1e999", "-0", "NaN", "inf",
     "-1e308", "2026-02-30"},
    {"C2", "李四", "新疆", "乌鲁木齐", "1900-01-01", "1970-01-01", "99999999999999999999",
     "1.2亿", "不满意 投诉", "銀卡", "0x10", "45000"},
};

static struct ck_row hrow;
static struct ck_roles roles;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    static size_t hlen[W];
    for (size_t i = 0; i < W; i++)
        hlen[i] = strlen(header[i]);
    hrow = (struct ck_row){W, (char **)header, hlen, 1};
    struct ck_error e;
    if (ck_roles_resolve(&roles, &hrow, CK_TABLE_CUSTOMERS, NULL, 0, &e) != CK_OK)
        abort();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 65536)
        return 0;
    struct ck_error e;
    struct ck_rules *rs = NULL;
    struct ck_rules_ctx ctx = {&hrow, &roles, ck_days_from_civil(2026, 9, 30),
                               size && (data[0] & 1) ? CK_LANG_EN : CK_LANG_ZH};
    if (ck_rules_new(&rs, &ctx, &e) != CK_OK)
        return 0;
    int rc = ck_rules_parse(rs, "fuzz.rules", (const char *)data, size, &e);
    if (rc == CK_OK && size && (data[0] & 2))
        (void)ck_rules_add_builtin(rs, "region,city-tier,age-band", &e);
    if (rc == CK_OK) {
        size_t ng = ck_rules_group_count(rs);
        const char **out = calloc(ng + 1, sizeof *out);
        size_t *outlen = calloc(ng + 1, sizeof *outlen);
        if (!out || !outlen)
            abort();
        /* the fixed rows, then one whose every value is a prefix of the rules text */
        char *mine = fuzz_str(data, size < 64 ? size : 64);
        const char *fv[W];
        size_t lens[W];
        for (size_t r = 0; r <= sizeof rows / sizeof rows[0]; r++) {
            for (size_t i = 0; i < W; i++) {
                fv[i] = r < sizeof rows / sizeof rows[0] ? rows[r][i] : mine;
                lens[i] = strlen(fv[i]);
            }
            struct ck_row row = {W, (char **)fv, lens, (long)r + 2};
            if (ck_rules_eval(rs, &row, out, outlen, &e) != CK_OK)
                break;
            for (size_t g = 0; g < ng; g++)
                if (strlen(out[g]) != outlen[g])
                    abort(); /* values are NUL-free strings of the stated length */
        }
        for (size_t g = 0; g < ng; g++) {
            (void)ck_rules_group_name(rs, g);
            size_t nt = ck_rules_tag_count(rs, g);
            for (size_t t = 0; t <= nt; t++)
                (void)ck_rules_tag_hits(rs, g, t);
        }
        free(mine);
        free(out);
        free(outlen);
    }
    ck_rules_free(rs);
    return 0;
}
