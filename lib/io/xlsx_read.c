/* xlsx_read.c — the XLSX reader: finds a workbook's sheets, loads its shared strings and styles,
 * and streams one sheet's XML from the zip with expat, one row per ck_xlsx_next call. */
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/i18n.h"
#include "io/xls_read.h"
#include "io/xlsx_internal.h"

#define XLSX_MAX_COLS 16384L   /* XFD */
#define XLSX_MAX_ROWS 1048576L

struct sheet_info {
    char *name;
    char *rid;  /* relationship id in the workbook's rels */
    char *part; /* zip entry of the worksheet */
    int state;  /* 0 visible, 1 hidden, 2 veryHidden */
    int kind;   /* enum ck_sheet_kind, from the relationship's type */
};

enum cell_type { T_NUMBER, T_SHARED, T_STR, T_INLINE, T_BOOL, T_ERROR, T_DATE };

static const struct {
    const char *name;
    unsigned char type;
} cell_types[] = {
    {"n", T_NUMBER}, {"s", T_SHARED}, {"str", T_STR}, {"inlineStr", T_INLINE},
    {"b", T_BOOL},   {"e", T_ERROR},  {"d", T_DATE},
};

static const struct {
    const char *name;
    int state;
} sheet_states[] = {{"visible", 0}, {"hidden", 1}, {"veryHidden", 2}};

/* The kinds of sheet a workbook lists, by the end of their relationship type (transitional,
 * strict and Microsoft's own namespaces differ only before it); anything else is taken for a
 * worksheet, as a workbook without relationships is. */
static const struct {
    const char *type;
    int kind;
} sheet_kinds[] = {
    {"worksheet", CK_SHEET_WORKSHEET},    {"chartsheet", CK_SHEET_CHART},
    {"dialogsheet", CK_SHEET_DIALOG},     {"xlMacrosheet", CK_SHEET_MACRO},
    {"xlIntlMacrosheet", CK_SHEET_MACRO},
};

struct ck_xlsx {
    struct xlsx_xml xx; /* first: the sheet parser's handlers receive the struct itself */
    struct xlsx_zip z;
    struct ck_ods *ods; /* an OpenDocument spreadsheet: ods_read.c reads it */
    char *path;
    struct sheet_info *sheets;
    size_t nsheets;
    int date1904;
    char *sst_part, *styles_part;

    /* shared strings: one arena, string i at sst + off[i], length off[i+1] - off[i] - 1 */
    char *sst;
    size_t sst_len, sst_cap;
    uint32_t *sst_off; /* 32 bits: a 1M-row workbook has millions of strings */
    size_t nsst, sst_offcap;

    int sst_loaded, sst_rc;
    int want_width; /* select starts the width pass on a thread (import's first pass) */
    struct ck_error sst_err;

    struct xlsx_styles st;
    char *file; /* the file opened (a spool for a pipe), for the width thread's own handle */
    struct width_job *wj;

    /* the selected sheet */
    long sel;
    int parser_live;
    int use_scan;            /* the sheet is read by the tokenizer, not by expat */
    struct xlsx_scan scan;
    int sheet_rc;
    struct ck_error sheet_err;
    int in_row, in_c, cap_v, in_is, in_t, rph;
    int row_counted; /* the row had no r=: its first cell's reference may say */
    long rownum, last_row, col, last_col;
    int ctype;
    unsigned long style;
    char *val; /* the current cell's text */
    size_t val_len, val_cap;
    char *rb; /* the current row's values; offset 0 holds the empty string */
    size_t rb_len, rb_cap;
    size_t *coff, *clen, ccap, row_w;
    struct xlsx_row_out out;
    int ready;
    long error_cells;
    struct ck_xls *xls; /* an old Excel workbook (.xls): the sheets' rows come from there */
};

static void width_start(struct ck_xlsx *x);
static void width_cancel(struct ck_xlsx *x);

/* ---------- small helpers ---------- */

static char *xstrdup(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

static int hexval(int c)
{
    return c >= '0' && c <= '9' ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

/* The code unit of an "_xHHHH_" escape at s (n bytes available), or -1. */
static long x_escape(const char *s, size_t n)
{
    if (n < 7 || s[0] != '_' || s[1] != 'x' || s[6] != '_')
        return -1;
    long v = 0;
    for (int i = 2; i < 6; i++) {
        int h = hexval((unsigned char)s[i]);
        if (h < 0)
            return -1;
        v = v * 16 + h;
    }
    return v;
}

/* Decode OOXML's _xHHHH_ escapes (how Excel stores CR and other characters XML cannot hold)
 * in place; the text never grows. NUL is dropped, lone surrogates become U+FFFD. */
static size_t unescape_x(char *s, size_t n)
{
    const char *u = memchr(s, '_', n);
    if (!u)
        return n;
    size_t r = (size_t)(u - s), w = r;
    while (r < n) {
        long cp = s[r] == '_' ? x_escape(s + r, n - r) : -1;
        if (cp < 0) {
            s[w++] = s[r++];
            continue;
        }
        r += 7;
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            long lo = x_escape(s + r, n - r);
            if (lo >= 0xDC00 && lo <= 0xDFFF) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                r += 7;
            } else {
                cp = 0xFFFD;
            }
        } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            cp = 0xFFFD;
        }
        if (cp == 0)
            continue;
        w += ck_utf8_encode(cp, s + w);
    }
    return w;
}

/* Resolve a relationship target against the directory of the part that names it:
 * "worksheets/sheet1.xml" from "xl/" → "xl/worksheets/sheet1.xml"; "/xl/x.xml" is absolute. */
static char *part_resolve(const char *base_dir, const char *target)
{
    size_t bl = target[0] == '/' ? 0 : strlen(base_dir), tl = strlen(target);
    char *tmp = malloc(bl + tl + 1), *out = malloc(bl + tl + 1);
    if (!tmp || !out) {
        free(tmp);
        free(out);
        return NULL;
    }
    memcpy(tmp, base_dir, bl); // NOLINT(bugprone-not-null-terminated-result): the next line appends target and its terminator
    memcpy(tmp + bl, target, tl + 1);
    size_t w = 0;
    for (char *seg = tmp; *seg;) {
        char *slash = strchr(seg, '/');
        size_t len = slash ? (size_t)(slash - seg) : strlen(seg);
        if (len == 0 || (len == 1 && seg[0] == '.')) {
            /* skip */
        } else if (len == 2 && seg[0] == '.' && seg[1] == '.') {
            while (w > 0 && out[w - 1] != '/')
                w--;
            if (w > 0)
                w--;
        } else {
            if (w > 0)
                out[w++] = '/';
            for (size_t i = 0; i < len; i++) { /* %20 and friends */
                int h1, h2;
                if (seg[i] == '%' && i + 2 < len + 1 && (h1 = hexval((unsigned char)seg[i + 1])) >= 0 &&
                    (h2 = hexval((unsigned char)seg[i + 2])) >= 0) {
                    out[w++] = (char)(h1 * 16 + h2);
                    i += 2;
                } else {
                    out[w++] = seg[i];
                }
            }
        }
        seg += len;
        if (*seg == '/')
            seg++;
    }
    out[w] = 0;
    free(tmp);
    return out;
}

