/* header.c — the header of a table as its author meant it: which row it is (title rows, a
 * label over numbers, group labels above it) and what its names become (white space). */
#include <stdlib.h>
#include <string.h>

#include "io/csv_internal.h"

/* Unicode's White_Space characters, and the byte order mark that editors leave in the first
 * name, and the zero-width space that web pages paste. */
static int is_space(long cp)
{
    return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0x85 || cp == 0xA0 || cp == 0x1680 ||
           (cp >= 0x2000 && cp <= 0x200B) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
           cp == 0x205F || cp == 0x3000 || cp == 0xFEFF;
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

/* Where the character that ends at s + end starts (end > b; not before b). */
static size_t char_start(const char *s, size_t b, size_t end)
{
    size_t k = end - 1;
    while (k > b && ((unsigned char)s[k] & 0xC0) == 0x80 && end - k < 4)
        k--;
    return k;
}

/* The code point that ends just before s + end (end > 0). */
static long cp_before(const char *s, size_t end)
{
    size_t k = char_start(s, 0, end), adv;
    return ck_utf8_decode(s + k, end - k, &adv);
}

/* Narrow s[*b, *e) to leave out white space at both ends. */
static void trim(const char *s, size_t *b, size_t *e)
{
    size_t adv;
    while (*b < *e && is_space(ck_utf8_decode(s + *b, *e - *b, &adv)))
        *b += adv;
    while (*e > *b) {
        size_t k = char_start(s, *b, *e);
        if (!is_space(ck_utf8_decode(s + k, *e - k, &adv)))
            break;
        *e = k;
    }
}

char *csv_header_clean_name(const char *s, size_t len)
{
    size_t b = 0, e = len, adv;
    trim(s, &b, &e);
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

/* ---------- what a row looks like: the header guesses ---------- */

int csv_cell_is_blank(const char *s, size_t len)
{
    size_t adv;
    for (size_t i = 0; i < len; i += adv)
        if (!is_space(ck_utf8_decode(s + i, len - i, &adv)))
            return 0;
    return 1;
}

/* Characters that may stand between the digits of a number, an amount, a date or a time as
 * people write them: "1,234.5", "1.234,5", "1'234", "1e-7", "2011-09-14", "14.09.2011",
 * "9/14/2011", "2011-09-14T10:30:00", "2024年1月5日", "13:30". */
static int joins_digits(long cp)
{
    return cp == ',' || cp == '.' || cp == '\'' || cp == '-' || cp == '/' || cp == ':' ||
           cp == ' ' || cp == 'T' || cp == 'e' || cp == 'E' || cp == '+' || cp == 0x5E74 /* 年 */ ||
           cp == 0x6708 /* 月 */ || cp == 0x65E5 /* 日 */ || cp == 0x65F6 /* 时 */ ||
           cp == 0x5206 /* 分 */;
}

/* Signs and units before or after the digits: currency, percent, 元, a date's 日 or 号. */
static int is_affix(long cp)
{
    return cp == '+' || cp == '-' || cp == '$' || cp == '%' || cp == 0x2030 /* ‰ */ ||
           cp == 0xA5 /* ¥ */ || cp == 0xFFE5 /* ￥ */ || cp == 0x20AC /* € */ ||
           cp == 0xA3 /* £ */ || cp == 0x5143 /* 元 */ || cp == 0x65E5 /* 日 */ ||
           cp == 0x53F7 /* 号 */ || cp == 0x79D2 /* 秒 */ || cp == 'Z';
}

int csv_cell_is_number_or_date(const char *s, size_t len)
{
    size_t b = 0, e = len, adv;
    long cp;
    trim(s, &b, &e);
    if (e - b >= 2 && s[b] == '(' && s[e - 1] == ')') /* accountants' negative: (42) */
        b++, e--;
    if (e - b >= 3 && (strncmp(s + e - 2, "AM", 2) == 0 || strncmp(s + e - 2, "PM", 2) == 0 ||
                       strncmp(s + e - 2, "am", 2) == 0 || strncmp(s + e - 2, "pm", 2) == 0))
        e -= 2 + (s[e - 3] == ' ');
    for (int k = 0; k < 2 && b < e && is_affix(ck_utf8_decode(s + b, e - b, &adv)); k++)
        b += adv;
    for (int k = 0; k < 2 && e > b && is_affix(cp_before(s, e)); k++)
        e = char_start(s, b, e);
    /* digits, joined by at most two of those characters at a time ("日 10:30", "e-7") */
    int digits = 0, run = 0;
    if (b < e && (s[b] == '.' || s[b] == ','))
        b++; /* ".5" */
    for (size_t i = b; i < e; i += adv) {
        cp = ck_utf8_decode(s + i, e - i, &adv);
        if (cp >= '0' && cp <= '9') {
            digits++;
            run = 0;
        } else if (i > b && joins_digits(cp) && ++run <= 2) {
            continue;
        } else {
            return 0;
        }
    }
    return digits > 0 && run == 0;
}

size_t csv_row_filled(const struct ck_row *row)
{
    size_t n = 0;
    for (size_t i = 0; i < row->n; i++)
        n += !csv_cell_is_blank(row->f[i], row->len[i]);
    return n;
}

int csv_row_all_numbers(const struct ck_row *row)
{
    size_t n = 0;
    for (size_t i = 0; i < row->n; i++) {
        if (csv_cell_is_blank(row->f[i], row->len[i]))
            continue;
        if (!csv_cell_is_number_or_date(row->f[i], row->len[i]))
            return 0;
        n++;
    }
    return n > 0;
}

int csv_row_may_be_groups(const struct ck_row *top)
{
    size_t labels = 0;
    for (size_t i = 0; i < top->n; i++) {
        if (csv_cell_is_blank(top->f[i], top->len[i]))
            continue;
        if (i + 1 < top->n && !csv_cell_is_blank(top->f[i + 1], top->len[i + 1]))
            return 0;
        labels++;
    }
    return labels >= 2;
}

int csv_row_groups_over(const struct ck_row *top, const struct ck_row *below)
{
    size_t width = below->n;
    while (width > 0 && csv_cell_is_blank(below->f[width - 1], below->len[width - 1]))
        width--;
    for (size_t i = 0; i < width; i++)
        if (csv_cell_is_blank(below->f[i], below->len[i]) ||
            csv_cell_is_number_or_date(below->f[i], below->len[i]))
            return 0;
    /* each label stands over a range of columns of the row below: the one it is in and at
     * least the next, which it leaves blank (the rest of a merged range) */
    for (size_t i = 0; i < top->n; i++)
        if (!csv_cell_is_blank(top->f[i], top->len[i]) && i + 1 >= width)
            return 0;
    return csv_row_may_be_groups(top);
}
