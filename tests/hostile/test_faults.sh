# test_faults.sh — fault injection on every command: a full disk (/dev/full), a file size
# limit (ulimit -f), a closed pipe (| head), SIGTERM/SIGINT while writing, a directory or a
# FIFO that closes early as input, a device as -o. The invariant: either the output is
# complete (and clean's accounting holds), or a non-zero exit and no file replaced, no
# temporary file left. The refusals again under LANGUAGE=zh_CN: the same status, in Chinese.
. "$(dirname "$0")/../lib.sh"
export CUSTKIT_TODAY=2026-11-29 LC_ALL=C.UTF-8 TZ=UTC
C=$CUSTKIT
in=$ex/customers_zh.csv
ck clean -q "$in" >"$T/clean.csv" || not_ok "clean the example"
ck segment -q "$T/clean.csv" >"$T/seg.csv" || not_ok "segment the example"
# each command with an input it accepts
cmds="import:$in clean:$in segment:$T/clean.csv tag:$T/seg.csv export:$T/seg.csv"
args() { # COMMAND → its extra options
    case $1 in tag) echo "-r $ex/tags.rules" ;; *) echo "" ;; esac
}
# files left in a directory besides the ones named
leftovers() { # DIR NAME...
    d=$1; shift
    ls -A "$d" | grep -v -x -F "$(printf '%s\n' "$@")" | tr '\n' ' '
}

