/* crypt.c — password-encrypted workbooks the way Excel writes them: ECMA-376 Agile Encryption
 * ([MS-OFFCRYPTO] 2.3.4.10-14) in an OLE2 compound file with the EncryptionInfo and
 * EncryptedPackage streams. The cryptography is OpenSSL's libcrypto (AES-CBC, SHA-2, HMAC,
 * RAND); the compound file is libgsf's, whose reader and writer are long used by gnumeric on
 * hostile .xls files (a reader of our own would be one more parser of hostile input to
 * harden and fuzz). Key material is wiped with OPENSSL_cleanse as soon as it is used. */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <expat.h>
#include <gsf/gsf-infile-msole.h>
#include <gsf/gsf-infile.h>
#include <gsf/gsf-input-memory.h>
#include <gsf/gsf-input-stdio.h>
#include <gsf/gsf-outfile-msole.h>
#include <gsf/gsf-outfile.h>
#include <gsf/gsf-output-stdio.h>
#include <gsf/gsf-utils.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <unistr.h>

#include "io/io.h"

unsigned long ck_crypt_max_spins = 10000000; /* [MS-OFFCRYPTO]: spinCount <= 10,000,000 */

#define SEGMENT 4096
#define MAX_INFO ((size_t)1 << 20) /* an EncryptionInfo stream is a few kilobytes */
#define MAX_HASH 64
#define MAX_B64 1024

static const unsigned char blk_verifier_input[8] = {0xfe, 0xa7, 0xd2, 0x76, 0x3b, 0x4b, 0x9e, 0x79};
static const unsigned char blk_verifier_value[8] = {0xd7, 0xaa, 0x0f, 0x6d, 0x30, 0x61, 0x34, 0x4e};
static const unsigned char blk_key_value[8] = {0x14, 0x6e, 0x0b, 0xe7, 0xab, 0xac, 0xd0, 0xd6};
static const unsigned char blk_hmac_key[8] = {0x5f, 0xb2, 0xad, 0x01, 0x0c, 0xb9, 0xe1, 0xf6};
static const unsigned char blk_hmac_value[8] = {0xa0, 0x67, 0x7f, 0x02, 0xb2, 0x2c, 0x84, 0x33};

/* ---------- the password ---------- */

int ck_password_read(const char *path, char **out, struct ck_error *e)
{
    *out = NULL;
    /* read(2) into this buffer, not stdio, whose buffer would keep a copy after fclose */
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return ck_error_set(e, CK_EUSAGE, "%s: cannot read the password file: %s", path,
                            strerror(errno));
    char buf[1024] = {0};
    size_t n = 0;
    ssize_t r = 0;
    while (n < sizeof buf - 1 && !memchr(buf, '\n', n) &&
           ((r = read(fd, buf + n, sizeof buf - 1 - n)) > 0 || (r < 0 && errno == EINTR)))
        n += r > 0 ? (size_t)r : 0;
    int err = r < 0 ? errno : 0;
    close(fd);
    char *nl = memchr(buf, '\n', n);
    int toolong = !nl && n == sizeof buf - 1;
    if (nl)
        n = (size_t)(nl - buf);
    if (n > 0 && buf[n - 1] == '\r')
        n--;
    buf[n] = 0;
    int rc = CK_OK;
    if (err)
        rc = ck_error_set(e, CK_EUSAGE, "%s: cannot read the password file: %s", path,
                          strerror(err));
    else if (toolong)
        rc = ck_error_set(e, CK_EUSAGE, "%s: the password (first line) is longer than %zu bytes",
                          path, sizeof buf - 2);
    else if (n == 0)
        rc = ck_error_set(e, CK_EUSAGE, "%s: the password file is empty (the password is its "
                                        "first line)", path);
    else if (u8_check((const uint8_t *)buf, n))
        rc = ck_error_set(e, CK_EUSAGE, "%s: the password is not valid UTF-8", path);
    else if (!(*out = strdup(buf)))
        rc = ck_error_set(e, CK_ENOMEM, "out of memory");
    OPENSSL_cleanse(buf, sizeof buf);
    return rc;
}

void ck_password_free(char *pw)
{
    if (pw) {
        OPENSSL_cleanse(pw, strlen(pw));
        free(pw);
    }
}

/* ---------- primitives ---------- */

struct params {
    const EVP_MD *md;
    const EVP_CIPHER *cipher;
    size_t hash_size, key_bytes, block; /* block: the cipher's, 16 for AES */
    unsigned char salt[64];
    size_t salt_len;
};

static int set_algorithms(struct params *p, const char *hash, const char *cipher,
                          const char *chaining, long key_bits)
{
    if (strcmp(hash, "SHA512") == 0)
        p->md = EVP_sha512();
    else if (strcmp(hash, "SHA384") == 0)
        p->md = EVP_sha384();
    else if (strcmp(hash, "SHA256") == 0)
        p->md = EVP_sha256();
    else if (strcmp(hash, "SHA1") == 0 || strcmp(hash, "SHA-1") == 0)
        p->md = EVP_sha1();
    else
        return -1;
    if (strcmp(cipher, "AES") != 0 || strcmp(chaining, "ChainingModeCBC") != 0)
        return -1;
    p->cipher = key_bits == 128 ? EVP_aes_128_cbc()
                : key_bits == 192 ? EVP_aes_192_cbc()
                : key_bits == 256 ? EVP_aes_256_cbc()
                                  : NULL;
    if (!p->cipher)
        return -1;
    p->hash_size = (size_t)EVP_MD_get_size(p->md);
    p->key_bytes = (size_t)key_bits / 8;
    p->block = 16;
    return 0;
}

