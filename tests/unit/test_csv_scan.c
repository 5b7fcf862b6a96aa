/* test_csv_scan.c — unit tests of lib/io/csv_scan.c, the CSV reader's byte scanners. Each
 * scanner has a portable path and (on x86-64) an SSE2 one: both are run on the same inputs —
 * the bytes that matter at every position of a 64-byte block and across its edges, random
 * text cut into pieces at random places — and must agree with each other and with results
 * worked out by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "custkit.h"
#include "io/csv_internal.h"

/* A small deterministic generator, so that a failure can be replayed. */
static uint64_t rng_state = 88172645463325252ULL;
static unsigned rnd(unsigned n)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (unsigned)(rng_state % n);
}

/* On x86-64 the SSE2 paths are the ones built, so that the tests below compare two paths. */
static void test_sse2_built(void **state)
{
    (void)state;
#if defined(__x86_64__) || defined(__SSE2__)
    assert_int_equal(csv_scan_has_sse2, 1);
#else
    assert_int_equal(csv_scan_has_sse2, 0);
#endif
}

/* ---------- the width pass ---------- */

struct width_result {
    struct csv_width_scan w;
    long line;
    int prev_cr;
};

/* Scan s[0..n) with the SSE2 path (or the portable one), in pieces cut at cuts[0..ncut). */
static struct width_result width_run(const char *s, size_t n, char delim, int portable,
                                     const size_t *cuts, size_t ncut)
{
    struct width_result r;
    memset(&r, 0, sizeof r);
    r.w.st = CSV_W_START;
    r.line = 1;
    size_t at = 0;
    for (size_t k = 0; k <= ncut; k++) {
        size_t to = k < ncut ? cuts[k] : n;
        if (to < at)
            to = at;
        if (portable)
            csv_width_block_portable(&r.w, s + at, to - at, delim, &r.line, &r.prev_cr);
        else
            csv_width_block(&r.w, s + at, to - at, delim, &r.line, &r.prev_cr);
        at = to;
    }
    return r;
}

static void width_same(const char *s, size_t n, char delim, const size_t *cuts, size_t ncut)
{
    struct width_result a = width_run(s, n, delim, 1, NULL, 0);
    struct width_result b = width_run(s, n, delim, 0, cuts, ncut);
    if (a.w.st != b.w.st || a.w.fields != b.w.fields || a.w.widest != b.w.widest ||
        a.w.in_row != b.w.in_row || a.w.quote_line != b.w.quote_line || a.line != b.line ||
        a.prev_cr != b.prev_cr)
        fail_msg("width scans differ on %zu bytes '%.*s': state %d/%d fields %zu/%zu widest "
                 "%zu/%zu in_row %d/%d quote_line %ld/%ld line %ld/%ld prev_cr %d/%d",
                 n, (int)n, s, a.w.st, b.w.st, a.w.fields, b.w.fields, a.w.widest, b.w.widest,
                 a.w.in_row, b.w.in_row, a.w.quote_line, b.w.quote_line, a.line, b.line,
                 a.prev_cr, b.prev_cr);
}

static void test_width_by_hand(void **state)
{
    (void)state;
    /* 70 bytes: the SSE2 path takes the first 64 as a block */
    char s[256];
    snprintf(s, sizeof s, "%s", "a,b,c\r\n\"x,\"\"y\nz\",2\n\n,,,,\nlast line with no delimiter at all, really\n");
    size_t n = strlen(s);
    assert_true(n >= 64);
    for (int p = 0; p < 2; p++) {
        struct width_result r = width_run(s, n, ',', p, NULL, 0);
        assert_int_equal(r.w.widest, 5); /* ",,,," */
        assert_int_equal(r.line, 7);     /* CR LF once; the LF inside quotes counts */
        assert_int_equal(r.w.st, CSV_W_START);
        assert_int_equal(r.w.in_row, 0);
    }
    /* an open quote: its line is kept */
    memset(s, 'a', 100);
    s[99] = '\n';
    s[100] = '"';
    memset(s + 101, 'b', 80);
    for (int p = 0; p < 2; p++) {
        struct width_result r = width_run(s, 181, ',', p, NULL, 0);
        assert_int_equal(r.w.st, CSV_W_QUOTED);
        assert_int_equal(r.w.quote_line, 2);
        assert_int_equal(r.w.widest, 1);
    }
}

