/* profile.c — the profile: one INI file (read with inih) that fixes the column mappings and the
 * options of a whole pipeline, so that `export CUSTKIT_PROFILE=FILE` or `--profile FILE` gives
 * every step the same settings. The command line (cmd/common.c) turns them into options. */
#include <errno.h>
#include <ini.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/i18n.h"
#include "app/profile.h"
#include "clean/clean.h"
#include "clean/normalize.h"
enum { CHECK_ANY, CHECK_LANG, CHECK_ASOF, CHECK_DATE_ORDER, CHECK_PATH, CHECK_SEG_BY };

const struct ck_profile_key ck_profile_keys[] = {
    {"common", "lang", NULL, "lang", CHECK_LANG, "from the table's header"},
    {"common", "as-of", NULL, "as-of", CHECK_ASOF, "today"},
    {"import", "encoding", "import", "encoding", CHECK_ANY, "detected"},
    {"clean", "date-order", "clean", "date-order", CHECK_DATE_ORDER,
     "none: 05/01/2024 is an ambiguous date"},
    {"clean", "key", "clean", "key", CHECK_ANY, "phone,email,id"},
    {"clean", "exclude-status", "clean", "exclude-status", CHECK_ANY,
     "refunded, closed and cancelled orders"},
    {"clean", "require", "clean", "require", CHECK_ANY, "none"},
    {"clean", "sum", "clean", "sum", CHECK_ANY, "none: the kept row's values"},
    {"clean", "no-normalize", "clean", "no-normalize", CHECK_ANY, "none"},
    {"tag", "rules", "tag", "rules", CHECK_PATH, "none"},
    {"tag", "builtin", "tag", "builtin", CHECK_ANY, "none"},
    {"segment", "by", "segment", "by", CHECK_SEG_BY, "value"},
    {"export", "by", "export", "by", CHECK_ANY, "the segment column"},
    {"export", "sort", "export", "sort", CHECK_ANY, "the table's order"},
    {"export", "mask", "export", "mask", CHECK_ANY, "none"},
};
const size_t ck_profile_nkeys = sizeof ck_profile_keys / sizeof *ck_profile_keys;

static const char *const sections[] = {"common", "columns", "orders", "import",
                                       "clean",  "tag",     "segment", "export"};
#define NSECTIONS (sizeof sections / sizeof *sections)

#define MAX_SETTINGS 256

/* Everything lives in static storage: read once, used until the process ends, nothing to
 * free. */
static struct {
    int loaded;
    char file[PATH_MAX];
    const char *how;
    struct ck_setting s[MAX_SETTINGS];
    size_t n;
    char arena[64 * 1024];
    size_t used;
} P;

struct parse {
    FILE *f;
    int line;      /* the line the reader returned last */
    int too_long;  /* the first line longer than inih's buffer */
    struct ck_error *e; /* the first failure */
    int failed;
};

static const char *keep(const char *s)
{
    size_t n = strlen(s) + 1;
    if (n > sizeof P.arena - P.used)
        return NULL;
    char *p = P.arena + P.used;
    memcpy(p, s, n);
    P.used += n;
    return p;
}

static void check_section_line(struct parse *ps, const char *line);

/* fgets that counts lines, so the handler knows the line of each setting. */
static char *reader(char *str, int num, void *stream)
{
    struct parse *ps = stream;
    if (!fgets(str, num, ps->f))
        return NULL;
    size_t n = strlen(str);
    ps->line++;
    if ((n == 0 || str[n - 1] != '\n') && !feof(ps->f)) {
        /* longer than the buffer: skip the rest of the line and report it */
        int ch;
        if (!ps->too_long)
            ps->too_long = ps->line;
        while ((ch = fgetc(ps->f)) != EOF && ch != '\n')
            ;
    }
    if (!ps->failed)
        check_section_line(ps, str);
    return str;
}

/* "FILE:LINE: message" (or the message alone for LINE 0) into e as CK_EUSAGE, the message in
 * the user's language; FILE:LINE stays as it is, for editors and scripts to find the line. */
static int profile_err(struct ck_error *e, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int profile_err(struct ck_error *e, int line, const char *fmt, ...)
{
    char msg[384];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, _(fmt), ap);
    va_end(ap);
    if (!e)
        return CK_EUSAGE;
    e->code = CK_EUSAGE;
    int n = line > 0 ? snprintf(e->msg, sizeof e->msg, "%s:%d: %s", P.file, line, msg)
                     : snprintf(e->msg, sizeof e->msg, "%s", msg);
    if (n < 0)
        e->msg[0] = 0;
    return CK_EUSAGE;
}

