/* common.h — what every custkit subcommand shares: messages, the common options, help.
 * Only cmd/ prints and chooses exit statuses; lib/ returns codes (see lib/custkit.h). */
#ifndef CLI_CMD_COMMON_H
#define CLI_CMD_COMMON_H

#include <getopt.h>
#include <stdio.h>

#include "custkit.h"
#include "base/i18n.h"
#include "app/profile.h"
#include "io/strbuf.h"

#define CLI_MAX_COLS 64

/* Options every command takes (SPEC §10). */
struct cli_common {
    const char *cmd;    /* "import" */
    const char *output; /* -o FILE; NULL = stdout */
    int quiet;          /* -q */
    int lang;           /* --lang: -1 = from the table's header */
    const char *cols[CLI_MAX_COLS]; /* --col ROLE=HEADER */
    size_t ncols;
    const char *as_of;  /* --as-of, NULL when not given */
    char bad[192];      /* what was wrong with the option cli_getopt returned '?' for */
    /* The profile (--profile FILE or CUSTKIT_PROFILE): cli_getopt returns its settings as
     * options before the command line's, leaving out those the command line gives. */
    int started;        /* cli_getopt has looked at the command line and loaded the profile */
    struct cli_queued {
        int opt;
        const char *arg;
        const char *src; /* "FILE:LINE" */
    } queue[CLI_MAX_COLS * 2];
    size_t nqueue, iqueue;
    const char *src;    /* where the option cli_getopt returned last comes from; NULL: argv */
    char perr[512];     /* the profile's error, for CLI_OPT_PROFILE_ERR */
};

/* Long-option ids for the common options; commands start their own at CLI_OPT_FIRST. */
enum {
    CLI_OPT_LANG = 1000,
    CLI_OPT_COL,
    CLI_OPT_ASOF,
    CLI_OPT_VERSION,
    CLI_OPT_PROFILE,
    CLI_OPT_PROFILE_ERR, /* cli_getopt: the profile cannot be used (message in perr) */
    CLI_OPT_FIRST = 1100
};

#define CLI_COMMON_LONGOPTS                                                                 \
    {"help", no_argument, NULL, 'h'}, {"output", required_argument, NULL, 'o'},            \
        {"quiet", no_argument, NULL, 'q'}, {"lang", required_argument, NULL, CLI_OPT_LANG}, \
        {"col", required_argument, NULL, CLI_OPT_COL},                                      \
        {"as-of", required_argument, NULL, CLI_OPT_ASOF},                                   \
        {"profile", required_argument, NULL, CLI_OPT_PROFILE},                              \
        {"version", no_argument, NULL, CLI_OPT_VERSION}

void cli_common_init(struct cli_common *c, const char *cmd);
/* getopt_long, but without getopt's own messages: for an unknown option, a missing value or a
 * value given to an option that takes none it returns '?' with the message in c->bad (naming
 * the option, and the nearest long option when one is close), which cli_common_opt prints. */
int cli_getopt(struct cli_common *c, int argc, char **argv, const char *shortopts,
              const struct option *longopts);
/* Handle a common option returned by getopt_long. Returns 1 when handled, 0 when the option
 * is not a common one, or a negative value when the command should stop now (help, version,
 * bad value) with exit status CLI_STOP_STATUS(value). */
int cli_common_opt(struct cli_common *c, int opt, const char *arg);
#define CLI_STOP(status) (-(status)-1)
#define CLI_STOP_STATUS(r) (-(r)-1)

/* Messages in the user's language: setlocale for LC_MESSAGES only, and the catalog found
 * (CUSTKIT_LOCALEDIR, next to the binary, or the installed one). Called first in main. */
void cli_i18n_init(void);
/* "custkit CMD: message" on stderr; fmt is translated (the prefix is not). */
void cli_msg(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Print e and return the exit status for it. */
int cli_fail(const char *cmd, const struct ck_error *e);
/* The password of --password-file FILE (file), else of $CUSTKIT_PASSWORD_FILE; *pw stays NULL
 * when neither is given. 0, or the exit status 2 after a message (unreadable or empty file).
 * Free *pw with ck_password_free. */
int cli_password_load(const char *cmd, const char *file, char **pw);
/* Usage error: message (translated, as for cli_msg), hint to --help, returns 2. */
int cli_usage(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* After SIGTERM, SIGINT or SIGHUP (whose handler removes the temporary files registered with
 * ck_tempfile_register), exit with status instead of dying of the signal; 0 undoes it. */
void cli_signal_exit_status(int status);
/* Show man page custkit-PAGE (or custkit when page is NULL); returns an exit status. */
int cli_show_help(const char *page);

/* Resolve the table language: --lang when given, else from the header. */
int cli_common_lang(const struct cli_common *c, const struct ck_row *header);

/* Progress on stderr, only when stderr is a terminal and the run is long. */
struct cli_progress {
    const char *cmd; /* "clean": the line names its command, as pipelines run several */
    int on;
    long rows;
    double start, last;
};
void cli_progress_start(struct cli_progress *p, const struct cli_common *c);
void cli_progress_tick(struct cli_progress *p, long rows);
void cli_progress_end(struct cli_progress *p);

/* Subcommands. */
int cmd_import(int argc, char **argv);
int cmd_clean(int argc, char **argv);
int cmd_tag(int argc, char **argv);
int cmd_segment(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_config(int argc, char **argv);
int cmd_template(int argc, char **argv);

#endif
