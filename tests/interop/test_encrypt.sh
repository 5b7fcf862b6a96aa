#!/bin/sh
# Encrypted workbooks (export/import --password-file): checked by readers that are not custkit
# (msoffcrypto-tool and openpyxl, LibreOffice through python-uno) and against an encryptor
# that is not custkit (tests/interop/agile_encrypt.py, from [MS-OFFCRYPTO]).
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
here=$(cd "$(dirname "$0")" && pwd)
need_openpyxl
cd "$T" || exit 1
pass='Ké y 42!'
printf '%s\n' "$pass" >pw
printf 'not the password\r\n' >wrong
: >empty
ck import "$ex/customers_en.csv" -o in.csv 2>/dev/null
ck export -q in.csv -o plain.xlsx

# ---- export
expect_exit "export --password-file writes a workbook" 0 \
    ck export --audit audit.jsonl --password-file pw in.csv -o enc.xlsx
cat "$T/err" >all.err
expect_eq "the encrypted workbook is an OLE2 compound file" \
    "$(od -An -tx1 -N8 enc.xlsx | tr -d ' ')" "d0cf11e0a1b11ae1"
expect_eq "export leaves no temporary file beside the target" "$(find . -maxdepth 1 -name '.enc*' | wc -l)" 0
mkdir tmpd
expect_exit "export with TMPDIR" 0 env TMPDIR="$T/tmpd" "$CUSTKIT" export -q --password-file pw \
    in.csv -o enc2.xlsx
expect_eq "the plaintext temporary file is gone from TMPDIR" "$(find tmpd -mindepth 1 | wc -l)" 0
expect_exit "CUSTKIT_PASSWORD_FILE encrypts too" 0 \
    env CUSTKIT_PASSWORD_FILE="$T/pw" "$CUSTKIT" export -q in.csv -o enc3.xlsx
expect_eq "... an OLE2 compound file" "$(od -An -tx1 -N8 enc3.xlsx | tr -d ' ')" "d0cf11e0a1b11ae1"
cmp -s enc.xlsx enc2.xlsx
expect_eq "each encryption has its own salts and keys" "$?" 1

if /usr/bin/python3 -c 'import msoffcrypto' 2>/dev/null; then
    /usr/bin/python3 - enc.xlsx enc3.xlsx <<EOF >mso.out 2>&1
import io, sys, msoffcrypto, openpyxl
want = open("plain.xlsx", "rb").read()
for path in sys.argv[1:]:
    f = msoffcrypto.OfficeFile(open(path, "rb"))
    f.load_key(password="$pass")
    out = io.BytesIO()
    f.decrypt(out, verify_integrity=True)   # raises on a wrong HMAC
    a, b = openpyxl.load_workbook(out), openpyxl.load_workbook("plain.xlsx")
    assert a.sheetnames == b.sheetnames, (a.sheetnames, b.sheetnames)
    for s in a.sheetnames:
        x = [[c.value for c in r] for r in a[s].iter_rows()]
        y = [[c.value for c in r] for r in b[s].iter_rows()]
        assert x == y, s
    assert out.getvalue() == want, "decrypted bytes differ from the plain export"
    info = msoffcrypto.OfficeFile(open(path, "rb"))
    assert info.type == "agile", info.type
print("same")
EOF
    expect_eq "msoffcrypto-tool decrypts (integrity checked) to the same workbook, cell for cell" \
        "$(tail -1 mso.out)" "same"
else
    skip "msoffcrypto-tool decrypts the workbook" "python3-msoffcrypto-tool is not installed"
fi

# ---- import
ck import plain.xlsx -o plain.csv 2>/dev/null
expect_exit "import --password-file opens custkit's encrypted workbook" 0 \
    ck import --audit audit.jsonl --password-file pw enc.xlsx -o dec.csv
cat "$T/err" >>all.err
expect_file_eq "it reads the same table as the unencrypted workbook" dec.csv plain.csv
expect_exit "a wrong password" 3 ck import --password-file wrong enc.xlsx
cat "$T/err" >>all.err
expect_grep "a wrong password says so" "enc.xlsx: wrong password" "$T/err"
expect_exit "no password" 3 ck import enc.xlsx
expect_grep "without a password the message says to give one" "give its password with --password-file" "$T/err"
expect_exit "an empty password file" 2 ck import --password-file empty enc.xlsx
expect_grep "an empty password file is named" "empty: the password file is empty" "$T/err"
expect_exit "an unreadable password file" 2 ck export --password-file nope in.csv -o x.xlsx
expect_grep "an unreadable password file is named" "nope: cannot read the password file" "$T/err"
expect_exit "an empty password file for export" 2 ck export --password-file empty in.csv -o x.xlsx
expect_eq "no workbook after a password error" "$(ls x.xlsx 2>/dev/null)" ""
expect_exit "--password-file with --format csv" 2 \
    ck export --password-file pw --format csv --split sp in.csv

# ---- damaged containers
size=$(stat -c %s enc.xlsx)
head -c $((size / 2)) enc.xlsx >trunc.xlsx
expect_exit "a truncated container" 3 ck import --password-file pw trunc.xlsx
cat "$T/err" >>all.err
/usr/bin/python3 - <<'EOF'
data = bytearray(open("enc.xlsx", "rb").read())
def flip(attr, out):
    d = bytearray(data)
    i = d.index(attr.encode() + b'="') + len(attr) + 2
    d[i] = ord("B") if d[i] != ord("B") else ord("C")
    open(out, "wb").write(d)
