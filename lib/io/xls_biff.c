/* xls_biff.c — what libfreexl does not read from an .xls: the cached results of formula cells
 * and the boolean and error constants (BOOLERR), which libfreexl leaves empty or gives as 1/0.
 *
 * A targeted reader, not a BIFF parser: a small OLE2 (compound file) reader finds the Workbook
 * (BIFF8) or Book (BIFF5) stream by its sector chains, and a record walker reads BOUNDSHEET
 * records (where each sheet's records begin), then, in the one sheet asked for, only FORMULA,
 * the STRING record (with its CONTINUE records) after a formula with a text result, BOOLERR,
 * and the XF index of NUMBER, RK and MULRK cells; in the globals before them, the XF, FORMAT,
 * CODEPAGE and DATEMODE records that say which formula results and number cells are dates
 * (libfreexl's own date typing of number cells differs from the XLSX reader's in BIFF5). Everything else in the stream is skipped by its length.
 * Every sector index, chain length, record length and string length is checked against the
 * bytes there are; a chain that loops is cut at the file's sector count. Anything malformed ends
 * the walk with what it found so far and a failure (the caller says so). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "io/sniff.h"
#include "io/xls_biff.h"
#include "io/xlsx_internal.h"

#define ENDOFCHAIN 0xFFFFFFFEu

static uint32_t u32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static unsigned u16(const unsigned char *p)
{
    return (unsigned)p[0] | (unsigned)p[1] << 8;
}

struct cfb {
    const unsigned char *f;
    size_t n, ss, nsec; /* file bytes, sector size, sectors in the file */
    uint32_t *fat;
    size_t nfat;
};

static const unsigned char *sector(const struct cfb *c, uint32_t k)
{
    if ((size_t)k >= c->nsec)
        return NULL;
    return c->f + ((size_t)k + 1) * c->ss;
}

/* The chain from start in table t (nt entries), each link's data unit (size us) appended from
 * get(): into a new buffer of want bytes (the stream's size). NULL on any bad link. */
static unsigned char *read_chain(const struct cfb *c, const uint32_t *t, size_t nt, uint32_t start,
                                 size_t want, size_t us, const unsigned char *mini, size_t nmini)
{
    unsigned char *out = malloc(want ? want : 1);
    if (!out)
        return NULL;
    size_t got = 0, steps = 0, limit = nt;
    uint32_t k = start;
    while (got < want) {
        if (k >= nt || steps++ > limit)
            goto bad;
        const unsigned char *src;
        if (mini) {
            if ((size_t)k * us + us > nmini)
                goto bad;
            src = mini + (size_t)k * us;
        } else if (!(src = sector(c, k))) {
            goto bad;
        }
        size_t take = want - got < us ? want - got : us;
        memcpy(out + got, src, take);
        got += take;
        k = t[k];
    }
    return out;
bad:
    free(out);
    return NULL;
}

/* The Workbook or Book stream of the compound file f (n bytes): a new buffer, its size in
 * *len; NULL when the container cannot be read. */
