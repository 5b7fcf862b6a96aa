#!/usr/bin/python3
"""compare_books.py — do two workbooks read the same? For the differential test of
`custkit export`'s two cell writers (tests/interop/test_xlsx_cells.sh): OLD is written with
CUSTKIT_XLSX_WRITER=libxlsxwriter, NEW by custkit's own row writer; a reader must not be able to
tell them apart.

usage: compare_books.py [--label L] [--raw-only] [--max-diffs N] OLD.xlsx NEW.xlsx

Three checks, each printed as one "ok - L: ..." or "not ok - L: ..." line (tests/run.sh counts
them) followed, when it fails, by the first differences as "#   SHEET!CELL: ..." lines:

  parts    The zip holds the same parts, and every part other than the worksheets and the
           shared strings is the same bytes (workbook, chart, theme, properties stay
           libxlsxwriter's). [Content_Types].xml and xl/_rels/workbook.xml.rels are compared
           without their sharedStrings entries, since a writer of inline strings needs none;
           styles.xml without its numFmts, fonts, fills, borders and cellXfs, which a writer
           may number in another order: cells, rows and columns refer to them by index, and
           those references are compared resolved (below).
  raw      Every worksheet's XML as Excel reads it, streamed (fine for a million rows): all that
           lies outside <sheetData> (dimension, panes, columns, autofilter, validations, ...)
           equal as parsed XML, column styles resolved; each row's attributes (but spans, a
           hint; a row style resolved); each cell's value
           decoded the way Excel decodes it (shared or inline string, rich-text runs joined,
           _xHHHH_ escapes undone, leading and trailing white space dropped from a <t> without
           xml:space="preserve", numbers as doubles, formulas) and its style resolved through
           styles.xml (number format, font, fill, border, alignment, protection). A cell with
           no value is the same as no cell when its style is the column's.
  openpyxl What openpyxl 3.0.9 (not read-only) returns: sheet names, order and state, defined
           names; per sheet max_row, max_column, calculate_dimension() and the raw
           <dimension ref>, each cell's value, data_type, number_format, font (bold...), fill,
           border, alignment, protection (a missing cell takes its column's style, as Excel
           shows it), freeze_panes, auto_filter, data validations, column widths and formats,
           row heights, merged cells, the sheet view, conditional formats. Skipped by
           --raw-only (a million-row workbook does not fit openpyxl's memory or our time).

Exit status 0 when every check passes, 1 otherwise.
"""
import argparse
import re
import sys
import xml.etree.ElementTree as ET
import zipfile

M = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PR = "{http://schemas.openxmlformats.org/package/2006/relationships}"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
SST_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
# Excel's built-in number formats that libxlsxwriter refers to by id.
BUILTIN_FMT = {0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%",
               10: "0.00%", 11: "0.00E+00", 14: "mm-dd-yy", 22: "m/d/yy h:mm", 49: "@"}


def short(v, n=60):
    s = repr(v)
    return s if len(s) <= n else s[:n - 12] + "..." + s[-9:]


class Diffs:
    """The differences of one check: the first `limit` kept, all counted."""

    def __init__(self, limit):
        self.limit, self.count, self.lines = limit, 0, []

    def add(self, msg):
        self.count += 1
        if len(self.lines) < self.limit:
            self.lines.append(msg)

    def report(self, label, what):
        if self.count == 0:
            print("ok - %s: %s" % (label, what))
            return True
        print("not ok - %s: %s (%d difference%s)" % (label, what, self.count,
                                                     "" if self.count == 1 else "s"))
        for line in self.lines:
            print("#   " + line)
        if self.count > len(self.lines):
            print("#   ... and %d more" % (self.count - len(self.lines)))
        return False


def canon(el):
    """An element as a comparable value: tag, attributes, text (white space only = none),
    children in order."""
    text = el.text if el.text and el.text.strip() else ""
    return (el.tag, tuple(sorted(el.attrib.items())), text, tuple(canon(c) for c in el))


