/* text.c — the one way text reaches the report workbook's XML (report/text.h): cells as
 * Excel's _xHHHH_ escapes, every other place with '_' for what XML cannot hold. */
#include "report/text.h"

#include <stdlib.h>
#include <string.h>

#include "base/base.h"

/* What a byte of cell text becomes: 0 = itself, 1 = an entity (CK_XTEXT_CELL_XML only),
 * 2 = _xHHHH_ (every control character but tab and line feed, as libxlsxwriter escapes them,
 * so Excel keeps them), 3 = itself unless it begins U+FFFE or U+FFFF, 4 = itself unless it
 * opens literal _xHHHH_ text. */
static const unsigned char esc_kind[256] = {
    [1] = 2,  [2] = 2,  [3] = 2,   [4] = 2,   [5] = 2,   [6] = 2,    [7] = 2,   [8] = 2,  [11] = 2,
    [12] = 2, [13] = 2, [14] = 2,  [15] = 2,  [16] = 2,  [17] = 2,   [18] = 2,  [19] = 2, [20] = 2,
    [21] = 2, [22] = 2, [23] = 2,  [24] = 2,  [25] = 2,  [26] = 2,   [27] = 2,  [28] = 2, [29] = 2,
    [30] = 2, [31] = 2, ['&'] = 1, ['<'] = 1, ['>'] = 1, [0xEF] = 3, ['_'] = 4,
};

static char *put(char *p, const char *s, size_t n)
{
    memcpy(p, s, n);
    return p + n;
}
#define PUT(p, lit) put((p), (lit), sizeof(lit) - 1)

int ck_xtext_invalid(long cp)
{
    return (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0xFFFE || cp == 0xFFFF;
}

int ck_xtext_nonchar(const char *s, size_t len, size_t i)
{
    return i + 2 < len && (unsigned char)s[i] == 0xEF && (unsigned char)s[i + 1] == 0xBF &&
           ((unsigned char)s[i + 2] & 0xFE) == 0xBE;
}

static int is_hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
}

int ck_xtext_opens_escape(const char *s, size_t len, size_t i)
{
    if (i + 6 >= len || s[i] != '_' || s[i + 1] != 'x' || !is_hex(s[i + 2]) || !is_hex(s[i + 3]) ||
        !is_hex(s[i + 4]) || !is_hex(s[i + 5]))
        return 0;
    /* the closing underscore may be the text's own, or the first of an escape written next */
    unsigned char c = (unsigned char)s[i + 6];
    return c == '_' || esc_kind[c] == 2 || ck_xtext_nonchar(s, len, i + 6);
}

/* Each character XML cannot hold, and each byte that is not UTF-8, as '_'. */
static char *put_plain(char *p, const char *s, size_t len, int *changed)
{
    size_t i = 0, adv;
    while (i < len) {
        if ((unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x80) {
            *p++ = s[i++];
            continue;
        }
        long cp = ck_utf8_decode(s + i, len - i, &adv);
        if (cp < 0 || ck_xtext_invalid(cp)) {
            *p++ = '_';
            *changed = 1;
        } else {
            memcpy(p, s + i, adv);
            p += adv;
        }
        i += adv;
    }
    return p;
}

char *ck_xtext_put(char *out, const char *s, size_t len, enum ck_xtext_where where)
{
    char *p = out;
    int changed = 0;
    if (where == CK_XTEXT_PLAIN)
        return put_plain(p, s, len, &changed);
    int entities = where == CK_XTEXT_CELL_XML;
    size_t i = 0;
    while (i < len) {
        size_t j = i;
        while (j < len && (!esc_kind[(unsigned char)s[j]] ||
                           (esc_kind[(unsigned char)s[j]] == 1 && !entities)))
            j++;
        memcpy(p, s + i, j - i);
        p += j - i;
        if (j == len)
            break;
        unsigned char c = (unsigned char)s[j];
        if (c == 0xEF) { /* U+FFFE and U+FFFF are not XML characters: Excel's escape */
            if (ck_xtext_nonchar(s, len, j)) {
                p = put(p, s[j + 2] == '\xBE' ? "_xFFFE_" : "_xFFFF_", 7);
                j += 2;
            } else
                *p++ = (char)c;
        } else if (c == '_') { /* Excel would decode the text: its underscore is escaped */
            if (ck_xtext_opens_escape(s, len, j)) {
                p = PUT(p, "_x005F_");
            } else
                *p++ = '_';
        } else if (c == '&') {
            p = PUT(p, "&amp;");
        } else if (c == '<') {
            p = PUT(p, "&lt;");
        } else if (c == '>') {
            p = PUT(p, "&gt;");
        } else {
            static const char hex[] = "0123456789ABCDEF";
            p = PUT(p, "_x00");
            *p++ = hex[c >> 4];
            *p++ = hex[c & 15];
            *p++ = '_';
        }
        i = j + 1;
    }
    return p;
}

int ck_xtext_changes(const char *s, size_t len, enum ck_xtext_where where)
{
    if (where == CK_XTEXT_PLAIN) {
        for (size_t i = 0, adv; i < len; i += adv) {
            long cp = ck_utf8_decode(s + i, len - i, &adv);
            if (cp < 0 || ck_xtext_invalid(cp))
                return 1;
        }
        return 0;
    }
    for (size_t i = 0; i < len; i++)
        switch (esc_kind[(unsigned char)s[i]]) {
        case 2:
            return 1;
        case 3:
            if (ck_xtext_nonchar(s, len, i))
                return 1;
            break;
        case 4:
            if (ck_xtext_opens_escape(s, len, i))
                return 1;
            break;
        default:
            break;
        }
    return 0;
}

const char *ck_xtext(const char *s, enum ck_xtext_where where, char **owned)
{
    size_t len = strlen(s);
    *owned = NULL;
    if (!ck_xtext_changes(s, len, where))
        return s;
    char *copy = malloc(CK_XTEXT_ROOM(len) + 1);
    if (!copy)
        return NULL;
    *ck_xtext_put(copy, s, len, where) = 0;
    *owned = copy;
    return copy;
}

const char *ck_xtext_kept(struct ck_xtext_keep *k, const char *s, enum ck_xtext_where where)
{
    char *copy;
    const char *v = ck_xtext(s, where, &copy);
    if (!copy)
        return v;
    if (ck_grow((void **)&k->s, &k->cap, k->n + 1, sizeof *k->s)) {
        free(copy);
        return NULL;
    }
    k->s[k->n++] = copy;
    return copy;
}

void ck_xtext_keep_free(struct ck_xtext_keep *k)
{
    for (size_t i = 0; i < k->n; i++)
        free(k->s[i]);
    free(k->s);
    k->s = NULL;
    k->n = k->cap = 0;
}
