/* test_report_facts.c — unit tests of lib/report/facts.c: ck_facts_read over the lines
 * ck_facts_append writes (last line per command wins, unknown keys and broken lines skipped),
 * and the inputs list. */
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
#include "report/facts.h"
static void test_facts_read(void **state)
{
    (void)state;
    char path[] = "/tmp/ck-rfacts-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    const char text[] =
        "{\"command\":\"import\",\"time\":\"2026-11-29T00:00:00Z\",\"rows\":300,"
        "\"inputs\":[\"a.csv\",\"b \\\"q\\\".xlsx\"]}\n"
        "{\"command\":\"clean\",\"read\":1,\"written\":1}\n"
        "{\"command\":\"clean\",\"time\":\"x\",\"read\":300,\"written\":288,\"merged\":12,"
        "\"rejected\":0,\"flagged\":5,\"extra\":{\"a\":[1,2,\"]\"]},\"as_of\":\"2026-09-30\"}\n"
        "not json at all\n"
        "{\"command\":\"tag\",\"read\":1e999,\"written\":-3}\n"
        "{\"command\":\"export\",\"read\":7}\n"
        "{\"command\":\"segment\",\"read\":\n";
    assert_int_equal(write(fd, text, sizeof text - 1), (ssize_t)sizeof text - 1);
    close(fd);
    struct ck_fact f[CK_FACT_CMDS];
    ck_facts_read(path, f);
    unlink(path);
    assert_string_equal(ck_fact_cmds[0], "import");
    assert_string_equal(ck_fact_cmds[3], "segment");
    assert_true(f[0].present);
    assert_true(f[0].has[CK_FACT_READ]); /* import's "rows" counts as read */
    assert_true(f[0].num[CK_FACT_READ] == 300);
    assert_false(f[0].has[CK_FACT_WRITTEN]);
    assert_string_equal(f[0].inputs, "a.csv; b \"q\".xlsx");
    assert_true(f[1].present);
    assert_true(f[1].num[CK_FACT_READ] == 300); /* the last clean line, not the first */
    assert_true(f[1].num[CK_FACT_WRITTEN] == 288);
    assert_true(f[1].num[CK_FACT_MERGED] == 12);
    assert_true(f[1].has[CK_FACT_REJECTED] && f[1].num[CK_FACT_REJECTED] == 0);
    assert_true(f[1].num[CK_FACT_FLAGGED] == 5);
    assert_string_equal(f[1].as_of, "2026-09-30");
    assert_true(f[2].present);
    assert_false(f[2].has[CK_FACT_READ]); /* 1e999 is no count */
    assert_true(f[2].has[CK_FACT_WRITTEN] && f[2].num[CK_FACT_WRITTEN] == -3);
    assert_false(f[3].present); /* a cut line is no line */
    /* an absent file, or none asked for: nothing */
    f[1].present = 1;
    ck_facts_read("/nonexistent-dir/facts", f);
    assert_false(f[1].present);
    ck_facts_read(NULL, f);
    assert_false(f[0].present);
}

static void test_add_inputs(void **state)
{
    (void)state;
    char list[64] = "";
    ck_facts_add_inputs(list, sizeof list, "a.csv; <stdin>; b.csv");
    assert_string_equal(list, "a.csv; b.csv");
    ck_facts_add_inputs(list, sizeof list, "b.csv;orders.csv;a.csv");
    assert_string_equal(list, "a.csv; b.csv; orders.csv");
    ck_facts_add_inputs(list, sizeof list, "a"); /* a name inside another is not a duplicate */
    assert_string_equal(list, "a.csv; b.csv; orders.csv; a");
    char small[10] = "";
    ck_facts_add_inputs(small, sizeof small, "abcdef; ghijkl");
    assert_string_equal(small, "abcdef; g");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_facts_read),
        cmocka_unit_test(test_add_inputs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
