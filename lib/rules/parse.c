/* parse.c — the tag rule language (custkit-rules(5)): a lexer, and a parser that builds a
 * typed AST and finds every error at load time. The evaluator that runs it once per row is
 * rules/eval.c; the built-in groups are rules/builtin.c; what they share is rules_internal.h. */
#include <errno.h>
#include <limits.h>
#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/i18n.h"
#include "rules/rules_internal.h"

/* ======================================================================================
 * Arenas and small helpers
 * ====================================================================================== */

/* What a value is, in messages (translated where they are printed). */
static const char *const type_names[] = {N_("a condition"), N_("a number"), N_("a string"),
                                         N_("a date"), N_("a column")};

char *rules_arena_alloc(struct arena *a, size_t n)
{
    for (;;) {
        if (a->cur && a->cur->cap - a->cur->used >= n) {
            char *p = a->cur->data + a->cur->used;
            a->cur->used += n;
            return p;
        }
        if (a->cur && a->cur->next) {
            a->cur = a->cur->next;
            continue;
        }
        size_t cap = n > 65536 ? n : 65536;
        struct chunk *c = malloc(sizeof *c + cap);
        if (!c)
            return NULL;
        c->next = NULL;
        c->cap = cap;
        c->used = 0;
        if (a->cur)
            a->cur->next = c;
        else
            a->head = c;
        a->cur = c;
    }
}

void rules_arena_reset(struct arena *a)
{
    for (struct chunk *c = a->head; c; c = c->next)
        c->used = 0;
    a->cur = a->head;
}

void rules_arena_free(struct arena *a)
{
    struct chunk *c = a->head;
    while (c) {
        struct chunk *next = c->next;
        free(c);
        c = next;
    }
    a->head = a->cur = NULL;
}

/* The functions: one argument each; data, not code. */
static const struct func_def {
    const char *name;
    int arg, ret;
} funcs[] = {
    [F_DAYS_SINCE] = {"days_since", TY_DATE, TY_NUM},
    [F_YEAR] = {"year", TY_DATE, TY_NUM},
    [F_MONTH] = {"month", TY_DATE, TY_NUM},
    [F_AGE] = {"age", TY_DATE, TY_NUM},
    [F_LEN] = {"len", TY_STR, TY_NUM},
    [F_REGION] = {"region", TY_STR, TY_STR},
    [F_CITY_TIER] = {"city_tier", TY_STR, TY_STR},
    [F_LOWER] = {"lower", TY_STR, TY_STR},
    [F_NUMBER] = {"number", TY_STR, TY_NUM},
};
#define NFUNCS (sizeof funcs / sizeof *funcs)

static char *keep_strdup(struct ck_rules *rs, const char *s, size_t n)
{
    char *p = rules_arena_alloc(&rs->keep, n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = 0;
    }
    return p;
}

size_t rules_utf8_chars(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

/* ======================================================================================
 * Part 1: the lexer
 * ====================================================================================== */

enum tk {
    T_EOL,
    T_NUM,
    T_STR,
    T_DATE,
    T_IDENT,
    T_QIDENT,
    T_LP,
    T_RP,
    T_COMMA,
    T_EQ,
    T_NE,
    T_LT,
    T_LE,
    T_GT,
    T_GE,
    T_MINUS,
    T_AND,
    T_OR,
    T_NOT,
    T_CONTAINS,
    T_STARTSWITH,
    T_ENDSWITH,
    T_MATCHES,
    T_IN,
    T_IS,
    T_EMPTY,
    T_TRUE,
    T_FALSE
};
/* Tokens, in messages (translated where printed; symbols and keywords stay as they are). */
static const char *const tk_names[] = {
    N_("end of line"), N_("a number"), N_("a string"), N_("a date"), N_("a name"),
    N_("a `name`"),    "'('",
    "')'",         "','",       "'=='",     "'!='",   "'<'",     "'<='",       "'>'",
    "'>='",        "'-'",       "'and'",    "'or'",   "'not'",   "'contains'", "'startswith'",
    "'endswith'",  "'matches'", "'in'",     "'is'",   "'empty'", "'true'",     "'false'"};

static const struct {
    const char *word;
    int tk;
} keywords[] = {
    {"and", T_AND},
    {"or", T_OR},
    {"not", T_NOT},
    {"contains", T_CONTAINS},
    {"startswith", T_STARTSWITH},
    {"endswith", T_ENDSWITH},
    {"matches", T_MATCHES},
    {"in", T_IN},
    {"is", T_IS},
    {"empty", T_EMPTY},
    {"true", T_TRUE},
    {"false", T_FALSE},
};

/* Punctuation a Chinese input method types instead of the ASCII one the language wants. */
static const struct {
    long cp;
    const char *ascii;
} wide_punct[] = {
    {0xFF08, "("}, {0xFF09, ")"}, {0xFF0C, ","}, {0x201C, "\""}, {0x201D, "\""},
    {0xFF1D, "="}, {0xFF1C, "<"}, {0xFF1E, ">"}, {0xFF01, "!"},  {0x3001, ","},
};

struct tok {
    int k;
    size_t off, end;
    double num;
    long days;
    const char *s; /* T_STR, T_IDENT, T_QIDENT: NUL-terminated copy */
    size_t slen;
};

struct parser {
    struct ck_rules *rs;
    const char *name, *src;
    size_t pos, eol; /* lexer position; end of the current line */
    size_t line_start;
    int line;
    int depth;
    size_t first_node; /* nodes before this belong to other sources */
    struct tok tok;
    struct ck_error *e;
};

/* "file:line:col: message"; col counts characters, as an editor shows them. */
static int perr(struct parser *p, size_t off, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int perr(struct parser *p, size_t off, const char *fmt, ...)
{
    char msg[440];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, _(fmt), ap);
    va_end(ap);
    if (off < p->line_start)
        off = p->line_start;
    size_t col = rules_utf8_chars(p->src + p->line_start, off - p->line_start) + 1;
    return ck_error_set(p->e, CK_EUSAGE, "%s:%d:%zu: %s", p->name, p->line, col, msg);
}

static long decode_at(const struct parser *p, size_t off, size_t *adv)
{
    return ck_utf8_decode(p->src + off, p->eol - off, adv);
}

/* Letters, digits and '_' in ASCII; beyond ASCII anything but spaces and punctuation, so
 * that Chinese headers and tags are names. */
static int is_ident_cp(long cp, int first)
{
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || cp == '_' ||
               (!first && cp >= '0' && cp <= '9');
    if (cp <= 0xBF || cp == 0xD7 || cp == 0xF7)
        return 0;
    if ((cp >= 0x2000 && cp <= 0x206F) || (cp >= 0x3000 && cp <= 0x303F))
        return 0;
    if (cp >= 0xFF00 && cp <= 0xFF65)
        return (cp >= 0xFF10 && cp <= 0xFF19) || (cp >= 0xFF21 && cp <= 0xFF3A) ||
               (cp >= 0xFF41 && cp <= 0xFF5A) || cp == 0xFF3F;
    return 1;
}

static int is_space_at(const struct parser *p, size_t off, size_t *adv)
{
    char c = p->src[off];
    *adv = 1;
    if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v')
        return 1;
    /* ideographic space, typed by Chinese input methods */
    if ((unsigned char)c == 0xE3 && off + 2 < p->eol && (unsigned char)p->src[off + 1] == 0x80 &&
        (unsigned char)p->src[off + 2] == 0x80) {
        *adv = 3;
        return 1;
    }
    return 0;
}

static size_t skip_space(const struct parser *p, size_t off)
{
    size_t adv;
    while (off < p->eol && is_space_at(p, off, &adv))
        off += adv;
    return off;
}

static int lex_string(struct parser *p, size_t start)
{
    struct ck_rules *rs = p->rs;
    size_t i = start + 1;
    /* the decoded text is never longer than the source */
    char *out = rules_arena_alloc(&rs->keep, p->eol - start + 1);
    size_t o = 0;
    if (!out)
        return ck_error_set(p->e, CK_ENOMEM, "out of memory");
    for (;;) {
        if (i >= p->eol)
            return perr(p, start, "unterminated string (missing closing \")");
        char c = p->src[i];
        if (c == '"')
            break;
        if (c != '\\') {
            out[o++] = c;
            i++;
            continue;
        }
        size_t esc = i;
        if (++i >= p->eol)
            return perr(p, start, "unterminated string (missing closing \")");
        switch (p->src[i]) {
        case '"':
            out[o++] = '"';
            break;
        case '\\':
            out[o++] = '\\';
            break;
        case 'n':
            out[o++] = '\n';
            break;
        case 't':
            out[o++] = '\t';
            break;
        case 'r':
            out[o++] = '\r';
            break;
        case 'u': {
            long cp = 0;
            for (int k = 1; k <= 4; k++) {
                char h = 0;
                if (i + (size_t)k < p->eol)
                    h = p->src[i + (size_t)k];
                int d = h >= '0' && h <= '9'   ? h - '0'
                        : h >= 'a' && h <= 'f' ? h - 'a' + 10
                        : h >= 'A' && h <= 'F' ? h - 'A' + 10
                                               : -1;
                if (d < 0)
                    return perr(p, esc, "\\u needs four hex digits");
                cp = cp * 16 + d;
            }
            if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF))
                return perr(p, esc, "\\u%04lX is not a character", cp);
            o += ck_utf8_encode(cp, out + o); /* at most 3 bytes for 6 source bytes */
            i += 4;
            break;
        }
        default:
            return perr(p, esc,
                        "unknown escape '\\%c' in string (use \\\" \\\\ \\n \\t \\r \\uXXXX)",
                        p->src[i]);
        }
        i++;
    }
    out[o] = 0;
    p->tok.k = T_STR;
    p->tok.s = out;
    p->tok.slen = o;
    p->pos = i + 1;
    return CK_OK;
}

