#!/usr/bin/python3
# import_check.py — an independent reading of import's inputs for tests/cli/test_import.sh
# (Python standard library only): each input read by Python's csv module, the table built by
# the rules of custkit-import(1), and compared with a golden file byte for byte.
"""Usage:
  import_check.py GOLDEN [--source] INPUT[:ENCODING]...
      Reads each INPUT (UTF-8 unless ENCODING names another of Python's codecs) with Python's
      csv module: the delimiter sniffed among , TAB ; | from the first 50 lines (the one whose
      count per line is most often the same non-zero number), blank lines dropped, single-value
      rows above a wider row taken as titles, header names trimmed (empty: column_N, repeated:
      NAME_2 ...), short rows padded, longer rows' fields under column_N; several inputs aligned
      by header name in first-seen order; --source adds a column `source` naming each row's
      input as given. Written as canonical CSV (quotes only around fields with a comma, quote
      or line break; LF line ends). Lines of GOLDEN beginning "custkit import: " are import's
      warnings (a golden of stdout and stderr): the title warning must count the title rows.
Prints "ok" or the differences; exit status 0 when the golden matches.
"""
import collections
import csv
import io
import sys

DELIMS = [",", "\t", ";", "|"]
TRIM = " \t\u00a0\u3000\ufeff"


def sniff(text):
    """The delimiter whose per-line count is most often the same non-zero number."""
    lines = [l for l in text.splitlines() if l.strip()][:50]
    best, best_n = ",", 0
    for d in DELIMS:
        counts = collections.Counter(l.count(d) for l in lines if l.count(d) > 0)
        n = counts.most_common(1)[0][1] if counts else 0
        if n > best_n:
            best, best_n = d, n
    return best


def read_table(path, enc):
    """(header, rows, number of title rows) of one input, by custkit-import(1)'s rules."""
    with open(path, encoding=enc, newline="") as f:
        text = f.read()
    if text.startswith("\ufeff"):
        text = text[1:]
    rows = [r for r in csv.reader(io.StringIO(text, newline=""), delimiter=sniff(text)) if r]
    titles = 0
    wider = next((i for i, r in enumerate(rows) if len(r) > 1), None)
    if wider is not None and all(len(r) == 1 for r in rows[:wider]):
        titles = wider
    rows = rows[titles:]
    header, body = rows[0], rows[1:]
    names, seen = [], collections.Counter()
    for i, h in enumerate(header):
        h = h.strip(TRIM) or "column_%d" % (i + 1)
        seen[h] += 1
        names.append(h if seen[h] == 1 else "%s_%d" % (h, seen[h]))
    width = max([len(names)] + [len(r) for r in body])
    names += ["column_%d" % (i + 1) for i in range(len(names), width)]
    body = [r + [""] * (width - len(r)) for r in body]
    return names, body, titles


def field(v):
    return '"%s"' % v.replace('"', '""') if any(c in v for c in ',"\r\n') else v


def main(argv):
    golden, args = argv[0], argv[1:]
    source = "--source" in args
    inputs = [a for a in args if a != "--source"]
    columns, table, titles = [], [], 0
    for spec in inputs:
        path, _, enc = spec.partition(":")
        header, body, t = read_table(path, enc or "utf-8")
        titles += t
        columns += [h for h in header if h not in columns]
        table += [(dict(zip(header, r)), path) for r in body]
    if source:
        columns.append("source")
    out = [",".join(field(c) for c in columns)]
    for values, path in table:
        if source:
            values = dict(values, source=path)
        out.append(",".join(field(values.get(c, "")) for c in columns))
    want = "".join(l + "\n" for l in out)
    with open(golden, encoding="utf-8", newline="") as f:
        got = f.read()
    warnings = [l for l in got.split("\n") if l.startswith("custkit import: ")]
    got = "".join(l + "\n" for l in got.split("\n")[:-1] if not l.startswith("custkit import: "))
    problems = []
    if titles and not any("%d title rows" % titles in w for w in warnings):
        problems.append("no warning of %d title rows in %r" % (titles, warnings))
    if got != want:
        problems.append("golden:   %r" % got)
        problems.append("expected: %r" % want)
    if problems:
        for p in problems:
            print("#", p)
        print("FAILED")
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
