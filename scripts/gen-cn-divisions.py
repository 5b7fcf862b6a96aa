#!/usr/bin/env python3
"""Generate lib/clean/cn_divisions.c from data/cn-divisions/ (the NBS 2023 division list).

    python3 scripts/gen-cn-divisions.py > lib/clean/cn_divisions.c

The output is committed; tests/cli/test_places.sh checks that it matches this script's output,
so edit the CSVs or this script, never the C file. Standard library only.

What it makes (see lib/clean/places.h for how it is used):
  provinces  the 31 mainland provincial divisions in code order, then 香港 澳门 台湾
  cities     one row per prefecture-level division; a municipality (北京市 …) is ONE city
             named like its province (its 市辖区 and 县 rows merged); each county-level
             division administered directly by its province (省直辖县级行政区划: 仙桃市,
             济源市, 五指山市, 定安县, 石河子市 …) is a city of its own, without districts;
             Hong Kong, Macao and Taiwan from hk-mo-tw.json (香港岛, 九龙, 台北市 …)
  areas      the county-level divisions under their city; an area named exactly like its
             city (东莞市 under 东莞市: cities without districts) is left out
  keys       every name an address or a column may use, sorted by UTF-8 bytes for bsearch:
             full names; short names of provinces (广东, 内蒙古, 广西 …); the Chinese keys that
             lib/clean/refdata.c accepts for a city (深圳, 延边州 …) or the name without 市; for
             areas, the name without 区/县/市/旗 when two characters or more remain, marked
             short (used only after the city is known)
English names: provinces from the table below; cities from the pinyin keys of lib/clean/refdata.c
(one per city, capitalised; the overrides below where refdata has several or none, or does
not list the city).
"""
import csv
import json
import os
import re
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
DATA = os.path.join(ROOT, 'data', 'cn-divisions')

PROVINCE_EN = {
    '北京市': 'Beijing', '天津市': 'Tianjin', '河北省': 'Hebei', '山西省': 'Shanxi',
    '内蒙古自治区': 'Inner Mongolia', '辽宁省': 'Liaoning', '吉林省': 'Jilin',
    '黑龙江省': 'Heilongjiang', '上海市': 'Shanghai', '江苏省': 'Jiangsu', '浙江省': 'Zhejiang',
    '安徽省': 'Anhui', '福建省': 'Fujian', '江西省': 'Jiangxi', '山东省': 'Shandong',
    '河南省': 'Henan', '湖北省': 'Hubei', '湖南省': 'Hunan', '广东省': 'Guangdong',
    '广西壮族自治区': 'Guangxi', '海南省': 'Hainan', '重庆市': 'Chongqing', '四川省': 'Sichuan',
    '贵州省': 'Guizhou', '云南省': 'Yunnan', '西藏自治区': 'Tibet', '陕西省': 'Shaanxi',
    '甘肃省': 'Gansu', '青海省': 'Qinghai', '宁夏回族自治区': 'Ningxia',
    '新疆维吾尔自治区': 'Xinjiang', '香港特别行政区': 'Hong Kong', '澳门特别行政区': 'Macao',
    '台湾省': 'Taiwan',
}
PROVINCE_SHORT = {'内蒙古自治区': '内蒙古', '广西壮族自治区': '广西', '西藏自治区': '西藏',
                  '宁夏回族自治区': '宁夏', '新疆维吾尔自治区': '新疆',
                  '香港特别行政区': '香港', '澳门特别行政区': '澳门'}
