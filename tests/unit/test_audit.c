/* test_audit.c — unit tests of lib/io/audit.c: the line appended for a run names the command,
 * its arguments, each input and output file with its size and SHA-256, the profile, the
 * counts and the exit status; a file that cannot be written is an error naming it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "io/audit.h"
#include "custkit.h"

static char dir[64];

static void put(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void test_line(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/ck-audit-XXXXXX");
    assert_non_null(mkdtemp(dir));
    char in[96], out[96], prof[96], log[96];
    snprintf(in, sizeof in, "%s/in.csv", dir);
    snprintf(out, sizeof out, "%s/out.csv", dir);
    snprintf(prof, sizeof prof, "%s/p.ini", dir);
    snprintf(log, sizeof log, "%s/audit.jsonl", dir);
    put(in, "abc"); /* sha256("abc") is the FIPS 180-2 example */
    put(out, "");
    put(prof, "[common]\n");
    struct ck_error e;
    assert_int_equal(ck_facts_append("clean", "\"read\":3", &e), CK_OK);
    char *argv[] = {"clean", "-q", in, "-o", out, NULL};
    assert_int_equal(ck_audit_append(log, 5, argv, 0, prof, &e), CK_OK);
    assert_int_equal(ck_audit_append(log, 5, argv, 1, NULL, &e), CK_OK);
    struct stat st;
    assert_int_equal(stat(log, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    FILE *f = fopen(log, "r");
    assert_non_null(f);
    char line[4096], want[1024];
    assert_non_null(fgets(line, sizeof line, f));
    assert_int_equal(strncmp(line, "{\"time\":\"", 9), 0);
    snprintf(want, sizeof want,
             "\"command\":\"clean\",\"args\":[\"-q\",\"%s\",\"-o\",\"%s\"],\"user\":", in, out);
    assert_non_null(strstr(line, want));
    snprintf(want, sizeof want,
             "\"inputs\":[{\"path\":\"%s\",\"size\":3,\"sha256\":"
             "\"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\"},"
             "{\"path\":\"%s\",\"size\":9,\"sha256\":\"",
             in, prof);
    assert_non_null(strstr(line, want));
    snprintf(want, sizeof want,
             "\"outputs\":[{\"path\":\"%s\",\"size\":0,\"sha256\":"
             "\"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\"}],"
             "\"counts\":{\"read\":3},\"exit\":0}\n",
             out);
    assert_non_null(strstr(line, want));
    assert_non_null(fgets(line, sizeof line, f)); /* the second run: no profile, exit 1 */
    assert_null(strstr(line, prof));
    assert_non_null(strstr(line, "\"exit\":1}\n"));
    assert_null(fgets(line, sizeof line, f));
    fclose(f);

    char bad[128];
    snprintf(bad, sizeof bad, "%s/no-such-dir/audit.jsonl", dir);
    assert_int_equal(ck_audit_append(bad, 5, argv, 0, NULL, &e), CK_EOUTPUT);
    snprintf(want, sizeof want, "audit: %s: ", bad);
    assert_int_equal(strncmp(e.msg, want, strlen(want)), 0);
    unlink(in);
    unlink(out);
    unlink(prof);
    unlink(log);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
