/* workbook.c — the report workbook of `custkit export` on libxlsxwriter (SPEC §7): a summary
 * with its chart and facts, one sheet per segment, review and movement sheets, validation. */
#include "report/report.h"
#include "base/i18n.h"
#include "report/mask.h"
#include "segment/playbook.h"
#include "report/facts.h"
#include "report/plan.h"
#include "report/spool.h"
#include "report/sheet_names.h"
#include "report/trend.h"
#include "report/body.h"
#include "report/text.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

/* libxlsxwriter 1.1.4 leaks its copy of a LIST_FORMULA validation's formula (one small string
 * per dropdown that refers to the _lists sheet; reproduced with a five-line program). Tell
 * LeakSanitizer, in sanitizer builds, that this one is not ours; other builds ignore it. The
 * library has no frame pointers, so its strdup is the only frame the report can name.
 * libgsf 1.14.50 leaks the directory entries of some malformed compound files inside
 * gsf_infile_msole_new (found by tests/fuzz/fuzz_decrypt.c); its allocations are glib's,
 * which has no frame pointers either, so those stacks end at g_malloc. custkit allocates
 * nothing through glib itself (lib/io/crypt.c only holds libgsf's objects).
 * libfreexl 1.0.6 leaks a converted name when its directory or sheet parsing gives up on a
 * damaged .xls (inside the library; nothing custkit holds); named by its module. */
const char *__lsan_default_suppressions(void); // NOLINT(bugprone-reserved-identifier,cert-dcl37-c,cert-dcl51-cpp): the name LeakSanitizer looks up
const char *__lsan_default_suppressions(void)
{
    return "leak:lxw_strdup\nleak:g_malloc\nleak:g_utf16_to_utf8\nleak:libfreexl.so\n";
}

/* ================================================================ the workbook */

struct wctx {
    struct plan *p;
    lxw_workbook *wb;
    lxw_format *head, *text, *amount, *count, *num, *date, *datetime, *pct, *dec2, *title;
    lxw_format *b_text, *b_count, *b_amount, *b_pct, *b_dec2, *bold;
    struct ck_sheet_names *names;
    lxw_worksheet *lists;
    int nlists;
    struct ck_report_stats *st;
    struct ck_error *e;
    long done; /* data rows written, for progress */
    char cellbuf[1024];
    struct xlsx_body *xb; /* the data rows, when custkit writes them (report/body.h) */
    int nsheets;         /* worksheets added: the last one is xl/worksheets/sheet<nsheets>.xml */
    int count_cuts;      /* on the group sheets, which hold every row once: cut cells count */
    const char *top_line; /* the segment's playbook text above its sheet's table, or NULL */
    lxw_format *wrap;     /* the summary's playbook cells, made only when there are some */
    struct ck_xtext_keep kept; /* plain() copies, freed with the workbook */
};

static int sheet_name_fits(const char *name);

/* A worksheet, or NULL (never one whose name would not fit libxlsxwriter's buffers). */
static lxw_worksheet *add_sheet(struct wctx *w, const char *name)
{
    if (!sheet_name_fits(name))
        return NULL;
    lxw_worksheet *ws = workbook_add_worksheet(w->wb, name);
    if (ws)
        w->nsheets++;
    return ws;
}

/* libxlsxwriter's message for err, without its final full stop. */
static const char *lxw_message(lxw_error err, char *buf, size_t cap)
{
    snprintf(buf, cap, "%s", lxw_strerror(err));
    size_t n = strlen(buf);
    if (n > 0 && buf[n - 1] == '.')
        buf[n - 1] = 0;
    return buf;
}

static int lxw_fail(struct wctx *w, lxw_error err, const char *what)
{
    char m[256];
    if (err == LXW_ERROR_MEMORY_MALLOC_FAILED)
        return ck_error_set(w->e, CK_ENOMEM, "out of memory");
    return ck_error_set(w->e, CK_EOUTPUT, "%s: %s", what, lxw_message(err, m, sizeof m));
}

#define LXW_TRY(w, call, what)                                                                 \
    do {                                                                                       \
        lxw_error err_ = (call);                                                               \
        if (err_ != LXW_NO_ERROR)                                                              \
            return lxw_fail((w), err_, (what));                                                \
    } while (0)

/* s where Excel decodes no escape (attributes, formulas, chart and document names), through
 * report/text.h like every other text of the workbook; NULL when memory runs out. */
static const char *plain(struct wctx *w, const char *s)
{
    return ck_xtext_kept(&w->kept, s, CK_XTEXT_PLAIN);
}

static lxw_format *new_format(struct wctx *w, const char *num_format, int bold)
{
    lxw_format *f = workbook_add_format(w->wb);
    if (!f)
        return NULL;
    format_set_font_name(f, ck_report_fonts[w->p->zh]);
    if (num_format)
        format_set_num_format(f, num_format);
    if (bold)
        format_set_bold(f);
    return f;
}

static int make_formats(struct wctx *w)
{
    w->head = new_format(w, NULL, 1);
    w->text = new_format(w, "@", 0);
    w->amount = new_format(w, "#,##0.00", 0);
    w->count = new_format(w, "0", 0);
    w->num = new_format(w, NULL, 0);
    w->date = new_format(w, "yyyy-mm-dd", 0);
    w->datetime = new_format(w, "yyyy-mm-dd hh:mm:ss", 0);
    w->pct = new_format(w, "0.0%", 0);
    w->dec2 = new_format(w, "0.00", 0);
    w->title = new_format(w, NULL, 1);
    w->b_text = new_format(w, NULL, 1);
    w->b_count = new_format(w, "0", 1);
    w->b_amount = new_format(w, "#,##0.00", 1);
    w->b_pct = new_format(w, "0.0%", 1);
    w->b_dec2 = new_format(w, "0.00", 1);
    w->bold = new_format(w, NULL, 1);
    lxw_format *all[] = {w->bold, w->head, w->text, w->amount, w->count, w->num, w->date, w->datetime,
                         w->pct, w->dec2, w->title, w->b_text, w->b_count, w->b_amount,
                         w->b_pct, w->b_dec2};
    for (size_t i = 0; i < sizeof all / sizeof(lxw_format *); i++)
        if (!all[i])
            return ck_error_set(w->e, CK_ENOMEM, "out of memory");
    format_set_bg_color(w->head, 0xDDEBF7);
    format_set_pattern(w->head, LXW_PATTERN_SOLID);
    format_set_bottom(w->head, LXW_BORDER_THIN);
    format_set_text_wrap(w->head);
    format_set_align(w->head, LXW_ALIGN_VERTICAL_CENTER);
    format_set_font_size(w->title, 14);
    format_set_top(w->b_text, LXW_BORDER_THIN);
    format_set_top(w->b_count, LXW_BORDER_THIN);
    format_set_top(w->b_amount, LXW_BORDER_THIN);
    format_set_top(w->b_pct, LXW_BORDER_THIN);
    format_set_top(w->b_dec2, LXW_BORDER_THIN);
    return CK_OK;
}

/* Excel holds at most 32,767 characters in a cell, counted in UTF-16 units (a character
 * beyond U+FFFF is two): the bytes of v (len long) it keeps, never half a character. */
static size_t excel_text_len(const char *v, size_t len)
{
    if (len <= 32767)
        return len;
    size_t i = 0, units = 0, adv;
    while (i < len) {
        long cp = ck_utf8_decode(v + i, len - i, &adv);
        units += cp > 0xFFFF ? 2 : 1;
        if (units > 32767)
            break;
        i += adv;
    }
    return i;
}

/* Text through libxlsxwriter: longer than Excel holds is cut (*cut set, when given), and
 * escaped as custkit's own rows are (report/text.h). */
static lxw_error write_text_cut(struct wctx *w, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
                                const char *v, lxw_format *f, int *cut)
{
    size_t len = strlen(v), keep = excel_text_len(v, len);
    if (cut)
        *cut = keep < len;
    if (keep == len && !ck_xtext_changes(v, len, CK_XTEXT_CELL))
        return worksheet_write_string(ws, r, c, v, f);
    char *copy = malloc(CK_XTEXT_ROOM(keep) + 1);
    if (!copy)
        return LXW_ERROR_MEMORY_MALLOC_FAILED;
    *ck_xtext_put(copy, v, keep, CK_XTEXT_CELL) = 0;
    lxw_error err = worksheet_write_string(ws, r, c, copy, f);
    free(copy);
    return err;
}

