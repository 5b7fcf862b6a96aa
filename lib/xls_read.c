/* xls_read.c — old Excel workbooks (.xls: BIFF8 of Excel 97-2003, BIFF5 of Excel 5.0/95) read
 * through libfreexl. The XLSX reader (xlsx_read.c) opens them when the file is an OLE2 compound
 * file holding a Workbook or Book stream and hands its sheet list, selection and rows here, so
 * every command sees the same rows, numbers and dates from either format.
 *
 * libfreexl reads the whole file into memory when it opens it (every sheet's cells), so the
 * file's size is capped (ck_xls_max_bytes, CUSTKIT_XLS_MAX_SIZE). It converts BIFF8's Unicode
 * strings and BIFF5's code page text (GBK from old Chinese Excel: code page 936) to UTF-8
 * itself, and gives dates, date-times and times as ISO text from the cells' formats. */
#include <errno.h>
#include <fcntl.h>
#include <freexl.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"
#include "xls_read.h"
#include "xlsx_internal.h"

size_t ck_xls_max_bytes = (size_t)256 << 20;

struct ck_xls {
    const void *h; /* libfreexl's workbook */
    char *path;    /* the name messages use */
    size_t nsheets;
    char **names;
    unsigned char *state, *kind; /* per sheet, from the BOUNDSHEET records when found */
    long sel;
    unsigned rows, next_row;
    unsigned short cols;
    int date1904; /* the workbook counts dates from 1904 */
    char *rb; /* the current row's values, end to end, each NUL-terminated */
    size_t rb_cap;
    size_t *off;
    char **of;
    size_t *olen;
    struct ck_row out;
};

/* What libfreexl's error codes mean, said for people. */
static const char *freexl_says(int rc)
{
    switch (rc) {
    case FREEXL_FILE_NOT_FOUND:
        return N_("cannot be opened");
    case FREEXL_INSUFFICIENT_MEMORY:
        return N_("out of memory (or a sheet declares more than 256 MB of cells)");
    case FREEXL_INVALID_CFBF_HEADER:
    case FREEXL_CFBF_INVALID_SIGNATURE:
    case FREEXL_CFBF_INVALID_SECTOR_SIZE:
        return N_("broken OLE2 header");
    case FREEXL_CFBF_READ_ERROR:
    case FREEXL_CFBF_SEEK_ERROR:
        return N_("truncated or unreadable OLE2 container");
    case FREEXL_CFBF_EMPTY_FAT_CHAIN:
    case FREEXL_CFBF_ILLEGAL_FAT_ENTRY:
    case FREEXL_CFBF_ILLEGAL_MINI_FAT_ENTRY:
    case FREEXL_INVALID_MINI_STREAM:
        return N_("broken sector chain in the OLE2 container");
    case FREEXL_BIFF_INVALID_BOF:
        return N_("no valid BIFF beginning-of-file record");
    case FREEXL_BIFF_INVALID_SST:
    case FREEXL_BIFF_ILLEGAL_SST_INDEX:
        return N_("broken shared-string table");
    case FREEXL_BIFF_WORKBOOK_NOT_FOUND:
        return N_("no Workbook stream");
    case FREEXL_INVALID_CHARACTER:
        return N_("text that is not valid in the workbook's code page");
    case FREEXL_UNSUPPORTED_CHARSET:
        return N_("a code page iconv does not know");
    case FREEXL_ILLEGAL_CELL_ROW_COL:
        return N_("a cell outside its sheet's declared dimensions");
    case FREEXL_ILLEGAL_RK_VALUE:
        return N_("a malformed number record");
    case FREEXL_CRAFTED_FILE:
        return N_("records crafted to be inconsistent");
    default:
        return N_("unreadable");
    }
}

static int damaged(const char *path, int rc, struct ck_error *e)
{
    if (rc == FREEXL_BIFF_WORKBOOK_NOT_FOUND)
        return ck_error_set(e, CK_EINPUT,
                            "%s: an OLE2 compound file without a Workbook stream: not an Excel "
                            "workbook, or a damaged one",
                            path);
    if (rc == FREEXL_INSUFFICIENT_MEMORY)
        return ck_error_set(e, CK_EINPUT, "%s: cannot read the .xls workbook: %s", path,
                            _(freexl_says(rc)));
    return ck_error_set(e, CK_EINPUT, "%s: damaged .xls workbook: %s (libfreexl error %d)", path,
                        _(freexl_says(rc)), rc);
}

