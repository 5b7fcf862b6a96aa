/* clean.c — `custkit clean`: normalise, validate and deduplicate a customer table, roll up
 * streamed orders onto the merged customers, and account for every row (SPEC §4). */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "clean/clean.h"
#include "clean/clean_run.h"
#include "clean/columns.h"
#include "common.h"
#include "clean/dedup.h"
#include "clean/orders.h"
#include "clean/outliers.h"
#include "clean/unmapped.h"

#define MAX_ORDERS 32
#define MAX_EXCLUDE 64 /* --exclude-status values */

enum {
    OPT_ORDERS = CLI_OPT_FIRST,
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
    CLI_COMMON_LONGOPTS,
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

/* The columns clean writes besides the table's own (columns.h). */
static const int names[] = {
    CK_COL_PROBLEMS,       CK_COL_LINE,           CK_COL_REASON,    CK_COL_FILE,
    CK_COL_KEPT,           CK_COL_MERGED,         CK_COL_KEY,       CK_COL_KEY_VALUE,
    CK_COL_CONFLICTS,      CK_COL_FIRST_PURCHASE, CK_COL_LAST_PURCHASE, CK_COL_ORDERS,
    CK_COL_AMOUNT,         CK_COL_PROVINCE,       CK_COL_CITY,      CK_COL_DISTRICT,
};


struct clean {
    struct cli_common c;
    const char *input;
    const char *orders_path[MAX_ORDERS];
    size_t norders;
    const char *ocols[CLI_MAX_COLS]; /* --orders-col ROLE=HEADER */
    size_t nocols;
    const char *orphans, *rejects, *merge_log;
    int invalid; /* -1 unset, else CK_INVALID_* */
    const char *exclude[MAX_EXCLUDE]; /* --exclude-status values */
    size_t nexclude;
    char *exclude_buf[MAX_EXCLUDE];
    size_t nexclude_buf;
    int strict, no_dedup, keep_purchase, stats_json;
    int exclude_profile;               /* --exclude-status came from the profile */
    unsigned char ocol_profile[CLI_MAX_COLS]; /* that --orders-col did */
    const char *key_spec, *sum_spec, *require_spec, *no_norm_spec;
    int date_order;
    int split; /* --split-address 1, --no-split-address 0, else -1: split when there is an
                * address column */

    int lang;
    struct ck_reader *r;
    struct ck_roles roles;
    struct ck_clean_opts co;
    struct ck_clean_run run; /* the pipeline: rows, rejects, dedup, roll-up, output */
    struct ck_reader *order_r[MAX_ORDERS];