static lxw_error write_text(struct wctx *w, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
                            const char *v, lxw_format *f)
{
    return write_text_cut(w, ws, r, c, v, f, NULL);
}

static lxw_error write_value(struct wctx *w, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
                             const struct col *k, const char *v)
{
    double d;
    int has_time;
    if (!*v)
        return LXW_NO_ERROR;
    v = ck_plan_shown_value(k, v, w->cellbuf, sizeof w->cellbuf);
    switch (k->kind) {
    case K_AMOUNT:
        if (ck_plan_numeric_ok(v, &d))
            return worksheet_write_number(ws, r, c, d, w->amount);
        break;
    case K_COUNT:
    case K_AGE:
        if (ck_plan_numeric_ok(v, &d))
            return worksheet_write_number(ws, r, c, d, d == floor(d) ? w->count : w->num);
        break;
    case K_NUMBER:
        if (ck_plan_numeric_ok(v, &d))
            return worksheet_write_number(ws, r, c, d, w->num);
        break;
    case K_DATE:
        if (ck_plan_excel_date(v, &d, &has_time))
            return worksheet_write_number(ws, r, c, d, has_time ? w->datetime : w->date);
        break;
    }
    int cut;
    lxw_error err = write_text_cut(w, ws, r, c, v, w->text, &cut);
    if (cut && w->count_cuts)
        w->st->truncated++;
    return err;
}

/* The text of a number as Excel's XML holds it, when v is a plain decimal ("-12.50" is
 * "-12.5", as libxlsxwriter would print the number): 0 when it is not one. */
static size_t plain_decimal(const char *v, size_t len)
{
    size_t i = v[0] == '-', dot = 0;
    if (i >= len || (v[i] == '0' && i + 1 < len && v[i + 1] != '.'))
        return 0;
    for (size_t j = i; j < len; j++) {
        if (v[j] == '.' && !dot && j > i && j + 1 < len)
            dot = j;
        else if (v[j] < '0' || v[j] > '9')
            return 0;
    }
    if (!dot)
        return len;
    while (len > dot + 1 && v[len - 1] == '0')
        len--;
    return len == dot + 1 ? dot : len;
}

static void body_number(struct wctx *w, size_t c, lxw_format *f, const char *v, size_t len,
                        double d)
{
    size_t n = plain_decimal(v, len);
    int style = lxw_format_get_xf_index(f);
    if (n > 0)
        xlsx_body_number_text(w->xb, c, style, v, n);
    else
        xlsx_body_number(w->xb, c, style, d);
}

/* write_value's cell, into the rows custkit writes itself. */
static void body_value(struct wctx *w, size_t c, const struct col *k, const char *v, size_t len)
{
    double d;
    int has_time;
    if (!len)
        return;
    const char *shown = ck_plan_shown_value(k, v, w->cellbuf, sizeof w->cellbuf);
    if (shown != v) {
        v = shown;
        len = strlen(v);
    }
    switch (k->kind) {
    case K_AMOUNT:
        if (ck_plan_numeric_ok(v, &d))
            return body_number(w, c, w->amount, v, len, d);
        break;
    case K_COUNT:
    case K_AGE:
        if (ck_plan_numeric_ok(v, &d))
            return body_number(w, c, d == floor(d) ? w->count : w->num, v, len, d);
        break;
    case K_NUMBER:
        if (ck_plan_numeric_ok(v, &d))
            return body_number(w, c, w->num, v, len, d);
        break;
    case K_DATE:
        if (ck_plan_excel_date(v, &d, &has_time))
            return xlsx_body_number(w->xb, c,
                                    lxw_format_get_xf_index(has_time ? w->datetime : w->date), d);
        break;
    }
    size_t keep = excel_text_len(v, len);
    if (keep < len && w->count_cuts)
        w->st->truncated++;
    xlsx_body_text(w->xb, c, lxw_format_get_xf_index(w->text), v, keep);
}

/* The data rows of a table sheet, by custkit (report/body.h). */
static int body_rows(struct wctx *w, const uint32_t *rows, long n, const size_t *cols,
                     size_t ncols)
{
    struct plan *p = w->p;
    struct ck_report_rows *t = p->t;
    int rc = xlsx_body_sheet(w->xb, w->nsheets, ncols, w->e);
    for (long i = 0; i < n && rc == CK_OK; i++) {
        rc = ck_report_rows_read(t, rows[i], w->e);
        if (rc != CK_OK)
            break;
        xlsx_body_row(w->xb, (uint32_t)(i + 2 + (w->top_line != NULL)));
        for (size_t j = 0; j < ncols; j++)
            body_value(w, j, &p->cols[cols[j]], t->f[cols[j]], t->len[cols[j]]);
        rc = xlsx_body_row_end(w->xb, w->e);
        if (p->o->progress)
            p->o->progress(p->o->progress_ctx, ++w->done);
    }
    return rc == CK_OK ? xlsx_body_sheet_end(w->xb, w->e) : rc;
}

static lxw_format *column_format(struct wctx *w, const struct col *k)
{
    switch (k->kind) {
    case K_AMOUNT:
        return w->amount;
    case K_COUNT:
    case K_AGE:
        return w->count;
    case K_DATE:
        return w->date;
    case K_NUMBER:
        return w->num;
    default:
        return w->text;
    }
}

/* ================================================================ libxlsxwriter's buffers
 *
 * libxlsxwriter 1.1.4 checks Excel's limits in characters (lxw_utf8_strlen) but copies some
 * text into buffers sized in bytes. Each such copy, and what keeps custkit's text inside it:
 *
 *  - _validation_list_to_csv (worksheet.c), from worksheet_data_validation_range with
 *    LXW_VALIDATION_TYPE_LIST: strcat of the quoted, comma-joined list into calloc(255 + 3)
 *    after checking 255 *characters*: 86 CJK characters overflow it (an abort under
 *    _FORTIFY_SOURCE). ck_xlsx_inline_list_fits: at most 255 bytes with the commas (and 250 UTF-16
 *    units, under Excel's 255), else the list goes to the hidden lists sheet.
 *  - Data validation titles (32 characters) and messages (255): lxw_strdup_formula, then
 *    LXW_ATTRIBUTE_COPY into an xml_attribute value of LXW_MAX_ATTRIBUTE_LENGTH (2,080) bytes,
 *    which strncpy would cut mid-character (invalid UTF-8): attribute_fits.
 *  - Sheet names: workbook_add_worksheet checks 31 characters; the quoted name then goes
 *    through lxw_rowcol_to_formula_abs (chart ranges, _chart_set_range) into
 *    formula[LXW_MAX_FORMULA_RANGE_LENGTH] with strncpy and *unbounded* cell names after it,
 *    and through lxw_snprintf into the defined names of filters (_prepare_defined_names,
 *    app_name and range[LXW_DEFINED_NAME_LENGTH], then _store_defined_name's lxw_strcpy):
 *    sheet_name_fits, in add_sheet, keeps the quoted name and its longest range and
 *    "!_FilterDatabase" inside both.
 *  - Numbers: lxw_sprintf_dbl ("%.16G" into data[LXW_ATTR_32]) for number cells, formulas'
 *    cached values and chart caches: INF or NAN would be written; every double given to
 *    libxlsxwriter is finite (summary_number, summary_formula, the facts).
 *  - Not called by export, so not guarded: workbook_define_name (name_copy[128]),
 *    worksheet_set_header/footer (checked at 255 characters, copied to heap), URLs,
 *    worksheet_add_table. Chart series and title names, document properties, formats' font
 *    and number format (strncpy into LXW_FORMAT_FIELD_LEN, constant here) are copied to the
 *    heap or bounded. */