/* Digits at off: returns how many, value in *v. */
static size_t lex_digits(const struct parser *p, size_t off, long *v)
{
    size_t n = 0;
    *v = 0;
    while (off + n < p->eol && p->src[off + n] >= '0' && p->src[off + n] <= '9') {
        if (*v < 100000000)
            *v = *v * 10 + (p->src[off + n] - '0');
        n++;
    }
    return n;
}

static int lex_number(struct parser *p, size_t start)
{
    long y, m, d;
    size_t i = start, n = lex_digits(p, i, &y);
    i += n;
    if (n == 4 && i + 1 < p->eol && p->src[i] == '-' && p->src[i + 1] >= '0' &&
        p->src[i + 1] <= '9') {
        /* a date literal: YYYY-M-D, one or two digits for month and day */
        size_t nm = lex_digits(p, i + 1, &m), nd = 0;
        i += 1 + nm;
        if (nm <= 2 && i + 1 < p->eol && p->src[i] == '-')
            nd = lex_digits(p, i + 1, &d);
        if (nm > 2 || nd == 0 || nd > 2)
            return perr(p, start, "bad date literal: write dates as YYYY-MM-DD");
        i += 1 + nd;
        if (!ck_date_valid((int)y, (int)m, (int)d))
            return perr(p, start, "invalid date %.*s", (int)(i - start), p->src + start);
        p->tok.k = T_DATE;
        p->tok.days = ck_days_from_civil((int)y, (int)m, (int)d);
    } else {
        long ignored;
        if (i < p->eol && p->src[i] == '.') {
            size_t f = lex_digits(p, i + 1, &ignored);
            if (!f)
                return perr(p, i, "expected digits after '.'");
            i += 1 + f;
        }
        if (i < p->eol && (p->src[i] == 'e' || p->src[i] == 'E')) {
            size_t j = i + 1;
            if (j < p->eol && (p->src[j] == '+' || p->src[j] == '-'))
                j++;
            size_t ne = lex_digits(p, j, &ignored);
            if (ne)
                i = j + ne;
        }
        char buf[64];
        if (i - start >= sizeof buf)
            return perr(p, start, "number too long");
        memcpy(buf, p->src + start, i - start);
        buf[i - start] = 0;
        p->tok.k = T_NUM;
        p->tok.num = strtod(buf, NULL);
        /* 万 and 亿, as amounts are written in Chinese: 5万 = 50000 */
        if (i + 3 <= p->eol && memcmp(p->src + i, "\xE4\xB8\x87", 3) == 0) {
            p->tok.num *= 1e4;
            i += 3;
        } else if (i + 3 <= p->eol && memcmp(p->src + i, "\xE4\xBA\xBF", 3) == 0) {
            p->tok.num *= 1e8;
            i += 3;
        }
    }
    size_t adv;
    if (i < p->eol && is_ident_cp(decode_at(p, i, &adv), 0))
        return perr(p, i,
                    "unexpected character after %s (put names with leading digits in "
                    "`backquotes`)",
                    p->tok.k == T_DATE ? "date" : "number");
    p->pos = i;
    return CK_OK;
}

/* Read the next token into p->tok. */
static int lex(struct parser *p)
{
    size_t i = skip_space(p, p->pos), adv;
    struct tok *t = &p->tok;
    memset(t, 0, sizeof *t);
    t->off = i;
    if (i >= p->eol || p->src[i] == '#') {
        t->k = T_EOL;
        p->pos = i;
        t->end = i;
        return CK_OK;
    }
    char c = p->src[i], c2 = 0;
    if (i + 1 < p->eol)
        c2 = p->src[i + 1];
    int rc = CK_OK;
    p->pos = i + 1;
    switch (c) {
    case '(':
        t->k = T_LP;
        break;
    case ')':
        t->k = T_RP;
        break;
    case ',':
        t->k = T_COMMA;
        break;
    case '-':
        t->k = T_MINUS;
        break;
    case '"':
        rc = lex_string(p, i);
        break;
    case '=':
        if (c2 != '=')
            return perr(p, i,
                        "expected '==' to compare ('=' only separates a tag from its "
                        "condition)");
        t->k = T_EQ;
        p->pos = i + 2;
        break;
    case '!':
        if (c2 != '=')
            return perr(p, i, "unexpected '!' (write 'not' or '!=')");
        t->k = T_NE;
        p->pos = i + 2;
        break;
    case '<':
    case '>':
        t->k = c == '<' ? (c2 == '=' ? T_LE : T_LT) : (c2 == '=' ? T_GE : T_GT);
        p->pos = i + (c2 == '=' ? 2 : 1);
        break;
    case '&':
    case '|':
        return perr(p, i, "unexpected '%c' (write '%s')", c, c == '&' ? "and" : "or");
    case '`': {
        size_t j = i + 1;
        while (j < p->eol && p->src[j] != '`')
            j++;
        if (j >= p->eol)
            return perr(p, i, "unterminated `name` (missing closing `)");
        if (j == i + 1)
            return perr(p, i, "empty `name`");
        t->k = T_QIDENT;
        t->s = keep_strdup(p->rs, p->src + i + 1, j - i - 1);
        if (!t->s)
            return ck_error_set(p->e, CK_ENOMEM, "out of memory");
        t->slen = j - i - 1;
        p->pos = j + 1;
        break;
    }
    default:
        if (c >= '0' && c <= '9') {
            rc = lex_number(p, i);
            break;
        }
        long cp = decode_at(p, i, &adv);
        if (cp < 0)
            return perr(p, i, "invalid UTF-8 (save the file as UTF-8)");
        if (!is_ident_cp(cp, 1)) {
            for (size_t k = 0; k < sizeof wide_punct / sizeof *wide_punct; k++)
                if (wide_punct[k].cp == cp)
                    return perr(p, i, "full-width '%.*s': write the ASCII '%s'", (int)adv,
                                p->src + i, wide_punct[k].ascii);
            return perr(p, i, "unexpected '%.*s'", (int)adv, p->src + i);
        }
        size_t j = i;
        while (j < p->eol) {
            long k = decode_at(p, j, &adv);
            if (k < 0 || !is_ident_cp(k, j == i))
                break;
            j += adv;
        }
        t->k = T_IDENT;
        t->slen = j - i;
        for (size_t k = 0; k < sizeof keywords / sizeof *keywords; k++)
            if (strlen(keywords[k].word) == t->slen &&
                strncasecmp(keywords[k].word, p->src + i, t->slen) == 0)
                t->k = keywords[k].tk;
        if (t->k == T_IDENT && !(t->s = keep_strdup(p->rs, p->src + i, t->slen)))
            return ck_error_set(p->e, CK_ENOMEM, "out of memory");
        p->pos = j;
    }
    t->end = p->pos;
    return rc;
}

