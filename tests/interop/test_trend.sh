#!/bin/sh
# test_trend.sh — export --history DIR: the 趋势 / Trend sheet read back by openpyxl
# (check_trend.py: counts, total and change formulas, chart ranges) and recalculated by
# LibreOffice; a missing quarter, the 8-quarter cap, both history layouts, Chinese labels, bad
# history files.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
here=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3
need_openpyxl
check() { "$PY" "$here/check_trend.py" "$@"; }
seg() { # seg FILE SEGMENT... : a segmented table, one customer per argument
    f=$1
    shift
    mkdir -p "$(dirname "$f")"
    echo "name,amount,segment" >"$f"
    i=0
    for s in "$@"; do
        i=$((i + 1))
        echo "c$i,$i,$s" >>"$f"
    done
}

# ---- a gap: 2025-Q4 is absent between 2025-Q3 and 2026-Q1; Lost exists only in the history,
# Sleeping only now; quarterly.sh's layout (DIR/YYYY-Qn/segments.csv) and a loose file
h=$T/hist
seg "$h/2025-Q2/segments.csv" VIP VIP Lost
seg "$h/2025-Q3/segments.csv" VIP New Lost Lost
seg "$h/2026Q1.csv" VIP VIP VIP
mkdir -p "$h/2025-Q4" "$h/failed" # a quarter without its table is a gap; others are ignored
echo "not a table" >"$h/audit.jsonl"
seg "$h/2026-Q2/segments.csv" VIP # an earlier run of the current quarter: not history
seg "$T/cur.csv" VIP New New Sleeping
expect_exit "export --history with a gap" 0 ck export --as-of 2026-06-30 --history "$h" \
    -o "$T/gap.xlsx" "$T/cur.csv"
cat >"$T/gap.json" <<'EOF'
{"quarters": ["2025-Q2", "2025-Q3", "2025-Q4 (no data)", "2026-Q1", "2026-Q2"],
 "counts": {"New": [0, 1, null, 0, 2], "VIP": [2, 1, null, 3, 1],
            "Sleeping": [0, 0, null, 0, 1], "Lost": [1, 2, null, 0, 0]},
 "diff_head": ["2025-Q2", "2025-Q3", "2025-Q4 (no data)", "2026-Q1 vs 2025-Q3", "2026-Q2"]}
EOF
expect_eq "Trend: counts, gap left empty, changes skip it, chart ranges" \
    "$(check "$T/gap.xlsx" Trend "$T/gap.json" 2>&1)" "ok"
"$PY" -c 'import openpyxl, sys; print(openpyxl.load_workbook(sys.argv[1]).sheetnames[-1])' \
    "$T/gap.xlsx" >"$T/last" 2>&1
expect_eq "the Trend sheet is the last one" "$(cat "$T/last")" "Trend"

# ---- the cap: ten earlier quarters, the report shows the current and the seven before it
c=$T/cap
for y in 2023 2024 2025 2026; do
    for q in 1 2 3 4; do
        k=$((y * 4 + q))
        [ "$k" -ge $((2023 * 4 + 4)) ] && [ "$k" -le $((2026 * 4 + 1)) ] || continue
        # one more VIP each quarter: the oldest shown quarter tells which were read
        set --
        i=0
        while [ "$i" -lt $((k - 2023 * 4)) ]; do set -- "$@" VIP; i=$((i + 1)); done
        seg "$c/$y-Q$q/segments.csv" "$@"
    done
done
expect_exit "export --history with ten earlier quarters" 0 ck export --as-of 2026-05-01 \
    --history "$c" -o "$T/cap.xlsx" "$T/cur.csv"
cat >"$T/cap.json" <<'EOF'
{"quarters": ["2024-Q3", "2024-Q4", "2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1",
              "2026-Q2"],
 "counts": {"New": [0, 0, 0, 0, 0, 0, 0, 2], "VIP": [7, 8, 9, 10, 11, 12, 13, 1],
            "Sleeping": [0, 0, 0, 0, 0, 0, 0, 1]}}
EOF
expect_eq "Trend: 8 quarters at most, the newest ones" \
    "$(check "$T/cap.xlsx" Trend "$T/cap.json" 2>&1)" "ok"

# ---- without --as-of the current table follows the newest quarter, labelled 本期 / Current
printf '客户编号,消费金额,分层\nA,1,高价值\nB,2,低价值\n' >"$T/zh.csv"
z=$T/zh
seg "$z/2025-Q4/segments.csv" 高价值 高价值
expect_exit "export --history, Chinese table, no --as-of" 0 ck export --history "$z" \
    -o "$T/zh.xlsx" "$T/zh.csv"
