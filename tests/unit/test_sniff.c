/* test_sniff.c — unit tests of lib/io/sniff.c: the zip and OLE2 signatures, heads too short to
 * hold one, near misses, and the same read from a file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "io/sniff.h"
static const unsigned char OLE[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};

static void test_heads(void **state)
{
    (void)state;
    assert_int_equal(ck_container_of("PK\3\4rest", 9), CK_CONTAINER_ZIP);
    assert_int_equal(ck_container_of("PK\3\4", 4), CK_CONTAINER_ZIP);
    assert_int_equal(ck_container_of(OLE, 8), CK_CONTAINER_OLE);
    /* too short for the signature */
    assert_int_equal(ck_container_of("PK\3", 3), CK_CONTAINER_OTHER);
    assert_int_equal(ck_container_of(OLE, 7), CK_CONTAINER_OTHER);
    assert_int_equal(ck_container_of("", 0), CK_CONTAINER_OTHER);
    /* near misses: an empty archive's end record, a CSV that starts with PK, 4 bytes of OLE */
    assert_int_equal(ck_container_of("PK\5\6", 4), CK_CONTAINER_OTHER);
    assert_int_equal(ck_container_of("PK,name\n", 8), CK_CONTAINER_OTHER);
    unsigned char half[8] = {0xD0, 0xCF, 0x11, 0xE0, 0, 0, 0, 0};
    assert_int_equal(ck_container_of(half, 8), CK_CONTAINER_OTHER);
    assert_int_equal(ck_container_of("name,phone\n", 11), CK_CONTAINER_OTHER);
}

static char *write_temp(const void *data, size_t n)
{
    char *path = strdup("/tmp/test_sniff.XXXXXX");
    assert_non_null(path);
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, data, n), (ssize_t)n);
    close(fd);
    return path;
}

static void test_files(void **state)
{
    (void)state;
    static const struct {
        const void *data;
        size_t n;
        enum ck_container want;
    } cases[] = {
        {"PK\3\4\24\0\0\0", 8, CK_CONTAINER_ZIP},
        {OLE, 8, CK_CONTAINER_OLE},
        {"PK\3\4", 4, CK_CONTAINER_ZIP}, /* shorter than CK_CONTAINER_HEAD */
        {"id,name\n1,a\n", 12, CK_CONTAINER_OTHER},
        {"", 0, CK_CONTAINER_OTHER},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *path = write_temp(cases[i].data, cases[i].n);
        assert_int_equal(ck_container_of_file(path), cases[i].want);
        unlink(path);
        free(path);
    }
    assert_int_equal(ck_container_of_file("/nonexistent/test_sniff"), CK_CONTAINER_OTHER);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_heads),
        cmocka_unit_test(test_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
