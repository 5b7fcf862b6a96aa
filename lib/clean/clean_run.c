/* clean_run.c — clean's first pass (clean_run.h): the customer rows read, rejected or kept,
 * deduplicated, with the rejects file and the merge log; no printing, counts in the object. */
#include "clean/clean_run.h"
#include "clean/columns.h"
#include "io/fields.h"

#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ck_clean_run_init(struct ck_clean_run *r)
{
    memset(r, 0, sizeof *r);
    ck_table_init(&r->t);
    ck_table_init(&r->rej);
}

void ck_clean_run_free(struct ck_clean_run *r)
{
    struct ck_writer *ws[] = {r->w_rejects, r->w_merge, r->w_orphans, r->w_out};
    for (size_t i = 0; i < sizeof ws / sizeof ws[0]; i++)
        if (ws[i])
            ck_writer_abort(ws[i]);
    r->w_rejects = r->w_merge = r->w_orphans = r->w_out = NULL;
    ck_orders_free(r->ord);
    r->ord = NULL;
    ck_cleaner_free(r->cl);
    r->cl = NULL;
    ck_final_check_free(&r->fc);
    ck_dedup_free(r->d);
    ck_dedup_free(r->drej);
    ck_table_free(&r->t);
    ck_table_free(&r->rej);
    free(r->rej_bad);
    free(r->bad);
    free(r->others);
    r->d = r->drej = NULL;
    r->rej_bad = r->bad = r->others = NULL;
}

/* The header of the cleaned table: the input's, then the columns the address split adds. */
static int set_header(struct ck_clean_run *r, const struct ck_row *h, struct ck_error *e)
{
    int roles[4];
    size_t nadd = ck_cleaner_added(r->cl, roles, 4);
    if (!nadd)
        return ck_table_set_header(&r->t, h, e);
    size_t n = h->n + nadd;
    char **f = malloc(n * sizeof *f);
    if (!f)
        return ck_error_set(e, CK_ENOMEM, "out of memory");
    for (size_t i = 0; i < h->n; i++)
        f[i] = h->f[i];
    for (size_t j = 0; j < nadd; j++)
        f[h->n + j] = (char *)ck_column_name(roles[j] == CK_ROLE_PROVINCE ? CK_COL_PROVINCE
                                             : roles[j] == CK_ROLE_CITY   ? CK_COL_CITY
                                                                          : CK_COL_DISTRICT,
                                             r->lang);
    struct ck_row row = {n, f, NULL, h->line};
    int rc = ck_table_set_header(&r->t, &row, e);
    free(f);
    return rc;
}

int ck_clean_run_start(struct ck_clean_run *r, const struct ck_row *h, const char *rejects_path,
                       struct ck_error *e)
{
    int rc;
    if ((rc = set_header(r, h, e)))
        return rc;
    if (!rejects_path)
        return CK_OK;
    if ((rc = ck_writer_open(&r->w_rejects, rejects_path, 0600, e)))
        return rc;
    ck_writer_set_bom(r->w_rejects, 1);
    size_t n = h->n + 2;
    const char **f = malloc(n * sizeof *f);
    if (!f)
        return ck_error_set(e, CK_ENOMEM, "out of memory");
    f[0] = ck_column_name(CK_COL_LINE, r->lang);
    for (size_t i = 0; i < h->n; i++)
        f[i + 1] = h->f[i];
    f[n - 1] = ck_column_name(CK_COL_REASON, r->lang);
    rc = ck_writer_row(r->w_rejects, f, NULL, n, e);
    free(f);
    return rc;
}

/* A rejected row's orders are not orphans of an unknown customer: keep the row (normalised)
 * so the roll-up can say whose they are. */
static int keep_rejected(struct ck_clean_run *r, const struct ck_clean_result *res,
                         struct ck_error *e)
{
    int rc;
    if (r->rej.ncols == 0) {
        struct ck_row h = {r->t.ncols, r->t.header, NULL, 1};
        if ((rc = ck_table_set_header(&r->rej, &h, e)))
            return rc;
    }
    if (ck_grow((void **)&r->rej_bad, &r->cap_rej_bad, r->rej.nrows + 1, sizeof *r->rej_bad))
        return ck_error_set(e, CK_ENOMEM, "out of memory");
    r->rej_bad[r->rej.nrows] = res->bad_roles;
    return ck_table_append(&r->rej, res->row, e);
}

