/* floor_xlsx.c — the export floor for bench/run.sh: the cells of a segmented CSV written with
 * libxlsxwriter in constant_memory mode, one sheet per segment, and nothing else. */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

/*
 * usage: floor_xlsx [-s SEGMENT_COL] [-n NUMBER_COLS] [-d DATE_COLS] IN.csv OUT.xlsx
 * Columns are header names, comma-separated. Number columns are written as numbers (a two-place
 * thousands format), date columns (YYYY-MM-DD) as dates formatted yyyy-mm-dd, everything else as
 * strings; the header row is bold. No sorting, no summary, no widths, no chart: that is the
 * work custkit export adds on top of this floor.
 */

#define MAX_SHEETS 64

struct sheet {
    char *name;
    lxw_worksheet *ws;
    lxw_row_t row;
};

struct state {
    /* the current row's fields */
    char **field;
    size_t *len, *cap;
    size_t nfield, maxfield;
    /* header and column kinds ('n' number, 'd' date, 's' string) */
    char **header;
    char *kind;
    size_t ncol;
    long seg; /* segment column or -1 */
    const char *segname, *numbers, *dates;
    lxw_workbook *wb;
    lxw_format *bold, *num, *date;
    struct sheet sheets[MAX_SHEETS];
    size_t nsheets;
    long rows;
};

static void die(const char *msg)
{
    fprintf(stderr, "floor_xlsx: %s\n", msg);
    exit(1);
}

static void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p)
        die("out of memory");
    return p;
}

/* Is name one of the comma-separated names of list? */
static int in_list(const char *list, const char *name)
{
    size_t n = strlen(name);
    if (!list || !n)
        return 0;
    for (const char *p = list; *p;) {
        size_t m = strcspn(p, ",");
        if (m == n && memcmp(p, name, n) == 0)
            return 1;
        p += m;
        if (*p == ',')
            p++;
    }
    return 0;
}

static void on_field(void *data, size_t n, void *ctx)
{
    struct state *s = ctx;
    if (s->nfield == s->maxfield) {
        size_t m = s->maxfield ? 2 * s->maxfield : 32;
        s->field = xrealloc(s->field, m * sizeof *s->field);
        s->len = xrealloc(s->len, m * sizeof *s->len);
        s->cap = xrealloc(s->cap, m * sizeof *s->cap);
        for (size_t i = s->maxfield; i < m; i++) {
            s->field[i] = NULL;
            s->cap[i] = 0;
        }
        s->maxfield = m;
    }
    size_t i = s->nfield++;
    if (s->cap[i] < n + 1) {
        s->cap[i] = n + 1 > 64 ? n + 1 : 64;
        s->field[i] = xrealloc(s->field[i], s->cap[i]);
    }
    memcpy(s->field[i], data, n);
    s->field[i][n] = '\0';
    s->len[i] = n;
}

static lxw_worksheet *sheet_for(struct state *s, const char *seg, lxw_row_t *row)
{
    for (size_t i = 0; i < s->nsheets; i++)
        if (strcmp(s->sheets[i].name, seg) == 0) {
            *row = ++s->sheets[i].row;
            return s->sheets[i].ws;
        }
    if (s->nsheets == MAX_SHEETS)
        die("too many segments");
    struct sheet *sh = &s->sheets[s->nsheets++];
    /* at most 31 bytes, cut on a character boundary: within Excel's limit for a segment name */
    const char *src = *seg ? seg : "(blank)";
    char name[32];
    size_t k = 0;
    while (src[k]) {
        unsigned char b = (unsigned char)src[k];
        size_t clen = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
        if (k + clen > sizeof name - 1)
            break;
        k += clen;
    }
    memcpy(name, src, k);
    name[k] = '\0';
    sh->name = strdup(seg);
    if (!sh->name)
        die("out of memory");
    sh->ws = workbook_add_worksheet(s->wb, name);
    if (!sh->ws)
        die("cannot add a worksheet");
    for (size_t c = 0; c < s->ncol; c++)
        worksheet_write_string(sh->ws, 0, (lxw_col_t)c, s->header[c], s->bold);
    sh->row = 1;
    *row = 1;
    return sh->ws;
}

