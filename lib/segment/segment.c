/* segment.c — the segmentation models of `custkit segment` (SPEC §6) on compact per-customer
 * arrays: value tiers, RFM quintiles and the 125-code table, RFM8, lifecycle, column groups. */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "clean/columns.h"
#include "base/i18n.h"
#include "segment/segment.h"

struct seg_name {
    const char *zh, *en;
};

static const char *pick(const struct seg_name *n, int lang)
{
    return lang == CK_LANG_ZH ? n->zh : n->en;
}

/* ---------- names (data, best tier first) ---------- */

static const struct seg_name prospect_name = {"潜在客户", "Prospects"};
static const struct seg_name review_name = {"待核实", "Needs review"};
static const struct seg_name blank_group_name = {"(空)", "(blank)"};

enum { CHAMP, LOYAL, POTEN, NEWC, PROMI, NEEDA, SLEEP, RISK, CANTL, HIBER, LOST, RFM_NSEG };

static const struct seg_name rfm_names[RFM_NSEG] = {
    {"冠军客户", "Champions"},         {"忠诚客户", "Loyal Customers"},
    {"潜力客户", "Potential Loyalist"}, {"新客户", "New Customers"},
    {"有望客户", "Promising"},          {"需关注客户", "Need Attention"},
    {"将流失客户", "About To Sleep"},   {"高风险客户", "At Risk"},
    {"不能失去的客户", "Can't Lose Them"}, {"休眠客户", "Hibernating"},
    {"流失客户", "Lost"},
};

/* Every RFM code 111–555 → its segment, indexed ·25 + (F-1)·5 + (M-1). This is the
 * widely used segment table; the codes 231, 241 and 251, which that table lists under both
 * About To Sleep and Hibernating, are About To Sleep here. man/custkit-segment.1 prints it. */
static const unsigned char rfm_table[125] = {
    /* 111-115 */ LOST,  LOST,  CANTL, CANTL, CANTL,
    /* 121-125 */ LOST,  HIBER, HIBER, RISK,  RISK,
    /* 131-135 */ LOST,  HIBER, RISK,  RISK,  RISK,
    /* 141-145 */ LOST,  RISK,  RISK,  CANTL, RISK,
    /* 151-155 */ LOST,  RISK,  RISK,  CANTL, CANTL,
    /* 211-215 */ HIBER, HIBER, SLEEP, CANTL, CANTL,
    /* 221-225 */ SLEEP, HIBER, HIBER, RISK,  RISK,
    /* 231-235 */ SLEEP, HIBER, HIBER, RISK,  RISK,
    /* 241-245 */ SLEEP, RISK,  RISK,  RISK,  RISK,
    /* 251-255 */ SLEEP, RISK,  RISK,  RISK,  RISK,
    /* 311-315 */ NEWC,  SLEEP, PROMI, PROMI, PROMI,
    /* 321-325 */ SLEEP, HIBER, POTEN, NEEDA, NEEDA,
    /* 331-335 */ SLEEP, HIBER, POTEN, NEEDA, LOYAL,
    /* 341-345 */ POTEN, POTEN, NEEDA, LOYAL, LOYAL,
    /* 351-355 */ POTEN, POTEN, POTEN, LOYAL, LOYAL,
    /* 411-415 */ NEWC,  NEWC,  PROMI, PROMI, PROMI,
    /* 421-425 */ NEWC,  NEWC,  POTEN, PROMI, PROMI,
    /* 431-435 */ POTEN, POTEN, POTEN, NEEDA, LOYAL,
    /* 441-445 */ POTEN, POTEN, NEEDA, LOYAL, CHAMP,
    /* 451-455 */ POTEN, POTEN, POTEN, CHAMP, CHAMP,
    /* 511-515 */ NEWC,  NEWC,  PROMI, PROMI, PROMI,
    /* 521-525 */ PROMI, PROMI, PROMI, PROMI, PROMI,
    /* 531-535 */ POTEN, POTEN, POTEN, NEEDA, NEEDA,
    /* 541-545 */ POTEN, POTEN, LOYAL, CHAMP, CHAMP,
    /* 551-555 */ POTEN, POTEN, POTEN, CHAMP, CHAMP,
};

/* rfm8, indexed by (M low)·4 + (R low)·2 + (F low): best first. */
static const struct seg_name rfm8_names[8] = {
    {"重要价值客户", "Important value"},     {"重要发展客户", "Important development"},
    {"重要保持客户", "Important retention"}, {"重要挽留客户", "Important win-back"},
    {"一般价值客户", "General value"},       {"一般发展客户", "General development"},
    {"一般保持客户", "General retention"},   {"一般挽留客户", "General win-back"},
};

enum { LC_ACTIVE, LC_NEW, LC_DORMANT, LC_LOST, LC_NSTAGE };
static const struct seg_name lifecycle_names[LC_NSTAGE] = {
    {"活跃客户", "Active"}, {"新客户", "New"}, {"沉睡客户", "Dormant"}, {"流失客户", "Lost"}};

/* Value tiers by quantile: names for the usual one or two cuts, else numbered. */
static const struct seg_name value_names2[2] = {{"高价值", "High value"}, {"低价值", "Low value"}};
static const struct seg_name value_names3[3] = {
    {"高价值", "High value"}, {"中价值", "Mid value"}, {"低价值", "Low value"}};

static const struct seg_name movement_names[CK_MOVE_COUNT] = {
    {"升级", "up"}, {"降级", "down"}, {"不变", "same"}, {"新增", "new"}};

static const struct {
    const char *name;
    int model;
} model_names[] = {
    {"value", CK_SEG_VALUE},
    {"rfm", CK_SEG_RFM},
    {"rfm8", CK_SEG_RFM8},
    {"lifecycle", CK_SEG_LIFECYCLE},
};

const char *ck_seg_prospect_name(int lang)
{
    return pick(&prospect_name, lang);
}

