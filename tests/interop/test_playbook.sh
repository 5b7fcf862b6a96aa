#!/bin/sh
# test_playbook.sh — the segment playbook: segment's playbook column (the rule with this
# run's thresholds, then the action) for every built-in model in both languages, its override
# by `playbook SEGMENT = "text"` in a rules file, and export's summary column and the line
# above each segment sheet, read back by openpyxl.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
PY=/usr/bin/python3
need_openpyxl

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

# summary SEGMENTED.xlsx: "segment<TAB>text" per summary row, the heading first
summary() {
    "$PY" - "$1" <<'PYEOF'
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1]).worksheets[0]
heads = [c.value for c in ws[3]]
col = next((i for i, h in enumerate(heads) if h in ("说明与建议", "Meaning and suggested action")), None)
print("heading:%s" % (heads[col] if col is not None else "-"))
for row in ws.iter_rows(min_row=4, values_only=True):
    if row[0] in ("Total", "合计"):
        break
    print("%s\t%s" % (row[0], row[col] if col is not None else "-"))
PYEOF
}
# sheet SEGMENTED.xlsx NAME: the sheet's top line, the header's first cells, freeze, filter
sheet() {
    "$PY" - "$1" "$2" <<'PYEOF'
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])[sys.argv[2]]
print("A1=%s" % ws.cell(1, 1).value)
print("row2=%s" % ",".join(str(c.value) for c in ws[2][:2]))
print("freeze=%s filter=%s rows=%d" % (ws.freeze_panes, ws.auto_filter.ref, ws.max_row))
PYEOF
}
seg() { ck segment -q --as-of 2026-09-30 "$@"; }
line() { grep -F "$1	" "$2" | cut -f2; }

# ---- every built-in model, both languages: the column, then the summary ----
for lang in en zh; do
    for m in value rfm rfm8 lifecycle; do
        seg --lang $lang --by $m "$T/small.csv" >"$T/$m.$lang.csv" &&
            ck export -q --lang $lang --as-of 2026-09-30 -o "$T/$m.$lang.xlsx" "$T/$m.$lang.csv" &&
            summary "$T/$m.$lang.xlsx" >"$T/$m.$lang.sum" ||
            not_ok "$m $lang: segment | export ran"
    done
done
expect_eq "en heading" "$(head -1 "$T/rfm.en.sum")" "heading:Meaning and suggested action"
expect_eq "zh heading" "$(head -1 "$T/rfm.zh.sum")" "heading:说明与建议"
# every segment of every model has a text, and it is the one in segment's column
for lang in en zh; do
    for m in value rfm rfm8 lifecycle; do
        "$PY" - "$T/$m.$lang.csv" "$T/$m.$lang.sum" <<'PYEOF' >"$T/agree" 2>&1
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
h = rows[0]
s = h.index("segment" if "segment" in h else "分层")
p = h.index("playbook" if "playbook" in h else "说明与建议")
want = {}
for r in rows[1:]:
    want.setdefault(r[s], r[p])
got = dict(l.rstrip("\n").split("\t", 1) for l in open(sys.argv[2], encoding="utf-8")
           if "\t" in l)
bad = [(k, got.get(k), v) for k, v in want.items() if not v or got.get(k) != v]
print("ok" if not bad and len(got) == len(want) else bad)
PYEOF
        expect_eq "$m $lang: one text per segment, the summary shows segment's" "$(cat "$T/agree")" ok
    done
done

# the texts: the rule with this run's thresholds, then the action drawn from the playbook
expect_eq "rfm en Champions" "$(line Champions "$T/rfm.en.sum")" \
    "RFM quintile scores (5 best) within R4–5, F4–5, M4–5. Suggested: VIP service and early access to new products; ask for referrals"
expect_eq "rfm zh 冠军客户" "$(line 冠军客户 "$T/rfm.zh.sum")" \
    "RFM 五分位得分（5 最好）落在 R4–5、F4–5、M4–5 之内的组合；建议：VIP 专属服务与新品优先体验，邀请推荐新客户"
expect_eq "rfm zh 高风险客户: win back" "$(line 高风险客户 "$T/rfm.zh.sum")" \
    "RFM 五分位得分（5 最好）落在 R1–2、F2–5、M2–5 之内的组合；建议：个性化关怀与挽回优惠，了解原因"
