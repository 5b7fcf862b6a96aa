/* outliers.h — the final check of `custkit clean` (SPEC §4): every customer's problems once
 * merging and the orders roll-up are done, outliers of amount and orders included. */
#ifndef CK_OUTLIERS_H
#define CK_OUTLIERS_H

#include <stddef.h>
#include <stdint.h>

#include "clean/clean.h"
#include "clean/dedup.h"
#include "clean/orders.h"
/* The final problems of the customers, in ck_dedup_row order. */
struct ck_final_check {
    uint32_t *problems; /* per customer: bit (1u << CK_P_*) for each problem */
    uint32_t *missing;  /* per customer: bit g for each --require group it fails */
    long flagged;       /* customers with any problem */
    int any_error;      /* some customer has an error, not only warnings */
};

/* Check every customer of d (its output fields as ck_purchase_fields makes them from t, p and
 * o, which may be NULL without orders) with the cleaner, then flag as CK_P_OUTLIER the amounts
 * and the order counts above their fence (ck_outlier_fence over the customers' valid values).
 * fc is filled even on error; free it with ck_final_check_free. The same in three steps, for
 * a writer that checks each customer just before writing it: */
int ck_final_check(struct ck_final_check *fc, struct ck_cleaner *cl, const struct ck_table *t,
                   const struct ck_dedup *d, const struct ck_purchase_plan *p,
                   const struct ck_orders *o, struct ck_error *e);
/* 1. The outliers: every customer's amount and order count (valid as the cleaner judges them),
 * their fences, and CK_P_OUTLIER flagged (the rest of fc's problems empty so far). */
int ck_final_check_start(struct ck_final_check *fc, const struct ck_cleaner *cl,
                         const struct ck_table *t, const struct ck_dedup *d,
                         const struct ck_purchase_plan *p, const struct ck_orders *o,
                         struct ck_error *e);
/* 2. Customer i, its output fields f (their lengths in len, or NULL), checked with cl (one
 * cleaner per thread; customers in any order, each once): its problems and missing groups.
 * line is its row's input line. others is NULL, or for a customer that is one row not merged,
 * the problems ck_clean_row found in that row's values other than the purchase ones
 * (res.others): then only the purchase values are normalised again (ck_clean_row_again). */
int ck_final_check_one(struct ck_final_check *fc, struct ck_cleaner *cl, const char *const *f,
                       const size_t *len, long line, size_t i, const uint32_t *others,
                       struct ck_error *e);
/* 3. When all n customers are checked: flagged and any_error. */
void ck_final_check_end(struct ck_final_check *fc, size_t n);
void ck_final_check_free(struct ck_final_check *fc);

/* Flag CK_P_OUTLIER in problems[i] for each values[i] above the fence of the values that are
 * not NaN (none when fewer than 4). scratch holds n doubles. */
void ck_outliers_mark(const double *values, size_t n, double *scratch, uint32_t *problems);

#endif
