/* xlsx_internal.h — private interface between the parts of the XLSX reader: the zip container
 * with its limits (xlsx_zip.c), number formats and dates (xlsx_style.c), sheets (xlsx_read.c). */
#ifndef CK_XLSX_INTERNAL_H
#define CK_XLSX_INTERNAL_H

/* Debian's libexpat is built with DTD support, which the billion-laughs protection settings
 * belong to; expat.h declares them only when XML_DTD is defined. */
#ifndef XML_DTD
#define XML_DTD 1
#endif
#include <expat.h>
#include <minizip/unzip.h>
#include <stdint.h>

#include "io/io.h"

/* Like ck_xlsx_open, naming the workbook `display` in messages: the table reader spools a
 * pipe to a temporary file and wants "<stdin>" said, not the spool's path. (For custkit.h.) */
int ck_xlsx_open_named(struct ck_xlsx **x, const char *path, const char *display,
                       struct ck_error *e);

/* Limits that keep hostile workbooks from exhausting memory or time. Tests lower them. */
struct ck_xlsx_limits {
    uint64_t max_total;    /* uncompressed bytes inflated from one workbook, all entries, at
                            * least; more when total_ratio times the file's size is more */
    uint64_t total_ratio;  /* the workbook's total as a multiple of its size on disk (0: off);
                            * at most max_ratio, so that a workbook whose every part passes the
                            * ratio check and is read once passes this one too */
    uint64_t ratio_grace;  /* bytes of an entry inflated before the ratio check applies */
    uint64_t max_ratio;    /* uncompressed:compressed ratio of one entry */
    size_t max_cell;       /* bytes of one cell value or shared string */
    size_t max_row;        /* bytes of one row's values together */
    size_t max_strings;    /* entries of the shared-strings table */
    size_t max_styles;     /* cell formats (cellXfs) and custom number formats */
    size_t max_sheets;     /* sheets listed by the workbook */
};
extern struct ck_xlsx_limits ck_xlsx_limits;

/* The zip container: one entry streams at a time (minizip's current file). */
struct xlsx_zip {
    unzFile uf;
    const char *path;   /* the name messages use (the display name, not a spool file) */
    uint64_t total;     /* bytes inflated so far, all entries */
    uint64_t limit;     /* bytes the workbook may inflate in all (xlsx_zip_limit) */
    int entry_open;
    const char *entry;  /* name of the open entry (caller-owned) */
    uint64_t csize, usize, got; /* the open entry's sizes (as the zip says), bytes read */
    struct xlsx_ahead *ahead; /* the thread inflating a large entry ahead of the reader */
};
/* Entries of this many bytes or more (uncompressed, as the zip says) are inflated by a
 * read-ahead thread: 1 MiB; tests move it (UINT64_MAX: never, 0: always). */
extern uint64_t xlsx_zip_ahead_min;

/* A zip without a workbook part: CK_EINPUT saying what it is (ODS, DOCX …). */
int xlsx_zip_not_workbook(struct xlsx_zip *z, struct ck_error *e);
int xlsx_zip_open(struct xlsx_zip *z, const char *path, const char *display, struct ck_error *e);
/* The bytes a workbook of `size` bytes on disk may inflate in all, counting every read of every
 * part: the larger of max_total and total_ratio times size. */
uint64_t xlsx_zip_limit(uint64_t size);
void xlsx_zip_close(struct xlsx_zip *z);
/* 1 when the entry exists; matches exactly first, then ignoring ASCII case. The name found
 * is copied to actual (cap bytes) when actual is not NULL. */
int xlsx_zip_find(struct xlsx_zip *z, const char *name, char *actual, size_t cap);
int xlsx_zip_entry_open(struct xlsx_zip *z, const char *name, struct ck_error *e);
/* Bytes read into buf, 0 at the end of the entry (CRC checked), -1 on error (e filled). */
long xlsx_zip_entry_read(struct xlsx_zip *z, void *buf, unsigned n, struct ck_error *e);
void xlsx_zip_entry_close(struct xlsx_zip *z);

struct xlsx_scan;

/* A hardened expat parser over one entry: no DOCTYPE, no external entities, billion-laughs
 * protection on. Handlers receive the context whose first member is this struct. */
