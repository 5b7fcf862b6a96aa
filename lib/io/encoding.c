/* encoding.c — the table reader's bytes and text (see io/reader.c): raw input read in large
 * blocks, the encoding decided from a BOM or the bytes themselves (UTF-8, UTF-16, GB18030, or
 * --encoding), and text decoded to UTF-8 in chunks for the CSV tokenizer. */
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "base/i18n.h"
#include "io/csv_internal.h"

/* ---------- raw input ---------- */

int ck_csv_raw_fill(struct ck_reader *r, struct ck_error *e)
{
    /* keep unread bytes, then read until the buffer is full or the input ends */
    if (r->raw_pos) {
        memmove(r->raw, r->raw + r->raw_pos, r->raw_len - r->raw_pos);
        r->raw_off += (long long)r->raw_pos;
        r->raw_len -= r->raw_pos;
        r->raw_pos = 0;
    }
    while (!r->raw_eof && r->raw_len < CK_CSV_RAW_CAP) {
        size_t want = CK_CSV_RAW_CAP - r->raw_len;
        if (r->raw_left > 0 && (long long)want > r->raw_left)
            want = (size_t)r->raw_left;
        ssize_t n = read(r->fd, r->raw + r->raw_len, want);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return ck_error_set(e, CK_EINPUT, "%s: read error: %s", r->name, _(strerror(errno)));
        }
        if (n == 0)
            r->raw_eof = 1;
        r->raw_len += (size_t)n;
        if (r->raw_left > 0 && (r->raw_left -= n) == 0)
            r->raw_eof = 1;
    }
    return CK_OK;
}

/* ---------- encodings ---------- */

int ck_csv_is_utf8_name(const char *s)
{
    return strcasecmp(s, "UTF-8") == 0 || strcasecmp(s, "UTF8") == 0;
}

int ck_csv_open_iconv(struct ck_reader *r, const char *from, struct ck_error *e)
{
    r->cd = iconv_open("UTF-8", from);
    if (r->cd == (iconv_t)-1)
        return ck_error_set(e, CK_EUSAGE, "unknown encoding '%s' (see iconv -l)", from);
    r->enc = ENC_ICONV;
    snprintf(r->enc_name, sizeof r->enc_name, "%s", from);
    return CK_OK;
}

static long lines_in(const unsigned char *s, size_t n)
{
    long c = 0;
    for (size_t i = 0; i < n; i++)
        c += s[i] == '\n';
    return c;
}

/* Decide the encoding of an undecided (so far ASCII) stream at its first non-ASCII byte:
 * valid UTF-8 over the look-ahead → UTF-8; else GB18030 when that decodes it; else error. */
static int decide_encoding(struct ck_reader *r, struct ck_error *e)
{
    const unsigned char *s = r->raw + r->raw_pos;
    size_t n = r->raw_len - r->raw_pos;
    int bad, nul;
    size_t valid = csv_utf8_prefix(s, n, &bad, &nul);
    if (!bad) {
        r->enc = ENC_UTF8;
        snprintf(r->enc_name, sizeof r->enc_name, "UTF-8");
        return CK_OK;
    }
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    if (cd == (iconv_t)-1)
        return ck_error_set(e, CK_EINPUT, "%s: no GB18030 converter on this system", r->name);
    char *in = (char *)s, out[4096];
    size_t inleft = n, ok = 1;
    while (inleft) {
        char *o = out;
        size_t oleft = sizeof out;
        if (iconv(cd, &in, &inleft, &o, &oleft) == (size_t)-1) {
            if (errno == E2BIG)
                continue;
            if (errno == EINVAL && r->raw_eof == 0)
                break; /* cut at the end of the look-ahead */
            ok = 0;
            break;
        }
        if (memchr(out, 0, (size_t)(o - out)))
            ok = 0;
    }
    iconv_close(cd);
    /* s starts on r->line: the text before it has been counted; name the first byte that is
     * not UTF-8 */
    if (!ok)
        return ck_error_set(e, CK_EINPUT,
                            "%s:%ld: not UTF-8 and not GB18030 text; give the encoding with "
                            "--encoding NAME",
                            r->name, r->line + lines_in(s, valid));
    return ck_csv_open_iconv(r, "GB18030", e);
}