/* ======================================================================================
 * Part 2: the parser, with names resolved and types checked
 * ====================================================================================== */

static int new_node(struct parser *p, int op, int type, size_t off, size_t end)
{
    struct ck_rules *rs = p->rs;
    if (rs->nnodes >= INT_MAX - 1 ||
        ck_grow((void **)&rs->nodes, &rs->capnodes, rs->nnodes + 1, sizeof *rs->nodes)) {
        ck_error_set(p->e, CK_ENOMEM, "out of memory");
        return -1;
    }
    struct node *n = &rs->nodes[rs->nnodes];
    memset(n, 0, sizeof *n);
    n->op = (unsigned char)op;
    n->type = (unsigned char)type;
    n->want = TY_STR;
    n->off = off;
    n->end = end;
    return (int)rs->nnodes++;
}

#define NODE(i) (p->rs->nodes[i])

/* The source text of a node, for messages ("amount", "\"VIP\""), cut at 40 bytes. */
static const char *describe(struct parser *p, int n, char *buf, size_t cap)
{
    size_t len = NODE(n).end - NODE(n).off;
    const char *s = p->src + NODE(n).off;
    if (len > 40) {
        len = 40;
        while (len && ((unsigned char)s[len] & 0xC0) == 0x80)
            len--;
        snprintf(buf, cap, "%.*s…", (int)len, s);
    } else {
        snprintf(buf, cap, "%.*s", (int)len, s);
    }
    return buf;
}

/* Role type of a column: the numbers and dates custkit knows by role. */
static int column_type(const struct ck_rules *rs, int col)
{
    static const struct {
        int role, type;
    } typed[] = {
        {CK_ROLE_ORDERS, TY_NUM},
        {CK_ROLE_AMOUNT, TY_NUM},
        {CK_ROLE_AGE, TY_NUM},
        {CK_ROLE_QUANTITY, TY_NUM},
        {CK_ROLE_BIRTHDATE, TY_DATE},
        {CK_ROLE_FIRST_PURCHASE, TY_DATE},
        {CK_ROLE_LAST_PURCHASE, TY_DATE},
        {CK_ROLE_ORDER_DATE, TY_DATE},
    };
    if (!rs->ctx.roles)
        return TY_ANY;
    for (size_t i = 0; i < sizeof typed / sizeof *typed; i++)
        if (rs->ctx.roles->col[typed[i].role] == col)
            return typed[i].type;
    return TY_ANY;
}

static int header_find(const struct ck_rules *rs, const char *name)
{
    const struct ck_row *h = rs->ctx.header;
    char fa[256], fb[256];
    for (size_t c = 0; c < h->n; c++)
        if (strcmp(h->f[c], name) == 0)
            return (int)c;
    ck_header_fold(name, fa, sizeof fa);
    for (size_t c = 0; c < h->n; c++)
        if (strcmp(ck_header_fold(h->f[c], fb, sizeof fb), fa) == 0)
            return (int)c;
    return -1;
}

static int role_find(const struct ck_rules *rs, const char *name, int *role)
{
    char low[64];
    size_t n = strlen(name);
    *role = -1;
    if (n >= sizeof low)
        return -1;
    for (size_t i = 0; i <= n; i++)
        low[i] = (char)(name[i] >= 'A' && name[i] <= 'Z' ? name[i] + 32 : name[i]);
    *role = ck_role_from_name(low);
    if (*role < 0 || !rs->ctx.roles)
        return -1;
    return rs->ctx.roles->col[*role];
}

/* "unknown column 'x' (did you mean 'y'?); columns: a, b, c" */
static int unknown_column(struct parser *p, size_t off, const char *name, int role)
{
    const struct ck_rules *rs = p->rs;
    const struct ck_row *h = rs->ctx.header;
    const char **cands = malloc((h->n + CK_ROLE_COUNT) * sizeof *cands);
    if (!cands)
        return ck_error_set(p->e, CK_ENOMEM, "out of memory");
    size_t n = 0;
    for (size_t c = 0; c < h->n; c++)
        cands[n++] = h->f[c];
    for (int r = 0; r < CK_ROLE_COUNT; r++)
        if (rs->ctx.roles && rs->ctx.roles->col[r] >= 0)
            cands[n++] = ck_role_name(r);
    const char *near = ck_suggest(name, cands, n);
    free(cands);
    char list[240];
    size_t o = 0;
    for (size_t c = 0; c < h->n; c++) {
        size_t l = strlen(h->f[c]);
        if (o + l + 8 >= sizeof list) {
            snprintf(list + o, sizeof list - o, ", …");
            break;
        }
        o += (size_t)snprintf(list + o, sizeof list - o, "%s%s", c ? ", " : "", h->f[c]);
    }
    char mean[140] = "";
    if (near)
        snprintf(mean, sizeof mean, _(" (did you mean '%s'?)"), near);
    if (role >= 0)
        return perr(p, off,
                    "the table has no %s column%s; map one with --col %s=HEADER; "
                    "columns: %s",
                    name, mean, ck_role_name(role), list);
    return perr(p, off, "unknown column '%s'%s; columns: %s", name, mean, list);
}

/* glibc's regcomp copies a subexpression once per repeat ("a{3}" is "aaa", "a+" is "aa*"), so
 * stacked or nested repeats ("x++++…", "((a{99}){99}){99}") take time and memory exponential
 * in the pattern's length. Adjacent repeats are refused (POSIX leaves them undefined); the
 * size of the expanded pattern is estimated first and one over REGEX_MAX_ELEMENTS, or with
 * groups nested over REGEX_MAX_DEPTH, is refused instead of exhausting memory. */
enum { REGEX_MAX_ELEMENTS = 10000, REGEX_MAX_DEPTH = 32 };

struct re_est {
    const char *s;
    size_t i;
    int depth;
};

static double re_alt(struct re_est *r);

