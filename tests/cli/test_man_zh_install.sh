#!/bin/sh
# test_man_zh_install.sh — the Chinese manual pages reach their reader: `make install` puts them
# in $(MANDIR)/zh_CN/man1 and man5, man(1) shows them for a Chinese locale (and still the English
# ones otherwise), and `custkit CMD --help` picks the Chinese page when the messages are Chinese,
# from the source tree and from an installed tree alike.
. "$(dirname "$0")/../lib.sh"

# ---- make install ----
root=$T/root
if make -s -C "$top" install DESTDIR="$root" PREFIX=/usr BUILD="${BUILD:-$top/build}" \
    >"$T/install.out" 2>&1; then
    ok "make install DESTDIR=..."
else
    not_ok "make install DESTDIR=..." "$(tail -5 "$T/install.out")"
fi
mandir=$root/usr/share/man
missing=
for page in "$top"/man/*.[15]; do
    name=$(basename "$page")
    sec=man${name##*.}
    [ -f "$mandir/$sec/$name" ] || missing="$missing $sec/$name"
    cmp -s "$top/man/zh_CN/$name" "$mandir/zh_CN/$sec/$name" || missing="$missing zh_CN/$sec/$name"
done
expect_eq "every page installed in English and in Chinese" "${missing:-none}" "none"

# ---- man(1) on the installed tree ----
bs=$(printf '\b')
# show [ENV...]: the page custkit-clean as man shows it on a terminal 80 columns wide, without
# the overstrikes of bold and underline; the formatter's messages go to $T/fmt.err
show() {
    env -u LC_ALL -u LANGUAGE -u LC_MESSAGES MANWIDTH=80 MANPATH="$mandir" "$@" \
        man custkit-clean 2>"$T/fmt.err" | sed "s/.$bs//g"
}
if command -v man >/dev/null 2>&1; then
    show LANG=C.UTF-8 >"$T/en.txt"
    if grep -q '^NAME' "$T/en.txt" && grep -q 'normalise, validate and deduplicate' "$T/en.txt"; then
        ok "man custkit-clean: English without a Chinese locale"
    else
        not_ok "man custkit-clean: English without a Chinese locale" "$(head -5 "$T/en.txt")"
    fi
    env -u LC_ALL -u LANGUAGE MANWIDTH=80 MANPATH="$mandir" LANG=C.UTF-8 \
        man -L zh_CN custkit-clean 2>"$T/fmt.err" | sed "s/.$bs//g" >"$T/zh.txt"
    if grep -q '^名称' "$T/zh.txt" && grep -q '规范化、校验客户表并去重' "$T/zh.txt" &&
        grep -q '^退出状态' "$T/zh.txt"; then
        ok "man -L zh_CN custkit-clean: Chinese"
    else
        not_ok "man -L zh_CN custkit-clean: Chinese" "$(head -5 "$T/zh.txt")"
    fi
    expect_eq "the Chinese page formats without a message" "$(head -3 "$T/fmt.err")" ""
    # Lines break between Chinese characters: on every page, no line of text is wider than the
    # 80 columns asked for (groff 1.22 alone runs a Chinese paragraph on in one line). Examples
    # are kept as written, as in the English pages: a line found verbatim in the page's source.
    for page in "$top"/man/zh_CN/*.[15]; do
        env -u LC_ALL -u LANGUAGE MANWIDTH=80 LANG=C.UTF-8 man -l "$page" 2>/dev/null |
            sed "s/.$bs//g" >"$T/page.txt"
        wide=$(/usr/bin/python3 - "$T/page.txt" "$page" <<'PY'
import sys, unicodedata
src = open(sys.argv[2], encoding='utf-8').read()
for esc, c in (('\\-', '-'), ('\\(aq', "'"), ('\\(dq', '"'), ('\\(ha', '^'), ('\\(mu', '\u00d7'),
               ('\\e', '\\'), ('\\&', '')):
    src = src.replace(esc, c)
for line in open(sys.argv[1], encoding='utf-8'):
    line = line.rstrip('\n')
    width = sum(2 if unicodedata.east_asian_width(c) in 'WF' else 1 for c in line)
    if width > 80 and line.strip() not in src:
        print(width, line.strip()[:60])
PY
)
        name=$(basename "$page")
        if [ -z "$wide" ]; then ok "$name: Chinese lines fit in 80 columns"; else
            not_ok "$name: Chinese lines fit in 80 columns" "$(echo "$wide" | head -3)"
        fi
    done
    # LANG=zh_CN.UTF-8 itself needs that locale; build one here when the system has its source.
    mkdir -p "$T/locale"
    if localedef -i zh_CN -f UTF-8 "$T/locale/zh_CN.UTF-8" >/dev/null 2>&1; then
        show LOCPATH="$T/locale" LANG=zh_CN.UTF-8 >"$T/zh2.txt"
        if grep -q '^名称' "$T/zh2.txt" && grep -q '规范化、校验客户表并去重' "$T/zh2.txt"; then
            ok "LANG=zh_CN.UTF-8 man custkit-clean: Chinese"
        else
            not_ok "LANG=zh_CN.UTF-8 man custkit-clean: Chinese" "$(head -5 "$T/zh2.txt")"
        fi
        have_locale=1
    else
        skip "LANG=zh_CN.UTF-8 man custkit-clean: Chinese" "no zh_CN locale source for localedef"
        have_locale=
    fi
else
    skip "man(1) shows the installed pages" "man-db is not installed"
    have_locale=
fi

# ---- custkit CMD --help: which page ----
# A stand-in man(1) that prints the page it was given: the choice is tested without a locale.
mkdir -p "$T/bin"
printf '#!/bin/sh\n[ "$1" = -l ] && shift\necho "$1"\n' >"$T/bin/man"
chmod +x "$T/bin/man"
# page EXPECT NAME ENV... -- ARGS...: custkit ARGS, under ENV, shows the page EXPECT
page() {
    want=$1 name=$2; shift 2
    envs=
    while [ "$1" != -- ]; do envs="$envs $1"; shift; done
    shift
    # shellcheck disable=SC2086 # ENV words split on purpose
    got=$(env -u LC_ALL -u LANGUAGE -u LC_MESSAGES -u LANG -u CUSTKIT_MANDIR PATH="$T/bin:$PATH" \
        $envs "${bin:-$CUSTKIT}" "$@" 2>&1)
    [ -e "$got" ] && got=$(readlink -f "$got") # build/../man/x as man/x
    expect_eq "$name" "$got" "$(readlink -f "$want")"
}
src=$(cd "$(dirname "$CUSTKIT")/.." && pwd)/man # the source tree next to the binary
page "$src/zh_CN/custkit-clean.1" "LANG=zh_CN.UTF-8: the Chinese page" LANG=zh_CN.UTF-8 -- clean --help
page "$src/custkit-clean.1" "LANG=en_US.UTF-8: the English page" LANG=en_US.UTF-8 -- clean --help
page "$src/custkit-clean.1" "no locale at all: the English page" -- clean --help
page "$src/custkit-clean.1" "LC_ALL=C.UTF-8 over LANG=zh_CN.UTF-8: English" \
    LC_ALL=C.UTF-8 LANG=zh_CN.UTF-8 -- clean --help
page "$src/zh_CN/custkit-clean.1" "LC_MESSAGES=zh_TW.UTF-8 over LANG=en_US.UTF-8: Chinese" \
    LANG=en_US.UTF-8 LC_MESSAGES=zh_TW.UTF-8 -- clean --help
page "$src/zh_CN/custkit-clean.1" "LANGUAGE=zh_CN:en in an English locale: Chinese" \
    LANG=en_US.UTF-8 LANGUAGE=zh_CN:en -- clean --help
# LANGUAGE, when set, decides, in the C locale too: custkit's messages are Chinese there as well
page "$src/zh_CN/custkit-clean.1" "LANGUAGE=zh_CN in the C locale: Chinese, as the messages" \
    LANG=C LANGUAGE=zh_CN -- clean --help
page "$src/zh_CN/custkit-clean.1" "LANGUAGE=zh_CN over LC_ALL=C.UTF-8: Chinese" \
    LC_ALL=C.UTF-8 LANGUAGE=zh_CN -- clean --help
page "$src/custkit-clean.1" "LANGUAGE=en_US over LANG=zh_CN.UTF-8: English" \
    LANG=zh_CN.UTF-8 LANGUAGE=en_US -- clean --help
page "$src/zh_CN/custkit-clean.1" "LANGUAGE=fr:zh_CN: Chinese, the first language with a page" \
    LANG=C.UTF-8 LANGUAGE=fr:zh_CN -- clean --help
page "$src/custkit-clean.1" "LANGUAGE=en:zh_CN: English first" \
    LANG=C.UTF-8 LANGUAGE=en:zh_CN -- clean --help
page "$src/zh_CN/custkit-segment.1" "custkit segment -h: Chinese" LANG=zh_CN.UTF-8 -- segment -h
page "$src/zh_CN/custkit-rules.5" "custkit help rules: Chinese" LANG=zh_CN.UTF-8 -- help rules
page "$src/zh_CN/custkit-profile.5" "custkit help profile: Chinese" LANG=zh_CN.UTF-8 -- help profile
page "$src/custkit-profile.5" "custkit help profile: English" LANG=C.UTF-8 LANGUAGE= -- help profile
page "$src/zh_CN/custkit.1" "custkit help: Chinese" LANG=zh_CN.UTF-8 -- help
# CUSTKIT_MANDIR: its zh_CN/ when there is one, else its English page
mkdir -p "$T/enonly"
cp "$top/man/custkit-tag.1" "$T/enonly/"
page "$T/enonly/custkit-tag.1" "CUSTKIT_MANDIR without zh_CN/: the English page" \
    LANG=zh_CN.UTF-8 CUSTKIT_MANDIR="$T/enonly" -- tag --help
page "$top/man/zh_CN/custkit-tag.1" "CUSTKIT_MANDIR with zh_CN/: the Chinese page" \
    LANG=zh_CN.UTF-8 CUSTKIT_MANDIR="$top/man" -- tag --help
# the installed binary finds the installed pages: share/man/zh_CN/man1 beside share/man/man1
if [ -x "$root/usr/bin/custkit" ]; then
    bin=$root/usr/bin/custkit
    page "$mandir/zh_CN/man1/custkit-export.1" "installed: the Chinese page" \
        LANG=zh_CN.UTF-8 -- export --help
    page "$mandir/zh_CN/man5/custkit-rules.5" "installed: the Chinese rules page" \
        LANG=zh_CN.UTF-8 -- help rules
    page "$mandir/man5/custkit-profile.5" "installed: the English profile page" \
        LANG=en_US.UTF-8 -- help profile
    page "$mandir/man1/custkit-export.1" "installed: the English page" LANG=en_US.UTF-8 -- export --help
    bin=
fi

# ---- custkit clean --help as a reader sees it ----
if [ -n "$have_locale" ]; then
    env -u LC_ALL -u LANGUAGE LOCPATH="$T/locale" LANG=zh_CN.UTF-8 MANWIDTH=80 \
        "$CUSTKIT" clean --help 2>&1 | sed "s/.$bs//g" >"$T/help.txt"
    if grep -q '^名称' "$T/help.txt" && grep -q '^选项' "$T/help.txt"; then
        ok "LANG=zh_CN.UTF-8 custkit clean --help: Chinese"
    else
        not_ok "LANG=zh_CN.UTF-8 custkit clean --help: Chinese" "$(head -5 "$T/help.txt")"
    fi
fi
env -u LC_ALL -u LANGUAGE LANG=C.UTF-8 MANWIDTH=80 "$CUSTKIT" clean --help 2>&1 |
    sed "s/.$bs//g" >"$T/help.txt"
if grep -q '^NAME' "$T/help.txt" && grep -q '^OPTIONS' "$T/help.txt"; then
    ok "LANG=C.UTF-8 custkit clean --help: English"
else
    not_ok "LANG=C.UTF-8 custkit clean --help: English" "$(head -5 "$T/help.txt")"
fi
