/* lines.c — a file read as lines ended by LF (lines.h). */
#include "io/lines.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/i18n.h"

#define LINES_CHUNK ((size_t)1 << 20)

int ck_lines_open(struct ck_lines *l, const char *path, struct ck_error *e)
{
    memset(l, 0, sizeof *l);
    l->fd = -1;
    if (!(l->name = strdup(path)) || !(l->buf = malloc(LINES_CHUNK)))
        return ck_error_set(e, CK_ENOMEM, "out of memory");
    l->cap = LINES_CHUNK;
    if ((l->fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
        return ck_error_set(e, CK_EINPUT, "%s: %s", path, _(strerror(errno)));
    return CK_OK;
}

/* Read more after buf[len): what is left from pos is first moved to the front, and buf grows
 * when it is full. *more 0 at the end of the file. */
static int fill(struct ck_lines *l, int *more, struct ck_error *e)
{
    *more = 0;
    if (l->eof)
        return CK_OK;
    if (l->pos) {
        memmove(l->buf, l->buf + l->pos, l->len - l->pos);
        l->len -= l->pos;
        l->pos = 0;
    }
    if (l->len == l->cap) {
        char *b = realloc(l->buf, 2 * l->cap);
        if (!b)
            return ck_error_set(e, CK_ENOMEM, "out of memory");
        l->buf = b;
        l->cap *= 2;
    }
    for (;;) {
        ssize_t n = read(l->fd, l->buf + l->len, l->cap - l->len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return ck_error_set(e, CK_EINPUT, "%s: read error: %s", l->name, _(strerror(errno)));
        if (n == 0)
            l->eof = 1;
        l->len += (size_t)n;
        *more = n > 0;
        return CK_OK;
    }
}

int ck_lines_skip(struct ck_lines *l, long n, long *got, struct ck_error *e)
{
    *got = 0;
    while (*got < n) {
        char *nl = memchr(l->buf + l->pos, '\n', l->len - l->pos);
        if (nl) {
            l->pos = (size_t)(nl - l->buf) + 1;
            ++*got;
            continue;
        }
        l->pos = l->len = 0; /* nothing before the next LF is kept */
        int more, rc = fill(l, &more, e);
        if (rc != CK_OK || !more)
            return rc;
    }
    return CK_OK;
}

int ck_lines_next(struct ck_lines *l, const char **s, size_t *n, int *got, struct ck_error *e)
{
    *got = 0;
    size_t from = l->pos; /* searched up to here already */
    for (;;) {
        char *nl = memchr(l->buf + from, '\n', l->len - from);
        if (nl) {
            *s = l->buf + l->pos;
            *n = (size_t)(nl - *s);
            l->pos = (size_t)(nl - l->buf) + 1;
            *got = 1;
            return CK_OK;
        }
        size_t searched = l->len - l->pos;
        int more, rc = fill(l, &more, e);
        if (rc != CK_OK || !more)
            return rc;
        from = l->pos + searched;
    }
}

void ck_lines_close(struct ck_lines *l)
{
    if (l->fd >= 0)
        close(l->fd);
    free(l->buf);
    free(l->name);
    memset(l, 0, sizeof *l);
    l->fd = -1;
}
