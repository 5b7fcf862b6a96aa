/* common.h — what every custkit subcommand shares: messages, the common options, help.
 * Only cmd/ prints and chooses exit statuses; lib/ returns codes (see lib/custkit.h). */
#ifndef CK_CMD_COMMON_H
#define CK_CMD_COMMON_H

#include <getopt.h>
#include <stdio.h>

#include "custkit.h"
#include "base/i18n.h"

#define CK_MAX_COLS 64

/* Options every command takes (SPEC §10). */
struct ck_common {
    const char *cmd;    /* "import" */
    const char *output; /* -o FILE; NULL = stdout */
    int quiet;          /* -q */
    int lang;           /* --lang: -1 = from the table's header */
    const char *cols[CK_MAX_COLS]; /* --col ROLE=HEADER */
    size_t ncols;
    const char *as_of;  /* --as-of, NULL when not given */
    char bad[192];      /* what was wrong with the option ck_getopt returned '?' for */
    /* The profile (--profile FILE or CUSTKIT_PROFILE): ck_getopt returns its settings as
     * options before the command line's, leaving out those the command line gives. */
    int started;        /* ck_getopt has looked at the command line and loaded the profile */
    struct ck_queued {
        int opt;
        const char *arg;
        const char *src; /* "FILE:LINE" */
    } queue[CK_MAX_COLS * 2];
    size_t nqueue, iqueue;
    const char *src;    /* where the option ck_getopt returned last comes from; NULL: argv */
    char perr[512];     /* the profile's error, for CK_OPT_PROFILE_ERR */
};

/* Long-option ids for the common options; commands start their own at CK_OPT_FIRST. */
enum {
    CK_OPT_LANG = 1000,
    CK_OPT_COL,
    CK_OPT_ASOF,
    CK_OPT_VERSION,
    CK_OPT_PROFILE,
    CK_OPT_PROFILE_ERR, /* ck_getopt: the profile cannot be used (message in perr) */
    CK_OPT_FIRST = 1100
};

#define CK_COMMON_LONGOPTS                                                                 \
    {"help", no_argument, NULL, 'h'}, {"output", required_argument, NULL, 'o'},            \
        {"quiet", no_argument, NULL, 'q'}, {"lang", required_argument, NULL, CK_OPT_LANG}, \
        {"col", required_argument, NULL, CK_OPT_COL},                                      \
        {"as-of", required_argument, NULL, CK_OPT_ASOF},                                   \
        {"profile", required_argument, NULL, CK_OPT_PROFILE},                              \
        {"version", no_argument, NULL, CK_OPT_VERSION}

void ck_common_init(struct ck_common *c, const char *cmd);
/* getopt_long, but without getopt's own messages: for an unknown option, a missing value or a
 * value given to an option that takes none it returns '?' with the message in c->bad (naming
 * the option, and the nearest long option when one is close), which ck_common_opt prints. */
int ck_getopt(struct ck_common *c, int argc, char **argv, const char *shortopts,
              const struct option *longopts);
/* Handle a common option returned by getopt_long. Returns 1 when handled, 0 when the option
 * is not a common one, or a negative value when the command should stop now (help, version,
 * bad value) with exit status CK_STOP_STATUS(value). */
int ck_common_opt(struct ck_common *c, int opt, const char *arg);
#define CK_STOP(status) (-(status)-1)
#define CK_STOP_STATUS(r) (-(r)-1)

/* Messages in the user's language: setlocale for LC_MESSAGES only, and the catalog found
 * (CUSTKIT_LOCALEDIR, next to the binary, or the installed one). Called first in main. */
void ck_i18n_init(void);
/* "custkit CMD: message" on stderr; fmt is translated (the prefix is not). */
void ck_msg(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Print e and return the exit status for it. */
int ck_fail(const char *cmd, const struct ck_error *e);
/* The password of --password-file FILE (file), else of $CUSTKIT_PASSWORD_FILE; *pw stays NULL
 * when neither is given. 0, or the exit status 2 after a message (unreadable or empty file).
 * Free *pw with ck_password_free. */
int ck_password_load(const char *cmd, const char *file, char **pw);
/* Usage error: message (translated, as for ck_msg), hint to --help, returns 2. */
int ck_usage(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Show man page custkit-PAGE (or custkit when page is NULL); returns an exit status. */
int ck_show_help(const char *page);

/* Resolve the table language: --lang when given, else from the header. */
int ck_common_lang(const struct ck_common *c, const struct ck_row *header);

/* Progress on stderr, only when stderr is a terminal and the run is long. */
struct ck_progress {
    const char *cmd; /* "clean": the line names its command, as pipelines run several */
    int on;
    long rows;
    double start, last;
};
void ck_progress_start(struct ck_progress *p, const struct ck_common *c);
void ck_progress_tick(struct ck_progress *p, long rows);
void ck_progress_end(struct ck_progress *p);

/* A growing string for JSON lines (run facts, audit). Out of memory is remembered in oom and
 * later appends do nothing, so a builder checks once at the end. Free s when done. */
struct ck_strbuf {
    char *s;
    size_t len, cap;
    int oom;
};
void ck_sb_add(struct ck_strbuf *b, const char *s);
/* s as a JSON string, quoted and escaped. */
void ck_sb_json(struct ck_strbuf *b, const char *s);
void ck_sb_long(struct ck_strbuf *b, long v);

/* ---- the profile (cmd/profile.c): an INI file of settings every command reads ---- */

/* One setting: [section] key = value at line. */
struct ck_setting {
    const char *section, *key, *value;
    const char *spec;  /* [columns] and [orders]: "ROLE=HEADER", as --col takes it */
    const char *where; /* "FILE:LINE" */
    int line;
};
/* What a key of a section is: the option it stands for and what the command does without it.
 * [columns] and [orders] take role names as keys and are not listed. */
struct ck_profile_key {
    const char *section, *key;
    const char *cmd;     /* the command whose option it is; NULL: every command */
    const char *option;  /* its long option */
    int check;           /* how its value is checked when the profile is read */
    const char *deflt;   /* for custkit config */
};
extern const struct ck_profile_key ck_profile_keys[];
extern const size_t ck_profile_nkeys;

/* Read the profile named by path (--profile), else by CUSTKIT_PROFILE, once per process.
 * Returns 0, or -1 with "FILE:LINE: …" in err. No profile at all is not an error. */
int ck_profile_load(const char *path, char *err, size_t cap);
/* The profile's file and how it was named ("--profile", "CUSTKIT_PROFILE"); NULL when none. */
const char *ck_profile_file(const char **how);
size_t ck_profile_count(void);
const struct ck_setting *ck_profile_get(size_t i);

/* Subcommands. */
int cmd_import(int argc, char **argv);
int cmd_clean(int argc, char **argv);
int cmd_tag(int argc, char **argv);
int cmd_segment(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_config(int argc, char **argv);
int cmd_template(int argc, char **argv);

#endif
