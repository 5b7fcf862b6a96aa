/* deflate_join.h — buffers deflated whole by libdeflate, made to join as one deflate stream.
 *
 * libdeflate deflates a whole buffer 2-3 times as fast as zlib at the same size, but what it
 * writes is a complete deflate stream: its last block is final (BFINAL) and ends mid-byte.
 * ck_deflate_join clears that block's BFINAL bit and, when the stream ends mid-byte, ends it
 * with an empty stored block on the byte boundary, as zlib's examples/gzjoin.c does: any
 * number of such pieces, one after the other, and then a final block (a Z_FINISH of zlib's)
 * are one raw deflate stream. The last block is found by inflating the piece with zlib block
 * by block (Z_BLOCK), which also checks what libdeflate wrote against the input's length. */
#ifndef CK_DEFLATE_JOIN_H
#define CK_DEFLATE_JOIN_H

#include <stddef.h>

struct ck_deflate_join;

/* A compressor at libdeflate's level (1-12) with its checking inflater: one per thread, for
 * any number of pieces. NULL: out of memory (or no such level). */
struct ck_deflate_join *ck_deflate_join_new(int level);
void ck_deflate_join_free(struct ck_deflate_join *d);

/* The n bytes at in (n may be 0) as raw deflate blocks into *out, grown as needed (*cap its
 * size), *len their length: none final, the last ending on a byte boundary, and the window
 * fresh (no block refers to an earlier piece). CK_OK, or CK_ENOMEM when memory runs out;
 * CK_EOUTPUT if what libdeflate wrote does not inflate back to n bytes, which it always does. */
int ck_deflate_join(struct ck_deflate_join *d, const void *in, size_t n, unsigned char **out,
                    size_t *cap, size_t *len);

#endif
