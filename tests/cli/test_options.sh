#!/bin/sh
# test_options.sh — how every command takes its options as a user types them: option values in
# any case, --as-of in every date form the data accepts, the nearest command or option offered
# for a typo, and a progress line that names its command.
. "$(dirname "$0")/../lib.sh"
export CUSTKIT_TODAY=2026-11-29

cat >"$T/small.csv" <<'EOF'
id,name,phone,email,first_purchase,last_purchase,orders,amount,_problems
C1,Ann,13800000001,ann@x.com,2026-01-10,2026-09-25,12,52000,
C2,Bob,13800000002,,2025-03-01,2026-07-01,5,12000,
C3,Cat,,cat@x.com,2026-08-01,2026-08-01,1,800,
C4,Dan,13800000004,,2024-01-01,2025-01-15,2,3000,outlier
C5,Eve,,eve@x.com,,,0,0,
C6,Fay,13800000006,,2025-06-01,2026-09-01,3,4000,bad email
C7,Gus,13800000007,,2025-02-01,2026-03-03,7,26000,
EOF

# ---- option values in any case; outputs keep the canonical spelling ----
ck segment --by rfm --as-of 2026-09-30 "$T/small.csv" >"$T/rfm.csv" 2>"$T/rfm.err"
expect_exit "segment --by RFM is the rfm model" 0 \
    ck segment --by RFM --as-of 2026-09-30 "$T/small.csv"
expect_file_eq "segment --by RFM: the same table as --by rfm" "$T/out" "$T/rfm.csv"
expect_file_eq "segment --by RFM: the summary says --by rfm" "$T/err" "$T/rfm.err"
ck segment -q --by lifecycle --as-of 2026-09-30 "$T/small.csv" >"$T/lc.csv"
expect_exit "segment --by Lifecycle" 0 ck segment -q --by Lifecycle --as-of 2026-09-30 "$T/small.csv"
expect_file_eq "segment --by Lifecycle: the same table" "$T/out" "$T/lc.csv"
expect_exit "segment --by RFM8 with --windows is refused naming --by rfm8" 2 \
    ck segment --by RFM8 --windows 30,60 "$T/small.csv"
expect_grep "the refusal spells the model canonically" "not --by rfm8" "$T/err"

ck segment -q --lang zh --as-of 2026-09-30 "$T/small.csv" >"$T/zh.csv"
expect_exit "--lang ZH" 0 ck segment -q --lang ZH --as-of 2026-09-30 "$T/small.csv"
expect_file_eq "--lang ZH: the same table as --lang zh" "$T/out" "$T/zh.csv"

ck clean -q --invalid reject --stats json --rejects "$T/rej1.csv" "$T/small.csv" >"$T/c1.csv" 2>"$T/c1.err"
expect_exit "clean --invalid REJECT --stats JSON" 0 \
    ck clean -q --invalid REJECT --stats Json --rejects "$T/rej2.csv" "$T/small.csv"
expect_file_eq "clean --invalid REJECT: the same table" "$T/out" "$T/c1.csv"
expect_file_eq "clean --invalid REJECT: the same rejects" "$T/rej2.csv" "$T/rej1.csv"
expect_exit "clean --date-order DMY --key PHONE,Email" 0 \
    ck clean -q --date-order DMY --key PHONE,Email "$T/small.csv"
expect_exit "--col PHONE=phone" 0 ck clean -q --col PHONE=phone "$T/small.csv"

printf 'id,province\nC1,广东\nC2,Sichuan\n' >"$T/prov.csv"
ck tag -q --builtin region --as-of 2026-09-30 "$T/prov.csv" >"$T/t1.csv" 2>/dev/null
expect_exit "tag --builtin Region" 0 ck tag -q --builtin Region --as-of 2026-09-30 "$T/prov.csv"
expect_file_eq "tag --builtin Region: the same table" "$T/out" "$T/t1.csv"

ck segment -q --as-of 2026-09-30 "$T/small.csv" >"$T/seg.csv"
mkdir "$T/s1" "$T/s2"
ck export -q --format csv --split "$T/s1" --mask phone,email --sort amount:desc "$T/seg.csv"
expect_exit "export --format CSV --mask Phone,EMAIL --sort amount:DESC" 0 \
    ck export -q --format CSV --split "$T/s2" --mask Phone,EMAIL --sort amount:DESC "$T/seg.csv"
if diff -r "$T/s1" "$T/s2" >"$T/d" && [ -n "$(ls "$T/s1")" ]; then
    ok "export in capitals: the same files"
else not_ok "export in capitals: the same files" "$(head -5 "$T/d")"; fi
expect_exit "export --chart PIE" 0 ck export -q --chart PIE -o "$T/r.xlsx" "$T/seg.csv"
expect_exit "--as-of TODAY and Quarter-End" 0 \
    ck segment -q --as-of TODAY "$T/small.csv"
