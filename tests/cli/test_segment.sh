#!/bin/sh
# test_segment.sh — custkit segment end to end: every option, golden outputs on a small table,
# and an independent Python recomputation (segment_check.py) on the examples' pipeline.
. "$(dirname "$0")/../lib.sh"
export CUSTKIT_TODAY=2026-11-29
here=$(cd "$(dirname "$0")" && pwd)
check() { /usr/bin/python3 "$here/segment_check.py" "$@"; }

# expect_check NAME args...: the recomputation agrees field by field
expect_check() {
    name=$1; shift
    if check "$@" >"$T/check" 2>&1; then ok "$name: $(cat "$T/check")"; else
        not_ok "$name" "$(head -5 "$T/check")"; fi
}

# A small table, hand-checkable: purchase columns, a problems column, one prospect.
cat >"$T/small.csv" <<'EOF'
id,name,phone,email,first_purchase,last_purchase,orders,amount,_problems
C1,Ann,13800000001,ann@x.com,2026-01-10,2026-09-25,12,52000,
C2,Bob,13800000002,,2025-03-01,2026-07-01,5,12000,
C3,Cat,,cat@x.com,2026-08-01,2026-08-01,1,800,
C4,Dan,13800000004,,2024-01-01,2025-01-15,2,3000,outlier
C5,Eve,,eve@x.com,,,0,0,
C6,Fay,13800000006,,2025-06-01,2026-09-01,3,4000,bad email
C7,Gus,13800000007,,2025-02-01,2026-03-03,7,26000,
EOF

# ---- golden outputs on the small table ----
ck segment --by rfm --as-of 2026-09-30 "$T/small.csv" >"$T/out" 2>"$T/err"
expect_golden segment_small_rfm.csv "$T/out"
expect_golden segment_small_rfm.err "$T/err"
expect_check "small rfm recomputed" rfm "$T/out" --as-of 2026-09-30
ck segment -q --as-of 2026-09-30 "$T/small.csv" >"$T/out"
expect_golden segment_small_value.csv "$T/out"
expect_check "small value recomputed" value "$T/out" --as-of 2026-09-30
ck segment -q --by rfm8 --as-of 2026-09-30 "$T/small.csv" >"$T/out"
expect_golden segment_small_rfm8.csv "$T/out"
expect_check "small rfm8 recomputed" rfm8 "$T/out" --as-of 2026-09-30
ck segment -q --by lifecycle --as-of 2026-09-30 "$T/small.csv" >"$T/out"
expect_golden segment_small_lifecycle.csv "$T/out"
expect_check "small lifecycle recomputed" lifecycle "$T/out" --as-of 2026-09-30

# every row gets a segment; prospects and errors go to their own tiers
ck segment -q --by rfm --as-of 2026-09-30 "$T/small.csv" >"$T/out"
expect_eq "prospect row" "$(grep '^C5,' "$T/out" | cut -d, -f10,11)" "Prospects,12"
expect_eq "row with an error → Needs review" "$(grep '^C6,' "$T/out" | cut -d, -f10-15)" \
    "Needs review,13,,,,"
expect_eq "a warning does not send to review" "$(grep '^C4,' "$T/out" | cut -d, -f10)" "Hibernating"
expect_grep "prospects counted on stderr" "1 without purchases → Prospects" "$T/err"
expect_grep "errors counted on stderr" "1 with errors from clean → Needs review" "$T/err"
expect_grep "per-segment summary" "$(printf '12\tProspects\t1\t14.3%%')" "$T/err"

# ---- --as-of ----
ck segment -q --by rfm --as-of quarter-end "$T/small.csv" >"$T/qe"
ck segment -q --by rfm --as-of 2026-09-30 "$T/small.csv" >"$T/d"
expect_file_eq "--as-of quarter-end on 2026-11-29 is 2026-09-30" "$T/qe" "$T/d"
ck segment -q --by lifecycle --as-of today "$T/small.csv" >"$T/today"
ck segment -q --by lifecycle --as-of 2026-11-29 "$T/small.csv" >"$T/d"
expect_file_eq "--as-of today reads CUSTKIT_TODAY" "$T/today" "$T/d"
ck segment -q --by lifecycle "$T/small.csv" >"$T/default"
expect_file_eq "--as-of defaults to today" "$T/default" "$T/d"
CUSTKIT_TODAY=2027-02-15 ck segment -q --by lifecycle --as-of quarter-end "$T/small.csv" >"$T/qe"
ck segment -q --by lifecycle --as-of 2026-12-31 "$T/small.csv" >"$T/d"
expect_file_eq "--as-of quarter-end in Q1 is the last 31 December" "$T/qe" "$T/d"
expect_exit "--as-of must be a date" 2 ck segment --as-of 2026-13-01 "$T/small.csv"