static unsigned char *workbook_stream(const unsigned char *f, size_t n, size_t *len)
{
    struct cfb c = {f, n, 0, 0, NULL, 0};
    unsigned char *dir = NULL, *ministream = NULL, *minifat_b = NULL, *res = NULL;
    if (n < 512 || ck_container_of(f, n) != CK_CONTAINER_OLE)
        return NULL;
    unsigned shift = u16(f + 30);
    if (shift != 9 && shift != 12)
        return NULL;
    c.ss = (size_t)1 << shift;
    if (n < c.ss)
        return NULL;
    c.nsec = n / c.ss - 1;
    size_t per = c.ss / 4;
    uint32_t nfatsec = u32(f + 44);
    if (nfatsec > c.nsec)
        return NULL;
    c.nfat = (size_t)nfatsec * per;
    if (!(c.fat = calloc(c.nfat ? c.nfat : 1, sizeof *c.fat)))
        return NULL;
    /* the FAT's own sectors: 109 in the header, the rest in the DIFAT chain */
    size_t have = 0, difat_steps = 0;
    for (size_t i = 0; i < 109 && have < nfatsec; i++, have++) {
        const unsigned char *s = sector(&c, u32(f + 76 + 4 * i));
        if (!s)
            goto done;
        for (size_t j = 0; j < per; j++)
            c.fat[have * per + j] = u32(s + 4 * j);
    }
    uint32_t dk = u32(f + 68);
    while (have < nfatsec) {
        const unsigned char *d = sector(&c, dk);
        if (!d || difat_steps++ > c.nsec)
            goto done;
        for (size_t i = 0; i + 1 < per && have < nfatsec; i++, have++) {
            const unsigned char *s = sector(&c, u32(d + 4 * i));
            if (!s)
                goto done;
            for (size_t j = 0; j < per; j++)
                c.fat[have * per + j] = u32(s + 4 * j);
        }
        dk = u32(d + c.ss - 4);
    }
    /* the directory: its length is that of its chain */
    size_t dlen = 0, steps = 0;
    for (uint32_t k = u32(f + 48); k != ENDOFCHAIN; k = c.fat[k], dlen += c.ss)
        if (k >= c.nfat || steps++ > c.nsec)
            goto done;
    if (!dlen || !(dir = read_chain(&c, c.fat, c.nfat, u32(f + 48), dlen, c.ss, NULL, 0)))
        goto done;
    const unsigned char *ent = NULL;
    for (size_t off = 0; off + 128 <= dlen && !ent; off += 128) {
        const unsigned char *d = dir + off;
        unsigned nl = u16(d + 64);
        if (d[66] != 2)
            continue;
        if ((nl == 18 && memcmp(d, "W\0o\0r\0k\0b\0o\0o\0k\0\0\0", 18) == 0) ||
            (nl == 10 && memcmp(d, "B\0o\0o\0k\0\0\0", 10) == 0))
            ent = d;
    }
    if (!ent)
        goto done;
    size_t size = u32(ent + 120);
    if (size > n)
        goto done;
    if (size >= u32(f + 56)) {
        res = read_chain(&c, c.fat, c.nfat, u32(ent + 116), size, c.ss, NULL, 0);
    } else { /* a small stream: in the mini stream, by the mini FAT */
        size_t msize = u32(dir + 120), mflen = (size_t)u32(f + 64) * c.ss;
        if (msize > n || mflen > n || !mflen)
            goto done;
        ministream = read_chain(&c, c.fat, c.nfat, u32(dir + 116), msize, c.ss, NULL, 0);
        minifat_b = read_chain(&c, c.fat, c.nfat, u32(f + 60), mflen, c.ss, NULL, 0);
        if (!ministream || !minifat_b)
            goto done;
        size_t nm = mflen / 4;
        uint32_t *mf = malloc(nm * sizeof *mf);
        if (!mf)
            goto done;
        for (size_t i = 0; i < nm; i++)
            mf[i] = u32(minifat_b + 4 * i);
        res = read_chain(&c, mf, nm, u32(ent + 116), size, 64, ministream, msize);
        free(mf);
    }
    if (res)
        *len = size;
done:
    free(c.fat);
    free(dir);
    free(ministream);
    free(minifat_b);
    return res;
}

/* ---------- the records ---------- */

#define R_FORMULA 0x0006
#define R_FORMAT23 0x001E /* BIFF2/3 numbering; read in BIFF5 too, with the same layout */
#define R_DATEMODE 0x0022
#define R_CODEPAGE 0x0042
#define R_XF 0x00E0
#define R_FORMAT 0x041E /* BIFF4 to BIFF8: in BIFF5/7 too, with a byte-counted string */
#define R_EOF 0x000A
#define R_CONTINUE 0x003C
#define R_BOUNDSHEET 0x0085
#define R_MULRK 0x00BD
#define R_NUMBER 0x0203
#define R_RK 0x027E
#define R_BOOLERR 0x0205
#define R_STRING 0x0207
#define R_BOF 0x0809

static int add(struct xls_fcells *fc, uint32_t row, unsigned col, int kind, char *text, size_t tlen,
               double num, int fmt)
{
    if (ck_grow((void **)&fc->c, &fc->cap, fc->n + 1, sizeof *fc->c))
        return -1;
    fc->c[fc->n++] =
        (struct xls_fcell){row, (uint16_t)col, (uint8_t)kind, (uint8_t)fmt, num, text, tlen};
    return 0;
}

/* The STRING record at s (body b, blen bytes) and its CONTINUE records up to end: its text as
 * UTF-8 (a new buffer, *tlen); NULL when malformed or not readable here (BIFF5 text beyond
 * ASCII, whose code page libfreexl alone converts). */
