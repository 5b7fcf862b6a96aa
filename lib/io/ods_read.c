/* ods_read.c — OpenDocument spreadsheets (LibreOffice, WPS, Gnumeric): content.xml streamed
 * from the zip through the XLSX reader's container and hardened expat (xlsx_zip.c, with their
 * limits against zip bombs, DTDs and entity expansion), one row per ods_next call, values
 * printed as the XLSX reader prints them. The workbook is read through the ck_xlsx_* functions
 * (xlsx_read.c hands over when ods_detect says so), so --sheet, --all-sheets and
 * --list-sheets work as for XLSX.
 *
 * LibreOffice pads every sheet to its last row and column with repeated empty rows and cells
 * (table:number-rows-repeated="1048000", table:number-columns-repeated="16000"): an empty
 * repeat is counted, never materialised; a repeated row or cell with a value is handed out as
 * often as it says, within Excel's 1,048,576 rows and 16,384 columns (beyond is an error).
 * Elements are matched by their qualified names with ODF's usual prefixes (table:, text:,
 * office:), which every known writer uses. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "io/xlsx_internal.h"

#define ODS_MAX_ROWS 1048576L /* Excel's limits, as the XLSX reader's */
#define ODS_MAX_COLS 16384L
#define ODS_CONTENT "content.xml"

struct ods_sheet {
    char *name;
    int hidden; /* its table style says table:display="false" */
    long width; /* the widest row, up to its last cell with a value */
};

enum ods_type { V_TEXT, V_NUMBER, V_DATE, V_TIME, V_BOOL, V_VOID };

struct names {
    char **v;
    size_t n, cap;
};

/* What a cell's data style shows, where it matters to the text: booleans for a number, the
 * time of a date (always, or never), as the XLSX reader follows a cell's number format. */
enum { SK_NONE, SK_BOOL, SK_DATETIME, SK_DATE };

/* Columns whose default cell style is one of those: [first, end). */
struct col_range {
    long first, end;
    int kind;
};

struct ck_ods {
    struct xlsx_xml xx; /* first: the handlers receive the struct itself */
    struct xlsx_zip *z;
    struct ods_sheet *sheets;
    size_t nsheets, sheets_cap;
    struct names hidden; /* table styles with table:display="false" */
    char *style; /* the name of the table style:style being read */
    /* Booleans: LibreOffice keeps TRUE as the number 1 shown by a boolean data style
     * (number:boolean-style), through the cell's style or its column's default style; a
     * date's data style (number:date-style) shows its time or not. Data styles are in
     * styles.xml or content.xml, cell styles name them. */
    struct names bool_data, date_data, time_data, cell_styles, cell_data;
    struct names bool_cells, datetime_cells, date_cells;
    char *dstyle; /* the number:date-style being read */
    struct col_range *bcols;
    size_t nbcols, bcols_cap;
    long colpos; /* columns declared so far in the table */

    int listing; /* the open pass: sheets and widths, no rows handed out */
    long sel;
    int parser_live, done, finished, rc;
    int use_scan; /* content.xml is read by the XLSX reader's tokenizer, not by expat */
    struct xlsx_scan scan;
    struct ck_error err;

    /* where the parser is */
    long table;        /* index of the table:table being read, -1 before the first */
    int in_table, in_row, in_cell, covered;
    int depth, skip;   /* element depth; skip > 0: ignoring everything below that depth */
    int pdepth, paras; /* open text:p elements, paragraphs begun in the cell */
    int ws;            /* the text ends in collapsible white space, or a paragraph begins */
    int error_cell, is_bool, skind;
    int vtype;
    int has_attv;
    long rownum, col;
    unsigned long rrep, crep;
    char *attv; /* the cell's value attribute */
    size_t attv_len, attv_cap;
    char *val; /* the cell's text */
    size_t val_len, val_cap;
    char *rb; /* the row's values; offset 0 holds the empty string */
    size_t rb_len, rb_cap;
    size_t *coff, *clen, ccap, row_w;
    struct xlsx_row_out out;
    int ready;
    unsigned long repeat_left;
    long error_cells;
};

static char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

static int names_add(struct names *ns, const char *s)
{
    if (ck_grow((void **)&ns->v, &ns->cap, ns->n + 1, sizeof *ns->v))
        return -1;
    if (!(ns->v[ns->n] = xstrdup(s)))
        return -1;
    ns->n++;
    return 0;
}

static int names_has(const struct names *ns, const char *s)
{
    for (size_t i = 0; s && i < ns->n; i++)
        if (strcmp(ns->v[i], s) == 0)
            return 1;
    return 0;
}

static void names_free(struct names *ns)
{
    for (size_t i = 0; i < ns->n; i++)
        free(ns->v[i]);
    free(ns->v);
    ns->v = NULL;
    ns->n = ns->cap = 0;
}

static const char *sheet_name(const struct ck_ods *o)
{
    return o->table >= 0 && (size_t)o->table < o->nsheets ? o->sheets[o->table].name : "?";
}

