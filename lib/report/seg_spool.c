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

static char *const row_name[1] = {"row"};

int ck_seg_spool_new(struct ck_seg_spool *s, char *const *header, size_t ncols, int replaces,
                     const char *tmpdir, const char *reread, struct ck_error *e)
{
    memset(s, 0, sizeof *s);
    s->ncols = ncols;
    if (reread) {
        if (!(s->path = strdup(reread)) || (tmpdir && !(s->tmpdir = strdup(tmpdir))))
            return ck_error_set(e, CK_ENOMEM, "out of memory");
        s->copy = !replaces && ncols > 0;
        s->next_line = 1;
        return same_file(s, 1, e);
    }
    s->packed = !replaces && ncols > 0;
    return s->packed ? ck_report_rows_new(&s->rows, row_name, 1, tmpdir, e)
                     : ck_report_rows_new(&s->rows, header, ncols, tmpdir, e);
}

/* Row's canonical CSV, its first n fields (then empty ones up to ncols), appended to the
 * packed spool. */
static int spool_packed(struct ck_seg_spool *s, const struct ck_row *row, size_t n, size_t *bytes,
                        struct ck_error *e)
{
    size_t need = ck_csv_format_max(row->len, n) + s->ncols;
    if (ck_grow((void **)&s->fmt, &s->cap_fmt, need, 1) != 0)
        return ck_error_set(e, CK_ENOMEM, "out of memory");
    size_t m = ck_csv_format(s->fmt, (const char *const *)row->f, row->len, n);
    for (size_t k = n; k < s->ncols; k++) /* a short row: its missing fields are empty */
        s->fmt[m++] = ',';
    const char *one[1] = {s->fmt};
    *bytes = m;
    return ck_report_rows_append(s->rows, one, &m, 1, e);
}

/* Copying from the file given up: it is read again instead. */
static void copy_give_up(struct ck_seg_spool *s)
{
    s->copy = 0;
    free(s->step);
    free(s->far);
    s->step = NULL;
    s->far = NULL;
    s->cap_step = s->cap_far = s->nfar = 0;
    ck_report_rows_free(s->rows);
    s->rows = NULL;
}

#define STEP_COPY 0x80
/* Spooled bytes never too many (a quarter of a small file is no reason to read it again). */
#define COPY_SPOOL_FREE ((long long)1 << 20)
#define STEP_FAR 0x7f

/* Note how the output finds row (the next, s->nrows) in the file: copied from its line, or
 * from the spool. Anything in the way (a row not after the last, no memory or no room for the
 * spool, a spool past a quarter of the file) gives copying up: the file is read again. */
static void copy_note(struct ck_seg_spool *s, const struct ck_row *row, int as_is)
{
    long skip = row->line - s->next_line;
    if (skip < 0 || ck_grow((void **)&s->step, &s->cap_step, s->nrows + 1, 1) ||
        (skip >= STEP_FAR && ck_grow((void **)&s->far, &s->cap_far, s->nfar + 1, sizeof *s->far))) {
        copy_give_up(s);
        return;
    }
    unsigned char st = skip >= STEP_FAR ? STEP_FAR : (unsigned char)skip;
    if (skip >= STEP_FAR)
        s->far[s->nfar++] = skip;
    if (as_is) {
        st |= STEP_COPY;
        s->next_line = row->line + 1;
    } else {
        struct ck_error e;
        size_t bytes = 0;
        if ((!s->rows && ck_report_rows_new(&s->rows, row_name, 1, s->tmpdir, &e) != CK_OK) ||
            spool_packed(s, row, row->n < s->ncols ? row->n : s->ncols, &bytes, &e) != CK_OK ||
            ((s->spooled += (long long)bytes + 1) > s->size / 4 && s->spooled > COPY_SPOOL_FREE)) {
            copy_give_up(s);
            return;
        }
        s->next_line = row->line; /* its lines are passed over before the next row's */
    }
    s->step[s->nrows] = st;
}

