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

/* ck_ordered_run: units made in slots on both threads, put in unit order. */
enum { ORD_N = 200, ORD_SLOTS = 4 };
struct ord {
    long slot_unit[ORD_SLOTS]; /* the unit a slot holds */
    int made_by[ORD_N];        /* the thread that made each unit, + 1 */
    long put[ORD_N];
    size_t nput, fail_at;
    int slow_caller;
};

static void ord_make(void *ctx, size_t u, size_t slot, int thread)
{
    struct ord *o = ctx;
    assert_true(slot == u % ORD_SLOTS);
    if (thread == 0 && o->slow_caller)
        usleep(200);
    o->slot_unit[slot] = (long)u;
    o->made_by[u] = thread + 1;
}

static int ord_put(void *ctx, size_t u, size_t slot, struct ck_error *e)
{
    struct ord *o = ctx;
    if (o->slot_unit[slot] != (long)u) /* the slot still holds its unit: not overwritten */
        return ck_error_set(e, CK_EINPUT, "slot %zu holds unit %ld, not %zu", slot,
                            o->slot_unit[slot], u);
    if (u % 7 == 0)
        usleep(300); /* a slow writer: the helper runs ahead, as far as the slots allow */
    o->put[o->nput++] = (long)u;
    if (u == o->fail_at)
        return ck_error_set(e, CK_EOUTPUT, "put failed at %zu", u);
    return CK_OK;
}

static void test_ordered_run(void **state)
{
    (void)state;
    static const struct ck_ordered_ops ops = {ord_make, ord_put};
    for (int threaded = 0; threaded <= 1; threaded++) {
        struct ord *o = calloc(1, sizeof *o);
        struct ck_error e = {0};
        o->fail_at = ORD_N;
        o->slow_caller = 1;
        assert_int_equal(ck_ordered_run(ORD_N, ORD_SLOTS, &ops, o, threaded, &e), CK_OK);
        assert_int_equal(o->nput, ORD_N);
        int helper = 0;
        for (long u = 0; u < ORD_N; u++) {
            assert_int_equal(o->put[u], u);
            assert_true(o->made_by[u] == 1 || o->made_by[u] == 2);
            helper += o->made_by[u] == 2;
        }
        if (threaded)
            assert_true(helper > 0); /* the helper made some */
        else
            assert_int_equal(helper, 0);
        free(o);
    }
    /* a failing put stops the run with its error; nothing after it is put */
    struct ord *o = calloc(1, sizeof *o);
    struct ck_error e = {0};
    o->fail_at = 57;
    assert_int_equal(ck_ordered_run(ORD_N, ORD_SLOTS, &ops, o, 1, &e), CK_EOUTPUT);
    assert_string_equal(e.msg, "put failed at 57");
    assert_int_equal(o->nput, 58);
    free(o);
    /* no units, one slot */
    o = calloc(1, sizeof *o);
    assert_int_equal(ck_ordered_run(0, 1, &ops, o, 1, &e), CK_OK);
    assert_int_equal(o->nput, 0);
    free(o);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_threads_allowed),
        cmocka_unit_test(test_worker),
        cmocka_unit_test(test_ordered_run),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
