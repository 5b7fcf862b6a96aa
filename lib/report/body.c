/* body.c — export's data rows as worksheet XML, deflated on worker threads and spliced
 * into the workbook libxlsxwriter writes around them (see report/body.h). */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include <minizip/unzip.h>
#include <minizip/zip.h>

#include "report/body.h"
#include "report/deflate_join.h"
#include "base/i18n.h"
#include "report/text.h"
#include "io/io.h"

#define PIECE (1u << 20) /* XML bytes deflated as one piece */
#define NSLOT 7          /* pieces in flight, each 1 MB of XML and its deflated bytes */
#define MAX_WORKERS 4
/* libdeflate's level for the rows: custkit-export(1) gives the measurements it was chosen by.
 * The other parts of the workbook keep zlib's default level, as libxlsxwriter writes them. */
#ifndef CK_XBODY_LEVEL
#define CK_XBODY_LEVEL 1
#endif

enum { S_FREE, S_QUEUED, S_BUSY, S_DONE };

struct slot {
    char *in; /* XML */
    size_t in_len, in_cap;
    unsigned char *out; /* its deflate blocks, none final, ending on a byte boundary */
    size_t out_len, out_cap;
    uLong crc;
    size_t body; /* index into bodies */
    uint64_t seq;
    int state;
    int failed;
};

struct body { /* one sheet's rows */
    int sheet;
    size_t ncols;
    uint32_t last_row; /* last row, with cells or not (as libxlsxwriter's range); 0 = none */
    uint64_t off, clen, ulen;
    uLong crc;
    int started;
};

struct xlsx_body {
    int fd;        /* the deflated rows, unlinked */
    char dir[256]; /* where the file is, for messages */
    uint64_t fsize;
    struct body *bodies;
    size_t nbodies, bcap;
    struct slot slots[NSLOT];
    size_t cur, pending; /* slot being filled; slots handed on and not yet in the file */
    uint64_t seq;
    pthread_mutex_t mu;
    pthread_cond_t work, done;
    pthread_t th[MAX_WORKERS];
    int nth, stop, sync_ok;
    struct ck_deflate_join *pd; /* deflating on this thread when there are no workers */
    char (*colname)[4];
    size_t colname_cap;
    char rownum[12];
    size_t rownum_len;
    size_t next_col; /* the column a cell without r= is in: the previous cell's + 1 */
    int all_refs;    /* every cell with its reference (xlsx_body_all_refs) */
    int row_open, oom;
};

int xlsx_body_wanted(void)
{
    const char *v = getenv("CUSTKIT_XLSX_WRITER");
    return !(v && strcmp(v, "libxlsxwriter") == 0);
}

static int z_init(z_stream *z)
{
    memset(z, 0, sizeof *z);
    /* libxlsxwriter's (and minizip's) level: the same file size as before */
    return deflateInit2(z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY) ==
           Z_OK;
}

/* n bytes as raw deflate blocks into *out: flush Z_SYNC_FLUSH ends them on a byte boundary,
 * not final, so that other blocks may follow; Z_FINISH ends the stream. */
static int deflate_to(z_stream *z, const void *in, size_t n, int flush, unsigned char **out,
                      size_t *cap, size_t *len)
{
    if (deflateReset(z) != Z_OK)
        return -1;
    size_t bound = deflateBound(z, (uLong)n) + 1024;
    if (ck_grow((void **)out, cap, bound, 1) != 0)
        return -1;
    z->next_in = (Bytef *)(uintptr_t)in;
    z->avail_in = (uInt)n;
    z->next_out = *out;
    z->avail_out = (uInt)*cap;
    int rc = deflate(z, flush);
    if (rc != (flush == Z_FINISH ? Z_STREAM_END : Z_OK) || z->avail_in != 0 || z->avail_out == 0)
        return -1;
    *len = *cap - z->avail_out;
    return 0;
}

/* One piece, with a fresh window so that pieces deflate independently. */
static int deflate_piece(struct ck_deflate_join *d, struct slot *s)
{
    uint32_t crc;
    int rc = ck_deflate_join(d, (unsigned char *)s->in, s->in_len, &crc, &s->out, &s->out_cap,
                             &s->out_len);
    s->crc = crc;
    return rc;
}

