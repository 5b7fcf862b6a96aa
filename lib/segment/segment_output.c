/* segment_output.c — what `custkit segment` adds to a table: its columns and their values,
 * the playbook texts (built-in, or from a rules file), the --by COLUMN lookup, the facts. */
#include "segment/segment_output.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "segment/playbook.h"
#include "rules/rules.h"
#include "io/strbuf.h"
void ck_seg_out_columns(struct ck_seg_outcols *oc, const struct ck_table *t, int model,
                        int compare, int play, int lang)
{
    static const int base[CK_OUT_N] = {1, 1, 0, 0, 0, 0, 0, 0, 0};
    const char *names[CK_OUT_N] = {ck_seg_column_name("segment", lang),
                                   ck_seg_column_name("segment_rank", lang),
                                   "RFM",
                                   ck_seg_column_name("r_score", lang),
                                   ck_seg_column_name("f_score", lang),
                                   ck_seg_column_name("m_score", lang),
                                   ck_seg_column_name("playbook", lang),
                                   ck_seg_column_name("previous", lang),
                                   ck_seg_column_name("movement", lang)};
    memcpy(oc->names, names, sizeof names);
    memcpy(oc->want, base, sizeof base);
    if (model == CK_SEG_RFM)
        oc->want[CK_OUT_R] = oc->want[CK_OUT_F] = oc->want[CK_OUT_M] = oc->want[CK_OUT_RFM] = 1;
    if (compare)
        oc->want[CK_OUT_PREV] = oc->want[CK_OUT_MOVE] = 1;
    oc->want[CK_OUT_PLAY] = play;
    oc->nout = t->ncols;
    oc->replaces = 0;
    for (int k = 0; k < CK_OUT_N; k++) {
        oc->pos[k] = -1;
        if (!oc->want[k])
            continue;
        oc->pos[k] = ck_table_find_column(t, names[k]);
        if (oc->pos[k] >= 0)
            oc->replaces = 1;
        else
            oc->pos[k] = (long)oc->nout++;
    }
}

/* v in decimal into out (room for 11 bytes): written per row, where snprintf's parsing of
 * its format was a tenth of the time segment takes to write its output. */
static void put_decimal(char *out, uint32_t v)
{
    char tmp[10];
    size_t n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    for (size_t k = 0; k < n; k++)
        out[k] = tmp[n - 1 - k];
    out[n] = 0;
}

int ck_seg_out_row(const struct ck_seg_outcols *oc, const struct ck_seg_result *res, size_t i,
                   const char *const *play, const struct ck_seg_compare *cmp, const char *by,
                   int lang, const char **f, struct ck_seg_outbuf *buf, struct ck_error *e)
{
    const long *pos = oc->pos;
    uint32_t tier = res->tier[i];
    f[pos[CK_OUT_SEG]] = res->names[tier];
    put_decimal(buf->rank, tier + 1);
    f[pos[CK_OUT_RANK]] = buf->rank;
    if (oc->want[CK_OUT_R]) {
        static const char *const digit[6] = {"", "1", "2", "3", "4", "5"};
        static const int out_col[3] = {CK_OUT_R, CK_OUT_F, CK_OUT_M};
        if (res->score[3 * i]) {
            for (int k = 0; k < 3; k++) {
                unsigned char sc = res->score[3 * i + (size_t)k];
                f[pos[out_col[k]]] = digit[sc];
                buf->code[k] = (char)('0' + sc);
            }
            buf->code[3] = 0;
            f[pos[CK_OUT_RFM]] = buf->code;
        } else
            f[pos[CK_OUT_R]] = f[pos[CK_OUT_F]] = f[pos[CK_OUT_M]] = f[pos[CK_OUT_RFM]] = "";
    }
    if (cmp) {
        int move, rc = ck_seg_compare_row(cmp, i, res, by, &f[pos[CK_OUT_PREV]], &move, e);
        if (rc != CK_OK)
            return rc;
        f[pos[CK_OUT_MOVE]] = ck_seg_movement_name(move, lang);
    }
    if (oc->want[CK_OUT_PLAY])
        f[pos[CK_OUT_PLAY]] = play[tier] ? play[tier] : "";
    return CK_OK;
}

long ck_seg_group_column(const struct ck_table *t, const struct ck_roles *roles, const char *by)
{
    long col = ck_table_find_column(t, by);
    if (col >= 0)
        return col;
    int role = ck_role_from_name(by);
    if (role >= 0 && roles->col[role] >= 0)
        return roles->col[role];
    char want[256], have[256];
    ck_header_fold(by, want, sizeof want);
    for (size_t i = 0; i < t->ncols; i++)
        if (strcmp(ck_header_fold(t->header[i], have, sizeof have), want) == 0)
            return (long)i;
    return -1;
}

const char *ck_seg_column_list(const struct ck_table *t, char list[512])
{
    list[0] = 0;
    for (size_t i = 0; i < t->ncols; i++) {
        size_t l = strlen(list);
        if (l + strlen(t->header[i]) + 8 >= 512) {
            snprintf(list + l, 512 - l, ", …");
            break;
        }
        snprintf(list + l, 512 - l, "%s%s", i ? ", " : "", t->header[i]);
    }
    return list;
}

