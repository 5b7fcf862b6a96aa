# test_hostile.sh — hostile input: zip bombs, entity attacks, out-of-range references, a
# 200 MB field, 100,000 columns, invalid UTF-8, NUL bytes, deep nesting, absurd dates and
# numbers. Each: the documented exit status, a clear message, bounded memory (ulimit -v,
# skipped under SANITIZE=1: ASan reserves terabytes of address space) and bounded time. Each
# refusal again under LANGUAGE=zh_CN: the same status, every line of its message in Chinese.
. "$(dirname "$0")/../lib.sh"
export CUSTKIT_TODAY=2026-11-29 LC_ALL=C.UTF-8 TZ=UTC
here=$(cd "$(dirname "$0")" && pwd)
san=${SANITIZE:-}
slow=1
[ "$san" = 1 ] && slow=5

# bounded NAME WANT_STATUS MEM_MB SECONDS PATTERN command...: stdout → $T/out, stderr → $T/err
bounded() {
    name=$1 want=$2 mem=$3 secs=$(($4 * slow)) pat=$5
    shift 5
    if [ "$san" = 1 ]; then lim=unlimited; else lim=$((mem * 1024)); fi
    (ulimit -v "$lim" && exec timeout "$secs" "$@") >"$T/out" 2>"$T/err"
    rc=$?
    if [ "$rc" -eq 124 ]; then
        not_ok "$name: over ${secs}s"
    elif [ "$rc" -ne "$want" ]; then
        not_ok "$name" "exit $rc, want $want" "stderr: $(head -3 "$T/err")"
    elif [ -n "$pat" ] && ! grep -q -- "$pat" "$T/err"; then
        not_ok "$name: message" "no '$pat' in stderr:" "$(head -3 "$T/err")"
    elif grep -q 'AddressSanitizer\|runtime error\|LeakSanitizer' "$T/err"; then
        not_ok "$name: sanitizer report" "$(grep -m3 'Sanitizer\|runtime error' "$T/err")"
    else
        ok "$name (exit $want, ${lim} KB, ${secs}s)"
        [ "$want" -ne 0 ] && in_chinese "$name" "$want" "$lim" "$secs" "$@"
    fi
    return 0
}

# in_chinese NAME WANT_STATUS LIMIT SECONDS command...: the run of bounded again, in Chinese
in_chinese() {
    name=$1 want=$2 lim=$3 secs=$4
    shift 4
    (ulimit -v "$lim" && exec timeout "$secs" env LANGUAGE=zh_CN "$@") >/dev/null 2>"$T/zh.err"
    rc=$?
    if [ "$rc" -ne "$want" ]; then
        not_ok "$name, LANGUAGE=zh_CN" "exit $rc, want $want" "stderr: $(head -3 "$T/zh.err")"
    elif why=$(zh_like "$T/err" "$T/zh.err"); then
        ok "$name, LANGUAGE=zh_CN: exit $want, in Chinese"
    else
        not_ok "$name, LANGUAGE=zh_CN: in Chinese" "$why" "English: $(head -2 "$T/err")"
    fi
}

# ---- workbooks
/usr/bin/python3 "$here/make_hostile.py" "$T" || not_ok "make_hostile.py wrote the workbooks"
bounded "flat zip bomb (200 MB sheet, 1000:1)" 3 64 10 'compression ratio above 100:1' \
    "$CUSTKIT" import "$T/flat_bomb.xlsx"
bounded "nested zip bomb (a bomb as a sheet part)" 3 64 10 'sheet1.xml:1: not well-formed' \
    "$CUSTKIT" import "$T/nested_bomb.xlsx"
bounded "zip of zip bombs" 3 64 10 'not an XLSX workbook' "$CUSTKIT" import "$T/zip_of_bombs.zip"
bounded "zip bomb through export" 3 64 10 'compression ratio above' \
    "$CUSTKIT" export -o "$T/r.xlsx" "$T/flat_bomb.xlsx"
