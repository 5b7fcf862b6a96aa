/* test_reader.c — the table reader: RFC 4180 cases, line ends, encodings, delimiter
 * sniffing, header cleaning, ragged rows and the errors a user sees. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <csv.h>

#include "custkit.h"

static char tmpdir[] = "/tmp/ck-unit-XXXXXX";

static const char *write_file(const char *name, const void *data, size_t n)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, n, f), n);
    fclose(f);
    return path;
}

/* Read a whole table: header and rows as "a|b|c\n" lines, fields escaped minimally. */
struct result {
    int rc;
    char *text;
    size_t len, cap;
    struct ck_error e;
    struct ck_read_stats stats;
    char enc[64];
    long lines[64];
};

static void put(struct result *res, const char *s, size_t n)
{
    if (res->len + n + 1 > res->cap) {
        res->cap = (res->len + n + 1) * 2;
        res->text = realloc(res->text, res->cap);
        assert_non_null(res->text);
    }
    memcpy(res->text + res->len, s, n);
    res->len += n;
    res->text[res->len] = 0;
}

static void put_row(struct result *res, const struct ck_row *row)
{
    for (size_t i = 0; i < row->n; i++) {
        if (i)
            put(res, "|", 1);
        put(res, row->f[i], row->len[i]);
    }
    put(res, "\n", 1);
}

static struct result read_opts(const char *path, const struct ck_read_opts *o)
{
    struct result res;
    memset(&res, 0, sizeof res);
    struct ck_reader *r;
    res.rc = ck_reader_open(&r, path, o, &res.e);
    put(&res, "", 0);
    if (res.rc != CK_OK)
        return res;
    put_row(&res, ck_reader_header(r));
    const struct ck_row *row;
    size_t k = 0;
    while ((res.rc = ck_reader_next(r, &row, &res.e)) == CK_OK && row) {
        if (k < 64)
            res.lines[k++] = row->line;
        put_row(&res, row);
    }
    res.stats = *ck_reader_stats(r);
    snprintf(res.enc, sizeof res.enc, "%s", res.stats.encoding);
    res.stats.encoding = NULL; /* it lives in the reader */
    ck_reader_close(r);
    return res;
}

static struct result read_bytes(const char *data, size_t n)
{
    static const struct ck_read_opts o = {.prescan = 1};
    return read_opts(write_file("t.csv", data, n), &o);
}

#define READ(lit) read_bytes(lit, sizeof(lit) - 1)

static void test_rfc4180_quoting(void **state)
{
    (void)state;
    struct result r = READ("a,b,c\n\"x,y\",\"say \"\"hi\"\"\",\"two\nlines\"\n");
    assert_int_equal(r.rc, CK_OK);
    assert_string_equal(r.text, "a|b|c\nx,y|say \"hi\"|two\nlines\n");
    free(r.text);
}

static void test_line_ends(void **state)
{
    (void)state;
    struct result lf = READ("a,b\n1,2\n3,4\n");
    struct result crlf = READ("a,b\r\n1,2\r\n3,4\r\n");
    struct result cr = READ("a,b\r1,2\r3,4\r");
    struct result nofinal = READ("a,b\n1,2\n3,4");
    assert_string_equal(lf.text, "a|b\n1|2\n3|4\n");
    assert_string_equal(crlf.text, lf.text);
    assert_string_equal(cr.text, lf.text);
    assert_string_equal(nofinal.text, lf.text);
    assert_int_equal(cr.lines[1], 3);
    assert_int_equal(crlf.lines[1], 3);
    free(lf.text), free(crlf.text), free(cr.text), free(nofinal.text);
}

static void test_record_lines(void **state)
{
    (void)state;
    /* a record that spans lines starts where it starts; blank lines are skipped */
    struct result r = READ("a,b\n1,\"x\ny\nz\"\n\n2,3\r\n4,5");
    assert_int_equal(r.rc, CK_OK);
    assert_int_equal(r.lines[0], 2);
    assert_int_equal(r.lines[1], 6);
    assert_int_equal(r.lines[2], 7);
    free(r.text);
}

static void test_unterminated_quote(void **state)
{
    (void)state;
    struct result r = READ("a,b\n1,2\n3,\"never\nclosed\n");
    assert_int_equal(r.rc, CK_EINPUT);
    assert_non_null(strstr(r.e.msg, "t.csv:3: unterminated quoted field"));
    free(r.text);
}