static struct slot *next_queued(struct xlsx_body *b)
{
    struct slot *best = NULL;
    for (size_t i = 0; i < NSLOT; i++)
        if (b->slots[i].state == S_QUEUED && (!best || b->slots[i].seq < best->seq))
            best = &b->slots[i];
    return best;
}

static void *worker(void *arg)
{
    struct xlsx_body *b = arg;
    struct ck_deflate_join *d = ck_deflate_join_new(CK_XBODY_LEVEL);
    pthread_mutex_lock(&b->mu);
    for (;;) {
        struct slot *s;
        while (!(s = next_queued(b)) && !b->stop)
            pthread_cond_wait(&b->work, &b->mu);
        if (!s)
            break;
        s->state = S_BUSY;
        pthread_mutex_unlock(&b->mu);
        int failed = !d || deflate_piece(d, s) != 0;
        pthread_mutex_lock(&b->mu);
        s->failed = failed;
        s->state = S_DONE;
        pthread_cond_broadcast(&b->done);
    }
    pthread_mutex_unlock(&b->mu);
    ck_deflate_join_free(d);
    return NULL;
}

static int workers_wanted(void)
{
    if (!ck_threads_allowed())
        return 0;
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > MAX_WORKERS ? MAX_WORKERS : (int)n;
}

int xlsx_body_new(struct xlsx_body **out, const char *tmpdir, struct ck_error *e)
{
    struct xlsx_body *b = calloc(1, sizeof *b);
    *out = b;
    if (!b)
        return ck_error_set(e, CK_ENOMEM, "out of memory");
    snprintf(b->dir, sizeof b->dir, "%s", tmpdir && *tmpdir ? tmpdir : "/tmp");
    b->fd = ck_temp_unlinked(tmpdir, "sheet", e);
    if (b->fd < 0)
        return e->code;
    int want = workers_wanted();
    if (want == 0)
        return CK_OK;
    if (pthread_mutex_init(&b->mu, NULL) != 0)
        return CK_OK; /* no workers: this thread deflates */
    if (pthread_cond_init(&b->work, NULL) != 0) {
        pthread_mutex_destroy(&b->mu);
        return CK_OK;
    }
    if (pthread_cond_init(&b->done, NULL) != 0) {
        pthread_cond_destroy(&b->work);
        pthread_mutex_destroy(&b->mu);
        return CK_OK;
    }
    b->sync_ok = 1;
    while (b->nth < want && pthread_create(&b->th[b->nth], NULL, worker, b) == 0)
        b->nth++;
    return CK_OK;
}

void xlsx_body_free(struct xlsx_body *b)
{
    if (!b)
        return;
    if (b->sync_ok) {
        pthread_mutex_lock(&b->mu);
        b->stop = 1;
        for (size_t i = 0; i < NSLOT; i++)
            if (b->slots[i].state == S_QUEUED)
                b->slots[i].state = S_FREE; /* an error: what is queued is not wanted */
        pthread_cond_broadcast(&b->work);
        pthread_mutex_unlock(&b->mu);
        for (int i = 0; i < b->nth; i++)
            pthread_join(b->th[i], NULL);
        pthread_cond_destroy(&b->done);
        pthread_cond_destroy(&b->work);
        pthread_mutex_destroy(&b->mu);
    }
    ck_deflate_join_free(b->pd);
    for (size_t i = 0; i < NSLOT; i++) {
        free(b->slots[i].in);
        free(b->slots[i].out);
    }
    if (b->fd >= 0)
        close(b->fd);
    free(b->bodies);
    free(b->colname);
    free(b);
}

/* ---------------------------------------------------------------- pieces to the file */

static int write_all(int fd, const void *buf, size_t n, uint64_t at)
{
    const char *p = buf;
    while (n > 0) {
        ssize_t k = pwrite(fd, p, n, (off_t)at);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return -1;
        p += k;
        n -= (size_t)k;
        at += (uint64_t)k;
    }
    return 0;
}

