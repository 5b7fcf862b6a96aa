/* test_fields.c — unit tests of lib/io/fields.c: fields appended one by one and by rows, a
 * row's fields that lie in one span copied at once, the others one by one, to the same result. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "io/fields.h"

static void assert_fields(struct ck_fields *x, const char *const *want, size_t n)
{
    assert_int_equal(ck_fields_point(x), 0);
    assert_int_equal(x->n, n);
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(x->f[i], want[i]);
        assert_int_equal(x->flen[i], strlen(want[i]));
    }
}

/* A row cut in place (one span) and the same row in separate strings give the same fields,
 * after fields added one by one and across growth of every array. */
static void test_rows_packed_or_not(void **state)
{
    (void)state;
    char span[] = "ab\0\0cde\0f"; /* "ab", "", "cde", "f", one after the other */
    char *pf[] = {span, span + 3, span + 4, span + 8};
    size_t len[] = {2, 0, 3, 1};
    struct ck_row packed = {4, pf, len, 1};
    char a[] = "ab", b[] = "", c[] = "cde", d[] = "f";
    char *sf[] = {a, b, c, d};
    struct ck_row apart = {4, sf, len, 2};
    size_t bytes;
    assert_int_equal(ck_row_packed(&packed, &bytes), 1);
    assert_int_equal(bytes, 10);
    assert_int_equal(ck_row_packed(&apart, &bytes), 0);
    assert_int_equal(bytes, 10);

    struct ck_fields x;
    memset(&x, 0, sizeof x);
    const char *want[1 + 4 * 200];
    size_t n = 0;
    assert_int_equal(ck_fields_add(&x, "first", 5), 0);
    want[n++] = "first";
    for (int k = 0; k < 200; k++) {
        assert_int_equal(ck_fields_add_row(&x, k % 2 ? &packed : &apart), 0);
        want[n++] = "ab", want[n++] = "", want[n++] = "cde", want[n++] = "f";
    }
    assert_fields(&x, want, n);
    /* cleared, it starts again from nothing with its memory */
    ck_fields_clear(&x);
    assert_int_equal(ck_fields_add_row(&x, &packed), 0);
    assert_fields(&x, want + 1, 4);
    ck_fields_free(&x);
    assert_null(x.text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rows_packed_or_not),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
