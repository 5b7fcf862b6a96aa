#!/bin/sh
# test_export_gaps.sh — export writes a data cell's reference (r="B7") only when the cell
# follows a gap (an empty cell, which is left out): a cell without one is the column after the
# previous cell of its row. A table with gaps everywhere (an empty first column, empty cells
# in the middle, across Z to AA, an empty last cell, rows holding the segment alone and a
# fully empty row) is exported, and every cell must be where the table puts it: as openpyxl
# reads it (full and read-only), as `custkit import` reads each sheet back, and as in the
# report libxlsxwriter writes with a reference on every cell (CUSTKIT_XLSX_WRITER), which is
# also what gnumeric before 1.12.60 needs (checked with ssconvert when it is installed).
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
PY=/usr/bin/python3
need_openpyxl
unset CUSTKIT_FACTS CUSTKIT_XLSX_WRITER

# 29 columns, A to AC: 备注 (mostly empty) first, 尾注 (mostly empty) last.
"$PY" - "$T/in.csv" <<'PYEOF'
import csv, sys
extra = ["列%d" % i for i in range(1, 23)]  # F..AA
head = ["备注", "客户编号", "姓名", "手机", "消费金额"] + extra + ["分层", "尾注"]
def row(note="", cid="", name="", phone="", amount="", seg="", tail="", **cols):
    r = [note, cid, name, phone, amount] + [""] * 22 + [seg, tail]
    for k, v in cols.items():
        r[5 + int(k[1:]) - 1] = v
    return r
