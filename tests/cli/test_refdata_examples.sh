#!/bin/sh
# Every city in the example customer tables must have a known tier and province in
# lib/clean/refdata.c, and agree with the row's province. Python's csv module reads the files
# (independently of custkit).
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

py=/usr/bin/python3
cc=${CC:-cc}

# A tiny client of lib/clean/refdata.c: one value per line in, "value<TAB>tier<TAB>province" out.
cat >"$T/lookup.c" <<'EOF'
#include <stdio.h>
#include <string.h>
#include "clean/refdata.h"
int main(int argc, char **argv)
{
    char line[512];
    int province_mode = argc > 1 && strcmp(argv[1], "-p") == 0;
    while (fgets(line, sizeof line, stdin)) {
        line[strcspn(line, "\n")] = '\0';
        const char *a = province_mode ? ck_province_canonical(line) : ck_city_tier(line);
        const char *b = province_mode ? ck_region_of_province(line) : ck_city_province(line);
        printf("%s\t%s\t%s\n", line, a ? a : "?", b ? b : "?");
    }
    return 0;
}
EOF
san=
[ "${SANITIZE:-}" = 1 ] && san="-fsanitize=address,undefined -fno-sanitize-recover=undefined"
# shellcheck disable=SC2086
if ! $cc -std=c11 -O1 $san -I"$top/lib" -o "$T/lookup" "$T/lookup.c" "$top/lib/clean/refdata.c" \
    2>"$T/cc.err"; then
    not_ok "build the lookup helper" "$(head -5 "$T/cc.err")"
    exit 0
fi

# column NAME... FILE: distinct non-empty values of the first column found among NAMEs.
column() {
    "$py" - "$@" <<'EOF'
import csv, sys
*names, path = sys.argv[1:]
with open(path, encoding="utf-8-sig", newline="") as f:
    rows = csv.reader(f)
    header = [h.strip() for h in next(rows)]
    col = next((header.index(n) for n in names if n in header), None)
    if col is None:
        sys.exit("no column %s in %s: %s" % ("/".join(names), path, header))
    seen = set()
    for r in rows:
        v = r[col].strip() if col < len(r) else ""
        if v and v not in seen:
            seen.add(v)
            print(v)
EOF
}

# pairs FILE: distinct "city<TAB>province" pairs of rows that have both.
pairs() {
    "$py" - "$1" <<'EOF'
import csv, sys
with open(sys.argv[1], encoding="utf-8-sig", newline="") as f:
    rows = csv.DictReader(f)
    city = next((n for n in ("城市", "city", "City") if n in rows.fieldnames), None)
    prov = next((n for n in ("省份", "省", "province", "Province") if n in rows.fieldnames), None)
    seen = set()
    for r in rows if city and prov else ():
        c, p = (r[city] or "").strip(), (r[prov] or "").strip()
        if c and p and (c, p) not in seen:
            seen.add((c, p))
            print(c + "\t" + p)
EOF
}

for f in customers_zh.csv customers_en.csv; do
    if [ ! -f "$ex/$f" ]; then
        not_ok "$f: examples/$f exists"
        continue
    fi
    if ! column 城市 city City "$ex/$f" >"$T/cities" 2>"$T/err"; then
        not_ok "$f: city column" "$(cat "$T/err")"
        continue
    fi
    ncity=$(wc -l <"$T/cities")
    if [ "$ncity" -ge 10 ]; then ok "$f: $ncity distinct cities"; else
        not_ok "$f: too few distinct cities to be a real check" "$ncity"; fi
    "$T/lookup" <"$T/cities" >"$T/tiers"
    unknown=$(awk -F '\t' '$2 == "?" { printf "%s%s", s, $1; s = ", " }' "$T/tiers")
    expect_eq "$f: cities with unknown tier" "$unknown" ""

    # Where the row also names a province, the city must lie in it.
    pairs "$ex/$f" >"$T/pairs"
    if [ -s "$T/pairs" ]; then
        cut -f1 "$T/pairs" | "$T/lookup" | cut -f3 >"$T/city_prov"
        cut -f2 "$T/pairs" | "$T/lookup" -p | cut -f2 >"$T/row_prov"
        bad=$(paste "$T/pairs" "$T/city_prov" "$T/row_prov" |
            awk -F '\t' '$3 != $4 { printf "%s%s (%s)", s, $1, $2; s = ", " }')
        expect_eq "$f: cities agree with the row's province" "$bad" ""
    fi
    if column 省份 省 province Province "$ex/$f" >"$T/provinces" 2>/dev/null; then
        "$T/lookup" -p <"$T/provinces" >"$T/regions"
        unknown=$(awk -F '\t' '$2 == "?" { printf "%s%s", s, $1; s = ", " }' "$T/regions")
        expect_eq "$f: provinces with unknown region" "$unknown" ""
    fi
done

# The check itself can fail: a made-up city is reported.
printf '深圳\n火星市\n' | "$T/lookup" >"$T/tiers"
expect_eq "unknown city is reported" "$(awk -F '\t' '$2 == "?" { print $1 }' "$T/tiers")" "火星市"
