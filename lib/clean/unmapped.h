/* unmapped.h — columns of a customer table that look like dates or amounts but play no role,
 * so that `custkit clean` can say how to have their values checked (SPEC §4). */
#ifndef CK_UNMAPPED_H
#define CK_UNMAPPED_H

#include <stddef.h>

#include "clean/clean.h"
/* One such column, and the roles that would check it, most likely first (only roles no
 * other column plays). */
struct ck_unmapped {
    size_t col;
    int kind; /* 'd' dates, 'a' amounts */
    int role[2];
    size_t nrole;
};

/* Does column col of t look like dates or amounts, by its values (most of the first 200
 * non-empty ones; amounts must also show a decimal point, a thousands separator or a currency,
 * so that ids and codes do not count) or else by its header, though it plays no role in roles,
 * is not skip_col, is not named in known[0..nknown) (columns clean itself writes) nor written
 * by segment, and has a free role to take? 1 and *u filled, else 0. */
int ck_unmapped_column(const struct ck_table *t, size_t col, const struct ck_roles *roles,
                       long skip_col, const char *const *known, size_t nknown, int lang,
                       struct ck_unmapped *u);

#endif
