/* fuzz_normalize.c — libFuzzer target: every value normaliser of lib/clean/normalize.h (phone,
 * date, amount, email, and the others clean uses) on arbitrary bytes with every option; the first
 * byte picks the normaliser and options. Checks the contract: NUL-terminated output within cap,
 * valid UTF-8 out of valid UTF-8 in, a normalised value a second pass leaves unchanged. */
#include "fuzz_util.h"

#include <limits.h>

#include "custkit.h"
#include "clean/normalize.h"

static void check_out(const char *out, size_t cap)
{
    if (cap && memchr(out, 0, cap) == NULL)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 4096)
        return 0;
    unsigned sel = data[0];
    char *in = fuzz_str(data + 1, size - 1);
    size_t inlen = size - 1;
    int valid = ck_utf8_valid(in, inlen) && strlen(in) == inlen;
    static const size_t caps[] = {64, 1, 0, 8, 4096};
    size_t cap = caps[(sel >> 4) % 5];
    char out[4096 + 8], again[4096 + 8];
    memset(out, 'Z', sizeof out);
    struct ck_norm_opts o = {(int)((sel >> 3) % 3), (sel & 0x80) ? LONG_MIN
                                                                 : ck_days_from_civil(2026, 11, 29),
                             (sel & 0x40) ? CK_LANG_ZH : CK_LANG_EN};
    char *op = cap ? out : NULL;
    int p = -1;
    long days = 0, count = 0;
    double v = 0;
    switch (sel & 7) {
    case 0:
        p = ck_norm_phone(in, op, cap);
        if (p == CK_P_NONE && cap == 4096 &&
            (ck_norm_phone(out, again, sizeof again) != CK_P_NONE || strcmp(out, again)))
            abort(); /* a normalised value is a fixed point (when out had room for all of it) */
        break;
    case 1:
        p = ck_norm_date(in, &o, (sel >> 5) & 1, op, cap, &days);
        if (p == CK_P_NONE && cap == 4096 && out[0] &&
            (ck_norm_date(out, &o, 0, again, sizeof again, NULL) != CK_P_NONE || strcmp(out, again)))
            abort();
        break;
    case 2:
        p = ck_norm_amount(in, op, cap, &v);
        if (p == CK_P_NONE && cap == 4096 && out[0] &&
            (ck_norm_amount(out, again, sizeof again, NULL) != CK_P_NONE || strcmp(out, again)))
            abort();
        break;
    case 3:
        p = ck_norm_email(in, op, cap);
        if (p == CK_P_NONE && cap == 4096 &&
            (ck_norm_email(out, again, sizeof again) != CK_P_NONE || strcmp(out, again)))
            abort();
        break;
    case 4:
        p = ck_norm_count(in, op, cap, &count);
        if (p == CK_P_NONE && count < 0)
            abort();
        break;
    case 5:
        p = ck_norm_gender(in, &o, op, cap);
        break;
    case 6:
        p = (sel & 8) ? ck_norm_age(in, op, cap) : ck_norm_birthdate(in, &o, op, cap);
        break;
    default: {
        size_t n = ck_norm_text(in, inlen, (sel >> 3) & 1, (sel >> 6) & 1, op, cap);
        if (cap && (n >= cap || n > inlen))
            abort(); /* never longer than the input, within cap */
        p = CK_P_NONE;
        break;
    }
    }
    if (p < 0 || p >= CK_P_COUNT)
        abort();
    (void)ck_problem_name(p);
    check_out(out, cap);
    if (cap && valid && !ck_utf8_valid(out, strlen(out)))
        abort(); /* valid UTF-8 in → valid UTF-8 out, cut on a character boundary */
    (void)ck_problem_cell_has_error(in);
    free(in);
    return 0;
}
