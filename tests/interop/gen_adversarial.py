#!/usr/bin/python3
"""gen_adversarial.py — seeded random customer tables that are hard on `custkit export`:
Chinese, emoji, right-to-left text, control characters, U+FFFE/U+FFFF, long and 31+ character
names, names with []:*?/\\ and apostrophes, names that clash under case folding (Клиенты and
клиенты, Ω and ω, ß and ẞ), 1e308 and -1e308 amounts, many groups, empty values, formula-like
values. The same seed gives the same files.

usage: gen_adversarial.py --seed N --tables K --out DIR
Writes DIR/tNN.csv (canonical CSV: UTF-8, LF, quotes where needed) and DIR/tags.rules, a rules
file whose tags are adversarial too (a tag of 86 CJK characters, emoji, clashing case).
"""
import argparse
import csv
import os
import random

CJK = "张王李赵刘陈杨黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
EMOJI = ["😀", "🎉", "👍🏽", "👨‍👩‍👧", "🇨🇳", "❤️", "🐉", "𝒳"]
RTL = ["مرحبا", "القاهرة", "שלום", "תל אביב", "\u202eevil", "\u200fرقم\u200f"]
CONTROLS = ["\x01", "\x02", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f", "\x85"]
NONCHARS = ["\ufffe", "\uffff"]
FORMULAS = ["=1+2", "+1", "-x", "@SUM(A1)", "\t=cmd", "=HYPERLINK(\"http://x\")", "-", "=",
            "SKU_x6904_2", "_x0041_"]
# pairs Excel takes for one sheet name (no ASCII "ss" here: full folding would make it
# one with ß, which Excel does not)
FOLD = [("Клиенты", "клиенты"), ("Ω", "ω"), ("ß", "ẞ"), ("Č", "č"), ("ÄÖ", "äö"), ("Abc", "aBC"),
        ("ǅ", "ǆ"), ("Σίσυφος", "ΣΊΣΥΦΟΣ")]
ODD_NAMES = ["History", "history", "a[b]c:d*e?f/g\\h", "'quoted'", "x" * 40, "长" * 40,
             "😀" * 20, "长" * 30 + "x", "   ", "..", "../up", "a<b>|\"c", "概览", "Summary",
             "待核实", "Needs review", "_lists", "_列表", "全部客户", "(空)", "(blank)", "Changes",
             "'", "a'", "[x]", "🎉 Party 🎉", "86-" + "长" * 86]

ZH = ["客户编号", "姓名", "性别", "手机", "邮箱", "城市", "消费金额", "购买次数", "备注", "问题"]
EN = ["customer_id", "name", "gender", "phone", "email", "city", "amount", "orders", "notes",
      "_problems"]


def text(r, maxlen=12):
    kind = r.random()
    if kind < 0.3:
        return "".join(r.choice(CJK) for _ in range(r.randint(1, maxlen)))
    if kind < 0.45:
        return "".join(r.choice(EMOJI) for _ in range(r.randint(1, 4))) + r.choice(["", " x"])
    if kind < 0.55:
        return r.choice(RTL)
    if kind < 0.65:
        return "a" + r.choice(CONTROLS) + "b" + r.choice(["", "\t", "\n", "\r\n"])
    if kind < 0.7:
        return "u" + r.choice(NONCHARS) + "v"
    if kind < 0.78:
        return r.choice(FORMULAS)
    if kind < 0.83:
        return ""
    if kind < 0.86:
        return r.choice(CJK) * r.randint(200, 400)
    if kind < 0.8625:
        return "L" * 33000  # beyond Excel's 32,767 characters: cut, with a warning
    return "".join(r.choice("abcdefghij ,\"'") for _ in range(r.randint(1, maxlen)))


def amount(r):
    k = r.random()
    if k < 0.15:
        return r.choice(["1e308", "-1e308", "1.7976931348623157e308", "-1.7e308"])
    if k < 0.25:
        return r.choice(["", "NaN", "inf", "-0", "1e999", "abc", "00123", "99999999999999999999",
                         "1,000", "5万", "0.1", "-5"])
    return "%d.%02d" % (r.randint(0, 200000), r.randint(0, 99))


def group_value(r, pool):
    return r.choice(pool)


def make_pool(r):
    kind = r.random()
    pool = []
    for a, b in r.sample(FOLD, 4):
        pool += [a, b]
    pool += r.sample(ODD_NAMES, 8)
    pool += ["g" + r.choice(CONTROLS) + "h", "n" + r.choice(NONCHARS), r.choice(RTL), ""]
    if kind < 0.35:  # many groups
        pool += ["城市%d" % i for i in range(r.randint(60, 300))]
    return pool


def table(r, i):
    zh = r.random() < 0.6
    header = list(ZH if zh else EN)
    seg = r.random() < 0.35
    prev = seg and r.random() < 0.5
    if seg:
        header += ["分层", "分层序号"] if zh else ["segment", "segment_rank"]
    if prev:
        header += ["上期分层"] if zh else ["previous"]
    pool = make_pool(r)
    segs = r.sample(pool, min(len(pool), r.randint(2, 8)))
    nrows = r.randint(15, 70) if len(pool) < 50 else r.randint(120, 300)
    rows = []
    for k in range(nrows):
        row = [
            "K%05d" % k,
            text(r),
            r.choice(["男", "女", "M", "F", "", "其他"]),
            r.choice(["138%08d" % r.randint(0, 10**8 - 1), "", "+86 138", "=1+2", "12"]),
            r.choice(["a%d@example.com" % k, "", "@x", "x" + r.choice(CONTROLS) + "@y.cn"]),
            group_value(r, pool),
            amount(r),
            r.choice(["1", "2", "12", "", "-1", "1e308", "x"]),
            text(r, 30),
            r.choice(["", "", "", "", "bad phone", "重复", "a" + r.choice(CONTROLS)]),
        ]
        if seg:
            s = r.randrange(len(segs))
            row += [segs[s], str(s + 1) if r.random() < 0.9 else ""]
        if prev:
            row += [r.choice(segs + [""])]
        rows.append(row)
    return header, rows


RULES = """# adversarial tags: a tag of 86 CJK characters (over 255 bytes, under 255 characters in a
# drop-down list), emoji, names that clash under case folding, []:*? in a tag
[价值层]
"%s" = amount >= 150000
"😀 VIP 🎉" = amount >= 100000
"Клиенты" = amount >= 50000
"клиенты" = amount >= 10000
"a[b]:c*?" = amount >= 1000
"=1+2" = amount >= 0
"ß" = amount < 0

[多选]*
"x,y" = amount >= 0
B = orders >= 2
"\u05e9\u05dc\u05d5\u05dd" = name contains "a"
""" % ("长" * 86)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--tables", type=int, default=10)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    r = random.Random(a.seed)
    os.makedirs(a.out, exist_ok=True)
    for i in range(a.tables):
        header, rows = table(r, i)
        with open(os.path.join(a.out, "t%02d.csv" % i), "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(header)
            w.writerows(rows)
    with open(os.path.join(a.out, "tags.rules"), "w", encoding="utf-8") as f:
        f.write(RULES)


if __name__ == "__main__":
    main()
