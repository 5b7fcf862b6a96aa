/* trend_sheet.c — the 趋势 / Trend sheet of the report (trend.h): customers per segment and
 * quarter, the change from the quarter before as live formulas, a line chart. */
#include "report/plan.h"
#include "report/trend.h"
#include "report/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    T_TITLE,
    T_CORNER,
    T_SEGMENT,
    T_TOTAL,
    T_CHANGE,
    T_CHANGE_PCT,
    T_NO_DATA,
    T_CURRENT,
    T_VS,
    T_BLANK,
    T_CHART,
    T_AXIS,
    T_COUNT
};

/* [id][0] English, [id][1] Chinese. */
static const char *const labels[T_COUNT][2] = {
    [T_TITLE] = {"Trend: customers per segment by quarter", "趋势：各分层客户数（按季度）"},
    [T_CORNER] = {"Segment \\ Quarter", "分层 \\ 季度"},
    [T_SEGMENT] = {"Segment", "分层"},
    [T_TOTAL] = {"Total", "合计"},
    [T_CHANGE] = {"Change from the quarter before", "变化（比上一季度）"},
    [T_CHANGE_PCT] = {"Change % from the quarter before", "变化 %（比上一季度）"},
    [T_NO_DATA] = {"(no data)", "无数据"},
    [T_CURRENT] = {"Current", "本期"},
    [T_VS] = {"vs", "比"},
    [T_BLANK] = {"(blank)", "(空)"},
    [T_CHART] = {"Trend", "趋势"},
    [T_AXIS] = {"Customers", "客户数"},
};
#define TL(zh, id) labels[id][(zh) ? 1 : 0]

static lxw_error put_text(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *v, lxw_format *f)
{
    char *copy;
    const char *s = ck_xtext(v, CK_XTEXT_CELL, &copy);
    if (!s)
        return LXW_ERROR_MEMORY_MALLOC_FAILED;
    lxw_error err = worksheet_write_string(ws, r, c, s, f);
    free(copy);
    return err;
}

/* The quarter's header: its label, "无数据" when its table is missing. */
static void quarter_head(const struct ck_trend *t, size_t q, int zh, char *out, size_t cap)
{
    const char *l = t->label[q][0] ? t->label[q] : TL(zh, T_CURRENT);
    if (t->present[q])
        snprintf(out, cap, "%s", l);
    else
        snprintf(out, cap, "%s %s", l, TL(zh, T_NO_DATA));
}

/* The present quarter before q, or -1. */
static long before(const struct ck_trend *t, size_t q)
{
    for (long p = (long)q - 1; p >= 0; p--)
        if (t->present[p])
            return p;
    return -1;
}

static double count_of(const struct ck_trend *t, size_t s, size_t q)
{
    if (s == t->nseg) { /* the total row */
        double v = 0;
        for (size_t k = 0; k < t->nseg; k++)
            v += (double)t->count[k * CK_TREND_MAX_QUARTERS + q];
        return v;
    }
    return (double)t->count[s * CK_TREND_MAX_QUARTERS + q];
}

/* One block of rows under a header row at r: the counts (kind 0), their difference from the
 * quarter before (1) or the difference in % (2). Returns the row after it. */
static lxw_error block(lxw_worksheet *ws, const struct ck_trend *t, int zh,
                       const struct ck_trend_formats *fm, int kind, lxw_row_t r, lxw_row_t first,
                       lxw_row_t *next)
{
    char head[64], f[160], a[16], b[16];
    lxw_error err = put_text(ws, r, 0, TL(zh, kind == 0 ? T_CORNER : T_SEGMENT), fm->head);
    for (size_t q = 0; q < t->nq && !err; q++) {
        long p = before(t, q);
        quarter_head(t, q, zh, head, sizeof head);
        if (kind > 0 && t->present[q] && p >= 0 && p != (long)q - 1) {
            /* across a gap: say which quarter it is compared with */
            size_t n = strlen(head);
            snprintf(head + n, sizeof head - n, " %s %s", TL(zh, T_VS), t->label[p]);
        }
        err = put_text(ws, r, (lxw_col_t)(q + 1), head, fm->quarter);
    }
    for (size_t s = 0; s <= t->nseg && !err; s++) {
        lxw_row_t row = r + 1 + (lxw_row_t)s, src = first + (lxw_row_t)s;
        int total = s == t->nseg;
        const char *name = total ? TL(zh, T_TOTAL) : *t->seg[s] ? t->seg[s] : TL(zh, T_BLANK);
        err = put_text(ws, row, 0, name, total ? fm->total : fm->label);
        for (size_t q = 0; q < t->nq && !err; q++) {
            if (!t->present[q])
                continue; /* a missing quarter stays empty, never 0 */
            lxw_col_t c = (lxw_col_t)(q + 1);
            if (kind == 0) {
                if (!total) {
                    err = worksheet_write_number(ws, row, c, count_of(t, s, q), fm->count);
                } else {
                    char range[32];
                    lxw_rowcol_to_range(range, first, c, first + (lxw_row_t)t->nseg - 1, c);
                    snprintf(f, sizeof f, t->nseg ? "=SUM(%s)" : "=0", range);
                    err = worksheet_write_formula_num(ws, row, c, f, fm->total, count_of(t, s, q));
                }
                continue;
            }
            long p = before(t, q);
            if (p < 0)
                continue;
            lxw_rowcol_to_cell(a, src, c);
            lxw_rowcol_to_cell(b, src, (lxw_col_t)(p + 1));
            double now = count_of(t, s, q), then = count_of(t, s, (size_t)p);
            if (kind == 1) {
                snprintf(f, sizeof f, "=%s-%s", a, b);
                err = worksheet_write_formula_num(ws, row, c, f, total ? fm->total : fm->count,
                                                  now - then);
            } else {
                snprintf(f, sizeof f, "=IF(%s=0,\"\",(%s-%s)/%s)", b, a, b, b);
                lxw_format *pf = total ? fm->total_pct : fm->pct;
                /* the cached result a viewer that does not recalculate shows: "" as well */
                err = then != 0
                          ? worksheet_write_formula_num(ws, row, c, f, pf, (now - then) / then)
                          : worksheet_write_formula_str(ws, row, c, f, pf, "");
            }
        }
    }
    *next = r + 1 + (lxw_row_t)t->nseg + 1;
    return err;
}

