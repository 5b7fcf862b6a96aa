#!/bin/sh
# test_xlsx_cells.sh — export's two writers of the data rows give the same workbook as a reader
# sees it: custkit's own cell XML (the default) and libxlsxwriter writing every cell
# (CUSTKIT_XLSX_WRITER=libxlsxwriter). Each input is exported both ways with a fixed --as-of;
# exit status and messages must agree, and compare_books.py must find no difference in the zip
# parts, in the worksheets' XML as Excel decodes it, or in what openpyxl reads (values, types,
# formats, fonts, panes, filters, validations, widths, dimensions). The new file is also checked
# alone: zip integrity, XML that parses, the same bytes from a second run, and LibreOffice reads
# it as it reads the old one. Inputs: the examples pipeline, a hostile table (with --mask and
# --all, and again by another column in English without validation), and 50,000+ rows
# (constant-memory mode). export has no option for shorter sheets, so a group split across
# sheets takes 1,048,576 rows: only with CUSTKIT_LONG=1 (make check-long). Altered copies of a
# workbook show that each kind of comparison does fail.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
here=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3
need_openpyxl
unset CUSTKIT_FACTS CUSTKIT_XLSX_WRITER
asof=2026-09-30
compare() { "$PY" "$here/compare_books.py" "$@"; }

# ---- inputs
cat >"$T/gen.py" <<'PYEOF'
"""gen.py hostile|big|long OUT [N]: the test tables, as canonical CSV (LF, quoted when needed)."""
import sys

H = ["客户编号", "姓名", "性别", "手机", "邮箱", "出生日期", "最近购买日期", "到期日", "购买次数",
     "消费金额", "年龄", "R", "备注", '说明<&>"\'', "标签组", "问题", "分层", "分层序号"]
TEXTS = ["a & b < c > d \" e ' f", "  leading and trailing  ", "\ttabs\t", "line1\nline2",
         "cr\rinside", "crlf\r\nend", "ctl\x01x\x1fy\x7f", "中文客户名称", "emoji 😀👨‍👩‍👧 ok",
         "_x0041_ literal", "]]> cdata", "=1+2", "+8613800000000", "-1", "@SUM(A1)", "\t=cmd",
         " ", "", "1e5", "007", "'quoted", "a\u00a0b\u3000c", "\u200bzero width",
         "e\u0301 combining", "\ufb01 ligature", "\\backslash\\", "%s %n", "<b>bold</b>",
         "&amp; already", "&#x41; ref", "trailing newline\n", "\n"]
NUMS = ["007", "1e5", "-0", ".5", "5.", "-12.50", "123456789012345", "1234567890123456",
        "0100", "1,234", " 12", "12 ", "+5", "1e400", "NaN", "inf", "0x10", "0", "0.0",
        "99999999999999.99", "1.7976931348623157e308", "4.9e-324", "-", "", "3", "12.00",
        "0.1", "1E5", "1e-7", "2.5e+3", "0.30000000000000004", "-1234567.891"]
DATES = ["2026-09-01", "2026-09-01 12:34:56", "2026-09-01T08:05", "1899-12-31", "1900-01-01",
         "1900-02-28", "1900-02-29", "1900-03-01", "2026-02-30", "2026-13-01", "9999-12-31",
         "2026-09-01 24:00:00", "2026/09/01", "2024-02-29", "2026-09-01 23:59:59", "",
         "0001-01-01", "2026-9-1", "20260901", "2026-09-01 12:34", "2026-09-01 00:00:01"]
PHONES = ["13812345678", "0755-88888888", "+8613800000000", "12345", "手机号码一二三四五六七",
          "😀😀😀😀😀😀😀😀😀😀", "138 1234 5678", "", "=1+2", "1"]
EMAILS = ["zhang@example.com", "@qian", "noat", "张三@例子.中国", "😀@example.com", "",
          "a&b<c>@x.com", " sp@x.com", "x@", "\t=cmd@x.com"]
