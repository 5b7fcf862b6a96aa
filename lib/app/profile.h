/* profile.h — the profile: one INI file of settings ([columns], [orders], [common] and one
 * section a command) that gives every step of a pipeline the same mappings and options. */
#ifndef CK_PROFILE_H
#define CK_PROFILE_H

#include <stddef.h>

#include "base/base.h"
/* One setting: [section] key = value at line. */
struct ck_setting {
    const char *section, *key, *value;
    const char *spec;  /* [columns] and [orders]: "ROLE=HEADER", as --col takes it */
    const char *where; /* "FILE:LINE" */
    int line;
};
/* What a key of a section is: the option it stands for and what the command does without it.
 * [columns] and [orders] take role names as keys and are not listed. */
struct ck_profile_key {
    const char *section, *key;
    const char *cmd;     /* the command whose option it is; NULL: every command */
    const char *option;  /* its long option */
    int check;           /* how its value is checked when the profile is read */
    const char *deflt;   /* for custkit config */
};
extern const struct ck_profile_key ck_profile_keys[];
extern const size_t ck_profile_nkeys;

/* Read the profile named by path (--profile), else by $CUSTKIT_PROFILE, once per process:
 * every key checked against ck_profile_keys (an unknown one named with the nearest known one,
 * "did you mean"), values checked where they have a fixed set, [columns] and [orders] keys
 * read as role names. CK_OK (also when no profile is named), or CK_EUSAGE with
 * "FILE:LINE: message" in e (the message in the user's language). */
int ck_profile_load(const char *path, struct ck_error *e);
/* Forget the profile read, so that the next ck_profile_load reads again. */
void ck_profile_reset(void);
/* The profile's file and how it was named ("--profile", "CUSTKIT_PROFILE"); NULL when none. */
const char *ck_profile_file(const char **how);
size_t ck_profile_count(void);
const struct ck_setting *ck_profile_get(size_t i);
/* The long option (without "--") that setting st gives to command cmd: "col" for [columns],
 * "orders-col" for [orders], else that of its key in ck_profile_keys when the key is cmd's
 * or every command's; NULL when it gives cmd none. */
const char *ck_profile_option(const struct ck_setting *st, const char *cmd);

#endif
