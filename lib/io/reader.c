/* reader.c — the table reader every command uses: sniffs XLSX/OLE by content, has the text
 * decoded (io/encoding.c), sniffs the delimiter, splits CSV lines (libcsv for the lines it
 * cannot cut in place), cleans the header. io/read_ahead.c runs the splitting on a second
 * thread. */
#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/csv_internal.h"
#include "base/i18n.h"
#include "io/sniff.h"
#include "io/xls_read.h"

#define SNIFF_LINES 50
#define SNIFF_BYTES ((size_t)64 * 1024) /* text enough to sniff on, short of SNIFF_LINES */
/* libcsv's parser states (csv.h exposes the struct but not these names). */
#define LIBCSV_ROW_NOT_BEGUN 0
#define LIBCSV_FIELD_BEGUN 2

static const char empty[1] = "";

/* ---------- libcsv callbacks: build one record ---------- */

static void on_field(void *data, size_t len, void *ctx)
{
    struct ck_reader *r = ctx;
    if (r->cb_err)
        return;
    if (len > r->max_field) {
        r->cb_err = 2;
        return;
    }
    /* one offset more than the fields, for the end of the last */
    if (r->nf + 1 >= r->nf_cap &&
        ck_grow((void **)&r->roff, &r->nf_cap, r->nf + 2, sizeof *r->roff)) {
        r->cb_err = 1;
        return;
    }
    if (ck_grow((void **)&r->rbuf, &r->rbuf_cap, r->rbuf_len + len + 1, 1)) {
        r->cb_err = 1;
        return;
    }
    r->roff[r->nf++] = r->rbuf_len;
    if (len)
        memcpy(r->rbuf + r->rbuf_len, data, len);
    r->rbuf_len += len;
    r->rbuf[r->rbuf_len++] = 0;
}

static void on_row(int c, void *ctx)
{
    (void)c;
    struct ck_reader *r = ctx;
    r->row_done = 1;
}

static int no_space(unsigned char c)
{
    (void)c;
    return 0; /* keep every byte: trimming is clean's job, not the parser's */
}

/* ---------- delimiter sniffing ---------- */

/* Cut s[0..n) into records as the reader would with delimiter d, and count each record's
 * delimiters into counts[], at most SNIFF_LINES records. The quoting is libcsv's lenient one
 * (scan_width_run's too): a quote opens a quoted field only at the start of a field; in one,
 * "" is a quote, and a closing quote followed by anything but d or a line end goes on as part
 * of the field; line ends inside it are data. Such a stray quote (in an unquoted field, or
 * before text after a closing quote) is a sign that d is not the delimiter, as written quotes
 * are well formed: its record counts 0, no vote for d. A blank line is no record; an
 * unfinished last record counts only when the sample is the whole input (at_end). Returns the
 * records. */
static int sniff_count(const char *s, size_t n, char d, int at_end, int counts[SNIFF_LINES])
{
    enum { SN_START, SN_UNQUOTED, SN_QUOTED, SN_QUOTE_IN_QUOTED } st = SN_START;
    int lines = 0, cur = 0, in_row = 0, stray = 0;
    for (size_t i = 0; i < n && lines < SNIFF_LINES; i++) {
        char c = s[i];
        int end = c == '\n' || c == '\r';
        switch (st) {
        case SN_QUOTED:
            if (c == '"')
                st = SN_QUOTE_IN_QUOTED;
            continue;
        case SN_QUOTE_IN_QUOTED:
            if (c != d && !end) {
                stray |= c != '"';
                st = SN_QUOTED;
                continue;
            }
            break;
        case SN_UNQUOTED:
            if (c != d && !end) {
                stray |= c == '"';
                continue;
            }
            break;
        case SN_START:
            if (c != d && !end) {
                st = c == '"' ? SN_QUOTED : SN_UNQUOTED;
                in_row = 1;
                continue;
            }
            break;
        }
        /* c ends a field: a delimiter or a line end */
        st = SN_START;
        if (c == d) {
            cur++;
            in_row = 1;
        } else if (in_row) {
            counts[lines++] = stray ? 0 : cur;
            cur = in_row = stray = 0;
        }
    }
    if (at_end && in_row && lines < SNIFF_LINES)
        counts[lines++] = stray || st == SN_QUOTED ? 0 : cur;
    return lines;
}

/* Pick the candidate delimiter whose count per record is most often the same non-zero number
 * (title rows then do not matter); on a tie the larger count, then the earlier candidate. */
static int sniff_delimiter(const char *s, size_t n, int at_end)
{
    static const char cand[] = {',', '\t', ';', '|'};
    enum { NC = sizeof cand };
    int best = ',', best_score = 0, best_mode = 0;
    for (int k = 0; k < NC; k++) {
        int counts[SNIFF_LINES];
        int lines = sniff_count(s, n, cand[k], at_end, counts);
        int mode = 0, mode_n = 0;
        for (int a = 0; a < lines; a++) {
            if (counts[a] == 0)
                continue;
            int same = 0;
            for (int b = 0; b < lines; b++)
                same += counts[b] == counts[a];
            if (same > mode_n || (same == mode_n && counts[a] > mode))
                mode = counts[a], mode_n = same;
        }
        if (mode_n > best_score || (mode_n == best_score && mode > best_mode)) {
            best = (unsigned char)cand[k];
            best_score = mode_n;
            best_mode = mode;
        }
    }
    return best;
}

/* Line ends in s[0..n) as the records count them (CR, LF, CR LF), *prev_cr carried over;
 * counting stops at SNIFF_LINES. */
static long count_line_ends(const char *s, size_t n, int *prev_cr)
{
    long k = 0;
    for (size_t i = 0; i < n && k < SNIFF_LINES; i++) {
        k += s[i] == '\r' || (s[i] == '\n' && !*prev_cr);
        *prev_cr = s[i] == '\r';
    }
    return k;
}

