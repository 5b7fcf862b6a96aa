#!/bin/sh
# test_xls_big.sh — what a large .xls holds (tests/interop/make_xls_sst.py, from the fixture
# customers.xls): a shared-string table of more than 1,048,576 strings, as a 1M-row workbook
# has (more than libfreexl takes: custkit reads such a workbook itself), a FAT found through
# DIFAT sectors, and a compound file with no Workbook stream at all.
. "$(dirname "$0")/../lib.sh"
X="$top/tests/fixtures/xls"
/usr/bin/python3 "$top/tests/interop/make_xls_sst.py" "$X/customers.xls" "$T/sst.xls" \
    "$T/difat.xls" "$T/none.xls" || not_ok "make_xls_sst.py wrote the files"

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

# 1,049,600 more shared strings than the fixture (and a FAT past the header's 109 sectors)
same ".xls of 1M shared strings reads as the CSV of its cells" "$T/sst.xls" "$X/customers.csv"
same ".xls of 1M shared strings: --all-sheets as the XLSX" "$T/sst.xls" "$X/customers.xlsx" --all-sheets
same ".xls of 1M shared strings: --sheet by name" "$T/sst.xls" "$X/orders.csv" --sheet 订单
ck import --list-sheets "$T/sst.xls" >"$T/list" 2>&1
expect_eq ".xls of 1M shared strings: --list-sheets" "$(cat "$T/list")" \
    "$(printf '说明\thidden\t1\n客户\tvisible\t10\n订单\tvisible\t3')"
ck import "$T/sst.xls" >/dev/null 2>"$T/err"
expect_grep ".xls of 1M shared strings: the title row said as for the fixture" \
    'sst.xls:客户: 1 title rows above the header skipped' "$T/err"

# the FAT's sectors past the header's 109 in a DIFAT sector
same ".xls whose FAT needs DIFAT reads as the CSV" "$T/difat.xls" "$X/customers.csv"
same ".xls whose FAT needs DIFAT: --all-sheets as the XLSX" "$T/difat.xls" "$X/customers.xlsx" --all-sheets

# no Workbook stream: refused, and said so
expect_exit "a compound file without a Workbook stream" 3 ck import "$T/none.xls"
expect_grep "no Workbook stream: said" \
    'none.xls: an OLE2 compound file without a Workbook stream: not an Excel workbook, or a damaged one' "$T/err"
