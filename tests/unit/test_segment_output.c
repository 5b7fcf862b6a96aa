/* test_segment_output.c — unit tests of lib/segment/segment_output.c: the columns a run adds (and
 * replaces), each customer's values in them, --by COLUMN found by name, role or folding, the
 * playbook texts with a rules file over the built-in ones, and the run's facts line. */
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
#include "segment/segment_output.h"
static void table_of(struct ck_table *t, const char **names, size_t n)
{
    struct ck_error e;
    struct ck_row h = {n, (char **)names, NULL, 1};
    ck_table_init(t);
    assert_int_equal(ck_table_set_header(t, &h, &e), CK_OK);
}

static void test_columns(void **state)
{
    (void)state;
    struct ck_table t;
    const char *h[] = {"id", "segment", "amount"};
    table_of(&t, h, 3);
    struct ck_seg_outcols oc;
    ck_seg_out_columns(&oc, &t, CK_SEG_VALUE, 0, 0, CK_LANG_EN);
    assert_int_equal(oc.pos[CK_OUT_SEG], 1); /* the table's own: replaced in place */
    assert_int_equal(oc.pos[CK_OUT_RANK], 3);
    assert_int_equal(oc.pos[CK_OUT_RFM], -1);
    assert_int_equal(oc.pos[CK_OUT_PLAY], -1);
    assert_int_equal(oc.nout, 4);
    assert_true(oc.replaces);
    assert_string_equal(oc.names[CK_OUT_RANK], "segment_rank");

    ck_seg_out_columns(&oc, &t, CK_SEG_RFM, 1, 1, CK_LANG_EN);
    /* segment, rank, RFM, R, F, M, playbook, previous, movement; segment is column 1 */
    assert_int_equal(oc.nout, 11);
    assert_int_equal(oc.pos[CK_OUT_RANK], 3);
    assert_int_equal(oc.pos[CK_OUT_RFM], 4);
    assert_int_equal(oc.pos[CK_OUT_R], 5);
    assert_int_equal(oc.pos[CK_OUT_M], 7);
    assert_int_equal(oc.pos[CK_OUT_PLAY], 8);
    assert_int_equal(oc.pos[CK_OUT_MOVE], 10);
    ck_table_free(&t);

    const char *zh[] = {"客户编号", "手机"};
    table_of(&t, zh, 2);
    ck_seg_out_columns(&oc, &t, CK_SEG_VALUE, 0, 0, CK_LANG_ZH);
    assert_false(oc.replaces);
    assert_string_equal(oc.names[CK_OUT_SEG], "分层");
    assert_string_equal(oc.names[CK_OUT_RANK], "分层序号");
    assert_int_equal(oc.pos[CK_OUT_SEG], 2);
    ck_table_free(&t);
}

static const char *const names3[3] = {"Gold", "Prospects", "Needs review"};

