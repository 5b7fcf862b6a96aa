#!/usr/bin/python3
# clean_check.py — independent checks of `custkit clean` for tests/cli/test_clean.sh (Python
# standard library only): dedup against the generator's truth, the orders roll-up, the property.
"""Usage:
  clean_check.py truth CUSTOMERS.csv TRUTH.csv MERGE_LOG.csv [REJECTS.csv]
      Rows of one true customer are merged, rows of different customers are not.
  clean_check.py rollup CUSTOMERS.csv TRUTH.csv ORDERS.csv OUTPUT.csv STATS.json AS_OF
      Per customer orders count, amount sum, first and last order dates, and the accounting of
      orders (attached, orphaned, bad), computed here from the files and compared with clean's.
  clean_check.py gen SEED N DIR
      A random messy table DIR/in.csv and DIR/expect.json (each cell's normalised form).
  clean_check.py property DIR OUTPUT.csv MERGE_LOG.csv REJECTS.csv STATS.json
      Every original non-empty value is in the output, the merge log or the rejects file.
Prints "ok" or the differences; exit status 0 when everything matches.
"""
import csv
import datetime
import json
import random
import re
import sys
from decimal import Decimal, InvalidOperation


def read_rows(path):
    """Header and [(start line, row)] of a CSV file (BOM dropped)."""
    with open(path, encoding="utf-8-sig", newline="") as f:
        r = csv.reader(f)
        header = next(r)
        rows, start = [], r.line_num + 1
        for row in r:
            rows.append((start, row))
            start = r.line_num + 1
        return header, rows


def fail(msgs):
    for m in msgs[:20]:
        print("#", m)
    print("FAILED (%d problems)" % len(msgs))
    return 1


def groups_from_log(log_path):
    """kept line → set of lines in its group, from a merge log."""
    header, rows = read_rows(log_path)
    g = {}
    for _, row in rows:
        kept, merged = int(row[0]), int(row[1])
        g.setdefault(kept, {kept}).add(merged)
    return g


def cmd_truth(customers, truth, log, rejects=None):
    _, truth_rows = read_rows(truth)
    person = {int(r[0]): r[1] for _, r in truth_rows}
    _, crow = read_rows(customers)
    if sorted(person) != [l for l, _ in crow]:
        return fail(["truth lines do not match the customer file's records"])
    rejected = set()
    if rejects:
        _, rr = read_rows(rejects)
        rejected = {int(r[0]) for _, r in rr}
    group_of = {}
    for kept, lines in groups_from_log(log).items():
        for l in lines:
            if l in group_of:
                return [fail(["line %d in two groups" % l])]
            group_of[l] = kept
    msgs = []
    by_person, lost_bridge = {}, set()
    for line, p in person.items():
        if line in rejected:
            lost_bridge.add(p)  # a rejected row may have been the only link of its group
            continue
        by_person.setdefault(p, set()).add(group_of.get(line, line))
    for p, gs in by_person.items():
        if len(gs) != 1 and p not in lost_bridge:
            msgs.append("customer %s split over groups %s" % (p, sorted(gs)))
    owner = {}
    for p, gs in by_person.items():
        for g in gs:
            if g in owner and owner[g] != p:
                msgs.append("customers %s and %s merged (group of line %d)" % (owner[g], p, g))
            owner[g] = p
    if msgs:
        return fail(msgs)
    print("ok: %d customers, %d rows, %d rejected" % (len(by_person), len(person), len(rejected)))
    return 0


DATE_RE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$")


def parse_date(s):
    s = s.strip()
    m = DATE_RE.match(s)
    if not m and re.match(r"^\d{8}$", s):
        m = re.match(r"^(\d{4})(\d{2})(\d{2})$", s)
    if not m:
        return None
    try:
        return datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def parse_amount(s):
    t = s.strip().replace(",", "").replace(" ", "")
    for w in ("RMB", "rmb", "¥", "￥", "元", "$"):
        t = t.replace(w, "")
    mult = Decimal(1)
    if t.endswith("万"):
        t, mult = t[:-1], Decimal(10000)
    if not re.match(r"^\d+(\.\d+)?$", t):
        return None
    try:
        return (Decimal(t) * mult).quantize(Decimal("0.01"))
    except InvalidOperation:
        return None


