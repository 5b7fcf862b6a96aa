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
