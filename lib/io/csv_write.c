/* csv_write.c — the canonical CSV writer (SPEC §2): UTF-8, comma, quotes only when needed, LF.
 * Files are written to a temporary name beside the target and renamed when complete. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/io.h"
#include "base/i18n.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#define WBUF ((size_t)256 * 1024)

struct ck_writer {
    int fd;
    int failed;
    char *path; /* final name; NULL for stdout */
    char *tmp;  /* temporary name while writing */
    size_t used;
    char buf[WBUF];
};

/* Temporary files of this process, removed by ck_tempfiles_cleanup (signal-safe). */
static char *volatile temp_paths[16];

int ck_tempfile_register(const char *path)
{
    for (size_t i = 0; i < sizeof temp_paths / sizeof *temp_paths; i++)
        if (!temp_paths[i]) {
            temp_paths[i] = (char *)path;
            return 0;
        }
    return -1;
}

void ck_tempfile_unregister(const char *path)
{
    for (size_t i = 0; i < sizeof temp_paths / sizeof *temp_paths; i++)
        if (temp_paths[i] == path)
            temp_paths[i] = NULL;
}

void ck_tempfiles_cleanup(void)
{
    for (size_t i = 0; i < sizeof temp_paths / sizeof *temp_paths; i++)
        if (temp_paths[i])
            unlink(temp_paths[i]);
}

int ck_temp_unlinked(const char *tmpdir, const char *stem, struct ck_error *e)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/custkit-%s.XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp",
             stem);
    int fd = mkstemp(path);
    if (fd < 0) {
        ck_error_set(e, CK_EOUTPUT, "%s: cannot create a temporary file: %s", path,
                     _(strerror(errno)));
        return -1;
    }
    unlink(path);
    return fd;
}

int ck_temp_beside(const char *path, unsigned mode, int *fd_out, char **tmp_out,
                   struct ck_error *e)
{
    size_t n = strlen(path) + 16;
    char *tmp = malloc(n);
    if (!tmp)
        return ck_error_set(e, CK_ENOMEM, "out of memory");
    /* The temp file lives in the target's directory so that rename() is atomic. */
    const char *slash = strrchr(path, '/');
    if (slash)
        snprintf(tmp, n, "%.*s.%s.XXXXXX", (int)(slash - path + 1), path, slash + 1);
    else
        snprintf(tmp, n, ".%s.XXXXXX", path);
    /* Registered before the file exists: a signal that arrives just after mkstemp creates it
     * must find the name to unlink (under load the process can be descheduled right there). */
    ck_tempfile_register(tmp);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        int err = errno;
        ck_tempfile_unregister(tmp);
        free(tmp);
        return ck_error_set(e, CK_EOUTPUT, "%s: cannot create: %s", path, _(strerror(err)));
    }
    mode_t um = umask(0);
    umask(um);
    if (fchmod(fd, (mode_t)(mode ? mode : 0644) & ~um) != 0) {
        int err = errno;
        close(fd);
        unlink(tmp);
        ck_tempfile_unregister(tmp);
        free(tmp);
        return ck_error_set(e, CK_EOUTPUT, "%s: %s", path, _(strerror(err)));
    }
    *fd_out = fd;
    *tmp_out = tmp;
    return CK_OK;
}

int ck_writer_open(struct ck_writer **out, const char *path, unsigned mode, struct ck_error *e)
{
    struct ck_writer *w = calloc(1, sizeof *w);
    if (!w)
        return ck_error_set(e, CK_ENOMEM, "out of memory");
    if (!path || strcmp(path, "-") == 0) {
        w->fd = 1;
    } else {
        if (!(w->path = strdup(path))) {
            free(w);
            return ck_error_set(e, CK_ENOMEM, "out of memory");
        }
        struct stat st;
        int fd = -1, rc = CK_OK;
        if (stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
            /* a device or a pipe (-o /dev/null, /dev/stdout, a FIFO) is written in place:
             * renaming a temporary file over it would replace the device node */
            if ((fd = open(path, O_WRONLY | O_CLOEXEC)) < 0)
                rc = ck_error_set(e, CK_EOUTPUT, "%s: %s", path, _(strerror(errno)));
        } else {
            rc = ck_temp_beside(path, mode, &fd, &w->tmp, e);
        }
        if (rc != CK_OK) {
            free(w->path);
            free(w);
            return rc;
        }
        w->fd = fd;
    }
    *out = w;
    return CK_OK;
}

