/* mask.c — the masks export applies to phones and e-mails (--mask phone,email) in reports
 * that leave the sales team: counted in characters, so a Chinese name is never cut inside. */
#include "report/mask.h"
#include "report/report.h"
#include <stdio.h>
#include <string.h>

char *ck_mask_phone(const char *s, char *out, size_t cap)
{
    size_t len = strlen(s), n = 0, i, o = 0, k = 0, adv;
    for (i = 0; i < len; i += adv, n++)
        ck_utf8_decode(s + i, len - i, &adv);
    size_t head = 3, tail = 4;
    if (n <= 7) {
        head = 0;
        tail = n >= 4 ? 2 : 0;
    }
    for (i = 0; i < len && o + 5 < cap; i += adv, k++) {
        ck_utf8_decode(s + i, len - i, &adv);
        if (k < head || k >= n - tail) {
            memcpy(out + o, s + i, adv);
            o += adv;
        } else
            out[o++] = '*';
    }
    out[o] = 0;
    return out;
}

char *ck_mask_email(const char *s, char *out, size_t cap)
{
    const char *at = strchr(s, '@');
    if (!at) {
        snprintf(out, cap, "***");
        return out;
    }
    size_t adv = 0;
    if (at > s)
        ck_utf8_decode(s, (size_t)(at - s), &adv);
    snprintf(out, cap, "%.*s***%s", (int)adv, s, at);
    return out;
}