/* A deflated piece (state S_DONE) goes to the file, after every piece before it. */
static int piece_out(struct xlsx_body *b, struct slot *s, struct ck_error *e)
{
    int failed = s->failed;
    s->state = S_FREE;
    s->failed = 0;
    if (failed)
        return ck_error_set(e, CK_ENOMEM, "out of memory deflating a worksheet");
    struct body *d = &b->bodies[s->body];
    if (!d->started) {
        d->started = 1;
        d->off = b->fsize;
        d->crc = crc32(0L, Z_NULL, 0);
    }
    if (write_all(b->fd, s->out, s->out_len, b->fsize) != 0)
        return ck_error_set(e, CK_EOUTPUT, "temporary file in %s (TMPDIR): %s", b->dir,
                            _(strerror(errno ? errno : ENOSPC)));
    b->fsize += s->out_len;
    d->clen += s->out_len;
    d->crc = crc32_combine(d->crc, s->crc, (z_off_t)s->in_len);
    d->ulen += s->in_len;
    s->in_len = 0;
    return CK_OK;
}

static struct slot *oldest(struct xlsx_body *b)
{
    return &b->slots[(b->cur + NSLOT - b->pending) % NSLOT];
}

/* Write out the oldest piece in flight, waiting for it when wait is set. */
static int retire(struct xlsx_body *b, int wait, struct ck_error *e)
{
    while (b->pending > 0) {
        struct slot *s = oldest(b);
        if (b->nth) {
            pthread_mutex_lock(&b->mu);
            while (wait && s->state != S_DONE)
                pthread_cond_wait(&b->done, &b->mu);
            int ready = s->state == S_DONE;
            pthread_mutex_unlock(&b->mu);
            if (!ready)
                return CK_OK;
        }
        b->pending--;
        int rc = piece_out(b, s, e);
        if (rc != CK_OK || wait)
            return rc;
    }
    return CK_OK;
}

/* The slot being filled is handed on to be deflated. */
static int submit(struct xlsx_body *b, struct ck_error *e)
{
    struct slot *s = &b->slots[b->cur];
    if (s->in_len == 0)
        return CK_OK;
    s->body = b->nbodies - 1;
    s->seq = b->seq++;
    if (b->nth) {
        pthread_mutex_lock(&b->mu);
        s->state = S_QUEUED;
        pthread_cond_signal(&b->work);
        pthread_mutex_unlock(&b->mu);
    } else {
        if (!b->pd)
            b->pd = ck_deflate_join_new(CK_XBODY_LEVEL);
        s->failed = !b->pd || deflate_piece(b->pd, s) != 0;
        s->state = S_DONE;
    }
    b->pending++;
    b->cur = (b->cur + 1) % NSLOT;
    int rc = retire(b, 0, e); /* whatever is ready, without waiting */
    if (rc == CK_OK && b->pending == NSLOT)
        rc = retire(b, 1, e); /* the next slot to fill is the oldest */
    return rc;
}

/* ---------------------------------------------------------------- the XML */

/* Room for n more bytes in the slot being filled; NULL (and oom set) when there is none. */
static char *room(struct xlsx_body *b, size_t n)
{
    struct slot *s = &b->slots[b->cur];
    if (b->oom)
        return NULL;
    if (s->in_len + n > s->in_cap &&
        ck_grow((void **)&s->in, &s->in_cap,
                s->in_len + n < PIECE + 4096 ? PIECE + 4096 : s->in_len + n, 1) != 0) {
        b->oom = 1;
        return NULL;
    }
    return s->in + s->in_len;
}

static char *put(char *p, const char *s, size_t n)
{
    memcpy(p, s, n);
    return p + n;
}

#define PUT(p, lit) put((p), (lit), sizeof(lit) - 1)

/* Column c's letters (A, ..., XFD), NUL-terminated unless three long. */
static void col_name(size_t c, char out[4])
{
    char tmp[4];
    size_t n = 0, v = c + 1;
    while (v > 0 && n < 3) {
        tmp[n++] = (char)('A' + (v - 1) % 26);
        v = (v - 1) / 26;
    }
    for (size_t i = 0; i < n; i++)
        out[i] = tmp[n - 1 - i];
    if (n < 4)
        out[n] = 0;
}

static size_t col_len(const char cn[4])
{
    return cn[1] ? cn[2] ? 3 : 2 : 1;
}

void xlsx_body_all_refs(struct xlsx_body *b, int on)
{
    b->all_refs = on != 0;
}