/* a repeat's factor: how many copies of the atom regcomp makes; 0 = not a repeat here */
static double re_repeat(struct re_est *r)
{
    char c = r->s[r->i];
    if (c == '?')
        return r->i++, 1;
    if (c == '*')
        return r->i++, 2; /* its closure costs like a copy */
    if (c == '+')
        return r->i++, 2;
    if (c != '{')
        return 0;
    size_t j = r->i + 1;
    double m = 0, n = -1;
    while (r->s[j] >= '0' && r->s[j] <= '9' && m < 1e9)
        m = m * 10 + (r->s[j++] - '0');
    if (j == r->i + 1)
        return 0; /* a literal '{' */
    if (r->s[j] == ',') {
        j++;
        if (r->s[j] >= '0' && r->s[j] <= '9') {
            n = 0;
            while (r->s[j] >= '0' && r->s[j] <= '9' && n < 1e9)
                n = n * 10 + (r->s[j++] - '0');
        } else {
            n = m + 1; /* "{m,}" is m copies and a star */
        }
    }
    if (r->s[j] != '}')
        return 0;
    r->i = j + 1;
    double f = n > m ? n : m;
    return f < 1 ? 1 : f;
}

/* one atom: a group, a bracket expression, an escape or a character */
static double re_atom(struct re_est *r)
{
    const char *s = r->s;
    if (s[r->i] == '(') {
        r->i++;
        if (++r->depth > REGEX_MAX_DEPTH)
            return 1e18;
        double v = re_alt(r);
        r->depth--;
        if (s[r->i] == ')')
            r->i++;
        return v;
    }
    if (s[r->i] == '[') {
        size_t j = r->i + 1;
        if (s[j] == '^')
            j++;
        if (s[j] == ']')
            j++;
        while (s[j] && s[j] != ']') {
            if (s[j] == '[' && (s[j + 1] == ':' || s[j + 1] == '.' || s[j + 1] == '=')) {
                char k = s[j + 1];
                const char *end = strchr(s + j + 2, k);
                j = end && end[1] == ']' ? (size_t)(end - s) + 2 : j + 1;
            } else {
                j++;
            }
        }
        r->i = s[j] ? j + 1 : j;
        return 1;
    }
    if (s[r->i] == '\\' && s[r->i + 1])
        r->i++;
    r->i++;
    return 1;
}

/* a sequence of atoms, each with its repeats, up to '|' or ')' */
static double re_seq(struct re_est *r)
{
    double total = 0;
    while (r->s[r->i] && r->s[r->i] != '|' && r->s[r->i] != ')') {
        double v = re_atom(r), f = re_repeat(r);
        if (f > 0) {
            v *= f;
            /* POSIX leaves adjacent repeats ("a+*", "a{2}{3}") undefined, and glibc's are
             * exponential in time and memory: refuse them. */
            if (re_repeat(r) > 0)
                return 1e18;
        }
        total += v;
        if (total > REGEX_MAX_ELEMENTS)
            return total;
    }
    return total;
}

static double re_alt(struct re_est *r)
{
    double total = re_seq(r);
    while (r->s[r->i] == '|' && total <= REGEX_MAX_ELEMENTS) {
        r->i++;
        total += re_seq(r);
    }
    return total;
}

/* The pattern's size once its repeats are expanded (saturating past the limit). */
static double regex_expanded_size(const char *pattern)
{
    struct re_est r = {pattern, 0, 0};
    double total = 0;
    while (r.s[r.i] && total <= REGEX_MAX_ELEMENTS) {
        total += re_alt(&r);
        if (r.s[r.i]) /* an unbalanced ')': regcomp will say so */
            r.i++;
    }
    return total;
}

static int parse_or(struct parser *p);

/* A column reference: role name, header, or folded header (bare names try roles first). */
static int parse_column(struct parser *p)
{
    struct tok t = p->tok;
    int role = -1, col = -1;
    if (t.k == T_IDENT) {
        col = role_find(p->rs, t.s, &role);
        if (col < 0)
            col = header_find(p->rs, t.s);
        for (size_t f = 0; col < 0 && f < NFUNCS; f++)
            if (strcmp(funcs[f].name, t.s) == 0) /* a full-width '（' is the likelier slip */
                return lex(p) ? -1
                              : (perr(p, t.off, "'%s' is a function: write %s(…)", t.s, t.s), -1);
    } else {
        col = header_find(p->rs, t.s);
        if (col < 0)
            col = role_find(p->rs, t.s, &role);
    }
    if (col < 0)
        return unknown_column(p, t.off, t.s, role), -1;
    int n = new_node(p, N_COL, column_type(p->rs, col), t.off, t.end);
    if (n < 0)
        return -1;
    NODE(n).col = col;
    return lex(p) ? -1 : n;
}

static int parse_call(struct parser *p)
{
    struct tok name = p->tok;
    int f = -1;
    for (size_t i = 0; i < NFUNCS; i++)
        if (strcmp(funcs[i].name, name.s) == 0)
            f = (int)i;
    if (f < 0) {
        const char *cands[NFUNCS];
        for (size_t i = 0; i < NFUNCS; i++)
            cands[i] = funcs[i].name;
        const char *near = ck_suggest(name.s, cands, NFUNCS);
        if (near)
            return perr(p, name.off, "unknown function '%s' (did you mean '%s'?)", name.s, near),
                   -1;
        return perr(p, name.off,
                    "unknown function '%s' (functions: days_since, year, month, "
                    "age, len, region, city_tier, lower, number)",
                    name.s),
               -1;
    }
    if (lex(p) || lex(p)) /* the name, then '(' */
        return -1;
    int args[8], nargs = 0;
    if (p->tok.k != T_RP) {
        for (;;) {
            int a = parse_or(p);
            if (a < 0)
                return -1;
            if (nargs < 8)
                args[nargs] = a;
            nargs++;
            if (p->tok.k != T_COMMA)
                break;
            if (lex(p))
                return -1;
        }
    }
    if (p->tok.k != T_RP)
        return perr(p, p->tok.off, "expected ',' or ')' in the arguments of %s, found %s", name.s,
                    _(tk_names[p->tok.k])),
               -1;
    size_t end = p->tok.end;
    if (nargs != 1)
        return perr(p, name.off, "%s takes 1 argument, got %d", name.s, nargs), -1;
    const struct func_def *fd = &funcs[f];
    int a = args[0];
    struct node *an = &NODE(a);
    char d[64];
    if (an->op == N_COL && (fd->arg == TY_STR || an->type == TY_ANY || an->type == fd->arg)) {
        an->want = (unsigned char)fd->arg; /* a column is read as what the function needs */
    } else if (an->type != fd->arg) {
        return perr(p, an->off, "%s needs %s, not %s: %s", fd->name, _(type_names[fd->arg]),
                    _(type_names[an->type]), describe(p, a, d, sizeof d)),
               -1;
    }
    /* the same function of the same column is computed once per row */
    if (an->op == N_COL)
        for (size_t i = p->first_node; i < p->rs->nnodes; i++) {
            struct node *o = &p->rs->nodes[i];
            if (o->op == N_CALL && o->col == f && NODE(o->a).op == N_COL &&
                NODE(o->a).col == an->col && NODE(o->a).want == an->want)
                return lex(p) ? -1 : (int)i;
        }
    int n = new_node(p, N_CALL, fd->ret, name.off, end);
    if (n < 0)
        return -1;
    NODE(n).col = f;
    NODE(n).a = a;
    return lex(p) ? -1 : n;
}

