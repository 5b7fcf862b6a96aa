# test_findings.sh — regression tests, at the command line, for what fuzzing and the hostile
# suites found (their inputs are also seeds in tests/fuzz/corpus/, run by fuzz-smoke):
# normalised values must read back the same, a blank date is no date, -o on a pipe is written
# through.
. "$(dirname "$0")/../lib.sh"
export CUSTKIT_TODAY=2026-11-29 LC_ALL=C.UTF-8 TZ=UTC

# ---- clean is idempotent: its output cleaned again is the same (fuzz: '010-2345678-1' became
# 010-23456781, '9e40' became 41 digits that were then a bad amount)
cat >"$T/v.csv" <<'CSV'
id,phone,email,amount,orders,last_purchase
1,+86-10-2345678 )ext1,ZHANG@Example.COM,9e40,3.0次,2024/1/5
2,0755-1234567-12,a@b.cn,9e39,１２,2024年1月5日
3,0755-8888-8888,x.y@z.com,1.2万,1,2024-01-05 10:30
4,138 1234 5678,li@x.com,"¥1,234.50",2,45000
5,(0755)8888-8888转123,wu@x.com,1e-40,0,2024/01/05
6,021 2345 678-9,zhao@x.com,-0,1,2024-1-5
CSV
ck clean -q -o "$T/c1.csv" "$T/v.csv" || not_ok "clean the tricky values"
ck clean -q -o "$T/c2.csv" "$T/c1.csv" || not_ok "clean them again"
expect_file_eq "clean of clean's output changes nothing" "$T/c2.csv" "$T/c1.csv"
expect_eq "7-digit number with a one-digit extension" "$(grep '^1,' "$T/c1.csv" | cut -d, -f2)" \
    010-2345678-1
expect_eq "9e40 is a bad amount, kept as written" "$(grep '^1,' "$T/c1.csv" | cut -d, -f4,7)" \
    "9e40,bad amount"
expect_eq "9e39 is 40 digits" "$(grep '^2,' "$T/c1.csv" | cut -d, -f4 | wc -c | tr -d ' ')" 41

# ---- a date cell of white space only is no date (fuzz: days_since() overflowed to a huge age)
printf 'id,last_purchase\n1,"\t "\n2,2026-01-01\n3,\n' >"$T/d.csv"
printf '[g]\nold = days_since(last_purchase) > 10\nnone = last_purchase is empty\n' >"$T/d.rules"
ck tag -q -r "$T/d.rules" -o "$T/d.out" "$T/d.csv" || not_ok "tag on blank dates"
expect_eq "blank date: not long inactive" "$(cut -d, -f1,3 "$T/d.out" | tr '\n' ' ')" \
    "id,g 1,none 2,old 3,none "
printf 'id,last_purchase,orders,amount\n1,"\t ",2,100\n2,2026-01-01,3,200\n' >"$T/s.csv"
ck segment -q --by rfm -o "$T/s.out" "$T/s.csv" || not_ok "segment on a blank date"
expect_grep "blank date: to review, not scored" '^1,.*,Needs review,' "$T/s.out"

# ---- -o naming a FIFO: written through, the FIFO stays a FIFO (hostile: the temporary file
# was renamed over it, as over /dev/null when run as root)
ck segment -q -o "$T/seg.csv" "$ex/customers_en.csv"
for cmd in import clean segment tag export; do
    rm -f "$T/p" && mkfifo "$T/p"
    cat "$T/p" >"$T/got" &
    extra=""
    [ "$cmd" = tag ] && extra="--builtin age-band"
    # shellcheck disable=SC2086
    expect_exit "$cmd -o a FIFO" 0 "$CUSTKIT" "$cmd" -q $extra -o "$T/p" "$T/seg.csv"
    wait
    if [ -p "$T/p" ] && [ -s "$T/got" ]; then ok "$cmd -o a FIFO: still a FIFO, output came through"
    else not_ok "$cmd -o a FIFO: replaced or empty"; fi
done
