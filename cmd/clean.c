/* clean.c — `custkit clean`: normalise, validate and deduplicate a customer table, roll up
 * streamed orders onto the merged customers, and account for every row (SPEC §4). */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "clean/clean.h"
#include "common.h"
#include "clean/dedup.h"

#define MAX_ORDERS 32
#define MAX_EXCLUDE 64 /* --exclude-status values */
#define MAX_KEY_COLS 16 /* columns an order can name its customer by */

enum {
    OPT_ORDERS = CK_OPT_FIRST,
    OPT_ORPHANS,
    OPT_REJECTS,
    OPT_MERGE_LOG,
    OPT_INVALID,
    OPT_STRICT,
    OPT_NO_DEDUP,
    OPT_KEY,
    OPT_SUM,
    OPT_REQUIRE,
    OPT_NO_NORMALIZE,
    OPT_DATE_ORDER,
    OPT_KEEP_PURCHASE,
    OPT_STATS,
    OPT_ORDERS_COL,
    OPT_EXCLUDE_STATUS,
    OPT_SPLIT_ADDRESS,
    OPT_NO_SPLIT_ADDRESS,
};

static const struct option longopts[] = {
    CK_COMMON_LONGOPTS,
    {"orders", required_argument, NULL, OPT_ORDERS},
    {"orphans", required_argument, NULL, OPT_ORPHANS},
    {"rejects", required_argument, NULL, OPT_REJECTS},
    {"merge-log", required_argument, NULL, OPT_MERGE_LOG},
    {"invalid", required_argument, NULL, OPT_INVALID},
    {"strict", no_argument, NULL, OPT_STRICT},
    {"no-dedup", no_argument, NULL, OPT_NO_DEDUP},
    {"key", required_argument, NULL, OPT_KEY},
    {"sum", required_argument, NULL, OPT_SUM},
    {"require", required_argument, NULL, OPT_REQUIRE},
    {"no-normalize", required_argument, NULL, OPT_NO_NORMALIZE},
    {"date-order", required_argument, NULL, OPT_DATE_ORDER},
    {"keep-purchase-columns", no_argument, NULL, OPT_KEEP_PURCHASE},
    {"stats", required_argument, NULL, OPT_STATS},
    {"orders-col", required_argument, NULL, OPT_ORDERS_COL},
    {"exclude-status", required_argument, NULL, OPT_EXCLUDE_STATUS},
    {"split-address", no_argument, NULL, OPT_SPLIT_ADDRESS},
    {"no-split-address", no_argument, NULL, OPT_NO_SPLIT_ADDRESS},
    {NULL, 0, NULL, 0},
};

/* Names of the columns clean writes, in the table's language (SPEC §2). */
enum {
    N_PROBLEMS,
    N_LINE,
    N_REASON,
    N_FILE,
    N_KEPT,
    N_MERGED,
    N_KEY,
    N_VALUE,
    N_CONFLICTS,
    N_FIRST,
    N_LAST,
    N_ORDERS,
    N_AMOUNT,
    N_PROVINCE,
    N_CITY,
    N_DISTRICT
};
static const char *const names[][2] = {
    [N_PROBLEMS] = {"_problems", "问题"},
    [N_LINE] = {"_line", "行号"},
    [N_REASON] = {"_reason", "原因"},
    [N_FILE] = {"_file", "文件"},
    [N_KEPT] = {"kept_line", "保留行号"},
    [N_MERGED] = {"merged_line", "合并行号"},
    [N_KEY] = {"key", "匹配键"},
    [N_VALUE] = {"key_value", "键值"},
    [N_CONFLICTS] = {"conflicts", "冲突字段"},
    [N_FIRST] = {"first_purchase", "首次购买日期"},
    [N_LAST] = {"last_purchase", "最近购买日期"},
    [N_ORDERS] = {"orders", "购买次数"},
    [N_AMOUNT] = {"amount", "消费金额"},
    [N_PROVINCE] = {"province", "省份"},
    [N_CITY] = {"city", "城市"},
    [N_DISTRICT] = {"district", "区县"},
};

/* The purchase columns the orders roll-up sets, with their added names. */
static const struct {
    int role, name;
} purchase[] = {
    {CK_ROLE_FIRST_PURCHASE, N_FIRST},
    {CK_ROLE_LAST_PURCHASE, N_LAST},
    {CK_ROLE_ORDERS, N_ORDERS},
    {CK_ROLE_AMOUNT, N_AMOUNT},
};
#define NPURCHASE (sizeof purchase / sizeof *purchase)
enum { P_KEEP, P_REPLACE, P_ADD };

/* Roles an order can name its customer by, in the order they are tried. */
static const int order_keys[] = {CK_ROLE_ID, CK_ROLE_PHONE, CK_ROLE_EMAIL};
static const int default_keys[] = {CK_ROLE_PHONE, CK_ROLE_EMAIL, CK_ROLE_ID};

/* How a row that has errors is treated (--invalid). */
enum { INVALID_FLAG, INVALID_REJECT, INVALID_UNUSABLE };

struct orders_in {
    const char *path;
    struct ck_reader *r;
    struct ck_roles roles;
    size_t *map; /* column → orphans column */
    /* the columns naming the customer, tried in this order: ids, phones (the buyer's before
     * the receiver's), e-mails */
    int key_role[MAX_KEY_COLS], key_col[MAX_KEY_COLS];
    size_t nkeys;
    int status_col[MAX_KEY_COLS]; /* order status, after-sale status … */
    size_t nstatus;
};

/* One customer's orders, rolled up: kept together so that attaching an order touches one
 * cache line. */
struct purchases {
    long long cents;
    uint32_t count;
    int32_t first, last; /* days */
};

struct clean {
    struct ck_common c;
    const char *input;
    const char *orders_path[MAX_ORDERS];
    size_t norders;
    const char *ocols[CK_MAX_COLS]; /* --orders-col ROLE=HEADER */
    size_t nocols;
    const char *orphans, *rejects, *merge_log;
    int invalid; /* -1 unset, else INVALID_* */
    const char *exclude[MAX_EXCLUDE]; /* --exclude-status values */
    size_t nexclude;
    char *exclude_buf[MAX_EXCLUDE];
    size_t nexclude_buf;
    int strict, no_dedup, keep_purchase, stats_json;
    int exclude_profile;               /* --exclude-status came from the profile */
    unsigned char ocol_profile[CK_MAX_COLS]; /* that --orders-col did */
    int keys[CK_ROLE_COUNT];
    size_t nkeys;
    int sum_orders, sum_amount;
    const char *key_spec, *sum_spec, *require_spec, *no_norm_spec;
    int date_order;
    int split; /* --split-address 1, --no-split-address 0, else -1: split when there is an
                * address column */

    int lang;
    struct ck_reader *r;
    struct ck_roles roles;
    struct ck_clean_opts co;
    struct ck_cleaner *cl;
    struct ck_table t;
    uint32_t *bad; /* per table row: roles with invalid values */
    size_t cap_bad;
    struct ck_dedup *d;
    /* rejected rows, normalised, kept only to tell their orders from true orphans */
    struct ck_table rej;
    uint32_t *rej_bad;
    size_t cap_rej_bad;
    struct ck_dedup *drej;
    struct ck_writer *w_rejects, *w_orphans, *w_merge, *w_out;
    struct orders_in oin[MAX_ORDERS];
    char **orphan_cols;
    size_t n_orphan_cols;

    /* per customer */
    uint32_t *pmask, *pmissing;
    struct purchases *buy; /* per customer, from the orders */
    int pmode[NPURCHASE];
    long pcol[NPURCHASE]; /* output column of each purchase value */
    size_t ncols_out;
    long problems_col;

    long read, written, merged, rejected, flagged;
    long o_read, o_attached, o_orphaned, o_bad, o_excluded;
    long o_of_rejected; /* orphans whose customer row was rejected */
    int any_error;
    char *scratch;
    size_t cap_scratch;
};

