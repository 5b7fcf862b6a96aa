/* spool.c — the table a report is made of, spooled to an unlinked temporary file so
 * that memory stays small whatever its size (report/report.h); segment keeps its rows here too. */
#include "report/spool.h"
#include "base/i18n.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { SPOOL_WBUF = 1 << 20, SPOOL_AHEAD = 1 << 20 };

static int spool_flush(struct ck_report_rows *t, struct ck_error *e)
{
    size_t done = 0;
    while (done < t->wlen) {
        ssize_t n = write(t->fd, t->wbuf + done, t->wlen - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return ck_error_set(e, CK_EOUTPUT, "temporary file in %s (TMPDIR): %s", t->dir,
                                _(strerror(errno)));
        done += (size_t)n;
    }
    t->wlen = 0;
    return CK_OK;
}

/* Append s and, when nul, a NUL after it. */
static int spool_bytes(struct ck_report_rows *t, const char *s, size_t len, int nul,
                       struct ck_error *e)
{
    while (len + (nul != 0) > SPOOL_WBUF - t->wlen) {
        size_t k = SPOOL_WBUF - t->wlen < len ? SPOOL_WBUF - t->wlen : len;
        memcpy(t->wbuf + t->wlen, s, k);
        t->wlen += k;
        t->size += k;
        s += k;
        len -= k;
        int rc = spool_flush(t, e);
        if (rc != CK_OK)
            return rc;
    }
    memcpy(t->wbuf + t->wlen, s, len);
    if (nul)
        t->wbuf[t->wlen + len] = 0;
    t->wlen += len + (nul != 0);
    t->size += len + (nul != 0);
    return CK_OK;
}

static int spool_put(struct ck_report_rows *t, const char *s, size_t len, struct ck_error *e)
{
    return spool_bytes(t, s, len, 1, e);
}

/* The lengths of a row's fields but the last, seven bits a byte, low first, the top bit set
 * on all but a length's last byte: read back, the fields need not be scanned for their ends. */
static int spool_lengths(struct ck_report_rows *t, const char *const *f, const size_t *len,
                         size_t n, struct ck_error *e)
{
    char buf[256];
    size_t k = 0;
    for (size_t c = 0; c + 1 < t->ncols; c++) {
        size_t l = c < n ? (len ? len[c] : strlen(f[c])) : 0;
        if (k > sizeof buf - 10) {
            int rc = spool_bytes(t, buf, k, 0, e);
            if (rc != CK_OK)
                return rc;
            k = 0;
        }
        for (; l >= 0x80; l >>= 7)
            buf[k++] = (char)(0x80 | (l & 0x7f));
        buf[k++] = (char)l;
    }
    return k ? spool_bytes(t, buf, k, 0, e) : CK_OK;
}

void ck_report_rows_free(struct ck_report_rows *t)
{
    if (!t)
        return;
    if (t->fd >= 0)
        close(t->fd);
    for (size_t c = 0; t->header && c < t->ncols; c++)
        free(t->header[c]);
    free(t->header);
    free(t->off);
    free(t->wbuf);
    free(t->rbuf);
    free(t->f);
    free(t->len);
    free(t);
}

static int rows_new(struct ck_report_rows **tp, char *const *names, size_t ncols,
                    const char *tmpdir, struct ck_error *e)
{
    struct ck_report_rows *t = calloc(1, sizeof *t);
    *tp = t;
    if (!t) {
        ck_error_set(e, CK_ENOMEM, "out of memory");
        return CK_ENOMEM; /* spelt out: callers use *tp when this returns CK_OK */
    }
    t->fd = -1;
    t->ncols = ncols;
    t->cap = 1024;
    t->header = calloc(ncols + 1, sizeof *t->header);
    t->f = calloc(ncols + 1, sizeof *t->f);
    t->len = calloc(ncols + 1, sizeof *t->len);
    t->wbuf = malloc(SPOOL_WBUF);
    t->off = malloc((t->cap + 1) * sizeof *t->off);
    if (!t->header || !t->f || !t->len || !t->wbuf || !t->off)
        return ck_error_set(e, CK_ENOMEM, "out of memory");
    for (size_t c = 0; c < ncols; c++)
        if (!(t->header[c] = strdup(names[c])))
            return ck_error_set(e, CK_ENOMEM, "out of memory");
    snprintf(t->dir, sizeof t->dir, "%s", tmpdir && *tmpdir ? tmpdir : "/tmp");
    t->fd = ck_temp_unlinked(tmpdir, "rows", e);
    if (t->fd < 0)
        return e->code;
    t->off[0] = 0;
    return CK_OK;
}

static int rows_append(struct ck_report_rows *t, const char *const *f, const size_t *len, size_t n,
                       struct ck_error *e)
{
    if (t->nrows == t->cap) {
        if (t->cap >= UINT32_MAX / 2)
            return ck_error_set(e, CK_EINPUT, "too many rows for one report");
        size_t slots = t->cap + 1; /* off holds one more than the rows: the end of the last */
        if (ck_grow((void **)&t->off, &slots, t->cap + 2, sizeof *t->off))
            return ck_error_set(e, CK_ENOMEM, "out of memory");
        t->cap = slots - 1;
    }
    int rc = spool_lengths(t, f, len, n, e);
    if (rc != CK_OK)
        return rc;
    for (size_t c = 0; c < t->ncols; c++) {
        const char *v = c < n ? f[c] : "";
        size_t l = c < n ? (len ? len[c] : strlen(v)) : 0; /* a field holds no NUL */
        rc = spool_put(t, v, l, e);
        if (rc != CK_OK)
            return rc;
    }
    t->off[++t->nrows] = t->size;
    return CK_OK;
}

int ck_report_rows_load(struct ck_report_rows **tp, struct ck_reader *r, const char *tmpdir,
                        struct ck_error *e)
{
    const struct ck_row *h = ck_reader_header(r), *row;
    int rc = rows_new(tp, h->f, h->n, tmpdir, e);
    while (rc == CK_OK && (rc = ck_reader_next(r, &row, e)) == CK_OK && row)
        rc = rows_append(*tp, (const char *const *)row->f, row->len, row->n, e);
    return rc == CK_OK ? spool_flush(*tp, e) : rc;
}

int ck_report_rows_from_table(struct ck_report_rows **tp, const struct ck_table *t,
                              const char *tmpdir, struct ck_error *e)
{
    int rc = rows_new(tp, t->header, t->ncols, tmpdir, e);
    for (size_t r = 0; r < t->nrows && rc == CK_OK; r++)
        rc = rows_append(*tp, t->cells + r * t->ncols, NULL, t->ncols, e);
    return rc == CK_OK ? spool_flush(*tp, e) : rc;
}

size_t ck_report_rows_count(const struct ck_report_rows *t)
{
    return t->nrows;
}

int ck_report_rows_new(struct ck_report_rows **tp, char *const *names, size_t ncols,
                       const char *tmpdir, struct ck_error *e)
{
    return rows_new(tp, names, ncols, tmpdir, e);
}

int ck_report_rows_append(struct ck_report_rows *t, const char *const *f, const size_t *len,
                          size_t n, struct ck_error *e)
{
    return rows_append(t, f, len, n, e);
}

int ck_report_rows_finish(struct ck_report_rows *t, struct ck_error *e)
{
    return spool_flush(t, e);
}

/* Row r's fields into t->f (valid until the next read). Reading row after row, a megabyte is
 * read ahead; a row out of order reads just itself. */
int ck_report_rows_read(struct ck_report_rows *t, size_t r, struct ck_error *e)
{
    uint64_t a = t->off[r], b = t->off[r + 1];
    if (a < t->rbase || b > t->rbase + t->rlen) {
        size_t need = (size_t)(b - a);
        int ahead = a == t->rbase + t->rlen; /* the next row of the last block */
        size_t want = ahead && need < SPOOL_AHEAD ? SPOOL_AHEAD : need;
        if (ck_grow((void **)&t->rbuf, &t->rcap, want, 1) != 0)
            return ck_error_set(e, CK_ENOMEM, "out of memory");
        size_t got = 0;
        while (got < need) {
            ssize_t n = pread(t->fd, t->rbuf + got, want - got, (off_t)(a + got));
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                return ck_error_set(e, CK_EOUTPUT, "temporary file in %s (TMPDIR): %s", t->dir,
                                    n < 0 ? _(strerror(errno)) : _("short read"));
            got += (size_t)n;
        }
        t->rbase = a;
        t->rlen = got;
    }
    const unsigned char *h = (const unsigned char *)t->rbuf + (a - t->rbase);
    const char *end = (const char *)h + (b - a);
    size_t c;
    /* the lengths written before the fields (spool_lengths); the last field ends where the
     * row does */
    for (c = 0; c + 1 < t->ncols; c++) {
        size_t l = 0;
        unsigned shift = 0;
        while (*h & 0x80) {
            l |= (size_t)(*h++ & 0x7f) << shift;
            shift += 7;
        }
        t->len[c] = l | (size_t)*h++ << shift;
    }
    const char *p = (const char *)h;
    for (c = 0; c < t->ncols; c++) {
        t->f[c] = p;
        if (c + 1 == t->ncols)
            t->len[c] = (size_t)(end - p) - 1;
        p += t->len[c] + 1;
    }
    return CK_OK;
}

int ck_report_rows_cursor(struct ck_report_rows *c, const struct ck_report_rows *t,
                          struct ck_error *e)
{
    *c = *t;
    c->wbuf = NULL;
    c->rbuf = NULL;
    c->rcap = c->rlen = 0;
    c->rbase = 0;
    c->f = calloc(t->ncols + 1, sizeof *c->f);
    c->len = calloc(t->ncols + 1, sizeof *c->len);
    if (!c->f || !c->len) {
        ck_report_rows_cursor_free(c);
        return ck_error_set(e, CK_ENOMEM, "out of memory");
    }
    return CK_OK;
}

void ck_report_rows_cursor_free(struct ck_report_rows *c)
{
    free(c->rbuf);
    free(c->f);
    free(c->len);
    c->rbuf = NULL;
    c->f = NULL;
    c->len = NULL;
}

int ck_report_rows_get(struct ck_report_rows *t, size_t i, const char *const **f,
                       const size_t **len, struct ck_error *e)
{
    int rc = ck_report_rows_read(t, i, e);
    *f = t->f;
    *len = t->len;
    return rc;
}

long ck_report_rows_col(const struct ck_report_rows *t, const char *name)
{
    for (size_t c = 0; c < t->ncols; c++)
        if (strcmp(t->header[c], name) == 0)
            return (long)c;
    return -1;
}
