/* segment.c — `custkit segment`: load the table, give every customer a segment by the chosen
 * model (lib/segment/segment.c), compare with a previous run when asked, write the table with
 * it. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common.h"
#include "clean/columns.h"
#include "segment/segment.h"
#include "segment/segment_compare.h"
#include "segment/segment_output.h"
#include "report/report.h"
#include "report/seg_spool.h"
#include "segment/playbook.h"
#include "rules/rules.h"

enum { OPT_TOP = CLI_OPT_FIRST, OPT_TIERS, OPT_NEW_DAYS, OPT_WINDOWS, OPT_COMPARE, OPT_LOST };

static const struct option longopts[] = {
    CLI_COMMON_LONGOPTS,
    {"by", required_argument, NULL, 'b'},
    {"top", required_argument, NULL, OPT_TOP},
    {"tiers", required_argument, NULL, OPT_TIERS},
    {"new-days", required_argument, NULL, OPT_NEW_DAYS},
    {"windows", required_argument, NULL, OPT_WINDOWS},
    {"compare", required_argument, NULL, OPT_COMPARE},
    {"lost", required_argument, NULL, OPT_LOST},
    {"rules", required_argument, NULL, 'r'},
    {NULL, 0, NULL, 0},
};

/* Options that belong to one model: using them with another is a usage error, not a no-op. */
static const struct {
    const char *name;
    int opt;
    int model;
} model_opts[] = {
    {"--top", OPT_TOP, CK_SEG_VALUE},
    {"--tiers", OPT_TIERS, CK_SEG_VALUE},
    {"--new-days", OPT_NEW_DAYS, CK_SEG_LIFECYCLE},
    {"--windows", OPT_WINDOWS, CK_SEG_LIFECYCLE},
};

struct run {
    struct cli_common c;
    struct ck_seg_opts so;
    const char *by, *input, *compare, *lost, *rules;
    int seen[sizeof model_opts / sizeof model_opts[0]];
    /* The rows wait in a temporary file (rows) while the model, which keeps only the numbers
     * it reads, scores them; they are written back in order with the segment added. t keeps
     * the header, and the --by COLUMN values in its arena. */
    struct ck_table t;
    struct ck_seg_spool sp;
    size_t nrows;
    struct ck_row hdr;
    struct ck_roles roles;
    struct ck_seg_data d;
    struct ck_seg_result res;
    int lang;
    struct ck_seg_compare cmp; /* --compare */
    struct ck_seg_playbook play; /* the playbook column */
};

static int header_row(const struct ck_table *t, struct ck_row *hdr, struct ck_error *e)
{
    hdr->n = t->ncols;
    hdr->f = t->header;
    hdr->line = 1;
    hdr->len = calloc(t->ncols ? t->ncols : 1, sizeof *hdr->len);
    if (!hdr->len)
        return ck_error_set(e, CK_ENOMEM, "out of memory");
    for (size_t i = 0; i < t->ncols; i++)
        hdr->len[i] = strlen(t->header[i]);
    return CK_OK;
}

/* Spool a row; f gets its fields for the model (valid until the next row is read), except
 * the --by COLUMN value, which the model keeps: that one is copied into t's arena. */
static int store_row(struct run *R, const struct ck_row *row, int as_is, const char **f,
                     struct ck_error *e)
{
    int rc = ck_seg_spool_add(&R->sp, row, as_is, e);
    if (rc != CK_OK)
        return rc;
    R->nrows++;
    for (size_t k = 0; k < R->t.ncols; k++)
        f[k] = k < row->n ? row->f[k] : "";
    long g = R->d.col_group;
    if (g >= 0 && (size_t)g < row->n &&
        !(f[g] = ck_table_strdup(&R->t, row->f[g], row->len[g])))
        return ck_error_set(e, CK_ENOMEM, "out of memory after %zu rows", R->nrows);
    return CK_OK;
}

/* A CSV file this big is read again for the output rather than spooled: below, the spool stays
 * in the page cache and costs less than a second reading; above, its writes to disk cost more
 * (custkit-segment(1), LARGE TABLES). */
#define READ_AGAIN_MIN ((long long)256 << 20)

static int read_again(const char *input, const struct ck_reader *r)
{
    struct stat st;
    return input && strcmp(input, "-") != 0 && !ck_reader_stats(r)->is_xlsx &&
           stat(input, &st) == 0 && S_ISREG(st.st_mode) && (long long)st.st_size >= READ_AGAIN_MIN;
}

/* Read the table once: keep each row compactly (or, from a CSV file, only count it) and hand
 * its fields to the model. */
