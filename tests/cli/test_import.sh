#!/bin/sh
# custkit import on CSV/TSV: encodings, delimiters, quoting, ragged rows, several files,
# every option, and the errors a user sees (exit 3 with file and line).
. "$(dirname "$0")/../lib.sh"
d="$(cd "$(dirname "$0")" && pwd)/data"
cd "$d" || exit 1 # messages and --source name files as given: keep them relative

# --- encodings: the GB18030 file Excel saves equals the UTF-8 one ---
ck import "$ex/customers_zh_gbk.csv" >"$T/gbk.csv" 2>"$T/err"
expect_file_eq "GB18030 CSV imports to the UTF-8 table" "$T/gbk.csv" "$ex/customers_zh.csv"
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
ck import "cr_only.csv" >"$T/cr.csv"
expect_golden import_cr_only.csv "$T/cr.csv"
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
expect_grep "short rows warned" "1 rows had fewer fields" "$T/err"
expect_grep "long rows warned" "1 rows had more fields" "$T/err"
ck import -q "ragged.csv" >/dev/null 2>"$T/err"
expect_eq "-q silences warnings" "$(cat "$T/err")" ""
cat "ragged.csv" | ck import >"$T/rag2.csv" 2>/dev/null
expect_file_eq "ragged from a pipe too" "$T/rag2.csv" "$T/rag.csv"

# --- several files aligned by header, --source ---
ck import --source "ragged.csv" "more.tsv" >"$T/multi.csv" 2>/dev/null
expect_golden import_multi_source.csv "$T/multi.csv"
ck import "more.tsv" - <"cr_only.csv" >"$T/multi2.csv"
expect_golden import_tsv_and_stdin.csv "$T/multi2.csv"

# --- delimiter, title rows, header cleaning, --rename ---
ck import "title.csv" >"$T/title.csv" 2>&1
expect_golden import_title_sniffed.csv "$T/title.csv"
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
expect_grep "duplicate headers warned" "duplicate header names" "$T/err"
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
