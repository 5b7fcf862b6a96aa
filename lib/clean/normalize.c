/* normalize.c — the value normalisers of SPEC §4 (text, phone, email, date, amount, count,
 * gender, age, birthdate): each writes the canonical form of a cell or names its problem. */
#include "clean/clean.h"
#include "clean/norm_fast.h"
#include "clean/normalize.h"

#include <limits.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

/* ---------- problems ---------- */

/* Errors make a row invalid: `clean --invalid reject` moves it out, `segment` sends it to
 * 待核实 / Needs review, `--strict` exits 1. Warnings are reported and the row stays usable.
 * Each problem has a name in either language of the table, English and Chinese in problems[]
 * below (man/custkit-clean.1 lists both); a problems cell is read back in both, since a table
 * cleaned as one language may be passed on with --lang naming the other.
 *
 *   problem          kind     why
 *   bad phone        error    a contact and dedup key that cannot be used as written
 *   bad email        error    same
 *   bad date         error    impossible or unreadable date: recency cannot be computed
 *   ambiguous date   error    05/01/2024 without --date-order: either reading may be wrong
 *   future date      warning  the date is well-formed (and kept), only later than --as-of
 *   bad amount       error    the money figure cannot be read
 *   negative amount  error    refunds/typos would distort totals and tiers
 *   bad number       error    an order count that is not a whole number ≥ 0
 *   bad gender       warning  gender feeds no model; 未知/保密 are common and harmless
 *   bad age          error    outside 0–120 or not a whole number
 *   bad birthdate    error    after --as-of or giving an age outside 0–120
 *   missing …        error    a required field (--require) is empty
 *   outlier          warning  a real value beyond Q3 + 3·IQR: worth a look, not wrong
 */
static const struct {
    const char *name[2]; /* [CK_LANG_EN], [CK_LANG_ZH] */
    int error;
} problems[CK_P_COUNT] = {
    [CK_P_NONE] = {{"", ""}, 0},
    [CK_P_BAD_PHONE] = {{"bad phone", "手机号无效"}, 1},
    [CK_P_BAD_EMAIL] = {{"bad email", "邮箱无效"}, 1},
    [CK_P_BAD_DATE] = {{"bad date", "日期无效"}, 1},
    [CK_P_AMBIGUOUS_DATE] = {{"ambiguous date", "日期有歧义"}, 1},
    [CK_P_FUTURE_DATE] = {{"future date", "日期在未来"}, 0},
    [CK_P_BAD_AMOUNT] = {{"bad amount", "金额无效"}, 1},
    [CK_P_NEGATIVE_AMOUNT] = {{"negative amount", "金额为负"}, 1},
    [CK_P_BAD_NUMBER] = {{"bad number", "次数无效"}, 1},
    [CK_P_BAD_GENDER] = {{"bad gender", "性别无效"}, 0},
    [CK_P_BAD_AGE] = {{"bad age", "年龄无效"}, 1},
    [CK_P_BAD_BIRTHDATE] = {{"bad birthdate", "出生日期无效"}, 1},
    [CK_P_MISSING] = {{"missing", "缺少"}, 1},
    [CK_P_OUTLIER] = {{"outlier", "异常值"}, 0},
};

const char *ck_problem_name(int p)
{
    return ck_problem_label(p, CK_LANG_EN);
}

const char *ck_problem_label(int p, int lang)
{
    int zh = lang == CK_LANG_ZH;
    if (p < 0 || p >= CK_P_COUNT)
        return zh ? "未知问题" : "unknown problem";
    return problems[p].name[zh];
}

int ck_problem_is_error(int p)
{
    if (p <= CK_P_NONE || p >= CK_P_COUNT)
        return p != CK_P_NONE; /* an unknown code is treated as an error, like unknown names */
    return problems[p].error;
}

int ck_problem_set_has_error(uint32_t set)
{
    for (int p = 1; p < CK_P_COUNT; p++)
        if ((set >> p) & 1u && problems[p].error)
            return 1;
    return 0;
}

static int is_blank_byte(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

int ck_problem_parse(const char *s, size_t n)
{
    static const char en_missing[] = "missing", zh_missing[] = "缺少";
    size_t ke = sizeof en_missing - 1, kz = sizeof zh_missing - 1;
    if (n >= ke && memcmp(s, en_missing, ke) == 0 && (n == ke || s[ke] == ' '))
        return CK_P_MISSING;
    if (n >= kz && memcmp(s, zh_missing, kz) == 0)
        return CK_P_MISSING;
    for (int p = 1; p < CK_P_COUNT; p++)
        for (int l = 0; l < 2; l++) {
            size_t k = strlen(problems[p].name[l]);
            if (k == n && memcmp(problems[p].name[l], s, n) == 0)
                return p;
        }
    return -1;
}

/* One entry of a problems cell, already trimmed: error (1) or warning (0); a name in neither
 * language counts as an error. */
static int entry_is_error(const char *s, size_t n)
{
    int p = ck_problem_parse(s, n);
    return p < 0 || problems[p].error;
}

int ck_problem_cell_has_error(const char *cell)
{
    if (!cell)
        return 0;
    for (const char *s = cell; *s;) {
        const char *e = strchr(s, ';');
        const char *end = e ? e : s + strlen(s);
        const char *a = s, *b = end;
        while (a < b && is_blank_byte(*a))
            a++;
        while (b > a && is_blank_byte(b[-1]))
            b--;
        if (b > a && entry_is_error(a, (size_t)(b - a)))
            return 1;
        s = e ? e + 1 : end;
    }
    return 0;
}

/* ---------- text ---------- */

enum { CP_OTHER, CP_SPACE, CP_ZW };

/* Non-ASCII white space and invisible characters. Spaces become ' '; zero-width characters
 * (and direction marks, soft hyphen, BOM) are dropped: they only ever break matching. */
static const struct {
    long lo, hi;
    unsigned char kind;
} cp_classes[] = {
    {0x0085, 0x0085, CP_SPACE}, {0x00A0, 0x00A0, CP_SPACE}, {0x00AD, 0x00AD, CP_ZW},
    {0x1680, 0x1680, CP_SPACE}, {0x180E, 0x180E, CP_ZW},    {0x2000, 0x200A, CP_SPACE},
    {0x200B, 0x200F, CP_ZW},    {0x2028, 0x2029, CP_SPACE}, {0x202A, 0x202E, CP_ZW},
    {0x202F, 0x202F, CP_SPACE}, {0x205F, 0x205F, CP_SPACE}, {0x2060, 0x2064, CP_ZW},
    {0x3000, 0x3000, CP_SPACE}, {0xFEFF, 0xFEFF, CP_ZW},
};

static int cp_kind(long cp)
{
    if (cp < 0x80)
        return (cp == ' ' || (cp >= 0x09 && cp <= 0x0D)) ? CP_SPACE : CP_OTHER;
    if (cp > 0x3000 && cp != 0xFEFF) /* CJK and everything after the last class */
        return CP_OTHER;
    for (size_t i = 0; i < sizeof cp_classes / sizeof cp_classes[0]; i++)
        if (cp >= cp_classes[i].lo && cp <= cp_classes[i].hi)
            return cp_classes[i].kind;
    return CP_OTHER;
}

/* The code point at s[i] (-1 for an invalid byte), *adv its length (always ≥ 1). */
static long cp_at(const char *s, size_t len, size_t i, size_t *adv)
{
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80) {
        *adv = 1;
        return c;
    }
    long cp = ck_utf8_decode(s + i, len - i, adv);
    if (*adv == 0 || *adv > len - i)
        *adv = 1;
    return cp;
}