static int flush(struct ck_writer *w, struct ck_error *e)
{
    size_t off = 0;
    while (off < w->used) {
        ssize_t n = write(w->fd, w->buf + off, w->used - off);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            w->failed = 1;
            return ck_error_set(e, CK_EOUTPUT, "%s: write error: %s",
                                w->path ? w->path : "<stdout>", _(strerror(errno)));
        }
        off += (size_t)n;
    }
    w->used = 0;
    return CK_OK;
}

static int put(struct ck_writer *w, const char *s, size_t n, struct ck_error *e)
{
    if (n <= WBUF - w->used) {
        memcpy(w->buf + w->used, s, n);
        w->used += n;
        return CK_OK;
    }
    while (n) {
        if (w->used == WBUF && flush(w, e) != CK_OK)
            return CK_EOUTPUT;
        size_t k = WBUF - w->used < n ? WBUF - w->used : n;
        memcpy(w->buf + w->used, s, k);
        w->used += k;
        s += k;
        n -= k;
    }
    return CK_OK;
}

void ck_writer_set_bom(struct ck_writer *w, int bom)
{
    if (bom && w->used == 0)
        put(w, "\xEF\xBB\xBF", 3, NULL);
}

static int needs_quotes(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == ',' || c == '"' || c == '\n' || c == '\r')
            return 1;
    }
    return 0;
}

/* Bytes that make a field need quotes. */
static const unsigned char quote_needed[256] = {[','] = 1, ['"'] = 1, ['\n'] = 1, ['\r'] = 1};

/* Does w hold a byte equal to c? (Exact: a zero byte of w ^ c·0x01…01 sets its high bit in
 * the difference, and bytes of 0x80 and above, as in UTF-8 text, never count.) */
static int word_has(uint64_t w, unsigned char c)
{
    uint64_t v = w ^ (0x0101010101010101ULL * c);
    return ((v - 0x0101010101010101ULL) & ~v & 0x8080808080808080ULL) != 0;
}

/* One field in canonical form at o, which has room for the worst case (every byte a doubled
 * quote, plus the two quotes); returns the end. The common field needs no quotes: it is copied
 * while it is checked, so that it is read once, eight bytes at a time while none of them is a
 * comma, a quote or a line end (long texts, like segment's playbook column). */
static char *format_field(char *o, const char *s, size_t sl)
{
    size_t i = 0;
    for (; i + 8 <= sl; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, sizeof w);
        if (word_has(w, ',') | word_has(w, '"') | word_has(w, '\n') | word_has(w, '\r'))
            break;
        memcpy(o + i, &w, sizeof w);
    }
    while (i < sl && !quote_needed[(unsigned char)s[i]]) {
        o[i] = s[i];
        i++;
    }
    if (i == sl)
        return o + sl;
    *o++ = '"';
    for (i = 0; i < sl; i++) {
        if (s[i] == '"')
            *o++ = '"';
        *o++ = s[i];
    }
    *o++ = '"';
    return o;
}

/* Write one field straight into the buffer, which has room for the worst case plus a
 * separator. */
static void field_fast(struct ck_writer *w, const char *s, size_t sl, int lone)
{
    char *o = w->buf + w->used;
    if (sl == 0 && lone) { /* a lone empty field would make an empty line */
        *o++ = '"';
        *o++ = '"';
    }
    w->used = (size_t)(format_field(o, s, sl) - w->buf);
}

/* The common row, as the readers hand it: its fields one after the other, a NUL after each,
 * none needing quotes. Its canonical CSV is then that span with commas for the NULs, copied
 * and checked sixteen bytes at a time rather than field by field. Writes it at o (room for the
 * span) and returns its length, or SIZE_MAX when the row is not like that (o is then garbage). */