/* The cap on the file's size: CUSTKIT_XLS_MAX_SIZE when set (bytes, or with a K, M or G
 * suffix: "512M"; 0 = no cap), else ck_xls_max_bytes. */
static int size_cap(size_t *cap, struct ck_error *e)
{
    const char *env = getenv("CUSTKIT_XLS_MAX_SIZE");
    *cap = ck_xls_max_bytes;
    if (!env || !*env)
        return CK_OK;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(env, &end, 10);
    int shift = 0;
    if (*end == 'K' || *end == 'k')
        shift = 10;
    else if (*end == 'M' || *end == 'm')
        shift = 20;
    else if (*end == 'G' || *end == 'g')
        shift = 30;
    if (shift)
        end++;
    if (*end || errno || end == env || env[0] == '-' || env[0] == '+' ||
        v > ((unsigned long long)SIZE_MAX >> shift))
        return ck_error_set(e, CK_EUSAGE,
                            "CUSTKIT_XLS_MAX_SIZE=%s: not a size (bytes, or a number with K, M "
                            "or G)",
                            env);
    *cap = (size_t)(v << shift);
    return CK_OK;
}

/* ---------- sheet visibility and kind ----------
 * libfreexl reads each sheet's BOUNDSHEET record (name, visibility, type) but tells only the
 * name. The records stand together in the workbook globals, one after another, in the order
 * libfreexl lists the sheets; they are found in the file as that run of records whose names
 * are the sheets' names, in order. Not found (a run cut by a sector boundary, a name that does
 * not decode): every sheet is taken for a visible worksheet, as before. */

#define BOUNDSHEET 0x0085

