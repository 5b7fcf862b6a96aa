/* test_core.c — the small pieces every command relies on: roles, the CSV writer, number
 * formatting, dates and --as-of, UTF-8 helpers, the in-memory table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <sys/stat.h>
#include <unistd.h>

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

static void test_format_double(void **state)
{
    (void)state;
    static const struct {
        double v;
        const char *want;
    } cases[] = {
        {42, "42"},         {0.1, "0.1"},       {13812345678.0, "13812345678"},
        {1e-7, "1e-7"},     {-0.0, "0"},        {1234.5, "1234.5"},
        {0.30000000000000004, "0.30000000000000004"},
        {1e21, "1e21"},     {123456789012345680000.0, "123456789012345680000"},
        {-2.5, "-2.5"},     {45292, "45292"},   {0.000123, "0.000123"},
        {123.456, "123.456"}, {1.5e15, "1500000000000000"}, {1.0 / 3, "0.3333333333333333"},
        {-9007199254740993.0, "-9007199254740992"}, {46056.4, "46056.4"},
    };
    char buf[32];
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        assert_string_equal(ck_format_double(cases[i].v, buf), cases[i].want);
    /* every double reads back exactly, in no more digits than needed */
    uint64_t x = 88172645463325252ULL;
    for (int i = 0; i < 200000; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        double v;
        memcpy(&v, &x, sizeof v);
        if (isnan(v) || isinf(v))
            continue;
        if (i % 2)
            v = (double)(x % 100000000) / 100; /* money-like values too */
        ck_format_double(v, buf);
        assert_true(strtod(buf, NULL) == v);
        char shorter[40];
        for (int digits = 1; digits < 17; digits++) {
            snprintf(shorter, sizeof shorter, "%.*e", digits - 1, v);
            if (strtod(shorter, NULL) == v) {
                /* the shortest form has this many significant digits: so must ours */
                char sig[40];
                size_t n = 0;
                for (const char *p = buf; *p && *p != 'e'; p++)
                    if (*p >= '0' && *p <= '9' && (n || *p != '0'))
                        sig[n++] = *p;
                while (n && sig[n - 1] == '0')
                    n--;
                assert_true(n <= (size_t)digits);
                break;
            }
        }
    }
    double d;
    assert_int_equal(ck_parse_double("1234.50", &d), 0);
    assert_true(d == 1234.5);
    assert_int_equal(ck_parse_double("1e3", &d), 0);
    assert_int_equal(ck_parse_double("0x10", &d), -1);
    assert_int_equal(ck_parse_double("inf", &d), -1);
    assert_int_equal(ck_parse_double("1e999", &d), -1);
    assert_int_equal(ck_parse_double("", &d), -1);
    assert_int_equal(ck_parse_double("12a", &d), -1);
}

static void test_dates(void **state)
{
    (void)state;
    long d;
    char buf[16];
    assert_int_equal(ck_days_from_civil(1970, 1, 1), 0);
    assert_int_equal(ck_iso_date_parse("2024-02-29", &d), 0);
    ck_iso_date_format(d, buf);
    assert_string_equal(buf, "2024-02-29");
    assert_int_equal(ck_iso_date_parse("2023-02-29", &d), -1);
    assert_int_equal(ck_iso_date_parse("9999-99-99", &d), -1);
    assert_int_equal(ck_iso_date_parse("2024-01-05 13:30:00", &d), 0);
    struct ck_error e;
    setenv("CUSTKIT_TODAY", "2026-11-29", 1);
    assert_int_equal(ck_asof_resolve("quarter-end", &d, &e), CK_OK);
    ck_iso_date_format(d, buf);
    assert_string_equal(buf, "2026-09-30");
    setenv("CUSTKIT_TODAY", "2026-01-01", 1);
    assert_int_equal(ck_asof_resolve("quarter-end", &d, &e), CK_OK);
    ck_iso_date_format(d, buf);
    assert_string_equal(buf, "2025-12-31");
    assert_int_equal(ck_asof_resolve("today", &d, &e), CK_OK);
    ck_iso_date_format(d, buf);
    assert_string_equal(buf, "2026-01-01");
    assert_int_equal(ck_asof_resolve("2026-13-01", &d, &e), CK_EUSAGE);
    assert_non_null(strstr(e.msg, "--as-of"));
    /* the forms a date cell takes, keywords in any case */
    static const char *const same[] = {"2026/9/30", "2026.09.30", "20260930",
                                       "2026年9月30日", "30/09/2026", "Sep 30, 2026"};
    for (size_t i = 0; i < sizeof same / sizeof *same; i++) {
        assert_int_equal(ck_asof_resolve(same[i], &d, &e), CK_OK);
        ck_iso_date_format(d, buf);
        assert_string_equal(buf, "2026-09-30");
    }
    assert_int_equal(ck_asof_resolve("Quarter-End", &d, &e), CK_OK);
    assert_int_equal(ck_asof_resolve("TODAY", &d, &e), CK_OK);
    /* never a guess: 05/09 could be either; a time or a serial is not a day */
    assert_int_equal(ck_asof_resolve("05/09/2026", &d, &e), CK_EUSAGE);
    assert_non_null(strstr(e.msg, "ambiguous"));
    assert_int_equal(ck_asof_resolve("2026-09-30 12:00", &d, &e), CK_EUSAGE);
    assert_int_equal(ck_asof_resolve("45000", &d, &e), CK_EUSAGE);
    assert_int_equal(ck_asof_resolve("", &d, &e), CK_EUSAGE);
}

