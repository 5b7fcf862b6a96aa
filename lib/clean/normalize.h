/* normalize.h — value normalisers (SPEC §4): each returns CK_P_NONE and the normalised value,
 * or a problem code (the output then holds the original value, trimmed). */

/* Common contract of the ck_norm_* functions:
 * - in may be any bytes (invalid UTF-8 is a problem, never a crash); NULL counts as "".
 * - out gets at most cap bytes including the NUL, cut on a character boundary; cap 0 (or out
 *   NULL) writes nothing. 64 bytes always hold a normalised phone, date, amount, count,
 *   gender or age; an e-mail address can be longer (up to 64 + 1 + 255 bytes).
 * - An empty or all-white-space value is CK_P_NONE with an empty out: --require decides.
 * - On a problem out holds the original value trimmed, except CK_P_FUTURE_DATE and
 *   CK_P_NEGATIVE_AMOUNT, where out holds the normalised value ("2027-01-05", "-5").
 * - o may be NULL: {CK_DATE_YMD_ONLY, as_of LONG_MIN, CK_LANG_EN}.
 * - No allocation, no locale: safe for millions of calls. */
#ifndef CK_NORMALIZE_H
#define CK_NORMALIZE_H

#include <stddef.h>
#include <stdint.h>

#include "base/base.h"

enum ck_problem {
    CK_P_NONE = 0,
    CK_P_BAD_PHONE,
    CK_P_BAD_EMAIL,
    CK_P_BAD_DATE,
    CK_P_AMBIGUOUS_DATE,
    CK_P_FUTURE_DATE,
    CK_P_BAD_AMOUNT,
    CK_P_NEGATIVE_AMOUNT,
    CK_P_BAD_NUMBER,
    CK_P_BAD_GENDER,
    CK_P_BAD_AGE,
    CK_P_BAD_BIRTHDATE,
    CK_P_MISSING, /* "missing name", "missing phone/email/id" (--require): the text names it */
    CK_P_OUTLIER, /* warning: beyond Q3 + 3·IQR */
    CK_P_COUNT
};

/* "bad phone", "ambiguous date", … as written in the problems column of an English table. */
const char *ck_problem_name(int p);
/* The name in a table of language lang (CK_LANG_ZH: "手机号无效", "日期有歧义", …); for
 * CK_P_MISSING the prefix ("missing", "缺少") the missing fields follow. */
const char *ck_problem_label(int p, int lang);
/* The problem an entry of a problems cell names (n bytes, trimmed), in either language:
 * "bad phone" and "手机号无效" are CK_P_BAD_PHONE, "missing name" and "缺少姓名" CK_P_MISSING;
 * -1 for a name it does not know. */
int ck_problem_parse(const char *s, size_t n);
/* Whether problems are errors (rows that --invalid reject moves out) or only warnings, asked
 * of each form a row's problems take: */
/* one problem code: 1 for an error, 0 for a warning (an unknown code is an error); */
int ck_problem_is_error(int p);
/* a set of them (bit 1u << p for problem p, struct ck_clean_result.problems): 1 when any of
 * them is an error; */
int ck_problem_set_has_error(uint32_t set);
/* a problems cell as written ("bad phone;outlier", "手机号无效;异常值"): 1 when any entry is
 * an error (names it does not know count as errors). Used by segment to send such rows to
 * 待核实 / Needs review. NULL holds none. */
int ck_problem_cell_has_error(const char *cell);

enum ck_date_order { CK_DATE_YMD_ONLY = 0, CK_DATE_DMY = 1, CK_DATE_MDY = 2 };

struct ck_norm_opts {
    int date_order; /* enum ck_date_order */
    long as_of;     /* days since epoch; dates after it are "future date"; LONG_MIN = none */
    int lang;       /* CK_LANG_ZH / CK_LANG_EN: gender output 男/女 or M/F */
};

/* Text: trim, NBSP → space, drop zero-width characters, collapse inner runs of white space
 * (unless keep_inner), full-width ASCII → half-width when fold_width. out gets at most cap
 * bytes; the result is never longer than the input. */
size_t ck_norm_text(const char *in, size_t len, int keep_inner, int fold_width, char *out,
                    size_t cap);
/* Phone → "13812345678", "010-12345678", "0755-88888888-123", "+14155550123". */
int ck_norm_phone(const char *in, char *out, size_t cap);
/* Email: trim, lowercase, syntax check. */
int ck_norm_email(const char *in, char *out, size_t cap);
/* Dates in every SPEC §4 form, Excel serials (when serial_ok), optional time →
 * "YYYY-MM-DD" or "YYYY-MM-DD HH:MM:SS" (a time of exactly 00:00:00 is dropped); *days (may be
 * NULL) gets the day number, or LONG_MIN when there is no date (empty or a problem other than
 * CK_P_FUTURE_DATE). */
int ck_norm_date(const char *in, const struct ck_norm_opts *o, int serial_ok, char *out,
                 size_t cap, long *days);
/* Amounts: ¥ ￥ RMB 元 $ , spaces stripped, 万/亿 multipliers → plain decimal, exact
 * (decimal arithmetic, "1.2万" → "12000", "1234.50" → "1234.5"); *value (may be NULL) gets the
 * nearest double, 0 for empty or bad. Negative → CK_P_NEGATIVE_AMOUNT with out "-5". */
int ck_norm_amount(const char *in, char *out, size_t cap, double *value);
/* The cents of a plain amount ("1798", "1798.5", "1798.00": ASCII digits, at most 15 before
 * an optional point and one or two after it), as ck_cents_parse gives them for the text
 * ck_norm_amount makes of it: 0 and *cents, or -1 for anything else (which the caller then
 * normalises). The orders' roll-up reads millions of such amounts. */
int ck_amount_cents_plain(const char *in, long long *cents);
/* Counts (orders): a non-negative whole number, same stripping as amounts, plus 次/单/笔/件/个;
 * "3.0" → "3"; anything else CK_P_BAD_NUMBER. *value (may be NULL) 0 unless CK_P_NONE. */
int ck_norm_count(const char *in, char *out, size_t cap, long *value);
/* Gender → 男/女 or M/F by o->lang. */
int ck_norm_gender(const char *in, const struct ck_norm_opts *o, char *out, size_t cap);
/* Age 0–120. */
int ck_norm_age(const char *in, char *out, size_t cap);
/* Birthdate: a date (any ck_norm_date form, serials too) not after as-of (today when as_of is
 * LONG_MIN), age at as-of 0–120, else CK_P_BAD_BIRTHDATE; unreadable → CK_P_BAD_DATE or
 * CK_P_AMBIGUOUS_DATE. Output "YYYY-MM-DD" (a time is dropped). */
int ck_norm_birthdate(const char *in, const struct ck_norm_opts *o, char *out, size_t cap);

/* ---------- --as-of ---------- */

/* --as-of: a date in any form a date cell takes (ck_norm_date: 2026-09-30, 2026/9/30,
 * 2026年9月30日, 20260930, 30/09/2026, …; no time, no serial, an ambiguous day/month order is an
 * error), "today" or "quarter-end" (the last day of the last completed quarter before today);
 * keywords in any case. */
int ck_asof_resolve(const char *spec, long *days, struct ck_error *e);

#endif
