/* fields.c — rows' fields copied into one growing buffer. */
#include "io/fields.h"
#include <stdlib.h>
#include <string.h>

#include "io/csv_internal.h"

void ck_fields_clear(struct ck_fields *x)
{
    x->len = x->n = 0;
}

/* Room for bytes more text and nf more fields. */
static int fields_room(struct ck_fields *x, size_t bytes, size_t nf)
{
    return ck_grow((void **)&x->text, &x->cap, x->len + bytes, 1) ||
                   ck_grow((void **)&x->off, &x->cap_off, x->n + nf, sizeof *x->off) ||
                   ck_grow((void **)&x->flen, &x->cap_flen, x->n + nf, sizeof *x->flen)
               ? -1
               : 0;
}

int ck_fields_add(struct ck_fields *x, const char *s, size_t n)
{
    if (fields_room(x, n + 1, 1))
        return -1;
    memcpy(x->text + x->len, s, n);
    x->text[x->len + n] = 0;
    x->off[x->n] = x->len;
    x->flen[x->n++] = n;
    x->len += n + 1;
    return 0;
}

int ck_fields_add_row(struct ck_fields *x, const struct ck_row *row)
{
    size_t bytes;
    if (!ck_row_packed(row, &bytes)) {
        for (size_t i = 0; i < row->n; i++)
            if (ck_fields_add(x, row->f[i], row->len[i]))
                return -1;
        return 0;
    }
    if (fields_room(x, bytes, row->n))
        return -1;
    memcpy(x->text + x->len, row->f[0], bytes);
    for (size_t i = 0; i < row->n; i++) {
        x->off[x->n] = x->len + (size_t)(row->f[i] - row->f[0]);
        x->flen[x->n++] = row->len[i];
    }
    x->len += bytes;
    return 0;
}

int ck_fields_point(struct ck_fields *x)
{
    if (ck_grow((void **)&x->f, &x->cap_f, x->n ? x->n : 1, sizeof *x->f))
        return -1;
    for (size_t i = 0; i < x->n; i++)
        x->f[i] = x->text + x->off[i];
    return 0;
}

void ck_fields_free(struct ck_fields *x)
{
    free(x->text);
    free(x->off);
    free(x->flen);
    free(x->f);
    memset(x, 0, sizeof *x);
}

void ck_row_batch_give_back(struct ck_row_batch *b, struct ck_reader *r)
{
    if (b->lent) {
        struct csv_lent v = {.batch = b->lent};
        ck_reader_give_back(r, &v);
        b->lent = NULL;
    }
}

void ck_row_batch_fill(struct ck_row_batch *b, struct ck_reader *r, size_t max)
{
    struct csv_lent v;
    ck_row_batch_give_back(b, r);
    b->nrows = 0;
    b->rc = CK_OK;
    b->eof = 0;
    b->copied = 0;
    while (ck_reader_lend(r, max, &v) == 0) {
        if (v.n == 0 && v.rc == CK_OK && !v.eof) { /* a batch already read to its end */
            ck_reader_give_back(r, &v);
            continue;
        }
        b->nrows = v.n;
        b->width = v.width;
        b->lf = v.f;
        b->llen = v.len;
        b->lline = v.line;
        b->las_is = v.as_is;
        b->lent = v.batch;
        b->rc = v.rc;
        b->err = v.err;
        b->eof = v.eof;
        return;
    }
    b->copied = 1;
    ck_fields_clear(&b->own);
    if (ck_grow((void **)&b->first, &b->cap_first, max + 1, sizeof *b->first) ||
        ck_grow((void **)&b->line, &b->cap_line, max, sizeof *b->line) ||
        ck_grow((void **)&b->as_is, &b->cap_as_is, max, 1)) {
        b->rc = ck_error_set(&b->err, CK_ENOMEM, "out of memory");
        return;
    }
    b->first[0] = 0;
    while (b->nrows < max) {
        const struct ck_row *row;
        if ((b->rc = ck_reader_next(r, &row, &b->err)))
            break;
        if (!row) {
            b->eof = 1;
            break;
        }
        if (ck_fields_add_row(&b->own, row)) {
            b->rc = ck_error_set(&b->err, CK_ENOMEM, "%s:%ld: out of memory", ck_reader_name(r),
                                 row->line);
            break;
        }
        b->as_is[b->nrows] = (unsigned char)ck_reader_as_is(r);
        b->line[b->nrows++] = row->line;
        b->first[b->nrows] = b->own.n;
    }
    if (ck_fields_point(&b->own)) {
        b->nrows = 0;
        b->rc = ck_error_set(&b->err, CK_ENOMEM, "out of memory");
    }
}

void ck_row_batch_free(struct ck_row_batch *b)
{
    ck_fields_free(&b->own);
    free(b->first);
    free(b->line);
    free(b->as_is);
}
