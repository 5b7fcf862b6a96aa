/* fuzz_segment.c — libFuzzer target: segmentation (lib/segment/segment.h) on random tables. The
 * first byte picks the model and language, the first line is the model's option (--top, --tiers,
 * --windows), the other lines are customer rows "last,first,orders,amount,problems,group".
 * Checks: every customer gets a tier below ntiers, the tier counts add up to the customers. */
#include "fuzz_util.h"

#include "custkit.h"
#include "segment/segment.h"

#define W 7
static const char *const header[W] = {"id", "last_purchase", "first_purchase", "orders",
                                      "amount", "_problems", "city"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 65536)
        return 0;
    unsigned sel = data[0];
    char *text = fuzz_str(data + 1, size - 1);
    struct ck_error e;
    struct ck_seg_opts o;
    ck_seg_opts_init(&o);
    o.model = (int)(sel % 5);
    o.as_of = ck_days_from_civil(2026, 11, 29);
    int lang = (sel >> 3) & 1 ? CK_LANG_ZH : CK_LANG_EN;

    char *nl = strchr(text, '\n');
    char *rest = nl ? nl + 1 : text + strlen(text);
    if (nl)
        *nl = 0;
    int rc = CK_OK;
    if (text[0]) {
        if (o.model == CK_SEG_LIFECYCLE)
            rc = (sel & 0x10) ? ck_seg_parse_days(&o.new_days, text, "--new-days", &e)
                              : ck_seg_parse_windows(&o, text, &e);
        else if (o.model == CK_SEG_VALUE)
            rc = (sel & 0x10) ? ck_seg_parse_tiers(&o, text, &e) : ck_seg_parse_top(&o, text, &e);
    }
    if (rc != CK_OK) {
        free(text);
        return 0;
    }
    struct ck_table t;
    ck_table_init(&t);
    size_t hlen[W];
    for (size_t i = 0; i < W; i++)
        hlen[i] = strlen(header[i]);
    struct ck_row h = {W, (char **)header, hlen, 1};
    if (ck_table_set_header(&t, &h, &e) != CK_OK)
        abort();
    long line = 2;
    for (char *p = rest; *p && line < 5000;) {
        char *eol = strchr(p, '\n');
        if (eol)
            *eol = 0;
        char *f[W];
        size_t len[W];
        char id[24];
        snprintf(id, sizeof id, "C%ld", line);
        f[0] = id;
        size_t n = 1;
        for (char *q = p; n < W;) {
            char *comma = strchr(q, ',');
            if (comma)
                *comma = 0;
            f[n++] = q;
            if (!comma)
                break;
            q = comma + 1;
        }
        for (size_t i = n; i < W; i++)
            f[i] = "";
        for (size_t i = 0; i < W; i++)
            len[i] = strlen(f[i]);
        struct ck_row row = {W, f, len, line++};
        if (ck_table_append(&t, &row, &e) != CK_OK)
            abort();
        if (!eol)
            break;
        p = eol + 1;
    }
    struct ck_roles roles;
    if (ck_roles_resolve(&roles, &h, CK_TABLE_CUSTOMERS, NULL, 0, &e) != CK_OK)
        abort();
    o.column = 6;
    struct ck_seg_data d = {0};
    struct ck_seg_result res = {0};
    if (ck_seg_prepare(&t, &roles, 5, &o, &d, &e) == CK_OK) {
        if (ck_seg_run(&o, &d, lang, &res, &e) == CK_OK) {
            size_t total = 0;
            for (size_t k = 0; k < res.ntiers; k++) {
                total += res.count[k];
                if (!res.names[k])
                    abort();
            }
            if (total != t.nrows || res.n != t.nrows)
                abort(); /* every customer is in exactly one tier */
            for (size_t i = 0; i < res.n; i++)
                if (res.tier[i] >= res.ntiers)
                    abort();
            if (res.score)
                for (size_t i = 0; i < res.n; i++)
                    if (res.score[3 * i] > 5 || res.score[3 * i + 1] > 5 || res.score[3 * i + 2] > 5)
                        abort();
        }
        ck_seg_result_free(&res);
        ck_seg_data_free(&d);
    }
    ck_table_free(&t);
    free(text);
    return 0;
}
