/* money.c — exact decimal arithmetic for sums of money: plain decimals to whole cents and
 * back, so that ten thousand times 0.1 is exactly 1000. */
#include "base/base.h"
#include "base/money.h"
#include <limits.h>
#include <stdio.h>
#include <string.h>

int ck_cents_parse(const char *s, long long *cents)
{
    int neg = 0;
    long long v = 0;
    if (*s == '-')
        neg = 1, s++;
    if (!(*s >= '0' && *s <= '9') && !(*s == '.' && s[1] >= '0' && s[1] <= '9'))
        return -1;
    for (; *s >= '0' && *s <= '9'; s++) {
        if (v > (LLONG_MAX / 100 - 9) / 10)
            return -1;
        v = v * 10 + (*s - '0');
    }
    v *= 100;
    if (*s == '.') {
        s++;
        int d1 = -1, d2 = -1, d3 = -1;
        if (*s >= '0' && *s <= '9')
            d1 = *s++ - '0';
        if (d1 >= 0 && *s >= '0' && *s <= '9')
            d2 = *s++ - '0';
        if (d2 >= 0 && *s >= '0' && *s <= '9')
            d3 = *s++ - '0';
        while (*s >= '0' && *s <= '9')
            s++;
        v += (d1 > 0 ? d1 * 10 : 0) + (d2 > 0 ? d2 : 0) + (d3 >= 5);
    }
    if (*s)
        return -1;
    *cents = neg ? -v : v;
    return 0;
}

char *ck_cents_format(long long cents, char *buf)
{
    unsigned long long a = cents < 0 ? 0ULL - (unsigned long long)cents : (unsigned long long)cents;
    unsigned long long whole = a / 100, frac = a % 100;
    char *p = buf;
    if (cents < 0)
        *p++ = '-';
    p = ck_put_uint(p, whole);
    /* "12", "12.5" or "12.05": no trailing zero in the cents */
    if (frac) {
        *p++ = '.';
        *p++ = (char)('0' + frac / 10);
        if (frac % 10)
            *p++ = (char)('0' + frac % 10);
    }
    *p = 0;
    return buf;
}