static int load_current(struct run *R, struct ck_error *e)
{
    struct ck_reader *r;
    struct ck_read_opts ro;
    memset(&ro, 0, sizeof ro);
    int rc = ck_reader_open(&r, R->input, &ro, e);
    if (rc != CK_OK)
        return rc;
    const char **f = NULL;
    rc = ck_table_set_header(&R->t, ck_reader_header(r), e);
    if (rc == CK_OK)
        rc = header_row(&R->t, &R->hdr, e);
    if (rc == CK_OK)
        rc = ck_roles_resolve(&R->roles, &R->hdr, CK_TABLE_CUSTOMERS, R->c.cols, R->c.ncols, e);
    if (rc != CK_OK)
        goto out;
    R->lang = cli_common_lang(&R->c, &R->hdr);
    if (R->so.model == CK_SEG_COLUMN &&
        (R->so.column = ck_seg_group_column(&R->t, &R->roles, R->by)) < 0) {
        char list[512];
        cli_usage(R->c.cmd,
                 "--by: '%s' is neither a model (value, rfm, rfm8, lifecycle) nor a column of "
                 "the table (%s)",
                 R->by, ck_seg_column_list(&R->t, list));
        rc = -1; /* already reported */
        goto out;
    }
    long problems = ck_table_find_column(&R->t, ck_column_name(CK_COL_PROBLEMS, CK_LANG_EN));
    if (problems < 0)
        problems = ck_table_find_column(&R->t, ck_column_name(CK_COL_PROBLEMS, CK_LANG_ZH));
    rc = ck_seg_prepare_begin(&R->roles, (long)R->t.ncols, problems, &R->so, &R->d, e);
    if (rc == CK_OK) {
        struct ck_seg_outcols oc;
        ck_seg_out_columns(&oc, &R->t, R->so.model, R->compare != NULL, R->play.any, R->lang);
        rc = ck_seg_spool_new(&R->sp, R->t.header, R->t.ncols, oc.replaces, getenv("TMPDIR"),
                              read_again(R->input, r) ? R->input : NULL, e);
    }
    if (rc == CK_OK && R->compare)
        rc = ck_seg_compare_init(&R->cmp, R->compare, &R->roles, e);
    if (rc == CK_OK && !(f = calloc(R->t.ncols ? R->t.ncols : 1, sizeof *f))) {
        ck_error_set(e, CK_ENOMEM, "out of memory");
        rc = CK_ENOMEM;
    }
    struct cli_progress pg;
    cli_progress_start(&pg, &R->c);
    while (rc == CK_OK) {
        const struct ck_row *row;
        if ((rc = ck_reader_next(r, &row, e)) != CK_OK || !row)
            break;
        rc = store_row(R, row, ck_reader_as_is(r), f, e);
        if (rc == CK_OK)
            rc = ck_seg_prepare_row(&R->d, &R->so, f, e);
        if (rc == CK_OK && R->compare)
            rc = ck_seg_compare_add(&R->cmp, f, e);
        cli_progress_tick(&pg, (long)R->nrows);
    }
    cli_progress_end(&pg);
    if (rc == CK_OK)
        rc = ck_seg_spool_finish(&R->sp, ck_reader_lf_bytes(r), e);
out:
    free(f);
    ck_reader_close(r);
    return rc;
}

/* The summary lists this many segments at the most (see ck_seg_tier_listed). */
#define SUMMARY_TIERS 40

/* The purchase values a model reads, as named in messages. */
static const char *missing_values(int model)
{
    switch (model) {
    case CK_SEG_VALUE:
        return "amount";
    case CK_SEG_LIFECYCLE:
        return "last_purchase";
    default:
        return "last_purchase, orders or amount";
    }
}

