/* import.c — `custkit import`: read CSV, TSV, XLSX, ODS or XLS in any encoding, several files aligned
 * by header, and write the canonical CSV stream every other command reads (SPEC §3). */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "common.h"
#include "clean/header_union.h"
#include "io/sheets.h"
#include "io/sniff.h"
enum {
    OPT_ENCODING = CLI_OPT_FIRST,
    OPT_HEADER_ROW,
    OPT_SKIP_ROWS,
    OPT_SOURCE,
    OPT_RENAME,
    OPT_SHEET,
    OPT_ALL_SHEETS,
    OPT_LIST_SHEETS,
    OPT_MAX_FIELD,
    OPT_PASSWORD_FILE,
};

static const struct option longopts[] = {
    CLI_COMMON_LONGOPTS,
    {"encoding", required_argument, NULL, OPT_ENCODING},
    {"delimiter", required_argument, NULL, 'd'},
    {"header-row", required_argument, NULL, OPT_HEADER_ROW},
    {"skip-rows", required_argument, NULL, OPT_SKIP_ROWS},
    {"source", no_argument, NULL, OPT_SOURCE},
    {"rename", no_argument, NULL, OPT_RENAME},
    {"sheet", required_argument, NULL, OPT_SHEET},
    {"all-sheets", no_argument, NULL, OPT_ALL_SHEETS},
    {"list-sheets", no_argument, NULL, OPT_LIST_SHEETS},
    {"max-field", required_argument, NULL, OPT_MAX_FIELD},
    {"password-file", required_argument, NULL, OPT_PASSWORD_FILE},
    {NULL, 0, NULL, 0},
};

/* One input table: a file, or one sheet of a workbook. */
struct input {
    const char *path; /* NULL = stdin */
    char *sheet;      /* owned; NULL = the reader's default */
    struct ck_reader *r;
    size_t *map; /* reader column → output column */
};

struct import {
    struct cli_common c;
    struct ck_read_opts ro;
    int source, rename, all_sheets, list_sheets;
    struct input *in;
    size_t nin, cap;
    struct ck_header_union u; /* the union of the inputs' headers */
};

static int parse_long(const char *cmd, const char *opt, const char *arg, long min, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(arg, &end, 10);
    if (errno || *end || end == arg || v < min)
        return cli_usage(cmd, "%s takes a whole number >= %ld, not '%s'", opt, min, arg);
    *out = v;
    return 0;
}

static int parse_delimiter(const char *arg, int *out)
{
    if (strcasecmp(arg, "tab") == 0 || strcmp(arg, "\\t") == 0)
        *out = '\t';
    else if (strlen(arg) == 1 && arg[0] != '"' && arg[0] != '\n' && arg[0] != '\r')
        *out = (unsigned char)arg[0];
    else
        return -1;
    return 0;
}

static int add_input(struct import *im, const char *path, const char *sheet)
{
    if (ck_grow((void **)&im->in, &im->cap, im->nin + 1, sizeof *im->in) != 0)
        return -1;
    struct input *in = &im->in[im->nin++];
    memset(in, 0, sizeof *in);
    in->path = path;
    if (sheet && !(in->sheet = strdup(sheet)))
        return -1;
    return 0;
}

/* A zip (XLSX) or an OLE2 compound file (XLS), by its first bytes. */
static int is_workbook_file(const char *path)
{
    return ck_container_of_file(path) != CK_CONTAINER_OTHER;
}

