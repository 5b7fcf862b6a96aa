/* dedup.c — one customer per person: union-find over normalised key values (phone, email, id),
 * survivor choice and fill-from-others, and the key index that attaches orders to customers. */
#include "clean/dedup.h"
#include "base/money.h"

#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/bigmem.h"
#define NONE UINT32_MAX
#define NO_ROLE 0xFF
#define NO_KEY UINT32_MAX

/* One slot of the open-addressing index: the row holding the value (NONE = empty slot); a
 * tag = 27 bits of the value's hash with the role in the top 5 bits, so a tag match implies
 * the same role; where the folded value is kept (an offset into keys, so a probe compares
 * bytes instead of folding the row's cell again; NO_KEY past 4 GB of keys: fold the cell);
 * and, once deduplication is done, the customer the row became. Sixteen bytes: a probe that
 * hits costs one cache line here and one in keys. */
struct slot {
    uint32_t row;
    uint32_t tag;
    uint32_t key;
    uint32_t cust;
};

struct ck_dedup {
    struct ck_table *t;
    struct ck_roles roles;
    size_t nrows, count;
    uint32_t *parent; /* union-find forest over rows */
    uint32_t *next;   /* members of a group in row order, linked from the root */
    uint32_t *outidx; /* root row → customer index */
    uint32_t *order;  /* customer index → survivor row */
    uint32_t *gsize;  /* customer index → rows in its group */
    uint8_t *edge;    /* row → role of the first key that joined it to another row */
    struct slot *slots;
    size_t nslots;
    char *keys; /* the folded values, NUL-terminated */
    size_t keys_len, keys_cap;
    struct ck_merge *merges;
    size_t nmerges, capmerges;
    char *fa, *fb, *cbuf; /* scratch: folded values, conflict list */
    size_t capa, capb, capc;
};

/* ---------- key folding and the index ---------- */

/* Fold a value for matching: ASCII lowercase, full-width → half-width, white space (also
 * NBSP, ideographic space) and zero-width characters dropped. Never longer than s. */
static int fold_key(const char *s, char **buf, size_t *cap, size_t *outlen)
{
    size_t len = strlen(s), o = 0;
    if (ck_grow((void **)buf, cap, len + 1, 1))
        return -1;
    char *out = *buf;
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) { /* the usual key (a phone, an id, an e-mail) is ASCII */
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
                out[o++] = (char)(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
            i++;
            continue;
        }
        size_t adv;
        long cp = ck_utf8_decode(s + i, len - i, &adv);
        if (cp < 0) {
            out[o++] = s[i++];
            continue;
        }
        cp = ck_fold_width(cp);
        if (cp == ' ' || cp == '\t' || cp == '\r' || cp == '\n' || cp == 0xA0 ||
            (cp >= 0x200B && cp <= 0x200D) || cp == 0x2060 || cp == 0xFEFF) {
            i += adv;
            continue;
        }
        if (cp >= 'A' && cp <= 'Z')
            cp += 'a' - 'A';
        if (cp < 0x80) {
            out[o++] = (char)cp;
        } else {
            memcpy(out + o, s + i, adv); /* unchanged by folding: same bytes */
            o += adv;
        }
        i += adv;
    }
    out[o] = 0;
    *outlen = o;
    return 0;
}

static uint64_t hash_bytes(const char *s, size_t n, int role)
{
    uint64_t h = 1469598103934665603ULL ^ (uint64_t)(role + 1) * 0x9E3779B97F4A7C15ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    h ^= h >> 29;
    h *= 0xBF58476D1CE4E5B9ULL;
    h ^= h >> 32;
    return h;
}

static const char *cell(const struct ck_dedup *d, size_t row, int role)
{
    return ck_table_cell(d->t, row, (size_t)d->roles.col[role]);
}

/* The first slot a value of hash h is looked for in. */
static size_t slot_of(const struct ck_dedup *d, uint64_t h)
{
    return (size_t)(((h >> 32) * (uint64_t)d->nslots) >> 32);
}

/* Look the folded value (fa, length n, hash h) up in role; return its slot, or -1 (after
 * inserting it for insert_row unless that is NONE). -2 = out of memory. fb is scratch. */
