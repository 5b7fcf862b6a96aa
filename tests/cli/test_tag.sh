#!/bin/sh
# Tests of `custkit tag`: every option, rules errors (exit 2, one line, no output), --builtin,
# the golden output of examples/tags.rules on the examples and an independent Python check.
. "$(dirname "$0")/../lib.sh"
py=/usr/bin/python3
[ -x "$py" ] || py=python3

# ---------- a small table of our own ----------
cat >"$T/t.csv" <<'EOF'
客户编号,姓名,省份,城市,出生日期,最近购买日期,购买次数,消费金额,备注
C1,张三,广东省,深圳市,1990-10-01,2026-09-20,12,60000,VIP 老客户
C2,李四,Zhejiang,杭州,2001-05-05,2026-01-15,3,8000,
C3,王五,,,,,,,
C4,赵六,火星,成都市,1950-01-01,2025-01-01,很多,¥1.2万,对售后不满意
EOF
cat >"$T/a.rules" <<'EOF'
# purchase behaviour
[频次]
高频 = orders >= 10
低频 = orders >= 1      # first match wins

[价值]*
高 = amount >= 5万
有备注 = notes is not empty
沉睡 = days_since(last_purchase) > 180
EOF

expect_exit "tag a small table" 0 ck tag -q -r "$T/a.rules" --as-of 2026-09-30 "$T/t.csv"
cat >"$T/want" <<'EOF'
客户编号,姓名,省份,城市,出生日期,最近购买日期,购买次数,消费金额,备注,频次,价值
C1,张三,广东省,深圳市,1990-10-01,2026-09-20,12,60000,VIP 老客户,高频,高;有备注
C2,李四,Zhejiang,杭州,2001-05-05,2026-01-15,3,8000,,低频,沉睡
C3,王五,,,,,,,,,
C4,赵六,火星,成都市,1950-01-01,2025-01-01,很多,¥1.2万,对售后不满意,,有备注;沉睡
EOF
expect_file_eq "group columns added, first match and every match" "$T/out" "$T/want"
expect_eq "-q: nothing on stderr" "$(cat "$T/err")" ""

# the summary on stderr: one line per group with the count of each tag
ck tag -r "$T/a.rules" --as-of 2026-09-30 "$T/t.csv" >/dev/null 2>"$T/err"
expect_grep "summary: rows" "custkit tag: 4 rows tagged" "$T/err"
expect_grep "summary: first-match group" "custkit tag: 频次: 高频 1, 低频 1, no tag 2" "$T/err"
expect_grep "summary: multi group" "价值 (every match): 高 1, 有备注 2, 沉睡 2, no tag 1" "$T/err"

# --as-of moves days_since: on 2026-01-20 C2 bought five days ago
ck tag -q -r "$T/a.rules" --as-of 2026-01-20 "$T/t.csv" | cut -d, -f1,11 >"$T/out"
expect_eq "--as-of" "$(sed -n 3p "$T/out")" "C2,"
# without --as-of: today (CUSTKIT_TODAY)
CUSTKIT_TODAY=2026-01-20 ck tag -q -r "$T/a.rules" "$T/t.csv" | cut -d, -f1,11 >"$T/out2"
expect_file_eq "--as-of defaults to today" "$T/out2" "$T/out"
expect_exit "--as-of bad date" 2 ck tag -r "$T/a.rules" --as-of 2026-13-01 "$T/t.csv"

# standard input, -o FILE
ck tag -q -r "$T/a.rules" --as-of 2026-09-30 <"$T/t.csv" >"$T/stdin.csv"
expect_file_eq "table from standard input" "$T/stdin.csv" "$T/want"
expect_exit "-o FILE" 0 ck tag -q -r "$T/a.rules" --as-of 2026-09-30 -o "$T/o.csv" "$T/t.csv"
expect_file_eq "-o writes the file" "$T/o.csv" "$T/want"
expect_eq "-o: nothing on stdout" "$(cat "$T/out")" ""

# --col: a header custkit does not know, mapped to a role
printf 'name,spend\nA,70000\nB,10\n' >"$T/en.csv"
printf '[value]\nhigh = amount >= 50000\nlow = true\n' >"$T/en.rules"
expect_exit "unmapped role is a rules error" 2 ck tag -r "$T/en.rules" "$T/en.csv"
expect_grep "unmapped role: message" "en.rules:2:8: the table has no amount column; map one with --col amount=HEADER; columns: name, spend" "$T/err"
ck tag -q -r "$T/en.rules" --col amount=spend "$T/en.csv" >"$T/out"
expect_eq "--col ROLE=HEADER" "$(cat "$T/out")" "$(printf 'name,spend,value\nA,70000,high\nB,10,low')"