# One-character abbreviations (简称), accepted in a province column only, never in addresses.
PROVINCE_ABBR = {
    '北京市': '京', '天津市': '津', '河北省': '冀', '山西省': '晋', '内蒙古自治区': '蒙',
    '辽宁省': '辽', '吉林省': '吉', '黑龙江省': '黑', '上海市': '沪', '江苏省': '苏',
    '浙江省': '浙', '安徽省': '皖', '福建省': '闽', '江西省': '赣', '山东省': '鲁',
    '河南省': '豫', '湖北省': '鄂', '湖南省': '湘', '广东省': '粤', '广西壮族自治区': '桂',
    '海南省': '琼', '重庆市': '渝', '四川省': '川', '贵州省': '黔', '云南省': '滇',
    '西藏自治区': '藏', '陕西省': '陕', '甘肃省': '甘', '青海省': '青', '宁夏回族自治区': '宁',
    '新疆维吾尔自治区': '新', '香港特别行政区': '港', '澳门特别行政区': '澳', '台湾省': '台',
}
# English city names where refdata has several pinyin keys, none, or one needing an apostrophe
# or spaces. Keyed by refdata's short name.
CITY_EN = {
    '阿坝': 'Ngawa', '阿克苏': 'Aksu', '阿拉尔': 'Aral', '阿拉善': 'Alxa', '阿勒泰': 'Altay',
    '阿里': 'Ngari', '厦门': 'Xiamen', '巴彦淖尔': 'Bayannur', '巴音郭楞': 'Bayingolin',
    '北京': 'Beijing', '博尔塔拉': 'Bortala', '广州': 'Guangzhou', '昌都': 'Qamdo',
    '大兴安岭': 'Da Hinggan Ling', '鄂尔多斯': 'Ordos', '甘孜': 'Garze', '果洛': 'Golog',
    '哈尔滨': 'Harbin', '哈密': 'Hami', '和田': 'Hotan', '兴安': 'Hinggan', '呼和浩特': 'Hohhot',
    '呼伦贝尔': 'Hulunbuir', '伊犁': 'Ili', '克拉玛依': 'Karamay', '喀什': 'Kashgar',
    '可克达拉': 'Kokdala', '克孜勒苏': 'Kizilsu', '拉萨': 'Lhasa', '林芝': 'Nyingchi',
    '六安': "Lu'an", '吕梁': 'Lvliang', '那曲': 'Nagqu', '齐齐哈尔': 'Qiqihar',
    '日喀则': 'Shigatse', '吐鲁番': 'Turpan', '图木舒克': 'Tumxuk', '乌兰察布': 'Ulanqab',
    '乌鲁木齐': 'Urumqi', '锡林郭勒': 'Xilingol', '伊春': 'Yichun', '宜春': 'Yichun',
    '宿州': 'Suzhou', '抚州': 'Fuzhou', '榆林': 'Yulin', '泰州': 'Taizhou', '海南': 'Hainan',
    '玉林': 'Yulin', '西安': "Xi'an", '泰安': "Tai'an", '延安': "Yan'an", '淮安': "Huai'an",
    '吉安': "Ji'an", '马鞍山': "Ma'anshan", '雅安': "Ya'an", '广安': "Guang'an",
    '黔东南': 'Qiandongnan', '西双版纳': 'Xishuangbanna',
}
# English names of the cities refdata does not list, by full name: the county-level divisions
# Hainan and Hubei administer directly, and the cities of Hong Kong, Macao and Taiwan.
CITY_EN_FULL = {
    '神农架林区': 'Shennongjia', '定安县': "Ding'an", '屯昌县': 'Tunchang', '澄迈县': 'Chengmai',
    '临高县': 'Lingao', '白沙黎族自治县': 'Baisha', '昌江黎族自治县': 'Changjiang',
    '乐东黎族自治县': 'Ledong', '陵水黎族自治县': 'Lingshui', '保亭黎族苗族自治县': 'Baoting',
    '琼中黎族苗族自治县': 'Qiongzhong', '香港岛': 'Hong Kong Island', '九龙': 'Kowloon',
    '新界': 'New Territories', '澳门半岛': 'Macao Peninsula', '澳门外岛': 'Taipa and Coloane',
    '台北市': 'Taipei', '新北市': 'New Taipei', '桃园市': 'Taoyuan', '台中市': 'Taichung',
    '台南市': 'Tainan', '高雄市': 'Kaohsiung', '基隆市': 'Keelung', '新竹市': 'Hsinchu City',
    '嘉义市': 'Chiayi City', '新竹县': 'Hsinchu County', '苗栗县': 'Miaoli',
    '彰化县': 'Changhua', '南投县': 'Nantou', '云林县': 'Yunlin', '嘉义县': 'Chiayi County',
    '屏东县': 'Pingtung', '宜兰县': 'Yilan', '花莲县': 'Hualien', '台东县': 'Taitung',
    '澎湖县': 'Penghu',
}
MUNICIPAL = ('市辖区', '县')
DIRECT = ('省直辖县级行政区划', '自治区直辖县级行政区划')


def read_csv(name):
    with open(os.path.join(DATA, name), encoding='utf-8', newline='') as f:
        return list(csv.DictReader(f))


def refdata_cities():
    """Chinese keys and pinyin per refdata short city name, and the short name of each key."""
    with open(os.path.join(ROOT, 'lib', 'clean', 'refdata.c'), encoding='utf-8') as f:
        src = f.read()
    start = src.index('city_keys[] = {')
    ents = re.findall(r'\{"([^"]+)", "([^"]+)", CN_\w+, T\w+\}', src[start:])
    zh, en = {}, {}
    for key, short, in ents:
        if key.isascii():
            en.setdefault(short, []).append(key)
        else:
            zh.setdefault(short, []).append(key)
    return zh, en


def province_short(full):
    if full in PROVINCE_SHORT:
        return PROVINCE_SHORT[full]
    return re.sub('(省|市)$', '', full)


