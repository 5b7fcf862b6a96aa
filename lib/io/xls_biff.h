/* xls_biff.h — formula results and BOOLERR constants of an .xls sheet, read from the Workbook
 * stream by custkit itself (xls_biff.c): what libfreexl leaves out. A formula's number result
 * comes with how its cell's number format shows it (date, time, date-time or number). */
#ifndef CK_XLS_BIFF_H
#define CK_XLS_BIFF_H

#include <stddef.h>
#include <stdint.h>

/* XLS_F_CELL: a plain NUMBER, RK or MULRK cell, with its own XF's format kind in fmt (or
 * XLS_FMT_UNKNOWN when its XF or format cannot be read) and its value in num (libfreexl reads
 * these cells too; this says how the XLSX reader would show it) */
#define XLS_FMT_UNKNOWN 0xFF
enum { XLS_F_NUMBER, XLS_F_TEXT, XLS_F_BOOL, XLS_F_ERROR, XLS_F_CELL };

struct xls_fcell {
    uint32_t row;
    uint16_t col;
    uint8_t kind; /* XLS_F_* */
    uint8_t fmt;  /* XLS_F_NUMBER, XLS_F_CELL: its cell's number format, an enum xlsx_kind (0: a
                     number) */
    double num;   /* a number; a boolean as 0 or 1 */
    char *text;   /* XLS_F_TEXT: UTF-8, NUL-terminated (NULL: empty) */
    size_t tlen;
};

struct xls_fcells {
    struct xls_fcell *c; /* in record order */
    size_t n, cap;
    long unread;           /* formula cells whose result could not be read here */
    long first_unread_row; /* 0-based, -1 when none */
    unsigned first_unread_col;
    int date1904; /* the workbook's DATEMODE: dates count from 1904 */
};

/* The formula results, BOOLERR cells and plain number cells of sheet `sheet` (0-based, in BOUNDSHEET order) of the
 * OLE2 file f (n bytes). 0, or -1 when the container or the stream is malformed (fc then holds
 * what was read before). */
int xls_biff_sheet_cells(const unsigned char *f, size_t n, size_t sheet, struct xls_fcells *fc);
void xls_fcells_free(struct xls_fcells *fc);

#endif