static const char *nm(const struct clean *k, int n)
{
    return names[n][k->lang == CK_LANG_ZH];
}

static int grow_bad(struct clean *k, size_t n)
{
    if (n < k->cap_bad)
        return 0;
    size_t cap = k->cap_bad ? k->cap_bad * 2 : 1024;
    uint32_t *p = realloc(k->bad, cap * sizeof *p);
    if (!p)
        return -1;
    k->bad = p;
    k->cap_bad = cap;
    return 0;
}

static int scratch(struct clean *k, size_t need)
{
    if (need <= k->cap_scratch)
        return 0;
    size_t cap = k->cap_scratch ? k->cap_scratch : 1024;
    while (cap < need)
        cap *= 2;
    char *p = realloc(k->scratch, cap);
    if (!p)
        return -1;
    k->scratch = p;
    k->cap_scratch = cap;
    return 0;
}

/* ---------- options ---------- */

static int parse_args(struct clean *k, int argc, char **argv)
{
    int opt;
    ck_common_init(&k->c, "clean");
    k->invalid = -1;
    k->split = -1;
    optind = 1;
    while ((opt = ck_getopt(&k->c, argc, argv, "ho:q", longopts)) != -1) {
        int rc = ck_common_opt(&k->c, opt, optarg);
        if (rc < 0)
            return rc;
        if (rc)
            continue;
        switch (opt) {
        case OPT_ORDERS:
            if (k->norders == MAX_ORDERS)
                return CK_STOP(ck_usage("clean", "at most %d --orders files", MAX_ORDERS));
            k->orders_path[k->norders++] = optarg;
            break;
        case OPT_ORDERS_COL:
            if (!strchr(optarg, '='))
                return CK_STOP(
                    ck_usage("clean", "--orders-col takes ROLE=HEADER, not '%s'", optarg));
            if (k->nocols == CK_MAX_COLS)
                return CK_STOP(ck_usage("clean", "too many --orders-col options"));
            k->ocol_profile[k->nocols] = k->c.src != NULL;
            k->ocols[k->nocols++] = optarg;
            break;
        case OPT_EXCLUDE_STATUS: {
            k->exclude_profile = k->c.src != NULL;
            if (k->nexclude_buf == MAX_EXCLUDE || !(k->exclude_buf[k->nexclude_buf] = strdup(optarg)))
                return CK_STOP(ck_usage("clean", "too many --exclude-status options"));
            char *save = NULL;
            for (char *t = strtok_r(k->exclude_buf[k->nexclude_buf++], ",", &save); t;
                 t = strtok_r(NULL, ",", &save)) {
                if (k->nexclude == MAX_EXCLUDE)
                    return CK_STOP(ck_usage("clean", "--exclude-status: at most %d statuses",
                                            MAX_EXCLUDE));
                k->exclude[k->nexclude++] = t;
            }
            break;
        }
        case OPT_SPLIT_ADDRESS:
        case OPT_NO_SPLIT_ADDRESS:
            k->split = opt == OPT_SPLIT_ADDRESS;
            break;
        case OPT_ORPHANS:
            k->orphans = optarg;
            break;
        case OPT_REJECTS:
            k->rejects = optarg;
            break;
        case OPT_MERGE_LOG:
            k->merge_log = optarg;
            break;
        case OPT_INVALID:
            if (strcasecmp(optarg, "flag") == 0)
                k->invalid = INVALID_FLAG;
            else if (strcasecmp(optarg, "unusable") == 0)
                k->invalid = INVALID_UNUSABLE;
            else if (strcasecmp(optarg, "reject") == 0)
                k->invalid = INVALID_REJECT;
            else
                return CK_STOP(ck_usage(
                    "clean", "--invalid takes flag, unusable or reject, not '%s'", optarg));
            break;
        case OPT_STRICT:
            k->strict = 1;
            break;
        case OPT_NO_DEDUP:
            k->no_dedup = 1;
            break;
        case OPT_KEY:
            k->key_spec = optarg;
            break;
        case OPT_SUM:
            k->sum_spec = optarg;
            break;
        case OPT_REQUIRE:
            k->require_spec = optarg;
            break;
        case OPT_NO_NORMALIZE:
            k->no_norm_spec = optarg;
            break;
        case OPT_DATE_ORDER:
            if (strcasecmp(optarg, "dmy") == 0)
                k->date_order = CK_DATE_DMY;
            else if (strcasecmp(optarg, "mdy") == 0)
                k->date_order = CK_DATE_MDY;
            else
                return CK_STOP(
                    ck_usage("clean", "--date-order takes dmy or mdy, not '%s'", optarg));
            break;
        case OPT_KEEP_PURCHASE:
            k->keep_purchase = 1;
            break;
        case OPT_STATS:
            if (strcasecmp(optarg, "json") == 0)
                k->stats_json = 1;
            else if (strcasecmp(optarg, "text") == 0)
                k->stats_json = 0;
            else
                return CK_STOP(ck_usage("clean", "--stats takes text or json, not '%s'", optarg));
            break;
        default:
            return CK_STOP(ck_usage("clean", "unknown option"));
        }
    }
    if (argc - optind > 1)
        return CK_STOP(ck_usage("clean", "one input table at most (use custkit import to join "
                                         "several files)"));
    k->input = optind < argc && strcmp(argv[optind], "-") != 0 ? argv[optind] : NULL;
    if (k->invalid < 0) /* --rejects FILE alone takes out the rows that cannot be a customer */
        k->invalid = k->rejects ? INVALID_UNUSABLE : INVALID_FLAG;
    if (k->invalid != INVALID_FLAG && !k->rejects)
        return CK_STOP(ck_usage("clean", "--invalid %s needs --rejects FILE: rejected rows "
                                         "must go somewhere",
                                k->invalid == INVALID_REJECT ? "reject" : "unusable"));
    /* a profile's [orders] and exclude-status are for the runs that read orders (a command
     * line's --exclude-status replaces the profile's) */
    if (!k->norders && k->exclude_profile)
        k->nexclude = 0;
    size_t kept = 0;
    for (size_t i = 0; i < k->nocols; i++)
        if (k->norders || !k->ocol_profile[i])
            k->ocols[kept++] = k->ocols[i];
    k->nocols = kept;
    if (k->nexclude_buf && !k->exclude_profile && !k->norders)
        return CK_STOP(ck_usage("clean", "--exclude-status needs --orders"));
    if (k->nocols && !k->norders)
        return CK_STOP(ck_usage("clean", "--orders-col needs --orders"));
    if (k->orphans && !k->norders)
        return CK_STOP(ck_usage("clean", "--orphans needs --orders FILE"));
    for (size_t i = 0; i < k->norders; i++)
        if (!k->input && strcmp(k->orders_path[i], "-") == 0)
            return CK_STOP(ck_usage("clean", "--orders - and the table cannot both be standard "
                                             "input"));
    return 0;
}

