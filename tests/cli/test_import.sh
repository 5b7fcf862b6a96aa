#!/bin/sh
# custkit import on CSV/TSV: encodings, delimiters, quoting, ragged rows, several files,
# every option, and the errors a user sees (exit 3 with file and line).
. "$(dirname "$0")/../lib.sh"
here="$(cd "$(dirname "$0")" && pwd)"
d="$here/data"
cd "$d" || exit 1 # messages and --source name files as given: keep them relative
# icheck GOLDEN [--source] INPUT[:ENCODING]...: the golden equals Python's csv reading of the
# inputs (import_check.py), so a golden rewritten from wrong output does not pass unnoticed.
icheck() {
    g=$1; shift
    out=$(/usr/bin/python3 "$here/import_check.py" "$golden/$g" "$@" 2>&1)
    expect_eq "golden $g = Python's csv reading of $*" "$out" "ok"
}

# --- encodings: the GB18030 file Excel saves equals the UTF-8 one ---
ck import "$ex/customers_zh_gbk.csv" >"$T/gbk.csv" 2>"$T/err"
expect_file_eq "GB18030 CSV imports to the UTF-8 table" "$T/gbk.csv" "$ex/customers_zh.csv"
out=$(/usr/bin/python3 "$here/import_check.py" "$T/gbk.csv" "$ex/customers_zh_gbk.csv:gb18030" 2>&1)
expect_eq "GB18030 import = Python's csv reading of it decoded as gb18030" "$out" "ok"
expect_eq "head of the GBK import is UTF-8 Chinese" "$(head -1 "$T/gbk.csv" | cut -d, -f1-2)" "客户编号,姓名"
expect_eq "no warning on a clean file" "$(cat "$T/err")" ""
iconv -f UTF-8 -t UTF-16 "$ex/customers_en.csv" | ck import >"$T/u16.csv"
ck import "$ex/customers_en.csv" >"$T/en.csv"
expect_file_eq "UTF-16 with BOM equals UTF-8" "$T/u16.csv" "$T/en.csv"
printf '\357\273\277' | cat - "$ex/customers_en.csv" | ck import >"$T/bom.csv"
expect_file_eq "UTF-8 BOM is dropped" "$T/bom.csv" "$T/en.csv"
iconv -f UTF-8 -t GB18030 "$ex/customers_zh.csv" | ck import --encoding GB18030 >"$T/forced.csv"
expect_file_eq "--encoding GB18030" "$T/forced.csv" "$ex/customers_zh.csv"
expect_exit "--encoding with an unknown name" 2 ck import --encoding NOPE-42 "$ex/customers_en.csv"
expect_grep "unknown encoding named" "unknown encoding 'NOPE-42'" "$T/err"
expect_exit "--encoding UTF-8 on GBK bytes" 3 ck import --encoding UTF-8 "$ex/customers_zh_gbk.csv"
expect_grep "invalid UTF-8 names file and line" "customers_zh_gbk.csv:1: invalid UTF-8" "$T/err"

# --- quoting and line ends round-trip with every field intact ---
ck import "quoted_crlf.csv" >"$T/q.csv"
expect_golden import_quoted_crlf.csv "$T/q.csv"
icheck import_quoted_crlf.csv quoted_crlf.csv
ck import "cr_only.csv" >"$T/cr.csv"
expect_golden import_cr_only.csv "$T/cr.csv"
icheck import_cr_only.csv cr_only.csv
/usr/bin/python3 - "quoted_crlf.csv" "$T/q.csv" >"$T/py" 2>&1 <<'EOF'
import csv, sys
a = list(csv.reader(open(sys.argv[1], newline='', encoding='utf-8')))
b = list(csv.reader(open(sys.argv[2], newline='', encoding='utf-8')))
# the only change import makes inside a field is none at all: CRLF inside quotes is data
print("same" if a == b else "differ: %r %r" % (a, b))
EOF
expect_eq "every field of the quoted file survives" "$(cat "$T/py")" "same"

