/* tag.c — `custkit tag`: add one column per tag group of a rules file (custkit-rules(5)) or
 * of the built-in groups, streaming the table one row at a time. */
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "rules/rules.h"
#include "rules/tag_output.h"

enum { OPT_BUILTIN = CLI_OPT_FIRST };

static const struct option longopts[] = {
    CLI_COMMON_LONGOPTS,
    {"rules", required_argument, NULL, 'r'},
    {"builtin", required_argument, NULL, OPT_BUILTIN},
    {NULL, 0, NULL, 0},
};

#define MAX_RULE_FILES 16

struct run {
    struct cli_common c;
    const char *rules[MAX_RULE_FILES];
    size_t nrules;
    const char *builtin;
    const char *input;
    struct ck_reader *r;
    struct ck_rules *rs;
    struct ck_writer *w;
    size_t nin, nout; /* input and output widths */
    size_t *pos;      /* output column of each group */
    const char **f;   /* the output row */
    size_t *len;
    const char **val; /* each group's value for the current row */
    size_t *vlen;
    long rows;
};

/* Returns -1 to go on, or the exit status to stop with. */
static int parse_args(struct run *R, int argc, char **argv)
{
    int opt;
    optind = 1;
    while ((opt = cli_getopt(&R->c, argc, argv, "ho:qr:", longopts)) != -1) {
        int h = cli_common_opt(&R->c, opt, optarg);
        if (h < 0)
            return CLI_STOP_STATUS(h);
        if (h)
            continue;
        switch (opt) {
        case 'r':
            if (R->nrules == MAX_RULE_FILES)
                return cli_usage(R->c.cmd, "at most %d rules files", MAX_RULE_FILES);
            R->rules[R->nrules++] = optarg;
            break;
        case OPT_BUILTIN:
            R->builtin = optarg;
            break;
        default:
            return cli_usage(R->c.cmd, "unknown option");
        }
    }
    if (!R->nrules && !R->builtin)
        return cli_usage(R->c.cmd, "no rules: give -r FILE, --builtin GROUPS, or both");
    if (argc - optind > 1)
        return cli_usage(R->c.cmd, "one input table at a time (got %d)", argc - optind);
    R->input = optind < argc ? argv[optind] : NULL;
    return -1;
}

/* Load every rule before reading a row: a rules error stops the run with no output. */
static int load_rules(struct run *R, const struct ck_row *header, struct ck_error *e)
{
    struct ck_roles roles;
    long as_of;
    int rc = ck_asof_resolve(R->c.as_of, &as_of, e);
    if (rc == CK_OK)
        rc = ck_roles_resolve(&roles, header, CK_TABLE_CUSTOMERS, R->c.cols, R->c.ncols, e);
    if (rc != CK_OK)
        return rc;
    struct ck_rules_ctx ctx = {header, &roles, as_of, cli_common_lang(&R->c, header)};
    rc = ck_rules_new(&R->rs, &ctx, e);
    for (size_t i = 0; rc == CK_OK && i < R->nrules; i++)
        rc = ck_rules_load_file(R->rs, R->rules[i], e);
    if (rc == CK_OK && R->builtin)
        rc = ck_rules_add_builtin(R->rs, R->builtin, e);
    return rc;
}

/* Output columns: the input's, then one per group (ck_tag_columns). */
static int plan_columns(struct run *R, const struct ck_row *header, struct ck_error *e)
{
    size_t ng = ck_rules_group_count(R->rs);
    R->nin = header->n;
    R->pos = calloc(ng ? ng : 1, sizeof *R->pos);
    R->val = calloc(ng ? ng : 1, sizeof *R->val);
    R->vlen = calloc(ng ? ng : 1, sizeof *R->vlen);
    R->f = calloc(header->n + ng + 1, sizeof *R->f);
    R->len = calloc(header->n + ng + 1, sizeof *R->len);
    if (!R->pos || !R->val || !R->vlen || !R->f || !R->len)
        return ck_error_set(e, CK_ENOMEM, "out of memory");
    ck_tag_columns(R->rs, header, R->pos, &R->nout);
    for (size_t c = 0; c < header->n; c++) {
        R->f[c] = header->f[c];
        R->len[c] = header->len ? header->len[c] : strlen(header->f[c]);
    }
    for (size_t g = 0; g < ng; g++) {
        const char *name = ck_rules_group_name(R->rs, g);
        if (R->pos[g] < header->n) {
            if (!R->c.quiet)
                cli_msg(R->c.cmd, "column '%s' is already in the table: its values are replaced",
                       name);
        } else {
            R->f[R->pos[g]] = name;
            R->len[R->pos[g]] = strlen(name);
        }
    }
    return CK_OK;
}