static void test_field_across_buffer_boundary(void **state)
{
    (void)state;
    /* the reader reads 256 KB at a time; put a quoted field with a newline across that */
    size_t n = 1024 * 1024;
    char *buf = malloc(n + 64);
    assert_non_null(buf);
    size_t o = (size_t)sprintf(buf, "a,b\n1,\"");
    memset(buf + o, 'x', 256 * 1024 - o - 2);
    o = 256 * 1024 - 2;
    memcpy(buf + o, "y\n\"\"z", 5); /* newline and escaped quote right at the boundary */
    o += 5;
    memset(buf + o, 'w', 1024 * 1024 / 2);
    o += 1024 * 1024 / 2;
    o += (size_t)sprintf(buf + o, "\"\n2,3\n");
    struct result r = read_bytes(buf, o);
    assert_int_equal(r.rc, CK_OK);
    /* header + 2 rows, and the big field came through whole */
    const char *second = strchr(r.text, '\n') + 1;
    assert_memory_equal(second, "1|xxx", 5);
    assert_non_null(strstr(r.text, "y\n\"z"));
    assert_non_null(strstr(r.text, "w\n2|3\n"));
    assert_int_equal(r.stats.records, 2);
    free(buf);
    free(r.text);
}

static void test_field_limit_within_a_line(void **state)
{
    (void)state;
    /* the limit holds for a field that sits inside one read, quoted or not */
    static const char *const docs[] = {"a,b\n1,0123456789ABCDEF\n", "a,b\n1,\"0123456789AB,DEF\"\n",
                                       "a,b\n\"0123456789\nABCDEF\",1\n"};
    struct ck_read_opts lim = {.max_field = 12};
    for (size_t i = 0; i < sizeof docs / sizeof *docs; i++) {
        struct result r = read_opts(write_file("lim.csv", docs[i], strlen(docs[i])), &lim);
        assert_int_equal(r.rc, CK_EINPUT);
        assert_non_null(strstr(r.e.msg, "lim.csv:2: field longer than 12 bytes"));
        free(r.text);
    }
}

/* Records as text: fields joined by 0x1F, trailing empty fields dropped (the reader pads rows
 * to the header's width), each record ended by 0x1E. */
struct ref {
    struct result *res;
    size_t row_len;  /* res->len where the record began */
    size_t kept_len; /* res->len after its last non-empty field */
    int fields;
};

static void ref_field(void *data, size_t len, void *ctx)
{
    struct ref *rf = ctx;
    if (rf->fields++)
        put(rf->res, "\x1f", 1);
    put(rf->res, data, len);
    if (len)
        rf->kept_len = rf->res->len;
}

static void ref_row(int c, void *ctx)
{
    (void)c;
    struct ref *rf = ctx;
    rf->res->len = rf->kept_len;
    put(rf->res, "\x1e", 1);
    rf->row_len = rf->kept_len = rf->res->len;
    rf->fields = 0;
}

static int keep_spaces(unsigned char c)
{
    (void)c;
    return 0;
}

static void test_split_matches_libcsv(void **state)
{
    (void)state;
    /* The reader cuts quote-free and simply quoted lines itself and gives the rest to libcsv:
     * on random documents over the bytes that matter, every record must be libcsv's. */
    /* the second alphabet makes fields long enough to be scanned eight bytes at a time, with
     * the quote or comma that ends them at every place of a block */
    static const char alphabets[2][24] = {
        {'a', 'b', ',', ',', '"', '"', '\n', '\r', ' ', '\xc3'},
        {'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', 'p', ',', '"',
         '\n', '\r', ' ', '\xc3'}};
    static const size_t nalpha[2] = {10, 22};
    static const char header[] = "h1,h2,h3,h4,h5,h6,h7,h8\n";
    static const struct ck_read_opts o = {.prescan = 1};
    unsigned seed = 12345;
    char doc[512];
    for (int iter = 0; iter < 10000; iter++) {
        const char *alphabet = alphabets[iter & 1];
        size_t na = nalpha[iter & 1];
        size_t n = sizeof header - 1;
        memcpy(doc, header, n);
        size_t len = 1 + (seed = seed * 1103515245u + 12345u) % 200;
        for (size_t i = 0; i < len; i++) {
            seed = seed * 1103515245u + 12345u;
            char c = alphabet[(seed >> 16) % na];
            doc[n++] = c;
            if (c == '\xc3')
                doc[n++] = '\xa9'; /* é, so the text stays UTF-8 */
        }
        /* libcsv over the whole document, header row left out */
        struct result want;
        memset(&want, 0, sizeof want);
        put(&want, "", 0);
        struct ref rf = {&want, 0, 0, 0};
        struct csv_parser p;
        assert_int_equal(csv_init(&p, CSV_APPEND_NULL), 0);
        csv_set_space_func(&p, keep_spaces);
        csv_parse(&p, doc + sizeof header - 1, n - (sizeof header - 1), ref_field, ref_row, &rf);
        int open_quote = p.pstate == 2 /* FIELD_BEGUN */ && p.quoted;
        csv_fini(&p, ref_field, ref_row, &rf);
        csv_free(&p);

        struct result got;
        memset(&got, 0, sizeof got);
        put(&got, "", 0);
        struct ck_reader *r;
        struct ck_error e;
        int rc = ck_reader_open(&r, write_file("diff.csv", doc, n), &o, &e);
        const struct ck_row *row;
        if (rc == CK_OK) {
            struct ref out = {&got, 0, 0, 0};
            while ((rc = ck_reader_next(r, &row, &e)) == CK_OK && row) {
                for (size_t i = 0; i < row->n; i++)
                    ref_field(row->f[i], row->len[i], &out);
                ref_row(0, &out);
            }
            ck_reader_close(r);
        }
        if (open_quote) {
            assert_int_equal(rc, CK_EINPUT);
            assert_non_null(strstr(e.msg, "unterminated quoted field"));
        } else {
            if (rc != CK_OK || strcmp(got.text, want.text) != 0)
                fail_msg("document %d differs from libcsv (rc %d): %.*s", iter, rc, (int)n, doc);
        }
        free(want.text);
        free(got.text);
    }
}