static char *string_record(const unsigned char *b, size_t blen, const unsigned char *next,
                           const unsigned char *end, int biff8, size_t *tlen)
{
    if (blen < 2)
        return NULL;
    size_t cch = u16(b), pos = 2, o = 0;
    char *out = malloc(cch * 4 + 1);
    if (!out)
        return NULL;
    if (!biff8) {
        if (blen < 2 + cch)
            goto bad;
        for (size_t i = 0; i < cch; i++) {
            if (b[2 + i] >= 0x80)
                goto bad;
            if (b[2 + i])
                out[o++] = (char)b[2 + i];
        }
        out[o] = 0;
        *tlen = o;
        return out;
    }
    if (blen < 3)
        goto bad;
    unsigned flags = b[pos++];
    if (flags & 0x0C) /* rich text or phonetic runs: not in a formula's result */
        goto bad;
    size_t done = 0;
    while (done < cch) {
        size_t w = (flags & 1) ? 2 : 1;
        if (pos + w > blen) { /* the rest in a CONTINUE record, which starts with flags again */
            if (pos != blen || end - next < 5 || u16(next) != R_CONTINUE)
                goto bad;
            size_t cl = u16(next + 2);
            if ((size_t)(end - next - 4) < cl || cl < 1)
                goto bad;
            b = next + 4;
            blen = cl;
            next += 4 + cl;
            flags = b[0];
            pos = 1;
            continue;
        }
        unsigned long ch = w == 2 ? u16(b + pos) : b[pos];
        pos += w;
        /* a NUL in a cell's text ends a C string: dropped, as XML cannot hold one; surrogate
         * halves are kept as they are, 3 bytes each */
        if (ch)
            o += ck_utf8_encode((long)ch, out + o);
        done++;
    }
    out[o] = 0;
    *tlen = o;
    return out;
bad:
    free(out);
    return NULL;
}

/* An RK value: 30 bits of an integer or of a double's high half, optionally hundredths */
static double rk_value(uint32_t rk)
{
    double d;
    if (rk & 2) {
        d = (double)(rk >> 2) - (rk & 0x80000000u ? 1073741824.0 : 0); /* signed 30 bits */
    } else {
        uint64_t bits = (uint64_t)(rk & 0xFFFFFFFCu) << 32;
        memcpy(&d, &bits, 8);
    }
    return rk & 1 ? d / 100 : d;
}

/* ---------- number formats: which formula results are dates ---------- */

#define NO_FMT XLS_FMT_UNKNOWN

struct fmts {
    unsigned char *code_kind; /* per format index (65536): a FORMAT record's kind, or NO_FMT */
    unsigned char *xf;        /* per XF record, in order: its format's kind */
    uint16_t *xf_fmt;         /* per XF record: its format index */
    size_t nxf, cap;
    int dbcs; /* the code page is a double-byte one (BIFF5 format codes) */
};

/* The kind of the format code of FORMAT record body b (bl bytes) into f->code_kind; a code
 * that is not readable here (cut, or continued in a CONTINUE record) is left out, so its
 * cells read as numbers. */
static void format_record(struct fmts *f, const unsigned char *b, size_t bl, int biff8)
{
    if (bl < 3)
        return;
    unsigned id = u16(b);
    size_t cch, pos, o = 0;
    char *code;
    if (biff8) {
        if (bl < 5)
            return;
        cch = u16(b + 2);
        unsigned flags = b[4];
        pos = 5 + (flags & 0x08 ? 2 : 0) + (flags & 0x04 ? 4 : 0);
        size_t w = (flags & 1) ? 2 : 1;
        if (pos > bl || (bl - pos) / w < cch || !(code = malloc(cch * 3 + 1)))
            return;
        for (size_t i = 0; i < cch; i++, pos += w) {
            unsigned long ch = w == 2 ? u16(b + pos) : b[pos];
            if (ch) /* a NUL would end the code early */
                o += ck_utf8_encode((long)ch, code + o);
        }
    } else {
        cch = b[2];
        if (bl - 3 < cch || !(code = malloc(cch + 1)))
            return;
        /* ASCII decides the kind; other characters (in the code page) are literal text, and a
         * double-byte character's second byte may look like ASCII: both made spaces */
        for (size_t i = 0; i < cch; i++) {
            unsigned char ch = b[3 + i];
            if (ch >= 0x80) {
                code[o++] = ' ';
                if (f->dbcs && ch >= 0x81 && i + 1 < cch) {
                    code[o++] = ' ';
                    i++;
                }
            } else if (ch) {
                code[o++] = (char)ch;
            }
        }
    }
    code[o] = 0;
    f->code_kind[id] = (unsigned char)xlsx_format_kind(code);
    free(code);
}

