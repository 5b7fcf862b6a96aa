/* plan.c — the plan of export's report (report/plan.h): what each column holds, the
 * groups in display order, the rows sorted within them, widths, lists for validation. */
#include "report/plan.h"
#include "clean/columns.h"
#include "report/mask.h"
#include "segment/playbook.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>



const char *const ck_report_labels[L_COUNT][2] = {
    [L_SUMMARY] = {"Summary", "概览"},
    [L_REVIEW] = {"Needs review", "待核实"},
    [L_REVIEW_ALT] = {"Flagged rows", "问题明细"},
    [L_CHANGES] = {"Changes", "变动"},
    [L_ALL] = {"All customers", "全部客户"},
    [L_LISTS] = {"_lists", "_列表"},
    [L_ONE_GROUP] = {"Customers", "客户"},
    [L_BLANK] = {"(blank)", "(空)"},
    [L_TITLE] = {"Customer segments", "客户分层概览"},
    [L_H_SEGMENT] = {"Segment", "分层"},
    [L_H_COUNT] = {"Customers", "客户数"},
    [L_H_SHARE] = {"Share", "占比"},
    [L_H_TOTAL] = {"Total amount", "总金额"},
    [L_H_AVG_AMOUNT] = {"Average amount", "平均金额"},
    [L_H_AVG_ORDERS] = {"Average orders", "平均购买次数"},
    [L_TOTAL] = {"Total", "合计"},
    [L_FACTS] = {"Report facts", "报告信息"},
    [L_GENERATED] = {"Generated at", "生成时间"},
    [L_ASOF] = {"As-of date", "数据截至"},
    [L_INPUTS] = {"Input files", "输入文件"},
    [L_READ] = {"Rows read", "读入行数"},
    [L_MERGED] = {"Rows merged", "合并行数"},
    [L_REJECTED] = {"Rows rejected", "剔除行数"},
    [L_FLAGGED] = {"Rows flagged", "标记问题行数"},
    [L_IN_REPORT] = {"Rows in report", "报告行数"},
    [L_STEPS] = {"Steps", "处理步骤"},
    [L_PREV_CUR] = {"Previous \\ Current", "上期 \\ 本期"},
    [L_NEW] = {"(new)", "(新增)"},
    [L_CHART_COUNT] = {"Customers per segment", "各分层客户数"},
    [L_CHART_SHARE] = {"Share of amount", "金额占比"},
    [L_V_LIST_T] = {"Not in the list", "不在列表中"},
    [L_V_LIST_M] = {"Rule: choose one of the values in use in this column.",
                    "规则：请从下拉列表中选择本列已有的值。"},
    [L_V_AMOUNT_T] = {"Amount must be >= 0", "金额须 >= 0"},
    [L_V_AMOUNT_M] = {"Rule: an amount is a number greater than or equal to 0.",
                      "规则：金额必须是大于或等于 0 的数字。"},
    [L_V_COUNT_T] = {"Whole number >= 0", "须为非负整数"},
    [L_V_COUNT_M] = {"Rule: a count is a whole number greater than or equal to 0.",
                     "规则：次数必须是大于或等于 0 的整数。"},
    [L_V_AGE_T] = {"Age 0-150", "年龄 0-150"},
    [L_V_AGE_M] = {"Rule: an age is a whole number from 0 to 150.",
                   "规则：年龄必须是 0 到 150 之间的整数。"},
    [L_V_DATE_T] = {"Not a date", "日期无效"},
    [L_V_DATE_M] = {"Rule: enter a date as yyyy-mm-dd (1900-01-01 or later).",
                    "规则：请按 yyyy-mm-dd 输入 1900-01-01 之后的日期。"},
    [L_V_PHONE_T] = {"Phone number", "手机号"},
    [L_V_PHONE_M] = {"Phone numbers are text: mobile 13812345678, landline 010-12345678, "
                     "other countries +country code.",
                     "手机号按文本输入：手机 13812345678，座机 010-12345678，境外号码以 + 开头。"},
    [L_STEP_IMPORT] = {"import", "导入"},
    [L_STEP_CLEAN] = {"clean", "清洗"},
    [L_STEP_TAG] = {"tag", "打标签"},
    [L_STEP_SEGMENT] = {"segment", "分层"},
    [L_STEP_EXPORT] = {"export", "导出"},
};