/* A CJK ideograph U+4000..U+9FFF at in[i]: lead byte E4..E9 and two continuation bytes. */
static inline int is_cjk3(const char *in, size_t i, size_t len)
{
    unsigned char c = (unsigned char)in[i];
    return c >= 0xE4 && c <= 0xE9 && i + 2 < len && ((unsigned char)in[i + 1] & 0xC0) == 0x80 &&
           ((unsigned char)in[i + 2] & 0xC0) == 0x80;
}

/* The end of the run of plain characters from in[i]: printable ASCII other than the space
 * (0x21..0x7E), taken eight bytes at a time, and CJK ideographs. ck_norm_text copies them as
 * they are: none is white space, invisible, or changed by width folding. */
static size_t plain_run(const char *in, size_t i, size_t len)
{
    const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    for (;;) {
        while (i + 8 <= len) {
            uint64_t w;
            memcpy(&w, in + i, 8);
            /* any byte with its high bit, at or below 0x20 (space, controls), or 0x7F */
            if ((w | ((w - ones * 0x21) & ~w) | (w + ones)) & highs)
                break;
            i += 8;
        }
        unsigned char c = i < len ? (unsigned char)in[i] : 0;
        if (c > 0x20 && c < 0x7F)
            i++;
        else if (i < len && is_cjk3(in, i, len))
            i += 3;
        else
            return i;
    }
}

size_t ck_norm_text(const char *in, size_t len, int keep_inner, int fold_width, char *out,
                    size_t cap)
{
    size_t o = 0, i = 0, run = 0, run_start = 0;
    int seen = 0;
    if (!out || cap == 0)
        return 0;
    if (!in)
        len = 0;
    while (i < len) {
        if (!run) {
            /* No space is pending: copy a run of plain characters (printable ASCII, eight
             * bytes at a time, and CJK ideographs) as it is, when it fits. */
            size_t j = plain_run(in, i, len);
            if (j > i && o + (j - i) <= cap - 1) {
                memcpy(out + o, in + i, j - i);
                o += j - i;
                i = j;
                seen = 1;
                continue;
            }
        }
        size_t adv = 1, n = 1;
        char buf[4];
        const char *src = in + i;
        unsigned char c = (unsigned char)in[i];
        if (is_cjk3(in, i, len)) {
            /* a CJK ideograph (U+4000..U+9FFF): no space, and width folding leaves it be */
            adv = n = 3;
        } else if (c >= 0x80 || c == ' ' || (c >= 0x09 && c <= 0x0D)) {
            /* ASCII other than white space (the common case) needs none of this */
            long cp = cp_at(in, len, i, &adv);
            int k = cp < 0 ? CP_OTHER : cp_kind(cp);
            if (k == CP_ZW) {
                i += adv;
                continue;
            }
            if (k == CP_SPACE) {
                if (!run)
                    run_start = i;
                run++;
                i += adv;
                continue;
            }
            n = adv;
            if (cp >= 0 && fold_width) {
                long f = ck_fold_width(cp);
                if (f != cp) {
                    n = ck_utf8_encode(f, buf);
                    src = buf;
                }
            }
        }
        size_t sp = (run && seen) ? (keep_inner ? run : 1) : 0;
        if (o + sp + n > cap - 1)
            break; /* truncate on a character boundary, never mid-sequence */
        if (sp && !keep_inner) {
            out[o++] = ' ';
        } else if (sp) {
            for (size_t j = run_start; j < i;) {
                size_t a;
                long sc = cp_at(in, len, j, &a);
                if (cp_kind(sc) == CP_SPACE)
                    out[o++] = (char)(sc < 0x80 ? sc : ' ');
                j += a;
            }
        }
        run = 0;
        if (n == 1)
            out[o++] = *src;
        else {
            memcpy(out + o, src, n);
            o += n;
        }
        seen = 1;
        i += adv;
    }
    out[o] = '\0';
    return o;
}

/* ---------- helpers shared by the value normalisers ---------- */

