/* template.h — the blank entry workbook `custkit template` writes: the columns a customer table
 * should have (the roles' canonical headers, in the table's language), each with its data
 * validation, input message and number format, and a sheet explaining how to fill them in. */
#ifndef CK_TEMPLATE_H
#define CK_TEMPLATE_H

#include <stddef.h>
#include <time.h>

#include "base/base.h"

/* Columns a template can have: the customer-table roles (ck_role_name) and two that are no
 * role, which custkit carries through as they are: "level" (客户等级) and "channel" (来源渠道). */
enum { CK_TPL_MAX_FIELDS = 32, CK_TPL_MAX_ROWS = 100000, CK_TPL_MAX_LIST = 500 };

/* Fields are numbered 0 .. CK_TPL_MAX_FIELDS - 1. The field a --columns name stands for (case-insensitive), or -1. */
int ck_template_field(const char *name);
/* The name of field f ("phone", "level"), or "?". */
const char *ck_template_field_name(int f);
/* The names every --columns entry may take, comma-separated, for messages. */
const char *ck_template_field_names(void);
/* Whether field f can have a dropdown list (--list). */
int ck_template_field_listable(int f);
/* Field f's header in lang (CK_LANG_ZH / CK_LANG_EN): 手机号 / Phone. */
const char *ck_template_header(int f, int lang);
/* Field f's default dropdown values in lang into vals (cap entries): their count, 0 when f
 * has no default list. The province list is the 31 provincial divisions of the mainland, by
 * their official names (lib/clean/cn_divisions.c), in the order of their codes. */
size_t ck_template_default_list(int f, int lang, const char **vals, size_t cap);

struct ck_template_opts {
    int lang;              /* CK_LANG_ZH or CK_LANG_EN */
    const int *fields;     /* columns in order; NULL = the default set */
    size_t nfields;
    long rows;             /* entry rows with validation; 0 = 1,000 */
    /* --list ROLE=a,b,c: by field, the values of its dropdown (NULL = the default) */
    const char *const *list[CK_TPL_MAX_FIELDS];
    size_t nlist[CK_TPL_MAX_FIELDS];
    time_t created;        /* the workbook's created time (reproducible bytes) */
};

/* What the template holds, for the command's message. */
struct ck_template_stats {
    size_t columns;
    long rows;
    size_t lists; /* columns with a dropdown */
};

/* Write the template to path: a temporary file beside it, renamed over it once complete (any
 * earlier file of that name is replaced, as export replaces its report). Bad options are
 * CK_EUSAGE, write failures CK_EOUTPUT. */
int ck_template_write(const struct ck_template_opts *o, const char *path,
                      struct ck_template_stats *st, struct ck_error *e);

#endif
