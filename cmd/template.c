/* template.c — `custkit template -o FILE`: the blank entry workbook a customer table should be
 * kept in (lib/report/template.c), its columns the ones the other commands recognise. */
#include <errno.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common.h"
#include "report/template.h"

enum { OPT_COLUMNS = CLI_OPT_FIRST, OPT_ROWS, OPT_LIST, OPT_FORCE };

static const struct option longopts[] = {
    CLI_COMMON_LONGOPTS,
    {"columns", required_argument, NULL, OPT_COLUMNS},
    {"rows", required_argument, NULL, OPT_ROWS},
    {"list", required_argument, NULL, OPT_LIST},
    {"force", no_argument, NULL, OPT_FORCE},
    {NULL, 0, NULL, 0},
};

/* The values of every --list, split in place: they live as long as the command. A later
 * --list for the same column replaces the earlier one in the options. */
struct lists {
    char *buf[64];
    const char **vals[64];
    size_t n;
};

static void lists_free(struct lists *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->buf[i]);
        free(l->vals[i]);
    }
}

/* --columns ROLE,ROLE,… into fields; returns a usage status or 0. */
static int parse_columns(const struct cli_common *c, const char *arg, int *fields, size_t *n)
{
    char buf[1024];
    if (strlen(arg) >= sizeof buf)
        return cli_usage(c->cmd, "--columns: too long");
    snprintf(buf, sizeof buf, "%s", arg);
    *n = 0;
    for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save)) {
        tok += strspn(tok, " ");
        size_t len = strlen(tok);
        while (len && tok[len - 1] == ' ')
            tok[--len] = 0;
        int f = ck_template_field(tok);
        if (f < 0)
            return cli_usage(c->cmd, "--columns: unknown column '%s' (columns: %s)", tok,
                            ck_template_field_names());
        if (*n >= CK_TPL_MAX_FIELDS)
            return cli_usage(c->cmd, "--columns: too many columns");
        fields[(*n)++] = f;
    }
    if (*n == 0)
        return cli_usage(c->cmd, "--columns takes ROLE,ROLE,..., not '%s'", arg);
    return 0;
}

/* --list ROLE=a,b,c into o; returns a usage status or 0. */
static int parse_list(const struct cli_common *c, const char *arg, struct lists *l,
                      struct ck_template_opts *o)
{
    const char *eq = strchr(arg, '=');
    char role[64];
    if (!eq || eq == arg || (size_t)(eq - arg) >= sizeof role)
        return cli_usage(c->cmd, "--list takes ROLE=VALUE,VALUE,..., not '%s'", arg);
    snprintf(role, sizeof role, "%.*s", (int)(eq - arg), arg);
    int f = ck_template_field(role);
    if (f < 0 || f >= CK_TPL_MAX_FIELDS)
        return cli_usage(c->cmd, "--list: unknown column '%s' (columns: %s)", role,
                        ck_template_field_names());
    if (!ck_template_field_listable(f))
        return cli_usage(c->cmd, "--list: a %s column takes no list (its check is fixed)", role);
    if (l->n == sizeof l->buf / sizeof *l->buf)
        return cli_usage(c->cmd, "too many --list options");
    size_t n = 1;
    for (const char *s = eq + 1; *s; s++)
        n += *s == ',';
    char *buf = strdup(eq + 1);
    const char **vals = calloc(n, sizeof *vals);
    if (!buf || !vals) {
        free(buf);
        free(vals);
        cli_msg(c->cmd, "out of memory");
        return 4;
    }
    l->buf[l->n] = buf;
    l->vals[l->n++] = vals;
    size_t k = 0;
    for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save))
        if (*tok)
            vals[k++] = tok;
    if (k == 0)
        return cli_usage(c->cmd, "--list %s: no values", role);
    o->list[f] = vals;
    o->nlist[f] = k;
    return 0;
}

int cmd_template(int argc, char **argv)
{
    struct cli_common c;
    struct ck_template_opts o;
    struct lists l;
    int fields[CK_TPL_MAX_FIELDS];
    cli_common_init(&c, "template");
    memset(&o, 0, sizeof o);
    memset(&l, 0, sizeof l);
    o.rows = 1000;

    int opt, rc = 0, force = 0;
    optind = 1;
    while (rc == 0 && (opt = cli_getopt(&c, argc, argv, "ho:q", longopts)) != -1) {
        int r = cli_common_opt(&c, opt, optarg);
        if (r < 0) {
            rc = CLI_STOP_STATUS(r);
            break;
        }
        if (r > 0)
            continue;
        switch (opt) {
        case OPT_COLUMNS:
            rc = parse_columns(&c, optarg, fields, &o.nfields);
            o.fields = fields;
            break;
        case OPT_ROWS: {
            char *end;
            errno = 0;
            long v = strtol(optarg, &end, 10);
            if (errno || end == optarg || *end || v < 1 || v > CK_TPL_MAX_ROWS)
                rc = cli_usage(c.cmd, "--rows must be a number from 1 to %d, not '%s'",
                              CK_TPL_MAX_ROWS, optarg);
            o.rows = v;
            break;
        }
        case OPT_LIST:
            rc = parse_list(&c, optarg, &l, &o);
            break;
        case OPT_FORCE:
            force = 1;
            break;
        default:
            rc = cli_usage(c.cmd, "unknown option");
        }
    }
    if (rc == 0 && optind < argc)
        rc = cli_usage(c.cmd, "takes no input file (got '%s'); write with -o FILE", argv[optind]);
    if (rc == 0 && c.ncols)
        rc = cli_usage(c.cmd, "--col maps the columns of a table read; use --columns here");
    if (rc == 0 && c.as_of)
        rc = cli_usage(c.cmd, "--as-of does not apply to a template");
    if (rc == 0 && !c.output)
        rc = cli_usage(c.cmd, "give the workbook to write: -o 客户登记表.xlsx");
    /* A blank template written over a workbook already filled in would lose every customer
     * typed into it: an existing regular file is replaced only with --force. */
    struct stat sb;
    if (rc == 0 && !force && c.output && stat(c.output, &sb) == 0 && S_ISREG(sb.st_mode)) {
        cli_msg(c.cmd, "%s exists; a blank template would replace it (use --force to replace it)",
               c.output);
        rc = 2;
    }
    if (rc != 0) {
        lists_free(&l);
        return rc;
    }
    /* --lang: zh unless told; the table's language is the template's */
    o.lang = c.lang < 0 ? CK_LANG_ZH : c.lang;
    o.created = time(NULL);
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (sde && *sde) {
        char *end;
        errno = 0;
        long long v = strtoll(sde, &end, 10);
        if (*end || errno || v < 0) {
            lists_free(&l);
            return cli_usage(c.cmd, "SOURCE_DATE_EPOCH must be a number of seconds, not '%s'",
                            sde);
        }
        o.created = (time_t)v;
    }

    struct ck_error e;
    struct ck_template_stats st;
    memset(&e, 0, sizeof e);
    memset(&st, 0, sizeof st);
    rc = ck_template_write(&o, c.output, &st, &e);
    lists_free(&l);
    if (rc != CK_OK)
        return cli_fail(c.cmd, &e);
    if (!c.quiet)
        cli_msg(c.cmd, "%zu columns, %ld entry rows, %zu with a dropdown, in %s", st.columns,
               st.rows, st.lists, c.output);
    return 0;
}
