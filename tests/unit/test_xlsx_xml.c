/* test_xlsx_xml.c — unit tests of lib/io/xlsx_xml.c, the hardened expat wrapper every workbook
 * entry but the sheets' fast path is read through, on XML built here and zipped with minizip:
 * a DOCTYPE refused (an entity declaration with it: expat reports the DOCTYPE first, so the
 * entity handler is a second guard this cannot reach alone), an undeclared entity not
 * expanded, nesting over XLSX_MAX_DEPTH refused, a handler's failure and expat's own errors
 * said as "FILE: ENTRY:LINE: message", rows handed off with the parse suspended between them,
 * and attribute names matched without their namespace prefix. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <minizip/zip.h>

#include "custkit.h"
#include "io/xlsx_internal.h"

#define ENTRY "xl/test.xml"

static char path[32];

/* A zip at path holding the entry ENTRY with text. */
static void build(const char *text)
{
    strcpy(path, "/tmp/ck-xml-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    zipFile zf = zipOpen(path, APPEND_STATUS_CREATE);
    assert_non_null(zf);
    zip_fileinfo zi;
    memset(&zi, 0, sizeof zi);
    assert_int_equal(zipOpenNewFileInZip(zf, ENTRY, &zi, NULL, 0, NULL, 0, NULL, Z_DEFLATED, 6),
                     ZIP_OK);
    assert_int_equal(zipWriteInFileInZip(zf, text, (unsigned)strlen(text)), ZIP_OK);
    assert_int_equal(zipCloseFileInZip(zf), ZIP_OK);
    assert_int_equal(zipClose(zf, NULL), ZIP_OK);
}

/* What the handlers saw; xx first, as xlsx_xml_init requires of the context. */
struct seen {
    struct xlsx_xml xx;
    int starts, ends;
    char names[256];
    char text[256];
};

static void XMLCALL on_start(void *ctx, const XML_Char *name, const XML_Char **atts)
{
    struct seen *s = ctx;
    s->starts++;
    if (strlen(s->names) + strlen(name) + 2 < sizeof s->names) {
        strcat(s->names, name);
        strcat(s->names, " ");
    }
    if (strcmp(xlsx_local(name), "bad") == 0)
        xlsx_xml_fail(&s->xx, CK_EINPUT, "element <%s> is not wanted here", name);
}

static void XMLCALL on_end(void *ctx, const XML_Char *name)
{
    struct seen *s = ctx;
    s->ends++;
}

static void XMLCALL on_text(void *ctx, const XML_Char *t, int n)
{
    struct seen *s = ctx;
    size_t have = strlen(s->text);
    if (have + (size_t)n < sizeof s->text) {
        memcpy(s->text + have, t, (size_t)n);
        s->text[have + (size_t)n] = 0;
    }
}

/* Parse text as the entry ENTRY of a workbook named "book.xlsx". */
static int run(struct seen *s, const char *text, struct ck_error *e)
{
    build(text);
    memset(s, 0, sizeof *s);
    struct xlsx_zip z;
    assert_int_equal(xlsx_zip_open(&z, path, "book.xlsx", e), CK_OK);
    assert_int_equal(xlsx_xml_init(&s->xx, &z, ENTRY, s, on_start, on_end, on_text, e), CK_OK);
    int rc = xlsx_xml_run(&s->xx, e);
    xlsx_xml_free(&s->xx);
    xlsx_zip_close(&z);
    unlink(path);
    return rc;
}

static void test_plain(void **state)
{
    (void)state;
    struct seen s;
    struct ck_error e;
    assert_int_equal(run(&s, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                             "<x:sst xmlns:x=\"urn:x\"><x:si><x:t>甲 &amp; 乙</x:t></x:si></x:sst>",
                         &e),
                     CK_OK);
    assert_int_equal(s.starts, 3);
    assert_int_equal(s.ends, 3);
    assert_string_equal(s.names, "x:sst x:si x:t ");
    assert_string_equal(s.text, "甲 & 乙");
    assert_int_equal(s.xx.depth, 0);
}

static void test_doctype_refused(void **state)
{
    (void)state;
    struct seen s;
    struct ck_error e;
    assert_int_equal(run(&s, "<?xml version=\"1.0\"?>\n<!DOCTYPE sst>\n<sst/>", &e), CK_EINPUT);
    assert_string_equal(e.msg, "book.xlsx: xl/test.xml:2: DOCTYPE declarations are not allowed "
                               "in a workbook");
    assert_int_equal(s.starts, 0);
    /* the billion laughs: refused at its DOCTYPE, before any entity is declared or used */
    assert_int_equal(run(&s,
                         "<?xml version=\"1.0\"?>\n"
                         "<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n"
                         " <!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n]>\n"
                         "<lolz>&lol2;</lolz>",
                         &e),
                     CK_EINPUT);
    assert_non_null(strstr(e.msg, "DOCTYPE declarations are not allowed in a workbook"));
    assert_int_equal(s.starts, 0);
    assert_string_equal(s.text, "");
}

/* An entity never declared is an error, not text (nothing from outside is fetched). */
static void test_undeclared_entity(void **state)
{
    (void)state;
    struct seen s;
    struct ck_error e;
    assert_int_equal(run(&s, "<a>\n<t>&ext;</t></a>", &e), CK_EINPUT);
    assert_string_equal(e.msg, "book.xlsx: xl/test.xml:2: undefined entity");
}

static char *nested(int depth, const char *head)
{
    size_t n = strlen(head) + (size_t)depth * 7 + 16;
    char *x = malloc(n);
    assert_non_null(x);
    strcpy(x, head);
    for (int i = 0; i < depth; i++)
        strcat(x, "<a>");
    for (int i = 0; i < depth; i++)
        strcat(x, "</a>");
    return x;
}

static void test_depth(void **state)
{
    (void)state;
    struct seen s;
    struct ck_error e;
    char *ok = nested(XLSX_MAX_DEPTH, "<?xml version=\"1.0\"?>\n\n");
    assert_int_equal(run(&s, ok, &e), CK_OK);
    assert_int_equal(s.starts, XLSX_MAX_DEPTH);
    free(ok);
    char *deep = nested(XLSX_MAX_DEPTH + 1, "<?xml version=\"1.0\"?>\n\n");
    assert_int_equal(run(&s, deep, &e), CK_EINPUT);
    assert_string_equal(e.msg, "book.xlsx: xl/test.xml:3: elements nested more than 100 deep");
    assert_int_equal(s.starts, XLSX_MAX_DEPTH); /* the one too deep never reached the handler */
    free(deep);
}

/* A handler's failure stops the parse there and names the line; expat's own errors the same. */
static void test_errors_named(void **state)
{
    (void)state;
    struct seen s;
    struct ck_error e;
    assert_int_equal(run(&s, "<r>\n<c/>\n<bad/><c/><c/>\n</r>", &e), CK_EINPUT);
    assert_string_equal(e.msg, "book.xlsx: xl/test.xml:3: element <bad> is not wanted here");
    assert_int_equal(s.starts, 3); /* r c bad: nothing after it */
    assert_int_equal(run(&s, "<r>\n<c>\n</r>", &e), CK_EINPUT);
    assert_string_equal(e.msg, "book.xlsx: xl/test.xml:3: mismatched tag");
    assert_int_equal(run(&s, "<r>", &e), CK_EINPUT); /* cut short */
    assert_string_equal(e.msg, "book.xlsx: xl/test.xml:1: no element found");
}

/* Rows handed off: each one's cells point into the row buffer, the parse suspended after each
 * row until resumed, so the reader has the row before the next is parsed. */
struct rows {
    struct xlsx_xml xx;
    struct xlsx_row_out out;
    char rb[64];
    size_t off[8], len[8], n, used;
    int handed;
};

static void XMLCALL row_start(void *ctx, const XML_Char *name, const XML_Char **atts)
{
    struct rows *r = ctx;
    if (strcmp(xlsx_local(name), "row") == 0)
        r->n = r->used = 0;
    if (strcmp(xlsx_local(name), "c") == 0) {
        const char *v = xlsx_attr(atts, "v");
        assert_non_null(v);
        size_t l = strlen(v);
        assert_true(r->used + l <= sizeof r->rb && r->n < 8);
        memcpy(r->rb + r->used, v, l);
        r->off[r->n] = r->used;
        r->len[r->n++] = l;
        r->used += l;
    }
}

static void XMLCALL row_end(void *ctx, const XML_Char *name)
{
    struct rows *r = ctx;
    if (strcmp(xlsx_local(name), "row") == 0) {
        assert_int_equal(xlsx_row_hand_off(&r->xx, &r->out, r->rb, r->off, r->len, r->n,
                                           (long)XML_GetCurrentLineNumber(r->xx.p)),
                         0);
        r->handed++;
    }
}

static void expect_row(const struct rows *r, long line, size_t n, const char *const *cells)
{
    assert_int_equal(r->out.row.line, line);
    assert_int_equal(r->out.row.n, n);
    for (size_t j = 0; j < n; j++) {
        assert_int_equal(r->out.row.len[j], strlen(cells[j]));
        assert_memory_equal(r->out.row.f[j], cells[j], strlen(cells[j]));
    }
}

static void test_row_hand_off(void **state)
{
    (void)state;
    static const char doc[] = "<s:d xmlns:s=\"urn:s\">\n"
                              "<s:row><s:c s:v=\"张三\"/><s:c v=\"13800000001\"/></s:row>\n"
                              "<s:row/>\n"
                              "<row><c v=\"a\"/><c v=\"\"/><c v=\"c\"/><c v=\"d\"/><c v=\"e\"/>"
                              "</row>\n</s:d>";
    struct rows *r = calloc(1, sizeof *r);
    assert_non_null(r);
    struct xlsx_zip z = {0};
    z.path = "book.xlsx";
    struct ck_error e;
    assert_int_equal(xlsx_xml_init(&r->xx, &z, ENTRY, r, row_start, row_end, NULL, &e), CK_OK);
    assert_int_equal(XML_Parse(r->xx.p, doc, (int)strlen(doc), 1), XML_STATUS_SUSPENDED);
    assert_int_equal(r->handed, 1);
    static const char *const first[] = {"张三", "13800000001"};
    expect_row(r, 2, 2, first);
    assert_int_equal(XML_ResumeParser(r->xx.p), XML_STATUS_SUSPENDED);
    assert_int_equal(r->handed, 2);
    expect_row(r, 3, 0, NULL);
    assert_int_equal(XML_ResumeParser(r->xx.p), XML_STATUS_SUSPENDED);
    static const char *const third[] = {"a", "", "c", "d", "e"};
    expect_row(r, 4, 5, third);
    assert_true(r->out.cap >= 5); /* grown past the first row's two cells */
    assert_int_equal(XML_ResumeParser(r->xx.p), XML_STATUS_OK);
    assert_int_equal(r->handed, 3);
    assert_int_equal(r->xx.failed, 0);
    xlsx_row_out_free(&r->out);
    assert_null(r->out.of);
    assert_int_equal(r->out.cap, 0);
    xlsx_xml_free(&r->xx);
    assert_null(r->xx.p);
    free(r);
}

static void test_attr(void **state)
{
    (void)state;
    const char *atts[] = {"r", "A1", "x:t", "s", "s", "3", NULL};
    assert_string_equal(xlsx_attr(atts, "r"), "A1");
    assert_string_equal(xlsx_attr(atts, "t"), "s"); /* the prefix is not part of the name */
    assert_string_equal(xlsx_attr(atts, "s"), "3");
    assert_null(xlsx_attr(atts, "v"));
    assert_null(xlsx_attr(atts, "x:t"));
    assert_string_equal(xlsx_local("x:row"), "row");
    assert_string_equal(xlsx_local("row"), "row");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain),
        cmocka_unit_test(test_doctype_refused),
        cmocka_unit_test(test_undeclared_entity),
        cmocka_unit_test(test_depth),
        cmocka_unit_test(test_errors_named),
        cmocka_unit_test(test_row_hand_off),
        cmocka_unit_test(test_attr),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