static void test_row_values(void **state)
{
    (void)state;
    struct ck_table t;
    const char *h[] = {"id"};
    table_of(&t, h, 1);
    struct ck_seg_outcols oc;
    ck_seg_out_columns(&oc, &t, CK_SEG_RFM, 0, 1, CK_LANG_EN);
    uint32_t tier[2] = {0, 1};
    unsigned char score[6] = {5, 3, 4, 0, 0, 0};
    struct ck_seg_result res;
    memset(&res, 0, sizeof res);
    res.n = 2;
    res.tier = tier;
    res.score = score;
    res.ntiers = 3;
    res.names = (const char **)names3;
    const char *play[3] = {"Call them", NULL, NULL};
    const char *f[8];
    struct ck_seg_outbuf buf;
    struct ck_error e;
    assert_int_equal(ck_seg_out_row(&oc, &res, 0, play, NULL, "rfm", CK_LANG_EN, f, &buf, &e),
                     CK_OK);
    assert_string_equal(f[oc.pos[CK_OUT_SEG]], "Gold");
    assert_string_equal(f[oc.pos[CK_OUT_RANK]], "1");
    assert_string_equal(f[oc.pos[CK_OUT_RFM]], "534");
    assert_string_equal(f[oc.pos[CK_OUT_R]], "5");
    assert_string_equal(f[oc.pos[CK_OUT_F]], "3");
    assert_string_equal(f[oc.pos[CK_OUT_M]], "4");
    assert_string_equal(f[oc.pos[CK_OUT_PLAY]], "Call them");
    assert_int_equal(ck_seg_out_row(&oc, &res, 1, play, NULL, "rfm", CK_LANG_EN, f, &buf, &e),
                     CK_OK);
    assert_string_equal(f[oc.pos[CK_OUT_SEG]], "Prospects");
    assert_string_equal(f[oc.pos[CK_OUT_RANK]], "2");
    assert_string_equal(f[oc.pos[CK_OUT_RFM]], ""); /* not scored */
    assert_string_equal(f[oc.pos[CK_OUT_R]], "");
    assert_string_equal(f[oc.pos[CK_OUT_PLAY]], "");
    /* ranks of more than one digit (a --by COLUMN run has as many tiers as values) */
    static const uint32_t many[] = {9, 10, 99, 100, 123455};
    static const char *const want[] = {"10", "11", "100", "101", "123456"};
    res.ntiers = 123456;
    res.names = calloc(res.ntiers, sizeof *res.names);
    assert_non_null(res.names);
    for (size_t k = 0; k < res.ntiers; k++)
        res.names[k] = "T";
    ck_seg_out_columns(&oc, &t, CK_SEG_RFM, 0, 0, CK_LANG_EN);
    for (size_t k = 0; k < sizeof many / sizeof many[0]; k++) {
        tier[1] = many[k];
        assert_int_equal(ck_seg_out_row(&oc, &res, 1, NULL, NULL, "rfm", CK_LANG_EN, f, &buf, &e),
                         CK_OK);
        assert_string_equal(f[oc.pos[CK_OUT_RANK]], want[k]);
    }
    free((void *)res.names);
    ck_table_free(&t);
}

static void test_group_column(void **state)
{
    (void)state;
    struct ck_table t;
    const char *h[] = {"会员等级", "City Tier", "手机"};
    table_of(&t, h, 3);
    struct ck_roles roles;
    struct ck_error e;
    struct ck_row hr = {3, (char **)h, NULL, 1};
    assert_int_equal(ck_roles_resolve(&roles, &hr, CK_TABLE_CUSTOMERS, NULL, 0, &e), CK_OK);
    assert_int_equal(ck_seg_group_column(&t, &roles, "会员等级"), 0);
    assert_int_equal(ck_seg_group_column(&t, &roles, "phone"), 2); /* by its role */
    assert_int_equal(ck_seg_group_column(&t, &roles, "city_tier"), 1); /* folded */
    assert_int_equal(ck_seg_group_column(&t, &roles, "colour"), -1);
    char list[512];
    assert_string_equal(ck_seg_column_list(&t, list), "会员等级, City Tier, 手机");
    ck_table_free(&t);
    /* a header too long for the message is cut after the columns that fit */
    const char *many[80];
    char names[80][16];
    for (int i = 0; i < 80; i++) {
        snprintf(names[i], sizeof names[i], "column%02d", i);
        many[i] = names[i];
    }
    table_of(&t, many, 80);
    const char *l = ck_seg_column_list(&t, list);
    assert_true(strlen(l) < 512);
    assert_string_equal(l + strlen(l) - strlen(", …"), ", …");
    assert_int_equal(strncmp(l, "column00, column01, ", 20), 0);
    ck_table_free(&t);
}

