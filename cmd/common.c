/* common.c — the shared side of every subcommand: common options, messages, help pages,
 * progress. Kept here so that every command behaves alike (SPEC §10). */
#include "common.h"

#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Where the option being handled comes from, for cli_usage: "FILE:LINE" or NULL (argv). */
static const char *current_src;
/* The profile's mappings given to this command, for messages about them. */
#define MAX_QUEUED_MAPS (2 * (size_t)CLI_MAX_COLS)
static const struct ck_setting *queued_maps[MAX_QUEUED_MAPS];
static size_t nqueued_maps;

/* After a message that starts "--col ROLE:" or "--orders-col ROLE:" about a mapping the profile
 * gave, say which line of the profile that is. */
static void profile_note(const char *cmd, const char *msg)
{
    const char *section = strncmp(msg, "--col ", 6) == 0          ? "columns"
                          : strncmp(msg, "--orders-col ", 13) == 0 ? "orders"
                                                                   : NULL;
    if (!section)
        return;
    const char *role = strchr(msg, ' ') + 1;
    size_t n = strcspn(role, ":");
    for (size_t i = 0; i < nqueued_maps; i++) {
        const struct ck_setting *st = queued_maps[i];
        if (strcmp(st->section, section) == 0 && strlen(st->key) == n &&
            strncmp(st->key, role, n) == 0) {
            fprintf(stderr, _("custkit %s: (the mapping comes from the profile, %s)\n"), cmd,
                    st->where);
            return;
        }
    }
}

void cli_common_init(struct cli_common *c, const char *cmd)
{
    memset(c, 0, sizeof *c);
    c->cmd = cmd;
    c->lang = -1;
}

/* The catalogs: $CUSTKIT_LOCALEDIR, next to the binary (build/locale after make), the install
 * tree around it (bin/../share/locale), then the directory chosen at build time. */
static void bind_catalog(void)
{
    const char *env = getenv("CUSTKIT_LOCALEDIR");
    char exe[PATH_MAX], dir[PATH_MAX + 32];
    struct stat st;
    if (env && *env) {
        bindtextdomain(CK_TEXTDOMAIN, env);
        return;
    }
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    char *slash = n > 0 ? (exe[n] = 0, strrchr(exe, '/')) : NULL;
    if (slash) {
        *slash = 0;
        const char *rel[] = {"/locale", "/../share/locale"};
        for (size_t i = 0; i < sizeof rel / sizeof *rel; i++) {
            if (snprintf(dir, sizeof dir, "%s%s", exe, rel[i]) < (int)sizeof dir &&
                stat(dir, &st) == 0 && S_ISDIR(st.st_mode)) {
                bindtextdomain(CK_TEXTDOMAIN, dir);
                return;
            }
        }
    }
    bindtextdomain(CK_TEXTDOMAIN, CK_LOCALEDIR);
}

/* The first of LC_ALL, LC_MESSAGES, LANG that is set and not empty, as setlocale reads them. */
static const char *asked_locale(void)
{
    const char *vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
    for (size_t i = 0; i < sizeof vars / sizeof *vars; i++) {
        const char *v = getenv(vars[i]);
        if (v && *v)
            return v;
    }
    return NULL;
}

static int is_c_locale(const char *l)
{
    return !l || strcmp(l, "C") == 0 || strcmp(l, "POSIX") == 0;
}

void cli_i18n_init(void)
{
    /* Only the language of messages follows the environment: numbers are parsed and printed
     * the same whatever the locale (LC_NUMERIC and the rest stay "C"). */
    setlocale(LC_ALL, "C");
    const char *got = setlocale(LC_MESSAGES, "");
    const char *asked = asked_locale();
    const char *language = getenv("LANGUAGE");
    if (is_c_locale(got)) {
        /* gettext ignores LANGUAGE while LC_MESSAGES is plain C, and LANG=zh_CN.UTF-8 gives C
         * where that locale is not generated (a minimal Debian has none): messages need no
         * locale data, so take C.UTF-8 and name the language through LANGUAGE. */
        int want = (language && *language) ||
                   (!is_c_locale(asked) && strncmp(asked, "C.", 2) != 0);
        if (want && setlocale(LC_MESSAGES, "C.UTF-8")) {
            if (!(language && *language))
                setenv("LANGUAGE", asked, 1);
        }
    }
    bind_catalog();
    /* The catalog's UTF-8 as it is, whatever LC_CTYPE (kept "C") says; so for the system's
     * own messages (strerror) too. custkit reads and writes UTF-8 throughout. */
    bind_textdomain_codeset(CK_TEXTDOMAIN, "UTF-8");
    bind_textdomain_codeset("libc", "UTF-8");
    textdomain(CK_TEXTDOMAIN);
}

void cli_msg(const char *cmd, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, _(fmt), ap);
    va_end(ap);
    if (cmd)
        fprintf(stderr, "custkit %s: %s\n", cmd, buf);
    else
        fprintf(stderr, "custkit: %s\n", buf);
}