/* Check the role options against the table now that its header is known. */
static int setup_roles(struct clean *k, struct ck_error *e)
{
    const struct ck_row *h = ck_reader_header(k->r);
    int rc = ck_roles_resolve(&k->roles, h, CK_TABLE_CUSTOMERS, k->c.cols, k->c.ncols, e);
    if (rc)
        return rc;
    k->lang = ck_common_lang(&k->c, h);
    struct ck_clean_opts *co = &k->co;
    co->norm.date_order = k->date_order;
    co->norm.lang = k->lang;
    co->norm.as_of = ck_today();
    if (k->c.as_of && (rc = ck_asof_resolve(k->c.as_of, &co->norm.as_of, e)))
        return rc;
    co->skip_col = -1;
    co->key_roles = 1u << CK_ROLE_PHONE | 1u << CK_ROLE_EMAIL | 1u << CK_ROLE_ID;
    for (size_t i = 0; i < h->n; i++)
        if (strcmp(h->f[i], names[N_PROBLEMS][0]) == 0 ||
            strcmp(h->f[i], names[N_PROBLEMS][1]) == 0)
            co->skip_col = (long)i;

    if (k->no_norm_spec) {
        int roles[CK_ROLE_COUNT];
        size_t n;
        if ((rc = ck_role_list_parse(k->no_norm_spec, roles, &n, CK_ROLE_COUNT, "--no-normalize",
                                     e)))
            return rc;
        for (size_t i = 0; i < n; i++)
            co->no_normalize |= 1u << roles[i];
    }
    if (k->require_spec) {
        if ((rc = ck_require_parse(k->require_spec, co->require, &co->nrequire, e)))
            return rc;
        for (size_t g = 0; g < co->nrequire; g++)
            for (size_t i = 0; i < co->require[g].n; i++)
                if (k->roles.col[co->require[g].role[i]] < 0)
                    return ck_error_set(e, CK_EUSAGE, "--require %s: the table has no %s column",
                                        k->require_spec, ck_role_name(co->require[g].role[i]));
    } else {
        /* SPEC §4: a name, and one of phone/email/id — among the columns the table has. */
        static const int groups[][3] = {{CK_ROLE_NAME, -1, -1},
                                        {CK_ROLE_PHONE, CK_ROLE_EMAIL, CK_ROLE_ID}};
        for (size_t g = 0; g < 2; g++) {
            struct ck_require *q = &co->require[co->nrequire];
            q->n = 0;
            for (size_t i = 0; i < 3; i++)
                if (groups[g][i] >= 0 && k->roles.col[groups[g][i]] >= 0)
                    q->role[q->n++] = groups[g][i];
            if (q->n)
                co->nrequire++;
        }
    }
    if (k->split == 1 && k->roles.col[CK_ROLE_ADDRESS] < 0)
        return ck_error_set(e, CK_EUSAGE,
                            "--split-address: the table has no address column; map one with "
                            "--col address=HEADER");
    co->split_address = k->split != 0 && k->roles.col[CK_ROLE_ADDRESS] >= 0;
    return ck_cleaner_new(&k->cl, h->n, &k->roles, co, e);
}

/* The header of the cleaned table: the input's, then the columns the address split adds. */
static int set_header(struct clean *k, const struct ck_row *h, struct ck_error *e)
{
    int roles[4];
    size_t nadd = ck_cleaner_added(k->cl, roles, 4);
    if (!nadd)
        return ck_table_set_header(&k->t, h, e);
    size_t n = h->n + nadd;
    char **f = malloc(n * sizeof *f);
    if (!f)
        return ck_error_set(e, CK_ENOMEM, "out of memory");
    for (size_t i = 0; i < h->n; i++)
        f[i] = h->f[i];
    for (size_t j = 0; j < nadd; j++)
        f[h->n + j] = (char *)nm(k, roles[j] == CK_ROLE_PROVINCE ? N_PROVINCE
                                    : roles[j] == CK_ROLE_CITY   ? N_CITY
                                                                 : N_DISTRICT);
    struct ck_row row = {n, f, NULL, h->line};
    int rc = ck_table_set_header(&k->t, &row, e);
    free(f);
    return rc;
}

/* "lines 3, 8, 9 …" of the first rows counted */
static void line_list(char *out, size_t cap, long count, const long *lines)
{
    size_t l = (size_t)snprintf(out, cap, "%s", count == 1 ? "line " : "lines ");
    for (long i = 0; i < count && i < CK_PLACE_LINES && l < cap; i++)
        l += (size_t)snprintf(out + l, cap - l, "%s%ld", i ? ", " : "", lines[i]);
    if (count > CK_PLACE_LINES && l < cap)
        snprintf(out + l, cap - l, ", …");
}

/* One warning per kind of place name left unsettled (never in the problems column). */
static void place_warnings(struct clean *k)
{
    struct ck_place_stats st;
    if (k->c.quiet)
        return;
    ck_cleaner_place_stats(k->cl, &st);
    const char *file = ck_reader_name(k->r);
    static const int roles[2] = {CK_ROLE_PROVINCE, CK_ROLE_CITY};
    for (int w = 0; w < 2; w++) {
        if (!st.unknown[w])
            continue;
        char ex[4 * sizeof st.example[0][0]] = "";
        size_t l = 0;
        for (size_t i = 0; i < st.nexample[w] && l < sizeof ex; i++)
            l += (size_t)snprintf(ex + l, sizeof ex - l, "%s%s", i ? ", " : "", st.example[w][i]);
        if (st.unknown[w] > (long)st.nexample[w] && l < sizeof ex)
            snprintf(ex + l, sizeof ex - l, ", …");
        ck_msg("clean",
               "warning: %s: column %s: %ld %s not recognised as a %s, kept as written (%s)", file,
               k->t.header[k->roles.col[roles[w]]], st.unknown[w],
               st.unknown[w] == 1 ? "value" : "values", w ? "city" : "province", ex);
    }
    char lines[128];
    const char *addr =
        k->roles.col[CK_ROLE_ADDRESS] >= 0 ? k->t.header[k->roles.col[CK_ROLE_ADDRESS]] : "";
    if (st.ambiguous) {
        line_list(lines, sizeof lines, st.ambiguous, st.ambiguous_line);
        ck_msg("clean",
               "warning: %s: column %s: %ld %s with an ambiguous place name, left empty (%s)", file,
               addr, st.ambiguous, st.ambiguous == 1 ? "address" : "addresses", lines);
    }
    if (st.unplaced) {
        line_list(lines, sizeof lines, st.unplaced, st.unplaced_line);
        ck_msg("clean", "warning: %s: column %s: %ld %s without a recognisable province (%s)", file,
               addr, st.unplaced, st.unplaced == 1 ? "address" : "addresses", lines);
    }
}

/* ---------- pass 1: read, normalise, reject ---------- */

/* A rejected row's orders are not orphans of an unknown customer: keep the row (normalised)
 * so the roll-up can say whose they are. */
static int keep_rejected(struct clean *k, const struct ck_clean_result *res, struct ck_error *e)
{
    int rc;
    if (k->rej.ncols == 0) {
        struct ck_row h = {k->t.ncols, k->t.header, NULL, 1};
        if ((rc = ck_table_set_header(&k->rej, &h, e)))
            return rc;
    }
    if (k->rej.nrows == k->cap_rej_bad) {
        size_t cap = k->cap_rej_bad ? k->cap_rej_bad * 2 : 256;
        uint32_t *p = realloc(k->rej_bad, cap * sizeof *p);
        if (!p)
            return ck_error_set(e, CK_ENOMEM, "out of memory");
        k->rej_bad = p;
        k->cap_rej_bad = cap;
    }
    k->rej_bad[k->rej.nrows] = res->bad_roles;
    return ck_table_append(&k->rej, res->row, e);
}

static int write_reject(struct clean *k, const struct ck_row *row, const char *reason,
                        struct ck_error *e)
{
    size_t n = row->n + 2;
    const char **f = malloc(n * sizeof *f);
    if (!f)
        return ck_error_set(e, CK_ENOMEM, "out of memory");
    char line[32];
    snprintf(line, sizeof line, "%ld", row->line);
    f[0] = line;
    for (size_t i = 0; i < row->n; i++)
        f[i + 1] = row->f[i];
    f[n - 1] = reason;
    int rc = ck_writer_row(k->w_rejects, f, NULL, n, e);
    free(f);
    return rc;
}

