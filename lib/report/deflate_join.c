/* deflate_join.c — libdeflate's whole-buffer deflate, its streams made to join (see
 * deflate_join.h). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libdeflate.h>

#include "report/report.h"
#include "report/deflate_join.h"

#define MAXBITS 15 /* the longest deflate code */

/* A Huffman code as a table of 1 << bits entries, indexed by the next bits of the stream
 * (the first bit lowest): symbol << 4 | code length, 0 where no code begins so. */
struct code {
    uint16_t *t;
    unsigned bits;
};

struct ck_deflate_join {
    struct libdeflate_compressor *c;
    uint16_t lit_t[1u << MAXBITS], dist_t[1u << MAXBITS], len_t[1u << 7];
    uint16_t fixed_lit_t[1u << 9], fixed_dist_t[1u << 5];
    struct code fixed_lit, fixed_dist;
};

/* The 3 to 258 bytes of length symbols 257-285 (base, extra bits); distance codes 0-29. */
static const uint16_t len_base[29] = {3,  4,  5,  6,   7,   8,   9,   10,  11, 13,
                                      15, 17, 19, 23,  27,  31,  35,  43,  51, 59,
                                      67, 83, 99, 115, 131, 163, 195, 227, 258};
static const uint8_t len_extra[29] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2,
                                      2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
