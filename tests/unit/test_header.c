/* test_header.c — unit tests of lib/io/header.c: header names as their author meant them (white
 * space, line breaks between CJK characters) and the row predicates the reader's header guess
 * is made of: blank cells, numbers and dates, title rows, group labels over a header. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "io/csv_internal.h"
#include "custkit.h"

static struct ck_row make_row(const char **f, size_t n)
{
    static size_t lens[16];
    for (size_t i = 0; i < n; i++)
        lens[i] = strlen(f[i]);
    struct ck_row r = {n, (char **)f, lens, 1};
    return r;
}

static void test_clean_name(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out;
    } c[] = {
        {"  name  ", "name"},
        {"\xef\xbb\xbfid", "id"},                 /* a BOM left by an editor */
        {"\xe2\x80\x8b手机\xe3\x80\x80", "手机"}, /* zero-width space, ideographic space */
        {"\u00a0E-mail\t", "E-mail"},             /* no-break space, tab */
        {"Customer\nName", "Customer Name"},      /* a line break is one space */
        {"Customer \r\n  Name", "Customer Name"}, /* and so is a run holding one */
        {"客户\n编号", "客户编号"},               /* nothing between two CJK characters */
        {"最近\r\n购买 日期", "最近购买 日期"},   /* a space without a line break stays */
        {"a  b", "a  b"},
        {"", ""},
        {" \t ", ""},
    };
    for (size_t i = 0; i < sizeof c / sizeof *c; i++) {
        char *got = csv_header_clean_name(c[i].in, strlen(c[i].in));
        assert_non_null(got);
        if (strcmp(got, c[i].out) != 0)
            fail_msg("case %zu: '%s' != '%s'", i, got, c[i].out);
        free(got);
    }
}

static void test_cells(void **state)
{
    (void)state;
    assert_true(csv_cell_is_blank("", 0));
    assert_true(csv_cell_is_blank(" \t\xe3\x80\x80", 5));
    assert_false(csv_cell_is_blank(" x ", 3));
    static const char *const num[] = {"3.81",         "1.234,5", "¥1,234.50",  "12.5%",
                                      "(42)",         "-7",      "2011-09-14", "14.09.2011",
                                      "2024年1月5日", "13:30",   "1e-7",       "100元"};
    for (size_t i = 0; i < sizeof num / sizeof *num; i++)
        if (!csv_cell_is_number_or_date(num[i], strlen(num[i])))
            fail_msg("'%s' is a number or a date", num[i]);
    static const char *const names[] = {"id", "手机", "Q1", "2024 sales", "", "-", "客户编号"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (csv_cell_is_number_or_date(names[i], strlen(names[i])))
            fail_msg("'%s' is a name", names[i]);
}

static void test_rows(void **state)
{
    (void)state;
    const char *title[] = {"2026年客户名单", "", " "};
    struct ck_row r = make_row(title, 3);
    assert_int_equal(csv_row_filled(&r), 1);
    assert_false(csv_row_all_numbers(&r));
    assert_false(csv_row_may_be_groups(&r)); /* one label is a title, not groups */
    const char *nums[] = {"1", "", "2026-01-05", "¥30"};
    r = make_row(nums, 4);
    assert_int_equal(csv_row_filled(&r), 3);
    assert_true(csv_row_all_numbers(&r));
    const char *blank[] = {"", " "};
    r = make_row(blank, 2);
    assert_int_equal(csv_row_filled(&r), 0);
    assert_false(csv_row_all_numbers(&r)); /* some cell must be filled */

    const char *groups[] = {"基本信息", "", "", "消费情况", ""};
    const char *header[] = {"编号", "姓名", "手机", "金额", "次数"};
    struct ck_row top = make_row(groups, 5);
    static size_t lens2[16];
    for (size_t i = 0; i < 5; i++)
        lens2[i] = strlen(header[i]);
    struct ck_row below = {5, (char **)header, lens2, 2};
    assert_true(csv_row_may_be_groups(&top));
    assert_true(csv_row_groups_over(&top, &below));
    /* adjacent labels are a header, not groups */
    const char *adj[] = {"a", "b", "", "c"};
    struct ck_row a = make_row(adj, 4);
    assert_false(csv_row_may_be_groups(&a));
    /* a header below with a gap, or with numbers, is not a header under group labels */
    const char *gap[] = {"编号", "", "手机", "金额", "次数"};
    for (size_t i = 0; i < 5; i++)
        lens2[i] = strlen(gap[i]);
    below.f = (char **)gap;
    top = make_row(groups, 5);
    assert_false(csv_row_groups_over(&top, &below));
    const char *data[] = {"1", "张三", "13800138000", "30", "2"};
    for (size_t i = 0; i < 5; i++)
        lens2[i] = strlen(data[i]);
    below.f = (char **)data;
    top = make_row(groups, 5);
    assert_false(csv_row_groups_over(&top, &below));
}

/* The reader puts the predicates together: a title row and a group row above the header. */
static void test_reader_title_and_groups(void **state)
{
    (void)state;
    char path[] = "/tmp/ck-header-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    const char csv[] = "客户名单（2026年11月）,,,\n基本信息,,消费情况,\n编号,\"姓\n名\",金额,次数\n"
                       "1,张三,30,2\n";
    assert_int_equal(write(fd, csv, sizeof csv - 1), (ssize_t)sizeof csv - 1);
    close(fd);
    struct ck_read_opts o;
    memset(&o, 0, sizeof o);
    struct ck_reader *r;
    struct ck_error e;
    assert_int_equal(ck_reader_open(&r, path, &o, &e), CK_OK);
    const struct ck_row *h = ck_reader_header(r);
    assert_int_equal(h->n, 4);
    assert_string_equal(h->f[0], "编号");
    assert_string_equal(h->f[1], "姓名");
    const struct ck_read_stats *st = ck_reader_stats(r);
    assert_int_equal(st->title_rows, 1);
    assert_int_equal(st->guess, CK_GUESS_GROUPS);
    assert_int_equal(st->header_row, 3);
    const struct ck_row *row;
    assert_int_equal(ck_reader_next(r, &row, &e), CK_OK);
    assert_non_null(row);
    assert_string_equal(row->f[1], "张三");
    assert_int_equal(row->line, 5);
    ck_reader_close(r);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clean_name),
        cmocka_unit_test(test_cells),
        cmocka_unit_test(test_rows),
        cmocka_unit_test(test_reader_title_and_groups),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
