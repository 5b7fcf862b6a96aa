/* utf8.c — the few UTF-8 facts custkit needs: decoding with validation, encoding, CJK and
 * full-width detection (for header matching, normalisation and column widths). */
#include <string.h>

#include "base/base.h"

long ck_utf8_decode(const char *str, size_t len, size_t *adv)
{
    const unsigned char *s = (const unsigned char *)str;
    *adv = 1;
    if (len == 0)
        return -1;
    unsigned c = s[0];
    if (c < 0x80)
        return (long)c;
    size_t n;
    long cp, min;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2, cp = c & 0x1F, min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3, cp = c & 0x0F, min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4, cp = c & 0x07, min = 0x10000;
    } else {
        return -1;
    }
    if (len < n)
        return -1;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return -1;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return -1; /* overlong, out of range or a surrogate */
    *adv = n;
    return cp;
}

size_t ck_utf8_encode(long cp, char *out)
{
    unsigned char *o = (unsigned char *)out;
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

int ck_utf8_valid(const char *s, size_t len)
{
    size_t i = 0, adv;
    while (i < len) {
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        if (ck_utf8_decode(s + i, len - i, &adv) < 0)
            return 0;
        i += adv;
    }
    return 1;
}

int ck_is_wide(long cp)
{
    return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) ||
           (cp >= 0x3041 && cp <= 0x33FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
           (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA000 && cp <= 0xA4CF) ||
           (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
           (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
           (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

int ck_has_cjk(const char *s)
{
    size_t len = strlen(s), i = 0, adv;
    while (i < len) {
        long cp = ck_utf8_decode(s + i, len - i, &adv);
        /* Ideographs and CJK punctuation make a table Chinese; full-width ASCII does not. */
        if (cp >= 0x2E80 && ck_is_wide(cp) && !(cp >= 0xFF00 && cp <= 0xFF60))
            return 1;
        i += adv;
    }
    return 0;
}

long ck_fold_width(long cp)
{
    if (cp >= 0xFF01 && cp <= 0xFF5E)
        return cp - 0xFEE0;
    if (cp == 0x3000)
        return ' ';
    return cp;
}
