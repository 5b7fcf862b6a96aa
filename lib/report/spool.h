/* spool.h — the table a report is made of, spooled to a temporary file (segment keeps
 * its rows here too), and inside it what the report writer reads directly. */
#ifndef CK_REPORT_SPOOL_H
#define CK_REPORT_SPOOL_H

#include <stddef.h>
#include <stdint.h>

#include "io/io.h"
/* The table the report is made of, spooled to an unlinked temporary file (in tmpdir, NULL =
 * /tmp) so that memory stays small whatever its size: the report keeps about 30 bytes a row. */
struct ck_report_rows;
/* Every remaining record of r (header included). */
int ck_report_rows_load(struct ck_report_rows **rows, struct ck_reader *r, const char *tmpdir,
                        struct ck_error *e);
/* The rows of an in-memory table. */
int ck_report_rows_from_table(struct ck_report_rows **rows, const struct ck_table *t,
                              const char *tmpdir, struct ck_error *e);
size_t ck_report_rows_count(const struct ck_report_rows *rows);
/* Build one row by row instead (segment keeps its rows here while it scores them): new, then
 * append each row (fields beyond n are empty), then finish before the first get. */
int ck_report_rows_new(struct ck_report_rows **rows, char *const *names, size_t ncols,
                       const char *tmpdir, struct ck_error *e);
int ck_report_rows_append(struct ck_report_rows *rows, const char *const *f, const size_t *len,
                          size_t n, struct ck_error *e);
int ck_report_rows_finish(struct ck_report_rows *rows, struct ck_error *e);
/* Row i's fields, NUL-terminated, into *f and their lengths into *len (valid until the next
 * get); rows read in order are read a megabyte ahead. */
int ck_report_rows_get(struct ck_report_rows *rows, size_t i, const char *const **f,
                       const size_t **len, struct ck_error *e);
/* Free rows (NULL is fine): after a failed load too. */
void ck_report_rows_free(struct ck_report_rows *rows);

/* ---------- inside: for the report writer only ---------- */

/* The report needs the whole table before its first sheet (counts, sort order, widths), but
 * not in memory: rows go to an unlinked temporary file as the lengths of their fields but the
 * last (read back without scanning for each field's end), then the fields NUL-terminated; the plan
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
/* A second reader of t's rows, for another thread: c shares t's file and offsets (t must
 * outlive it and get no more rows) and has its own buffer and fields; ck_report_rows_read
 * reads with it as with t. Free with ck_report_rows_cursor_free, not ck_report_rows_free. */
int ck_report_rows_cursor(struct ck_report_rows *c, const struct ck_report_rows *t,
                          struct ck_error *e);
void ck_report_rows_cursor_free(struct ck_report_rows *c);
/* The column named name, or -1. */
long ck_report_rows_col(const struct ck_report_rows *t, const char *name);

#endif