static int literal_node(struct parser *p)
{
    struct tok t = p->tok;
    int n;
    switch (t.k) {
    case T_MINUS:
        if (lex(p))
            return -1;
        if (p->tok.k != T_NUM)
            return perr(p, p->tok.off, "expected a number after '-'"), -1;
        n = new_node(p, N_LIT, TY_NUM, t.off, p->tok.end);
        if (n >= 0) {
            NODE(n).v.t = V_NUM;
            NODE(n).v.num = -p->tok.num;
        }
        break;
    case T_NUM:
        n = new_node(p, N_LIT, TY_NUM, t.off, t.end);
        if (n >= 0) {
            NODE(n).v.t = V_NUM;
            NODE(n).v.num = t.num;
        }
        break;
    case T_DATE:
        n = new_node(p, N_LIT, TY_DATE, t.off, t.end);
        if (n >= 0) {
            NODE(n).v.t = V_DATE;
            NODE(n).v.days = t.days;
        }
        break;
    case T_STR:
        n = new_node(p, N_LIT, TY_STR, t.off, t.end);
        if (n >= 0) {
            NODE(n).v.t = t.slen ? V_STR : V_MISSING;
            NODE(n).v.s = t.s;
            NODE(n).v.len = t.slen;
        }
        break;
    default: /* T_TRUE, T_FALSE */
        n = new_node(p, N_LIT, TY_BOOL, t.off, t.end);
        if (n >= 0)
            NODE(n).v.num = t.k == T_TRUE;
    }
    return n < 0 || lex(p) ? -1 : n;
}

static int enter(struct parser *p)
{
    if (++p->depth > CK_RULES_MAX_DEPTH)
        return perr(p, p->tok.off, "expression nested too deeply (more than %d levels)",
                    CK_RULES_MAX_DEPTH);
    return CK_OK;
}

static int parse_primary(struct parser *p)
{
    switch (p->tok.k) {
    case T_NUM:
    case T_MINUS:
    case T_STR:
    case T_DATE:
    case T_TRUE:
    case T_FALSE:
        return literal_node(p);
    case T_QIDENT:
        return parse_column(p);
    case T_IDENT: {
        size_t after = skip_space(p, p->pos);
        if (after < p->eol && p->src[after] == '(') {
            if (enter(p))
                return -1;
            int n = parse_call(p);
            p->depth--;
            return n;
        }
        return parse_column(p);
    }
    case T_LP: {
        size_t off = p->tok.off;
        if (enter(p) || lex(p))
            return -1;
        int n = parse_or(p);
        if (n < 0)
            return -1;
        if (p->tok.k != T_RP)
            return perr(p, p->tok.off, "expected ')' to close the '(' at column %zu, found %s",
                        rules_utf8_chars(p->src + p->line_start, off - p->line_start) + 1,
                        _(tk_names[p->tok.k])),
                   -1;
        NODE(n).off = off;
        NODE(n).end = p->tok.end;
        p->depth--;
        return lex(p) ? -1 : n;
    }
    default:
        return perr(p, p->tok.off,
                    "expected a value (a column, number, \"string\", date or "
                    "function), found %s",
                    _(tk_names[p->tok.k])),
               -1;
    }
}

static int need_bool(struct parser *p, int n, const char *where)
{
    char d[64];
    if (NODE(n).type == TY_BOOL)
        return CK_OK;
    return perr(p, NODE(n).off,
                "%s is %s, not a condition %s (compare it, or test it with "
                "'is not empty')",
                describe(p, n, d, sizeof d), _(type_names[NODE(n).type]), where);
}

static int parse_unary(struct parser *p)
{
    if (p->tok.k != T_NOT)
        return parse_primary(p);
    size_t off = p->tok.off;
    if (enter(p) || lex(p))
        return -1;
    int a = parse_unary(p);
    if (a < 0)
        return -1;
    p->depth--;
    if (NODE(a).type != TY_BOOL) {
        char d[64];
        return perr(p, off,
                    "'not' binds tighter than comparisons and needs a condition, not "
                    "%s (%s): write not (…) around the whole comparison",
                    _(type_names[NODE(a).type]), describe(p, a, d, sizeof d)),
               -1;
    }
    int n = new_node(p, N_NOT, TY_BOOL, off, NODE(a).end);
    if (n >= 0)
        NODE(n).a = a;
    return n;
}

/* The common type of two compared operands; sets how columns are read. -1 on mismatch. */
static int unify(struct parser *p, int a, int b, size_t opoff, const char *opname)
{
    int ta = NODE(a).type, tb = NODE(b).type, t;
    char da[64], db[64];
    if (ta == TY_BOOL || tb == TY_BOOL)
        return perr(p, opoff,
                    "cannot use %s on a condition: combine conditions with and, or, "
                    "not",
                    opname),
               -1;
    if (ta == TY_ANY && tb == TY_ANY)
        t = TY_STR;
    else if (ta == TY_ANY)
        t = tb;
    else if (tb != TY_ANY && ta != tb)
        return perr(p, opoff, "cannot compare %s (%s) with %s (%s)%s", _(type_names[ta]),
                    describe(p, a, da, sizeof da), _(type_names[tb]), describe(p, b, db, sizeof db),
                    (tb == TY_STR && NODE(b).op == N_LIT) ? _(": write the value without quotes")
                                                          : ""),
               -1;
    else
        t = ta;
    if (NODE(a).op == N_COL)
        NODE(a).want = (unsigned char)t;
    if (NODE(b).op == N_COL)
        NODE(b).want = (unsigned char)t;
    return t;
}

/* Text operators read columns as their text, whatever their role. */
static int need_text(struct parser *p, int n, const char *opname)
{
    char d[64];
    struct node *x = &NODE(n);
    if (x->op == N_COL) {
        x->want = TY_STR;
        return CK_OK;
    }
    if (x->type == TY_STR)
        return CK_OK;
    return perr(p, x->off, "%s needs text, not %s: %s", opname, _(type_names[x->type]),
                describe(p, n, d, sizeof d));
}

static int is_cmp(int k)
{
    return k >= T_EQ && k <= T_GE;
}

static int parse_in_list(struct parser *p, int left, size_t opoff, int neg)
{
    struct ck_rules *rs = p->rs;
    if (lex(p))
        return -1;
    if (p->tok.k != T_LP)
        return perr(p, p->tok.off, "expected '(' after 'in', found %s", _(tk_names[p->tok.k])), -1;
    if (lex(p))
        return -1;
    size_t first = rs->nlits;
    int t = -1;
    for (;;) {
        int k = p->tok.k;
        if (k != T_NUM && k != T_MINUS && k != T_STR && k != T_DATE)
            return perr(p, p->tok.off,
                        "expected a number, \"string\" or date in the list, "
                        "found %s",
                        _(tk_names[k])),
                   -1;
        int lit = literal_node(p);
        if (lit < 0)
            return -1;
        if (t >= 0 && NODE(lit).type != t)
            return perr(p, NODE(lit).off, "the values in a list must all be of one type"), -1;
        t = NODE(lit).type;
        if (ck_grow((void **)&rs->lits, &rs->caplits, rs->nlits + 1, sizeof *rs->lits))
            return ck_error_set(p->e, CK_ENOMEM, "out of memory"), -1;
        rs->lits[rs->nlits++] = NODE(lit).v;
        if (p->tok.k == T_RP)
            break;
        if (p->tok.k != T_COMMA)
            return perr(p, p->tok.off, "expected ',' or ')' in the list, found %s",
                        _(tk_names[p->tok.k])),
                   -1;
        if (lex(p))
            return -1;
    }
    int list = new_node(p, N_LIT, t, opoff, p->tok.end);
    if (list < 0 || unify(p, left, list, opoff, "in") < 0)
        return -1;
    int n = new_node(p, N_IN, TY_BOOL, NODE(left).off, p->tok.end);
    if (n < 0)
        return -1;
    NODE(n).a = left;
    NODE(n).col = (int)first;
    NODE(n).b = (int)(rs->nlits - first);
    NODE(n).neg = (unsigned char)neg;
    return lex(p) ? -1 : n;
}

