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

#endif
