/* facts.h — the run facts earlier commands appended to CUSTKIT_FACTS (one JSON line
 * each, see ck_facts_append), as export reads them for the report's facts block. */
#ifndef CK_REPORT_FACTS_H
#define CK_REPORT_FACTS_H

#include <stddef.h>

enum {
    CK_FACT_READ,
    CK_FACT_WRITTEN,
    CK_FACT_MERGED,
    CK_FACT_REJECTED,
    CK_FACT_FLAGGED,
    CK_FACT_NUM
};
/* The commands whose facts are read, in pipeline order: import, clean, tag, segment. */
enum { CK_FACT_CMDS = 4 };
extern const char *const ck_fact_cmds[CK_FACT_CMDS];

/* One command's last facts line. */
struct ck_fact {
    int present;
    int has[CK_FACT_NUM];
    double num[CK_FACT_NUM];
    char as_of[32];
    char inputs[1024];
};

/* The last line of each command in the facts file at path (absent or unreadable: none). */
void ck_facts_read(const char *path, struct ck_fact facts[CK_FACT_CMDS]);
/* Append the "; "-separated names of more to list (cap bytes), skipping <stdin> and names
 * already there. */
void ck_facts_add_inputs(char *list, size_t cap, const char *more);

#endif