/* Score columns segment --by rfm adds (columns.h) are numbers, though no role says so; R, F
 * and M are the names earlier versions wrote. */
static const char *const old_score_names[] = {"R", "F", "M"};
/* Default fonts: 等线 is Office's default for Chinese text (WPS and LibreOffice substitute a
 * CJK face when it is missing); Calibri for English tables. */
const char *const ck_report_fonts[2] = {"Calibri", "等线"};

/* Rows from which the plan's second sort runs on its own thread. */
enum { SORT_THREAD_ROWS = 1 << 14 };

#define LBL(p, id) ck_report_labels[id][(p)->zh]

/* ================================================================ plan: groups and order */


static const char *sdup(struct sblock **head, const char *s)
{
    size_t n = strlen(s) + 1;
    if (!*head || (*head)->cap - (*head)->used < n) {
        size_t cap = n > 65536 ? n : 65536;
        struct sblock *b = malloc(sizeof *b + cap);
        if (!b)
            return NULL;
        b->next = *head;
        b->used = 0;
        b->cap = cap;
        *head = b;
    }
    char *d = (*head)->data + (*head)->used;
    memcpy(d, s, n);
    (*head)->used += n;
    return d;
}

static void sblocks_free(struct sblock *b)
{
    while (b) {
        struct sblock *next = b->next;
        free(b);
        b = next;
    }
}


static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static int strset_init(struct strset *s, size_t cap)
{
    memset(s, 0, sizeof *s);
    s->cap = cap;
    s->key = calloc(cap, sizeof *s->key);
    s->val = calloc(cap, sizeof *s->val);
    s->order = calloc(cap / 2 + 1, sizeof *s->order);
    return s->key && s->val && s->order ? 0 : -1;
}

static void strset_free(struct strset *s)
{
    free(s->key);
    free(s->val);
    free(s->order);
    memset(s, 0, sizeof *s);
}

/* Index of k in insertion order, adding a copy (in *strings) when new; -1 when the set is full
 * (n = cap/2), -2 out of memory. */
static long strset_add(struct strset *s, const char *k, struct sblock **strings)
{
    size_t i = hash_str(k) & (s->cap - 1);
    while (s->key[i]) {
        if (strcmp(s->key[i], k) == 0)
            return s->val[i];
        i = (i + 1) & (s->cap - 1);
    }
    if (s->n >= s->cap / 2)
        return -1;
    const char *copy = sdup(strings, k);
    if (!copy)
        return -2;
    s->key[i] = copy;
    s->val[i] = (long)s->n;
    s->order[s->n] = copy;
    return (long)s->n++;
}

/* A column an earlier command added (columns.h), by its English name, else its Chinese. */
static long find_special(const struct ck_report_rows *t, int col)
{
    long c = ck_report_rows_col(t, ck_column_name(col, CK_LANG_EN));
    return c >= 0 ? c : ck_report_rows_col(t, ck_column_name(col, CK_LANG_ZH));
}

/* A number Excel may hold: no sign but '-', no leading zero ("007"), at most 15 digits. */
int ck_plan_numeric_ok(const char *v, double *d)
{
    const char *p = v + (*v == '-');
    if (!((*p >= '0' && *p <= '9') || *p == '.'))
        return 0;
    if (p[0] == '0' && p[1] >= '0' && p[1] <= '9')
        return 0;
    int digits = 0;
    for (const char *q = p; *q; q++)
        digits += *q >= '0' && *q <= '9';
    if (digits > 15)
        return 0;
    return ck_parse_double(v, d) == 0 && isfinite(*d);
}