static int write_reject(struct ck_clean_run *r, const struct ck_row *row, const char *reason,
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
    int rc = ck_writer_row(r->w_rejects, f, NULL, n, e);
    free(f);
    return rc;
}

/* What became of one row: whether it has errors, is taken out, and its bad roles. */
struct cres {
    uint32_t bad_roles, problems, missing, others;
    int error, reject;
    int to_rejects; /* the row goes to the --rejects file */
};

/* Clean one row with cl and decide its fate: keep, reject or flag it. The same for every row,
 * whichever thread and cleaner it runs on; res->row is the row as cleaned. */
static int clean_judge(const struct ck_clean_run *r, struct ck_cleaner *cl,
                       const struct ck_row *row, struct ck_clean_result *res, struct cres *cr,
                       struct ck_error *e)
{
    int rc;
    if ((rc = ck_clean_row(cl, (const char *const *)row->f, row->len, row->line, res, e)))
        return rc;
    int error = ck_problem_set_has_error(res->problems);
    int reject = r->invalid == CK_INVALID_REJECT     ? error
                 : r->invalid == CK_INVALID_UNUSABLE ? res->unusable
                                                     : 0;
    cr->bad_roles = res->bad_roles;
    cr->problems = res->problems;
    cr->missing = res->missing;
    cr->others = res->others;
    cr->error = error;
    cr->reject = reject;
    /* --invalid flag copies the rows with errors to --rejects; otherwise it holds the rows
     * taken out */
    cr->to_rejects = r->w_rejects && (r->invalid == CK_INVALID_FLAG ? error : reject);
    return CK_OK;
}

/* The row as read into --rejects, with its problems, when clean_judge said so. */
static int reject_row(struct ck_clean_run *r, const struct cres *cr, const struct ck_row *row,
                      struct ck_error *e)
{
    if (!cr->to_rejects)
        return CK_OK;
    char text[1024];
    ck_clean_problems_text(r->cl, cr->problems, cr->missing, text, sizeof text);
    const char *why = text[0] ? text : ck_clean_reason(CK_R_NO_USABLE_KEY, r->lang);
    return write_reject(r, row, why, e);
}

/* The cleaned row, in file order: kept, or counted as rejected (and kept aside). */
static int clean_keep(struct ck_clean_run *r, const struct cres *cr, const struct ck_row *row,
                      struct ck_error *e)
{
    int rc = CK_OK;
    r->any_error |= cr->error;
    if (cr->reject) {
        r->rejected++;
        if (!r->keep_rejected)
            return CK_OK;
        struct ck_clean_result res = {row, 0, 0, cr->bad_roles, 0, 0};
        return keep_rejected(r, &res, e);
    }
    if (ck_grow((void **)&r->bad, &r->cap_bad, r->t.nrows + 1, sizeof *r->bad) ||
        ck_grow((void **)&r->others, &r->cap_others, r->t.nrows + 1, sizeof *r->others) ||
        (rc = ck_table_append(&r->t, row, e)))
        return rc ? rc : ck_error_set(e, CK_ENOMEM, "out of memory");
    r->bad[r->t.nrows - 1] = cr->bad_roles;
    r->others[r->t.nrows - 1] = cr->others;
    return CK_OK;
}

int ck_clean_run_row(struct ck_clean_run *r, const struct ck_row *row, struct ck_error *e)
{
    int rc;
    struct ck_clean_result res;
    struct cres cr;
    r->read++;
    if ((rc = clean_judge(r, r->cl, row, &res, &cr, e)) || (rc = reject_row(r, &cr, row, e)))
        return rc;
    return clean_keep(r, &cr, res.row, e);
}

/* ---------- the whole table, on two threads ---------- */

#define CB_ROWS 2048
#define CB_CHUNK 128 /* rows a cleaner takes at a time */
#define CB_CHUNKS (CB_ROWS / CB_CHUNK)

/* A batch's rows CB_CHUNK at a time, as cleaned (ncols fields a row) by whichever cleaner took
 * them, with the place names that cleaner counted in them. */
struct cchunk {
    struct ck_fields out;
    struct ck_place_stats st;
    size_t nres; /* rows cleaned; the next one failed when rc is set */
    int rc;
    struct ck_error err;
};

