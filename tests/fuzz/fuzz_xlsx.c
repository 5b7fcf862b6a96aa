/* fuzz_xlsx.c — libFuzzer target: the XLSX reader on arbitrary bytes as a workbook file
 * (zip container, every XML part), reading every sheet to its end. */
#include "fuzz_util.h"

#include "custkit.h"
#include "io/xlsx_internal.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    /* Small limits keep each run fast; the limit paths are fuzzed at these sizes. */
    ck_xlsx_limits.max_total = 64 << 20;
    ck_xlsx_limits.ratio_grace = 1 << 20;
    ck_xlsx_limits.max_cell = 1 << 20;
    ck_xlsx_limits.max_row = 4 << 20;
    ck_xlsx_limits.max_strings = 1 << 16;
    ck_xlsx_limits.max_styles = 1 << 12;
    ck_xlsx_limits.max_sheets = 64;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[64];
    fuzz_file(data, size, path);
    struct ck_xlsx *x = NULL;
    struct ck_error e;
    if (ck_xlsx_open(&x, path, &e) != CK_OK)
        return 0;
    size_t n = ck_xlsx_sheet_count(x);
    for (size_t i = 0; i < n && i < 4; i++) {
        (void)ck_xlsx_sheet_name(x, i);
        (void)ck_xlsx_sheet_state(x, i);
        char num[24];
        snprintf(num, sizeof num, "%zu", i + 1);
        if (ck_xlsx_select(x, num, &e) != CK_OK)
            continue;
        const struct ck_row *row;
        for (long k = 0; k < 100000; k++) {
            if (ck_xlsx_next(x, &row, &e) != CK_OK || !row)
                break;
            for (size_t c = 0; c < row->n; c++)
                if (row->f[c][row->len[c]] != 0)
                    abort();
        }
    }
    (void)ck_xlsx_error_cells(x);
    ck_xlsx_close(x);
    return 0;
}