const char *ck_seg_review_name(int lang)
{
    return pick(&review_name, lang);
}

const char *ck_seg_column_name(const char *which, int lang)
{
    int c = ck_column_by_key(which);
    return c < 0 ? NULL : ck_column_name(c, lang);
}

const char *ck_seg_movement_name(int move, int lang)
{
    return move >= 0 && move < CK_MOVE_COUNT ? pick(&movement_names[move], lang) : "";
}

int ck_seg_movement(long prev_rank, long cur_rank)
{
    if (prev_rank <= 0)
        return CK_MOVE_NEW;
    if (cur_rank < prev_rank)
        return CK_MOVE_UP;
    if (cur_rank > prev_rank)
        return CK_MOVE_DOWN;
    return CK_MOVE_SAME;
}

int ck_seg_model_from_name(const char *by)
{
    for (size_t i = 0; i < sizeof model_names / sizeof model_names[0]; i++)
        if (strcasecmp(model_names[i].name, by) == 0)
            return model_names[i].model;
    return -1;
}

const char *ck_seg_model_name(int model)
{
    for (size_t i = 0; i < sizeof model_names / sizeof model_names[0]; i++)
        if (model_names[i].model == model)
            return model_names[i].name;
    return "column";
}

/* ---------- options ---------- */

void ck_seg_opts_init(struct ck_seg_opts *o)
{
    memset(o, 0, sizeof *o);
    o->model = CK_SEG_VALUE;
    o->column = -1;
    o->ntop = 2;
    o->top[0] = 20;
    o->top[1] = 30;
    o->new_days = 90;
    o->windows[0] = 90;
    o->windows[1] = 180;
}

/* Split spec at ',' or '，' into items (trimmed of spaces); returns the count or -1 when
 * there are more than max. Items point into buf. */
static int split_list(const char *spec, char *buf, size_t cap, char **items, int max)
{
    size_t len = strlen(spec);
    if (len >= cap)
        return -1;
    memcpy(buf, spec, len + 1);
    int n = 0;
    char *p = buf;
    for (;;) {
        char *end = p;
        while (*end && *end != ',' && strncmp(end, "，", 3) != 0)
            end++;
        int last = *end == 0;
        size_t skip = *end == ',' ? 1 : 3;
        *end = 0;
        while (*p == ' ')
            p++;
        for (char *q = end; q > p && q[-1] == ' ';)
            *--q = 0;
        if (n == max)
            return -1;
        items[n++] = p;
        if (last)
            break;
        p = end + skip;
    }
    return n;
}

static int parse_number(const char *s, double *v)
{
    if (ck_parse_double(s, v) == 0 && isfinite(*v))
        return 0;
    /* "5万", "¥50,000": the amount normaliser's forms */
    char buf[128];
    if (ck_norm_amount(s, buf, sizeof buf, v) == CK_P_NONE && isfinite(*v))
        return 0;
    return -1;
}

int ck_seg_parse_top(struct ck_seg_opts *o, const char *spec, struct ck_error *e)
{
    char buf[512], *items[CK_SEG_MAX_TIERS];
    int n = split_list(spec, buf, sizeof buf, items, CK_SEG_MAX_TIERS - 1);
    if (n < 0)
        return ck_error_set(e, CK_EUSAGE, "--top takes at most %d percentages", CK_SEG_MAX_TIERS - 1);
    double sum = 0;
    for (int i = 0; i < n; i++) {
        double v;
        if (ck_parse_double(items[i], &v) != 0 || !(v > 0 && v < 100))
            return ck_error_set(e, CK_EUSAGE,
                                "--top takes percentages between 0 and 100 like 20,30, not '%s'",
                                items[i]);
        o->top[i] = v;
        sum += v;
    }
    if (sum >= 100)
        return ck_error_set(e, CK_EUSAGE,
                            "--top percentages must add up to less than 100 (the rest is the "
                            "last tier), not %g",
                            sum);
    o->ntop = (size_t)n;
    o->nthr = 0;
    return CK_OK;
}

int ck_seg_parse_tiers(struct ck_seg_opts *o, const char *spec, struct ck_error *e)
{
    char buf[2048], *items[CK_SEG_MAX_TIERS];
    int n = split_list(spec, buf, sizeof buf, items, CK_SEG_MAX_TIERS);
    if (n < 0)
        return ck_error_set(e, CK_EUSAGE, "--tiers takes at most %d tiers", CK_SEG_MAX_TIERS);
    if (n < 2)
        return ck_error_set(e, CK_EUSAGE,
                            "--tiers needs at least two tiers, like \"高价值>=50000,低价值\"");
    for (int i = 0; i < n; i++) {
        char *op = strstr(items[i], ">=");
        int last = i == n - 1;
        if (last != (op == NULL))
            return ck_error_set(e, CK_EUSAGE,
                                last ? N_("--tiers: the last tier takes everyone else and has "
                                          "no threshold, not '%s'")
                                     : N_("--tiers: '%s' needs a threshold (NAME>=AMOUNT)"),
                                items[i]);
        char *name_end = op ? op : items[i] + strlen(items[i]);
        while (name_end > items[i] && name_end[-1] == ' ')
            name_end--;
        size_t nlen = (size_t)(name_end - items[i]);
        if (nlen == 0 || nlen >= CK_SEG_NAME_MAX)
            return ck_error_set(e, CK_EUSAGE, "--tiers: tier %d needs a name of at most %d bytes",
                                i + 1, CK_SEG_NAME_MAX - 1);
        memcpy(o->thr_name[i], items[i], nlen);
        o->thr_name[i][nlen] = 0;
        for (int j = 0; j < i; j++)
            if (strcmp(o->thr_name[j], o->thr_name[i]) == 0)
                return ck_error_set(e, CK_EUSAGE, "--tiers: tier '%s' named twice",
                                    o->thr_name[i]);
        if (op) {
            const char *num = op + 2;
            while (*num == ' ')
                num++;
            if (parse_number(num, &o->thr[i]) != 0)
                return ck_error_set(e, CK_EUSAGE, "--tiers: '%s' is not an amount", num);
            if (i > 0 && !(o->thr[i] < o->thr[i - 1]))
                return ck_error_set(e, CK_EUSAGE,
                                    "--tiers: thresholds must decrease from the best tier, but "
                                    "'%s' is not below '%s'",
                                    items[i], items[i - 1]);
        }
    }
    o->nthr = (size_t)n;
    o->ntop = 0;
    return CK_OK;
}