/* A batch of rows as read (in: then a read error, or the end) and as cleaned (in chunks). */
struct cbatch {
    struct ck_row_batch in;
    struct cres res[CB_ROWS];
    struct cchunk ch[CB_CHUNKS];
    atomic_size_t next; /* the next chunk for a cleaner to take */
};

static void cbatch_fill(struct cbatch *b, struct ck_reader *rd)
{
    ck_row_batch_fill(&b->in, rd, CB_ROWS);
    atomic_store(&b->next, 0);
}

static struct ck_row cbatch_in(const struct cbatch *b, size_t i)
{
    return ck_row_batch_row(&b->in, i);
}

/* Clean chunk c of b with cl (clean_judge): the rows as cleaned go to the chunk. */
static void cchunk_clean(const struct ck_clean_run *r, struct ck_cleaner *cl, struct cbatch *b,
                         size_t c)
{
    struct cchunk *k = &b->ch[c];
    size_t r0 = c * CB_CHUNK, n = b->in.nrows - r0 < CB_CHUNK ? b->in.nrows - r0 : CB_CHUNK;
    struct ck_place_stats before;
    ck_cleaner_take_place_stats(cl, &before);
    ck_fields_clear(&k->out);
    k->rc = CK_OK;
    for (k->nres = 0; k->nres < n; k->nres++) {
        struct ck_row row = cbatch_in(b, r0 + k->nres);
        struct ck_clean_result res;
        if ((k->rc = clean_judge(r, cl, &row, &res, &b->res[r0 + k->nres], &k->err)))
            break;
        if (ck_fields_add_row(&k->out, res.row)) {
            k->rc = ck_error_set(&k->err, CK_ENOMEM, "out of memory");
            break;
        }
    }
    if (ck_fields_point(&k->out) && k->nres) {
        k->nres = 0;
        k->rc = ck_error_set(&k->err, CK_ENOMEM, "out of memory");
    }
    ck_cleaner_take_place_stats(cl, &k->st);
    ck_cleaner_set_place_stats(cl, &before);
}

/* Clean the chunks of b that no other cleaner has taken. */
static void cbatch_clean(const struct ck_clean_run *r, struct ck_cleaner *cl, struct cbatch *b)
{
    size_t nch = (b->in.nrows + CB_CHUNK - 1) / CB_CHUNK;
    for (size_t c; (c = atomic_fetch_add(&b->next, 1)) < nch;)
        cchunk_clean(r, cl, b, c);
}

/* The rows of b cleaned, in order: written to --rejects if they go there, then kept, or
 * counted as rejected (and kept aside); the place names counted in them added to st. */
static int cbatch_apply(struct ck_clean_run *r, const struct cbatch *b, struct ck_place_stats *st,
                        void (*tick)(void *, long), void *arg, struct ck_error *e)
{
    size_t n = r->t.ncols;
    for (size_t i = 0; i < b->in.nrows; i++) {
        const struct cchunk *k = &b->ch[i / CB_CHUNK];
        size_t j = i % CB_CHUNK;
        if (j == 0)
            ck_place_stats_add(st, &k->st);
        if (tick)
            tick(arg, r->read + 1);
        r->read++;
        if (j == k->nres) {
            *e = k->err;
            return k->rc;
        }
        struct ck_row in = cbatch_in(b, i);
        struct ck_row row = {n, k->out.f + j * n, k->out.flen + j * n, in.line};
        int rc;
        if ((rc = reject_row(r, &b->res[i], &in, e)) || (rc = clean_keep(r, &b->res[i], &row, e)))
            return rc;
    }
    if (b->in.rc)
        *e = b->in.err;
    return b->in.rc;
}

/* The helper thread's job: the chunks of a batch, with the run's cleaner (its alone until the
 * end), while this thread may clean others of them with a second one. */
static void cworker_job(void *ctx, void *job)
{
    struct ck_clean_run *r = ctx;
    cbatch_clean(r, r->cl, job);
}

static void cbatch_free(struct cbatch *b)
{
    if (!b)
        return;
    ck_row_batch_free(&b->in);
    for (size_t c = 0; c < CB_CHUNKS; c++)
        ck_fields_free(&b->ch[c].out);
    free(b);
}

