/* xlsx_style.c — which cells hold dates: number formats (built-in ids and custom codes) from
 * xl/styles.xml, and Excel serial dates (1900 and 1904 systems) written as ISO 8601. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "io/xlsx_internal.h"

/* Built-in number formats that show dates or times (ECMA-376 Part 1 §18.8.30). 27–36 and
 * 50–58 are the East Asian built-ins (zh-CN: yyyy"年"m"月"d"日", h"时"mm"分" …) that WPS and
 * Chinese Excel reference without defining. 46 is [h]:mm:ss, an elapsed time: a number. */
static const struct {
    unsigned char id, kind;
} builtin_kinds[] = {
    {14, XLSX_DATE}, {15, XLSX_DATE}, {16, XLSX_DATE}, {17, XLSX_DATE}, {18, XLSX_TIME},
    {19, XLSX_TIME}, {20, XLSX_TIME}, {21, XLSX_TIME}, {22, XLSX_DATETIME}, {27, XLSX_DATE},
    {28, XLSX_DATE}, {29, XLSX_DATE}, {30, XLSX_DATE}, {31, XLSX_DATE}, {32, XLSX_TIME},
    {33, XLSX_TIME}, {34, XLSX_TIME}, {35, XLSX_TIME}, {36, XLSX_DATE}, {45, XLSX_TIME},
    {47, XLSX_TIME}, {50, XLSX_DATE}, {51, XLSX_DATE}, {52, XLSX_DATE}, {53, XLSX_DATE},
    {54, XLSX_DATE}, {55, XLSX_TIME}, {56, XLSX_TIME}, {57, XLSX_DATE}, {58, XLSX_DATE},
};

int xlsx_builtin_kind(unsigned long id)
{
    for (size_t i = 0; i < sizeof builtin_kinds / sizeof builtin_kinds[0]; i++)
        if (builtin_kinds[i].id == id)
            return builtin_kinds[i].kind;
    return XLSX_NUMBER;
}

/* Bytes of the UTF-8 sequence starting with byte c (1 for anything malformed). */
static size_t u8len(unsigned char c)
{
    return c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
}

static size_t skip_char(const char *p)
{
    size_t n = u8len((unsigned char)*p);
    for (size_t i = 1; i < n; i++)
        if (!p[i])
            return i;
    return *p ? n : 0;
}

int xlsx_format_kind(const char *code)
{
    int has_date = 0, has_time = 0, elapsed = 0;
    int prev = 0;      /* last date/time token: 'y', 'd', 'h', 's' or 'm' */
    int pending_m = 0; /* an m run not yet known to be month or minute */
    const char *p = code;
    while (*p) {
        char c = *p;
        if (c == '"') { /* literal text */
            const char *q = strchr(p + 1, '"');
            p = q ? q + 1 : p + strlen(p);
            continue;
        }
        if (c == '\\' || c == '_' || c == '*') { /* escaped char, padding, fill */
            p++;
            p += skip_char(p);
            continue;
        }
        if (c == '[') { /* [h] [mm] [ss] elapsed; [$-409] [Red] [DBNum1] [>=100] others */
            const char *q = strchr(p, ']');
            if (!q)
                break;
            size_t n = (size_t)(q - p - 1);
            if (n > 0 && strspn(p + 1, "hHmMsS") == n)
                elapsed = 1;
            p = q + 1;
            continue;
        }
        if (strncasecmp(p, "General", 7) == 0) {
            p += 7;
            continue;
        }
        if (strncasecmp(p, "AM/PM", 5) == 0 || strncasecmp(p, "A/P", 3) == 0) {
            has_time = 1;
            p += p[1] == '/' ? 3 : 5;
            continue;
        }
        int lc = tolower((unsigned char)c);
        if (lc == 'y' || lc == 'd' || lc == 'h' || lc == 's' || lc == 'm') {
            if (pending_m && lc != 'm') {
                if (lc == 's')
                    has_time = 1; /* mm:ss */
                else
                    has_date = 1;
                pending_m = 0;
            }
            if (lc == 'y' || lc == 'd')
                has_date = 1;
            else if (lc == 'h' || lc == 's' || prev == 'h') /* prev 'h': h:mm */
                has_time = 1;
            else
                pending_m = 1;
            prev = lc;
            while (tolower((unsigned char)*p) == lc)
                p++;
            continue;
        }
        p += skip_char(p);
    }
    if (pending_m)
        has_date = 1;
    if (elapsed)
        return XLSX_NUMBER;
    if (has_date && has_time)
        return XLSX_DATETIME;
    return has_date ? XLSX_DATE : has_time ? XLSX_TIME : XLSX_NUMBER;
}

