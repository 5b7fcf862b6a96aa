/* read_ahead.c — the table reader's second thread (see io/reader.c).
 *
 * Once the header is known, a CSV source is read, decoded, validated and split by a second
 * thread while the command works on the rows already split: the two halves of the work run on
 * two cores. Records travel in a ring of batches, filled and emptied in turn; a batch holds the
 * records' bytes and where each field starts. The thread owns every parsing field of the
 * reader (raw, text, p, line...) until it ends; the command's thread owns stats, out and the
 * batches it has been handed. A read error or a malformed record ends the thread: its error
 * travels in the batch, after the records before it. CUSTKIT_THREADS=1 keeps it all on one
 * thread. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "io/csv_internal.h"

#define PA_BATCHES 4
#define PA_ROWS 2048
#define PA_TEXT ((size_t)256 * 1024)

enum { PA_EMPTY, PA_FULL, PA_LENT };

struct pa_batch {
    int state;
    char *text;
    size_t text_len, text_cap;
    size_t *off, *flen; /* per field: start in text and length */
    size_t nfield, field_cap;
    char **fp; /* per field: where it is, once the batch is full (NULL: out of memory) */
    size_t fp_cap;
    size_t first[PA_ROWS + 1]; /* per record: its first field; first[nrows] = nfield */
    long line[PA_ROWS];
    unsigned char as_is[PA_ROWS];
    size_t nrows;
    int rc, eof;
    struct ck_error err;
};

struct parse_ahead {
    csv_record_fn next; /* the tokenizer the thread runs */
    pthread_t tid;
    pthread_mutex_t mu;
    pthread_cond_t filled, emptied;
    atomic_int stop;
    struct pa_batch b[PA_BATCHES];
    size_t cur;  /* the batch the command reads from */
    size_t pos;  /* its next record */
    int holding; /* cur has been waited for */
    struct ck_row row;     /* the record handed out: into its batch's arrays, or into own_* */
    int row_as_is;         /* and its as_is */
    char **own_f;          /* a record's fields when its batch has no fp */
    size_t *own_len;
    size_t row_cap;
};

/* Copy one record into the batch: its fields lie in order in one span (the split line or
 * libcsv's record buffer), so the span is copied once and the offsets rebased. */
static int pa_append(struct pa_batch *b, const struct ck_row *rec, int as_is)
{
    const char *lo = rec->f[0], *hi = rec->f[rec->n - 1] + rec->len[rec->n - 1] + 1;
    size_t fcap = b->field_cap;
    if (ck_grow((void **)&b->text, &b->text_cap, b->text_len + (size_t)(hi - lo), 1) ||
        ck_grow((void **)&b->off, &fcap, b->nfield + rec->n, sizeof *b->off) ||
        ck_grow((void **)&b->flen, &b->field_cap, b->nfield + rec->n, sizeof *b->flen))
        return -1;
    memcpy(b->text + b->text_len, lo, (size_t)(hi - lo));
    b->first[b->nrows] = b->nfield;
    b->as_is[b->nrows] = (unsigned char)as_is;
    b->line[b->nrows++] = rec->line;
    for (size_t i = 0; i < rec->n; i++) {
        b->off[b->nfield] = b->text_len + (size_t)(rec->f[i] - lo);
        b->flen[b->nfield++] = rec->len[i];
    }
    b->text_len += (size_t)(hi - lo);
    b->first[b->nrows] = b->nfield;
    return 0;
}

static void *pa_main(void *arg)
{
    struct ck_reader *r = arg;
    struct parse_ahead *pa = r->pa;
    for (size_t k = 0;; k++) {
        struct pa_batch *b = &pa->b[k % PA_BATCHES];
        pthread_mutex_lock(&pa->mu);
        while (b->state != PA_EMPTY && !atomic_load(&pa->stop))
            pthread_cond_wait(&pa->emptied, &pa->mu);
        pthread_mutex_unlock(&pa->mu);
        if (atomic_load(&pa->stop))
            return NULL;
        b->text_len = b->nfield = b->nrows = 0;
        b->first[0] = 0;
        while (b->nrows < PA_ROWS && b->text_len < PA_TEXT && !atomic_load(&pa->stop)) {
            const struct ck_row *rec;
            if ((b->rc = pa->next(r, &rec, &b->err)) != CK_OK)
                break;
            if (!rec) {
                b->eof = 1;
                break;
            }
            if (pa_append(b, rec, r->rec_as_is) != 0) {
                b->rc = ck_error_set(&b->err, CK_ENOMEM, "%s:%ld: out of memory", r->name,
                                     rec->line);
                break;
            }
        }
        /* the fields' addresses, once text has stopped moving */
        if (ck_grow((void **)&b->fp, &b->fp_cap, b->nfield ? b->nfield : 1, sizeof *b->fp)) {
            free(b->fp);
            b->fp = NULL;
            b->fp_cap = 0;
        }
        for (size_t i = 0; b->fp && i < b->nfield; i++)
            b->fp[i] = b->text + b->off[i];
        pthread_mutex_lock(&pa->mu);
        b->state = PA_FULL;
        pthread_cond_signal(&pa->filled);
        pthread_mutex_unlock(&pa->mu);
        if (b->rc != CK_OK || b->eof)
            return NULL;
    }
}

