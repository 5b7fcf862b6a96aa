/* refdata.c — reference data compiled into libcustkit: province → region, city → tier.
 * Data, not logic: static sorted tables searched with bsearch; no allocation, safe per row. */
#include "clean/refdata.h"

#include <stdlib.h>
#include <string.h>

/*
 * Provinces: the 34 provincial-level divisions (23 provinces incl. 台湾, 5 autonomous regions,
 * 4 municipalities, 2 SARs), named by their ISO 3166-2:CN codes (2017 revision, letter codes).
 * Regions follow the common Chinese seven-region convention (华东 华南 华北 华中 西南 西北 东北)
 * with 香港 澳门 台湾 as 港澳台.
 *
 * Accepted forms: the short name (广东), the full name (广东省, 广西壮族自治区, 上海市,
 * 香港特别行政区), pinyin or English (Guangdong, Inner Mongolia, Nei Mongol, Tibet, Xizang,
 * Hong Kong, Macau, Macao), optionally followed by Province/Sheng/Shi/City/Municipality/
 * Autonomous Region/SAR, and the ISO code with its country prefix (CN-GD). Matching ignores
 * case, spaces, apostrophes, hyphens and full-width forms (Ｇｕａｎｇｄｏｎｇ).
 *
 * Bare two-letter abbreviations (GD, HN, HB, SX …) are deliberately NOT accepted: pinyin
 * initials are ambiguous (HN = 湖南 / 河南 / 海南, HB = 湖北 / 河北, SX = 山西 / 陕西) and even
 * disagree with ISO (which has HA for 河南, HE for 河北, SN for 陕西), and a wrong region is
 * worse than no region. Only the unambiguous ISO form with its country prefix, CN-GD, is a code.
 */
/* clang-format off */
enum province_code {
    CN_AH, CN_BJ, CN_CQ, CN_FJ, CN_GD, CN_GS, CN_GX, CN_GZ, CN_HA, CN_HB, CN_HE, CN_HI, CN_HK,
    CN_HL, CN_HN, CN_JL, CN_JS, CN_JX, CN_LN, CN_MO, CN_NM, CN_NX, CN_QH, CN_SC, CN_SD, CN_SH,
    CN_SN, CN_SX, CN_TJ, CN_TW, CN_XJ, CN_XZ, CN_YN, CN_ZJ,
    N_PROVINCES
};

struct province {
    const char *name;   /* canonical short name */
    const char *region; /* 华东 华南 华北 华中 西南 西北 东北 港澳台 */
};

static const struct province provinces[N_PROVINCES] = {
    [CN_BJ] = {"北京", "华北"},
    [CN_TJ] = {"天津", "华北"},
    [CN_HE] = {"河北", "华北"},
    [CN_SX] = {"山西", "华北"},
    [CN_NM] = {"内蒙古", "华北"},
    [CN_LN] = {"辽宁", "东北"},
    [CN_JL] = {"吉林", "东北"},
    [CN_HL] = {"黑龙江", "东北"},
    [CN_SH] = {"上海", "华东"},
    [CN_JS] = {"江苏", "华东"},
    [CN_ZJ] = {"浙江", "华东"},
    [CN_AH] = {"安徽", "华东"},
    [CN_FJ] = {"福建", "华东"},
    [CN_JX] = {"江西", "华东"},
    [CN_SD] = {"山东", "华东"},
    [CN_HA] = {"河南", "华中"},
    [CN_HB] = {"湖北", "华中"},
    [CN_HN] = {"湖南", "华中"},
    [CN_GD] = {"广东", "华南"},
    [CN_GX] = {"广西", "华南"},
    [CN_HI] = {"海南", "华南"},
    [CN_CQ] = {"重庆", "西南"},
    [CN_SC] = {"四川", "西南"},
    [CN_GZ] = {"贵州", "西南"},
    [CN_YN] = {"云南", "西南"},
    [CN_XZ] = {"西藏", "西南"},
    [CN_SN] = {"陕西", "西北"},
    [CN_GS] = {"甘肃", "西北"},
    [CN_QH] = {"青海", "西北"},
    [CN_NX] = {"宁夏", "西北"},
    [CN_XJ] = {"新疆", "西北"},
    [CN_HK] = {"香港", "港澳台"},
    [CN_MO] = {"澳门", "港澳台"},
    [CN_TW] = {"台湾", "港澳台"},
};

struct province_key {
    /* cppcheck-suppress unusedStructMember ; read through bsearch's comparison */
    const char *key; /* normalised form: see normalise() */
    unsigned char province;
};

/* Sorted by strcmp (UTF-8 byte order) for bsearch; tests/unit/test_refdata.c checks the order. */
static const struct province_key province_keys[] = {
    {"anhui", CN_AH}, {"aomen", CN_MO}, {"beijing", CN_BJ}, {"chongqing", CN_CQ}, {"cnah", CN_AH},
    {"cnbj", CN_BJ}, {"cncq", CN_CQ}, {"cnfj", CN_FJ}, {"cngd", CN_GD}, {"cngs", CN_GS},
    {"cngx", CN_GX}, {"cngz", CN_GZ}, {"cnha", CN_HA}, {"cnhb", CN_HB}, {"cnhe", CN_HE},
    {"cnhi", CN_HI}, {"cnhk", CN_HK}, {"cnhl", CN_HL}, {"cnhn", CN_HN}, {"cnjl", CN_JL},
    {"cnjs", CN_JS}, {"cnjx", CN_JX}, {"cnln", CN_LN}, {"cnmo", CN_MO}, {"cnnm", CN_NM},
    {"cnnx", CN_NX}, {"cnqh", CN_QH}, {"cnsc", CN_SC}, {"cnsd", CN_SD}, {"cnsh", CN_SH},
    {"cnsn", CN_SN}, {"cnsx", CN_SX}, {"cntj", CN_TJ}, {"cntw", CN_TW}, {"cnxj", CN_XJ},
    {"cnxz", CN_XZ}, {"cnyn", CN_YN}, {"cnzj", CN_ZJ}, {"fujian", CN_FJ}, {"gansu", CN_GS},
    {"guangdong", CN_GD}, {"guangxi", CN_GX}, {"guizhou", CN_GZ}, {"hainan", CN_HI},
    {"hebei", CN_HE}, {"heilongjiang", CN_HL}, {"henan", CN_HA}, {"hongkong", CN_HK},
    {"hubei", CN_HB}, {"hunan", CN_HN}, {"innermongolia", CN_NM}, {"jiangsu", CN_JS},
    {"jiangxi", CN_JX}, {"jilin", CN_JL}, {"liaoning", CN_LN}, {"macao", CN_MO}, {"macau", CN_MO},
    {"neimeng", CN_NM}, {"neimenggu", CN_NM}, {"neimongol", CN_NM}, {"ningxia", CN_NX},
    {"peking", CN_BJ}, {"qinghai", CN_QH}, {"shaanxi", CN_SN}, {"shandong", CN_SD},
    {"shanghai", CN_SH}, {"shanxi", CN_SX}, {"sichuan", CN_SC}, {"taiwan", CN_TW},
    {"tianjin", CN_TJ}, {"tibet", CN_XZ}, {"xianggang", CN_HK}, {"xinjiang", CN_XJ},
    {"xizang", CN_XZ}, {"yunnan", CN_YN}, {"zhejiang", CN_ZJ}, {"上海", CN_SH}, {"上海市", CN_SH},
    {"中国台湾", CN_TW}, {"中国澳门", CN_MO}, {"中国香港", CN_HK}, {"云南", CN_YN},
    {"云南省", CN_YN}, {"内蒙", CN_NM}, {"内蒙古", CN_NM}, {"内蒙古自治区", CN_NM}, {"北京", CN_BJ},
    {"北京市", CN_BJ}, {"台湾", CN_TW}, {"台湾省", CN_TW}, {"吉林", CN_JL}, {"吉林省", CN_JL},
    {"四川", CN_SC}, {"四川省", CN_SC}, {"天津", CN_TJ}, {"天津市", CN_TJ}, {"宁夏", CN_NX},
    {"宁夏回族自治区", CN_NX}, {"宁夏自治区", CN_NX}, {"安徽", CN_AH}, {"安徽省", CN_AH},
    {"山东", CN_SD}, {"山东省", CN_SD}, {"山西", CN_SX}, {"山西省", CN_SX}, {"广东", CN_GD},
    {"广东省", CN_GD}, {"广西", CN_GX}, {"广西壮族自治区", CN_GX}, {"广西自治区", CN_GX},
    {"新疆", CN_XJ}, {"新疆维吾尔族自治区", CN_XJ}, {"新疆维吾尔自治区", CN_XJ},
    {"新疆自治区", CN_XJ}, {"江苏", CN_JS}, {"江苏省", CN_JS}, {"江西", CN_JX}, {"江西省", CN_JX},
    {"河北", CN_HE}, {"河北省", CN_HE}, {"河南", CN_HA}, {"河南省", CN_HA}, {"浙江", CN_ZJ},
    {"浙江省", CN_ZJ}, {"海南", CN_HI}, {"海南省", CN_HI}, {"湖北", CN_HB}, {"湖北省", CN_HB},
    {"湖南", CN_HN}, {"湖南省", CN_HN}, {"澳門", CN_MO}, {"澳门", CN_MO}, {"澳门特别行政区", CN_MO},
    {"澳门特区", CN_MO}, {"甘肃", CN_GS}, {"甘肃省", CN_GS}, {"福建", CN_FJ}, {"福建省", CN_FJ},
    {"臺灣", CN_TW}, {"西藏", CN_XZ}, {"西藏自治区", CN_XZ}, {"贵州", CN_GZ}, {"贵州省", CN_GZ},
    {"辽宁", CN_LN}, {"辽宁省", CN_LN}, {"重庆", CN_CQ}, {"重庆市", CN_CQ}, {"陕西", CN_SN},
    {"陕西省", CN_SN}, {"青海", CN_QH}, {"青海省", CN_QH}, {"香港", CN_HK},
    {"香港特别行政区", CN_HK}, {"香港特区", CN_HK}, {"黑龙江", CN_HL}, {"黑龙江省", CN_HL},
};
/* clang-format on */