int ck_seg_parse_days(long *out, const char *spec, const char *opt, struct ck_error *e)
{
    char *end;
    long v = strtol(spec, &end, 10);
    if (end == spec || *end || v < 0 || v > 1000000 || spec[0] == '-' || spec[0] == '+' ||
        spec[0] == ' ')
        return ck_error_set(e, CK_EUSAGE, "%s takes a whole number of days, not '%s'", opt, spec);
    *out = v;
    return CK_OK;
}

int ck_seg_parse_windows(struct ck_seg_opts *o, const char *spec, struct ck_error *e)
{
    char buf[128], *items[2];
    long w[2] = {0, 0};
    int n = split_list(spec, buf, sizeof buf, items, 2);
    if (n != 2)
        return ck_error_set(e, CK_EUSAGE, "--windows takes two numbers of days like 90,180, not '%s'",
                            spec);
    for (int i = 0; i < 2; i++)
        if (ck_seg_parse_days(&w[i], items[i], "--windows", e) != CK_OK)
            return CK_EUSAGE;
    if (!(w[0] < w[1]))
        return ck_error_set(e, CK_EUSAGE, "--windows: the first window (%ld) must be shorter than "
                            "the second (%ld)", w[0], w[1]);
    o->windows[0] = w[0];
    o->windows[1] = w[1];
    return CK_OK;
}

/* ---------- scoring primitives ---------- */

double ck_seg_percentile(const double *x, size_t n, double p)
{
    if (n == 0)
        return NAN;
    double h = (double)(n - 1) * p / 100.0;
    double fl = floor(h);
    if (fl < 0)
        return x[0];
    size_t lo = (size_t)fl;
    if (lo >= n - 1)
        return x[n - 1];
    double frac = h - fl;
    return x[lo] + frac * (x[lo + 1] - x[lo]);
}

int ck_seg_breaks_below(double v, const double *breaks, size_t nbreaks)
{
    int k = 0;
    for (size_t i = 0; i < nbreaks; i++)
        k += breaks[i] < v;
    return k;
}

int ck_seg_rfm_segment(int r, int f, int m)
{
    if (r < 1 || r > 5 || f < 1 || f > 5 || m < 1 || m > 5)
        return -1;
    return rfm_table[(r - 1) * 25 + (f - 1) * 5 + (m - 1)];
}

int ck_seg_rfm8_class(int r_high, int f_high, int m_high)
{
    return (!m_high) * 4 + (!r_high) * 2 + (!f_high);
}

/* ---------- per-customer data ---------- */

static int needs(int model, char what)
{
    switch (model) {
    case CK_SEG_VALUE:
        return what == 'M';
    case CK_SEG_RFM:
    case CK_SEG_RFM8:
        return what == 'R' || what == 'F' || what == 'M';
    case CK_SEG_LIFECYCLE:
        return what == 'R' || what == 'T';
    default:
        return what == 'G';
    }
}

/* Make room for cap customers in the arrays the model uses; new entries are zeroed when zero
 * is set. Rows added by ck_seg_prepare_row are written whole, so its growth leaves the room
 * untouched: the pages beyond the last row are never faulted in, and a table of n customers
 * costs memory for n, not for the doubled capacity. */
static int data_grow(struct ck_seg_data *d, size_t cap, int zero, struct ck_error *e)
{
    size_t m = cap ? cap : 1, old = d->cap;
    struct {
        void **p;
        size_t size;
        int used;
    } arr[] = {
        {(void **)&d->state, 1, 1},
        {(void **)&d->recency, sizeof *d->recency, needs(d->model, 'R')},
        {(void **)&d->frequency, sizeof *d->frequency, needs(d->model, 'F')},
        {(void **)&d->monetary, sizeof *d->monetary, needs(d->model, 'M')},
        {(void **)&d->tenure, sizeof *d->tenure, needs(d->model, 'T')},
        {(void **)&d->group, sizeof *d->group, needs(d->model, 'G')},
    };
    for (size_t k = 0; k < sizeof arr / sizeof arr[0]; k++) {
        if (!arr[k].used)
            continue;
        void *n = realloc(*arr[k].p, m * arr[k].size);
        if (!n)
            return ck_error_set(e, CK_ENOMEM, "out of memory for %zu customers", cap);
        if (zero && m > old)
            memset((char *)n + old * arr[k].size, 0, (m - old) * arr[k].size);
        *arr[k].p = n;
    }
    d->cap = m;
    return CK_OK;
}

int ck_seg_data_alloc(struct ck_seg_data *d, size_t n, int model, struct ck_error *e)
{
    memset(d, 0, sizeof *d);
    d->model = model;
    d->col_first = d->col_last = d->col_orders = d->col_amount = -1;
    d->col_problems = d->col_group = -1;
    if (data_grow(d, n, 1, e) != CK_OK) {
        ck_seg_data_free(d);
        return CK_ENOMEM;
    }
    d->n = n;
    return CK_OK;
}

void ck_seg_data_free(struct ck_seg_data *d)
{
    free(d->state);
    free(d->recency);
    free(d->frequency);
    free(d->monetary);
    free(d->tenure);
    free(d->group);
    memset(d, 0, sizeof *d);
}

/* Days since 1970 of years 1–9999: anything outside is not a purchase date. */
#define DAYS_MIN (-719162L)
#define DAYS_MAX 2932896L