/* Make r->text the sample the delimiter is sniffed on: at least SNIFF_LINES lines (or
 * SNIFF_BYTES, or all the input), decoded, the text the records are then cut from. The first
 * chunk of text is often enough; it can also stop short (while the encoding is undecided it is
 * the ASCII before the first byte above 127), and then the next chunks are copied after it
 * into r->sample. An error met on the way is kept in r->sample_rc, with the line it would
 * name had the records reached it, and given when they do. *at_end: the sample is the whole
 * input. */
static int read_sample(struct ck_reader *r, int *at_end, struct ck_error *e)
{
    int prev_cr = 0;
    long ends = count_line_ends(r->text, r->text_len, &prev_cr);
    size_t len = 0;
    const long line = r->line;
    *at_end = 0;
    if (ends >= SNIFF_LINES || r->text_len >= SNIFF_BYTES)
        return CK_OK;
    for (;;) {
        if (ck_grow((void **)&r->sample, &r->sample_cap, len + r->text_len, 1))
            return ck_error_set(e, CK_ENOMEM, "out of memory");
        memcpy(r->sample + len, r->text, r->text_len);
        len += r->text_len;
        if (ends >= SNIFF_LINES || len >= SNIFF_BYTES)
            break;
        r->line = line + ends; /* where the records will stand when they need more text */
        r->sample_rc = ck_csv_next_text(r, &r->sample_err);
        r->line = line;
        if (r->sample_rc != CK_OK)
            break;
        if (r->text_len == 0) {
            *at_end = 1;
            break;
        }
        ends += count_line_ends(r->text, r->text_len, &prev_cr);
    }
    r->text = r->sample;
    r->text_len = len;
    r->text_pos = 0;
    return CK_OK;
}

/* ---------- records ---------- */

static int field_too_long(const struct ck_reader *r, struct ck_error *e)
{
    return ck_error_set(e, CK_EINPUT, "%s:%ld: field longer than %zu bytes (limit; see --max-field)",
                        r->name, r->rec_line, r->max_field);
}

static int rec_reserve(struct ck_reader *r, size_t n, struct ck_error *e)
{
    if (n <= r->rec_cap)
        return CK_OK;
    /* both arrays grow from the same capacity to the same new one */
    size_t cap = r->rec_cap;
    if (ck_grow((void **)&r->rec_f, &cap, n, sizeof *r->rec_f))
        return ck_error_set(e, CK_ENOMEM, "out of memory");
    cap = r->rec_cap;
    if (ck_grow((void **)&r->rec_len, &cap, n, sizeof *r->rec_len))
        return ck_error_set(e, CK_ENOMEM, "out of memory");
    r->rec_cap = cap;
    return CK_OK;
}

static int rec_publish(struct ck_reader *r, struct ck_error *e)
{
    if (r->cb_err == 2)
        return field_too_long(r, e);
    if (r->cb_err)
        return ck_error_set(e, CK_ENOMEM, "%s:%ld: out of memory", r->name, r->rec_line);
    int rc = rec_reserve(r, r->nf, e);
    if (rc != CK_OK)
        return rc;
    for (size_t i = 0; i < r->nf; i++) {
        r->rec_f[i] = r->rbuf + r->roff[i];
        r->rec_len[i] = (i + 1 < r->nf ? r->roff[i + 1] : r->rbuf_len) - r->roff[i] - 1;
    }
    r->rec.n = r->nf;
    r->rec.f = r->rec_f;
    r->rec.len = r->rec_len;
    r->rec.line = r->rec_line;
    r->rec_as_is = 0;
    return CK_OK;
}

/* Count a line end that has just been consumed (a CR LF pair is one line end). */
static void count_line_end(struct ck_reader *r, const char *end, size_t seg)
{
    if (*end == '\r' || !(seg == 1 && r->prev_cr))
        r->line++;
    r->prev_cr = *end == '\r';
    r->cr_ends += *end == '\r';
}

enum { SPLIT_LIBCSV = -1 };

/* The fast path of csv_next_record, for a complete line at s (n bytes of text from there):
 * fields are cut where they lie (csv_cut_line); anything else returns SPLIT_LIBCSV untouched,
 * for libcsv. The escapes are then removed and each field terminated by overwriting its
 * delimiter. A blank line makes no record, as in libcsv. */
static int split_line(struct ck_reader *r, char *s, size_t n, const struct ck_row **out,
                      struct ck_error *e)
{
    struct csv_cut c = {r->rec_f, r->rec_len, r->rec_cap, 0, 0, 0};
    int cut = csv_cut_line(s, n, (char)r->delim, &c);
    r->rec_f = c.f;
    r->rec_len = c.len;
    r->rec_cap = c.cap;
    if (cut == CSV_CUT_NOMEM)
        return ck_error_set(e, CK_ENOMEM, "out of memory");
    if (cut == CSV_CUT_LIBCSV)
        return SPLIT_LIBCSV;
    count_line_end(r, s + c.seg - 1, c.seg);
    r->text_pos += c.seg;
    if (c.nf == 0)
        return CK_OK; /* *out stays NULL: the caller reads on */
    size_t bytes = 0;               /* of the fields, unquoted */
    int lf = s[c.seg - 1] == '\n'; /* before the fields' NULs overwrite it */
    for (size_t i = 0; i < c.nf; i++) {
        char *f = r->rec_f[i];
        size_t len = r->rec_len[i];
        if (c.esc && memchr(f, '"', len)) {
            size_t j = 0;
            for (size_t k = 0; k < len; k++) {
                f[j++] = f[k];
                k += f[k] == '"';
            }
            len = j;
        }
        if (len > r->max_field)
            return field_too_long(r, e);
        f[len] = 0;
        r->rec_len[i] = len;
        bytes += len;
    }
    r->rec.n = c.nf;
    r->rec.f = r->rec_f;
    r->rec.len = r->rec_len;
    r->rec.line = r->rec_line;
    /* the line is its fields and commas, then its LF, only when no field was quoted (a quote
     * takes bytes), and the text is the file's own bytes */
    r->rec_as_is = r->delim == ',' && r->enc != ENC_ICONV && lf && bytes + c.nf == c.seg;
    *out = &r->rec;
    return CK_OK;
}

/* Feed text to libcsv one physical line at a time, so that each record knows the line it
 * started on and an unterminated quote can name the line where its field began. */
