"""check_wellformed.py BOOK CSV [SKIP...] — what any reader of an export workbook needs:
every zip part is well-formed XML, no number in it is INF or NaN, openpyxl opens the book, and
the group sheets (every sheet but the first and those named in SKIP) hold each row of CSV once,
by the first column. Prints one line per problem; exits 1 when there is any."""
import csv
import re
import sys
import zipfile
from collections import Counter
from xml.parsers import expat

import openpyxl

book, table, skip = sys.argv[1], sys.argv[2], set(sys.argv[3:]) | {"_lists", "_列表"}
bad = []
# a cached value or a number: <v>, <c:v>, and the val="" of chart and style parts
nonfinite = re.compile(rb"<(?:c:)?v>\s*[-+]?(?:inf|nan)|val=\"[-+]?(?:inf|nan)", re.I)
with zipfile.ZipFile(book) as z:
    for name in z.namelist():
        data = z.read(name)
        if not name.endswith((".xml", ".rels")):
            continue
        try:
            expat.ParserCreate().Parse(data, True)
        except expat.ExpatError as err:
            bad.append(f"{name}: not well-formed XML: {err}")
        m = nonfinite.search(data)
        if m:
            bad.append(f"{name}: a number that is not finite: {m.group(0)!r}")
try:
    wb = openpyxl.load_workbook(book)
except Exception as err:  # any refusal is the finding
    print(f"{book}: openpyxl cannot open it: {type(err).__name__}: {err}")
    sys.exit(1)
with open(table, newline="", encoding="utf-8") as f:
    want = Counter(r[0] for r in list(csv.reader(f))[1:] if r)
got = Counter()
for ws in wb.worksheets[1:]:
    if ws.title in skip:
        continue
    for row in ws.iter_rows(min_row=2, max_col=1, values_only=True):
        if row[0] is not None:
            got[str(row[0])] += 1
if got != want:
    bad.append(f"group sheets hold {sorted(got.items())}, the table {sorted(want.items())}")
for b in bad:
    print(b)
sys.exit(1 if bad else 0)
