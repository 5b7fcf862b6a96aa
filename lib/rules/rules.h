/* rules.h — the tag rule language of custkit-rules(5): load rules files (and the built-in
 * groups) against a table's header, then evaluate them row by row into one value per group. */
#ifndef CK_RULES_H
#define CK_RULES_H

#include <stddef.h>

struct ck_row;
struct ck_roles;
struct ck_error;

/* A loaded set of tag groups, ready to evaluate. */
struct ck_rules;

/* Limit on the nesting of parentheses, `not` and function calls in one expression. */
#define CK_RULES_MAX_DEPTH 200

/* What the rules are checked against. header and roles must stay valid while the rules are
 * being loaded (ck_rules_parse, ck_rules_add_builtin); evaluation only needs the rows. */
struct ck_rules_ctx {
    const struct ck_row *header;  /* the table's header: bare and `quoted` names resolve here */
    const struct ck_roles *roles; /* role name → column (orders, amount, last_purchase …) */
    long as_of;                   /* day number that days_since() and age() count to */
    int lang;                     /* CK_LANG_ZH / CK_LANG_EN: names of the built-in groups */
};

/* An empty rule set for this table. CK_ENOMEM on failure. */
int ck_rules_new(struct ck_rules **rs, const struct ck_rules_ctx *ctx, struct ck_error *e);

/* Parse len bytes of rules text; name is used in messages ("tags.rules:12:18: …"). Every
 * error is found here, before any row is read: syntax, unknown column or function (with a
 * suggestion), wrong arity, type mismatch, bad regex, duplicate tag or group, empty group.
 * Returns CK_OK or CK_EUSAGE (CK_ENOMEM) with a one-line message. */
int ck_rules_parse(struct ck_rules *rs, const char *name, const char *text, size_t len,
                   struct ck_error *e);
/* Read a rules file and parse it (CK_EUSAGE, like any rules error, when it cannot be read). */
int ck_rules_load_file(struct ck_rules *rs, const char *path, struct ck_error *e);
/* Add built-in groups from a comma-separated list of "region", "city-tier", "age-band".
 * CK_EUSAGE for an unknown name or when the table lacks the column a group needs. */
int ck_rules_add_builtin(struct ck_rules *rs, const char *list, struct ck_error *e);

/* The playbook statements of a rules file alone (`playbook SEGMENT = "text"`, the texts
 * segment writes for its segments), every other line unread: for segment, not tag. Errors
 * as ck_rules_parse. ck_rules_parse itself checks them and keeps them too. */
int ck_rules_load_playbook(struct ck_rules *rs, const char *path, struct ck_error *e);
size_t ck_rules_playbook_count(const struct ck_rules *rs);
/* Statement i's segment name (and its line in *line when not NULL), and its text. */
const char *ck_rules_playbook_segment(const struct ck_rules *rs, size_t i, int *line);
const char *ck_rules_playbook_text(const struct ck_rules *rs, size_t i);

size_t ck_rules_group_count(const struct ck_rules *rs);
/* The group's name: the header of the column it adds. */
const char *ck_rules_group_name(const struct ck_rules *rs, size_t g);
/* 1 for a `[name]*` group (every matching tag, joined by ';'), 0 for first match. */
int ck_rules_group_multi(const struct ck_rules *rs, size_t g);
size_t ck_rules_tag_count(const struct ck_rules *rs, size_t g);
const char *ck_rules_tag_name(const struct ck_rules *rs, size_t g, size_t t);
/* Rows so far in which tag t of group g matched; t == tag count: rows with no tag. */
long ck_rules_tag_hits(const struct ck_rules *rs, size_t g, size_t t);

/* Evaluate every group on one row (its width is the header's). out[g] and outlen[g] get the
 * group's value, valid until the next call. Empty, unparsable or unknown values never fail:
 * comparisons on them are false. Allocates nothing once warmed up; CK_ENOMEM otherwise. */
int ck_rules_eval(struct ck_rules *rs, const struct ck_row *row, const char **out, size_t *outlen,
                  struct ck_error *e);

void ck_rules_free(struct ck_rules *rs);

#endif
