/* test_clean.c — unit tests of lib/clean/clean.c: per-role normalisation of a row, problems and
 * their text, --require groups, role lists, outlier fences, and idempotence on messy values. */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "clean/clean.h"
#include "custkit.h"

/* id, name, phone, email, gender, last_purchase, orders, amount, notes, old problems */
#define NC 10
static struct ck_roles roles;

static uint32_t key_roles; /* the key roles of the next cleaner made */
static int lang = CK_LANG_ZH; /* and its table's language */

static struct ck_cleaner *make(const char *require, uint32_t no_norm, long skip_col, int order)
{
    struct ck_error e;
    struct ck_clean_opts o;
    memset(&o, 0, sizeof o);
    o.norm.as_of = ck_days_from_civil(2026, 11, 29);
    o.norm.lang = lang;
    o.norm.date_order = order;
    o.no_normalize = no_norm;
    o.skip_col = skip_col;
    o.key_roles = key_roles;
    if (require)
        assert_int_equal(ck_require_parse(require, o.require, &o.nrequire, &e), CK_OK);
    for (int i = 0; i < CK_ROLE_COUNT; i++)
        roles.col[i] = -1;
    roles.col[CK_ROLE_ID] = 0;
    roles.col[CK_ROLE_NAME] = 1;
    roles.col[CK_ROLE_PHONE] = 2;
    roles.col[CK_ROLE_EMAIL] = 3;
    roles.col[CK_ROLE_GENDER] = 4;
    roles.col[CK_ROLE_LAST_PURCHASE] = 5;
    roles.col[CK_ROLE_ORDERS] = 6;
    roles.col[CK_ROLE_AMOUNT] = 7;
    roles.col[CK_ROLE_NOTES] = 8;
    struct ck_cleaner *c;
    assert_int_equal(ck_cleaner_new(&c, NC, &roles, &o, &e), CK_OK);
    return c;
}

static void test_row_normalised_by_role(void **state)
{
    (void)state;
    struct ck_error e;
    struct ck_cleaner *c = make("name,phone/email/id", 0, 9, 0);
    const char *in[NC] = {
        "ＫＨ００１ ",        "  张  三 ", "+86 138 1234 5678", " ZS@Example.COM", "先生",
        "2024年1月5日 14:30", "３次",      "￥1,234.50元",      " VIP   客户 ",    "old problems"};
    struct ck_clean_result r;
    assert_int_equal(ck_clean_row(c, in, NULL, 7, &r, &e), CK_OK);
    const char *want[NC] = {"KH001",       "张 三",
                            "13812345678", "zs@example.com",
                            "男",          "2024-01-05 14:30:00",
                            "3",           "1234.5",
                            "VIP   客户",  ""};
    for (int i = 0; i < NC; i++)
        assert_string_equal(r.row->f[i], want[i]);
    assert_int_equal(r.row->len[1], strlen("张 三"));
    assert_int_equal(r.row->line, 7);
    assert_int_equal(r.problems, 0);
    assert_int_equal(r.bad_roles, 0);
    ck_cleaner_free(c);
}

/* A row that cannot be a customer: no valid key, or a required group without a valid value. A
 * bad optional value does not make it one. */
