#!/bin/sh
# make-template-png.sh — render the workbook `custkit template` writes to PNGs for the README:
# the entry sheet filled with the three example customers of tests/interop/fill_template.py,
# and the 填写说明 sheet. LibreOffice prints the workbook to PDF; each page is cut to its text
# (pdftotext -bbox) and turned into PNG by pdftoppm.
#
# usage: docs/make-template-png.sh [CUSTKIT [OUT_DIR]]   (default: build/custkit docs)
# Needs soffice (libreoffice-calc-nogui), pdftoppm and pdftotext (poppler-utils), Debian's
# python3 with openpyxl, and a CJK font (fonts-wqy-microhei or fonts-noto-cjk).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
ck=${1:-$top/build/custkit}
out=${2:-$top/docs}
for tool in soffice pdftoppm pdftotext; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "make-template-png: $tool not found (apt-get install libreoffice-calc-nogui poppler-utils)" >&2
        exit 2
    fi
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/template-png.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1796000000} "$ck" template -q -o "$tmp/blank.xlsx"
/usr/bin/python3 "$top/tests/interop/fill_template.py" "$tmp/blank.xlsx" "$tmp/template.xlsx" zh
if ! soffice -env:UserInstallation="file://$tmp/profile" --headless --convert-to pdf \
    --outdir "$tmp" "$tmp/template.xlsx" >"$tmp/log" 2>&1 || [ ! -s "$tmp/template.pdf" ]; then
    echo "make-template-png: LibreOffice could not print the template:" >&2
    cat "$tmp/log" >&2
    exit 1
fi
# page N NAME DPI: page N cut to its text with a margin, at DPI (the entry sheet is printed
# one page wide, so small: it is rendered finer)
page() {
    dpi=$3
    box=$(pdftotext -f "$1" -l "$1" -bbox "$tmp/template.pdf" - | awk -v dpi=$dpi '
        /<word / { for (i = 1; i <= NF; i++) { split($i, kv, "\""); k = kv[1]; v = kv[2] + 0
                   if (k == "xMin=") x0 = (n && x0 < v) ? x0 : v; if (k == "yMin=") y0 = (n && y0 < v) ? y0 : v
                   if (k == "xMax=") x1 = (n && x1 > v) ? x1 : v; if (k == "yMax=") y1 = (n && y1 > v) ? y1 : v }
                   n++ }
        END { s = dpi / 72; m = 12; printf "%d %d %d %d", x0 * s - m, y0 * s - m, (x1 - x0) * s + 2 * m, (y1 - y0) * s + 2 * m }')
    set -- "$1" "$2" $box
    pdftoppm -png -r $dpi -f "$1" -l "$1" -x "$3" -y "$4" -W "$5" -H "$6" -singlefile \
        "$tmp/template.pdf" "$tmp/page"
    mkdir -p "$out"
    mv "$tmp/page.png" "$out/$2"
    echo "make-template-png: wrote $out/$2"
}
page 1 template.png 300
page 2 template-help.png 150