int csv_next_record(struct ck_reader *r, const struct ck_row **out, struct ck_error *e)
{
    int rc;
    /* the previous record's storage is reused */
    r->nf = 0;
    r->rbuf_len = 0;
    r->row_done = 0;
    *out = NULL;
    if (r->eof)
        return CK_OK;
    for (;;) {
        if (r->text_pos == r->text_len) {
            if ((rc = ck_csv_next_text(r, e)) != CK_OK)
                return rc;
            if (r->text_len == 0) {
                if (r->p.pstate == LIBCSV_FIELD_BEGUN && r->p.quoted)
                    return ck_error_set(e, CK_EINPUT,
                                        "%s:%ld: unterminated quoted field (the quote that opens "
                                        "it is never closed)",
                                        r->name, r->quote_line);
                if (r->p.pstate != LIBCSV_ROW_NOT_BEGUN && r->line > r->rec_line)
                    r->line--; /* the record ended at end of file, not on a new line */
                csv_fini(&r->p, on_field, on_row, r);
                r->eof = 1;
                if (r->row_done) {
                    if ((rc = rec_publish(r, e)) != CK_OK)
                        return rc;
                    *out = &r->rec;
                }
                return CK_OK;
            }
        }
        char *s = r->text + r->text_pos;
        size_t n = r->text_len - r->text_pos;
        if (r->p.pstate == LIBCSV_ROW_NOT_BEGUN) {
            r->rec_line = r->line;
            /* A whole line whose fields are the bytes between delimiters (or plainly quoted),
             * exactly what libcsv would build: they are cut in place. */
            if ((rc = split_line(r, s, n, out, e)) != SPLIT_LIBCSV) {
                if (rc != CK_OK || *out)
                    return rc;
                continue; /* a blank line */
            }
        }
        /* a segment ends after the first line terminator */
        char *nl = memchr(s, '\n', n);
        char *cr = memchr(s, '\r', nl ? (size_t)(nl - s) : n);
        char *end = cr ? cr : nl;
        size_t seg = end ? (size_t)(end - s) + 1 : n;
        int was_open = r->quote_open;
        size_t nf_before = r->nf;
        long seg_line = r->line;
        if (csv_parse(&r->p, s, seg, on_field, on_row, r) != seg)
            return ck_error_set(e, CK_ENOMEM, "%s:%ld: %s", r->name, r->line,
                                _(csv_strerror(csv_error(&r->p))));
        r->text_pos += seg;
        if (end) {
            count_line_end(r, end, seg);
        } else if (seg) {
            r->prev_cr = 0;
        }
        r->quote_open = r->p.pstate == LIBCSV_FIELD_BEGUN && r->p.quoted;
        if (r->quote_open && (!was_open || r->nf != nf_before))
            r->quote_line = seg_line;
        if (r->p.entry_pos > r->max_field)
            return ck_error_set(e, CK_EINPUT,
                                "%s:%ld: field longer than %zu bytes (limit; see --max-field)",
                                r->name, r->rec_line, r->max_field);
        if (r->row_done) {
            if ((rc = rec_publish(r, e)) != CK_OK)
                return rc;
            *out = &r->rec;
            return CK_OK;
        }
    }
}

/* Scan the text to its end (the end of input, or of the bytes allowed), counting the fields of
 * each record without building them: the same quoting rules as libcsv's lenient mode, at
 * memory speed. The bytes themselves are scanned by csv_width_block. */
static int scan_width_run(struct ck_reader *r, struct csv_width_scan *w, struct ck_error *e)
{
    int rc;
    for (;;) {
        if (r->text_pos == r->text_len) {
            if ((rc = ck_csv_next_text(r, e)) != CK_OK)
                return rc;
            if (r->text_len == 0)
                return CK_OK;
        }
        /* keep r->line true so that a decoding error later names the right line */
        csv_width_block(w, r->text + r->text_pos, r->text_len - r->text_pos, (char)r->delim,
                        &r->line, &r->prev_cr);
        r->text_pos = r->text_len;
    }
}

/* The second half of a split width pass, on its own thread with its own descriptor and
 * buffers; its errors are not reported from here (their line numbers would be relative): the
 * first thread scans that half again and reports them itself. */
struct width_half {
    struct ck_reader c;
    struct csv_width_scan w;
    struct ck_error e;
    int rc;
};

static void *width_half_main(void *arg)
{
    struct width_half *h = arg;
    h->rc = scan_width_run(&h->c, &h->w, &h->e);
    return NULL;
}

/* Start scanning the second half of the rest of a large file on a second thread, from the
 * first line end after its middle. Only where a line end byte is always a line end byte, in
 * UTF-8 and the GB family; never while the encoding is still undecided. Returns the offset
 * where the half begins, or -1 (the whole pass stays on this thread). */
static long long width_half_start(struct ck_reader *r, struct width_half *h, pthread_t *tid)
{
    const char *file = r->spool ? r->spool : r->path;
    struct stat st;
    if (!ck_threads_allowed() || !file || r->enc == ENC_UNDECIDED ||
        (r->enc == ENC_ICONV && strncasecmp(r->enc_name, "GB", 2) != 0) ||
        fstat(r->fd, &st) != 0 || !S_ISREG(st.st_mode))
        return -1;
    off_t cur = lseek(r->fd, 0, SEEK_CUR);
    if (cur < 0 || st.st_size - cur < (off_t)(8 << 20))
        return -1;
    off_t mid = cur + (st.st_size - cur) / 2;
    char buf[65536];
    ssize_t n = pread(r->fd, buf, sizeof buf, mid);
    const char *nl = n > 0 ? memchr(buf, '\n', (size_t)n) : NULL;
    if (!nl)
        return -1;
    off_t at = mid + (nl - buf) + 1;
    memset(h, 0, sizeof *h);
    struct ck_reader *c = &h->c;
    c->name = r->name;
    c->delim = r->delim;
    c->enc = r->enc;
    c->cd = (iconv_t)-1;
    c->line = 1;
    c->raw = malloc(CK_CSV_RAW_CAP);
    c->dec = malloc(CK_CSV_DEC_CAP);
    c->fd = open(file, O_RDONLY | O_CLOEXEC);
    if (!c->raw || !c->dec || c->fd < 0 || lseek(c->fd, at, SEEK_SET) != at ||
        (r->enc == ENC_ICONV && (c->cd = iconv_open("UTF-8", r->enc_name)) == (iconv_t)-1) ||
        pthread_create(tid, NULL, width_half_main, h) != 0) {
        if (c->cd != (iconv_t)-1)
            iconv_close(c->cd);
        if (c->fd >= 0)
            close(c->fd);
        free(c->raw);
        free(c->dec);
        return -1;
    }
    return (long long)at;
}

