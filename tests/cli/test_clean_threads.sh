#!/bin/sh
# test_clean_threads.sh — clean on a table large enough for every threaded path (the key index
# folded a chunk ahead and finished in halves, the output formatted a batch ahead): the same
# bytes as with CUSTKIT_THREADS=1, fields that need quotes written as CSV, the problems column
# kept where the input has it, and the people the table holds twice merged.
. "$(dirname "$0")/../lib.sh"
py=/usr/bin/python3

# 20000 customers; customer r < 10000 with r % 5 == 0 appears again as row r + 10000 (same
# phone); remarks with a comma, a quote and a line break; orders for a few customers.
$py - "$T" <<'PY'
import csv, sys
d = sys.argv[1]
with open(d + "/c.csv", "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["客户编号", "姓名", "问题", "手机", "邮箱", "备注", "消费金额"])
    for r in range(20000):
        p = r - 10000 if r >= 10000 and (r - 10000) % 5 == 0 else r
        note = {0: "", 1: "大客户, 华东", 2: 'says "hi"', 3: "two\nlines"}[r % 4]
        w.writerow(["KH%07d" % r, "张伟", "", "139%08d" % (p * 7 + 1), "u%d@example.com" % r,
                    note, "%d.50" % (r % 900)])
with open(d + "/o.csv", "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["订单号", "客户编号", "下单日期", "订单金额"])
    for i in range(3000):
        w.writerow(["DD%06d" % i, "KH%07d" % (i * 6 % 20000), "2026-0%d-1%d" % (i % 9 + 1, i % 10),
                    "%d.00" % (i % 500 + 1)])
PY

run() { # run DIR [env...]: clean with every output file into DIR
    mkdir -p "$T/$1"
    dir=$1
    shift
    env "$@" "$CUSTKIT" clean --as-of 2026-09-30 --orders "$T/o.csv" --rejects "$T/$dir/rej.csv" \
        --merge-log "$T/$dir/merge.csv" --orphans "$T/$dir/orph.csv" "$T/c.csv" \
        >"$T/$dir/out.csv" 2>"$T/$dir/err"
    echo $? >"$T/$dir/rc"
}
run two
run one CUSTKIT_THREADS=1
expect_eq "threads: exit 0" "$(cat "$T/two/rc")" 0
for f in out.csv rej.csv merge.csv orph.csv err; do
    expect_file_eq "CUSTKIT_THREADS=1: the same $f" "$T/one/$f" "$T/two/$f"
done
expect_grep "2000 rows merged, 18000 written" "written 18000, merged 2000" "$T/two/err"

# Read back as CSV: as many rows as written, the problems column third as in the input, the
# remarks as they were.
got=$($py - "$T/two/out.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8", newline="")))
h, body = rows[0], rows[1:]
by = {r[0]: r for r in body}
print(len(body), h[2], all(len(r) == len(h) for r in body),
      repr(by["KH0000001"][5]), repr(by["KH0000002"][5]), repr(by["KH0019003"][5]))
PY
)
expect_eq "read back: rows, problems column, remarks" "$got" \
    "18000 问题 True '大客户, 华东' 'says \"hi\"' 'two\\nlines'"