/* "FILE:LINE: message" into ps->err; returns 0 for the handler to return. */
static int profile_fail(struct parse *ps, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static int profile_fail(struct parse *ps, const char *fmt, ...)
{
    if (ps->failed)
        return 0;
    ps->failed = 1;
    char msg[384];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, _(fmt), ap);
    va_end(ap);
    if (ps->e) {
        ps->e->code = CK_EUSAGE;
        if (snprintf(ps->e->msg, sizeof ps->e->msg, "%s:%d: %s", P.file, ps->line, msg) < 0)
            ps->e->msg[0] = 0;
    }
    return 0;
}

static int check_value(struct parse *ps, const struct ck_profile_key *k, const char *v)
{
    switch (k->check) {
    case CHECK_LANG:
        if (strcasecmp(v, "zh") != 0 && strcasecmp(v, "en") != 0)
            return profile_fail(ps, "%s must be zh or en, not '%s'", k->key, v);
        break;
    case CHECK_DATE_ORDER:
        if (strcasecmp(v, "dmy") != 0 && strcasecmp(v, "mdy") != 0)
            return profile_fail(ps, "%s takes dmy or mdy, not '%s'", k->key, v);
        break;
    case CHECK_SEG_BY: {
        static const char *const models[] = {"value", "rfm", "rfm8", "lifecycle"};
        for (size_t i = 0; i < sizeof models / sizeof *models; i++)
            if (strcasecmp(v, models[i]) == 0)
                return 1;
        return profile_fail(ps, "%s takes value, rfm, rfm8 or lifecycle, not '%s'", k->key,
                            v);
    }
    case CHECK_ASOF: {
        long d;
        struct ck_error e;
        if (ck_asof_resolve(v, &d, &e) != CK_OK)
            return profile_fail(ps, "%s: %s", k->key, e.msg);
        break;
    }
    default:
        break;
    }
    return 1;
}

/* The index of a known section, or NSECTIONS after reporting an unknown one. */
static size_t find_section(struct parse *ps, const char *section)
{
    size_t s = 0;
    while (s < NSECTIONS && strcasecmp(section, sections[s]) != 0)
        s++;
    if (s < NSECTIONS)
        return s;
    const char *near = ck_suggest(section, sections, NSECTIONS);
    if (near)
        profile_fail(ps, "unknown section [%s]; did you mean [%s]?", section, near);
    else
        profile_fail(ps, "unknown section [%s]", section);
    return NSECTIONS;
}

/* A section line is checked as it is read: inih tells the handler only of keys, and an
 * unknown section with no key under it would otherwise pass unnoticed. */
static void check_section_line(struct parse *ps, const char *line)
{
    while (*line == ' ' || *line == '\t')
        line++;
    if (strncmp(line, "\xEF\xBB\xBF", 3) == 0 && ps->line == 1)
        line += 3;
    if (*line != '[')
        return;
    const char *end = strchr(line, ']');
    if (!end)
        return; /* inih reports the line */
    char name[64];
    size_t n = (size_t)(end - line - 1);
    snprintf(name, sizeof name, "%.*s", (int)(n < sizeof name ? n : sizeof name - 1), line + 1);
    /* inih strips the name's spaces */
    char *b = name, *e = name + strlen(name);
    while (*b == ' ' || *b == '\t')
        b++;
    while (e > b && (e[-1] == ' ' || e[-1] == '\t'))
        *--e = 0;
    find_section(ps, b);
}