static void test_suggest(void **state)
{
    (void)state;
    static const char *const cmds[] = {"import", "clean", "tag", "segment", "export", NULL};
    assert_string_equal(ck_suggest("cleen", cmds, 6), "clean");
    assert_string_equal(ck_suggest("segmnet", cmds, 6), "segment");
    assert_string_equal(ck_suggest("EXPORT", cmds, 6), "export");
    assert_null(ck_suggest("frobnicate", cmds, 6));
    assert_null(ck_suggest("x", cmds, 6)); /* one letter is no evidence */
    static const char *const zh[] = {"手机", "邮箱"};
    assert_string_equal(ck_suggest("手机号", zh, 2), "手机");
}

static void test_utf8(void **state)
{
    (void)state;
    size_t adv;
    assert_int_equal(ck_utf8_decode("\xe5\xbc\xa0", 3, &adv), 0x5F20);
    assert_int_equal(adv, 3);
    assert_int_equal(ck_utf8_decode("\xc0\xaf", 2, &adv), -1); /* overlong */
    assert_int_equal(ck_utf8_decode("\xed\xa0\x80", 3, &adv), -1); /* surrogate */
    assert_int_equal(ck_utf8_decode("\xe5\xbc", 2, &adv), -1);      /* cut */
    assert_true(ck_utf8_valid("abc\xe5\xbc\xa0", 6));
    assert_false(ck_utf8_valid("abc\xff", 4));
    assert_int_equal(ck_fold_width(0xFF11), '1');
    assert_true(ck_has_cjk("客户"));
    assert_false(ck_has_cjk("\xef\xbc\xa1\xef\xbc\xa2")); /* ＡＢ is full-width ASCII, not Chinese */
    char out[64];
    assert_string_equal(ck_header_fold("Customer_ID", out, sizeof out), "customerid");
    assert_string_equal(ck_header_fold("ｅ－ｍａｉｌ", out, sizeof out), "email");
}

/* A message longer than struct ck_error holds is cut at a character, never inside one: Chinese
 * messages (and column names) run to three bytes a character. */
static void test_error_cut_utf8(void **state)
{
    (void)state;
    char text[700] = "";
    for (int i = 0; i < 200; i++)
        strcat(text, "客");
    for (size_t pre = 1; pre <= 3; pre++) {
        struct ck_error e;
        assert_int_equal(ck_error_set(&e, CK_EINPUT, "%.*s: %s", (int)pre, "abc", text), CK_EINPUT);
        size_t n = strlen(e.msg);
        assert_true(n >= sizeof e.msg - 4 && n < sizeof e.msg);
        assert_true(ck_utf8_valid(e.msg, n));
        assert_memory_equal(e.msg + pre + 2, text, n - pre - 2);
    }
}