/* LXW_VALIDATION_MAX_STRING_LENGTH, private to libxlsxwriter's worksheet.c. */
#define VALIDATION_LIST_BYTES 255

/* Whether the values of an inline dropdown fit Excel's list (255 characters, kept at 250
 * UTF-16 units), libxlsxwriter's copy of it (255 bytes with the commas), and a formula: no
 * comma or quote, nothing report/text.h would rewrite. */
int ck_xlsx_inline_list_fits(const char *const *vals, size_t n)
{
    size_t units = 0, bytes = 0;
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(vals[i]);
        units += ck_utf16_units(vals[i]) + 1;
        bytes += len + (i > 0);
        if (units > 250 || bytes > VALIDATION_LIST_BYTES || strpbrk(vals[i], ",\"") ||
            ck_xtext_changes(vals[i], len, CK_XTEXT_CELL))
            return 0;
    }
    return 1;
}

/* Whether s (NULL: none) fits libxlsxwriter's attribute copy whole. */
static int attribute_fits(const char *s)
{
    return !s || strlen(s) < LXW_MAX_ATTRIBUTE_LENGTH;
}

/* Whether a sheet named name fits libxlsxwriter's fixed buffers once quoted: a chart range
 * ('name'!$XFD$1048576:$XFD$1048576) and a filter's defined names. */
static int sheet_name_fits(const char *name)
{
    size_t q = 2;
    for (const char *s = name; *s; s++)
        q += *s == '\'' ? 2 : 1;
    return q + sizeof "!$XFD$1048576:$XFD$1048576" <= LXW_MAX_FORMULA_RANGE_LENGTH &&
           q + sizeof "!_FilterDatabase" <= LXW_DEFINED_NAME_LENGTH &&
           q + sizeof "!$A$1:$XFD$1048576" <= LXW_DEFINED_NAME_LENGTH;
}

/* Validation of one data column over rows 1..last. */
static int add_validation(struct wctx *w, lxw_worksheet *ws, lxw_col_t c, const struct col *k,
                          lxw_row_t first, lxw_row_t last)
{
    struct plan *p = w->p;
    lxw_data_validation v;
    memset(&v, 0, sizeof v);
    v.error_type = LXW_VALIDATION_ERROR_TYPE_STOP;
    char formula[300];
    char **list = NULL;
    int title = -1, msg = -1;
    if (k->list && k->nvals > 0) {
        int inline_ok = ck_xlsx_inline_list_fits(k->vals, k->nvals);
        if (inline_ok && k->list_col < 0) {
            list = calloc(k->nvals + 1, sizeof *list);
            if (!list)
                return ck_error_set(w->e, CK_ENOMEM, "out of memory");
            for (size_t i = 0; i < k->nvals; i++)
                list[i] = (char *)k->vals[i];
            v.validate = LXW_VALIDATION_TYPE_LIST;
            v.value_list = list;
        } else {
            /* Too long for Excel's 255-character inline list, or for libxlsxwriter's
             * 255-byte copy of it, or holding what a formula cannot: the values are on a
             * hidden sheet (written last) and the validation refers to their range. */
            if (k->list_col < 0)
                ((struct col *)k)->list_col = w->nlists++;
            char col[8];
            lxw_col_to_name(col, (lxw_col_t)k->list_col, 1);
            snprintf(formula, sizeof formula, "='%s'!%s$1:%s$%zu", LBL(p, L_LISTS), col, col,
                     k->nvals);
            v.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
            v.value_formula = (char *)plain(w, formula);
        }
        v.error_type = LXW_VALIDATION_ERROR_TYPE_WARNING;
        title = L_V_LIST_T;
        msg = L_V_LIST_M;
    } else if (k->kind == K_AMOUNT) {
        v.validate = LXW_VALIDATION_TYPE_DECIMAL;
        v.criteria = LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO;
        title = L_V_AMOUNT_T;
        msg = L_V_AMOUNT_M;
    } else if (k->kind == K_COUNT) {
        v.validate = LXW_VALIDATION_TYPE_INTEGER;
        v.criteria = LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO;
        title = L_V_COUNT_T;
        msg = L_V_COUNT_M;
    } else if (k->kind == K_AGE) {
        v.validate = LXW_VALIDATION_TYPE_INTEGER;
        v.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
        v.maximum_number = 150;
        title = L_V_AGE_T;
        msg = L_V_AGE_M;
    } else if (k->kind == K_DATE) {
        v.validate = LXW_VALIDATION_TYPE_DATE;
        v.criteria = LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO;
        v.value_datetime = (lxw_datetime){1900, 1, 1, 0, 0, 0};
        title = L_V_DATE_T;
        msg = L_V_DATE_M;
    } else if (k->role == CK_ROLE_PHONE) {
        v.validate = LXW_VALIDATION_TYPE_ANY;
        v.input_title = (char *)plain(w, LBL(p, L_V_PHONE_T));
        v.input_message = (char *)plain(w, LBL(p, L_V_PHONE_M));
    } else
        return CK_OK;
    if (title >= 0) {
        v.error_title = (char *)plain(w, LBL(p, title));
        v.error_message = (char *)plain(w, LBL(p, msg));
    }
    if ((v.validate == LXW_VALIDATION_TYPE_LIST_FORMULA && !v.value_formula) ||
        (v.validate == LXW_VALIDATION_TYPE_ANY && (!v.input_title || !v.input_message)) ||
        (title >= 0 && (!v.error_title || !v.error_message))) {
        free(list);
        return ck_error_set(w->e, CK_ENOMEM, "out of memory");
    }
    if (!attribute_fits(v.input_title) || !attribute_fits(v.input_message) ||
        !attribute_fits(v.error_title) || !attribute_fits(v.error_message)) {
        free(list);
        return ck_error_set(w->e, CK_EOUTPUT, "data validation: a message is too long");
    }
    lxw_error err = worksheet_data_validation_range(ws, first, c, last, c, &v);
    free(list);
    if (err != LXW_NO_ERROR)
        return lxw_fail(w, err, "data validation");
    return CK_OK;
}

/* A table sheet: header, rows (indices into the table) in order, formatting, validation.
 * With a top line (the segment's playbook text) the table starts one row down, and the
 * line stays in view with the header. */
static int write_table_sheet(struct wctx *w, const char *name, const uint32_t *rows, long n,
                             const size_t *cols, size_t ncols, const double *width)
{
    struct plan *p = w->p;
    struct ck_report_rows *t = p->t;
    lxw_worksheet *ws = add_sheet(w, name);
    if (!ws)
        return ck_error_set(w->e, CK_EOUTPUT, "cannot add sheet '%s'", name);
    w->st->sheets++;
    const lxw_row_t top = w->top_line != NULL;
    if (top)
        LXW_TRY(w, write_text(w, ws, 0, 0, w->top_line, w->bold), name);
    for (size_t j = 0; j < ncols; j++) {
        const struct col *k = &p->cols[cols[j]];
        double wdt = ck_plan_text_width(t->header[cols[j]]) + 2;
        if (width[cols[j]] > wdt)
            wdt = width[cols[j]];
        wdt = wdt + 2 > 50 ? 50 : wdt + 2 < 8 ? 8 : wdt + 2;
        LXW_TRY(w, worksheet_set_column(ws, (lxw_col_t)j, (lxw_col_t)j, wdt, column_format(w, k)),
                "column width");
    }
    for (size_t j = 0; j < ncols; j++)
        LXW_TRY(w, write_text(w, ws, top, (lxw_col_t)j, t->header[cols[j]], w->head), name);
    if (w->xb && ncols > 0) {
        int rc = body_rows(w, rows, n, cols, ncols);
        if (rc != CK_OK)
            return rc;
    }
    for (long i = 0; i < n && !(w->xb && ncols > 0); i++) {
        int rc = ck_report_rows_read(t, rows[i], w->e);
        if (rc != CK_OK)
            return rc;
        for (size_t j = 0; j < ncols; j++)
            LXW_TRY(w,
                    write_value(w, ws, (lxw_row_t)(i + 1) + top, (lxw_col_t)j, &p->cols[cols[j]],
                                t->f[cols[j]]),
                    name);
        if (p->o->progress)
            p->o->progress(p->o->progress_ctx, ++w->done);
    }
    worksheet_freeze_panes(ws, top + 1, 0);
    if (ncols > 0)
        LXW_TRY(w, worksheet_autofilter(ws, top, 0, (lxw_row_t)n + top, (lxw_col_t)(ncols - 1)),
                "autofilter");
    if (p->o->validation && n > 0)
        for (size_t j = 0; j < ncols; j++) {
            int rc =
                add_validation(w, ws, (lxw_col_t)j, &p->cols[cols[j]], top + 1, (lxw_row_t)n + top);
            if (rc != CK_OK)
                return rc;
        }
    return CK_OK;
}

