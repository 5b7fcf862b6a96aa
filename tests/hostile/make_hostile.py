#!/usr/bin/python3
# make_hostile.py — writes the hostile workbooks of test_hostile.sh into the directory given:
# zip bombs (flat and nested), billion laughs, an external entity, a shared-string index out of
# range, a cell beyond the last row. Generated at test time; nothing big is committed.
import io
import os
import sys
import zipfile

OUT = sys.argv[1]
NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RNS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PNS = "http://schemas.openxmlformats.org/package/2006/relationships"


def parts(sheet, sst=None):
    p = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>',
        "_rels/.rels": '<Relationships xmlns="%s"><Relationship Id="r" Type="%s/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>' % (PNS, RNS),
        "xl/workbook.xml": '<workbook xmlns="%s" xmlns:r="%s"><sheets><sheet name="S" sheetId="1" '
        'r:id="rId1"/></sheets></workbook>' % (NS, RNS),
        "xl/_rels/workbook.xml.rels": '<Relationships xmlns="%s"><Relationship Id="rId1" '
        'Type="%s/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" '
        'Type="%s/sharedStrings" Target="sharedStrings.xml"/></Relationships>' % (PNS, RNS, RNS),
        "xl/worksheets/sheet1.xml": sheet,
    }
    if sst is not None:
        p["xl/sharedStrings.xml"] = sst
    return p


def book(name, sheet, sst=None, big=None):
    """big: (entry, head, filler byte, count, tail) streamed into the zip, deflated."""
    with zipfile.ZipFile(os.path.join(OUT, name), "w", zipfile.ZIP_DEFLATED) as z:
        for k, v in parts(sheet, sst).items():
            if big and k == big[0]:
                continue
            z.writestr(k, v)
        if big:
            entry, head, fill, count, tail = big
            with z.open(entry, "w", force_zip64=True) as f:
                f.write(head.encode())
                chunk = fill * (1 << 20)
                for _ in range(count):
                    f.write(chunk)
                f.write(tail.encode())


def sheet(rows):
    return '<worksheet xmlns="%s"><sheetData>%s</sheetData></worksheet>' % (NS, rows)


HEAD = '<row r="1"><c r="A1" t="inlineStr"><is><t>name</t></is></c></row>'

# flat bomb: one sheet part of 200 MB of white space, deflated about 1000:1
book("flat_bomb.xlsx", None, big=("xl/worksheets/sheet1.xml",
     '<worksheet xmlns="%s"><sheetData>%s' % (NS, HEAD), b" ", 200, "</sheetData></worksheet>"))
# nested bomb: the flat bomb stored inside a workbook as its sheet part, and inside a plain zip
bomb = open(os.path.join(OUT, "flat_bomb.xlsx"), "rb").read()
with zipfile.ZipFile(os.path.join(OUT, "nested_bomb.xlsx"), "w", zipfile.ZIP_STORED) as z:
    for k, v in parts(None).items():
        if k != "xl/worksheets/sheet1.xml":
            z.writestr(k, v)
    z.writestr("xl/worksheets/sheet1.xml", bomb)
with zipfile.ZipFile(os.path.join(OUT, "zip_of_bombs.zip"), "w", zipfile.ZIP_STORED) as z:
    for i in range(10):
        z.writestr("bomb%d.xlsx" % i, bomb)

# billion laughs in the shared strings
laughs = '<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY lol "lol">' + "".join(
    '<!ENTITY lol%d "%s">' % (i, ("&lol%d;" % (i - 1) if i else "&lol;") * 10) for i in range(10)
) + ']><sst xmlns="%s"><si><t>&lol9;</t></si></sst>' % NS
book("laughs.xlsx", sheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'), sst=laughs)
# billion laughs without a DOCTYPE in the sheet (internal subset only in the sheet)
book("laughs_sheet.xlsx", '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">'
     '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">'
     ']><worksheet xmlns="%s"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&c;</t>'
     '</is></c></row></sheetData></worksheet>' % NS)
# external entity: a file on the machine that opens the workbook
book("xxe.xlsx", '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
     '<worksheet xmlns="%s"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&x;</t></is>'
     '</c></row></sheetData></worksheet>' % NS)
book("xxe_param.xlsx", '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY %% p SYSTEM '
     '"file:///etc/passwd"> %%p;]><worksheet xmlns="%s"><sheetData/></worksheet>' % NS)
# shared-string index out of range, negative and huge
for n, v in (("sst_range", "5"), ("sst_negative", "-1"), ("sst_huge", "99999999999999999999")):
    book(n + ".xlsx", sheet(HEAD + '<row r="2"><c r="A2" t="s"><v>%s</v></c></row>' % v),
         sst='<sst xmlns="%s"><si><t>only</t></si></sst>' % NS)
# a cell beyond the last row, and beyond the last column
book("xfd1048577.xlsx", sheet(HEAD + '<row r="1048577"><c r="XFD1048577"><v>1</v></c></row>'))
book("xfd1048577_cell.xlsx", sheet(HEAD + '<row><c r="XFD1048577"><v>1</v></c></row>'))
book("xfe1.xlsx", sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c>'
                        '<c r="XFE1"><v>1</v></c></row>'))

