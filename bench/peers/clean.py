#!/usr/bin/python3
# clean.py — the pandas equivalent of `custkit clean --orders` for the benchmark
# (issue 5): normalise phones and dates, drop_duplicates on phone then email, roll up orders.
"""Usage: clean.py CUSTOMERS.csv ORDERS.csv OUT.csv

Run under /usr/bin/time -v next to `custkit clean CUSTOMERS.csv --orders ORDERS.csv` on the
files of `examples/gen.py --customers 1000000 --orders 5000000` to compare time and peak RSS.
"""
import sys

import pandas as pd


def phones(s):
    d = s.fillna("").astype(str).str.replace(r"[\s\-\.\(\)]", "", regex=True)
    d = d.str.replace(r"^(\+86|0086|86)(?=1[3-9]\d{9}$)", "", regex=True)
    return d.where(d.str.match(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}|\+\d{8,15})$"), None)


def dates(s):
    t = s.fillna("").astype(str).str.replace(r"[年月/.]", "-", regex=True).str.replace("日", "")
    return pd.to_datetime(t, errors="coerce")


def main(customers, orders, out):
    c = pd.read_csv(customers, dtype=str, keep_default_na=False)
    cols = list(c.columns)
    idc, phone, email = cols[0], cols[3], cols[4]
    last = cols[11]
    c[phone] = phones(c[phone])
    c[email] = c[email].str.strip().str.lower().where(lambda s: s.str.contains("@"), None)
    c[last] = dates(c[last])
    c["_key"] = range(len(c))
    # drop_duplicates on phone, then on email (rows without the key are kept)
    has = c[phone].notna()
    first_by_phone = c[has].groupby(phone)["_key"].transform("min")
    c.loc[has, "_key"] = first_by_phone
    has = c[email].notna()
    first_by_email = c[has].groupby(email)["_key"].transform("min")
    c.loc[has, "_key"] = c.loc[has, "_key"].combine(first_by_email, min)
    survivors = c.drop_duplicates("_key")
    o = pd.read_csv(orders, dtype=str, keep_default_na=False)
    ocols = list(o.columns)
    o["_date"] = dates(o[ocols[2]])
    o["_amount"] = pd.to_numeric(o[ocols[3]].str.replace(",", ""), errors="coerce")
    o = o.dropna(subset=["_date", "_amount"])
    o = o.merge(c[[idc, "_key"]], left_on=ocols[1], right_on=idc, how="inner")
    g = o.groupby("_key").agg(first_purchase=("_date", "min"), last_purchase=("_date", "max"),
                              orders=("_date", "size"), amount=("_amount", "sum"))
    res = survivors.merge(g, left_on="_key", right_index=True, how="left")
    res["orders"] = res["orders"].fillna(0).astype(int)
    res["amount"] = res["amount"].fillna(0).round(2)
    res.drop(columns=["_key"]).to_csv(out, index=False)
    print("pandas: read %d, written %d, orders attached %d" % (len(c), len(res), len(o)),
          file=sys.stderr)


if __name__ == "__main__":
    main(*sys.argv[1:4])
