/* text.h — the one way text reaches the report workbook's XML, whoever writes the part:
 * what XML 1.0 cannot hold, and what Excel would decode, rewritten for the place it goes.
 *
 * XML holds no C0 control but tab, line feed and carriage return, nor U+FFFE, U+FFFF. Where
 * Excel decodes ECMA-376's _xHHHH_ (cell text, shared strings) such a character is written as
 * its escape and reads back as it was; elsewhere (attributes, formulas, sheet, chart and
 * document names) it is replaced by '_', as sheet names always were. */
#ifndef CK_REPORT_TEXT_H
#define CK_REPORT_TEXT_H

#include <stddef.h>

enum ck_xtext_where {
    /* Cell text given to libxlsxwriter, which writes & < > as entities itself: controls other
     * than tab and line feed, U+FFFE and U+FFFF as _xHHHH_ (libxlsxwriter's own escape of the
     * controls, made before it: the bytes are the same), and the underscore of literal text
     * Excel would decode (_x0041_) as _x005F_. */
    CK_XTEXT_CELL,
    /* The same, and & < > as entities: cell text custkit writes itself (report/body.h). */
    CK_XTEXT_CELL_XML,
    /* Where Excel decodes no escape: each character XML cannot hold, and each byte that is not
     * UTF-8, becomes '_'. */
    CK_XTEXT_PLAIN,
};

/* Bytes ck_xtext_put may write for len bytes of text (NUL not counted). */
#define CK_XTEXT_ROOM(len) ((len)*7)

/* Whether code point cp cannot be written in XML 1.0 as it is. */
int ck_xtext_invalid(long cp);
/* Whether s (len bytes) is written other than as it is, at where (entities aside for
 * CK_XTEXT_CELL_XML: only the escapes count). */
int ck_xtext_changes(const char *s, size_t len, enum ck_xtext_where where);
/* Writes s (len bytes) for where at out, which has CK_XTEXT_ROOM(len) bytes; returns the end
 * (no NUL written). */
char *ck_xtext_put(char *out, const char *s, size_t len, enum ck_xtext_where where);
/* s for where, NUL-terminated: s itself when nothing changes, else a copy in *owned (freed by
 * the caller, NULL when s is returned). NULL when memory runs out. */
const char *ck_xtext(const char *s, enum ck_xtext_where where, char **owned);

/* The copies ck_xtext_kept makes, kept until the workbook pointing at them is closed:
 * libxlsxwriter keeps the pointers it is given. All zero is empty. */
struct ck_xtext_keep {
    char **s;
    size_t n, cap;
};
/* s for where, as ck_xtext, with a copy (when one is made) kept in k; NULL when memory runs
 * out. */
const char *ck_xtext_kept(struct ck_xtext_keep *k, const char *s, enum ck_xtext_where where);
/* Free every copy kept in k, which is then empty. */
void ck_xtext_keep_free(struct ck_xtext_keep *k);

/* Whether s[i] begins U+FFFE or U+FFFF. */
int ck_xtext_nonchar(const char *s, size_t len, size_t i);
/* Whether the underscore at s[i] opens _xHHHH_ once the text is written as a cell (its closing
 * underscore its own, or that of the escape written for the character after it). */
int ck_xtext_opens_escape(const char *s, size_t len, size_t i);

#endif