# rfm8: the means of the 5 scored customers (recency 5, 91, 60, 623, 211 days → 198; orders
# 12, 5, 1, 2, 7 → 5.4; amount 52000, 12000, 800, 3000, 26000 → 18760)
expect_eq "rfm8 zh 重要价值客户: the run's means" "$(line 重要价值客户 "$T/rfm8.zh.sum")" \
    "最近购买距今少于平均 198 天，购买次数高于平均 5.4 次，消费金额高于平均 18760；建议：重点维护，VIP 专属服务与专属优惠"
expect_eq "rfm8 en Important retention" "$(line "Important retention" "$T/rfm8.en.sum")" \
    "Last purchase at least the mean of 198 days ago, orders above the mean of 5.4, amount above the mean of 18760. Suggested: reach out and care for them before they leave"
# value, --top 20,30: the breaks at the 80th and 50th percentiles of 52000 26000 12000 3000 800
expect_eq "value zh 高价值" "$(line 高价值 "$T/value.zh.sum")" \
    "消费金额在前 20%（高于 31200）；建议：重点维护，VIP 专属服务"
expect_eq "value en Mid value" "$(line "Mid value" "$T/value.en.sum")" \
    "Amount between the top 20% and 50% (above 12000, up to 31200). Suggested: upgrades and added-value services to raise their value"
expect_eq "lifecycle zh 沉睡客户" "$(line 沉睡客户 "$T/lifecycle.zh.sum")" \
    "非新客户，最近一次购买在 91–180 天前；建议：唤醒优惠与关怀，防止流失"
expect_eq "zh 潜在客户: nurture" "$(line 潜在客户 "$T/lifecycle.zh.sum")" \
    "尚无购买记录；建议：首单优惠与内容培育，促成第一次购买"

# ---- thresholds given as options are the ones the texts state ----
seg --lang zh --by lifecycle --new-days 60 --windows 60,120 "$T/small.csv" >"$T/lc.csv"
ck export -q -o "$T/lc.xlsx" "$T/lc.csv" && summary "$T/lc.xlsx" >"$T/lc.sum"
expect_eq "--new-days 60: 新客户" "$(line 新客户 "$T/lc.sum")" \
    "首次购买在最近 60 天内；建议：新客欢迎与售后关怀，培育复购"
expect_eq "--windows 60,120: 流失客户" "$(line 流失客户 "$T/lc.sum")" \
    "非新客户，超过 120 天没有购买；建议：挽回优惠，无回应则减少投入"
seg --lang en --by value --top 10,40 "$T/small.csv" >"$T/top.csv"
ck export -q -o "$T/top.xlsx" "$T/top.csv" && summary "$T/top.xlsx" >"$T/top.sum"
expect_grep "--top 10,40: the top tier states 10%" "High value	Amount in the top 10% (above" "$T/top.sum"
expect_grep "--top 10,40: the last tier states the bottom 50%" \
    "Low value	Every other buying customer: amount in the bottom 50% (up to" "$T/top.sum"
seg --lang zh --by value --tiers '大客户>=20000,中客户>=5000,小客户' "$T/small.csv" >"$T/tiers.csv"
ck export -q -o "$T/tiers.xlsx" "$T/tiers.csv" && summary "$T/tiers.xlsx" >"$T/tiers.sum"
expect_eq "--tiers: 大客户" "$(line 大客户 "$T/tiers.sum")" "消费金额 ≥ 20000；建议：重点维护，VIP 专属服务"
expect_eq "--tiers: 中客户" "$(line 中客户 "$T/tiers.sum")" \
    "消费金额 ≥ 5000 且 < 20000；建议：产品升级与增值服务，提高价值"
expect_eq "--tiers: 小客户" "$(line 小客户 "$T/tiers.sum")" \
    "消费金额 < 5000；建议：控制服务成本，促销提高单客利润"

# ---- each segment sheet: the line above the table, frozen with the header ----
sheet "$T/rfm.zh.xlsx" 冠军客户 >"$T/sheet"
expect_eq "segment sheet: its line, then the header, frozen below both, filter on the table" \
    "$(cat "$T/sheet")" "A1=$(line 冠军客户 "$T/rfm.zh.sum")
row2=id,name
freeze=A3 filter=A2:N3 rows=3"
CUSTKIT_XLSX_WRITER=libxlsxwriter ck export -q -o "$T/lxw.xlsx" "$T/rfm.zh.csv"
sheet "$T/lxw.xlsx" 冠军客户 >"$T/sheet2"
expect_file_eq "libxlsxwriter's own row writer: the same sheet" "$T/sheet2" "$T/sheet"
"$PY" - "$T/rfm.zh.xlsx" >"$T/hdr" <<'PYEOF'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
print(any(c.value == "说明与建议" for ws in wb.worksheets[1:] for row in ws.iter_rows(max_row=2)
          for c in row))
