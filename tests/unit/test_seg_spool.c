/* test_seg_spool.c — unit tests of lib/report/seg_spool.c: segment's rows spooled and written
 * back with the new columns, packed (columns appended) and not (a column replaced), short and
 * long rows included. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "fixture_files.h"

#include "report/seg_spool.h"

/* Spool Ann (a quoted field), Bob (short) and Cat (long), then write them back with the
 * value "VIP" in the column oc puts the segment at. */
static const char *round_trip(int replaces, const struct ck_seg_outcols *oc)
{
    static char *header[] = {"name", "note"};
    static char path[] = "/tmp/ck-seg-spool-XXXXXX";
    strcpy(path, "/tmp/ck-seg-spool-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    struct ck_error e = {0};
    struct ck_seg_spool s;
    assert_int_equal(ck_seg_spool_new(&s, header, 2, replaces, NULL, NULL, &e), CK_OK);
    assert_int_equal(s.packed, !replaces);
    char *r1[] = {"Ann", "a,b"}, *r2[] = {"Bob"}, *r3[] = {"Cat", "x", "extra"};
    size_t l1[] = {3, 3}, l2[] = {3}, l3[] = {3, 1, 5};
    struct ck_row rows[] = {{2, r1, l1, 2}, {1, r2, l2, 3}, {3, r3, l3, 4}};
    for (size_t i = 0; i < 3; i++)
        assert_int_equal(ck_seg_spool_add(&s, &rows[i], 0, &e), CK_OK);
    assert_int_equal(s.nrows, 3);
    assert_int_equal(ck_seg_spool_finish(&s, 0, &e), CK_OK);
    struct ck_writer *w;
    assert_int_equal(ck_writer_open(&w, path, 0, &e), CK_OK);
    const char *f[3];
    size_t len[3];
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(ck_seg_spool_get(&s, i, f, len, &e), CK_OK);
        f[oc->pos[CK_OUT_SEG]] = "VIP";
        assert_int_equal(ck_seg_spool_put(&s, w, oc, f, len, &e), CK_OK);
    }
    assert_int_equal(ck_writer_close(w, &e), CK_OK);
    ck_seg_spool_free(&s);
    assert_null(s.rows);
    const char *got = read_whole(path);
    unlink(path);
    return got;
}

static struct ck_seg_outcols outcols(size_t nout, long segment_pos)
{
    struct ck_seg_outcols oc;
    memset(&oc, 0, sizeof oc);
    for (int k = 0; k < CK_OUT_N; k++)
        oc.pos[k] = -1;
    oc.nout = nout;
    oc.pos[CK_OUT_SEG] = segment_pos;
    oc.want[CK_OUT_SEG] = 1;
    return oc;
}

static void test_packed_appends(void **state)
{
    (void)state;
    struct ck_seg_outcols oc = outcols(3, 2);
    assert_string_equal(round_trip(0, &oc), "Ann,\"a,b\",VIP\nBob,,VIP\nCat,x,VIP\n");
}

static void test_unpacked_replaces(void **state)
{
    (void)state;
    struct ck_seg_outcols oc = outcols(2, 1);
    oc.replaces = 1;
    assert_string_equal(round_trip(1, &oc), "Ann,VIP\nBob,VIP\nCat,VIP\n");
}

/* A CSV file (csv, n bytes, a header of two columns) read again instead of spooled: the rows
 * read the first time are counted, and change (0 none, 1 a row appended before the second
 * reading, 2 the file cut short during it) says what happens to the file in between. With
 * replace, the segment goes into the second column and a rank column is added; else a segment
 * column is added. With copy, the rows the reader finds as they are (ck_reader_as_is) are
 * copied from the file, *copied says whether that was done rather than given up, and *ncopy
 * counts the rows copied. Returns
 * the output, or NULL and e set. */
