/* test_suggest.c — unit tests of lib/suggest.c: the "did you mean" candidate by edit distance. */
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_suggest),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
