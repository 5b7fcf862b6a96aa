#!/usr/bin/env python3
"""Write N real-looking shipping addresses with the truth, for measuring the address split.

    python3 tests/cli/gen_addresses.py N ADDRESSES.csv TRUTH.csv

Deterministic (a fixed seed): the same files every run. Reads data/cn-divisions/ itself, not
custkit's generated table. ADDRESSES.csv has 客户编号,姓名,收货地址; TRUTH.csv has
line,province,city,district (line = the address's line in ADDRESSES.csv).

Conventions of the truth (as custkit-clean(1) documents them): a municipality is its own city
(北京市, 北京市, 朝阳区); a county-level division administered by its province (仙桃市) is a
city with no district; a city without districts (东莞市) has an empty district.

Noise: province and city without 省/市 (or left out: the city in one address in ten, the
province in one in ten), spaces between the parts, a leading postcode, 中国 / 中华人民共和国 /
P.R.China before it, full-width digits, and a street, number and room after the district.
"""
import csv
import json
import os
import random
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
DATA = os.path.join(ROOT, 'data', 'cn-divisions')
SHORT = {'内蒙古自治区': '内蒙古', '广西壮族自治区': '广西', '西藏自治区': '西藏',
         '宁夏回族自治区': '宁夏', '新疆维吾尔自治区': '新疆', '香港特别行政区': '香港',
         '澳门特别行政区': '澳门'}
STREETS = ['人民路', '解放路', '建设路', '和平路', '新华路', '长江路', '科技园路', '工业大道',
           '文化街', '胜利路', '光明街', '育才路', '金融街', '幸福大道', '滨江路', '春风路']
SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗'
GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚'


def read(name):
    with open(os.path.join(DATA, name), encoding='utf-8', newline='') as f:
        return list(csv.DictReader(f))


def places():
    """(province, city, district) of every county-level division, HK/MO/TW included."""
    prov = {r['code']: r['name'] for r in read('provinces.csv')}
    city = {r['code']: r['name'] for r in read('cities.csv')}
    out = []
    for r in read('areas.csv'):
        p, c, a = prov[r['provinceCode']], city[r['cityCode']], r['name']
        if c in ('市辖区', '县'):
            out.append((p, p, a))
        elif c.endswith('直辖县级行政区划'):
            out.append((p, a, ''))
        elif c == a:
            out.append((p, c, ''))
        else:
            out.append((p, c, a))
    with open(os.path.join(DATA, 'hk-mo-tw.json'), encoding='utf-8') as f:
        for p, regions in json.load(f).items():
            for c, districts in regions.items():
                out.extend((p, c, d) for d in districts)
    return out


def short_province(p):
    return SHORT.get(p, p[:-1] if p[-1] in '省市' else p)


def fullwidth(s):
    return ''.join(chr(ord(ch) + 0xFEE0) if '0' <= ch <= '9' else ch for ch in s)


def address(rng, p, c, d):
    municipal = p == c
    parts = []
    r = rng.random()
    if r < 0.5:
        parts.append(p)
    elif r < 0.9 or not d:
        parts.append(short_province(p))
    # else: no province
    r = rng.random()
    if municipal:
        if r < 0.15:
            parts.append(c)  # 北京市北京市朝阳区, as some forms write it
    elif r < 0.5 or not d:
        parts.append(c)
    elif r < 0.9 and c.endswith('市') and len(c) >= 3:
        parts.append(c[:-1])
    elif r < 0.9:
        parts.append(c)
    # else: no city (the district names it)
    if not parts:
        parts.append(c)
    if d:
        parts.append(d)
    street = '%s%d号' % (rng.choice(STREETS), rng.randint(1, 999))
    if rng.random() < 0.4:
        street += '%d栋%d室' % (rng.randint(1, 30), rng.randint(101, 2505))
    if rng.random() < 0.2:
        street = fullwidth(street)
    parts.append(street)
    sep = ' ' if rng.random() < 0.3 else ''
    text = sep.join(parts)
    r = rng.random()
    if r < 0.05:
        text = 'P.R.China ' + text
    elif r < 0.15:
        text = '中国' + text
    elif r < 0.18:
        text = '中华人民共和国' + text
    if rng.random() < 0.2:
        text = '%06d %s' % (rng.randint(100000, 999999), text)
    return text


def main():
    n, addr_path, truth_path = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    rng = random.Random(20261207)
    all_places = places()
    with open(addr_path, 'w', encoding='utf-8', newline='') as fa, \
            open(truth_path, 'w', encoding='utf-8', newline='') as ft:
        wa, wt = csv.writer(fa), csv.writer(ft)
        wa.writerow(['客户编号', '姓名', '收货地址'])
        wt.writerow(['line', 'province', 'city', 'district'])
        for i in range(n):
            p, c, d = rng.choice(all_places)
            name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
            wa.writerow(['KH%05d' % (i + 1), name, address(rng, p, c, d)])
            wt.writerow([i + 2, p, c, d])


if __name__ == '__main__':
    main()