/* AES-CBC without padding over len bytes (a multiple of the block); 0 or -1. */
static int cbc(const struct params *p, int enc, const unsigned char *key, const unsigned char *iv,
               const unsigned char *in, size_t len, unsigned char *out)
{
    EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
    int n1 = 0, n2 = 0, ok = c && len % p->block == 0 && len <= INT32_MAX &&
                          EVP_CipherInit_ex(c, p->cipher, NULL, key, iv, enc) == 1 &&
                          EVP_CIPHER_CTX_set_padding(c, 0) == 1 &&
                          EVP_CipherUpdate(c, out, &n1, in, (int)len) == 1 &&
                          EVP_CipherFinal_ex(c, out + n1, &n2) == 1 && (size_t)n1 + (size_t)n2 == len;
    EVP_CIPHER_CTX_free(c);
    return ok ? 0 : -1;
}

/* out = H(a || b), hash_size bytes. */
static int hash2(const struct params *p, const unsigned char *a, size_t na, const unsigned char *b,
                 size_t nb, unsigned char *out)
{
    EVP_MD_CTX *c = EVP_MD_CTX_new();
    int ok = c && EVP_DigestInit_ex(c, p->md, NULL) == 1 && EVP_DigestUpdate(c, a, na) == 1 &&
             EVP_DigestUpdate(c, b, nb) == 1 && EVP_DigestFinal_ex(c, out, NULL) == 1;
    EVP_MD_CTX_free(c);
    return ok ? 0 : -1;
}

/* The block's IV or key: H(salt || blockKey) cut (or padded with 0x36) to n bytes. */
static int derive(const struct params *p, const unsigned char *base, size_t nbase,
                  const unsigned char *blk, size_t nblk, unsigned char *out, size_t n)
{
    unsigned char h[MAX_HASH];
    if (hash2(p, base, nbase, blk, nblk, h) != 0)
        return -1;
    memset(out, 0x36, n);
    memcpy(out, h, n < p->hash_size ? n : p->hash_size);
    OPENSSL_cleanse(h, sizeof h);
    return 0;
}

/* The iterated password hash: H0 = H(salt || password as UTF-16LE), Hn = H(LE32(n-1) || Hn-1). */
static int password_hash(const struct params *p, const char *pw, unsigned long spins,
                         unsigned char *h)
{
    size_t n16 = 0;
    uint16_t *u = u8_to_u16((const uint8_t *)pw, strlen(pw), NULL, &n16);
    if (!u)
        return -1;
    unsigned char *le = malloc(2 * n16 + 1);
    int rc = -1;
    EVP_MD_CTX *c = EVP_MD_CTX_new();
    if (le && c) {
        for (size_t i = 0; i < n16; i++) {
            le[2 * i] = (unsigned char)(u[i] & 0xff);
            le[2 * i + 1] = (unsigned char)(u[i] >> 8);
        }
        rc = hash2(p, p->salt, p->salt_len, le, 2 * n16, h);
        for (unsigned long i = 0; rc == 0 && i < spins; i++) {
            unsigned char it[4] = {(unsigned char)i, (unsigned char)(i >> 8),
                                   (unsigned char)(i >> 16), (unsigned char)(i >> 24)};
            if (EVP_DigestInit_ex(c, p->md, NULL) != 1 || EVP_DigestUpdate(c, it, 4) != 1 ||
                EVP_DigestUpdate(c, h, p->hash_size) != 1 ||
                EVP_DigestFinal_ex(c, h, NULL) != 1)
                rc = -1;
        }
    }
    EVP_MD_CTX_free(c);
    OPENSSL_cleanse(u, 2 * n16);
    free(u);
    if (le)
        OPENSSL_cleanse(le, 2 * n16);
    free(le);
    return rc;
}

static void b64(const unsigned char *in, size_t n, char *out)
{
    EVP_EncodeBlock((unsigned char *)out, in, (int)n);
}

/* Base64 text to bytes; -1 when not base64 or longer than cap. */
static long unb64(const char *s, unsigned char *out, size_t cap)
{
    size_t n = strlen(s);
    if (n == 0 || n % 4 || n / 4 * 3 > cap + 2 || n > MAX_B64)
        return -1;
    unsigned char tmp[MAX_B64];
    int r = EVP_DecodeBlock(tmp, (const unsigned char *)s, (int)n);
    if (r < 0)
        return -1;
    size_t pad = (s[n - 1] == '=') + (s[n - 2] == '=');
    size_t len = (size_t)r - pad;
    if (len > cap) {
        OPENSSL_cleanse(tmp, sizeof tmp);
        return -1;
    }
    memcpy(out, tmp, len);
    OPENSSL_cleanse(tmp, sizeof tmp);
    return (long)len;
}

/* libgsf reports oddities of a damaged file through glib's log; the library never prints. */
static void quiet_log(const gchar *domain, GLogLevelFlags level, const gchar *msg, gpointer data)
{
    (void)domain, (void)level, (void)msg, (void)data;
}

/* libgsf is loaded when a workbook is encrypted or decrypted, not at start: linked, it and
 * what it pulls in (glib, gobject, libxml2 and ICU) took every command's resident memory
 * from 4.3 MB to 9.0 MB before it had read a byte. */
static struct {
    void (*init)(void);
    GsfOutput *(*output_stdio_new_FILE)(char const *, FILE *, gboolean);
    GsfOutfile *(*outfile_msole_new)(GsfOutput *);
    GsfOutput *(*outfile_new_child)(GsfOutfile *, char const *, gboolean);
    gboolean (*output_write)(GsfOutput *, size_t, guint8 const *);
    gboolean (*output_close)(GsfOutput *);
    gboolean (*output_is_closed)(GsfOutput const *);
    GError const *(*output_error)(GsfOutput const *);
    GsfInput *(*input_stdio_new)(char const *, GError **);
    GsfInput *(*input_memory_new)(guint8 const *, gsf_off_t, gboolean);
    GsfInfile *(*infile_msole_new)(GsfInput *, GError **);
    GsfInput *(*infile_child_by_name)(GsfInfile *, char const *);
    gsf_off_t (*input_size)(GsfInput *);
    guint8 const *(*input_read)(GsfInput *, size_t, guint8 *);
    void (*object_unref)(gpointer);
    void (*error_free)(GError *);
    GLogFunc (*log_set_default_handler)(GLogFunc, gpointer);
} gs;

