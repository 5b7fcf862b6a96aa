# Run: /usr/bin/python3 bench/peers/export.py SEGMENTED.csv OUT.xlsx (the README's export row).
# pandas peer for `custkit export`: the same segmented table to a workbook, one sheet per
# segment (rows by amount, descending) plus a summary, with the xlsxwriter engine.
import sys
import pandas as pd
df = pd.read_csv(sys.argv[1], dtype=str, keep_default_na=False)
seg = "分层"
df["_amt"] = pd.to_numeric(df["消费金额"], errors="coerce")
with pd.ExcelWriter(sys.argv[2], engine="xlsxwriter") as xw:
    g = df.groupby(seg)
    summary = pd.DataFrame({"客户数": g.size(), "总金额": g["_amt"].sum(), "平均金额": g["_amt"].mean()})
    summary.to_excel(xw, sheet_name="概览")
    for name, part in g:
        part.sort_values("_amt", ascending=False).drop(columns="_amt").to_excel(
            xw, sheet_name=str(name)[:31], index=False)