/* "C12": the cell the parser is at, for messages. */
static const char *cell_name(const struct ck_ods *o, long col, char *buf)
{
    char letters[8];
    int n = 0;
    for (long c = col + 1; c > 0 && n < 7; c = (c - 1) / 26)
        letters[n++] = (char)('A' + (c - 1) % 26);
    for (int i = 0; i < n; i++)
        buf[i] = letters[n - 1 - i];
    snprintf(buf + n, 24, "%ld", o->rownum);
    return buf;
}

/* A repeat count: 1 when absent, 0 when malformed (not a positive decimal). Counts beyond
 * what any sheet holds saturate at 2^31 and are judged by the caller. */
static unsigned long repeat_count(const char *s)
{
    if (!s)
        return 1;
    unsigned long v = 0;
    const char *p = s;
    for (; *p >= '0' && *p <= '9'; p++)
        v = v < (1ul << 31) ? v * 10 + (unsigned long)(*p - '0') : 1ul << 31;
    if (*p || p == s || v == 0)
        return 0;
    return v > (1ul << 31) ? 1ul << 31 : v;
}

static int buf_add(struct ck_ods *o, char **b, size_t *len, size_t *cap, const char *s, size_t n)
{
    if (*len + n > ck_xlsx_limits.max_cell) {
        char cn[40];
        xlsx_xml_fail(&o->xx, CK_EINPUT, "sheet \"%s\" cell %s is longer than %zu bytes",
                      sheet_name(o), cell_name(o, o->col, cn), ck_xlsx_limits.max_cell);
        return -1;
    }
    if (ck_grow((void **)b, cap, *len + n + 1, 1)) {
        xlsx_xml_fail(&o->xx, CK_ENOMEM, "out of memory");
        return -1;
    }
    memcpy(*b + *len, s, n);
    *len += n;
    (*b)[*len] = 0;
    return 0;
}

/* ---------- values ---------- */

static int digits(const char *s, int n, int *v)
{
    *v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        *v = *v * 10 + (s[i] - '0');
    }
    return 0;
}

/* office:date-value "2024-01-05" or "2024-01-05T13:30:00[.5]" → "2024-01-05" or
 * "2024-01-05 13:30:00" (seconds rounded), as the XLSX reader prints a date cell: the time
 * shown when the data style shows it (even midnight), not when it shows the date alone, and
 * without a known style when it is not midnight. Anything else is kept as it is (0). */
static size_t date_text(const char *v, size_t n, int skind, char *buf)
{
    int y, m, d, hh = 0, mi = 0, ss = 0;
    if (n < 10 || v[4] != '-' || v[7] != '-' || digits(v, 4, &y) || digits(v + 5, 2, &m) ||
        digits(v + 8, 2, &d) || !ck_date_valid(y, m, d))
        return 0;
    double frac = 0;
    if (n > 10) {
        if (n < 19 || v[10] != 'T' || v[13] != ':' || v[16] != ':' || digits(v + 11, 2, &hh) ||
            digits(v + 14, 2, &mi) || digits(v + 17, 2, &ss) || hh > 23 || mi > 59 || ss > 60)
            return 0;
        if (n > 19 && v[19] == '.') {
            double scale = 0.1;
            for (size_t i = 20; i < n && v[i] >= '0' && v[i] <= '9'; i++) {
                frac += (v[i] - '0') * scale;
                scale /= 10;
            }
        }
    }
    long days = ck_days_from_civil(y, m, d);
    long long secs = (long long)hh * 3600 + (long long)mi * 60 + ss + llround(frac);
    days += (long)(secs / 86400);
    secs %= 86400;
    ck_civil_from_days(days, &y, &m, &d);
    if (y > 9999)
        return 0;
    ck_iso_date_format(days, buf);
    if (skind == SK_DATE || (skind != SK_DATETIME && secs == 0))
        return 10;
    snprintf(buf + 10, 22, " %02lld:%02lld:%02lld", secs / 3600, secs / 60 % 60, secs % 60);
    return 19;
}

/* office:time-value, an ISO 8601 duration ("PT12H30M00S", "-PT1H", "P1DT2H"), as a day
 * fraction: under a day as the XLSX reader prints a time cell ("12:30:00"), else as the
 * number Excel keeps for an elapsed time ([h]:mm:ss), which the XLSX reader prints as one. */
static size_t time_text(const char *v, size_t n, char *buf, const char **out)
{
    const char *p = v, *end = v + n;
    int neg = 0;
    if (p < end && *p == '-')
        neg = 1, p++;
    if (p == end || *p++ != 'P')
        return 0;
    double secs = 0;
    int in_time = 0, any = 0;
    while (p < end) {
        if (*p == 'T') {
            in_time = 1;
            p++;
            continue;
        }
        double num = 0, scale = 0;
        const char *q = p;
        for (; p < end && ((*p >= '0' && *p <= '9') || *p == '.' || *p == ','); p++) {
            if (*p == '.' || *p == ',') {
                if (scale)
                    return 0;
                scale = 1;
            } else if (scale) {
                scale /= 10;
                num += (*p - '0') * scale;
            } else {
                num = num * 10 + (*p - '0');
            }
        }
        if (p == q || p == end)
            return 0;
        char u = *p++;
        if (!in_time && u == 'D')
            secs += num * 86400;
        else if (in_time && u == 'H')
            secs += num * 3600;
        else if (in_time && u == 'M')
            secs += num * 60;
        else if (in_time && u == 'S')
            secs += num;
        else
            return 0; /* years and months have no fixed length */
        any = 1;
    }
    if (!any || secs > 1e15)
        return 0;
    double serial = (neg ? -secs : secs) / 86400.0;
    *out = buf;
    if (serial >= 0 && serial < 1)
        return xlsx_serial_format(serial, XLSX_TIME, 0, buf);
    char num[40];
    ck_format_double(serial, num);
    size_t len = xlsx_number_text(num, strlen(num), XLSX_NUMBER, 0, buf, out);
    if (*out == num) { /* the text itself: it lives on this stack */
        memmove(buf, num, len + 1);
        *out = buf;
    }
    return len;
}

