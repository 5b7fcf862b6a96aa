/* fields.h — rows' fields copied into one growing buffer (clean's batches of customer rows and
 * of orders). */
#ifndef CK_FIELDS_H
#define CK_FIELDS_H

#include <stddef.h>

#include "base/base.h"

/* Fields in one buffer, each NUL-terminated: field i at text + off[i], flen[i] bytes. f points
 * into text once ck_fields_point has been called after the last add. Zero it before use. */
struct ck_fields {
    char *text;
    size_t len, cap;
    size_t *off, *flen;
    char **f;
    size_t n, cap_off, cap_flen, cap_f;
};

/* Empty it, keeping its memory. */
void ck_fields_clear(struct ck_fields *x);
/* Append the n bytes of s as one field; 0, or -1 when out of memory. */
int ck_fields_add(struct ck_fields *x, const char *s, size_t n);
/* Append all of row's fields: at once when they lie in one span (ck_row_packed), else one by
 * one. 0, or -1 when out of memory. */
int ck_fields_add_row(struct ck_fields *x, const struct ck_row *row);
/* Point f at the fields; 0, or -1 when out of memory. */
int ck_fields_point(struct ck_fields *x);
void ck_fields_free(struct ck_fields *x);

struct ck_reader;

/* Rows read in batches for work on two threads (clean's customers and orders): lent by the
 * reader's read-ahead thread when every row of its batch has the table's width (nothing is
 * copied), else read with ck_reader_next and copied. Zero it before use. */
struct ck_row_batch {
    size_t nrows;
    int rc, eof; /* after the rows: the reader's error (in err), or the end of the table */
    struct ck_error err;
    int copied;
    /* lent: width fields a row, one row after another */
    char **lf;
    size_t *llen;
    const long *lline;
    const unsigned char *las_is;
    size_t width;
    void *lent; /* what to give back */
    /* copied: row i is fields first[i] .. first[i + 1] of own */
    struct ck_fields own;
    size_t *first;
    long *line;
    unsigned char *as_is;
    size_t cap_first, cap_line, cap_as_is;
};

/* Give back the rows b holds, then read up to max (> 0) rows of r into it: those before a read
 * error too, the error then in rc and err. */
void ck_row_batch_fill(struct ck_row_batch *b, struct ck_reader *r, size_t max);
/* Row i of b, valid until b is filled again or given back. */
static inline struct ck_row ck_row_batch_row(const struct ck_row_batch *b, size_t i)
{
    if (b->copied) {
        size_t f0 = b->first[i];
        struct ck_row row = {b->first[i + 1] - f0, b->own.f + f0, b->own.flen + f0, b->line[i]};
        return row;
    }
    struct ck_row row = {b->width, b->lf + i * b->width, b->llen + i * b->width, b->lline[i]};
    return row;
}
/* Row i of b is its line's canonical CSV (see ck_reader_as_is). */
static inline int ck_row_batch_as_is(const struct ck_row_batch *b, size_t i)
{
    return b->copied ? b->as_is[i] : b->las_is[i];
}
/* The rows lent to b back to r (done by fill; needed before r is closed). */
void ck_row_batch_give_back(struct ck_row_batch *b, struct ck_reader *r);
void ck_row_batch_free(struct ck_row_batch *b);

#endif
