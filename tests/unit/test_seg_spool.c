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
    assert_int_equal(ck_seg_spool_new(&s, header, 2, replaces, NULL, &e), CK_OK);
    assert_int_equal(s.packed, !replaces);
    char *r1[] = {"Ann", "a,b"}, *r2[] = {"Bob"}, *r3[] = {"Cat", "x", "extra"};
    size_t l1[] = {3, 3}, l2[] = {3}, l3[] = {3, 1, 5};
    struct ck_row rows[] = {{2, r1, l1, 2}, {1, r2, l2, 3}, {3, r3, l3, 4}};
    for (size_t i = 0; i < 3; i++)
        assert_int_equal(ck_seg_spool_add(&s, &rows[i], &e), CK_OK);
    assert_int_equal(s.nrows, 3);
    assert_int_equal(ck_seg_spool_finish(&s, &e), CK_OK);
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_packed_appends),
        cmocka_unit_test(test_unpacked_replaces),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
