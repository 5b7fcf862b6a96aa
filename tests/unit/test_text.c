/* test_text.c — the one way text reaches the workbook's XML: a table of hard cases for
 * cells (given to libxlsxwriter, or written by custkit) and for places Excel decodes nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "report/text.h"

static const struct {
    const char *in;
    enum ck_xtext_where where;
    const char *want;
    int changes; /* what ck_xtext_changes says: escapes count, entities do not */
} cases[] = {
    {"高价值 & <b>", CK_XTEXT_CELL, "高价值 & <b>", 0},
    {"高价值 & <b>", CK_XTEXT_CELL_XML, "高价值 &amp; &lt;b&gt;", 0},
    {"高价值 & <b>", CK_XTEXT_PLAIN, "高价值 & <b>", 0},
    /* controls but tab and line feed, as libxlsxwriter escapes them (carriage return too) */
    {"a\x01"
     "b\tc\nd\re\x1f",
     CK_XTEXT_CELL, "a_x0001_b\tc\nd_x000D_e_x001F_", 1},
    {"a\x01"
     "b\tc\nd\re\x1f",
     CK_XTEXT_PLAIN, "a_b\tc\nd\re_", 1},
    /* U+FFFE, U+FFFF: not XML characters; U+FFFD is one */
    {"x\xEF\xBF\xBEy\xEF\xBF\xBFz\xEF\xBF\xBD", CK_XTEXT_CELL, "x_xFFFE_y_xFFFF_z\xEF\xBF\xBD", 1},
    {"x\xEF\xBF\xBEy\xEF\xBF\xBFz\xEF\xBF\xBD", CK_XTEXT_PLAIN, "x_y_z\xEF\xBF\xBD", 1},
    /* literal escapes keep their underscore, also when an escape written next closes them */
    {"_x0041_", CK_XTEXT_CELL_XML, "_x005F_x0041_", 1},
    {"_x0041\x01", CK_XTEXT_CELL, "_x005F_x0041_x0001_", 1},
    {"_x0041\xEF\xBF\xBE", CK_XTEXT_CELL, "_x005F_x0041_xFFFE_", 1},
    {"_x004", CK_XTEXT_CELL, "_x004", 0},
    {"_x0041_", CK_XTEXT_PLAIN, "_x0041_", 0},
    /* bytes that are not UTF-8, where nothing would decode an escape */
    {"\xff\xfe ok \xE4\xB8", CK_XTEXT_PLAIN, "__ ok __", 1},
};

static void test_cases(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        size_t len = strlen(cases[i].in);
        char *out = malloc(CK_XTEXT_ROOM(len) + 1);
        assert_non_null(out);
        *ck_xtext_put(out, cases[i].in, len, cases[i].where) = 0;
        if (strcmp(out, cases[i].want) != 0)
            fail_msg("case %zu: '%s' → '%s', want '%s'", i, cases[i].in, out, cases[i].want);
        if (ck_xtext_changes(cases[i].in, len, cases[i].where) != cases[i].changes)
            fail_msg("case %zu: changes %d", i, !cases[i].changes);
        char *owned;
        const char *v = ck_xtext(cases[i].in, cases[i].where, &owned);
        if (cases[i].where != CK_XTEXT_CELL_XML)
            assert_string_equal(v, cases[i].want);
        assert_true(owned ? v == owned : v == cases[i].in);
        free(owned);
        free(out);
    }
}

/* The worst case fills CK_XTEXT_ROOM exactly: every byte a control character. */
static void test_room(void **state)
{
    (void)state;
    char in[64], out[CK_XTEXT_ROOM(sizeof in)];
    memset(in, 0x01, sizeof in);
    assert_int_equal(ck_xtext_put(out, in, sizeof in, CK_XTEXT_CELL_XML) - out, sizeof out);
}

/* ck_xtext_kept: text that needs no change is returned as it is and nothing is kept; a
 * changed one is a copy the keep list holds until it is freed. */
static void test_kept(void **state)
{
    (void)state;
    struct ck_xtext_keep k = {0};
    const char *same = "segment 分层";
    assert_ptr_equal(ck_xtext_kept(&k, same, CK_XTEXT_PLAIN), same);
    assert_int_equal(k.n, 0);
    const char *a = ck_xtext_kept(&k, "a\001b", CK_XTEXT_PLAIN);
    assert_string_equal(a, "a_b");
    const char *b = ck_xtext_kept(&k, "x\002", CK_XTEXT_CELL);
    assert_string_equal(b, "x_x0002_");
    assert_int_equal(k.n, 2);
    assert_ptr_equal(k.s[0], a);
    assert_ptr_equal(k.s[1], b);
    for (int i = 0; i < 100; i++)
        assert_non_null(ck_xtext_kept(&k, "\003", CK_XTEXT_PLAIN));
    assert_int_equal(k.n, 102);
    assert_string_equal(a, "a_b"); /* earlier copies stay where they were */
    ck_xtext_keep_free(&k);
    assert_int_equal(k.n, 0);
    assert_null(k.s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cases),
        cmocka_unit_test(test_room),
        cmocka_unit_test(test_kept),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