/* Rows of one group (or of the whole table), split across sheets of max_rows. */
static int write_parts(struct wctx *w, const char *name, const uint32_t *rows, long n,
                       const size_t *cols, size_t ncols, const double *width)
{
    /* a segment sheet's playbook line takes a row of the sheet */
    long max = ck_sheet_data_rows(w->p->o->max_rows, w->top_line != NULL);
    char part[CK_SHEET_NAME_BYTES];
    for (long at = 0, k = 1; at < n || (at == 0 && k == 1); at += max, k++) {
        const char *nm = name;
        if (k > 1) {
            int rc = ck_sheet_names_add_part(w->names, name, k, 0, part, w->e);
            if (rc != CK_OK)
                return rc;
            nm = part;
        }
        long cnt = n - at < max ? n - at : max;
        int rc = write_table_sheet(w, nm, rows + at, cnt, cols, ncols, width);
        if (rc != CK_OK)
            return rc;
    }
    return CK_OK;
}

static void cell_name(char *out, lxw_row_t r, lxw_col_t c)
{
    lxw_rowcol_to_cell(out, r, c);
}

static void format_created(time_t t, char *out, size_t cap)
{
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, cap, "%Y-%m-%d %H:%M:%S UTC", &tm);
}

/* A summary figure that is not a finite number (the sum of 1e308 and 1e308 is infinite,
 * of that and its negation NaN): named for cmd/, never written as INF or NAN. */
static void note_overflow(struct wctx *w, const char *group, long col)
{
    struct ck_report_stats *st = w->st;
    if (st->overflows < 4)
        snprintf(st->overflow[st->overflows], sizeof st->overflow[0],
                 _("the total of %s%s%s in column '%s' is beyond the largest number: its "
                   "summary cells are left as formulas, without a value"),
                 group ? "'" : "", group ? group : _("all groups"), group ? "'" : "",
                 w->p->t->header[col]);
    st->overflows++;
}

/* A formula whose cached value is v when finite; else without one (an empty text, which a
 * spreadsheet replaces when it calculates). */
static lxw_error summary_formula(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *f,
                                 lxw_format *fmt, double v)
{
    if (isfinite(v))
        return worksheet_write_formula_num(ws, r, c, f, fmt, v);
    return worksheet_write_formula_str(ws, r, c, f, fmt, "");
}

/* "SUM('sheet'!$D:$D)": the data column col of group g, when its rows are on one sheet
 * where col is shown; 0 when they are not. */
static int group_sum(struct wctx *w, const struct group *gr, long col, char *out, size_t cap)
{
    const struct plan *p = w->p;
    long max = ck_sheet_data_rows(p->o->max_rows, gr->playbook != NULL);
    if (gr->count > max || p->cols[col].hidden)
        return 0;
    lxw_col_t at = 0;
    for (long c = 0; c < col; c++)
        at += !p->cols[c].hidden;
    char letter[8];
    lxw_col_to_name(letter, at, 1);
    size_t o = (size_t)snprintf(out, cap, "SUM('");
    for (const char *s = gr->name; *s && o + 2 < cap; s++) {
        if (*s == '\'')
            out[o++] = '\'';
        out[o++] = *s;
    }
    return o + 1 < cap && snprintf(out + o, cap - o, "'!%s:%s)", letter, letter) < (int)(cap - o);
}

/* A group's figure v (its column col summed, divided by the count cell cnt when given): the
 * number when finite, else the live formula over the group's sheet, or a blank cell. */
static lxw_error summary_number(struct wctx *w, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
                                double v, lxw_format *fmt, const struct group *gr, long col,
                                const char *cnt)
{
    if (isfinite(v))
        return worksheet_write_number(ws, r, c, v, fmt);
    note_overflow(w, *gr->value ? gr->value : LBL(w->p, L_BLANK), col);
    char sum[CK_SHEET_NAME_BYTES * 2 + 48], f[sizeof sum + 64];
    if (!group_sum(w, gr, col, sum, sizeof sum))
        return worksheet_write_blank(ws, r, c, fmt);
    if (cnt)
        snprintf(f, sizeof f, "=IF(%s=0,0,%s/%s)", cnt, sum, cnt);
    else
        snprintf(f, sizeof f, "=%s", sum);
    return worksheet_write_formula_str(ws, r, c, f, fmt, "");
}

/* Lines a playbook text takes in a wrapped column of cols characters (CJK counting two):
 * its rows are made that tall, as not every reader fits a row to wrapped text. */
enum { PLAY_WIDTH = 60 }; /* the summary's playbook column, in characters */
static int wrapped_lines(const char *s, double cols)
{
    int lines = 1;
    double at = 0;
    for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
        if (*c == '\n') {
            lines++;
            at = 0;
            continue;
        }
        if ((*c & 0xC0) == 0x80)
            continue;
        double w = *c >= 0xE0 ? 2 : 1;
        if (at + w > cols) {
            lines++;
            at = 0;
        }
        at += w;
    }
    return lines;
}

