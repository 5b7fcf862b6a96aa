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
 * the walk with what it found so far and a failure (the caller says so).
 *
 * The same reader, given the shared strings and the text records as well (xls_book_*), reads
 * a whole BIFF8 workbook that libfreexl refuses: one of more than 1,048,576 shared strings.
 * There the stream is read from the file by its sector list, not copied whole: its globals
 * once, then each sheet's records (from its BOF to the next sheet's) when that sheet is read. */
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

/* The sectors of the chain from start that hold want bytes, in order, each checked to be in the
 * file: a new array (*count entries), NULL on a bad link. */
static uint32_t *chain_sectors(const struct cfb *c, uint32_t start, size_t want, size_t *count)
{
    size_t cnt = (want + c->ss - 1) / c->ss;
    uint32_t *out = malloc((cnt ? cnt : 1) * sizeof *out), k = start;
    if (!out)
        return NULL;
    for (size_t i = 0; i < cnt; i++) {
        if (k >= c->nfat || !sector(c, k)) {
            free(out);
            return NULL;
        }
        out[i] = k;
        k = c->fat[k];
    }
    *count = cnt;
    return out;
}

/* The Workbook or Book stream of the compound file f (n bytes), its size in *len: a new buffer;
 * or, with secs and when it is not in the mini stream, NULL with its sectors' numbers in *secs
 * (*nsecs of them, of *ss bytes) for ws_copy to read it from there. NULL, *secs NULL, when the
 * container cannot be read. */
