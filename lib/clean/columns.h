/* columns.h — the columns custkit's commands add to a table and read back from one another
 * (SPEC §2: clean's problems, segment's tier, rank, comparison and scores), named in one table
 * in both languages. */
#ifndef CK_COLUMNS_H
#define CK_COLUMNS_H

#include "clean/clean.h"
enum ck_column {
    CK_COL_PROBLEMS,     /* clean: _problems / 问题 */
    CK_COL_SEGMENT,      /* segment: segment / 分层 */
    CK_COL_SEGMENT_RANK, /* segment: segment_rank / 分层序号 */
    CK_COL_PREVIOUS,     /* segment --compare: previous / 上期分层 */
    CK_COL_MOVEMENT,     /* segment --compare: movement / 变动 */
    CK_COL_PLAYBOOK,     /* segment --playbook: playbook / 说明与建议 */
    CK_COL_R_SCORE,      /* segment --by rfm: R score / R分 */
    CK_COL_F_SCORE,      /* F score / F分 */
    CK_COL_M_SCORE,      /* M score / M分 */
    /* clean's side files and added columns */
    CK_COL_LINE,           /* _line / 行号 */
    CK_COL_REASON,         /* _reason / 原因 */
    CK_COL_FILE,           /* _file / 文件 */
    CK_COL_KEPT,           /* merge log: kept_line / 保留行号 */
    CK_COL_MERGED,         /* merge log: merged_line / 合并行号 */
    CK_COL_KEY,            /* merge log: key / 匹配键 */
    CK_COL_KEY_VALUE,      /* merge log: key_value / 键值 */
    CK_COL_CONFLICTS,      /* merge log: conflicts / 冲突字段 */
    CK_COL_FIRST_PURCHASE, /* orders roll-up: first_purchase / 首次购买日期 */
    CK_COL_LAST_PURCHASE,  /* last_purchase / 最近购买日期 */
    CK_COL_ORDERS,         /* orders / 购买次数 */
    CK_COL_AMOUNT,         /* amount / 消费金额 */
    CK_COL_PROVINCE,       /* address split: province / 省份 */
    CK_COL_CITY,           /* city / 城市 */
    CK_COL_DISTRICT,       /* district / 区县 */
    CK_COL_COUNT
};

/* Column c's name in lang (CK_LANG_EN / CK_LANG_ZH); "" for an unknown c. */
const char *ck_column_name(int c, int lang);
/* Its key: the lower-case identifier code asks for it by ("segment", "r_score"), or NULL. */
const char *ck_column_key(int c);
/* The column whose key is key, or -1. */
int ck_column_by_key(const char *key);
/* Is name column c's name in either language? */
int ck_column_is(const char *name, int c);

#endif