static void test_writer_quoting(void **state)
{
    (void)state;
    char path[] = "/tmp/ck-writer-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    struct ck_writer *w;
    struct ck_error e;
    assert_int_equal(ck_writer_open(&w, path, 0, &e), CK_OK);
    const char *row1[] = {"plain", "a,b", "say \"hi\"", "two\nlines", "cr\r", ""};
    assert_int_equal(ck_writer_row(w, row1, NULL, 6, &e), CK_OK);
    const char *row2[] = {""};
    assert_int_equal(ck_writer_row(w, row2, NULL, 1, &e), CK_OK);
    assert_int_equal(ck_writer_close(w, &e), CK_OK);
    FILE *f = fopen(path, "rb");
    char buf[256] = {0};
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    unlink(path);
    buf[n] = 0;
    assert_string_equal(buf, "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\r\",\n\"\"\n");
}

static char *slurp_and_unlink(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *buf = calloc(1, 1 << 20);
    assert_non_null(buf);
    size_t n = fread(buf, 1, (1 << 20) - 1, f);
    fclose(f);
    unlink(path);
    buf[n] = 0;
    return buf;
}

static void test_writer_row_after(void **state)
{
    (void)state;
    /* a row whose first fields were formatted earlier (ck_csv_format) and the rest written
     * after them is byte for byte the row ck_writer_row writes, wherever the cut is */
    static const char *const pool[] = {"plain", "a,b", "say \"hi\"", "two\nlines", "cr\r", "",
                                       "\"", "张三", " x "};
    char one[] = "/tmp/ck-writer-XXXXXX", two[] = "/tmp/ck-writer-XXXXXX";
    int fd1 = mkstemp(one), fd2 = mkstemp(two);
    assert_true(fd1 >= 0 && fd2 >= 0);
    close(fd1);
    close(fd2);
    struct ck_writer *w1, *w2;
    struct ck_error e;
    assert_int_equal(ck_writer_open(&w1, one, 0, &e), CK_OK);
    assert_int_equal(ck_writer_open(&w2, two, 0, &e), CK_OK);
    unsigned seed = 7;
    char pre[512];
    for (int iter = 0; iter < 500; iter++) {
        const char *f[6];
        size_t len[6], n = 2 + (size_t)(iter % 5);
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            f[i] = pool[(seed >> 16) % (sizeof pool / sizeof *pool)];
            len[i] = strlen(f[i]);
        }
        size_t cut = 1 + (size_t)iter % (n - 1); /* at least one field on each side */
        assert_true(ck_csv_format_max(len, cut) <= sizeof pre);
        size_t m = ck_csv_format(pre, f, len, cut);
        assert_int_equal(ck_writer_row(w1, f, len, n, &e), CK_OK);
        assert_int_equal(ck_writer_row_after(w2, pre, m, f + cut, len + cut, n - cut, &e), CK_OK);
    }
    assert_int_equal(ck_writer_close(w1, &e), CK_OK);
    assert_int_equal(ck_writer_close(w2, &e), CK_OK);
    char *a = slurp_and_unlink(one), *b = slurp_and_unlink(two);
    assert_true(strlen(a) > 1000);
    assert_string_equal(a, b);
    free(a);
    free(b);
}

static void test_writer_abort_keeps_old_file(void **state)
{
    (void)state;
    char path[] = "/tmp/ck-writer-XXXXXX";
    int fd = mkstemp(path);
    assert_int_equal(write(fd, "old\n", 4), 4);
    close(fd);
    struct ck_writer *w;
    struct ck_error e;
    assert_int_equal(ck_writer_open(&w, path, 0, &e), CK_OK);
    const char *row[] = {"new"};
    assert_int_equal(ck_writer_row(w, row, NULL, 1, &e), CK_OK);
    ck_writer_abort(w);
    FILE *f = fopen(path, "rb");
    char buf[16] = {0};
    assert_int_equal(fread(buf, 1, sizeof buf, f), 4);
    fclose(f);
    unlink(path);
    assert_string_equal(buf, "old\n");
    /* an unwritable place is an output error naming it */
    assert_int_equal(ck_writer_open(&w, "/nonexistent-dir/x.csv", 0, &e), CK_EOUTPUT);
    assert_non_null(strstr(e.msg, "/nonexistent-dir/x.csv"));
}