static int two(const char *s)
{
    return (s[0] >= '0' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9') ? (s[0] - '0') * 10 +
                                                                            (s[1] - '0')
                                                                      : -1;
}

/* ISO "YYYY-MM-DD", "YYYY-MM-DD HH:MM" or "YYYY-MM-DD HH:MM:SS" (or with 'T') as an Excel
 * serial number. Dates before 1900-03-01 stay text (Excel's 1900 leap-year bug). */
int ck_plan_excel_date(const char *v, double *serial, int *has_time)
{
    size_t n = strlen(v);
    if (n != 10 && n != 16 && n != 19)
        return 0;
    int y1 = two(v), y2 = two(v + 2), m = two(v + 5), d = two(v + 8);
    if (y1 < 0 || y2 < 0 || m < 0 || d < 0 || v[4] != '-' || v[7] != '-')
        return 0;
    int y = y1 * 100 + y2;
    if (!ck_date_valid(y, m, d) || y < 1900 || (y == 1900 && m < 3))
        return 0;
    *serial = (double)(ck_days_from_civil(y, m, d) - ck_days_from_civil(1899, 12, 30));
    *has_time = n > 10;
    if (n > 10) {
        int hh = two(v + 11), mi = two(v + 14), ss = n == 19 ? two(v + 17) : 0;
        if ((v[10] != ' ' && v[10] != 'T') || v[13] != ':' || (n == 19 && v[16] != ':') ||
            hh < 0 || hh > 23 || mi < 0 || mi > 59 || ss < 0 || ss > 59)
            return 0;
        *serial += (hh * 3600 + mi * 60 + ss) / 86400.0;
    }
    return 1;
}

static int is_score_name(const char *h)
{
    if (ck_column_is(h, CK_COL_R_SCORE) || ck_column_is(h, CK_COL_F_SCORE) ||
        ck_column_is(h, CK_COL_M_SCORE))
        return 1;
    for (size_t i = 0; i < sizeof old_score_names / sizeof *old_score_names; i++)
        if (strcmp(h, old_score_names[i]) == 0)
            return 1;
    return 0;
}

static long resolve_column(const struct plan *p, const char *name)
{
    long c = ck_report_rows_col(p->t, name);
    if (c < 0) {
        int role = ck_role_from_name(name);
        if (role >= 0 && p->o->roles)
            c = p->o->roles->col[role];
    }
    return c;
}

/* The value as shown: masked when the column is. */
const char *ck_plan_shown_value(const struct col *k, const char *v, char *buf, size_t cap)
{
    if (k->mask == CK_MASK_PHONE)
        return ck_mask_phone(v, buf, cap);
    if (k->mask == CK_MASK_EMAIL)
        return ck_mask_email(v, buf, cap);
    return v;
}

/* Display width: CJK characters count double (measured up to 60). */
double ck_plan_text_width(const char *s)
{
    size_t len = strlen(s), i = 0, adv;
    double wdt = 0;
    while (i < len && wdt < 60) {
        unsigned char b = (unsigned char)s[i];
        if (b < 0x80) {
            wdt += 1;
            i++;
            continue;
        }
        long cp = ck_utf8_decode(s + i, len - i, &adv);
        wdt += cp >= 0 && ck_is_wide(cp) ? 2 : 1;
        i += adv;
    }
    return wdt;
}

/* Width of a cell as Excel shows it: amounts with thousands separators and two decimals. */
static double value_width(const struct col *k, const char *v, char *buf, size_t cap)
{
    double d;
    if (!*v)
        return 0;
    v = ck_plan_shown_value(k, v, buf, cap);
    if (k->kind == K_AMOUNT && ck_plan_numeric_ok(v, &d)) {
        double digits = fabs(d) < 1 ? 1 : floor(log10(fabs(d))) + 1;
        return digits + floor((digits - 1) / 3) + 3 + (d < 0);
    }
    return ck_plan_text_width(v);
}

void ck_plan_free(struct plan *p)
{
    if (p->cols)
        for (size_t c = 0; c < p->t->ncols; c++)
            free(p->cols[c].vals);
    free(p->cols);
    free(p->groups);
    free(p->grp);
    free(p->key);
    free(p->skey);
    free(p->idx);
    free(p->all);
    free(p->pv);
    free(p->flag);
    free(p->width);
    strset_free(&p->prev);
    sblocks_free(p->strings);
}

/* Stable merge sort of row indices with the plan's order. */
static int row_cmp(const struct plan *p, uint32_t a, uint32_t b, int by_group)
{
    if (by_group && p->grp[a] != p->grp[b])
        return p->grp[a] < p->grp[b] ? -1 : 1;
    if (p->sort_col < 0)
        return 0;
    if (p->sort_numeric) {
        double x = p->key[a], y = p->key[b];
        if (isnan(x) || isnan(y))
            return isnan(x) - isnan(y);
        if (x == y)
            return 0;
        return (x < y) != p->sort_desc ? -1 : 1;
    }
    const char *x = p->skey[a], *y = p->skey[b];
    if (!*x || !*y)
        return (!*x) - (!*y);
    int r = strcmp(x, y);
    return p->sort_desc ? -r : r;
}

static void merge_sort(const struct plan *p, uint32_t *a, uint32_t *tmp, size_t n, int by_group)
{
    for (size_t w = 1; w < n; w *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * w) {
            size_t mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;
            size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi)
                tmp[k++] = row_cmp(p, a[j], a[i], by_group) < 0 ? a[j++] : a[i++];
            while (i < mid)
                tmp[k++] = a[i++];
            while (j < hi)
                tmp[k++] = a[j++];
        }
        memcpy(a, tmp, n * sizeof *a);
    }
}

