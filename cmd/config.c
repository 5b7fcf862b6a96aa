/* config.c — `custkit config`: the settings the commands would use here and now (the profile,
 * the common options given to config itself, the defaults), each with where it comes from.
 * The output is itself a profile: the settings as INI, their sources in comments. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common.h"

static const struct option longopts[] = {
    CLI_COMMON_LONGOPTS,
    {NULL, 0, NULL, 0},
};

struct shown {
    const char *value, *src; /* src NULL: the command line */
};

static void line(const char *key, const char *value, const char *src)
{
    printf("%s = %s\t; %s\n", key, value, src ? src : "command line");
}

/* The [columns] or [orders] mappings: the profile's, then those of the command line (which
 * replace the profile's for their role). */
static void mappings(const char *section, const char *const *cols,
                     const char *const *srcs, size_t n)
{
    printf("\n[%s]\n", section);
    size_t shown = 0;
    for (size_t i = 0; i < n; i++) {
        /* a later mapping of the same role replaces this one */
        size_t rl = strcspn(cols[i], "=");
        int later = 0;
        for (size_t j = i + 1; j < n; j++)
            later |= strncasecmp(cols[j], cols[i], rl) == 0 && cols[j][rl] == '=';
        if (later)
            continue;
        char role[64];
        snprintf(role, sizeof role, "%.*s", (int)(rl < sizeof role ? rl : sizeof role - 1),
                 cols[i]);
        line(role, cols[i] + rl + (cols[i][rl] == '='), srcs[i]);
        shown++;
    }
    if (!shown)
        printf("; none: %s\n", strcmp(section, "columns") == 0
                                   ? "every role from the header's synonyms (custkit(1), ROLES)"
                                   : "every order role from the orders' header");
}

int cmd_config(int argc, char **argv)
{
    struct cli_common c;
    cli_common_init(&c, "config");
    struct shown lang = {NULL, NULL}, asof = {NULL, NULL};
    const char *srcs[CLI_MAX_COLS] = {NULL};
    int opt;
    optind = 1;
    while ((opt = cli_getopt(&c, argc, argv, "ho:q", longopts)) != -1) {
        size_t before = c.ncols;
        const char *src = c.src;
        int h = cli_common_opt(&c, opt, optarg);
        if (h < 0)
            return CLI_STOP_STATUS(h);
        if (!h)
            return cli_usage(c.cmd, "unknown option");
        if (opt == CLI_OPT_LANG)
            lang = (struct shown){optarg, src};
        else if (opt == CLI_OPT_ASOF)
            asof = (struct shown){optarg, src};
        else if (c.ncols > before)
            srcs[c.ncols - 1] = src;
    }
    if (optind < argc)
        return cli_usage(c.cmd, "config takes no file (got '%s')", argv[optind]);
    if (c.output && !freopen(c.output, "w", stdout)) {
        cli_msg(c.cmd, "%s: cannot write", c.output);
        return 4;
    }
    const char *how, *file = ck_profile_file(&how);
    if (file)
        printf("; profile: %s (from %s)\n", file,
               strcmp(how, "--profile") == 0 ? "--profile" : "the environment, CUSTKIT_PROFILE");
    else
        printf("; profile: none (no --profile, CUSTKIT_PROFILE not set)\n");

    printf("\n[common]\n");
    if (lang.value)
        line("lang", lang.value, lang.src);
    else
        printf("; lang: default, from the table's header\n");
    if (asof.value) {
        line("as-of", asof.value, asof.src);
    } else {
        char today[16];
        ck_iso_date_format(ck_today(), today);
        const char *env = getenv("CUSTKIT_TODAY");
        printf("; as-of: default, today (%s%s)\n", today,
               env && *env ? ", from CUSTKIT_TODAY" : "");
    }

    mappings("columns", c.cols, srcs, c.ncols);

    /* [orders]: only clean reads them; config shows the profile's */
    const char *ocols[CLI_MAX_COLS], *osrcs[CLI_MAX_COLS];
    size_t nocols = 0;
    for (size_t i = 0; i < ck_profile_count() && nocols < CLI_MAX_COLS; i++) {
        const struct ck_setting *st = ck_profile_get(i);
        if (strcmp(st->section, "orders") == 0) {
            ocols[nocols] = st->spec;
            osrcs[nocols++] = st->where;
        }
    }
    mappings("orders", ocols, osrcs, nocols);

    const char *section = "";
    for (size_t k = 0; k < ck_profile_nkeys; k++) {
        const struct ck_profile_key *pk = &ck_profile_keys[k];
        if (strcmp(pk->section, "common") == 0)
            continue;
        if (strcmp(section, pk->section) != 0) {
            section = pk->section;
            printf("\n[%s]\n", section);
        }
        const struct ck_setting *st = NULL;
        for (size_t i = 0; i < ck_profile_count() && !st; i++) {
            const struct ck_setting *s = ck_profile_get(i);
            if (strcmp(s->section, pk->section) == 0 && strcmp(s->key, pk->key) == 0)
                st = s;
        }
        if (st)
            line(pk->key, st->value, st->where);
        else
            printf("; %s: default, %s\n", pk->key, pk->deflt);
    }
    if (fflush(stdout) != 0 || ferror(stdout)) {
        cli_msg(c.cmd, "cannot write the output");
        return 4;
    }
    return 0;
}
