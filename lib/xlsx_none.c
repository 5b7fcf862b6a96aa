/* xlsx_none.c — used only while lib/xlsx_read.c is absent from the tree: workbooks are
 * recognised by content and refused with a clear message (the Makefile drops this file). */
#include "custkit.h"

int ck_xlsx_open(struct ck_xlsx **x, const char *path, struct ck_error *e)
{
    *x = NULL;
    return ck_error_set(e, CK_EINPUT, "%s: is an Excel workbook (XLSX); this build of custkit "
                        "cannot read XLSX yet: save it as CSV", path);
}
size_t ck_xlsx_sheet_count(const struct ck_xlsx *x) { (void)x; return 0; }
const char *ck_xlsx_sheet_name(const struct ck_xlsx *x, size_t i) { (void)x; (void)i; return ""; }
int ck_xlsx_sheet_state(const struct ck_xlsx *x, size_t i) { (void)x; (void)i; return 0; }
int ck_xlsx_select(struct ck_xlsx *x, const char *s, struct ck_error *e)
{
    (void)x;
    (void)s;
    return ck_error_set(e, CK_EINPUT, "XLSX not supported");
}
const char *ck_xlsx_selected(const struct ck_xlsx *x) { (void)x; return ""; }
int ck_xlsx_next(struct ck_xlsx *x, const struct ck_row **row, struct ck_error *e)
{
    (void)x;
    *row = NULL;
    return ck_error_set(e, CK_EINPUT, "XLSX not supported");
}
long ck_xlsx_error_cells(const struct ck_xlsx *x) { (void)x; return 0; }
void ck_xlsx_close(struct ck_xlsx *x) { (void)x; }
int ck_ole_explain(const char *path, const char *display, struct ck_error *e)
{
    (void)path;
    return ck_error_set(e, CK_EINPUT, "%s: is an old Excel (.xls) or encrypted workbook; convert "
                        "it with: libreoffice --headless --convert-to xlsx FILE", display);
}
