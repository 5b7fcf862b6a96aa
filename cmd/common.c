/* common.c — the shared side of every subcommand: common options, messages, help pages,
 * progress. Kept here so that every command behaves alike (SPEC §10). */
#include "common.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

void ck_common_init(struct ck_common *c, const char *cmd)
{
    memset(c, 0, sizeof *c);
    c->cmd = cmd;
    c->lang = -1;
}

void ck_msg(const char *cmd, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (cmd)
        fprintf(stderr, "custkit %s: %s\n", cmd, buf);
    else
        fprintf(stderr, "custkit: %s\n", buf);
}

int ck_fail(const char *cmd, const struct ck_error *e)
{
    ck_msg(cmd, "%s", e->msg[0] ? e->msg : "failed");
    return ck_exit_status(e->code);
}

int ck_usage(const char *cmd, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    fprintf(stderr, "custkit %s: %s\n", cmd, buf);
    fprintf(stderr, "Try 'custkit %s --help'.\n", cmd);
    return 2;
}

/* The message for the option getopt_long just refused (opterr 0): optopt is the option's value
 * when it was known (a value missing or unwanted), 0 for an unknown long option. */
static void explain_bad_option(struct ck_common *c, int argc, char **argv, const char *shortopts,
                               const struct option *longopts)
{
    const char *arg = optind > 1 && optind - 1 < argc ? argv[optind - 1] : "";
    int is_long = strncmp(arg, "--", 2) == 0 && arg[2];
    if (!is_long) {
        const char *known = optopt ? strchr(shortopts, optopt) : NULL;
        if (known && known[1] == ':')
            snprintf(c->bad, sizeof c->bad, "'-%c' needs a value", optopt);
        else
            snprintf(c->bad, sizeof c->bad, "unknown option '-%c'", optopt ? optopt : '?');
        return;
    }
    char name[96];
    size_t n = strcspn(arg, "=");
    snprintf(name, sizeof name, "%.*s", (int)(n < sizeof name ? n : sizeof name - 1), arg);
    if (optopt) {
        snprintf(c->bad, sizeof c->bad, strchr(arg, '=') ? "'%s' takes no value"
                                                         : "'%s' needs a value", name);
        return;
    }
    /* unknown, or a prefix of several (--no for --no-dedup and --no-normalize) */
    const char *cands[64];
    char full[64][48];
    size_t nc = 0, nprefix = 0;
    char list[96] = "";
    for (const struct option *o = longopts; o->name && nc < 64; o++, nc++) {
        snprintf(full[nc], sizeof full[nc], "--%s", o->name);
        cands[nc] = full[nc];
        if (strncmp(full[nc], name, strlen(name)) == 0) {
            size_t l = strlen(list);
            snprintf(list + l, sizeof list - l, "%s%.47s", nprefix++ ? ", " : "", full[nc]);
        }
    }
    if (nprefix > 1) {
        snprintf(c->bad, sizeof c->bad, "'%s' is ambiguous: %s", name, list);
        return;
    }
    const char *near = ck_suggest(name, cands, nc);
    if (near)
        snprintf(c->bad, sizeof c->bad, "unknown option '%s'; did you mean '%s'?", name, near);
    else
        snprintf(c->bad, sizeof c->bad, "unknown option '%s'", name);
}

int ck_getopt(struct ck_common *c, int argc, char **argv, const char *shortopts,
              const struct option *longopts)
{
    opterr = 0;
    c->bad[0] = 0;
    int opt = getopt_long(argc, argv, shortopts, longopts, NULL);
    if (opt == '?')
        explain_bad_option(c, argc, argv, shortopts, longopts);
    return opt;
}

int ck_common_opt(struct ck_common *c, int opt, const char *arg)
{
    switch (opt) {
    case 'h':
        return CK_STOP(ck_show_help(c->cmd));
    case CK_OPT_VERSION:
        printf("custkit %s\n", CK_VERSION);
        return CK_STOP(0);
    case 'o':
        c->output = strcmp(arg, "-") == 0 ? NULL : arg;
        return 1;
    case 'q':
        c->quiet = 1;
        return 1;
    case CK_OPT_LANG:
        if (strcasecmp(arg, "zh") == 0)
            c->lang = CK_LANG_ZH;
        else if (strcasecmp(arg, "en") == 0)
            c->lang = CK_LANG_EN;
        else
            return CK_STOP(ck_usage(c->cmd, "--lang must be zh or en, not '%s'", arg));
        return 1;
    case CK_OPT_COL:
        if (!strchr(arg, '='))
            return CK_STOP(ck_usage(c->cmd, "--col takes ROLE=HEADER, not '%s'", arg));
        if (c->ncols == CK_MAX_COLS)
            return CK_STOP(ck_usage(c->cmd, "too many --col options"));
        c->cols[c->ncols++] = arg;
        return 1;
    case CK_OPT_ASOF: {
        long d;
        struct ck_error e;
        if (ck_asof_resolve(arg, &d, &e) != CK_OK)
            return CK_STOP(ck_usage(c->cmd, "%s", e.msg));
        c->as_of = arg;
        return 1;
    }
    case '?':
        return CK_STOP(ck_usage(c->cmd, "%s", c->bad[0] ? c->bad : "unknown or incomplete option"));
    default:
        return 0;
    }
}

