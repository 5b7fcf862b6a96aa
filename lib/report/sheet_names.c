/* sheet_names.c — names a workbook accepts (Excel's 31 UTF-16 units, its forbidden
 * characters, case-insensitive uniqueness), for sheets and for the files of --split. */
#include "report/sheet_names.h"
#include "report/text.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicase.h>

static const char sheet_forbidden[] = "[]:*?/\\";
static const char file_forbidden[] = "<>\"|";

size_t ck_utf16_units(const char *s)
{
    size_t len = strlen(s), i = 0, n = 0;
    while (i < len) {
        size_t adv;
        long cp = ck_utf8_decode(s + i, len - i, &adv);
        n += cp > 0xFFFF ? 2 : 1;
        i += adv;
    }
    return n;
}

static int bad_name_char(long cp, int file_mode)
{
    /* what XML cannot hold (report/text.h), and what Excel refuses beyond it */
    if (ck_xtext_invalid(cp) || cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0))
        return 1;
    if (cp < 0x80 && strchr(sheet_forbidden, (int)cp))
        return 1;
    return file_mode && cp < 0x80 && strchr(file_forbidden, (int)cp);
}

/* Copy s into out, cleaned, keeping at most max_units UTF-16 units. */
static size_t copy_units(const char *s, int file_mode, size_t max_units, char *out)
{
    size_t len = strlen(s), i = 0, o = 0, units = 0;
    while (i < len) {
        size_t adv;
        long cp = ck_utf8_decode(s + i, len - i, &adv);
        size_t u = cp > 0xFFFF ? 2 : 1;
        if (units + u > max_units)
            break;
        if (cp < 0 || bad_name_char(cp, file_mode))
            out[o++] = '_';
        else {
            memcpy(out + o, s + i, adv);
            o += adv;
        }
        units += u;
        i += adv;
    }
    out[o] = 0;
    return o;
}

char *ck_sheet_name_clean(const char *s, int file_mode, const char *blank,
                          char out[CK_SHEET_NAME_BYTES])
{
    while (*s == ' ' || *s == '\'')
        s++;
    size_t o = copy_units(s, file_mode, CK_SHEET_NAME_UNITS, out);
    while (o > 0 && (out[o - 1] == ' ' || out[o - 1] == '\''))
        out[--o] = 0;
    if (o == 0)
        copy_units(blank ? blank : "_", file_mode, CK_SHEET_NAME_UNITS, out);
    if (file_mode && out[0] == '.')
        out[0] = '_';
    return out;
}

/* A name's case fold: where two names compare equal. */
struct fold {
    uint8_t *s;
    size_t n;
};

struct ck_sheet_names {
    size_t n, cap;
    struct fold *fold;
};

/* Bytes enough for the case fold of any sheet name: a UTF-16 unit folds to at most three
 * characters (Unicode's longest full case folding) of at most four bytes each. */
#define FOLD_BYTES (CK_SHEET_NAME_UNITS * 3 * 4 + 1)

/* Excel compares sheet names without case, in every script. Full Unicode case folding
 * (libunistring, no language tailoring) makes Č/č, Клиенты/клиенты, Ω/ω, ß/ẞ (both "ss") and
 * final/medial sigma the same name. It also makes "ss" the name of "ß": a " (2)" Excel might
 * not need, where folding less could give a workbook Excel repairs. Into buf when the fold
 * fits (*n its length), else into memory the caller frees; NULL when out of memory. */
static uint8_t *fold_name(const char *name, uint8_t buf[FOLD_BYTES], size_t *n)
{
    *n = FOLD_BYTES;
    return u8_casefold((const uint8_t *)name, strlen(name), NULL, NULL, buf, n);
}

int ck_sheet_names_new(struct ck_sheet_names **s, struct ck_error *e)
{
    *s = calloc(1, sizeof **s);
    return *s ? CK_OK : ck_error_set(e, CK_ENOMEM, "out of memory");
}

void ck_sheet_names_free(struct ck_sheet_names *s)
{
    if (s) {
        for (size_t i = 0; i < s->n; i++)
            free(s->fold[i].s);
        free(s->fold);
    }
    free(s);
}

int ck_sheet_names_taken(const struct ck_sheet_names *s, const char *name)
{
    uint8_t buf[FOLD_BYTES];
    size_t n;
    uint8_t *f = fold_name(name, buf, &n);
    if (!f)
        return 0; /* no memory for a fold longer than any sheet name's: it is none of them */
    int taken = n == 7 && memcmp(f, "history", 7) == 0;
    for (size_t i = 0; i < s->n && !taken; i++)
        taken = s->fold[i].n == n && memcmp(s->fold[i].s, f, n) == 0;
    if (f != buf)
        free(f);
    return taken;
}

static int names_record(struct ck_sheet_names *s, const char *name, char *out, struct ck_error *e)
{
    if (ck_grow((void **)&s->fold, &s->cap, s->n + 1, sizeof *s->fold))
        return ck_error_set(e, CK_ENOMEM, "out of memory");
    struct fold *f = &s->fold[s->n];
    if (!(f->s = u8_casefold((const uint8_t *)name, strlen(name), NULL, NULL, NULL, &f->n)))
        return ck_error_set(e, CK_ENOMEM, "out of memory");
    s->n++;
    if (out != name)
        memmove(out, name, strlen(name) + 1);
    return CK_OK;
}

/* "BASE (n)" with BASE cut so that the whole is at most 31 units. */
static void compose_part(const char *base, long n, int file_mode, char out[CK_SHEET_NAME_BYTES])
{
    char suffix[32];
    int sl = snprintf(suffix, sizeof suffix, " (%ld)", n);
    size_t o = copy_units(base, file_mode, CK_SHEET_NAME_UNITS - (size_t)sl, out);
    memcpy(out + o, suffix, (size_t)sl + 1);
}

int ck_sheet_names_add(struct ck_sheet_names *s, const char *want, int file_mode, const char *blank,
                       char out[CK_SHEET_NAME_BYTES], struct ck_error *e)
{
    char base[CK_SHEET_NAME_BYTES], cand[CK_SHEET_NAME_BYTES];
    ck_sheet_name_clean(want, file_mode, blank, base);
    if (!ck_sheet_names_taken(s, base))
        return names_record(s, base, out, e);
    for (long n = 2;; n++) {
        compose_part(base, n, file_mode, cand);
        if (!ck_sheet_names_taken(s, cand))
            return names_record(s, cand, out, e);
    }
}

int ck_sheet_names_add_part(struct ck_sheet_names *s, const char *name, long n, int file_mode,
                            char out[CK_SHEET_NAME_BYTES], struct ck_error *e)
{
    char cand[CK_SHEET_NAME_BYTES];
    compose_part(name, n, file_mode, cand);
    return ck_sheet_names_add(s, cand, file_mode, NULL, out, e);
}

long ck_sheet_data_rows(long max, int top)
{
    long cap = CK_SHEET_MAX_DATA_ROWS - (top > 0 ? top : 0);
    return max > 0 && max < cap ? max : cap;
}