static int cell_date(const char *s, long *days)
{
    if (!*s)
        return -1;
    *days = LONG_MIN;
    if (ck_iso_date_parse(s, days) != 0) {
        struct ck_norm_opts no = {CK_DATE_YMD_ONLY, LONG_MIN, CK_LANG_EN};
        char buf[64];
        if (ck_norm_date(s, &no, 0, buf, sizeof buf, days) != CK_P_NONE)
            return -1;
    }
    return *days >= DAYS_MIN && *days <= DAYS_MAX ? 0 : -1;
}

static int cell_number(const char *s, double *v)
{
    if (!*s)
        return -1;
    return parse_number(s, v);
}

int ck_seg_prepare_begin(const struct ck_roles *roles, long ncols, long problems_col,
                         const struct ck_seg_opts *o, struct ck_seg_data *d, struct ck_error *e)
{
    static const struct {
        int role;
        char what;
    } need_roles[] = {
        {CK_ROLE_FIRST_PURCHASE, 'T'},
        {CK_ROLE_LAST_PURCHASE, 'R'},
        {CK_ROLE_ORDERS, 'F'},
        {CK_ROLE_AMOUNT, 'M'},
    };
    char missing[256] = "";
    memset(d, 0, sizeof *d);
    for (size_t i = 0; i < sizeof need_roles / sizeof need_roles[0]; i++)
        if (needs(o->model, need_roles[i].what) && roles->col[need_roles[i].role] < 0) {
            size_t l = strlen(missing);
            snprintf(missing + l, sizeof missing - l, "%s%s", l ? ", " : "",
                     ck_role_name(need_roles[i].role));
        }
    if (missing[0])
        return ck_error_set(e, CK_EUSAGE,
                            "--by %s needs the purchase columns %s, which the table does not "
                            "have (run clean --orders, or name them with --col ROLE=HEADER)",
                            ck_seg_model_name(o->model), missing);
    if (o->model == CK_SEG_COLUMN && (o->column < 0 || o->column >= ncols))
        return ck_error_set(e, CK_EUSAGE, "no column to group by");
    int rc = ck_seg_data_alloc(d, 0, o->model, e);
    if (rc != CK_OK)
        return rc;
    d->col_first = roles->col[CK_ROLE_FIRST_PURCHASE];
    d->col_last = roles->col[CK_ROLE_LAST_PURCHASE];
    d->col_orders = roles->col[CK_ROLE_ORDERS];
    d->col_amount = roles->col[CK_ROLE_AMOUNT];
    d->col_problems = problems_col;
    d->col_group = o->model == CK_SEG_COLUMN ? o->column : -1;
    return CK_OK;
}

int ck_seg_prepare_row(struct ck_seg_data *d, const struct ck_seg_opts *o, const char *const *f,
                       struct ck_error *e)
{
    if (d->n == d->cap) {
        int rc = data_grow(d, d->cap < 1024 ? 1024 : d->cap * 2, 0, e);
        if (rc != CK_OK)
            return rc;
    }
    size_t i = d->n++;
    if (d->group)
        d->group[i] = f[d->col_group];
    /* the row is written whole (data_grow left it unset); only scored rows' values are read */
    if (d->recency)
        d->recency[i] = 0;
    if (d->frequency)
        d->frequency[i] = 0;
    if (d->monetary)
        d->monetary[i] = 0;
    if (d->tenure)
        d->tenure[i] = 0;
    if (d->col_problems >= 0 && ck_problem_cell_has_error(f[d->col_problems])) {
        d->state[i] = CK_SEG_REVIEW;
        d->n_error++;
        return CK_OK;
    }
    long first = 0, last = 0;
    double orders = 0, amount = 0;
    int first_ok = d->col_first >= 0 && cell_date(f[d->col_first], &first) == 0;
    int last_ok = d->col_last >= 0 && cell_date(f[d->col_last], &last) == 0;
    int orders_ok = d->col_orders >= 0 && cell_number(f[d->col_orders], &orders) == 0;
    int amount_ok = d->col_amount >= 0 && cell_number(f[d->col_amount], &amount) == 0;
    int any_purchase_col =
        d->col_first >= 0 || d->col_last >= 0 || d->col_orders >= 0 || d->col_amount >= 0;
    int purchased = first_ok || last_ok || (orders_ok && orders > 0) || (amount_ok && amount > 0);
    if (any_purchase_col && !purchased) {
        d->state[i] = CK_SEG_PROSPECT;
        d->n_prospect++;
        return CK_OK;
    }
    if ((needs(o->model, 'R') && !last_ok) || (needs(o->model, 'F') && !orders_ok) ||
        (needs(o->model, 'M') && !amount_ok)) {
        d->state[i] = CK_SEG_REVIEW;
        d->n_incomplete++;
        return CK_OK;
    }
    d->state[i] = CK_SEG_SCORED;
    if (d->recency) {
        d->recency[i] = (double)(o->as_of - last);
        d->n_future += last > o->as_of;
    }
    if (d->frequency)
        d->frequency[i] = orders;
    if (d->monetary)
        d->monetary[i] = amount;
    if (d->tenure)
        d->tenure[i] = first_ok ? (double)(o->as_of - first) : NAN;
    return CK_OK;
}

int ck_seg_prepare(const struct ck_table *t, const struct ck_roles *roles, long problems_col,
                   const struct ck_seg_opts *o, struct ck_seg_data *d, struct ck_error *e)
{
    int rc = ck_seg_prepare_begin(roles, (long)t->ncols, problems_col, o, d, e);
    if (rc == CK_OK && (rc = data_grow(d, t->nrows, 0, e)) != CK_OK)
        ck_seg_data_free(d);
    for (size_t i = 0; rc == CK_OK && i < t->nrows; i++)
        if ((rc = ck_seg_prepare_row(d, o, &t->cells[i * t->ncols], e)) != CK_OK)
            ck_seg_data_free(d);
    return rc;
}

/* ---------- the models ---------- */

