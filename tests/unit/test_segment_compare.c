/* test_segment_compare.c — unit tests of lib/segment/segment_compare.c: a previous run's output on
 * disk, this run's customers who moved up, down, stayed, appeared and vanished; the ranks
 * taken from segment_rank or from the tier names; the errors that name file and line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "fixture_files.h"

#include "custkit.h"
#include "segment/segment_compare.h"
/* Write text to a new temporary .csv file; returns its name (static storage, one at a time
 * per slot). */
static const char *write_file(int slot, const char *text)
{
    static char names[3][64];
    snprintf(names[slot], sizeof names[slot], "/tmp/ck-segcmp-%d-XXXXXX.csv", slot);
    int fd = mkstemps(names[slot], 4);
    assert_true(fd >= 0);
    size_t n = strlen(text);
    assert_int_equal(write(fd, text, n), (ssize_t)n);
    close(fd);
    return names[slot];
}

/* This run: three tiers A (rank 1), B (2), C (3). */
static const char *const tier_names[3] = {"A", "B", "C"};

static void result_of(struct ck_seg_result *res, uint32_t *tier, size_t n)
{
    memset(res, 0, sizeof *res);
    res->n = n;
    res->tier = tier;
    res->ntiers = 3;
    res->names = (const char **)tier_names;
}

/* The current table: id in column 0, phone in column 1. */
static void current_roles(struct ck_roles *r)
{
    for (int k = 0; k < CK_ROLE_COUNT; k++)
        r->col[k] = -1;
    r->col[CK_ROLE_ID] = 0;
    r->col[CK_ROLE_PHONE] = 1;
}

static void add_rows(struct ck_seg_compare *sc, const char *const rows[][2], size_t n)
{
    struct ck_error e;
    for (size_t i = 0; i < n; i++)
        assert_int_equal(ck_seg_compare_add(sc, rows[i], &e), CK_OK);
}

static void test_moves_and_lost(void **state)
{
    (void)state;
    /* previous: c1 in B, c2 in A, c3 in B, c5 in C (gone now); c6 matched by phone only */
    const char *prev = write_file(0, "id,phone,segment,segment_rank\n"
                                     "c1,,B,2\n"
                                     "c2,,A,1\n"
                                     "c3,,B,2\n"
                                     "c5,,C,3\n"
                                     ",13800000006,C,3\n");
    const char *const cur[5][2] = {
        {"c1", ""}, {"c2", ""}, {"c3", ""}, {"c4", ""}, {"", "138 0000 0006"}};
    uint32_t tier[5] = {0, 1, 1, 2, 0}; /* up, down, same, new, up */
    struct ck_seg_result res;
    result_of(&res, tier, 5);
    struct ck_roles roles;
    current_roles(&roles);
    struct ck_seg_compare sc;
    struct ck_error e;
    assert_int_equal(ck_seg_compare_init(&sc, prev, &roles, &e), CK_OK);
    add_rows(&sc, cur, 5);
    assert_int_equal(ck_seg_compare_load(&sc, NULL, 0, &e), CK_OK);
    assert_int_equal(sc.match[0], 0);
    assert_int_equal(sc.match[1], 1);
    assert_int_equal(sc.match[2], 2);
    assert_int_equal(sc.match[3], -1);
    assert_int_equal(sc.match[4], 4);
    assert_int_equal(sc.disappeared, 1);
    assert_int_equal(ck_seg_compare_count(&sc, &res, "value", &e), CK_OK);
    assert_int_equal(sc.moves[CK_MOVE_UP], 2);
    assert_int_equal(sc.moves[CK_MOVE_DOWN], 1);
    assert_int_equal(sc.moves[CK_MOVE_SAME], 1);
    assert_int_equal(sc.moves[CK_MOVE_NEW], 1);
    const char *was;
    int move;
    assert_int_equal(ck_seg_compare_row(&sc, 1, &res, "value", &was, &move, &e), CK_OK);
    assert_string_equal(was, "A");
    assert_int_equal(move, CK_MOVE_DOWN);
    assert_int_equal(ck_seg_compare_row(&sc, 3, &res, "value", &was, &move, &e), CK_OK);
    assert_string_equal(was, "");
    assert_int_equal(move, CK_MOVE_NEW);

    char lost[64];
    snprintf(lost, sizeof lost, "%s.lost.csv", prev);
    assert_int_equal(ck_seg_compare_write_lost(&sc, lost, &e), CK_OK);
    assert_string_equal(read_whole(lost), "id,phone,segment,segment_rank\nc5,,C,3\n");
    ck_seg_compare_free(&sc);
    unlink(lost);
    unlink(prev);
}

/* Without segment_rank the previous rank is the segment's place among this run's tiers; a
 * segment that is no tier of this run is an error naming the file and its line. */
static void test_rank_by_name_and_error(void **state)
{
    (void)state;
    const char *prev = write_file(1, "id,分层\n"
                                     "c1,C\n"
                                     "c2,Z\n");
    const char *const cur[2][2] = {{"c1", ""}, {"c2", ""}};
    uint32_t tier[2] = {1, 0};
    struct ck_seg_result res;
    result_of(&res, tier, 2);
    struct ck_roles roles;
    current_roles(&roles);
    struct ck_seg_compare sc;
    struct ck_error e;
    assert_int_equal(ck_seg_compare_init(&sc, prev, &roles, &e), CK_OK);
    add_rows(&sc, cur, 2);
    assert_int_equal(ck_seg_compare_load(&sc, NULL, 0, &e), CK_OK);
    assert_int_equal(sc.prev_rank_col, -1);
    long rank = 0;
    assert_int_equal(ck_seg_compare_rank(&sc, 0, &res, "value", &rank, &e), CK_OK);
    assert_int_equal(rank, 3);
    assert_int_equal(ck_seg_compare_rank(&sc, 1, &res, "value", &rank, &e), CK_EUSAGE);
    char want[256];
    snprintf(want, sizeof want,
             "--compare: %s:3: segment 'Z' has no segment_rank and is not a tier of --by value",
             prev);
    assert_string_equal(e.msg, want);
    assert_int_equal(ck_seg_compare_count(&sc, &res, "value", &e), CK_EUSAGE);
    ck_seg_compare_free(&sc);
    unlink(prev);
}

static void test_not_a_segment_output(void **state)
{
    (void)state;
    const char *prev = write_file(2, "id,name\nc1,x\n");
    struct ck_roles roles;
    current_roles(&roles);
    struct ck_seg_compare sc;
    struct ck_error e;
    assert_int_equal(ck_seg_compare_init(&sc, prev, &roles, &e), CK_OK);
    const char *const cur[1][2] = {{"c1", ""}};
    add_rows(&sc, cur, 1);
    assert_int_equal(ck_seg_compare_load(&sc, NULL, 0, &e), CK_EUSAGE);
    assert_non_null(strstr(e.msg, "has no 分层/segment column"));
    assert_non_null(strstr(e.msg, prev));
    ck_seg_compare_free(&sc);
    unlink(prev);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_moves_and_lost),
        cmocka_unit_test(test_rank_by_name_and_error),
        cmocka_unit_test(test_not_a_segment_output),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
