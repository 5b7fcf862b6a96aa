/* sheet_names.h — Excel's rules for sheet names (31 UTF-16 units, forbidden characters,
 * uniqueness without regard to case), and file-safe names for --split. */
#ifndef CK_SHEET_NAMES_H
#define CK_SHEET_NAMES_H

#include <stddef.h>

#include "base/base.h"
/* Excel's limit on a sheet name, in UTF-16 code units (a character outside the BMP counts 2). */
#define CK_SHEET_NAME_UNITS 31
/* Bytes enough for any valid sheet name in UTF-8, NUL included. */
#define CK_SHEET_NAME_BYTES 128
/* Data rows on one worksheet below its header row (Excel's 1,048,576 rows minus one). */
#define CK_SHEET_MAX_DATA_ROWS 1048575L
/* Data rows one worksheet holds under `top` lines above its header (a segment sheet's playbook
 * line), at most max (0 = no other limit): Excel's rows less the header and those lines. */
long ck_sheet_data_rows(long max, int top);

/* Make s a valid sheet name on its own: invalid UTF-8 and control characters and []:*?/\ become
 * '_', leading and trailing apostrophes and spaces go, the name is cut to 31 UTF-16 units (never
 * inside a character). With file_mode the result is also a safe file name: <>"| become '_' and a
 * leading '.' becomes '_', so no segment value can reach outside the target directory. A name
 * left empty becomes `blank`. Returns out. */
char *ck_sheet_name_clean(const char *s, int file_mode, const char *blank,
                          char out[CK_SHEET_NAME_BYTES]);

/* Length of a UTF-8 string in UTF-16 code units, as Excel counts a sheet name. */
size_t ck_utf16_units(const char *s);

/* The names given out so far in one workbook (or one --split directory): unique
 * without regard to case (Unicode case folding), `History` reserved by Excel. */
struct ck_sheet_names;
int ck_sheet_names_new(struct ck_sheet_names **s, struct ck_error *e);
void ck_sheet_names_free(struct ck_sheet_names *s);
/* Clean `want` (as ck_sheet_name_clean) and make it unique: a taken name gets " (2)", " (3)"…,
 * its base cut so the whole stays within 31 units. The name is recorded and copied to out. */
int ck_sheet_names_add(struct ck_sheet_names *s, const char *want, int file_mode,
                       const char *blank, char out[CK_SHEET_NAME_BYTES], struct ck_error *e);
/* Like ck_sheet_names_add for part n (>= 2) of a sheet too long for one worksheet: "NAME (n)"
 * with NAME cut to fit, then made unique. */
int ck_sheet_names_add_part(struct ck_sheet_names *s, const char *name, long n, int file_mode,
                            char out[CK_SHEET_NAME_BYTES], struct ck_error *e);
/* Is the name (cleaned) already taken? */
int ck_sheet_names_taken(const struct ck_sheet_names *s, const char *name);

#endif
