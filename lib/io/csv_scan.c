/* csv_scan.c — the CSV reader's byte scanners (io/reader.c, io/encoding.c): the width pass's
 * field counting, a line's fields cut in place and UTF-8 validation, each with a portable path and, on x86-64, an SSE2 one that finds the bytes
 * that matter sixteen at a time; both give the same results (tests/unit/test_csv_scan.c). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "io/csv_internal.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* ---------- the width pass ---------- */

/* One byte c that is none of delim, quote, CR, LF: it only leaves the states it ends. */
static inline void width_ordinary(struct csv_width_scan *w, int *prev_cr)
{
    *prev_cr = 0;
    if (w->st == CSV_W_START) {
        w->st = CSV_W_UNQUOTED;
        w->in_row = 1;
    } else if (w->st == CSV_W_QUOTE_IN_QUOTED) {
        w->st = CSV_W_QUOTED; /* a stray quote kept literally */
    }
}

/* Any byte c, libcsv's lenient rules: a quote opens a quoted field only at its start; in one,
 * "" is a quote and a closing quote followed by anything but the delimiter or a line end is
 * kept; line ends inside it are data. */
static inline void width_byte(struct csv_width_scan *w, char c, char delim, long *line,
                              int *prev_cr)
{
    /* the line count stays true so that a decoding error later names the right line */
    if (c == '\n') {
        if (!*prev_cr)
            ++*line;
        *prev_cr = 0;
    } else if (c == '\r') {
        ++*line;
        *prev_cr = 1;
    } else {
        *prev_cr = 0;
    }
    switch (w->st) {
    case CSV_W_QUOTED:
        if (c == '"')
            w->st = CSV_W_QUOTE_IN_QUOTED;
        return;
    case CSV_W_QUOTE_IN_QUOTED:
        if (c == '"' || (c != delim && c != '\n' && c != '\r')) {
            w->st = CSV_W_QUOTED; /* an escaped quote, or a stray one kept literally */
            return;
        }
        break;
    case CSV_W_UNQUOTED:
        if (c != delim && c != '\n' && c != '\r')
            return;
        break;
    case CSV_W_START:
        if (c == '"') {
            w->st = CSV_W_QUOTED;
            w->in_row = 1;
            w->quote_line = *line;
            return;
        }
        if (c != delim && c != '\n' && c != '\r') {
            w->st = CSV_W_UNQUOTED;
            w->in_row = 1;
            return;
        }
        break;
    }
    /* c ends a field: a delimiter or a line end */
    if (c == delim) {
        w->fields++;
        w->in_row = 1;
    } else {
        if (w->in_row && w->fields + 1 > w->widest)
            w->widest = w->fields + 1;
        w->fields = 0;
        w->in_row = 0;
    }
    w->st = CSV_W_START;
}

void csv_width_block_portable(struct csv_width_scan *w, const char *s, size_t n, char delim,
                              long *line, int *prev_cr)
{
    unsigned char special[256] = {0};
    special['"'] = special['\n'] = special['\r'] = special[(unsigned char)delim] = 1;
    const char *end = s + n;
    for (; s < end; s++) {
        if (w->st == CSV_W_UNQUOTED || w->st == CSV_W_QUOTED) { /* skip ordinary bytes */
            const char *t = s;
            while (t < end && !special[(unsigned char)*t])
                t++;
            if (t != s) {
                *prev_cr = 0;
                if ((s = t) == end)
                    break;
            }
        }
        width_byte(w, *s, delim, line, prev_cr);
    }
}

#ifdef __SSE2__
/* The bytes of s[0..64) equal to c, as bits. */
static inline uint64_t eq_64(const char *s, __m128i c)
{
    uint64_t m = 0;
    for (size_t k = 0; k < 4; k++) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + 16 * k));
        m |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, c)) << (16 * k);
    }
    return m;
}

