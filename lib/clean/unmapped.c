/* unmapped.c — which columns of a customer table look like dates or amounts, by their values
 * or their header, though no role checks them. */
#include <limits.h>
#include <string.h>

#include "clean/unmapped.h"
/* Columns segment writes: never worth a warning when a segmented table is cleaned again. */
static const char *const added_elsewhere[] = {"分层", "分层序号", "上期分层", "变动", "R分",
                                              "F分", "M分", "RFM", "segment", "segment_rank",
                                              "previous", "movement", "R score", "F score",
                                              "M score"};

static int has_any(const char *folded, const char *const *words, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strstr(folded, words[i]))
            return 1;
    return 0;
}

/* What the column's values look like: 'd' dates, 'a' amounts, 0 neither (or no values). */
static int looks_like(const struct ck_table *t, size_t col, int lang)
{
    struct ck_norm_opts o = {CK_DATE_YMD_ONLY, LONG_MIN, lang};
    size_t seen = 0, dates = 0, amounts = 0, marked = 0;
    char out[64];
    for (size_t r = 0; r < t->nrows && seen < 200; r++) {
        const char *v = ck_table_cell(t, r, col);
        if (!v || !v[strspn(v, " \t")])
            continue;
        seen++;
        long days;
        int p = ck_norm_date(v, &o, 0, out, sizeof out, &days);
        if (p == CK_P_NONE || p == CK_P_AMBIGUOUS_DATE || p == CK_P_FUTURE_DATE) {
            dates++;
            continue;
        }
        p = ck_norm_amount(v, out, sizeof out, NULL);
        if (p == CK_P_NONE || p == CK_P_NEGATIVE_AMOUNT) {
            amounts++;
            marked += strpbrk(v, ".,$") || strstr(v, "¥") || strstr(v, "￥") || strstr(v, "元") ||
                      strstr(v, "万");
        }
    }
    if (!seen)
        return 0;
    if (dates * 2 > seen)
        return 'd';
    if (amounts * 2 > seen && marked)
        return 'a';
    return 0;
}

int ck_unmapped_column(const struct ck_table *t, size_t c, const struct ck_roles *roles,
                       long skip_col, const char *const *known, size_t nknown, int lang,
                       struct ck_unmapped *u)
{
    static const char *const date_words[] = {"日期", "时间", "date", "time"};
    static const char *const amount_words[] = {"金额", "实付", "价格", "单价", "amount", "price"};
    static const char *const first_words[] = {"首", "first", "earliest"};
    static const char *const last_words[] = {"最近", "最后", "末次", "last", "latest", "recent"};
    static const char *const birth_words[] = {"生日", "出生", "birth"};
    const char *h = t->header[c];
    int has_role = (long)c == skip_col;
    for (int r = 0; r < CK_ROLE_COUNT; r++)
        has_role |= roles->col[r] == (int)c;
    for (size_t n = 0; n < nknown; n++)
        has_role |= strcmp(h, known[n]) == 0;
    for (size_t n = 0; n < sizeof added_elsewhere / sizeof *added_elsewhere; n++)
        has_role |= strcmp(h, added_elsewhere[n]) == 0;
    if (has_role)
        return 0;
    char f[256];
    ck_header_fold(h, f, sizeof f);
    int kind = looks_like(t, c, lang);
    if (!kind && has_any(f, date_words, sizeof date_words / sizeof *date_words))
        kind = 'd';
    if (!kind && has_any(f, amount_words, sizeof amount_words / sizeof *amount_words))
        kind = 'a';
    if (!kind)
        return 0;
    /* the roles it could take, most likely first */
    int cand[2], n = 0;
    if (kind == 'a') {
        cand[n++] = CK_ROLE_AMOUNT;
    } else if (has_any(f, birth_words, sizeof birth_words / sizeof *birth_words)) {
        cand[n++] = CK_ROLE_BIRTHDATE;
    } else if (has_any(f, first_words, sizeof first_words / sizeof *first_words)) {
        cand[n++] = CK_ROLE_FIRST_PURCHASE;
    } else if (has_any(f, last_words, sizeof last_words / sizeof *last_words)) {
        cand[n++] = CK_ROLE_LAST_PURCHASE;
    } else {
        cand[n++] = CK_ROLE_FIRST_PURCHASE;
        cand[n++] = CK_ROLE_LAST_PURCHASE;
    }
    u->col = c;
    u->kind = kind;
    u->nrole = 0;
    for (int i = 0; i < n; i++)
        if (roles->col[cand[i]] < 0) /* taken: mapping this column would displace another */
            u->role[u->nrole++] = cand[i];
    return u->nrole > 0;
}
