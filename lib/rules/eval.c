/* eval.c — the evaluator of the tag rule language (custkit-rules(5)): one row at a time
 * over the AST that rules/parse.c built, nothing allocated once warmed up. */
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "clean/places.h"
#include "clean/refdata.h"
#include "rules/rules_internal.h"

/* ======================================================================================
 * The evaluator — one row at a time, nothing allocated once warmed up
 * ====================================================================================== */

static const struct val missing = {V_MISSING, 0, 0, NULL, 0};

/* A cell as text, trimmed; empty → missing. */
static void cell_text(struct ck_rules *rs, int col, struct val *v)
{
    const struct ck_row *row = rs->row;
    *v = missing;
    if ((size_t)col >= row->n || !row->f[col])
        return;
    const char *s = row->f[col];
    size_t n = row->len ? row->len[col] : strlen(s);
    while (n && (*s == ' ' || *s == '\t'))
        s++, n--;
    size_t m = n;
    while (m && (s[m - 1] == ' ' || s[m - 1] == '\t' || s[m - 1] == '\r'))
        m--;
    if (!m)
        return;
    if (m != n) { /* keep strings NUL-terminated */
        char *c = rules_arena_alloc(&rs->scratch, m + 1);
        if (!c) {
            rs->oom = 1;
            return;
        }
        memcpy(c, s, m);
        c[m] = 0;
        s = c;
    }
    v->t = V_STR;
    v->s = s;
    v->len = m;
}

/* Numbers as clean writes them, else as people type them (¥1,200, 1.2万). */
static int text_number(const char *s, double *out)
{
    if (ck_parse_double(s, out) == 0)
        return 0;
    int neg = *s == '-';
    char buf[128];
    double v;
    if (ck_norm_amount(s + neg, buf, sizeof buf, &v) != CK_P_NONE)
        return -1;
    *out = neg ? -v : v;
    return 0;
}

/* ISO dates as clean writes them, else every form clean understands. */
static int text_date(const char *s, long *days)
{
    if (ck_iso_date_parse(s, days) == 0)
        return 0;
    struct ck_norm_opts o = {CK_DATE_YMD_ONLY, LONG_MIN, CK_LANG_ZH};
    char buf[64];
    /* a value of white space only is "no problem" with no date (*days = LONG_MIN) */
    return ck_norm_date(s, &o, 0, buf, sizeof buf, days) == CK_P_NONE && *days != LONG_MIN ? 0 : -1;
}

static void eval_val(struct ck_rules *rs, int n, struct val *v);

static void eval_column(struct ck_rules *rs, const struct node *x, struct val *v)
{
    cell_text(rs, x->col, v);
    if (v->t == V_MISSING || x->want == TY_STR)
        return;
    struct colcache *c = &rs->cache[x->col];
    if (x->want == TY_NUM) {
        if (c->gen_num != rs->gen) {
            c->gen_num = rs->gen;
            c->ok_num = text_number(v->s, &c->num) == 0;
        }
        *v = missing;
        if (c->ok_num) {
            v->t = V_NUM;
            v->num = c->num;
        }
    } else {
        if (c->gen_date != rs->gen) {
            c->gen_date = rs->gen;
            c->ok_date = text_date(v->s, &c->days) == 0;
        }
        *v = missing;
        if (c->ok_date) {
            v->t = V_DATE;
            v->days = c->days;
        }
    }
}

static void set_str(struct val *v, const char *s)
{
    *v = missing;
    if (s && *s) {
        v->t = V_STR;
        v->s = s;
        v->len = strlen(s);
    }
}

static void set_num(struct val *v, double num)
{
    *v = missing;
    v->t = V_NUM;
    v->num = num;
}

/* region() and city_tier() of a value refdata does not know as a province or city: a whole
 * address (广东省深圳市南山区…) by its split; NULL when the split finds no province / city. */
static const char *region_of(const char *s)
{
    const char *r = ck_region_of_province(s);
    if (r || !s || !*s)
        return r;
    struct ck_place p;
    ck_place_split(s, &p);
    return p.province >= 0 ? ck_region_of_province(ck_place_province_name(p.province, 1)) : NULL;
}

