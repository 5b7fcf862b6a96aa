/* test_csv_ahead.c — unit tests of lib/io/read_ahead.c, the CSV reader's second thread: a file of
 * many batches gives the same rows, lines and errors with the thread (by default) as without it
 * (CUSTKIT_THREADS=1), read row by row or in batches it lends (io/fields.h ck_row_batch), and
 * a reader closed halfway stops the thread. */
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
#include "io/fields.h"

struct outcome {
    long rows, last_line;
    unsigned long long sum;
    int rc;
    char msg[512];
    struct ck_read_stats st;
    long lent, copied; /* batches read each way */
};

static void fold_row(struct outcome *out, const struct ck_row *row)
{
    out->rows++;
    out->last_line = row->line;
    for (size_t i = 0; i < row->n; i++)
        for (size_t k = 0; k < row->len[i]; k++)
            out->sum = out->sum * 31 + (unsigned char)row->f[i][k];
    out->sum = out->sum * 31 + (unsigned long long)row->line;
}

/* The same through ck_row_batch, two batches held in turn as clean holds them. */
static void read_batches(struct ck_reader *r, struct outcome *out)
{
    struct ck_row_batch b[2];
    memset(b, 0, sizeof b);
    for (int k = 0;; k ^= 1) {
        ck_row_batch_fill(&b[k], r, 4096);
        if (b[k].nrows)
            ++*(b[k].copied ? &out->copied : &out->lent);
        for (size_t i = 0; i < b[k].nrows; i++) {
            struct ck_row row = ck_row_batch_row(&b[k], i);
            fold_row(out, &row);
        }
        if ((out->rc = b[k].rc) != CK_OK)
            snprintf(out->msg, sizeof out->msg, "%s", b[k].err.msg);
        if (out->rc != CK_OK || b[k].eof)
            break;
    }
    for (int k = 0; k < 2; k++) {
        ck_row_batch_give_back(&b[k], r);
        ck_row_batch_free(&b[k]);
    }
}

/* Every row's fields and line folded into one number, and how the read ended. */
static struct outcome read_all(const char *path, int threads, int batches)
{
    if (threads)
        unsetenv("CUSTKIT_THREADS");
    else
        setenv("CUSTKIT_THREADS", "1", 1);
    struct outcome out;
    memset(&out, 0, sizeof out);
    struct ck_read_opts o;
    memset(&o, 0, sizeof o);
    struct ck_reader *r;
    struct ck_error e;
    assert_int_equal(ck_reader_open(&r, path, &o, &e), CK_OK);
    const struct ck_row *row;
    if (batches) {
        read_batches(r, &out);
    } else {
        while ((out.rc = ck_reader_next(r, &row, &e)) == CK_OK && row)
            fold_row(&out, row);
        if (out.rc != CK_OK)
            snprintf(out.msg, sizeof out.msg, "%s", e.msg);
    }
    out.st = *ck_reader_stats(r);
    ck_reader_close(r);
    unsetenv("CUSTKIT_THREADS");
    return out;
}

/* rows records of three fields; with ragged, now and then one of two fields, or of four with
 * an empty fourth (a batch the thread cannot lend as it is) */
