/* test_threads.c — unit tests of lib/base/threads.c: CUSTKIT_THREADS=1 keeps all the work on one
 * thread, anything else allows a second (what the second thread changes is tested in
 * test_csv_ahead.c, test_xlsx_read.c and test_xlsx_body.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "custkit.h"

static void test_threads_allowed(void **state)
{
    (void)state;
    unsetenv("CUSTKIT_THREADS");
    assert_int_equal(ck_threads_allowed(), 1);
    setenv("CUSTKIT_THREADS", "1", 1);
    assert_int_equal(ck_threads_allowed(), 0);
    static const char *const other[] = {"", "0", "2", "01", "1 ", "yes"};
    for (size_t i = 0; i < sizeof other / sizeof *other; i++) {
        setenv("CUSTKIT_THREADS", other[i], 1);
        if (!ck_threads_allowed())
            fail_msg("CUSTKIT_THREADS='%s' kept one thread", other[i]);
    }
    unsetenv("CUSTKIT_THREADS");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_threads_allowed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