int xlsx_body_sheet(struct xlsx_body *b, int sheet, size_t ncols, struct ck_error *e)
{
    if (ck_grow((void **)&b->bodies, &b->bcap, b->nbodies + 1, sizeof *b->bodies) != 0 ||
        ck_grow((void **)&b->colname, &b->colname_cap, ncols + 1, sizeof *b->colname) != 0)
        return ck_error_set(e, CK_ENOMEM, "out of memory");
    struct body *d = &b->bodies[b->nbodies++];
    memset(d, 0, sizeof *d);
    d->sheet = sheet;
    d->ncols = ncols;
    for (size_t c = 0; c < ncols; c++)
        col_name(c, b->colname[c]);
    b->row_open = 0;
    return CK_OK;
}

void xlsx_body_row(struct xlsx_body *b, uint32_t r)
{
    b->bodies[b->nbodies - 1].last_row = r;
    b->rownum_len = (size_t)(ck_put_uint(b->rownum, r) - b->rownum);
    b->row_open = 0;
    b->next_col = 0;
}

/* <c s="3" — the opening every cell shares (and the row's, before its first cell). The
 * reference (r="B7") is optional (ECMA-376 Part 1, 18.3.1.4): a cell without it is in the
 * column after the previous cell of its row, A for the first. It is written only after a gap
 * (an empty cell left out): the references are digits deflate can do little with, and
 * without them a sheet deflates to about half the size in half the time. */
static char *cell_open(struct xlsx_body *b, size_t col, int style, size_t more)
{
    char *p = room(b, 64 + more);
    if (!p)
        return NULL;
    if (!b->row_open) {
        p = PUT(p, "<row r=\"");
        p = put(p, b->rownum, b->rownum_len);
        p = PUT(p, "\">");
        b->row_open = 1;
    }
    if (col == b->next_col && !b->all_refs) {
        p = PUT(p, "<c");
    } else {
        p = PUT(p, "<c r=\"");
        const char *cn = b->colname[col];
        p = put(p, cn, col_len(cn));
        p = put(p, b->rownum, b->rownum_len);
        *p++ = '"';
    }
    b->next_col = col + 1;
    if (style > 0) {
        p = PUT(p, " s=\"");
        p = ck_put_uint(p, (unsigned long long)style);
        *p++ = '"';
    }
    return p;
}

static void cell_close(struct xlsx_body *b, char *p)
{
    b->slots[b->cur].in_len = (size_t)(p - b->slots[b->cur].in);
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n';
}

void xlsx_body_text(struct xlsx_body *b, size_t col, int style, const char *s, size_t len)
{
    char *p = cell_open(b, col, style, 64 + CK_XTEXT_ROOM(len));
    if (!p)
        return;
    /* libxlsxwriter's test, made after the control characters became _xHHHH_ */
    int keep = len > 0 && (is_space(s[0]) || is_space(s[len - 1]));
    if (keep)
        p = PUT(p, " t=\"inlineStr\"><is><t xml:space=\"preserve\">");
    else
        p = PUT(p, " t=\"inlineStr\"><is><t>");
    p = ck_xtext_put(p, s, len, CK_XTEXT_CELL_XML);
    p = PUT(p, "</t></is></c>");
    cell_close(b, p);
}

void xlsx_body_number_text(struct xlsx_body *b, size_t col, int style, const char *s, size_t len)
{
    char *p = cell_open(b, col, style, 32 + len);
    if (!p)
        return;
    p = PUT(p, "><v>");
    p = put(p, s, len);
    p = PUT(p, "</v></c>");
    cell_close(b, p);
}

void xlsx_body_number(struct xlsx_body *b, size_t col, int style, double d)
{
    char num[40];
    size_t n;
    if (d == floor(d) && fabs(d) < 1e15) {
        char *q = num;
        if (d < 0)
            *q++ = '-';
        q = ck_put_uint(q, (unsigned long long)fabs(d));
        n = (size_t)(q - num);
    } else {
        int k = snprintf(num, sizeof num, "%.16G", d); /* as libxlsxwriter writes numbers */
        n = k > 0 && (size_t)k < sizeof num ? (size_t)k : 0;
    }
    xlsx_body_number_text(b, col, style, num, n);
}

