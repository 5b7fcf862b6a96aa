/* fuzz_xls.c — libFuzzer target: the .xls reader (libfreexl behind the workbook interface) on
 * arbitrary bytes given the OLE2 signature, listing the sheets and reading each to its end.
 *
 * libfreexl 1.0.6 itself reads past its buffers on some crafted files (string lengths in
 * its shared-string and sheet records are trusted; see SECURITY.md). Those are the library's,
 * not custkit's, and would stop every run within seconds; so each input is first opened by
 * libfreexl alone in a child process, and an input that kills the child (a signal, or a
 * sanitizer report: exit 1) is counted and skipped. custkit's own code around the library is
 * fuzzed in this process on every other input. */
#include "fuzz_util.h"

#include <errno.h>
#include <fcntl.h>
#include <freexl.h>
#include <sanitizer/common_interface_defs.h>
#include <sys/wait.h>

#include "custkit.h"
#include "xls_read.h"

static unsigned long libfreexl_faults;

/* Does libfreexl open the file and read every cell of every sheet without dying? */
static int libfreexl_survives(const char *path)
{
    pid_t pid = fork();
    if (pid < 0)
        abort();
    if (pid == 0) {
        /* the child's faults are not libFuzzer's findings: no artifact, no report of its own */
        __sanitizer_set_death_callback(NULL);
        int null = open("/dev/null", O_WRONLY);
        if (null >= 0)
            dup2(null, 2);
        const void *h;
        if (freexl_open(path, &h) == FREEXL_OK) {
            unsigned int n = 0, rows;
            unsigned short cols;
            FreeXL_CellValue cv;
            freexl_get_info(h, FREEXL_BIFF_SHEET_COUNT, &n);
            for (unsigned int i = 0; i < n; i++)
                if (freexl_select_active_worksheet(h, (unsigned short)i) == FREEXL_OK &&
                    freexl_worksheet_dimensions(h, &rows, &cols) == FREEXL_OK)
                    for (unsigned int r = 0; r < rows; r++)
                        for (unsigned short c = 0; c < cols; c++)
                            freexl_get_cell_value(h, r, c, &cv);
            freexl_close(h);
        }
        _exit(0);
    }
    int st;
    pid_t w;
    while ((w = waitpid(pid, &st, 0)) < 0 && errno == EINTR) /* libFuzzer's timer */
        ;
    if (w != pid)
        abort();
    return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    ck_xls_max_bytes = 4 << 20; /* inputs stay small; the limit's path is fuzzed too */
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const uint8_t magic[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
    if (size < 8)
        return 0;
    uint8_t *copy = malloc(size);
    if (!copy)
        abort();
    memcpy(copy, data, size);
    memcpy(copy, magic, 8); /* every input is taken for an OLE2 file */
    char path[64];
    fuzz_file(copy, size, path);
    free(copy);
    if (!libfreexl_survives(path)) {
        if (++libfreexl_faults % 100 == 1)
            fprintf(stderr, "fuzz_xls: %lu inputs skipped: libfreexl faults on them alone\n",
                    libfreexl_faults);
        return 0;
    }
    struct ck_xlsx *x = NULL;
    struct ck_error e;
    if (ck_xlsx_open(&x, path, &e) != CK_OK)
        return 0;
    size_t n = ck_xlsx_sheet_count(x);
    for (size_t i = 0; i < n && i < 8; i++) {
        (void)ck_xlsx_sheet_name(x, i);
        (void)ck_xlsx_sheet_state(x, i);
        (void)ck_xlsx_sheet_kind(x, i);
        char num[24];
        snprintf(num, sizeof num, "%zu", i + 1);
        if (ck_xlsx_select(x, num, &e) != CK_OK)
            continue;
        const struct ck_row *row;
        for (long k = 0; k < 100000; k++) {
            if (ck_xlsx_next(x, &row, &e) != CK_OK || !row)
                break;
            for (size_t c = 0; c < row->n; c++)
                if (row->f[c][row->len[c]] != 0)
                    abort();
        }
    }
    ck_xlsx_close(x);
    return 0;
}

