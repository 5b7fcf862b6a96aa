/* test_csv_write.c — unit tests of lib/io/csv_write.c: canonical CSV quoting, rows written after a
 * preformatted prefix, and the temporary file beside the target that a failed run abandons. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/stat.h>
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

/* Quoting, field by field: only a comma, a quote, CR or LF make a field quoted; leading and
 * trailing spaces are data and are kept as they are, unquoted (SPEC §2). A BOM only at the
 * start; the file gets the asked mode and appears only at close. */
/* Fields are scanned eight bytes at a time: a comma, quote or line end at every place of a
 * long field (first word, word boundary, the tail after the last whole word), among UTF-8
 * text, still quotes it, and a field with none of them is copied as it is. */
static void test_format_special_at_every_place(void **state)
{
    (void)state;
    static const char special[] = {',', '"', '\n', '\r'};
    for (size_t len = 1; len <= 27; len++)
        for (size_t at = 0; at <= len; at++) /* at == len: no special byte */
            for (size_t k = 0; k < sizeof special; k++) {
                char in[32], want[80], out[80];
                for (size_t i = 0; i < len; i++)
                    in[i] = (char)(i % 3 == 2 ? 0xE4 : 'a' + (char)(i % 26)); /* high bytes too */
                if (at < len)
                    in[at] = special[k];
                in[len] = 0;
                size_t w = 0;
                if (at < len)
                    want[w++] = '"';
                for (size_t i = 0; i < len; i++) {
                    if (in[i] == '"')
                        want[w++] = '"';
                    want[w++] = in[i];
                }
                if (at < len)
                    want[w++] = '"';
                const char *f[] = {in};
                size_t l[] = {len};
                assert_true(ck_csv_format_max(l, 1) <= sizeof out);
                size_t n = ck_csv_format(out, f, l, 1);
                assert_int_equal(n, w);
                assert_memory_equal(out, want, w);
            }
}

/* A row laid out as the readers hand it (fields one after the other, a NUL after each) takes
 * a faster path: it must give the bytes the same fields give anywhere else, with a comma,
 * quote or line end at every place, past the sixteen-byte blocks, an empty field, a NUL
 * inside a field, or a separator that is not a NUL. Through ck_csv_format and the writer. */
static void test_span_rows_as_field_by_field(void **state)
{
    (void)state;
    static const char special[] = {',', '"', '\n', '\r', 0, '|'};
    static const size_t shapes[][4] = {{3, 5, 0, 0}, {0, 7, 0, 0}, {16, 1, 15, 0},
                                       {20, 0, 11, 2}, {1, 1, 1, 1}, {31, 17, 0, 0}};
    char path[] = "/tmp/ck-span-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    struct ck_error e;
    struct ck_writer *w;
    assert_int_equal(ck_writer_open(&w, path, 0, &e), CK_OK);
    char *want = calloc(1, 1 << 20);
    size_t wn = 0, rows = 0;
    for (size_t sh = 0; sh < sizeof shapes / sizeof *shapes; sh++) {
        size_t n = shapes[sh][3] ? 4 : shapes[sh][2] || sh == 1 ? 3 : 2, total = 0;
        for (size_t i = 0; i < n; i++)
            total += shapes[sh][i] + 1;
        for (size_t at = 0; at <= total; at++)         /* at == total: no odd byte */
            for (size_t k = 0; k < sizeof special; k++) {
                char span[128], sep[4][40];
                const char *fs[4], *fc[4];
                size_t len[4], p = 0;
                for (size_t i = 0; i < n; i++) {
                    fs[i] = span + p;
                    len[i] = shapes[sh][i];
                    for (size_t j = 0; j < len[i]; j++, p++)
                        span[p] = (char)(j % 4 == 3 ? 0xE5 : 'a' + (char)((p + i) % 26));
                    span[p++] = 0;
                }
                if (at < total)
                    span[at] = special[k]; /* in a field, or in place of a separator */
                for (size_t i = 0; i < n; i++) { /* the same bytes, each field on its own */
                    memcpy(sep[i], fs[i], len[i]);
                    sep[i][len[i]] = 0;
                    fc[i] = sep[i];
                }
                char a[300], b[300];
                size_t la = ck_csv_format(a, fs, len, n), lb = ck_csv_format(b, fc, len, n);
                assert_int_equal(la, lb);
                assert_memory_equal(a, b, la);
                assert_int_equal(ck_writer_row(w, fs, len, n, &e), CK_OK);
                memcpy(want + wn, b, lb);
                wn += lb;
                want[wn++] = '\n';
                rows++;
            }
    }
    assert_int_equal(ck_writer_close(w, &e), CK_OK);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *got = calloc(1, 1 << 20);
    size_t gn = fread(got, 1, 1 << 20, f);
    fclose(f);
    unlink(path);
    assert_true(rows > 300);
    assert_int_equal(gn, wn);
    assert_memory_equal(got, want, wn);
    free(got);
    free(want);
}