def first_diff(x, y, path=""):
    """Where two canon() values first differ, as "path: what"."""
    tag = x[0].replace(M, "")
    here = "%s/%s" % (path, tag) if path else tag
    if x[0] != y[0]:
        return "%s: element %s != %s" % (path or "root", tag, y[0].replace(M, ""))
    ax, ay = dict(x[1]), dict(y[1])
    for k in sorted(set(ax) | set(ay)):
        if ax.get(k) != ay.get(k):
            return "%s @%s: %s != %s" % (here, k.split("}")[-1], short(ax.get(k)),
                                         short(ay.get(k)))
    if x[2] != y[2]:
        return "%s text: %s != %s" % (here, short(x[2]), short(y[2]))
    for i, (cx, cy) in enumerate(zip(x[3], y[3])):
        if cx != cy:
            return first_diff(cx, cy, "%s[%d]" % (here, i + 1))
    return "%s: %d children != %d" % (here, len(x[3]), len(y[3]))


def col_number(letters):
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch.upper()) - 64
    return n


def col_letters(n):
    s = ""
    while n:
        n, rem = divmod(n - 1, 26)
        s = chr(65 + rem) + s
    return s


REF = re.compile(r"([A-Za-z]{1,3})([0-9]+)$")
ESC = re.compile(r"_x([0-9A-Fa-f]{4})_")


def unescape(s):
    """Excel's reading of _xHHHH_ (what libxlsxwriter writes for control characters)."""
    return ESC.sub(lambda m: chr(int(m.group(1), 16)), s)


def t_text(t):
    s = t.text or ""
    if t.get(XML_SPACE) != "preserve":
        # Excel drops a <t>'s leading and trailing white space unless it is preserved (the
        # reason libxlsxwriter writes xml:space="preserve" on such strings).
        s = s.strip(" \t\r\n")
    return s


def rich_text(el):
    """The text of an <si> or <is>: its <t>, or its runs' <t> joined (phonetic runs skipped)."""
    parts = []
    for child in el:
        if child.tag == M + "t":
            parts.append(t_text(child))
        elif child.tag == M + "r":
            for t in child.iter(M + "t"):
                parts.append(t_text(t))
    return unescape("".join(parts))