static const uint16_t dist_base[30] = {
    1,   2,   3,   4,   5,   7,    9,    13,   17,   25,   33,   49,   65,    97,    129,
    193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
static const uint8_t dist_extra[30] = {0, 0, 0, 0, 1, 1, 2, 2,  3,  3,  4,  4,  5,  5,  6,
                                       6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13};

/* Code lengths lens[0, n) as a table into t (room for 1 << MAXBITS entries): canonical codes,
 * as RFC 1951 3.2.2 assigns them. Refused (-1) as zlib refuses them: an over-subscribed set,
 * and an incomplete one but for a lone code of one bit where lone is set (literal/length and
 * distance codes; the rest of its table is 0, which decoding refuses). No codes at all are a
 * table of 0s. */
static int code_build(struct code *c, uint16_t *t, const uint8_t *lens, unsigned n, int lone)
{
    unsigned count[MAXBITS + 1] = {0}, next[MAXBITS + 1];
    unsigned bits = 0;
    for (unsigned s = 0; s < n; s++) {
        count[lens[s]]++;
        if (lens[s] > bits)
            bits = lens[s];
    }
    long left = 1;
    for (unsigned l = 1; l <= MAXBITS; l++) {
        left = 2 * left - (long)count[l];
        if (left < 0)
            return -1;
    }
    if (left > 0 && bits > 0 && !(lone && bits == 1))
        return -1;
    c->t = t;
    c->bits = bits;
    memset(t, 0, sizeof *t << bits);
    unsigned code = 0;
    count[0] = 0;
    for (unsigned l = 1; l <= MAXBITS; l++) {
        code = (code + count[l - 1]) << 1;
        next[l] = code;
    }
    for (unsigned s = 0; s < n; s++) {
        unsigned l = lens[s];
        if (l == 0)
            continue;
        unsigned v = next[l]++, r = 0;
        for (unsigned i = 0; i < l; i++, v >>= 1)
            r = r << 1 | (v & 1); /* the stream holds a code's first bit lowest */
        for (unsigned i = r; i < 1u << bits; i += 1u << l)
            t[i] = (uint16_t)(s << 4 | l);
    }
    return 0;
}

/* The stream read bit by bit, the first bit lowest; past its end it reads zeros, counted in
 * over (a walk that needs them has gone wrong). */
struct bits {
    const unsigned char *start, *p, *end;
    uint64_t buf;
    unsigned cnt; /* bits in buf */
    size_t over;  /* zero bytes read past the end */
};

/* At least 56 bits in buf. */
static void refill(struct bits *b)
{
    if (b->cnt >= 56)
        return;
    if (b->end - b->p >= 8) {
        uint64_t w = 0;
        for (int i = 7; i >= 0; i--)
            w = w << 8 | b->p[i]; /* the compiler makes it one load on little-endian CPUs */
        unsigned k = (63 - b->cnt) >> 3;
        b->buf |= w << b->cnt;
        b->cnt += 8 * k;
        b->p += k;
        b->buf &= ((uint64_t)1 << b->cnt) - 1; /* not the part of byte k that fit */
        return;
    }
    while (b->cnt < 56) {
        uint64_t byte = 0;
        if (b->p < b->end)
            byte = *b->p++;
        else
            b->over++;
        b->buf |= byte << b->cnt;
        b->cnt += 8;
    }
}

static unsigned take(struct bits *b, unsigned n)
{
    unsigned v = (unsigned)(b->buf & (((uint64_t)1 << n) - 1));
    b->buf >>= n;
    b->cnt -= n;
    return v;
}

static size_t bit_pos(const struct bits *b)
{
    return ((size_t)(b->p - b->start) + b->over) * 8 - b->cnt;
}

/* The next symbol of code c (at least MAXBITS bits in buf); -1 where no code begins. */
static int decode(struct bits *b, const struct code *c)
{
    uint16_t e = c->t[b->buf & ((1u << c->bits) - 1)];
    if (e == 0)
        return -1;
    take(b, e & 15);
    return e >> 4;
}

/* A dynamic block's two codes, from its header (after BFINAL and BTYPE). */
static int dynamic_codes(struct ck_deflate_join *d, struct bits *b, struct code *lit,
                         struct code *dist)
{
    static const uint8_t order[19] = {16, 17, 18, 0, 8,  7, 9,  6, 10, 5,
                                      11, 4,  12, 3, 13, 2, 14, 1, 15};
    uint8_t lens[286 + 30];
    refill(b);
    unsigned nlit = take(b, 5) + 257, ndist = take(b, 5) + 1, nclen = take(b, 4) + 4;
    if (nlit > 286 || ndist > 30)
        return -1;
    uint8_t clens[19] = {0};
    for (unsigned i = 0; i < nclen; i++) {
        refill(b);
        clens[order[i]] = (uint8_t)take(b, 3);
    }
    struct code cl;
    if (code_build(&cl, d->len_t, clens, 19, 0) != 0)
        return -1;
    for (unsigned i = 0; i < nlit + ndist;) {
        refill(b);
        int s = decode(b, &cl);
        unsigned rep, v = 0;
        if (s < 0)
            return -1;
        if (s < 16) {
            lens[i++] = (uint8_t)s;
            continue;
        }
        if (s == 16) {
            if (i == 0)
                return -1;
            v = lens[i - 1];
            rep = 3 + take(b, 2);
        } else if (s == 17) {
            rep = 3 + take(b, 3);
        } else {
            rep = 11 + take(b, 7);
        }
        if (rep > nlit + ndist - i)
            return -1;
        while (rep--)
            lens[i++] = (uint8_t)v;
    }
    if (lens[256] == 0 || b->over > 8)
        return -1; /* no end-of-block code: the block could not end */
    if (code_build(lit, d->lit_t, lens, nlit, 1) != 0 ||
        code_build(dist, d->dist_t, lens + nlit, ndist, 1) != 0)
        return -1;
    return 0;
}

int ck_deflate_walk(struct ck_deflate_join *d, const unsigned char *z, size_t len, size_t n,
                    size_t *last, unsigned *unused)
{
    struct bits b = {z, z, z + len, 0, 0, 0};
    uint64_t out = 0; /* bytes the blocks stand for so far */
    for (;;) {
        size_t at = bit_pos(&b);
        refill(&b);
        unsigned final = take(&b, 1), type = take(&b, 2);
        if (type == 0) { /* stored: to the byte boundary, LEN, NLEN, the bytes */
            size_t byte = (bit_pos(&b) + 7) / 8;
            if (byte + 4 > len)
                return -1;
            unsigned l = (unsigned)z[byte] | (unsigned)z[byte + 1] << 8;
            unsigned nl = (unsigned)z[byte + 2] | (unsigned)z[byte + 3] << 8;
            if ((l ^ nl) != 0xFFFF || l > len - byte - 4)
                return -1;
            b.p = z + byte + 4 + l; /* read on from there */
            b.buf = 0;
            b.cnt = 0;
            b.over = 0;
            out += l;
        } else {
            struct code lit, dist;
            if (type == 3)
                return -1;
            if (type == 1)
                lit = d->fixed_lit, dist = d->fixed_dist;
            else if (dynamic_codes(d, &b, &lit, &dist) != 0)
                return -1;
            for (;;) {
                refill(&b); /* 56 bits: a length and a distance with their extra bits (48) */
                int s = decode(&b, &lit);
                if (s < 0 || b.over > 8)
                    return -1;
                if (s < 256) {
                    out++;
                } else if (s == 256) {
                    break;
                } else {
                    s -= 257;
                    if (s >= 29)
                        return -1;
                    unsigned l = len_base[s] + take(&b, len_extra[s]);
                    int ds = decode(&b, &dist);
                    if (ds < 0 || ds >= 30)
                        return -1;
                    unsigned dd = dist_base[ds] + take(&b, dist_extra[ds]);
                    if (dd > out) /* before the piece: each starts with a fresh window */
                        return -1;
                    out += l;
                }
                if (out > n)
                    return -1;
            }
        }
        size_t end = bit_pos(&b);
        if (end > len * 8 || out > n)
            return -1;
        if (final) {
            if ((end + 7) / 8 != len || out != n)
                return -1;
            *last = at;
            *unused = (unsigned)(len * 8 - end);
            return 0;
        }
    }
}

void ck_deflate_join_free(struct ck_deflate_join *d)
{
    if (!d)
        return;
    if (d->c)
        libdeflate_free_compressor(d->c);
    free(d);
}

struct ck_deflate_join *ck_deflate_join_new(int level)
{
    if (level < 1 || level > 12)
        return NULL; /* 0 is libdeflate's copy-only level: not one of ours */
    struct ck_deflate_join *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    d->c = libdeflate_alloc_compressor(level);
    uint8_t lens[288];
    for (unsigned s = 0; s < 288; s++)
        lens[s] = s < 144 ? 8 : s < 256 ? 9 : s < 280 ? 7 : 8;
    int bad = code_build(&d->fixed_lit, d->fixed_lit_t, lens, 288, 0);
    memset(lens, 5, 32);
    bad |= code_build(&d->fixed_dist, d->fixed_dist_t, lens, 32, 0);
    if (!d->c || bad) {
        ck_deflate_join_free(d);
        return NULL;
    }
    return d;
}

/* The complete deflate stream out[0, *len), made to join others: its last block not final
 * and, if it ends mid-byte, an empty stored block after it to the byte boundary (up to 5 bytes
 * more, which out must have room for). The last block is found by walking the blocks
 * (ck_deflate_walk), which must stand for exactly the n bytes deflated (else -1). */
static int join_stream(struct ck_deflate_join *d, unsigned char *out, size_t *len, size_t n)
{
    size_t last;
    unsigned unused;
    if (*len == 0 || ck_deflate_walk(d, out, *len, n, &last, &unused) != 0)
        return -1;
    out[last / 8] &= (unsigned char)~(1u << (last % 8));
    if (unused == 0)
        return 0;
    out[*len - 1] &= (unsigned char)(0xFFu >> unused);
    if (unused < 3)
        out[(*len)++] = 0; /* the stored block's 3 header bits go on into this byte */
    memcpy(out + *len, "\0\0\377\377", 4); /* LEN 0, NLEN its complement */
    *len += 4;
    return 0;
}

int ck_deflate_join(struct ck_deflate_join *d, unsigned char *buf, size_t n, uint32_t *crc,
                    unsigned char **out, size_t *cap, size_t *len)
{
    *crc = libdeflate_crc32(0, buf, n);
    size_t bound = libdeflate_deflate_compress_bound(d->c, n) + 8;
    if (ck_grow((void **)out, cap, bound, 1) != 0)
        return CK_ENOMEM;
    *len = libdeflate_deflate_compress(d->c, buf, n, *out, *cap - 8);
    if (*len == 0 || join_stream(d, *out, len, n) != 0)
        return CK_EOUTPUT;
    return CK_OK;
}