# --- ragged rows: padded, extras kept under column_N, one warning each ---
ck import "ragged.csv" >"$T/rag.csv" 2>"$T/err"
expect_golden import_ragged.csv "$T/rag.csv"
icheck import_ragged.csv ragged.csv
expect_grep "short rows warned" "1 rows had fewer fields" "$T/err"
expect_grep "long rows warned" "1 rows had more fields" "$T/err"
ck import -q "ragged.csv" >/dev/null 2>"$T/err"
expect_eq "-q silences warnings" "$(cat "$T/err")" ""
cat "ragged.csv" | ck import >"$T/rag2.csv" 2>/dev/null
expect_file_eq "ragged from a pipe too" "$T/rag2.csv" "$T/rag.csv"

# --- several files aligned by header, --source ---
ck import --source "ragged.csv" "more.tsv" >"$T/multi.csv" 2>/dev/null
expect_golden import_multi_source.csv "$T/multi.csv"
icheck import_multi_source.csv --source ragged.csv more.tsv
ck import "more.tsv" - <"cr_only.csv" >"$T/multi2.csv"
expect_golden import_tsv_and_stdin.csv "$T/multi2.csv"
icheck import_tsv_and_stdin.csv more.tsv cr_only.csv

# --- delimiter, title rows, header cleaning, --rename ---
ck import "title.csv" >"$T/title.csv" 2>&1
expect_golden import_title_sniffed.csv "$T/title.csv"
icheck import_title_sniffed.csv title.csv
ck import --skip-rows 1 -d ';' "title.csv" >"$T/skip.csv"
expect_eq "--skip-rows 1 -d ';'" "$(cat "$T/skip.csv")" "$(printf 'id,name\n1,Zhang')"
ck import --header-row 2 "title.csv" >"$T/hr.csv"
expect_eq "--header-row 2 (blank lines are not rows)" "$(cat "$T/hr.csv")" "$(printf 'id,name\n1,Zhang')"
ck import -d tab "more.tsv" >"$T/tab.csv"
expect_eq "-d tab" "$(head -1 "$T/tab.csv")" "id,name,phone"
ck import -d , "more.tsv" >"$T/comma.csv"
expect_eq "-d , forces a comma" "$(head -1 "$T/comma.csv")" "$(printf 'id\tname\tphone')"
expect_exit "-d with two characters" 2 ck import -d ab "more.tsv"
# the delimiter is sniffed on the lines as they will be read: decoded, past the first byte
# above 127, and with quotes only where a field starts with one
printf 'a;b客,c,d\n1,"x;y;z",2\n' >"$T/sniff_utf8.csv"
expect_exit "';' in the header's ASCII part, ',' in the lines" 0 ck import "$T/sniff_utf8.csv"
expect_eq "... read with ','" "$(cat "$T/out")" "$(printf 'a;b客,c,d\n1,x;y;z,2')"
expect_eq "... no warning" "$(cat "$T/err")" ""
expect_exit "... and clean reads it too" 0 ck clean -q "$T/sniff_utf8.csv"
printf 'a;b客,c,d\n1,"x;y;z",2\n' | ck import >"$T/sniff_pipe.csv"
expect_eq "... from a pipe too" "$(cat "$T/sniff_pipe.csv")" "$(printf 'a;b客,c,d\n1,x;y;z,2')"
printf 'a;b客,c,d\n1,"x;y;z",纜纜纜\n2,"p;q",纜纜纜\n' | iconv -f UTF-8 -t GBK >"$T/sniff_gbk.csv"
expect_exit "the same in GBK (纜 holds the byte of '|')" 0 ck import "$T/sniff_gbk.csv"
expect_eq "... read with ','" "$(cat "$T/out")" "$(printf 'a;b客,c,d\n1,x;y;z,纜纜纜\n2,p;q,纜纜纜')"
printf 'sku;size;note\nP1;12";"steel, long, heavy"\nP2;10;"brass, short, light"\nP3;8;"copper, thin, soft"\n' >"$T/sniff_semi.csv"
expect_exit "';' with quoted commas and an inch mark" 0 ck import "$T/sniff_semi.csv"
expect_eq "... read with ';'" "$(cat "$T/out")" "$(printf 'sku,size,note\nP1,"12""","steel, long, heavy"\nP2,10,"brass, short, light"\nP3,8,"copper, thin, soft"')"
printf 'id\tName, 姓名\tcity\n1\t"a\tb, c"\t北京\n2\t"d\te, f"\t上海\n' >"$T/sniff_tab.tsv"
expect_exit "tabs with quoted tabs and commas" 0 ck import "$T/sniff_tab.tsv"
expect_eq "... read with tabs" "$(cat "$T/out")" "$(printf 'id,"Name, 姓名",city\n1,"a\tb, c",北京\n2,"d\te, f",上海')"
ck import "headers.csv" >"$T/h.csv" 2>"$T/err"
expect_golden import_headers.csv "$T/h.csv"
icheck import_headers.csv headers.csv
expect_grep "duplicate headers warned" "duplicate header names" "$T/err"
# header names as Excel users type them (Alt+Enter) and as web pages paste them, written by
# Python's csv module: white space trimmed at both ends, a line break inside becomes a space
/usr/bin/python3 - "$T/ws.csv" <<'EOF'
import csv, sys
with open(sys.argv[1], "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["\n start \t\n end \t\n", "\n", "手机\n号码", "Customer\r\nName",
                "\u3000姓名\u00a0", "\u2003email\u200a", "\ufeffid\u2029"])
    w.writerow(["1", "2", "13812345678", "Zhang", "张三", "a@b.cn", "7"])
EOF
ck import "$T/ws.csv" >"$T/ws.out" 2>"$T/err"
expect_eq "header names trimmed of line breaks and Unicode spaces" "$(head -1 "$T/ws.out")" \
    "start end,column_2,手机号码,Customer Name,姓名,email,id"
expect_eq "the row under them is intact" "$(tail -1 "$T/ws.out")" "1,2,13812345678,Zhang,张三,a@b.cn,7"
expect_grep "a name of only a line break is counted as empty" ": 1 empty header names named column_N" "$T/err"
expect_eq "--rename finds a wrapped 手机号码 as the phone" \
    "$(ck import --rename "$T/ws.csv" 2>/dev/null | head -1 | cut -d, -f3)" "phone"
# a label over rows of dates and numbers (a German report's "Summe") is the header, not a
# title: the first row of numbers is data
/usr/bin/python3 - "$T/summe.csv" <<'EOF'
import csv, sys
with open(sys.argv[1], "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["Summe"])
    w.writerow(["2011-09-14", "3.81", "0.7", "12"])
    w.writerow(["2011-09-15", "4.2", "0.65", "9"])
EOF
ck import "$T/summe.csv" >"$T/summe.out" 2>"$T/err"
printf 'Summe,column_2,column_3,column_4\n2011-09-14,3.81,0.7,12\n2011-09-15,4.2,0.65,9\n' >"$T/summe.want"
expect_file_eq "a label over numbers and dates: no row of data lost" "$T/summe.out" "$T/summe.want"
expect_grep "a label over numbers and dates: the warning names the row, why, and --header-row" \
    'summe.csv: line 1 holds a single value but is kept as the header: line 2 holds only numbers and dates, so it is data (--header-row 2 makes it the header)' "$T/err"
expect_eq "a label over numbers and dates: --header-row 2 reads the old way" \
    "$(ck import --header-row 2 "$T/summe.csv" 2>/dev/null | head -1)" "2011-09-14,3.81,0.7,12"
printf 'Summe\n14.09.2011;3,81;0,7\n15.09.2011;4,2;0,65\n' | iconv -f UTF-8 -t UTF-16 >"$T/summe_de.csv"
expect_eq "a label over German numbers and dates (UTF-16, semicolons)" \
    "$(ck import -d ';' "$T/summe_de.csv" 2>/dev/null | tr '\n' ' ')" "Summe,column_2,column_3 14.09.2011,\"3,81\",\"0,7\" 15.09.2011,\"4,2\",\"0,65\" "
# a two-row header as Excel saves it to CSV: group labels over merged ranges, then the names
/usr/bin/python3 - "$T/grouped.csv" "$T/sparse_hdr.csv" <<'EOF'
import csv, sys
with open(sys.argv[1], "w", newline="", encoding="utf-8-sig") as f:
    w = csv.writer(f)
    w.writerow(["基本信息", "", "", "消费情况", "", ""])
    w.writerow(["姓名", "手机", "城市", "金额", "次数", "最近消费"])
    w.writerow(["张三", "13812345678", "上海", "1234.5", "3", "2024-01-05"])
with open(sys.argv[2], "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)   # a merged 编号 over two rows: the row below is not a full header
    w.writerow(["编号", "基本信息", "", "", "消费情况", ""])
    w.writerow(["", "姓名", "手机", "城市", "金额", "次数"])
    w.writerow(["1", "张三", "13812345678", "上海", "1234.5", "3"])
EOF
ck import "$T/grouped.csv" >"$T/grouped.out" 2>"$T/err"
printf '姓名,手机,城市,金额,次数,最近消费\n张三,13812345678,上海,1234.5,3,2024-01-05\n' >"$T/grouped.want"
expect_file_eq "group labels above the header: the names are the header" "$T/grouped.out" "$T/grouped.want"
expect_grep "group labels: the warning says what was done and how to undo it" \
    'grouped.csv: line 1 holds group labels over the header (labels followed by blank cells, above a full row of names), so line 2 is the header and line 1 is skipped (--header-row 1 reads line 1 as the header)' "$T/err"
expect_eq "group labels: no empty header names" "$(grep -c 'empty header names' "$T/err")" "0"
expect_eq "group labels: --header-row 1 reads them as the header" \
    "$(ck import --header-row 1 "$T/grouped.csv" 2>/dev/null | head -1)" "基本信息,column_2,column_3,消费情况,column_5,column_6"
ck import "$T/sparse_hdr.csv" >/dev/null 2>"$T/err"
expect_grep "a sparse header not taken for groups: the warning names --header-row 2" \
    'sparse_hdr.csv: 3 empty header names named column_N (if the header is the row below, use --header-row 2)' "$T/err"
ck import "ragged.csv" 2>"$T/err" >/dev/null
expect_eq "a header with few empty names gets no such hint" "$(grep -c 'use --header-row' "$T/err")" "0"
ck import --rename "$ex/customers_zh.csv" | head -1 >"$T/ren"
expect_eq "--rename to role names" "$(cat "$T/ren")" \
    "id,name,gender,phone,email,company,province,city,industry,birthdate,first_purchase,last_purchase,orders,amount,notes"
ck import --rename "$ex/customers_zh.csv" "$ex/customers_en.csv" >"$T/both.csv"
expect_eq "--rename aligns Chinese and English files" "$(head -1 "$T/both.csv" | tr ',' '\n' | wc -l)" "15"
expect_eq "--rename keeps every row" "$(($(wc -l <"$T/both.csv") - 1))" \
    "$(($(ck import "$ex/customers_zh.csv" | wc -l) + $(ck import "$ex/customers_en.csv" | wc -l) - 2))"
ck import --rename --col 'notes=公司' "headers.csv" >/dev/null 2>"$T/err"
expect_grep "--col names a missing header" "no column '公司'" "$T/err"

# --- -o writes a file, atomically ---
ck import -o "$T/out.csv" "$ex/customers_en.csv"
expect_file_eq "-o FILE" "$T/out.csv" "$T/en.csv"
echo "previous" >"$T/keep.csv"
expect_exit "failed import with -o" 3 ck import -o "$T/keep.csv" "truncated.csv"
expect_eq "the previous output file is untouched" "$(cat "$T/keep.csv")" "previous"
expect_eq "no temporary file left behind" "$(ls -A "$T" | grep -c '^\.keep')" "0"

# --- bad input: one line naming the file (and line), exit 3, nothing on stdout ---
expect_exit "truncated quoted field" 3 ck import "truncated.csv"
expect_eq "truncated: the message" "$(cat "$T/err")" \
    "custkit import: truncated.csv:2: unterminated quoted field (the quote that opens it is never closed)"
expect_eq "truncated: only rows already streamed" "$(cat "$T/out")" ""
expect_exit "empty file" 3 ck import "empty.csv"
expect_eq "empty: the message" "$(cat "$T/err")" "custkit import: empty.csv: empty file, no header row"
# nothing through a pipe: the command before failed, and this one says so
expect_exit "no input on a pipe" 3 sh -c ': | "$1" import' sh "$CUSTKIT"
expect_eq "no input: the message" "$(cat "$T/err")" \
    "custkit import: <stdin>: no input (did the command before this one fail?)"
expect_exit "no input to clean after a failed import" 3 \
    sh -c '"$1" import nope.csv 2>/dev/null | "$1" clean' sh "$CUSTKIT"
expect_eq "no input to clean: the message" "$(cat "$T/err")" \
    "custkit clean: <stdin>: no input (did the command before this one fail?)"
expect_exit "missing file" 3 ck import "nope.csv"
expect_eq "missing: the message" "$(cat "$T/err")" "custkit import: nope.csv: No such file or directory"
head -c 4000 "$CUSTKIT" >"$T/binary.csv"
expect_exit "binary file" 3 ck import "$T/binary.csv"
expect_grep "binary: says so" "binary data (NUL byte), not a table" "$T/err"
expect_eq "binary: one line" "$(wc -l <"$T/err")" "1"
expect_exit "a directory" 3 ck import .
expect_grep "directory: says so" "is a directory" "$T/err"
expect_exit "a ZIP that is not a workbook" 3 ck import "fake.xlsx"
expect_grep "fake.xlsx named" "fake.xlsx" "$T/err"
expect_exit "a truncated OLE (.xls) file" 3 ck import "old.xls"
expect_grep "a broken OLE file is named" "old.xls" "$T/err"
expect_exit "stdin twice" 2 ck import - -
expect_exit "--header-row 0" 2 ck import --header-row 0 "ragged.csv"

# --- a closed pipe ends quietly; nothing on stderr in a pipe ---
/usr/bin/python3 -c "
import sys
print('a,b')
for i in range(300000): print('%d,x' % i)" >"$T/long.csv"
( ck import "$T/long.csv" 2>"$T/pipe_err"; echo $? >"$T/pipe_rc" ) | head -1 >/dev/null
expect_eq "| head: nothing on stderr" "$(cat "$T/pipe_err")" ""
rc=$(cat "$T/pipe_rc")
if [ "$rc" = 0 ] || [ "$rc" = 141 ]; then ok "| head: quiet exit ($rc)"; else not_ok "| head: exit $rc"; fi

# --- the dispatcher ---
expect_exit "--version" 0 ck --version
expect_grep "--version prints it" "custkit 0" "$T/out"
expect_exit "unknown command" 2 ck frobnicate
expect_grep "unknown command: usage" "usage: custkit COMMAND" "$T/err"
expect_exit "unknown option" 2 ck import --bogus
expect_exit "help import" 0 ck help import
expect_grep "help import shows the page" "skip-rows" "$T/out"
expect_exit "import --help" 0 ck import --help
expect_grep "--help shows the page" "encoding" "$T/out"

# --- a character outside GBK names its line ---
printf 'a,b\n1,2\n3,\302\245\n' | iconv -f UTF-8 -t GB18030 >"$T/yen.csv"
expect_exit "--encoding GBK on a GB18030-only character" 3 ck import --encoding GBK "$T/yen.csv"
expect_grep "the line of the bad character" "yen.csv:3: invalid GBK byte sequence" "$T/err"
