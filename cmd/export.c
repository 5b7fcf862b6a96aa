/* export.c — `custkit export`: load a (segmented) table and write the manager's workbook
 * (lib/report/workbook.c), or one CSV per segment; the file is replaced only when complete. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common.h"
#include "report/trend.h"
#include "report/report.h"

enum { OPT_BY = CK_OPT_FIRST, OPT_SORT, OPT_CHART, OPT_NO_VALIDATION, OPT_ALL, OPT_MASK,
       OPT_FORMAT, OPT_SPLIT, OPT_HISTORY, OPT_PASSWORD_FILE };

static const struct option longopts[] = {
    CK_COMMON_LONGOPTS,
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

/* The temporary file being written, for the signal handler: removed on SIGTERM/SIGINT so an
 * interrupted run leaves the previous report exactly as it was. */
static char tmp_path[PATH_MAX];

static void on_signal(int sig)
{
    (void)sig;
    /* tmp_path holds its name from the moment mkstemp creates it; the --split CSVs being
     * written are registered with ck_tempfiles_cleanup */
    if (tmp_path[0])
        unlink(tmp_path);
    ck_tempfiles_cleanup();
    _exit(4);
}

static void catch_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    /* A file-size limit makes write() fail with EFBIG instead of killing us mid-file; a closed
     * pipe makes write() fail with EPIPE. Both are handled as errors. */
    signal(SIGXFSZ, SIG_IGN);
    signal(SIGPIPE, SIG_IGN);
}

static void on_progress(void *ctx, long rows)
{
    ck_progress_tick(ctx, rows);
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

/* The as-of date (empty when not given) is what the data describes; the created time is when
 * the report was made: SOURCE_DATE_EPOCH for reproducible bytes, else now. */
static int created_time(const char *as_of, time_t *out, char *asof_iso, struct ck_error *e)
{
    asof_iso[0] = 0;
    if (as_of) {
        long days;
        int rc = ck_asof_resolve(as_of, &days, e);
        if (rc != CK_OK)
            return rc;
        ck_iso_date_format(days, asof_iso);
    }
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (sde && *sde) {
        char *end;
        errno = 0;
        long long v = strtoll(sde, &end, 10);
        if (*end || errno || v < 0)
            return ck_error_set(e, CK_EUSAGE, "SOURCE_DATE_EPOCH must be a number of seconds, "
                                              "not '%s'", sde);
        *out = (time_t)v;
        return CK_OK;
    }
    *out = time(NULL);
    return CK_OK;
}

/* A temporary name beside target (or in $TMPDIR for standard output). */
static int make_temp(const char *target, struct ck_error *e)
{
    if (target) {
        const char *slash = strrchr(target, '/');
        int dl = slash ? (int)(slash - target) : 0;
        snprintf(tmp_path, sizeof tmp_path, "%.*s%s.%s.XXXXXX", dl, target, slash ? "/" : "",
                 slash ? slash + 1 : target);
    } else {
        const char *dir = getenv("TMPDIR");
        snprintf(tmp_path, sizeof tmp_path, "%s/custkit-export.XXXXXX",
                 dir && *dir ? dir : "/tmp");
    }
    int fd = mkstemp(tmp_path);
    if (fd < 0) {
        int err = errno;
        tmp_path[0] = 0;
        return ck_error_set(e, CK_EOUTPUT, "%s: cannot create a file in its directory: %s",
                            target ? target : "<stdout>", _(strerror(err)));
    }
    close(fd);
    return CK_OK;
}

static void drop_temp(void)
{
    if (tmp_path[0])
        unlink(tmp_path);
    tmp_path[0] = 0;
}

/* fsync the finished file, give it the usual permissions, rename it over the target. */
static int commit_file(const char *target, struct ck_error *e)
{
    int fd = open(tmp_path, O_RDONLY);
    if (fd < 0 || fsync(fd) != 0) {
        int err = errno;
        if (fd >= 0)
            close(fd);
        return ck_error_set(e, CK_EOUTPUT, "%s: %s", target, _(strerror(err)));
    }
    close(fd);
    mode_t um = umask(0);
    umask(um);
    if (chmod(tmp_path, 0666 & ~um) != 0 || rename(tmp_path, target) != 0)
        return ck_error_set(e, CK_EOUTPUT, "%s: %s", target, _(strerror(errno)));
    tmp_path[0] = 0;
    /* The rename itself is durable once the directory is synced. */
    char dir[PATH_MAX];
    const char *slash = strrchr(target, '/');
    snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - target) + 1 : 1, slash ? target : ".");
    int dfd = open(dir, O_RDONLY);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
    return CK_OK;
}