/* One more XF record with format index ifmt; beyond 65536 (what a cell's u16 XF index can
 * reach) the rest are not kept. -1 when out of memory. */
static int xf_record(struct fmts *f, unsigned ifmt)
{
    if (f->nxf >= 65536)
        return 0;
    if (ck_grow((void **)&f->xf_fmt, &f->cap, f->nxf + 1, sizeof *f->xf_fmt))
        return -1;
    f->xf_fmt[f->nxf++] = (uint16_t)ifmt;
    return 0;
}

/* Each XF's kind from its format: a FORMAT record's code first, else Excel's built-in formats
 * (as the XLSX reader classifies them); NO_FMT for a custom format index (164 and up) with no
 * readable FORMAT record. -1 when out of memory. */
static int resolve_xfs(struct fmts *f)
{
    if (!(f->xf = malloc(f->nxf ? f->nxf : 1)))
        return -1;
    for (size_t i = 0; i < f->nxf; i++) {
        unsigned id = f->xf_fmt[i];
        f->xf[i] = f->code_kind[id] != NO_FMT ? f->code_kind[id]
                   : id < 164                 ? (unsigned char)xlsx_builtin_kind(id)
                                              : NO_FMT;
    }
    return 0;
}

/* The kind of the format of XF ixfe: NO_FMT when there is no such XF or its format is unknown */
static int xf_kind(const struct fmts *f, unsigned ixfe)
{
    return ixfe < f->nxf ? f->xf[ixfe] : NO_FMT;
}

static void fmts_free(struct fmts *f)
{
    free(f->code_kind);
    free(f->xf);
    free(f->xf_fmt);
}

