/* fixture_files.h — files the unit tests read back (test_clean_run.c, test_orders.c,
 * test_seg_spool.c, test_segment_compare.c).
 * Included by a test file after cmocka.h. */
#ifndef CK_TEST_FIXTURE_FILES_H
#define CK_TEST_FIXTURE_FILES_H

#include <stdio.h>
#include <stdlib.h>

/* The whole file at path, NUL-terminated, in memory the caller frees. */
static inline char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = 0;
    fclose(f);
    return buf;
}

/* The first 8191 bytes of the file at path, NUL-terminated, in a buffer the next call reuses. */
static inline char *read_whole(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    static char buf[8192];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = 0;
    fclose(f);
    return buf;
}

#endif
