/* library-messages.c — messages that custkit passes on from the libraries it uses, for the
 * catalog only (never compiled): po/extract.sh reads this file with the sources. Where
 * custkit prints one of these texts it looks it up with _(), so a text listed here is shown
 * translated; a text a newer library version words differently stays in English. */

/* The C library's strerror, for the errors of opening, reading and writing files. custkit
 * prints _(strerror(err)): the C library's own translation where its catalog is installed
 * (Debian's libc-l10n), else this one; so a minimal system shows them translated too. */
static const char *const strerror_texts[] = {
    N_("No such file or directory"),
    N_("Permission denied"),
    N_("Is a directory"),
    N_("Not a directory"),
    N_("No space left on device"),
    N_("File too large"),
    N_("Input/output error"),
    N_("Read-only file system"),
    N_("File exists"),
    N_("Cannot allocate memory"),
    N_("Too many open files"),
    N_("Too many open files in system"),
    N_("File name too long"),
    N_("Disk quota exceeded"),
    N_("Broken pipe"),
    N_("Invalid cross-device link"),
    N_("Too many levels of symbolic links"),
    N_("Bad file descriptor"),
    N_("Invalid argument"),
    N_("Illegal seek"),
    N_("Text file busy"),
    N_("Device or resource busy"),
    N_("Operation not permitted"),
    N_("No such device or address"),
    N_("No such device"),
    N_("Invalid or incomplete multibyte or wide character"),
    N_("Stale file handle"),
    N_("Value too large for defined data type"),
    N_("Resource temporarily unavailable"),
    N_("Interrupted system call"),
};

/* expat's XML_ErrorString, for the errors a damaged or hostile workbook part can cause
 * (lib/io/xlsx_zip.c, lib/io/xlsx_sheet.c). */
static const char *const expat_errors[] = {
    N_("out of memory"),
    N_("syntax error"),
    N_("no element found"),
    N_("not well-formed (invalid token)"),
    N_("unclosed token"),
    N_("partial character"),
    N_("mismatched tag"),
    N_("duplicate attribute"),
    N_("junk after document element"),
    N_("illegal parameter entity reference"),
    N_("undefined entity"),
    N_("recursive entity reference"),
    N_("asynchronous entity"),
    N_("reference to invalid character number"),
    N_("reference to binary entity"),
    N_("reference to external entity in attribute"),
    N_("XML or text declaration not at start of entity"),
    N_("unknown encoding"),
    N_("encoding specified in XML declaration is incorrect"),
    N_("unclosed CDATA section"),
    N_("error in processing external entity reference"),
    N_("document is not standalone"),
    N_("entity declared in parameter entity"),
    N_("unbound prefix"),
    N_("must not undeclare prefix"),
    N_("incomplete markup in parameter entity"),
    N_("XML declaration not well-formed"),
    N_("text declaration not well-formed"),
    N_("illegal character(s) in public id"),
    N_("reserved prefix (xml) must not be undeclared or bound to another namespace name"),
    N_("reserved prefix (xmlns) must not be declared or undeclared"),
    N_("prefix must not be bound to one of the reserved namespace names"),
    N_("limit on input amplification factor (from DTD and entities) breached"),
};

/* libcsv's csv_strerror, for the errors csv_parse can return (lib/io/reader.c). */
static const char *const libcsv_errors[] = {
    N_("memory exhausted while increasing buffer size"),
    N_("data size too large"),
};