#define GSF_SONAME "libgsf-1.so.114"

static int gsf_start(int code, const char *name, struct ck_error *e)
{
    static int state; /* 0 not tried, 1 loaded, -1 failed */
    static char why[256];
    if (state == 0) {
        void *h = dlopen(GSF_SONAME, RTLD_NOW | RTLD_LOCAL);
        const char *err = h ? NULL : dlerror();
        static const struct {
            const char *sym;
            size_t off;
        } syms[] = {
#define SYM(field, sym) {#sym, offsetof(__typeof__(gs), field)}
            SYM(init, gsf_init),
            SYM(output_stdio_new_FILE, gsf_output_stdio_new_FILE),
            SYM(outfile_msole_new, gsf_outfile_msole_new),
            SYM(outfile_new_child, gsf_outfile_new_child),
            SYM(output_write, gsf_output_write),
            SYM(output_close, gsf_output_close),
            SYM(output_is_closed, gsf_output_is_closed),
            SYM(output_error, gsf_output_error),
            SYM(input_stdio_new, gsf_input_stdio_new),
            SYM(input_memory_new, gsf_input_memory_new),
            SYM(infile_msole_new, gsf_infile_msole_new),
            SYM(infile_child_by_name, gsf_infile_child_by_name),
            SYM(input_size, gsf_input_size),
            SYM(input_read, gsf_input_read),
            SYM(object_unref, g_object_unref),
            SYM(error_free, g_error_free),
            SYM(log_set_default_handler, g_log_set_default_handler),
#undef SYM
        };
        for (size_t i = 0; h && !err && i < sizeof syms / sizeof syms[0]; i++) {
            void *f = dlsym(h, syms[i].sym);
            if (!f)
                err = dlerror();
            else /* POSIX: a function's address through a data pointer */
                memcpy((char *)&gs + syms[i].off, &f, sizeof f);
        }
        if (err) {
            snprintf(why, sizeof why, "%s", err);
            state = -1;
        } else {
            state = 1;
            gs.init();
            gs.log_set_default_handler(quiet_log, NULL);
        }
    }
    if (state < 0)
        return ck_error_set(e, code,
                            "%s: encrypted workbooks need libgsf (%s, Debian package "
                            "libgsf-1-114): %s",
                            name, GSF_SONAME, why);
    return CK_OK;
}

/* ---------- writing ---------- */

/* An UNICODE-LP-P4 string ([MS-OFFCRYPTO] 2.1.2): byte length, UTF-16LE, padded to 4. */
static size_t put_lp(unsigned char *o, const char *s)
{
    size_t n = strlen(s), at = 4;
    o[0] = (unsigned char)(2 * n), o[1] = o[2] = o[3] = 0;
    for (size_t i = 0; i < n; i++)
        o[at++] = (unsigned char)s[i], o[at++] = 0;
    while (at % 4)
        o[at++] = 0;
    return at;
}

static size_t put32(unsigned char *o, uint32_t v)
{
    o[0] = (unsigned char)v, o[1] = (unsigned char)(v >> 8), o[2] = (unsigned char)(v >> 16),
    o[3] = (unsigned char)(v >> 24);
    return 4;
}

static int put_stream(GsfOutfile *dir, const char *name, const unsigned char *d, size_t n)
{
    GsfOutput *s = gs.outfile_new_child(dir, name, FALSE);
    if (!s)
        return -1;
    int ok = gs.output_write(s, n, d) && gs.output_close(s);
    gs.object_unref(s);
    return ok ? 0 : -1;
}

/* The \006DataSpaces storage ([MS-OFFCRYPTO] 2.3.4.10 and 2.1): Excel looks for it. */
static int put_dataspaces(GsfOutfile *ole)
{
    unsigned char b[512];
    size_t n;
    GsfOutput *ds = gs.outfile_new_child(ole, "\006DataSpaces", TRUE);
    if (!ds)
        return -1;
    GsfOutfile *d = (GsfOutfile *)(ds);
    int rc = 0;
    /* Version */
    n = put_lp(b, "Microsoft.Container.DataSpaces");
    for (int i = 0; i < 3; i++)
        n += put32(b + n, 1); /* reader, updater, writer version 1.0 */
    rc |= put_stream(d, "Version", b, n);
    /* DataSpaceMap: one entry, EncryptedPackage -> StrongEncryptionDataSpace */
    n = put32(b, 8);
    n += put32(b + n, 1);
    size_t at = n;
    n += 4; /* entry length, below */
    n += put32(b + n, 1);
    n += put32(b + n, 0);
    n += put_lp(b + n, "EncryptedPackage");
    n += put_lp(b + n, "StrongEncryptionDataSpace");
    put32(b + at, (uint32_t)(n - at));
    rc |= put_stream(d, "DataSpaceMap", b, n);
    /* DataSpaceInfo/StrongEncryptionDataSpace */
    GsfOutput *info = gs.outfile_new_child(d, "DataSpaceInfo", TRUE);
    if (info) {
        n = put32(b, 8);
        n += put32(b + n, 1);
        n += put_lp(b + n, "StrongEncryptionTransform");
        rc |= put_stream((GsfOutfile *)(info), "StrongEncryptionDataSpace", b, n);
        rc |= !gs.output_close(info);
        gs.object_unref(info);
    } else
        rc = -1;
    /* TransformInfo/StrongEncryptionTransform/\006Primary */
    GsfOutput *ti = gs.outfile_new_child(d, "TransformInfo", TRUE);
    GsfOutput *st = ti ? gs.outfile_new_child((GsfOutfile *)(ti), "StrongEncryptionTransform", TRUE)
                       : NULL;
    if (st) {
        n = 4; /* header length, through the transform id */
        n += put32(b + n, 1);
        n += put_lp(b + n, "{FF9A3F03-56EF-4613-BDD5-5A41C1D07246}");
        put32(b, (uint32_t)n);
        n += put_lp(b + n, "Microsoft.Container.EncryptionTransform");
        for (int i = 0; i < 3; i++)
            n += put32(b + n, 1);
        n += put32(b + n, 0); /* EncryptionName: empty UTF-8-LP-P4 */
        n += put32(b + n, 0); /* EncryptionBlockSize */
        n += put32(b + n, 0); /* CipherMode */
        n += put32(b + n, 4); /* Reserved */
        rc |= put_stream((GsfOutfile *)(st), "\006Primary", b, n);
        rc |= !gs.output_close(st);
        gs.object_unref(st);
    } else
        rc = -1;
    if (ti) {
        rc |= !gs.output_close(ti);
        gs.object_unref(ti);
    }
    rc |= !gs.output_close(ds);
    gs.object_unref(ds);
    return rc ? -1 : 0;
}

