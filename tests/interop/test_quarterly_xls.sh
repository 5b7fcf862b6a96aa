#!/bin/sh
# test_quarterly_xls.sh — examples/quarterly.sh with its customers and orders given as .xls
# (made by LibreOffice from the bundled XLSX and CSV): the quarter's tables come out the same,
# byte for byte, as from the originals.
. "$(dirname "$0")/../lib.sh"
export CUSTKIT
if ! command -v soffice >/dev/null 2>&1; then
    skip "quarterly.sh with .xls inputs" "LibreOffice (soffice) is not installed"
    exit 0
fi
need_openpyxl
cd "$T" || exit 1
# the orders as text cells, as an ERP export holds them
/usr/bin/python3 - "$ex/orders.csv" "$T/orders.xlsx" <<'PY'
import csv, sys
import openpyxl
wb = openpyxl.Workbook()
ws = wb.active
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    for r in csv.reader(f):
        ws.append(r)
for row in ws.iter_rows():
    for c in row:
        c.number_format = "@"
wb.save(sys.argv[2])
PY
cp "$ex/customers.xlsx" "$T/customers.xlsx"
soffice -env:UserInstallation=file://"$T/lo" --headless --convert-to xls --outdir "$T" \
    "$T/customers.xlsx" "$T/orders.xlsx" >/dev/null 2>&1
if [ ! -s "$T/customers.xls" ] || [ ! -s "$T/orders.xls" ]; then
    not_ok "LibreOffice wrote customers.xls and orders.xls"
    exit 1
fi
CUSTKIT_TODAY=2026-11-29 sh "$ex/quarterly.sh" -c "$ex/customers.xlsx" -O "$ex/orders.csv" \
    -d "$T/ref" >out1 2>err1
expect_eq "reference quarter from XLSX and CSV: exit 0" "$?" "0"
CUSTKIT_TODAY=2026-11-29 sh "$ex/quarterly.sh" -c "$T/customers.xls" -O "$T/orders.xls" \
    -d "$T/xls" >out2 2>err2
expect_eq "quarter from .xls customers and orders: exit 0" "$?" "0"
expect_eq "quarter from .xls: silent" "$(cat out2 err2)" ""
for f in segments.csv rejects.csv merge-log.csv; do
    expect_file_eq "$f from .xls inputs is the same" "$T/xls/2026-Q3/$f" "$T/ref/2026-Q3/$f"
done
# orphans.csv names each order's file first (orders.csv, orders.xls:Sheet): the rest is equal
cut -d, -f2- "$T/xls/2026-Q3/orphans.csv" >orphans.xls
cut -d, -f2- "$T/ref/2026-Q3/orphans.csv" >orphans.ref
expect_file_eq "orphans.csv from .xls inputs is the same but for the file" orphans.xls orphans.ref
expect_grep "orphans name the .xls sheet" "orders.xls:Sheet," "$T/xls/2026-Q3/orphans.csv"
[ -s "$T/xls/2026-Q3/report.xlsx" ] && ok "report.xlsx written" || not_ok "no report.xlsx"
