# test_export.sh — custkit export read back by independent readers: openpyxl (check_report.py
# recomputes every figure) and LibreOffice headless; reproducible bytes, safe writing, --split.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
here=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3
check() { "$PY" "$here/check_report.py" "$@"; }
need_openpyxl
# temps: how many temporary files of keep.xlsx are in $T
temps() {
    k=0
    for f in "$T"/.keep.xlsx.*; do [ -e "$f" ] && k=$((k + 1)); done
    echo "$k"
}

# A segmented Chinese table: tiers with ranks, a flagged row, a review segment, leading zeros,
# a 16-digit id, injection cases, an empty date, a tag group whose values hold commas (so its
# dropdown cannot be inline and goes to the hidden _lists sheet (_列表 in Chinese)).
cat >"$T/zh.csv" <<'EOF'
客户编号,姓名,性别,手机,邮箱,出生日期,最近购买日期,购买次数,消费金额,标签组,问题,分层,分层序号
C001,张三,男,13812345678,zhang@example.com,1990-05-01,2026-09-01,12,58000.50,"华东,大客户",,高价值,1
C002,李四,女,13900001111,li@example.com,1985-02-03,2026-08-15,3,12000,"华南,普通",,中价值,2
C003,王五,男,0755-88888888,wang@example.com,,2026-01-02,1,300,"华东,大客户",outlier,低价值,3
C004,赵六,女,=1+2,zhao@example.com,1970-12-31,2026-07-07,5,9000,"华南,普通",,低价值,3
C005,钱七,男,+8613800000000,@qian,2000-01-01,,0,0,"华东,大客户",bad email,待核实,5
C006,孙八,女,00123,sun@example.com,1995-06-06,2026-09-20,20,150000,"华南,普通",,高价值,1
1234567890123456,周九,男,-1,+x@example.com,1988-08-08,2026-09-29,2,2500.75,"华东,大客户",,中价值,2
C008,吴十,女,@SUM(A1),	tab@example.com,1999-09-09,2026-03-03,1,0100,"华南,普通",,低价值,3
EOF

# An English table from segment --compare: previous and movement columns, no rank.
cat >"$T/en.csv" <<'EOF'
customer_id,name,gender,phone,email,last_purchase,orders,amount,segment,previous,movement
E1,Ann,F,13811112222,ann@example.com,2026-09-01,9,9100,Champions,Loyal Customers,up
E2,Bob,M,13833334444,bob@example.com,2026-05-05,2,800,At Risk,Champions,down
E3,Cy,F,13855556666,cy@example.com,2026-08-08,5,4000,Loyal Customers,Loyal Customers,same
E4,Di,M,13877778888,di@example.com,2026-09-20,1,300,New Customers,,new
E5,Ed,M,13899990000,ed@example.com,2026-09-10,7,7000,Champions,Champions,same
E6,Flo,F,13800001111,flo@example.com,2026-02-02,1,100,At Risk,Loyal Customers,down
EOF

# ---- the Chinese workbook, read back by openpyxl
expect_exit "export zh" 0 ck export --as-of 2026-09-30 -o "$T/zh.xlsx" "$T/zh.csv"
check "$T/zh.xlsx" "$T/zh.csv" --lang zh
"$PY" - "$T/zh.xlsx" >"$T/lists.out" <<'EOF'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["_列表"]
dv = [d for d in wb["高价值"].data_validations.dataValidation if str(d.sqref) == "J2:J3"]
print(ws.sheet_state, [c.value for c in ws["A"]], dv[0].type if dv else None,
      dv[0].formula1 if dv else None)
EOF
expect_eq "a list with commas goes to the hidden lists sheet, _列表 in a Chinese report" \
    "$(cat "$T/lists.out")" "hidden ['华东,大客户', '华南,普通'] list '_列表'!\$A\$1:\$A\$2"

# The checker itself must notice a wrong workbook: compare with a table that differs.
sed 's/58000.50/58000.51/' "$T/zh.csv" >"$T/zh-wrong.csv"
if check "$T/zh.xlsx" "$T/zh-wrong.csv" --lang zh >"$T/wrong.out" 2>&1; then
    not_ok "check_report.py notices a changed amount"
else
    expect_grep "check_report.py notices a changed amount" "not ok - summary figures" "$T/wrong.out"
fi

