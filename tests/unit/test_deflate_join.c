/* test_deflate_join.c — unit tests of lib/report/deflate_join.c: libdeflate's pieces at every
 * level joined one after the other and inflated back by zlib, byte for byte; the levels it
 * takes; a piece whose last block is stored (byte-aligned already: its BFINAL bit cleared,
 * nothing added after it); and the block walker that finds the last block, against zlib's
 * inflate on libdeflate's streams, every one-bit change of them, and random bytes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libdeflate.h>
#include <zlib.h>

#include "custkit.h"
#include "report/deflate_join.h"

#define PIECE_SIZE (1u << 20) /* xlsx_body.c's piece */

struct piece {
    const char *what;
    unsigned char *p;
    size_t n;
};

static unsigned char *filled(size_t n, int kind)
{
    unsigned char *p = malloc(n ? n : 1);
    assert_non_null(p);
    uint32_t x = 2463534242u + (uint32_t)kind;
    for (size_t i = 0; i < n; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        switch (kind) {
        case 0: /* incompressible: libdeflate stores it */
            p[i] = (unsigned char)(x >> 24);
            break;
        case 1: /* one byte over and over: long matches, a tiny stream */
            p[i] = 'a';
            break;
        default: /* sheet XML, as export writes it */
            p[i] = (unsigned char)"<row r=\"12\"><c r=\"A12\" t=\"inlineStr\"><is><t>KH0001"
                                  "</t></is></c><c r=\"B12\" s=\"3\"><v>12.5</v></c></row>"[i % 88];
            if (x % 97 == 0)
                p[i] = (unsigned char)('0' + x % 10);
            break;
        }
    }
    return p;
}

/* The pieces deflated by ck_deflate_join at level, one after the other, then a final empty
 * block: zlib inflates that to exactly the pieces' bytes, and each piece alone ends on a byte
 * boundary without ending the stream. */
static void join_and_inflate(const struct piece *pc, size_t np, int level)
{
    struct ck_deflate_join *d = ck_deflate_join_new(level);
    assert_non_null(d);
    size_t total = 0, zcap = 0, zlen = 0;
    for (size_t i = 0; i < np; i++)
        total += pc[i].n;
    unsigned char *z = NULL, *out = NULL;
    size_t cap = 0, len = 0;
    for (size_t i = 0; i < np; i++) {
        unsigned char *buf = malloc(pc[i].n + 1);
        assert_non_null(buf);
        if (pc[i].n)
            memcpy(buf, pc[i].p, pc[i].n);
        uint32_t crc;
        assert_int_equal(ck_deflate_join(d, buf, pc[i].n, &crc, &out, &cap, &len), CK_OK);
        /* the check inflated the piece back over its bytes: the same bytes */
        assert_memory_equal(buf, pc[i].n ? pc[i].p : buf, pc[i].n);
        assert_int_equal(crc, crc32(0L, pc[i].n ? pc[i].p : Z_NULL, (uInt)pc[i].n));
        free(buf);
        /* alone: all its bytes come out, the stream goes on (no final block) */
        z_stream one;
        memset(&one, 0, sizeof one);
        assert_int_equal(inflateInit2(&one, -MAX_WBITS), Z_OK);
        unsigned char *back = malloc(pc[i].n + 1);
        assert_non_null(back);
        one.next_in = out;
        one.avail_in = (uInt)len;
        one.next_out = back;
        one.avail_out = (uInt)pc[i].n + 1;
        int rc = inflate(&one, Z_SYNC_FLUSH);
        if (rc != Z_OK && rc != Z_BUF_ERROR)
            fail_msg("level %d, %s: inflate says %d", level, pc[i].what, rc);
        assert_int_equal(one.avail_in, 0);
        assert_int_equal(one.total_out, pc[i].n);
        assert_memory_equal(back, pc[i].p, pc[i].n);
        free(back);
        inflateEnd(&one);
        assert_int_equal(ck_grow((void **)&z, &zcap, zlen + len + 2, 1), 0);
        memcpy(z + zlen, out, len);
        zlen += len;
    }
    /* no pieces: the final block alone */
    assert_int_equal(ck_grow((void **)&z, &zcap, zlen + 2, 1), 0);
    z[zlen++] = 0x03; /* a final fixed-Huffman block holding its end code alone */
    z[zlen++] = 0x00;
    unsigned char *back = malloc(total + 1);
    assert_non_null(back);
    z_stream all;
    memset(&all, 0, sizeof all);
    assert_int_equal(inflateInit2(&all, -MAX_WBITS), Z_OK);
    all.next_in = z;
    all.avail_in = (uInt)zlen;
    all.next_out = back;
    all.avail_out = (uInt)total + 1;
    assert_int_equal(inflate(&all, Z_FINISH), Z_STREAM_END);
    assert_int_equal(all.avail_in, 0);
    assert_int_equal(all.total_out, total);
    size_t at = 0;
    for (size_t i = 0; i < np; i++) {
        if (pc[i].n && memcmp(back + at, pc[i].p, pc[i].n) != 0)
            fail_msg("level %d: piece %zu (%s) inflates to other bytes", level, i, pc[i].what);
        at += pc[i].n;
    }
    inflateEnd(&all);
    free(back);
    free(z);
    free(out);
    ck_deflate_join_free(d);
}

