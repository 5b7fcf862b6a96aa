# test_export_hostile.sh — export on text and numbers libxlsxwriter cannot take as they are:
# dropdown lists short in characters but long in bytes, characters XML cannot hold in a --by
# header and its values, totals beyond the largest double. Each workbook must be written (never
# an abort), open in openpyxl, have well-formed parts with finite numbers, and hold every row.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
here=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3
need_openpyxl

"$PY" - "$T" <<'EOF'
import sys
t = sys.argv[1]
cjk86 = "".join(chr(0x4E00 + i) for i in range(86))   # 86 characters, 258 bytes
def put(name, header, rows):
    with open(f"{t}/{name}.csv", "w", encoding="utf-8", newline="") as f:
        f.write(",".join(header) + "\n")
        for r in rows:
            f.write(",".join(r) + "\n")
put("group86", ["customer_id", "name", "amount", "segment"],
    [["G1", "Ann", "10", cjk86], ["G2", "Bob", "20", "Champions"]])
put("gender86", ["customer_id", "name", "gender", "amount", "segment"],
    [["S1", "Ann", cjk86, "10", "A"], ["S2", "Bob", "M", "20", "B"]])
# 40 segments of three characters: 160 UTF-16 units with commas, 399 bytes
put("seg40", ["customer_id", "name", "amount", "segment"],
    [[f"R{i}", "N", str(i), "".join(chr(0x4E00 + 3 * i + k) for k in range(3))]
     for i in range(40)])
ctl = ["grp\x01\ufffe\uffffx", "a\x01b", "c\ufffed", "e\uffff", "\x01"]
put("ctl", ["customer_id", "name", "amount", ctl[0]],
    [["C1", "Ann", "1", ctl[1]], ["C2", "Bob", "2", ctl[2]], ["C3", "Cy", "3", ctl[3]],
     ["C4", "Di", "4", ctl[4]], ["C5", "Ed", "5", ctl[1]]])
put("inf", ["customer_id", "name", "orders", "amount", "segment"],
    [["I1", "Ann", "1e308", "1e308", "Big"], ["I2", "Bob", "1e308", "1e308", "Big"],
     ["I3", "Cy", "1", "5", "Small"]])
put("nan", ["customer_id", "name", "amount", "segment"],
    [["N1", "Ann", "1e308", "Up"], ["N2", "Bob", "1e308", "Up"],
     ["N3", "Cy", "-1e308", "Down"], ["N4", "Di", "-1e308", "Down"]])
EOF

# book NAME ARGS...: export $T/NAME.csv with ARGS to $T/NAME.xlsx, expecting exit 0 (an abort is
# 134), then read it back
book() {
    bk=$1; shift
    expect_exit "export $bk $*" 0 ck export "$@" -o "$T/$bk.xlsx" "$T/$bk.csv"
    cp "$T/err" "$T/$bk.err"
    if [ -f "$T/$bk.xlsx" ] && "$PY" "$here/check_wellformed.py" "$T/$bk.xlsx" \
        "$T/$bk.csv" >"$T/$bk.chk" 2>&1; then
        ok "$bk: well-formed, finite, opens in openpyxl, every row on its group sheet"
    else
        not_ok "$bk: the workbook readers get" "$(head -5 "$T/$bk.chk" 2>/dev/null)"
    fi
}

# ---- dropdowns of at most 255 characters but more than 255 bytes
book group86
book gender86
book seg40
# lists a reader sees: such a list is on the hidden sheet, the validation refers to it
"$PY" - "$T/seg40.xlsx" >"$T/seg40.out" <<'EOF'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.worksheets[1]
dv = [d for d in ws.data_validations.dataValidation if d.type == "list"]
print(wb["_lists"].sheet_state, len([c for c in wb["_lists"]["A"] if c.value]),
      [d.formula1 for d in dv])
EOF
expect_eq "a list long in bytes goes to the hidden _lists sheet" "$(cat "$T/seg40.out")" \
    "hidden 40 [\"'_lists'!\$A\$1:\$A\$40\"]"

# ---- characters XML cannot hold, in the --by header and its values
book ctl --by "$(printf 'grp\001\357\277\276\357\277\277x')" --chart pie
book ctl --by "$(printf 'grp\001\357\277\276\357\277\277x')" --chart column
# the same through libxlsxwriter's own rows, which take the same escapes
cp "$T/ctl.csv" "$T/ctl-lxw.csv"
CUSTKIT_XLSX_WRITER=libxlsxwriter book ctl-lxw --by "$(printf 'grp\001\357\277\276\357\277\277x')"
"$PY" - "$T/ctl.xlsx" >"$T/ctl.out" <<'EOF'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
s = wb.worksheets[0]
print(repr(s["A3"].value), sorted(repr(s.cell(r, 1).value) for r in range(4, 8)))
EOF
# openpyxl does not decode ECMA-376's _xHHHH_ (Excel does): it shows the escapes
expect_eq "the header and the values are written as Excel's escapes" "$(cat "$T/ctl.out")" \
    "'grp_x0001__xFFFE__xFFFF_x' [\"'_x0001_'\", \"'a_x0001_b'\", \"'c_xFFFE_d'\", \"'e_xFFFF_'\"]"

# ---- totals beyond the largest double: a warning, never INF or NaN
book inf --chart pie
expect_grep "an overflowing amount total is named" "'Big'.*amount" "$T/inf.err"
expect_grep "an overflowing orders total is named" "'Big'.*orders" "$T/inf.err"
book nan --chart pie
expect_grep "a total of +inf and -inf is named" "total.*amount" "$T/nan.err"
"$PY" - "$T/inf.xlsx" >"$T/inf.out" <<'EOF'
import sys, openpyxl
s = openpyxl.load_workbook(sys.argv[1]).worksheets[0]
print([s.cell(r, 4).value for r in (4, 5, 6)])
EOF
expect_eq "the finite total keeps its number, the others are formulas" "$(cat "$T/inf.out")" \
    "[\"=SUM('Big'!\$D:\$D)\", 5, '=SUM(D4:D5)']"

# ---- a run fact beyond the largest double (CUSTKIT_FACTS written by hand) is not a number
printf '%s\n' '{"command":"import","rows":1e999}' >"$T/facts.jsonl"
cp "$T/inf.csv" "$T/facts.csv"
CUSTKIT_FACTS="$T/facts.jsonl" book facts
