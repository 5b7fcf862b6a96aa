/* test_segment.c — unit tests of lib/segment/segment.c: hand-computed tables for every model, ties,
 * degenerate columns, the exhaustive 125-code table, option parsing, matching two runs. */
#include <math.h>
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
#include "segment/segment.h"

/* Build data for n customers of a model from literal arrays (NULL = leave zero). */
static void data_of(struct ck_seg_data *d, int model, size_t n, const unsigned char *state,
                    const double *rec, const double *freq, const double *mon, const double *ten)
{
    struct ck_error e;
    assert_int_equal(ck_seg_data_alloc(d, n, model, &e), CK_OK);
    for (size_t i = 0; i < n; i++) {
        if (state)
            d->state[i] = state[i];
        if (rec && d->recency)
            d->recency[i] = rec[i];
        if (freq && d->frequency)
            d->frequency[i] = freq[i];
        if (mon && d->monetary)
            d->monetary[i] = mon[i];
        if (ten && d->tenure)
            d->tenure[i] = ten[i];
    }
}

static void run_model(struct ck_seg_opts *o, struct ck_seg_data *d, int lang,
                      struct ck_seg_result *res)
{
    struct ck_error e;
    int rc = ck_seg_run(o, d, lang, res, &e);
    if (rc != CK_OK)
        fail_msg("ck_seg_run: %s", e.msg);
}

/* ---------- primitives ---------- */

static void test_percentile_linear(void **state)
{
    (void)state;
    const double x[10] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    /* h = 9·p/100: 1.8 → 2 + 0.8, 3.6 → 4 + 0.6, … */
    assert_float_equal(ck_seg_percentile(x, 10, 20), 2.8, 1e-12);
    assert_float_equal(ck_seg_percentile(x, 10, 40), 4.6, 1e-12);
    assert_float_equal(ck_seg_percentile(x, 10, 60), 6.4, 1e-12);
    assert_float_equal(ck_seg_percentile(x, 10, 80), 8.2, 1e-12);
    assert_float_equal(ck_seg_percentile(x, 10, 0), 1, 0);
    assert_float_equal(ck_seg_percentile(x, 10, 100), 10, 0);
    const double two[2] = {10, 20};
    assert_float_equal(ck_seg_percentile(two, 2, 50), 15, 0);
    const double one[1] = {7};
    assert_float_equal(ck_seg_percentile(one, 1, 80), 7, 0);
    assert_true(isnan(ck_seg_percentile(one, 0, 50)));
}

static void test_breaks_below_ties(void **state)
{
    (void)state;
    const double b[4] = {2, 2, 5, 5};
    assert_int_equal(ck_seg_breaks_below(1, b, 4), 0);
    assert_int_equal(ck_seg_breaks_below(2, b, 4), 0); /* a value equal to a break: not above */
    assert_int_equal(ck_seg_breaks_below(3, b, 4), 2);
    assert_int_equal(ck_seg_breaks_below(5, b, 4), 2);
    assert_int_equal(ck_seg_breaks_below(5.5, b, 4), 4);
}

/* The segment table as usually published, with 231/241/251 kept under About To Sleep only:
 * every code must appear in exactly one list and ck_seg_rfm_segment must agree with it. */
static const char *const rfm_lists[11] = {
    "555 554 544 545 454 455 445",
    "543 444 435 355 354 345 344 335",
    "553 551 552 541 542 533 532 531 452 451 442 441 431 453 433 432 423 353 352 351 342 341 "
    "333 323",
    "512 511 422 421 412 411 311",
    "525 524 523 522 521 515 514 513 425 424 413 414 415 315 314 313",
    "535 534 443 434 343 334 325 324",
    "331 321 312 221 213 231 241 251",
    "255 254 245 244 253 252 243 242 235 234 225 224 153 152 145 143 142 135 134 133 125 124",
    "155 154 144 214 215 115 114 113",
    "332 322 233 232 223 222 132 123 122 212 211",
    "111 112 121 131 141 151",
};

static void test_rfm_table_exhaustive(void **state)
{
    (void)state;
    int used[11] = {0};
    for (int r = 1; r <= 5; r++)
        for (int f = 1; f <= 5; f++)
            for (int m = 1; m <= 5; m++) {
                char code[4] = {(char)('0' + r), (char)('0' + f), (char)('0' + m), 0};
                int found = -1, times = 0;
                for (int s = 0; s < 11; s++)
                    for (const char *p = rfm_lists[s]; (p = strstr(p, code)); p += 3)
                        if ((p == rfm_lists[s] || p[-1] == ' ') && (p[3] == ' ' || !p[3])) {
                            found = s;
                            times++;
                        }
                if (times != 1)
                    fail_msg("code %s is listed %d times", code, times);
                int seg = ck_seg_rfm_segment(r, f, m);
                if (seg != found)
                    fail_msg("code %s → %d, want %d", code, seg, found);
                used[seg]++;
            }
    for (int s = 0; s < 11; s++)
        assert_true(used[s] > 0);
    assert_int_equal(ck_seg_rfm_segment(0, 1, 1), -1);
    assert_int_equal(ck_seg_rfm_segment(1, 6, 1), -1);
}