/* The bits of the bytes of s[0..64) equal to a or b. */
static inline uint64_t eq2_64(const char *s, __m128i a, __m128i b)
{
    uint64_t m = 0;
    for (size_t k = 0; k < 4; k++) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + 16 * k));
        __m128i x = _mm_or_si128(_mm_cmpeq_epi8(v, a), _mm_cmpeq_epi8(v, b));
        m |= (uint64_t)(unsigned)_mm_movemask_epi8(x) << (16 * k);
    }
    return m;
}

/* 64 bytes at a time. A block without quotes or CRs, met outside a quoted field, is counted
 * from its bits: each line end closes a record of the delimiters before it. Any other block
 * has the bits of its delimiter, quote, CR and LF bytes visited in order, and a run of
 * ordinary bytes between two of them counts once (width_ordinary is the same for one as for
 * many). */
static void width_block_sse2(struct csv_width_scan *w, const char *s, size_t n, char delim,
                             long *line, int *prev_cr)
{
    const __m128i vd = _mm_set1_epi8(delim), vq = _mm_set1_epi8('"');
    const __m128i vl = _mm_set1_epi8('\n'), vc = _mm_set1_epi8('\r');
    struct csv_width_scan ws = *w;
    long ln = *line;
    int pcr = *prev_cr;
    size_t i = 0;
    for (; i + 64 <= n; i += 64) {
        const char *b = s + i;
        uint64_t md = eq_64(b, vd), ml = eq_64(b, vl), mqc = eq2_64(b, vq, vc);
        if (!mqc && !pcr && (ws.st == CSV_W_START || ws.st == CSV_W_UNQUOTED) &&
            delim != '\n') {
            uint64_t seen = 0; /* the bytes of the block up to the last line end */
            while (ml) {
                uint64_t upto = ml ^ (ml - 1); /* the bits up to the line end, it included */
                uint64_t seg = upto & ~seen & ~ml;
                ws.fields += (size_t)__builtin_popcountll(md & seg);
                if ((ws.in_row || seg) && ws.fields + 1 > ws.widest)
                    ws.widest = ws.fields + 1;
                ws.fields = 0;
                ws.in_row = 0;
                ws.st = CSV_W_START;
                ln++;
                seen |= upto;
                ml &= ml - 1;
            }
            uint64_t tail = ~seen;
            if (tail) {
                ws.fields += (size_t)__builtin_popcountll(md & tail);
                ws.in_row = 1;
                ws.st = (md >> 63) ? CSV_W_START : CSV_W_UNQUOTED;
            }
            continue;
        }
        uint64_t m = md | ml | mqc;
        size_t next = 0; /* the first byte of the block not yet counted */
        while (m) {
            size_t k = (size_t)__builtin_ctzll(m);
            m &= m - 1;
            if (k != next)
                width_ordinary(&ws, &pcr);
            width_byte(&ws, b[k], delim, &ln, &pcr);
            next = k + 1;
        }
        if (next != 64)
            width_ordinary(&ws, &pcr);
    }
    csv_width_block_portable(&ws, s + i, n - i, delim, &ln, &pcr);
    *w = ws;
    *line = ln;
    *prev_cr = pcr;
}
#endif

void csv_width_block(struct csv_width_scan *w, const char *s, size_t n, char delim, long *line,
                     int *prev_cr)
{
#ifdef __SSE2__
    width_block_sse2(w, s, n, delim, line, prev_cr);
#else
    csv_width_block_portable(w, s, n, delim, line, prev_cr);
#endif
}

/* ---------- a line's fields cut in place ---------- */

static int cut_reserve(struct csv_cut *c, size_t n)
{
    if (n <= c->cap)
        return 0;
    /* both arrays grow from the same capacity to the same new one */
    size_t cap = c->cap;
    if (ck_grow((void **)&c->f, &cap, n, sizeof *c->f))
        return -1;
    cap = c->cap;
    if (ck_grow((void **)&c->len, &cap, n, sizeof *c->len))
        return -1;
    c->cap = cap;
    return 0;
}

static inline int cut_push(struct csv_cut *c, char *f, size_t len)
{
    if (c->nf == c->cap && cut_reserve(c, c->nf + 1))
        return -1;
    c->f[c->nf] = f;
    c->len[c->nf++] = len;
    return 0;
}