struct keys {
    unsigned char secret[32], hmac_key[MAX_HASH], hmac[MAX_HASH];
    unsigned char verifier[16], vhash[MAX_HASH];
    unsigned char h[MAX_HASH], k[32];
};

/* The EncryptedPackage stream: LE64 size, then 4096-byte segments, each AES-CBC with the IV
 * H(keyData salt || LE32(segment)); the HMAC covers the whole stream. */
static int write_package(GsfOutfile *ole, int in_fd, uint64_t size, const struct params *kd,
                         struct keys *k, const char *name, struct ck_error *e)
{
    GsfOutput *s = gs.outfile_new_child(ole, "EncryptedPackage", FALSE);
    EVP_MAC *mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
    EVP_MAC_CTX *mc = mac ? EVP_MAC_CTX_new(mac) : NULL;
    OSSL_PARAM prm[2] = {OSSL_PARAM_construct_utf8_string(
                             OSSL_MAC_PARAM_DIGEST, (char *)EVP_MD_get0_name(kd->md), 0),
                         OSSL_PARAM_construct_end()};
    unsigned char plain[SEGMENT], enc[SEGMENT], iv[16], head[8];
    int rc = CK_OK;
    if (!s || !mc || EVP_MAC_init(mc, k->hmac_key, kd->hash_size, prm) != 1) {
        rc = ck_error_set(e, CK_ENOMEM, "%s: cannot start the encryption", name);
        goto out;
    }
    for (int i = 0; i < 8; i++)
        head[i] = (unsigned char)(size >> (8 * i));
    if (!gs.output_write(s, 8, head) || EVP_MAC_update(mc, head, 8) != 1) {
        rc = ck_error_set(e, CK_EOUTPUT, "%s: cannot write the encrypted workbook", name);
        goto out;
    }
    for (uint64_t off = 0, seg = 0; off < size; off += SEGMENT, seg++) {
        size_t want = size - off < SEGMENT ? (size_t)(size - off) : SEGMENT;
        ssize_t got = pread(in_fd, plain, want, (off_t)off);
        if (got != (ssize_t)want) {
            rc = ck_error_set(e, CK_EOUTPUT, "%s: reading the workbook to encrypt: %s", name,
                              got < 0 ? strerror(errno) : "short read");
            goto out;
        }
        size_t padded = (want + 15) / 16 * 16;
        memset(plain + want, 0, padded - want);
        unsigned char idx[4] = {(unsigned char)seg, (unsigned char)(seg >> 8),
                                (unsigned char)(seg >> 16), (unsigned char)(seg >> 24)};
        if (derive(kd, kd->salt, kd->salt_len, idx, 4, iv, 16) != 0 ||
            cbc(kd, 1, k->secret, iv, plain, padded, enc) != 0 ||
            EVP_MAC_update(mc, enc, padded) != 1) {
            rc = ck_error_set(e, CK_ENOMEM, "%s: encryption failed", name);
            goto out;
        }
        if (!gs.output_write(s, padded, enc)) {
            rc = ck_error_set(e, CK_EOUTPUT, "%s: cannot write the encrypted workbook", name);
            goto out;
        }
    }
    size_t hl = 0;
    if (EVP_MAC_final(mc, k->hmac, &hl, sizeof k->hmac) != 1 || hl != kd->hash_size)
        rc = ck_error_set(e, CK_ENOMEM, "%s: encryption failed", name);
out:
    OPENSSL_cleanse(plain, sizeof plain);
    EVP_MAC_CTX_free(mc);
    EVP_MAC_free(mac);
    if (s) {
        if (!gs.output_close(s) && rc == CK_OK)
            rc = ck_error_set(e, CK_EOUTPUT, "%s: cannot write the encrypted workbook", name);
        gs.object_unref(s);
    }
    return rc;
}

#define ALGO "blockSize=\"16\" keyBits=\"256\" hashSize=\"64\" cipherAlgorithm=\"AES\" " \
             "cipherChaining=\"ChainingModeCBC\" hashAlgorithm=\"SHA512\""