static void test_one_megabyte_field(void **state)
{
    (void)state;
    size_t big = 1 << 20;
    char *buf = malloc(big + 32);
    size_t o = (size_t)sprintf(buf, "a\n");
    memset(buf + o, 'q', big);
    o += big;
    buf[o++] = '\n';
    struct result r = read_bytes(buf, o);
    assert_int_equal(r.rc, CK_OK);
    assert_int_equal(r.len, 2 + big + 1);
    /* and a limit smaller than it gives a clear error */
    struct ck_read_opts lim = {.max_field = 1000};
    struct result r2 = read_opts(write_file("big.csv", buf, o), &lim);
    assert_int_equal(r2.rc, CK_EINPUT);
    assert_non_null(strstr(r2.e.msg, "longer than 1000 bytes"));
    free(buf), free(r.text), free(r2.text);
}

static void test_encodings(void **state)
{
    (void)state;
    /* 姓名,城市 / 张三,北京 in several encodings */
    static const char utf8[] = "\xe5\xa7\x93\xe5\x90\x8d,\xe5\x9f\x8e\xe5\xb8\x82\n"
                               "\xe5\xbc\xa0\xe4\xb8\x89,\xe5\x8c\x97\xe4\xba\xac\n";
    static const char gbk[] = "\xd0\xd5\xc3\xfb,\xb3\xc7\xca\xd0\n\xd5\xc5\xc8\xfd,\xb1\xb1\xbe\xa9\n";
    static const char bom[] = "\xef\xbb\xbf"
                              "\xe5\xa7\x93\xe5\x90\x8d,\xe5\x9f\x8e\xe5\xb8\x82\n"
                              "\xe5\xbc\xa0\xe4\xb8\x89,\xe5\x8c\x97\xe4\xba\xac\n";
    static const char u16le[] = "\xff\xfe\xd3\x59\x0d\x54,\x00\xce\x57\x02\x5e\n\x00"
                                "\x20\x5f\x09\x4e,\x00\x17\x53\xac\x4e\n\x00";
    static const char u16be[] = "\xfe\xff\x59\xd3\x54\x0d\x00,\x57\xce\x5e\x02\x00\n"
                                "\x5f\x20\x4e\x09\x00,\x53\x17\x4e\xac\x00\n";
    struct result a = READ(utf8), b = READ(gbk), c = READ(bom), d = READ(u16le), f = READ(u16be);
    const char *want = "\xe5\xa7\x93\xe5\x90\x8d|\xe5\x9f\x8e\xe5\xb8\x82\n"
                       "\xe5\xbc\xa0\xe4\xb8\x89|\xe5\x8c\x97\xe4\xba\xac\n";
    assert_string_equal(a.text, want);
    assert_string_equal(b.text, want);
    assert_string_equal(b.enc, "GB18030");
    assert_string_equal(c.text, want);
    assert_string_equal(d.text, want);
    assert_string_equal(d.enc, "UTF-16LE");
    assert_string_equal(f.text, want);
    free(a.text), free(b.text), free(c.text), free(d.text), free(f.text);
}