SEGS = ["高价值", "中价值", "低价值", "待核实", "a[b]:c*d?e/f\\g", "'quoted'", "History",
        "超长的分层名称超长的分层名称超长的分层名称超长的分层名称超长的", "😀" * 16, ""]
RANK = {"高价值": "1", "中价值": "2", "低价值": "3", "待核实": "5"}
TAGS = ["华东,大客户", "华南,普通", "华北", "华东,大客户"]
PROBLEMS = ["", "", "bad email", "outlier & <dup>", "多个问题;日期无效\n第二行"]


def hostile():
    rows = []
    for i in range(64):
        seg = SEGS[i % len(SEGS)]
        rows.append([
            "C%03d" % i if i % 7 else "%016d" % (1234567890123456 + i),
            TEXTS[i % len(TEXTS)], ["男", "女", "", "未知"][i % 4], PHONES[i % len(PHONES)],
            EMAILS[i % len(EMAILS)], DATES[i % len(DATES)], DATES[(i * 3 + 1) % len(DATES)],
            ["2027-01-01", "2027-06-30 10:00:00", ""][i % 3], NUMS[(i * 7) % len(NUMS)],
            NUMS[i % len(NUMS)], NUMS[(i * 11) % len(NUMS)], NUMS[(i * 13) % len(NUMS)],
            TEXTS[(i * 3) % len(TEXTS)], TEXTS[(i * 5 + 2) % len(TEXTS)], TAGS[i % len(TAGS)],
            PROBLEMS[i % len(PROBLEMS)], seg, RANK.get(seg, str(4 + i % 3))])
    # Over Excel's 32,767 characters, which it counts in UTF-16 units: ASCII, CJK (exactly at
    # and one over the limit), emoji (20,000 are 40,000 units: cut, as 32,768 are). Four cells.
    rows[1][12] = "x" * 40000
    rows[2][12] = "长" * 32767
    rows[3][13] = "长" * 32768
    rows[4][12] = "😀" * 20000
    rows[5][12] = "😀" * 32768
    # U+FFFE and U+FFFF are not XML characters: written as Excel's _xFFFE_ escape
    rows[6][13] = "a\ufffeb\uffff"
    # rows whose fields are all empty but one, and a short row (the rest empty)
    for col, v in ((12, "only a note"), (9, "500"), (16, "高价值")):
        rows.append([""] * len(H))
        rows[-1][col] = v
    rows.append(["C999", "短行"])
    # Last on the (空) sheet, with nothing to show: every field empty, or only the hidden rank.
    rows.append([""] * len(H))
    rows.append([""] * (len(H) - 1) + ["7"])
    return H, rows


def big(n):
    # A narrower table (openpyxl's time grows with cells): the hostile rows, then n plain ones.
    cols = ["客户编号", "姓名", "手机", "邮箱", "最近购买日期", "购买次数", "消费金额", "备注",
            "问题", "分层", "分层序号"]
    at = [H.index(c) for c in cols]
    rows = [[r[j] if j < len(r) else "" for j in at] for r in hostile()[1]]
    names = ["张伟", "王芳", "Li Na", "O'Brien & Sons", "欧阳<娜娜>", "Zoë", "😀 Emoji"]
    segs = [("高价值", "1"), ("中价值", "2"), ("低价值", "3"), ("流失客户", "4")]
    for i in range(n):
        seg, rank = segs[i % 4] if i % 500 else ("待核实", "5")
        rows.append([
            "K%06d" % i, names[i % len(names)], "138%08d" % i, "u%d@example.com" % i,
            "2026-%02d-%02d %02d:%02d:%02d" % (1 + i % 9, 1 + i % 28, i % 24, i % 60, i * 7 % 60)
            if i % 3 else "2026-%02d-%02d" % (1 + i % 9, 1 + i % 28),
            str(i % 40), "%d.%02d" % (i % 100000, i % 100), "备注 %d & <x>" % i if i % 11 == 0
            else TEXTS[i % len(TEXTS)], "amount outlier" if i % 500 == 0 else "", seg, rank])
    return cols, rows