static void test_rfm8_class_table(void **state)
{
    (void)state;
    assert_int_equal(ck_seg_rfm8_class(1, 1, 1), 0);
    assert_int_equal(ck_seg_rfm8_class(1, 0, 1), 1);
    assert_int_equal(ck_seg_rfm8_class(0, 1, 1), 2);
    assert_int_equal(ck_seg_rfm8_class(0, 0, 1), 3);
    assert_int_equal(ck_seg_rfm8_class(1, 1, 0), 4);
    assert_int_equal(ck_seg_rfm8_class(1, 0, 0), 5);
    assert_int_equal(ck_seg_rfm8_class(0, 1, 0), 6);
    assert_int_equal(ck_seg_rfm8_class(0, 0, 0), 7);
}

/* ---------- RFM ---------- */

static void test_rfm_hand_computed(void **state)
{
    (void)state;
    struct ck_seg_opts o;
    ck_seg_opts_init(&o);
    o.model = CK_SEG_RFM;
    /* five scored customers, one prospect, one to review */
    const unsigned char st[7] = {0, 0, 0, 0, 0, CK_SEG_PROSPECT, CK_SEG_REVIEW};
    const double rec[7] = {10, 20, 30, 40, 50, 0, 0};
    const double freq[7] = {1, 2, 3, 4, 5, 0, 0};
    const double mon[7] = {100, 200, 300, 400, 500, 0, 0};
    struct ck_seg_data d;
    struct ck_seg_result res;
    data_of(&d, CK_SEG_RFM, 7, st, rec, freq, mon, NULL);
    run_model(&o, &d, CK_LANG_EN, &res);
    /* h = 4·p/100 = 0.8, 1.6, 2.4, 3.2 → recency breaks 18 26 34 42 */
    assert_float_equal(res.breaks[0][0], 18, 1e-9);
    assert_float_equal(res.breaks[0][3], 42, 1e-9);
    assert_float_equal(res.breaks[2][1], 260, 1e-9);
    const char *want_code[5] = {"511", "422", "333", "244", "155"};
    const char *want_seg[5] = {"New Customers", "New Customers", "Potential Loyalist", "At Risk",
                               "Can't Lose Them"};
    for (int i = 0; i < 5; i++) {
        char code[4] = {(char)('0' + res.score[3 * i]), (char)('0' + res.score[3 * i + 1]),
                        (char)('0' + res.score[3 * i + 2]), 0};
        assert_string_equal(code, want_code[i]);
        assert_string_equal(res.names[res.tier[i]], want_seg[i]);
    }
    assert_int_equal(res.ntiers, 13);
    assert_string_equal(res.names[res.tier[5]], "Prospects");
    assert_int_equal(res.tier[5], 11);
    assert_string_equal(res.names[res.tier[6]], "Needs review");
    assert_int_equal(res.tier[6], 12);
    assert_int_equal(res.score[3 * 5], 0);
    assert_int_equal(res.nscored, 5);
    assert_int_equal(res.count[3], 2); /* New Customers */
    ck_seg_result_free(&res);
    run_model(&o, &d, CK_LANG_ZH, &res);
    assert_string_equal(res.names[res.tier[0]], "新客户");
    assert_string_equal(res.names[res.tier[4]], "不能失去的客户");
    assert_string_equal(res.names[11], "潜在客户");
    assert_string_equal(res.names[12], "待核实");
    ck_seg_result_free(&res);
    ck_seg_data_free(&d);
}

static void test_rfm_ties_and_all_equal(void **state)
{
    (void)state;
    struct ck_seg_opts o;
    ck_seg_opts_init(&o);
    o.model = CK_SEG_RFM;
    /* orders all equal: every break is 3, nothing lies strictly above one → F = 1 for all.
     * amounts 100,100,100,500: breaks 100 100 100 260 → 100 scores 1, 500 scores 5.
     * recency 5,5,9,9: breaks 5, 5.8, 8.2, 9 → 5 scores 5 - 0, 9 scores 5 - 3 = 2 */
    const double rec[4] = {5, 9, 5, 9};
    const double freq[4] = {3, 3, 3, 3};
    const double mon[4] = {100, 100, 500, 100};
    struct ck_seg_data d;
    struct ck_seg_result res;
    data_of(&d, CK_SEG_RFM, 4, NULL, rec, freq, mon, NULL);
    run_model(&o, &d, CK_LANG_EN, &res);
    const int want[4][3] = {{5, 1, 1}, {2, 1, 1}, {5, 1, 5}, {2, 1, 1}};
    for (int i = 0; i < 4; i++)
        for (int k = 0; k < 3; k++)
            assert_int_equal(res.score[3 * i + k], want[i][k]);
    /* equal inputs, equal scores, equal segments */
    assert_int_equal(res.tier[1], res.tier[3]);
    assert_string_equal(res.names[res.tier[0]], "New Customers"); /* 511 */
    assert_string_equal(res.names[res.tier[1]], "Hibernating");   /* 211 */
    assert_string_equal(res.names[res.tier[2]], "Promising");     /* 515 */
    ck_seg_result_free(&res);
    ck_seg_data_free(&d);
}

