/* lines.h — a file read as lines ended by LF, to copy lines from it as they are (segment's
 * output pass over a table it has already read once; see report/seg_spool.h). */
#ifndef CK_LINES_H
#define CK_LINES_H

#include <stddef.h>

#include "base/base.h"

struct ck_lines {
    int fd;
    char *name; /* for messages */
    char *buf;
    size_t cap, len, pos; /* buf[pos..len) not yet taken */
    int eof;
};

/* Open path for reading; ck_lines_close after it, whatever it returned. */
int ck_lines_open(struct ck_lines *l, const char *path, struct ck_error *e);
/* Pass over n lines. *got: how many there were (fewer than n only at the end of the file; a
 * last piece without a LF is not a line). */
int ck_lines_skip(struct ck_lines *l, long n, long *got, struct ck_error *e);
/* The next line, without its LF, in *s (n bytes, valid until the next call); *got 0 at the end
 * of the file (a last piece without a LF is not a line). */
int ck_lines_next(struct ck_lines *l, const char **s, size_t *n, int *got, struct ck_error *e);
void ck_lines_close(struct ck_lines *l);

#endif