# several rules files, in order
printf '[second]\nyes = true\n' >"$T/b.rules"
ck tag -q -r "$T/en.rules" -r "$T/b.rules" --col amount=spend "$T/en.csv" | head -1 >"$T/out"
expect_eq "-r twice: groups of both files" "$(cat "$T/out")" "name,spend,value,second"

# tag run again on its own output replaces its columns rather than adding new ones
ck tag -q -r "$T/a.rules" --as-of 2026-09-30 "$T/t.csv" >"$T/once.csv"
ck tag -r "$T/a.rules" --as-of 2026-09-30 "$T/once.csv" >"$T/twice.csv" 2>"$T/err"
expect_file_eq "re-tagging replaces the group columns" "$T/twice.csv" "$T/want"
expect_grep "re-tagging says so" "column '频次' is already in the table: its values are replaced" "$T/err"

# ---------- rules errors: exit 2, one line with file:line:col, no output at all ----------
sed 's/days_since/dayz_since/' "$T/a.rules" >"$T/typo.rules"
expect_exit "typo in a function name" 2 ck tag -r "$T/typo.rules" "$T/t.csv"
expect_eq "typo: one line with a suggestion" "$(cat "$T/err")" \
    "custkit tag: $T/typo.rules:9:6: unknown function 'dayz_since' (did you mean 'days_since'?)"
expect_eq "typo: no output rows" "$(wc -c <"$T/out")" "0"
rm -f "$T/o2.csv"
expect_exit "typo with -o" 2 ck tag -r "$T/typo.rules" -o "$T/o2.csv" "$T/t.csv"
expect_eq "typo with -o: no file" "$(ls "$T/o2.csv" 2>/dev/null)" ""
printf '[g]\nx = 购卖次数 > 1\n' >"$T/col.rules"
expect_exit "unknown column" 2 ck tag -r "$T/col.rules" "$T/t.csv"
expect_eq "unknown column: suggestion and the table's headers" "$(cat "$T/err")" \
    "custkit tag: $T/col.rules:2:5: unknown column '购卖次数' (did you mean '购买次数'?); columns: 客户编号, 姓名, 省份, 城市, 出生日期, 最近购买日期, 购买次数, 消费金额, 备注"
printf '[g]\nx = notes matches "(a"\n' >"$T/re.rules"
expect_exit "bad regex" 2 ck tag -r "$T/re.rules" "$T/t.csv"
expect_grep "bad regex: message" "re.rules:2:19: bad regular expression" "$T/err"
printf '[g]\nx = true\nx = false\n' >"$T/dup.rules"
expect_exit "duplicate tag" 2 ck tag -r "$T/dup.rules" "$T/t.csv"
expect_grep "duplicate tag: message" "dup.rules:3:1: duplicate tag 'x' in \[g\] (first at line 2)" "$T/err"
expect_exit "missing rules file" 2 ck tag -r "$T/nonexistent.rules" "$T/t.csv"
expect_grep "missing rules file: message" "cannot read rules" "$T/err"
expect_exit "no rules at all" 2 ck tag "$T/t.csv"
expect_exit "two input tables" 2 ck tag -r "$T/a.rules" "$T/t.csv" "$T/t.csv"
expect_exit "unreadable table" 3 ck tag -r "$T/a.rules" "$T/nonexistent.csv"
expect_exit "unknown option" 2 ck tag --frobnicate -r "$T/a.rules" "$T/t.csv"

# ---------- --builtin ----------
expect_exit "--builtin without -r" 0 ck tag -q --builtin region,city-tier,age-band --as-of 2026-09-30 "$T/t.csv"
cut -d, -f1,10- "$T/out" >"$T/b.csv"
cat >"$T/want" <<'EOF'
客户编号,地区,城市级别,年龄段
C1,华南,一线,35-44
C2,华东,新一线,25-34
C3,,,
C4,,新一线,65岁以上
EOF
expect_file_eq "--builtin region,city-tier,age-band" "$T/b.csv" "$T/want"
ck tag -q -r "$T/a.rules" --builtin age-band --as-of 2026-09-30 "$T/t.csv" | head -1 >"$T/out"
expect_eq "--builtin with -r: rules groups first" "$(cat "$T/out")" \
    "客户编号,姓名,省份,城市,出生日期,最近购买日期,购买次数,消费金额,备注,频次,价值,年龄段"
ck tag -q --builtin region --lang en "$T/t.csv" | cut -d, -f1,10 >"$T/out"
expect_eq "--lang en: English group and tag names" "$(sed -n '1p;3p' "$T/out")" \
    "$(printf '客户编号,region\nC2,East China')"
