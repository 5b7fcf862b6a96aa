#!/bin/sh
# The profile (--profile FILE, CUSTKIT_PROFILE): one INI file maps the columns and fixes the
# options of every step, so a pipeline with a profile and no --col gives the report of one with
# every --col spelled out; errors name FILE:LINE; the command line wins; custkit config; the
# warning for date/amount columns that have no role; quarterly.sh -p.
. "$(dirname "$0")/../lib.sh"
cd "$T" || exit 1
unset CUSTKIT_PROFILE
export CUSTKIT_TODAY=2026-08-15

# The example customers and orders as another shop's export names them: 首次下单 and 最近下单
# are no synonyms of first_purchase and last_purchase, 实收 none of an order's amount.
sed '1s/首次购买日期/首次下单/;1s/最近购买日期/最近下单/' "$ex/customers_zh.csv" >c.csv
sed '1s/订单金额/实收/' "$ex/orders.csv" >o.csv
cat >p.ini <<'EOF'
; the shop's export
[columns]
first_purchase = 首次下单
last_purchase = 最近下单

[orders]
amount = 实收

[common]
as-of = 2026-06-30

[clean]
date-order = dmy
exclude-status = 已取消

[tag]
builtin = region

[segment]
by = rfm
EOF

# --- the same report with every option spelled out, and with the profile alone ---
# (each in a directory of its own: the report names its input file)
mkdir a b
cols="--col first_purchase=首次下单 --col last_purchase=最近下单"
# shellcheck disable=SC2086 # $cols is several options
(cd a && { ck import $cols ../c.csv |
    ck clean $cols --orders ../o.csv --orders-col amount=实收 --as-of 2026-06-30 --date-order dmy \
        --exclude-status 已取消 |
    ck tag $cols --builtin region --as-of 2026-06-30 |
    ck segment $cols --by rfm --as-of 2026-06-30 -o seg.csv &&
    ck export $cols --as-of 2026-06-30 -o report.xlsx seg.csv; } 2>err)
expect_eq "pipeline with every --col: exit 0" "$?" "0"
(export CUSTKIT_PROFILE=../p.ini && cd b && { ck import ../c.csv | ck clean --orders ../o.csv |
    ck tag | ck segment -o seg.csv && ck export -o report.xlsx seg.csv; } 2>err)
expect_eq "pipeline with the profile and no --col: exit 0" "$?" "0"
expect_file_eq "the profile's segmented table is the explicit one's" b/seg.csv a/seg.csv
expect_file_eq "the profile's workbook is byte for byte the explicit one's" b/report.xlsx a/report.xlsx
expect_file_eq "the same messages" b/err a/err
# the mapping reached every step: the table's own purchase columns were replaced from the
# orders, none was added beside them, and RFM scored them
expect_eq "no purchase column added beside the mapped ones" \
    "$(head -1 b/seg.csv | tr ',' '\n' | grep -c -e '^首次购买日期$' -e '^最近购买日期$')" "0"
expect_grep "RFM scored" "RFM" b/seg.csv
# examples/custkit.ini: the demo's pipeline (examples/demo.sh) with its options in the profile
mkdir d1 d2
(cd d1 && { ck import "$ex/customers_zh_gbk.csv" | ck clean --orders "$ex/orders.csv" --as-of 2026-09-30 |
    ck tag -r "$ex/tags.rules" --as-of 2026-09-30 | ck segment --by rfm --as-of 2026-09-30 |
    ck export --as-of 2026-09-30 -o report.xlsx; } 2>err)
(export CUSTKIT_PROFILE="$ex/custkit.ini" && cd d2 && { ck import "$ex/customers_zh_gbk.csv" |
    ck clean --orders "$ex/orders.csv" | ck tag | ck segment | ck export -o report.xlsx; } 2>err)
expect_file_eq "examples/custkit.ini gives the demo's report" d2/report.xlsx d1/report.xlsx
expect_grep "... the demo's report (as of 2026-09-30)" "rfm as of 2026-09-30" d2/err

