/* csv_internal.h — the table reader's state, shared by io/reader.c (opening, splitting, the
 * header), io/encoding.c (raw bytes, the encoding, decoding) and io/read_ahead.c (the thread
 * that parses records ahead). Not a public interface: custkit.h is. */
#ifndef CK_CSV_INTERNAL_H
#define CK_CSV_INTERNAL_H

#include <csv.h>
#include <iconv.h>
#include <stddef.h>

#include "io/io.h"

enum enc_mode { ENC_UNDECIDED, ENC_UTF8, ENC_ICONV };

/* Rows looked at for titles above the header, the header included. */
#define CK_TITLE_LOOK 8

struct ck_reader {
    char *name;     /* for messages */
    char *path;     /* NULL = stdin */
    char *spool;    /* temporary copy of standard input (XLSX or prescan) */
    int plain_fd;   /* an encrypted workbook decrypted into an unlinked file (> 0 when open) */
    char plain_path[32]; /* its /proc/self/fd name, which the XLSX reader opens */
    int fd;
    int piped;      /* a pipe or FIFO: empty means the writer before us had nothing */
    struct ck_read_opts opts;
    struct ck_read_stats stats;

    /* XLSX */
    struct ck_xlsx *xlsx;

    /* raw bytes */
    unsigned char *raw;
    size_t raw_len, raw_pos;
    int raw_eof;
    long long raw_off; /* bytes consumed before raw[0] */
    long long raw_left; /* > 0: bytes that may still be read (the width pass's first half) */

    /* decoding */
    enum enc_mode enc;
    int forced;
    int utf8_trusted; /* the width pass validated the whole file as UTF-8 */
    iconv_t cd;
    char enc_name[64];
    char *dec;
    size_t dec_len, dec_pos;
    char *text; /* current text chunk: raw (UTF-8) or dec (iconv); ours, so fields may be
                 * cut in place */
    size_t text_len, text_pos;
    /* the first chunks of text, when the delimiter needed more than one to be sniffed on */
    char *sample;
    size_t sample_cap;
    int sample_rc; /* an error met reading them, given when the records reach it */
    struct ck_error sample_err;

    /* parsing */
    struct csv_parser p;
    int delim;
    long line;    /* physical line being fed (1-based) */
    int prev_cr;  /* the last byte fed was a CR (so an LF after it is the same line end) */
    long cr_ends; /* line ends that were a CR (alone or before a LF) */
    int rec_as_is; /* rec is its line's canonical CSV (see ck_reader_as_is) */
    long rec_line;
    long quote_line;
    int quote_open;
    size_t max_field;

    /* the record being built by the callbacks */
    char *rbuf;
    size_t rbuf_len, rbuf_cap;
    size_t *roff;
    size_t nf, nf_cap;
    int row_done;
    int cb_err; /* out of memory inside a callback */

    /* raw records handed to the header logic */
    struct ck_row rec;
    char **rec_f;
    size_t *rec_len;
    size_t rec_cap;
    int eof;

    /* header and output rows */
    struct ck_row header;
    size_t width;
    size_t header_fields; /* fields of the header record itself, before column_N were added */
    struct ck_row out;
    int src_as_is, out_as_is; /* the record source_next gave last, out: as_is (command side) */
    /* rows read ahead while looking for the header, handed out again afterwards: up to
     * CK_TITLE_LOOK title rows and the header, and the row after it */
    struct ck_row ahead[CK_TITLE_LOOK + 1];
    long ahead_index[CK_TITLE_LOOK + 1]; /* each one's number as --header-row counts it */
    size_t ahead_n, ahead_pos;
    struct ck_row given; /* the row last handed out from ahead[] */

    /* records parsed ahead by a second thread (io/read_ahead.c) */
    struct parse_ahead *pa;
    int opened;   /* the header is known: records may be parsed ahead */
    int pa_tried; /* the thread was started, or could not be */
};

/* A header name as the table means it (header.c): every Unicode white space character (and
 * a BOM, a zero-width space) trimmed at both ends, and a run of white space holding a line
 * break turned into one space, or into nothing between two CJK characters. malloc'd. */
char *csv_header_clean_name(const char *s, size_t len);

/* A cell of white space only (the characters csv_header_clean_name trims). */
int csv_cell_is_blank(const char *s, size_t len);
/* A cell that reads as a number, an amount, a percentage, a date or a time as people write
 * them ("3.81", "1.234,5", "¥1,234.50", "12.5%", "(42)", "2011-09-14", "14.09.2011",
 * "2024年1月5日", "13:30"): never a header name. */
int csv_cell_is_number_or_date(const char *s, size_t len);
/* The cells of row that are not blank. */
size_t csv_row_filled(const struct ck_row *row);
/* Some cell is filled, and every filled cell is a number or a date. */
int csv_row_all_numbers(const struct ck_row *row);

/* At least two filled cells, none next to another: perhaps group labels over merged ranges
 * ("基本信息,,,消费情况,,"). */
int csv_row_may_be_groups(const struct ck_row *top);
/* top is a row of group labels over the header below: below is full (no blank cell up to
 * its last) and all names (no number or date), and each label of top is followed by a blank
 * cell within below's width. */
int csv_row_groups_over(const struct ck_row *top, const struct ck_row *below);

/* Bytes and text (encoding.c). Raw bytes are read CK_CSV_RAW_CAP at a time; decoding one
 * block takes at most CK_CSV_DEC_CAP bytes. */
