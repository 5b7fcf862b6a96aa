/* test_orders.c — unit tests of lib/clean/orders.c: orders rolled up onto deduplicated
 * customers, orphans and bad orders with their reasons, and the purchase-column plan (the
 * final check, lib/clean/outliers.c, is tested in test_outliers.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "custkit.h"
#include "clean/orders.h"
static char tmpdir[] = "/tmp/ck-orders-XXXXXX";

static const char *write_file(const char *name, const char *text)
{
    static char path[256];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
    fclose(f);
    return path;
}

#include "fixture_files.h"
#include "fixture_tables.h"

static struct ck_orders_opts english(void)
{
    struct ck_orders_opts oo;
    memset(&oo, 0, sizeof oo);
    oo.norm.as_of = ck_days_from_civil(2026, 6, 30);
    oo.norm.lang = CK_LANG_EN;
    return oo;
}

static const char *const customers[] = {
    "name,phone,email",
    "张三,13800000001,zs@example.com",
    "李四,13800000002,ls@example.com",
    "王五,13800000003,ww@example.com",
};

static const char orders_csv[] = "phone,email,order_date,amount,status\n"
                                 "13800000001,,2026-01-05,100,paid\n"
                                 "+86 138 0000 0001,,2026-03-10,250.50,paid\n"
                                 "13800000001,,2025-12-01,30,已退款\n"
                                 "13999999999,LS@Example.com,2026-02-01,80,paid\n"
                                 "13700000000,nobody@example.com,2026-02-02,10,paid\n"
                                 ",,2026-02-03,10,paid\n"
                                 "13800000002,,not a date,10,paid\n"
                                 "13800000002,,2026-02-04,,paid\n"
                                 "13800000001,,2026-02-05,20,cancelled\n"
                                 "13600000000,,2026-02-06,15,paid\n";

/* The whole roll-up: several orders per key, the latest purchase, excluded statuses, a match by
 * e-mail when the phone differs, orphans (unknown, keyless, a rejected customer's), bad rows. */