static void test_unusable(void **state)
{
    (void)state;
    struct ck_error e;
    struct ck_clean_result r;
    key_roles = 1u << CK_ROLE_PHONE | 1u << CK_ROLE_EMAIL | 1u << CK_ROLE_ID;
    struct ck_cleaner *c = make("name,phone/email/id", 0, -1, 0);
    const char *good_phone_bad_email[NC] = {"", "李四", "13800000002", "no-at-sign.com", "",
                                            "", "", "", "", ""};
    assert_int_equal(ck_clean_row(c, good_phone_bad_email, NULL, 2, &r, &e), CK_OK);
    assert_true(ck_problem_set_has_error(r.problems));
    assert_false(r.unusable);
    const char *id_only[NC] = {"C1", "王五", "12345", "bad@", "", "", "x", "-5", "", ""};
    assert_int_equal(ck_clean_row(c, id_only, NULL, 3, &r, &e), CK_OK);
    assert_false(r.unusable);
    const char *no_key[NC] = {"", "孙七", "12345", "bad@", "", "", "", "", "", ""};
    assert_int_equal(ck_clean_row(c, no_key, NULL, 4, &r, &e), CK_OK);
    assert_true(r.unusable);
    const char *no_name[NC] = {"C9", "", "13800000009", "", "", "", "", "", "", ""};
    assert_int_equal(ck_clean_row(c, no_name, NULL, 5, &r, &e), CK_OK);
    assert_true(r.unusable);
    ck_cleaner_free(c);
    /* a required phone must be valid; nothing required and no key column: nothing unusable */
    c = make("name,phone", 0, -1, 0);
    assert_int_equal(ck_clean_row(c, id_only, NULL, 3, &r, &e), CK_OK);
    assert_true(r.unusable);
    ck_cleaner_free(c);
    key_roles = 0;
    c = make("", 0, -1, 0);
    assert_int_equal(ck_clean_row(c, no_key, NULL, 4, &r, &e), CK_OK);
    assert_false(r.unusable);
    ck_cleaner_free(c);
}

static void test_problems_and_text(void **state)
{
    (void)state;
    struct ck_error e;
    struct ck_cleaner *c = make("name,phone/email/id", 0, -1, 0);
    const char *in[NC] = {"", "", "12345", "bad@", "?", "05/01/2024", "x", "-5", "", ""};
    struct ck_clean_result r;
    assert_int_equal(ck_clean_row(c, in, NULL, 2, &r, &e), CK_OK);
    assert_true(r.problems & (1u << CK_P_BAD_PHONE));
    assert_true(r.problems & (1u << CK_P_BAD_EMAIL));
    assert_true(r.problems & (1u << CK_P_AMBIGUOUS_DATE));
    assert_true(r.problems & (1u << CK_P_BAD_NUMBER));
    assert_true(r.problems & (1u << CK_P_NEGATIVE_AMOUNT));
    assert_true(r.problems & (1u << CK_P_BAD_GENDER));
    assert_true(r.problems & (1u << CK_P_MISSING));
    /* The phone and email are present (if bad): only the name is missing. */
    assert_int_equal(r.missing, 1u);
    assert_int_equal(r.bad_roles, (1u << CK_ROLE_PHONE) | (1u << CK_ROLE_EMAIL) |
                                      (1u << CK_ROLE_GENDER) | (1u << CK_ROLE_LAST_PURCHASE) |
                                      (1u << CK_ROLE_ORDERS) | (1u << CK_ROLE_AMOUNT));
    /* A value that does not normalise stays as written. */
    assert_string_equal(r.row->f[2], "12345");
    assert_true(ck_problem_set_has_error(r.problems));
    char text[256];
    ck_clean_problems_text(c, r.problems, r.missing, text, sizeof text);
    assert_string_equal(text, "手机号无效;邮箱无效;日期有歧义;金额为负;次数无效;性别无效;缺少姓名");
    /* Truncation never overruns, nor cuts a character: 11 bytes hold 手机号 and two bytes
     * of 无, which are left out. */
    char small[12];
    ck_clean_problems_text(c, r.problems, r.missing, small, sizeof small);
    assert_string_equal(small, "手机号");
    /* Warnings only. */
    assert_false(ck_problem_set_has_error((1u << CK_P_OUTLIER) | (1u << CK_P_FUTURE_DATE)));
    ck_clean_problems_text(c, 1u << CK_P_OUTLIER, 0, text, sizeof text);
    assert_string_equal(text, "异常值");
    ck_cleaner_free(c);

    /* The same row in an English table. */
    lang = CK_LANG_EN;
    c = make("name,phone/email/id", 0, -1, 0);
    lang = CK_LANG_ZH;
    assert_int_equal(ck_clean_row(c, in, NULL, 2, &r, &e), CK_OK);
    ck_clean_problems_text(c, r.problems, r.missing, text, sizeof text);
    assert_string_equal(text, "bad phone;bad email;ambiguous date;negative amount;bad number;"
                              "bad gender;missing name");
    ck_clean_problems_text(c, r.problems, r.missing, small, sizeof small);
    assert_string_equal(small, "bad phone;b");
    ck_clean_problems_text(c, 1u << CK_P_OUTLIER, 0, text, sizeof text);
    assert_string_equal(text, "outlier");
    ck_cleaner_free(c);
}