/*
 * Cities: every prefecture-level division of mainland China as of 2024 — 293 prefecture-level
 * cities, 30 autonomous prefectures (自治州), 7 prefectures (地区) and 3 leagues (盟) — plus the
 * 4 municipalities and the 21 county-level cities administered directly by their province
 * (济源, 仙桃 潜江 天门, Hainan's 五指山 琼海 文昌 万宁 东方, the Xinjiang Production and
 * Construction Corps cities), which often appear in city columns.
 *
 * Tiers: 第一财经·新一线城市研究所《2024城市商业魅力排行榜》, published 2024-05-30:
 * 一线 4 (北京 上海 广州 深圳), 新一线 15, 二线 30; every other city here is 三线及以下
 * (the list's 三线, 四线 and 五线 merged).
 *
 * Keys per city: the short name (深圳, 延边), the official full name (深圳市, 延边朝鲜族自治州,
 * 大兴安岭地区, 阿拉善盟), "short+州" for autonomous prefectures (延边州, 凉山州), and the pinyin
 * plus common English or minority-language spellings (Harbin, Hohhot, Urumqi, Lhasa, Kashgar).
 * Not keyed, because they are ambiguous: the bare "海南" (the province, not 青海's 海南藏族自治州,
 * which is keyed as 海南州 and by its full name); pinyin shared by two cities resolves to the
 * higher-tier city when the tiers differ (Suzhou → 苏州 not 宿州, Fuzhou → 福州 not 抚州,
 * Taizhou → 台州 not 泰州) and is dropped when they do not (Yichun: 伊春/宜春, Yulin: 玉林/榆林).
 */
enum tier { T1, TN1, T2, T3 };
static const char *const tier_names[] = {"一线", "新一线", "二线", "三线及以下"};

struct city_key {
    /* cppcheck-suppress unusedStructMember ; read through bsearch's comparison */
    const char *key;  /* normalised form */
    const char *city; /* canonical short name */
    unsigned char province;
    unsigned char tier;
};

