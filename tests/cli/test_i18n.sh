# test_i18n.sh — messages in the user's language (gettext, po/zh_CN.po): LANGUAGE, LC_ALL,
# LC_MESSAGES and LANG choose it as for every GNU tool, also where no zh_CN locale exists (the
# C locale of a minimal system); the "custkit CMD: FILE:LINE:" prefixes stay as they are; exit
# statuses and the data written do not change with the language; numbers are read the same.
. "$(dirname "$0")/../lib.sh"
export CUSTKIT_TODAY=2026-11-29 TZ=UTC
cd "$T" || exit 1
has_han() { perl -CSD -e 'while (<>) { exit 0 if /\p{Han}/ } exit 1' "$1"; }

# ---- the acceptance case, in an environment holding nothing else (locale C)
env -i PATH="$PATH" LANGUAGE=zh_CN "$CUSTKIT" clean nosuchfile >"$T/out" 2>"$T/err"
expect_eq "env -i LANGUAGE=zh_CN clean nosuchfile: exit status unchanged" $? 3
if has_han "$T/err"; then ok "env -i LANGUAGE=zh_CN clean nosuchfile: in Chinese ($(cat "$T/err"))"
else not_ok "env -i LANGUAGE=zh_CN clean nosuchfile: in Chinese" "$(cat "$T/err")"; fi
expect_grep "the prefix stays first and untranslated" '^custkit clean: nosuchfile: ' "$T/err"
env -i PATH="$PATH" "$CUSTKIT" clean nosuchfile 2>"$T/en.err"
expect_eq "without LANGUAGE: English" "$(cat "$T/en.err")" \
    "custkit clean: nosuchfile: No such file or directory"

# ---- what asks for the language, and what wins
for e in "LANGUAGE=zh_CN LC_ALL=C" "LANGUAGE=zh_CN LC_ALL=C.UTF-8" "LANGUAGE=zh_CN:en" \
    "LANG=zh_CN.UTF-8" "LC_MESSAGES=zh_CN.UTF-8 LANG=en_US.UTF-8" "LC_ALL=zh_CN.UTF-8" \
    "LANGUAGE=zh_CN LANG=en_US.UTF-8"; do
    # shellcheck disable=SC2086
    env -i PATH="$PATH" $e "$CUSTKIT" segment --by nosuch "$ex/customers_en.csv" >/dev/null 2>"$T/err"
    rc=$?
    if [ $rc -eq 2 ] && has_han "$T/err"; then ok "$e: a usage error in Chinese (exit 2)"
    else not_ok "$e: a usage error in Chinese" "exit $rc" "$(head -2 "$T/err")"; fi
done
for e in "LC_ALL=C.UTF-8" "LANG=C" "LC_ALL=C.UTF-8 LANG=zh_CN.UTF-8" "LANGUAGE= LANG=C.UTF-8" \
    "LANGUAGE=zh_CN CUSTKIT_LOCALEDIR=$T/none"; do
    # shellcheck disable=SC2086
    env -i PATH="$PATH" $e "$CUSTKIT" segment --by nosuch "$ex/customers_en.csv" >/dev/null 2>"$T/err"
    if has_han "$T/err"; then not_ok "$e: English" "$(head -2 "$T/err")"
    else ok "$e: English"; fi
done

# ---- usage errors, did-you-mean, the command list: translated, status unchanged
zh() { LANGUAGE=zh_CN "$CUSTKIT" "$@"; }
expect_exit "unknown option, zh_CN" 2 zh clean --invalid-option
expect_grep "unknown option: message and hint in Chinese" "^custkit clean: 未知选项 '--invalid-option'" "$T/err"
expect_grep "unknown option: the hint" "^请尝试 'custkit clean --help'。" "$T/err"
expect_exit "mistyped command, zh_CN" 2 zh cleen
expect_grep "mistyped command: did you mean, in Chinese" "^custkit: 'cleen' 不是 custkit 命令；您是否指 'clean'？" "$T/err"
expect_grep "mistyped command: the command list in Chinese" "规范化、校验并去重" "$T/err"
expect_exit "mistyped option, zh_CN" 2 zh segment --by-x rfm
expect_grep "mistyped option: did you mean" "您是否指 '--by'" "$T/err"

# ---- a FILE:LINE:COL: location stays first
printf '[g]\nt = amount >> 1\n' >"$T/bad.rules"
printf 'id,amount\n1,5\n' >"$T/t.csv"
expect_exit "rules syntax error, zh_CN" 2 zh tag -r "$T/bad.rules" "$T/t.csv"
mv "$T/err" "$T/zh.err"
"$CUSTKIT" tag -r "$T/bad.rules" "$T/t.csv" 2>"$T/en.err"
expect_zh "rules syntax error: in Chinese, after custkit tag: FILE:LINE:COL:" "$T/en.err" "$T/zh.err"
expect_grep "rules syntax error: the location" "^custkit tag: $T/bad.rules:2:" "$T/zh.err"

