/* playbook.h — what each segment of a built-in model means and what to do about it: the
 * rule that puts a customer there, with the thresholds of the run, then the suggested action
 * (VIP service, win-back offer, nurture …). segment writes it into its playbook column,
 * export shows it on the summary and above each segment sheet. */
#ifndef CK_PLAYBOOK_H
#define CK_PLAYBOOK_H

#include <stddef.h>

#include "segment/segment.h"

/* The text of tier t of res (a run of o) in lang, into out (cap bytes, cut between
 * characters). The column model has none: out is "" and the result 0; else 1. */
int ck_playbook_text(const struct ck_seg_opts *o, const struct ck_seg_result *res, size_t t,
                     int lang, char *out, size_t cap);
/* The summary's column heading: 说明与建议 / Meaning and suggested action. */
const char *ck_playbook_heading(int lang);
/* Whether a header names the playbook column (说明与建议 or playbook). */
int ck_playbook_is_column(const char *header);

#endif