int ck_clean_run_read(struct ck_clean_run *r, struct ck_reader *rd, void (*tick)(void *, long),
                      void *arg, struct ck_error *e)
{
    struct cbatch *b[2] = {calloc(1, sizeof **b), calloc(1, sizeof **b)};
    struct ck_worker w;
    struct ck_cleaner *mine = NULL; /* this thread's cleaner, when there is a helper */
    struct ck_place_stats st;
    int threaded = 0, rc = CK_OK;
    ck_cleaner_take_place_stats(r->cl, &st);
    if (!b[0] || !b[1]) {
        rc = ck_error_set(e, CK_ENOMEM, "out of memory");
        goto out;
    }
    threaded = ck_threads_allowed() && ck_worker_start(&w, cworker_job, r) == 0;
    if (threaded && ck_cleaner_clone(r->cl, &mine, e) != CK_OK)
        mine = NULL; /* the helper cleans every chunk */
    /* The helper cleans one batch while this thread reads the next, then helps it with the
     * chunks it has not taken, and keeps the rows of the batch in order. */
    struct cbatch *cur = b[0], *nxt = b[1];
    cbatch_fill(cur, rd);
    if (threaded)
        ck_worker_hand(&w, cur);
    for (;;) {
        int more = cur->in.rc == CK_OK && !cur->in.eof;
        if (more)
            cbatch_fill(nxt, rd);
        if (!threaded)
            cbatch_clean(r, r->cl, cur);
        else if (mine)
            cbatch_clean(r, mine, cur);
        if (threaded)
            ck_worker_wait(&w);
        if (more && threaded)
            ck_worker_hand(&w, nxt);
        if ((rc = cbatch_apply(r, cur, &st, tick, arg, e)) || !more)
            break;
        struct cbatch *t = cur;
        cur = nxt;
        nxt = t;
    }
out:
    if (threaded)
        ck_worker_stop(&w);
    ck_cleaner_set_place_stats(r->cl, &st);
    ck_cleaner_free(mine);
    for (int k = 0; k < 2; k++)
        if (b[k])
            ck_row_batch_give_back(&b[k]->in, rd);
    cbatch_free(b[0]);
    cbatch_free(b[1]);
    return rc;
}

int ck_clean_run_dedup(struct ck_clean_run *r, struct ck_error *e)
{
    const struct ck_purchase_plan *plan = &r->plan;
    int lookup[3];
    size_t nlookup = ck_orders_key_roles(r->roles, lookup);
    ck_purchase_plan(&r->plan, &r->t, r->roles, r->ord != NULL, r->keep_purchase, r->skip_col);
    /* Purchase columns the roll-up will replace: their differences are no conflict. */
    unsigned char *quiet = calloc(r->t.ncols ? r->t.ncols : 1, 1);
    if (!quiet)
        return ck_error_set(e, CK_ENOMEM, "out of memory");
    for (size_t i = 0; i < CK_NPURCHASE; i++)
        if (plan->mode[i] == CK_PURCHASE_REPLACE)
            quiet[plan->col[i]] = 1;
    struct ck_dedup_opts o = {r->keys,       r->nkeys, lookup,      nlookup, r->sum_orders,
                              r->sum_amount, r->bad,   r->skip_col, quiet};
    int rc = ck_dedup_run(&r->d, &r->t, r->roles, &o, e);
    free(quiet);
    if (rc)
        return rc;
    if (r->rej.nrows) { /* index the rejected rows' keys, joining nothing */
        struct ck_dedup_opts ro = {NULL, 0, lookup, nlookup, 0, 0, r->rej_bad, -1, NULL};
        if ((rc = ck_dedup_run(&r->drej, &r->rej, r->roles, &ro, e)))
            return rc;
    }
    r->merged = (long)ck_dedup_merge_count(r->d);
    r->written = (long)ck_dedup_count(r->d);
    return CK_OK;
}