/* "xl/workbook.xml" → "xl/" (caller frees) */
static char *part_dir(const char *part)
{
    const char *s = strrchr(part, '/');
    size_t n = s ? (size_t)(s - part) + 1 : 0;
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, part, n);
        d[n] = 0;
    }
    return d;
}

/* "xl/workbook.xml" → "xl/_rels/workbook.xml.rels" */
static char *part_rels(const char *part)
{
    const char *s = strrchr(part, '/');
    size_t dl = s ? (size_t)(s - part) + 1 : 0;
    size_t n = strlen(part) + 12;
    char *r = malloc(n);
    if (r)
        snprintf(r, n, "%.*s_rels/%s.rels", (int)dl, part, part + dl);
    return r;
}

/* ---------- relationships ---------- */

struct rel {
    char *id, *type, *target;
};

struct rels_ctx {
    struct xlsx_xml xx;
    struct rel *v;
    size_t n, cap;
    const char *base_dir;
};

static void XMLCALL rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct rels_ctx *c = ud;
    if (strcmp(xlsx_local(name), "Relationship") != 0)
        return;
    const char *id = xlsx_attr(atts, "Id"), *type = xlsx_attr(atts, "Type"),
               *target = xlsx_attr(atts, "Target"), *mode = xlsx_attr(atts, "TargetMode");
    if (!id || !type || !target || (mode && strcmp(mode, "External") == 0))
        return;
    if (c->n >= 4 * ck_xlsx_limits.max_sheets) {
        xlsx_xml_fail(&c->xx, CK_EINPUT, "too many relationships");
        return;
    }
    if (ck_grow((void **)&c->v, &c->cap, c->n + 1, sizeof *c->v)) {
        xlsx_xml_fail(&c->xx, CK_ENOMEM, "out of memory");
        return;
    }
    struct rel *r = &c->v[c->n];
    r->id = xstrdup(id);
    r->type = xstrdup(type);
    r->target = part_resolve(c->base_dir, target);
    if (!r->id || !r->type || !r->target) {
        free(r->id);
        free(r->type);
        free(r->target);
        xlsx_xml_fail(&c->xx, CK_ENOMEM, "out of memory");
        return;
    }
    c->n++;
}

static void XMLCALL ignore_end(void *ud, const XML_Char *name) {}

static void rels_free(struct rels_ctx *c)
{
    for (size_t i = 0; i < c->n; i++) {
        free(c->v[i].id);
        free(c->v[i].type);
        free(c->v[i].target);
    }
    free(c->v);
    c->v = NULL;
    c->n = c->cap = 0;
}

/* Load the relationships of part (an absent rels file is an empty list). */
static int rels_load(struct xlsx_zip *z, const char *part, struct rels_ctx *c, struct ck_error *e)
{
    memset(c, 0, sizeof *c);
    char *rels = part ? part_rels(part) : xstrdup("_rels/.rels");
    char *dir = part ? part_dir(part) : xstrdup("");
    int rc = CK_OK;
    if (!rels || !dir) {
        rc = ck_error_set(e, CK_ENOMEM, "out of memory");
    } else if (xlsx_zip_find(z, rels, NULL, 0)) {
        c->base_dir = dir;
        rc = xlsx_xml_init(&c->xx, z, rels, c, rels_start, ignore_end, NULL, e);
        if (!rc)
            rc = xlsx_xml_run(&c->xx, e);
        xlsx_xml_free(&c->xx);
        c->base_dir = NULL;
    }
    free(rels);
    free(dir);
    if (rc)
        rels_free(c);
    return rc;
}

/* The target of the first relationship whose type ends with "/suffix" (transitional and
 * strict OOXML differ only before it). */
static const char *rels_by_type(const struct rels_ctx *c, const char *suffix)
{
    size_t sl = strlen(suffix);
    for (size_t i = 0; i < c->n; i++) {
        size_t tl = strlen(c->v[i].type);
        if (tl > sl && c->v[i].type[tl - sl - 1] == '/' &&
            strcmp(c->v[i].type + tl - sl, suffix) == 0)
            return c->v[i].target;
    }
    return NULL;
}

static int rel_cmp(const void *a, const void *b)
{
    return strcmp(((const struct rel *)a)->id, ((const struct rel *)b)->id);
}

static const struct rel *rels_by_id(const struct rels_ctx *c, const char *id)
{
    struct rel key = {(char *)id, NULL, NULL};
    return c->n ? bsearch(&key, c->v, c->n, sizeof *c->v, rel_cmp) : NULL;
}

static int sheet_kind_of(const char *type)
{
    const char *slash = strrchr(type, '/');
    const char *last = slash ? slash + 1 : type;
    for (size_t i = 0; i < sizeof sheet_kinds / sizeof sheet_kinds[0]; i++)
        if (strcmp(last, sheet_kinds[i].type) == 0)
            return sheet_kinds[i].kind;
    return CK_SHEET_WORKSHEET;
}

/* ---------- [Content_Types].xml: where the workbook is when _rels/.rels does not say ---------- */

struct ct_ctx {
    struct xlsx_xml xx;
    char *main_part;
};

static const char *const workbook_types[] = {
    "spreadsheetml.sheet.main+xml",
    "spreadsheetml.template.main+xml",
    "ms-excel.sheet.macroEnabled.main+xml",
    "ms-excel.template.macroEnabled.main+xml",
};

static void XMLCALL ct_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct ct_ctx *c = ud;
    if (c->main_part || strcmp(xlsx_local(name), "Override") != 0)
        return;
    const char *part = xlsx_attr(atts, "PartName"), *type = xlsx_attr(atts, "ContentType");
    if (!part || !type)
        return;
    for (size_t i = 0; i < sizeof workbook_types / sizeof workbook_types[0]; i++)
        if (strstr(type, workbook_types[i])) {
            c->main_part = part_resolve("", part);
            if (!c->main_part)
                xlsx_xml_fail(&c->xx, CK_ENOMEM, "out of memory");
            return;
        }
}

/* ---------- xl/workbook.xml ---------- */

struct wb_ctx {
    struct xlsx_xml xx;
    struct ck_xlsx *x;
    size_t cap;
};

static void XMLCALL wb_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct wb_ctx *c = ud;
    struct ck_xlsx *x = c->x;
    const char *l = xlsx_local(name);
    if (strcmp(l, "workbookPr") == 0) {
        const char *d = xlsx_attr(atts, "date1904");
        x->date1904 = d && (strcmp(d, "1") == 0 || strcmp(d, "true") == 0);
        return;
    }
    if (strcmp(l, "sheet") != 0)
        return;
    if (x->nsheets >= ck_xlsx_limits.max_sheets) {
        xlsx_xml_fail(&c->xx, CK_EINPUT, "more than %zu sheets", ck_xlsx_limits.max_sheets);
        return;
    }
    if (ck_grow((void **)&x->sheets, &c->cap, x->nsheets + 1, sizeof *x->sheets)) {
        xlsx_xml_fail(&c->xx, CK_ENOMEM, "out of memory");
        return;
    }
    struct sheet_info *s = &x->sheets[x->nsheets];
    memset(s, 0, sizeof *s);
    const char *nm = xlsx_attr(atts, "name"), *rid = xlsx_attr(atts, "id"),
               *state = xlsx_attr(atts, "state");
    char fallback[32];
    snprintf(fallback, sizeof fallback, "Sheet%zu", x->nsheets + 1);
    s->name = xstrdup(nm ? nm : fallback);
    s->rid = xstrdup(rid ? rid : "");
    if (!s->name || !s->rid) {
        free(s->name);
        free(s->rid);
        xlsx_xml_fail(&c->xx, CK_ENOMEM, "out of memory");
        return;
    }
    for (size_t i = 0; state && i < sizeof sheet_states / sizeof sheet_states[0]; i++)
        if (strcmp(state, sheet_states[i].name) == 0)
            s->state = sheet_states[i].state;
    x->nsheets++;
}