# ---- English: movement matrix, pie chart, --all, masking, no validation
expect_exit "export en --chart pie --all --mask phone,email" 0 \
    ck export --chart pie --all --mask phone,email -o "$T/en.xlsx" "$T/en.csv"
check "$T/en.xlsx" "$T/en.csv" --lang en --chart pie --all --mask phone,email
expect_exit "export --no-validation --chart none" 0 \
    ck export --no-validation --chart none -o "$T/nv.xlsx" "$T/en.csv"
check "$T/nv.xlsx" "$T/en.csv" --lang en --chart none --no-validation
expect_exit "export --lang en on a Chinese table" 0 ck export --lang en -o "$T/zh-en.xlsx" "$T/zh.csv"
check "$T/zh-en.xlsx" "$T/zh.csv" --lang en

# --by another column, --sort
expect_exit "export --by gender --sort name:asc" 0 \
    ck export --by gender --sort name:asc -o "$T/by.xlsx" "$T/en.csv"
"$PY" - "$T/by.xlsx" >"$T/by.out" <<'EOF'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
print([ws.title for ws in wb.worksheets], [c.value for c in wb["F"]["B"]][1:])
EOF
expect_eq "--by gender makes F and M sheets, --sort name:asc orders rows" "$(cat "$T/by.out")" \
    "['Summary', 'F', 'M'] ['Ann', 'Cy', 'Flo']"
expect_exit "export --sort amount:asc" 0 ck export --sort amount:asc -o "$T/asc.xlsx" "$T/en.csv"
"$PY" - "$T/asc.xlsx" >"$T/asc.out" <<'EOF'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
print([c.value for c in wb["Champions"]["H"]][1:], [c.value for c in wb["At Risk"]["H"]][1:])
EOF
expect_eq "--sort amount:asc" "$(cat "$T/asc.out")" "[7000, 9100] [100, 800]"

# --col: a header no synonym knows becomes the amount column (number format, sort, summary)
printf 'name,spend,segment\na,5,S\nb,700,S\nc,60,S\n' >"$T/col.csv"
expect_exit "export --col amount=spend" 0 ck export --col amount=spend -o "$T/col.xlsx" "$T/col.csv"
"$PY" - "$T/col.xlsx" >"$T/col.out" <<'EOF2'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1], data_only=True)
ws = wb["S"]
print([c.value for c in ws["B"]][1:], ws["B2"].number_format, wb["Summary"]["D4"].value)
EOF2
expect_eq "--col amount=spend: numbers, largest first, summed" "$(cat "$T/col.out")" \
    "[700, 60, 5] #,##0.00 765"

# ---- facts carried from earlier commands
cat >"$T/facts.jsonl" <<'EOF'
{"command":"clean","time":"2026-01-01T00:00:00Z","read":99,"written":1,"merged":1,"rejected":1,"flagged":1,"inputs":["old.csv"]}
{"command":"import","time":"2026-09-30T01:00:00Z","rows":12,"inputs":["客户.xlsx"]}
{"command":"clean","time":"2026-09-30T01:00:01Z","inputs":["<stdin>","orders.csv"],"read":12,"written":8,"merged":3,"rejected":1,"flagged":2}
{"command":"segment","time":"2026-09-30T01:00:02Z","model":"value","as_of":"2026-09-30","read":8,"segments":{"高价值":2}}
EOF
cp "$T/facts.jsonl" "$T/facts.orig"
expect_exit "export with CUSTKIT_FACTS" 0 \
    env CUSTKIT_FACTS="$T/facts.jsonl" "$CUSTKIT" export -o "$T/facts.xlsx" "$T/zh.csv"
check "$T/facts.xlsx" "$T/zh.csv" --lang zh --read 12
"$PY" - "$T/facts.xlsx" >"$T/facts.out" <<'EOF'
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["概览"]
f = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(1, ws.max_row + 1)}
print(f["输入文件"], f["读入行数"], f["合并行数"], f["剔除行数"], f["标记问题行数"],
      f["数据截至"].date(), f["处理步骤"])
EOF
expect_eq "facts block from import, clean and segment, its steps in the table's language" "$(cat "$T/facts.out")" \
    "客户.xlsx; orders.csv 12 3 1 2 2026-09-30 导入 → 清洗 → 分层 → 导出"
