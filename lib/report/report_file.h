/* report_file.h — the report workbook as a file: the time it says it was made, and its
 * encrypted form (a password set with `export --password-file`). */
#ifndef CK_REPORT_FILE_H
#define CK_REPORT_FILE_H

#include <time.h>

#include "report/report.h"
/* The report's times: asof_iso (16 bytes) gets the as-of date as YYYY-MM-DD, "" when as_of is
 * NULL (the data describes today); *created is when the report was made: $SOURCE_DATE_EPOCH
 * when set, for reproducible bytes, else now. CK_EUSAGE for a bad as_of or epoch. */
int ck_report_times(const char *as_of, time_t *created, char *asof_iso, struct ck_error *e);
/* ck_report_xlsx, encrypted with password into path. The plaintext workbook is written into
 * an unlinked temporary file in o->tmpdir, so it never has a name on disk, and overwritten
 * with zeros before that file is closed. */
int ck_report_xlsx_encrypted(struct ck_report_rows *rows, const struct ck_report_opts *o,
                             const char *password, const char *path,
                             struct ck_report_stats *st, struct ck_error *e);

#endif