static size_t span_format(char *o, const char *const *f, const size_t *len, size_t n)
{
    if (n < 2 || !f[0])
        return SIZE_MAX;
    for (size_t i = 1; i < n; i++)
        if (f[i] != f[i - 1] + len[i - 1] + 1)
            return SIZE_MAX;
    const char *s = f[0];
    size_t total = (size_t)(f[n - 1] + len[n - 1] - s), nuls = 0, i = 0;
#ifdef __SSE2__
    const __m128i comma = _mm_set1_epi8(','), quote = _mm_set1_epi8('"'),
                  cr = _mm_set1_epi8('\r'), lf = _mm_set1_epi8('\n'), zero = _mm_setzero_si128();
    for (; i + 16 <= total; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        __m128i bad = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, comma), _mm_cmpeq_epi8(v, quote)),
                                   _mm_or_si128(_mm_cmpeq_epi8(v, cr), _mm_cmpeq_epi8(v, lf)));
        if (_mm_movemask_epi8(bad))
            return SIZE_MAX;
        __m128i z = _mm_cmpeq_epi8(v, zero);
        nuls += (size_t)__builtin_popcount((unsigned)_mm_movemask_epi8(z));
        v = _mm_or_si128(_mm_andnot_si128(z, v), _mm_and_si128(z, comma));
        _mm_storeu_si128((__m128i *)(void *)(o + i), v);
    }
#endif
    for (; i < total; i++) {
        char c = s[i];
        if (quote_needed[(unsigned char)c])
            return SIZE_MAX;
        if (c == 0) {
            nuls++;
            c = ',';
        }
        o[i] = c;
    }
    /* the NULs are the n - 1 separators and nothing else (a field holds none) */
    return nuls == n - 1 ? total : SIZE_MAX;
}

size_t ck_csv_format_max(const size_t *len, size_t n)
{
    size_t m = 1;
    for (size_t i = 0; i < n; i++)
        m += 2 * len[i] + 3;
    return m;
}

size_t ck_csv_format(char *out, const char *const *f, const size_t *len, size_t n)
{
    size_t m = span_format(out, f, len, n);
    if (m != SIZE_MAX)
        return m;
    char *o = out;
    for (size_t i = 0; i < n; i++) {
        if (i)
            *o++ = ',';
        o = format_field(o, f[i] ? f[i] : "", len[i]);
    }
    return (size_t)(o - out);
}


/* Fields f[0..n) of a row, the first preceded by a comma when sep, and the line end. */
static int put_fields(struct ck_writer *w, const char *const *f, const size_t *len, size_t n,
                      int sep, int lone, struct ck_error *e)
{
    if (len && n >= 2 && f[0] && f[n - 1]) { /* the common row in one piece (span_format) */
        size_t span = (size_t)(f[n - 1] + len[n - 1] - f[0]);
        if (f[n - 1] > f[0] && span + 2 <= WBUF) {
            if (WBUF - w->used < span + 2 && flush(w, e) != CK_OK)
                return CK_EOUTPUT;
            size_t m = span_format(w->buf + w->used + (sep != 0), f, len, n);
            if (m != SIZE_MAX) {
                if (sep)
                    w->buf[w->used] = ',';
                w->used += (sep != 0) + m;
                w->buf[w->used++] = '\n';
                return CK_OK;
            }
        }
    }
    for (size_t i = 0; i < n; i++) {
        const char *s = f[i] ? f[i] : "";
        size_t sl = len ? len[i] : strlen(s);
        int comma = i || sep;
        if (2 * sl + 4 <= WBUF) {
            if (WBUF - w->used < 2 * sl + 4 && flush(w, e) != CK_OK)
                return CK_EOUTPUT;
            if (comma)
                w->buf[w->used++] = ',';
            field_fast(w, s, sl, lone);
            continue;
        }
        if (comma && put(w, ",", 1, e))
            return CK_EOUTPUT;
        /* a field too big for the buffer goes through put() in pieces */
        if (!needs_quotes(s, sl)) {
            if (put(w, s, sl, e))
                return CK_EOUTPUT;
            continue;
        }
        if (put(w, "\"", 1, e))
            return CK_EOUTPUT;
        const char *start = s, *end = s + sl;
        for (const char *q; (q = memchr(start, '"', (size_t)(end - start))); start = q + 1)
            if (put(w, start, (size_t)(q - start + 1), e) || put(w, "\"", 1, e))
                return CK_EOUTPUT;
        if (put(w, start, (size_t)(end - start), e) || put(w, "\"", 1, e))
            return CK_EOUTPUT;
    }
    if (w->used < WBUF) {
        w->buf[w->used++] = '\n';
        return CK_OK;
    }
    return put(w, "\n", 1, e);
}

