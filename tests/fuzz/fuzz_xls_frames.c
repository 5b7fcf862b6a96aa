/* fuzz_xls_frames.c — libFuzzer target: the parent's side of the .xls reader process. The
 * input is what the child would send over its socket (status, sheet names, rows: the frames
 * xls_read.c describes); custkit must refuse any malformed stream with an error, never read
 * past a frame, and hand out rows whose fields are NUL-terminated. */
#include "fuzz_util.h"

#include <sys/socket.h>
#include <unistd.h>

#include "custkit.h"
#include "io/xls_read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 65536) /* it all fits the socket's buffer: written at once, no second thread */
        return 0;
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0)
        abort();
    int big = 1 << 20;
    setsockopt(sv[1], SOL_SOCKET, SO_SNDBUF, &big, sizeof big);
    setsockopt(sv[0], SOL_SOCKET, SO_RCVBUF, &big, sizeof big);
    if (size && write(sv[1], data, size) != (ssize_t)size)
        abort();
    shutdown(sv[1], SHUT_WR);
    struct ck_xls *x = NULL;
    struct ck_error e;
    if (ck_xls_open_stream(&x, sv[0], 0, "fuzz.xls", &e) == CK_OK) {
        for (size_t i = 0; i < ck_xls_sheet_count(x) && i < 4; i++) {
            if (!ck_xls_sheet_name(x, i))
                abort();
            if (ck_xls_start(x, i, &e) != CK_OK)
                break;
            const struct ck_row *row;
            while (ck_xls_next(x, &row, &e) == CK_OK && row)
                for (size_t c = 0; c < row->n; c++)
                    if (row->f[c][row->len[c]] != 0)
                        abort();
        }
        ck_xls_close(x);
    }
    close(sv[1]);
    return 0;
}