# ---- options of the value model ----
ck segment -q --tiers "高价值>=5万,中价值>=10000，低价值" "$T/small.csv" >"$T/out"
expect_eq "--tiers thresholds (5万 = 50000)" "$(cut -d, -f1,10 "$T/out" | tr '\n' ' ')" \
    "id,segment C1,高价值 C2,中价值 C3,低价值 C4,低价值 C5,Prospects C6,Needs review C7,中价值 "
ck segment -q --top 20 "$T/small.csv" >"$T/out"
expect_eq "--top 20: two tiers" "$(cut -d, -f10 "$T/out" | sort | uniq -c | awk '{$1 = $1}; 1' |
    tr '\n' ' ')" "1 High value 4 Low value 1 Needs review 1 Prospects 1 segment "
expect_exit "--top and --tiers together" 2 ck segment --top 20 --tiers "A>=1,B" "$T/small.csv"
expect_exit "--top sum must stay below 100" 2 ck segment --top 60,40 "$T/small.csv"
expect_grep "--top message" "less than 100" "$T/err"
expect_exit "--tiers thresholds must decrease" 2 ck segment --tiers "A>=1,B>=5,C" "$T/small.csv"
expect_exit "--tiers last tier has no threshold" 2 ck segment --tiers "A>=5,B>=1" "$T/small.csv"
expect_exit "--top only with --by value" 2 ck segment --by rfm --top 20,30 "$T/small.csv"
expect_grep "model option message" "applies to --by value" "$T/err"

# ---- options of the lifecycle model ----
ck segment -q --by lifecycle --as-of 2026-09-30 --new-days 0 --windows 30,60 "$T/small.csv" >"$T/out"
expect_eq "--new-days 0 --windows 30,60" "$(cut -d, -f10 "$T/out" | tr '\n' ' ')" \
    "segment Active Lost Dormant Lost Prospects Needs review Lost "
expect_check "lifecycle windows recomputed" lifecycle "$T/out" --as-of 2026-09-30 --new-days 0 \
    --windows 30,60
expect_exit "--windows must increase" 2 ck segment --by lifecycle --windows 180,90 "$T/small.csv"
expect_exit "--new-days takes days" 2 ck segment --by lifecycle --new-days soon "$T/small.csv"
expect_exit "--windows only with lifecycle" 2 ck segment --by rfm --windows 30,60 "$T/small.csv"

# ---- --by COLUMN ----
printf 'name,region,amount\nA,华东,1\nB,华南,2\nC,,3\nD,华南,4\nE,华北,5\nF,华南,0\nG,华东,6\n' \
    >"$T/regions.csv"
ck segment -q --by region "$T/regions.csv" >"$T/out"
expect_golden segment_by_column.csv "$T/out"
ck segment -q --by REGION "$T/regions.csv" >"$T/out2"
expect_file_eq "--by matches a header ignoring case" "$T/out2" "$T/out"
printf '省份,金额\n广东,1\n浙江,2\n浙江,3\n' >"$T/p.csv"
ck segment -q --by province "$T/p.csv" >"$T/out"
expect_eq "--by a role name, Chinese names" "$(cut -d, -f3,4 "$T/out" | tr '\n' ' ')" \
    "分层,分层序号 广东,2 浙江,1 浙江,1 "
seq 1 100 | awk 'BEGIN { print "name,code,amount" } { print "n" $1 ",c" $1 % 60 "," $1 }' >"$T/many.csv"
rm -f "$T/facts"
CUSTKIT_FACTS="$T/facts" ck segment --by code "$T/many.csv" >"$T/out" 2>"$T/err"
expect_grep "many groups: the summary lists the first 40" "(20 more segments)" "$T/err"
expect_grep "many groups: Needs review still listed" "$(printf '62\tNeeds review')" "$T/err"
expect_eq "many groups: ranked by count, then first seen" \
    "$(awk -F, '$1 == "n1" || $1 == "n40" || $1 == "n41" || $1 == "n60" { print $4 "=" $5 }' "$T/out" |
    tr '\n' ' ')" "c1=1 c40=40 c41=41 c0=60 "
