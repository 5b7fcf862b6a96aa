#!/bin/sh
# test_ods.sh — custkit import on OpenDocument spreadsheets: the same workbook saved by
# LibreOffice and by gnumeric (tests/fixtures/ods/, made by make_ods.py --office) reads byte
# for byte as its XLSX original and its CSV text; hand-made files pin each value type, text
# markup, repeated and covered cells, hidden sheets, and the input errors.
. "$(dirname "$0")/../lib.sh"
export LC_ALL=C.UTF-8 TZ=UTC
R="$top/tests/fixtures/ods"
F=$T/fx
python3 "$top/tests/fixtures/make_ods.py" "$F" || { not_ok "make_ods.py wrote the fixtures"; exit 1; }

# ---- the round trip: XLSX written by openpyxl → LibreOffice / gnumeric → .ods
same() { # NAME OPTIONS...: the .ods files print what the XLSX and the CSV print
    name=$1; shift
    ck import "$@" "$R/roundtrip.xlsx" >"$T/want" 2>/dev/null
    for w in lo gnumeric; do
        if ck import "$@" "$R/roundtrip_$w.ods" >"$T/got" 2>"$T/err"; then
            expect_file_eq "$name: $w .ods = .xlsx" "$T/got" "$T/want"
        else
            not_ok "$name: $w .ods" "$(head -3 "$T/err")"
        fi
    done
}
same "first visible sheet (the hidden one skipped)"
same "--sheet by name" --sheet 订单
same "--sheet by number" --sheet 3
same "--all-sheets" --all-sheets
ck import "$R/roundtrip_1.csv" >"$T/csv" 2>/dev/null
ck import "$R/roundtrip_lo.ods" >"$T/got" 2>/dev/null
expect_file_eq "LibreOffice .ods = the CSV text" "$T/got" "$T/csv"
ck import "$R/roundtrip_2.csv" >"$T/csv" 2>/dev/null
ck import --sheet 订单 "$R/roundtrip_gnumeric.ods" >"$T/got" 2>/dev/null
expect_file_eq "gnumeric .ods, second sheet = the CSV text" "$T/got" "$T/csv"
ck import --list-sheets "$R/roundtrip_lo.ods" >"$T/got"
printf '隐藏\thidden\t2\n客户\tvisible\t9\n订单\tvisible\t3\n' >"$T/want"
expect_file_eq "--list-sheets: names, the hidden sheet, rows" "$T/got" "$T/want"
ck import - <"$R/roundtrip_lo.ods" >"$T/got" 2>/dev/null
ck import "$R/roundtrip.xlsx" >"$T/want" 2>/dev/null
expect_file_eq "an .ods on standard input" "$T/got" "$T/want"

# ---- value types and text, as LibreOffice writes them
expect_exit "every value type" 0 ck import "$F/values.ods"
cat >"$T/want" <<'W'
kind,value,n
float,13812345678,1
float,0.1,2
float,1e-7,3
float,1234.5,4
percentage,0.125,5
currency,-3.25,6
date,2024-02-29,7
datetime,2024-03-01 13:30:00,8
datetime rounded,2025-01-01,9
time,12:30:00,10
duration,1.5,11
boolean,TRUE,12
boolean,FALSE,13
id as text,007,14
spaces, lead and  gap end,15
markup,"a	b
c span link
第二段
",16
comment,shown,17
error,,18
,,18b
string-value,from attr,19
TRUE,1,20
W
expect_file_eq "values: numbers, dates, times, booleans, text markup" "$T/out" "$T/want"
CUSTKIT_XLSX_PARSER=expat ck import "$F/values.ods" >"$T/got" 2>/dev/null
expect_file_eq "values: the same through expat as through the tokenizer" "$T/got" "$T/want"
expect_grep "values: the error cells are counted, repeated ones each" "3 error cells" "$T/err"

# ---- repeats: a row and a cell with values repeated, covered cells, LibreOffice's padding
# (how long the million trailing empty rows take is no test's business: make check times
# nothing; tests/hostile/test_hostile.sh stops a run that hangs on them)
expect_exit "repeated rows and cells" 0 ck import "$F/repeat.ods"
printf 'id,name,tag,x\n1,同一行,dup,dup\n1,同一行,dup,dup\n1,同一行,dup,dup\nmerged,,t,\n9,,after gap,\n' >"$T/want"
expect_file_eq "repeats: values repeated, covered cells empty, padding dropped" "$T/out" "$T/want"
ck import --list-sheets "$F/repeat.ods" >"$T/got"
printf 'Data\tvisible\t6\n' >"$T/want"
expect_file_eq "repeats: --list-sheets counts the repeated rows" "$T/got" "$T/want"

# ---- the title-row, header and ragged-row rules are the CSV reader's
printf '2026年客户名单\n\nname,phone\n张三,13812345678\n李四\n' >"$T/title.csv"
ck import "$T/title.csv" >"$T/want" 2>"$T/want.err"
ck import "$F/title.ods" >"$T/got" 2>"$T/err"
expect_file_eq "title row, blank row, short row: as the CSV" "$T/got" "$T/want"
expect_grep "title row: the same warning as for the CSV" "$(sed 's/.*title.csv: //' "$T/want.err" | head -1)" "$T/err"

