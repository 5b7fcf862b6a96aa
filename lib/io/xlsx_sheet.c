/* xlsx_sheet.c — a streaming XML tokenizer for worksheet parts, the largest XML in a workbook:
 * about 5x faster than expat on sheet XML, feeding the same handlers (see xlsx_internal.h). */
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "io/xlsx_internal.h"

size_t xlsx_scan_chunk = XLSX_CHUNK;
int xlsx_scan_disabled;
unsigned long xlsx_scan_lenient_names;

enum { PH_PROLOG, PH_CONTENT, PH_EPILOG, PH_DONE };
enum { K_OK = 0, K_NEED = 1, K_ERR = 2, K_STOP = 3 };

/* Byte classes. Text: 0 is an ordinary character of character data. */
enum { T_PLAIN = 0, T_LT, T_AMP, T_CR, T_RSQB, T_HIGH, T_BAD };
/* Attribute values: 0 ordinary, otherwise the byte needs a look. */
enum { A_PLAIN = 0, A_QUOT, A_LT, A_AMP, A_WS, A_HIGH, A_BAD };
/* Names: bit 1 a name character, bit 2 one that may start a name. */
enum { N_CHAR = 1, N_START = 2 };

static unsigned char tcls[256], acls[256], ncls[256];
static int classes_ready;

static void classes_init(void)
{
    for (int c = 0; c < 256; c++) {
        int high = c >= 0x80, bad = c < 0x20 && c != '\t' && c != '\n' && c != '\r';
        tcls[c] = high ? T_HIGH : bad ? T_BAD : T_PLAIN;
        acls[c] = high ? A_HIGH : bad ? A_BAD : A_PLAIN;
        int alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        ncls[c] = alpha || c == '_' || c == ':' || high ? N_CHAR | N_START
                  : (c >= '0' && c <= '9') || c == '-' || c == '.' ? N_CHAR
                                                                   : 0;
    }
    tcls['<'] = T_LT;
    tcls['&'] = T_AMP;
    tcls['\r'] = T_CR;
    tcls[']'] = T_RSQB;
    acls['"'] = acls['\''] = A_QUOT;
    acls['<'] = A_LT;
    acls['&'] = A_AMP;
    acls['\t'] = acls['\n'] = acls['\r'] = A_WS;
    classes_ready = 1;
}

static int is_ws(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Length of the UTF-8 character at p that is an XML character (U+FFFE, U+FFFF, surrogates,
 * overlong forms and values beyond U+10FFFF are not), 0 when invalid, -1 when the buffer ends
 * inside a character that may yet be valid. */
static int utf8_char(const unsigned char *p, const unsigned char *end)
{
    unsigned c = p[0];
    int n;
    unsigned lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
    } else {
        return 0;
    }
    for (int i = 1; i < n; i++) {
        if (p + i >= end)
            return -1;
        unsigned b = p[i];
        if (b < (i == 1 ? lo : 0x80) || b > (i == 1 ? hi : 0xBF))
            return 0;
    }
    if (c == 0xEF && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF))
        return 0; /* U+FFFE, U+FFFF */
    return n;
}

static int xml_char_ok(unsigned long v)
{
    return v == 0x9 || v == 0xA || v == 0xD || (v >= 0x20 && v <= 0xD7FF) ||
           (v >= 0xE000 && v <= 0xFFFD) || (v >= 0x10000 && v <= 0x10FFFF);
}

/* ---------- errors and line numbers ---------- */

/* Lines ended within buf[from, to): LF, CR LF and a lone CR each end one. */
static unsigned long count_lines(const char *buf, size_t from, size_t to)
{
    unsigned long n = 0;
    const char *p = buf + from, *end = buf + to;
    while (p < end) {
        const char *lf = memchr(p, '\n', (size_t)(end - p));
        const char *cr = memchr(p, '\r', (size_t)((lf ? lf : end) - p));
        if (cr) {
            if (cr + 1 < end && cr[1] == '\n') {
                n++;
                p = cr + 2;
            } else if (cr + 1 == end && buf[to] == '\n') {
                p = end; /* the LF after it counts */
            } else {
                n++;
                p = cr + 1;
            }
        } else if (lf) {
            n++;
            p = lf + 1;
        } else {
            break;
        }
    }
    return n;
}

unsigned long xlsx_scan_line(const struct xlsx_scan *s)
{
    return s->line + count_lines(s->buf, 0, s->tok);
}

