/* refdata.h — reference data compiled into libcustkit: Chinese provinces → regions and
 * prefecture-level cities → city tiers. Data lives in static tables in lib/clean/refdata.c. */
#ifndef CK_REFDATA_H
#define CK_REFDATA_H

/* All four lookups are pure: no allocation, no state, safe to call per row and from several
 * threads; the returned strings are static. Matching ignores case, spaces, apostrophes,
 * hyphens and full-width forms; NULL or an unknown value gives NULL. */

/* Region of a province given in any accepted form (广东, 广东省, Guangdong, 广西壮族自治区,
 * 上海市, Inner Mongolia, Hong Kong SAR, CN-GD, …): "华东" "华南" "华北" "华中" "西南" "西北"
 * "东北" "港澳台", or NULL. Bare two-letter codes (GD, HN) are ambiguous and give NULL. */
const char *ck_region_of_province(const char *province);
/* Canonical short province name ("广东", "内蒙古") or NULL. */
const char *ck_province_canonical(const char *province);
/* Tier of a mainland city in any accepted form (深圳, 深圳市, Shenzhen, 延边朝鲜族自治州, 延边州,
 * also with its province before it or a district after it: 广东省深圳市, 深圳市南山区):
 * "一线" "新一线" "二线" "三线及以下" (2024 list), or NULL when the city is unknown or the
 * province named before it is not its own. */
const char *ck_city_tier(const char *city);
/* Canonical short name of the province of a city given in any form ck_city_tier accepts
 * ("深圳" → "广东", "北京" → "北京"), or NULL. */
const char *ck_city_province(const char *city);
/* Canonical short name of a city given in any form ck_city_tier accepts ("深圳市" → "深圳",
 * "Yanbian" → "延边"), or NULL. */
const char *ck_city_canonical(const char *city);

#endif
