/* test_xlsx_sheet.c — unit tests of the sheet tokenizer (lib/io/xlsx_sheet.c): each worksheet XML
 * is zipped into a workbook here and read by the tokenizer, cut into reads of 1, 7 and 65536
 * bytes, and by expat; the rows (or the error) must be what the test says, every time. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <minizip/zip.h>

#include "custkit.h"
#include "io/xlsx_internal.h"

#define NS "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""
#define RNS "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\""
#define OR "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define WS(body) "<worksheet " NS "><sheetData>" body "</sheetData></worksheet>"

static const struct {
    const char *name, *text;
} parts[] = {
    {"_rels/.rels", "<?xml version=\"1.0\"?><Relationships " RNS "><Relationship Id=\"rId1\" "
                    "Type=\"" OR "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"},
    {"xl/workbook.xml", "<?xml version=\"1.0\"?><workbook " NS " xmlns:r=\"" OR "\"><sheets>"
                        "<sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"},
    {"xl/_rels/workbook.xml.rels",
     "<?xml version=\"1.0\"?><Relationships " RNS ">"
     "<Relationship Id=\"rId1\" Type=\"" OR "/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
     "<Relationship Id=\"rId2\" Type=\"" OR "/sharedStrings\" Target=\"sharedStrings.xml\"/>"
     "<Relationship Id=\"rId3\" Type=\"" OR "/styles\" Target=\"styles.xml\"/>"
     "</Relationships>"},
    {"xl/sharedStrings.xml", "<sst " NS "><si><t>姓名</t></si><si><t>手机</t></si></sst>"},
    {"xl/styles.xml", "<styleSheet " NS "><cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/>"
                      "</cellXfs></styleSheet>"},
};

static char path[256];

static void make_book(const char *sheet, size_t len)
{
    zipFile z = zipOpen(path, APPEND_STATUS_CREATE);
    assert_non_null(z);
    for (size_t i = 0; i <= sizeof parts / sizeof parts[0]; i++) {
        int last = i == sizeof parts / sizeof parts[0];
        const char *name = last ? "xl/worksheets/sheet1.xml" : parts[i].name;
        const char *text = last ? sheet : parts[i].text;
        assert_int_equal(zipOpenNewFileInZip(z, name, NULL, NULL, 0, NULL, 0, NULL, Z_DEFLATED, 6),
                         ZIP_OK);
        assert_int_equal(zipWriteInFileInZip(z, text, (unsigned)(last ? len : strlen(text))),
                         ZIP_OK);
        assert_int_equal(zipCloseFileInZip(z), ZIP_OK);
    }
    assert_int_equal(zipClose(z, NULL), ZIP_OK);
}

/* Rows as "LINE:f1|f2\n"; the reader's code, its message in e. */
static int dump(char *out, size_t cap, struct ck_error *e)
{
    struct ck_xlsx *x;
    size_t w = 0;
    out[0] = 0;
    e->msg[0] = 0;
    int rc = ck_xlsx_open(&x, path, e);
    if (rc)
        return rc;
    rc = ck_xlsx_select(x, NULL, e);
    const struct ck_row *r;
    while (rc == CK_OK && (rc = ck_xlsx_next(x, &r, e)) == CK_OK && r) {
        w += (size_t)snprintf(out + w, cap - w, "%ld:", r->line);
        for (size_t j = 0; j < r->n; j++)
            w += (size_t)snprintf(out + w, cap - w, "%s%s", j ? "|" : "", r->f[j]);
        w += (size_t)snprintf(out + w, cap - w, "\n");
        assert_true(w < cap);
    }
    ck_xlsx_close(x);
    return rc;
}

/* Read the sheet every way; want is the rows, or with code != CK_OK a piece of the message. */
static int first_way; /* 1: the tokenizer alone (its own limits) */

