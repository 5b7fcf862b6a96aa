/* tag_output.c — what `custkit tag` adds to a table: where each tag group's column goes, and
 * the facts line that counts every tag. */
#include "rules/tag_output.h"
#include <stdlib.h>
#include <string.h>

#include "io/strbuf.h"
size_t ck_tag_columns(const struct ck_rules *rs, const struct ck_row *header, size_t *pos,
                      size_t *nout)
{
    size_t replaced = 0;
    *nout = header->n;
    for (size_t g = 0; g < ck_rules_group_count(rs); g++) {
        const char *name = ck_rules_group_name(rs, g);
        size_t c = 0;
        while (c < header->n && strcmp(header->f[c], name) != 0)
            c++;
        if (c < header->n)
            replaced++;
        else
            c = (*nout)++;
        pos[g] = c;
    }
    return replaced;
}

int ck_tag_facts(const struct ck_rules *rs, const char *const *rules, size_t nrules,
                 const char *builtin, long rows, struct ck_error *e)
{
    struct ck_strbuf b = {0};
    ck_sb_add(&b, "\"read\":");
    ck_sb_long(&b, rows);
    ck_sb_add(&b, ",\"written\":");
    ck_sb_long(&b, rows);
    ck_sb_add(&b, ",\"rules\":[");
    for (size_t i = 0; i < nrules; i++) {
        ck_sb_add(&b, i ? "," : "");
        ck_sb_json(&b, rules[i]);
    }
    ck_sb_add(&b, "]");
    if (builtin) {
        ck_sb_add(&b, ",\"builtin\":");
        ck_sb_json(&b, builtin);
    }
    ck_sb_add(&b, ",\"groups\":{");
    for (size_t g = 0; g < ck_rules_group_count(rs); g++) {
        ck_sb_add(&b, g ? "," : "");
        ck_sb_json(&b, ck_rules_group_name(rs, g));
        ck_sb_add(&b, ":{");
        size_t nt = ck_rules_tag_count(rs, g);
        for (size_t t = 0; t <= nt; t++) {
            ck_sb_add(&b, t ? "," : "");
            ck_sb_json(&b, t < nt ? ck_rules_tag_name(rs, g, t) : "");
            ck_sb_add(&b, ":");
            ck_sb_long(&b, ck_rules_tag_hits(rs, g, t));
        }
        ck_sb_add(&b, "}");
    }
    ck_sb_add(&b, "}");
    int rc = b.oom ? ck_error_set(e, CK_ENOMEM, "out of memory") : ck_facts_append("tag", b.s, e);
    free(b.s);
    return rc;
}
