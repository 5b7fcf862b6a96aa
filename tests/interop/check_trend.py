"""check_trend.py — read the 趋势 / Trend sheet of a custkit report back with openpyxl.

usage: check_trend.py REPORT.xlsx SHEET WANT.json [--lo LO.csv]

WANT.json: {"quarters": [header labels], "counts": {segment: [count or null per quarter]},
            "diff_head": [headers of the change block]} (diff_head optional).
Checks the count table, the total row, the change (difference and %) formulas — which quarter
each compares with, skipping missing quarters — and the line chart's series ranges. With --lo,
LibreOffice's recalculated CSV of the sheet must show the same counts, the differences and the
percentages, and no error value. Prints "ok" or the first mismatch.
"""
import csv
import json
import sys

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter


def fail(msg):
    print(msg)
    sys.exit(1)


def main():
    path, sheet, want_path = sys.argv[1:4]
    lo = sys.argv[sys.argv.index("--lo") + 1] if "--lo" in sys.argv else None
    want = json.load(open(want_path, encoding="utf-8"))
    quarters, counts = want["quarters"], want["counts"]
    nq, segs = len(quarters), list(counts)
    wb = load_workbook(path)
    if sheet not in wb.sheetnames:
        fail("no sheet %r in %r" % (sheet, wb.sheetnames))
    ws = wb[sheet]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    head = rows[1]
    if head[1:1 + nq] != quarters or len([h for h in head if h is not None]) != nq + 1:
        fail("header %r, want %r" % (head, quarters))
    if [r[0] for r in rows[2:2 + len(segs)]] != segs:
        fail("segment rows %r, want %r" % ([r[0] for r in rows[2:2 + len(segs)]], segs))
    first, total = 3, 3 + len(segs)  # 1-based rows of the first segment, the total
    present = [any(counts[s][q] is not None for s in segs) for q in range(nq)]
    for i, s in enumerate(segs):
        got = rows[2 + i][1:1 + nq]
        if got != counts[s]:
            fail("counts of %s: %r, want %r" % (s, got, counts[s]))
    for q in range(nq):
        col = get_column_letter(q + 2)
        got = rows[total - 1][q + 1]
        exp = "=SUM(%s%d:%s%d)" % (col, first, col, total - 1) if present[q] else None
        if got != exp:
            fail("total of quarter %d: %r, want %r" % (q, got, exp))
    # The change blocks: the title row, the header, the segments and the total.
    d0 = total + 3  # 1-based row of the difference block's header
    p0 = d0 + len(segs) + 4
    if "diff_head" in want and rows[d0 - 1][1:1 + nq] != want["diff_head"]:
        fail("change header %r, want %r" % (rows[d0 - 1][1:1 + nq], want["diff_head"]))
    expect_lo = {}
    for k in range(len(segs) + 1):
        src = first + k
        vals = [sum(counts[s][q] for s in segs) if present[q] else None for q in range(nq)] \
            if k == len(segs) else counts[segs[k]]
        for q in range(nq):
            prev = max([p for p in range(q) if present[p]], default=None)
            col, pcol = get_column_letter(q + 2), get_column_letter((prev or 0) + 2)
            d = rows[d0 + k][q + 1]
            pc = rows[p0 + k][q + 1]
            if not present[q] or prev is None:
                if d is not None or pc is not None:
                    fail("change where there is none to show, quarter %d: %r %r" % (q, d, pc))
                expect_lo[(d0 + 1 + k, q)] = None
                expect_lo[(p0 + 1 + k, q)] = None
                continue
            want_d = "=%s%d-%s%d" % (col, src, pcol, src)
            want_p = '=IF(%s%d=0,"",(%s%d-%s%d)/%s%d)' % (pcol, src, col, src, pcol, src, pcol, src)
            if d != want_d or pc != want_p:
                fail("change formulas, row %d quarter %d: %r %r, want %r %r"
                     % (src, q, d, pc, want_d, want_p))
            now, then = vals[q], vals[prev]
            expect_lo[(d0 + 1 + k, q)] = float(now - then)
            expect_lo[(p0 + 1 + k, q)] = None if then == 0 else 100.0 * (now - then) / then
    # The cached results, what a viewer that does not recalculate shows: the same values,
    # and no 0.0% where the quarter before had no customer of the segment.
    cached = [list(r) for r in load_workbook(path, data_only=True)[sheet].iter_rows(values_only=True)]
    for (r, qq), exp in expect_lo.items():
        got = cached[r - 1][qq + 1]
        if r > p0:
            exp = None if exp is None else exp / 100.0
        if (got in (None, "")) != (exp is None) or (exp is not None and abs(got - exp) > 1e-9):
            fail("cached result, row %d quarter %d: %r, want %r" % (r, qq, got, exp))
    # The chart: one line per segment over the header's quarters.
    charts = ws._charts
    if len(charts) != 1 or charts[0].tagname != "lineChart":
        fail("charts: %r" % [c.tagname for c in charts])
    series = charts[0].series
    if len(series) != len(segs):
        fail("%d series, want %d" % (len(series), len(segs)))
    last = get_column_letter(nq + 1)
    q = sheet  # quoted or not as the writer likes: compared without quotes
    for i, s in enumerate(series):
        r = first + i
        cat = s.cat.strRef.f if s.cat.strRef is not None else s.cat.numRef.f
        got = tuple(x.replace("'", "") for x in (s.tx.strRef.f, cat, s.val.numRef.f))
        exp = ("%s!$A$%d" % (q, r), "%s!$B$2:$%s$2" % (q, last), "%s!$B$%d:$%s$%d" % (q, r, last, r))
        if got != exp:
            fail("series %d ranges %r, want %r" % (i, got, exp))
    if lo:
        lrows = list(csv.reader(open(lo, encoding="utf-8")))
        if any("#" in c and ("DIV" in c or "VALUE" in c or "REF" in c) for r in lrows for c in r):
            fail("LibreOffice shows an error value: %r" % lrows)
        for i, s in enumerate(segs):
            got = lrows[2 + i][1:1 + nq]
            exp = ["" if v is None else str(v) for v in counts[s]]
            if got != exp:
                fail("LibreOffice counts of %s: %r, want %r" % (s, got, exp))
        for (r, qq), exp in expect_lo.items():
            got = lrows[r - 1][qq + 1] if qq + 1 < len(lrows[r - 1]) else ""
            num = float(got.rstrip("%")) if got else None
            if (num is None) != (exp is None) or (num is not None and abs(num - exp) > 1e-6):
                fail("LibreOffice row %d quarter %d: %r, want %r" % (r, qq, got, exp))
    print("ok")


main()
