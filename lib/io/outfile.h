/* outfile.h — a whole-file output (a workbook) made safely: written to a temporary file and
 * put in place only when complete, so a failure or a signal leaves any previous file as it was. */
#ifndef CK_OUTFILE_H
#define CK_OUTFILE_H

#include "io/io.h"
/* One output being made. tmp is the file to write; it is registered for ck_tempfiles_cleanup
 * (a signal handler removes it) until ck_outfile_commit or ck_outfile_abort. */
struct ck_outfile {
    const char *target; /* -o FILE; NULL for standard output */
    int devfd;          /* where tmp is copied when done: 1, or the device or FIFO target
                         * names; -1 when tmp is renamed over target */
    char *tmp;
};

/* Begin an output to target (NULL or "-": standard output). A regular file (or a name not yet
 * there) gets tmp beside it, .NAME.XXXXXX, so the rename is atomic; standard output, a device
 * or a FIFO (-o /dev/stdout, a pipe) are written through from tmp in tmpdir (NULL: $TMPDIR,
 * else /tmp), named after stem. tmp is created with mode 0600. */
int ck_outfile_open(struct ck_outfile *o, const char *target, const char *tmpdir,
                    const char *stem, struct ck_error *e);
/* Put the finished tmp in place: fsync it, give it the usual permissions (0666 less the umask),
 * rename it over target and sync the directory; or copy it to devfd. A pipe closed by its
 * reader is no error: *pipe_closed is set (when not NULL) and CK_OK returned. tmp is gone
 * afterwards, whatever the outcome. */
int ck_outfile_commit(struct ck_outfile *o, int *pipe_closed, struct ck_error *e);
/* Remove tmp (when there) and close a device opened; safe after ck_outfile_commit. */
void ck_outfile_abort(struct ck_outfile *o);

#endif
