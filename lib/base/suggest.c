/* suggest.c — "did you mean …": the nearest of a list of names to a mistyped one, by edit
 * distance over code points. Shared by the rules language and the command line. */
#include <string.h>
#include <strings.h>

#include "base/base.h"

/* Levenshtein distance over code points (names up to 64 characters). */
static size_t edit_distance(const char *a, const char *b)
{
    long ca[64] = {0}, cb[64] = {0};
    size_t na = 0, nb = 0, adv;
    for (size_t i = 0, l = strlen(a); i < l && na < 64; i += adv)
        ca[na++] = ck_utf8_decode(a + i, l - i, &adv);
    for (size_t i = 0, l = strlen(b); i < l && nb < 64; i += adv)
        cb[nb++] = ck_utf8_decode(b + i, l - i, &adv);
    size_t row[65];
    for (size_t j = 0; j <= nb; j++)
        row[j] = j;
    for (size_t i = 1; i <= na; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= nb; j++) {
            size_t up = row[j];
            size_t best = diag + (ca[i - 1] != cb[j - 1]);
            if (row[j] + 1 < best)
                best = row[j] + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[nb];
}

const char *ck_suggest(const char *word, const char *const *cands, size_t n)
{
    size_t chars = 0, adv;
    for (size_t i = 0, l = strlen(word); i < l; i += adv, chars++)
        ck_utf8_decode(word + i, l - i, &adv);
    size_t limit = chars >= 6 ? 2 : 1, best = (size_t)-1;
    const char *pick = NULL;
    for (size_t i = 0; i < n; i++) {
        if (!cands[i] || !cands[i][0])
            continue;
        size_t d = edit_distance(word, cands[i]);
        if (strcasecmp(word, cands[i]) == 0)
            d = 0;
        if (d <= limit && d < chars && d < best) {
            best = d;
            pick = cands[i];
        }
    }
    return pick;
}
