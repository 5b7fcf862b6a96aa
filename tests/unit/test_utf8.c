/* test_utf8.c — unit tests of lib/utf8.c: decoding with validation, encoding, CJK and full-width
 * detection. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "custkit.h"

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