void csv_ahead_stop(struct ck_reader *r)
{
    struct parse_ahead *pa = r->pa;
    if (!pa)
        return;
    pthread_mutex_lock(&pa->mu);
    atomic_store(&pa->stop, 1);
    pthread_cond_broadcast(&pa->emptied);
    pthread_mutex_unlock(&pa->mu);
    pthread_join(pa->tid, NULL);
    pthread_mutex_destroy(&pa->mu);
    pthread_cond_destroy(&pa->filled);
    pthread_cond_destroy(&pa->emptied);
    for (int i = 0; i < PA_BATCHES; i++) {
        free(pa->b[i].text);
        free(pa->b[i].off);
        free(pa->b[i].flen);
        free(pa->b[i].fp);
    }
    free(pa->own_f);
    free(pa->own_len);
    free(pa);
    r->pa = NULL;
}

/* Start the thread, or leave r->pa NULL to parse on this thread (asked for, or no thread). */
void csv_ahead_start(struct ck_reader *r, csv_record_fn next)
{
    if (!ck_threads_allowed())
        return;
    struct parse_ahead *pa = calloc(1, sizeof *pa);
    if (!pa)
        return;
    if (pthread_mutex_init(&pa->mu, NULL) != 0) {
        free(pa);
        return;
    }
    pthread_cond_init(&pa->filled, NULL);
    pthread_cond_init(&pa->emptied, NULL);
    atomic_init(&pa->stop, 0);
    pa->next = next;
    r->pa = pa;
    if (pthread_create(&pa->tid, NULL, pa_main, r) != 0) {
        pthread_mutex_destroy(&pa->mu);
        pthread_cond_destroy(&pa->filled);
        pthread_cond_destroy(&pa->emptied);
        free(pa);
        r->pa = NULL;
    }
}

/* The batch the command reads from, waited for. */
static struct pa_batch *pa_hold(struct parse_ahead *pa)
{
    struct pa_batch *b = &pa->b[pa->cur % PA_BATCHES];
    if (!pa->holding) {
        pthread_mutex_lock(&pa->mu);
        while (b->state != PA_FULL)
            pthread_cond_wait(&pa->filled, &pa->mu);
        pthread_mutex_unlock(&pa->mu);
        pa->holding = 1;
        pa->pos = 0;
    }
    return b;
}

/* Batch b back to the thread, to be filled again. */
static void pa_release(struct parse_ahead *pa, struct pa_batch *b)
{
    pthread_mutex_lock(&pa->mu);
    b->state = PA_EMPTY;
    pthread_cond_signal(&pa->emptied);
    pthread_mutex_unlock(&pa->mu);
}

int csv_ahead_lend(struct ck_reader *r, size_t width, size_t max, struct csv_lent *v)
{
    struct parse_ahead *pa = r->pa;
    struct pa_batch *b = pa_hold(pa);
    size_t n = b->nrows - pa->pos;
    memset(v, 0, sizeof *v);
    if (!b->fp || n > max)
        return -1;
    for (size_t i = pa->pos; i < b->nrows; i++)
        if (b->first[i + 1] - b->first[i] != width)
            return -1;
    v->n = n;
    v->width = width;
    if (n) { /* a batch of no record may have no field arrays at all */
        v->f = b->fp + b->first[pa->pos];
        v->len = b->flen + b->first[pa->pos];
        v->line = b->line + pa->pos;
        v->as_is = b->as_is + pa->pos;
    }
    v->rc = b->rc;
    v->err = b->err;
    v->eof = b->eof;
    pa->pos = b->nrows;
    if (b->rc == CK_OK && !b->eof) { /* the last batch stays: the thread has ended */
        b->state = PA_LENT;
        v->batch = b;
        pa->cur++;
        pa->holding = 0;
    }
    return 0;
}

int csv_ahead_as_is(const struct ck_reader *r)
{
    return r->pa->row_as_is;
}

void csv_ahead_give_back(struct ck_reader *r, struct csv_lent *v)
{
    if (v->batch)
        pa_release(r->pa, v->batch);
    v->batch = NULL;
}

int csv_ahead_next(struct ck_reader *r, const struct ck_row **out, struct ck_error *e)
{
    struct parse_ahead *pa = r->pa;
    *out = NULL;
    for (;;) {
        struct pa_batch *b = pa_hold(pa);
        if (pa->pos < b->nrows) {
            size_t i = pa->pos++, f0 = b->first[i], n = b->first[i + 1] - f0;
            if (b->fp) { /* the batch's own arrays: nothing to copy */
                pa->row.f = b->fp + f0;
                pa->row.len = b->flen + f0;
                pa->row.n = n;
                pa->row.line = b->line[i];
                pa->row_as_is = b->as_is[i];
                *out = &pa->row;
                return CK_OK;
            }
            if (n > pa->row_cap) {
                char **f = realloc(pa->own_f, n * sizeof *f);
                size_t *len = f ? realloc(pa->own_len, n * sizeof *len) : NULL;
                if (f)
                    pa->own_f = f;
                if (!len)
                    return ck_error_set(e, CK_ENOMEM, "out of memory");
                pa->own_len = len;
                pa->row_cap = n;
            }
            for (size_t k = 0; k < n; k++) {
                pa->own_f[k] = b->text + b->off[f0 + k];
                pa->own_len[k] = b->flen[f0 + k];
            }
            pa->row.f = pa->own_f;
            pa->row.len = pa->own_len;
            pa->row.n = n;
            pa->row.line = b->line[i];
            pa->row_as_is = b->as_is[i];
            *out = &pa->row;
            return CK_OK;
        }
        if (b->rc != CK_OK) {
            *e = b->err;
            return b->rc;
        }
        if (b->eof) {
            *out = NULL;
            return CK_OK;
        }
        pa_release(pa, b);
        pa->cur++;
        pa->holding = 0;
    }
}