expect_grep "many groups: facts hold every count" '"c0":1,"Prospects":0' "$T/facts"
expect_exit "--by an unknown column" 2 ck segment --by nosuch "$T/small.csv"
expect_grep "unknown column message lists headers" "first_purchase, last_purchase" "$T/err"

# ---- zero customers: the header with the added columns ----
printf 'id,last_purchase,orders,amount\n' >"$T/none.csv"
ck segment --by rfm "$T/none.csv" >"$T/out" 2>"$T/err"
expect_eq "zero customers" "$(cat "$T/out")" "id,last_purchase,orders,amount,segment,segment_rank,RFM,R score,F score,M score,playbook"
expect_grep "zero customers summary" "0 customers, 0 scored" "$T/err"
: >"$T/empty.csv"
expect_exit "an empty file is malformed input" 3 ck segment "$T/empty.csv"

# ---- missing purchase columns: exit 2 naming them ----
printf 'name,amount\nA,10\n' >"$T/bare.csv"
expect_exit "rfm without last_purchase and orders" 2 ck segment --by rfm "$T/bare.csv"
expect_grep "missing columns named" "last_purchase, orders" "$T/err"
expect_exit "lifecycle without dates" 2 ck segment --by lifecycle "$T/bare.csv"
expect_grep "lifecycle columns named" "first_purchase, last_purchase" "$T/err"
expect_exit "value needs only amount" 0 ck segment "$T/bare.csv"
printf 'name,spent\nA,10\nB,20\n' >"$T/col.csv"
expect_exit "value without amount" 2 ck segment "$T/col.csv"
ck segment -q --col amount=spent "$T/col.csv" >"$T/out"
expect_eq "--col names the amount column" "$(cut -d, -f3 "$T/out" | tr '\n' ' ')" \
    "segment Low value High value "

# ---- output, language, replaced columns, facts ----
ck segment -q --by rfm --as-of 2026-09-30 -o "$T/o.csv" "$T/small.csv" >"$T/stdout"
ck segment -q --by rfm --as-of 2026-09-30 "$T/small.csv" >"$T/d"
expect_file_eq "-o writes the file" "$T/o.csv" "$T/d"
expect_eq "-o leaves stdout empty" "$(wc -c <"$T/stdout" | tr -d ' ')" 0
ck segment -q --by rfm --as-of 2026-09-30 "$T/small.csv" 2>"$T/err" >/dev/null
expect_eq "-q is quiet" "$(wc -c <"$T/err" | tr -d ' ')" 0
ck segment -q --lang zh --by rfm --as-of 2026-09-30 "$T/small.csv" >"$T/out"
expect_eq "--lang zh names" "$(head -2 "$T/out" | cut -d, -f10-15 | tr '\n' ' ')" \
    "分层,分层序号,RFM,R分,F分,M分 冠军客户,1,555,5,5,5 "