static void test_playbook(void **state)
{
    (void)state;
    struct ck_seg_opts so;
    ck_seg_opts_init(&so);
    so.model = CK_SEG_COLUMN;
    const char *groups[3] = {"North", "South", "East"};
    struct ck_seg_result res;
    memset(&res, 0, sizeof res);
    res.ntiers = 3;
    res.names = groups;
    const char *h[] = {"id", "region"};
    struct ck_row hr = {2, (char **)h, NULL, 1};
    struct ck_roles roles;
    struct ck_error e;
    assert_int_equal(ck_roles_resolve(&roles, &hr, CK_TABLE_CUSTOMERS, NULL, 0, &e), CK_OK);
    struct ck_seg_playbook pb;
    /* the column model has no built-in texts */
    assert_int_equal(ck_seg_playbook_make(&pb, &so, &res, CK_LANG_EN, NULL, &hr, &roles, &e),
                     CK_OK);
    assert_false(pb.any);
    assert_null(pb.text[0]);
    ck_seg_playbook_free(&pb);

    char rules[] = "/tmp/ck-segout-XXXXXX";
    int fd = mkstemp(rules);
    assert_true(fd >= 0);
    const char *text = "playbook South = \"Visit the stores\"\n";
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    assert_int_equal(ck_seg_playbook_make(&pb, &so, &res, CK_LANG_EN, rules, &hr, &roles, &e),
                     CK_OK);
    assert_true(pb.any);
    assert_null(pb.text[0]);
    assert_string_equal(pb.text[1], "Visit the stores");
    ck_seg_playbook_free(&pb);

    /* a text longer than the column holds: an error naming FILE:LINE */
    FILE *fp = fopen(rules, "w");
    assert_non_null(fp);
    fputs("# long\nplaybook North = \"", fp);
    for (int i = 0; i < CK_SEG_PLAYBOOK_MAX; i++)
        fputc('x', fp);
    fputs("\"\n", fp);
    fclose(fp);
    assert_int_equal(ck_seg_playbook_make(&pb, &so, &res, CK_LANG_EN, rules, &hr, &roles, &e),
                     CK_EUSAGE);
    char want[128];
    snprintf(want, sizeof want, "%s:2: the playbook text for 'North' is longer than 1023 bytes",
             rules);
    assert_string_equal(e.msg, want);
    ck_seg_playbook_free(&pb);
    unlink(rules);
}

static void test_facts(void **state)
{
    (void)state;
    const char *names[4] = {"Gold", "Silver", "Prospects", "Needs review"};
    size_t count[4] = {2, 3, 1, 0};
    struct ck_seg_result res;
    memset(&res, 0, sizeof res);
    res.ntiers = 4;
    res.names = names;
    res.count = count;
    res.nscored = 5;
    struct ck_seg_data d;
    memset(&d, 0, sizeof d);
    d.n_prospect = 1;
    struct ck_seg_compare cmp;
    memset(&cmp, 0, sizeof cmp);
    cmp.moves[CK_MOVE_UP] = 1;
    cmp.moves[CK_MOVE_SAME] = 4;
    cmp.moves[CK_MOVE_NEW] = 1;
    cmp.disappeared = 2;
    struct ck_error e;
    unsetenv("CUSTKIT_FACTS");
    assert_int_equal(ck_seg_facts("value", "2026-09-30", 6, &d, &res, &cmp, &e), CK_OK);
    assert_string_equal(ck_facts_last(),
                        "\"model\":\"value\",\"as_of\":\"2026-09-30\",\"read\":6,\"scored\":5,"
                        "\"prospects\":1,\"review\":0,\"segments\":{\"Gold\":2,\"Silver\":3,"
                        "\"Prospects\":1,\"Needs review\":0},\"compare\":{\"up\":1,\"down\":0,"
                        "\"same\":4,\"new\":1,\"disappeared\":2}");
    assert_true(ck_seg_tier_listed(&res, 0, 1));
    assert_false(ck_seg_tier_listed(&res, 1, 1));
    assert_true(ck_seg_tier_listed(&res, 2, 1)); /* Prospects and Needs review always */
    assert_true(ck_seg_tier_listed(&res, 3, 1));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_columns),    cmocka_unit_test(test_row_values),
        cmocka_unit_test(test_group_column), cmocka_unit_test(test_playbook),
        cmocka_unit_test(test_facts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
