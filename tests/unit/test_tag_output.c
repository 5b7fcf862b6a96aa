/* test_tag_output.c — unit tests of lib/rules/tag_output.c: where each tag group's column goes
 * (appended, or over the table's own column of that name) and the facts line with the count
 * of every tag after three rows. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "custkit.h"
#include "rules/tag_output.h"
static const char *const rules_text = "[价值]\n"
                                      "高 = amount >= 100\n"
                                      "低 = amount >= 0\n"
                                      "[频次]\n"
                                      "常客 = orders >= 5\n";

static void test_columns_and_facts(void **state)
{
    (void)state;
    const char *h[] = {"name", "amount", "orders", "频次"};
    size_t hl[] = {4, 6, 6, strlen("频次")};
    struct ck_row header = {4, (char **)h, hl, 1};
    struct ck_roles roles;
    struct ck_error e;
    assert_int_equal(ck_roles_resolve(&roles, &header, CK_TABLE_CUSTOMERS, NULL, 0, &e), CK_OK);
    struct ck_rules_ctx ctx = {&header, &roles, 20000, CK_LANG_ZH};
    struct ck_rules *rs = NULL;
    assert_int_equal(ck_rules_new(&rs, &ctx, &e), CK_OK);
    assert_int_equal(ck_rules_parse(rs, "t.rules", rules_text, strlen(rules_text), &e), CK_OK);

    size_t pos[2], nout;
    assert_int_equal(ck_tag_columns(rs, &header, pos, &nout), 1);
    assert_int_equal(pos[0], 4); /* 价值: appended */
    assert_int_equal(pos[1], 3); /* 频次: the table's own column */
    assert_int_equal(nout, 5);

    const char *rows[3][4] = {{"a", "150", "6", ""}, {"b", "20", "1", ""}, {"c", "", "", ""}};
    for (int r = 0; r < 3; r++) {
        size_t len[4];
        for (int k = 0; k < 4; k++)
            len[k] = strlen(rows[r][k]);
        struct ck_row row = {4, (char **)rows[r], len, r + 2};
        const char *out[2];
        size_t outlen[2];
        assert_int_equal(ck_rules_eval(rs, &row, out, outlen, &e), CK_OK);
    }
    const char *files[1] = {"t.rules"};
    unsetenv("CUSTKIT_FACTS");
    assert_int_equal(ck_tag_facts(rs, files, 1, "region", 3, &e), CK_OK);
    assert_string_equal(ck_facts_last(),
                        "\"read\":3,\"written\":3,\"rules\":[\"t.rules\"],\"builtin\":\"region\","
                        "\"groups\":{\"价值\":{\"高\":1,\"低\":1,\"\":1},"
                        "\"频次\":{\"常客\":1,\"\":2}}");
    ck_rules_free(rs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_columns_and_facts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
