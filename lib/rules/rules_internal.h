/* rules_internal.h — what the parts of the tag rule language share: the typed AST the parser
 * builds and the evaluator walks, run-time values and the arenas behind them. Not a public
 * interface: rules.h is. */
#ifndef CK_RULES_INTERNAL_H
#define CK_RULES_INTERNAL_H

#include <regex.h>
#include <stddef.h>

#include "clean/clean.h"
#include "rules/rules.h"

/* ======================================================================================
 * Shared by the parser (rules/parse.c), the evaluator (rules/eval.c) and the built-in groups
 * (rules/builtin.c): static types, run-time values, arenas, the AST
 * ====================================================================================== */

/* Static types, known at load time. TY_ANY is a column whose role says nothing about its
 * type: it takes the type of what it is compared with. */
enum type { TY_BOOL, TY_NUM, TY_STR, TY_DATE, TY_ANY };

/* Run-time values. V_MISSING is an empty cell, an unparsable value or an unknown province:
 * every comparison involving it is false. Strings are always NUL-terminated at s[len]. */
enum vtype { V_MISSING, V_NUM, V_STR, V_DATE };
struct val {
    int t;
    double num;
    long days;
    const char *s;
    size_t len;
};

/* Bump allocator of large chunks; reset keeps the chunks, so steady state allocates nothing. */
struct chunk {
    struct chunk *next;
    size_t cap, used;
    char data[];
};
struct arena {
    struct chunk *head, *cur;
};

enum op { N_LIT, N_COL, N_CALL, N_CMP, N_AND, N_OR, N_NOT, N_TEXT, N_MATCH, N_IN, N_EMPTY };
enum cmp { C_EQ, C_NE, C_LT, C_LE, C_GT, C_GE };
enum textop { X_CONTAINS, X_STARTS, X_ENDS };
enum func { F_DAYS_SINCE, F_YEAR, F_MONTH, F_AGE, F_LEN, F_REGION, F_CITY_TIER, F_LOWER, F_NUMBER };

/* One AST node. Children are indices into the rule set's node array; lists (the operands of
 * and/or, the values of in) are ranges of kids[] or lits[]. */
struct node {
    unsigned char op, type, want, sub; /* want: how a column is read (TY_STR/NUM/DATE) */
    unsigned char neg;                 /* `not in`, `is not empty` */
    int a, b;                          /* operands; for lists a = first, b = count */
    int col;                           /* N_COL: column; N_CALL: function; N_MATCH: regex */
    size_t off, end;                   /* source span, for messages */
    struct val v;                      /* N_LIT: the value; N_CALL: this row's result */
    unsigned long gen;                 /* N_CALL: row the cached result belongs to */
};

struct rule {
    const char *tag;
    size_t taglen;
    int expr;
    int line;
};

struct group {
    const char *name;
    const char *file;
    int line, multi;
    struct rule *rules;
    size_t n, cap;
    long *hits; /* n + 1: the last counts rows without a tag */
    char *buf;  /* multi groups: the joined tags */
};

/* Per-row parse cache of a column read as a number or a date. */
struct colcache {
    unsigned long gen_num, gen_date;
    int ok_num, ok_date;
    double num;
    long days;
};

/* region() and city_tier() of a recent text: a table holds a few hundred places, repeated on
 * every row, and the reference data's lookup (normalise, search, split an address) costs far
 * more than remembering. Direct-mapped by a hash of the function and the text. */
#define PLACE_MEMO 512
struct place_memo {
    unsigned char used, fn, len;
    char key[45];     /* texts this long or longer are not remembered */
    const char *val;  /* reference data's own string, or NULL */
};

struct pb_entry {
    const char *segment, *text;
    int line;
};

struct ck_rules {
    struct ck_rules_ctx ctx;
    size_t ncols;
    struct node *nodes;
    size_t nnodes, capnodes;
    int *kids;
    size_t nkids, capkids;
    struct val *lits;
    size_t nlits, caplits;
    regex_t **res;
    size_t nres, capres;
    struct group *groups;
    size_t ngroups, capgroups;
    struct pb_entry *pb; /* playbook statements: texts for segments, read by segment */
    size_t npb, cappb;
    struct colcache *cache;
    struct place_memo *memo; /* PLACE_MEMO entries */
    struct arena keep;    /* names, tags and literals: lives as long as the rules */
    struct arena scratch; /* per-row strings (lower(), trimmed cells): reset every row */
    const struct ck_row *row;
    unsigned long gen;
    int oom;
};

char *rules_arena_alloc(struct arena *a, size_t n);
/* Forget every allocation but keep the chunks: steady state allocates nothing. */
void rules_arena_reset(struct arena *a);
void rules_arena_free(struct arena *a);
/* Number of code points in s (invalid bytes count one each). */
size_t rules_utf8_chars(const char *s, size_t len);

#endif