static void write_cell(struct state *s, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *v)
{
    if (!*v)
        return;
    if (s->kind[c] == 'n') {
        char *end;
        double d = strtod(v, &end);
        if (end != v && !*end) {
            worksheet_write_number(ws, r, c, d, s->num);
            return;
        }
    } else if (s->kind[c] == 'd') {
        int y, m, d;
        char tail;
        if (sscanf(v, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3) {
            lxw_datetime dt = {y, m, d, 0, 0, 0};
            worksheet_write_datetime(ws, r, c, &dt, s->date);
            return;
        }
    }
    worksheet_write_string(ws, r, c, v, NULL);
}

static void on_row(int term, void *ctx)
{
    struct state *s = ctx;
    (void)term;
    if (!s->header) { /* the header row */
        s->ncol = s->nfield;
        s->header = xrealloc(NULL, s->ncol * sizeof *s->header);
        s->kind = xrealloc(NULL, s->ncol);
        for (size_t c = 0; c < s->ncol; c++) {
            s->header[c] = strdup(s->field[c]);
            if (!s->header[c])
                die("out of memory");
            s->kind[c] = in_list(s->numbers, s->header[c]) ? 'n'
                         : in_list(s->dates, s->header[c]) ? 'd'
                                                           : 's';
            if (s->segname && strcmp(s->header[c], s->segname) == 0)
                s->seg = (long)c;
        }
    } else {
        const char *seg = s->seg >= 0 && (size_t)s->seg < s->nfield ? s->field[s->seg] : "data";
        lxw_row_t r;
        lxw_worksheet *ws = sheet_for(s, seg, &r);
        for (size_t c = 0; c < s->nfield && c < s->ncol; c++)
            write_cell(s, ws, r, (lxw_col_t)c, s->field[c]);
        s->rows++;
    }
    s->nfield = 0;
}

int main(int argc, char **argv)
{
    struct state s = {0};
    int i = 1;
    for (; i + 1 < argc && argv[i][0] == '-' && argv[i][1] && !argv[i][2]; i += 2) {
        switch (argv[i][1]) {
        case 's':
            s.segname = argv[i + 1];
            break;
        case 'n':
            s.numbers = argv[i + 1];
            break;
        case 'd':
            s.dates = argv[i + 1];
            break;
        default:
            die("usage: floor_xlsx [-s COL] [-n COLS] [-d COLS] IN.csv OUT.xlsx");
        }
    }
    if (argc - i != 2)
        die("usage: floor_xlsx [-s COL] [-n COLS] [-d COLS] IN.csv OUT.xlsx");
    FILE *in = fopen(argv[i], "rb");
    if (!in)
        die("cannot open input");
    lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = NULL, .use_zip64 = LXW_TRUE};
    s.wb = workbook_new_opt(argv[i + 1], &opt);
    if (!s.wb)
        die("cannot create workbook");
    s.seg = -1;
    s.bold = workbook_add_format(s.wb);
    format_set_bold(s.bold);
    s.num = workbook_add_format(s.wb);
    format_set_num_format(s.num, "#,##0.00");
    s.date = workbook_add_format(s.wb);
    format_set_num_format(s.date, "yyyy-mm-dd");

    struct csv_parser p;
    if (csv_init(&p, CSV_APPEND_NULL) != 0)
        die("csv_init");
    static char buf[1 << 16];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        if (csv_parse(&p, buf, n, on_field, on_row, &s) != n)
            die(csv_strerror(csv_error(&p)));
    csv_fini(&p, on_field, on_row, &s);
    fclose(in);
    if (workbook_close(s.wb) != LXW_NO_ERROR)
        die("cannot write workbook");
    fprintf(stderr, "floor_xlsx: %ld rows on %zu sheets\n", s.rows, s.nsheets);
    return 0;
}
