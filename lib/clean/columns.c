/* columns.c — the one table of the column names the commands pass to each other (columns.h):
 * clean writes 问题, segment reads it; segment writes 分层, export and trend read it. */
#include "clean/columns.h"
#include <string.h>

static const struct {
    const char *key;
    const char *name[2]; /* [CK_LANG_EN], [CK_LANG_ZH] */
} columns[CK_COL_COUNT] = {
    [CK_COL_PROBLEMS] = {"problems", {"_problems", "问题"}},
    [CK_COL_SEGMENT] = {"segment", {"segment", "分层"}},
    [CK_COL_SEGMENT_RANK] = {"segment_rank", {"segment_rank", "分层序号"}},
    [CK_COL_PREVIOUS] = {"previous", {"previous", "上期分层"}},
    [CK_COL_MOVEMENT] = {"movement", {"movement", "变动"}},
    [CK_COL_PLAYBOOK] = {"playbook", {"playbook", "说明与建议"}},
    /* labelled: bare R/F/M digits beside the RFM code read as one number */
    [CK_COL_R_SCORE] = {"r_score", {"R score", "R分"}},
    [CK_COL_F_SCORE] = {"f_score", {"F score", "F分"}},
    [CK_COL_M_SCORE] = {"m_score", {"M score", "M分"}},
    [CK_COL_LINE] = {"line", {"_line", "行号"}},
    [CK_COL_REASON] = {"reason", {"_reason", "原因"}},
    [CK_COL_FILE] = {"file", {"_file", "文件"}},
    [CK_COL_KEPT] = {"kept_line", {"kept_line", "保留行号"}},
    [CK_COL_MERGED] = {"merged_line", {"merged_line", "合并行号"}},
    [CK_COL_KEY] = {"key", {"key", "匹配键"}},
    [CK_COL_KEY_VALUE] = {"key_value", {"key_value", "键值"}},
    [CK_COL_CONFLICTS] = {"conflicts", {"conflicts", "冲突字段"}},
    [CK_COL_FIRST_PURCHASE] = {"first_purchase", {"first_purchase", "首次购买日期"}},
    [CK_COL_LAST_PURCHASE] = {"last_purchase", {"last_purchase", "最近购买日期"}},
    [CK_COL_ORDERS] = {"orders", {"orders", "购买次数"}},
    [CK_COL_AMOUNT] = {"amount", {"amount", "消费金额"}},
    [CK_COL_PROVINCE] = {"province", {"province", "省份"}},
    [CK_COL_CITY] = {"city", {"city", "城市"}},
    [CK_COL_DISTRICT] = {"district", {"district", "区县"}},
};

const char *ck_column_name(int c, int lang)
{
    if (c < 0 || c >= CK_COL_COUNT)
        return "";
    return columns[c].name[lang == CK_LANG_ZH];
}

const char *ck_column_key(int c)
{
    return c >= 0 && c < CK_COL_COUNT ? columns[c].key : NULL;
}

int ck_column_by_key(const char *key)
{
    for (int c = 0; c < CK_COL_COUNT; c++)
        if (strcmp(columns[c].key, key) == 0)
            return c;
    return -1;
}

int ck_column_is(const char *name, int c)
{
    return c >= 0 && c < CK_COL_COUNT &&
           (strcmp(name, columns[c].name[0]) == 0 || strcmp(name, columns[c].name[1]) == 0);
}
