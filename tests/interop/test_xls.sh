#!/bin/sh
# test_xls.sh — custkit import of old Excel workbooks (.xls, read through libfreexl): the
# workbooks of tests/fixtures/xls/ (made by make_xls.py with LibreOffice and gnumeric from the
# XLSX and CSV beside them) read byte for byte like that XLSX and that CSV; sheets, content
# detection, the size limit, password-protected and damaged files.
. "$(dirname "$0")/../lib.sh"
X="$top/tests/fixtures/xls"

# same NAME A B [import options]: custkit import reads A and B to the same bytes
same() {
    name=$1 a=$2 b=$3
    shift 3
    ck import "$@" "$a" >"$T/a.csv" 2>"$T/a.err"
    ra=$?
    ck import "$@" "$b" >"$T/b.csv" 2>"$T/b.err"
    rb=$?
    if [ $ra -ne 0 ] || [ $rb -ne 0 ]; then
        not_ok "$name" "exit $ra and $rb" "$(cat "$T/a.err" "$T/b.err" | head -4)"
    else
        expect_file_eq "$name" "$T/a.csv" "$T/b.csv"
    fi
}

# Excel 97-2003 (BIFF8) from LibreOffice: Chinese text, ids with leading zeros as text, phones,
# dates, date-times, times, amounts (0.1, 1e-7, 1e15), empty cells, ragged rows, a title row
same "LibreOffice .xls reads as its XLSX" "$X/customers.xls" "$X/customers.xlsx"
same "LibreOffice .xls reads as the CSV of its cells" "$X/customers.xls" "$X/customers.csv"
# the same workbook written by gnumeric's Excel 97 exporter
same "gnumeric .xls reads as the XLSX" "$X/gnumeric8.xls" "$X/customers.xlsx"
# a 1904 workbook: its dates come out as in the 1900 one
same "1904 date system .xls reads as its XLSX" "$X/mac1904.xls" "$X/mac1904.xlsx"
same "1904 date system .xls reads as the CSV" "$X/mac1904.xls" "$X/mac1904.csv"
# Excel 5.0/95 (BIFF5) in code page 936 (GBK), as old Chinese Excel wrote
same "BIFF5 GBK .xls reads as the CSV" "$X/gbk5.xls" "$X/gbk5.csv"
ck import "$X/customers.xls" >"$T/c.csv" 2>/dev/null
expect_grep "Chinese text from the shared strings" '^007,张三,13812345678,1990-05-17,2024-01-05 13:30:00,09:05:07,1234.5,北京,老客户$' "$T/c.csv"
expect_grep "a ragged row padded" '^011,赵六,,,,,,,$' "$T/c.csv"
# libfreexl counts every fourth year a leap year; its dates after 2100-02-28 are corrected
expect_grep "dates after 2100 and 9999-12-31" '^014,周九,13600000000,2100-03-01,9999-12-31 23:59:59,23:59:59,0.5,杭州,长期有效$' "$T/c.csv"

# Sheets: the first sheet is hidden, so the default is the first visible one
expect_exit "default sheet" 0 ck import "$X/customers.xls"
expect_grep "the default skips the hidden first sheet" 'customers.xls:客户: 1 title rows above the header skipped' "$T/err"
ck import --list-sheets "$X/customers.xls" >"$T/list" 2>&1
expect_eq "--list-sheets names, visibility, rows" "$(cat "$T/list")" "$(printf '说明\thidden\t1\n客户\tvisible\t10\n订单\tvisible\t3')"
same "--sheet by name" "$X/customers.xls" "$X/orders.csv" --sheet 订单
ck import --sheet 3 "$X/customers.xls" >"$T/s3.csv" 2>/dev/null
ck import "$X/orders.csv" >"$T/o.csv" 2>/dev/null
expect_file_eq "--sheet by number" "$T/s3.csv" "$T/o.csv"
same "--all-sheets: the visible sheets, as from the XLSX" "$X/customers.xls" "$X/customers.xlsx" --all-sheets
expect_exit "--sheet that does not exist" 2 ck import --sheet 无 "$X/customers.xls"
expect_grep "--sheet lists the sheets" 'no sheet "无" (sheets: 说明, 客户, 订单)' "$T/err"

# Detection by content, not by name: an .xls named .xlsx or .csv, or on standard input
cp "$X/customers.xls" "$T/named.xlsx"
cp "$X/customers.xls" "$T/named.csv"
same "an .xls named .xlsx" "$T/named.xlsx" "$X/customers.xlsx"
same "an .xls named .csv" "$T/named.csv" "$X/customers.xlsx"
ck import - <"$X/customers.xls" >"$T/stdin.csv" 2>/dev/null
ck import "$X/customers.csv" >"$T/fromcsv.csv" 2>/dev/null
expect_file_eq "an .xls on standard input" "$T/stdin.csv" "$T/fromcsv.csv"
# every command reads .xls through the same reader
expect_exit "clean reads an .xls" 0 ck clean -o "$T/clean.csv" "$X/customers.xls"

