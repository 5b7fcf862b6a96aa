/* grow.c — the one growth step of every array in the library: double the capacity until the
 * need fits, with the overflow checked once here. */
#include <stdint.h>
#include <stdlib.h>

#include "base/base.h"

int ck_grow_to(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return 0;
    size_t n = *cap ? *cap : 64;
    while (n < need) {
        if (n > SIZE_MAX / 2 / size)
            return -1;
        n *= 2;
    }
    void *q = realloc(*p, n * size);
    if (!q)
        return -1;
    *p = q;
    *cap = n;
    return 0;
}