# tag and segment alone find last_purchase through the profile (they failed with "the table
# has no last_purchase column" when only clean was given --col)
export CUSTKIT_PROFILE=p.ini
ck clean c.csv >cleaned.csv 2>/dev/null
expect_exit "segment (by = rfm) on a table whose last purchase is 最近下单" 0 ck segment cleaned.csv
expect_grep "... scored by RFM" "R分" "$T/out"
unset CUSTKIT_PROFILE
expect_exit "the same without the profile fails" 2 ck segment --by rfm cleaned.csv
expect_grep "... for want of last_purchase" "last_purchase" "$T/err"
expect_exit "--profile FILE does what CUSTKIT_PROFILE does" 0 \
    ck segment --profile p.ini -o seg2.csv cleaned.csv
expect_exit "--profile=FILE too" 0 ck segment --profile=p.ini -o seg3.csv cleaned.csv
expect_file_eq "same output" seg3.csv seg2.csv

# --- the command line beats the profile ---
export CUSTKIT_PROFILE=p.ini
ck segment --by value cleaned.csv >by-value.csv 2>/dev/null
unset CUSTKIT_PROFILE
ck segment --by value $cols --as-of 2026-06-30 cleaned.csv >by-value-explicit.csv 2>/dev/null
expect_file_eq "--by value on the command line beats by = rfm" by-value.csv by-value-explicit.csv
ck segment --profile p.ini --as-of 2026-03-31 -o asof-cmd.csv cleaned.csv 2>err
expect_grep "--as-of on the command line beats as-of =" "as of 2026-03-31" err
# --col ROLE=… replaces the profile's mapping of that role only
ck segment --profile p.ini --col last_purchase=首次下单 -o col-cmd.csv cleaned.csv 2>/dev/null
ck segment --by rfm --as-of 2026-06-30 --col first_purchase=首次下单 --col last_purchase=首次下单 \
    -o col-explicit.csv cleaned.csv 2>/dev/null
expect_file_eq "--col last_purchase=… beats the profile's last_purchase" col-cmd.csv col-explicit.csv

# --- errors: FILE:LINE, did you mean, exit 2, before any output ---
printf '[columns]\nfirst_purchase = 首次下单\nlast_purchse = 最近下单\n' >bad-key.ini
CUSTKIT_PROFILE=bad-key.ini expect_exit "--version despite a broken profile" 0 ck clean --version
for cmd in import clean tag segment export config; do
    expect_exit "$cmd: unknown key" 2 ck "$cmd" --profile bad-key.ini c.csv
    expect_eq "$cmd: FILE:LINE: unknown key, did you mean" "$(head -1 "$T/err")" \
        "custkit $cmd: bad-key.ini:3: unknown key 'last_purchse' in [columns]; did you mean 'last_purchase'?"
    expect_eq "$cmd: nothing on stdout" "$(wc -c <"$T/out")" "0"
done
# in the user's language, FILE:LINE first and as it is
has_han() { perl -CSD -e 'while (<>) { exit 0 if /\p{Han}/ } exit 1' "$1"; }
for f in bad-key nosuch; do
    LANGUAGE=zh_CN "$CUSTKIT" clean --profile "$f.ini" c.csv >/dev/null 2>"$T/$f.zh"
    if has_han "$T/$f.zh"; then ok "$f.ini, LANGUAGE=zh_CN: in Chinese ($(head -1 "$T/$f.zh"))"
    else not_ok "$f.ini, LANGUAGE=zh_CN: in Chinese" "$(cat "$T/$f.zh")"; fi