static int read_table(struct clean *k, struct ck_error *e)
{
    const struct ck_row *h = ck_reader_header(k->r);
    int rc;
    if ((rc = set_header(k, h, e)))
        return rc;
    if (k->rejects) {
        if ((rc = ck_writer_open(&k->w_rejects, k->rejects, 0600, e)))
            return rc;
        ck_writer_set_bom(k->w_rejects, 1);
        size_t n = h->n + 2;
        const char **f = malloc(n * sizeof *f);
        if (!f)
            return ck_error_set(e, CK_ENOMEM, "out of memory");
        f[0] = nm(k, N_LINE);
        for (size_t i = 0; i < h->n; i++)
            f[i + 1] = h->f[i];
        f[n - 1] = nm(k, N_REASON);
        rc = ck_writer_row(k->w_rejects, f, NULL, n, e);
        free(f);
        if (rc)
            return rc;
    }
    struct ck_progress prog;
    ck_progress_start(&prog, &k->c);
    char text[1024];
    for (;;) {
        const struct ck_row *row;
        if ((rc = ck_reader_next(k->r, &row, e)))
            return rc;
        if (!row)
            break;
        k->read++;
        ck_progress_tick(&prog, k->read);
        struct ck_clean_result res;
        if ((rc = ck_clean_row(k->cl, (const char *const *)row->f, row->len, row->line, &res, e)))
            return rc;
        int error = ck_clean_has_error(res.problems);
        int reject = k->invalid == INVALID_REJECT     ? error
                     : k->invalid == INVALID_UNUSABLE ? res.unusable
                                                      : 0;
        k->any_error |= error;
        /* --invalid flag copies the rows with errors to --rejects; otherwise it holds the rows
         * taken out */
        if (k->w_rejects && (k->invalid == INVALID_FLAG ? error : reject)) {
            ck_clean_problems_text(k->cl, res.problems, res.missing, text, sizeof text);
            const char *why = text[0] ? text : ck_clean_reason(CK_R_NO_USABLE_KEY, k->lang);
            if ((rc = write_reject(k, row, why, e)))
                return rc;
        }
        if (reject) {
            k->rejected++;
            if (k->norders && (rc = keep_rejected(k, &res, e)))
                return rc;
            continue;
        }
        if (grow_bad(k, k->t.nrows) || (rc = ck_table_append(&k->t, res.row, e)))
            return rc ? rc : ck_error_set(e, CK_ENOMEM, "out of memory");
        k->bad[k->t.nrows - 1] = res.bad_roles;
    }
    ck_progress_end(&prog);
    place_warnings(k);
    return CK_OK;
}

/* ---------- columns that look like dates or amounts but have no role ---------- */

/* Columns segment writes: never worth a warning when a segmented table is cleaned again. */
static const char *const added_elsewhere[] = {"分层", "分层序号", "上期分层", "变动", "R分",
                                              "F分", "M分", "RFM", "segment", "segment_rank",
                                              "previous", "movement", "R score", "F score",
                                              "M score"};

static int has_any(const char *folded, const char *const *words, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strstr(folded, words[i]))
            return 1;
    return 0;
}

/* What the column's values look like: 'd' dates, 'a' amounts, 0 neither (or no values). Most
 * of the first 200 non-empty values must read as such; amounts must also show a decimal point,
 * a thousands separator or a currency, so that ids and codes do not count. */
static int looks_like(const struct clean *k, size_t col)
{
    struct ck_norm_opts o = {CK_DATE_YMD_ONLY, LONG_MIN, k->lang};
    size_t seen = 0, dates = 0, amounts = 0, marked = 0;
    char out[64];
    for (size_t r = 0; r < k->t.nrows && seen < 200; r++) {
        const char *v = ck_table_cell(&k->t, r, col);
        if (!v || !v[strspn(v, " \t")])
            continue;
        seen++;
        long days;
        int p = ck_norm_date(v, &o, 0, out, sizeof out, &days);
        if (p == CK_P_NONE || p == CK_P_AMBIGUOUS_DATE || p == CK_P_FUTURE_DATE) {
            dates++;
            continue;
        }
        p = ck_norm_amount(v, out, sizeof out, NULL);
        if (p == CK_P_NONE || p == CK_P_NEGATIVE_AMOUNT) {
            amounts++;
            marked += strpbrk(v, ".,$") || strstr(v, "¥") || strstr(v, "￥") || strstr(v, "元") ||
                      strstr(v, "万");
        }
    }
    if (!seen)
        return 0;
    if (dates * 2 > seen)
        return 'd';
    if (amounts * 2 > seen && marked)
        return 'a';
    return 0;
}

/* A column that looks like dates or amounts, by its name or by its values, but plays no role
 * passes through unchecked: say so, with the mapping that would check it, when a role for it
 * is free. */
static void warn_unmapped(const struct clean *k)
{
    static const char *const date_words[] = {"日期", "时间", "date", "time"};
    static const char *const amount_words[] = {"金额", "实付", "价格", "单价", "amount", "price"};
    static const char *const first_words[] = {"首", "first", "earliest"};
    static const char *const last_words[] = {"最近", "最后", "末次", "last", "latest", "recent"};
    static const char *const birth_words[] = {"生日", "出生", "birth"};
    if (k->c.quiet)
        return;
    for (size_t c = 0; c < k->t.ncols; c++) {
        const char *h = k->t.header[c];
        int has_role = (long)c == k->co.skip_col;
        for (int r = 0; r < CK_ROLE_COUNT; r++)
            has_role |= k->roles.col[r] == (int)c;
        for (size_t n = 0; n < sizeof names / sizeof *names; n++)
            has_role |= strcmp(h, names[n][0]) == 0 || strcmp(h, names[n][1]) == 0;
        for (size_t n = 0; n < sizeof added_elsewhere / sizeof *added_elsewhere; n++)
            has_role |= strcmp(h, added_elsewhere[n]) == 0;
        if (has_role)
            continue;
        char f[256];
        ck_header_fold(h, f, sizeof f);
        int kind = looks_like(k, c);
        if (!kind && has_any(f, date_words, sizeof date_words / sizeof *date_words))
            kind = 'd';
        if (!kind && has_any(f, amount_words, sizeof amount_words / sizeof *amount_words))
            kind = 'a';
        if (!kind)
            continue;
        /* the roles it could take, most likely first */
        int cand[3], n = 0;
        if (kind == 'a') {
            cand[n++] = CK_ROLE_AMOUNT;
        } else if (has_any(f, birth_words, sizeof birth_words / sizeof *birth_words)) {
            cand[n++] = CK_ROLE_BIRTHDATE;
        } else if (has_any(f, first_words, sizeof first_words / sizeof *first_words)) {
            cand[n++] = CK_ROLE_FIRST_PURCHASE;
        } else if (has_any(f, last_words, sizeof last_words / sizeof *last_words)) {
            cand[n++] = CK_ROLE_LAST_PURCHASE;
        } else {
            cand[n++] = CK_ROLE_FIRST_PURCHASE;
            cand[n++] = CK_ROLE_LAST_PURCHASE;
        }
        char how[512] = "";
        size_t o = 0;
        for (int i = 0; i < n; i++) {
            if (k->roles.col[cand[i]] >= 0)
                continue; /* taken: mapping this column would displace another */
            const char *role = ck_role_name(cand[i]);
            o += (size_t)snprintf(how + o, sizeof how - o,
                                  "%s--col %s=%s (in a profile: '%s = %s' under [columns])",
                                  o ? ", or " : "", role, h, role, h);
            if (o >= sizeof how)
                break;
        }
        if (!how[0])
            continue;
        ck_msg("clean",
               "warning: column '%s' looks like %s but has no role, so its values pass "
               "unchecked; to check them: %s",
               h, kind == 'd' ? "dates" : "amounts", how);
    }
}

/* ---------- dedup and merge log ---------- */

