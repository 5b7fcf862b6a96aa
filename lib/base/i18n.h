/* i18n.h — messages in the user's language (GNU gettext, text domain "custkit").
 * lib/ only translates the texts it hands to cmd/ in struct ck_error: ck_error_set and the
 * message helpers built on it translate their format; _() is for a text built otherwise.
 * Without a catalog, or in the C locale, every text is the English one. po/ lists the
 * messages; `make po` extracts them again after a change (see README). */
#ifndef CK_I18N_H
#define CK_I18N_H

#include <libintl.h>

#define CK_TEXTDOMAIN "custkit"
#define _(s) dgettext(CK_TEXTDOMAIN, s)
/* A text marked for the catalog but translated later, where it is printed. */
#define N_(s) (s)

#endif