def fold_id(s):
    out = []
    for ch in s.strip():
        c = ord(ch)
        if 0xFF01 <= c <= 0xFF5E:
            ch = chr(c - 0xFEE0)
        if not ch.isspace():
            out.append(ch.lower())
    return "".join(out)


def cmd_rollup(customers, truth, orders, output, stats, as_of):
    as_of = datetime.date.fromisoformat(as_of)
    _, truth_rows = read_rows(truth)
    person = {int(r[0]): r[1] for _, r in truth_rows}
    cheader, crows = read_rows(customers)
    idc = 0  # the id column is the first in the generator's tables
    pid_of_id = {}
    for line, row in crows:
        if row[idc].strip():
            pid_of_id[fold_id(row[idc])] = person[line]
    oheader, orows = read_rows(orders)
    oi = {h: i for i, h in enumerate(oheader)}
    kcol = oi.get("客户编号", oi.get("customer_id"))
    dcol = oi.get("下单日期", oi.get("order_date"))
    acol = oi.get("订单金额", oi.get("amount"))
    per = {}
    attached = orphaned = bad = 0
    for _, row in orows:
        p = pid_of_id.get(fold_id(row[kcol]))
        if p is None:
            orphaned += 1
            continue
        d, a = parse_date(row[dcol]), parse_amount(row[acol])
        if d is None or a is None or d > as_of:
            bad += 1
            continue
        attached += 1
        c = per.setdefault(p, [0, Decimal(0), d, d])
        c[0] += 1
        c[1] += a
        c[2] = min(c[2], d)
        c[3] = max(c[3], d)
    msgs = []
    with open(stats, encoding="utf-8") as f:
        st = json.loads(f.read().strip().splitlines()[-1])
    want = {"orders_read": len(orows), "orders_attached": attached,
            "orders_orphaned": orphaned, "orders_bad": bad, "orders_excluded": 0}
    for k, v in want.items():
        if st.get(k) != v:
            msgs.append("%s: clean says %s, independent count %d" % (k, st.get(k), v))
    oh, out = read_rows(output)
    col = {h: i for i, h in enumerate(oh)}
    names = ("首次购买日期", "最近购买日期", "购买次数", "消费金额") if "姓名" in col else \
        ("first_purchase", "last_purchase", "orders", "amount")
    seen = set()
    for _, row in out:
        p = pid_of_id.get(fold_id(row[idc]))
        if p is None:
            msgs.append("output row with unknown id %r" % row[idc])
            continue
        if p in seen:
            msgs.append("customer %s appears twice in the output" % p)
        seen.add(p)
        c = per.get(p)
        exp = [str(c[2]), str(c[3]), str(c[0]), c[1]] if c else ["", "", "0", Decimal(0)]
        got = [row[col[n]] for n in names]
        if got[:3] != exp[:3] or Decimal(got[3] or "0") != exp[3]:
            msgs.append("customer %s: got %s, want %s" % (p, got, exp[:3] + [str(exp[3])]))
        elif c and got[3] != format(exp[3].normalize(), "f"):
            msgs.append("customer %s: amount %s not in shortest form" % (p, got[3]))
    if msgs:
        return fail(msgs)
    print("ok: %d customers, %d orders attached" % (len(seen), attached))
    return 0


# ---------------------------------------------------------------- property test

SURNAMES = "张王李赵刘陈杨黄周吴"
GIVEN = "伟芳娜敏静丽强磊洋艳勇军杰涛明"


def phone_forms(rng, m):
    """(written, normalised) forms of mainland mobile m."""
    full = "".join(chr(ord(c) + 0xFEE0) for c in m)
    return rng.choice([(m, m), ("+86 %s %s %s" % (m[:3], m[3:7], m[7:]), m),
                       ("%s-%s-%s" % (m[:3], m[3:7], m[7:]), m), ("0086" + m, m), (full, m)])


