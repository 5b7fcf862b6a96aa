/* fuzz_xls.c — libFuzzer target: the .xls reader (libfreexl behind the workbook interface) on
 * arbitrary bytes given the OLE2 signature, listing the sheets and reading each to its end.
 *
 * libfreexl runs in a child process of the reader (xls_read.c): when it faults on a crafted
 * file (it trusts string lengths in its records; see SECURITY.md), the child dies and custkit
 * reports a damaged workbook. Every input therefore goes through custkit whole; a fault of
 * libfreexl is not a finding of this target, a fault of this process is.
 */
#include "fuzz_util.h"

#include "custkit.h"
#include "io/xls_read.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    ck_xls_max_bytes = 4 << 20; /* inputs stay small; the limit's path is fuzzed too */
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const uint8_t magic[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
    if (size < 8)
        return 0;
    uint8_t *copy = malloc(size);
    if (!copy)
        abort();
    memcpy(copy, data, size);
    memcpy(copy, magic, 8); /* every input is taken for an OLE2 file */
    char path[64];
    fuzz_file(copy, size, path);
    free(copy);
    struct ck_xlsx *x = NULL;
    struct ck_error e;
    if (ck_xlsx_open(&x, path, &e) != CK_OK)
        return 0;
    size_t n = ck_xlsx_sheet_count(x);
    for (size_t i = 0; i < n && i < 8; i++) {
        (void)ck_xlsx_sheet_name(x, i);
        (void)ck_xlsx_sheet_state(x, i);
        (void)ck_xlsx_sheet_kind(x, i);
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
    ck_xlsx_close(x);
    return 0;
}

