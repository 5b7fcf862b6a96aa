/* test_report_rows.c — unit tests of lib/report/spool.c: the spooled table of a report (and of
 * segment): rows built with ck_report_rows_new and append, read back in order and out of
 * order, from a table and from a reader. */
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
#include "report/spool.h"
static void test_new_append_get(void **state)
{
    (void)state;
    char *names[] = {"编号", "name", "note"};
    struct ck_report_rows *t;
    struct ck_error e;
    assert_int_equal(ck_report_rows_new(&t, names, 3, NULL, &e), CK_OK);
    enum { N = 100000 };
    char id[16], note[300];
    for (int i = 0; i < N; i++) {
        snprintf(id, sizeof id, "%d", i);
        int nl = snprintf(note, sizeof note, "%0*d", i % 250, i);
        const char *f[] = {id, "客户", note};
        size_t len[] = {strlen(id), strlen("客户"), (size_t)nl};
        /* every third row short: the missing fields are empty */
        assert_int_equal(ck_report_rows_append(t, f, len, i % 3 ? 3 : 1, &e), CK_OK);
    }
    assert_int_equal(ck_report_rows_finish(t, &e), CK_OK);
    assert_int_equal(ck_report_rows_count(t), N);
    assert_int_equal(t->ncols, 3);
    assert_int_equal(ck_report_rows_col(t, "name"), 1);
    assert_int_equal(ck_report_rows_col(t, "编号"), 0);
    assert_int_equal(ck_report_rows_col(t, "Name"), -1);
    const char *const *f;
    const size_t *len;
    for (int i = 0; i < N; i += 7) { /* in order */
        assert_int_equal(ck_report_rows_get(t, (size_t)i, &f, &len, &e), CK_OK);
        snprintf(id, sizeof id, "%d", i);
        assert_string_equal(f[0], id);
        if (i % 3) {
            int nl = snprintf(note, sizeof note, "%0*d", i % 250, i);
            assert_string_equal(f[1], "客户");
            assert_string_equal(f[2], note);
            assert_int_equal(len[2], (size_t)nl);
        } else {
            assert_string_equal(f[1], "");
            assert_int_equal(len[2], 0);
        }
    }
    static const size_t jumps[] = {N - 1, 0, 50001, 3, 99998, 12345};
    for (size_t k = 0; k < sizeof jumps / sizeof *jumps; k++) { /* and out of order */
        assert_int_equal(ck_report_rows_read(t, jumps[k], &e), CK_OK);
        snprintf(id, sizeof id, "%zu", jumps[k]);
        assert_string_equal(t->f[0], id);
    }
    /* a cursor reads the same rows with its own buffer: reading with it between two reads
     * of t leaves t's fields as they were */
    struct ck_report_rows cur;
    assert_int_equal(ck_report_rows_cursor(&cur, t, &e), CK_OK);
    assert_int_equal(ck_report_rows_read(t, 4, &e), CK_OK);
    for (size_t r = 0; r < N; r += 997) {
        assert_int_equal(ck_report_rows_read(&cur, r, &e), CK_OK);
        snprintf(id, sizeof id, "%zu", r);
        assert_string_equal(cur.f[0], id);
        assert_int_equal(cur.len[2], r % 3 ? (size_t)snprintf(note, sizeof note, "%0*zu",
                                                              (int)(r % 250), r)
                                           : 0);
    }
    assert_string_equal(t->f[0], "4");
    assert_string_equal(t->f[2], "0004");
    ck_report_rows_cursor_free(&cur);
    ck_report_rows_free(t);
    ck_report_rows_free(NULL);
}