static unsigned char *workbook_stream(const unsigned char *f, size_t n, size_t *len,
                                      uint32_t **secs, size_t *nsecs, size_t *ss)
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
    if (secs && size >= u32(f + 56)) {
        if ((*secs = chain_sectors(&c, u32(ent + 116), size, nsecs)) != NULL) {
            *len = size;
            *ss = c.ss;
        }
    } else if (size >= u32(f + 56)) {
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

/* ---------- the shared strings and text cells (a workbook libfreexl refuses) ---------- */

#define R_FILEPASS 0x002F
#define R_RSTRING 0x00D6
#define R_SST 0x00FC
#define R_LABELSST 0x00FD
#define R_LABEL 0x0204

/* A run of records read as one byte stream: a record's body, then the bodies of the CONTINUE
 * records after it, where the record's data go on. */
struct cont {
    const unsigned char *b; /* the current body */
    size_t len, pos;
    const unsigned char *next, *end; /* the record after it; the stream's end */
};

/* Move to the next CONTINUE record's body; 0 when there is none. */
static int cont_next(struct cont *c)
{
    if (c->end - c->next < 4 || u16(c->next) != R_CONTINUE)
        return 0;
    size_t cl = u16(c->next + 2);
    if ((size_t)(c->end - c->next - 4) < cl)
        return 0;
    c->b = c->next + 4;
    c->len = cl;
    c->pos = 0;
    c->next += 4 + cl;
    return 1;
}

static int cont_byte(struct cont *c, unsigned *v)
{
    while (c->pos == c->len)
        if (!cont_next(c))
            return 0;
    *v = c->b[c->pos++];
    return 1;
}

static int cont_u16(struct cont *c, unsigned *v)
{
    unsigned lo, hi;
    if (!cont_byte(c, &lo) || !cont_byte(c, &hi))
        return 0;
    *v = lo | hi << 8;
    return 1;
}

static int cont_skip(struct cont *c, size_t n)
{
    while (n) {
        while (c->pos == c->len)
            if (!cont_next(c))
                return 0;
        size_t k = c->len - c->pos < n ? c->len - c->pos : n;
        c->pos += k;
        n -= k;
    }
    return 1;
}

/* A BIFF8 unicode string (XLUnicodeRichExtendedString; with rich 0, the plain kind whose flags
 * say only the characters' width) at c, as UTF-8 appended to *out (grown as needed, *olen its
 * length). Its characters may go on into CONTINUE records, each starting with the flags byte
 * again; UTF-16 surrogate pairs are joined, NUL characters dropped. 0 when it runs past the
 * records or memory runs out. */
static int read_ustring(struct cont *c, int rich, char **out, size_t *olen, size_t *ocap)
{
    unsigned cch, flags, runs = 0, b0, b1;
    uint32_t ext = 0;
    if (!cont_u16(c, &cch) || !cont_byte(c, &flags))
        return 0;
    if (rich && (flags & 0x08) && !cont_u16(c, &runs))
        return 0;
    if (rich && (flags & 0x04)) {
        unsigned e0, e1;
        if (!cont_u16(c, &e0) || !cont_u16(c, &e1))
            return 0;
        ext = (uint32_t)e0 | (uint32_t)e1 << 16;
    }
    if (ck_grow((void **)out, ocap, *olen + (size_t)cch * 3 + 1, 1))
        return 0;
    unsigned long hi = 0; /* a high surrogate waiting for its low half */
    for (unsigned i = 0; i < cch; i++) {
        if (c->pos == c->len) { /* the characters go on in a CONTINUE record */
            if (!cont_next(c) || !cont_byte(c, &flags))
                return 0;
        }
        unsigned long ch;
        if (!(flags & 1) && !hi) { /* 8-bit characters: the run in this record at once */
            size_t k = c->len - c->pos < cch - i ? c->len - c->pos : cch - i;
            for (size_t j = 0; j < k; j++) {
                unsigned char ch8 = c->b[c->pos + j];
                if (ch8 >= 0x80) {
                    (*out)[(*olen)++] = (char)(0xC0 | ch8 >> 6);
                    (*out)[(*olen)++] = (char)(0x80 | (ch8 & 0x3F));
                } else if (ch8) {
                    (*out)[(*olen)++] = (char)ch8;
                }
            }
            c->pos += k;
            i += (unsigned)k - 1;
            continue;
        }
        if (flags & 1) {
            if (!cont_byte(c, &b0) || !cont_byte(c, &b1))
                return 0;
            ch = b0 | (unsigned long)b1 << 8;
        } else {
            if (!cont_byte(c, &b0))
                return 0;
            ch = b0;
        }
        if (hi && ch >= 0xDC00 && ch < 0xE000) {
            ch = 0x10000 + ((hi - 0xD800) << 10) + (ch - 0xDC00);
            *olen -= 3; /* the high half, written alone, is replaced */
        }
        hi = ch >= 0xD800 && ch < 0xDC00 ? ch : 0;
        if (ch)
            *olen += ck_utf8_encode((long)ch, *out + *olen);
    }
    (*out)[*olen] = 0;
    return cont_skip(c, (size_t)runs * 4) && cont_skip(c, ext);
}

struct xls_book {
    unsigned char *s; /* the Workbook stream; or (secs) its globals, up to their EOF record */
    size_t len;
    const unsigned char *f; /* with secs: the file, where the stream's sectors are */
    uint32_t *secs;         /* the stream's sectors in order (NULL: all of it is in s) */
    size_t nsecs, ss, slen; /* how many, their size, the stream's length */
    int biff8, date1904, password;
    unsigned codepage;
    struct fmts fm;
    uint32_t *sheet_at; /* per BOUNDSHEET: where its BOF is in the stream */
    char **names;       /* with all: per BOUNDSHEET, its name (UTF-8) */
    size_t nsheets, cap;
    struct sst_at {
        uint32_t at, end;
    } *sst_at;        /* with all: per shared string, where it is (read_sst) */
    size_t nsst, sst_cap;
};

void xls_book_free(struct xls_book *b)
{
    if (!b)
        return;
    free(b->s);
    free(b->secs);
    fmts_free(&b->fm);
    free(b->sheet_at);
    for (size_t i = 0; b->names && i < b->nsheets; i++)
        free(b->names[i]);
    free(b->names);
    free(b->sst_at);
    free(b);
}

/* The SST record (body at p, rl bytes) and its CONTINUE records: where each string is in the
 * stream (not decoded here: a table of a million strings is read when its cells are). -1
 * when malformed or out of memory. */
static int read_sst(struct xls_book *b, const unsigned char *p, size_t rl, const unsigned char *end)
{
    if (rl < 8 || b->sst_at)
        return -1;
    uint32_t want = u32(p + 4);
    struct cont c = {p, rl, 8, p + rl, end};
    /* each string takes 3 bytes at least: no more are kept room for than the stream holds */
    size_t most = (size_t)(end - p) / 3;
    if (ck_grow((void **)&b->sst_at, &b->sst_cap, want < most ? want : most, sizeof *b->sst_at))
        return -1;
    char *tmp = NULL;
    size_t tl = 0, tc = 0;
    for (uint32_t i = 0; i < want; i++) {
        if (c.pos == c.len && !cont_next(&c))
            break; /* fewer strings than it says: a cell past them is refused when read */
        if (ck_grow((void **)&b->sst_at, &b->sst_cap, b->nsst + 1, sizeof *b->sst_at))
            goto bad;
        /* the string's start and the end of the record it starts in, as stream offsets */
        b->sst_at[b->nsst].at = (uint32_t)(c.b + c.pos - b->s);
        b->sst_at[b->nsst].end = (uint32_t)(c.b + c.len - b->s);
        b->nsst++;
        tl = 0;
        if (!read_ustring(&c, 1, &tmp, &tl, &tc))
            goto bad;
    }
    free(tmp);
    return 0;
bad:
    free(tmp);
    return -1;
}

/* The BIFF8 BOUNDSHEET body b (rl bytes): its name as UTF-8 (a new string), NULL when it is
 * malformed. */
static char *sheet_name8(const unsigned char *body, size_t rl)
{
    if (rl < 8)
        return NULL;
    size_t cch = body[6], w = (body[7] & 1) ? 2 : 1;
    if (rl - 8 < cch * w)
        return NULL;
    const unsigned char *chars = body + 8;
    char *out = malloc(cch * 3 + 1);
    size_t olen = 0;
    if (!out)
        return NULL;
    unsigned long hi = 0;
    for (size_t i = 0; i < cch; i++) {
        unsigned long ch = w == 2 ? u16(chars + 2 * i) : chars[i];
        if (hi && ch >= 0xDC00 && ch < 0xE000) {
            ch = 0x10000 + ((hi - 0xD800) << 10) + (ch - 0xDC00);
            olen -= 3;
        }
        hi = ch >= 0xD800 && ch < 0xDC00 ? ch : 0;
        if (ch)
            olen += ck_utf8_encode((long)ch, out + olen);
    }
    out[olen] = 0;
    return out;
}

/* n bytes of the stream from off into out, from its sectors in the file. -1 past its end. */
static int ws_copy(const struct xls_book *b, size_t off, size_t n, unsigned char *out)
{
    if (off > b->slen || b->slen - off < n)
        return -1;
    while (n) {
        size_t i = off / b->ss, o = off % b->ss, take = b->ss - o < n ? b->ss - o : n;
        if (i >= b->nsecs)
            return -1;
        memcpy(out, b->f + ((size_t)b->secs[i] + 1) * b->ss + o, take);
        out += take, off += take, n -= take;
    }
    return 0;
}

/* The globals of a stream read from its sectors: its records up to the first EOF, copied into
 * b->s. -1 when one is cut by the stream's end or memory runs out. */
static int copy_globals(struct xls_book *b)
{
    size_t off = 0, cap = 0;
    unsigned char h[4];
    while (off < b->slen) {
        if (ws_copy(b, off, 4, h))
            return -1;
        size_t rl = u16(h + 2);
        if (ck_grow((void **)&b->s, &cap, b->len + 4 + rl, 1) || ws_copy(b, off, 4 + rl, b->s + b->len))
            return -1;
        b->len += 4 + rl;
        off += 4 + rl;
        if (u16(h) == R_EOF)
            break;
    }
    return 0;
}

/* The Workbook stream of f and its globals: each sheet's offset, the formats, the date
 * system; with all, also the sheet names and the shared strings (BIFF8 only). -1 when the
 * container or the globals are malformed. */
static int book_read(const unsigned char *f, size_t n, int all, struct xls_book **bp)
{
    struct xls_book *b = calloc(1, sizeof *b);
    *bp = b;
    if (!b)
        return -1;
    if (!all) {
        if (!(b->s = workbook_stream(f, n, &b->len, NULL, NULL, NULL)))
            return -1;
    } else if ((b->s = workbook_stream(f, n, &b->len, &b->secs, &b->nsecs, &b->ss)) == NULL) {
        /* read from the file: only the globals are copied, a sheet's records when it is read */
        b->f = f;
        b->slen = b->len;
        b->len = 0;
        if (!b->secs || copy_globals(b))
            return -1;
    }
    const unsigned char *p = b->s, *end = b->s + b->len;
    if (b->len < 8 || u16(p) != R_BOF || !(b->fm.code_kind = malloc(65536)))
        return -1;
    memset(b->fm.code_kind, NO_FMT, 65536);
    b->biff8 = u16(p + 4) == 0x0600;
    if (all && !b->biff8)
        return -1;
    while (end - p >= 4) {
        unsigned type = u16(p), rl = u16(p + 2);
        if ((size_t)(end - p - 4) < rl)
            return -1;
        const unsigned char *body = p + 4;
        if (type == R_BOUNDSHEET && rl >= 4) {
            if (ck_grow((void **)&b->sheet_at, &b->cap, b->nsheets + 1, sizeof *b->sheet_at))
                return -1;
            if (all) {
                char **nn = realloc(b->names, (b->nsheets + 1) * sizeof *nn);
                if (!nn)
                    return -1;
                b->names = nn;
                if (!(nn[b->nsheets] = sheet_name8(body, rl))) {
                    b->sheet_at[b->nsheets++] = 0;
                    return -1;
                }
            }
            b->sheet_at[b->nsheets++] = u32(body);
        } else if (type == R_XF && rl >= 4) {
            if (xf_record(&b->fm, u16(body + 2)))
                return -1;
        } else if (type == R_FORMAT || (!b->biff8 && type == R_FORMAT23)) {
            format_record(&b->fm, body, rl, b->biff8);
        } else if (type == R_DATEMODE && rl >= 2) {
            b->date1904 = u16(body) == 1;
        } else if (type == R_CODEPAGE && rl >= 2) {
            b->codepage = u16(body);
            b->fm.dbcs = b->codepage == 932 || b->codepage == 936 || b->codepage == 949 ||
                         b->codepage == 950;
        } else if (type == R_FILEPASS) {
            b->password = 1;
        } else if (all && type == R_SST && !b->password) {
            if (read_sst(b, body, rl, end))
                return -1;
        }
        p += 4 + rl;
        if (type == R_EOF)
            break;
    }
    return resolve_xfs(&b->fm) ? -1 : 0;
}

int xls_book_open(const unsigned char *f, size_t n, struct xls_book **bp)
{
    if (book_read(f, n, 1, bp) == 0)
        return 0;
    xls_book_free(*bp);
    *bp = NULL;
    return -1;
}

size_t xls_book_sheet_count(const struct xls_book *b)
{
    return b->nsheets;
}

const char *xls_book_sheet_name(const struct xls_book *b, size_t i)
{
    return i < b->nsheets && b->names ? b->names[i] : NULL;
}

int xls_book_date1904(const struct xls_book *b)
{
    return b->date1904;
}

int xls_book_password(const struct xls_book *b)
{
    return b->password;
}

size_t xls_book_strings(const struct xls_book *b)
{
    return b->nsst;
}

/* The records of a sheet, from its BOF at s + at (len bytes at s), into fc; with all, its text
 * cells too. */
static int sheet_walk(const struct xls_book *b, const unsigned char *s, size_t len, size_t at,
                      int all, struct xls_fcells *fc)
{
    const unsigned char *end = s + len;
    int biff8 = b->biff8;
    const struct fmts *fm = &b->fm;
    if (len < 8 || at >= len - 4 || u16(s + at) != R_BOF)
        return -1;
    const unsigned char *p = s + at;
    int depth = 0;
    while (end - p >= 4) {
        unsigned type = u16(p), rl = u16(p + 2);
        if ((size_t)(end - p - 4) < rl)
            return -1;
        const unsigned char *body = p + 4;
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
        if (all && (type == R_LABELSST || type == R_LABEL || type == R_RSTRING) && rl >= 9) {
            struct cont c = {body + 6, (size_t)rl - 6, 0, p, end};
            int rich = 0;
            if (type == R_LABELSST) {
                uint32_t i = rl >= 10 ? u32(body + 6) : UINT32_MAX;
                if (i >= b->nsst)
                    return -1;
                c = (struct cont){b->s + b->sst_at[i].at, b->sst_at[i].end - b->sst_at[i].at,
                                  0, b->s + b->sst_at[i].end, b->s + b->len};
                rich = 1;
            }
            char *t = NULL;
            size_t tl = 0, tc = 0;
            if (!read_ustring(&c, rich, &t, &tl, &tc) ||
                add(fc, u16(body), u16(body + 2), XLS_F_TEXT, t, tl, 0, XLSX_NUMBER)) {
                free(t);
                return -1;
            }
        } else if (type == R_BOOLERR && rl >= 8) {
            if (add(fc, u16(body), u16(body + 2), body[7] ? XLS_F_ERROR : XLS_F_BOOL, NULL, 0,
                    body[6] != 0, XLSX_NUMBER))
                return -1;
        } else if (type == R_NUMBER && rl >= 14) {
            unsigned ixfe = u16(body + 4);
            double d;
            memcpy(&d, body + 6, 8);
            if (add(fc, u16(body), u16(body + 2), XLS_F_CELL, NULL, 0, d, xf_kind(fm, ixfe)))
                return -1;
        } else if (type == R_RK && rl >= 10) {
            unsigned ixfe = u16(body + 4);
            if (add(fc, u16(body), u16(body + 2), XLS_F_CELL, NULL, 0, rk_value(u32(body + 6)),
                    xf_kind(fm, ixfe)))
                return -1;
        } else if (type == R_MULRK && rl >= 12) {
            /* row, first column, (XF, RK) per cell, last column: as many cells as both say */
            unsigned row = u16(body), first = u16(body + 2), last = u16(body + rl - 2);
            size_t cells = ((size_t)rl - 6) / 6;
            if (last < first)
                cells = 0;
            else if (cells > (size_t)(last - first) + 1)
                cells = (size_t)(last - first) + 1;
            for (size_t i = 0; i < cells; i++) {
                const unsigned char *e = body + 4 + 6 * i;
                unsigned ixfe = u16(e);
                if (add(fc, row, first + (unsigned)i, XLS_F_CELL, NULL, 0, rk_value(u32(e + 2)),
                        xf_kind(fm, ixfe)))
                    return -1;
            }
        } else if (type == R_FORMULA && rl >= 20) {
            unsigned row = u16(body), col = u16(body + 2), ixfe = u16(body + 4);
            const unsigned char *v = body + 6;
            if (u16(v + 6) != 0xFFFF) {
                double d;
                memcpy(&d, v, 8); /* little-endian IEEE 754, as on every host custkit builds on */
                int fmt = xf_kind(fm, ixfe);
                if (fmt == NO_FMT)
                    fmt = XLSX_NUMBER; /* a result whose format cannot be known: a number */
                if (add(fc, row, col, XLS_F_NUMBER, NULL, 0, d, fmt))
                    return -1;
            } else if (v[0] == 1 || v[0] == 2) {
                if (add(fc, row, col, v[0] == 1 ? XLS_F_BOOL : XLS_F_ERROR, NULL, 0, v[2] != 0,
                        XLSX_NUMBER))
                    return -1;
            } else if (v[0] == 3) {
                if (add(fc, row, col, XLS_F_TEXT, NULL, 0, 0, XLSX_NUMBER))
                    return -1;
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
                    return -1;
                }
            } else if (fc->unread++ == 0) {
                fc->first_unread_row = (long)row;
                fc->first_unread_col = col;
            }
        }
    }
    return 0;
}

