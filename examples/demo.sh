#!/bin/sh
# make demo: the whole custkit pipeline on the bundled examples, ending in report.xlsx.
set -eu
ck=${CUSTKIT:-custkit}
top=$(cd "$(dirname "$0")/.." && pwd)
ex="$top/examples"
out="$top/demo-out"
mkdir -p "$out"
cd "$top"
export CUSTKIT_FACTS="$out/facts.jsonl"
rm -f "$CUSTKIT_FACTS"

echo "== import: a GB18030 CSV saved by Excel, and an English CSV"
"$ck" import "$ex/customers_zh_gbk.csv" -o "$out/customers_zh.csv"
echo "   $ex/customers_zh_gbk.csv -> $out/customers_zh.csv ($(($(wc -l <"$out/customers_zh.csv") - 1)) records)"
"$ck" import "$ex/customers_en.csv" -o "$out/customers_en.csv"
echo "   $ex/customers_en.csv -> $out/customers_en.csv"