printf 'name,age\nA,17\nB,64\nC,\n' >"$T/age.csv"
ck tag -q --builtin age-band "$T/age.csv" >"$T/out"
expect_eq "--builtin age-band from an age column" "$(cat "$T/out")" \
    "$(printf 'name,age,age band\nA,17,under 18\nB,64,55-64\nC,,')"
expect_exit "--builtin unknown group" 2 ck tag --builtin regoin "$T/t.csv"
expect_grep "--builtin unknown group: message" "unknown group 'regoin'" "$T/err"
expect_exit "--builtin without the column it needs" 2 ck tag --builtin city-tier "$T/age.csv"
expect_grep "--builtin missing column: message" "needs a city column" "$T/err"

# ---------- the examples of custkit-rules(5) load and do what they say ----------
awk '/^\.SH EXAMPLES/{on=1} on&&/^\.EX/{ex=1;next} /^\.EE/{ex=0} on&&ex' \
    "$top/man/custkit-rules.5" | sed 's/\\-/-/g; s/\\(ha/^/g; s/\\e/\\/g' >"$T/man.rules"
cat >"$T/man.csv" <<'EOF'
客户编号,姓名,手机,邮箱,省份,城市,出生日期,首次购买日期,最近购买日期,购买次数,消费金额,备注,会员等级,积分,行业
101,张三,13812345678,a@b.cn,浙江,杭州市,1980-12-01,2026-02-01,2026-09-01,12,60000,投诉后退货,金卡,1500,零售
102,李四,12345,,江苏省,宿迁,,2023-05-01,2025-01-01,1,500,vip,,,金融
EOF
expect_exit "the examples of custkit-rules(5)" 0 ck tag -q -r "$T/man.rules" --as-of 2026-09-30 "$T/man.csv"
cut -d, -f1,16- "$T/out" >"$T/man.out"
cat >"$T/want" <<'EOF'
客户编号,购买行为,客户价值,生命周期,标签
101,高频客户,高价值,活跃,华东大客户;一线城市;金卡会员;积分高;十二月生日;新年客户;非金融地产;售后;有邮箱;编号数字
102,一次性客户,低价值,流失,VIP;老客户;手机异常;编号数字
EOF
expect_file_eq "the examples of custkit-rules(5): tags" "$T/man.out" "$T/want"

# ---------- run facts ----------
rm -f "$T/facts"
CUSTKIT_FACTS="$T/facts" ck tag -q -r "$T/a.rules" --as-of 2026-09-30 "$T/t.csv" >/dev/null
expect_grep "facts: command" '"command":"tag"' "$T/facts"
expect_grep "facts: rows and tag counts" '"read":4,"written":4,.*"groups":{"频次":{"高频":1,"低频":1,"":2},"价值":{"高":1,"有备注":2,"沉睡":2,"":1}}' "$T/facts"

# ---------- common options ----------
expect_exit "--version" 0 ck tag --version
expect_grep "--version prints the version" "custkit " "$T/out"
expect_exit "--help" 0 ck tag --help
expect_grep "--help shows the manual page" "rules" "$T/out"

# ---------- the examples: golden output and an independent recomputation ----------
if ck import "$ex/customers_zh_gbk.csv" 2>/dev/null | ck clean -q --orders "$ex/orders.csv" \
    >"$T/clean.csv" 2>"$T/err"; then
    expect_exit "examples/tags.rules on the examples" 0 \
        ck tag -q -r "$ex/tags.rules" --as-of 2026-09-30 "$T/clean.csv"
    cp "$T/out" "$T/tagged.csv"
    cut -d, -f1 "$T/clean.csv" >"$T/ids"
    "$py" - "$T/tagged.csv" >"$T/tags.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8", newline="")))
w = csv.writer(sys.stdout, lineterminator="\n")
for r in rows:
    w.writerow([r[0]] + r[-4:])
PY
    expect_golden tag_examples_zh.csv "$T/tags.csv"
    "$py" "$(dirname "$0")/tag_check.py" "$T/tagged.csv" 2026-09-30
    # the input columns pass through unchanged
    "$py" - "$T/clean.csv" "$T/tagged.csv" >"$T/same" <<'PY'
import csv, sys
a = list(csv.reader(open(sys.argv[1], encoding="utf-8", newline="")))
b = list(csv.reader(open(sys.argv[2], encoding="utf-8", newline="")))
print(len(a) == len(b) and all(x == y[: len(x)] for x, y in zip(a, b)))
PY
    expect_eq "input columns unchanged" "$(cat "$T/same")" "True"
else
    not_ok "import | clean of the examples failed" "$(head -3 "$T/err")"
fi