int ck_encrypt_workbook(int in_fd, const char *out_path, const char *password, const char *name,
                        struct ck_error *e)
{
    struct params kd, pk;
    struct keys k;
    memset(&kd, 0, sizeof kd);
    memset(&pk, 0, sizeof pk);
    set_algorithms(&kd, "SHA512", "AES", "ChainingModeCBC", 256);
    pk = kd;
    kd.salt_len = pk.salt_len = 16;
    struct stat st;
    if (fstat(in_fd, &st) != 0)
        return ck_error_set(e, CK_EOUTPUT, "%s: %s", name, strerror(errno));
    if (gsf_start(CK_EOUTPUT, name, e) != CK_OK)
        return CK_EOUTPUT;
    if (RAND_bytes(kd.salt, 16) != 1 || RAND_bytes(pk.salt, 16) != 1 ||
        RAND_bytes(k.secret, 32) != 1 || RAND_bytes(k.hmac_key, 64) != 1 ||
        RAND_bytes(k.verifier, 16) != 1) {
        OPENSSL_cleanse(&k, sizeof k);
        return ck_error_set(e, CK_ENOMEM, "%s: no random numbers for the key", name);
    }

    /* The key encryptor: the password's hash encrypts the verifier, its hash, the secret key. */
    unsigned char ev_in[16], ev_hash[64], ekey[32], ehk[64], ehv[64], iv[16];
    int ok = password_hash(&pk, password, 100000, k.h) == 0 &&
             derive(&pk, k.h, 64, blk_verifier_input, 8, k.k, 32) == 0 &&
             cbc(&pk, 1, k.k, pk.salt, k.verifier, 16, ev_in) == 0 &&
             EVP_Digest(k.verifier, 16, k.vhash, NULL, pk.md, NULL) == 1 &&
             derive(&pk, k.h, 64, blk_verifier_value, 8, k.k, 32) == 0 &&
             cbc(&pk, 1, k.k, pk.salt, k.vhash, 64, ev_hash) == 0 &&
             derive(&pk, k.h, 64, blk_key_value, 8, k.k, 32) == 0 &&
             cbc(&pk, 1, k.k, pk.salt, k.secret, 32, ekey) == 0 &&
             derive(&kd, kd.salt, 16, blk_hmac_key, 8, iv, 16) == 0 &&
             cbc(&kd, 1, k.secret, iv, k.hmac_key, 64, ehk) == 0;
    int rc = ok ? CK_OK : ck_error_set(e, CK_ENOMEM, "%s: encryption failed", name);

    GsfOutfile *ole = NULL;
    GsfOutput *sink = NULL;
    FILE *f = NULL;
    if (rc == CK_OK && !(f = fopen(out_path, "wb")))
        rc = ck_error_set(e, CK_EOUTPUT, "%s: %s", name, strerror(errno));
    if (rc == CK_OK) {
        sink = gs.output_stdio_new_FILE(out_path, f, FALSE);
        ole = sink ? gs.outfile_msole_new(sink) : NULL;
        if (!ole)
            rc = ck_error_set(e, CK_ENOMEM, "%s: cannot start the compound file", name);
        if (!sink)
            fclose(f);
    }
    if (rc == CK_OK)
        rc = write_package(ole, in_fd, (uint64_t)st.st_size, &kd, &k, name, e);
    if (rc == CK_OK && (derive(&kd, kd.salt, 16, blk_hmac_value, 8, iv, 16) != 0 ||
                        cbc(&kd, 1, k.secret, iv, k.hmac, 64, ehv) != 0))
        rc = ck_error_set(e, CK_ENOMEM, "%s: encryption failed", name);
    if (rc == CK_OK) {
        char s_kd[32], s_pk[32], s_vin[32], s_vh[100], s_key[48], s_hk[100], s_hv[100];
        b64(kd.salt, 16, s_kd);
        b64(pk.salt, 16, s_pk);
        b64(ev_in, 16, s_vin);
        b64(ev_hash, 64, s_vh);
        b64(ekey, 32, s_key);
        b64(ehk, 64, s_hk);
        b64(ehv, 64, s_hv);
        char xml[3072];
        int xn = snprintf(
            xml + 8, sizeof xml - 8,
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n"
            "<encryption xmlns=\"http://schemas.microsoft.com/office/2006/encryption\" "
            "xmlns:p=\"http://schemas.microsoft.com/office/2006/keyEncryptor/password\" "
            "xmlns:c=\"http://schemas.microsoft.com/office/2006/keyEncryptor/certificate\">"
            "<keyData saltSize=\"16\" " ALGO " saltValue=\"%s\"/>"
            "<dataIntegrity encryptedHmacKey=\"%s\" encryptedHmacValue=\"%s\"/>"
            "<keyEncryptors><keyEncryptor "
            "uri=\"http://schemas.microsoft.com/office/2006/keyEncryptor/password\">"
            "<p:encryptedKey spinCount=\"100000\" saltSize=\"16\" " ALGO " saltValue=\"%s\" "
            "encryptedVerifierHashInput=\"%s\" encryptedVerifierHashValue=\"%s\" "
            "encryptedKeyValue=\"%s\"/></keyEncryptor></keyEncryptors></encryption>",
            s_kd, s_hk, s_hv, s_pk, s_vin, s_vh, s_key);
        /* version 4.4, flags 0x40 (agile) */
        static const unsigned char ver[8] = {4, 0, 4, 0, 0x40, 0, 0, 0};
        memcpy(xml, ver, 8);
        if (xn <= 0 || (size_t)xn >= sizeof xml - 8 ||
            put_stream(ole, "EncryptionInfo", (unsigned char *)xml, (size_t)xn + 8) != 0 ||
            put_dataspaces(ole) != 0)
            rc = ck_error_set(e, CK_EOUTPUT, "%s: cannot write the encrypted workbook", name);
    }
    if (ole) {
        if (!gs.output_close((GsfOutput *)(ole)) && rc == CK_OK)
            rc = ck_error_set(e, CK_EOUTPUT, "%s: cannot write the encrypted workbook", name);
        gs.object_unref(ole);
    }
    if (sink) {
        /* closing the compound file closes its sink; a write error stays on the sink */
        int bad = gs.output_is_closed(sink) ? gs.output_error(sink) != NULL
                                             : !gs.output_close(sink);
        if (bad && rc == CK_OK)
            rc = ck_error_set(e, CK_EOUTPUT, "%s: cannot write the encrypted workbook", name);
        gs.object_unref(sink);
    }
    OPENSSL_cleanse(&k, sizeof k);
    OPENSSL_cleanse(iv, sizeof iv);
    return rc;
}