expect_eq "export appends its own facts line" "$(tail -1 "$T/facts.jsonl" | sed 's/"time":"[^"]*",//')" \
    "{\"command\":\"export\",\"inputs\":[\"$T/zh.csv\"],\"read\":8,\"segments\":4,\"sheets\":6,\"flagged\":2}"

# ---- an honest facts block: when the report was made, the data's as-of date, and only what
# export knows (never "-", never "<stdin>")
# facts NAME WORKBOOK: the facts block as label=value lines (dates as YYYY-MM-DD), and the
# workbook's created time
facts() {
    "$PY" - "$2" >"$T/$1.facts" <<'PYEOF'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.worksheets[0]
rows = [r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value in ("报告信息", "Report facts")]
for r in range(rows[0] + 1, ws.max_row + 1):
    k, v = ws.cell(r, 1).value, ws.cell(r, 2).value
    if k is None:
        break
    print("%s=%s" % (k, v.date() if hasattr(v, "date") else v))
print("created=%s" % wb.properties.created)
PYEOF
}
SOURCE_DATE_EPOCH=1796000000 ck export --as-of 2026-09-30 -o "$T/when.xlsx" "$T/zh.csv" 2>/dev/null
facts when "$T/when.xlsx"
expect_eq "with --as-of and SOURCE_DATE_EPOCH: generated at the epoch, data as of the date" \
    "$(grep '^生成时间=\|^数据截至=\|^created=' "$T/when.facts" | tr '\n' ' ')" \
    "生成时间=2026-11-30 00:53:20 UTC 数据截至=2026-09-30 created=2026-11-30 00:53:20 "
before=$(date -u +%s)
env -u SOURCE_DATE_EPOCH "$CUSTKIT" export --as-of 2026-09-30 -o "$T/now.xlsx" "$T/zh.csv" 2>/dev/null
after=$(date -u +%s)
facts now "$T/now.xlsx"
gen=$(sed -n 's/^生成时间=\(.*\) UTC$/\1/p' "$T/now.facts")
gen_s=$(date -u -d "$gen" +%s 2>/dev/null || echo 0)
if [ "$gen_s" -ge "$before" ] && [ "$gen_s" -le "$after" ]; then
    ok "with --as-of alone: generated at is the time the report was made ($gen)"
else not_ok "with --as-of alone: generated at is the time the report was made" \
    "生成时间 $gen, run between $(date -u -d @"$before") and $(date -u -d @"$after")"; fi
expect_grep "with --as-of alone: the as-of date is still the data's" "^数据截至=2026-09-30$" \
    "$T/now.facts"
env -u CUSTKIT_FACTS "$CUSTKIT" export -o "$T/bare.xlsx" <"$T/zh.csv" 2>/dev/null
facts bare "$T/bare.xlsx"
expect_eq "no facts file, table on standard input: what export knows, nothing it does not" \
    "$(cut -d= -f1 "$T/bare.facts" | tr '\n' ' ')" "生成时间 读入行数 标记问题行数 报告行数 created "
if grep -q '=-$\|<stdin>' "$T/bare.facts"; then
    not_ok "no facts file: no '-' and no '<stdin>' in the facts block" "$(cat "$T/bare.facts")"
else ok "no facts file: no '-' and no '<stdin>' in the facts block"; fi
env -u CUSTKIT_FACTS "$CUSTKIT" export --as-of 2026/9/30 -o "$T/file.xlsx" "$T/zh.csv" 2>/dev/null
facts file "$T/file.xlsx"
expect_eq "no facts file, a named table and --as-of: both shown" \
    "$(grep '^数据截至=\|^输入文件=' "$T/file.facts" | tr '\n' ' ')" \
    "数据截至=2026-09-30 输入文件=$T/zh.csv "
SOURCE_DATE_EPOCH=1790000000 ck export -o "$T/s1.xlsx" "$T/en.csv" 2>/dev/null
sleep 1
SOURCE_DATE_EPOCH=1790000000 ck export -o "$T/s2.xlsx" "$T/en.csv" 2>/dev/null
if cmp -s "$T/s1.xlsx" "$T/s2.xlsx"; then ok "two runs with SOURCE_DATE_EPOCH give identical bytes"
else not_ok "two runs with SOURCE_DATE_EPOCH give identical bytes"; fi
"$PY" -c "import openpyxl,sys; print(openpyxl.load_workbook(sys.argv[1]).properties.created)" \
    "$T/s1.xlsx" >"$T/created.out"
expect_eq "created time from SOURCE_DATE_EPOCH" "$(cat "$T/created.out")" "2026-09-21 14:13:20"

# ---- RFM: the code, then each score under a header that says it is one (never "5 455")
cat >"$T/rfm_in.csv" <<'EOF2'
id,name,first_purchase,last_purchase,orders,amount
C1,Ann,2026-01-10,2026-09-25,12,52000
C2,Bob,2025-03-01,2026-07-01,5,12000
C3,Cat,2026-08-01,2026-08-01,1,800
EOF2
for lang in en zh; do
    ck segment -q --lang $lang --by rfm --as-of 2026-09-30 "$T/rfm_in.csv" >"$T/rfm_$lang.csv"
    ck export -q -o "$T/rfm_$lang.xlsx" "$T/rfm_$lang.csv"
    check "$T/rfm_$lang.xlsx" "$T/rfm_$lang.csv" --lang $lang >"$T/rfm.check" 2>&1 &&
        ok "rfm $lang: check_report.py agrees" || not_ok "rfm $lang: check_report.py" "$(tail -3 "$T/rfm.check")"
    "$PY" - "$T/rfm_$lang.xlsx" >"$T/rfm_$lang.out" <<'PYEOF'
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1]).worksheets[1]
h = [c.value for c in ws[2]]  # row 1: the segment's playbook line
i = h.index("RFM")
print(h[i:i + 4], [type(c.value).__name__ for c in ws[3]][i:i + 4])
PYEOF
done
expect_eq "rfm en: RFM, then R score, F score, M score as numbers" "$(cat "$T/rfm_en.out")" \
    "['RFM', 'R score', 'F score', 'M score'] ['str', 'int', 'int', 'int']"