/* The first delimiter or quote in p[0..lim), or lim: eight bytes at a time, then by bytes. */
static const char *field_end(const char *p, const char *lim, char delim)
{
    const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    const uint64_t d = ones * (unsigned char)delim, qu = ones * (unsigned char)'"';
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    while (lim - p >= 8) {
        uint64_t w, x, y;
        memcpy(&w, p, 8);
        x = w ^ d;
        y = w ^ qu;
        /* a zero byte of x or y: the lowest one is found exactly */
        uint64_t m = (((x - ones) & ~x) | ((y - ones) & ~y)) & highs;
        if (m)
            return p + (__builtin_ctzll(m) >> 3);
        p += 8;
    }
#endif
    while (p < lim && *p != delim && *p != '"')
        p++;
    return p;
}

int csv_cut_line_portable(char *s, size_t n, char delim, struct csv_cut *c)
{
    char *nl = memchr(s, '\n', n);
    char *cr = memchr(s, '\r', nl ? (size_t)(nl - s) : n);
    char *lim = cr ? cr : nl;
    c->nf = 0;
    c->esc = 0;
    if (!lim)
        return CSV_CUT_LIBCSV;
    c->seg = (size_t)(lim - s) + 1;
    if (lim == s)
        return CSV_CUT_OK; /* a blank line */
    for (char *p = s;; p++) {
        char *q;
        if (*p == '"') {
            for (q = p + 1;; q += 2) {
                if (!(q = memchr(q, '"', (size_t)(lim - q))))
                    return CSV_CUT_LIBCSV;
                if (q[1] != '"')
                    break;
                c->esc = 1;
            }
            if (q + 1 != lim && q[1] != delim)
                return CSV_CUT_LIBCSV;
            if (cut_push(c, p + 1, (size_t)(q - p - 1)))
                return CSV_CUT_NOMEM;
            p = q + 1;
        } else {
            q = (char *)field_end(p, lim, delim);
            if (q < lim && *q == '"')
                return CSV_CUT_LIBCSV;
            if (cut_push(c, p, (size_t)(q - p)))
                return CSV_CUT_NOMEM;
            p = q;
        }
        if (p == lim)
            break;
    }
    return CSV_CUT_OK;
}

#ifdef __SSE2__
/* Sixteen bytes at a time, the delimiter, quote, CR and LF bytes visited in order: one pass
 * finds the line end and the fields. A quote opens a quoted field only as a field's first
 * byte; a special byte before skip is inside a field already dealt with (the second quote of
 * a "" escape, the delimiter after a closing quote). The arrays are kept in locals, written
 * back at the end: stores through them could otherwise be c's own fields. */