static void test_require_groups(void **state)
{
    (void)state;
    struct ck_error e;
    struct ck_cleaner *c = make("name,phone/email/id", 0, -1, 0);
    const char *in[NC] = {"", "", "", "", "", "", "", "", "a note", ""};
    struct ck_clean_result r;
    assert_int_equal(ck_clean_row(c, in, NULL, 2, &r, &e), CK_OK);
    assert_int_equal(r.missing, 3u);
    char text[128];
    ck_clean_problems_text(c, r.problems, r.missing, text, sizeof text);
    assert_string_equal(text, "缺少姓名;缺少手机/邮箱/编号");
    ck_cleaner_free(c);
    lang = CK_LANG_EN;
    c = make("name,phone/email/id", 0, -1, 0);
    lang = CK_LANG_ZH;
    assert_int_equal(ck_clean_row(c, in, NULL, 2, &r, &e), CK_OK);
    ck_clean_problems_text(c, r.problems, r.missing, text, sizeof text);
    assert_string_equal(text, "missing name;missing phone/email/id");
    ck_cleaner_free(c);

    struct ck_require g[CK_MAX_REQUIRE];
    size_t n;
    assert_int_equal(ck_require_parse(" phone / email ,id", g, &n, &e), CK_OK);
    assert_int_equal(n, 2);
    assert_int_equal(g[0].n, 2);
    assert_int_equal(g[0].role[1], CK_ROLE_EMAIL);
    assert_int_equal(g[1].role[0], CK_ROLE_ID);
    assert_int_equal(ck_require_parse("", g, &n, &e), CK_OK);
    assert_int_equal(n, 0);
    assert_int_equal(ck_require_parse("name,nom", g, &n, &e), CK_EUSAGE);
    assert_non_null(strstr(e.msg, "nom"));
    assert_int_equal(ck_require_parse("name,,id", g, &n, &e), CK_EUSAGE);
}

static void test_role_list(void **state)
{
    (void)state;
    struct ck_error e;
    int r[CK_ROLE_COUNT];
    size_t n;
    assert_int_equal(ck_role_list_parse("phone,email,phone", r, &n, CK_ROLE_COUNT, "--key", &e),
                     CK_OK);
    assert_int_equal(n, 2);
    assert_int_equal(r[0], CK_ROLE_PHONE);
    assert_int_equal(r[1], CK_ROLE_EMAIL);
    assert_int_equal(ck_role_list_parse("phone,", r, &n, CK_ROLE_COUNT, "--key", &e), CK_EUSAGE);
    assert_int_equal(ck_role_list_parse("telephone", r, &n, CK_ROLE_COUNT, "--key", &e), CK_EUSAGE);
    assert_non_null(strstr(e.msg, "--key"));
    assert_int_equal(ck_role_list_parse("id,name", r, &n, 1, "--key", &e), CK_EUSAGE);
}

