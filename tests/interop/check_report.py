#!/usr/bin/python3
"""check_report.py — read a workbook written by `custkit export` back with openpyxl (an
independent reader) and check it against the input CSV, recomputing every figure here.

usage: check_report.py REPORT.xlsx INPUT.csv [--lang zh|en] [--chart column|pie|none]
                       [--no-validation] [--all] [--mask phone,email] [--read N]
       check_report.py --lo DIR REPORT.xlsx INPUT.csv   (compare LibreOffice's CSVs of each sheet)
Prints one "ok - ..." or "not ok - ..." line per check (tests/run.sh counts them).
"""
import argparse
import collections
import csv
import datetime
import math
import os
import sys

import openpyxl
from openpyxl.chart import BarChart, PieChart

SEGMENT = ("segment", "分层")
RANK = ("segment_rank", "分层序号")
PROBLEMS = ("_problems", "问题")
PREVIOUS = ("previous", "上期分层")
PLAYBOOK = ("playbook", "说明与建议")
PLAYBOOK_HEAD = {"en": "Meaning and suggested action", "zh": "说明与建议"}
AMOUNT = ("消费金额", "累计消费", "amount", "total_spent")
ORDERS = ("购买次数", "orders")
AGE = ("年龄", "age")
# the scores segment --by rfm writes beside the RFM code (R, F, M before they were labelled)
SCORES = ("R分", "F分", "M分", "R score", "F score", "M score")
PHONE = ("手机", "手机号", "phone", "mobile")
EMAIL = ("邮箱", "email")
GENDER = ("性别", "gender")
DATES = ("出生日期", "首次购买日期", "最近购买日期", "birthdate", "first_purchase", "last_purchase")

LABELS = {
    "en": dict(summary="Summary", review="Needs review", review_alt="Flagged rows",
               changes="Changes", all="All customers", total="Total", read="Rows read",
               flagged="Rows flagged", in_report="Rows in report", blank="(blank)",
               new="(new)", asof="As-of date", lists="_lists"),
    "zh": dict(summary="概览", review="待核实", review_alt="问题明细", changes="变动",
               all="全部客户", total="合计", read="读入行数", flagged="标记问题行数",
               in_report="报告行数", blank="(空)", new="(新增)", asof="数据截至", lists="_列表"),
}

failures = 0


def check(name, cond, detail=""):
    global failures
    if cond:
        print("ok - " + name)
    else:
        failures += 1
        print("not ok - " + name)
        for line in str(detail).splitlines()[:12]:
            print("#   " + line)


def find(header, names):
    for i, h in enumerate(header):
        if h in names:
            return i
    return -1


def number(v):
    """The value Excel should hold as a number, or None (mirrors SPEC §7, written here anew)."""
    s = v.lstrip("-")
    if not s or not (s[0].isdigit() or s[0] == "."):
        return None
    if len(s) > 1 and s[0] == "0" and s[1].isdigit():
        return None
    if sum(c.isdigit() for c in s) > 15:
        return None
    try:
        x = float(v)
    except ValueError:
        return None
    return x if math.isfinite(x) else None


def iso_date(v):
    for fmt in ("%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"):
        try:
            d = datetime.datetime.strptime(v, fmt)
            return d if d >= datetime.datetime(1900, 3, 1) else None
        except ValueError:
            pass
    return None


def sheet_name(value, taken, blank):
    s = "".join("_" if c in "[]:*?/\\" or ord(c) < 32 else c for c in value)
    s = s.strip(" '")
    units, out = 0, ""
    for c in s:
        u = 2 if ord(c) > 0xFFFF else 1
        if units + u > 31:
            break
        out += c
        units += u
    out = out.rstrip(" '") or blank
    base, n = out, 2
    while out.lower() in taken or out.lower() == "history":
        suffix = " (%d)" % n
        b, units = "", 0
        for c in base:
            u = 2 if ord(c) > 0xFFFF else 1
            if units + u > 31 - len(suffix):
                break
            b += c
            units += u
        out = b + suffix
        n += 1
    taken.add(out.lower())
    return out


