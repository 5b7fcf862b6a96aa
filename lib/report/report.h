/* report.h — the report `custkit export` writes (SPEC §7): the workbook (or per-segment
 * CSVs) built from a segmented table. Its sheet names (report/sheet_names.h), masks
 * (report/mask.h) and the spooled table it reads (report/spool.h) come with it. */
#ifndef CK_REPORT_H
#define CK_REPORT_H

#include <stddef.h>
#include <time.h>

#include "base/base.h"
#include "clean/clean.h"
#include "report/mask.h"        /* IWYU pragma: export */
#include "report/sheet_names.h" /* IWYU pragma: export */
#include "report/spool.h"       /* IWYU pragma: export */

/* Whether the values of a dropdown can be written inline in its data validation: within Excel's
 * 255-character list and libxlsxwriter's 255-byte copy of it, no comma or quote, nothing
 * report/text.h would rewrite. Otherwise they belong on a hidden sheet the list refers to. */
int ck_xlsx_inline_list_fits(const char *const *vals, size_t n);

/* ---------- the report ---------- */

struct ck_trend;
struct ck_report_rows; /* report_rows.h: the header includes this one through custkit.h */

enum ck_chart_kind { CK_CHART_COLUMN = 0, CK_CHART_PIE = 1, CK_CHART_NONE = 2 };

struct ck_report_opts {
    int lang;                     /* CK_LANG_ZH / CK_LANG_EN: fixed sheet names, labels */
    const struct ck_roles *roles; /* roles of the table's header (ck_roles_resolve) */
    const char *by;               /* column whose values make the sheets; NULL = the segment
                                     column (segment / 分层), or one sheet when there is none */
    const char *sort_col;         /* NULL = the amount column */
    int sort_desc;                /* 1 descending, 0 ascending, -1 = numbers descending and
                                     text ascending */
    int chart;                    /* enum ck_chart_kind */
    int validation;               /* data validation on the data sheets */
    int cell_refs;                /* every data cell with its reference (r="B7"); 0: only a
                                     cell after a gap (report/body.h) */
    int all_sheet;                /* add 全部客户 / All customers */
    unsigned mask;                /* enum ck_mask_bits */
    long max_rows;                /* data rows per worksheet; 0 = CK_SHEET_MAX_DATA_ROWS */
    long constant_memory_rows;    /* use constant_memory above this many rows; 0 = 50000,
                                     negative = always */
    time_t created;               /* workbook created time (reproducible bytes) */
    const char *as_of;            /* as-of date for the facts block, or NULL */
    const char *facts_path;       /* $CUSTKIT_FACTS: JSON lines of earlier commands, or NULL */
    const char *const *inputs;    /* export's own input names */
    size_t ninputs;
    const char *tmpdir;           /* libxlsxwriter's temporary files; NULL = default */
    const char *output_name;      /* name of the output in messages; NULL = the path written */
    void (*progress)(void *ctx, long rows); /* called after each data row written, or NULL */
    void *progress_ctx;
    struct ck_trend *trend;       /* earlier quarters for the 趋势 / Trend sheet (trend.h), or
                                     NULL; the report counts the current table into it */
};

/* What the report held, for the command's own facts line and messages. */
struct ck_report_stats {
    long rows;       /* data rows */
    long groups;     /* segments (values of the --by column) */
    long sheets;     /* worksheets written (or files for --split) */
    long flagged;    /* rows with a non-empty problems cell */
    long truncated;  /* cells cut to Excel's 32,767 characters */
    /* Summary figures beyond the largest double (a total of 1e308 and 1e308): the cell is a
     * formula without a cached value, or blank. The first few are named in overflow. */
    long overflows;
    char overflow[4][200];
};

/* Write the report workbook for the rows to path (the caller renames it into place). Usage
 * problems (unknown --by or --sort column) are CK_EUSAGE, write failures CK_EOUTPUT. */
int ck_report_xlsx(struct ck_report_rows *rows, const struct ck_report_opts *o, const char *path,
                   struct ck_report_stats *st, struct ck_error *e);
/* --format csv --split DIR: one CSV per segment in dir (created when missing), UTF-8 with BOM,
 * named like the sheets (file-safe) with ".csv"; rows sorted and masked as in the workbook. */
int ck_report_csv_split(struct ck_report_rows *rows, const struct ck_report_opts *o,
                        const char *dir, struct ck_report_stats *st, struct ck_error *e);

#endif
