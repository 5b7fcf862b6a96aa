/* header_union.h — the union of several tables' headers, in first-seen order, and for each
 * table the map of its columns into it: how `custkit import` aligns files by header. */
#ifndef CK_HEADER_UNION_H
#define CK_HEADER_UNION_H

#include <stddef.h>

#include "clean/clean.h"
/* The union header. Hashed, so that inputs of 100,000 columns align in linear time. Zero it
 * (or ck_header_union_init) before use; free with ck_header_union_free. */
struct ck_header_union {
    char **cols; /* ncols names, owned */
    size_t ncols, cap_cols;
    size_t *slot; /* hash index of cols (SIZE_MAX = empty); cap_slot a power of two */
    size_t cap_slot;
};

void ck_header_union_init(struct ck_header_union *u);
/* The union's column for name, added at the end when new; -1 when out of memory. */
long ck_header_union_add(struct ck_header_union *u, const char *name);
/* Add the columns of header h: map[i] (h->n entries) gets the union's column of h->f[i]. With
 * roles (NULL: names as they are), a column that has a role is named by the role's canonical
 * name (ck_role_name), so that 手机 of one file and phone of another are one column. */
int ck_header_union_map(struct ck_header_union *u, const struct ck_row *h,
                        const struct ck_roles *roles, size_t *map, struct ck_error *e);
void ck_header_union_free(struct ck_header_union *u);

#endif
