/* clean.c — normalise and validate one customer row at a time, by column role (SPEC §4):
 * text rules everywhere, the value normalisers by role, --require groups, outlier fences. */
#include "clean/clean.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clean/places.h"

enum kind {
    K_TEXT,
    K_NOTES,
    K_FOLD,
    K_PHONE,
    K_EMAIL,
    K_DATE,
    K_BIRTHDATE,
    K_AGE,
    K_COUNT,
    K_AMOUNT,
    K_GENDER,
    K_PROVINCE,
    K_CITY
};

/* How each role is normalised; roles not listed are plain text. fold = full-width ASCII to
 * half-width (id, phone, email, amount, date and number columns). */
static const struct {
    int role;
    enum kind kind;
} role_kinds[] = {
    {CK_ROLE_ID, K_FOLD},
    {CK_ROLE_PHONE, K_PHONE},
    {CK_ROLE_EMAIL, K_EMAIL},
    {CK_ROLE_GENDER, K_GENDER},
    {CK_ROLE_BIRTHDATE, K_BIRTHDATE},
    {CK_ROLE_AGE, K_AGE},
    {CK_ROLE_FIRST_PURCHASE, K_DATE},
    {CK_ROLE_LAST_PURCHASE, K_DATE},
    {CK_ROLE_ORDER_DATE, K_DATE},
    {CK_ROLE_ORDERS, K_COUNT},
    {CK_ROLE_QUANTITY, K_COUNT},
    {CK_ROLE_AMOUNT, K_AMOUNT},
    {CK_ROLE_ORDER_ID, K_FOLD},
    {CK_ROLE_NOTES, K_NOTES},
    {CK_ROLE_PROVINCE, K_PROVINCE},
    {CK_ROLE_CITY, K_CITY},
};

/* The address split: the roles it fills, and the room for one name it writes. */
static const int split_roles[] = {CK_ROLE_PROVINCE, CK_ROLE_CITY, CK_ROLE_DISTRICT};
#define NSPLIT (sizeof split_roles / sizeof *split_roles)
enum { NAME_ROOM = 96 };

struct ck_cleaner {
    struct ck_clean_opts o;
    size_t ncols;
    int col_of[CK_ROLE_COUNT]; /* role → column, -1 when absent */
    signed char *role_of;      /* column → role, -1 for none */
    unsigned char *kind;       /* column → enum kind */
    char *buf;                 /* normalised values of the current row */
    size_t cap;
    char **f;
    size_t *len;
    size_t *inlen; /* the input fields' lengths, when the caller gives none */
    struct ck_row row;
    size_t nadd;            /* columns added by the address split */
    int added_role[NSPLIT]; /* their roles */
    long split_col[NSPLIT]; /* output column of each split role, -1 when not split */
    struct ck_place_stats st;
};

int ck_cleaner_new(struct ck_cleaner **out, size_t ncols, const struct ck_roles *roles,
                   const struct ck_clean_opts *o, struct ck_error *e)
{
    struct ck_cleaner *c = calloc(1, sizeof *c);
    size_t n = ncols + NSPLIT;
    if (!c || !(c->role_of = malloc(n)) || !(c->kind = malloc(n)) ||
        !(c->f = calloc(n, sizeof *c->f)) || !(c->len = calloc(n, sizeof *c->len)) ||
        !(c->inlen = calloc(n, sizeof *c->inlen))) {
        ck_cleaner_free(c);
        return ck_error_set(e, CK_ENOMEM, "out of memory");
    }
    c->o = *o;
    c->ncols = ncols;
    for (size_t i = 0; i < ncols; i++) {
        c->role_of[i] = -1;
        c->kind[i] = K_TEXT;
    }
    for (int r = 0; r < CK_ROLE_COUNT; r++) {
        int col = roles->col[r];
        c->col_of[r] = col >= 0 && (size_t)col < ncols ? col : -1;
        if (c->col_of[r] < 0)
            continue;
        c->role_of[col] = (signed char)r;
        for (size_t k = 0; k < sizeof role_kinds / sizeof *role_kinds; k++)
            if (role_kinds[k].role == r)
                c->kind[col] = (unsigned char)role_kinds[k].kind;
    }
    for (size_t j = 0; j < NSPLIT; j++) {
        c->split_col[j] = -1;
        if (!o->split_address || c->col_of[CK_ROLE_ADDRESS] < 0)
            continue;
        if (c->col_of[split_roles[j]] >= 0) {
            c->split_col[j] = c->col_of[split_roles[j]];
        } else {
            c->split_col[j] = (long)(ncols + c->nadd);
            c->added_role[c->nadd++] = split_roles[j];
        }
    }
    c->row.n = ncols + c->nadd;
    c->row.f = c->f;
    c->row.len = c->len;
    *out = c;
    return CK_OK;
}

