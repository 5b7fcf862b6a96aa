/* segment_output.h — what `custkit segment` adds to a table: the columns it writes and their
 * values for each customer, the playbook texts, the --by COLUMN lookup, and the run's facts. */
#ifndef CK_SEGMENT_OUTPUT_H
#define CK_SEGMENT_OUTPUT_H

#include <stddef.h>

#include "segment/segment.h"
#include "segment/segment_compare.h"
/* The columns a run writes, in this order; a column of the table with the same name is
 * replaced in place. The RFM code comes before its scores, so that in a sheet a score digit
 * never sits against the code (5 | 455). */
enum ck_seg_out {
    CK_OUT_SEG, CK_OUT_RANK, CK_OUT_RFM, CK_OUT_R, CK_OUT_F, CK_OUT_M, CK_OUT_PLAY,
    CK_OUT_PREV, CK_OUT_MOVE, CK_OUT_N
};

struct ck_seg_outcols {
    const char *names[CK_OUT_N]; /* in the table's language */
    int want[CK_OUT_N];
    long pos[CK_OUT_N]; /* column in the output, -1 when not written */
    size_t nout;        /* columns in the output */
    int replaces;       /* some of them are the table's own */
};

/* The columns a run of model over table t (its header) writes: segment and rank always, the
 * RFM code and scores for rfm, previous and movement with compare, the playbook with play. */
void ck_seg_out_columns(struct ck_seg_outcols *oc, const struct ck_table *t, int model,
                        int compare, int play, int lang);

/* Room for the texts ck_seg_out_row makes for one row (rank, RFM code). */
struct ck_seg_outbuf {
    char rank[24], code[8];
};
/* Customer i's values of the columns oc writes, into f at their positions: segment, rank, the
 * RFM code and scores ("" when not scored), the playbook text of its tier (play[tier], NULL
 * for none), and with cmp its previous segment and movement (a comparison loaded, by as the
 * run's --by for messages). The texts live in res, play, cmp and buf. */
int ck_seg_out_row(const struct ck_seg_outcols *oc, const struct ck_seg_result *res, size_t i,
                   const char *const *play, const struct ck_seg_compare *cmp, const char *by,
                   int lang, const char **f, struct ck_seg_outbuf *buf, struct ck_error *e);

/* --by COLUMN: the column of t named exactly so, else the column of that role, else one equal
 * once folded (ck_header_fold); -1 when none. */
long ck_seg_group_column(const struct ck_table *t, const struct ck_roles *roles, const char *by);
/* t's column names for a message about --by: "a, b, c", cut with ", …" to fit 512 bytes. */
const char *ck_seg_column_list(const struct ck_table *t, char list[512]);

/* Room for one segment's playbook text. */
enum { CK_SEG_PLAYBOOK_MAX = 1024 };
/* The playbook column: one text per tier, NULL where none is written. */
struct ck_seg_playbook {
    const char **text;
    char *buf;
    int any; /* some tier has a text: the column is written */
};
/* Each tier's built-in text (playbook.h), then the texts of the rules file rules (NULL: none)
 * for the segments it names; tiers it does not name keep the built-in text. The column model
 * has texts only from the rules file. hdr and roles are the table's, for the rules' context.
 * CK_EUSAGE naming FILE:LINE for a text longer than CK_SEG_PLAYBOOK_MAX - 1 bytes. */
int ck_seg_playbook_make(struct ck_seg_playbook *pb, const struct ck_seg_opts *so,
                         const struct ck_seg_result *res, int lang, const char *rules,
                         const struct ck_row *hdr, const struct ck_roles *roles,
                         struct ck_error *e);
void ck_seg_playbook_free(struct ck_seg_playbook *pb);

/* --by COLUMN can make thousands of groups: the summary and the facts list the first max
 * (most customers) and always Prospects and Needs review. Whether tier t is one of them. */
int ck_seg_tier_listed(const struct ck_seg_result *res, size_t t, size_t max);
/* The run's facts (ck_facts_append "segment"): model, as-of date, customers read, scored,
 * prospects, for review, each listed segment's count, and with cmp the movement counts. */
int ck_seg_facts(const char *model, const char *asof, size_t nread, const struct ck_seg_data *d,
                 const struct ck_seg_result *res, const struct ck_seg_compare *cmp,
                 struct ck_error *e);

#endif