/* ---------- reading ---------- */

struct info {
    int in_key_data, seen_key_data, seen_key, seen_integrity, bad;
    char kd_hash[16], kd_cipher[16], kd_chain[32], pk_hash[16], pk_cipher[16], pk_chain[32];
    long kd_bits, kd_block, kd_hash_size, pk_bits, pk_block, pk_hash_size;
    unsigned long spins;
    char kd_salt[MAX_B64 + 1], pk_salt[MAX_B64 + 1], vin[MAX_B64 + 1], vhash[MAX_B64 + 1],
        key[MAX_B64 + 1], hk[MAX_B64 + 1], hv[MAX_B64 + 1];
};

static const char *local(const char *n)
{
    const char *c = strrchr(n, ':');
    return c ? c + 1 : n;
}

static void copy_attr(char *dst, size_t cap, const char *v, int *bad)
{
    if (strlen(v) >= cap)
        *bad = 1;
    else
        strcpy(dst, v); /* NOLINT(clang-analyzer-security.insecureAPI.strcpy): length checked */
}

static void on_start(void *ud, const XML_Char *el, const XML_Char **at)
{
    struct info *in = ud;
    const char *n = local(el);
    int kd = strcmp(n, "keyData") == 0, pk = strcmp(n, "encryptedKey") == 0,
        di = strcmp(n, "dataIntegrity") == 0;
    if (kd)
        in->seen_key_data++;
    if (pk)
        in->seen_key++; /* the first password key encryptor is used */
    if (di)
        in->seen_integrity++;
    if ((kd && in->seen_key_data > 1) || (pk && in->seen_key > 1) ||
        (di && in->seen_integrity > 1) || !(kd || pk || di))
        return;
    for (int i = 0; at[i] && at[i + 1]; i += 2) {
        const char *a = at[i], *v = at[i + 1];
        if (di && strcmp(a, "encryptedHmacKey") == 0)
            copy_attr(in->hk, sizeof in->hk, v, &in->bad);
        else if (di && strcmp(a, "encryptedHmacValue") == 0)
            copy_attr(in->hv, sizeof in->hv, v, &in->bad);
        else if (di)
            continue;
        else if (strcmp(a, "hashAlgorithm") == 0)
            copy_attr(kd ? in->kd_hash : in->pk_hash, sizeof in->kd_hash, v, &in->bad);
        else if (strcmp(a, "cipherAlgorithm") == 0)
            copy_attr(kd ? in->kd_cipher : in->pk_cipher, sizeof in->kd_cipher, v, &in->bad);
        else if (strcmp(a, "cipherChaining") == 0)
            copy_attr(kd ? in->kd_chain : in->pk_chain, sizeof in->kd_chain, v, &in->bad);
        else if (strcmp(a, "keyBits") == 0)
            *(kd ? &in->kd_bits : &in->pk_bits) = strtol(v, NULL, 10);
        else if (strcmp(a, "blockSize") == 0)
            *(kd ? &in->kd_block : &in->pk_block) = strtol(v, NULL, 10);
        else if (strcmp(a, "hashSize") == 0)
            *(kd ? &in->kd_hash_size : &in->pk_hash_size) = strtol(v, NULL, 10);
        else if (strcmp(a, "saltValue") == 0)
            copy_attr(kd ? in->kd_salt : in->pk_salt, sizeof in->kd_salt, v, &in->bad);
        else if (pk && strcmp(a, "spinCount") == 0)
            in->spins = strtoul(v, NULL, 10);
        else if (pk && strcmp(a, "encryptedVerifierHashInput") == 0)
            copy_attr(in->vin, sizeof in->vin, v, &in->bad);
        else if (pk && strcmp(a, "encryptedVerifierHashValue") == 0)
            copy_attr(in->vhash, sizeof in->vhash, v, &in->bad);
        else if (pk && strcmp(a, "encryptedKeyValue") == 0)
            copy_attr(in->key, sizeof in->key, v, &in->bad);
    }
}

static int parse_info(const unsigned char *d, size_t n, struct info *in)
{
    memset(in, 0, sizeof *in);
    XML_Parser x = XML_ParserCreate(NULL);
    if (!x)
        return -1;
    XML_SetUserData(x, in);
    XML_SetElementHandler(x, on_start, NULL);
    /* the document has no DTD; a DOCTYPE is refused outright (no entity expansion) */
    int ok = XML_Parse(x, (const char *)d, (int)n, 1) == XML_STATUS_OK;
    XML_ParserFree(x);
    return ok && !in->bad && in->seen_key_data && in->seen_key ? 0 : -1;
}

static int has_doctype(const unsigned char *d, size_t n)
{
    static const char tag[] = "<!DOCTYPE";
    for (size_t i = 0; i + sizeof tag - 1 <= n; i++)
        if (memcmp(d + i, tag, sizeof tag - 1) == 0)
            return 1;
    return 0;
}

static GsfInput *child(GsfInfile *ole, const char *name)
{
    return gs.infile_child_by_name(ole, name);
}