/* The summary: per-group figures with live formulas, a chart, the facts block. */
static int write_summary(struct wctx *w, lxw_worksheet *ws, const char *sheet)
{
    struct plan *p = w->p;
    const struct ck_report_opts *o = p->o;
    const struct ck_report_rows *t = p->t;
    int has_amount = p->amount_col >= 0, has_orders = p->orders_col >= 0;
    enum { C_NAME, C_COUNT, C_SHARE, C_TOTAL, C_AVG, C_ORD, C_PLAY, C_N };
    int col[C_N];
    int nc = 0, has_play = 0;
    for (size_t g = 0; g < p->ngroups; g++)
        has_play |= p->groups[g].playbook != NULL;
    for (int i = 0; i < C_N; i++)
        col[i] = ((i == C_TOTAL || i == C_AVG) && !has_amount) || (i == C_ORD && !has_orders) ||
                         (i == C_PLAY && !has_play)
                     ? -1
                     : nc++;
    if (has_play && !w->wrap) {
        if (!(w->wrap = new_format(w, NULL, 0)))
            return ck_error_set(w->e, CK_ENOMEM, "out of memory");
        format_set_text_wrap(w->wrap);
    }
    const int head_row = 2, first = 3;
    int last = first + (int)p->ngroups - 1, tot = last + 1;
    long total = (long)t->nrows;
    double amount = 0, orders = 0;
    for (size_t g = 0; g < p->ngroups; g++) {
        amount += p->groups[g].amount;
        orders += p->groups[g].orders;
    }
    char f[512], a[16], b[16], c2[16];

    /* Printed (and rendered for docs/report.png) as one landscape page. */
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9); /* A4 */
    worksheet_fit_to_pages(ws, 1, 1);
    LXW_TRY(w, write_text(w, ws, 0, 0, LBL(p, L_TITLE), w->title), sheet);
    static const int heads[C_N] = {L_H_SEGMENT,    L_H_COUNT,      L_H_SHARE, L_H_TOTAL,
                                   L_H_AVG_AMOUNT, L_H_AVG_ORDERS, -1};
    double name_w = 12;
    for (int i = 0; i < C_N; i++) {
        if (col[i] < 0)
            continue;
        const char *h = i == C_PLAY                     ? ck_playbook_heading(p->zh)
                        : i == C_NAME && p->by_col >= 0 ? t->header[p->by_col]
                                                        : LBL(p, heads[i]);
        LXW_TRY(w, write_text(w, ws, head_row, (lxw_col_t)col[i], h, w->head), sheet);
    }
    for (size_t g = 0; g < p->ngroups; g++) {
        const struct group *gr = &p->groups[g];
        lxw_row_t r = (lxw_row_t)(first + (int)g);
        const char *label = *gr->value ? gr->value : LBL(p, L_BLANK);
        double lw = ck_plan_text_width(label) + 2;
        name_w = lw > name_w ? lw : name_w;
        LXW_TRY(w, write_text(w, ws, r, (lxw_col_t)col[C_NAME], label, w->text), sheet);
        LXW_TRY(w, worksheet_write_number(ws, r, (lxw_col_t)col[C_COUNT], (double)gr->count,
                                          w->count), sheet);
        cell_name(a, r, (lxw_col_t)col[C_COUNT]);
        lxw_rowcol_to_cell_abs(b, (lxw_row_t)tot, (lxw_col_t)col[C_COUNT], 1, 1);
        snprintf(f, sizeof f, "=IF(%s=0,0,%s/%s)", b, a, b);
        LXW_TRY(w, worksheet_write_formula_num(ws, r, (lxw_col_t)col[C_SHARE], f, w->pct,
                                               total ? (double)gr->count / (double)total : 0),
                sheet);
        if (has_amount) {
            LXW_TRY(w, summary_number(w, ws, r, (lxw_col_t)col[C_TOTAL], gr->amount, w->amount,
                                      gr, p->amount_col, NULL), sheet);
            cell_name(c2, r, (lxw_col_t)col[C_TOTAL]);
            snprintf(f, sizeof f, "=IF(%s=0,0,%s/%s)", a, c2, a);
            LXW_TRY(w, summary_formula(ws, r, (lxw_col_t)col[C_AVG], f, w->amount,
                                       gr->count ? gr->amount / (double)gr->count : 0),
                    sheet);
        }
        if (has_orders)
            LXW_TRY(w, summary_number(w, ws, r, (lxw_col_t)col[C_ORD],
                                      gr->count ? gr->orders / (double)gr->count : 0, w->dec2,
                                      gr, p->orders_col, a), sheet);
        if (has_play) {
            const char *pb = gr->playbook ? gr->playbook : "";
            LXW_TRY(w, write_text(w, ws, r, (lxw_col_t)col[C_PLAY], pb, w->wrap), sheet);
            int lines = wrapped_lines(pb, PLAY_WIDTH - 4);
            if (lines > 1)
                LXW_TRY(w, worksheet_set_row(ws, r, 15.0 * (lines > 20 ? 20 : lines), NULL), sheet);
        }
    }
    /* Totals: real formulas, with the values cached so readers that do not calculate agree. */
    lxw_row_t tr = (lxw_row_t)tot;
    LXW_TRY(w, write_text(w, ws, tr, (lxw_col_t)col[C_NAME], LBL(p, L_TOTAL), w->b_text),
            sheet);
    char range[32];
    lxw_rowcol_to_range(range, (lxw_row_t)first, (lxw_col_t)col[C_COUNT], (lxw_row_t)last,
                        (lxw_col_t)col[C_COUNT]);
    snprintf(f, sizeof f, "=SUM(%s)", range);
    if (p->ngroups == 0)
        snprintf(f, sizeof f, "=0");
    LXW_TRY(w, worksheet_write_formula_num(ws, tr, (lxw_col_t)col[C_COUNT], f, w->b_count,
                                           (double)total), sheet);
    lxw_rowcol_to_range(range, (lxw_row_t)first, (lxw_col_t)col[C_SHARE], (lxw_row_t)last,
                        (lxw_col_t)col[C_SHARE]);
    snprintf(f, sizeof f, p->ngroups ? "=SUM(%s)" : "=0", range);
    LXW_TRY(w, worksheet_write_formula_num(ws, tr, (lxw_col_t)col[C_SHARE], f, w->b_pct,
                                           total ? 1.0 : 0.0), sheet);
    cell_name(a, tr, (lxw_col_t)col[C_COUNT]);
    if (has_amount) {
        lxw_rowcol_to_range(range, (lxw_row_t)first, (lxw_col_t)col[C_TOTAL], (lxw_row_t)last,
                            (lxw_col_t)col[C_TOTAL]);
        snprintf(f, sizeof f, p->ngroups ? "=SUM(%s)" : "=0", range);
        if (!isfinite(amount))
            note_overflow(w, NULL, p->amount_col);
        LXW_TRY(w, summary_formula(ws, tr, (lxw_col_t)col[C_TOTAL], f, w->b_amount, amount),
                sheet);
        cell_name(c2, tr, (lxw_col_t)col[C_TOTAL]);
        snprintf(f, sizeof f, "=IF(%s=0,0,%s/%s)", a, c2, a);
        LXW_TRY(w, summary_formula(ws, tr, (lxw_col_t)col[C_AVG], f, w->b_amount,
                                   total ? amount / (double)total : 0), sheet);
    }
    if (has_orders) {
        char r1[32], r2[32];
        lxw_rowcol_to_range(r1, (lxw_row_t)first, (lxw_col_t)col[C_COUNT], (lxw_row_t)last,
                            (lxw_col_t)col[C_COUNT]);
        lxw_rowcol_to_range(r2, (lxw_row_t)first, (lxw_col_t)col[C_ORD], (lxw_row_t)last,
                            (lxw_col_t)col[C_ORD]);
        if (p->ngroups)
            snprintf(f, sizeof f, "=IF(%s=0,0,SUMPRODUCT(%s,%s)/%s)", a, r1, r2, a);
        else
            snprintf(f, sizeof f, "=0");
        if (!isfinite(orders))
            note_overflow(w, NULL, p->orders_col);
        LXW_TRY(w, summary_formula(ws, tr, (lxw_col_t)col[C_ORD], f, w->b_dec2,
                                   total ? orders / (double)total : 0), sheet);
    }

    /* The facts block. */
    _Static_assert(L_STEP_EXPORT - L_STEP_IMPORT == CK_FACT_CMDS, "a step label per command");
    struct ck_fact facts[CK_FACT_CMDS];
    ck_facts_read(o->facts_path, facts);
    const struct ck_fact *imp = &facts[0], *cln = &facts[1];
    char gen[64], inputs[2048] = "", steps[128] = "", asof[32] = "";
    int nsteps = 0; /* earlier commands that left facts: without any the steps are unknown */
    format_created(o->created, gen, sizeof gen);
    for (size_t i = 0; i < CK_FACT_CMDS; i++) {
        if (!facts[i].present)
            continue;
        nsteps++;
        size_t l = strlen(steps);
        snprintf(steps + l, sizeof steps - l, "%s → ", LBL(p, L_STEP_IMPORT + (int)i));
        ck_facts_add_inputs(inputs, sizeof inputs, facts[i].inputs);
        if (facts[i].as_of[0])
            snprintf(asof, sizeof asof, "%s", facts[i].as_of);
    }
    {
        size_t l = strlen(steps);
        snprintf(steps + l, sizeof steps - l, "%s", LBL(p, L_STEP_EXPORT));
    }
    if (o->as_of)
        snprintf(asof, sizeof asof, "%s", o->as_of);
    if (!inputs[0]) /* export's own input, when it is a file: standard input names nothing */
        for (size_t i = 0; i < o->ninputs; i++)
            ck_facts_add_inputs(inputs, sizeof inputs, o->inputs[i]);
    double read = (double)total;
    if (imp->has[CK_FACT_READ])
        read = imp->num[CK_FACT_READ];
    else if (cln->has[CK_FACT_READ])
        read = cln->num[CK_FACT_READ];
    double flagged = cln->has[CK_FACT_FLAGGED] ? cln->num[CK_FACT_FLAGGED] : (double)p->flagged;
    /* Only what is known: a fact no command recorded is left out, never shown as "-". */
    struct {
        int label;
        int kind; /* 0 text, 1 count, 2 date */
        int known;
        const char *text;
        double num;
    } rows[] = {
        {L_GENERATED, 0, 1, gen, 0},
        {L_ASOF, 2, asof[0] != 0, asof, 0},
        {L_INPUTS, 0, inputs[0] != 0, inputs, 0},
        {L_READ, 1, 1, NULL, read},
        {L_MERGED, 1, cln->has[CK_FACT_MERGED], NULL, cln->num[CK_FACT_MERGED]},
        {L_REJECTED, 1, cln->has[CK_FACT_REJECTED], NULL, cln->num[CK_FACT_REJECTED]},
        {L_FLAGGED, 1, 1, NULL, flagged},
        {L_IN_REPORT, 1, 1, NULL, (double)total},
        {L_STEPS, 0, nsteps > 0, steps, 0},
    };
    lxw_row_t fr = tr + 2, r = fr;
    LXW_TRY(w, write_text(w, ws, fr, 0, LBL(p, L_FACTS), w->bold), sheet);
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        if (!rows[i].known)
            continue;
        r++;
        double dv;
        int ht;
        LXW_TRY(w, write_text(w, ws, r, 0, LBL(p, rows[i].label), w->text), sheet);
        double lw = ck_plan_text_width(LBL(p, rows[i].label)) + 2;
        name_w = lw > name_w ? lw : name_w;
        if (rows[i].kind == 1 && !rows[i].text)
            LXW_TRY(w, worksheet_write_number(ws, r, 1, rows[i].num, w->count), sheet);
        else if (rows[i].kind == 2 && ck_plan_excel_date(rows[i].text, &dv, &ht))
            LXW_TRY(w, worksheet_write_number(ws, r, 1, dv, w->date), sheet);
        else
            LXW_TRY(w, write_text(w, ws, r, 1, rows[i].text, w->text), sheet);
    }
    LXW_TRY(w, worksheet_set_column(ws, 0, 0, name_w > 40 ? 40 : name_w, NULL), sheet);
    LXW_TRY(w, worksheet_set_column(ws, 1, (lxw_col_t)(nc - 1 - has_play), 14, NULL), sheet);
    if (has_play)
        LXW_TRY(w,
                worksheet_set_column(ws, (lxw_col_t)col[C_PLAY], (lxw_col_t)col[C_PLAY], PLAY_WIDTH,
                                     NULL),
                sheet);

    /* The chart beside the table. */
    if (o->chart != CK_CHART_NONE && p->ngroups > 0) {
        int pie = o->chart == CK_CHART_PIE;
        lxw_chart *ch = workbook_add_chart(w->wb, pie ? LXW_CHART_PIE : LXW_CHART_COLUMN);
        if (!ch)
            return ck_error_set(w->e, CK_ENOMEM, "out of memory");
        lxw_chart_series *s = chart_add_series(ch, NULL, NULL);
        if (!s)
            return ck_error_set(w->e, CK_ENOMEM, "out of memory");
        int vcol = pie && has_amount ? col[C_TOTAL] : col[C_COUNT];
        chart_series_set_categories(s, sheet, (lxw_row_t)first, (lxw_col_t)col[C_NAME],
                                    (lxw_row_t)last, (lxw_col_t)col[C_NAME]);
        chart_series_set_values(s, sheet, (lxw_row_t)first, (lxw_col_t)vcol, (lxw_row_t)last,
                                (lxw_col_t)vcol);
        const char *chart_name =
            plain(w, LBL(p, pie && has_amount ? L_CHART_SHARE : L_CHART_COUNT));
        if (!chart_name)
            return ck_error_set(w->e, CK_ENOMEM, "out of memory");
        chart_series_set_name(s, chart_name);
        chart_title_set_name(ch, chart_name);
        if (pie) {
            chart_series_set_labels(s);
            chart_series_set_labels_options(s, LXW_FALSE, LXW_FALSE, LXW_TRUE);
        } else
            chart_legend_set_position(ch, LXW_CHART_LEGEND_NONE);
        lxw_chart_font font = {0};
        font.name = (char *)ck_report_fonts[p->zh];
        chart_title_set_name_font(ch, &font);
        LXW_TRY(w, worksheet_insert_chart(ws, (lxw_row_t)head_row, (lxw_col_t)(nc + 1), ch),
                "chart");
    }
    return CK_OK;
}