/* A syntax error at buf[at], worded as expat words it. */
static int syntax(struct xlsx_scan *s, size_t at, enum XML_Error code)
{
    s->tok = at;
    s->syntax_error = 1;
    ck_error_set(&s->err, CK_EINPUT, "%s: %s:%lu: %s", s->xx->z->path, s->xx->entry,
                 xlsx_scan_line(s), _(XML_ErrorString(code)));
    return K_ERR;
}

static int oom(struct xlsx_scan *s)
{
    ck_error_set(&s->err, CK_ENOMEM, "out of memory");
    return K_ERR;
}

/* The token at buf[at] is longer than a cell may be: refused, whichever way it was read. */
static int too_long(struct xlsx_scan *s, size_t at)
{
    s->tok = at;
    ck_error_set(&s->err, CK_EINPUT,
                 "%s: %s:%lu: a tag, comment or CDATA section longer than %zu bytes",
                 s->xx->z->path, s->xx->entry, xlsx_scan_line(s), s->max_token);
    return K_ERR;
}

/* ---------- the buffer ---------- */

/* More input after buf[pos]: 0 when some came, 1 at the end of the entry, -1 on error. The
 * unfinished token at pos is kept; reads grow with it so a long token is not rescanned from
 * its start once per chunk. */
static int fill(struct xlsx_scan *s)
{
    if (s->eof)
        return 1;
    if (s->pos > 0) {
        s->line += count_lines(s->buf, 0, s->pos);
        memmove(s->buf, s->buf + s->pos, s->end - s->pos);
        s->end -= s->pos;
        s->pos = 0;
    }
    size_t want = s->end > s->chunk ? s->end : s->chunk;
    if (s->end > s->max_token) {
        too_long(s, 0);
        return -1;
    }
    if (s->end + want + 1 > s->cap) {
        size_t cap = s->end + want + 1;
        char *b = realloc(s->buf, cap);
        if (!b) {
            ck_error_set(&s->err, CK_ENOMEM, "out of memory");
            return -1;
        }
        s->buf = b;
        s->cap = cap;
    }
    if (want > 1u << 30)
        want = 1u << 30;
    long n = xlsx_zip_entry_read(s->xx->z, s->buf + s->end, (unsigned)want, &s->err);
    if (n < 0)
        return -1;
    if (n == 0) {
        s->eof = 1;
        return 1;
    }
    s->end += (size_t)n;
    s->buf[s->end] = 0; /* a sentinel: every scanning loop stops at a NUL */
    return 0;
}

/* ---------- references ---------- */

/* The reference at p ('&'): its length through ';' with the character it stands for in
 * out[*olen]; 0 when the buffer ends first; -1 with *code set when it is an error. */
static long reference(const unsigned char *p, const unsigned char *end, char out[4], int *olen,
                      enum XML_Error *code)
{
    const unsigned char *q = p + 1;
    if (q >= end)
        return 0;
    *code = XML_ERROR_INVALID_TOKEN;
    if (*q == '#') {
        unsigned long v = 0;
        int hex = 0, digits = 0;
        if (++q >= end)
            return 0;
        if (*q == 'x') {
            hex = 1;
            q++;
        }
        for (;; q++) {
            if (q >= end)
                return 0;
            int d = *q >= '0' && *q <= '9'               ? *q - '0'
                    : hex && *q >= 'a' && *q <= 'f' ? *q - 'a' + 10
                    : hex && *q >= 'A' && *q <= 'F' ? *q - 'A' + 10
                                                    : -1;
            if (d < 0)
                break;
            digits++;
            if (v < 0x110000)
                v = v * (hex ? 16 : 10) + (unsigned long)d;
        }
        if (!digits || *q != ';')
            return -1;
        if (!xml_char_ok(v)) {
            *code = XML_ERROR_BAD_CHAR_REF;
            return -1;
        }
        *olen = (int)ck_utf8_encode((long)v, out);
        return q + 1 - p;
    }
    if (!(ncls[*q] & N_START))
        return -1;
    const unsigned char *name = q;
    for (; ncls[*q] & N_CHAR; q++)
        if (*q >= 0x80) {
            int n = utf8_char(q, end);
            if (n < 0)
                return 0;
            if (n == 0)
                return -1;
            q += n - 1;
        }
    if (q >= end)
        return 0;
    if (*q != ';')
        return -1;
    static const struct {
        const char *name;
        char c;
    } predefined[] = {{"lt", '<'}, {"gt", '>'}, {"amp", '&'}, {"apos", '\''}, {"quot", '"'}};
    size_t len = (size_t)(q - name);
    for (size_t i = 0; i < sizeof predefined / sizeof predefined[0]; i++)
        if (strlen(predefined[i].name) == len && memcmp(name, predefined[i].name, len) == 0) {
            out[0] = predefined[i].c;
            *olen = 1;
            return q + 1 - p;
        }
    *code = XML_ERROR_UNDEFINED_ENTITY;
    return -1;
}