/* --key and --sum against the table's columns (before any row is read). */
static int setup_keys(struct clean *k, struct ck_error *e)
{
    int rc;
    if (k->key_spec) {
        if ((rc = ck_role_list_parse(k->key_spec, k->keys, &k->nkeys, CK_ROLE_COUNT, "--key", e)))
            return rc;
        for (size_t i = 0; i < k->nkeys; i++)
            if (k->roles.col[k->keys[i]] < 0)
                return ck_error_set(e, CK_EUSAGE, "--key %s: the table has no %s column",
                                    k->key_spec, ck_role_name(k->keys[i]));
    } else {
        for (size_t i = 0; i < sizeof default_keys / sizeof *default_keys; i++)
            if (k->roles.col[default_keys[i]] >= 0)
                k->keys[k->nkeys++] = default_keys[i];
    }
    if (k->no_dedup)
        k->nkeys = 0;
    if (k->sum_spec) {
        int roles[CK_ROLE_COUNT];
        size_t n;
        if ((rc = ck_role_list_parse(k->sum_spec, roles, &n, CK_ROLE_COUNT, "--sum", e)))
            return rc;
        for (size_t i = 0; i < n; i++) {
            if (roles[i] == CK_ROLE_ORDERS)
                k->sum_orders = 1;
            else if (roles[i] == CK_ROLE_AMOUNT)
                k->sum_amount = 1;
            else
                return ck_error_set(e, CK_EUSAGE, "--sum takes orders and/or amount, not %s",
                                    ck_role_name(roles[i]));
        }
    }
    return CK_OK;
}

static int dedup(struct clean *k, struct ck_error *e)
{
    int lookup[3];
    size_t nlookup = 0;
    for (size_t i = 0; i < 3; i++)
        if (k->roles.col[order_keys[i]] >= 0)
            lookup[nlookup++] = order_keys[i];
    /* Purchase columns the roll-up will replace: their differences are no conflict. */
    unsigned char *quiet = calloc(k->t.ncols ? k->t.ncols : 1, 1);
    if (!quiet)
        return ck_error_set(e, CK_ENOMEM, "out of memory");
    for (size_t i = 0; i < NPURCHASE && k->norders && !k->keep_purchase; i++)
        if (k->roles.col[purchase[i].role] >= 0)
            quiet[k->roles.col[purchase[i].role]] = 1;
    struct ck_dedup_opts o = {k->keys,       k->nkeys, lookup,         nlookup, k->sum_orders,
                              k->sum_amount, k->bad,   k->co.skip_col, quiet};
    int rc = ck_dedup_run(&k->d, &k->t, &k->roles, &o, e);
    free(quiet);
    if (rc)
        return rc;
    if (k->rej.nrows) { /* index the rejected rows' keys, joining nothing */
        struct ck_dedup_opts ro = {NULL, 0, lookup, nlookup, 0, 0, k->rej_bad, -1, NULL};
        if ((rc = ck_dedup_run(&k->drej, &k->rej, &k->roles, &ro, e)))
            return rc;
    }
    k->merged = (long)ck_dedup_merge_count(k->d);
    k->written = (long)ck_dedup_count(k->d);
    return CK_OK;
}

static int write_merge_log(struct clean *k, struct ck_error *e)
{
    size_t nc = k->t.ncols, n = nc + 5;
    int rc = ck_writer_open(&k->w_merge, k->merge_log, 0600, e);
    if (rc)
        return rc;
    ck_writer_set_bom(k->w_merge, 1);
    const char **f = malloc(n * sizeof *f);
    if (!f)
        return ck_error_set(e, CK_ENOMEM, "out of memory");
    f[0] = nm(k, N_KEPT);
    f[1] = nm(k, N_MERGED);
    f[2] = nm(k, N_KEY);
    f[3] = nm(k, N_VALUE);
    f[4] = nm(k, N_CONFLICTS);
    for (size_t c = 0; c < nc; c++)
        f[5 + c] = k->t.header[c];
    rc = ck_writer_row(k->w_merge, f, NULL, n, e);
    char kept[32], merged[32];
    for (size_t i = 0; rc == CK_OK && i < ck_dedup_merge_count(k->d); i++) {
        const struct ck_merge *m = ck_dedup_merge(k->d, i);
        snprintf(kept, sizeof kept, "%ld", k->t.lines[m->kept]);
        snprintf(merged, sizeof merged, "%ld", k->t.lines[m->merged]);
        f[0] = kept;
        f[1] = merged;
        /* The key is named by the table's own header of that column. */
        f[2] = m->key_role >= 0 && m->key_role < CK_ROLE_COUNT && k->roles.col[m->key_role] >= 0
                   ? k->t.header[k->roles.col[m->key_role]]
                   : "";
        f[3] = m->key_value;
        f[4] = m->conflicts;
        for (size_t c = 0; c < nc; c++)
            f[5 + c] = ck_table_cell(&k->t, m->merged, c);
        rc = ck_writer_row(k->w_merge, f, NULL, n, e);
    }
    free(f);
    return rc;
}

/* ---------- orders roll-up ---------- */

static long orphan_col(struct clean *k, const char *name)
{
    for (size_t i = 0; i < k->n_orphan_cols; i++)
        if (strcmp(k->orphan_cols[i], name) == 0)
            return (long)i;
    char **p = realloc(k->orphan_cols, (k->n_orphan_cols + 1) * sizeof *p);
    if (!p)
        return -1;
    k->orphan_cols = p;
    p[k->n_orphan_cols] = (char *)name;
    return (long)k->n_orphan_cols++;
}

/* Was this role named with --orders-col? */
static int overridden(const struct clean *k, int role)
{
    const char *name = ck_role_name(role);
    size_t n = strlen(name);
    for (size_t i = 0; i < k->nocols; i++)
        if (strncmp(k->ocols[i], name, n) == 0 && k->ocols[i][n] == '=')
            return 1;
    return 0;
}

/* The columns of an orders table that play a role, preferred first: the one --orders-col
 * names, else every column whose header plays it and no other role. */
static size_t role_columns(const struct clean *k, const struct orders_in *o,
                           const struct ck_row *h, int role, int *cols, size_t cap)
{
    if (o->roles.col[role] < 0 || cap == 0)
        return 0;
    if (overridden(k, role)) {
        cols[0] = o->roles.col[role];
        return 1;
    }
    int all[MAX_KEY_COLS];
    size_t n = ck_roles_candidates(h, CK_TABLE_ORDERS, role, all, MAX_KEY_COLS), m = 0;
    n = n < MAX_KEY_COLS ? n : MAX_KEY_COLS;
    for (size_t i = 0; i < n && m < cap; i++) {
        int other = 0;
        for (int r = 0; r < CK_ROLE_COUNT; r++)
            other |= r != role && o->roles.col[r] == all[i];
        if (!other)
            cols[m++] = all[i];
    }
    return m;
}

/* The columns an order can name its customer by (those the customer table has too), and its
 * status columns. */
static void key_columns(const struct clean *k, struct orders_in *o, const struct ck_row *h)
{
    o->nkeys = 0;
    for (size_t j = 0; j < 3; j++) {
        int role = order_keys[j], cols[MAX_KEY_COLS];
        if (k->roles.col[role] < 0)
            continue;
        size_t n = role_columns(k, o, h, role, cols, MAX_KEY_COLS - o->nkeys);
        for (size_t i = 0; i < n; i++) {
            o->key_role[o->nkeys] = role;
            o->key_col[o->nkeys++] = cols[i];
        }
    }
    o->nstatus = role_columns(k, o, h, CK_ROLE_STATUS, o->status_col, MAX_KEY_COLS);
}

/* Open every orders file and check its columns before any customer row is read, so a wrong
 * file is a usage error at once, not after minutes of work. */
