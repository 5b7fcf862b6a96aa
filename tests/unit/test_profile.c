/* test_profile.c — unit tests of lib/app/profile.c: settings read from a real INI file, the
 * option each gives a command, and the errors with FILE:LINE and a did-you-mean. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "custkit.h"
#include "app/profile.h"
static char path[64];

/* Write text as the profile and read it (afresh). */
static int load(const char *text, struct ck_error *e)
{
    snprintf(path, sizeof path, "/tmp/ck-profile-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    size_t n = strlen(text);
    assert_int_equal(write(fd, text, n), (ssize_t)n);
    close(fd);
    ck_profile_reset();
    memset(e, 0, sizeof *e);
    int rc = ck_profile_load(path, e);
    unlink(path);
    return rc;
}

static void test_settings(void **state)
{
    (void)state;
    struct ck_error e;
    assert_int_equal(load("; a pipeline\n"
                          "[columns]\n"
                          "Phone = 手机\n"
                          "[segment]\n"
                          "by = rfm\n",
                          &e),
                     CK_OK);
    assert_int_equal(ck_profile_count(), 2);
    const char *how;
    assert_string_equal(ck_profile_file(&how), path);
    assert_string_equal(how, "--profile");

    const struct ck_setting *st = ck_profile_get(0);
    assert_string_equal(st->section, "columns");
    assert_string_equal(st->key, "phone"); /* the role's canonical name */
    assert_string_equal(st->value, "手机");
    assert_string_equal(st->spec, "phone=手机");
    assert_int_equal(st->line, 3);
    char where[96];
    snprintf(where, sizeof where, "%s:3", path);
    assert_string_equal(st->where, where);
    assert_string_equal(ck_profile_option(st, "clean"), "col");

    st = ck_profile_get(1);
    assert_string_equal(st->key, "by");
    assert_string_equal(st->value, "rfm");
    assert_int_equal(st->line, 5);
    assert_string_equal(ck_profile_option(st, "segment"), "by");
    assert_null(ck_profile_option(st, "export")); /* [segment] by is segment's only */
    assert_null(ck_profile_get(2));
}

static void test_unknown_key_did_you_mean(void **state)
{
    (void)state;
    struct ck_error e;
    assert_int_equal(load("[clean]\n"
                          "key = phone\n"
                          "dat-order = dmy\n",
                          &e),
                     CK_EUSAGE);
    char want[160];
    snprintf(want, sizeof want, "%s:3: unknown key 'dat-order' in [clean]; did you mean 'date-order'?",
             path);
    assert_string_equal(e.msg, want);
    assert_int_equal(e.code, CK_EUSAGE);
}

static void test_errors_name_the_line(void **state)
{
    (void)state;
    struct ck_error e;
    char want[160];
    assert_int_equal(load("[segment]\nby = rfm9\n", &e), CK_EUSAGE);
    snprintf(want, sizeof want, "%s:2: by takes value, rfm, rfm8 or lifecycle, not 'rfm9'", path);
    assert_string_equal(e.msg, want);

    assert_int_equal(load("[common]\nlang = en\n\nlang = zh\n", &e), CK_EUSAGE);
    snprintf(want, sizeof want, "%s:4: 'lang' in [common] is already set at line 2", path);
    assert_string_equal(e.msg, want);

    assert_int_equal(load("[colums]\n", &e), CK_EUSAGE);
    snprintf(want, sizeof want, "%s:1: unknown section [colums]; did you mean [columns]?", path);
    assert_string_equal(e.msg, want);

    assert_int_equal(load("[columns]\nphone\n", &e), CK_EUSAGE);
    snprintf(want, sizeof want, "%s:2: not a setting (want [section] or key = value)", path);
    assert_string_equal(e.msg, want);
}

static void test_no_profile(void **state)
{
    (void)state;
    struct ck_error e;
    ck_profile_reset();
    unsetenv("CUSTKIT_PROFILE");
    assert_int_equal(ck_profile_load(NULL, &e), CK_OK);
    assert_int_equal(ck_profile_count(), 0);
    assert_null(ck_profile_file(NULL));
    ck_profile_reset();
    assert_int_equal(ck_profile_load("/nonexistent/ck.ini", &e), CK_EUSAGE);
    assert_non_null(strstr(e.msg, "profile /nonexistent/ck.ini (--profile): cannot open: "));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_settings),
        cmocka_unit_test(test_unknown_key_did_you_mean),
        cmocka_unit_test(test_errors_name_the_line),
        cmocka_unit_test(test_no_profile),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