/* ---------- character data ---------- */

static int deliver(struct xlsx_scan *s, size_t from, const char *t, size_t n)
{
    if (n == 0 || !s->text)
        return K_OK;
    s->tok = from;
    s->text(s->ctx, t, (int)n);
    return s->xx->failed ? K_ERR : K_OK;
}

/* Character data at pos, up to the next markup. */
static int text(struct xlsx_scan *s)
{
    const unsigned char *b = (const unsigned char *)s->buf, *end = b + s->end;
    const unsigned char *p = b + s->pos, *q = p;
    for (;;) {
        while (tcls[*q] == T_PLAIN)
            q++;
        if (q >= end || *q == '<') {
            s->pos = (size_t)(q - b);
            return deliver(s, (size_t)(p - b), (const char *)p, (size_t)(q - p));
        }
        switch (tcls[*q]) {
        case T_AMP: {
            char out[4];
            int olen = 0;
            enum XML_Error code = XML_ERROR_NONE;
            long n = reference(q, end, out, &olen, &code);
            if (n < 0)
                return syntax(s, (size_t)(q - b), code);
            if (deliver(s, (size_t)(p - b), (const char *)p, (size_t)(q - p)))
                return K_ERR;
            s->pos = (size_t)(q - b);
            if (n == 0)
                return K_NEED;
            if (deliver(s, (size_t)(q - b), out, (size_t)olen))
                return K_ERR;
            p = q = q + n;
            break;
        }
        case T_CR:
            if (deliver(s, (size_t)(p - b), (const char *)p, (size_t)(q - p)))
                return K_ERR;
            s->pos = (size_t)(q - b);
            if (q + 1 >= end && !s->eof)
                return K_NEED; /* CR LF is one line end */
            if (deliver(s, (size_t)(q - b), "\n", 1))
                return K_ERR;
            q += q + 1 < end && q[1] == '\n' ? 2 : 1;
            p = q;
            break;
        case T_RSQB:
            if (q + 2 >= end && !s->eof) {
                if (deliver(s, (size_t)(p - b), (const char *)p, (size_t)(q - p)))
                    return K_ERR;
                s->pos = (size_t)(q - b);
                return K_NEED;
            }
            if (q + 2 < end && q[1] == ']' && q[2] == '>')
                return syntax(s, (size_t)(q - b), XML_ERROR_INVALID_TOKEN);
            q++;
            break;
        case T_HIGH: {
            int n = utf8_char(q, end);
            if (n > 0) {
                q += n;
                break;
            }
            if (n < 0 && !s->eof) {
                if (deliver(s, (size_t)(p - b), (const char *)p, (size_t)(q - p)))
                    return K_ERR;
                s->pos = (size_t)(q - b);
                return K_NEED;
            }
            return syntax(s, (size_t)(q - b),
                          n < 0 ? XML_ERROR_PARTIAL_CHAR : XML_ERROR_INVALID_TOKEN);
        }
        default:
            return syntax(s, (size_t)(q - b), XML_ERROR_INVALID_TOKEN);
        }
    }
}

/* Outside the root element only white space may stand between markup. */
static int blank(struct xlsx_scan *s)
{
    const unsigned char *b = (const unsigned char *)s->buf, *q = b + s->pos;
    while (is_ws(*q))
        q++;
    s->pos = (size_t)(q - b);
    if (s->pos < s->end && *q != '<')
        return syntax(s, s->pos, XML_ERROR_JUNK_AFTER_DOC_ELEMENT);
    return K_OK;
}

/* ---------- markup ---------- */

