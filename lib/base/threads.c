/* threads.c — whether custkit may put work on a second thread (CUSTKIT_THREADS, custkit(1)). */
#include <stdlib.h>
#include <string.h>

#include "base/base.h"

int ck_threads_allowed(void)
{
    const char *t = getenv("CUSTKIT_THREADS");
    return !(t && strcmp(t, "1") == 0);
}