expect_eq "rfm zh: RFM, then R分, F分, M分 as numbers" "$(cat "$T/rfm_zh.out")" \
    "['RFM', 'R分', 'F分', 'M分'] ['str', 'int', 'int', 'int']"

# ---- standard output
ck export "$T/en.csv" >"$T/stdout.xlsx" 2>/dev/null
"$PY" -c "import openpyxl,sys; print(openpyxl.load_workbook(sys.argv[1]).sheetnames[0])" \
    "$T/stdout.xlsx" >"$T/stdout.out" 2>&1
expect_eq "no -o: the workbook goes to a non-terminal stdout" "$(cat "$T/stdout.out")" "Summary"
ck export -o - "$T/en.csv" >"$T/stdout2.xlsx" 2>/dev/null
expect_eq "-o - writes to stdout" "$(head -c 2 "$T/stdout2.xlsx")" "PK"
if command -v script >/dev/null 2>&1; then
    script -qec "$CUSTKIT export $T/en.csv" /dev/null >"$T/tty.out" 2>&1
    expect_eq "a terminal as stdout is refused (exit 2)" "$?" 2
    expect_grep "the refusal says what to do" "use -o report.xlsx" "$T/tty.out"
else
    skip "a terminal as stdout is refused" "script(1) is not installed"
fi

# ---- safe writing: the previous report survives every failure
cp "$T/zh.xlsx" "$T/keep.xlsx"
sum0=$(cksum <"$T/keep.xlsx")
(ulimit -f 8; "$CUSTKIT" export -o "$T/keep.xlsx" "$T/zh.csv" >"$T/out" 2>"$T/err"; echo $? >"$T/rc")
expect_eq "file size limit: exit 4" "$(cat "$T/rc")" 4
expect_eq "file size limit: old report unchanged" "$(cksum <"$T/keep.xlsx")" "$sum0"
expect_eq "file size limit: no temporary file left" "$(temps)" 0
expect_grep "file size limit: message names the file" "keep.xlsx" "$T/err"
# The deflated data rows wait in an unlinked file in TMPDIR: here a table whose rows spool in
# 3.8 MB but deflate to 5 MB, under a 4.4 MB file size limit, fails there, by name.
python3 -c '
import random
random.seed(1)
print(",".join(["客户编号"] + ["c%d" % i for i in range(30)]))
for r in range(30000):
    print(",".join(["KH%d" % r] + [str(random.randint(100, 999)) for i in range(30)]))
' >"$T/wide.csv"
mkdir "$T/tmpd"
(ulimit -f 4400; TMPDIR=$T/tmpd "$CUSTKIT" export -o "$T/keep.xlsx" "$T/wide.csv" >"$T/out" \
    2>"$T/err"; echo $? >"$T/rc")