def main():
    zh_keys, en_keys = refdata_cities()
    key_short = {k: s for s, ks in zh_keys.items() for k in ks}
    provinces = [(int(r['code']), r['name']) for r in read_csv('provinces.csv')]
    extra = json.load(open(os.path.join(DATA, 'hk-mo-tw.json'), encoding='utf-8'))
    extra_codes = {'香港特别行政区': 81, '澳门特别行政区': 82, '台湾省': 71}
    provinces += [(extra_codes[name], name) for name in extra]
    pidx = {code: i for i, (code, _) in enumerate(provinces)}

    cities = []  # (code, name, province index, short, en)
    cidx = {}    # csv city code -> city index
    areas = []   # (code, name, city index)
    direct_city_of_area = {}
    csv_cities = read_csv('cities.csv')
    for r in csv_cities:
        code, name, pc = int(r['code']), r['name'], int(r['provinceCode'])
        pfull = provinces[pidx[pc]][1]
        if name in MUNICIPAL:
            same = [i for i, c in enumerate(cities) if c[1] == pfull]
            if same:
                cidx[code] = same[0]
                continue
            cidx[code] = len(cities)
            cities.append((code, pfull, pidx[pc]))
        elif name in DIRECT:
            cidx[code] = None
        else:
            cidx[code] = len(cities)
            cities.append((code, name, pidx[pc]))
    for r in read_csv('areas.csv'):
        code, name, cc = int(r['code']), r['name'], int(r['cityCode'])
        if cidx[cc] is None:  # administered by the province: a city of its own
            direct_city_of_area[code] = len(cities)
            cities.append((code, name, pidx[int(r['provinceCode'])]))
            continue
        if cities[cidx[cc]][1] == name:
            continue
        areas.append((code, name, cidx[cc]))
    for pname, regions in extra.items():
        p = pidx[extra_codes[pname]]
        for i, (cname, districts) in enumerate(regions.items()):
            ci = len(cities)
            cities.append((extra_codes[pname] * 100 + i + 1, cname, p))
            for j, d in enumerate(districts):
                areas.append(((extra_codes[pname] * 100 + i + 1) * 100 + j + 1, d, ci))

    keys = set()  # (key, kind, short, index); kind 0 province, 1 city, 2 area

    def add(key, kind, short, idx):
        if key:
            keys.add((key, kind, short, idx))

    for i, (_, name) in enumerate(provinces):
        add(name, 0, 0, i)
        add(province_short(name), 0, 0, i)
    city_short, city_en = [], []
    for i, (_, name, p) in enumerate(cities):
        add(name, 1, 0, i)
        short = None
        for k in [name] + [name[:-1] if name.endswith('市') else None]:
            if k in key_short:
                short = key_short[k]
        if short is None and provinces[p][1] == name:  # municipality
            short = province_short(name)
        if short is not None:
            for k in zh_keys.get(short, []):
                add(k, 1, 0, i)
        if name.endswith('市') and len(name) >= 3:
            add(name[:-1], 1, 0, i)
        city_short.append(short or '')
        en = CITY_EN.get(short or '')
        if en is None and short and len(en_keys.get(short, [])) == 1:
            en = en_keys[short][0].capitalize()
        if en is None and provinces[p][1] == name:
            en = PROVINCE_EN[name]
        if en is None:
            en = CITY_EN_FULL.get(name)
        city_en.append(en or '')
    for i, (_, name, c) in enumerate(areas):
        add(name, 2, 0, i)
        m = re.match(r'^(.{2,}?)(区|县|市|旗)$', name)
        if m and not name.endswith('自治县') and not name.endswith('自治旗'):
            add(m.group(1), 2, 1, i)
        if name.endswith('）'):  # 嘉模堂区（氹仔）
            add(name[:name.index('（')], 2, 0, i)
    keys = sorted(keys, key=lambda k: (k[0].encode('utf-8'), k[1], k[2], k[3]))

    def q(s):
        return '"' + s.replace('\\', '\\\\').replace('"', '\\"') + '"'

    out = sys.stdout
    out.write('/* cn_divisions.c — GENERATED by scripts/gen-cn-divisions.py from data/cn-divisions/\n'
              ' * (NBS 2023 division codes, WTFPL). Do not edit: edit the data or the script, then\n'
              ' * run `python3 scripts/gen-cn-divisions.py > lib/clean/cn_divisions.c`. */\n')
    out.write('#include "clean/places_data.h"\n\n')
    out.write('/* clang-format off */\n')
    out.write('const struct ck_div_province ck_div_provinces[] = {\n')
    for i, (code, name) in enumerate(provinces):
        out.write('    {%s, %s, %s, %s, %d},\n' % (q(name), q(province_short(name)),
                                                  q(PROVINCE_ABBR[name]), q(PROVINCE_EN[name]),
                                                  code))
    out.write('};\nconst unsigned ck_div_nprovinces = %d;\n\n' % len(provinces))
    out.write('const struct ck_div_city ck_div_cities[] = {\n')
    for i, (code, name, p) in enumerate(cities):
        out.write('    {%s, %s, %s, %d, %d},\n' % (q(name), q(city_short[i]), q(city_en[i]),
                                                  code, p))
    out.write('};\nconst unsigned ck_div_ncities = %d;\n\n' % len(cities))
    out.write('const struct ck_div_area ck_div_areas[] = {\n')
    for code, name, c in areas:
        out.write('    {%s, %d, %d},\n' % (q(name), code, c))
    out.write('};\nconst unsigned ck_div_nareas = %d;\n\n' % len(areas))
    out.write('const struct ck_div_key ck_div_keys[] = {\n')
    for key, kind, short, idx in keys:
        out.write('    {%s, %d, %d, %d},\n' % (q(key), kind, short, idx))
    out.write('};\nconst unsigned ck_div_nkeys = %d;\n' % len(keys))
    out.write('/* clang-format on */\n')


if __name__ == '__main__':
    main()