static void test_rfm_fewer_values_than_tiers(void **state)
{
    (void)state;
    struct ck_seg_opts o;
    ck_seg_opts_init(&o);
    o.model = CK_SEG_RFM;
    /* orders: five 1s and five 2s. h = 1.8, 3.6, 5.4, 7.2 → breaks 1 1 2 2:
     * 1 has no break below (F=1), 2 has two (F=3): only two scores are used. */
    double rec[10], freq[10], mon[10];
    for (int i = 0; i < 10; i++) {
        rec[i] = 10;
        freq[i] = i < 5 ? 1 : 2;
        mon[i] = 100;
    }
    struct ck_seg_data d;
    struct ck_seg_result res;
    data_of(&d, CK_SEG_RFM, 10, NULL, rec, freq, mon, NULL);
    run_model(&o, &d, CK_LANG_EN, &res);
    for (int i = 0; i < 10; i++) {
        assert_int_equal(res.score[3 * i + 1], i < 5 ? 1 : 3);
        assert_int_equal(res.score[3 * i], 5);     /* all-equal recency: all most recent */
        assert_int_equal(res.score[3 * i + 2], 1); /* all-equal amount: all lowest */
    }
    ck_seg_result_free(&res);
    ck_seg_data_free(&d);
}

static void test_rfm_one_and_zero_customers(void **state)
{
    (void)state;
    struct ck_seg_opts o;
    ck_seg_opts_init(&o);
    o.model = CK_SEG_RFM;
    const double rec[1] = {30}, freq[1] = {2}, mon[1] = {99.5};
    struct ck_seg_data d;
    struct ck_seg_result res;
    data_of(&d, CK_SEG_RFM, 1, NULL, rec, freq, mon, NULL);
    run_model(&o, &d, CK_LANG_EN, &res);
    assert_int_equal(res.score[0], 5);
    assert_int_equal(res.score[1], 1);
    assert_int_equal(res.score[2], 1);
    assert_string_equal(res.names[res.tier[0]], "New Customers");
    ck_seg_result_free(&res);
    ck_seg_data_free(&d);

    data_of(&d, CK_SEG_RFM, 0, NULL, NULL, NULL, NULL, NULL);
    run_model(&o, &d, CK_LANG_EN, &res);
    assert_int_equal(res.nscored, 0);
    assert_int_equal(res.ntiers, 13);
    for (size_t t = 0; t < res.ntiers; t++)
        assert_int_equal(res.count[t], 0);
    ck_seg_result_free(&res);
    ck_seg_data_free(&d);

    /* only prospects: nothing to score, no quantiles taken */
    const unsigned char st[2] = {CK_SEG_PROSPECT, CK_SEG_PROSPECT};
    data_of(&d, CK_SEG_RFM, 2, st, NULL, NULL, NULL, NULL);
    run_model(&o, &d, CK_LANG_ZH, &res);
    assert_int_equal(res.count[11], 2);
    assert_string_equal(res.names[res.tier[1]], "潜在客户");
    ck_seg_result_free(&res);
    ck_seg_data_free(&d);
}

/* ---------- value tiers ---------- */

static void test_value_quantiles(void **state)
{
    (void)state;
    struct ck_seg_opts o;
    ck_seg_opts_init(&o); /* --top 20,30 */
    /* amounts 1000, 900, …, 100 (unsorted on purpose), one prospect */
    const double mon[11] = {300, 1000, 100, 800, 500, 900, 200, 700, 600, 400, 0};
    const unsigned char st[11] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, CK_SEG_PROSPECT};
    struct ck_seg_data d;
    struct ck_seg_result res;
    data_of(&d, CK_SEG_VALUE, 11, st, NULL, NULL, mon, NULL);
    run_model(&o, &d, CK_LANG_ZH, &res);
    /* breaks: 80th percentile h = 7.2 → 820; 50th h = 4.5 → 550 */
    assert_int_equal(res.nbreaks, 2);
    assert_float_equal(res.breaks[0][0], 820, 1e-9);
    assert_float_equal(res.breaks[0][1], 550, 1e-9);
    const char *want[11] = {"低价值", "高价值", "低价值", "中价值", "低价值", "高价值",
                            "低价值", "中价值", "中价值", "低价值", "潜在客户"};
    for (int i = 0; i < 11; i++)
        assert_string_equal(res.names[res.tier[i]], want[i]);
    assert_int_equal(res.count[0], 2);
    assert_int_equal(res.count[1], 3);
    assert_int_equal(res.count[2], 5);
    assert_int_equal(res.count[3], 1);
    ck_seg_result_free(&res);

    /* all equal: no value lies above any break → everyone in the last tier */
    for (int i = 0; i < 10; i++)
        d.monetary[i] = 50;
    run_model(&o, &d, CK_LANG_EN, &res);
    assert_int_equal(res.count[2], 10);
    assert_string_equal(res.names[2], "Low value");
    ck_seg_result_free(&res);

    /* one cut → two tiers; four cuts → numbered tiers */
    struct ck_error e;
    assert_int_equal(ck_seg_parse_top(&o, "10", &e), CK_OK);
    for (int i = 0; i < 10; i++)
        d.monetary[i] = (i + 1) * 10.0;
    run_model(&o, &d, CK_LANG_EN, &res);
    assert_int_equal(res.ntiers, 4);
    assert_string_equal(res.names[0], "High value");
    assert_int_equal(res.count[0], 1); /* 90th percentile = 91: only 100 is above */
    ck_seg_result_free(&res);
    assert_int_equal(ck_seg_parse_top(&o, "10,10,10,10", &e), CK_OK);
    run_model(&o, &d, CK_LANG_ZH, &res);
    assert_int_equal(res.ntiers, 7);
    assert_string_equal(res.names[0], "价值第1档");
    assert_string_equal(res.names[4], "价值第5档");
    assert_int_equal(res.count[4], 6);
    ck_seg_result_free(&res);
    ck_seg_data_free(&d);
}