def cmd_gen(seed, n, d):
    rng = random.Random(int(seed))
    n = int(n)
    people = []
    for i in range(max(1, n * 2 // 3)):
        people.append({
            "id": "C%05d" % i,
            "name": rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(["", rng.choice(GIVEN)]),
            "phone": "1%d%09d" % (rng.choice([3, 5, 8, 9]), rng.randrange(10 ** 9)),
            "email": "u%d@example.com" % i,
        })
    header = ["客户编号", "姓名", "手机", "邮箱", "公司", "城市", "备注"]
    rows, expect = [], []
    for _ in range(n):
        p = rng.choice(people)
        w, e = [], []

        def put(written, norm):
            w.append(written)
            e.append(norm)
        r = rng.random()
        put(*((p["id"], p["id"]) if r < 0.6 else ("", "")))
        nm = p["name"]
        put(*rng.choice([(nm, nm), ("  " + nm + " ", nm), ("", "")]))
        r = rng.random()
        if r < 0.7:
            put(*phone_forms(rng, p["phone"]))
        elif r < 0.8:
            put("12345", "12345")  # bad phone: an error, rejected
        else:
            put("", "")
        r = rng.random()
        em = p["email"]
        if r < 0.5:
            put(*rng.choice([(em, em), (em.upper(), em), (" " + em, em)]))
        elif r < 0.55:
            put("not-an-email", "not-an-email")
        else:
            put("", "")
        co = rng.choice(["", "甲公司", "乙 有限公司", "Acme  Ltd"])
        put(co, " ".join(co.split()))
        city = rng.choice(["", "上海", "深圳", "杭州"])
        put(city, city + "市" if city else "")  # clean writes the official name
        note = rng.choice(["", "VIP", "x" * rng.randrange(1, 5), "请  回电"])
        put(note, note.strip())
        rows.append(w)
        expect.append(e)
    with open(d + "/in.csv", "w", encoding="utf-8", newline="") as f:
        wr = csv.writer(f, lineterminator="\n")
        wr.writerow(header)
        wr.writerows(rows)
    with open(d + "/expect.json", "w", encoding="utf-8") as f:
        json.dump({"header": header, "rows": rows, "norm": expect}, f, ensure_ascii=False)
    return 0


def cmd_property(d, output, log, rejects, stats):
    with open(d + "/expect.json", encoding="utf-8") as f:
        ex = json.load(f)
    header = ex["header"]
    nc = len(header)
    oh, out = read_rows(output)
    lh, logrows = read_rows(log)
    rh, rejrows = read_rows(rejects)
    msgs = []
    with open(stats, encoding="utf-8") as f:
        st = json.loads(f.read().strip().splitlines()[-1])
    if st["read"] != len(ex["rows"]) or st["read"] != st["written"] + st["merged"] + st["rejected"]:
        msgs.append("accounting: %s" % st)
    if (st["written"], st["merged"], st["rejected"]) != (len(out), len(logrows), len(rejrows)):
        msgs.append("files disagree with the accounting: %d output, %d merged, %d rejected"
                    % (len(out), len(logrows), len(rejrows)))
    rejected = {int(r[0]): r[1:1 + nc] for _, r in rejrows}
    merged = {int(r[1]): r[5:5 + nc] for _, r in logrows}
    out_values = [set(row[c] for _, row in out) for c in range(nc)]
    for i, (orig, norm) in enumerate(zip(ex["rows"], ex["norm"])):
        line = i + 2
        for c in range(nc):
            if not orig[c]:
                continue
            if line in rejected:
                ok = rejected[line][c] == orig[c]
            elif line in merged:
                ok = merged[line][c] == norm[c]
            else:
                ok = norm[c] in out_values[c]
            if not ok:
                msgs.append("line %d column %s: %r (normalised %r) lost" % (line, header[c],
                                                                             orig[c], norm[c]))
    if msgs:
        return fail(msgs)
    print("ok: %d rows, every value accounted for" % len(ex["rows"]))
    return 0


def main(argv):
    cmds = {"truth": cmd_truth, "rollup": cmd_rollup, "gen": cmd_gen, "property": cmd_property}
    if len(argv) < 2 or argv[1] not in cmds:
        print(__doc__)
        return 2
    return cmds[argv[1]](*argv[2:])


if __name__ == "__main__":
    sys.exit(main(sys.argv))
