#!/bin/sh
# run.sh — custkit's benchmark (`make bench SIZE=100k|1m|10m`): each command and the whole
# pipeline against pandas, Miller, xlsx2csv, openpyxl, DuckDB and the libxlsxwriter/cat floors,
# on the same files.
#
# usage: bench/run.sh [SIZE]      SIZE = N, Nk or Nm customers (default 100k); orders = 5 × SIZE
# env:   CUSTKIT          the binary under test (default build/custkit)
#        BENCH_TIMEOUT    seconds before a peer is stopped and reported as "> T" (default 900)
#        BENCH_PEERS=0    custkit and the floors only (no pandas, Miller, xlsx2csv, openpyxl,
#                         DuckDB); BENCH_PEERS=duckdb: the DuckDB peer only
#        BENCH_REPEAT=N   run each measurement N times and keep the fastest (default 1)
#        BENCH_SHORT=S    a measurement whose first run takes under S seconds (default 30) is
#                         run BENCH_SHORT_RUNS times in all (default 3), the fastest kept: the
#                         short ones are the ones a disturbance moves most, whichever tool runs;
#                         above 1m, a custkit step's S grows with the size (S × SIZE/1m), so
#                         that the scale table compares like with like
#        BENCH_RESULTS    where to write the results (default bench/RESULTS.md); the run
#                         replaces its own SIZE's section and keeps the other sizes' sections
# Wall seconds and peak RSS come from `/usr/bin/time -f '%e %M'`; for a pipeline, the peak is
# the largest process of the pipeline (the rusage of the shell that waits for all of them).
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
size=${1:-100k}
case $size in
[1-9]*k) n=$((${size%k} * 1000)) ;;
[1-9]*m) n=$((${size%m} * 1000000)) ;;
[1-9]*) n=$size ;;
*) echo "usage: bench/run.sh [N|Nk|Nm]" >&2; exit 2 ;;
esac
case $n in *[!0-9]*) echo "usage: bench/run.sh [N|Nk|Nm]" >&2; exit 2 ;; esac
norders=$((n * 5))
: "${CUSTKIT:=$top/build/custkit}"
: "${BENCH_TIMEOUT:=900}"
: "${BENCH_PEERS:=1}"
: "${BENCH_REPEAT:=1}"
: "${BENCH_SHORT:=30}"
: "${BENCH_SHORT_RUNS:=3}"
: "${BENCH_RESULTS:=$here/RESULTS.md}"
case $BENCH_PEERS in 0 | 1 | duckdb) ;; *) echo "bench: BENCH_PEERS is 0, 1 or duckdb" >&2; exit 2 ;; esac
# Excel's sheet holds 1,048,576 rows: a customer table longer than that cannot be one .xlsx sheet
# (nor an .ods made from it), so past it the workbook inputs are not made and their rows say why.
XL_ROWS=1048576
big=0
[ "$n" -ge "$XL_ROWS" ] && big=1
PY=/usr/bin/python3
AS_OF=2026-09-30
RULES=$top/examples/tags.rules
data=$here/data/$size
started=$(date +%s)
load_start=$(cut -d" " -f1-3 /proc/loadavg 2>/dev/null)

for tool in /usr/bin/time timeout cc pkg-config; do
    command -v "$tool" >/dev/null 2>&1 || { echo "bench: $tool is needed" >&2; exit 2; }