static void test_table(void **state)
{
    (void)state;
    struct ck_table t;
    struct ck_error e;
    ck_table_init(&t);
    const char *h[] = {"a", "b"};
    struct ck_row hr = make_row(h, 2);
    assert_int_equal(ck_table_set_header(&t, &hr, &e), CK_OK);
    for (int i = 0; i < 5000; i++) {
        char v[16];
        snprintf(v, sizeof v, "%d", i);
        const char *f[] = {v, i % 2 ? "odd" : ""};
        struct ck_row r = make_row(f, 2);
        r.line = i + 2;
        assert_int_equal(ck_table_append(&t, &r, &e), CK_OK);
    }
    assert_int_equal(t.nrows, 5000);
    long c = ck_table_add_column(&t, "c", &e);
    assert_int_equal(c, 2);
    assert_int_equal(ck_table_set(&t, 4999, 2, "last", 4, &e), CK_OK);
    assert_string_equal(ck_table_cell(&t, 4999, 0), "4999");
    assert_string_equal(ck_table_cell(&t, 4999, 1), "odd");
    assert_string_equal(ck_table_cell(&t, 4999, 2), "last");
    assert_string_equal(ck_table_cell(&t, 0, 2), "");
    assert_int_equal(t.lines[10], 12);
    assert_int_equal(ck_table_find_column(&t, "b"), 1);
    assert_int_equal(ck_table_find_column(&t, "zz"), -1);
    ck_table_free(&t);
}

static void test_sha256(void **state)
{
    (void)state;
    struct ck_sha256 s;
    char hex[65];
    ck_sha256_init(&s);
    ck_sha256_hex(&s, hex);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    ck_sha256_init(&s);
    ck_sha256_update(&s, "abc", 3);
    ck_sha256_hex(&s, hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    ck_sha256_init(&s);
    const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    ck_sha256_update(&s, two, strlen(two));
    ck_sha256_hex(&s, hex);
    assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    ck_sha256_init(&s);
    char a[1000];
    memset(a, 'a', sizeof a);
    for (int i = 0; i < 1000; i++)
        ck_sha256_update(&s, a, sizeof a);
    ck_sha256_hex(&s, hex);
    assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

/* ck_temp_beside: CK_OK with an fd and a name in the target's directory, the mode asked for
 * (less the umask); an error code, not a negated one, when the directory is not there. */
static void test_temp_beside(void **state)
{
    (void)state;
    char dir[] = "/tmp/test_core.XXXXXX";
    assert_non_null(mkdtemp(dir));
    char target[64];
    snprintf(target, sizeof target, "%s/out.csv", dir);
    struct ck_error e = {0};
    int fd = -7;
    char *tmp = NULL;
    mode_t um = umask(022);
    assert_int_equal(ck_temp_beside(target, 0640, &fd, &tmp, &e), CK_OK);
    assert_true(fd >= 0);
    assert_non_null(tmp);
    assert_int_equal(strncmp(tmp, dir, strlen(dir)), 0);
    assert_non_null(strstr(tmp, "/.out.csv."));
    struct stat st;
    assert_int_equal(fstat(fd, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0640);
    close(fd);
    unlink(tmp);
    ck_tempfile_unregister(tmp);
    free(tmp);

    char missing[80];
    snprintf(missing, sizeof missing, "%s/no/such/out.csv", dir);
    fd = -7;
    tmp = NULL;
    assert_int_equal(ck_temp_beside(missing, 0, &fd, &tmp, &e), CK_EOUTPUT);
    assert_int_equal(e.code, CK_EOUTPUT);
    assert_non_null(strstr(e.msg, "cannot create"));
    assert_int_equal(fd, -7);
    assert_null(tmp);
    umask(um);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_roles_synonyms),     cmocka_unit_test(test_roles_orders_and_override),
        cmocka_unit_test(test_table_lang),
        cmocka_unit_test(test_format_double),      cmocka_unit_test(test_dates),
        cmocka_unit_test(test_suggest),
        cmocka_unit_test(test_utf8),               cmocka_unit_test(test_writer_quoting),
        cmocka_unit_test(test_writer_row_after),
        cmocka_unit_test(test_writer_abort_keeps_old_file), cmocka_unit_test(test_table),
        cmocka_unit_test(test_sha256),             cmocka_unit_test(test_roles_shop_export),
        cmocka_unit_test(test_error_cut_utf8),
        cmocka_unit_test(test_status_excluded),
        cmocka_unit_test(test_temp_beside),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