/* inih calls this for each setting; 0 stops the parse. */
static int handler(void *user, const char *section, const char *name, const char *value)
{
    struct parse *ps = user;
    if (ps->failed)
        return 0;
    if (!section[0])
        return profile_fail(ps, "'%s' is outside any section (start with [columns], [common] ...)",
                            name);
    size_t s = find_section(ps, section);
    if (s == NSECTIONS)
        return 0;
    section = sections[s];
    const char *key = NULL;
    char canon[64];
    if (strcmp(section, "columns") == 0 || strcmp(section, "orders") == 0) {
        int role = ck_role_from_name(name);
        if (role < 0) {
            const char *roles[CK_ROLE_COUNT];
            for (int r = 0; r < CK_ROLE_COUNT; r++)
                roles[r] = ck_role_name(r);
            const char *near = ck_suggest(name, roles, CK_ROLE_COUNT);
            if (near)
                return profile_fail(ps, "unknown key '%s' in [%s]; did you mean '%s'?", name,
                                    section, near);
            return profile_fail(ps, "unknown key '%s' in [%s]", name, section);
        }
        if (!value[0])
            return profile_fail(ps, "%s = needs a header in [%s]", name, section);
        snprintf(canon, sizeof canon, "%s", ck_role_name(role));
        key = canon;
    } else {
        const char *cands[32];
        size_t nc = 0;
        for (size_t i = 0; i < ck_profile_nkeys; i++) {
            if (strcmp(ck_profile_keys[i].section, section) != 0)
                continue;
            cands[nc++] = ck_profile_keys[i].key;
            if (strcasecmp(ck_profile_keys[i].key, name) == 0) {
                key = ck_profile_keys[i].key;
                if (!check_value(ps, &ck_profile_keys[i], value))
                    return 0;
            }
        }
        if (!key) {
            const char *near = ck_suggest(name, cands, nc);
            if (near)
                return profile_fail(ps, "unknown key '%s' in [%s]; did you mean '%s'?", name,
                                    section, near);
            return profile_fail(ps, "unknown key '%s' in [%s]", name, section);
        }
        if (!value[0])
            return profile_fail(ps, "%s = needs a value in [%s]", name, section);
    }
    for (size_t i = 0; i < P.n; i++)
        if (P.s[i].section == section && strcmp(P.s[i].key, key) == 0) {
            return profile_fail(ps, "'%s' in [%s] is already set at line %d", key, section,
                                P.s[i].line);
        }
    if (P.n == MAX_SETTINGS)
        return profile_fail(ps, "more than %d settings", MAX_SETTINGS);
    char path[PATH_MAX + 64];
    if (strcmp(section, "tag") == 0 && strcmp(key, "rules") == 0 && value[0] != '/') {
        /* a file named by the profile is found next to it, wherever the pipeline runs */
        const char *slash = strrchr(P.file, '/');
        if (slash) {
            snprintf(path, sizeof path, "%.*s/%s", (int)(slash - P.file), P.file, value);
            value = path;
        }
    }
    struct ck_setting *st = &P.s[P.n];
    st->section = section;
    st->key = keep(key);
    st->value = keep(value);
    st->line = ps->line;
    char where[PATH_MAX + 32], spec[sizeof path + 64];
    snprintf(where, sizeof where, "%s:%d", P.file, ps->line);
    snprintf(spec, sizeof spec, "%s=%s", key, value);
    st->where = keep(where);
    st->spec = keep(spec);
    if (!st->key || !st->value || !st->where || !st->spec)
        return profile_fail(ps, "the profile is too large");
    P.n++;
    return 1;
}

int ck_profile_load(const char *path, struct ck_error *e)
{
    if (P.loaded)
        return CK_OK;
    P.loaded = 1;
    P.how = "--profile";
    if (!path || !*path) {
        path = getenv("CUSTKIT_PROFILE");
        P.how = "CUSTKIT_PROFILE";
    }
    if (!path || !*path) {
        P.how = NULL;
        return CK_OK;
    }
    snprintf(P.file, sizeof P.file, "%s", path);
    struct parse ps = {0};
    ps.e = e;
    ps.f = fopen(path, "r");
    if (!ps.f)
        return profile_err(e, 0, "profile %s (%s): cannot open: %s", path, P.how, strerror(errno));
    int rc = ini_parse_stream(reader, &ps, handler, &ps);
    int read_error = ferror(ps.f) ? errno : 0;
    fclose(ps.f);
    if (read_error)
        return profile_err(e, 0, "profile %s (%s): cannot read: %s", path, P.how,
                           strerror(read_error));
    if (ps.failed)
        return CK_EUSAGE;
    if (ps.too_long)
        return profile_err(e, ps.too_long, "line too long (at most %d bytes)", INI_MAX_LINE - 2);
    if (rc > 0)
        return profile_err(e, rc, "not a setting (want [section] or key = value)");
    if (rc < 0)
        return profile_err(e, 0, "profile %s: cannot read", P.file);
    return CK_OK;
}

const char *ck_profile_file(const char **how)
{
    if (how)
        *how = P.how;
    return P.how ? P.file : NULL;
}

size_t ck_profile_count(void)
{
    return P.n;
}

const struct ck_setting *ck_profile_get(size_t i)
{
    return i < P.n ? &P.s[i] : NULL;
}

void ck_profile_reset(void)
{
    memset(&P, 0, sizeof P);
}

const char *ck_profile_option(const struct ck_setting *st, const char *cmd)
{
    if (strcmp(st->section, "columns") == 0)
        return "col";
    if (strcmp(st->section, "orders") == 0)
        return "orders-col";
    for (size_t k = 0; k < ck_profile_nkeys; k++) {
        const struct ck_profile_key *pk = &ck_profile_keys[k];
        if (strcmp(pk->section, st->section) == 0 && strcmp(pk->key, st->key) == 0 &&
            (!pk->cmd || strcmp(pk->cmd, cmd) == 0))
            return pk->option;
    }
    return NULL;
}
