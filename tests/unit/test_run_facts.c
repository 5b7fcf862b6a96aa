/* test_facts.c — unit tests of lib/io/run_facts.c: the run-facts line appended to $CUSTKIT_FACTS,
 * JSON quoting, and the last fields kept for the audit line. */
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

static void test_json_quote(void **state)
{
    (void)state;
    char out[64];
    assert_string_equal(ck_json_quote("a.csv", out, sizeof out), "\"a.csv\"");
    assert_string_equal(ck_json_quote("say \"hi\"\\", out, sizeof out), "\"say \\\"hi\\\"\\\\\"");
    assert_string_equal(ck_json_quote("a\tb\n\x01", out, sizeof out),
                        "\"a\\u0009b\\u000a\\u0001\"");
    assert_string_equal(ck_json_quote("客户.csv", out, sizeof out), "\"客户.csv\"");
    /* cut short, still a closed string */
    char small[12];
    ck_json_quote("abcdefghijklmnop", small, sizeof small);
    assert_string_equal(small, "\"abc\"");
    assert_string_equal(ck_json_quote("x", small, 2), "");
}

static void test_facts_append(void **state)
{
    (void)state;
    char path[] = "/tmp/ck-facts-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    struct ck_error e;
    unsetenv("CUSTKIT_FACTS");
    assert_string_equal(ck_facts_last(), "");
    assert_int_equal(ck_facts_append("import", "\"rows\":3", &e), CK_OK); /* no file: kept only */
    assert_string_equal(ck_facts_last(), "\"rows\":3");
    setenv("CUSTKIT_FACTS", path, 1);
    assert_int_equal(ck_facts_append("clean", "\"read\":300,\"merged\":12", &e), CK_OK);
    assert_int_equal(ck_facts_append("tag", NULL, &e), CK_OK);
    assert_string_equal(ck_facts_last(), "\"read\":300,\"merged\":12"); /* NULL keeps the last */
    assert_int_equal(ck_facts_append("segment", "", &e), CK_OK);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char line[3][256];
    for (int i = 0; i < 3; i++)
        assert_non_null(fgets(line[i], sizeof line[i], f));
    assert_null(fgets(line[0] + 200, 50, f));
    fclose(f);
    unlink(path);
    /* {"command":"clean","time":"YYYY-MM-DDTHH:MM:SSZ","read":300,"merged":12} */
    static const char *const head[] = {"{\"command\":\"clean\",\"time\":\"",
                                       "{\"command\":\"tag\",\"time\":\"",
                                       "{\"command\":\"segment\",\"time\":\""};
    static const char *const tail[] = {"\",\"read\":300,\"merged\":12}\n", "\"}\n", "\"}\n"};
    for (int i = 0; i < 3; i++) {
        size_t h = strlen(head[i]);
        assert_memory_equal(line[i], head[i], h);
        assert_int_equal(line[i][h + 4], '-');
        assert_int_equal(line[i][h + 10], 'T');
        assert_int_equal(line[i][h + 19], 'Z');
        assert_string_equal(line[i] + h + 20, tail[i]);
    }
    setenv("CUSTKIT_FACTS", "/nonexistent-dir/facts", 1);
    assert_int_equal(ck_facts_append("clean", "", &e), CK_EOUTPUT);
    assert_non_null(strstr(e.msg, "/nonexistent-dir/facts"));
    unsetenv("CUSTKIT_FACTS");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_json_quote),
        cmocka_unit_test(test_facts_append),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
