#!/bin/sh
# make demo: the whole custkit pipeline on the bundled examples, ending in report.xlsx.
# Intermediate files, rejects and the merge log go to demo-out/. With DEMO_PASSWORD_FILE set
# (make demo DEMO_PASSWORD_FILE=pw.txt) it also writes report-encrypted.xlsx with that password.
set -eu
ck=${CUSTKIT:-custkit}
top=$(cd "$(dirname "$0")/.." && pwd)
ex=examples
out=demo-out
cd "$top"
mkdir -p "$out"
CUSTKIT_FACTS="$out/facts.jsonl"
export CUSTKIT_FACTS
rm -f "$CUSTKIT_FACTS"
asof=2026-09-30

echo "== import: the GB18030 CSV Excel saves, and the English CSV"
"$ck" import "$ex/customers_zh_gbk.csv" -o "$out/customers_zh.csv"
echo "   $ex/customers_zh_gbk.csv -> $out/customers_zh.csv"
"$ck" import "$ex/customers_en.csv" -o "$out/customers_en.csv"
echo "   $ex/customers_en.csv -> $out/customers_en.csv"
if [ -f "$ex/customers.xlsx" ]; then
    "$ck" import "$ex/customers.xlsx" -o "$out/customers_xlsx.csv"
    echo "   $ex/customers.xlsx -> $out/customers_xlsx.csv"
fi

echo "== the pipeline: import | clean --orders | tag | segment --by rfm | export"
"$ck" import "$ex/customers_zh_gbk.csv" \
    | "$ck" clean --orders "$ex/orders.csv" --rejects "$out/rejects.csv" \
        --merge-log "$out/merge-log.csv" --orphans "$out/orphans.csv" --as-of "$asof" \
    | "$ck" tag -r "$ex/tags.rules" --as-of "$asof" \
    | "$ck" segment --by rfm --as-of "$asof" \
    | tee "$out/segments.csv" \
    | "$ck" export --as-of "$asof" -o report.xlsx
echo "== template: the workbook to keep the next customers in"
"$ck" template -q --force -o "$out/客户登记表.xlsx"
echo "   -> $out/客户登记表.xlsx"
enc=""
if [ -n "${DEMO_PASSWORD_FILE:-}" ]; then
    echo "== the same report encrypted as Excel does it (password: first line of $DEMO_PASSWORD_FILE)"
    "$ck" export --as-of "$asof" --password-file "$DEMO_PASSWORD_FILE" \
        -o report-encrypted.xlsx "$out/segments.csv"
    echo "   read back with the password, its summary sheet:"
    "$ck" import -q --password-file "$DEMO_PASSWORD_FILE" report-encrypted.xlsx | head -4 |
        sed 's/^/   /'
    enc="$top/report-encrypted.xlsx"
fi
echo
echo "report:          $top/report.xlsx"
[ -z "$enc" ] || echo "encrypted:       $enc"
echo "rejected rows:   $top/$out/rejects.csv"
echo "merged rows:     $top/$out/merge-log.csv"
echo "orphan orders:   $top/$out/orphans.csv"
echo "segmented table: $top/$out/segments.csv"
echo "entry workbook:  $top/$out/客户登记表.xlsx"
