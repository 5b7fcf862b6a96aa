/* fuzz_xlsx_sheet.c — differential libFuzzer target: the same worksheet XML read by custkit's
 * sheet tokenizer (lib/io/xlsx_sheet.c) and by expat must give the same rows, or both fail. The
 * first byte picks how the entry is cut (read size 1-63 bytes or 64 KiB, read-ahead thread or
 * not); the rest is xl/worksheets/sheet1.xml of an otherwise well-formed workbook. */
#include "fuzz_util.h"

#include <minizip/zip.h>

#include "custkit.h"
#include "io/xlsx_internal.h"

#define NS "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""
#define RNS "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\""
#define OR "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

static const struct part {
    const char *name, *text;
} parts[] = {
    {"_rels/.rels", "<?xml version=\"1.0\"?><Relationships " RNS "><Relationship Id=\"rId1\" "
                    "Type=\"" OR "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"},
    {"xl/workbook.xml",
     "<?xml version=\"1.0\"?><workbook " NS " xmlns:r=\"" OR "\"><sheets>"
     "<sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"},
    {"xl/_rels/workbook.xml.rels",
     "<?xml version=\"1.0\"?><Relationships " RNS ">"
     "<Relationship Id=\"rId1\" Type=\"" OR "/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
     "<Relationship Id=\"rId2\" Type=\"" OR "/sharedStrings\" Target=\"sharedStrings.xml\"/>"
     "<Relationship Id=\"rId3\" Type=\"" OR "/styles\" Target=\"styles.xml\"/>"
     "</Relationships>"},
    {"xl/sharedStrings.xml",
     "<?xml version=\"1.0\"?><sst " NS "><si><t>姓名</t></si><si><r><t>张</t></r><r><t>三"
     "</t></r></si><si><t xml:space=\"preserve\"> a&amp;b </t></si></sst>"},
    {"xl/styles.xml",
     "<?xml version=\"1.0\"?><styleSheet " NS "><numFmts count=\"1\">"
     "<numFmt numFmtId=\"164\" formatCode=\"yyyy-mm-dd\"/></numFmts><cellXfs count=\"3\">"
     "<xf numFmtId=\"0\"/><xf numFmtId=\"164\"/><xf numFmtId=\"21\"/></cellXfs></styleSheet>"},
};
#define NPARTS (sizeof parts / sizeof parts[0])

static char zpath[64] = "";

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    ck_xlsx_limits.max_total = 64 << 20;
    ck_xlsx_limits.max_cell = 1 << 16;
    ck_xlsx_limits.max_row = 1 << 20;
    snprintf(zpath, sizeof zpath, "/tmp/custkit-fuzz-sheet.%ld.xlsx", (long)getpid());
    return 0;
}

static void add(zipFile z, const char *name, const void *buf, size_t len)
{
    if (zipOpenNewFileInZip(z, name, NULL, NULL, 0, NULL, 0, NULL, Z_DEFLATED, 1) != ZIP_OK ||
        zipWriteInFileInZip(z, buf, (unsigned)len) != ZIP_OK || zipCloseFileInZip(z) != ZIP_OK)
        abort();
}

struct result {
    int rc;
    long error_cells;
    char *rows; /* "LINE:f1\x1ff2\n" for each row */
    size_t len, cap, nrows;
    size_t *ends; /* where each row's text ends */
};

static void put(struct result *r, const char *s, size_t n)
{
    if (r->len + n + 1 > r->cap) {
        r->cap = (r->len + n + 1) * 2;
        r->rows = realloc(r->rows, r->cap);
        if (!r->rows)
            abort();
    }
    memcpy(r->rows + r->len, s, n);
    r->len += n;
    r->rows[r->len] = 0;
}

static void read_sheet(struct result *r, int expat)
{
    memset(r, 0, sizeof *r);
    put(r, "", 0);
    r->ends = malloc(100001 * sizeof *r->ends);
    if (!r->ends)
        abort();
    xlsx_scan_disabled = expat;
    struct ck_xlsx *x = NULL;
    struct ck_error e;
    r->rc = ck_xlsx_open(&x, zpath, &e);
    if (r->rc == CK_OK)
        r->rc = ck_xlsx_select(x, NULL, &e);
    const struct ck_row *row;
    while (r->rc == CK_OK && r->nrows < 100000 && (r->rc = ck_xlsx_next(x, &row, &e)) == CK_OK &&
           row) {
        char num[32];
        put(r, num, (size_t)snprintf(num, sizeof num, "%ld:", row->line));
        for (size_t j = 0; j < row->n; j++) {
            if (strlen(row->f[j]) != row->len[j]) /* a NUL inside a field */
                abort();
            if (j)
                put(r, "\x1f", 1);
            put(r, row->f[j], row->len[j]);
        }
        put(r, "\n", 1);
        r->ends[r->nrows++] = r->len;
    }
    if (x)
        r->error_cells = ck_xlsx_error_cells(x);
    ck_xlsx_close(x);
    xlsx_scan_disabled = 0;
}

static void result_free(struct result *r)
{
    free(r->rows);
    free(r->ends);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > (1 << 18))
        return 0;
    zipFile z = zipOpen(zpath, APPEND_STATUS_CREATE);
    if (!z)
        abort();
    for (size_t i = 0; i < NPARTS; i++)
        add(z, parts[i].name, parts[i].text, strlen(parts[i].text));
    add(z, "xl/worksheets/sheet1.xml", data + 1, size - 1);
    if (zipClose(z, NULL) != ZIP_OK)
        abort();

    struct result ex, sc;
    read_sheet(&ex, 1);
    xlsx_scan_chunk = (data[0] & 63) ? (data[0] & 63) : XLSX_CHUNK;
    xlsx_zip_ahead_min = (data[0] & 64) ? 0 : UINT64_MAX;
    unsigned long lenient = xlsx_scan_lenient_names;
    read_sheet(&sc, 0);
    lenient = xlsx_scan_lenient_names - lenient;
    xlsx_scan_chunk = XLSX_CHUNK;
    xlsx_zip_ahead_min = (uint64_t)1 << 20;

    if (ex.rc == CK_OK) {
        /* expat accepts: the tokenizer must give the very same rows */
        if (sc.rc != CK_OK || strcmp(ex.rows, sc.rows) != 0 || ex.error_cells != sc.error_cells) {
            fprintf(stderr, "expat rc %d rows:\n%s\ntokenizer rc %d rows:\n%s\n", ex.rc, ex.rows,
                    sc.rc, sc.rows);
            abort();
        }
    } else if (ex.rc == CK_EINPUT) {
        /* expat refuses: so must the tokenizer, unless it only took a non-ASCII name
         * character unchecked (the documented leniency) */
        if (sc.rc == CK_OK && lenient == 0) {
            fprintf(stderr, "expat refused, the tokenizer accepted:\n%s\n", sc.rows);
            abort();
        }
        /* the rows before the error agree */
        size_t n = ex.nrows < sc.nrows ? ex.nrows : sc.nrows;
        size_t end = n ? ex.ends[n - 1] : 0;
        if (n && (sc.ends[n - 1] != end || memcmp(ex.rows, sc.rows, end) != 0)) {
            fprintf(stderr, "rows before the error differ:\n%s\n--\n%s\n", ex.rows, sc.rows);
            abort();
        }
    }
    result_free(&ex);
    result_free(&sc);
    unlink(zpath);
    return 0;
}
