#!/bin/sh
# test_man_synopsis.sh — each command's manual page and its option parser agree: the SYNOPSIS
# of man/custkit-CMD.1, as a reader sees it, begins every form with "custkit CMD", and every
# option it names is one `custkit CMD` takes (not refused as unknown).
. "$(dirname "$0")/../lib.sh"

# Format the pages with man(1), as `custkit help CMD` and `custkit CMD --help` do (groff drops
# a second word of mdoc's .Nm that mandoc would show).
if command -v man >/dev/null 2>&1; then
    fmt() { MANWIDTH=200 man -E ascii -l "$1" 2>/dev/null; }
elif command -v mandoc >/dev/null 2>&1; then
    fmt() { mandoc -Tascii -Owidth=200 "$1" 2>/dev/null; }
else
    skip "SYNOPSIS options accepted by the parsers" "neither man nor mandoc"
    exit 0
fi
cd "$T" || exit 1
bs=$(printf '\b') # the formatter's overstrikes (bold, underline), removed without col(1)
for page in "$top"/man/custkit-*.1; do
    cmd=$(basename "$page" .1)
    cmd=${cmd#custkit-}
    # the SYNOPSIS section as formatted (mdoc and man pages alike), hyphens as typed
    fmt "$page" | sed "s/.$bs//g" |
        sed -n '/^SYNOPSIS/,/^[A-Z]/p' | sed '1d;$d' >"$T/syn"
    # every form starts flush with "custkit"; continuation lines are indented further
    forms=$(grep -c '^ *custkit\( \|$\)' "$T/syn")
    bad=$(grep '^ *custkit\( \|$\)' "$T/syn" | grep -v "^ *custkit $cmd\( \|$\)")
    if [ "$forms" -gt 0 ] && [ -z "$bad" ]; then
        ok "$cmd: every SYNOPSIS form begins 'custkit $cmd' ($forms)"
    else
        not_ok "$cmd: every SYNOPSIS form begins 'custkit $cmd'" "forms: $forms" "${bad:-none}"
    fi
    opts=$(grep -o -- '\(^\|[[ |]\)--*[a-zA-Z][a-zA-Z0-9-]*' "$T/syn" |
        sed 's/^[[ |]*//' | sort -u)
    count=$(printf '%s\n' "$opts" | grep -c -- '^-')
    if [ "$count" -ge 3 ]; then ok "$cmd: $count options in the SYNOPSIS"; else
        not_ok "$cmd: options found in the SYNOPSIS" "$count: $opts"; fi
    for o in $opts; do
        # The option alone: a known one runs or asks for its value; an unknown one is refused
        # as unknown. Standard input is empty and any output goes to the scratch directory.
        "$CUSTKIT" "$cmd" "$o" </dev/null >"$T/out" 2>"$T/err"
        if grep -q "unknown option\|unrecognized option\|invalid option\|ambiguous" "$T/err"; then
            not_ok "custkit $cmd $o: known to the parser" "$(head -2 "$T/err")"
        else
            ok "custkit $cmd $o: known to the parser"
        fi
    done
done
