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

/* A BIFF8 workbook read by custkit alone, for what libfreexl refuses to open (a shared-string
 * table of more than 1,048,576 strings, as a workbook of a million rows has): its sheets'
 * names, and every cell of a sheet. */
struct xls_book;
/* The Workbook stream of the OLE2 file f (n bytes) and its globals: 0, or -1 when it is not a
 * well-formed BIFF8 workbook (*b then NULL). */
int xls_book_open(const unsigned char *f, size_t n, struct xls_book **b);
size_t xls_book_sheet_count(const struct xls_book *b);
const char *xls_book_sheet_name(const struct xls_book *b, size_t i);
int xls_book_date1904(const struct xls_book *b);
/* The workbook has a FILEPASS record: its records after it are ciphertext. */
int xls_book_password(const struct xls_book *b);
/* How many shared strings it read. */
size_t xls_book_strings(const struct xls_book *b);
/* Every cell of sheet `sheet` (0-based) in record order: text (shared strings, LABEL and
 * RSTRING records) as XLS_F_TEXT, plain numbers as XLS_F_CELL, formula results and BOOLERR as
 * in xls_biff_sheet_cells. 0, or -1 when its records are malformed. */
int xls_book_sheet_cells(const struct xls_book *b, size_t sheet, struct xls_fcells *fc);
void xls_book_free(struct xls_book *b);

#endif
