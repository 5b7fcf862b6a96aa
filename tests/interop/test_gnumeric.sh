#!/bin/sh
# Workbooks written by another real application, gnumeric (ssconvert): custkit import reads
# back the table that went in, with gnumeric's own date cells, numbers and text.
. "$(dirname "$0")/../lib.sh"
if ! command -v ssconvert >/dev/null 2>&1; then
    skip "gnumeric's workbooks import to the table that went in" "ssconvert is not installed"
    exit 0
fi
cd "$T" || exit 1
cat >t.csv <<'CSV'
客户编号,姓名,手机,最近购买日期,消费金额,购买次数,备注
KH001,张三,13812345678,2024-01-05,1234.5,3,VIP客户
KH002,李四,13912345678,2025-12-31,0.1,12,"说""好"",再联系"
KH003,王五,010-12345678,2026-02-28,100000,1,
KH004,Zhao Liu,+1 415-555-0123,2000-02-29,99.99,0,"two
lines"
CSV
HOME=$T ssconvert t.csv t.xlsx >/dev/null 2>&1
[ -s t.xlsx ] && ok "ssconvert wrote a workbook" || not_ok "ssconvert wrote nothing"
ck import t.xlsx >t_x.csv 2>err
expect_file_eq "gnumeric's workbook imports to the table that went in" t_x.csv t.csv
/usr/bin/python3 - t.xlsx >types 2>/dev/null <<'PY'
import sys, datetime
from openpyxl import load_workbook
ws = load_workbook(sys.argv[1]).active
# the dates really are date cells and the phones numbers: custkit turned them back
print(isinstance(ws["D2"].value, datetime.datetime), isinstance(ws["C2"].value, (int, float)))
PY
expect_eq "the fixture holds real date and number cells" "$(cat types)" "True True"
# and a file gnumeric wrote from the examples matches gnumeric's own reading of it
HOME=$T ssconvert "$ex/customers_zh.csv" zh.xlsx >/dev/null 2>&1
HOME=$T ssconvert zh.xlsx zh_gnumeric.csv >/dev/null 2>&1
ck import zh.xlsx >zh_ck.csv 2>/dev/null
expect_eq "same number of records as gnumeric reads" \
    "$(/usr/bin/python3 -c 'import csv,sys; print(len(list(csv.reader(open(sys.argv[1], encoding="utf-8")))))' zh_ck.csv)" \
    "$(/usr/bin/python3 -c 'import csv,sys; print(len(list(csv.reader(open(sys.argv[1], encoding="utf-8")))))' zh_gnumeric.csv)"