static void test_rollup(void **state)
{
    (void)state;
    struct ck_error e;
    struct ck_table t, rej;
    struct ck_roles roles, rroles;
    make_table(&t, &roles, customers, 4);
    static const char *const rejected[] = {"name,phone,email", ",13600000000,"};
    make_table(&rej, &rroles, rejected, 2);
    struct ck_dedup *d = dedup(&t, &roles, 1), *drej = dedup(&rej, &roles, 0);

    struct ck_orders_opts oo = english();
    struct ck_orders *o;
    assert_int_equal(ck_orders_new(&o, &roles, &oo, &e), CK_OK);
    struct ck_reader *r;
    static const struct ck_read_opts ro = {0};
    assert_int_equal(ck_reader_open(&r, write_file("orders.csv", orders_csv), &ro, &e), CK_OK);
    assert_int_equal(ck_orders_add(o, r, &e), CK_OK);
    size_t ncols;
    const char *const *cols = ck_orders_orphan_columns(o, &ncols);
    assert_int_equal(ncols, 5);
    assert_string_equal(cols[0], "phone");
    assert_string_equal(cols[4], "status");

    char opath[256];
    snprintf(opath, sizeof opath, "%s/orphans.csv", tmpdir);
    struct ck_writer *w;
    assert_int_equal(ck_writer_open(&w, opath, 0600, &e), CK_OK);
    const char *head[] = {"file", "line", "reason", "phone", "email", "order_date", "amount",
                          "status"};
    assert_int_equal(ck_writer_row(w, head, NULL, 8, &e), CK_OK);
    assert_int_equal(ck_orders_start(o, d, drej, w, &e), CK_OK);
    const struct ck_row *row;
    while (ck_reader_next(r, &row, &e) == CK_OK && row)
        assert_int_equal(ck_orders_row(o, 0, row, &e), CK_OK);
    assert_int_equal(ck_writer_close(w, &e), CK_OK);

    const struct ck_orders_counts *n = ck_orders_counts(o);
    assert_int_equal(n->read, 10);
    assert_int_equal(n->attached, 3);
    assert_int_equal(n->orphaned, 3);
    assert_int_equal(n->of_rejected, 1);
    assert_int_equal(n->bad, 2);
    assert_int_equal(n->excluded, 2);

    /* 张三: two orders (the +86 one too), the refunded and cancelled ones left out */
    const struct ck_purchase *p = ck_orders_purchase(o, 0);
    assert_int_equal(p->count, 2);
    assert_int_equal(p->cents, 35050);
    assert_int_equal(p->first, ck_days_from_civil(2026, 1, 5));
    assert_int_equal(p->last, ck_days_from_civil(2026, 3, 10));
    /* 李四: by e-mail, the phone being someone else's */
    p = ck_orders_purchase(o, 1);
    assert_int_equal(p->count, 1);
    assert_int_equal(p->cents, 8000);
    assert_int_equal(p->first, ck_days_from_civil(2026, 2, 1));
    assert_int_equal(p->last, p->first);
    assert_int_equal(ck_orders_purchase(o, 2)->count, 0);

    char want[2048];
    const char *f = ck_reader_name(r);
    snprintf(want, sizeof want,
             "file,line,reason,phone,email,order_date,amount,status\n"
             "%s,4,excluded by status: 已退款,13800000001,,2025-12-01,30,已退款\n"
             "%s,6,no matching customer,13700000000,nobody@example.com,2026-02-02,10,paid\n"
             "%s,7,no customer key,,,2026-02-03,10,paid\n"
             "%s,8,bad date,13800000002,,not a date,10,paid\n"
             "%s,9,missing amount,13800000002,,2026-02-04,,paid\n"
             "%s,10,excluded by status: cancelled,13800000001,,2026-02-05,20,cancelled\n"
             "%s,11,customer row rejected (see --rejects),13600000000,,2026-02-06,15,paid\n",
             f, f, f, f, f, f, f);
    assert_string_equal(read_whole(opath), want);

    /* the plan: the table has no purchase columns, so all four are added, then the problems */
    struct ck_purchase_plan plan;
    ck_purchase_plan(&plan, &t, &roles, 1, 0, -1);
    assert_int_equal(plan.ncols, 8);
    assert_int_equal(plan.problems_col, 7);
    assert_string_equal(plan.replaced, "");
    for (int i = 0; i < CK_NPURCHASE; i++) {
        assert_int_equal(plan.mode[i], CK_PURCHASE_ADD);
        assert_int_equal(plan.col[i], 3 + i);
    }
    const char *out[8];
    char buf[CK_NPURCHASE][32];
    ck_purchase_fields(&plan, &t, d, o, 0, out, buf);
    const char *want0[8] = {"张三", "13800000001", "zs@example.com", "2026-01-05", "2026-03-10",
                            "2", "350.5", ""};
    for (int i = 0; i < 8; i++)
        assert_string_equal(out[i], want0[i]);
    ck_purchase_fields(&plan, &t, d, o, 2, out, buf);
    const char *want2[8] = {"王五", "13800000003", "ww@example.com", "", "", "0", "0", ""};
    for (int i = 0; i < 8; i++)
        assert_string_equal(out[i], want2[i]);

    ck_orders_free(o);
    ck_reader_close(r);
    ck_dedup_free(d);
    ck_dedup_free(drej);
    ck_table_free(&t);
    ck_table_free(&rej);
}

/* What a roll-up of one orders file came to: its counts, purchases, orphans and error. */
struct outcome {
    struct ck_orders_counts n;
    struct ck_purchase buy[3];
    char *orphans;
    int rc;
    char msg[sizeof ((struct ck_error *)0)->msg];
    long ticks;
};

static void tick(void *arg, long rows)
{
    *(long *)arg = rows;
}

/* Roll path up onto the three customers: row by row with ck_orders_row, or with
 * ck_orders_run. */