class Book:
    """One workbook opened as a zip: parts, sheet names to parts, shared strings, styles."""

    def __init__(self, path):
        self.path = path
        self.zip = zipfile.ZipFile(path)
        self.names = self.zip.namelist()
        wb = ET.fromstring(self.zip.read("xl/workbook.xml"))
        rels = ET.fromstring(self.zip.read("xl/_rels/workbook.xml.rels"))
        target = {}
        self.sst_part = None
        for rel in rels.iter(PR + "Relationship"):
            t = rel.get("Target")
            t = t[1:] if t.startswith("/") else "xl/" + t
            target[rel.get("Id")] = t
            if rel.get("Type") == SST_TYPE:
                self.sst_part = t
        self.sheets = [(s.get("name"), target[s.get(R + "id")])
                       for s in wb.iter(M + "sheet")]
        self.sst = []
        if self.sst_part and self.sst_part in self.names:
            with self.zip.open(self.sst_part) as f:
                for _, el in ET.iterparse(f):
                    if el.tag == M + "si":
                        self.sst.append(rich_text(el))
                        el.clear()
        self.styles = self._styles()

    def _styles(self):
        """Each cellXfs index resolved to what it shows: number format code, font, fill, border,
        alignment, protection."""
        if "xl/styles.xml" not in self.names:
            return []
        st = ET.fromstring(self.zip.read("xl/styles.xml"))
        fmts = dict(BUILTIN_FMT)
        for nf in st.iter(M + "numFmt"):
            fmts[int(nf.get("numFmtId"))] = nf.get("formatCode")

        def listed(name, child):
            el = st.find(M + name)
            return [canon(c) for c in el.findall(M + child)] if el is not None else []
        fonts, fills = listed("fonts", "font"), listed("fills", "fill")
        borders = listed("borders", "border")
        out = []
        xfs = st.find(M + "cellXfs")
        for xf in (xfs.findall(M + "xf") if xfs is not None else []):
            def pick(lst, attr):
                i = int(xf.get(attr, "0"))
                return lst[i] if i < len(lst) else ("missing", i)
            nid = int(xf.get("numFmtId", "0"))
            out.append((fmts.get(nid, "builtin %d" % nid), pick(fonts, "fontId"),
                        pick(fills, "fillId"), pick(borders, "borderId"),
                        tuple(canon(c) for c in xf), xf.get("quotePrefix", "0")))
        return out

    def style(self, s):
        i = int(s or 0)
        return self.styles[i] if i < len(self.styles) else ("no such style", i)

    def cell(self, c):
        """A <c> as Excel reads it: (kind, value, formula)."""
        t = c.get("t", "n")
        v, f, inline = c.find(M + "v"), c.find(M + "f"), c.find(M + "is")
        formula = canon(f) if f is not None else None
        vt = v.text if v is not None else None
        if t == "s":
            try:
                return ("s", self.sst[int(vt)], formula)
            except (TypeError, ValueError, IndexError):
                return ("bad shared string index", vt, formula)
        if t == "inlineStr":
            return ("s", rich_text(inline) if inline is not None else "", formula)
        if t == "str":
            return ("s", unescape(vt or ""), formula)
        if t == "b":
            return ("b", vt, formula)
        if t in ("e", "d"):
            return (t, vt, formula)
        if vt is None:
            return (None, None, formula)
        try:
            return ("n", float(vt), formula)
        except ValueError:
            return ("bad number", vt, formula)

    def rows(self, part, info):
        """Stream a worksheet's rows as (row number, attributes, {column: (cell, style)}).
        info["cols"] gets the column styles as soon as <cols> is read (it precedes the rows);
        at the end info["root"] holds the sheet's XML without its rows."""
        info["cols"] = {}
        with self.zip.open(part) as f:
            el, r = None, 0
            for _, el in ET.iterparse(f):
                if el.tag == M + "cols":
                    info["cols"] = column_styles(el)
                if el.tag != M + "row":
                    continue
                r = int(el.get("r")) if el.get("r") else r + 1
                attrs = tuple(sorted((k, repr(self.style(v)) if k == "s" else v)
                                     for k, v in el.attrib.items() if k not in ("r", "spans")))
                cells, col = {}, 0
                for c in el.findall(M + "c"):
                    m = REF.match(c.get("r") or "")
                    col = col_number(m.group(1)) if m else col + 1
                    if m and int(m.group(2)) != r:
                        cells[col] = (("cell outside its row", c.get("r"), None), None)
                        continue
                    cells[col] = (self.cell(c), c.get("s"))
                el.clear()  # an empty <row> stays in <sheetData> until the end: ~100 bytes
                yield r, attrs, cells
            root = el  # the last element to end is the root
            info["root"] = root


def column_styles(cols):
    """{column: style index} from a worksheet's <cols>."""
    out = {}
    for col in cols.findall(M + "col"):
        for i in range(int(col.get("min")), int(col.get("max")) + 1):
            out[i] = col.get("style")
    return out


def check_parts(old, new, d):
    def essential(book, name):
        data = book.zip.read(name)
        if name == "[Content_Types].xml":
            el = ET.fromstring(data)
            return ("xml", tuple(canon(c) for c in el if not (
                c.get("PartName", "").endswith("/sharedStrings.xml"))))
        if name == "xl/styles.xml":
            # Cells, rows and columns name their style by index, and a writer may number the
            # formats differently: those tables are compared through every use (check_raw).
            el = ET.fromstring(data)
            return ("xml", tuple(canon(c) for c in el if c.tag not in (
                M + "numFmts", M + "fonts", M + "fills", M + "borders", M + "cellXfs")))
        if name == "xl/_rels/workbook.xml.rels":
            el = ET.fromstring(data)
            return ("xml", tuple(canon(c) for c in el if c.get("Type") != SST_TYPE))
        return ("bytes", data)
    sheet_parts = {p for _, p in old.sheets} | {p for _, p in new.sheets}
    skip = sheet_parts | {old.sst_part, new.sst_part}
    a = [n for n in old.names if n not in skip]
    b = [n for n in new.names if n not in skip]
    for n in sorted(set(a) ^ set(b)):
        d.add("part %s only in the %s file" % (n, "old" if n in a else "new"))
    for n in a:
        if n not in b:
            continue
        x, y = essential(old, n), essential(new, n)
        if x == y:
            continue
        if x[0] == "xml":
            where = next((first_diff(p, q) for p, q in zip(x[1], y[1]) if p != q),
                         "%d elements != %d" % (len(x[1]), len(y[1])))
        else:
            i = next((i for i, (p, q) in enumerate(zip(x[1], y[1])) if p != q),
                     min(len(x[1]), len(y[1])))
            where = "first at byte %d: %s != %s" % (i, short(x[1][i:i + 40]), short(y[1][i:i + 40]))
        d.add("part %s differs: %s" % (n, where))
    missing = [p for p in sheet_parts if p not in old.names or p not in new.names]
    for p in missing:
        d.add("worksheet part %s missing" % p)