/* ---------- xl/sharedStrings.xml ---------- */

struct sst_ctx {
    struct xlsx_xml xx;
    struct ck_xlsx *x;
    int in_si, in_t, rph;
    size_t start;
};

static void XMLCALL sst_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct sst_ctx *c = ud;
    const char *l = xlsx_local(name);
    if (strcmp(l, "si") == 0) {
        c->in_si = 1;
        c->rph = 0;
        c->start = c->x->sst_len;
    } else if (strcmp(l, "t") == 0) {
        c->in_t = c->in_si && c->rph == 0;
    } else if (strcmp(l, "rPh") == 0) {
        c->rph++;
    }
}

static void XMLCALL sst_end(void *ud, const XML_Char *name)
{
    struct sst_ctx *c = ud;
    struct ck_xlsx *x = c->x;
    const char *l = xlsx_local(name);
    if (strcmp(l, "t") == 0) {
        c->in_t = 0;
    } else if (strcmp(l, "rPh") == 0) {
        if (c->rph > 0)
            c->rph--;
    } else if (strcmp(l, "si") == 0 && c->in_si) {
        c->in_si = 0;
        if (x->nsst >= ck_xlsx_limits.max_strings) {
            xlsx_xml_fail(&c->xx, CK_EINPUT, "more than %zu shared strings",
                          ck_xlsx_limits.max_strings);
            return;
        }
        if (ck_grow((void **)&x->sst, &x->sst_cap, x->sst_len + 1, 1) ||
            ck_grow((void **)&x->sst_off, &x->sst_offcap, x->nsst + 2, sizeof *x->sst_off)) {
            xlsx_xml_fail(&c->xx, CK_ENOMEM, "out of memory");
            return;
        }
        x->sst_len = c->start + unescape_x(x->sst + c->start, x->sst_len - c->start);
        if (x->sst_len >= UINT32_MAX) {
            xlsx_xml_fail(&c->xx, CK_EINPUT, "shared strings longer than 4 GiB in all");
            return;
        }
        x->sst[x->sst_len++] = 0;
        x->sst_off[x->nsst++] = (uint32_t)c->start;
        x->sst_off[x->nsst] = (uint32_t)x->sst_len;
    }
}

static void XMLCALL sst_text(void *ud, const XML_Char *s, int len)
{
    struct sst_ctx *c = ud;
    struct ck_xlsx *x = c->x;
    if (!c->in_t || c->xx.failed)
        return;
    if (x->sst_len - c->start + (size_t)len > ck_xlsx_limits.max_cell) {
        xlsx_xml_fail(&c->xx, CK_EINPUT, "shared string %zu is longer than %zu bytes", x->nsst,
                      ck_xlsx_limits.max_cell);
        return;
    }
    if (ck_grow((void **)&x->sst, &x->sst_cap, x->sst_len + (size_t)len + 1, 1)) {
        xlsx_xml_fail(&c->xx, CK_ENOMEM, "out of memory");
        return;
    }
    memcpy(x->sst + x->sst_len, s, (size_t)len);
    x->sst_len += (size_t)len;
}

/* The shared strings, loaded when the first row is read rather than when the workbook is
 * opened: the width pass of the sheet selected meanwhile runs at the same time. */
static int sst_load(struct ck_xlsx *x, struct ck_error *e)
{
    if (x->sst_rc || x->sst_loaded) {
        if (x->sst_rc && e)
            *e = x->sst_err;
        return x->sst_rc;
    }
    x->sst_loaded = 1;
    if (!x->sst_part)
        return CK_OK;
    struct sst_ctx sc = {.x = x};
    int rc = xlsx_xml_init(&sc.xx, &x->z, x->sst_part, &sc, sst_start, sst_end, sst_text,
                           &x->sst_err);
    if (!rc)
        rc = xlsx_xml_run(&sc.xx, &x->sst_err);
    xlsx_xml_free(&sc.xx);
    x->sst_rc = rc;
    if (rc && e)
        *e = x->sst_err;
    return rc;
}

/* ---------- opening ---------- */

static int load_structure(struct ck_xlsx *x, struct ck_error *e)
{
    struct xlsx_zip *z = &x->z;
    struct rels_ctx root, wbrels;
    char *wb_part = NULL;
    int rc = rels_load(z, NULL, &root, e);
    if (rc)
        return rc;
    const char *t = rels_by_type(&root, "officeDocument");
    if (t && xlsx_zip_find(z, t, NULL, 0))
        wb_part = xstrdup(t);
    rels_free(&root);
    if (!wb_part && xlsx_zip_find(z, "[Content_Types].xml", NULL, 0)) {
        struct ct_ctx ct = {0};
        rc = xlsx_xml_init(&ct.xx, z, "[Content_Types].xml", &ct, ct_start, ignore_end, NULL, e);
        if (!rc)
            rc = xlsx_xml_run(&ct.xx, e);
        xlsx_xml_free(&ct.xx);
        if (rc || !ct.main_part || !xlsx_zip_find(z, ct.main_part, NULL, 0)) {
            free(ct.main_part);
            ct.main_part = NULL;
        }
        wb_part = ct.main_part; /* a broken [Content_Types].xml is not an error here */
    }
    if (!wb_part && xlsx_zip_find(z, "xl/workbook.xml", NULL, 0))
        wb_part = xstrdup("xl/workbook.xml");
    if (!wb_part)
        return xlsx_zip_not_workbook(z, e);

    struct wb_ctx wc = {.x = x};
    rc = xlsx_xml_init(&wc.xx, z, wb_part, &wc, wb_start, ignore_end, NULL, e);
    if (!rc)
        rc = xlsx_xml_run(&wc.xx, e);
    xlsx_xml_free(&wc.xx);
    if (!rc)
        rc = rels_load(z, wb_part, &wbrels, e);
    if (rc) {
        free(wb_part);
        return rc;
    }
    int have_rels = wbrels.n > 0;
    if (wbrels.n)
        qsort(wbrels.v, wbrels.n, sizeof *wbrels.v, rel_cmp);
    char *dir = part_dir(wb_part);
    if (!dir)
        rc = ck_error_set(e, CK_ENOMEM, "out of memory");
    for (size_t i = 0; !rc && i < x->nsheets; i++) {
        const struct rel *rel = rels_by_id(&wbrels, x->sheets[i].rid);
        if (rel) {
            x->sheets[i].part = xstrdup(rel->target);
            x->sheets[i].kind = sheet_kind_of(rel->type);
        } else { /* no rels: the conventional name */
            char n[48];
            snprintf(n, sizeof n, "worksheets/sheet%zu.xml", i + 1);
            x->sheets[i].part = part_resolve(dir, n);
        }
        if (!x->sheets[i].part)
            rc = ck_error_set(e, CK_ENOMEM, "out of memory");
    }
    /* Shared strings and styles by relationship; by their usual names when the workbook has
     * no rels; either may be absent. */
    const char *sst = rels_by_type(&wbrels, "sharedStrings");
    const char *sty = rels_by_type(&wbrels, "styles");
    char *sst_guess = have_rels ? NULL : part_resolve(dir ? dir : "", "sharedStrings.xml");
    char *sty_guess = have_rels ? NULL : part_resolve(dir ? dir : "", "styles.xml");
    if (!rc && sst_guess && xlsx_zip_find(z, sst_guess, NULL, 0))
        sst = sst_guess;
    if (!rc && sty_guess && xlsx_zip_find(z, sty_guess, NULL, 0))
        sty = sty_guess;
    if (!rc && sst && xlsx_zip_find(z, sst, NULL, 0) && !(x->sst_part = xstrdup(sst)))
        rc = ck_error_set(e, CK_ENOMEM, "out of memory");
    if (!rc && sty && xlsx_zip_find(z, sty, NULL, 0) && !(x->styles_part = xstrdup(sty)))
        rc = ck_error_set(e, CK_ENOMEM, "out of memory");
    free(sst_guess);
    free(sty_guess);
    free(dir);
    free(wb_part);
    rels_free(&wbrels);
    if (rc)
        return rc;

    if (x->styles_part)
        rc = xlsx_styles_load(z, x->styles_part, &x->st, e);
    return rc;
}