/* A 10 MB table of `row` lines after `header`, with `extra` written as line `at_line`. */
static char *big_table(const char *header, const char *row, const char *extra, long at_line,
                       size_t *n)
{
    size_t cap = 11u << 20, o = 0;
    char *buf = malloc(cap + 4096);
    assert_non_null(buf);
    o += (size_t)sprintf(buf, "%s", header);
    for (long line = 2; o < cap; line++)
        o += (size_t)sprintf(buf + o, "%s", line == at_line ? extra : row);
    *n = o;
    return buf;
}

static char *first_line(const char *text)
{
    const char *nl = strchr(text, '\n');
    return strndup(text, nl ? (size_t)(nl - text) : strlen(text));
}

static void test_width_pass_halves(void **state)
{
    (void)state;
    /* Import's width pass scans a large file's two halves on two threads. Rows are "张,1\n"
     * (7 bytes): line 1,300,000 is at about 9 MB, in the second half. */
    size_t n;
    char *buf = big_table("名,b\n", "\xe5\xbc\xa0,1\n", "x,y,z,w\n", 1300000, &n);
    struct result r = read_bytes(buf, n);
    assert_int_equal(r.rc, CK_OK);
    char *h = first_line(r.text);
    assert_string_equal(h, "名|b|column_3|column_4");
    free(h), free(buf), free(r.text);

    /* a bad byte and an unterminated quote in the second half name their own lines */
    buf = big_table("名,b\n", "\xe5\xbc\xa0,1\n", "x,\xff\n", 1300000, &n);
    r = read_bytes(buf, n);
    assert_int_equal(r.rc, CK_EINPUT);
    assert_non_null(strstr(r.e.msg, "t.csv:1300000: invalid UTF-8"));
    free(buf), free(r.text);
    buf = big_table("名,b\n", "\xe5\xbc\xa0,1\n", "x,\"open\n", 1300000, &n);
    r = read_bytes(buf, n);
    assert_int_equal(r.rc, CK_EINPUT);
    assert_non_null(strstr(r.e.msg, "t.csv:1300000: unterminated quoted field"));
    free(buf), free(r.text);

    /* GB18030 splits too, at a line end byte that cannot be inside a character */
    buf = big_table("\xc3\xfb,b\n", "\xd5\xc5,1\n", "x,y,z\n", 1500000, &n);
    r = read_bytes(buf, n);
    assert_int_equal(r.rc, CK_OK);
    assert_string_equal(r.enc, "GB18030");
    h = first_line(r.text);
    assert_string_equal(h, "名|b|column_3");
    free(h), free(buf), free(r.text);
}

static void test_width_pass_middle_in_quotes(void **state)
{
    (void)state;
    /* a quoted field from 3 MB to 7 MB holds the middle: the second half's guess of where
     * records begin is wrong, and the whole pass must still find the widest record */
    size_t cap = 10u << 20, o = 0;
    char *buf = malloc(cap + 4096);
    assert_non_null(buf);
    o += (size_t)sprintf(buf, "名,b\n");
    long rows = 0;
    while (o < (3u << 20))
        o += (size_t)sprintf(buf + o, "\xe5\xbc\xa0,1\n"), rows++;
    o += (size_t)sprintf(buf + o, "x,\"");
    while (o < (7u << 20))
        o += (size_t)sprintf(buf + o, "a,b,c,d,e\n"); /* wide, if it were not quoted */
    o += (size_t)sprintf(buf + o, "\",z\n"), rows++;
    while (o < cap)
        o += (size_t)sprintf(buf + o, "\xe5\xbc\xa0,1\n"), rows++;
    struct result r = read_bytes(buf, o);
    assert_int_equal(r.rc, CK_OK);
    char *h = first_line(r.text);
    assert_string_equal(h, "名|b|column_3");
    assert_int_equal(r.stats.records, rows);
    /* and one thread reads the same table */
    setenv("CUSTKIT_THREADS", "1", 1);
    struct result one = read_bytes(buf, o);
    unsetenv("CUSTKIT_THREADS");
    assert_int_equal(one.rc, CK_OK);
    assert_string_equal(one.text, r.text);
    free(h), free(buf), free(r.text), free(one.text);
}

static void test_gbk_after_long_ascii(void **state)
{
    (void)state;
    /* 300 KB of ASCII, then GBK: the decision waits for the first non-ASCII byte */
    size_t n = 300 * 1024;
    char *buf = malloc(n + 64);
    size_t o = (size_t)sprintf(buf, "a,b\n");
    while (o < n)
        o += (size_t)sprintf(buf + o, "x,y\n");
    o += (size_t)sprintf(buf + o, "\xd5\xc5\xc8\xfd,\xb1\xb1\xbe\xa9\n");
    struct result r = read_bytes(buf, o);
    assert_int_equal(r.rc, CK_OK);
    assert_non_null(strstr(r.text, "\xe5\xbc\xa0\xe4\xb8\x89|\xe5\x8c\x97\xe4\xba\xac\n"));
    assert_string_equal(r.enc, "GB18030");
    free(buf), free(r.text);
}

