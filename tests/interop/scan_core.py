#!/usr/bin/python3
"""scan_core.py ENCRYPTED PASSWORD CORE: which secrets of ENCRYPTED are still in the memory
image CORE (gcore at the process's exit): the password (its last 20 characters, since free()
overwrites the first 16 bytes of a chunk), as UTF-8 and UTF-16LE, and the workbook's secret
key, as msoffcrypto-tool derives it from the password. Prints "none" or what was found."""
import sys

import msoffcrypto

enc, pw, core = sys.argv[1], sys.argv[2], open(sys.argv[3], "rb").read()
f = msoffcrypto.OfficeFile(open(enc, "rb"))
f.load_key(password=pw)
tail = pw[-20:]
found = [name for name, b in (("password", tail.encode()),
                              ("password-as-UTF-16", tail.encode("utf-16-le")),
                              ("secret-key", f.secret_key),
                              ("secret-key-half", f.secret_key[16:])) if b in core]
print(" ".join(found) if found else "none")
