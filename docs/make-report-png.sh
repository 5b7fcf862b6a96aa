#!/bin/sh
# make-report-png.sh — render the summary sheet of a custkit report to a PNG for the README:
# LibreOffice prints the workbook to PDF, pdftoppm turns the first page (the summary) into PNG.
#
# usage: docs/make-report-png.sh [REPORT.xlsx [OUT.png [PAGE]]]
#   (default: report.xlsx docs/report.png 1; PAGE "last" is the last page: the 趋势 sheet of
#   a report made with export --history, the last sheet, fitted to one page)
#   PASSWORD_FILE=FILE: the report is encrypted (export --password-file); LibreOffice opens it
#   with the password on FILE's first line (through python-uno: tests/interop/lo_password.py)
# Needs soffice (libreoffice-calc-nogui), pdftoppm (poppler-utils) and a CJK font
# (fonts-wqy-microhei or fonts-noto-cjk), or Chinese text renders as boxes.
set -eu
in=${1:-report.xlsx}
out=${2:-docs/report.png}
page=${3:-1}
for tool in soffice pdftoppm; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "make-report-png: $tool not found (apt-get install libreoffice-calc-nogui poppler-utils)" >&2
        exit 2
    fi
done
if [ ! -f "$in" ]; then
    echo "make-report-png: no $in (make demo writes report.xlsx)" >&2
    exit 2
fi
if command -v fc-list >/dev/null 2>&1 && [ -z "$(fc-list :lang=zh 2>/dev/null)" ]; then
    echo "make-report-png: warning: no CJK font installed (apt-get install fonts-wqy-microhei)" >&2
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/report-png.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cp "$in" "$tmp/report.xlsx"
# A private profile, so a running LibreOffice (or another conversion) does not interfere.
if [ -n "${PASSWORD_FILE:-}" ]; then
    pw=$(head -n 1 "$PASSWORD_FILE" | tr -d '\r')
    if ! /usr/bin/python3 "$(dirname "$0")/../tests/interop/lo_password.py" "$tmp/profile" pdf \
        "$tmp/report.xlsx" "$pw" "$tmp/report.pdf" >"$tmp/log" 2>&1 || [ ! -s "$tmp/report.pdf" ]; then
        echo "make-report-png: LibreOffice could not open $in with the password:" >&2
        cat "$tmp/log" >&2
        exit 1
    fi
elif ! soffice -env:UserInstallation="file://$tmp/profile" --headless --convert-to pdf \
    --outdir "$tmp" "$tmp/report.xlsx" >"$tmp/log" 2>&1 || [ ! -s "$tmp/report.pdf" ]; then
    echo "make-report-png: LibreOffice could not print $in:" >&2
    cat "$tmp/log" >&2
    exit 1
fi
# The summary sheet is set up to print on one landscape page: page 1.
if [ "$page" = last ]; then
    page=$(pdfinfo "$tmp/report.pdf" | sed -n 's/^Pages: *//p')
fi
pdftoppm -png -r 100 -f "$page" -l "$page" -singlefile "$tmp/report.pdf" "$tmp/page"
mkdir -p "$(dirname "$out")"
mv "$tmp/page.png" "$out"
echo "make-report-png: wrote $out"