/* The cell's value as text into *out (len returned): from its value attribute when its type
 * has one, else from its paragraphs. */
static size_t cell_value(struct ck_ods *o, char *buf, const char **out)
{
    *out = o->val;
    if (o->error_cell)
        return 0;
    if (!o->has_attv || o->vtype == V_TEXT || o->vtype == V_VOID) {
        if (o->paras || !o->has_attv)
            return o->val_len;
        *out = o->attv; /* office:string-value without paragraphs */
        return o->attv_len;
    }
    char *v = o->attv;
    size_t n = o->attv_len;
    while (n && (v[n - 1] == ' ' || v[n - 1] == '\t' || v[n - 1] == '\n' || v[n - 1] == '\r'))
        v[--n] = 0;
    while (n && (*v == ' ' || *v == '\t' || *v == '\n' || *v == '\r'))
        v++, n--;
    size_t len = 0;
    double d;
    switch (o->vtype) {
    case V_NUMBER:
        /* shown as a boolean: its style, its formula (=TRUE()), or its text says so */
        if (n && ck_parse_double(v, &d) == 0 &&
            (o->is_bool || (d == 1 && strcmp(o->val, "TRUE") == 0) ||
             (d == 0 && strcmp(o->val, "FALSE") == 0))) {
            *out = d != 0 ? "TRUE" : "FALSE";
            return d != 0 ? 4 : 5;
        }
        return n ? xlsx_number_text(v, n, XLSX_NUMBER, 0, buf, out) : 0;
    case V_DATE:
        if ((len = date_text(v, n, o->skind, buf)) != 0) {
            *out = buf;
            return len;
        }
        break;
    case V_TIME:
        if ((len = time_text(v, n, buf, out)) != 0)
            return len;
        break;
    case V_BOOL:
        if (strcmp(v, "true") == 0 || strcmp(v, "1") == 0) {
            *out = "TRUE";
            return 4;
        }
        if (strcmp(v, "false") == 0 || strcmp(v, "0") == 0) {
            *out = "FALSE";
            return 5;
        }
        break;
    default:
        break;
    }
    *out = v; /* a value this reader cannot read: as it is written */
    return n;
}

/* ---------- rows ---------- */

static int ensure_cols(struct ck_ods *o, size_t need)
{
    if (need <= o->ccap)
        return 0;
    size_t cap = o->ccap;
    if (ck_grow((void **)&o->coff, &cap, need, sizeof *o->coff))
        return -1;
    cap = o->ccap;
    if (ck_grow((void **)&o->clen, &cap, need, sizeof *o->clen))
        return -1;
    o->ccap = cap;
    return 0;
}

static int row_put(struct ck_ods *o, long col, const char *s, size_t n)
{
    if (o->rb_len + n + 1 > ck_xlsx_limits.max_row) {
        xlsx_xml_fail(&o->xx, CK_EINPUT, "sheet \"%s\" row %ld is longer than %zu bytes",
                      sheet_name(o), o->rownum, ck_xlsx_limits.max_row);
        return -1;
    }
    if (ck_grow((void **)&o->rb, &o->rb_cap, o->rb_len + n + 1, 1) ||
        ensure_cols(o, (size_t)col + 1)) {
        xlsx_xml_fail(&o->xx, CK_ENOMEM, "out of memory");
        return -1;
    }
    for (size_t j = o->row_w; j < (size_t)col; j++)
        o->coff[j] = o->clen[j] = 0;
    o->row_w = (size_t)col + 1;
    o->coff[col] = o->rb_len;
    o->clen[col] = n;
    memcpy(o->rb + o->rb_len, s, n);
    o->rb_len += n;
    o->rb[o->rb_len++] = 0;
    return 0;
}

static void cell_end(struct ck_ods *o)
{
    o->in_cell = 0;
    char buf[48];
    const char *v;
    size_t n = o->covered ? 0 : cell_value(o, buf, &v);
    if (o->error_cell && !o->covered) /* each cell it stands for, as XLSX counts them */
        o->error_cells += o->crep < (unsigned long)ODS_MAX_COLS ? (long)o->crep : ODS_MAX_COLS;
    if (n == 0) { /* empty cells only move the column, however many they are */
        o->col = o->col + (long)o->crep > ODS_MAX_COLS * 2 ? ODS_MAX_COLS * 2 : o->col + (long)o->crep;
        return;
    }
    if (o->col + (long)o->crep > ODS_MAX_COLS) {
        char cn[40];
        xlsx_xml_fail(&o->xx, CK_EINPUT,
                      "sheet \"%s\" cell %s: a value in %lu cell(s) from there reaches beyond "
                      "column %ld",
                      sheet_name(o), cell_name(o, o->col < ODS_MAX_COLS ? o->col : ODS_MAX_COLS, cn),
                      o->crep, ODS_MAX_COLS);
        return;
    }
    for (unsigned long k = 0; k < o->crep; k++)
        if (row_put(o, o->col + (long)k, v, n))
            return;
    o->col += (long)o->crep;
}