static void check_len(const char *sheet, size_t len, int code, const char *want)
{
    make_book(sheet, len);
    static const size_t chunks[] = {XLSX_CHUNK, 1, 7};
    for (int way = first_way; way < 5; way++) {
        char got[4096];
        struct ck_error e = {0};
        xlsx_scan_disabled = way == 0;
        xlsx_scan_chunk = way == 0 ? XLSX_CHUNK : chunks[(way - 1) % 3];
        xlsx_zip_ahead_min = way == 4 ? 0 : (uint64_t)1 << 20; /* the read-ahead thread too */
        int rc = dump(got, sizeof got, &e);
        xlsx_scan_disabled = 0;
        xlsx_scan_chunk = XLSX_CHUNK;
        xlsx_zip_ahead_min = (uint64_t)1 << 20;
        const char *who = way == 0 ? "expat" : "tokenizer";
        if (rc != code)
            fail_msg("%s (way %d): rc %d, want %d: %s\nrows: %s", who, way, rc, code, e.msg, got);
        if (code == CK_OK && strcmp(got, want) != 0)
            fail_msg("%s (way %d): rows\n%s\nwant\n%s", who, way, got, want);
        if (code != CK_OK && !strstr(e.msg, want))
            fail_msg("%s (way %d): message \"%s\" lacks \"%s\"", who, way, e.msg, want);
    }
}

static void check(const char *sheet, int code, const char *want)
{
    check_len(sheet, strlen(sheet), code, want);
}

static void test_values(void **state)
{
    check("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n" WS(
              "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c></row>"
              "<row r=\"2\"><c r=\"A2\" t=\"str\"><v>x</v></c><c r=\"C2\" s=\"1\"><v>45296</v></c>"
              "<c r=\"D2\" t=\"b\"><v>1</v></c><c r=\"E2\" t=\"e\"><v>#N/A</v></c>"
              "<c r=\"F2\"><f>1+1</f><v>2</v></c></row>"),
          CK_OK, "1:姓名|手机\n2:x||2024-01-05|TRUE||2\n");
}

static void test_comments_and_pis(void **state)
{
    check("<?xml version='1.0'?><!-- before --><?app data?>\n" WS(
              "<!-- in <row> - is fine --><?pi?><row r=\"1\"><c r=\"A1\" t=\"str\"><v>a<!-- "
              "x -->b<?p q?>c</v></c></row>") "<!-- after --><?end?>\n",
          CK_OK, "1:abc\n");
    check(WS("<row><c><v>1</v></c></row><!-- a -- b -->"), CK_EINPUT, "not well-formed");
    check(WS("<row><c><v>1</v></c></row><?xml version=\"1.0\"?>"), CK_EINPUT, "");
}

static void test_cdata(void **state)
{
    check(WS("<row><c t=\"inlineStr\"><is><t><![CDATA[<b>&amp;]]]]><![CDATA[>\r\nz]]></t></is>"
             "</c></row>"),
          CK_OK, "1:<b>&amp;]]>\nz\n");
    check(WS("<row><c t=\"str\"><v>a]]>b</v></c></row>"), CK_EINPUT, "not well-formed");
    check(WS("<row><c t=\"str\"><v><![CDATA[open"), CK_EINPUT, "");
}

static void test_references(void **state)
{
    check(WS("<row><c t=\"str\"><v>&lt;&gt;&amp;&quot;&apos;&#65;&#x4e2D;&#0000066;&#x1F600;"
             "</v></c></row>"),
          CK_OK, "1:<>&\"'A中B😀\n");
    check(WS("<row><c t=\"str\"><v>&nbsp;</v></c></row>"), CK_EINPUT, "undefined entity");
    check(WS("<row><c t=\"str\"><v>&#0;</v></c></row>"), CK_EINPUT,
          "reference to invalid character number");
    check(WS("<row><c t=\"str\"><v>&#xD800;</v></c></row>"), CK_EINPUT,
          "reference to invalid character number");
    check(WS("<row><c t=\"str\"><v>&#x110000;</v></c></row>"), CK_EINPUT,
          "reference to invalid character number");
    check(WS("<row><c t=\"str\"><v>a & b</v></c></row>"), CK_EINPUT, "not well-formed");
    check(WS("<row><c t=\"str\"><v>&#X41;</v></c></row>"), CK_EINPUT, "not well-formed");
}

