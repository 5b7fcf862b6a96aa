/* places_data.h — the division tables generated into lib/clean/cn_divisions.c by
 * scripts/gen-cn-divisions.py from data/cn-divisions/ (see the script for what each holds). */
#ifndef CK_PLACES_DATA_H
#define CK_PLACES_DATA_H

struct ck_div_province {
    const char *name; /* official full name: 广东省, 内蒙古自治区, 北京市, 香港特别行政区 */
    const char *short_name; /* 广东, 内蒙古, 北京, 香港 */
    const char *abbr;       /* one-character abbreviation: 粤 */
    const char *en;         /* Guangdong, Inner Mongolia, Hong Kong */
    int code;               /* NBS two-digit code (香港 81, 澳门 82, 台湾 71) */
};

struct ck_div_city {
    const char *name; /* official full name: 深圳市, 延边朝鲜族自治州; a municipality's is its
                       * province's: 北京市 */
    const char *short_name; /* refdata's canonical short name (深圳), or "" */
    const char *en;         /* Shenzhen, or "" when no English name is known */
    int code;               /* NBS code (4 digits; 6 for a county-level city of its own) */
    int province;           /* index into ck_div_provinces */
};

struct ck_div_area {
    const char *name; /* 南山区, 义乌市 */
    int code;
    int city; /* index into ck_div_cities */
};

enum { CK_DIV_PROVINCE, CK_DIV_CITY, CK_DIV_AREA };

struct ck_div_key {
    const char *key;          /* a name as written: 广东省, 广东, 深圳, 南山 */
    unsigned char kind;       /* CK_DIV_* */
    unsigned char short_form; /* an area's name without 区/县/市/旗: only after its city */
    unsigned short index;     /* into the table of its kind */
};

extern const struct ck_div_province ck_div_provinces[];
extern const unsigned ck_div_nprovinces;
extern const struct ck_div_city ck_div_cities[];
extern const unsigned ck_div_ncities;
extern const struct ck_div_area ck_div_areas[];
extern const unsigned ck_div_nareas;
/* sorted by strcmp, then kind, then index */
extern const struct ck_div_key ck_div_keys[];
extern const unsigned ck_div_nkeys;

#endif