def mask_phone(v):
    n = len(v)
    head, tail = (3, 4) if n > 7 else (0, 2 if n >= 4 else 0)
    return "".join(c if i < head or i >= n - tail else "*" for i, c in enumerate(v))


def mask_email(v):
    if "@" not in v:
        return "***"
    local, domain = v.split("@", 1)
    return local[:1] + "***@" + domain


def shown(v, col, header, masks):
    if v and "phone" in masks and header[col] in PHONE:
        return mask_phone(v)
    if v and "email" in masks and header[col] in EMAIL:
        return mask_email(v)
    return v


def as_text(cell_value):
    """A cell read back, as the canonical CSV text it came from."""
    if cell_value is None:
        return ""
    if isinstance(cell_value, datetime.datetime):
        if cell_value.hour or cell_value.minute or cell_value.second:
            return cell_value.strftime("%Y-%m-%d %H:%M:%S")
        return cell_value.strftime("%Y-%m-%d")
    if isinstance(cell_value, (int, float)):
        return repr(float(cell_value))
    return str(cell_value)


def expected_text(v, col, header):
    numeric = header[col] in AMOUNT + ORDERS + AGE + ("R", "F", "M") + SCORES
    x = number(v) if numeric else None
    if x is not None:
        return repr(x)
    if header[col] in DATES and iso_date(v):
        d = iso_date(v)
        return as_text(d)
    return v


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("report")
    ap.add_argument("input")
    ap.add_argument("--lang", default="zh")
    ap.add_argument("--chart", default="column")
    ap.add_argument("--no-validation", action="store_true")
    ap.add_argument("--all", action="store_true")
    ap.add_argument("--mask", default="")
    ap.add_argument("--read", type=int)
    ap.add_argument("--lo")
    a = ap.parse_args()
    L = LABELS[a.lang]
    masks = set(filter(None, a.mask.split(",")))

    with open(a.input, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    header, data = rows[0], rows[1:]
    seg, rank, prob, prev = (find(header, n) for n in (SEGMENT, RANK, PROBLEMS, PREVIOUS))
    amount, orders = find(header, AMOUNT), find(header, ORDERS)
    # the playbook column segment writes: on the summary and above each segment sheet, not
    # in the sheets' rows
    play = find(header, PLAYBOOK) if seg >= 0 else -1
    shown_cols = [i for i in range(len(header)) if i != rank and i != play]

    # Groups and their order, recomputed.
    groups = collections.OrderedDict()
    for r in data:
        groups.setdefault(r[seg], []).append(r)

    def min_rank(g):
        vals = [number(r[rank]) for r in groups[g]] if rank >= 0 else []
        vals = [v for v in vals if v is not None]
        return min(vals) if vals else None

    first = {g: i for i, g in enumerate(groups)}
    order = sorted(groups, key=lambda g: (min_rank(g) is None, min_rank(g) or 0,
                                          -len(groups[g]), first[g]))
    taken = set()
    fixed = [L["summary"], L["lists"]]
    flagged = [r for r in data if prob >= 0 and r[prob]]
    review = L["review"]
    if any(sheet_name(g, set(), L["blank"]) == review for g in groups):
        review = L["review_alt"]
    if flagged:
        fixed.append(review)
    if prev >= 0:
        fixed.append(L["changes"])
    if a.all:
        fixed.append(L["all"])
    for n in fixed:
        taken.add(n.lower())
    names = {g: sheet_name(g, taken, L["blank"]) for g in order}
    playtext = {g: next((r[play] for r in groups[g] if r[play]), None) if play >= 0 else None
                for g in order}

    def sort_rows(rs):
        if amount < 0:
            return list(rs)
        with_amount = [r for r in rs if number(r[amount]) is not None]
        without = [r for r in rs if number(r[amount]) is None]
        return sorted(with_amount, key=lambda r: -number(r[amount])) + without

    # ---- read back
    if a.lo:
        return check_libreoffice(a, header, shown_cols, order, names, groups, sort_rows, masks,
                                 playtext)
    wb = openpyxl.load_workbook(a.report)
    wbv = openpyxl.load_workbook(a.report, data_only=True)
    want_order = [L["summary"]] + [names[g] for g in order]
    if a.all:
        want_order.append(L["all"])
    if flagged:
        want_order.append(review)
    if prev >= 0:
        want_order.append(L["changes"])
    visible = [ws.title for ws in wb.worksheets if ws.sheet_state == "visible"]
    check("sheet names and order", visible == want_order, "got  %s\nwant %s" % (visible, want_order))
    hidden = [ws.title for ws in wb.worksheets if ws.sheet_state != "visible"]
    check("only the lists sheet is hidden", hidden in ([], [L["lists"]]), hidden)

    want_header = [header[i] for i in shown_cols]
    injection_ok, types_ok, type_detail = True, True, []
    for g in order:
        ws = wb[names[g]]
        rs = groups[g]
        n = len(rs)
        top = 1 if playtext[g] else 0  # the playbook line above the table
        if top:
            check("playbook line above %s" % names[g], ws.cell(1, 1).value == playtext[g] and
                  all(ws.cell(1, c).value is None for c in range(2, ws.max_column + 1)),
                  ws.cell(1, 1).value)
        check("rows of sheet %s = %d" % (names[g], n), ws.max_row - 1 - top == n, ws.max_row - 1)
        got_header = [c.value for c in ws[1 + top]]
        check("header of %s" % names[g], got_header == want_header, got_header)
        check("frozen header on %s" % names[g], ws.freeze_panes == "A%d" % (2 + top),
              ws.freeze_panes)
        last = openpyxl.utils.get_column_letter(len(shown_cols))
        check("autofilter on %s" % names[g],
              ws.auto_filter.ref == "A%d:%s%d" % (1 + top, last, n + 1 + top), ws.auto_filter.ref)
        check("header bold and filled on %s" % names[g],
              all(c.font.b and c.fill.fgColor.rgb not in (None, "00000000") for c in ws[1 + top]))
        # Cells: values, types and formats, row by row in the sorted order.
        got = [[c for c in row] for row in ws.iter_rows(min_row=2 + top)]
        want = sort_rows(rs)
        values_ok, detail = True, []
        for gr, wr in zip(got, want):
            for j, col in enumerate(shown_cols):
                cell, v = gr[j], shown(wr[col], col, header, masks)
                if as_text(cell.value) != expected_text(v, col, header):
                    values_ok = False
                    detail.append("%s%d: %r, want %r" % (cell.column_letter, cell.row, cell.value, v))
                if cell.data_type == "f":
                    injection_ok = False
                h = header[col]
                if h in AMOUNT and number(v) is not None and (
                        not isinstance(cell.value, (int, float)) or cell.number_format != "#,##0.00"):
                    types_ok = False
                    type_detail.append("amount %s%d" % (cell.column_letter, cell.row))
                if h in DATES and iso_date(v) and (not isinstance(cell.value, datetime.datetime)
                                                    or cell.number_format != "yyyy-mm-dd"):
                    types_ok = False
                    type_detail.append("date %s%d" % (cell.column_letter, cell.row))
                if h in PHONE and v and not isinstance(cell.value, str):
                    types_ok = False
                    type_detail.append("phone %s%d" % (cell.column_letter, cell.row))
                if h in ORDERS and number(v) is not None and cell.number_format != "0":
                    types_ok = False
                    type_detail.append("orders %s%d" % (cell.column_letter, cell.row))
        check("values of %s in amount order" % names[g], values_ok, "\n".join(detail))
        check_validation(a, ws, header, shown_cols, n, names[g], top)
    check("no formulas on data sheets (injection cases are strings)", injection_ok)
    check("cell types: amounts numbers #,##0.00, dates dates, phones text, orders 0", types_ok,
          "\n".join(type_detail))

    # ---- summary, recomputed
    ws, wv = wb[L["summary"]], wbv[L["summary"]]
    head_row = next(r for r in range(1, 10) if ws.cell(r, 2).value in ("客户数", "Customers"))
    total = len(data)
    tot_amount = sum(number(r[amount]) or 0 for r in data) if amount >= 0 else 0
    tot_orders = sum(number(r[orders]) or 0 for r in data) if orders >= 0 else 0
    fig_ok, detail = True, []

    def near(x, y):
        return x is not None and abs(x - y) <= 1e-9 * max(1, abs(y))

    for i, g in enumerate(order):
        r = head_row + 1 + i
        rs = groups[g]
        cnt = len(rs)
        amt = sum(number(x[amount]) or 0 for x in rs) if amount >= 0 else None
        ords = sum(number(x[orders]) or 0 for x in rs) if orders >= 0 else None
        want = [g or L["blank"], cnt, cnt / total]
        if amount >= 0:
            want += [amt, amt / cnt]
        if orders >= 0:
            want += [ords / cnt]
        got = [wv.cell(r, c + 1).value for c in range(len(want))]
        if got[0] != want[0] or not all(near(x, y) for x, y in zip(got[1:], want[1:])):
            fig_ok = False
            detail.append("row %d: got %s want %s" % (r, got, want))
    tr = head_row + 1 + len(order)
    want = [L["total"], total, 1.0]
    if amount >= 0:
        want += [tot_amount, tot_amount / total]
    if orders >= 0:
        want += [tot_orders / total]
    got = [wv.cell(tr, c + 1).value for c in range(len(want))]
    if got[0] != want[0] or not all(near(x, y) for x, y in zip(got[1:], want[1:])):
        fig_ok = False
        detail.append("totals: got %s want %s" % (got, want))
    check("summary figures match an independent recomputation", fig_ok, "\n".join(detail))
    heads = [ws.cell(head_row, c).value for c in range(1, ws.max_column + 1)]
    if any(playtext.values()):
        pc = heads.index(PLAYBOOK_HEAD[a.lang]) + 1 if PLAYBOOK_HEAD[a.lang] in heads else 0
        got = [ws.cell(head_row + 1 + i, pc).value if pc else None for i in range(len(order))]
        check("summary playbook column, one text per segment", pc > 0 and
              got == [playtext[g] for g in order], "%s\n%s" % (heads, got))
    else:
        check("no playbook column on the summary", not any(h in PLAYBOOK_HEAD.values()
                                                           for h in heads), heads)
    formulas = [ws.cell(tr, c).value for c in range(2, len(want) + 1)]
    check("totals row holds formulas", all(isinstance(f, str) and f.startswith("=") for f in formulas)
          and formulas[0].startswith("=SUM("), formulas)
    check("share as a percentage", ws.cell(head_row + 1, 3).number_format.endswith("%"),
          ws.cell(head_row + 1, 3).number_format)
    facts = {wv.cell(r, 1).value: wv.cell(r, 2).value for r in range(tr + 1, tr + 20)}
    want_read = a.read if a.read is not None else total
    check("facts: rows read", facts.get(L["read"]) == want_read, facts)
    check("facts: rows in report", facts.get(L["in_report"]) == total, facts)
    check("facts: rows flagged", facts.get(L["flagged"]) == (len(flagged) if a.read is None
                                                             else facts.get(L["flagged"])), facts)
    charts = ws._charts
    if a.chart == "none":
        check("no chart", len(charts) == 0, charts)
    else:
        kind = PieChart if a.chart == "pie" else BarChart
        check("%s chart on the summary" % a.chart, len(charts) == 1 and isinstance(charts[0], kind),
              charts)

    # ---- review sheet, changes sheet, all customers
    if flagged:
        ws = wb[review]
        check("review sheet has every flagged row", ws.max_row - 1 == len(flagged), ws.max_row - 1)
        check("review sheet shows the problems first", ws.cell(1, 1).value == header[prob],
              ws.cell(1, 1).value)
        got = sorted(str(ws.cell(r, 1).value) for r in range(2, ws.max_row + 1))
        check("review sheet problems", got == sorted(r[prob] for r in flagged), got)
    if a.all:
        ws = wb[L["all"]]
        check("all-customers sheet has every row", ws.max_row - 1 == total, ws.max_row - 1)
    if prev >= 0:
        ws = wbv[L["changes"]]
        cols = [ws.cell(1, c).value for c in range(2, ws.max_column)]
        check("changes columns are the current segments in order",
              cols == [g or L["blank"] for g in order], cols)
        ok, detail = True, []
        for r in range(2, ws.max_row):
            p = ws.cell(r, 1).value
            pv = "" if p == L["new"] else p
            for j, g in enumerate(order):
                want_n = sum(1 for x in data if x[prev] == pv and x[seg] == g)
                if ws.cell(r, j + 2).value != want_n:
                    ok = False
                    detail.append("%s → %s: %s, want %d" % (p, g, ws.cell(r, j + 2).value, want_n))
        check("movement matrix recomputed", ok, "\n".join(detail))
        check("movement matrix total", ws.cell(ws.max_row, ws.max_column).value == total,
              ws.cell(ws.max_row, ws.max_column).value)
    return 1 if failures else 0


def check_validation(a, ws, header, shown_cols, n, name, top=0):
    dvs = ws.data_validations.dataValidation
    if a.no_validation:
        check("no validation on %s" % name, len(dvs) == 0, len(dvs))
        return
    rng = lambda j: ("%s%d" % (L(j), 2 + top)) if n == 1 else "%s%d:%s%d" % (
        L(j), 2 + top, L(j), n + 1 + top)
    L = openpyxl.utils.get_column_letter
    by_range = {str(dv.sqref): dv for dv in dvs}
    for j, col in enumerate(shown_cols):
        h = header[col]
        dv = by_range.get(rng(j + 1))
        if h in GENDER + SEGMENT:
            check("dropdown on %s of %s" % (h, name), dv is not None and dv.type == "list"
                  and dv.showDropDown is not True, dv)
        elif h in AMOUNT:
            check("decimal >= 0 on %s of %s" % (h, name), dv is not None and dv.type == "decimal"
                  and dv.operator == "greaterThanOrEqual" and dv.formula1 == "0" and dv.error, dv)
        elif h in ORDERS:
            check("whole >= 0 on %s of %s" % (h, name), dv is not None and dv.type == "whole"
                  and dv.operator == "greaterThanOrEqual", dv)
        elif h in DATES:
            check("date rule on %s of %s" % (h, name), dv is not None and dv.type == "date", dv)
        elif h in PHONE:
            check("input message on %s of %s" % (h, name), dv is not None and dv.prompt, dv)


def check_libreoffice(a, header, shown_cols, order, names, groups, sort_rows, masks, playtext):
    """LibreOffice wrote DIR/<stem>-<sheet>.csv for every sheet: compare the segment sheets."""
    stem = os.path.splitext(os.path.basename(a.report))[0]
    for g in order:
        path = os.path.join(a.lo, "%s-%s.csv" % (stem, names[g]))
        if not os.path.exists(path):
            check("LibreOffice converted sheet %s" % names[g], False, path)
            continue
        with open(path, newline="", encoding="utf-8") as f:
            got = list(csv.reader(f))
        if playtext[g]:
            check("LibreOffice reads the playbook line of %s" % names[g],
                  got and got[0][0] == playtext[g], got[:1])
            got = got[1:]
        want = [[header[i] for i in shown_cols]]
        for r in sort_rows(groups[g]):
            want.append([shown(r[i], i, header, masks) for i in shown_cols])

        def norm(v):
            x = number(v)
            return repr(x) if x is not None else v
        same = [[norm(v) for v in row] for row in got] == [[norm(v) for v in row] for row in want]
        check("LibreOffice reads sheet %s with the same values" % names[g], same,
              "got  %s\nwant %s" % (got[:3], want[:3]))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