static long index_find_hashed(struct ck_dedup *d, int role, const char *fa, size_t n, uint64_t h,
                              uint32_t insert_row, char **fb, size_t *capb)
{
    uint32_t tag = (uint32_t)(h & 0x07FFFFFFu) | ((uint32_t)role << 27);
    size_t pos = slot_of(d, h);
    for (;;) {
        struct slot *s = &d->slots[pos];
        if (s->row == NONE) {
            if (insert_row != NONE) {
                s->row = insert_row;
                s->tag = tag;
                s->key = NO_KEY;
                s->cust = NONE;
                if (d->keys_len + n + 1 <= NO_KEY) {
                    if (ck_grow((void **)&d->keys, &d->keys_cap, d->keys_len + n + 1, 1))
                        return -2;
                    memcpy(d->keys + d->keys_len, fa, n + 1);
                    s->key = (uint32_t)d->keys_len;
                    d->keys_len += n + 1;
                }
            }
            return -1;
        }
        if (s->tag == tag) {
            if (s->key != NO_KEY) { /* the NUL compares the lengths too */
                if (memcmp(fa, d->keys + s->key, n + 1) == 0)
                    return (long)pos;
            } else {
                size_t m;
                if (fold_key(cell(d, s->row, role), fb, capb, &m))
                    return -2;
                if (m == n && memcmp(fa, *fb, n) == 0)
                    return (long)pos;
            }
        }
        if (++pos == d->nslots)
            pos = 0;
    }
}

static long index_find_in(struct ck_dedup *d, int role, const char *fa, size_t n,
                          uint32_t insert_row, char **fb, size_t *capb)
{
    return index_find_hashed(d, role, fa, n, hash_bytes(fa, n, role), insert_row, fb, capb);
}

