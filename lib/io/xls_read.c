/* xls_read.c — old Excel workbooks (.xls: BIFF8 of Excel 97-2003, BIFF5 of Excel 5.0/95) read
 * through libfreexl. The XLSX reader (xlsx_read.c) opens them when the file is an OLE2 compound
 * file holding a Workbook or Book stream and hands its sheet list, selection and rows here, so
 * every command sees the same rows, numbers and dates from either format.
 *
 * libfreexl reads the whole file into memory when it opens it (every sheet's cells), so the
 * file's size is capped (ck_xls_max_bytes, CUSTKIT_XLS_MAX_SIZE). It converts BIFF8's Unicode
 * strings and BIFF5's code page text (GBK from old Chinese Excel: code page 936) to UTF-8
 * itself, and gives dates, date-times and times as ISO text from the cells' formats.
 *
 * A BIFF8 workbook of more than 1,048,576 shared strings (a million rows) is one libfreexl
 * refuses: custkit reads it itself (xls_biff.c, serve_book below), to the same rows. */
#include <errno.h>
#include <fcntl.h>
#include <freexl.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#if defined(__SANITIZE_ADDRESS__)
#define XLS_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define XLS_ASAN 1
#endif
#endif
#ifdef XLS_ASAN
#include <sanitizer/common_interface_defs.h>
#endif

#include "base/i18n.h"
#include "io/xls_biff.h"
#include "io/xls_read.h"
#include "io/xlsx_internal.h"

size_t ck_xls_max_bytes = (size_t)256 << 20;