/* Decrypt the agile package into out_fd. */
static int decrypt_agile(GsfInfile *ole, const unsigned char *infob, size_t ninfo,
                         const char *display, const char *password, int out_fd,
                         struct ck_error *e)
{
    struct info *in = calloc(1, sizeof *in);
    struct params kd, pk;
    struct keys k;
    memset(&kd, 0, sizeof kd);
    memset(&pk, 0, sizeof pk);
    memset(&k, 0, sizeof k);
    unsigned char vin[64], vhash[128], key[64], buf[128], iv[16];
    int rc = CK_OK;
    if (!in)
        return ck_error_set(e, CK_ENOMEM, "out of memory");
    if (has_doctype(infob, ninfo) || parse_info(infob, ninfo, in) != 0) {
        rc = ck_error_set(e, CK_EINPUT, "%s: the encryption description (EncryptionInfo) is "
                                        "damaged", display);
        goto out;
    }
    if (set_algorithms(&kd, in->kd_hash, in->kd_cipher, in->kd_chain, in->kd_bits) != 0 ||
        set_algorithms(&pk, in->pk_hash, in->pk_cipher, in->pk_chain, in->pk_bits) != 0 ||
        in->kd_block != 16 || in->pk_block != 16) {
        rc = ck_error_set(e, CK_EINPUT, "%s: encrypted with %s/%s %ld-bit, which is not "
                                        "supported (AES-CBC with SHA-1 or SHA-2 is)",
                          display, in->kd_cipher, in->kd_hash, in->kd_bits);
        goto out;
    }
    long nkd = unb64(in->kd_salt, kd.salt, sizeof kd.salt),
         npk = unb64(in->pk_salt, pk.salt, sizeof pk.salt),
         nvin = unb64(in->vin, vin, sizeof vin), nvh = unb64(in->vhash, vhash, sizeof vhash),
         nkey = unb64(in->key, key, sizeof key);
    if (nkd < 16 || npk < 16 || nvin < 16 || nvin % 16 || nvh < (long)pk.hash_size ||
        nvh % 16 || nkey < (long)pk.key_bytes || nkey % 16 || in->spins > ck_crypt_max_spins) {
        rc = ck_error_set(e, CK_EINPUT, "%s: the encryption description (EncryptionInfo) is "
                                        "damaged", display);
        goto out;
    }
    kd.salt_len = (size_t)nkd;
    pk.salt_len = (size_t)npk;
    /* The password is right when the decrypted verifier hashes to the decrypted hash. */
    unsigned char vh2[MAX_HASH];
    int ok = password_hash(&pk, password, in->spins, k.h) == 0 &&
             derive(&pk, k.h, pk.hash_size, blk_verifier_input, 8, k.k, pk.key_bytes) == 0 &&
             cbc(&pk, 0, k.k, pk.salt, vin, (size_t)nvin, buf) == 0 &&
             EVP_Digest(buf, (size_t)npk, vh2, NULL, pk.md, NULL) == 1 &&
             derive(&pk, k.h, pk.hash_size, blk_verifier_value, 8, k.k, pk.key_bytes) == 0 &&
             cbc(&pk, 0, k.k, pk.salt, vhash, (size_t)nvh, buf) == 0;
    if (!ok) {
        rc = ck_error_set(e, CK_EINPUT, "%s: cannot decrypt (damaged encryption data)", display);
        goto out;
    }
    if (CRYPTO_memcmp(vh2, buf, pk.hash_size) != 0) {
        rc = ck_error_set(e, CK_EINPUT, "%s: wrong password (the password file's first line does "
                                        "not open this workbook)", display);
        goto out;
    }
    if (derive(&pk, k.h, pk.hash_size, blk_key_value, 8, k.k, pk.key_bytes) != 0 ||
        cbc(&pk, 0, k.k, pk.salt, key, (size_t)nkey, buf) != 0) {
        rc = ck_error_set(e, CK_EINPUT, "%s: cannot decrypt (damaged encryption data)", display);
        goto out;
    }
    memcpy(k.secret, buf, kd.key_bytes);

