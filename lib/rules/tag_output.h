/* tag_output.h — what `custkit tag` adds to a table: one column per tag group, and the run's
 * facts (how many rows got each tag). */
#ifndef CK_TAG_OUTPUT_H
#define CK_TAG_OUTPUT_H

#include <stddef.h>

#include "clean/clean.h"
#include "rules/rules.h"
/* The output columns: the header's, then one per group of rs; a group named like a column of
 * the header (tag run again on its own output) takes that column. pos[g] gets each group's
 * output column, *nout the output's width. Returns how many groups take a column of the
 * header. */
size_t ck_tag_columns(const struct ck_rules *rs, const struct ck_row *header, size_t *pos,
                      size_t *nout);
/* The run's facts (ck_facts_append "tag"):
 * {"read":N,"written":N,"rules":[…],"builtin":…,"groups":{"购买行为":{"高频客户":12,…,"":3}}},
 * the empty key counting the rows without a tag of the group. builtin NULL: not given. */
int ck_tag_facts(const struct ck_rules *rs, const char *const *rules, size_t nrules,
                 const char *builtin, long rows, struct ck_error *e);

#endif