/* The reading end of the child that runs libfreexl (see "the reader process" below). */
struct ck_xls {
    char *path; /* the name messages use */
    size_t nsheets;
    char **names;
    unsigned char *state, *kind; /* per sheet, from the BOUNDSHEET records when found */
    long sel;
    int date1904; /* the workbook counts dates from 1904 */
    pid_t pid;    /* the reader process, 0 once reaped */
    int fd;       /* its socket, -1 when closed */
    int in_sheet; /* a sheet's rows are still coming */
    unsigned char ib[65536]; /* bytes read from the socket, not yet used */
    size_t ib_pos, ib_len;
    unsigned char *fb; /* the current frame's payload */
    size_t fb_cap;
    long last_row;
    long error_cells;          /* of the sheet read: error cells written empty */
    long unread;               /* formula cells not read (-1: the stream could not be walked) */
    long unread_row, unread_col; /* the first of them, 0-based (row -1: none) */
    char **of;
    size_t *olen;
    size_t ocap;
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
        n += ck_utf8_encode((long)c, out + n);
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

static void find_sheet_records(struct ck_xls *x, const char *path, unsigned biff, unsigned cp)
{
    if (!x->nsheets || x->nsheets > 4096)
        return;
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
        return xlsx_double_text(cv->value.double_value, buf);
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

/* ---------- the reader process ----------
 * libfreexl trusts lengths inside the file (see SECURITY.md): on a crafted .xls it reads past
 * its buffers. So it runs in a child process of its own, under an address-space limit, which
 * sends the sheet names and then, sheet by sheet as asked, each row's cell texts over a
 * socket. Nothing libfreexl does can then reach this process's memory: if the child dies (a
 * signal; under ASan, the sanitizer's exit) or sends anything but well-formed frames, the
 * workbook is damaged, exit 3.
 *
 * A frame is a type byte, a 4-byte length (host order: both ends are this program) and that
 * many bytes:
 *   'H' status, libfreexl's code, sheets, BIFF version, code page, date1904 (6 x int32)
 *   'N' a sheet's name (UTF-8), one per sheet after 'H'
 *   'R' a row: its 0-based number, its cell count n, then n times (length, text, NUL)
 *   'Z' the end of the sheet asked for: status (libfreexl's code, 0 = read to the end)
 * The parent asks for a sheet by sending its index (uint32). */

#define XLS_MAX_FRAME ((size_t)64 << 20) /* 256 columns of 32,767 characters fit */
#define XLS_MAX_NAME 4096
#define XLS_MAX_ROWS 1048576L
#define XLS_MAX_COLS 65536L

enum { XLS_OPEN_OK, XLS_OPEN_PASSWORD, XLS_OPEN_DAMAGED };

struct xls_out {
    int fd;
    unsigned char b[65536];
    size_t n;
};

static void out_flush(struct xls_out *o)
{
    size_t done = 0;
    while (done < o->n) {
        ssize_t w = write(o->fd, o->b + done, o->n - done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            _exit(0); /* the parent is gone */
        done += (size_t)w;
    }
    o->n = 0;
}

static void out_put(struct xls_out *o, const void *p, size_t n)
{
    const unsigned char *c = p;
    while (n) {
        if (o->n == sizeof o->b)
            out_flush(o);
        size_t k = sizeof o->b - o->n < n ? sizeof o->b - o->n : n;
        memcpy(o->b + o->n, c, k);
        o->n += k, c += k, n -= k;
    }
}

static void out_u32(struct xls_out *o, uint32_t v)
{
    out_put(o, &v, 4);
}

static void out_frame(struct xls_out *o, char type, size_t len)
{
    out_put(o, &type, 1);
    out_u32(o, (uint32_t)len);
}

/* Row r of n cells (txt[c], len[c] bytes) as an 'R' frame: the cells up to the last one with a
 * value, each a length, its bytes and a NUL. A row with no value is not sent (not a row, as in
 * XLSX); -1 when the frame would pass XLS_MAX_FRAME (a crafted file), nothing sent. */
static int send_row(struct xls_out *o, uint32_t r, const char *const *txt, const size_t *len,
                    size_t n)
{
    size_t w = 0, total = 8;
    for (size_t c = 0; c < n; c++)
        if (len[c])
            w = c + 1;
    if (!w)
        return 0;
    for (size_t c = 0; c < w; c++)
        total += 5 + len[c];
    if (total > XLS_MAX_FRAME)
        return -1;
    out_frame(o, 'R', total);
    out_u32(o, r);
    out_u32(o, (uint32_t)w);
    for (size_t c = 0; c < w; c++) {
        out_u32(o, (uint32_t)len[c]);
        out_put(o, txt[c], len[c]);
        out_put(o, "", 1);
    }
    return 0;
}

static int fcell_order(const void *a, const void *b)
{
    const struct xls_fcell *x = a, *y = b;
    if (x->row != y->row)
        return x->row < y->row ? -1 : 1;
    return (x->col > y->col) - (x->col < y->col);
}

/* The parent's next request: a sheet's index. The child ends when the parent is gone. */
static uint32_t next_request(int fd)
{
    uint32_t want;
    size_t got = 0;
    while (got < 4) {
        ssize_t r = read(fd, (char *)&want + got, 4 - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            _exit(0);
        got += (size_t)r;
    }
    return want;
}

/* The child serving a workbook libfreexl refused and custkit reads itself (xls_biff.c): each
 * sheet asked for, its cells sorted by row and column, sent as libfreexl's are. */
static void serve_book(struct xls_out *o, int fd, const struct xls_book *b)
{
    size_t *len = calloc(XLS_MAX_COLS, sizeof *len);
    const char **txt = calloc(XLS_MAX_COLS, sizeof *txt);
    char (*bufs)[40] = calloc(XLS_MAX_COLS, sizeof *bufs);
    if (!len || !txt || !bufs)
        _exit(2);
    for (;;) {
        uint32_t want = next_request(fd);
        struct xls_fcells fc;
        int32_t rc = FREEXL_OK, errors = 0;
        memset(&fc, 0, sizeof fc);
        fc.first_unread_row = -1;
        if (want >= xls_book_sheet_count(b))
            rc = FREEXL_BIFF_ILLEGAL_SHEET_INDEX;
        else if (xls_book_sheet_cells(b, want, &fc) != 0)
            rc = FREEXL_CRAFTED_FILE;
        size_t unsorted = 1; /* records come in row order: sorted only when they do not */
        while (unsorted < fc.n && fcell_order(&fc.c[unsorted - 1], &fc.c[unsorted]) < 0)
            unsorted++;
        if (rc == FREEXL_OK && unsorted < fc.n)
            qsort(fc.c, fc.n, sizeof *fc.c, fcell_order);
        for (size_t i = 0; rc == FREEXL_OK && i < fc.n;) {
            uint32_t r = fc.c[i].row;
            size_t j = i;
            for (; j < fc.n && fc.c[j].row == r; j++)
                ;
            for (size_t k = 0; k <= fc.c[j - 1].col; k++)
                len[k] = 0, txt[k] = "";
            for (size_t k = i; k < j; k++) {
                const struct xls_fcell *f = &fc.c[k];
                size_t c = f->col, l = 0;
                const char *t = bufs[c];
                switch (f->kind) {
                case XLS_F_CELL:
                case XLS_F_NUMBER:
                    /* by its format: a date, time or date-time as the XLSX reader writes it */
                    if (f->fmt != XLSX_NUMBER && f->fmt != XLS_FMT_UNKNOWN)
                        l = xlsx_serial_format(f->num, f->fmt, fc.date1904, bufs[c]);
                    if (!l)
                        l = xlsx_double_text(f->num, bufs[c]);
                    break;
                case XLS_F_BOOL:
                    t = f->num != 0 ? "TRUE" : "FALSE";
                    l = strlen(t);
                    break;
                case XLS_F_ERROR:
                    t = "";
                    errors++;
                    break;
                default:
                    t = f->text ? f->text : "";
                    l = f->tlen;
                    break;
                }
                if (l > XLS_MAX_FRAME / 4)
                    l = XLS_MAX_FRAME / 4; /* no cell is this long: cut, never sent whole */
                txt[c] = t;
                len[c] = l;
            }
            i = j;
            if (send_row(o, r, txt, len, (size_t)fc.c[j - 1].col + 1) != 0) {
                rc = FREEXL_CRAFTED_FILE;
                break;
            }
        }
        int32_t z[5] = {rc, errors, (int32_t)fc.unread, (int32_t)fc.first_unread_row,
                        (int32_t)fc.first_unread_col};
        xls_fcells_free(&fc);
        out_frame(o, 'Z', sizeof z);
        out_put(o, z, sizeof z);
        out_flush(o);
    }
}

/* libfreexl gives up on a shared-string table of more than 1,048,576 strings (a workbook of a
 * million rows has them), or on cells as many as a sheet's DIMENSION declares that it cannot
 * allocate, yet returns FREEXL_OK with no handle: custkit reads such a BIFF8 workbook itself. The book read from path, or NULL when it is not one custkit can read. The
 * file stays mapped for the child's life: the book reads its stream there. */
static struct xls_book *own_book(const char *path)
{
    struct xls_book *b = NULL;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0)
        return NULL;
    if (fstat(fd, &st) == 0 && st.st_size > 0) {
        void *m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (m != MAP_FAILED) {
            if (xls_book_open(m, (size_t)st.st_size, &b) != 0) {
                b = NULL;
                munmap(m, (size_t)st.st_size);
            }
        }
    }
    close(fd);
    return b;
}

/* The child: open the workbook, say how that went, then serve sheets until the parent closes
 * the socket. It never returns. */
static void reader_child(int fd, const char *path, size_t cap)
{
    static struct xls_out o;
    o.fd = fd;
#ifdef __linux__
    prctl(PR_SET_PDEATHSIG, SIGKILL);
#endif
    /* its faults are reported by the parent; libfreexl prints nothing of its own */
    int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (null >= 0)
        dup2(null, 2);
#ifdef XLS_ASAN
    /* a fault of libfreexl ends this process with ASan's exit status (1), which the parent
     * reports; a fuzzer's handler, inherited, must not take it for its own finding */
    __sanitizer_set_death_callback(NULL);
#endif
#ifndef XLS_ASAN
    /* libfreexl holds the file and every cell of a sheet: the address space in use now, plus
     * twice the size cap and 256 MB, is all it may have (not under ASan, whose shadow memory
     * needs terabytes of address space) */
    if (cap) {
        FILE *sm = fopen("/proc/self/statm", "r");
        unsigned long pages = 0;
        char line[128];
        if (sm) {
            if (fgets(line, sizeof line, sm))
                pages = strtoul(line, NULL, 10);
            fclose(sm);
        }
        struct rlimit rl;
        rlim_t want = (rlim_t)pages * (rlim_t)sysconf(_SC_PAGESIZE) + 2 * (rlim_t)cap +
                      ((rlim_t)256 << 20);
        if (getrlimit(RLIMIT_AS, &rl) == 0 && (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur > want)) {
            rl.rlim_cur = want;
            setrlimit(RLIMIT_AS, &rl);
        }
    }
#else
    (void)cap;
#endif
    const void *h = NULL, *info = NULL;
    unsigned int v = 0, biff = 0, cp = 0, nsheets = 0;
    int32_t hd[6] = {XLS_OPEN_OK, 0, 0, 0, 0, 0};
    /* An encrypted workbook's records after FILEPASS are ciphertext, which libfreexl may read
     * as garbage or report as damage: either way its globals (read alone when the whole
     * failed) say whether it is protected. */
    int frc = freexl_open(path, &h), pw = 0;
    struct xls_book *book = NULL;
    if (frc == FREEXL_OK && !h && (book = own_book(path)) != NULL) {
        pw = xls_book_password(book);
        nsheets = (unsigned)xls_book_sheet_count(book);
        if (nsheets > 65535)
            frc = FREEXL_CRAFTED_FILE;
    } else if (frc == FREEXL_OK)
        pw = freexl_get_info(h, FREEXL_BIFF_PASSWORD, &v) == FREEXL_OK && v == FREEXL_BIFF_OBFUSCATED;
    else if (freexl_open_info(path, &info) == FREEXL_OK)
        pw = freexl_get_info(info, FREEXL_BIFF_PASSWORD, &v) == FREEXL_OK &&
             v == FREEXL_BIFF_OBFUSCATED;
    if (frc == FREEXL_OK && !pw && !book &&
        freexl_get_info(h, FREEXL_BIFF_SHEET_COUNT, &nsheets) != FREEXL_OK)
        frc = FREEXL_BIFF_WORKBOOK_NOT_FOUND;
    hd[0] = pw ? XLS_OPEN_PASSWORD : frc != FREEXL_OK ? XLS_OPEN_DAMAGED : XLS_OPEN_OK;
    hd[1] = frc;
    if (hd[0] == XLS_OPEN_OK && book) {
        hd[2] = (int32_t)nsheets;
        hd[3] = FREEXL_BIFF_VER_8;
        hd[4] = FREEXL_BIFF_UTF16LE;
        hd[5] = xls_book_date1904(book);
    } else if (hd[0] == XLS_OPEN_OK) {
        freexl_get_info(h, FREEXL_BIFF_VERSION, &biff);
        freexl_get_info(h, FREEXL_BIFF_CODEPAGE, &cp);
        hd[2] = (int32_t)nsheets;
        hd[3] = (int32_t)biff;
        hd[4] = (int32_t)cp;
        hd[5] = freexl_get_info(h, FREEXL_BIFF_DATEMODE, &v) == FREEXL_OK &&
                v == FREEXL_BIFF_DATEMODE_1904;
    }
    out_frame(&o, 'H', sizeof hd);
    out_put(&o, hd, sizeof hd);
    for (unsigned int i = 0; hd[0] == XLS_OPEN_OK && i < nsheets; i++) {
        const char *nm = NULL;
        char num[24];
        if (book)
            nm = xls_book_sheet_name(book, i);
        else if (freexl_get_worksheet_name(h, (unsigned short)i, &nm) != FREEXL_OK)
            nm = NULL;
        if (!nm) {
            snprintf(num, sizeof num, "Sheet%u", i + 1);
            nm = num;
        }
        size_t n = strnlen(nm, XLS_MAX_NAME);
        out_frame(&o, 'N', n);
        out_put(&o, nm, n);
    }
    out_flush(&o);
    if (hd[0] != XLS_OPEN_OK)
        _exit(0);
    if (book)
        serve_book(&o, fd, book); /* it never returns */
    size_t *len = NULL;
    const char **txt = NULL;
    char (*bufs)[40] = NULL;
    /* the file's bytes, for the formula results libfreexl does not read (xls_biff.c) */
    const unsigned char *file = NULL;
    size_t file_n = 0;
    int ffd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat fst;
    if (ffd >= 0 && fstat(ffd, &fst) == 0 && fst.st_size > 0) {
        void *m = mmap(NULL, (size_t)fst.st_size, PROT_READ, MAP_PRIVATE, ffd, 0);
        if (m != MAP_FAILED) {
            file = m;
            file_n = (size_t)fst.st_size;
        }
    }
    if (ffd >= 0)
        close(ffd);
    for (;;) {
        uint32_t want = next_request(fd);
        unsigned rows = 0;
        unsigned short cols = 0;
        int rc = freexl_select_active_worksheet(h, (unsigned short)want);
        if (rc == FREEXL_OK)
            rc = freexl_worksheet_dimensions(h, &rows, &cols);
        free(len);
        free(txt);
        free(bufs);
        len = calloc(cols ? cols : 1, sizeof *len);
        txt = calloc(cols ? cols : 1, sizeof *txt);
        bufs = calloc(cols ? cols : 1, sizeof *bufs);
        if (!len || !txt || !bufs)
            _exit(2);
        struct xls_fcells fc;
        int32_t errors = 0, unread;
        memset(&fc, 0, sizeof fc);
        int walked = -1;
        if (rc == FREEXL_OK && file) {
            walked = xls_biff_sheet_cells(file, file_n, want, &fc);
            if (walked != 0) /* what it read before the damage is not trusted */
                xls_fcells_free(&fc);
        }
        unread = walked != 0 ? -1 : (int32_t)fc.unread;
        if (fc.n > 1)
            qsort(fc.c, fc.n, sizeof *fc.c, fcell_order);
        size_t fi = 0;
        for (unsigned r = 0; rc == FREEXL_OK && r < rows; r++) {
            for (unsigned short c = 0; c < cols; c++) {
                FreeXL_CellValue cv;
                rc = freexl_get_cell_value(h, r, c, &cv);
                if (rc != FREEXL_OK)
                    break;
                len[c] = cell_text(&cv, hd[5], bufs[c], &txt[c]);
                if (len[c] > XLS_MAX_FRAME / 4)
                    len[c] = XLS_MAX_FRAME / 4; /* no cell is this long: cut, never sent whole */
            }
            if (rc != FREEXL_OK)
                break;
            /* formula results and BOOLERR cells of this row, in place of libfreexl's */
            while (fi < fc.n && fc.c[fi].row < r)
                fi++;
            for (; fi < fc.n && fc.c[fi].row == r; fi++) {
                const struct xls_fcell *f = &fc.c[fi];
                if (f->col >= cols)
                    continue;
                switch (f->kind) {
                case XLS_F_CELL: {
                    /* a number cell libfreexl read: shown by its own XF's format, as the XLSX
                     * reader shows it; the number is libfreexl's, or for the cells it gave as
                     * date text (to the second), the record's own. A format not known
                     * here leaves libfreexl's own reading. */
                    FreeXL_CellValue cv;
                    if (f->fmt == XLS_FMT_UNKNOWN ||
                        freexl_get_cell_value(h, r, f->col, &cv) != FREEXL_OK)
                        break;
                    double x;
                    if (cv.type == FREEXL_CELL_INT)
                        x = cv.value.int_value;
                    else if (cv.type == FREEXL_CELL_DOUBLE)
                        x = cv.value.double_value;
                    else if (cv.type == FREEXL_CELL_DATE || cv.type == FREEXL_CELL_DATETIME ||
                             cv.type == FREEXL_CELL_TIME)
                        x = f->num;
                    else
                        break;
                    len[f->col] = 0;
                    if (f->fmt != XLSX_NUMBER)
                        len[f->col] = xlsx_serial_format(x, f->fmt, fc.date1904, bufs[f->col]);
                    if (!len[f->col])
                        len[f->col] = xlsx_double_text(x, bufs[f->col]);
                    txt[f->col] = bufs[f->col];
                    break;
                }
                case XLS_F_NUMBER:
                    /* a date, time or date-time by its format: as the XLSX reader writes it */
                    len[f->col] = 0;
                    if (f->fmt != XLSX_NUMBER)
                        len[f->col] = xlsx_serial_format(f->num, f->fmt, fc.date1904, bufs[f->col]);
                    if (!len[f->col])
                        len[f->col] = xlsx_double_text(f->num, bufs[f->col]);
                    txt[f->col] = bufs[f->col];
                    break;
                case XLS_F_BOOL:
                    txt[f->col] = f->num != 0 ? "TRUE" : "FALSE";
                    len[f->col] = strlen(txt[f->col]);
                    break;
                case XLS_F_ERROR:
                    txt[f->col] = "";
                    len[f->col] = 0;
                    errors++;
                    break;
                default:
                    txt[f->col] = f->text ? f->text : "";
                    len[f->col] = f->tlen;
                    break;
                }
            }
            if (send_row(&o, r, txt, len, cols) != 0) {
                rc = FREEXL_CRAFTED_FILE;
                break;
            }
        }
        int32_t z[5] = {rc, errors, unread, (int32_t)fc.first_unread_row,
                        (int32_t)fc.first_unread_col};
        if (walked != 0)
            z[3] = -1;
        xls_fcells_free(&fc);
        out_frame(&o, 'Z', sizeof z);
        out_put(&o, z, sizeof z);
        out_flush(&o);
    }
}

/* Fill x->ib from the socket; 0 at its end. */
static int in_fill(struct ck_xls *x)
{
    for (;;) {
        ssize_t r = read(x->fd, x->ib, sizeof x->ib);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return 0;
        x->ib_pos = 0;
        x->ib_len = (size_t)r;
        return 1;
    }
}

static int in_get(struct ck_xls *x, void *p, size_t n)
{
    unsigned char *d = p;
    while (n) {
        if (x->ib_pos == x->ib_len && !in_fill(x))
            return 0;
        size_t k = x->ib_len - x->ib_pos < n ? x->ib_len - x->ib_pos : n;
        memcpy(d, x->ib + x->ib_pos, k);
        x->ib_pos += k, d += k, n -= k;
    }
    return 1;
}

/* The child stopped or sent nonsense: end it, and say so as the file's damage. */
static int reader_stopped(struct ck_xls *x, struct ck_error *e)
{
    int st = 0;
    pid_t pid = x->pid;
    if (x->fd >= 0)
        close(x->fd);
    x->fd = -1;
    x->in_sheet = 0;
    x->pid = 0;
    if (pid > 0) {
        /* a child that sent garbage may still run: it has nothing more to say */
        pid_t w;
        int tries = 0;
        while ((w = waitpid(pid, &st, WNOHANG)) == 0 && tries++ < 50)
            usleep(2000);
        if (w == 0) {
            kill(pid, SIGKILL);
            while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
                ;
            return ck_error_set(e, CK_EINPUT,
                                "%s: damaged .xls (the .xls reader stopped: it sent malformed "
                                "data)",
                                x->path);
        }
        if (w == pid && WIFSIGNALED(st))
            return ck_error_set(e, CK_EINPUT, "%s: damaged .xls (the .xls reader stopped: %s)",
                                x->path, strsignal(WTERMSIG(st)));
        if (w == pid && WIFEXITED(st) && WEXITSTATUS(st) != 0)
            return ck_error_set(e, CK_EINPUT,
                                "%s: damaged .xls (the .xls reader stopped: exit status %d)",
                                x->path, WEXITSTATUS(st));
    }
    return ck_error_set(e, CK_EINPUT,
                        "%s: damaged .xls (the .xls reader stopped: it sent malformed data)",
                        x->path);
}

/* The next frame: its type, its payload in x->fb (*len bytes). 0: the child stopped or sent
 * a frame too long or of an unknown type. */
static int frame_next(struct ck_xls *x, char *type, size_t *len)
{
    unsigned char t;
    uint32_t n;
    if (!in_get(x, &t, 1) || !in_get(x, &n, 4) || n > XLS_MAX_FRAME)
        return 0;
    if (t != 'H' && t != 'N' && t != 'R' && t != 'Z')
        return 0;
    if (ck_grow((void **)&x->fb, &x->fb_cap, (size_t)n + 1, 1))
        return 0;
    if (!in_get(x, x->fb, n))
        return 0;
    x->fb[n] = 0;
    *type = (char)t;
    *len = n;
    return 1;
}

static int32_t get_i32(const unsigned char *p)
{
    int32_t v;
    memcpy(&v, p, 4);
    return v;
}

/* Read the reader's opening frames from fd: the status, then the sheet names. path: the
 * file, for the sheets' visibility (NULL: not looked up). */
static int reader_open(struct ck_xls *x, int fd, const char *path, struct ck_error *e)
{
    x->fd = fd;
    char t;
    size_t len;
    if (!frame_next(x, &t, &len) || t != 'H' || len != 24)
        return reader_stopped(x, e);
    int32_t status = get_i32(x->fb), frc = get_i32(x->fb + 4), n = get_i32(x->fb + 8);
    unsigned biff = (unsigned)get_i32(x->fb + 12), cp = (unsigned)get_i32(x->fb + 16);
    x->date1904 = get_i32(x->fb + 20) != 0;
    if (status == XLS_OPEN_PASSWORD)
        return ck_error_set(e, CK_EINPUT,
                            "%s: the .xls workbook is password protected; save it without a "
                            "password",
                            x->path);
    if (status == XLS_OPEN_DAMAGED)
        return damaged(x->path, frc, e);
    if (status != XLS_OPEN_OK || n < 0 || n > 65535)
        return reader_stopped(x, e);
    if (n && (!(x->names = calloc((size_t)n, sizeof *x->names)) ||
              !(x->state = calloc((size_t)n, 1)) || !(x->kind = calloc((size_t)n, 1))))
        return ck_error_set(e, CK_ENOMEM, "out of memory");
    for (int32_t i = 0; i < n; i++) {
        if (!frame_next(x, &t, &len) || t != 'N' || len > XLS_MAX_NAME)
            return reader_stopped(x, e);
        if (!(x->names[i] = strdup((char *)x->fb)))
            return ck_error_set(e, CK_ENOMEM, "out of memory");
        x->nsheets = (size_t)i + 1;
    }
    if (path)
        find_sheet_records(x, path, biff, cp);
    return CK_OK;
}

int ck_xls_open_stream(struct ck_xls **xp, int fd, pid_t pid, const char *display,
                       struct ck_error *e)
{
    *xp = NULL;
    struct ck_xls *x = calloc(1, sizeof *x);
    if (!x || !(x->path = strdup(display))) {
        free(x);
        close(fd);
        return ck_error_set(e, CK_ENOMEM, "out of memory");
    }
    x->sel = -1;
    x->pid = pid;
    int rc = reader_open(x, fd, NULL, e);
    if (rc != CK_OK) {
        ck_xls_close(x);
        return rc;
    }
    *xp = x;
    return CK_OK;
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
    x->fd = -1;
    if (!directory_names_fit(path)) {
        rc = ck_error_set(e, CK_EINPUT,
                          "%s: damaged .xls workbook: a directory entry's name is longer than its "
                          "64-byte field",
                          name);
        goto fail;
    }
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
        rc = ck_error_set(e, CK_EINPUT, "%s: %s", name, _(strerror(errno)));
        goto fail;
    }
    fflush(NULL); /* the child leaves by _exit, but nothing buffered is written twice */
    x->pid = fork();
    if (x->pid == 0) {
        close(sv[0]);
        reader_child(sv[1], path, cap);
    }
    close(sv[1]);
    if (x->pid < 0) {
        x->pid = 0;
        close(sv[0]);
        rc = ck_error_set(e, CK_EINPUT, "%s: %s", name, _(strerror(errno)));
        goto fail;
    }
    rc = reader_open(x, sv[0], path, e);
    if (rc != CK_OK)
        goto fail;
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
    if (x->fd < 0)
        return reader_stopped(x, e);
    char t;
    size_t len;
    while (x->in_sheet) { /* the rest of the sheet read before */
        if (!frame_next(x, &t, &len) || (t != 'R' && t != 'Z'))
            return reader_stopped(x, e);
        if (t == 'Z')
            x->in_sheet = 0;
    }
    uint32_t want = (uint32_t)i;
    ssize_t w;
    while ((w = send(x->fd, &want, 4, MSG_NOSIGNAL)) < 0 && errno == EINTR)
        ;
    if (w != 4)
        return reader_stopped(x, e);
    x->in_sheet = 1;
    x->last_row = -1;
    x->error_cells = x->unread = 0;
    x->unread_row = -1;
    x->sel = (long)i;
    return CK_OK;
}

int ck_xls_next(struct ck_xls *x, const struct ck_row **row, struct ck_error *e)
{
    *row = NULL;
    if (x->sel < 0)
        return ck_error_set(e, CK_EUSAGE, "%s: no sheet selected", x->path);
    if (!x->in_sheet)
        return CK_OK;
    char t;
    size_t len;
    if (!frame_next(x, &t, &len))
        return reader_stopped(x, e);
    if (t == 'Z') {
        x->in_sheet = 0;
        if (len != 20)
            return reader_stopped(x, e);
        int32_t rc = get_i32(x->fb);
        x->error_cells = get_i32(x->fb + 4);
        x->unread = get_i32(x->fb + 8);
        x->unread_row = get_i32(x->fb + 12);
        x->unread_col = get_i32(x->fb + 16);
        if (x->error_cells < 0 || x->unread < -1 || x->unread_row < -1 || x->unread_col < 0 ||
            x->unread_col >= XLS_MAX_COLS)
            return reader_stopped(x, e);
        return rc == FREEXL_OK ? CK_OK : damaged(x->path, rc, e);
    }
    if (t != 'R' || len < 8)
        return reader_stopped(x, e);
    /* every length and index checked against the frame: the child is not trusted */
    uint32_t r, n;
    memcpy(&r, x->fb, 4);
    memcpy(&n, x->fb + 4, 4);
    if ((long)r <= x->last_row || r >= XLS_MAX_ROWS || n == 0 || n > XLS_MAX_COLS ||
        n > (len - 8) / 5)
        return reader_stopped(x, e);
    if (n > x->ocap) {
        char **of = realloc(x->of, n * sizeof *of);
        if (of)
            x->of = of;
        size_t *ol = of ? realloc(x->olen, n * sizeof *ol) : NULL;
        if (ol)
            x->olen = ol;
        if (!of || !ol)
            return ck_error_set(e, CK_ENOMEM, "out of memory");
        x->ocap = n;
    }
    size_t pos = 8;
    for (uint32_t c = 0; c < n; c++) {
        uint32_t l;
        if (len - pos < 5)
            return reader_stopped(x, e);
        memcpy(&l, x->fb + pos, 4);
        pos += 4;
        if (l > len - pos - 1 || x->fb[pos + l] != 0)
            return reader_stopped(x, e);
        x->of[c] = (char *)x->fb + pos;
        x->olen[c] = l;
        pos += (size_t)l + 1;
    }
    if (pos != len)
        return reader_stopped(x, e);
    x->last_row = (long)r;
    x->out.f = x->of;
    x->out.len = x->olen;
    x->out.n = n;
    x->out.line = (long)r + 1;
    *row = &x->out;
    return CK_OK;
}

void ck_xls_close(struct ck_xls *x)
{
    if (!x)
        return;
    if (x->fd >= 0)
        close(x->fd);
    if (x->pid > 0) {
        /* it waits for a request or writes into a closed socket: either way, it is done */
        kill(x->pid, SIGKILL);
        while (waitpid(x->pid, NULL, 0) < 0 && errno == EINTR)
            ;
    }
    for (size_t i = 0; i < x->nsheets; i++)
        free(x->names[i]);
    free(x->names);
    free(x->state);
    free(x->kind);
    free(x->fb);
    free(x->of);
    free(x->olen);
    free(x->path);
    free(x);
}

long ck_xls_error_cells(const struct ck_xls *x)
{
    return x->error_cells;
}

long ck_xls_formulas_unread(const struct ck_xls *x, long *row, long *col)
{
    *row = x->unread_row;
    *col = x->unread_col;
    return x->unread;
}
