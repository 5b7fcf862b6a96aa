#!/bin/sh
# test_tablelang.sh — what custkit writes into tables follows the table's language: the whole
# pipeline (clean with rejects, orphans and a merge log | tag with the Chinese example rules |
# segment | export) on a Chinese table and on an English one, every cell custkit wrote scanned
# by tablelang_check.py: no English words in the Chinese run, no Chinese in the English run.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
need_openpyxl
here=$(cd "$(dirname "$0")" && pwd)
asof=2026-09-30

# customers HEADER NAME GENDER BAD_GENDER PROVINCE,CITY > FILE: twenty ordinary customers, then
# one row per kind of bad value, a duplicate to merge, and rows to reject.
customers() {
    echo "$1"
    place=$5
    i=1
    while [ $i -le 20 ]; do
        printf 'C%03d,%s%d,%s,1380000%04d,c%d@example.com,1980-01-01,,2025-01-01,2026-0%d-01,%d,%d,,%s\n' \
            $i "$2" $i "$3" $i $i $(( i % 9 + 1 )) $(( i % 5 + 1 )) $(( 1000 + i * 10 )) "$place"
        i=$((i + 1))
    done
    cat <<ROWS
C101,${2}101,$3,12345,p101@example.com,1980-01-01,,2025-01-01,2026-08-01,3,1200,$place
C102,${2}102,$3,13900000102,not-an-email,1980-01-01,,2025-01-01,2026-08-01,3,1200,$place
C103,${2}103,$3,13900000103,,1980-01-01,,2025-01-01,2024-02-30,3,1200,$place
C104,${2}104,$3,13900000104,,1980-01-01,,2025-01-01,05/01/2026,3,1200,$place
C105,${2}105,$3,13900000105,,1980-01-01,,2025-01-01,2027-01-05,3,1200,$place
C106,${2}106,$3,13900000106,,1980-01-01,,2025-01-01,2026-08-01,3,lots,$place
C107,${2}107,$3,13900000107,,1980-01-01,,2025-01-01,2026-08-01,3,-5,$place
C108,${2}108,$3,13900000108,,1980-01-01,,2025-01-01,2026-08-01,2.5,1200,$place
C109,${2}109,$4,13900000109,,1980-01-01,,2025-01-01,2026-08-01,3,1200,$place
C110,${2}110,$3,13900000110,,,200,2025-01-01,2026-08-01,3,1200,$place
C111,${2}111,$3,13900000111,,2030-01-01,,2025-01-01,2026-08-01,3,1200,$place
C112,${2}112,$3,13900000112,,1980-01-01,,2025-01-01,2026-08-01,3,99999999,$place
C001,${2}1b,$3,13800000001,c1@example.com,1980-01-01,,2025-01-01,2026-02-01,4,1010,$place
C201,,$3,13900000201,,1980-01-01,,2025-01-01,2026-08-01,3,1200,$place
,${2}202,$3,,,1980-01-01,,2025-01-01,2026-08-01,3,1200,$place
ROWS
}

# orders HEADER STATUS_CANCELLED > FILE: one attached order, then one of each kind of orphan.
orders() {
    echo "$1"
    cat <<ROWS
O1,C001,2026-03-01,100,,
O2,C999,2026-03-01,100,,
O3,,2026-03-01,100,,
O4,C201,2026-03-01,100,,
O5,C002,2026-03-01,100,$2,
O6,C002,,100,,
O7,C002,2026-03-01,,,
O8,C002,2026-03-01,lots,,
O9,C002,2026-13-01,100,,
O10,C002,2026-03-01,100,,150
O11,C002,2026-03-01,100,,100
ROWS
}

customers "客户编号,姓名,性别,手机,邮箱,出生日期,年龄,首次购买日期,最近购买日期,购买次数,消费金额,备注,省份,城市" \
    客户 男 保密 浙江省,杭州 >"$T/zh.csv"
orders "订单号,客户编号,下单日期,订单金额,订单状态,退款金额" 已取消 >"$T/zh_orders.csv"
customers "id,name,gender,phone,email,birthdate,age,first_purchase,last_purchase,orders,amount,notes,province,city" \
    Customer M unknown Zhejiang,Hangzhou >"$T/en.csv"
orders "order_id,customer_id,order_date,amount,status,refund" cancelled >"$T/en_orders.csv"
# a category column whose values hold commas: its dropdown list goes to the hidden lists sheet
for l in zh en; do
    if [ $l = zh ]; then h=会员等级 a='"金卡,年费"' b=普通; else h=tier a='"gold,annual"' b=basic; fi
    awk -v h="$h" -v a="$a" -v b="$b" 'NR == 1 { print $0 "," h; next } { print $0 "," (NR % 2 ? a : b) }' \
        "$T/$l.csv" >"$T/$l.tmp" && mv "$T/$l.tmp" "$T/$l.csv"
done