static void test_attributes(void **state)
{
    /* single quotes, blanks around =, references and white space in values */
    check(WS("<row r = '3' ><c r\t=\n'B3' t='str' ><v>1</v></c>"
             "<c r=\"&#67;3\" t=\"inline&#83;tr\"><is><t>x</t></is></c></row>"),
          CK_OK, "3:|1|x\n");
    check(WS("<row><c r=\"A1\" r=\"B1\"><v>1</v></c></row>"), CK_EINPUT, "duplicate attribute");
    check(WS("<row><c r=\"A1\"t=\"s\"><v>1</v></c></row>"), CK_EINPUT, "not well-formed");
    check(WS("<row><c r=\"A<1\"><v>1</v></c></row>"), CK_EINPUT, "not well-formed");
    check(WS("<row><c r=A1><v>1</v></c></row>"), CK_EINPUT, "not well-formed");
}

static void test_prefixes_and_empty_elements(void **state)
{
    check("<x:worksheet xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
          "<x:sheetData><x:row r=\"1\"><x:c r=\"A1\" t=\"s\"><x:v>1</x:v></x:c><x:c r=\"B1\"/>"
          "<x:c r=\"C1\"><x:v>7</x:v></x:c></x:row><x:row r=\"2\"/><x:row r=\"4\"><x:c/>"
          "<x:c><x:v>8</x:v></x:c></x:row></x:sheetData></x:worksheet>",
          CK_OK, "1:手机||7\n4:|8\n");
    check("<worksheet xmlns=\"http://purl.oclc.org/ooxml/spreadsheetml/main\"><sheetData>"
          "<row/><row><c r=\"B2\" t=\"inlineStr\"><is><r><t>a</t></r><rPh><t>p</t></rPh>"
          "<r><t xml:space=\"preserve\"> b</t></r></is></c></row></sheetData></worksheet>",
          CK_OK, "2:|a b\n");
}

static void test_well_formedness(void **state)
{
    check(WS("<row><c><v>1</c></v></row>"), CK_EINPUT, "mismatched tag");
    check(WS("<row><c><v>1</v></c></row>") "<junk/>", CK_EINPUT, "junk after document element");
    check(WS("<row><c><v>1</v></c></row>") "text", CK_EINPUT, "junk after document element");
    check("<!DOCTYPE worksheet [<!ENTITY e \"x\">]>" WS(""), CK_EINPUT,
          "DOCTYPE declarations are not allowed in a workbook");
    check(WS("<row><c><v>1</v></c></row><!DOCTYPE x>"), CK_EINPUT, "");
    char deep[2048] = "<worksheet " NS ">";
    for (int i = 0; i < 120; i++)
        strcat(deep, "<a>");
    check(deep, CK_EINPUT, "elements nested more than 100 deep");
    check(WS("<row><1c><v>1</v></1c></row>"), CK_EINPUT, "not well-formed");
    check(WS("<row><c><v>1\001</v></c></row>"), CK_EINPUT, "not well-formed");
}

static void test_utf8(void **state)
{
    check(WS("<row><c t=\"str\"><v>中文 €</v></c></row>"), CK_OK, "1:中文 €\n");
    check(WS("<row><c t=\"str\"><v>\xff</v></c></row>"), CK_EINPUT, "not well-formed");
    check(WS("<row><c t=\"str\"><v>\xc0\xaf</v></c></row>"), CK_EINPUT, "not well-formed");
    check(WS("<row><c t=\"str\"><v>\xed\xa0\x80</v></c></row>"), CK_EINPUT, "not well-formed");
    check(WS("<row><c t=\"str\"><v>\xef\xbf\xbe</v></c></row>"), CK_EINPUT, "not well-formed");
    check(WS("<row><c r=\"A1\" t=\"str\" x=\"\xe4\xb8\"><v>1</v></c></row>"), CK_EINPUT,
          "not well-formed");
    /* a byte-order mark before UTF-8 */
    check("\xef\xbb\xbf<?xml version=\"1.0\" encoding=\"utf-8\"?>" WS("<row><c><v>1</v></c></row>"),
          CK_OK, "1:1\n");
}

