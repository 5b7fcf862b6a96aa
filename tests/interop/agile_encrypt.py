#!/usr/bin/python3
"""An independent ECMA-376 Agile Encryption writer for custkit's tests, in Python from
[MS-OFFCRYPTO] 2.3.4.10-14 (AES from python3-cryptography, hashes from hashlib) with a
minimal compound-file writer of its own (two streams, no \\006DataSpaces). Debian's
msoffcrypto-tool 5.0 can only decrypt (encryption came in 5.1) and LibreOffice 7.4 headless
fails to store an encrypted OOXML file (I/O error 0xc10), so this is the other encryptor.

  agile_encrypt.py IN.xlsx PASSWORD OUT [--spins N] [--hash SHA512|SHA256|SHA1]
                   [--key-bits 256|128] [--no-integrity] [--version MAJOR.MINOR]
"""
import argparse
import hashlib
import hmac
import os
import struct
import sys
from base64 import b64encode

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

BLK_VIN = bytes.fromhex("fea7d2763b4b9e79")
BLK_VH = bytes.fromhex("d7aa0f6d3061344e")
BLK_KEY = bytes.fromhex("146e0be7abacd0d6")
BLK_HK = bytes.fromhex("5fb2ad010cb9e1f6")
BLK_HV = bytes.fromhex("a0677f02b22c8433")


def cbc(key, iv, data):
    e = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    return e.update(data) + e.finalize()


def fit(b, n):
    return b[:n] if len(b) >= n else b + b"\x36" * (n - len(b))


def encrypt(plain, password, spins, hname, key_bits, integrity):
    H = lambda *p: hashlib.new(hname.lower().replace("-", ""), b"".join(p)).digest()
    hsize = len(H(b""))
    kbytes = key_bits // 8
    kd_salt, pk_salt = os.urandom(16), os.urandom(16)
    secret, verifier = os.urandom(kbytes), os.urandom(16)
    h = H(pk_salt, password.encode("utf-16-le"))
    for i in range(spins):
        h = H(struct.pack("<I", i), h)
    k = lambda blk: fit(H(h, blk), kbytes)
    pad = lambda b: b + b"\0" * (-len(b) % 16)
    e_vin = cbc(k(BLK_VIN), pk_salt, verifier)
    e_vh = cbc(k(BLK_VH), pk_salt, pad(H(verifier)))
    e_key = cbc(k(BLK_KEY), pk_salt, pad(secret))
    body = b""
    for seg, off in enumerate(range(0, len(plain), 4096)):
        iv = fit(H(kd_salt, struct.pack("<I", seg)), 16)
        body += cbc(secret, iv, pad(plain[off:off + 4096]))
    package = struct.pack("<Q", len(plain)) + body
    algo = ('blockSize="16" keyBits="%d" hashSize="%d" cipherAlgorithm="AES" '
            'cipherChaining="ChainingModeCBC" hashAlgorithm="%s"' % (key_bits, hsize, hname))
    integ = ""
    if integrity:
        hkey = os.urandom(hsize)
        hval = hmac.new(hkey, package, hname.lower().replace("-", "")).digest()
        ehk = cbc(secret, fit(H(kd_salt, BLK_HK), 16), pad(hkey))
        ehv = cbc(secret, fit(H(kd_salt, BLK_HV), 16), pad(hval))
        integ = '<dataIntegrity encryptedHmacKey="%s" encryptedHmacValue="%s"/>' % (
            b64encode(ehk).decode(), b64encode(ehv).decode())
    xml = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
           '<encryption xmlns="http://schemas.microsoft.com/office/2006/encryption" '
           'xmlns:p="http://schemas.microsoft.com/office/2006/keyEncryptor/password">'
           '<keyData saltSize="16" %s saltValue="%s"/>%s<keyEncryptors>'
           '<keyEncryptor uri="http://schemas.microsoft.com/office/2006/keyEncryptor/password">'
           '<p:encryptedKey spinCount="%d" saltSize="16" %s saltValue="%s" '
           'encryptedVerifierHashInput="%s" encryptedVerifierHashValue="%s" '
           'encryptedKeyValue="%s"/></keyEncryptor></keyEncryptors></encryption>') % (
        algo, b64encode(kd_salt).decode(), integ, spins, algo, b64encode(pk_salt).decode(),
        b64encode(e_vin).decode(), b64encode(e_vh).decode(), b64encode(e_key).decode())
    return xml.encode(), package


