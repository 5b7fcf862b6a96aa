#!/bin/sh
# The audit trail: --audit FILE (or CUSTKIT_AUDIT) on every command appends one JSON line per
# run with the arguments, the user, inputs and outputs with SHA-256, the counts and the exit.
. "$(dirname "$0")/../lib.sh"
cd "$T" || exit 1
a="$T/audit.jsonl"
ck import "$ex/customers_zh_gbk.csv" --audit "$a" >zh.csv
CUSTKIT_AUDIT="$a" ck clean -q --orders "$ex/orders.csv" --rejects rejects.csv -o clean.csv zh.csv
ck import --audit="$a" "$T/nope.csv" 2>/dev/null
expect_eq "one line per run" "$(wc -l <"$a")" "3"
EX="$ex" /usr/bin/python3 - "$a" >check.out 2>&1 <<'PY'
import hashlib, json, os, sys
lines = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
def sha(p): return hashlib.sha256(open(p, "rb").read()).hexdigest()
imp, cln, bad = lines
assert imp["command"] == "import" and imp["exit"] == 0, imp
assert imp["inputs"][0]["sha256"] == sha(imp["inputs"][0]["path"]), "import input hash"
assert imp["inputs"][0]["size"] == os.path.getsize(imp["inputs"][0]["path"])
assert imp["counts"]["rows"] == 300, imp["counts"]
assert "--audit" not in imp["args"], "the audit option is not part of the command's arguments"
assert cln["command"] == "clean" and cln["exit"] == 0
ins = {os.path.basename(i["path"]): i for i in cln["inputs"]}
assert ins["orders.csv"]["sha256"] == sha(os.path.join(os.environ["EX"], "orders.csv"))
assert ins["zh.csv"]["sha256"] == sha("zh.csv")
outs = {o["path"]: o for o in cln["outputs"]}
assert outs["clean.csv"]["sha256"] == sha("clean.csv"), "output hash"
assert outs["rejects.csv"]["sha256"] == sha("rejects.csv"), "rejects hash"
c = cln["counts"]
assert c["read"] == c["written"] + c["merged"] + c["rejected"], c
assert bad["exit"] == 3 and bad["command"] == "import", bad
assert lines[0]["user"]
print("valid")
PY
expect_eq "audit lines are valid JSON with true hashes and counts" "$(cat check.out)" "valid"
expect_eq "audit file is private (0600)" "$(stat -c %a "$a")" "600"

# concurrent runs append whole lines
rm -f "$a"
i=0
while [ $i -lt 20 ]; do
    ck import "$ex/customers_en.csv" --audit "$a" >/dev/null &
    i=$((i + 1))
done
wait
expect_eq "20 concurrent runs, 20 lines" "$(wc -l <"$a")" "20"
expect_eq "every concurrent line parses" \
    "$(/usr/bin/python3 -c 'import json,sys; print(sum(1 for l in open(sys.argv[1]) if json.loads(l)["exit"] == 0))' "$a")" "20"
