/* fuzz_util.h — helpers shared by custkit's libFuzzer targets: the fuzzed bytes as a file
 * (a memfd, so the readers see a real seekable path without touching the disk). */
#ifndef CK_FUZZ_UTIL_H
#define CK_FUZZ_UTIL_H
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* Replace the contents of the process's one fuzz file with data; path gets its name. */
static inline int fuzz_file(const uint8_t *data, size_t size, char path[64])
{
    static int fd = -1;
    if (fd < 0) {
        fd = memfd_create("custkit-fuzz", MFD_CLOEXEC);
        if (fd < 0)
            abort();
    }
    if (ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != (ssize_t)size)
        abort();
    snprintf(path, 64, "/proc/self/fd/%d", fd);
    return fd;
}

/* The input as a NUL-terminated copy (caller frees). */
static inline char *fuzz_str(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        abort();
    memcpy(s, data, size);
    s[size] = 0;
    return s;
}
#endif
