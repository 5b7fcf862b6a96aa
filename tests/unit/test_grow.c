/* test_grow.c — unit tests of lib/base/grow.c (ck_grow): the first allocation, doubling, a
 * need above double, and a need whose bytes would overflow size_t refused with *p and *cap
 * untouched. A failing realloc is not tested: nothing here can make the C library's realloc
 * fail on demand short of replacing it, and ck_grow's only other path is the same return -1. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/base.h"

/* From nothing: 64 elements at least, or the need rounded up to 64 · 2^k. */
static void test_from_zero(void **state)
{
    (void)state;
    int *p = NULL;
    size_t cap = 0;
    assert_int_equal(ck_grow((void **)&p, &cap, 1, sizeof *p), 0);
    assert_non_null(p);
    assert_int_equal(cap, 64);
    for (int i = 0; i < 64; i++) /* usable over the whole capacity */
        p[i] = i;
    free(p);
    p = NULL;
    cap = 0;
    assert_int_equal(ck_grow((void **)&p, &cap, 65, sizeof *p), 0);
    assert_int_equal(cap, 128);
    free(p);
    p = NULL;
    cap = 0;
    assert_int_equal(ck_grow((void **)&p, &cap, 1000, sizeof *p), 0);
    assert_int_equal(cap, 1024);
    free(p);
}

/* A need that fits changes nothing; one above doubles, the contents kept. */
static void test_doubling(void **state)
{
    (void)state;
    long *p = NULL;
    size_t cap = 0;
    assert_int_equal(ck_grow((void **)&p, &cap, 64, sizeof *p), 0);
    assert_int_equal(cap, 64);
    for (long i = 0; i < 64; i++)
        p[i] = i * 7;
    long *before = p;
    assert_int_equal(ck_grow((void **)&p, &cap, 64, sizeof *p), 0);
    assert_ptr_equal(p, before);
    assert_int_equal(cap, 64);
    assert_int_equal(ck_grow((void **)&p, &cap, 0, sizeof *p), 0);
    assert_int_equal(cap, 64);
    assert_int_equal(ck_grow((void **)&p, &cap, 65, sizeof *p), 0);
    assert_int_equal(cap, 128);
    for (long i = 0; i < 64; i++)
        assert_int_equal(p[i], i * 7);
    p[127] = 1; /* the new end is ours */
    /* a capacity that is not a power of two doubles from itself */
    cap = 100;
    assert_int_equal(ck_grow((void **)&p, &cap, 101, sizeof *p), 0);
    assert_int_equal(cap, 200);
    for (long i = 0; i < 64; i++)
        assert_int_equal(p[i], i * 7);
    free(p);
}

/* A need far above double: doubled as often as it takes, in one step. */
static void test_need_above_double(void **state)
{
    (void)state;
    char *p = NULL;
    size_t cap = 0;
    assert_int_equal(ck_grow((void **)&p, &cap, 10, 1), 0);
    memcpy(p, "kept bytes", 10);
    assert_int_equal(ck_grow((void **)&p, &cap, 5000, 1), 0);
    assert_int_equal(cap, 8192); /* 64 → 8192: seven doublings */
    assert_memory_equal(p, "kept bytes", 10);
    memset(p, 'x', cap);
    free(p);
}

/* need · size past SIZE_MAX: refused before any allocation, *p and *cap as they were. */
static void test_overflow_refused(void **state)
{
    (void)state;
    char *p = NULL;
    size_t cap = 0;
    assert_int_equal(ck_grow((void **)&p, &cap, 16, 8), 0);
    char *before = p;
    memcpy(p, "0123456789abcdef", 16);
    assert_int_equal(ck_grow((void **)&p, &cap, SIZE_MAX / 8 + 1, 8), -1);
    assert_ptr_equal(p, before);
    assert_int_equal(cap, 64);
    assert_memory_equal(p, "0123456789abcdef", 16);
    assert_int_equal(ck_grow((void **)&p, &cap, SIZE_MAX, 1), -1);
    assert_ptr_equal(p, before);
    assert_int_equal(cap, 64);
    /* from nothing too */
    void *q = NULL;
    size_t qcap = 0;
    assert_int_equal(ck_grow(&q, &qcap, SIZE_MAX / 2, 4), -1);
    assert_null(q);
    assert_int_equal(qcap, 0);
    free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_from_zero),
        cmocka_unit_test(test_doubling),
        cmocka_unit_test(test_need_above_double),
        cmocka_unit_test(test_overflow_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
