/* outliers.c — the final check of `custkit clean`: each merged customer's row checked again
 * with its rolled-up purchases, and the amounts and order counts far above the rest flagged. */
#include <math.h>
#include <pthread.h>
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

/* One share of the customers, [from, to), read by one thread: their amounts and order counts
 * (start), or checked with a cleaner of its own (the whole check). */
struct share {
    struct ck_cleaner *cl;
    const struct ck_table *t;
    const struct ck_dedup *d;
    const struct ck_purchase_plan *p;
    const struct ck_orders *o;
    struct ck_final_check *fc;
    double *amt, *ord;
    size_t from, to;
    int rc;
    struct ck_error e;
};

static void *values_share(void *arg)
{
    struct share *s = arg;
    const struct ck_purchase_plan *p = s->p;
    const char **f = malloc(p->ncols * sizeof *f);
    s->rc = CK_OK;
    if (!f) {
        s->rc = ck_error_set(&s->e, CK_ENOMEM, "out of memory");
        return NULL;
    }
    char buf[CK_NPURCHASE][32];
    /* the purchase plan lists amount and orders last; a kept column is the table's own */
    long acol = p->col[3], ocol = p->col[2];
    for (size_t i = s->from; i < s->to; i++) {
        int abad, obad;
        ck_purchase_fields(p, s->t, s->d, s->o, i, f, buf);
        if (ck_clean_role_bad(s->cl, CK_ROLE_AMOUNT, f, &abad) ||
            ck_clean_role_bad(s->cl, CK_ROLE_ORDERS, f, &obad)) {
            s->rc = ck_error_set(&s->e, CK_ENOMEM, "out of memory");
            break;
        }
        s->amt[i] = value_of(f, acol, abad);
        s->ord[i] = value_of(f, ocol, obad);
    }
    free(f);
    return NULL;
}

static void *check_share(void *arg)
{
    struct share *s = arg;
    const char **f = malloc(s->p->ncols * sizeof *f);
    s->rc = CK_OK;
    if (!f) {
        s->rc = ck_error_set(&s->e, CK_ENOMEM, "out of memory");
        return NULL;
    }
    char buf[CK_NPURCHASE][32];
    for (size_t i = s->from; i < s->to && s->rc == CK_OK; i++) {
        ck_purchase_fields(s->p, s->t, s->d, s->o, i, f, buf);
        s->rc = ck_final_check_one(s->fc, s->cl, f, NULL, s->t->lines[ck_dedup_row(s->d, i)],
                                   i, NULL, &s->e);
    }
    free(f);
    return NULL;
}

/* Below this many customers a second thread costs more than it saves. */
#define SHARE_MIN 4096

/* fn over the customers in two shares, the second on a second thread (with a cleaner of its
 * own when own_cleaner); the first customer's error, as one thread would have met it. */
static int in_shares(void *(*fn)(void *), struct share sh[2], size_t n, int own_cleaner,
                     struct ck_error *e)
{
    pthread_t tid;
    int threaded = 0, rc = CK_OK;
    sh[0].from = 0, sh[0].to = n, sh[1].from = sh[1].to = n;
    if (n >= SHARE_MIN && ck_threads_allowed() &&
        (!own_cleaner || ck_cleaner_clone(sh[0].cl, &sh[1].cl, e) == CK_OK)) {
        sh[0].to = sh[1].from = n / 2;
        threaded = pthread_create(&tid, NULL, fn, &sh[1]) == 0;
        if (!threaded)
            sh[0].to = sh[1].from = n;
    }
    fn(&sh[0]);
    if (threaded)
        pthread_join(tid, NULL);
    if (own_cleaner)
        ck_cleaner_free(sh[1].cl);
    for (int k = 0; k < 2 && rc == CK_OK; k++)
        if ((rc = sh[k].rc))
            *e = sh[k].e;
    return rc;
}

int ck_final_check_start(struct ck_final_check *fc, const struct ck_cleaner *cl,
                         const struct ck_table *t, const struct ck_dedup *d,
                         const struct ck_purchase_plan *p, const struct ck_orders *o,
                         struct ck_error *e)
{
    size_t n = ck_dedup_count(d), m = n ? n : 1;
    double *amt = calloc(m, sizeof *amt), *ord = calloc(m, sizeof *ord);
    double *sorted = malloc(m * sizeof *sorted);
    memset(fc, 0, sizeof *fc);
    fc->problems = calloc(m, sizeof *fc->problems);
    fc->missing = calloc(m, sizeof *fc->missing);
    int rc = CK_OK;
    if (!amt || !ord || !sorted || !fc->problems || !fc->missing) {
        rc = ck_error_set(e, CK_ENOMEM, "out of memory");
        goto out;
    }
    /* ck_clean_role_bad only reads the cleaner: both shares use the one given */
    struct share sh[2] = {{(struct ck_cleaner *)cl, t, d, p, o, fc, amt, ord, 0, n, CK_OK, {0}},
                          {(struct ck_cleaner *)cl, t, d, p, o, fc, amt, ord, n, n, CK_OK, {0}}};
    if ((rc = in_shares(values_share, sh, n, 0, e)))
        goto out;
    ck_outliers_mark(amt, n, sorted, fc->problems);
    ck_outliers_mark(ord, n, sorted, fc->problems);
out:
    free(amt);
    free(ord);
    free(sorted);
    return rc;
}

int ck_final_check_one(struct ck_final_check *fc, struct ck_cleaner *cl, const char *const *f,
                       const size_t *len, long line, size_t i, const uint32_t *others,
                       struct ck_error *e)
{
    struct ck_clean_result res;
    int rc = others ? ck_clean_row_again(cl, f, len, line, *others, &res, e)
                    : ck_clean_row(cl, f, len, line, &res, e);
    if (rc == CK_OK) {
        fc->problems[i] |= res.problems; /* beside the outliers flagged at the start */
        fc->missing[i] = res.missing;
    }
    return rc;
}

void ck_final_check_end(struct ck_final_check *fc, size_t n)
{
    fc->flagged = 0;
    fc->any_error = 0;
    for (size_t i = 0; i < n; i++) {
        fc->flagged += fc->problems[i] != 0;
        fc->any_error |= ck_problem_set_has_error(fc->problems[i]);
    }
}

int ck_final_check(struct ck_final_check *fc, struct ck_cleaner *cl, const struct ck_table *t,
                   const struct ck_dedup *d, const struct ck_purchase_plan *p,
                   const struct ck_orders *o, struct ck_error *e)
{
    size_t n = ck_dedup_count(d);
    int rc = ck_final_check_start(fc, cl, t, d, p, o, e);
    if (rc)
        return rc;
    /* each customer is checked on its own: the second share with a cleaner of its own (a
     * cleaner keeps the row it returns) */
    struct share sh[2] = {{cl, t, d, p, o, fc, NULL, NULL, 0, n, CK_OK, {0}},
                          {NULL, t, d, p, o, fc, NULL, NULL, n, n, CK_OK, {0}}};
    if ((rc = in_shares(check_share, sh, n, 1, e)))
        return rc;
    ck_final_check_end(fc, n);
    return CK_OK;
}

void ck_final_check_free(struct ck_final_check *fc)
{
    free(fc->problems);
    free(fc->missing);
    fc->problems = fc->missing = NULL;
}