static char *write_csv(long rows, long nul_at, int ragged)
{
    static char path[32];
    snprintf(path, sizeof path, "/tmp/ck-ahead-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    assert_non_null(f);
    fputs("id,name,note\r\n", f);
    for (long i = 0; i < rows; i++) {
        if (i == nul_at)
            fputc(0, f);
        /* a quoted field with a line break and doubled quotes; long fields now and then, so
         * that batches fill by bytes as well as by rows */
        if (ragged && i % 3001 == 7) {
            fprintf(f, "%ld,short\r\n", i);
            continue;
        }
        if (ragged && i % 5003 == 11) {
            fprintf(f, "%ld,long,x,\r\n", i);
            continue;
        }
        fprintf(f, "%ld,客户%ld,\"a,\"\"b\"\"\n%ld%s\"\r\n", i, i, i % 7,
                i % 1000 == 0
                    ? "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
                      "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
                    : "");
    }
    fclose(f);
    return path;
}

/* A read in batches gave what one row by row gave: rows, lines, bytes and counts. */
static void assert_same_read(const struct outcome *o, const struct outcome *one)
{
    assert_int_equal(o->rc, one->rc);
    assert_int_equal(o->rows, one->rows);
    assert_int_equal(o->last_line, one->last_line);
    assert_true(o->sum == one->sum);
    assert_int_equal(o->st.records, one->st.records);
    assert_int_equal(o->st.short_rows, one->st.short_rows);
    assert_int_equal(o->st.long_rows, one->st.long_rows);
}

static void test_same_rows_both_ways(void **state)
{
    (void)state;
    char *path = write_csv(200000, -1, 0);
    struct outcome one = read_all(path, 0, 0), two = read_all(path, 1, 0);
    struct outcome lent = read_all(path, 1, 1), copied = read_all(path, 0, 1);
    unlink(path);
    assert_int_equal(one.rc, CK_OK);
    assert_int_equal(two.rc, CK_OK);
    assert_int_equal(one.rows, 200000);
    assert_int_equal(two.rows, 200000);
    assert_int_equal(one.last_line, 1 + 2 * 200000 - 1); /* each record is two lines */
    assert_int_equal(two.last_line, one.last_line);
    assert_true(one.sum == two.sum);
    assert_same_read(&lent, &one);
    assert_same_read(&copied, &one);
    assert_true(lent.lent > 0 && lent.copied == 0);
    assert_true(copied.lent == 0 && copied.copied > 0);
}

/* Short and long rows here and there: batches with one are read row by row, the rest lent, and
 * the rows, their padding and the counts of short and long rows are the same. */
static void test_ragged_batches(void **state)
{
    (void)state;
    char *path = write_csv(60000, -1, 1);
    struct outcome one = read_all(path, 0, 0), lent = read_all(path, 1, 1);
    struct outcome copied = read_all(path, 0, 1);
    unlink(path);
    assert_int_equal(one.rc, CK_OK);
    assert_int_equal(one.rows, 60000);
    assert_true(one.st.short_rows > 0 && one.st.long_rows > 0);
    assert_same_read(&lent, &one);
    assert_same_read(&copied, &one);
    assert_true(lent.lent > 0 && lent.copied > 0);
}

/* A NUL byte deep in the file ends the read with the same error, after the same rows. */
static void test_error_after_rows(void **state)
{
    (void)state;
    char *path = write_csv(50000, 40000, 0);
    struct outcome one = read_all(path, 0, 0), two = read_all(path, 1, 0);
    struct outcome lent = read_all(path, 1, 1);
    unlink(path);
    assert_int_equal(lent.rc, CK_EINPUT);
    assert_string_equal(lent.msg, one.msg);
    assert_int_equal(lent.rows, 40000);
    assert_true(lent.sum == one.sum);
    assert_int_equal(one.rc, CK_EINPUT);
    assert_int_equal(two.rc, CK_EINPUT);
    assert_non_null(strstr(one.msg, ":80002: binary data"));
    assert_string_equal(one.msg, two.msg);
    assert_int_equal(one.rows, 40000);
    assert_int_equal(two.rows, 40000);
    assert_true(one.sum == two.sum);
}

/* Closing a reader whose thread is still filling batches stops and joins it (the sanitizer
 * build sees any leak or race). */
static void test_close_halfway(void **state)
{
    (void)state;
    char *path = write_csv(100000, -1, 0);
    unsetenv("CUSTKIT_THREADS");
    struct ck_read_opts o;
    memset(&o, 0, sizeof o);
    struct ck_reader *r;
    struct ck_error e;
    assert_int_equal(ck_reader_open(&r, path, &o, &e), CK_OK);
    const struct ck_row *row;
    for (int i = 0; i < 3000; i++) {
        assert_int_equal(ck_reader_next(r, &row, &e), CK_OK);
        assert_non_null(row);
    }
    assert_string_equal(row->f[0], "2999");
    assert_string_equal(row->f[2], "a,\"b\"\n3");
    ck_reader_close(r);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_rows_both_ways),
        cmocka_unit_test(test_ragged_batches),
        cmocka_unit_test(test_error_after_rows),
        cmocka_unit_test(test_close_halfway),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
