#!/bin/sh
# import's width pass over a workbook: a value right of the header gets a column_N header,
# a styled empty cell does not, and a sheet without cell references is still read whole.
. "$(dirname "$0")/../lib.sh"
/usr/bin/python3 - "$T" <<'PY'
import sys, zipfile
d = sys.argv[1]
ct = ('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
      '<Default Extension="xml" ContentType="application/xml"/>'
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
      '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
rels = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
wb = ('<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
      '<sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>')
wbrels = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
          '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
def book(name, rows):
    sheet = ('<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             '<sheetData>' + rows + '</sheetData></worksheet>')
    with zipfile.ZipFile(f"{d}/{name}.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", ct); z.writestr("_rels/.rels", rels)
        z.writestr("xl/workbook.xml", wb); z.writestr("xl/_rels/workbook.xml.rels", wbrels)
        z.writestr("xl/worksheets/sheet1.xml", sheet)
def c(ref, v): return f'<c r="{ref}" t="inlineStr"><is><t>{v}</t></is></c>'
book("extra", '<row r="1">' + c("A1", "id") + c("B1", "name") + '</row>'
     '<row r="2">' + c("A2", "1") + c("B2", "Zhang") + '</row>'
     '<row r="3">' + c("A3", "2") + c("B3", "Li") + c("D3", "note beside the table") + '</row>')
book("styled", '<row r="1">' + c("A1", "id") + c("B1", "name") + '<c r="H1" s="3"/></row>'
     '<row r="2">' + c("A2", "1") + c("B2", "Zhang") + '<c r="Z2" s="1"/></row>')
book("noref", '<row><c t="inlineStr"><is><t>id</t></is></c><c t="inlineStr"><is><t>name</t></is></c></row>'
     '<row><c t="inlineStr"><is><t>1</t></is></c><c t="inlineStr"><is><t>Zhang</t></is></c>'
     '<c t="inlineStr"><is><t>extra</t></is></c></row>')
PY
ck import "$T/extra.xlsx" >"$T/extra.csv" 2>"$T/err"
expect_eq "a value beside the table keeps a column" "$(cat "$T/extra.csv")" \
    "$(printf 'id,name,column_3,column_4\n1,Zhang,,\n2,Li,,note beside the table')"
expect_grep "and is warned about" "1 rows had more fields" "$T/err"
ck import "$T/styled.xlsx" >"$T/styled.csv"
expect_eq "styled empty cells add no column" "$(cat "$T/styled.csv")" "$(printf 'id,name\n1,Zhang')"
ck import "$T/noref.xlsx" >"$T/noref.csv" 2>/dev/null
expect_eq "cells without references: read to find the width" "$(cat "$T/noref.csv")" \
    "$(printf 'id,name,column_3\n1,Zhang,extra')"
