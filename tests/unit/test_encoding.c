/* test_encoding.c — unit tests of lib/io/encoding.c: the table reader's bytes decoded to UTF-8
 * text. A reader is set up here as io/reader.c sets it up (its raw and decoding buffers, a BOM
 * skipped and the encoding it names chosen, as reader.c does before any text is asked for),
 * and ck_csv_next_text is called until the end, the line counted as the tokenizer counts it.
 * UTF-8 with and without a BOM, UTF-16LE/BE after their BOM, GB18030 decided from the bytes,
 * characters cut by the 256 KB read, a lone invalid byte and a NUL named by line. */
#include <iconv.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "custkit.h"
#include "io/csv_internal.h"

enum start { UNDECIDED, BOM_UTF8, BOM_UTF16, FORCED_UTF8 };

struct decoded {
    int rc;
    char *text; /* the UTF-8 text handed out, in order (malloc'd) */
    size_t len;
    char enc_name[64];
    struct ck_error e;
};

/* Decode the n bytes at s from a file, starting as reader.c would for start. */
static struct decoded decode(const void *s, size_t n, enum start start)
{
    struct decoded out;
    memset(&out, 0, sizeof out);
    char path[] = "/tmp/ck-encoding-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    unlink(path);
    assert_int_equal(write(fd, s, n), (ssize_t)n);
    assert_int_equal(lseek(fd, 0, SEEK_SET), 0);

    struct ck_reader *r = calloc(1, sizeof *r);
    assert_non_null(r);
    r->name = "t.csv";
    r->fd = fd;
    r->cd = (iconv_t)-1;
    r->line = 1;
    r->raw = malloc(CK_CSV_RAW_CAP);
    r->dec = malloc(CK_CSV_DEC_CAP);
    assert_non_null(r->raw);
    assert_non_null(r->dec);
    struct ck_error e;
    assert_int_equal(ck_csv_raw_fill(r, &e), CK_OK);
    const unsigned char *b = r->raw;
    switch (start) {
    case UNDECIDED:
        break;
    case BOM_UTF8:
        assert_true(r->raw_len >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF);
        r->raw_pos = 3;
        r->enc = ENC_UTF8;
        break;
    case BOM_UTF16:
        assert_true(r->raw_len >= 2);
        r->raw_pos = 2;
        assert_int_equal(ck_csv_open_iconv(r, b[0] == 0xFF ? "UTF-16LE" : "UTF-16BE", &e),
                         CK_OK);
        break;
    case FORCED_UTF8:
        r->enc = ENC_UTF8;
        r->forced = 1;
        break;
    }
    size_t cap = 0;
    for (;;) {
        out.rc = ck_csv_next_text(r, &out.e);
        if (out.rc != CK_OK || r->text_len == 0)
            break;
        assert_int_equal(ck_grow((void **)&out.text, &cap, out.len + r->text_len + 1, 1), 0);
        memcpy(out.text + out.len, r->text, r->text_len);
        out.len += r->text_len;
        for (size_t i = 0; i < r->text_len; i++) /* as the tokenizer counts lines */
            r->line += r->text[i] == '\n';
    }
    if (out.text)
        out.text[out.len] = 0;
    snprintf(out.enc_name, sizeof out.enc_name, "%s", r->enc_name);
    if (r->enc == ENC_ICONV)
        iconv_close(r->cd);
    free(r->raw);
    free(r->dec);
    free(r);
    close(fd);
    return out;
}

static void expect_text(const void *bytes, size_t n, enum start start, const char *want,
                        const char *enc_name)
{
    struct decoded d = decode(bytes, n, start);
    if (d.rc != CK_OK)
        fail_msg("%s: %s", enc_name, d.e.msg);
    assert_int_equal(d.len, strlen(want));
    assert_memory_equal(d.text, want, d.len);
    assert_string_equal(d.enc_name, enc_name);
    free(d.text);
}

static const char TABLE[] = "姓名,电话\n张三,138\n";

static void test_utf8(void **state)
{
    (void)state;
    expect_text(TABLE, strlen(TABLE), UNDECIDED, TABLE, "UTF-8");
    /* ASCII only: handed out as it is; the encoding is never decided */
    expect_text("a,b\n1,2\n", 8, UNDECIDED, "a,b\n1,2\n", "");
    /* after the BOM reader.c skips: the text without it */
    char bom[64] = "\xEF\xBB\xBF";
    strcat(bom, TABLE);
    expect_text(bom, strlen(bom), BOM_UTF8, TABLE, "");
}

static void test_utf16_bom(void **state)
{
    (void)state;
    static const unsigned char le[] = {0xFF, 0xFE, 0x0d, 0x54, 0x2c, 0x00, 0x78, 0x00, 0x0a, 0x00};
    static const unsigned char be[] = {0xFE, 0xFF, 0x54, 0x0d, 0x00, 0x2c, 0x00, 0x78, 0x00, 0x0a};
    expect_text(le, sizeof le, BOM_UTF16, "名,x\n", "UTF-16LE");
    expect_text(be, sizeof be, BOM_UTF16, "名,x\n", "UTF-16BE");
}