done
expect_grep "LANGUAGE=zh_CN: FILE:LINE first" "^custkit clean: bad-key.ini:3: " "$T/bad-key.zh"
printf '[common]\nlang = zh\n[colums]\n' >bad-section.ini
CUSTKIT_PROFILE=bad-section.ini expect_exit "unknown section, from the environment" 2 ck clean c.csv
expect_eq "unknown section: FILE:LINE, did you mean" "$(cat "$T/err")" \
    "custkit clean: bad-section.ini:3: unknown section [colums]; did you mean [columns]?"
printf '[clean]\n\ndate-order = ymd\n' >bad-value.ini
expect_exit "bad value" 2 ck clean --profile bad-value.ini c.csv
expect_eq "bad value: FILE:LINE" "$(cat "$T/err")" \
    "custkit clean: bad-value.ini:3: date-order takes dmy or mdy, not 'ymd'"
printf '[segment]\nby = rfm\nby = value\n' >twice.ini
expect_exit "a key twice" 2 ck segment --profile twice.ini cleaned.csv
expect_grep "a key twice: both lines" "twice.ini:3: 'by' in \[segment\] is already set at line 2" "$T/err"
printf '[export]\nmask = phones\n' >bad-mask.ini
expect_exit "a value only export checks" 2 ck export --profile bad-mask.ini -o x.xlsx cleaned.csv
expect_grep "... names the profile's line" "the profile, bad-mask.ini:2" "$T/err"
expect_exit "a mapped header the table does not have" 2 ck segment --profile p.ini "$ex/customers_zh.csv"
expect_grep "... names the profile's line" "(the mapping comes from the profile, p.ini:3)" "$T/err"
expect_exit "a missing profile" 2 ck clean --profile nowhere.ini c.csv
expect_grep "... is named" "nowhere.ini" "$T/err"
expect_exit "a directory as the profile" 2 ck clean --profile "$T" c.csv
expect_grep "... cannot be read" "cannot read: Is a directory" "$T/err"
printf '[columns]\nlast_purchase = %0300d\n' 0 >long.ini
expect_exit "a line longer than inih reads" 2 ck config --profile long.ini
expect_grep "... is an error, not a cut value" "long.ini:2: line too long" "$T/err"
printf '\357\273\277[segment]\r\nby = RFM\r\n' >crlf.ini
ck config --profile crlf.ini >crlf.out
expect_grep "a BOM and CRLF line ends (Notepad)" "^by = RFM$(printf '\t'); crlf.ini:2$" crlf.out

# --- custkit config ---
CUSTKIT_PROFILE=p.ini ck config --as-of 2026-03-31 >config.out 2>&1
expect_eq "config: exit 0" "$?" "0"
tab=$(printf '\t')
expect_grep "config: the profile and where it was named" \
    "^; profile: p.ini (from the environment, CUSTKIT_PROFILE)$" config.out
expect_grep "config: a mapping and its line" "^last_purchase = 最近下单$tab; p.ini:4$" config.out
expect_grep "config: an order mapping" "^amount = 实收$tab; p.ini:7$" config.out
expect_grep "config: the command line" "^as-of = 2026-03-31$tab; command line$" config.out
expect_grep "config: a default" "^; lang: default, from the table's header$" config.out
expect_grep "config: a command's setting" "^by = rfm$tab; p.ini:20$" config.out
ck config >config-none.out
expect_grep "config without a profile" "^; profile: none" config-none.out
# what config prints is a profile: read back, it gives the same settings
CUSTKIT_PROFILE=p.ini ck config >again.ini
ck config --profile again.ini | grep -v '^;' >again.out
grep -v '^;' again.ini | sed "s/$tab; p.ini:[0-9]*$/$tab; again.ini:/" >again.want
sed "s/\(again.ini:\)[0-9]*$/\1/" again.out >again.got
expect_file_eq "config's output read back as a profile" again.got again.want

# --- columns that look like dates or amounts but have no role ---
ck import c.csv | /usr/bin/python3 -c '
import csv, sys
rows = list(csv.reader(sys.stdin))
h = rows[0]
h[h.index("消费金额")] = "实付"
h[h.index("备注")] = "邮编"  # postal codes: numbers, but no amounts
for r in rows[1:]:
    r[-1] = "100083"
