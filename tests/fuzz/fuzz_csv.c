/* fuzz_csv.c — libFuzzer target: the table reader (encoding detection, delimiter sniffing,
 * header cleaning, ragged rows, XLSX dispatch) on arbitrary bytes, with varied read options. */
#include "fuzz_util.h"

#include "custkit.h"

/* The first byte picks the options; the rest is the file. */
static const char *const encodings[] = {NULL, "UTF-8", "GB18030", "UTF-16LE", "UTF-16BE", "latin1"};
static const int delimiters[] = {0, ',', ';', '\t'};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    unsigned sel = data[0];
    struct ck_read_opts o = {0};
    o.encoding = encodings[(sel & 7) % 6];
    o.delimiter = delimiters[(sel >> 3) & 3];
    o.prescan = (sel >> 5) & 1;
    o.header_row = (sel >> 6) & 1 ? 2 : 0;
    o.skip_rows = (sel >> 7) & 1;
    o.max_field = 4096; /* the limit itself is a path worth fuzzing */
    char path[64];
    fuzz_file(data + 1, size - 1, path);
    struct ck_reader *r = NULL;
    struct ck_error e;
    if (ck_reader_open(&r, path, &o, &e) != CK_OK)
        return 0;
    const struct ck_row *h = ck_reader_header(r);
    size_t width = h->n;
    for (size_t i = 0; i < h->n; i++)
        if (strlen(h->f[i]) != h->len[i] || !ck_utf8_valid(h->f[i], h->len[i]))
            abort(); /* headers are NUL-free valid UTF-8 of the stated length */
    const struct ck_row *row;
    for (long n = 0; n < 100000; n++) {
        if (ck_reader_next(r, &row, &e) != CK_OK || !row)
            break;
        if (row->n != width)
            abort(); /* rows are padded to the header's width */
        for (size_t i = 0; i < row->n; i++)
            if (row->f[i][row->len[i]] != 0 || !ck_utf8_valid(row->f[i], row->len[i]))
                abort();
    }
    ck_reader_close(r);
    return 0;
}