/* Signs and magnitudes sort numerically (negative recency comes from future dates). */
static void test_value_signed_values(void **state)
{
    (void)state;
    struct ck_seg_opts o;
    ck_seg_opts_init(&o);
    const double mon[6] = {-3.5, 2, -1e6, 0, 1e300, -0.0};
    struct ck_seg_data d;
    struct ck_seg_result res;
    data_of(&d, CK_SEG_VALUE, 6, NULL, NULL, NULL, mon, NULL);
    run_model(&o, &d, CK_LANG_EN, &res);
    /* sorted -1e6 -3.5 -0 0 2 1e300; h = 4 → 2 + 0·…; 50th: h = 2.5 → -0 + 0.5·0 = 0 */
    assert_float_equal(res.breaks[0][0], 2, 0);
    assert_float_equal(res.breaks[0][1], 0, 0);
    const char *want[6] = {"Low value", "Mid value", "Low value", "Low value", "High value",
                           "Low value"};
    for (int i = 0; i < 6; i++)
        assert_string_equal(res.names[res.tier[i]], want[i]);
    ck_seg_result_free(&res);
    ck_seg_data_free(&d);
}

static void test_value_thresholds(void **state)
{
    (void)state;
    struct ck_seg_opts o;
    struct ck_error e;
    ck_seg_opts_init(&o);
    assert_int_equal(ck_seg_parse_tiers(&o, "高价值>=500, 中价值 >= 200，低价值", &e), CK_OK);
    assert_int_equal(o.nthr, 3);
    assert_string_equal(o.thr_name[1], "中价值");
    const double mon[5] = {100, 200, 499.99, 500, 1e6};
    struct ck_seg_data d;
    struct ck_seg_result res;
    data_of(&d, CK_SEG_VALUE, 5, NULL, NULL, NULL, mon, NULL);
    run_model(&o, &d, CK_LANG_ZH, &res);
    const char *want[5] = {"低价值", "中价值", "中价值", "高价值", "高价值"};
    for (int i = 0; i < 5; i++)
        assert_string_equal(res.names[res.tier[i]], want[i]);
    ck_seg_result_free(&res);
    ck_seg_data_free(&d);
}

static void test_option_errors(void **state)
{
    (void)state;
    struct ck_seg_opts o;
    struct ck_error e;
    ck_seg_opts_init(&o);
    assert_int_equal(ck_seg_parse_top(&o, "60,40", &e), CK_EUSAGE);
    assert_non_null(strstr(e.msg, "less than 100"));
    assert_int_equal(ck_seg_parse_top(&o, "0,30", &e), CK_EUSAGE);
    assert_int_equal(ck_seg_parse_top(&o, "x", &e), CK_EUSAGE);
    assert_int_equal(ck_seg_parse_top(&o, "20,,30", &e), CK_EUSAGE);
    assert_int_equal(ck_seg_parse_top(&o, "12.5,30", &e), CK_OK);
    assert_float_equal(o.top[0], 12.5, 0);
    assert_int_equal(ck_seg_parse_tiers(&o, "A>=10,B>=20,C", &e), CK_EUSAGE);
    assert_non_null(strstr(e.msg, "decrease"));
    assert_int_equal(ck_seg_parse_tiers(&o, "A>=10,B>=5", &e), CK_EUSAGE);
    assert_int_equal(ck_seg_parse_tiers(&o, "A>=10,B,C", &e), CK_EUSAGE);
    assert_int_equal(ck_seg_parse_tiers(&o, "A>=ten,B", &e), CK_EUSAGE);
    assert_int_equal(ck_seg_parse_tiers(&o, "A>=10,A", &e), CK_EUSAGE);
    assert_int_equal(ck_seg_parse_tiers(&o, ">=10,B", &e), CK_EUSAGE);
    assert_int_equal(ck_seg_parse_tiers(&o, "A", &e), CK_EUSAGE);
    assert_int_equal(ck_seg_parse_windows(&o, "180,90", &e), CK_EUSAGE);
    assert_int_equal(ck_seg_parse_windows(&o, "90", &e), CK_EUSAGE);
    assert_int_equal(ck_seg_parse_windows(&o, "30,-5", &e), CK_EUSAGE);
    assert_int_equal(ck_seg_parse_windows(&o, "30,60", &e), CK_OK);
    assert_int_equal(o.windows[0], 30);
    assert_int_equal(o.windows[1], 60);
    long v;
    assert_int_equal(ck_seg_parse_days(&v, "1.5", "--new-days", &e), CK_EUSAGE);
    assert_non_null(strstr(e.msg, "--new-days"));
    assert_int_equal(ck_seg_parse_days(&v, "0", "--new-days", &e), CK_OK);
    assert_int_equal(v, 0);
    assert_int_equal(ck_seg_model_from_name("rfm8"), CK_SEG_RFM8);
    assert_int_equal(ck_seg_model_from_name("行业"), -1);
}

/* ---------- rfm8 ---------- */