static void row_end(struct ck_ods *o)
{
    o->in_row = 0;
    long first = o->rownum;
    o->rownum = o->rownum + (long)o->rrep > ODS_MAX_ROWS * 2 ? ODS_MAX_ROWS * 2
                                                            : o->rownum + (long)o->rrep;
    if (o->row_w == 0 || o->xx.failed)
        return; /* empty rows are skipped, as the XLSX reader skips them */
    if (first + (long)o->rrep - 1 > ODS_MAX_ROWS) {
        xlsx_xml_fail(&o->xx, CK_EINPUT,
                      "sheet \"%s\" row %ld: a row with values repeated %lu time(s) reaches "
                      "beyond row %ld",
                      sheet_name(o), first, o->rrep, ODS_MAX_ROWS);
        return;
    }
    if (o->listing) {
        struct ods_sheet *s = &o->sheets[o->table];
        if ((long)o->row_w > s->width)
            s->width = (long)o->row_w;
        return;
    }
    if (xlsx_row_hand_off(&o->xx, &o->out, o->rb, o->coff, o->clen, o->row_w, first) != 0)
        return;
    o->repeat_left = o->rrep - 1;
    o->ready = 1;
}

/* ---------- the handlers ---------- */

static void table_start(struct ck_ods *o, const char **atts)
{
    o->table++;
    if (o->listing) {
        if (o->nsheets >= ck_xlsx_limits.max_sheets) {
            xlsx_xml_fail(&o->xx, CK_EINPUT, "more than %zu sheets",
                          ck_xlsx_limits.max_sheets);
            return;
        }
        const char *name = NULL, *style = NULL;
        for (const char **a = atts; *a; a += 2)
            if (strcmp(a[0], "table:name") == 0)
                name = a[1];
            else if (strcmp(a[0], "table:style-name") == 0)
                style = a[1];
        char num[32];
        if (!name || !*name) { /* LibreOffice would call it so */
            snprintf(num, sizeof num, "Sheet%zu", o->nsheets + 1);
            name = num;
        }
        if (ck_grow((void **)&o->sheets, &o->sheets_cap, o->nsheets + 1, sizeof *o->sheets) ||
            !(o->sheets[o->nsheets].name = xstrdup(name))) {
            xlsx_xml_fail(&o->xx, CK_ENOMEM, "out of memory");
            return;
        }
        o->sheets[o->nsheets].hidden = names_has(&o->hidden, style);
        o->sheets[o->nsheets].width = 0;
        o->nsheets++;
    } else if (o->table != o->sel) {
        o->skip = o->depth;
        return;
    }
    o->in_table = 1;
    o->rownum = 1;
    o->nbcols = 0;
    o->colpos = 0;
}

static int style_kind(const struct ck_ods *o, const char *cell_style)
{
    return !cell_style                                     ? SK_NONE
           : names_has(&o->bool_cells, cell_style)         ? SK_BOOL
           : names_has(&o->datetime_cells, cell_style)     ? SK_DATETIME
           : names_has(&o->date_cells, cell_style)         ? SK_DATE
                                                           : SK_NONE;
}

/* table:table-column: which columns show booleans or dates by default. */
static void column_decl(struct ck_ods *o, const char **atts)
{
    unsigned long rep = repeat_count(xlsx_attr(atts, "number-columns-repeated"));
    long first = o->colpos;
    o->colpos = first + (long)rep > ODS_MAX_COLS * 2 ? ODS_MAX_COLS * 2 : first + (long)rep;
    int kind = style_kind(o, xlsx_attr(atts, "default-cell-style-name"));
    if (rep == 0 || kind == SK_NONE)
        return;
    if (ck_grow((void **)&o->bcols, &o->bcols_cap, o->nbcols + 1, sizeof *o->bcols)) {
        xlsx_xml_fail(&o->xx, CK_ENOMEM, "out of memory");
        return;
    }
    o->bcols[o->nbcols].first = first;
    o->bcols[o->nbcols].kind = kind;
    o->bcols[o->nbcols++].end = o->colpos;
}

static int column_kind(const struct ck_ods *o, long col)
{
    for (size_t i = 0; i < o->nbcols; i++)
        if (col >= o->bcols[i].first && col < o->bcols[i].end)
            return o->bcols[i].kind;
    return SK_NONE;
}

