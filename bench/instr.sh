#!/bin/sh
# instr.sh — instruction counts of each custkit command under callgrind, per 100k customer rows:
# stable on a busy or noisy machine, so a regression shows as a number (`bench/instr.sh [SIZE]`).
#
# usage: bench/instr.sh [SIZE]   SIZE = N, Nk or Nm customers (default 10k; callgrind is ~50×
#                                slower than native, and counts scale linearly)
# env:   CUSTKIT   the binary under test (default build/custkit)
# Uses the cached data of bench/run.sh (bench/data/SIZE), generating it when missing.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
size=${1:-10k}
case $size in
[1-9]*k) n=$((${size%k} * 1000)) ;;
[1-9]*m) n=$((${size%m} * 1000000)) ;;
[1-9]*) n=$size ;;
*) echo "usage: bench/instr.sh [N|Nk|Nm]" >&2; exit 2 ;;
esac
case $n in *[!0-9]*) echo "usage: bench/instr.sh [N|Nk|Nm]" >&2; exit 2 ;; esac
: "${CUSTKIT:=$top/build/custkit}"
AS_OF=2026-09-30
RULES=$top/examples/tags.rules
data=$here/data/$size
command -v valgrind >/dev/null 2>&1 || { echo "bench: valgrind is needed" >&2; exit 2; }
[ -x "$CUSTKIT" ] || { echo "bench: no custkit binary at $CUSTKIT (run make)" >&2; exit 2; }

stamp="$(cksum <"$top/examples/gen.py") $n $((n * 5))"
if [ ! -f "$data/.stamp" ] || [ "$(cat "$data/.stamp")" != "$stamp" ]; then
    echo "bench: generating $n customers into bench/data/$size ..." >&2
    rm -rf "$data" "$data.tmp"
    mkdir -p "$data.tmp" &&
        python3 "$top/examples/gen.py" --customers "$n" --orders $((n * 5)) --out "$data.tmp" &&
        echo "$stamp" >"$data.tmp/.stamp" && mv "$data.tmp" "$data" ||
        { echo "bench: data generation failed" >&2; rm -rf "$data.tmp"; exit 3; }
fi
rows=$(($(wc -l <"$data/customers.csv") - 1))
work=$(mktemp -d "${TMPDIR:-/tmp}/custkit-instr.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT INT TERM

# count NAME OUT ARGS...: instructions of `custkit ARGS` (stdout to OUT), or n/a when it fails.
count() {
    name=$1 out=$2
    shift 2
    if valgrind --tool=callgrind --callgrind-out-file="$work/cg.out" "$CUSTKIT" "$@" \
        >"$out" 2>"$work/err"; then
        ir=$(sed -n 's/^==[0-9]*== Collected : *\([0-9]*\).*/\1/p' "$work/err" | tail -1)
        printf '%-32s %16s %16s\n' "$name" "$ir" "$(awk -v i="$ir" -v r="$rows" \
            'BEGIN { printf "%.0f", i * 100000 / r }')"
        return 0
    fi
    printf '%-32s %16s %16s\n' "$name" n/a n/a
    return 1
}

echo "# callgrind instructions, $rows customer rows (bench/data/$size), $(date -u '+%Y-%m-%d')"
printf '%-32s %16s %16s\n' command instructions "per 100k rows"
count "import customers.csv" "$work/imported.csv" import "$data/customers.csv"
count "import customers_gbk.csv" /dev/null import "$data/customers_gbk.csv"
count "import customers.xlsx" /dev/null import "$data/customers.xlsx"
count "clean --orders" "$work/cleaned.csv" clean -q --orders "$data/orders.csv" "$work/imported.csv" &&
    count "tag -r tags.rules" "$work/tagged.csv" tag -q -r "$RULES" --as-of $AS_OF "$work/cleaned.csv" &&
    count "segment --by rfm" "$work/segmented.csv" segment -q --by rfm --as-of $AS_OF "$work/tagged.csv" &&
    count "export" /dev/null export -q --as-of $AS_OF -o "$work/report.xlsx" "$work/segmented.csv"
exit 0