# Refused: password protected, damaged, too large; each exit 3 and says why
expect_exit "password-protected .xls" 3 ck import "$X/password.xls"
expect_grep "password-protected: said" 'password.xls: the .xls workbook is password protected; save it without a password' "$T/err"
expect_exit "truncated .xls" 3 ck import "$X/truncated.xls"
expect_grep "truncated: what libfreexl found" 'truncated.xls: damaged .xls workbook: truncated or unreadable OLE2 container' "$T/err"
CUSTKIT_XLS_MAX_SIZE=4K expect_exit "over CUSTKIT_XLS_MAX_SIZE" 3 ck import "$X/customers.xls"
expect_grep "the limit is said" "customers.xls: .xls workbook of $(wc -c <"$X/customers.xls") bytes is larger than the limit of 4096 bytes" "$T/err"
CUSTKIT_XLS_MAX_SIZE=16K expect_exit "under a raised CUSTKIT_XLS_MAX_SIZE" 0 ck import "$X/customers.xls"
CUSTKIT_XLS_MAX_SIZE=lots expect_exit "CUSTKIT_XLS_MAX_SIZE not a size" 2 ck import "$X/customers.xls"

# Formula cells: libfreexl does not read FORMULA records; custkit reads their cached results
# itself (numbers, text through the STRING record after it, booleans, errors), and the
# BOOLERR constants as TRUE/FALSE and errors, as the XLSX LibreOffice writes of the same data.
same "formula results read as from the XLSX" "$X/formulas.xls" "$X/formulas.xlsx"
ck import "$X/formulas.xls" >/dev/null 2>"$T/fx.err"
ck import "$X/formulas.xlsx" >/dev/null 2>"$T/fy.err"
sed 's/formulas\.xls:/formulas.FILE:/' "$T/fx.err" >"$T/fx2.err"
sed 's/formulas\.xlsx:/formulas.FILE:/' "$T/fy.err" >"$T/fy2.err"
expect_file_eq "error cells said as for the XLSX" "$T/fx2.err" "$T/fy2.err"
expect_grep "error cells counted" ': 6 error cells (#N/A, #DIV/0!, ...) written as empty' "$T/fx.err"
# BOOLERR constants (as Excel writes TRUE/FALSE and #DIV/0! typed in): TRUE/FALSE and empty
# with the error counted, not libfreexl's 1 and 0
same "BOOLERR booleans and errors read as from the XLSX" "$X/boolerr.xls" "$X/formulas.xlsx"
ck import "$X/boolerr.xls" >/dev/null 2>"$T/fb.err"
expect_grep "BOOLERR errors counted" 'boolerr.xls:公式: 6 error cells (#N/A, #DIV/0!, ...) written as empty' "$T/fb.err"
# a text formula whose STRING record is missing: its result cannot be read, and that is said
ck import "$X/nostring.xls" >"$T/ns.csv" 2>"$T/ns.err"
expect_grep "unread formula results said, with the first cell" \
    "nostring.xls:公式: 3 formula cells (first D2) cannot be read from .xls; save the workbook as .xlsx" "$T/ns.err"
expect_grep "the rest of the row still read" '^C2,1234.5,2469,,TRUE,TRUE,,,TRUE,$' "$T/ns.csv"

# Formulas whose results are dates by their cells' number formats (=B2+30, =TIME(12,30,0),
# =B2+TIME(8,15,2), =DATE(2026,9,30), a builtin m/d/yy format, and a number format that is not
# a date): the format is looked up through the formula's XF, as the XLSX reader does
same "date formula results read as from the XLSX" "$X/dateformulas.xls" "$X/dateformulas.xlsx"
ck import "$X/dateformulas.xls" >"$T/df.csv" 2>/dev/null
expect_grep "date, time, date-time formula results as ISO" \
    '^D2,2026-08-31,2026-09-30,12:30:00,2026-08-31 08:15:02,2026-09-30,46265,2026-09-01$' "$T/df.csv"
same "1904 date formula results read as from the XLSX" "$X/dateformulas1904.xls" "$X/dateformulas1904.xlsx"
ck import "$X/dateformulas1904.xls" >"$T/df4.csv" 2>/dev/null
expect_grep "1904 date formula results as ISO" \
    '^D3,2024-02-28,2024-03-29,12:30:00,2024-02-28 08:15:03,2026-09-30,43888,2024-02-29$' "$T/df4.csv"
# the same as Excel 5/95 (BIFF5) from gnumeric, whose FORMAT records hold byte-counted strings;
# its plain number cells are typed by their own XF too (libfreexl alone gives BIFF5 dates a time)
same "BIFF5 .xls reads as the XLSX, plain cells and formulas" "$X/dateformulas5.xls" "$X/dateformulas.xlsx"
ck import "$X/dateformulas5.xls" >"$T/df5.csv" 2>/dev/null
expect_grep "BIFF5 date cells and formula results as ISO" \
    '^D2,2026-08-31,2026-09-30,12:30:00,2026-08-31 08:15:02,2026-09-30,46265,2026-09-01$' "$T/df5.csv"
