#!/bin/sh
# test_layers.sh — lib/'s layers point down and its files call and include each other in no
# loop (scripts/check-layers, over the includes and the built objects); the include graph in
# docs/ARCHITECTURE.md is the one the includes give; and the check rejects what it must: an
# upward include, an include cycle, an upward call and a call cycle planted in a copy.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

py=/usr/bin/python3
check="$top/scripts/check-layers"
objs="${BUILD:-$top/build}/lib"
cc=${CC:-cc}

if "$py" "$check" --objects "$objs" >"$T/out" 2>&1; then
    ok "lib/: no upward include or call, no cycle (includes and $objs)"
else
    not_ok "lib/: scripts/check-layers finds problems" "$(head -20 "$T/out")"
fi

# The picture in the architecture page is the graph the includes give today.
"$py" "$check" --mermaid >"$T/graph.md"
awk '/^```mermaid$/ { on = 1 } on { print } on && /^```$/ { exit }' \
    "$top/docs/ARCHITECTURE.md" >"$T/doc.md"
expect_file_eq "docs/ARCHITECTURE.md's include graph is scripts/check-layers --mermaid" \
    "$T/doc.md" "$T/graph.md"

# A copy of lib/ to plant faults in; each is checked on its own copy.
fresh() {
    rm -rf "$T/tree"
    mkdir -p "$T/tree/scripts"
    cp -R "$top/lib" "$T/tree/lib"
    cp "$check" "$T/tree/scripts/"
}
# rejects NAME PATTERN ARGS...: the check fails and names the fault (PATTERN, grep -E).
rejects() {
    name=$1 pattern=$2
    shift 2
    if "$py" "$T/tree/scripts/check-layers" --root "$T/tree" "$@" >"$T/out" 2>&1; then
        not_ok "$name: accepted" "$(head -5 "$T/out")"
    elif grep -Eq "$pattern" "$T/out"; then
        ok "$name: rejected"
    else
        not_ok "$name: rejected without naming it" "$(head -5 "$T/out")"
    fi
}

fresh
if "$py" "$T/tree/scripts/check-layers" --root "$T/tree" --no-symbols >"$T/out" 2>&1; then
    ok "the unchanged copy passes"
else
    not_ok "the unchanged copy fails" "$(head -5 "$T/out")"
fi

fresh
sed -i '0,/^#include "/s//#include "report\/report.h"\n#include "/' "$T/tree/lib/base/utf8.c"
rejects "an upward include (base/utf8.c includes report/report.h)" \
    '^lib/base/utf8.c:[0-9]+: includes lib/report/report.h, of a higher layer' --no-symbols

fresh
printf '#include "io/xls_biff.h"\n' >>"$T/tree/lib/io/xls_read.h"
printf '#include "io/xls_read.h"\n' >>"$T/tree/lib/io/xls_biff.h"
rejects "a two-file include cycle (io/xls_read.h <-> io/xls_biff.h)" \
    '^include cycle: lib/io/xls_(biff|read).h -> lib/io/xls_(read|biff).h -> lib/io/xls_\1.h$' \
    --no-symbols

fresh
printf '#include "custkit.h"\n' >>"$T/tree/lib/clean/roles.c"
rejects "the umbrella custkit.h included inside lib/" '^lib/clean/roles.c:[0-9]+: includes the umbrella' \
    --no-symbols

fresh
printf '#include "../cmd/common.h"\n' >>"$T/tree/lib/io/table.c"
rejects "lib/ including cmd/" '^lib/io/table.c:[0-9]+: includes "../cmd/common.h", outside lib/' \
    --no-symbols

fresh
: >"$T/tree/lib/orders.c"
rejects "a file outside the layer folders" '^lib/orders.c: not in a layer folder' --no-symbols

# The calls: a tree of three files, built here, so that the objects are exactly these.
rm -rf "$T/tree"
mkdir -p "$T/tree/lib/base" "$T/tree/lib/io" "$T/tree/lib/report" "$T/tree/scripts"
cp "$check" "$T/tree/scripts/"
cat >"$T/tree/lib/io/one.c" <<'EOF'
int two(int);
int one(int n) { return n > 0 ? two(n - 1) : 0; }
EOF
cat >"$T/tree/lib/io/two.c" <<'EOF'
int one(int);
int two(int n) { return n > 0 ? one(n - 1) : 1; }
EOF
cat >"$T/tree/lib/base/low.c" <<'EOF'
int high(void);
int low(void) { return high(); }
EOF
cat >"$T/tree/lib/report/high.c" <<'EOF'
int high(void) { return 2; }
EOF
for f in io/one io/two base/low report/high; do
    mkdir -p "$T/objs/$(dirname "$f")"
    $cc -c -o "$T/objs/$f.o" "$T/tree/lib/$f.c" || not_ok "compile $f.c"
done
rejects "a call cycle (io/one.c <-> io/two.c, from nm)" \
    '^call cycle: lib/io/one.c -> lib/io/two.c -> lib/io/one.c \(lib/io/one.c calls two' \
    --objects "$T/objs"
rejects "an upward call (base/low.c calls report/high.c, from nm)" \
    '^lib/base/low.c \(high\): calls lib/report/high.c, of a higher layer' --objects "$T/objs"
rm "$T/tree/lib/io/two.c" "$T/objs/io/two.o"
rejects "a lib file with no object (the objects are stale)" 'no object for io/one.c|build first' \
    --objects "$T/objs/base"
