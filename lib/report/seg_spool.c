/* seg_spool.c — segment's rows wait in a temporary file while the model scores them
 * (seg_spool.h); packed as canonical CSV when the output only appends columns. A CSV file is
 * read again instead. */
#include "report/seg_spool.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int changed(const struct ck_seg_spool *s, struct ck_error *e)
{
    return ck_error_set(e, CK_EINPUT,
                        "%s: changed while segment was reading it (it is read twice: for the "
                        "scores, then for the output); run segment again",
                        s->path);
}

/* Note the file's size and time of change (first), or check that they are still the same. */
static int same_file(struct ck_seg_spool *s, int first, struct ck_error *e)
{
    struct stat st;
    if (stat(s->path, &st) != 0)
        return changed(s, e);
    long long size = (long long)st.st_size, sec = (long long)st.st_mtim.tv_sec,
              nsec = (long long)st.st_mtim.tv_nsec;
    if (!first && (size != s->size || sec != s->mtime_s || nsec != s->mtime_ns))
        return changed(s, e);
    s->size = size;
    s->mtime_s = sec;
    s->mtime_ns = nsec;
    return CK_OK;
}

int ck_seg_spool_new(struct ck_seg_spool *s, char *const *header, size_t ncols, int replaces,
                     const char *tmpdir, const char *reread, struct ck_error *e)
{
    static char *const row_name[1] = {"row"};
    memset(s, 0, sizeof *s);
    s->ncols = ncols;
    if (reread) {
        if (!(s->path = strdup(reread)))
            return ck_error_set(e, CK_ENOMEM, "out of memory");
        return same_file(s, 1, e);
    }
    s->packed = !replaces && ncols > 0;
    return s->packed ? ck_report_rows_new(&s->rows, row_name, 1, tmpdir, e)
                     : ck_report_rows_new(&s->rows, header, ncols, tmpdir, e);
}

int ck_seg_spool_add(struct ck_seg_spool *s, const struct ck_row *row, struct ck_error *e)
{
    int rc;
    size_t n = row->n < s->ncols ? row->n : s->ncols;
    if (s->path) {
        s->nrows++;
        return CK_OK;
    }
    if (s->packed) {
        size_t need = ck_csv_format_max(row->len, n) + s->ncols;
        if (ck_grow((void **)&s->fmt, &s->cap_fmt, need, 1) != 0)
            return ck_error_set(e, CK_ENOMEM, "out of memory");
        size_t m = ck_csv_format(s->fmt, (const char *const *)row->f, row->len, n);
        for (size_t k = n; k < s->ncols; k++) /* a short row: its missing fields are empty */
            s->fmt[m++] = ',';
        const char *one[1] = {s->fmt};
        rc = ck_report_rows_append(s->rows, one, &m, 1, e);
    } else {
        rc = ck_report_rows_append(s->rows, (const char *const *)row->f, row->len, row->n, e);
    }
    if (rc == CK_OK)
        s->nrows++;
    return rc;
}

int ck_seg_spool_finish(struct ck_seg_spool *s, struct ck_error *e)
{
    if (!s->path)
        return ck_report_rows_finish(s->rows, e);
    static const struct ck_read_opts ro = {0};
    int rc = same_file(s, 0, e);
    if (rc == CK_OK)
        rc = ck_reader_open(&s->again, s->path, &ro, e);
    if (rc == CK_OK && ck_reader_header(s->again)->n != s->ncols)
        rc = changed(s, e);
    return rc;
}

/* Row i of the file read again: it must be there. */
static int get_again(struct ck_seg_spool *s, const char **f, size_t *len, struct ck_error *e)
{
    const struct ck_row *row;
    int rc = ck_reader_next(s->again, &row, e);
    if (rc != CK_OK)
        return rc;
    if (!row)
        return changed(s, e);
    for (size_t k = 0; k < s->ncols; k++) {
        f[k] = k < row->n ? row->f[k] : "";
        len[k] = k < row->n ? row->len[k] : 0;
    }
    return CK_OK;
}

int ck_seg_spool_get(struct ck_seg_spool *s, size_t i, const char **f, size_t *len,
                     struct ck_error *e)
{
    if (s->again)
        return get_again(s, f, len, e);
    int rc = ck_report_rows_get(s->rows, i, &s->row, &s->rlen, e);
    if (rc == CK_OK && !s->packed) {
        memcpy(f, s->row, s->ncols * sizeof *f);
        memcpy(len, s->rlen, s->ncols * sizeof *len);
    }
    return rc;
}

int ck_seg_spool_put(struct ck_seg_spool *s, struct ck_writer *w, const struct ck_seg_outcols *oc,
                     const char **f, size_t *len, struct ck_error *e)
{
    size_t nout = oc->nout;
    for (size_t k = s->ncols; k < nout; k++)
        len[k] = 0;
    for (int k = 0; k < CK_OUT_N; k++)
        if (oc->pos[k] >= 0)
            len[oc->pos[k]] = strlen(f[oc->pos[k]]);
    if (s->packed) /* the table's fields are row[0], already canonical; then the new ones */
        return ck_writer_row_after(w, s->row[0], s->rlen[0], f + s->ncols, len + s->ncols,
                                   nout - s->ncols, e);
    return ck_writer_row(w, f, len, nout, e);
}

int ck_seg_spool_done(struct ck_seg_spool *s, struct ck_error *e)
{
    if (!s->again)
        return CK_OK;
    const struct ck_row *row;
    int rc = ck_reader_next(s->again, &row, e);
    if (rc == CK_OK && row)
        rc = changed(s, e);
    return rc == CK_OK ? same_file(s, 0, e) : rc;
}

void ck_seg_spool_free(struct ck_seg_spool *s)
{
    ck_reader_close(s->again);
    free(s->path);
    s->again = NULL;
    s->path = NULL;
    ck_report_rows_free(s->rows);
    free(s->fmt);
    s->rows = NULL;
    s->fmt = NULL;
}