static void test_invalid_utf8_forced(void **state)
{
    (void)state;
    struct ck_read_opts o = {.encoding = "UTF-8"};
    static const char bad[] = "a,b\n1,2\n\xc0\xaf,3\n"; /* an overlong '/' */
    struct result r = read_opts(write_file("bad.csv", bad, sizeof bad - 1), &o);
    assert_int_equal(r.rc, CK_EINPUT);
    assert_non_null(strstr(r.e.msg, "bad.csv:3: invalid UTF-8"));
    free(r.text);
}

static void test_binary_and_empty(void **state)
{
    (void)state;
    static const char bin[] = "a,b\n1\0\0\0\x7f";
    struct result r = read_bytes(bin, sizeof bin - 1);
    assert_int_equal(r.rc, CK_EINPUT);
    assert_non_null(strstr(r.e.msg, "NUL"));
    struct result e = read_bytes("", 0);
    assert_int_equal(e.rc, CK_EINPUT);
    assert_non_null(strstr(e.e.msg, "empty"));
    struct result m = read_opts("/nonexistent/x.csv", NULL);
    assert_int_equal(m.rc, CK_EINPUT);
    assert_non_null(strstr(m.e.msg, "/nonexistent/x.csv"));
    free(r.text), free(e.text), free(m.text);
}

static void test_sniff_delimiter(void **state)
{
    (void)state;
    struct result semi = READ("a;b;c\n1;2,5;3\n4;5;6\n");
    struct result tab = READ("a\tb\n1,5\t2\n");
    struct result pipe = READ("a|b|c\n1|2|3\n");
    struct result title = READ("Customer list 2026\na;b\n1;2\n3;4\n");
    assert_string_equal(semi.text, "a|b|c\n1|2,5|3\n4|5|6\n");
    assert_int_equal(semi.stats.delimiter, ';');
    assert_string_equal(tab.text, "a|b\n1,5|2\n");
    assert_int_equal(pipe.stats.delimiter, '|');
    assert_int_equal(title.stats.delimiter, ';');
    free(semi.text), free(tab.text), free(pipe.text), free(title.text);
}

/* The delimiter is sniffed on the lines the records are cut from: decoded (not only the ASCII
 * before the first byte above 127), and quoted as the reader quotes (a quote opens a quoted
 * field only at the start of a field, as in libcsv). */
static void test_sniff_sample(void **state)
{
    (void)state;
    /* the header's ASCII part alone ("a;b") would say ';' */
    struct result cjk = READ("a;b客,c,d\n1,\"x;y;z\",2\n");
    assert_int_equal(cjk.rc, CK_OK);
    assert_int_equal(cjk.stats.delimiter, ',');
    assert_string_equal(cjk.text, "a;b客|c|d\n1|x;y;z|2\n");
    /* the same in GBK; 纜 is C0 7C there, a '|' to anything that reads the bytes undecoded */
    struct result gbk = READ("a;b\xbf\xcd,c,d\n1,\"x;y;z\",\xc0|\xc0|\xc0|\n"
                             "2,\"p;q\",\xc0|\xc0|\xc0|\n");
    assert_int_equal(gbk.rc, CK_OK);
    assert_string_equal(gbk.enc, "GB18030");
    assert_int_equal(gbk.stats.delimiter, ',');
    assert_string_equal(gbk.text, "a;b客|c|d\n1|x;y;z|纜纜纜\n2|p;q|纜纜纜\n");
    /* an inch mark inside an unquoted field is a character, not the start of a quote */
    struct result inch = READ("sku;size;note\nP1;12\";\"steel, long, heavy\"\n"
                              "P2;10;\"brass, short, light\"\nP3;8;\"copper, thin, soft\"\n");
    assert_int_equal(inch.rc, CK_OK);
    assert_int_equal(inch.stats.delimiter, ';');
    assert_string_equal(inch.text, "sku|size|note\nP1|12\"|steel, long, heavy\n"
                                   "P2|10|brass, short, light\nP3|8|copper, thin, soft\n");
    /* quoted tabs and commas, the header's ASCII part a tie */
    struct result tab = READ("id\tName, 姓名\tcity\n1\t\"a\tb, c\"\t北京\n2\t\"d\te, f\"\t上海\n");
    assert_int_equal(tab.rc, CK_OK);
    assert_int_equal(tab.stats.delimiter, '\t');
    assert_string_equal(tab.text, "id|Name, 姓名|city\n1|a\tb, c|北京\n2|d\te, f|上海\n");
    /* quoted fields across lines, with commas on every line of them */
    struct result multi = READ("id;note;city\n1;\"one, a, b\ntwo, c, d\";北京\n"
                               "2;\"three, e, f\nfour, g, h\";上海\n3;plain;广州\n");
    assert_int_equal(multi.rc, CK_OK);
    assert_int_equal(multi.stats.delimiter, ';');
    assert_string_equal(multi.text, "id|note|city\n1|one, a, b\ntwo, c, d|北京\n"
                                    "2|three, e, f\nfour, g, h|上海\n3|plain|广州\n");
    free(cjk.text), free(gbk.text), free(inch.text), free(tab.text), free(multi.text);
}

