/* test_suggest.c — unit tests of lib/base/suggest.c: the "did you mean" candidate by edit distance. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "custkit.h"

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

/* Edit distance over code points, not bytes: one Chinese character is one edit; limits of 1
 * edit under 6 characters and 2 from 6 on; NULL and empty candidates are skipped. */
static void test_suggest_limits(void **state)
{
    (void)state;
    static const char *const roles[] = {"phone", "email", "last_purchase", "province", NULL, ""};
    assert_string_equal(ck_suggest("phne", roles, 6), "phone");
    assert_string_equal(ck_suggest("Emaill", roles, 6), "email");
    assert_null(ck_suggest("phnoe", roles, 6)); /* a transposition is 2 edits: too many at 5 */
    assert_string_equal(ck_suggest("last_purchse", roles, 6), "last_purchase");
    assert_string_equal(ck_suggest("last-purchace", roles, 6), "last_purchase");
    assert_null(ck_suggest("lst-purchace", roles, 6)); /* three edits */
    assert_string_equal(ck_suggest("provnce", roles, 6), "province");
    assert_null(ck_suggest("", roles, 6));
    assert_null(ck_suggest("phone", roles, 0));
    static const char *const zh[] = {"最近购买日期", "客户编号"};
    assert_string_equal(ck_suggest("最近购买日", zh, 2), "最近购买日期");
    assert_string_equal(ck_suggest("客户编码", zh, 2), "客户编号");
    assert_null(ck_suggest("客户", zh, 2));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_suggest),
        cmocka_unit_test(test_suggest_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
