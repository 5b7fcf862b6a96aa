/* bigmem.c — large pages for the large tables read at random (see bigmem.h). A lookup in a
 * key index of a million customers lands on a page of its own almost every time; with 4 KB
 * pages the address translation misses as well, with 2 MB pages it mostly hits. */
#include "base/bigmem.h"
#include <stdint.h>
#include <sys/mman.h>

#define HUGE_PAGE ((uintptr_t)2 << 20)

void ck_advise_huge(void *p, size_t n)
{
#ifdef MADV_HUGEPAGE
    /* only the whole 2 MB pages inside the block: the advice covers the pages it names */
    uintptr_t lo = ((uintptr_t)p + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
    uintptr_t hi = ((uintptr_t)p + n) & ~(HUGE_PAGE - 1);
    if (p && hi > lo)
        (void)madvise((void *)lo, hi - lo, MADV_HUGEPAGE);
#else
    (void)p;
    (void)n;
#endif
}
