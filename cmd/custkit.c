/* custkit.c — the dispatcher: `custkit COMMAND [ARGS]`, like git. One table of commands;
 * each lives in cmd/<name>.c as cmd_<name>(argc, argv). */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io/audit.h"
#include "common.h"

static const struct command {
    const char *name;
    int (*fn)(int, char **);
    const char *summary;
} commands[] = {
    {"import", cmd_import, N_("read CSV, TSV, XLSX, ODS or XLS (any encoding) and write canonical CSV")},
    {"clean", cmd_clean, N_("normalise, validate and deduplicate; roll up orders")},
    {"tag", cmd_tag, N_("add tag columns from a rules file")},
    {"segment", cmd_segment, N_("assign value tiers, RFM, RFM8 or lifecycle segments")},
    {"export", cmd_export, N_("write the Excel report, one sheet per segment")},
    {"config", cmd_config, N_("show the settings in effect (profile, options) and their sources")},
    {"template", cmd_template, N_("write a blank entry workbook to keep customers in")},
};

/* " (did you mean 'clean'?)" for a mistyped command name, else "". */
static const char *did_you_mean(const char *name, int with_rules, char *buf, size_t cap)
{
    const char *names[sizeof commands / sizeof *commands + 3];
    size_t n = 0;
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        names[n++] = commands[i].name;
    if (with_rules) {
        names[n++] = "rules";
        names[n++] = "profile";
    } else {
        names[n++] = "help";
    }
    const char *near = ck_suggest(name, names, n);
    if (!near)
        return "";
    snprintf(buf, cap, _("; did you mean '%s'?"), near);
    return buf;
}

static void usage(FILE *out)
{
    fputs(_("usage: custkit COMMAND [OPTIONS] [FILE...]\n\ncommands:\n"), out);
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        fprintf(out, "  %-8s %s\n", commands[i].name, _(commands[i].summary));
    fprintf(out, "  %-8s %s\n", "help", _("show the manual page of custkit or of a command"));
    fputs(_("\nThe pipeline:\n"), out);
    fputs("  custkit import customers.xlsx | custkit clean --orders orders.csv \\\n"
          "    | custkit tag -r tags.rules | custkit segment --by rfm \\\n"
          "    | custkit export -o report.xlsx\n",
          out);
}

/* Take --audit FILE / --audit=FILE out of a command's arguments. */
static const char *take_audit(int *argc, char **argv)
{
    const char *path = getenv("CUSTKIT_AUDIT");
    int w = 1;
    for (int i = 1; i < *argc; i++) {
        if (strcmp(argv[i], "--") == 0) {
            while (i < *argc)
                argv[w++] = argv[i++];
            break;
        }
        if (strcmp(argv[i], "--audit") == 0 && i + 1 < *argc) {
            path = argv[++i];
            continue;
        }
        if (strncmp(argv[i], "--audit=", 8) == 0) {
            path = argv[i] + 8;
            continue;
        }
        argv[w++] = argv[i];
    }
    argv[w] = NULL;
    *argc = w;
    return path && *path ? path : NULL;
}

/* The exit status a signal ends the run with; 0: die of the signal as usual. */
static volatile sig_atomic_t signal_status;

void cli_signal_exit_status(int status)
{
    signal_status = status;
}

static void on_signal(int sig)
{
    /* leave no temporary output behind, then die of the signal (or exit as asked) */
    ck_tempfiles_cleanup(); // NOLINT(bugprone-signal-handler,cert-sig30-c): only unlink(2)s registered names, and unlink is async-signal-safe
    if (signal_status)
        _exit(signal_status);
    signal(sig, SIG_DFL);
    raise(sig);
}

int main(int argc, char **argv)
{
    cli_i18n_init();
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    const char *name = argv[1];
    if (strcmp(name, "--version") == 0 || strcmp(name, "version") == 0) {
        printf("custkit %s\n", CK_VERSION);
        return 0;
    }
    if (strcmp(name, "-h") == 0 || strcmp(name, "--help") == 0) {
        usage(stdout);
        return 0;
    }
    if (strcmp(name, "help") == 0) {
        if (argc < 3)
            return cli_show_help(NULL);
        for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
            if (strcmp(argv[2], commands[i].name) == 0)
                return cli_show_help(argv[2]);
        if (strcmp(argv[2], "rules") == 0 || strcmp(argv[2], "profile") == 0)
            return cli_show_help(argv[2]);
        char hint[64];
        cli_msg(NULL, "no help for '%s'%s", argv[2], did_you_mean(argv[2], 1, hint, sizeof hint));
        return 2;
    }
    signal(SIGTERM, on_signal);
    signal(SIGINT, on_signal);
    signal(SIGHUP, on_signal);
    /* Over a file size limit (ulimit -f) a write fails with EFBIG instead of killing the
     * process: the writer reports it, removes its temporary file and exits 4. */
    signal(SIGXFSZ, SIG_IGN);
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        if (strcmp(name, commands[i].name) == 0) {
            int cargc = argc - 1;
            char **cargv = argv + 1;
            const char *audit_path = take_audit(&cargc, cargv);
            int status = commands[i].fn(cargc, cargv);
            if (audit_path) {
                /* getopt may have permuted the arguments; the set is the same */
                struct ck_error e;
                int a = ck_audit_append(audit_path, cargc, cargv, status, ck_profile_file(NULL),
                                        &e) == CK_OK ? 0 : cli_fail(cargv[0], &e);
                if (a && !status)
                    status = a;
            }
            return status;
        }
    char hint[64];
    cli_msg(NULL, "'%s' is not a custkit command%s", name, did_you_mean(name, 0, hint, sizeof hint));
    usage(stderr);
    return 2;
}