/* Copy n bytes of s into out, cut on a UTF-8 boundary to fit cap, NUL-terminated. */
static void put(char *out, size_t cap, const char *s, size_t n)
{
    if (!out || cap == 0)
        return;
    if (n > cap - 1) {
        n = cap - 1;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(out, s, n);
    out[n] = '\0';
}

/* A problem: out gets the original value, trimmed. */
static int fail(int p, const char *in, char *out, size_t cap)
{
    if (out && cap)
        ck_norm_text(in, strlen(in), 1, 0, out, cap);
    return p;
}

#define PREP_CAP 160
/* Trim, collapse, fold width into buf (PREP_CAP bytes). Returns the length, or -1 when the
 * value is too long to be any of the kinds parsed here (it would have been truncated). */
static long prep(const char *in, int keep_inner, char *buf)
{
    size_t n = ck_norm_text(in, strlen(in), keep_inner, 1, buf, PREP_CAP);
    return n + 8 >= PREP_CAP ? -1 : (long)n;
}

/* A word of a table: its UTF-8 bytes and a value. ASCII letters match case-insensitively. */
struct word {
    const char *s;
    int val;
};

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* Length of the first word of w[0..nw) that s[0..n) starts with (0 = none), *val its value.
 * Tables list a word before any word that is its prefix. */
static size_t match_word(const char *s, size_t n, const struct word *w, size_t nw, int *val)
{
    for (size_t i = 0; i < nw; i++) {
        size_t k = strlen(w[i].s), j = 0;
        if (k > n)
            continue;
        while (j < k && lower((unsigned char)s[j]) == (unsigned char)w[i].s[j])
            j++;
        if (j == k) {
            if (val)
                *val = w[i].val;
            return k;
        }
    }
    return 0;
}
#define NWORDS(t) (sizeof(t) / sizeof((t)[0]))

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* ---------- phone ---------- */

/* What separates an extension from the number. */
static const struct word phone_ext_words[] = {
    {"extension", 0}, {"ext", 0}, {"x", 0}, {"#", 0}, {"\xe8\xbd\xac", 0} /* 转 */,
    {"\xe5\x88\x86\xe6\x9c\xba", 0} /* 分机 */,
};
/* Dashes people type instead of '-': hyphen, non-breaking hyphen, figure dash, en/em dash,
 * horizontal bar, minus sign, small hyphen-minus. */
static const struct word dash_words[] = {
    {"\xe2\x80\x90", 0}, {"\xe2\x80\x91", 0}, {"\xe2\x80\x92", 0}, {"\xe2\x80\x93", 0},
    {"\xe2\x80\x94", 0}, {"\xe2\x80\x95", 0}, {"\xe2\x88\x92", 0}, {"\xef\xb9\xa3", 0},
};

#define PH_MAX 24
struct phone {
    char d[PH_MAX]; /* the number's digits */
    unsigned char dash[PH_MAX + 1]; /* dash[k]: a '-' came after k digits */
    size_t nd;
    char ext[8];
    size_t ne;
    int plus, in_ext;
};

static int phone_scan(const char *s, size_t n, struct phone *p)
{
    memset(p, 0, sizeof *p);
    for (size_t i = 0; i < n;) {
        char c = s[i];
        size_t k;
        if (is_digit(c)) {
            if (p->in_ext) {
                if (p->ne >= sizeof p->ext - 1)
                    return -1;
                p->ext[p->ne++] = c;
            } else {
                if (p->nd >= PH_MAX)
                    return -1;
                p->d[p->nd++] = c;
            }
            i++;
        } else if (c == '+') {
            if (p->nd || p->plus || p->in_ext)
                return -1;
            p->plus = 1;
            i++;
        } else if (c == ' ' || c == '.' || c == '(' || c == ')' ||
                   (c == ':' && p->in_ext && p->ne == 0)) { /* "ext: 12" */
            i++;
        } else if ((k = c == '-' ? 1
                               : match_word(s + i, n - i, dash_words, NWORDS(dash_words), NULL)) >
                   0) {
            if (p->in_ext && p->ne)
                return -1;
            if (!p->in_ext)
                p->dash[p->nd] = 1;
            i += k;
        } else if ((k = match_word(s + i, n - i, phone_ext_words, NWORDS(phone_ext_words),
                                   NULL)) > 0) {
            if (p->in_ext || p->nd == 0)
                return -1;
            p->in_ext = 1;
            i += k;
        } else {
            return -1;
        }
    }
    if (p->in_ext && p->ne == 0)
        return -1;
    return 0;
}

static int mobile_at(const char *d, size_t n)
{
    return n == 11 && d[0] == '1' && d[1] >= '3' && d[1] <= '9';
}

/* A mainland number N (digits d[off..], dash flags relative to the scan) with the area
 * code's leading 0 possibly left out (after +86). Writes the canonical form into res. */
static int phone_mainland(const struct phone *p, size_t off, int zero_optional, char *res)
{
    const char *d = p->d + off;
    size_t n = p->nd - off;
    if (mobile_at(d, n) && !p->ne) {
        memcpy(res, d, 11);
        res[11] = '\0';
        return 0;
    }
    /* a mobile written with the long-distance 0 (013812345678) */
    if (n == 12 && d[0] == '0' && mobile_at(d + 1, 11) && !p->ne) {
        memcpy(res, d + 1, 11);
        res[11] = '\0';
        return 0;
    }
    char l[PH_MAX + 2];
    unsigned char dash[PH_MAX + 2];
    size_t nl = 0;
    if (d[0] != '0') {
        if (!zero_optional)
            return -1; /* a landline needs its area code */
        l[nl] = '0';
        dash[nl++] = 0;
    }
    for (size_t i = 0; i < n; i++) {
        dash[nl] = p->dash[off + i];
        l[nl++] = d[i];
    }
    dash[nl] = p->dash[off + n];
    if (nl < 3)
        return -1;
    /* area codes: 010 and 02X have three digits, 03XX–09XX four; 01X other than 010 and 00
     * (international) are not area codes */
    size_t a;
    if (l[1] == '1')
        a = l[2] == '0' ? 3 : 0;
    else if (l[1] == '2')
        a = 3;
    else if (l[1] >= '3' && l[1] <= '9')
        a = 4;
    else
        a = 0;
    if (a == 0 || nl < a)
        return -1;
    size_t r = nl - a, sub = 0;
    const char *ext = p->ext;
    size_t ne = p->ne;
    /* "010-2345678-1" (7 digits and a one-digit extension, as written below) is not an
     * 8-digit number: a dash after the 7th digit starts its extension, so output reads back
     * the same */
    if ((r == 7 || r == 8) && !(r == 8 && !ne && dash[a + 7])) {
        sub = r;
    } else if (!ne && r > 7 && r <= 8 + sizeof p->ext - 1) {
        /* "0755-88888888-123": a dash after the subscriber number starts an extension, of at
         * most as many digits as one after "ext" or "#", so every output reads back the same */
        if (dash[a + 8])
            sub = 8;
        else if (dash[a + 7])
            sub = 7;
        else
            return -1;
        ext = l + a + sub;
        ne = r - sub;
        if (ne > sizeof p->ext - 1)
            return -1;
    } else {
        return -1;
    }
    size_t o = 0;
    memcpy(res + o, l, a);
    o += a;
    res[o++] = '-';
    memcpy(res + o, l + a, sub);
    o += sub;
    if (ne) {
        res[o++] = '-';
        memcpy(res + o, ext, ne);
        o += ne;
    }
    res[o] = '\0';
    return 0;
}

int ck_norm_phone(const char *in, char *out, size_t cap)
{
    char buf[PREP_CAP], res[48];
    struct phone p;
    if (!in)
        in = "";
    long n = prep(in, 0, buf);
    if (n == 0) {
        put(out, cap, "", 0);
        return CK_P_NONE;
    }
    if (n < 0 || phone_scan(buf, (size_t)n, &p) < 0 || p.nd == 0)
        return fail(CK_P_BAD_PHONE, in, out, cap);
    size_t intl = SIZE_MAX; /* offset of the country code */
    if (p.plus)
        intl = 0;
    else if (p.nd >= 2 && p.d[0] == '0' && p.d[1] == '0')
        intl = 2;
    int rc;
    if (intl != SIZE_MAX) {
        size_t k = p.nd > intl ? p.nd - intl : 0; /* digits from the country code on */
        int china = k > 2 && p.d[intl] == '8' && p.d[intl + 1] == '6';
        if (china) {
            rc = phone_mainland(&p, intl + 2, 1, res);
        } else {
            /* E.164: at most 15 digits. An extension is only understood on mainland
             * landlines, where the subscriber number's length tells where it starts. */
            rc = (k >= 8 && k <= 15 && p.d[intl] != '0' && !p.ne) ? 0 : -1;
            if (rc == 0) {
                res[0] = '+';
                memcpy(res + 1, p.d + intl, k);
                res[k + 1] = '\0';
            }
        }
    } else if (p.nd == 13 && p.d[0] == '8' && p.d[1] == '6' && mobile_at(p.d + 2, 11)) {
        rc = phone_mainland(&p, 2, 0, res); /* 86 prefix without + */
    } else {
        rc = phone_mainland(&p, 0, 0, res);
    }
    if (rc < 0)
        return fail(CK_P_BAD_PHONE, in, out, cap);
    put(out, cap, res, strlen(res));
    return CK_P_NONE;
}

/* ---------- email ---------- */

static int email_local_char(char c)
{
    return (c >= 'a' && c <= 'z') || is_digit(c) || (c && strchr("!#$%&'*+/=?^_`{|}~-.", c));
}

static int email_valid(const char *s, size_t n)
{
    const char *at = memchr(s, '@', n);
    if (!at || memchr(at + 1, '@', n - (size_t)(at - s) - 1))
        return 0;
    size_t nl = (size_t)(at - s), nd = n - nl - 1;
    if (nl == 0 || nl > 64 || nd == 0 || n > 254)
        return 0;
    if (s[0] == '.' || s[nl - 1] == '.')
        return 0;
    for (size_t i = 0; i < nl; i++)
        if (!email_local_char(s[i]) || (s[i] == '.' && s[i + 1] == '.'))
            return 0;
    const char *d = at + 1;
    size_t labels = 0, start = 0;
    int tld_alpha = 0;
    for (size_t i = 0; i <= nd; i++) {
        if (i < nd && d[i] != '.') {
            char c = d[i];
            if (!((c >= 'a' && c <= 'z') || is_digit(c) || c == '-'))
                return 0;
            continue;
        }
        size_t k = i - start;
        if (k == 0 || k > 63 || d[start] == '-' || d[i - 1] == '-')
            return 0;
        tld_alpha = 0;
        for (size_t j = start; j < i; j++)
            if (d[j] >= 'a' && d[j] <= 'z')
                tld_alpha = 1;
        labels++;
        start = i + 1;
    }
    return labels >= 2 && tld_alpha;
}

int ck_norm_email(const char *in, char *out, size_t cap)
{
    char buf[PREP_CAP], res[PREP_CAP];
    if (!in)
        in = "";
    long n = prep(in, 1, buf);
    if (n == 0) {
        put(out, cap, "", 0);
        return CK_P_NONE;
    }
    if (n < 0)
        return fail(CK_P_BAD_EMAIL, in, out, cap);
    size_t o = 0;
    for (size_t i = 0; i < (size_t)n;) {
        unsigned char c = (unsigned char)buf[i];
        if (c < 0x80) {
            res[o++] = (char)lower(c);
            i++;
        } else if (i + 3 <= (size_t)n && memcmp(buf + i, "\xe3\x80\x82", 3) == 0) {
            res[o++] = '.'; /* 。 typed with a Chinese input method */
            i += 3;
        } else {
            return fail(CK_P_BAD_EMAIL, in, out, cap);
        }
    }
    res[o] = '\0';
    if (!email_valid(res, o))
        return fail(CK_P_BAD_EMAIL, in, out, cap);
    put(out, cap, res, o);
    return CK_P_NONE;
}

/* ---------- dates ---------- */

/* Date tokens: 'n' number, punctuation as itself (- / . : , + and ' '), and the words below:
 * Y 年, M 月, D 日/号, h 时/点, m 分, s 秒, A am, P pm, T/Z ISO letters, O month name. */
static const struct word date_cjk_words[] = {
    {"\xe5\xb9\xb4", 'Y'},             /* 年 */
    {"\xe6\x9c\x88", 'M'},             /* 月 */
    {"\xe6\x97\xa5", 'D'},             /* 日 */
    {"\xe5\x8f\xb7", 'D'},             /* 号 */
    {"\xe8\x99\x9f", 'D'},             /* 號 */
    {"\xe6\x97\xb6", 'h'},             /* 时 */
    {"\xe6\x99\x82", 'h'},             /* 時 */
    {"\xe7\x82\xb9", 'h'},             /* 点 */
    {"\xe9\xbb\x9e", 'h'},             /* 點 */
    {"\xe5\x88\x86", 'm'},             /* 分 */
    {"\xe7\xa7\x92", 's'},             /* 秒 */
    {"\xe4\xb8\x8a\xe5\x8d\x88", 'A'}, /* 上午 */
    {"\xe6\x97\xa9\xe4\xb8\x8a", 'A'}, /* 早上 */
    {"\xe5\x87\x8c\xe6\x99\xa8", 'A'}, /* 凌晨 */
    {"\xe4\xb8\x8b\xe5\x8d\x88", 'P'}, /* 下午 */
    {"\xe6\x99\x9a\xe4\xb8\x8a", 'P'}, /* 晚上 */
};
/* Whole ASCII words (a run of letters must equal one of these). */
static const struct {
    const char *s;
    char kind;
    signed char month;
} date_ascii_words[] = {
    {"t", 'T', 0},       {"z", 'Z', 0},        {"am", 'A', 0},       {"pm", 'P', 0},
    {"jan", 'O', 1},     {"january", 'O', 1},  {"feb", 'O', 2},      {"february", 'O', 2},
    {"mar", 'O', 3},     {"march", 'O', 3},    {"apr", 'O', 4},      {"april", 'O', 4},
    {"may", 'O', 5},     {"jun", 'O', 6},      {"june", 'O', 6},     {"jul", 'O', 7},
    {"july", 'O', 7},    {"aug", 'O', 8},      {"august", 'O', 8},   {"sep", 'O', 9},
    {"sept", 'O', 9},    {"september", 'O', 9}, {"oct", 'O', 10},    {"october", 'O', 10},
    {"nov", 'O', 11},    {"november", 'O', 11}, {"dec", 'O', 12},    {"december", 'O', 12},
};

struct dtok {
    char k;
    int nd;      /* digits (numbers) */
    long long v; /* value of the first 18 digits; month for 'O' */
};
#define DT_MAX 24

/* Tokens around which spaces carry no meaning ("2024 年 1 月", "2:30 PM", "5 Jan 2024",
 * "2024 - 01 - 05"); the space between a date and its time is between two numbers. */
static int dt_glue(char k)
{
    return k && strchr("YMDhmsAPO,-/.:", k) != NULL;
}

static int date_tokens(const char *s, size_t n, struct dtok *t)
{
    int nt = 0;
    for (size_t i = 0; i < n;) {
        char c = s[i];
        int val;
        size_t k = 0;
        if (nt >= DT_MAX)
            return -1;
        struct dtok *x = &t[nt];
        x->nd = 0;
        x->v = 0;
        if (is_digit(c)) {
            x->k = 'n';
            while (i < n && is_digit(s[i])) {
                if (x->nd < 18)
                    x->v = x->v * 10 + (s[i] - '0');
                if (x->nd < 1000)
                    x->nd++;
                i++;
            }
        } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
            size_t j = i;
            while (j < n && ((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' && s[j] <= 'Z')))
                j++;
            size_t w;
            for (w = 0; w < NWORDS(date_ascii_words); w++) {
                size_t kw = strlen(date_ascii_words[w].s), q = 0;
                if (kw != j - i)
                    continue;
                while (q < kw && lower((unsigned char)s[i + q]) == date_ascii_words[w].s[q])
                    q++;
                if (q == kw)
                    break;
            }
            if (w == NWORDS(date_ascii_words))
                return -1;
            x->k = date_ascii_words[w].kind;
            x->v = (long long)date_ascii_words[w].month; /* 0..12 */
            i = j;
        } else if (c && strchr("-/.:,+ ", c)) {
            x->k = c;
            i++;
        } else if ((k = match_word(s + i, n - i, date_cjk_words, NWORDS(date_cjk_words),
                                   &val)) > 0) {
            x->k = (char)val;
            i += k;
        } else {
            return -1;
        }
        nt++;
    }
    /* drop spaces next to words; keep the one between a numeric date and its time */
    int m = 0;
    for (int i = 0; i < nt; i++) {
        if (t[i].k == ' ' && ((m > 0 && dt_glue(t[m - 1].k)) || (i + 1 < nt && dt_glue(t[i + 1].k))))
            continue;
        t[m++] = t[i];
    }
    return m;
}

static int is_num(const struct dtok *t, int nt, int i, int lo, int hi)
{
    return i < nt && t[i].k == 'n' && t[i].nd >= lo && t[i].nd <= hi;
}

static int is_kind(const struct dtok *t, int nt, int i, const char *kinds)
{
    return i < nt && t[i].k && strchr(kinds, t[i].k) != NULL;
}

static int days_in_month(int y, int m)
{
    static const unsigned char dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2)
        return 28 + ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0);
    return dim[m - 1];
}

static int date_ok(long long y, long long m, long long d)
{
    return y >= 1000 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month((int)y, (int)m);
}

/* Time at t[p..]: "14:30", "14:30:05(.123)", "14时30分05秒", "14点", with 上午/下午/AM/PM
 * before or after and an ISO zone (Z, +08:00, +0800) that is dropped: the time is kept as
 * written. Returns the index after it, or -1. */
static int date_time(const struct dtok *t, int nt, int p, int *secs)
{
    int ampm = 0;
    long long h, mi = 0, s = 0;
    if (is_kind(t, nt, p, "AP"))
        ampm = (unsigned char)t[p++].k;
    if (!is_num(t, nt, p, 1, 2))
        return -1;
    h = t[p++].v;
    if (is_kind(t, nt, p, ":")) {
        if (!is_num(t, nt, p + 1, 2, 2))
            return -1;
        mi = t[p + 1].v;
        p += 2;
        if (is_kind(t, nt, p, ":")) {
            if (!is_num(t, nt, p + 1, 2, 2))
                return -1;
            s = t[p + 1].v;
            p += 2;
            if (is_kind(t, nt, p, ".") && is_num(t, nt, p + 1, 1, 9))
                p += 2; /* fractions of a second are dropped */
        }
    } else if (is_kind(t, nt, p, "h")) {
        p++;
        if (is_num(t, nt, p, 1, 2)) {
            mi = t[p++].v;
            if (is_kind(t, nt, p, "m"))
                p++;
            if (is_num(t, nt, p, 1, 2)) {
                s = t[p++].v;
                if (is_kind(t, nt, p, "s"))
                    p++;
            }
        }
    } else {
        return -1;
    }
    if (!ampm && is_kind(t, nt, p, "AP"))
        ampm = (unsigned char)t[p++].k;
    if (is_kind(t, nt, p, "Z")) {
        p++;
    } else if (is_kind(t, nt, p, "+-")) {
        /* "+05:30" first; "+0530" and "+05" (a 4- and a 2-digit number never both match) */
        if (is_num(t, nt, p + 1, 2, 2) && is_kind(t, nt, p + 2, ":") &&
            is_num(t, nt, p + 3, 2, 2))
            p += 4;
        else if (is_num(t, nt, p + 1, 4, 4) || is_num(t, nt, p + 1, 2, 2))
            p += 2;
        else
            return -1;
    }
    if (ampm) {
        if (h < 1 || h > 12) {
            if (!(ampm == 'P' && h > 12 && h < 24)) /* 下午14:30 */
                return -1;
        } else if (ampm == 'A' && h == 12) {
            h = 0;
        } else if (ampm == 'P' && h < 12) {
            h += 12;
        }
    }
    if (h > 23 || mi > 59 || s > 59)
        return -1;
    *secs = (int)(h * 3600 + mi * 60 + s);
    return p;
}

/* Excel's 1900 date system: serial 1 = 1900-01-01; Excel counts a 29 February 1900 that
 * never was (serial 60), so later serials are one day ahead. Excel goes up to 2958465
 * (9999-12-31), but a 6- or 7-digit number in a date column is a YYYYMM or a typo far more
 * often than a date after 2173: read as a serial it would silently replace the value. */
#define EXCEL_SERIAL_MAX 99999 /* 2173-10-13 */
static int date_serial(const struct dtok *t, int nt, long *days, int *secs)
{
    long long iv = t[0].v;
    if (iv < 1 || iv > EXCEL_SERIAL_MAX || iv == 60)
        return CK_P_BAD_DATE;
    if (t[0].nd == 4 && iv >= 1000 && iv <= 2999)
        return CK_P_BAD_DATE; /* a year on its own, not a serial */
    *days = (long)(iv > 60 ? iv - 25569 : iv - 25568);
    *secs = -1;
    if (nt == 3) {
        long long f = t[2].v;
        int k = t[2].nd > 18 ? 18 : t[2].nd;
        while (k > 12) {
            f /= 10;
            k--;
        }
        long long p10 = 1;
        for (int i = 0; i < k; i++)
            p10 *= 10;
        long long s = (f * 86400 + p10 / 2) / p10;
        if (s >= 86400) {
            (*days)++;
            s = 0;
        }
        *secs = (int)s;
    }
    return CK_P_NONE;
}

static void put2(char *p, int v)
{
    p[0] = (char)('0' + v / 10);
    p[1] = (char)('0' + v % 10);
}

/* "YYYY-MM-DD" or "YYYY-MM-DD HH:MM:SS" (secs < 0 or 0 = no time) into res; returns length. */
static size_t date_format(long days, int secs, char *res)
{
    int y, m, d;
    ck_civil_from_days(days, &y, &m, &d);
    put2(res, y / 100);
    put2(res + 2, y % 100);
    res[4] = '-';
    put2(res + 5, m);
    res[7] = '-';
    put2(res + 8, d);
    if (secs <= 0) {
        res[10] = '\0';
        return 10;
    }
    res[10] = ' ';
    put2(res + 11, secs / 3600);
    res[13] = ':';
    put2(res + 14, secs / 60 % 60);
    res[16] = ':';
    put2(res + 17, secs % 60);
    res[19] = '\0';
    return 19;
}

static const struct ck_norm_opts default_opts = {CK_DATE_YMD_ONLY, LONG_MIN, CK_LANG_EN};

/* Parse a trimmed, folded date; *days and *secs (-1 = no time) on success. */
static int date_parse(const char *s, size_t n, const struct ck_norm_opts *o, int serial_ok,
                      long *days, int *secs)
{
    struct dtok t[DT_MAX];
    int nt = date_tokens(s, n, t), p;
    long long y, m = 0, d = 0;
    int ambiguous = 0;
    if (nt <= 0)
        return CK_P_BAD_DATE;
    *secs = -1;
    if (serial_ok && is_num(t, nt, 0, 1, 7) && /* 8 digits: YYYYMMDD */
        (nt == 1 || (nt == 3 && t[1].k == '.' && t[2].k == 'n')))
        return date_serial(t, nt, days, secs);
    if (is_num(t, nt, 0, 4, 4) && is_kind(t, nt, 1, "-/.") && is_num(t, nt, 2, 1, 2) &&
        nt > 3 && t[3].k == t[1].k && is_num(t, nt, 4, 1, 2)) {
        y = t[0].v, m = t[2].v, d = t[4].v, p = 5; /* 2024-01-05 2024/1/5 2024.1.5 */
    } else if (is_num(t, nt, 0, 4, 4) && is_kind(t, nt, 1, "Y") && is_num(t, nt, 2, 1, 2) &&
               is_kind(t, nt, 3, "M") && is_num(t, nt, 4, 1, 2) && is_kind(t, nt, 5, "D")) {
        y = t[0].v, m = t[2].v, d = t[4].v, p = 6; /* 2024年1月5日 */
    } else if (is_num(t, nt, 0, 8, 8)) {
        y = t[0].v / 10000, m = t[0].v / 100 % 100, d = t[0].v % 100, p = 1; /* 20240105 */
    } else if (is_num(t, nt, 0, 1, 2) && is_kind(t, nt, 1, "-/.") && is_num(t, nt, 2, 1, 2) &&
               nt > 3 && t[3].k == t[1].k && is_num(t, nt, 4, 4, 4)) {
        /* 05/01/2024: day or month first */
        long long a = t[0].v, b = t[2].v;
        y = t[4].v, p = 5;
        int dmy = o->date_order == CK_DATE_DMY;
        if (o->date_order == CK_DATE_YMD_ONLY) {
            /* only one reading is a real date (25/12/2024): not ambiguous */
            int dmy_ok = date_ok(y, b, a), mdy_ok = date_ok(y, a, b);
            if (dmy_ok && mdy_ok && a != b)
                ambiguous = 1;
            dmy = dmy_ok && !mdy_ok;
        }
        m = dmy ? b : a;
        d = dmy ? a : b;
    } else if (is_num(t, nt, 0, 1, 2) && (is_kind(t, nt, 1, "O") ||
                                          (is_kind(t, nt, 1, "-/.") && is_kind(t, nt, 2, "O")))) {
        /* 5 Jan 2024, 05-Jan-2024 */
        d = t[0].v;
        p = t[1].k == 'O' ? 1 : 2;
        m = t[p].v;
        p++;
        if (p == 3) {
            if (!is_kind(t, nt, p, "-/.") || t[p].k != t[1].k)
                return CK_P_BAD_DATE;
            p++;
        }
        if (!is_num(t, nt, p, 4, 4))
            return CK_P_BAD_DATE;
        y = t[p++].v;
    } else if (is_kind(t, nt, 0, "O") && is_num(t, nt, 1, 1, 2)) {
        /* Jan 5, 2024 / January 5 2024 */
        m = t[0].v, d = t[1].v, p = 2;
        if (is_kind(t, nt, p, ", "))
            p++;
        if (!is_num(t, nt, p, 4, 4))
            return CK_P_BAD_DATE;
        y = t[p++].v;
    } else {
        return CK_P_BAD_DATE;
    }
    if (p < nt) {
        if (is_kind(t, nt, p, " T"))
            p++;
        else if (t[p - 1].k != 'D' && !is_kind(t, nt, p, "AP"))
            return CK_P_BAD_DATE;
        int sec;
        p = date_time(t, nt, p, &sec);
        if (p != nt)
            return CK_P_BAD_DATE;
        *secs = sec;
    }
    if (!date_ok(y, m, d))
        return CK_P_BAD_DATE;
    if (ambiguous)
        return CK_P_AMBIGUOUS_DATE;
    *days = ck_days_from_civil((int)y, (int)m, (int)d);
    return CK_P_NONE;
}

/* The fast path: "YYYY-MM-DD" or "YYYY-MM-DD HH:MM:SS" exactly (ASCII digits, no white space),
 * a real date and time — the form machine exports write on every row. Fills what
 * ck_norm_date_full() would and returns its result, or -1 for anything else: the full
 * normaliser decides those (bad dates included). */
static int two(const char *s)
{
    return (s[0] - '0') * 10 + (s[1] - '0');
}

/* Are s[at[0]], s[at[1]] … (n positions) all ASCII digits? */
static int digits_at(const char *s, const unsigned char *at, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!is_digit(s[at[i]]))
            return 0;
    return 1;
}

