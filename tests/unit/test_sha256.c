/* test_sha256.c — unit tests of lib/base/sha256.c: SHA-256 against the FIPS 180-4 examples. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "custkit.h"

static void test_sha256(void **state)
{
    (void)state;
    struct ck_sha256 s;
    char hex[65];
    ck_sha256_init(&s);
    ck_sha256_hex(&s, hex);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    ck_sha256_init(&s);
    ck_sha256_update(&s, "abc", 3);
    ck_sha256_hex(&s, hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    ck_sha256_init(&s);
    const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    ck_sha256_update(&s, two, strlen(two));
    ck_sha256_hex(&s, hex);
    assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    ck_sha256_init(&s);
    char a[1000];
    memset(a, 'a', sizeof a);
    for (int i = 0; i < 1000; i++)
        ck_sha256_update(&s, a, sizeof a);
    ck_sha256_hex(&s, hex);
    assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

/* FIPS 180-4's 896-bit message, the padding edges (55 bytes fit one block, 56 need two, 64 is a
 * whole block) fed a byte at a time, and ck_sha256_file on a file of the 1,000,000 'a's. */
static void test_sha256_edges_and_file(void **state)
{
    (void)state;
    struct ck_sha256 s;
    char hex[65];
    const char *m = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopq"
                    "klmnopqrlmnopqrsmnopqrstnopqrstu";
    ck_sha256_init(&s);
    ck_sha256_update(&s, m, strlen(m));
    ck_sha256_hex(&s, hex);
    assert_string_equal(hex, "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
    static const struct {
        size_t n;
        const char *want;
    } edge[] = {
        {55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"},
        {56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"},
        {64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"},
    };
    for (size_t i = 0; i < sizeof edge / sizeof *edge; i++) {
        ck_sha256_init(&s);
        for (size_t k = 0; k < edge[i].n; k++)
            ck_sha256_update(&s, "a", 1);
        ck_sha256_hex(&s, hex);
        assert_string_equal(hex, edge[i].want);
    }
    char path[] = "/tmp/ck-sha-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    char a[1000];
    memset(a, 'a', sizeof a);
    for (int i = 0; i < 1000; i++)
        assert_int_equal(write(fd, a, sizeof a), (ssize_t)sizeof a);
    close(fd);
    long long size = 0;
    struct ck_error e;
    assert_int_equal(ck_sha256_file(path, hex, &size, &e), CK_OK);
    unlink(path);
    assert_int_equal(size, 1000000);
    assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    assert_int_equal(ck_sha256_file(path, hex, &size, &e), CK_EINPUT);
    assert_non_null(strstr(e.msg, path));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sha256),
        cmocka_unit_test(test_sha256_edges_and_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