/* Sorted by strcmp (UTF-8 byte order) for bsearch; tests/unit/test_refdata.c checks the order. */
/* clang-format off */
static const struct city_key city_keys[] = {
    {"aba", "阿坝", CN_SC, T3}, {"akesu", "阿克苏", CN_XJ, T3}, {"aksu", "阿克苏", CN_XJ, T3},
    {"alaer", "阿拉尔", CN_XJ, T3}, {"alashan", "阿拉善", CN_NM, T3},
    {"aletai", "阿勒泰", CN_XJ, T3}, {"ali", "阿里", CN_XZ, T3}, {"altay", "阿勒泰", CN_XJ, T3},
    {"alxa", "阿拉善", CN_NM, T3}, {"amoy", "厦门", CN_FJ, T2}, {"ankang", "安康", CN_SN, T3},
    {"anqing", "安庆", CN_AH, T3}, {"anshan", "鞍山", CN_LN, T3}, {"anshun", "安顺", CN_GZ, T3},
    {"anyang", "安阳", CN_HA, T3}, {"aral", "阿拉尔", CN_XJ, T3}, {"baicheng", "白城", CN_JL, T3},
    {"baise", "百色", CN_GX, T3}, {"baishan", "白山", CN_JL, T3}, {"baiyang", "白杨", CN_XJ, T3},
    {"baiyin", "白银", CN_GS, T3}, {"baoding", "保定", CN_HE, T2}, {"baoji", "宝鸡", CN_SN, T3},
    {"baoshan", "保山", CN_YN, T3}, {"baotou", "包头", CN_NM, T3},
    {"bayannaoer", "巴彦淖尔", CN_NM, T3}, {"bayannur", "巴彦淖尔", CN_NM, T3},
    {"bayingolin", "巴音郭楞", CN_XJ, T3}, {"bayinguoleng", "巴音郭楞", CN_XJ, T3},
    {"bazhong", "巴中", CN_SC, T3}, {"beihai", "北海", CN_GX, T3}, {"beijing", "北京", CN_BJ, T1},
    {"beitun", "北屯", CN_XJ, T3}, {"bengbu", "蚌埠", CN_AH, T3}, {"benxi", "本溪", CN_LN, T3},
    {"bijie", "毕节", CN_GZ, T3}, {"binzhou", "滨州", CN_SD, T3},
    {"boertala", "博尔塔拉", CN_XJ, T3}, {"bortala", "博尔塔拉", CN_XJ, T3},
    {"bozhou", "亳州", CN_AH, T3}, {"cangzhou", "沧州", CN_HE, T3}, {"canton", "广州", CN_GD, T1},
    {"changchun", "长春", CN_JL, T2}, {"changde", "常德", CN_HN, T3},
    {"changdu", "昌都", CN_XZ, T3}, {"changji", "昌吉", CN_XJ, T3},
    {"changsha", "长沙", CN_HN, TN1}, {"changzhi", "长治", CN_SX, T3},
    {"changzhou", "常州", CN_JS, T2}, {"chaoyang", "朝阳", CN_LN, T3},
    {"chaozhou", "潮州", CN_GD, T3}, {"chengde", "承德", CN_HE, T3},
    {"chengdu", "成都", CN_SC, TN1}, {"chenzhou", "郴州", CN_HN, T3},
    {"chifeng", "赤峰", CN_NM, T3}, {"chizhou", "池州", CN_AH, T3},
    {"chongqing", "重庆", CN_CQ, TN1}, {"chongzuo", "崇左", CN_GX, T3},
    {"chuxiong", "楚雄", CN_YN, T3}, {"chuzhou", "滁州", CN_AH, T3},
    {"dahinggan", "大兴安岭", CN_HL, T3}, {"dahingganling", "大兴安岭", CN_HL, T3},
    {"dali", "大理", CN_YN, T3}, {"dalian", "大连", CN_LN, T2}, {"dandong", "丹东", CN_LN, T3},
    {"danzhou", "儋州", CN_HI, T3}, {"daqing", "大庆", CN_HL, T3}, {"datong", "大同", CN_SX, T3},
    {"daxinganling", "大兴安岭", CN_HL, T3}, {"dazhou", "达州", CN_SC, T3},
    {"dehong", "德宏", CN_YN, T3}, {"deyang", "德阳", CN_SC, T3}, {"dezhou", "德州", CN_SD, T3},
    {"dingxi", "定西", CN_GS, T3}, {"diqing", "迪庆", CN_YN, T3}, {"dongfang", "东方", CN_HI, T3},
    {"dongguan", "东莞", CN_GD, TN1}, {"dongying", "东营", CN_SD, T3},
    {"eerduosi", "鄂尔多斯", CN_NM, T3}, {"enshi", "恩施", CN_HB, T3}, {"ezhou", "鄂州", CN_HB, T3},
    {"fangchenggang", "防城港", CN_GX, T3}, {"foshan", "佛山", CN_GD, T2},
    {"fushun", "抚顺", CN_LN, T3}, {"fuxin", "阜新", CN_LN, T3}, {"fuyang", "阜阳", CN_AH, T3},
    {"fuzhou", "福州", CN_FJ, T2}, {"gannan", "甘南", CN_GS, T3}, {"ganzhou", "赣州", CN_JX, T3},
    {"ganzi", "甘孜", CN_SC, T3}, {"garze", "甘孜", CN_SC, T3}, {"golog", "果洛", CN_QH, T3},
    {"guangan", "广安", CN_SC, T3}, {"guangyuan", "广元", CN_SC, T3},
    {"guangzhou", "广州", CN_GD, T1}, {"guigang", "贵港", CN_GX, T3}, {"guilin", "桂林", CN_GX, T3},
    {"guiyang", "贵阳", CN_GZ, T2}, {"guoluo", "果洛", CN_QH, T3}, {"guyuan", "固原", CN_NX, T3},
    {"haerbin", "哈尔滨", CN_HL, T2}, {"haibei", "海北", CN_QH, T3}, {"haidong", "海东", CN_QH, T3},
    {"haikou", "海口", CN_HI, T3}, {"haixi", "海西", CN_QH, T3}, {"hami", "哈密", CN_XJ, T3},
    {"handan", "邯郸", CN_HE, T3}, {"hangzhou", "杭州", CN_ZJ, TN1},
    {"hanzhong", "汉中", CN_SN, T3}, {"harbin", "哈尔滨", CN_HL, T2}, {"hebi", "鹤壁", CN_HA, T3},
    {"hechi", "河池", CN_GX, T3}, {"hefei", "合肥", CN_AH, TN1}, {"hegang", "鹤岗", CN_HL, T3},
    {"heihe", "黑河", CN_HL, T3}, {"hengshui", "衡水", CN_HE, T3}, {"hengyang", "衡阳", CN_HN, T3},
    {"hetian", "和田", CN_XJ, T3}, {"heyuan", "河源", CN_GD, T3}, {"heze", "菏泽", CN_SD, T3},
    {"hezhou", "贺州", CN_GX, T3}, {"hinggan", "兴安", CN_NM, T3},
    {"hohhot", "呼和浩特", CN_NM, T3}, {"honghe", "红河", CN_YN, T3}, {"hotan", "和田", CN_XJ, T3},
    {"huaian", "淮安", CN_JS, T3}, {"huaibei", "淮北", CN_AH, T3}, {"huaihua", "怀化", CN_HN, T3},
    {"huainan", "淮南", CN_AH, T3}, {"huanggang", "黄冈", CN_HB, T3},
    {"huangnan", "黄南", CN_QH, T3}, {"huangshan", "黄山", CN_AH, T3},
    {"huangshi", "黄石", CN_HB, T3}, {"huhehaote", "呼和浩特", CN_NM, T3},
    {"huizhou", "惠州", CN_GD, T2}, {"huludao", "葫芦岛", CN_LN, T3},
    {"hulunbeier", "呼伦贝尔", CN_NM, T3}, {"hulunbuir", "呼伦贝尔", CN_NM, T3},
    {"huyanghe", "胡杨河", CN_XJ, T3}, {"huzhou", "湖州", CN_ZJ, T3}, {"ili", "伊犁", CN_XJ, T3},
    {"jiamusi", "佳木斯", CN_HL, T3}, {"jian", "吉安", CN_JX, T3}, {"jiangmen", "江门", CN_GD, T3},
    {"jiaozuo", "焦作", CN_HA, T3}, {"jiaxing", "嘉兴", CN_ZJ, T2},
    {"jiayuguan", "嘉峪关", CN_GS, T3}, {"jieyang", "揭阳", CN_GD, T3},
    {"jilin", "吉林", CN_JL, T3}, {"jinan", "济南", CN_SD, T2}, {"jinchang", "金昌", CN_GS, T3},
    {"jincheng", "晋城", CN_SX, T3}, {"jingdezhen", "景德镇", CN_JX, T3},
    {"jingmen", "荆门", CN_HB, T3}, {"jingzhou", "荆州", CN_HB, T3}, {"jinhua", "金华", CN_ZJ, T2},
    {"jining", "济宁", CN_SD, T3}, {"jinzhong", "晋中", CN_SX, T3}, {"jinzhou", "锦州", CN_LN, T3},
    {"jiujiang", "九江", CN_JX, T3}, {"jiuquan", "酒泉", CN_GS, T3}, {"jixi", "鸡西", CN_HL, T3},
    {"jiyuan", "济源", CN_HA, T3}, {"kaifeng", "开封", CN_HA, T3},
    {"karamay", "克拉玛依", CN_XJ, T3}, {"kashgar", "喀什", CN_XJ, T3},
    {"kashi", "喀什", CN_XJ, T3}, {"kekedala", "可克达拉", CN_XJ, T3},
    {"kelamayi", "克拉玛依", CN_XJ, T3}, {"kezilesu", "克孜勒苏", CN_XJ, T3},
    {"kizilsu", "克孜勒苏", CN_XJ, T3}, {"kokdala", "可克达拉", CN_XJ, T3},
    {"kumul", "哈密", CN_XJ, T3}, {"kunming", "昆明", CN_YN, T2}, {"kunyu", "昆玉", CN_XJ, T3},
    {"laibin", "来宾", CN_GX, T3}, {"langfang", "廊坊", CN_HE, T3}, {"lanzhou", "兰州", CN_GS, T3},
    {"lasa", "拉萨", CN_XZ, T3}, {"leshan", "乐山", CN_SC, T3}, {"lhasa", "拉萨", CN_XZ, T3},
    {"liangshan", "凉山", CN_SC, T3}, {"lianyungang", "连云港", CN_JS, T3},
    {"liaocheng", "聊城", CN_SD, T3}, {"liaoyang", "辽阳", CN_LN, T3},
    {"liaoyuan", "辽源", CN_JL, T3}, {"lijiang", "丽江", CN_YN, T3}, {"lincang", "临沧", CN_YN, T3},
    {"linfen", "临汾", CN_SX, T3}, {"linxia", "临夏", CN_GS, T3}, {"linyi", "临沂", CN_SD, T2},
    {"linzhi", "林芝", CN_XZ, T3}, {"lishui", "丽水", CN_ZJ, T3}, {"liuan", "六安", CN_AH, T3},
    {"liupanshui", "六盘水", CN_GZ, T3}, {"liuzhou", "柳州", CN_GX, T3},
    {"longnan", "陇南", CN_GS, T3}, {"longyan", "龙岩", CN_FJ, T3}, {"loudi", "娄底", CN_HN, T3},
    {"luan", "六安", CN_AH, T3}, {"luliang", "吕梁", CN_SX, T3}, {"luohe", "漯河", CN_HA, T3},
    {"luoyang", "洛阳", CN_HA, T3}, {"luzhou", "泸州", CN_SC, T3}, {"lvliang", "吕梁", CN_SX, T3},
    {"lyuliang", "吕梁", CN_SX, T3}, {"maanshan", "马鞍山", CN_AH, T3},
    {"maoming", "茂名", CN_GD, T3}, {"meishan", "眉山", CN_SC, T3}, {"meizhou", "梅州", CN_GD, T3},
    {"mianyang", "绵阳", CN_SC, T3}, {"mudanjiang", "牡丹江", CN_HL, T3},
    {"nagqu", "那曲", CN_XZ, T3}, {"nanchang", "南昌", CN_JX, T2}, {"nanchong", "南充", CN_SC, T3},
    {"nanjing", "南京", CN_JS, TN1}, {"nanning", "南宁", CN_GX, T2}, {"nanping", "南平", CN_FJ, T3},
    {"nantong", "南通", CN_JS, T2}, {"nanyang", "南阳", CN_HA, T3}, {"naqu", "那曲", CN_XZ, T3},
    {"neijiang", "内江", CN_SC, T3}, {"ngari", "阿里", CN_XZ, T3}, {"ngawa", "阿坝", CN_SC, T3},
    {"ningbo", "宁波", CN_ZJ, TN1}, {"ningde", "宁德", CN_FJ, T3}, {"nujiang", "怒江", CN_YN, T3},
    {"nyingchi", "林芝", CN_XZ, T3}, {"ordos", "鄂尔多斯", CN_NM, T3},
    {"panjin", "盘锦", CN_LN, T3}, {"panzhihua", "攀枝花", CN_SC, T3},
    {"peking", "北京", CN_BJ, T1}, {"pingdingshan", "平顶山", CN_HA, T3},
    {"pingliang", "平凉", CN_GS, T3}, {"pingxiang", "萍乡", CN_JX, T3}, {"puer", "普洱", CN_YN, T3},
    {"putian", "莆田", CN_FJ, T3}, {"puyang", "濮阳", CN_HA, T3}, {"qamdo", "昌都", CN_XZ, T3},
    {"qiandongnan", "黔东南", CN_GZ, T3}, {"qianjiang", "潜江", CN_HB, T3},
    {"qiannan", "黔南", CN_GZ, T3}, {"qianxinan", "黔西南", CN_GZ, T3},
    {"qingdao", "青岛", CN_SD, TN1}, {"qingyang", "庆阳", CN_GS, T3},
    {"qingyuan", "清远", CN_GD, T3}, {"qinhuangdao", "秦皇岛", CN_HE, T3},
    {"qinzhou", "钦州", CN_GX, T3}, {"qionghai", "琼海", CN_HI, T3},
    {"qiqihaer", "齐齐哈尔", CN_HL, T3}, {"qiqihar", "齐齐哈尔", CN_HL, T3},
    {"qitaihe", "七台河", CN_HL, T3}, {"quanzhou", "泉州", CN_FJ, T2},
    {"qujing", "曲靖", CN_YN, T3}, {"quzhou", "衢州", CN_ZJ, T3}, {"rikaze", "日喀则", CN_XZ, T3},
    {"rizhao", "日照", CN_SD, T3}, {"sanmenxia", "三门峡", CN_HA, T3},
    {"sanming", "三明", CN_FJ, T3}, {"sansha", "三沙", CN_HI, T3}, {"sanya", "三亚", CN_HI, T3},
    {"shanghai", "上海", CN_SH, T1}, {"shangluo", "商洛", CN_SN, T3},
    {"shangqiu", "商丘", CN_HA, T3}, {"shangrao", "上饶", CN_JX, T3},
    {"shannan", "山南", CN_XZ, T3}, {"shantou", "汕头", CN_GD, T3}, {"shanwei", "汕尾", CN_GD, T3},
    {"shaoguan", "韶关", CN_GD, T3}, {"shaoxing", "绍兴", CN_ZJ, T2},
    {"shaoyang", "邵阳", CN_HN, T3}, {"shenyang", "沈阳", CN_LN, T2},
    {"shenzhen", "深圳", CN_GD, T1}, {"shigatse", "日喀则", CN_XZ, T3},
    {"shihezi", "石河子", CN_XJ, T3}, {"shijiazhuang", "石家庄", CN_HE, T2},
    {"shiyan", "十堰", CN_HB, T3}, {"shizuishan", "石嘴山", CN_NX, T3},
    {"shuanghe", "双河", CN_XJ, T3}, {"shuangyashan", "双鸭山", CN_HL, T3},
    {"shuozhou", "朔州", CN_SX, T3}, {"siping", "四平", CN_JL, T3}, {"songyuan", "松原", CN_JL, T3},
    {"suihua", "绥化", CN_HL, T3}, {"suining", "遂宁", CN_SC, T3}, {"suizhou", "随州", CN_HB, T3},
    {"suqian", "宿迁", CN_JS, T3}, {"suzhou", "苏州", CN_JS, TN1}, {"tacheng", "塔城", CN_XJ, T3},
    {"taian", "泰安", CN_SD, T3}, {"taiyuan", "太原", CN_SX, T2}, {"taizhou", "台州", CN_ZJ, T2},
    {"tangshan", "唐山", CN_HE, T3}, {"tianjin", "天津", CN_TJ, TN1},
    {"tianmen", "天门", CN_HB, T3}, {"tianshui", "天水", CN_GS, T3}, {"tieling", "铁岭", CN_LN, T3},
    {"tiemenguan", "铁门关", CN_XJ, T3}, {"tongchuan", "铜川", CN_SN, T3},
    {"tonghua", "通化", CN_JL, T3}, {"tongliao", "通辽", CN_NM, T3},
    {"tongling", "铜陵", CN_AH, T3}, {"tongren", "铜仁", CN_GZ, T3},
    {"tulufan", "吐鲁番", CN_XJ, T3}, {"tumushuke", "图木舒克", CN_XJ, T3},
    {"tumxuk", "图木舒克", CN_XJ, T3}, {"turpan", "吐鲁番", CN_XJ, T3},
    {"ulanqab", "乌兰察布", CN_NM, T3}, {"urumqi", "乌鲁木齐", CN_XJ, T3},
    {"wanning", "万宁", CN_HI, T3}, {"weifang", "潍坊", CN_SD, T2}, {"weihai", "威海", CN_SD, T3},
    {"weinan", "渭南", CN_SN, T3}, {"wenchang", "文昌", CN_HI, T3}, {"wenshan", "文山", CN_YN, T3},
    {"wenzhou", "温州", CN_ZJ, T2}, {"wuhai", "乌海", CN_NM, T3}, {"wuhan", "武汉", CN_HB, TN1},
    {"wuhu", "芜湖", CN_AH, T3}, {"wujiaqu", "五家渠", CN_XJ, T3},
    {"wulanchabu", "乌兰察布", CN_NM, T3}, {"wulumuqi", "乌鲁木齐", CN_XJ, T3},
    {"wuwei", "武威", CN_GS, T3}, {"wuxi", "无锡", CN_JS, TN1}, {"wuzhishan", "五指山", CN_HI, T3},
    {"wuzhong", "吴忠", CN_NX, T3}, {"wuzhou", "梧州", CN_GX, T3}, {"xiamen", "厦门", CN_FJ, T2},
    {"xian", "西安", CN_SN, TN1}, {"xiangtan", "湘潭", CN_HN, T3}, {"xiangxi", "湘西", CN_HN, T3},
    {"xiangyang", "襄阳", CN_HB, T3}, {"xianning", "咸宁", CN_HB, T3},
    {"xiantao", "仙桃", CN_HB, T3}, {"xianyang", "咸阳", CN_SN, T3}, {"xiaogan", "孝感", CN_HB, T3},
    {"xilingol", "锡林郭勒", CN_NM, T3}, {"xilinguole", "锡林郭勒", CN_NM, T3},
    {"xingan", "兴安", CN_NM, T3}, {"xingtai", "邢台", CN_HE, T3}, {"xining", "西宁", CN_QH, T3},
    {"xinxiang", "新乡", CN_HA, T3}, {"xinxing", "新星", CN_XJ, T3}, {"xinyang", "信阳", CN_HA, T3},
    {"xinyu", "新余", CN_JX, T3}, {"xinzhou", "忻州", CN_SX, T3},
    {"xishuangbanna", "西双版纳", CN_YN, T3}, {"xuancheng", "宣城", CN_AH, T3},
    {"xuchang", "许昌", CN_HA, T3}, {"xuzhou", "徐州", CN_JS, T2}, {"yaan", "雅安", CN_SC, T3},
    {"yanan", "延安", CN_SN, T3}, {"yanbian", "延边", CN_JL, T3}, {"yancheng", "盐城", CN_JS, T3},
    {"yangjiang", "阳江", CN_GD, T3}, {"yangquan", "阳泉", CN_SX, T3},
    {"yangzhou", "扬州", CN_JS, T3}, {"yantai", "烟台", CN_SD, T2}, {"yibin", "宜宾", CN_SC, T3},
    {"yichang", "宜昌", CN_HB, T3}, {"yili", "伊犁", CN_XJ, T3}, {"yinchuan", "银川", CN_NX, T3},
    {"yingkou", "营口", CN_LN, T3}, {"yingtan", "鹰潭", CN_JX, T3}, {"yiyang", "益阳", CN_HN, T3},
    {"yongzhou", "永州", CN_HN, T3}, {"yueyang", "岳阳", CN_HN, T3},
    {"yuncheng", "运城", CN_SX, T3}, {"yunfu", "云浮", CN_GD, T3}, {"yushu", "玉树", CN_QH, T3},
    {"yuxi", "玉溪", CN_YN, T3}, {"zaozhuang", "枣庄", CN_SD, T3},
    {"zhangjiajie", "张家界", CN_HN, T3}, {"zhangjiakou", "张家口", CN_HE, T3},
    {"zhangye", "张掖", CN_GS, T3}, {"zhangzhou", "漳州", CN_FJ, T3},
    {"zhanjiang", "湛江", CN_GD, T3}, {"zhaoqing", "肇庆", CN_GD, T3},
    {"zhaotong", "昭通", CN_YN, T3}, {"zhengzhou", "郑州", CN_HA, TN1},
    {"zhenjiang", "镇江", CN_JS, T3}, {"zhongshan", "中山", CN_GD, T2},
    {"zhongwei", "中卫", CN_NX, T3}, {"zhoukou", "周口", CN_HA, T3},
    {"zhoushan", "舟山", CN_ZJ, T3}, {"zhuhai", "珠海", CN_GD, T2},
    {"zhumadian", "驻马店", CN_HA, T3}, {"zhuzhou", "株洲", CN_HN, T3}, {"zibo", "淄博", CN_SD, T3},
    {"zigong", "自贡", CN_SC, T3}, {"ziyang", "资阳", CN_SC, T3}, {"zunyi", "遵义", CN_GZ, T3},
    {"七台河", "七台河", CN_HL, T3}, {"七台河市", "七台河", CN_HL, T3}, {"万宁", "万宁", CN_HI, T3},
    {"万宁市", "万宁", CN_HI, T3}, {"三亚", "三亚", CN_HI, T3}, {"三亚市", "三亚", CN_HI, T3},
    {"三明", "三明", CN_FJ, T3}, {"三明市", "三明", CN_FJ, T3}, {"三沙", "三沙", CN_HI, T3},
    {"三沙市", "三沙", CN_HI, T3}, {"三门峡", "三门峡", CN_HA, T3},
    {"三门峡市", "三门峡", CN_HA, T3}, {"上海", "上海", CN_SH, T1}, {"上海市", "上海", CN_SH, T1},
    {"上饶", "上饶", CN_JX, T3}, {"上饶市", "上饶", CN_JX, T3}, {"东方", "东方", CN_HI, T3},
    {"东方市", "东方", CN_HI, T3}, {"东莞", "东莞", CN_GD, TN1}, {"东莞市", "东莞", CN_GD, TN1},
    {"东营", "东营", CN_SD, T3}, {"东营市", "东营", CN_SD, T3}, {"中卫", "中卫", CN_NX, T3},
    {"中卫市", "中卫", CN_NX, T3}, {"中山", "中山", CN_GD, T2}, {"中山市", "中山", CN_GD, T2},
    {"临夏", "临夏", CN_GS, T3}, {"临夏回族自治州", "临夏", CN_GS, T3},
    {"临夏州", "临夏", CN_GS, T3}, {"临汾", "临汾", CN_SX, T3}, {"临汾市", "临汾", CN_SX, T3},
    {"临沂", "临沂", CN_SD, T2}, {"临沂市", "临沂", CN_SD, T2}, {"临沧", "临沧", CN_YN, T3},
    {"临沧市", "临沧", CN_YN, T3}, {"丹东", "丹东", CN_LN, T3}, {"丹东市", "丹东", CN_LN, T3},
    {"丽水", "丽水", CN_ZJ, T3}, {"丽水市", "丽水", CN_ZJ, T3}, {"丽江", "丽江", CN_YN, T3},
    {"丽江市", "丽江", CN_YN, T3}, {"乌兰察布", "乌兰察布", CN_NM, T3},
    {"乌兰察布市", "乌兰察布", CN_NM, T3}, {"乌海", "乌海", CN_NM, T3},
    {"乌海市", "乌海", CN_NM, T3}, {"乌鲁木齐", "乌鲁木齐", CN_XJ, T3},
    {"乌鲁木齐市", "乌鲁木齐", CN_XJ, T3}, {"乐山", "乐山", CN_SC, T3},
    {"乐山市", "乐山", CN_SC, T3}, {"九江", "九江", CN_JX, T3}, {"九江市", "九江", CN_JX, T3},
    {"云浮", "云浮", CN_GD, T3}, {"云浮市", "云浮", CN_GD, T3}, {"五家渠", "五家渠", CN_XJ, T3},
    {"五家渠市", "五家渠", CN_XJ, T3}, {"五指山", "五指山", CN_HI, T3},
    {"五指山市", "五指山", CN_HI, T3}, {"亳州", "亳州", CN_AH, T3}, {"亳州市", "亳州", CN_AH, T3},
    {"仙桃", "仙桃", CN_HB, T3}, {"仙桃市", "仙桃", CN_HB, T3}, {"伊春", "伊春", CN_HL, T3},
    {"伊春市", "伊春", CN_HL, T3}, {"伊犁", "伊犁", CN_XJ, T3},
    {"伊犁哈萨克自治州", "伊犁", CN_XJ, T3}, {"伊犁州", "伊犁", CN_XJ, T3},
    {"佛山", "佛山", CN_GD, T2}, {"佛山市", "佛山", CN_GD, T2}, {"佳木斯", "佳木斯", CN_HL, T3},
    {"佳木斯市", "佳木斯", CN_HL, T3}, {"保定", "保定", CN_HE, T2}, {"保定市", "保定", CN_HE, T2},
    {"保山", "保山", CN_YN, T3}, {"保山市", "保山", CN_YN, T3}, {"信阳", "信阳", CN_HA, T3},
    {"信阳市", "信阳", CN_HA, T3}, {"儋州", "儋州", CN_HI, T3}, {"儋州市", "儋州", CN_HI, T3},
    {"克孜勒苏", "克孜勒苏", CN_XJ, T3}, {"克孜勒苏州", "克孜勒苏", CN_XJ, T3},
    {"克孜勒苏柯尔克孜自治州", "克孜勒苏", CN_XJ, T3}, {"克拉玛依", "克拉玛依", CN_XJ, T3},
    {"克拉玛依市", "克拉玛依", CN_XJ, T3}, {"六安", "六安", CN_AH, T3},
    {"六安市", "六安", CN_AH, T3}, {"六盘水", "六盘水", CN_GZ, T3},
    {"六盘水市", "六盘水", CN_GZ, T3}, {"兰州", "兰州", CN_GS, T3}, {"兰州市", "兰州", CN_GS, T3},
    {"兴安", "兴安", CN_NM, T3}, {"兴安盟", "兴安", CN_NM, T3}, {"内江", "内江", CN_SC, T3},
    {"内江市", "内江", CN_SC, T3}, {"凉山", "凉山", CN_SC, T3}, {"凉山州", "凉山", CN_SC, T3},
    {"凉山彝族自治州", "凉山", CN_SC, T3}, {"包头", "包头", CN_NM, T3},
    {"包头市", "包头", CN_NM, T3}, {"北京", "北京", CN_BJ, T1}, {"北京市", "北京", CN_BJ, T1},
    {"北屯", "北屯", CN_XJ, T3}, {"北屯市", "北屯", CN_XJ, T3}, {"北海", "北海", CN_GX, T3},
    {"北海市", "北海", CN_GX, T3}, {"十堰", "十堰", CN_HB, T3}, {"十堰市", "十堰", CN_HB, T3},
    {"南京", "南京", CN_JS, TN1}, {"南京市", "南京", CN_JS, TN1}, {"南充", "南充", CN_SC, T3},
    {"南充市", "南充", CN_SC, T3}, {"南宁", "南宁", CN_GX, T2}, {"南宁市", "南宁", CN_GX, T2},
    {"南平", "南平", CN_FJ, T3}, {"南平市", "南平", CN_FJ, T3}, {"南昌", "南昌", CN_JX, T2},
    {"南昌市", "南昌", CN_JX, T2}, {"南通", "南通", CN_JS, T2}, {"南通市", "南通", CN_JS, T2},
    {"南阳", "南阳", CN_HA, T3}, {"南阳市", "南阳", CN_HA, T3}, {"博尔塔拉", "博尔塔拉", CN_XJ, T3},
    {"博尔塔拉州", "博尔塔拉", CN_XJ, T3}, {"博尔塔拉蒙古自治州", "博尔塔拉", CN_XJ, T3},
    {"厦门", "厦门", CN_FJ, T2}, {"厦门市", "厦门", CN_FJ, T2}, {"双河", "双河", CN_XJ, T3},
    {"双河市", "双河", CN_XJ, T3}, {"双鸭山", "双鸭山", CN_HL, T3},
    {"双鸭山市", "双鸭山", CN_HL, T3}, {"可克达拉", "可克达拉", CN_XJ, T3},
    {"可克达拉市", "可克达拉", CN_XJ, T3}, {"台州", "台州", CN_ZJ, T2},
    {"台州市", "台州", CN_ZJ, T2}, {"合肥", "合肥", CN_AH, TN1}, {"合肥市", "合肥", CN_AH, TN1},
    {"吉安", "吉安", CN_JX, T3}, {"吉安市", "吉安", CN_JX, T3}, {"吉林", "吉林", CN_JL, T3},
    {"吉林市", "吉林", CN_JL, T3}, {"吐鲁番", "吐鲁番", CN_XJ, T3},
    {"吐鲁番市", "吐鲁番", CN_XJ, T3}, {"吕梁", "吕梁", CN_SX, T3}, {"吕梁市", "吕梁", CN_SX, T3},
    {"吴忠", "吴忠", CN_NX, T3}, {"吴忠市", "吴忠", CN_NX, T3}, {"周口", "周口", CN_HA, T3},
    {"周口市", "周口", CN_HA, T3}, {"呼伦贝尔", "呼伦贝尔", CN_NM, T3},
    {"呼伦贝尔市", "呼伦贝尔", CN_NM, T3}, {"呼和浩特", "呼和浩特", CN_NM, T3},
    {"呼和浩特市", "呼和浩特", CN_NM, T3}, {"和田", "和田", CN_XJ, T3},
    {"和田地区", "和田", CN_XJ, T3}, {"咸宁", "咸宁", CN_HB, T3}, {"咸宁市", "咸宁", CN_HB, T3},
    {"咸阳", "咸阳", CN_SN, T3}, {"咸阳市", "咸阳", CN_SN, T3}, {"哈密", "哈密", CN_XJ, T3},
    {"哈密市", "哈密", CN_XJ, T3}, {"哈尔滨", "哈尔滨", CN_HL, T2},
    {"哈尔滨市", "哈尔滨", CN_HL, T2}, {"唐山", "唐山", CN_HE, T3}, {"唐山市", "唐山", CN_HE, T3},
    {"商丘", "商丘", CN_HA, T3}, {"商丘市", "商丘", CN_HA, T3}, {"商洛", "商洛", CN_SN, T3},
    {"商洛市", "商洛", CN_SN, T3}, {"喀什", "喀什", CN_XJ, T3}, {"喀什地区", "喀什", CN_XJ, T3},
    {"嘉兴", "嘉兴", CN_ZJ, T2}, {"嘉兴市", "嘉兴", CN_ZJ, T2}, {"嘉峪关", "嘉峪关", CN_GS, T3},
    {"嘉峪关市", "嘉峪关", CN_GS, T3}, {"四平", "四平", CN_JL, T3}, {"四平市", "四平", CN_JL, T3},
    {"固原", "固原", CN_NX, T3}, {"固原市", "固原", CN_NX, T3}, {"图木舒克", "图木舒克", CN_XJ, T3},
    {"图木舒克市", "图木舒克", CN_XJ, T3}, {"塔城", "塔城", CN_XJ, T3},
    {"塔城地区", "塔城", CN_XJ, T3}, {"大兴安岭", "大兴安岭", CN_HL, T3},
    {"大兴安岭地区", "大兴安岭", CN_HL, T3}, {"大同", "大同", CN_SX, T3},
    {"大同市", "大同", CN_SX, T3}, {"大庆", "大庆", CN_HL, T3}, {"大庆市", "大庆", CN_HL, T3},
    {"大理", "大理", CN_YN, T3}, {"大理州", "大理", CN_YN, T3},
    {"大理白族自治州", "大理", CN_YN, T3}, {"大连", "大连", CN_LN, T2},
    {"大连市", "大连", CN_LN, T2}, {"天水", "天水", CN_GS, T3}, {"天水市", "天水", CN_GS, T3},
    {"天津", "天津", CN_TJ, TN1}, {"天津市", "天津", CN_TJ, TN1}, {"天门", "天门", CN_HB, T3},
    {"天门市", "天门", CN_HB, T3}, {"太原", "太原", CN_SX, T2}, {"太原市", "太原", CN_SX, T2},
    {"威海", "威海", CN_SD, T3}, {"威海市", "威海", CN_SD, T3}, {"娄底", "娄底", CN_HN, T3},
    {"娄底市", "娄底", CN_HN, T3}, {"孝感", "孝感", CN_HB, T3}, {"孝感市", "孝感", CN_HB, T3},
    {"宁德", "宁德", CN_FJ, T3}, {"宁德市", "宁德", CN_FJ, T3}, {"宁波", "宁波", CN_ZJ, TN1},
    {"宁波市", "宁波", CN_ZJ, TN1}, {"安庆", "安庆", CN_AH, T3}, {"安庆市", "安庆", CN_AH, T3},
    {"安康", "安康", CN_SN, T3}, {"安康市", "安康", CN_SN, T3}, {"安阳", "安阳", CN_HA, T3},
    {"安阳市", "安阳", CN_HA, T3}, {"安顺", "安顺", CN_GZ, T3}, {"安顺市", "安顺", CN_GZ, T3},
    {"定西", "定西", CN_GS, T3}, {"定西市", "定西", CN_GS, T3}, {"宜宾", "宜宾", CN_SC, T3},
    {"宜宾市", "宜宾", CN_SC, T3}, {"宜昌", "宜昌", CN_HB, T3}, {"宜昌市", "宜昌", CN_HB, T3},
    {"宜春", "宜春", CN_JX, T3}, {"宜春市", "宜春", CN_JX, T3}, {"宝鸡", "宝鸡", CN_SN, T3},
    {"宝鸡市", "宝鸡", CN_SN, T3}, {"宣城", "宣城", CN_AH, T3}, {"宣城市", "宣城", CN_AH, T3},
    {"宿州", "宿州", CN_AH, T3}, {"宿州市", "宿州", CN_AH, T3}, {"宿迁", "宿迁", CN_JS, T3},
    {"宿迁市", "宿迁", CN_JS, T3}, {"山南", "山南", CN_XZ, T3}, {"山南市", "山南", CN_XZ, T3},
    {"岳阳", "岳阳", CN_HN, T3}, {"岳阳市", "岳阳", CN_HN, T3}, {"崇左", "崇左", CN_GX, T3},
    {"崇左市", "崇左", CN_GX, T3}, {"巴中", "巴中", CN_SC, T3}, {"巴中市", "巴中", CN_SC, T3},
    {"巴彦淖尔", "巴彦淖尔", CN_NM, T3}, {"巴彦淖尔市", "巴彦淖尔", CN_NM, T3},
    {"巴音郭楞", "巴音郭楞", CN_XJ, T3}, {"巴音郭楞州", "巴音郭楞", CN_XJ, T3},
    {"巴音郭楞蒙古自治州", "巴音郭楞", CN_XJ, T3}, {"常州", "常州", CN_JS, T2},
    {"常州市", "常州", CN_JS, T2}, {"常德", "常德", CN_HN, T3}, {"常德市", "常德", CN_HN, T3},
    {"平凉", "平凉", CN_GS, T3}, {"平凉市", "平凉", CN_GS, T3}, {"平顶山", "平顶山", CN_HA, T3},
    {"平顶山市", "平顶山", CN_HA, T3}, {"广元", "广元", CN_SC, T3}, {"广元市", "广元", CN_SC, T3},
    {"广安", "广安", CN_SC, T3}, {"广安市", "广安", CN_SC, T3}, {"广州", "广州", CN_GD, T1},
    {"广州市", "广州", CN_GD, T1}, {"庆阳", "庆阳", CN_GS, T3}, {"庆阳市", "庆阳", CN_GS, T3},
    {"廊坊", "廊坊", CN_HE, T3}, {"廊坊市", "廊坊", CN_HE, T3}, {"延安", "延安", CN_SN, T3},
    {"延安市", "延安", CN_SN, T3}, {"延边", "延边", CN_JL, T3}, {"延边州", "延边", CN_JL, T3},
    {"延边朝鲜族自治州", "延边", CN_JL, T3}, {"开封", "开封", CN_HA, T3},
    {"开封市", "开封", CN_HA, T3}, {"张家口", "张家口", CN_HE, T3},
    {"张家口市", "张家口", CN_HE, T3}, {"张家界", "张家界", CN_HN, T3},
    {"张家界市", "张家界", CN_HN, T3}, {"张掖", "张掖", CN_GS, T3}, {"张掖市", "张掖", CN_GS, T3},
    {"徐州", "徐州", CN_JS, T2}, {"徐州市", "徐州", CN_JS, T2}, {"德宏", "德宏", CN_YN, T3},
    {"德宏傣族景颇族自治州", "德宏", CN_YN, T3}, {"德宏州", "德宏", CN_YN, T3},
    {"德州", "德州", CN_SD, T3}, {"德州市", "德州", CN_SD, T3}, {"德阳", "德阳", CN_SC, T3},
    {"德阳市", "德阳", CN_SC, T3}, {"忻州", "忻州", CN_SX, T3}, {"忻州市", "忻州", CN_SX, T3},
    {"怀化", "怀化", CN_HN, T3}, {"怀化市", "怀化", CN_HN, T3}, {"怒江", "怒江", CN_YN, T3},
    {"怒江傈僳族自治州", "怒江", CN_YN, T3}, {"怒江州", "怒江", CN_YN, T3},
    {"恩施", "恩施", CN_HB, T3}, {"恩施土家族苗族自治州", "恩施", CN_HB, T3},
    {"恩施州", "恩施", CN_HB, T3}, {"惠州", "惠州", CN_GD, T2}, {"惠州市", "惠州", CN_GD, T2},
    {"成都", "成都", CN_SC, TN1}, {"成都市", "成都", CN_SC, TN1}, {"扬州", "扬州", CN_JS, T3},
    {"扬州市", "扬州", CN_JS, T3}, {"承德", "承德", CN_HE, T3}, {"承德市", "承德", CN_HE, T3},
    {"抚州", "抚州", CN_JX, T3}, {"抚州市", "抚州", CN_JX, T3}, {"抚顺", "抚顺", CN_LN, T3},
    {"抚顺市", "抚顺", CN_LN, T3}, {"拉萨", "拉萨", CN_XZ, T3}, {"拉萨市", "拉萨", CN_XZ, T3},
    {"揭阳", "揭阳", CN_GD, T3}, {"揭阳市", "揭阳", CN_GD, T3}, {"攀枝花", "攀枝花", CN_SC, T3},
    {"攀枝花市", "攀枝花", CN_SC, T3}, {"文山", "文山", CN_YN, T3},
    {"文山壮族苗族自治州", "文山", CN_YN, T3}, {"文山州", "文山", CN_YN, T3},
    {"文昌", "文昌", CN_HI, T3}, {"文昌市", "文昌", CN_HI, T3}, {"新乡", "新乡", CN_HA, T3},
    {"新乡市", "新乡", CN_HA, T3}, {"新余", "新余", CN_JX, T3}, {"新余市", "新余", CN_JX, T3},
    {"新星", "新星", CN_XJ, T3}, {"新星市", "新星", CN_XJ, T3}, {"无锡", "无锡", CN_JS, TN1},
    {"无锡市", "无锡", CN_JS, TN1}, {"日喀则", "日喀则", CN_XZ, T3},
    {"日喀则市", "日喀则", CN_XZ, T3}, {"日照", "日照", CN_SD, T3}, {"日照市", "日照", CN_SD, T3},
    {"昆明", "昆明", CN_YN, T2}, {"昆明市", "昆明", CN_YN, T2}, {"昆玉", "昆玉", CN_XJ, T3},
    {"昆玉市", "昆玉", CN_XJ, T3}, {"昌吉", "昌吉", CN_XJ, T3},
    {"昌吉回族自治州", "昌吉", CN_XJ, T3}, {"昌吉州", "昌吉", CN_XJ, T3},
    {"昌都", "昌都", CN_XZ, T3}, {"昌都市", "昌都", CN_XZ, T3}, {"昭通", "昭通", CN_YN, T3},
    {"昭通市", "昭通", CN_YN, T3}, {"晋中", "晋中", CN_SX, T3}, {"晋中市", "晋中", CN_SX, T3},
    {"晋城", "晋城", CN_SX, T3}, {"晋城市", "晋城", CN_SX, T3}, {"普洱", "普洱", CN_YN, T3},
    {"普洱市", "普洱", CN_YN, T3}, {"景德镇", "景德镇", CN_JX, T3},
    {"景德镇市", "景德镇", CN_JX, T3}, {"曲靖", "曲靖", CN_YN, T3}, {"曲靖市", "曲靖", CN_YN, T3},
    {"朔州", "朔州", CN_SX, T3}, {"朔州市", "朔州", CN_SX, T3}, {"朝阳", "朝阳", CN_LN, T3},
    {"朝阳市", "朝阳", CN_LN, T3}, {"本溪", "本溪", CN_LN, T3}, {"本溪市", "本溪", CN_LN, T3},
    {"来宾", "来宾", CN_GX, T3}, {"来宾市", "来宾", CN_GX, T3}, {"杭州", "杭州", CN_ZJ, TN1},
    {"杭州市", "杭州", CN_ZJ, TN1}, {"松原", "松原", CN_JL, T3}, {"松原市", "松原", CN_JL, T3},
    {"林芝", "林芝", CN_XZ, T3}, {"林芝市", "林芝", CN_XZ, T3}, {"果洛", "果洛", CN_QH, T3},
    {"果洛州", "果洛", CN_QH, T3}, {"果洛藏族自治州", "果洛", CN_QH, T3},
    {"枣庄", "枣庄", CN_SD, T3}, {"枣庄市", "枣庄", CN_SD, T3}, {"柳州", "柳州", CN_GX, T3},
    {"柳州市", "柳州", CN_GX, T3}, {"株洲", "株洲", CN_HN, T3}, {"株洲市", "株洲", CN_HN, T3},
    {"桂林", "桂林", CN_GX, T3}, {"桂林市", "桂林", CN_GX, T3}, {"梅州", "梅州", CN_GD, T3},
    {"梅州市", "梅州", CN_GD, T3}, {"梧州", "梧州", CN_GX, T3}, {"梧州市", "梧州", CN_GX, T3},
    {"楚雄", "楚雄", CN_YN, T3}, {"楚雄州", "楚雄", CN_YN, T3},
    {"楚雄彝族自治州", "楚雄", CN_YN, T3}, {"榆林", "榆林", CN_SN, T3},
    {"榆林市", "榆林", CN_SN, T3}, {"武威", "武威", CN_GS, T3}, {"武威市", "武威", CN_GS, T3},
    {"武汉", "武汉", CN_HB, TN1}, {"武汉市", "武汉", CN_HB, TN1}, {"毕节", "毕节", CN_GZ, T3},
    {"毕节市", "毕节", CN_GZ, T3}, {"永州", "永州", CN_HN, T3}, {"永州市", "永州", CN_HN, T3},
    {"汉中", "汉中", CN_SN, T3}, {"汉中市", "汉中", CN_SN, T3}, {"汕头", "汕头", CN_GD, T3},
    {"汕头市", "汕头", CN_GD, T3}, {"汕尾", "汕尾", CN_GD, T3}, {"汕尾市", "汕尾", CN_GD, T3},
    {"江门", "江门", CN_GD, T3}, {"江门市", "江门", CN_GD, T3}, {"池州", "池州", CN_AH, T3},
    {"池州市", "池州", CN_AH, T3}, {"沈阳", "沈阳", CN_LN, T2}, {"沈阳市", "沈阳", CN_LN, T2},
    {"沧州", "沧州", CN_HE, T3}, {"沧州市", "沧州", CN_HE, T3}, {"河池", "河池", CN_GX, T3},
    {"河池市", "河池", CN_GX, T3}, {"河源", "河源", CN_GD, T3}, {"河源市", "河源", CN_GD, T3},
    {"泉州", "泉州", CN_FJ, T2}, {"泉州市", "泉州", CN_FJ, T2}, {"泰安", "泰安", CN_SD, T3},
    {"泰安市", "泰安", CN_SD, T3}, {"泰州", "泰州", CN_JS, T3}, {"泰州市", "泰州", CN_JS, T3},
    {"泸州", "泸州", CN_SC, T3}, {"泸州市", "泸州", CN_SC, T3}, {"洛阳", "洛阳", CN_HA, T3},
    {"洛阳市", "洛阳", CN_HA, T3}, {"济南", "济南", CN_SD, T2}, {"济南市", "济南", CN_SD, T2},
    {"济宁", "济宁", CN_SD, T3}, {"济宁市", "济宁", CN_SD, T3}, {"济源", "济源", CN_HA, T3},
    {"济源市", "济源", CN_HA, T3}, {"海东", "海东", CN_QH, T3}, {"海东市", "海东", CN_QH, T3},
    {"海北", "海北", CN_QH, T3}, {"海北州", "海北", CN_QH, T3},
    {"海北藏族自治州", "海北", CN_QH, T3}, {"海南州", "海南", CN_QH, T3},
    {"海南藏族自治州", "海南", CN_QH, T3}, {"海口", "海口", CN_HI, T3},
    {"海口市", "海口", CN_HI, T3}, {"海西", "海西", CN_QH, T3}, {"海西州", "海西", CN_QH, T3},
    {"海西蒙古族藏族自治州", "海西", CN_QH, T3}, {"淄博", "淄博", CN_SD, T3},
    {"淄博市", "淄博", CN_SD, T3}, {"淮北", "淮北", CN_AH, T3}, {"淮北市", "淮北", CN_AH, T3},
    {"淮南", "淮南", CN_AH, T3}, {"淮南市", "淮南", CN_AH, T3}, {"淮安", "淮安", CN_JS, T3},
    {"淮安市", "淮安", CN_JS, T3}, {"深圳", "深圳", CN_GD, T1}, {"深圳市", "深圳", CN_GD, T1},
    {"清远", "清远", CN_GD, T3}, {"清远市", "清远", CN_GD, T3}, {"温州", "温州", CN_ZJ, T2},
    {"温州市", "温州", CN_ZJ, T2}, {"渭南", "渭南", CN_SN, T3}, {"渭南市", "渭南", CN_SN, T3},
    {"湖州", "湖州", CN_ZJ, T3}, {"湖州市", "湖州", CN_ZJ, T3}, {"湘潭", "湘潭", CN_HN, T3},
    {"湘潭市", "湘潭", CN_HN, T3}, {"湘西", "湘西", CN_HN, T3},
    {"湘西土家族苗族自治州", "湘西", CN_HN, T3}, {"湘西州", "湘西", CN_HN, T3},
    {"湛江", "湛江", CN_GD, T3}, {"湛江市", "湛江", CN_GD, T3}, {"滁州", "滁州", CN_AH, T3},
    {"滁州市", "滁州", CN_AH, T3}, {"滨州", "滨州", CN_SD, T3}, {"滨州市", "滨州", CN_SD, T3},
    {"漯河", "漯河", CN_HA, T3}, {"漯河市", "漯河", CN_HA, T3}, {"漳州", "漳州", CN_FJ, T3},
    {"漳州市", "漳州", CN_FJ, T3}, {"潍坊", "潍坊", CN_SD, T2}, {"潍坊市", "潍坊", CN_SD, T2},
    {"潜江", "潜江", CN_HB, T3}, {"潜江市", "潜江", CN_HB, T3}, {"潮州", "潮州", CN_GD, T3},
    {"潮州市", "潮州", CN_GD, T3}, {"濮阳", "濮阳", CN_HA, T3}, {"濮阳市", "濮阳", CN_HA, T3},
    {"烟台", "烟台", CN_SD, T2}, {"烟台市", "烟台", CN_SD, T2}, {"焦作", "焦作", CN_HA, T3},
    {"焦作市", "焦作", CN_HA, T3}, {"牡丹江", "牡丹江", CN_HL, T3},
    {"牡丹江市", "牡丹江", CN_HL, T3}, {"玉林", "玉林", CN_GX, T3}, {"玉林市", "玉林", CN_GX, T3},
    {"玉树", "玉树", CN_QH, T3}, {"玉树州", "玉树", CN_QH, T3},
    {"玉树藏族自治州", "玉树", CN_QH, T3}, {"玉溪", "玉溪", CN_YN, T3},
    {"玉溪市", "玉溪", CN_YN, T3}, {"珠海", "珠海", CN_GD, T2}, {"珠海市", "珠海", CN_GD, T2},
    {"琼海", "琼海", CN_HI, T3}, {"琼海市", "琼海", CN_HI, T3}, {"甘南", "甘南", CN_GS, T3},
    {"甘南州", "甘南", CN_GS, T3}, {"甘南藏族自治州", "甘南", CN_GS, T3},
    {"甘孜", "甘孜", CN_SC, T3}, {"甘孜州", "甘孜", CN_SC, T3},
    {"甘孜藏族自治州", "甘孜", CN_SC, T3}, {"白城", "白城", CN_JL, T3},
    {"白城市", "白城", CN_JL, T3}, {"白山", "白山", CN_JL, T3}, {"白山市", "白山", CN_JL, T3},
    {"白杨", "白杨", CN_XJ, T3}, {"白杨市", "白杨", CN_XJ, T3}, {"白银", "白银", CN_GS, T3},
    {"白银市", "白银", CN_GS, T3}, {"百色", "百色", CN_GX, T3}, {"百色市", "百色", CN_GX, T3},
    {"益阳", "益阳", CN_HN, T3}, {"益阳市", "益阳", CN_HN, T3}, {"盐城", "盐城", CN_JS, T3},
    {"盐城市", "盐城", CN_JS, T3}, {"盘锦", "盘锦", CN_LN, T3}, {"盘锦市", "盘锦", CN_LN, T3},
    {"眉山", "眉山", CN_SC, T3}, {"眉山市", "眉山", CN_SC, T3}, {"石嘴山", "石嘴山", CN_NX, T3},
    {"石嘴山市", "石嘴山", CN_NX, T3}, {"石家庄", "石家庄", CN_HE, T2},
    {"石家庄市", "石家庄", CN_HE, T2}, {"石河子", "石河子", CN_XJ, T3},
    {"石河子市", "石河子", CN_XJ, T3}, {"福州", "福州", CN_FJ, T2}, {"福州市", "福州", CN_FJ, T2},
    {"秦皇岛", "秦皇岛", CN_HE, T3}, {"秦皇岛市", "秦皇岛", CN_HE, T3}, {"红河", "红河", CN_YN, T3},
    {"红河哈尼族彝族自治州", "红河", CN_YN, T3}, {"红河州", "红河", CN_YN, T3},
    {"绍兴", "绍兴", CN_ZJ, T2}, {"绍兴市", "绍兴", CN_ZJ, T2}, {"绥化", "绥化", CN_HL, T3},
    {"绥化市", "绥化", CN_HL, T3}, {"绵阳", "绵阳", CN_SC, T3}, {"绵阳市", "绵阳", CN_SC, T3},
    {"聊城", "聊城", CN_SD, T3}, {"聊城市", "聊城", CN_SD, T3}, {"肇庆", "肇庆", CN_GD, T3},
    {"肇庆市", "肇庆", CN_GD, T3}, {"胡杨河", "胡杨河", CN_XJ, T3},
    {"胡杨河市", "胡杨河", CN_XJ, T3}, {"自贡", "自贡", CN_SC, T3}, {"自贡市", "自贡", CN_SC, T3},
    {"舟山", "舟山", CN_ZJ, T3}, {"舟山市", "舟山", CN_ZJ, T3}, {"芜湖", "芜湖", CN_AH, T3},
    {"芜湖市", "芜湖", CN_AH, T3}, {"苏州", "苏州", CN_JS, TN1}, {"苏州市", "苏州", CN_JS, TN1},
    {"茂名", "茂名", CN_GD, T3}, {"茂名市", "茂名", CN_GD, T3}, {"荆州", "荆州", CN_HB, T3},
    {"荆州市", "荆州", CN_HB, T3}, {"荆门", "荆门", CN_HB, T3}, {"荆门市", "荆门", CN_HB, T3},
    {"莆田", "莆田", CN_FJ, T3}, {"莆田市", "莆田", CN_FJ, T3}, {"菏泽", "菏泽", CN_SD, T3},
    {"菏泽市", "菏泽", CN_SD, T3}, {"萍乡", "萍乡", CN_JX, T3}, {"萍乡市", "萍乡", CN_JX, T3},
    {"营口", "营口", CN_LN, T3}, {"营口市", "营口", CN_LN, T3}, {"葫芦岛", "葫芦岛", CN_LN, T3},
    {"葫芦岛市", "葫芦岛", CN_LN, T3}, {"蚌埠", "蚌埠", CN_AH, T3}, {"蚌埠市", "蚌埠", CN_AH, T3},
    {"衡水", "衡水", CN_HE, T3}, {"衡水市", "衡水", CN_HE, T3}, {"衡阳", "衡阳", CN_HN, T3},
    {"衡阳市", "衡阳", CN_HN, T3}, {"衢州", "衢州", CN_ZJ, T3}, {"衢州市", "衢州", CN_ZJ, T3},
    {"襄阳", "襄阳", CN_HB, T3}, {"襄阳市", "襄阳", CN_HB, T3}, {"西双版纳", "西双版纳", CN_YN, T3},
    {"西双版纳傣族自治州", "西双版纳", CN_YN, T3}, {"西双版纳州", "西双版纳", CN_YN, T3},
    {"西宁", "西宁", CN_QH, T3}, {"西宁市", "西宁", CN_QH, T3}, {"西安", "西安", CN_SN, TN1},
    {"西安市", "西安", CN_SN, TN1}, {"许昌", "许昌", CN_HA, T3}, {"许昌市", "许昌", CN_HA, T3},
    {"贵港", "贵港", CN_GX, T3}, {"贵港市", "贵港", CN_GX, T3}, {"贵阳", "贵阳", CN_GZ, T2},
    {"贵阳市", "贵阳", CN_GZ, T2}, {"贺州", "贺州", CN_GX, T3}, {"贺州市", "贺州", CN_GX, T3},
    {"资阳", "资阳", CN_SC, T3}, {"资阳市", "资阳", CN_SC, T3}, {"赣州", "赣州", CN_JX, T3},
    {"赣州市", "赣州", CN_JX, T3}, {"赤峰", "赤峰", CN_NM, T3}, {"赤峰市", "赤峰", CN_NM, T3},
    {"辽源", "辽源", CN_JL, T3}, {"辽源市", "辽源", CN_JL, T3}, {"辽阳", "辽阳", CN_LN, T3},
    {"辽阳市", "辽阳", CN_LN, T3}, {"达州", "达州", CN_SC, T3}, {"达州市", "达州", CN_SC, T3},
    {"运城", "运城", CN_SX, T3}, {"运城市", "运城", CN_SX, T3}, {"连云港", "连云港", CN_JS, T3},
    {"连云港市", "连云港", CN_JS, T3}, {"迪庆", "迪庆", CN_YN, T3}, {"迪庆州", "迪庆", CN_YN, T3},
    {"迪庆藏族自治州", "迪庆", CN_YN, T3}, {"通化", "通化", CN_JL, T3},
    {"通化市", "通化", CN_JL, T3}, {"通辽", "通辽", CN_NM, T3}, {"通辽市", "通辽", CN_NM, T3},
    {"遂宁", "遂宁", CN_SC, T3}, {"遂宁市", "遂宁", CN_SC, T3}, {"遵义", "遵义", CN_GZ, T3},
    {"遵义市", "遵义", CN_GZ, T3}, {"邢台", "邢台", CN_HE, T3}, {"邢台市", "邢台", CN_HE, T3},
    {"那曲", "那曲", CN_XZ, T3}, {"那曲市", "那曲", CN_XZ, T3}, {"邯郸", "邯郸", CN_HE, T3},
    {"邯郸市", "邯郸", CN_HE, T3}, {"邵阳", "邵阳", CN_HN, T3}, {"邵阳市", "邵阳", CN_HN, T3},
    {"郑州", "郑州", CN_HA, TN1}, {"郑州市", "郑州", CN_HA, TN1}, {"郴州", "郴州", CN_HN, T3},
    {"郴州市", "郴州", CN_HN, T3}, {"鄂尔多斯", "鄂尔多斯", CN_NM, T3},
    {"鄂尔多斯市", "鄂尔多斯", CN_NM, T3}, {"鄂州", "鄂州", CN_HB, T3},
    {"鄂州市", "鄂州", CN_HB, T3}, {"酒泉", "酒泉", CN_GS, T3}, {"酒泉市", "酒泉", CN_GS, T3},
    {"重庆", "重庆", CN_CQ, TN1}, {"重庆市", "重庆", CN_CQ, TN1}, {"金华", "金华", CN_ZJ, T2},
    {"金华市", "金华", CN_ZJ, T2}, {"金昌", "金昌", CN_GS, T3}, {"金昌市", "金昌", CN_GS, T3},
    {"钦州", "钦州", CN_GX, T3}, {"钦州市", "钦州", CN_GX, T3}, {"铁岭", "铁岭", CN_LN, T3},
    {"铁岭市", "铁岭", CN_LN, T3}, {"铁门关", "铁门关", CN_XJ, T3},
    {"铁门关市", "铁门关", CN_XJ, T3}, {"铜仁", "铜仁", CN_GZ, T3}, {"铜仁市", "铜仁", CN_GZ, T3},
    {"铜川", "铜川", CN_SN, T3}, {"铜川市", "铜川", CN_SN, T3}, {"铜陵", "铜陵", CN_AH, T3},
    {"铜陵市", "铜陵", CN_AH, T3}, {"银川", "银川", CN_NX, T3}, {"银川市", "银川", CN_NX, T3},
    {"锡林郭勒", "锡林郭勒", CN_NM, T3}, {"锡林郭勒盟", "锡林郭勒", CN_NM, T3},
    {"锦州", "锦州", CN_LN, T3}, {"锦州市", "锦州", CN_LN, T3}, {"镇江", "镇江", CN_JS, T3},
    {"镇江市", "镇江", CN_JS, T3}, {"长春", "长春", CN_JL, T2}, {"长春市", "长春", CN_JL, T2},
    {"长沙", "长沙", CN_HN, TN1}, {"长沙市", "长沙", CN_HN, TN1}, {"长治", "长治", CN_SX, T3},
    {"长治市", "长治", CN_SX, T3}, {"阜新", "阜新", CN_LN, T3}, {"阜新市", "阜新", CN_LN, T3},
    {"阜阳", "阜阳", CN_AH, T3}, {"阜阳市", "阜阳", CN_AH, T3}, {"防城港", "防城港", CN_GX, T3},
    {"防城港市", "防城港", CN_GX, T3}, {"阳江", "阳江", CN_GD, T3}, {"阳江市", "阳江", CN_GD, T3},
    {"阳泉", "阳泉", CN_SX, T3}, {"阳泉市", "阳泉", CN_SX, T3}, {"阿克苏", "阿克苏", CN_XJ, T3},
    {"阿克苏地区", "阿克苏", CN_XJ, T3}, {"阿勒泰", "阿勒泰", CN_XJ, T3},
    {"阿勒泰地区", "阿勒泰", CN_XJ, T3}, {"阿坝", "阿坝", CN_SC, T3}, {"阿坝州", "阿坝", CN_SC, T3},
    {"阿坝藏族羌族自治州", "阿坝", CN_SC, T3}, {"阿拉善", "阿拉善", CN_NM, T3},
    {"阿拉善盟", "阿拉善", CN_NM, T3}, {"阿拉尔", "阿拉尔", CN_XJ, T3},
    {"阿拉尔市", "阿拉尔", CN_XJ, T3}, {"阿里", "阿里", CN_XZ, T3}, {"阿里地区", "阿里", CN_XZ, T3},
    {"陇南", "陇南", CN_GS, T3}, {"陇南市", "陇南", CN_GS, T3}, {"随州", "随州", CN_HB, T3},
    {"随州市", "随州", CN_HB, T3}, {"雅安", "雅安", CN_SC, T3}, {"雅安市", "雅安", CN_SC, T3},
    {"青岛", "青岛", CN_SD, TN1}, {"青岛市", "青岛", CN_SD, TN1}, {"鞍山", "鞍山", CN_LN, T3},
    {"鞍山市", "鞍山", CN_LN, T3}, {"韶关", "韶关", CN_GD, T3}, {"韶关市", "韶关", CN_GD, T3},
    {"马鞍山", "马鞍山", CN_AH, T3}, {"马鞍山市", "马鞍山", CN_AH, T3},
    {"驻马店", "驻马店", CN_HA, T3}, {"驻马店市", "驻马店", CN_HA, T3}, {"鸡西", "鸡西", CN_HL, T3},
    {"鸡西市", "鸡西", CN_HL, T3}, {"鹤壁", "鹤壁", CN_HA, T3}, {"鹤壁市", "鹤壁", CN_HA, T3},
    {"鹤岗", "鹤岗", CN_HL, T3}, {"鹤岗市", "鹤岗", CN_HL, T3}, {"鹰潭", "鹰潭", CN_JX, T3},
    {"鹰潭市", "鹰潭", CN_JX, T3}, {"黄冈", "黄冈", CN_HB, T3}, {"黄冈市", "黄冈", CN_HB, T3},
    {"黄南", "黄南", CN_QH, T3}, {"黄南州", "黄南", CN_QH, T3},
    {"黄南藏族自治州", "黄南", CN_QH, T3}, {"黄山", "黄山", CN_AH, T3},
    {"黄山市", "黄山", CN_AH, T3}, {"黄石", "黄石", CN_HB, T3}, {"黄石市", "黄石", CN_HB, T3},
    {"黑河", "黑河", CN_HL, T3}, {"黑河市", "黑河", CN_HL, T3}, {"黔东南", "黔东南", CN_GZ, T3},
    {"黔东南州", "黔东南", CN_GZ, T3}, {"黔东南苗族侗族自治州", "黔东南", CN_GZ, T3},
    {"黔南", "黔南", CN_GZ, T3}, {"黔南州", "黔南", CN_GZ, T3},
    {"黔南布依族苗族自治州", "黔南", CN_GZ, T3}, {"黔西南", "黔西南", CN_GZ, T3},
    {"黔西南州", "黔西南", CN_GZ, T3}, {"黔西南布依族苗族自治州", "黔西南", CN_GZ, T3},
    {"齐齐哈尔", "齐齐哈尔", CN_HL, T3}, {"齐齐哈尔市", "齐齐哈尔", CN_HL, T3},
    {"龙岩", "龙岩", CN_FJ, T3}, {"龙岩市", "龙岩", CN_FJ, T3},
};
/* clang-format on */