int ck_seg_spool_add(struct ck_seg_spool *s, const struct ck_row *row, int as_is,
                     struct ck_error *e)
{
    int rc;
    size_t n = row->n < s->ncols ? row->n : s->ncols;
    if (s->path) {
        if (s->copy)
            copy_note(s, row, as_is);
        s->nrows++;
        return CK_OK;
    }
    if (s->packed) {
        size_t bytes;
        rc = spool_packed(s, row, n, &bytes, e);
    } else {
        rc = ck_report_rows_append(s->rows, (const char *const *)row->f, row->len, row->n, e);
    }
    if (rc == CK_OK)
        s->nrows++;
    return rc;
}

int ck_seg_spool_finish(struct ck_seg_spool *s, int lf_bytes, struct ck_error *e)
{
    if (!s->path)
        return ck_report_rows_finish(s->rows, e);
    static const struct ck_read_opts ro = {0};
    int rc = same_file(s, 0, e);
    if (rc == CK_OK && s->copy && !lf_bytes)
        copy_give_up(s);
    if (rc == CK_OK && s->copy) {
        if (s->rows)
            rc = ck_report_rows_finish(s->rows, e);
        if (rc == CK_OK) {
            s->lines_open = 1;
            rc = ck_lines_open(&s->lines, s->path, e);
        }
        return rc;
    }
    if (rc == CK_OK)
        rc = ck_reader_open(&s->again, s->path, &ro, e);
    if (rc == CK_OK && ck_reader_header(s->again)->n != s->ncols)
        rc = changed(s, e);
    return rc;
}

/* Rows read again at a time: lent by the reader's read-ahead thread, not copied. */
#define AGAIN_ROWS 2048

/* The next row of the file read again into row (*got 1), or the end of it (*got 0). */
static int again_next(struct ck_seg_spool *s, struct ck_row *row, int *got, struct ck_error *e)
{
    struct ck_row_batch *b = &s->batch;
    *got = 0;
    if (s->batch_i == b->nrows) {
        if (b->rc != CK_OK) {
            *e = b->err;
            return b->rc;
        }
        if (b->eof)
            return CK_OK;
        ck_row_batch_fill(b, s->again, AGAIN_ROWS);
        s->batch_i = 0;
        if (b->nrows == 0) {
            if (b->rc != CK_OK)
                *e = b->err;
            return b->rc;
        }
    }
    *row = ck_row_batch_row(b, s->batch_i++);
    *got = 1;
    return CK_OK;
}

/* Row i of the file read again: it must be there. */
static int get_again(struct ck_seg_spool *s, const char **f, size_t *len, struct ck_error *e)
{
    struct ck_row row;
    int got, rc = again_next(s, &row, &got, e);
    if (rc != CK_OK)
        return rc;
    if (!got)
        return changed(s, e);
    for (size_t k = 0; k < s->ncols; k++) {
        f[k] = k < row.n ? row.f[k] : "";
        len[k] = k < row.n ? row.len[k] : 0;
    }
    return CK_OK;
}

/* Row i copied from its line in the file, or from the spool. */
static int get_copied(struct ck_seg_spool *s, size_t i, struct ck_error *e)
{
    unsigned char st = s->step[i];
    long skip = st & STEP_FAR, got;
    if (skip == STEP_FAR)
        skip = s->far[s->far_i++];
    int rc = ck_lines_skip(&s->lines, skip, &got, e);
    if (rc != CK_OK)
        return rc;
    if (got < skip)
        return changed(s, e);
    s->row = s->cur;
    s->rlen = s->cur_len;
    if (!(st & STEP_COPY))
        return ck_report_rows_get(s->rows, s->spool_i++, &s->row, &s->rlen, e);
    int one;
    if ((rc = ck_lines_next(&s->lines, &s->cur[0], &s->cur_len[0], &one, e)) != CK_OK)
        return rc;
    return one ? CK_OK : changed(s, e);
}

int ck_seg_spool_get(struct ck_seg_spool *s, size_t i, const char **f, size_t *len,
                     struct ck_error *e)
{
    if (s->again)
        return get_again(s, f, len, e);
    if (s->lines_open)
        return get_copied(s, i, e);
    int rc = ck_report_rows_get(s->rows, i, &s->row, &s->rlen, e);
    if (rc == CK_OK && !s->packed) {
        memcpy(f, s->row, s->ncols * sizeof *f);
        memcpy(len, s->rlen, s->ncols * sizeof *len);
    }
    return rc;
}