static int open_orders(struct clean *k, struct ck_error *e)
{
    static const struct ck_read_opts ro = {0};
    for (size_t i = 0; i < k->norders; i++) {
        struct orders_in *o = &k->oin[i];
        o->path = strcmp(k->orders_path[i], "-") == 0 ? NULL : k->orders_path[i];
        int rc = ck_reader_open(&o->r, o->path, &ro, e);
        if (rc)
            return rc;
        const struct ck_row *h = ck_reader_header(o->r);
        if ((rc = ck_roles_resolve(&o->roles, h, CK_TABLE_ORDERS, k->ocols, k->nocols, e))) {
            /* name the orders file: the same message for the customer table says no file */
            char msg[sizeof e->msg];
            int col = strncmp(e->msg, "--col ", 6) == 0;
            snprintf(msg, sizeof msg, "%s", e->msg + (col ? 6 : 0));
            return ck_error_set(e, rc, "%s: %s%s", ck_reader_name(o->r), col ? "--orders-col " : "",
                                msg);
        }
        const char *name = ck_reader_name(o->r);
        if (o->roles.col[CK_ROLE_ORDER_DATE] < 0)
            return ck_error_set(e, CK_EUSAGE,
                                "%s: no order date column (下单日期, 订单日期, "
                                "order_date, date; name it with --orders-col order_date=HEADER)",
                                name);
        if (o->roles.col[CK_ROLE_AMOUNT] < 0)
            return ck_error_set(e, CK_EUSAGE,
                                "%s: no amount column (金额, 订单金额, amount; name it with "
                                "--orders-col amount=HEADER)",
                                name);
        key_columns(k, o, h);
        if (!o->nkeys) {
            /* suggest a key the customer table has, the phone first: a shop's export names
             * its customers by phone far more often than by the table's ids */
            char has[64] = "";
            const char *first = NULL;
            size_t nhas = 0, l = 0;
            for (size_t j = 0; j < 3; j++)
                nhas += k->roles.col[default_keys[j]] >= 0;
            for (size_t j = 0, m = 0; j < 3; j++) {
                if (k->roles.col[default_keys[j]] < 0)
                    continue;
                first = first ? first : ck_role_name(default_keys[j]);
                l += (size_t)snprintf(has + l, sizeof has - l, "%s%s",
                                      m == 0 ? "" : m + 1 == nhas ? " and " : ", ",
                                      ck_role_name(default_keys[j]));
                m++;
            }
            if (!first)
                return ck_error_set(e, CK_EUSAGE,
                                    "%s: the customer table has no phone, email or id column "
                                    "to attach orders by",
                                    name);
            return ck_error_set(e, CK_EUSAGE,
                                "%s: no customer key column shared with the customer table, "
                                "which has %s (name the orders' column with --orders-col "
                                "%s=HEADER)",
                                name, has, first);
        }
        if (!(o->map = malloc((h->n ? h->n : 1) * sizeof *o->map)))
            return ck_error_set(e, CK_ENOMEM, "out of memory");
        for (size_t c = 0; c < h->n; c++) {
            long col = orphan_col(k, h->f[c]);
            if (col < 0)
                return ck_error_set(e, CK_ENOMEM, "out of memory");
            o->map[c] = (size_t)col;
        }
    }
    return CK_OK;
}

static int write_orphan(struct clean *k, const struct orders_in *o, const struct ck_row *row,
                        const char *reason, struct ck_error *e)
{
    size_t n = k->n_orphan_cols + 3;
    const char **f = calloc(n, sizeof *f);
    if (!f)
        return ck_error_set(e, CK_ENOMEM, "out of memory");
    char line[32];
    snprintf(line, sizeof line, "%ld", row->line);
    f[0] = ck_reader_name(o->r);
    f[1] = line;
    f[2] = reason;
    for (size_t i = 3; i < n; i++)
        f[i] = "";
    for (size_t c = 0; c < row->n; c++)
        f[3 + o->map[c]] = row->f[c];
    int rc = ck_writer_row(k->w_orphans, f, NULL, n, e);
    free(f);
    return rc;
}

/* Normalise one key value of an order the way the customer table's was. */
static const char *order_key(struct clean *k, int role, const char *v, char *buf, char *out,
                             size_t cap)
{
    if ((k->co.no_normalize >> role) & 1u)
        return v;
    ck_norm_text(v, strlen(v), 0, 1, buf, cap);
    if (role == CK_ROLE_PHONE)
        return ck_norm_phone(buf, out, cap) == CK_P_NONE ? out : NULL;
    if (role == CK_ROLE_EMAIL)
        return ck_norm_email(buf, out, cap) == CK_P_NONE ? out : NULL;
    return buf;
}

/* A string snprintf may have cut short: drop a last character left incomplete. */
static void utf8_cut(char *s)
{
    size_t n = strlen(s), lead = n, cont = 0;
    while (lead > 0 && ((unsigned char)s[lead - 1] & 0xC0) == 0x80)
        lead--, cont++;
    if (lead == 0)
        return;
    unsigned char c = (unsigned char)s[lead - 1];
    size_t want = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    if (cont + 1 < want)
        s[lead - 1] = 0;
}

static int rollup_one(struct clean *k, struct orders_in *o, const struct ck_row *row,
                      struct ck_error *e)
{
    char date[64], amount[64], refund[64], why[320];
    const char *reason = NULL;
    long days = LONG_MIN;
    long long cents = 0, refunded = 0;
    const char *dv = row->f[o->roles.col[CK_ROLE_ORDER_DATE]];
    const char *av = row->f[o->roles.col[CK_ROLE_AMOUNT]];
    int rcol = o->roles.col[CK_ROLE_REFUND];
    size_t need = 0;
    for (size_t c = 0; c < row->n; c++)
        need = row->len[c] > need ? row->len[c] : need;
    if (scratch(k, 2 * (need * 3 + 64)))
        return ck_error_set(e, CK_ENOMEM, "out of memory");

    /* A refunded, closed or cancelled order is no purchase, whoever placed it. */
    for (size_t j = 0; j < o->nstatus; j++) {
        const char *st = row->f[o->status_col[j]];
        if (ck_status_excluded(st, k->exclude, k->nexclude)) {
            k->o_excluded++;
            snprintf(why, sizeof why, "%s%s", ck_clean_reason(CK_R_EXCLUDED_STATUS, k->lang), st);
            utf8_cut(why);
            return k->w_orphans ? write_orphan(k, o, row, why, e) : CK_OK;
        }
    }

    /* The customer first: an order nobody can own is an orphan whatever else is wrong. */
    long cust = -1;
    int any_key = 0;
    char *kbuf = k->scratch, *nbuf = k->scratch + k->cap_scratch / 2;
    for (size_t j = 0; j < o->nkeys && cust < 0; j++) {
        int role = o->key_role[j];
        const char *key = order_key(k, role, row->f[o->key_col[j]], kbuf, nbuf,
                                    k->cap_scratch / 2);
        if (!key || !key[0])
            continue;
        any_key = 1;
        cust = ck_dedup_lookup(k->d, role, key);
    }
    int of_rejected = 0;
    for (size_t j = 0; j < o->nkeys && cust < 0 && any_key && k->drej && !of_rejected; j++) {
        int role = o->key_role[j];
        const char *key = order_key(k, role, row->f[o->key_col[j]], kbuf, nbuf,
                                    k->cap_scratch / 2);
        of_rejected = key && key[0] && ck_dedup_lookup(k->drej, role, key) >= 0;
    }
    if (cust < 0) {
        k->o_orphaned++;
        k->o_of_rejected += of_rejected;
        reason = ck_clean_reason(of_rejected ? CK_R_CUSTOMER_REJECTED
                                 : any_key   ? CK_R_NO_MATCH
                                             : CK_R_NO_KEY,
                                 k->lang);
        return k->w_orphans ? write_orphan(k, o, row, reason, e) : CK_OK;
    }

