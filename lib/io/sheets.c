/* sheets.c — the workbook sheets import reads with --all-sheets, and a sheet's row count for
 * --list-sheets (sheets.h). */
#include "io/sheets.h"

#include <stdio.h>
#include <stdlib.h>

int ck_sheets_importable(const char *path, size_t **nums, size_t *n, struct ck_error *e)
{
    struct ck_xlsx *x;
    *nums = NULL;
    *n = 0;
    int rc = ck_xlsx_open(&x, path, e);
    if (rc != CK_OK)
        return rc;
    size_t cap = 0;
    for (size_t i = 0; i < ck_xlsx_sheet_count(x) && rc == CK_OK; i++) {
        if (ck_xlsx_sheet_state(x, i) != 0 || ck_xlsx_sheet_kind(x, i) != CK_SHEET_WORKSHEET)
            continue; /* hidden sheets hold lookups and scratch work, charts no cells */
        if (ck_grow((void **)nums, &cap, *n + 1, sizeof **nums) != 0)
            rc = ck_error_set(e, CK_ENOMEM, "out of memory");
        else
            (*nums)[(*n)++] = i + 1;
    }
    ck_xlsx_close(x);
    if (rc != CK_OK) {
        free(*nums);
        *nums = NULL;
        *n = 0;
    }
    return rc;
}

int ck_sheets_rows(struct ck_xlsx *x, size_t i, long *rows, struct ck_error *e)
{
    char num[24];
    const struct ck_row *row;
    *rows = 0;
    if (ck_xlsx_sheet_kind(x, i) != CK_SHEET_WORKSHEET)
        return CK_OK;
    snprintf(num, sizeof num, "%zu", i + 1);
    int rc = ck_xlsx_select(x, num, e);
    while (rc == CK_OK && (rc = ck_xlsx_next(x, &row, e)) == CK_OK && row)
        (*rows)++;
    return rc;
}
