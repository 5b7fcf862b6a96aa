/* facts.c — reading the run facts of earlier commands (CUSTKIT_FACTS) for the report:
 * a small JSON reader for the flat lines ck_facts_append writes, last line per command wins. */
#include "report/facts.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"

static const char *const fact_keys[CK_FACT_NUM] = {"read", "written", "merged", "rejected",
                                                   "flagged"};
const char *const ck_fact_cmds[CK_FACT_CMDS] = {"import", "clean", "tag", "segment"};

static void jws(const char **s)
{
    while (**s == ' ' || **s == '\t' || **s == '\r' || **s == '\n')
        (*s)++;
}

/* A JSON string into out (truncated to cap); 0 on success. */
static int jstring(const char **s, char *out, size_t cap)
{
    const char *p = *s;
    size_t o = 0;
    if (*p != '"')
        return -1;
    for (p++; *p && *p != '"'; p++) {
        char tmp[4];
        size_t tl = 1;
        tmp[0] = *p;
        if (*p == '\\') {
            p++;
            static const char esc_in[] = "\"\\/bfnrt", esc_out[] = "\"\\/\b\f\n\r\t";
            const char *q = *p ? strchr(esc_in, *p) : NULL;
            if (q)
                tmp[0] = esc_out[q - esc_in];
            else if (*p == 'u') {
                long cp = 0;
                for (int i = 1; i <= 4; i++) {
                    int c = (unsigned char)p[i], v = c >= '0' && c <= '9'   ? c - '0'
                                                     : c >= 'a' && c <= 'f' ? c - 'a' + 10
                                                     : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                                                            : -1;
                    if (v < 0)
                        return -1;
                    cp = cp * 16 + v;
                }
                p += 4;
                if (cp >= 0xd800 && cp <= 0xdbff && p[1] == '\\' && p[2] == 'u') {
                    long lo = strtol((char[]){p[3], p[4], p[5], p[6], 0}, NULL, 16);
                    if (lo >= 0xdc00 && lo <= 0xdfff) {
                        cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
                        p += 6;
                    }
                }
                tl = ck_utf8_encode(cp, tmp);
            } else
                return -1;
        }
        if (o + tl < cap) {
            memcpy(out + o, tmp, tl);
            o += tl;
        }
    }
    if (*p != '"')
        return -1;
    out[o] = 0;
    *s = p + 1;
    return 0;
}

/* Skip any JSON value; 0 on success. */
static int jskip(const char **s)
{
    char junk[8];
    jws(s);
    if (**s == '"')
        return jstring(s, junk, sizeof junk);
    if (**s == '{' || **s == '[') {
        int depth = 0;
        do {
            if (**s == '"') {
                if (jstring(s, junk, sizeof junk) != 0)
                    return -1;
                continue;
            }
            if (!**s)
                return -1;
            if (**s == '{' || **s == '[')
                depth++;
            else if (**s == '}' || **s == ']')
                depth--;
            (*s)++;
        } while (depth > 0);
        return 0;
    }
    const char *start = *s;
    while (**s && !strchr(",}] \t\r\n", **s))
        (*s)++;
    return *s > start ? 0 : -1;
}

/* One line {"command":"clean","read":300,…,"inputs":["a.csv"]} into facts[]. */
static void parse_fact_line(const char *line, struct ck_fact facts[CK_FACT_CMDS])
{
    struct ck_fact f;
    char key[64], cmd[32] = "";
    const char *s = line;
    memset(&f, 0, sizeof f);
    jws(&s);
    if (*s++ != '{')
        return;
    for (;;) {
        jws(&s);
        if (*s == '}' || jstring(&s, key, sizeof key) != 0)
            break;
        jws(&s);
        if (*s++ != ':')
            return;
        jws(&s);
        int k;
        for (k = 0; k < CK_FACT_NUM && strcmp(key, fact_keys[k]) != 0; k++)
            ;
        if (strcmp(key, "rows") == 0 && !f.has[CK_FACT_READ]) /* import counts "rows" */
            k = CK_FACT_READ;
        if (strcmp(key, "command") == 0) {
            if (jstring(&s, cmd, sizeof cmd) != 0)
                return;
        } else if (strcmp(key, "as_of") == 0) {
            if (jstring(&s, f.as_of, sizeof f.as_of) != 0)
                return;
        } else if (k < CK_FACT_NUM && ((*s >= '0' && *s <= '9') || *s == '-')) {
            char *end;
            f.num[k] = strtod(s, &end);
            f.has[k] = end > s && isfinite(f.num[k]); /* 1e999 is no count (nor INF in XML) */
            s = end;
        } else if (strcmp(key, "inputs") == 0 && *s == '[') {
            s++;
            for (;;) {
                char item[512];
                jws(&s);
                if (*s == ']') {
                    s++;
                    break;
                }
                if (jstring(&s, item, sizeof item) != 0)
                    return;
                size_t l = strlen(f.inputs);
                snprintf(f.inputs + l, sizeof f.inputs - l, "%s%s", l ? "; " : "", item);
                jws(&s);
                if (*s == ',')
                    s++;
            }
        } else if (jskip(&s) != 0)
            return;
        jws(&s);
        if (*s == ',')
            s++;
    }
    for (size_t i = 0; i < CK_FACT_CMDS; i++)
        if (strcmp(cmd, ck_fact_cmds[i]) == 0) {
            f.present = 1;
            facts[i] = f; /* the last line of a command wins: the latest run */
        }
}

void ck_facts_read(const char *path, struct ck_fact facts[CK_FACT_CMDS])
{
    memset(facts, 0, CK_FACT_CMDS * sizeof *facts);
    FILE *fp = path && *path ? fopen(path, "r") : NULL;
    if (!fp)
        return;
    char *line = NULL;
    size_t cap = 0;
    while (getline(&line, &cap, fp) > 0)
        parse_fact_line(line, facts);
    free(line);
    fclose(fp);
}

/* Append the "; "-separated names of more to list, skipping <stdin> and names already there:
 * import names the customer files, clean adds the orders files. */
void ck_facts_add_inputs(char *list, size_t cap, const char *more)
{
    char name[512];
    while (*more) {
        size_t n = strcspn(more, ";");
        snprintf(name, sizeof name, "%.*s", (int)n, more);
        more += n;
        while (*more == ';' || *more == ' ')
            more++;
        if (!name[0] || strcmp(name, "<stdin>") == 0)
            continue;
        int dup = 0;
        for (const char *p = list; (p = strstr(p, name)) != NULL; p++)
            if ((p == list || p[-1] == ' ') && (p[strlen(name)] == ';' || !p[strlen(name)]))
                dup = 1;
        size_t l = strlen(list);
        if (!dup)
            snprintf(list + l, cap - l, "%s%s", l ? "; " : "", name);
    }
}
