#!/usr/bin/python3
# pipeline.py — the peer of custkit's whole pipeline for bench/run.sh: the pandas + XlsxWriter
# script a competent analyst writes for the quarterly customer report (read, clean, roll up, RFM).
"""usage: pipeline.py CUSTOMERS.csv ORDERS.csv OUT.xlsx [--as-of YYYY-MM-DD]

Reads the customer and orders tables (Chinese or English headers), normalises phones, e-mails,
dates and amounts, drops duplicate customers (same phone, then same e-mail), rolls the orders
up per surviving customer, tags with the conditions of examples/tags.rules, scores RFM quintiles
with qcut and names the segments, and writes one sheet per segment plus a summary with
XlsxWriter. Vectorised throughout: no per-row Python loops.
"""
import sys

import numpy as np
import pandas as pd

ROLES = {  # role: headers, Chinese first
    "id": ["客户编号", "customer_id"], "name": ["姓名", "name"], "phone": ["手机", "phone"],
    "email": ["邮箱", "email"], "province": ["省份", "province"], "city": ["城市", "city"],
    "first": ["首次购买日期", "first_purchase"], "last": ["最近购买日期", "last_purchase"],
    "orders": ["购买次数", "orders"], "amount": ["消费金额", "amount"], "notes": ["备注", "notes"],
    "birth": ["出生日期", "birthdate"],
}
ORDER_ROLES = {"customer": ["客户编号", "customer_id"], "date": ["下单日期", "order_date"],
               "amount": ["订单金额", "amount"]}
REGION = {  # province → region, the same convention as custkit's reference data
    **dict.fromkeys("上海 江苏 浙江 安徽 福建 江西 山东".split(), "华东"),
    **dict.fromkeys("广东 广西 海南".split(), "华南"),
    **dict.fromkeys("北京 天津 河北 山西 内蒙古".split(), "华北"),
    **dict.fromkeys("河南 湖北 湖南".split(), "华中"),
    **dict.fromkeys("重庆 四川 贵州 云南 西藏".split(), "西南"),
    **dict.fromkeys("陕西 甘肃 青海 宁夏 新疆".split(), "西北"),
    **dict.fromkeys("辽宁 吉林 黑龙江".split(), "东北"),
}
# The usual RFM segment map on the R and F scores (regex on "RF").
SEGMENTS = [
    (r"[1-2][1-2]", "休眠客户"), (r"[1-2][3-4]", "流失风险客户"), (r"[1-2]5", "不能失去的客户"),
    (r"3[1-2]", "即将沉睡客户"), (r"33", "需要关注客户"), (r"[3-4][4-5]", "忠诚客户"),
    (r"41", "有潜力客户"), (r"51", "新客户"), (r"[4-5][2-3]", "潜在忠诚客户"), (r"5[4-5]", "重要价值客户"),
]


def resolve(df, roles):
    cols = {}
    for role, names in roles.items():
        cols[role] = next((n for n in names if n in df.columns), None)
    return cols


def clean_text(s):
    return s.str.normalize("NFKC").str.strip()


def norm_phone(s):
    s = clean_text(s).str.replace(r"[\s\-.()]", "", regex=True)
    return s.str.replace(r"^(?:\+86|0086|86)(?=1\d{10}$)", "", regex=True)


def norm_date(s):
    s = clean_text(s).str.split(" ", n=1).str[0]
    s = s.str.replace(r"^(\d{4})(\d{2})(\d{2})$", r"\1-\2-\3", regex=True)
    s = s.str.replace(r"[年/.]", "-", regex=True).str.replace("月", "-").str.replace("日", "")
    d = pd.to_datetime(s, format="%Y-%m-%d", errors="coerce")
    serial = pd.to_numeric(s.where(s.str.fullmatch(r"\d{5}(?:\.\d+)?")), errors="coerce")
    is_serial = d.isna() & serial.notna()  # Excel serial day numbers
    d[is_serial] = pd.Timestamp("1899-12-30") + pd.to_timedelta(serial[is_serial], unit="D")
    return d


def norm_amount(s):
    s = clean_text(s)
    wan = s.str.contains("万")
    yi = s.str.contains("亿")
    n = pd.to_numeric(s.str.replace(r"[¥,元$\s万亿]|RMB", "", regex=True), errors="coerce")
    return n * np.where(wan, 1e4, 1) * np.where(yi, 1e8, 1)


