/* test_sheet_names.c — unit tests of lib/report/sheet_names.c: names a workbook accepts (31 UTF-16
 * units, forbidden characters, the reserved History, uniqueness without case in every script),
 * safe file names for --split, and the phone and e-mail masks of --mask. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "custkit.h"

static void test_clean(void **state)
{
    (void)state;
    char out[CK_SHEET_NAME_BYTES];
    assert_int_equal(ck_utf16_units("abc"), 3);
    assert_int_equal(ck_utf16_units("高价值"), 3);
    assert_int_equal(ck_utf16_units("\xf0\x9f\x98\x80"), 2); /* outside the BMP: a pair */
    assert_string_equal(ck_sheet_name_clean("a[b]:c*d?e/f\\g", 0, NULL, out), "a_b__c_d_e_f_g");
    assert_string_equal(ck_sheet_name_clean(" 'Gold' ", 0, NULL, out), "Gold");
    assert_string_equal(ck_sheet_name_clean("a\tb", 0, NULL, out), "a_b");
    assert_string_equal(ck_sheet_name_clean("''", 0, "(blank)", out), "(blank)");
    assert_string_equal(ck_sheet_name_clean("", 0, NULL, out), "_");
    /* 31 units, never inside a character */
    assert_string_equal(ck_sheet_name_clean("abcdefghijklmnopqrstuvwxyz0123456789", 0, NULL, out),
                        "abcdefghijklmnopqrstuvwxyz01234");
    char emoji[80] = "";
    for (int i = 0; i < 16; i++)
        strcat(emoji, "\xf0\x9f\x98\x80");
    ck_sheet_name_clean(emoji, 0, NULL, out);
    assert_int_equal(ck_utf16_units(out), 30);
    assert_int_equal(strlen(out), 60);
    /* file mode: <>"| and a leading dot cannot reach outside the directory */
    assert_string_equal(ck_sheet_name_clean("../a<b>\"c|", 1, NULL, out), "_._a_b__c_");
    assert_string_equal(ck_sheet_name_clean(".hidden", 1, NULL, out), "_hidden");
    assert_string_equal(ck_sheet_name_clean("a<b", 0, NULL, out), "a<b");
}

static void test_unique(void **state)
{
    (void)state;
    struct ck_sheet_names *s;
    struct ck_error e;
    char out[CK_SHEET_NAME_BYTES];
    assert_int_equal(ck_sheet_names_new(&s, &e), CK_OK);
    assert_true(ck_sheet_names_taken(s, "HISTORY")); /* reserved by Excel */
    assert_int_equal(ck_sheet_names_add(s, "history", 0, NULL, out, &e), CK_OK);
    assert_string_equal(out, "history (2)");
    assert_int_equal(ck_sheet_names_add(s, "Gold", 0, NULL, out, &e), CK_OK);
    assert_string_equal(out, "Gold");
    assert_int_equal(ck_sheet_names_add(s, "GOLD", 0, NULL, out, &e), CK_OK);
    assert_string_equal(out, "GOLD (2)");
    assert_int_equal(ck_sheet_names_add(s, "gold", 0, NULL, out, &e), CK_OK);
    assert_string_equal(out, "gold (3)");
    assert_int_equal(ck_sheet_names_add(s, "Клиенты", 0, NULL, out, &e), CK_OK);
    assert_int_equal(ck_sheet_names_add(s, "клиенты", 0, NULL, out, &e), CK_OK);
    assert_string_equal(out, "клиенты (2)");
    assert_int_equal(ck_sheet_names_add(s, "Straße", 0, NULL, out, &e), CK_OK);
    assert_true(ck_sheet_names_taken(s, "STRASSE"));
    assert_false(ck_sheet_names_taken(s, "Strase"));
    /* a suffix on a full-length name cuts the base, not the suffix */
    const char *longn = "abcdefghijklmnopqrstuvwxyz01234";
    assert_int_equal(ck_sheet_names_add(s, longn, 0, NULL, out, &e), CK_OK);
    assert_string_equal(out, longn);
    assert_int_equal(ck_sheet_names_add(s, longn, 0, NULL, out, &e), CK_OK);
    assert_string_equal(out, "abcdefghijklmnopqrstuvwxyz0 (2)");
    assert_int_equal(ck_sheet_names_add_part(s, "高价值客户", 2, 0, out, &e), CK_OK);
    assert_string_equal(out, "高价值客户 (2)");
    assert_int_equal(ck_sheet_names_add_part(s, longn, 12, 0, out, &e), CK_OK);
    assert_string_equal(out, "abcdefghijklmnopqrstuvwxyz (12)");
    assert_int_equal(ck_utf16_units(out), 31);
    ck_sheet_names_free(s);
    ck_sheet_names_free(NULL);
}

static void test_masks(void **state)
{
    (void)state;
    char out[64];
    assert_string_equal(ck_mask_phone("13812345678", out, sizeof out), "138****5678");
    assert_string_equal(ck_mask_phone("+8613812345678", out, sizeof out), "+86*******5678");
    assert_string_equal(ck_mask_phone("1234567", out, sizeof out), "*****67");
    assert_string_equal(ck_mask_phone("123", out, sizeof out), "***");
    assert_string_equal(ck_mask_phone("", out, sizeof out), "");
    assert_string_equal(ck_mask_phone("电话一二三四五六七八", out, sizeof out),
                        "电话一***五六七八");
    assert_string_equal(ck_mask_email("zhang@example.com", out, sizeof out), "z***@example.com");
    assert_string_equal(ck_mask_email("张三@example.cn", out, sizeof out), "张***@example.cn");
    assert_string_equal(ck_mask_email("@x.com", out, sizeof out), "***@x.com");
    assert_string_equal(ck_mask_email("no-at-sign", out, sizeof out), "***");
}

/* ck_sheet_data_rows: Excel's 1,048,576 rows less the header, less a playbook line above it;
 * a smaller limit (the tests' max_rows) stands as it is. A segment sheet of 1,048,575 rows
 * under its playbook line was one row too many for Excel (export failed on its autofilter). */
static void test_data_rows(void **state)
{
    (void)state;
    assert_int_equal(ck_sheet_data_rows(0, 0), 1048575L);
    assert_int_equal(ck_sheet_data_rows(0, 1), 1048574L);
    assert_int_equal(ck_sheet_data_rows(-1, 0), 1048575L);
    assert_int_equal(ck_sheet_data_rows(2, 1), 2L);
    assert_int_equal(ck_sheet_data_rows(5, 0), 5L);
    assert_int_equal(ck_sheet_data_rows(1048575L, 1), 1048574L);
    assert_int_equal(ck_sheet_data_rows(1048575L, 0), 1048575L);
    assert_int_equal(ck_sheet_data_rows(2000000L, 0), 1048575L);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_data_rows),
        cmocka_unit_test(test_clean),
        cmocka_unit_test(test_unique),
        cmocka_unit_test(test_masks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