int ck_common_lang(const struct ck_common *c, const struct ck_row *header)
{
    return c->lang >= 0 ? c->lang : ck_table_lang(header);
}

/* Whether the messages are Chinese, as custkit chooses their language: LANGUAGE when it is set
 * (also in the C locale, where custkit still takes the language from it), its first entry that
 * is English or Chinese deciding; else the first set of LC_ALL, LC_MESSAGES, LANG. */
static int messages_zh(void)
{
    const char *p = getenv("LANGUAGE");
    while (p && *p) {
        if (strncmp(p, "zh", 2) == 0)
            return 1;
        if (strncmp(p, "en", 2) == 0 || *p == 'C')
            return 0;
        p += strcspn(p, ":"); /* the next entry of the list */
        if (*p == ':')
            p++;
    }
    const char *names[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        const char *v = getenv(names[i]);
        if (v && *v)
            return strncmp(v, "zh", 2) == 0;
    }
    return 0;
}

/* PAGE in the directory DIR, or in DIR/zh_CN/ when ZH and that one exists. SEC is NULL for a
 * directory holding the pages themselves (man/ of the source tree), else the section's
 * subdirectory of a man hierarchy (man1, man5), under zh_CN/ for the Chinese page. */
static int try_page(const char *dir, const char *sec, const char *name, int zh, char *out,
                    size_t cap)
{
    struct stat st;
    const char *s = sec ? sec : "";
    const char *slash = sec ? "/" : "";
    if (zh && snprintf(out, cap, "%s/zh_CN/%s%s%s", dir, s, slash, name) < (int)cap &&
        stat(out, &st) == 0)
        return 0;
    if (snprintf(out, cap, "%s/%s%s%s", dir, s, slash, name) < (int)cap && stat(out, &st) == 0)
        return 0;
    return -1;
}

/* Find the page: $CUSTKIT_MANDIR, the source tree next to the binary (build/custkit →
 * man/), then the installed man directory. In each place the Chinese page (zh_CN/) comes
 * first when the messages are Chinese; the English one is the fallback. */
static int find_page(const char *name, char *out, size_t cap)
{
    char exe[PATH_MAX], dir[PATH_MAX];
    const char *env = getenv("CUSTKIT_MANDIR");
    const char *sec = strstr(name, ".5") ? "man5" : "man1";
    int zh = messages_zh();
    if (env && try_page(env, NULL, name, zh, out, cap) == 0)
        return 0;
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = 0;
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = 0;
            const char *rel[] = {"/../man", "/man", "/../share/man"};
            for (size_t i = 0; i < sizeof rel / sizeof *rel; i++) {
                if (snprintf(dir, sizeof dir, "%s%s", exe, rel[i]) < (int)sizeof dir &&
                    try_page(dir, i < 2 ? NULL : sec, name, zh, out, cap) == 0)
                    return 0;
            }
        }
    }
    return try_page(CK_MANDIR, sec, name, zh, out, cap);
}

int ck_show_help(const char *page)
{
    char name[128], path[PATH_MAX];
    if (!page)
        snprintf(name, sizeof name, "custkit.1");
    else if (strcmp(page, "rules") == 0)
        snprintf(name, sizeof name, "custkit-rules.5");
    else
        snprintf(name, sizeof name, "custkit-%s.1", page);
    if (find_page(name, path, sizeof path) != 0) {
        ck_msg(NULL, "no manual page %s (set CUSTKIT_MANDIR to the man/ directory)", name);
        return 2;
    }
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        execlp("man", "man", "-l", path, (char *)NULL);
        execlp("mandoc", "mandoc", "-a", path, (char *)NULL);
        /* No formatter at all: show the source rather than nothing. */
        execlp("cat", "cat", path, (char *)NULL);
        _exit(127);
    }
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) < 0)
        return 4;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 4;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void ck_progress_start(struct ck_progress *p, const struct ck_common *c)
{
    memset(p, 0, sizeof *p);
    p->cmd = c->cmd;
    p->on = !c->quiet && isatty(2);
    p->start = p->last = now_seconds();
}

void ck_progress_tick(struct ck_progress *p, long rows)
{
    p->rows = rows;
    if (!p->on || (rows & 0x3fff))
        return;
    double t = now_seconds();
    if (t - p->last < 0.5 || t - p->start < 1.0)
        return;
    p->last = t;
    fprintf(stderr, "\rcustkit %s: %ld rows, %.0f rows/s ", p->cmd, rows,
            (double)rows / (t - p->start));
}

void ck_progress_end(struct ck_progress *p)
{
    if (p->on && p->last > p->start)
        fprintf(stderr, "\r\033[K");
}

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
