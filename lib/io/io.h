/* io.h — reading and writing tables (lib/io/): the table reader (CSV, TSV, XLSX, ODS, XLS,
 * encrypted workbooks), canonical CSV and temporary files, the in-memory table, run facts.
 * Above base, below everything else. */
#ifndef CK_IO_H
#define CK_IO_H

#include <stddef.h>
#include <stdint.h>

#include "base/base.h"

/* ---------- reading tables: CSV, TSV, XLSX ---------- */

struct ck_read_opts {
    const char *encoding; /* NULL = detect (UTF-8 / UTF-16 BOM / GB18030) */
    int delimiter;        /* 0 = sniff among , ; TAB | */
    long header_row;      /* 1-based row of the header; 0 = first non-empty row */
    long skip_rows;       /* rows to skip before looking for the header */
    const char *sheet;    /* XLSX: sheet name or 1-based number; NULL = first visible */
    int prescan;          /* find the widest record first so extra fields get headers
                             (import sets it; needs a seekable file or spools a pipe) */
    size_t max_field;     /* 0 = CK_MAX_FIELD_DEFAULT */
    const char *password; /* opens an encrypted workbook (lib/io/crypt.c); NULL = refuse it */
};
#define CK_MAX_FIELD_DEFAULT ((size_t)256 << 20)

/* How the rows above the header were judged, without --header-row or --skip-rows. */
enum ck_header_guess {
    CK_GUESS_NONE = 0,   /* the first non-blank row, after any title rows */
    CK_GUESS_TITLE_KEPT, /* a single value kept as the header: the row below is numbers */
    CK_GUESS_GROUPS,     /* a row of group labels above the header skipped */
};

/* What a reader noticed, for the command to report as warnings. */
struct ck_read_stats {
    long records;      /* data records returned so far */
    long short_rows;   /* records padded with empty fields */
    long long_rows;    /* records with fields beyond the header (kept as column_N) */
    long dup_headers;  /* header names made unique */
    long empty_headers;/* empty header names named column_N */
    long named_headers; /* names the header row itself gave (the other columns are column_N) */
    long error_cells;  /* XLSX error cells (#N/A …) written empty */
    long formulas_unread; /* .xls formula cells whose result was not read (-1: not known how many) */
    char formula_first[24]; /* the first of them ("B3"), when known */
    long title_rows;   /* single-value rows above the header taken as titles */
    long header_row;   /* the header's number as --header-row counts it (1 = the first row) */
    int guess;         /* enum ck_header_guess */
    long guess_line;   /* line (CSV) or sheet row (XLSX) of the row the guess is about */
    long guess_row;    /* that row's number as --header-row counts it */
    const char *encoding; /* detected or forced encoding name */
    int delimiter;        /* delimiter used (CSV) */
    int is_xlsx;
};

struct ck_reader;

/* Open path ("-" or NULL = standard input) as a table: sniffs ZIP magic for XLSX, else CSV
 * with encoding detection and delimiter sniffing, then reads the header. */
int ck_reader_open(struct ck_reader **r, const char *path, const struct ck_read_opts *o,
                   struct ck_error *e);
/* The header row: cleaned (trimmed, BOM removed, empty → column_N, duplicates → name_2). */
const struct ck_row *ck_reader_header(const struct ck_reader *r);
/* Next data record, padded to the header's width. *row = NULL at end of input.
 * Returns CK_OK or an error code (message names the file and line). */
int ck_reader_next(struct ck_reader *r, const struct ck_row **row, struct ck_error *e);
/* Display name of the input ("customers.csv", "<stdin>", "book.xlsx:Sheet1"). */
const char *ck_reader_name(const struct ck_reader *r);
const struct ck_read_stats *ck_reader_stats(const struct ck_reader *r);
/* 1 when the table is a CSV file read as its own bytes (UTF-8, not converted) whose line ends
 * were all LF (no CR): its physical lines are then the LFs in the file, and a row's as_is
 * line can be copied from it. Valid once ck_reader_next has given the end of the table. */