/* The texts of the rules file for the segments it names, over the built-in ones. */
static int playbook_rules(struct ck_seg_playbook *pb, const struct ck_seg_opts *so,
                          const struct ck_seg_result *res, int lang, const char *rules,
                          const struct ck_row *hdr, const struct ck_roles *roles,
                          struct ck_error *e)
{
    struct ck_rules_ctx ctx = {hdr, roles, so->as_of, lang};
    struct ck_rules *rs = NULL;
    int rc = ck_rules_new(&rs, &ctx, e);
    if (rc == CK_OK)
        rc = ck_rules_load_playbook(rs, rules, e);
    for (size_t i = 0; rc == CK_OK && i < ck_rules_playbook_count(rs); i++) {
        int line;
        const char *seg = ck_rules_playbook_segment(rs, i, &line);
        const char *text = ck_rules_playbook_text(rs, i);
        if (strlen(text) >= CK_SEG_PLAYBOOK_MAX) {
            rc = ck_error_set(e, CK_EUSAGE,
                              "%s:%d: the playbook text for '%s' is longer than %d bytes", rules,
                              line, seg, CK_SEG_PLAYBOOK_MAX - 1);
            break;
        }
        for (size_t t = 0; t < res->ntiers; t++)
            if (strcmp(res->names[t], seg) == 0) {
                char *b = pb->buf + t * CK_SEG_PLAYBOOK_MAX;
                memcpy(b, text, strlen(text) + 1);
                pb->text[t] = b;
                pb->any = 1;
            }
    }
    ck_rules_free(rs);
    return rc;
}

int ck_seg_playbook_make(struct ck_seg_playbook *pb, const struct ck_seg_opts *so,
                         const struct ck_seg_result *res, int lang, const char *rules,
                         const struct ck_row *hdr, const struct ck_roles *roles,
                         struct ck_error *e)
{
    size_t nt = res->ntiers;
    memset(pb, 0, sizeof *pb);
    pb->text = calloc(nt ? nt : 1, sizeof *pb->text);
    pb->buf = malloc((nt ? nt : 1) * CK_SEG_PLAYBOOK_MAX);
    if (!pb->text || !pb->buf)
        return ck_error_set(e, CK_ENOMEM, "out of memory");
    for (size_t t = 0; t < nt; t++) {
        char *b = pb->buf + t * CK_SEG_PLAYBOOK_MAX;
        if (ck_playbook_text(so, res, t, lang, b, CK_SEG_PLAYBOOK_MAX)) {
            pb->text[t] = b;
            pb->any = 1;
        }
    }
    return rules ? playbook_rules(pb, so, res, lang, rules, hdr, roles, e) : CK_OK;
}

void ck_seg_playbook_free(struct ck_seg_playbook *pb)
{
    free(pb->text);
    free(pb->buf);
    memset(pb, 0, sizeof *pb);
}

int ck_seg_tier_listed(const struct ck_seg_result *res, size_t t, size_t max)
{
    return t < max || t + 2 >= res->ntiers;
}

/* The facts list this many segments at the most (see ck_seg_tier_listed). */
#define FACTS_TIERS 200

int ck_seg_facts(const char *model, const char *asof, size_t nread, const struct ck_seg_data *d,
                 const struct ck_seg_result *res, const struct ck_seg_compare *cmp,
                 struct ck_error *e)
{
    struct ck_strbuf b = {0};
    char tmp[640], q[512];
    snprintf(tmp, sizeof tmp,
             "\"model\":%s,\"as_of\":\"%s\",\"read\":%zu,\"scored\":%zu,\"prospects\":%zu,"
             "\"review\":%zu,\"segments\":{",
             ck_json_quote(model, q, sizeof q), asof, nread, res->nscored, d->n_prospect,
             d->n_error + d->n_incomplete);
    ck_sb_add(&b, tmp);
    size_t omitted = 0;
    for (size_t t = 0; t < res->ntiers; t++) {
        if (!ck_seg_tier_listed(res, t, FACTS_TIERS)) {
            omitted++;
            continue;
        }
        snprintf(tmp, sizeof tmp, "%s%s:%zu", t ? "," : "",
                 ck_json_quote(res->names[t], q, sizeof q), res->count[t]);
        ck_sb_add(&b, tmp);
    }
    ck_sb_add(&b, "}");
    if (omitted) {
        snprintf(tmp, sizeof tmp, ",\"segments_omitted\":%zu", omitted);
        ck_sb_add(&b, tmp);
    }
    if (cmp) {
        snprintf(tmp, sizeof tmp,
                 ",\"compare\":{\"up\":%zu,\"down\":%zu,\"same\":%zu,\"new\":%zu,"
                 "\"disappeared\":%zu}",
                 cmp->moves[CK_MOVE_UP], cmp->moves[CK_MOVE_DOWN], cmp->moves[CK_MOVE_SAME],
                 cmp->moves[CK_MOVE_NEW], cmp->disappeared);
        ck_sb_add(&b, tmp);
    }
    int rc = b.oom ? ck_error_set(e, CK_ENOMEM, "out of memory") : ck_facts_append("segment", b.s, e);
    free(b.s);
    return rc;
}
