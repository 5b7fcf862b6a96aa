/* plan.h — inside export's report (report/report.h): the plan both the workbook and the
 * --split CSVs are written from (report/plan.c): labels in both languages, the columns' kinds,
 * groups in display order, rows sorted, column widths. */
#ifndef CK_REPORT_PLAN_H
#define CK_REPORT_PLAN_H

#include <stddef.h>
#include <stdint.h>

#include "report/spool.h"
#include "report/report.h"

enum {
    L_SUMMARY, L_REVIEW, L_REVIEW_ALT, L_CHANGES, L_ALL, L_LISTS, L_ONE_GROUP, L_BLANK,
    L_TITLE, L_H_SEGMENT, L_H_COUNT, L_H_SHARE, L_H_TOTAL, L_H_AVG_AMOUNT, L_H_AVG_ORDERS,
    L_TOTAL, L_FACTS, L_GENERATED, L_ASOF, L_INPUTS, L_READ, L_MERGED, L_REJECTED, L_FLAGGED,
    L_IN_REPORT, L_STEPS, L_PREV_CUR, L_NEW, L_CHART_COUNT, L_CHART_SHARE,
    L_V_LIST_T, L_V_LIST_M, L_V_AMOUNT_T, L_V_AMOUNT_M, L_V_COUNT_T, L_V_COUNT_M, L_V_AGE_T,
    L_V_AGE_M, L_V_DATE_T, L_V_DATE_M, L_V_PHONE_T, L_V_PHONE_M,
    /* the steps of the facts block: the commands, in ck_fact_cmds order, then export */
    L_STEP_IMPORT, L_STEP_CLEAN, L_STEP_TAG, L_STEP_SEGMENT, L_STEP_EXPORT, L_COUNT
};

/* [id][0] English, [id][1] Chinese. */
extern const char *const ck_report_labels[L_COUNT][2];
/* Default fonts, English and Chinese. */
extern const char *const ck_report_fonts[2];
#define LBL(p, id) ck_report_labels[id][(p)->zh]

enum col_kind { K_TEXT, K_AMOUNT, K_COUNT, K_AGE, K_NUMBER, K_DATE };
enum { LIST_MAX_VALUES = 500, GUESS_MAX_VALUES = 30, MAX_GROUPS = 1000 };

/* Copies of the strings the plan keeps (group, list and previous values, text sort keys). */
struct sblock {
    struct sblock *next;
    size_t used, cap;
    char data[];
};

struct col {
    int kind;
    int role;   /* -1 = none */
    int mask;   /* 0, CK_MASK_PHONE, CK_MASK_EMAIL */
    int hidden; /* segment_rank: orders sheets, not shown */
    int list;   /* list validation with vals */
    size_t nvals;
    const char **vals;
    int list_col; /* column on the hidden lists sheet, -1 = inline list */
};

struct group {
    const char *value;
    long count, first, flagged;
    double rank;
    int has_rank;
    double amount, orders;
    long start; /* first position in plan.idx */
    const char *playbook; /* the group's text in the playbook column, NULL when none */
    char name[CK_SHEET_NAME_BYTES];
};

/* A string set with insertion order, open addressing (group, list and previous values). */
struct strset {
    size_t cap, n;
    const char **key;
    long *val; /* index of the entry in insertion order */
    const char **order;
};

struct plan {
    struct ck_report_rows *t;
    const struct ck_report_opts *o;
    int zh;
    long by_col, seg_col, rank_col, prob_col, prev_col, mov_col, amount_col, orders_col;
    long sort_col;
    long play_col; /* the playbook column segment writes, when the sheets are its segments */
    int sort_numeric, sort_desc;
    struct col *cols;
    size_t ngroups;
    struct group *groups; /* display order */
    uint32_t *grp;        /* row → display group */
    double *key;          /* numeric sort key (NAN = empty, sorts last) */
    const char **skey;    /* text sort key, when the sort column is not numeric */
    uint32_t *idx;        /* rows by (group, key) */
    uint32_t *all;        /* rows by key alone (--all, review sheet) */
    int32_t *pv;          /* previous segment of each row, index into prev */
    uint8_t *flag;        /* problems cell not empty */
    double *width;        /* (ngroups + 2) × ncols: per group, all rows, flagged rows */
    struct strset prev;
    struct sblock *strings;
    long flagged;
    char buf[1024];
};

/* The plan of table t under options o; on failure p is still freed with ck_plan_free. */
int ck_plan_build(struct plan *p, struct ck_report_rows *t, const struct ck_report_opts *o,
                  struct ck_error *e);
void ck_plan_free(struct plan *p);
/* A number Excel may hold: no sign but '-', no leading zero ("007"), at most 15 digits. */
int ck_plan_numeric_ok(const char *v, double *d);
/* ISO "YYYY-MM-DD", "YYYY-MM-DD HH:MM" or "YYYY-MM-DD HH:MM:SS" (or with 'T') as an Excel
 * serial number. Dates before 1900-03-01 stay text (Excel's 1900 leap-year bug). */
int ck_plan_excel_date(const char *v, double *serial, int *has_time);
/* The value as shown: masked when the column is. */
const char *ck_plan_shown_value(const struct col *k, const char *v, char *buf, size_t cap);
/* Display width: CJK characters count double (measured up to 60). */
double ck_plan_text_width(const char *s);

#endif
