#!/bin/sh
# test_orders.sh — `custkit clean --orders` on the order exports of the shop platforms as they
# come (no --orders-col): their headers, order statuses that are no purchase, partial refunds,
# the buyer's phone before the receiver's.
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
    "excluded by status: 交易关闭;excluded by status: 等待买家付款"
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
    "refunded in full;refund above amount;bad amount;"
