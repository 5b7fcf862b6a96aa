/* test_xlsx_zip.c — unit tests of lib/io/xlsx_zip.c, the workbook container, on zip files built
 * byte by byte here: entries found exactly and without case, stored and deflated entries
 * streamed with their CRC checked, a zip bomb stopped by the ratio and total limits (the total
 * scaled to the file's size), a truncated or damaged entry and a cut central directory refused,
 * and a zip that is no workbook named for what it is. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <zlib.h>

#include "custkit.h"
#include "io/xlsx_internal.h"
struct entry {
    const char *name;
    const unsigned char *data;
    size_t len;
    int deflate;
    long cut; /* > 0: write only this many bytes of the compressed data, as if truncated */
};

static unsigned char *out;
static size_t olen, ocap;
static unsigned long last_csize; /* compressed bytes of the last entry built */

static void put(const void *p, size_t n)
{
    if (olen + n > ocap) {
        ocap = (olen + n) * 2;
        out = realloc(out, ocap);
        assert_non_null(out);
    }
    memcpy(out + olen, p, n);
    olen += n;
}

static void le16(unsigned v)
{
    unsigned char b[2] = {(unsigned char)v, (unsigned char)(v >> 8)};
    put(b, 2);
}

static void le32(unsigned long v)
{
    unsigned char b[4] = {(unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
                          (unsigned char)(v >> 24)};
    put(b, 4);
}

/* A zip of the entries (PKZIP APPNOTE 4.3.7, 4.3.12, 4.3.16), written to path. */
static void build(const char *path, const struct entry *en, size_t n)
{
    olen = 0;
    unsigned long off[8], crc[8], csz[8];
    for (size_t i = 0; i < n; i++) {
        unsigned char *c = (unsigned char *)en[i].data;
        size_t cl = en[i].len;
        if (en[i].deflate) {
            z_stream zs;
            memset(&zs, 0, sizeof zs);
            assert_int_equal(deflateInit2(&zs, 9, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY), Z_OK);
            cl = deflateBound(&zs, (uLong)en[i].len);
            c = malloc(cl);
            zs.next_in = (unsigned char *)en[i].data;
            zs.avail_in = (uInt)en[i].len;
            zs.next_out = c;
            zs.avail_out = (uInt)cl;
            assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
            cl = zs.total_out;
            deflateEnd(&zs);
        }
        crc[i] = crc32(0, en[i].data, (uInt)en[i].len);
        csz[i] = en[i].cut > 0 ? (unsigned long)en[i].cut : cl;
        last_csize = csz[i];
        off[i] = olen;
        le32(0x04034b50);
        le16(20), le16(0), le16(en[i].deflate ? 8 : 0), le16(0), le16(0x21);
        le32(crc[i]), le32(csz[i]), le32(en[i].len);
        le16((unsigned)strlen(en[i].name)), le16(0);
        put(en[i].name, strlen(en[i].name));
        put(c, csz[i]);
        if (c != en[i].data)
            free(c);
    }
    unsigned long cd = olen;
    for (size_t i = 0; i < n; i++) {
        le32(0x02014b50);
        le16(20), le16(20), le16(0), le16(en[i].deflate ? 8 : 0), le16(0), le16(0x21);
        le32(crc[i]), le32(csz[i]), le32(en[i].len);
        le16((unsigned)strlen(en[i].name)), le16(0), le16(0), le16(0), le16(0);
        le32(0), le32(off[i]);
        put(en[i].name, strlen(en[i].name));
    }
    unsigned long cdlen = olen - cd;
    le32(0x06054b50);
    le16(0), le16(0), le16((unsigned)n), le16((unsigned)n);
    le32(cdlen), le32(cd), le16(0);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(out, 1, olen, f), olen);
    fclose(f);
}

static char path[32];

