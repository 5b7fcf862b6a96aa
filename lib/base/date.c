/* date.c — civil dates as day numbers (days since 1970-01-01, proleptic Gregorian), and the
 * run's notion of "today" so that every date-relative result is reproducible (--as-of, read
 * by the date normaliser, is resolved in normalize.c). */
#include <stdlib.h>
#include <time.h>

#include "base/base.h"

/* Howard Hinnant's days_from_civil / civil_from_days. */
long ck_days_from_civil(int y, int m, int d)
{
    long yy = (long)y - (m <= 2);
    long era = (yy >= 0 ? yy : yy - 399) / 400;
    long yoe = yy - era * 400;
    long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void ck_civil_from_days(long z, int *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long dd = doy - (153 * mp + 2) / 5 + 1;
    long mm = mp < 10 ? mp + 3 : mp - 9;
    *y = (int)(yoe + era * 400 + (mm <= 2));
    *m = (int)mm;
    *d = (int)dd;
}

int ck_date_valid(int y, int m, int d)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1)
        return 0;
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= mdays[m - 1] + (m == 2 && leap);
}

static int digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

int ck_iso_date_parse(const char *s, long *days)
{
    int y, m, d;
    if (!s || digits(s, 4, &y) || s[4] != '-' || digits(s + 5, 2, &m) || s[7] != '-' ||
        digits(s + 8, 2, &d))
        return -1;
    if (s[10] && s[10] != ' ' && s[10] != 'T')
        return -1;
    if (!ck_date_valid(y, m, d))
        return -1;
    *days = ck_days_from_civil(y, m, d);
    return 0;
}

void ck_iso_date_format(long days, char *buf)
{
    int y, m, d;
    ck_civil_from_days(days, &y, &m, &d);
    /* y is 1..9999 for every valid date; clamp the width for the compiler's sake */
    y = y < 0 ? 0 : y > 9999 ? 9999 : y;
    buf[0] = (char)('0' + y / 1000);
    buf[1] = (char)('0' + y / 100 % 10);
    buf[2] = (char)('0' + y / 10 % 10);
    buf[3] = (char)('0' + y % 10);
    buf[4] = '-';
    buf[5] = (char)('0' + m / 10);
    buf[6] = (char)('0' + m % 10);
    buf[7] = '-';
    buf[8] = (char)('0' + d / 10);
    buf[9] = (char)('0' + d % 10);
    buf[10] = 0;
}

long ck_today(void)
{
    long days;
    const char *env = getenv("CUSTKIT_TODAY");
    if (env && ck_iso_date_parse(env, &days) == 0)
        return days;
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    return ck_days_from_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}
