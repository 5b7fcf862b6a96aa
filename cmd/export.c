/* export.c — `custkit export`: load a (segmented) table and write the manager's workbook
 * (lib/report/workbook.c), or one CSV per segment; the file is replaced only when complete. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "common.h"
#include "io/outfile.h"
#include "report/report_file.h"
#include "report/trend.h"
#include "report/report.h"

enum { OPT_BY = CLI_OPT_FIRST, OPT_SORT, OPT_CHART, OPT_NO_VALIDATION, OPT_ALL, OPT_MASK,
       OPT_FORMAT, OPT_SPLIT, OPT_HISTORY, OPT_PASSWORD_FILE, OPT_CELL_REFS };

static const struct option longopts[] = {
    CLI_COMMON_LONGOPTS,
    {"by", required_argument, NULL, OPT_BY},
    {"sort", required_argument, NULL, OPT_SORT},
    {"chart", required_argument, NULL, OPT_CHART},
    {"no-validation", no_argument, NULL, OPT_NO_VALIDATION},
    {"all", no_argument, NULL, OPT_ALL},
    {"mask", required_argument, NULL, OPT_MASK},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"split", required_argument, NULL, OPT_SPLIT},
    {"history", required_argument, NULL, OPT_HISTORY},
    {"password-file", required_argument, NULL, OPT_PASSWORD_FILE},
    {"cell-refs", no_argument, NULL, OPT_CELL_REFS},
    {NULL, 0, NULL, 0},
};

static const struct {
    const char *name;
    int value;
} chart_kinds[] = {{"column", CK_CHART_COLUMN}, {"pie", CK_CHART_PIE}, {"none", CK_CHART_NONE}};

static const struct {
    const char *name;
    unsigned bit;
} mask_roles[] = {{"phone", CK_MASK_PHONE}, {"email", CK_MASK_EMAIL}};

static void on_progress(void *ctx, long rows)
{
    cli_progress_tick(ctx, rows);
}

static int parse_sort(const char *arg, struct ck_report_opts *ro, char *buf, size_t cap)
{
    snprintf(buf, cap, "%s", arg);
    ro->sort_desc = -1;
    char *colon = strrchr(buf, ':');
    if (colon && (strcasecmp(colon + 1, "asc") == 0 || strcasecmp(colon + 1, "desc") == 0)) {
        ro->sort_desc = strcasecmp(colon + 1, "desc") == 0;
        *colon = 0;
    }
    ro->sort_col = buf;
    return buf[0] ? 0 : -1;
}

static int parse_mask(const char *arg, unsigned *mask)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", arg);
    for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save)) {
        size_t i;
        for (i = 0; i < sizeof mask_roles / sizeof *mask_roles; i++)
            if (strcasecmp(tok, mask_roles[i].name) == 0)
                break;
        if (i == sizeof mask_roles / sizeof *mask_roles)
            return -1;
        *mask |= mask_roles[i].bit;
    }
    return *mask ? 0 : -1;
}

static int run_export(struct cli_common *cp, struct ck_report_opts *rop, int csv,
                      const char *split, const char *history, const char *input,
                      const char *password);

int cmd_export(int argc, char **argv)
{
    struct cli_common c;
    struct ck_report_opts ro;
    char sortbuf[512];
    const char *format = "xlsx", *split = NULL, *history = NULL, *password_file = NULL;
    int xlsx_only = 0;
    cli_common_init(&c, "export");
    memset(&ro, 0, sizeof ro);
    ro.chart = CK_CHART_COLUMN;
    ro.validation = 1;
    ro.sort_desc = -1;

    int opt;
    optind = 1;
    while ((opt = cli_getopt(&c, argc, argv, "ho:q", longopts)) != -1) {
        int r = cli_common_opt(&c, opt, optarg);
        if (r < 0)
            return CLI_STOP_STATUS(r);
        if (r > 0)
            continue;
        switch (opt) {
        case OPT_BY:
            ro.by = optarg;
            break;
        case OPT_SORT:
            if (parse_sort(optarg, &ro, sortbuf, sizeof sortbuf) != 0)
                return cli_usage(c.cmd, "--sort takes COLUMN[:asc|desc], not '%s'", optarg);
            break;
        case OPT_CHART: {
            size_t i;
            for (i = 0; i < sizeof chart_kinds / sizeof *chart_kinds; i++)
                if (strcasecmp(optarg, chart_kinds[i].name) == 0)
                    break;
            if (i == sizeof chart_kinds / sizeof *chart_kinds)
                return cli_usage(c.cmd, "--chart must be column, pie or none, not '%s'", optarg);
            ro.chart = chart_kinds[i].value;
            xlsx_only = 1;
            break;
        }
        case OPT_NO_VALIDATION:
            ro.validation = 0;
            xlsx_only = 1;
            break;
        case OPT_ALL:
            ro.all_sheet = 1;
            xlsx_only = 1;
            break;
        case OPT_MASK:
            if (parse_mask(optarg, &ro.mask) != 0)
                return cli_usage(c.cmd, "--mask takes phone, email or phone,email, not '%s'",
                                optarg);
            break;
        case OPT_FORMAT:
            if (strcasecmp(optarg, "xlsx") != 0 && strcasecmp(optarg, "csv") != 0)
                return cli_usage(c.cmd, "--format must be xlsx or csv, not '%s'", optarg);
            format = strcasecmp(optarg, "csv") == 0 ? "csv" : "xlsx";
            break;
        case OPT_SPLIT:
            split = optarg;
            break;
        case OPT_HISTORY:
            history = optarg;
            xlsx_only = 1;
            break;
        case OPT_PASSWORD_FILE:
            password_file = optarg;
            break;
        case OPT_CELL_REFS:
            ro.cell_refs = 1;
            xlsx_only = 1;
            break;
        default:
            return cli_usage(c.cmd, "unknown option");
        }
    }
    int csv = strcmp(format, "csv") == 0;
    if (argc - optind > 1)
        return cli_usage(c.cmd, "one input table at a time (got %d files)", argc - optind);
    if (csv && !split)
        return cli_usage(c.cmd, "--format csv writes one file per segment: give --split DIR");
    if (!csv && split)
        return cli_usage(c.cmd, "--split DIR goes with --format csv");
    if (csv && c.output)
        return cli_usage(c.cmd, "--format csv --split writes into DIR; -o does not apply");
    if (csv && xlsx_only)
        return cli_usage(c.cmd, "--chart, --no-validation, --all, --history and --cell-refs are "
                               "for workbooks, not --format csv");
    if (!csv && !c.output && isatty(1))
        return cli_usage(c.cmd, "refusing to write a workbook to a terminal: use -o report.xlsx "
                               "or redirect standard output (> report.xlsx)");

    if (csv && password_file)
        return cli_usage(c.cmd, "--password-file encrypts a workbook; --format csv files are "
                               "not encrypted");
    char *password = NULL;
    int status = cli_password_load(c.cmd, csv ? NULL : password_file, &password);
    if (status != 0)
        return status;
    /* $CUSTKIT_PASSWORD_FILE does not apply to --format csv */
    if (csv) {
        ck_password_free(password);
        password = NULL;
    }
    status = run_export(&c, &ro, csv, split, history, optind < argc ? argv[optind] : NULL,
                        password);
    ck_password_free(password);
    return status;
}