expect_exit "--as-of Quarter-End" 0 ck segment -q --as-of Quarter-End "$T/small.csv"

# ---- --as-of takes the date forms the data takes ----
for d in 2026/09/30 2026/9/30 2026.9.30 20260930 2026年9月30日 30/09/2026 "Sep 30, 2026"; do
    expect_exit "--as-of '$d'" 0 ck segment --by rfm --as-of "$d" "$T/small.csv"
    expect_file_eq "--as-of '$d' is 2026-09-30" "$T/out" "$T/rfm.csv"
done
expect_exit "tag --as-of 2026/9/30" 0 ck tag -q --builtin region --as-of 2026/9/30 "$T/prov.csv"
expect_exit "clean --as-of 2026年9月30日" 0 ck clean -q --as-of 2026年9月30日 "$T/small.csv"
expect_exit "export --as-of 2026/9/30" 0 ck export -q --as-of 2026/9/30 -o "$T/r.xlsx" "$T/seg.csv"
expect_exit "--as-of 05/09/2026 is ambiguous: refused" 2 \
    ck segment --as-of 05/09/2026 "$T/small.csv"
expect_grep "the refusal says ambiguous and names the value" "05/09/2026.*ambiguous" "$T/err"
expect_exit "--as-of 2026-02-30 is refused" 2 ck segment --as-of 2026-02-30 "$T/small.csv"
expect_grep "the refusal names --as-of" "as-of.*2026-02-30" "$T/err"
expect_exit "--as-of with a time is refused" 2 ck segment --as-of "2026-09-30 12:00" "$T/small.csv"
expect_exit "--as-of 45000 (an Excel serial) is refused" 2 ck segment --as-of 45000 "$T/small.csv"

# ---- the nearest command or option ----
expect_exit "custkit cleen" 2 ck cleen
expect_grep "cleen: did you mean clean" "did you mean 'clean'" "$T/err"
expect_exit "custkit segmnet" 2 ck segmnet
expect_grep "segmnet: did you mean segment" "did you mean 'segment'" "$T/err"
expect_exit "custkit frobnicate: no suggestion" 2 ck frobnicate
if grep -q "did you mean" "$T/err"; then not_ok "frobnicate: no suggestion" "$(cat "$T/err")"
else ok "frobnicate: no suggestion"; fi
expect_exit "custkit help cleen" 2 ck help cleen
expect_grep "help cleen: did you mean clean" "did you mean 'clean'" "$T/err"
expect_exit "segment --byy rfm" 2 ck segment --byy rfm "$T/small.csv"
expect_grep "--byy: did you mean --by" "unknown option '--byy'.*did you mean '--by'" "$T/err"
expect_exit "clean --rejetcs FILE" 2 ck clean --rejetcs "$T/x.csv" "$T/small.csv"
expect_grep "--rejetcs: did you mean --rejects" "did you mean '--rejects'" "$T/err"
expect_exit "export --as-off DATE" 2 ck export --as-off 2026-09-30 "$T/seg.csv"
expect_grep "--as-off: did you mean --as-of" "did you mean '--as-of'" "$T/err"
expect_exit "tag --buitlin=region" 2 ck tag --buitlin=region "$T/small.csv"
expect_grep "--buitlin=region: did you mean --builtin" "did you mean '--builtin'" "$T/err"
expect_exit "import -x" 2 ck import -x "$T/small.csv"
expect_grep "import -x: unknown option named" "unknown option '-x'" "$T/err"
expect_exit "segment --by (no value)" 2 ck segment --by
expect_grep "--by without its value says so" "'--by' needs a value" "$T/err"

# ---- the progress line names its command ----
# Progress shows only on a terminal, every 16384 rows, once a run passes a second: feed 16384
# rows, wait, feed 16384 more, with stderr on a pseudo-terminal (script(1)).
if command -v script >/dev/null 2>&1; then
    cat >"$T/feed.sh" <<EOF
rows() { i=\$1; while [ \$i -lt \$2 ]; do echo "C\$i,n\$i,138\$(printf %08d \$i)"; i=\$((i+1)); done; }
{ echo id,name,phone; rows 0 16384; sleep 1.2; rows 16384 32768; } | "$CUSTKIT" clean -o "$T/p.csv" 2>&1
EOF
    script -qec "sh $T/feed.sh" /dev/null >"$T/tty" 2>&1
    expect_grep "progress: 'custkit clean: 32768 rows, N rows/s'" \
        "custkit clean: 32768 rows, [0-9]* rows/s" "$T/tty"
else
    skip "progress line names its command" "script(1) missing"
fi
