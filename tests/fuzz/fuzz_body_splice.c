/* fuzz_body_splice.c — libFuzzer target: export's data-sheet pieces deflated by libdeflate and
 * joined (lib/report/deflate_join.c), as lib/report/body.c splices them into a zip entry. The first
 * byte picks the level (1-12); then the rest is cut into pieces, each led by two bytes of length
 * (longer than what is left: all of it). Every piece is deflated and joined, a final empty
 * block ends the stream, and zlib must inflate it to exactly the pieces' bytes; each piece
 * alone must inflate to its own bytes without ending the stream; the buffer deflated must be
 * unchanged, its CRC-32 returned. The input itself, taken as a raw deflate stream, must walk
 * (ck_deflate_walk, which finds a piece's last block) exactly when zlib inflates it whole. */
#include "fuzz_util.h"

#include <zlib.h>

#include "custkit.h"
#include "report/deflate_join.h"
static struct ck_deflate_join *joiner[13];

/* The raw deflate stream z[0, n) inflates to exactly want[0, wn); final says whether it must
 * end the stream (else it must not). */
static void check_inflate(const unsigned char *z, size_t n, const uint8_t *want, size_t wn,
                          int final)
{
    z_stream s;
    memset(&s, 0, sizeof s);
    if (inflateInit2(&s, -MAX_WBITS) != Z_OK)
        abort();
    unsigned char *back = malloc(wn + 1);
    if (!back)
        abort();
    s.next_in = (Bytef *)(uintptr_t)z;
    s.avail_in = (uInt)n;
    s.next_out = back;
    s.avail_out = (uInt)wn + 1;
    int rc = inflate(&s, final ? Z_FINISH : Z_SYNC_FLUSH);
    if (final ? rc != Z_STREAM_END : rc != Z_OK && rc != Z_BUF_ERROR)
        abort();
    if (s.avail_in != 0 || s.total_out != wn || (wn && memcmp(back, want, wn) != 0))
        abort();
    free(back);
    inflateEnd(&s);
}

/* z[0, n) as a deflate stream of any bytes: the walk agrees with zlib's inflate. */
static void check_walk(struct ck_deflate_join *d, const uint8_t *z, size_t n)
{
    enum { CAP = 1 << 20 };
    static unsigned char back[CAP + 1];
    z_stream s;
    memset(&s, 0, sizeof s);
    if (inflateInit2(&s, -MAX_WBITS) != Z_OK)
        abort();
    s.next_in = (Bytef *)(uintptr_t)z;
    s.avail_in = (uInt)n;
    s.next_out = back;
    s.avail_out = CAP + 1;
    int rc = inflate(&s, Z_FINISH);
    size_t out = s.total_out, last;
    unsigned unused;
    inflateEnd(&s);
    if (out > CAP)
        return; /* more than zlib was given room for: no verdict */
    int zok = rc == Z_STREAM_END && s.avail_in == 0;
    if (zok != (ck_deflate_walk(d, z, n, out, &last, &unused) == 0))
        abort();
    if (zok && (last >= n * 8 || unused > 7 || (z[last / 8] >> (last % 8) & 1) == 0))
        abort(); /* the final block begins with its BFINAL bit set */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    int level = 1 + data[0] % 12;
    if (!joiner[level] && !(joiner[level] = ck_deflate_join_new(level)))
        abort();
    const uint8_t *all = data + 1;
    size_t total = size - 1;
    check_walk(joiner[level], all, total);
    unsigned char *joined = NULL, *out = NULL;
    size_t jcap = 0, jlen = 0, cap = 0, len = 0;
    uint8_t *plain = malloc(total + 1);
    size_t plen = 0;
    if (!plain)
        abort();
    for (size_t at = 0; at < total;) {
        size_t n = total - at;
        if (n >= 2) {
            size_t want = (size_t)all[at] | (size_t)all[at + 1] << 8;
            at += 2;
            n -= 2;
            if (want < n)
                n = want;
        } else
            at += n, n = 0; /* a byte too short for a length: an empty piece */
        unsigned char *buf = malloc(n + 1);
        uint32_t crc;
        if (!buf)
            abort();
        memcpy(buf, all + at, n);
        if (ck_deflate_join(joiner[level], buf, n, &crc, &out, &cap, &len) != CK_OK)
            abort();
        /* inflated back over buf to check: the same bytes, and their CRC-32 */
        if (memcmp(buf, all + at, n) != 0 || crc != crc32(0L, all + at, (uInt)n))
            abort();
        free(buf);
        check_inflate(out, len, all + at, n, 0);
        if (ck_grow((void **)&joined, &jcap, jlen + len + 2, 1) != 0)
            abort();
        memcpy(joined + jlen, out, len);
        jlen += len;
        memcpy(plain + plen, all + at, n);
        plen += n;
        at += n;
    }
    if (ck_grow((void **)&joined, &jcap, jlen + 2, 1) != 0)
        abort();
    joined[jlen++] = 0x03; /* a final fixed-Huffman block, its end code alone */
    joined[jlen++] = 0x00;
    check_inflate(joined, jlen, plain, plen, 1);
    free(plain);
    free(joined);
    free(out);
    return 0;
}
