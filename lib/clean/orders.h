/* orders.h — the orders roll-up of `custkit clean` (SPEC §4): orders tables read into
 * per-customer purchases, orphans and bad orders with their reasons, and the plan of the
 * purchase columns the cleaned table gets. */
#ifndef CK_ORDERS_H
#define CK_ORDERS_H

#include <stddef.h>
#include <stdint.h>

#include "clean/clean.h"
#include "clean/dedup.h"
/* Columns an order can name its customer by, per orders table. */
#define CK_ORDERS_MAX_KEY_COLS 16

struct ck_orders_opts {
    const char *const *cols; /* ROLE=HEADER mappings for the orders tables (--orders-col) */
    size_t ncols;
    const char *const *exclude; /* statuses excluded beside the built-in ones (--exclude-status) */
    size_t nexclude;
    struct ck_norm_opts norm; /* the customer table's: date order, as-of, language of reasons */
    uint32_t no_normalize;    /* bit (1u << role): key values compared as written */
};

/* What the roll-up did with the order rows it was given. Every row read is attached, orphaned,
 * bad or excluded; of_rejected counts the orphans whose customer row was rejected. */
struct ck_orders_counts {
    long read, attached, orphaned, of_rejected, bad, excluded;
};

/* One customer's orders, rolled up: kept together so that attaching an order touches one
 * cache line. first and last are day numbers, valid when count > 0. */
struct ck_purchase {
    long long cents;
    uint32_t count;
    int32_t first, last;
};

struct ck_orders;

/* A roll-up onto a customer table with these roles (the keys orders may match by are the id,
 * phone and e-mail columns the table has). */
int ck_orders_new(struct ck_orders **o, const struct ck_roles *customers,
                  const struct ck_orders_opts *opts, struct ck_error *e);
void ck_orders_free(struct ck_orders *o);
/* Add an orders table, its header read: its roles are resolved and checked before any
 * customer row is read, so a wrong file is CK_EUSAGE at once, the message naming the file (no
 * order date or amount column, no key column shared with the customer table). r stays the
 * caller's and must stay open until ck_orders_free; the table's index is the number of tables
 * added before it. */
int ck_orders_add(struct ck_orders *o, struct ck_reader *r, struct ck_error *e);
/* The columns of an orphans file after its file, line and reason columns: the union of the
 * added tables' headers, in order of first appearance. Valid while the readers are open. */
const char *const *ck_orders_orphan_columns(const struct ck_orders *o, size_t *n);
/* Start the roll-up onto the customers of d (all purchases empty). rejected, when not NULL,
 * indexes the rejected customer rows: orders of theirs are orphans of a rejected customer,
 * not of an unknown one. orphans, when not NULL, gets each order left out (its header already
 * written: file, line, reason, then ck_orders_orphan_columns). */
int ck_orders_start(struct ck_orders *o, struct ck_dedup *d, struct ck_dedup *rejected,
                    struct ck_writer *orphans, struct ck_error *e);
/* Roll up one row of the table-th table added. An order whose status is excluded (refunded,
 * closed, cancelled …) or fully refunded is excluded; one no customer owns is an orphan (no
 * key, no match, or a rejected customer's); one with a missing or bad date or amount is bad.
 * Keys are tried in order: ids, phones, e-mails. The rest is attached: count + 1, amount less
 * a partial refund added, first and last purchase dates widened. row is as ck_reader_next
 * gives it (its len set). */
int ck_orders_row(struct ck_orders *o, size_t table, const struct ck_row *row,
                  struct ck_error *e);
/* Roll up every row of the table-th table added, as ck_orders_row would one by one, on two
 * threads (one when ck_threads_allowed says so): rows are worked out in batches on both and
 * applied in row order, so the counts, the orphans and the first error are the same. tick
 * (may be NULL) gets arg and *nread, which counts each row as it is applied. */
int ck_orders_run(struct ck_orders *o, size_t table, void (*tick)(void *, long), void *arg,
                  long *nread, struct ck_error *e);
const struct ck_orders_counts *ck_orders_counts(const struct ck_orders *o);
/* The i-th customer's purchases (ck_dedup_row order), after ck_orders_start. */
const struct ck_purchase *ck_orders_purchase(const struct ck_orders *o, size_t i);

/* The roles orders match customers by (id, phone, e-mail, in the order they are tried) that
 * the customer table has, into roles (3 at most): the roles ck_dedup_run must index. */
size_t ck_orders_key_roles(const struct ck_roles *customers, int *roles);

/* An order's key value normalised the way the customer table's was: text folded
 * (ck_norm_text, width folded), then ck_norm_phone or ck_norm_email for those roles; v itself
 * when no_normalize has the role's bit. NULL for an invalid phone or e-mail. buf and out hold
 * cap bytes each; the result is in one of them (or is v). */
const char *ck_order_key(int role, const char *v, uint32_t no_normalize, char *buf, char *out,
                         size_t cap);

/* The purchase columns, in this order: first_purchase, last_purchase, orders, amount. */
#define CK_NPURCHASE 4
enum { CK_PURCHASE_KEEP, CK_PURCHASE_REPLACE, CK_PURCHASE_ADD };

/* Where each purchase value of the cleaned table comes from and goes. */
struct ck_purchase_plan {
    int role[CK_NPURCHASE];
    int mode[CK_NPURCHASE]; /* KEEP the table's column, REPLACE it, or ADD one */
    long col[CK_NPURCHASE]; /* output column, -1 for a kept column the table lacks */
    size_t ncols;           /* output columns: the table's, the added ones, the problems one */
    long problems_col;
    char replaced[512]; /* headers of the replaced columns, ", "-separated, or "" */
};

/* The plan for table t with these roles. With orders, a purchase column the table lacks is
 * added and one it has is replaced (kept when keep); without, every one is kept. The problems
 * column is problems_col when >= 0 (a previous clean's, rewritten), else added last. */
void ck_purchase_plan(struct ck_purchase_plan *p, const struct ck_table *t,
                      const struct ck_roles *roles, int orders, int keep, long problems_col);
/* The output fields of the i-th customer of d into f (p->ncols pointers): its table row, ""
 * in the added columns, and the rolled-up purchase values of o (may be NULL without orders),
 * formatted into buf: dates YYYY-MM-DD (empty without orders), the count, the amount. */
void ck_purchase_fields(const struct ck_purchase_plan *p, const struct ck_table *t,
                        const struct ck_dedup *d, const struct ck_orders *o, size_t i,
                        const char **f, char (*buf)[32]);

#endif