/* Each byte that matters at each position 0..127 of otherwise plain text, alone and after
 * a quote, scanned whole and cut at each 16-byte edge. */
static void test_width_every_position(void **state)
{
    (void)state;
    static const char specials[] = {',', '"', '\r', '\n', ';'};
    static const char *lead[] = {"", "\"", "a,\"b\"", "\r", "x\"\"y,"};
    char s[256];
    for (size_t l = 0; l < sizeof lead / sizeof *lead; l++)
        for (size_t k = 0; k < sizeof specials; k++)
            for (size_t p = 0; p < 128; p++)
                for (int two = 0; two < 2; two++) {
                    size_t n = 160, ll = strlen(lead[l]);
                    memset(s, 'q', n);
                    memcpy(s, lead[l], ll);
                    s[ll + p] = specials[k];
                    if (two) /* the same byte again at the next block's start, or a CR LF */
                        s[ll + p + 1] = specials[k] == '\r' ? '\n' : specials[k];
                    size_t cuts[] = {16, 32, 48, 64, 80, 96, 112, 128, 144};
                    width_same(s, n, ',', NULL, 0);
                    width_same(s, n, ',', cuts, 9);
                    width_same(s, n, ';', NULL, 0);
                }
}

/* Random text of the bytes that matter and a few others, cut into random pieces. */
static void test_width_random(void **state)
{
    (void)state;
    static const char alphabet[] = ",,,,\"\"\r\n\n\nab\xe4\xb8\x80 ;\t";
    char s[600];
    for (int round = 0; round < 20000; round++) {
        size_t n = rnd(sizeof s);
        /* mostly plain text with the bytes that matter sprinkled in */
        int density = 1 + (int)rnd(20);
        for (size_t i = 0; i < n; i++)
            s[i] = rnd((unsigned)density) == 0 ? alphabet[rnd(sizeof alphabet - 1)] : 'x';
        size_t cuts[8], ncut = rnd(9);
        for (size_t k = 0; k < ncut; k++)
            cuts[k] = n ? rnd((unsigned)n + 1) : 0;
        for (size_t a = 0; a < ncut; a++) /* in order */
            for (size_t b = a + 1; b < ncut; b++)
                if (cuts[b] < cuts[a]) {
                    size_t t = cuts[a];
                    cuts[a] = cuts[b];
                    cuts[b] = t;
                }
        width_same(s, n, round % 3 ? ',' : '\t', cuts, ncut);
    }
}

/* ---------- a line's fields cut in place ---------- */

struct cut_result {
    int rc;
    size_t nf, seg;
    int esc;
    size_t off[64], len[64]; /* fields as offsets into the line */
};

static struct cut_result cut_run(char *s, size_t n, char delim, int portable)
{
    struct cut_result r;
    memset(&r, 0, sizeof r);
    struct csv_cut c = {NULL, NULL, 0, 0, 0, 0};
    r.rc = portable ? csv_cut_line_portable(s, n, delim, &c) : csv_cut_line(s, n, delim, &c);
    if (r.rc == CSV_CUT_OK) {
        r.nf = c.nf;
        r.seg = c.seg;
        r.esc = c.esc;
        for (size_t i = 0; i < c.nf && i < 64; i++) {
            r.off[i] = (size_t)(c.f[i] - s);
            r.len[i] = c.len[i];
        }
    }
    free(c.f);
    free(c.len);
    return r;
}