int ck_norm_date_fast(const char *in, const struct ck_norm_opts *o, char *out, size_t cap,
                      long *days)
{
    size_t n = in ? strnlen(in, 20) : 0;
    if (n != 10 && n != 19)
        return -1;
    static const unsigned char date_digits[] = {0, 1, 2, 3, 5, 6, 8, 9};
    static const unsigned char time_digits[] = {11, 12, 14, 15, 17, 18};
    if (in[4] != '-' || in[7] != '-' || !digits_at(in, date_digits, sizeof date_digits))
        return -1;
    int y = two(in) * 100 + two(in + 2), m = two(in + 5), d = two(in + 8), secs = 0;
    if (!date_ok(y, m, d))
        return -1;
    if (n == 19) {
        if (in[10] != ' ' || in[13] != ':' || in[16] != ':' ||
            !digits_at(in, time_digits, sizeof time_digits))
            return -1;
        int h = two(in + 11), mi = two(in + 14), s = two(in + 17);
        if (h > 23 || mi > 59 || s > 59)
            return -1;
        secs = h * 3600 + mi * 60 + s;
    }
    if (!o)
        o = &default_opts;
    long dn = ck_days_from_civil(y, m, d);
    put(out, cap, in, secs ? 19 : 10); /* what date_format() writes back */
    if (days)
        *days = dn;
    return o->as_of != LONG_MIN && dn > o->as_of ? CK_P_FUTURE_DATE : CK_P_NONE;
}

