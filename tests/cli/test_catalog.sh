# test_catalog.sh — the message catalogs are complete: every message in the sources is in
# po/custkit.pot, every message of the template is in each po/LANG.po, translated and not
# fuzzy, with the same printf directives (msgfmt --check). A message added without its
# translation fails here; `make po` extracts and merges, then the new entries get translated.
. "$(dirname "$0")/../lib.sh"
fix="run 'make po', translate the new or changed (fuzzy) entries of po/*.po, commit both"
if ! command -v xgettext >/dev/null || ! command -v msgfmt >/dev/null; then
    not_ok "xgettext and msgfmt are needed (apt-get install gettext)"
    exit 1
fi
# missing POT: the msgid of each message msgcmp found in POT and not in the other file
missing() {
    grep -o "$(basename "$1"):[0-9]*: this message is used but not defined" "$T/cmp.err" |
        cut -d: -f2 | while read -r l; do awk -v l="$l" 'NR < l && /^msgid/ { m = $0 } NR == l { print m }' "$1"; done
}
# ---- the template against the sources
"$top/po/extract.sh" "$T/now.pot" 2>"$T/x.err" || not_ok "po/extract.sh" "$(head -3 "$T/x.err")"
# msgcmp DEF REF: every msgid of REF is in DEF
if msgcmp -N --use-untranslated "$top/po/custkit.pot" "$T/now.pot" 2>"$T/cmp.err"; then
    ok "every message of the sources is in po/custkit.pot"
else
    not_ok "messages of the sources missing from po/custkit.pot: $fix" \
        "$(missing "$T/now.pot" | head -5)"
fi
if msgcmp -N --use-untranslated "$T/now.pot" "$top/po/custkit.pot" 2>/dev/null; then
    ok "po/custkit.pot holds no message the sources no longer have"
else
    not_ok "po/custkit.pot has messages the sources no longer have: $fix"
fi
# ---- each catalog against the template
for po in "$top"/po/*.po; do
    l=$(basename "$po" .po)
    if msgcmp -N --use-fuzzy --use-untranslated "$po" "$top/po/custkit.pot" 2>"$T/cmp.err"; then
        ok "$l.po has every message of po/custkit.pot"
    else
        not_ok "$l.po lacks messages of po/custkit.pot: $fix" "$(head -8 "$T/cmp.err")"
    fi
    stats=$(LC_ALL=C msgfmt --check --statistics -o /dev/null "$po" 2>&1)
    case $stats in
    *fuzzy* | *untranslated*)
        not_ok "$l.po: every message translated, none fuzzy: $fix" "$stats" \
            "$({ msgattrib --untranslated --no-obsolete "$po"; msgattrib --only-fuzzy --no-obsolete "$po"; } 2>/dev/null | grep '^msgid "[^"]' | head -5)"
        ;;
    *" translated message"*) ok "$l.po: $stats" ;;
    *) not_ok "$l.po: msgfmt --check" "$stats" ;;
    esac
done
# ---- every message function is called with a literal format, which xgettext can read (a
# format chosen by ?: is extracted only in its first branch: mark both with N_())
if /usr/bin/python3 "$(dirname "$0")/catalog_formats.py" "$top" >"$T/fmt.out" 2>&1; then
    ok "message functions get literal formats (or N_() ones)"
else
    not_ok "message functions with a format xgettext cannot read" "$(head -5 "$T/fmt.out")"
fi