static void cut_same(const char *text, size_t n, char delim)
{
    char s[700];
    assert_true(n <= sizeof s);
    memcpy(s, text, n);
    struct cut_result a = cut_run(s, n, delim, 1);
    assert_memory_equal(s, text, n); /* cutting never writes */
    struct cut_result b = cut_run(s, n, delim, 0);
    assert_memory_equal(s, text, n);
    int same = a.rc == b.rc && a.nf == b.nf && a.seg == b.seg && a.esc == b.esc;
    for (size_t i = 0; same && i < a.nf && i < 64; i++)
        same = a.off[i] == b.off[i] && a.len[i] == b.len[i];
    if (!same)
        fail_msg("cuts differ on %zu bytes '%.*s': rc %d/%d fields %zu/%zu seg %zu/%zu esc "
                 "%d/%d",
                 n, (int)n, text, a.rc, b.rc, a.nf, b.nf, a.seg, b.seg, a.esc, b.esc);
}

static void test_cut_by_hand(void **state)
{
    (void)state;
    char s[128];
    for (int p = 0; p < 2; p++) {
        strcpy(s, "a,\"b,\"\"c\"\"\",,\"\"\r\nnext");
        struct cut_result r = cut_run(s, strlen(s), ',', p);
        assert_int_equal(r.rc, CSV_CUT_OK);
        assert_int_equal(r.nf, 4);
        assert_int_equal(r.seg, 16); /* up to the CR */
        assert_int_equal(r.esc, 1);
        assert_int_equal(r.off[1], 3);
        assert_int_equal(r.len[1], 7); /* b,""c"" */
        assert_int_equal(r.len[2], 0);
        assert_int_equal(r.off[3], 14); /* "" is an empty field */
        assert_int_equal(r.len[3], 0);
        strcpy(s, "\nx");
        r = cut_run(s, 2, ',', p);
        assert_int_equal(r.rc, CSV_CUT_OK);
        assert_int_equal(r.nf, 0);
        assert_int_equal(r.seg, 1);
        /* libcsv's: no line end, a quote inside a field, text after a closing quote, a
         * line end inside quotes */
        static const char *const hard[] = {"a,b", "a\"b,c\n", "\"a\"b,c\n", "\"a\nb\",c\n",
                                           "\"a\"\"", "a,\"b"};
        for (size_t k = 0; k < sizeof hard / sizeof *hard; k++) {
            strcpy(s, hard[k]);
            assert_int_equal(cut_run(s, strlen(s), ',', p).rc, CSV_CUT_LIBCSV);
        }
    }
}

/* Each byte that matters, and a quoted field, at each position 0..95 of a line, and the
 * line end there too: across the 16-byte blocks the SSE2 path reads. */
static void test_cut_every_position(void **state)
{
    (void)state;
    static const char *const pieces[] = {",", "\"", "\r", "\n", "\r\n", "\"q\"", "\"q,\"\"\"",
                                         "\"\"", "\"a\"x", ";", "\t"};
    char s[256];
    for (size_t k = 0; k < sizeof pieces / sizeof *pieces; k++)
        for (size_t p = 0; p < 96; p++)
            for (size_t end = 0; end < 3; end++) {
                size_t n = 140, pl = strlen(pieces[k]);
                memset(s, 'v', n);
                for (size_t d = 7; d < n; d += 9) /* ordinary fields around */
                    s[d] = ',';
                if (p && s[p - 1] != ',') /* a quoted piece starts a field */
                    s[p - 1] = ',';
                memcpy(s + p, pieces[k], pl);
                if (p + pl < n && pieces[k][0] == '"' && s[p + pl] != ',')
                    s[p + pl] = ',';
                /* the line ends right after the piece, later, or not at all */
                if (end == 0 && p + pl < n)
                    s[p + pl] = '\n';
                else if (end == 1)
                    memcpy(s + 120, "\r\n", 2);
                cut_same(s, n, ',');
                cut_same(s, n, ';');
                cut_same(s, p + pl, ','); /* the text ends with the piece */
            }
}