static void roll(const char *path, int whole, struct outcome *out)
{
    struct ck_error e;
    struct ck_table t, rej;
    struct ck_roles roles, rroles;
    make_table(&t, &roles, customers, 4);
    static const char *const rejected[] = {"name,phone,email", ",13600000000,"};
    make_table(&rej, &rroles, rejected, 2);
    struct ck_dedup *d = dedup(&t, &roles, 1), *drej = dedup(&rej, &roles, 0);
    struct ck_orders_opts oo = english();
    struct ck_orders *o;
    assert_int_equal(ck_orders_new(&o, &roles, &oo, &e), CK_OK);
    struct ck_reader *r;
    static const struct ck_read_opts ro = {0};
    assert_int_equal(ck_reader_open(&r, path, &ro, &e), CK_OK);
    assert_int_equal(ck_orders_add(o, r, &e), CK_OK);
    char opath[256];
    snprintf(opath, sizeof opath, "%s/orphans-%d.csv", tmpdir, whole);
    struct ck_writer *w;
    assert_int_equal(ck_writer_open(&w, opath, 0600, &e), CK_OK);
    assert_int_equal(ck_orders_start(o, d, drej, w, &e), CK_OK);
    memset(out, 0, sizeof *out);
    if (whole) {
        out->rc = ck_orders_run(o, 0, tick, &out->ticks, &out->ticks, &e);
    } else {
        const struct ck_row *row;
        while ((out->rc = ck_reader_next(r, &row, &e)) == CK_OK && row)
            if ((out->rc = ck_orders_row(o, 0, row, &e)))
                break;
        out->ticks = ck_orders_counts(o)->read;
    }
    if (out->rc)
        snprintf(out->msg, sizeof out->msg, "%s", e.msg);
    assert_int_equal(ck_writer_close(w, &e), CK_OK);
    out->n = *ck_orders_counts(o);
    for (int i = 0; i < 3; i++)
        out->buy[i] = *ck_orders_purchase(o, (size_t)i);
    out->orphans = slurp(opath);
    ck_orders_free(o);
    ck_reader_close(r);
    ck_dedup_free(d);
    ck_dedup_free(drej);
    ck_table_free(&t);
    ck_table_free(&rej);
}

static void assert_same(const struct outcome *a, const struct outcome *b)
{
    assert_int_equal(a->rc, b->rc);
    assert_string_equal(a->msg, b->msg);
    assert_int_equal(a->ticks, b->ticks);
    assert_memory_equal(&a->n, &b->n, sizeof a->n);
    assert_memory_equal(a->buy, b->buy, sizeof a->buy);
    assert_string_equal(a->orphans, b->orphans);
}

/* An orders file of many batches, the sample's ten rows copies times over with their dates
 * moved, ending with a malformed record when bad is set. */
static const char *many_orders(int copies, int bad)
{
    size_t cap = 1 << 20, l = 0;
    char *s = malloc(cap);
    assert_non_null(s);
    const char *body = strchr(orders_csv, '\n') + 1;
    l += (size_t)snprintf(s, cap, "phone,email,order_date,amount,status,note\n");
    for (int k = 0; k < copies; k++) {
        for (const char *p = body; *p;) {
            const char *nl = strchr(p, '\n');
            char line[256];
            snprintf(line, sizeof line, "%.*s", (int)(nl - p), p);
            char *date = strstr(line, "2026-0");
            if (date) /* the day moves with k: first and last purchases depend on every row */
                date[9] = (char)('1' + k % 9);
            /* a quoted note with doubled quotes every third copy: its fields do not lie one
             * after the other once the quotes are undone, so they are copied one by one */
            l += (size_t)snprintf(s + l, cap - l, k % 3 ? "%s,n%d\n" : "%s,\"say \"\"hi\"\" %d\"\n",
                                  line, k);
            p = nl + 1;
        }
    }
    if (bad)
        l += (size_t)snprintf(s + l, cap - l, "13800000001,,2026-01-05,\"100,paid\n");
    const char *path = write_file(bad ? "many-bad.csv" : "many.csv", s);
    free(s);
    return path;
}

/* The roll-up of a whole table on two threads is the roll-up row by row: same counts,
 * purchases, orphans in the same order, the same progress, and the same first error after the
 * same rows (and the same again on one thread). */