# ---- the summary lines on stderr; the data written is the same in both languages
"$CUSTKIT" clean --orders "$ex/orders.csv" -o en.clean "$ex/customers_zh.csv" 2>en.err
zh clean --orders "$ex/orders.csv" -o zh.clean "$ex/customers_zh.csv" 2>zh.err
expect_file_eq "clean: the same table in Chinese" zh.clean en.clean
expect_zh "clean: its accounting in Chinese" en.err zh.err
for w in segment tag; do
    opt="--by rfm"
    [ $w = tag ] && opt="-r $ex/tags.rules"
    # shellcheck disable=SC2086
    "$CUSTKIT" $w $opt -o en.$w en.clean 2>en.err
    # shellcheck disable=SC2086
    zh $w $opt -o zh.$w en.clean 2>zh.err
    expect_file_eq "$w: the same table in Chinese" zh.$w en.$w
    grep '^custkit' en.err >en.msg
    grep '^custkit' zh.err >zh.msg
    expect_zh "$w: its summary in Chinese" en.msg zh.msg
done
"$CUSTKIT" export --format csv --split en.dir en.segment 2>en.err
zh export --format csv --split zh.dir en.segment 2>zh.err
if diff -r en.dir zh.dir >/dev/null; then ok "export --format csv: the same files in Chinese"
else not_ok "export --format csv: the same files in Chinese" "$(diff -r en.dir zh.dir | head -5)"; fi
expect_zh "export --format csv: its summary in Chinese" en.err zh.err
"$CUSTKIT" export -q -o en.xlsx en.clean
zh export -q -o zh.xlsx en.clean
expect_file_eq "export: the same workbook in Chinese" zh.xlsx en.xlsx
"$CUSTKIT" import --list-sheets "$ex/customers.xlsx" >en.list 2>/dev/null
zh import --list-sheets "$ex/customers.xlsx" >zh.list 2>/dev/null
expect_file_eq "import --list-sheets: the same listing in Chinese" zh.list en.list

# ---- numbers are read and written with '.' whatever the locale (LC_NUMERIC stays C): in
# locales generated here (LOCPATH), as a minimal system has none
printf 'id,amount,last_purchase,orders\n1,1000.7,2026-01-01,2\n2,99.25,2026-02-01,1\n3,0.5,2026-03-01,1\n' >n.csv
printf '[size]\nbig = amount > 1000.5\nsmall = amount < 0.75\n' >n.rules
num_run() { # PREFIX [ENV...]: tag and segment n.csv, outputs in PREFIX.*
    p=$1
    shift
    env "$@" "$CUSTKIT" tag -q -r n.rules -o "$p.tag" n.csv &&
        env "$@" "$CUSTKIT" segment -o "$p.seg" "$p.tag" 2>"$p.err"
}
num_run en
expect_eq "the rules read 1000.7 > 1000.5 and 0.5 < 0.75" "$(cut -d, -f1,5 en.tag | tr '\n' ' ')" \
    "id,size 1,big 2, 3,small "
mkdir loc
if localedef -i de_DE -f UTF-8 loc/de_DE.UTF-8 >/dev/null 2>&1 &&
    localedef -i zh_CN -f UTF-8 loc/zh_CN.UTF-8 >/dev/null 2>&1; then
    for loc in de_DE.UTF-8 zh_CN.UTF-8; do
        num_run $loc LOCPATH="$T/loc" LC_ALL=$loc
        expect_file_eq "LC_ALL=$loc (generated): the rules read numbers with '.'" $loc.tag en.tag
        expect_file_eq "LC_ALL=$loc (generated): segment reads them so too" $loc.seg en.seg
    done
    expect_file_eq "LC_ALL=de_DE.UTF-8: the summary (English, no catalog) writes '.'" \
        de_DE.UTF-8.err en.err
    # the message lines; the table of segments below them names segments in the table's language
    grep '^custkit' en.err >en.msg
    grep '^custkit' zh_CN.UTF-8.err >zh.msg
    expect_zh "LC_ALL=zh_CN.UTF-8 (generated): the summary in Chinese" en.msg zh.msg
else
    skip "numbers in a de_DE.UTF-8 locale" "localedef cannot generate de_DE.UTF-8 here"
fi

# ---- the installed layout: PREFIX/bin/custkit finds PREFIX/share/locale
mo=$(dirname "$CUSTKIT")/locale/zh_CN/LC_MESSAGES/custkit.mo
mkdir -p inst/bin inst/share/locale/zh_CN/LC_MESSAGES
cp "$CUSTKIT" inst/bin/ && cp "$mo" inst/share/locale/zh_CN/LC_MESSAGES/
env -i PATH="$PATH" LANGUAGE=zh_CN inst/bin/custkit clean --invalid-option 2>"$T/err"
if has_han "$T/err"; then ok "installed: bin/../share/locale found"
else not_ok "installed: bin/../share/locale found" "$(head -1 "$T/err")"; fi
rm -r inst/share/locale/zh_CN
env -i PATH="$PATH" LANGUAGE=zh_CN CUSTKIT_LOCALEDIR="$(dirname "$CUSTKIT")/locale" \
    inst/bin/custkit clean --invalid-option 2>"$T/err"
if has_han "$T/err"; then ok "CUSTKIT_LOCALEDIR names the catalogs"
else not_ok "CUSTKIT_LOCALEDIR names the catalogs" "$(head -1 "$T/err")"; fi
