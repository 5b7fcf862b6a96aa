# test_valgrind.sh — the demo pipeline (examples/demo.sh's commands, on the bundled examples)
# with every command under valgrind: no invalid reads or writes, no uninitialised values, no
# definite leaks. Skipped without valgrind and under SANITIZE=1 (ASan and valgrind exclude
# each other).
. "$(dirname "$0")/../lib.sh"
export CUSTKIT_TODAY=2026-11-29 LC_ALL=C.UTF-8 TZ=UTC
if [ "${SANITIZE:-}" = 1 ]; then
    not_applicable "ASan and valgrind exclude each other; the plain make check runs it"
    exit 0
fi
if ! command -v valgrind >/dev/null 2>&1; then
    skip "the demo pipeline under valgrind" "valgrind is not installed"
    exit 0
fi
# vg NAME command-args...: one command under valgrind, its report in $T/vg.NAME
vg() {
    name=$1; shift
    valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
        --log-file="$T/vg.$name" "$CUSTKIT" "$@"
}
check() { # NAME STATUS
    if [ "$2" -ne 99 ] && [ ! -s "$T/vg.$1" ]; then ok "valgrind $1: clean (exit $2)"; else
        not_ok "valgrind $1 (exit $2)" "$(grep -m8 '==' "$T/vg.$1")"; fi
}
asof=2026-09-30
export CUSTKIT_FACTS="$T/facts.jsonl"
vg import_gbk import -q "$ex/customers_zh_gbk.csv" -o "$T/zh.csv"; check import_gbk $?
vg import_xlsx import "$ex/customers.xlsx" -o "$T/xlsx.csv"; check import_xlsx $?
vg import_ods import --all-sheets "$top/tests/fixtures/ods/roundtrip_lo.ods" -o "$T/ods.csv"
check import_ods $?
vg clean clean --orders "$ex/orders.csv" --rejects "$T/rejects.csv" --merge-log "$T/merge.csv" \
    --orphans "$T/orphans.csv" --as-of "$asof" -o "$T/clean.csv" "$T/zh.csv"; check clean $?
vg tag tag -r "$ex/tags.rules" --as-of "$asof" -o "$T/tag.csv" "$T/clean.csv"; check tag $?
vg segment segment --by rfm --as-of "$asof" -o "$T/seg.csv" "$T/tag.csv"; check segment $?
vg export export --as-of "$asof" -o "$T/report.xlsx" "$T/seg.csv"; check export $?
vg export_split export --format csv --split "$T/split" --as-of "$asof" "$T/seg.csv"
check export_split $?
# error paths free what they allocated too
vg bad_rules tag -r /dev/null/none "$T/clean.csv"; check bad_rules $?
vg bad_input import "$ex/../tests/cli/data/truncated.csv"; check bad_input $?
# The report valgrind saw written is whole: its first segment sheet imports back (exit 0) to the
# customers the segmented table puts in that segment (sheet name read by openpyxl).
"$CUSTKIT" import -q --sheet 2 "$T/report.xlsx" >"$T/sheet2.csv" 2>"$T/sheet2.err"
expect_eq "the pipeline's report imports back (exit status)" "$?" 0
out=$(/usr/bin/python3 - "$T/report.xlsx" "$T/seg.csv" "$T/sheet2.csv" 2>&1 <<'EOF'
import csv, sys, openpyxl
name = openpyxl.load_workbook(sys.argv[1], read_only=True).sheetnames[1]
seg = [r[0] for r in list(csv.reader(open(sys.argv[2], encoding="utf-8")))[1:] if name in r]
got = [r[0] for r in list(csv.reader(open(sys.argv[3], encoding="utf-8")))[1:]]
print("same %d" % len(seg) if seg and sorted(seg) == sorted(got) else "%s: %r != %r" % (name, got, seg))
EOF
)
expect_eq "the report's first segment sheet holds that segment's customers" "$out" "same 33"
