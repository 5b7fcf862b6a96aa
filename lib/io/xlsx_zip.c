/* xlsx_zip.c — the workbook container: zip entries streamed with limits against zip bombs, and
 * recognising files that are not XLSX (ODS, OLE2). Their XML is parsed by xlsx_xml.c. */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/i18n.h"
#include "io/sniff.h"
#include "io/xls_read.h"
#include "io/xlsx_internal.h"

struct ck_xlsx_limits ck_xlsx_limits = {
    .max_total = (uint64_t)4 << 30,
    .total_ratio = 100,
    .ratio_grace = (uint64_t)4 << 20,
    .max_ratio = 100,
    .max_cell = (size_t)16 << 20,
    .max_row = (size_t)256 << 20,
    .max_strings = (size_t)64 << 20,
    .max_styles = (size_t)1 << 20,
    .max_sheets = 65536,
};

/* ---------- what a non-XLSX file is ---------- */

/* Streams of an OLE2 compound file that tell what it holds, in order of precedence. */
static const struct {
    const char *stream;
    const char *what;
    int convert; /* 1: suggest converting with LibreOffice */
} ole_kinds[] = {
    {"EncryptedPackage",
     "is an encrypted (password protected) workbook; give its password with --password-file FILE",
     0},
    {"Workbook", "is an old Excel 97-2003 workbook (.xls), not XLSX", 1},
    {"Book", "is an old Excel 5.0/95 workbook (.xls), not XLSX", 1},
    {"WordDocument", "is a Word document, not a spreadsheet", 0},
    {"PowerPoint Document", "is a PowerPoint presentation, not a spreadsheet", 0},
};

/* Does the 128-byte directory entry d name the stream `name` (UTF-16LE, NUL included)? */
static int ole_entry_is(const unsigned char *d, const char *name)
{
    size_t n = strlen(name);
    unsigned len = (unsigned)d[64] | (unsigned)d[65] << 8;
    if (len != 2 * (n + 1) || d[66] != 2) /* type 2 = stream */
        return 0;
    for (size_t i = 0; i < n; i++)
        if (d[2 * i] != (unsigned char)name[i] || d[2 * i + 1] != 0)
            return 0;
    return d[2 * n] == 0 && d[2 * n + 1] == 0;
}

/* Which of ole_kinds the file at f holds first (nkinds: none); *is_ole says whether it is an
 * OLE2 compound file at all. */
static size_t ole_kind(FILE *f, int *is_ole)
{
    /* Directory entries sit at multiples of 128 bytes (sectors are 512 or 4096 bytes after a
     * header of the same size), so scanning aligned records finds them without trusting the
     * file's sector chains: bounded work on any input. */
    unsigned char buf[128 * 64];
    size_t n, nkinds = sizeof ole_kinds / sizeof ole_kinds[0], found = nkinds;
    int first = 1;
    *is_ole = 0;
    while (found > 0 && (n = fread(buf, 1, sizeof buf, f)) > 0) {
        if (first) {
            *is_ole = n >= 512 && ck_container_of(buf, n) == CK_CONTAINER_OLE;
            first = 0;
            if (!*is_ole)
                break;
        }
        for (size_t off = 0; off + 128 <= n; off += 128)
            for (size_t k = 0; k < found; k++)
                if (ole_entry_is(buf + off, ole_kinds[k].stream)) {
                    found = k;
                    break;
                }
    }
    return found;
}

int ck_ole_is_workbook(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    int is_ole;
    size_t k = ole_kind(f, &is_ole);
    fclose(f);
    if (!is_ole)
        return 0;
    /* no stream named at all: a directory cut off or damaged, perhaps a workbook's, which
     * libfreexl will say more about */
    return k == sizeof ole_kinds / sizeof ole_kinds[0] || strcmp(ole_kinds[k].stream, "Workbook") == 0 ||
           strcmp(ole_kinds[k].stream, "Book") == 0;
}

int ck_ole_explain(const char *path, const char *display, struct ck_error *e)
{
    if (!path)
        return ck_error_set(e, CK_EINPUT, "%s: not an OLE2 compound file", display ? display : "?");
    const char *name = display ? display : path;
    FILE *f = fopen(path, "rb");
    if (!f)
        return ck_error_set(e, CK_EINPUT, "%s: %s", name, _(strerror(errno)));
    int is_ole;
    size_t nkinds = sizeof ole_kinds / sizeof ole_kinds[0], found = ole_kind(f, &is_ole);
    int rd_err = ferror(f);
    fclose(f);
    if (rd_err)
        return ck_error_set(e, CK_EINPUT, "%s: read error", name);
    if (!is_ole)
        return ck_error_set(e, CK_EINPUT, "%s: not an OLE2 compound file", name);
    const char *hint = name[0] == '<' ? "FILE" : name;
    if (found == nkinds)
        return ck_error_set(e, CK_EINPUT,
                            "%s: is an OLE2 compound file (old Microsoft Office format), not "
                            "XLSX; convert it with: libreoffice --headless --convert-to xlsx %s",
                            name, hint);
    if (ole_kinds[found].convert)
        return ck_error_set(e, CK_EINPUT,
                            "%s: %s; convert it with: libreoffice --headless --convert-to xlsx %s",
                            name, ole_kinds[found].what, hint);
    return ck_error_set(e, CK_EINPUT, "%s: %s", name, ole_kinds[found].what);
}

