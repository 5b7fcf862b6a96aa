#!/bin/sh
# Tests of examples/gen.py, the deterministic generator of the example and benchmark data: it is
# reproducible, the committed examples are its output, and the truth files match the tables.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
gen="$ex/gen.py"
py=/usr/bin/python3
[ -x "$py" ] || py=python3

# The truth checker: line numbers point at record starts, and dedup by normalised phone, email
# and id (SPEC §4) groups the rows exactly as the truth file says, with or without invalid values.
cat >"$T/truth.py" <<'PY'
import csv, re, sys
FW = str.maketrans("０１２３４５６７８９", "0123456789")
def phone(v):
    s = v.strip().translate(FW)
    if not s:
        return None, False
    ext = ""
    if "转" in s:
        s, ext = s.split("转")
        ext = ext.strip()
    d = re.sub(r"[\s\-.()]", "", s)
    if d.startswith("+86"):
        d = d[3:]
    elif d.startswith("0086") and len(d) == 15:
        d = d[4:]
    elif d.startswith("86") and len(d) == 13:
        d = d[2:]
    if re.fullmatch(r"1[3-9]\d{9}", d) or re.fullmatch(r"\+\d{8,15}", d):
        return d, True
    if re.fullmatch(r"0\d{9,14}", d):
        return d + "x" + ext, True
    return "invalid:" + v.strip(), False
def email(v):
    s = v.strip().lower()
    if not s:
        return None, False
    return s, re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", s) is not None
table, truth = sys.argv[1], sys.argv[2]
with open(table, encoding="utf-8", newline="") as f:
    r = csv.reader(f)
    hdr = next(r)
    rows, prev = [], r.line_num
    for rec in r:
        rows.append((prev + 1, rec))
        prev = r.line_num
with open(truth, encoding="utf-8", newline="") as f:
    tr = list(csv.reader(f))
if tr[0] != ["line", "customer"] or len(tr) - 1 != len(rows):
    sys.exit("truth header or row count wrong: %r, %d vs %d" % (tr[0], len(tr) - 1, len(rows)))
for (ln, rec), t in zip(rows, tr[1:]):
    if int(t[0]) != ln or len(rec) != len(hdr):
        sys.exit("truth line %s, record starts at line %d with %d fields" % (t[0], ln, len(rec)))
ids = [t[1] for t in tr[1:]]
if len(set(r[0] for _, r in rows)) != len(rows):
    sys.exit("customer ids are not unique")
ip, ie = hdr.index(sys.argv[3]), hdr.index(sys.argv[4])
for valid_only in (True, False):
    parent = list(range(len(rows)))
    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x
    seen = {}
    for i, (_, rec) in enumerate(rows):
        keys = [("id", rec[0].strip())]
        for kind, (k, ok) in (("p", phone(rec[ip])), ("e", email(rec[ie]))):
            if k is not None and (ok or not valid_only):
                keys.append((kind, k))
        for k in keys:
            if k in seen:
                parent[find(i)] = find(seen[k])
            else:
                seen[k] = i
    groups = {}
    for i, t in enumerate(ids):
        groups.setdefault(find(i), set()).add(t)
    people = {}
    for i, t in enumerate(ids):
        people.setdefault(t, set()).add(find(i))
    wrong = [g for g in groups.values() if len(g) > 1] + [p for p, g in people.items() if len(g) > 1]
    if wrong:
        sys.exit("dedup disagrees with the truth (valid keys only: %s): %r" % (valid_only, wrong[:5]))
dups = len(ids) - len(set(ids))
sizes = [ids.count(t) for t in set(ids)]
if not (0.07 <= dups / len(ids) <= 0.16 and max(sizes) >= 3):
    sys.exit("duplicates: %d rows, largest group %d" % (dups, max(sizes)))
print("%d rows, %d people" % (len(rows), len(set(ids))))
PY

# 1. Deterministic: two runs give the same bytes.
python3 "$gen" -q --examples "$T/a" && python3 "$gen" -q --examples "$T/b"
for f in customers_zh.csv customers_zh.truth.csv customers_zh_gbk.csv customers_en.csv \
    customers_en.truth.csv orders.csv orders_en.csv orders_q2.csv customers.xlsx; do
    if [ -s "$T/a/$f" ] && cmp -s "$T/a/$f" "$T/b/$f"; then ok "deterministic $f"; else
        not_ok "deterministic $f" "two runs differ or $f is missing"; fi
done

# 2. The committed examples are exactly the generator's output (nobody edits them by hand).
for f in customers_zh.csv customers_zh.truth.csv customers_zh_gbk.csv customers_en.csv \
    customers_en.truth.csv orders.csv orders_en.csv orders_q2.csv; do
    expect_file_eq "committed $f is gen.py's output" "$ex/$f" "$T/a/$f"
done
# XLSX: compare the parts, not the bytes (another zlib may deflate differently).
if python3 - "$ex/customers.xlsx" "$T/a/customers.xlsx" <<'PY'
import sys, zipfile
a, b = (zipfile.ZipFile(p) for p in sys.argv[1:3])
sys.exit(0 if a.namelist() == b.namelist() and
         all(a.read(n) == b.read(n) for n in a.namelist()) else 1)