def long():
    # One group of 1,048,576 rows (one more than a sheet holds) and a small one.
    cols = ["name", "amount", "notes", "segment"]
    rows = ([["n%d" % i, str(i % 1000), TEXTS[i % len(TEXTS)], "Big"] for i in range(1048576)]
            + [["last", "1", "small", "Small"]])
    return cols, rows


def q(v):
    return '"' + v.replace('"', '""') + '"' if any(c in v for c in ',"\r\n') else v


kind, out = sys.argv[1], sys.argv[2]
head, rows = (hostile() if kind == "hostile" else big(int(sys.argv[3])) if kind == "big"
              else long())
with open(out, "w", newline="", encoding="utf-8") as f:
    f.write(",".join(map(q, head)) + "\n")
    for i, r in enumerate(rows):
        f.write(",".join(map(q, r)) + "\n")
        if kind == "hostile" and i == 10:
            f.write("\n")  # a blank line: skipped
PYEOF
mkdir -p "$T/in"
ck import "$ex/customers_zh_gbk.csv" 2>/dev/null |
    ck clean --orders "$ex/orders.csv" --as-of $asof 2>/dev/null |
    ck tag -r "$ex/tags.rules" --as-of $asof 2>/dev/null |
    ck segment --by rfm --as-of $asof >"$T/in/pipeline.csv" 2>/dev/null
expect_grep "the examples pipeline gives a segmented table" ',分层,分层序号,' "$T/in/pipeline.csv"
"$PY" "$T/gen.py" hostile "$T/in/hostile.csv"
"$PY" "$T/gen.py" big "$T/in/big.csv" 50500

# ---- export each input both ways; ok when status, messages and workbooks agree
# export_both CASE INPUT OPTION...: $T/CASE/{old,new,again}/report.xlsx, .err and .rc beside
export_both() {
    case_=$1 in_=$2
    shift 2
    for w in old new again; do
        mkdir -p "$T/$case_/$w"
        if [ $w = old ]; then writer=libxlsxwriter; else writer=; fi
        (cd "$T/$case_/$w" && if [ -n "$writer" ]; then export CUSTKIT_XLSX_WRITER=$writer; fi &&
            "$CUSTKIT" export --as-of $asof "$@" -o report.xlsx "$in_" 2>err; echo $? >rc)
    done
    d=$T/$case_
    expect_eq "$case_: export exits 0 with both writers" "$(cat "$d/old/rc") $(cat "$d/new/rc")" "0 0"
    if cmp -s "$d/old/err" "$d/new/err"; then ok "$case_: the same messages with both writers"
    else not_ok "$case_: the same messages with both writers" "$(diff "$d/old/err" "$d/new/err" | head -6)"; fi
}

# check_new CASE: the new file on its own
check_new() {
    f=$T/$1/new/report.xlsx
    if unzip -tq "$f" >"$T/unzip.out" 2>&1; then ok "$1: unzip -tq passes"
    else not_ok "$1: unzip -tq passes" "$(head -3 "$T/unzip.out")"; fi
    "$PY" - "$f" >"$T/alone.out" 2>&1 <<'PYEOF'
import sys, zipfile
import xml.etree.ElementTree as ET
z = zipfile.ZipFile(sys.argv[1])
bad = z.testzip()
print("testzip:", bad)
for n in z.namelist():
    if n.startswith("xl/worksheets/") and n.endswith(".xml"):
        with z.open(n) as f:
            try:
                for _ in ET.iterparse(f):
                    pass
            except ET.ParseError as e:
                print("%s: %s" % (n, e))
PYEOF
    expect_eq "$1: zipfile testzip() is None and every worksheet parses" "$(cat "$T/alone.out")" \
        "testzip: None"
    if cmp -s "$f" "$T/$1/again/report.xlsx"; then ok "$1: a second export gives the same bytes"
    else not_ok "$1: a second export gives the same bytes"; fi
}