int ck_clean_run_merge_log(struct ck_clean_run *r, const char *path, struct ck_error *e)
{
    size_t nc = r->t.ncols, n = nc + 5;
    int rc = ck_writer_open(&r->w_merge, path, 0600, e);
    if (rc)
        return rc;
    ck_writer_set_bom(r->w_merge, 1);
    const char **f = malloc(n * sizeof *f);
    if (!f)
        return ck_error_set(e, CK_ENOMEM, "out of memory");
    f[0] = ck_column_name(CK_COL_KEPT, r->lang);
    f[1] = ck_column_name(CK_COL_MERGED, r->lang);
    f[2] = ck_column_name(CK_COL_KEY, r->lang);
    f[3] = ck_column_name(CK_COL_KEY_VALUE, r->lang);
    f[4] = ck_column_name(CK_COL_CONFLICTS, r->lang);
    for (size_t c = 0; c < nc; c++)
        f[5 + c] = r->t.header[c];
    rc = ck_writer_row(r->w_merge, f, NULL, n, e);
    char kept[32], merged[32];
    for (size_t i = 0; rc == CK_OK && i < ck_dedup_merge_count(r->d); i++) {
        const struct ck_merge *m = ck_dedup_merge(r->d, i);
        snprintf(kept, sizeof kept, "%ld", r->t.lines[m->kept]);
        snprintf(merged, sizeof merged, "%ld", r->t.lines[m->merged]);
        f[0] = kept;
        f[1] = merged;
        /* The key is named by the table's own header of that column. */
        f[2] = m->key_role >= 0 && m->key_role < CK_ROLE_COUNT && r->roles->col[m->key_role] >= 0
                   ? r->t.header[r->roles->col[m->key_role]]
                   : "";
        f[3] = m->key_value;
        f[4] = m->conflicts;
        for (size_t c = 0; c < nc; c++)
            f[5 + c] = ck_table_cell(&r->t, m->merged, c);
        rc = ck_writer_row(r->w_merge, f, NULL, n, e);
    }
    free(f);
    return rc;
}

void ck_clean_default_require(struct ck_clean_opts *co, const struct ck_roles *roles)
{
    static const int groups[][3] = {{CK_ROLE_NAME, -1, -1},
                                    {CK_ROLE_PHONE, CK_ROLE_EMAIL, CK_ROLE_ID}};
    for (size_t g = 0; g < 2; g++) {
        struct ck_require *q = &co->require[co->nrequire];
        q->n = 0;
        for (size_t i = 0; i < 3; i++)
            if (groups[g][i] >= 0 && roles->col[groups[g][i]] >= 0)
                q->role[q->n++] = groups[g][i];
        if (q->n)
            co->nrequire++;
    }
}

size_t ck_clean_default_keys(const struct ck_roles *roles, int *keys)
{
    static const int default_keys[] = {CK_ROLE_PHONE, CK_ROLE_EMAIL, CK_ROLE_ID};
    size_t n = 0;
    for (size_t i = 0; i < sizeof default_keys / sizeof *default_keys; i++)
        if (roles->col[default_keys[i]] >= 0)
            keys[n++] = default_keys[i];
    return n;
}

int ck_clean_run_setup(struct ck_clean_run *r, struct ck_clean_opts *co,
                       const struct ck_roles *roles, const struct ck_row *h,
                       const struct ck_clean_spec *spec, struct ck_error *e)
{
    int rc;
    r->roles = roles;
    r->lang = co->norm.lang;
    r->keep_purchase = spec->keep_purchase;
    co->skip_col = -1;
    co->key_roles = 1u << CK_ROLE_PHONE | 1u << CK_ROLE_EMAIL | 1u << CK_ROLE_ID;
    for (size_t i = 0; i < h->n; i++)
        if (ck_column_is(h->f[i], CK_COL_PROBLEMS))
            co->skip_col = (long)i;
    r->skip_col = co->skip_col;

    if (spec->no_normalize) {
        int nn[CK_ROLE_COUNT];
        size_t n;
        if ((rc = ck_role_list_parse(spec->no_normalize, nn, &n, CK_ROLE_COUNT, "--no-normalize",
                                     e)))
            return rc;
        for (size_t i = 0; i < n; i++)
            co->no_normalize |= 1u << nn[i];
    }
    if (spec->require) {
        if ((rc = ck_require_parse(spec->require, co->require, &co->nrequire, e)))
            return rc;
        for (size_t g = 0; g < co->nrequire; g++)
            for (size_t i = 0; i < co->require[g].n; i++)
                if (roles->col[co->require[g].role[i]] < 0)
                    return ck_error_set(e, CK_EUSAGE, "--require %s: the table has no %s column",
                                        spec->require, ck_role_name(co->require[g].role[i]));
    } else {
        ck_clean_default_require(co, roles); /* SPEC §4 */
    }
    if (spec->split == 1 && roles->col[CK_ROLE_ADDRESS] < 0)
        return ck_error_set(e, CK_EUSAGE,
                            "--split-address: the table has no address column; map one with "
                            "--col address=HEADER");
    co->split_address = spec->split != 0 && roles->col[CK_ROLE_ADDRESS] >= 0;
    if ((rc = ck_cleaner_new(&r->cl, h->n, roles, co, e)))
        return rc;

    if (spec->key) {
        if ((rc = ck_role_list_parse(spec->key, r->keys, &r->nkeys, CK_ROLE_COUNT, "--key", e)))
            return rc;
        for (size_t i = 0; i < r->nkeys; i++)
            if (roles->col[r->keys[i]] < 0)
                return ck_error_set(e, CK_EUSAGE, "--key %s: the table has no %s column", spec->key,
                                    ck_role_name(r->keys[i]));
    } else {
        r->nkeys = ck_clean_default_keys(roles, r->keys);
    }
    if (spec->no_dedup)
        r->nkeys = 0;
    if (spec->sum) {
        int sum[CK_ROLE_COUNT];
        size_t n;
        if ((rc = ck_role_list_parse(spec->sum, sum, &n, CK_ROLE_COUNT, "--sum", e)))
            return rc;
        for (size_t i = 0; i < n; i++) {
            if (sum[i] == CK_ROLE_ORDERS)
                r->sum_orders = 1;
            else if (sum[i] == CK_ROLE_AMOUNT)
                r->sum_amount = 1;
            else
                return ck_error_set(e, CK_EUSAGE, "--sum takes orders and/or amount, not %s",
                                    ck_role_name(sum[i]));
        }
    }
    return CK_OK;
}

