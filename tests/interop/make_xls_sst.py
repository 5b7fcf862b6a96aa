#!/usr/bin/python3
"""Big-workbook .xls files for test_xls_big.sh, made from tests/fixtures/xls/customers.xls
(python3 standard library only).

  make_xls_sst.py FIXTURE.xls OUT_SST.xls OUT_DIFAT.xls OUT_NOWORKBOOK.xls

OUT_SST.xls: the fixture's Workbook stream with 1,049,600 more strings in its shared-string
table (appended as CONTINUE records, so every cell keeps its string), in a compound file of
about 10 MB whose FAT needs DIFAT sectors: more unique strings than libfreexl takes (a 1M-row
workbook has that many), and the container of a large workbook.

OUT_DIFAT.xls: the fixture's Workbook stream alone in a compound file whose FAT has 120
sectors (most of them free), so that the FAT's sectors past the header's 109 are found only
through the DIFAT chain: a small file with what a large one's container has.

OUT_NOWORKBOOK.xls: the same stream under another name ("Workbooks"): a compound file with no
Workbook stream."""
import struct
import sys

FREESECT, ENDOFCHAIN, FATSECT, DIFSECT, NOSTREAM = (0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD,
                                                    0xFFFFFFFC, 0xFFFFFFFF)
SS = 512
PER = SS // 4


def read_workbook(data):
    """The Workbook stream of compound file data (512-byte sectors, header FAT only)."""
    assert struct.unpack_from("<H", data, 30)[0] == 9
    nfat, dstart = struct.unpack_from("<II", data, 44)
    fat = []
    for s in struct.unpack_from("<109I", data, 76)[:nfat]:
        fat += struct.unpack_from("<%dI" % PER, data, (s + 1) * SS)

    def chain(k):
        out = bytearray()
        while k != ENDOFCHAIN:
            out += data[(k + 1) * SS:(k + 2) * SS]
            k = fat[k]
        return bytes(out)

    d = chain(dstart)
    for off in range(0, len(d), 128):
        nl = struct.unpack_from("<H", d, off + 64)[0]
        if d[off:off + nl - 2].decode("utf-16-le") == "Workbook":
            start, size = struct.unpack_from("<II", d, off + 116)
            assert size >= 4096, "the fixture's Workbook is in the mini stream"
            return chain(start)[:size]
    raise SystemExit("no Workbook stream")


def records(s):
    p = 0
    while p + 4 <= len(s):
        t, n = struct.unpack_from("<HH", s, p)
        yield p, t, n
        p += 4 + n


def add_strings(wb, count):
    """wb with count more strings at the end of its SST: the SST's unique count raised, the
    strings in new CONTINUE records after its last one, BOUNDSHEET offsets moved."""
    wb = bytearray(wb)
    sst = end = None
    for p, t, n in records(wb):
        if t == 0x00FC:
            sst, end = p, p + 4 + n
        elif sst is not None and end == p and t == 0x003C:
            end = p + 4 + n
        elif t == 0x000A:
            break
    assert sst is not None, "the fixture has no SST"
    extra = bytearray()
    body = bytearray()
    for i in range(count):
        s = b"s%06x" % i
        if len(body) + 3 + len(s) > 8224:
            extra += struct.pack("<HH", 0x003C, len(body)) + body
            body = bytearray()
        body += struct.pack("<HB", len(s), 0) + s
    if body:
        extra += struct.pack("<HH", 0x003C, len(body)) + body
    total, unique = struct.unpack_from("<II", wb, sst + 4)
    struct.pack_into("<II", wb, sst + 4, total, unique + count)
    for p, t, n in records(wb):
        if t == 0x0085:
            off = struct.unpack_from("<I", wb, p + 4)[0]
            if off >= end:
                struct.pack_into("<I", wb, p + 4, off + len(extra))
        if t == 0x000A:
            break
    return bytes(wb[:end] + extra + wb[end:])


def compound(stream, min_fat=0, name="Workbook"):
    """A compound file holding stream as its Workbook, with at least min_fat FAT sectors."""
    nstream = (len(stream) + SS - 1) // SS
    ndir = 1
    nfat = max(min_fat, 1)
    while True:
        ndif = 0 if nfat <= 109 else (nfat - 109 + PER - 2) // (PER - 1)
        total = nstream + ndir + nfat + ndif
        if total <= nfat * PER:
            break
        nfat += 1
    fat = [FREESECT] * (nfat * PER)
    for k in range(nstream):
        fat[k] = k + 1 if k + 1 < nstream else ENDOFCHAIN
    dstart = nstream
    fat[dstart] = ENDOFCHAIN
    fatsecs = list(range(dstart + 1, dstart + 1 + nfat))
    for k in fatsecs:
        fat[k] = FATSECT
    difsecs = list(range(dstart + 1 + nfat, dstart + 1 + nfat + ndif))
    for k in difsecs:
        fat[k] = DIFSECT

    def entry(name, typ, child, start, size):
        n = (name + "\0").encode("utf-16-le")
        e = n + bytes(64 - len(n))
        e += struct.pack("<HBBIII", len(n), typ, 1, NOSTREAM, NOSTREAM, child)
        e += bytes(16 + 4 + 16)
        return e + struct.pack("<III", start, size, 0)

    d = entry("Root Entry", 5, 1, ENDOFCHAIN, 0) + entry(name, 2, NOSTREAM, 0, len(stream))
    d += bytes(SS - len(d))
    hdr = bytearray(SS)
    hdr[0:8] = bytes.fromhex("d0cf11e0a1b11ae1")
    struct.pack_into("<HHHHH", hdr, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIIII", hdr, 40, 0, nfat, dstart, 0, 4096, ENDOFCHAIN, 0,
                     difsecs[0] if difsecs else ENDOFCHAIN, ndif)
    head = fatsecs[:109] + [FREESECT] * (109 - min(nfat, 109))
    struct.pack_into("<109I", hdr, 76, *head)
    out = bytearray(hdr)
    out += stream + bytes(nstream * SS - len(stream))
    out += d
    out += struct.pack("<%dI" % len(fat), *fat)
    rest = fatsecs[109:]
    for i, k in enumerate(difsecs):
        part = rest[i * (PER - 1):(i + 1) * (PER - 1)]
        part += [FREESECT] * (PER - 1 - len(part))
        nxt = difsecs[i + 1] if i + 1 < len(difsecs) else ENDOFCHAIN
        out += struct.pack("<%dI" % PER, *(part + [nxt]))
    return bytes(out)


def main():
    src, out_sst, out_difat, out_none = sys.argv[1:5]
    wb = read_workbook(open(src, "rb").read())
    with open(out_sst, "wb") as f:
        f.write(compound(add_strings(wb, 1049600)))
    with open(out_difat, "wb") as f:
        f.write(compound(wb, min_fat=120))
    with open(out_none, "wb") as f:
        f.write(compound(wb, name="Workbooks"))


main()