expect_eq "full TMPDIR while deflating the rows: exit 4" "$(cat "$T/rc")" 4
expect_grep "full TMPDIR: the message names the directory" \
    "temporary file in $T/tmpd (TMPDIR): File too large" "$T/err"
expect_eq "full TMPDIR: old report unchanged" "$(cksum <"$T/keep.xlsx")" "$sum0"
expect_eq "full TMPDIR: nothing left in TMPDIR" "$(ls -A "$T/tmpd")" ""
expect_exit "missing directory: exit 4" 4 ck export -o "$T/no/such/dir/r.xlsx" "$T/zh.csv"
if [ "$(id -u)" != 0 ]; then
    mkdir "$T/ro" && cp "$T/zh.xlsx" "$T/ro/r.xlsx" && chmod 555 "$T/ro"
    s=$(cksum <"$T/ro/r.xlsx")
    expect_exit "unwritable directory: exit 4" 4 ck export -o "$T/ro/r.xlsx" "$T/zh.csv"
    expect_eq "unwritable directory: old report unchanged" "$(cksum <"$T/ro/r.xlsx")" "$s"
    chmod 755 "$T/ro"
else
    # root writes anywhere: a directory on a read-only file system stands in.
    expect_exit "unwritable directory (/proc): exit 4" 4 ck export -o /proc/custkit-r.xlsx "$T/zh.csv"
fi
printf 'a,b\n"1,2\n' >"$T/bad.csv"
expect_exit "unreadable input: exit 3" 3 ck export -o "$T/keep.xlsx" "$T/bad.csv"
expect_eq "unreadable input: old report unchanged" "$(cksum <"$T/keep.xlsx")" "$sum0"
# SIGTERM in the middle of writing a larger workbook.
awk 'BEGIN { print "name,phone,amount,segment"; for (i = 0; i < 100000; i++)
      printf "n%d,138%08d,%d,S%d\n", i, i, i % 9973, i % 7 }' >"$T/big.csv"
"$CUSTKIT" export -o "$T/keep.xlsx" "$T/big.csv" 2>/dev/null &
pid=$!
i=0
while [ $i -lt 200 ] && [ "$(temps)" = 0 ]; do sleep 0.05; i=$((i + 1)); done
kill -TERM $pid
wait $pid
expect_eq "SIGTERM while writing: exit 4" "$?" 4
expect_eq "SIGTERM: old report unchanged" "$(cksum <"$T/keep.xlsx")" "$sum0"
expect_eq "SIGTERM: no temporary file left" "$(temps)" 0
(ck export -q "$T/big.csv" 2>"$T/pipe.err"; echo $? >"$T/pipe.rc") | head -c 10 >/dev/null
expect_eq "a closed pipe ends quietly" "$(cat "$T/pipe.rc") $(wc -c <"$T/pipe.err")" "0 0"

# ---- edge tables: a cell over Excel's limit, a header without rows, no segment column
"$PY" -c "print('name,notes,segment'); print('a,' + '长' * 40000 + ',S'); print('b,x,S')" >"$T/long.csv"
expect_exit "a 40,000-character cell" 0 ck export -o "$T/long.xlsx" "$T/long.csv"
expect_grep "the cut is reported" "1 cells longer than Excel's 32,767 characters were cut" "$T/err"
"$PY" -c "import openpyxl,sys; print(len(openpyxl.load_workbook(sys.argv[1])['S']['B2'].value))" \
    "$T/long.xlsx" >"$T/long.out"
expect_eq "the cell holds 32,767 characters" "$(cat "$T/long.out")" 32767
printf 'name,segment\n' >"$T/empty.csv"
expect_exit "a header without rows" 0 ck export -o "$T/empty.xlsx" "$T/empty.csv"
printf 'name,city\na,x\nb,y\n' >"$T/noseg.csv"
expect_exit "no segment column" 0 ck export -o "$T/noseg.xlsx" "$T/noseg.csv"
"$PY" -c "import openpyxl,sys; print([openpyxl.load_workbook(f).sheetnames for f in sys.argv[1:]])" \
    "$T/empty.xlsx" "$T/noseg.xlsx" >"$T/edge.out"
expect_eq "sheets of the edge tables" "$(cat "$T/edge.out")" "[['Summary'], ['Summary', 'Customers']]"