int xlsx_body_row_end(struct xlsx_body *b, struct ck_error *e)
{
    if (b->row_open) {
        char *p = room(b, 8);
        if (p) {
            p = PUT(p, "</row>");
            cell_close(b, p);
        }
        b->row_open = 0;
    }
    if (b->oom)
        return ck_error_set(e, CK_ENOMEM, "out of memory");
    /* zlib takes at most 4 GB at once: a row of thousands of full cells could pass it */
    if (b->slots[b->cur].in_len > UINT32_MAX / 2)
        return ck_error_set(e, CK_EOUTPUT, "row %lu: more than 2 GB of sheet XML in one row",
                            (unsigned long)b->bodies[b->nbodies - 1].last_row);
    if (b->slots[b->cur].in_len >= PIECE)
        return submit(b, e);
    return CK_OK;
}

int xlsx_body_sheet_end(struct xlsx_body *b, struct ck_error *e)
{
    if (b->oom)
        return ck_error_set(e, CK_ENOMEM, "out of memory");
    return submit(b, e);
}

/* ---------------------------------------------------------------- the splice */

/* libxlsxwriter's workbook, read back from memory: it is small, since its data sheets hold
 * their header rows alone, and reading it whole lets the finished workbook take its place. */
struct membuf {
    const unsigned char *data;
    size_t size;
};

static voidpf ZCALLBACK mem_open(voidpf opaque, const void *filename, int mode)
{
    (void)filename;
    (void)mode;
    const struct membuf *m = opaque;
    return fmemopen((void *)(uintptr_t)m->data, m->size, "rb");
}

static int read_whole(const char *path, unsigned char **data, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    size_t cap = 0, n = 0;
    *data = NULL;
    for (;;) {
        if (ck_grow((void **)data, &cap, n + 65536, 1) != 0) {
            fclose(f);
            errno = ENOMEM;
            return -1;
        }
        size_t k = fread(*data + n, 1, cap - n, f);
        n += k;
        if (k == 0)
            break;
    }
    int bad = ferror(f);
    fclose(f);
    *size = n;
    if (bad) {
        errno = EIO;
        return -1;
    }
    return 0;
}

struct splice {
    struct xlsx_body *b;
    unzFile uf;
    zipFile zf;
    const char *name; /* the output, for messages */
    struct ck_error *e;
    unsigned char *buf; /* copy buffer */
    size_t cap;
    z_stream z;
};

static int zip_fail(struct splice *s, const char *entry)
{
    return ck_error_set(s->e, CK_EOUTPUT, "%s: cannot write %s%s%s", s->name, entry,
                        errno ? ": " : "", errno ? _(strerror(errno)) : "");
}

static int entry_open(struct splice *s, const char *entry, const unz_file_info64 *fi, int method,
                      int level)
{
    zip_fileinfo zi;
    memset(&zi, 0, sizeof zi);
    zi.tmz_date.tm_sec = fi->tmu_date.tm_sec;
    zi.tmz_date.tm_min = fi->tmu_date.tm_min;
    zi.tmz_date.tm_hour = fi->tmu_date.tm_hour;
    zi.tmz_date.tm_mday = fi->tmu_date.tm_mday;
    zi.tmz_date.tm_mon = fi->tmu_date.tm_mon;
    zi.tmz_date.tm_year = fi->tmu_date.tm_year;
    zi.dosDate = fi->dosDate;
    zi.internal_fa = fi->internal_fa;
    zi.external_fa = fi->external_fa;
    errno = 0;
    /* raw: the data is deflated already; zip64 records as libxlsxwriter wrote them */
    if (zipOpenNewFileInZip4_64(s->zf, entry, &zi, NULL, 0, NULL, 0, NULL, method, level, 1,
                                -MAX_WBITS, 8, Z_DEFAULT_STRATEGY, NULL, 0, 0, 0, 1) != ZIP_OK)
        return zip_fail(s, entry);
    return CK_OK;
}

static int entry_write(struct splice *s, const char *entry, const void *p, size_t n)
{
    const unsigned char *q = p;
    while (n > 0) {
        unsigned k = n > (1u << 30) ? 1u << 30 : (unsigned)n;
        errno = 0;
        if (zipWriteInFileInZip(s->zf, q, k) != ZIP_OK)
            return zip_fail(s, entry);
        q += k;
        n -= k;
    }
    return CK_OK;
}

