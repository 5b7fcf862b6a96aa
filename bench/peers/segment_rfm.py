# Run: /usr/bin/python3 bench/peers/segment_rfm.py CLEANED.csv 2026-09-30 > out.csv (the README's segment row).
# pandas peer for `custkit segment --by rfm`: the same job on the same cleaned table
# (qcut quintiles, recency reversed, named segments, prospects and review rows apart).
import sys
import numpy as np
import pandas as pd

SEGMENTS = {
    "冠军客户": "555 554 544 545 454 455 445",
    "忠诚客户": "543 444 435 355 354 345 344 335",
    "潜力客户": "553 551 552 541 542 533 532 531 452 451 442 441 431 453 433 432 423 353 352 351 342 341 333 323",
    "新客户": "512 511 422 421 412 411 311",
    "有望客户": "525 524 523 522 521 515 514 513 425 424 413 414 415 315 314 313",
    "需关注客户": "535 534 443 434 343 334 325 324",
    "将流失客户": "331 321 312 221 213 231 241 251",
    "高风险客户": "255 254 245 244 253 252 243 242 235 234 225 224 153 152 145 143 142 135 134 133 125 124",
    "不能失去的客户": "155 154 144 214 215 115 114 113",
    "休眠客户": "332 322 233 232 223 222 132 123 122 212 211",
    "流失客户": "111 112 121 131 141 151",
}
code_to_seg = {c: s for s, cs in SEGMENTS.items() for c in cs.split()}
rank = {s: i + 1 for i, s in enumerate(SEGMENTS)}
rank.update({"潜在客户": 12, "待核实": 13})

df = pd.read_csv(sys.argv[1], dtype=str, keep_default_na=False)
asof = pd.Timestamp(sys.argv[2])
last = pd.to_datetime(df["最近购买日期"].str[:10], errors="coerce", format="%Y-%m-%d")
first = pd.to_datetime(df["首次购买日期"].str[:10], errors="coerce", format="%Y-%m-%d")
orders = pd.to_numeric(df["购买次数"], errors="coerce")
amount = pd.to_numeric(df["消费金额"], errors="coerce")
errs = df["问题"].str.replace(r"(^|;)\s*(outlier|future date|bad gender)\s*(?=;|$)", "", regex=True)
error = errs.str.replace(";", "").str.strip() != ""
bought = last.notna() | first.notna() | (orders.fillna(0) > 0) | (amount.fillna(0) > 0)
scored = ~error & bought & last.notna() & orders.notna() & amount.notna()
rec = (asof - last).dt.days
s = df[scored].index
R = 5 - pd.qcut(rec[s], 5, labels=False, duplicates="drop")
F = 1 + pd.qcut(orders[s], 5, labels=False, duplicates="drop")
M = 1 + pd.qcut(amount[s], 5, labels=False, duplicates="drop")
code = R.astype(int).astype(str) + F.astype(int).astype(str) + M.astype(int).astype(str)
seg = pd.Series(np.where(error, "待核实", "潜在客户"), index=df.index)
seg[s] = code.map(code_to_seg)
df["分层"] = seg
df["分层序号"] = seg.map(rank)
df["R"], df["F"], df["M"], df["RFM"] = R, F, M, code
df.to_csv(sys.stdout, index=False)
print(seg.value_counts().sort_index().to_string(), file=sys.stderr)
