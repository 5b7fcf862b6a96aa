#!/usr/bin/python3
"""check_export_property.py — properties every output of `custkit export` must have, whatever
the table (tests/interop/test_export_property.sh feeds it gen_adversarial.py's tables).

usage: check_export_property.py --seed N JOBS
JOBS has one tab-separated line per run: KIND STATUS OUTPUT INPUT BY ALL LABEL
  KIND    xlsx (OUTPUT is a workbook) or split (OUTPUT is the --split directory)
  STATUS  export's exit status (its pipeline's, for segment | export and tag | export)
  INPUT   the table export read (canonical CSV); BY the --by column or -; ALL 1 with --all
Prints one "ok - ..." or "not ok - ..." line per run (tests/run.sh counts them); a failure
names the seed (CUSTKIT_PROP_SEED replays it) and the files.

For a workbook: every part parses as XML (so it holds no character XML forbids); openpyxl
opens it; every number in a cell or in a chart's cache is finite; sheet names are unique
under Unicode case folding; the sheets are the summary, one per group (the --by column, else
the segment column, else one), then the all-rows sheet (--all), the review sheet (when a
row has problems), the changes sheet (previous-segment column, sheets by segment) and the
hidden _lists sheet, nothing else; every input row is on exactly one group sheet, the rows
of one group on one sheet, by the key column; the all-rows and review sheets hold exactly
all rows and the flagged rows. For --split: every input row is in exactly one file, the
rows of one group in one file.
"""
import argparse
import collections
import csv
import glob
import math
import os
import sys
import xml.etree.ElementTree as ET
import zipfile

import openpyxl

csv.field_size_limit(1 << 30)

LABELS = {
    "en": dict(summary="Summary", review=("Needs review", "Flagged rows"), changes="Changes",
               all="All customers", lists="_lists"),
    "zh": dict(summary="概览", review=("待核实", "问题明细"), changes="变动", all="全部客户",
               lists="_列表"),
}
KEY = ("客户编号", "customer_id")
SEGMENT = ("segment", "分层")
PROBLEMS = ("_problems", "问题")
PREVIOUS = ("previous", "上期分层")

seed = None
failures = 0


def result(name, problems):
    global failures
    if not problems:
        print("ok - " + name)
        return
    failures += 1
    print("not ok - " + name)
    if seed.isdigit():
        print("#   replay: CUSTKIT_PROP_SEED=%s sh tests/interop/test_export_property.sh" % seed)
    for p in problems[:8]:
        print("#   " + str(p)[:300].replace("\n", "\\n"))


def col(header, names):
    for n in names:
        if n in header:
            return header.index(n)
    return -1


def is_cjk(s):
    return any(0x3400 <= ord(c) <= 0x9FFF or 0xF900 <= ord(c) <= 0xFAFF for c in s)


# The customer columns gen_adversarial.py writes: those that play a role (SPEC §2).
ROLE_COLUMNS = {"客户编号", "姓名", "性别", "手机", "邮箱", "城市", "消费金额", "购买次数", "备注",
                "customer_id", "name", "gender", "phone", "email", "city", "amount", "orders",
                "notes"}


def table_lang(header):
    """The table's language as custkit decides it (ck_table_lang): the problems column clean
    wrote, else segment's pair of columns, else the customer columns, else any header."""
    for en, zh in ((["_problems"], ["问题"]), (["segment", "segment_rank"], ["分层", "分层序号"])):
        has_en, has_zh = all(h in header for h in en), all(h in header for h in zh)
        if has_en != has_zh:
            return "zh" if has_zh else "en"
    roles = [h for h in header if h in ROLE_COLUMNS]
    if roles:
        return "zh" if any(is_cjk(h) for h in roles) else "en"
    return "zh" if any(is_cjk(h) for h in header) else "en"


def read_table(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def fold(name):
    """Full Unicode case folding, no normalization (as lib/report/sheet_names.c and Excel
    compare)."""
    return name.casefold()


def keys_of(rows, header_row, where, problems):
    """The key column of a sheet's or file's rows (header first)."""
    h = ["" if v is None else str(v) for v in header_row]
    k = col(h, KEY)
    if k < 0:
        problems.append("%s: no key column in its header %r" % (where, h[:6]))
        return []
    return ["" if r[k] is None else str(r[k]) for r in rows]


def partition(groups_of_key, files, want_keys, what, problems):
    """files: [(name, [keys])]. Every key once, one group per file, one file per group."""
    got = collections.Counter(k for _, ks in files for k in ks)
    want = collections.Counter(want_keys)
    if got != want:
        missing = list((want - got).elements())[:5]
        extra = list((got - want).elements())[:5]
        problems.append("%s: rows missing %r, extra or repeated %r" % (what, missing, extra))
        return
    home = {}
    for name, ks in files:
        gs = {groups_of_key[k] for k in ks}
        if len(gs) > 1:
            problems.append("%s %r holds rows of %d groups: %r" % (what, name, len(gs),
                                                                   sorted(gs)[:4]))
        for g in gs:
            if home.setdefault(g, name) != name:
                problems.append("group %r is on two: %r and %r" % (g, home[g], name))


def finite_numbers(wb, problems):
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, float) and not math.isfinite(c.value):
                    problems.append("%s!%s holds %r" % (ws.title, c.coordinate, c.value))
                    return