/* An OLE2 compound file holding a workbook stream is an old Excel workbook: libfreexl reads
 * it (xls_read.c) and its sheets are listed here like a zip workbook's; any other OLE2 file is
 * said for what it is. Else the zip is opened. */
static int xls_or_zip_open(struct ck_xlsx *x, const char *path, struct ck_error *e)
{
    if (!ck_ole_is_workbook(path))
        return xlsx_zip_open(&x->z, path, x->path, e);
    int rc = ck_xls_open(&x->xls, path, x->path, e);
    if (rc != CK_OK)
        return rc;
    size_t n = ck_xls_sheet_count(x->xls);
    if (n && !(x->sheets = calloc(n, sizeof *x->sheets)))
        return ck_error_set(e, CK_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++, x->nsheets++) {
        x->sheets[i].state = ck_xls_sheet_state(x->xls, i);
        x->sheets[i].kind = ck_xls_sheet_kind(x->xls, i);
        if (!(x->sheets[i].name = xstrdup(ck_xls_sheet_name(x->xls, i))))
            return ck_error_set(e, CK_ENOMEM, "out of memory");
    }
    return CK_OK;
}

int ck_xlsx_open_named(struct ck_xlsx **xp, const char *path, const char *display,
                       struct ck_error *e)
{
    *xp = NULL;
    struct ck_xlsx *x = calloc(1, sizeof *x);
    if (!x)
        return ck_error_set(e, CK_ENOMEM, "out of memory");
    x->sel = -1;
    x->path = xstrdup(display ? display : path); /* the name messages use */
    if (!x->path) {
        free(x);
        return ck_error_set(e, CK_ENOMEM, "out of memory");
    }
    x->file = xstrdup(path); /* NULL: no width thread */
    int rc = xls_or_zip_open(x, path, e);
    if (!rc && !x->xls)
        rc = ods_detect(&x->z) ? ods_open(&x->ods, &x->z, e) : load_structure(x, e);
    if (rc) {
        ck_xlsx_close(x);
        return rc;
    }
    *xp = x;
    return CK_OK;
}

int ck_xlsx_open(struct ck_xlsx **xp, const char *path, struct ck_error *e)
{
    return ck_xlsx_open_named(xp, path, path, e);
}

size_t ck_xlsx_sheet_count(const struct ck_xlsx *x)
{
    if (x->ods)
        return ods_sheet_count(x->ods);
    return x->nsheets;
}

const char *ck_xlsx_sheet_name(const struct ck_xlsx *x, size_t i)
{
    if (x->ods)
        return ods_sheet_name(x->ods, i);
    return i < x->nsheets ? x->sheets[i].name : NULL;
}

int ck_xlsx_sheet_state(const struct ck_xlsx *x, size_t i)
{
    if (x->ods)
        return ods_sheet_state(x->ods, i);
    return i < x->nsheets ? x->sheets[i].state : 0;
}

int ck_xlsx_sheet_kind(const struct ck_xlsx *x, size_t i)
{
    return i < x->nsheets && !x->ods ? x->sheets[i].kind : CK_SHEET_WORKSHEET;
}

const char *ck_sheet_kind_name(int kind)
{
    static const char *const names[] = {[CK_SHEET_WORKSHEET] = "worksheet",
                                        [CK_SHEET_CHART] = "chartsheet",
                                        [CK_SHEET_DIALOG] = "dialogsheet",
                                        [CK_SHEET_MACRO] = "macrosheet"};
    return kind >= 0 && kind <= CK_SHEET_MACRO ? names[kind] : "sheet";
}

const char *ck_xlsx_selected(const struct ck_xlsx *x)
{
    if (x->ods)
        return ods_selected(x->ods);
    return x->sel >= 0 ? x->sheets[x->sel].name : NULL;
}

long ck_xlsx_error_cells(const struct ck_xlsx *x)
{
    if (x->ods)
        return ods_error_cells(x->ods);
    if (x->xls)
        return ck_xls_error_cells(x->xls);
    return x->error_cells;
}

long ck_xlsx_formulas_unread(const struct ck_xlsx *x, char *first)
{
    first[0] = 0;
    if (!x->xls)
        return 0;
    long row, col;
    long n = ck_xls_formulas_unread(x->xls, &row, &col);
    if (row >= 0) {
        char letters[8];
        int k = 0;
        for (long c = col + 1; c > 0 && k < 7; c = (c - 1) / 26)
            letters[k++] = (char)('A' + (c - 1) % 26);
        int o = 0;
        while (k > 0)
            first[o++] = letters[--k];
        snprintf(first + o, (size_t)(24 - o), "%ld", row + 1);
    }
    return n;
}

void ck_xlsx_close(struct ck_xlsx *x)
{
    if (!x)
        return;
    ods_close(x->ods);
    width_cancel(x);
    ck_xls_close(x->xls);
    if (x->parser_live)
        xlsx_xml_free(&x->xx);
    xlsx_scan_free(&x->scan);
    xlsx_zip_close(&x->z);
    for (size_t i = 0; i < x->nsheets; i++) {
        free(x->sheets[i].name);
        free(x->sheets[i].rid);
        free(x->sheets[i].part);
    }
    free(x->sheets);
    free(x->sst_part);
    free(x->styles_part);
    free(x->sst);
    free(x->sst_off);
    xlsx_styles_free(&x->st);
    free(x->val);
    free(x->rb);
    free(x->coff);
    free(x->clen);
    xlsx_row_out_free(&x->out);
    free(x->path);
    free(x->file);
    free(x);
}

/* ---------- streaming a sheet ---------- */