static int cut_line_sse2(char *s, size_t n, char delim, struct csv_cut *c)
{
    const __m128i vd = _mm_set1_epi8(delim), vq = _mm_set1_epi8('"');
    const __m128i vl = _mm_set1_epi8('\n'), vc = _mm_set1_epi8('\r');
    size_t p = 0, skip = 0; /* the field's first byte */
    size_t nf = 0, cap = c->cap;
    char **f = c->f;
    size_t *len = c->len;
    int quoted = 0, rc = CSV_CUT_LIBCSV;
    c->esc = 0;
    for (size_t i = 0; i < n; i += 16) {
        __m128i v;
        unsigned m;
        if (n - i >= 16) {
            v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
            m = 0xFFFF;
        } else {
            char tail[16] = {0};
            memcpy(tail, s + i, n - i);
            v = _mm_loadu_si128((const __m128i *)(const void *)tail);
            m = (1u << (n - i)) - 1;
        }
        __m128i x = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, vd), _mm_cmpeq_epi8(v, vq)),
                                 _mm_or_si128(_mm_cmpeq_epi8(v, vl), _mm_cmpeq_epi8(v, vc)));
        m &= (unsigned)_mm_movemask_epi8(x);
        while (m) {
            size_t k = i + (size_t)__builtin_ctz(m);
            m &= m - 1;
            if (k < skip)
                continue;
            char ch = s[k];
            size_t start = p, flen = k - p;
            if (quoted) {
                if (ch != '"') {
                    if (ch == delim)
                        continue;
                    goto out; /* a line end inside quotes: libcsv's */
                }
                if (k + 1 == n)
                    goto out; /* no line end in the text */
                ch = s[k + 1];
                if (ch == '"') { /* "" */
                    c->esc = 1;
                    skip = k + 2;
                    continue;
                }
                if (ch != delim && ch != '\n' && ch != '\r')
                    goto out; /* text after the closing quote */
                start = p + 1;
                flen = k - p - 1;
                quoted = 0;
                k++; /* the byte after the closing quote ends the field */
                skip = k + 1;
            } else if (ch == '"') {
                if (k != p)
                    goto out; /* a quote inside an unquoted field */
                quoted = 1;
                continue;
            } else if (ch != delim && k == 0) { /* a blank line */
                c->seg = 1;
                rc = CSV_CUT_OK;
                goto out;
            }
            if (nf == cap) {
                c->f = f, c->len = len;
                if (cut_reserve(c, nf + 1)) {
                    rc = CSV_CUT_NOMEM;
                    goto out;
                }
                f = c->f, len = c->len, cap = c->cap;
            }
            f[nf] = s + start;
            len[nf++] = flen;
            if (ch != delim) {
                c->seg = k + 1;
                rc = CSV_CUT_OK;
                goto out;
            }
            p = k + 1;
        }
    }
out:
    c->f = f;
    c->len = len;
    c->cap = cap;
    c->nf = nf;
    return rc;
}
#endif

int csv_cut_line(char *s, size_t n, char delim, struct csv_cut *c)
{
#ifdef __SSE2__
    if (delim != '"' && delim != '\n' && delim != '\r')
        return cut_line_sse2(s, n, delim, c);
#endif
    return csv_cut_line_portable(s, n, delim, c);
}

/* ---------- UTF-8 validation ---------- */

/* The valid UTF-8 from s[i], a character's first byte, on to stop or further (the end of the
 * character that crosses it); *stopped when an invalid sequence, a NUL or a sequence cut by
 * the end of the buffer stops it first. */
static size_t utf8_run(const unsigned char *s, size_t n, size_t i, size_t stop, int *bad,
                       int *nul, int *stopped)
{
    size_t adv;
    *stopped = 0;
    while (i < stop) {
        /* ASCII fast path, eight bytes at a time */
        while (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            if (w & 0x8080808080808080ULL)
                break;
            /* a zero byte in w? */
            if ((w - 0x0101010101010101ULL) & ~w & 0x8080808080808080ULL)
                break;
            i += 8;
        }
        if (i >= n)
            break;
        if (s[i] == 0) {
            *nul = *stopped = 1;
            return i;
        }
        if (s[i] < 0x80) {
            i++;
            continue;
        }
        /* the common three-byte case (CJK) inline: E1..EC, EE, EF lead bytes need no
         * overlong or surrogate check beyond the continuation bytes */
        if (i + 3 <= n && ((s[i] >= 0xE1 && s[i] <= 0xEC) || s[i] == 0xEE || s[i] == 0xEF) &&
            (s[i + 1] & 0xC0) == 0x80 && (s[i + 2] & 0xC0) == 0x80) {
            i += 3;
            continue;
        }
        *stopped = 1;
        if (ck_utf8_decode((const char *)s + i, n - i, &adv) < 0) {
            /* a sequence cut by the end of the buffer is not an error yet */
            size_t need = s[i] >= 0xF0 ? 4 : s[i] >= 0xE0 ? 3 : 2;
            if (n - i < need && s[i] >= 0xC2 && s[i] <= 0xF4) {
                int cont = 1;
                for (size_t k = i + 1; k < n; k++)
                    cont &= (s[k] & 0xC0) == 0x80;
                if (cont)
                    return i;
            }
            *bad = 1;
            return i;
        }
        *stopped = 0;
        i += adv;
    }
    return i;
}

