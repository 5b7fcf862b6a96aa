#!/bin/sh
# examples/quarterly.sh: two consecutive quarters with a fixed clock, the Changes sheet, the
# audit trail, a failure that leaves earlier quarters byte-identical, the lock, shellcheck.
. "$(dirname "$0")/../lib.sh"
q="$ex/quarterly.sh"
r="$T/reports"
export CUSTKIT
cd "$T" || exit 1

CUSTKIT_TODAY=2026-08-15 sh "$q" -O "$ex/orders_q2.csv" -d "$r" >out1 2>err1
expect_eq "quarter 2: exit 0" "$?" "0"
expect_eq "quarter 2: nothing on stdout or stderr" "$(cat out1 err1)" ""
CUSTKIT_TODAY=2026-11-29 sh "$q" -d "$r" >out2 2>err2
expect_eq "quarter 3: exit 0" "$?" "0"
expect_eq "quarter 3: silent" "$(cat out2 err2)" ""
for f in report.xlsx segments.csv rejects.csv merge-log.csv orphans.csv run.log; do
    [ -f "$r/2026-Q3/$f" ] && ok "2026-Q3/$f" || not_ok "2026-Q3/$f missing"
done
[ -f "$r/2026-Q2/report.xlsx" ] && ok "2026-Q2 kept" || not_ok "2026-Q2 missing"
expect_eq "no staging directory left" "$(ls -A "$r" | grep -c '\.tmp\.')" "0"
expect_eq "rejects are private" "$(stat -c %a "$r/2026-Q3/rejects.csv")" "600"
expect_eq "merge log is private" "$(stat -c %a "$r/2026-Q3/merge-log.csv")" "600"
expect_eq "report readable by the group only" "$(stat -c %a "$r/2026-Q3/report.xlsx")" "640"
expect_grep "quarter 3 is as of 2026-09-30" "as of 2026-09-30" "$r/2026-Q3/run.log"
expect_grep "quarter 2 is as of 2026-06-30" "as of 2026-06-30" "$r/2026-Q2/run.log"
head -1 "$r/2026-Q3/segments.csv" | grep -q '上期分层' && ok "Q3 compared with Q2 (上期分层 column)" \
    || not_ok "no 上期分层 column in Q3 segments"

/usr/bin/python3 - "$r" >check 2>&1 <<'PY'
import hashlib, json, os, sys
from openpyxl import load_workbook
root = sys.argv[1]
wb = load_workbook(os.path.join(root, "2026-Q3", "report.xlsx"), read_only=True)
assert "变动" in wb.sheetnames, wb.sheetnames
# run facts flow into the summary's facts block: the counts clean reported
facts = [json.loads(l) for l in open(os.path.join(root, "2026-Q3", "facts.jsonl"), encoding="utf-8")]
clean = [f for f in facts if f["command"] == "clean"][0]
summary = load_workbook(os.path.join(root, "2026-Q3", "report.xlsx"))[wb.sheetnames[0]]
block = {r[0]: r[1] for r in summary.iter_rows(values_only=True) if r and isinstance(r[0], str)}
assert block.get("读入行数") == clean["read"], block
assert block.get("合并行数") == clean["merged"], block
assert block.get("剔除行数") == clean["rejected"], block
wb2 = load_workbook(os.path.join(root, "2026-Q2", "report.xlsx"), read_only=True)
assert "变动" not in wb2.sheetnames, "Q2 has no previous quarter"
lines = [json.loads(l) for l in open(os.path.join(root, "audit.jsonl"), encoding="utf-8")]
assert len(lines) == 10, len(lines)
assert all(l["exit"] == 0 for l in lines)
for l in lines:
    for f in l["inputs"] + l["outputs"]:
        if "sha256" in f and os.path.exists(f["path"]) and "/2026-Q" not in f["path"]:
            assert hashlib.sha256(open(f["path"], "rb").read()).hexdigest() == f["sha256"], f
print("ok")
PY
expect_eq "Changes sheet in Q3 only; clean's counts in the facts block; audit hashes true" "$(cat check)" "ok"

# A failure in the next run leaves every earlier quarter byte-identical.
sums() {
    find "$r" \( -path "$r/.lock" -o -path "$r/failed" \) -prune -o -type f ! -name audit.jsonl -print |
        sort | xargs sha256sum
}
sums >before
printf 'PK\003\004broken' >"$T/corrupt.xlsx"
CUSTKIT_TODAY=2027-01-10 sh "$q" -c "$T/corrupt.xlsx" -d "$r" >out3 2>err3
rc=$?
[ "$rc" -ne 0 ] && ok "corrupt input: non-zero exit ($rc)" || not_ok "corrupt input: exit 0"
expect_eq "corrupt input: one line on stderr" "$(wc -l <err3)" "1"
expect_grep "corrupt input: names the failing step" "import failed" err3
expect_eq "corrupt input: nothing on stdout" "$(cat out3)" ""
sums >after
expect_file_eq "earlier quarters untouched" after before
[ -d "$r/2026-Q4" ] && not_ok "a half-made 2026-Q4 exists" || ok "no 2026-Q4 directory"
expect_eq "staging removed after failure" "$(ls -A "$r" | grep -c '\.tmp\.')" "0"
# rerunning the same quarter with a bad input keeps the good one
CUSTKIT_TODAY=2026-11-29 sh "$q" -c "$T/corrupt.xlsx" -d "$r" 2>/dev/null
sums >after2
expect_file_eq "a failed rerun of 2026-Q3 keeps the good 2026-Q3" after2 before

