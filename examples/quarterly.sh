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
#   -p FILE   profile for every step: column mappings, options (custkit(1), PROFILE)
#             CUSTKIT_PROFILE (default: none); -r and the quarter's as-of date still win
#   CUSTKIT   the custkit binary (default: custkit on PATH)
#   CUSTKIT_TODAY=YYYY-MM-DD   pretend today is that day (quarter-end follows from it)
#
# On success it prints nothing (cron mails only failures). On any failure it prints one line
# on stderr naming the step that failed and quoting that step's own first error, keeps the
# run's log in ROOT/failed/QUARTER-TIME-XXXX/run.log and exits with the failed step's status (1 for
# the script's own checks). The quarters already on disk are untouched: the new quarter is
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
CUSTKIT_PROFILE=${CUSTKIT_PROFILE:-}
ck=${CUSTKIT:-custkit}

usage() {
    echo "usage: quarterly.sh [-c customers] [-O orders] [-r rules] [-d root] [-m mask] [-k keep]" \
        "[-p profile]" >&2
    exit 2
}

while getopts c:O:r:d:m:k:p:h opt; do
    case $opt in
    c) CUSTOMERS=$OPTARG ;;
    O) ORDERS=$OPTARG ;;
    r) RULES=$OPTARG ;;
    d) REPORT_ROOT=$OPTARG ;;
    m) MASK=$OPTARG ;;
    k) KEEP=$OPTARG ;;
    p) CUSTKIT_PROFILE=$OPTARG ;;
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

# step_failed STEP STATUS ERRFILE: keep the failed run's log in ROOT/failed/QUARTER-TIME-XXXX/ (the
# last good report is not touched), say which step failed with its own first error, and exit
# with that step's status.
step_failed() {
    # the run's own directory: two failures in one second never share one
    mkdir -p "$root/failed" &&
        kept=$(mktemp -d "$root/failed/$quarter-$(date +%Y%m%dT%H%M%S)-XXXX") &&
        cp "$stage/run.log" "$kept/run.log" || kept=""
    # custkit's messages are in the user's language: English or Chinese (po/zh_CN.po)
    first=$(grep -m1 -v -e '^custkit [a-z]*: warning' -e '^custkit [a-z]*: 警告' "$3" || true)
    [ -n "$first" ] || first=$(head -1 "$3")
    echo "quarterly.sh: $1 failed (exit $2): ${first:-no message}${kept:+ (log: $kept/run.log)}" >&2
    exit "$2"
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

for f in "$CUSTOMERS" "$ORDERS" "$RULES" ${CUSTKIT_PROFILE:+"$CUSTKIT_PROFILE"}; do
    [ -r "$f" ] || fail "cannot read $f"
done
# Every step, export included, reads the profile from the environment.
[ -z "$CUSTKIT_PROFILE" ] || export CUSTKIT_PROFILE

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

# Each step writes its status and its own messages, so when one fails the script can name it
# and quote its first error, not the "no input" that the steps after it then report.
steps="import clean tag segment"
# shellcheck disable=SC2086 # $compare is empty or an option and its value
{ rc=0; "$ck" import "$CUSTOMERS" 2>"$stage/import.err" || rc=$?; echo $rc >"$stage/import.rc"; } |
    { rc=0; "$ck" clean --orders "$ORDERS" --as-of "$asof" --rejects "$stage/rejects.csv" \
        --merge-log "$stage/merge-log.csv" --orphans "$stage/orphans.csv" 2>"$stage/clean.err" || rc=$?
      echo $rc >"$stage/clean.rc"; } |
    { rc=0; "$ck" tag -r "$RULES" --as-of "$asof" 2>"$stage/tag.err" || rc=$?; echo $rc >"$stage/tag.rc"; } |
    { rc=0; "$ck" segment --by rfm --as-of "$asof" $compare -o "$stage/segments.csv" \
        2>"$stage/segment.err" || rc=$?; echo $rc >"$stage/segment.rc"; }
for s in $steps; do cat "$stage/$s.err" >>"$stage/run.log"; done
# The failing step is the first one in pipeline order that failed on its own: a step that got
# no input (the one before it failed) or whose reader went away (the one after it failed) only
# follows another's failure.
failed="" failed_rc=0
for pass in own any; do
    for s in $steps; do
        rc=$(cat "$stage/$s.rc" 2>/dev/null || echo 1)
        [ "$rc" -eq 0 ] && continue
        if [ "$pass" = own ]; then
            [ "$rc" -eq 141 ] && continue
            # in English or in Chinese, as custkit writes them (po/zh_CN.po)
            grep -q -e 'no input (did the command before this one fail?)' -e 'Broken pipe' \
                -e '没有输入（前一个命令是否失败了？）' -e '断开的管道' "$stage/$s.err" && continue
        fi
        failed=$s failed_rc=$rc
        break 2
    done
done
[ -z "$failed" ] || step_failed "$failed" "$failed_rc" "$stage/$failed.err"
rc=0
# shellcheck disable=SC2086 # $mask is empty or an option and its value
"$ck" export --as-of "$asof" $mask -o "$stage/report.xlsx" "$stage/segments.csv" \
    2>"$stage/export.err" || rc=$?
cat "$stage/export.err" >>"$stage/run.log"
[ "$rc" -eq 0 ] || step_failed export "$rc" "$stage/export.err"
for s in $steps export; do rm -f "$stage/$s.err" "$stage/$s.rc"; done
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