static void test_cut_random(void **state)
{
    (void)state;
    static const char alphabet[] = ",,,,\"\"\"\r\n\nab \xe4\xb8\x80;\t";
    char s[600];
    for (int round = 0; round < 50000; round++) {
        size_t n = rnd(sizeof s);
        int density = 1 + (int)rnd(30);
        for (size_t i = 0; i < n; i++)
            s[i] = rnd((unsigned)density) == 0 ? alphabet[rnd(sizeof alphabet - 1)] : 'x';
        /* a line end somewhere, most of the time */
        if (n && rnd(4))
            s[rnd((unsigned)n)] = rnd(3) ? '\n' : '\r';
        cut_same(s, n, round % 4 ? ',' : '\t');
    }
    /* well-formed lines of quoted and unquoted fields, which the fast path takes whole */
    for (int round = 0; round < 20000; round++) {
        size_t n = 0;
        int fields = 1 + (int)rnd(30);
        for (int f = 0; f < fields && n < 500; f++) {
            if (f)
                s[n++] = ',';
            int quoted = rnd(3) == 0, len = (int)rnd(20);
            if (quoted)
                s[n++] = '"';
            for (int k = 0; k < len; k++) {
                unsigned c = rnd(12);
                if (quoted && c == 0) {
                    s[n++] = '"';
                    s[n++] = '"';
                } else if (quoted && c == 1) {
                    s[n++] = ',';
                } else {
                    s[n++] = (char)('a' + c);
                }
            }
            if (quoted)
                s[n++] = '"';
        }
        if (rnd(3))
            s[n++] = '\r';
        s[n++] = '\n';
        struct cut_result r = cut_run(s, n, ',', 0);
        if (r.rc != CSV_CUT_OK)
            fail_msg("not cut: '%.*s'", (int)n, s);
        /* a line of one empty field is a blank line: no fields */
        size_t want = s[0] == '\r' || s[0] == '\n' ? 0 : (size_t)fields;
        assert_int_equal(r.nf, want < 64 ? want : r.nf);
        cut_same(s, n, ',');
    }
}

/* ---------- UTF-8 validation ---------- */

static void utf8_same(const unsigned char *s, size_t n)
{
    int bad1, nul1, bad2, nul2;
    size_t a = csv_utf8_prefix_portable(s, n, &bad1, &nul1);
    size_t b = csv_utf8_prefix(s, n, &bad2, &nul2);
    if (a != b || bad1 != bad2 || nul1 != nul2) {
        char hex[3 * 700 + 1] = "";
        for (size_t i = 0; i < n && i < 700; i++)
            snprintf(hex + 3 * i, 4, "%02x ", s[i]);
        fail_msg("UTF-8 prefixes differ on %zu bytes %s: %zu/%zu bad %d/%d nul %d/%d", n, hex, a,
                 b, bad1, bad2, nul1, nul2);
    }
}

static size_t utf8_prefix_of(const unsigned char *s, size_t n, int *bad, int *nul)
{
    utf8_same(s, n);
    return csv_utf8_prefix(s, n, bad, nul);
}

static void test_utf8_by_hand(void **state)
{
    (void)state;
    unsigned char s[200];
    int bad, nul;
    /* 200 bytes: ASCII, then 一 (E4 B8 80) from byte 14 on, across the 16-byte edges */
    memset(s, 'a', 200);
    for (size_t i = 14; i + 3 <= 195; i += 3)
        memcpy(s + i, "\xe4\xb8\x80", 3);
    assert_int_equal(utf8_prefix_of(s, 200, &bad, &nul), 200);
    assert_false(bad || nul);
    /* cut by the buffer's end after its first byte: valid up to it, no error yet */
    assert_int_equal(utf8_prefix_of(s, 15, &bad, &nul), 14);
    assert_false(bad || nul);
    assert_int_equal(utf8_prefix_of(s, 70, &bad, &nul), 68);
    assert_false(bad);
    /* a NUL at 71; a character's last byte NUL: invalid; an overlong E0 80 80, a
     * surrogate ED A0 80 */
    s[71] = 0;
    assert_int_equal(utf8_prefix_of(s, 200, &bad, &nul), 71);
    assert_true(nul);
    assert_false(bad);
    s[70] = 0;
    assert_int_equal(utf8_prefix_of(s, 200, &bad, &nul), 68);
    assert_true(bad);
    assert_false(nul);
    memcpy(s + 68, "\xe4\xb8\x80\xe0\x80\x80", 6);
    assert_int_equal(utf8_prefix_of(s, 200, &bad, &nul), 71);
    assert_true(bad);
    memcpy(s + 71, "\xe0\xa0\x80", 3); /* U+0800 is fine */
    assert_int_equal(utf8_prefix_of(s, 200, &bad, &nul), 200);
    memcpy(s + 71, "\xed\xa0\x80", 3);
    assert_int_equal(utf8_prefix_of(s, 200, &bad, &nul), 71);
    assert_true(bad);
}