static uint32_t find(uint32_t *parent, uint32_t x)
{
    while (parent[x] != x) {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    return x;
}

/* ---------- survivor choice ---------- */

static size_t completeness(const struct ck_table *t, size_t row, long ignore_col)
{
    size_t n = 0;
    for (size_t c = 0; c < t->ncols; c++)
        if ((long)c != ignore_col && ck_table_cell(t, row, c)[0])
            n++;
    return n;
}

static long date_days(const char *s)
{
    long days;
    return s[0] && ck_iso_date_parse(s, &days) == 0 ? days : LONG_MIN;
}

static long last_purchase(const struct ck_dedup *d, size_t row)
{
    return d->roles.col[CK_ROLE_LAST_PURCHASE] < 0 ? LONG_MIN
                                                   : date_days(cell(d, row, CK_ROLE_LAST_PURCHASE));
}

/* ---------- merging a group ---------- */

static int add_conflict(struct ck_dedup *d, size_t *clen, const char *name)
{
    size_t n = strlen(name);
    if (ck_grow((void **)&d->cbuf, &d->capc, *clen + n + 2, 1))
        return -1;
    if (*clen)
        d->cbuf[(*clen)++] = ';';
    memcpy(d->cbuf + *clen, name, n + 1);
    *clen += n;
    return 0;
}

static int same_folded(struct ck_dedup *d, const char *a, const char *b)
{
    size_t na, nb;
    if (fold_key(a, &d->fa, &d->capa, &na) || fold_key(b, &d->fb, &d->capb, &nb))
        return -1;
    return na == nb && memcmp(d->fa, d->fb, na) == 0;
}

/* Columns merged by rule rather than by fill: they never conflict. */
static int rule_column(const struct ck_dedup *d, const struct ck_dedup_opts *o, long c)
{
    const int *col = d->roles.col;
    return c == o->ignore_col || (o->quiet_cols && o->quiet_cols[c]) ||
           c == col[CK_ROLE_FIRST_PURCHASE] || c == col[CK_ROLE_LAST_PURCHASE] ||
           (o->sum_orders && c == col[CK_ROLE_ORDERS]) ||
           (o->sum_amount && c == col[CK_ROLE_AMOUNT]);
}

static int push_merge(struct ck_dedup *d, const struct ck_merge *m)
{
    if (ck_grow((void **)&d->merges, &d->capmerges, d->nmerges + 1, sizeof *d->merges))
        return -1;
    d->merges[d->nmerges++] = *m;
    return 0;
}

static int merge_group(struct ck_dedup *d, const struct ck_dedup_opts *o, uint32_t root,
                       uint32_t surv, struct ck_error *e)
{
    struct ck_table *t = d->t;
    const int *col = d->roles.col;
    long first = LONG_MAX, last = LONG_MIN;
    const char *first_s = NULL, *last_s = NULL;
    long long orders = 0, cents = 0;
    int orders_ok = o->sum_orders && col[CK_ROLE_ORDERS] >= 0;
    int amount_ok = o->sum_amount && col[CK_ROLE_AMOUNT] >= 0;

    for (uint32_t m = root; m != NONE; m = d->next[m]) {
        if (col[CK_ROLE_FIRST_PURCHASE] >= 0) {
            const char *v = cell(d, m, CK_ROLE_FIRST_PURCHASE);
            long days = date_days(v);
            if (days != LONG_MIN && days < first)
                first = days, first_s = v;
        }
        if (col[CK_ROLE_LAST_PURCHASE] >= 0) {
            const char *v = cell(d, m, CK_ROLE_LAST_PURCHASE);
            long days = date_days(v);
            if (days != LONG_MIN && days > last)
                last = days, last_s = v;
        }
        if (orders_ok) {
            const char *v = cell(d, m, CK_ROLE_ORDERS);
            char *end;
            long long n = v[0] ? strtoll(v, &end, 10) : 0;
            if (v[0] && (*end || n < 0 || n > LLONG_MAX - orders))
                orders_ok = 0; /* cannot add up: leave it, the merge log shows the conflict */
            else
                orders += n;
        }
        if (amount_ok) {
            const char *v = cell(d, m, CK_ROLE_AMOUNT);
            long long c = 0;
            if (v[0] && (ck_cents_parse(v, &c) || c > LLONG_MAX - cents))
                amount_ok = 0;
            else
                cents += c;
        }
    }

    /* Fill and log, in row order, comparing each merged row with the survivor as filled so
     * far. Sums that could not be made leave those columns to the ordinary fill/conflict. */
    struct ck_dedup_opts eff = *o;
    eff.sum_orders = orders_ok;
    eff.sum_amount = amount_ok;
    for (uint32_t m = root; m != NONE; m = d->next[m]) {
        if (m == surv)
            continue;
        size_t clen = 0;
        for (size_t c = 0; c < t->ncols; c++) {
            if (rule_column(d, &eff, (long)c))
                continue;
            const char *sv = ck_table_cell(t, surv, c), *mv = ck_table_cell(t, m, c);
            if (!mv[0])
                continue;
            if (!sv[0]) {
                t->cells[(size_t)surv * t->ncols + c] = mv;
                continue;
            }
            int same = same_folded(d, sv, mv);
            if (same < 0 || (!same && add_conflict(d, &clen, t->header[c])))
                return ck_error_set(e, CK_ENOMEM, "out of memory merging duplicates");
        }
        struct ck_merge rec = {surv, m, d->edge[m], "", ""};
        if (d->edge[m] != NO_ROLE)
            rec.key_value = cell(d, m, d->edge[m]);
        if (clen && !(rec.conflicts = ck_table_strdup(t, d->cbuf, clen)))
            return ck_error_set(e, CK_ENOMEM, "out of memory merging duplicates");
        if (push_merge(d, &rec))
            return ck_error_set(e, CK_ENOMEM, "out of memory merging duplicates");
    }

    if (first_s)
        t->cells[(size_t)surv * t->ncols + (size_t)col[CK_ROLE_FIRST_PURCHASE]] = first_s;
    if (last_s)
        t->cells[(size_t)surv * t->ncols + (size_t)col[CK_ROLE_LAST_PURCHASE]] = last_s;
    char buf[32];
    if (orders_ok) {
        snprintf(buf, sizeof buf, "%lld", orders);
        if (ck_table_set(t, surv, (size_t)col[CK_ROLE_ORDERS], buf, strlen(buf), e))
            return e ? e->code : CK_ENOMEM;
    }
    if (amount_ok) {
        ck_cents_format(cents, buf);
        if (ck_table_set(t, surv, (size_t)col[CK_ROLE_AMOUNT], buf, strlen(buf), e))
            return e ? e->code : CK_ENOMEM;
    }
    return CK_OK;
}

/* ---------- the run ---------- */

static int in_list(const int *a, size_t n, int role)
{
    for (size_t i = 0; i < n; i++)
        if (a[i] == role)
            return 1;
    return 0;
}

static int usable(const struct ck_dedup *d, const struct ck_dedup_opts *o, size_t row, int role)
{
    if (role < 0 || role >= CK_ROLE_COUNT || role >= 27 || d->roles.col[role] < 0)
        return 0;
    if (o->bad_keys && (o->bad_keys[row] >> role) & 1u)
        return 0;
    return cell(d, row, role)[0] != 0;
}

struct half {
    void (*fn)(void *, size_t, size_t, int);
    void *arg;
    size_t lo, hi;
};

static void *half_main(void *p)
{
    struct half *h = p;
    h->fn(h->arg, h->lo, h->hi, 1);
    return NULL;
}

/* fn(arg, lo, hi, part) over [0, n): the upper half (part 1) on a helper thread when threads
 * are allowed and n is large enough to pay for one; otherwise all of it as part 0. */
static void in_halves(void (*fn)(void *, size_t, size_t, int), void *arg, size_t n)
{
    size_t mid = n / 2;
    struct half h = {fn, arg, mid, n};
    pthread_t tid;
    int started =
        n >= 65536 && ck_threads_allowed() && pthread_create(&tid, NULL, half_main, &h) == 0;
    fn(arg, 0, started ? mid : n, 0);
    if (started)
        pthread_join(tid, NULL);
}

static void empty_slots(void *arg, size_t lo, size_t hi, int part)
{
    struct ck_dedup *d = arg;
    (void)part;
    for (size_t i = lo; i < hi; i++)
        d->slots[i].row = NONE;
}

static void touch_keys(void *arg, size_t lo, size_t hi, int part)
{
    struct ck_dedup *d = arg;
    (void)part;
    if (hi > lo)
        memset(d->keys + lo, 0, hi - lo);
}

/* How many usable key values rows lo..hi hold, and their bytes with a NUL each. */
struct sizing {
    const struct ck_dedup *d;
    const struct ck_dedup_opts *o;
    const int *roles;
    size_t nroles;
    size_t values[2], bytes[2];
};

static void size_rows(void *arg, size_t lo, size_t hi, int part)
{
    struct sizing *z = arg;
    size_t values = 0, bytes = 0;
    for (size_t row = lo; row < hi; row++)
        for (size_t k = 0; k < z->nroles; k++)
            if (usable(z->d, z->o, row, z->roles[k])) {
                values++;
                bytes += strlen(cell(z->d, row, z->roles[k])) + 1;
            }
    z->values[part] = values;
    z->bytes[part] = bytes;
}

/* Each taken slot of lo..hi points at its row's customer (the roots final by then). */
static void set_cust(void *arg, size_t lo, size_t hi, int part)
{
    struct ck_dedup *d = arg;
    (void)part;
    for (size_t i = lo; i < hi; i++)
        if (d->slots[i].row != NONE)
            d->slots[i].cust = d->outidx[d->parent[d->slots[i].row]];
}

/* The usable key values of rows r0..r1, folded into buf (NUL after each) and hashed. */
#define FCHUNK 16384
struct pending {
    uint32_t row, k;
    size_t off, len;
    uint64_t h;
};
struct fchunk {
    size_t r0, r1;
    struct pending *pend;
    size_t np, cap_pend;
    char *buf, *fa;
    size_t used, cap_buf, cap_fa;
    char pad[64]; /* the two chunks are written on two threads: not in one cache line */
};
struct fold_job {
    const struct ck_dedup *d;
    const struct ck_dedup_opts *o;
    const int *roles;
    size_t nroles;
    struct fchunk *c;
    int rc;
};

/* Reads only the table: safe beside insert_chunk on another chunk. */
static int fold_chunk(struct fold_job *j)
{
    struct fchunk *c = j->c;
    c->np = c->used = 0;
    j->rc = CK_OK;
    for (size_t row = c->r0; row < c->r1; row++) {
        for (size_t k = 0; k < j->nroles; k++) {
            int role = j->roles[k];
            size_t len;
            if (!usable(j->d, j->o, row, role))
                continue;
            if (fold_key(cell(j->d, row, role), &c->fa, &c->cap_fa, &len) ||
                ck_grow((void **)&c->buf, &c->cap_buf, c->used + len + 1, 1) ||
                ck_grow((void **)&c->pend, &c->cap_pend, c->np + 1, sizeof *c->pend))
                return j->rc = CK_ENOMEM;
            if (len == 0)
                continue;
            memcpy(c->buf + c->used, c->fa, len + 1);
            struct pending *q = &c->pend[c->np++];
            q->row = (uint32_t)row, q->k = (uint32_t)k, q->off = c->used, q->len = len;
            q->h = hash_bytes(c->buf + c->used, len, role);
            c->used += len + 1;
        }
    }
    return CK_OK;
}

static void *fold_main(void *arg)
{
    fold_chunk(arg);
    return NULL;
}

/* Insert a folded chunk in order (the first row holding a value keeps its slot), joining the
 * rows that share a key value; the slots of a few values ahead are fetched first. */
static int insert_chunk(struct ck_dedup *d, const int *roles, const int *is_key,
                        const struct fchunk *c, struct ck_error *e)
{
    enum { AHEAD = 32 };
    for (size_t i = 0; i < c->np && i < AHEAD; i++)
        __builtin_prefetch(&d->slots[slot_of(d, c->pend[i].h)]);
    for (size_t i = 0; i < c->np; i++) {
        if (i + AHEAD < c->np)
            __builtin_prefetch(&d->slots[slot_of(d, c->pend[i + AHEAD].h)]);
        size_t row = c->pend[i].row, k = c->pend[i].k;
        int role = roles[k];
        long at = index_find_hashed(d, role, c->buf + c->pend[i].off, c->pend[i].len,
                                    c->pend[i].h, (uint32_t)row, &d->fb, &d->capb);
        if (at == -2)
            return ck_error_set(e, CK_ENOMEM, "out of memory");
        if (at < 0 || !is_key[k])
            continue;
        uint32_t other = d->slots[at].row;
        uint32_t a = find(d->parent, (uint32_t)row), b = find(d->parent, (uint32_t)other);
        if (d->edge[row] == NO_ROLE)
            d->edge[row] = (uint8_t)role;
        if (d->edge[other] == NO_ROLE)
            d->edge[other] = (uint8_t)role;
        if (a != b) {
            /* The smaller row index stays the root: the root is the group's first row. */
            if (a < b)
                d->parent[b] = a;
            else
                d->parent[a] = b;
        }
    }
    return CK_OK;
}

static int build(struct ck_dedup *d, const struct ck_dedup_opts *o, struct ck_error *e)
{
    size_t n = d->nrows;
    int roles[CK_ROLE_COUNT];
    int is_key[CK_ROLE_COUNT];
    size_t nroles = 0;
    for (size_t i = 0; i < o->nkeys + o->nlookup; i++) {
        int r = i < o->nkeys ? o->keys[i] : o->lookup[i - o->nkeys];
        if (r < 0 || r >= CK_ROLE_COUNT || in_list(roles, nroles, r))
            continue;
        is_key[nroles] = in_list(o->keys, o->nkeys, r);
        roles[nroles++] = r;
    }

    /* The index and the folded values are read at random, once per order: sized once (a
     * folded value is never longer than the cell) and on large pages. */
    struct sizing sz = {d, o, roles, nroles, {0, 0}, {0, 0}};
    in_halves(size_rows, &sz, n);
    size_t values = sz.values[0] + sz.values[1], bytes = sz.bytes[0] + sz.bytes[1];
    d->nslots = values + values / 2 + 16;
    d->slots = malloc(d->nslots * sizeof *d->slots);
    if (!d->slots)
        return ck_error_set(e, CK_ENOMEM, "out of memory for the key index (%zu values)", values);
    ck_advise_huge(d->slots, d->nslots * sizeof *d->slots);
    if (bytes > NO_KEY)
        bytes = NO_KEY; /* past it, slots fold the cell instead */
    if (bytes) {
        if (!(d->keys = malloc(bytes)))
            return ck_error_set(e, CK_ENOMEM, "out of memory for the key index (%zu values)",
                                values);
        d->keys_cap = bytes;
        ck_advise_huge(d->keys, bytes);
    }
    /* Emptied, and the keys' pages faulted in, on two threads: the first touch of a fresh
     * page costs the kernel's zeroing of it, which would otherwise fall on the inserts. */
    in_halves(empty_slots, d, d->nslots);
    in_halves(touch_keys, d, bytes);

    /* The rows go in by chunks, folded and hashed (fold_chunk) on a helper thread one chunk
     * ahead of the one this thread inserts, in row order as before. */
    struct fchunk ch[2];
    memset(ch, 0, sizeof ch);
    int threaded = nroles && n > FCHUNK && ck_threads_allowed();
    int rc = CK_OK;
    struct fold_job job[2];
    for (int i = 0; i < 2; i++)
        job[i] = (struct fold_job){d, o, roles, nroles, &ch[i], CK_OK};
    if (n) {
        ch[0].r0 = 0;
        ch[0].r1 = n < FCHUNK ? n : FCHUNK;
        rc = fold_chunk(&job[0]);
    }
    for (size_t c = 0; c * FCHUNK < n && rc == CK_OK; c++) {
        struct fchunk *cur = &ch[c & 1], *nxt = &ch[(c + 1) & 1];
        struct fold_job *nj = &job[(c + 1) & 1];
        pthread_t tid;
        int started = 0, more = (c + 1) * FCHUNK < n;
        if (more) {
            nxt->r0 = (c + 1) * FCHUNK;
            nxt->r1 = nxt->r0 + FCHUNK < n ? nxt->r0 + FCHUNK : n;
            started = threaded && pthread_create(&tid, NULL, fold_main, nj) == 0;
        }
        rc = insert_chunk(d, roles, is_key, cur, e);
        if (started)
            pthread_join(tid, NULL);
        else if (more && rc == CK_OK)
            fold_chunk(nj);
        if (rc == CK_OK && more && nj->rc)
            rc = ck_error_set(e, CK_ENOMEM, "out of memory");
    }
    for (int i = 0; i < 2; i++) {
        free(ch[i].pend);
        free(ch[i].buf);
        free(ch[i].fa);
    }
    return rc;
}

int ck_dedup_run(struct ck_dedup **out, struct ck_table *t, const struct ck_roles *roles,
                 const struct ck_dedup_opts *o, struct ck_error *e)
{
    *out = NULL;
    size_t n = t->nrows;
    if (n >= NONE)
        return ck_error_set(e, CK_EINPUT, "too many rows to deduplicate (%zu)", n);
    struct ck_dedup *d = calloc(1, sizeof *d);
    if (!d)
        return ck_error_set(e, CK_ENOMEM, "out of memory");
    d->t = t;
    d->roles = *roles;
    d->nrows = n;
    size_t m = n ? n : 1;
    d->parent = malloc(m * sizeof *d->parent);
    d->next = malloc(m * sizeof *d->next);
    d->outidx = malloc(m * sizeof *d->outidx);
    d->order = malloc(m * sizeof *d->order);
    d->gsize = malloc(m * sizeof *d->gsize);
    d->edge = malloc(m);
    if (!d->parent || !d->next || !d->outidx || !d->order || !d->gsize || !d->edge) {
        ck_dedup_free(d);
        return ck_error_set(e, CK_ENOMEM, "out of memory deduplicating %zu rows", n);
    }
    for (size_t i = 0; i < n; i++) {
        d->parent[i] = (uint32_t)i;
        d->next[i] = NONE;
    }
    memset(d->edge, NO_ROLE, m);

    int rc = build(d, o, e);
    if (rc) {
        ck_dedup_free(d);
        return rc;
    }

    /* Per root: the best row so far (in outidx) and the tail of its member list (in order,
     * which is free until the survivors are listed). */
    uint32_t *best = d->outidx, *tail = d->order;
    for (size_t r = 0; r < n; r++) {
        uint32_t root = find(d->parent, (uint32_t)r);
        if (root == r) {
            best[r] = tail[r] = (uint32_t)r;
            continue;
        }
        d->next[tail[root]] = (uint32_t)r;
        tail[root] = (uint32_t)r;
        uint32_t b = best[root];
        size_t cr = completeness(t, r, o->ignore_col), cb = completeness(t, b, o->ignore_col);
        if (cr > cb || (cr == cb && last_purchase(d, r) > last_purchase(d, b)))
            best[root] = (uint32_t)r;
    }
    size_t count = 0;
    for (size_t r = 0; r < n; r++) {
        if (d->parent[r] != r)
            continue;
        uint32_t b = best[r];
        d->outidx[r] = (uint32_t)count;
        d->order[count] = b;
        size_t g = 0;
        for (uint32_t x = (uint32_t)r; x != NONE; x = d->next[x])
            g++;
        d->gsize[count] = (uint32_t)g;
        count++;
        if (g > 1 && (rc = merge_group(d, o, (uint32_t)r, b, e))) {
            ck_dedup_free(d);
            return rc;
        }
    }
    /* Roots are final now: make every row point straight at its root, and every slot at its
     * row's customer, so that a lookup reads no more than the slot. */
    for (size_t r = 0; r < n; r++)
        d->parent[r] = find(d->parent, (uint32_t)r);
    in_halves(set_cust, d, d->nslots);
    d->count = count;
    *out = d;
    return CK_OK;
}

size_t ck_dedup_count(const struct ck_dedup *d)
{
    return d->count;
}

size_t ck_dedup_row(const struct ck_dedup *d, size_t i)
{
    return d->order[i];
}

size_t ck_dedup_group_size(const struct ck_dedup *d, size_t i)
{
    return d->gsize[i];
}

size_t ck_dedup_merge_count(const struct ck_dedup *d)
{
    return d->nmerges;
}

const struct ck_merge *ck_dedup_merge(const struct ck_dedup *d, size_t i)
{
    return &d->merges[i];
}

long ck_dedup_lookup(struct ck_dedup *d, int role, const char *value)
{
    struct ck_dedup_scratch s = {.fa = d->fa, .fb = d->fb, .capa = d->capa, .capb = d->capb};
    long cust = ck_dedup_lookup_r(d, role, value, &s);
    d->fa = s.fa, d->fb = s.fb, d->capa = s.capa, d->capb = s.capb;
    return cust;
}

long ck_dedup_lookup_r(struct ck_dedup *d, int role, const char *value,
                       struct ck_dedup_scratch *s)
{
    size_t len;
    if (role < 0 || role >= 27 || !d->nslots || !value[0] || d->roles.col[role] < 0 ||
        fold_key(value, &s->fa, &s->capa, &len) || len == 0)
        return -1;
    long at = index_find_in(d, role, s->fa, len, NONE, &s->fb, &s->capb);
    return at < 0 ? -1 : (long)d->slots[at].cust;
}

/* A key of ck_dedup_lookup_many: its hash, where its folded bytes are in the scratch, and
 * which lookup it answers. */
struct ck_dedup_probe {
    uint64_t h;
    uint32_t off, len;
    uint32_t i;
    int role;
};

#define PART_BITS 10   /* partitions of the index's hash range */
#define PART_MIN 512   /* fewer keys are looked up in the order given */

/* Look the probes p[0..m) up, a group at a time: each group's slots fetched together, then
 * the keys they point to, then compared. fm holds the folded keys. */
static void probe_all(struct ck_dedup *d, const struct ck_dedup_probe *p, size_t m,
                      const char *fm, long *out, struct ck_dedup_scratch *s)
{
    enum { GROUP = 16 }; /* lookups whose slots are fetched at once */
    for (size_t g = 0; g < m; g += GROUP) {
        size_t k = m - g < GROUP ? m - g : GROUP;
        for (size_t i = 0; i < k; i++)
            __builtin_prefetch(&d->slots[slot_of(d, p[g + i].h)]);
        for (size_t i = 0; i < k; i++) {
            const struct slot *sl = &d->slots[slot_of(d, p[g + i].h)];
            if (sl->row != NONE && sl->key != NO_KEY)
                __builtin_prefetch(d->keys + sl->key);
        }
        for (size_t i = 0; i < k; i++) {
            const struct ck_dedup_probe *q = &p[g + i];
            long at = index_find_hashed(d, q->role, fm + q->off, q->len, q->h, NONE, &s->fb,
                                        &s->capb);
            out[q->i] = at < 0 ? -1 : (long)d->slots[at].cust;
        }
    }
}

void ck_dedup_lookup_many(struct ck_dedup *d, const int *role, const char *const *value,
                          size_t n, long *out, struct ck_dedup_scratch *s)
{
    size_t m = 0, used = 0;
    /* twice n probes: the second half is where they are put in the index's order */
    int ok = n <= UINT32_MAX && !ck_grow((void **)&s->pr, &s->cappr, 2 * n, sizeof *s->pr);
    for (size_t i = 0; i < n; i++) {
        int r = role[i];
        const char *v = value[i];
        size_t len = 0;
        out[i] = -1;
        if (!(r >= 0 && r < 27 && d->nslots && v && v[0] && d->roles.col[r] >= 0))
            continue;
        if (!ok || fold_key(v, &s->fa, &s->capa, &len) || !len || used + len + 1 > UINT32_MAX ||
            ck_grow((void **)&s->fm, &s->capm, used + len + 1, 1)) {
            out[i] = ck_dedup_lookup_r(d, r, v, s); /* nothing to look up, or no memory */
            continue;
        }
        memcpy(s->fm + used, s->fa, len + 1);
        s->pr[m++] = (struct ck_dedup_probe){hash_bytes(s->fm + used, len, r), (uint32_t)used,
                                             (uint32_t)len, (uint32_t)i, r};
        used += len + 1;
    }
    if (!ok || m < PART_MIN) {
        if (ok)
            probe_all(d, s->pr, m, s->fm, out, s);
        return;
    }
    /* partition by the top bits of the hash: the slot a key is looked for in grows with them */
    enum { shift = 64 - PART_BITS };
    size_t count[(1u << PART_BITS) + 1] = {0};
    struct ck_dedup_probe *src = s->pr, *dst = s->pr + n;
    for (size_t i = 0; i < m; i++)
        count[(src[i].h >> shift) + 1]++;
    for (size_t b = 1; b <= 1u << PART_BITS; b++)
        count[b] += count[b - 1];
    for (size_t i = 0; i < m; i++)
        dst[count[src[i].h >> shift]++] = src[i];
    probe_all(d, dst, m, s->fm, out, s);
}

void ck_dedup_scratch_free(struct ck_dedup_scratch *s)
{
    free(s->fa);
    free(s->fb);
    free(s->fm);
    free(s->pr);
    s->fa = s->fb = s->fm = NULL;
    s->pr = NULL;
    s->capa = s->capb = s->capm = s->cappr = 0;
}

void ck_dedup_drop_index(struct ck_dedup *d)
{
    if (!d)
        return;
    free(d->slots);
    free(d->keys);
    d->slots = NULL;
    d->keys = NULL;
    d->nslots = d->keys_len = d->keys_cap = 0;
}

void ck_dedup_free(struct ck_dedup *d)
{
    if (!d)
        return;
    free(d->parent);
    free(d->next);
    free(d->outidx);
    free(d->order);
    free(d->gsize);
    free(d->edge);
    free(d->slots);
    free(d->keys);
    free(d->merges);
    free(d->fa);
    free(d->fb);
    free(d->cbuf);
    free(d);
}