/* Copy the finished workbook to standard output (out 1, name NULL) or to a device or pipe
 * named by -o; a closed pipe ends quietly. */
static int copy_to_stdout(int out, const char *name, struct ck_error *e, int *quiet_stop)
{
    int fd = open(tmp_path, O_RDONLY);
    if (fd < 0)
        return ck_error_set(e, CK_EOUTPUT, "%s: %s", tmp_path, _(strerror(errno)));
    drop_temp();
    char buf[65536];
    ssize_t n;
    int rc = CK_OK;
    while ((n = read(fd, buf, sizeof buf)) > 0) {
        for (ssize_t off = 0; off < n;) {
            ssize_t w = write(out, buf + off, (size_t)(n - off));
            if (w < 0 && errno == EINTR)
                continue;
            if (w < 0) {
                if (errno == EPIPE)
                    *quiet_stop = 1;
                else
                    rc = ck_error_set(e, CK_EOUTPUT, "%s: %s", name ? name : "<stdout>",
                                      _(strerror(errno)));
                close(fd);
                return rc;
            }
            off += w;
        }
    }
    if (n < 0)
        rc = ck_error_set(e, CK_EOUTPUT, "reading the finished workbook: %s", _(strerror(errno)));
    close(fd);
    return rc;
}

/* The workbook is written into an unlinked temporary file (its /proc/self/fd name for the
 * writer), so the plaintext never has a name on disk; then encrypted into tmp_path. */
static int write_encrypted(struct ck_report_rows *rows, const struct ck_report_opts *ro,
                           const char *password, struct ck_report_stats *st, struct ck_error *e)
{
    int fd = ck_temp_unlinked(ro->tmpdir, "plain", e);
    if (fd < 0)
        return CK_EOUTPUT;
    char plain[32];
    snprintf(plain, sizeof plain, "/proc/self/fd/%d", fd);
    int rc = ck_report_xlsx(rows, ro, plain, st, e);
    if (rc == CK_OK)
        rc = ck_encrypt_workbook(fd, tmp_path, password, ro->output_name, e);
    /* the plaintext's blocks are freed when the file is closed; overwrite them first */
    struct stat fst;
    if (fstat(fd, &fst) == 0 && fst.st_size > 0) {
        static const char zero[65536];
        for (off_t off = 0; off < fst.st_size; off += (off_t)sizeof zero)
            if (pwrite(fd, zero, sizeof zero, off) < 0)
                break;
    }
    close(fd);
    return rc;
}

static int run_export(struct ck_common *cp, struct ck_report_opts *rop, int csv,
                      const char *split, const char *history, const char *input,
                      const char *password);