/* Doubles (no NaNs) as 64-bit keys whose unsigned order is their numeric order, and back. */
static uint64_t sort_key(double x)
{
    uint64_t u;
    memcpy(&u, &x, sizeof u);
    return (u >> 63) ? ~u : u | ((uint64_t)1 << 63);
}

static double double_of(uint64_t k)
{
    uint64_t u = (k >> 63) ? k & ~((uint64_t)1 << 63) : ~k;
    double x;
    memcpy(&x, &u, sizeof x);
    return x;
}

/* Sort n keys ascending with an LSD radix sort, tmp holding n; returns where they ended up (a
 * or tmp). A byte every key shares costs one counting pass and no move. */
static uint64_t *sort_keys(uint64_t *a, uint64_t *tmp, size_t n)
{
    uint64_t *b = tmp;
    if (n < 2)
        return a;
    for (int shift = 0; shift < 64; shift += 8) {
        size_t count[257] = {0};
        for (size_t i = 0; i < n; i++)
            count[((a[i] >> shift) & 0xff) + 1]++;
        if (count[((a[0] >> shift) & 0xff) + 1] == n)
            continue; /* every key has this byte: the pass would not move anything */
        for (int k = 0; k < 256; k++)
            count[k + 1] += count[k];
        for (size_t i = 0; i < n; i++)
            b[count[(a[i] >> shift) & 0xff]++] = a[i];
        uint64_t *t = a;
        a = b;
        b = t;
    }
    return a;
}

#define SEL_BUCKETS 65536 /* by the top 16 bits of the key: sign, exponent, 4 mantissa bits */
#define SEL_MAX_RANKS (2 * CK_SEG_MAX_TIERS + 2)

/* The values of ranks rank[0..nr) (0 = smallest) of the n keys a, into val: a radix select.
 * One pass counts the keys by their top 16 bits, which tells the bucket every wanted rank is
 * in; a second copies out the keys of those buckets only, which are sorted. The values are
 * exactly those a full sort would put at these ranks, for a pass over the keys and a sort of
 * a few buckets instead of up to eight passes that move every key. tmp holds 2n keys. */
static int select_ranks(const uint64_t *a, size_t n, const size_t *rank, size_t nr, double *val,
                        uint64_t *tmp, struct ck_error *e)
{
    size_t *start = calloc(SEL_BUCKETS + 1, sizeof *start);
    int16_t *slot = malloc(SEL_BUCKETS * sizeof *slot);
    if (!start || !slot) {
        free(start);
        free(slot);
        return ck_error_set(e, CK_ENOMEM, "out of memory selecting quantiles of %zu values", n);
    }
    for (size_t i = 0; i < n; i++)
        start[(a[i] >> 48) + 1]++;
    for (size_t b = 0; b < SEL_BUCKETS; b++)
        start[b + 1] += start[b];
    /* the buckets wanted, in key order, each given its place in tmp */
    size_t bucket[SEL_MAX_RANKS], at[SEL_MAX_RANKS], fill[SEL_MAX_RANKS], nb = 0, total = 0;
    size_t rbucket[SEL_MAX_RANKS]; /* the bucket of each rank */
    memset(slot, 0xff, SEL_BUCKETS * sizeof *slot); /* -1: not wanted */
    for (size_t j = 0; j < nr; j++) {
        size_t lo = 0, hi = SEL_BUCKETS; /* the bucket b with start[b] <= rank < start[b + 1] */
        while (hi - lo > 1) {
            size_t mid = lo + (hi - lo) / 2;
            if (start[mid] <= rank[j])
                lo = mid;
            else
                hi = mid;
        }
        if (slot[lo] < 0) {
            slot[lo] = (int16_t)nb;
            bucket[nb++] = lo;
        }
        rbucket[j] = lo;
    }
    for (size_t k = 0; k < nb; k++) {
        at[k] = total;
        fill[k] = total;
        total += start[bucket[k] + 1] - start[bucket[k]];
    }
    for (size_t i = 0; i < n; i++) {
        int16_t k = slot[a[i] >> 48];
        if (k >= 0)
            tmp[fill[k]++] = a[i];
    }
    uint64_t *sorted[SEL_MAX_RANKS];
    for (size_t k = 0; k < nb; k++) {
        size_t m = start[bucket[k] + 1] - start[bucket[k]];
        sorted[k] = sort_keys(tmp + at[k], tmp + total + at[k], m);
    }
    for (size_t j = 0; j < nr; j++) {
        size_t k = (size_t)slot[rbucket[j]];
        val[j] = double_of(sorted[k][rank[j] - start[rbucket[j]]]);
    }
    free(start);
    free(slot);
    return CK_OK;
}

/* The ranks (0 = smallest) ck_seg_percentile reads for the p-th percentile of n sorted
 * values: one at the ends, else lo and lo + 1. */
static size_t percentile_ranks(size_t n, double p, size_t r[2])
{
    double h = (double)(n - 1) * p / 100.0;
    double fl = floor(h);
    if (fl < 0) {
        r[0] = 0;
        return 1;
    }
    size_t lo = (size_t)fl;
    if (lo >= n - 1) {
        r[0] = n - 1;
        return 1;
    }
    r[0] = lo;
    r[1] = lo + 1;
    return 2;
}

/* ck_seg_percentile's arithmetic on the values at those ranks (x[0], x[1]). */
static double percentile_of(size_t n, double p, const double *x)
{
    double h = (double)(n - 1) * p / 100.0;
    double fl = floor(h);
    if (fl < 0 || (size_t)fl >= n - 1)
        return x[0];
    double frac = h - fl;
    return x[0] + frac * (x[1] - x[0]);
}

/* Breaks at the given percentiles of v over scored customers (nscored of them), exactly what
 * ck_seg_percentile gives over the sorted values; keys has room for 3 × nscored. */
