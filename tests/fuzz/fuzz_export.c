/* fuzz_export.c — libFuzzer target: the report `custkit export` writes
 * (lib/report/workbook.c), from arbitrary CSV, read back and checked part by part. The first
 * byte picks the options (--by a column, --mask, --no-validation, --all, the language,
 * --format csv --split, which writer writes the rows), the second the --by column, the chart,
 * sheets of two rows, constant-memory mode; the rest is the table. The calls are those of
 * cmd/export.c: ck_reader_open, ck_roles_resolve, ck_report_rows_load, then ck_report_xlsx or
 * ck_report_csv_split.
 *
 * Checks on the workbook (opened with minizip, every part inflated and parsed by expat):
 *  - every part is well-formed XML and holds no character XML forbids (C0 controls other than
 *    tab, LF, CR; U+FFFE, U+FFFF), in text or attributes;
 *  - every <v> of a cell is what its t= says: a finite number (t absent or n), 0/1 (b), an
 *    error value (e), a shared-string index (s); every <c:v> of a chart's number cache is a
 *    finite number; column widths are finite;
 *  - an inline drop-down list holds at most 255 characters (Excel's limit), and a list that
 *    refers to a range names a sheet of the workbook;
 *  - the sheet names of xl/workbook.xml are valid for Excel (1-31 UTF-16 units, none of
 *    []:*?/\, no apostrophe first or last, not History) and unique under Unicode case folding
 *    (u8_casefold), as Excel compares them;
 *  - rows are in order, and the data sheets (those with an autofilter) hold, by their filter
 *    ranges, every row once on the group sheets, once more on the all-rows sheet, and the
 *    flagged rows on the review sheet.
 * With --split: every row of the table is in exactly one of the CSV files, and the files'
 * names (NAME.csv) obey the same rules as sheet names.
 * Any violation aborts. */
#include "fuzz_util.h"

#include <dirent.h>
#include <expat.h>
#include <math.h>
#include <minizip/unzip.h>
#include <sys/stat.h>
#include <unicase.h>

#include "custkit.h"
#include "report/report.h"

static char xpath[96], spath[96];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    snprintf(xpath, sizeof xpath, "/tmp/custkit-fuzz-export.%ld.xlsx", (long)getpid());
    snprintf(spath, sizeof spath, "/tmp/custkit-fuzz-export.%ld.d", (long)getpid());
    setenv("CUSTKIT_THREADS", "1", 1); /* the same bytes, one thread: reproducible findings */
    return 0;
}

#define FAIL(...)                                                                                \
    do {                                                                                         \
        fprintf(stderr, "fuzz_export: " __VA_ARGS__);                                            \
        fputc('\n', stderr);                                                                     \
        abort();                                                                                 \
    } while (0)

/* ================================================================ checking one part */

#define MAX_NAMES 4096
#define DEPTH 64

struct check {
    const char *part;
    XML_Parser xp;
    int sheet; /* a worksheet part */
    int depth;
    char path[DEPTH][16]; /* local names of the open elements (cut) */
    char cell_t[16];      /* t= of the open <c> */
    int in_num_cache;
    char *text; /* character data of the open <v>/<c:v>/<formula1> */
    size_t len, cap;
    int collect;
    long last_row;
    int autofilter;
    long filter_rows; /* data rows by the autofilter's range */
};

/* Names of the sheets (xl/workbook.xml) and names referred to by list formulas. */
static char *sheet_names[MAX_NAMES], *list_refs[MAX_NAMES];
static size_t nsheet_names, nlist_refs;
static long data_rows; /* sum of the autofilter ranges */
static int data_sheets;

static const char *local(const char *name)
{
    const char *c = strrchr(name, ':');
    return c ? c + 1 : name;
}