/* A new empty temporary file named in path. */
static void temp(void)
{
    strcpy(path, "/tmp/ck-zip-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
}

/* The whole of an entry through xlsx_zip_entry_read: its length, or -1 (message in e). */
static long read_entry(struct xlsx_zip *z, const char *name, unsigned char *buf, size_t cap,
                       struct ck_error *e)
{
    if (xlsx_zip_entry_open(z, name, e) != CK_OK)
        return -1;
    size_t got = 0;
    for (;;) {
        unsigned char tmp[4096];
        long r = xlsx_zip_entry_read(z, tmp, sizeof tmp, e);
        if (r < 0)
            return -1;
        if (r == 0)
            return (long)got;
        if (buf && got + (size_t)r <= cap)
            memcpy(buf + got, tmp, (size_t)r);
        got += (size_t)r;
    }
}

static void test_entries(void **state)
{
    (void)state;
    temp();
    static unsigned char text[100000];
    for (size_t i = 0; i < sizeof text; i++)
        text[i] = (unsigned char)("<row r=\"1\"><c t=\"s\"><v>7</v></c></row>\n"[i % 40]);
    const struct entry en[] = {
        {"[Content_Types].xml", (const unsigned char *)"<Types/>", 8, 0, 0},
        {"xl/Workbook.xml", text, sizeof text, 1, 0},
        {"xl/empty.xml", (const unsigned char *)"", 0, 1, 0},
    };
    build(path, en, 3);
    struct xlsx_zip z;
    struct ck_error e;
    assert_int_equal(xlsx_zip_open(&z, path, "book.xlsx", &e), CK_OK);
    char actual[64];
    assert_true(xlsx_zip_find(&z, "xl/Workbook.xml", actual, sizeof actual));
    assert_true(xlsx_zip_find(&z, "xl/workbook.xml", actual, sizeof actual)); /* any case */
    assert_string_equal(actual, "xl/Workbook.xml");
    assert_false(xlsx_zip_find(&z, "xl/styles.xml", NULL, 0));
    static unsigned char back[sizeof text];
    assert_int_equal(read_entry(&z, "xl/workbook.xml", back, sizeof back, &e), sizeof text);
    assert_memory_equal(back, text, sizeof text);
    assert_int_equal(z.total, sizeof text);
    assert_int_equal(read_entry(&z, "[Content_Types].xml", back, sizeof back, &e), 8);
    assert_memory_equal(back, "<Types/>", 8);
    assert_int_equal(read_entry(&z, "xl/empty.xml", back, sizeof back, &e), 0);
    assert_int_equal(read_entry(&z, "xl/nonesuch.xml", NULL, 0, &e), -1);
    assert_string_equal(e.msg, "book.xlsx: xl/nonesuch.xml: missing from the workbook");
    /* the read-ahead thread gives the same bytes */
    xlsx_zip_ahead_min = 0;
    memset(back, 0, sizeof back);
    assert_int_equal(read_entry(&z, "xl/Workbook.xml", back, sizeof back, &e), sizeof text);
    assert_memory_equal(back, text, sizeof text);
    xlsx_zip_ahead_min = (uint64_t)1 << 20;
    /* no workbook part: what the zip is */
    assert_int_equal(xlsx_zip_not_workbook(&z, &e), CK_EINPUT);
    assert_string_equal(e.msg, "book.xlsx: a zip file but not an XLSX workbook (no workbook part)");
    xlsx_zip_close(&z);
    unlink(path);
}

/* 64 MiB of zeros deflate to about 64 KiB: past the 4 MiB grace the 1000:1 ratio is refused
 * as soon as the bytes inflated pass 100 times the compressed size, long before the whole. */
static void test_zip_bomb(void **state)
{
    (void)state;
    size_t big = (size_t)64 << 20;
    unsigned char *zeros = calloc(1, big);
    assert_non_null(zeros);
    const struct entry en[] = {{"xl/worksheets/sheet1.xml", zeros, big, 1, 0}};
    temp();
    build(path, en, 1);
    free(zeros);
    assert_true(olen < big / 500);
    struct xlsx_zip z;
    struct ck_error e;
    assert_int_equal(xlsx_zip_open(&z, path, "bomb.xlsx", &e), CK_OK);
    assert_int_equal(read_entry(&z, "xl/worksheets/sheet1.xml", NULL, 0, &e), -1);
    assert_int_equal(e.code, CK_EINPUT);
    assert_string_equal(e.msg, "bomb.xlsx: xl/worksheets/sheet1.xml: compression ratio above "
                               "100:1 (a zip bomb?); refusing to inflate");
    assert_true(z.total > 100 * (uint64_t)last_csize);
    assert_true(z.total <= 100 * (uint64_t)last_csize + 4096);
    xlsx_zip_close(&z);
    /* the total over all entries, with the ratio allowed */
    struct ck_xlsx_limits saved = ck_xlsx_limits;
    ck_xlsx_limits.max_ratio = 100000;
    ck_xlsx_limits.max_total = (uint64_t)16 << 20;
    assert_int_equal(xlsx_zip_open(&z, path, "bomb.xlsx", &e), CK_OK);
    assert_int_equal(read_entry(&z, "xl/worksheets/sheet1.xml", NULL, 0, &e), -1);
    assert_string_equal(e.msg, "bomb.xlsx: xl/worksheets/sheet1.xml: workbook inflates to more "
                               "than 16777216 bytes; refusing");
    xlsx_zip_close(&z);
    ck_xlsx_limits = saved;
    unlink(path);
}

/* The workbook's total: max_total, or total_ratio times the size on disk when that is more,
 * without overflowing; total_ratio 0 leaves max_total alone. */
static void test_total_limit(void **state)
{
    (void)state;
    struct ck_xlsx_limits saved = ck_xlsx_limits;
    assert_int_equal(xlsx_zip_limit(0), (uint64_t)4 << 30);
    assert_int_equal(xlsx_zip_limit(40000000), (uint64_t)4 << 30);
    assert_int_equal(xlsx_zip_limit(996000000), (uint64_t)99600000000);
    assert_int_equal(xlsx_zip_limit(UINT64_MAX / 10), UINT64_MAX);
    ck_xlsx_limits.total_ratio = 0;
    assert_int_equal(xlsx_zip_limit(996000000), (uint64_t)4 << 30);
    ck_xlsx_limits = saved;
    /* an open workbook carries the limit of its size */
    const struct entry en[] = {{"xl/workbook.xml", (const unsigned char *)"<workbook/>", 11, 0, 0}};
    temp();
    build(path, en, 1);
    ck_xlsx_limits.max_total = 10;
    struct xlsx_zip z;
    struct ck_error e;
    assert_int_equal(xlsx_zip_open(&z, path, "book.xlsx", &e), CK_OK);
    assert_int_equal(z.limit, 100 * (uint64_t)olen);
    xlsx_zip_close(&z);
    ck_xlsx_limits = saved;
    unlink(path);
}

static void test_damaged(void **state)
{
    (void)state;
    static unsigned char text[20000]; /* letters that do not compress much */
    uint32_t x = 2463534242u;
    for (size_t i = 0; i < sizeof text; i++) {
        x ^= x << 13, x ^= x >> 17, x ^= x << 5;
        text[i] = (unsigned char)('a' + x % 26);
    }
    temp();
    /* an entry cut short: its compressed data end before the stream does */
    const struct entry cut[] = {{"xl/sharedStrings.xml", text, sizeof text, 1, 3000}};
    build(path, cut, 1);
    struct xlsx_zip z;
    struct ck_error e;
    assert_int_equal(xlsx_zip_open(&z, path, "cut.xlsx", &e), CK_OK);
    assert_int_equal(read_entry(&z, "xl/sharedStrings.xml", NULL, 0, &e), -1);
    assert_int_equal(e.code, CK_EINPUT);
    assert_non_null(strstr(e.msg, "cut.xlsx: xl/sharedStrings.xml: "));
    xlsx_zip_close(&z);
    /* a stored entry with one byte changed: the CRC says so */
    const struct entry stored[] = {{"xl/styles.xml", text, sizeof text, 0, 0}};
    build(path, stored, 1);
    out[30 + strlen("xl/styles.xml") + 100] ^= 1;
    FILE *f = fopen(path, "wb");
    fwrite(out, 1, olen, f);
    fclose(f);
    assert_int_equal(xlsx_zip_open(&z, path, "crc.xlsx", &e), CK_OK);
    assert_int_equal(read_entry(&z, "xl/styles.xml", NULL, 0, &e), -1);
    assert_string_equal(e.msg, "crc.xlsx: xl/styles.xml: CRC mismatch (the file is damaged)");
    xlsx_zip_close(&z);
    /* the file cut before its central directory */
    f = fopen(path, "wb");
    fwrite(out, 1, olen / 2, f);
    fclose(f);
    assert_int_equal(xlsx_zip_open(&z, path, "half.xlsx", &e), CK_EINPUT);
    assert_string_equal(e.msg, "half.xlsx: corrupt or truncated zip file (no readable central "
                               "directory)");
    f = fopen(path, "wb");
    fwrite("not a zip", 1, 9, f);
    fclose(f);
    assert_int_equal(xlsx_zip_open(&z, path, "x.xlsx", &e), CK_EINPUT);
    assert_string_equal(e.msg, "x.xlsx: not an XLSX workbook (no zip signature)");
    unlink(path);
    assert_int_equal(xlsx_zip_open(&z, path, "gone.xlsx", &e), CK_EINPUT);
    assert_non_null(strstr(e.msg, "gone.xlsx: "));
    /* an OpenDocument spreadsheet, by its mimetype */
    static const char mime[] = "application/vnd.oasis.opendocument.spreadsheet";
    const struct entry ods[] = {{"mimetype", (const unsigned char *)mime, sizeof mime - 1, 0, 0}};
    temp();
    build(path, ods, 1);
    assert_int_equal(xlsx_zip_open(&z, path, "a.ods", &e), CK_OK);
    assert_true(ods_detect(&z));
    xlsx_zip_close(&z);
    unlink(path);
    free(out);
    out = NULL;
    olen = ocap = 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_entries),
        cmocka_unit_test(test_zip_bomb),
        cmocka_unit_test(test_total_limit),
        cmocka_unit_test(test_damaged),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
