/* fuzz_decrypt.c — libFuzzer target: an encrypted workbook (OLE2 compound file read by libgsf,
 * the EncryptionInfo XML, the Agile key derivation and the EncryptedPackage) on arbitrary
 * bytes, with the password the seeds were made with. */
#include "fuzz_util.h"

#include "custkit.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    /* The seeds ask for one spin; a mutated spinCount of millions would only measure SHA-512. */
    ck_crypt_max_spins = 1000;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int out = -1;
    if (out < 0 && (out = memfd_create("custkit-fuzz-plain", MFD_CLOEXEC)) < 0)
        abort();
    if (ftruncate(out, 0) != 0)
        abort();
    struct ck_error e;
    (void)ck_decrypt_memory(data, size, "<fuzz>", "fuzz", out, &e);
    return 0;
}
