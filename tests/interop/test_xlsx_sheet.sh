#!/bin/sh
# test_xlsx_sheet.sh — the sheet tokenizer (lib/io/xlsx_sheet.c) against expat on whole workbooks:
# every fixture (XlsxWriter, openpyxl, hand-made, hostile; gnumeric's when installed) imports
# to the same bytes and the same exit status and message whichever parses its sheets
# (CUSTKIT_XLSX_PARSER=expat), and a UTF-16 sheet goes to expat by itself.
. "$(dirname "$0")/../lib.sh"
PY=/usr/bin/python3
F=$T/fx
$PY "$top/tests/fixtures/make_xlsx.py" "$F" || { not_ok "make_xlsx.py wrote the fixtures"; exit 1; }
if ! command -v ssconvert >/dev/null 2>&1; then
    skip "gnumeric's workbook among the fixtures" "ssconvert is not installed"
elif HOME=$T ssconvert "$ex/customers_zh.csv" "$F/gnumeric.xlsx" >/dev/null 2>&1 &&
    [ -s "$F/gnumeric.xlsx" ]; then
    ok "gnumeric's workbook among the fixtures"
else
    not_ok "ssconvert wrote no workbook of customers_zh.csv"
fi
cp "$ex/customers.xlsx" "$F/examples_customers.xlsx" 2>/dev/null

same=0 differ=""
for f in "$F"/*.xlsx; do
    b=$(basename "$f")
    for mode in tokenizer expat; do
        if [ $mode = expat ]; then export CUSTKIT_XLSX_PARSER=expat; else unset CUSTKIT_XLSX_PARSER; fi
        ck import --all-sheets --source "$f" >"$T/$mode.out" 2>"$T/$mode.err"
        echo "exit $?" >>"$T/$mode.err"
    done
    unset CUSTKIT_XLSX_PARSER
    if cmp -s "$T/tokenizer.out" "$T/expat.out" && cmp -s "$T/tokenizer.err" "$T/expat.err"; then
        same=$((same + 1))
    else
        differ="$differ $b"
        diff "$T/expat.out" "$T/tokenizer.out" | head -5
        diff "$T/expat.err" "$T/tokenizer.err" | head -5
    fi
done
expect_eq "tokenizer and expat agree on every fixture workbook ($same)" "${differ:-none}" "none"

# A UTF-16 sheet (what the tokenizer does not read) is parsed by expat, the same values.
$PY - "$T/u16.xlsx" <<'PYEOF'
import sys, zipfile
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
sheet = ('<?xml version="1.0" encoding="UTF-16"?><worksheet %s><sheetData><row r="1"><c r="A1" '
         't="inlineStr"><is><t>姓名</t></is></c><c r="B1" t="inlineStr"><is><t>手机</t></is></c>'
         '</row><row r="2"><c r="A2" t="inlineStr"><is><t>张三</t></is></c><c r="B2"><v>'
         '13812345678</v></c></row></sheetData></worksheet>' % NS)
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("xl/workbook.xml", '<workbook %s><sheets><sheet name="S" sheetId="1"/></sheets>'
               '</workbook>' % NS)
    z.writestr("xl/worksheets/sheet1.xml", sheet.encode("utf-16"))
PYEOF
ck import "$T/u16.xlsx" >"$T/u16.csv" 2>"$T/u16.err"
expect_eq "a UTF-16 sheet imports through expat" "$(cat "$T/u16.csv")" "姓名,手机
张三,13812345678"

# A syntax error: file, entry, line and row, the same as expat says it.
$PY - "$T/bad.xlsx" <<'PYEOF'
import sys, zipfile
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("xl/workbook.xml", '<workbook %s><sheets><sheet name="S" sheetId="1"/></sheets>'
               '</workbook>' % NS)
    z.writestr("xl/worksheets/sheet1.xml", '<worksheet %s>\n<sheetData>\n<row r="1"><c t="str">'
               '<v>a</v></c></row>\n<row r="2"><c t="str"><v>b &nbsp;</v></c></row>'
               '</sheetData></worksheet>' % NS)
PYEOF
expect_exit "a sheet with an undefined entity" 3 ck import "$T/bad.xlsx"
expect_grep "the message names file, entry, line and row" \
    "bad.xlsx: xl/worksheets/sheet1.xml:4: undefined entity (in row 2)" "$T/err"
