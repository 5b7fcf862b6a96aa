#!/usr/bin/python3
# segment_check.py — an independent recomputation (Python standard library only) of what
# `custkit segment` wrote: value tiers, RFM scores and segments, rfm8 classes, lifecycle stages,
# and --compare movements, checked field by field. Prints "ok ..." or the mismatches, exit 1.
#
#   segment_check.py MODEL OUT.csv --as-of YYYY-MM-DD [--top 20,30 | --tiers SPEC]
#                    [--new-days N] [--windows A,B]
#   segment_check.py compare CUR.csv PREV.csv [LOST.csv]
#   segment_check.py mantable MANPAGE
import csv
import datetime
import math
import re
import sys

ROLES = {
    "id": ["客户编号", "客户id", "编号", "customer_id", "id", "customer id"],
    "phone": ["手机", "手机号", "手机号码", "电话", "联系电话", "联系方式", "phone", "mobile", "tel"],
    "email": ["邮箱", "电子邮箱", "email", "e-mail"],
    "first": ["首次购买日期", "首购日期", "first_purchase", "first order date"],
    "last": ["最近购买日期", "最后购买日期", "最近消费时间", "last_purchase", "last order date"],
    "orders": ["购买次数", "消费次数", "订单数", "orders", "order_count", "frequency"],
    "amount": ["消费金额", "累计消费", "购买金额", "总金额", "amount", "total_spent", "monetary"],
}
# The warnings of SPEC §4 in both languages of the problems column; any other name is an error.
WARNINGS = {"outlier", "future date", "bad gender", "异常值", "日期在未来", "性别无效"}

# The published RFM segment table (231/241/251 kept under About To Sleep only), best first.
RFM_SEGMENTS = [
    ("Champions", "冠军客户", "555 554 544 545 454 455 445"),
    ("Loyal Customers", "忠诚客户", "543 444 435 355 354 345 344 335"),
    ("Potential Loyalist", "潜力客户",
     "553 551 552 541 542 533 532 531 452 451 442 441 431 453 433 432 423 353 352 351 342 341 333 323"),
    ("New Customers", "新客户", "512 511 422 421 412 411 311"),
    ("Promising", "有望客户", "525 524 523 522 521 515 514 513 425 424 413 414 415 315 314 313"),
    ("Need Attention", "需关注客户", "535 534 443 434 343 334 325 324"),
    ("About To Sleep", "将流失客户", "331 321 312 221 213 231 241 251"),
    ("At Risk", "高风险客户",
     "255 254 245 244 253 252 243 242 235 234 225 224 153 152 145 143 142 135 134 133 125 124"),
    ("Can't Lose Them", "不能失去的客户", "155 154 144 214 215 115 114 113"),
    ("Hibernating", "休眠客户", "332 322 233 232 223 222 132 123 122 212 211"),
    ("Lost", "流失客户", "111 112 121 131 141 151"),
]
RFM8 = {  # (R high, F high, M high) -> rank, zh, en
    (1, 1, 1): (1, "重要价值客户", "Important value"),
    (1, 0, 1): (2, "重要发展客户", "Important development"),
    (0, 1, 1): (3, "重要保持客户", "Important retention"),
    (0, 0, 1): (4, "重要挽留客户", "Important win-back"),
    (1, 1, 0): (5, "一般价值客户", "General value"),
    (1, 0, 0): (6, "一般发展客户", "General development"),
    (0, 1, 0): (7, "一般保持客户", "General retention"),
    (0, 0, 0): (8, "一般挽留客户", "General win-back"),
}
LIFECYCLE = {"active": (1, "活跃客户", "Active"), "new": (2, "新客户", "New"),
             "dormant": (3, "沉睡客户", "Dormant"), "lost": (4, "流失客户", "Lost")}


def fold(h):
    return h.strip().lower().replace(" ", "").replace("_", "").replace("-", "")