/* An entry as libxlsxwriter wrote it, still deflated. */
static int copy_entry(struct splice *s, const char *entry, const unz_file_info64 *fi)
{
    int method = 0, level = 0;
    if (unzOpenCurrentFile2(s->uf, &method, &level, 1) != UNZ_OK)
        return ck_error_set(s->e, CK_EOUTPUT, "%s: cannot read back %s", s->name, entry);
    int rc = entry_open(s, entry, fi, method, level);
    while (rc == CK_OK) {
        int k = unzReadCurrentFile(s->uf, s->buf, (unsigned)s->cap);
        if (k < 0)
            rc = ck_error_set(s->e, CK_EOUTPUT, "%s: cannot read back %s", s->name, entry);
        if (k <= 0)
            break;
        rc = entry_write(s, entry, s->buf, (size_t)k);
    }
    unzCloseCurrentFile(s->uf);
    errno = 0;
    if (rc == CK_OK && zipCloseFileInZipRaw64(s->zf, fi->uncompressed_size, fi->crc) != ZIP_OK)
        rc = zip_fail(s, entry);
    return rc;
}

/* Deflates n bytes (final or not) into the entry, adding them to *crc and *ulen. */
static int entry_deflate(struct splice *s, const char *entry, const char *p, size_t n, int flush,
                         uLong *crc, uint64_t *ulen)
{
    unsigned char *out = NULL;
    size_t cap = 0, len = 0;
    if (deflate_to(&s->z, p, n, flush, &out, &cap, &len) != 0) {
        free(out);
        return ck_error_set(s->e, CK_ENOMEM, "out of memory");
    }
    int rc = entry_write(s, entry, out, len);
    free(out);
    *crc = crc32_combine(*crc, crc32(0L, (const Bytef *)p, (uInt)n), (z_off_t)n);
    *ulen += n;
    return rc;
}

/* A data sheet: libxlsxwriter's XML up to its </sheetData> (the header row last), the rows,
 * then the rest. The <dimension> becomes the range the rows reach. */
static int splice_sheet(struct splice *s, const char *entry, const unz_file_info64 *fi,
                        const struct body *d)
{
    char *x = NULL;
    size_t cap = 0, n = 0;
    if (unzOpenCurrentFile(s->uf) != UNZ_OK)
        return ck_error_set(s->e, CK_EOUTPUT, "%s: cannot read back %s", s->name, entry);
    int rc = CK_OK;
    for (;;) {
        if (ck_grow((void **)&x, &cap, n + 65536, 1) != 0) {
            rc = ck_error_set(s->e, CK_ENOMEM, "out of memory");
            break;
        }
        int k = unzReadCurrentFile(s->uf, x + n, (unsigned)(cap - n - 1));
        if (k < 0)
            rc = ck_error_set(s->e, CK_EOUTPUT, "%s: cannot read back %s", s->name, entry);
        if (k <= 0)
            break;
        n += (size_t)k;
    }
    unzCloseCurrentFile(s->uf);
    if (rc != CK_OK) {
        free(x);
        return rc;
    }
    x[n] = 0;
    char *end = strstr(x, "</sheetData>");
    char *dim = strstr(x, "<dimension ref=\"");
    char *dim_end = dim ? strchr(dim + 16, '"') : NULL;
    if (!end || !dim_end || dim_end > end) {
        free(x);
        return ck_error_set(s->e, CK_EOUTPUT, "%s: %s has no place for its rows", s->name, entry);
    }
    char ref[32], last[4];
    col_name(d->ncols - 1, last);
    snprintf(ref, sizeof ref, "A1:%.3s%lu", last,
             (unsigned long)(d->last_row > 1 ? d->last_row : 1));
    if (strcmp(ref, "A1:A1") == 0)
        snprintf(ref, sizeof ref, "A1");

    uLong crc = crc32(0L, Z_NULL, 0);
    uint64_t ulen = 0;
    rc = entry_open(s, entry, fi, Z_DEFLATED, Z_DEFAULT_COMPRESSION);
    if (rc == CK_OK)
        rc = entry_deflate(s, entry, x, (size_t)(dim + 16 - x), Z_SYNC_FLUSH, &crc, &ulen);
    if (rc == CK_OK)
        rc = entry_deflate(s, entry, ref, strlen(ref), Z_SYNC_FLUSH, &crc, &ulen);
    if (rc == CK_OK)
        rc = entry_deflate(s, entry, dim_end, (size_t)(end - dim_end), Z_SYNC_FLUSH, &crc, &ulen);
    for (uint64_t at = 0; rc == CK_OK && at < d->clen;) {
        size_t k = d->clen - at < s->cap ? (size_t)(d->clen - at) : s->cap;
        ssize_t got = pread(s->b->fd, s->buf, k, (off_t)(d->off + at));
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0) {
            rc = ck_error_set(s->e, CK_EOUTPUT, "temporary file in %s (TMPDIR): %s", s->b->dir,
                              got < 0 ? _(strerror(errno)) : _("cut short"));
            break;
        }
        rc = entry_write(s, entry, s->buf, (size_t)got);
        at += (uint64_t)got;
    }
    crc = crc32_combine(crc, d->crc, (z_off_t)d->ulen);
    ulen += d->ulen;
    if (rc == CK_OK)
        rc = entry_deflate(s, entry, end, strlen(end), Z_FINISH, &crc, &ulen);
    free(x);
    errno = 0;
    if (rc == CK_OK && zipCloseFileInZipRaw64(s->zf, ulen, crc) != ZIP_OK)
        rc = zip_fail(s, entry);
    return rc;
}

