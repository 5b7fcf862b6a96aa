/* test_outfile.c — unit tests of lib/io/outfile.c: the temporary file beside the target (same
 * directory, registered for the signal handler's cleanup), the rename over a previous file
 * with the usual permissions, and an abort that leaves the previous file as it was. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "custkit.h"
#include "io/outfile.h"
static char dir[64];

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/ck-outfile-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

/* The names in dir, sorted, joined by spaces. */
static const char *listing(void)
{
    static char buf[512];
    struct dirent **ents;
    int n = scandir(dir, &ents, NULL, alphasort);
    buf[0] = 0;
    for (int i = 0; i < n; i++) {
        if (strcmp(ents[i]->d_name, ".") != 0 && strcmp(ents[i]->d_name, "..") != 0) {
            size_t l = strlen(buf);
            snprintf(buf + l, sizeof buf - l, "%s%s", l ? " " : "", ents[i]->d_name);
        }
        free(ents[i]);
    }
    free(ents);
    return buf;
}

static void put(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static const char *get(const char *path)
{
    static char buf[256];
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = 0;
    fclose(f);
    return buf;
}

static void test_commit_replaces(void **state)
{
    (void)state;
    char target[96];
    snprintf(target, sizeof target, "%s/report.xlsx", dir);
    put(target, "previous");
    struct ck_outfile o;
    struct ck_error e;
    assert_int_equal(ck_outfile_open(&o, target, NULL, "test", &e), CK_OK);
    assert_int_equal(o.devfd, -1);
    /* beside the target: same directory, .NAME.XXXXXX */
    char prefix[96];
    snprintf(prefix, sizeof prefix, "%s/.report.xlsx.", dir);
    assert_int_equal(strncmp(o.tmp, prefix, strlen(prefix)), 0);
    assert_int_equal(strlen(o.tmp), strlen(prefix) + 6);
    struct stat st;
    assert_int_equal(stat(o.tmp, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    put(o.tmp, "new");
    assert_string_equal(get(target), "previous"); /* not in place before the commit */
    mode_t um = umask(022);
    assert_int_equal(ck_outfile_commit(&o, NULL, &e), CK_OK);
    umask(um);
    assert_null(o.tmp);
    assert_string_equal(get(target), "new");
    assert_int_equal(stat(target, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0644);
    assert_string_equal(listing(), "report.xlsx");
    unlink(target);
}

/* What the signal handler does: the registered temporary file is removed. */
static void test_cleanup_removes(void **state)
{
    (void)state;
    char target[96];
    snprintf(target, sizeof target, "%s/r.xlsx", dir);
    put(target, "previous");
    struct ck_outfile o;
    struct ck_error e;
    assert_int_equal(ck_outfile_open(&o, target, NULL, "test", &e), CK_OK);
    put(o.tmp, "half a workbook");
    assert_int_not_equal(strcmp(listing(), "r.xlsx"), 0);
    ck_tempfiles_cleanup();
    assert_string_equal(listing(), "r.xlsx");
    assert_string_equal(get(target), "previous");
    ck_outfile_abort(&o); /* the file is gone already: nothing else happens */
    assert_null(o.tmp);
    assert_string_equal(listing(), "r.xlsx");
    unlink(target);
}

static void test_abort_keeps_previous(void **state)
{
    (void)state;
    char target[96];
    snprintf(target, sizeof target, "%s/r.xlsx", dir);
    put(target, "previous");
    struct ck_outfile o;
    struct ck_error e;
    assert_int_equal(ck_outfile_open(&o, target, NULL, "test", &e), CK_OK);
    put(o.tmp, "half");
    ck_outfile_abort(&o);
    assert_string_equal(listing(), "r.xlsx");
    assert_string_equal(get(target), "previous");
    unlink(target);
}

/* A device (here a FIFO's stand-in, /dev/null) is written through, from a file in tmpdir. */
static void test_device_written_through(void **state)
{
    (void)state;
    struct ck_outfile o;
    struct ck_error e;
    assert_int_equal(ck_outfile_open(&o, "/dev/null", dir, "spool", &e), CK_OK);
    assert_true(o.devfd > 2);
    char prefix[96];
    snprintf(prefix, sizeof prefix, "%s/.custkit-spool.", dir);
    assert_int_equal(strncmp(o.tmp, prefix, strlen(prefix)), 0);
    put(o.tmp, "bytes");
    int closed = 0;
    assert_int_equal(ck_outfile_commit(&o, &closed, &e), CK_OK);
    assert_int_equal(closed, 0);
    assert_int_equal(o.devfd, -1);
    assert_string_equal(listing(), "");
}

static void test_unwritable_directory(void **state)
{
    (void)state;
    struct ck_outfile o;
    struct ck_error e;
    assert_int_equal(ck_outfile_open(&o, "/nonexistent-dir/r.xlsx", NULL, "x", &e), CK_EOUTPUT);
    assert_non_null(strstr(e.msg, "/nonexistent-dir/r.xlsx: cannot create: "));
    assert_null(o.tmp);
}

static int teardown(void **state)
{
    (void)state;
    return rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_commit_replaces),
        cmocka_unit_test(test_cleanup_removes),
        cmocka_unit_test(test_abort_keeps_previous),
        cmocka_unit_test(test_device_written_through),
        cmocka_unit_test(test_unwritable_directory),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