/* previous × current segment counts. */
static int write_changes(struct wctx *w, const char *name)
{
    struct plan *p = w->p;
    struct ck_report_rows *t = p->t;
    lxw_worksheet *ws = add_sheet(w, name);
    if (!ws)
        return ck_error_set(w->e, CK_EOUTPUT, "cannot add sheet '%s'", name);
    w->st->sheets++;
    size_t ng = p->ngroups, np = p->prev.n;
    /* Previous values in the current segments' order, then the others as first seen. */
    size_t *sel = malloc((np + 1) * sizeof *sel), nsel = 0;
    unsigned char *used = calloc(np + 1, 1);
    long *m = calloc((np + 1) * (ng + 1), sizeof *m);
    if (!sel || !used || !m) {
        free(sel);
        free(used);
        free(m);
        return ck_error_set(w->e, CK_ENOMEM, "out of memory");
    }
    for (size_t g = 0; g < ng; g++)
        for (size_t i = 0; i < np; i++)
            if (!used[i] && strcmp(p->prev.order[i], p->groups[g].value) == 0) {
                sel[nsel++] = i;
                used[i] = 1;
            }
    for (size_t i = 0; i < np; i++)
        if (!used[i])
            sel[nsel++] = i;
    free(used);
    for (size_t r = 0; r < t->nrows; r++)
        if (p->pv[r] >= 0)
            m[(size_t)p->pv[r] * (ng + 1) + p->grp[r]]++;
    /* Rows that have a previous value only (none here) are skipped: show used rows. */
    int rc = CK_OK;
    lxw_error err = LXW_NO_ERROR;
    err = write_text(w, ws, 0, 0, LBL(p, L_PREV_CUR), w->head);
    for (size_t g = 0; g < ng && !err; g++)
        err = write_text(w, ws, 0, (lxw_col_t)(g + 1),
                         *p->groups[g].value ? p->groups[g].value : LBL(p, L_BLANK), w->head);
    if (!err)
        err = write_text(w, ws, 0, (lxw_col_t)(ng + 1), LBL(p, L_TOTAL), w->head);
    lxw_row_t r = 1;
    char f[128], range[32];
    for (size_t k = 0; k < nsel && !err; k++) {
        size_t i = sel[k];
        long sum = 0;
        for (size_t g = 0; g < ng; g++)
            sum += m[i * (ng + 1) + g];
        if (sum == 0)
            continue;
        const char *label = *p->prev.order[i] ? p->prev.order[i] : LBL(p, L_NEW);
        err = write_text(w, ws, r, 0, label, w->b_text);
        for (size_t g = 0; g < ng && !err; g++)
            err = worksheet_write_number(ws, r, (lxw_col_t)(g + 1), (double)m[i * (ng + 1) + g],
                                         w->count);
        lxw_rowcol_to_range(range, r, 1, r, (lxw_col_t)ng);
        snprintf(f, sizeof f, "=SUM(%s)", range);
        if (!err)
            err = worksheet_write_formula_num(ws, r, (lxw_col_t)(ng + 1), f, w->b_count,
                                              (double)sum);
        r++;
    }
    if (!err)
        err = write_text(w, ws, r, 0, LBL(p, L_TOTAL), w->b_text);
    for (size_t g = 0; g <= ng && !err; g++) {
        lxw_rowcol_to_range(range, 1, (lxw_col_t)(g + 1), r - 1, (lxw_col_t)(g + 1));
        snprintf(f, sizeof f, r > 1 ? "=SUM(%s)" : "=0", range);
        double v = 0;
        for (size_t i = 0; i < np; i++)
            for (size_t gg = 0; gg < ng; gg++)
                if (g == ng || gg == g)
                    v += (double)m[i * (ng + 1) + gg];
        err = worksheet_write_formula_num(ws, r, (lxw_col_t)(g + 1), f, w->b_count, v);
    }
    if (!err) {
        double wd = ck_plan_text_width(LBL(p, L_PREV_CUR)) + 2;
        for (size_t i = 0; i < np; i++)
            if (ck_plan_text_width(p->prev.order[i]) + 2 > wd)
                wd = ck_plan_text_width(p->prev.order[i]) + 2;
        err = worksheet_set_column(ws, 0, 0, wd > 50 ? 50 : wd, NULL);
        if (!err)
            err = worksheet_set_column(ws, 1, (lxw_col_t)(ng + 1), 12, NULL);
        worksheet_freeze_panes(ws, 1, 1);
    }
    free(m);
    free(sel);
    if (err)
        rc = lxw_fail(w, err, name);
    return rc;
}

