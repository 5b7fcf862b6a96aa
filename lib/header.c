/* header.c — what a table's header names become: Unicode white space trimmed, line breaks
 * typed inside a name folded, so that names read and match as the person meant them. */
#include <stdlib.h>
#include <string.h>

#include "csv_internal.h"

/* Unicode's White_Space characters, and the byte order mark that editors leave in the first
 * name, and the zero-width space that web pages paste. */
static int is_space(long cp)
{
    return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0x85 || cp == 0xA0 ||
           cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x2028 || cp == 0x2029 ||
           cp == 0x202F || cp == 0x205F || cp == 0x3000 || cp == 0xFEFF;
}

static int is_line_break(long cp)
{
    return (cp >= 0x0A && cp <= 0x0D) || cp == 0x85 || cp == 0x2028 || cp == 0x2029;
}

/* Chinese and Japanese run words together: a line break between two of their characters
 * joins them, as CSS does with text (Korean, like English, keeps a space). */
static int joins_without_space(long cp)
{
    return ck_is_wide(cp) && !(cp >= 0x1100 && cp <= 0x115F) && !(cp >= 0xAC00 && cp <= 0xD7A3);
}

/* The code point that ends just before s + end (end > 0). */
static long cp_before(const char *s, size_t end)
{
    size_t k = end - 1, adv;
    while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80 && end - k < 4)
        k--;
    return ck_utf8_decode(s + k, end - k, &adv);
}

char *ck_header_clean_name(const char *s, size_t len)
{
    size_t b = 0, e = len, adv;
    while (b < e) {
        long cp = ck_utf8_decode(s + b, e - b, &adv);
        if (!is_space(cp))
            break;
        b += adv;
    }
    while (e > b) {
        size_t k = e - 1;
        while (k > b && ((unsigned char)s[k] & 0xC0) == 0x80)
            k--;
        long cp = ck_utf8_decode(s + k, e - k, &adv);
        if (!is_space(cp))
            break;
        e = k;
    }
    char *out = malloc(e - b + 1);
    if (!out)
        return NULL;
    /* A run of white space holding a line break (Alt+Enter in Excel wraps a header for
     * display: "Customer\nname", "手机\n号码") becomes one space, or nothing between CJK
     * characters; other white space inside a name is kept. The run is never empty and
     * never at an end, so the name only shrinks. */
    size_t o = 0;
    for (size_t i = b; i < e;) {
        long cp = ck_utf8_decode(s + i, e - i, &adv);
        if (!is_space(cp)) {
            memcpy(out + o, s + i, adv);
            o += adv;
            i += adv;
            continue;
        }
        size_t j = i;
        int brk = 0;
        while (j < e && is_space(cp = ck_utf8_decode(s + j, e - j, &adv))) {
            brk |= is_line_break(cp);
            j += adv;
        }
        if (!brk) {
            memcpy(out + o, s + i, j - i);
            o += j - i;
        } else if (!joins_without_space(cp_before(s, i)) ||
                   !joins_without_space(ck_utf8_decode(s + j, e - j, &adv))) {
            out[o++] = ' ';
        }
        i = j;
    }
    out[o] = 0;
    return out;
}