/* "B12" → column 1 (0-based), row 12; a reference without digits leaves *row at 0.
 * Returns -1 when malformed, -2 when beyond XFD1048576. */
static int parse_ref(const char *r, long *col, long *row)
{
    long c = 0, n = 0;
    int letters = 0;
    for (; (*r >= 'A' && *r <= 'Z') || (*r >= 'a' && *r <= 'z'); r++) {
        if (++letters > 3)
            return -2;
        c = c * 26 + ((*r | 0x20) - 'a' + 1);
    }
    if (!letters)
        return -1;
    int digits = 0;
    for (; *r >= '0' && *r <= '9'; r++) {
        if (++digits > 7)
            return -2;
        n = n * 10 + (*r - '0');
    }
    if (*r || (digits && n == 0))
        return -1;
    if (c > XLSX_MAX_COLS || n > XLSX_MAX_ROWS)
        return -2;
    *col = c - 1;
    *row = n;
    return 0;
}

/* "B7": the current cell, for messages (sheets are often one XML line, so the line alone
 * does not find the cell). */
static const char *cell_name(const struct ck_xlsx *x, char *buf)
{
    char letters[4];
    int n = 0;
    for (long c = x->col + 1; c > 0 && n < 3; c = (c - 1) / 26)
        letters[n++] = (char)('A' + (c - 1) % 26);
    for (int i = 0; i < n; i++)
        buf[i] = letters[n - 1 - i];
    snprintf(buf + n, 16, "%ld", x->rownum);
    return buf;
}

static int row_append(struct ck_xlsx *x, const char *s, size_t n)
{
    if (n == 0)
        return 0;
    if (x->rb_len + n + 1 > ck_xlsx_limits.max_row) {
        xlsx_xml_fail(&x->xx, CK_EINPUT, "row %ld is longer than %zu bytes", x->rownum,
                      ck_xlsx_limits.max_row);
        return -1;
    }
    if (ck_grow((void **)&x->rb, &x->rb_cap, x->rb_len + n + 1, 1)) {
        xlsx_xml_fail(&x->xx, CK_ENOMEM, "out of memory");
        return -1;
    }
    if (x->col >= (long)x->row_w) {
        for (size_t j = x->row_w; j < (size_t)x->col; j++)
            x->coff[j] = x->clen[j] = 0;
        x->row_w = (size_t)x->col + 1;
    }
    x->coff[x->col] = x->rb_len;
    x->clen[x->col] = n;
    memcpy(x->rb + x->rb_len, s, n);
    x->rb_len += n;
    x->rb[x->rb_len++] = 0;
    return 0;
}

static void emit_number(struct ck_xlsx *x, char *v, size_t n, int kind)
{
    while (n && (v[n - 1] == ' ' || v[n - 1] == '\t' || v[n - 1] == '\n' || v[n - 1] == '\r'))
        v[--n] = 0;
    while (n && (*v == ' ' || *v == '\t' || *v == '\n' || *v == '\r'))
        v++, n--;
    if (n == 0)
        return;
    char buf[40];
    const char *t;
    size_t len = xlsx_number_text(v, n, kind, x->date1904, buf, &t);
    row_append(x, t, len);
}

/* t="d": an ISO 8601 date-time ("2024-01-05T13:30:00Z"), cut to what the format shows. */
static void emit_iso(struct ck_xlsx *x, const char *v, size_t n, int kind)
{
    int date_ok = n >= 10 && v[4] == '-' && v[7] == '-';
    int time_ok = date_ok && n >= 19 && v[10] == 'T' && v[13] == ':' && v[16] == ':';
    if (!date_ok) {
        row_append(x, v, n);
        return;
    }
    char buf[24];
    int show_time = kind == XLSX_TIME || kind == XLSX_DATETIME ||
                    (kind == XLSX_NUMBER && time_ok && memcmp(v + 11, "00:00:00", 8) != 0);
    if (kind == XLSX_TIME && time_ok) {
        row_append(x, v + 11, 8);
    } else if (show_time && time_ok) {
        memcpy(buf, v, 10);
        buf[10] = ' ';
        memcpy(buf + 11, v + 11, 8);
        row_append(x, buf, 19);
    } else {
        row_append(x, v, 10);
    }
}

static void cell_end(struct ck_xlsx *x)
{
    char *v = x->val;
    size_t n = x->val_len;
    v[n] = 0;
    int kind = x->style < x->st.nxf ? x->st.xf_kind[x->style] : XLSX_NUMBER;
    switch (x->ctype) {
    case T_SHARED: {
        /* the index: digits, perhaps surrounded by blanks */
        size_t k = 0, i = 0;
        int digits = 0;
        while (k < n && v[k] == ' ')
            k++;
        if (k == n)
            return;
        for (; k < n && v[k] >= '0' && v[k] <= '9'; k++, digits++)
            if (digits < 19)
                i = i * 10 + (size_t)(v[k] - '0');
        while (k < n && v[k] == ' ')
            k++;
        if (k < n || digits == 0) {
            char cn[24];
            xlsx_xml_fail(&x->xx, CK_EINPUT, "cell %s: bad shared string index \"%.40s\"",
                          cell_name(x, cn), v);
            return;
        }
        if (digits >= 19 || i >= x->nsst) {
            char cn[24];
            xlsx_xml_fail(&x->xx, CK_EINPUT,
                          "cell %s: shared string index %.40s out of range (%zu strings)",
                          cell_name(x, cn), v + (v[0] == ' '), x->nsst);
            return;
        }
        row_append(x, x->sst + x->sst_off[i], x->sst_off[i + 1] - x->sst_off[i] - 1);
        return;
    }
    case T_STR:
    case T_INLINE:
        row_append(x, v, unescape_x(v, n));
        return;
    case T_BOOL:
        if (strcmp(v, "1") == 0 || strcmp(v, "true") == 0)
            row_append(x, "TRUE", 4);
        else if (strcmp(v, "0") == 0 || strcmp(v, "false") == 0)
            row_append(x, "FALSE", 5);
        else
            row_append(x, v, n);
        return;
    case T_ERROR:
        if (n)
            x->error_cells++;
        return;
    case T_DATE:
        emit_iso(x, v, n, kind);
        return;
    default:
        emit_number(x, v, n, kind);
    }
}

static int ensure_cols(struct ck_xlsx *x, size_t need)
{
    if (need <= x->ccap)
        return 0;
    size_t cap = x->ccap;
    if (ck_grow((void **)&x->coff, &cap, need, sizeof *x->coff))
        return -1;
    cap = x->ccap;
    if (ck_grow((void **)&x->clen, &cap, need, sizeof *x->clen))
        return -1;
    x->ccap = cap;
    return 0;
}

