# tag_check.py — recompute the tags of examples/tags.rules in Python, independently of custkit's
# rule engine and reference data, and compare them field by field with `custkit tag` output.
# usage: /usr/bin/python3 tag_check.py TAGGED.csv AS_OF   (prints "ok"/"not ok" lines)
import csv
import datetime
import re
import sys

# Seven-region convention plus 港澳台; keys are short names and pinyin.
REGIONS = {
    "华北": "北京 天津 河北 山西 内蒙古 beijing tianjin hebei shanxi neimenggu innermongolia",
    "东北": "辽宁 吉林 黑龙江 liaoning jilin heilongjiang",
    "华东": "上海 江苏 浙江 安徽 福建 江西 山东 shanghai jiangsu zhejiang anhui fujian jiangxi "
            "shandong",
    "华中": "河南 湖北 湖南 henan hubei hunan",
    "华南": "广东 广西 海南 guangdong guangxi hainan",
    "西南": "重庆 四川 贵州 云南 西藏 chongqing sichuan guizhou yunnan xizang tibet",
    "西北": "陕西 甘肃 青海 宁夏 新疆 shaanxi gansu qinghai ningxia xinjiang",
    "港澳台": "香港 澳门 台湾 hongkong macau macao taiwan",
}
PROVINCE_REGION = {p: r for r, ps in REGIONS.items() for p in ps.split()}
SUFFIXES = ["壮族自治区", "回族自治区", "维吾尔自治区", "特别行政区", "自治区", "省", "市"]

# 第一财经《2024城市商业魅力排行榜》: 一线 and 新一线 (the rule only asks for these two).
TOP_CITIES = set("北京 上海 广州 深圳 成都 杭州 重庆 苏州 武汉 西安 南京 长沙 天津 郑州 东莞 "
                 "无锡 宁波 青岛 合肥".split())


def region(province):
    p = province.strip()
    for s in SUFFIXES:
        if p.endswith(s) and len(p) > len(s):
            p = p[: -len(s)]
            break
    key = p.lower().replace(" ", "")
    return PROVINCE_REGION.get(p) or PROVINCE_REGION.get(key) or ""


def top_city(city):
    c = city.strip()
    if c.endswith("市"):
        c = c[:-1]
    return c in TOP_CITIES


def number(s):
    try:
        return float(s)
    except ValueError:
        return None


def days_since(s, as_of):
    try:
        return (as_of - datetime.date.fromisoformat(s[:10])).days
    except ValueError:
        return None


def ge(v, x):
    return v is not None and v >= x


def expected(row, as_of):
    orders, amount = number(row["购买次数"]), number(row["消费金额"])
    ds = days_since(row["最近购买日期"], as_of)
    notes = row["备注"]

    behaviour = ("高频客户" if ge(orders, 12) else "低频客户" if ge(orders, 2)
                 else "一次性客户" if orders == 1 else "未购买客户" if orders == 0 else "")
    value = ("高价值" if ge(amount, 50000) else "中价值" if ge(amount, 10000)
             else "低价值" if ge(amount, 0) else "")
    if ds is not None and ds <= 90:
        life = "活跃客户"
    elif ds is not None and ds <= 180:
        life = "沉睡客户"
    elif ds is not None:
        life = "流失客户"
    elif not row["最近购买日期"].strip():
        life = "潜在客户"
    else:
        life = ""
    reg = region(row["省份"])
    tags = []
    if "VIP" in notes or ge(amount, 100000):
        tags.append("VIP客户")
    for r in ("华东", "华南", "华北"):
        if reg == r and ge(amount, 50000):
            tags.append(r + "大客户")
    if top_city(row["城市"]):
        tags.append("一线城市")
    if ds is not None and ds > 180 and ge(orders, 2):
        tags.append("流失老客户")
    if re.search("不满意|投诉|退货", notes):
        tags.append("售后关注")
    return {"购买行为": behaviour, "客户价值": value, "生命周期": life, "标签": ";".join(tags)}


def main():
    path, as_of = sys.argv[1], datetime.date.fromisoformat(sys.argv[2])
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    n = 0
    bad = 0
    for row in rows:
        want = expected(row, as_of)
        for col, v in want.items():
            n += 1
            if row[col] != v:
                bad += 1
                if bad <= 10:
                    print(f"# {row['客户编号']} {col}: custkit {row[col]!r}, python {v!r}")
    unknown = sorted({r["省份"] for r in rows if r["省份"].strip() and not region(r["省份"])})
    print(("ok" if rows and not bad else "not ok") +
          f" - python recomputation of {len(rows)} rows, {n} tag fields, {bad} differ")
    print(("ok" if not unknown else "not ok") + f" - every province has a region {unknown}")


main()
