/* test_error.c — unit tests of lib/error.c: error messages cut at a character, and the exit status
 * of every code. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "custkit.h"

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_error_cut_utf8),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
