/* test_bigmem.c — unit tests of lib/base/bigmem.c and bigmem.h: ck_advise_huge is advice, so
 * what can be asserted is that it takes any block (NULL, small, unaligned, several huge pages
 * long) without failing, and that the memory stays ours and keeps its contents; whether the
 * kernel gave 2 MB pages is not observable here (madvise's answer is ignored, as documented).
 * ck_prefetch of valid addresses changes nothing either. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/bigmem.h"

static void fill(unsigned char *p, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i++)
        p[i] = (unsigned char)((i * 31u + seed) >> 3);
}

static void check(const unsigned char *p, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != (unsigned char)((i * 31u + seed) >> 3))
            fail_msg("byte %zu changed", i);
}

static void test_small_blocks(void **state)
{
    (void)state;
    ck_advise_huge(NULL, 0);
    ck_advise_huge(NULL, (size_t)8 << 20); /* NULL: nothing to advise */
    unsigned char *p = malloc(4096);
    assert_non_null(p);
    fill(p, 4096, 1);
    ck_advise_huge(p, 4096); /* no whole 2 MB page inside: a no-op */
    ck_advise_huge(p, 0);
    check(p, 4096, 1);
    free(p);
}

static void test_large_block(void **state)
{
    (void)state;
    size_t n = (size_t)9 << 20; /* over four whole 2 MB pages, wherever it starts */
    unsigned char *p = malloc(n);
    assert_non_null(p);
    /* advised before the first write, as the header asks, and once more after it */
    ck_advise_huge(p, n);
    fill(p, n, 2);
    check(p, n, 2);
    ck_advise_huge(p + 1, n - 3); /* unaligned ends: only the whole pages between */
    check(p, n, 2);
    fill(p, n, 3);
    check(p, n, 3);
    free(p);
    /* aligned on a huge page, exactly two of them */
    void *a = NULL;
    assert_int_equal(posix_memalign(&a, (size_t)2 << 20, (size_t)4 << 20), 0);
    ck_advise_huge(a, (size_t)4 << 20);
    fill(a, (size_t)4 << 20, 4);
    check(a, (size_t)4 << 20, 4);
    free(a);
}

static void test_prefetch(void **state)
{
    (void)state;
    unsigned char buf[256];
    fill(buf, sizeof buf, 5);
    for (size_t i = 0; i < sizeof buf; i += 64)
        ck_prefetch(buf + i);
    ck_prefetch(buf + sizeof buf - 1);
    check(buf, sizeof buf, 5);
    static const long table[4] = {1, 2, 3, 4};
    ck_prefetch(&table[3]); /* read-only memory: a hint, never a write */
    assert_int_equal(table[3], 4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_small_blocks),
        cmocka_unit_test(test_large_block),
        cmocka_unit_test(test_prefetch),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