int ck_reader_lf_bytes(const struct ck_reader *r);
/* 1 when the row ck_reader_next gave last is one line of the file, ended by a LF, whose bytes
 * before the LF are already the canonical CSV of its fields: the header's width, comma-
 * separated, nothing quoted, the file's own bytes. 0 when not, or not known. */
int ck_reader_as_is(const struct ck_reader *r);
void ck_reader_close(struct ck_reader *r);

/* ---------- writing canonical CSV (SPEC §2) ---------- */

struct ck_writer;
/* path NULL or "-" = standard output. A file is written to a temporary name beside it and
 * renamed into place by ck_writer_close, so a failed run never leaves a partial file.
 * mode: permission bits for a new file (0 = 0644; rejects and logs use 0600). */
int ck_writer_open(struct ck_writer **w, const char *path, unsigned mode, struct ck_error *e);
/* Start the output with a UTF-8 BOM (files meant for Excel: rejects, --split CSVs). */
void ck_writer_set_bom(struct ck_writer *w, int bom);
/* Write one record; len may be NULL (strlen is used). Quotes only when needed, LF ends. */
int ck_writer_row(struct ck_writer *w, const char *const *f, const size_t *len, size_t n,
                  struct ck_error *e);
int ck_writer_row_v(struct ck_writer *w, const struct ck_row *row, struct ck_error *e);
/* A row whose first fields are already canonical CSV (pre, plen bytes, from ck_csv_format),
 * then n ≥ 1 more fields. */
int ck_writer_row_after(struct ck_writer *w, const char *pre, size_t plen, const char *const *f,
                        const size_t *len, size_t n, struct ck_error *e);
/* Rows made ready for the writer, one after another in text (made on one thread, written on
 * another): row k is text[off[k], off[k + 1]), its first plen[k] bytes canonical CSV, the rest
 * its last field, raw, which ck_writer_rows_after quotes if need be. */
#define CK_ROWS_TEXT_MAX 2048
struct ck_rows_text {
    char *text;
    size_t used, cap, n;
    size_t off[CK_ROWS_TEXT_MAX + 1], plen[CK_ROWS_TEXT_MAX];
};
/* Empty again, its memory kept. */
void ck_rows_text_clear(struct ck_rows_text *t);
/* Add a row: pre (plen bytes of canonical CSV, a row's first fields; NULL: none), then the
 * n >= 1 fields f (lengths len), the last kept raw. 0, or -1 when out of memory. At most
 * CK_ROWS_TEXT_MAX rows. */
int ck_rows_text_add(struct ck_rows_text *t, const char *pre, size_t plen, const char *const *f,
                     const size_t *len, size_t n);
void ck_rows_text_free(struct ck_rows_text *t);
/* The rows of t, each as ck_writer_row_after writes it. */
int ck_writer_rows_after(struct ck_writer *w, const struct ck_rows_text *t, struct ck_error *e);
/* n fields as canonical CSV, comma-separated, no line end, into out, which has room for
 * ck_csv_format_max(len, n) bytes; returns the bytes written. A row of one empty field is
 * written by ck_writer_row as "" (not an empty line); this leaves it empty. */
size_t ck_csv_format(char *out, const char *const *f, const size_t *len, size_t n);
size_t ck_csv_format_max(const size_t *len, size_t n);
/* Flush, fsync and rename into place. Frees w in every case. */
int ck_writer_close(struct ck_writer *w, struct ck_error *e);
/* Abandon: remove the temporary file, leave any previous file untouched. Frees w. */
void ck_writer_abort(struct ck_writer *w);

/* Create a temporary file beside path (same directory, so rename is atomic) with permission
 * bits mode & ~umask (0 = 0644): CK_OK with its fd in *fd and the malloc'd name in *tmp, or
 * the error (CK_ENOMEM, CK_EOUTPUT). The name is registered for ck_tempfiles_cleanup until
 * ck_tempfile_unregister. */
int ck_temp_beside(const char *path, unsigned mode, int *fd, char **tmp, struct ck_error *e);
/* An unlinked temporary file custkit-<stem>.XXXXXX in tmpdir (NULL or "" = /tmp), gone with
 * the process whatever happens to it: its fd, or -1 with a CK_EOUTPUT error naming it. */