static void test_no_normalize_and_date_order(void **state)
{
    (void)state;
    struct ck_error e;
    struct ck_cleaner *c = make(NULL, 1u << CK_ROLE_PHONE, -1, CK_DATE_DMY);
    const char *in[NC] = {"", "a", " +86 138 1234 5678 ", "", "", "05/01/2024", "", "", "", ""};
    struct ck_clean_result r;
    assert_int_equal(ck_clean_row(c, in, NULL, 2, &r, &e), CK_OK);
    assert_string_equal(r.row->f[2], " +86 138 1234 5678 ");
    assert_string_equal(r.row->f[5], "2024-01-05");
    assert_int_equal(r.problems, 0);
    ck_cleaner_free(c);
    c = make(NULL, 0, -1, CK_DATE_MDY);
    assert_int_equal(ck_clean_row(c, in, NULL, 2, &r, &e), CK_OK);
    assert_string_equal(r.row->f[5], "2024-05-01");
    assert_string_equal(r.row->f[2], "13812345678");
    ck_cleaner_free(c);
}

/* Rows of messy values, good and bad. */
static const char *const messy[][NC] = {
    {"ａｂ１", "Zhang  San", "0755-8888 8888 转 123", "A@B.CN", "female", "45292", "12", "1.2万",
     "x  y", ""},
    {"", "李四", "+1 (415) 555-0123", "x@y", "未知", "2024.1.5", "3单", "$1,000", "", ""},
    {"K9", " ", "010 1234 5678", "", "Mr", "20240105", "", "RMB 12.30", "", ""},
    {"", "", "13812345678", "", "", "2024-02-30", "-1", "abc", "", ""},
    {"K9", " ", "12345", "", "Mr", "20240105", "", "abc", "", ""},
    {"", "", "13812345678", "not mail", "", "2024-02-30", "-1", "abc", "", ""},
    {"K7", "王五", "", "w@x.cn", "男", "2030-01-01", "x", "-5", "", ""},
};
#define NMESSY (sizeof messy / sizeof *messy)

/* Row in cleaned by c into *res, and copied into once (p pointing at each value). */
static void clean_copy(struct ck_cleaner *c, const char *const *in, struct ck_clean_result *res,
                       char (*once)[128], const char **p)
{
    struct ck_error e;
    assert_int_equal(ck_clean_row(c, in, NULL, 2, res, &e), CK_OK);
    for (int k = 0; k < NC; k++) {
        snprintf(once[k], sizeof once[k], "%s", res->row->f[k]);
        p[k] = once[k];
    }
}

/* Cleaning a cleaned row gives the same row: the final check after merging relies on it. */
static void test_idempotent(void **state)
{
    (void)state;
    struct ck_error e;
    struct ck_cleaner *c = make("name,phone/email/id", 0, -1, 0);
    for (size_t i = 0; i < NMESSY; i++) {
        struct ck_clean_result a, b;
        char once[NC][128];
        const char *p[NC];
        clean_copy(c, messy[i], &a, once, p);
        assert_int_equal(ck_clean_row(c, p, NULL, 2, &b, &e), CK_OK);
        for (int k = 0; k < NC; k++)
            assert_string_equal(b.row->f[k], once[k]);
        assert_int_equal(a.problems, b.problems);
        assert_int_equal(a.missing, b.missing);
    }
    ck_cleaner_free(c);
}

/* A cleaned row whose purchase values an orders roll-up rewrote, checked again: normalising
 * only those (ck_clean_row_again, with the problems the first pass found in the rest) finds
 * what normalising the whole row finds. */
