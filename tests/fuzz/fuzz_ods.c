/* fuzz_ods.c — libFuzzer target: the ODS reader. Input that starts with "PK" is the file
 * itself (the zip container); anything else is content.xml, stored in an .ods made around it
 * so that mutations reach the XML instead of breaking the deflate stream. Every sheet is read
 * to its end, and the width the open pass measured must be the widest row read. The first
 * visible sheet is read by expat and by the tokenizer too: the same rows, or both refuse
 * (unless the tokenizer only took a non-ASCII name character unchecked, its one leniency). */
#include "fuzz_util.h"

#include <zlib.h>

#include "custkit.h"
#include "io/xlsx_internal.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    ck_xlsx_limits.max_total = 64 << 20;
    ck_xlsx_limits.ratio_grace = 1 << 20;
    ck_xlsx_limits.max_cell = 1 << 20;
    ck_xlsx_limits.max_row = 4 << 20;
    ck_xlsx_limits.max_sheets = 64;
    return 0;
}

static unsigned char *put16(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
    return p + 2;
}

static unsigned char *put32(unsigned char *p, unsigned long v)
{
    p = put16(p, (unsigned)(v & 0xFFFF));
    return put16(p, (unsigned)(v >> 16));
}

/* A zip of stored entries: mimetype, then content.xml holding data. */
static size_t make_ods(const uint8_t *data, size_t size, unsigned char *out)
{
    static const char mime[] = "application/vnd.oasis.opendocument.spreadsheet";
    const char *names[2] = {"mimetype", "content.xml"};
    const unsigned char *bodies[2] = {(const unsigned char *)mime, data};
    size_t lens[2] = {sizeof mime - 1, size};
    unsigned long offs[2], crcs[2];
    unsigned char *p = out;
    for (int i = 0; i < 2; i++) {
        offs[i] = (unsigned long)(p - out);
        crcs[i] = crc32(0, bodies[i], (uInt)lens[i]);
        size_t nl = strlen(names[i]);
        p = put32(p, 0x04034b50);
        p = put16(p, 10);
        p = put16(p, 0);
        p = put16(p, 0); /* stored */
        p = put32(p, 0);
        p = put32(p, crcs[i]);
        p = put32(p, (unsigned long)lens[i]);
        p = put32(p, (unsigned long)lens[i]);
        p = put16(p, (unsigned)nl);
        p = put16(p, 0);
        memcpy(p, names[i], nl);
        p += nl;
        memcpy(p, bodies[i], lens[i]);
        p += lens[i];
    }
    unsigned long cd = (unsigned long)(p - out);
    for (int i = 0; i < 2; i++) {
        size_t nl = strlen(names[i]);
        p = put32(p, 0x02014b50);
        p = put16(p, 20);
        p = put16(p, 10);
        p = put16(p, 0);
        p = put16(p, 0);
        p = put32(p, 0);
        p = put32(p, crcs[i]);
        p = put32(p, (unsigned long)lens[i]);
        p = put32(p, (unsigned long)lens[i]);
        p = put16(p, (unsigned)nl);
        p = put16(p, 0);
        p = put16(p, 0);
        p = put16(p, 0);
        p = put16(p, 0);
        p = put32(p, 0);
        p = put32(p, offs[i]);
        memcpy(p, names[i], nl);
        p += nl;
    }
    unsigned long cdlen = (unsigned long)(p - out) - cd;
    p = put32(p, 0x06054b50);
    p = put16(p, 0);
    p = put16(p, 0);
    p = put16(p, 2);
    p = put16(p, 2);
    p = put32(p, cdlen);
    p = put32(p, cd);
    p = put16(p, 0);
    return (size_t)(p - out);
}