static void test_join_pieces(void **state)
{
    (void)state;
    unsigned char one = 'x';
    struct piece pc[] = {
        {"empty", NULL, 0},
        {"1 byte", &one, 1},
        {"incompressible", filled(300000, 0), 300000},
        {"empty", NULL, 0},
        {"repetitive", filled(3 * PIECE_SIZE, 1), 3 * PIECE_SIZE},
        {"exactly a piece", filled(PIECE_SIZE, 2), PIECE_SIZE},
        {"1 byte", &one, 1},
        {"sheet XML, odd length", filled(PIECE_SIZE + 4095, 2), PIECE_SIZE + 4095},
        {"incompressible, 7 bytes", filled(7, 0), 7},
    };
    size_t np = sizeof pc / sizeof *pc;
    for (int level = 1; level <= 12; level++)
        join_and_inflate(pc, np, level);
    join_and_inflate(pc, 0, 6); /* no piece: the final block alone */
    /* each alone, and the end padding of every length: 0 to 7 bits over, in the final block */
    for (size_t i = 0; i < np; i++)
        join_and_inflate(&pc[i], 1, 6);
    for (size_t n = 1; n < 64; n++) {
        struct piece p = {"short XML", filled(n, 2), n};
        join_and_inflate(&p, 1, 6);
        join_and_inflate(&p, 1, 1);
        free(p.p);
    }
    for (size_t i = 0; i < np; i++)
        if (pc[i].p != &one)
            free(pc[i].p);
}

/* libdeflate's levels 1 to 12; outside them, no compressor: not 0 either, which libdeflate
 * takes as a copy-only level the header does not promise. */
static void test_levels(void **state)
{
    (void)state;
    for (int level = 1; level <= 12; level++) {
        struct ck_deflate_join *d = ck_deflate_join_new(level);
        if (!d)
            fail_msg("level %d refused", level);
        ck_deflate_join_free(d);
    }
    assert_null(ck_deflate_join_new(0));
    assert_null(ck_deflate_join_new(13));
    assert_null(ck_deflate_join_new(-1));
    assert_null(ck_deflate_join_new(1000));
    ck_deflate_join_free(NULL);
}

/* Incompressible bytes come out as stored blocks only, each byte-aligned: walk them (a 3-bit
 * header padded to the byte, LEN, NLEN, the bytes) and find none final, the bytes themselves,
 * and no empty block added at the end (the stream already ends on a byte). */
static void test_last_block_stored(void **state)
{
    (void)state;
    size_t sizes[] = {7, 1000, 65535, 65536, 300000};
    for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
        size_t n = sizes[k];
        unsigned char *src = filled(n, 0), *buf = malloc(n);
        assert_non_null(buf);
        memcpy(buf, src, n);
        struct ck_deflate_join *d = ck_deflate_join_new(1);
        assert_non_null(d);
        unsigned char *out = NULL;
        size_t cap = 0, len = 0, pos = 0, got = 0, blocks = 0;
        uint32_t crc;
        assert_int_equal(ck_deflate_join(d, buf, n, &crc, &out, &cap, &len), CK_OK);
        while (pos < len) {
            assert_true(pos + 5 <= len);
            if (out[pos] & 1)
                fail_msg("%zu bytes: block %zu is final", n, blocks);
            if ((out[pos] >> 1 & 3) != 0)
                fail_msg("%zu bytes: block %zu is not stored", n, blocks);
            size_t bl = (size_t)out[pos + 1] | (size_t)out[pos + 2] << 8;
            size_t nl = (size_t)out[pos + 3] | (size_t)out[pos + 4] << 8;
            assert_int_equal(bl ^ nl, 0xFFFF);
            assert_true(bl > 0); /* no empty block: nothing was added */
            assert_true(pos + 5 + bl <= len);
            assert_memory_equal(out + pos + 5, src + got, bl);
            got += bl;
            pos += 5 + bl;
            blocks++;
        }
        assert_int_equal(pos, len);
        assert_int_equal(got, n);
        assert_int_equal(len, n + 5 * blocks);
        /* and it joins: a compressible piece before it, another after */
        struct piece pc[] = {
            {"sheet XML", filled(5000, 2), 5000},
            {"incompressible", src, n},
            {"repetitive", filled(3000, 1), 3000},
        };
        join_and_inflate(pc, 3, 6);
        join_and_inflate(pc, 2, 1); /* the stored piece last */
        free(pc[0].p);
        free(pc[2].p);
        free(out);
        free(buf);
        free(src);
        ck_deflate_join_free(d);
    }
}

