/* bigmem.h — memory for the large tables read at random (the key index, the per-customer
 * roll-up): on Linux, backed by 2 MB pages where the kernel allows it, so that a random
 * access into hundreds of megabytes does not also miss the TLB. */
#ifndef CK_BIGMEM_H
#define CK_BIGMEM_H

#include <stddef.h>

/* Ask for large pages over [p, p + n), before the memory is first written: a no-op for small
 * blocks, on other systems, or where the kernel says no (it is advice, never an error). */
void ck_advise_huge(void *p, size_t n);

/* Start loading the cache line at p, for a random access a little later (work in between
 * then runs while the line travels). A hint: nothing on compilers without it. */
static inline void ck_prefetch(const void *p)
{
#if defined(__GNUC__) || defined(__clang__)
    __builtin_prefetch(p, 1);
#else
    (void)p;
#endif
}

#endif
