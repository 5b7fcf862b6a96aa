/* orders.c — the orders roll-up: orders tables matched to customers by id, phone or e-mail,
 * rolled up into per-customer purchases; orphans and bad orders accounted for (SPEC §4). */
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/bigmem.h"
#include "clean/orders.h"
#include "io/fields.h"
#define MAX_ORDER_TABLES 32 /* as many as `custkit clean --orders` takes */

/* Roles an order can name its customer by, in the order they are tried. */
static const int order_keys[] = {CK_ROLE_ID, CK_ROLE_PHONE, CK_ROLE_EMAIL};
/* The keys a customer table is asked for, the phone first: a shop's export names its
 * customers by phone far more often than by the table's ids. */
static const int suggest_keys[] = {CK_ROLE_PHONE, CK_ROLE_EMAIL, CK_ROLE_ID};

static const int purchase_roles[CK_NPURCHASE] = {CK_ROLE_FIRST_PURCHASE, CK_ROLE_LAST_PURCHASE,
                                                 CK_ROLE_ORDERS, CK_ROLE_AMOUNT};

struct orders_in {
    struct ck_reader *r;
    struct ck_roles roles;
    size_t *map; /* column → orphans column */
    /* the columns naming the customer, tried in this order: ids, phones (the buyer's before
     * the receiver's), e-mails */
    int key_role[CK_ORDERS_MAX_KEY_COLS], key_col[CK_ORDERS_MAX_KEY_COLS];
    size_t nkeys;
    int status_col[CK_ORDERS_MAX_KEY_COLS]; /* order status, after-sale status … */
    size_t nstatus;
};

struct ck_orders {
    struct ck_roles customers;
    struct ck_orders_opts opts;
    struct orders_in in[MAX_ORDER_TABLES];
    size_t nin;
    const char **orphan_cols;
    size_t n_orphan_cols, cap_orphan_cols;
    struct ck_dedup *d, *drej;
    struct ck_writer *w_orphans;
    struct ck_purchase *buy; /* per customer */
    struct ck_orders_counts n;
    char *scratch;
    size_t cap_scratch;
    struct ck_dedup_scratch ds;
};

int ck_orders_new(struct ck_orders **out, const struct ck_roles *customers,
                  const struct ck_orders_opts *opts, struct ck_error *e)
{
    struct ck_orders *o = calloc(1, sizeof *o);
    *out = o;
    if (!o)
        return ck_error_set(e, CK_ENOMEM, "out of memory");
    o->customers = *customers;
    o->opts = *opts;
    return CK_OK;
}

void ck_orders_free(struct ck_orders *o)
{
    if (!o)
        return;
    for (size_t i = 0; i < o->nin; i++)
        free(o->in[i].map);
    free(o->orphan_cols);
    free(o->buy);
    free(o->scratch);
    ck_dedup_scratch_free(&o->ds);
    free(o);
}

static long orphan_col(struct ck_orders *o, const char *name)
{
    for (size_t i = 0; i < o->n_orphan_cols; i++)
        if (strcmp(o->orphan_cols[i], name) == 0)
            return (long)i;
    if (ck_grow((void **)&o->orphan_cols, &o->cap_orphan_cols, o->n_orphan_cols + 1,
                sizeof *o->orphan_cols))
        return -1;
    o->orphan_cols[o->n_orphan_cols] = name;
    return (long)o->n_orphan_cols++;
}

/* Was this role named with --orders-col? */
static int overridden(const struct ck_orders *o, int role)
{
    const char *name = ck_role_name(role);
    size_t n = strlen(name);
    for (size_t i = 0; i < o->opts.ncols; i++)
        if (strncmp(o->opts.cols[i], name, n) == 0 && o->opts.cols[i][n] == '=')
            return 1;
    return 0;
}

/* The columns of an orders table that play a role, preferred first: the one --orders-col
 * names, else every column whose header plays it and no other role. */
