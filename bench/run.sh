#!/bin/sh
# run.sh — custkit's benchmark (`make bench SIZE=100k|1m`): each command and the whole pipeline
# against pandas, Miller, xlsx2csv, openpyxl and the libxlsxwriter/cat floors, on the same files.
#
# usage: bench/run.sh [SIZE]      SIZE = N, Nk or Nm customers (default 100k); orders = 5 × SIZE
# env:   CUSTKIT          the binary under test (default build/custkit)
#        BENCH_TIMEOUT    seconds before a peer is stopped and reported as "> T" (default 900)
#        BENCH_PEERS=0    custkit and the floors only (no pandas, Miller, xlsx2csv, openpyxl)
#        BENCH_REPEAT=N   run each measurement N times and keep the fastest (default 1)
#        BENCH_RESULTS    where to write the results (default bench/RESULTS.md)
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
: "${BENCH_RESULTS:=$here/RESULTS.md}"
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
trap 'rm -rf "$work"' EXIT INT TERM
results=$work/results # step, tool, kind, wall, kb, status; TAB-separated (kind: custkit, peer, floor)
TAB=$(printf '\t')
: >"$results"

# ---------------------------------------------------------------- data (cached)
# The cache is keyed by the generator's content and arguments: a changed gen.py regenerates.
stamp="$(cksum <"$top/examples/gen.py") $n $norders"
if [ ! -f "$data/.stamp" ] || [ "$(cat "$data/.stamp")" != "$stamp" ]; then
    echo "bench: generating $n customers, ~$norders orders into bench/data/$size ..." >&2
    rm -rf "$data" "$data.tmp"
    mkdir -p "$data.tmp" &&
        python3 "$top/examples/gen.py" --customers "$n" --orders "$norders" --out "$data.tmp" &&
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
# timeout, BENCH_REPEAT times; record the fastest run's wall seconds and peak KB, or n/a
# (failed: a command not built yet exits 2) or timeout.
measure() {
    step=$1 tool=$2 kind=$3 cmd=$4
    printf 'bench: %-12s %-34s ' "$step" "$tool" >&2
    best='' best_kb='' i=0
    while [ "$i" -lt "$BENCH_REPEAT" ]; do
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
        # the fastest of the repetitions: the least disturbed by other work on the machine
        if [ -z "$best" ] || awk -v a="$wall" -v b="$best" 'BEGIN { exit !(a < b) }'; then
            best=$wall best_kb=$kb
        fi
    done
    printf '%s\t%s\t%s\t%s\t%s\tok\n' "$step" "$tool" "$kind" "$best" "$best_kb" >>"$results"
    echo "$best s, $((best_kb / 1024)) MB" >&2
    return 0
}
# skip STEP TOOL KIND WHY: a measurement that cannot run (its input is missing).
skip() { printf '%s\t%s\t%s\t\t\tn/a\n' "$1" "$2" "$3" >>"$results"; printf 'bench: %-12s %-34s n/a (%s)\n' "$1" "$2" "$4" >&2; }
peers() { [ "$BENCH_PEERS" != 0 ]; }

ck=$CUSTKIT
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

measure import-xlsx "custkit import" custkit "$(q "$ck") import $(q "$XLSX") >/dev/null"
peers && measure import-xlsx "xlsx2csv" peer "xlsx2csv $(q "$XLSX") >/dev/null"
peers && measure import-xlsx "openpyxl read_only" peer \
    "$PY $(q "$here/peers/openpyxl_read.py") $(q "$XLSX") >/dev/null"

# .xls (Excel 97-2003): a sheet holds at most 65,536 rows, so the customers stand in sheets of
# 50,000 (read with --all-sheets); LibreOffice makes the file once, cached with the data.
XLS=$data/customers.xls
if [ ! -f "$XLS" ] && command -v soffice >/dev/null 2>&1; then
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
        peers && skip import-xls "pandas read_excel (xlrd)" peer "not installed"
    fi
else
    skip import-xls "custkit import --all-sheets" custkit "no customers.xls (LibreOffice needed)"
fi

# The same customers as an OpenDocument spreadsheet, saved by LibreOffice (cached beside the
# data; a profile of its own, so that a LibreOffice already running does not swallow the job).
ODS=$data/customers.ods
if [ ! -f "$ODS" ] && command -v soffice >/dev/null; then
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
        skip import-ods "pandas read_excel(engine=odf): not installed" peer "python3-odf not importable"
    fi
else
    skip import-ods "custkit import" custkit "no .ods (LibreOffice not installed)"
fi

# ---------------------------------------------------------------- clean, tag, segment, export
# Each step reads the previous step's output from a file, so each is measured alone.
if [ "$have_imported" -eq 0 ]; then
    measure clean "custkit clean --orders" custkit \
        "$(q "$ck") clean -q --orders $(q "$ORDERS") $W/imported.csv >$W/cleaned.csv"
    have_cleaned=$?
    peers && measure clean "pandas (normalise, dedup, groupby)" peer \
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
    peers && measure segment "pandas qcut RFM (segment_rfm.py)" peer \
        "$PY $(q "$here/peers/segment_rfm.py") $W/tagged.csv $AS_OF >/dev/null"
    peers && measure segment "mlr sort -nr amount" peer \
        "mlr --icsv --ocsv sort -nr $amount $W/tagged.csv >/dev/null"
else
    skip segment "custkit segment --by rfm" custkit "no tag output"
    peers && skip segment "pandas qcut RFM (segment_rfm.py)" peer "no tag output"
    peers && skip segment "mlr sort -nr amount" peer "no tag output"
    have_segmented=1