static void test_rfm8_means(void **state)
{
    (void)state;
    struct ck_seg_opts o;
    ck_seg_opts_init(&o);
    o.model = CK_SEG_RFM8;
    /* means: recency 55, orders 3, amount 505 (the review row is left out) */
    const unsigned char st[5] = {0, 0, 0, 0, CK_SEG_REVIEW};
    const double rec[5] = {10, 100, 10, 100, 1e9};
    const double freq[5] = {5, 1, 1, 5, 1e9};
    const double mon[5] = {1000, 1000, 10, 10, 1e9};
    struct ck_seg_data d;
    struct ck_seg_result res;
    data_of(&d, CK_SEG_RFM8, 5, st, rec, freq, mon, NULL);
    run_model(&o, &d, CK_LANG_ZH, &res);
    assert_float_equal(res.mean[0], 55, 1e-12);
    assert_float_equal(res.mean[1], 3, 1e-12);
    assert_float_equal(res.mean[2], 505, 1e-12);
    assert_string_equal(res.names[res.tier[0]], "重要价值客户");
    assert_string_equal(res.names[res.tier[1]], "重要挽留客户");
    assert_string_equal(res.names[res.tier[2]], "一般发展客户");
    assert_string_equal(res.names[res.tier[3]], "一般保持客户");
    assert_string_equal(res.names[res.tier[4]], "待核实");
    assert_int_equal(res.ntiers, 10);
    ck_seg_result_free(&res);
    /* a value equal to the mean is low; recency high means fewer days than the mean */
    const double rec2[3] = {10, 20, 30}, freq2[3] = {1, 2, 3}, mon2[3] = {5, 5, 5};
    ck_seg_data_free(&d);
    data_of(&d, CK_SEG_RFM8, 3, NULL, rec2, freq2, mon2, NULL);
    run_model(&o, &d, CK_LANG_EN, &res);
    assert_string_equal(res.names[res.tier[0]], "General development"); /* R high F low M low */
    assert_string_equal(res.names[res.tier[1]], "General win-back");    /* all at the mean */
    assert_string_equal(res.names[res.tier[2]], "General retention");   /* R low F high */
    ck_seg_result_free(&res);
    ck_seg_data_free(&d);
}

/* ---------- lifecycle ---------- */

static void test_lifecycle_windows(void **state)
{
    (void)state;
    struct ck_seg_opts o;
    ck_seg_opts_init(&o);
    o.model = CK_SEG_LIFECYCLE;
    const unsigned char st[8] = {0, 0, 0, 0, 0, 0, 0, CK_SEG_PROSPECT};
    const double ten[8] = {30, 400, 400, 400, 400, NAN, 90, 0};
    const double rec[8] = {10, 90, 91, 180, 181, 5, 200, 0};
    struct ck_seg_data d;
    struct ck_seg_result res;
    data_of(&d, CK_SEG_LIFECYCLE, 8, st, rec, NULL, NULL, ten);
    run_model(&o, &d, CK_LANG_ZH, &res);
    const char *want[8] = {"新客户",   "活跃客户", "沉睡客户", "沉睡客户",
                           "流失客户", "活跃客户", "新客户",   "潜在客户"};
    for (int i = 0; i < 8; i++)
        assert_string_equal(res.names[res.tier[i]], want[i]);
    ck_seg_result_free(&res);
    /* --new-days 0 --windows 30,100 */
    o.new_days = 0;
    o.windows[0] = 30;
    o.windows[1] = 100;
    run_model(&o, &d, CK_LANG_EN, &res);
    const char *want2[8] = {"Active",  "Dormant", "Dormant", "Lost",
                            "Lost",    "Active",  "Lost",    "Prospects"};
    for (int i = 0; i < 8; i++)
        assert_string_equal(res.names[res.tier[i]], want2[i]);
    ck_seg_result_free(&res);
    ck_seg_data_free(&d);
}

/* ---------- column groups ---------- */

static void test_column_groups(void **state)
{
    (void)state;
    struct ck_seg_opts o;
    ck_seg_opts_init(&o);
    o.model = CK_SEG_COLUMN;
    o.column = 0;
    const char *vals[8] = {"华东", "华南", "", "华东", "华南", "华东", "华北", "华北"};
    const unsigned char st[8] = {0, 0, 0, 0, 0, 0, 0, CK_SEG_REVIEW};
    struct ck_seg_data d;
    struct ck_seg_result res;
    data_of(&d, CK_SEG_COLUMN, 8, st, NULL, NULL, NULL, NULL);
    for (int i = 0; i < 8; i++)
        d.group[i] = vals[i];
    run_model(&o, &d, CK_LANG_ZH, &res);
    /* 华东 3, 华南 2, then the blank and 华北 with one each, in order of first appearance
     * (the review row's 华北 does not count) */
    assert_int_equal(res.ntiers, 6);
    assert_string_equal(res.names[0], "华东");
    assert_string_equal(res.names[1], "华南");
    assert_string_equal(res.names[2], "(空)");
    assert_string_equal(res.names[3], "华北");
    const uint32_t want[8] = {0, 1, 2, 0, 1, 0, 3, 5};
    for (int i = 0; i < 8; i++)
        assert_int_equal(res.tier[i], want[i]);
    ck_seg_result_free(&res);
    run_model(&o, &d, CK_LANG_EN, &res);
    assert_string_equal(res.names[2], "(blank)");
    ck_seg_result_free(&res);
    ck_seg_data_free(&d);
}

/* ---------- movement and names ---------- */