int ck_ole_is_encrypted(const char *path)
{
    struct ck_error e;
    return ck_ole_explain(path, path, &e) == CK_EINPUT && strstr(e.msg, ole_kinds[0].what);
}

/* A zip that is not a workbook: say what it is from its mimetype entry (OpenDocument) or its
 * content types (other Office Open XML documents). */
static const struct {
    const char *marker;
    const char *what;
} zip_kinds[] = {
    {"application/vnd.oasis.opendocument.",
     N_("is an OpenDocument file (not a spreadsheet), not XLSX")},
    {"wordprocessingml", N_("is a Word document (DOCX), not a spreadsheet")},
    {"presentationml", N_("is a PowerPoint presentation (PPTX), not a spreadsheet")},
};

static size_t read_small_entry(struct xlsx_zip *z, const char *name, char *buf, size_t cap)
{
    size_t n = 0;
    if (!xlsx_zip_find(z, name, NULL, 0) || unzOpenCurrentFile(z->uf) != UNZ_OK)
        return 0;
    int r;
    while (n + 1 < cap && (r = unzReadCurrentFile(z->uf, buf + n, (unsigned)(cap - 1 - n))) > 0)
        n += (size_t)r;
    unzCloseCurrentFile(z->uf);
    buf[n] = 0;
    return n;
}

int ods_detect(struct xlsx_zip *z)
{
    static const char mime[] = "application/vnd.oasis.opendocument.spreadsheet";
    char buf[128];
    size_t n = read_small_entry(z, "mimetype", buf, sizeof buf);
    while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r' || buf[n - 1] == ' '))
        buf[--n] = 0;
    return n >= sizeof mime - 1 && memcmp(buf, mime, sizeof mime - 1) == 0 &&
           (buf[sizeof mime - 1] == 0 || strcmp(buf + sizeof mime - 1, "-template") == 0);
}

int xlsx_zip_not_workbook(struct xlsx_zip *z, struct ck_error *e)
{
    char buf[4096];
    const char *sources[] = {"mimetype", "[Content_Types].xml"};
    for (size_t s = 0; s < 2; s++) {
        if (!read_small_entry(z, sources[s], buf, sizeof buf))
            continue;
        for (size_t k = 0; k < sizeof zip_kinds / sizeof zip_kinds[0]; k++)
            if (strstr(buf, zip_kinds[k].marker)) {
                return ck_error_set(e, CK_EINPUT, "%s: %s", z->path, _(zip_kinds[k].what));
            }
    }
    return ck_error_set(e, CK_EINPUT, "%s: a zip file but not an XLSX workbook (no workbook part)",
                        z->path);
}

/* ---------- the zip container ---------- */

/* A large honest workbook inflates to some times its size (custkit's own reports about 8), so a
 * fixed total would refuse one beyond a certain size; a zip bomb inflates to far more than its
 * size. Each part is held to max_ratio on its own; the total catches what that check lets
 * through: many small parts within the grace, entries sharing their compressed data, and parts
 * read again and again. */
uint64_t xlsx_zip_limit(uint64_t size)
{
    const struct ck_xlsx_limits *l = &ck_xlsx_limits;
    uint64_t rel = l->total_ratio && size > UINT64_MAX / l->total_ratio ? UINT64_MAX
                                                                         : size * l->total_ratio;
    return rel > l->max_total ? rel : l->max_total;
}

int xlsx_zip_open(struct xlsx_zip *z, const char *path, const char *display, struct ck_error *e)
{
    memset(z, 0, sizeof *z);
    z->path = display;
    FILE *f = fopen(path, "rb");
    if (!f)
        return ck_error_set(e, CK_EINPUT, "%s: %s", display, _(strerror(errno)));
    unsigned char head[CK_CONTAINER_HEAD];
    enum ck_container kind = ck_container_of(head, fread(head, 1, sizeof head, f));
    struct stat st;
    int sized = fstat(fileno(f), &st) == 0 && st.st_size > 0;
    z->limit = xlsx_zip_limit(sized ? (uint64_t)st.st_size : 0);
    fclose(f);
    if (kind == CK_CONTAINER_OLE)
        return ck_ole_explain(path, display, e);
    if (kind != CK_CONTAINER_ZIP)
        return ck_error_set(e, CK_EINPUT, "%s: not an XLSX workbook (no zip signature)", display);
    z->uf = unzOpen64(path);
    if (!z->uf)
        return ck_error_set(e, CK_EINPUT,
                            "%s: corrupt or truncated zip file (no readable central directory)",
                            display);
    return CK_OK;
}

