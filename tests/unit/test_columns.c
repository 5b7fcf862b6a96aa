/* test_columns.c — unit tests of lib/clean/columns.c: the names the commands pass to each other,
 * exactly as the goldens hold them and the keys code asks by. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "clean/columns.h"
#include "segment/segment.h"
static void test_names(void **state)
{
    (void)state;
    static const struct {
        int c;
        const char *key, *en, *zh;
    } want[] = {
        {CK_COL_PROBLEMS, "problems", "_problems", "问题"},
        {CK_COL_SEGMENT, "segment", "segment", "分层"},
        {CK_COL_SEGMENT_RANK, "segment_rank", "segment_rank", "分层序号"},
        {CK_COL_PREVIOUS, "previous", "previous", "上期分层"},
        {CK_COL_MOVEMENT, "movement", "movement", "变动"},
        {CK_COL_PLAYBOOK, "playbook", "playbook", "说明与建议"},
        {CK_COL_R_SCORE, "r_score", "R score", "R分"},
        {CK_COL_F_SCORE, "f_score", "F score", "F分"},
        {CK_COL_M_SCORE, "m_score", "M score", "M分"},
        {CK_COL_LINE, "line", "_line", "行号"},
        {CK_COL_REASON, "reason", "_reason", "原因"},
        {CK_COL_FILE, "file", "_file", "文件"},
        {CK_COL_KEPT, "kept_line", "kept_line", "保留行号"},
        {CK_COL_MERGED, "merged_line", "merged_line", "合并行号"},
        {CK_COL_KEY, "key", "key", "匹配键"},
        {CK_COL_KEY_VALUE, "key_value", "key_value", "键值"},
        {CK_COL_CONFLICTS, "conflicts", "conflicts", "冲突字段"},
        {CK_COL_FIRST_PURCHASE, "first_purchase", "first_purchase", "首次购买日期"},
        {CK_COL_LAST_PURCHASE, "last_purchase", "last_purchase", "最近购买日期"},
        {CK_COL_ORDERS, "orders", "orders", "购买次数"},
        {CK_COL_AMOUNT, "amount", "amount", "消费金额"},
        {CK_COL_PROVINCE, "province", "province", "省份"},
        {CK_COL_CITY, "city", "city", "城市"},
        {CK_COL_DISTRICT, "district", "district", "区县"},
    };
    assert_int_equal(sizeof want / sizeof *want, CK_COL_COUNT);
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        int c = want[i].c;
        assert_string_equal(ck_column_name(c, CK_LANG_EN), want[i].en);
        assert_string_equal(ck_column_name(c, CK_LANG_ZH), want[i].zh);
        assert_string_equal(ck_column_key(c), want[i].key);
        assert_int_equal(ck_column_by_key(want[i].key), c);
        assert_true(ck_column_is(want[i].en, c));
        assert_true(ck_column_is(want[i].zh, c));
    }
    assert_string_equal(ck_column_name(CK_COL_COUNT, CK_LANG_EN), "");
    assert_string_equal(ck_column_name(-1, CK_LANG_ZH), "");
    assert_null(ck_column_key(CK_COL_COUNT));
    assert_int_equal(ck_column_by_key("Segment"), -1);
    assert_false(ck_column_is("Segment", CK_COL_SEGMENT)); /* exact, like the commands */
    assert_false(ck_column_is("segment", CK_COL_PROBLEMS));
}

/* segment names its output columns from the same table. */
static void test_segment_reads_the_table(void **state)
{
    (void)state;
    assert_string_equal(ck_seg_column_name("segment", CK_LANG_ZH), "分层");
    assert_string_equal(ck_seg_column_name("r_score", CK_LANG_EN), "R score");
    assert_string_equal(ck_seg_column_name("playbook", CK_LANG_ZH), "说明与建议");
    assert_null(ck_seg_column_name("nonsense", CK_LANG_EN));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_segment_reads_the_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
