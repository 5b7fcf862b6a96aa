/* norm_fast.h — the fast paths of ck_norm_date() and ck_norm_amount(), and the full
 * normalisers behind them, apart: so that a test can hold each fast path against the full
 * normaliser on the same value.
 *
 * ck_norm_date() and ck_norm_amount() try the fast path first and call the full normaliser
 * when it declines; the results are the same either way, byte for byte. */
#ifndef CK_NORM_FAST_H
#define CK_NORM_FAST_H

#include <stddef.h>

#include "clean/normalize.h"
/* "YYYY-MM-DD" and "YYYY-MM-DD HH:MM:SS" exactly (no white space), a real date and time:
 * ck_norm_date()'s result (serial_ok does not matter for these). Anything else, a bad date
 * included: -1, out and *days untouched. */
int ck_norm_date_fast(const char *in, const struct ck_norm_opts *o, char *out, size_t cap,
                      long *days);
/* ck_norm_date() without its fast path. */
int ck_norm_date_full(const char *in, const struct ck_norm_opts *o, int serial_ok, char *out,
                      size_t cap, long *days);

/* A plain decimal exactly ("1234.50", "-3", "0.5": ASCII digits, at most one '.' with digits
 * on both sides, an optional leading '-', at most 32 bytes): ck_norm_amount()'s result.
 * Anything else: -1, out and *value untouched. */
int ck_norm_amount_fast(const char *in, char *out, size_t cap, double *value);
/* ck_norm_amount() without its fast path. */
int ck_norm_amount_full(const char *in, char *out, size_t cap, double *value);

#endif
