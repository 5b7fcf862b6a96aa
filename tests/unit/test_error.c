/* test_error.c — unit tests of lib/base/error.c: error messages cut at a character, and the exit status
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

/* Every code is its own exit status (SPEC §10) except out of memory, which is "the output could
 * not be produced"; ck_error_set returns the code, fills both fields, and takes a NULL error. */
static void test_exit_status_every_code(void **state)
{
    (void)state;
    assert_int_equal(ck_exit_status(CK_OK), 0);
    assert_int_equal(ck_exit_status(CK_EDATA), 1);
    assert_int_equal(ck_exit_status(CK_EUSAGE), 2);
    assert_int_equal(ck_exit_status(CK_EINPUT), 3);
    assert_int_equal(ck_exit_status(CK_EOUTPUT), 4);
    assert_int_equal(ck_exit_status(CK_ENOMEM), 4);
    assert_int_equal(ck_exit_status(99), 4);
    struct ck_error e;
    assert_int_equal(ck_error_set(&e, CK_EUSAGE, "%s:%d: %s", "rules.txt", 7, "bad"), CK_EUSAGE);
    assert_int_equal(e.code, CK_EUSAGE);
    assert_string_equal(e.msg, "rules.txt:7: bad");
    assert_int_equal(ck_error_set(NULL, CK_EINPUT, "x"), CK_EINPUT);
    /* a message that fits exactly is not cut */
    char fit[sizeof e.msg];
    memset(fit, 'x', sizeof fit - 1);
    fit[sizeof fit - 1] = 0;
    ck_error_set(&e, CK_EINPUT, "%s", fit);
    assert_int_equal(strlen(e.msg), sizeof e.msg - 1);
    /* ASCII cut at the last byte, four-byte characters cut whole */
    char four[800] = "";
    for (int i = 0; i < 150; i++)
        strcat(four, "\xf0\x9f\x98\x80");
    ck_error_set(&e, CK_EINPUT, "%s", four);
    assert_int_equal(strlen(e.msg), 508);
    assert_true(ck_utf8_valid(e.msg, strlen(e.msg)));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_error_cut_utf8),
        cmocka_unit_test(test_exit_status_every_code),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
