#!/bin/sh
# test_orders.sh — `custkit clean --orders` on the order exports of the shop platforms as they
# come (no --orders-col): their headers, order statuses that are no purchase, partial refunds,
# the buyer's phone before the receiver's; and which customer rows --rejects takes out.
. "$(dirname "$0")/../lib.sh"
py=/usr/bin/python3
d="$(cd "$(dirname "$0")" && pwd)/data/orders"

# rollup FILE: "id:orders:amount" of every customer of clean's output, space-separated.
rollup() {
    $py -c 'import csv,sys
rows=list(csv.DictReader(open(sys.argv[1],encoding="utf-8")))
print(" ".join("%s:%s:%s" % (r["客户编号"], r["购买次数"], r["消费金额"]) for r in rows))' "$1"
}
# orders_line FILE: the orders part of clean's accounting line.
orders_line() { sed -n 's/.*; orders //p' "$1"; }

# platform NAME EXPECTED_ROLLUP EXPECTED_ORDERS_ACCOUNTING [clean options...]
platform() {
    p_name=$1 p_want=$2 p_acct=$3
    shift 3
    expect_exit "$p_name: rolled up with no --orders-col" 0 \
        ck clean --as-of 2026-09-30 --orders "$d/$p_name.csv" "$@" "$d/customers.csv"
    expect_eq "$p_name: orders and amount per customer" "$(rollup "$T/out")" "$p_want"
    expect_eq "$p_name: accounting" "$(orders_line "$T/err")" "$p_acct"
}

# Taobao/Tmall (GBK): the payment time, not the creation time; 交易关闭 and 等待买家付款 are no
# purchase; 退款金额 is subtracted; an empty or landline 联系电话 falls back to 联系手机.
platform taobao "C001:1:199 C002:2:440 C003:0:0 C004:0:0" \
    "read 5, attached 3, orphaned 0, bad 0, excluded by status 2"
expect_eq "taobao: first purchase is the payment day" \
    "$(sed -n 2p "$T/out" | cut -d, -f6)" "2026-03-01"
platform jd "C001:1:239 C002:0:0 C003:1:99 C004:0:0" \
    "read 3, attached 2, orphaned 0, bad 0, excluded by status 1"
# Pinduoduo: 用户购买手机号 (the buyer's) before 手机 (the receiver's), the receiver's when the
# buyer's is empty; 售后状态 退款成功 is no purchase whatever 订单状态 says.
platform pdd "C001:0:0 C002:0:0 C003:1:27.9 C004:1:45.5" \
    "read 3, attached 2, orphaned 0, bad 0, excluded by status 1"
platform douyin "C001:1:128 C002:0:0 C003:0:0 C004:0:0" \
    "read 3, attached 1, orphaned 0, bad 0, excluded by status 2"
# Youzan: 买家手机号 before 收货人手机号/提货人手机号 (a gift sent to another customer).
platform youzan "C001:1:168 C002:0:0 C003:1:150 C004:0:0" \
    "read 3, attached 2, orphaned 0, bad 0, excluded by status 1"
platform weidian "C001:0:0 C002:1:520 C003:0:0 C004:1:50" \
    "read 3, attached 2, orphaned 0, bad 0, excluded by status 1"
platform wechat "C001:1:80 C002:0:0 C003:0:0 C004:1:79.9" \
    "read 3, attached 2, orphaned 0, bad 0, excluded by status 1"

# --exclude-status adds statuses to the built-in list.
platform weidian "C001:0:0 C002:1:520 C003:0:0 C004:0:0" \
    "read 3, attached 1, orphaned 0, bad 0, excluded by status 2" --exclude-status 已拒收,拒收
expect_exit "--exclude-status needs --orders" 2 ck clean --exclude-status 已拒收 "$d/customers.csv"

# Excluded orders go to --orphans with their reason; the JSON accounting counts them.
ck clean -q --as-of 2026-09-30 --orders "$d/taobao.csv" --orphans "$T/orph.csv" \
    "$d/customers.csv" >/dev/null
expect_eq "excluded orders in --orphans, with their status" \
    "$($py -c 'import csv,sys
print(";".join(r["原因"] for r in csv.DictReader(open(sys.argv[1],encoding="utf-8-sig"))))' "$T/orph.csv")" \
    "按订单状态排除：交易关闭;按订单状态排除：等待买家付款"
ck clean --stats json --as-of 2026-09-30 --orders "$d/douyin.csv" "$d/customers.csv" \
    >/dev/null 2>"$T/s.json"
expect_eq "--stats json: orders_excluded, and read = attached + orphaned + bad + excluded" \
    "$($py -c 'import json,sys
s=json.load(open(sys.argv[1]))
print(s["orders_excluded"], s["orders_read"]==s["orders_attached"]+s["orders_orphaned"]+s["orders_bad"]+s["orders_excluded"])' "$T/s.json")" \
    "2 True"

# A refund above the amount paid is a bad order; a refund of all of it is no purchase.
printf '订单号,付款时间,买家手机,实付金额,退款金额\n1,2026-03-01,13800000001,100,100\n2,2026-03-02,13800000001,100,150\n3,2026-03-03,13800000001,100,abc\n' \
    >"$T/refund.csv"
expect_exit "refunds" 0 ck clean --as-of 2026-09-30 --orders "$T/refund.csv" --orphans "$T/ro.csv" \
    "$d/customers.csv"
expect_eq "refunds: accounting" "$(orders_line "$T/err")" \
    "read 3, attached 0, orphaned 0, bad 2, excluded by status 1"
expect_eq "refunds: reasons" "$(cut -d, -f3 "$T/ro.csv" | tail -n +2 | tr '\n' ';')" \
    "已全额退款;退款金额大于订单金额;金额无效;"