static void XMLCALL sheet_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct ck_xlsx *x = ud;
    const char *l = xlsx_local(name);
    switch (l[0]) {
    case 'r':
        if (strcmp(l, "row") == 0) {
            const char *r = xlsx_attr(atts, "r");
            long n = x->last_row + 1;
            if (r) {
                char *end;
                n = strtol(r, &end, 10);
                if (*end || n <= 0 || end == r) {
                    xlsx_xml_fail(&x->xx, CK_EINPUT, "bad row number \"%.20s\"", r);
                    return;
                }
            }
            if (n > XLSX_MAX_ROWS) {
                xlsx_xml_fail(&x->xx, CK_EINPUT, "row %ld is beyond row %ld", n, XLSX_MAX_ROWS);
                return;
            }
            x->in_row = 1;
            x->row_counted = r == NULL;
            x->rownum = x->last_row = n;
            x->last_col = -1;
            x->row_w = 0;
            x->rb_len = 1;
        } else if (strcmp(l, "rPh") == 0) {
            x->rph++;
        }
        return;
    case 'c':
        if (l[1] == 0 && x->in_row) {
            const char *r = NULL, *t = NULL, *s = NULL;
            for (const char **a = atts; *a; a += 2) { /* one pass: this runs for every cell */
                const char *an = xlsx_local(a[0]);
                if (an[0] && !an[1]) {
                    if (an[0] == 'r')
                        r = a[1];
                    else if (an[0] == 't')
                        t = a[1];
                    else if (an[0] == 's')
                        s = a[1];
                }
            }
            long col = x->last_col + 1, row = 0;
            if (r) {
                int pr = parse_ref(r, &col, &row);
                if (pr) {
                    xlsx_xml_fail(&x->xx, CK_EINPUT,
                                  pr == -2 ? N_("cell reference %.20s is beyond XFD1048576")
                                           : N_("bad cell reference \"%.20s\""),
                                  r);
                    return;
                }
            }
            if (x->row_counted && row > 0 && x->last_col < 0)
                x->rownum = x->last_row = row;
            if (col >= XLSX_MAX_COLS) {
                xlsx_xml_fail(&x->xx, CK_EINPUT, "more than %ld cells in row %ld", XLSX_MAX_COLS,
                              x->rownum);
                return;
            }
            if (ensure_cols(x, (size_t)col + 1)) {
                xlsx_xml_fail(&x->xx, CK_ENOMEM, "out of memory");
                return;
            }
            x->col = x->last_col = col;
            x->ctype = T_NUMBER;
            if (t && t[0] == 's' && t[1] == 0) /* most cells of most sheets */
                x->ctype = T_SHARED;
            else
                for (size_t i = 0; t && i < sizeof cell_types / sizeof cell_types[0]; i++)
                    if (strcmp(t, cell_types[i].name) == 0) {
                        x->ctype = cell_types[i].type;
                        break;
                    }
            x->style = s ? strtoul(s, NULL, 10) : 0;
            x->in_c = 1;
            x->val_len = 0;
            x->rph = 0;
        }
        return;
    case 'v':
        if (l[1] == 0 && x->in_c)
            x->cap_v = 1;
        return;
    case 'i':
        if (strcmp(l, "is") == 0 && x->in_c) {
            x->in_is = 1;
            x->ctype = T_INLINE; /* an inline string whatever t= says */
        }
        return;
    case 't':
        if (l[1] == 0 && x->in_is && x->rph == 0)
            x->in_t = 1;
        return;
    }
}

static void XMLCALL sheet_end(void *ud, const XML_Char *name)
{
    struct ck_xlsx *x = ud;
    const char *l = xlsx_local(name);
    switch (l[0]) {
    case 'v':
        if (l[1] == 0)
            x->cap_v = 0;
        return;
    case 't':
        if (l[1] == 0)
            x->in_t = 0;
        return;
    case 'i':
        if (strcmp(l, "is") == 0)
            x->in_is = 0;
        return;
    case 'c':
        if (l[1] == 0 && x->in_c) {
            x->in_c = x->cap_v = x->in_is = x->in_t = 0;
            cell_end(x);
        }
        return;
    case 'r':
        if (strcmp(l, "rPh") == 0) {
            if (x->rph > 0)
                x->rph--;
        } else if (strcmp(l, "row") == 0 && x->in_row) {
            x->in_row = 0;
            if (x->row_w == 0 || x->xx.failed)
                return;
            if (xlsx_row_hand_off(&x->xx, &x->out, x->rb, x->coff, x->clen, x->row_w,
                                  x->rownum) == 0)
                x->ready = 1;
        }
        return;
    }
}

static void XMLCALL sheet_text(void *ud, const XML_Char *s, int len)
{
    struct ck_xlsx *x = ud;
    if (!(x->cap_v || x->in_t) || x->xx.failed)
        return;
    if (x->val_len + (size_t)len > ck_xlsx_limits.max_cell) {
        char cn[24];
        xlsx_xml_fail(&x->xx, CK_EINPUT, "cell %s is longer than %zu bytes", cell_name(x, cn),
                      ck_xlsx_limits.max_cell);
        return;
    }
    if (ck_grow((void **)&x->val, &x->val_cap, x->val_len + (size_t)len + 1, 1)) {
        xlsx_xml_fail(&x->xx, CK_ENOMEM, "out of memory");
        return;
    }
    memcpy(x->val + x->val_len, s, (size_t)len);
    x->val_len += (size_t)len;
}

/* The sheet named (by name, then ignoring case, then by position among all sheets), or by
 * default the first visible worksheet, else the first worksheet: a chartsheet first in the
 * workbook, or a hidden data sheet behind a chart, is common. -1 when there is none. */
static long find_sheet(const struct ck_xlsx *x, const char *sheet)
{
    if (!sheet) {
        for (size_t i = 0; i < x->nsheets; i++)
            if (x->sheets[i].state == 0 && x->sheets[i].kind == CK_SHEET_WORKSHEET)
                return (long)i;
        for (size_t i = 0; i < x->nsheets; i++)
            if (x->sheets[i].kind == CK_SHEET_WORKSHEET)
                return (long)i;
        return -1;
    }
    for (size_t i = 0; i < x->nsheets; i++)
        if (strcmp(x->sheets[i].name, sheet) == 0)
            return (long)i;
    for (size_t i = 0; i < x->nsheets; i++)
        if (strcasecmp(x->sheets[i].name, sheet) == 0)
            return (long)i;
    if (sheet[0] && strspn(sheet, "0123456789") == strlen(sheet) && strlen(sheet) < 9) {
        long n = strtol(sheet, NULL, 10); /* all digits, fewer than 9 */
        if (n >= 1 && (size_t)n <= x->nsheets)
            return n - 1;
    }
    return -1;
}

