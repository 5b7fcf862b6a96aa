/* builtin.c — the built-in tag groups (region, city tier, age band), written in the rule
 * language itself from the tables below and parsed like a rules file. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rules/rules_internal.h"

/* ======================================================================================
 * Built-in groups: written in the rule language itself, from these tables
 * ====================================================================================== */

static const struct {
    const char *zh, *en;
} region_tags[] = {
    {"华东", "East China"},    {"华南", "South China"},         {"华北", "North China"},
    {"华中", "Central China"}, {"西南", "Southwest"},           {"西北", "Northwest"},
    {"东北", "Northeast"},     {"港澳台", "HK, Macao, Taiwan"},
};

static const struct {
    const char *zh, *en;
} tier_tags[] = {
    {"一线", "tier 1"},
    {"新一线", "new tier 1"},
    {"二线", "tier 2"},
    {"三线及以下", "tier 3+"},
};

/* First match: each band is "younger than `below`"; the last (below 0) takes the rest. */
static const struct {
    int below;
    const char *zh, *en;
} age_bands[] = {
    {18, "18岁以下", "under 18"},   {25, "18-24", "18-24"}, {35, "25-34", "25-34"},
    {45, "35-44", "35-44"},         {55, "45-54", "45-54"}, {65, "55-64", "55-64"},
    {0, "65岁以上", "65 and over"},
};

static const struct builtin {
    const char *name, *zh, *en;
} builtins[] = {
    {"region", "地区", "region"},
    {"city-tier", "城市级别", "city tier"},
    {"age-band", "年龄段", "age band"},
};

struct text {
    char *s;
    size_t len, cap;
};

static int text_add(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int text_add(struct text *t, const char *fmt, ...)
{
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(t->s ? t->s + t->len : NULL, t->s ? t->cap - t->len : 0, fmt, ap);
        va_end(ap);
        if (n < 0)
            return -1;
        if (t->s && (size_t)n < t->cap - t->len) {
            t->len += (size_t)n;
            return 0;
        }
        if (ck_grow((void **)&t->s, &t->cap, t->len + (size_t)n + 1, 1))
            return -1;
    }
}

static int has_role(const struct ck_rules *rs, int role)
{
    return rs->ctx.roles && rs->ctx.roles->col[role] >= 0;
}

/* The rules text of one built-in group for this table. */
static int builtin_text(const struct ck_rules *rs, size_t b, struct text *t, struct ck_error *e)
{
    int zh = rs->ctx.lang == CK_LANG_ZH, rc = 0;
    const char *group = zh ? builtins[b].zh : builtins[b].en;
    rc |= text_add(t, "[%s]\n", group);
    if (b == 0 || b == 1) {
        int role = b == 0 ? CK_ROLE_PROVINCE : CK_ROLE_CITY;
        if (!has_role(rs, role))
            return ck_error_set(e, CK_EUSAGE,
                                "--builtin %s needs a %s column; map one with "
                                "--col %s=HEADER",
                                builtins[b].name, ck_role_name(role), ck_role_name(role));
        size_t n = b == 0 ? sizeof region_tags / sizeof *region_tags
                          : sizeof tier_tags / sizeof *tier_tags;
        for (size_t i = 0; i < n; i++) {
            const char *v = b == 0 ? region_tags[i].zh : tier_tags[i].zh;
            const char *tag = zh ? v : b == 0 ? region_tags[i].en : tier_tags[i].en;
            rc |= text_add(t, "\"%s\" = %s(%s) == \"%s\"\n", tag, b == 0 ? "region" : "city_tier",
                           ck_role_name(role), v);
        }
    } else {
        int bd = has_role(rs, CK_ROLE_BIRTHDATE), ag = has_role(rs, CK_ROLE_AGE);
        if (!bd && !ag)
            return ck_error_set(e, CK_EUSAGE,
                                "--builtin age-band needs a birthdate or age "
                                "column; map one with --col birthdate=HEADER");
        for (size_t i = 0; i < sizeof age_bands / sizeof *age_bands; i++) {
            int below = age_bands[i].below;
            char cond[32];
            if (below)
                snprintf(cond, sizeof cond, "< %d", below);
            else
                snprintf(cond, sizeof cond, ">= %d", age_bands[i - 1].below);
            rc |= text_add(t, "\"%s\" = ", zh ? age_bands[i].zh : age_bands[i].en);
            if (bd && ag) /* the birthdate when there is one, else the age column */
                rc |=
                    text_add(t, "age(birthdate) %s or birthdate is empty and age %s\n", cond, cond);
            else
                rc |= text_add(t, "%s %s\n", bd ? "age(birthdate)" : "age", cond);
        }
    }
    return rc ? ck_error_set(e, CK_ENOMEM, "out of memory") : CK_OK;
}

int ck_rules_add_builtin(struct ck_rules *rs, const char *list, struct ck_error *e)
{
    const char *p = list;
    for (;;) {
        size_t n = strcspn(p, ",");
        size_t b = 0, nb = sizeof builtins / sizeof *builtins;
        while (b < nb && !(strlen(builtins[b].name) == n && strncasecmp(builtins[b].name, p, n) == 0))
            b++;
        if (b == nb)
            return ck_error_set(e, CK_EUSAGE,
                                "--builtin: unknown group '%.*s' (groups: region, "
                                "city-tier, age-band)",
                                (int)n, p);
        struct text t = {0};
        char name[64];
        snprintf(name, sizeof name, "--builtin %s", builtins[b].name);
        int rc = builtin_text(rs, b, &t, e);
        if (rc == CK_OK)
            rc = ck_rules_parse(rs, name, t.s, t.len, e);
        free(t.s);
        if (rc != CK_OK)
            return rc;
        if (!p[n])
            return CK_OK;
        p += n + 1;
    }
}