PYEOF
expect_eq "the column itself is not repeated in the sheets" "$(cat "$T/hdr")" False

# ---- override from the rules file ----
cat >"$T/team.rules" <<'EOF'
# the team's playbook, beside its tags
playbook 冠军客户 = "店长亲自致电，赠送新品礼盒"
playbook "高风险客户" = "本周内回访" # a comment
playbook Champions = "not this model's language: unused"
[客户等级]
VIP = amount > 10000
EOF
seg --lang zh --by rfm -r "$T/team.rules" "$T/small.csv" >"$T/over.csv"
ck export -q -o "$T/over.xlsx" "$T/over.csv" && summary "$T/over.xlsx" >"$T/over.sum"
expect_eq "rules file: 冠军客户 replaced" "$(line 冠军客户 "$T/over.sum")" "店长亲自致电，赠送新品礼盒"
expect_eq "rules file: quoted name" "$(line 高风险客户 "$T/over.sum")" "本周内回访"
expect_eq "rules file: segments it does not name keep the built-in text" \
    "$(line 潜力客户 "$T/over.sum")" "$(line 潜力客户 "$T/rfm.zh.sum")"
sheet "$T/over.xlsx" 冠军客户 >"$T/sheet"
expect_grep "rules file: the sheet's line too" "A1=店长亲自致电，赠送新品礼盒" "$T/sheet"
ck tag -q -r "$T/team.rules" "$T/small.csv" >"$T/tagged.csv"
expect_eq "tag reads the same file, playbook lines aside" "$(head -2 "$T/tagged.csv" | cut -d, -f10)" \
    "客户等级
VIP"
printf 'playbook 冠军客户 = 没有引号\n' >"$T/bad.rules"
expect_exit "playbook text not a string (exit 2)" 2 ck segment --by rfm -r "$T/bad.rules" "$T/small.csv"
expect_grep "the error names file, line and column" "bad.rules:1:" "$T/err"
printf '[g]\nA = true\nplaybook X = "a"\nplaybook X = "b"\n' >"$T/dup.rules"
expect_exit "tag: a duplicate playbook statement (exit 2)" 2 ck tag -r "$T/dup.rules" "$T/small.csv"
expect_grep "duplicate named with its first line" "dup.rules:4:.*first at line 3" "$T/err"
printf '[g]\nplaybook = true\n' >"$T/tagname.rules"
ck tag -q -r "$T/tagname.rules" "$T/small.csv" >"$T/out" 2>"$T/err"
expect_eq "a tag named playbook stays a rule" "$(sed -n 2p "$T/out" | cut -d, -f10)" playbook
# the column model: a column only when the rules file gives one of its groups a text
printf 'playbook 华东 = "区域经理跟进"\n' >"$T/region.rules"
printf 'id,region,amount\n1,华东,10\n2,华南,20\n' >"$T/reg.csv"
seg --by region "$T/reg.csv" >"$T/out"
expect_eq "--by COLUMN: no playbook column" "$(head -1 "$T/out")" "id,region,amount,segment,segment_rank"
seg --by region -r "$T/region.rules" "$T/reg.csv" >"$T/out"
expect_eq "--by COLUMN with texts: the column" "$(cut -d, -f4,6 "$T/out" | tr '\n' ' ')" \
    "segment,playbook 华东,区域经理跟进 华南, "

# ---- a table without segments: no such column, sheets as before ----
ck export -q -o "$T/plain.xlsx" "$T/small.csv" && summary "$T/plain.xlsx" >"$T/plain.sum"
expect_eq "no segments: no playbook column" "$(head -1 "$T/plain.sum")" "heading:-"
"$PY" - "$T/plain.xlsx" >"$T/plain.sheet" <<'PYEOF'
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1]).worksheets[1]
print(ws.cell(1, 1).value, ws.freeze_panes, ws.auto_filter.ref)
PYEOF
expect_eq "no segments: header on row 1, frozen below it" "$(cat "$T/plain.sheet")" "id A2 A1:I8"
# sheets by another column: the playbook is not theirs, so it stays an ordinary column
ck export -q --by name -o "$T/byname.xlsx" "$T/rfm.en.csv" && summary "$T/byname.xlsx" >"$T/byname.sum"
expect_eq "--by another column: no playbook on the summary" "$(head -1 "$T/byname.sum")" "heading:-"
