/* places.c — province and city names by the official division list, and the address splitter.
 * Data in lib/clean/cn_divisions.c (generated); lookups by bsearch over its sorted key table. */
#include "clean/places.h"

#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "clean/places_data.h"
#include "clean/refdata.h"

/* Longest text considered: an address's place names are in its first characters. */
enum { TEXT_MAX = 384, MAX_CAND = 16 };

/* ---------- text ---------- */

/* Copy s into buf (TEXT_MAX bytes) without white space (ASCII, U+00A0, U+3000), with
 * full-width ASCII folded to ASCII; cut on a character boundary. Returns the length. */
static size_t squeeze(const char *s, char *buf)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = 0;
    while (*p) {
        unsigned c = *p;
        size_t len = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
        for (size_t i = 1; i < len; i++)
            if ((p[i] & 0xC0) != 0x80)
                len = i; /* invalid UTF-8: copy the bytes one by one */
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' ||
            (c == 0xC2 && p[1] == 0xA0) || (c == 0xE3 && p[1] == 0x80 && p[2] == 0x80)) {
            p += len;
            continue;
        }
        char one;
        const char *from = (const char *)p;
        size_t out = len;
        if (c == 0xEF && len == 3 && (p[1] == 0xBC || p[1] == 0xBD)) {
            unsigned cp = ((p[1] & 0x3Fu) << 6 | (p[2] & 0x3Fu)) + 0xF000u;
            if (cp >= 0xFF01 && cp <= 0xFF5E) {
                one = (char)(cp - 0xFEE0);
                from = &one;
                out = 1;
            }
        }
        if (n + out >= TEXT_MAX)
            break;
        memcpy(buf + n, from, out);
        n += out;
        p += len;
    }
    buf[n] = 0;
    return n;
}

static int is_cont(unsigned char c)
{
    return (c & 0xC0) == 0x80;
}