flip("encryptedVerifierHashValue", "verifier.xlsx")
flip("encryptedHmacValue", "hmac.xlsx")
# one bit of the encrypted package, 100 bytes into its first sector (as olefile finds it)
import olefile
ole = olefile.OleFileIO("enc.xlsx")
start = ole.direntries[ole._find("EncryptedPackage")].isectStart
ole.close()
d = bytearray(data)
d[(start + 1) * 512 + 100] ^= 1
open("package.xlsx", "wb").write(d)
EOF
expect_exit "a corrupted verifier" 3 ck import --password-file pw verifier.xlsx
cat "$T/err" >>all.err
expect_exit "a corrupted HMAC" 3 ck import --password-file pw hmac.xlsx
expect_exit "one flipped bit in the encrypted package" 3 ck import --password-file pw package.xlsx
expect_grep "a flipped bit fails the integrity check" "fails its integrity check" "$T/err"
cat "$T/err" >>all.err

# ---- another encryptor: the Python one from the specification
if /usr/bin/python3 -c 'import cryptography' 2>/dev/null; then
    /usr/bin/python3 "$here/agile_encrypt.py" plain.xlsx "$pass" other.xlsx
    expect_exit "import opens a workbook another encryptor wrote" 0 \
        ck import --password-file pw other.xlsx -o other.csv
    expect_file_eq "... to the same table" other.csv plain.csv
    /usr/bin/python3 "$here/agile_encrypt.py" plain.xlsx "$pass" sha1.xlsx --hash SHA1 \
        --key-bits 128 --spins 1000 --no-integrity
    expect_exit "AES-128 with SHA-1, no dataIntegrity" 0 \
        ck import --password-file pw sha1.xlsx -o sha1.csv
    expect_file_eq "... reads the same table" sha1.csv plain.csv
    /usr/bin/python3 "$here/agile_encrypt.py" plain.xlsx "$pass" std.xlsx --version 3.2 --spins 1
    expect_exit "Standard Encryption (Excel 2007)" 3 ck import --password-file pw std.xlsx
    expect_grep "Standard Encryption is said to be unsupported" "Standard Encryption (Excel 2007) is not supported" "$T/err"
    /usr/bin/python3 "$here/agile_encrypt.py" plain.xlsx "$pass" spin.xlsx --spins 10000001
    expect_exit "a spinCount beyond the specification's 10,000,000" 3 \
        ck import --password-file pw spin.xlsx
else
    skip "workbooks from another encryptor" "python3-cryptography is not installed"
fi

# ---- the password never shows
expect_eq "the password is in no message" "$(grep -c -F "$pass" all.err)" 0
expect_eq "the password is not in the audit log" "$(grep -c -F "$pass" audit.jsonl)" 0
expect_grep "the audit log has the export" '"command":"export"' audit.jsonl

# ---- no password or key left in memory at exit (OPENSSL_cleanse): the process's image at
# its exit_group, taken by gdb, searched for the password and the workbook's secret key. A
# long password: free() overwrites only the first bytes of a chunk, the rest would stay.
long='correct horse battery staple é 2026 quarter'
printf '%s\n' "$long" >pwlong
if [ -n "${SANITIZE:-}" ]; then
    # ASan's allocator keeps freed chunks in quarantine and gdb cannot run its binary as is:
    # the check is about the release build's memory, which the plain make check runs
    echo "# n/a no key material in memory at exit: a sanitizer build (the plain build checks it)"
elif command -v gdb >/dev/null 2>&1 && /usr/bin/python3 -c 'import msoffcrypto' 2>/dev/null; then
    for cmd in export import; do
        if [ $cmd = export ]; then set -- export -q --password-file pwlong in.csv -o long.xlsx
        else set -- import --password-file pwlong long.xlsx -o /dev/null; fi
        gdb -q -batch -ex 'catch syscall exit_group' -ex run -ex "gcore $T/core.$cmd" -ex kill \
            --args "$CUSTKIT" "$@" >gdb-$cmd.out 2>&1
        expect_eq "$cmd: neither the password nor the key is in memory at exit" \
            "$(/usr/bin/python3 "$here/scan_core.py" long.xlsx "$long" "core.$cmd" 2>&1)" "none"
        rm -f "core.$cmd"
    done
else
    skip "no key material in memory at exit" "gdb or msoffcrypto-tool missing"
fi

# ---- LibreOffice opens it with the password (python-uno: soffice --convert-to has no
# option for an opening password)
if command -v soffice >/dev/null 2>&1 && /usr/bin/python3 -c "import uno" 2>/dev/null; then
    timeout 300 /usr/bin/python3 "$here/lo_password.py" lo-profile open enc.xlsx "$pass" lo.csv \
        >lo.out 2>&1
    expect_eq "LibreOffice opens the encrypted report with the password" "$?" 0
    timeout 300 /usr/bin/python3 "$here/lo_password.py" lo-profile open plain.xlsx "" lo-plain.csv \
        >>lo.out 2>&1
    expect_file_eq "... and reads what it reads from the unencrypted one" lo.csv lo-plain.csv
    timeout 300 /usr/bin/python3 "$here/lo_password.py" lo-profile open enc.xlsx "nope" lo2.csv \
        >>lo.out 2>&1
    expect_eq "LibreOffice refuses a wrong password" "$?" 1
else
    skip "LibreOffice opens the encrypted report" "soffice or python3-uno is not installed"
fi
