/* xlsx_xml.c — hardened expat parsing of a workbook's XML entries (no DOCTYPE, no entities,
 * nesting capped), and the failure and suspension every handler reports through, whichever
 * parser (expat or the sheet tokenizer, which registers itself) reads the entry. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "io/xlsx_internal.h"

const char *xlsx_attr(const char **atts, const char *local)
{
    for (; *atts; atts += 2)
        if (strcmp(xlsx_local(atts[0]), local) == 0)
            return atts[1];
    return NULL;
}

void xlsx_xml_fail(struct xlsx_xml *xx, int code, const char *fmt, ...)
{
    if (xx->failed)
        return;
    char m[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(m, sizeof m, _(fmt), ap);
    va_end(ap);
    unsigned long line = xx->p ? (unsigned long)XML_GetCurrentLineNumber(xx->p)
                         : xx->alt ? xx->alt_line(xx->alt)
                                   : 0;
    ck_error_set(&xx->err, code, "%s: %s:%lu: %s", xx->z->path, xx->entry, line, m);
    xx->failed = 1;
    if (xx->p)
        XML_StopParser(xx->p, XML_FALSE);
}

void xlsx_xml_suspend(struct xlsx_xml *xx)
{
    if (xx->p)
        XML_StopParser(xx->p, XML_TRUE);
    else if (xx->alt)
        xx->alt_suspend(xx->alt);
}

/* A parsed row handed to the reader: the cells of rb at coff/clen into out's arrays, and the
 * parse suspended so that the caller gets the row before the next one is parsed (the XLSX and
 * ODS sheet parsers both end a row this way). -1 (and the parse failed) when memory runs out. */
int xlsx_row_hand_off(struct xlsx_xml *xx, struct xlsx_row_out *out, char *rb,
                      const size_t *coff, const size_t *clen, size_t n, long line)
{
    if (n > out->cap) {
        size_t cap = out->cap;
        if (ck_grow((void **)&out->of, &cap, n, sizeof *out->of) ||
            ck_grow((void **)&out->olen, &out->cap, n, sizeof *out->olen)) {
            xlsx_xml_fail(xx, CK_ENOMEM, "out of memory");
            return -1;
        }
    }
    for (size_t j = 0; j < n; j++) {
        out->of[j] = rb + coff[j];
        out->olen[j] = clen[j];
    }
    out->row.n = n;
    out->row.f = out->of;
    out->row.len = out->olen;
    out->row.line = line;
    xlsx_xml_suspend(xx);
    return 0;
}

void xlsx_row_out_free(struct xlsx_row_out *out)
{
    free(out->of);
    free(out->olen);
    out->of = NULL;
    out->olen = NULL;
    out->cap = 0;
}

static void XMLCALL on_doctype(void *ctx, const XML_Char *name, const XML_Char *sysid,
                               const XML_Char *pubid, int has_internal_subset)
{
    xlsx_xml_fail(ctx, CK_EINPUT, "DOCTYPE declarations are not allowed in a workbook");
}

static void XMLCALL on_entity(void *ctx, const XML_Char *name, int is_param,
                              const XML_Char *value, int value_len, const XML_Char *base,
                              const XML_Char *sysid, const XML_Char *pubid,
                              const XML_Char *notation)
{
    xlsx_xml_fail(ctx, CK_EINPUT, "entity declarations are not allowed in a workbook");
}

static void XMLCALL depth_start(void *ctx, const XML_Char *name, const XML_Char **atts)
{
    struct xlsx_xml *xx = ctx;
    if (++xx->depth > XLSX_MAX_DEPTH) {
        xlsx_xml_fail(xx, CK_EINPUT, "elements nested more than %d deep", XLSX_MAX_DEPTH);
        return;
    }
    xx->start(ctx, name, atts);
}

static void XMLCALL depth_end(void *ctx, const XML_Char *name)
{
    struct xlsx_xml *xx = ctx;
    xx->depth--;
    xx->end(ctx, name);
}

int xlsx_xml_init(struct xlsx_xml *xx, struct xlsx_zip *z, const char *entry, void *ctx,
                  XML_StartElementHandler start, XML_EndElementHandler end,
                  XML_CharacterDataHandler text, struct ck_error *e)
{
    xx->z = z;
    xx->entry = entry;
    xx->failed = 0;
    xx->err.code = 0;
    xx->err.msg[0] = 0;
    xx->depth = 0;
    xx->start = start;
    xx->end = end;
    xx->alt = NULL;
    xx->p = XML_ParserCreate(NULL);
    if (!xx->p)
        return ck_error_set(e, CK_ENOMEM, "out of memory");
    XML_SetUserData(xx->p, ctx);
    XML_SetElementHandler(xx->p, depth_start, depth_end);
    if (text)
        XML_SetCharacterDataHandler(xx->p, text);
    XML_SetStartDoctypeDeclHandler(xx->p, on_doctype);
    XML_SetEntityDeclHandler(xx->p, on_entity);
    XML_SetParamEntityParsing(xx->p, XML_PARAM_ENTITY_PARSING_NEVER);
#if XML_MAJOR_VERSION > 2 || (XML_MAJOR_VERSION == 2 && XML_MINOR_VERSION >= 4)
    XML_SetBillionLaughsAttackProtectionMaximumAmplification(xx->p, 100.0f);
    XML_SetBillionLaughsAttackProtectionActivationThreshold(xx->p, 8u << 20);
#endif
    return CK_OK;
}

void xlsx_xml_free(struct xlsx_xml *xx)
{
    if (xx->p)
        XML_ParserFree(xx->p);
    xx->p = NULL;
}

int xlsx_xml_error(struct xlsx_xml *xx, struct ck_error *e)
{
    if (xx->failed) {
        if (e)
            *e = xx->err;
        return xx->err.code;
    }
    return ck_error_set(e, CK_EINPUT, "%s: %s:%lu: %s", xx->z->path, xx->entry,
                        (unsigned long)XML_GetCurrentLineNumber(xx->p),
                        _(XML_ErrorString(XML_GetErrorCode(xx->p))));
}

int xlsx_xml_run(struct xlsx_xml *xx, struct ck_error *e)
{
    int rc = xlsx_zip_entry_open(xx->z, xx->entry, e);
    if (rc)
        return rc;
    for (;;) {
        void *buf = XML_GetBuffer(xx->p, XLSX_CHUNK);
        if (!buf) {
            xlsx_zip_entry_close(xx->z);
            return ck_error_set(e, CK_ENOMEM, "out of memory");
        }
        long n = xlsx_zip_entry_read(xx->z, buf, XLSX_CHUNK, e);
        if (n < 0)
            return e ? e->code : CK_EINPUT;
        if (XML_ParseBuffer(xx->p, (int)n, n == 0) != XML_STATUS_OK) {
            xlsx_zip_entry_close(xx->z);
            return xlsx_xml_error(xx, e);
        }
        if (n == 0)
            return CK_OK;
    }
}