/* A character XML 1.0 cannot hold, in valid UTF-8 (expat has checked the encoding). */
static void check_chars(struct check *c, const char *s, size_t len, const char *where)
{
    for (size_t i = 0; i < len;) {
        size_t adv;
        long cp = ck_utf8_decode(s + i, len - i, &adv);
        if (cp < 0 || (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0xFFFE ||
            cp == 0xFFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            FAIL("%s: %s holds U+%04lX (line %lu)", c->part, where, (unsigned long)cp,
                 (unsigned long)XML_GetCurrentLineNumber(c->xp));
        i += adv ? adv : 1;
    }
}

static void check_number(struct check *c, const char *s, const char *what)
{
    char *end;
    double d = strtod(s, &end);
    if (!*s || *end || !isfinite(d))
        FAIL("%s: %s '%s' is not a finite number (line %lu)", c->part, what, s,
             (unsigned long)XML_GetCurrentLineNumber(c->xp));
}

static const char *attr(const char **a, const char *name)
{
    for (; a[0]; a += 2)
        if (strcmp(local(a[0]), name) == 0)
            return a[1];
    return NULL;
}

/* "A1:K13" → 13 (the last row), or -1. */
static long ref_last_row(const char *ref)
{
    const char *colon = strchr(ref, ':');
    const char *p = colon ? colon + 1 : ref;
    while (*p >= 'A' && *p <= 'Z')
        p++;
    char *end;
    long r = strtol(p, &end, 10);
    return *end || r < 1 ? -1 : r;
}

static void keep(char **arr, size_t *n, const char *s, size_t len)
{
    if (*n == MAX_NAMES)
        FAIL("more than %d names", MAX_NAMES);
    arr[*n] = malloc(len + 1);
    if (!arr[*n])
        abort();
    memcpy(arr[*n], s, len);
    arr[*n][len] = 0;
    (*n)++;
}

static void XMLCALL on_start(void *ud, const char *name, const char **atts)
{
    struct check *c = ud;
    const char *ln = local(name);
    for (const char **a = atts; a[0]; a += 2)
        check_chars(c, a[1], strlen(a[1]), a[0]);
    if (c->depth < DEPTH)
        snprintf(c->path[c->depth], sizeof c->path[0], "%s", ln);
    c->depth++;
    c->collect = 0;
    if (strcmp(name, "sheet") == 0 && strcmp(c->part, "xl/workbook.xml") == 0) {
        const char *nm = attr(atts, "name");
        if (!nm)
            FAIL("a <sheet> without a name");
        keep(sheet_names, &nsheet_names, nm, strlen(nm));
    } else if (c->sheet && strcmp(name, "c") == 0) {
        const char *t = attr(atts, "t");
        snprintf(c->cell_t, sizeof c->cell_t, "%s", t ? t : "n");
    } else if (c->sheet && strcmp(name, "row") == 0) {
        const char *r = attr(atts, "r");
        long rn = r ? strtol(r, NULL, 10) : c->last_row + 1;
        if (rn <= c->last_row)
            FAIL("%s: row %ld after row %ld", c->part, rn, c->last_row);
        c->last_row = rn;
    } else if (c->sheet && strcmp(name, "col") == 0) {
        const char *wd = attr(atts, "width");
        if (wd)
            check_number(c, wd, "column width");
    } else if (c->sheet && strcmp(name, "autoFilter") == 0) {
        const char *ref = attr(atts, "ref");
        long last = ref ? ref_last_row(ref) : -1;
        if (last < 1)
            FAIL("%s: autofilter range '%s'", c->part, ref ? ref : "");
        c->autofilter = 1;
        c->filter_rows = last - 1;
    } else if (strcmp(ln, "numCache") == 0) {
        c->in_num_cache++;
    }
    if (strcmp(ln, "v") == 0 || (c->sheet && strcmp(name, "formula1") == 0)) {
        c->collect = 1;
        c->len = 0;
    }
}

static void XMLCALL on_end(void *ud, const char *name)
{
    struct check *c = ud;
    const char *ln = local(name);
    c->depth--;
    if (strcmp(ln, "numCache") == 0)
        c->in_num_cache--;
    if (!c->collect)
        return;
    c->collect = 0;
    if (c->len + 1 > c->cap) {
        c->text = realloc(c->text, c->cap = c->len + 1);
        if (!c->text)
            abort();
    }
    c->text[c->len] = 0;
    const char *s = c->text;
    if (c->sheet && strcmp(name, "v") == 0) {
        const char *t = c->cell_t;
        if (strcmp(t, "n") == 0)
            check_number(c, s, "cell value");
        else if (strcmp(t, "b") == 0) {
            if (strcmp(s, "0") != 0 && strcmp(s, "1") != 0)
                FAIL("%s: boolean cell '%s'", c->part, s);
        } else if (strcmp(t, "s") == 0) {
            char *end;
            long k = strtol(s, &end, 10);
            if (!*s || *end || k < 0)
                FAIL("%s: shared string index '%s'", c->part, s);
        } else if (strcmp(t, "e") == 0) {
            static const char *const errs[] = {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!",
                                               "#NAME?", "#NUM!",   "#N/A"};
            size_t i;
            for (i = 0; i < sizeof errs / sizeof *errs && strcmp(s, errs[i]) != 0; i++)
                ;
            if (i == sizeof errs / sizeof *errs)
                FAIL("%s: error cell '%s'", c->part, s);
        } else if (strcmp(t, "str") != 0 && strcmp(t, "d") != 0)
            FAIL("%s: a <v> in a cell of type '%s'", c->part, t);
    } else if (strcmp(ln, "v") == 0 && c->in_num_cache > 0) {
        check_number(c, s, "chart number");
    } else if (strcmp(name, "formula1") == 0) {
        if (s[0] == '"') {
            /* an inline list: Excel takes at most 255 characters between the quotes */
            if (c->len < 2 || s[c->len - 1] != '"')
                FAIL("%s: list '%s'", c->part, s);
            char *inner = strndup(s + 1, c->len - 2);
            if (!inner)
                abort();
            if (ck_utf16_units(inner) > 255)
                FAIL("%s: an inline list of %zu characters (Excel's limit is 255)", c->part,
                     ck_utf16_units(inner));
            free(inner);
        } else if (s[0] == '\'') {
            const char *q = strstr(s + 1, "'!");
            if (!q)
                FAIL("%s: list formula '%s'", c->part, s);
            /* a quote inside a quoted sheet name is doubled */
            char name_buf[256];
            size_t o = 0;
            for (const char *p = s + 1; p < q && o + 1 < sizeof name_buf; p++) {
                name_buf[o++] = *p;
                if (*p == '\'' && p[1] == '\'')
                    p++;
            }
            keep(list_refs, &nlist_refs, name_buf, o);
        }
    }
}

static void XMLCALL on_text(void *ud, const char *s, int len)
{
    struct check *c = ud;
    check_chars(c, s, (size_t)len, "text");
    if (!c->collect)
        return;
    if (c->len + (size_t)len + 1 > c->cap) {
        c->cap = (c->len + (size_t)len + 1) * 2;
        c->text = realloc(c->text, c->cap);
        if (!c->text)
            abort();
    }
    memcpy(c->text + c->len, s, (size_t)len);
    c->len += (size_t)len;
}

static void check_part(const char *part, const char *buf, size_t len)
{
    struct check c;
    memset(&c, 0, sizeof c);
    c.part = part;
    c.sheet = strncmp(part, "xl/worksheets/sheet", 19) == 0;
    c.xp = XML_ParserCreate("UTF-8");
    if (!c.xp)
        abort();
    XML_SetUserData(c.xp, &c);
    XML_SetElementHandler(c.xp, on_start, on_end);
    XML_SetCharacterDataHandler(c.xp, on_text);
    if (XML_Parse(c.xp, buf, (int)len, 1) != XML_STATUS_OK) {
        /* the bytes around the error, for the report */
        long at = (long)XML_GetCurrentByteIndex(c.xp);
        long from = at > 80 ? at - 80 : 0, to = at + 40 < (long)len ? at + 40 : (long)len;
        FAIL("%s: not well-formed XML: %s at line %lu column %lu, near:\n%.*s", part,
             XML_ErrorString(XML_GetErrorCode(c.xp)),
             (unsigned long)XML_GetCurrentLineNumber(c.xp),
             (unsigned long)XML_GetCurrentColumnNumber(c.xp), (int)(to - from), buf + from);
    }
    XML_ParserFree(c.xp);
    free(c.text);
    if (c.autofilter) {
        if (c.last_row > c.filter_rows + 1)
            FAIL("%s: row %ld below the filter's last row %ld", part, c.last_row,
                 c.filter_rows + 1);
        data_rows += c.filter_rows;
        data_sheets++;
    }
}

/* ================================================================ the workbook */

static void check_names(void)
{
    uint8_t *fold[MAX_NAMES];
    size_t flen[MAX_NAMES];
    for (size_t i = 0; i < nsheet_names; i++) {
        const char *s = sheet_names[i];
        size_t units = ck_utf16_units(s), len = strlen(s);
        if (units < 1 || units > CK_SHEET_NAME_UNITS)
            FAIL("sheet name '%s' has %zu UTF-16 units", s, units);
        if (strpbrk(s, "[]:*?/\\"))
            FAIL("sheet name '%s' holds one of []:*?/\\", s);
        if (s[0] == '\'' || s[len - 1] == '\'')
            FAIL("sheet name '%s' begins or ends with an apostrophe", s);
        fold[i] = u8_casefold((const uint8_t *)s, len, NULL, NULL, NULL, &flen[i]);
        if (!fold[i])
            abort();
        if (flen[i] == 7 && memcmp(fold[i], "history", 7) == 0)
            FAIL("sheet name '%s' is reserved by Excel", s);
        for (size_t j = 0; j < i; j++)
            if (flen[j] == flen[i] && memcmp(fold[j], fold[i], flen[i]) == 0)
                FAIL("sheet names '%s' and '%s' are the same without case", sheet_names[j], s);
    }
    for (size_t i = 0; i < nlist_refs; i++) {
        size_t j;
        for (j = 0; j < nsheet_names && strcmp(list_refs[i], sheet_names[j]) != 0; j++)
            ;
        if (j == nsheet_names)
            FAIL("a drop-down list refers to the sheet '%s', which is not in the workbook",
                 list_refs[i]);
    }
    for (size_t i = 0; i < nsheet_names; i++)
        free(fold[i]);
}

static void check_workbook(const char *path, long want_rows)
{
    unzFile z = unzOpen(path);
    if (!z)
        FAIL("the workbook is not a zip file");
    nsheet_names = nlist_refs = 0;
    data_rows = 0;
    data_sheets = 0;
    int parts = 0;
    char *buf = NULL;
    for (int rc = unzGoToFirstFile(z); rc == UNZ_OK; rc = unzGoToNextFile(z)) {
        char name[256];
        unz_file_info64 info;
        if (unzGetCurrentFileInfo64(z, &info, name, sizeof name, NULL, 0, NULL, 0) != UNZ_OK)
            FAIL("a zip entry cannot be read");
        if (info.uncompressed_size > ((uint64_t)256 << 20))
            FAIL("%s: %llu bytes", name, (unsigned long long)info.uncompressed_size);
        size_t size = (size_t)info.uncompressed_size;
        buf = realloc(buf, size + 1);
        if (!buf || unzOpenCurrentFile(z) != UNZ_OK)
            FAIL("%s: cannot be opened", name);
        size_t got = 0;
        for (int n; got < size && (n = unzReadCurrentFile(z, buf + got, (unsigned)(size - got))) > 0;)
            got += (size_t)n;
        if (got != size || unzCloseCurrentFile(z) != UNZ_OK) /* CRC checked on close */
            FAIL("%s: inflates to %zu of %zu bytes, or a bad CRC", name, got, size);
        size_t nl = strlen(name);
        if ((nl > 4 && strcmp(name + nl - 4, ".xml") == 0) ||
            (nl > 5 && strcmp(name + nl - 5, ".rels") == 0))
            check_part(name, buf, size);
        parts++;
    }
    free(buf);
    unzClose(z);
    if (parts == 0 || nsheet_names == 0)
        FAIL("a workbook of %d parts and %zu sheets", parts, nsheet_names);
    check_names();
    if (data_sheets > 0 && data_rows != want_rows)
        FAIL("the data sheets hold %ld rows by their filters, want %ld", data_rows, want_rows);
    for (size_t i = 0; i < nsheet_names; i++)
        free(sheet_names[i]);
    for (size_t i = 0; i < nlist_refs; i++)
        free(list_refs[i]);
}

/* ================================================================ --split */

static void check_split(const char *dir, long want_rows)
{
    DIR *d = opendir(dir);
    if (!d)
        FAIL("%s: the split directory is missing", dir);
    long rows = 0;
    nsheet_names = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.' && (!de->d_name[1] || (de->d_name[1] == '.' && !de->d_name[2])))
            continue;
        char p[512];
        snprintf(p, sizeof p, "%s/%s", dir, de->d_name);
        size_t nl = strlen(de->d_name);
        if (nl < 5 || strcmp(de->d_name + nl - 4, ".csv") != 0)
            FAIL("%s: a file that is not NAME.csv", p);
        keep(sheet_names, &nsheet_names, de->d_name, nl - 4);
        struct ck_read_opts o = {0};
        o.encoding = "UTF-8";
        o.delimiter = ',';
        o.header_row = 1;
        struct ck_reader *r;
        struct ck_error e;
        if (ck_reader_open(&r, p, &o, &e) != CK_OK)
            FAIL("%s: cannot be read back: %s", p, e.msg);
        const struct ck_row *row;
        int rc;
        while ((rc = ck_reader_next(r, &row, &e)) == CK_OK && row)
            rows++;
        if (rc != CK_OK)
            FAIL("%s: cannot be read back: %s", p, e.msg);
        ck_reader_close(r);
        unlink(p);
    }
    closedir(d);
    rmdir(dir);
    /* the names are the sheet names, file-safe: on Windows and macOS two names that differ
     * only in case would be one file */
    nlist_refs = 0;
    check_names();
    for (size_t i = 0; i < nsheet_names; i++)
        free(sheet_names[i]);
    if (rows != want_rows)
        FAIL("the split files hold %ld rows, want %ld", rows, want_rows);
}

/* ================================================================ one input */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2 || size > 65536)
        return 0;
    unsigned sel = data[0], opt = data[1];
    char path[64];
    fuzz_file(data + 2, size - 2, path);
    struct ck_read_opts rdo;
    memset(&rdo, 0, sizeof rdo);
    rdo.max_field = 1 << 16;
    struct ck_reader *r = NULL;
    struct ck_error e;
    memset(&e, 0, sizeof e);
    if (ck_reader_open(&r, path, &rdo, &e) != CK_OK)
        return 0;
    const struct ck_row *h = ck_reader_header(r);
    struct ck_roles roles;
    if (ck_roles_resolve(&roles, h, CK_TABLE_CUSTOMERS, NULL, 0, &e) != CK_OK) {
        ck_reader_close(r);
        return 0;
    }
    struct ck_report_opts ro;
    memset(&ro, 0, sizeof ro);
    char by[1024] = "";
    if (sel & 1) {
        snprintf(by, sizeof by, "%s", h->f[(opt & 15) % h->n]);
        ro.by = by;
    }
    ro.mask = (sel & 2) ? CK_MASK_PHONE | CK_MASK_EMAIL : 0;
    ro.validation = !(sel & 4);
    ro.all_sheet = (sel & 8) != 0;
    int lang = (sel >> 4) & 3;
    ro.lang = lang == 1 ? CK_LANG_ZH : lang == 2 ? CK_LANG_EN : ck_table_lang(h);
    ro.chart = (opt >> 4) & 3;
    if (ro.chart > CK_CHART_NONE)
        ro.chart = CK_CHART_COLUMN;
    ro.max_rows = (opt & 64) ? 2 : 0;
    ro.constant_memory_rows = (opt & 128) ? -1 : 0;
    ro.sort_desc = -1;
    ro.created = 1790000000;
    ro.as_of = "2026-09-30";
    const char *inputs[1] = {"fuzz.csv"};
    ro.inputs = inputs;
    ro.ninputs = 1;
    ro.roles = &roles;
    ro.output_name = "fuzz.xlsx";
    struct ck_report_rows *rows = NULL;
    int rc = ck_report_rows_load(&rows, r, NULL, &e);
    ck_reader_close(r);
    if (rc != CK_OK) {
        ck_report_rows_free(rows);
        return 0;
    }
    if (sel & 128)
        setenv("CUSTKIT_XLSX_WRITER", "libxlsxwriter", 1);
    else
        unsetenv("CUSTKIT_XLSX_WRITER");

    struct ck_report_stats st;
    memset(&st, 0, sizeof st);
    int csv = (sel & 64) != 0;
    if (csv)
        rc = ck_report_csv_split(rows, &ro, spath, &st, &e);
    else
        rc = ck_report_xlsx(rows, &ro, xpath, &st, &e);
    long nrows = (long)ck_report_rows_count(rows);
    ck_report_rows_free(rows);
    if (rc == CK_EUSAGE) { /* too many groups: refused with a message, nothing written */
        if (!e.msg[0])
            FAIL("a usage error without a message");
        unlink(xpath);
        return 0;
    }
    if (rc != CK_OK)
        FAIL("export failed (%d): %s", rc, e.msg);
    if (st.rows != nrows)
        FAIL("%ld rows reported, %ld in the table", st.rows, nrows);
    if (csv)
        check_split(spath, nrows);
    else {
        check_workbook(xpath, nrows * (ro.all_sheet ? 2 : 1) + st.flagged);
        unlink(xpath);
    }
    return 0;
}