int ck_xlsx_select(struct ck_xlsx *x, const char *sheet, struct ck_error *e)
{
    if (x->ods)
        return ods_select(x->ods, sheet, e);
    width_cancel(x);
    if (x->parser_live) {
        xlsx_xml_free(&x->xx);
        x->parser_live = 0;
    }
    xlsx_zip_entry_close(&x->z);
    x->sel = -1;
    if (x->nsheets == 0)
        return ck_error_set(e, CK_EINPUT, "%s: the workbook has no sheets", x->path);
    long i = find_sheet(x, sheet);
    if (i < 0 && !sheet)
        return ck_error_set(e, CK_EINPUT,
                            "%s: the workbook has no worksheet (its %s \"%s\" holds no table)",
                            x->path, ck_sheet_kind_name(x->sheets[0].kind), x->sheets[0].name);
    if (i < 0 || x->sheets[i].kind != CK_SHEET_WORKSHEET) {
        char list[300] = "";
        size_t w = 0;
        for (size_t k = 0; k < x->nsheets && w < sizeof list - 1; k++)
            if (i < 0 || x->sheets[k].kind == CK_SHEET_WORKSHEET)
                w += (size_t)snprintf(list + w, sizeof list - w, "%s%s", w ? ", " : "",
                                      x->sheets[k].name);
        if (i < 0)
            return ck_error_set(e, CK_EUSAGE, "%s: no sheet \"%s\" (sheets: %s)", x->path, sheet,
                                list);
        static const char *const why[] = {[CK_SHEET_CHART] = N_("a chart, no cells to read"),
                                          [CK_SHEET_DIALOG] = N_("an Excel 5 dialog, not a table"),
                                          [CK_SHEET_MACRO] = N_("Excel 4 macros, not a table")};
        return ck_error_set(e, CK_EUSAGE, "%s: sheet \"%s\" is a %s (%s); worksheets: %s", x->path,
                            x->sheets[i].name, ck_sheet_kind_name(x->sheets[i].kind),
                            _(why[x->sheets[i].kind]), *list ? list : _("none"));
    }
    if (x->xls) {
        x->error_cells = 0;
        int xrc = ck_xls_start(x->xls, (size_t)i, e);
        x->sel = xrc == CK_OK ? i : -1;
        return xrc;
    }
    const char *part = x->sheets[i].part;
    const char *env = getenv("CUSTKIT_XLSX_PARSER");
    x->use_scan = !xlsx_scan_disabled && !(env && strcmp(env, "expat") == 0);
    int rc;
    if (x->use_scan) {
        memset(&x->xx, 0, sizeof x->xx);
        x->xx.z = &x->z;
        x->xx.entry = part;
        if (xlsx_scan_init(&x->scan, &x->xx, x, sheet_start, sheet_end, sheet_text))
            return ck_error_set(e, CK_ENOMEM, "out of memory");
    } else if ((rc = xlsx_xml_init(&x->xx, &x->z, part, x, sheet_start, sheet_end, sheet_text,
                                   e)) != CK_OK) {
        return rc;
    }
    x->parser_live = 1;
    rc = xlsx_zip_entry_open(&x->z, part, e);
    if (rc)
        return rc;
    x->sel = i;
    x->sheet_rc = 0;
    x->error_cells = 0; /* per pass: a reader that restarts the sheet must not count twice */
    x->in_row = x->in_c = x->cap_v = x->in_is = x->in_t = x->rph = 0;
    x->last_row = 0;
    x->ready = 0;
    if (ck_grow((void **)&x->rb, &x->rb_cap, 1, 1) || ck_grow((void **)&x->val, &x->val_cap, 1, 1))
        return ck_error_set(e, CK_ENOMEM, "out of memory");
    x->rb[0] = 0;
    x->rb_len = 1;
    if (x->want_width && !x->sst_loaded && x->file && x->z.usize >= xlsx_zip_ahead_min)
        width_start(x);
    return CK_OK;
}

/* " (in row 12)": where a syntax error is, for sheets that are one long line. */
static void where(const struct ck_xlsx *x, struct ck_error *e)
{
    if (!x->xx.failed && x->last_row > 0) {
        size_t l = strlen(e->msg);
        const char *fmt = x->in_row ? _(" (in row %ld)") : _(" (after row %ld)");
        snprintf(e->msg + l, sizeof e->msg - l, fmt, x->last_row);
    }
}

/* The next row from the tokenizer; hands the sheet to expat when the tokenizer says so
 * (use_scan cleared, nothing reported yet). */
static int sheet_scan_next(struct ck_xlsx *x, struct ck_error *e)
{
    int rc = xlsx_scan_run(&x->scan, &x->sheet_err);
    if (rc != CK_OK) {
        if (x->scan.syntax_error)
            where(x, &x->sheet_err);
        xlsx_zip_entry_close(&x->z);
        x->sheet_rc = rc;
        if (e)
            *e = x->sheet_err;
        return rc;
    }
    if (!x->scan.fallback)
        return CK_OK;
    const char *part = x->sheets[x->sel].part;
    xlsx_zip_entry_close(&x->z);
    x->use_scan = 0;
    if ((rc = xlsx_xml_init(&x->xx, &x->z, part, x, sheet_start, sheet_end, sheet_text, e)) ||
        (rc = xlsx_zip_entry_open(&x->z, part, e))) {
        if (e)
            x->sheet_err = *e;
        x->sheet_rc = rc;
        return rc;
    }
    return CK_OK;
}

int ck_xlsx_next(struct ck_xlsx *x, const struct ck_row **row, struct ck_error *e)
{
    if (x->ods)
        return ods_next(x->ods, row, e);
    *row = NULL;
    if (x->xls && x->sel >= 0)
        return ck_xls_next(x->xls, row, e);
    if (x->sel < 0 || !x->parser_live)
        return ck_error_set(e, CK_EUSAGE, "%s: no sheet selected", x->path);
    if (x->sheet_rc) {
        if (e)
            *e = x->sheet_err;
        return x->sheet_rc;
    }
    x->ready = 0;
    if (!x->sst_loaded) { /* then the sheet again: one zip entry is open at a time */
        int rc = sst_load(x, &x->sheet_err);
        if (!rc)
            rc = xlsx_zip_entry_open(&x->z, x->sheets[x->sel].part, &x->sheet_err);
        if (rc) {
            x->sheet_rc = rc;
            if (e)
                *e = x->sheet_err;
            return rc;
        }
    }
    if (x->use_scan) {
        int rc = sheet_scan_next(x, e);
        if (rc != CK_OK)
            return rc;
        if (x->use_scan) {
            *row = x->ready ? &x->out.row : NULL;
            return CK_OK;
        }
    }
    for (;;) {
        XML_ParsingStatus ps;
        XML_GetParsingStatus(x->xx.p, &ps);
        if (ps.parsing == XML_FINISHED)
            return CK_OK;
        enum XML_Status st;
        if (ps.parsing == XML_SUSPENDED) {
            st = XML_ResumeParser(x->xx.p);
        } else {
            void *buf = XML_GetBuffer(x->xx.p, XLSX_CHUNK);
            if (!buf) {
                x->sheet_rc = ck_error_set(&x->sheet_err, CK_ENOMEM, "out of memory");
                break;
            }
            long n = xlsx_zip_entry_read(&x->z, buf, XLSX_CHUNK, &x->sheet_err);
            if (n < 0) {
                x->sheet_rc = x->sheet_err.code;
                break;
            }
            st = XML_ParseBuffer(x->xx.p, (int)n, n == 0);
        }
        if (st == XML_STATUS_ERROR) {
            x->sheet_rc = xlsx_xml_error(&x->xx, &x->sheet_err);
            where(x, &x->sheet_err);
            xlsx_zip_entry_close(&x->z);
            break;
        }
        if (x->ready) {
            *row = &x->out.row;
            return CK_OK;
        }
    }
    if (e)
        *e = x->sheet_err;
    return x->sheet_rc;
}

/* ---------- the width of a sheet, without parsing it ---------- */

static int name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '-' || c == '.';
}

/* The column (1-based) of a cell start tag "<c ...>" or "<x:c ...>" between lt and gt that
 * may hold a value (not self-closing): 0 when the tag is something else or empty, -1 when the
 * cell has no usable reference. */