static void width_half_free(struct width_half *h)
{
    if (h->c.cd != (iconv_t)-1)
        iconv_close(h->c.cd);
    close(h->c.fd);
    free(h->c.raw);
    free(h->c.dec);
}

/* The widest record from here to the end (import's first pass). A large file is scanned in
 * two halves on two threads; when the first half ends inside a quoted field, the guess about
 * where the second half's records begin was wrong and this thread scans on by itself. */
static int csv_scan_width(struct ck_reader *r, size_t *width, struct ck_error *e)
{
    struct csv_width_scan w = {CSV_W_START, 0, *width, 0, r->line};
    struct width_half h;
    pthread_t tid;
    int rc;
    long long at = width_half_start(r, &h, &tid);
    if (at >= 0) {
        off_t cur = lseek(r->fd, 0, SEEK_CUR);
        r->raw_left = at - (long long)cur;
        if (r->raw_left == 0)
            r->raw_eof = 1;
        rc = scan_width_run(r, &w, e);
        pthread_join(tid, NULL);
        width_half_free(&h);
        r->raw_left = 0;
        if (rc != CK_OK)
            return rc;
        if (w.st == CSV_W_START && !w.in_row && h.rc == CK_OK && h.w.st != CSV_W_QUOTED) {
            *width = w.widest > h.w.widest ? w.widest : h.w.widest;
            w = h.w; /* the end state is the second half's */
            w.widest = *width;
        } else {
            /* the first half ends inside a record, or the second has something to report
             * (with its own line numbers): read on from the middle on this thread */
            r->raw_eof = 0;
            if ((rc = scan_width_run(r, &w, e)) != CK_OK)
                return rc;
        }
    } else if ((rc = scan_width_run(r, &w, e)) != CK_OK) {
        return rc;
    }
    /* Every byte from here on has been validated: the second pass need not do it again. */
    r->utf8_trusted = r->enc == ENC_UTF8;
    if (w.st == CSV_W_QUOTED)
        return ck_error_set(e, CK_EINPUT,
                            "%s:%ld: unterminated quoted field (the quote that opens it is never "
                            "closed)",
                            r->name, w.quote_line);
    if (w.in_row && w.fields + 1 > w.widest)
        w.widest = w.fields + 1;
    *width = w.widest;
    return CK_OK;
}

static void row_free(struct ck_row *row)
{
    for (size_t i = 0; i < row->n; i++)
        free(row->f[i]);
    free(row->f);
    free(row->len);
    memset(row, 0, sizeof *row);
}

static int row_copy(struct ck_row *dst, const struct ck_row *src)
{
    dst->n = 0;
    dst->line = src->line;
    dst->f = calloc(src->n ? src->n : 1, sizeof *dst->f);
    dst->len = calloc(src->n ? src->n : 1, sizeof *dst->len);
    if (!dst->f || !dst->len)
        return -1;
    for (size_t i = 0; i < src->n; i++, dst->n++) {
        if (!(dst->f[i] = malloc(src->len[i] + 1)))
            return -1;
        memcpy(dst->f[i], src->f[i], src->len[i]);
        dst->f[i][src->len[i]] = 0;
        dst->len[i] = src->len[i];
    }
    return 0;
}

/* Start the read-ahead thread the first time records are asked for, once the header is known. */
static void ahead_start(struct ck_reader *r)
{
    if (r->opened && !r->pa && !r->eof && !r->pa_tried) {
        r->pa_tried = 1;
        csv_ahead_start(r, csv_next_record);
    }
}

/* Count k records of nf fields each in the reader's stats. */
static void count_records(struct ck_reader *r, size_t nf, long k)
{
    if (nf < r->header_fields && !r->xlsx)
        r->stats.short_rows += k;
    else if (nf > r->header_fields)
        r->stats.long_rows += k;
    r->stats.records += k;
}

static int source_next(struct ck_reader *r, const struct ck_row **out, struct ck_error *e)
{
    r->src_as_is = 0;
    if (r->xlsx)
        return ck_xlsx_next(r->xlsx, out, e);
    ahead_start(r);
    int rc;
    if (r->pa) {
        rc = csv_ahead_next(r, out, e);
        r->src_as_is = rc == CK_OK && *out && csv_ahead_as_is(r);
    } else {
        rc = csv_next_record(r, out, e);
        r->src_as_is = rc == CK_OK && *out && r->rec_as_is;
    }
    return rc;
}

int ck_reader_lend(struct ck_reader *r, size_t max, struct csv_lent *v)
{
    memset(v, 0, sizeof *v);
    if (r->xlsx || r->ahead_pos < r->ahead_n)
        return -1;
    ahead_start(r);
    if (!r->pa || csv_ahead_lend(r, r->width, max, v) != 0)
        return -1;
    count_records(r, r->width, (long)v->n); /* all of them have width fields */
    return 0;
}

void ck_reader_give_back(struct ck_reader *r, struct csv_lent *v)
{
    if (r->pa)
        csv_ahead_give_back(r, v);
}

static int raw_next(struct ck_reader *r, const struct ck_row **out, struct ck_error *e)
{
    if (r->ahead_pos < r->ahead_n) {
        row_free(&r->given);
        r->given = r->ahead[r->ahead_pos];
        memset(&r->ahead[r->ahead_pos++], 0, sizeof r->given);
        r->src_as_is = 0; /* copied for the header: not known */
        *out = &r->given;
        return CK_OK;
    }
    return source_next(r, out, e);
}

