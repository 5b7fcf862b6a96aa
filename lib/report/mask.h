/* mask.h — masking of phones and e-mails (--mask phone,email) in reports that leave the
 * sales team. */
#ifndef CK_MASK_H
#define CK_MASK_H

#include <stddef.h>

/* Which roles a report masks (struct ck_report_opts.mask). */
enum ck_mask_bits { CK_MASK_PHONE = 1, CK_MASK_EMAIL = 2 };

/* "13812345678" → "138****5678": the first 3 and last 4 characters kept, each one between
 * them becomes '*'; values of 7 characters or fewer keep only their last 2. */
char *ck_mask_phone(const char *s, char *out, size_t cap);
/* "zhang@example.com" → "z***@example.com"; a value without '@' becomes "***". */
char *ck_mask_email(const char *s, char *out, size_t cap);

#endif
