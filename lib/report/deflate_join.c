/* deflate_join.c — libdeflate's whole-buffer deflate, its streams made to join (see
 * deflate_join.h). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include <libdeflate.h>

#include "report/report.h"
#include "report/deflate_join.h"
struct ck_deflate_join {
    struct libdeflate_compressor *c;
    z_stream inf;
    int inf_ok;
};

void ck_deflate_join_free(struct ck_deflate_join *d)
{
    if (!d)
        return;
    if (d->c)
        libdeflate_free_compressor(d->c);
    if (d->inf_ok)
        inflateEnd(&d->inf);
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
    d->inf_ok = inflateInit2(&d->inf, -MAX_WBITS) == Z_OK;
    if (!d->c || !d->inf_ok) {
        ck_deflate_join_free(d);
        return NULL;
    }
    return d;
}

/* The complete deflate stream out[0, *len), made to join others: its last block not final
 * and, if it ends mid-byte, an empty stored block after it to the byte boundary (up to 5 bytes
 * more, which out must have room for). Found by inflating it over buf[0, n), the bytes it was
 * deflated from, which it must fill exactly from exactly *len bytes (else -1). */
static int join_stream(struct ck_deflate_join *d, unsigned char *out, size_t *len,
                       unsigned char *buf, size_t n)
{
    z_stream *z = &d->inf;
    unsigned char none;
    if (inflateReset(z) != Z_OK || *len == 0 || *len > UINT32_MAX || n > UINT32_MAX)
        return -1;
    z->next_in = out;
    z->avail_in = (uInt)*len;
    z->next_out = n ? buf : &none;
    z->avail_out = (uInt)n;
    size_t last = 0; /* bit where the block being inflated starts */
    int unused = -1; /* the last byte's padding (its high bits), once the final block ends */
    int rc;
    do {
        rc = inflate(z, Z_BLOCK);
        /* at a block's end: 64 says it was the final one; the low bits count what is left of
         * the byte (inflate drops them before it says Z_STREAM_END) */
        if (rc == Z_OK && (z->data_type & 128)) {
            if (z->data_type & 64)
                unused = z->data_type & 7;
            else
                last = (size_t)(z->next_in - out) * 8 - (size_t)(z->data_type & 7);
        }
    } while (rc == Z_OK);
    if (rc != Z_STREAM_END || z->avail_in != 0 || z->avail_out != 0 || unused < 0)
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
    if (*len == 0 || join_stream(d, *out, len, buf, n) != 0 || libdeflate_crc32(0, buf, n) != *crc)
        return CK_EOUTPUT;
    return CK_OK;
}
