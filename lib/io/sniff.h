/* sniff.h — what container a file is by its first bytes: a zip (XLSX, ODS) or an OLE2
 * compound file (XLS, an encrypted workbook), whatever its name says. */
#ifndef CK_SNIFF_H
#define CK_SNIFF_H

#include <stddef.h>

enum ck_container {
    CK_CONTAINER_OTHER = 0, /* text, or anything else */
    CK_CONTAINER_ZIP = 1,   /* a zip's first local header: "PK\3\4" */
    CK_CONTAINER_OLE = 2,   /* the OLE2 signature D0 CF 11 E0 A1 B1 1A E1 */
};

/* Bytes of a file's head that decide its container. */
#define CK_CONTAINER_HEAD 8

/* The container of a file whose first n bytes are head (fewer than a signature's length is
 * CK_CONTAINER_OTHER). */
enum ck_container ck_container_of(const void *head, size_t n);
/* The same for the file at path, reading its first bytes; CK_CONTAINER_OTHER when it cannot
 * be read. */
enum ck_container ck_container_of_file(const char *path);

#endif