#define NKEYS(a) (sizeof(a) / sizeof((a)[0]))

/* Longest input considered: longer strings are not place names (the longest key is 30 bytes). */
enum { NORM_MAX = 128 };

/*
 * Normalise into buf (NORM_MAX bytes): drop whitespace (ASCII, U+00A0, U+3000), apostrophes
 * (' ‘ ’), hyphens, dots, underscores and middle dots; fold full-width ASCII (U+FF01–U+FF5E)
 * to ASCII and ASCII to lower case; ü/Ü to "v" (Lüliang → lvliang). Other bytes are copied.
 * Returns the length, or -1 when the result does not fit.
 */
static int normalise(const char *s, char *buf)
{
    const unsigned char *p = (const unsigned char *)s;
    int n = 0;
    while (*p) {
        unsigned c = *p;
        int len = 1;
        if (c == 0xC2 && p[1] == 0xA0) { /* U+00A0 no-break space */
            p += 2;
            continue;
        }
        if (c == 0xC2 && p[1] == 0xB7) { /* U+00B7 middle dot */
            p += 2;
            continue;
        }
        if (c == 0xC3 && (p[1] == 0xBC || p[1] == 0x9C)) { /* ü Ü */
            c = 'v';
            len = 2;
        } else if ((c == 0xE3 && p[1] == 0x80 && p[2] == 0x80) ||  /* U+3000 ideographic space */
                   (c == 0xE2 && p[1] == 0x80 && (p[2] == 0x98 || p[2] == 0x99)) || /* ‘ ’ */
                   (c == 0xE3 && p[1] == 0x83 && p[2] == 0xBB)) { /* U+30FB katakana middle dot */
            p += 3;
            continue;
        } else if (c == 0xEF && (p[1] == 0xBC || p[1] == 0xBD) && p[2] >= 0x80 && p[2] <= 0xBF) {
            /* U+FF01..U+FF5E full-width ASCII: EF BC 81..BF → 21..5F, EF BD 80..9E → 60..7E */
            unsigned cp = ((p[1] & 0x3Fu) << 6 | (p[2] & 0x3Fu)) + 0xF000u;
            if (cp >= 0xFF01 && cp <= 0xFF5E) {
                c = cp - 0xFEE0;
                len = 3;
            }
        }
        if (len == 1 || c < 0x80) {
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' ||
                c == '\'' || c == '-' || c == '.' || c == '_') {
                p += len;
                continue;
            }
            if (c >= 'A' && c <= 'Z')
                c += 'a' - 'A';
        }
        if (n + 1 >= NORM_MAX)
            return -1;
        buf[n++] = (char)c;
        p += len;
    }
    buf[n] = '\0';
    return n;
}

