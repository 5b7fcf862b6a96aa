/* refdata.h — reference data compiled into libcustkit: Chinese provinces → regions and
 * prefecture-level cities → city tiers. Data lives in static tables in lib/refdata.c. */
#ifndef CK_REFDATA_H
#define CK_REFDATA_H

/* Region of a province given in any accepted form (广东, 广东省, Guangdong, 广西壮族自治区,
 * 上海市, …): "华东" "华南" "华北" "华中" "西南" "西北" "东北" "港澳台", or NULL. */
const char *ck_region_of_province(const char *province);
/* Canonical short province name ("广东") or NULL. */
const char *ck_province_canonical(const char *province);
/* Tier of a city in any accepted form (深圳, 深圳市, Shenzhen): "一线" "新一线" "二线"
 * "三线及以下", or NULL when the city is unknown. */
const char *ck_city_tier(const char *city);
/* Province of a known city (short name) or NULL. */
const char *ck_city_province(const char *city);

#endif