static void summary(struct run *R, const char *asof)
{
    cli_msg(R->c.cmd, "--by %s as of %s: %zu customers, %zu scored", R->by, asof, R->nrows,
           R->res.nscored);
    if (R->d.n_prospect)
        cli_msg(R->c.cmd, "%zu without purchases → %s (not scored)", R->d.n_prospect,
               ck_seg_prospect_name(R->lang));
    if (R->d.n_error)
        cli_msg(R->c.cmd, "%zu with errors from clean → %s (not scored)", R->d.n_error,
               ck_seg_review_name(R->lang));
    if (R->d.n_incomplete)
        cli_msg(R->c.cmd, "%zu with purchases but no readable %s → %s (not scored)",
               R->d.n_incomplete, missing_values(R->so.model), ck_seg_review_name(R->lang));
    if (R->d.n_future)
        cli_msg(R->c.cmd, "%zu customers have a last purchase after the as-of date %s", R->d.n_future,
               asof);
    for (size_t t = 0; t < R->res.ntiers; t++) {
        if (!ck_seg_tier_listed(&R->res, t, SUMMARY_TIERS)) {
            if (t == SUMMARY_TIERS) {
                fputs("  …\t", stderr);
                fprintf(stderr, _("(%zu more segments)\n"), R->res.ntiers - 2 - SUMMARY_TIERS);
            }
            continue;
        }
        fprintf(stderr, "  %zu\t%s\t%zu\t%.1f%%\n", t + 1, R->res.names[t], R->res.count[t],
                R->nrows ? 100.0 * (double)R->res.count[t] / (double)R->nrows : 0.0);
    }
    if (R->compare)
        cli_msg(R->c.cmd, "compared with %s: %zu %s, %zu %s, %zu %s, %zu %s; %zu disappeared%s%s",
               R->compare, R->cmp.moves[CK_MOVE_UP], ck_seg_movement_name(CK_MOVE_UP, R->lang),
               R->cmp.moves[CK_MOVE_DOWN], ck_seg_movement_name(CK_MOVE_DOWN, R->lang),
               R->cmp.moves[CK_MOVE_SAME], ck_seg_movement_name(CK_MOVE_SAME, R->lang),
               R->cmp.moves[CK_MOVE_NEW], ck_seg_movement_name(CK_MOVE_NEW, R->lang),
               R->cmp.disappeared,
               R->lost ? _(", written to ") : "", R->lost ? R->lost : "");
}

/* The segment columns of customer i (ck_seg_spool_write_all's row function). */
struct out_ctx {
    const struct run *R;
    const struct ck_seg_outcols *oc;
};

static int out_row(void *ctx, size_t i, const char **f, struct ck_seg_outbuf *buf,
                   struct ck_error *e)
{
    const struct out_ctx *c = ctx;
    const struct run *R = c->R;
    return ck_seg_out_row(c->oc, &R->res, i, R->play.text, R->compare ? &R->cmp : NULL, R->by,
                          R->lang, f, buf, e);
}

static void progress_tick(void *pg, long rows)
{
    cli_progress_tick(pg, rows);
}

static int write_output(struct run *R, const char *asof, struct ck_error *e)
{
    struct ck_seg_outcols oc;
    ck_seg_out_columns(&oc, &R->t, R->so.model, R->compare != NULL, R->play.any, R->lang);
    size_t nout = oc.nout;
    for (int k = 0; k < CK_OUT_N; k++)
        if (oc.want[k] && oc.pos[k] < (long)R->t.ncols && !R->c.quiet)
            cli_msg(R->c.cmd, "replacing the table's own '%s' column", oc.names[k]);
    const char **f = calloc(nout, sizeof *f);
    size_t *len = calloc(nout, sizeof *len);
    if (!f || !len) {
        free(f);
        free(len);
        return ck_error_set(e, CK_ENOMEM, "out of memory");
    }
    struct ck_writer *w = NULL;
    int rc = ck_writer_open(&w, R->c.output, 0, e);
    if (rc != CK_OK) {
        free(f);
        free(len);
        return rc;
    }
    for (size_t i = 0; i < R->t.ncols; i++)
        f[i] = R->t.header[i];
    for (int k = 0; k < CK_OUT_N; k++)
        if (oc.pos[k] >= 0)
            f[oc.pos[k]] = oc.names[k];
    rc = ck_writer_row(w, f, NULL, nout, e);
    /* facts go out before the last of the output (see ck_facts_append) */
    if (rc == CK_OK)
        rc = ck_seg_facts(R->so.model == CK_SEG_COLUMN ? R->by : ck_seg_model_name(R->so.model),
                          asof, R->nrows, &R->d, &R->res, R->compare ? &R->cmp : NULL, e);
    struct cli_progress pg;
    struct out_ctx oc_ctx = {R, &oc};
    cli_progress_start(&pg, &R->c);
    if (rc == CK_OK)
        rc = ck_seg_spool_write_all(&R->sp, w, &oc, out_row, &oc_ctx, progress_tick, &pg, e);
    cli_progress_end(&pg);
    if (rc == CK_OK)
        rc = ck_seg_spool_done(&R->sp, e);
    free(f);
    free(len);
    if (rc != CK_OK) {
        ck_writer_abort(w);
        return rc;
    }
    return ck_writer_close(w, e);
}