static int fail(lxw_error err, const char *sheet, struct ck_error *e)
{
    if (err == LXW_ERROR_MEMORY_MALLOC_FAILED)
        return ck_error_set(e, CK_ENOMEM, "out of memory");
    return ck_error_set(e, CK_EOUTPUT, "%s: %s", sheet, lxw_strerror(err));
}

int ck_trend_sheet(lxw_workbook *wb, lxw_worksheet *ws, const char *sheet, const struct ck_trend *t,
                   int zh, const struct ck_trend_formats *fm, struct ck_error *e)
{
    lxw_row_t r, first = 2;
    lxw_error err = put_text(ws, 0, 0, TL(zh, T_TITLE), fm->title);
    if (!err)
        err = block(ws, t, zh, fm, 0, 1, first, &r);
    if (!err)
        err = put_text(ws, r + 1, 0, TL(zh, T_CHANGE), fm->title);
    if (!err)
        err = block(ws, t, zh, fm, 1, r + 2, first, &r);
    if (!err)
        err = put_text(ws, r + 1, 0, TL(zh, T_CHANGE_PCT), fm->title);
    if (!err)
        err = block(ws, t, zh, fm, 2, r + 2, first, &r);
    if (err)
        return fail(err, sheet, e);
    double wd = 14;
    for (size_t s = 0; s < t->nseg; s++) {
        double n = ck_plan_text_width(t->seg[s]) + 2;
        if (n > wd)
            wd = n > 40 ? 40 : n;
    }
    worksheet_set_column(ws, 0, 0, wd, NULL);
    worksheet_set_column(ws, 1, (lxw_col_t)t->nq, 18, NULL);
    worksheet_freeze_panes(ws, 2, 1);
    /* printed (and rendered to PDF) as one landscape page, table and chart together */
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9); /* A4, as the summary */
    worksheet_fit_to_pages(ws, 1, 1);

    /* One line per segment over the quarters; a missing quarter is a gap in the line. */
    lxw_chart *ch = workbook_add_chart(wb, LXW_CHART_LINE);
    if (!ch)
        return ck_error_set(e, CK_ENOMEM, "out of memory");
    for (size_t s = 0; s < t->nseg; s++) {
        lxw_chart_series *se = chart_add_series(ch, NULL, NULL);
        if (!se)
            return ck_error_set(e, CK_ENOMEM, "out of memory");
        lxw_row_t row = first + (lxw_row_t)s;
        chart_series_set_categories(se, sheet, 1, 1, 1, (lxw_col_t)t->nq);
        chart_series_set_values(se, sheet, row, 1, row, (lxw_col_t)t->nq);
        chart_series_set_name_range(se, sheet, row, 0);
        chart_series_set_marker_type(se, LXW_CHART_MARKER_AUTOMATIC);
    }
    chart_title_set_name(ch, TL(zh, T_CHART));
    chart_axis_set_name(ch->y_axis, TL(zh, T_AXIS));
    chart_legend_set_position(ch, LXW_CHART_LEGEND_RIGHT);
    lxw_chart_font font = {0};
    font.name = (char *)ck_report_fonts[zh ? 1 : 0];
    chart_title_set_name_font(ch, &font);
    lxw_chart_options io = {0};
    io.x_scale = 1.4;
    io.y_scale = 1.2;
    err = worksheet_insert_chart_opt(ws, 1, (lxw_col_t)(t->nq + 2), ch, &io);
    if (err)
        return fail(err, sheet, e);
    return CK_OK;
}