/* ---------- read-ahead: inflating on the other core ---------- */

/* A large entry is inflated by a thread into a ring of slots while the reader parses the
 * slots before: zlib and the XML parser then run at the same time. The thread owns the
 * unzFile from the entry's opening until ahead_stop; the reader sees each slot only after the
 * thread published it under the mutex, and the thread refills a slot only after the reader
 * released it. A zip bomb is stopped by the reader's checks at most the ring's size late. */
#define AHEAD_SLOTS 4
#define AHEAD_SLOT (128u << 10)
#define AHEAD_MIN ((uint64_t)1 << 20) /* smaller entries are read directly */

uint64_t xlsx_zip_ahead_min = AHEAD_MIN;

struct xlsx_ahead {
    pthread_t th;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    unzFile uf;
    char *slot[AHEAD_SLOTS];
    int len[AHEAD_SLOTS]; /* bytes, 0 at the end of the entry, < 0 an unzip error */
    unsigned head, tail;  /* slots [head, tail) are filled */
    int stop;
    size_t off; /* the reader's position in slot head */
};

static void *ahead_main(void *arg)
{
    struct xlsx_ahead *a = arg;
    for (;;) {
        pthread_mutex_lock(&a->mu);
        while (a->tail - a->head == AHEAD_SLOTS && !a->stop)
            pthread_cond_wait(&a->cv, &a->mu);
        int stop = a->stop;
        unsigned t = a->tail;
        pthread_mutex_unlock(&a->mu);
        if (stop)
            break;
        int r = unzReadCurrentFile(a->uf, a->slot[t % AHEAD_SLOTS], AHEAD_SLOT);
        pthread_mutex_lock(&a->mu);
        a->len[t % AHEAD_SLOTS] = r;
        a->tail = t + 1;
        pthread_cond_broadcast(&a->cv);
        pthread_mutex_unlock(&a->mu);
        if (r <= 0)
            break;
    }
    return NULL;
}

static void ahead_free(struct xlsx_ahead *a)
{
    for (int i = 0; i < AHEAD_SLOTS; i++)
        free(a->slot[i]);
    free(a);
}

/* Start the thread for the open entry; without it (no memory, no thread) reads are direct. */
static void ahead_start(struct xlsx_zip *z)
{
    if (!ck_threads_allowed())
        return;
    struct xlsx_ahead *a = calloc(1, sizeof *a);
    if (!a)
        return;
    for (int i = 0; i < AHEAD_SLOTS; i++)
        if (!(a->slot[i] = malloc(AHEAD_SLOT))) {
            ahead_free(a);
            return;
        }
    a->uf = z->uf;
    if (pthread_mutex_init(&a->mu, NULL) != 0) {
        ahead_free(a);
        return;
    }
    if (pthread_cond_init(&a->cv, NULL) != 0) {
        pthread_mutex_destroy(&a->mu);
        ahead_free(a);
        return;
    }
    if (pthread_create(&a->th, NULL, ahead_main, a) != 0) {
        pthread_cond_destroy(&a->cv);
        pthread_mutex_destroy(&a->mu);
        ahead_free(a);
        return;
    }
    z->ahead = a;
}

/* Stop and join the thread: the unzFile is the caller's again. */
static void ahead_stop(struct xlsx_zip *z)
{
    struct xlsx_ahead *a = z->ahead;
    if (!a)
        return;
    pthread_mutex_lock(&a->mu);
    a->stop = 1;
    pthread_cond_broadcast(&a->cv);
    pthread_mutex_unlock(&a->mu);
    pthread_join(a->th, NULL);
    pthread_cond_destroy(&a->cv);
    pthread_mutex_destroy(&a->mu);
    ahead_free(a);
    z->ahead = NULL;
}

/* Like unzReadCurrentFile, from the ring. */
static int ahead_read(struct xlsx_ahead *a, void *buf, unsigned n)
{
    pthread_mutex_lock(&a->mu);
    while (a->head == a->tail)
        pthread_cond_wait(&a->cv, &a->mu);
    unsigned h = a->head;
    int r = a->len[h % AHEAD_SLOTS];
    pthread_mutex_unlock(&a->mu);
    if (r <= 0)
        return r; /* the end or an error: the slot stays, so does the answer */
    size_t k = (size_t)r - a->off < n ? (size_t)r - a->off : n;
    memcpy(buf, a->slot[h % AHEAD_SLOTS] + a->off, k);
    a->off += k;
    if (a->off == (size_t)r) {
        pthread_mutex_lock(&a->mu);
        a->head = h + 1;
        a->off = 0;
        pthread_cond_broadcast(&a->cv);
        pthread_mutex_unlock(&a->mu);
    }
    return (int)k;
}

