/* table.c — a whole table in memory, compactly: all field bytes in one arena of large blocks,
 * rows as arrays of pointers into it (clean, segment and export need every row at once). */
#include <stdlib.h>
#include <string.h>

#include "io/io.h"

#define ARENA_BLOCK ((size_t)1 << 20)

struct ck_arena_block {
    struct ck_arena_block *next;
    size_t used, cap;
    char data[];
};

static const char empty_field[1] = "";

void ck_table_init(struct ck_table *t)
{
    memset(t, 0, sizeof *t);
}

void ck_table_free(struct ck_table *t)
{
    for (size_t c = 0; c < t->ncols; c++)
        free(t->header[c]);
    free(t->header);
    free(t->cells);
    free(t->lines);
    for (struct ck_arena_block *b = t->arena, *next; b; b = next) {
        next = b->next;
        free(b);
    }
    ck_table_init(t);
}

const char *ck_table_strdup(struct ck_table *t, const char *s, size_t len)
{
    if (len == 0)
        return empty_field;
    struct ck_arena_block *b = t->arena;
    if (!b || b->cap - b->used < len + 1) {
        size_t cap = len + 1 > ARENA_BLOCK ? len + 1 : ARENA_BLOCK;
        struct ck_arena_block *nb = malloc(sizeof *nb + cap);
        if (!nb)
            return NULL;
        nb->used = 0;
        nb->cap = cap;
        /* A big one-off field gets its own block behind the current one, so the
         * current block's free space is not wasted. */
        if (b && cap > ARENA_BLOCK) {
            nb->next = b->next;
            b->next = nb;
        } else {
            nb->next = b;
            t->arena = nb;
        }
        b = nb;
    }
    char *p = b->data + b->used;
    memcpy(p, s, len);
    p[len] = 0;
    b->used += len + 1;
    return p;
}

int ck_table_set_header(struct ck_table *t, const struct ck_row *header, struct ck_error *e)
{
    ck_table_free(t);
    t->header = calloc(header->n ? header->n : 1, sizeof *t->header);
    if (!t->header)
        return ck_error_set(e, CK_ENOMEM, "out of memory");
    t->ncols = header->n;
    for (size_t c = 0; c < header->n; c++)
        if (!(t->header[c] = strdup(header->f[c])))
            return ck_error_set(e, CK_ENOMEM, "out of memory");
    return CK_OK;
}

static int grow_rows(struct ck_table *t, struct ck_error *e)
{
    /* first 1024 rows, or fewer for a very wide table, so that its first block of cells stays
     * within 8 MB (100,000 columns reserved 800 MB before the first row) */
    size_t nc = t->ncols ? t->ncols : 1;
    size_t cap = t->cap_rows ? t->cap_rows * 2 : nc > 1024 ? ((size_t)1 << 20) / nc + 1 : 1024;
    const char **cells = realloc(t->cells, cap * (t->ncols ? t->ncols : 1) * sizeof *cells);
    if (!cells)
        return ck_error_set(e, CK_ENOMEM, "out of memory holding %zu rows", t->nrows);
    t->cells = cells;
    long *lines = realloc(t->lines, cap * sizeof *lines);
    if (!lines)
        return ck_error_set(e, CK_ENOMEM, "out of memory holding %zu rows", t->nrows);
    t->lines = lines;
    t->cap_rows = cap;
    return CK_OK;
}

int ck_table_append(struct ck_table *t, const struct ck_row *row, struct ck_error *e)
{
    if (t->nrows == t->cap_rows && grow_rows(t, e) != CK_OK)
        return e ? e->code : CK_ENOMEM;
    const char **cells = t->cells + t->nrows * t->ncols;
    for (size_t c = 0; c < t->ncols; c++) {
        if (c < row->n) {
            size_t len = row->len ? row->len[c] : strlen(row->f[c]);
            if (!(cells[c] = ck_table_strdup(t, row->f[c], len)))
                return ck_error_set(e, CK_ENOMEM, "out of memory");
        } else {
            cells[c] = empty_field;
        }
    }
    t->lines[t->nrows++] = row->line;
    return CK_OK;
}

int ck_table_set(struct ck_table *t, size_t row, size_t col, const char *val, size_t len,
                 struct ck_error *e)
{
    const char *cur = t->cells[row * t->ncols + col];
    if (strlen(cur) == len && memcmp(cur, val, len) == 0)
        return CK_OK;
    const char *p = ck_table_strdup(t, val, len);
    if (!p)
        return ck_error_set(e, CK_ENOMEM, "out of memory");
    t->cells[row * t->ncols + col] = p;
    return CK_OK;
}

long ck_table_add_column(struct ck_table *t, const char *name, struct ck_error *e)
{
    size_t nc = t->ncols + 1;
    char **header = realloc(t->header, nc * sizeof *header);
    if (!header) {
        ck_error_set(e, CK_ENOMEM, "out of memory");
        return -1;
    }
    t->header = header;
    if (!(header[t->ncols] = strdup(name))) {
        ck_error_set(e, CK_ENOMEM, "out of memory");
        return -1;
    }
    size_t cap = t->cap_rows ? t->cap_rows : 1;
    const char **cells = malloc(cap * nc * sizeof *cells);
    if (!cells) {
        free(header[t->ncols]);
        ck_error_set(e, CK_ENOMEM, "out of memory");
        return -1;
    }
    for (size_t r = 0; r < t->nrows; r++) {
        memcpy(cells + r * nc, t->cells + r * t->ncols, t->ncols * sizeof *cells);
        cells[r * nc + t->ncols] = empty_field;
    }
    free(t->cells);
    t->cells = cells;
    t->cap_rows = cap;
    if (!t->lines)
        t->lines = calloc(cap, sizeof *t->lines);
    return (long)t->ncols++;
}

long ck_table_find_column(const struct ck_table *t, const char *name)
{
    for (size_t c = 0; c < t->ncols; c++)
        if (strcmp(t->header[c], name) == 0)
            return (long)c;
    return -1;
}