bounded "billion laughs in shared strings" 3 64 10 \
    'sharedStrings.xml:1: DOCTYPE declarations are not allowed' "$CUSTKIT" import "$T/laughs.xlsx"
bounded "entity expansion in a sheet" 3 64 10 'DOCTYPE declarations are not allowed' \
    "$CUSTKIT" import "$T/laughs_sheet.xlsx"
bounded "external entity (file:///etc/passwd)" 3 64 10 'DOCTYPE declarations are not allowed' \
    "$CUSTKIT" import "$T/xxe.xlsx"
if grep -q 'root:' "$T/out" "$T/err"; then not_ok "external entity: /etc/passwd leaked"; else
    ok "external entity: nothing of /etc/passwd in the output"; fi
bounded "external parameter entity" 3 64 10 'DOCTYPE declarations are not allowed' \
    "$CUSTKIT" import "$T/xxe_param.xlsx"
bounded "shared-string index out of range" 3 64 10 \
    'cell A2: shared string index 5 out of range (1 strings)' "$CUSTKIT" import "$T/sst_range.xlsx"
bounded "shared-string index negative" 3 64 10 'cell A2: bad shared string index "-1"' \
    "$CUSTKIT" import "$T/sst_negative.xlsx"
bounded "shared-string index beyond 64 bits" 3 64 10 'out of range (1 strings)' \
    "$CUSTKIT" import "$T/sst_huge.xlsx"
bounded "row 1048577 (XFD1048577)" 3 64 10 'row 1048577 is beyond row 1048576' \
    "$CUSTKIT" import "$T/xfd1048577.xlsx"
bounded "cell reference XFD1048577" 3 64 10 'XFD1048577 is beyond XFD1048576' \
    "$CUSTKIT" import "$T/xfd1048577_cell.xlsx"
bounded "cell reference XFE1" 3 64 10 'cell reference XFE1 is beyond XFD1048576' \
    "$CUSTKIT" import "$T/xfe1.xlsx"
# OpenDocument spreadsheets
bounded "ODS: a row with a value repeated 10^9 times" 3 64 10 \
    'content.xml:1: sheet "S" row 2: a row with values repeated 1000000000 time(s) reaches beyond row 1048576' \
    "$CUSTKIT" import "$T/ods_rows_1e9.ods"
bounded "ODS: a cell with a value repeated 10^9 times" 3 64 10 \
    'sheet "S" cell A2: a value in 1000000000 cell(s) from there reaches beyond column 16384' \
    "$CUSTKIT" import "$T/ods_cols_1e9.ods"
bounded "ODS: text:s of 10^9 spaces" 3 64 10 'sheet "S" cell A2 is longer than' \
    "$CUSTKIT" import "$T/ods_spaces.ods"
bounded "ODS: flat zip bomb (200 MB content.xml, 1000:1)" 3 64 10 \
    'content.xml: compression ratio above 100:1' "$CUSTKIT" import "$T/ods_bomb.ods"
bounded "ODS: entity expansion" 3 64 10 'content.xml:1: DOCTYPE declarations are not allowed' \
    "$CUSTKIT" import "$T/ods_laughs.ods"
bounded "ODS: external entity" 3 64 10 'DOCTYPE declarations are not allowed' \
    "$CUSTKIT" import "$T/ods_xxe.ods"
bounded "ODS: nesting 200 deep" 3 64 10 'elements nested more than 100 deep' \
    "$CUSTKIT" import "$T/ods_deep.ods"
expect_eq "hostile workbooks: no output written" "$(wc -c <"$T/out" | tr -d ' ')" 0

bounded "ODS: a million empty rows after the data, then 10,000 x 2^64 more" 0 64 10 '' \
    "$CUSTKIT" import "$T/ods_trailing.ods"
expect_eq "ODS: the padding gives no rows" "$(cat "$T/out")" "$(printf 'name\n1')"

# ---- a 200 MB field (generated, not committed)
perl -e 'print "id,notes\n1,"; my $c = "x" x (1 << 20); print $c for 1 .. 200; print "\n2,ok\n"' \
    >"$T/field.csv"