int cmd_export(int argc, char **argv)
{
    struct ck_common c;
    struct ck_report_opts ro;
    char sortbuf[512];
    const char *format = "xlsx", *split = NULL, *history = NULL, *password_file = NULL;
    int xlsx_only = 0;
    ck_common_init(&c, "export");
    memset(&ro, 0, sizeof ro);
    ro.chart = CK_CHART_COLUMN;
    ro.validation = 1;
    ro.sort_desc = -1;

    int opt;
    optind = 1;
    while ((opt = ck_getopt(&c, argc, argv, "ho:q", longopts)) != -1) {
        int r = ck_common_opt(&c, opt, optarg);
        if (r < 0)
            return CK_STOP_STATUS(r);
        if (r > 0)
            continue;
        switch (opt) {
        case OPT_BY:
            ro.by = optarg;
            break;
        case OPT_SORT:
            if (parse_sort(optarg, &ro, sortbuf, sizeof sortbuf) != 0)
                return ck_usage(c.cmd, "--sort takes COLUMN[:asc|desc], not '%s'", optarg);
            break;
        case OPT_CHART: {
            size_t i;
            for (i = 0; i < sizeof chart_kinds / sizeof *chart_kinds; i++)
                if (strcasecmp(optarg, chart_kinds[i].name) == 0)
                    break;
            if (i == sizeof chart_kinds / sizeof *chart_kinds)
                return ck_usage(c.cmd, "--chart must be column, pie or none, not '%s'", optarg);
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
                return ck_usage(c.cmd, "--mask takes phone, email or phone,email, not '%s'",
                                optarg);
            break;
        case OPT_FORMAT:
            if (strcasecmp(optarg, "xlsx") != 0 && strcasecmp(optarg, "csv") != 0)
                return ck_usage(c.cmd, "--format must be xlsx or csv, not '%s'", optarg);
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
        default:
            return ck_usage(c.cmd, "unknown option");
        }
    }
    int csv = strcmp(format, "csv") == 0;
    if (argc - optind > 1)
        return ck_usage(c.cmd, "one input table at a time (got %d files)", argc - optind);
    if (csv && !split)
        return ck_usage(c.cmd, "--format csv writes one file per segment: give --split DIR");
    if (!csv && split)
        return ck_usage(c.cmd, "--split DIR goes with --format csv");
    if (csv && c.output)
        return ck_usage(c.cmd, "--format csv --split writes into DIR; -o does not apply");
    if (csv && xlsx_only)
        return ck_usage(c.cmd, "--chart, --no-validation, --all and --history are for "
                               "workbooks, not --format csv");
    if (!csv && !c.output && isatty(1))
        return ck_usage(c.cmd, "refusing to write a workbook to a terminal: use -o report.xlsx "
                               "or redirect standard output (> report.xlsx)");

    if (csv && password_file)
        return ck_usage(c.cmd, "--password-file encrypts a workbook; --format csv files are "
                               "not encrypted");
    char *password = NULL;
    int status = ck_password_load(c.cmd, csv ? NULL : password_file, &password);
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

static int run_export(struct ck_common *cp, struct ck_report_opts *rop, int csv,
                      const char *split, const char *history, const char *input,
                      const char *password)
{
    struct ck_common c = *cp;
    struct ck_report_opts ro = *rop;
    struct ck_error e;
    memset(&e, 0, sizeof e);
    char asof[16];
    int rc = created_time(c.as_of, &ro.created, asof, &e);
    if (rc != CK_OK)
        return ck_fail(c.cmd, &e);
    ro.as_of = asof[0] ? asof : NULL;
    ro.facts_path = getenv("CUSTKIT_FACTS");
    ro.tmpdir = getenv("TMPDIR");
    ro.output_name = c.output ? c.output : "<stdout>";
    catch_signals();

    /* Read the whole table first (counts and sorting come before the first sheet); it is
     * spooled to a temporary file, not held in memory. */
    struct ck_reader *r;
    struct ck_read_opts rdo;
    struct ck_report_rows *rows = NULL;
    struct ck_roles roles;
    char inname[PATH_MAX];
    memset(&rdo, 0, sizeof rdo);
    if (ck_reader_open(&r, input, &rdo, &e) != CK_OK)
        return ck_fail(c.cmd, &e);
    snprintf(inname, sizeof inname, "%s", ck_reader_name(r));
    rc = ck_roles_resolve(&roles, ck_reader_header(r), CK_TABLE_CUSTOMERS, c.cols, c.ncols, &e);
    if (rc == CK_OK)
        ro.lang = ck_common_lang(&c, ck_reader_header(r));
    if (rc == CK_OK)
        rc = ck_report_rows_load(&rows, r, ro.tmpdir, &e);
    ck_reader_close(r);
    if (rc != CK_OK) {
        ck_report_rows_free(rows);
        return ck_fail(c.cmd, &e);
    }
    if (history) {
        /* the earlier quarters; the report counts the current table into the last column */
        rc = ck_trend_load(&ro.trend, history, ro.as_of, &e);
        if (rc != CK_OK) {
            ck_report_rows_free(rows);
            return ck_fail(c.cmd, &e);
        }
        if (!ro.trend && !c.quiet)
            ck_msg(c.cmd, "no quarter before this one in %s: no trend sheet", history);
    }
    const char *inputs[1] = {inname};
    ro.roles = &roles;
    ro.inputs = inputs;
    ro.ninputs = 1;

    struct ck_report_stats st;
    struct ck_progress prog;
    memset(&st, 0, sizeof st);
    int quiet_stop = 0, devfd = -1;
    ck_progress_start(&prog, &c);
    ro.progress = on_progress;
    ro.progress_ctx = &prog;
    if (csv) {
        rc = ck_report_csv_split(rows, &ro, split, &st, &e);
    } else {
        /* -o /dev/null, /dev/stdout or a FIFO: written through, never renamed over */
        struct stat ost;
        if (c.output && stat(c.output, &ost) == 0 && !S_ISREG(ost.st_mode) &&
            !S_ISDIR(ost.st_mode) && (devfd = open(c.output, O_WRONLY | O_CLOEXEC)) < 0)
            rc = ck_error_set(&e, CK_EOUTPUT, "%s: %s", c.output, _(strerror(errno)));
        if (rc == CK_OK)
            rc = make_temp(devfd >= 0 ? NULL : c.output, &e);
        if (rc == CK_OK && !password)
            rc = ck_report_xlsx(rows, &ro, tmp_path, &st, &e);
        if (rc == CK_OK && password)
            rc = write_encrypted(rows, &ro, password, &st, &e);
    }
    ck_progress_end(&prog);
    if (rc == CK_OK) {
        char fields[512], q[PATH_MAX + 8];
        snprintf(fields, sizeof fields,
                 "\"inputs\":[%s],\"read\":%ld,\"segments\":%ld,\"sheets\":%ld,\"flagged\":%ld",
                 ck_json_quote(inname, q, sizeof q), st.rows, st.groups, st.sheets, st.flagged);
        rc = ck_facts_append("export", fields, &e);
    }
    if (rc == CK_OK && !csv)
        rc = devfd >= 0  ? copy_to_stdout(devfd, c.output, &e, &quiet_stop)
             : c.output ? commit_file(c.output, &e)
                        : copy_to_stdout(1, NULL, &e, &quiet_stop);
    if (devfd >= 0 && close(devfd) != 0 && rc == CK_OK)
        rc = ck_error_set(&e, CK_EOUTPUT, "%s: %s", c.output, _(strerror(errno)));
    drop_temp();
    ck_report_rows_free(rows);
    ck_trend_free(ro.trend);
    if (quiet_stop)
        return 0;
    if (rc != CK_OK)
        return ck_fail(c.cmd, &e);
    if (st.truncated)
        ck_msg(c.cmd, "%ld cells longer than Excel's 32,767 characters were cut", st.truncated);
    for (long i = 0; i < st.overflows && i < 4; i++)
        ck_msg(c.cmd, "%s", st.overflow[i]);
    if (st.overflows > 4)
        ck_msg(c.cmd, "%ld more totals are beyond the largest number", st.overflows - 4);
    if (!c.quiet)
        ck_msg(c.cmd, "%ld rows, %ld %s, %ld %s%s%s", st.rows, st.groups,
               st.groups == 1 ? _("group") : _("groups"), st.sheets,
               csv ? (st.sheets == 1 ? _("file") : _("files"))
                   : (st.sheets == 1 ? _("sheet") : _("sheets")),
               csv || c.output ? _(" in ") : "", csv ? split : c.output ? c.output : "");
    return 0;
}