/* Sheet `sheet`'s records into fc: where they are in b->s, or (secs) copied from the file, from
 * its BOF up to the next sheet's or the stream's end. */
static int sheet_records(const struct xls_book *b, size_t sheet, int all, struct xls_fcells *fc)
{
    fc->date1904 = b->date1904;
    if (sheet >= b->nsheets)
        return -1;
    size_t at = b->sheet_at[sheet];
    if (!b->secs)
        return sheet_walk(b, b->s, b->len, at, all, fc);
    size_t stop = b->slen;
    for (size_t i = 0; i < b->nsheets; i++)
        if (b->sheet_at[i] > at && b->sheet_at[i] < stop)
            stop = b->sheet_at[i];
    if (at >= stop)
        return -1;
    unsigned char *r = malloc(stop - at);
    int rc = -1;
    if (r && ws_copy(b, at, stop - at, r) == 0)
        rc = sheet_walk(b, r, stop - at, 0, all, fc);
    free(r);
    return rc;
}

int xls_book_sheet_cells(const struct xls_book *b, size_t sheet, struct xls_fcells *fc)
{
    memset(fc, 0, sizeof *fc);
    fc->first_unread_row = -1;
    return sheet_records(b, sheet, 1, fc);
}

int xls_biff_sheet_cells(const unsigned char *f, size_t n, size_t sheet, struct xls_fcells *fc)
{
    memset(fc, 0, sizeof *fc);
    fc->first_unread_row = -1;
    struct xls_book *b = NULL;
    int rc = -1;
    if (book_read(f, n, 0, &b) == 0)
        rc = sheet_records(b, sheet, 0, fc);
    else if (b)
        fc->date1904 = b->date1904;
    xls_book_free(b);
    return rc;
}

void xls_fcells_free(struct xls_fcells *fc)
{
    for (size_t i = 0; i < fc->n; i++)
        free(fc->c[i].text);
    free(fc->c);
    memset(fc, 0, sizeof *fc);
}
