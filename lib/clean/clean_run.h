/* clean_run.h — clean's first pass as one object: read the customer rows, reject by --invalid,
 * keep the rejected rows for their orders, deduplicate, write the rejects and the merge log. */
#ifndef CK_CLEAN_RUN_H
#define CK_CLEAN_RUN_H

#include "clean/clean.h"
#include "clean/dedup.h"
#include "clean/orders.h"
#include "clean/outliers.h"

/* What the options ask of a run, read against the table's header by ck_clean_run_setup. */
struct ck_clean_spec {
    const char *require;      /* --require groups, NULL: a name, and one of phone/email/id */
    const char *no_normalize; /* --no-normalize roles, or NULL */
    const char *key;          /* --key roles, NULL: phone, email, id (those the table has) */
    const char *sum;          /* --sum: orders and/or amount, or NULL */
    int split;                /* --split-address 1, --no-split-address 0, -1: when there is an
                               * address column */
    int no_dedup;             /* --no-dedup */
    int keep_purchase;        /* --keep-purchase-columns */
};

/* How a row that has errors is treated (--invalid). */
enum ck_invalid { CK_INVALID_FLAG, CK_INVALID_REJECT, CK_INVALID_UNUSABLE };

struct ck_clean_run {
    /* set by the caller before ck_clean_run_start */
    int invalid;       /* CK_INVALID_* */
    int keep_rejected; /* keep the rejected rows (normalised) to tell their orders from orphans */
    int lang;          /* CK_LANG_*: the side files' column names */
    const struct ck_roles *roles;
    struct ck_cleaner *cl;   /* made by ck_clean_run_setup */
    int keys[CK_ROLE_COUNT]; /* dedup keys (none: no merge) */
    size_t nkeys;
    int sum_orders, sum_amount; /* --sum */
    int keep_purchase;
    long skip_col; /* the problems column of a previous clean, or -1 */

    struct ck_table t; /* the rows kept */
    uint32_t *bad;     /* per row of t: roles with invalid values */
    size_t cap_bad;
    uint32_t *others; /* per row of t: the problems of its values but the purchase ones */
    size_t cap_others;
    struct ck_table rej; /* the rows rejected, when keep_rejected */
    uint32_t *rej_bad;
    size_t cap_rej_bad;
    struct ck_dedup *d, *drej;
    struct ck_orders *ord; /* with orders: the roll-up (ck_clean_run_orders) */
    struct ck_purchase_plan plan;
    struct ck_final_check fc; /* per customer: final problems */
    struct ck_writer *w_rejects, *w_merge, *w_orphans, *w_out;

    long read, rejected, merged, written;
    int any_error; /* a row had an error */
};

void ck_clean_run_init(struct ck_clean_run *r);
/* Frees everything the run holds; a writer not closed is aborted (its target untouched). */
void ck_clean_run_free(struct ck_clean_run *r);

/* Complete co (norm set by the caller) from the spec and the table's header h and roles, and
 * make the cleaner; a --require, --key or --split-address role the table has no column for,
 * or a --sum role other than orders and amount, is CK_EUSAGE. */
int ck_clean_run_setup(struct ck_clean_run *r, struct ck_clean_opts *co,
                       const struct ck_roles *roles, const struct ck_row *h,
                       const struct ck_clean_spec *spec, struct ck_error *e);
/* The orders tables, their headers read (nothing when n is 0): checked before any customer
 * row is read. */
int ck_clean_run_orders(struct ck_clean_run *r, const struct ck_orders_opts *oo,
                        struct ck_reader *const *readers, size_t n, struct ck_error *e);
/* After the dedup: with orphans_path, open it and write its header; start the roll-up. Then
 * each order row goes to ck_orders_row(r->ord, …). */
int ck_clean_run_rollup_start(struct ck_clean_run *r, const char *orphans_path, struct ck_error *e);
/* After the roll-up: the final check's start, the outliers (the key index is dropped first);
 * each customer is checked as ck_clean_run_write writes it. */
int ck_clean_run_check(struct ck_clean_run *r, struct ck_error *e);
/* The run's facts (ck_facts_append "clean"): the inputs' names, the counts. */
int ck_clean_run_facts(const struct ck_clean_run *r, const char *input, const char *const *orders,
                       size_t norders, struct ck_error *e);
/* Open path (NULL: standard output) for the cleaned table. */
int ck_clean_run_open_output(struct ck_clean_run *r, const char *path, struct ck_error *e);
/* Check and write the customers with their purchase and problems columns; then fc.flagged
 * and any_error are known (ck_clean_run_facts after this, before ck_clean_run_close). */
int ck_clean_run_write(struct ck_clean_run *r, struct ck_error *e);
/* Close the side files first, then the table: when they are complete, the table is. */
int ck_clean_run_close(struct ck_clean_run *r, struct ck_error *e);

/* The table's header h (plus the columns the address split adds); with rejects_path, open that
 * file and write its header. */
int ck_clean_run_start(struct ck_clean_run *r, const struct ck_row *h, const char *rejects_path,
                       struct ck_error *e);
/* One customer row: clean it, then keep, reject or flag it. */
int ck_clean_run_row(struct ck_clean_run *r, const struct ck_row *row, struct ck_error *e);
/* Every row of rd, as ck_clean_run_row would one by one, on two threads (one when
 * ck_threads_allowed says so): a helper thread cleans a batch of rows (and writes the
 * rejects) while this one reads the next and keeps the rows of the one before, in order; the
 * counts, the files, the place counts and the first error are the same. tick (may be NULL)
 * gets arg and the number of the row about to be kept, as the rows are. */
int ck_clean_run_read(struct ck_clean_run *r, struct ck_reader *rd, void (*tick)(void *, long),
                      void *arg, struct ck_error *e);
/* Plan the purchase columns, deduplicate the kept rows by r->keys (none: no merge) and index
 * the rejected rows' keys; the purchase columns the plan replaces make no conflict. */
int ck_clean_run_dedup(struct ck_clean_run *r, struct ck_error *e);
/* Write the merge log to path. */
int ck_clean_run_merge_log(struct ck_clean_run *r, const char *path, struct ck_error *e);

/* SPEC §4's default --require: a name, and one of phone/email/id, among the columns roles has;
 * appended to co->require. */
void ck_clean_default_require(struct ck_clean_opts *co, const struct ck_roles *roles);
/* The default dedup keys: phone, email, id, those the table has; their number. */
size_t ck_clean_default_keys(const struct ck_roles *roles, int *keys);

#endif
