/* header_union.c — the union of several tables' headers in first-seen order, with a hash
 * index of the names, and each table's map of columns into it. */
#include "clean/header_union.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void ck_header_union_init(struct ck_header_union *u)
{
    memset(u, 0, sizeof *u);
}

static size_t name_hash(const char *s)
{
    size_t h = 1469598103934665603u & SIZE_MAX; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

/* Slot of name in the hash index: where it is, or the empty slot where it would go. */
static size_t find_slot(const struct ck_header_union *u, const char *name)
{
    size_t i = name_hash(name) & (u->cap_slot - 1);
    while (u->slot[i] != SIZE_MAX && strcmp(u->cols[u->slot[i]], name) != 0)
        i = (i + 1) & (u->cap_slot - 1);
    return i;
}

long ck_header_union_add(struct ck_header_union *u, const char *name)
{
    if (2 * (u->ncols + 1) > u->cap_slot) { /* at most half full: rebuild twice as large */
        size_t cap = u->cap_slot ? u->cap_slot * 2 : 64;
        size_t *slot = malloc(cap * sizeof *slot);
        if (!slot)
            return -1;
        free(u->slot);
        u->slot = slot;
        u->cap_slot = cap;
        for (size_t i = 0; i < cap; i++)
            slot[i] = SIZE_MAX;
        for (size_t c = 0; c < u->ncols; c++)
            slot[find_slot(u, u->cols[c])] = c;
    }
    size_t at = find_slot(u, name);
    if (u->slot[at] != SIZE_MAX)
        return (long)u->slot[at];
    if (ck_grow((void **)&u->cols, &u->cap_cols, u->ncols + 1, sizeof *u->cols) != 0 ||
        !(u->cols[u->ncols] = strdup(name)))
        return -1;
    u->slot[at] = u->ncols;
    return (long)u->ncols++;
}

int ck_header_union_map(struct ck_header_union *u, const struct ck_row *h,
                        const struct ck_roles *roles, size_t *map, struct ck_error *e)
{
    for (size_t i = 0; i < h->n; i++) {
        const char *name = h->f[i];
        if (roles)
            for (int role = 0; role < CK_ROLE_COUNT; role++)
                if (roles->col[role] == (int)i)
                    name = ck_role_name(role);
        long idx = ck_header_union_add(u, name);
        if (idx < 0)
            return ck_error_set(e, CK_ENOMEM, "out of memory");
        map[i] = (size_t)idx;
    }
    return CK_OK;
}

void ck_header_union_free(struct ck_header_union *u)
{
    for (size_t i = 0; i < u->ncols; i++)
        free(u->cols[i]);
    free(u->cols);
    free(u->slot);
    ck_header_union_init(u);
}