static int starts(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static int starts_ci(const char *s, const char *prefix)
{
    for (; *prefix; s++, prefix++) {
        int c = (unsigned char)*s;
        if (c >= 'A' && c <= 'Z')
            c += 'a' - 'A';
        if (c != (unsigned char)*prefix)
            return 0;
    }
    return 1;
}

/* Separators and noise between the parts of an address. */
static const char *skip_separators(const char *s)
{
    static const char *const seps[] = {"，", "、", "：", "；", "（", "）", "·", "—"};
    for (;;) {
        if (*s && strchr(",.;:/\\|-_#()[]", *s)) {
            s++;
            continue;
        }
        size_t i = 0;
        while (i < sizeof seps / sizeof *seps && !starts(s, seps[i]))
            i++;
        if (i == sizeof seps / sizeof *seps)
            return s;
        s += strlen(seps[i]);
    }
}

/* Leading noise: a 6-digit postcode, the country's name in Chinese or English. */
static const char *skip_noise(const char *s)
{
    static const char *const country[] = {
        "中华人民共和国",         "中国大陆", "中国", "p.r.china", "p.r.c.", "prchina",
        "peoplesrepublicofchina", "china",    "prc"};
    for (int round = 0; round < 8; round++) {
        const char *t = skip_separators(s);
        size_t d = 0;
        while (t[d] >= '0' && t[d] <= '9')
            d++;
        if (d == 6) {
            s = t + d;
            continue;
        }
        size_t i = 0;
        while (i < sizeof country / sizeof *country && !starts_ci(t, country[i]))
            i++;
        if (i < sizeof country / sizeof *country) {
            s = t + strlen(country[i]);
            continue;
        }
        return t;
    }
    return s;
}

/* ---------- key table ---------- */

/* First key equal to s[0..n), or ck_div_nkeys. */
static unsigned lower_bound(const char *s, size_t n)
{
    unsigned lo = 0, hi = ck_div_nkeys;
    while (lo < hi) {
        unsigned mid = lo + (hi - lo) / 2;
        const char *k = ck_div_keys[mid].key;
        size_t kn = strlen(k);
        int c = memcmp(k, s, kn < n ? kn : n);
        if (c < 0 || (c == 0 && kn < n))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static int key_is(unsigned i, const char *s, size_t n)
{
    return i < ck_div_nkeys && strlen(ck_div_keys[i].key) == n &&
           memcmp(ck_div_keys[i].key, s, n) == 0;
}

/* A filter on candidates: kind, and the province or city they must lie in (-1: any). */
struct want {
    int kind, province, city, short_ok;
};

static int area_province(int a)
{
    return ck_div_cities[ck_div_areas[a].city].province;
}

static int fits(const struct ck_div_key *k, const struct want *w)
{
    if (k->kind != w->kind)
        return 0;
    switch (k->kind) {
    case CK_DIV_CITY:
        return w->province < 0 || ck_div_cities[k->index].province == w->province;
    case CK_DIV_AREA:
        if (k->short_form && !w->short_ok)
            return 0;
        if (w->city >= 0)
            return ck_div_areas[k->index].city == w->city;
        return w->province < 0 || area_province(k->index) == w->province;
    default:
        return 1;
    }
}

/* The longest key at the start of s that has candidates fitting w: their indices (distinct)
 * in cand, their number in *ncand; returns the key's length, 0 when none. One pass over the
 * keys that begin with s's first character (a few dozen at most). */
static size_t match(const char *s, const struct want *w, int *cand, int *ncand)
{
    unsigned char c0 = (unsigned char)*s;
    size_t fl = c0 >= 0xF0 ? 4 : c0 >= 0xE0 ? 3 : c0 >= 0xC0 ? 2 : 1, best = 0;
    *ncand = 0;
    if (strnlen(s, fl) < fl)
        return 0;
    unsigned lo = 0, hi = ck_div_nkeys;
    while (lo < hi) { /* the first key not before s's first character */
        unsigned mid = lo + (hi - lo) / 2;
        if (strncmp(ck_div_keys[mid].key, s, fl) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (unsigned i = lo; i < ck_div_nkeys && strncmp(ck_div_keys[i].key, s, fl) == 0; i++) {
        const struct ck_div_key *k = &ck_div_keys[i];
        size_t kn = strlen(k->key);
        if (kn < best || kn < 3 || strncmp(k->key, s, kn) != 0 || is_cont((unsigned char)s[kn]) ||
            !fits(k, w))
            continue;
        if (kn > best) {
            best = kn;
            *ncand = 0;
        }
        int dup = 0;
        for (int j = 0; j < *ncand; j++)
            dup |= cand[j] == k->index;
        if (!dup && *ncand < MAX_CAND)
            cand[(*ncand)++] = k->index;
    }
    return best;
}

static int is_municipality(int province)
{
    if (province < 0)
        return 0;
    const char *name = ck_div_provinces[province].name;
    size_t n = strlen(name);
    return n > 3 && strcmp(name + n - 3, "市") == 0;
}

/* The city that is a municipality itself, or -1. */
static int municipality_city(int province)
{
    for (unsigned c = 0; c < ck_div_ncities; c++)
        if (ck_div_cities[c].province == province &&
            strcmp(ck_div_cities[c].name, ck_div_provinces[province].name) == 0)
            return (int)c;
    return -1;
}

/* ---------- the splitter ---------- */

void ck_place_split(const char *address, struct ck_place *p)
{
    char buf[TEXT_MAX];
    int cand[MAX_CAND], n;
    p->province = p->city = p->district = -1;
    p->flags = 0;
    if (!address || !squeeze(address, buf))
        return;
    const char *s = skip_noise(buf);
    if (!*s)
        return;
    int maybe_city = -1; /* a bare name that is a province and one of its cities: 吉林 */

    /* Province: only when no longer city or area name starts here (吉林市 is a city). */
    struct want wp = {CK_DIV_PROVINCE, -1, -1, 0}, wc = {CK_DIV_CITY, -1, -1, 0},
                wa = {CK_DIV_AREA, -1, -1, 0};
    int cc[MAX_CAND], nc;
    size_t lp = match(s, &wp, cand, &n);
    size_t lc = match(s, &wc, cc, &nc);
    if (lp && lp >= lc) {
        p->province = cand[0];
        if (lc == lp && nc == 1 && ck_div_cities[cc[0]].province == p->province &&
            !is_municipality(p->province))
            maybe_city = cc[0];
        s = skip_separators(s + lp);
    }

    /* City: a municipality is its own; after it, its name again or 市辖区 / 县 may follow. */
    if (is_municipality(p->province)) {
        p->city = municipality_city(p->province);
        wc.province = p->province;
        size_t l = match(s, &wc, cc, &nc);
        if (l && nc == 1 && cc[0] == p->city)
            s = skip_separators(s + l);
        if (starts(s, "市辖区"))
            s = skip_separators(s + strlen("市辖区"));
    } else {
        wc.province = p->province;
        wa.province = p->province;
        lc = match(s, &wc, cc, &nc);
        int ac[MAX_CAND], na;
        size_t la = match(s, &wa, ac, &na);
        if (lc && lc >= la) {
            if (nc == 1) {
                p->city = cc[0];
                s = skip_separators(s + lc);
            } else {
                p->flags |= CK_PLACE_AMBIGUOUS;
            }
        }
    }

    /* District: within the city (short names allowed) or the province; it names the city
     * when that was left out (浙江省义乌市 → 金华市). */
    struct want wd = {CK_DIV_AREA, p->province, p->city, p->city >= 0 || p->province >= 0};
    int ac[MAX_CAND], na;
    if (match(s, &wd, ac, &na)) {
        int city = ck_div_areas[ac[0]].city, same_city = 1, same_province = 1;
        for (int i = 1; i < na; i++) {
            same_city &= ck_div_areas[ac[i]].city == city;
            same_province &= area_province(ac[i]) == area_province(ac[0]);
        }
        if (na == 1) {
            p->district = ac[0];
            if (p->city < 0)
                p->city = city;
        } else {
            p->flags |= CK_PLACE_AMBIGUOUS;
            if (same_city && p->city < 0)
                p->city = city;
            if (same_province && p->province < 0)
                p->province = area_province(ac[0]);
        }
    }
    if (p->city < 0 && maybe_city >= 0) /* 吉林 and nothing telling which */
        p->flags |= CK_PLACE_AMBIGUOUS;
    if (p->city >= 0 && p->province < 0)
        p->province = ck_div_cities[p->city].province;
    if (p->province < 0 && !(p->flags & CK_PLACE_AMBIGUOUS))
        p->flags |= CK_PLACE_UNKNOWN;
}

/* ---------- column values ---------- */

/* ---------- name indexes ----------
 * A province or city column is looked up on every row: the names of each table are sorted
 * once (by name, then index) so that a lookup is a binary search that finds the lowest index
 * of a name, the one the scan in table order would find first. */

enum { INDEX_MAX = 1024, NPROV_FIELDS = 3 };

struct name_ix {
    const char *name, *second; /* the city's province short name, or NULL */
    unsigned index;
};

static struct name_ix city_ix[INDEX_MAX], prov_ix[NPROV_FIELDS][INDEX_MAX];
static int have_index;
static pthread_once_t index_once = PTHREAD_ONCE_INIT;

static int name_ix_cmp(const void *pa, const void *pb)
{
    const struct name_ix *a = pa, *b = pb;
    int c = strcmp(a->name, b->name);
    if (!c && a->second)
        c = strcmp(a->second, b->second);
    return c ? c : (a->index > b->index) - (a->index < b->index);
}

static const char *prov_field(unsigned i, int field)
{
    const struct ck_div_province *p = &ck_div_provinces[i];
    return field == 0 ? p->short_name : field == 1 ? p->abbr : p->name;
}

static void build_index(void)
{
    if (ck_div_ncities > INDEX_MAX || ck_div_nprovinces > INDEX_MAX)
        return; /* the scans below answer instead */
    for (unsigned c = 0; c < ck_div_ncities; c++)
        city_ix[c] = (struct name_ix){ck_div_cities[c].short_name,
                                      ck_div_provinces[ck_div_cities[c].province].short_name, c};
    qsort(city_ix, ck_div_ncities, sizeof *city_ix, name_ix_cmp);
    for (int f = 0; f < NPROV_FIELDS; f++) {
        for (unsigned i = 0; i < ck_div_nprovinces; i++)
            prov_ix[f][i] = (struct name_ix){prov_field(i, f), NULL, i};
        qsort(prov_ix[f], ck_div_nprovinces, sizeof *prov_ix[f], name_ix_cmp);
    }
    have_index = 1;
}

/* The lowest index whose name (and second name, when second) is the one asked, or UINT_MAX. */
static unsigned ix_find(const struct name_ix *ix, unsigned n, const char *name, const char *second)
{
    unsigned lo = 0, hi = n;
    while (lo < hi) {
        unsigned mid = lo + (hi - lo) / 2;
        int c = strcmp(ix[mid].name, name);
        if (!c && second)
            c = strcmp(ix[mid].second, second);
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == n || strcmp(ix[lo].name, name) != 0 || (second && strcmp(ix[lo].second, second) != 0))
        return UINT_MAX;
    return ix[lo].index;
}

static unsigned min_u(unsigned a, unsigned b)
{
    return a < b ? a : b;
}

static int province_find(const char *value)
{
    char buf[TEXT_MAX];
    if (!value || !squeeze(value, buf))
        return -1;
    const char *shortname = ck_province_canonical(buf);
    pthread_once(&index_once, build_index);
    if (have_index) {
        /* the first province with any of the names the scan below tries */
        unsigned n = ck_div_nprovinces, i = ix_find(prov_ix[0], n, buf, NULL);
        if (shortname)
            i = min_u(i, ix_find(prov_ix[0], n, shortname, NULL));
        i = min_u(i, ix_find(prov_ix[1], n, buf, NULL));
        i = min_u(i, ix_find(prov_ix[2], n, buf, NULL));
        return i == UINT_MAX ? -1 : (int)i;
    }
    for (unsigned i = 0; i < ck_div_nprovinces; i++)
        if ((shortname && strcmp(ck_div_provinces[i].short_name, shortname) == 0) ||
            strcmp(ck_div_provinces[i].abbr, buf) == 0 ||
            strcmp(ck_div_provinces[i].name, buf) == 0 ||
            strcmp(ck_div_provinces[i].short_name, buf) == 0)
            return (int)i;
    return -1;
}

static int city_find(const char *value)
{
    char buf[TEXT_MAX];
    int found = -1;
    if (!value || !squeeze(value, buf))
        return -1;
    const char *shortname = ck_city_canonical(buf);
    const char *prov = ck_city_province(buf);
    if (shortname && prov) {
        pthread_once(&index_once, build_index);
        if (have_index) {
            unsigned c = ix_find(city_ix, ck_div_ncities, shortname, prov);
            if (c != UINT_MAX)
                return (int)c;
        } else {
            for (unsigned c = 0; c < ck_div_ncities; c++)
                if (strcmp(ck_div_cities[c].short_name, shortname) == 0 &&
                    strcmp(ck_div_provinces[ck_div_cities[c].province].short_name, prov) == 0)
                    return (int)c;
        }
    }
    /* Names refdata does not know (台北, 香港岛, 定安县): the key table, when unambiguous. */
    size_t n = strlen(buf);
    for (unsigned i = lower_bound(buf, n); key_is(i, buf, n); i++) {
        if (ck_div_keys[i].kind != CK_DIV_CITY)
            continue;
        if (found >= 0 && found != ck_div_keys[i].index)
            return -1;
        found = ck_div_keys[i].index;
    }
    return found;
}

/* A column holds a few hundred names over millions of rows: the latest answers are kept, per
 * thread and by the value as written, in a small table indexed by the value's hash. */
enum { MEMO_SLOTS = 256, MEMO_KEY = 48, MEMO_PROVINCE = 0, MEMO_CITY = 1 };

struct memo {
    char key[MEMO_KEY]; /* "" = empty: an empty value is never looked up */
    int answer;
};

static _Thread_local struct memo memo[2][MEMO_SLOTS];

static int memo_find(int which, const char *value)
{
    size_t n = value ? strnlen(value, MEMO_KEY) : 0;
    if (n == 0 || n == MEMO_KEY)
        return which == MEMO_CITY ? city_find(value) : province_find(value);
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)value[i]) * 16777619u;
    struct memo *m = &memo[which][(h ^ h >> 16) % MEMO_SLOTS];
    if (memcmp(m->key, value, n + 1) == 0)
        return m->answer;
    int answer = which == MEMO_CITY ? city_find(value) : province_find(value);
    memcpy(m->key, value, n + 1);
    m->answer = answer;
    return answer;
}

int ck_place_province(const char *value)
{
    return memo_find(MEMO_PROVINCE, value);
}

int ck_place_city(const char *value)
{
    return memo_find(MEMO_CITY, value);
}

const char *ck_place_province_name(int province, int zh)
{
    if (province < 0 || (unsigned)province >= ck_div_nprovinces)
        return "";
    return zh ? ck_div_provinces[province].name : ck_div_provinces[province].en;
}

const char *ck_place_city_name(int city, int zh)
{
    if (city < 0 || (unsigned)city >= ck_div_ncities)
        return "";
    const struct ck_div_city *c = &ck_div_cities[city];
    return zh || !c->en[0] ? c->name : c->en;
}

const char *ck_place_district_name(int district)
{
    if (district < 0 || (unsigned)district >= ck_div_nareas)
        return "";
    return ck_div_areas[district].name;
}

int ck_place_city_province(int city)
{
    if (city < 0 || (unsigned)city >= ck_div_ncities)
        return -1;
    return ck_div_cities[city].province;
}