/* 趋势 / Trend: the earlier quarters of o->trend and the current table's segments (trend.h). */
static int write_trend(struct wctx *w, const char *name)
{
    struct plan *p = w->p;
    lxw_worksheet *ws = add_sheet(w, name);
    if (!ws)
        return ck_error_set(w->e, CK_EOUTPUT, "cannot add sheet '%s'", name);
    w->st->sheets++;
    /* rows in the summary's order when its groups are the segments */
    const char **order = malloc((p->ngroups + 1) * sizeof *order);
    if (!order)
        return ck_error_set(w->e, CK_ENOMEM, "out of memory");
    size_t n = 0;
    if (p->by_col >= 0 && p->by_col == p->seg_col)
        for (size_t g = 0; g < p->ngroups; g++)
            order[n++] = p->groups[g].value;
    int rc = ck_trend_count_current(p->o->trend, p->t, p->o->inputs ? p->o->inputs[0] : "input",
                                    order, n, w->e);
    free(order);
    struct ck_trend_formats fm = {w->title,   w->head, w->b_text, w->count,
                                  w->b_count, w->pct,  w->b_pct,  new_format(w, NULL, 1)};
    if (rc == CK_OK && !fm.quarter)
        rc = ck_error_set(w->e, CK_ENOMEM, "out of memory");
    if (rc == CK_OK) {
        /* the header's look, over numbers: right-aligned */
        format_set_bg_color(fm.quarter, 0xDDEBF7);
        format_set_pattern(fm.quarter, LXW_PATTERN_SOLID);
        format_set_bottom(fm.quarter, LXW_BORDER_THIN);
        format_set_text_wrap(fm.quarter);
        format_set_align(fm.quarter, LXW_ALIGN_VERTICAL_CENTER);
        format_set_align(fm.quarter, LXW_ALIGN_RIGHT);
    }
    return rc == CK_OK ? ck_trend_sheet(w->wb, ws, name, p->o->trend, p->zh, &fm, w->e) : rc;
}

/* The hidden sheet holding dropdown lists too long to write inline. */
static int write_lists(struct wctx *w)
{
    struct plan *p = w->p;
    size_t maxn = 0;
    for (size_t c = 0; c < p->t->ncols; c++)
        if (p->cols[c].list_col >= 0 && p->cols[c].nvals > maxn)
            maxn = p->cols[c].nvals;
    for (size_t i = 0; i < maxn; i++)
        for (size_t c = 0; c < p->t->ncols; c++) {
            const struct col *k = &p->cols[c];
            if (k->list_col >= 0 && i < k->nvals)
                LXW_TRY(w, write_text(w, w->lists, (lxw_row_t)i, (lxw_col_t)k->list_col,
                                      k->vals[i], w->text),
                        "lists");
        }
    return CK_OK;
}

static int build_workbook(struct wctx *w, const char *path)
{
    struct plan *p = w->p;
    const struct ck_report_opts *o = p->o;
    const struct ck_report_rows *t = p->t;
    long cm = o->constant_memory_rows ? o->constant_memory_rows : 50000;
    lxw_workbook_options wo = {.constant_memory = cm < 0 || (long)t->nrows > cm,
                               .tmpdir = (char *)o->tmpdir,
                               .use_zip64 = LXW_TRUE};
    w->wb = workbook_new_opt(path, &wo);
    if (!w->wb)
        return ck_error_set(w->e, CK_EOUTPUT, "%s: cannot create the workbook",
                            o->output_name ? o->output_name : path);
    lxw_doc_properties props = {0};
    props.title = (char *)plain(w, LBL(p, L_TITLE));
    props.created = o->created;
    props.comments = (char *)plain(w, "custkit export " CK_VERSION);
    if (!props.title || !props.comments)
        return ck_error_set(w->e, CK_ENOMEM, "out of memory");
    LXW_TRY(w, workbook_set_properties(w->wb, &props), "document properties");
    int rc = make_formats(w);
    if (rc != CK_OK)
        return rc;

    /* Names first: the fixed sheets, then one per group (and its continuations). */
    char summary[CK_SHEET_NAME_BYTES], review[CK_SHEET_NAME_BYTES], changes[CK_SHEET_NAME_BYTES],
        all[CK_SHEET_NAME_BYTES], lists[CK_SHEET_NAME_BYTES], trend[CK_SHEET_NAME_BYTES];
    int has_review = p->flagged > 0;
    /* The movement matrix is previous × current segment: only when the sheets are segments. */
    int has_changes = p->prev_col >= 0 && p->by_col >= 0 && p->by_col == p->seg_col;
    const char *review_want = LBL(p, L_REVIEW);
    for (size_t g = 0; g < p->ngroups; g++) {
        char nm[CK_SHEET_NAME_BYTES];
        ck_sheet_name_clean(p->groups[g].value, 0, LBL(p, L_BLANK), nm);
        if (strcmp(nm, review_want) == 0)
            review_want = LBL(p, L_REVIEW_ALT);
    }
    if ((rc = ck_sheet_names_add(w->names, LBL(p, L_SUMMARY), 0, NULL, summary, w->e)) ||
        (rc = ck_sheet_names_add(w->names, LBL(p, L_LISTS), 0, NULL, lists, w->e)) ||
        (has_review && (rc = ck_sheet_names_add(w->names, review_want, 0, NULL, review, w->e))) ||
        (has_changes && (rc = ck_sheet_names_add(w->names, LBL(p, L_CHANGES), 0, NULL, changes,
                                                 w->e))) ||
        (o->all_sheet && (rc = ck_sheet_names_add(w->names, LBL(p, L_ALL), 0, NULL, all, w->e))) ||
        (o->trend &&
         (rc = ck_sheet_names_add(w->names, p->zh ? "趋势" : "Trend", 0, NULL, trend, w->e))))
        return rc;
    for (size_t g = 0; g < p->ngroups; g++)
        if ((rc = ck_sheet_names_add(w->names, p->groups[g].value, 0, LBL(p, L_BLANK),
                                     p->groups[g].name, w->e)))
            return rc;

    size_t *cols = malloc((t->ncols + 1) * sizeof *cols), ncols = 0;
    if (!cols)
        return ck_error_set(w->e, CK_ENOMEM, "out of memory");
    for (size_t c = 0; c < t->ncols; c++)
        if (!p->cols[c].hidden)
            cols[ncols++] = c;

    lxw_worksheet *sum = add_sheet(w, summary);
    if (!sum)
        rc = ck_error_set(w->e, CK_EOUTPUT, "cannot add sheet '%s'", summary);
    else {
        w->st->sheets++;
        rc = write_summary(w, sum, summary);
    }
    w->count_cuts = 1;
    for (size_t g = 0; g < p->ngroups && rc == CK_OK; g++) {
        w->top_line = p->groups[g].playbook;
        rc = write_parts(w, p->groups[g].name, p->idx + p->groups[g].start, p->groups[g].count,
                         cols, ncols, p->width + g * t->ncols);
    }
    w->top_line = NULL;
    w->count_cuts = 0;
    if (rc == CK_OK && o->all_sheet)
        rc = write_parts(w, all, p->all, (long)t->nrows, cols, ncols,
                         p->width + p->ngroups * t->ncols);
    if (rc == CK_OK && has_review) {
        /* Flagged rows, the problems column first. */
        uint32_t *rows = malloc((size_t)p->flagged * sizeof *rows);
        size_t *rcols = malloc((t->ncols + 1) * sizeof *rcols), nr = 0, nrc = 0;
        if (!rows || !rcols)
            rc = ck_error_set(w->e, CK_ENOMEM, "out of memory");
        else {
            for (size_t i = 0; i < t->nrows; i++)
                if (p->flag[p->all[i]])
                    rows[nr++] = p->all[i];
            rcols[nrc++] = (size_t)p->prob_col;
            for (size_t j = 0; j < ncols; j++)
                if ((long)cols[j] != p->prob_col)
                    rcols[nrc++] = cols[j];
            rc = write_parts(w, review, rows, (long)nr, rcols, nrc,
                             p->width + (p->ngroups + 1) * t->ncols);
        }
        free(rows);
        free(rcols);
    }
    free(cols);
    if (rc == CK_OK && has_changes)
        rc = write_changes(w, changes);
    if (rc == CK_OK && o->trend)
        rc = write_trend(w, trend);
    if (rc == CK_OK && w->nlists > 0) {
        w->lists = add_sheet(w, lists);
        if (!w->lists)
            return ck_error_set(w->e, CK_EOUTPUT, "cannot add sheet '%s'", lists);
        worksheet_hide(w->lists);
        rc = write_lists(w);
    }
    return rc;
}

