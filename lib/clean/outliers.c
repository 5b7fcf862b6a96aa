/* outliers.c — the final check of `custkit clean`: each merged customer's row checked again
 * with its rolled-up purchases, and the amounts and order counts far above the rest flagged. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "clean/outliers.h"
void ck_outliers_mark(const double *values, size_t n, double *scratch, uint32_t *problems)
{
    size_t ns = 0;
    double fence;
    for (size_t i = 0; i < n; i++)
        if (!isnan(values[i]))
            scratch[ns++] = values[i];
    if (ck_outlier_fence(scratch, ns, &fence) != 0)
        return;
    for (size_t i = 0; i < n; i++)
        if (!isnan(values[i]) && values[i] > fence)
            problems[i] |= 1u << CK_P_OUTLIER;
}

/* The number in column col of f, NaN when it is empty, invalid (bad says) or unreadable. */
static double value_of(const char *const *f, long col, int bad)
{
    double v;
    if (col >= 0 && f[col][0] && !bad && ck_parse_double(f[col], &v) == 0)
        return v;
    return NAN;
}

int ck_final_check(struct ck_final_check *fc, struct ck_cleaner *cl, const struct ck_table *t,
                   const struct ck_dedup *d, const struct ck_purchase_plan *p,
                   const struct ck_orders *o, struct ck_error *e)
{
    size_t n = ck_dedup_count(d), m = n ? n : 1;
    const char **f = malloc(p->ncols * sizeof *f);
    double *amt = calloc(m, sizeof *amt), *ord = calloc(m, sizeof *ord);
    double *sorted = malloc(m * sizeof *sorted);
    memset(fc, 0, sizeof *fc);
    fc->problems = calloc(m, sizeof *fc->problems);
    fc->missing = calloc(m, sizeof *fc->missing);
    int rc = CK_OK;
    if (!f || !amt || !ord || !sorted || !fc->problems || !fc->missing) {
        rc = ck_error_set(e, CK_ENOMEM, "out of memory");
        goto out;
    }
    char buf[CK_NPURCHASE][32];
    /* the purchase plan lists amount and orders last; a kept column is the table's own */
    long acol = p->col[3], ocol = p->col[2];
    for (size_t i = 0; i < n; i++) {
        ck_purchase_fields(p, t, d, o, i, f, buf);
        struct ck_clean_result res;
        size_t row = ck_dedup_row(d, i);
        if ((rc = ck_clean_row(cl, f, NULL, t->lines[row], &res, e)))
            goto out;
        fc->problems[i] = res.problems;
        fc->missing[i] = res.missing;
        amt[i] = value_of(f, acol, (res.bad_roles >> CK_ROLE_AMOUNT & 1u) != 0);
        ord[i] = value_of(f, ocol, (res.bad_roles >> CK_ROLE_ORDERS & 1u) != 0);
    }
    ck_outliers_mark(amt, n, sorted, fc->problems);
    ck_outliers_mark(ord, n, sorted, fc->problems);
    for (size_t i = 0; i < n; i++) {
        fc->flagged += fc->problems[i] != 0;
        fc->any_error |= ck_problem_set_has_error(fc->problems[i]);
    }
out:
    free(f);
    free(amt);
    free(ord);
    free(sorted);
    return rc;
}

void ck_final_check_free(struct ck_final_check *fc)
{
    free(fc->problems);
    free(fc->missing);
    fc->problems = fc->missing = NULL;
}
