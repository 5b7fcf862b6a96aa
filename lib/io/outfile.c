/* outfile.c — a whole-file output made safely: a temporary file beside the target, renamed
 * over it when complete, or copied to standard output or a device when it is one. */
#include "io/outfile.h"
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/i18n.h"
int ck_outfile_open(struct ck_outfile *o, const char *target, const char *tmpdir,
                    const char *stem, struct ck_error *e)
{
    memset(o, 0, sizeof *o);
    o->devfd = -1;
    o->target = target && strcmp(target, "-") != 0 ? target : NULL;
    /* -o /dev/null, /dev/stdout or a FIFO: written through, never renamed over */
    struct stat st;
    if (!o->target)
        o->devfd = 1;
    else if (stat(o->target, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode) &&
             (o->devfd = open(o->target, O_WRONLY | O_CLOEXEC)) < 0)
        return ck_error_set(e, CK_EOUTPUT, "%s: %s", o->target, _(strerror(errno)));
    char spool[PATH_MAX];
    if (o->devfd >= 0) {
        if (!tmpdir || !*tmpdir)
            tmpdir = getenv("TMPDIR");
        snprintf(spool, sizeof spool, "%s/custkit-%s", tmpdir && *tmpdir ? tmpdir : "/tmp", stem);
    }
    int fd = -1;
    int rc = ck_temp_beside(o->devfd >= 0 ? spool : o->target, 0600, &fd, &o->tmp, e);
    if (rc != CK_OK) {
        ck_outfile_abort(o);
        return rc;
    }
    close(fd);
    return CK_OK;
}

/* Copy the finished file to fd; a closed pipe ends quietly. */
static int copy_out(struct ck_outfile *o, int *pipe_closed, struct ck_error *e)
{
    const char *name = o->target ? o->target : "<stdout>";
    int in = open(o->tmp, O_RDONLY | O_CLOEXEC);
    if (in < 0)
        return ck_error_set(e, CK_EOUTPUT, "%s: %s", o->tmp, _(strerror(errno)));
    unlink(o->tmp); /* from here on nothing is left behind, whatever stops the copy */
    char buf[65536];
    ssize_t n;
    int rc = CK_OK;
    while ((n = read(in, buf, sizeof buf)) > 0) {
        for (ssize_t off = 0; off < n;) {
            ssize_t w = write(o->devfd, buf + off, (size_t)(n - off));
            if (w < 0 && errno == EINTR)
                continue;
            if (w < 0) {
                if (errno == EPIPE && pipe_closed)
                    *pipe_closed = 1;
                else
                    rc = ck_error_set(e, CK_EOUTPUT, "%s: %s", name, _(strerror(errno)));
                close(in);
                return rc;
            }
            off += w;
        }
    }
    if (n < 0)
        rc = ck_error_set(e, CK_EOUTPUT, "reading the finished workbook: %s", _(strerror(errno)));
    close(in);
    return rc;
}

/* fsync the finished file, give it the usual permissions, rename it over the target. */
static int rename_over(struct ck_outfile *o, struct ck_error *e)
{
    const char *target = o->target;
    int fd = open(o->tmp, O_RDONLY | O_CLOEXEC);
    if (fd < 0 || fsync(fd) != 0) {
        int err = errno;
        if (fd >= 0)
            close(fd);
        return ck_error_set(e, CK_EOUTPUT, "%s: %s", target, _(strerror(err)));
    }
    close(fd);
    mode_t um = umask(0);
    umask(um);
    if (chmod(o->tmp, 0666 & ~um) != 0 || rename(o->tmp, target) != 0)
        return ck_error_set(e, CK_EOUTPUT, "%s: %s", target, _(strerror(errno)));
    /* The rename itself is durable once the directory is synced. */
    char dir[PATH_MAX];
    const char *slash = strrchr(target, '/');
    snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - target) + 1 : 1, slash ? target : ".");
    int dfd = open(dir, O_RDONLY | O_CLOEXEC);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
    return CK_OK;
}

int ck_outfile_commit(struct ck_outfile *o, int *pipe_closed, struct ck_error *e)
{
    int rc = o->devfd >= 0 ? copy_out(o, pipe_closed, e) : rename_over(o, e);
    if (o->devfd > 1 && close(o->devfd) != 0 && rc == CK_OK)
        rc = ck_error_set(e, CK_EOUTPUT, "%s: %s", o->target, _(strerror(errno)));
    if (o->devfd > 1)
        o->devfd = -1;
    if (rc == CK_OK && o->tmp) { /* renamed or copied: nothing to remove */
        ck_tempfile_unregister(o->tmp);
        free(o->tmp);
        o->tmp = NULL;
    }
    ck_outfile_abort(o);
    return rc;
}

void ck_outfile_abort(struct ck_outfile *o)
{
    if (o->tmp) {
        unlink(o->tmp);
        ck_tempfile_unregister(o->tmp);
        free(o->tmp);
        o->tmp = NULL;
    }
    if (o->devfd > 1)
        close(o->devfd);
    o->devfd = -1;
}