static void test_from_table_and_reader(void **state)
{
    (void)state;
    struct ck_table tb;
    struct ck_error e;
    ck_table_init(&tb);
    char *h[] = {"a", "b"};
    size_t hl[] = {1, 1};
    struct ck_row hr = {2, h, hl, 1};
    assert_int_equal(ck_table_set_header(&tb, &hr, &e), CK_OK);
    char *r1[] = {"x,y", "\"q\""};
    size_t l1[] = {3, 3};
    struct ck_row row = {2, r1, l1, 2};
    assert_int_equal(ck_table_append(&tb, &row, &e), CK_OK);
    struct ck_report_rows *t;
    assert_int_equal(ck_report_rows_from_table(&t, &tb, NULL, &e), CK_OK);
    ck_table_free(&tb);
    assert_int_equal(ck_report_rows_count(t), 1);
    const char *const *f;
    const size_t *len;
    assert_int_equal(ck_report_rows_get(t, 0, &f, &len, &e), CK_OK);
    assert_string_equal(f[0], "x,y");
    assert_string_equal(f[1], "\"q\"");
    ck_report_rows_free(t);

    char path[] = "/tmp/ck-rrows-XXXXXX";
    int fd = mkstemp(path);
    const char csv[] = "id,name\n1,张三\n2,\"李\n四\"\n";
    assert_int_equal(write(fd, csv, sizeof csv - 1), (ssize_t)sizeof csv - 1);
    close(fd);
    struct ck_read_opts o;
    memset(&o, 0, sizeof o);
    struct ck_reader *r;
    assert_int_equal(ck_reader_open(&r, path, &o, &e), CK_OK);
    assert_int_equal(ck_report_rows_load(&t, r, "/tmp", &e), CK_OK);
    ck_reader_close(r);
    unlink(path);
    assert_int_equal(ck_report_rows_count(t), 2);
    assert_string_equal(t->header[1], "name");
    assert_int_equal(ck_report_rows_get(t, 1, &f, &len, &e), CK_OK);
    assert_string_equal(f[1], "李\n四");
    ck_report_rows_free(t);
    /* a spool directory that does not exist is an output error naming it */
    char *one[] = {"a"};
    assert_int_not_equal(ck_report_rows_new(&t, one, 1, "/nonexistent-dir", &e), CK_OK);
    assert_non_null(strstr(e.msg, "/nonexistent-dir"));
    ck_report_rows_free(t); /* freed after a failure too */
}

/* Every field's length comes back whatever its size (one, two and three bytes of length in
 * the file) and however many columns a row has (more lengths than fit one buffer), with the
 * lengths given by the caller or measured, and rows shorter than the header. */
static void test_long_fields_and_wide_rows(void **state)
{
    (void)state;
    enum { NC = 300, NR = 40 };
    static char *names[NC];
    char nb[NC][8];
    for (int c = 0; c < NC; c++) {
        snprintf(nb[c], sizeof nb[c], "c%d", c);
        names[c] = nb[c];
    }
    static const size_t sizes[] = {0, 1, 127, 128, 129, 16383, 16384, 20000, 70000};
    enum { NS = sizeof sizes / sizeof *sizes };
    char *big = malloc(70001);
    assert_non_null(big);
    for (size_t i = 0; i < 70000; i++)
        big[i] = (char)('a' + i % 26);
    big[70000] = 0;
    struct ck_report_rows *t;
    struct ck_error e;
    assert_int_equal(ck_report_rows_new(&t, names, NC, NULL, &e), CK_OK);
    static const char *f[NC];
    static size_t len[NC];
    char *copies[NR][3];
    for (int r = 0; r < NR; r++) {
        /* three fields of row r hold pieces of big, the others (r + c) % 200 bytes */
        for (int c = 0; c < NC; c++) {
            len[c] = (size_t)((r + c) % 200);
            f[c] = big + 70000 - len[c];
        }
        for (int k = 0; k < 3; k++) {
            size_t l = sizes[(r + k) % NS];
            copies[r][k] = strndup(big, l);
            int c = (r * 7 + k * 101) % NC;
            f[c] = copies[r][k];
            len[c] = l;
        }
        size_t n = r % 5 == 4 ? NC / 2 : NC; /* every fifth row short */
        assert_int_equal(ck_report_rows_append(t, f, r % 2 ? len : NULL, n, &e), CK_OK);
    }
    assert_int_equal(ck_report_rows_finish(t, &e), CK_OK);
    for (int k = 0; k < 2 * NR; k++) {
        int r = k < NR ? NR - 1 - k : (k * 13) % NR; /* backwards, then jumping about */
        const char *const *g;
        const size_t *gl;
        assert_int_equal(ck_report_rows_get(t, (size_t)r, &g, &gl, &e), CK_OK);
        size_t n = r % 5 == 4 ? NC / 2 : NC;
        for (int c = 0; c < NC; c++) {
            size_t want = (size_t)((r + c) % 200);
            const char *wv = big + 70000 - want;
            for (int j = 0; j < 3; j++)
                if ((r * 7 + j * 101) % NC == c) {
                    wv = copies[r][j];
                    want = sizes[(r + j) % NS];
                }
            if ((size_t)c >= n) {
                want = 0;
                wv = "";
            }
            assert_int_equal(gl[c], want);
            assert_int_equal(strlen(g[c]), want);
            assert_memory_equal(g[c], wv, want);
        }
    }
    for (int r = 0; r < NR; r++)
        for (int k = 0; k < 3; k++)
            free(copies[r][k]);
    free(big);
    ck_report_rows_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_new_append_get),
        cmocka_unit_test(test_long_fields_and_wide_rows),
        cmocka_unit_test(test_from_table_and_reader),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