# ---- usage errors
expect_exit "--chart bogus" 2 ck export --chart bar -o "$T/x.xlsx" "$T/en.csv"
expect_exit "--by unknown column" 2 ck export --by nope -o "$T/x.xlsx" "$T/en.csv"
expect_grep "--by error names the column" "nope" "$T/err"
expect_exit "--sort unknown column" 2 ck export --sort nope:asc -o "$T/x.xlsx" "$T/en.csv"
expect_exit "--mask bogus" 2 ck export --mask name -o "$T/x.xlsx" "$T/en.csv"
expect_exit "--format csv without --split" 2 ck export --format csv "$T/en.csv"
expect_exit "--split without --format csv" 2 ck export --split "$T/d" -o "$T/x.xlsx" "$T/en.csv"
expect_exit "--format csv with --chart" 2 ck export --format csv --split "$T/d" --chart pie "$T/en.csv"
expect_exit "--format bogus" 2 ck export --format ods -o "$T/x.xlsx" "$T/en.csv"
expect_exit "two inputs" 2 ck export -o "$T/x.xlsx" "$T/en.csv" "$T/zh.csv"

# ---- --format csv --split
expect_exit "--format csv --split" 0 ck export --format csv --split "$T/split" --mask phone "$T/zh.csv"
expect_eq "one CSV per segment" "$(cd "$T/split" && printf '%s ' *.csv)" \
    "中价值.csv 低价值.csv 待核实.csv 高价值.csv "
expect_eq "split CSV starts with a UTF-8 BOM" "$(head -c 3 "$T/split/高价值.csv" | od -An -tx1 | tr -d ' ')" "efbbbf"
# Golden files live with the command-line goldens (UPDATE_GOLDEN=1 rewrites them).
for seg in 低价值 中价值; do
    g="$top/tests/cli/golden/export_split_$seg.csv"
    if [ "${UPDATE_GOLDEN:-}" = 1 ]; then cp "$T/split/$seg.csv" "$g"; fi
    expect_file_eq "golden export_split_$seg.csv" "$T/split/$seg.csv" "$g"
done
printf 'name,amount,segment\na,1,../../escape\nb,2,/etc\nc,3,.hidden\n' >"$T/trav.csv"
expect_exit "--split with hostile segment values" 0 ck export --format csv --split "$T/trav" "$T/trav.csv"
expect_eq "no path traversal from segment values" \
    "$(cd "$T/trav" && find . -mindepth 1 | sort | tr '\n' ' ')$(find "$T" -maxdepth 1 -name '*escape*' | wc -l)" \
    "./_._.._escape.csv ./_etc.csv ./_hidden.csv 0"

# ---- LibreOffice opens every workbook and reads the same values
if command -v soffice >/dev/null 2>&1; then
    lo="$T/lo"
    mkdir -p "$lo"
    timeout 180 soffice "-env:UserInstallation=file://$T/lo-profile" --headless \
        --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1' \
        --outdir "$lo" "$T/zh.xlsx" "$T/en.xlsx" >"$T/lo.out" 2>&1
    expect_eq "LibreOffice converts both workbooks" "$?" 0
    check --lo "$lo" "$T/zh.xlsx" "$T/zh.csv" --lang zh
    check --lo "$lo" "$T/en.xlsx" "$T/en.csv" --lang en --mask phone,email
    expect_grep "LibreOffice recomputes the totals row" "^合计,8,100%,231801.25" "$lo/zh-概览.csv"
else
    skip "LibreOffice checks of the report" "soffice is not installed"
fi

# ---- the row limit (slow: CUSTKIT_LONG=1, run by make check-long)
if [ "${CUSTKIT_LONG:-}" = 1 ]; then
    awk 'BEGIN { print "name,amount,segment"; for (i = 0; i < 1048577; i++)
          printf "n%d,%d,%s\n", i, i % 1000, i < 1048576 ? "Big" : "Small" }' >"$T/limit.csv"
    expect_exit "export 1,048,577 rows" 0 ck export -o "$T/limit.xlsx" "$T/limit.csv"
    "$PY" - "$T/limit.xlsx" >"$T/limit.out" <<'EOF'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
print([(ws.title, ws.max_row) for ws in wb.worksheets])
EOF
    expect_eq "more than 1,048,575 rows continue on NAME (2)" "$(cat "$T/limit.out")" \
        "[('Summary', 17), ('Big', 1048576), ('Big (2)', 2), ('Small', 2)]"
fi