int ck_norm_date(const char *in, const struct ck_norm_opts *o, int serial_ok, char *out,
                 size_t cap, long *days)
{
    int rc = ck_norm_date_fast(in, o, out, cap, days);
    return rc >= 0 ? rc : ck_norm_date_full(in, o, serial_ok, out, cap, days);
}

int ck_norm_date_full(const char *in, const struct ck_norm_opts *o, int serial_ok, char *out,
                      size_t cap, long *days)
{
    char buf[PREP_CAP], res[24];
    long dn = LONG_MIN;
    int secs, rc;
    if (!in)
        in = "";
    if (!o)
        o = &default_opts;
    if (days)
        *days = LONG_MIN;
    long n = prep(in, 0, buf);
    if (n == 0) {
        put(out, cap, "", 0);
        return CK_P_NONE;
    }
    rc = n < 0 ? CK_P_BAD_DATE : date_parse(buf, (size_t)n, o, serial_ok, &dn, &secs);
    if (rc != CK_P_NONE)
        return fail(rc, in, out, cap);
    put(out, cap, res, date_format(dn, secs, res));
    if (days)
        *days = dn;
    if (o->as_of != LONG_MIN && dn > o->as_of)
        return CK_P_FUTURE_DATE;
    return CK_P_NONE;
}

