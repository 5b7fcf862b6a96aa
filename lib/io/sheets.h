/* sheets.h — which sheets of a workbook import reads with --all-sheets, and how many rows a
 * sheet has, for --list-sheets. */
#ifndef CK_SHEETS_H
#define CK_SHEETS_H

#include "io/io.h"

/* The sheets --all-sheets reads: the visible worksheets only (hidden sheets hold lookups and
 * scratch work, charts and dialogs no cells). *nums gets their 1-based numbers, in workbook
 * order (malloc'd, the caller frees it; NULL when *n is 0). */
int ck_sheets_importable(const char *path, size_t **nums, size_t *n, struct ck_error *e);
/* The non-empty rows of sheet i (0-based) of x; 0 for a sheet that is no worksheet. */
int ck_sheets_rows(struct ck_xlsx *x, size_t i, long *rows, struct ck_error *e);

#endif