#define CK_CSV_RAW_CAP ((size_t)256 * 1024)
#define CK_CSV_DEC_CAP (CK_CSV_RAW_CAP * 2 + 16)
/* Read into r->raw until it is full or the input ends (unread bytes kept). */
int ck_csv_raw_fill(struct ck_reader *r, struct ck_error *e);
/* Is s a name of UTF-8 ("UTF-8", "utf8", any case)? */
int ck_csv_is_utf8_name(const char *s);
/* Decode r's bytes from the encoding from (iconv) from now on. */
int ck_csv_open_iconv(struct ck_reader *r, const char *from, struct ck_error *e);
/* Next chunk of UTF-8 text into r->text. Returns CK_OK; r->text_len = 0 at end of input. */
int ck_csv_next_text(struct ck_reader *r, struct ck_error *e);

/* The next record of a CSV source (fields valid until the next call); *out = NULL at the end. */
typedef int (*csv_record_fn)(struct ck_reader *r, const struct ck_row **out,
                                struct ck_error *e);
int csv_next_record(struct ck_reader *r, const struct ck_row **out, struct ck_error *e);

/* The byte scanners (csv_scan.c). Each has a portable path, csv_*_portable, and on x86-64 an
 * SSE2 one with the same results; the plain name is the one to call (csv_scan_has_sse2: it is
 * the SSE2 one). */
extern const int csv_scan_has_sse2;

/* The width pass's state between blocks of text: where the scan stands in the record it is
 * in. */
struct csv_width_scan {
    enum { CSV_W_START, CSV_W_UNQUOTED, CSV_W_QUOTED, CSV_W_QUOTE_IN_QUOTED } st;
    size_t fields, widest; /* delimiters so far in this record; the most fields of any */
    int in_row;            /* the record has begun (a blank line is no record) */
    long quote_line;       /* where the open quoted field began */
};
/* Scan s[0..n) on from w's state, counting each record's fields into w->widest with
 * libcsv's lenient quoting rules; *line counts line ends (CR, LF, CR LF), *prev_cr: the
 * last byte was a CR. */
void csv_width_block(struct csv_width_scan *w, const char *s, size_t n, char delim, long *line,
                     int *prev_cr);
void csv_width_block_portable(struct csv_width_scan *w, const char *s, size_t n, char delim,
                              long *line, int *prev_cr);

/* A line's fields, cut where they lie (csv_cut_line); the arrays are the caller's, grown here. */
struct csv_cut {
    char **f;    /* each field's first byte */
    size_t *len; /* and its length, any "" escapes still in it */
    size_t cap;  /* of both arrays */
    size_t nf;
    int esc;     /* some quoted field holds "" */
    size_t seg;  /* the line's length, its line end byte included */
};
enum { CSV_CUT_OK, CSV_CUT_LIBCSV, CSV_CUT_NOMEM };
/* Cut the line s starts with, up to its first line end (CR or LF) in s[0..n): each field
 * unquoted, or quoted with "" escapes and its closing quote right before a delimiter or the
 * line end. CSV_CUT_OK (a blank line has no fields); CSV_CUT_LIBCSV, s untouched, when there is
 * no line end in s or anything else is met (a quote inside an unquoted field, text after a
 * closing quote, a quote left open to the next line); CSV_CUT_NOMEM. */
int csv_cut_line(char *s, size_t n, char delim, struct csv_cut *c);
int csv_cut_line_portable(char *s, size_t n, char delim, struct csv_cut *c);

/* Length of the valid UTF-8 prefix of s[0..n); *bad set when an invalid sequence (not merely
 * a sequence cut by the end of the buffer) stops it, *nul when a NUL byte does. */
size_t csv_utf8_prefix(const unsigned char *s, size_t n, int *bad, int *nul);
size_t csv_utf8_prefix_portable(const unsigned char *s, size_t n, int *bad, int *nul);

/* Start parsing records ahead on a second thread, unless CUSTKIT_THREADS=1 or no thread can
 * be made (r->pa stays NULL: parse on this thread). From then on the thread owns the parsing
 * state, calls next (csv_next_record: passed in, so that the thread does not reach back into
 * the reader) and records come from csv_ahead_next. Stop joins it (nothing to do without
 * one). */
void csv_ahead_start(struct ck_reader *r, csv_record_fn next);
int csv_ahead_next(struct ck_reader *r, const struct ck_row **out, struct ck_error *e);
/* Whether the record csv_ahead_next gave last was its line's canonical CSV (rec_as_is). */
int csv_ahead_as_is(const struct ck_reader *r);
void csv_ahead_stop(struct ck_reader *r);

/* Records lent by the thread: n of them, width fields each, one after another in f and len,
 * then the thread's error (rc, err) or the end (eof). The rows stay valid until given back
 * (csv_ahead_give_back), or for the last batch until the reader is closed. */
struct csv_lent {
    size_t n, width;
    char **f;
    size_t *len;
    const long *line;
    const unsigned char *as_is; /* per record: as_is (see ck_reader_as_is) */
    int rc, eof;
    struct ck_error err;
    void *batch; /* the batch to give back, or NULL */
};
/* Lend the records of the next batch not yet handed out, without copying them: 0, or -1 (v
 * empty, nothing taken) when more than max are left in it or one has not width fields: then
 * read them with csv_ahead_next. Lent batches are given back in the order they were lent. */
int csv_ahead_lend(struct ck_reader *r, size_t width, size_t max, struct csv_lent *v);
void csv_ahead_give_back(struct ck_reader *r, struct csv_lent *v);
/* The same through the reader, records counted in its stats as ck_reader_next counts them; -1
 * also when it has no thread reading ahead (an XLSX sheet, CUSTKIT_THREADS=1) or rows read
 * ahead for the header are still to come. */
int ck_reader_lend(struct ck_reader *r, size_t max, struct csv_lent *v);
void ck_reader_give_back(struct ck_reader *r, struct csv_lent *v);

#endif