/* One of the plan's two sorts (rows by group, all rows), for a second thread. */
struct sort_job {
    const struct plan *p;
    uint32_t *a, *tmp;
    size_t n;
    int by_group;
};

static void *sort_job_run(void *arg)
{
    struct sort_job *j = arg;
    merge_sort(j->p, j->a, j->tmp, j->n, j->by_group);
    return NULL;
}

static int group_before(const struct group *a, const struct group *b)
{
    if (a->has_rank != b->has_rank)
        return a->has_rank;
    if (a->has_rank && a->rank != b->rank)
        return a->rank < b->rank;
    if (a->count != b->count)
        return a->count > b->count;
    return a->first < b->first;
}

/* Kinds, masks and the hidden rank column: what the roles say, before reading any row. */
static int plan_columns(struct plan *p, struct ck_error *e)
{
    const struct ck_report_rows *t = p->t;
    const struct ck_report_opts *o = p->o;
    p->cols = calloc(t->ncols ? t->ncols : 1, sizeof *p->cols);
    if (!p->cols)
        return ck_error_set(e, CK_ENOMEM, "out of memory");
    for (size_t c = 0; c < t->ncols; c++) {
        p->cols[c].role = -1;
        p->cols[c].list_col = -1;
    }
    if (o->roles)
        for (int role = 0; role < CK_ROLE_COUNT; role++) {
            int c = o->roles->col[role];
            if (c >= 0 && (size_t)c < t->ncols && p->cols[c].role < 0)
                p->cols[c].role = role;
        }
    for (size_t c = 0; c < t->ncols; c++) {
        struct col *k = &p->cols[c];
        switch (k->role) {
        case CK_ROLE_AMOUNT:
            k->kind = K_AMOUNT;
            break;
        case CK_ROLE_ORDERS:
            k->kind = K_COUNT;
            break;
        case CK_ROLE_AGE:
            k->kind = K_AGE;
            break;
        case CK_ROLE_BIRTHDATE:
        case CK_ROLE_FIRST_PURCHASE:
        case CK_ROLE_LAST_PURCHASE:
            k->kind = K_DATE;
            break;
        case CK_ROLE_PHONE:
            k->mask = (int)(o->mask & CK_MASK_PHONE);
            break;
        case CK_ROLE_EMAIL:
            k->mask = (int)(o->mask & CK_MASK_EMAIL);
            break;
        default:
            break;
        }
        if (k->role < 0 && is_score_name(t->header[c]))
            k->kind = K_NUMBER;
        k->hidden = (long)c == p->rank_col || (long)c == p->play_col;
    }
    return CK_OK;
}

/* What one pass over the rows learns about each column. */
struct colscan {
    int date_any, date_all; /* of no known role: every value an ISO date? */
    int list, guess, list_bad;
    long nonempty;
    struct strset set;
};

/* The playbook column (playbook.h), only when the sheets are the segments it describes: it
 * goes to the summary and above each segment sheet instead of into every row. */