PY
then ok "committed customers.xlsx is gen.py's output"; else
    not_ok "committed customers.xlsx is gen.py's output"; fi
for f in "$ex"/*.csv "$ex"/*.xlsx; do
    s=$(wc -c <"$f")
    if [ "$s" -lt 1048576 ]; then ok "$(basename "$f") is small ($s bytes)"; else
        not_ok "$(basename "$f") is small" "$s bytes"; fi
done

# 3. The truth files agree with the tables.
for pair in "zh 手机 邮箱" "en phone email"; do
    # shellcheck disable=SC2086 # split "zh 手机 邮箱" into its words
    set -- $pair
    if out=$($py "$T/truth.py" "$ex/customers_$1.csv" "$ex/customers_$1.truth.csv" "$2" "$3" 2>&1)
    then ok "customers_$1.truth.csv: $out"; else not_ok "customers_$1.truth.csv" "$out"; fi
done

# 4. The GB18030 file: Chinese header, CRLF record ends, same text as customers_zh.csv.
if iconv -f GB18030 -t UTF-8 "$ex/customers_zh_gbk.csv" >"$T/gbk.csv" 2>"$T/err"; then
    ok "customers_zh_gbk.csv decodes as GB18030"; else not_ok "GB18030 decode" "$(cat "$T/err")"; fi
tr -d '\r' <"$T/gbk.csv" >"$T/gbk-lf.csv"
expect_file_eq "customers_zh_gbk.csv = customers_zh.csv after iconv and CRLF→LF" \
    "$T/gbk-lf.csv" "$ex/customers_zh.csv"
if iconv -f UTF-8 -t UTF-8 "$ex/customers_zh_gbk.csv" >/dev/null 2>&1; then
    not_ok "customers_zh_gbk.csv is not valid UTF-8"; else ok "customers_zh_gbk.csv is not valid UTF-8"; fi
expect_eq "customers_zh_gbk.csv ends records with CRLF" \
    "$(grep -c "$(printf '\r')\$" "$ex/customers_zh_gbk.csv")" \
    "$(($(wc -l <"$ex/customers_zh.truth.csv")))"
expect_eq "customers_zh_gbk.csv header" "$(head -1 "$T/gbk-lf.csv")" \
    "客户编号,姓名,性别,手机,邮箱,公司,省份,城市,行业,出生日期,首次购买日期,最近购买日期,购买次数,消费金额,备注"

# 5. Orders: ids known except the orphans, q2 is the valid orders up to 2026-06-30.
if out=$($py - "$ex" <<'PY' 2>&1
import csv, datetime, re, sys
ex = sys.argv[1]
def load(n):
    with open("%s/%s" % (ex, n), encoding="utf-8", newline="") as f:
        return list(csv.reader(f))
def day(s):
    m = re.match(r"(\d{4})[-/年](\d{1,2})[-/月](\d{1,2})", s)
    try:
        return datetime.date(*map(int, m.groups()))
    except (ValueError, AttributeError):
        return None
for cust, orders, hdr in (("customers_zh.csv", "orders.csv", "订单号,客户编号,下单日期,订单金额,商品,数量"),
                          ("customers_en.csv", "orders_en.csv", "order_id,customer_id,order_date,amount,product,quantity")):
    ids = set(r[0] for r in load(cust)[1:])
    o = load(orders)
    assert ",".join(o[0]) == hdr, o[0]
    o = o[1:]
    assert 2500 <= len(o) <= 3600, len(o)
    orphans = [r for r in o if r[1] not in ids]
    assert len(orphans) == 20 and all(r[1].startswith("KH9") for r in orphans), len(orphans)
    bad_date = [r for r in o if day(r[2]) is None]
    bad_amount = [r for r in o if not re.fullmatch(r"[¥$]?[\d,]+(\.\d+)?", r[3])]
    assert 3 <= len(bad_date) and 3 <= len(bad_amount) and len(bad_date) + len(bad_amount) <= 20
    days = [day(r[2]) for r in o if day(r[2])]
    assert min(days) >= datetime.date(2024, 1, 1) and max(days) <= datetime.date(2026, 9, 30)
    assert len(set(r[0] for r in o)) == len(o), "order ids repeat"
    used = set(r[1] for r in o)
    assert len(ids - used) >= 20, "too few prospects"
q2 = load("orders_q2.csv")
want = [r for r in load("orders.csv") if r[0] == "订单号" or (day(r[2]) and day(r[2]) <= datetime.date(2026, 6, 30))]
assert q2 == want, "orders_q2.csv is not orders.csv up to 2026-06-30"
print("ok")
PY
); then ok "orders files: ids, orphans, bad rows, date range, q2 subset"; else
    not_ok "orders files" "$out"; fi

# 6. The workbook opens in an independent reader with the cell types it promises.
if $py -c "import openpyxl" 2>/dev/null; then
    if out=$($py - "$ex/customers.xlsx" "$ex/customers_zh.csv" <<'PY' 2>&1
import csv, datetime, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
assert wb.sheetnames == ["客户名单", "带标题"], wb.sheetnames
ws = wb["客户名单"]
with open(sys.argv[2], encoding="utf-8", newline="") as f:
    rows = list(csv.reader(f))
got = list(ws.iter_rows(values_only=True))
assert len(got) == len(rows), (len(got), len(rows))
assert list(got[0]) == rows[0]
types = {}
for g, r in zip(got[1:], rows[1:]):
    assert g[0] == r[0] and isinstance(g[0], str)       # ids stay text (15 digits, zeros)
    assert (g[14] or "") == r[14]                        # notes, with newlines and quotes
    for i in (3, 9, 10, 11, 13):
        types.setdefault(i, set()).add(type(g[i]).__name__)
    for i in (9, 10, 11):                                # real dates where the text is one
        if len(r[i]) == 10 and r[i][4] == "-":
            try:
                d = datetime.date.fromisoformat(r[i])
            except ValueError:
                assert g[i] == r[i], (g[i], r[i])        # impossible dates stay text
            else:
                assert g[i] == datetime.datetime(d.year, d.month, d.day), (g[i], r[i])
assert {"int", "str"} <= types[3], types[3]              # phones as numbers and as text
assert {"datetime", "str"} <= types[9] and "datetime" in types[11]
assert {"int", "float", "str"} <= types[13], types[13]
assert any(len(r[0]) == 15 and r[0].isdigit() for r in rows[1:])
t = list(wb["带标题"].iter_rows(max_row=3, values_only=True))
assert t[0][0] and t[0][1] is None and list(t[1]) == rows[0] and t[2][0] == rows[1][0]
print("ok")
PY
    ); then ok "customers.xlsx opens in openpyxl with typed cells"; else
        not_ok "customers.xlsx in openpyxl" "$out"; fi
else
    skip "customers.xlsx opens in openpyxl with typed cells" "openpyxl is not installed"
fi

# 7. Large mode, at a small size: deterministic, truth consistent, workbook readable.
for d in big1 big2; do
    python3 "$gen" -q --customers 3000 --orders 15000 --out "$T/$d" || not_ok "large mode ran"
done
for f in customers.csv customers_gbk.csv customers.truth.csv orders.csv customers.xlsx; do
    if [ -s "$T/big1/$f" ] && cmp -s "$T/big1/$f" "$T/big2/$f"; then ok "large mode deterministic $f"
    else not_ok "large mode deterministic $f"; fi
done
expect_eq "large mode writes the rows asked for" "$(($(wc -l <"$T/big1/customers.truth.csv") - 1))" 3000
if out=$($py "$T/truth.py" "$T/big1/customers.csv" "$T/big1/customers.truth.csv" 手机 邮箱 2>&1)
then ok "large mode truth: $out"; else not_ok "large mode truth" "$out"; fi
no=$(($(wc -l <"$T/big1/orders.csv") - 1))
if [ "$no" -ge 12000 ] && [ "$no" -le 18000 ]; then ok "large mode orders near 15000 ($no)"; else
    not_ok "large mode orders near 15000" "$no"; fi
iconv -f GB18030 -t UTF-8 "$T/big1/customers_gbk.csv" | tr -d '\r' >"$T/big-gbk.csv"
expect_file_eq "large mode GB18030 copy" "$T/big-gbk.csv" "$T/big1/customers.csv"
if $py -c "import openpyxl" 2>/dev/null; then
    got=$($py -c "import openpyxl,sys; ws=openpyxl.load_workbook(sys.argv[1], read_only=True).worksheets[0]; print(sum(1 for _ in ws.iter_rows()))" "$T/big1/customers.xlsx" 2>&1)
    expect_eq "large mode workbook has header + 3000 rows" "$got" 3001
else
    skip "large mode workbook has header + 3000 rows" "openpyxl is not installed"
fi
python3 "$gen" -q --customers 500 --orders 2000 --formats csv --out "$T/csvonly"
expect_eq "--formats csv writes only the CSV" "$(cd "$T/csvonly" && echo *)" \
    "customers.csv customers.truth.csv orders.csv"
expect_exit "unknown format is an error" 2 python3 "$gen" --customers 10 --out "$T/x" --formats pdf
expect_exit "no mode is a usage error" 2 python3 "$gen"
expect_exit "--customers 0 is a usage error" 2 python3 "$gen" --customers 0 --out "$T/x"

# 8. examples/README.md tells the true counts.
for f in customers_zh customers_en; do
    people=$(tail -n +2 "$ex/$f.truth.csv" | cut -d, -f2 | sort -u | wc -l)
    expect_grep "README: $f.csv has $people people" "$people people" "$ex/README.md"
done
for f in orders orders_en; do
    cnt=$(python3 -c 'import sys; print("{:,}".format(sum(1 for _ in open(sys.argv[1])) - 1))' "$ex/$f.csv")
    expect_grep "README: $f.csv has $cnt orders" "$cnt orders" "$ex/README.md"
done