static void stats_init(struct ck_report_stats *st, const struct plan *p)
{
    memset(st, 0, sizeof *st);
    st->rows = (long)p->t->nrows;
    st->groups = (long)p->ngroups;
    st->flagged = p->flagged;
}

int ck_report_xlsx(struct ck_report_rows *t, const struct ck_report_opts *o, const char *path,
                   struct ck_report_stats *st_out, struct ck_error *e)
{
    struct plan p;
    struct ck_report_stats st;
    /* Checked before planning, whose per-column arrays would take gigabytes for a hostile
     * table of 100,000 columns only to fail at the first worksheet. */
    if (t->ncols > LXW_COL_MAX)
        return ck_error_set(e, CK_EOUTPUT,
                            "%s: the table has %zu columns; an XLSX worksheet holds at most %d "
                            "(--format csv --split DIR has no such limit)",
                            o->output_name ? o->output_name : path, t->ncols, LXW_COL_MAX);
    int rc = ck_plan_build(&p, t, o, e);
    if (rc != CK_OK) {
        ck_plan_free(&p);
        return rc;
    }
    stats_init(&st, &p);
    struct wctx w;
    memset(&w, 0, sizeof w);
    w.p = &p;
    w.st = &st;
    w.e = e;
    rc = ck_sheet_names_new(&w.names, e);
    if (rc == CK_OK && xlsx_body_wanted())
        rc = xlsx_body_new(&w.xb, o->tmpdir, e);
    if (rc == CK_OK && w.xb)
        xlsx_body_all_refs(w.xb, o->cell_refs);
    if (rc == CK_OK)
        rc = build_workbook(&w, path);
    if (w.wb && rc != CK_OK)
        lxw_workbook_free(w.wb); /* nothing is written after an error */
    else if (w.wb) {
        errno = 0;
        lxw_error err = workbook_close(w.wb);
        int saved = errno;
        char m[256];
        if (err != LXW_NO_ERROR)
            rc = ck_error_set(e, err == LXW_ERROR_MEMORY_MALLOC_FAILED ? CK_ENOMEM : CK_EOUTPUT,
                              "%s: %s%s%s", o->output_name ? o->output_name : path,
                              lxw_message(err, m, sizeof m), saved ? ": " : "",
                              saved ? _(strerror(saved)) : "");
        if (rc == CK_OK && w.xb)
            rc = xlsx_body_splice(w.xb, path, o->output_name ? o->output_name : path, e);
    }
    xlsx_body_free(w.xb);
    ck_sheet_names_free(w.names);
    ck_xtext_keep_free(&w.kept);
    ck_plan_free(&p);
    if (st_out)
        *st_out = st;
    return rc;
}

/* ================================================================ --format csv --split */

/* Excel runs a CSV cell that starts with = + - @ (or tab/CR) as a formula: prefix an
 * apostrophe, unless the value is a plain number such as -5. *buf grows as needed. */
static const char *csv_safe(const char *v, char **buf, size_t *cap)
{
    double d;
    if (!*v || !strchr("=+-@\t\r", *v) || ck_plan_numeric_ok(v, &d))
        return v;
    size_t len = strlen(v);
    if (!*buf || len + 2 > *cap) {
        char *nb = realloc(*buf, len + 2);
        if (!nb)
            return NULL;
        *buf = nb;
        *cap = len + 2;
    }
    (*buf)[0] = '\'';
    memcpy(*buf + 1, v, len + 1);
    return *buf;
}

int ck_report_csv_split(struct ck_report_rows *t, const struct ck_report_opts *o,
                        const char *dir, struct ck_report_stats *st_out, struct ck_error *e)
{
    struct plan p;
    struct ck_report_stats st;
    int rc = ck_plan_build(&p, t, o, e);
    if (rc != CK_OK) {
        ck_plan_free(&p);
        return rc;
    }
    stats_init(&st, &p);
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        rc = ck_error_set(e, CK_EOUTPUT, "%s: %s", dir, _(strerror(errno)));
        ck_plan_free(&p);
        return rc;
    }
    struct ck_sheet_names *names = NULL;
    size_t n = t->ncols;
    long done = 0;
    const char **f = malloc((n + 1) * sizeof *f);
    char **bufs = calloc(n + 1, sizeof *bufs);
    size_t *caps = calloc(n + 1, sizeof *caps);
    char *path = malloc(strlen(dir) + CK_SHEET_NAME_BYTES + 8);
    char *store = malloc((n + 1) * 1024);
    if (!f || !bufs || !caps || !path || !store) {
        ck_error_set(e, CK_ENOMEM, "out of memory");
        rc = CK_ENOMEM; /* spelt out: the loop below needs names */
    } else {
        rc = ck_sheet_names_new(&names, e);
    }
    for (size_t g = 0; g < p.ngroups && rc == CK_OK; g++) {
        char nm[CK_SHEET_NAME_BYTES];
        rc = ck_sheet_names_add(names, p.groups[g].value, 1, LBL(&p, L_BLANK), nm, e);
        if (rc != CK_OK)
            break;
        sprintf(path, "%s/%s.csv", dir, nm);
        struct ck_writer *wr;
        rc = ck_writer_open(&wr, path, 0, e);
        if (rc != CK_OK)
            break;
        ck_writer_set_bom(wr, 1);
        size_t k = 0;
        for (size_t c = 0; c < n; c++)
            if (!p.cols[c].hidden)
                f[k++] = t->header[c];
        rc = ck_writer_row(wr, f, NULL, k, e);
        for (long i = 0; i < p.groups[g].count && rc == CK_OK; i++) {
            uint32_t r = p.idx[p.groups[g].start + i];
            if ((rc = ck_report_rows_read(t, r, e)) != CK_OK)
                break;
            k = 0;
            for (size_t c = 0; c < n; c++) {
                const struct col *kc = &p.cols[c];
                if (kc->hidden)
                    continue;
                char *b1 = store + k * 1024;
                const char *v = t->f[c];
                if (kc->mask == CK_MASK_PHONE && *v)
                    v = ck_mask_phone(v, b1, 1024);
                else if (kc->mask == CK_MASK_EMAIL && *v)
                    v = ck_mask_email(v, b1, 1024);
                if (!(f[k] = csv_safe(v, &bufs[k], &caps[k])))
                    rc = ck_error_set(e, CK_ENOMEM, "out of memory");
                k++;
            }
            if (rc != CK_OK)
                break;
            rc = ck_writer_row(wr, f, NULL, k, e);
            if (o->progress)
                o->progress(o->progress_ctx, ++done);
        }
        if (rc == CK_OK) {
            rc = ck_writer_close(wr, e);
            st.sheets++;
        } else
            ck_writer_abort(wr);
    }
    ck_sheet_names_free(names);
    for (size_t c = 0; bufs && c <= n; c++)
        free(bufs[c]);
    free(caps);
    free(f);
    free(bufs);
    free(path);
    free(store);
    ck_plan_free(&p);
    if (st_out)
        *st_out = st;
    return rc;
}