static void cell_start(struct ck_ods *o, int covered, const char **atts)
{
    o->in_cell = 1;
    o->covered = covered;
    o->crep = 1;
    o->vtype = V_TEXT;
    o->has_attv = 0;
    o->error_cell = 0;
    o->attv_len = o->val_len = 0;
    o->attv[0] = o->val[0] = 0; /* the last cell's text must not be read as this one's */
    o->pdepth = o->paras = 0;
    const char *value = NULL, *rep = NULL, *vt = NULL, *style = NULL, *formula = NULL;
    for (const char **a = atts; *a; a += 2) {
        const char *n = a[0];
        if (strncmp(n, "office:", 7) == 0) {
            n += 7;
            if (strcmp(n, "value-type") == 0)
                vt = a[1];
            else if (strcmp(n, "value") == 0 || strcmp(n, "date-value") == 0 ||
                     strcmp(n, "time-value") == 0 || strcmp(n, "boolean-value") == 0 ||
                     strcmp(n, "string-value") == 0)
                value = a[1];
        } else if (strcmp(n, "table:number-columns-repeated") == 0) {
            rep = a[1];
        } else if (strcmp(n, "table:style-name") == 0) {
            style = a[1];
        } else if (strcmp(n, "table:formula") == 0) {
            formula = strchr(a[1], '=');
        } else if (strcmp(n, "calcext:value-type") == 0 && strcmp(a[1], "error") == 0) {
            o->error_cell = 1;
        }
    }
    if ((o->crep = repeat_count(rep)) == 0) {
        char cn[40];
        xlsx_xml_fail(&o->xx, CK_EINPUT,
                      "sheet \"%s\" cell %s: bad table:number-columns-repeated \"%.20s\"",
                      sheet_name(o), cell_name(o, o->col, cn), rep);
        return;
    }
    if (covered)
        return;
    o->skind = style ? style_kind(o, style) : column_kind(o, o->col);
    o->is_bool = o->skind == SK_BOOL;
    if (formula && (strcasecmp(formula, "=TRUE()") == 0 || strcasecmp(formula, "=FALSE()") == 0))
        o->is_bool = 1;
    static const struct {
        const char *name;
        int type;
    } types[] = {{"float", V_NUMBER}, {"percentage", V_NUMBER}, {"currency", V_NUMBER},
                 {"date", V_DATE},    {"time", V_TIME},         {"boolean", V_BOOL},
                 {"string", V_TEXT},  {"void", V_VOID}};
    if (vt)
        for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
            if (strcmp(vt, types[i].name) == 0)
                o->vtype = types[i].type;
    if (value) {
        o->has_attv = 1;
        buf_add(o, &o->attv, &o->attv_len, &o->attv_cap, value, strlen(value));
    }
}

/* Text the cell's paragraphs hold, with ODF's white-space rule: a run of spaces, tabs and
 * line ends is one space, none at a paragraph's start (text:s, text:tab and text:line-break
 * say the rest). */
static void text_add(struct ck_ods *o, const char *s, size_t n)
{
    if (o->val_len + n > ck_xlsx_limits.max_cell) {
        buf_add(o, &o->val, &o->val_len, &o->val_cap, s, n); /* fails, saying so */
        return;
    }
    if (ck_grow((void **)&o->val, &o->val_cap, o->val_len + n + 1, 1)) {
        xlsx_xml_fail(&o->xx, CK_ENOMEM, "out of memory");
        return;
    }
    char *w = o->val + o->val_len;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            if (!o->ws)
                *w++ = ' ';
            o->ws = 1;
        } else {
            *w++ = c;
            o->ws = 0;
        }
    }
    o->val_len = (size_t)(w - o->val);
    o->val[o->val_len] = 0;
}

static void text_spaces(struct ck_ods *o, char c, unsigned long count)
{
    if (o->val_len + count > ck_xlsx_limits.max_cell) {
        char cn[40];
        xlsx_xml_fail(&o->xx, CK_EINPUT, "sheet \"%s\" cell %s is longer than %zu bytes",
                      sheet_name(o), cell_name(o, o->col, cn), ck_xlsx_limits.max_cell);
        return;
    }
    if (ck_grow((void **)&o->val, &o->val_cap, o->val_len + count + 1, 1)) {
        xlsx_xml_fail(&o->xx, CK_ENOMEM, "out of memory");
        return;
    }
    memset(o->val + o->val_len, c, count);
    o->val_len += count;
    o->val[o->val_len] = 0;
    o->ws = 0;
}

/* Cell content that is not its value: comments, drawings, notes. */
static int skipped_in_cell(const char *name)
{
    return strcmp(name, "office:annotation") == 0 || strncmp(name, "draw:", 5) == 0 ||
           strcmp(name, "text:note") == 0 || strcmp(name, "table:table") == 0 ||
           strcmp(name, "text:ruby-text") == 0;
}

