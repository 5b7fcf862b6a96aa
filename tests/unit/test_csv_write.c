/* test_csv_write.c — unit tests of lib/csv_write.c: canonical CSV quoting, rows written after a
 * preformatted prefix, and the temporary file beside the target that a failed run abandons. */
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

static void test_writer_quoting(void **state)
{
    (void)state;
    char path[] = "/tmp/ck-writer-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    struct ck_writer *w;
    struct ck_error e;
    assert_int_equal(ck_writer_open(&w, path, 0, &e), CK_OK);
    const char *row1[] = {"plain", "a,b", "say \"hi\"", "two\nlines", "cr\r", ""};
    assert_int_equal(ck_writer_row(w, row1, NULL, 6, &e), CK_OK);
    const char *row2[] = {""};
    assert_int_equal(ck_writer_row(w, row2, NULL, 1, &e), CK_OK);
    assert_int_equal(ck_writer_close(w, &e), CK_OK);
    FILE *f = fopen(path, "rb");
    char buf[256] = {0};
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    unlink(path);
    buf[n] = 0;
    assert_string_equal(buf, "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\r\",\n\"\"\n");
}

static char *slurp_and_unlink(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *buf = calloc(1, 1 << 20);
    assert_non_null(buf);
    size_t n = fread(buf, 1, (1 << 20) - 1, f);
    fclose(f);
    unlink(path);
    buf[n] = 0;
    return buf;
}

static void test_writer_row_after(void **state)
{
    (void)state;
    /* a row whose first fields were formatted earlier (ck_csv_format) and the rest written
     * after them is byte for byte the row ck_writer_row writes, wherever the cut is */
    static const char *const pool[] = {"plain", "a,b", "say \"hi\"", "two\nlines", "cr\r", "",
                                       "\"", "张三", " x "};
    char one[] = "/tmp/ck-writer-XXXXXX", two[] = "/tmp/ck-writer-XXXXXX";
    int fd1 = mkstemp(one), fd2 = mkstemp(two);
    assert_true(fd1 >= 0 && fd2 >= 0);
    close(fd1);
    close(fd2);
    struct ck_writer *w1, *w2;
    struct ck_error e;
    assert_int_equal(ck_writer_open(&w1, one, 0, &e), CK_OK);
    assert_int_equal(ck_writer_open(&w2, two, 0, &e), CK_OK);
    unsigned seed = 7;
    char pre[512];
    for (int iter = 0; iter < 500; iter++) {
        const char *f[6];
        size_t len[6], n = 2 + (size_t)(iter % 5);
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            f[i] = pool[(seed >> 16) % (sizeof pool / sizeof *pool)];
            len[i] = strlen(f[i]);
        }
        size_t cut = 1 + (size_t)iter % (n - 1); /* at least one field on each side */
        assert_true(ck_csv_format_max(len, cut) <= sizeof pre);
        size_t m = ck_csv_format(pre, f, len, cut);
        assert_int_equal(ck_writer_row(w1, f, len, n, &e), CK_OK);
        assert_int_equal(ck_writer_row_after(w2, pre, m, f + cut, len + cut, n - cut, &e), CK_OK);
    }
    assert_int_equal(ck_writer_close(w1, &e), CK_OK);
    assert_int_equal(ck_writer_close(w2, &e), CK_OK);
    char *a = slurp_and_unlink(one), *b = slurp_and_unlink(two);
    assert_true(strlen(a) > 1000);
    assert_string_equal(a, b);
    free(a);
    free(b);
}

static void test_writer_abort_keeps_old_file(void **state)
{
    (void)state;
    char path[] = "/tmp/ck-writer-XXXXXX";
    int fd = mkstemp(path);
    assert_int_equal(write(fd, "old\n", 4), 4);
    close(fd);
    struct ck_writer *w;
    struct ck_error e;
    assert_int_equal(ck_writer_open(&w, path, 0, &e), CK_OK);
    const char *row[] = {"new"};
    assert_int_equal(ck_writer_row(w, row, NULL, 1, &e), CK_OK);
    ck_writer_abort(w);
    FILE *f = fopen(path, "rb");
    char buf[16] = {0};
    assert_int_equal(fread(buf, 1, sizeof buf, f), 4);
    fclose(f);
    unlink(path);
    assert_string_equal(buf, "old\n");
    /* an unwritable place is an output error naming it */
    assert_int_equal(ck_writer_open(&w, "/nonexistent-dir/x.csv", 0, &e), CK_EOUTPUT);
    assert_non_null(strstr(e.msg, "/nonexistent-dir/x.csv"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_writer_quoting),
        cmocka_unit_test(test_writer_row_after),
        cmocka_unit_test(test_writer_abort_keeps_old_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