# run LANG PROBLEMS_COLUMN: the pipeline on $T/LANG.csv into $T/LANG/, then the scan
run() {
    l=$1 d="$T/$1"
    mkdir -p "$d"
    CUSTKIT_FACTS="$d/facts.jsonl"  # the report's facts block, steps and counts included
    export CUSTKIT_FACTS
    ck clean -q --keep-purchase-columns --orders "$T/${l}_orders.csv" --rejects "$d/rejects.csv" \
        --orphans "$d/orphans.csv" --merge-log "$d/merge.csv" --as-of $asof "$T/$l.csv" \
        >"$d/clean.csv" 2>"$d/err" || { not_ok "$l: clean" "$(head -3 "$d/err")"; return; }
    if ! { ck tag -q -r "$ex/tags.rules" --as-of $asof "$d/clean.csv" >"$d/tag.csv" &&
        ck segment -q --by rfm --as-of $asof "$d/tag.csv" >"$d/seg.csv" &&
        ck export -q --as-of $asof -o "$d/report.xlsx" "$d/seg.csv"; } 2>>"$d/err"; then
        not_ok "$l: tag | segment | export" "$(head -3 "$d/err")"
        return
    fi
    unset CUSTKIT_FACTS
    # a row with no key at all, with only a name required: rejected for that reason alone
    ck clean -q --require name --rejects "$d/nokey.csv" "$T/$l.csv" >/dev/null 2>>"$d/err"
    if /usr/bin/python3 "$here/tablelang_check.py" "$l" "$T/$l.csv" "$T/${l}_orders.csv" \
        "$ex/tags.rules" -- "$d/clean.csv=$2" "$d/rejects.csv" \
        "$d/orphans.csv" "$d/merge.csv" "$d/nokey.csv" "$d/seg.csv" "$d/report.xlsx" \
        >"$d/check" 2>&1; then
        ok "$l: every cell custkit wrote is in the table's language: $(cat "$d/check")"
    else
        not_ok "$l: cells custkit wrote in the other language" "$(head -30 "$d/check")"
    fi
}
run zh 问题
run en _problems

# The runs really met every kind of problem and reason (the scan above proves nothing about
# values that never appeared): every problem name, the missing fields, every reason.
for p in 手机号无效 邮箱无效 日期无效 日期有歧义 日期在未来 金额无效 金额为负 次数无效 性别无效 \
    年龄无效 出生日期无效 异常值; do
    expect_grep "zh problems column holds $p" "$p" "$T/zh/clean.csv"
done
for p in "bad phone" "bad email" "bad date" "ambiguous date" "future date" "bad amount" \
    "negative amount" "bad number" "bad gender" "bad age" "bad birthdate" outlier; do
    expect_grep "en problems column holds $p" "$p" "$T/en/clean.csv"
done
expect_grep "zh rejects: a missing name" "缺少姓名" "$T/zh/rejects.csv"
expect_grep "en rejects: a missing name" "missing name" "$T/en/rejects.csv"
expect_grep "zh rejects: no key" "缺少手机/邮箱/编号" "$T/zh/rejects.csv"
expect_grep "en rejects: no key" "missing phone/email/id" "$T/en/rejects.csv"
expect_grep "zh --require name: no usable key" "无可用匹配键" "$T/zh/nokey.csv"
expect_grep "en --require name: no usable key" "no usable key" "$T/en/nokey.csv"
reasons() { /usr/bin/python3 -c 'import csv, sys
print(";".join(r[2] for r in list(csv.reader(open(sys.argv[1], encoding="utf-8-sig")))[1:]))' "$1"; }
expect_eq "zh orphans: ten orders left out, each reason" "$(reasons "$T/zh/orphans.csv")" \
    "找不到对应客户;缺少客户匹配键;客户行已剔除（见剔除文件）;按订单状态排除：已取消;缺少日期;缺少金额;金额无效;日期无效;退款金额大于订单金额;已全额退款"
expect_eq "en orphans: ten orders left out, each reason" "$(reasons "$T/en/orphans.csv")" \
    "no matching customer;no customer key;customer row rejected (see --rejects);excluded by status: cancelled;missing date;missing amount;bad amount;bad date;refund above amount;refunded in full"
expect_eq "zh merge log: one merge" "$(($(wc -l <"$T/zh/merge.csv") - 1))" 1
expect_eq "en merge log: one merge" "$(($(wc -l <"$T/en/merge.csv") - 1))" 1

# The Chinese rules add Chinese columns to the English table: segment and export still see an
# English table (its own columns decide), so the report is English.
expect_grep "en: the rules added their Chinese columns" "购买行为" "$T/en/tag.csv"
expect_eq "en: segment's column is English" "$(head -1 "$T/en/seg.csv" | tr ',' '\n' | grep -c '^segment$')" 1
sheets() { /usr/bin/python3 -c 'import openpyxl, sys
print(",".join(openpyxl.load_workbook(sys.argv[1]).sheetnames))' "$1" >"$T/sheets"; }
sheets "$T/en/report.xlsx"
expect_grep "en report has a Summary and a Needs review sheet" "^Summary,.*Needs review" "$T/sheets"
expect_grep "en report has its hidden lists sheet" ",_lists$" "$T/sheets"
sheets "$T/zh/report.xlsx"
expect_grep "zh report has 概览 and 待核实 sheets" "^概览,.*待核实" "$T/sheets"
expect_grep "zh report has its hidden lists sheet (scanned too)" ",_列表$" "$T/sheets"

# The review sheet holds the error rows, their problems read back in the table's language.
review() { /usr/bin/python3 -c '
import openpyxl, sys
ws = openpyxl.load_workbook(sys.argv[1])[sys.argv[2]]
rows = list(ws.iter_rows(values_only=True))
h = next(i for i, r in enumerate(rows) if sys.argv[3] in r)  # below the playbook line, if any
col = rows[h].index(sys.argv[3])
print(len(rows) - h - 1, sorted(set(r[col] for r in rows[h + 1:] if r[col])))' "$@" >"$T/rv"; }
review "$T/zh/report.xlsx" 待核实 问题
expect_grep "zh review sheet lists 手机号无效" "手机号无效" "$T/rv"
review "$T/en/report.xlsx" "Needs review" _problems
expect_grep "en review sheet lists bad phone" "bad phone" "$T/rv"