static void test_again(void **state)
{
    (void)state;
    /* last purchase, orders, amount as a roll-up may write them (and a kept bad one) */
    static const char *const buys[][3] = {
        {"2025-01-01", "3", "100.5"}, {"", "0", "0"}, {"2027-01-01", "2", "-3"},
        {"bad", "", "abc"}, {"", "", ""}};
    static const char *const requires[] = {"name,phone/email/id", "name,amount/orders", NULL};
    struct ck_error e;
    for (size_t q = 0; q < sizeof requires / sizeof *requires; q++) {
        struct ck_cleaner *c = make(requires[q], 0, -1, 0);
        for (size_t i = 0; i < NMESSY; i++) {
            struct ck_clean_result a, full, again;
            char once[NC][128];
            const char *p[NC];
            clean_copy(c, messy[i], &a, once, p);
            uint32_t others = a.others;
            assert_int_equal(others & (1u << CK_P_MISSING), 0);
            for (size_t b = 0; b < sizeof buys / sizeof *buys; b++) {
                for (int k = 0; k < 3; k++)
                    p[5 + k] = buys[b][k];
                assert_int_equal(ck_clean_row(c, p, NULL, 2, &full, &e), CK_OK);
                assert_int_equal(ck_clean_row_again(c, p, NULL, 2, others, &again, &e), CK_OK);
                assert_int_equal(again.problems, full.problems);
                assert_int_equal(again.missing, full.missing);
            }
        }
        ck_cleaner_free(c);
    }
    /* not vacuous: a bad amount the roll-up replaced is gone, a bad phone stays */
    struct ck_cleaner *c = make(NULL, 0, -1, 0);
    struct ck_clean_result a, again;
    char once[NC][128];
    const char *p[NC];
    clean_copy(c, messy[4], &a, once, p);
    assert_true(a.problems & 1u << CK_P_BAD_AMOUNT);
    assert_true(a.others & 1u << CK_P_BAD_PHONE);
    assert_false(a.others & 1u << CK_P_BAD_AMOUNT);
    p[7] = "100";
    assert_int_equal(ck_clean_row_again(c, p, NULL, 2, a.others, &again, &e), CK_OK);
    assert_int_equal(again.problems, 1u << CK_P_BAD_PHONE);
    ck_cleaner_free(c);
}

static void test_outlier_fence(void **state)
{
    (void)state;
    double v[] = {5, 1, 4, 2, 3};
    double fence;
    assert_int_equal(ck_outlier_fence(v, 5, &fence), 0);
    /* Q1 = 2, Q3 = 4 → 4 + 3·2 = 10 */
    assert_true(fence > 9.999 && fence < 10.001);
    double w[] = {0, 0, 0, 0, 0, 0, 1, 2};
    assert_int_equal(ck_outlier_fence(w, 8, &fence), 0);
    /* Q1 = 0, Q3 = 0.25 → 1: the 2 is an outlier, the 1 is not. */
    assert_true(fence > 0.999 && fence < 1.001);
    double few[] = {1, 100, 1000};
    assert_int_equal(ck_outlier_fence(few, 3, &fence), -1);
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double sorted_quantile(const double *v, size_t n, double q)
{
    double pos = q * (double)(n - 1);
    size_t i = (size_t)pos;
    return i + 1 < n ? v[i] + (pos - (double)i) * (v[i + 1] - v[i]) : v[i];
}

/* The quartiles are found by selection: the very same fence as from the sorted values, on
 * tables of every small size, of many equal values, and of sorted and reversed ones. */
static void test_outlier_fence_by_selection(void **state)
{
    (void)state;
    static double v[3000], w[3000];
    unsigned seed = 7;
    for (int iter = 0; iter < 3000; iter++) {
        size_t n = 4 + (size_t)iter % 400 + (iter % 50 == 0 ? 2000 : 0);
        int kind = iter % 4;
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            double x = (double)(seed >> 8) / 1000.0;
            v[i] = kind == 0 ? x : kind == 1 ? (double)((seed >> 16) % 4) /* many equal */
                 : kind == 2 ? (double)i : (double)(n - i);
        }
        memcpy(w, v, n * sizeof *v);
        qsort(w, n, sizeof *w, by_value);
        double q1 = sorted_quantile(w, n, 0.25), q3 = sorted_quantile(w, n, 0.75), fence;
        assert_int_equal(ck_outlier_fence(v, n, &fence), 0);
        assert_true(fence == q3 + 3.0 * (q3 - q1));
        /* reordered, not changed */
        qsort(v, n, sizeof *v, by_value);
        assert_memory_equal(v, w, n * sizeof *v);
    }
}

/* Places: province and city to their official names, the address split into the columns the
 * table lacks (added after its own), empty ones filled, unknown and ambiguous names counted. */