/* The name at *pp: K_OK with *pp past it, K_NEED, or K_ERR (invalid). */
static inline int name_at(struct xlsx_scan *s, const unsigned char **pp, const unsigned char *end)
{
    const unsigned char *q = *pp;
    if (q >= end)
        return K_NEED;
    if (!(ncls[*q] & N_START))
        return K_ERR;
    while (*q < 0x80 && (ncls[*q] & N_CHAR)) /* ASCII names: all a sheet has, as a rule */
        q++;
    if (q < end && *q < 0x80) {
        *pp = q;
        return K_OK;
    }
    for (; ncls[*q] & N_CHAR; q++)
        if (*q >= 0x80) {
            int n = utf8_char(q, end);
            if (n < 0)
                return K_NEED;
            if (n == 0)
                return K_ERR;
            s->lenient_names = 1; /* accepted without checking its Unicode class */
            xlsx_scan_lenient_names++;
            q += n - 1;
        }
    if (q >= end)
        return K_NEED;
    *pp = q;
    return K_OK;
}

/* Decode an attribute value in place: references, and white space as one space each
 * (CR LF as one), as XML's attribute-value normalization says. Returns the new length. */
static size_t value_decode(unsigned char *v, size_t n)
{
    size_t r = 0, w = 0;
    while (r < n) {
        unsigned char c = v[r];
        if (c == '&') {
            char out[4];
            int olen = 0;
            enum XML_Error code;
            long k = reference(v + r, v + n, out, &olen, &code); /* checked while scanning */
            memcpy(v + w, out, (size_t)olen);
            w += (size_t)olen;
            r += (size_t)k;
        } else if (c == '\r' || c == '\n' || c == '\t') {
            v[w++] = ' ';
            r += c == '\r' && r + 1 < n && v[r + 1] == '\n' ? 2 : 1;
        } else {
            v[w++] = v[r++];
        }
    }
    return w;
}

/* memcmp(a, b, n) == 0 for names of a few bytes, without the call. */
static inline int same(const unsigned char *a, const unsigned char *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i])
            return 0;
    return 1;
}

struct xlsx_att {
    size_t ns, ne, vs, ve;
    int dec;
};