    GsfInput *pkg = child(ole, "EncryptedPackage");
    if (!pkg) {
        rc = ck_error_set(e, CK_EINPUT, "%s: no EncryptedPackage stream", display);
        goto out;
    }
    gsf_off_t total = gs.input_size(pkg);
    const guint8 *h8 = total >= 8 ? gs.input_read(pkg, 8, NULL) : NULL;
    uint64_t size = 0;
    for (int i = 7; h8 && i >= 0; i--)
        size = size << 8 | h8[i];
    uint64_t body = total >= 8 ? (uint64_t)total - 8 : 0;
    /* the stream holds the size rounded up to the block; some writers pad further */
    if (!h8 || size > body || body % 16 || body - size > SEGMENT + 16) {
        gs.object_unref(pkg);
        rc = ck_error_set(e, CK_EINPUT, "%s: the encrypted workbook is truncated or damaged",
                          display);
        goto out;
    }
    EVP_MAC *mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
    EVP_MAC_CTX *mc = mac ? EVP_MAC_CTX_new(mac) : NULL;
    OSSL_PARAM prm[2] = {OSSL_PARAM_construct_utf8_string(
                             OSSL_MAC_PARAM_DIGEST, (char *)EVP_MD_get0_name(kd.md), 0),
                         OSSL_PARAM_construct_end()};
    unsigned char hk[128], hv[128];
    long nhk = in->seen_integrity ? unb64(in->hk, hk, sizeof hk) : -1,
         nhv = in->seen_integrity ? unb64(in->hv, hv, sizeof hv) : -1;
    int check = in->seen_integrity;
    if (check && (nhk < (long)kd.hash_size || nhk % 16 || nhv < (long)kd.hash_size || nhv % 16 ||
                  derive(&kd, kd.salt, kd.salt_len, blk_hmac_key, 8, iv, 16) != 0 ||
                  cbc(&kd, 0, k.secret, iv, hk, (size_t)nhk, k.hmac_key) != 0 ||
                  derive(&kd, kd.salt, kd.salt_len, blk_hmac_value, 8, iv, 16) != 0 ||
                  cbc(&kd, 0, k.secret, iv, hv, (size_t)nhv, k.hmac) != 0))
        rc = ck_error_set(e, CK_EINPUT, "%s: the integrity data (dataIntegrity) is damaged",
                          display);
    if (rc == CK_OK && (!mc || EVP_MAC_init(mc, k.hmac_key, kd.hash_size, prm) != 1 ||
                        EVP_MAC_update(mc, h8, 8) != 1))
        rc = ck_error_set(e, CK_ENOMEM, "out of memory");
    unsigned char plain[SEGMENT];
    for (uint64_t off = 0, seg = 0; rc == CK_OK && off < body; off += SEGMENT, seg++) {
        size_t n = body - off < SEGMENT ? (size_t)(body - off) : SEGMENT;
        const guint8 *c = gs.input_read(pkg, n, NULL);
        unsigned char idx[4] = {(unsigned char)seg, (unsigned char)(seg >> 8),
                                (unsigned char)(seg >> 16), (unsigned char)(seg >> 24)};
        if (!c) {
            rc = ck_error_set(e, CK_EINPUT, "%s: the encrypted workbook is truncated", display);
            break;
        }
        if (EVP_MAC_update(mc, c, n) != 1 ||
            derive(&kd, kd.salt, kd.salt_len, idx, 4, iv, 16) != 0 ||
            cbc(&kd, 0, k.secret, iv, c, n, plain) != 0) {
            rc = ck_error_set(e, CK_EINPUT, "%s: cannot decrypt segment %llu", display,
                              (unsigned long long)seg);
            break;
        }
        size_t keep = off >= size ? 0 : size - off < n ? (size_t)(size - off) : n;
        if (keep && pwrite(out_fd, plain, keep, (off_t)off) != (ssize_t)keep)
            rc = ck_error_set(e, CK_EOUTPUT, "%s: writing the decrypted workbook: %s", display,
                              strerror(errno));
    }
    OPENSSL_cleanse(plain, sizeof plain);
    unsigned char got[MAX_HASH];
    size_t gl = 0;
    if (rc == CK_OK && check &&
        (EVP_MAC_final(mc, got, &gl, sizeof got) != 1 || gl != kd.hash_size ||
         CRYPTO_memcmp(got, k.hmac, kd.hash_size) != 0))
        rc = ck_error_set(e, CK_EINPUT, "%s: the encrypted workbook fails its integrity check "
                                        "(damaged or altered)", display);
    EVP_MAC_CTX_free(mc);
    EVP_MAC_free(mac);
    gs.object_unref(pkg);
out:
    OPENSSL_cleanse(&k, sizeof k);
    OPENSSL_cleanse(buf, sizeof buf);
    OPENSSL_cleanse(in, sizeof *in);
    free(in);
    return rc;
}

static int decrypt_input(GsfInput *input, const char *display, const char *password, int out_fd,
                         struct ck_error *e)
{
    GError *err = NULL;
    GsfInfile *ole = gs.infile_msole_new(input, &err);
    if (err)
        gs.error_free(err);
    if (!ole)
        return ck_error_set(e, CK_EINPUT, "%s: a damaged OLE2 compound file", display);
    GsfInput *info = child(ole, "EncryptionInfo");
    int rc = CK_OK;
    if (!info) {
        rc = ck_error_set(e, CK_EINPUT, "%s: not an encrypted workbook (no EncryptionInfo)",
                          display);
    } else {
        gsf_off_t n = gs.input_size(info);
        const guint8 *d = n >= 8 && (size_t)n <= MAX_INFO ? gs.input_read(info, (size_t)n, NULL)
                                                          : NULL;
        unsigned major = d ? (unsigned)(d[0] | d[1] << 8) : 0,
                 minor = d ? (unsigned)(d[2] | d[3] << 8) : 0;
        if (!d)
            rc = ck_error_set(e, CK_EINPUT, "%s: the encryption description (EncryptionInfo) is "
                                            "damaged", display);
        else if (major == 4 && minor == 4)
            rc = decrypt_agile(ole, d + 8, (size_t)n - 8, display, password, out_fd, e);
        else if ((major == 3 || major == 4) && minor == 2)
            rc = ck_error_set(e, CK_EINPUT, "%s: Standard Encryption (Excel 2007) is not "
                                            "supported; save it again with a password in Excel "
                                            "2010 or later", display);
        else
            rc = ck_error_set(e, CK_EINPUT, "%s: encryption version %u.%u is not supported "
                                            "(Agile Encryption, 4.4, is)", display, major, minor);
        gs.object_unref(info);
    }
    gs.object_unref(ole);
    return rc;
}

int ck_decrypt_memory(const unsigned char *data, size_t len, const char *display,
                      const char *password, int out_fd, struct ck_error *e)
{
    if (gsf_start(CK_EINPUT, display, e) != CK_OK)
        return CK_EINPUT;
    GsfInput *input = gs.input_memory_new(data, (gsf_off_t)len, FALSE);
    if (!input)
        return ck_error_set(e, CK_ENOMEM, "out of memory");
    int rc = decrypt_input(input, display, password, out_fd, e);
    gs.object_unref(input);
    return rc;
}

int ck_decrypt_workbook(const char *path, const char *display, const char *password,
                        const char *tmpdir, int *out_fd, struct ck_error *e)
{
    *out_fd = -1;
    if (gsf_start(CK_EINPUT, display, e) != CK_OK)
        return CK_EINPUT;
    GError *err = NULL;
    GsfInput *input = gs.input_stdio_new(path, &err);
    if (err)
        gs.error_free(err);
    if (!input)
        return ck_error_set(e, CK_EINPUT, "%s: cannot read it", display);
    int fd = ck_temp_unlinked(tmpdir, "decrypted", e);
    int rc = fd < 0 ? CK_EOUTPUT : decrypt_input(input, display, password, fd, e);
    gs.object_unref(input);
    if (rc != CK_OK && fd >= 0)
        close(fd);
    else
        *out_fd = fd;
    return rc;
}