static const char *tier_of(const char *s)
{
    const char *t = ck_city_tier(s);
    if (t || !s || !*s)
        return t;
    struct ck_place p;
    ck_place_split(s, &p);
    return p.city >= 0 ? ck_city_tier(ck_place_city_name(p.city, 1)) : NULL;
}

/* region_of() or tier_of() of s (len bytes), remembered (rules_internal.h). */
static const char *place_of(struct ck_rules *rs, int f, const char *s, size_t len)
{
    if (!rs->memo || len >= sizeof rs->memo->key)
        return f == F_REGION ? region_of(s) : tier_of(s);
    uint32_t h = 2166136261u ^ (uint32_t)f;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    struct place_memo *m = &rs->memo[(h ^ (h >> 16)) & (PLACE_MEMO - 1)];
    if (m->used && m->fn == f && m->len == len && memcmp(m->key, s, len) == 0)
        return m->val;
    m->val = f == F_REGION ? region_of(s) : tier_of(s);
    m->used = 1;
    m->fn = (unsigned char)f;
    m->len = (unsigned char)len;
    memcpy(m->key, s, len);
    return m->val;
}

static void eval_call(struct ck_rules *rs, int f, const struct val *a, struct val *v)
{
    int y, m, d, ay, am, ad;
    *v = missing;
    if (a->t == V_MISSING)
        return;
    switch (f) {
    case F_DAYS_SINCE:
        set_num(v, (double)(rs->ctx.as_of - a->days));
        break;
    case F_YEAR:
    case F_MONTH:
        ck_civil_from_days(a->days, &y, &m, &d);
        set_num(v, f == F_YEAR ? y : m);
        break;
    case F_AGE: {
        ck_civil_from_days(a->days, &y, &m, &d);
        ck_civil_from_days(rs->ctx.as_of, &ay, &am, &ad);
        int years = ay - y - (am < m || (am == m && ad < d));
        if (years >= 0)
            set_num(v, years);
        break;
    }
    case F_LEN:
        set_num(v, (double)rules_utf8_chars(a->s, a->len));
        break;
    case F_REGION:
    case F_CITY_TIER:
        set_str(v, a->s ? place_of(rs, f, a->s, a->len) : NULL);
        break;
    case F_LOWER: {
        if (!a->s) /* never: the type checker gives lower() text only */
            break;
        char *c = rules_arena_alloc(&rs->scratch, a->len + 1);
        if (!c) {
            rs->oom = 1;
            return;
        }
        for (size_t i = 0; i <= a->len; i++)
            c[i] = (char)(a->s[i] >= 'A' && a->s[i] <= 'Z' ? a->s[i] + 32 : a->s[i]);
        v->t = V_STR;
        v->s = c;
        v->len = a->len;
        break;
    }
    case F_NUMBER: {
        double num;
        if (a->s && text_number(a->s, &num) == 0) /* number() takes text only */
            set_num(v, num);
        break;
    }
    }
}

static void eval_val(struct ck_rules *rs, int n, struct val *v)
{
    struct node *x = &rs->nodes[n];
    switch (x->op) {
    case N_LIT:
        *v = x->v;
        return;
    case N_COL:
        eval_column(rs, x, v);
        return;
    case N_CALL:
        if (x->gen != rs->gen) {
            struct val a;
            eval_val(rs, x->a, &a);
            eval_call(rs, x->col, &a, &x->v);
            x->gen = rs->gen;
        }
        *v = x->v;
        return;
    default:
        *v = missing;
    }
}

/* <0, 0, >0; both values present and of one type (the parser made sure). */
static int compare(const struct val *a, const struct val *b)
{
    switch (a->t) {
    case V_NUM:
        return (a->num > b->num) - (a->num < b->num);
    case V_DATE:
        return (a->days > b->days) - (a->days < b->days);
    default: {
        size_t n = a->len < b->len ? a->len : b->len;
        int c = memcmp(a->s, b->s, n);
        return c ? c : (a->len > b->len) - (a->len < b->len);
    }
    }
}