static const char *read_again_csv(const char *csv, size_t n, int change, int replace, int copy,
                                  int *copied, size_t *ncopy, struct ck_error *e)
{
    static char in[] = "/tmp/ck-seg-again-XXXXXX", out[] = "/tmp/ck-seg-out-XXXXXX";
    strcpy(in, "/tmp/ck-seg-again-XXXXXX");
    strcpy(out, "/tmp/ck-seg-out-XXXXXX");
    int fd = mkstemp(in), fo = mkstemp(out);
    assert_true(fd >= 0 && fo >= 0);
    close(fo);
    assert_int_equal(write(fd, csv, n), (long)n);
    close(fd);
    struct ck_reader *r;
    static const struct ck_read_opts ro = {0};
    assert_int_equal(ck_reader_open(&r, in, &ro, e), CK_OK);
    assert_int_equal(ck_reader_header(r)->n, 2);
    struct ck_seg_spool s;
    assert_int_equal(
        ck_seg_spool_new(&s, ck_reader_header(r)->f, 2, 0, copy ? NULL : "/nonexistent", in, e),
        CK_OK);
    const struct ck_row *row;
    int rc;
    while ((rc = ck_reader_next(r, &row, e)) == CK_OK && row)
        assert_int_equal(ck_seg_spool_add(&s, row, copy && ck_reader_as_is(r), e), CK_OK);
    assert_int_equal(rc, CK_OK);
    int lf = copy && ck_reader_lf_bytes(r);
    ck_reader_close(r);
    if (!copy)
        assert_null(s.rows); /* nothing spooled: TMPDIR is never used */
    if (change == 1) {
        FILE *f = fopen(in, "a");
        assert_non_null(f);
        fputs("Dan,y\n", f);
        fclose(f);
    }
    struct ck_seg_outcols oc = outcols(3, replace ? 1 : 2);
    if (replace) {
        oc.pos[CK_OUT_RANK] = 2;
        oc.want[CK_OUT_RANK] = 1;
    }
    struct ck_writer *w;
    rc = ck_seg_spool_finish(&s, lf, e);
    if (copied)
        *copied = s.lines_open;
    for (size_t i = 0; ncopy && s.lines_open && i < s.nrows; i++)
        *ncopy += (s.step[i] & 0x80) != 0;
    assert_int_equal(ck_writer_open(&w, out, 0, e), CK_OK);
    const char *f[3];
    size_t len[3];
    for (size_t i = 0; rc == CK_OK && i < s.nrows; i++) {
        if (change == 2 && i == 1)
            assert_int_equal(truncate(in, 20), 0);
        if ((rc = ck_seg_spool_get(&s, i, f, len, e)) == CK_OK) {
            f[oc.pos[CK_OUT_SEG]] = "VIP";
            if (replace)
                f[oc.pos[CK_OUT_RANK]] = i == 0 ? "1" : "a \"b\"";
            rc = ck_seg_spool_put(&s, w, &oc, f, len, e);
        }
    }
    if (rc == CK_OK)
        rc = ck_seg_spool_done(&s, e);
    ck_seg_spool_free(&s);
    unlink(in);
    if (rc != CK_OK) {
        ck_writer_abort(w);
        unlink(out);
        return NULL;
    }
    assert_int_equal(ck_writer_close(w, e), CK_OK);
    const char *got = read_whole(out);
    unlink(out);
    return got;
}

static const char *read_again_as(int change, int replace, struct ck_error *e)
{
    static const char csv[] = "name,note\nAnn,\"a,b\"\nBob\nCat,x\n";
    return read_again_csv(csv, sizeof csv - 1, change, replace, 0, NULL, NULL, e);
}

static const char *read_again(int change, struct ck_error *e)
{
    return read_again_as(change, 0, e);
}

static void test_read_again(void **state)
{
    (void)state;
    struct ck_error e = {0};
    const char *got = read_again(0, &e);
    assert_non_null(got);
    assert_string_equal(got, "Ann,\"a,b\",VIP\nBob,,VIP\nCat,x,VIP\n");
    /* a column of the table replaced, one added: quoted where a value needs it */
    got = read_again_as(0, 1, &e);
    assert_non_null(got);
    assert_string_equal(got, "Ann,VIP,1\nBob,VIP,\"a \"\"b\"\"\"\nCat,VIP,\"a \"\"b\"\"\"\n");
}

static void test_read_again_changed(void **state)
{
    (void)state;
    for (int change = 1; change <= 2; change++) {
        struct ck_error e = {0};
        assert_null(read_again(change, &e));
        assert_int_equal(e.code, CK_EINPUT);
        assert_non_null(strstr(e.msg, "changed while segment was reading it"));
    }
}

