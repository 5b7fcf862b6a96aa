/* segment.c — `custkit segment`: load the table, give every customer a segment by the chosen
 * model (lib/segment/segment.c), compare with a previous run when asked, write the table with
 * it. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "segment/playbook.h"
#include "rules/rules.h"
#include "segment/segment.h"
#include "report/report.h"

enum { OPT_TOP = CK_OPT_FIRST, OPT_TIERS, OPT_NEW_DAYS, OPT_WINDOWS, OPT_COMPARE, OPT_LOST };

/* Room for one segment's playbook text. */
enum { PLAYBOOK_MAX = 1024 };

static const struct option longopts[] = {
    CK_COMMON_LONGOPTS,
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
    struct ck_common c;
    struct ck_seg_opts so;
    const char *by, *input, *compare, *lost, *rules;
    int seen[sizeof model_opts / sizeof model_opts[0]];
    /* The rows wait in a temporary file (rows) while the model, which keeps only the numbers
     * it reads, scores them; they are written back in order with the segment added. t keeps
     * the header, and the --by COLUMN values in its arena. */
    struct ck_table t, prev, keys;
    struct ck_report_rows *rows;
    size_t nrows;
    /* packed: each spooled row is the canonical CSV of its fields, made while the reader's
     * thread splits the next ones, so the output only appends the new columns (not when the
     * table has columns of the names segment writes: those are replaced in place) */
    int packed;
    char *fmt;
    size_t cap_fmt;
    struct ck_row hdr;
    struct ck_roles key_roles;
    struct ck_roles roles, prev_roles;
    struct ck_seg_data d;
    struct ck_seg_result res;
    int lang;
    /* --compare */
    long *match;
    unsigned char *prev_seen;
    long prev_seg_col, prev_rank_col;
    size_t moves[CK_MOVE_COUNT], disappeared;
    /* the playbook column: one text per tier (NULL: none written), in playbuf */
    const char **play;
    char *playbuf;
    int has_play;
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
static int store_row(struct run *R, const struct ck_row *row, const char **f, struct ck_error *e)
{
    int rc;
    size_t n = row->n < R->t.ncols ? row->n : R->t.ncols;
    if (R->packed) {
        size_t need = ck_csv_format_max(row->len, n) + R->t.ncols;
        if (ck_grow((void **)&R->fmt, &R->cap_fmt, need, 1) != 0)
            return ck_error_set(e, CK_ENOMEM, "out of memory");
        size_t m = ck_csv_format(R->fmt, (const char *const *)row->f, row->len, n);
        for (size_t k = n; k < R->t.ncols; k++) /* a short row: its missing fields are empty */
            R->fmt[m++] = ',';
        const char *one[1] = {R->fmt};
        rc = ck_report_rows_append(R->rows, one, &m, 1, e);
    } else {
        rc = ck_report_rows_append(R->rows, (const char *const *)row->f, row->len, row->n, e);
    }
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

/* --compare needs the current rows' id, phone and email: a small table of just those. */
static const int key_roles_used[3] = {CK_ROLE_ID, CK_ROLE_PHONE, CK_ROLE_EMAIL};

static int keys_begin(struct run *R, struct ck_error *e)
{
    static const char *const names[3] = {"id", "phone", "email"};
    size_t len[3] = {2, 5, 5};
    struct ck_row h = {3, (char **)names, len, 1};
    for (int r = 0; r < CK_ROLE_COUNT; r++)
        R->key_roles.col[r] = -1;
    for (int k = 0; k < 3; k++)
        if (R->roles.col[key_roles_used[k]] >= 0)
            R->key_roles.col[key_roles_used[k]] = k;
    return ck_table_set_header(&R->keys, &h, e);
}

static int keys_add(struct run *R, const char *const *f, struct ck_error *e)
{
    const char *v[3];
    size_t len[3];
    for (int k = 0; k < 3; k++) {
        int c = R->roles.col[key_roles_used[k]];
        v[k] = c >= 0 ? f[c] : "";
        len[k] = strlen(v[k]);
    }
    struct ck_row row = {3, (char **)v, len, 0};
    return ck_table_append(&R->keys, &row, e);
}

static long find_group_column(struct run *R);
static int group_column_error(struct run *R);

/* Output columns this run writes, in this order; existing columns of the same name are replaced
 * in place. The RFM code comes before its scores, so that in a sheet a score digit never sits
 * against the code (5 | 455). */
enum { OUT_SEG, OUT_RANK, OUT_RFM, OUT_R, OUT_F, OUT_M, OUT_PLAY, OUT_PREV, OUT_MOVE, OUT_N };

struct outcols {
    const char *names[OUT_N];
    int want[OUT_N];
    long pos[OUT_N]; /* column in the output, -1 when not written */
    size_t nout;     /* columns in the output */
    int replaces;    /* some of them are the table's own */
};

static void out_columns(const struct run *R, struct outcols *oc)
{
    static const int base[OUT_N] = {1, 1, 0, 0, 0, 0, 0, 0, 0};
    const char *names[OUT_N] = {ck_seg_column_name("segment", R->lang),
                                ck_seg_column_name("segment_rank", R->lang),
                                "RFM",
                                ck_seg_column_name("r_score", R->lang),
                                ck_seg_column_name("f_score", R->lang),
                                ck_seg_column_name("m_score", R->lang),
                                ck_seg_column_name("playbook", R->lang),
                                ck_seg_column_name("previous", R->lang),
                                ck_seg_column_name("movement", R->lang)};
    memcpy(oc->names, names, sizeof names);
    memcpy(oc->want, base, sizeof base);
    if (R->so.model == CK_SEG_RFM)
        oc->want[OUT_R] = oc->want[OUT_F] = oc->want[OUT_M] = oc->want[OUT_RFM] = 1;
    if (R->compare)
        oc->want[OUT_PREV] = oc->want[OUT_MOVE] = 1;
    oc->want[OUT_PLAY] = R->has_play;
    oc->nout = R->t.ncols;
    oc->replaces = 0;
    for (int k = 0; k < OUT_N; k++) {
        oc->pos[k] = -1;
        if (!oc->want[k])
            continue;
        oc->pos[k] = ck_table_find_column(&R->t, names[k]);
        if (oc->pos[k] >= 0)
            oc->replaces = 1;
        else
            oc->pos[k] = (long)oc->nout++;
    }
}

/* Read the table once: keep each row compactly and hand its fields to the model. */
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
    R->lang = ck_common_lang(&R->c, &R->hdr);
    if (R->so.model == CK_SEG_COLUMN) {
        R->so.column = find_group_column(R);
        if (R->so.column < 0) {
            group_column_error(R);
            rc = -1; /* already reported */
            goto out;
        }
    }
    long problems = ck_table_find_column(&R->t, "_problems");
    if (problems < 0)
        problems = ck_table_find_column(&R->t, "问题");
    rc = ck_seg_prepare_begin(&R->roles, (long)R->t.ncols, problems, &R->so, &R->d, e);
    if (rc == CK_OK) {
        struct outcols oc;
        out_columns(R, &oc);
        static char *const row_name[1] = {"row"};
        R->packed = !oc.replaces && R->t.ncols > 0;
        rc = R->packed ? ck_report_rows_new(&R->rows, row_name, 1, getenv("TMPDIR"), e)
                       : ck_report_rows_new(&R->rows, R->t.header, R->t.ncols, getenv("TMPDIR"), e);
    }
    if (rc == CK_OK && R->compare)
        rc = keys_begin(R, e);
    if (rc == CK_OK && !(f = calloc(R->t.ncols ? R->t.ncols : 1, sizeof *f))) {
        ck_error_set(e, CK_ENOMEM, "out of memory");
        rc = CK_ENOMEM;
    }
    struct ck_progress pg;
    ck_progress_start(&pg, &R->c);
    while (rc == CK_OK) {
        const struct ck_row *row;
        if ((rc = ck_reader_next(r, &row, e)) != CK_OK || !row)
            break;
        rc = store_row(R, row, f, e);
        if (rc == CK_OK)
            rc = ck_seg_prepare_row(&R->d, &R->so, f, e);
        if (rc == CK_OK && R->compare)
            rc = keys_add(R, f, e);
        ck_progress_tick(&pg, (long)R->nrows);
    }
    ck_progress_end(&pg);
    if (rc == CK_OK)
        rc = ck_report_rows_finish(R->rows, e);
out:
    free(f);
    ck_reader_close(r);
    return rc;
}

/* --by COLUMN: the exact header, else a role name, else a header equal once folded. */
static long find_group_column(struct run *R)
{
    long col = ck_table_find_column(&R->t, R->by);
    if (col >= 0)
        return col;
    int role = ck_role_from_name(R->by);
    if (role >= 0 && R->roles.col[role] >= 0)
        return R->roles.col[role];
    char want[256], have[256];
    ck_header_fold(R->by, want, sizeof want);
    for (size_t i = 0; i < R->t.ncols; i++)
        if (strcmp(ck_header_fold(R->t.header[i], have, sizeof have), want) == 0)
            return (long)i;
    return -1;
}

static int group_column_error(struct run *R)
{
    char list[512] = "";
    for (size_t i = 0; i < R->t.ncols; i++) {
        size_t l = strlen(list);
        if (l + strlen(R->t.header[i]) + 8 >= sizeof list) {
            snprintf(list + l, sizeof list - l, ", …");
            break;
        }
        snprintf(list + l, sizeof list - l, "%s%s", i ? ", " : "", R->t.header[i]);
    }
    return ck_usage(R->c.cmd,
                    "--by: '%s' is neither a model (value, rfm, rfm8, lifecycle) nor a column "
                    "of the table (%s)",
                    R->by, list);
}

/* --compare: read the previous output once, keeping of each row only what matching and
 * movement need (id, phone, email, segment, rank), then match customers. --lost reads the
 * file a second time for the rows of those who disappeared, so memory stays small. */
static const int prev_kept_roles[3] = {CK_ROLE_ID, CK_ROLE_PHONE, CK_ROLE_EMAIL};

static int compare_prepare(struct run *R, struct ck_error *e)
{
    static const char *const seg_names[] = {"分层", "segment"};
    static const char *const rank_names[] = {"分层序号", "segment_rank"};
    static const char *const kept[5] = {"id", "phone", "email", "segment", "segment_rank"};
    struct ck_reader *r;
    struct ck_read_opts ro;
    struct ck_roles roles;
    memset(&ro, 0, sizeof ro);
    int rc = ck_reader_open(&r, R->compare, &ro, e);
    if (rc != CK_OK)
        return rc;
    const struct ck_row *h = ck_reader_header(r);
    if (ck_roles_resolve(&roles, h, CK_TABLE_CUSTOMERS, R->c.cols, R->c.ncols, e) != CK_OK &&
        ck_roles_resolve(&roles, h, CK_TABLE_CUSTOMERS, NULL, 0, e) != CK_OK) {
        ck_reader_close(r);
        return CK_EUSAGE;
    }
    long seg = -1, rank = -1;
    for (size_t c = 0; c < h->n; c++)
        for (int i = 0; i < 2; i++) {
            if (seg < 0 && strcmp(h->f[c], seg_names[i]) == 0)
                seg = (long)c;
            if (rank < 0 && strcmp(h->f[c], rank_names[i]) == 0)
                rank = (long)c;
        }
    if (seg < 0) {
        ck_reader_close(r);
        return ck_error_set(e, CK_EUSAGE,
                            "--compare: %s has no 分层/segment column; give the output of an "
                            "earlier custkit segment run",
                            R->compare);
    }
    long src[5] = {roles.col[prev_kept_roles[0]], roles.col[prev_kept_roles[1]],
                   roles.col[prev_kept_roles[2]], seg, rank};
    size_t klen[5];
    for (int k = 0; k < 5; k++)
        klen[k] = strlen(kept[k]);
    struct ck_row kh = {5, (char **)kept, klen, 1};
    rc = ck_table_set_header(&R->prev, &kh, e);
    for (int r_ = 0; r_ < CK_ROLE_COUNT; r_++)
        R->prev_roles.col[r_] = -1;
    for (int k = 0; k < 3; k++)
        if (src[k] >= 0)
            R->prev_roles.col[prev_kept_roles[k]] = k;
    R->prev_seg_col = 3;
    R->prev_rank_col = rank >= 0 ? 4 : -1;
    while (rc == CK_OK) {
        const struct ck_row *row;
        if ((rc = ck_reader_next(r, &row, e)) != CK_OK || !row)
            break;
        const char *v[5];
        size_t len[5];
        for (int k = 0; k < 5; k++) {
            v[k] = src[k] >= 0 && (size_t)src[k] < row->n ? row->f[src[k]] : "";
            len[k] = src[k] >= 0 && (size_t)src[k] < row->n ? row->len[src[k]] : 0;
        }
        struct ck_row kr = {5, (char **)v, len, row->line};
        rc = ck_table_append(&R->prev, &kr, e);
    }
    ck_reader_close(r);
    if (rc != CK_OK)
        return rc;
    R->match = malloc((R->nrows ? R->nrows : 1) * sizeof *R->match);
    R->prev_seen = calloc(R->prev.nrows ? R->prev.nrows : 1, 1);
    if (!R->match || !R->prev_seen)
        return ck_error_set(e, CK_ENOMEM, "out of memory");
    rc = ck_seg_match(&R->keys, &R->key_roles, &R->prev, &R->prev_roles, R->match, R->prev_seen,
                      e);
    if (rc != CK_OK) {
        if (rc == CK_EUSAGE) { /* name the file in the message */
            char msg[sizeof e->msg];
            snprintf(msg, sizeof msg, "%s", e->msg);
            return ck_error_set(e, rc, "%s (%s)", msg, R->compare);
        }
        return rc;
    }
    for (size_t j = 0; j < R->prev.nrows; j++)
        R->disappeared += !R->prev_seen[j];
    return CK_OK;
}

/* The previous tier rank of a matched customer: its segment_rank, else its segment's place
 * among this run's tiers. */
static int previous_rank(struct run *R, size_t prow, long *rank, struct ck_error *e)
{
    if (R->prev_rank_col >= 0) {
        const char *s = ck_table_cell(&R->prev, prow, (size_t)R->prev_rank_col);
        char *end;
        long v = strtol(s, &end, 10);
        if (end != s && !*end && v > 0) {
            *rank = v;
            return CK_OK;
        }
    }
    const char *name = ck_table_cell(&R->prev, prow, (size_t)R->prev_seg_col);
    for (size_t t = 0; t < R->res.ntiers; t++)
        if (strcmp(R->res.names[t], name) == 0) {
            *rank = (long)t + 1;
            return CK_OK;
        }
    return ck_error_set(e, CK_EUSAGE,
                        "--compare: %s:%ld: segment '%s' has no segment_rank and is not a tier "
                        "of --by %s",
                        R->compare, R->prev.lines ? R->prev.lines[prow] : (long)prow + 2, name,
                        R->by);
}

static int write_lost(struct run *R, struct ck_error *e)
{
    struct ck_reader *r;
    struct ck_writer *w;
    struct ck_read_opts ro;
    memset(&ro, 0, sizeof ro);
    int rc = ck_reader_open(&r, R->compare, &ro, e);
    if (rc != CK_OK)
        return rc;
    rc = ck_writer_open(&w, R->lost, 0, e);
    if (rc != CK_OK) {
        ck_reader_close(r);
        return rc;
    }
    rc = ck_writer_row_v(w, ck_reader_header(r), e);
    for (size_t j = 0; rc == CK_OK && R->disappeared; j++) {
        const struct ck_row *row;
        if ((rc = ck_reader_next(r, &row, e)) != CK_OK || !row)
            break;
        if (j >= R->prev.nrows) {
            rc = ck_error_set(e, CK_EINPUT, "%s changed while it was read", R->compare);
            break;
        }
        if (!R->prev_seen[j])
            rc = ck_writer_row_v(w, row, e);
    }
    ck_reader_close(r);
    if (rc != CK_OK) {
        ck_writer_abort(w);
        return rc;
    }
    return ck_writer_close(w, e);
}

/* --by COLUMN can make thousands of groups: the summary and the facts list the first ones
 * (most customers) and always Prospects and Needs review. */
#define SUMMARY_TIERS 40
#define FACTS_TIERS 200

static int listed(const struct ck_seg_result *res, size_t t, size_t max)
{
    return t < max || t + 2 >= res->ntiers;
}

static int append_facts(struct run *R, const char *asof, struct ck_error *e)
{
    struct ck_strbuf b = {0};
    char tmp[640], q[512];
    snprintf(tmp, sizeof tmp,
             "\"model\":%s,\"as_of\":\"%s\",\"read\":%zu,\"scored\":%zu,\"prospects\":%zu,"
             "\"review\":%zu,\"segments\":{",
             ck_json_quote(R->so.model == CK_SEG_COLUMN ? R->by : ck_seg_model_name(R->so.model),
                           q, sizeof q),
             asof, R->nrows, R->res.nscored, R->d.n_prospect, R->d.n_error + R->d.n_incomplete);
    ck_sb_add(&b, tmp);
    size_t omitted = 0;
    for (size_t t = 0; t < R->res.ntiers; t++) {
        if (!listed(&R->res, t, FACTS_TIERS)) {
            omitted++;
            continue;
        }
        snprintf(tmp, sizeof tmp, "%s%s:%zu", t ? "," : "",
                 ck_json_quote(R->res.names[t], q, sizeof q), R->res.count[t]);
        ck_sb_add(&b, tmp);
    }
    ck_sb_add(&b, "}");
    if (omitted) {
        snprintf(tmp, sizeof tmp, ",\"segments_omitted\":%zu", omitted);
        ck_sb_add(&b, tmp);
    }
    if (R->compare) {
        snprintf(tmp, sizeof tmp,
                 ",\"compare\":{\"up\":%zu,\"down\":%zu,\"same\":%zu,\"new\":%zu,"
                 "\"disappeared\":%zu}",
                 R->moves[CK_MOVE_UP], R->moves[CK_MOVE_DOWN], R->moves[CK_MOVE_SAME],
                 R->moves[CK_MOVE_NEW], R->disappeared);
        ck_sb_add(&b, tmp);
    }
    int rc = b.oom ? ck_error_set(e, CK_ENOMEM, "out of memory") : ck_facts_append("segment", b.s, e);
    free(b.s);
    return rc;
}

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
    ck_msg(R->c.cmd, "--by %s as of %s: %zu customers, %zu scored", R->by, asof, R->nrows,
           R->res.nscored);
    if (R->d.n_prospect)
        ck_msg(R->c.cmd, "%zu without purchases → %s (not scored)", R->d.n_prospect,
               ck_seg_prospect_name(R->lang));
    if (R->d.n_error)
        ck_msg(R->c.cmd, "%zu with errors from clean → %s (not scored)", R->d.n_error,
               ck_seg_review_name(R->lang));
    if (R->d.n_incomplete)
        ck_msg(R->c.cmd, "%zu with purchases but no readable %s → %s (not scored)",
               R->d.n_incomplete, missing_values(R->so.model), ck_seg_review_name(R->lang));
    if (R->d.n_future)
        ck_msg(R->c.cmd, "%zu customers have a last purchase after the as-of date %s", R->d.n_future,
               asof);
    for (size_t t = 0; t < R->res.ntiers; t++) {
        if (!listed(&R->res, t, SUMMARY_TIERS)) {
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
        ck_msg(R->c.cmd, "compared with %s: %zu %s, %zu %s, %zu %s, %zu %s; %zu disappeared%s%s",
               R->compare, R->moves[CK_MOVE_UP], ck_seg_movement_name(CK_MOVE_UP, R->lang),
               R->moves[CK_MOVE_DOWN], ck_seg_movement_name(CK_MOVE_DOWN, R->lang),
               R->moves[CK_MOVE_SAME], ck_seg_movement_name(CK_MOVE_SAME, R->lang),
               R->moves[CK_MOVE_NEW], ck_seg_movement_name(CK_MOVE_NEW, R->lang), R->disappeared,
               R->lost ? _(", written to ") : "", R->lost ? R->lost : "");
}

static int write_output(struct run *R, const char *asof, struct ck_error *e)
{
    struct outcols oc;
    out_columns(R, &oc);
    const char *const *names = oc.names;
    const int *want = oc.want;
    const long *pos = oc.pos;
    size_t nout = oc.nout;
    for (int k = 0; k < OUT_N; k++)
        if (want[k] && pos[k] < (long)R->t.ncols && !R->c.quiet)
            ck_msg(R->c.cmd, "replacing the table's own '%s' column", names[k]);
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
    for (int k = 0; k < OUT_N; k++)
        if (pos[k] >= 0)
            f[pos[k]] = names[k];
    rc = ck_writer_row(w, f, NULL, nout, e);
    /* facts go out before the last of the output (see ck_facts_append) */
    if (rc == CK_OK)
        rc = append_facts(R, asof, e);
    char rank[24], code[8];
    struct ck_progress pg;
    ck_progress_start(&pg, &R->c);
    for (size_t i = 0; rc == CK_OK && i < R->nrows; i++) {
        const char *const *row;
        const size_t *rlen;
        if ((rc = ck_report_rows_get(R->rows, i, &row, &rlen, e)) != CK_OK)
            break;
        if (!R->packed) {
            memcpy(f, row, R->t.ncols * sizeof *f);
            memcpy(len, rlen, R->t.ncols * sizeof *len);
        }
        for (size_t k = R->t.ncols; k < nout; k++)
            len[k] = 0;
        uint32_t tier = R->res.tier[i];
        f[pos[OUT_SEG]] = R->res.names[tier];
        snprintf(rank, sizeof rank, "%u", tier + 1);
        f[pos[OUT_RANK]] = rank;
        if (want[OUT_R]) {
            static const char *const digit[6] = {"", "1", "2", "3", "4", "5"};
            static const int out_col[3] = {OUT_R, OUT_F, OUT_M};
            if (R->res.score[3 * i]) {
                for (int k = 0; k < 3; k++) {
                    unsigned char sc = R->res.score[3 * i + (size_t)k];
                    f[pos[out_col[k]]] = digit[sc];
                    code[k] = (char)('0' + sc);
                }
                code[3] = 0;
                f[pos[OUT_RFM]] = code;
            } else
                f[pos[OUT_R]] = f[pos[OUT_F]] = f[pos[OUT_M]] = f[pos[OUT_RFM]] = "";
        }
        if (R->compare) {
            long prow = R->match[i], prank = 0;
            if (prow >= 0) {
                rc = previous_rank(R, (size_t)prow, &prank, e);
                if (rc != CK_OK)
                    break;
                f[pos[OUT_PREV]] = ck_table_cell(&R->prev, (size_t)prow, (size_t)R->prev_seg_col);
            } else
                f[pos[OUT_PREV]] = "";
            f[pos[OUT_MOVE]] = ck_seg_movement_name(ck_seg_movement(prank, (long)tier + 1), R->lang);
        }
        if (want[OUT_PLAY])
            f[pos[OUT_PLAY]] = R->play[tier] ? R->play[tier] : "";
        for (int k = 0; k < OUT_N; k++)
            if (pos[k] >= 0)
                len[pos[k]] = strlen(f[pos[k]]);
        if (R->packed) /* the table's fields are row[0], already canonical; then the new ones */
            rc = ck_writer_row_after(w, row[0], rlen[0], f + R->t.ncols, len + R->t.ncols,
                                     nout - R->t.ncols, e);
        else
            rc = ck_writer_row(w, f, len, nout, e);
        ck_progress_tick(&pg, (long)i + 1);
    }
    ck_progress_end(&pg);
    free(f);
    free(len);
    if (rc != CK_OK) {
        ck_writer_abort(w);
        return rc;
    }
    return ck_writer_close(w, e);
}

static int count_moves(struct run *R, struct ck_error *e)
{
    for (size_t i = 0; i < R->nrows; i++) {
        long prank = 0;
        if (R->match[i] >= 0 && previous_rank(R, (size_t)R->match[i], &prank, e) != CK_OK)
            return CK_EUSAGE;
        R->moves[ck_seg_movement(prank, (long)R->res.tier[i] + 1)]++;
    }
    return CK_OK;
}

/* Returns -1 to go on, or the exit status to stop with (help, version, usage errors). */
static int parse_args(struct run *R, int argc, char **argv)
{
    struct ck_error e;
    int opt;
    optind = 1;
    while ((opt = ck_getopt(&R->c, argc, argv, "ho:qb:r:", longopts)) != -1) {
        int h = ck_common_opt(&R->c, opt, optarg);
        if (h < 0)
            return CK_STOP_STATUS(h);
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
            return ck_usage(R->c.cmd, "unknown option");
        }
        if (rc != CK_OK)
            return ck_usage(R->c.cmd, "%s", e.msg);
    }
    if (argc - optind > 1)
        return ck_usage(R->c.cmd, "one input table at most (or standard input), not %d",
                        argc - optind);
    R->input = optind < argc ? argv[optind] : NULL;
    int model = ck_seg_model_from_name(R->by);
    R->so.model = model >= 0 ? model : CK_SEG_COLUMN;
    if (model >= 0) /* --by RFM: messages and facts spell the model as the manual does */
        R->by = ck_seg_model_name(model);
    if (R->seen[0] && R->seen[1])
        return ck_usage(R->c.cmd, "--top and --tiers are two ways to cut value tiers: give one");
    for (size_t i = 0; i < sizeof model_opts / sizeof model_opts[0]; i++)
        if (R->seen[i] && model_opts[i].model != R->so.model)
            return ck_usage(R->c.cmd, "%s applies to --by %s, not --by %s", model_opts[i].name,
                            ck_seg_model_name(model_opts[i].model), R->by);
    if (R->lost && !R->compare)
        return ck_usage(R->c.cmd, "--lost needs --compare PREVIOUS.csv");
    if (R->compare && strcmp(R->compare, "-") == 0)
        return ck_usage(R->c.cmd, "--compare takes a file (standard input is the table)");
    return -1;
}

/* Each tier's playbook text (playbook.h), then the texts of --rules FILE for the segments
 * they name; segments of this run they do not name keep the built-in text. The column model
 * has a column only when the rules file gives a text for one of its groups. */
static int make_playbook(struct run *R, struct ck_error *e)
{
    size_t nt = R->res.ntiers;
    R->play = calloc(nt ? nt : 1, sizeof *R->play);
    R->playbuf = malloc((nt ? nt : 1) * PLAYBOOK_MAX);
    if (!R->play || !R->playbuf)
        return ck_error_set(e, CK_ENOMEM, "out of memory");
    for (size_t t = 0; t < nt; t++) {
        char *b = R->playbuf + t * PLAYBOOK_MAX;
        if (ck_playbook_text(&R->so, &R->res, t, R->lang, b, PLAYBOOK_MAX)) {
            R->play[t] = b;
            R->has_play = 1;
        }
    }
    if (!R->rules)
        return CK_OK;
    struct ck_rules_ctx ctx = {&R->hdr, &R->roles, R->so.as_of, R->lang};
    struct ck_rules *rs = NULL;
    int rc = ck_rules_new(&rs, &ctx, e);
    if (rc == CK_OK)
        rc = ck_rules_load_playbook(rs, R->rules, e);
    for (size_t i = 0; rc == CK_OK && i < ck_rules_playbook_count(rs); i++) {
        int line;
        const char *seg = ck_rules_playbook_segment(rs, i, &line);
        const char *text = ck_rules_playbook_text(rs, i);
        if (strlen(text) >= PLAYBOOK_MAX) {
            rc = ck_error_set(e, CK_EUSAGE,
                              "%s:%d: the playbook text for '%s' is longer than %d bytes", R->rules,
                              line, seg, PLAYBOOK_MAX - 1);
            break;
        }
        for (size_t t = 0; t < nt; t++)
            if (strcmp(R->res.names[t], seg) == 0) {
                char *b = R->playbuf + t * PLAYBOOK_MAX;
                memcpy(b, text, strlen(text) + 1);
                R->play[t] = b;
                R->has_play = 1;
            }
    }
    ck_rules_free(rs);
    return rc;
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
        rc = make_playbook(R, e);
    if (rc == CK_OK && R->compare)
        rc = compare_prepare(R, e);
    if (rc == CK_OK && R->compare)
        rc = count_moves(R, e);
    if (rc == CK_OK && R->lost)
        rc = write_lost(R, e);
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
        ck_msg("segment", "out of memory");
        return 4;
    }
    ck_common_init(&R->c, "segment");
    ck_seg_opts_init(&R->so);
    R->by = "value";
    ck_table_init(&R->t);
    ck_table_init(&R->prev);
    ck_table_init(&R->keys);
    int status = parse_args(R, argc, argv);
    if (status < 0) {
        status = 0;
        struct ck_error e;
        memset(&e, 0, sizeof e);
        int rc = run_segment(R, &e);
        if (rc < 0)
            status = 2;
        else if (rc != CK_OK)
            status = ck_fail(R->c.cmd, &e);
    }
    ck_seg_result_free(&R->res);
    ck_seg_data_free(&R->d);
    ck_table_free(&R->t);
    ck_table_free(&R->prev);
    ck_table_free(&R->keys);
    ck_report_rows_free(R->rows);
    free(R->fmt);
    free(R->hdr.len);
    free(R->match);
    free(R->prev_seen);
    free(R->play);
    free(R->playbuf);
    free(R);
    return status;
}
