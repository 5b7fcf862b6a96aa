/* test_utf8.c — unit tests of lib/base/utf8.c: decoding with validation, encoding, CJK and full-width
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

/* Every shape of invalid sequence is refused with *adv = 1 (so a scanner steps one byte), and
 * every valid code point's encoding decodes back to it. */
static void test_utf8_invalid_and_round_trip(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        size_t n;
    } bad[] = {
        {"\xc1\xbf", 2},             /* overlong 2-byte (U+007F) */
        {"\xe0\x80\xaf", 3},         /* overlong 3-byte '/' */
        {"\xe0\x9f\xbf", 3},         /* overlong 3-byte (U+07FF) */
        {"\xf0\x80\x80\xaf", 4},     /* overlong 4-byte '/' */
        {"\xf0\x8f\xbf\xbf", 4},     /* overlong 4-byte (U+FFFF) */
        {"\xed\xbf\xbf", 3},         /* low surrogate U+DFFF */
        {"\xf4\x90\x80\x80", 4},     /* U+110000, past Unicode */
        {"\xf5\x80\x80\x80", 4},     /* lead byte never used */
        {"\x80", 1},                 /* continuation alone */
        {"\xe5\x41\xa0", 3},         /* continuation missing */
        {"\xf0\x9f\x98", 3},         /* cut 4-byte */
    };
    size_t adv = 99;
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        if (ck_utf8_decode(bad[i].s, bad[i].n, &adv) != -1)
            fail_msg("case %zu decoded", i);
        assert_int_equal(adv, 1);
        assert_false(ck_utf8_valid(bad[i].s, bad[i].n));
    }
    assert_int_equal(ck_utf8_decode("", 0, &adv), -1);
    assert_int_equal(ck_utf8_decode("\xef\xbf\xbf", 3, &adv), 0xFFFF);
    assert_int_equal(ck_utf8_decode("\xf4\x8f\xbf\xbf", 4, &adv), 0x10FFFF);
    assert_int_equal(adv, 4);
    assert_int_equal(ck_utf8_decode("\xf0\x9f\x98\x80", 4, &adv), 0x1F600);
    char out[4];
    for (long cp = 0; cp <= 0x10FFFF; cp++) {
        if (cp >= 0xD800 && cp <= 0xDFFF)
            continue;
        size_t n = ck_utf8_encode(cp, out);
        assert_int_equal(n, cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4);
        if (ck_utf8_decode(out, n, &adv) != cp || adv != n)
            fail_msg("U+%04lX does not round-trip", cp);
    }
    assert_true(ck_is_wide(0x4E00));
    assert_true(ck_is_wide(0xFF21));
    assert_false(ck_is_wide('A'));
    assert_false(ck_is_wide(0x00E9));
    assert_int_equal(ck_fold_width(0x3000), ' ');
    assert_int_equal(ck_fold_width(0xFF5E), '~');
    assert_int_equal(ck_fold_width(0xFF5F), 0xFF5F);
    assert_true(ck_has_cjk("ok 。"));    /* CJK punctuation counts */
    assert_false(ck_has_cjk("caf\xc3\xa9")); /* Latin with accents does not */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8),
        cmocka_unit_test(test_utf8_invalid_and_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
