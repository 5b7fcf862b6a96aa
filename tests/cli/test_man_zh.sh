#!/bin/sh
# test_man_zh.sh — the Chinese manual pages (man/zh_CN/) keep up with the English ones: each page
# has its twin, and every option, every exit status and every environment variable of one is in
# the other, both ways, so that an option added to an English page without its translation (or
# the other way round) fails here, naming what is missing.
. "$(dirname "$0")/../lib.sh"

# The page's text as typed: no comment lines, \- as -, mdoc's "Fl x" as -x, and no list or
# display macros (whose own arguments -width, -offset ... are no options of custkit).
plain() {
    grep -v '^\.\\"\|^\.B[dl] ' "$1" | sed 's/\\-/-/g; s/\<Fl /-/g'
}

# options: --long-name and -x (one letter, not part of a word such as custkit-clean or e-mail)
options() {
    plain "$1" | grep -o -- '\(^\|[^A-Za-z0-9_-]\)-\{1,2\}[A-Za-z][A-Za-z0-9-]*' |
        sed 's/^[^-]*//' | grep -- '^--[A-Za-z]\|^-[A-Za-z]$' | sort -u
}

# section NAME ALT: the lines of the section called NAME (English) or ALT (Chinese)
section() {
    plain "$1" | awk -v a="$2" -v b="$3" '
        /^\.(Sh|SH) / { s = $0; sub(/^\.(Sh|SH) +/, "", s); gsub(/"/, "", s); on = (s == a || s == b); next }
        on'
}

# exit statuses: ".It N" (mdoc), ".B N" (man), or "N ..." in prose after a start or a semicolon
statuses() {
    section "$1" "EXIT STATUS" "退出状态" | sed 's/；/; /g' |
        grep -o '^\.It [0-9][0-9]*$\|^\.B [0-9][0-9]*$\|\(^\|; \)[0-9][0-9]*\( \|$\)' |
        grep -o '[0-9][0-9]*' | sort -un
}

# environment variables: ".It Ev NAME" or ".It Ev NAME , NAME ..." (mdoc), or the ".B NAME" tag
# of a ".TP" (man)
environment() {
    section "$1" "ENVIRONMENT" "环境" |
        awk '/^\.It Ev / { for (i = 3; i <= NF; i++) if ($i ~ /^[A-Z_][A-Z0-9_]*$/) print $i }
             tp && /^\.B [A-Z_][A-Z0-9_]*$/ { print $2 } { tp = /^\.TP/ }' |
        sort -u
}

# man/zh_CN/pending lists what a Chinese page documents ahead of its English page (translations
# of work on other branches, awaiting their merge): "PAGE ITEM BRANCH COMMIT" lines, where the
# ITEM "page" stands for a whole new page.
pending() { # PAGE: its pending items
    grep -v '^#' "$top/man/zh_CN/pending" 2>/dev/null |
        awk -v p="$1" '$1 == p && $5 != "dropped" { print $2 }' | sort -u
}
# A line that ends in "dropped" names an item the branch took out of the English page, so that
# the Chinese page, which already follows it, lacks it.
dropped() { # PAGE: its items dropped ahead of the English page
    grep -v '^#' "$top/man/zh_CN/pending" 2>/dev/null |
        awk -v p="$1" '$1 == p && $5 == "dropped" { print $2 }' | sort -u
}

# compare WHAT PAGE: the items of the English page and of its twin, each way
compare() {
    what=$1 page=$2 name=$(basename "$2")
    "$what" "$page" >"$T/en"
    "$what" "$top/man/zh_CN/$name" >"$T/zh"
    pending "$name" >"$T/pending"
    dropped "$name" >"$T/dropped"
    only_en=$(comm -23 "$T/en" "$T/zh" | comm -23 - "$T/dropped" | tr '\n' ' ')
    only_zh=$(comm -13 "$T/en" "$T/zh" | comm -23 - "$T/pending" | tr '\n' ' ')
    ahead=$(comm -13 "$T/en" "$T/zh" | comm -12 - "$T/pending" | tr '\n' ' ')
    [ -n "$ahead" ] && echo "# $name: ahead of the English page, pending a merge: $ahead"
    count=$(wc -l <"$T/en")
    if [ -z "$only_en$only_zh" ]; then
        ok "$name: the same $count $what in man/ and man/zh_CN/"
    else
        not_ok "$name: the same $what in man/ and man/zh_CN/" \
            "missing in man/zh_CN/$name: ${only_en:-none}" "missing in man/$name: ${only_zh:-none}"
    fi
}

for page in "$top"/man/*.[15]; do
    name=$(basename "$page")
    if [ ! -f "$top/man/zh_CN/$name" ]; then
        not_ok "$name has a Chinese twin man/zh_CN/$name"
        continue
    fi
    compare options "$page"
    compare statuses "$page"
    compare environment "$page"
done
for page in "$top"/man/zh_CN/*.[15]; do
    name=$(basename "$page")
    if [ -f "$top/man/$name" ]; then
        continue
    elif pending "$name" | grep -qx 'page'; then # a new page of a branch not merged yet
        echo "# man/zh_CN/$name: ahead of the English pages, pending a merge"
    else
        not_ok "man/zh_CN/$name has an English original in man/"
    fi
done

# A pending line is kept only while its branch is not merged: once the English page has the
# item (or, for a "dropped" one, no longer has it), the line is stale, and a stale line would
# hide that item's drift later, so each is named here.
stale=$(grep -v '^#' "$top/man/zh_CN/pending" 2>/dev/null | while read -r page item branch commit flag; do
    [ -f "$top/man/$page" ] || continue
    if [ "$item" = page ]; then
        has=yes
    elif { options "$top/man/$page"; environment "$top/man/$page"; } | grep -qx -- "$item"; then
        has=yes
    else
        has=no
    fi
    if [ "$flag" = dropped ]; then [ $has = no ]; else [ $has = yes ]; fi &&
        printf '%s ' "$page:$item($branch)"
done)
if [ -z "$stale" ]; then
    ok "man/zh_CN/pending lists only what the English pages still lack"
else
    not_ok "man/zh_CN/pending lists only what the English pages still lack" \
        "stale, the English page has caught up: $stale"
fi

# The checks themselves can fail: an English page whose option was renamed, whose exit status 4
# and whose CUSTKIT_FACTS were dropped, against the Chinese page as it is.
sed 's/\\-rejects/\\-rejectz/g; s/--rejects/--rejectz/g; /^\.It 4$/,/^\.El/d
     /^\.It Ev CUSTKIT_FACTS/,+1d' "$top/man/custkit.1" >"$T/custkit.1"
# What the Chinese page has ahead of the English one is no difference: the pending items that
# the English page lacks (as compare counts them), not those it has already.
{ options "$top/man/custkit.1"; statuses "$top/man/custkit.1"; environment "$top/man/custkit.1"; } |
    sort -u >"$T/en"
pending custkit.1 | comm -23 - "$T/en" >"$T/p"
options "$T/custkit.1" >"$T/a"; options "$top/man/zh_CN/custkit.1" | comm -23 - "$T/p" >"$T/b"
expect_eq "a renamed option is found missing" "$(comm -13 "$T/a" "$T/b" | tr '\n' ' ')" "--rejects "
expect_eq "a renamed option is found new" "$(comm -23 "$T/a" "$T/b" | tr '\n' ' ')" "--rejectz "
statuses "$T/custkit.1" >"$T/a"; statuses "$top/man/zh_CN/custkit.1" | comm -23 - "$T/p" >"$T/b"
expect_eq "a dropped exit status is found missing" "$(comm -13 "$T/a" "$T/b" | tr '\n' ' ')" "4 "
environment "$T/custkit.1" >"$T/a"; environment "$top/man/zh_CN/custkit.1" | comm -23 - "$T/p" >"$T/b"
expect_eq "a dropped variable is found missing" "$(comm -13 "$T/a" "$T/b" | tr '\n' ' ')" \
    "CUSTKIT_FACTS "
