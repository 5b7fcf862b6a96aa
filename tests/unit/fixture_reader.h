/* fixture_reader.h — a workbook read through the table reader compared, row by row and cell
 * by cell, with the CSV of the same cells (test_ods_read.c, test_xls_read.c). Included after
 * cmocka.h and custkit.h. */
#ifndef CK_TEST_FIXTURE_READER_H
#define CK_TEST_FIXTURE_READER_H

#include <string.h>

/* The reader over the workbook book (its sheet, NULL: the first) gives what it gives over
 * the CSV csv. */
static inline void same_as_csv(const char *book, const char *sheet, const char *csv)
{
    struct ck_read_opts ob, oc;
    memset(&ob, 0, sizeof ob);
    memset(&oc, 0, sizeof oc);
    ob.prescan = oc.prescan = 1;
    ob.sheet = sheet;
    struct ck_reader *rb, *rc;
    struct ck_error e;
    assert_int_equal(ck_reader_open(&rb, book, &ob, &e), CK_OK);
    assert_int_equal(ck_reader_open(&rc, csv, &oc, &e), CK_OK);
    const struct ck_row *a = ck_reader_header(rb), *b = ck_reader_header(rc);
    long rows = 0;
    for (;;) {
        assert_int_equal(a->n, b->n);
        for (size_t i = 0; i < a->n; i++)
            if (strcmp(a->f[i], b->f[i]) != 0)
                fail_msg("%s row %ld field %zu: '%s', want '%s'", book, rows, i, a->f[i], b->f[i]);
        assert_int_equal(ck_reader_next(rb, &a, &e), CK_OK);
        assert_int_equal(ck_reader_next(rc, &b, &e), CK_OK);
        if (!a || !b)
            break;
        rows++;
    }
    assert_null(a);
    assert_null(b);
    assert_true(rows >= 2);
    ck_reader_close(rb);
    ck_reader_close(rc);
}

#endif
