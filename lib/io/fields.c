/* fields.c — rows' fields copied into one growing buffer. */
#include "io/fields.h"
#include <stdlib.h>
#include <string.h>

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