# compare_case CASE [--raw-only]: old and new read the same (compare_books.py's checks)
compare_case() {
    c_=$1
    shift
    compare --label "$c_" "$@" "$T/$c_/old/report.xlsx" "$T/$c_/new/report.xlsx"
}

export_both pipeline "$T/in/pipeline.csv"
expect_grep "pipeline: every row is exported" "^custkit export: 266 rows, 13 groups" \
    "$T/pipeline/new/err"
compare_case pipeline
check_new pipeline

export_both hostile "$T/in/hostile.csv" --mask phone,email --all
compare_case hostile
check_new hostile
expect_grep "hostile: the cut cells are counted" \
    "^custkit export: 4 cells longer than Excel's 32,767 characters were cut" "$T/hostile/new/err"
"$PY" - "$T/hostile/new/report.xlsx" >"$T/shape.out" <<'PYEOF'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
longest = max(len(c.value.encode("utf-16-le")) // 2 for ws in wb.worksheets for row in ws.iter_rows() for c in row
              if isinstance(c.value, str))
print(wb.sheetnames[-3:], wb["_列表"].sheet_state, longest)
PYEOF
expect_eq "hostile: all-rows, review and hidden list sheets; no cell over 32,767 characters" \
    "$(cat "$T/shape.out")" "['全部客户', '问题明细', '_列表'] hidden 32767"

export_both hostile-en "$T/in/hostile.csv" --by 性别 --sort 姓名:asc --lang en --chart pie \
    --no-validation
compare_case hostile-en
check_new hostile-en

export_both big "$T/in/big.csv" --mask phone
compare_case big
check_new big
expect_grep "big: more than 50,000 rows (constant-memory mode)" "50570 rows" "$T/big/new/err"
(cd "$T/big/again" && CUSTKIT_THREADS=1 "$CUSTKIT" export --as-of $asof --mask phone \
    -o threads1.xlsx "$T/in/big.csv" 2>/dev/null)
if cmp -s "$T/big/new/report.xlsx" "$T/big/again/threads1.xlsx"; then
    ok "big: the same bytes with CUSTKIT_THREADS=1"
else not_ok "big: the same bytes with CUSTKIT_THREADS=1"; fi

# A table without rows: the all-rows sheet holds the header alone.
head -1 "$T/in/hostile.csv" >"$T/in/empty.csv"
export_both empty "$T/in/empty.csv" --all
compare_case empty
check_new empty

# ---- the comparison can fail: altered copies of a workbook are told apart. The copies are
# made of the libxlsxwriter one, whose XML does not change with custkit's writer.
# alter SRC DST PART PYTHON-REGEX REPLACEMENT: DST is SRC with the first match in PART replaced
alter() {
    "$PY" - "$@" <<'PYEOF'
import re, sys, zipfile
src, dst, part, pat, rep = sys.argv[1:6]
with zipfile.ZipFile(src) as zi, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zo:
    for info in zi.infolist():
        data = zi.read(info.filename)
        if info.filename == part:
            text, n = re.subn(pat, rep, data.decode("utf-8"), count=1)
            if n != 1:
                sys.exit("no match for %r in %s" % (pat, part))
            data = text.encode("utf-8")
        zo.writestr(info, data)
PYEOF
}
h=$T/hostile/old/report.xlsx
# detects WHAT PART REGEX REPLACEMENT WANT: the altered copy differs, WANT among the differences
detects() {
    rm -f "$T/cmp.out"
    if alter "$h" "$T/altered.xlsx" "$2" "$3" "$4" >"$T/alter.out" 2>&1 &&
        ! compare --label altered "$h" "$T/altered.xlsx" >"$T/cmp.out" 2>&1 &&
        grep -qF -- "$5" "$T/cmp.out"; then ok "compare_books.py notices $1"
    else not_ok "compare_books.py notices $1" "$(cat "$T/alter.out")" \
        "$(grep -v '^ok' "$T/cmp.out" 2>/dev/null | head -6)"; fi
}
s2=xl/worksheets/sheet2.xml sst=xl/sharedStrings.xml
detects "a changed number" $s2 '(<c r="H2" s="\d+"><v>)46388<' '\g<1>46389<' \
    "高价值!H2: ('n', 46388.0, None) != ('n', 46389.0, None)"