int cli_fail(const char *cmd, const struct ck_error *e)
{
    cli_msg(cmd, "%s", e->msg[0] ? e->msg : _("failed"));
    profile_note(cmd ? cmd : "", e->msg);
    return ck_exit_status(e->code);
}

int cli_password_load(const char *cmd, const char *file, char **pw)
{
    *pw = NULL;
    if (!file || !*file)
        file = getenv("CUSTKIT_PASSWORD_FILE");
    if (!file || !*file)
        return 0;
    struct ck_error e = {0};
    return ck_password_read(file, pw, &e) == CK_OK ? 0 : cli_fail(cmd, &e);
}

int cli_usage(const char *cmd, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, _(fmt), ap);
    va_end(ap);
    fprintf(stderr, "custkit %s: %s\n", cmd, buf);
    profile_note(cmd, buf);
    if (current_src)
        fprintf(stderr, _("custkit %s: (the value comes from the profile, %s)\n"), cmd, current_src);
    fprintf(stderr, _("Try 'custkit %s --help'.\n"), cmd);
    return 2;
}

/* The message for the option getopt_long just refused (opterr 0): optopt is the option's value
 * when it was known (a value missing or unwanted), 0 for an unknown long option. */
static void explain_bad_option(struct cli_common *c, int argc, char **argv, const char *shortopts,
                               const struct option *longopts)
{
    const char *arg = optind > 1 && optind - 1 < argc ? argv[optind - 1] : "";
    int is_long = strncmp(arg, "--", 2) == 0 && arg[2];
    if (!is_long) {
        const char *known = optopt ? strchr(shortopts, optopt) : NULL;
        if (known && known[1] == ':')
            snprintf(c->bad, sizeof c->bad, _("'-%c' needs a value"), optopt);
        else
            snprintf(c->bad, sizeof c->bad, _("unknown option '-%c'"), optopt ? optopt : '?');
        return;
    }
    char name[96];
    size_t n = strcspn(arg, "=");
    snprintf(name, sizeof name, "%.*s", (int)(n < sizeof name ? n : sizeof name - 1), arg);
    if (optopt) {
        snprintf(c->bad, sizeof c->bad, strchr(arg, '=') ? _("'%s' takes no value")
                                                         : _("'%s' needs a value"), name);
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
        snprintf(c->bad, sizeof c->bad, _("'%s' is ambiguous: %s"), name, list);
        return;
    }
    const char *near = ck_suggest(name, cands, nc);
    if (near)
        snprintf(c->bad, sizeof c->bad, _("unknown option '%s'; did you mean '%s'?"), name, near);
    else
        snprintf(c->bad, sizeof c->bad, _("unknown option '%s'"), name);
}

/* The role of "ROLE=HEADER" equals role (case aside). */
static int same_role(const char *spec, const char *role)
{
    size_t n = strcspn(spec, "=");
    return strlen(role) == n && strncasecmp(spec, role, n) == 0;
}

/* Before the first option: read the whole command line once to find --profile and what it
 * gives, load the profile, and queue its settings that apply to this command and that the
 * command line does not give (a --col ROLE=… on the command line replaces the profile's
 * mapping of that role only). */
static int start(struct cli_common *c, int argc, char **argv, const char *shortopts,
                 const struct option *longopts)
{
    size_t nlong = 0;
    while (longopts[nlong].name)
        nlong++;
    char given[256] = {0};
    const char *cols[CLI_MAX_COLS], *ocols[CLI_MAX_COLS], *profile = NULL;
    size_t ncols = 0, nocols = 0;
    int opt, idx, help = 0;
    opterr = 0;
    optind = 1;
    while ((idx = -1, opt = getopt_long(argc, argv, shortopts, longopts, &idx)) != -1) {
        if (opt == '?')
            continue;
        for (size_t i = 0; i < nlong && i < sizeof given; i++)
            if (longopts[i].val == opt)
                given[i] = 1;
        help |= opt == 'h' || opt == CLI_OPT_VERSION;
        if (opt == CLI_OPT_PROFILE)
            profile = optarg;
        else if (opt == CLI_OPT_COL && ncols < CLI_MAX_COLS)
            cols[ncols++] = optarg;
        else if (idx >= 0 && strcmp(longopts[idx].name, "orders-col") == 0 && nocols < CLI_MAX_COLS)
            ocols[nocols++] = optarg;
    }
    optind = 1;
    struct ck_error e;
    if (ck_profile_load(profile, &e) != CK_OK) {
        snprintf(c->perr, sizeof c->perr, "%s", e.msg);
        return help ? 0 : -1; /* a broken profile does not keep the manual from being read */
    }
    for (size_t i = 0; i < ck_profile_count(); i++) {
        const struct ck_setting *st = ck_profile_get(i);
        const char *name = ck_profile_option(st, c->cmd);
        const char *const *over = NULL;
        size_t nover = 0;
        if (strcmp(st->section, "columns") == 0) {
            over = cols;
            nover = ncols;
        } else if (strcmp(st->section, "orders") == 0) {
            over = ocols;
            nover = nocols;
        }
        size_t o = 0;
        while (name && o < nlong && strcmp(longopts[o].name, name) != 0)
            o++;
        if (!name || o == nlong || (o < sizeof given && given[o] && !over))
            continue; /* not this command's, or the command line says otherwise */
        int overridden = 0;
        for (size_t j = 0; j < nover; j++)
            overridden |= same_role(over[j], st->key);
        if (overridden || c->nqueue == sizeof c->queue / sizeof *c->queue)
            continue;
        struct cli_queued *q = &c->queue[c->nqueue++];
        q->opt = longopts[o].val;
        q->src = st->where;
        q->arg = over ? st->spec : st->value;
        if (over && nqueued_maps < MAX_QUEUED_MAPS)
            queued_maps[nqueued_maps++] = st;
    }
    return 0;
}

