/* strbuf.h — a growing string for JSON lines (run facts, the audit trail). */
#ifndef CK_STRBUF_H
#define CK_STRBUF_H

#include <stddef.h>

/* Out of memory is remembered in oom and later appends do nothing, so a builder checks once
 * at the end. Zero it before use; free s when done. */
struct ck_strbuf {
    char *s;
    size_t len, cap;
    int oom;
};
void ck_sb_add(struct ck_strbuf *b, const char *s);
/* s as a JSON string, quoted and escaped. */
void ck_sb_json(struct ck_strbuf *b, const char *s);
void ck_sb_long(struct ck_strbuf *b, long v);

#endif
