/* trend.c — customers per segment over the quarters of a history directory and the current
 * table, for the 趋势 / Trend sheet (trend.h). */
#include "report/trend.h"
#include "clean/columns.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* A quarter as one number: year * 4 + (quarter - 1). */
static long quarter_index(int year, int q)
{
    return (long)year * 4 + (q - 1);
}

static void quarter_label(long qi, char out[12])
{
    snprintf(out, 12, "%04ld-Q%ld", (qi / 4) % 10000, qi % 4 + 1);
}

/* "2026-Q1", "2026Q1" or "2026q1", followed by suffix (or nothing): the quarter index, or -1. */
static long parse_quarter(const char *name, const char *suffix)
{
    const char *s = name;
    for (int i = 0; i < 4; i++)
        if (s[i] < '0' || s[i] > '9')
            return -1;
    int year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    s += 4;
    if (*s == '-')
        s++;
    if ((*s != 'Q' && *s != 'q') || s[1] < '1' || s[1] > '4')
        return -1;
    int q = s[1] - '0';
    s += 2;
    if (suffix ? strcasecmp(s, suffix) != 0 : *s != 0)
        return -1;
    return quarter_index(year, q);
}

static long segment_col(const struct ck_row *h)
{
    for (size_t c = 0; c < h->n; c++)
        if (strcasecmp(h->f[c], ck_column_name(CK_COL_SEGMENT, CK_LANG_EN)) == 0 ||
            strcmp(h->f[c], ck_column_name(CK_COL_SEGMENT, CK_LANG_ZH)) == 0)
            return (long)c;
    return -1;
}

/* The row of segment value v, added when new; -1 when there are too many. */
static long segment_row(struct ck_trend *t, const char *v, size_t len)
{
    for (size_t s = 0; s < t->nseg; s++)
        if (strlen(t->seg[s]) == len && memcmp(t->seg[s], v, len) == 0)
            return (long)s;
    if (t->nseg == CK_TREND_MAX_SEGMENTS)
        return -1;
    char *copy = malloc(len + 1);
    if (!copy)
        return -2;
    memcpy(copy, v, len);
    copy[len] = 0;
    t->seg[t->nseg] = copy;
    return (long)t->nseg++;
}

static int count_table(struct ck_trend *t, size_t q, const char *path, struct ck_error *e)
{
    struct ck_reader *r;
    struct ck_read_opts ro;
    memset(&ro, 0, sizeof ro);
    int rc = ck_reader_open(&r, path, &ro, e);
    if (rc != CK_OK)
        return rc == CK_ENOMEM ? rc : CK_EINPUT;
    long col = segment_col(ck_reader_header(r));
    if (col < 0)
        rc = ck_error_set(e, CK_EINPUT,
                          "%s: no segment column (segment or 分层): not a table segment wrote",
                          path);
    const struct ck_row *row;
    while (rc == CK_OK && (rc = ck_reader_next(r, &row, e)) == CK_OK && row) {
        long s = segment_row(t, row->f[col], row->len[col]);
        if (s == -2)
            rc = ck_error_set(e, CK_ENOMEM, "out of memory");
        else if (s < 0)
            rc = ck_error_set(e, CK_EINPUT, "%s: line %ld: more than %d segments", path, row->line,
                              CK_TREND_MAX_SEGMENTS);
        else
            t->count[(size_t)s * CK_TREND_MAX_QUARTERS + q]++;
    }
    ck_reader_close(r);
    return rc;
}

static struct ck_trend *trend_new(void)
{
    struct ck_trend *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->seg = calloc(CK_TREND_MAX_SEGMENTS, sizeof *t->seg);
    t->count = calloc((size_t)CK_TREND_MAX_SEGMENTS * CK_TREND_MAX_QUARTERS, sizeof *t->count);
    if (!t->seg || !t->count) {
        ck_trend_free(t);
        return NULL;
    }
    return t;
}

struct found {
    long qi;
    char path[PATH_MAX];
};

