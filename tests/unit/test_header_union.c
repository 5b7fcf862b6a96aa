/* test_header_union.c — unit tests of lib/clean/header_union.c: two headers aligned into one, with
 * a name both share, synonyms renamed to their role, and a union of many columns. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "custkit.h"
#include "clean/header_union.h"
static struct ck_row header(const char **names, size_t n)
{
    struct ck_row h = {n, (char **)names, NULL, 1};
    return h;
}

static void test_two_headers_as_they_are(void **state)
{
    (void)state;
    struct ck_header_union u;
    struct ck_error e;
    ck_header_union_init(&u);
    const char *a[] = {"name", "手机", "amount"};
    const char *b[] = {"amount", "city", "name", "phone"};
    size_t ma[3], mb[4];
    struct ck_row ha = header(a, 3), hb = header(b, 4);
    assert_int_equal(ck_header_union_map(&u, &ha, NULL, ma, &e), CK_OK);
    assert_int_equal(ck_header_union_map(&u, &hb, NULL, mb, &e), CK_OK);
    /* first-seen order; amount and name are one column each */
    assert_int_equal(u.ncols, 5);
    const char *want[] = {"name", "手机", "amount", "city", "phone"};
    for (size_t i = 0; i < 5; i++)
        assert_string_equal(u.cols[i], want[i]);
    assert_int_equal(ma[0], 0);
    assert_int_equal(ma[1], 1);
    assert_int_equal(ma[2], 2);
    assert_int_equal(mb[0], 2);
    assert_int_equal(mb[1], 3);
    assert_int_equal(mb[2], 0);
    assert_int_equal(mb[3], 4);
    assert_int_equal(ck_header_union_add(&u, "city"), 3);
    assert_int_equal(ck_header_union_add(&u, "source"), 5);
    ck_header_union_free(&u);
    assert_int_equal(u.ncols, 0);
}

/* With roles, 手机 and Mobile are both phone, 姓名 and name both name; 颜色偏好 is no role and stays. */
static void test_synonyms_by_role(void **state)
{
    (void)state;
    struct ck_header_union u;
    struct ck_error e;
    ck_header_union_init(&u);
    const char *a[] = {"姓名", "手机", "颜色偏好"};
    const char *b[] = {"Mobile", "name", "颜色偏好"};
    size_t ma[3], mb[3];
    struct ck_row ha = header(a, 3), hb = header(b, 3);
    struct ck_roles ra, rb;
    assert_int_equal(ck_roles_resolve(&ra, &ha, CK_TABLE_CUSTOMERS, NULL, 0, &e), CK_OK);
    assert_int_equal(ck_roles_resolve(&rb, &hb, CK_TABLE_CUSTOMERS, NULL, 0, &e), CK_OK);
    assert_int_equal(ck_header_union_map(&u, &ha, &ra, ma, &e), CK_OK);
    assert_int_equal(ck_header_union_map(&u, &hb, &rb, mb, &e), CK_OK);
    assert_int_equal(u.ncols, 3);
    assert_string_equal(u.cols[0], "name");
    assert_string_equal(u.cols[1], "phone");
    assert_string_equal(u.cols[2], "颜色偏好");
    assert_int_equal(mb[0], 1);
    assert_int_equal(mb[1], 0);
    assert_int_equal(mb[2], 2);
    ck_header_union_free(&u);
}

/* Past the first index sizes: every name found again at its own column. */
static void test_many_columns(void **state)
{
    (void)state;
    struct ck_header_union u;
    ck_header_union_init(&u);
    char name[32];
    for (long i = 0; i < 5000; i++) {
        snprintf(name, sizeof name, "c%ld", i);
        assert_int_equal(ck_header_union_add(&u, name), i);
    }
    for (long i = 4999; i >= 0; i -= 7) {
        snprintf(name, sizeof name, "c%ld", i);
        assert_int_equal(ck_header_union_add(&u, name), i);
    }
    assert_int_equal(u.ncols, 5000);
    assert_true(u.cap_slot >= 2 * u.ncols);
    ck_header_union_free(&u);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_two_headers_as_they_are),
        cmocka_unit_test(test_synonyms_by_role),
        cmocka_unit_test(test_many_columns),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
