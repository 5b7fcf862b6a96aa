#!/bin/sh
# examples/quarterly.sh over three quarters: the report gets a 趋势 sheet once an earlier
# quarter is kept, its columns the kept quarters' segments.csv counts, the current one last.
. "$(dirname "$0")/../lib.sh"
need_openpyxl
q="$ex/quarterly.sh"
r="$T/reports"
export CUSTKIT
cd "$T" || exit 1

CUSTKIT_TODAY=2026-08-15 sh "$q" -O "$ex/orders_q2.csv" -d "$r" -k 8 >out1 2>&1
expect_eq "2026-Q2: exit 0, silent" "$?:$(cat out1)" "0:"
CUSTKIT_TODAY=2026-11-29 sh "$q" -d "$r" -k 8 >out2 2>&1
expect_eq "2026-Q3: exit 0, silent" "$?:$(cat out2)" "0:"
CUSTKIT_TODAY=2027-01-10 sh "$q" -d "$r" -k 8 >out3 2>&1
expect_eq "2026-Q4: exit 0, silent" "$?:$(cat out3)" "0:"
# a rerun of 2026-Q4 does not count its own earlier run as history
CUSTKIT_TODAY=2027-01-11 sh "$q" -d "$r" -k 8 >out4 2>&1
expect_eq "2026-Q4 rerun: exit 0, silent" "$?:$(cat out4)" "0:"

/usr/bin/python3 - "$r" >check 2>&1 <<'PY'
import csv, os, sys
from collections import Counter
from openpyxl import load_workbook
root = sys.argv[1]

def counts(quarter):
    with open(os.path.join(root, quarter, "segments.csv"), encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    col = "分层" if "分层" in rows[0] else "segment"
    return Counter(r[col] for r in rows)

names = load_workbook(os.path.join(root, "2026-Q2", "report.xlsx"), read_only=True).sheetnames
assert "趋势" not in names, "2026-Q2 has no earlier quarter: %r" % names
for cur, quarters in (("2026-Q3", ["2026-Q2", "2026-Q3"]),
                      ("2026-Q4", ["2026-Q2", "2026-Q3", "2026-Q4"])):
    ws = load_workbook(os.path.join(root, cur, "report.xlsx"))["趋势"]
    rows = [r for r in ws.iter_rows(values_only=True)]
    assert list(rows[1][1:1 + len(quarters)]) == quarters, rows[1]
    assert len([h for h in rows[1] if h is not None]) == 1 + len(quarters), rows[1]
    want = {q: counts(q) for q in quarters}
    segs = set().union(*want.values())
    got = {}
    for r in rows[2:]:
        if r[0] in ("合计", None):
            break
        got[r[0]] = list(r[1:1 + len(quarters)])
    assert set(got) == {s or "(空)" for s in segs}, (got, segs)
    for s in segs:
        assert got[s or "(空)"] == [want[q][s] for q in quarters], (cur, s, got[s], want)
    assert sum(want[cur].values()) > 0
print("ok")
PY
expect_eq "趋势 in 2026-Q3 and 2026-Q4: the kept quarters' counts, the current last" \
    "$(cat check)" "ok"
expect_eq "quarter directories kept" "$(cd "$r" && ls -d 2026-Q*)" "2026-Q2
2026-Q3
2026-Q4"