static void XMLCALL ods_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct ck_ods *o = ud;
    o->depth++;
    if (o->skip || o->xx.failed)
        return;
    if (o->in_cell) {
        if (o->covered || skipped_in_cell(name)) {
            o->skip = o->depth;
        } else if (strcmp(name, "text:p") == 0 || strcmp(name, "text:h") == 0) {
            if (o->pdepth == 0 && o->paras++)
                text_spaces(o, '\n', 1); /* paragraphs are lines, as Calc's CSV has them */
            o->pdepth++;
            o->ws = 1;
        } else if (o->pdepth && strncmp(name, "text:", 5) == 0) {
            if (strcmp(name + 5, "s") == 0) {
                unsigned long c = repeat_count(xlsx_attr(atts, "c"));
                text_spaces(o, ' ', c ? c : 1);
            } else if (strcmp(name + 5, "tab") == 0) {
                text_spaces(o, '\t', 1);
            } else if (strcmp(name + 5, "line-break") == 0) {
                text_spaces(o, '\n', 1);
            }
        }
        return;
    }
    if (o->in_row) {
        if (strcmp(name, "table:table-cell") == 0)
            cell_start(o, 0, atts);
        else if (strcmp(name, "table:covered-table-cell") == 0)
            cell_start(o, 1, atts);
        else
            o->skip = o->depth;
        return;
    }
    if (o->in_table) {
        if (strcmp(name, "table:table-row") == 0) {
            const char *rep = xlsx_attr(atts, "number-rows-repeated");
            if ((o->rrep = repeat_count(rep)) == 0) {
                xlsx_xml_fail(&o->xx, CK_EINPUT,
                              "sheet \"%s\" row %ld: bad table:number-rows-repeated \"%.20s\"",
                              sheet_name(o), o->rownum, rep);
                return;
            }
            o->in_row = 1;
            o->col = 0;
            o->row_w = 0;
            o->rb_len = 1;
        } else if (strcmp(name, "table:table-column") == 0) {
            column_decl(o, atts);
            o->skip = o->depth;
        } else if (strcmp(name, "table:shapes") == 0 ||
                   strcmp(name, "table:table") == 0 || strcmp(name, "office:forms") == 0) {
            o->skip = o->depth;
        }
        return; /* row groups, header rows: their rows are the table's */
    }
    if (strcmp(name, "table:table") == 0) {
        table_start(o, atts);
    } else if (o->listing && strcmp(name, "style:style") == 0) {
        const char *fam = xlsx_attr(atts, "family"), *sn = xlsx_attr(atts, "name");
        const char *ds = xlsx_attr(atts, "data-style-name");
        free(o->style);
        o->style = fam && sn && strcmp(fam, "table") == 0 ? xstrdup(sn) : NULL;
        if (fam && sn && ds && strcmp(fam, "table-cell") == 0 &&
            (names_add(&o->cell_styles, sn) || names_add(&o->cell_data, ds)))
            xlsx_xml_fail(&o->xx, CK_ENOMEM, "out of memory");
    } else if (o->listing && strcmp(name, "number:boolean-style") == 0) {
        const char *sn = xlsx_attr(atts, "name");
        if (sn && names_add(&o->bool_data, sn))
            xlsx_xml_fail(&o->xx, CK_ENOMEM, "out of memory");
    } else if (o->listing && strcmp(name, "number:date-style") == 0) {
        const char *sn = xlsx_attr(atts, "name");
        free(o->dstyle);
        o->dstyle = sn ? xstrdup(sn) : NULL;
        if (sn && (!o->dstyle || names_add(&o->date_data, sn)))
            xlsx_xml_fail(&o->xx, CK_ENOMEM, "out of memory");
    } else if (o->listing && o->dstyle &&
               (strcmp(name, "number:hours") == 0 || strcmp(name, "number:minutes") == 0 ||
                strcmp(name, "number:seconds") == 0)) {
        if (!names_has(&o->time_data, o->dstyle) && names_add(&o->time_data, o->dstyle))
            xlsx_xml_fail(&o->xx, CK_ENOMEM, "out of memory");
    } else if (o->listing && o->style && strcmp(name, "style:table-properties") == 0) {
        const char *disp = xlsx_attr(atts, "display");
        if (disp && strcmp(disp, "false") == 0 && names_add(&o->hidden, o->style))
            xlsx_xml_fail(&o->xx, CK_ENOMEM, "out of memory");
    }
}

static void XMLCALL ods_end(void *ud, const XML_Char *name)
{
    struct ck_ods *o = ud;
    if (o->skip) {
        if (o->depth-- == o->skip)
            o->skip = 0;
        return;
    }
    o->depth--;
    if (o->xx.failed)
        return;
    if (o->in_cell) {
        if (strcmp(name, "table:table-cell") == 0 || strcmp(name, "table:covered-table-cell") == 0)
            cell_end(o);
        else if (o->pdepth && (strcmp(name, "text:p") == 0 || strcmp(name, "text:h") == 0))
            o->pdepth--;
    } else if (o->in_row) {
        if (strcmp(name, "table:table-row") == 0)
            row_end(o);
    } else if (o->in_table) {
        if (strcmp(name, "table:table") == 0) {
            o->in_table = 0;
            if (!o->listing) { /* the rest of the document is other sheets */
                o->done = 1;
                if (o->xx.p)
                    XML_StopParser(o->xx.p, XML_FALSE);
                else
                    xlsx_xml_suspend(&o->xx);
            }
        }
    } else if (strcmp(name, "style:style") == 0) {
        free(o->style);
        o->style = NULL;
    } else if (strcmp(name, "number:date-style") == 0) {
        free(o->dstyle);
        o->dstyle = NULL;
    }
}

static void XMLCALL ods_text(void *ud, const XML_Char *s, int len)
{
    struct ck_ods *o = ud;
    if (o->in_cell && o->pdepth && !o->skip && !o->xx.failed)
        text_add(o, s, (size_t)len);
}

/* ---------- the interface ---------- */