static void test_gb18030(void **state)
{
    (void)state;
    static const unsigned char gb[] = {0xd0, 0xd5, 0xc3, 0xfb, 0x2c, 0xb5, 0xe7, 0xbb, 0xb0, 0x0a,
                                       0xd5, 0xc5, 0xc8, 0xfd, 0x2c, 0x31, 0x33, 0x38, 0x0a};
    expect_text(gb, sizeof gb, UNDECIDED, TABLE, "GB18030");
    /* ASCII first: the encoding is decided at the first byte above it */
    static const unsigned char late[] = {'i', 'd', ',', 'n', '\n', '1', ',', 0xc3, 0xfb, '\n'};
    expect_text(late, sizeof late, UNDECIDED, "id,n\n1,名\n", "GB18030");
}

/* A character cut by the end of a 256 KB read is completed from the next one, in UTF-8 and in
 * GB18030: the text comes out whole. */
static void test_cut_by_the_read(void **state)
{
    (void)state;
    size_t fill = CK_CSV_RAW_CAP - 4; /* 名 + fill: the next character starts a byte short */
    char *u = malloc(CK_CSV_RAW_CAP + 16), *g = malloc(CK_CSV_RAW_CAP + 16),
         *want = malloc(CK_CSV_RAW_CAP + 16);
    assert_non_null(u);
    assert_non_null(g);
    assert_non_null(want);
    memcpy(u, "名", 3);
    memset(u + 3, 'a', fill);
    memcpy(u + 3 + fill, "张\n", 4); /* 张 at RAW_CAP - 1 .. RAW_CAP + 1 */
    memcpy(want, u, fill + 7);
    want[fill + 7] = 0;
    expect_text(u, fill + 7, UNDECIDED, want, "UTF-8");
    memcpy(g, "\xc3\xfb", 2);
    memset(g + 2, 'a', fill + 1);
    memcpy(g + 3 + fill, "\xd5\xc5\n", 3); /* 张 at RAW_CAP - 1 .. RAW_CAP */
    memcpy(want, "名", 3);
    memset(want + 3, 'a', fill + 1);
    memcpy(want + 4 + fill, "张\n", 5);
    expect_text(g, fill + 6, UNDECIDED, want, "GB18030");
    free(u);
    free(g);
    free(want);
}

static void expect_error(const void *bytes, size_t n, enum start start, const char *msg)
{
    struct decoded d = decode(bytes, n, start);
    assert_int_equal(d.rc, CK_EINPUT);
    if (strcmp(d.e.msg, msg) != 0)
        fail_msg("got \"%s\", want \"%s\"", d.e.msg, msg);
    free(d.text);
}

static void test_invalid_bytes(void **state)
{
    (void)state;
    /* a lone 0xFF on line 2: neither UTF-8 nor GB18030 */
    expect_error("a,b\nc,\xff\n", 8, UNDECIDED,
                 "t.csv:2: not UTF-8 and not GB18030 text; give the encoding with "
                 "--encoding NAME");
    /* UTF-8 before it: the line of the first byte that is not UTF-8 */
    expect_error("名\n\xff\n", 6, UNDECIDED,
                 "t.csv:2: not UTF-8 and not GB18030 text; give the encoding with "
                 "--encoding NAME");
    /* --encoding UTF-8: no suggestion to give another */
    expect_error("ok\nok\n\xff", 7, FORCED_UTF8, "t.csv:3: invalid UTF-8");
    /* a NUL byte is no text at all */
    expect_error("a,b\n\0\n", 6, UNDECIDED, "t.csv:2: binary data (NUL byte), not a table");
}

static void test_names(void **state)
{
    (void)state;
    assert_true(ck_csv_is_utf8_name("UTF-8"));
    assert_true(ck_csv_is_utf8_name("utf8"));
    assert_true(ck_csv_is_utf8_name("Utf-8"));
    assert_false(ck_csv_is_utf8_name("UTF-16"));
    assert_false(ck_csv_is_utf8_name("utf_8"));
    assert_false(ck_csv_is_utf8_name(""));
    struct ck_reader r;
    memset(&r, 0, sizeof r);
    struct ck_error e;
    assert_int_equal(ck_csv_open_iconv(&r, "NO-SUCH-ENCODING", &e), CK_EUSAGE);
    assert_string_equal(e.msg, "unknown encoding 'NO-SUCH-ENCODING' (see iconv -l)");
    assert_int_equal(r.enc, ENC_UNDECIDED);
    assert_int_equal(ck_csv_open_iconv(&r, "GBK", &e), CK_OK);
    assert_int_equal(r.enc, ENC_ICONV);
    assert_string_equal(r.enc_name, "GBK");
    iconv_close(r.cd);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8),
        cmocka_unit_test(test_utf16_bom),
        cmocka_unit_test(test_gb18030),
        cmocka_unit_test(test_cut_by_the_read),
        cmocka_unit_test(test_invalid_bytes),
        cmocka_unit_test(test_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
