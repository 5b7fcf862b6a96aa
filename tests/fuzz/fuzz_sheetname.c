/* fuzz_sheetname.c — libFuzzer target: the sheet-name sanitiser and unique-name registry of
 * lib/report/report.h, and the phone/e-mail masks, on arbitrary bytes. Checks Excel's rules on
 * every name given out: valid UTF-8, 1..31 UTF-16 units, none of []:*?/\, no control
 * characters, no leading or trailing apostrophe, file-safe in file mode; and no two names of
 * one workbook equal under Unicode case folding (as Excel compares them), none "History". */
#include "fuzz_util.h"

#include <unicase.h>

#include "custkit.h"
#include "report/report.h"

/* The case folds of the (first 1024) names given out in one workbook, checked pairwise. */
struct folds {
    uint8_t *s[1024];
    size_t n[1024];
    size_t count;
};

static void check_unique(struct folds *f, const char *name)
{
    size_t n;
    uint8_t *s = u8_casefold((const uint8_t *)name, strlen(name), NULL, NULL, NULL, &n);
    if (!s || (n == 7 && memcmp(s, "history", 7) == 0))
        abort();
    for (size_t i = 0; i < f->count; i++)
        if (f->n[i] == n && memcmp(f->s[i], s, n) == 0)
            abort();
    if (f->count == sizeof f->s / sizeof *f->s) {
        free(s);
        return;
    }
    f->s[f->count] = s;
    f->n[f->count++] = n;
}

static void check_name(const char *s, int file_mode)
{
    size_t n = strlen(s);
    size_t units = ck_utf16_units(s);
    if (n == 0 || n >= CK_SHEET_NAME_BYTES || !ck_utf8_valid(s, n) || units < 1 ||
        units > CK_SHEET_NAME_UNITS)
        abort();
    if (strpbrk(s, "[]:*?/\\") || s[0] == '\'' || s[n - 1] == '\'')
        abort();
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
            abort();
    if (file_mode && (strpbrk(s, "<>\"|") || s[0] == '.'))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 4096)
        return 0;
    int file_mode = data[0] & 1;
    char *all = fuzz_str(data + 1, size - 1);
    char out[CK_SHEET_NAME_BYTES];
    ck_sheet_name_clean(all, file_mode, "blank", out);
    check_name(out, file_mode);
    /* each NUL- or newline-separated piece as one wanted name in one workbook */
    struct ck_sheet_names *names = NULL;
    struct ck_error e;
    if (ck_sheet_names_new(&names, &e) != CK_OK)
        abort();
    char *p = all, *end = all + (size - 1);
    long part = 2;
    struct folds *given = calloc(1, sizeof *given);
    if (!given)
        abort();
    while (p <= end) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        if (nl)
            *nl = 0;
        if (ck_sheet_names_add(names, p, file_mode, "blank", out, &e) != CK_OK)
            abort();
        check_name(out, file_mode);
        check_unique(given, out);
        if (!ck_sheet_names_taken(names, out))
            abort();
        if (data[0] & 2) {
            char whole[CK_SHEET_NAME_BYTES];
            if (ck_sheet_names_add_part(names, out, part++, file_mode, whole, &e) != CK_OK)
                abort();
            check_name(whole, file_mode);
            check_unique(given, whole);
        }
        char m[256];
        ck_mask_phone(p, m, sizeof m);
        ck_mask_email(p, m, sizeof m);
        ck_mask_phone(p, m, 4);
        ck_mask_email(p, m, 4);
        if (!nl)
            break;
        p = nl + 1;
    }
    ck_sheet_names_free(names);
    for (size_t i = 0; i < given->count; i++)
        free(given->s[i]);
    free(given);
    free(all);
    return 0;
}