def check_raw(old, new, d):
    if [s for s, _ in old.sheets] != [s for s, _ in new.sheets]:
        d.add("sheets: %s != %s" % ([s for s, _ in old.sheets], [s for s, _ in new.sheets]))
        return
    for (name, pa), (_, pb) in zip(old.sheets, new.sheets):
        if pa not in old.names or pb not in new.names:
            continue
        ia, ib = {}, {}
        ga, gb = old.rows(pa, ia), new.rows(pb, ib)
        try:
            ra, rb = next(ga, None), next(gb, None)
            while ra is not None or rb is not None:
                if rb is None or (ra is not None and ra[0] < rb[0]):
                    pair, ra = (ra, (ra[0], (), {})), next(ga, None)
                elif ra is None or rb[0] < ra[0]:
                    pair, rb = ((rb[0], (), {}), rb), next(gb, None)
                else:
                    pair, ra, rb = (ra, rb), next(ga, None), next(gb, None)
                compare_row(name, pair, old, new, ia["cols"], ib["cols"], d)
        except ET.ParseError as e:
            d.add("%s: XML does not parse: %s" % (name, e))
            continue
        xa, xb = ia["root"], ib["root"]
        for x, book in ((xa, old), (xb, new)):
            sd = x.find(M + "sheetData")
            if sd is not None:
                x.remove(sd)
            for col in x.iter(M + "col"):
                if col.get("style") is not None:
                    col.set("style", repr(book.style(col.get("style"))))
        ca, cb = [canon(c) for c in xa], [canon(c) for c in xb]
        if ca != cb:
            tags = lambda cs: [c[0].replace(M, "") for c in cs]  # noqa: E731
            if tags(ca) != tags(cb):
                d.add("%s: elements outside sheetData %s != %s" % (name, tags(ca), tags(cb)))
            for x, y in zip(ca, cb):
                if x != y:
                    d.add("%s: %s" % (name, first_diff(x, y)))


def compare_row(name, pair, old, new, cols_a, cols_b, d):
    (r, attr_a, cells_a), (_, attr_b, cells_b) = pair
    if attr_a != attr_b:
        d.add("%s!row %d: attributes %s != %s" % (name, r, attr_a, attr_b))
    for c in sorted(set(cells_a) | set(cells_b)):
        a, b = cells_a.get(c), cells_b.get(c)
        va, vb = (a[0] if a else (None, None, None)), (b[0] if b else (None, None, None))
        # A missing cell shows its column's style; so does a valueless one with that style.
        sa = old.style(a[1] if a else cols_a.get(c))
        sb = new.style(b[1] if b else cols_b.get(c))
        ref = "%s!%s%d" % (name, col_letters(c), r)
        if va != vb:
            d.add("%s: %s != %s" % (ref, short(va), short(vb)))
        elif sa != sb:
            what = [(k, x, y) for k, x, y in zip(("number format", "font", "fill", "border",
                                                  "alignment/protection", "quotePrefix"), sa, sb)
                    if x != y] or [("style", sa, sb)]
            d.add("%s: style differs (%s): %s %s != %s"
                  % (ref, ", ".join(k for k, _, _ in what), what[0][0], short(what[0][1]),
                     short(what[0][2])))


