/* sniff.c — the one place that knows the zip and OLE2 signatures: the reader, the zip
 * container, the compound-file reader and import's sheet listing all ask here. */
#include "io/sniff.h"
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

static const unsigned char zip_magic[4] = {'P', 'K', 3, 4};
static const unsigned char ole_magic[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};

enum ck_container ck_container_of(const void *head, size_t n)
{
    if (n >= sizeof zip_magic && memcmp(head, zip_magic, sizeof zip_magic) == 0)
        return CK_CONTAINER_ZIP;
    if (n >= sizeof ole_magic && memcmp(head, ole_magic, sizeof ole_magic) == 0)
        return CK_CONTAINER_OLE;
    return CK_CONTAINER_OTHER;
}

enum ck_container ck_container_of_file(const char *path)
{
    unsigned char head[CK_CONTAINER_HEAD];
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return CK_CONTAINER_OTHER;
    ssize_t n = read(fd, head, sizeof head);
    close(fd);
    return n > 0 ? ck_container_of(head, (size_t)n) : CK_CONTAINER_OTHER;
}
