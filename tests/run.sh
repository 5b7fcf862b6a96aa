#!/bin/sh
# Run every test of custkit and print one closing line: "N passed, N failed".
# Unit tests (cmocka) speak TAP; shell tests print "ok"/"not ok" lines through tests/lib.sh.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
: "${CUSTKIT:=$top/build/custkit}" "${BUILD:=$top/build}"
export CUSTKIT BUILD
export CUSTKIT_TODAY=2026-11-29 LC_ALL=C.UTF-8 TZ=UTC
# Workbooks record when they were made; a fixed time lets tests compare report bytes.
export SOURCE_DATE_EPOCH=1796000000
log=$(mktemp "${TMPDIR:-/tmp}/custkit-check.XXXXXX")
trap 'rm -f "$log"' EXIT
pass=0 fail=0

run() { # name command...
    name=$1; shift
    "$@" >"$log" 2>&1
    rc=$?
    p=$(grep -c '^ok ' "$log")
    f=$(grep -c '^not ok ' "$log")
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        f=1
        echo "not ok - $name exited $rc" >>"$log"
    fi
    pass=$((pass + p)); fail=$((fail + f))
    if [ "$f" -gt 0 ]; then
        echo "FAIL $name ($p passed, $f failed)"
        grep -v '^ok ' "$log" | head -40 | sed 's/^/    /'
    else
        echo "pass $name ($p)"
    fi
}

for t in "$BUILD"/tests/test_*; do
    [ -x "$t" ] || continue
    run "unit/$(basename "$t")" env CMOCKA_MESSAGE_OUTPUT=TAP "$t"
done
for t in "$top"/tests/cli/test_*.sh "$top"/tests/interop/test_*.sh "$top"/tests/hostile/test_*.sh; do
    [ -f "$t" ] || continue
    run "$(basename "$(dirname "$t")")/$(basename "$t" .sh)" sh "$t"
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