static const struct body *body_of(const struct xlsx_body *b, const char *entry)
{
    static const char dir[] = "xl/worksheets/sheet";
    if (strncmp(entry, dir, sizeof dir - 1) != 0)
        return NULL;
    char *end;
    long k = strtol(entry + sizeof dir - 1, &end, 10);
    if (end == entry + sizeof dir - 1 || strcmp(end, ".xml") != 0)
        return NULL;
    for (size_t i = 0; i < b->nbodies; i++)
        if (b->bodies[i].sheet == k && b->bodies[i].ulen > 0)
            return &b->bodies[i];
    return NULL;
}

int xlsx_body_splice(struct xlsx_body *b, const char *path, const char *name, struct ck_error *e)
{
    int rc = submit(b, e);
    while (rc == CK_OK && b->pending > 0)
        rc = retire(b, 1, e);
    if (rc != CK_OK)
        return rc;

    struct membuf m = {NULL, 0};
    if (read_whole(path, (unsigned char **)&m.data, &m.size) != 0) {
        free((void *)(uintptr_t)m.data);
        return ck_error_set(e, CK_EOUTPUT, "%s: cannot read back the workbook: %s", name,
                            _(strerror(errno)));
    }
    struct splice s;
    memset(&s, 0, sizeof s);
    s.b = b;
    s.name = name;
    s.e = e;
    s.cap = 1u << 20;
    s.buf = malloc(s.cap);
    int z_ok = z_init(&s.z);
    zlib_filefunc64_def ff;
    fill_fopen64_filefunc(&ff);
    ff.zopen64_file = mem_open;
    ff.opaque = &m;
    if (!s.buf || !z_ok)
        rc = ck_error_set(e, CK_ENOMEM, "out of memory");
    else if (!(s.uf = unzOpen2_64("workbook", &ff)))
        rc = ck_error_set(e, CK_EOUTPUT, "%s: cannot read back the workbook", name);
    else if (!(s.zf = zipOpen64(path, APPEND_STATUS_CREATE)))
        rc = ck_error_set(e, CK_EOUTPUT, "%s: %s", name, _(strerror(errno ? errno : EIO)));
    for (int r = rc == CK_OK ? unzGoToFirstFile(s.uf) : UNZ_END_OF_LIST_OF_FILE;
         rc == CK_OK && r == UNZ_OK; r = unzGoToNextFile(s.uf)) {
        unz_file_info64 fi;
        char entry[512];
        if (unzGetCurrentFileInfo64(s.uf, &fi, entry, sizeof entry, NULL, 0, NULL, 0) != UNZ_OK) {
            rc = ck_error_set(e, CK_EOUTPUT, "%s: cannot read back the workbook", name);
            break;
        }
        const struct body *d = body_of(b, entry);
        rc = d ? splice_sheet(&s, entry, &fi, d) : copy_entry(&s, entry, &fi);
    }
    if (s.zf) {
        errno = 0;
        if (zipClose(s.zf, NULL) != ZIP_OK && rc == CK_OK)
            rc = ck_error_set(e, CK_EOUTPUT, "%s: %s", name, _(strerror(errno ? errno : EIO)));
    }
    if (s.uf)
        unzClose(s.uf);
    if (z_ok)
        deflateEnd(&s.z);
    free(s.buf);
    free((void *)(uintptr_t)m.data);
    return rc;
}
