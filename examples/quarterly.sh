#!/bin/sh
# quarterly.sh — the quarterly customer report, ready for cron.
#
# Runs import | clean --orders | tag | segment --by rfm | export as of the end of the last
# completed quarter and writes ROOT/YYYY-Qn/ with:
#   report.xlsx    the workbook for managers (compared with last quarter when it exists)
#   segments.csv   the segmented table, which next quarter's run compares against (0600)
#   rejects.csv, merge-log.csv, orphans.csv   what clean set aside (personal data: mode 0600)
#   run.log        the commands' own messages
# and appends to ROOT/audit.jsonl one line per command (inputs and outputs with SHA-256).
#
# crontab line (06:05 on the first day of each quarter):
#   5 6 1 1,4,7,10 *  /opt/custkit/examples/quarterly.sh -c /data/customers.xlsx -O /data/orders.csv -d /srv/reports
#
# Options (or environment variables):
#   -c FILE   customers table        CUSTOMERS   (default: examples/customers.xlsx)
#   -O FILE   orders table           ORDERS      (default: examples/orders.csv)
#   -r FILE   tag rules              RULES       (default: examples/tags.rules)
#   -d DIR    output root            REPORT_ROOT (default: ./reports)
#   -m LIST   mask columns in the report, e.g. phone,email   MASK (default: none)
#   -k N      keep the N newest quarters (never the current or previous one)   KEEP
#   CUSTKIT   the custkit binary (default: custkit on PATH)
#   CUSTKIT_TODAY=YYYY-MM-DD   pretend today is that day (quarter-end follows from it)
#
# On success it prints nothing (cron mails only failures). On any failure it exits non-zero
# with one line on stderr, and the quarters already on disk are untouched: the new quarter is
# built in a temporary directory and renamed into place only when complete. A second run
# while one holds the lock exits 75 at once.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
CUSTOMERS=${CUSTOMERS:-$here/customers.xlsx}
ORDERS=${ORDERS:-$here/orders.csv}
RULES=${RULES:-$here/tags.rules}
REPORT_ROOT=${REPORT_ROOT:-./reports}
MASK=${MASK:-}
KEEP=${KEEP:-}
ck=${CUSTKIT:-custkit}

usage() {
    echo "usage: quarterly.sh [-c customers] [-O orders] [-r rules] [-d root] [-m mask] [-k keep]" >&2
    exit 2
}

while getopts c:O:r:d:m:k:h opt; do
    case $opt in
    c) CUSTOMERS=$OPTARG ;;
    O) ORDERS=$OPTARG ;;
    r) RULES=$OPTARG ;;
    d) REPORT_ROOT=$OPTARG ;;
    m) MASK=$OPTARG ;;
    k) KEEP=$OPTARG ;;
    *) usage ;;
    esac
done
case $KEEP in
'' | *[!0-9]*) [ -z "$KEEP" ] || usage ;;
esac

fail() {
    echo "quarterly.sh: $*" >&2
    exit 1
}

# The quarter that ended last: from CUSTKIT_TODAY when set (tests, reruns), else the clock.
today=${CUSTKIT_TODAY:-$(date +%Y-%m-%d)}
year=${today%%-*}
month=${today#*-}
month=${month%%-*}
month=${month#0}
q=$(((month - 1) / 3))
if [ "$q" -eq 0 ]; then
    year=$((year - 1))
    q=4
fi
case $q in
1) asof=$year-03-31 ;;
2) asof=$year-06-30 ;;
3) asof=$year-09-30 ;;
*) asof=$year-12-31 ;;
esac
quarter=$year-Q$q
if [ "$q" -eq 1 ]; then prev=$((year - 1))-Q4; else prev=$year-Q$((q - 1)); fi

# Reports may be read by the group; rejects and logs hold personal data and are 0600.
umask 027
mkdir -p "$REPORT_ROOT" || fail "cannot create $REPORT_ROOT"
root=$(cd "$REPORT_ROOT" && pwd)

# One run at a time.
exec 9>"$root/.lock"
if ! flock -n 9; then
    echo "quarterly.sh: another run holds $root/.lock; not starting" >&2
    exit 75
fi

for f in "$CUSTOMERS" "$ORDERS" "$RULES"; do
    [ -r "$f" ] || fail "cannot read $f"
done

stage="$root/.$quarter.tmp.$$"
rm -rf "$stage"
mkdir "$stage"
trap 'rm -rf "$stage"' EXIT
trap 'exit 1' HUP INT TERM

CUSTKIT_AUDIT="$root/audit.jsonl"
CUSTKIT_FACTS="$stage/facts.jsonl"
export CUSTKIT_AUDIT CUSTKIT_FACTS

compare=""
[ -f "$root/$prev/segments.csv" ] && compare="--compare $root/$prev/segments.csv"
mask=""
[ -n "$MASK" ] && mask="--mask $MASK"

# Each step's status is kept, so a failure anywhere in the pipeline is seen.
status="$stage/status"
: >"$status"
# shellcheck disable=SC2086 # $compare is empty or an option and its value
{
    { "$ck" import "$CUSTOMERS" || echo "import $?" >>"$status"; } |
        { "$ck" clean --orders "$ORDERS" --as-of "$asof" --rejects "$stage/rejects.csv" \
            --merge-log "$stage/merge-log.csv" --orphans "$stage/orphans.csv" ||
            echo "clean $?" >>"$status"; } |
        { "$ck" tag -r "$RULES" --as-of "$asof" || echo "tag $?" >>"$status"; } |
        { "$ck" segment --by rfm --as-of "$asof" $compare -o "$stage/segments.csv" ||
            echo "segment $?" >>"$status"; }
} 2>>"$stage/run.log"
if [ -s "$status" ]; then
    first=$(head -1 "$status")
    fail "${first%% *} failed (exit ${first##* }): $(grep 'custkit' "$stage/run.log" | tail -1)"
fi
# shellcheck disable=SC2086 # $mask is empty or an option and its value
"$ck" export --as-of "$asof" $mask -o "$stage/report.xlsx" "$stage/segments.csv" \
    2>>"$stage/run.log" || fail "export failed: $(tail -1 "$stage/run.log")"
rm -f "$stage/status"
chmod 600 "$stage/segments.csv" # the whole customer table: personal data

# Into place: the new quarter replaces only an earlier run of the same quarter.
if [ -d "$root/$quarter" ]; then
    mv "$root/$quarter" "$stage.old"
fi
mv "$stage" "$root/$quarter"
rm -rf "$stage.old"
trap - EXIT

# Prune old quarters, never the current or the previous one.
if [ -n "$KEEP" ]; then
    n=0
    for d in $(find "$root" -mindepth 1 -maxdepth 1 -type d -name '[0-9][0-9][0-9][0-9]-Q[1-4]' \
        -exec basename {} \; | sort -r); do
        n=$((n + 1))
        [ "$d" = "$quarter" ] || [ "$d" = "$prev" ] && continue
        [ "$n" -le "$KEEP" ] && continue
        rm -rf "${root:?}/$d"
    done
fi
exit 0
