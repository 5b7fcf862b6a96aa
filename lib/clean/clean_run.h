/* clean_run.h — clean's first pass as one object: read the customer rows, reject by --invalid,
 * keep the rejected rows for their orders, deduplicate, write the rejects and the merge log. */
#ifndef CK_CLEAN_RUN_H
#define CK_CLEAN_RUN_H

#include "clean/clean.h"
#include "clean/dedup.h"
#include "clean/orders.h"

/* How a row that has errors is treated (--invalid). */
enum ck_invalid { CK_INVALID_FLAG, CK_INVALID_REJECT, CK_INVALID_UNUSABLE };

struct ck_clean_run {
    /* set by the caller before ck_clean_run_start */
    int invalid;       /* CK_INVALID_* */
    int keep_rejected; /* keep the rejected rows (normalised) to tell their orders from orphans */
    int lang;          /* CK_LANG_*: the side files' column names */
    const struct ck_roles *roles;
    struct ck_cleaner *cl; /* the caller's */

    struct ck_table t; /* the rows kept */
    uint32_t *bad;     /* per row of t: roles with invalid values */
    size_t cap_bad;
    struct ck_table rej; /* the rows rejected, when keep_rejected */
    uint32_t *rej_bad;
    size_t cap_rej_bad;
    struct ck_dedup *d, *drej;
    struct ck_writer *w_rejects, *w_merge; /* closed (or aborted) by the caller */

    long read, rejected, merged, written;
    int any_error; /* a row had an error */
};

void ck_clean_run_init(struct ck_clean_run *r);
/* Frees the tables and the dedup state; not the cleaner nor the writers. */
void ck_clean_run_free(struct ck_clean_run *r);

/* The table's header h (plus the columns the address split adds); with rejects_path, open that
 * file and write its header. */
int ck_clean_run_start(struct ck_clean_run *r, const struct ck_row *h, const char *rejects_path,
                       struct ck_error *e);
/* One customer row: clean it, then keep, reject or flag it. */
int ck_clean_run_row(struct ck_clean_run *r, const struct ck_row *row, struct ck_error *e);
/* Deduplicate the kept rows by keys (none: no merge), and index the rejected rows' keys; the
 * purchase columns plan replaces make no conflict. */
int ck_clean_run_dedup(struct ck_clean_run *r, const int *keys, size_t nkeys, int sum_orders,
                       int sum_amount, const struct ck_purchase_plan *plan, long skip_col,
                       struct ck_error *e);
/* Write the merge log to path. */
int ck_clean_run_merge_log(struct ck_clean_run *r, const char *path, struct ck_error *e);

/* SPEC §4's default --require: a name, and one of phone/email/id, among the columns roles has;
 * appended to co->require. */
void ck_clean_default_require(struct ck_clean_opts *co, const struct ck_roles *roles);
/* The default dedup keys: phone, email, id, those the table has; their number. */
size_t ck_clean_default_keys(const struct ck_roles *roles, int *keys);

#endif
