/* segment.h — customer segmentation models (SPEC §6): value tiers, RFM quintiles with the
 * 125-code segment table, the RFM eight classes, lifecycle stages, groups by a column. */
#ifndef CK_SEGMENT_H
#define CK_SEGMENT_H

#include <stddef.h>
#include <stdint.h>

#include "clean/clean.h"

enum ck_seg_model { CK_SEG_VALUE, CK_SEG_RFM, CK_SEG_RFM8, CK_SEG_LIFECYCLE, CK_SEG_COLUMN };

/* What a customer is before scoring. Prospects (no purchase) and rows to review (an error
 * from clean, or purchases without the values the model needs) are left out of quantiles
 * and means and go to the last two tiers. */
enum ck_seg_state { CK_SEG_SCORED = 0, CK_SEG_PROSPECT = 1, CK_SEG_REVIEW = 2 };

#define CK_SEG_MAX_TIERS 16
#define CK_SEG_NAME_MAX 96

struct ck_seg_opts {
    int model;     /* enum ck_seg_model */
    long as_of;    /* days since 1970-01-01 */
    long column;   /* CK_SEG_COLUMN: the column grouped by */
    /* value by quantiles (--top): percent of scored customers per tier, best first */
    size_t ntop;
    double top[CK_SEG_MAX_TIERS];
    /* value by thresholds (--tiers): nthr tiers, amount >= thr[i]; the last has none */
    size_t nthr;
    double thr[CK_SEG_MAX_TIERS];
    char thr_name[CK_SEG_MAX_TIERS][CK_SEG_NAME_MAX];
    /* lifecycle */
    long new_days;   /* first purchase at most this many days before as-of → new */
    long windows[2]; /* last purchase ≤ w0 days → active, ≤ w1 → dormant, else lost */
};

/* Defaults: value model, --top 20,30, --new-days 90, --windows 90,180. */
void ck_seg_opts_init(struct ck_seg_opts *o);
/* The model named by --by ("value", "rfm", "rfm8", "lifecycle"), or -1 for a column name. */
int ck_seg_model_from_name(const char *by);
const char *ck_seg_model_name(int model);
/* --top "20,30": percentages > 0 whose sum is below 100. */
int ck_seg_parse_top(struct ck_seg_opts *o, const char *spec, struct ck_error *e);
/* --tiers "高价值>=50000,中价值>=10000,低价值": thresholds strictly decreasing, the last tier
 * without one (it takes every other scored customer). */
int ck_seg_parse_tiers(struct ck_seg_opts *o, const char *spec, struct ck_error *e);
/* --windows "90,180": two whole numbers of days, 0 <= first < second. */
int ck_seg_parse_windows(struct ck_seg_opts *o, const char *spec, struct ck_error *e);
/* --new-days N: a whole number of days >= 0. */
int ck_seg_parse_days(long *out, const char *spec, const char *opt, struct ck_error *e);

/* The p-th percentile (0 <= p <= 100) of n >= 1 sorted values, interpolated linearly between
 * closest ranks (numpy's and pandas' default "linear"): h = (n-1)·p/100, lo = floor(h),
 * x[lo] + (h-lo)·(x[lo+1]-x[lo]). */
double ck_seg_percentile(const double *sorted, size_t n, double p);
/* Number of breaks strictly below v: a value scores 1 + this, so equal values score alike. */
int ck_seg_breaks_below(double v, const double *breaks, size_t nbreaks);
/* RFM scores (1–5 each) → index of the named segment (0 = Champions … 10 = Lost), or -1. */
int ck_seg_rfm_segment(int r, int f, int m);
/* rfm8 class index (0 = 重要价值客户 … 7 = 一般挽留客户) from high (1) / low (0) flags. */
int ck_seg_rfm8_class(int r_high, int f_high, int m_high);

