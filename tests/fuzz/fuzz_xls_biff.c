/* fuzz_xls_biff.c — libFuzzer target: custkit's own reader of formula results (xls_biff.c),
 * the OLE2 sector chains and the BIFF records of a sheet, on arbitrary bytes given the OLE2
 * signature. Each of the first sheets is walked; every text it returns must be as long as it
 * says and NUL-terminated, and every number format kind (from the XF and FORMAT records) one
 * there is, or "unknown" for a plain number cell (NUMBER, RK, MULRK). The same for the whole
 * workbook reader (xls_book_*, for what libfreexl refuses): its sheet names and the cells of
 * its first sheets, text cells from the shared strings included. */
#include "fuzz_util.h"

#include "io/xls_biff.h"
#include "io/xlsx_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const uint8_t magic[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
    if (size < 8)
        return 0;
    uint8_t *copy = malloc(size);
    if (!copy)
        abort();
    memcpy(copy, data, size);
    memcpy(copy, magic, 8);
    for (size_t sheet = 0; sheet < 3; sheet++) {
        struct xls_fcells fc;
        (void)xls_biff_sheet_cells(copy, size, sheet, &fc);
        for (size_t i = 0; i < fc.n; i++)
            if (fc.c[i].kind > XLS_F_CELL ||
                (fc.c[i].fmt > XLSX_DATETIME &&
                 !(fc.c[i].kind == XLS_F_CELL && fc.c[i].fmt == XLS_FMT_UNKNOWN)) ||
                (fc.c[i].text && strlen(fc.c[i].text) != fc.c[i].tlen))
                abort();
        xls_fcells_free(&fc);
    }
    struct xls_book *b;
    if (xls_book_open(copy, size, &b) == 0) {
        for (size_t i = 0; i < xls_book_sheet_count(b); i++)
            if (!xls_book_sheet_name(b, i))
                abort();
        for (size_t sheet = 0; sheet < 3; sheet++) {
            struct xls_fcells fc;
            (void)xls_book_sheet_cells(b, sheet, &fc);
            for (size_t i = 0; i < fc.n; i++)
                if (fc.c[i].kind > XLS_F_CELL ||
                    (fc.c[i].text && strlen(fc.c[i].text) != fc.c[i].tlen))
                    abort();
            xls_fcells_free(&fc);
        }
        xls_book_free(b);
    }
    free(copy);
    return 0;
}
