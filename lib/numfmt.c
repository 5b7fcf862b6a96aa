/* numfmt.c — locale-independent number printing and parsing: the shortest decimal that
 * round-trips ("42", "0.1", "13812345678", "1e-7"), never "42.0" or "1.38E10". */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "custkit.h"

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

/* Plain positional form of v with exactly `digits` significant digits, trailing zeros cut. */
static void positional(double v, int digits, char *buf)
{
    int exp10 = v == 0 ? 0 : (int)floor(log10(fabs(v)));
    int decimals = digits - 1 - exp10;
    if (decimals < 0)
        decimals = 0;
    snprintf(buf, 32, "%.*f", decimals, v);
    if (strchr(buf, '.')) {
        char *end = buf + strlen(buf) - 1;
        while (*end == '0')
            *end-- = 0;
        if (*end == '.')
            *end = 0;
    }
}

char *ck_format_double(double v, char *buf)
{
    if (isnan(v)) {
        strcpy(buf, "NaN");
        return buf;
    }
    if (isinf(v)) {
        strcpy(buf, v < 0 ? "-Infinity" : "Infinity");
        return buf;
    }
    if (v == 0) {
        strcpy(buf, "0"); /* -0 too: a spreadsheet shows 0 */
        return buf;
    }
    int digits;
    char sci[40];
    for (digits = 1; digits <= 17; digits++) {
        snprintf(sci, sizeof sci, "%.*e", digits - 1, v);
        if (strtod(sci, NULL) == v)
            break;
    }
    /* Positional when the number is of ordinary size; scientific only when shorter. */
    double a = fabs(v);
    char pos[40] = "";
    if (a >= 1e-5 && a < 1e21) {
        positional(v, digits, pos);
        if (strtod(pos, NULL) != v)
            pos[0] = 0;
    }
    snprintf(sci, sizeof sci, "%.*e", digits - 1, v);
    /* drop trailing zeros of the mantissa */
    char *e = strchr(sci, 'e');
    if (e && strchr(sci, '.')) {
        char *m = e - 1;
        while (*m == '0')
            m--;
        if (*m == '.')
            m--;
        memmove(m + 1, e, strlen(e) + 1);
    }
    tidy_exponent(sci);
    if (pos[0] && strlen(pos) <= strlen(sci))
        strcpy(buf, pos);
    else
        strcpy(buf, sci);
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