bounded "200 MB field, --max-field 1 MiB" 3 64 20 \
    'field.csv:2: field longer than 1048576 bytes (limit; see --max-field)' \
    "$CUSTKIT" import --max-field 1048576 "$T/field.csv"
printf 'id,notes\n1,"' >"$T/quote.csv"
perl -e 'my $c = "y" x (1 << 20); print $c for 1 .. 20' >>"$T/quote.csv"
bounded "20 MB unterminated quoted field, --max-field 1 MiB" 3 64 20 'quote.csv:2:' \
    "$CUSTKIT" import --max-field 1048576 "$T/quote.csv"
bounded "200 MB field through clean --max-field" 3 64 20 'field longer than' \
    sh -c '"$1" import --max-field 1048576 "$2" | "$1" clean' sh "$CUSTKIT" "$T/field.csv"
rm -f "$T/field.csv" "$T/quote.csv"

# ---- 100,000 columns
perl -e 'print join(",", "id", "phone", "amount", "last_purchase", map {"c$_"} 5 .. 100000), "\n";
         for my $r (1 .. 3) { print join(",", $r, "1381234567$r", 100 * $r, "2026-0$r-01",
                                          5 .. 100000), "\n" }' >"$T/wide.csv"
bounded "100,000 columns: import" 0 256 20 '' "$CUSTKIT" import -o "$T/wide.out" "$T/wide.csv"
expect_eq "100,000 columns: every column kept" \
    "$(head -1 "$T/wide.out" | tr ',' '\n' | wc -l | tr -d ' ')" 100000
bounded "100,000 columns: clean" 0 256 20 'read 3, written 3' \
    "$CUSTKIT" clean -o "$T/wide.clean" "$T/wide.out"
bounded "100,000 columns: segment" 0 256 20 '3 customers' \
    "$CUSTKIT" segment -o "$T/wide.seg" "$T/wide.clean"
bounded "100,000 columns: tag" 0 256 20 '' \
    "$CUSTKIT" tag --builtin age-band --col age=c5 -o "$T/wide.tag" "$T/wide.seg"
bounded "100,000 columns: export refuses wider than XLSX" 4 256 20 \
    'the table has 100003 columns; an XLSX worksheet holds at most 16384' \
    "$CUSTKIT" export -o "$T/wide.xlsx" "$T/wide.seg"
[ -e "$T/wide.xlsx" ] && not_ok "100,000 columns: no report written" ||
    ok "100,000 columns: no report written"
perl -e 'print join(",", ("a") x 20000), "\n1\n"' >"$T/dups.csv"
bounded "20,000 copies of one header name" 0 64 10 '19999 duplicate header names' \
    "$CUSTKIT" import -o "$T/dups.out" "$T/dups.csv"
expect_eq "20,000 copies: unique names" "$(head -1 "$T/dups.out" | tr ',' '\n' | sort -u | wc -l | tr -d ' ')" 20000
rm -f "$T"/wide.* "$T"/dups.*

# ---- invalid UTF-8, overlong forms, surrogates, NUL bytes
check_utf8() { # NAME BYTES(printf)
    printf "id,name\n1,ok\n2,$2\n" >"$T/u.csv"
    bounded "--encoding UTF-8: $1" 3 64 10 'u.csv:3: invalid UTF-8' \
        "$CUSTKIT" import --encoding UTF-8 "$T/u.csv"
}
check_utf8 "invalid byte FF" 'a\377b'
check_utf8 "overlong '/' (C0 AF)" '\300\257'
check_utf8 "overlong 3-byte '/' (E0 80 AF)" '\340\200\257'
check_utf8 "overlong 4-byte (F0 80 80 AF)" '\360\200\200\257'
check_utf8 "UTF-16 surrogate (ED A0 80)" '\355\240\200'
check_utf8 "beyond U+10FFFF (F4 90 80 80)" '\364\220\200\200'
check_utf8 "truncated sequence at end of field" '\344\270'
printf 'id,name\n1,a\000b\n' >"$T/nul.csv"
bounded "NUL byte" 3 64 10 'nul.csv:2: binary data (NUL byte), not a table' "$CUSTKIT" import "$T/nul.csv"
bounded "NUL byte through clean" 3 64 10 'binary data (NUL byte)' "$CUSTKIT" clean "$T/nul.csv"
bounded "NUL byte on standard input" 3 64 10 '<stdin>:2: binary data' \
    sh -c 'exec "$1" import <"$2"' sh "$CUSTKIT" "$T/nul.csv"