static void test_places(void **state)
{
    (void)state;
    struct ck_error e;
    struct ck_clean_opts o;
    memset(&o, 0, sizeof o);
    o.norm.lang = CK_LANG_ZH;
    o.skip_col = -1;
    o.split_address = 1;
    struct ck_roles r;
    for (int i = 0; i < CK_ROLE_COUNT; i++)
        r.col[i] = -1;
    r.col[CK_ROLE_NAME] = 0;
    r.col[CK_ROLE_PROVINCE] = 1;
    r.col[CK_ROLE_ADDRESS] = 2;
    struct ck_cleaner *c;
    assert_int_equal(ck_cleaner_new(&c, 3, &r, &o, &e), CK_OK);
    int added[4];
    assert_int_equal(ck_cleaner_added(c, added, 4), 2);
    assert_int_equal(added[0], CK_ROLE_CITY);
    assert_int_equal(added[1], CK_ROLE_DISTRICT);
    static const char *const rows[][3] = {
        {"甲", "粤", "浙江省义乌市稠州北路"},    /* written province kept (normalised) */
        {"乙", "", "518000 北京市朝阳区建国路"}, /* empty province filled */
        {"丙", "火星", "朝阳区建国路"},          /* unknown kept; ambiguous district */
        {"丁", " ", "吉林"},                     /* ambiguous city, province filled */
    };
    static const char *const want[][5] = {
        {"甲", "广东省", "浙江省义乌市稠州北路", "金华市", "义乌市"},
        {"乙", "北京市", "518000 北京市朝阳区建国路", "北京市", "朝阳区"},
        {"丙", "火星", "朝阳区建国路", "", ""},
        {"丁", "吉林省", "吉林", "", ""},
    };
    for (size_t k = 0; k < 4; k++) {
        struct ck_clean_result res;
        assert_int_equal(ck_clean_row(c, rows[k], NULL, (long)k + 2, &res, &e), CK_OK);
        assert_int_equal(res.row->n, 5);
        for (size_t j = 0; j < 5; j++)
            assert_string_equal(res.row->f[j], want[k][j]);
        assert_int_equal(res.problems, 0); /* never a problem */
    }
    struct ck_place_stats st;
    ck_cleaner_place_stats(c, &st);
    assert_int_equal(st.unknown[0], 1);
    assert_int_equal(st.nexample[0], 1);
    assert_string_equal(st.example[0][0], "火星");
    assert_int_equal(st.ambiguous, 2);
    assert_int_equal(st.ambiguous_line[0], 4);
    assert_int_equal(st.ambiguous_line[1], 5);
    assert_int_equal(st.unplaced, 0);
    ck_cleaner_free(c);

    /* English: English names; no split when not asked */
    o.norm.lang = CK_LANG_EN;
    o.split_address = 0;
    assert_int_equal(ck_cleaner_new(&c, 3, &r, &o, &e), CK_OK);
    assert_int_equal(ck_cleaner_added(c, added, 4), 0);
    const char *en[3] = {"A", "内蒙古", "广东省深圳市"};
    struct ck_clean_result res;
    assert_int_equal(ck_clean_row(c, en, NULL, 2, &res, &e), CK_OK);
    assert_int_equal(res.row->n, 3);
    assert_string_equal(res.row->f[1], "Inner Mongolia");
    assert_string_equal(res.row->f[2], "广东省深圳市");
    ck_cleaner_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_places),
        cmocka_unit_test(test_row_normalised_by_role),
        cmocka_unit_test(test_problems_and_text),
        cmocka_unit_test(test_unusable),
        cmocka_unit_test(test_require_groups),
        cmocka_unit_test(test_role_list),
        cmocka_unit_test(test_no_normalize_and_date_order),
        cmocka_unit_test(test_idempotent),
        cmocka_unit_test(test_again),
        cmocka_unit_test(test_outlier_fence), cmocka_unit_test(test_outlier_fence_by_selection),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