/* zlib's verdict on the raw stream z[0, len): 1 when it inflates to its end, using every
 * byte, *n (up to cap) the bytes it gives; 0 otherwise. */
static int zlib_inflates(const unsigned char *z, size_t len, size_t cap, size_t *n)
{
    z_stream s;
    memset(&s, 0, sizeof s);
    assert_int_equal(inflateInit2(&s, -MAX_WBITS), Z_OK);
    unsigned char *back = malloc(cap + 1);
    assert_non_null(back);
    s.next_in = (Bytef *)(uintptr_t)z;
    s.avail_in = (uInt)len;
    s.next_out = back;
    s.avail_out = (uInt)cap + 1;
    int rc = inflate(&s, Z_FINISH);
    *n = s.total_out;
    inflateEnd(&s);
    free(back);
    return rc == Z_STREAM_END && s.avail_in == 0 && *n <= cap;
}

/* The final block's first bit and the last byte's unused bits, as zlib finds them inflating
 * block by block (Z_BLOCK). */
static void zlib_last(const unsigned char *z, size_t len, size_t n, size_t *last, unsigned *unused)
{
    z_stream s;
    memset(&s, 0, sizeof s);
    assert_int_equal(inflateInit2(&s, -MAX_WBITS), Z_OK);
    unsigned char *back = malloc(n + 1);
    assert_non_null(back);
    s.next_in = (Bytef *)(uintptr_t)z;
    s.avail_in = (uInt)len;
    s.next_out = back;
    s.avail_out = (uInt)n + 1;
    int rc;
    *last = 0;
    *unused = 99;
    do {
        rc = inflate(&s, Z_BLOCK);
        if (rc == Z_OK && (s.data_type & 128)) {
            if (s.data_type & 64)
                *unused = (unsigned)(s.data_type & 7);
            else
                *last = (size_t)(s.next_in - z) * 8 - (size_t)(s.data_type & 7);
        }
    } while (rc == Z_OK);
    assert_int_equal(rc, Z_STREAM_END);
    inflateEnd(&s);
    free(back);
}

/* libdeflate's streams at several levels: the walker finds the final block where zlib does,
 * and refuses the stream for a byte count one off, cut by a byte or followed by one. */
static void test_walk_as_zlib(void **state)
{
    (void)state;
    struct piece pc[] = {
        {"empty", NULL, 0},
        {"sheet XML", filled(100000, 2), 100000},
        {"sheet XML, a piece", filled(PIECE_SIZE, 2), PIECE_SIZE},
        {"incompressible", filled(70000, 0), 70000},
        {"repetitive", filled(200000, 1), 200000},
        {"short XML", filled(23, 2), 23},
        {"1 byte", filled(1, 0), 1},
    };
    int levels[] = {1, 3, 6, 9, 12};
    struct ck_deflate_join *d = ck_deflate_join_new(6);
    assert_non_null(d);
    for (size_t l = 0; l < sizeof levels / sizeof *levels; l++) {
        struct libdeflate_compressor *c = libdeflate_alloc_compressor(levels[l]);
        assert_non_null(c);
        for (size_t i = 0; i < sizeof pc / sizeof *pc; i++) {
            size_t n = pc[i].n, cap = libdeflate_deflate_compress_bound(c, n) + 1;
            unsigned char *z = malloc(cap), one = 0;
            assert_non_null(z);
            size_t len = libdeflate_deflate_compress(c, pc[i].p ? pc[i].p : &one, n, z, cap - 1);
            assert_true(len > 0);
            size_t last, zlast, got;
            unsigned unused, zunused;
            assert_true(zlib_inflates(z, len, n, &got) && got == n);
            zlib_last(z, len, n, &zlast, &zunused);
            if (ck_deflate_walk(d, z, len, n, &last, &unused) != 0)
                fail_msg("level %d, %s: the walk refuses it", levels[l], pc[i].what);
            assert_int_equal(last, zlast);
            assert_int_equal(unused, zunused);
            assert_int_equal(ck_deflate_walk(d, z, len, n + 1, &last, &unused), -1);
            if (n > 0)
                assert_int_equal(ck_deflate_walk(d, z, len, n - 1, &last, &unused), -1);
            assert_int_equal(ck_deflate_walk(d, z, len - 1, n, &last, &unused), -1);
            z[len] = 0;
            assert_int_equal(ck_deflate_walk(d, z, len + 1, n, &last, &unused), -1);
            free(z);
        }
        libdeflate_free_compressor(c);
    }
    for (size_t i = 0; i < sizeof pc / sizeof *pc; i++)
        free(pc[i].p);
    ck_deflate_join_free(d);
}