static long find_playbook(const struct ck_report_rows *t, long by_col, long seg_col)
{
    if (by_col < 0 || by_col != seg_col)
        return -1;
    for (size_t c = 0; c < t->ncols; c++)
        if (ck_playbook_is_column(t->header[c]))
            return (long)c;
    return -1;
}

/* Which thread scans column c: the plan's (the second half, besides the groups) or
 * col_scan's (the first): halves, so that the two write to apart places. */
static int scan_here(size_t c, size_t nc)
{
    return 2 * c >= nc;
}

/* Row f's part of the scan of the columns that are here's (see scan_here): widths in its
 * group g and of the flagged rows, dates, dropdown lists (their strings into *strings). */
static int scan_cols(const struct plan *p, struct colscan *cs, const char *const *f, long g,
                     int here, char *buf, size_t cap, struct sblock **strings,
                     struct ck_error *e)
{
    size_t nc = p->t->ncols;
    int flagged = p->prob_col >= 0 && *f[p->prob_col];
    double *wg = p->width + (size_t)g * nc, *wreview = p->width + (size_t)(MAX_GROUPS + 1) * nc;
    for (size_t c = 0; c < nc; c++) {
        const char *v = f[c];
        struct colscan *s = &cs[c];
        if (!*v || scan_here(c, nc) != here)
            continue;
        if (wg[c] < 50 || (flagged && wreview[c] < 50)) {
            double vw = value_width(&p->cols[c], v, buf, cap);
            if (vw > wg[c])
                wg[c] = vw;
            if (flagged && vw > wreview[c])
                wreview[c] = vw;
        }
        if (s->date_all) {
            double sd;
            int ht;
            s->date_any = 1;
            s->date_all = ck_plan_excel_date(v, &sd, &ht);
        }
        if ((s->list || s->guess) && !s->list_bad) {
            s->nonempty++;
            long i = (s->guess && strchr(v, ';')) ? -1 : strset_add(&s->set, v, strings);
            if (i == -2)
                return ck_error_set(e, CK_ENOMEM, "out of memory");
            if (i < 0 || s->set.n > (s->guess ? GUESS_MAX_VALUES : LIST_MAX_VALUES))
                s->list_bad = 1;
        }
    }
    return CK_OK;
}

/* Most of the scan of the columns, on a second thread with its own reader while the plan's
 * thread finds the groups: it finds each row's group again itself (the same values met in
 * the same order number the same), and keeps its strings apart until it is done. */
struct col_scan {
    struct plan *p;
    struct ck_report_rows cur;
    struct colscan *cs;
    struct sblock *strings;
    int rc;
    struct ck_error e;
    char buf[1024]; /* a masked value */
};

static void *col_scan_run(void *arg)
{
    struct col_scan *j = arg;
    const struct plan *p = j->p;
    size_t n = j->cur.nrows;
    struct strset set;
    j->rc = strset_init(&set, 4096) != 0 ? ck_error_set(&j->e, CK_ENOMEM, "out of memory")
                                         : CK_OK;
    for (size_t r = 0; r < n && j->rc == CK_OK; r++) {
        if ((j->rc = ck_report_rows_read(&j->cur, r, &j->e)) != CK_OK)
            break;
        const char *const *f = j->cur.f;
        long g = p->by_col >= 0 ? strset_add(&set, f[p->by_col], &j->strings) : 0;
        if (g == -2) {
            j->rc = ck_error_set(&j->e, CK_ENOMEM, "out of memory");
            break;
        }
        if (g < 0 || g >= MAX_GROUPS) { /* the plan's thread says so */
            j->rc = CK_EUSAGE;
            break;
        }
        j->rc = scan_cols(p, j->cs, f, g, 0, j->buf, sizeof j->buf, &j->strings, &j->e);
    }
    strset_free(&set);
    return NULL;
}