int ck_cleaner_clone(const struct ck_cleaner *c, struct ck_cleaner **out, struct ck_error *e)
{
    struct ck_roles roles;
    for (int r = 0; r < CK_ROLE_COUNT; r++)
        roles.col[r] = c->col_of[r];
    return ck_cleaner_new(out, c->ncols, &roles, &c->o, e);
}

void ck_cleaner_free(struct ck_cleaner *c)
{
    if (!c)
        return;
    free(c->role_of);
    free(c->kind);
    free(c->buf);
    free(c->f);
    free(c->len);
    free(c->inlen);
    free(c);
}

size_t ck_cleaner_added(const struct ck_cleaner *c, int *roles, size_t cap)
{
    for (size_t j = 0; j < c->nadd && j < cap; j++)
        roles[j] = c->added_role[j];
    return c->nadd;
}

void ck_cleaner_place_stats(const struct ck_cleaner *c, struct ck_place_stats *out)
{
    *out = c->st;
}

void ck_cleaner_take_place_stats(struct ck_cleaner *c, struct ck_place_stats *out)
{
    *out = c->st;
    memset(&c->st, 0, sizeof c->st);
}

void ck_cleaner_set_place_stats(struct ck_cleaner *c, const struct ck_place_stats *st)
{
    c->st = *st;
}

/* An example of an unknown place, as the warning lists it: the first CK_PLACE_EXAMPLES
 * different ones (compared as kept, cut to the example's size). */
static void add_example(struct ck_place_stats *st, int which, const char *cut)
{
    size_t *ne = &st->nexample[which];
    for (size_t k = 0; k < *ne; k++)
        if (strcmp(st->example[which][k], cut) == 0)
            return;
    if (*ne < CK_PLACE_EXAMPLES)
        memcpy(st->example[which][(*ne)++], cut, strlen(cut) + 1);
}

static void add_lines(long *into, long nin, const long *more, long nmore)
{
    for (long k = 0; k < nmore && k < CK_PLACE_LINES && nin + k < CK_PLACE_LINES; k++)
        into[nin + k] = more[k];
}

void ck_place_stats_add(struct ck_place_stats *into, const struct ck_place_stats *more)
{
    for (int w = 0; w < 2; w++) {
        into->unknown[w] += more->unknown[w];
        for (size_t k = 0; k < more->nexample[w]; k++)
            add_example(into, w, more->example[w][k]);
    }
    add_lines(into->ambiguous_line, into->ambiguous, more->ambiguous_line, more->ambiguous);
    add_lines(into->unplaced_line, into->unplaced, more->unplaced_line, more->unplaced);
    into->ambiguous += more->ambiguous;
    into->unplaced += more->unplaced;
}

