/* clean.h — the clean layer (lib/clean/): the roles columns play (SPEC §2), order statuses,
 * and per-row normalisation and validation for `custkit clean` (SPEC §4): each column by its
 * role through the normalisers of normalize.h, --require groups, outlier fences. Dedup
 * (dedup.h), places (places.h) and their reference data (refdata.h) are the layer's other
 * headers. */
#ifndef CK_CLEAN_H
#define CK_CLEAN_H

#include <stddef.h>
#include <stdint.h>

#include "clean/normalize.h"
#include "io/io.h"

/* ---------- column roles (SPEC §2) ---------- */

enum ck_role {
    CK_ROLE_ID,
    CK_ROLE_NAME,
    CK_ROLE_GENDER,
    CK_ROLE_PHONE,
    CK_ROLE_EMAIL,
    CK_ROLE_COMPANY,
    CK_ROLE_PROVINCE,
    CK_ROLE_CITY,
    CK_ROLE_INDUSTRY,
    CK_ROLE_BIRTHDATE,
    CK_ROLE_AGE,
    CK_ROLE_FIRST_PURCHASE,
    CK_ROLE_LAST_PURCHASE,
    CK_ROLE_ORDERS,
    CK_ROLE_AMOUNT,
    CK_ROLE_NOTES,
    /* orders tables */
    CK_ROLE_ORDER_ID,
    CK_ROLE_ORDER_DATE,
    CK_ROLE_PRODUCT,
    CK_ROLE_QUANTITY,
    CK_ROLE_STATUS,  /* an order's status: refunded, closed and cancelled are not purchases */
    CK_ROLE_REFUND,  /* the part of an order's amount refunded */
    CK_ROLE_ADDRESS, /* the customer's or receiver's address: clean splits it (places.h) */
    /* county-level division (区县), as clean adds it from the address */
    CK_ROLE_DISTRICT,
    CK_ROLE_COUNT
};

enum ck_table_kind { CK_TABLE_CUSTOMERS = 0, CK_TABLE_ORDERS = 1 };

/* Column index of each role in a header, -1 when absent. */
struct ck_roles {
    int col[CK_ROLE_COUNT];
};

/* Canonical role name ("phone", "last_purchase", "order_date"). */
const char *ck_role_name(int role);
/* The name of a role written into a table of language lang: the canonical name in English,
 * the usual header in Chinese ("手机", "最近购买日期"); as in "missing phone" / "缺少手机". */
const char *ck_role_label(int role, int lang);
/* Role for a canonical name, or -1. */
int ck_role_from_name(const char *name);
/* Resolve roles from a header through the synonym table (case-, width- and space-insensitive),
 * then apply overrides "ROLE=HEADER" (from --col). An override naming a header that is not
 * there, or an unknown role, is CK_EUSAGE with a message listing the headers. */
int ck_roles_resolve(struct ck_roles *out, const struct ck_row *header, int kind,
                     const char *const *overrides, size_t n_overrides, struct ck_error *e);
/* Every column of a header whose name plays this role, the preferred first: a shop's order
 * export has the buyer's phone and the receiver's, and a row with no usable buyer's phone
 * still has the receiver's. ck_roles_resolve gives the first of them. Writes at most cap
 * column indices into cols and returns how many were found. */
size_t ck_roles_candidates(const struct ck_row *header, int kind, int role, int *cols,
                           size_t cap);
/* Is this order status one whose order is no purchase (refunded, closed, cancelled, unpaid;
 * the built-in list in Chinese and English, plus extra)? The value is split at commas, slashes
 * and the like ("未发货，退款成功"), and each part compared case-, width- and space-
 * insensitively with the whole of a listed status, so "无售后或售后取消" is not "取消". */
int ck_status_excluded(const char *value, const char *const *extra, size_t nextra);
/* The language of a table (CK_LANG_ZH / CK_LANG_EN), decided once and carried down the
 * pipeline, never by columns the rules added: the problems column clean wrote (问题 /
 * _problems), else the columns segment wrote (分层 and 分层序号 / segment and segment_rank),
 * name the language they were written in (when only one language's is there); else Chinese
 * when a header that plays a customer role (SPEC §2) holds CJK characters, English when such
 * columns exist and none does; else (no column plays a role) Chinese when any header holds
 * CJK characters. */
int ck_table_lang(const struct ck_row *header);
/* Fold a header for matching: lowercase ASCII, full-width → half-width, spaces, '_' and '-'
 * dropped. Writes at most cap bytes (NUL included) into out; returns out. */
char *ck_header_fold(const char *s, char *out, size_t cap);

#define CK_MAX_REQUIRE 16

/* One --require group: the row needs a non-empty value in at least one of these roles
 * ("name", or "phone/email/id"). */
struct ck_require {
    int role[CK_ROLE_COUNT];
    size_t n;
};

struct ck_clean_opts {
    struct ck_norm_opts norm;
    uint32_t no_normalize; /* bit (1u << role): leave those columns byte for byte */
    struct ck_require require[CK_MAX_REQUIRE];
    size_t nrequire;
    long skip_col; /* a column written by a previous clean (its problems): emptied; -1 none */
    uint32_t key_roles; /* bit (1u << role): the roles a customer can be known by (phone,
                         * email, id); a row with none of them valid cannot be a customer */
    int split_address;  /* split the address column: province, city and district columns are
                         * added when missing (see ck_cleaner_added), empty ones filled */
};

/* Place names the cleaner could not settle, for the warnings of `custkit clean`. Counts are
 * rows; examples are distinct values as written, lines the first rows' line numbers. */
