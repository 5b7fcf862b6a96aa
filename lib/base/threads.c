/* threads.c — whether custkit may put work on a second thread (CUSTKIT_THREADS, custkit(1)),
 * and the helper thread that takes one job at a time. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"

int ck_threads_allowed(void)
{
    const char *t = getenv("CUSTKIT_THREADS");
    return !(t && strcmp(t, "1") == 0);
}

static void *worker_main(void *arg)
{
    struct ck_worker *w = arg;
    pthread_mutex_lock(&w->mu);
    for (;;) {
        while (!w->busy && !w->quit)
            pthread_cond_wait(&w->cv, &w->mu);
        if (w->quit)
            break;
        void *job = w->job;
        pthread_mutex_unlock(&w->mu);
        w->fn(w->ctx, job);
        pthread_mutex_lock(&w->mu);
        w->busy = 0;
        pthread_cond_broadcast(&w->cv);
    }
    pthread_mutex_unlock(&w->mu);
    return NULL;
}

int ck_worker_start(struct ck_worker *w, void (*fn)(void *ctx, void *job), void *ctx)
{
    memset(w, 0, sizeof *w);
    w->fn = fn;
    w->ctx = ctx;
    if (pthread_mutex_init(&w->mu, NULL) != 0)
        return -1;
    if (pthread_cond_init(&w->cv, NULL) != 0) {
        pthread_mutex_destroy(&w->mu);
        return -1;
    }
    if (pthread_create(&w->tid, NULL, worker_main, w) != 0) {
        pthread_cond_destroy(&w->cv);
        pthread_mutex_destroy(&w->mu);
        return -1;
    }
    return 0;
}

void ck_worker_hand(struct ck_worker *w, void *job)
{
    pthread_mutex_lock(&w->mu);
    w->job = job;
    w->busy = 1;
    pthread_cond_broadcast(&w->cv);
    pthread_mutex_unlock(&w->mu);
}

void ck_worker_wait(struct ck_worker *w)
{
    pthread_mutex_lock(&w->mu);
    while (w->busy)
        pthread_cond_wait(&w->cv, &w->mu);
    pthread_mutex_unlock(&w->mu);
}

void ck_worker_stop(struct ck_worker *w)
{
    ck_worker_wait(w);
    pthread_mutex_lock(&w->mu);
    w->quit = 1;
    pthread_cond_broadcast(&w->cv);
    pthread_mutex_unlock(&w->mu);
    pthread_join(w->tid, NULL);
    pthread_cond_destroy(&w->cv);
    pthread_mutex_destroy(&w->mu);
}

/* ck_ordered_run's state: units below next_make are made or being made; slot u % nslots is
 * free for unit u once every unit before u - nslots has been put (u < next_put + nslots). */
struct ordered {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    const struct ck_ordered_ops *ops;
    void *ctx;
    size_t n, nslots, next_make, next_put;
    unsigned char *done; /* per slot: its unit is made */
    int stop;
};

/* The next unit to make, claimed (under the lock), or n when there is none yet. */
static size_t ordered_claim(struct ordered *o)
{
    if (o->stop || o->next_make >= o->n || o->next_make >= o->next_put + o->nslots)
        return o->n;
    return o->next_make++;
}

static void ordered_make(struct ordered *o, size_t u, int thread)
{
    pthread_mutex_unlock(&o->mu);
    o->ops->make(o->ctx, u, u % o->nslots, thread);
    pthread_mutex_lock(&o->mu);
    o->done[u % o->nslots] = 1;
    pthread_cond_broadcast(&o->cv);
}

static void *ordered_helper(void *arg)
{
    struct ordered *o = arg;
    pthread_mutex_lock(&o->mu);
    for (;;) {
        size_t u = ordered_claim(o);
        if (u < o->n) {
            ordered_make(o, u, 1);
            continue;
        }
        if (o->stop || o->next_make >= o->n)
            break;
        pthread_cond_wait(&o->cv, &o->mu);
    }
    pthread_mutex_unlock(&o->mu);
    return NULL;
}

int ck_ordered_run(size_t n, size_t nslots, const struct ck_ordered_ops *ops, void *ctx,
                   int threaded, struct ck_error *e)
{
    struct ordered o = {.ops = ops, .ctx = ctx, .n = n, .nslots = nslots ? nslots : 1};
    int rc = CK_OK;
    if (!(o.done = calloc(o.nslots, 1)))
        return ck_error_set(e, CK_ENOMEM, "out of memory");
    pthread_t tid;
    int helper = 0;
    if (pthread_mutex_init(&o.mu, NULL) != 0) {
        free(o.done);
        return ck_error_set(e, CK_ENOMEM, "out of memory");
    }
    if (pthread_cond_init(&o.cv, NULL) != 0) {
        pthread_mutex_destroy(&o.mu);
        free(o.done);
        return ck_error_set(e, CK_ENOMEM, "out of memory");
    }
    if (threaded && n > 1 && ck_threads_allowed())
        helper = pthread_create(&tid, NULL, ordered_helper, &o) == 0;
    pthread_mutex_lock(&o.mu);
    for (size_t u = 0; u < n && rc == CK_OK; u++) {
        size_t s = u % o.nslots;
        while (!o.done[s]) { /* make one while waiting: this one if nobody has it, or a later */
            size_t v = ordered_claim(&o);
            if (v < o.n)
                ordered_make(&o, v, 0);
            else
                pthread_cond_wait(&o.cv, &o.mu);
        }
        pthread_mutex_unlock(&o.mu);
        rc = ops->put(ctx, u, s, e);
        pthread_mutex_lock(&o.mu);
        o.done[s] = 0;
        o.next_put++;
        if (rc != CK_OK)
            o.stop = 1;
        pthread_cond_broadcast(&o.cv);
    }
    o.stop = 1;
    pthread_cond_broadcast(&o.cv);
    pthread_mutex_unlock(&o.mu);
    if (helper)
        pthread_join(tid, NULL);
    pthread_cond_destroy(&o.cv);
    pthread_mutex_destroy(&o.mu);
    free(o.done);
    return rc;
}