int ck_clean_run_orders(struct ck_clean_run *r, const struct ck_orders_opts *oo,
                        struct ck_reader *const *readers, size_t n, struct ck_error *e)
{
    if (!n)
        return CK_OK;
    int rc = ck_orders_new(&r->ord, r->roles, oo, e);
    for (size_t i = 0; rc == CK_OK && i < n; i++)
        rc = ck_orders_add(r->ord, readers[i], e);
    return rc;
}

int ck_clean_run_rollup_start(struct ck_clean_run *r, const char *orphans_path, struct ck_error *e)
{
    int rc;
    if (orphans_path) {
        if ((rc = ck_writer_open(&r->w_orphans, orphans_path, 0600, e)))
            return rc;
        ck_writer_set_bom(r->w_orphans, 1);
        size_t ncols;
        const char *const *cols = ck_orders_orphan_columns(r->ord, &ncols);
        size_t nf = ncols + 3;
        const char **f = malloc(nf * sizeof *f);
        if (!f)
            return ck_error_set(e, CK_ENOMEM, "out of memory");
        f[0] = ck_column_name(CK_COL_FILE, r->lang);
        f[1] = ck_column_name(CK_COL_LINE, r->lang);
        f[2] = ck_column_name(CK_COL_REASON, r->lang);
        for (size_t i = 0; i < ncols; i++)
            f[3 + i] = cols[i];
        rc = ck_writer_row(r->w_orphans, f, NULL, nf, e);
        free(f);
        if (rc)
            return rc;
    }
    return ck_orders_start(r->ord, r->d, r->drej, r->w_orphans, e);
}

int ck_clean_run_check(struct ck_clean_run *r, struct ck_error *e)
{
    /* Nothing looks a key up after the roll-up: the index (the largest thing dedup holds)
     * goes before the final check and the output, where the peak was. */
    ck_dedup_drop_index(r->d);
    ck_dedup_drop_index(r->drej);
    return ck_final_check_start(&r->fc, r->cl, &r->t, r->d, &r->plan, r->ord, e);
}