#define CK_PLACE_EXAMPLES 3
#define CK_PLACE_LINES 5
struct ck_place_stats {
    long unknown[2]; /* [0] province column, [1] city column: values kept as written */
    char example[2][CK_PLACE_EXAMPLES][64];
    size_t nexample[2];
    long ambiguous, unplaced; /* addresses: an ambiguous name; no province found */
    long ambiguous_line[CK_PLACE_LINES], unplaced_line[CK_PLACE_LINES];
};

/* What one row turned into. row is valid until the next call on the same cleaner. */
struct ck_clean_result {
    const struct ck_row *row;
    uint32_t problems;  /* bit (1u << CK_P_*) for each problem found */
    uint32_t missing;   /* bit g for each --require group the row fails */
    uint32_t bad_roles; /* bit (1u << role) for each role whose value has a problem */
    int unusable;       /* the row cannot be a customer: no valid value in any of key_roles
                         * (when the table has one of them), or a --require group without a
                         * valid value */
    uint32_t others;    /* the problems of the values other than the four purchase roles'
                         * (first and last purchase, orders, amount), --require's aside */
};

struct ck_cleaner;

/* A cleaner for a table with this header and these roles. */
int ck_cleaner_new(struct ck_cleaner **c, size_t ncols, const struct ck_roles *roles,
                   const struct ck_clean_opts *o, struct ck_error *e);
void ck_cleaner_free(struct ck_cleaner *c);
/* A second cleaner like c (its place counts start at zero), for another thread: one cleaner
 * must not be used by two threads at once. */
int ck_cleaner_clone(const struct ck_cleaner *c, struct ck_cleaner **out, struct ck_error *e);
/* Columns the cleaner appends to each row (the address split): their number, and the role of
 * the i-th (CK_ROLE_PROVINCE, CK_ROLE_CITY or CK_ROLE_DISTRICT). Rows it returns have the
 * input's columns and then these. */
size_t ck_cleaner_added(const struct ck_cleaner *c, int *roles, size_t cap);
/* The place names counted so far (every ck_clean_row call counts). */
void ck_cleaner_place_stats(const struct ck_cleaner *c, struct ck_place_stats *out);
/* The same, and the cleaner's count started again from nothing (so that rows cleaned by
 * several cleaners can be counted in their order with ck_place_stats_add). */
void ck_cleaner_take_place_stats(struct ck_cleaner *c, struct ck_place_stats *out);
void ck_cleaner_set_place_stats(struct ck_cleaner *c, const struct ck_place_stats *st);
/* Count the rows counted in more after those in into: as if one cleaner had cleaned them all,
 * into's rows first. */
void ck_place_stats_add(struct ck_place_stats *into, const struct ck_place_stats *more);
/* Normalise and validate one row of ncols fields (len may be NULL). Normalising a row that
 * is already normalised gives the same row, so a final check can run on merged rows. */
int ck_clean_row(struct ck_cleaner *c, const char *const *f, const size_t *len, long line,
                 struct ck_clean_result *res, struct ck_error *e);
/* ck_clean_row again on a row ck_clean_row has returned before, in which only the values of the
 * four purchase roles may have changed since (an orders roll-up rewrites them): only those are
 * normalised again, and the problems of the rest are others, as res->others said then. The same
 * problems and missing groups as ck_clean_row would find, for a part of its time (the final
 * check of the customers not merged); bad_roles and unusable count the purchase values only. */
int ck_clean_row_again(struct ck_cleaner *c, const char *const *f, const size_t *len, long line,
                       uint32_t others, struct ck_clean_result *res, struct ck_error *e);
/* Would ck_clean_row find the value of role in the row f (ncols fields) invalid? *bad says:
 * the same bit of bad_roles, without the rest of the row (the final check's outlier fences
 * need it for amount and orders before the rows are checked). Reads c only: any thread may
 * call it. CK_ENOMEM for a very long value memory cannot hold. */
int ck_clean_role_bad(const struct ck_cleaner *c, int role, const char *const *f, int *bad);
/* The problems cell: names in enum order, "missing name" per failed group, ';'-separated, in
 * the language of the cleaner's o.norm.lang ("手机号无效;缺少姓名" in a Chinese table).
 * Returns the length written (truncated to cap - 1). */
size_t ck_clean_problems_text(const struct ck_cleaner *c, uint32_t problems, uint32_t missing,
                              char *out, size_t cap);

/* Why a row is rejected or an order left out (the reason column of --rejects / --orphans),
 * beside the problem names of normalize.h. */
enum ck_clean_reason {
    CK_R_NO_USABLE_KEY,     /* a rejected row with no other problem */
    CK_R_CUSTOMER_REJECTED, /* an order whose customer row was rejected */
    CK_R_NO_MATCH,
    CK_R_NO_KEY,
    CK_R_EXCLUDED_STATUS, /* a prefix: the status follows */
    CK_R_MISSING_DATE,
    CK_R_MISSING_AMOUNT,
    CK_R_REFUND_ABOVE,
    CK_R_REFUNDED,
    CK_R_COUNT
};
/* The reason as written into a table of language lang (CK_LANG_ZH / CK_LANG_EN). */
const char *ck_clean_reason(int r, int lang);

/* Parse "name,phone/email/id" into groups. Roles are canonical names (ck_role_name). */
int ck_require_parse(const char *spec, struct ck_require *groups, size_t *n, struct ck_error *e);
/* Parse "phone,email" into a list of roles (at most cap); duplicates are dropped. */
int ck_role_list_parse(const char *spec, int *roles, size_t *n, size_t cap, const char *what,
                       struct ck_error *e);

/* Upper outlier fence Q3 + 3·IQR of n values (quartiles by linear interpolation between
 * order statistics, found by selection); reorders values. -1 when n < 4 (no fence). */
int ck_outlier_fence(double *values, size_t n, double *fence);

#endif