static int parse_cmp(struct parser *p)
{
    int left = parse_unary(p);
    if (left < 0)
        return -1;
    struct tok op = p->tok;
    int n;
    char d[64];
    if (is_cmp(op.k)) {
        if (lex(p))
            return -1;
        int right = parse_unary(p);
        if (right < 0 || unify(p, left, right, op.off, tk_names[op.k]) < 0)
            return -1;
        if ((NODE(right).op == N_LIT && NODE(right).type == TY_STR && !NODE(right).v.len) ||
            (NODE(left).op == N_LIT && NODE(left).type == TY_STR && !NODE(left).v.len))
            return perr(p, op.off,
                        "comparisons with \"\" are always false: write 'is empty' "
                        "or 'is not empty'"),
                   -1;
        n = new_node(p, N_CMP, TY_BOOL, NODE(left).off, NODE(right).end);
        if (n < 0)
            return -1;
        NODE(n).sub = (unsigned char)(op.k - T_EQ);
        NODE(n).a = left;
        NODE(n).b = right;
    } else if (op.k == T_CONTAINS || op.k == T_STARTSWITH || op.k == T_ENDSWITH) {
        const char *name = tk_names[op.k];
        if (need_text(p, left, name) || lex(p))
            return -1;
        int right = parse_unary(p);
        if (right < 0 || need_text(p, right, name))
            return -1;
        n = new_node(p, N_TEXT, TY_BOOL, NODE(left).off, NODE(right).end);
        if (n < 0)
            return -1;
        NODE(n).sub = (unsigned char)(op.k == T_CONTAINS     ? X_CONTAINS
                                      : op.k == T_STARTSWITH ? X_STARTS
                                                             : X_ENDS);
        NODE(n).a = left;
        NODE(n).b = right;
    } else if (op.k == T_MATCHES) {
        if (need_text(p, left, "'matches'") || lex(p))
            return -1;
        if (p->tok.k != T_STR)
            return perr(p, p->tok.off,
                        "expected a \"regular expression\" after 'matches', "
                        "found %s",
                        _(tk_names[p->tok.k])),
                   -1;
        struct ck_rules *rs = p->rs;
        regex_t *re = malloc(sizeof *re);
        if (!re || ck_grow((void **)&rs->res, &rs->capres, rs->nres + 1, sizeof(regex_t *))) {
            free(re);
            return ck_error_set(p->e, CK_ENOMEM, "out of memory"), -1;
        }
        if (regex_expanded_size(p->tok.s) > REGEX_MAX_ELEMENTS) {
            free(re);
            return perr(p, p->tok.off,
                        "regular expression \"%s\" is too large once its repeats are expanded "
                        "(over %d elements, adjacent repeats, or groups nested over %d deep)",
                        p->tok.s, REGEX_MAX_ELEMENTS, REGEX_MAX_DEPTH),
                   -1;
        }
        int rc = regcomp(re, p->tok.s, REG_EXTENDED | REG_NOSUB);
        if (rc) {
            char why[160];
            regerror(rc, re, why, sizeof why);
            free(re);
            return perr(p, p->tok.off, "bad regular expression \"%s\": %s", p->tok.s, why), -1;
        }
        rs->res[rs->nres] = re;
        n = new_node(p, N_MATCH, TY_BOOL, NODE(left).off, p->tok.end);
        if (n < 0)
            return -1;
        NODE(n).a = left;
        NODE(n).col = (int)rs->nres++;
        if (lex(p))
            return -1;
    } else if (op.k == T_IN) {
        n = parse_in_list(p, left, op.off, 0);
    } else if (op.k == T_NOT) {
        if (lex(p))
            return -1;
        if (p->tok.k != T_IN)
            return perr(p, op.off,
                        "expected 'in' after 'not' here (to negate a condition, "
                        "write not (…) before it)"),
                   -1;
        n = parse_in_list(p, left, op.off, 1);
    } else if (op.k == T_IS) {
        int neg = 0;
        if (lex(p))
            return -1;
        if (p->tok.k == T_NOT) {
            neg = 1;
            if (lex(p))
                return -1;
        }
        if (p->tok.k != T_EMPTY)
            return perr(p, p->tok.off, "expected 'empty' or 'not empty' after 'is', found %s",
                        _(tk_names[p->tok.k])),
                   -1;
        if (NODE(left).type == TY_BOOL)
            return perr(p, NODE(left).off, "'is empty' needs a value, not a condition: %s",
                        describe(p, left, d, sizeof d)),
                   -1;
        if (NODE(left).op == N_COL)
            NODE(left).want = TY_STR;
        n = new_node(p, N_EMPTY, TY_BOOL, NODE(left).off, p->tok.end);
        if (n < 0)
            return -1;
        NODE(n).a = left;
        NODE(n).neg = (unsigned char)neg;
        if (lex(p))
            return -1;
    } else {
        return left;
    }
    if (n >= 0 && (is_cmp(p->tok.k) || p->tok.k == T_CONTAINS || p->tok.k == T_MATCHES ||
                   p->tok.k == T_STARTSWITH || p->tok.k == T_ENDSWITH || p->tok.k == T_IN ||
                   p->tok.k == T_IS))
        return perr(p, p->tok.off, "comparisons cannot be chained: join them with 'and'"), -1;
    return n;
}

/* and / or: n-ary nodes, so long chains do not nest deeply. */
static int parse_chain(struct parser *p, int optk)
{
    struct ck_rules *rs = p->rs;
    int first = optk == T_OR ? parse_chain(p, T_AND) : parse_cmp(p);
    if (first < 0 || p->tok.k != optk)
        return first;
    const char *where = optk == T_OR ? _("before 'or'") : _("before 'and'");
    if (need_bool(p, first, where))
        return -1;
    int *tmp = NULL;
    size_t n = 0, cap = 0;
    int rc = -1;
    if (ck_grow((void **)&tmp, &cap, n + 1, sizeof *tmp))
        goto oom;
    tmp[n++] = first;
    while (p->tok.k == optk) {
        if (lex(p))
            goto out;
        int next = optk == T_OR ? parse_chain(p, T_AND) : parse_cmp(p);
        if (next < 0 || need_bool(p, next, optk == T_OR ? _("after 'or'") : _("after 'and'")))
            goto out;
        if (ck_grow((void **)&tmp, &cap, n + 1, sizeof *tmp))
            goto oom;
        tmp[n++] = next;
    }
    int node =
        new_node(p, optk == T_OR ? N_OR : N_AND, TY_BOOL, NODE(first).off, NODE(tmp[n - 1]).end);
    if (node < 0)
        goto out;
    NODE(node).a = (int)rs->nkids;
    NODE(node).b = (int)n;
    for (size_t i = 0; i < n; i++) {
        if (ck_grow((void **)&rs->kids, &rs->capkids, rs->nkids + 1, sizeof *rs->kids))
            goto oom;
        rs->kids[rs->nkids++] = tmp[i];
    }
    rc = node;
    goto out;
oom:
    ck_error_set(p->e, CK_ENOMEM, "out of memory");
out:
    free(tmp);
    return rc;
}

