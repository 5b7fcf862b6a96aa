/* dedup.h — deduplication of a customer table held in a struct ck_table: union-find over
 * normalised key values, survivor choice, fill-from-others, and the key index orders use. */
#ifndef CK_DEDUP_H
#define CK_DEDUP_H

#include <stddef.h>
#include <stdint.h>

#include "clean/clean.h"
/* The orders roll-up sums amounts with the key index at hand. */
#include "base/money.h" /* IWYU pragma: export */

struct ck_dedup_opts {
    /* Roles whose values join rows (SPEC §4 default: phone, email, id). nkeys == 0 means no
     * deduplication: every row is its own customer, the index still answers lookups. */
    const int *keys;
    size_t nkeys;
    /* Roles indexed for ck_dedup_lookup() without joining rows (orders attach by id, phone,
     * email even when --key chooses fewer). May repeat roles of keys. */
    const int *lookup;
    size_t nlookup;
    int sum_orders; /* --sum orders: the survivor's orders = sum over its group */
    int sum_amount; /* --sum amount */
    /* Per row, bit (1u << role) set when that role's value is invalid (e.g. "bad phone"):
     * such values neither join rows nor are indexed. May be NULL. */
    const uint32_t *bad_keys;
    /* Columns to leave out of the completeness count, fill and conflicts (e.g. an old
     * problems column); -1 for none. */
    long ignore_col;
    /* Per column (t->ncols flags), or NULL: columns neither filled nor compared for conflicts
     * (purchase columns the orders roll-up replaces anyway). */
    const unsigned char *quiet_cols;
};

/* One merged row: it leaves the output, its values fill the survivor's empty fields. */
struct ck_merge {
    size_t kept;           /* row index (in the table) of the survivor */
    size_t merged;         /* row index of the merged row */
    int key_role;          /* the key by which the merged row joined its group */
    const char *key_value; /* the merged row's value of that key (normalised) */
    const char *conflicts; /* ';'-separated headers whose non-empty values differ, or "" */
};

struct ck_dedup;

/* Deduplicate t in place: rows sharing any non-empty key value (compared after folding case,
 * width and white space) form one customer, transitively. The survivor of a group is the row
 * with the most non-empty fields, ties broken by latest last_purchase, then first seen. Its
 * empty fields are filled from the other rows in row order; first_purchase becomes the
 * earliest and last_purchase the latest date of the group; orders and amount are summed when
 * asked. Cells of the survivor are changed in t; other rows are left as they were. */
int ck_dedup_run(struct ck_dedup **d, struct ck_table *t, const struct ck_roles *roles,
                 const struct ck_dedup_opts *o, struct ck_error *e);
/* Number of customers (survivors) and the table row of the i-th one, in order of first
 * appearance of its group. */
size_t ck_dedup_count(const struct ck_dedup *d);
size_t ck_dedup_row(const struct ck_dedup *d, size_t i);
/* Rows in the i-th customer's group (1 when nothing was merged into it). */
size_t ck_dedup_group_size(const struct ck_dedup *d, size_t i);
/* Merged rows, grouped by customer in output order, each group in row order. */
size_t ck_dedup_merge_count(const struct ck_dedup *d);
const struct ck_merge *ck_dedup_merge(const struct ck_dedup *d, size_t i);
/* The customer (0 .. count-1) holding value in role (folded like keys), or -1. */
long ck_dedup_lookup(struct ck_dedup *d, int role, const char *value);
/* A lookup's own buffers (start zeroed; ck_dedup_scratch_free): with one each, several threads
 * may call ck_dedup_lookup_r on the same d at once, as long as nothing changes d meanwhile. */
struct ck_dedup_scratch {
    char *fa, *fb, *fm;
    size_t capa, capb, capm;
    struct ck_dedup_probe *pr; /* ck_dedup_lookup_many's keys, as folded and in index order */
    size_t cappr;
};
long ck_dedup_lookup_r(struct ck_dedup *d, int role, const char *value,
                       struct ck_dedup_scratch *s);
/* out[i] = ck_dedup_lookup_r(d, role[i], value[i], s) for i < n (a NULL value: -1), the
 * index's slots fetched for several keys at once rather than waited for one by one. A large
 * n is looked up in the index's order (its keys partitioned by hash), so that lookups close
 * in time land close in memory: past the caches, that is what a lookup costs. */
void ck_dedup_lookup_many(struct ck_dedup *d, const int *role, const char *const *value,
                          size_t n, long *out, struct ck_dedup_scratch *s);
void ck_dedup_scratch_free(struct ck_dedup_scratch *s);
/* Free the key index once no more lookups will come (d may be NULL): at a million customers
 * it is the largest thing dedup holds. Customers, rows and merges stay; ck_dedup_lookup()
 * answers -1 from then on. */
void ck_dedup_drop_index(struct ck_dedup *d);
void ck_dedup_free(struct ck_dedup *d);

#endif