for pair in $cmds; do
    cmd=${pair%%:*} src=${pair#*:}
    # ---- standard output on a full disk
    # shellcheck disable=SC2046
    "$C" "$cmd" $(args "$cmd") "$src" >/dev/full 2>"$T/err"
    rc=$?
    if [ "$rc" -eq 4 ] && grep -q 'No space left on device' "$T/err"; then
        ok "$cmd > /dev/full: exit 4 and a message"
    else not_ok "$cmd > /dev/full" "exit $rc, want 4" "$(head -2 "$T/err")"; fi
    # shellcheck disable=SC2046
    LANGUAGE=zh_CN "$C" "$cmd" $(args "$cmd") "$src" >/dev/full 2>"$T/zh.err"
    expect_eq "$cmd > /dev/full, LANGUAGE=zh_CN: exit" $? 4
    expect_zh "$cmd > /dev/full, LANGUAGE=zh_CN: in Chinese" "$T/err" "$T/zh.err"

    # ---- -o over a file size limit: exit 4, previous file intact, no temporary file
    rm -rf "$T/d" && mkdir "$T/d" && echo previous >"$T/d/out"
    # shellcheck disable=SC2046
    (ulimit -f 8 && exec "$C" "$cmd" $(args "$cmd") -o "$T/d/out" "$src") 2>"$T/err"
    rc=$?
    if [ "$rc" -eq 4 ] && grep -q 'File too large' "$T/err"; then
        ok "$cmd -o under ulimit -f: exit 4 and a message"
    else not_ok "$cmd -o under ulimit -f" "exit $rc, want 4" "$(head -2 "$T/err")"; fi
    expect_eq "$cmd -o under ulimit -f: previous file intact" "$(cat "$T/d/out")" previous
    expect_eq "$cmd -o under ulimit -f: no temporary file" "$(leftovers "$T/d" out)" ""

    # ---- a closed pipe: quiet (no error message), exit 0 or SIGPIPE's 141
    # shellcheck disable=SC2046
    { "$C" "$cmd" -q $(args "$cmd") "$src" 2>"$T/err"; echo $? >"$T/rc"; } | head -c 100 >/dev/null
    rc=$(cat "$T/rc")
    if { [ "$rc" -eq 0 ] || [ "$rc" -eq 141 ]; } && [ ! -s "$T/err" ]; then
        ok "$cmd | head: quiet (exit $rc)"
    else not_ok "$cmd | head" "exit $rc" "$(head -2 "$T/err")"; fi

    # ---- a directory as input
    expect_exit "$cmd on a directory" 3 "$C" "$cmd" $(args "$cmd") "$T/d"
    expect_grep "$cmd on a directory: message" 'is a directory' "$T/err"
    mv "$T/err" "$T/en.err"
    # shellcheck disable=SC2046
    expect_exit "$cmd on a directory, LANGUAGE=zh_CN" 3 env LANGUAGE=zh_CN "$C" "$cmd" $(args "$cmd") "$T/d"
    expect_zh "$cmd on a directory, LANGUAGE=zh_CN: in Chinese" "$T/en.err" "$T/err"
done

# ---- -o naming a device or a FIFO is written through, never renamed over
if mknod "$T/null" c 1 3 2>/dev/null && mknod "$T/full" c 1 7 2>/dev/null; then
    for pair in $cmds; do
        cmd=${pair%%:*} src=${pair#*:}
        expect_exit "$cmd -o a null device" 0 "$C" "$cmd" $(args "$cmd") -o "$T/null" "$src"
        expect_exit "$cmd -o a full device" 4 "$C" "$cmd" $(args "$cmd") -o "$T/full" "$src"
        if [ -c "$T/null" ] && [ -c "$T/full" ]; then ok "$cmd: device nodes still devices"; else
            not_ok "$cmd replaced a device node with a file"; fi
    done
else
    skip "-o naming a device node" "mknod is not permitted here"
fi
mkfifo "$T/pipe.xlsx"
cat "$T/pipe.xlsx" >"$T/fromfifo.xlsx" &
expect_exit "export -o a FIFO" 0 "$C" export -o "$T/pipe.xlsx" "$T/seg.csv"
wait
"$C" export -q -o "$T/r.xlsx" "$T/seg.csv"
expect_file_eq "export -o a FIFO: the same bytes as to a file" "$T/fromfifo.xlsx" "$T/r.xlsx"

# ---- a FIFO that closes early, and one that is complete
mkfifo "$T/f"
(printf 'id,name\n1,"ab' >"$T/f") &
expect_exit "FIFO closing inside a quoted field" 3 timeout 10 "$C" import "$T/f"
expect_grep "FIFO closing early: message" 'f:2: unterminated quoted field' "$T/err"
wait
(exec 3>"$T/f" && sleep 0.2) &
expect_exit "FIFO closed with nothing written" 3 timeout 10 "$C" import "$T/f"
expect_grep "empty FIFO: message" 'no input (did the command before this one fail?)' "$T/err"
wait
(head -c 3000 "$T/r.xlsx" >"$T/f") &
expect_exit "FIFO with a truncated workbook" 3 timeout 10 "$C" import "$T/f"
expect_grep "truncated workbook: message" 'corrupt or truncated zip file' "$T/err"
wait
(cat "$T/r.xlsx" >"$T/f") &
expect_exit "FIFO with a whole workbook" 0 timeout 10 "$C" import "$T/f"
wait
(cat "$in" >"$T/f") &
expect_exit "FIFO with a CSV (read twice: spooled)" 0 timeout 10 "$C" import "$T/f"
"$C" import "$in" >"$T/direct.csv" 2>/dev/null
expect_file_eq "FIFO with a CSV: the same table as the file" "$T/out" "$T/direct.csv"
wait

# ---- SIGTERM / SIGINT while writing a large table: previous output intact, no temp file
perl -e 'print "客户编号,姓名,手机,消费金额,购买次数,最近购买日期\n";
         for $i (1 .. 200000) { printf "C%06d,客户%d,138%08d,%d,%d,2026-%02d-%02d\n",
                                $i, $i, $i, $i * 7 % 100000, $i % 20, 1 + $i % 11, 1 + $i % 28 }' \
    >"$T/big.csv"
"$C" segment -q -o "$T/bigseg.csv" "$T/big.csv" || not_ok "segment the large table"
# A signal at any moment leaves either the previous output or a complete new one, and no
# temporary file. export writes for seconds, so there it must have been interrupted.
"$C" import -q "$T/big.csv" >"$T/big.import"
mkdir "$T/k"
for sig in TERM INT; do
    for cmd in export clean import; do
        echo previous >"$T/k/out"
        src=$T/bigseg.csv
        [ "$cmd" != export ] && src=$T/big.csv
        "$C" "$cmd" -q -o "$T/k/out" "$src" 2>"$T/err" &
        pid=$!
        # until the temporary file exists (the command is writing), at most 1 s
        i=0
        while [ -z "$(leftovers "$T/k" out)" ] && [ $i -lt 20 ]; do sleep 0.05; i=$((i + 1)); done
        kill -s "$sig" "$pid"
        wait "$pid" 2>/dev/null
        rc=$?
        got=$(head -c 20 "$T/k/out")
        if [ "$rc" -ne 0 ] && [ "$got" = previous ]; then
            ok "$cmd SIG$sig: interrupted (exit $rc), previous output intact"
        elif [ "$cmd" = export ]; then
            not_ok "$cmd SIG$sig while writing" "exit $rc, output starts '$got'"
        elif [ "$cmd" = import ] && cmp -s "$T/k/out" "$T/big.import"; then
            ok "$cmd SIG$sig: finished first, output complete"
        elif [ "$cmd" = clean ] && [ "$(tail -n 1 "$T/k/out")" = "$(tail -n 1 "$T/big.import")," ]; then
            ok "$cmd SIG$sig: finished first, output complete"
        else
            not_ok "$cmd SIG$sig: neither previous nor complete output" "exit $rc"
        fi
        expect_eq "$cmd SIG$sig: no temporary file left" "$(leftovers "$T/k" out)" ""
    done
done

# ---- the accounting holds when clean completes
"$C" clean -o "$T/acc.csv" --rejects "$T/rej.csv" --invalid reject "$in" 2>"$T/err"
line=$(grep 'read [0-9]*, written' "$T/err")
set -- $(echo "$line" | sed 's/[^0-9 ]//g')
if [ $# -ge 4 ] && [ "$1" -eq $(($2 + $3 + $4)) ]; then
    ok "clean accounting: read $1 = written $2 + merged $3 + rejected $4"
else not_ok "clean accounting" "$line"; fi
records() { /usr/bin/python3 -c 'import csv, sys; print(sum(1 for _ in csv.reader(open(sys.argv[1], encoding="utf-8-sig"))) - 1)' "$1"; }
expect_eq "clean accounting: rows written" "$(records "$T/acc.csv")" "$2"
expect_eq "clean accounting: rows rejected" "$(records "$T/rej.csv")" "$4"