static void test_movement(void **state)
{
    (void)state;
    assert_int_equal(ck_seg_movement(0, 3), CK_MOVE_NEW);
    assert_int_equal(ck_seg_movement(3, 1), CK_MOVE_UP);
    assert_int_equal(ck_seg_movement(1, 3), CK_MOVE_DOWN);
    assert_int_equal(ck_seg_movement(2, 2), CK_MOVE_SAME);
    assert_string_equal(ck_seg_movement_name(CK_MOVE_UP, CK_LANG_ZH), "升级");
    assert_string_equal(ck_seg_movement_name(CK_MOVE_DOWN, CK_LANG_ZH), "降级");
    assert_string_equal(ck_seg_movement_name(CK_MOVE_SAME, CK_LANG_ZH), "不变");
    assert_string_equal(ck_seg_movement_name(CK_MOVE_NEW, CK_LANG_ZH), "新增");
    assert_string_equal(ck_seg_movement_name(CK_MOVE_NEW, CK_LANG_EN), "new");
    assert_string_equal(ck_seg_column_name("segment", CK_LANG_ZH), "分层");
    assert_string_equal(ck_seg_column_name("segment_rank", CK_LANG_ZH), "分层序号");
    assert_string_equal(ck_seg_column_name("previous", CK_LANG_ZH), "上期分层");
    assert_string_equal(ck_seg_column_name("movement", CK_LANG_EN), "movement");
}

/* ---------- from a table ---------- */

static void table_of(struct ck_table *t, size_t ncols, const char *const *cells, size_t nrows)
{
    struct ck_error e;
    struct ck_row r;
    size_t len[16];
    ck_table_init(t);
    r.n = ncols;
    r.f = (char **)cells;
    r.len = len;
    r.line = 1;
    for (size_t c = 0; c < ncols; c++)
        len[c] = strlen(cells[c]);
    assert_int_equal(ck_table_set_header(t, &r, &e), CK_OK);
    for (size_t i = 1; i <= nrows; i++) {
        r.f = (char **)&cells[i * ncols];
        r.line = (long)i + 1;
        for (size_t c = 0; c < ncols; c++)
            len[c] = strlen(r.f[c]);
        assert_int_equal(ck_table_append(t, &r, &e), CK_OK);
    }
}

static void roles_of(const struct ck_table *t, struct ck_roles *roles)
{
    struct ck_error e;
    struct ck_row h;
    size_t len[16];
    h.n = t->ncols;
    h.f = t->header;
    h.len = len;
    for (size_t c = 0; c < t->ncols; c++)
        len[c] = strlen(t->header[c]);
    if (ck_roles_resolve(roles, &h, CK_TABLE_CUSTOMERS, NULL, 0, &e) != CK_OK)
        fail_msg("roles: %s", e.msg);
}

static void test_prepare_from_table(void **state)
{
    (void)state;
    static const char *const cells[] = {
        "客户编号", "首次购买日期", "最近购买日期", "购买次数", "消费金额", "问题",
        "C1", "2026-01-05", "2026-09-20", "3", "1200.50", "",
        "C2", "", "", "0", "0", "",                        /* no purchase: prospect */
        "C3", "2026-02-01", "2026-08-01", "2", "300", "bad phone", /* error: review */
        "C4", "2026/3/1", "2026年9月30日", "1", "¥1,000", "outlier", /* other date forms */
        "C5", "2026-01-01", "not a date", "4", "50", "",   /* purchases, no date: review */
        "C6", "", "", "", "", "",                           /* all empty: prospect */
    };
    struct ck_table t;
    struct ck_roles roles;
    struct ck_error e;
    table_of(&t, 6, cells, 6);
    roles_of(&t, &roles);
    struct ck_seg_opts o;
    ck_seg_opts_init(&o);
    o.model = CK_SEG_RFM;
    assert_int_equal(ck_iso_date_parse("2026-09-30", &o.as_of), 0);
    struct ck_seg_data d;
    if (ck_seg_prepare(&t, &roles, 5, &o, &d, &e) != CK_OK)
        fail_msg("prepare: %s", e.msg);
    const unsigned char want[6] = {CK_SEG_SCORED, CK_SEG_PROSPECT, CK_SEG_REVIEW,
                                   CK_SEG_SCORED, CK_SEG_REVIEW,   CK_SEG_PROSPECT};
    for (int i = 0; i < 6; i++)
        assert_int_equal(d.state[i], want[i]);
    assert_int_equal(d.n_prospect, 2);
    assert_int_equal(d.n_error, 1);
    assert_int_equal(d.n_incomplete, 1);
    assert_float_equal(d.recency[0], 10, 0);
    assert_float_equal(d.frequency[0], 3, 0);
    assert_float_equal(d.monetary[0], 1200.5, 1e-9);
    assert_float_equal(d.recency[3], 0, 0);
    assert_float_equal(d.monetary[3], 1000, 1e-9);
    ck_seg_data_free(&d);

    /* lifecycle: tenure from first_purchase */
    o.model = CK_SEG_LIFECYCLE;
    assert_int_equal(ck_seg_prepare(&t, &roles, 5, &o, &d, &e), CK_OK);
    assert_float_equal(d.tenure[3], 213, 0); /* 2026-03-01 → 2026-09-30 */
    assert_null(d.monetary);
    ck_seg_data_free(&d);
    ck_table_free(&t);

    /* a model whose columns are missing: usage error naming them */
    static const char *const bare[] = {"name", "amount", "Ann", "10"};
    table_of(&t, 2, bare, 1);
    roles_of(&t, &roles);
    o.model = CK_SEG_RFM;
    assert_int_equal(ck_seg_prepare(&t, &roles, -1, &o, &d, &e), CK_EUSAGE);
    assert_non_null(strstr(e.msg, "last_purchase, orders"));
    assert_null(strstr(e.msg, "amount"));
    o.model = CK_SEG_VALUE;
    assert_int_equal(ck_seg_prepare(&t, &roles, -1, &o, &d, &e), CK_OK);
    assert_int_equal(d.state[0], CK_SEG_SCORED);
    ck_seg_data_free(&d);
    ck_table_free(&t);
}

