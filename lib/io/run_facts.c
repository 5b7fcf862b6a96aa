/* run_facts.c — run facts: one JSON line per command run appended to $CUSTKIT_FACTS, so the
 * report's facts block can show what clean and segment counted upstream in a pipeline. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "io/io.h"
#include "base/i18n.h"

char *ck_json_quote(const char *s, char *out, size_t cap)
{
    size_t o = 0;
    if (cap < 3) {
        if (cap)
            out[0] = 0;
        return out;
    }
    out[o++] = '"';
    for (const unsigned char *p = (const unsigned char *)s; *p && o + 8 < cap; p++) {
        if (*p == '"' || *p == '\\') {
            out[o++] = '\\';
            out[o++] = (char)*p;
        } else if (*p < 0x20) {
            o += (size_t)snprintf(out + o, cap - o, "\\u%04x", *p);
        } else {
            out[o++] = (char)*p;
        }
    }
    out[o++] = '"';
    out[o] = 0;
    return out;
}

static char *last_fields;

const char *ck_facts_last(void)
{
    return last_fields ? last_fields : "";
}

int ck_facts_append(const char *cmd, const char *fields, struct ck_error *e)
{
    if (fields) {
        free(last_fields);
        last_fields = strdup(fields); /* for the audit line; losing it only loses counts */
    }
    const char *path = getenv("CUSTKIT_FACTS");
    if (!path || !*path)
        return CK_OK;
    char when[32];
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    size_t cap = strlen(cmd) + (fields ? strlen(fields) : 0) + 96;
    char *line = malloc(cap);
    if (!line)
        return ck_error_set(e, CK_ENOMEM, "out of memory");
    int n = snprintf(line, cap, "{\"command\":\"%s\",\"time\":\"%s\"%s%s}\n", cmd, when,
                     fields && *fields ? "," : "", fields ? fields : "");
    int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    int rc = CK_OK;
    /* One write with O_APPEND: lines of concurrent runs never interleave. */
    if (fd < 0 || write(fd, line, (size_t)n) != n)
        rc = ck_error_set(e, CK_EOUTPUT, "%s: %s", path, _(strerror(errno)));
    if (fd >= 0)
        close(fd);
    free(line);
    return rc;
}
