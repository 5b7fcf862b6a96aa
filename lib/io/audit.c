/* audit.c — the audit trail: one JSON line per run, appended with a single write, naming the
 * command, its arguments, the user, each input and output file with its size and SHA-256. */
#include "io/audit.h"
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/i18n.h"
#include "io/strbuf.h"
/* Options whose value is a file the command writes; every other argument naming an existing
 * regular file is an input. */
static const char *const output_options[] = {"-o", "--output", "--rejects", "--merge-log",
                                             "--orphans", "--lost"};

static int is_output_option(const char *arg)
{
    for (size_t i = 0; i < sizeof output_options / sizeof *output_options; i++) {
        size_t n = strlen(output_options[i]);
        if (strncmp(arg, output_options[i], n) == 0 && (arg[n] == 0 || arg[n] == '='))
            return 1;
    }
    return 0;
}

static void add_file(struct ck_strbuf *b, const char *path, int *first)
{
    char hex[65], num[32];
    long long size = 0;
    struct ck_error e;
    ck_sb_add(b, *first ? "{\"path\":" : ",{\"path\":");
    *first = 0;
    ck_sb_json(b, path);
    if (ck_sha256_file(path, hex, &size, &e) == CK_OK) {
        snprintf(num, sizeof num, "%lld", size);
        ck_sb_add(b, ",\"size\":");
        ck_sb_add(b, num);
        ck_sb_add(b, ",\"sha256\":\"");
        ck_sb_add(b, hex);
        ck_sb_add(b, "\"");
    }
    ck_sb_add(b, "}");
}

int ck_audit_append(const char *path, int argc, char *const *argv, int status,
                    const char *profile, struct ck_error *e)
{
    struct ck_strbuf b = {0};
    char when[32], num[32];
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    struct passwd *pw = getpwuid(geteuid());
    ck_sb_add(&b, "{\"time\":\"");
    ck_sb_add(&b, when);
    ck_sb_add(&b, "\",\"command\":");
    ck_sb_json(&b, argv[0]);
    ck_sb_add(&b, ",\"args\":[");
    for (int i = 1; i < argc; i++) {
        if (i > 1)
            ck_sb_add(&b, ",");
        ck_sb_json(&b, argv[i]);
    }
    ck_sb_add(&b, "],\"user\":");
    ck_sb_json(&b, pw ? pw->pw_name : "?");
    ck_sb_add(&b, ",\"inputs\":[");
    int first = 1;
    /* the command's facts name its inputs, standard input included */
    int stdin_read = strstr(ck_facts_last(), "\"<stdin>\"") != NULL;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (is_output_option(argv[i])) {
            if (!strchr(argv[i], '='))
                i++;
            continue;
        }
        if (argv[i][0] != '-' && stat(argv[i], &st) == 0 && S_ISREG(st.st_mode)) {
            add_file(&b, argv[i], &first);
        }
    }
    /* the profile shapes the run as much as the options do (named by CUSTKIT_PROFILE, it is in
     * no argument) */
    if (profile) {
        int named = 0;
        for (int i = 1; i < argc; i++)
            named |= strcmp(argv[i], profile) == 0;
        if (!named)
            add_file(&b, profile, &first);
    }
    if (stdin_read) {
        ck_sb_add(&b, first ? "{\"path\":\"<stdin>\"}" : ",{\"path\":\"<stdin>\"}");
        first = 0;
    }
    ck_sb_add(&b, "],\"outputs\":[");
    first = 1;
    for (int i = 1; i < argc; i++) {
        if (!is_output_option(argv[i]))
            continue;
        const char *v = strchr(argv[i], '=') ? strchr(argv[i], '=') + 1 : i + 1 < argc ? argv[++i] : NULL;
        struct stat st;
        if (v && strcmp(v, "-") != 0 && stat(v, &st) == 0 && S_ISREG(st.st_mode))
            add_file(&b, v, &first);
    }
    ck_sb_add(&b, "],\"counts\":{");
    ck_sb_add(&b, ck_facts_last());
    snprintf(num, sizeof num, "%d", status);
    ck_sb_add(&b, "},\"exit\":");
    ck_sb_add(&b, num);
    ck_sb_add(&b, "}\n");
    if (b.oom) {
        free(b.s);
        return ck_error_set(e, CK_ENOMEM, "audit: out of memory");
    }
    int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    /* one write with O_APPEND: lines of concurrent runs never interleave */
    int rc = fd >= 0 && write(fd, b.s, b.len) == (ssize_t)b.len
                 ? CK_OK
                 : ck_error_set(e, CK_EOUTPUT, "audit: %s: %s", path, _(strerror(errno)));
    if (fd >= 0)
        close(fd);
    free(b.s);
    return rc;
}
