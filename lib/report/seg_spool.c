/* seg_spool.c — segment's rows wait in a temporary file while the model scores them
 * (seg_spool.h); packed as canonical CSV when the output only appends columns. */
#include "report/seg_spool.h"

#include <stdlib.h>
#include <string.h>

int ck_seg_spool_new(struct ck_seg_spool *s, char *const *header, size_t ncols, int replaces,
                     const char *tmpdir, struct ck_error *e)
{
    static char *const row_name[1] = {"row"};
    memset(s, 0, sizeof *s);
    s->ncols = ncols;
    s->packed = !replaces && ncols > 0;
    return s->packed ? ck_report_rows_new(&s->rows, row_name, 1, tmpdir, e)
                     : ck_report_rows_new(&s->rows, header, ncols, tmpdir, e);
}

int ck_seg_spool_add(struct ck_seg_spool *s, const struct ck_row *row, struct ck_error *e)
{
    int rc;
    size_t n = row->n < s->ncols ? row->n : s->ncols;
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
    return ck_report_rows_finish(s->rows, e);
}

int ck_seg_spool_get(struct ck_seg_spool *s, size_t i, const char **f, size_t *len,
                     struct ck_error *e)
{
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

void ck_seg_spool_free(struct ck_seg_spool *s)
{
    ck_report_rows_free(s->rows);
    free(s->fmt);
    s->rows = NULL;
    s->fmt = NULL;
}