/* Does hay contain needle (needle not empty, not longer than hay)? */
static int text_find(const char *hay, size_t hn, const char *needle, size_t nn)
{
    const char *end = hay + hn - nn + 1, *p = hay;
    while ((p = memchr(p, needle[0], (size_t)(end - p))) != NULL) {
        if (memcmp(p, needle, nn) == 0)
            return 1;
        p++;
    }
    return 0;
}

static int eval_cond(struct ck_rules *rs, int n)
{
    const struct node *x = &rs->nodes[n];
    struct val a, b;
    switch (x->op) {
    case N_LIT:
        return x->v.num != 0;
    case N_AND:
        for (int i = 0; i < x->b; i++)
            if (!eval_cond(rs, rs->kids[x->a + i]))
                return 0;
        return 1;
    case N_OR:
        for (int i = 0; i < x->b; i++)
            if (eval_cond(rs, rs->kids[x->a + i]))
                return 1;
        return 0;
    case N_NOT:
        return !eval_cond(rs, x->a);
    case N_CMP: {
        eval_val(rs, x->a, &a);
        if (a.t == V_MISSING)
            return 0;
        eval_val(rs, x->b, &b);
        if (b.t == V_MISSING || a.t != b.t)
            return 0;
        int c = compare(&a, &b);
        switch (x->sub) {
        case C_EQ:
            return c == 0;
        case C_NE:
            return c != 0;
        case C_LT:
            return c < 0;
        case C_LE:
            return c <= 0;
        case C_GT:
            return c > 0;
        default:
            return c >= 0;
        }
    }
    case N_TEXT:
        eval_val(rs, x->a, &a);
        if (a.t != V_STR)
            return 0;
        eval_val(rs, x->b, &b);
        if (b.t != V_STR || b.len > a.len)
            return 0;
        if (x->sub == X_CONTAINS)
            return text_find(a.s, a.len, b.s, b.len);
        if (x->sub == X_STARTS)
            return memcmp(a.s, b.s, b.len) == 0;
        return memcmp(a.s + a.len - b.len, b.s, b.len) == 0;
    case N_MATCH:
        eval_val(rs, x->a, &a);
        return a.t == V_STR && regexec(rs->res[x->col], a.s, 0, NULL, 0) == 0;
    case N_IN: {
        eval_val(rs, x->a, &a);
        if (a.t == V_MISSING)
            return 0;
        int found = 0;
        for (int i = 0; i < x->b && !found; i++) {
            const struct val *l = &rs->lits[x->col + i];
            found = l->t == a.t && compare(&a, l) == 0;
        }
        return found != x->neg;
    }
    case N_EMPTY:
        eval_val(rs, x->a, &a);
        return (a.t == V_MISSING) != x->neg;
    default:
        return 0;
    }
}

int ck_rules_eval(struct ck_rules *rs, const struct ck_row *row, const char **out, size_t *outlen,
                  struct ck_error *e)
{
    rs->row = row;
    rs->gen++;
    rules_arena_reset(&rs->scratch);
    for (size_t g = 0; g < rs->ngroups; g++) {
        struct group *gr = &rs->groups[g];
        size_t o = 0, hit = gr->n;
        out[g] = "";
        for (size_t r = 0; r < gr->n; r++) {
            if (!eval_cond(rs, gr->rules[r].expr))
                continue;
            gr->hits[r]++;
            hit = r;
            if (!gr->multi) {
                out[g] = gr->rules[r].tag;
                o = gr->rules[r].taglen;
                break;
            }
            if (o)
                gr->buf[o++] = ';';
            memcpy(gr->buf + o, gr->rules[r].tag, gr->rules[r].taglen);
            o += gr->rules[r].taglen;
        }
        if (hit == gr->n)
            gr->hits[gr->n]++;
        if (gr->multi) {
            gr->buf[o] = 0;
            out[g] = gr->buf;
        }
        outlen[g] = o;
    }
    if (rs->oom)
        return ck_error_set(e, CK_ENOMEM, "out of memory");
    return CK_OK;
}
