/* fuzz_places.c — libFuzzer target: the address splitter and the province/city lookups of
 * lib/clean/places.h on arbitrary bytes. Checks the contract: indices in range or -1, the flags
 * only the documented bits, a split's names themselves split to the same place. */
#include "fuzz_util.h"

#include "clean/places.h"
#include "clean/places_data.h"

static void check_place(const struct ck_place *p)
{
    if (p->province < -1 || p->province >= (int)ck_div_nprovinces || p->city < -1 ||
        p->city >= (int)ck_div_ncities || p->district < -1 || p->district >= (int)ck_div_nareas ||
        (p->flags & ~(unsigned)(CK_PLACE_AMBIGUOUS | CK_PLACE_UNKNOWN)))
        abort();
    /* a city lies in the province given with it, a district in its city */
    if (p->city >= 0 && ck_place_city_province(p->city) != p->province)
        abort();
    if (p->district >= 0 && ck_div_areas[p->district].city != p->city)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096)
        return 0;
    char *in = fuzz_str(data, size);
    struct ck_place p;
    ck_place_split(in, &p);
    check_place(&p);
    /* the place found, written out in full, is found again */
    if (p.district >= 0) {
        char again[512];
        snprintf(again, sizeof again, "%s%s%s", ck_place_province_name(p.province, 1),
                 ck_place_city_name(p.city, 1), ck_place_district_name(p.district));
        struct ck_place q;
        ck_place_split(again, &q);
        check_place(&q);
        if (q.province != p.province || q.city != p.city || q.district != p.district)
            abort();
    }
    int pr = ck_place_province(in), c = ck_place_city(in);
    if (pr < -1 || pr >= (int)ck_div_nprovinces || c < -1 || c >= (int)ck_div_ncities)
        abort();
    free(in);
    return 0;
}