/* ---------- opening, sniffing and rewinding ---------- */

/* No bytes at all. Through a pipe that nearly always means the command before this one in a
 * pipeline failed (its own message is above), so say that instead of blaming the data. */
static int empty_input(const struct ck_reader *r, struct ck_error *e)
{
    if (r->piped)
        return ck_error_set(e, CK_EINPUT, "%s: no input (did the command before this one fail?)",
                            r->name);
    return ck_error_set(e, CK_EINPUT, "%s: empty file, no header row", r->name);
}

static int csv_start(struct ck_reader *r, struct ck_error *e)
{
    int rc;
    if (r->enc == ENC_ICONV) {
        iconv_close(r->cd);
        r->cd = (iconv_t)-1;
    }
    r->enc = ENC_UNDECIDED;
    r->enc_name[0] = 0;
    r->forced = 0;
    if ((rc = ck_csv_raw_fill(r, e)) != CK_OK)
        return rc;
    const unsigned char *s = r->raw;
    if (r->raw_len == 0)
        return empty_input(r, e);
    const char *enc = r->opts.encoding;
    if (r->raw_len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
        r->raw_pos = 3;
        if (!enc || ck_csv_is_utf8_name(enc)) {
            r->enc = ENC_UTF8;
            snprintf(r->enc_name, sizeof r->enc_name, "UTF-8 (BOM)");
        }
    } else if (r->raw_len >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) || (s[0] == 0xFE && s[1] == 0xFF))) {
        if (!enc) {
            r->raw_pos = 2;
            if ((rc = ck_csv_open_iconv(r, s[0] == 0xFF ? "UTF-16LE" : "UTF-16BE", e)) != CK_OK)
                return rc;
        }
    }
    if (enc && r->enc == ENC_UNDECIDED) {
        r->forced = 1;
        if (ck_csv_is_utf8_name(enc)) {
            r->enc = ENC_UTF8;
            snprintf(r->enc_name, sizeof r->enc_name, "UTF-8");
        } else if ((rc = ck_csv_open_iconv(r, enc, e)) != CK_OK) {
            return rc;
        }
    }
    if (!r->dec && !(r->dec = malloc(CK_CSV_DEC_CAP)))
        return ck_error_set(e, CK_ENOMEM, "out of memory");

    csv_free(&r->p);
    if (csv_init(&r->p, CSV_APPEND_NULL) != 0)
        return ck_error_set(e, CK_ENOMEM, "out of memory");
    csv_set_space_func(&r->p, no_space);
    r->line = 1;
    r->rec_line = 1;
    r->prev_cr = 0;
    r->quote_open = 0;
    r->eof = 0;
    r->text_len = r->text_pos = 0;

    /* Sniff the delimiter on the first lines of text, decoded. */
    r->sample_rc = CK_OK;
    if ((rc = ck_csv_next_text(r, e)) != CK_OK)
        return rc;
    if (r->text_len == 0)
        return ck_error_set(e, CK_EINPUT, "%s: empty file, no header row", r->name);
    if (r->opts.delimiter) {
        r->delim = r->opts.delimiter;
    } else {
        int at_end;
        if ((rc = read_sample(r, &at_end, e)) != CK_OK)
            return rc;
        r->delim = sniff_delimiter(r->text, r->text_len, at_end);
    }
    csv_set_delim(&r->p, (unsigned char)r->delim);
    r->stats.delimiter = r->delim;
    return CK_OK;
}

static int source_start(struct ck_reader *r, struct ck_error *e)
{
    int rc;
    if (r->xlsx) {
        if ((rc = ck_xlsx_select(r->xlsx, r->opts.sheet, e)) != CK_OK)
            return rc;
        r->eof = 0;
        return CK_OK;
    }
    if (lseek(r->fd, 0, SEEK_SET) != 0)
        return ck_error_set(e, CK_EINPUT, "%s: cannot rewind: %s", r->name, _(strerror(errno)));
    r->raw_len = r->raw_pos = 0;
    r->raw_eof = 0;
    r->raw_off = 0;
    return csv_start(r, e);
}

/* Copy standard input, or a pipe given by name (a FIFO, /dev/stdin, <(…)), to a temporary file
 * so it can be read twice (or by minizip). */
static int spool_stdin(struct ck_reader *r, const unsigned char *head, size_t n,
                       struct ck_error *e)
{
    const char *dir = getenv("TMPDIR");
    char tmpl[4096];
    snprintf(tmpl, sizeof tmpl, "%s/custkit-stdin.XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(tmpl);
    if (fd < 0)
        return ck_error_set(e, CK_EINPUT, "%s: cannot spool to %s: %s", r->name, tmpl,
                            _(strerror(errno)));
    if (!(r->spool = strdup(tmpl))) {
        close(fd);
        unlink(tmpl);
        return ck_error_set(e, CK_ENOMEM, "out of memory");
    }
    ck_tempfile_register(r->spool);
    int rc = CK_OK;
    if (n && write(fd, head, n) != (ssize_t)n)
        rc = ck_error_set(e, CK_EINPUT, "%s: %s", tmpl, _(strerror(errno)));
    char buf[65536];
    for (ssize_t k; rc == CK_OK && (k = read(r->fd, buf, sizeof buf)) != 0;) {
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0 || write(fd, buf, (size_t)k) != k)
            rc = ck_error_set(e, CK_EINPUT, "%s: spooling: %s", r->name, _(strerror(errno)));
    }
    if (rc != CK_OK) {
        close(fd);
        return rc;
    }
    if (r->fd > 0)
        close(r->fd); /* a named pipe, read to its end */
    r->fd = fd;
    return CK_OK;
}

/* ---------- header ---------- */

static int row_is_blank(const struct ck_row *row)
{
    for (size_t i = 0; i < row->n; i++)
        if (row->len[i])
            return 0;
    return 1;
}

/* The header names given out so far, hashed: a header of 100,000 columns (or of 5,000 copies
 * of one name) is made unique in linear time, not quadratic or cubic. */