void xlsx_zip_close(struct xlsx_zip *z)
{
    ahead_stop(z);
    if (z->uf) {
        if (z->entry_open)
            unzCloseCurrentFile(z->uf);
        unzClose(z->uf);
    }
    z->uf = NULL;
    z->entry_open = 0;
}

int xlsx_zip_find(struct xlsx_zip *z, const char *name, char *actual, size_t cap)
{
    xlsx_zip_entry_close(z);
    if (unzLocateFile(z->uf, name, 1) != UNZ_OK && unzLocateFile(z->uf, name, 2) != UNZ_OK)
        return 0;
    if (actual) {
        unz_file_info64 fi;
        if (unzGetCurrentFileInfo64(z->uf, &fi, actual, (uLong)cap, NULL, 0, NULL, 0) != UNZ_OK)
            return 0;
        actual[cap - 1] = 0;
    }
    return 1;
}

int xlsx_zip_entry_open(struct xlsx_zip *z, const char *name, struct ck_error *e)
{
    if (!xlsx_zip_find(z, name, NULL, 0))
        return ck_error_set(e, CK_EINPUT, "%s: %s: missing from the workbook", z->path, name);
    unz_file_info64 fi;
    if (unzGetCurrentFileInfo64(z->uf, &fi, NULL, 0, NULL, 0, NULL, 0) != UNZ_OK)
        return ck_error_set(e, CK_EINPUT, "%s: %s: corrupt zip directory entry", z->path, name);
    if (fi.flag & 1)
        return ck_error_set(e, CK_EINPUT, "%s: %s: zip entry is encrypted", z->path, name);
    if (fi.compression_method != 0 && fi.compression_method != Z_DEFLATED)
        return ck_error_set(e, CK_EINPUT, "%s: %s: unsupported zip compression method %lu",
                            z->path, name, (unsigned long)fi.compression_method);
    if (unzOpenCurrentFile(z->uf) != UNZ_OK)
        return ck_error_set(e, CK_EINPUT, "%s: %s: corrupt zip entry header", z->path, name);
    z->entry_open = 1;
    z->entry = name;
    z->csize = fi.compressed_size;
    z->usize = fi.uncompressed_size;
    z->got = 0;
    if (fi.uncompressed_size >= xlsx_zip_ahead_min)
        ahead_start(z);
    return CK_OK;
}

long xlsx_zip_entry_read(struct xlsx_zip *z, void *buf, unsigned n, struct ck_error *e)
{
    if (!z->entry_open)
        return 0;
    int r = z->ahead ? ahead_read(z->ahead, buf, n) : unzReadCurrentFile(z->uf, buf, n);
    if (r <= 0)
        ahead_stop(z);
    if (r < 0) {
        ck_error_set(e, CK_EINPUT, "%s: %s: corrupt or truncated zip data (%s)", z->path,
                     z->entry, r == UNZ_ERRNO ? "read error" : "inflate failed");
        xlsx_zip_entry_close(z);
        return -1;
    }
    if (r == 0) {
        int c = unzCloseCurrentFile(z->uf);
        z->entry_open = 0;
        if (c == UNZ_CRCERROR) {
            ck_error_set(e, CK_EINPUT, "%s: %s: CRC mismatch (the file is damaged)", z->path,
                         z->entry);
            return -1;
        }
        return 0;
    }
    const struct ck_xlsx_limits *l = &ck_xlsx_limits;
    z->got += (uint64_t)r;
    z->total += (uint64_t)r;
    if (z->got > l->ratio_grace && z->got / l->max_ratio > z->csize) {
        ck_error_set(e, CK_EINPUT,
                     "%s: %s: compression ratio above %llu:1 (a zip bomb?); refusing to inflate",
                     z->path, z->entry, (unsigned long long)l->max_ratio);
        xlsx_zip_entry_close(z);
        return -1;
    }
    if (z->total > z->limit) {
        ck_error_set(e, CK_EINPUT, "%s: %s: workbook inflates to more than %llu bytes; refusing",
                     z->path, z->entry, (unsigned long long)z->limit);
        xlsx_zip_entry_close(z);
        return -1;
    }
    return r;
}

void xlsx_zip_entry_close(struct xlsx_zip *z)
{
    ahead_stop(z);
    if (z->entry_open)
        unzCloseCurrentFile(z->uf);
    z->entry_open = 0;
}