static void test_run_is_row_by_row(void **state)
{
    (void)state;
    /* the malformed record at the end of the third batch, in the second (the one this thread
     * works out), a few rows into the third, and just after the first */
    static const struct {
        int copies, bad;
    } c[] = {{520, 0}, {520, 1}, {300, 1}, {410, 1}, {205, 1}};
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        char path[256];
        snprintf(path, sizeof path, "%s", many_orders(c[i].copies, c[i].bad));
        struct outcome rows, two, one;
        roll(path, 0, &rows);
        roll(path, 1, &two);
        setenv("CUSTKIT_THREADS", "1", 1);
        roll(path, 1, &one);
        unsetenv("CUSTKIT_THREADS");
        assert_int_equal(rows.n.read, 10 * c[i].copies);
        assert_int_equal(rows.rc, c[i].bad ? CK_EINPUT : CK_OK);
        assert_true(rows.n.attached > c[i].copies * 2 && rows.n.orphaned > c[i].copies * 2);
        assert_same(&rows, &two);
        assert_same(&rows, &one);
        free(rows.orphans);
        free(two.orphans);
        free(one.orphans);
    }
}

/* A fully refunded order is excluded, a partial refund subtracted, one above the amount bad. */
static void test_refunds(void **state)
{
    (void)state;
    struct ck_error e;
    struct ck_table t;
    struct ck_roles roles;
    make_table(&t, &roles, customers, 2);
    struct ck_dedup *d = dedup(&t, &roles, 1);
    struct ck_orders_opts oo = english();
    struct ck_orders *o;
    assert_int_equal(ck_orders_new(&o, &roles, &oo, &e), CK_OK);
    struct ck_reader *r;
    static const struct ck_read_opts ro = {0};
    const char *csv = "phone,order_date,amount,refund\n"
                      "13800000001,2026-01-05,100,100\n"
                      "13800000001,2026-01-06,100,40\n"
                      "13800000001,2026-01-07,100,140\n";
    assert_int_equal(ck_reader_open(&r, write_file("refunds.csv", csv), &ro, &e), CK_OK);
    assert_int_equal(ck_orders_add(o, r, &e), CK_OK);
    assert_int_equal(ck_orders_start(o, d, NULL, NULL, &e), CK_OK);
    const struct ck_row *row;
    while (ck_reader_next(r, &row, &e) == CK_OK && row)
        assert_int_equal(ck_orders_row(o, 0, row, &e), CK_OK);
    const struct ck_orders_counts *n = ck_orders_counts(o);
    assert_int_equal(n->excluded, 1);
    assert_int_equal(n->bad, 1);
    assert_int_equal(n->attached, 1);
    assert_int_equal(ck_orders_purchase(o, 0)->cents, 6000);
    assert_int_equal(ck_orders_purchase(o, 0)->first, ck_days_from_civil(2026, 1, 6));
    ck_orders_free(o);
    ck_reader_close(r);
    ck_dedup_free(d);
    ck_table_free(&t);
}

/* A wrong orders file is a usage error naming it, before any row is read. */
static void test_add_checks_columns(void **state)
{
    (void)state;
    struct ck_error e;
    struct ck_table t;
    struct ck_roles roles;
    make_table(&t, &roles, customers, 2);
    struct ck_orders_opts oo = english();
    struct ck_orders *o;
    assert_int_equal(ck_orders_new(&o, &roles, &oo, &e), CK_OK);
    static const struct ck_read_opts ro = {0};
    struct ck_reader *r1, *r2, *r3;
    assert_int_equal(ck_reader_open(&r1, write_file("nodate.csv", "phone,amount\n1,2\n"), &ro, &e),
                     CK_OK);
    assert_int_equal(ck_orders_add(o, r1, &e), CK_EUSAGE);
    assert_non_null(strstr(e.msg, "nodate.csv: no order date column"));
    assert_int_equal(
        ck_reader_open(&r2, write_file("noamount.csv", "phone,order_date\n1,2\n"), &ro, &e),
        CK_OK);
    assert_int_equal(ck_orders_add(o, r2, &e), CK_EUSAGE);
    assert_non_null(strstr(e.msg, "noamount.csv: no amount column"));
    assert_int_equal(ck_reader_open(&r3, write_file("nokey.csv", "order_date,amount\n1,2\n"), &ro,
                                    &e),
                     CK_OK);
    assert_int_equal(ck_orders_add(o, r3, &e), CK_EUSAGE);
    assert_non_null(strstr(e.msg, "nokey.csv: no customer key column shared with the customer "
                                  "table, which has phone and email (name the orders' column "
                                  "with --orders-col phone=HEADER)"));
    size_t ncols;
    ck_orders_orphan_columns(o, &ncols);
    assert_int_equal(ncols, 0);
    ck_orders_free(o);
    ck_reader_close(r1);
    ck_reader_close(r2);
    ck_reader_close(r3);
    ck_table_free(&t);
}