struct name_index {
    size_t *slot; /* index into names, SIZE_MAX = empty; cap is a power of two */
    size_t cap;
    int *next;    /* per column: the next suffix to try for its name ("a" → a_2, a_3 …) */
};

static size_t name_hash(const char *s)
{
    size_t h = 1469598103934665603u & SIZE_MAX; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

static int name_index_init(struct name_index *x, size_t width)
{
    x->cap = 16;
    while (x->cap < 2 * width + 2)
        x->cap *= 2;
    x->slot = malloc(x->cap * sizeof *x->slot);
    x->next = malloc((width ? width : 1) * sizeof *x->next);
    if (!x->slot || !x->next)
        return -1;
    for (size_t i = 0; i < x->cap; i++)
        x->slot[i] = SIZE_MAX;
    return 0;
}

/* The column that holds name s, or SIZE_MAX; *at gets the slot where s is or would go. */
static size_t name_find(const struct name_index *x, char **names, const char *s, size_t *at)
{
    size_t i = name_hash(s) & (x->cap - 1);
    while (x->slot[i] != SIZE_MAX && strcmp(names[x->slot[i]], s) != 0)
        i = (i + 1) & (x->cap - 1);
    *at = i;
    return x->slot[i];
}

static int build_header(struct ck_reader *r, const struct ck_row *h, size_t width,
                        struct ck_error *e)
{
    char **names = calloc(width ? width : 1, sizeof *names);
    size_t *lens = calloc(width ? width : 1, sizeof *lens);
    if (!names || !lens) {
        free(names);
        free(lens);
        return ck_error_set(e, CK_ENOMEM, "out of memory");
    }
    r->header.f = names;
    r->header.len = lens;
    r->header.line = h->line;
    r->header_fields = h->n;
    struct name_index ix;
    if (name_index_init(&ix, width) != 0) {
        free(ix.slot);
        free(ix.next);
        return ck_error_set(e, CK_ENOMEM, "out of memory");
    }
    int rc = CK_OK;
    for (size_t i = 0; i < width; i++) {
        char *nm = i < h->n ? csv_header_clean_name(h->f[i], h->len[i]) : strdup("");
        if (!nm) {
            rc = ck_error_set(e, CK_ENOMEM, "out of memory");
            break;
        }
        if (*nm) {
            r->stats.named_headers++;
        } else {
            free(nm);
            if (i < h->n)
                r->stats.empty_headers++;
            if (!(nm = malloc(32))) {
                rc = ck_error_set(e, CK_ENOMEM, "out of memory");
                break;
            }
            snprintf(nm, 32, "column_%zu", i + 1);
        }
        size_t at, owner = name_find(&ix, names, nm, &at);
        if (owner != SIZE_MAX) {
            size_t cap = strlen(nm) + 24;
            char *u = malloc(cap);
            if (!u) {
                free(nm);
                rc = ck_error_set(e, CK_ENOMEM, "out of memory");
                break;
            }
            /* suffixes below next[owner] were taken when tried, and names are never removed */
            int k = ix.next[owner];
            for (;; k++) {
                snprintf(u, cap, "%s_%d", nm, k);
                if (name_find(&ix, names, u, &at) == SIZE_MAX)
                    break;
            }
            ix.next[owner] = k + 1;
            free(nm);
            nm = u;
            r->stats.dup_headers++;
        }
        names[i] = nm;
        lens[i] = strlen(nm);
        ix.slot[at] = i;
        ix.next[i] = 2;
        r->header.n = i + 1;
    }
    free(ix.slot);
    free(ix.next);
    if (rc != CK_OK)
        return rc;
    r->width = width;
    return CK_OK;
}

static void ahead_clear(struct ck_reader *r)
{
    for (size_t i = 0; i < r->ahead_n; i++)
        row_free(&r->ahead[i]);
    row_free(&r->given);
    r->ahead_n = r->ahead_pos = 0;
}

/* Keep a copy of row, read while looking for the header, to hand out again. */
static int ahead_keep(struct ck_reader *r, const struct ck_row *row, long index, struct ck_error *e)
{
    r->ahead_index[r->ahead_n] = index;
    if (row_copy(&r->ahead[r->ahead_n++], row) != 0)
        return ck_error_set(e, CK_ENOMEM, "out of memory");
    return CK_OK;
}

/* Without --header-row or --skip-rows: the header is the first non-blank row, except that
 * rows holding a single value above a wider row are titles ("客户名单（2026年第三季度）"), as
 * Chinese reports often have, unless that wider row holds only numbers and dates: then it
 * is data, and the single value ("Summe") is the header. And a row of group labels over
 * merged ranges ("基本信息,,,消费情况,,") above a full row of names is skipped: the names
 * are the header. Rows read ahead to decide are handed out again as data. */
static int find_header_auto(struct ck_reader *r, const struct ck_row **h, struct ck_error *e)
{
    const struct ck_row *row;
    long index = 0;
    int rc;
    ahead_clear(r);
    r->stats.title_rows = 0;
    r->stats.guess = CK_GUESS_NONE;
    r->stats.guess_line = r->stats.guess_row = 0;
    while (r->ahead_n < CK_TITLE_LOOK) {
        if ((rc = source_next(r, &row, e)) != CK_OK)
            return rc;
        if (!row)
            break;
        index++;
        if (row_is_blank(row))
            continue;
        size_t filled = csv_row_filled(row);
        if (r->ahead_n == 0 && filled != 1 && !csv_row_may_be_groups(row)) {
            *h = row; /* the usual case: a real header straight away */
            r->stats.header_row = index;
            return CK_OK;
        }
        if ((rc = ahead_keep(r, row, index, e)) != CK_OK)
            return rc;
        if (filled != 1)
            break;
    }
    if (r->ahead_n == 0)
        return ck_error_set(e, CK_EINPUT, "%s: no header row (the table is empty)", r->name);
    size_t k = r->ahead_n - 1;
    if (csv_row_filled(&r->ahead[k]) < 2) {
        k = 0; /* a one-column table: no titles after all */
    } else if (csv_row_all_numbers(&r->ahead[k])) {
        r->stats.guess = CK_GUESS_TITLE_KEPT;
        r->stats.guess_line = r->ahead[k].line;
        r->stats.guess_row = r->ahead_index[k];
        k = 0;
    }
    r->stats.title_rows = (long)k;
    if (k + 1 == r->ahead_n && csv_row_may_be_groups(&r->ahead[k])) {
        /* the row below tells (it is kept, blank or not, to be handed out as data) */
        if ((rc = source_next(r, &row, e)) != CK_OK)
            return rc;
        if (row && (rc = ahead_keep(r, row, ++index, e)) != CK_OK)
            return rc;
        if (row && csv_row_groups_over(&r->ahead[k], &r->ahead[k + 1])) {
            r->stats.guess = CK_GUESS_GROUPS;
            r->stats.guess_line = r->ahead[k].line;
            r->stats.guess_row = r->ahead_index[k];
            k++;
        }
    }
    r->stats.header_row = r->ahead_index[k];
    r->ahead_pos = k;
    return raw_next(r, h, e);
}

/* Find the header record: skip --skip-rows records, then the --header-row'th record, or
 * (with neither) the first non-blank one after any title rows. */
static int find_header(struct ck_reader *r, const struct ck_row **h, struct ck_error *e)
{
    int rc;
    long index = 0;
    if (r->opts.skip_rows == 0 && r->opts.header_row == 0)
        return find_header_auto(r, h, e);
    for (;;) {
        if ((rc = raw_next(r, h, e)) != CK_OK)
            return rc;
        if (!*h)
            return ck_error_set(e, CK_EINPUT, "%s: no header row (the table is empty)", r->name);
        index++;
        if (index <= r->opts.skip_rows)
            continue;
        r->stats.header_row = index - r->opts.skip_rows;
        if (r->opts.header_row > 0) {
            if (index - r->opts.skip_rows < r->opts.header_row)
                continue;
            return CK_OK;
        }
        if (!row_is_blank(*h))
            return CK_OK;
    }
}

static int open_header(struct ck_reader *r, struct ck_error *e)
{
    const struct ck_row *h = NULL;
    int rc = find_header(r, &h, e);
    if (rc != CK_OK)
        return rc;
    if (!h) /* not reached: find_header gives a row whenever it succeeds */
        return ck_error_set(e, CK_EINPUT, "%s: no header row (the table is empty)", r->name);
    size_t width = h->n;
    /* XLSX rows come trimmed of trailing empty cells; so may the header. */
    if (r->opts.prescan) {
        const struct ck_row *row;
        /* copy the header: the record storage is reused by the scan */
        struct ck_row copy = {0};
        if (row_copy(&copy, h) != 0) {
            row_free(&copy);
            return ck_error_set(e, CK_ENOMEM, "out of memory");
        }
        long xw = -1;
        /* rows read ahead below the header, to judge it, are data the scan will not see */
        for (size_t i = r->ahead_pos; i < r->ahead_n; i++)
            if (r->ahead[i].n > width)
                width = r->ahead[i].n;
        if (rc == CK_OK && !r->xlsx)
            rc = csv_scan_width(r, &width, e);
        else if (rc == CK_OK && (rc = ck_xlsx_scan_width(r->xlsx, &xw, e)) == CK_OK && xw >= 0)
            width = (size_t)xw > width ? (size_t)xw : width;
        if (rc == CK_OK && r->xlsx && xw < 0 && (rc = source_start(r, e)) == CK_OK &&
            (rc = find_header(r, &row, e)) == CK_OK) /* no references: read the rows */
            while ((rc = raw_next(r, &row, e)) == CK_OK && row)
                if (row->n > width)
                    width = row->n;
        if (rc == CK_OK)
            rc = build_header(r, &copy, width, e);
        row_free(&copy);
        if (rc != CK_OK)
            return rc;
        /* second pass: skip to just after the header */
        if ((rc = source_start(r, e)) != CK_OK)
            return rc;
        if ((rc = find_header(r, &h, e)) != CK_OK)
            return rc;
    } else if ((rc = build_header(r, h, width, e)) != CK_OK) {
        return rc;
    }
    r->out.f = calloc(r->width ? r->width : 1, sizeof *r->out.f);
    r->out.len = calloc(r->width ? r->width : 1, sizeof *r->out.len);
    if (!r->out.f || !r->out.len)
        return ck_error_set(e, CK_ENOMEM, "out of memory");
    r->out.n = r->width;
    return CK_OK;
}

int ck_reader_open(struct ck_reader **out, const char *path, const struct ck_read_opts *o,
                   struct ck_error *e)
{
    struct ck_reader *r = calloc(1, sizeof *r);
    if (!r)
        return ck_error_set(e, CK_ENOMEM, "out of memory");
    static const struct ck_read_opts defaults;
    r->opts = o ? *o : defaults;
    r->max_field = r->opts.max_field ? r->opts.max_field : CK_MAX_FIELD_DEFAULT;
    r->cd = (iconv_t)-1;
    r->fd = -1;
    int rc = CK_OK;
    int is_stdin = !path || strcmp(path, "-") == 0;
    r->name = strdup(is_stdin ? "<stdin>" : path);
    r->raw = malloc(CK_CSV_RAW_CAP);
    if (!r->name || !r->raw) {
        rc = ck_error_set(e, CK_ENOMEM, "out of memory");
        goto fail;
    }
    if (is_stdin) {
        r->fd = 0;
    } else {
        struct stat st;
        r->path = strdup(path);
        r->fd = open(path, O_RDONLY | O_CLOEXEC);
        if (!r->path || r->fd < 0) {
            rc = ck_error_set(e, CK_EINPUT, "%s: %s", path, _(strerror(errno)));
            goto fail;
        }
        if (fstat(r->fd, &st) == 0 && S_ISDIR(st.st_mode)) {
            rc = ck_error_set(e, CK_EINPUT, "%s: is a directory", path);
            goto fail;
        }
    }
    /* Sniff the container by its first bytes. */
    if ((rc = ck_csv_raw_fill(r, e)) != CK_OK)
        goto fail;
    enum ck_container kind = ck_container_of(r->raw, r->raw_len);
    int is_zip = kind == CK_CONTAINER_ZIP, is_ole = kind == CK_CONTAINER_OLE;
    /* a named pipe that is a workbook, or read twice, is spooled like standard input: minizip
     * would open it again and wait for a writer that is gone, and a rewind would fail */
    int seekable = lseek(r->fd, 0, SEEK_CUR) >= 0;
    r->piped = !seekable;
    if ((is_stdin && (is_zip || is_ole)) || (!seekable && (is_zip || is_ole || r->opts.prescan))) {
        if ((rc = spool_stdin(r, r->raw, r->raw_len, e)) != CK_OK)
            goto fail;
        r->raw_len = r->raw_pos = 0;
        r->raw_eof = 0;
    }
    const char *file = r->spool ? r->spool : r->path;
    if (is_ole && r->opts.password && ck_ole_is_encrypted(file)) {
        /* decrypted into an unlinked temporary file: the plaintext never has a name on disk */
        if ((rc = ck_decrypt_workbook(file, r->name, r->opts.password, getenv("TMPDIR"),
                                      &r->plain_fd, e)) != CK_OK)
            goto fail;
        snprintf(r->plain_path, sizeof r->plain_path, "/proc/self/fd/%d", r->plain_fd);
        file = r->plain_path;
        is_ole = 0, is_zip = 1;
    }
    if (is_ole && !ck_ole_is_workbook(file)) {
        rc = ck_ole_explain(file, r->name, e);
        goto fail;
    }
    if (is_zip || is_ole) { /* XLSX, or an old Excel workbook (.xls) read alike */
        if ((rc = ck_xlsx_open_named(&r->xlsx, file, r->name, e)) != CK_OK)
            goto fail;
        ck_xlsx_want_width(r->xlsx, r->opts.prescan);
        r->stats.is_xlsx = 1;
        snprintf(r->enc_name, sizeof r->enc_name, is_ole ? "XLS" : "XLSX");
        rc = ck_xlsx_select(r->xlsx, r->opts.sheet, e);
    } else if (r->spool) {
        rc = source_start(r, e);
    } else {
        rc = csv_start(r, e); /* the bytes already read are the start of the text */
    }
    if (rc != CK_OK)
        goto fail;
    if ((rc = open_header(r, e)) != CK_OK)
        goto fail;
    if (r->xlsx) {
        const char *sheet = ck_xlsx_selected(r->xlsx);
        char *nm = malloc(strlen(r->name) + strlen(sheet) + 2);
        if (!nm) {
            rc = ck_error_set(e, CK_ENOMEM, "out of memory");
            goto fail;
        }
        sprintf(nm, "%s:%s", r->name, sheet);
        free(r->name);
        r->name = nm;
    }
    r->stats.encoding = r->enc_name;
    r->opened = 1;
    *out = r;
    return CK_OK;
fail:
    ck_reader_close(r);
    return rc;
}

const struct ck_row *ck_reader_header(const struct ck_reader *r)
{
    return &r->header;
}

int ck_reader_next(struct ck_reader *r, const struct ck_row **row, struct ck_error *e)
{
    const struct ck_row *rec;
    int rc;
    *row = NULL;
    do {
        if ((rc = raw_next(r, &rec, e)) != CK_OK)
            return rc;
        if (!rec)
            return CK_OK;
        /* XLSX rows without any value are not rows; CSV's blank lines never get here */
    } while (r->xlsx && row_is_blank(rec));
    if (rec->n > r->width) {
        /* Only without a prescan: every extra field must have a header to be kept. */
        for (size_t i = r->width; i < rec->n; i++)
            if (rec->len[i])
                return ck_error_set(e, CK_EINPUT,
                                    "%s:%ld: %zu fields but the header has %zu (read the file "
                                    "with custkit import, which keeps extra fields as column_N)",
                                    r->name, rec->line, rec->n, r->width);
    }
    count_records(r, rec->n, 1);
    for (size_t i = 0; i < r->width; i++) {
        if (i < rec->n) {
            r->out.f[i] = rec->f[i];
            r->out.len[i] = rec->len[i];
        } else {
            r->out.f[i] = (char *)empty;
            r->out.len[i] = 0;
        }
    }
    r->out.line = rec->line;
    r->out_as_is = r->src_as_is && rec->n == r->width;
    *row = &r->out;
    return CK_OK;
}

const char *ck_reader_name(const struct ck_reader *r)
{
    return r->name;
}

int ck_reader_as_is(const struct ck_reader *r)
{
    return r->out_as_is;
}

int ck_reader_lf_bytes(const struct ck_reader *r)
{
    return !r->xlsx && r->enc != ENC_ICONV && r->cr_ends == 0;
}

const struct ck_read_stats *ck_reader_stats(const struct ck_reader *r)
{
    if (r->xlsx) {
        struct ck_reader *w = (struct ck_reader *)r;
        w->stats.error_cells = ck_xlsx_error_cells(r->xlsx);
        w->stats.formulas_unread = ck_xlsx_formulas_unread(r->xlsx, w->stats.formula_first);
    }
    return &r->stats;
}

void ck_reader_close(struct ck_reader *r)
{
    if (!r)
        return;
    csv_ahead_stop(r);
    if (r->xlsx)
        ck_xlsx_close(r->xlsx);
    if (r->cd != (iconv_t)-1)
        iconv_close(r->cd);
    csv_free(&r->p);
    if (r->fd > 0)
        close(r->fd);
    if (r->plain_fd > 0)
        close(r->plain_fd);
    if (r->spool) {
        unlink(r->spool);
        ck_tempfile_unregister(r->spool);
        free(r->spool);
    }
    for (size_t i = 0; i < r->header.n; i++)
        free(r->header.f[i]);
    free(r->header.f);
    free(r->header.len);
    free(r->out.f);
    free(r->out.len);
    ahead_clear(r);
    free(r->rec_f);
    free(r->rec_len);
    free(r->rbuf);
    free(r->roff);
    free(r->raw);
    free(r->dec);
    free(r->sample);
    free(r->name);
    free(r->path);
    free(r);
}