# ---------------------------------------------------------------- openpyxl
def check_openpyxl(pa, pb, old, new, d):
    import openpyxl
    try:
        wa = openpyxl.load_workbook(pa)
    except Exception as e:  # noqa: BLE001 — any failure to read is the finding
        d.add("openpyxl cannot read the old file: %s" % e)
        return
    try:
        wb = openpyxl.load_workbook(pb)
    except Exception as e:  # noqa: BLE001
        d.add("openpyxl cannot read the new file: %s" % e)
        return

    def same(what, x, y):
        if x != y:
            d.add("%s: %s != %s" % (what, short(x, 200), short(y, 200)))
            return False
        return True
    if not same("sheet names", wa.sheetnames, wb.sheetnames):
        return
    same("sheet states", [w.sheet_state for w in wa.worksheets],
         [w.sheet_state for w in wb.worksheets])
    same("active sheet", wa.active.title if wa.active else None,
         wb.active.title if wb.active else None)
    dn = lambda w: sorted((n.name, n.localSheetId, n.attr_text, n.hidden)  # noqa: E731
                          for n in w.defined_names.definedName)
    same("defined names", dn(wa), dn(wb))
    raw_dim = {}
    for book in (old, new):
        for name, part in book.sheets:
            with book.zip.open(part) as f:
                head = f.read(4096).decode("utf-8", "replace")
            m = re.search(r'<dimension ref="([^"]*)"', head)
            raw_dim[(book.path, name)] = m.group(1) if m else None
    for a, b in zip(wa.worksheets, wb.worksheets):
        n = a.title
        same("%s: raw <dimension ref>" % n, raw_dim[(old.path, n)], raw_dim[(new.path, n)])
        same("%s: calculate_dimension()" % n, a.calculate_dimension(), b.calculate_dimension())
        same("%s: max_row" % n, a.max_row, b.max_row)
        same("%s: max_column" % n, a.max_column, b.max_column)
        same("%s: freeze_panes" % n, a.freeze_panes, b.freeze_panes)
        same("%s: auto_filter.ref" % n, a.auto_filter.ref, b.auto_filter.ref)
        same("%s: auto_filter columns and sort" % n,
             (len(a.auto_filter.filterColumn), repr(a.auto_filter.sortState)),
             (len(b.auto_filter.filterColumn), repr(b.auto_filter.sortState)))
        dv = lambda w: [(str(v.sqref), v.type, v.formula1, v.formula2, v.operator,  # noqa: E731
                         v.allow_blank, v.showErrorMessage, v.showInputMessage, v.errorStyle,
                         v.errorTitle, v.error, v.promptTitle, v.prompt)
                        for v in w.data_validations.dataValidation]
        va, vb = dv(a), dv(b)
        if same("%s: number of data validations" % n, len(va), len(vb)):
            for x, y in zip(va, vb):
                same("%s: data validation %s (sqref, type, formula1, formula2, operator, ...)"
                     % (n, x[0]), x, y)
        cd = lambda w: {k: (c.min, c.max, c.width, c.customWidth, c.hidden,  # noqa: E731
                            c.number_format, c.font.b, c.outlineLevel)
                        for k, c in w.column_dimensions.items()}
        ca, cb = cd(a), cd(b)
        for k in sorted(set(ca) | set(cb), key=lambda s: (len(s), s)):
            same("%s: column %s (min, max, width, customWidth, hidden, number_format, bold)"
                 % (n, k), ca.get(k), cb.get(k))
        rd = lambda w: {k: (r.height, r.hidden, r.customHeight, r.s)  # noqa: E731
                        for k, r in w.row_dimensions.items()
                        if r.height is not None or r.hidden or r.s}
        ra, rb = rd(a), rd(b)
        for k in sorted(set(ra) | set(rb)):
            same("%s: row %d (height, hidden, customHeight, style)" % (n, k), ra.get(k), rb.get(k))
        same("%s: merged cells" % n, sorted(map(str, a.merged_cells.ranges)),
             sorted(map(str, b.merged_cells.ranges)))
        sv = lambda w: (w.sheet_view.tabSelected, w.sheet_view.zoomScale,  # noqa: E731
                        w.sheet_view.showGridLines, w.sheet_view.topLeftCell,
                        [(s.pane, s.activeCell, s.sqref) for s in w.sheet_view.selection])
        same("%s: sheet view" % n, sv(a), sv(b))
        same("%s: conditional formats" % n,
             sorted((str(r.sqref), len(r.rules)) for r in a.conditional_formatting),
             sorted((str(r.sqref), len(r.rules)) for r in b.conditional_formatting))
        compare_cells(n, a, b, max(a.max_row, b.max_row), max(a.max_column, b.max_column), d)


