#!/bin/sh
# custkit template: the entry workbook read back by openpyxl (columns, validation, input
# messages, formats, protection, the explanation sheet), filled as a user would and read back
# by import | clean without a problem and without --col, its phone check evaluated by
# LibreOffice and Gnumeric, and its options' errors.
. "$(dirname "$0")/../lib.sh"
need_openpyxl
here=$(cd "$(dirname "$0")" && pwd)
provinces="$top/data/cn-divisions/provinces.csv"

cd "$T" || exit 1
expect_exit "template, Chinese by default" 0 ck template -o 客户登记表.xlsx
expect_grep "says what it wrote" "16 columns, 1000 entry rows, 4 with a dropdown" "$T/err"
if /usr/bin/python3 "$here/check_template.py" 客户登记表.xlsx zh 1000 "$provinces" >check.out; then
    ok "Chinese template: columns, validation, messages, formats, protection, help sheet"
else not_ok "Chinese template read back" "$(head -20 check.out)"; fi
expect_exit "template --lang en --rows 50" 0 ck template --lang en --rows 50 -q -o en.xlsx
expect_eq "-q says nothing" "$(cat "$T/err")" ""
if /usr/bin/python3 "$here/check_template.py" en.xlsx en 50 "$provinces" >check.out; then
    ok "English template: columns, validation, messages, formats, protection, help sheet"
else not_ok "English template read back" "$(head -20 check.out)"; fi

# Filled and read back: nothing flagged, nothing rejected, leading zeros kept, no --col.
for lang in zh en; do
    book=客户登记表.xlsx
    [ "$lang" = en ] && book=en.xlsx
    /usr/bin/python3 "$here/fill_template.py" "$book" "filled_$lang.xlsx" "$lang"
    ck template --lang "$lang" --columns id,name,gender,phone,email,company,province,city,industry,birthdate,age,level,channel,first_purchase,last_purchase,orders,amount,address,district,notes \
        -q -o "all_$lang.xlsx"
    /usr/bin/python3 "$here/fill_template.py" "all_$lang.xlsx" "filled_all_$lang.xlsx" "$lang"
    for f in "filled_$lang.xlsx" "filled_all_$lang.xlsx"; do
        ck import "$f" 2>"imp.err" | ck clean --as-of 2026-09-30 >"clean.csv" 2>"clean.err"
        expect_eq "$f: import warns of nothing" "$(cat imp.err)" ""
        expect_grep "$f: clean reads 3 rows, rejects and flags none" \
            "read 3, written 3, merged 0, rejected 0, flagged 0" clean.err
        /usr/bin/python3 - "clean.csv" "$lang" >rt.out <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
zh = sys.argv[2] == "zh"
h = rows[0]
col = lambda name: [r[h.index(name)] for r in rows[1:]]
ph, ident, birth = ("手机号", "客户编号", "出生日期") if zh else ("Phone", "Customer ID", "Date of birth")
probs = "问题" if zh else "problems"
bad = []
if col(ph) != ["13812345678", "010-62345678", "021-61234567"]: bad.append(f"phones {col(ph)}")
if col(ident) != ["00127", "00128", "00129"]: bad.append(f"ids {col(ident)}")
if col(birth) != ["1990-05-17", "1985-11-02", "2000-01-01"]: bad.append(f"dates {col(birth)}")
if probs in h and any(col(probs)): bad.append(f"problems {col(probs)}")
print("\n".join(bad))
PY
        expect_eq "$f: landline's 0, ids' zeros and dates survive" "$(cat rt.out)" ""
    done
done

# --columns and --list
ck template --columns phone,name,province --list province=广东省,广西壮族自治区 \
    --list level=A,B -q -o cols.xlsx 2>err
expect_exit "--list on a column not chosen is fine" 0 ck template --columns phone,name \
    --list level=A,B -q -o cols2.xlsx
/usr/bin/python3 - <<'PY' >cols.out
import openpyxl
ws = openpyxl.load_workbook("cols.xlsx").worksheets[0]
print([c.value for c in ws[1]])
print(sorted((str(d.sqref), d.type, d.formula1) for d in ws.data_validations.dataValidation
             if d.type == "list"))
PY
expect_eq "--columns picks and orders the columns; --list replaces a dropdown" "$(cat cols.out)" \
    "['手机号', '姓名', '省份']
[('C2:C1001', 'list', '\"广东省,广西壮族自治区\"')]"
ck template --columns level --list level=A,B --list level=C -q -o twice.xlsx
expect_eq "a later --list for a column replaces the earlier" "$(/usr/bin/python3 -c '
import openpyxl
print(openpyxl.load_workbook("twice.xlsx").worksheets[0].data_validations.dataValidation[0].formula1)')" '"C"'
ck template --columns industry --list "industry=$(seq -s, 1 200 | sed 's/[0-9]*/行业&/g')" \
    --rows 5 -q -o long.xlsx
/usr/bin/python3 - <<'PY' >long.out
import openpyxl
wb = openpyxl.load_workbook("long.xlsx")
d = wb.worksheets[0].data_validations.dataValidation[0]
print(d.type, d.formula1, wb["_列表"].sheet_state, wb["_列表"]["A200"].value)
PY
expect_eq "a list too long to write inline goes to the hidden sheet" "$(cat long.out)" \
    "list '_列表'!\$A\$1:\$A\$200 hidden 行业200"