/* An encoding error met while reading the lines to sniff is given when the records reach it,
 * after the records before it, naming the line of the first byte that is not UTF-8 (not the
 * line where the look-ahead began, nor one counted twice). */
static void test_sniff_sample_error(void **state)
{
    (void)state;
    static const struct ck_read_opts stream = {0};
    static const char bad[] = "a,b\n1,2\n3,\xc3\xa9\n4,\xff\n";
    struct result r = read_opts(write_file("bad.csv", bad, sizeof bad - 1), &stream);
    assert_int_equal(r.rc, CK_EINPUT);
    assert_non_null(strstr(r.e.msg, "bad.csv:4: not UTF-8 and not GB18030 text"));
    assert_string_equal(r.text, "a|b\n1|2\n");
    struct ck_read_opts utf8 = {.encoding = "UTF-8"};
    static const char bad8[] = "a;b\n1;\xc3\xa9\n2;\xff\n";
    struct result f = read_opts(write_file("bad8.csv", bad8, sizeof bad8 - 1), &utf8);
    assert_int_equal(f.rc, CK_EINPUT);
    assert_non_null(strstr(f.e.msg, "bad8.csv:3: invalid UTF-8"));
    assert_string_equal(f.text, "a|b\n1|é\n");
    /* the same with the width pass first, and with the bad byte on the first non-ASCII line */
    static const char early[] = "a,b\n\xc3\xa9,1\n\xff,2\n";
    struct result w = read_bytes(bad, sizeof bad - 1);
    struct result x = read_bytes(early, sizeof early - 1);
    assert_int_equal(w.rc, CK_EINPUT);
    assert_non_null(strstr(w.e.msg, "t.csv:4: not UTF-8 and not GB18030 text"));
    assert_int_equal(x.rc, CK_EINPUT);
    assert_non_null(strstr(x.e.msg, "t.csv:3: not UTF-8 and not GB18030 text"));
    free(r.text), free(f.text), free(w.text), free(x.text);
}

static void test_header_cleaning(void **state)
{
    (void)state;
    struct result r = READ("\xef\xbb\xbf name ,,name, \xc2\xa0x\n1,2,3,4\n");
    assert_string_equal(r.text, "name|column_2|name_2|x\n1|2|3|4\n");
    assert_int_equal(r.stats.dup_headers, 1);
    assert_int_equal(r.stats.empty_headers, 1);
    free(r.text);
}

/* Header names lose every kind of Unicode white space at both ends; a line break inside
 * (Alt+Enter in an Excel header) becomes one space, or nothing between CJK characters. */
static void test_header_white_space(void **state)
{
    (void)state;
    struct result r =
        READ("\"\n start \t\n end \t\n\",\"\n\",\"手机\n号码\",\"Customer\r\nName\","
             "\xe3\x80\x80姓名\xc2\xa0,\xe2\x80\x83x\xe2\x80\x8a,\"\r\xef\xbb\xbfid\xe2\x80\xa9\","
             "\"a\tb  c\",\"金额 \n（元）\",\"\xe1\x9a\x80\x0b\x0c\xc2\x85\"\n"
             "1,2,3,4,5,6,7,8,9,10\n");
    assert_string_equal(r.text, "start end|column_2|手机号码|Customer Name|姓名|x|id|a\tb  c|"
                                "金额（元）|column_10\n1|2|3|4|5|6|7|8|9|10\n");
    assert_int_equal(r.stats.empty_headers, 2);
    free(r.text);
}