detects "a text cell without its text format" $s2 '<c r="B2" s="\d+"' '<c r="B2"' \
    "高价值!B2: number_format '@' != 'General'"
detects "a cell in the wrong column" $s2 '<c r="C2"' '<c r="R2"' "高价值!C2: ('s', '男', None) != (None"
detects "leading spaces not preserved (Excel drops them)" $sst \
    '<t xml:space="preserve">(  leading)' '<t>\1' \
    "中价值!B2: ('s', '  leading and trailing  ', None) != ('s', 'leading and trailing', None)"
detects "a CR as &#13; instead of _x000D_ (openpyxl sees the difference)" $sst '_x000D_' '&#13;' \
    "value 'cr_x000D_inside' != 'cr\rinside'"
detects "a control character as &#1; (not XML 1.0)" $sst '_x0001_' '&#1;' \
    "reference to invalid character number"
detects "a wrong dimension" $s2 '<dimension ref="A1:Q\d+"/>' '<dimension ref="A1:Q99"/>' \
    "高价值: raw <dimension ref>: 'A1:Q9' != 'A1:Q99'"
detects "a changed column width" $s2 'width="18.7109375"' 'width="19.7109375"' \
    "高价值: column A (min, max, width"
detects "a changed validation" $s2 '(sqref="G2:G\d+"><formula1>)1<' '\g<1>2<' \
    "高价值: data validation G2:G9"

# ---- LibreOffice reads the new workbook as it reads the old one (one conversion: slow)
if command -v soffice >/dev/null 2>&1; then
    lo=$T/lo
    mkdir -p "$lo"
    cp "$T/hostile/old/report.xlsx" "$lo/old.xlsx"
    cp "$T/hostile/new/report.xlsx" "$lo/new.xlsx"
    timeout 180 soffice "-env:UserInstallation=file://$T/lo-profile" --headless \
        --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1' \
        --outdir "$lo" "$lo/old.xlsx" "$lo/new.xlsx" >"$T/lo.out" 2>&1
    expect_eq "LibreOffice converts the old and the new hostile workbook" "$?" 0
    differ="" same=0
    for f in "$lo"/old-*.csv; do
        g=$lo/new-${f#"$lo"/old-}
        if cmp -s "$f" "$g"; then same=$((same + 1)); else differ="$differ ${f#"$lo"/old-}"; fi
    done
    expect_eq "LibreOffice gives the same CSV of every sheet ($same)" "${differ:-none}" "none"
    expect_grep "LibreOffice's CSV of the first data sheet has its rows" "^1234567890123456," \
        "$lo/old-高价值.csv"
else
    skip "LibreOffice reads the old and the new hostile workbook alike" "soffice is not installed"
fi

# ---- a group split across sheets (slow: CUSTKIT_LONG=1, run by make check-long). export has
# no option for a smaller sheet, so it takes Excel's 1,048,575 rows; openpyxl cannot hold that.
if [ "${CUSTKIT_LONG:-}" = 1 ]; then
    "$PY" "$T/gen.py" long "$T/in/long.csv"
    export_both long "$T/in/long.csv"
    "$PY" - "$T/long/new/report.xlsx" >"$T/long.out" <<'PYEOF'
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
names = re.findall(r'<sheet name="([^"]*)"', z.read("xl/workbook.xml").decode())
dims = []
for i in range(2, len(names) + 1):
    with z.open("xl/worksheets/sheet%d.xml" % i) as f:
        dims.append(re.search(r'<dimension ref="([^"]*)"', f.read(2048).decode()).group(1))
print(names, dims)
PYEOF
    expect_eq "long: Big continues on Big (2)" "$(cat "$T/long.out")" \
        "['Summary', 'Big', 'Big (2)', 'Small'] ['A1:D1048576', 'A1:D2', 'A1:D2']"
    compare_case long --raw-only
    check_new long
fi