static int cmp_province_key(const void *key, const void *elem)
{
    return strcmp(key, ((const struct province_key *)elem)->key);
}

static int cmp_city_key(const void *key, const void *elem)
{
    return strcmp(key, ((const struct city_key *)elem)->key);
}

static const struct province_key *province_exact(const char *k)
{
    return bsearch(k, province_keys, NKEYS(province_keys), sizeof province_keys[0],
                   cmp_province_key);
}

static const struct city_key *city_exact(const char *k)
{
    return bsearch(k, city_keys, NKEYS(city_keys), sizeof city_keys[0], cmp_city_key);
}

static int ends_with(const char *s, size_t n, const char *suffix)
{
    size_t m = strlen(suffix);
    return n > m && memcmp(s + n - m, suffix, m) == 0;
}

static int is_ascii(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s >= 0x80)
            return 0;
    return 1;
}

/* English designations that may follow a name: "Guangxi Zhuang Autonomous Region", "Shenzhen
 * City", "Shanxi Sheng". Longest first, so "autonomousregion" wins over a shorter tail. */
/* clang-format off */
static const char *const province_suffixes[] = {
    "zhuangautonomousregion", "uyghurautonomousregion", "uygurautonomousregion",
    "huiautonomousregion", "specialadministrativeregion", "autonomousregion", "municipality",
    "province", "zizhiqu", "sheng", "city", "sar", "shi",
};
/* clang-format on */
static const char *const city_suffixes[] = {"prefecture", "city", "shi"};

