/* trend.h — the 趋势 / Trend sheet of export's report (export --history DIR): customers per
 * segment in each of the last quarters kept in DIR and in the current table (trend.c), and the
 * sheet with its change formulas and line chart (report/trend_sheet.c). */
#ifndef CK_TREND_H
#define CK_TREND_H

#include <stddef.h>
#include <xlsxwriter.h>

#include "base/base.h"
#include "report/spool.h"

/* Columns of the trend: the current quarter and up to seven before it, gaps included. */
enum { CK_TREND_MAX_QUARTERS = 8, CK_TREND_MAX_SEGMENTS = 100 };

struct ck_trend {
    size_t nq;                             /* quarters, oldest first; the last is the current */
    int present[CK_TREND_MAX_QUARTERS];    /* its table was found (the current one always) */
    char label[CK_TREND_MAX_QUARTERS][12]; /* "2026-Q1"; "" for a current of unknown quarter */
    size_t nseg;
    char **seg;  /* the union of the segment values, in display order */
    long *count; /* count[s * CK_TREND_MAX_QUARTERS + q] */
};

/* Read the history in dir: entries named by quarter, YYYY-Qn or YYYYQn, each a directory
 * holding segments.csv (quarterly.sh's ROOT/YYYY-Qn/) or a table file YYYY-Qn.csv / .xlsx;
 * other entries are ignored, a quarter directory without segments.csv is a gap. as_of
 * ("YYYY-MM-DD" or NULL) names the current quarter; history at or after it is ignored; without
 * it the current follows the newest quarter found. Only the seven quarters before the current
 * are read. *t is NULL when none of them is present (no trend sheet). A file that cannot be
 * read or has no segment column (segment or 分层) is CK_EINPUT naming it. */
int ck_trend_load(struct ck_trend **t, const char *dir, const char *as_of, struct ck_error *e);
/* Count the current table's segments into the last column; segment values listed in order
 * (the report's group order, may be NULL) come first, the others after as first seen. A table
 * without a segment column is CK_EUSAGE. */
int ck_trend_count_current(struct ck_trend *t, struct ck_report_rows *rows, const char *name,
                           const char *const *order, size_t norder, struct ck_error *e);
void ck_trend_free(struct ck_trend *t);

/* The formats of the report the sheet uses (report/workbook.c makes them). */
struct ck_trend_formats {
    lxw_format *title, *head, *label, *count, *total, *pct, *total_pct;
    lxw_format *quarter; /* the header over a column of numbers */
};
/* Write the trend into ws (named sheet): counts per segment and quarter with a total row, then
 * the change from the quarter before (difference and %, live formulas that skip a missing
 * quarter), and a line chart of the counts. Labels in Chinese when zh. */
int ck_trend_sheet(lxw_workbook *wb, lxw_worksheet *ws, const char *sheet, const struct ck_trend *t,
                   int zh, const struct ck_trend_formats *fm, struct ck_error *e);

#endif
