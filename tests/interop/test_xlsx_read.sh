#!/bin/sh
# test_xlsx_read.sh — custkit import on workbooks from XlsxWriter, openpyxl, LibreOffice and
# hand-made zips: values equal openpyxl's reading field by field; hostile files fail cleanly.
. "$(dirname "$0")/../lib.sh"
PY=/usr/bin/python3
F=$T/fx
$PY "$top/tests/fixtures/make_xlsx.py" "$F" || { not_ok "make_xlsx.py wrote the fixtures"; exit 1; }

# The reference reader: openpyxl reads the cells; the same value rules as custkit give the text.
cat >"$T/ref.py" <<'EOF'
import csv, datetime, decimal, re, sys
import openpyxl

def num(v):
    if v == int(v) and abs(v) < 1e15:
        return str(int(v))
    d = decimal.Decimal(repr(float(v)))           # repr: the shortest round-trip digits
    sign, digits, exp = d.normalize().as_tuple()
    s = "".join(map(str, digits))
    e10 = exp + len(s) - 1
    if 1e-6 <= abs(v) < 1e21:
        out = format(d.normalize(), "f")
    else:
        out = s[0] + ("." + s[1:] if len(s) > 1 else "") + "e" + str(e10)
    return ("-" if sign and not out.startswith("-") else "") + out

def shows_time(fmt):
    f = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", fmt)
    return re.search(r"[hs]", f, re.I) is not None

def text(c):
    v = c.value
    if v is None or c.data_type == "e":
        return ""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, datetime.datetime):
        v = v + datetime.timedelta(microseconds=500000)   # round to the second
        v = v.replace(microsecond=0)
        return v.strftime("%Y-%m-%d %H:%M:%S" if shows_time(c.number_format) else "%Y-%m-%d")
    if isinstance(v, datetime.date):
        return v.strftime("%Y-%m-%d")
    if isinstance(v, datetime.time):
        return v.strftime("%H:%M:%S")
    if isinstance(v, datetime.timedelta):
        return num(v.total_seconds() / 86400)
    if isinstance(v, (int, float)):
        return num(v)
    return str(v)

def compare(book, got, sheet):
    wb = openpyxl.load_workbook(book, data_only=True)   # formulas: their cached values
    ws = wb[sheet] if sheet else next(s for s in wb.worksheets if s.sheet_state == "visible")
    rows = []
    for r in ws.iter_rows():
        t = [text(c) for c in r]
        while t and t[-1] == "":
            t.pop()
        if t:
            rows.append(t)
    width = len(rows[0]) if rows else 0
    rows = [r + [""] * (width - len(r)) for r in rows]
    with open(got, newline="", encoding="utf-8") as f:
        mine = list(csv.reader(f))
    bad = []
    if len(mine) != len(rows):
        bad.append("%d rows, openpyxl %d" % (len(mine), len(rows)))
    for i, (a, b) in enumerate(zip(mine, rows)):
        for j in range(max(len(a), len(b))):
            x = a[j] if j < len(a) else None
            y = b[j] if j < len(b) else None
            if x != y:
                bad.append("row %d field %d: custkit %r, openpyxl %r" % (i + 1, j + 1, x, y))
    return "same" if not bad else "; ".join(bad[:3])

# arguments: NAME BOOK CSV SHEET ... (SHEET "-" = the first visible); one line per NAME
a = sys.argv[1:]
for k in range(0, len(a), 4):
    print(a[k], compare(a[k + 1], a[k + 2], None if a[k + 3] == "-" else a[k + 3]))
EOF

# ---- values equal openpyxl's, field by field (one Python run for all)
set --
for b in basic date1904 custom richtext formulas sheets openpyxl numbers; do
    ck import "$F/$b.xlsx" >"$T/$b.csv" 2>"$T/err" || not_ok "$b.xlsx imports" "$(cat "$T/err")"
    set -- "$@" "$b.xlsx" "$F/$b.xlsx" "$T/$b.csv" -