/* Length of the ASCII name k (n bytes) without its English designation, or 0 when none. */
static size_t strip_suffix(const char *k, size_t n, const char *const *suffixes, size_t nsuffixes)
{
    if (!is_ascii(k))
        return 0;
    for (size_t i = 0; i < nsuffixes; i++)
        if (ends_with(k, n, suffixes[i]))
            return n - strlen(suffixes[i]);
    return 0;
}

static const struct province_key *find_province(const char *s)
{
    char k[NORM_MAX];
    int n;
    if (!s || (n = normalise(s, k)) <= 0)
        return NULL;
    const struct province_key *pk = province_exact(k);
    if (pk)
        return pk;
    size_t len = strip_suffix(k, (size_t)n, province_suffixes, NKEYS(province_suffixes));
    if (!len)
        return NULL;
    k[len] = '\0';
    return province_exact(k);
}

/* An official full name names a city unambiguously even when a district follows it
 * (深圳市南山区). Short names ending in 州 (杭州) do not: 杭州湾新区 is in 宁波. */
static int is_full_form(const char *k, size_t n)
{
    return ends_with(k, n, "市") || ends_with(k, n, "自治州") || ends_with(k, n, "盟") ||
           ends_with(k, n, "地区");
}

/* Longest full-form city key that is a prefix of k, followed by more text. */
static const struct city_key *city_full_prefix(const char *k, size_t n)
{
    char buf[NORM_MAX];
    for (size_t len = n - 1; len >= 4; len--) {
        if (((unsigned char)k[len] & 0xC0) == 0x80) /* not a character boundary */
            continue;
        memcpy(buf, k, len);
        buf[len] = '\0';
        if (!is_full_form(buf, len))
            continue;
        const struct city_key *ck = city_exact(buf);
        if (ck)
            return ck;
    }
    return NULL;
}

