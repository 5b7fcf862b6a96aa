/* spool.h — inside the spooled table of report/report.h (struct ck_report_rows): what
 * the report writer reads of it directly. */
#ifndef CK_REPORT_SPOOL_H
#define CK_REPORT_SPOOL_H

#include <stdint.h>

#include "report/report.h"

/* The report needs the whole table before its first sheet (counts, sort order, widths), but
 * not in memory: rows go to an unlinked temporary file as NUL-terminated fields, and the plan
 * keeps a few numbers per row (file offset, group, sort key): about 30 bytes a row. */
struct ck_report_rows {
    size_t ncols, nrows, cap;
    char **header;
    int fd;
    char dir[256]; /* where the file is, for messages */
    uint64_t *off; /* start of each row in the file; off[nrows] = its end */
    char *wbuf;    /* rows not yet written */
    size_t wlen;
    uint64_t size; /* bytes in the file and in wbuf */
    char *rbuf;    /* rows read back */
    size_t rcap, rlen;
    uint64_t rbase; /* file offset of rbuf[0] */
    const char **f; /* the fields of the row read last */
    size_t *len;    /* and their lengths */
};

/* Row r's fields into t->f and t->len (valid until the next read). */
int ck_report_rows_read(struct ck_report_rows *t, size_t r, struct ck_error *e);
/* The column named name, or -1. */
long ck_report_rows_col(const struct ck_report_rows *t, const char *name);

#endif