/* Every kind of byte at every position 0..130: after ASCII and after three-byte characters,
 * with the buffer ending there or later. */
static void test_utf8_every_position(void **state)
{
    (void)state;
    static const char *const pieces[] = {
        "\x00",         "\xc2\xa9",     "\xdf\xbf",         "\xe4\xb8\x80", "\xef\xbf\xbd",
        "\xe0\xa0\x80", "\xe0\x9f\xbf", "\xed\x9f\xbf",     "\xed\xa0\x80", "\xf0\x9f\x98\x80",
        "\xf0\x8f\xbf\xbf", "\xf4\x8f\xbf\xbf", "\xf4\x90\x80\x80", "\xc0\x80", "\xc1\xbf",
        "\xf5\x80",     "\xff",         "\x80",             "\xbf",         "\xe4\xb8",
        "\xe4",         "\xf0\x9f\x98", "\xc2",             "\xe4\x41\x80", "\xc2\xc2\xa9"};
    static const size_t plen[] = {1, 2, 2, 3, 3, 3, 3, 3, 3, 4, 4, 4, 4, 2, 2,
                                  2, 1, 1, 1, 2, 1, 3, 1, 3, 3};
    unsigned char s[260];
    for (int cjk = 0; cjk < 2; cjk++)
        for (size_t k = 0; k < sizeof pieces / sizeof *pieces; k++)
            for (size_t p = 0; p < 131; p++) {
                size_t n = 200;
                memset(s, 'z', n);
                size_t start = cjk ? p % 3 : 0;
                if (cjk) /* three-byte characters around, the piece among them */
                    for (size_t i = start; i + 3 <= n; i += 3)
                        memcpy(s + i, "\xe6\x96\x87", 3);
                memcpy(s + p, pieces[k], plen[k]);
                utf8_same(s, n);
                utf8_same(s, p + plen[k]); /* the buffer ends with the piece */
                for (size_t cut = 1; cut < plen[k]; cut++)
                    utf8_same(s, p + cut); /* ... or inside it */
            }
}

static void test_utf8_random(void **state)
{
    (void)state;
    static const unsigned char bytes[] = {0x00, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0,
                                          0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xe1, 0xec,
                                          0xed, 0xee, 0xef, 0xf0, 0xf3, 0xf4, 0xf5, 0xff};
    unsigned char s[600];
    for (int round = 0; round < 30000; round++) {
        size_t n = rnd(sizeof s);
        int density = 1 + (int)rnd(200);
        size_t i = 0;
        while (i < n) {
            unsigned c = rnd(4);
            if (rnd((unsigned)density) == 0) {
                s[i++] = bytes[rnd(sizeof bytes)];
            } else if (c == 0 && i + 3 <= n) {
                memcpy(s + i, "\xe5\xae\xa2", 3);
                i += 3;
            } else if (c == 1 && i + 2 <= n) {
                memcpy(s + i, "\xc3\xa9", 2);
                i += 2;
            } else if (c == 2 && i + 4 <= n) {
                memcpy(s + i, "\xf0\x9f\x98\x80", 4);
                i += 4;
            } else {
                s[i++] = 'k';
            }
        }
        utf8_same(s, n);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sse2_built),
        cmocka_unit_test(test_width_by_hand),
        cmocka_unit_test(test_width_every_position),
        cmocka_unit_test(test_width_random),
        cmocka_unit_test(test_cut_by_hand),
        cmocka_unit_test(test_cut_every_position),
        cmocka_unit_test(test_cut_random),
        cmocka_unit_test(test_utf8_by_hand),
        cmocka_unit_test(test_utf8_every_position),
        cmocka_unit_test(test_utf8_random),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