def find(header, role):
    want = [fold(x) for x in ROLES[role]]
    for i, h in enumerate(header):
        if fold(h) in want:
            return i
    return None


def date_of(s):
    try:
        return datetime.date.fromisoformat(s[:10])
    except ValueError:
        return None


def num_of(s):
    try:
        v = float(s)
        return v if math.isfinite(v) else None
    except ValueError:
        return None


def percentile(xs, p):
    n = len(xs)
    h = (n - 1) * p / 100
    lo = math.floor(h)
    if lo >= n - 1:
        return xs[n - 1]
    return xs[lo] + (h - lo) * (xs[lo + 1] - xs[lo])


def below(v, breaks):
    return sum(1 for b in breaks if b < v)


def read(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def main_model(argv):
    model, path = argv[0], argv[1]
    opts = {"--top": "20,30", "--tiers": None, "--new-days": "90", "--windows": "90,180"}
    i = 2
    while i < len(argv):
        opts[argv[i]] = argv[i + 1]
        i += 2
    asof = datetime.date.fromisoformat(opts["--as-of"])
    header, rows = read(path)
    zh = "分层" in header
    seg_col = header.index("分层" if zh else "segment")
    rank_col = header.index("分层序号" if zh else "segment_rank")
    L = 0 if zh else 1  # index into (zh, en)
    prob = header.index("问题") if "问题" in header else (
        header.index("_problems") if "_problems" in header else None)
    c = {r: find(header, r) for r in ("first", "last", "orders", "amount")}
    needs = {"value": ["amount"], "rfm": ["last", "orders", "amount"],
             "rfm8": ["last", "orders", "amount"], "lifecycle": ["last"]}[model]

    state, vals = [], []
    for row in rows:
        if prob is not None and any(p.strip() and p.strip() not in WARNINGS
                                    for p in row[prob].split(";")):
            state.append("review")
            vals.append(None)
            continue
        first = date_of(row[c["first"]]) if c["first"] is not None and row[c["first"]] else None
        last = date_of(row[c["last"]]) if c["last"] is not None and row[c["last"]] else None
        orders = num_of(row[c["orders"]]) if c["orders"] is not None and row[c["orders"]] else None
        amount = num_of(row[c["amount"]]) if c["amount"] is not None and row[c["amount"]] else None
        bought = first or last or (orders or 0) > 0 or (amount or 0) > 0
        if not bought:
            state.append("prospect")
            vals.append(None)
            continue
        v = {"first": first, "last": last, "orders": orders, "amount": amount}
        if any(v[k] is None for k in needs):
            state.append("review")
            vals.append(None)
            continue
        state.append("scored")
        vals.append({"rec": (asof - last).days if last else None, "F": orders, "M": amount,
                     "ten": (asof - first).days if first else None})

    scored = [v for s, v in zip(state, vals) if s == "scored"]
    want = []  # (rank, name, extra fields) per row
    if model == "value":
        if opts["--tiers"]:
            tiers = []
            for item in re.split("[,，]", opts["--tiers"]):
                if ">=" in item:
                    name, t = item.split(">=")
                    tiers.append((name.strip(), float(t)))
                else:
                    tiers.append((item.strip(), None))
            names = [t[0] for t in tiers]

            def tier(m):
                for k, (name, t) in enumerate(tiers):
                    if t is None or m >= t:
                        return k
        else:
            tops = [float(x) for x in opts["--top"].split(",")]
            names = {1: [("高价值", "High value"), ("低价值", "Low value")],
                     2: [("高价值", "High value"), ("中价值", "Mid value"), ("低价值", "Low value")]}
            names = [n[L] for n in names[len(tops)]] if len(tops) in names else [
                ("价值第%d档" if zh else "Value tier %d") % (k + 1) for k in range(len(tops) + 1)]
            xs = sorted(v["M"] for v in scored)
            breaks, cum = [], 0
            for t in tops:
                cum += t
                breaks.append(percentile(xs, 100 - cum) if xs else 0)

            def tier(m):
                return len(tops) - below(m, breaks)
        nt = len(names)
        for s, v in zip(state, vals):
            if s == "scored":
                k = tier(v["M"])
                want.append((k + 1, names[k], None))
            else:
                want.append(None if s is None else s)
    elif model == "rfm":
        nt = 11
        code_of = {}
        for k, (en, zhn, codes) in enumerate(RFM_SEGMENTS):
            for code in codes.split():
                code_of[code] = (k + 1, (zhn, en)[L])
        br = {}
        for key in ("rec", "F", "M"):
            xs = sorted(v[key] for v in scored)
            br[key] = [percentile(xs, p) for p in (20, 40, 60, 80)] if xs else []
        for s, v in zip(state, vals):
            if s != "scored":
                want.append(s)
                continue
            r = 5 - below(v["rec"], br["rec"])
            f = 1 + below(v["F"], br["F"])
            m = 1 + below(v["M"], br["M"])
            code = "%d%d%d" % (r, f, m)
            rank, name = code_of[code]
            want.append((rank, name, (str(r), str(f), str(m), code)))
    elif model == "rfm8":
        nt = 8
        means = {}
        for key in ("rec", "F", "M"):
            total = 0.0
            for v in scored:  # plain left-to-right sum, as documented
                total += v[key]
            means[key] = total / len(scored) if scored else 0
        for s, v in zip(state, vals):
            if s != "scored":
                want.append(s)
                continue
            cls = RFM8[(int(v["rec"] < means["rec"]), int(v["F"] > means["F"]),
                        int(v["M"] > means["M"]))]
            want.append((cls[0], cls[1 + L], None))
    elif model == "lifecycle":
        nt = 4
        nd = int(opts["--new-days"])
        w1, w2 = (int(x) for x in opts["--windows"].split(","))
        for s, v in zip(state, vals):
            if s != "scored":
                want.append(s)
                continue
            if v["ten"] is not None and v["ten"] <= nd:
                st = "new"
            elif v["rec"] <= w1:
                st = "active"
            elif v["rec"] <= w2:
                st = "dormant"
            else:
                st = "lost"
            want.append((LIFECYCLE[st][0], LIFECYCLE[st][1 + L], None))
    else:
        sys.exit("unknown model " + model)

    special = {"prospect": (nt + 1, ("潜在客户", "Prospects")[L]),
               "review": (nt + 2, ("待核实", "Needs review")[L])}
    bad = 0
    # the code first, then each score under a header that says it is one
    scores = (("R分", "F分", "M分"), ("R score", "F score", "M score"))[L]
    rfm_cols = [header.index(x) for x in scores + ("RFM",)] if model == "rfm" else None
    if rfm_cols and not rfm_cols[3] < rfm_cols[0] < rfm_cols[1] < rfm_cols[2]:
        print("RFM code and scores out of order: %r" % header)
        return 1
    counts = {}
    for i, (row, w) in enumerate(zip(rows, want)):
        if isinstance(w, str):
            w = (special[w][0], special[w][1], ("", "", "", "") if rfm_cols else None)
        got = (int(row[rank_col]), row[seg_col])
        counts[w[1]] = counts.get(w[1], 0) + 1
        if got != (w[0], w[1]):
            bad += 1
            print("row %d: got %r, want %r" % (i + 2, got, w[:2]))
        if rfm_cols:
            g = tuple(row[k] for k in rfm_cols)
            if g != w[2]:
                bad += 1
                print("row %d: R,F,M,RFM got %r, want %r" % (i + 2, g, w[2]))
    if bad:
        print("%d mismatches" % bad)
        return 1
    print("ok %s %d rows, %d scored; %s" % (model, len(rows), len(scored),
          " ".join("%s=%d" % kv for kv in sorted(counts.items()))))
    return 0


def norm_key(role, s):
    s = " ".join(s.split())
    s = "".join(chr(ord(ch) - 0xFEE0) if 0xFF01 <= ord(ch) <= 0xFF5E else ch for ch in s)
    if role == "email":
        s = s.lower()
    if role == "phone":
        d = re.sub(r"[\s\-().]", "", s)
        d = re.sub(r"^(\+86|0086)(1\d{10})$", r"\2", d)
        s = d
    return s


def main_compare(argv):
    cur_h, cur = read(argv[0])
    prev_h, prev = read(argv[1])
    zh = "分层" in cur_h
    rank_c = cur_h.index("分层序号" if zh else "segment_rank")
    prev_c = cur_h.index("上期分层" if zh else "previous")
    move_c = cur_h.index("变动" if zh else "movement")
    p_seg = prev_h.index("分层") if "分层" in prev_h else prev_h.index("segment")
    p_rank = prev_h.index("分层序号") if "分层序号" in prev_h else prev_h.index("segment_rank")
    maps = {}
    for role in ("id", "phone", "email"):
        ci, pi = find(cur_h, role), find(prev_h, role)
        if ci is None or pi is None:
            continue
        m = {}
        for j, row in enumerate(prev):
            k = norm_key(role, row[pi])
            if k and k not in m:
                m[k] = j
        maps[role] = (ci, m)
    names = {"up": ("升级", "up"), "down": ("降级", "down"), "same": ("不变", "same"),
             "new": ("新增", "new")}
    seen, bad, counts = set(), 0, {}
    for i, row in enumerate(cur):
        j = None
        for role in ("id", "phone", "email"):
            if role in maps:
                ci, m = maps[role]
                k = norm_key(role, row[ci])
                if k and k in m:
                    j = m[k]
                    break
        if j is None:
            mv, ps = "new", ""
        else:
            seen.add(j)
            pr, cr = int(prev[j][p_rank]), int(row[rank_c])
            mv = "up" if cr < pr else "down" if cr > pr else "same"
            ps = prev[j][p_seg]
        counts[mv] = counts.get(mv, 0) + 1
        want = (ps, names[mv][0 if zh else 1])
        got = (row[prev_c], row[move_c])
        if got != want:
            bad += 1
            print("row %d: got %r, want %r" % (i + 2, got, want))
    gone = [prev[j] for j in range(len(prev)) if j not in seen]
    if len(argv) > 2:
        lost_h, lost = read(argv[2])
        if lost_h != prev_h or lost != gone:
            bad += 1
            print("lost file: %d rows, want %d" % (len(lost), len(gone)))
    if bad:
        print("%d mismatches" % bad)
        return 1
    print("ok compare %s disappeared=%d" % (" ".join(
        "%s=%d" % (k, counts.get(k, 0)) for k in ("up", "down", "same", "new")), len(gone)))
    return 0


def main_mantable(argv):
    text = open(argv[0], encoding="utf-8").read()
    bad = 0
    for k, (en, zhn, codes) in enumerate(RFM_SEGMENTS):
        esc = en.replace("At Risk", "\\&At Risk")
        m = re.search(r"^\.It %d\. %s Li %s\n([\d \n]+?)\n\.(It|El)" % (k + 1, re.escape(esc), zhn),
                      text, re.M)
        if not m:
            print("man page: no entry for %s" % en)
            bad += 1
            continue
        if sorted(m.group(1).split()) != sorted(codes.split()):
            print("man page: %s lists %s, want %s" % (en, m.group(1).split(), sorted(codes.split())))
            bad += 1
    if bad:
        return 1
    print("ok man page table")
    return 0


if __name__ == "__main__":
    a = sys.argv[1:]
    if a[0] == "compare":
        sys.exit(main_compare(a[1:]))
    if a[0] == "mantable":
        sys.exit(main_mantable(a[1:]))
    sys.exit(main_model(a))