/* The lengths of the fields ck_seg_out_row set (the columns past the table's that it did not
 * set are empty). */
static void out_lengths(const struct ck_seg_spool *s, const struct ck_seg_outcols *oc,
                        const char *const *f, size_t *len)
{
    for (size_t k = s->ncols; k < oc->nout; k++)
        len[k] = 0;
    for (int k = 0; k < CK_OUT_N; k++)
        if (oc->pos[k] >= 0)
            len[oc->pos[k]] = strlen(f[oc->pos[k]]);
}

int ck_seg_spool_put(struct ck_seg_spool *s, struct ck_writer *w, const struct ck_seg_outcols *oc,
                     const char **f, size_t *len, struct ck_error *e)
{
    size_t nout = oc->nout;
    out_lengths(s, oc, f, len);
    if (s->packed || s->lines_open) /* the table's fields are row[0], already canonical */
        return ck_writer_row_after(w, s->row[0], s->rlen[0], f + s->ncols, len + s->ncols,
                                   nout - s->ncols, e);
    if (s->again && nout > s->ncols) {
        /* the row as read again is one span of fields, formatted as a whole (sixteen bytes at
         * a time when none needs quotes), then the new columns after it */
        size_t need = ck_csv_format_max(len, s->ncols);
        if (ck_grow((void **)&s->fmt, &s->cap_fmt, need, 1) != 0)
            return ck_error_set(e, CK_ENOMEM, "out of memory");
        size_t m = ck_csv_format(s->fmt, f, len, s->ncols);
        return ck_writer_row_after(w, s->fmt, m, f + s->ncols, len + s->ncols, nout - s->ncols, e);
    }
    return ck_writer_row(w, f, len, nout, e);
}

/* ---------- the output on two threads ---------- */

#define SW_ROWS CK_ROWS_TEXT_MAX /* rows a unit */
#define SW_SLOTS 8

struct sw_slot {
    size_t i0, i1;
    struct ck_rows_text rows; /* the rows i0..i1, ready for the writer */
    int rc;
    struct ck_error e;
};

struct sw_thread {
    struct ck_report_rows cur; /* this thread's reader of the spool */
    const char **f;
    size_t *len;
    struct ck_seg_outbuf buf;
};

struct sw_run {
    struct ck_seg_spool *s;
    struct ck_writer *w;
    const struct ck_seg_outcols *oc;
    ck_seg_row_fn row;
    void *ctx;
    struct sw_slot *slot;
    struct sw_thread th[2];
    void (*tick)(void *, long);
    void *targ;
};

static int sw_row(struct sw_run *R, struct sw_thread *t, struct sw_slot *b, size_t i)
{
    int rc = ck_report_rows_read(&t->cur, i, &b->e);
    if (rc == CK_OK)
        rc = R->row(R->ctx, i, t->f, &t->buf, &b->e);
    if (rc != CK_OK)
        return rc;
    /* the row's fields are t->cur's one packed field, then the new ones after it */
    out_lengths(R->s, R->oc, t->f, t->len);
    size_t nc = R->s->ncols;
    if (ck_rows_text_add(&b->rows, t->cur.f[0], t->cur.len[0], t->f + nc, t->len + nc,
                         R->oc->nout - nc))
        return ck_error_set(&b->e, CK_ENOMEM, "out of memory");
    return CK_OK;
}

static void sw_make(void *ctx, size_t u, size_t slot, int thread)
{
    struct sw_run *R = ctx;
    struct sw_slot *b = &R->slot[slot];
    b->i0 = u * SW_ROWS;
    b->i1 = b->i0 + SW_ROWS < R->s->nrows ? b->i0 + SW_ROWS : R->s->nrows;
    ck_rows_text_clear(&b->rows);
    b->rc = CK_OK;
    for (size_t i = b->i0; i < b->i1 && b->rc == CK_OK; i++)
        b->rc = sw_row(R, &R->th[thread], b, i);
}