ck segment --by rfm --as-of 2026-09-30 "$T/d" >"$T/again" 2>"$T/err"
expect_file_eq "existing columns are replaced in place" "$T/again" "$T/d"
expect_grep "replacement is said" "replacing the table's own 'segment' column" "$T/err"
rm -f "$T/facts"
CUSTKIT_FACTS="$T/facts" ck segment -q --by rfm --as-of 2026-09-30 "$T/small.csv" >/dev/null
expect_grep "facts line" '"command":"segment"' "$T/facts"
expect_grep "facts: model and counts" '"model":"rfm","as_of":"2026-09-30","read":7,"scored":5,"prospects":1,"review":1' "$T/facts"
expect_grep "facts: segment counts" '"Prospects":1' "$T/facts"
ck segment -q --by rfm --as-of 2026-09-30 <"$T/small.csv" >"$T/stdin"
expect_file_eq "reads standard input" "$T/stdin" "$T/d"
# Rows are spooled as canonical CSV and the new columns appended; a table that already has
# them goes field by field. Quotes, commas, line ends and short rows come out the same way.
cat >"$T/odd.csv" <<'EOF'
id,name,phone,email,first_purchase,last_purchase,orders,amount,_problems
C1,"Ann, ""the boss""",13800000001,ann@x.com,2026-01-10,2026-09-25,12,52000,
C2,"two
lines",13800000002,,2025-03-01,2026-07-01,5,12000,
C3,,,cat@x.com,2026-08-01,2026-08-01,1,800
EOF
ck segment -q --by rfm --as-of 2026-09-30 "$T/odd.csv" >"$T/odd1.csv"
ck segment -q --by rfm --as-of 2026-09-30 "$T/odd1.csv" >"$T/odd2.csv"
expect_file_eq "quoted fields: spooled rows equal the field-by-field path" "$T/odd2.csv" "$T/odd1.csv"
expect_eq "quoted fields kept canonical" "$(sed -n 2p "$T/odd1.csv" | cut -c1-25)" 'C1,"Ann, ""the boss""",13'
CUSTKIT_THREADS=1 ck segment -q --by rfm --as-of 2026-09-30 "$T/odd.csv" >"$T/odd3.csv"
expect_file_eq "CUSTKIT_THREADS=1: the same output" "$T/odd3.csv" "$T/odd1.csv"
TMPDIR="$T/none" ck segment -q --by rfm --as-of 2026-09-30 "$T/small.csv" >/dev/null 2>"$T/err"
expect_eq "no temporary directory: exit 4" "$?" 4
expect_grep "no temporary directory: the message names it" "none/custkit-rows" "$T/err"
expect_exit "one input at most" 2 ck segment "$T/small.csv" "$T/small.csv"
expect_exit "unreadable input" 3 ck segment "$T/nonexistent.csv"
expect_exit "unknown option" 2 ck segment --frobnicate "$T/small.csv"
expect_exit "-o into a missing directory" 4 ck segment -q -o "$T/no/such/dir/x.csv" "$T/small.csv"
CUSTKIT_MANDIR="$top/man" ck segment --help >"$T/help" 2>&1
expect_grep "--help shows the page" "quarter-end" "$T/help"
expect_check "the man page prints the 125-code table" mantable "$top/man/custkit-segment.1"

# ---- --compare on hand-made runs ----
ck segment -q --by rfm --as-of 2026-06-30 "$T/small.csv" >"$T/prev.csv"
{ head -1 "$T/small.csv"; sed -n '2,4p' "$T/small.csv" | sed 's/^C2,/X2,/'; \
  echo 'C9,New,13800000009,,2026-09-01,2026-09-20,1,100,'; \
  echo ',Cat again,,CAT@X.COM,2026-08-01,2026-09-28,2,900,'; } >"$T/cur.csv"
ck segment --by rfm --as-of 2026-09-30 --compare "$T/prev.csv" --lost "$T/lost.csv" "$T/cur.csv" \
    >"$T/out" 2>"$T/err"
expect_golden segment_compare_small.csv "$T/out"
expect_golden segment_compare_lost.csv "$T/lost.csv"
expect_check "small --compare recomputed" compare "$T/out" "$T/prev.csv" "$T/lost.csv"
expect_grep "movement counts on stderr" "disappeared, written to" "$T/err"
cut -d, -f1-10 "$T/prev.csv" >"$T/prev_norank.csv"
ck segment -q --by rfm --as-of 2026-09-30 --compare "$T/prev_norank.csv" "$T/cur.csv" >"$T/out2"
expect_file_eq "without segment_rank the previous segment's place is used" "$T/out2" "$T/out"
sed 's/,Champions$/,Somebody/' "$T/prev_norank.csv" >"$T/prev_odd.csv"
expect_exit "a previous segment that is not a tier, without ranks" 2 \
    ck segment --by rfm --compare "$T/prev_odd.csv" "$T/cur.csv"
expect_grep "names the line and segment" "prev_odd.csv:2: segment 'Somebody'" "$T/err"
ck segment -q --by rfm --as-of 2026-09-30 --compare "$T/prev.csv" --lost "$T/nolost.csv" \
    "$T/small.csv" >/dev/null
expect_eq "--lost with nobody gone is the header alone" "$(cat "$T/nolost.csv")" "$(head -1 "$T/prev.csv")"
expect_exit "--compare - is refused" 2 ck segment --compare - "$T/small.csv"
expect_exit "--lost needs --compare" 2 ck segment --lost "$T/x.csv" "$T/small.csv"
expect_exit "--compare with a table that is not a segment output" 2 \
    ck segment --compare "$T/small.csv" "$T/small.csv"
expect_grep "--compare message" "no 分层/segment column" "$T/err"

# ---- the examples: import | clean --orders | segment, recomputed independently ----
if ck import "$ex/customers_zh_gbk.csv" 2>/dev/null | ck clean -q --orders "$ex/orders.csv" \
    >"$T/zh.csv" 2>"$T/clean.err"; then
    ok "pipeline on the examples"