rows = [
    row("", "C001", "张三", "13812345678", "58000.50", "高价值", "t1", x1="a", x22="z"),
    row("first", "", "李四", "", "12000", "高价值", ""),
    row("", "C003", "", "", "", "高价值", ""),
    row("", "", "", "", "", "高价值", ""),
    row("", "", "", "", "", "", ""),
    row("x", "C006", "孙八", "13800001111", "150000", "中价值", "", x20="y", x21=""),
    row("", "C007", "", "", "7", "中价值", "end", x21="aa"),
    row("n", "C008", "周九", "139", "8", "中价值", "full", **{"x%d" % i: "v%d" % i for i in range(1, 23)}),
]
with open(sys.argv[1], "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(head)
    w.writerows(rows)
PYEOF

ck export --as-of 2026-09-30 -o "$T/new.xlsx" "$T/in.csv" 2>"$T/err"
expect_eq "export writes the table with gaps" "$?" 0
CUSTKIT_XLSX_WRITER=libxlsxwriter ck export --as-of 2026-09-30 -o "$T/old.xlsx" "$T/in.csv" 2>"$T/err"
expect_eq "export writes it with libxlsxwriter's cells" "$?" 0

# The XML: references only after gaps; each row opened with its number.
"$PY" - "$T/new.xlsx" >"$T/xml.out" <<'PYEOF'
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
x = z.read("xl/worksheets/sheet2.xml").decode()  # 高价值
data = x[x.index('<row r="2"'):]
print("cells without r:", len(re.findall(r'<c s=', data)))
print("cells with r:", " ".join(re.findall(r'<c r="([A-Z]+\d+)"', data)))
PYEOF
expect_grep "contiguous cells go without a reference" "^cells without r: [1-9]" "$T/xml.out"
expect_grep "a cell after a gap says where it is" \
    "^cells with r: B2 AA2 C3 E3 AB3 B4 AB4 AB5$" "$T/xml.out"

# openpyxl, full and read-only: every cell where the table puts it, and the same as in the
# workbook whose every cell has its reference.
cat >"$T/cells.py" <<'PYEOF'
import csv, sys
import openpyxl
src, new, old = sys.argv[1:4]
with open(src, encoding="utf-8") as f:
    rows = list(csv.reader(f))
head, body = rows[0], rows[1:]
seg = head.index("分层")

def value(col, v):
    if v == "":
        return None
    return float(v) if col == 4 else v

def want(name):
    """The sheet's rows as the table has them, sorted (export orders rows its own way)."""
    key = "" if name == "(空)" else name
    got = [tuple(value(c, v) for c, v in enumerate(r)) for r in body if r[seg] == key]
    return sorted(got, key=repr)

def sheet_rows(ws):
    out = []
    for r in ws.iter_rows(min_row=2, max_col=len(head), values_only=True):
        out.append(tuple(float(v) if isinstance(v, (int, float)) else v for v in r))
    return out

bad = 0
for ro in (False, True):
    mode = "read-only" if ro else "full"
    wn = openpyxl.load_workbook(new, read_only=ro)
    wo = openpyxl.load_workbook(old, read_only=ro)
    names = wn.sheetnames[1:]
    if names != wo.sheetnames[1:] or sorted(names) != sorted(["高价值", "(空)", "中价值"]):
        print("not ok - %s: sheets %r" % (mode, names))
        bad += 1
        continue
    for name in names:
        hn = next(wn[name].iter_rows(max_row=1, values_only=True))
        if list(hn) != head:
            print("not ok - %s: %s header %r" % (mode, name, hn))
            bad += 1
        rn, rw = sheet_rows(wn[name]), sheet_rows(wo[name])
        # a fully empty row has no cells: a reader sees nothing there
        rn = [r for r in rn if any(v is not None for v in r)]
        rw = [r for r in rw if any(v is not None for v in r)]
        w = [r for r in want(name) if any(v is not None for v in r)]
        if rn != rw:
            print("not ok - %s: %s differs from libxlsxwriter's: %r != %r" % (mode, name, rn, rw))
            bad += 1
        if sorted(rn, key=repr) != w:
            print("not ok - %s: %s has %r, want %r" % (mode, name, rn, w))
            bad += 1
    if not ro:
        # cell by cell, with coordinates, over the whole used range of both
        for name in names:
            a, b = wn[name], wo[name]
            for r in range(1, max(a.max_row, b.max_row) + 1):
                for c in range(1, len(head) + 1):
                    if a.cell(r, c).value != b.cell(r, c).value:
                        print("not ok - %s!%s: %r != %r" % (name, a.cell(r, c).coordinate,
                                                           a.cell(r, c).value, b.cell(r, c).value))
                        bad += 1
print("bad", bad)
PYEOF
"$PY" "$T/cells.py" "$T/in.csv" "$T/new.xlsx" "$T/old.xlsx" >"$T/cells.out" 2>&1
expect_eq "openpyxl finds every cell in its column (full and read-only, as libxlsxwriter's)" \
    "$(grep -v '^bad 0$' "$T/cells.out" | head -5)" ""

# custkit's own reader: each data sheet read back as the table has it.
for s in 高价值 中价值; do
    ck import -q --sheet "$s" "$T/new.xlsx" >"$T/imp-new.csv" 2>"$T/err"
    expect_eq "custkit import reads sheet $s" "$?" 0
    ck import -q --sheet "$s" "$T/old.xlsx" >"$T/imp-old.csv" 2>"$T/err"
    expect_file_eq "custkit import reads $s as in libxlsxwriter's report" "$T/imp-new.csv" "$T/imp-old.csv"
    # the table's rows of this segment, numbers as export writes them (58000.50 → 58000.5)
    { head -1 "$T/in.csv"
      tail -n +2 "$T/in.csv" | grep ",$s,[^,]*$" | sed 's/,58000\.50,/,58000.5,/' | sort; } >"$T/want.csv"
    { head -1 "$T/imp-new.csv"; tail -n +2 "$T/imp-new.csv" | sort; } >"$T/got.csv"
    expect_file_eq "custkit import finds every cell of $s in its column" "$T/got.csv" "$T/want.csv"
done

# gnumeric reads a cell without a reference only from 1.12.60 on (earlier ones drop it): the
# report libxlsxwriter writes, every cell with its reference, is what CUSTKIT_XLSX_WRITER gives
# such a reader, and from 1.12.60 on both reports convert alike.
if command -v ssconvert >/dev/null 2>&1; then
    HOME=$T ssconvert -S "$T/old.xlsx" "$T/gn-old.csv" >/dev/null 2>&1
    expect_grep "gnumeric reads libxlsxwriter's report, every cell in its column" \
        "^,C001,张三,13812345678,58000.5,a,,,,,,,,,,,,,,,,,,,,,z,高价值,t1\$" "$T/gn-old.csv.1"
    v=$(ssconvert --version 2>/dev/null | sed -n "s/^ssconvert version '\([0-9.]*\)'.*/\1/p")
    if [ "$(printf '%s\n1.12.60\n' "$v" | sort -V | head -1)" = 1.12.60 ]; then
        HOME=$T ssconvert -S "$T/new.xlsx" "$T/gn-new.csv" >/dev/null 2>&1
        same=yes
        for f in "$T"/gn-old.csv.*; do
            cmp -s "$f" "$T/gn-new.csv.${f##*.}" || same="no: sheet ${f##*.}"
        done
        expect_eq "gnumeric $v converts the report as libxlsxwriter's" "$same" yes
    else
        echo "# gnumeric $v is before 1.12.60, which reads cells without references: not compared"
    fi
fi

# --cell-refs: custkit's own rows, every cell with its reference, for readers that require them
# (gnumeric before 1.12.60 among them): the same cells, and gnumeric converts them all.
ck export --cell-refs --as-of 2026-09-30 -o "$T/refs.xlsx" "$T/in.csv" 2>"$T/err"
expect_eq "export --cell-refs writes the table with gaps" "$?" 0
"$PY" - "$T/refs.xlsx" >"$T/refs.out" <<'PYEOF'
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
for n in sorted(z.namelist()):
    if re.match(r"xl/worksheets/sheet([2-9]|\d\d+)\.xml$", n):
        x = z.read(n).decode()
        print(n, "without r:", len(re.findall(r"<c s=|<c>|<c t=", x)),
              "with r:", len(re.findall(r'<c r="', x)))
PYEOF
expect_eq "--cell-refs: no data cell without its reference" \
    "$(grep -c 'without r: 0 with r: [1-9]' "$T/refs.out")" "$(wc -l <"$T/refs.out")"
"$PY" "$T/cells.py" "$T/in.csv" "$T/refs.xlsx" "$T/old.xlsx" >"$T/cells.out" 2>&1
expect_eq "--cell-refs: openpyxl finds every cell in its column, as libxlsxwriter's" \
    "$(grep -v '^bad 0$' "$T/cells.out" | head -5)" ""
expect_exit "--cell-refs is for workbooks, not --format csv" 2 \
    ck export --cell-refs --format csv --split "$T/split" "$T/in.csv"
expect_grep "--cell-refs with --format csv: said" "are for workbooks, not --format csv" "$T/err"
if command -v ssconvert >/dev/null 2>&1; then
    HOME=$T ssconvert -S "$T/refs.xlsx" "$T/gn-refs.csv" >/dev/null 2>&1
    same=yes
    for f in "$T"/gn-old.csv.*; do
        cmp -s "$f" "$T/gn-refs.csv.${f##*.}" || same="no: sheet ${f##*.}"
    done
    expect_eq "gnumeric converts the --cell-refs report as libxlsxwriter's" "$same" yes
fi
