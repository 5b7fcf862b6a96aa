/* test_crypt.c — unit tests of lib/io/crypt.c: a workbook encrypted with ECMA-376 Agile
 * Encryption decrypts back to the same bytes from a file and from memory; a wrong password, a
 * spin count over the limit and a damaged container are CK_EINPUT; the password file's first
 * line is the password. Excel's and LibreOffice's own encrypted files are read in
 * tests/interop/test_encrypt.sh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <fcntl.h>

#include "custkit.h"

static unsigned char *slurp_fd(int fd, size_t *n)
{
    assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
    unsigned char *buf = malloc(1 << 22);
    assert_non_null(buf);
    ssize_t r;
    *n = 0;
    while ((r = read(fd, buf + *n, (1 << 22) - *n)) > 0)
        *n += (size_t)r;
    return buf;
}

static int contains(const unsigned char *h, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if (memcmp(h + i, needle, k) == 0)
            return 1;
    return 0;
}

static void test_round_trip(void **state)
{
    (void)state;
    /* the workbook: any bytes do; these are the fixture's */
    int in = open("tests/fixtures/xls/customers.xlsx", O_RDONLY);
    assert_true(in >= 0);
    size_t plain_len;
    unsigned char *plain = slurp_fd(in, &plain_len);
    assert_true(plain_len > 1000);
    char enc[] = "/tmp/ck-crypt-XXXXXX";
    int fd = mkstemp(enc);
    assert_true(fd >= 0);
    close(fd);
    struct ck_error e;
    const char *pw = "密码 pass:word";
    assert_int_equal(ck_encrypt_workbook(in, enc, pw, "customers.xlsx", &e), CK_OK);
    close(in);
    assert_true(ck_ole_is_encrypted(enc));
    assert_false(ck_ole_is_encrypted("tests/fixtures/xls/customers.xls"));
    /* from the file */
    int out = -1;
    assert_int_equal(ck_decrypt_workbook(enc, "book.xlsx", pw, NULL, &out, &e), CK_OK);
    assert_true(out >= 0);
    size_t n;
    unsigned char *back = slurp_fd(out, &n);
    close(out);
    assert_int_equal(n, plain_len);
    assert_memory_equal(back, plain, n);
    free(back);
    /* from memory */
    assert_true(contains(plain, plain_len, "[Content_Types]"));
    int efd = open(enc, O_RDONLY);
    size_t enc_len;
    unsigned char *cipher = slurp_fd(efd, &enc_len);
    close(efd);
    assert_false(contains(cipher, enc_len, "[Content_Types]")); /* nothing in the clear */
    char tmp[] = "/tmp/ck-plain-XXXXXX";
    out = mkstemp(tmp);
    unlink(tmp);
    assert_int_equal(ck_decrypt_memory(cipher, enc_len, "mem.xlsx", pw, out, &e), CK_OK);
    back = slurp_fd(out, &n);
    close(out);
    assert_int_equal(n, plain_len);
    assert_memory_equal(back, plain, n);
    free(back);
    /* a wrong password, one character off */
    out = -1;
    assert_int_equal(ck_decrypt_workbook(enc, "book.xlsx", "密码 pass:wore", NULL, &out, &e),
                     CK_EINPUT);
    assert_int_equal(out, -1);
    assert_non_null(strstr(e.msg, "book.xlsx: wrong password"));
    /* the table reader opens it only with the password */
    struct ck_read_opts o;
    memset(&o, 0, sizeof o);
    struct ck_reader *r;
    assert_int_equal(ck_reader_open(&r, enc, &o, &e), CK_EINPUT);
    assert_non_null(strstr(e.msg, "encrypted"));
    o.password = pw;
    assert_int_equal(ck_reader_open(&r, enc, &o, &e), CK_OK);
    assert_string_equal(ck_reader_header(r)->f[0], "客户编号");
    ck_reader_close(r);
    /* a spin count above the limit is refused before any hashing */
    unsigned long saved = ck_crypt_max_spins;
    ck_crypt_max_spins = 1000;
    out = mkstemp(tmp);
    unlink(tmp);
    assert_int_equal(ck_decrypt_memory(cipher, enc_len, "mem.xlsx", pw, out, &e), CK_EINPUT);
    ck_crypt_max_spins = saved;
    /* damaged: the cipher text cut in half */
    assert_int_equal(ck_decrypt_memory(cipher, enc_len / 2, "half.xlsx", pw, out, &e), CK_EINPUT);
    assert_non_null(strstr(e.msg, "half.xlsx"));
    close(out);
    free(cipher);
    free(plain);
    unlink(enc);
}

static void test_password_file(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        size_t len;
        const char *pw; /* NULL: refused */
        const char *msg;
    } c[] = {
        {"secret\r\nsecond line\n", 20, "secret", NULL},
        {"密码", 6, "密码", NULL},
        {" spaced \n", 9, " spaced ", NULL},
        {"", 0, NULL, "the password file is empty"},
        {"\nsecret\n", 8, NULL, "the password file is empty"},
        {"\xff\xfe", 2, NULL, "the password is not valid UTF-8"},
    };
    for (size_t i = 0; i < sizeof c / sizeof *c; i++) {
        char p[] = "/tmp/ck-pw-XXXXXX";
        int fd = mkstemp(p);
        assert_int_equal(write(fd, c[i].text, c[i].len), (ssize_t)c[i].len);
        close(fd);
        char *pw;
        struct ck_error e;
        int rc = ck_password_read(p, &pw, &e);
        unlink(p);
        if (c[i].pw) {
            assert_int_equal(rc, CK_OK);
            assert_string_equal(pw, c[i].pw);
            ck_password_free(pw);
        } else {
            assert_int_equal(rc, CK_EUSAGE);
            assert_null(pw);
            assert_non_null(strstr(e.msg, c[i].msg));
        }
    }
    char *pw;
    struct ck_error e;
    assert_int_equal(ck_password_read("/nonexistent-dir/pw", &pw, &e), CK_EUSAGE);
    assert_non_null(strstr(e.msg, "/nonexistent-dir/pw: cannot read the password file"));
    ck_password_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_password_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