/* The walker says yes exactly when zlib inflates the stream whole: every one-bit change of
 * a fixed-Huffman, a dynamic and a stored stream; random bytes; a stream whose distances
 * reach into a preset dictionary (before the piece). */
static void walk_like_zlib(struct ck_deflate_join *d, const unsigned char *z, size_t len,
                           const char *what, size_t bit)
{
    size_t n, last;
    unsigned unused;
    int zok = zlib_inflates(z, len, 1u << 16, &n);
    int wok = ck_deflate_walk(d, z, len, n, &last, &unused) == 0;
    if (zok != wok)
        fail_msg("%s, bit %zu: zlib says %d, the walk %d (%zu bytes)", what, bit, zok, wok, n);
    if (!zok && n > 0) /* refused whatever the count */
        assert_int_equal(ck_deflate_walk(d, z, len, n - 1, &last, &unused), -1);
}

static void test_walk_damaged(void **state)
{
    (void)state;
    struct ck_deflate_join *d = ck_deflate_join_new(6);
    assert_non_null(d);
    const char *text = "<row r=\"2\"><c t=\"inlineStr\"><is><t>KH0001</t></is></c></row>";
    unsigned char *xml = filled(600, 2), *rnd = filled(40, 0);
    struct {
        const char *what;
        const unsigned char *p;
        size_t n;
        int level;
    } in[] = {
        {"fixed Huffman", (const unsigned char *)text, strlen(text), 1},
        {"dynamic Huffman", xml, 600, 6},
        {"stored", rnd, 40, 1},
    };
    for (size_t k = 0; k < sizeof in / sizeof *in; k++) {
        struct libdeflate_compressor *c = libdeflate_alloc_compressor(in[k].level);
        assert_non_null(c);
        unsigned char z[2048];
        size_t len = libdeflate_deflate_compress(c, in[k].p, in[k].n, z, sizeof z);
        libdeflate_free_compressor(c);
        assert_true(len > 0);
        walk_like_zlib(d, z, len, in[k].what, (size_t)-1);
        for (size_t bit = 0; bit < len * 8; bit++) {
            z[bit / 8] ^= (unsigned char)(1u << bit % 8);
            walk_like_zlib(d, z, len, in[k].what, bit);
            z[bit / 8] ^= (unsigned char)(1u << bit % 8);
        }
    }
    uint32_t x = 12345;
    for (int i = 0; i < 20000; i++) {
        unsigned char z[64];
        size_t len = 1 + (size_t)i % 64;
        for (size_t j = 0; j < len; j++) {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            z[j] = (unsigned char)x;
        }
        if (i % 3 == 0)
            z[0] = (unsigned char)((z[0] & ~6u) | 2u); /* a fixed block, not a stored one */
        walk_like_zlib(d, z, len, "random", (size_t)i);
    }
    /* distances into a dictionary the piece does not have */
    z_stream s;
    memset(&s, 0, sizeof s);
    assert_int_equal(deflateInit2(&s, 6, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
    assert_int_equal(deflateSetDictionary(&s, (const Bytef *)text, (uInt)strlen(text)), Z_OK);
    unsigned char z[512];
    s.next_in = (Bytef *)(uintptr_t)text;
    s.avail_in = (uInt)strlen(text);
    s.next_out = z;
    s.avail_out = sizeof z;
    assert_int_equal(deflate(&s, Z_FINISH), Z_STREAM_END);
    size_t len = sizeof z - s.avail_out, last;
    unsigned unused;
    deflateEnd(&s);
    assert_true(len < strlen(text) / 2); /* it did refer to the dictionary */
    assert_int_equal(ck_deflate_walk(d, z, len, strlen(text), &last, &unused), -1);
    walk_like_zlib(d, z, len, "dictionary", (size_t)-1);
    free(xml);
    free(rnd);
    ck_deflate_join_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_join_pieces),       cmocka_unit_test(test_levels),
        cmocka_unit_test(test_last_block_stored), cmocka_unit_test(test_walk_as_zlib),
        cmocka_unit_test(test_walk_damaged),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