/* One stderr line per group: "购买行为: 高频客户 12, 低频客户 30, no tag 5". */
static void summary(const struct run *R)
{
    cli_msg(R->c.cmd, "%ld rows tagged", R->rows);
    for (size_t g = 0; g < ck_rules_group_count(R->rs); g++) {
        char line[1024];
        size_t o = 0, nt = ck_rules_tag_count(R->rs, g);
        for (size_t t = 0; t <= nt && o < sizeof line; t++)
            o += (size_t)snprintf(line + o, sizeof line - o, "%s%s %ld", t ? ", " : "",
                                  t < nt ? ck_rules_tag_name(R->rs, g, t) : _("no tag"),
                                  ck_rules_tag_hits(R->rs, g, t));
        cli_msg(R->c.cmd, "%s%s: %s", ck_rules_group_name(R->rs, g),
               ck_rules_group_multi(R->rs, g) ? _(" (every match)") : "", line);
    }
}

static int stream(struct run *R, struct ck_error *e)
{
    int rc = ck_writer_open(&R->w, R->c.output, 0, e);
    if (rc != CK_OK)
        return rc;
    rc = ck_writer_row(R->w, R->f, R->len, R->nout, e);
    struct cli_progress pg;
    cli_progress_start(&pg, &R->c);
    size_t ng = ck_rules_group_count(R->rs);
    while (rc == CK_OK) {
        const struct ck_row *row;
        rc = ck_reader_next(R->r, &row, e);
        if (rc != CK_OK || !row)
            break;
        rc = ck_rules_eval(R->rs, row, R->val, R->vlen, e);
        if (rc != CK_OK)
            break;
        size_t n = row->n < R->nin ? row->n : R->nin;
        for (size_t c = 0; c < n; c++) {
            R->f[c] = row->f[c];
            R->len[c] = row->len ? row->len[c] : strlen(row->f[c]);
        }
        for (size_t c = n; c < R->nin; c++) {
            R->f[c] = "";
            R->len[c] = 0;
        }
        for (size_t g = 0; g < ng; g++) {
            R->f[R->pos[g]] = R->val[g];
            R->len[R->pos[g]] = R->vlen[g];
        }
        rc = ck_writer_row(R->w, R->f, R->len, R->nout, e);
        cli_progress_tick(&pg, ++R->rows);
    }
    cli_progress_end(&pg);
    /* facts go out before the last of the output (see ck_facts_append) */
    if (rc == CK_OK)
        rc = ck_tag_facts(R->rs, R->rules, R->nrules, R->builtin, R->rows, e);
    if (rc != CK_OK) {
        ck_writer_abort(R->w);
        return rc;
    }
    return ck_writer_close(R->w, e);
}

int cmd_tag(int argc, char **argv)
{
    struct run R;
    struct ck_error e = {0};
    memset(&R, 0, sizeof R);
    cli_common_init(&R.c, "tag");
    int st = parse_args(&R, argc, argv);
    if (st >= 0)
        return st;
    struct ck_read_opts ro = {0};
    int rc = ck_reader_open(&R.r, R.input, &ro, &e);
    if (rc == CK_OK)
        rc = load_rules(&R, ck_reader_header(R.r), &e);
    if (rc == CK_OK)
        rc = plan_columns(&R, ck_reader_header(R.r), &e);
    if (rc == CK_OK)
        rc = stream(&R, &e);
    if (rc == CK_OK && !R.c.quiet)
        summary(&R);
    st = rc == CK_OK ? 0 : cli_fail(R.c.cmd, &e);
    if (R.r)
        ck_reader_close(R.r);
    ck_rules_free(R.rs);
    free(R.pos);
    free(R.val);
    free(R.vlen);
    free(R.f);
    free(R.len);
    return st;
}
