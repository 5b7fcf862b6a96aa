#!/bin/sh
# test_sheet_fold.sh — group values that differ only in case, in any script, are one sheet name
# to Excel: export must give them names that stay distinct under Unicode case folding, and
# every row must still land on exactly one sheet. Read back with openpyxl and Python's casefold.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
PY=/usr/bin/python3
need_openpyxl

# pairs: Cyrillic, Latin Extended-A, Greek, sharp s and its capital, final and medial sigma;
# the ASCII pair worked before and must keep working
cat >"$T/fold.csv" <<'EOF'
name,amount,group
r01,1,Клиенты
r02,2,клиенты
r03,3,Č
r04,4,č
r05,5,Ω
r06,6,ω
r07,7,ß
r08,8,ẞ
r09,9,ΟΔΟΣ
r10,10,οδος
r11,11,οδοσ
r12,12,Gold
r13,13,GOLD
r14,14,Клиенты
EOF

# check.py XLSX CSV: the sheet names as written in xl/workbook.xml (openpyxl would rename a
# duplicate while loading, hiding it), then each input row counted on the group sheets
cat >"$T/check.py" <<'EOF'
import collections, csv, sys, zipfile
import xml.etree.ElementTree as ET
import openpyxl
ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
with zipfile.ZipFile(sys.argv[1]) as z:
    root = ET.fromstring(z.read("xl/workbook.xml"))
names = [s.get("name") for s in root.iterfind("m:sheets/m:sheet", ns)]
folds = collections.Counter(n.casefold() for n in names)
print("same under casefold:", sorted(n for n in names if folds[n.casefold()] > 1))
wb = openpyxl.load_workbook(sys.argv[1])
print("openpyxl kept the names:", [ws.title for ws in wb.worksheets] == names)
seen = collections.Counter()
for ws in wb.worksheets[1:]:
    rows = list(ws.iter_rows(values_only=True))
    col = rows[0].index("name")
    seen.update(r[col] for r in rows[1:])
with open(sys.argv[2], newline="", encoding="utf-8") as f:
    want = [r["name"] for r in csv.DictReader(f)]
print("rows not on exactly one sheet:", sorted(n for n in want if seen[n] != 1))
print("rows on no input line:", sorted(set(seen) - set(want)))
print("group sheets:", len(wb.worksheets) - 1)
EOF

expect_exit "export --by a column whose values differ only in case" 0 \
    ck export --by group -o "$T/fold.xlsx" "$T/fold.csv"
"$PY" "$T/check.py" "$T/fold.xlsx" "$T/fold.csv" >"$T/check.out" 2>&1
expect_eq "sheet names distinct under casefold, each row on one sheet" "$(cat "$T/check.out")" \
"same under casefold: []
openpyxl kept the names: True
rows not on exactly one sheet: []
rows on no input line: []
group sheets: 13"

# the names themselves: the first spelling keeps the name, the next gets " (2)"
"$PY" - "$T/fold.xlsx" >"$T/names.out" <<'EOF'
import sys, openpyxl
print(" | ".join(ws.title for ws in openpyxl.load_workbook(sys.argv[1]).worksheets[1:]))
EOF
expect_eq "the second spelling of a name gets (2)" "$(cat "$T/names.out")" \
    "Клиенты | клиенты (2) | Č | č (2) | Ω | ω (2) | ß | ẞ (2) | ΟΔΟΣ | οδος (2) | οδοσ (3) | Gold | GOLD (2)"

# --split: the same names as file names, so a case-insensitive file system keeps them apart
expect_exit "export --format csv --split with the same values" 0 \
    ck export --format csv --split "$T/split" --by group "$T/fold.csv"
ls "$T/split" | "$PY" -c '
import collections, sys
names = [l.rstrip("\n") for l in sys.stdin]
c = collections.Counter(n.casefold() for n in names)
print(len(names), sorted(n for n in names if c[n.casefold()] > 1))' >"$T/split.out"
expect_eq "--split file names distinct under casefold" "$(cat "$T/split.out")" "13 []"