static int sw_put(void *ctx, size_t u, size_t slot, struct ck_error *e)
{
    (void)u;
    struct sw_run *R = ctx;
    const struct sw_slot *b = &R->slot[slot];
    if (b->rc) {
        *e = b->e;
        return b->rc;
    }
    int rc = ck_writer_rows_after(R->w, &b->rows, e);
    if (rc)
        return rc;
    if (R->tick)
        R->tick(R->targ, (long)b->i1);
    return CK_OK;
}

/* Below this many rows one thread does it all. */
#define SW_MIN ((size_t)4 * SW_ROWS)

int ck_seg_spool_write_all(struct ck_seg_spool *s, struct ck_writer *w,
                           const struct ck_seg_outcols *oc, ck_seg_row_fn row, void *ctx,
                           void (*tick)(void *, long), void *targ, struct ck_error *e)
{
    size_t nout = oc->nout;
    const char **f = calloc(2 * nout, sizeof *f);
    size_t *len = calloc(2 * nout, sizeof *len);
    if (!f || !len) {
        free(f);
        free(len);
        return ck_error_set(e, CK_ENOMEM, "out of memory");
    }
    int rc = CK_OK;
    if (s->packed && !s->again && s->nrows >= SW_MIN && nout > s->ncols &&
        ck_threads_allowed()) {
        struct sw_run R = {s, w, oc, row, ctx, calloc(SW_SLOTS, sizeof *R.slot),
                           {{.f = f, .len = len}, {.f = f + nout, .len = len + nout}}, tick,
                           targ};
        int c0 = R.slot ? ck_report_rows_cursor(&R.th[0].cur, s->rows, e)
                        : ck_error_set(e, CK_ENOMEM, "out of memory");
        int c1 = c0 == CK_OK ? ck_report_rows_cursor(&R.th[1].cur, s->rows, e) : c0;
        rc = c1;
        if (rc == CK_OK) {
            static const struct ck_ordered_ops ops = {sw_make, sw_put};
            rc = ck_ordered_run((s->nrows + SW_ROWS - 1) / SW_ROWS, SW_SLOTS, &ops, &R, 1, e);
        }
        if (c0 == CK_OK)
            ck_report_rows_cursor_free(&R.th[0].cur);
        if (c1 == CK_OK)
            ck_report_rows_cursor_free(&R.th[1].cur);
        for (size_t k = 0; R.slot && k < SW_SLOTS; k++)
            ck_rows_text_free(&R.slot[k].rows);
        free(R.slot);
    } else {
        struct ck_seg_outbuf buf;
        for (size_t i = 0; rc == CK_OK && i < s->nrows; i++) {
            if ((rc = ck_seg_spool_get(s, i, f, len, e)) != CK_OK ||
                (rc = row(ctx, i, f, &buf, e)) != CK_OK)
                break;
            rc = ck_seg_spool_put(s, w, oc, f, len, e);
            if (tick)
                tick(targ, (long)i + 1);
        }
    }
    free(f);
    free(len);
    return rc;
}

int ck_seg_spool_done(struct ck_seg_spool *s, struct ck_error *e)
{
    if (s->lines_open)
        return same_file(s, 0, e);
    if (!s->again)
        return CK_OK;
    struct ck_row row;
    int got, rc = again_next(s, &row, &got, e);
    if (rc == CK_OK && got)
        rc = changed(s, e);
    return rc == CK_OK ? same_file(s, 0, e) : rc;
}

void ck_seg_spool_free(struct ck_seg_spool *s)
{
    if (s->again)
        ck_row_batch_give_back(&s->batch, s->again);
    ck_row_batch_free(&s->batch);
    memset(&s->batch, 0, sizeof s->batch);
    s->batch_i = 0;
    ck_reader_close(s->again);
    if (s->lines_open)
        ck_lines_close(&s->lines);
    s->lines_open = 0;
    copy_give_up(s);
    free(s->tmpdir);
    s->tmpdir = NULL;
    free(s->path);
    s->again = NULL;
    s->path = NULL;
    ck_report_rows_free(s->rows);
    free(s->fmt);
    s->rows = NULL;
    s->fmt = NULL;
}