def main(argv):
    if len(argv) < 4:
        sys.exit(__doc__)
    cust_path, orders_path, out = argv[1:4]
    as_of = pd.Timestamp(argv[argv.index("--as-of") + 1] if "--as-of" in argv else "2026-09-30")

    df = pd.read_csv(cust_path, dtype=str, keep_default_na=False)
    c = resolve(df, ROLES)
    df[c["phone"]] = norm_phone(df[c["phone"]])
    df[c["email"]] = clean_text(df[c["email"]]).str.lower()
    df[c["province"]] = clean_text(df[c["province"]]).str.replace(r"(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区)$", "", regex=True)
    for role in ("first", "last", "birth"):
        df[c[role]] = norm_date(df[c[role]])
    df[c["amount"]] = norm_amount(df[c["amount"]])

    # Duplicates: same phone, then same e-mail. Each row's id maps to its survivor's id so that
    # orders placed under a duplicate's id count for the survivor.
    df["_key"] = df[c["id"]]
    for role in ("phone", "email"):
        has = df[c[role]] != ""
        df.loc[has, "_key"] = df[has].groupby(c[role])["_key"].transform("first")
    survivor_of = pd.Series(df["_key"].values, index=df[c["id"]].values)
    survivor_of = survivor_of[~survivor_of.index.duplicated()]
    for role in ("phone", "email"):
        has = df[c[role]] != ""
        df = pd.concat([df[has].drop_duplicates(subset=c[role]), df[~has]]).sort_index()
    df = df.drop_duplicates(subset="_key")

    # Orders: normalise, attach to survivors, roll up.
    od = pd.read_csv(orders_path, dtype=str, keep_default_na=False)
    o = resolve(od, ORDER_ROLES)
    od["_date"] = norm_date(od[o["date"]])
    od["_amount"] = norm_amount(od[o["amount"]])
    od["_key"] = od[o["customer"]].str.strip().map(survivor_of)
    od = od.dropna(subset=["_key", "_date", "_amount"])
    roll = od.groupby("_key").agg(first=("_date", "min"), last=("_date", "max"),
                                  n=("_date", "size"), total=("_amount", "sum"))
    df = df.join(roll, on="_key")
    df[c["first"]] = df["first"]
    df[c["last"]] = df["last"]
    df[c["orders"]] = df["n"].fillna(0).astype(int)
    df[c["amount"]] = df["total"].fillna(0.0).round(2)
    df = df.drop(columns=["first", "last", "n", "total"])

    # Tags (the conditions of examples/tags.rules, vectorised).
    days = (as_of - df[c["last"]]).dt.days
    orders, amount = df[c["orders"]], df[c["amount"]]
    df["购买行为"] = np.select([orders >= 12, orders >= 2, orders == 1], ["高频客户", "低频客户", "一次性客户"], "")
    df["客户价值"] = np.select([amount >= 50000, amount >= 10000], ["高价值", "中价值"], "低价值")
    region = df[c["province"]].map(REGION)
    tags = [(days > 180, "沉睡客户"), (days > 365, "流失客户"),
            (df[c["notes"]].str.contains("VIP") | (amount >= 100000), "VIP"),
            ((region == "华东") & (amount >= 50000), "华东大客户")]
    df["标签"] = ""
    for cond, name in tags:
        df["标签"] = np.where(cond.fillna(False), np.where(df["标签"] == "", name, df["标签"] + ";" + name), df["标签"])

    # RFM quintiles with qcut (ranks first, so equal values never make an edge twice).
    buyers = orders > 0
    b = df[buyers]
    r = pd.qcut(days[buyers].rank(method="first"), 5, labels=[5, 4, 3, 2, 1]).astype(int)
    f = pd.qcut(b[c["orders"]].rank(method="first"), 5, labels=[1, 2, 3, 4, 5]).astype(int)
    m = pd.qcut(b[c["amount"]].rank(method="first"), 5, labels=[1, 2, 3, 4, 5]).astype(int)
    df["R"], df["F"], df["M"] = r, f, m
    rf = r.astype(str) + f.astype(str)
    df["RFM"] = rf + m.astype(str)
    seg = pd.Series("潜在客户", index=df.index)
    seg[buyers] = rf.replace({pat: name for pat, name in SEGMENTS}, regex=True)
    df["分层"] = seg
    df = df.drop(columns="_key")

    # The workbook: a summary, then one sheet per segment sorted by amount.
    summary = df.groupby("分层").agg(客户数=("分层", "size"), 总金额=(c["amount"], "sum"),
                                    平均金额=(c["amount"], "mean"), 平均购买次数=(c["orders"], "mean"))
    summary["占比"] = summary["客户数"] / summary["客户数"].sum()
    summary = summary.sort_values("总金额", ascending=False)
    with pd.ExcelWriter(out, engine="xlsxwriter", datetime_format="yyyy-mm-dd") as xw:
        summary.to_excel(xw, sheet_name="概览")
        for name in summary.index:
            part = df[df["分层"] == name].sort_values(c["amount"], ascending=False)
            part.to_excel(xw, sheet_name=str(name)[:31], index=False)
    print("pipeline.py: %d customers, %d orders attached, %d segments"
          % (len(df), len(od), len(summary)), file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv)