struct result {
    int rc;
    long error_cells;
    char *rows; /* "LINE:f1\x1ff2\n" for each row */
    size_t len, cap;
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

static void read_default(struct result *r, const char *path, int expat)
{
    memset(r, 0, sizeof *r);
    put(r, "", 0);
    xlsx_scan_disabled = expat;
    struct ck_xlsx *x = NULL;
    struct ck_error e;
    r->rc = ck_xlsx_open(&x, path, &e);
    if (r->rc == CK_OK)
        r->rc = ck_xlsx_select(x, NULL, &e);
    const struct ck_row *row;
    for (long k = 0; r->rc == CK_OK && k < 100000; k++) {
        if ((r->rc = ck_xlsx_next(x, &row, &e)) != CK_OK || !row)
            break;
        char num[32];
        put(r, num, (size_t)snprintf(num, sizeof num, "%ld:", row->line));
        for (size_t j = 0; j < row->n; j++) {
            if (j)
                put(r, "\x1f", 1);
            put(r, row->f[j], row->len[j]);
        }
        put(r, "\n", 1);
    }
    if (x && r->rc == CK_OK)
        r->error_cells = ck_xlsx_error_cells(x);
    ck_xlsx_close(x);
    xlsx_scan_disabled = 0;
}

static void differential(const char *path)
{
    struct result ex, sc;
    read_default(&ex, path, 1);
    unsigned long lenient = xlsx_scan_lenient_names;
    read_default(&sc, path, 0);
    lenient = xlsx_scan_lenient_names - lenient;
    if (ex.rc == CK_OK) {
        if (sc.rc != CK_OK || strcmp(ex.rows, sc.rows) != 0 || ex.error_cells != sc.error_cells) {
            fprintf(stderr, "expat rc %d rows:\n%s\ntokenizer rc %d rows:\n%s\n", ex.rc, ex.rows,
                    sc.rc, sc.rows);
            abort();
        }
    } else if (ex.rc == CK_EINPUT && sc.rc == CK_OK && lenient == 0) {
        fprintf(stderr, "expat refused, the tokenizer accepted:\n%s\n", sc.rows);
        abort();
    }
    free(ex.rows);
    free(sc.rows);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[64];
    if (size >= 2 && data[0] == 'P' && data[1] == 'K') {
        fuzz_file(data, size, path);
    } else {
        if (size > (16u << 20))
            return 0;
        unsigned char *zip = malloc(size + 512);
        if (!zip)
            abort();
        size_t n = make_ods(data, size, zip);
        fuzz_file(zip, n, path);
        free(zip);
    }
    differential(path);
    struct ck_xlsx *x = NULL;
    struct ck_error e;
    if (ck_xlsx_open(&x, path, &e) != CK_OK) {
        ck_xlsx_close(x);
        return 0;
    }
    size_t n = ck_xlsx_sheet_count(x);
    for (size_t i = 0; i < n && i < 4; i++) {
        (void)ck_xlsx_sheet_name(x, i);
        (void)ck_xlsx_sheet_state(x, i);
        char num[24];
        snprintf(num, sizeof num, "%zu", i + 1);
        long width = -1;
        if (ck_xlsx_select(x, num, &e) != CK_OK || ck_xlsx_scan_width(x, &width, &e) != CK_OK ||
            ck_xlsx_select(x, num, &e) != CK_OK)
            continue;
        const struct ck_row *row;
        long widest = 0;
        int rc = CK_OK;
        for (long k = 0; k < 100000; k++) {
            if ((rc = ck_xlsx_next(x, &row, &e)) != CK_OK || !row)
                break;
            for (size_t c = 0; c < row->n; c++)
                if (row->f[c][row->len[c]] != 0)
                    abort();
            if ((long)row->n > widest)
                widest = (long)row->n;
            if (row->n == 0 || row->len[row->n - 1] == 0)
                abort(); /* trailing empty cells are trimmed, empty rows skipped */
        }
        if (rc == CK_OK && widest > width)
            abort(); /* the open pass measured less than the rows hold */
    }
    (void)ck_xlsx_error_cells(x);
    ck_xlsx_close(x);
    return 0;
}