# A typo in the rules: the script names tag, quotes tag's own error (not the "no input" that
# segment then reports), exits with tag's status, and keeps the failed run's log.
sed 's/days_since/days_sinse/' "$ex/tags.rules" >"$T/typo.rules"
CUSTKIT_TODAY=2026-11-29 sh "$q" -r "$T/typo.rules" -d "$r" >out5 2>err5
expect_eq "rules typo: exit status is tag's (2)" "$?" "2"
expect_eq "rules typo: one line on stderr" "$(wc -l <err5)" "1"
expect_grep "rules typo: names tag and its status" "^quarterly.sh: tag failed (exit 2): " err5
expect_grep "rules typo: quotes tag's own error" \
    "typo.rules:[0-9]*:[0-9]*: unknown function 'days_sinse'" err5
grep -q "no input" err5 && not_ok "rules typo: the follow-on 'no input' is not the message" \
    || ok "rules typo: the follow-on 'no input' is not the message"
# the log the message names (the failed reruns above kept theirs too, each in its own directory)
kept=$(sed -n 's/.*(log: \(.*\))$/\1/p' err5)
case $kept in
"$r"/failed/2026-Q3-*/run.log) ok "rules typo: the message names the kept log ($kept)" ;;
*) not_ok "rules typo: no failed/2026-Q3-*/run.log named in the message" "$(cat err5)" ;;
esac
[ -f "$kept" ] && expect_grep "rules typo: the kept log has tag's error" "unknown function 'days_sinse'" "$kept" \
    || not_ok "rules typo: the kept log $kept is missing"
expect_eq "each failed run keeps its own log" "$(find "$r/failed" -name run.log | wc -l)" "3"
sums >after3
expect_file_eq "rules typo: the last good report is untouched" after3 before

# An orders file that cannot be read: clean fails, import upstream gets a broken pipe.
printf 'id\n"x' >"$T/bad-orders.csv"
CUSTKIT_TODAY=2026-11-29 sh "$q" -O "$T/bad-orders.csv" -d "$r" >out6 2>err6
rc=$?
expect_eq "bad orders: exit status is clean's (3)" "$rc" "3"
expect_grep "bad orders: names clean" "^quarterly.sh: clean failed (exit 3): custkit clean: " err6

# The same two failures with the messages in Chinese (LANGUAGE=zh_CN, as a cron job of a
# Chinese user runs it): the script still tells the step that failed from the ones that only
# followed it ("no input", a broken pipe), and quotes its error in Chinese.
LANGUAGE=zh_CN CUSTKIT_TODAY=2026-11-29 sh "$q" -r "$T/typo.rules" -d "$r" >out7 2>err7
expect_eq "rules typo, zh_CN: exit status is tag's (2)" "$?" "2"
expect_grep "rules typo, zh_CN: names tag, quotes its error" \
    "^quarterly.sh: tag failed (exit 2): custkit tag: .*typo.rules:[0-9]*:[0-9]*: 未知函数 'days_sinse'" err7
LANGUAGE=zh_CN CUSTKIT_TODAY=2026-11-29 sh "$q" -O "$T/bad-orders.csv" -d "$r" >out8 2>err8
expect_eq "bad orders, zh_CN: exit status is clean's (3)" "$?" "3"
expect_grep "bad orders, zh_CN: names clean" "^quarterly.sh: clean failed (exit 3): custkit clean: " err8
# A table too large for the pipe, where SIGPIPE is ignored (as under some service managers):
# when tag fails, clean's writes fail with "Broken pipe" (exit 4) and clean has warned first;
# in either language the script blames tag and quotes its error, not clean's warning.
perl -e 'print "客户编号,姓名,手机,消费金额,购买次数,最近购买日期\n";
         printf "C%06d,客户%d,138%08d,%d,%d,2026-01-01\n", $_, $_, $_, $_, 1 for 1 .. 100000' >big.csv
for lang in "" zh_CN; do
    (trap '' PIPE && LANGUAGE=$lang CUSTKIT_TODAY=2026-11-29 exec sh "$q" -c big.csv \
        -r "$T/typo.rules" -d "$r") >out9 2>err9
    expect_eq "large table, rules typo${lang:+, $lang}: exit status is tag's (2)" "$?" "2"
    expect_grep "large table, rules typo${lang:+, $lang}: names tag, quotes its error" \
        "^quarterly.sh: tag failed (exit 2): custkit tag: .*typo.rules:[0-9]*:[0-9]*: " err9
done
# the Chinese texts the script looks for are the catalog's
for m in '没有输入（前一个命令是否失败了？）' '断开的管道' '警告：'; do
    expect_grep "quarterly.sh's '$m' is in po/zh_CN.po" "^msgstr \".*$m" "$top/po/zh_CN.po"
done
sums >after4
expect_file_eq "failed runs in Chinese: the last good report is untouched" after4 before

# One run at a time.
flock "$r/.lock" sleep 3 &
sleep 0.5
CUSTKIT_TODAY=2026-11-29 sh "$q" -d "$r" >out4 2>err4
expect_eq "a concurrent run exits 75" "$?" "75"
expect_grep "it says why" "another run holds" err4
wait
sums >after3
expect_file_eq "the concurrent run changed nothing" after3 before

# --keep prunes old quarters but never the current or previous one
mkdir -p "$r/2025-Q1" "$r/2025-Q2"
CUSTKIT_TODAY=2026-11-29 sh "$q" -d "$r" -k 1
expect_eq "--keep 1: current and previous stay, older go" "$(cd "$r" && ls -d 20*)" "$(printf '2026-Q2\n2026-Q3')"

if command -v shellcheck >/dev/null 2>&1; then
    shellcheck -s sh "$q" >sc 2>&1 && ok "shellcheck clean" || not_ok "shellcheck" "$(head -20 sc)"
else
    skip "shellcheck of quarterly.sh" "shellcheck is not installed"
fi