cat >"$T/zh.json" <<'EOF'
{"quarters": ["2025-Q4", "本期"], "counts": {"高价值": [2, 1], "低价值": [0, 1]}}
EOF
expect_eq "趋势 sheet in Chinese" "$(check "$T/zh.xlsx" 趋势 "$T/zh.json" 2>&1)" "ok"
"$PY" - "$T/zh.xlsx" >"$T/zhl" 2>&1 <<'PY'
import sys
from openpyxl import load_workbook
ws = load_workbook(sys.argv[1])["趋势"]
cells = [c for r in ws.iter_rows(values_only=True) for c in r if isinstance(c, str)]
print(all(any(w in c for c in cells) for w in ("趋势", "季度", "变化", "合计")))
PY
expect_eq "趋势 sheet labels: 趋势, 季度, 变化, 合计" "$(cat "$T/zhl")" "True"

# ---- nothing earlier: no sheet, a message; the report is the one without --history
mkdir -p "$T/empty"
expect_exit "export --history with no earlier quarter" 0 ck export --as-of 2026-06-30 \
    --history "$T/empty" -o "$T/none.xlsx" "$T/cur.csv"
expect_grep "says there is no trend" "no quarter before this one" "$T/err"
ck export --as-of 2026-06-30 -o "$T/plain.xlsx" "$T/cur.csv" 2>/dev/null
expect_file_eq "no earlier quarter: the same bytes as without --history" "$T/none.xlsx" \
    "$T/plain.xlsx"
expect_exit "history only at or after the current quarter" 0 ck export --as-of 2025-03-31 \
    --history "$h" -o "$T/none2.xlsx" "$T/cur.csv"
ck export --as-of 2025-03-31 -o "$T/plain2.xlsx" "$T/cur.csv" 2>/dev/null
expect_file_eq "later quarters are not history" "$T/none2.xlsx" "$T/plain2.xlsx"

# ---- bad history: an error naming the file (exit 3), the report not written
b=$T/bad
seg "$b/2026-Q1/segments.csv" VIP
printf 'name,amount\nx,1\n' >"$b/2025-Q4.csv"
expect_exit "history table without a segment column" 3 ck export --as-of 2026-06-30 \
    --history "$b" -o "$T/bad.xlsx" "$T/cur.csv"
expect_grep "the error names the file" "2025-Q4.csv: no segment column" "$T/err"
[ -e "$T/bad.xlsx" ] && not_ok "a report was written despite the bad history" ||
    ok "no report written"
printf 'name,amount,segment\nx,1,"open quote\n' >"$b/2025-Q4.csv"
expect_exit "malformed history table" 3 ck export --as-of 2026-06-30 --history "$b" \
    -o "$T/bad.xlsx" "$T/cur.csv"
expect_grep "the malformed file is named" "2025-Q4.csv" "$T/err"
# unreadable whoever runs the test (root reads a mode-000 file): a directory in its place
rm "$b/2025-Q4.csv"
mkdir -p "$b/2025-Q4/segments.csv"
expect_exit "unreadable history table" 3 ck export --as-of 2026-06-30 --history "$b" \
    -o "$T/bad.xlsx" "$T/cur.csv"
expect_grep "the unreadable file is named" "2025-Q4/segments.csv" "$T/err"
rm -r "$b/2025-Q4"
seg "$b/2026Q1.csv" VIP
expect_exit "two tables for one quarter" 2 ck export --as-of 2026-06-30 --history "$b" \
    -o "$T/bad.xlsx" "$T/cur.csv"
expect_grep "both are named" "two tables for quarter" "$T/err"
expect_exit "--history DIR that does not exist" 3 ck export --history "$T/nowhere" \
    -o "$T/bad.xlsx" "$T/cur.csv"
expect_grep "the directory is named" "nowhere" "$T/err"
printf 'name,amount\nx,1\n' >"$T/noseg.csv"
expect_exit "--history with a current table that has no segment column" 2 ck export \
    --history "$h" -o "$T/bad.xlsx" "$T/noseg.csv"
expect_exit "--history is for workbooks" 2 ck export --format csv --split "$T/split" \
    --history "$h" "$T/cur.csv"

# ---- LibreOffice recalculates the formulas on load (OOXMLRecalcMode always): its values
if command -v soffice >/dev/null 2>&1; then
    lo=$T/lo
    mkdir -p "$lo" "$T/lo-profile/user"
    cat >"$T/lo-profile/user/registrymodifications.xcu" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
EOF
    timeout 180 soffice "-env:UserInstallation=file://$T/lo-profile" --headless \
        --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1' \
        --outdir "$lo" "$T/gap.xlsx" "$T/cap.xlsx" >"$T/lo.out" 2>&1
    expect_eq "LibreOffice converts the trend workbooks" "$?" 0
    expect_eq "LibreOffice's values: gap, differences, % (no #DIV/0!)" \
        "$(check "$T/gap.xlsx" Trend "$T/gap.json" --lo "$lo/gap-Trend.csv" 2>&1)" "ok"
    expect_eq "LibreOffice's values: 8 quarters" \
        "$(check "$T/cap.xlsx" Trend "$T/cap.json" --lo "$lo/cap-Trend.csv" 2>&1)" "ok"
else
    skip "LibreOffice recalculates the Trend sheet" "soffice is not installed"
fi
