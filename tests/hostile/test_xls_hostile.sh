# test_xls_hostile.sh — hostile .xls files (tests/hostile/make_xls_hostile.py): truncated at
# every part, garbage after the OLE2 signature, wild header tables, directory entries whose
# name lengths run past their field, a sheet declaring 15 million cells (read: custkit reads
# what libfreexl gives up on), random damage. Each:
# exit 3 with a message naming the file (or a clean read), bounded memory (ulimit -v, skipped
# under SANITIZE=1) and bounded time; the directory cases also under valgrind.
. "$(dirname "$0")/../lib.sh"
export LC_ALL=C.UTF-8 TZ=UTC
here=$(cd "$(dirname "$0")" && pwd)
san=${SANITIZE:-}
slow=1
[ "$san" = 1 ] && slow=5
H=$T/h
mkdir -p "$H"
/usr/bin/python3 "$here/make_xls_hostile.py" "$top/tests/fixtures/xls" "$H" ||
    not_ok "make_xls_hostile.py wrote the files"

# bounded NAME WANT_STATUS MEM_MB SECONDS PATTERN FILE: custkit import FILE, stderr → $T/err
bounded() {
    name=$1 want=$2 mem=$3 secs=$(($4 * slow)) pat=$5 file=$6
    if [ "$san" = 1 ]; then lim=unlimited; else lim=$((mem * 1024)); fi
    (ulimit -v "$lim" && exec timeout "$secs" "$CUSTKIT" import "$file") >"$T/out" 2>"$T/err"
    rc=$?
    if [ "$rc" -eq 124 ]; then
        not_ok "$name: over ${secs}s"
    elif [ "$want" = any ] && [ "$rc" -ne 0 ] && [ "$rc" -ne 3 ]; then
        not_ok "$name" "exit $rc, want 0 or 3" "stderr: $(head -3 "$T/err")"
    elif [ "$want" != any ] && [ "$rc" -ne "$want" ]; then
        not_ok "$name" "exit $rc, want $want" "stderr: $(head -3 "$T/err")"
    elif [ "$rc" -ne 0 ] && ! grep -q -- "$pat" "$T/err"; then
        not_ok "$name: message" "no '$pat' in stderr:" "$(head -3 "$T/err")"
    elif grep -q 'AddressSanitizer\|runtime error\|LeakSanitizer' "$T/err"; then
        not_ok "$name: sanitizer report" "$(grep -m3 'Sanitizer\|runtime error' "$T/err")"
    else
        ok "$name (exit $rc, ${lim} KB, ${secs}s)"
    fi
}

for f in "$H"/cut_*.xls; do
    b=$(basename "$f" .xls)
    case $b in
    cut_8 | cut_100 | cut_511) pat="$b.xls: not an OLE2 compound file" ;; # shorter than a header
    *) pat="$b.xls: damaged .xls workbook: " ;;
    esac
    # the last cut loses only unused bytes of the last sector: still readable
    [ "$b" = "cut_$(($(wc -c <"$top/tests/fixtures/xls/customers.xls") - 1))" ] && want=any || want=3
    bounded "truncated .xls ($b)" "$want" 64 10 "$pat" "$f"
done
bounded "garbage after the OLE2 signature" 3 64 10 'garbage.xls: damaged .xls workbook: ' "$H/garbage.xls"
bounded "header tables pointing anywhere" 3 64 10 'wild_header.xls: damaged .xls workbook: ' "$H/wild_header.xls"
bounded "directory entry name of 65535 bytes" 3 64 10 \
    "dir_name_65535.xls: damaged .xls workbook: a directory entry's name is longer than its 64-byte field" \
    "$H/dir_name_65535.xls"
bounded "Workbook entry name of 66 bytes" 3 64 10 \
    "dir_name_66.xls: damaged .xls workbook: a directory entry's name is longer than its 64-byte field" \
    "$H/dir_name_66.xls"
# libfreexl cannot have that memory under the limit and gives up without saying why: custkit
# then reads the workbook itself, which holds no cell the DIMENSION record declares (without
# the limit, under ASan, libfreexl has the memory): the same rows either way
bounded "a sheet declaring 60000 x 255 cells, 64 MB of address space" 0 64 20 \
    'huge_dimension.xls: ' "$H/huge_dimension.xls"
"$CUSTKIT" import "$top/tests/fixtures/xls/customers.xls" >"$T/fixture.csv" 2>/dev/null
expect_file_eq "a sheet declaring 60000 x 255 cells: the fixture's rows" "$T/out" "$T/fixture.csv"
for f in "$H"/flipped_*.xls; do
    bounded "random damage ($(basename "$f"))" any 64 10 "$(basename "$f"): " "$f"