/* --list-sheets: name, visibility and number of non-empty rows of each sheet. */
static int list_sheets(struct import *im, char **files, int nfiles)
{
    static const char *const state[] = {"visible", "hidden", "veryHidden"};
    struct ck_error e = {0};
    for (int f = 0; f < nfiles; f++) {
        struct ck_xlsx *x;
        if (!is_workbook_file(files[f]))
            return cli_usage(im->c.cmd, "--list-sheets: %s is not a workbook (XLSX, ODS or XLS)", files[f]);
        if (ck_xlsx_open(&x, files[f], &e) != CK_OK)
            return cli_fail(im->c.cmd, &e);
        for (size_t i = 0; i < ck_xlsx_sheet_count(x); i++) {
            char num[24];
            long rows;
            int kind = ck_xlsx_sheet_kind(x, i);
            if (ck_sheets_rows(x, i, &rows, &e) != CK_OK) {
                ck_xlsx_close(x);
                return cli_fail(im->c.cmd, &e);
            }
            int st = ck_xlsx_sheet_state(x, i);
            snprintf(num, sizeof num, "%ld", rows); /* the rows, or what the sheet is instead */
            printf("%s%s%s\t%s\t%s\n", nfiles > 1 ? files[f] : "", nfiles > 1 ? ":" : "",
                   ck_xlsx_sheet_name(x, i), state[st >= 0 && st <= 2 ? st : 0],
                   kind == CK_SHEET_WORKSHEET ? num : ck_sheet_kind_name(kind));
        }
        ck_xlsx_close(x);
    }
    return fflush(stdout) == 0 ? 0 : 4;
}

static int expand_sheets(struct import *im, const char *path, struct ck_error *e)
{
    size_t *nums, n;
    int rc = ck_sheets_importable(path, &nums, &n, e);
    for (size_t i = 0; i < n && rc == CK_OK; i++) {
        char num[24];
        snprintf(num, sizeof num, "%zu", nums[i]);
        if (add_input(im, path, num) != 0)
            rc = ck_error_set(e, CK_ENOMEM, "out of memory");
    }
    free(nums);
    return rc;
}

/* Open every input, build the union of their headers (first-seen order) and each map. */
static int open_inputs(struct import *im, struct ck_error *e)
{
    for (size_t k = 0; k < im->nin; k++) {
        struct input *in = &im->in[k];
        struct ck_read_opts ro = im->ro;
        if (in->sheet)
            ro.sheet = in->sheet;
        int rc = ck_reader_open(&in->r, in->path, &ro, e);
        if (rc != CK_OK)
            return rc;
        const struct ck_row *h = ck_reader_header(in->r);
        struct ck_roles roles = {0};
        if (im->rename &&
            (rc = ck_roles_resolve(&roles, h, CK_TABLE_CUSTOMERS, im->c.cols, im->c.ncols, e)) != CK_OK)
            return rc;
        if (!(in->map = calloc(h->n ? h->n : 1, sizeof *in->map)))
            return ck_error_set(e, CK_ENOMEM, "out of memory");
        if ((rc = ck_header_union_map(&im->u, h, im->rename ? &roles : NULL, in->map, e)) != CK_OK)
            return rc;
    }
    return CK_OK;
}