static int breaks_of(const struct ck_seg_data *d, const double *v, size_t nscored,
                     const double *pct, size_t np, double *out, uint64_t *keys,
                     struct ck_error *e)
{
    if (nscored == 0)
        return CK_OK;
    size_t k = 0;
    for (size_t i = 0; i < d->n; i++)
        if (d->state[i] == CK_SEG_SCORED)
            keys[k++] = sort_key(v[i]);
    size_t rank[SEL_MAX_RANKS], nr = 0, first[CK_SEG_MAX_TIERS];
    for (size_t j = 0; j < np; j++) {
        first[j] = nr;
        nr += percentile_ranks(k, pct[j], rank + nr);
    }
    double val[SEL_MAX_RANKS];
    int rc = select_ranks(keys, k, rank, nr, val, keys + k, e);
    for (size_t j = 0; rc == CK_OK && j < np; j++)
        out[j] = percentile_of(k, pct[j], val + first[j]);
    return rc;
}

static int set_names(struct ck_seg_result *res, size_t nscored_tiers, int lang)
{
    res->ntiers = nscored_tiers + 2;
    res->names = calloc(res->ntiers, sizeof *res->names);
    res->count = calloc(res->ntiers, sizeof *res->count);
    if (!res->names || !res->count)
        return -1;
    res->names[nscored_tiers] = ck_seg_prospect_name(lang);
    res->names[nscored_tiers + 1] = ck_seg_review_name(lang);
    return 0;
}

static int run_value(const struct ck_seg_opts *o, const struct ck_seg_data *d, int lang,
                     struct ck_seg_result *res, struct ck_error *e)
{
    size_t k = o->nthr ? o->nthr : o->ntop + 1;
    if (set_names(res, k, lang) != 0 || !(res->namebuf = malloc(k * CK_SEG_NAME_MAX)))
        return ck_error_set(e, CK_ENOMEM, "out of memory");
    for (size_t t = 0; t < k; t++) {
        char *nb = res->namebuf + t * CK_SEG_NAME_MAX;
        if (o->nthr)
            snprintf(nb, CK_SEG_NAME_MAX, "%s", o->thr_name[t]);
        else if (k == 2 || k == 3)
            snprintf(nb, CK_SEG_NAME_MAX, "%s", pick(k == 2 ? &value_names2[t] : &value_names3[t], lang));
        else
            snprintf(nb, CK_SEG_NAME_MAX, lang == CK_LANG_ZH ? "价值第%zu档" : "Value tier %zu", t + 1);
        res->names[t] = nb;
    }
    if (o->nthr) {
        for (size_t i = 0; i < d->n; i++) {
            if (d->state[i] != CK_SEG_SCORED)
                continue;
            size_t t = 0;
            while (t + 1 < k && !(d->monetary[i] >= o->thr[t]))
                t++;
            res->tier[i] = (uint32_t)t;
        }
        res->nbreaks = k - 1;
        memcpy(res->breaks[0], o->thr, (k - 1) * sizeof o->thr[0]);
        return CK_OK;
    }
    /* the top c% start above the (100 - c)th percentile, c cumulative from the best tier */
    double pct[CK_SEG_MAX_TIERS], cum = 0;
    for (size_t j = 0; j < o->ntop; j++) {
        cum += o->top[j];
        pct[j] = 100 - cum;
    }
    uint64_t *keys = malloc((3 * res->nscored + 1) * sizeof *keys);
    if (!keys)
        return ck_error_set(e, CK_ENOMEM, "out of memory for %zu values", res->nscored);
    int rc = breaks_of(d, d->monetary, res->nscored, pct, o->ntop, res->breaks[0], keys, e);
    free(keys);
    if (rc != CK_OK)
        return rc;
    res->nbreaks = o->ntop;
    for (size_t i = 0; i < d->n; i++)
        if (d->state[i] == CK_SEG_SCORED)
            res->tier[i] =
                (uint32_t)(o->ntop - (size_t)ck_seg_breaks_below(d->monetary[i], res->breaks[0], o->ntop));
    return CK_OK;
}

static int run_rfm(const struct ck_seg_data *d, int lang, struct ck_seg_result *res,
                   struct ck_error *e)
{
    static const double quintiles[4] = {20, 40, 60, 80};
    if (set_names(res, RFM_NSEG, lang) != 0 || !(res->score = calloc(d->n ? d->n * 3 : 1, 1)))
        return ck_error_set(e, CK_ENOMEM, "out of memory");
    for (int s = 0; s < RFM_NSEG; s++)
        res->names[s] = pick(&rfm_names[s], lang);
    const double *cols[3] = {d->recency, d->frequency, d->monetary};
    uint64_t *keys = malloc((3 * res->nscored + 1) * sizeof *keys); /* one room for the three */
    if (!keys)
        return ck_error_set(e, CK_ENOMEM, "out of memory for %zu values", res->nscored);
    for (int c = 0; c < 3; c++) {
        int rc = breaks_of(d, cols[c], res->nscored, quintiles, 4, res->breaks[c], keys, e);
        if (rc != CK_OK) {
            free(keys);
            return rc;
        }
    }
    free(keys);
    res->nbreaks = 4;
    for (size_t i = 0; i < d->n; i++) {
        if (d->state[i] != CK_SEG_SCORED)
            continue;
        /* recency reversed: fewer days since the last purchase is better */
        int r = 5 - ck_seg_breaks_below(d->recency[i], res->breaks[0], 4);
        int f = 1 + ck_seg_breaks_below(d->frequency[i], res->breaks[1], 4);
        int m = 1 + ck_seg_breaks_below(d->monetary[i], res->breaks[2], 4);
        res->score[3 * i] = (unsigned char)r;
        res->score[3 * i + 1] = (unsigned char)f;
        res->score[3 * i + 2] = (unsigned char)m;
        res->tier[i] = (uint32_t)ck_seg_rfm_segment(r, f, m);
    }
    return CK_OK;
}