fi

if [ "$have_segmented" -eq 0 ]; then
    measure export "custkit export" custkit \
        "$(q "$ck") export -q --as-of $AS_OF -o $W/report.xlsx $W/segmented.csv"
    peers && measure export "pandas to_excel (export.py)" peer \
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
peers && measure pipeline "pandas + XlsxWriter (pipeline.py)" peer \
    "$PY $(q "$here/peers/pipeline.py") $(q "$CSV") $(q "$ORDERS") $W/pandas.xlsx --as-of $AS_OF"

# ---------------------------------------------------------------- the table
# Ratios are peer ÷ custkit for the same step: time > 1 means custkit is faster, memory > 1
# means custkit uses less.
table() {
    awk -F "$TAB" -v T="$BENCH_TIMEOUT" '
    function secs(w, s) { return s == "ok" ? sprintf("%.2f", w) : s == "timeout" ? "> " T : "n/a" }
    function mb(k, s) { return s == "ok" ? sprintf("%.1f", k / 1024) : "n/a" }
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

# The targets of issues 11 (and 4 and 7, the XLSX and segment rows), as data:
# step|peer tool|min time ratio|max custkit MB (0 = none; mem/4 = a quarter of the peer's)
targets() {
    cat <<'EOF'
pipeline|pandas + XlsxWriter (pipeline.py)|10|mem/4
import-csv|mlr --icsv --ocsv cat|3|32
import-gbk|@import-csv:mlr --icsv --ocsv cat|1.5|32
import-xlsx|xlsx2csv|10|0
import-xlsx|openpyxl read_only|20|0
tag|mlr put (tags.rules as DSL)|3|0
clean||0|600
segment||0|400
segment|pandas qcut RFM (segment_rfm.py)|10|mem/4
export|libxlsxwriter floor|1/1.3|300
EOF
}

verdicts() {
    targets | awk -F '|' -v R="$results" '
    BEGIN { while ((getline l < R) > 0) { split(l, f, "\t"); k = f[1] "|" f[2]
            w[k] = f[4]; m[k] = f[5]; s[k] = f[6]; if (f[3] == "custkit") c[f[1]] = f[2] } }
    {
        step = $1; peer = $2; want = $3; cap = $4
        ck = step "|" c[step]
        if (s[ck] != "ok") { printf "- %s: n/a (custkit %s not measured)\n", step, step; next }
        if (peer != "") {
            pk = step "|" peer; pname = peer
            if (peer ~ /^@/) { # a peer measured in another step: @STEP:TOOL
                pk = substr(peer, 2); sub(/:/, "|", pk)
                pname = substr(peer, index(peer, ":") + 1) " on the UTF-8 file" }
            if (s[pk] != "ok" && s[pk] != "timeout") {
                printf "- %s vs %s: n/a (peer not measured)\n", step, pname; next }
            # a stopped peer took at least BENCH_TIMEOUT: its ratio is only a lower bound, and
            # a lower bound below the target decides nothing
            ratio = w[pk] / ((w[ck] > 0) ? w[ck] : 0.01)
            stopped = (s[pk] == "timeout")
            if (stopped) pname = pname " (stopped at " w[pk] " s)"
            if (want ~ /^1\//) { lim = 1 / substr(want, 3); ok = (ratio >= lim)
                printf "- %s: %.2f× the time of %s (target ≤ %s×): %s\n", step, 1 / ratio, pname,
                    substr(want, 3), ok ? "met" : stopped ? "undecided" : "MISSED" }
            else { ok = (ratio >= want)
                printf "- %s: %s%.2f× faster than %s (target ≥ %s×): %s\n", step,
                    stopped ? "at least " : "", ratio, pname, want,
                    ok ? "met" : stopped ? "undecided" : "MISSED" }
            if (cap == "mem/4") {
                if (stopped) { printf "- %s: memory vs %s: n/a\n", step, pname; next }
                mr = m[pk] / ((m[ck] > 0) ? m[ck] : 1)
                printf "- %s: %.1f× less memory than %s (target ≥ 4×): %s\n", step, mr, pname,
                    (mr >= 4) ? "met" : "MISSED"; next }
        }
        if (cap + 0 > 0) printf "- %s: peak %.1f MB (target ≤ %d MB): %s\n", step, m[ck] / 1024,
            cap, (m[ck] / 1024 <= cap) ? "met" : "MISSED"
    }'
}

elapsed=$(($(date +%s) - started))
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -1)
mem=$(awk '/^MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo 2>/dev/null)
ver() { "$@" 2>/dev/null | head -1 | tr -d '\n'; }
{
    echo "# custkit benchmark results"
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
    echo
    echo "Ratios are peer ÷ custkit for the same step on the same file: a time ratio above 1"
    echo "means custkit is faster, a memory ratio above 1 that it uses less. Floors: cat and wc -l"
    echo "are what no tool can beat; libxlsxwriter alone is the same cells written one at a time"
    echo "through libxlsxwriter (export writes its data rows itself, on every CPU, and beats it)."
    echo "n/a: the command is not built yet or failed; > T: stopped after BENCH_TIMEOUT seconds."
    echo
    table
    echo
    echo "Targets (issue 11, with issue 4's for XLSX and issue 7's against pandas qcut; they apply"
    echo "at SIZE=1m):"
    echo
    verdicts
} >"$work/RESULTS.md"
cat "$work/RESULTS.md"
cp "$work/RESULTS.md" "$BENCH_RESULTS" && echo "bench: wrote $BENCH_RESULTS" >&2
