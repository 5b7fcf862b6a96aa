/* test_clean_run.c — unit tests of lib/clean/clean_run.c: clean's first pass over real rows,
 * --invalid rejecting with reasons into the rejects file, the rejected rows kept, the dedup
 * step and its merge log, the default --require groups and keys. */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "clean/clean_run.h"
#include "custkit.h"
#include "fixture_files.h"
static char tmpdir[] = "/tmp/ck-clean-run-XXXXXX";

static const char *path_of(const char *name)
{
    static char path[256];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    return path;
}

static struct ck_row split(const char *text, char *copy, size_t cap, char **f, long line)
{
    size_t n = 0;
    snprintf(copy, cap, "%s", text);
    char *s = copy;
    for (char *c; (c = strsep(&s, ",")) != NULL && n < 16;)
        f[n++] = c;
    size_t *len = malloc(16 * sizeof *len);
    for (size_t i = 0; i < n; i++)
        len[i] = strlen(f[i]);
    struct ck_row row = {n, f, len, line};
    return row;
}

struct fixture {
    struct ck_roles roles;
    struct ck_clean_opts co;
    struct ck_clean_run r;
};

static const struct ck_clean_spec defaults = {NULL, NULL, NULL, NULL, -1, 0, 0};

/* name, phone, email: rows 2 and 3 share a phone, row 4 has no key, row 5 a bad e-mail. */
static void run_rows(struct fixture *x, int invalid, const char *rejects)
{
    static const char *const rows[] = {
        "name,phone,email",
        "Ann,13800138000,ann@example.com",
        "Ann B,138 0013 8000,annb@example.com",
        "Bob,,",
        "Cat,13900139000,not-an-email",
    };
    struct ck_error e;
    char copy[512], *f[16];
    memset(x, 0, sizeof *x);
    struct ck_row h = split(rows[0], copy, sizeof copy, f, 1);
    assert_int_equal(ck_roles_resolve(&x->roles, &h, CK_TABLE_CUSTOMERS, NULL, 0, &e), CK_OK);
    x->co.norm.as_of = LONG_MIN;
    x->co.norm.lang = CK_LANG_EN;
    ck_clean_run_init(&x->r);
    assert_int_equal(ck_clean_run_setup(&x->r, &x->co, &x->roles, &h, &defaults, &e), CK_OK);
    x->r.invalid = invalid;
    x->r.keep_rejected = 1;
    assert_int_equal(ck_clean_run_start(&x->r, &h, rejects, &e), CK_OK);
    free(h.len);
    for (size_t i = 1; i < sizeof rows / sizeof *rows; i++) {
        struct ck_row row = split(rows[i], copy, sizeof copy, f, (long)i + 1);
        assert_int_equal(ck_clean_run_row(&x->r, &row, &e), CK_OK);
        free(row.len);
    }
}

static void finish(struct fixture *x)
{
    ck_clean_run_free(&x->r);
}

static void test_defaults(void **state)
{
    (void)state;
    struct fixture x;
    run_rows(&x, CK_INVALID_FLAG, NULL);
    /* SPEC §4: name; phone/email (the table has no id column) */
    assert_int_equal(x.co.nrequire, 2);
    assert_int_equal(x.co.require[0].n, 1);
    assert_int_equal(x.co.require[0].role[0], CK_ROLE_NAME);
    assert_int_equal(x.co.require[1].n, 2);
    assert_int_equal(x.co.require[1].role[0], CK_ROLE_PHONE);
    assert_int_equal(x.co.require[1].role[1], CK_ROLE_EMAIL);
    int keys[CK_ROLE_COUNT];
    assert_int_equal(ck_clean_default_keys(&x.roles, keys), 2);
    assert_int_equal(keys[0], CK_ROLE_PHONE);
    assert_int_equal(keys[1], CK_ROLE_EMAIL);
    assert_int_equal(x.r.nkeys, 2); /* ck_clean_run_setup took the default keys */
    assert_int_equal(x.r.keys[1], CK_ROLE_EMAIL);
    assert_int_equal(x.co.skip_col, -1);
    assert_int_equal(x.co.split_address, 0);
    finish(&x);
}