static void test_writer_fields_bom_and_mode(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out;
    } c[] = {
        {"a", "a"},           {"a,b", "\"a,b\""},      {"\"", "\"\"\"\""},
        {"x\r\ny", "\"x\r\ny\""}, {"\r", "\"\r\""},     {"\n", "\"\n\""},
        {" lead", " lead"},   {"trail ", "trail "},    {"  ", "  "},
        {"张三", "张三"},     {"a;b\tc|d", "a;b\tc|d"}, {"'=1+1", "'=1+1"},
    };
    for (size_t i = 0; i < sizeof c / sizeof *c; i++) {
        const char *f[] = {c[i].in};
        size_t len[] = {strlen(c[i].in)};
        char out[64];
        assert_true(ck_csv_format_max(len, 1) <= sizeof out);
        size_t n = ck_csv_format(out, f, len, 1);
        out[n] = 0;
        assert_string_equal(out, c[i].out);
    }
    /* one empty field alone: nothing from ck_csv_format, "" from the writer (not a blank line) */
    const char *empty[] = {""}, *two[] = {"", ""};
    size_t zero[] = {0, 0};
    char out[16];
    assert_int_equal(ck_csv_format(out, empty, zero, 1), 0);
    assert_int_equal(ck_csv_format(out, two, zero, 2), 1);
    assert_int_equal(out[0], ',');

    char dir[] = "/tmp/ck-wdir-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[64];
    snprintf(path, sizeof path, "%s/out.csv", dir);
    struct ck_writer *w;
    struct ck_error e;
    mode_t um = umask(022);
    assert_int_equal(ck_writer_open(&w, path, 0600, &e), CK_OK);
    ck_writer_set_bom(w, 1);
    const char *row[] = {"id", " name "};
    assert_int_equal(ck_writer_row(w, row, NULL, 2, &e), CK_OK);
    ck_writer_set_bom(w, 1); /* too late: not in the middle of the file */
    char *names[] = {"1", "a\"b"};
    size_t lens[] = {1, 3};
    struct ck_row r = {2, names, lens, 2};
    assert_int_equal(ck_writer_row_v(w, &r, &e), CK_OK);
    struct stat st;
    assert_int_equal(stat(path, &st), -1); /* not there before close */
    assert_int_equal(ck_writer_close(w, &e), CK_OK);
    umask(um);
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    char *got = slurp_and_unlink(path);
    assert_string_equal(got, "\xEF\xBB\xBFid, name \n1,\"a\"\"b\"\n");
    free(got);
    assert_int_equal(rmdir(dir), 0); /* no temporary file left beside it */
}

/* ck_temp_beside makes a hidden file in the target's directory (so rename is atomic) with the
 * mode asked, and registers it so that ck_tempfiles_cleanup removes it; ck_temp_unlinked's
 * file has no name at all. */
static void test_temp_beside(void **state)
{
    (void)state;
    char dir[] = "/tmp/ck-tdir-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[64];
    snprintf(path, sizeof path, "%s/report.xlsx", dir);
    char *tmp = NULL;
    struct ck_error e;
    mode_t um = umask(022);
    int fd = -7;
    assert_int_equal(ck_temp_beside(path, 0640, &fd, &tmp, &e), CK_OK);
    umask(um);
    assert_true(fd >= 0);
    assert_non_null(tmp);
    size_t dl = strlen(dir);
    assert_memory_equal(tmp, dir, dl);
    assert_memory_equal(tmp + dl, "/.report.xlsx.", 14);
    assert_int_equal(strlen(tmp), dl + 14 + 6);
    struct stat st;
    assert_int_equal(fstat(fd, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0640);
    close(fd);
    ck_tempfiles_cleanup();
    assert_int_equal(stat(tmp, &st), -1); /* removed as a signal handler would */
    ck_tempfile_unregister(tmp);
    free(tmp);
    /* a relative name stays in the current directory */
    char cwd[4096];
    assert_non_null(getcwd(cwd, sizeof cwd));
    assert_int_equal(chdir(dir), 0);
    assert_int_equal(ck_temp_beside("x.csv", 0, &fd, &tmp, &e), CK_OK);
    assert_true(fd >= 0);
    assert_memory_equal(tmp, ".x.csv.", 7);
    assert_int_equal(fstat(fd, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0644 & ~um);
    close(fd);
    unlink(tmp);
    ck_tempfile_unregister(tmp);
    free(tmp);
    assert_int_equal(chdir(cwd), 0);
    fd = -7;
    tmp = NULL;
    assert_int_equal(ck_temp_beside("/nonexistent-dir/x.csv", 0, &fd, &tmp, &e), CK_EOUTPUT);
    assert_int_equal(e.code, CK_EOUTPUT);
    assert_non_null(strstr(e.msg, "/nonexistent-dir/x.csv"));
    assert_non_null(strstr(e.msg, "cannot create"));
    assert_int_equal(fd, -7); /* untouched on failure */
    assert_null(tmp);
    fd = ck_temp_unlinked(dir, "spool", &e);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "abc", 3), 3);
    close(fd);
    assert_int_equal(rmdir(dir), 0); /* empty: the unlinked file had no name */
    assert_int_equal(ck_temp_unlinked("/nonexistent-dir", "spool", &e), -1);
    assert_int_equal(e.code, CK_EOUTPUT);
    assert_non_null(strstr(e.msg, "/nonexistent-dir/custkit-spool."));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_writer_quoting),
        cmocka_unit_test(test_writer_row_after),
        cmocka_unit_test(test_writer_abort_keeps_old_file),
        cmocka_unit_test(test_writer_fields_bom_and_mode),
        cmocka_unit_test(test_format_special_at_every_place),
        cmocka_unit_test(test_span_rows_as_field_by_field),
        cmocka_unit_test(test_temp_beside),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
