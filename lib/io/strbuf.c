/* strbuf.c — a growing string for JSON lines (run facts, the audit trail): out of memory is
 * remembered once, so that a builder checks at the end. */
#include "io/strbuf.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/io.h"
void ck_sb_add(struct ck_strbuf *b, const char *s)
{
    size_t l = strlen(s);
    if (b->oom)
        return;
    if (ck_grow((void **)&b->s, &b->cap, b->len + l + 1, 1)) {
        b->oom = 1;
        return;
    }
    memcpy(b->s + b->len, s, l + 1);
    b->len += l;
}

void ck_sb_json(struct ck_strbuf *b, const char *s)
{
    size_t cap = strlen(s) * 6 + 3; /* every byte escaped as \u00XX, and the quotes */
    char *q = malloc(cap);
    if (!q) {
        b->oom = 1;
        return;
    }
    ck_sb_add(b, ck_json_quote(s, q, cap));
    free(q);
}

void ck_sb_long(struct ck_strbuf *b, long v)
{
    char n[32];
    snprintf(n, sizeof n, "%ld", v);
    ck_sb_add(b, n);
}