/* Per-customer inputs, one entry per table row. Arrays the model does not need are NULL. */
struct ck_seg_data {
    size_t n;
    unsigned char *state; /* enum ck_seg_state */
    double *recency;      /* days from last purchase to as-of (rfm, rfm8, lifecycle) */
    double *frequency;    /* orders (rfm, rfm8) */
    double *monetary;     /* amount (value, rfm, rfm8) */
    double *tenure;       /* days from first purchase to as-of, NAN when unknown (lifecycle) */
    const char **group;   /* the column's value (column model) */
    size_t n_prospect;    /* no purchase */
    size_t n_error;       /* problems cell holds an error */
    size_t n_incomplete;  /* purchases, but a value the model needs is missing or unreadable */
    size_t n_future;      /* last purchase after as-of (scored with a negative recency) */
    /* set by ck_seg_prepare_begin: the columns read, the model, the room in the arrays */
    long col_first, col_last, col_orders, col_amount, col_problems, col_group;
    int model;
    size_t cap;
};

/* Fill d from a table: purchase values by role (dates ISO, or any form ck_norm_date reads;
 * unreadable counts as missing), the state of each row (problems_col: the `_problems` /
 * `问题` column or -1). A model whose columns are missing is CK_EUSAGE naming them. */
int ck_seg_prepare(const struct ck_table *t, const struct ck_roles *roles, long problems_col,
                   const struct ck_seg_opts *o, struct ck_seg_data *d, struct ck_error *e);
/* The same, one row at a time, for a table that is streamed rather than held: begin checks
 * the model's columns and starts d empty; each call of add_row appends a row given as its
 * fields (at least as many as the header has; the group value is kept as a pointer, so the
 * caller keeps that string alive). */
int ck_seg_prepare_begin(const struct ck_roles *roles, long ncols, long problems_col,
                         const struct ck_seg_opts *o, struct ck_seg_data *d, struct ck_error *e);
int ck_seg_prepare_row(struct ck_seg_data *d, const struct ck_seg_opts *o, const char *const *f,
                       struct ck_error *e);
/* Allocate the arrays for n customers (state zeroed = scored) for the given model. */
int ck_seg_data_alloc(struct ck_seg_data *d, size_t n, int model, struct ck_error *e);
void ck_seg_data_free(struct ck_seg_data *d);

/* The outcome: every customer's tier (0 = best). Tiers are the model's scored tiers in
 * order, then Prospects, then Needs review; segment_rank = tier + 1. */
struct ck_seg_result {
    size_t n;
    uint32_t *tier;
    unsigned char *score; /* rfm: R, F, M (1–5) per customer, 0 when not scored */
    size_t ntiers;
    const char **names;   /* ntiers names in the table's language */
    size_t *count;        /* customers per tier */
    size_t nscored;
    size_t nbreaks;
    double breaks[3][CK_SEG_MAX_TIERS]; /* rfm: R, F, M quintile breaks; value: breaks[0] */
    double mean[3];                     /* rfm8: mean recency, orders, amount */
    char *namebuf;                      /* storage for generated names */
};

/* Run the model. lang: CK_LANG_ZH / CK_LANG_EN for the names. For the column model, names
 * point into d->group's strings, which must outlive the result. */
int ck_seg_run(const struct ck_seg_opts *o, const struct ck_seg_data *d, int lang,
               struct ck_seg_result *res, struct ck_error *e);
void ck_seg_result_free(struct ck_seg_result *res);

/* Names shared with other commands: 潜在客户/Prospects, 待核实/Needs review. */
const char *ck_seg_prospect_name(int lang);
const char *ck_seg_review_name(int lang);
/* Output column names: which = a key of columns.h ("segment", "segment_rank", "previous",
 * "movement", "playbook", "r_score" …); NULL for another. */
const char *ck_seg_column_name(const char *which, int lang);
/* Movement of a customer between two runs, by tier rank (1 = best). */
enum ck_seg_move { CK_MOVE_UP, CK_MOVE_DOWN, CK_MOVE_SAME, CK_MOVE_NEW, CK_MOVE_COUNT };
int ck_seg_movement(long prev_rank, long cur_rank); /* prev_rank <= 0: new */
const char *ck_seg_movement_name(int move, int lang);

/* Match the rows of cur with those of prev (a previous run's output) by id, else phone, else
 * email, normalised (width-folded text, ck_norm_phone, ck_norm_email). match[i] = row of
 * prev or -1; seen[j] = 1 when a row of cur matched row j of prev. */
int ck_seg_match(const struct ck_table *cur, const struct ck_roles *cur_roles,
                 const struct ck_table *prev, const struct ck_roles *prev_roles, long *match,
                 unsigned char *seen, struct ck_error *e);

#endif