static void test_header_row_options(void **state)
{
    (void)state;
    const char *p = write_file("title.csv", "Report\n\na,b\n1,2\n", 16);
    struct ck_read_opts skip = {.skip_rows = 1};
    struct ck_read_opts hdr = {.header_row = 2};
    struct result a = read_opts(p, &skip), b = read_opts(p, &hdr);
    assert_string_equal(a.text, "a|b\n1|2\n");
    assert_string_equal(b.text, "a|b\n1|2\n");
    free(a.text), free(b.text);
}

static void test_title_rows(void **state)
{
    (void)state;
    struct result one = READ("Customers Q3 2026\n\nid,name\n1,Zhang\n");
    assert_string_equal(one.text, "id|name\n1|Zhang\n");
    assert_int_equal(one.stats.title_rows, 1);
    struct result two = READ("Report,\n,Subtitle\nid,name\n1,Zhang\n");
    assert_string_equal(two.text, "id|name\n1|Zhang\n");
    assert_int_equal(two.stats.title_rows, 2);
    /* a one-column table keeps its first row as the header and loses no row */
    struct result col = READ("phone\n138\n139\n");
    assert_string_equal(col.text, "phone\n138\n139\n");
    assert_int_equal(col.stats.title_rows, 0);
    /* --header-row 1 keeps a title as the header */
    struct ck_read_opts o = {.header_row = 1, .prescan = 1};
    struct result kept = read_opts(write_file("t2.csv", "Title\nid,name\n1,Z\n", 18), &o);
    assert_string_equal(kept.text, "Title|column_2\nid|name\n1|Z\n");
    free(one.text), free(two.text), free(col.text), free(kept.text);
}

/* A single label above rows of dates and numbers is the header of a one-column-named table,
 * not a title: the numbers are data ("Summe" over a German report's totals). */
static void test_title_over_numbers(void **state)
{
    (void)state;
    struct result sum = READ("Summe\n2011-09-14,3.81,0.7,12\n2011-09-15,4.2,-0.65,9\n");
    assert_string_equal(sum.text, "Summe|column_2|column_3|column_4\n"
                                  "2011-09-14|3.81|0.7|12\n2011-09-15|4.2|-0.65|9\n");
    assert_int_equal(sum.stats.title_rows, 0);
    assert_int_equal(sum.stats.guess, CK_GUESS_TITLE_KEPT);
    assert_int_equal(sum.stats.header_row, 1);
    assert_int_equal(sum.stats.guess_line, 2);
    assert_int_equal(sum.stats.guess_row, 2);
    /* blank lines are not rows: the numbers are line 3 but --header-row 2 */
    struct result gap = READ("Summe\n\n2011-09-14,3.81\n");
    assert_string_equal(gap.text, "Summe|column_2\n2011-09-14|3.81\n");
    assert_int_equal(gap.stats.guess_line, 3);
    assert_int_equal(gap.stats.guess_row, 2);
    free(gap.text);
    /* German and Chinese forms, amounts, percentages, times; blank cells do not matter */
    struct result de = READ("Summe\n14.09.2011;3,81;;1.234,5\n");
    assert_string_equal(de.text, "Summe|column_2|column_3|column_4\n14.09.2011|3,81||1.234,5\n");
    struct result zh = READ("合计\n2024年1月5日,\"¥1,234.50\",12.5%,13:30:00,(42),1e-7\n");
    assert_string_equal(zh.text, "合计|column_2|column_3|column_4|column_5|column_6\n"
                                 "2024年1月5日|¥1,234.50|12.5%|13:30:00|(42)|1e-7\n");
    /* one word among the numbers makes the row a header again */
    struct result hdr = READ("Report\n2024,amount\n1,2\n");
    assert_string_equal(hdr.text, "2024|amount\n1|2\n");
    assert_int_equal(hdr.stats.title_rows, 1);
    assert_int_equal(hdr.stats.guess, CK_GUESS_NONE);
    assert_int_equal(hdr.stats.header_row, 2);
    free(sum.text), free(de.text), free(zh.text), free(hdr.text);
}

/* A row of group labels over merged ranges ("基本信息" over three columns) above a full row
 * of names: the names are the header. */