/* A blank-looking date (white space only) is missing, never day LONG_MIN (found by fuzzing:
 * recency overflowed). Dates outside years 1–9999 are missing too. */
static void test_blank_and_far_dates(void **state)
{
    (void)state;
    static const char *const cells[] = {
        "last_purchase", "first_purchase", "orders", "amount",
        "\r",            "",               "2",      "10",
        " ",             "2026-01-01",     "1",      "5",
        "2026-09-01",    "",               "1",      "5",
    };
    struct ck_table t;
    struct ck_roles roles;
    struct ck_error e;
    table_of(&t, 4, cells, 3);
    roles_of(&t, &roles);
    struct ck_seg_opts o;
    ck_seg_opts_init(&o);
    o.as_of = ck_days_from_civil(2026, 9, 30);
    for (int model = CK_SEG_RFM; model <= CK_SEG_LIFECYCLE; model++) {
        struct ck_seg_data d;
        struct ck_seg_result res;
        o.model = model;
        if (ck_seg_prepare(&t, &roles, -1, &o, &d, &e) != CK_OK)
            fail_msg("prepare: %s", e.msg);
        assert_int_equal(d.state[0], CK_SEG_REVIEW);
        assert_int_equal(d.state[1], CK_SEG_REVIEW);
        assert_int_equal(d.state[2], CK_SEG_SCORED);
        assert_int_equal(d.n_incomplete, 2);
        assert_float_equal(d.recency[2], 29, 0);
        run_model(&o, &d, CK_LANG_EN, &res);
        assert_int_equal(res.nscored, 1);
        ck_seg_result_free(&res);
        ck_seg_data_free(&d);
    }
    ck_table_free(&t);
}

static void test_match_two_runs(void **state)
{
    (void)state;
    static const char *const prev_cells[] = {
        "id",  "phone",           "email",          "segment",
        "A1",  "13812345678",     "",               "Champions",
        "",    "+86 139-0000-1111", "",             "Lost",
        "",    "",                "Zoe@Example.com", "At Risk",
        "Z9",  "",                "",               "Promising",
    };
    static const char *const cur_cells[] = {
        "id",  "phone",       "email",
        "Ａ１", "",            "",                /* full-width id */
        "B2",  "13900001111", "",                /* phone, normalised */
        "",    "",            "zoe@example.com", /* email, case-folded */
        "C3",  "",            "",                /* new */
    };
    struct ck_table prev, cur;
    struct ck_roles pr, cr;
    struct ck_error e;
    table_of(&prev, 4, prev_cells, 4);
    table_of(&cur, 3, cur_cells, 4);
    roles_of(&prev, &pr);
    roles_of(&cur, &cr);
    long match[4];
    unsigned char seen[4];
    if (ck_seg_match(&cur, &cr, &prev, &pr, match, seen, &e) != CK_OK)
        fail_msg("match: %s", e.msg);
    assert_int_equal(match[0], 0);
    assert_int_equal(match[1], 1);
    assert_int_equal(match[2], 2);
    assert_int_equal(match[3], -1);
    assert_int_equal(seen[3], 0);
    assert_int_equal(seen[0] + seen[1] + seen[2], 3);
    ck_table_free(&prev);
    ck_table_free(&cur);

    static const char *const nokeys[] = {"name", "Ann"};
    table_of(&cur, 1, nokeys, 1);
    roles_of(&cur, &cr);
    table_of(&prev, 4, prev_cells, 4);
    assert_int_equal(ck_seg_match(&cur, &cr, &prev, &pr, match, seen, &e), CK_EUSAGE);
    ck_table_free(&prev);
    ck_table_free(&cur);
}

/* Under AddressSanitizer the allocator is ASan's (every realloc moves, freed blocks wait in
 * a quarantine), so the process's resident memory says nothing about custkit's arrays: the
 * sanitizer build checks the rest of the test, the plain build the memory too. */
#if defined(__SANITIZE_ADDRESS__)
#define RSS_SAYS_ENOUGH 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define RSS_SAYS_ENOUGH 0
#endif
#endif
#ifndef RSS_SAYS_ENOUGH
#define RSS_SAYS_ENOUGH 1
#endif

/* Resident memory of this process, in bytes. */
static size_t resident_bytes(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    unsigned long size = 0, res = 0;
    assert_non_null(f);
    assert_int_equal(fscanf(f, "%lu %lu", &size, &res), 2);
    fclose(f);
    return (size_t)res * (size_t)sysconf(_SC_PAGESIZE);
}

/* Streaming rows costs memory for the rows there are, not for the doubled room the arrays
 * grow by: 1.1 million customers (room for 2.1 million) of the value model, which keeps a
 * state byte and an amount each (9 bytes), take well under 1.5 × 9 bytes a customer. */