static long cell_tag_column(const char *lt, const char *gt)
{
    const char *p = lt + 1, *q = p;
    while (q < gt && name_char(*q))
        q++;
    if (q < gt && *q == ':') { /* a namespace prefix */
        p = q + 1;
        for (q = p; q < gt && name_char(*q);)
            q++;
    }
    if (q - p != 1 || *p != 'c' || (q < gt && *q != ' ' && *q != '\t' && *q != '\n' &&
                                     *q != '\r' && *q != '/'))
        return 0;
    if (gt[-1] == '/')
        return 0; /* <c r="F3" s="2"/>: a styled empty cell */
    for (const char *a = q; a + 3 < gt; a++) {
        if (a[0] == 'r' && (a[-1] == ' ' || a[-1] == '\t' || a[-1] == '\n' || a[-1] == '\r') &&
            a[1] == '=' && (a[2] == '"' || a[2] == '\'')) {
            long c = 0;
            int letters = 0;
            for (a += 3; a < gt && ((*a >= 'A' && *a <= 'Z') || (*a >= 'a' && *a <= 'z')); a++) {
                if (++letters > 3)
                    return -1;
                c = c * 26 + ((*a | 0x20) - 'a' + 1);
            }
            return letters ? c : -1;
        }
    }
    return -1;
}

/* The widest row of the sheet part, from its cells' references (see ck_xlsx_scan_width);
 * stops early with -1 when *cancel is set. */
static int width_of(struct xlsx_zip *z, const char *part, long *width, const atomic_int *cancel,
                    struct ck_error *e)
{
    enum { CARRY_MAX = 4096 };
    int rc = xlsx_zip_entry_open(z, part, e);
    if (rc)
        return rc;
    char *buf = malloc(XLSX_CHUNK + CARRY_MAX);
    if (!buf) {
        xlsx_zip_entry_close(z);
        return ck_error_set(e, CK_ENOMEM, "out of memory");
    }
    size_t carry = 0;
    long widest = 0;
    for (;;) {
        if (cancel && atomic_load(cancel)) {
            widest = -1;
            break;
        }
        long n = xlsx_zip_entry_read(z, buf + carry, XLSX_CHUNK, e);
        if (n < 0) {
            rc = e ? e->code : CK_EINPUT;
            break;
        }
        size_t len = carry + (size_t)n;
        const char *p = buf, *end = buf + len;
        carry = 0;
        /* Plain loops, not memchr: tags are a few bytes apart, shorter than a call's setup. */
        for (;;) {
            while (p < end && *p != '<')
                p++;
            if (p == end)
                break;
            const char *lt = p, *gt = p;
            while (gt < end && *gt != '>')
                gt++;
            if (gt == end) { /* a tag cut by the chunk: keep it for the next one */
                carry = (size_t)(end - lt);
                break;
            }
            long c = cell_tag_column(lt, gt);
            if (c < 0) { /* no references: only a real parse can tell */
                widest = -1;
                break;
            }
            if (c > widest)
                widest = c;
            p = gt + 1;
        }
        if (widest < 0 || n == 0)
            break;
        if (carry > CARRY_MAX) { /* a tag this long is not a cell: let the parser judge */
            widest = -1;
            break;
        }
        memmove(buf, buf + len - carry, carry);
    }
    free(buf);
    xlsx_zip_entry_close(z);
    *width = widest;
    return rc;
}

/* ---------- the width pass, on a thread while the shared strings load ----------
 * import reads the header row, then asks for the sheet's width, then reads every row. The
 * header needs the shared strings; the width pass needs only the sheet. So the first
 * ck_xlsx_select of a large sheet starts the width pass on a thread with its own zip handle,
 * the first ck_xlsx_next loads the shared strings meanwhile, and ck_xlsx_scan_width joins the
 * thread. A reader that never asks for the width only pays CPU time on the other core: the
 * thread is cancelled and joined by the next select or by close. */

struct width_job {
    pthread_t th;
    long sheet;
    const char *file, *display, *part; /* owned by the ck_xlsx, which outlives the thread */
    atomic_int cancel;
    int rc;
    long width;
    uint64_t total; /* bytes the thread inflated, for the workbook's limit */
    struct ck_error err;
};

static void *width_main(void *arg)
{
    struct width_job *j = arg;
    struct xlsx_zip z = {0};
    j->rc = xlsx_zip_open(&z, j->file, j->display, &j->err);
    if (!j->rc)
        j->rc = width_of(&z, j->part, &j->width, &j->cancel, &j->err);
    j->total = z.total;
    xlsx_zip_close(&z);
    return NULL;
}

static void width_start(struct ck_xlsx *x)
{
    if (!ck_threads_allowed())
        return; /* the width pass will run when asked for */
    struct width_job *j = calloc(1, sizeof *j);
    if (!j)
        return; /* the width pass will run when asked for */
    j->sheet = x->sel;
    j->file = x->file;
    j->display = x->path;
    j->part = x->sheets[x->sel].part;
    j->width = -1;
    atomic_init(&j->cancel, 0);
    if (pthread_create(&j->th, NULL, width_main, j) != 0) {
        free(j);
        return;
    }
    x->wj = j;
}

/* Join the thread; its answer when it was for sheet `sel` and not cancelled. */
static int width_join(struct ck_xlsx *x, int cancel, long *width, struct ck_error *e)
{
    struct width_job *j = x->wj;
    if (cancel)
        atomic_store(&j->cancel, 1);
    pthread_join(j->th, NULL);
    x->wj = NULL;
    x->z.total += j->total;
    int rc = j->rc;
    if (rc && e)
        *e = j->err;
    if (!rc && x->z.total > x->z.limit)
        rc = ck_error_set(e, CK_EINPUT, "%s: %s: workbook inflates to more than %llu bytes; refusing",
                          x->path, j->part, (unsigned long long)x->z.limit);
    if (width)
        *width = j->width;
    free(j);
    return rc;
}

static void width_cancel(struct ck_xlsx *x)
{
    if (x->wj)
        width_join(x, 1, NULL, NULL);
}

void ck_xlsx_want_width(struct ck_xlsx *x, int want)
{
    x->want_width = want;
}

int ck_xlsx_scan_width(struct ck_xlsx *x, long *width, struct ck_error *e)
{
    if (x->ods)
        return ods_scan_width(x->ods, width, e);
    *width = -1;
    if (x->sel < 0)
        return ck_error_set(e, CK_EUSAGE, "%s: no sheet selected", x->path);
    if (x->xls) { /* no cell references to count: the rows tell */
        x->sel = -1;
        return CK_OK;
    }
    if (x->parser_live) {
        xlsx_xml_free(&x->xx);
        x->parser_live = 0;
    }
    xlsx_zip_entry_close(&x->z);
    long w = -1;
    int rc;
    if (x->wj && x->wj->sheet == x->sel) {
        rc = width_join(x, 0, &w, e);
    } else {
        width_cancel(x);
        rc = width_of(&x->z, x->sheets[x->sel].part, &w, NULL, e);
    }
    x->sel = -1; /* the sheet must be selected again before reading rows */
    if (rc == CK_OK)
        *width = w;
    return rc;
}
