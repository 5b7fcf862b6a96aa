#!/bin/sh
# test_clean.sh — `custkit clean`: every option, golden outputs on the examples, the accounting
# invariant, dedup against the generator's truth, the orders roll-up and the no-loss property.
. "$(dirname "$0")/../lib.sh"
py=/usr/bin/python3
chk="$(dirname "$0")/clean_check.py"
export CUSTKIT_MANDIR="$top/man"

# The examples: committed ones when present, else generated (same generator, same bytes).
if [ -f "$ex/customers_zh.csv" ] && [ -f "$ex/customers_zh.truth.csv" ]; then
    exd=$ex
else
    exd=$T/ex
    mkdir -p "$exd"
    $py "$top/examples/gen.py" --examples "$exd" 2>/dev/null
fi

# accounting FILE: "read written merged rejected" from a --stats json line, and the invariant.
invariant() { # NAME STATS_FILE
    got=$($py -c 'import json,sys
s=json.loads(open(sys.argv[1]).read().strip().splitlines()[-1])
print("ok" if s["read"]==s["written"]+s["merged"]+s["rejected"] else "broken %s" % s)' "$2" 2>&1)
    expect_eq "$1: read = written + merged + rejected" "$got" "ok"
}

# ---------------------------------------------------------------- a small table by hand
cat >"$T/c.csv" <<'EOF'
客户编号,姓名,手机,邮箱,性别,最近购买日期,购买次数,消费金额,备注
C001,张三,+86 138 1234 5678,ZS@Example.com,先生,2024年1月5日 14:30,2,"￥1,234.50元",VIP  客户
C002, 李四 ,１３９１２３４５６７８,,女士,2024/3/1,1,1.2万,
,张三,13812345678,zs2@example.com,,45292,3,100,
C003,王五,12345,bad@,M,05/01/2024,x,-5,
C004,,,,,,,,
C002,李  四,,ls@example.com,,20240105,,,
C005,赵六,0755-8888 8888 转 123,zl@example.com,女,2027-01-01,1,10,
EOF

expect_exit "clean a small table" 0 ck clean "$T/c.csv"
cp "$T/out" "$T/small.csv"
expect_golden clean_small.csv "$T/small.csv"
expect_grep "accounting line" "custkit clean: read 7, written 5, merged 2, rejected 0, flagged 3" "$T/err"
expect_eq "phone with +86 and spaces" "$(sed -n 2p "$T/small.csv" | cut -d, -f3)" "13812345678"
expect_eq "full-width phone" "$(sed -n 3p "$T/small.csv" | cut -d, -f3)" "13912345678"
expect_eq "landline with extension" "$(sed -n 6p "$T/small.csv" | cut -d, -f3)" "0755-88888888-123"
expect_eq "email lowercased" "$(sed -n 2p "$T/small.csv" | cut -d, -f4)" "zs@example.com"
expect_eq "gender 先生 → 男" "$(sed -n 2p "$T/small.csv" | cut -d, -f5)" "男"
expect_eq "latest purchase of the group, time kept" "$(sed -n 2p "$T/small.csv" | cut -d, -f6)" "2024-01-05 14:30:00"
expect_eq "amount ￥1,234.50元" "$(sed -n 2p "$T/small.csv" | cut -d, -f8)" "1234.5"
expect_eq "amount 1.2万" "$(sed -n 3p "$T/small.csv" | cut -d, -f8)" "12000"
expect_eq "notes keep inner spaces" "$(sed -n 2p "$T/small.csv" | cut -d, -f9)" "VIP  客户"
expect_eq "merged row fills the survivor's email" "$(sed -n 3p "$T/small.csv" | cut -d, -f4)" "ls@example.com"
expect_eq "problems of a bad row, named in Chinese" "$(sed -n 4p "$T/small.csv" | cut -d, -f10)" \
    "手机号无效;邮箱无效;日期有歧义;金额为负;次数无效"
expect_eq "missing name (id present)" "$(sed -n 5p "$T/small.csv" | cut -d, -f10)" "缺少姓名"
expect_eq "future date is a warning" "$(sed -n 6p "$T/small.csv" | cut -d, -f10)" "日期在未来"
expect_eq "problems column named in Chinese" "$(head -1 "$T/small.csv" | cut -d, -f10)" "问题"

# The output of clean is already clean: a second run changes nothing.
ck clean -q "$T/small.csv" >"$T/again.csv"
expect_file_eq "clean is idempotent (problems column recomputed in place)" "$T/again.csv" "$T/small.csv"

# Standard input and -o.
ck clean -q -o "$T/o.csv" <"$T/c.csv"
expect_file_eq "-o FILE from standard input" "$T/o.csv" "$T/small.csv"
ck clean -q - <"$T/c.csv" >"$T/dash.csv"
expect_file_eq "'-' is standard input" "$T/dash.csv" "$T/small.csv"

# --stats json and -q.
ck clean --stats json "$T/c.csv" >/dev/null 2>"$T/s.json"
expect_eq "--stats json" "$(cat "$T/s.json")" \
    '{"read":7,"written":5,"merged":2,"rejected":0,"flagged":3}'
invariant "small table" "$T/s.json"
ck clean -q --stats json "$T/c.csv" >/dev/null 2>"$T/q.err"
expect_eq "-q silences the accounting" "$(cat "$T/q.err")" ""
expect_exit "--stats bogus" 2 ck clean --stats xml "$T/c.csv"
ck clean --stats json --stats text "$T/c.csv" >/dev/null 2>"$T/st.err"
expect_eq "--stats text (the default) is the accounting line" "$(cat "$T/st.err")" \
    "custkit clean: read 7, written 5, merged 2, rejected 0, flagged 3"
printf 'name,phone\n' >"$T/empty.csv"
expect_exit "a table with a header only" 0 ck clean "$T/empty.csv"
expect_eq "header only: header and problems column" "$(cat "$T/out")" "name,phone,_problems"

# --merge-log.
ck clean -q --merge-log "$T/m.csv" "$T/c.csv" >/dev/null
expect_golden clean_small_merge_log.csv "$T/m.csv"
expect_eq "merge log starts with a BOM" "$(head -c 3 "$T/m.csv" | od -An -tx1 | tr -d ' ')" "efbbbf"
expect_eq "merge log mode 0600" "$(stat -c %a "$T/m.csv")" "600"

# --rejects alone: rows that cannot be a customer move there (original values, line, reason);
# 王五 has an id, so a bad phone and e-mail only flag the row.
ck clean --rejects "$T/r.csv" "$T/c.csv" >"$T/rej_out.csv" 2>"$T/rej.err"
expect_grep "rejected rows counted" "read 7, written 4, merged 2, rejected 1, flagged 2" "$T/rej.err"
expect_eq "rejects mode 0600" "$(stat -c %a "$T/r.csv")" "600"
expect_eq "rejects start with a BOM" "$(head -c 3 "$T/r.csv" | od -An -tx1 | tr -d ' ')" "efbbbf"
expect_eq "rejects keep the original values" "$(sed -n 2p "$T/r.csv")" "6,C004,,,,,,,,,缺少姓名"
expect_eq "a row with a key and bad optional values is kept, flagged" \
    "$(grep '^C003,' "$T/rej_out.csv" | cut -d, -f10)" \
    "手机号无效;邮箱无效;日期有歧义;金额为负;次数无效"
expect_eq "rejects header" "$(sed -n 1p "$T/r.csv" | sed 's/^\xef\xbb\xbf//')" \
    "行号,客户编号,姓名,手机,邮箱,性别,最近购买日期,购买次数,消费金额,备注,原因"
# --invalid flag --rejects: a copy for review, the rows stay flagged in the output.
ck clean -q --invalid flag --rejects "$T/r2.csv" "$T/c.csv" >"$T/flag.csv"
expect_eq "--invalid flag keeps rows" "$(wc -l <"$T/flag.csv")" "6"
expect_eq "--invalid flag still copies errors to --rejects" "$(wc -l <"$T/r2.csv")" "3"
expect_exit "--invalid reject without --rejects" 2 ck clean --invalid reject "$T/c.csv"
expect_exit "--invalid bogus" 2 ck clean --invalid drop "$T/c.csv"
ck clean -q --invalid unusable --rejects "$T/r3.csv" "$T/c.csv" >/dev/null
expect_file_eq "--invalid unusable --rejects" "$T/r3.csv" "$T/r.csv"
ck clean -q --invalid reject --rejects "$T/r5.csv" "$T/c.csv" >/dev/null
expect_eq "--invalid reject: every row with an error moves" "$(sed -n 2p "$T/r5.csv")" \
    "5,C003,王五,12345,bad@,M,05/01/2024,x,-5,,手机号无效;邮箱无效;日期有歧义;金额为负;次数无效"
expect_file_eq "--invalid reject: the rows --invalid flag copies" "$T/r5.csv" "$T/r2.csv"

# --strict: exit 1 after writing everything; 0 for a clean table.
expect_exit "--strict with errors" 1 ck clean --strict -o "$T/strict.csv" "$T/c.csv"
expect_file_eq "--strict writes the output first" "$T/strict.csv" "$T/small.csv"
head -3 "$T/small.csv" >"$T/good.csv"
expect_exit "--strict on a table without errors" 0 ck clean --strict "$T/good.csv"
expect_exit "--strict: warnings are not errors" 0 ck clean --strict --require name "$T/good.csv"

# --no-dedup, --key, --sum.
ck clean --no-dedup --stats json "$T/c.csv" >"$T/nd.csv" 2>"$T/nd.json"
expect_eq "--no-dedup writes every row" "$(cat "$T/nd.json")" \
    '{"read":7,"written":7,"merged":0,"rejected":0,"flagged":3}'
ck clean --key email --stats json "$T/c.csv" >/dev/null 2>"$T/k.json"
expect_eq "--key email: shared phones and ids do not merge" "$(cat "$T/k.json")" \
    '{"read":7,"written":7,"merged":0,"rejected":0,"flagged":3}'
ck clean --key phone,id --stats json "$T/c.csv" >/dev/null 2>"$T/k2.json"
expect_eq "--key phone,id" "$(cat "$T/k2.json")" '{"read":7,"written":5,"merged":2,"rejected":0,"flagged":3}'
expect_exit "--key with an unknown role" 2 ck clean --key telephone "$T/c.csv"
expect_exit "--key with a role the table lacks" 2 ck clean --key company "$T/c.csv"
cat >"$T/sum.csv" <<'EOF'
name,phone,orders,amount
Ann,13800000001,2,0.1
Ann,13800000001,3,0.2
Bob,13800000002,1,100.05
Bob,13800000002,1,"1,000.10"
EOF
ck clean -q --sum orders,amount "$T/sum.csv" >"$T/sum_out.csv"
expect_eq "--sum adds exactly to the cent" "$(cut -d, -f3,4 "$T/sum_out.csv" | tr '\n' ' ')" \
    "orders,amount 5,0.3 2,1100.15 "
ck clean -q "$T/sum.csv" >"$T/nosum.csv"
expect_eq "without --sum the survivor keeps its own" "$(sed -n 2p "$T/nosum.csv" | cut -d, -f3,4)" "2,0.1"
expect_exit "--sum of a non-summable role" 2 ck clean --sum name "$T/sum.csv"
expect_eq "English table: _problems column" "$(head -1 "$T/nosum.csv")" "name,phone,orders,amount,_problems"

# --require.
ck clean -q --require phone "$T/c.csv" >"$T/req.csv"
expect_eq "--require phone: missing phone" "$(grep -c '缺少手机' "$T/req.csv")" "1"
expect_eq "--require phone: name no longer required" "$(grep -c '缺少姓名' "$T/req.csv")" "0"
ck clean -q --require '' "$T/c.csv" >"$T/req0.csv"
expect_eq "--require '' requires nothing" "$(grep -c 缺少 "$T/req0.csv")" "0"
ck clean -q --require 'email/id' --no-dedup "$T/c.csv" >"$T/req2.csv"
expect_eq "--require a/b: one of them" "$(sed -n 5p "$T/req2.csv" | cut -d, -f10)" \
    "手机号无效;邮箱无效;日期有歧义;金额为负;次数无效"
expect_exit "--require a role the table lacks" 2 ck clean --require company "$T/c.csv"
expect_exit "--require an unknown role" 2 ck clean --require nom "$T/c.csv"

# --no-normalize, --date-order, --as-of, --lang, --col.
ck clean -q --no-normalize phone --no-dedup "$T/c.csv" >"$T/nn.csv"
expect_eq "--no-normalize phone keeps it as written" "$(sed -n 2p "$T/nn.csv" | cut -d, -f3)" "+86 138 1234 5678"
expect_eq "--no-normalize phone: not checked either" "$(sed -n 5p "$T/nn.csv" | cut -d, -f10)" \
    "邮箱无效;日期有歧义;金额为负;次数无效"
ck clean -q --date-order dmy "$T/c.csv" >"$T/dmy.csv"
expect_eq "--date-order dmy" "$(sed -n 4p "$T/dmy.csv" | cut -d, -f6)" "2024-01-05"
ck clean -q --date-order mdy "$T/c.csv" >"$T/mdy.csv"
expect_eq "--date-order mdy" "$(sed -n 4p "$T/mdy.csv" | cut -d, -f6)" "2024-05-01"
expect_exit "--date-order bogus" 2 ck clean --date-order ymd "$T/c.csv"
ck clean -q --as-of 2027-06-30 "$T/c.csv" >"$T/asof.csv"
expect_eq "--as-of later: no future date" "$(sed -n 6p "$T/asof.csv" | cut -d, -f10)" ""
ck clean -q --as-of 2024-01-31 "$T/c.csv" >"$T/asof2.csv"
expect_eq "--as-of earlier: more future dates" "$(grep -c '日期在未来' "$T/asof2.csv")" "2"
expect_exit "--as-of bogus" 2 ck clean --as-of yesterday "$T/c.csv"
ck clean -q --lang en "$T/c.csv" >"$T/en.csv"
expect_eq "--lang en names the problems column" "$(head -1 "$T/en.csv" | cut -d, -f10)" "_problems"
expect_eq "--lang en names the problems in English" "$(sed -n 4p "$T/en.csv" | cut -d, -f10)" \
    "bad phone;bad email;ambiguous date;negative amount;bad number"
expect_eq "--lang en writes gender M/F" "$(sed -n 2p "$T/en.csv" | cut -d, -f5)" "M"
printf 'who,tel,mail\nAnn,13800000001,\nAnn,138 0000 0001,a@x.cn\n' >"$T/col.csv"
ck clean --col name=who --col phone=tel --col email=mail --stats json "$T/col.csv" >"$T/col_out.csv" 2>"$T/col.json"
expect_eq "--col names the columns" "$(cat "$T/col.json")" \
    '{"read":2,"written":1,"merged":1,"rejected":0,"flagged":0}'
expect_exit "--col with an unknown header" 2 ck clean --col phone=nope "$T/col.csv"

# Usage and input errors.
expect_exit "--version" 0 ck clean --version
expect_exit "--help shows the manual" 0 ck clean --help
expect_grep "the manual has the survivor rule" "most non-empty fields" "$T/out"
expect_exit "two input tables" 2 ck clean "$T/c.csv" "$T/c.csv"
expect_exit "unknown option" 2 ck clean --frobnicate "$T/c.csv"
expect_exit "missing input file" 3 ck clean "$T/nope.csv"
expect_exit "--orphans without --orders" 2 ck clean --orphans "$T/x.csv" "$T/c.csv"
expect_exit "unwritable output" 4 ck clean -o /nonexistent/dir/out.csv "$T/c.csv"

# ---------------------------------------------------------------- orders roll-up by hand
cat >"$T/o.csv" <<'EOF'
订单号,客户编号,手机,下单日期,金额
1,C001,,2024-01-01,0.1
2,,138 1234 5678,2024/6/1 10:00,0.2
3,C002,,2024年2月2日,"1,000"
4,C999,,2024-02-02,5
5,C001,,2030-01-01,5
6,C001,,2024-02-30,5
7,C005,,2024-03-03,abc
8,,,2024-03-03,1
EOF
(cd "$T" && ck clean --orders o.csv --orphans orph.csv c.csv >roll.csv 2>roll.err)
expect_grep "orders accounting" "orders read 8, attached 3, orphaned 2, bad 3" "$T/roll.err"
expect_grep "replaced columns named" "replacing 最近购买日期, 购买次数, 消费金额" "$T/roll.err"
expect_golden clean_rollup.csv "$T/roll.csv"
expect_golden clean_orphans.csv "$T/orph.csv"
expect_eq "orders of a merged row count for the survivor; 0.1 + 0.2 = 0.3" \
    "$(sed -n 2p "$T/roll.csv" | cut -d, -f6,7,8,10)" "2024-06-01,2,0.3,2024-01-01"
expect_eq "a customer without orders gets 0 and empty dates" \
    "$(sed -n 6p "$T/roll.csv" | cut -d, -f6,7,8,10)" ",0,0,"
ck clean -q --orders "$T/o.csv" --keep-purchase-columns "$T/c.csv" >"$T/keep.csv"
expect_eq "--keep-purchase-columns keeps the table's own, adds first purchase" \
    "$(sed -n 2p "$T/keep.csv" | cut -d, -f6,7,8,10)" "2024-01-05 14:30:00,2,1234.5,2024-01-01"
printf 'x,y\n1,2\n' >"$T/bad_orders.csv"
expect_exit "orders without date or amount" 2 ck clean --orders "$T/bad_orders.csv" "$T/c.csv"
# an export whose headers no synonym knows: named with --orders-col, the same roll-up
sed -e '1s/.*/单据,会员号,顾客手机,成交日,实收/' "$T/o.csv" >"$T/o_odd.csv"
ck clean --orders "$T/o_odd.csv" "$T/c.csv" >/dev/null 2>"$T/odd.err"
expect_grep "unknown order headers: the message says how to name them" \
    "o_odd.csv: no order date column (下单日期, 订单日期, order_date, date; name it with --orders-col order_date=HEADER)" "$T/odd.err"
(cd "$T" && ck clean --orders o_odd.csv --orders-col id=会员号 --orders-col phone=顾客手机 \
    --orders-col order_date=成交日 --orders-col amount=实收 --orphans orph_odd.csv c.csv \
    >roll_odd.csv 2>roll_odd.err)
expect_file_eq "--orders-col: the same table as with known headers" "$T/roll.csv" "$T/roll_odd.csv"
expect_grep "--orders-col: the same accounting" "orders read 8, attached 3, orphaned 2, bad 3" \
    "$T/roll_odd.err"
ck clean --orders "$T/o_odd.csv" --orders-col amount=实付 "$T/c.csv" >/dev/null 2>"$T/odd2.err"
expect_grep "--orders-col naming a missing header" \
    "o_odd.csv: --orders-col amount: no column '实付' (columns: 单据, 会员号, 顾客手机, 成交日, 实收)" "$T/odd2.err"
expect_exit "--orders-col without --orders" 2 ck clean --orders-col amount=x "$T/c.csv"
expect_exit "--orders-col without =" 2 ck clean --orders "$T/o.csv" --orders-col amount "$T/c.csv"
expect_exit "unreadable orders file" 3 ck clean --orders "$T/none.csv" "$T/c.csv"
ck clean -q --orders "$T/o.csv" --orders "$T/o.csv" --stats json "$T/c.csv" >"$T/twice.csv" 2>&1
expect_eq "--orders twice: both streamed" "$(sed -n 2p "$T/twice.csv" | cut -d, -f7,8)" "4,0.6"

# ---------------------------------------------------------------- the examples
# Chinese GBK through import (the acceptance pipeline), and the English table.
ck import "$exd/customers_zh_gbk.csv" 2>/dev/null |
    ck clean --orders "$exd/orders.csv" --rejects "$T/zr.csv" --merge-log "$T/zm.csv" \
        --orphans "$T/zo.csv" --as-of 2026-09-30 >"$T/zh.csv" 2>"$T/zh.err"
expect_grep "acceptance pipeline prints rows and orders" "custkit clean: read 300, written .*; orders read" "$T/zh.err"
expect_golden clean_zh_gbk.csv "$T/zh.csv"
expect_golden clean_zh_gbk.rejects.csv "$T/zr.csv"
expect_golden clean_zh_gbk.merge_log.csv "$T/zm.csv"
expect_eq "dedup of the GBK table matches the truth (rejects excluded)" \
    "$($py "$chk" truth "$exd/customers_zh.csv" "$exd/customers_zh.truth.csv" "$T/zm.csv" "$T/zr.csv" | tail -1 | cut -c1-3)" "ok:"

ck clean --orders "$exd/orders_en.csv" --merge-log "$T/em.csv" --as-of 2026-09-30 \
    --stats json "$exd/customers_en.csv" >"$T/en_ex.csv" 2>"$T/en_ex.json"
expect_golden clean_en.csv "$T/en_ex.csv"
invariant "customers_en.csv" "$T/en_ex.json"
expect_eq "dedup of customers_en.csv matches the truth" \
    "$($py "$chk" truth "$exd/customers_en.csv" "$exd/customers_en.truth.csv" "$T/em.csv" | tail -1 | cut -c1-3)" "ok:"
expect_eq "roll-up of orders_en.csv equals an independent computation" \
    "$($py "$chk" rollup "$exd/customers_en.csv" "$exd/customers_en.truth.csv" "$exd/orders_en.csv" "$T/en_ex.csv" "$T/en_ex.json" 2026-09-30 | tail -1 | cut -c1-3)" "ok:"

ck clean --orders "$exd/orders.csv" --merge-log "$T/zm2.csv" --as-of 2026-09-30 \
    --stats json "$exd/customers_zh.csv" >"$T/zh2.csv" 2>"$T/zh2.json"
invariant "customers_zh.csv" "$T/zh2.json"
expect_eq "dedup of customers_zh.csv matches the truth" \
    "$($py "$chk" truth "$exd/customers_zh.csv" "$exd/customers_zh.truth.csv" "$T/zm2.csv" | tail -1 | cut -c1-3)" "ok:"
expect_eq "roll-up of orders.csv equals an independent computation" \
    "$($py "$chk" rollup "$exd/customers_zh.csv" "$exd/customers_zh.truth.csv" "$exd/orders.csv" "$T/zh2.csv" "$T/zh2.json" 2026-09-30 | tail -1 | cut -c1-3)" "ok:"
for f in customers_zh.csv customers_en.csv customers.xlsx; do
    [ -f "$exd/$f" ] || continue
    ck clean --rejects "$T/inv_r.csv" --stats json "$exd/$f" >/dev/null 2>"$T/inv.json"
    invariant "$f with --rejects" "$T/inv.json"
done

# ---------------------------------------------------------------- property: nothing is lost
for seed in 1 2 3; do
    mkdir -p "$T/p$seed"
    $py "$chk" gen "$seed" 300 "$T/p$seed"
    ck clean --merge-log "$T/p$seed/m.csv" --rejects "$T/p$seed/r.csv" --stats json \
        "$T/p$seed/in.csv" >"$T/p$seed/out.csv" 2>"$T/p$seed/s.json"
    invariant "random table $seed" "$T/p$seed/s.json"
    expect_eq "random table $seed: every value is in the output, merge log or rejects" \
        "$($py "$chk" property "$T/p$seed" "$T/p$seed/out.csv" "$T/p$seed/m.csv" "$T/p$seed/r.csv" "$T/p$seed/s.json" | tail -1 | cut -c1-3)" "ok:"
done

# ---------------------------------------------------------------- run facts for export
rm -f "$T/facts.jsonl"
(cd "$T" && CUSTKIT_FACTS="$T/facts.jsonl" ck clean -q --orders o.csv c.csv >/dev/null)
got=$($py -c 'import json,sys
f=json.loads(open(sys.argv[1]).read().strip().splitlines()[-1])
print(f["command"], f["inputs"], f["read"], f["written"], f["merged"], f["rejected"], f["flagged"],
      f["orders_read"], f["orders_attached"], f["orders_orphaned"], f["orders_bad"])' "$T/facts.jsonl" 2>&1)
expect_eq "CUSTKIT_FACTS gets the inputs and the counts" "$got" \
    "clean ['c.csv', 'o.csv'] 7 5 2 0 3 8 3 2 3"

# Orders of a rejected customer are orphans with their own reason, counted apart.
ck import "$ex/customers_zh_gbk.csv" | ck clean --orders "$ex/orders.csv" --rejects "$T/rj.csv" \
    --orphans "$T/orph.csv" >/dev/null 2>"$T/acct"
/usr/bin/python3 - "$T/rj.csv" "$T/orph.csv" "$ex/orders.csv" >"$T/orj" <<'PY'
import csv, sys
rej = list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig")))
orph = list(csv.DictReader(open(sys.argv[2], encoding="utf-8-sig")))
orders = list(csv.DictReader(open(sys.argv[3], encoding="utf-8")))
ids = {r["客户编号"] for r in rej if r["客户编号"]}
want = sum(1 for o in orders if o["客户编号"] in ids)
got = sum(1 for o in orph if o["原因"].startswith("客户行已剔除"))
print(want == got and got > 0, got)
PY
expect_eq "orders of rejected customers named as such" "$(cut -d' ' -f1 "$T/orj")" "True"
expect_grep "accounting says how many orphans were a rejected customer's" \
    "orphaned [0-9]* ($(cut -d' ' -f2 "$T/orj") of rejected customers)" "$T/acct"