static void parser_reset(struct ck_ods *o)
{
    if (o->parser_live)
        xlsx_xml_free(&o->xx);
    o->parser_live = 0;
    xlsx_zip_entry_close(o->z);
    o->table = -1;
    o->in_table = o->in_row = o->in_cell = o->covered = 0;
    o->depth = o->skip = o->pdepth = o->paras = 0;
    o->done = o->finished = o->rc = o->ready = 0;
    o->repeat_left = 0;
    o->error_cells = 0;
    o->rb_len = 1;
}

static int parser_start(struct ck_ods *o, struct ck_error *e)
{
    parser_reset(o);
    if (ck_grow((void **)&o->rb, &o->rb_cap, 1, 1) ||
        ck_grow((void **)&o->val, &o->val_cap, 1, 1) ||
        ck_grow((void **)&o->attv, &o->attv_cap, 1, 1))
        return ck_error_set(e, CK_ENOMEM, "out of memory");
    o->rb[0] = o->val[0] = o->attv[0] = 0;
    const char *env = getenv("CUSTKIT_XLSX_PARSER");
    o->use_scan = !xlsx_scan_disabled && !(env && strcmp(env, "expat") == 0);
    int rc;
    if (o->use_scan) {
        memset(&o->xx, 0, sizeof o->xx);
        o->xx.z = o->z;
        o->xx.entry = ODS_CONTENT;
        if (xlsx_scan_init(&o->scan, &o->xx, o, ods_start, ods_end, ods_text))
            return ck_error_set(e, CK_ENOMEM, "out of memory");
    } else if ((rc = xlsx_xml_init(&o->xx, o->z, ODS_CONTENT, o, ods_start, ods_end, ods_text,
                                   e)) != CK_OK) {
        return rc;
    }
    o->parser_live = 1;
    return xlsx_zip_entry_open(o->z, ODS_CONTENT, e);
}

/* Parse until a row is ready, the sheet ends (done) or the document does (finished); o->rc
 * and o->err on an error. The tokenizer hands a document it does not take as it is (another
 * encoding, a DOCTYPE) to expat before reporting anything. */
static int pump(struct ck_ods *o)
{
    int rc;
    if (o->use_scan) {
        if ((rc = xlsx_scan_run(&o->scan, &o->err)) != CK_OK) {
            xlsx_zip_entry_close(o->z);
            return o->rc = rc;
        }
        if (!o->scan.fallback) {
            o->finished = xlsx_scan_done(&o->scan);
            return CK_OK;
        }
        xlsx_zip_entry_close(o->z);
        o->use_scan = 0;
        if ((rc = xlsx_xml_init(&o->xx, o->z, ODS_CONTENT, o, ods_start, ods_end, ods_text,
                                &o->err)) != CK_OK ||
            (rc = xlsx_zip_entry_open(o->z, ODS_CONTENT, &o->err)) != CK_OK)
            return o->rc = rc;
    }
    for (;;) {
        XML_ParsingStatus ps;
        XML_GetParsingStatus(o->xx.p, &ps);
        if (ps.parsing == XML_FINISHED) {
            o->finished = 1;
            return CK_OK;
        }
        enum XML_Status st;
        if (ps.parsing == XML_SUSPENDED) {
            st = XML_ResumeParser(o->xx.p);
        } else {
            void *buf = XML_GetBuffer(o->xx.p, XLSX_CHUNK);
            if (!buf)
                return o->rc = ck_error_set(&o->err, CK_ENOMEM, "out of memory");
            long n = xlsx_zip_entry_read(o->z, buf, XLSX_CHUNK, &o->err);
            if (n < 0)
                return o->rc = o->err.code;
            st = XML_ParseBuffer(o->xx.p, (int)n, n == 0);
        }
        if (st == XML_STATUS_ERROR && !o->done) {
            o->rc = xlsx_xml_error(&o->xx, &o->err);
            xlsx_zip_entry_close(o->z);
            return o->rc;
        }
        if (o->ready || o->done)
            return CK_OK;
    }
}

int ods_open(struct ck_ods **op, struct xlsx_zip *z, struct ck_error *e)
{
    struct ck_ods *o = calloc(1, sizeof *o);
    *op = o;
    if (!o)
        return ck_error_set(e, CK_ENOMEM, "out of memory");
    o->z = z;
    o->sel = -1;
    o->listing = 1;
    int rc = CK_OK;
    if (xlsx_zip_find(z, "styles.xml", NULL, 0)) { /* data and cell styles, no tables */
        rc = xlsx_xml_init(&o->xx, z, "styles.xml", o, ods_start, ods_end, NULL, e);
        if (rc == CK_OK)
            rc = xlsx_xml_run(&o->xx, e);
        xlsx_xml_free(&o->xx);
        o->depth = o->skip = 0;
    }
    if (rc == CK_OK)
        rc = parser_start(o, e);
    while (rc == CK_OK && !o->finished && !o->rc)
        pump(o);
    if (rc == CK_OK && o->rc) {
        rc = o->rc;
        if (e)
            *e = o->err;
    }
    o->listing = 0;
    parser_reset(o);
    /* the cell styles that show booleans, dates with their time, dates alone */
    for (size_t i = 0; rc == CK_OK && i < o->cell_styles.n && i < o->cell_data.n; i++) {
        const char *ds = o->cell_data.v[i];
        struct names *to = names_has(&o->bool_data, ds)   ? &o->bool_cells
                           : names_has(&o->time_data, ds) ? &o->datetime_cells
                           : names_has(&o->date_data, ds) ? &o->date_cells
                                                          : NULL;
        if (to && names_add(to, o->cell_styles.v[i]))
            rc = ck_error_set(e, CK_ENOMEM, "out of memory");
    }
    return rc;
}