static void test_flag_keeps_every_row(void **state)
{
    (void)state;
    struct fixture x;
    run_rows(&x, CK_INVALID_FLAG, NULL);
    assert_int_equal(x.r.read, 4);
    assert_int_equal(x.r.rejected, 0);
    assert_int_equal(x.r.t.nrows, 4);
    assert_int_equal(x.r.rej.nrows, 0);
    assert_int_equal(x.r.any_error, 1);
    assert_string_equal(ck_table_cell(&x.r.t, 1, 1), "13800138000");
    assert_int_equal(x.r.bad[3], 1u << CK_ROLE_EMAIL);
    finish(&x);
}

static void test_unusable_rejects_and_dedups(void **state)
{
    (void)state;
    struct fixture x;
    struct ck_error e;
    char rejects[256], merge[256];
    snprintf(rejects, sizeof rejects, "%s", path_of("rejects.csv"));
    snprintf(merge, sizeof merge, "%s", path_of("merge.csv"));
    run_rows(&x, CK_INVALID_UNUSABLE, rejects);
    assert_int_equal(x.r.read, 4);
    assert_int_equal(x.r.rejected, 1);
    assert_int_equal(x.r.t.nrows, 3);
    assert_int_equal(x.r.rej.nrows, 1); /* Bob, kept for his orders */
    assert_string_equal(ck_table_cell(&x.r.rej, 0, 0), "Bob");
    assert_int_equal(ck_clean_run_close(&x.r, &e), CK_OK);
    assert_string_equal(
        read_whole(rejects),
        "\xEF\xBB\xBF_line,name,phone,email,_reason\n4,Bob,,,missing phone/email\n");

    assert_int_equal(ck_clean_run_dedup(&x.r, &e), CK_OK);
    assert_int_equal(x.r.merged, 1);
    assert_int_equal(x.r.written, 2);
    assert_int_equal(ck_clean_run_merge_log(&x.r, merge, &e), CK_OK);
    assert_int_equal(ck_clean_run_close(&x.r, &e), CK_OK);
    assert_string_equal(
        read_whole(merge),
        "\xEF\xBB\xBFkept_line,merged_line,key,key_value,conflicts,name,phone,email\n"
        "2,3,phone,13800138000,name;email,Ann B,13800138000,annb@example.com\n");
    unlink(rejects);
    unlink(merge);
    finish(&x);
}

