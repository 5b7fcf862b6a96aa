/* report_file.c — the report workbook as a file: the time it says it was made, and its
 * encrypted form, whose plaintext never has a name on disk. */
#include "report/report_file.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

int ck_report_times(const char *as_of, time_t *created, char *asof_iso, struct ck_error *e)
{
    asof_iso[0] = 0;
    if (as_of) {
        long days;
        int rc = ck_asof_resolve(as_of, &days, e);
        if (rc != CK_OK)
            return rc;
        ck_iso_date_format(days, asof_iso);
    }
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (sde && *sde) {
        char *end;
        errno = 0;
        long long v = strtoll(sde, &end, 10);
        if (*end || errno || v < 0)
            return ck_error_set(e, CK_EUSAGE, "SOURCE_DATE_EPOCH must be a number of seconds, "
                                              "not '%s'", sde);
        *created = (time_t)v;
        return CK_OK;
    }
    *created = time(NULL);
    return CK_OK;
}

int ck_report_xlsx_encrypted(struct ck_report_rows *rows, const struct ck_report_opts *o,
                             const char *password, const char *path,
                             struct ck_report_stats *st, struct ck_error *e)
{
    int fd = ck_temp_unlinked(o->tmpdir, "plain", e);
    if (fd < 0)
        return CK_EOUTPUT;
    char plain[32];
    snprintf(plain, sizeof plain, "/proc/self/fd/%d", fd);
    int rc = ck_report_xlsx(rows, o, plain, st, e);
    if (rc == CK_OK)
        rc = ck_encrypt_workbook(fd, path, password, o->output_name, e);
    /* the plaintext's blocks are freed when the file is closed; overwrite them first */
    struct stat fst;
    if (fstat(fd, &fst) == 0 && fst.st_size > 0) {
        static const char zero[65536];
        for (off_t off = 0; off < fst.st_size; off += (off_t)sizeof zero)
            if (pwrite(fd, zero, sizeof zero, off) < 0)
                break;
    }
    close(fd);
    return rc;
}