static int parse_or(struct parser *p)
{
    return parse_chain(p, T_OR);
}

static struct group *add_group(struct parser *p, const char *name, size_t len, int multi,
                               size_t off)
{
    struct ck_rules *rs = p->rs;
    for (size_t g = 0; g < rs->ngroups; g++)
        if (strlen(rs->groups[g].name) == len && memcmp(rs->groups[g].name, name, len) == 0) {
            perr(p, off, "duplicate group [%.*s] (first at %s:%d)", (int)len, name,
                 rs->groups[g].file, rs->groups[g].line);
            return NULL;
        }
    if (ck_grow((void **)&rs->groups, &rs->capgroups, rs->ngroups + 1, sizeof *rs->groups)) {
        ck_error_set(p->e, CK_ENOMEM, "out of memory");
        return NULL;
    }
    struct group *g = &rs->groups[rs->ngroups];
    memset(g, 0, sizeof *g);
    g->name = keep_strdup(rs, name, len);
    g->file = keep_strdup(rs, p->name, strlen(p->name));
    if (!g->name || !g->file) {
        ck_error_set(p->e, CK_ENOMEM, "out of memory");
        return NULL;
    }
    g->line = p->line;
    g->multi = multi;
    rs->ngroups++;
    return g;
}

/* `[name]` or `[name]*`, then nothing but a comment. */
static int parse_group_line(struct parser *p, size_t i, struct group **cur)
{
    size_t close = i + 1;
    while (close < p->eol && p->src[close] != ']')
        close++;
    if (close >= p->eol)
        return perr(p, i, "expected ']' to close the group name");
    size_t a = skip_space(p, i + 1), b = close, adv;
    while (b > a && (p->src[b - 1] == ' ' || p->src[b - 1] == '\t'))
        b--;
    if (b == a)
        return perr(p, i, "empty group name: write [name]");
    for (size_t k = a; k < b; k++)
        if (p->src[k] == '[' || p->src[k] == '"' || p->src[k] == '#')
            return perr(p, k, "unexpected '%c' in a group name", p->src[k]);
    size_t j = skip_space(p, close + 1);
    int multi = 0;
    if (j < p->eol && p->src[j] == '*') { /* `[name]*`, also written `[name] *` */
        multi = 1;
        j++;
    }
    j = skip_space(p, j);
    if (j < p->eol && p->src[j] != '#') {
        if (decode_at(p, j, &adv) < 0)
            adv = 1;
        return perr(p, j, "expected end of line after ']'%s, found '%.*s'", multi ? "*" : "",
                    (int)adv, p->src + j);
    }
    *cur = add_group(p, p->src + a, b - a, multi, i);
    return *cur ? CK_OK : p->e->code;
}

/* `tag = condition` */
static int parse_rule_line(struct parser *p, size_t i, struct group *g)
{
    struct ck_rules *rs = p->rs;
    const char *tag;
    size_t taglen, j;
    if (!g)
        return perr(p, i, "rule outside a group: start the file with a [group] line");
    if (p->src[i] == '"') {
        p->pos = i;
        if (lex(p))
            return p->e->code;
        tag = p->tok.s;
        taglen = p->tok.slen;
        j = skip_space(p, p->pos);
        if (j >= p->eol || p->src[j] != '=')
            return perr(p, j, "expected '=' after the tag name");
    } else {
        for (j = i; j < p->eol && p->src[j] != '=' && p->src[j] != '#'; j++)
            if (strchr("<>!()`\",", p->src[j]))
                return perr(p, j, "expected 'TAG = condition': a tag name cannot contain '%c'",
                            p->src[j]);
        if (j >= p->eol || p->src[j] != '=')
            return perr(p, j, "expected '=' after the tag name (rules are 'TAG = condition')");
        size_t b = j;
        while (b > i && (p->src[b - 1] == ' ' || p->src[b - 1] == '\t'))
            b--;
        if (!(tag = keep_strdup(rs, p->src + i, b - i)))
            return ck_error_set(p->e, CK_ENOMEM, "out of memory");
        taglen = b - i;
    }
    if (!taglen)
        return perr(p, i, "missing tag name before '='");
    if (memchr(tag, ';', taglen))
        return perr(p, i, "a tag name cannot contain ';' (it separates the tags of a [group]*)");
    for (size_t r = 0; r < g->n; r++)
        if (g->rules[r].taglen == taglen && memcmp(g->rules[r].tag, tag, taglen) == 0)
            return perr(p, i, "duplicate tag '%s' in [%s] (first at line %d)", tag, g->name,
                        g->rules[r].line);
    p->pos = j + 1;
    p->depth = 0;
    if (lex(p))
        return p->e->code;
    if (p->tok.k == T_EOL)
        return perr(p, p->tok.off, "expected a condition after '='");
    int expr = parse_or(p);
    if (expr < 0)
        return p->e->code;
    if (p->tok.k != T_EOL)
        return perr(p, p->tok.off, "expected 'and', 'or' or end of line, found %s",
                    _(tk_names[p->tok.k]));
    if (need_bool(p, expr, _("after '='")))
        return p->e->code;
    if (ck_grow((void **)&g->rules, &g->cap, g->n + 1, sizeof *g->rules))
        return ck_error_set(p->e, CK_ENOMEM, "out of memory");
    g->rules[g->n++] = (struct rule){tag, taglen, expr, p->line};
    return CK_OK;
}

/* A `playbook SEGMENT = "text"` line: the word playbook, a space, then not '=' (a tag named
 * playbook stays a rule). *after: where the segment name starts. */
static int is_playbook_line(const struct parser *p, size_t i, size_t *after)
{
    static const char kw[] = "playbook";
    size_t n = sizeof kw - 1;
    if (p->eol - i <= n || memcmp(p->src + i, kw, n) != 0 ||
        (p->src[i + n] != ' ' && p->src[i + n] != '\t'))
        return 0;
    size_t j = skip_space(p, i + n);
    if (j >= p->eol || p->src[j] == '=')
        return 0;
    *after = j;
    return 1;
}

/* `playbook SEGMENT = "text"`: SEGMENT bare (up to '=', trimmed) or a "string". */
static int parse_playbook_line(struct parser *p, size_t i)
{
    struct ck_rules *rs = p->rs;
    const char *seg;
    size_t seglen, j;
    if (p->src[i] == '"') {
        p->pos = i;
        if (lex(p))
            return p->e->code;
        seg = p->tok.s;
        seglen = p->tok.slen;
        j = skip_space(p, p->pos);
    } else {
        for (j = i; j < p->eol && p->src[j] != '=' && p->src[j] != '#'; j++)
            ;
        size_t b = j;
        while (b > i && (p->src[b - 1] == ' ' || p->src[b - 1] == '\t'))
            b--;
        if (!(seg = keep_strdup(rs, p->src + i, b - i)))
            return ck_error_set(p->e, CK_ENOMEM, "out of memory");
        seglen = b - i;
    }
    if (j >= p->eol || p->src[j] != '=')
        return perr(p, j, "expected '=' after the segment name (playbook SEGMENT = \"text\")");
    if (!seglen)
        return perr(p, i, "missing segment name after 'playbook'");
    size_t k = skip_space(p, j + 1);
    if (k >= p->eol || p->src[k] != '"')
        return perr(p, k, "expected the playbook text as a \"string\" after '='");
    p->pos = k;
    if (lex(p))
        return p->e->code;
    const char *text = p->tok.s;
    k = skip_space(p, p->pos);
    if (k < p->eol && p->src[k] != '#')
        return perr(p, k, "expected end of line after the playbook text");
    for (size_t r = 0; r < rs->npb; r++)
        if (strcmp(rs->pb[r].segment, seg) == 0)
            return perr(p, i, "duplicate playbook text for '%s' (first at line %d)", seg,
                        rs->pb[r].line);
    if (ck_grow((void **)&rs->pb, &rs->cappb, rs->npb + 1, sizeof *rs->pb))
        return ck_error_set(p->e, CK_ENOMEM, "out of memory");
    rs->pb[rs->npb++] = (struct pb_entry){seg, text, p->line};
    return CK_OK;
}