/* Returns -1 to go on, or the exit status to stop with (help, version, usage errors). */
static int parse_args(struct run *R, int argc, char **argv)
{
    struct ck_error e;
    int opt;
    optind = 1;
    while ((opt = cli_getopt(&R->c, argc, argv, "ho:qb:r:", longopts)) != -1) {
        int h = cli_common_opt(&R->c, opt, optarg);
        if (h < 0)
            return CLI_STOP_STATUS(h);
        if (h)
            continue;
        for (size_t i = 0; i < sizeof model_opts / sizeof model_opts[0]; i++)
            if (model_opts[i].opt == opt)
                R->seen[i] = 1;
        int rc = CK_OK;
        switch (opt) {
        case 'b':
            R->by = optarg;
            break;
        case OPT_TOP:
            rc = ck_seg_parse_top(&R->so, optarg, &e);
            break;
        case OPT_TIERS:
            rc = ck_seg_parse_tiers(&R->so, optarg, &e);
            break;
        case OPT_NEW_DAYS:
            rc = ck_seg_parse_days(&R->so.new_days, optarg, "--new-days", &e);
            break;
        case OPT_WINDOWS:
            rc = ck_seg_parse_windows(&R->so, optarg, &e);
            break;
        case OPT_COMPARE:
            R->compare = optarg;
            break;
        case OPT_LOST:
            R->lost = optarg;
            break;
        case 'r':
            R->rules = optarg;
            break;
        default:
            return cli_usage(R->c.cmd, "unknown option");
        }
        if (rc != CK_OK)
            return cli_usage(R->c.cmd, "%s", e.msg);
    }
    if (argc - optind > 1)
        return cli_usage(R->c.cmd, "one input table at most (or standard input), not %d",
                        argc - optind);
    R->input = optind < argc ? argv[optind] : NULL;
    int model = ck_seg_model_from_name(R->by);
    R->so.model = model >= 0 ? model : CK_SEG_COLUMN;
    if (model >= 0) /* --by RFM: messages and facts spell the model as the manual does */
        R->by = ck_seg_model_name(model);
    if (R->seen[0] && R->seen[1])
        return cli_usage(R->c.cmd, "--top and --tiers are two ways to cut value tiers: give one");
    for (size_t i = 0; i < sizeof model_opts / sizeof model_opts[0]; i++)
        if (R->seen[i] && model_opts[i].model != R->so.model)
            return cli_usage(R->c.cmd, "%s applies to --by %s, not --by %s", model_opts[i].name,
                            ck_seg_model_name(model_opts[i].model), R->by);
    if (R->lost && !R->compare)
        return cli_usage(R->c.cmd, "--lost needs --compare PREVIOUS.csv");
    if (R->compare && strcmp(R->compare, "-") == 0)
        return cli_usage(R->c.cmd, "--compare takes a file (standard input is the table)");
    return -1;
}

static int run_segment(struct run *R, struct ck_error *e)
{
    if (ck_asof_resolve(R->c.as_of, &R->so.as_of, e) != CK_OK)
        return CK_EUSAGE;
    char asof[16];
    ck_iso_date_format(R->so.as_of, asof);
    int rc = load_current(R, e);
    if (rc == CK_OK)
        rc = ck_seg_run(&R->so, &R->d, R->lang, &R->res, e);
    if (rc == CK_OK)
        rc = ck_seg_playbook_make(&R->play, &R->so, &R->res, R->lang, R->rules, &R->hdr,
                                  &R->roles, e);
    if (rc == CK_OK && R->compare)
        rc = ck_seg_compare_load(&R->cmp, R->c.cols, R->c.ncols, e);
    if (rc == CK_OK && R->compare)
        rc = ck_seg_compare_count(&R->cmp, &R->res, R->by, e);
    if (rc == CK_OK && R->lost)
        rc = ck_seg_compare_write_lost(&R->cmp, R->lost, e);
    if (rc != CK_OK)
        return rc;
    if (!R->c.quiet)
        summary(R, asof);
    return write_output(R, asof, e);
}

int cmd_segment(int argc, char **argv)
{
    struct run *R = calloc(1, sizeof *R);
    if (!R) {
        cli_msg("segment", "out of memory");
        return 4;
    }
    cli_common_init(&R->c, "segment");
    ck_seg_opts_init(&R->so);
    R->by = "value";
    ck_table_init(&R->t);
    int status = parse_args(R, argc, argv);
    if (status < 0) {
        status = 0;
        struct ck_error e;
        memset(&e, 0, sizeof e);
        int rc = run_segment(R, &e);
        if (rc < 0)
            status = 2;
        else if (rc != CK_OK)
            status = cli_fail(R->c.cmd, &e);
    }
    ck_seg_result_free(&R->res);
    ck_seg_data_free(&R->d);
    ck_table_free(&R->t);
    ck_seg_compare_free(&R->cmp);
    ck_seg_spool_free(&R->sp);
    free(R->hdr.len);
    ck_seg_playbook_free(&R->play);
    free(R);
    return status;
}