    int p = ck_norm_date(dv, &k->co.norm, 1, date, sizeof date, &days);
    if (days == LONG_MIN && p == CK_P_NONE)
        reason = ck_clean_reason(CK_R_MISSING_DATE, k->lang);
    else if (p != CK_P_NONE)
        reason = ck_problem_label(p, k->lang); /* a future date: an order after --as-of */
    if (!reason) {
        p = ck_norm_amount(av, amount, sizeof amount, NULL);
        if (p != CK_P_NONE)
            reason = ck_problem_label(p, k->lang);
        else if (!amount[0])
            reason = ck_clean_reason(CK_R_MISSING_AMOUNT, k->lang);
        else if (ck_cents_parse(amount, &cents))
            reason = ck_problem_label(CK_P_BAD_AMOUNT, k->lang);
    }
    if (!reason && rcol >= 0) { /* a partial refund is subtracted */
        p = ck_norm_amount(row->f[rcol], refund, sizeof refund, NULL);
        if (p != CK_P_NONE || (refund[0] && ck_cents_parse(refund, &refunded)))
            reason = ck_problem_label(p != CK_P_NONE ? p : CK_P_BAD_AMOUNT, k->lang);
        else if (refunded > cents)
            reason = ck_clean_reason(CK_R_REFUND_ABOVE, k->lang);
        else if (refunded > 0 && refunded == cents) {
            k->o_excluded++;
            reason = ck_clean_reason(CK_R_REFUNDED, k->lang);
            return k->w_orphans ? write_orphan(k, o, row, reason, e) : CK_OK;
        }
    }
    if (reason) {
        k->o_bad++;
        return k->w_orphans ? write_orphan(k, o, row, reason, e) : CK_OK;
    }
    k->o_attached++;
    struct purchases *b = &k->buy[cust];
    if (b->count == 0 || days < b->first)
        b->first = (int32_t)days;
    if (b->count == 0 || days > b->last)
        b->last = (int32_t)days;
    b->count++;
    b->cents += cents - refunded;
    return CK_OK;
}

static int rollup(struct clean *k, struct ck_error *e)
{
    size_t n = ck_dedup_count(k->d) ? ck_dedup_count(k->d) : 1;
    k->buy = calloc(n, sizeof *k->buy);
    if (!k->buy)
        return ck_error_set(e, CK_ENOMEM, "out of memory for the orders roll-up");
    int rc;
    if (k->orphans) {
        if ((rc = ck_writer_open(&k->w_orphans, k->orphans, 0600, e)))
            return rc;
        ck_writer_set_bom(k->w_orphans, 1);
        size_t nf = k->n_orphan_cols + 3;
        const char **f = malloc(nf * sizeof *f);
        if (!f)
            return ck_error_set(e, CK_ENOMEM, "out of memory");
        f[0] = nm(k, N_FILE);
        f[1] = nm(k, N_LINE);
        f[2] = nm(k, N_REASON);
        for (size_t i = 0; i < k->n_orphan_cols; i++)
            f[3 + i] = k->orphan_cols[i];
        rc = ck_writer_row(k->w_orphans, f, NULL, nf, e);
        free(f);
        if (rc)
            return rc;
    }
    struct ck_progress prog;
    ck_progress_start(&prog, &k->c);
    for (size_t i = 0; i < k->norders; i++) {
        struct orders_in *o = &k->oin[i];
        for (;;) {
            const struct ck_row *row;
            if ((rc = ck_reader_next(o->r, &row, e)))
                return rc;
            if (!row)
                break;
            k->o_read++;
            ck_progress_tick(&prog, k->o_read);
            if ((rc = rollup_one(k, o, row, e)))
                return rc;
        }
    }
    ck_progress_end(&prog);
    return CK_OK;
}

/* ---------- output ---------- */

/* Decide, per purchase column, whether orders replace it, add it, or leave it. */
static void plan_columns(struct clean *k)
{
    char replaced[512] = "";
    size_t nc = k->t.ncols;
    k->ncols_out = nc;
    for (size_t i = 0; i < NPURCHASE; i++) {
        int col = k->roles.col[purchase[i].role];
        k->pmode[i] = P_KEEP;
        k->pcol[i] = col;
        if (!k->norders)
            continue;
        if (col < 0) {
            k->pmode[i] = P_ADD;
            k->pcol[i] = (long)k->ncols_out++;
        } else if (!k->keep_purchase) {
            k->pmode[i] = P_REPLACE;
            size_t l = strlen(replaced);
            snprintf(replaced + l, sizeof replaced - l, "%s%s", l ? ", " : "", k->t.header[col]);
        }
    }
    k->problems_col = k->co.skip_col >= 0 ? k->co.skip_col : (long)k->ncols_out++;
    if (replaced[0] && !k->c.quiet)
        ck_msg("clean",
               "warning: replacing %s with purchase data from the orders "
               "(--keep-purchase-columns keeps the table's own)",
               replaced);
}

/* The output fields of customer i (table columns plus computed ones) into f. */
static void customer_fields(struct clean *k, size_t i, const char **f, char (*buf)[32])
{
    size_t row = ck_dedup_row(k->d, i), nc = k->t.ncols;
    for (size_t c = 0; c < nc; c++)
        f[c] = ck_table_cell(&k->t, row, c);
    for (size_t c = nc; c < k->ncols_out; c++)
        f[c] = "";
    if (!k->norders)
        return;
    for (size_t p = 0; p < NPURCHASE; p++) {
        if (k->pmode[p] == P_KEEP)
            continue;
        buf[p][0] = 0;
        switch (purchase[p].role) {
        case CK_ROLE_FIRST_PURCHASE:
            if (k->buy[i].count)
                ck_iso_date_format(k->buy[i].first, buf[p]);
            break;
        case CK_ROLE_LAST_PURCHASE:
            if (k->buy[i].count)
                ck_iso_date_format(k->buy[i].last, buf[p]);
            break;
        case CK_ROLE_ORDERS:
            snprintf(buf[p], 32, "%u", k->buy[i].count);
            break;
        default:
            ck_cents_format(k->buy[i].cents, buf[p]);
            break;
        }
        f[k->pcol[p]] = buf[p];
    }
}

/* Final problems of every customer (after merging and the roll-up), outliers included. */
static int final_check(struct clean *k, struct ck_error *e)
{
    size_t n = ck_dedup_count(k->d), m = n ? n : 1;
    const char **f = malloc(k->ncols_out * sizeof *f);
    double *amt = malloc(m * sizeof *amt), *ord = malloc(m * sizeof *ord);
    double *sorted = malloc(m * sizeof *sorted);
    k->pmask = calloc(m, sizeof *k->pmask);
    k->pmissing = calloc(m, sizeof *k->pmissing);
    int rc = CK_OK;
    if (!f || !amt || !ord || !sorted || !k->pmask || !k->pmissing) {
        rc = ck_error_set(e, CK_ENOMEM, "out of memory");
        goto out;
    }
    char buf[NPURCHASE][32];
    long acol = k->norders ? k->pcol[3] : k->roles.col[CK_ROLE_AMOUNT];
    long ocol = k->norders ? k->pcol[2] : k->roles.col[CK_ROLE_ORDERS];
    for (size_t i = 0; i < n; i++) {
        customer_fields(k, i, f, buf);
        struct ck_clean_result res;
        size_t row = ck_dedup_row(k->d, i);
        if ((rc = ck_clean_row(k->cl, f, NULL, k->t.lines[row], &res, e)))
            goto out;
        k->pmask[i] = res.problems;
        k->pmissing[i] = res.missing;
        amt[i] = ord[i] = NAN;
        double v;
        if (acol >= 0 && f[acol][0] && !(res.bad_roles >> CK_ROLE_AMOUNT & 1u) &&
            ck_parse_double(f[acol], &v) == 0)
            amt[i] = v;
        if (ocol >= 0 && f[ocol][0] && !(res.bad_roles >> CK_ROLE_ORDERS & 1u) &&
            ck_parse_double(f[ocol], &v) == 0)
            ord[i] = v;
    }
    double *vals[2] = {amt, ord};
    for (size_t w = 0; w < 2; w++) {
        size_t ns = 0;
        double fence;
        for (size_t i = 0; i < n; i++)
            if (!isnan(vals[w][i]))
                sorted[ns++] = vals[w][i];
        if (ck_outlier_fence(sorted, ns, &fence) != 0)
            continue;
        for (size_t i = 0; i < n; i++)
            if (!isnan(vals[w][i]) && vals[w][i] > fence)
                k->pmask[i] |= 1u << CK_P_OUTLIER;
    }
    for (size_t i = 0; i < n; i++) {
        k->flagged += k->pmask[i] != 0;
        k->any_error |= ck_clean_has_error(k->pmask[i]);
    }
out:
    free(f);
    free(amt);
    free(ord);
    free(sorted);
    return rc;
}