/*
 * Resolution, most specific first: the exact form; the form without an English designation
 * (Shenzhen City); a full-form city name followed by a district (深圳市南山区); a province
 * followed by a city of that province (广东省深圳市, 广东深圳). Anything else is unknown.
 */
static const struct city_key *find_city(const char *s)
{
    char k[NORM_MAX];
    int n;
    if (!s || (n = normalise(s, k)) <= 0)
        return NULL;
    const struct city_key *ck = city_exact(k);
    if (ck)
        return ck;
    size_t len = strip_suffix(k, (size_t)n, city_suffixes, NKEYS(city_suffixes));
    if (len) {
        char saved = k[len];
        k[len] = '\0';
        if ((ck = city_exact(k)) != NULL)
            return ck;
        k[len] = saved;
    }
    if ((ck = city_full_prefix(k, (size_t)n)) != NULL)
        return ck;
    /* Province prefix: the longest province key followed by a city of that province. */
    char buf[NORM_MAX];
    for (size_t plen = (size_t)n - 1; plen >= 2; plen--) {
        if (((unsigned char)k[plen] & 0xC0) == 0x80)
            continue;
        memcpy(buf, k, plen);
        buf[plen] = '\0';
        const struct province_key *pk = province_exact(buf);
        if (!pk)
            continue;
        const char *rest = k + plen;
        ck = city_exact(rest);
        if (!ck)
            ck = city_full_prefix(rest, (size_t)n - plen);
        if (ck && ck->province == pk->province)
            return ck;
        return NULL;
    }
    return NULL;
}

const char *ck_region_of_province(const char *province)
{
    const struct province_key *pk = find_province(province);
    return pk ? provinces[pk->province].region : NULL;
}

const char *ck_province_canonical(const char *province)
{
    const struct province_key *pk = find_province(province);
    return pk ? provinces[pk->province].name : NULL;
}

const char *ck_city_tier(const char *city)
{
    const struct city_key *ck = find_city(city);
    return ck ? tier_names[ck->tier] : NULL;
}

const char *ck_city_province(const char *city)
{
    const struct city_key *ck = find_city(city);
    return ck ? provinces[ck->province].name : NULL;
}

const char *ck_city_canonical(const char *city)
{
    const struct city_key *ck = find_city(city);
    return ck ? ck->city : NULL;
}
