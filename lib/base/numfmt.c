/* numfmt.c — locale-independent number printing and parsing: the shortest decimal that
 * round-trips ("42", "0.1", "13812345678", "1e-7"), never "42.0" or "1.38E10". */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"

/* Rewrite printf's exponent form "1.5e-07" as "1.5e-7" and drop "e+". */
static void tidy_exponent(char *s)
{
    char *e = strchr(s, 'e');
    if (!e)
        return;
    char *p = e + 1, *w = e + 1;
    if (*p == '+')
        p++;
    else if (*p == '-')
        *w++ = *p++;
    while (*p == '0' && p[1])
        p++;
    memmove(w, p, strlen(p) + 1);
}

/* Plain positional form of v from its shortest significant digits (so 1.2345678901234568e20
 * prints as 123456789012345680000, not the binary value's exact expansion). */
static void positional(double v, int digits, char *buf)
{
    char sci[40], mant[24];
    snprintf(sci, sizeof sci, "%.*e", digits - 1, v);
    size_t m = 0;
    const char *p = sci;
    int neg = *p == '-';
    if (neg)
        p++;
    for (; *p && *p != 'e'; p++)
        if (*p >= '0' && *p <= '9')
            mant[m++] = *p;
    mant[m] = 0;
    int exp10 = (int)strtol(p + 1, NULL, 10); /* the value is mant[0].mant[1..] × 10^exp10 */
    char *o = buf;
    if (neg)
        *o++ = '-';
    if (exp10 < 0) {
        *o++ = '0';
        *o++ = '.';
        for (int i = -1; i > exp10; i--)
            *o++ = '0';
        memcpy(o, mant, m);
        o += m;
    } else {
        for (int i = 0; i <= exp10 || i < (int)m; i++) {
            if (i == exp10 + 1)
                *o++ = '.';
            *o++ = (char)(i < (int)m ? mant[i] : '0');
        }
    }
    *o = 0;
    if (strchr(buf, '.')) { /* no trailing zeros after the point */
        char *end = o - 1;
        while (*end == '0')
            *end-- = 0;
        if (*end == '.')
            *end = 0;
    }
}

char *ck_format_double(double v, char *buf)
{
    if (isnan(v)) {
        memcpy(buf, "NaN", sizeof "NaN");
        return buf;
    }
    if (isinf(v)) {
        if (v < 0)
            memcpy(buf, "-Infinity", sizeof "-Infinity");
        else
            memcpy(buf, "Infinity", sizeof "Infinity");
        return buf;
    }
    if (v == 0) {
        memcpy(buf, "0", sizeof "0"); /* -0 too: a spreadsheet shows 0 */
        return buf;
    }
    /* Whole numbers of ordinary size (phones, counts, ids): exact, and no printf. */
    if (v == floor(v) && fabs(v) < 1e15) {
        long long n = (long long)v;
        char tmp[24];
        size_t k = 0;
        unsigned long long u = n < 0 ? 0ULL - (unsigned long long)n : (unsigned long long)n;
        do
            tmp[k++] = (char)('0' + u % 10);
        while (u /= 10);
        char *o = buf;
        if (n < 0)
            *o++ = '-';
        while (k)
            *o++ = tmp[--k];
        *o = 0;
        return buf;
    }
    /* A double has 15.95 significant digits, so when some k <= 15 digits read back as v,
     * rounding v to 15 digits gives those k digits padded with zeros: trying 15, then 16,
     * then 17 digits finds the shortest form. A subnormal has fewer digits than that (5e-324
     * has one), so for it every length is tried from 1. */
    int digits;
    char sci[40];
    for (digits = fpclassify(v) == FP_SUBNORMAL ? 1 : 15; digits < 17; digits++) {
        snprintf(sci, sizeof sci, "%.*e", digits - 1, v);
        if (strtod(sci, NULL) == v)
            break;
    }
    /* Positional for 1e-6 <= |v| < 1e21: 0.000123, 13812345678,
     * and 1e-7 only below that. */
    double a = fabs(v);
    if (a >= 1e-6 && a < 1e21) {
        positional(v, digits, buf);
        return buf;
    }
    snprintf(sci, sizeof sci, "%.*e", digits - 1, v);
    char *e = strchr(sci, 'e');
    if (e && strchr(sci, '.')) { /* drop trailing zeros of the mantissa */
        char *m = e - 1;
        while (*m == '0')
            m--;
        if (*m == '.')
            m--;
        memmove(m + 1, e, strlen(e) + 1);
    }
    tidy_exponent(sci);
    memcpy(buf, sci, strlen(sci) + 1);
    return buf;
}

int ck_parse_double(const char *s, double *out)
{
    /* Accept only [-+]digits[.digits][e[-+]digits]; strtod's hex, inf and nan are not numbers
     * here. custkit runs in the C locale, so strtod's decimal point is '.'. */
    const char *p = s;
    if (*p == '-' || *p == '+')
        p++;
    int digits = 0;
    while (*p >= '0' && *p <= '9')
        p++, digits++;
    if (*p == '.') {
        p++;
        while (*p >= '0' && *p <= '9')
            p++, digits++;
    }
    if (!digits)
        return -1;
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '-' || *p == '+')
            p++;
        if (!(*p >= '0' && *p <= '9'))
            return -1;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    if (*p)
        return -1;
    errno = 0;
    double v = strtod(s, NULL);
    if (errno == ERANGE && isinf(v))
        return -1;
    *out = v;
    return 0;
}