static int run_rfm8(const struct ck_seg_data *d, int lang, struct ck_seg_result *res,
                    struct ck_error *e)
{
    if (set_names(res, 8, lang) != 0)
        return ck_error_set(e, CK_ENOMEM, "out of memory");
    for (int s = 0; s < 8; s++)
        res->names[s] = pick(&rfm8_names[s], lang);
    /* plain sums in row order: the documented mean, reproducible by any reimplementation */
    double sum[3] = {0, 0, 0};
    for (size_t i = 0; i < d->n; i++)
        if (d->state[i] == CK_SEG_SCORED) {
            sum[0] += d->recency[i];
            sum[1] += d->frequency[i];
            sum[2] += d->monetary[i];
        }
    for (int c = 0; c < 3 && res->nscored; c++)
        res->mean[c] = sum[c] / (double)res->nscored;
    for (size_t i = 0; i < d->n; i++)
        if (d->state[i] == CK_SEG_SCORED)
            res->tier[i] = (uint32_t)ck_seg_rfm8_class(d->recency[i] < res->mean[0],
                                                       d->frequency[i] > res->mean[1],
                                                       d->monetary[i] > res->mean[2]);
    return CK_OK;
}

static int run_lifecycle(const struct ck_seg_opts *o, const struct ck_seg_data *d, int lang,
                         struct ck_seg_result *res, struct ck_error *e)
{
    if (set_names(res, LC_NSTAGE, lang) != 0)
        return ck_error_set(e, CK_ENOMEM, "out of memory");
    for (int s = 0; s < LC_NSTAGE; s++)
        res->names[s] = pick(&lifecycle_names[s], lang);
    for (size_t i = 0; i < d->n; i++) {
        if (d->state[i] != CK_SEG_SCORED)
            continue;
        int s;
        if (!isnan(d->tenure[i]) && d->tenure[i] <= (double)o->new_days)
            s = LC_NEW;
        else if (d->recency[i] <= (double)o->windows[0])
            s = LC_ACTIVE;
        else if (d->recency[i] <= (double)o->windows[1])
            s = LC_DORMANT;
        else
            s = LC_LOST;
        res->tier[i] = (uint32_t)s;
    }
    return CK_OK;
}