# ---------- OpenDocument spreadsheets (content.xml) ----------
ODS_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')


def ods(name, body=None, big=None):
    """big: (head, filler byte, MiB, tail) streamed as content.xml, deflated."""
    with zipfile.ZipFile(os.path.join(OUT, name), "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet",
                   compress_type=zipfile.ZIP_STORED)
        if big:
            head, fill, count, tail = big
            with z.open("content.xml", "w", force_zip64=True) as f:
                f.write(head.encode())
                chunk = fill * (1 << 20)
                for _ in range(count):
                    f.write(chunk)
                f.write(tail.encode())
        else:
            z.writestr("content.xml", body)


def ods_doc(rows, prolog=""):
    return ('%s<office:document-content %s><office:body><office:spreadsheet><table:table '
            'table:name="S">%s</table:table></office:spreadsheet></office:body>'
            '</office:document-content>' % (prolog, ODS_NS, rows))


def ods_row(text, rep=None, crep=None):
    r = ' table:number-rows-repeated="%s"' % rep if rep else ""
    c = ' table:number-columns-repeated="%s"' % crep if crep else ""
    return ('<table:table-row%s><table:table-cell%s office:value-type="string"><text:p>%s'
            '</text:p></table:table-cell></table:table-row>' % (r, c, text))


ODS_HEAD = ods_row("name")
EMPTY_ROW = ('<table:table-row table:number-rows-repeated="%s"><table:table-cell '
             'table:number-columns-repeated="16384"/></table:table-row>')
# a row with a value repeated a thousand million times, a cell likewise
ods("ods_rows_1e9.ods", ods_doc(ODS_HEAD + ods_row("x", rep="1000000000")))
ods("ods_cols_1e9.ods", ods_doc(ODS_HEAD + ods_row("x", crep="1000000000")))
# LibreOffice's padding, but hostile: a million empty rows after the data, then ten thousand
# more such blocks, each of 2^64 rows (the counts saturate, nothing is materialised)
ods("ods_trailing.ods", ods_doc(ODS_HEAD + ods_row("1") + EMPTY_ROW % 1048574 +
                                (EMPTY_ROW % "99999999999999999999") * 10000))
# text:s asking for a thousand million spaces
ods("ods_spaces.ods", ods_doc(ODS_HEAD + '<table:table-row><table:table-cell><text:p>'
                              '<text:s text:c="1000000000"/></text:p></table:table-cell>'
                              '</table:table-row>'))
# a flat bomb: content.xml of 200 MB of white space, about 1000:1
ods("ods_bomb.ods", big=('<office:document-content %s><office:body><office:spreadsheet>'
                         '<table:table table:name="S">%s' % (ODS_NS, ODS_HEAD), b" ", 200,
                         '</table:table></office:spreadsheet></office:body>'
                         '</office:document-content>'))
# entity expansion, an external entity
ods("ods_laughs.ods", ods_doc(ods_row("&c;"), '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a '
                              '"aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
                              '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'))
ods("ods_xxe.ods", ods_doc(ods_row("&x;"), '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x '
                           'SYSTEM "file:///etc/passwd">]>'))
# elements nested deeper than the parser allows
ods("ods_deep.ods", ods_doc(ODS_HEAD + '<table:table-row><table:table-cell><text:p>' +
                            '<text:span>' * 200 + 'x' + '</text:span>' * 200 +
                            '</text:p></table:table-cell></table:table-row>'))