done
ck import --sheet 订单 "$F/sheets.xlsx" >"$T/orders.csv"
set -- "$@" "sheets.xlsx:订单" "$F/sheets.xlsx" "$T/orders.csv" 订单
# a chartsheet first (XlsxWriter, openpyxl): the default is the first worksheet
ck import "$F/chart_first.xlsx" >"$T/chart1.csv" 2>"$T/err" || not_ok "chart_first.xlsx imports" "$(cat "$T/err")"
set -- "$@" "chart_first.xlsx" "$F/chart_first.xlsx" "$T/chart1.csv" 数据
ck import "$F/chart_first_openpyxl.xlsx" >"$T/chart2.csv" 2>"$T/err" || not_ok "chart_first_openpyxl.xlsx imports" "$(cat "$T/err")"
set -- "$@" "chart_first_openpyxl.xlsx" "$F/chart_first_openpyxl.xlsx" "$T/chart2.csv" Sales
$PY "$T/ref.py" "$@" >"$T/ref.out"
while read -r name verdict; do
    expect_eq "$name equals openpyxl" "$verdict" same
done <"$T/ref.out"
expect_eq "openpyxl comparisons run" "$(wc -l <"$T/ref.out" | tr -d ' ')" 11

# ---- specific values through the whole import
ck import "$F/basic.xlsx" >"$T/basic.csv"
expect_grep "phone stored as a number" '^C001,张三,13812345678,110101199003071234,2024-01-05,2024-03-01 13:30:00,09:15:00,0.1,TRUE,' "$T/basic.csv"
expect_grep "15-digit id stored as text" '^C002,李四,139-0000-1111,123456789012345,2023-12-31,' "$T/basic.csv"
expect_grep "11-digit number not in exponent form" '^C004,赵六,15000000000,' "$T/basic.csv"
ck import "$F/custom.xlsx" | tail -n +2 | sed 's/.*,//' >"$T/custom.got"
expect_file_eq "custom formats: dates, times, durations, numbers" "$T/custom.got" "$F/custom.expected"
printf 'a,column_2,c,column_4,e\n,row5,,,\n,,,row7,\nmerged,,,,\n' >"$T/sparse.want"
ck import "$F/sparse.xlsx" >"$T/sparse.csv"
expect_file_eq "sparse cells, absent rows, merged cells" "$T/sparse.csv" "$T/sparse.want"
printf '姓名,金额\n"line1\r\nline2 _x0041_",0.30000000000000004\n' >"$T/prefixed.want"
ck import "$F/prefixed.xlsx" >"$T/prefixed.csv"
expect_file_eq "x: prefixes, absolute rels, phonetic runs, _x000D_" "$T/prefixed.csv" "$T/prefixed.want"
expect_eq "strict OOXML" "$(ck import "$F/strict.xlsx")" "strict,2024-01-05"
expect_eq "hidden first sheet skipped" "$(ck import "$F/sheets.xlsx" | head -1)" "姓名,城市"
expect_eq "veryHidden and hidden skipped" "$(ck import "$F/states.xlsx")" "third"
expect_eq "1900 leap-year bug and time-only serials" \
    "$(ck import "$F/types.xlsx" | sed -n 2p)" "1900-02-29,1900-02-28,1900-03-01,12:00:00,1900-01-01 06:00:00,,,"
expect_eq "workbook on standard input" "$(ck import <"$F/sheets.xlsx" | tail -1)" "张三,上海"

# ---- chartsheets, dialog and macro sheets hold no table: skipped, and refused by name
expect_eq "chartsheet first: the first worksheet is read" "$(ck import "$F/chart_first.xlsx" | head -2)" "$(printf '月份,销售额\n1月,120')"
expect_eq "chartsheet first (openpyxl)" "$(ck import "$F/chart_first_openpyxl.xlsx" | head -1)" "region,sales"
expect_eq "only a chart visible: the hidden data sheet is read" "$(ck import "$F/chart_hidden_data.xlsx")" "$(printf 'month,sales\nJan,120')"
expect_eq "dialog and macro sheets first: the worksheet is read" "$(ck import "$F/other_kinds.xlsx")" "$(printf 'id\n7')"
expect_eq "--all-sheets skips the chartsheet" \
    "$(ck import --all-sheets --source "$F/chart_first.xlsx" | cut -d, -f1,4 | sort | tr '\n' ' ')" \
    "1月,$F/chart_first.xlsx:数据 1月,$F/chart_first.xlsx:明细 2月,$F/chart_first.xlsx:数据 3月,$F/chart_first.xlsx:数据 月份,来源 "