static size_t role_columns(const struct ck_orders *o, const struct orders_in *in,
                           const struct ck_row *h, int role, int *cols, size_t cap)
{
    if (in->roles.col[role] < 0 || cap == 0)
        return 0;
    if (overridden(o, role)) {
        cols[0] = in->roles.col[role];
        return 1;
    }
    int all[CK_ORDERS_MAX_KEY_COLS];
    size_t n = ck_roles_candidates(h, CK_TABLE_ORDERS, role, all, CK_ORDERS_MAX_KEY_COLS), m = 0;
    n = n < CK_ORDERS_MAX_KEY_COLS ? n : CK_ORDERS_MAX_KEY_COLS;
    for (size_t i = 0; i < n && m < cap; i++) {
        int other = 0;
        for (int r = 0; r < CK_ROLE_COUNT; r++)
            other |= r != role && in->roles.col[r] == all[i];
        if (!other)
            cols[m++] = all[i];
    }
    return m;
}

/* The columns an order can name its customer by (those the customer table has too), and its
 * status columns. */
static void key_columns(const struct ck_orders *o, struct orders_in *in, const struct ck_row *h)
{
    in->nkeys = 0;
    for (size_t j = 0; j < 3; j++) {
        int role = order_keys[j], cols[CK_ORDERS_MAX_KEY_COLS];
        if (o->customers.col[role] < 0)
            continue;
        size_t n = role_columns(o, in, h, role, cols, CK_ORDERS_MAX_KEY_COLS - in->nkeys);
        for (size_t i = 0; i < n; i++) {
            in->key_role[in->nkeys] = role;
            in->key_col[in->nkeys++] = cols[i];
        }
    }
    in->nstatus = role_columns(o, in, h, CK_ROLE_STATUS, in->status_col, CK_ORDERS_MAX_KEY_COLS);
}