static void warn_reader(struct import *im, struct ck_reader *r)
{
    const struct ck_read_stats *st = ck_reader_stats(r);
    const char *name = ck_reader_name(r);
    if (im->c.quiet)
        return;
    const char *unit = st->is_xlsx ? _("row") : _("line"); /* a sheet's rows, a file's lines */
    if (st->title_rows)
        cli_msg(im->c.cmd, "%s: %ld title rows above the header skipped (--header-row 1 keeps them)",
               name, st->title_rows);
    if (st->guess == CK_GUESS_TITLE_KEPT)
        cli_msg(im->c.cmd,
               "%s: %s %ld holds a single value but is kept as the header: %s %ld holds only "
               "numbers and dates, so it is data (--header-row %ld makes it the header)",
               name, unit, ck_reader_header(r)->line, unit, st->guess_line, st->guess_row);
    if (st->guess == CK_GUESS_GROUPS)
        cli_msg(im->c.cmd,
               "%s: %s %ld holds group labels over the header (labels followed by blank cells, "
               "above a full row of names), so %s %ld is the header and %s %ld is skipped "
               "(--header-row %ld reads %s %ld as the header)",
               name, unit, st->guess_line, unit, ck_reader_header(r)->line, unit, st->guess_line,
               st->guess_row, unit, st->guess_line);
    if (st->short_rows)
        cli_msg(im->c.cmd, "%s: %ld rows had fewer fields than the header (padded with empty fields)",
               name, st->short_rows);
    if (st->long_rows)
        cli_msg(im->c.cmd, "%s: %ld rows had more fields than the header (kept under column_N)",
               name, st->long_rows);
    if (st->dup_headers)
        cli_msg(im->c.cmd, "%s: %ld duplicate header names made unique (name_2, ...)", name,
               st->dup_headers);
    /* half the columns or more without a name: the header may be the row below (a two-row
     * header whose labels stand over merged ranges) */
    if (st->empty_headers && !im->ro.header_row &&
        2 * (size_t)st->named_headers <= ck_reader_header(r)->n)
        cli_msg(im->c.cmd,
               "%s: %ld empty header names named column_N (if the header is the row below, "
               "use --header-row %ld)",
               name, st->empty_headers, st->header_row + 1);
    else if (st->empty_headers)
        cli_msg(im->c.cmd, "%s: %ld empty header names named column_N", name, st->empty_headers);
    if (st->error_cells)
        cli_msg(im->c.cmd, "%s: %ld error cells (#N/A, #DIV/0!, ...) written as empty", name,
               st->error_cells);
    if (st->formulas_unread > 0)
        cli_msg(im->c.cmd,
               "%s: %ld formula cells (first %s) cannot be read from .xls; save the workbook as "
               ".xlsx",
               name, st->formulas_unread, st->formula_first);
    else if (st->formulas_unread < 0)
        cli_msg(im->c.cmd,
               "%s: formula results cannot be read from this .xls (its workbook stream is "
               "malformed), so formula cells may be empty; save the workbook as .xlsx",
               name);
}

static int run(struct import *im, struct ck_error *e)
{
    int rc = open_inputs(im, e);
    if (rc != CK_OK)
        return rc;
    long src_col = -1;
    if (im->source) {
        const struct ck_row *h0 = ck_reader_header(im->in[0].r);
        int lang = cli_common_lang(&im->c, h0);
        src_col = ck_header_union_add(&im->u, lang == CK_LANG_ZH ? "来源" : "source");
        if (src_col < 0)
            return ck_error_set(e, CK_ENOMEM, "out of memory");
    }
    struct ck_writer *w;
    if ((rc = ck_writer_open(&w, im->c.output, 0, e)) != CK_OK)
        return rc;
    const char **out = calloc(im->u.ncols, sizeof *out);
    size_t *len = calloc(im->u.ncols, sizeof *len);
    if (!out || !len) {
        free(out);
        free(len);
        ck_writer_abort(w);
        return ck_error_set(e, CK_ENOMEM, "out of memory");
    }
    rc = ck_writer_row(w, (const char *const *)im->u.cols, NULL, im->u.ncols, e);
    struct cli_progress prog;
    cli_progress_start(&prog, &im->c);
    long total = 0;
    for (size_t k = 0; rc == CK_OK && k < im->nin; k++) {
        struct input *in = &im->in[k];
        const char *src = ck_reader_name(in->r);
        const struct ck_row *row;
        while ((rc = ck_reader_next(in->r, &row, e)) == CK_OK && row) {
            for (size_t i = 0; i < im->u.ncols; i++)
                out[i] = "", len[i] = 0;
            for (size_t i = 0; i < row->n; i++) {
                out[in->map[i]] = row->f[i];
                len[in->map[i]] = row->len[i];
            }
            if (src_col >= 0) {
                out[src_col] = src;
                len[src_col] = strlen(src);
            }
            if ((rc = ck_writer_row(w, out, len, im->u.ncols, e)) != CK_OK)
                break;
            cli_progress_tick(&prog, ++total);
        }
        if (rc == CK_OK)
            warn_reader(im, in->r);
    }
    cli_progress_end(&prog);
    free(out);
    free(len);
    if (rc == CK_OK) {
        char fields[4096], q[1024];
        size_t o = (size_t)snprintf(fields, sizeof fields, "\"rows\":%ld,\"inputs\":[", total);
        for (size_t k = 0; k < im->nin && o < sizeof fields - 8; k++)
            o += (size_t)snprintf(fields + o, sizeof fields - o, "%s%s", k ? "," : "",
                                  ck_json_quote(ck_reader_name(im->in[k].r), q, sizeof q));
        snprintf(fields + o, sizeof fields - o, "]");
        rc = ck_facts_append("import", fields, e);
    }
    if (rc != CK_OK) {
        ck_writer_abort(w);
        return rc;
    }
    return ck_writer_close(w, e);
}

