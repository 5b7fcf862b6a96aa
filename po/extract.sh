#!/bin/sh
# extract.sh OUT.pot — every message of custkit, from the sources, as a gettext template.
# The messages are the format strings of the message functions (translated inside them) and
# the texts marked _() or N_(). A new message function needs its --keyword and --flag here.
# Run by `make po` (which merges po/*.po after it) and by the catalog check of make check.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
err=$(mktemp "${TMPDIR:-/tmp}/custkit-xgettext.XXXXXX")
trap 'rm -f "$err"' EXIT
rc=0
# shellcheck disable=SC2046
xgettext --from-code=UTF-8 --language=C --package-name=custkit \
    --add-comments=TRANSLATORS: --add-location=file --sort-output --no-wrap \
    --keyword=_ --keyword=N_ \
    --keyword=cli_msg:2 --flag=cli_msg:2:c-format \
    --keyword=cli_usage:2 --flag=cli_usage:2:c-format \
    --keyword=ck_error_set:3 --flag=ck_error_set:3:c-format \
    --keyword=perr:3 --flag=perr:3:c-format \
    --keyword=xlsx_xml_fail:3 --flag=xlsx_xml_fail:3:c-format \
    --keyword=profile_err:3 --flag=profile_err:3:c-format \
    --keyword=profile_fail:2 --flag=profile_fail:2:c-format \
    --flag=_:1:pass-c-format --flag=N_:1:pass-c-format \
    -o "$1" $(ls cmd/*.c lib/*/*.c | LC_ALL=C sort) po/library-messages.c 2>"$err" || rc=$?
# custkit has no address for reports on its messages; the rest of what xgettext says is shown
grep -v -e 'msgid-bugs-address' -e 'MSGID_BUGS_ADDRESS' -e "'Makevars'" "$err" >&2 || true
exit "$rc"