# ---------------------------------------------------------------- rejecting
# The README's pipeline: --rejects alone takes out only rows that cannot be a customer. 李四 has a
# good phone and the e-mail no-at-sign.com: kept, flagged, with the orders of that phone.
printf '订单号,下单日期,手机,金额\n1,2026-03-04,13800000002,"¥104,000"\n2,2026-05-04,13800000001,99\n' \
    >"$T/plain.csv"
sed '1s/$/,省份,城市/; 2,$s/$/,上海市,上海市/' "$d/customers.csv" >"$T/cust.csv"
ck import "$T/cust.csv" 2>/dev/null \
    | ck clean -q --orders "$T/plain.csv" --rejects "$T/rej.csv" --as-of 2026-09-30 \
    | ck tag -q -r "$top/examples/tags.rules" --as-of 2026-09-30 \
    | ck segment -q --by rfm --as-of 2026-09-30 >"$T/pipe.csv"
expect_eq "pipeline keeps a customer with a bad e-mail and a good phone, flagged, with its orders" \
    "$($py -c 'import csv,sys
r=[r for r in csv.DictReader(open(sys.argv[1],encoding="utf-8")) if r["客户编号"]=="C002"]
print(len(r), r[0]["问题"], r[0]["购买次数"], r[0]["消费金额"]) if r else print("missing")' "$T/pipe.csv")" \
    "1 邮箱无效 1 104000"
expect_eq "pipeline: no row rejected" "$(wc -l <"$T/rej.csv")" "1"

# Rows that cannot be a customer: no usable key (a bad phone and nothing else), or a required
# field missing (the name, by default) or invalid (--require phone).
cat >"$T/c.csv" <<'CSV'
客户编号,姓名,手机,邮箱,备注
C001,张三,13800000001,zs@example.com,
,孙七,12345,,
,周八,13800000008,bad@,
C009,,13800000009,,
C010,吴十,123,w10@example.com,
CSV
ck clean --rejects "$T/r.csv" "$T/c.csv" >"$T/o.csv" 2>"$T/e"
expect_grep "cannot be a customer: rejected; a bad optional value: kept" \
    "read 5, written 3, merged 0, rejected 2, flagged 2" "$T/e"
expect_eq "rejected rows and their reasons" \
    "$(tail -n +2 "$T/r.csv" | cut -d, -f1,3,7 | tr '\n' ' ')" "3,孙七,手机号无效 5,,缺少姓名 "
expect_eq "kept rows are flagged" "$(tail -n +2 "$T/o.csv" | cut -d, -f2,6 | tr '\n' ' ')" \
    "张三, 周八,邮箱无效 吴十,手机号无效 "
ck clean -q --rejects "$T/r2.csv" --require name,phone "$T/c.csv" >/dev/null
expect_eq "--require phone: an invalid phone rejects the row" \
    "$(tail -n +2 "$T/r2.csv" | cut -d, -f1 | tr '\n' ' ')" "3 5 6 "
ck clean -q --invalid unusable --rejects "$T/r3.csv" "$T/c.csv" >/dev/null
expect_file_eq "--invalid unusable is what --rejects alone means" "$T/r3.csv" "$T/r.csv"
# --invalid reject keeps its strict meaning: any row with an error goes.
ck clean --invalid reject --rejects "$T/r4.csv" "$T/c.csv" >/dev/null 2>"$T/e4"
expect_grep "--invalid reject rejects every row with an error" \
    "read 5, written 1, merged 0, rejected 4, flagged 0" "$T/e4"

# A long status is named in --orphans cut at a character boundary, never mid-character.
long=$($py -c 'print("已关闭（" + "超时未付款" * 40 + "）")')
printf '订单号,付款时间,买家手机,实付金额,订单状态\n1,2026-03-01,13800000001,100,%s\n' "$long" >"$T/long.csv"
ck clean -q --as-of 2026-09-30 --orders "$T/long.csv" --orphans "$T/lo.csv" "$d/customers.csv" \
    >/dev/null
expect_eq "a long status: excluded, its reason valid UTF-8" \
    "$($py -c 'import csv,sys
r=list(csv.DictReader(open(sys.argv[1],encoding="utf-8-sig",errors="strict")))
print(len(r), r[0]["原因"].startswith("按订单状态排除：已关闭（超时未付款"))' "$T/lo.csv" 2>&1 | tail -1)" \
    "1 True"

# An export whose customer column is not known: the message names the keys the customer table
# has, the phone first, not the id.
printf '单据,顾客手机,付款时间,实付金额\n1,13800000001,2026-03-01,100\n' >"$T/nokey.csv"
expect_exit "no customer key column" 2 ck clean --orders "$T/nokey.csv" "$d/customers.csv"
expect_grep "the message suggests the phone" \
    "nokey.csv: no customer key column shared with the customer table, which has phone, email and id (name the orders' column with --orders-col phone=HEADER)" \
    "$T/err"
cut -d, -f1,2,5 "$d/customers.csv" >"$T/idonly.csv"
expect_exit "no customer key column, a table with ids only" 2 \
    ck clean --orders "$T/nokey.csv" "$T/idonly.csv"
expect_grep "the message suggests the id when the table has only ids" \
    "which has id (name the orders' column with --orders-col id=HEADER)" "$T/err"
printf '姓名,城市\n张三,上海\n' >"$T/nokeytable.csv"
expect_exit "a customer table without keys" 2 ck clean --orders "$d/jd.csv" "$T/nokeytable.csv"
expect_grep "the message says orders cannot attach" \
    "the customer table has no phone, email or id column to attach orders by" "$T/err"