def cfb(streams):
    """A version 3 compound file holding streams [(name, data)]: the small ones (< 4096
    bytes) in the mini stream, as the format requires."""
    S, FREE, END, FATSECT = 512, 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
    mini, big, entries = b"", [], []
    for name, data in streams:
        if len(data) < 4096:
            entries.append((name, "mini", len(mini) // 64, len(data)))
            mini += data + b"\0" * (-len(data) % 64)
        else:
            entries.append((name, "big", len(big), len(data)))
            big.append(data)
    nmini = len(mini) // 64
    ms_sectors = -(-len(mini) // S)
    big_sectors = [-(-len(d) // S) for d in big]
    rest = 1 + 1 + ms_sectors + sum(big_sectors)  # minifat, directory, ministream, streams
    nfat = 1
    while nfat * 128 < rest + nfat:
        nfat += 1
    assert nfat <= 109 and nmini <= 128 and len(streams) <= 3
    fat = [FATSECT] * nfat
    minifat_at, dir_at, ms_at = nfat, nfat + 1, nfat + 2
    fat += [END, END]
    fat += [ms_at + i + 1 for i in range(ms_sectors - 1)] + ([END] if ms_sectors else [])
    big_at = []
    for n in big_sectors:
        start = len(fat)
        big_at.append(start)
        fat += [start + i + 1 for i in range(n - 1)] + [END]
    fat += [FREE] * (nfat * 128 - len(fat))
    # mini chains: one per stream, consecutive
    minifat = []
    for name, kind, start, size in entries:
        if kind == "mini":
            n = -(-size // 64) or 1
            minifat += [start + i + 1 for i in range(n - 1)] + [END]
    minifat += [FREE] * (128 - len(minifat))

    def dirent(name, typ, child, left, right, start, size):
        u = name.encode("utf-16-le") + b"\0\0"
        return (u.ljust(64, b"\0") + struct.pack("<HBB", len(u), typ, 1) +
                struct.pack("<III", left, right, child) + b"\0" * 16 + b"\0" * 4 +
                b"\0" * 16 + struct.pack("<IQ", start, size))

    # sorted by (length, upper-case name): a right-leaning chain is a valid tree
    order = sorted(range(len(entries)), key=lambda i: (len(entries[i][0]),
                                                       entries[i][0].upper()))
    d = dirent("Root Entry", 5, 1 + order[0] if entries else FREE, FREE, FREE,
               ms_at if ms_sectors else END, len(mini))
    for pos, i in enumerate(order):
        name, kind, start, size = entries[i]
        right = 1 + order[pos + 1] if pos + 1 < len(order) else FREE
        first = start if kind == "mini" else big_at[start]
        d_i = dirent(name, 2, FREE, FREE, right, first, size)
        entries[i] = entries[i] + (d_i,)
    for e in entries:
        d += e[4]
    d = d.ljust(S, b"\0")
    head = (bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 16 +
            struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6 +
            struct.pack("<IIIIIIIII", 0, nfat, dir_at, 0, 4096, minifat_at, 1, END, 0))
    head += b"".join(struct.pack("<I", i if i < nfat else FREE) for i in range(109))
    assert len(head) == 512
    out = head + b"".join(struct.pack("<I", x) for x in fat)
    out += b"".join(struct.pack("<I", x) for x in minifat) + d
    out += mini.ljust(ms_sectors * S, b"\0")
    for data in big:
        out += data + b"\0" * (-len(data) % S)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("src")
    ap.add_argument("password")
    ap.add_argument("dst")
    ap.add_argument("--spins", type=int, default=100000)
    ap.add_argument("--hash", default="SHA512")
    ap.add_argument("--key-bits", type=int, default=256)
    ap.add_argument("--no-integrity", action="store_true")
    ap.add_argument("--version", default="4.4")
    a = ap.parse_args()
    plain = open(a.src, "rb").read()
    xml, package = encrypt(plain, a.password, a.spins, a.hash, a.key_bits,
                           not a.no_integrity)
    major, minor = (int(x) for x in a.version.split("."))
    info = struct.pack("<HHI", major, minor, 0x40) + xml
    with open(a.dst, "wb") as f:
        f.write(cfb([("EncryptionInfo", info), ("EncryptedPackage", package)]))


if __name__ == "__main__":
    sys.exit(main())