static int start_tag(struct xlsx_scan *s)
{
    unsigned char *b = (unsigned char *)s->buf;
    const unsigned char *end = b + s->end, *q = b + s->pos + 1;
    size_t at = s->pos;
    int r = name_at(s, &q, end);
    if (r == K_ERR)
        return syntax(s, (size_t)(q - b), XML_ERROR_INVALID_TOKEN);
    if (r)
        return r;
    size_t name_end = (size_t)(q - b), nat = 0;
    int empty = 0;
    for (;;) {
        int ws = 0;
        while (is_ws(*q))
            q++, ws = 1;
        if (q >= end)
            return K_NEED;
        if (*q == '>') {
            q++;
            break;
        }
        if (*q == '/') {
            if (q + 1 >= end)
                return K_NEED;
            if (q[1] != '>')
                return syntax(s, (size_t)(q - b), XML_ERROR_INVALID_TOKEN);
            empty = 1;
            q += 2;
            break;
        }
        if (!ws)
            return syntax(s, (size_t)(q - b), XML_ERROR_INVALID_TOKEN);
        struct xlsx_att a = {.ns = (size_t)(q - b)};
        r = name_at(s, &q, end);
        if (r == K_ERR)
            return syntax(s, (size_t)(q - b), XML_ERROR_INVALID_TOKEN);
        if (r)
            return r;
        a.ne = (size_t)(q - b);
        while (is_ws(*q))
            q++;
        if (q >= end)
            return K_NEED;
        if (*q != '=')
            return syntax(s, (size_t)(q - b), XML_ERROR_INVALID_TOKEN);
        for (q++; is_ws(*q);)
            q++;
        if (q >= end)
            return K_NEED;
        if (*q != '"' && *q != '\'')
            return syntax(s, (size_t)(q - b), XML_ERROR_INVALID_TOKEN);
        unsigned char quote = *q++;
        a.vs = (size_t)(q - b);
        for (;;) {
            while (acls[*q] == A_PLAIN)
                q++;
            if (q >= end)
                return K_NEED;
            unsigned char c = *q;
            if (c == quote)
                break;
            switch (acls[c]) {
            case A_QUOT:
                q++;
                break;
            case A_WS:
                a.dec = 1;
                q++;
                break;
            case A_AMP: {
                char out[4];
                int olen;
                enum XML_Error code = XML_ERROR_NONE;
                long n = reference(q, end, out, &olen, &code);
                if (n == 0)
                    return K_NEED;
                if (n < 0)
                    return syntax(s, (size_t)(q - b), code);
                a.dec = 1;
                q += n;
                break;
            }
            case A_HIGH: {
                int n = utf8_char(q, end);
                if (n < 0)
                    return K_NEED;
                if (n == 0)
                    return syntax(s, (size_t)(q - b), XML_ERROR_INVALID_TOKEN);
                q += n;
                break;
            }
            default: /* '<' or a control character */
                return syntax(s, (size_t)(q - b), XML_ERROR_INVALID_TOKEN);
            }
        }
        a.ve = (size_t)(q - b);
        q++;
        size_t nl = a.ne - a.ns;
        for (size_t i = 0; i < nat; i++)
            if (s->at[i].ne - s->at[i].ns == nl && same(b + s->at[i].ns, b + a.ns, nl))
                return syntax(s, a.ns, XML_ERROR_DUPLICATE_ATTRIBUTE);
        if (nat + 1 >= s->acap) {
            /* at holds acap attributes, atts their name-value pairs and a NULL */
            size_t cap = s->acap, vcap = 2 * s->acap + 1;
            if (ck_grow((void **)&s->at, &cap, nat + 2, sizeof *s->at) ||
                ck_grow((void **)&s->atts, &vcap, 2 * cap + 1, sizeof *s->atts))
                return oom(s);
            s->acap = cap;
        }
        s->at[nat++] = a;
    }
    /* The whole tag is here and well formed: terminate and decode in place. */
    if ((size_t)(q - b) - at > s->max_token)
        return too_long(s, at);
    if (s->phase == PH_EPILOG)
        return syntax(s, at, XML_ERROR_JUNK_AFTER_DOC_ELEMENT);
    s->tok = at;
    if (s->depth >= XLSX_MAX_DEPTH) {
        xlsx_xml_fail(s->xx, CK_EINPUT, "elements nested more than %d deep", XLSX_MAX_DEPTH);
        return K_ERR;
    }
    const char *name = (const char *)b + at + 1;
    size_t nlen = name_end - at - 1;
    for (size_t i = 0; i < nat; i++) {
        struct xlsx_att *a = &s->at[i];
        size_t vl = a->dec ? value_decode(b + a->vs, a->ve - a->vs) : a->ve - a->vs;
        b[a->vs + vl] = 0;
        b[a->ne] = 0;
        s->atts[2 * i] = (const char *)b + a->ns;
        s->atts[2 * i + 1] = (const char *)b + a->vs;
    }
    s->atts[2 * nat] = NULL;
    b[name_end] = 0;
    s->pos = (size_t)(q - b);
    if (!empty) {
        if (s->nlen + nlen + 1 > s->ncap &&
            ck_grow((void **)&s->names, &s->ncap, s->nlen + nlen + 1, 1))
            return oom(s);
        memcpy(s->names + s->nlen, name, nlen);
        s->noff[s->depth++] = s->nlen;
        s->nlen += nlen;
        s->noff[s->depth] = s->nlen;
    }
    s->phase = PH_CONTENT;
    s->start(s->ctx, name, s->atts);
    if (s->xx->failed)
        return K_ERR;
    if (empty) {
        s->end_h(s->ctx, name);
        if (s->xx->failed)
            return K_ERR;
        if (s->depth == 0)
            s->phase = PH_EPILOG;
    }
    return s->suspended ? K_STOP : K_OK;
}

static int end_tag(struct xlsx_scan *s)
{
    unsigned char *b = (unsigned char *)s->buf;
    const unsigned char *end = b + s->end, *q = b + s->pos + 2;
    size_t at = s->pos;
    int r = name_at(s, &q, end);
    if (r == K_ERR)
        return syntax(s, (size_t)(q - b), XML_ERROR_INVALID_TOKEN);
    if (r)
        return r;
    size_t name_end = (size_t)(q - b);
    while (is_ws(*q))
        q++;
    if (q >= end)
        return K_NEED;
    if (*q != '>')
        return syntax(s, (size_t)(q - b), XML_ERROR_INVALID_TOKEN);
    size_t nlen = name_end - at - 2;
    if (s->depth == 0)
        return syntax(s, at, s->phase == PH_EPILOG ? XML_ERROR_JUNK_AFTER_DOC_ELEMENT
                                                   : XML_ERROR_SYNTAX);
    size_t top = s->noff[s->depth - 1];
    if (s->nlen - top != nlen || !same((unsigned char *)s->names + top, b + at + 2, nlen))
        return syntax(s, at + 2, XML_ERROR_TAG_MISMATCH);
    s->depth--;
    s->nlen = top;
    b[name_end] = 0;
    s->pos = (size_t)(q + 1 - b);
    s->tok = at;
    s->end_h(s->ctx, (const char *)b + at + 2);
    if (s->xx->failed)
        return K_ERR;
    if (s->depth == 0)
        s->phase = PH_EPILOG;
    return s->suspended ? K_STOP : K_OK;
}