done

# libfreexl itself reads a directory entry's name with the length the entry gives: a long one
# must be refused before libfreexl sees it, which valgrind tells (no read past the sector)
if [ "$san" = 1 ]; then
    echo "# n/a directory entries under valgrind: valgrind cannot run an ASan binary (the plain build checks it)"
elif ! command -v valgrind >/dev/null 2>&1; then
    skip "directory entries under valgrind" "valgrind not here"
else
    for b in dir_name_65535 dir_name_66; do
        valgrind -q --error-exitcode=99 --log-file="$T/vg.$b" "$CUSTKIT" import "$H/$b.xls" \
            >/dev/null 2>&1
        rc=$?
        if [ "$rc" -ne 99 ] && [ ! -s "$T/vg.$b" ]; then ok "valgrind $b: clean (exit $rc)"; else
            not_ok "valgrind $b (exit $rc)" "$(grep -m6 '==' "$T/vg.$b")"; fi
    done
fi

# A workbook on which libfreexl reads past its buffers (a string length it trusts; found by
# fuzz_xls): libfreexl runs in a child process, so custkit's own process reads nothing out of
# bounds (valgrind follows the child too: each process logs to its own file, and the one whose
# parent is not among them is custkit's), and the file is refused with exit 3.
overread=$top/tests/fuzz/corpus/xls/finding_libfreexl_string_overread
bounded "libfreexl over-read reproducer" 3 64 10 'finding_libfreexl_string_overread: ' "$overread"
if [ "$san" = 1 ]; then
    echo "# n/a the over-read stays out of custkit's process: valgrind cannot run an ASan binary (the plain build checks it)"
elif ! command -v valgrind >/dev/null 2>&1; then
    skip "the over-read stays out of custkit's process" "valgrind not here"
else
    mkdir -p "$T/vgo"
    valgrind --log-file="$T/vgo/%p" "$CUSTKIT" import "$overread" >/dev/null 2>&1
    main_log=
    for l in "$T/vgo"/*; do
        pp=$(sed -n 's/^==[0-9]*== Parent PID: \([0-9]*\).*/\1/p' "$l" | head -1)
        [ -n "$pp" ] && [ -f "$T/vgo/$pp" ] || main_log=$l
    done
    if [ -n "$main_log" ] && ! grep -q 'Invalid read' "$main_log"; then
        ok "the over-read stays out of custkit's process ($(ls "$T/vgo" | wc -l) processes)"
    else
        not_ok "the over-read stays out of custkit's process" "$(grep -m3 'Invalid' "$main_log")"
    fi
fi

# The number formats of formula results: a FORMAT string past its record, a formula's XF index
# past the XF records. Read (libfreexl has its own view of the formats), never out of bounds,
# and the formula results whose format cannot be known are numbers, not guessed dates.
bounded "FORMAT strings of 65535 characters" 0 64 10 'format_65535.xls: ' "$H/format_65535.xls"
expect_grep "a formula of an unreadable format is a number" '^D2,2026-08-31,46295,0.5208333333333334,' \
    "$T/out"
bounded "formula XF index past the XF records" 0 64 10 'formula_xf_65535.xls: ' \
    "$H/formula_xf_65535.xls"
expect_grep "a formula of an unknown XF is a number" '^D2,2026-08-31,46295,0.5208333333333334,' \
    "$T/out"

# Plain number cells, typed by their own XF: a MULRK whose last column claims more cells than
# it holds or lies before its first, a NUMBER or RK cell whose XF index is past the XF records.
# Never out of bounds; a cell whose format cannot be known keeps libfreexl's reading.
ck import "$top/tests/fixtures/xls/customers.xls" >"$T/base.csv" 2>/dev/null
for b in mulrk_last_65535 mulrk_last_before_first; do
    bounded "$b" 0 64 10 "$b.xls: " "$H/$b.xls"
    expect_file_eq "$b reads as the undamaged file" "$T/out" "$T/base.csv"
done
bounded "number cells' XF index past the XF records" 0 64 10 'cell_xf_65535.xls: ' \
    "$H/cell_xf_65535.xls"
expect_grep "a number cell of an unknown XF is libfreexl's number" \
    '^007,张三,13812345678,33010,45296.5625,0.3785532407407408,1234.5,北京,老客户$' "$T/out"
