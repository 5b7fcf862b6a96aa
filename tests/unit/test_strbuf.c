/* test_strbuf.c — unit tests of lib/io/strbuf.c: appends that grow the string, JSON quoting,
 * numbers, and out of memory remembered so that later appends do nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "custkit.h"
#include "io/strbuf.h"
static void test_build(void **state)
{
    (void)state;
    struct ck_strbuf b = {0};
    ck_sb_add(&b, "{\"n\":");
    ck_sb_long(&b, -42);
    ck_sb_add(&b, ",\"s\":");
    ck_sb_json(&b, "a\"b\\c\n客户");
    ck_sb_add(&b, "}");
    assert_false(b.oom);
    assert_string_equal(b.s, "{\"n\":-42,\"s\":\"a\\\"b\\\\c\\u000a客户\"}");
    assert_int_equal(b.len, strlen(b.s));
    /* past the first allocation */
    for (int i = 0; i < 1000; i++)
        ck_sb_add(&b, "0123456789");
    assert_int_equal(b.len, strlen(b.s));
    assert_int_equal(b.len, 10000 + strlen("{\"n\":-42,\"s\":\"a\\\"b\\\\c\\u000a客户\"}"));
    free(b.s);
}

static void test_oom_sticks(void **state)
{
    (void)state;
    struct ck_strbuf b = {0};
    ck_sb_add(&b, "kept");
    b.oom = 1; /* as after a failed allocation */
    ck_sb_add(&b, " and more");
    ck_sb_long(&b, 7);
    assert_string_equal(b.s, "kept");
    assert_int_equal(b.len, 4);
    free(b.s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_build),
        cmocka_unit_test(test_oom_sticks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