static void test_truncated(void **state)
{
    check(WS("<row><c><v>1</v></c></row>"
             "<row><c><v>2</v></c></row>")
              ,
          CK_OK, "1:1\n2:2\n");
    const char *t = WS("<row><c><v>1</v></c></row><row><c><v>2</v></c></row>");
    /* cut anywhere: the rows before, then an error; never a row invented */
    for (size_t cut = 1; cut + 1 < strlen(t); cut += 9)
        check_len(t, cut, CK_EINPUT, "");
    check("", CK_EINPUT, "no element found");
}

static void test_utf16_fallback(void **state)
{
    const char *u8 = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>" WS(
        "<row><c t=\"inlineStr\"><is><t>张三</t></is></c><c><v>5</v></c></row>");
    char u16[1024];
    size_t n = 0;
    u16[n++] = (char)0xFF; /* UTF-16LE with its byte-order mark */
    u16[n++] = (char)0xFE;
    for (const unsigned char *p = (const unsigned char *)u8; *p;) {
        long cp;
        size_t k = *p < 0x80 ? 1 : *p < 0xE0 ? 2 : 3;
        cp = k == 1 ? *p : k == 2 ? (*p & 0x1F) << 6 | (p[1] & 0x3F)
                               : (*p & 0x0F) << 12 | (p[1] & 0x3F) << 6 | (p[2] & 0x3F);
        p += k;
        u16[n++] = (char)(cp & 0xFF);
        u16[n++] = (char)(cp >> 8);
    }
    check_len(u16, n, CK_OK, "1:张三|5\n");
    /* ISO-8859-1 declared: expat converts */
    check("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>" WS(
              "<row><c t=\"str\"><v>caf\xe9</v></c></row>"),
          CK_OK, "1:café\n");
}

static void test_errors_name_the_place(void **state)
{
    /* file, entry, line, and the row: the same shape as expat's messages */
    make_book("<worksheet " NS ">\n<sheetData>\n<row r=\"1\"><c><v>1</v></c></row>\n"
              "<row r=\"2\"><c><v>2</v></x></row></sheetData></worksheet>",
              strlen("<worksheet " NS ">\n<sheetData>\n<row r=\"1\"><c><v>1</v></c></row>\n"
                     "<row r=\"2\"><c><v>2</v></x></row></sheetData></worksheet>"));
    char got[512], want[512];
    struct ck_error e = {0};
    assert_int_equal(dump(got, sizeof got, &e), CK_EINPUT);
    snprintf(want, sizeof want, "%s: xl/worksheets/sheet1.xml:4: mismatched tag (in row 2)", path);
    assert_string_equal(e.msg, want);
    assert_string_equal(got, "1:1\n");
}

static void test_long_tokens(void **state)
{
    struct ck_xlsx_limits saved = ck_xlsx_limits;
    ck_xlsx_limits.max_cell = 100; /* more than <worksheet xmlns=…>, or expat reads it all */
    first_way = 1; /* expat has no such limit */
    check(WS("<row><c t=\"str\"><v>short</v></c></row><!-- a comment longer than the hundred "
             "bytes a tag may have here, as long as a cell may be, which is not long -->"),
          CK_EINPUT, "a tag, comment or CDATA section longer than 100 bytes");
    check(WS("<row><c t=\"str\"><v>short</v></c></row><!-- a comment shorter -->"), CK_OK,
          "1:short\n");
    first_way = 0;
    ck_xlsx_limits = saved;
}

int main(void)
{
    snprintf(path, sizeof path, "%s/ck-sheet-%ld.xlsx",
             getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (long)getpid());
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_values),        cmocka_unit_test(test_comments_and_pis),
        cmocka_unit_test(test_cdata),         cmocka_unit_test(test_references),
        cmocka_unit_test(test_attributes),    cmocka_unit_test(test_prefixes_and_empty_elements),
        cmocka_unit_test(test_well_formedness), cmocka_unit_test(test_utf8),
        cmocka_unit_test(test_truncated),     cmocka_unit_test(test_utf16_fallback),
        cmocka_unit_test(test_errors_name_the_place), cmocka_unit_test(test_long_tokens),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    unlink(path);
    return rc;
}