/* Characters of a comment, PI or CDATA section from q up to the terminator term (2 or 3
 * bytes): K_OK with *qq at the terminator, K_NEED, or K_ERR. */
static int until(struct xlsx_scan *s, const unsigned char **qq, const char *term)
{
    const unsigned char *b = (const unsigned char *)s->buf, *end = b + s->end, *q = *qq;
    size_t tl = strlen(term);
    for (;;) {
        if (q >= end)
            return K_NEED;
        unsigned char c = *q;
        if (c == (unsigned char)term[0]) {
            if (q + tl > end)
                return K_NEED;
            if (memcmp(q, term, tl) == 0) {
                if ((size_t)(q - b) - s->pos > s->max_token)
                    return too_long(s, s->pos);
                *qq = q;
                return K_OK;
            }
            q++;
        } else if (c >= 0x80) {
            int n = utf8_char(q, end);
            if (n < 0)
                return K_NEED;
            if (n == 0)
                return syntax(s, (size_t)(q - b), XML_ERROR_INVALID_TOKEN);
            q += n;
        } else if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
            return syntax(s, (size_t)(q - b), XML_ERROR_INVALID_TOKEN);
        } else {
            q++;
        }
    }
}

static int comment(struct xlsx_scan *s)
{
    const unsigned char *b = (const unsigned char *)s->buf, *q = b + s->pos + 4;
    int r = until(s, &q, "--");
    if (r)
        return r;
    if (q + 2 >= b + s->end)
        return K_NEED;
    if (q[2] != '>')
        return syntax(s, (size_t)(q - b), XML_ERROR_INVALID_TOKEN);
    s->pos = (size_t)(q + 3 - b);
    return K_OK;
}

static int pi(struct xlsx_scan *s)
{
    const unsigned char *b = (const unsigned char *)s->buf, *end = b + s->end;
    const unsigned char *q = b + s->pos + 2, *target = q;
    int r = name_at(s, &q, end);
    if (r == K_ERR)
        return syntax(s, (size_t)(q - b), XML_ERROR_INVALID_TOKEN);
    if (r)
        return r;
    if (q - target == 3 && (target[0] | 0x20) == 'x' && (target[1] | 0x20) == 'm' &&
        (target[2] | 0x20) == 'l')
        return syntax(s, s->pos, XML_ERROR_MISPLACED_XML_PI);
    if (!is_ws(*q)) {
        if (q + 1 >= end)
            return K_NEED;
        if (q[0] != '?' || q[1] != '>')
            return syntax(s, (size_t)(q - b), XML_ERROR_INVALID_TOKEN);
    }
    r = until(s, &q, "?>");
    if (r)
        return r;
    s->pos = (size_t)(q + 2 - b);
    return K_OK;
}

static int cdata(struct xlsx_scan *s)
{
    const unsigned char *b = (const unsigned char *)s->buf, *q = b + s->pos + 9;
    const unsigned char *p = q;
    int r = until(s, &q, "]]>");
    if (r == K_NEED && s->eof)
        return syntax(s, s->pos, XML_ERROR_UNCLOSED_CDATA_SECTION);
    if (r)
        return r;
    size_t at = (size_t)(p - b);
    s->pos = (size_t)(q + 3 - b); /* before the handlers: a failing one stops here */
    /* the text, with CR LF and lone CR as LF */
    for (const unsigned char *t = p; t < q;) {
        const unsigned char *cr = memchr(t, '\r', (size_t)(q - t));
        const unsigned char *stop = cr ? cr : q;
        if (deliver(s, at + (size_t)(t - p), (const char *)t, (size_t)(stop - t)))
            return K_ERR;
        if (!cr)
            break;
        if (deliver(s, at + (size_t)(cr - p), "\n", 1))
            return K_ERR;
        t = cr + 1 + (cr + 1 < q && cr[1] == '\n');
    }
    return K_OK;
}