/* ---------- amounts, counts, ages ---------- */

static const struct word currency_words[] = {
    {"\xe4\xba\xba\xe6\xb0\x91\xe5\xb8\x81", 0}, /* 人民币 */
    {"rmb", 0}, {"cny", 0}, {"usd", 0},
    {"\xe5\x85\x83", 0},     /* 元 */
    {"\xc2\xa5", 0},         /* ¥ */
    {"\xef\xbf\xa5", 0},     /* ￥ */
    {"$", 0},
};
/* Multipliers as powers of ten. */
static const struct word multiplier_words[] = {
    {"\xe4\xb8\x87", 4}, /* 万 */
    {"\xe4\xba\xbf", 8}, /* 亿 */
    {"\xe5\x8d\x83", 3}, /* 千 */
    {"k", 3},
};
static const struct word count_units[] = {
    {"\xe6\xac\xa1", 0}, /* 次 */
    {"\xe5\x8d\x95", 0}, /* 单 */
    {"\xe7\xac\x94", 0}, /* 笔 */
    {"\xe4\xbb\xb6", 0}, /* 件 */
    {"\xe4\xb8\xaa", 0}, /* 个 */
};
static const struct word age_units[] = {
    {"\xe5\x91\xa8\xe5\xb2\x81", 0}, /* 周岁 */
    {"\xe5\xb2\x81", 0},             /* 岁 */
    {"\xe6\xad\xb2", 0},             /* 歲 */
};
static const struct word minus_words[] = {
    {"\xe2\x88\x92", 0}, /* − minus sign */
};

struct numrules {
    int currency, multipliers;
    const struct word *units;
    size_t nunits;
};

#define NUM_DIGITS 40
/* An exact decimal: value = digits × 10^exp10, no leading or trailing zeros in digits. */
struct decimal {
    char dig[NUM_DIGITS];
    int nd, exp10, neg;
};

/* Parse an amount-like value: sign or (parentheses), currency words before or after, digits
 * with ',' grouped by three, one '.', an exponent, one multiplier, a unit. Spaces ignored. */