static uint64_t hash_bytes(const char *s, size_t len, uint64_t h)
{
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

struct group {
    const char *name;
    size_t count, first;
};

static int cmp_group(const void *a, const void *b)
{
    const struct group *x = a, *y = b;
    if (x->count != y->count)
        return x->count < y->count ? 1 : -1;
    return (x->first > y->first) - (x->first < y->first);
}

/* Groups of a column's values, most customers first (ties: first seen first). */
static int run_column(const struct ck_seg_data *d, int lang, struct ck_seg_result *res,
                      struct ck_error *e)
{
    size_t cap = 16;
    while (cap < 2 * d->n)
        cap <<= 1;
    uint32_t *slot = calloc(cap, sizeof *slot); /* group index + 1, 0 = empty */
    size_t ng = 0, gcap = 64;
    struct group *g = malloc(gcap * sizeof *g);
    uint32_t *remap = NULL;
    int rc = CK_OK;
    if (!slot || !g) {
        rc = ck_error_set(e, CK_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < d->n; i++) {
        if (d->state[i] != CK_SEG_SCORED)
            continue;
        const char *v = d->group[i];
        size_t len = strlen(v);
        size_t h = (size_t)hash_bytes(v, len, 14695981039346656037ULL) & (cap - 1);
        while (slot[h] && strcmp(g[slot[h] - 1].name, v) != 0)
            h = (h + 1) & (cap - 1);
        if (!slot[h]) {
            if (ck_grow((void **)&g, &gcap, ng + 1, sizeof *g)) {
                rc = ck_error_set(e, CK_ENOMEM, "out of memory");
                goto out;
            }
            g[ng] = (struct group){v, 0, i};
            slot[h] = (uint32_t)++ng;
        }
        g[slot[h] - 1].count++;
        res->tier[i] = slot[h] - 1;
    }
    qsort(g, ng, sizeof *g, cmp_group);
    /* tier[] holds first-seen group numbers; map them to the sorted order */
    remap = calloc(ng ? ng : 1, sizeof *remap); /* zeroed: every entry is set below anyway */
    if (!remap || set_names(res, ng, lang) != 0) {
        rc = ck_error_set(e, CK_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t j = 0; j < ng; j++)
        res->names[j] = g[j].name[0] ? g[j].name : pick(&blank_group_name, lang);
    /* groups were numbered in first-seen order; the row where a group was first seen
     * carries that number */
    for (size_t j = 0; j < ng; j++)
        remap[res->tier[g[j].first]] = (uint32_t)j;
    for (size_t i = 0; i < d->n; i++)
        if (d->state[i] == CK_SEG_SCORED)
            res->tier[i] = remap[res->tier[i]];
out:
    free(slot);
    free(g);
    free(remap);
    return rc;
}

int ck_seg_run(const struct ck_seg_opts *o, const struct ck_seg_data *d, int lang,
               struct ck_seg_result *res, struct ck_error *e)
{
    memset(res, 0, sizeof *res);
    res->n = d->n;
    if (!(res->tier = calloc(d->n ? d->n : 1, sizeof *res->tier)))
        return ck_error_set(e, CK_ENOMEM, "out of memory for %zu customers", d->n);
    for (size_t i = 0; i < d->n; i++)
        res->nscored += d->state[i] == CK_SEG_SCORED;
    int rc;
    switch (o->model) {
    case CK_SEG_VALUE:
        rc = run_value(o, d, lang, res, e);
        break;
    case CK_SEG_RFM:
        rc = run_rfm(d, lang, res, e);
        break;
    case CK_SEG_RFM8:
        rc = run_rfm8(d, lang, res, e);
        break;
    case CK_SEG_LIFECYCLE:
        rc = run_lifecycle(o, d, lang, res, e);
        break;
    default:
        rc = run_column(d, lang, res, e);
        break;
    }
    if (rc != CK_OK) {
        ck_seg_result_free(res);
        return rc;
    }
    size_t k = res->ntiers - 2;
    for (size_t i = 0; i < d->n; i++) {
        if (d->state[i] == CK_SEG_PROSPECT)
            res->tier[i] = (uint32_t)k;
        else if (d->state[i] == CK_SEG_REVIEW)
            res->tier[i] = (uint32_t)(k + 1);
        res->count[res->tier[i]]++;
    }
    return CK_OK;
}

void ck_seg_result_free(struct ck_seg_result *res)
{
    free(res->tier);
    free(res->score);
    free(res->names);
    free(res->count);
    free(res->namebuf);
    memset(res, 0, sizeof *res);
}

/* ---------- matching with a previous run ---------- */

enum { KEY_ID, KEY_PHONE, KEY_EMAIL, KEY_KINDS };
static const int key_roles[KEY_KINDS] = {CK_ROLE_ID, CK_ROLE_PHONE, CK_ROLE_EMAIL};

#define KEY_MAX 512

/* The normalised key of a cell, or 0 when it is empty. */
static size_t key_of(int kind, const char *cell, char *out)
{
    size_t len = strlen(cell);
    if (len >= KEY_MAX)
        len = KEY_MAX - 1; /* keys this long are not real ids; compare their start */
    size_t n = ck_norm_text(cell, len, 0, 1, out, KEY_MAX);
    out[n < KEY_MAX ? n : KEY_MAX - 1] = 0;
    if (!out[0])
        return 0;
    char tmp[KEY_MAX];
    if (kind == KEY_PHONE && ck_norm_phone(out, tmp, sizeof tmp) == CK_P_NONE)
        memcpy(out, tmp, strlen(tmp) + 1);
    else if (kind == KEY_EMAIL) {
        for (char *p = out; *p; p++)
            if (*p >= 'A' && *p <= 'Z')
                *p = (char)(*p - 'A' + 'a');
    }
    return strlen(out);
}

/* Open addressing over previous rows: a slot holds row + 1 and the kind in a 32-bit hash
 * whose low two bits are the kind; keys are recomputed from the previous table on a probe,
 * so the map costs 8 bytes a slot whatever the key lengths. */
struct keymap {
    size_t cap;
    uint32_t *row, *hash;
};

static uint32_t key_hash(int kind, const char *k, size_t len)
{
    uint64_t h = hash_bytes(k, len, 14695981039346656037ULL ^ (uint64_t)kind);
    return (uint32_t)((h ^ (h >> 32)) & ~(uint64_t)3) | (uint32_t)kind;
}

/* Find the slot of (kind, key): the slot holding it, or the empty slot where it would go. */
static size_t keymap_find(const struct keymap *m, const struct ck_table *prev,
                          const struct ck_roles *pr, int kind, const char *key, size_t len)
{
    uint32_t h = key_hash(kind, key, len);
    size_t i = h & (m->cap - 1);
    char other[KEY_MAX];
    while (m->row[i]) {
        if (m->hash[i] == h) {
            const char *cell =
                ck_table_cell(prev, m->row[i] - 1, (size_t)pr->col[key_roles[kind]]);
            if (key_of(kind, cell, other) == len && memcmp(other, key, len) == 0)
                return i;
        }
        i = (i + 1) & (m->cap - 1);
    }
    return i;
}

int ck_seg_match(const struct ck_table *cur, const struct ck_roles *cur_roles,
                 const struct ck_table *prev, const struct ck_roles *prev_roles, long *match,
                 unsigned char *seen, struct ck_error *e)
{
    int usable[KEY_KINDS], any = 0;
    for (int k = 0; k < KEY_KINDS; k++) {
        usable[k] = cur_roles->col[key_roles[k]] >= 0 && prev_roles->col[key_roles[k]] >= 0;
        any |= usable[k];
    }
    if (!any)
        return ck_error_set(e, CK_EUSAGE,
                            "--compare: the tables share no id, phone or email column to match "
                            "customers by");
    if (prev->nrows >= UINT32_MAX / 2)
        return ck_error_set(e, CK_EUSAGE, "--compare: previous table too large");
    struct keymap m = {16, NULL, NULL};
    while (m.cap < 4 * prev->nrows)
        m.cap <<= 1;
    m.row = calloc(m.cap, sizeof *m.row);
    m.hash = calloc(m.cap, sizeof *m.hash);
    if (!m.row || !m.hash) {
        free(m.row);
        free(m.hash);
        return ck_error_set(e, CK_ENOMEM, "out of memory matching %zu customers", prev->nrows);
    }
    char key[KEY_MAX];
    for (size_t j = 0; j < prev->nrows; j++) {
        seen[j] = 0;
        for (int k = 0; k < KEY_KINDS; k++) {
            if (!usable[k])
                continue;
            size_t len = key_of(k, ck_table_cell(prev, j, (size_t)prev_roles->col[key_roles[k]]), key);
            if (!len)
                continue;
            size_t i = keymap_find(&m, prev, prev_roles, k, key, len);
            if (!m.row[i]) { /* the first previous row with a key keeps it */
                m.row[i] = (uint32_t)(j + 1);
                m.hash[i] = key_hash(k, key, len);
            }
        }
    }
    for (size_t r = 0; r < cur->nrows; r++) {
        match[r] = -1;
        for (int k = 0; k < KEY_KINDS && match[r] < 0; k++) {
            if (!usable[k])
                continue;
            size_t len = key_of(k, ck_table_cell(cur, r, (size_t)cur_roles->col[key_roles[k]]), key);
            if (!len)
                continue;
            size_t i = keymap_find(&m, prev, prev_roles, k, key, len);
            if (m.row[i]) {
                match[r] = (long)m.row[i] - 1;
                seen[match[r]] = 1;
            }
        }
    }
    free(m.row);
    free(m.hash);
    return CK_OK;
}
