#!/usr/bin/python3
"""Hostile .xls files for test_xls_hostile.sh, made from tests/fixtures/xls/customers.xls.

  make_xls_hostile.py FIXTURE_DIR OUT_DIR"""
import os
import random
import struct
import sys

src, out = sys.argv[1], sys.argv[2]
base = open(os.path.join(src, "customers.xls"), "rb").read()


def put(name, data):
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)


# truncated at a few lengths: inside the header, the FAT, the directory, the workbook stream
for n in (8, 100, 511, 512, 1024, 2048, len(base) - 1000, len(base) - 1):
    put("cut_%d.xls" % n, base[:n])

# garbage after a valid OLE2 signature, and a header whose tables point anywhere
rnd = random.Random(11)
put("garbage.xls", base[:8] + bytes(rnd.getrandbits(8) for _ in range(16384)))
hdr = bytearray(base[:512])
struct.pack_into("<IIIII", hdr, 44, 0xFFFFFFF0, 0x7FFFFFFF, 0, 4096, 0x7FFFFFFF)
struct.pack_into("<II", hdr, 68, 0x7FFFFFFF, 0x7FFFFFFF)
put("wild_header.xls", bytes(hdr) + base[512:])

# the first directory entry's name claims 65535 bytes (the field holds 64): libfreexl reads
# that many bytes from its 4096-byte stack buffer unless the entry is refused first
shift = struct.unpack_from("<H", base, 30)[0]
size = 1 << shift
dir_start = struct.unpack_from("<I", base, 48)[0]
at = (dir_start + 1) * size
bad = bytearray(base)
struct.pack_into("<H", bad, at + 64, 0xFFFF)
put("dir_name_65535.xls", bytes(bad))
# the same in the Workbook stream's entry (libfreexl looks at entries up to that one)
bad = bytearray(base)
for i in range(size // 128):
    e = at + 128 * i
    if bad[e:e + 16] == "Workbook".encode("utf-16-le"):
        struct.pack_into("<H", bad, e + 64, 66)
put("dir_name_66.xls", bytes(bad))

# the first sheet's DIMENSION record declares 60000 rows × 255 columns (240 MB of cells in
# libfreexl): refused under a small address-space limit, read otherwise
bad = bytearray(base)
p = bad.find(bytes([0x00, 0x02, 0x0E, 0x00]))
assert p >= 0, "no DIMENSION record"
struct.pack_into("<IIHH", bad, p + 4, 0, 60000, 0, 255)
put("huge_dimension.xls", bytes(bad))

# bytes flipped at random places, a few seeds
for seed in range(6):
    r = random.Random(seed)
    b = bytearray(base)
    for _ in range(40):
        b[r.randrange(512, len(b))] = r.getrandbits(8)
    put("flipped_%d.xls" % seed, bytes(b))

# the number formats of formula results (dateformulas.xls): FORMAT records whose strings claim
# 65535 characters (past their records), and FORMULA records whose XF index 0xFFFF is past the
# XF records. Each record is found by walking the Workbook stream's records from its BOF.
dates = open(os.path.join(src, "dateformulas.xls"), "rb").read()


def walk_records(data, fix):
    b = bytearray(data)
    p = b.find(bytes([0x09, 0x08, 0x10, 0x00, 0x00, 0x06]))
    assert p >= 0, "no BIFF8 BOF"
    n = 0
    while p + 4 <= len(b):
        typ, ln = struct.unpack_from("<HH", b, p)
        if typ == 0 and ln == 0:
            break
        n += fix(b, p, typ, ln)
        p += 4 + ln
    assert n, "no record changed"
    return bytes(b)


def long_format(b, p, typ, ln):
    if typ == 0x041E and ln >= 5:
        struct.pack_into("<H", b, p + 6, 0xFFFF)
        return 1
    return 0


def far_xf(b, p, typ, ln):
    if typ == 0x0006 and ln >= 20:
        struct.pack_into("<H", b, p + 8, 0xFFFF)
        return 1
    return 0


put("format_65535.xls", walk_records(dates, long_format))
put("formula_xf_65535.xls", walk_records(dates, far_xf))

# plain number cells (customers.xls): MULRK records whose last column claims 0xFFFF (more cells
# than the record holds) or lies before the first, and NUMBER and RK cells whose XF index 0xFFFF
# is past the XF records. Their cells stay as libfreexl reads them.


def far_mulrk(b, p, typ, ln):
    if typ == 0x00BD and ln >= 12:
        struct.pack_into("<H", b, p + 4 + ln - 2, 0xFFFF)
        return 1
    return 0


def back_mulrk(b, p, typ, ln):
    first = struct.unpack_from("<H", b, p + 6)[0] if p + 8 <= len(b) else 0
    if typ == 0x00BD and ln >= 12 and first > 0:
        struct.pack_into("<H", b, p + 4 + ln - 2, first - 1)
        return 1
    return 0


def far_cell_xf(b, p, typ, ln):
    if typ in (0x0203, 0x027E) and ln >= 10:
        struct.pack_into("<H", b, p + 8, 0xFFFF)
        return 1
    return 0


put("mulrk_last_65535.xls", walk_records(base, far_mulrk))
put("mulrk_last_before_first.xls", walk_records(base, back_mulrk))
put("cell_xf_65535.xls", walk_records(base, far_cell_xf))