static void test_grouped_header(void **state)
{
    (void)state;
    struct result g = READ("基本信息,,,消费情况,,\n姓名,手机,城市,金额,次数,最近消费\n"
                           "张三,138,上海,1234.5,3,2024-01-05\n");
    assert_string_equal(g.text,
                        "姓名|手机|城市|金额|次数|最近消费\n张三|138|上海|1234.5|3|2024-01-05\n");
    assert_int_equal(g.stats.empty_headers, 0);
    assert_int_equal(g.stats.title_rows, 0);
    assert_int_equal(g.stats.guess, CK_GUESS_GROUPS);
    assert_int_equal(g.stats.guess_row, 1);
    assert_int_equal(g.stats.header_row, 2);
    /* under a title; groups of two; a label not over the first column */
    struct result t =
        READ("客户消费明细\n基本信息,,消费情况,\n姓名,手机,金额,次数\n张三,138,1,2\n");
    assert_string_equal(t.text, "姓名|手机|金额|次数\n张三|138|1|2\n");
    assert_int_equal(t.stats.title_rows, 1);
    assert_int_equal(t.stats.guess_line, 2);
    assert_int_equal(t.stats.header_row, 3);
    struct result off = READ(",Contact,,Sales,\nid,name,phone,amount,orders\nC1,Ann,138,9,1\n");
    assert_string_equal(off.text, "id|name|phone|amount|orders\nC1|Ann|138|9|1\n");
    /* not groups: the row below holds numbers, is not full, or the labels touch */
    struct result num = READ("a,,b,\n1,2,3,4\n");
    assert_string_equal(num.text, "a|column_2|b|column_4\n1|2|3|4\n");
    assert_int_equal(num.stats.guess, CK_GUESS_NONE);
    assert_int_equal(num.stats.named_headers, 2);
    assert_int_equal(num.stats.empty_headers, 2);
    assert_int_equal(num.stats.header_row, 1);
    struct result gap = READ("a,,b,\nx,,y,z\n");
    assert_string_equal(gap.text, "a|column_2|b|column_4\nx||y|z\n");
    struct result touch = READ("id,基本信息,,消费情况,\n,姓名,手机,金额,次数\n");
    assert_string_equal(touch.text,
                        "id|基本信息|column_3|消费情况|column_5\n|姓名|手机|金额|次数\n");
    /* --header-row 1 keeps the labels as the header */
    struct ck_read_opts o = {.header_row = 1, .prescan = 1};
    static const char two[] = "基本信息,,消费情况,\n姓名,手机,金额,次数\n";
    struct result kept = read_opts(write_file("g.csv", two, sizeof two - 1), &o);
    assert_string_equal(kept.text, "基本信息|column_2|消费情况|column_4\n姓名|手机|金额|次数\n");
    free(g.text), free(t.text), free(off.text), free(num.text), free(gap.text), free(touch.text);
    free(kept.text);
}

static void test_ragged(void **state)
{
    (void)state;
    struct result r = READ("a,b,c\n1\n1,2,3,4,5\n");
    assert_string_equal(r.text, "a|b|c|column_4|column_5\n1||||\n1|2|3|4|5\n");
    assert_int_equal(r.stats.short_rows, 1);
    assert_int_equal(r.stats.long_rows, 1);
    /* without a prescan, a wider row is an error rather than a lost value */
    struct ck_read_opts o = {0};
    struct result r2 = read_opts(write_file("rag.csv", "a,b\n1,2,3\n", 10), &o);
    assert_int_equal(r2.rc, CK_EINPUT);
    assert_non_null(strstr(r2.e.msg, "rag.csv:2: 3 fields but the header has 2"));
    free(r.text), free(r2.text);
}

static int setup(void **state)
{
    (void)state;
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rfc4180_quoting),
        cmocka_unit_test(test_line_ends),
        cmocka_unit_test(test_record_lines),
        cmocka_unit_test(test_unterminated_quote),
        cmocka_unit_test(test_field_across_buffer_boundary),
        cmocka_unit_test(test_one_megabyte_field),
        cmocka_unit_test(test_encodings),
        cmocka_unit_test(test_gbk_after_long_ascii),
        cmocka_unit_test(test_width_pass_halves),
        cmocka_unit_test(test_width_pass_middle_in_quotes),
        cmocka_unit_test(test_invalid_utf8_forced),
        cmocka_unit_test(test_binary_and_empty),
        cmocka_unit_test(test_sniff_delimiter),
        cmocka_unit_test(test_sniff_sample),
        cmocka_unit_test(test_sniff_sample_error),
        cmocka_unit_test(test_header_cleaning),
        cmocka_unit_test(test_header_white_space),
        cmocka_unit_test(test_header_row_options),
        cmocka_unit_test(test_title_rows),
        cmocka_unit_test(test_title_over_numbers),
        cmocka_unit_test(test_grouped_header),
        cmocka_unit_test(test_ragged),
        cmocka_unit_test(test_field_limit_within_a_line),
        cmocka_unit_test(test_split_matches_libcsv),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