struct xlsx_xml {
    XML_Parser p;
    struct xlsx_zip *z;
    const char *entry;
    int failed;            /* a handler stopped the parser; err holds why */
    struct ck_error err;
    int depth;             /* element nesting, capped: expat keeps a frame per open tag */
    XML_StartElementHandler start;
    XML_EndElementHandler end;
    /* Instead of p, another parser (the sheet tokenizer) may read the entry: alt is its state,
     * alt_line gives the line of the token being reported and alt_suspend stops it after
     * this event. Set by that parser, so that this wrapper knows nothing of it. */
    void *alt;
    unsigned long (*alt_line)(const void *alt);
    void (*alt_suspend)(void *alt);
};
#define XLSX_MAX_DEPTH 100
int xlsx_xml_init(struct xlsx_xml *xx, struct xlsx_zip *z, const char *entry, void *ctx,
                  XML_StartElementHandler start, XML_EndElementHandler end,
                  XML_CharacterDataHandler text, struct ck_error *e);
void xlsx_xml_free(struct xlsx_xml *xx);
/* From a handler: record "FILE: ENTRY:LINE: message" and stop the parser. */
void xlsx_xml_fail(struct xlsx_xml *xx, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* From a handler: stop after this event, to be resumed (a row is ready). */
void xlsx_xml_suspend(struct xlsx_xml *xx);
/* The row a sheet parser (XLSX or ODS) hands to its reader: fields that point into the
 * parser's row buffer, valid until the next row. */
struct xlsx_row_out {
    char **of;
    size_t *olen, cap;
    struct ck_row row;
};
/* From a handler: hand the row of n cells kept in rb (cell j at rb + coff[j], clen[j] bytes)
 * to the reader as out->row, at line, and suspend the parser for the reader to return it.
 * 0, or -1 after recording "out of memory" in xx. */
int xlsx_row_hand_off(struct xlsx_xml *xx, struct xlsx_row_out *out, char *rb,
                      const size_t *coff, const size_t *clen, size_t n, long line);
void xlsx_row_out_free(struct xlsx_row_out *out);
/* Turn a failed XML_Parse/ParseBuffer/ResumeParser into a message in e. */
int xlsx_xml_error(struct xlsx_xml *xx, struct ck_error *e);
/* Parse a whole entry through the handlers set by xlsx_xml_init (streamed in chunks). */
int xlsx_xml_run(struct xlsx_xml *xx, struct ck_error *e);
/* Element or attribute name without its namespace prefix ("x:row" → "row"). Inline: the
 * sheet handlers call it for every element and attribute, and names are a few bytes long. */
static inline const char *xlsx_local(const char *name)
{
    for (const char *c = name; *c; c++)
        if (*c == ':')
            return c + 1;
    return name;
}
/* Value of the attribute with this local name, or NULL. */
const char *xlsx_attr(const char **atts, const char *local);

#define XLSX_CHUNK 65536

/* The sheet tokenizer (xlsx_sheet.c): a streaming XML tokenizer for worksheet parts, which
 * are most of a workbook's bytes, calling the same handlers as expat with the same names,
 * attributes (values decoded and normalized) and character data. It checks well-formedness:
 * names, nesting (at most XLSX_MAX_DEPTH), attribute syntax and duplicates, the five
 * predefined entities and character references, UTF-8 and XML characters, comments, PIs and
 * CDATA sections. Before the root element it hands over to expat (fallback set, nothing
 * reported yet) for whatever it does not take as it is: an encoding other than UTF-8, a
 * DOCTYPE, anything odd. One leniency: non-ASCII name characters are not checked against
 * XML's name classes (lenient_names says one was seen). Tags, comments, PIs and CDATA
 * sections are limited to ck_xlsx_limits.max_cell bytes; character data streams. */
struct xlsx_scan {
    struct xlsx_xml *xx; /* the entry, the zip, the handler's failure */
    void *ctx;
    XML_StartElementHandler start;
    XML_EndElementHandler end_h;
    XML_CharacterDataHandler text;
    char *buf;             /* buf[pos, end) not yet parsed; buf[end] is a NUL */
    size_t cap, pos, end, chunk, max_token;
    int eof, at_start, phase, suspended, fallback, lenient_names, depth;
    int syntax_error; /* err is the document's fault (not the zip's, not a handler's) */
    unsigned long line; /* line number of buf[0] */
    size_t tok;         /* start of the token being reported, for line numbers */
    char *names;        /* open elements' names, end to end */
    size_t nlen, ncap, noff[XLSX_MAX_DEPTH + 2];
    struct xlsx_att *at;
    const char **atts;
    size_t acap;
    struct ck_error err;
};
/* 1: sheets are parsed by expat only (tests compare the two; so does CUSTKIT_XLSX_PARSER=expat
 * in the environment). */
extern int xlsx_scan_disabled;
/* Non-ASCII name characters the tokenizer accepted unchecked, in all (for the fuzzer). */
extern unsigned long xlsx_scan_lenient_names;
/* Bytes read from the entry at a time (tests make it small to cut tokens anywhere). */
extern size_t xlsx_scan_chunk;
/* Prepare to read xx's entry (opened by the caller); buffers of an earlier use are kept.
 * Returns -1 when out of memory. */
int xlsx_scan_init(struct xlsx_scan *s, struct xlsx_xml *xx, void *ctx,
                   XML_StartElementHandler start, XML_EndElementHandler end,
                   XML_CharacterDataHandler text);
/* Parse until a handler suspends, the document ends (xlsx_scan_done) or fallback is set;
 * CK_OK, or an error code with e filled ("FILE: ENTRY:LINE: message"). */
int xlsx_scan_run(struct xlsx_scan *s, struct ck_error *e);
int xlsx_scan_done(const struct xlsx_scan *s);
/* The line of the token being reported (for xlsx_xml_fail). */
unsigned long xlsx_scan_line(const struct xlsx_scan *s);
void xlsx_scan_free(struct xlsx_scan *s);

/* What a cell's number format makes of a number. */
enum xlsx_kind { XLSX_NUMBER = 0, XLSX_DATE = 1, XLSX_TIME = 2, XLSX_DATETIME = 3 };

struct xlsx_styles {
    unsigned char *xf_kind; /* per cellXfs index */
    size_t nxf;
};
/* Classify a format code: date/time tokens outside quotes, brackets and escapes; elapsed
 * time ([h], [mm], [ss]) is a number. */
int xlsx_format_kind(const char *code);
int xlsx_builtin_kind(unsigned long id);
int xlsx_styles_load(struct xlsx_zip *z, const char *entry, struct xlsx_styles *st,
                     struct ck_error *e);
void xlsx_styles_free(struct xlsx_styles *st);
/* A cell's number as custkit prints it into buf (>= 40 bytes), its length: whole numbers
 * below 1e15 positional ("13812345678"), the rest the shortest text that round-trips. The
 * XLSX and XLS readers print numbers through it alike. */
size_t xlsx_double_text(double d, char *buf);
/* A serial date/time as ISO text into buf (>= 32 bytes): returns the length, or 0 when the
 * serial is not a date Excel can show (negative, beyond 9999-12-31). */
size_t xlsx_serial_format(double v, int kind, int date1904, char *buf);
/* The text the XLSX reader prints for a number cell's value v (n bytes, trimmed, v[n] a
 * NUL) shown as kind: *out is v itself or buf (>= 40 bytes); returns the length. */
size_t xlsx_number_text(const char *v, size_t n, int kind, int date1904, char *buf,
                        const char **out);

/* OpenDocument spreadsheets (ods_read.c), read through the ck_xlsx_* functions: a zip whose
 * mimetype entry names an OpenDocument spreadsheet is one, whatever the file is called. */
struct ck_ods;
int ods_detect(struct xlsx_zip *z);
/* Reads the sheet list (names, hidden sheets, widths) in one pass over content.xml; z stays
 * the caller's and open for the reader's life. */
int ods_open(struct ck_ods **o, struct xlsx_zip *z, struct ck_error *e);
void ods_close(struct ck_ods *o);
size_t ods_sheet_count(const struct ck_ods *o);
const char *ods_sheet_name(const struct ck_ods *o, size_t i);
int ods_sheet_state(const struct ck_ods *o, size_t i);
int ods_select(struct ck_ods *o, const char *sheet, struct ck_error *e);
const char *ods_selected(const struct ck_ods *o);
int ods_next(struct ck_ods *o, const struct ck_row **row, struct ck_error *e);
int ods_scan_width(struct ck_ods *o, long *width, struct ck_error *e);
long ods_error_cells(const struct ck_ods *o);

#endif