int ck_clean_run_facts(const struct ck_clean_run *r, const char *input, const char *const *orders,
                       size_t norders, struct ck_error *e)
{
    size_t cap = 1024 + (size_t)2 * PATH_MAX * (norders + 1);
    char *s = malloc(cap), q[2 * PATH_MAX + 8];
    if (!s)
        return ck_error_set(e, CK_ENOMEM, "out of memory");
    size_t l = (size_t)snprintf(s, cap, "\"inputs\":[%s", ck_json_quote(input, q, sizeof q));
    for (size_t i = 0; i < norders; i++)
        l += (size_t)snprintf(s + l, cap - l, ",%s", ck_json_quote(orders[i], q, sizeof q));
    l += (size_t)snprintf(s + l, cap - l,
                          "],\"read\":%ld,\"written\":%ld,\"merged\":%ld,\"rejected\":%ld,"
                          "\"flagged\":%ld",
                          r->read, r->written, r->merged, r->rejected, r->fc.flagged);
    if (norders) {
        const struct ck_orders_counts *n = ck_orders_counts(r->ord);
        snprintf(s + l, cap - l,
                 ",\"orders_read\":%ld,\"orders_attached\":%ld,\"orders_orphaned\":%ld,"
                 "\"orders_of_rejected\":%ld,\"orders_bad\":%ld,\"orders_excluded\":%ld",
                 n->read, n->attached, n->orphaned, n->of_rejected, n->bad, n->excluded);
    }
    int rc = ck_facts_append("clean", s, e);
    free(s);
    return rc;
}

int ck_clean_run_open_output(struct ck_clean_run *r, const char *path, struct ck_error *e)
{
    return ck_writer_open(&r->w_out, path, 0, e);
}

/* The output in units of customers, checked (ck_final_check_one) and formatted on both
 * threads into rows ready for the writer (ck_rows_text: the bytes ck_writer_row would write;
 * the rows have two fields at least); checking and formatting, not writing, is what takes the
 * time, and the next units are checked while a slow reader downstream still takes this one. */
#define WB_UNIT CK_ROWS_TEXT_MAX

struct wbatch {
    size_t i0, i1;            /* customers i0..i1 */
    struct ck_rows_text rows; /* their rows, ready for the writer */
    int rc;
    struct ck_error e;
    char pad[64]; /* b[0] and b[1] are written on two threads: not in one cache line */
};

struct wjob {
    struct ck_clean_run *r;
    struct ck_cleaner *cl; /* this thread's */
    const char **f;
    size_t *len;
    struct wbatch *b;
};

/* The names of the purchase columns an orders roll-up adds, in ck_purchase_plan order. */
static const int purchase_names[CK_NPURCHASE] = {CK_COL_FIRST_PURCHASE, CK_COL_LAST_PURCHASE,
                                                 CK_COL_ORDERS, CK_COL_AMOUNT};

/* Customer i's output fields into f and checked (problems into r->fc). A customer that is one
 * row, not merged, has the values ck_clean_row gave that row but for the purchase ones: only
 * those are checked again. */
static int check_fields(struct ck_clean_run *r, struct ck_cleaner *cl, size_t i, const char **f,
                        size_t *len, char (*buf)[32], struct ck_error *e)
{
    size_t row = ck_dedup_row(r->d, i);
    ck_purchase_fields(&r->plan, &r->t, r->d, r->ord, i, f, buf);
    for (size_t c = 0; c < r->plan.ncols; c++) /* measured once, for the check and the output */
        len[c] = strlen(f[c]);
    return ck_final_check_one(&r->fc, cl, f, len, r->t.lines[row], i,
                              ck_dedup_group_size(r->d, i) == 1 ? &r->others[row] : NULL, e);
}

static void wbatch_format(struct wjob *j)
{
    struct ck_clean_run *r = j->r;
    const struct ck_purchase_plan *p = &r->plan;
    struct wbatch *b = j->b;
    size_t nf = p->ncols;
    char buf[CK_NPURCHASE][32], text[1024];
    ck_rows_text_clear(&b->rows);
    b->rc = CK_OK;
    for (size_t i = b->i0; i < b->i1; i++) {
        if ((b->rc = check_fields(r, j->cl, i, j->f, j->len, buf, &b->e)))
            return;
        ck_clean_problems_text(j->cl, r->fc.problems[i], r->fc.missing[i], text, sizeof text);
        j->f[p->problems_col] = text;
        j->len[p->problems_col] = strlen(text);
        if (ck_rows_text_add(&b->rows, NULL, 0, j->f, j->len, nf)) {
            b->rc = ck_error_set(&b->e, CK_ENOMEM, "out of memory");
            return;
        }
    }
}

static int wbatch_write(struct ck_clean_run *r, const struct wbatch *b, struct ck_error *e)
{
    if (b->rc) {
        *e = b->e;
        return b->rc;
    }
    return ck_writer_rows_after(r->w_out, &b->rows, e);
}

/* Each unit checked and formatted into a slot on either thread, written in order
 * (ck_ordered_run). */
