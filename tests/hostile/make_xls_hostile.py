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