/* No key column shared with the customer table: suggest one the customer table has. */
static int no_key(const struct ck_orders *o, const char *name, struct ck_error *e)
{
    char has[64] = "";
    const char *first = NULL;
    size_t nhas = 0, l = 0;
    for (size_t j = 0; j < 3; j++)
        nhas += o->customers.col[suggest_keys[j]] >= 0;
    for (size_t j = 0, m = 0; j < 3; j++) {
        if (o->customers.col[suggest_keys[j]] < 0)
            continue;
        first = first ? first : ck_role_name(suggest_keys[j]);
        l += (size_t)snprintf(has + l, sizeof has - l, "%s%s",
                              m == 0 ? "" : m + 1 == nhas ? " and " : ", ",
                              ck_role_name(suggest_keys[j]));
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

int ck_orders_add(struct ck_orders *o, struct ck_reader *r, struct ck_error *e)
{
    if (o->nin == MAX_ORDER_TABLES)
        return ck_error_set(e, CK_EUSAGE, "at most %d orders tables", MAX_ORDER_TABLES);
    struct orders_in *in = &o->in[o->nin];
    memset(in, 0, sizeof *in);
    in->r = r;
    const struct ck_row *h = ck_reader_header(r);
    const char *name = ck_reader_name(r);
    int rc = ck_roles_resolve(&in->roles, h, CK_TABLE_ORDERS, o->opts.cols, o->opts.ncols, e);
    if (rc) {
        /* name the orders file: the same message for the customer table says no file */
        char msg[sizeof e->msg];
        int col = strncmp(e->msg, "--col ", 6) == 0;
        snprintf(msg, sizeof msg, "%s", e->msg + (col ? 6 : 0));
        return ck_error_set(e, rc, "%s: %s%s", name, col ? "--orders-col " : "", msg);
    }
    if (in->roles.col[CK_ROLE_ORDER_DATE] < 0)
        return ck_error_set(e, CK_EUSAGE,
                            "%s: no order date column (下单日期, 订单日期, "
                            "order_date, date; name it with --orders-col order_date=HEADER)",
                            name);
    if (in->roles.col[CK_ROLE_AMOUNT] < 0)
        return ck_error_set(e, CK_EUSAGE,
                            "%s: no amount column (金额, 订单金额, amount; name it with "
                            "--orders-col amount=HEADER)",
                            name);
    key_columns(o, in, h);
    if (!in->nkeys)
        return no_key(o, name, e);
    if (!(in->map = malloc((h->n ? h->n : 1) * sizeof *in->map)))
        return ck_error_set(e, CK_ENOMEM, "out of memory");
    o->nin++; /* from here on freed with o */
    for (size_t c = 0; c < h->n; c++) {
        long col = orphan_col(o, h->f[c]);
        if (col < 0)
            return ck_error_set(e, CK_ENOMEM, "out of memory");
        in->map[c] = (size_t)col;
    }
    return CK_OK;
}

const char *const *ck_orders_orphan_columns(const struct ck_orders *o, size_t *n)
{
    *n = o->n_orphan_cols;
    return o->orphan_cols;
}

int ck_orders_start(struct ck_orders *o, struct ck_dedup *d, struct ck_dedup *rejected,
                    struct ck_writer *orphans, struct ck_error *e)
{
    size_t n = ck_dedup_count(d) ? ck_dedup_count(d) : 1;
    free(o->buy);
    o->buy = calloc(n, sizeof *o->buy);
    if (!o->buy)
        return ck_error_set(e, CK_ENOMEM, "out of memory for the orders roll-up");
    ck_advise_huge(o->buy, n * sizeof *o->buy); /* one random access per order */
    o->d = d;
    o->drej = rejected;
    o->w_orphans = orphans;
    return CK_OK;
}

static int write_orphan(struct ck_orders *o, const struct orders_in *in, const struct ck_row *row,
                        const char *reason, struct ck_error *e)
{
    if (!o->w_orphans)
        return CK_OK;
    size_t n = o->n_orphan_cols + 3;
    const char **f = calloc(n, sizeof *f);
    if (!f)
        return ck_error_set(e, CK_ENOMEM, "out of memory");
    char line[32];
    snprintf(line, sizeof line, "%ld", row->line);
    f[0] = ck_reader_name(in->r);
    f[1] = line;
    f[2] = reason;
    for (size_t i = 3; i < n; i++)
        f[i] = "";
    for (size_t c = 0; c < row->n; c++)
        f[3 + in->map[c]] = row->f[c];
    int rc = ck_writer_row(o->w_orphans, f, NULL, n, e);
    free(f);
    return rc;
}

size_t ck_orders_key_roles(const struct ck_roles *customers, int *roles)
{
    size_t n = 0;
    for (size_t i = 0; i < sizeof order_keys / sizeof *order_keys; i++)
        if (customers->col[order_keys[i]] >= 0)
            roles[n++] = order_keys[i];
    return n;
}

const char *ck_order_key(int role, const char *v, uint32_t no_normalize, char *buf, char *out,
                         size_t cap)
{
    if ((no_normalize >> role) & 1u)
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

/* What one order row comes to, worked out without touching the roll-up (order_eval: several
 * threads may work on rows at once), then applied in row order (order_apply). */
enum { OE_ATTACH, OE_EXCLUDED, OE_ORPHAN, OE_BAD };
struct order_eval {
    int kind, of_rejected;
    long cust;
    int32_t days;
    long long cents; /* less a partial refund */
    const char *reason; /* NULL for an excluded status: the status column is status */
    int status;
};

/* One thread's buffers for order_eval. */
struct order_scratch {
    char *buf;
    size_t cap;
    struct ck_dedup_scratch ds;
};

static void scratch_free(struct order_scratch *s)
{
    free(s->buf);
    ck_dedup_scratch_free(&s->ds);
    memset(s, 0, sizeof *s);
}

/* Room in s for the keys of row. */
static int scratch_fit(struct order_scratch *s, const struct ck_row *row, struct ck_error *e)
{
    size_t need = 0;
    for (size_t c = 0; c < row->n; c++)
        need = row->len[c] > need ? row->len[c] : need;
    if (ck_grow((void **)&s->buf, &s->cap, 2 * (need * 3 + 64), 1))
        return ck_error_set(e, CK_ENOMEM, "out of memory");
    return CK_OK;
}

/* What a batch learnt of a row before the customers of its rows were looked up together. */
struct order_pre {
    int status; /* the status column (index into status_col) that excludes it, or -1 */
    int j0;     /* the first key column with a key, or -1 */
    long cust0; /* the customer of that key, or -1 */
};

/* The status that excludes row, and its first key (normalised into s; *key NULL: none). */
static int order_first_key(const struct ck_orders *o, const struct orders_in *in,
                           const struct ck_row *row, struct order_scratch *s,
                           struct order_pre *pre, const char **key, struct ck_error *e)
{
    *key = NULL;
    pre->status = pre->j0 = -1;
    pre->cust0 = -1;
    int rc = scratch_fit(s, row, e);
    if (rc)
        return rc;
    for (size_t j = 0; j < in->nstatus; j++)
        if (ck_status_excluded(row->f[in->status_col[j]], o->opts.exclude, o->opts.nexclude)) {
            pre->status = (int)j;
            return CK_OK;
        }
    size_t half = s->cap / 2;
    for (size_t j = 0; j < in->nkeys; j++) {
        const char *k = ck_order_key(in->key_role[j], row->f[in->key_col[j]],
                                     o->opts.no_normalize, s->buf, s->buf + half, half);
        if (k && k[0]) {
            pre->j0 = (int)j;
            *key = k;
            return CK_OK;
        }
    }
    return CK_OK;
}

/* pre, when not NULL, is what order_first_key found (and the customer of its key). */
static int order_eval(const struct ck_orders *o, const struct orders_in *in,
                      const struct ck_row *row, struct order_scratch *s, struct order_eval *v,
                      const struct order_pre *pre, struct ck_error *e)
{
    int lang = o->opts.norm.lang;
    char date[64], amount[64], refund[64];
    const char *reason = NULL;
    long days = LONG_MIN;
    long long cents = 0, refunded = 0;
    const char *dv = row->f[in->roles.col[CK_ROLE_ORDER_DATE]];
    const char *av = row->f[in->roles.col[CK_ROLE_AMOUNT]];
    int rcol = in->roles.col[CK_ROLE_REFUND];
    v->of_rejected = 0;
    int rc = pre ? CK_OK : scratch_fit(s, row, e);
    if (rc)
        return rc;

    /* A refunded, closed or cancelled order is no purchase, whoever placed it. */
    for (size_t j = pre ? (pre->status < 0 ? in->nstatus : (size_t)pre->status) : 0;
         j < in->nstatus; j++) {
        const char *st = row->f[in->status_col[j]];
        if (pre || ck_status_excluded(st, o->opts.exclude, o->opts.nexclude)) {
            v->kind = OE_EXCLUDED;
            v->reason = NULL; /* named with the status when applied */
            v->status = in->status_col[j];
            return CK_OK;
        }
    }

    /* The customer first: an order nobody can own is an orphan whatever else is wrong. */
    long cust = -1;
    int any_key = 0;
    size_t half = s->cap / 2;
    char *kbuf = s->buf, *nbuf = s->buf + half;
    size_t j1 = 0;
    if (pre) { /* the first key was looked up with the batch's */
        any_key = pre->j0 >= 0;
        cust = pre->cust0;
        j1 = any_key ? (size_t)pre->j0 + 1 : in->nkeys;
    }
    for (size_t j = j1; j < in->nkeys && cust < 0; j++) {
        int role = in->key_role[j];
        const char *key = ck_order_key(role, row->f[in->key_col[j]], o->opts.no_normalize, kbuf,
                                       nbuf, half);
        if (!key || !key[0])
            continue;
        any_key = 1;
        cust = ck_dedup_lookup_r(o->d, role, key, &s->ds);
    }
    int of_rejected = 0;
    for (size_t j = 0; j < in->nkeys && cust < 0 && any_key && o->drej && !of_rejected; j++) {
        int role = in->key_role[j];
        const char *key = ck_order_key(role, row->f[in->key_col[j]], o->opts.no_normalize, kbuf,
                                       nbuf, half);
        of_rejected = key && key[0] && ck_dedup_lookup_r(o->drej, role, key, &s->ds) >= 0;
    }
    if (cust < 0) {
        v->kind = OE_ORPHAN;
        v->of_rejected = of_rejected;
        v->reason = ck_clean_reason(of_rejected ? CK_R_CUSTOMER_REJECTED
                                    : any_key   ? CK_R_NO_MATCH
                                                : CK_R_NO_KEY,
                                    lang);
        return CK_OK;
    }
    ck_prefetch(&o->buy[cust]); /* on its way while the date and amount are read */

    int p = ck_norm_date(dv, &o->opts.norm, 1, date, sizeof date, &days);
    if (days == LONG_MIN && p == CK_P_NONE)
        reason = ck_clean_reason(CK_R_MISSING_DATE, lang);
    else if (p != CK_P_NONE)
        reason = ck_problem_label(p, lang); /* a future date: an order after --as-of */
    if (!reason && ck_amount_cents_plain(av, &cents) != 0) {
        p = ck_norm_amount(av, amount, sizeof amount, NULL);
        if (p != CK_P_NONE)
            reason = ck_problem_label(p, lang);
        else if (!amount[0])
            reason = ck_clean_reason(CK_R_MISSING_AMOUNT, lang);
        else if (ck_cents_parse(amount, &cents))
            reason = ck_problem_label(CK_P_BAD_AMOUNT, lang);
    }
    if (!reason && rcol >= 0) { /* a partial refund is subtracted */
        const char *rv = row->f[rcol];
        if (ck_amount_cents_plain(rv, &refunded) != 0) {
            p = ck_norm_amount(rv, refund, sizeof refund, NULL);
            if (p != CK_P_NONE || (refund[0] && ck_cents_parse(refund, &refunded)))
                reason = ck_problem_label(p != CK_P_NONE ? p : CK_P_BAD_AMOUNT, lang);
        }
        if (!reason && refunded > cents)
            reason = ck_clean_reason(CK_R_REFUND_ABOVE, lang);
        else if (!reason && refunded > 0 && refunded == cents) {
            v->kind = OE_EXCLUDED;
            v->reason = ck_clean_reason(CK_R_REFUNDED, lang);
            return CK_OK;
        }
    }
    if (reason) {
        v->kind = OE_BAD;
        v->reason = reason;
        return CK_OK;
    }
    v->kind = OE_ATTACH;
    v->cust = cust;
    v->days = (int32_t)days;
    v->cents = cents - refunded;
    return CK_OK;
}

static int order_apply(struct ck_orders *o, const struct orders_in *in, const struct ck_row *row,
                       const struct order_eval *v, struct ck_error *e)
{
    char why[320];
    switch (v->kind) {
    case OE_EXCLUDED:
        o->n.excluded++;
        if (!v->reason) {
            snprintf(why, sizeof why, "%s%s",
                     ck_clean_reason(CK_R_EXCLUDED_STATUS, o->opts.norm.lang),
                     row->f[v->status]);
            utf8_cut(why);
        }
        return write_orphan(o, in, row, v->reason ? v->reason : why, e);
    case OE_ORPHAN:
        o->n.orphaned++;
        o->n.of_rejected += v->of_rejected;
        return write_orphan(o, in, row, v->reason, e);
    case OE_BAD:
        o->n.bad++;
        return write_orphan(o, in, row, v->reason, e);
    default:
        break;
    }
    o->n.attached++;
    struct ck_purchase *b = &o->buy[v->cust];
    if (b->count == 0 || v->days < b->first)
        b->first = v->days;
    if (b->count == 0 || v->days > b->last)
        b->last = v->days;
    b->count++;
    b->cents += v->cents;
    return CK_OK;
}

int ck_orders_row(struct ck_orders *o, size_t table, const struct ck_row *row,
                  struct ck_error *e)
{
    struct orders_in *in = &o->in[table];
    struct order_eval v;
    struct order_scratch s = {o->scratch, o->cap_scratch, o->ds};
    o->n.read++;
    int rc = order_eval(o, in, row, &s, &v, NULL, e);
    o->scratch = s.buf, o->cap_scratch = s.cap, o->ds = s.ds;
    return rc ? rc : order_apply(o, in, row, &v, e);
}

/* ---------- the roll-up of a whole table, on two threads ---------- */

/* Rows copied out of the reader in batches: while one thread works out one batch, a chunk at a
 * time, the other reads the next and then takes the chunks of this one not yet taken; then
 * the batch is applied in row order. */
#define OB_ROWS 2048
#define OB_CHUNK 1024 /* rows a thread works out at a time: their lookups in the index order */
#define OB_CHUNKS (OB_ROWS / OB_CHUNK)

/* A chunk's first keys (each NUL-terminated), and how far working it out went. */
struct ochunk {
    char *keys;
    size_t keys_len, keys_cap;
    size_t nres; /* rows worked out (the first that failed is not counted) */
    int rc;      /* order_eval's error at row nres */
    struct ck_error err;
};

struct obatch {
    struct ck_row_batch in; /* the rows */
    struct order_eval res[OB_ROWS];
    struct order_pre pre[OB_ROWS];
    int krole[OB_ROWS];        /* the first key of each row: its role, */
    size_t koff[OB_ROWS];      /* where it is in its chunk's keys, */
    const char *kval[OB_ROWS]; /* and it (NULL: none) */
    long kcust[OB_ROWS];
    struct ochunk ch[OB_CHUNKS];
    atomic_size_t next; /* the next chunk for a thread to take */
};

static void obatch_free(struct obatch *b)
{
    if (!b)
        return;
    ck_row_batch_free(&b->in);
    for (size_t c = 0; c < OB_CHUNKS; c++)
        free(b->ch[c].keys);
    free(b);
}

/* Fill b from r: up to OB_ROWS rows, those before a read error included; *eof at the end. */
static int obatch_fill(struct obatch *b, struct ck_reader *r, int *eof, struct ck_error *e)
{
    ck_row_batch_fill(&b->in, r, OB_ROWS);
    atomic_store(&b->next, 0);
    if (b->in.eof)
        *eof = 1;
    if (b->in.rc)
        *e = b->in.err;
    return b->in.rc;
}

static struct ck_row obatch_row(const struct obatch *b, size_t i)
{
    return ck_row_batch_row(&b->in, i);
}

/* Work out chunk c of b with the scratch s: the first key of each row, then all their
 * customers looked up together (in the index's order, their slots fetched ahead), then the
 * rest of each row. */
static void ochunk_eval(const struct ck_orders *o, const struct orders_in *in, struct obatch *b,
                        size_t c, struct order_scratch *s)
{
    struct ochunk *k = &b->ch[c];
    size_t r0 = c * OB_CHUNK, n = b->in.nrows - r0 < OB_CHUNK ? b->in.nrows - r0 : OB_CHUNK, m = 0;
    int rc = CK_OK;
    struct ck_error err;
    k->keys_len = 0;
    k->rc = CK_OK;
    for (; m < n; m++) {
        size_t i = r0 + m;
        struct ck_row row = obatch_row(b, i);
        const char *key;
        if ((rc = order_first_key(o, in, &row, s, &b->pre[i], &key, &err)))
            break;
        b->kval[i] = NULL;
        if (!key)
            continue;
        size_t len = strlen(key) + 1;
        if (ck_grow((void **)&k->keys, &k->keys_cap, k->keys_len + len, 1)) {
            rc = ck_error_set(&err, CK_ENOMEM, "out of memory");
            break;
        }
        memcpy(k->keys + k->keys_len, key, len);
        b->koff[i] = k->keys_len;
        k->keys_len += len;
        b->krole[i] = in->key_role[b->pre[i].j0];
        b->kval[i] = k->keys; /* set below, once keys stops moving */
    }
    for (size_t i = r0; i < r0 + m; i++)
        if (b->kval[i])
            b->kval[i] = k->keys + b->koff[i];
    ck_dedup_lookup_many(o->d, b->krole + r0, b->kval + r0, m, b->kcust + r0, &s->ds);
    for (k->nres = 0; k->nres < m; k->nres++) {
        size_t i = r0 + k->nres;
        struct ck_row row = obatch_row(b, i);
        b->pre[i].cust0 = b->kval[i] ? b->kcust[i] : -1;
        if ((k->rc = order_eval(o, in, &row, s, &b->res[i], &b->pre[i], &k->err)))
            return;
    }
    if ((k->rc = rc))
        k->err = err;
}

/* Work out the chunks of b that no other thread has taken. */
static void obatch_eval(const struct ck_orders *o, const struct orders_in *in, struct obatch *b,
                        struct order_scratch *s)
{
    size_t nch = (b->in.nrows + OB_CHUNK - 1) / OB_CHUNK;
    for (size_t c; (c = atomic_fetch_add(&b->next, 1)) < nch;)
        ochunk_eval(o, in, b, c, s);
}

static int obatch_apply(struct ck_orders *o, const struct orders_in *in, const struct obatch *b,
                        void (*tick)(void *, long), void *arg, long *nread, struct ck_error *e)
{
    for (size_t i = 0; i < b->in.nrows; i++) {
        const struct ochunk *k = &b->ch[i / OB_CHUNK];
        size_t j = i % OB_CHUNK;
        if (i + 8 < b->in.nrows && (i + 8) % OB_CHUNK < b->ch[(i + 8) / OB_CHUNK].nres &&
            b->res[i + 8].kind == OE_ATTACH)
            ck_prefetch(&o->buy[b->res[i + 8].cust]);
        o->n.read++;
        if (tick)
            tick(arg, ++*nread);
        if (j == k->nres) {
            *e = k->err;
            return k->rc;
        }
        struct ck_row row = obatch_row(b, i);
        int rc = order_apply(o, in, &row, &b->res[i], e);
        if (rc)
            return rc;
    }
    return CK_OK;
}

/* The helper thread's job: the chunks of a batch not yet taken, with its own scratch. */
struct ohelper {
    const struct ck_orders *o;
    const struct orders_in *in;
    struct order_scratch s;
};

static void oworker_job(void *ctx, void *job)
{
    struct ohelper *h = ctx;
    obatch_eval(h->o, h->in, job, &h->s);
}

int ck_orders_run(struct ck_orders *o, size_t table, void (*tick)(void *, long), void *arg,
                  long *nread, struct ck_error *e)
{
    const struct orders_in *in = &o->in[table];
    struct obatch *b[2] = {calloc(1, sizeof **b), calloc(1, sizeof **b)};
    struct ck_worker w;
    struct ohelper h = {o, in, {0}};
    struct order_scratch mine = {0};
    int threaded = 0, rc = CK_OK, eof = 0;
    if (!b[0] || !b[1]) {
        rc = ck_error_set(e, CK_ENOMEM, "out of memory");
        goto out;
    }
    threaded = ck_threads_allowed() && ck_worker_start(&w, oworker_job, &h) == 0;
    /* The helper works out one batch while this thread reads the next, then takes the chunks
     * of the first it has not begun, and applies the batch; meanwhile the helper works out
     * the next. A reader's error comes after the rows before it. */
    struct obatch *cur = b[0], *nxt = b[1];
    struct ck_error ecur = {0}, enxt = {0};
    int rcur = obatch_fill(cur, in->r, &eof, &ecur);
    if (threaded)
        ck_worker_hand(&w, cur);
    for (;;) {
        int more = rcur == CK_OK && !eof, rnxt = CK_OK;
        if (more)
            rnxt = obatch_fill(nxt, in->r, &eof, &enxt);
        obatch_eval(o, in, cur, &mine);
        if (threaded)
            ck_worker_wait(&w);
        if (more && threaded)
            ck_worker_hand(&w, nxt);
        if ((rc = obatch_apply(o, in, cur, tick, arg, nread, e)))
            break;
        if ((rc = rcur)) {
            *e = ecur;
            break;
        }
        if (!more)
            break;
        struct obatch *t = cur;
        cur = nxt;
        nxt = t;
        rcur = rnxt;
        ecur = enxt;
    }
out:
    if (threaded)
        ck_worker_stop(&w);
    scratch_free(&h.s);
    scratch_free(&mine);
    for (int k = 0; k < 2; k++)
        if (b[k])
            ck_row_batch_give_back(&b[k]->in, in->r);
    obatch_free(b[0]);
    obatch_free(b[1]);
    return rc;
}

const struct ck_orders_counts *ck_orders_counts(const struct ck_orders *o)
{
    return &o->n;
}

const struct ck_purchase *ck_orders_purchase(const struct ck_orders *o, size_t i)
{
    return &o->buy[i];
}

/* ---------- the purchase columns of the cleaned table ---------- */

void ck_purchase_plan(struct ck_purchase_plan *p, const struct ck_table *t,
                      const struct ck_roles *roles, int orders, int keep, long problems_col)
{
    p->replaced[0] = 0;
    p->ncols = t->ncols;
    for (size_t i = 0; i < CK_NPURCHASE; i++) {
        int col = roles->col[purchase_roles[i]];
        p->role[i] = purchase_roles[i];
        p->mode[i] = CK_PURCHASE_KEEP;
        p->col[i] = col;
        if (!orders)
            continue;
        if (col < 0) {
            p->mode[i] = CK_PURCHASE_ADD;
            p->col[i] = (long)p->ncols++;
        } else if (!keep) {
            p->mode[i] = CK_PURCHASE_REPLACE;
            size_t l = strlen(p->replaced);
            snprintf(p->replaced + l, sizeof p->replaced - l, "%s%s", l ? ", " : "",
                     t->header[col]);
        }
    }
    p->problems_col = problems_col >= 0 ? problems_col : (long)p->ncols++;
}

void ck_purchase_fields(const struct ck_purchase_plan *p, const struct ck_table *t,
                        const struct ck_dedup *d, const struct ck_orders *o, size_t i,
                        const char **f, char (*buf)[32])
{
    size_t row = ck_dedup_row(d, i), nc = t->ncols;
    for (size_t c = 0; c < nc; c++)
        f[c] = ck_table_cell(t, row, c);
    for (size_t c = nc; c < p->ncols; c++)
        f[c] = "";
    if (!o)
        return;
    const struct ck_purchase *b = &o->buy[i];
    for (size_t k = 0; k < CK_NPURCHASE; k++) {
        if (p->mode[k] == CK_PURCHASE_KEEP)
            continue;
        buf[k][0] = 0;
        switch (p->role[k]) {
        case CK_ROLE_FIRST_PURCHASE:
            if (b->count)
                ck_iso_date_format(b->first, buf[k]);
            break;
        case CK_ROLE_LAST_PURCHASE:
            if (b->count)
                ck_iso_date_format(b->last, buf[k]);
            break;
        case CK_ROLE_ORDERS:
            *ck_put_uint(buf[k], b->count) = 0;
            break;
        default:
            ck_cents_format(b->cents, buf[k]);
            break;
        }
        f[p->col[k]] = buf[k];
    }
}