int ck_temp_unlinked(const char *tmpdir, const char *stem, struct ck_error *e);
int ck_tempfile_register(const char *path);
void ck_tempfile_unregister(const char *path);
/* Remove every registered temporary file: async-signal-safe, for SIGTERM/SIGINT handlers. */
void ck_tempfiles_cleanup(void);

/* ---------- in-memory tables (clean, segment, export) ---------- */

/* A whole table held compactly: every field's bytes in one arena of large blocks, rows as
 * arrays of pointers into it. Empty fields share one static "". */
struct ck_arena_block;
struct ck_table {
    size_t ncols, nrows, cap_rows;
    char **header;      /* ncols names */
    const char **cells; /* nrows * ncols; cells[r * ncols + c] */
    long *lines;        /* source line of each row */
    struct ck_arena_block *arena;
};

void ck_table_init(struct ck_table *t);
void ck_table_free(struct ck_table *t);
/* Copy a header row in (resets the table). */
int ck_table_set_header(struct ck_table *t, const struct ck_row *header, struct ck_error *e);
/* Append a record (padded/truncated to ncols). */
int ck_table_append(struct ck_table *t, const struct ck_row *row, struct ck_error *e);
static inline const char *ck_table_cell(const struct ck_table *t, size_t row, size_t col)
{
    return t->cells[row * t->ncols + col];
}
/* Replace a cell's value (copied into the arena). */
int ck_table_set(struct ck_table *t, size_t row, size_t col, const char *val, size_t len,
                 struct ck_error *e);
/* Add a column named name at the end (all empty); returns its index or -1 (e filled). */
long ck_table_add_column(struct ck_table *t, const char *name, struct ck_error *e);
/* Index of the column with exactly this header, or -1. */
long ck_table_find_column(const struct ck_table *t, const char *name);
/* Copy bytes into the table's arena (NUL-terminated); NULL on out of memory. */
const char *ck_table_strdup(struct ck_table *t, const char *s, size_t len);

/* ---------- XLSX reading (lib/io/xlsx_read.c; used by the reader and by import) ---------- */

struct ck_xlsx;
/* Open a workbook file (minizip + expat): reads the workbook's sheet list and styles (the
 * shared strings load at the first row read). Limits guard against zip bombs and hostile XML.
 * ODS/other zips → CK_EINPUT. */
int ck_xlsx_open(struct ck_xlsx **x, const char *path, struct ck_error *e);
/* The same, naming the workbook `display` in messages (a spooled pipe is "<stdin>"). */
int ck_xlsx_open_named(struct ck_xlsx **x, const char *path, const char *display,
                       struct ck_error *e);
size_t ck_xlsx_sheet_count(const struct ck_xlsx *x);
const char *ck_xlsx_sheet_name(const struct ck_xlsx *x, size_t i);
/* 0 visible, 1 hidden, 2 veryHidden */
int ck_xlsx_sheet_state(const struct ck_xlsx *x, size_t i);
/* What a sheet is: only worksheets hold a table; a chartsheet is one chart, dialog sheets
 * (Excel 5) and macro sheets (Excel 4 XLM) are not data. */
enum ck_sheet_kind { CK_SHEET_WORKSHEET, CK_SHEET_CHART, CK_SHEET_DIALOG, CK_SHEET_MACRO };
int ck_xlsx_sheet_kind(const struct ck_xlsx *x, size_t i);
/* "worksheet", "chartsheet", "dialogsheet", "macrosheet". */
const char *ck_sheet_kind_name(int kind);
/* Start streaming a sheet: sheet = name, 1-based number (all sheets count), or NULL for the
 * first visible worksheet (else the first worksheet). A sheet that is not a worksheet, or a
 * name that matches none, is CK_EUSAGE; a workbook without worksheets is CK_EINPUT.
 * May be called again to restart. */