rows[1][h.index("最近下单")] = "2026/13/1"
csv.writer(sys.stdout, lineterminator="\n").writerows(rows)' >unmapped.csv
ck clean unmapped.csv >/dev/null 2>warn.err
expect_grep "warning for 最近下单, with the --col and the profile line" \
    "warning: column '最近下单' looks like dates but has no role.*--col last_purchase=最近下单 (in a profile: 'last_purchase = 最近下单' under \[columns\])" warn.err
expect_grep "warning for 首次下单" "column '首次下单' looks like dates.*--col first_purchase=首次下单" warn.err
expect_grep "warning for 实付 (amounts)" "column '实付' looks like amounts.*--col amount=实付" warn.err
expect_eq "no warning for postal codes" "$(grep -c "'邮编'" warn.err)" "0"
expect_eq "no warning for mapped columns" "$(grep -c -e "'姓名'" -e "'出生日期'" warn.err)" "0"
ck clean --profile p.ini --col amount=实付 unmapped.csv >mapped.csv 2>mapped.err
expect_eq "mapped by the profile: no warning" "$(grep -c 'looks like' mapped.err)" "0"
expect_grep "... and 2026/13/1 is now a bad date (日期无效)" "2026/13/1,.*日期无效" mapped.csv
ck clean -q unmapped.csv >/dev/null 2>quiet.err
expect_eq "-q: no warning" "$(cat quiet.err)" ""
printf '姓名,手机,注册日期\n张三,13800000001,随便\n' >name-only.csv
ck clean name-only.csv >/dev/null 2>name.err
expect_grep "a date by its name alone" "column '注册日期' looks like dates.*first_purchase.*last_purchase" name.err
# the columns the pipeline adds: cleaning, tagging and segmenting a table again warns of nothing
CUSTKIT_PROFILE=p.ini ck clean b/seg.csv >/dev/null 2>again.err
expect_eq "no warning for the columns custkit added" "$(grep -c 'looks like' again.err)" "0"

# --- quarterly.sh -p: the profile reaches every step ---
r="$T/reports"
CUSTKIT="$CUSTKIT" sh "$ex/quarterly.sh" -c c.csv -O o.csv -p p.ini -d "$r" >q.out 2>q.err
expect_eq "quarterly.sh -p: exit 0, silent" "$?:$(cat q.out q.err)" "0:"
s="$r/2026-Q2/segments.csv"
expect_eq "quarterly.sh -p: the mapped columns carry the purchases" \
    "$(head -1 "$s" | tr ',' '\n' | grep -c -e '^首次下单$' -e '^最近下单$' -e '^首次购买日期$' -e '^最近购买日期$')" "2"
expect_grep "quarterly.sh -p: the [tag] builtin = region reached tag" "地区" "$s"
expect_eq "quarterly.sh -p: no unmapped-column warning in the log" \
    "$(grep -c 'looks like' "$r/2026-Q2/run.log")" "0"
expect_grep "quarterly.sh -p: the profile is in the audit trail" '"path":"[^"]*p.ini","size"' \
    "$r/audit.jsonl"
CUSTKIT="$CUSTKIT" sh "$ex/quarterly.sh" -c c.csv -d "$T/reports2" >q2.out 2>q2.err
expect_grep "quarterly.sh without -p: the warning is in the log" "column '最近下单' looks like dates" \
    "$T/reports2/2026-Q2/run.log"
expect_exit "quarterly.sh -p with an unknown key: the step's error" 2 \
    env CUSTKIT="$CUSTKIT" sh "$ex/quarterly.sh" -c c.csv -O o.csv -p bad-key.ini -d "$T/r3"
expect_grep "... quoted" "import failed (exit 2): custkit import: bad-key.ini:3: unknown key" "$T/err"
echo "1..$n"