int ck_trend_load(struct ck_trend **out, const char *dir, const char *as_of, struct ck_error *e)
{
    *out = NULL;
    long cur = -1;
    if (as_of) {
        long days;
        int y, m, d;
        if (ck_iso_date_parse(as_of, &days) != 0)
            return ck_error_set(e, CK_EUSAGE, "as-of date '%s' is not YYYY-MM-DD", as_of);
        ck_civil_from_days(days, &y, &m, &d);
        cur = quarter_index(y, (m - 1) / 3 + 1);
    }
    DIR *dp = opendir(dir);
    if (!dp)
        return ck_error_set(e, CK_EINPUT, "--history %s: %s", dir, strerror(errno));
    /* The newest quarters before the current one, one table each. */
    struct found f[CK_TREND_MAX_QUARTERS];
    size_t nf = 0;
    int rc = CK_OK;
    struct dirent *de;
    while (rc == CK_OK && (de = readdir(dp)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        char path[PATH_MAX];
        struct stat st;
        long qi = parse_quarter(de->d_name, NULL);
        if (qi >= 0) {
            snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
            if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
                continue;
            snprintf(path, sizeof path, "%s/%s/segments.csv", dir, de->d_name);
            if (stat(path, &st) != 0)
                continue; /* a quarter without its table: a gap */
        } else {
            qi = parse_quarter(de->d_name, ".csv");
            if (qi < 0)
                qi = parse_quarter(de->d_name, ".xlsx");
            if (qi < 0)
                continue;
            snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        }
        if (cur >= 0 && qi >= cur)
            continue;
        size_t i;
        for (i = 0; i < nf && f[i].qi != qi; i++)
            ;
        if (i < nf) {
            char label[12];
            quarter_label(qi, label);
            rc = ck_error_set(e, CK_EUSAGE, "--history %s: two tables for quarter %s: %s and %s",
                              dir, label, f[i].path, path);
            break;
        }
        /* Keep the newest: replace the oldest when full. */
        if (nf == CK_TREND_MAX_QUARTERS) {
            size_t old = 0;
            for (i = 1; i < nf; i++)
                if (f[i].qi < f[old].qi)
                    old = i;
            if (f[old].qi > qi)
                continue;
            f[old] = f[--nf];
        }
        f[nf].qi = qi;
        snprintf(f[nf].path, sizeof f[nf].path, "%s", path);
        nf++;
    }
    closedir(dp);
    if (rc != CK_OK || nf == 0)
        return rc;
    long newest = f[0].qi, oldest;
    for (size_t i = 1; i < nf; i++)
        if (f[i].qi > newest)
            newest = f[i].qi;
    if (cur < 0)
        cur = newest + 1;
    oldest = cur - (CK_TREND_MAX_QUARTERS - 1);
    long first = cur;
    for (size_t i = 0; i < nf; i++)
        if (f[i].qi >= oldest && f[i].qi < first)
            first = f[i].qi;
    if (first == cur)
        return CK_OK; /* nothing within the last seven quarters */

    struct ck_trend *t = trend_new();
    if (!t)
        return ck_error_set(e, CK_ENOMEM, "out of memory");
    t->nq = (size_t)(cur - first + 1);
    for (size_t q = 0; q < t->nq; q++)
        quarter_label(first + (long)q, t->label[q]);
    if (!as_of)
        t->label[t->nq - 1][0] = 0;
    t->present[t->nq - 1] = 1;
    /* Newest first, so the rows of segments that still exist come before the retired ones. */
    for (long qi = cur - 1; qi >= first && rc == CK_OK; qi--)
        for (size_t i = 0; i < nf; i++)
            if (f[i].qi == qi) {
                t->present[qi - first] = 1;
                rc = count_table(t, (size_t)(qi - first), f[i].path, e);
            }
    if (rc != CK_OK) {
        ck_trend_free(t);
        return rc;
    }
    *out = t;
    return CK_OK;
}

static void swap_rows(struct ck_trend *t, size_t a, size_t b)
{
    if (a == b)
        return;
    char *s = t->seg[a];
    t->seg[a] = t->seg[b];
    t->seg[b] = s;
    for (size_t q = 0; q < CK_TREND_MAX_QUARTERS; q++) {
        long c = t->count[a * CK_TREND_MAX_QUARTERS + q];
        t->count[a * CK_TREND_MAX_QUARTERS + q] = t->count[b * CK_TREND_MAX_QUARTERS + q];
        t->count[b * CK_TREND_MAX_QUARTERS + q] = c;
    }
}

/* Move the row of v (if any) to position *at, rows between keeping their order. */
static void move_row(struct ck_trend *t, const char *v, size_t *at)
{
    for (size_t s = *at; s < t->nseg; s++)
        if (strcmp(t->seg[s], v) == 0) {
            for (size_t k = s; k > *at; k--)
                swap_rows(t, k, k - 1);
            (*at)++;
            return;
        }
}

int ck_trend_count_current(struct ck_trend *t, struct ck_report_rows *rows, const char *name,
                           const char *const *order, size_t norder, struct ck_error *e)
{
    long col = ck_report_rows_col(rows, ck_column_name(CK_COL_SEGMENT, CK_LANG_EN));
    if (col < 0)
        col = ck_report_rows_col(rows, ck_column_name(CK_COL_SEGMENT, CK_LANG_ZH));
    if (col < 0)
        return ck_error_set(e, CK_EUSAGE,
                            "%s: --history needs a segment column (segment or 分层) to compare",
                            name);
    size_t q = t->nq - 1;
    for (size_t r = 0; r < ck_report_rows_count(rows); r++) {
        const char *const *f;
        const size_t *len;
        int rc = ck_report_rows_get(rows, r, &f, &len, e);
        if (rc != CK_OK)
            return rc;
        long s = segment_row(t, f[col], len[col]);
        if (s == -2)
            return ck_error_set(e, CK_ENOMEM, "out of memory");
        if (s < 0)
            return ck_error_set(e, CK_EINPUT, "%s: more than %d segments to show a trend of", name,
                                CK_TREND_MAX_SEGMENTS);
        t->count[(size_t)s * CK_TREND_MAX_QUARTERS + q]++;
    }
    /* The report's order, then the current segments, then those only the history has. */
    size_t at = 0;
    for (size_t i = 0; i < norder; i++)
        move_row(t, order[i], &at);
    for (size_t s = at; s < t->nseg; s++)
        if (t->count[s * CK_TREND_MAX_QUARTERS + q] > 0) {
            for (size_t k = s; k > at; k--)
                swap_rows(t, k, k - 1);
            at++;
        }
    return CK_OK;
}

void ck_trend_free(struct ck_trend *t)
{
    if (!t)
        return;
    if (t->seg)
        for (size_t s = 0; s < t->nseg; s++)
            free(t->seg[s]);
    free(t->seg);
    free(t->count);
    free(t);
}
