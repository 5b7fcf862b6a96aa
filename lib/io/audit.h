/* audit.h — the audit trail (--audit FILE or $CUSTKIT_AUDIT): one JSON line per run saying who
 * ran what, on which files (size and SHA-256), with which counts and exit status. */
#ifndef CK_AUDIT_H
#define CK_AUDIT_H

#include "io/io.h"
/* Append the audit line of a finished run to path with a single O_APPEND write:
 * {"time","command":argv[0],"args":[argv[1..]],"user","inputs":[…],"outputs":[…],
 *  "counts":{the run's facts, ck_facts_last},"exit":status}. Inputs are the arguments that
 * name regular files (not the values of -o, --output, --rejects, --merge-log, --orphans,
 * --lost, which are the outputs), then profile (the profile in effect, NULL for none) unless
 * an argument names it, then standard input when the facts say it was read. CK_OK, or
 * CK_EOUTPUT / CK_ENOMEM with "audit: …" in e. */
int ck_audit_append(const char *path, int argc, char *const *argv, int status,
                    const char *profile, struct ck_error *e);

#endif