static int markup(struct xlsx_scan *s)
{
    const char *p = s->buf + s->pos;
    if (s->pos + 1 >= s->end)
        return K_NEED;
    if (p[1] == '/')
        return end_tag(s);
    if (p[1] == '?')
        return pi(s);
    if (p[1] != '!')
        return start_tag(s);
    size_t have = s->end - s->pos;
    if (have >= 4 && memcmp(p, "<!--", 4) == 0)
        return comment(s);
    if (s->phase == PH_CONTENT && have >= 9 && memcmp(p, "<![CDATA[", 9) == 0)
        return cdata(s);
    if (have < 9 && (memcmp(p, "<!--", have < 4 ? have : 4) == 0 ||
                     (s->phase == PH_CONTENT && memcmp(p, "<![CDATA[", have) == 0)))
        return K_NEED;
    return syntax(s, s->pos, s->phase == PH_CONTENT ? XML_ERROR_INVALID_TOKEN : XML_ERROR_SYNTAX);
}

/* ---------- the prolog ---------- */

/* The XML declaration at buf[0] in the forms workbooks use: version 1.0, encoding UTF-8 or
 * none, standalone. K_OK past it, K_NEED, or K_ERR when expat should judge it instead. */
static int xml_decl(struct xlsx_scan *s)
{
    const char *b = s->buf, *end = b + s->end;
    const char *close = NULL;
    for (const char *q = b + s->pos; q + 1 < end; q++)
        if (q[0] == '?' && q[1] == '>') {
            close = q;
            break;
        }
    if (!close)
        return s->end - s->pos > 1024 ? K_ERR : K_NEED;
    static const char *const names[] = {"version", "encoding", "standalone"};
    const char *q = b + s->pos + 5;
    int next = 0;
    while (q < close) {
        int ws = 0;
        while (is_ws((unsigned char)*q))
            q++, ws = 1;
        if (q == close)
            break;
        if (!ws)
            return K_ERR;
        int k = -1;
        for (int i = next; i < 3 && k < 0; i++)
            if (strncmp(q, names[i], strlen(names[i])) == 0)
                k = i;
        if (k < 0 || (next == 0 && k != 0))
            return K_ERR;
        q += strlen(names[k]);
        while (is_ws((unsigned char)*q))
            q++;
        if (*q++ != '=')
            return K_ERR;
        while (is_ws((unsigned char)*q))
            q++;
        char quote = *q++;
        const char *v = q;
        if (quote != '"' && quote != '\'')
            return K_ERR;
        while (q < close && *q != quote)
            q++;
        if (q == close)
            return K_ERR;
        size_t vl = (size_t)(q - v);
        q++;
        if (k == 0 && !(vl == 3 && memcmp(v, "1.0", 3) == 0))
            return K_ERR;
        if (k == 1 && !(vl == 5 && strncasecmp(v, "UTF-8", 5) == 0))
            return K_ERR; /* another encoding: expat converts it */
        if (k == 2 && !(vl == 3 && memcmp(v, "yes", 3) == 0) && !(vl == 2 && memcmp(v, "no", 2) == 0))
            return K_ERR;
        next = k + 1;
    }
    if (next == 0)
        return K_ERR;
    s->pos = (size_t)(close + 2 - b);
    return K_OK;
}

/* Before the root element: nothing is reported to the handlers yet, so whatever this
 * tokenizer does not take as it is (another encoding, a DOCTYPE, anything odd) goes to expat,
 * which reads the sheet from the start. */
static int prolog(struct xlsx_scan *s)
{
    const unsigned char *b = (const unsigned char *)s->buf;
    size_t have = s->end - s->pos;
    if (s->at_start) {
        if (have < 5 && !s->eof)
            return K_NEED;
        if (have >= 2 && ((b[0] == 0xFE && b[1] == 0xFF) || (b[0] == 0xFF && b[1] == 0xFE) ||
                          b[0] == 0 || b[1] == 0))
            return K_ERR; /* UTF-16 */
        if (have >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF)
            s->pos += 3;
        s->at_start = 0;
        if (s->end - s->pos >= 5 && memcmp(b + s->pos, "<?xml", 5) == 0 &&
            (s->end - s->pos == 5 || is_ws(b[s->pos + 5]))) {
            int r = xml_decl(s);
            if (r == K_NEED) {
                s->at_start = 1;
                s->pos = 0;
            }
            return r;
        }
        return K_OK;
    }
    const unsigned char *q = b + s->pos;
    while (is_ws(*q))
        q++;
    s->pos = (size_t)(q - b);
    if (s->pos == s->end)
        return K_OK;
    if (*q != '<')
        return K_ERR;
    if (s->pos + 1 >= s->end)
        return K_NEED;
    if (q[1] == '!' && s->end - s->pos < 4)
        return K_NEED;
    if (q[1] == '!' && memcmp(q, "<!--", 4) != 0)
        return K_ERR; /* a DOCTYPE: expat says why it is refused */
    return markup(s);
}