expect_eq "--all-sheets skips dialog and macro sheets" "$(ck import --all-sheets "$F/other_kinds.xlsx")" "$(printf 'id\n7')"
expect_exit "a workbook of only a chart" 3 ck import "$F/chart_only.xlsx"
expect_grep "a workbook of only a chart: says so" \
    'chart_only.xlsx: the workbook has no worksheet (its chartsheet "Chart1" holds no table)' "$T/err"
expect_exit "--sheet naming a chartsheet" 2 ck import --sheet 图表 "$F/chart_first.xlsx"
expect_grep "--sheet naming a chartsheet: says so, lists the worksheets" \
    'chart_first.xlsx: sheet "图表" is a chartsheet (a chart, no cells to read); worksheets: 数据, 明细' "$T/err"
expect_exit "--sheet 1 naming a chartsheet" 2 ck import --sheet 1 "$F/chart_first.xlsx"
expect_grep "--sheet 1 naming a chartsheet: says so" 'sheet "图表" is a chartsheet' "$T/err"
expect_exit "--sheet naming a macro sheet" 2 ck import --sheet Macro1 "$F/other_kinds.xlsx"
expect_grep "--sheet naming a macro sheet: says so" 'sheet "Macro1" is a macrosheet (Excel 4 macros, not a table); worksheets: Data' "$T/err"
expect_eq "--sheet 2 is still the second sheet in workbook order" "$(ck import --sheet 2 "$F/chart_first.xlsx" | head -1)" "月份,销售额"
expect_exit "--list-sheets on a workbook with a chartsheet" 0 ck import --list-sheets "$F/chart_first.xlsx"
expect_eq "--list-sheets names the chartsheet's kind" "$(cat "$T/out")" "$(printf '图表\tvisible\tchartsheet\n数据\tvisible\t4\n明细\tvisible\t2')"
expect_exit "--list-sheets on dialog and macro sheets" 0 ck import --list-sheets "$F/other_kinds.xlsx"
expect_eq "--list-sheets names their kinds" "$(cat "$T/out")" "$(printf 'Dialog1\tvisible\tdialogsheet\nMacro1\tvisible\tmacrosheet\nData\tvisible\t2')"

# ---- header names written by XlsxWriter with line breaks (wrapped cells) and odd spaces
ck import "$F/header_space.xlsx" >"$T/hs.csv" 2>"$T/err"
expect_eq "header names trimmed of line breaks and Unicode spaces" "$(head -1 "$T/hs.csv")" \
    "start end,column_2,手机号码,Customer Name,姓名,email,id"
expect_eq "header names: the data row intact" "$(tail -1 "$T/hs.csv")" "1,2,13812345678,Zhang,张三,a@b.cn,7"
expect_grep "header names: a lone line break is an empty name" ": 1 empty header names named column_N" "$T/err"

# ---- "Summe" over a row of dates and numbers (XlsxWriter): the label is the header
ck import "$F/summe.xlsx" >"$T/summe.csv" 2>"$T/err"
printf 'Summe,column_2,column_3,column_4\n2011-09-14,3.81,0.7,12\n2011-09-15,4.2,0.65,9\n' >"$T/summe.want"
expect_file_eq "a label over dates and numbers: no row of data lost" "$T/summe.csv" "$T/summe.want"
expect_grep "a label over dates and numbers: the warning" \
    'summe.xlsx:Tabelle1: row 1 holds a single value but is kept as the header: row 2 holds only numbers and dates, so it is data (--header-row 2 makes it the header)' "$T/err"

# ---- group labels over merged ranges above the header (XlsxWriter merge_range)
printf '姓名,手机,城市,金额,次数,最近消费\n张三,13812345678,上海,1234.5,3,2024-01-05\n李四,13900001111,北京,88,1,2023-12-31\n' >"$T/grouped.want"
ck import "$F/grouped.xlsx" >"$T/grouped.csv" 2>"$T/err"
expect_file_eq "group labels above the header: the names are the header" "$T/grouped.csv" "$T/grouped.want"
expect_grep "group labels: the warning" \
    'grouped.xlsx:客户: row 1 holds group labels over the header (labels followed by blank cells, above a full row of names), so row 2 is the header and row 1 is skipped (--header-row 1 reads row 1 as the header)' "$T/err"