def compare_cells(n, a, b, rows, cols, d):
    cache = {}

    def look(ws, wb_id, r, c):
        cell = ws._cells.get((r, c))
        if cell is None:
            # Excel shows a missing cell in its column's format.
            value, dtype, obj = None, "n", ws.column_dimensions.get(col_letters(c))
            key = (wb_id, "column", c)
        else:
            value, dtype, obj = cell.value, cell.data_type, cell
            # openpyxl 3.0.9 drops "x005F_" from shared strings (its reading of the escaped
            # underscore of literal _xHHHH_ text) but not from inline strings: read both alike.
            if isinstance(value, str):
                value = value.replace("x005F_", "")
            key = (wb_id, tuple(cell._style))
        if key not in cache:
            if obj is None:
                cache[key] = (("number_format", "General"),)
            else:
                f = obj.font
                cache[key] = (("number_format", obj.number_format), ("font bold", f.b),
                              ("font italic", f.i), ("font underline", f.u),
                              ("font name", f.name), ("font size", f.sz),
                              ("font colour", repr(f.color)), ("fill", repr(obj.fill)),
                              ("border", repr(obj.border)), ("alignment", repr(obj.alignment)),
                              ("protection", repr(obj.protection)))
        return value, dtype, cache[key]
    for r in range(1, rows + 1):
        for c in range(1, cols + 1):
            va, ta, sa = look(a, 0, r, c)
            vb, tb, sb = look(b, 1, r, c)
            if va == vb and ta == tb and sa == sb and type(va) is type(vb):
                continue
            ref = "%s!%s%d" % (n, col_letters(c), r)
            if va != vb or type(va) is not type(vb):
                d.add("%s: value %s != %s" % (ref, short(va), short(vb)))
            elif ta != tb:
                d.add("%s: data_type %s != %s (value %s)" % (ref, ta, tb, short(va)))
            else:
                x, y = dict(sa), dict(sb)
                for what in [k for k, _ in sa] + [k for k, _ in sb if k not in x]:
                    if x.get(what) != y.get(what):
                        d.add("%s: %s %s != %s" % (ref, what, short(x.get(what)),
                                                   short(y.get(what))))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("old")
    ap.add_argument("new")
    ap.add_argument("--label", default="workbooks")
    ap.add_argument("--raw-only", action="store_true")
    ap.add_argument("--max-diffs", type=int, default=8)
    o = ap.parse_args()
    good = True
    try:
        old, new = Book(o.old), Book(o.new)
    except Exception as e:  # noqa: BLE001
        print("not ok - %s: both files open as workbooks" % o.label)
        print("#   %s" % e)
        return 1
    d = Diffs(o.max_diffs)
    check_parts(old, new, d)
    good &= d.report(o.label, "same parts; all but worksheets, shared strings and style tables "
                     "byte-identical")
    d = Diffs(o.max_diffs)
    check_raw(old, new, d)
    good &= d.report(o.label, "every worksheet reads the same in its XML (cells as Excel decodes "
                     "them, styles resolved, all outside sheetData)")
    if not o.raw_only:
        d = Diffs(o.max_diffs)
        check_openpyxl(o.old, o.new, old, new, d)
        good &= d.report(o.label, "openpyxl reads the same sheets, cells, types, formats, fonts, "
                         "panes, filters, validations, widths and dimensions")
    return 0 if good else 1


if __name__ == "__main__":
    sys.exit(main())