static int parse_decimal(const char *s, size_t n, const struct numrules *r, struct decimal *x)
{
    int phase = 0, sign = 0, paren = 0, closed = 0, point = 0, comma_open = 0, grp = 0;
    int any = 0, mult = 0, val = 0;
    size_t k = 0;
    memset(x, 0, sizeof *x);
    for (size_t i = 0; i < n;) {
        char c = s[i];
        if (c == ' ') {
            i++;
            continue;
        }
        if (is_digit(c)) {
            if (phase == 2)
                return -1;
            phase = 1;
            any = 1;
            grp++;
            if (x->nd == 0 && c == '0') {
                x->exp10 -= point;
            } else {
                if (x->nd >= NUM_DIGITS)
                    return -1;
                x->dig[x->nd++] = c;
                x->exp10 -= point;
            }
            i++;
            continue;
        }
        /* leaving the integer part: the last group after a ',' must have three digits */
        if (c != ',' && comma_open) {
            if (grp != 3)
                return -1;
            comma_open = 0;
        }
        if (c == ',') {
            if (phase != 1 || point || grp < 1 || grp > 3 || (comma_open && grp != 3))
                return -1;
            comma_open = 1;
            grp = 0;
            i++;
        } else if (c == '.') {
            if (point || phase == 2)
                return -1;
            point = 1;
            phase = 1;
            i++;
        } else if ((c == 'e' || c == 'E') && phase == 1 && any && i + 1 < n &&
                   (is_digit(s[i + 1]) ||
                    ((s[i + 1] == '-' || s[i + 1] == '+') && i + 2 < n && is_digit(s[i + 2])))) {
            int eneg = 0, e = 0, ne = 0;
            i++;
            if (s[i] == '-' || s[i] == '+')
                eneg = s[i++] == '-';
            while (i < n && is_digit(s[i])) {
                e = e * 10 + (s[i++] - '0');
                if (++ne > 2)
                    return -1;
            }
            x->exp10 += eneg ? -e : e;
            phase = 2;
        } else if ((k = (c == '-' || c == '+')
                            ? 1
                            : match_word(s + i, n - i, minus_words, NWORDS(minus_words), NULL)) >
                   0) {
            if (phase != 0 || sign)
                return -1;
            sign = 1;
            x->neg |= c != '+';
            i += k;
        } else if (c == '(') {
            if (phase != 0 || paren)
                return -1;
            paren = 1;
            x->neg = 1;
            i++;
        } else if (c == ')') {
            if (!paren || closed || !any)
                return -1;
            closed = 1;
            phase = 2;
            i++;
        } else if (r->currency &&
                   (k = match_word(s + i, n - i, currency_words, NWORDS(currency_words), NULL)) >
                       0) {
            if (phase == 1)
                phase = 2;
            i += k;
        } else if (r->multipliers && phase >= 1 && any && !mult && !closed &&
                   (k = match_word(s + i, n - i, multiplier_words, NWORDS(multiplier_words),
                                   &val)) > 0) {
            x->exp10 += val;
            mult = 1;
            phase = 2;
            i += k;
        } else if (r->nunits && phase >= 1 && any &&
                   (k = match_word(s + i, n - i, r->units, r->nunits, NULL)) > 0) {
            phase = 2;
            i += k;
        } else {
            return -1;
        }
    }
    if (!any || (paren && !closed) || (comma_open && grp != 3))
        return -1;
    while (x->nd > 0 && x->dig[x->nd - 1] == '0') {
        x->nd--;
        x->exp10++;
    }
    if (x->nd == 0) {
        x->exp10 = 0;
        x->neg = 0; /* -0 is 0 */
    }
    /* at most NUM_DIGITS digits before the point, as a plain number may have: "9e40" must
     * not become 41 digits that read back as a bad amount */
    if (x->nd + x->exp10 > NUM_DIGITS || x->exp10 < -NUM_DIGITS)
        return -1;
    return 0;
}

/* Plain decimal text of x (no exponent, no trailing zeros); returns its length. */
static size_t decimal_format(const struct decimal *x, char *res)
{
    size_t o = 0;
    if (x->neg)
        res[o++] = '-';
    if (x->nd == 0) {
        res[o++] = '0';
    } else if (x->exp10 >= 0) {
        memcpy(res + o, x->dig, (size_t)x->nd);
        o += (size_t)x->nd;
        for (int i = 0; i < x->exp10; i++)
            res[o++] = '0';
    } else {
        int ip = x->nd + x->exp10; /* digits before the point */
        if (ip <= 0) {
            res[o++] = '0';
            res[o++] = '.';
            for (int i = 0; i < -ip; i++)
                res[o++] = '0';
            memcpy(res + o, x->dig, (size_t)x->nd);
            o += (size_t)x->nd;
        } else {
            memcpy(res + o, x->dig, (size_t)ip);
            o += (size_t)ip;
            res[o++] = '.';
            memcpy(res + o, x->dig + ip, (size_t)(x->nd - ip));
            o += (size_t)(x->nd - ip);
        }
    }
    res[o] = '\0';
    return o;
}

/* The double nearest to x: exact fast path when digits and power of ten are exact doubles. */
static double decimal_value(const struct decimal *x, const char *text)
{
    static const double p10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                 1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    if (x->nd <= 15 && x->exp10 >= -22 && x->exp10 <= 22) {
        int64_t mant = 0;
        for (int i = 0; i < x->nd; i++)
            mant = mant * 10 + (x->dig[i] - '0');
        double v = (double)mant;
        v = x->exp10 >= 0 ? v * p10[x->exp10] : v / p10[-x->exp10];
        return x->neg ? -v : v;
    }
    double v = 0;
    if (ck_parse_double(text, &v) != 0)
        v = 0;
    return v;
}

static const struct numrules amount_rules = {1, 1, NULL, 0};
static const struct numrules count_rules = {1, 1, count_units, NWORDS(count_units)};
static const struct numrules age_rules = {0, 0, age_units, NWORDS(age_units)};

/* The fast path's parser: a plain decimal exactly ("1234.50", "-3", "0.5": ASCII digits, at
 * most one '.' with digits on both sides, an optional leading '-', nothing else, at most 32
 * bytes), read into x as parse_decimal() reads it; -1 for anything else. */
static int decimal_plain(const char *s, struct decimal *x)
{
    size_t i = 0;
    int point = 0;
    memset(x, 0, sizeof *x);
    if (s[0] == '-')
        x->neg = 1, i = 1;
    if (!is_digit(s[i]))
        return -1;
    for (; s[i]; i++) {
        char c = s[i];
        if (i >= 32)
            return -1;
        if (c == '.') {
            if (point || !is_digit(s[i + 1]))
                return -1;
            point = 1;
            continue;
        }
        if (!is_digit(c))
            return -1;
        if (x->nd || c != '0')
            x->dig[x->nd++] = c;
        x->exp10 -= point;
    }
    while (x->nd > 0 && x->dig[x->nd - 1] == '0') {
        x->nd--;
        x->exp10++;
    }
    if (x->nd == 0) {
        x->exp10 = 0;
        x->neg = 0; /* -0 is 0 */
    }
    return 0;
}

/* The amount's result once parsed: the plain decimal into out, the double into *value. */
static int amount_done(const struct decimal *x, char *out, size_t cap, double *value)
{
    char res[NUM_DIGITS * 2 + 8];
    size_t k = decimal_format(x, res);
    put(out, cap, res, k);
    if (value)
        *value = decimal_value(x, res);
    return x->neg ? CK_P_NEGATIVE_AMOUNT : CK_P_NONE;
}

int ck_norm_amount_fast(const char *in, char *out, size_t cap, double *value)
{
    struct decimal x;
    if (!in || decimal_plain(in, &x) < 0)
        return -1;
    if (value)
        *value = 0;
    return amount_done(&x, out, cap, value);
}

int ck_amount_cents_plain(const char *in, long long *cents)
{
    long long v = 0;
    const char *s = in;
    while (*s >= '0' && *s <= '9' && s - in < 15)
        v = v * 10 + (*s++ - '0');
    if (s == in)
        return -1;
    int frac = 0;
    if (*s == '.') {
        const char *f = ++s;
        while (*s >= '0' && *s <= '9' && s - f < 2)
            frac = frac * 10 + (*s++ - '0');
        if (s == f)
            return -1;
        if (s - f == 1)
            frac *= 10;
    }
    if (*s)
        return -1;
    *cents = v * 100 + frac;
    return 0;
}

int ck_norm_amount(const char *in, char *out, size_t cap, double *value)
{
    int rc = ck_norm_amount_fast(in, out, cap, value);
    return rc >= 0 ? rc : ck_norm_amount_full(in, out, cap, value);
}

