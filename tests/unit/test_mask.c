/* test_mask.c — unit tests of lib/report/mask.c: which characters of a phone or an e-mail a
 * report shows, counted in characters (never cutting a UTF-8 sequence), and that a short
 * buffer truncates instead of overflowing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "report/mask.h"
static void test_examples(void **state)
{
    (void)state;
    char out[128];
    assert_string_equal(ck_mask_phone("13812345678", out, sizeof out), "138****5678");
    assert_string_equal(ck_mask_phone("010-12345678", out, sizeof out), "010*****5678");
    assert_string_equal(ck_mask_phone("+14155550123", out, sizeof out), "+14*****0123");
    assert_string_equal(ck_mask_phone("1234567", out, sizeof out), "*****67");
    assert_string_equal(ck_mask_phone("123", out, sizeof out), "***");
    assert_string_equal(ck_mask_phone("", out, sizeof out), "");
    assert_string_equal(ck_mask_email("zhang@example.com", out, sizeof out), "z***@example.com");
    assert_string_equal(ck_mask_email("张三@例子.cn", out, sizeof out), "张***@例子.cn");
    assert_string_equal(ck_mask_email("@example.com", out, sizeof out), "***@example.com");
    assert_string_equal(ck_mask_email("nobody", out, sizeof out), "***");
}

/* Characters, not bytes: full-width digits keep 3 + 4 characters; short values keep their
 * last 2 (or nothing below 4); spaces are characters like any other. */
static void test_characters(void **state)
{
    (void)state;
    char out[128];
    assert_string_equal(ck_mask_phone("１３８１２３４５６７８", out, sizeof out),
                        "１３８****５６７８");
    assert_string_equal(ck_mask_phone("12345678", out, sizeof out), "123*5678");
    assert_string_equal(ck_mask_phone("1234", out, sizeof out), "**34");
    assert_string_equal(ck_mask_phone("+86 138 1234 5678", out, sizeof out),
                        "+86**********5678");
    assert_string_equal(ck_mask_email("a@b@c", out, sizeof out), "a***@b@c");
    assert_string_equal(ck_mask_email("", out, sizeof out), "***");
}

/* A buffer too small for the masked value gets a NUL-terminated prefix of it; the bytes
 * past cap are never written. */
static void test_short_buffer(void **state)
{
    (void)state;
    char out[16];
    memset(out, 'X', sizeof out);
    assert_string_equal(ck_mask_phone("13812345678", out, 8), "138");
    assert_int_equal(out[8], 'X');
    memset(out, 'X', sizeof out);
    assert_string_equal(ck_mask_email("zhang@example.com", out, 4), "z**");
    assert_int_equal(out[4], 'X');
}

/* The bits a report's options carry. */
static void test_bits(void **state)
{
    (void)state;
    assert_int_equal(CK_MASK_PHONE & CK_MASK_EMAIL, 0);
    assert_int_not_equal(CK_MASK_PHONE, 0);
    assert_int_not_equal(CK_MASK_EMAIL, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_examples),
        cmocka_unit_test(test_characters),
        cmocka_unit_test(test_short_buffer),
        cmocka_unit_test(test_bits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
