/* fuzz_seg_copy.c — libFuzzer target: segment's output pass over a CSV file it has read once
 * (lib/report/seg_spool.c), the rows the reader finds as they are (ck_reader_as_is) copied from
 * the file's lines, the others spooled, against the same file read and split again. Checks: the
 * two outputs are byte for byte the same. */
#include "fuzz_util.h"

#include "custkit.h"
#include "report/seg_spool.h"

#define MAX_ROWS 20000

/* Read the file once into s (copy: as_is rows copied), then write it with a segment column. */
static int run(const char *in, const char *out, int copy, struct ck_error *e)
{
    static const struct ck_read_opts ro = {0};
    struct ck_reader *r;
    if (ck_reader_open(&r, in, &ro, e) != CK_OK)
        return -1;
    size_t ncols = ck_reader_header(r)->n;
    struct ck_seg_spool s;
    int rc = ck_seg_spool_new(&s, ck_reader_header(r)->f, ncols, 0, NULL, in, e);
    const struct ck_row *row;
    size_t n = 0;
    while (rc == CK_OK && (rc = ck_reader_next(r, &row, e)) == CK_OK && row && n++ < MAX_ROWS)
        rc = ck_seg_spool_add(&s, row, copy && ck_reader_as_is(r), e);
    int lf = copy && ck_reader_lf_bytes(r);
    ck_reader_close(r);
    if (rc != CK_OK || ncols == 0 || n > MAX_ROWS) {
        ck_seg_spool_free(&s);
        return -1;
    }
    struct ck_seg_outcols oc;
    memset(&oc, 0, sizeof oc);
    for (int k = 0; k < CK_OUT_N; k++)
        oc.pos[k] = -1;
    oc.nout = ncols + 1;
    oc.pos[CK_OUT_SEG] = (long)ncols;
    oc.want[CK_OUT_SEG] = 1;
    const char **f = calloc(oc.nout, sizeof *f);
    size_t *len = calloc(oc.nout, sizeof *len);
    struct ck_writer *w = NULL;
    if (!f || !len)
        abort();
    rc = ck_seg_spool_finish(&s, lf, e);
    if (rc == CK_OK)
        rc = ck_writer_open(&w, out, 0, e);
    for (size_t i = 0; rc == CK_OK && i < s.nrows; i++)
        if ((rc = ck_seg_spool_get(&s, i, f, len, e)) == CK_OK) {
            f[ncols] = i % 3 ? "VIP" : "a,\"b\"";
            rc = ck_seg_spool_put(&s, w, &oc, f, len, e);
        }
    if (rc == CK_OK)
        rc = ck_seg_spool_done(&s, e);
    if (w && rc == CK_OK)
        rc = ck_writer_close(w, e);
    else if (w)
        ck_writer_abort(w);
    if (rc == CK_OK && copy && lf && s.copy != s.lines_open)
        abort(); /* kept to the end of the first reading: copied from */
    ck_seg_spool_free(&s);
    free(f);
    free(len);
    return rc;
}

static char *slurp(const char *path, size_t *n)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        abort();
    char *b = NULL;
    size_t cap = 0;
    *n = 0;
    for (;;) {
        if (*n == cap && !(b = realloc(b, cap = cap ? 2 * cap : 4096)))
            abort();
        size_t got = fread(b + *n, 1, cap - *n, fp);
        *n += got;
        if (got == 0)
            break;
    }
    fclose(fp);
    return b;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char a[64], b[64];
    if (!a[0]) {
        snprintf(a, sizeof a, "/tmp/ck-fuzz-seg-copy-%d-a.csv", (int)getpid());
        snprintf(b, sizeof b, "/tmp/ck-fuzz-seg-copy-%d-b.csv", (int)getpid());
    }
    char path[64];
    fuzz_file(data, size, path);
    struct ck_error e;
    int ra = run(path, a, 0, &e), rb = run(path, b, 1, &e);
    if (ra != rb)
        abort(); /* one way read it, the other did not */
    if (ra == CK_OK) {
        size_t na, nb;
        char *x = slurp(a, &na), *y = slurp(b, &nb);
        if (na != nb || memcmp(x, y, na) != 0)
            abort(); /* copied lines differ from the rows read again */
        free(x);
        free(y);
    }
    unlink(a);
    unlink(b);
    return 0;
}