void ods_close(struct ck_ods *o)
{
    if (!o)
        return;
    if (o->parser_live)
        xlsx_xml_free(&o->xx);
    xlsx_scan_free(&o->scan);
    for (size_t i = 0; i < o->nsheets; i++)
        free(o->sheets[i].name);
    free(o->sheets);
    names_free(&o->hidden);
    names_free(&o->bool_data);
    names_free(&o->cell_styles);
    names_free(&o->cell_data);
    names_free(&o->bool_cells);
    names_free(&o->date_data);
    names_free(&o->time_data);
    names_free(&o->datetime_cells);
    names_free(&o->date_cells);
    free(o->dstyle);
    free(o->bcols);
    free(o->style);
    free(o->attv);
    free(o->val);
    free(o->rb);
    free(o->coff);
    free(o->clen);
    xlsx_row_out_free(&o->out);
    free(o);
}

size_t ods_sheet_count(const struct ck_ods *o)
{
    return o->nsheets;
}

const char *ods_sheet_name(const struct ck_ods *o, size_t i)
{
    return i < o->nsheets ? o->sheets[i].name : NULL;
}

int ods_sheet_state(const struct ck_ods *o, size_t i)
{
    return i < o->nsheets ? o->sheets[i].hidden : 0;
}

const char *ods_selected(const struct ck_ods *o)
{
    return o->sel >= 0 ? o->sheets[o->sel].name : NULL;
}

long ods_error_cells(const struct ck_ods *o)
{
    return o->error_cells;
}

/* As the XLSX reader finds a sheet: by name, then ignoring case, then by number; by default
 * the first visible sheet, else the first. */
static long find_sheet(const struct ck_ods *o, const char *sheet)
{
    if (!sheet) {
        for (size_t i = 0; i < o->nsheets; i++)
            if (!o->sheets[i].hidden)
                return (long)i;
        return o->nsheets ? 0 : -1;
    }
    for (size_t i = 0; i < o->nsheets; i++)
        if (strcmp(o->sheets[i].name, sheet) == 0)
            return (long)i;
    for (size_t i = 0; i < o->nsheets; i++)
        if (strcasecmp(o->sheets[i].name, sheet) == 0)
            return (long)i;
    if (sheet[0] && strspn(sheet, "0123456789") == strlen(sheet) && strlen(sheet) < 9) {
        long n = strtol(sheet, NULL, 10);
        if (n >= 1 && (size_t)n <= o->nsheets)
            return n - 1;
    }
    return -1;
}

int ods_select(struct ck_ods *o, const char *sheet, struct ck_error *e)
{
    parser_reset(o);
    o->sel = -1;
    if (o->nsheets == 0)
        return ck_error_set(e, CK_EINPUT, "%s: the workbook has no sheets", o->z->path);
    long i = find_sheet(o, sheet);
    if (i < 0) {
        char list[300] = "";
        size_t w = 0;
        for (size_t k = 0; k < o->nsheets && w < sizeof list - 1; k++)
            w += (size_t)snprintf(list + w, sizeof list - w, "%s%s", w ? ", " : "",
                                  o->sheets[k].name);
        return ck_error_set(e, CK_EUSAGE, "%s: no sheet \"%s\" (sheets: %s)", o->z->path, sheet,
                            list);
    }
    o->sel = i;
    int rc = parser_start(o, e);
    if (rc)
        o->sel = -1;
    return rc;
}

int ods_next(struct ck_ods *o, const struct ck_row **row, struct ck_error *e)
{
    *row = NULL;
    if (o->sel < 0 || !o->parser_live)
        return ck_error_set(e, CK_EUSAGE, "%s: no sheet selected", o->z->path);
    if (o->rc) {
        if (e)
            *e = o->err;
        return o->rc;
    }
    if (o->ready && o->repeat_left) { /* a repeated row: the same values, the next row */
        o->repeat_left--;
        o->out.row.line++;
        *row = &o->out.row;
        return CK_OK;
    }
    o->ready = 0;
    while (!o->done && !o->finished && !o->rc) {
        pump(o);
        if (o->ready) {
            *row = &o->out.row;
            return CK_OK;
        }
    }
    if (o->done || o->finished)
        xlsx_zip_entry_close(o->z);
    if (o->rc && e)
        *e = o->err;
    return o->rc;
}

int ods_scan_width(struct ck_ods *o, long *width, struct ck_error *e)
{
    *width = -1;
    if (o->sel < 0)
        return ck_error_set(e, CK_EUSAGE, "%s: no sheet selected", o->z->path);
    *width = o->sheets[o->sel].width; /* measured by the open pass */
    parser_reset(o);
    o->sel = -1; /* as for XLSX: select the sheet again to read rows */
    return CK_OK;
}