# ---- rules nested beyond the recursion limit
printf 'id,amount\n1,5\n' >"$T/t.csv"
perl -e 'print "[g]\nt = ", "(" x 100000, "1", ")" x 100000, "\n"' >"$T/parens.rules"
bounded "100,000 nested parentheses" 2 64 10 'parens.rules:2:205: expression nested too deeply' \
    "$CUSTKIT" tag -r "$T/parens.rules" "$T/t.csv"
perl -e 'print "[g]\nt = ", "not " x 100000, "amount > 1\n"' >"$T/nots.rules"
bounded "100,000 nested 'not'" 2 64 10 'nested too deeply' "$CUSTKIT" tag -r "$T/nots.rules" "$T/t.csv"
perl -e 'print "[g]\nt = ", "len(" x 50000, "amount", ")" x 50000, " > 1\n"' >"$T/calls.rules"
bounded "50,000 nested calls" 2 64 10 'nested too deeply' "$CUSTKIT" tag -r "$T/calls.rules" "$T/t.csv"
perl -e 'print "[g]\nt = ", "amount > 1 or " x 100000, "amount > 1\n"' >"$T/long.rules"
bounded "100,000 'or' in one expression" 0 256 20 '' "$CUSTKIT" tag -r "$T/long.rules" "$T/t.csv"
expect_eq "100,000 'or': evaluated" "$(tail -1 "$T/out")" "1,5,t"

# ---- absurd dates and numbers: data problems, never crashes or infinities
cat >"$T/n.csv" <<'CSV'
id,phone,amount,orders,last_purchase,birthdate
1,13812345678,1e999,1,9999-99-99,9999-99-99
2,13812345679,-0,2,2026-01-01,0000-00-00
3,13812345670,1e308,1e999,2026-02-30,1900-02-29
4,13812345671,-1e999,-0,99999-01-01,2026-11-30
5,13812345672,NaN,inf,2026-01-01,1990-01-01
CSV
bounded "absurd values: clean" 0 64 10 'flagged 5' "$CUSTKIT" clean -o "$T/n.clean" "$T/n.csv"
expect_eq "9999-99-99 is a bad date" "$(grep '^1,' "$T/n.clean" | cut -d, -f7)" \
    "bad date;bad amount"
expect_eq "-0 amount is 0" "$(grep '^2,' "$T/n.clean" | cut -d, -f3)" 0
bounded "absurd values: clean --strict" 1 64 10 '' "$CUSTKIT" clean --strict "$T/n.csv"
bounded "absurd values: segment rfm" 0 64 10 '' "$CUSTKIT" segment --by rfm -o "$T/n.seg" "$T/n.clean"
if grep -qi 'inf\|nan' "$T/n.seg" && ! grep -q '^5,' "$T/n.seg"; then
    not_ok "segment: no infinities"; else ok "segment: no infinities or NaN scored"; fi
expect_eq "absurd rows go to Needs review" "$(grep -c ',Needs review,' "$T/n.seg")" 5
printf '[g]\nbig = amount > 1e300\nneg = amount < 0\nzero = amount == -0\n' >"$T/n.rules"
bounded "absurd values: tag" 0 64 10 '' "$CUSTKIT" tag -r "$T/n.rules" -o "$T/n.tag" "$T/n.clean"
expect_eq "tag: 1e999 and NaN compare false, 1e308 is a number, -0 == 0" "$(cut -d, -f1,8 "$T/n.tag" | tr '\n' ' ')" \
    "id,g 1, 2,zero 3,big 4, 5, "