    int any_error;
};

/* ---------- options ---------- */

static int parse_args(struct clean *k, int argc, char **argv)
{
    int opt;
    cli_common_init(&k->c, "clean");
    k->invalid = -1;
    k->split = -1;
    optind = 1;
    while ((opt = cli_getopt(&k->c, argc, argv, "ho:q", longopts)) != -1) {
        int rc = cli_common_opt(&k->c, opt, optarg);
        if (rc < 0)
            return rc;
        if (rc)
            continue;
        switch (opt) {
        case OPT_ORDERS:
            if (k->norders == MAX_ORDERS)
                return CLI_STOP(cli_usage("clean", "at most %d --orders files", MAX_ORDERS));
            k->orders_path[k->norders++] = optarg;
            break;
        case OPT_ORDERS_COL:
            if (!strchr(optarg, '='))
                return CLI_STOP(
                    cli_usage("clean", "--orders-col takes ROLE=HEADER, not '%s'", optarg));
            if (k->nocols == CLI_MAX_COLS)
                return CLI_STOP(cli_usage("clean", "too many --orders-col options"));
            k->ocol_profile[k->nocols] = k->c.src != NULL;
            k->ocols[k->nocols++] = optarg;
            break;
        case OPT_EXCLUDE_STATUS: {
            k->exclude_profile = k->c.src != NULL;
            if (k->nexclude_buf == MAX_EXCLUDE || !(k->exclude_buf[k->nexclude_buf] = strdup(optarg)))
                return CLI_STOP(cli_usage("clean", "too many --exclude-status options"));
            char *save = NULL;
            for (char *t = strtok_r(k->exclude_buf[k->nexclude_buf++], ",", &save); t;
                 t = strtok_r(NULL, ",", &save)) {
                if (k->nexclude == MAX_EXCLUDE)
                    return CLI_STOP(cli_usage("clean", "--exclude-status: at most %d statuses",
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
                k->invalid = CK_INVALID_FLAG;
            else if (strcasecmp(optarg, "unusable") == 0)
                k->invalid = CK_INVALID_UNUSABLE;
            else if (strcasecmp(optarg, "reject") == 0)
                k->invalid = CK_INVALID_REJECT;
            else
                return CLI_STOP(cli_usage(
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
                return CLI_STOP(
                    cli_usage("clean", "--date-order takes dmy or mdy, not '%s'", optarg));
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
                return CLI_STOP(cli_usage("clean", "--stats takes text or json, not '%s'", optarg));
            break;
        default:
            return CLI_STOP(cli_usage("clean", "unknown option"));
        }
    }
    if (argc - optind > 1)
        return CLI_STOP(cli_usage("clean", "one input table at most (use custkit import to join "
                                         "several files)"));
    k->input = optind < argc && strcmp(argv[optind], "-") != 0 ? argv[optind] : NULL;
    if (k->invalid < 0) /* --rejects FILE alone takes out the rows that cannot be a customer */
        k->invalid = k->rejects ? CK_INVALID_UNUSABLE : CK_INVALID_FLAG;
    if (k->invalid != CK_INVALID_FLAG && !k->rejects)
        return CLI_STOP(cli_usage("clean", "--invalid %s needs --rejects FILE: rejected rows "
                                         "must go somewhere",
                                k->invalid == CK_INVALID_REJECT ? "reject" : "unusable"));
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
        return CLI_STOP(cli_usage("clean", "--exclude-status needs --orders"));
    if (k->nocols && !k->norders)
        return CLI_STOP(cli_usage("clean", "--orders-col needs --orders"));
    if (k->orphans && !k->norders)
        return CLI_STOP(cli_usage("clean", "--orphans needs --orders FILE"));
    for (size_t i = 0; i < k->norders; i++)
        if (!k->input && strcmp(k->orders_path[i], "-") == 0)
            return CLI_STOP(cli_usage("clean", "--orders - and the table cannot both be standard "
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
    k->lang = cli_common_lang(&k->c, h);
    struct ck_clean_opts *co = &k->co;
    co->norm.date_order = k->date_order;
    co->norm.lang = k->lang;
    co->norm.as_of = ck_today();
    if (k->c.as_of && (rc = ck_asof_resolve(k->c.as_of, &co->norm.as_of, e)))
        return rc;
    struct ck_clean_spec spec = {k->require_spec, k->no_norm_spec, k->key_spec,    k->sum_spec,
                                 k->split,        k->no_dedup,     k->keep_purchase};
    return ck_clean_run_setup(&k->run, co, &k->roles, h, &spec, e);
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
    ck_cleaner_place_stats(k->run.cl, &st);
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
        cli_msg("clean",
               "warning: %s: column %s: %ld %s not recognised as a %s, kept as written (%s)", file,
               k->run.t.header[k->roles.col[roles[w]]], st.unknown[w],
               st.unknown[w] == 1 ? "value" : "values", w ? "city" : "province", ex);
    }
    char lines[128];
    const char *addr =
        k->roles.col[CK_ROLE_ADDRESS] >= 0 ? k->run.t.header[k->roles.col[CK_ROLE_ADDRESS]] : "";
    if (st.ambiguous) {
        line_list(lines, sizeof lines, st.ambiguous, st.ambiguous_line);
        cli_msg("clean",
               "warning: %s: column %s: %ld %s with an ambiguous place name, left empty (%s)", file,
               addr, st.ambiguous, st.ambiguous == 1 ? "address" : "addresses", lines);
    }
    if (st.unplaced) {
        line_list(lines, sizeof lines, st.unplaced, st.unplaced_line);
        cli_msg("clean", "warning: %s: column %s: %ld %s without a recognisable province (%s)", file,
               addr, st.unplaced, st.unplaced == 1 ? "address" : "addresses", lines);
    }
}

/* ---------- pass 1: read, normalise, reject ---------- */

static void tick(void *prog, long rows)
{
    cli_progress_tick(prog, rows);
}

static int read_table(struct clean *k, struct ck_error *e)
{
    struct ck_clean_run *r = &k->run;
    r->invalid = k->invalid;
    r->keep_rejected = k->norders > 0;
    int rc = ck_clean_run_start(r, ck_reader_header(k->r), k->rejects, e);
    if (rc)
        return rc;
    struct cli_progress prog;
    cli_progress_start(&prog, &k->c);
    if ((rc = ck_clean_run_read(r, k->r, tick, &prog, e)))
        return rc;
    k->any_error |= r->any_error;
    cli_progress_end(&prog);
    place_warnings(k);
    return CK_OK;
}

/* ---------- columns that look like dates or amounts but have no role ---------- */

/* A column that looks like dates or amounts, by its name or by its values, but plays no role
 * passes through unchecked: say so, with the mapping that would check it, when a role for it
 * is free. */
static void warn_unmapped(const struct clean *k)
{
    if (k->c.quiet)
        return;
    const char *known[2 * sizeof names / sizeof *names];
    for (size_t n = 0; n < sizeof names / sizeof *names; n++)
        known[2 * n] = ck_column_name(names[n], CK_LANG_EN),
                  known[2 * n + 1] = ck_column_name(names[n], CK_LANG_ZH);
    for (size_t c = 0; c < k->run.t.ncols; c++) {
        struct ck_unmapped u;
        if (!ck_unmapped_column(&k->run.t, c, &k->roles, k->co.skip_col, known,
                                sizeof known / sizeof *known, k->lang, &u))
            continue;
        const char *h = k->run.t.header[c];
        char how[512] = "";
        size_t o = 0;
        for (size_t i = 0; i < u.nrole; i++) {
            const char *role = ck_role_name(u.role[i]);
            o += (size_t)snprintf(how + o, sizeof how - o,
                                  "%s--col %s=%s (in a profile: '%s = %s' under [columns])",
                                  o ? ", or " : "", role, h, role, h);
            if (o >= sizeof how)
                break;
        }
        cli_msg("clean",
               "warning: column '%s' looks like %s but has no role, so its values pass "
               "unchecked; to check them: %s",
               h, u.kind == 'd' ? "dates" : "amounts", how);
    }
}

/* ---------- orders roll-up ---------- */

/* Open every orders file and check its columns before any customer row is read, so a wrong
 * file is a usage error at once, not after minutes of work. */
static int open_orders(struct clean *k, struct ck_error *e)
{
    static const struct ck_read_opts ro = {0};
    int rc = CK_OK;
    for (size_t i = 0; rc == CK_OK && i < k->norders; i++) {
        const char *path = strcmp(k->orders_path[i], "-") == 0 ? NULL : k->orders_path[i];
        rc = ck_reader_open(&k->order_r[i], path, &ro, e);
    }
    struct ck_orders_opts oo = {k->ocols,    k->nocols,  k->exclude,
                                k->nexclude, k->co.norm, k->co.no_normalize};
    return rc ? rc : ck_clean_run_orders(&k->run, &oo, k->order_r, k->norders, e);
}

static int rollup(struct clean *k, struct ck_error *e)
{
    int rc;
    if ((rc = ck_clean_run_rollup_start(&k->run, k->orphans, e)))
        return rc;
    struct cli_progress prog;
    long nread = 0;
    cli_progress_start(&prog, &k->c);
    for (size_t i = 0; i < k->norders; i++)
        if ((rc = ck_orders_run(k->run.ord, i, tick, &prog, &nread, e)))
            return rc;
    cli_progress_end(&prog);
    return CK_OK;
}

/* ---------- output ---------- */

/* Say which of the table's purchase columns the orders replace. */
static void warn_replaced(const struct clean *k)
{
    if (k->run.plan.replaced[0] && !k->c.quiet)
        cli_msg("clean",
               "warning: replacing %s with purchase data from the orders "
               "(--keep-purchase-columns keeps the table's own)",
               k->run.plan.replaced);
}

static void report(const struct clean *k)
{
    static const struct ck_orders_counts none;
    const struct ck_orders_counts *n = k->run.ord ? ck_orders_counts(k->run.ord) : &none;
    char json[1024];
    int o = k->norders > 0;
    if (k->c.quiet)
        return;
    if (k->stats_json) {
        int l = snprintf(json, sizeof json,
                         "{\"read\":%ld,\"written\":%ld,\"merged\":%ld,\"rejected\":%ld,"
                         "\"flagged\":%ld",
                         k->run.read, k->run.written, k->run.merged, k->run.rejected, k->run.fc.flagged);
        if (o)
            snprintf(json + l, sizeof json - (size_t)l,
                     ",\"orders_read\":%ld,\"orders_attached\":%ld,\"orders_orphaned\":%ld,"
                     "\"orders_of_rejected\":%ld,\"orders_bad\":%ld,\"orders_excluded\":%ld}",
                     n->read, n->attached, n->orphaned, n->of_rejected, n->bad, n->excluded);
        else
            snprintf(json + l, sizeof json - (size_t)l, "}");
        fprintf(stderr, "%s\n", json);
        return;
    }
    char of_rej[64] = "";
    if (n->of_rejected)
        snprintf(of_rej, sizeof of_rej, _(" (%ld of rejected customers)"), n->of_rejected);
    if (o)
        cli_msg("clean",
               "read %ld, written %ld, merged %ld, rejected %ld, flagged %ld; orders "
               "read %ld, attached %ld, orphaned %ld%s, bad %ld, excluded by status %ld",
               k->run.read, k->run.written, k->run.merged, k->run.rejected, k->run.fc.flagged, n->read, n->attached,
               n->orphaned, of_rej, n->bad, n->excluded);
    else
        cli_msg("clean", "read %ld, written %ld, merged %ld, rejected %ld, flagged %ld", k->run.read,
               k->run.written, k->run.merged, k->run.rejected, k->run.fc.flagged);
}

static int run(struct clean *k, struct ck_error *e)
{
    static const struct ck_read_opts ro = {0};
    struct ck_clean_run *r = &k->run;
    int rc;
    if ((rc = ck_reader_open(&k->r, k->input, &ro, e)))
        return rc;
    if ((rc = setup_roles(k, e)) || (rc = open_orders(k, e)) || (rc = read_table(k, e)))
        return rc;
    warn_unmapped(k);
    if ((rc = ck_clean_run_dedup(r, e)))
        return rc;
    if (k->merge_log && (rc = ck_clean_run_merge_log(r, k->merge_log, e)))
        return rc;
    if (k->norders && (rc = rollup(k, e)))
        return rc;
    warn_replaced(k);
    if ((rc = ck_clean_run_check(r, e)) || (rc = ck_clean_run_open_output(r, k->c.output, e)))
        return rc;
    const char *onames[MAX_ORDERS];
    for (size_t i = 0; i < k->norders; i++)
        onames[i] = ck_reader_name(k->order_r[i]);
    /* the facts count the customers flagged, known once all are written: the writer still
     * holds the last bytes of the output until close (ck_facts_append) */
    rc = ck_clean_run_write(r, e);
    k->any_error |= r->any_error;
    if (rc || (rc = ck_clean_run_facts(r, ck_reader_name(k->r), onames, k->norders, e)))
        return rc;
    return ck_clean_run_close(r, e);
}

static void cleanup(struct clean *k)
{
    ck_clean_run_free(&k->run);
    for (size_t i = 0; i < k->norders; i++)
        if (k->order_r[i])
            ck_reader_close(k->order_r[i]);
    if (k->r)
        ck_reader_close(k->r);
    for (size_t i = 0; i < k->nexclude_buf; i++)
        free(k->exclude_buf[i]);
}

int cmd_clean(int argc, char **argv)
{
    struct clean *k = calloc(1, sizeof *k);
    struct ck_error e = {0};
    if (!k) {
        cli_msg("clean", "out of memory");
        return 4;
    }
    ck_clean_run_init(&k->run);
    int status = parse_args(k, argc, argv);
    if (status < 0) {
        for (size_t i = 0; i < k->nexclude_buf; i++)
            free(k->exclude_buf[i]);
        free(k);
        return CLI_STOP_STATUS(status);
    }
    int rc = run(k, &e);
    if (rc == CK_OK) {
        report(k);
        status = k->strict && k->any_error ? 1 : 0;
    } else if (rc == CK_EUSAGE) {
        status = cli_usage("clean", "%s", e.msg);
    } else {
        status = cli_fail("clean", &e);
    }
    cleanup(k);
    free(k);
    return status;
}