ck import "$F/grouped_title.xlsx" >"$T/grouped.csv" 2>"$T/err"
expect_file_eq "a title, group labels, then the header" "$T/grouped.csv" "$T/grouped.want"
expect_grep "a title, group labels: both warned" '1 title rows above the header skipped' "$T/err"
expect_grep "a title, group labels: the group row named" 'row 2 holds group labels over the header' "$T/err"
expect_eq "group labels: --header-row 2 under a title gives the same table" \
    "$(ck import --header-row 3 "$F/grouped_title.xlsx" 2>/dev/null)" "$(cat "$T/grouped.want")"

ck import "$F/grouped_merged_id.xlsx" >/dev/null 2>"$T/err"
expect_grep "a label merged over both header rows: the warning names --header-row 2" \
    'grouped_merged_id.xlsx:Sheet1: 2 empty header names named column_N (if the header is the row below, use --header-row 2)' "$T/err"

expect_exit "error cells import" 0 ck import "$F/formulas.xlsx"
expect_grep "error cells counted once each" ": 2 error cells" "$T/err"
expect_exit "all-empty sheet: no table" 3 ck import "$F/empty.xlsx"
expect_grep "all-empty sheet: message" "empty.xlsx: no header row" "$T/err"

# ---- files that are not workbooks, and hostile ones: exit 3 and a message naming the place
check_err() { # NAME FILE PATTERN
    expect_exit "$1" 3 ck import "$F/$2"
    expect_grep "$1: message" "$3" "$T/err"
}
check_err "cell beyond XFD1048576" bigref.xlsx 'bigref.xlsx: xl/worksheets/sheet1.xml:5: cell reference XFD1048577 is beyond XFD1048576'
check_err "shared string index out of range" sst_range.xlsx 'sheet1.xml:5: cell A2: shared string index 99 out of range'
check_err "XML syntax error" xml_error.xlsx 'xml_error.xlsx: xl/worksheets/sheet1.xml:5: mismatched tag (in row 2)'
check_err "billion laughs" laughs.xlsx 'xl/sharedStrings.xml:2: DOCTYPE declarations are not allowed'
check_err "sheet part missing" missing_sheet.xlsx 'xl/worksheets/sheet1.xml: missing from the workbook'
check_err "truncated file" truncated.xlsx 'truncated.xlsx: corrupt or truncated zip file'
check_err "corrupt zip data" corrupt.xlsx 'corrupt.xlsx: xl/worksheets/sheet1.xml: corrupt or truncated zip data'
check_err "ODS without a table" sheet.ods 'sheet.ods: the workbook has no sheets'
check_err "other zip" other.zip 'not an XLSX workbook'
check_err "old .xls with an empty Workbook stream" old.xls 'old.xls: damaged .xls workbook: '
check_err "encrypted workbook" encrypted.xlsx 'encrypted.xlsx: is an encrypted (password protected) workbook; give its password with --password-file FILE'
expect_exit "unknown --sheet" 2 ck import --sheet nope "$F/sheets.xlsx"
expect_grep "unknown --sheet: lists the sheets" 'no sheet "nope" (sheets: 隐藏, 客户名单, 订单, secret)' "$T/err"

# a zip bomb (48 MB of blanks in 48 KB): refused early, in little memory
if /usr/bin/time -f %M -o "$T/rss" "$CUSTKIT" import "$F/bomb.xlsx" >"$T/out" 2>"$T/err"; then
    not_ok "zip bomb refused"
else
    expect_grep "zip bomb: message" 'bomb.xlsx: xl/worksheets/sheet1.xml: compression ratio above 100:1' "$T/err"
    rss=$(tail -1 "$T/rss")
    if [ "$rss" -lt 65536 ]; then ok "zip bomb: peak RSS ${rss} KB"; else not_ok "zip bomb: peak RSS ${rss} KB"; fi
fi