/* ---------- driving ---------- */

/* What the XML wrapper asks of the parser reading its entry (xlsx_xml.c). */
static unsigned long scan_line_of(const void *s)
{
    return xlsx_scan_line(s);
}

static void scan_suspend(void *s)
{
    ((struct xlsx_scan *)s)->suspended = 1;
}

int xlsx_scan_init(struct xlsx_scan *s, struct xlsx_xml *xx, void *ctx,
                   XML_StartElementHandler start, XML_EndElementHandler end,
                   XML_CharacterDataHandler text_h)
{
    if (!classes_ready)
        classes_init();
    char *buf = s->buf;
    size_t cap = s->cap;
    struct xlsx_att *at = s->at;
    const char **atts = s->atts;
    size_t acap = s->acap;
    char *names = s->names;
    size_t ncap = s->ncap;
    memset(s, 0, sizeof *s);
    s->buf = buf, s->cap = cap, s->at = at, s->atts = atts, s->acap = acap;
    s->names = names, s->ncap = ncap;
    s->xx = xx;
    s->ctx = ctx;
    s->start = start;
    s->end_h = end;
    s->text = text_h;
    s->chunk = xlsx_scan_chunk ? xlsx_scan_chunk : 1;
    s->max_token = ck_xlsx_limits.max_cell;
    s->line = 1;
    s->at_start = 1;
    s->phase = PH_PROLOG;
    xx->alt = s;
    xx->alt_line = scan_line_of;
    xx->alt_suspend = scan_suspend;
    xx->p = NULL;
    xx->failed = 0;
    xx->depth = 0;
    if (!s->at) {
        s->acap = 16;
        s->at = malloc(s->acap * sizeof *s->at);
        s->atts = malloc((2 * s->acap + 1) * sizeof *s->atts);
        if (!s->at || !s->atts)
            return -1;
    }
    if (!s->buf) {
        s->cap = s->chunk + 1;
        s->buf = malloc(s->cap);
        if (!s->buf)
            return -1;
    }
    s->buf[0] = 0;
    return 0;
}

void xlsx_scan_free(struct xlsx_scan *s)
{
    free(s->buf);
    free(s->at);
    free(s->atts);
    free(s->names);
    memset(s, 0, sizeof *s);
}

static int failed(struct xlsx_scan *s, struct ck_error *e)
{
    if (s->xx->failed)
        s->err = s->xx->err;
    if (e)
        *e = s->err;
    return s->err.code ? s->err.code : CK_EINPUT;
}

/* The entry ended: complete after the root element, expat's to judge before it. */
static int at_end(struct xlsx_scan *s, struct ck_error *e)
{
    if (s->phase == PH_EPILOG && s->pos >= s->end) {
        s->phase = PH_DONE;
        return CK_OK;
    }
    if (s->phase == PH_PROLOG) {
        s->fallback = 1;
        return CK_OK;
    }
    const unsigned char c = (unsigned char)s->buf[s->pos];
    syntax(s, s->pos,
           s->pos >= s->end ? XML_ERROR_NO_ELEMENTS
           : c == '<' || c == '&' ? XML_ERROR_UNCLOSED_TOKEN
                                  : XML_ERROR_PARTIAL_CHAR);
    return failed(s, e);
}

int xlsx_scan_run(struct xlsx_scan *s, struct ck_error *e)
{
    s->suspended = 0;
    while (s->phase != PH_DONE && !s->fallback) {
        int r;
        if (s->pos >= s->end)
            r = K_NEED;
        else if (s->phase == PH_PROLOG)
            r = prolog(s);
        else if (s->buf[s->pos] == '<')
            r = markup(s);
        else if (s->phase == PH_CONTENT)
            r = text(s);
        else
            r = blank(s);
        if (r == K_STOP)
            return CK_OK;
        if (r == K_ERR) {
            if (s->phase == PH_PROLOG && !s->xx->failed && s->err.code != CK_ENOMEM) {
                s->fallback = 1;
                return CK_OK;
            }
            return failed(s, e);
        }
        if (r == K_NEED) {
            int f = fill(s);
            if (f < 0)
                return failed(s, e);
            if (f == 1) {
                int rc = at_end(s, e);
                if (rc != CK_OK || s->phase == PH_DONE)
                    return rc;
            }
        }
    }
    return CK_OK;
}

int xlsx_scan_done(const struct xlsx_scan *s)
{
    return s->phase == PH_DONE;
}