static int write_output(struct clean *k, struct ck_error *e)
{
    size_t n = ck_dedup_count(k->d), nc = k->t.ncols;
    const char **f = malloc(k->ncols_out * sizeof *f);
    if (!f)
        return ck_error_set(e, CK_ENOMEM, "out of memory");
    for (size_t c = 0; c < nc; c++)
        f[c] = k->t.header[c];
    for (size_t p = 0; p < NPURCHASE; p++)
        if (k->pmode[p] == P_ADD)
            f[k->pcol[p]] = nm(k, purchase[p].name);
    if (k->co.skip_col < 0)
        f[k->problems_col] = nm(k, N_PROBLEMS);
    int rc = ck_writer_row(k->w_out, f, NULL, k->ncols_out, e);
    char buf[NPURCHASE][32], text[1024];
    for (size_t i = 0; rc == CK_OK && i < n; i++) {
        customer_fields(k, i, f, buf);
        ck_clean_problems_text(k->cl, k->pmask[i], k->pmissing[i], text, sizeof text);
        f[k->problems_col] = text;
        rc = ck_writer_row(k->w_out, f, NULL, k->ncols_out, e);
    }
    free(f);
    return rc;
}

static void report(struct clean *k)
{
    char json[1024];
    int o = k->norders > 0;
    if (k->c.quiet)
        return;
    if (k->stats_json) {
        int l = snprintf(json, sizeof json,
                         "{\"read\":%ld,\"written\":%ld,\"merged\":%ld,\"rejected\":%ld,"
                         "\"flagged\":%ld",
                         k->read, k->written, k->merged, k->rejected, k->flagged);
        if (o)
            snprintf(json + l, sizeof json - (size_t)l,
                     ",\"orders_read\":%ld,\"orders_attached\":%ld,\"orders_orphaned\":%ld,"
                     "\"orders_of_rejected\":%ld,\"orders_bad\":%ld,\"orders_excluded\":%ld}",
                     k->o_read, k->o_attached, k->o_orphaned, k->o_of_rejected, k->o_bad,
                     k->o_excluded);
        else
            snprintf(json + l, sizeof json - (size_t)l, "}");
        fprintf(stderr, "%s\n", json);
        return;
    }
    char of_rej[64] = "";
    if (k->o_of_rejected)
        snprintf(of_rej, sizeof of_rej, _(" (%ld of rejected customers)"), k->o_of_rejected);
    if (o)
        ck_msg("clean",
               "read %ld, written %ld, merged %ld, rejected %ld, flagged %ld; orders "
               "read %ld, attached %ld, orphaned %ld%s, bad %ld, excluded by status %ld",
               k->read, k->written, k->merged, k->rejected, k->flagged, k->o_read, k->o_attached,
               k->o_orphaned, of_rej, k->o_bad, k->o_excluded);
    else
        ck_msg("clean", "read %ld, written %ld, merged %ld, rejected %ld, flagged %ld", k->read,
               k->written, k->merged, k->rejected, k->flagged);
}

static int facts(struct clean *k, struct ck_error *e)
{
    size_t cap = 1024 + (size_t)2 * PATH_MAX * (k->norders + 1);
    char *s = malloc(cap), q[2 * PATH_MAX + 8];
    if (!s)
        return ck_error_set(e, CK_ENOMEM, "out of memory");
    size_t l = (size_t)snprintf(s, cap, "\"inputs\":[%s",
                                ck_json_quote(ck_reader_name(k->r), q, sizeof q));
    for (size_t i = 0; i < k->norders; i++)
        l += (size_t)snprintf(s + l, cap - l, ",%s",
                              ck_json_quote(ck_reader_name(k->oin[i].r), q, sizeof q));
    l += (size_t)snprintf(s + l, cap - l,
                          "],\"read\":%ld,\"written\":%ld,\"merged\":%ld,\"rejected\":%ld,"
                          "\"flagged\":%ld",
                          k->read, k->written, k->merged, k->rejected, k->flagged);
    if (k->norders)
        snprintf(s + l, cap - l,
                 ",\"orders_read\":%ld,\"orders_attached\":%ld,\"orders_orphaned\":%ld,"
                 "\"orders_of_rejected\":%ld,\"orders_bad\":%ld,\"orders_excluded\":%ld",
                 k->o_read, k->o_attached, k->o_orphaned, k->o_of_rejected, k->o_bad,
                 k->o_excluded);
    int rc = ck_facts_append("clean", s, e);
    free(s);
    return rc;
}

static int run(struct clean *k, struct ck_error *e)
{
    static const struct ck_read_opts ro = {0};
    int rc;
    if ((rc = ck_reader_open(&k->r, k->input, &ro, e)))
        return rc;
    if ((rc = setup_roles(k, e)) || (rc = setup_keys(k, e)) || (rc = open_orders(k, e)) ||
        (rc = read_table(k, e)))
        return rc;
    warn_unmapped(k);
    if ((rc = dedup(k, e)))
        return rc;
    if (k->merge_log && (rc = write_merge_log(k, e)))
        return rc;
    if (k->norders && (rc = rollup(k, e)))
        return rc;
    plan_columns(k);
    if ((rc = final_check(k, e)))
        return rc;
    if ((rc = ck_writer_open(&k->w_out, k->c.output, 0, e)) || (rc = facts(k, e)) ||
        (rc = write_output(k, e)))
        return rc;
    /* The side files first: when they are complete, the table is. */
    struct ck_writer **ws[] = {&k->w_rejects, &k->w_merge, &k->w_orphans, &k->w_out};
    for (size_t i = 0; i < sizeof ws / sizeof *ws; i++) {
        if (*ws[i]) {
            rc = ck_writer_close(*ws[i], e);
            *ws[i] = NULL;
            if (rc)
                return rc;
        }
    }
    return CK_OK;
}

static void cleanup(struct clean *k)
{
    struct ck_writer *ws[] = {k->w_rejects, k->w_merge, k->w_orphans, k->w_out};
    for (size_t i = 0; i < sizeof ws / sizeof ws[0]; i++)
        if (ws[i])
            ck_writer_abort(ws[i]);
    for (size_t i = 0; i < k->norders; i++) {
        if (k->oin[i].r)
            ck_reader_close(k->oin[i].r);
        free(k->oin[i].map);
    }
    if (k->r)
        ck_reader_close(k->r);
    ck_dedup_free(k->d);
    ck_dedup_free(k->drej);
    ck_cleaner_free(k->cl);
    ck_table_free(&k->t);
    ck_table_free(&k->rej);
    free(k->rej_bad);
    free(k->bad);
    free(k->orphan_cols);
    free(k->pmask);
    free(k->pmissing);
    free(k->buy);
    free(k->scratch);
    for (size_t i = 0; i < k->nexclude_buf; i++)
        free(k->exclude_buf[i]);
}

int cmd_clean(int argc, char **argv)
{
    struct clean *k = calloc(1, sizeof *k);
    struct ck_error e = {0};
    if (!k) {
        ck_msg("clean", "out of memory");
        return 4;
    }
    ck_table_init(&k->t);
    ck_table_init(&k->rej);
    int status = parse_args(k, argc, argv);
    if (status < 0) {
        for (size_t i = 0; i < k->nexclude_buf; i++)
            free(k->exclude_buf[i]);
        free(k);
        return CK_STOP_STATUS(status);
    }
    int rc = run(k, &e);
    if (rc == CK_OK) {
        report(k);
        status = k->strict && k->any_error ? 1 : 0;
    } else if (rc == CK_EUSAGE) {
        status = ck_usage("clean", "%s", e.msg);
    } else {
        status = ck_fail("clean", &e);
    }
    cleanup(k);
    free(k);
    return status;
}
