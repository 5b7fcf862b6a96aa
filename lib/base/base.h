/* base.h — the lowest layer of libcustkit (lib/base/): errors and codes, the row every layer
 * passes, array growth, threads, civil dates, numbers, UTF-8, suggestions, SHA-256. It includes
 * no other custkit header. lib/ never prints and never exits: functions return a CK_* code and
 * fill a struct ck_error. */
#ifndef CK_BASE_H
#define CK_BASE_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#define CK_VERSION "0.1.0"

/* Error codes. The values are the exit statuses of SPEC §10 so that cmd/ can return them
 * directly; CK_ENOMEM maps to exit 4 (the output could not be produced). */
enum ck_code {
    CK_OK = 0,
    CK_EDATA = 1,   /* data problems (only fatal under --strict) */
    CK_EUSAGE = 2,  /* bad options, unknown column, rules error */
    CK_EINPUT = 3,  /* unreadable or malformed input */
    CK_EOUTPUT = 4, /* cannot write output */
    CK_ENOMEM = 5,  /* out of memory */
};

/* An error: code plus a message that names the file and line where there is one. */
struct ck_error {
    int code;
    char msg[512];
};

/* Fill e (when not NULL) with code and a printf-style message; returns code. */
int ck_error_set(struct ck_error *e, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Exit status for a CK_* code (SPEC §10). */
int ck_exit_status(int code);

/* ---------- rows ---------- */

/* One record: n NUL-terminated UTF-8 fields with their byte lengths. `line` is the
 * 1-based physical line (CSV) or sheet row (XLSX) where the record starts. The memory
 * belongs to whoever produced the row and is valid until its next call. */
struct ck_row {
    size_t n;
    char **f;
    size_t *len;
    long line;
};

/* *bytes gets the size of row's fields with the NUL after each; 1 when they lie one after the
 * other from f[0] (as the CSV reader cuts them), so that a copy can take them all at once. */
static inline int ck_row_packed(const struct ck_row *row, size_t *bytes)
{
    size_t b = 0;
    int packed = row->n > 0;
    for (size_t i = 0; i < row->n; i++) {
        if (i && row->f[i] != row->f[i - 1] + row->len[i - 1] + 1)
            packed = 0;
        b += row->len[i] + 1;
    }
    *bytes = b;
    return packed;
}

/* The language of a table's names and of the messages and labels written for it. */
enum ck_lang { CK_LANG_EN = 0, CK_LANG_ZH = 1 };

/* ---------- growth and threads ---------- */

/* Grow the array *p of *cap elements of size bytes to hold need elements (doubling, from 64);
 * 0, or -1 when out of memory (the array is left as it was). The check that it fits already
 * is inline: it runs for every field the readers and the cleaner copy. */
int ck_grow_to(void **p, size_t *cap, size_t need, size_t size);
static inline int ck_grow(void **p, size_t *cap, size_t need, size_t size)
{
    return need <= *cap && *p ? 0 : ck_grow_to(p, cap, need, size);
}

/* 0 when CUSTKIT_THREADS=1 asks for all the work on one thread: every place that would start a
 * second thread (the CSV reader, the width pass, XLSX inflating) asks this first. */
int ck_threads_allowed(void);

/* A helper thread that works on one job at a time: ck_worker_hand gives it a job (fn(ctx, job)
 * runs on it), ck_worker_wait waits until that job is done. ck_worker_start returns 0, or -1
 * when no thread could be started (the caller then does the work itself); ck_worker_stop waits
 * for the job in hand and ends the thread. */
struct ck_worker {
    pthread_t tid;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    void (*fn)(void *ctx, void *job);
    void *ctx, *job;
    int busy, quit;
};
int ck_worker_start(struct ck_worker *w, void (*fn)(void *ctx, void *job), void *ctx);
void ck_worker_hand(struct ck_worker *w, void *job);
void ck_worker_wait(struct ck_worker *w);
void ck_worker_stop(struct ck_worker *w);

/* Units 0..n-1 made on two threads and put in order on the caller's: make(ctx, u, slot, t)
 * makes unit u into slot (u % nslots) on thread t (0: the caller, 1: the helper), put(ctx, u,
 * slot, e) takes it, on the caller's thread, in unit order. The helper makes units ahead as
 * long as a slot is free; the caller puts the next unit when it is made and makes one itself
 * when it is not, so neither thread waits while there is work. A make reports its errors
 * through its slot, for put to return in unit order. put returning non-zero stops the run
 * (the units in hand are finished first) and that is returned; threaded 0, or no thread
 * to be had: all on the caller's thread. */
struct ck_ordered_ops {
    void (*make)(void *ctx, size_t unit, size_t slot, int thread);
    int (*put)(void *ctx, size_t unit, size_t slot, struct ck_error *e);
};
int ck_ordered_run(size_t n, size_t nslots, const struct ck_ordered_ops *ops, void *ctx,
                   int threaded, struct ck_error *e);

/* ---------- dates (proleptic Gregorian, days since 1970-01-01) ---------- */

long ck_days_from_civil(int y, int m, int d);
void ck_civil_from_days(long days, int *y, int *m, int *d);
int ck_date_valid(int y, int m, int d);
/* Strict ISO "YYYY-MM-DD" (optionally followed by a time, ignored): 0 and *days, or -1. */
int ck_iso_date_parse(const char *s, long *days);
/* "YYYY-MM-DD" into buf (at least 11 bytes). */
void ck_iso_date_format(long days, char *buf);
/* Today: CUSTKIT_TODAY (YYYY-MM-DD, for tests and reproducible runs) or the local date. */
long ck_today(void);

/* ---------- numbers and text ---------- */

/* Shortest decimal that round-trips a double, never with a trailing ".0" and with an
 * exponent only outside 1e-6 <= |v| < 1e21: ("42", "0.1",
 * "0.000123", "13812345678", "1e-7"). buf >= 32. */
char *ck_format_double(double v, char *buf);
/* The decimal digits of v written at p, without a NUL; returns the end. Inline: the report
 * writes a row number and a style with it for every cell. */
static inline char *ck_put_uint(char *p, unsigned long long v)
{
    char tmp[20]; /* 18446744073709551615 */
    size_t n = 0;
    do
        tmp[n++] = (char)('0' + v % 10);
    while ((v /= 10) > 0);
    while (n > 0)
        *p++ = tmp[--n];
    return p;
}
/* Locale-independent strict decimal parse of the whole string; 0 on success. */
int ck_parse_double(const char *s, double *out);

/* Decode one UTF-8 code point from s (len bytes available). Returns the code point and
 * sets *adv to its length, or returns -1 (with *adv = 1) on an invalid sequence. */
long ck_utf8_decode(const char *s, size_t len, size_t *adv);
/* The candidate nearest to word by edit distance over code points (case aside), when it is
 * close enough to be the word mistyped: at most 1 edit for words under 6 characters, else 2.
 * NULL when none is; NULL or empty candidates are skipped. "did you mean" for rules and the
 * command line. */
const char *ck_suggest(const char *word, const char *const *cands, size_t n);
/* Append the UTF-8 encoding of cp to out; returns the bytes written (1..4). */
size_t ck_utf8_encode(long cp, char *out);
int ck_utf8_valid(const char *s, size_t len);
/* True for CJK ideographs, kana, hangul, CJK punctuation and full-width forms. */
int ck_is_wide(long cp);
int ck_has_cjk(const char *s);
/* Full-width ASCII (U+FF01..U+FF5E) and ideographic space to their half-width forms. */
long ck_fold_width(long cp);


/* ---------- SHA-256 (lib/base/sha256.c), for the audit trail ---------- */

struct ck_sha256 {
    uint32_t h[8];
    uint64_t bytes;
    unsigned char buf[64];
    size_t used;
};
void ck_sha256_init(struct ck_sha256 *s);
void ck_sha256_update(struct ck_sha256 *s, const void *data, size_t n);
/* Finish and write 64 lowercase hex digits and a NUL. */
void ck_sha256_hex(struct ck_sha256 *s, char out[65]);
int ck_sha256_file(const char *path, char out[65], long long *size, struct ck_error *e);

#endif
