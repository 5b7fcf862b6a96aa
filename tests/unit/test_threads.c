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

struct tally {
    long sum, jobs;
};

static void add_job(void *ctx, void *job)
{
    struct tally *t = ctx;
    const long *v = job;
    usleep(1000); /* long enough that a wait that did not wait would be seen */
    t->sum += *v;
    t->jobs++;
}

/* The helper thread does each job it is handed before ck_worker_wait returns, and
 * ck_worker_stop waits for the job in hand. */
static void test_worker(void **state)
{
    (void)state;
    struct tally t = {0, 0};
    struct ck_worker w;
    assert_int_equal(ck_worker_start(&w, add_job, &t), 0);
    long v[50];
    for (long i = 0; i < 50; i++) {
        v[i] = i;
        ck_worker_hand(&w, &v[i]);
        ck_worker_wait(&w);
        assert_int_equal(t.jobs, i + 1);
    }
    assert_int_equal(t.sum, 49 * 50 / 2);
    long last = 1000;
    ck_worker_hand(&w, &last);
    ck_worker_stop(&w);
    assert_int_equal(t.jobs, 51);
    assert_int_equal(t.sum, 49 * 50 / 2 + 1000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_threads_allowed),
        cmocka_unit_test(test_worker),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