/* UTF-8 of code point c into out (>= 4 bytes); its length. */
static size_t put_utf8(unsigned long c, char *out)
{
    if (c < 0x80) {
        out[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        out[0] = (char)(0xC0 | c >> 6);
        out[1] = (char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        out[0] = (char)(0xE0 | c >> 12);
        out[1] = (char)(0x80 | (c >> 6 & 0x3F));
        out[2] = (char)(0x80 | (c & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | c >> 18);
    out[1] = (char)(0x80 | (c >> 12 & 0x3F));
    out[2] = (char)(0x80 | (c >> 6 & 0x3F));
    out[3] = (char)(0x80 | (c & 0x3F));
    return 4;
}

/* The name of the BOUNDSHEET record body b (len bytes) as UTF-8 into out (cap bytes); its
 * length, or (size_t)-1 when the body is not a well-formed record of that kind. BIFF8 names
 * are Latin-1 or UTF-16LE, BIFF5 ones in the workbook's code page (cd). */
static size_t sheet_record_name(const unsigned char *b, size_t len, int biff8, iconv_t cd,
                                char *out, size_t cap)
{
    if (len < 8 || (b[4] & 3) == 3 || (b[5] != 0 && b[5] != 1 && b[5] != 2 && b[5] != 6))
        return (size_t)-1;
    size_t cch = b[6], n = 0;
    if (!biff8) {
        if (len != 7 + cch || cd == (iconv_t)-1)
            return (size_t)-1;
        char *in = (char *)(uintptr_t)(b + 7), *o = out;
        size_t il = cch, ol = cap - 1;
        iconv(cd, NULL, NULL, NULL, NULL);
        if (iconv(cd, &in, &il, &o, &ol) == (size_t)-1)
            return (size_t)-1;
        return (size_t)(o - out);
    }
    int wide = b[7] & 1;
    if ((b[7] & ~1) || len != 8 + cch * (wide ? 2 : 1))
        return (size_t)-1;
    for (size_t i = 0; i < cch && n + 4 < cap; i++) {
        unsigned long c = wide ? (unsigned long)b[8 + 2 * i] | (unsigned long)b[9 + 2 * i] << 8
                               : b[8 + i];
        if (wide && c >= 0xD800 && c < 0xDC00 && i + 1 < cch) {
            unsigned long lo = (unsigned long)b[10 + 2 * i] | (unsigned long)b[11 + 2 * i] << 8;
            if (lo >= 0xDC00 && lo < 0xE000) {
                c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
                i++;
            }
        }
        n += put_utf8(c, out + n);
    }
    return n;
}

/* Do the records from p on name every sheet in order? Then keep their states and types. */
static int sheet_run_at(struct ck_xls *x, const unsigned char *p, const unsigned char *end,
                        int biff8, iconv_t cd)
{
    char name[1100];
    for (size_t i = 0; i < x->nsheets; i++) {
        if (end - p < 4 || p[0] != (BOUNDSHEET & 0xFF) || p[1] != BOUNDSHEET >> 8)
            return 0;
        size_t len = (size_t)p[2] | (size_t)p[3] << 8;
        if ((size_t)(end - p - 4) < len)
            return 0;
        size_t n = sheet_record_name(p + 4, len, biff8, cd, name, sizeof name);
        if (n == (size_t)-1 || n != strlen(x->names[i]) || memcmp(name, x->names[i], n) != 0)
            return 0;
        x->state[i] = p[8] & 3;
        x->kind[i] = p[9];
        p += 4 + len;
    }
    return 1;
}

static void find_sheet_records(struct ck_xls *x, const char *path)
{
    if (!x->nsheets || x->nsheets > 4096)
        return;
    unsigned int biff = 0, cp = 0;
    freexl_get_info(x->h, FREEXL_BIFF_VERSION, &biff);
    freexl_get_info(x->h, FREEXL_BIFF_CODEPAGE, &cp);
    if (biff != FREEXL_BIFF_VER_8 && biff != FREEXL_BIFF_VER_5)
        return;
    iconv_t cd = (iconv_t)-1;
    if (biff == FREEXL_BIFF_VER_5) {
        char from[16];
        snprintf(from, sizeof from, cp == FREEXL_BIFF_MACROMAN ? "MACINTOSH" : "CP%u", cp);
        cd = iconv_open("UTF-8", from);
    }
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    void *map = MAP_FAILED;
    if (fd >= 0 && fstat(fd, &st) == 0 && st.st_size > 0)
        map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (fd >= 0)
        close(fd);
    if (map != MAP_FAILED) {
        const unsigned char *b = map, *end = b + st.st_size;
        for (const unsigned char *p = b; p + 12 <= end; p++) {
            p = memchr(p, BOUNDSHEET & 0xFF, (size_t)(end - 12 - p) + 1);
            if (!p)
                break;
            if (p[1] == 0 && sheet_run_at(x, p, end, biff == FREEXL_BIFF_VER_8, cd))
                break;
            memset(x->state, 0, x->nsheets);
            memset(x->kind, 0, x->nsheets);
        }
        munmap(map, (size_t)st.st_size);
    }
    if (cd != (iconv_t)-1)
        iconv_close(cd);
}

int ck_xls_sheet_state(const struct ck_xls *x, size_t i)
{
    return i < x->nsheets ? x->state[i] : 0;
}

int ck_xls_sheet_kind(const struct ck_xls *x, size_t i)
{
    if (i >= x->nsheets)
        return CK_SHEET_WORKSHEET;
    switch (x->kind[i]) {
    case 1:
        return CK_SHEET_MACRO;
    case 2:
        return CK_SHEET_CHART;
    case 6:
        return CK_SHEET_MACRO; /* a Visual Basic module */
    default:
        return CK_SHEET_WORKSHEET;
    }
}

/* ---------- opening ---------- */

/* libfreexl finds the Workbook stream in the first sector of the OLE2 directory, converting
 * each entry's name with the length the entry gives (up to 65535 bytes) from a 4096-byte
 * buffer: a longer name than the 64-byte field is a read past that buffer. The sector it
 * reads is checked here first; 0 when an entry's name would run past its field. */
static int directory_names_fit(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 1; /* libfreexl says why it cannot read it */
    unsigned char h[512], d[4096];
    int fit = 1;
    if (fread(h, 1, sizeof h, f) == sizeof h) {
        unsigned shift = (unsigned)h[30] | (unsigned)h[31] << 8;
        unsigned long start = (unsigned long)h[48] | (unsigned long)h[49] << 8 |
                              (unsigned long)h[50] << 16 | (unsigned long)h[51] << 24;
        size_t size = shift == 12 ? 4096 : 512;
        /* libfreexl computes the offset in unsigned 32 bits, and so does this */
        unsigned long off = (unsigned long)(uint32_t)((start + 1) * size);
        if ((shift == 9 || shift == 12) && fseek(f, (long)off, SEEK_SET) == 0 &&
            fread(d, 1, size, f) == size)
            for (size_t i = 0; i < size / 128; i++) {
                const unsigned char *ent = d + 128 * i;
                if (((unsigned)ent[64] | (unsigned)ent[65] << 8) > 64)
                    fit = 0;
            }
    }
    fclose(f);
    return fit;
}

int ck_xls_open(struct ck_xls **xp, const char *path, const char *display, struct ck_error *e)
{
    *xp = NULL;
    const char *name = display ? display : path;
    size_t cap;
    int rc = size_cap(&cap, e);
    if (rc != CK_OK)
        return rc;
    struct stat st;
    if (stat(path, &st) != 0)
        return ck_error_set(e, CK_EINPUT, "%s: %s", name, _(strerror(errno)));
    if (cap && (unsigned long long)st.st_size > (unsigned long long)cap)
        return ck_error_set(e, CK_EINPUT,
                            "%s: .xls workbook of %lld bytes is larger than the limit of %zu "
                            "bytes (it is read whole into memory; CUSTKIT_XLS_MAX_SIZE raises "
                            "the limit, or convert it to XLSX)",
                            name, (long long)st.st_size, cap);
    struct ck_xls *x = calloc(1, sizeof *x);
    if (!x || !(x->path = strdup(name))) {
        free(x);
        return ck_error_set(e, CK_ENOMEM, "out of memory");
    }
    x->sel = -1;
    const void *info = NULL;
    unsigned int v = 0;
    if (!directory_names_fit(path)) {
        rc = ck_error_set(e, CK_EINPUT,
                          "%s: damaged .xls workbook: a directory entry's name is longer than its "
                          "64-byte field",
                          name);
        goto fail;
    }
    /* An encrypted workbook's records after FILEPASS are ciphertext, which libfreexl may read
     * as garbage or report as damage: either way its globals (read alone when the whole
     * failed) say whether it is protected. */
    int frc = freexl_open(path, &x->h), pw = 0;
    if (frc == FREEXL_OK)
        pw = freexl_get_info(x->h, FREEXL_BIFF_PASSWORD, &v) == FREEXL_OK &&
             v == FREEXL_BIFF_OBFUSCATED;
    else if (freexl_open_info(path, &info) == FREEXL_OK)
        pw = freexl_get_info(info, FREEXL_BIFF_PASSWORD, &v) == FREEXL_OK &&
             v == FREEXL_BIFF_OBFUSCATED;
    if (info)
        freexl_close(info);
    if (frc != FREEXL_OK)
        x->h = NULL;
    if (pw) {
        rc = ck_error_set(e, CK_EINPUT,
                          "%s: the .xls workbook is password protected; save it without a "
                          "password",
                          name);
        goto fail;
    }
    if (frc != FREEXL_OK) {
        rc = damaged(name, frc, e);
        goto fail;
    }
    if (freexl_get_info(x->h, FREEXL_BIFF_SHEET_COUNT, &v) != FREEXL_OK) {
        rc = damaged(name, FREEXL_BIFF_WORKBOOK_NOT_FOUND, e);
        goto fail;
    }
    if (v && (!(x->names = calloc(v, sizeof *x->names)) || !(x->state = calloc(v, 1)) ||
              !(x->kind = calloc(v, 1)))) {
        rc = ck_error_set(e, CK_ENOMEM, "out of memory");
        goto fail;
    }
    for (unsigned int i = 0; i < v; i++) {
        const char *nm = NULL;
        char num[24];
        if (freexl_get_worksheet_name(x->h, (unsigned short)i, &nm) != FREEXL_OK || !nm) {
            snprintf(num, sizeof num, "Sheet%u", i + 1);
            nm = num;
        }
        if (!(x->names[i] = strdup(nm))) {
            rc = ck_error_set(e, CK_ENOMEM, "out of memory");
            goto fail;
        }
        x->nsheets = i + 1;
    }
    find_sheet_records(x, path);
    x->date1904 = freexl_get_info(x->h, FREEXL_BIFF_DATEMODE, &v) == FREEXL_OK &&
                  v == FREEXL_BIFF_DATEMODE_1904;
    *xp = x;
    return CK_OK;
fail:
    ck_xls_close(x);
    return rc;
}

size_t ck_xls_sheet_count(const struct ck_xls *x)
{
    return x->nsheets;
}

const char *ck_xls_sheet_name(const struct ck_xls *x, size_t i)
{
    return i < x->nsheets ? x->names[i] : NULL;
}

int ck_xls_start(struct ck_xls *x, size_t i, struct ck_error *e)
{
    x->sel = -1;
    if (i >= x->nsheets)
        return ck_error_set(e, CK_EUSAGE, "%s: no sheet %zu", x->path, i + 1);
    int rc = freexl_select_active_worksheet(x->h, (unsigned short)i);
    if (rc == FREEXL_OK)
        rc = freexl_worksheet_dimensions(x->h, &x->rows, &x->cols);
    if (rc != FREEXL_OK)
        return damaged(x->path, rc, e);
    size_t n = x->cols ? x->cols : 1;
    free(x->off);
    free(x->of);
    free(x->olen);
    x->off = calloc(n, sizeof *x->off);
    x->of = calloc(n, sizeof *x->of);
    x->olen = calloc(n, sizeof *x->olen);
    if (!x->off || !x->of || !x->olen)
        return ck_error_set(e, CK_ENOMEM, "out of memory");
    x->sel = (long)i;
    x->next_row = 0;
    return CK_OK;
}

/* ---------- dates ----------
 * libfreexl gives a date cell as text, counting days from its epoch with every fourth year a
 * leap year: right up to 2100-02-28 (1900 itself, Excel's phantom 29 February, included), a
 * day ahead per skipped century leap day after (9999-12-31 comes out as 9999-11-01). The
 * text is turned back into the cell's serial by the same count, then written by the XLSX
 * reader's own date formatting, so both formats print dates alike. */

/* n digits at s as a number, or -1. */
static long digits(const char *s, int n)
{
    long v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

/* Days from 1 January of y0 to y-m-d in libfreexl's calendar (every fourth year leap). */
static long freexl_days(long y0, long y, long m, long d)
{
    static const int before[12] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
    long n = 365 * (y - y0) + ((y - 1) / 4 - (y0 - 1) / 4);
    return n + before[m - 1] + (m > 2 && y % 4 == 0) + (d - 1);
}

/* "YYYY-MM-DD" at t: the serial libfreexl counted it from, or -1 when t is not such a date. */
static long freexl_serial(const char *t, int date1904)
{
    long y = digits(t, 4), m = digits(t + 5, 2), d = digits(t + 8, 2);
    if (y < 1900 || t[4] != '-' || t[7] != '-' || m < 1 || m > 12 || d < 1 || d > 31)
        return -1;
    /* 1900: serial 1 is 1900-01-01; 1904: serial 1 is 1904-01-02 */
    return date1904 ? (y < 1904 ? -1 : freexl_days(1904, y, m, d))
                    : 1 + freexl_days(1900, y, m, d);
}

/* "HH:MM:SS" at t: seconds, or -1. (libfreexl writes 24:00:00 for a time that rounds up to
 * midnight; the serial then carries into the next day as in XLSX.) */
static long freexl_seconds(const char *t)
{
    long h = digits(t, 2), mi = digits(t + 3, 2), se = digits(t + 6, 2);
    if (h < 0 || h > 24 || t[2] != ':' || t[5] != ':' || mi < 0 || mi > 59 || se < 0 || se > 59)
        return -1;
    return h * 3600 + mi * 60 + se;
}

/* A DATE, DATETIME or TIME cell's text as the XLSX reader writes that serial, into buf (>= 40
 * bytes); 0 when libfreexl's text is not what it writes (then it is kept as it is). */
static size_t date_text(int type, const char *t, int date1904, char *buf)
{
    size_t n = strlen(t);
    long days = 0, secs = 0;
    int kind;
    if (type == FREEXL_CELL_DATE && n == 10) {
        kind = XLSX_DATE;
        days = freexl_serial(t, date1904);
    } else if (type == FREEXL_CELL_DATETIME && n == 19 && t[10] == ' ') {
        kind = XLSX_DATETIME;
        days = freexl_serial(t, date1904);
        secs = freexl_seconds(t + 11);
    } else if (type == FREEXL_CELL_TIME && n == 8) {
        kind = XLSX_TIME;
        secs = freexl_seconds(t);
    } else {
        return 0;
    }
    if (days < 0 || secs < 0)
        return 0;
    return xlsx_serial_format((double)days + (double)secs / 86400.0, kind, date1904, buf);
}

/* One cell's text into buf (>= 40 bytes) or *text (libfreexl's own string); its length. */
static size_t cell_text(const FreeXL_CellValue *cv, int date1904, char *buf, const char **text)
{
    *text = buf;
    switch (cv->type) {
    case FREEXL_CELL_INT:
        return (size_t)snprintf(buf, 40, "%d", cv->value.int_value);
    case FREEXL_CELL_DOUBLE:
        return ck_xlsx_number_text(cv->value.double_value, buf);
    case FREEXL_CELL_DATE:
    case FREEXL_CELL_DATETIME:
    case FREEXL_CELL_TIME: {
        if (!cv->value.text_value)
            return 0;
        size_t n = date_text(cv->type, cv->value.text_value, date1904, buf);
        if (n)
            return n;
        *text = cv->value.text_value;
        return strlen(*text);
    }
    case FREEXL_CELL_TEXT:
    case FREEXL_CELL_SST_TEXT:
        if (!cv->value.text_value)
            return 0;
        *text = cv->value.text_value;
        return strlen(*text);
    default:
        return 0;
    }
}

int ck_xls_next(struct ck_xls *x, const struct ck_row **row, struct ck_error *e)
{
    *row = NULL;
    if (x->sel < 0)
        return ck_error_set(e, CK_EUSAGE, "%s: no sheet selected", x->path);
    while (x->next_row < x->rows) {
        unsigned r = x->next_row++;
        size_t len = 0, w = 0;
        for (unsigned short c = 0; c < x->cols; c++) {
            FreeXL_CellValue cv;
            char buf[40];
            const char *t;
            int rc = freexl_get_cell_value(x->h, r, c, &cv);
            if (rc != FREEXL_OK)
                return damaged(x->path, rc, e);
            size_t n = cell_text(&cv, x->date1904, buf, &t);
            if (ck_grow((void **)&x->rb, &x->rb_cap, len + n + 1, 1))
                return ck_error_set(e, CK_ENOMEM, "out of memory");
            x->off[c] = len;
            x->olen[c] = n;
            memcpy(x->rb + len, t, n);
            x->rb[len + n] = 0;
            len += n + 1;
            if (n)
                w = (size_t)c + 1;
        }
        if (!w)
            continue; /* no value: not a row, as in XLSX */
        for (size_t c = 0; c < w; c++)
            x->of[c] = x->rb + x->off[c];
        x->out.f = x->of;
        x->out.len = x->olen;
        x->out.n = w;
        x->out.line = (long)r + 1;
        *row = &x->out;
        return CK_OK;
    }
    return CK_OK;
}

void ck_xls_close(struct ck_xls *x)
{
    if (!x)
        return;
    if (x->h)
        freexl_close(x->h);
    for (size_t i = 0; i < x->nsheets; i++)
        free(x->names[i]);
    free(x->names);
    free(x->state);
    free(x->kind);
    free(x->rb);
    free(x->off);
    free(x->of);
    free(x->olen);
    free(x->path);
    free(x);
}