/* The options checked against the header, each a usage error naming what is missing. */
static void test_setup_errors(void **state)
{
    (void)state;
    static const struct {
        struct ck_clean_spec spec;
        const char *msg;
    } bad[] = {
        {{NULL, NULL, "id", NULL, -1, 0, 0}, "--key id: the table has no id column"},
        {{"name,id", NULL, NULL, NULL, -1, 0, 0}, "--require name,id: the table has no id column"},
        {{NULL, NULL, NULL, "name", -1, 0, 0}, "--sum takes orders and/or amount, not name"},
        {{NULL, NULL, NULL, NULL, 1, 0, 0},
         "--split-address: the table has no address column; map one with --col address=HEADER"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char copy[64], *f[16];
        struct ck_row h = split("name,phone,_problems", copy, sizeof copy, f, 1);
        struct ck_roles roles;
        struct ck_clean_opts co = {0};
        struct ck_clean_run r;
        struct ck_error e = {0};
        assert_int_equal(ck_roles_resolve(&roles, &h, CK_TABLE_CUSTOMERS, NULL, 0, &e), CK_OK);
        ck_clean_run_init(&r);
        assert_int_equal(ck_clean_run_setup(&r, &co, &roles, &h, &bad[i].spec, &e), CK_EUSAGE);
        assert_string_equal(e.msg, bad[i].msg);
        assert_int_equal(co.skip_col, 2); /* a previous clean's problems column */
        ck_clean_run_free(&r);
        free(h.len);
    }
}

/* The whole run: orders rolled up, an orphan written, the output table and its facts. */
static void test_orders_to_output(void **state)
{
    (void)state;
    struct fixture x;
    struct ck_error e;
    char orders[256], orphans[256], out[256];
    snprintf(orders, sizeof orders, "%s", path_of("orders.csv"));
    snprintf(orphans, sizeof orphans, "%s", path_of("orphans.csv"));
    snprintf(out, sizeof out, "%s", path_of("out.csv"));
    FILE *fo = fopen(orders, "wb");
    assert_non_null(fo);
    fputs("phone,order_date,amount\n13800138000,2026-01-05,100\n13800138000,2026-03-01,"
          "50.5\n13700000000,2026-02-02,9\n",
          fo);
    fclose(fo);
    static const struct ck_read_opts ro = {0};
    struct ck_reader *rd;
    assert_int_equal(ck_reader_open(&rd, orders, &ro, &e), CK_OK);
    run_rows(&x, CK_INVALID_FLAG, NULL);
    struct ck_orders_opts oo = {NULL, 0, NULL, 0, x.co.norm, 0};
    assert_int_equal(ck_clean_run_orders(&x.r, &oo, &rd, 1, &e), CK_OK);
    assert_int_equal(ck_clean_run_dedup(&x.r, &e), CK_OK);
    assert_int_equal(ck_clean_run_rollup_start(&x.r, orphans, &e), CK_OK);
    for (const struct ck_row *row; ck_reader_next(rd, &row, &e) == CK_OK && row;)
        assert_int_equal(ck_orders_row(x.r.ord, 0, row, &e), CK_OK);
    assert_int_equal(ck_clean_run_check(&x.r, &e), CK_OK);
    assert_int_equal(ck_clean_run_open_output(&x.r, out, &e), CK_OK);
    assert_int_equal(ck_clean_run_write(&x.r, &e), CK_OK);
    assert_int_equal(x.r.fc.flagged, 2); /* Bob without a key, Cat's e-mail: known once written */
    assert_int_equal(ck_clean_run_close(&x.r, &e), CK_OK);
    assert_null(x.r.w_out);
    assert_string_equal(read_whole(out),
                        "name,phone,email,first_purchase,last_purchase,orders,amount,_problems\n"
                        "Ann,13800138000,ann@example.com,2026-01-05,2026-03-01,2,150.5,\n"
                        "Bob,,,,,0,0,missing phone/email\n"
                        "Cat,13900139000,not-an-email,,,0,0,bad email\n");
    char want[512];
    snprintf(want, sizeof want,
             "\xEF\xBB\xBF_file,_line,_reason,phone,order_date,amount\n"
             "%s,4,no matching customer,13700000000,2026-02-02,9\n",
             orders);
    assert_string_equal(read_whole(orphans), want);
    const struct ck_orders_counts *n = ck_orders_counts(x.r.ord);
    assert_int_equal(n->read, 3);
    assert_int_equal(n->attached, 2);
    assert_int_equal(n->orphaned, 1);
    ck_reader_close(rd);
    unlink(orders);
    unlink(orphans);
    unlink(out);
    finish(&x);
}

static int setup(void **state)
{
    (void)state;
    return mkdtemp(tmpdir) ? 0 : -1;
}

static void count_tick(void *arg, long rows)
{
    *(long *)arg = rows;
}

/* Clean the table at path with --invalid unusable and --rejects, its rows kept aside: row by
 * row (whole 0) or with ck_clean_run_read. */
static int clean_file(struct fixture *x, const char *path, int whole, const char *rejects,
                      long *ticks, struct ck_error *e)
{
    struct ck_reader *rd;
    static const struct ck_read_opts ro = {0};
    assert_int_equal(ck_reader_open(&rd, path, &ro, e), CK_OK);
    const struct ck_row *h = ck_reader_header(rd);
    memset(x, 0, sizeof *x);
    assert_int_equal(ck_roles_resolve(&x->roles, h, CK_TABLE_CUSTOMERS, NULL, 0, e), CK_OK);
    x->co.norm.as_of = LONG_MIN;
    x->co.norm.lang = CK_LANG_ZH;
    ck_clean_run_init(&x->r);
    assert_int_equal(ck_clean_run_setup(&x->r, &x->co, &x->roles, h, &defaults, e), CK_OK);
    x->r.invalid = CK_INVALID_UNUSABLE;
    x->r.keep_rejected = 1;
    x->r.lang = CK_LANG_ZH;
    assert_int_equal(ck_clean_run_start(&x->r, h, rejects, e), CK_OK);
    int rc;
    *ticks = 0;
    if (whole) {
        rc = ck_clean_run_read(&x->r, rd, count_tick, ticks, e);
    } else {
        const struct ck_row *row;
        while ((rc = ck_reader_next(rd, &row, e)) == CK_OK && row) {
            *ticks = x->r.read + 1;
            if ((rc = ck_clean_run_row(&x->r, row, e)))
                break;
        }
    }
    if (x->r.w_rejects) {
        struct ck_error e2;
        assert_int_equal(ck_writer_close(x->r.w_rejects, &e2), CK_OK);
        x->r.w_rejects = NULL;
    }
    ck_reader_close(rd);
    return rc;
}

static void assert_same_table(const struct ck_table *a, const struct ck_table *b)
{
    assert_int_equal(a->nrows, b->nrows);
    assert_int_equal(a->ncols, b->ncols);
    for (size_t i = 0; i < a->nrows; i++) {
        assert_int_equal(a->lines[i], b->lines[i]);
        for (size_t c = 0; c < a->ncols; c++)
            assert_string_equal(ck_table_cell(a, i, c), ck_table_cell(b, i, c));
    }
}

/* A table of several batches: good rows, bad phones, rows with no key (rejected), place names
 * unknown, addresses to split; a malformed record at the end when bad is set. New unknown
 * province names and ambiguous addresses keep coming in later batches, so the place counts
 * of rows cleaned apart are put together in row order; one unknown name is longer than an
 * example keeps. */
static const char *many_customers(int bad)
{
    static const char *const provinces[] = {"广东", "浙江省", "火星省", "江苏", "月亮省", ""};
    static const char *const addresses[] = {"广东省深圳市南山区科技园", "杭州市西湖区文三路",
                                            "某某路1号", "朝阳区建国路", ""};
    char moon[32], longname[128] = "A";
    for (int k = 0; k < 30; k++)
        strcat(longname, "长");
    const char *path = path_of(bad ? "many-bad.csv" : "many.csv");
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fprintf(f, "姓名,手机,邮箱,省份,地址\n");
    for (int i = 0; i < 2600; i++) {
        char phone[32];
        /* the second half repeats the first's phones; every 41st row has no e-mail and no
         * valid phone (rejected), half of them a bad one */
        if (i % 41 == 0 && i % 2 == 0)
            phone[0] = 0;
        else if (i % 41 == 0 || i % 7 == 0)
            snprintf(phone, sizeof phone, "12345");
        else
            snprintf(phone, sizeof phone, "1390000%04d", i % 1300);
        snprintf(moon, sizeof moon, "月亮%d省", i / 350);
        const char *province = i % 97 == 1 || i == 3 ? longname : i % 6 == 4 ? moon : provinces[i % 6];
        const char *address = i % 5 == 3 && i % 300 != 3 ? addresses[2] : addresses[i % 5];
        /* every 11th name quoted with doubled quotes: its fields are copied one by one */
        fprintf(f, i % 11 ? "%s%d,%s,%s%s,%s,%s\n" : "\"%s\"\"%d\"\"\",%s,%s%s,%s,%s\n",
                i % 53 ? "客户" : "", i, phone,
                i % 41 == 0 ? "" : "x", i % 41 == 0 ? "" : "@example.com", province, address);
    }
    if (bad)
        fprintf(f, "坏行,\"13800000000,a@b.cn,,\n");
    fclose(f);
    return path;
}

struct cleaned {
    struct fixture x;
    int rc;
    char msg[sizeof ((struct ck_error *)0)->msg];
    long ticks;
    char *rejects;
};

static void clean_many(const char *path, int whole, struct cleaned *c)
{
    struct ck_error e;
    const char *rej = path_of(whole ? "rej-whole.csv" : "rej-rows.csv");
    char rpath[256];
    snprintf(rpath, sizeof rpath, "%s", rej);
    c->rc = clean_file(&c->x, path, whole, rpath, &c->ticks, &e);
    snprintf(c->msg, sizeof c->msg, "%s", c->rc ? e.msg : "");
    c->rejects = slurp(rpath);
    unlink(rpath);
}

static void assert_same_run(const struct cleaned *a, const struct cleaned *b)
{
    assert_int_equal(a->rc, b->rc);
    assert_string_equal(a->msg, b->msg);
    assert_int_equal(a->ticks, b->ticks);
    assert_int_equal(a->x.r.read, b->x.r.read);
    assert_int_equal(a->x.r.rejected, b->x.r.rejected);
    assert_int_equal(a->x.r.any_error, b->x.r.any_error);
    assert_same_table(&a->x.r.t, &b->x.r.t);
    assert_same_table(&a->x.r.rej, &b->x.r.rej);
    assert_memory_equal(a->x.r.bad, b->x.r.bad, a->x.r.t.nrows * sizeof *a->x.r.bad);
    assert_memory_equal(a->x.r.rej_bad, b->x.r.rej_bad, a->x.r.rej.nrows * sizeof *a->x.r.rej_bad);
    assert_string_equal(a->rejects, b->rejects);
    struct ck_place_stats sa, sb;
    ck_cleaner_place_stats(a->x.r.cl, &sa);
    ck_cleaner_place_stats(b->x.r.cl, &sb);
    for (int w = 0; w < 2; w++) {
        assert_int_equal(sa.unknown[w], sb.unknown[w]);
        assert_int_equal(sa.nexample[w], sb.nexample[w]);
        for (size_t k = 0; k < sa.nexample[w]; k++)
            assert_string_equal(sa.example[w][k], sb.example[w][k]);
    }
    assert_int_equal(sa.ambiguous, sb.ambiguous);
    assert_int_equal(sa.unplaced, sb.unplaced);
    assert_memory_equal(sa.unplaced_line, sb.unplaced_line, sizeof sa.unplaced_line);
    assert_memory_equal(sa.ambiguous_line, sb.ambiguous_line, sizeof sa.ambiguous_line);
}

/* The table read on two threads is the table read row by row: the same rows kept and rejected
 * in the same order, the same rejects file, place counts, progress, and the same first error
 * after the same rows (and so on one thread). */
static void test_read_is_row_by_row(void **state)
{
    (void)state;
    for (int bad = 0; bad < 2; bad++) {
        char path[256];
        snprintf(path, sizeof path, "%s", many_customers(bad));
        struct cleaned rows, two, one;
        clean_many(path, 0, &rows);
        clean_many(path, 1, &two);
        setenv("CUSTKIT_THREADS", "1", 1);
        clean_many(path, 1, &one);
        unsetenv("CUSTKIT_THREADS");
        assert_int_equal(rows.rc, bad ? CK_EINPUT : CK_OK);
        assert_int_equal(rows.x.r.read, 2600);
        assert_true(rows.x.r.rejected > 50 && rows.x.r.t.nrows > 2000);
        struct ck_place_stats st;
        ck_cleaner_place_stats(rows.x.r.cl, &st);
        assert_true(st.unknown[0] > 0 && st.unplaced > 0 && st.ambiguous >= 5);
        /* the long name is listed once, cut on a character boundary */
        assert_int_equal(st.nexample[0], CK_PLACE_EXAMPLES);
        assert_int_equal(strlen(st.example[0][0]), 61);
        assert_string_equal(st.example[0][1], "火星省");
        assert_string_equal(st.example[0][2], "月亮0省");
        assert_int_equal(st.ambiguous_line[1], 303 + 2); /* row 303, after the header */
        assert_same_run(&rows, &two);
        assert_same_run(&rows, &one);
        struct cleaned *all[] = {&rows, &two, &one};
        for (int i = 0; i < 3; i++) {
            free(all[i]->rejects);
            finish(&all[i]->x);
        }
        unlink(path);
    }
}

static int teardown(void **state)
{
    (void)state;
    return rmdir(tmpdir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_flag_keeps_every_row),
        cmocka_unit_test(test_unusable_rejects_and_dedups),
        cmocka_unit_test(test_setup_errors),
        cmocka_unit_test(test_orders_to_output),
        cmocka_unit_test(test_read_is_row_by_row),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