done
[ -x "$CUSTKIT" ] || { echo "bench: no custkit binary at $CUSTKIT (run make)" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/custkit-bench.XXXXXX") || exit 2
# the work files go at the end; an interrupted or stopped run ends there too (not only its step)
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
# step, tool, kind, wall, kb, status, why; TAB-separated (kind: custkit, peer, floor; status: ok,
# n/a, timeout, notrun: not run at this size, absent: not installed)
results=$work/results
TAB=$(printf '\t')
: >"$results"

# ---------------------------------------------------------------- data (cached)
# The cache is keyed by the generator's content and arguments: a changed gen.py regenerates.
# gen.py streams: about 60 MB for the customers at any size, plus one month of orders while it
# sorts them (160 MB at 1m, about 1.5 GB estimated at 10m); 6,000 to 7,000 customer rows a second, with
# their orders, on one idle core: 1m in about 3 minutes, 10m in about half an hour, once.
formats=csv,gbk,xlsx
[ "$big" -eq 1 ] && formats=csv,gbk
stamp="$(cksum <"$top/examples/gen.py") $n $norders"
[ "$big" -eq 1 ] && stamp="$stamp $formats"
if [ ! -f "$data/.stamp" ] || [ "$(cat "$data/.stamp")" != "$stamp" ]; then
    echo "bench: generating $n customers, ~$norders orders ($formats) into bench/data/$size ..." >&2
    rm -rf "$data" "$data.tmp"
    mkdir -p "$data.tmp" &&
        python3 "$top/examples/gen.py" --customers "$n" --orders "$norders" --formats "$formats" \
            --out "$data.tmp" &&
        echo "$stamp" >"$data.tmp/.stamp" && mv "$data.tmp" "$data" ||
        { echo "bench: data generation failed" >&2; rm -rf "$data.tmp"; exit 3; }
fi
CSV=$data/customers.csv GBK=$data/customers_gbk.csv XLSX=$data/customers.xlsx
ORDERS=$data/orders.csv
rows=$(($(wc -l <"$CSV") - 1))

# ---------------------------------------------------------------- the export floor
floor=$work/floor_xlsx
# shellcheck disable=SC2046
if ! cc -O2 -std=c11 -D_POSIX_C_SOURCE=200809L $(pkg-config --cflags xlsxwriter) \
    -o "$floor" "$here/floor_xlsx.c" $(pkg-config --libs xlsxwriter) -lcsv 2>"$work/floor.err"; then
    echo "bench: cannot build bench/floor_xlsx.c:" >&2
    head -5 "$work/floor.err" >&2
    floor=
fi

# ---------------------------------------------------------------- measuring
# measure STEP TOOL KIND COMMAND: run COMMAND with bash -o pipefail under /usr/bin/time and a
# timeout, BENCH_REPEAT times (BENCH_SHORT_RUNS when the first run is under BENCH_SHORT
# seconds); record the fastest run's wall seconds and peak KB, or n/a (failed: a command not
# built yet exits 2) or timeout.
measure() {
    step=$1 tool=$2 kind=$3 cmd=$4
    printf 'bench: %-12s %-34s ' "$step" "$tool" >&2
    best='' best_kb='' i=0 runs=$BENCH_REPEAT
    while [ "$i" -lt "$runs" ]; do
        i=$((i + 1))
        sync
        timeout "$BENCH_TIMEOUT" /usr/bin/time -f '%e %M' -o "$work/time" \
            bash -o pipefail -c "$cmd" >"$work/stdout" 2>"$work/stderr"
        rc=$?
        if [ "$rc" -eq 124 ]; then
            printf '%s\t%s\t%s\t%s\t\ttimeout\n' "$step" "$tool" "$kind" "$BENCH_TIMEOUT" >>"$results"
            echo "timeout after ${BENCH_TIMEOUT}s" >&2
            return "$rc"
        elif [ "$rc" -ne 0 ]; then
            printf '%s\t%s\t%s\t\t\tn/a\n' "$step" "$tool" "$kind" >>"$results"
            echo "n/a (exit $rc: $(grep -v '^Command exited' "$work/stderr" | head -1 | cut -c1-80))" >&2
            return "$rc"
        fi
        wall=$(tail -1 "$work/time" | cut -d' ' -f1)
        kb=$(tail -1 "$work/time" | cut -d' ' -f2)
        if [ "$i" -eq 1 ] && [ "$runs" -lt "$BENCH_SHORT_RUNS" ] &&
            awk -v a="$wall" -v s="$(short_for "$kind")" 'BEGIN { exit !(a < s) }'; then
            runs=$BENCH_SHORT_RUNS
        fi
        # the fastest of the repetitions: the least disturbed by other work on the machine
        if [ -z "$best" ] || awk -v a="$wall" -v b="$best" 'BEGIN { exit !(a < b) }'; then
            best=$wall best_kb=$kb
        fi
    done
    printf '%s\t%s\t%s\t%s\t%s\tok\n' "$step" "$tool" "$kind" "$best" "$best_kb" >>"$results"
    echo "$best s, $((best_kb / 1024)) MB" >&2
    return 0
}
# short_for KIND: the BENCH_SHORT seconds for a measurement of this kind. Above 1m, a custkit
# step's is scaled with the size: the scale table compares its time with ten times its 1m time,
# the fastest of BENCH_SHORT_RUNS runs, so it is taken the same way (a peer's is not: the scale
# table has no peers, and their long runs would only lengthen the bench).
short_for() {
    if [ "$1" = custkit ] && [ "$n" -gt 1000000 ]; then
        awk -v s="$BENCH_SHORT" -v n="$n" 'BEGIN { print s * n / 1000000 }'
    else
        echo "$BENCH_SHORT"
    fi
}
# skip STEP TOOL KIND WHY: a measurement that cannot run (its input is missing).
skip() { printf '%s\t%s\t%s\t\t\tn/a\n' "$1" "$2" "$3" >>"$results"; printf 'bench: %-12s %-34s n/a (%s)\n' "$1" "$2" "$4" >&2; }
# notrun STEP TOOL KIND WHY: not run at this size, for a reason that is no failure (shown below
# the table); absent STEP TOOL KIND WHY: an optional peer that is not installed.
notrun() { printf '%s\t%s\t%s\t\t\tnotrun\t%s\n' "$@" >>"$results"; printf 'bench: %-12s %-34s not run at this size (%s)\n' "$1" "$2" "$4" >&2; }
absent() { printf '%s\t%s\t%s\t\t\tabsent\t%s\n' "$@" >>"$results"; printf 'bench: %-12s %-34s not installed (%s)\n' "$1" "$2" "$4" >&2; }
peers() { [ "$BENCH_PEERS" = 1 ]; }
# fits STEP TOOL MB: can a peer that holds the whole table, at MB per million customer rows
# (its peak at SIZE=1m), run here? It runs if that estimate is below 3/4 of the memory available
# now; otherwise its row says "not run at this size" with the estimate (a machine that swaps or
# kills it measures nothing).
avail_mb=$(awk '/^MemAvailable/ { print int($2 / 1024) }' /proc/meminfo 2>/dev/null)
fits() {
    need=$(($3 * n / 1000000))
    [ -z "$avail_mb" ] || [ "$need" -lt $((avail_mb * 3 / 4)) ] && return 0
    notrun "$1" "$2" peer "it holds the whole table: about $((need / 1024)) GB at this size, $((avail_mb / 1024)) GB available"
    return 1
}

ck=$CUSTKIT
# sheets REPORT: the report's sheets as custkit import --list-sheets reads them (name, visibility,
# rows): their count, the longest, how many continue a group ("NAME (2)" ...), all their rows.
sheetinfo=
sheets() {
    "$ck" import --list-sheets "$1" >"$work/sheets" 2>/dev/null || { sheetinfo="n/a"; return; }
    sheetinfo=$(awk -F "$TAB" -v L="$XL_ROWS" '
        { n++; all += $3; if ($3 + 0 > max) max = $3 + 0; if ($1 ~ / \([0-9]+\)$/) cont++ }
        END { printf "%d\t%d\t%d\t%s\t%d", n, max, cont, (max <= L) ? "ok" : "over", all }' "$work/sheets")
    echo "bench: the report has $(echo "$sheetinfo" | cut -f1) sheets, the longest $(echo "$sheetinfo" | cut -f2) rows, $(echo "$sheetinfo" | cut -f3) continuing a group" >&2
}
q() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"; } # shell-quote one word
W=$(q "$work")

# ---------------------------------------------------------------- import
measure import-csv "custkit import" custkit "$(q "$ck") import $(q "$CSV") >$W/imported.csv"
have_imported=$?
measure import-csv "cat (I/O floor)" floor "cat $(q "$CSV") >/dev/null"
measure import-csv "wc -l (I/O floor)" floor "wc -l $(q "$CSV") >/dev/null"
peers && measure import-csv "mlr --icsv --ocsv cat" peer "mlr --icsv --ocsv cat $(q "$CSV") >/dev/null"

measure import-gbk "custkit import" custkit "$(q "$ck") import $(q "$GBK") >/dev/null"
peers && measure import-gbk "iconv | mlr --icsv --ocsv cat" peer \
    "iconv -f GB18030 -t UTF-8 $(q "$GBK") | mlr --icsv --ocsv cat >/dev/null"

# A workbook's peers read the same file; past a sheet's rows there is no such file (see XL_ROWS).
noxl="$n customer rows do not fit one sheet ($XL_ROWS rows at most); the 1m run measures it"
if [ "$big" -eq 1 ]; then
    notrun import-xlsx "custkit import" custkit "$noxl"
    peers && notrun import-xlsx "xlsx2csv" peer "$noxl"
    peers && notrun import-xlsx "openpyxl read_only" peer "$noxl"
else
    measure import-xlsx "custkit import" custkit "$(q "$ck") import $(q "$XLSX") >/dev/null"
    peers && measure import-xlsx "xlsx2csv" peer "xlsx2csv $(q "$XLSX") >/dev/null"
    peers && measure import-xlsx "openpyxl read_only" peer \
        "$PY $(q "$here/peers/openpyxl_read.py") $(q "$XLSX") >/dev/null"
fi

# .xls (Excel 97-2003): a sheet holds at most 65,536 rows, so the customers stand in sheets of
# 50,000 (read with --all-sheets); LibreOffice makes the file once, cached with the data.
XLS=$data/customers.xls
if [ "$big" -eq 1 ]; then
    : # LibreOffice would hold the whole table to write it: see below
elif [ ! -f "$XLS" ] && command -v soffice >/dev/null 2>&1; then
    echo "bench: writing customers.xls with LibreOffice ..." >&2
    $PY "$here/peers/xls_data.py" "$CSV" "$XLS" 2>"$work/xls.err" || rm -f "$XLS"
fi
if [ -f "$XLS" ]; then
    measure import-xls "custkit import --all-sheets" custkit \
        "$(q "$ck") import --all-sheets $(q "$XLS") >/dev/null"
    peers && command -v soffice >/dev/null 2>&1 && measure import-xls "soffice --convert-to csv" peer \
        "soffice -env:UserInstallation=file://$W/lo --headless --convert-to \
         'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1' \
         --outdir $W/lo-csv $(q "$XLS") >/dev/null"
    if $PY -c 'import pandas, xlrd' 2>/dev/null; then
        peers && measure import-xls "pandas read_excel (xlrd)" peer \
            "$PY -c 'import sys, pandas; pandas.read_excel(sys.argv[1], sheet_name=None, dtype=str)' $(q "$XLS")"
    else
        peers && absent import-xls "pandas read_excel (xlrd)" peer "/usr/bin/python3 cannot import xlrd (python3-xlrd)"
    fi
elif [ "$big" -eq 1 ]; then
    notrun import-xls "custkit import --all-sheets" custkit \
        "LibreOffice, which writes the .xls, holds the whole table; the 1m run measures it"
else
    skip import-xls "custkit import --all-sheets" custkit "no customers.xls (LibreOffice needed)"
fi

# The same customers as an OpenDocument spreadsheet, saved by LibreOffice (cached beside the
# data; a profile of its own, so that a LibreOffice already running does not swallow the job).
ODS=$data/customers.ods
if [ "$big" -eq 1 ]; then
    : # made from customers.xlsx, which is not made at this size
elif [ ! -f "$ODS" ] && command -v soffice >/dev/null; then
    echo "bench: converting customers.xlsx to .ods with LibreOffice ..." >&2
    soffice -env:UserInstallation="file://$work/lo-profile" --headless --convert-to ods \
        --outdir "$work" "$XLSX" >/dev/null 2>&1 && mv "$work/customers.ods" "$ODS"
fi
if [ -f "$ODS" ]; then
    # the profile is made before timing: a first start spends seconds on it
    peers && soffice -env:UserInstallation="file://$work/lo-profile" --headless \
        --terminate_after_init >/dev/null 2>&1
    measure import-ods "custkit import" custkit "$(q "$ck") import $(q "$ODS") >/dev/null"
    peers && measure import-ods "LibreOffice --convert-to csv" peer \
        "soffice -env:UserInstallation=file://$W/lo-profile --headless --convert-to csv \
         --outdir $W/lo-csv $(q "$ODS") >/dev/null"
    if peers && $PY -c 'import pandas, odf' 2>/dev/null; then
        measure import-ods "pandas read_excel(engine=odf)" peer \
            "$PY -c 'import sys, pandas; pandas.read_excel(sys.argv[1], engine=\"odf\").to_csv(sys.stdout, index=False)' $(q "$ODS") >/dev/null"
    elif peers; then
        absent import-ods "pandas read_excel(engine=odf)" peer "/usr/bin/python3 cannot import odf (python3-odf)"
    fi
elif [ "$big" -eq 1 ]; then
    notrun import-ods "custkit import" custkit "made from customers.xlsx: $noxl"
else
    skip import-ods "custkit import" custkit "no .ods (LibreOffice not installed)"
fi

# ---------------------------------------------------------------- clean, tag, segment, export
# Each step reads the previous step's output from a file, so each is measured alone.
if [ "$have_imported" -eq 0 ]; then
    measure clean "custkit clean --orders" custkit \
        "$(q "$ck") clean -q --orders $(q "$ORDERS") $W/imported.csv >$W/cleaned.csv"
    have_cleaned=$?
    peers && fits clean "pandas (normalise, dedup, groupby)" 3402 &&
        measure clean "pandas (normalise, dedup, groupby)" peer \
        "$PY $(q "$here/peers/clean.py") $W/imported.csv $(q "$ORDERS") $W/pandas-clean.csv"
else
    skip clean "custkit clean --orders" custkit "no import output"
    peers && skip clean "pandas (normalise, dedup, groupby)" peer "no import output"
    have_cleaned=1
fi

if [ "$have_cleaned" -eq 0 ]; then
    measure tag "custkit tag -r tags.rules" custkit \
        "$(q "$ck") tag -q -r $(q "$RULES") --as-of $AS_OF $W/cleaned.csv >$W/tagged.csv"
    have_tagged=$?
    peers && measure tag "mlr put (tags.rules as DSL)" peer \
        "mlr --icsv --ocsv put -f $(q "$here/peers/tags.mlr") $W/cleaned.csv >/dev/null"
else
    skip tag "custkit tag -r tags.rules" custkit "no clean output"
    peers && skip tag "mlr put (tags.rules as DSL)" peer "no clean output"
    have_tagged=1
fi

# The amount column as the table names it (Chinese headers unless gen.py ran with --lang en).
amount=消费金额 orders=购买次数 seg=分层 dates=首次购买日期,最近购买日期
head -1 "$CSV" | grep -q '消费金额' || { amount=amount orders=orders seg=segment dates=first_purchase,last_purchase; }

if [ "$have_tagged" -eq 0 ]; then
    measure segment "custkit segment --by rfm" custkit \
        "$(q "$ck") segment -q --by rfm --as-of $AS_OF $W/tagged.csv >$W/segmented.csv"
    have_segmented=$?
    peers && fits segment "pandas qcut RFM (segment_rfm.py)" 896 &&
        measure segment "pandas qcut RFM (segment_rfm.py)" peer \
            "$PY $(q "$here/peers/segment_rfm.py") $W/tagged.csv $AS_OF >/dev/null"
    peers && fits segment "mlr sort -nr amount" 3543 && measure segment "mlr sort -nr amount" peer \
        "mlr --icsv --ocsv sort -nr $amount $W/tagged.csv >/dev/null"
else
    skip segment "custkit segment --by rfm" custkit "no tag output"
    peers && skip segment "pandas qcut RFM (segment_rfm.py)" peer "no tag output"
    peers && skip segment "mlr sort -nr amount" peer "no tag output"
    have_segmented=1
fi

if [ "$have_segmented" -eq 0 ]; then
    if measure export "custkit export" custkit \
        "$(q "$ck") export -q --as-of $AS_OF -o $W/report.xlsx $W/segmented.csv"; then
        sheets "$work/report.xlsx"
    fi
    peers && fits export "pandas to_excel (export.py)" 3302 &&
        measure export "pandas to_excel (export.py)" peer \
            "$PY $(q "$here/peers/export.py") $W/segmented.csv $W/pandas-export.xlsx"
    if [ -n "$floor" ]; then
        measure export "libxlsxwriter floor" floor \
            "$(q "$floor") -s $seg -n $amount,$orders -d $dates $W/segmented.csv $W/floor.xlsx"
    else
        skip export "libxlsxwriter floor" floor "floor_xlsx.c did not build"
    fi
else
    skip export "custkit export" custkit "no segment output"
    peers && skip export "pandas to_excel (export.py)" peer "no segment output"
    skip export "libxlsxwriter floor" floor "no segment output"
fi
rm -f "$work"/*.csv "$work"/*.xlsx

# ---------------------------------------------------------------- the whole pipeline
measure pipeline "custkit import|clean|tag|segment|export" custkit \
    "$(q "$ck") import $(q "$CSV") | $(q "$ck") clean -q --orders $(q "$ORDERS") |
     $(q "$ck") tag -q -r $(q "$RULES") --as-of $AS_OF |
     $(q "$ck") segment -q --by rfm --as-of $AS_OF | $(q "$ck") export -q --as-of $AS_OF -o $W/pipeline.xlsx"
peers && fits pipeline "pandas + XlsxWriter (pipeline.py)" 4708 &&
    measure pipeline "pandas + XlsxWriter (pipeline.py)" peer \
        "$PY $(q "$here/peers/pipeline.py") $(q "$CSV") $(q "$ORDERS") $W/pandas.xlsx --as-of $AS_OF"
rm -f "$work"/*.xlsx

# ---------------------------------------------------------------- import | clean | segment vs DuckDB
# The same job in DuckDB SQL (peers/duckdb_job.mjs, see bench/README.md), and DuckDB's bare load
# of the two CSVs: what reading both files costs an engine that reads on every core. DuckDB is
# optional: `make bench-peers` installs @duckdb/node-api into bench/peers/node_modules.
measure import-clean-segment "custkit import|clean|segment" custkit \
    "$(q "$ck") import $(q "$CSV") | $(q "$ck") clean -q --orders $(q "$ORDERS") |
     $(q "$ck") segment -q --by rfm --as-of $AS_OF >$W/ics.csv"
rm -f "$W/ics.csv"
DJ=$here/peers/duckdb_job.mjs
if [ "$BENCH_PEERS" != 0 ]; then
    why=
    if ! command -v node >/dev/null 2>&1; then
        why="no node: apt-get install nodejs npm, then make bench-peers"
    elif [ ! -d "$here/peers/node_modules/@duckdb/node-api" ]; then
        why="make bench-peers installs @duckdb/node-api"
    fi
    if [ -n "$why" ]; then
        absent import-clean-segment "DuckDB SQL job (duckdb_job.mjs)" peer "$why"
        absent import-clean-segment "DuckDB bare load of both CSVs" floor "$why"
    else
        measure import-clean-segment "DuckDB SQL job (duckdb_job.mjs)" peer \
            "DUCKDB_TEMP=$W node $(q "$DJ") job $(q "$CSV") $(q "$ORDERS") $W/duckdb.csv --as-of $AS_OF"
        rm -rf "$W/duckdb.csv" "$W/duckdb.tmp"
        measure import-clean-segment "DuckDB bare load of both CSVs" floor \
            "DUCKDB_TEMP=$W node $(q "$DJ") load $(q "$CSV") $(q "$ORDERS")"
        rm -rf "$W/duckdb.tmp"
    fi
fi

# ---------------------------------------------------------------- the table
# Ratios are peer ÷ custkit for the same step: time > 1 means custkit is faster, memory > 1
# means custkit uses less.
table() {
    awk -F "$TAB" -v T="$BENCH_TIMEOUT" '
    function secs(w, s) { return s == "ok" ? sprintf("%.2f", w) : s == "timeout" ? "> " T : \
        s == "notrun" ? "not run" : s == "absent" ? "not installed" : "n/a" }
    function mb(k, s) { return s == "ok" ? sprintf("%.1f", k / 1024) : "" }
    { step[NR] = $1; tool[NR] = $2; kind[NR] = $3; wall[NR] = $4; kb[NR] = $5; st[NR] = $6
      if ($3 == "custkit") { cw[$1] = $4; ck[$1] = $5; cs[$1] = $6 } }
    END {
        print "| step | tool | wall s | peak MB | time ratio | memory ratio |"
        print "| --- | --- | ---: | ---: | ---: | ---: |"
        for (i = 1; i <= NR; i++) {
            s = step[i]; tr = mr = ""
            if (kind[i] != "custkit" && cs[s] == "ok") {
                if (st[i] == "ok" && cw[s] > 0) tr = sprintf("%.2f×", wall[i] / cw[s])
                else if (st[i] == "ok") tr = "> " sprintf("%.0f", wall[i] / 0.01) "×"
                else if (st[i] == "timeout") tr = "> " sprintf("%.1f", T / (cw[s] > 0 ? cw[s] : 0.01)) "×"
                if (st[i] == "ok" && ck[s] > 0) mr = sprintf("%.2f×", kb[i] / ck[s])
            }
            t = tool[i]; gsub(/\|/, "\\|", t) # a pipe in a markdown cell
            printf "| %s | %s | %s | %s | %s | %s |\n", (i > 1 && step[i-1] == s) ? "" : s, t,
                secs(wall[i], st[i]), mb(kb[i], st[i]), tr, mr
        }
    }' "$results"
}

# Why a row was not run or its tool is not installed, below the table.
notes() {
    awk -F "$TAB" '$6 == "notrun" || $6 == "absent" {
        printf "- %s, %s: %s: %s\n", $1, $2, ($6 == "notrun") ? "not run at this size" : "not installed", $7
    }' "$results"
}

# The targets, as data: step|peer tool|min time ratio|max custkit MB|max custkit s|issue
# (0 = none; mem/4 = a quarter of the peer's memory; step * = every custkit step; 1/X as the
# ratio = at most X times the peer's time). Issue 11's, with issue 4's for XLSX and issue 7's
# against pandas qcut, and issue 23's; all are stated for SIZE=1m.
targets() {
    cat <<'EOF'
pipeline|pandas + XlsxWriter (pipeline.py)|10|mem/4|0|11
pipeline|pandas + XlsxWriter (pipeline.py)|20|0|0|23
import-csv|mlr --icsv --ocsv cat|3|32|0|11
import-gbk|@import-csv:mlr --icsv --ocsv cat|1.5|32|0|11
import-xlsx|xlsx2csv|10|0|0|4
import-xlsx|openpyxl read_only|20|0|0|4
tag|mlr put (tags.rules as DSL)|3|0|0|11
clean||0|600|0|11
clean||0|0|4|23
segment||0|400|0|11
segment|pandas qcut RFM (segment_rfm.py)|10|mem/4|0|7
export|libxlsxwriter floor|1/1.3|300|0|11
export||0|0|5|23
import-clean-segment|DuckDB SQL job (duckdb_job.mjs)|3|0|0|23
*||0|453|0|23
EOF
}

verdicts() {
    targets | awk -F '|' -v R="$results" '
    BEGIN { while ((getline l < R) > 0) { split(l, f, "\t"); k = f[1] "|" f[2]
            w[k] = f[4]; m[k] = f[5]; s[k] = f[6]; if (f[3] == "custkit") c[f[1]] = f[2]
            if (f[3] == "custkit" && f[6] == "ok" && f[5] + 0 > top) { top = f[5]; topstep = f[1] } } }
    {
        step = $1; peer = $2; want = $3; cap = $4; maxs = $5; iss = "issue " $6
        if (step == "*") {
            if (topstep == "") { printf "- every custkit step: n/a (nothing measured)\n"; next }
            printf "- every custkit step: the largest peak %.1f MB, %s (target ≤ %d MB, %s): %s\n",
                top / 1024, topstep, cap, iss, (top / 1024 <= cap) ? "met" : "MISSED"; next }
        ck = step "|" c[step]
        if (s[ck] == "notrun") { printf "- %s: not run at this size\n", step; next }
        if (s[ck] != "ok") { printf "- %s: n/a (custkit %s not measured)\n", step, step; next }
        if (peer != "") {
            pk = step "|" peer; pname = peer
            if (peer ~ /^@/) { # a peer measured in another step: @STEP:TOOL
                pk = substr(peer, 2); sub(/:/, "|", pk)
                pname = substr(peer, index(peer, ":") + 1) " on the UTF-8 file" }
            if (s[pk] != "ok" && s[pk] != "timeout") {
                printf "- %s vs %s: n/a (peer %s)\n", step, pname,
                    s[pk] == "notrun" ? "not run at this size" : s[pk] == "absent" ? "not installed" : "not measured"; next }
            # a stopped peer took at least BENCH_TIMEOUT: its ratio is only a lower bound, and
            # a lower bound below the target decides nothing
            ratio = w[pk] / ((w[ck] > 0) ? w[ck] : 0.01)
            stopped = (s[pk] == "timeout")
            if (stopped) pname = pname " (stopped at " w[pk] " s)"
            if (want ~ /^1\//) { lim = 1 / substr(want, 3); ok = (ratio >= lim)
                printf "- %s: %.2f× the time of %s (target ≤ %s×, %s): %s\n", step, 1 / ratio, pname,
                    substr(want, 3), iss, ok ? "met" : stopped ? "undecided" : "MISSED" }
            else { ok = (ratio >= want)
                printf "- %s: %s%.2f× faster than %s (target ≥ %s×, %s): %s\n", step,
                    stopped ? "at least " : "", ratio, pname, want, iss,
                    ok ? "met" : stopped ? "undecided" : "MISSED" }
            if (cap == "mem/4") {
                if (stopped) { printf "- %s: memory vs %s: n/a\n", step, pname; next }
                mr = m[pk] / ((m[ck] > 0) ? m[ck] : 1)
                printf "- %s: %.1f× less memory than %s (target ≥ 4×, %s): %s\n", step, mr, pname,
                    iss, (mr >= 4) ? "met" : "MISSED"; next }
        }
        if (cap + 0 > 0) printf "- %s: peak %.1f MB (target ≤ %d MB, %s): %s\n", step, m[ck] / 1024,
            cap, iss, (m[ck] / 1024 <= cap) ? "met" : "MISSED"
        if (maxs + 0 > 0) printf "- %s: %.2f s (target ≤ %s s, %s): %s\n", step, w[ck], maxs, iss,
            (w[ck] + 0 <= maxs + 0) ? "met" : "MISSED"
    }'
    # the report of a table longer than a sheet continues its groups on further sheets
    if [ -z "$sheetinfo" ] || [ "$sheetinfo" = n/a ]; then
        echo "- report sheets: n/a (custkit export not measured)"
    else
        # shellcheck disable=SC2086 # five TAB-separated numbers and words, split on purpose
        set -- $sheetinfo
        if [ "$4" = ok ]; then v=met; else v=MISSED; fi
        echo "- report sheets: $1 sheets holding $5 rows, the longest $2 rows, $3 of them continuing a group on \"NAME (2)\" ... (target: no sheet above $XL_ROWS rows, any size): $v"
    fi
}

# size_n LABEL: the customers of a size label (100k → 100000), for ordering sections.
size_n() {
    case $1 in
    *k) echo $((${1%k} * 1000)) ;;
    *m) echo $((${1%m} * 1000000)) ;;
    *) echo "$1" ;;
    esac
}

# scale SMALL BIG: per custkit step, BIG's time ÷ (BIG/SMALL × SMALL's time), against issue
# 23's bound of 1.3, from the data the two sections carry; and clean's bytes per customer row.
scale() {
    awk -F "$TAB" -v A="$1" -v B="$2" '
    FNR == 1 { f++ }
    $1 == "n" { n[f] = $2 } $1 == "rows" { rows[f] = $2 }
    $3 == "custkit" && $6 == "ok" { w[f, $1] = $4; kb[f, $1] = $5; if (f == 1) order[++k] = $1 }
    END {
        x = n[2] / n[1]
        printf "Per custkit step: the %s time ÷ (%g × the %s time); linear is 1, the bound of issue 23 is\n", B, x, A
        printf "1.3. Peak memory at both sizes.\n\n"
        print "| step | " A " s | " B " s | ratio (≤ 1.3) | " A " MB | " B " MB |"
        print "| --- | ---: | ---: | ---: | ---: | ---: |"
        for (i = 1; i <= k; i++) {
            s = order[i]
            if (!((2, s) in w)) continue
            r = (w[1, s] > 0) ? w[2, s] / (x * w[1, s]) : 0
            printf "| %s | %.2f | %.2f | %.2f %s | %.1f | %.1f |\n", s, w[1, s], w[2, s], r,
                (r <= 1.3) ? "met" : "MISSED", kb[1, s] / 1024, kb[2, s] / 1024
        }
        if ((1, "clean") in kb && (2, "clean") in kb)
            printf "\nclean --orders: %.0f bytes of peak memory per customer row at %s (%d rows), %.0f at %s (%d rows).\n",
                kb[1, "clean"] * 1024 / rows[1], A, rows[1], kb[2, "clean"] * 1024 / rows[2], B, rows[2]
    }' "$3" "$4"
}

elapsed=$(($(date +%s) - started))
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -1)
mem=$(awk '/^MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo 2>/dev/null)
ver() { "$@" 2>/dev/null | head -1 | tr -d '\n'; }
section=$work/section.md
{
    echo "## SIZE=$size"
    echo
    echo "Generated by \`bench/run.sh $size\` ($(date -u '+%Y-%m-%d %H:%M UTC'), ${elapsed} s in all):"
    echo "$rows customer rows, $(($(wc -l <"$ORDERS") - 1)) order rows, as-of $AS_OF."
    echo
    echo "- machine: $(nproc) CPUs, ${cpu:-unknown CPU}, ${mem:-? GB} RAM, $(uname -sr)"
    echo "- load average (1, 5, 15 min) at the start: ${load_start:-?}, at the end: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
    echo "  (above $(nproc), other work shared the CPUs: times are inflated, ratios less so)"
    echo "- custkit: $(ver "$ck" --version) ($(git -C "$top" rev-parse --short HEAD 2>/dev/null || echo '?'))"
    if peers; then
        echo "- peers: Miller $(ver mlr --version | sed 's/^mlr //'), pandas $(ver $PY -c 'import pandas; print(pandas.__version__)'), XlsxWriter $(ver $PY -c 'import xlsxwriter; print(xlsxwriter.__version__)'), openpyxl $(ver $PY -c 'import openpyxl; print(openpyxl.__version__)'), xlsx2csv $(ver xlsx2csv --version), libxlsxwriter $(ver pkg-config --modversion xlsxwriter)"
    fi
    if [ "$BENCH_PEERS" != 0 ] && [ -f "$here/peers/node_modules/@duckdb/node-api/package.json" ]; then
        echo "- DuckDB peer: @duckdb/node-api $(sed -n 's/^ *"version": "\(.*\)",*$/\1/p' "$here/peers/node_modules/@duckdb/node-api/package.json" | head -1), node $(ver node --version)"
    fi
    echo
    table
    if [ -n "$(notes)" ]; then
        echo
        notes
    fi
    echo
    echo "Targets (issues 4, 7, 11 and 23; they are stated for SIZE=1m, other sizes are indicative):"
    echo
    verdicts
    echo
    echo "<!-- bench data: run.sh reads it back for the scale table"
    printf 'n\t%s\nrows\t%s\n' "$n" "$rows"
    cat "$results"
    echo "-->"
} >"$section"
sed '/^<!-- bench data/,/^-->/d' "$section"

# RESULTS.md: one section per size, this run's replacing its own; the scale table is made again
# from the 1m and 10m sections when both are there. A file without sections is replaced.
mkdir -p "$work/sections"
if [ -f "$BENCH_RESULTS" ]; then
    awk -v D="$work/sections" '
        /^## SIZE=/ { out = D "/" substr($2, 6) }
        /^## / && !/^## SIZE=/ { out = "" }
        out != "" { print > out }' "$BENCH_RESULTS"
fi
cp "$section" "$work/sections/$size"
{
    echo "# custkit benchmark results"
    echo
    echo "One section per size, each written by its own run of \`bench/run.sh SIZE\` (\`make bench"
    echo "SIZE=...\`); a run replaces its own section and keeps the others."
    echo
    echo "Ratios are peer ÷ custkit for the same step on the same file: a time ratio above 1"
    echo "means custkit is faster, a memory ratio above 1 that it uses less. Floors: cat and wc -l"
    echo "are what no tool can beat; libxlsxwriter alone is the same cells written one at a time"
    echo "through libxlsxwriter (export writes its data rows itself, on every CPU, and beats it);"
    echo "DuckDB's bare load is what reading both CSVs costs an engine that reads on every core."
    echo "Each time is the fastest of $BENCH_SHORT_RUNS runs when the first took under $BENCH_SHORT s (any tool;"
    echo "above 1m, a custkit step's bound grows with the size: $BENCH_SHORT s × SIZE/1m), else of one run;"
    echo "a disturbance moves the short measurements most."
    echo "n/a: the command is not built yet or failed; > T: stopped after BENCH_TIMEOUT seconds;"
    echo "not run / not installed: see the notes below the table. bench/README.md says what each"
    echo "row runs."
    if [ -f "$work/sections/1m" ] && [ -f "$work/sections/10m" ]; then
        echo
        echo "## Scale: 10m against 1m"
        echo
        for s in 1m 10m; do
            sed -n '/^<!-- bench data/,/^-->/p' "$work/sections/$s" | sed '1d;$d' >"$work/data.$s"
        done
        scale 1m 10m "$work/data.1m" "$work/data.10m"
    fi
    for s in $(for f in "$work/sections"/*; do
        l=$(basename "$f")
        printf '%s %s\n' "$(size_n "$l")" "$l"
    done | sort -n | cut -d' ' -f2); do
        echo
        sed -e :a -e '/^\n*$/{$d;N;ba' -e '}' "$work/sections/$s" # without trailing blank lines
    done
} >"$work/RESULTS.md"
cp "$work/RESULTS.md" "$BENCH_RESULTS" && echo "bench: wrote $BENCH_RESULTS" >&2