/* Next chunk of UTF-8 text into r->text. Returns CK_OK; r->text_len = 0 at end of input. */
int ck_csv_next_text(struct ck_reader *r, struct ck_error *e)
{
    int rc;
    r->text_len = r->text_pos = 0;
    if (r->sample_rc != CK_OK) { /* met reading ahead for the sniffer, reached now */
        if (e)
            *e = r->sample_err;
        return r->sample_rc;
    }
    for (;;) {
        if (r->raw_pos == r->raw_len || (r->enc != ENC_UNDECIDED && r->raw_len - r->raw_pos < 4 && !r->raw_eof)) {
            if ((rc = ck_csv_raw_fill(r, e)) != CK_OK)
                return rc;
        }
        if (r->raw_pos == r->raw_len) {
            if (r->enc == ENC_ICONV) { /* flush the converter's state */
                char *o = r->dec;
                size_t oleft = CK_CSV_DEC_CAP;
                iconv(r->cd, NULL, NULL, &o, &oleft);
                if (o != r->dec) {
                    r->text = r->dec;
                    r->text_len = (size_t)(o - r->dec);
                }
            }
            return CK_OK;
        }
        const unsigned char *s = r->raw + r->raw_pos;
        size_t n = r->raw_len - r->raw_pos;
        if (r->enc == ENC_UNDECIDED) {
            size_t i = 0;
            while (i < n && s[i] < 0x80 && s[i] != 0)
                i++;
            if (i < n && s[i] == 0)
                return ck_error_set(e, CK_EINPUT, "%s:%ld: binary data (NUL byte), not a table",
                                    r->name, r->line + lines_in(r->raw, r->raw_pos + i));
            if (i == 0) {
                /* look ahead as far as the buffer allows before deciding */
                if (!r->raw_eof && r->raw_pos > 0 && (rc = ck_csv_raw_fill(r, e)) != CK_OK)
                    return rc;
                if ((rc = decide_encoding(r, e)) != CK_OK)
                    return rc;
                continue;
            }
            r->text = (char *)s;
            r->text_len = i;
            r->raw_pos += i;
            return CK_OK;
        }
        if (r->enc == ENC_UTF8 && r->utf8_trusted) {
            r->text = (char *)s;
            r->text_len = n;
            r->raw_pos += n;
            return CK_OK;
        }
        if (r->enc == ENC_UTF8) {
            int bad, nul;
            size_t ok = csv_utf8_prefix(s, n, &bad, &nul);
            if (ok == 0 && (bad || nul || r->raw_eof)) {
                long line = r->line + lines_in(s, 0);
                if (nul)
                    return ck_error_set(e, CK_EINPUT,
                                        "%s:%ld: binary data (NUL byte), not a table", r->name,
                                        line);
                return ck_error_set(e, CK_EINPUT,
                                    "%s:%ld: invalid UTF-8%s", r->name, line,
                                    r->forced ? "" : " (give the encoding with --encoding, "
                                                     "e.g. --encoding GB18030)");
            }
            if (ok == 0) { /* an incomplete sequence at the end of the buffer */
                if ((rc = ck_csv_raw_fill(r, e)) != CK_OK)
                    return rc;
                continue;
            }
            r->text = (char *)s;
            r->text_len = ok;
            r->raw_pos += ok;
            return CK_OK;
        }
        /* iconv */
        char *in = (char *)s, *o = r->dec;
        size_t inleft = n, oleft = CK_CSV_DEC_CAP;
        size_t res = iconv(r->cd, &in, &inleft, &o, &oleft);
        int err = res == (size_t)-1 ? errno : 0;
        r->raw_pos += n - inleft;
        size_t got = (size_t)(o - r->dec);
        if (memchr(r->dec, 0, got))
            return ck_error_set(e, CK_EINPUT, "%s:%ld: binary data (NUL), not a table", r->name,
                                r->line);
        if (got) {
            r->text = r->dec;
            r->text_len = got;
            return CK_OK;
        }
        if (err == EILSEQ || (err == EINVAL && r->raw_eof))
            return ck_error_set(e, CK_EINPUT, "%s:%ld: invalid %s byte sequence%s", r->name,
                                r->line + lines_in(s, n - inleft), r->enc_name,
                                r->forced ? "" : _(" (give the encoding with --encoding NAME)"));
        if (err == EINVAL && (rc = ck_csv_raw_fill(r, e)) != CK_OK) /* cut sequence: read more */
            return rc;
    }
}