int ck_norm_amount_full(const char *in, char *out, size_t cap, double *value)
{
    char buf[PREP_CAP];
    struct decimal x;
    if (value)
        *value = 0;
    if (!in)
        in = "";
    long n = prep(in, 0, buf);
    if (n == 0) {
        put(out, cap, "", 0);
        return CK_P_NONE;
    }
    if (n < 0 || parse_decimal(buf, (size_t)n, &amount_rules, &x) < 0)
        return fail(CK_P_BAD_AMOUNT, in, out, cap);
    return amount_done(&x, out, cap, value);
}

/* A whole number ≥ 0 within [0, max]: 0 and *v, else -1. */
static int decimal_whole(const struct decimal *x, long max, long *v)
{
    if (x->neg || x->exp10 < 0 || x->nd + x->exp10 > 18)
        return -1;
    long long a = 0;
    for (int i = 0; i < x->nd; i++)
        a = a * 10 + (x->dig[i] - '0');
    for (int i = 0; i < x->exp10; i++)
        a *= 10;
    if (a > max)
        return -1;
    *v = (long)a;
    return 0;
}

static int norm_whole(const char *in, const struct numrules *r, long max, int problem, char *out,
                      size_t cap, long *value)
{
    char buf[PREP_CAP], res[NUM_DIGITS * 2 + 8];
    struct decimal x;
    long v;
    if (value)
        *value = 0;
    if (!in)
        in = "";
    long n = prep(in, 0, buf);
    if (n == 0) {
        put(out, cap, "", 0);
        return CK_P_NONE;
    }
    if (n < 0 || parse_decimal(buf, (size_t)n, r, &x) < 0 || decimal_whole(&x, max, &v) < 0)
        return fail(problem, in, out, cap);
    put(out, cap, res, decimal_format(&x, res));
    if (value)
        *value = v;
    return CK_P_NONE;
}

int ck_norm_count(const char *in, char *out, size_t cap, long *value)
{
    return norm_whole(in, &count_rules, LONG_MAX, CK_P_BAD_NUMBER, out, cap, value);
}

int ck_norm_age(const char *in, char *out, size_t cap)
{
    return norm_whole(in, &age_rules, 120, CK_P_BAD_AGE, out, cap, NULL);
}

/* ---------- gender ---------- */

static const struct word gender_words[] = {
    {"\xe7\x94\xb7", 'M'},                     /* 男 */
    {"\xe7\x94\xb7\xe6\x80\xa7", 'M'},         /* 男性 */
    {"\xe7\x94\xb7\xe5\xa3\xab", 'M'},         /* 男士 */
    {"\xe5\x85\x88\xe7\x94\x9f", 'M'},         /* 先生 */
    {"\xe7\x94\xb7\xe7\x94\x9f", 'M'},         /* 男生 */
    {"\xe2\x99\x82", 'M'},                     /* ♂ */
    {"m", 'M'}, {"male", 'M'}, {"man", 'M'}, {"mr", 'M'}, {"mr.", 'M'},
    {"\xe5\xa5\xb3", 'F'},                     /* 女 */
    {"\xe5\xa5\xb3\xe6\x80\xa7", 'F'},         /* 女性 */
    {"\xe5\xa5\xb3\xe5\xa3\xab", 'F'},         /* 女士 */
    {"\xe5\xb0\x8f\xe5\xa7\x90", 'F'},         /* 小姐 */
    {"\xe5\xa4\xaa\xe5\xa4\xaa", 'F'},         /* 太太 */
    {"\xe5\xa5\xb3\xe7\x94\x9f", 'F'},         /* 女生 */
    {"\xe2\x99\x80", 'F'},                     /* ♀ */
    {"f", 'F'}, {"female", 'F'}, {"woman", 'F'}, {"mrs", 'F'}, {"mrs.", 'F'},
    {"ms", 'F'}, {"ms.", 'F'}, {"miss", 'F'},
};

int ck_norm_gender(const char *in, const struct ck_norm_opts *o, char *out, size_t cap)
{
    char buf[PREP_CAP];
    if (!in)
        in = "";
    if (!o)
        o = &default_opts;
    long n = prep(in, 0, buf);
    if (n == 0) {
        put(out, cap, "", 0);
        return CK_P_NONE;
    }
    for (size_t i = 0; n > 0 && i < NWORDS(gender_words); i++) {
        size_t k = strlen(gender_words[i].s);
        int val;
        if (k == (size_t)n && match_word(buf, k, &gender_words[i], 1, &val) == k) {
            const char *res = o->lang == CK_LANG_ZH ? (val == 'M' ? "\xe7\x94\xb7" : "\xe5\xa5\xb3")
                                                    : (val == 'M' ? "M" : "F");
            put(out, cap, res, strlen(res));
            return CK_P_NONE;
        }
    }
    return fail(CK_P_BAD_GENDER, in, out, cap);
}

/* ---------- birthdate ---------- */

int ck_norm_birthdate(const char *in, const struct ck_norm_opts *o, char *out, size_t cap)
{
    char buf[PREP_CAP], res[24];
    long dn = LONG_MIN;
    int secs;
    if (!in)
        in = "";
    if (!o)
        o = &default_opts;
    long n = prep(in, 0, buf);
    if (n == 0) {
        put(out, cap, "", 0);
        return CK_P_NONE;
    }
    int rc = n < 0 ? CK_P_BAD_DATE : date_parse(buf, (size_t)n, o, 1, &dn, &secs);
    if (rc != CK_P_NONE)
        return fail(rc, in, out, cap);
    long ref = o->as_of != LONG_MIN ? o->as_of : ck_today();
    if (dn > ref)
        return fail(CK_P_BAD_BIRTHDATE, in, out, cap);
    int by, bm, bd, ry, rm, rd;
    ck_civil_from_days(dn, &by, &bm, &bd);
    ck_civil_from_days(ref, &ry, &rm, &rd);
    int age = ry - by - ((rm < bm || (rm == bm && rd < bd)) ? 1 : 0);
    if (age < 0 || age > 120)
        return fail(CK_P_BAD_BIRTHDATE, in, out, cap);
    put(out, cap, res, date_format(dn, -1, res)); /* a birthdate is a day: no time */
    return CK_P_NONE;
}

/* ---------- --as-of ---------- */

int ck_asof_resolve(const char *spec, long *days, struct ck_error *e)
{
    if (!spec || strcasecmp(spec, "today") == 0) {
        *days = ck_today();
        return CK_OK;
    }
    if (strcasecmp(spec, "quarter-end") == 0) {
        int y, m, d;
        ck_civil_from_days(ck_today(), &y, &m, &d);
        int q_start_month = (m - 1) / 3 * 3 + 1; /* first month of the current quarter */
        *days = ck_days_from_civil(y, q_start_month, 1) - 1;
        return CK_OK;
    }
    /* Every form a date cell may take (2026/9/30, 2026年9月30日, 20260930, 30/09/2026, …), read
     * by the same normaliser as the data; only a day, never a guess: no time of day, no Excel
     * serial, and 05/09/2026 (May or September?) is refused rather than read one way. */
    char iso[64];
    int p = ck_norm_date(spec, NULL, 0, iso, sizeof iso, days);
    if (p == CK_P_NONE && strlen(iso) == 10)
        return CK_OK;
    if (p == CK_P_AMBIGUOUS_DATE)
        return ck_error_set(e, CK_EUSAGE,
                            "--as-of '%s' is ambiguous (day/month or month/day): write it as "
                            "YYYY-MM-DD",
                            spec);
    return ck_error_set(e, CK_EUSAGE,
                        "--as-of takes a date (YYYY-MM-DD, YYYY/M/D, YYYY年M月D日, YYYYMMDD, …), "
                        "today or quarter-end, not '%s'",
                        spec);
}