static void test_order_key(void **state)
{
    (void)state;
    char buf[64], out[64];
    assert_string_equal(ck_order_key(CK_ROLE_PHONE, "+86 138-0000-0001", 0, buf, out, 64),
                        "13800000001");
    assert_string_equal(ck_order_key(CK_ROLE_EMAIL, " LS@Example.COM ", 0, buf, out, 64),
                        "ls@example.com");
    assert_string_equal(ck_order_key(CK_ROLE_ID, "ＫＨ００１ ", 0, buf, out, 64), "KH001");
    assert_null(ck_order_key(CK_ROLE_PHONE, "12345", 0, buf, out, 64));
    assert_null(ck_order_key(CK_ROLE_EMAIL, "no-at-sign", 0, buf, out, 64));
    const char *v = " LS@Example.COM ";
    assert_ptr_equal(ck_order_key(CK_ROLE_EMAIL, v, 1u << CK_ROLE_EMAIL, buf, out, 64), v);
    struct ck_roles roles;
    for (int i = 0; i < CK_ROLE_COUNT; i++)
        roles.col[i] = -1;
    roles.col[CK_ROLE_EMAIL] = 0;
    roles.col[CK_ROLE_ID] = 3;
    int keys[3];
    assert_int_equal(ck_orders_key_roles(&roles, keys), 2);
    assert_int_equal(keys[0], CK_ROLE_ID);
    assert_int_equal(keys[1], CK_ROLE_EMAIL);
}

/* A table's own purchase columns: replaced with orders (named in replaced), kept without. */
static void test_purchase_plan_replace(void **state)
{
    (void)state;
    struct ck_table t;
    struct ck_roles roles;
    static const char *const rows[] = {"name,phone,amount,last_purchase,_problems",
                                       "张三,13800000001,5,2020-01-01,"};
    make_table(&t, &roles, rows, 2);
    struct ck_purchase_plan p;
    ck_purchase_plan(&p, &t, &roles, 1, 0, 4);
    int want_mode[] = {CK_PURCHASE_ADD, CK_PURCHASE_REPLACE, CK_PURCHASE_ADD, CK_PURCHASE_REPLACE};
    long want_col[] = {5, 3, 6, 2};
    for (int i = 0; i < CK_NPURCHASE; i++) {
        assert_int_equal(p.mode[i], want_mode[i]);
        assert_int_equal(p.col[i], want_col[i]);
    }
    assert_string_equal(p.replaced, "last_purchase, amount");
    assert_int_equal(p.ncols, 7);
    assert_int_equal(p.problems_col, 4);
    ck_purchase_plan(&p, &t, &roles, 1, 1, 4); /* --keep-purchase-columns */
    assert_int_equal(p.mode[3], CK_PURCHASE_KEEP);
    assert_string_equal(p.replaced, "");
    ck_purchase_plan(&p, &t, &roles, 0, 0, -1); /* no orders */
    for (int i = 0; i < CK_NPURCHASE; i++)
        assert_int_equal(p.mode[i], CK_PURCHASE_KEEP);
    assert_int_equal(p.col[0], -1);
    assert_int_equal(p.col[3], 2);
    assert_int_equal(p.ncols, 6);
    assert_int_equal(p.problems_col, 5);
    ck_table_free(&t);
}

static int setup(void **state)
{
    (void)state;
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rollup),
        cmocka_unit_test(test_run_is_row_by_row),
        cmocka_unit_test(test_refunds),
        cmocka_unit_test(test_add_checks_columns),
        cmocka_unit_test(test_order_key),
        cmocka_unit_test(test_purchase_plan_replace),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