/* Rows copied from the file as they are give the output reading the file again gives: quoted
 * fields (one over two lines), blank lines, a short and a long row, no LF at the end, a BOM, a
 * title above the header, spaces, a gap past STEP_FAR lines. Copying is given up, with the
 * same output, for CR LF line ends, another delimiter, or GB18030 text. */
static void test_read_again_copied(void **state)
{
    (void)state;
    static const struct {
        const char *head, *body;
        int copied; /* 1 copied, 0 given up; 2 kept, but every row spooled */
    } t[] = {
        {"name,note\n", "Ann,\"a,b\"\nBob\nCat,x\n", 1},
        {"name,note\n", "\nAnn,x\n\n\nBob,y\n\n", 1},
        {"name,note\n", "Ann,\"line 1\nline 2\"\nBob,y\nCat,\"q\"\"x\"\nDan,z\n", 1},
        {"name,note\n", "\"Ann\",x\nBob,\"y\"\nCat,z\n", 1},
        {"name,note\n", "Ann,x,,\nBob,y\n", 1},
        {"name,note\n", "Ann,x\nBob,y", 1},
        {"\xEF\xBB\xBFname,note\n", "Ann,x\nBob,y\n", 1},
        {"Customers 2026\n\nname,note\n", "Ann,x\nBob,y\n", 1},
        {"name,note\n", "Ann , x \n Bob,y\n", 1},
        {"name,note\r\n", "Ann,x\r\nBob,y\r\n", 0},
        {"name;note\n", "Ann;x\nBob;y\n", 2},
        {"name,note\n", "Ann,\xc4\xe3\xba\xc3\nBob,y\n", 0},
    };
    for (size_t k = 0; k < sizeof t / sizeof t[0]; k++) {
        /* rows enough after the header that some are not those read with it */
        char csv[1024];
        const char *fill = strchr(t[k].head, '\r')  ? "Fil,n\r\n"
                           : strchr(t[k].head, ';') ? "Fil;n\n"
                                                    : "Fil,n\n";
        size_t n = (size_t)snprintf(csv, sizeof csv, "%s", t[k].head);
        for (int i = 0; i < 12; i++)
            n += (size_t)snprintf(csv + n, sizeof csv - n, "%s", fill);
        n += (size_t)snprintf(csv + n, sizeof csv - n, "%s", t[k].body);
        struct ck_error e = {0};
        const char *want = read_again_csv(csv, n, 0, 0, 0, NULL, NULL, &e);
        assert_non_null(want);
        char *keep = strdup(want);
        int copied = -1;
        size_t ncopy = 0;
        const char *got = read_again_csv(csv, n, 0, 0, 1, &copied, &ncopy, &e);
        assert_non_null(got);
        assert_string_equal(got, keep);
        assert_int_equal(copied, t[k].copied != 0);
        if (t[k].copied == 1) /* the rows after those read with the header, as they are */
            assert_true(ncopy >= 4);
        if (t[k].copied == 2)
            assert_int_equal(ncopy, 0);
        free(keep);
    }
    /* 300 blank lines between two rows */
    char big[1024] = "name,note\n";
    size_t n = strlen(big);
    for (int i = 0; i < 12; i++)
        n += (size_t)snprintf(big + n, sizeof big - n, "Fil,n\n");
    memset(big + n, '\n', 300);
    strcpy(big + n + 300, "Bob,y\nCat,\"z,z\"\nDan,w\n");
    n = strlen(big);
    struct ck_error e = {0};
    char *want = strdup(read_again_csv(big, n, 0, 0, 0, NULL, NULL, &e));
    int copied = 0;
    size_t ncopy = 0;
    assert_string_equal(read_again_csv(big, n, 0, 0, 1, &copied, &ncopy, &e), want);
    assert_int_equal(copied, 1);
    assert_true(ncopy >= 4);
    free(want);
    /* a file changed while it was read, copying: an error as when reading again */
    for (int change = 1; change <= 2; change++) {
        static const char csv[] = "name,note\nAnn,\"a,b\"\nBob\nCat,x\nDan,y\nEve,z\nFay,w\n"
                                  "Gus,v\nHal,u\nIda,t\nJon,s\nKim,r\n";
        assert_null(read_again_csv(csv, sizeof csv - 1, change, 0, 1, NULL, NULL, &e));
        assert_int_equal(e.code, CK_EINPUT);
    }
}