# errors: a message naming what is wrong, exit 2 for usage, 4 for output
expect_exit "unknown --columns name" 2 ck template --columns phone,fax -o x.xlsx
expect_grep "names it and the choices" "unknown column 'fax' (columns: id, name" "$T/err"
expect_exit "an order column is no template column" 2 ck template --columns order_id -o x.xlsx
expect_exit "a column twice" 2 ck template --columns phone,name,phone -o x.xlsx
expect_grep "says which" "names 'phone' twice" "$T/err"
expect_exit "--list on a phone column" 2 ck template --list phone=1,2 -o x.xlsx
expect_exit "--list without values" 2 ck template --list level= -o x.xlsx
expect_exit "--list without =" 2 ck template --list level -o x.xlsx
expect_exit "--rows 0" 2 ck template --rows 0 -o x.xlsx
expect_exit "--rows too many" 2 ck template --rows 100001 -o x.xlsx
expect_exit "--rows not a number" 2 ck template --rows 10k -o x.xlsx
expect_exit "no -o" 2 ck template
expect_exit "an input file" 2 ck template customers.csv -o x.xlsx
expect_exit "--col is for tables read" 2 ck template --col phone=x -o x.xlsx
expect_exit "--lang xx" 2 ck template --lang xx -o x.xlsx
expect_eq "nothing written by the refused runs" "$(ls x.xlsx 2>/dev/null)" ""
expect_exit "a directory that does not exist" 4 ck template -o nodir/t.xlsx
expect_grep "names the file" "nodir/t.xlsx" "$T/err"
mkdir adir
expect_exit "a directory as the output" 4 ck template -o adir
# a workbook already there may hold customers typed in: kept unless --force, then replaced
# through a temporary file beside it, like export
echo old >old.xlsx
expect_exit "an existing file is not replaced" 2 ck template -q -o old.xlsx
expect_eq "an existing file is left as it was" "$(cat old.xlsx)" "old"
expect_exit "--force replaces an existing file" 0 ck template -q --force -o old.xlsx
expect_eq "with a workbook" "$(head -c 2 old.xlsx)" "PK"
expect_eq "no temporary file left" "$(ls -a | grep -c '^\.old\.xlsx\.')" "0"
ck template -q -o again.xlsx
expect_file_eq "the same bytes under SOURCE_DATE_EPOCH" again.xlsx old.xlsx
# -o naming a FIFO (or a device): written through, never a file renamed over it
mkfifo fifo
cat fifo >fifo.got &
catpid=$!
expect_exit "-o a FIFO" 0 ck template -q -o fifo
# a FIFO renamed over would leave its reader waiting
if [ -p fifo ]; then wait "$catpid"; else kill "$catpid"; wait "$catpid" 2>/dev/null; fi
if [ -p fifo ] && cmp -s fifo.got old.xlsx; then ok "-o a FIFO: still a FIFO, the workbook came through"
else not_ok "-o a FIFO: replaced, or not the workbook" "$(ls -l fifo)"; fi
expect_eq "no temporary file left beside the FIFO" "$(ls -a | grep -c '^\.fifo\.')" "0"

# The phone check, evaluated as a formula on the cell it guards by LibreOffice and Gnumeric:
# mobiles and landlines pass, what only looks like a number does not.
/usr/bin/python3 - 客户登记表.xlsx phones.xlsx <<'PY'
import re, sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1]).worksheets[0]
f = [d for d in ws.data_validations.dataValidation if d.type == "custom" and "LEN(" in d.formula1][0]
top = str(f.sqref).split(":")[0]
cases = [("13812345678", 1), ("010-62345678", 1), ("02161234567", 1), ("0571-88888888", 1),
         ("05718888888", 1), ("1381234567", 0), ("138123456789", 0), ("23812345678", 0),
         ("1381234567a", 0), ("1.381234567", 0), ("1234567E+10", 0), ("1,381234567", 0),
         ("1381234567%", 0), (" 13812345678", 0), ("138 1234 5678", 0), ("+8613812345678", 0),
         ("010-6234", 0), ("00862161234567", 0), ("0216123456789", 0), ("abc", 0), ("", 0)]
wb = openpyxl.Workbook()
s = wb.active
for i, (v, want) in enumerate(cases):
    c = s.cell(row=i + 1, column=1)
    c.value, c.number_format = v or None, "@"
    s.cell(row=i + 1, column=2).value = want
    # no cached value: the reader has to compute it
    s.cell(row=i + 1, column=3).value = "=IF(" + re.sub(r"\b" + top + r"\b", f"A{i + 1}", f.formula1) + ",1,0)"
wb.save(sys.argv[2])
PY
agree() { /usr/bin/python3 -c '
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
bad = [r[0] for r in rows if len(r) < 3 or r[1] != r[2]]
print(len(rows), "rows;", "wrong:", bad)' "$1"; }
if command -v ssconvert >/dev/null 2>&1; then
    ssconvert --recalc phones.xlsx gnumeric.csv >/dev/null 2>&1
    expect_eq "Gnumeric evaluates the phone check as meant" "$(agree gnumeric.csv)" "21 rows; wrong: []"
else skip "phone check in Gnumeric" "no ssconvert"; fi
if command -v soffice >/dev/null 2>&1; then
    soffice -env:UserInstallation="file://$T/lo" --headless --convert-to csv --outdir lo \
        phones.xlsx >/dev/null 2>&1
    expect_eq "LibreOffice evaluates the phone check as meant" "$(agree lo/phones.csv)" \
        "21 rows; wrong: []"
else skip "phone check in LibreOffice" "no soffice"; fi
