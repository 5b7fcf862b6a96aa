# Helpers for custkit's shell tests: source it, call the checks, each prints "ok"/"not ok".
# CUSTKIT is the binary under test; T is a scratch directory removed at exit.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
ex="$top/examples"
golden="$(cd "$(dirname "$0")" && pwd)/golden"
: "${CUSTKIT:=$top/build/custkit}"
ck() { "$CUSTKIT" "$@"; }
# As tests/run.sh: messages in English whatever the developer's locale and language (the tests
# compare them); a test of the translations sets LANGUAGE for its runs.
LC_ALL=C.UTF-8
export LC_ALL
unset LANGUAGE CUSTKIT_LOCALEDIR
# As tests/run.sh: workbooks made in a test record a fixed time, so their bytes compare.
: "${SOURCE_DATE_EPOCH:=1796000000}"
export SOURCE_DATE_EPOCH
T=$(mktemp -d "${TMPDIR:-/tmp}/custkit-test.XXXXXX")
trap 'rm -rf "$T"' EXIT
n=0

ok()     { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $1"; shift; for l in "$@"; do echo "#   $l"; done; }
# skip NAME REASON: a check that cannot run here (a tool missing, no permission). tests/run.sh
# counts it as skipped, not passed, and under CI=true as failed.
skip()   { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }
# not_applicable REASON: the whole file has nothing to check in this build (for example
# valgrind on a build under ASan); tests/run.sh shows the reason and counts nothing.
not_applicable() { echo "# n/a $1"; }

# need_openpyxl: stop the file, failed, when Debian's python3 cannot read workbooks back (the
# python3 on PATH may be another interpreter; tests call /usr/bin/python3)
need_openpyxl() {
    if ! /usr/bin/python3 -c 'import openpyxl' 2>/dev/null; then
        not_ok "python3-openpyxl is needed to read the workbooks back (apt-get install python3-openpyxl)"
        exit 1
    fi
}

# expect_eq NAME GOT WANT
expect_eq() {
    if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "got:  $2" "want: $3"; fi
}

# expect_file_eq NAME GOT_FILE WANT_FILE
expect_file_eq() {
    if cmp -s "$2" "$3"; then ok "$1"; else not_ok "$1" "$(diff "$3" "$2" | head -20)"; fi
}

# expect_golden NAME FILE: compare FILE with tests/cli/golden/NAME. Under make update-goldens
# (UPDATE_GOLDEN=1, refused by make check) it rewrites the golden instead and checks nothing.
expect_golden() {
    if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
        cp "$2" "$golden/$1" && echo "# updated golden $1"
        return
    fi
    if [ ! -f "$golden/$1" ]; then not_ok "$1 (no golden file $golden/$1)"; return; fi
    expect_file_eq "golden $1" "$2" "$golden/$1"
}

# expect_exit NAME WANT_STATUS command... (stdout → $T/out, stderr → $T/err)
expect_exit() {
    name=$1 want=$2; shift 2
    "$@" >"$T/out" 2>"$T/err"
    rc=$?
    if [ "$rc" -eq "$want" ]; then ok "$name (exit $want)"; else
        not_ok "$name" "exit $rc, want $want" "stderr: $(head -3 "$T/err")"; fi
}

# zh_like EN_ERR ZH_ERR: nothing when ZH_ERR says what EN_ERR says, in Chinese: as many lines,
# each with a Chinese character and beginning as its English line does up to the message text
# ("custkit CMD: " and the FILE: or FILE:LINE:COL: locations, which are not translated, so
# that scripts can read them whatever the language); else what is wrong, and status 1.
zh_like() {
    perl -CSD -e '
        my @e = do { open my $f, "<", $ARGV[0] or die; <$f> };
        my @z = do { open my $f, "<", $ARGV[1] or die; <$f> };
        if (@e != @z) { printf "%d English lines, %d Chinese: %s", ~~@e, ~~@z, $z[0] // "\n"; exit 1 }
        for my $i (0 .. $#e) {
            my ($en, $zh) = ($e[$i], $z[$i]);
            chomp($en, $zh);
            my ($p) = $en =~ m{^(custkit [a-z]+: (?:(?:[^ ]*[/.<][^ ]*?|[^ ]+?:\d+(?::\d+)?): )*)};
            $p //= "";
            if ($zh !~ /\p{Han}/) { print "not in Chinese: $zh\n"; exit 1 }
            if (index($zh, $p) != 0) { print "does not begin with \"$p\": $zh\n"; exit 1 }
        }' "$1" "$2"
}

# expect_zh NAME EN_ERR ZH_ERR: ZH_ERR is EN_ERR in Chinese (zh_like)
expect_zh() {
    if why=$(zh_like "$2" "$3"); then ok "$1"; else not_ok "$1" "$why" "English: $(head -2 "$2")"; fi
}

# expect_grep NAME PATTERN FILE
expect_grep() {
    if grep -q -- "$2" "$3"; then ok "$1"; else not_ok "$1" "no '$2' in $3:" "$(head -5 "$3")"; fi
}
