/* places.h — Chinese places by the official division list (lib/clean/cn_divisions.c, generated from
 * data/cn-divisions/): a province or city column value to its official name, and an address
 * (收货地址) split into province, city and district. Region and tier stay in refdata.h.
 *
 * All functions are pure: no allocation, no state, safe from several threads. Indices refer to
 * the tables of places_data.h; -1 means unknown. */
#ifndef CK_PLACES_H
#define CK_PLACES_H

#include <stddef.h>

/* What the splitter could not decide (bits of ck_place.flags). */
enum {
    CK_PLACE_AMBIGUOUS = 1, /* a name fits several places (吉林 alone, 朝阳区 without its city):
                             * the uncertain parts are left empty */
    CK_PLACE_UNKNOWN = 2,   /* no province could be found in a non-empty address */
};

struct ck_place {
    int province, city, district; /* indices, -1 when not found */
    unsigned flags;
};

/* Split an address: noise first (white space, full-width forms, a leading 6-digit postcode,
 * 中国 / 中华人民共和国 / P.R.China / China), then province, city and district as far as they are
 * written; missing levels above a known one are filled in (深圳市南山区 → 广东省; 义乌市 → 金华市).
 * Municipalities are their own city (北京市朝阳区 → 北京市, 北京市, 朝阳区). NULL counts as "". */
void ck_place_split(const char *address, struct ck_place *p);

/* A province column's value in any form refdata.h accepts (广东, 广东省, Guangdong, CN-GD) or its
 * one-character abbreviation (粤) → province index, or -1. */
int ck_place_province(const char *value);
/* A city column's value (深圳, 深圳市, Shenzhen, 延边州, 台北, 仙桃) → city index, or -1. A name
 * that fits cities of several provinces gives -1. */
int ck_place_city(const char *value);

/* Names: zh != 0 the official Chinese name (广东省, 深圳市, 北京市), else the English one
 * (Guangdong, Shenzhen, Beijing); a city without an English name gives its Chinese one. An index
 * out of range gives "". Districts have their Chinese name only. */
const char *ck_place_province_name(int province, int zh);
const char *ck_place_city_name(int city, int zh);
const char *ck_place_district_name(int district);
/* Province index of a city, or -1. */
int ck_place_city_province(int city);

#endif