static int run_export(struct cli_common *cp, struct ck_report_opts *rop, int csv,
                      const char *split, const char *history, const char *input,
                      const char *password)
{
    struct cli_common c = *cp;
    struct ck_report_opts ro = *rop;
    struct ck_error e;
    memset(&e, 0, sizeof e);
    char asof[16];
    int rc = ck_report_times(c.as_of, &ro.created, asof, &e);
    if (rc != CK_OK)
        return cli_fail(c.cmd, &e);
    ro.as_of = asof[0] ? asof : NULL;
    ro.facts_path = getenv("CUSTKIT_FACTS");
    ro.tmpdir = getenv("TMPDIR");
    ro.output_name = c.output ? c.output : "<stdout>";
    /* A signal removes the temporary file (cmd/custkit.c) and ends the run with status 4; a
     * closed pipe makes write() fail with EPIPE, which ends the copy to it quietly. */
    cli_signal_exit_status(4);
    signal(SIGPIPE, SIG_IGN);

    /* Read the whole table first (counts and sorting come before the first sheet); it is
     * spooled to a temporary file, not held in memory. */
    struct ck_reader *r;
    struct ck_read_opts rdo;
    struct ck_report_rows *rows = NULL;
    struct ck_roles roles;
    char inname[PATH_MAX];
    memset(&rdo, 0, sizeof rdo);
    if (ck_reader_open(&r, input, &rdo, &e) != CK_OK)
        return cli_fail(c.cmd, &e);
    snprintf(inname, sizeof inname, "%s", ck_reader_name(r));
    rc = ck_roles_resolve(&roles, ck_reader_header(r), CK_TABLE_CUSTOMERS, c.cols, c.ncols, &e);
    if (rc == CK_OK)
        ro.lang = cli_common_lang(&c, ck_reader_header(r));
    if (rc == CK_OK)
        rc = ck_report_rows_load(&rows, r, ro.tmpdir, &e);
    ck_reader_close(r);
    if (rc != CK_OK) {
        ck_report_rows_free(rows);
        return cli_fail(c.cmd, &e);
    }
    if (history) {
        /* the earlier quarters; the report counts the current table into the last column */
        rc = ck_trend_load(&ro.trend, history, ro.as_of, &e);
        if (rc != CK_OK) {
            ck_report_rows_free(rows);
            return cli_fail(c.cmd, &e);
        }
        if (!ro.trend && !c.quiet)
            cli_msg(c.cmd, "no quarter before this one in %s: no trend sheet", history);
    }
    const char *inputs[1] = {inname};
    ro.roles = &roles;
    ro.inputs = inputs;
    ro.ninputs = 1;

    struct ck_report_stats st;
    struct cli_progress prog;
    memset(&st, 0, sizeof st);
    int quiet_stop = 0;
    struct ck_outfile out = {NULL, -1, NULL};
    cli_progress_start(&prog, &c);
    ro.progress = on_progress;
    ro.progress_ctx = &prog;
    if (csv) {
        rc = ck_report_csv_split(rows, &ro, split, &st, &e);
    } else {
        rc = ck_outfile_open(&out, c.output, ro.tmpdir, "export", &e);
        if (rc == CK_OK && !password)
            rc = ck_report_xlsx(rows, &ro, out.tmp, &st, &e);
        if (rc == CK_OK && password)
            rc = ck_report_xlsx_encrypted(rows, &ro, password, out.tmp, &st, &e);
    }
    cli_progress_end(&prog);
    if (rc == CK_OK) {
        char fields[512], q[PATH_MAX + 8];
        snprintf(fields, sizeof fields,
                 "\"inputs\":[%s],\"read\":%ld,\"segments\":%ld,\"sheets\":%ld,\"flagged\":%ld",
                 ck_json_quote(inname, q, sizeof q), st.rows, st.groups, st.sheets, st.flagged);
        rc = ck_facts_append("export", fields, &e);
    }
    if (rc == CK_OK && !csv)
        rc = ck_outfile_commit(&out, &quiet_stop, &e);
    ck_outfile_abort(&out);
    ck_report_rows_free(rows);
    ck_trend_free(ro.trend);
    if (quiet_stop)
        return 0;
    if (rc != CK_OK)
        return cli_fail(c.cmd, &e);
    if (st.truncated)
        cli_msg(c.cmd, "%ld cells longer than Excel's 32,767 characters were cut", st.truncated);
    for (long i = 0; i < st.overflows && i < 4; i++)
        cli_msg(c.cmd, "%s", st.overflow[i]);
    if (st.overflows > 4)
        cli_msg(c.cmd, "%ld more totals are beyond the largest number", st.overflows - 4);
    if (!c.quiet)
        cli_msg(c.cmd, "%ld rows, %ld %s, %ld %s%s%s", st.rows, st.groups,
               st.groups == 1 ? _("group") : _("groups"), st.sheets,
               csv ? (st.sheets == 1 ? _("file") : _("files"))
                   : (st.sheets == 1 ? _("sheet") : _("sheets")),
               csv || c.output ? _(" in ") : "", csv ? split : c.output ? c.output : "");
    return 0;
}