static int finish_group(struct parser *p, struct group *g)
{
    if (!g)
        return CK_OK;
    if (g->n == 0)
        return ck_error_set(p->e, CK_EUSAGE,
                            "%s:%d:1: empty group [%s]: add at least one "
                            "'TAG = condition' line",
                            g->file, g->line, g->name);
    size_t total = 1;
    for (size_t r = 0; r < g->n; r++)
        total += g->rules[r].taglen + 1;
    g->hits = calloc(g->n + 1, sizeof *g->hits);
    g->buf = g->multi ? malloc(total) : NULL;
    if (!g->hits || (g->multi && !g->buf))
        return ck_error_set(p->e, CK_ENOMEM, "out of memory");
    return CK_OK;
}

/* only_playbook: read the playbook statements alone (segment), every other line unread. */
static int parse_text(struct ck_rules *rs, const char *name, const char *text, size_t len,
                      int only_playbook, struct ck_error *e)
{
    struct parser p = {.rs = rs, .name = name, .src = text, .e = e, .first_node = rs->nnodes};
    struct group *cur = NULL;
    size_t first_group = rs->ngroups;
    size_t start = 0;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        start = 3;
    for (size_t ls = start; ls < len;) {
        size_t eol = ls;
        while (eol < len && text[eol] != '\n')
            eol++;
        p.line++;
        p.line_start = ls;
        p.eol = eol;
        if (!ck_utf8_valid(text + ls, eol - ls)) {
            size_t k = ls, adv;
            while (k < eol && ck_utf8_decode(text + k, eol - k, &adv) >= 0)
                k += adv;
            return perr(&p, k, "invalid UTF-8 (save the rules file as UTF-8)");
        }
        size_t i = skip_space(&p, ls), after;
        int rc = CK_OK;
        if (i < eol && is_playbook_line(&p, i, &after))
            rc = parse_playbook_line(&p, after);
        else if (only_playbook)
            ;
        else if (i < eol && text[i] == '[') {
            if (cur && (rc = finish_group(&p, cur)) != CK_OK)
                return rc;
            cur = NULL;
            rc = parse_group_line(&p, i, &cur);
        } else if (i < eol && text[i] != '#') {
            rc = parse_rule_line(&p, i, cur);
        }
        if (rc != CK_OK)
            return rc;
        /* groups[] may have moved: refresh the pointer to the group being filled */
        if (cur)
            cur = &rs->groups[rs->ngroups - 1];
        ls = eol + 1;
    }
    if (cur)
        return finish_group(&p, cur);
    if (rs->ngroups == first_group && !only_playbook)
        return ck_error_set(e, CK_EUSAGE, "%s: no [group] in the rules", name);
    return CK_OK;
}

int ck_rules_parse(struct ck_rules *rs, const char *name, const char *text, size_t len,
                   struct ck_error *e)
{
    return parse_text(rs, name, text, len, 0, e);
}

static int load_file(struct ck_rules *rs, const char *path, int only_playbook, struct ck_error *e)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return ck_error_set(e, CK_EUSAGE, "cannot read rules %s: %s", path, _(strerror(errno)));
    char *buf = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (ck_grow((void **)&buf, &cap, len + 65536, 1)) {
            free(buf);
            fclose(f);
            return ck_error_set(e, CK_ENOMEM, "out of memory reading %s", path);
        }
        size_t got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (got == 0)
            break;
    }
    int bad = ferror(f);
    fclose(f);
    int rc = bad ? ck_error_set(e, CK_EUSAGE, "cannot read rules %s", path)
                 : parse_text(rs, path, buf, len, only_playbook, e);
    free(buf);
    return rc;
}

int ck_rules_load_file(struct ck_rules *rs, const char *path, struct ck_error *e)
{
    return load_file(rs, path, 0, e);
}

int ck_rules_load_playbook(struct ck_rules *rs, const char *path, struct ck_error *e)
{
    return load_file(rs, path, 1, e);
}

size_t ck_rules_playbook_count(const struct ck_rules *rs)
{
    return rs->npb;
}

const char *ck_rules_playbook_segment(const struct ck_rules *rs, size_t i, int *line)
{
    if (line)
        *line = rs->pb[i].line;
    return rs->pb[i].segment;
}

const char *ck_rules_playbook_text(const struct ck_rules *rs, size_t i)
{
    return rs->pb[i].text;
}

/* ======================================================================================
 * The rule set
 * ====================================================================================== */

int ck_rules_new(struct ck_rules **out, const struct ck_rules_ctx *ctx, struct ck_error *e)
{
    struct ck_rules *rs = calloc(1, sizeof *rs);
    size_t ncols = ctx->header ? ctx->header->n : 0;
    if (rs) {
        rs->cache = calloc(ncols ? ncols : 1, sizeof *rs->cache);
        rs->memo = calloc(PLACE_MEMO, sizeof *rs->memo);
    }
    if (!rs || !rs->cache || !rs->memo) {
        if (rs) {
            free(rs->cache);
            free(rs->memo);
        }
        free(rs);
        *out = NULL;
        return ck_error_set(e, CK_ENOMEM, "out of memory");
    }
    rs->ctx = *ctx;
    rs->ncols = ncols;
    *out = rs;
    return CK_OK;
}

size_t ck_rules_group_count(const struct ck_rules *rs)
{
    return rs->ngroups;
}

const char *ck_rules_group_name(const struct ck_rules *rs, size_t g)
{
    return rs->groups[g].name;
}

int ck_rules_group_multi(const struct ck_rules *rs, size_t g)
{
    return rs->groups[g].multi;
}

size_t ck_rules_tag_count(const struct ck_rules *rs, size_t g)
{
    return rs->groups[g].n;
}

const char *ck_rules_tag_name(const struct ck_rules *rs, size_t g, size_t t)
{
    return rs->groups[g].rules[t].tag;
}

long ck_rules_tag_hits(const struct ck_rules *rs, size_t g, size_t t)
{
    return rs->groups[g].hits ? rs->groups[g].hits[t] : 0;
}

void ck_rules_free(struct ck_rules *rs)
{
    if (!rs)
        return;
    for (size_t g = 0; g < rs->ngroups; g++) {
        free(rs->groups[g].rules);
        free(rs->groups[g].hits);
        free(rs->groups[g].buf);
    }
    for (size_t i = 0; i < rs->nres; i++) {
        regfree(rs->res[i]);
        free(rs->res[i]);
    }
    free(rs->res);
    free(rs->groups);
    free(rs->pb);
    free(rs->nodes);
    free(rs->kids);
    free(rs->lits);
    free(rs->cache);
    free(rs->memo);
    rules_arena_free(&rs->keep);
    rules_arena_free(&rs->scratch);
    free(rs);
}