int cli_getopt(struct cli_common *c, int argc, char **argv, const char *shortopts,
              const struct option *longopts)
{
    opterr = 0;
    c->bad[0] = 0;
    if (!c->started) {
        c->started = 1;
        if (start(c, argc, argv, shortopts, longopts) != 0) {
            current_src = c->src = NULL;
            return CLI_OPT_PROFILE_ERR;
        }
    }
    if (c->iqueue < c->nqueue) {
        const struct cli_queued *q = &c->queue[c->iqueue++];
        optarg = (char *)q->arg; // NOLINT: getopt's optarg is char *; nothing writes through it
        current_src = c->src = q->src;
        return q->opt;
    }
    current_src = c->src = NULL;
    int opt = getopt_long(argc, argv, shortopts, longopts, NULL);
    if (opt == '?')
        explain_bad_option(c, argc, argv, shortopts, longopts);
    return opt;
}

int cli_common_opt(struct cli_common *c, int opt, const char *arg)
{
    switch (opt) {
    case 'h':
        return CLI_STOP(cli_show_help(c->cmd));
    case CLI_OPT_VERSION:
        printf("custkit %s\n", CK_VERSION);
        return CLI_STOP(0);
    case CLI_OPT_PROFILE: /* read by cli_getopt before the first option */
        return 1;
    case CLI_OPT_PROFILE_ERR:
        cli_msg(c->cmd, "%s", c->perr);
        return CLI_STOP(2);
    case 'o':
        c->output = strcmp(arg, "-") == 0 ? NULL : arg;
        return 1;
    case 'q':
        c->quiet = 1;
        return 1;
    case CLI_OPT_LANG:
        if (strcasecmp(arg, "zh") == 0)
            c->lang = CK_LANG_ZH;
        else if (strcasecmp(arg, "en") == 0)
            c->lang = CK_LANG_EN;
        else
            return CLI_STOP(cli_usage(c->cmd, "--lang must be zh or en, not '%s'", arg));
        return 1;
    case CLI_OPT_COL:
        if (!strchr(arg, '='))
            return CLI_STOP(cli_usage(c->cmd, "--col takes ROLE=HEADER, not '%s'", arg));
        if (c->ncols == CLI_MAX_COLS)
            return CLI_STOP(cli_usage(c->cmd, "too many --col options"));
        c->cols[c->ncols++] = arg;
        return 1;
    case CLI_OPT_ASOF: {
        long d;
        struct ck_error e;
        if (ck_asof_resolve(arg, &d, &e) != CK_OK)
            return CLI_STOP(cli_usage(c->cmd, "%s", e.msg));
        c->as_of = arg;
        return 1;
    }
    case '?':
        return CLI_STOP(
            cli_usage(c->cmd, "%s", c->bad[0] ? c->bad : _("unknown or incomplete option")));
    default:
        return 0;
    }
}

int cli_common_lang(const struct cli_common *c, const struct ck_row *header)
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

int cli_show_help(const char *page)
{
    char name[128], path[PATH_MAX];
    if (!page)
        snprintf(name, sizeof name, "custkit.1");
    else if (strcmp(page, "rules") == 0 || strcmp(page, "profile") == 0)
        snprintf(name, sizeof name, "custkit-%s.5", page);
    else
        snprintf(name, sizeof name, "custkit-%s.1", page);
    if (find_page(name, path, sizeof path) != 0) {
        cli_msg(NULL, "no manual page %s (set CUSTKIT_MANDIR to the man/ directory)", name);
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

void cli_progress_start(struct cli_progress *p, const struct cli_common *c)
{
    memset(p, 0, sizeof *p);
    p->cmd = c->cmd;
    p->on = !c->quiet && isatty(2);
    p->start = p->last = now_seconds();
}

void cli_progress_tick(struct cli_progress *p, long rows)
{
    p->rows = rows;
    if (!p->on || (rows & 0x3fff))
        return;
    double t = now_seconds();
    if (t - p->last < 0.5 || t - p->start < 1.0)
        return;
    p->last = t;
    fprintf(stderr, "\rcustkit %s: ", p->cmd);
    fprintf(stderr, _("%ld rows, %.0f rows/s "), rows, (double)rows / (t - p->start));
}

void cli_progress_end(struct cli_progress *p)
{
    if (p->on && p->last > p->start)
        fprintf(stderr, "\r\033[K");
}
