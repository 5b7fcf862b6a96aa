/* fuzz_xlsx_xml.c — libFuzzer target: a well-formed workbook container (built with minizip's
 * zip.h) around fuzzed XML, so the fuzzer reaches each part's parser: the first byte picks the
 * part (sheet, shared strings, styles, workbook, relationships, content types), the rest is it. */
#include "fuzz_util.h"

#include <minizip/zip.h>

#include "custkit.h"
#include "io/xlsx_internal.h"

#define NS "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""
#define RNS "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\""
#define OR "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

static const struct part {
    const char *name, *text;
} parts[] = {
    {"[Content_Types].xml",
     "<?xml version=\"1.0\"?><Types "
     "xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
     "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/"
     "vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/></Types>"},
    {"_rels/.rels", "<?xml version=\"1.0\"?><Relationships " RNS "><Relationship Id=\"rId1\" "
                    "Type=\"" OR "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"},
    {"xl/workbook.xml",
     "<?xml version=\"1.0\"?><workbook " NS " xmlns:r=\"" OR "\"><sheets>"
     "<sheet name=\"客户\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"},
    {"xl/_rels/workbook.xml.rels",
     "<?xml version=\"1.0\"?><Relationships " RNS ">"
     "<Relationship Id=\"rId1\" Type=\"" OR "/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
     "<Relationship Id=\"rId2\" Type=\"" OR "/sharedStrings\" Target=\"sharedStrings.xml\"/>"
     "<Relationship Id=\"rId3\" Type=\"" OR "/styles\" Target=\"styles.xml\"/>"
     "</Relationships>"},
    {"xl/sharedStrings.xml",
     "<?xml version=\"1.0\"?><sst " NS " count=\"2\" uniqueCount=\"2\"><si><t>姓名</t></si>"
     "<si><r><t>张</t></r><r><t>三</t></r></si></sst>"},
    {"xl/styles.xml",
     "<?xml version=\"1.0\"?><styleSheet " NS "><numFmts count=\"1\">"
     "<numFmt numFmtId=\"164\" formatCode=\"yyyy-mm-dd\"/></numFmts><cellXfs count=\"2\">"
     "<xf numFmtId=\"0\"/><xf numFmtId=\"164\" applyNumberFormat=\"1\"/></cellXfs></styleSheet>"},
    {"xl/worksheets/sheet1.xml",
     "<?xml version=\"1.0\"?><worksheet " NS "><sheetData>"
     "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"inlineStr\"><is><t>日期</t>"
     "</is></c></row><row r=\"2\"><c r=\"A2\" t=\"s\"><v>1</v></c><c r=\"B2\" s=\"1\">"
     "<v>45000</v></c><c r=\"C2\"><f>1+1</f><v>2</v></c><c r=\"D2\" t=\"e\"><v>#N/A</v></c>"
     "</row></sheetData></worksheet>"},
};
#define NPARTS (sizeof parts / sizeof parts[0])

static char zpath[64] = "";

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    ck_xlsx_limits.max_total = 64 << 20;
    ck_xlsx_limits.max_cell = 1 << 20;
    ck_xlsx_limits.max_strings = 1 << 16;
    ck_xlsx_limits.max_styles = 1 << 12;
    ck_xlsx_limits.max_sheets = 64;
    snprintf(zpath, sizeof zpath, "/tmp/custkit-fuzz-xml.%ld.xlsx", (long)getpid());
    return 0;
}

static void add(zipFile z, const char *name, const void *buf, size_t len)
{
    if (zipOpenNewFileInZip(z, name, NULL, NULL, 0, NULL, 0, NULL, Z_DEFLATED, 1) != ZIP_OK ||
        zipWriteInFileInZip(z, buf, (unsigned)len) != ZIP_OK || zipCloseFileInZip(z) != ZIP_OK)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > (1 << 20))
        return 0;
    size_t which = data[0] % NPARTS;
    zipFile z = zipOpen(zpath, APPEND_STATUS_CREATE);
    if (!z)
        abort();
    for (size_t i = 0; i < NPARTS; i++) {
        if (i == which)
            add(z, parts[i].name, data + 1, size - 1);
        else
            add(z, parts[i].name, parts[i].text, strlen(parts[i].text));
    }
    if (zipClose(z, NULL) != ZIP_OK)
        abort();
    struct ck_xlsx *x = NULL;
    struct ck_error e;
    if (ck_xlsx_open(&x, zpath, &e) == CK_OK) {
        size_t n = ck_xlsx_sheet_count(x);
        for (size_t i = 0; i < n && i < 4; i++) {
            char num[24];
            snprintf(num, sizeof num, "%zu", i + 1);
            if (ck_xlsx_select(x, num, &e) != CK_OK)
                continue;
            const struct ck_row *row;
            for (long k = 0; k < 100000; k++)
                if (ck_xlsx_next(x, &row, &e) != CK_OK || !row)
                    break;
        }
        ck_xlsx_close(x);
    }
    unlink(zpath);
    return 0;
}