int xls_biff_sheet_cells(const unsigned char *f, size_t n, size_t sheet, struct xls_fcells *fc)
{
    memset(fc, 0, sizeof *fc);
    fc->first_unread_row = -1;
    size_t len = 0;
    unsigned char *s = workbook_stream(f, n, &len);
    if (!s)
        return -1;
    const unsigned char *p = s, *end = s + len;
    int rc = -1, biff8 = 0;
    struct fmts fm = {NULL, NULL, NULL, 0, 0, 0};
    if (len < 8 || u16(p) != R_BOF || !(fm.code_kind = malloc(65536)))
        goto done;
    memset(fm.code_kind, NO_FMT, 65536);
    biff8 = u16(p + 4) == 0x0600;
    /* the globals: the sheet'th BOUNDSHEET says where its records begin */
    size_t k = 0;
    uint32_t at = 0;
    int found = 0;
    while (end - p >= 4) {
        unsigned type = u16(p), rl = u16(p + 2);
        if ((size_t)(end - p - 4) < rl)
            goto done;
        const unsigned char *b = p + 4;
        if (type == R_BOUNDSHEET && rl >= 4 && k++ == sheet) {
            at = u32(b);
            found = 1;
        } else if (type == R_XF && rl >= 4) {
            if (xf_record(&fm, u16(b + 2)))
                goto done;
        } else if (type == R_FORMAT || (!biff8 && type == R_FORMAT23)) {
            format_record(&fm, b, rl, biff8);
        } else if (type == R_DATEMODE && rl >= 2) {
            fc->date1904 = u16(b) == 1;
        } else if (type == R_CODEPAGE && rl >= 2) {
            unsigned cp = u16(b);
            fm.dbcs = cp == 932 || cp == 936 || cp == 949 || cp == 950;
        }
        p += 4 + rl;
        if (type == R_EOF)
            break;
    }
    if (!found || at >= len - 4 || u16(s + at) != R_BOF || resolve_xfs(&fm))
        goto done;
    p = s + at;
    int depth = 0;
    while (end - p >= 4) {
        unsigned type = u16(p), rl = u16(p + 2);
        if ((size_t)(end - p - 4) < rl)
            goto done;
        const unsigned char *b = p + 4;
        p += 4 + rl;
        if (type == R_BOF) {
            depth++;
            continue;
        }
        if (type == R_EOF) {
            if (--depth <= 0)
                break;
            continue;
        }
        if (depth != 1)
            continue; /* an embedded chart's records */
        if (type == R_BOOLERR && rl >= 8) {
            if (add(fc, u16(b), u16(b + 2), b[7] ? XLS_F_ERROR : XLS_F_BOOL, NULL, 0, b[6] != 0,
                    XLSX_NUMBER))
                goto done;
        } else if (type == R_NUMBER && rl >= 14) {
            unsigned ixfe = u16(b + 4);
            double d;
            memcpy(&d, b + 6, 8);
            if (add(fc, u16(b), u16(b + 2), XLS_F_CELL, NULL, 0, d,
                    xf_kind(&fm, ixfe)))
                goto done;
        } else if (type == R_RK && rl >= 10) {
            unsigned ixfe = u16(b + 4);
            if (add(fc, u16(b), u16(b + 2), XLS_F_CELL, NULL, 0, rk_value(u32(b + 6)),
                    xf_kind(&fm, ixfe)))
                goto done;
        } else if (type == R_MULRK && rl >= 12) {
            /* row, first column, (XF, RK) per cell, last column: as many cells as both say */
            unsigned row = u16(b), first = u16(b + 2), last = u16(b + rl - 2);
            size_t cells = ((size_t)rl - 6) / 6;
            if (last < first)
                cells = 0;
            else if (cells > (size_t)(last - first) + 1)
                cells = (size_t)(last - first) + 1;
            for (size_t i = 0; i < cells; i++) {
                const unsigned char *e = b + 4 + 6 * i;
                unsigned ixfe = u16(e);
                if (add(fc, row, first + (unsigned)i, XLS_F_CELL, NULL, 0, rk_value(u32(e + 2)),
                        xf_kind(&fm, ixfe)))
                    goto done;
            }
        } else if (type == R_FORMULA && rl >= 20) {
            unsigned row = u16(b), col = u16(b + 2), ixfe = u16(b + 4);
            const unsigned char *v = b + 6;
            if (u16(v + 6) != 0xFFFF) {
                double d;
                memcpy(&d, v, 8); /* little-endian IEEE 754, as on every host custkit builds on */
                int fmt = xf_kind(&fm, ixfe);
                if (fmt == NO_FMT)
                    fmt = XLSX_NUMBER; /* a result whose format cannot be known: a number */
                if (add(fc, row, col, XLS_F_NUMBER, NULL, 0, d, fmt))
                    goto done;
            } else if (v[0] == 1 || v[0] == 2) {
                if (add(fc, row, col, v[0] == 1 ? XLS_F_BOOL : XLS_F_ERROR, NULL, 0, v[2] != 0,
                        XLSX_NUMBER))
                    goto done;
            } else if (v[0] == 3) {
                if (add(fc, row, col, XLS_F_TEXT, NULL, 0, 0, XLSX_NUMBER))
                    goto done;
            } else if (v[0] == 0) {
                /* the text follows in a STRING record, after any SHRFMLA, ARRAY or TABLE */
                const unsigned char *q = p;
                char *t = NULL;
                size_t tl = 0;
                for (int skip = 0; skip < 3 && end - q >= 4; skip++) {
                    unsigned qt = u16(q), ql = u16(q + 2);
                    if ((size_t)(end - q - 4) < ql)
                        break;
                    if (qt == R_STRING) {
                        t = string_record(q + 4, ql, q + 4 + ql, end, biff8, &tl);
                        break;
                    }
                    if (qt != 0x04BC && qt != 0x0221 && qt != 0x0236)
                        break;
                    q += 4 + ql;
                }
                if (!t) {
                    if (fc->unread++ == 0) {
                        fc->first_unread_row = (long)row;
                        fc->first_unread_col = col;
                    }
                } else if (add(fc, row, col, XLS_F_TEXT, t, tl, 0, XLSX_NUMBER)) {
                    free(t);
                    goto done;
                }
            } else if (fc->unread++ == 0) {
                fc->first_unread_row = (long)row;
                fc->first_unread_col = col;
            }
        }
    }
    rc = 0;
done:
    fmts_free(&fm);
    free(s);
    return rc;
}

void xls_fcells_free(struct xls_fcells *fc)
{
    for (size_t i = 0; i < fc->n; i++)
        free(fc->c[i].text);
    free(fc->c);
    memset(fc, 0, sizeof *fc);
}
