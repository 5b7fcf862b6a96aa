#!/usr/bin/python3
# tablelang_check.py — what custkit writes into a table speaks the table's language: in a
# Chinese run no English words (ASCII letters), in an English run no CJK, apart from the data
# that came in (cell values of the inputs, the rules' group and tag names, file names).
"""Usage:
  tablelang_check.py zh|en ALLOWED_FILES... -- OUTPUT_FILES...
      ALLOWED_FILES: the input CSV files and rules files, whose values may come back as they
      are. OUTPUT_FILES: CSV files (each cell scanned) and .xlsx workbooks (every sheet name
      and every text cell, read with openpyxl). A CSV named NAME=COLUMN scans only that column.
Prints "ok" or the offending cells; exit status 0 when nothing is out of place.
"""
import csv
import os
import re
import sys

CJK = re.compile("[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")
LATIN = re.compile("[A-Za-z]")
# Codes kept in both languages: the RFM model's letters (RFM, R分, F分, M分, and R1–5 … in the
# playbook texts), the time zone of
# the report's creation time.
ZH_CODES = re.compile(r"RFM|(?<![A-Za-z])[RFM](?=分|[1-5])|(?<![A-Za-z])UTC(?![A-Za-z])")


def allowed_values(paths):
    ok = set()
    for p in paths:
        ok.add(p)
        ok.add(p.rsplit("/", 1)[-1])
        if p.endswith(".rules"):
            with open(p, encoding="utf-8") as f:
                for line in f:
                    line = line.split("#", 1)[0].strip()
                    m = re.match(r"\[(.*)\]\*?$", line)
                    if m:
                        ok.add(m.group(1).strip())
                    elif "=" in line:
                        ok.add(line.split("=", 1)[0].strip())
            continue
        with open(p, encoding="utf-8-sig", newline="") as f:
            for row in csv.reader(f):
                for v in row:
                    ok.add(v.strip())
                    ok.add(v.strip().lower())
                    for part in re.split(r"[;\n]", v):
                        ok.add(part.strip())
    return ok


def foreign(lang, s):
    if lang == "zh":
        return LATIN.search(ZH_CODES.sub("", s)) is not None
    return CJK.search(s) is not None


def is_data(s, ok):
    """A value that came in: an input cell, a rule's name, or a file's name (the report's
    facts list its input files)."""
    def known(x):
        return x in ok or x.lower() in ok or (x.startswith("/") and os.path.exists(x))
    s = s.strip()
    if known(s):
        return True
    parts = [x.strip() for x in s.split(";")]
    return len(parts) > 1 and all(known(x) for x in parts)


def cells_csv(spec):
    path, _, col = spec.partition("=")
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    if not rows:
        yield path, "missing", "an empty file"
        return
    idx = None
    if col:
        if col not in rows[0]:
            yield path, "missing", "no column %s in %s" % (col, rows[0])
            return
        idx = rows[0].index(col)
    for i, row in enumerate(rows):
        for j, v in enumerate(row):
            if idx is None or j == idx:
                yield path, "line %d col %d" % (i + 1, j + 1), v


def cells_xlsx(path):
    import openpyxl
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        yield path, "sheet name", ws.title
        for row in ws.iter_rows():
            for c in row:
                v = c.value
                if isinstance(v, str) and not v.startswith("="):
                    yield path, "%s!%s" % (ws.title, c.coordinate), v


def main(argv):
    if len(argv) < 3 or argv[0] not in ("zh", "en") or "--" not in argv:
        print(__doc__)
        return 2
    lang = argv[0]
    cut = argv.index("--")
    ok = allowed_values(argv[1:cut])
    bad, seen = [], 0
    for spec in argv[cut + 1:]:
        it = cells_xlsx(spec) if spec.endswith(".xlsx") else cells_csv(spec)
        for path, where, v in it:
            if where == "missing":
                bad.append("%s: %s" % (path, v))
                continue
            seen += 1
            if v and not is_data(v, ok) and foreign(lang, v):
                bad.append("%s %s: %r" % (path.rsplit("/", 1)[-1], where, v))
    if seen == 0:
        bad.append("no cell scanned")
    if bad:
        for b in bad[:30]:
            print("#", b)
        print("FAILED (%d cells not in the %s table's language)" % (len(bad), lang))
        return 1
    print("ok (%d cells)" % seen)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
