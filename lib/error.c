/* error.c — error codes and messages: lib/ reports, cmd/ prints (STYLE: curl's CURLcode).
 * The message is in the user's language: fmt is looked up in the catalog (i18n.h). */
#include <stdarg.h>
#include <stdio.h>

#include "custkit.h"
#include "i18n.h"

int ck_error_set(struct ck_error *e, int code, const char *fmt, ...)
{
    if (e) {
        va_list ap;
        va_start(ap, fmt);
        e->code = code;
        vsnprintf(e->msg, sizeof e->msg, _(fmt), ap);
        va_end(ap);
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