# ---- sheets, detection by content
expect_exit "hidden first sheet" 0 ck import "$F/sheets.ods"
printf 'name,phone\n张三,13812345678\n' >"$T/want"
expect_file_eq "hidden first sheet: the first visible one is read" "$T/out" "$T/want"
expect_exit "--sheet names the hidden sheet" 0 ck import --sheet lookup "$F/sheets.ods"
expect_eq "--sheet names the hidden sheet: its rows" "$(cat "$T/out")" "secret"
expect_exit "--sheet unknown" 2 ck import --sheet nope "$F/sheets.ods"
expect_grep "--sheet unknown: lists the sheets" 'no sheet "nope" (sheets: Lookup, 客户, 订单)' "$T/err"
ck import --all-sheets "$F/sheets.ods" >"$T/got" 2>/dev/null
printf 'name,phone,order,amount\n张三,13812345678,,\n,,A1,12.5\n' >"$T/want"
expect_file_eq "--all-sheets: the visible sheets" "$T/got" "$T/want"
expect_exit "an .ods named .xlsx" 0 ck import "$F/ods_named.xlsx"
expect_grep "an .ods named .xlsx: read as ODS" "张三" "$T/out"
expect_exit "a template (.ots)" 0 ck import "$F/template.ots"
expect_exit "content.xml in ISO-8859-1" 0 ck import "$F/latin1.ods"
expect_eq "content.xml in ISO-8859-1: decoded" "$(cat "$T/out")" "$(printf 'name\nRené')"

# ---- input errors: exit 3, naming the file, the part and the place
expect_exit "bad repeat count" 3 ck import "$F/bad_repeat.ods"
expect_grep "bad repeat count: message" 'bad_repeat.ods: content.xml:2: sheet "T" row 2: bad table:number-rows-repeated "x1"' "$T/err"
expect_exit "a value beyond column 16384" 3 ck import "$F/wide_value.ods"
expect_grep "a value beyond column 16384: message" 'sheet "T" cell XFE3: a value in 1 cell(s) from there reaches beyond column 16384' "$T/err"
expect_exit "no content.xml" 3 ck import "$F/no_content.ods"
expect_grep "no content.xml: message" 'no_content.ods: content.xml: missing from the workbook' "$T/err"
expect_exit "XML syntax error" 3 ck import "$F/syntax.ods"
expect_grep "XML syntax error: message" 'syntax.ods: content.xml:2: mismatched tag' "$T/err"
expect_exit "an OpenDocument text" 3 ck import "$F/text.odt"
expect_grep "an OpenDocument text: message" 'is an OpenDocument file (not a spreadsheet), not XLSX' "$T/err"

# ---- examples/quarterly.sh with the customers and the orders as .ods
python3 "$top/tests/fixtures/make_ods.py" --csv "$ex/customers_zh.csv" "$T/customers.ods" &&
    python3 "$top/tests/fixtures/make_ods.py" --csv "$ex/orders.csv" "$T/orders.ods" ||
    not_ok "make_ods.py --csv wrote the .ods inputs"
export CUSTKIT
for kind in csv ods; do
    if [ $kind = csv ]; then c="$ex/customers_zh.csv" o="$ex/orders.csv"; else
        c="$T/customers.ods" o="$T/orders.ods"; fi
    CUSTKIT_TODAY=2026-11-29 sh "$ex/quarterly.sh" -c "$c" -O "$o" -d "$T/q-$kind" \
        >"$T/q-$kind.out" 2>&1
    expect_eq "quarterly.sh with $kind inputs: exit 0" "$?" "0"
done
expect_file_eq "quarterly.sh: the .ods inputs segment as the CSV ones" \
    "$T/q-ods/2026-Q3/segments.csv" "$T/q-csv/2026-Q3/segments.csv"

# ---- streaming: memory does not grow with the rows (10,000 against 200,000)
if [ -x /usr/bin/time ]; then
    for rows in 10000 200000; do
        awk -v n=$rows 'BEGIN { print "id,name,phone,amount"
            for (i = 1; i <= n; i++) printf "C%07d,客户%d,138%08d,%d.%02d\n", i, i, i, i % 9973, i % 100 }' \
            >"$T/m$rows.csv"
        python3 "$top/tests/fixtures/make_ods.py" --csv "$T/m$rows.csv" "$T/m$rows.ods"
        /usr/bin/time -f %M -o "$T/rss$rows" "$CUSTKIT" import "$T/m$rows.ods" >"$T/m$rows.out" 2>/dev/null
        ck import "$T/m$rows.csv" >"$T/m$rows.want" 2>/dev/null
        expect_file_eq "$rows rows: the .ods imports as its CSV" "$T/m$rows.out" "$T/m$rows.want"
    done
    small=$(tail -1 "$T/rss10000") big=$(tail -1 "$T/rss200000")
    if [ "$big" -le $((small * 5 / 4 + 2048)) ]; then
        ok "max RSS: ${small} KB for 10,000 rows, ${big} KB for 200,000"
    else
        not_ok "max RSS grows with the rows: ${small} KB for 10,000, ${big} KB for 200,000"
    fi
else
    skip "max RSS for 10,000 and 200,000 rows" "/usr/bin/time is missing (apt-get install time)"
fi