size_t csv_utf8_prefix_portable(const unsigned char *s, size_t n, int *bad, int *nul)
{
    int stopped;
    *bad = *nul = 0;
    return utf8_run(s, n, 0, n, bad, nul, &stopped);
}

#ifdef __SSE2__
/* 64 bytes at a time, from bit masks: a block of ASCII without NUL passes at once; a block
 * of two- and three-byte characters led by C2..DF, E1..EC, EE or EF passes when its
 * continuation bytes (80..BF) are exactly the bytes its lead bytes call for. A block with
 * anything else (NUL, C0, C1, E0, ED, F0..FF: the bytes that need a closer look, or a
 * mismatch) is left to utf8_run, so that every error is found, and named, as there. */
static size_t utf8_prefix_sse2(const unsigned char *s, size_t n, int *bad, int *nul)
{
    const __m128i zero = _mm_setzero_si128(), c0 = _mm_set1_epi8((char)0xC0);
    const __m128i c2 = _mm_set1_epi8((char)0xC2), df = _mm_set1_epi8((char)0xDF);
    const __m128i ef = _mm_set1_epi8((char)0xEF), e0 = _mm_set1_epi8((char)0xE0);
    const __m128i ed = _mm_set1_epi8((char)0xED);
    size_t i = 0;
    int stopped;
    *bad = *nul = 0;
    while (i + 64 <= n) {
        uint64_t hi = 0, cont = 0, three = 0, rare = 0;
        for (size_t k = 0; k < 4; k++) {
            __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i + 16 * k));
            /* signed compares: 80..FF are below 00..7F */
            __m128i isc = _mm_cmplt_epi8(v, c0);                        /* 80..BF */
            __m128i low = _mm_andnot_si128(isc, _mm_cmplt_epi8(v, c2)); /* C0, C1 */
            __m128i ge3 = _mm_cmpgt_epi8(v, df); /* E0..FF, and ASCII */
            __m128i ge4 = _mm_cmpgt_epi8(v, ef); /* F0..FF, and ASCII */
            __m128i odd = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, zero), low),
                                       _mm_or_si128(_mm_cmpeq_epi8(v, e0),
                                                    _mm_cmpeq_epi8(v, ed)));
            /* ASCII: ge4 and ge3 hold it; the high bit of v keeps it out */
            odd = _mm_or_si128(odd, _mm_and_si128(ge4, _mm_cmplt_epi8(v, zero)));
            unsigned sh = 16 * (unsigned)k;
            hi |= (uint64_t)(unsigned)_mm_movemask_epi8(v) << sh;
            cont |= (uint64_t)(unsigned)_mm_movemask_epi8(isc) << sh;
            three |= (uint64_t)(unsigned)_mm_movemask_epi8(ge3) << sh;
            rare |= (uint64_t)(unsigned)_mm_movemask_epi8(odd) << sh;
        }
        if (!rare) {
            if (!hi) {
                i += 64;
                continue;
            }
            uint64_t lead = hi & ~cont;
            three &= hi;
            if (((lead << 1) | (three << 2)) == cont) {
                /* a character cut by the block's end starts the next block */
                if ((lead >> 63) | ((three >> 62) & 1))
                    i += 63 - (size_t)__builtin_clzll(lead);
                else
                    i += 64;
                continue;
            }
        }
        i = utf8_run(s, n, i, i + 64, bad, nul, &stopped);
        if (stopped)
            return i;
    }
    return utf8_run(s, n, i, n, bad, nul, &stopped);
}
#endif

size_t csv_utf8_prefix(const unsigned char *s, size_t n, int *bad, int *nul)
{
#ifdef __SSE2__
    return utf8_prefix_sse2(s, n, bad, nul);
#else
    return csv_utf8_prefix_portable(s, n, bad, nul);
#endif
}

#ifdef __SSE2__
const int csv_scan_has_sse2 = 1;
#else
const int csv_scan_has_sse2 = 0;
#endif