#define WB_SLOTS 8

struct wrun {
    struct ck_clean_run *r;
    struct wbatch *slot;   /* [WB_SLOTS] */
    struct wjob job[2];    /* per thread: its cleaner and field arrays */
    size_t n;
};

static void wunit_make(void *ctx, size_t u, size_t slot, int thread)
{
    struct wrun *w = ctx;
    struct wbatch *b = &w->slot[slot];
    b->i0 = u * WB_UNIT;
    b->i1 = b->i0 + WB_UNIT < w->n ? b->i0 + WB_UNIT : w->n;
    w->job[thread].b = b;
    wbatch_format(&w->job[thread]);
}

static int wunit_put(void *ctx, size_t u, size_t slot, struct ck_error *e)
{
    (void)u;
    struct wrun *w = ctx;
    return wbatch_write(w->r, &w->slot[slot], e);
}

int ck_clean_run_write(struct ck_clean_run *r, struct ck_error *e)
{
    const struct ck_purchase_plan *p = &r->plan;
    size_t n = ck_dedup_count(r->d), nc = r->t.ncols, nf = p->ncols;
    /* one set of field pointers and lengths for each thread, far enough apart that the two
     * threads never write the same cache line */
    size_t stride = nf + 16;
    const char **f = malloc(2 * stride * sizeof *f);
    size_t *len = malloc(2 * stride * sizeof *len);
    struct wbatch *b = calloc(WB_SLOTS, sizeof *b);
    if (!f || !len || !b) {
        free(f);
        free(len);
        free(b);
        return ck_error_set(e, CK_ENOMEM, "out of memory");
    }
    for (size_t c = 0; c < nc; c++)
        f[c] = r->t.header[c];
    for (size_t i = 0; i < CK_NPURCHASE; i++)
        if (p->mode[i] == CK_PURCHASE_ADD)
            f[p->col[i]] = ck_column_name(purchase_names[i], r->lang);
    if (r->skip_col < 0)
        f[p->problems_col] = ck_column_name(CK_COL_PROBLEMS, r->lang);
    int rc = ck_writer_row(r->w_out, f, NULL, nf, e);
    /* the second thread checks with a cleaner of its own (a cleaner keeps the row it returns) */
    struct ck_cleaner *cl2 = NULL;
    int threaded = rc == CK_OK && n > (size_t)2 * WB_UNIT && nf >= 2 && ck_threads_allowed() &&
                   ck_cleaner_clone(r->cl, &cl2, e) == CK_OK;
    if (rc == CK_OK && nf < 2) { /* a lone field is written as ck_writer_row writes it */
        char buf[CK_NPURCHASE][32], text[1024];
        for (size_t i = 0; rc == CK_OK && i < n; i++) {
            if ((rc = check_fields(r, r->cl, i, f, len, buf, e)))
                break;
            ck_clean_problems_text(r->cl, r->fc.problems[i], r->fc.missing[i], text, sizeof text);
            f[p->problems_col] = text;
            rc = ck_writer_row(r->w_out, f, NULL, nf, e);
        }
    } else if (rc == CK_OK) {
        struct wrun w = {r, b, {{r, r->cl, f, len, NULL}, {r, cl2, f + stride, len + stride, NULL}},
                         n};
        static const struct ck_ordered_ops ops = {wunit_make, wunit_put};
        rc = ck_ordered_run((n + WB_UNIT - 1) / WB_UNIT, WB_SLOTS, &ops, &w, threaded,
                            e);
    }
    ck_cleaner_free(cl2);
    for (int k = 0; k < WB_SLOTS; k++)
        ck_rows_text_free(&b[k].rows);
    free(b);
    free(f);
    free(len);
    if (rc == CK_OK) {
        ck_final_check_end(&r->fc, ck_dedup_count(r->d));
        r->any_error |= r->fc.any_error;
    }
    return rc;
}

int ck_clean_run_close(struct ck_clean_run *r, struct ck_error *e)
{
    struct ck_writer **ws[] = {&r->w_rejects, &r->w_merge, &r->w_orphans, &r->w_out};
    for (size_t i = 0; i < sizeof ws / sizeof *ws; i++) {
        if (*ws[i]) {
            int rc = ck_writer_close(*ws[i], e);
            *ws[i] = NULL;
            if (rc)
                return rc;
        }
    }
    return CK_OK;
}
