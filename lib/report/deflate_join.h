/* deflate_join.h — buffers deflated whole by libdeflate, made to join as one deflate stream.
 *
 * libdeflate deflates a whole buffer faster than zlib, or smaller in the same time, but what
 * it writes is a complete deflate stream: its last block is final (BFINAL) and ends mid-byte.
 * ck_deflate_join clears that block's BFINAL bit and, when the stream ends mid-byte, ends it
 * with an empty stored block on the byte boundary, as zlib's examples/gzjoin.c does: any
 * number of such pieces, one after the other, and then a final block (a Z_FINISH of zlib's)
 * are one raw deflate stream. The last block is found by walking the piece's blocks: each
 * Huffman symbol decoded, nothing written, the bytes it stands for counted. The walk checks
 * the stream's form (codes, block types, distances within the piece, its end on the last
 * byte, the count of bytes) but not the bytes themselves: libdeflate is trusted to deflate
 * them right, and the tests inflate every piece back with zlib. */
#ifndef CK_DEFLATE_JOIN_H
#define CK_DEFLATE_JOIN_H

#include <stddef.h>
#include <stdint.h>

struct ck_deflate_join;

/* A compressor at libdeflate's level (1-12) with its block walker's tables: one per thread,
 * for any number of pieces. NULL: out of memory, or no such level (0 is not one). */
struct ck_deflate_join *ck_deflate_join_new(int level);
void ck_deflate_join_free(struct ck_deflate_join *d);

/* The n bytes at buf (n < 4 GB; 0 too) as raw deflate blocks into *out, grown as needed
 * (*cap its size), *len their length: none final, the last ending on a byte boundary, and the
 * window fresh (no block refers to an earlier piece). *crc gets the bytes' CRC-32; buf is
 * unchanged. CK_OK, CK_ENOMEM; CK_EOUTPUT if libdeflate's blocks do not walk as a stream of
 * n bytes (ck_deflate_walk), which they always do. */
int ck_deflate_join(struct ck_deflate_join *d, unsigned char *buf, size_t n, uint32_t *crc,
                    unsigned char **out, size_t *cap, size_t *len);

/* Walks the raw deflate stream z[0, len) block by block without inflating it: 0 when it is
 * well formed, ends with its final block on its last byte and stands for exactly n bytes
 * (no distance reaching before its start), with *last the bit where the final block begins
 * (its BFINAL bit) and *unused the bits of the last byte after it (0-7); -1 otherwise. Any
 * bytes may be given: it reads none outside z[0, len). */
int ck_deflate_walk(struct ck_deflate_join *d, const unsigned char *z, size_t len, size_t n,
                    size_t *last, unsigned *unused);

#endif