/* Copy s into out (cap bytes), cut on a character boundary. */
static void copy_cut(char *out, size_t cap, const char *s)
{
    size_t n = strlen(s);
    if (n >= cap) {
        n = cap - 1;
        while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(out, s, n);
    out[n] = 0;
}

/* A province or city column's value: its official name (English in an English table), or
 * the value as it was, counted. */
static void place_value(struct ck_cleaner *c, int kind, const char *text, char *out, size_t cap)
{
    int zh = c->o.norm.lang == CK_LANG_ZH, which = kind == K_CITY;
    int i = which ? ck_place_city(text) : ck_place_province(text);
    const char *name = i < 0   ? NULL
                       : which ? ck_place_city_name(i, zh)
                               : ck_place_province_name(i, zh);
    if (name) {
        copy_cut(out, cap, name);
        return;
    }
    copy_cut(out, cap, text);
    c->st.unknown[which]++;
    char cut[sizeof c->st.example[0][0]];
    copy_cut(cut, sizeof cut, text);
    add_example(&c->st, which, cut);
}

/* The address split into the province, city and district columns that are empty. */
static void split_address(struct ck_cleaner *c, char *room, long line)
{
    const char *addr = c->f[c->col_of[CK_ROLE_ADDRESS]];
    if (!addr[0])
        return;
    struct ck_place p;
    ck_place_split(addr, &p);
    if (p.flags & CK_PLACE_AMBIGUOUS) {
        if (c->st.ambiguous < CK_PLACE_LINES)
            c->st.ambiguous_line[c->st.ambiguous] = line;
        c->st.ambiguous++;
    } else if (p.flags & CK_PLACE_UNKNOWN) {
        if (c->st.unplaced < CK_PLACE_LINES)
            c->st.unplaced_line[c->st.unplaced] = line;
        c->st.unplaced++;
    }
    int zh = c->o.norm.lang == CK_LANG_ZH;
    const char *names[NSPLIT] = {ck_place_province_name(p.province, zh),
                                 ck_place_city_name(p.city, zh),
                                 ck_place_district_name(p.district)};
    for (size_t j = 0; j < NSPLIT; j++) {
        long col = c->split_col[j];
        if (col < 0 || c->f[col][0] || !names[j][0])
            continue;
        char *out = room + j * NAME_ROOM;
        copy_cut(out, NAME_ROOM, names[j]);
        c->f[col] = out;
        c->len[col] = strlen(out);
    }
}

/* Room for a normalised value: values can grow ("1亿" → "100000000", "45292" →
 * "2024-01-01", "M" → "男"), never by more than this. */
static size_t room(size_t len)
{
    return len * 3 + 64;
}

/* The value normaliser of a kind, on text already trimmed (and folded where the kind says):
 * writes into out, returns a CK_P_* code. */
static int normalise(const struct ck_cleaner *c, int kind, const char *in, char *out, size_t cap)
{
    switch (kind) {
    case K_PHONE:
        return ck_norm_phone(in, out, cap);
    case K_EMAIL:
        return ck_norm_email(in, out, cap);
    case K_DATE:
        return ck_norm_date(in, &c->o.norm, 1, out, cap, NULL);
    case K_BIRTHDATE:
        return ck_norm_birthdate(in, &c->o.norm, out, cap);
    case K_AGE:
        return ck_norm_age(in, out, cap);
    case K_COUNT:
        return ck_norm_count(in, out, cap, NULL);
    case K_AMOUNT:
        return ck_norm_amount(in, out, cap, NULL);
    case K_GENDER:
        return ck_norm_gender(in, &c->o.norm, out, cap);
    default: { /* text kinds are done before the value normalisers */
        size_t n = strlen(in);
        n = n < cap ? n : cap - 1;
        memmove(out, in, n);
        out[n] = 0;
        return CK_P_NONE;
    }
    }
}

/* The text rules on a field of this kind (n bytes at in) into text (room r), NUL-terminated:
 * its length. Full-width ASCII is folded to half-width where a value normaliser follows, not in
 * free text. */
static size_t cell_text(int kind, const char *in, size_t n, char *text, size_t r)
{
    int fold = kind != K_TEXT && kind != K_NOTES && kind != K_GENDER && kind != K_PROVINCE &&
               kind != K_CITY;
    size_t tn = ck_norm_text(in, n, kind == K_NOTES, fold, text, r);
    tn = tn < r ? tn : r - 1;
    text[tn] = 0;
    return tn;
}

int ck_clean_role_bad(const struct ck_cleaner *c, int role, const char *const *f, int *bad)
{
    *bad = 0;
    int col = c->col_of[role];
    if (col < 0 || (long)col == c->o.skip_col || (c->o.no_normalize >> role) & 1u)
        return CK_OK;
    int kind = c->kind[col];
    if (kind <= K_FOLD || kind == K_PROVINCE || kind == K_CITY)
        return CK_OK; /* no value normaliser: never a problem */
    size_t n = strlen(f[col]), r = room(n);
    char small[1024], *text = 2 * r <= sizeof small ? small : malloc(2 * r);
    if (!text)
        return CK_ENOMEM;
    cell_text(kind, f[col], n, text, r);
    *bad = text[0] && normalise(c, kind, text, text + r, r) != CK_P_NONE;
    if (text != small)
        free(text);
    return CK_OK;
}

/* The roles an orders roll-up rewrites (ck_clean_row_again normalises only these). */
#define PURCHASE_ROLES                                                                         \
    ((1u << CK_ROLE_FIRST_PURCHASE) | (1u << CK_ROLE_LAST_PURCHASE) | (1u << CK_ROLE_ORDERS) | \
     (1u << CK_ROLE_AMOUNT))

/* ck_clean_row, or with again ck_clean_row_again (others: the problems of the values kept). */
static int clean_row(struct ck_cleaner *c, const char *const *f, const size_t *len, long line,
                     int again, uint32_t others, struct ck_clean_result *res, struct ck_error *e)
{
    size_t need = NSPLIT * NAME_ROOM + 1;
    if (!len) { /* measured once, not again for each use */
        for (size_t i = 0; i < c->ncols; i++)
            c->inlen[i] = strlen(f[i]);
        len = c->inlen;
    }
    for (size_t i = 0; i < c->ncols; i++)
        need += 2 * room(len[i]);
    if (need > c->cap) {
        char *p = realloc(c->buf, need);
        if (!p)
            return ck_error_set(e, CK_ENOMEM, "out of memory normalising line %ld", line);
        c->buf = p;
        c->cap = need;
    }
    memset(res, 0, sizeof *res);
    char *at = c->buf;
    for (size_t i = 0; i < c->ncols; i++) {
        size_t n = len[i];
        int role = (int)c->role_of[i]; /* signed on purpose: -1 means no role */
        int kind = c->kind[i];
        size_t r = room(n);
        char *text = at, *out = at + r;
        c->f[i] = text;
        if ((long)i == c->o.skip_col) {
            text[0] = 0;
            c->len[i] = 0;
            at += r;
            continue;
        }
        int purchase = role >= 0 && (PURCHASE_ROLES >> role) & 1u;
        if ((role >= 0 && (c->o.no_normalize >> role) & 1u) || (again && !purchase)) {
            memcpy(text, f[i], n);
            text[n] = 0;
            c->len[i] = n;
            at += r;
            continue;
        }
        c->len[i] = cell_text(kind, f[i], n, text, r); /* the input holds no NUL byte */
        if (kind <= K_FOLD || !text[0]) {
            at += r;
            continue;
        }
        if (kind == K_PROVINCE || kind == K_CITY) {
            place_value(c, kind, text, out, r);
            c->f[i] = out;
            c->len[i] = strlen(out);
            at += 2 * r;
            continue;
        }
        int p = normalise(c, kind, text, out, r);
        if (p != CK_P_NONE) {
            res->problems |= 1u << p;
            if (!purchase)
                res->others |= 1u << p;
            if (role >= 0)
                res->bad_roles |= 1u << role;
        }
        c->f[i] = out;
        c->len[i] = strlen(out);
        at += 2 * r;
    }
    for (size_t j = 0; j < c->nadd; j++) {
        c->f[c->ncols + j] = at;
        c->len[c->ncols + j] = 0;
        *at++ = 0;
    }
    if (c->split_col[0] >= 0 || c->split_col[1] >= 0 || c->split_col[2] >= 0)
        split_address(c, at, line);
    for (size_t g = 0; g < c->o.nrequire; g++) {
        const struct ck_require *q = &c->o.require[g];
        int have = 0, valid = 0;
        for (size_t k = 0; k < q->n; k++) {
            int col = c->col_of[q->role[k]];
            int here = col >= 0 && c->f[col][0];
            have |= here;
            valid |= here && !((res->bad_roles >> q->role[k]) & 1u);
        }
        if (!have)
            res->missing |= 1u << g;
        if (!valid)
            res->unusable = 1;
    }
    int key_cols = 0, key = 0;
    for (int r = 0; r < CK_ROLE_COUNT; r++) {
        int col = c->col_of[r];
        if (!((c->o.key_roles >> r) & 1u) || col < 0)
            continue;
        key_cols = 1;
        key |= c->f[col][0] && !((res->bad_roles >> r) & 1u);
    }
    if (key_cols && !key)
        res->unusable = 1;
    if (again) {
        res->problems |= others;
        res->others = others;
    }
    if (res->missing)
        res->problems |= 1u << CK_P_MISSING;
    c->row.line = line;
    res->row = &c->row;
    return CK_OK;
}

int ck_clean_row(struct ck_cleaner *c, const char *const *f, const size_t *len, long line,
                 struct ck_clean_result *res, struct ck_error *e)
{
    return clean_row(c, f, len, line, 0, 0, res, e);
}

int ck_clean_row_again(struct ck_cleaner *c, const char *const *f, const size_t *len, long line,
                       uint32_t others, struct ck_clean_result *res, struct ck_error *e)
{
    return clean_row(c, f, len, line, 1, others, res, e);
}

/* Append s at out + at. What does not fit is left out, on a character boundary, and the text
 * is then full: the position returned is cap, after which nothing more is appended. */
static size_t put(char *out, size_t cap, size_t at, const char *s)
{
    size_t n = strlen(s);
    if (at + 1 >= cap)
        return at;
    int cut = at + n + 1 > cap;
    if (cut) {
        n = cap - at - 1;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(out + at, s, n);
    out[at + n] = 0;
    return cut ? cap : at + n;
}

size_t ck_clean_problems_text(const struct ck_cleaner *c, uint32_t problems, uint32_t missing,
                              char *out, size_t cap)
{
    int lang = c->o.norm.lang;
    size_t at = 0;
    if (cap)
        out[0] = 0;
    for (int p = 1; p < CK_P_COUNT; p++) {
        if (!((problems >> p) & 1u))
            continue;
        if (p != CK_P_MISSING) {
            if (at)
                at = put(out, cap, at, ";");
            at = put(out, cap, at, ck_problem_label(p, lang));
            continue;
        }
        for (size_t g = 0; g < c->o.nrequire; g++) {
            if (!((missing >> g) & 1u))
                continue;
            if (at)
                at = put(out, cap, at, ";");
            at = put(out, cap, at, ck_problem_label(p, lang)); /* "missing name", "缺少姓名" */
            if (lang != CK_LANG_ZH)
                at = put(out, cap, at, " ");
            for (size_t k = 0; k < c->o.require[g].n; k++) {
                if (k)
                    at = put(out, cap, at, "/");
                at = put(out, cap, at, ck_role_label(c->o.require[g].role[k], lang));
            }
        }
    }
    return at < cap || cap == 0 ? at : strlen(out);
}

/* Why clean left a row or an order out, in either language of the table (the --rejects and
 * --orphans files' reason column; man/custkit-clean.1 lists both). */
static const char *const reasons[CK_R_COUNT][2] = {
    [CK_R_NO_USABLE_KEY] = {"no usable key", "无可用匹配键"},
    [CK_R_CUSTOMER_REJECTED] = {"customer row rejected (see --rejects)",
                                "客户行已剔除（见剔除文件）"},
    [CK_R_NO_MATCH] = {"no matching customer", "找不到对应客户"},
    [CK_R_NO_KEY] = {"no customer key", "缺少客户匹配键"},
    [CK_R_EXCLUDED_STATUS] = {"excluded by status: ", "按订单状态排除："},
    [CK_R_MISSING_DATE] = {"missing date", "缺少日期"},
    [CK_R_MISSING_AMOUNT] = {"missing amount", "缺少金额"},
    [CK_R_REFUND_ABOVE] = {"refund above amount", "退款金额大于订单金额"},
    [CK_R_REFUNDED] = {"refunded in full", "已全额退款"},
};

const char *ck_clean_reason(int r, int lang)
{
    if (r < 0 || r >= CK_R_COUNT)
        return "?";
    return reasons[r][lang == CK_LANG_ZH];
}

/* The role named by s[0..n), trimmed; -1 (e filled) when there is none. */
static int role_of_name(const char *s, size_t n, struct ck_error *e, const char *what)
{
    char name[64];
    while (n && (*s == ' '))
        s++, n--;
    while (n && s[n - 1] == ' ')
        n--;
    if (n == 0 || n >= sizeof name)
        return ck_error_set(e, CK_EUSAGE, "%s: empty or overlong role name", what), -1;
    memcpy(name, s, n);
    name[n] = 0;
    int r = ck_role_from_name(name);
    if (r < 0)
        return ck_error_set(e, CK_EUSAGE, "%s: unknown role '%s'", what, name), -1;
    return r;
}

int ck_role_list_parse(const char *spec, int *roles, size_t *n, size_t cap, const char *what,
                       struct ck_error *e)
{
    *n = 0;
    for (const char *s = spec;;) {
        const char *end = strchr(s, ',');
        size_t l = end ? (size_t)(end - s) : strlen(s);
        int r = role_of_name(s, l, e, what);
        if (r < 0)
            return CK_EUSAGE;
        int dup = 0;
        for (size_t i = 0; i < *n; i++)
            dup |= roles[i] == r;
        if (!dup) {
            if (*n == cap)
                return ck_error_set(e, CK_EUSAGE, "%s: too many roles", what);
            roles[(*n)++] = r;
        }
        if (!end)
            return CK_OK;
        s = end + 1;
    }
}

int ck_require_parse(const char *spec, struct ck_require *groups, size_t *n, struct ck_error *e)
{
    *n = 0;
    if (!spec[0])
        return CK_OK; /* --require '' : nothing required */
    for (const char *s = spec;;) {
        const char *end = strchr(s, ',');
        size_t l = end ? (size_t)(end - s) : strlen(s);
        if (*n == CK_MAX_REQUIRE)
            return ck_error_set(e, CK_EUSAGE, "--require: at most %d groups", CK_MAX_REQUIRE);
        struct ck_require *g = &groups[(*n)++];
        g->n = 0;
        for (const char *p = s; p < s + l;) {
            const char *slash = memchr(p, '/', (size_t)(s + l - p));
            size_t pl = slash ? (size_t)(slash - p) : (size_t)(s + l - p);
            int r = role_of_name(p, pl, e, "--require");
            if (r < 0)
                return CK_EUSAGE;
            if (g->n == CK_ROLE_COUNT)
                return ck_error_set(e, CK_EUSAGE, "--require: group too long");
            g->role[g->n++] = r;
            if (!slash)
                break;
            p = slash + 1;
        }
        if (g->n == 0)
            return ck_error_set(e, CK_EUSAGE, "--require: empty group in '%s'", spec);
        if (!end)
            return CK_OK;
        s = end + 1;
    }
}

/* Put the k-th smallest of v[lo..hi) at v[k], the smaller ones before it and the larger
 * ones after (in no order): a quickselect with a three-way partition, so that the many equal
 * values of amounts and order counts cost nothing. */
static void select_kth(double *v, size_t lo, size_t hi, size_t k)
{
    while (hi - lo > 1) {
        double a = v[lo], b = v[lo + (hi - lo) / 2], c = v[hi - 1];
        double p = a < b ? (b < c ? b : a < c ? c : a) : (a < c ? a : b < c ? c : b);
        size_t lt = lo, i = lo, gt = hi; /* [lo,lt) < p, [lt,i) == p, [gt,hi) > p */
        while (i < gt) {
            double x = v[i];
            if (x < p) {
                v[i++] = v[lt];
                v[lt++] = x;
            } else if (x > p) {
                v[i] = v[--gt];
                v[gt] = x;
            } else {
                i++;
            }
        }
        if (k < lt)
            hi = lt;
        else if (k >= gt)
            lo = gt;
        else
            return;
    }
}

/* The q-quantile of v[0..n) by linear interpolation between order statistics; v is
 * reordered, and v[from..n) must already hold the values above v[from - 1] when from > 0. */
static double quantile(double *v, size_t n, size_t from, double q)
{
    double pos = q * (double)(n - 1);
    size_t i = (size_t)pos;
    double frac = pos - (double)i;
    select_kth(v, from, n, i);
    if (i + 1 >= n)
        return v[i];
    double next = v[i + 1]; /* the smallest of those after v[i] */
    for (size_t j = i + 2; j < n; j++)
        next = v[j] < next ? v[j] : next;
    return v[i] + frac * (next - v[i]);
}

int ck_outlier_fence(double *values, size_t n, double *fence)
{
    if (n < 4)
        return -1;
    size_t i1 = (size_t)(0.25 * (double)(n - 1));
    double q1 = quantile(values, n, 0, 0.25), q3 = quantile(values, n, i1 + 1, 0.75);
    *fence = q3 + 3.0 * (q3 - q1);
    return 0;
}