int cmd_import(int argc, char **argv)
{
    struct import im;
    memset(&im, 0, sizeof im);
    cli_common_init(&im.c, "import");
    im.ro.prescan = 1;
    int opt, status = 0;
    long v = 0;
    const char *password_file = NULL;
    char *password = NULL;
    optind = 1;
    while ((opt = cli_getopt(&im.c, argc, argv, "ho:qd:", longopts)) != -1) {
        int r = cli_common_opt(&im.c, opt, optarg);
        if (r < 0)
            return CLI_STOP_STATUS(r);
        if (r > 0)
            continue;
        switch (opt) {
        case OPT_ENCODING:
            im.ro.encoding = optarg;
            break;
        case 'd':
            if (parse_delimiter(optarg, &im.ro.delimiter) != 0)
                return cli_usage(im.c.cmd, "-d takes one character or 'tab', not '%s'", optarg);
            break;
        case OPT_HEADER_ROW:
            if (parse_long(im.c.cmd, "--header-row", optarg, 1, &v))
                return 2;
            im.ro.header_row = v;
            break;
        case OPT_SKIP_ROWS:
            if (parse_long(im.c.cmd, "--skip-rows", optarg, 0, &v))
                return 2;
            im.ro.skip_rows = v;
            break;
        case OPT_MAX_FIELD:
            if (parse_long(im.c.cmd, "--max-field", optarg, 1, &v))
                return 2;
            im.ro.max_field = (size_t)v;
            break;
        case OPT_SOURCE:
            im.source = 1;
            break;
        case OPT_RENAME:
            im.rename = 1;
            break;
        case OPT_SHEET:
            im.ro.sheet = optarg;
            break;
        case OPT_ALL_SHEETS:
            im.all_sheets = 1;
            break;
        case OPT_LIST_SHEETS:
            im.list_sheets = 1;
            break;
        case OPT_PASSWORD_FILE:
            password_file = optarg;
            break;
        default:
            return cli_usage(im.c.cmd, "unknown option");
        }
    }
    char **files = argv + optind;
    int nfiles = argc - optind;
    if ((status = cli_password_load(im.c.cmd, password_file, &password)) != 0)
        return status;
    im.ro.password = password;
    if (im.list_sheets) {
        status = nfiles ? list_sheets(&im, files, nfiles)
                        : cli_usage(im.c.cmd, "--list-sheets needs a workbook file");
        ck_password_free(password);
        return status;
    }
    if (im.all_sheets && im.ro.sheet) {
        ck_password_free(password);
        return cli_usage(im.c.cmd, "--sheet and --all-sheets cannot be used together");
    }
    struct ck_error e = {0};
    int stdin_used = 0;
    for (int f = 0; f < (nfiles ? nfiles : 1); f++) {
        const char *path = nfiles && strcmp(files[f], "-") != 0 ? files[f] : NULL;
        if (!path && stdin_used++) {
            status = cli_usage(im.c.cmd, "standard input can be read only once");
            goto out;
        }
        if (im.all_sheets && path && is_workbook_file(path)) {
            if (expand_sheets(&im, path, &e) != CK_OK) {
                status = cli_fail(im.c.cmd, &e);
                goto out;
            }
        } else if (add_input(&im, path, NULL) != 0) {
            cli_msg(im.c.cmd, "out of memory");
            status = 4;
            goto out;
        }
    }
    if (run(&im, &e) != CK_OK)
        status = cli_fail(im.c.cmd, &e);
out:
    for (size_t k = 0; k < im.nin; k++) {
        ck_reader_close(im.in[k].r);
        free(im.in[k].map);
        free(im.in[k].sheet);
    }
    free(im.in);
    ck_header_union_free(&im.u);
    ck_password_free(password);
    return status;
}
