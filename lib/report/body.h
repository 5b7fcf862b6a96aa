/* body.h — the data rows of export's sheets, written by custkit and spliced into the
 * workbook libxlsxwriter writes around them.
 *
 * libxlsxwriter writes every other part of the report (summary, styles, column formats,
 * the header row, freeze panes, filters, validation). Its per-cell cost, most of it zlib
 * deflating a gigabyte of XML on one core, was the report's whole time; here the cell XML
 * is made on the calling thread and deflated by libdeflate in independent 1 MB pieces on
 * worker threads (joined as one deflate stream, report/deflate_join.h: each piece ends on a byte
 * boundary and only the last part of the sheet is final), kept in an unlinked temporary file,
 * and copied into the finished workbook by xlsx_body_splice. */
#ifndef CK_REPORT_BODY_H
#define CK_REPORT_BODY_H

#include <stddef.h>
#include <stdint.h>

#include "base/base.h"

struct xlsx_body;

/* tmpdir NULL or "" = /tmp. */
int xlsx_body_new(struct xlsx_body **out, const char *tmpdir, struct ck_error *e);
void xlsx_body_free(struct xlsx_body *b);

/* Every cell with its reference (on), for readers that require them; off (the default): a
 * cell gives its reference only after a gap, the next column being implied. */
void xlsx_body_all_refs(struct xlsx_body *b, int on);

/* The rows of the sheet stored as xl/worksheets/sheet<sheet>.xml follow, ncols wide; its
 * header row (row 1) is libxlsxwriter's. */
int xlsx_body_sheet(struct xlsx_body *b, int sheet, size_t ncols, struct ck_error *e);
/* Row r (1-based, increasing) starts; cells follow in column order (col < ncols). */
void xlsx_body_row(struct xlsx_body *b, uint32_t r);
/* A text cell, written as report/text.h's CK_XTEXT_CELL_XML: entities, control characters as
 * _xHHHH_ as libxlsxwriter does, U+FFFE and U+FFFF (which XML cannot hold) as _xFFFE_ and
 * _xFFFF_, and the underscore of literal text Excel would decode (_x0041_) as _x005F_. */
void xlsx_body_text(struct xlsx_body *b, size_t col, int style, const char *s, size_t len);
/* A number cell from its text, which must be an XML Schema decimal ("-12.50"). */
void xlsx_body_number_text(struct xlsx_body *b, size_t col, int style, const char *s, size_t len);
void xlsx_body_number(struct xlsx_body *b, size_t col, int style, double d);
/* The row ends; its XML may go to a worker. */
int xlsx_body_row_end(struct xlsx_body *b, struct ck_error *e);
/* The sheet's rows end. */
int xlsx_body_sheet_end(struct xlsx_body *b, struct ck_error *e);

/* Rewrites the workbook at path (written by libxlsxwriter, its data sheets holding the
 * header row alone) with the rows in place and each sheet's <dimension> reaching the last row
 * begun, empty or not (libxlsxwriter's range for the same sheet, which its filter covers). */
int xlsx_body_splice(struct xlsx_body *b, const char *path, const char *name, struct ck_error *e);

/* Whether export writes the rows itself (CUSTKIT_XLSX_WRITER=libxlsxwriter says no). */
int xlsx_body_wanted(void);

#endif