/* ck_seg_spool_write_all: 20,000 rows (quotes, commas, short rows) written back on two threads
 * are byte for byte those one thread writes; a row function's error stops both alike. */
struct wa_ctx {
    const struct ck_seg_outcols *oc;
    size_t fail_at;
};

static int wa_row(void *ctx, size_t i, const char **f, struct ck_seg_outbuf *buf,
                  struct ck_error *e)
{
    const struct wa_ctx *c = ctx;
    if (i == c->fail_at)
        return ck_error_set(e, CK_EINPUT, "row %zu failed", i);
    snprintf(buf->rank, sizeof buf->rank, "%zu", i % 7);
    f[c->oc->pos[CK_OUT_SEG]] = i % 3 ? "VIP" : "say \"hi\", then";
    f[c->oc->pos[CK_OUT_RANK]] = buf->rank;
    return CK_OK;
}

static int write_all(const char *threads, size_t fail_at, char **out)
{
    static char *header[] = {"name", "note"};
    char path[] = "/tmp/ck-seg-all-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    setenv("CUSTKIT_THREADS", threads, 1);
    struct ck_error e = {0};
    struct ck_seg_spool s;
    assert_int_equal(ck_seg_spool_new(&s, header, 2, 0, NULL, NULL, &e), CK_OK);
    for (size_t i = 0; i < 20000; i++) {
        char name[32], note[32];
        snprintf(name, sizeof name, "c%zu", i);
        snprintf(note, sizeof note, i % 5 ? "n%zu" : "a,\"%zu\"", i);
        char *f[] = {name, note};
        size_t len[] = {strlen(name), strlen(note)};
        struct ck_row row = {i % 11 ? 2 : 1, f, len, (long)i + 2};
        assert_int_equal(ck_seg_spool_add(&s, &row, 0, &e), CK_OK);
    }
    assert_int_equal(ck_seg_spool_finish(&s, 0, &e), CK_OK);
    struct ck_seg_outcols oc = outcols(4, 2);
    oc.pos[CK_OUT_RANK] = 3;
    oc.want[CK_OUT_RANK] = 1;
    struct wa_ctx c = {&oc, fail_at};
    struct ck_writer *w;
    assert_int_equal(ck_writer_open(&w, path, 0, &e), CK_OK);
    int rc = ck_seg_spool_write_all(&s, w, &oc, wa_row, &c, NULL, NULL, &e);
    if (rc == CK_OK)
        assert_int_equal(ck_writer_close(w, &e), CK_OK);
    else
        ck_writer_abort(w);
    ck_seg_spool_free(&s);
    unsetenv("CUSTKIT_THREADS");
    *out = rc == CK_OK ? slurp(path) : strdup(e.msg);
    unlink(path);
    return rc;
}

static void test_write_all_threads(void **state)
{
    (void)state;
    char *one, *two;
    assert_int_equal(write_all("1", SIZE_MAX, &one), CK_OK);
    assert_int_equal(write_all("2", SIZE_MAX, &two), CK_OK);
    const char *head = "c0,,\"say \"\"hi\"\", then\",0\nc1,n1,VIP,1\n"; /* c0 is a short row */
    assert_memory_equal(one, head, strlen(head));
    assert_non_null(strstr(one, "\nc5,\"a,\"\"5\"\"\",VIP,5\n"));
    assert_non_null(strstr(one, "\nc19999,n19999,VIP,"));
    assert_string_equal(one, two);
    free(one);
    free(two);
    assert_int_equal(write_all("1", 12345, &one), CK_EINPUT);
    assert_int_equal(write_all("2", 12345, &two), CK_EINPUT);
    assert_string_equal(one, "row 12345 failed");
    assert_string_equal(two, "row 12345 failed");
    free(one);
    free(two);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_packed_appends),
        cmocka_unit_test(test_unpacked_replaces),
        cmocka_unit_test(test_read_again),
        cmocka_unit_test(test_read_again_changed),
        cmocka_unit_test(test_read_again_copied),
        cmocka_unit_test(test_write_all_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
