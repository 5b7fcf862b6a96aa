/* xls_read.h — old Excel workbooks (.xls) through libfreexl (xls_read.c). Not a public
 * interface: the XLSX reader's functions (custkit.h) open both formats. */
#ifndef CK_XLS_READ_H
#define CK_XLS_READ_H

#include <stddef.h>
#include <sys/types.h>

#include "io/io.h"

/* Largest .xls file read, in bytes (libfreexl holds all of it, and every sheet's cells, in
 * memory): 256 MiB; CUSTKIT_XLS_MAX_SIZE in the environment overrides it ("512M"; 0 = no
 * limit). */
extern size_t ck_xls_max_bytes;

/* An OLE2 compound file whose streams include Workbook (BIFF8) or Book (BIFF5) and no
 * EncryptedPackage, or whose directory names no stream custkit knows (a damaged file:
 * libfreexl tells what is wrong with it). 0 for Word, PowerPoint, encrypted OOXML (xlsx_zip.c). */
int ck_ole_is_workbook(const char *path);

struct ck_xls;
/* Open the .xls at path, naming it display in messages. A password-protected (FILEPASS) or
 * damaged workbook, or one over the size limit, is CK_EINPUT. */
int ck_xls_open(struct ck_xls **x, const char *path, const char *display, struct ck_error *e);
/* The same, reading from fd what a reader process (pid, 0: none) sends: its status, sheet
 * names, rows (the frames xls_read.c describes). For the fuzz target of that framing. */
int ck_xls_open_stream(struct ck_xls **x, int fd, pid_t pid, const char *display,
                       struct ck_error *e);
size_t ck_xls_sheet_count(const struct ck_xls *x);
const char *ck_xls_sheet_name(const struct ck_xls *x, size_t i);
/* Sheet i's visibility (0 visible, 1 hidden, 2 very hidden) and enum ck_sheet_kind, as its
 * BOUNDSHEET record says; visible worksheets when that record cannot be found. */
int ck_xls_sheet_state(const struct ck_xls *x, size_t i);
int ck_xls_sheet_kind(const struct ck_xls *x, size_t i);
/* Start reading sheet i (0-based) from its first row. */
int ck_xls_start(struct ck_xls *x, size_t i, struct ck_error *e);
/* The next row holding a value, as strings (numbers as the XLSX reader prints them, dates
 * ISO), trailing empty cells trimmed, row->line = the sheet's row number; NULL at the end. */
int ck_xls_next(struct ck_xls *x, const struct ck_row **row, struct ck_error *e);
/* Of the sheet read to its end: error cells written empty; formula cells whose result could
 * not be read (-1: the workbook stream could not be walked for them), the first at *row, *col
 * (0-based; row -1 when there is none). */
long ck_xls_error_cells(const struct ck_xls *x);
long ck_xls_formulas_unread(const struct ck_xls *x, long *row, long *col);
void ck_xls_close(struct ck_xls *x);

#endif