static void test_prepare_rows_memory_per_customer(void **state)
{
    (void)state;
    static char *header[] = {"客户编号", "消费金额"};
    size_t hlen[] = {strlen(header[0]), strlen(header[1])};
    struct ck_row h = {2, header, hlen, 1};
    struct ck_roles roles;
    struct ck_error e;
    assert_int_equal(ck_roles_resolve(&roles, &h, CK_TABLE_CUSTOMERS, NULL, 0, &e), CK_OK);
    struct ck_seg_opts o;
    ck_seg_opts_init(&o);
    struct ck_seg_data d;
    assert_int_equal(ck_seg_prepare_begin(&roles, 2, -1, &o, &d, &e), CK_OK);
    const size_t n = 1100000;
    const char *const scored[] = {"C1", "120.5"}, *const prospect[] = {"C2", ""};
    size_t before = resident_bytes();
    for (size_t i = 0; i < n; i++)
        assert_int_equal(ck_seg_prepare_row(&d, &o, i % 10 ? scored : prospect, &e), CK_OK);
    size_t after = resident_bytes(), grown = after > before ? after - before : 0;
    assert_int_equal(d.n, n);
    assert_true(d.cap > 1.8 * (double)n); /* the room is there, unused */
    if (RSS_SAYS_ENOUGH && (double)grown >= 1.5 * 9 * (double)n)
        fail_msg("%zu bytes resident for %zu customers", grown, n);
    /* every row is written whole: a prospect's amount is zero, not what the room held */
    assert_int_equal(d.state[0], CK_SEG_PROSPECT);
    assert_float_equal(d.monetary[0], 0, 0);
    assert_int_equal(d.state[1], CK_SEG_SCORED);
    assert_float_equal(d.monetary[1], 120.5, 0);
    assert_int_equal(d.n_prospect, n / 10);
    ck_seg_data_free(&d);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static uint64_t rnd_state = 88172645463325252ULL;
static uint64_t rnd(void)
{
    rnd_state ^= rnd_state << 13;
    rnd_state ^= rnd_state >> 7;
    rnd_state ^= rnd_state << 17;
    return rnd_state;
}

/* A value of one of several shapes: small whole numbers (many ties), a wide spread of sizes,
 * negatives and zeros of both signs, or a cluster that shares its top bits. */
static double rnd_value(int shape)
{
    switch (shape) {
    case 0:
        return (double)(rnd() % 7);
    case 1:
        return ldexp((double)(rnd() % 1000000), (int)(rnd() % 60) - 30);
    case 2: {
        double v = (double)(rnd() % 2001) - 1000;
        return v == 0 && rnd() % 2 ? -0.0 : v;
    }
    default:
        return 1000 + (double)(rnd() % 1000) / 4096;
    }
}

/* The breaks come from selecting a few ranks, not sorting every value: they must be exactly
 * ck_seg_percentile over the fully sorted scored values, for any shape of data and any
 * count, unscored rows left out. */
static void test_breaks_equal_full_sort(void **state)
{
    (void)state;
    static const double top[7] = {5, 10, 15, 20, 10, 10, 5};
    for (int trial = 0; trial < 400; trial++) {
        size_t n = trial < 390 ? 1 + rnd() % 700 : 100000 + rnd() % 50000;
        int mix = (int)(rnd() % 5); /* 4: every shape at once */
        struct ck_seg_data d;
        struct ck_error e;
        assert_int_equal(ck_seg_data_alloc(&d, n, CK_SEG_VALUE, &e), CK_OK);
        double *sorted = malloc(n * sizeof *sorted);
        assert_non_null(sorted);
        size_t k = 0;
        for (size_t i = 0; i < n; i++) {
            d.monetary[i] = rnd_value(mix == 4 ? (int)(rnd() % 4) : mix);
            d.state[i] = rnd() % 8 == 0 ? CK_SEG_PROSPECT : CK_SEG_SCORED;
            if (d.state[i] == CK_SEG_SCORED)
                sorted[k++] = d.monetary[i];
            else
                d.monetary[i] = 1e300; /* never read */
        }
        qsort(sorted, k, sizeof *sorted, cmp_double);
        struct ck_seg_opts o;
        ck_seg_opts_init(&o);
        o.ntop = 7;
        memcpy(o.top, top, sizeof top);
        struct ck_seg_result res;
        run_model(&o, &d, CK_LANG_EN, &res);
        double cum = 0;
        for (size_t j = 0; j < o.ntop && k; j++) {
            cum += top[j];
            double want = ck_seg_percentile(sorted, k, 100 - cum);
            if (!(res.breaks[0][j] == want))
                fail_msg("trial %d (n %zu, shape %d): break %zu is %.17g, sorted gives %.17g",
                         trial, n, mix, j, res.breaks[0][j], want);
        }
        ck_seg_result_free(&res);
        ck_seg_data_free(&d);
        free(sorted);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_percentile_linear),
        cmocka_unit_test(test_breaks_below_ties),
        cmocka_unit_test(test_rfm_table_exhaustive),
        cmocka_unit_test(test_rfm8_class_table),
        cmocka_unit_test(test_rfm_hand_computed),
        cmocka_unit_test(test_rfm_ties_and_all_equal),
        cmocka_unit_test(test_rfm_fewer_values_than_tiers),
        cmocka_unit_test(test_rfm_one_and_zero_customers),
        cmocka_unit_test(test_value_quantiles),
        cmocka_unit_test(test_value_signed_values),
        cmocka_unit_test(test_value_thresholds),
        cmocka_unit_test(test_option_errors),
        cmocka_unit_test(test_rfm8_means),
        cmocka_unit_test(test_lifecycle_windows),
        cmocka_unit_test(test_column_groups),
        cmocka_unit_test(test_movement),
        cmocka_unit_test(test_prepare_from_table),
        cmocka_unit_test(test_breaks_equal_full_sort),
        cmocka_unit_test(test_prepare_rows_memory_per_customer),
        cmocka_unit_test(test_blank_and_far_dates),
        cmocka_unit_test(test_match_two_runs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
