/* report.h — the report `custkit export` writes (SPEC §7): Excel sheet-name rules, masking
 * of phones and e-mails, and the workbook (or per-segment CSVs) built from a segmented table. */
#ifndef CK_REPORT_H
#define CK_REPORT_H

#include <stddef.h>
#include <time.h>

#include "clean/clean.h"

/* ---------- sheet names ---------- */

/* Excel's limit on a sheet name, in UTF-16 code units (a character outside the BMP counts 2). */
#define CK_SHEET_NAME_UNITS 31
/* Bytes enough for any valid sheet name in UTF-8, NUL included. */
#define CK_SHEET_NAME_BYTES 128
/* Data rows on one worksheet below its header row (Excel's 1,048,576 rows minus one). */
#define CK_SHEET_MAX_DATA_ROWS 1048575L

/* Make s a valid sheet name on its own: invalid UTF-8 and control characters and []:*?/\ become
 * '_', leading and trailing apostrophes and spaces go, the name is cut to 31 UTF-16 units (never
 * inside a character). With file_mode the result is also a safe file name: <>"| become '_' and a
 * leading '.' becomes '_', so no segment value can reach outside the target directory. A name
 * left empty becomes `blank`. Returns out. */
char *ck_sheet_name_clean(const char *s, int file_mode, const char *blank,
                          char out[CK_SHEET_NAME_BYTES]);

/* Length of a UTF-8 string in UTF-16 code units, as Excel counts a sheet name. */
size_t ck_utf16_units(const char *s);

/* The names given out so far in one workbook (or one --split directory): unique
 * without regard to case (Unicode case folding), `History` reserved by Excel. */
struct ck_sheet_names;
int ck_sheet_names_new(struct ck_sheet_names **s, struct ck_error *e);
void ck_sheet_names_free(struct ck_sheet_names *s);
/* Clean `want` (as ck_sheet_name_clean) and make it unique: a taken name gets " (2)", " (3)"…,
 * its base cut so the whole stays within 31 units. The name is recorded and copied to out. */
int ck_sheet_names_add(struct ck_sheet_names *s, const char *want, int file_mode,
                       const char *blank, char out[CK_SHEET_NAME_BYTES], struct ck_error *e);
/* Like ck_sheet_names_add for part n (>= 2) of a sheet too long for one worksheet: "NAME (n)"
 * with NAME cut to fit, then made unique. */
int ck_sheet_names_add_part(struct ck_sheet_names *s, const char *name, long n, int file_mode,
                            char out[CK_SHEET_NAME_BYTES], struct ck_error *e);
/* Is the name (cleaned) already taken? */
int ck_sheet_names_taken(const struct ck_sheet_names *s, const char *name);

/* Whether the values of a dropdown can be written inline in its data validation: within Excel's
 * 255-character list and libxlsxwriter's 255-byte copy of it, no comma or quote, nothing
 * report/text.h would rewrite. Otherwise they belong on a hidden sheet the list refers to. */
int ck_xlsx_inline_list_fits(const char *const *vals, size_t n);

/* ---------- masking (--mask phone,email) ---------- */

/* "13812345678" → "138****5678": the first 3 and last 4 characters kept, each one between
 * them becomes '*'; values of 7 characters or fewer keep only their last 2. */
char *ck_mask_phone(const char *s, char *out, size_t cap);
/* "zhang@example.com" → "z***@example.com"; a value without '@' becomes "***". */
char *ck_mask_email(const char *s, char *out, size_t cap);

/* ---------- the report ---------- */

struct ck_trend;

enum ck_chart_kind { CK_CHART_COLUMN = 0, CK_CHART_PIE = 1, CK_CHART_NONE = 2 };
enum ck_mask_bits { CK_MASK_PHONE = 1, CK_MASK_EMAIL = 2 };

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

/* The table the report is made of, spooled to an unlinked temporary file (in tmpdir, NULL =
 * /tmp) so that memory stays small whatever its size: the report keeps about 30 bytes a row. */
struct ck_report_rows;
/* Every remaining record of r (header included). */
int ck_report_rows_load(struct ck_report_rows **rows, struct ck_reader *r, const char *tmpdir,
                        struct ck_error *e);
/* The rows of an in-memory table. */
int ck_report_rows_from_table(struct ck_report_rows **rows, const struct ck_table *t,
                              const char *tmpdir, struct ck_error *e);
size_t ck_report_rows_count(const struct ck_report_rows *rows);
/* Build one row by row instead (segment keeps its rows here while it scores them): new, then
 * append each row (fields beyond n are empty), then finish before the first get. */
int ck_report_rows_new(struct ck_report_rows **rows, char *const *names, size_t ncols,
                       const char *tmpdir, struct ck_error *e);
int ck_report_rows_append(struct ck_report_rows *rows, const char *const *f, const size_t *len,
                          size_t n, struct ck_error *e);
int ck_report_rows_finish(struct ck_report_rows *rows, struct ck_error *e);
/* Row i's fields, NUL-terminated, into *f and their lengths into *len (valid until the next
 * get); rows read in order are read a megabyte ahead. */
int ck_report_rows_get(struct ck_report_rows *rows, size_t i, const char *const **f,
                       const size_t **len, struct ck_error *e);
/* Free rows (NULL is fine): after a failed load too. */
void ck_report_rows_free(struct ck_report_rows *rows);

/* Write the report workbook for the rows to path (the caller renames it into place). Usage
 * problems (unknown --by or --sort column) are CK_EUSAGE, write failures CK_EOUTPUT. */
int ck_report_xlsx(struct ck_report_rows *rows, const struct ck_report_opts *o, const char *path,
                   struct ck_report_stats *st, struct ck_error *e);
/* --format csv --split DIR: one CSV per segment in dir (created when missing), UTF-8 with BOM,
 * named like the sheets (file-safe) with ".csv"; rows sorted and masked as in the workbook. */
int ck_report_csv_split(struct ck_report_rows *rows, const struct ck_report_opts *o,
                        const char *dir, struct ck_report_stats *st, struct ck_error *e);

#endif