int ck_plan_build(struct plan *p, struct ck_report_rows *t, const struct ck_report_opts *o,
                  struct ck_error *e)
{
    memset(p, 0, sizeof *p);
    p->t = t;
    p->o = o;
    p->zh = o->lang == CK_LANG_ZH;
    size_t n = t->nrows, nc = t->ncols;
    p->seg_col = find_special(t, CK_COL_SEGMENT);
    p->rank_col = find_special(t, CK_COL_SEGMENT_RANK);
    p->prob_col = find_special(t, CK_COL_PROBLEMS);
    p->prev_col = find_special(t, CK_COL_PREVIOUS);
    p->mov_col = find_special(t, CK_COL_MOVEMENT);
    p->amount_col = o->roles ? o->roles->col[CK_ROLE_AMOUNT] : -1;
    p->orders_col = o->roles ? o->roles->col[CK_ROLE_ORDERS] : -1;
    p->by_col = p->seg_col;
    if (o->by) {
        p->by_col = resolve_column(p, o->by);
        if (p->by_col < 0)
            return ck_error_set(e, CK_EUSAGE, "--by: no column '%s' in the table", o->by);
    }
    p->play_col = find_playbook(t, p->by_col, p->seg_col);
    p->sort_col = p->amount_col;
    p->sort_desc = 1;
    if (o->sort_col) {
        p->sort_col = resolve_column(p, o->sort_col);
        if (p->sort_col < 0)
            return ck_error_set(e, CK_EUSAGE, "--sort: no column '%s' in the table",
                                o->sort_col);
        p->sort_desc = o->sort_desc;
    }
    int rc = plan_columns(p, e);
    if (rc != CK_OK)
        return rc;