int ck_xlsx_select(struct ck_xlsx *x, const char *sheet, struct ck_error *e);
/* Name of the selected sheet. */
const char *ck_xlsx_selected(const struct ck_xlsx *x);
/* Next non-empty row of the selected sheet as strings (dates ISO, numbers shortest form),
 * trailing empty cells trimmed, row->line = the sheet's row number. NULL at end. */
int ck_xlsx_next(struct ck_xlsx *x, const struct ck_row **row, struct ck_error *e);
/* The widest row of the selected sheet, from its cells' references, by scanning the sheet's
 * XML for cell tags without parsing it (import's width pass): *width = the highest column
 * (1-based) of a cell that is not self-closing, or -1 when cells lack references and only
 * reading the rows can tell. Deselects the sheet: select it again to read rows. */
int ck_xlsx_scan_width(struct ck_xlsx *x, long *width, struct ck_error *e);
/* Say before ck_xlsx_select that ck_xlsx_scan_width will be asked for: a large sheet's width
 * pass then starts on a second thread while the shared strings load. Off by default, so
 * that readers that never ask spend no CPU on it. */
void ck_xlsx_want_width(struct ck_xlsx *x, int want);
/* Error cells (#N/A, #DIV/0! …) written empty since the last ck_xlsx_select. */
long ck_xlsx_error_cells(const struct ck_xlsx *x);
/* .xls: formula cells of the sheet read whose result custkit could not read (-1: the workbook
 * stream could not be walked, so how many is not known), the first's name into first (>= 24
 * bytes, "" when unknown); 0 for other formats. */
long ck_xlsx_formulas_unread(const struct ck_xlsx *x, char *first);
void ck_xlsx_close(struct ck_xlsx *x);
/* ---------- encrypted workbooks (lib/io/crypt.c): ECMA-376 Agile Encryption ---------- */
/* The password: the first line of the file path without its line end. CK_EUSAGE when the file
 * cannot be read, that line is empty or not UTF-8. Free it with ck_password_free (wiped). */
int ck_password_read(const char *path, char **out, struct ck_error *e);
void ck_password_free(char *pw);
/* Encrypt the workbook in in_fd (all of it, read with pread) into the compound file out_path
 * (AES-256-CBC, SHA-512, 100,000 spins, HMAC). name is for messages. */
int ck_encrypt_workbook(int in_fd, const char *out_path, const char *password, const char *name,
                        struct ck_error *e);
/* Decrypt the encrypted workbook path into an unlinked temporary file in tmpdir: *out_fd.
 * CK_EINPUT for a wrong password, a damaged or unsupported container. */
int ck_decrypt_workbook(const char *path, const char *display, const char *password,
                        const char *tmpdir, int *out_fd, struct ck_error *e);
/* The same from memory into out_fd (the fuzz target). */
int ck_decrypt_memory(const unsigned char *data, size_t len, const char *display,
                      const char *password, int out_fd, struct ck_error *e);
/* Is the OLE2 file path an encrypted workbook (has an EncryptedPackage stream)? */
int ck_ole_is_encrypted(const char *path);
/* The largest spinCount a file may ask for (10,000,000; the fuzz target lowers it). */
extern unsigned long ck_crypt_max_spins;
/* For an OLE2 compound file (old .xls, or an encrypted workbook): CK_EINPUT with a message
 * saying what it is and how to convert it. */
int ck_ole_explain(const char *path, const char *display, struct ck_error *e);

/* ---------- run facts (the report's facts block, the audit trail) ---------- */

/* When $CUSTKIT_FACTS names a file, append one JSON line
 * {"command":CMD,"time":"…",FIELDS} to it with a single O_APPEND write. fields is the
 * inside of a JSON object ("\"read\":300,\"merged\":12") or NULL. Commands call it before
 * writing the last byte of their output, so a downstream export that has read its whole
 * input sees the lines of every command before it. */
int ck_facts_append(const char *cmd, const char *fields, struct ck_error *e);
/* Quote s as a JSON string into out (cap bytes); returns out. */
char *ck_json_quote(const char *s, char *out, size_t cap);
/* The fields of this process's last ck_facts_append ("" when none): the audit line
 * carries a command's counts. */
const char *ck_facts_last(void);

#endif
