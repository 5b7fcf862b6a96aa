#!/bin/sh
# Run every test of custkit and print one closing line: "N passed, N failed, N skipped".
# Unit tests (cmocka) speak TAP; shell tests print "ok"/"not ok" lines through tests/lib.sh, and
# "ok N - NAME # SKIP REASON" for a check that could not run here: counted as skipped, never as
# passed, and under CI=true as failed (the exit status is then non-zero).
#   tests/run.sh                   the whole suite
#   tests/run.sh --update-goldens  only the tests with golden files, which rewrite them
#                                  (make update-goldens); UPDATE_GOLDEN is refused otherwise
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
: "${CUSTKIT:=$top/build/custkit}" "${BUILD:=$top/build}"
export CUSTKIT BUILD
export CUSTKIT_TODAY=2026-11-29 LC_ALL=C.UTF-8 TZ=UTC
# Messages in English whatever the developer's language (the tests compare them); the tests
# of the translations ask for theirs.
unset LANGUAGE CUSTKIT_LOCALEDIR
# Workbooks record when they were made; a fixed time lets tests compare report bytes.
export SOURCE_DATE_EPOCH=1796000000
if [ "${1-}" = --update-goldens ]; then
    UPDATE_GOLDEN=1
    export UPDATE_GOLDEN
elif [ -n "${UPDATE_GOLDEN-}" ]; then
    echo "tests/run.sh: UPDATE_GOLDEN is not honoured by the test run, which compares with the goldens; run make update-goldens" >&2
    exit 2
fi
log=$(mktemp "${TMPDIR:-/tmp}/custkit-check.XXXXXX")
trap 'rm -f "$log"' EXIT
pass=0 fail=0 skip=0
ci=
[ "${CI:-}" = true ] && ci=1

run() { # name command...
    name=$1; shift
    "$@" >"$log" 2>&1
    rc=$?
    s=$(grep -c '^ok .*# SKIP' "$log")
    p=$(($(grep -c '^ok ' "$log") - s))
    f=$(grep -c '^not ok ' "$log")
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        f=1
        echo "not ok - $name exited $rc" >>"$log"
    fi
    pass=$((pass + p)); fail=$((fail + f)); skip=$((skip + s))
    if [ "$f" -gt 0 ] || { [ "$s" -gt 0 ] && [ -n "$ci" ]; }; then
        echo "FAIL $name ($p passed, $f failed, $s skipped${ci:+, a skip fails under CI})"
        grep -v '^ok \|^# updated golden' "$log" | head -40 | sed 's/^/    /'
        grep '^ok .*# SKIP' "$log" | sed 's/^/    /'
    elif [ "$s" -gt 0 ]; then
        echo "SKIP $name ($p passed, $s skipped)"
        grep '^ok .*# SKIP' "$log" | sed 's/^/    /'
    elif [ "$p" -eq 0 ] && grep -q '^# n/a ' "$log"; then
        echo "n/a  $name: $(grep -m1 '^# n/a ' "$log" | cut -c7-)"
    else
        echo "pass $name ($p)"
    fi
}

if [ -n "${UPDATE_GOLDEN-}" ]; then
    for t in "$top"/tests/*/test_*.sh; do
        grep -q expect_golden "$t" || continue
        run "$(basename "$(dirname "$t")")/$(basename "$t" .sh)" sh "$t"
        grep '^# updated golden' "$log" | sed 's/^/    /'
    done
    echo "$pass passed, $fail failed, $skip skipped"
    git -C "$top" status --short -- tests/cli/golden 2>/dev/null | sed 's/^/changed: /'
    [ "$fail" -eq 0 ]
    exit
fi
for t in "$BUILD"/tests/test_*; do
    [ -x "$t" ] || continue
    run "unit/$(basename "$t")" env CMOCKA_MESSAGE_OUTPUT=TAP "$t"
done
for t in "$top"/tests/cli/test_*.sh "$top"/tests/interop/test_*.sh "$top"/tests/hostile/test_*.sh; do
    [ -f "$t" ] || continue
    run "$(basename "$(dirname "$t")")/$(basename "$t" .sh)" sh "$t"
done
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ] && { [ -z "$ci" ] || [ "$skip" -eq 0 ]; }