else
    not_ok "pipeline on the examples" "$(head -3 "$T/clean.err")"
fi
ck segment --by rfm --as-of 2026-09-30 "$T/zh.csv" >"$T/rfm.csv" 2>"$T/err"
expect_check "examples rfm recomputed" rfm "$T/rfm.csv" --as-of 2026-09-30
expect_eq "every customer has a segment" "$(/usr/bin/python3 -c '
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
inp = list(csv.reader(open(sys.argv[2], encoding="utf-8")))
i = rows[0].index("分层")
print(sum(1 for r in rows[1:] if not r[i]), len(rows) == len(inp))' "$T/rfm.csv" "$T/zh.csv")" "0 True"
expect_grep "summary names 冠军客户" "冠军客户" "$T/err"
ck segment -q --by rfm8 --as-of 2026-09-30 "$T/zh.csv" >"$T/out"
expect_check "examples rfm8 recomputed" rfm8 "$T/out" --as-of 2026-09-30
ck segment -q --as-of 2026-09-30 "$T/zh.csv" >"$T/out"
expect_check "examples value --top 20,30 recomputed" value "$T/out" --as-of 2026-09-30
ck segment -q --top 10,20,30 "$T/zh.csv" >"$T/out"
expect_check "examples value --top 10,20,30 recomputed" value "$T/out" --as-of 2026-09-30 \
    --top 10,20,30
ck segment -q --tiers "高价值>=50000,中价值>=10000,低价值" "$T/zh.csv" >"$T/out"
expect_check "examples --tiers recomputed" value "$T/out" --as-of 2026-09-30 \
    --tiers "高价值>=50000,中价值>=10000,低价值"
ck segment -q --by lifecycle --as-of 2026-09-30 "$T/zh.csv" >"$T/out"
expect_check "examples lifecycle recomputed" lifecycle "$T/out" --as-of 2026-09-30
# the recomputation itself can fail: a changed segment is caught
sed '2s/,冠军客户,1,/,忠诚客户,2,/; 2s/,忠诚客户,2,/,冠军客户,1,/' "$T/rfm.csv" >"$T/bad.csv"
if check rfm "$T/bad.csv" --as-of 2026-09-30 >/dev/null 2>&1; then
    not_ok "the recomputation catches a wrong segment"
else ok "the recomputation catches a wrong segment"; fi

if ck import "$ex/customers_en.csv" 2>/dev/null | ck clean -q --orders "$ex/orders_en.csv" \
    >"$T/en.csv" 2>/dev/null; then
    ck segment -q --by rfm --as-of 2026-09-30 "$T/en.csv" >"$T/out"
    expect_check "English examples rfm recomputed" rfm "$T/out" --as-of 2026-09-30
    expect_grep "English names" ",Champions,1," "$T/out"
else
    not_ok "English pipeline on the examples"
fi

# ---- --compare on two quarters of the examples ----
ck import "$ex/customers_zh_gbk.csv" 2>/dev/null |
    ck clean -q --as-of 2026-06-30 --orders "$ex/orders_q2.csv" 2>/dev/null |
    ck segment -q --by rfm --as-of 2026-06-30 >"$T/q2.csv"
expect_check "second quarter rfm recomputed" rfm "$T/q2.csv" --as-of 2026-06-30
head -n -3 "$T/zh.csv" >"$T/q3in.csv" # three customers leave
ck segment --by rfm --as-of 2026-09-30 --compare "$T/q2.csv" --lost "$T/q3lost.csv" \
    "$T/q3in.csv" >"$T/q3.csv" 2>"$T/err"
expect_check "q2 → q3 movements recomputed" compare "$T/q3.csv" "$T/q2.csv" "$T/q3lost.csv"
expect_eq "three disappeared" "$(($(wc -l <"$T/q3lost.csv") - 1))" 3
for m in 升级 降级 不变; do
    n=$(awk -F, -v m="$m" 'NR > 1 && $NF == m' "$T/q3.csv" | wc -l | tr -d ' ')
    expect_grep "stderr counts $m" "$n $m" "$T/err"
done
if [ "$(awk -F, 'NR > 1 && $NF == "升级"' "$T/q3.csv" | wc -l)" -gt 0 ] &&
    [ "$(awk -F, 'NR > 1 && $NF == "降级"' "$T/q3.csv" | wc -l)" -gt 0 ]; then
    ok "two quarters show movement both ways"
else not_ok "two quarters show movement both ways"; fi
