/* deflate_join.c — libdeflate's whole-buffer deflate, its streams made to join (see
 * deflate_join.h). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include <libdeflate.h>

#include "custkit.h"
#include "deflate_join.h"

struct ck_deflate_join {
    struct libdeflate_compressor *c;
    z_stream inf;
    int inf_ok;
    unsigned char *scratch; /* inflated bytes, thrown away */
    size_t scratch_cap;
};

void ck_deflate_join_free(struct ck_deflate_join *d)
{
    if (!d)
        return;
    if (d->c)
        libdeflate_free_compressor(d->c);
    if (d->inf_ok)
        inflateEnd(&d->inf);
    free(d->scratch);
    free(d);
}

struct ck_deflate_join *ck_deflate_join_new(int level)
{
    struct ck_deflate_join *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    d->c = libdeflate_alloc_compressor(level);
    d->inf_ok = inflateInit2(&d->inf, -MAX_WBITS) == Z_OK;
    d->scratch_cap = 256u << 10;
    d->scratch = malloc(d->scratch_cap);
    if (!d->c || !d->inf_ok || !d->scratch) {
        ck_deflate_join_free(d);
        return NULL;
    }
    return d;
}

/* The complete deflate stream out[0, *len), n bytes inflated, made to join others: its last
 * block not final and, if it ends mid-byte, an empty stored block after it to the byte
 * boundary (up to 5 bytes more, which out must have room for). -1: it does not inflate to
 * exactly n bytes from exactly *len bytes. */
static int join_stream(struct ck_deflate_join *d, unsigned char *out, size_t *len, size_t n)
{
    z_stream *z = &d->inf;
    if (inflateReset(z) != Z_OK || *len == 0 || *len > UINT32_MAX)
        return -1;
    z->next_in = out;
    z->avail_in = (uInt)*len;
    size_t last = 0; /* bit where the block being inflated starts */
    size_t got = 0;
    int unused = -1; /* the last byte's padding (its high bits), once the final block ends */
    int rc;
    do {
        z->next_out = d->scratch;
        z->avail_out = (uInt)d->scratch_cap;
        rc = inflate(z, Z_BLOCK);
        got += d->scratch_cap - z->avail_out;
        /* at a block's end: 64 says it was the final one; the low bits count what is left of
         * the byte (inflate drops them before it says Z_STREAM_END) */
        if (rc == Z_OK && (z->data_type & 128)) {
            if (z->data_type & 64)
                unused = z->data_type & 7;
            else
                last = (size_t)(z->next_in - out) * 8 - (size_t)(z->data_type & 7);
        }
    } while (rc == Z_OK);
    if (rc != Z_STREAM_END || z->avail_in != 0 || got != n || unused < 0)
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

int ck_deflate_join(struct ck_deflate_join *d, const void *in, size_t n, unsigned char **out,
                    size_t *cap, size_t *len)
{
    size_t bound = libdeflate_deflate_compress_bound(d->c, n) + 8;
    if (ck_grow((void **)out, cap, bound, 1) != 0)
        return CK_ENOMEM;
    *len = libdeflate_deflate_compress(d->c, in, n, *out, *cap - 8);
    if (*len == 0 || join_stream(d, *out, len, n) != 0)
        return CK_EOUTPUT;
    return CK_OK;
}
