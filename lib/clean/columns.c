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
