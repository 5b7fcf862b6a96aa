/* error.c — error codes and messages: lib/ reports, cmd/ prints (STYLE: curl's CURLcode).
 * The message is in the user's language: fmt is looked up in the catalog (i18n.h). */
#include <stdarg.h>
#include <stdio.h>

#include "base/base.h"
#include "base/i18n.h"

int ck_error_set(struct ck_error *e, int code, const char *fmt, ...)
{
    if (e) {
        va_list ap;
        va_start(ap, fmt);
        e->code = code;
        int n = vsnprintf(e->msg, sizeof e->msg, _(fmt), ap);
        va_end(ap);
        if (n >= (int)sizeof e->msg) { /* cut: not inside a character (UTF-8, 2 to 4 bytes) */
            size_t l = sizeof e->msg - 1, k = l;
            while (k > 0 && ((unsigned char)e->msg[k - 1] & 0xC0) == 0x80 && l - k < 3)
                k--;
            unsigned char lead = k > 0 ? (unsigned char)e->msg[k - 1] : 0;
            size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
            if (lead >= 0xC0 && l - k + 1 < need)
                e->msg[k - 1] = 0;
        }
    }
    return code;
}

int ck_exit_status(int code)
{
    switch (code) {
    case CK_OK:
    case CK_EDATA:
    case CK_EUSAGE:
    case CK_EINPUT:
    case CK_EOUTPUT:
        return code;
    default: /* out of memory: the output could not be produced */
        return CK_EOUTPUT;
    }
}