int ck_writer_row(struct ck_writer *w, const char *const *f, const size_t *len, size_t n,
                  struct ck_error *e)
{
    if (w->failed)
        return ck_error_set(e, CK_EOUTPUT, "%s: earlier write failed", w->path ? w->path : "<stdout>");
    return put_fields(w, f, len, n, 0, n == 1, e);
}

int ck_writer_row_after(struct ck_writer *w, const char *pre, size_t plen, const char *const *f,
                        const size_t *len, size_t n, struct ck_error *e)
{
    if (w->failed)
        return ck_error_set(e, CK_EOUTPUT, "%s: earlier write failed", w->path ? w->path : "<stdout>");
    if (put(w, pre, plen, e))
        return CK_EOUTPUT;
    return put_fields(w, f, len, n, 1, 0, e);
}

void ck_rows_text_clear(struct ck_rows_text *t)
{
    t->used = t->n = 0;
    t->off[0] = 0;
}

int ck_rows_text_add(struct ck_rows_text *t, const char *pre, size_t plen, const char *const *f,
                     const size_t *len, size_t n)
{
    size_t need = plen + 1 + ck_csv_format_max(len, n - 1) + len[n - 1];
    if (ck_grow((void **)&t->text, &t->cap, t->used + need, 1))
        return -1;
    size_t at = t->used;
    if (pre) {
        memcpy(t->text + at, pre, plen);
        at += plen;
    }
    if (n > 1) {
        if (pre)
            t->text[at++] = ',';
        at += ck_csv_format(t->text + at, f, len, n - 1);
    }
    t->plen[t->n] = at - t->used;
    memcpy(t->text + at, f[n - 1], len[n - 1]);
    t->used = at + len[n - 1];
    t->off[++t->n] = t->used;
    return 0;
}

void ck_rows_text_free(struct ck_rows_text *t)
{
    free(t->text);
    t->text = NULL;
    t->cap = 0;
    ck_rows_text_clear(t);
}

int ck_writer_rows_after(struct ck_writer *w, const struct ck_rows_text *t, struct ck_error *e)
{
    for (size_t k = 0; k < t->n; k++) {
        const char *pre = t->text + t->off[k], *last = pre + t->plen[k];
        size_t ll = t->off[k + 1] - t->off[k] - t->plen[k];
        int rc = ck_writer_row_after(w, pre, t->plen[k], &last, &ll, 1, e);
        if (rc)
            return rc;
    }
    return CK_OK;
}

int ck_writer_row_v(struct ck_writer *w, const struct ck_row *row, struct ck_error *e)
{
    return ck_writer_row(w, (const char *const *)row->f, row->len, row->n, e);
}

static void writer_free(struct ck_writer *w)
{
    if (w->tmp)
        ck_tempfile_unregister(w->tmp);
    free(w->tmp);
    free(w->path);
    free(w);
}

int ck_writer_close(struct ck_writer *w, struct ck_error *e)
{
    int rc = w->failed ? CK_EOUTPUT : flush(w, e);
    if (w->failed && rc == CK_EOUTPUT && e && !e->msg[0])
        ck_error_set(e, CK_EOUTPUT, "%s: write failed", w->path ? w->path : "<stdout>");
    if (w->path) {
        if (rc == CK_OK && w->tmp && fsync(w->fd) != 0)
            rc = ck_error_set(e, CK_EOUTPUT, "%s: %s", w->path, _(strerror(errno)));
        if (close(w->fd) != 0 && rc == CK_OK)
            rc = ck_error_set(e, CK_EOUTPUT, "%s: %s", w->path, _(strerror(errno)));
        if (rc == CK_OK && w->tmp && rename(w->tmp, w->path) != 0)
            rc = ck_error_set(e, CK_EOUTPUT, "%s: cannot rename into place: %s", w->path,
                              _(strerror(errno)));
        if (rc != CK_OK && w->tmp)
            unlink(w->tmp);
    } else if (rc == CK_OK && fsync(1) != 0 && errno != EINVAL && errno != EROFS &&
               errno != ENOTSUP) {
        /* stdout may be a pipe or a terminal (EINVAL): only real file errors count */
        rc = ck_error_set(e, CK_EOUTPUT, "<stdout>: %s", _(strerror(errno)));
    }
    writer_free(w);
    return rc;
}

void ck_writer_abort(struct ck_writer *w)
{
    if (!w)
        return;
    if (w->path) {
        close(w->fd);
        if (w->tmp)
            unlink(w->tmp);
    }
    writer_free(w);
}