    size_t n1 = n ? n : 1;
    p->grp = malloc(n1 * sizeof *p->grp);
    p->idx = malloc(n1 * sizeof *p->idx);
    p->all = malloc(n1 * sizeof *p->all);
    p->key = malloc(n1 * sizeof *p->key);
    p->flag = calloc(n1, 1);
    p->width = calloc((MAX_GROUPS + 2) * (nc ? nc : 1), sizeof *p->width);
    int sort_role_numeric = 0;
    if (p->sort_col >= 0) {
        int role = p->cols[p->sort_col].role;
        sort_role_numeric = role == CK_ROLE_AMOUNT || role == CK_ROLE_ORDERS ||
                            role == CK_ROLE_AGE || is_score_name(t->header[p->sort_col]);
    }
    int sort_text = p->sort_col >= 0 && !sort_role_numeric;
    if (sort_text)
        p->skey = malloc(n1 * sizeof *p->skey);
    if (p->prev_col >= 0)
        p->pv = malloc(n1 * sizeof *p->pv);
    struct group *gs = calloc(MAX_GROUPS + 1, sizeof *gs);
    struct colscan *cs = calloc(nc ? nc : 1, sizeof *cs);
    struct strset set;
    memset(&set, 0, sizeof set);
    struct col_scan scan;
    memset(&scan, 0, sizeof scan);
    pthread_t scan_th;
    int scan_threaded = 0, scan_cursor = 0;
    if (!p->grp || !p->idx || !p->all || !p->key || !p->flag || !p->width ||
        (sort_text && !p->skey) || (p->prev_col >= 0 && !p->pv) || !gs || !cs ||
        strset_init(&set, 4096) != 0 || strset_init(&p->prev, 8192) != 0) {
        rc = ck_error_set(e, CK_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t c = 0; c < nc; c++) {
        struct col *k = &p->cols[c];
        long lc = (long)c;
        cs[c].date_all = k->role < 0 && k->kind == K_TEXT && lc != p->by_col && lc != p->prob_col;
        if (!o->validation)
            continue;
        cs[c].list = k->role == CK_ROLE_GENDER || lc == p->seg_col || lc == p->by_col ||
                     lc == p->prev_col || lc == p->mov_col;
        cs[c].guess = !cs[c].list && k->role < 0 && k->kind == K_TEXT && !k->hidden &&
                      lc != p->prob_col && strcmp(t->header[c], "RFM") != 0;
        if ((cs[c].list || cs[c].guess) && strset_init(&cs[c].set, 2048) != 0) {
            rc = ck_error_set(e, CK_ENOMEM, "out of memory");
            goto done;
        }
    }

    /* One pass over the rows: groups and their figures, sort keys here; widths, dates, lists
     * in col_scan, on a second thread when there are rows enough (else after this loop). */
    size_t ng = 0;
    int rank_orders = p->rank_col >= 0 && p->by_col >= 0 && p->by_col == p->seg_col;
    double *wreview = p->width + (size_t)(MAX_GROUPS + 1) * nc;
    scan.p = p;
    scan.cs = cs;
    if ((rc = ck_report_rows_cursor(&scan.cur, t, e)) != CK_OK)
        goto done;
    scan_cursor = 1;
    scan_threaded = n >= SORT_THREAD_ROWS &&
                    pthread_create(&scan_th, NULL, col_scan_run, &scan) == 0;
    for (size_t r = 0; r < n; r++) {
        if ((rc = ck_report_rows_read(t, r, e)) != CK_OK)
            goto done;
        const char **f = t->f;
        long g = 0;
        if (p->by_col >= 0) {
            g = strset_add(&set, f[p->by_col], &p->strings);
            if (g == -2) {
                rc = ck_error_set(e, CK_ENOMEM, "out of memory");
                goto done;
            }
            if (g < 0 || g >= MAX_GROUPS) {
                rc = ck_error_set(e, CK_EUSAGE,
                                  "column '%s' has more than %d different values: too many for "
                                  "one sheet each (choose another with --by)",
                                  t->header[p->by_col], MAX_GROUPS);
                goto done;
            }
        }
        struct group *gr = &gs[g];
        if ((size_t)g >= ng) {
            ng = (size_t)g + 1;
            gr->value = p->by_col >= 0 ? set.order[g] : LBL(p, L_ONE_GROUP);
            gr->first = (long)r;
        }
        gr->count++;
        p->grp[r] = (uint32_t)g;
        if (p->play_col >= 0 && !gr->playbook && *f[p->play_col] &&
            !(gr->playbook = sdup(&p->strings, f[p->play_col]))) {
            rc = ck_error_set(e, CK_ENOMEM, "out of memory");
            goto done;
        }
        double d;
        if (rank_orders && ck_plan_numeric_ok(f[p->rank_col], &d) && (!gr->has_rank || d < gr->rank)) {
            gr->rank = d;
            gr->has_rank = 1;
        }
        if (p->amount_col >= 0 && ck_plan_numeric_ok(f[p->amount_col], &d))
            gr->amount += d;
        if (p->orders_col >= 0 && ck_plan_numeric_ok(f[p->orders_col], &d))
            gr->orders += d;
        if (p->prob_col >= 0 && *f[p->prob_col]) {
            gr->flagged++;
            p->flagged++;
            p->flag[r] = 1;
        }
        if (p->sort_col >= 0) {
            const char *v = f[p->sort_col];
            p->key[r] = ck_plan_numeric_ok(v, &d) ? d : NAN;
            if (sort_text && !(p->skey[r] = *v ? sdup(&p->strings, v) : "")) {
                rc = ck_error_set(e, CK_ENOMEM, "out of memory");
                goto done;
            }
        }
        if (p->pv && (p->pv[r] = (int32_t)strset_add(&p->prev, f[p->prev_col], &p->strings)) == -2) {
            rc = ck_error_set(e, CK_ENOMEM, "out of memory");
            goto done;
        }
        if ((rc = scan_cols(p, cs, (const char *const *)f, g, 1, p->buf, sizeof p->buf,
                            &p->strings, e)) != CK_OK)
            goto done;
    }
    if (scan_threaded) {
        pthread_join(scan_th, NULL);
        scan_threaded = 0;
    } else {
        col_scan_run(&scan);
    }
    if (scan.rc != CK_OK) {
        *e = scan.e;
        rc = scan.rc;
        goto done;
    }
    if (n == 0 && p->by_col < 0) {
        ng = 1;
        gs[0].value = LBL(p, L_ONE_GROUP);
    }

    /* Columns: dates found, dropdown lists. A guessed category column repeats its values. */
    for (size_t c = 0; c < nc; c++) {
        struct colscan *s = &cs[c];
        struct col *k = &p->cols[c];
        if (s->date_all && s->date_any)
            k->kind = K_DATE;
        if ((s->list || s->guess) && !s->list_bad && s->set.n > 0 &&
            (!s->guess || ((long)s->set.n < s->nonempty && k->kind == K_TEXT))) {
            k->vals = malloc(s->set.n * sizeof *k->vals);
            if (!k->vals) {
                rc = ck_error_set(e, CK_ENOMEM, "out of memory");
                goto done;
            }
            memcpy(k->vals, s->set.order, s->set.n * sizeof *k->vals);
            k->nvals = s->set.n;
            k->list = 1;
        }
    }

    /* Display order of the groups: tiers by rank, then by count, then first seen. */
    size_t order[MAX_GROUPS + 1], where[MAX_GROUPS + 1];
    for (size_t i = 0; i < ng; i++) {
        size_t j = i;
        while (j > 0 && group_before(&gs[i], &gs[order[j - 1]])) {
            order[j] = order[j - 1];
            j--;
        }
        order[j] = i;
    }
    p->groups = calloc(ng ? ng : 1, sizeof *p->groups);
    double *width = calloc((ng + 2) * (nc ? nc : 1), sizeof *width);
    if (!p->groups || !width) {
        free(width);
        rc = ck_error_set(e, CK_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < ng; i++) {
        p->groups[i] = gs[order[i]];
        where[order[i]] = i;
        for (size_t c = 0; c < nc; c++) {
            double v = p->width[order[i] * nc + c];
            width[i * nc + c] = v;
            if (v > width[ng * nc + c])
                width[ng * nc + c] = v;
        }
    }
    memcpy(width + (ng + 1) * nc, wreview, nc * sizeof *width);
    free(p->width);
    p->width = width;
    p->ngroups = ng;
    for (size_t r = 0; r < n; r++)
        p->grp[r] = (uint32_t)where[p->grp[r]];
    /* The segment column lists its values in tier order. */
    if (p->by_col >= 0 && p->cols[p->by_col].list && p->cols[p->by_col].nvals == ng)
        for (size_t g = 0; g < ng; g++)
            p->cols[p->by_col].vals[g] = p->groups[g].value;

    /* Sort: numbers when the column's role says so or every value is one. */
    if (p->sort_col >= 0) {
        int numeric = sort_role_numeric;
        if (!numeric) {
            numeric = 1;
            for (size_t r = 0; r < n && numeric; r++)
                numeric = !isnan(p->key[r]) || !*p->skey[r];
        }
        p->sort_numeric = numeric;
        if (p->sort_desc < 0)
            p->sort_desc = numeric;
    }
    /* The two orders are independent: the all-rows one sorts on a second thread when there
     * are enough rows to be worth it (and on this one if no thread can be had). */
    uint32_t *tmp = malloc(2 * n1 * sizeof *tmp);
    if (!tmp) {
        rc = ck_error_set(e, CK_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t r = 0; r < n; r++)
        p->idx[r] = p->all[r] = (uint32_t)r;
    struct sort_job all = {p, p->all, tmp + n1, n, 0};
    pthread_t th;
    int threaded = n >= SORT_THREAD_ROWS && pthread_create(&th, NULL, sort_job_run, &all) == 0;
    merge_sort(p, p->idx, tmp, n, 1);
    if (threaded)
        pthread_join(th, NULL);
    else
        sort_job_run(&all);
    free(tmp);
    long pos = 0;
    for (size_t g = 0; g < ng; g++) {
        p->groups[g].start = pos;
        pos += p->groups[g].count;
    }
done:
    if (scan_threaded) /* stopped early: the scan still reads cs */
        pthread_join(scan_th, NULL);
    if (scan_cursor)
        ck_report_rows_cursor_free(&scan.cur);
    if (scan.strings) { /* the lists' values stay with the plan's strings */
        struct sblock *last = scan.strings;
        while (last->next)
            last = last->next;
        last->next = p->strings;
        p->strings = scan.strings;
    }
    for (size_t c = 0; cs && c < nc; c++)
        strset_free(&cs[c].set);
    free(cs);
    free(gs);
    strset_free(&set);
    return rc;
}

