/* seg_spool.h — segment's rows, spooled to a temporary file while the model scores them and
 * written back in order with the segment columns added. */
#ifndef CK_SEG_SPOOL_H
#define CK_SEG_SPOOL_H

#include "io/fields.h"
#include "io/lines.h"
#include "report/spool.h"
#include "segment/segment_output.h"

struct ck_seg_spool {
    /* Read again: a CSV file named on the command line is not spooled but read a second time
     * for the output (its size and time of change checked before and after, and its rows
     * counted, so that a file changed in between is an error, never a mismatched output). */
    char *path;
    struct ck_reader *again;
    struct ck_row_batch batch; /* its rows, a batch at a time; the next one is batch_i */
    size_t batch_i;
    long long size, mtime_s, mtime_ns;
    /* Copied: rather than read and split again, a row whose line in the file is already its
     * canonical CSV (ck_reader_as_is) is copied from the file as it is, and only the other
     * rows are spooled (packed, in rows). step[i] says how many lines come before row i's
     * in the file (STEP_FAR and more: the next of far), the high bit set when it is copied.
     * Given up (copy 0) for a file whose line ends are not all LF, or when the rows spooled
     * would exceed a quarter of it (and a megabyte): the file is then read again as above. */
    int copy;
    unsigned char *step;
    size_t cap_step;
    long *far;
    size_t nfar, cap_far, far_i;
    long next_line;    /* the line the output will be at after the rows so far */
    long long spooled; /* bytes */
    size_t spool_i;
    char *tmpdir;
    struct ck_lines lines; /* the output's reading of the file (lines_open) */
    int lines_open;
    const char *cur[1]; /* the row got last, copied or spooled */
    size_t cur_len[1];
    struct ck_report_rows *rows;
    size_t ncols; /* the table's columns */
    size_t nrows;
    /* packed: each spooled row is the canonical CSV of its fields, made while the reader's
     * thread splits the next ones, so the output only appends the new columns (not when the
     * table has columns of the names segment writes: those are replaced in place) */
    int packed;
    char *fmt;
    size_t cap_fmt;
    const char *const *row; /* the row ck_seg_spool_get got last */
    const size_t *rlen;
};

/* A spool for a table with this header (ncols columns; in tmpdir, NULL = /tmp); packed unless
 * the output replaces some of the table's columns, or there are none. With reread (the path
 * of the regular CSV file the rows come from), no spool: the file is read again. */
int ck_seg_spool_new(struct ck_seg_spool *s, char *const *header, size_t ncols, int replaces,
                     const char *tmpdir, const char *reread, struct ck_error *e);
/* Spool a row: fields beyond ncols are dropped, missing ones empty. as_is: ck_reader_as_is
 * for the row (reading again, such a row is copied from the file, not spooled). */
int ck_seg_spool_add(struct ck_seg_spool *s, const struct ck_row *row, int as_is,
                     struct ck_error *e);
/* After the last add, before the first get. lf_bytes: ck_reader_lf_bytes of the reader the
 * rows came from, read to its end (reading again, rows are copied only from such a file). */
int ck_seg_spool_finish(struct ck_seg_spool *s, int lf_bytes, struct ck_error *e);
/* Row i back: unpacked, its fields and lengths into f and len (nout slots, the table's first);
 * packed, kept for ck_seg_spool_put. */
int ck_seg_spool_get(struct ck_seg_spool *s, size_t i, const char **f, size_t *len,
                     struct ck_error *e);
/* Write the row got last with the columns of oc (their values in f, as ck_seg_out_row made
 * them) to w. */
int ck_seg_spool_put(struct ck_seg_spool *s, struct ck_writer *w, const struct ck_seg_outcols *oc,
                     const char **f, size_t *len, struct ck_error *e);
/* The values of customer i's new columns into f (at oc's positions), with buf for their
 * texts: ck_seg_out_row with the run's model, for ck_seg_spool_write_all. */
typedef int (*ck_seg_row_fn)(void *ctx, size_t i, const char **f, struct ck_seg_outbuf *buf,
                             struct ck_error *e);
/* Every row, in order, to w with the columns of oc (get, row, put for each): a packed spool's
 * rows are read back and formatted on two threads (ck_ordered_run), each with its own reader
 * of the spool; tick (may be NULL) is told the rows written so far. */
int ck_seg_spool_write_all(struct ck_seg_spool *s, struct ck_writer *w,
                           const struct ck_seg_outcols *oc, ck_seg_row_fn row, void *ctx,
                           void (*tick)(void *, long), void *targ, struct ck_error *e);
/* After the last put: reading again, the file must end where the first reading did and be
 * unchanged (else CK_EINPUT, saying so). */
int ck_seg_spool_done(struct ck_seg_spool *s, struct ck_error *e);
void ck_seg_spool_free(struct ck_seg_spool *s);

#endif