def check_parts(path, problems):
    """Every XML part parses (expat: no forbidden characters); chart numbers are finite; the
    sheet names of xl/workbook.xml are unique under case folding."""
    with zipfile.ZipFile(path) as z:
        bad = z.testzip()
        if bad:
            problems.append("%s: bad CRC" % bad)
        for name in z.namelist():
            if not name.endswith((".xml", ".rels")):
                continue
            data = z.read(name)
            try:
                root = ET.fromstring(data)
            except ET.ParseError as err:
                problems.append("%s is not well-formed XML: %s" % (name, err))
                continue
            if name == "xl/workbook.xml":
                names = [e.get("name") for e in root.iter(
                    "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}sheet")]
                folded = collections.Counter(fold(n) for n in names)
                dup = [n for n in names if folded[fold(n)] > 1]
                if dup:
                    problems.append("sheet names the same without case: %r" % dup)
            if name.startswith("xl/charts/"):
                for cache in root.iter("{http://schemas.openxmlformats.org/drawingml/2006/chart}numCache"):
                    for v in cache.iter("{http://schemas.openxmlformats.org/drawingml/2006/chart}v"):
                        try:
                            ok = math.isfinite(float(v.text))
                        except (TypeError, ValueError):
                            ok = False
                        if not ok:
                            problems.append("%s: chart number %r" % (name, v.text))


def check_xlsx(out, table, by, all_sheet):
    problems = []
    header, data = read_table(table)
    lang = table_lang(header)
    L = LABELS[lang]
    try:
        check_parts(out, problems)
    except (zipfile.BadZipFile, OSError) as err:
        return ["not a zip file: %s" % err]
    try:
        wb = openpyxl.load_workbook(out)
    except Exception as err:  # any failure to open is the finding
        return problems + ["openpyxl cannot open it: %r" % err]
    finite_numbers(wb, problems)
    names = wb.sheetnames

    k = col(header, KEY)
    gcol = header.index(by) if by != "-" else col(header, SEGMENT)
    prob, prev, seg = col(header, PROBLEMS), col(header, PREVIOUS), col(header, SEGMENT)
    keys = [r[k] for r in data]
    group = {r[k]: (r[gcol] if gcol >= 0 else "") for r in data}
    ngroups = len(set(group.values())) if data else 1
    flagged = [r[k] for r in data if prob >= 0 and r[prob]]

    if names[0] != L["summary"]:
        problems.append("first sheet %r, want %r" % (names[0], L["summary"]))
    extras = names[1 + ngroups:]
    want = []
    if all_sheet:
        want.append(L["all"])
    if flagged:
        want.append("review")
    if prev >= 0 and gcol == seg:
        want.append(L["changes"])
    got = ["review" if n in L["review"] else n for n in extras]
    if got and got[-1] == L["lists"]:
        if wb[L["lists"]].sheet_state != "hidden":
            problems.append("%s is not hidden" % L["lists"])
        got = got[:-1]
    if got != want:
        problems.append("%d groups; after them the sheets %r, want %r" % (ngroups, extras, want))
        return problems

    def sheet_keys(name):
        ws = wb[name]
        rows = list(ws.iter_rows(values_only=True))
        return keys_of(rows[1:], rows[0] if rows else [], name, problems)

    files = [(n, sheet_keys(n)) for n in names[1:1 + ngroups]]
    partition(group, files, keys, "sheet", problems)
    for n in extras:
        if n == L["all"] and all_sheet:
            if collections.Counter(sheet_keys(n)) != collections.Counter(keys):
                problems.append("%s does not hold every row once" % n)
        elif n in L["review"]:
            if collections.Counter(sheet_keys(n)) != collections.Counter(flagged):
                problems.append("%s does not hold exactly the %d flagged rows" % (n, len(flagged)))
    return problems


def check_split(out, table, by):
    problems = []
    header, data = read_table(table)
    k = col(header, KEY)
    gcol = header.index(by) if by != "-" else col(header, SEGMENT)
    group = {r[k]: (r[gcol] if gcol >= 0 else "") for r in data}
    files = []
    for p in sorted(glob.glob(os.path.join(out, "*"))):
        if not p.endswith(".csv"):
            problems.append("%s: not NAME.csv" % p)
            continue
        with open(p, "rb") as f:
            if not f.read(3) == b"\xef\xbb\xbf":
                problems.append("%s: no byte-order mark" % p)
        try:
            h, rows = read_table(p)
        except (UnicodeDecodeError, csv.Error, IndexError) as err:
            problems.append("%s cannot be read: %s" % (p, err))
            continue
        files.append((os.path.basename(p), keys_of(rows, h, p, problems)))
    folded = collections.Counter(fold(n) for n, _ in files)
    dup = [n for n, _ in files if folded[fold(n)] > 1]
    if dup:
        problems.append("file names the same without case (one file on Windows and macOS): %r"
                        % dup)
    partition(group, files, [r[k] for r in data], "file", problems)
    return problems


def main():
    global seed
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", required=True)
    ap.add_argument("jobs")
    a = ap.parse_args()
    seed = a.seed
    with open(a.jobs, encoding="utf-8") as f:
        jobs = [line.rstrip("\n").split("\t") for line in f if line.strip()]
    for kind, status, out, table, by, all_sheet, label in jobs:
        name = "seed %s: %s" % (seed, label)
        if status != "0":
            err = out + ".err"
            msg = open(err, encoding="utf-8", errors="replace").read() if os.path.exists(err) else ""
            result(name, ["exit status %s: %s" % (status, msg.strip()[-300:])])
            continue
        try:
            p = check_xlsx(out, table, by, all_sheet == "1") if kind == "xlsx" else \
                check_split(out, table, by)
        except Exception as err:  # a checker crash on odd output is a failure, not a pass
            p = ["checking raised %r" % err]
        result(name, p)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
