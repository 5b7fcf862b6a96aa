/* test_template.c — unit tests of lib/report/template.c: the column names, the default dropdowns
 * (the 31 provinces as data/cn-divisions/provinces.csv names them), the headers ck_roles_resolve
 * maps back to their roles, and the option errors of ck_template_write. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "clean/clean.h"
#include "report/template.h"

#define N(a) (sizeof(a) / sizeof *(a))

static void test_fields(void **state)
{
    (void)state;
    assert_int_equal(ck_template_field("phone"), ck_template_field("PHONE"));
    assert_true(ck_template_field("level") >= 0);
    assert_true(ck_template_field("channel") >= 0);
    assert_int_equal(ck_template_field("order_id"), -1);
    assert_int_equal(ck_template_field("fax"), -1);
    assert_string_equal(ck_template_field_name(ck_template_field("first_purchase")),
                        "first_purchase");
    assert_false(ck_template_field_listable(ck_template_field("phone")));
    assert_false(ck_template_field_listable(ck_template_field("amount")));
    assert_true(ck_template_field_listable(ck_template_field("industry")));
    assert_true(ck_template_field_listable(ck_template_field("gender")));
    assert_non_null(strstr(ck_template_field_names(), "id, name, gender, phone"));
}

/* The 31 provincial divisions of the mainland, in the order and spelling of
 * data/cn-divisions/provinces.csv (tests/interop/check_template.py reads the file itself). */
static void test_provinces(void **state)
{
    (void)state;
    static const char *const want[] = {
        "北京市", "天津市", "河北省", "山西省", "内蒙古自治区", "辽宁省", "吉林省", "黑龙江省",
        "上海市", "江苏省", "浙江省", "安徽省", "福建省", "江西省", "山东省", "河南省",
        "湖北省", "湖南省", "广东省", "广西壮族自治区", "海南省", "重庆市", "四川省", "贵州省",
        "云南省", "西藏自治区", "陕西省", "甘肃省", "青海省", "宁夏回族自治区",
        "新疆维吾尔自治区"};
    const char *got[64];
    int f = ck_template_field("province");
    size_t n = ck_template_default_list(f, CK_LANG_ZH, got, N(got));
    assert_int_equal(n, 31);
    for (size_t i = 0; i < N(want); i++)
        assert_string_equal(got[i], want[i]);
    n = ck_template_default_list(f, CK_LANG_EN, got, N(got));
    assert_int_equal(n, 31);
    assert_string_equal(got[0], "Beijing");
    assert_string_equal(got[4], "Inner Mongolia");
    /* a smaller buffer gets the count all the same */
    assert_int_equal(ck_template_default_list(f, CK_LANG_ZH, got, 2), 31);
    assert_int_equal(ck_template_default_list(ck_template_field("gender"), CK_LANG_ZH, got, 8), 2);
    assert_string_equal(got[0], "男");
    assert_int_equal(ck_template_default_list(ck_template_field("notes"), CK_LANG_ZH, got, 8), 0);
}

/* Every header the template writes, in both languages, resolves to its own role. */
static void test_headers_resolve(void **state)
{
    (void)state;
    for (int lang = 0; lang < 2; lang++)
        for (int f = 0; f < CK_TPL_MAX_FIELDS; f++) {
            const char *name = ck_template_field_name(f);
            if (strcmp(name, "?") == 0)
                break;
            int role = ck_role_from_name(name);
            const char *h = ck_template_header(f, lang);
            char *fields[1] = {(char *)h};
            struct ck_row header = {.f = fields, .n = 1};
            struct ck_roles roles;
            struct ck_error e;
            assert_int_equal(ck_roles_resolve(&roles, &header, CK_TABLE_CUSTOMERS, NULL, 0, &e),
                             CK_OK);
            for (int r = 0; r < CK_ROLE_COUNT; r++)
                if (roles.col[r] == 0 && r != role)
                    fail_msg("%s (%s) is read as %s", h, name, ck_role_name(r));
            if (role >= 0 && roles.col[role] != 0)
                fail_msg("%s is not read as %s", h, name);
        }
}

static void test_write_errors(void **state)
{
    (void)state;
    char dir[64], path[128];
    snprintf(dir, sizeof dir, "/tmp/ck-tpl-%ld", (long)getpid());
    assert_int_equal(mkdir(dir, 0700), 0);
    snprintf(path, sizeof path, "%s/t.xlsx", dir);
    struct ck_template_opts o;
    struct ck_error e;
    memset(&o, 0, sizeof o);
    o.rows = -1;
    assert_int_equal(ck_template_write(&o, path, NULL, &e), CK_EUSAGE);
    o.rows = CK_TPL_MAX_ROWS + 1;
    assert_int_equal(ck_template_write(&o, path, NULL, &e), CK_EUSAGE);
    o.rows = 3;
    static const char *const vals[] = {"1", "2"};
    int phone = ck_template_field("phone");
    o.list[phone] = vals;
    o.nlist[phone] = 2;
    assert_int_equal(ck_template_write(&o, path, NULL, &e), CK_EUSAGE);
    assert_non_null(strstr(e.msg, "phone"));
    o.list[phone] = NULL;
    int twice[] = {phone, ck_template_field("name"), phone};
    o.fields = twice;
    o.nfields = 3;
    assert_int_equal(ck_template_write(&o, path, NULL, &e), CK_EUSAGE);
    o.fields = NULL;
    o.nfields = 0;
    assert_int_equal(access(path, F_OK), -1); /* nothing written so far */
    struct ck_template_stats st;
    assert_int_equal(ck_template_write(&o, path, &st, &e), CK_OK);
    assert_int_equal(st.columns, 16);
    assert_int_equal(st.rows, 3);
    assert_int_equal(st.lists, 4);
    assert_int_equal(access(path, F_OK), 0);
    assert_int_equal(ck_template_write(&o, dir, NULL, &e), CK_EOUTPUT);
    char missing[160];
    snprintf(missing, sizeof missing, "%s/none/t.xlsx", dir);
    assert_int_equal(ck_template_write(&o, missing, NULL, &e), CK_EOUTPUT);
    unlink(path);
    assert_int_equal(rmdir(dir), 0); /* no temporary file left behind */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fields),
        cmocka_unit_test(test_provinces),
        cmocka_unit_test(test_headers_resolve),
        cmocka_unit_test(test_write_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