# ---- memory follows the shared strings, not the rows: 100,000 rows in a few MB
$PY - "$T/big.xlsx" <<'EOF'
import sys, zipfile
NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RNS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PNS = "http://schemas.openxmlformats.org/package/2006/relationships"
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("_rels/.rels", '<Relationships xmlns="%s"><Relationship Id="r" Type="%s/officeDocument" Target="xl/workbook.xml"/></Relationships>' % (PNS, RNS))
    z.writestr("xl/workbook.xml", '<workbook xmlns="%s" xmlns:r="%s"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>' % (NS, RNS))
    z.writestr("xl/_rels/workbook.xml.rels", '<Relationships xmlns="%s"><Relationship Id="rId1" Type="%s/worksheet" Target="worksheets/sheet1.xml"/></Relationships>' % (PNS, RNS))
    with z.open("xl/worksheets/sheet1.xml", "w") as f:
        f.write(('<worksheet xmlns="%s"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c><c r="B1" t="inlineStr"><is><t>name</t></is></c><c r="C1" t="inlineStr"><is><t>phone</t></is></c></row>' % NS).encode())
        for base in range(2, 100002, 10000):
            f.write("".join('<row r="%d"><c r="A%d"><v>%d</v></c><c r="B%d" t="inlineStr"><is><t>customer %d</t></is></c><c r="C%d"><v>%d</v></c></row>' % (i, i, i, i, i, i, 13800000000 + i) for i in range(base, base + 10000)).encode())
        f.write(b"</sheetData></worksheet>")
EOF
/usr/bin/time -f %M -o "$T/rss" "$CUSTKIT" import "$T/big.xlsx" >"$T/big.csv" 2>"$T/err"
expect_eq "100,000-row sheet: rows" "$(wc -l <"$T/big.csv" | tr -d ' ')" 100001
expect_eq "100,000-row sheet: last row" "$(tail -1 "$T/big.csv")" "100001,customer 100001,13800100001"
# The sheet's XML is 12 MB: holding it, or the rows, would pass the limit. The limit is on the
# growth over a one-row workbook's import by the same binary, so what the linked libraries and
# a sanitizer cost at start (several MB, and more with each library) does not count.
/usr/bin/time -f %M -o "$T/rss0" "$CUSTKIT" import "$F/sheets.xlsx" >/dev/null 2>&1
rss=$(tail -1 "$T/rss") base=$(tail -1 "$T/rss0") limit=6144
[ "${SANITIZE:-}" = 1 ] && limit=10240
if [ $((rss - base)) -lt "$limit" ]; then ok "100,000-row sheet: peak RSS ${rss} KB, ${base} KB for one row"
else not_ok "100,000-row sheet: peak RSS ${rss} KB, ${base} KB for one row (growth limit $limit KB)"; fi

# ---- LibreOffice: a workbook it writes from the example CSV imports to the same table
if command -v soffice >/dev/null 2>&1; then
    cols= i=1
    while [ $i -le 15 ]; do cols="$cols${cols:+/}$i/2"; i=$((i + 1)); done
    mkdir -p "$T/lo1" "$T/lo2"
    printf 'name,phone,joined,seen,amount,ratio\nA,13812345678,2024-01-05,2024-01-05 13:30:00,1234.5,0.1\nB,15000000000,1999-12-31,2000-02-29 00:00:01,42,-3.25\n' >"$T/lo2/typed.csv"
    # every column as text: the same table; then LibreOffice's own number and date detection
    HOME=$T/lo1 soffice --headless "--infilter=CSV:44,34,76,1,$cols" --convert-to xlsx \
        --outdir "$T/lo1" "$ex/customers_zh.csv" >/dev/null 2>&1 &
    HOME=$T/lo2 soffice --headless "--infilter=CSV:44,34,76,1,,1033,false,true" --convert-to xlsx \
        --outdir "$T/lo2" "$T/lo2/typed.csv" >/dev/null 2>&1
    wait
    ck import "$ex/customers_zh.csv" >"$T/lo1/from_csv.csv"
    ck import "$T/lo1/customers_zh.xlsx" >"$T/lo1/from_xlsx.csv" 2>"$T/err"
    expect_file_eq "LibreOffice xlsx of customers_zh.csv = the CSV" "$T/lo1/from_xlsx.csv" "$T/lo1/from_csv.csv"
    ck import "$T/lo2/typed.xlsx" >"$T/lo2/typed.out" 2>"$T/err"
    expect_file_eq "LibreOffice number and date cells" "$T/lo2/typed.out" "$T/lo2/typed.csv"
else
    skip "LibreOffice workbooks import to the same table" "soffice is not installed"
fi