/* ---------- styles.xml ---------- */

struct custom_fmt {
    unsigned long id;
    size_t order; /* position in the file: a later definition of an id wins */
    unsigned char kind;
};

static int fmt_cmp(const void *a, const void *b)
{
    const struct custom_fmt *x = a, *y = b;
    if (x->id != y->id)
        return x->id < y->id ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

/* Kind of the last definition of id in the sorted formats, or -1. */
static int fmt_find(const struct custom_fmt *f, size_t n, unsigned long id)
{
    size_t lo = 0, hi = n; /* first index with f[i].id > id */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (f[mid].id <= id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo > 0 && f[lo - 1].id == id ? f[lo - 1].kind : -1;
}

struct styles_ctx {
    struct xlsx_xml xx;
    int in_cellxfs, in_numfmts; /* numFmt elements also sit in dxfs: those are not cell formats */
    struct custom_fmt *fmts;
    size_t nfmts, capfmts;
    unsigned long *xf_ids;
    size_t nxf, capxf;
};

static void XMLCALL styles_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct styles_ctx *c = ud;
    const char *l = xlsx_local(name);
    if (strcmp(l, "numFmts") == 0) {
        c->in_numfmts = 1;
    } else if (c->in_numfmts && strcmp(l, "numFmt") == 0) {
        const char *id = xlsx_attr(atts, "numFmtId"), *code = xlsx_attr(atts, "formatCode");
        if (!id || !code)
            return;
        if (c->nfmts >= ck_xlsx_limits.max_styles) {
            xlsx_xml_fail(&c->xx, CK_EINPUT, "more than %zu number formats",
                          ck_xlsx_limits.max_styles);
            return;
        }
        if (ck_grow((void **)&c->fmts, &c->capfmts, c->nfmts + 1, sizeof *c->fmts)) {
            xlsx_xml_fail(&c->xx, CK_ENOMEM, "out of memory");
            return;
        }
        c->fmts[c->nfmts].id = strtoul(id, NULL, 10);
        c->fmts[c->nfmts].order = c->nfmts;
        c->fmts[c->nfmts].kind = (unsigned char)xlsx_format_kind(code);
        c->nfmts++;
    } else if (strcmp(l, "cellXfs") == 0) {
        c->in_cellxfs = 1;
    } else if (c->in_cellxfs && strcmp(l, "xf") == 0) {
        const char *id = xlsx_attr(atts, "numFmtId");
        if (c->nxf >= ck_xlsx_limits.max_styles) {
            xlsx_xml_fail(&c->xx, CK_EINPUT, "more than %zu cell formats",
                          ck_xlsx_limits.max_styles);
            return;
        }
        if (ck_grow((void **)&c->xf_ids, &c->capxf, c->nxf + 1, sizeof *c->xf_ids)) {
            xlsx_xml_fail(&c->xx, CK_ENOMEM, "out of memory");
            return;
        }
        c->xf_ids[c->nxf++] = id ? strtoul(id, NULL, 10) : 0;
    }
}

static void XMLCALL styles_end(void *ud, const XML_Char *name)
{
    struct styles_ctx *c = ud;
    const char *l = xlsx_local(name);
    if (strcmp(l, "cellXfs") == 0)
        c->in_cellxfs = 0;
    else if (strcmp(l, "numFmts") == 0)
        c->in_numfmts = 0;
}

int xlsx_styles_load(struct xlsx_zip *z, const char *entry, struct xlsx_styles *st,
                     struct ck_error *e)
{
    struct styles_ctx c;
    memset(&c, 0, sizeof c);
    st->xf_kind = NULL;
    st->nxf = 0;
    int rc = xlsx_xml_init(&c.xx, z, entry, &c, styles_start, styles_end, NULL, e);
    if (!rc)
        rc = xlsx_xml_run(&c.xx, e);
    xlsx_xml_free(&c.xx);
    if (!rc && c.nxf) {
        st->xf_kind = malloc(c.nxf);
        if (!st->xf_kind)
            rc = ck_error_set(e, CK_ENOMEM, "out of memory");
    }
    if (!rc && st->xf_kind) { /* no xfs: nothing to map, st stays empty */
        /* Custom formats first: a workbook may redefine a built-in id. */
        if (c.nfmts)
            qsort(c.fmts, c.nfmts, sizeof *c.fmts, fmt_cmp);
        for (size_t i = 0; i < c.nxf; i++) {
            int kind = fmt_find(c.fmts, c.nfmts, c.xf_ids[i]);
            st->xf_kind[i] = (unsigned char)(kind >= 0 ? kind : xlsx_builtin_kind(c.xf_ids[i]));
        }
        st->nxf = c.nxf;
    }
    free(c.fmts);
    free(c.xf_ids);
    return rc;
}

void xlsx_styles_free(struct xlsx_styles *st)
{
    free(st->xf_kind);
    st->xf_kind = NULL;
    st->nxf = 0;
}

/* ---------- serial dates ---------- */

size_t xlsx_serial_format(double v, int kind, int date1904, char *buf)
{
    /* 2958466 = 10000-01-01 in the 1900 system: Excel shows ##### from there on, and for
     * negative serials. */
    if (!(v >= 0) || v >= 2958466.0)
        return 0;
    long long secs = llround(v * 86400.0);
    long days = (long)(secs / 86400), sod = (long)(secs % 86400);
    char date[16];
    if (date1904) {
        long d = ck_days_from_civil(1904, 1, 1) + days;
        if (d > ck_days_from_civil(9999, 12, 31))
            return 0;
        ck_iso_date_format(d, date);
    } else if (days == 0) {
        strcpy(date, "1900-01-00"); /* how Excel shows serial 0 */
    } else if (days == 60) {
        strcpy(date, "1900-02-29"); /* Excel's leap-year bug: the day that never was */
    } else {
        /* Serials 1–59 count from 1900-01-01; after the phantom 29 February they are one
         * day ahead, which makes 1899-12-30 the epoch from serial 61 on. */
        long base = days < 60 ? ck_days_from_civil(1899, 12, 31) : ck_days_from_civil(1899, 12, 30);
        if (base + days > ck_days_from_civil(9999, 12, 31))
            return 0;
        ck_iso_date_format(base + days, date);
    }
    /* written by hand: a sheet can hold millions of dates, and snprintf showed in profiles */
    char time[9] = {(char)('0' + sod / 36000), (char)('0' + sod / 3600 % 10), ':',
                    (char)('0' + sod / 600 % 6), (char)('0' + sod / 60 % 10), ':',
                    (char)('0' + sod % 60 / 10), (char)('0' + sod % 10), 0};
    size_t n = 0;
    if (kind != XLSX_TIME) {
        memcpy(buf, date, 10);
        n = 10;
    }
    if (kind == XLSX_DATETIME)
        buf[n++] = ' ';
    if (kind != XLSX_DATE) {
        memcpy(buf + n, time, 8);
        n += 8;
    }
    buf[n] = 0;
    return n;
}

/* ---------- number cells as text ---------- */

/* Is the number text already what custkit prints: "13812345678", "-42", "46056.4", "0.001"?
 * A decimal of at most 15 significant digits is the shortest text that round-trips its
 * double (two such decimals never share a double), so ck_format_double would print exactly
 * these digits; skipping the parse and print keeps numeric columns fast. No leading zeros,
 * no trailing zeros after the point, no exponent, within 1e-6 <= |v| < 1e15. */
static int number_is_canonical(const char *s, size_t n)
{
    size_t i = s[0] == '-', sig = 0, lead0 = 0;
    if (i == n)
        return 0;
    if (s[i] == '0') { /* "0" or "0.xxx" */
        i++;
        if (i == n)
            return s[0] != '-';
        if (s[i] != '.')
            return 0;
    }
    for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
        sig++;
    if (i == (size_t)(s[0] == '-')) /* ".5": no integer digit */
        return 0;
    if (i < n) {
        if (s[i] != '.' || i + 1 == n || s[n - 1] == '0')
            return 0;
        for (i++; i < n && s[i] == '0' && sig == 0; i++)
            lead0++;
        for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
            sig++;
        if (i < n)
            return 0;
    }
    return sig >= 1 && sig <= 15 && lead0 <= 5;
}

size_t xlsx_number_text(const char *v, size_t n, int kind, int date1904, char *buf,
                        const char **out)
{
    *out = v;
    if (kind == XLSX_NUMBER && number_is_canonical(v, n))
        return n;
    double d;
    if (ck_parse_double(v, &d) != 0) /* not a number: keep the text */
        return n;
    *out = buf;
    if (kind != XLSX_NUMBER) {
        size_t len = xlsx_serial_format(d, kind, date1904, buf);
        if (len)
            return len;
    }
    return xlsx_double_text(d, buf);
}

size_t xlsx_double_text(double d, char *buf)
{
    /* Whole numbers of up to 15 digits (phones, ids, counts: Excel's precision) stay
     * positional ("15000000000", not "1.5e10"); the rest is the shortest form that
     * round-trips. */
    if (d > -1e15 && d < 1e15 && d == (double)(long long)d)
        return (size_t)snprintf(buf, 40, "%lld", (long long)d);
    ck_format_double(d, buf);
    return strlen(buf);
}
