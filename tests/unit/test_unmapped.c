/* test_unmapped.c — unit tests of lib/clean/unmapped.c: columns that look like dates or amounts, by
 * their values or their header, though no role checks them, and the roles they could take. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "custkit.h"
#include "clean/unmapped.h"
static const char *const header[] = {"name", "phone", "生日",   "last_seen", "paid",
                                     "code", "备注",  "segment", "_problems", "下单时间"};
#define NC (sizeof header / sizeof *header)

static void make(struct ck_table *t, struct ck_roles *roles)
{
    struct ck_error e;
    static const char *const rows[][NC] = {
        {"张三", "13800000001", "1990-01-02", "2024-01-05", "¥1,200", "10001", "老客户",
         "2024-01-01", "", ""},
        {"李四", "13800000002", "1985-07-30", "2024-03-09", "35.5", "10002", "", "2024-01-01",
         "", ""},
        {"王五", "13800000003", "2001-12-31", "2023-11-20", "80", "10003", "要发票", "", "", ""},
    };
    ck_table_init(t);
    struct ck_row h = {NC, (char **)header, NULL, 1};
    assert_int_equal(ck_table_set_header(t, &h, &e), CK_OK);
    for (size_t r = 0; r < 3; r++) {
        struct ck_row row = {NC, (char **)rows[r], NULL, (long)r + 2};
        assert_int_equal(ck_table_append(t, &row, &e), CK_OK);
    }
    for (int i = 0; i < CK_ROLE_COUNT; i++)
        roles->col[i] = -1;
    roles->col[CK_ROLE_NAME] = 0;
    roles->col[CK_ROLE_PHONE] = 1;
}

static void test_unmapped_columns(void **state)
{
    (void)state;
    struct ck_table t;
    struct ck_roles roles;
    make(&t, &roles);
    static const char *const known[] = {"_problems", "问题"};
    struct ck_unmapped u;
    int want_kind[NC] = {0, 0, 'd', 'd', 'a', 0, 0, 0, 0, 'd'};
    for (size_t c = 0; c < NC; c++) {
        memset(&u, 0, sizeof u);
        int got = ck_unmapped_column(&t, c, &roles, -1, known, 2, CK_LANG_ZH, &u);
        assert_int_equal(got, want_kind[c] != 0);
        if (got) {
            assert_int_equal(u.col, c);
            assert_int_equal(u.kind, want_kind[c]);
        }
    }
    /* the roles each could take, most likely first */
    assert_true(ck_unmapped_column(&t, 2, &roles, -1, known, 2, CK_LANG_ZH, &u));
    assert_int_equal(u.nrole, 1);
    assert_int_equal(u.role[0], CK_ROLE_BIRTHDATE);
    assert_true(ck_unmapped_column(&t, 3, &roles, -1, known, 2, CK_LANG_ZH, &u));
    assert_int_equal(u.nrole, 1);
    assert_int_equal(u.role[0], CK_ROLE_LAST_PURCHASE);
    assert_true(ck_unmapped_column(&t, 4, &roles, -1, known, 2, CK_LANG_ZH, &u));
    assert_int_equal(u.role[0], CK_ROLE_AMOUNT);
    /* no values, a date word in the header: first or last purchase */
    assert_true(ck_unmapped_column(&t, 9, &roles, -1, known, 2, CK_LANG_ZH, &u));
    assert_int_equal(u.nrole, 2);
    assert_int_equal(u.role[0], CK_ROLE_FIRST_PURCHASE);
    assert_int_equal(u.role[1], CK_ROLE_LAST_PURCHASE);
    /* a role taken by another column is no way out; with none left, no warning */
    roles.col[CK_ROLE_FIRST_PURCHASE] = 5;
    assert_true(ck_unmapped_column(&t, 9, &roles, -1, known, 2, CK_LANG_ZH, &u));
    assert_int_equal(u.nrole, 1);
    assert_int_equal(u.role[0], CK_ROLE_LAST_PURCHASE);
    roles.col[CK_ROLE_AMOUNT] = 6;
    assert_false(ck_unmapped_column(&t, 4, &roles, -1, known, 2, CK_LANG_ZH, &u));
    /* a column playing a role, or the skipped one, is never unmapped */
    assert_false(ck_unmapped_column(&t, 5, &roles, -1, known, 2, CK_LANG_ZH, &u));
    assert_false(ck_unmapped_column(&t, 2, &roles, 2, known, 2, CK_LANG_ZH, &u));
    ck_table_free(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unmapped_columns),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
