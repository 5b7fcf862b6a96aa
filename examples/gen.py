#!/usr/bin/env python3
# gen.py — deterministic generator of custkit's example and benchmark data: messy customer
# tables (Chinese and English headers), orders, a GB18030 copy, an XLSX workbook, and the truth.
"""Generate custkit's example and benchmark data (Python 3 standard library only).

Usage:
  python3 examples/gen.py --examples DIR
      The committed examples: customers_zh.csv (+ .truth.csv), customers_zh_gbk.csv,
      customers_en.csv (+ .truth.csv), orders.csv, orders_en.csv, orders_q2.csv, customers.xlsx.
  python3 examples/gen.py --customers N --orders M --out DIR [--formats csv,gbk,xlsx]
                          [--lang zh|en] [--seed S]
      Benchmark files, streamed in bounded memory: DIR/customers.csv, DIR/customers_gbk.csv,
      DIR/customers.xlsx, DIR/customers.truth.csv, DIR/orders.csv. N counts customer rows
      (duplicates included); M is approximate (the purchase profiles decide the exact count).

The same arguments always give byte-identical files (one random.Random(seed) drives everything).

Truth files (customers_zh.truth.csv, customers_en.truth.csv, DIR/customers.truth.csv):
  UTF-8 CSV, LF, header `line,customer`, then one row per data record of the customer file, in
  file order. `line` is the physical line number (header = line 1) on which the record starts,
  counting the newlines embedded in quoted fields of earlier records. `customer` is the true
  person (P000001, ...). Rows with the same `customer` are one person: dedup by phone, email and
  id (normalised as SPEC section 4 says) must merge them, possibly through a chain (A~B by phone,
  B~C by email), and one such group has different names (a conflict). Rows with different
  `customer` share no normalised phone, email or id, so they must not merge, even when their
  names are equal. Invalid phones and emails are unique too, so no rule about them can merge
  two people. Customer ids are unique per row.

Orders files: every order's customer id is a row id of the customer file (often a duplicate
row's id, so it must count for the merged survivor), except the orphans (ids starting KH9... that
no customer has); "bad" orders have an impossible date (2025-13-01, 2025-02-30) or an amount
that is not a number. orders_q2.csv holds the orders of orders.csv whose date is valid and not
after 2026-06-30 (the previous quarter, for segment --compare).
"""
import argparse
import csv
import datetime
import heapq
import io
import itertools
import os
import sys
import tempfile
import zipfile

import random

ASOF = datetime.date(2026, 9, 30)
Q2_END = datetime.date(2026, 6, 30)
START = datetime.date(2024, 1, 1)
EXCEL_EPOCH = datetime.date(1899, 12, 30)

HEADERS = {
    "zh": ["客户编号", "姓名", "性别", "手机", "邮箱", "公司", "省份", "城市", "行业", "出生日期",
           "首次购买日期", "最近购买日期", "购买次数", "消费金额", "备注"],
    "en": ["customer_id", "name", "gender", "phone", "email", "company", "province", "city",
           "industry", "birthdate", "first_purchase", "last_purchase", "orders", "amount", "notes"],
}
ORDER_HEADERS = {
    "zh": ["订单号", "客户编号", "下单日期", "订单金额", "商品", "数量"],
    "en": ["order_id", "customer_id", "order_date", "amount", "product", "quantity"],
}

# ---------------------------------------------------------------- reference data

# (short, full, pinyin, weight, [(city, city pinyin, area code)])
PROVINCES = [
    ("北京", "北京市", "Beijing", 8, [("北京", "Beijing", "010")]),
    ("上海", "上海市", "Shanghai", 9, [("上海", "Shanghai", "021")]),
    ("天津", "天津市", "Tianjin", 2, [("天津", "Tianjin", "022")]),
    ("重庆", "重庆市", "Chongqing", 3, [("重庆", "Chongqing", "023")]),
    ("广东", "广东省", "Guangdong", 12,
     [("广州", "Guangzhou", "020"), ("深圳", "Shenzhen", "0755"), ("东莞", "Dongguan", "0769"),
      ("佛山", "Foshan", "0757"), ("珠海", "Zhuhai", "0756"), ("惠州", "Huizhou", "0752"),
      ("中山", "Zhongshan", "0760"), ("汕头", "Shantou", "0754")]),
    ("浙江", "浙江省", "Zhejiang", 9,
     [("杭州", "Hangzhou", "0571"), ("宁波", "Ningbo", "0574"), ("温州", "Wenzhou", "0577"),
      ("绍兴", "Shaoxing", "0575"), ("嘉兴", "Jiaxing", "0573"), ("金华", "Jinhua", "0579")]),
    ("江苏", "江苏省", "Jiangsu", 9,
     [("南京", "Nanjing", "025"), ("苏州", "Suzhou", "0512"), ("无锡", "Wuxi", "0510"),
      ("常州", "Changzhou", "0519"), ("南通", "Nantong", "0513"), ("徐州", "Xuzhou", "0516")]),
    ("山东", "山东省", "Shandong", 6,
     [("济南", "Jinan", "0531"), ("青岛", "Qingdao", "0532"), ("烟台", "Yantai", "0535"),
      ("潍坊", "Weifang", "0536")]),
    ("四川", "四川省", "Sichuan", 5, [("成都", "Chengdu", "028"), ("绵阳", "Mianyang", "0816")]),
    ("湖北", "湖北省", "Hubei", 4, [("武汉", "Wuhan", "027"), ("宜昌", "Yichang", "0717")]),
    ("湖南", "湖南省", "Hunan", 4, [("长沙", "Changsha", "0731"), ("岳阳", "Yueyang", "0730")]),
    ("河南", "河南省", "Henan", 4, [("郑州", "Zhengzhou", "0371"), ("洛阳", "Luoyang", "0379")]),
    ("福建", "福建省", "Fujian", 4,
     [("福州", "Fuzhou", "0591"), ("厦门", "Xiamen", "0592"), ("泉州", "Quanzhou", "0595")]),
    ("安徽", "安徽省", "Anhui", 3, [("合肥", "Hefei", "0551"), ("芜湖", "Wuhu", "0553")]),
    ("河北", "河北省", "Hebei", 3,
     [("石家庄", "Shijiazhuang", "0311"), ("保定", "Baoding", "0312"), ("唐山", "Tangshan", "0315")]),
    ("陕西", "陕西省", "Shaanxi", 3, [("西安", "Xi'an", "029"), ("宝鸡", "Baoji", "0917")]),
    ("辽宁", "辽宁省", "Liaoning", 3, [("沈阳", "Shenyang", "024"), ("大连", "Dalian", "0411")]),
    ("江西", "江西省", "Jiangxi", 2, [("南昌", "Nanchang", "0791"), ("赣州", "Ganzhou", "0797")]),
    ("广西", "广西壮族自治区", "Guangxi", 2,
     [("南宁", "Nanning", "0771"), ("桂林", "Guilin", "0773"), ("柳州", "Liuzhou", "0772")]),
    ("云南", "云南省", "Yunnan", 2, [("昆明", "Kunming", "0871"), ("曲靖", "Qujing", "0874")]),
    ("贵州", "贵州省", "Guizhou", 1, [("贵阳", "Guiyang", "0851"), ("遵义", "Zunyi", "0851")]),
    ("黑龙江", "黑龙江省", "Heilongjiang", 2,
     [("哈尔滨", "Harbin", "0451"), ("大庆", "Daqing", "0459")]),
    ("山西", "山西省", "Shanxi", 1, [("太原", "Taiyuan", "0351"), ("大同", "Datong", "0352")]),
    ("内蒙古", "内蒙古自治区", "Inner Mongolia", 1,
     [("呼和浩特", "Hohhot", "0471"), ("包头", "Baotou", "0472")]),
    ("新疆", "新疆维吾尔自治区", "Xinjiang", 1, [("乌鲁木齐", "Urumqi", "0991")]),
    ("海南", "海南省", "Hainan", 1, [("海口", "Haikou", "0898"), ("三亚", "Sanya", "0898")]),
    ("甘肃", "甘肃省", "Gansu", 1, [("兰州", "Lanzhou", "0931")]),
    ("宁夏", "宁夏回族自治区", "Ningxia", 1, [("银川", "Yinchuan", "0951")]),
]
MUNICIPALITIES = {"北京", "上海", "天津", "重庆"}

SURNAMES = [("王", "wang"), ("李", "li"), ("张", "zhang"), ("刘", "liu"), ("陈", "chen"),
            ("杨", "yang"), ("黄", "huang"), ("赵", "zhao"), ("吴", "wu"), ("周", "zhou"),
            ("徐", "xu"), ("孙", "sun"), ("马", "ma"), ("朱", "zhu"), ("胡", "hu"), ("郭", "guo"),
            ("何", "he"), ("高", "gao"), ("林", "lin"), ("罗", "luo"), ("郑", "zheng"),
            ("梁", "liang"), ("谢", "xie"), ("宋", "song"), ("唐", "tang"), ("韩", "han"),
            ("冯", "feng"), ("邓", "deng"), ("曹", "cao"), ("彭", "peng"), ("曾", "zeng"),
            ("肖", "xiao"), ("田", "tian"), ("董", "dong"), ("袁", "yuan"), ("潘", "pan"),
            ("蒋", "jiang"), ("蔡", "cai"), ("杜", "du"), ("叶", "ye"), ("程", "cheng"),
            ("苏", "su"), ("魏", "wei"), ("丁", "ding"), ("任", "ren"), ("沈", "shen"),
            ("欧阳", "ouyang"), ("司马", "sima")]
GIVEN = {
    "M": [("伟", "wei"), ("强", "qiang"), ("磊", "lei"), ("军", "jun"), ("洋", "yang"),
          ("勇", "yong"), ("杰", "jie"), ("涛", "tao"), ("明", "ming"), ("超", "chao"),
          ("斌", "bin"), ("鹏", "peng"), ("辉", "hui"), ("浩", "hao"), ("宇", "yu"),
          ("俊", "jun"), ("峰", "feng"), ("建", "jian"), ("国", "guo"), ("志", "zhi"),
          ("文", "wen"), ("华", "hua"), ("平", "ping"), ("刚", "gang"), ("东", "dong"),
          ("海", "hai"), ("波", "bo"), ("晨", "chen"), ("博", "bo"), ("轩", "xuan"), ("凯", "kai")],
    "F": [("芳", "fang"), ("娜", "na"), ("敏", "min"), ("静", "jing"), ("丽", "li"),
          ("艳", "yan"), ("娟", "juan"), ("霞", "xia"), ("秀", "xiu"), ("英", "ying"),
          ("玲", "ling"), ("婷", "ting"), ("雪", "xue"), ("琳", "lin"), ("慧", "hui"),
          ("燕", "yan"), ("倩", "qian"), ("晶", "jing"), ("欣", "xin"), ("怡", "yi"),
          ("梅", "mei"), ("颖", "ying"), ("佳", "jia"), ("雨", "yu"), ("萱", "xuan"),
          ("悦", "yue"), ("琪", "qi"), ("思", "si"), ("涵", "han")],
}
# Names so common that different people share them (they must never be merged by name).
COMMON_NAMES = [("张伟", "zhangwei", "M"), ("王芳", "wangfang", "F"), ("李娜", "lina", "F"),
                ("刘洋", "liuyang", "M"), ("王静", "wangjing", "F"), ("李强", "liqiang", "M")]
EN_FIRST = {"M": ["James", "John", "Robert", "Michael", "David", "William", "Richard", "Thomas",
                  "Daniel", "Kevin", "Jason", "Eric", "Lucas", "Peter", "Mark"],
            "F": ["Mary", "Jennifer", "Linda", "Elizabeth", "Susan", "Jessica", "Sarah", "Karen",
                  "Emily", "Emma", "Olivia", "Sophia", "Grace", "Amy", "Helen"]}
EN_LAST = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson",
           "Taylor", "Anderson", "Moore", "Martin", "Lee", "Clark", "Lewis", "Walker", "Young",
           "King", "Wright", "Scott", "Green", "Baker", "Chan", "Wong", "Tan", "Lim", "Ng"]
EN_COMMON_NAMES = [("John Smith", "johnsmith", "M"), ("Wang Fang", "wangfang", "F"),
                   ("Li Na", "lina", "F"), ("David Lee", "davidlee", "M")]

# (zh, en, [company word suffixes zh], [company suffixes en])
INDUSTRIES = [
    ("制造业", "Manufacturing", ["机械", "实业", "电子", "精密制造"], ["Machinery", "Industrial"]),
    ("零售业", "Retail", ["商贸", "百货", "贸易"], ["Trading", "Retail"]),
    ("服务业", "Services", ["企业管理", "咨询", "家政服务"], ["Consulting", "Services"]),
    ("互联网", "Internet", ["网络科技", "信息技术", "科技"], ["Technology", "Networks"]),
    ("金融", "Finance", ["投资", "融资租赁", "保险代理"], ["Capital", "Investment"]),
    ("教育", "Education", ["教育科技", "教育咨询", "培训"], ["Education", "Learning"]),
    ("医疗", "Healthcare", ["医疗器械", "医药", "健康管理"], ["Medical", "Health"]),
    ("房地产", "Real Estate", ["置业", "房地产开发", "物业管理"], ["Properties", "Realty"]),
    ("物流", "Logistics", ["物流", "供应链", "运输"], ["Logistics", "Supply Chain"]),
    ("餐饮", "Catering", ["餐饮管理", "食品"], ["Foods", "Catering"]),
]
COMPANY_WORDS = ["华鑫", "恒达", "宏远", "金辉", "瑞丰", "盛世", "鼎泰", "嘉禾", "永兴", "新创",
                 "博远", "天成", "中联", "卓越", "汇通", "东方", "润德", "锦程", "信达", "安泰",
                 "佳禾", "瑞祥", "远航", "启明", "聚力", "同创", "海纳", "智源", "华普", "正和"]
EN_COMPANY_WORDS = ["Acme", "Evergreen", "Golden Bridge", "Pacific", "Bright Star", "Summit",
                    "Harbor", "Silverline", "Orient", "Lotus", "Red Maple", "Blue Ocean",
                    "Greenfield", "Sunrise", "Jade"]

PRODUCTS = [  # (zh, en, unit price)
    ("办公椅", "Office chair", 899), ("激光打印机", "Laser printer", 1699),
    ("笔记本电脑", "Laptop", 5999), ("显示器", "Monitor", 1299), ("机械键盘", "Keyboard", 399),
    ("无线鼠标", "Wireless mouse", 99), ("投影仪", "Projector", 3499),
    ("碎纸机", "Shredder", 599), ("文件柜", "File cabinet", 1099),
    ("会议桌", "Meeting table", 2899), ("咖啡机", "Coffee machine", 2199),
    ("空气净化器", "Air purifier", 1899), ("路由器", "Router", 299),
    ("A4打印纸(箱)", "A4 paper (box)", 159), ("墨盒套装", "Ink cartridges", 259),
    ("扫描仪", "Scanner", 1599), ("台灯", "Desk lamp", 189), ("白板", "Whiteboard", 329),
]

# Purchase profiles that give RFM every kind of segment. (name, weight, orders min/max,
# days from last purchase to as-of min/max, span first→last min/max, spend factor)
PROFILES = [
    ("champion", 8, 8, 20, 0, 30, 300, 900, 2.0),
    ("loyal", 12, 5, 12, 0, 90, 200, 800, 1.2),
    ("potential", 9, 2, 4, 0, 60, 30, 200, 1.0),
    ("new", 8, 1, 2, 0, 30, 0, 20, 1.0),
    ("promising", 5, 1, 1, 20, 90, 0, 0, 0.8),
    ("need_attention", 7, 3, 6, 60, 150, 100, 400, 1.0),
    ("about_to_sleep", 6, 1, 3, 120, 210, 0, 150, 0.8),
    ("at_risk", 8, 5, 12, 200, 400, 200, 500, 1.5),
    ("cant_lose", 4, 10, 25, 300, 500, 300, 500, 3.0),
    ("hibernating", 9, 1, 3, 300, 600, 0, 200, 0.7),
    ("lost", 10, 1, 1, 600, 1000, 0, 0, 0.6),
    ("prospect", 10, 0, 0, 0, 0, 0, 0, 0.0),
]

NOTES_ZH = ["VIP客户", "老客户介绍", "需要开发票", "年底回访,关注新品", "VIP,重点维护",
            "客户说\"价格再优惠点\"", "地址变更\n新地址待确认", "展会认识", "已加微信",
            "电话常不接，改微信联系", "要求\"月结\",已同意", "VIP 大客户\n每季度回访一次",
            "对售后不满意", "竞品也在接触", "团购客户"]
NOTES_EN = ["VIP customer", "Referred by an existing client", "Needs invoice",
            "Call back at year end, interested in new models", "VIP, key account",
            "Said \"too expensive\"", "Moved office\nnew address to confirm", "Met at trade fair",
            "Prefers WeChat", "Asked for \"net 30\" terms, approved",
            "VIP account\nquarterly review", "Unhappy with after-sales", "Group purchase"]

MOBILE_PREFIXES = ["130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151",
                   "152", "153", "155", "156", "157", "158", "159", "166", "177", "180", "181",
                   "182", "183", "185", "186", "187", "188", "189", "198", "199"]
EMAIL_DOMAINS = ["qq.com", "163.com", "126.com", "sina.com", "gmail.com", "outlook.com",
                 "hotmail.com", "foxmail.com", "139.com", "yahoo.com"]
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")

# ---------------------------------------------------------------- helpers


_CUM = {}


def weighted(rng, items, weights):
    """rng.choices(items, weights)[0], with the cumulative weights computed once per table
    (the same draw, so the output does not change)."""
    key = tuple(weights)
    cum = _CUM.get(key)
    if cum is None:
        cum = _CUM[key] = list(itertools.accumulate(key))
    return rng.choices(items, cum_weights=cum)[0]


class Unique:
    """Unique numbers of `digits` digits in an order that does not look sequential: a
    multiplicative bijection modulo 10**digits (the multiplier is odd and not a multiple of 5)."""

    def __init__(self, digits, offset, mult=61728393):
        self.mod = 10 ** digits
        self.digits = digits
        self.i = offset
        self.mult = mult

    def next(self):
        v = (self.i * self.mult + 7654321) % self.mod
        self.i += 1
        return "%0*d" % (self.digits, v)


def date_str(d, style, time=None):
    if style == "iso":
        s = "%04d-%02d-%02d" % (d.year, d.month, d.day)
    elif style == "slash":
        s = "%d/%d/%d" % (d.year, d.month, d.day)
    elif style == "dot":
        s = "%d.%d.%d" % (d.year, d.month, d.day)
    elif style == "cn":
        s = "%d年%d月%d日" % (d.year, d.month, d.day)
    else:
        s = "%04d%02d%02d" % (d.year, d.month, d.day)
    if time is not None and style in ("iso", "slash"):
        s += " %02d:%02d" % time
    return s


DATE_STYLES = ["iso", "slash", "dot", "cn", "compact"]
DATE_WEIGHTS_ZH = [40, 25, 10, 15, 10]
DATE_WEIGHTS_EN = [50, 30, 8, 2, 10]


def num_str(x):
    """Shortest plain decimal of x (two decimals at most): 1234.5, 12000."""
    s = "%.2f" % x
    return s.rstrip("0").rstrip(".") if "." in s else s


def grouped(x, decimals):
    return ("{:,.%df}" % decimals).format(x)


# ---------------------------------------------------------------- people and rows

class Person:
    __slots__ = ("pid", "name", "pinyin", "gender", "mobile", "landline", "intl", "email",
                 "email2", "mobile2", "company", "prov", "city", "industry", "birth", "note",
                 "profile", "orders", "copies", "index")


class Gen:
    def __init__(self, lang, seed, n_rows, n_orders, small):
        self.lang = lang
        self.rng = random.Random(seed)
        self.n_rows = n_rows
        self.small = small
        self.mobile_u = Unique(8, 11 if lang == "zh" else 5000011)
        self.land_u = Unique(7, 5, mult=3141593)
        self.intl_u = Unique(7, 3, mult=2718283)
        # email numbers: short in the examples, wide enough to stay unique at any size
        self.email_u = Unique(3 if small else 7, 1, mult=7919 if small else 61728393)
        self.qq_u = Unique(9, 1, mult=98765431)
        self.pid = 0
        self.id_width = max(5, len(str(n_rows)) + 1)
        self.prov_weights = [p[3] for p in PROVINCES]
        self.profile_weights = [p[1] for p in PROFILES]
        # scale multi-order profiles so the total comes near n_orders
        persons = n_rows / 1.11
        tw = sum(self.profile_weights)
        fixed = sum(p[1] * (p[2] + p[3]) / 2 for p in PROFILES if p[2] < 2) / tw
        multi = sum(p[1] * (p[2] + p[3]) / 2 for p in PROFILES if p[2] >= 2) / tw
        self.scale = max(0.2, (n_orders / persons - fixed) / multi)
        # the examples plant every kind of case at fixed people; big files draw them at random
        self.forced = {}
        if small:
            self.forced = {2: "chain", 5: "threeway", 8: "conflict", 11: "phone", 14: "email",
                           17: "both", 20: "fill", 23: "chain", 26: "threeway",
                           30: "common0", 60: "common0", 95: "common0", 40: "common1",
                           120: "common1", 50: "common2", 140: "common2",
                           33: "badphone12345", 36: "bademail1", 39: "bademail2",
                           42: "negamount", 45: "tbdamount"}

    # -- one person
    def new_person(self, index):
        rng = self.rng
        p = Person()
        self.pid += 1
        p.pid = "P%06d" % self.pid
        p.index = index
        forced = self.forced.get(index, "")
        p.gender = rng.choice("MF")
        if forced.startswith("common"):
            table = COMMON_NAMES if self.lang == "zh" else EN_COMMON_NAMES
            p.name, p.pinyin, p.gender = table[int(forced[6:]) % len(table)]
        elif self.lang == "zh":
            s, sp = SURNAMES[min(int(rng.expovariate(1 / 12)), len(SURNAMES) - 1)]
            g = GIVEN[p.gender]
            if rng.random() < 0.35:
                c, cp = rng.choice(g)
                p.name, p.pinyin = s + c, sp + cp
            else:
                c1, p1 = rng.choice(g)
                c2, p2 = rng.choice(g)
                p.name, p.pinyin = s + c1 + c2, sp + p1 + p2
        else:
            if rng.random() < 0.5:
                s, sp = rng.choice(SURNAMES[:30])
                c, cp = rng.choice(GIVEN[p.gender])
                p.name, p.pinyin = sp.capitalize() + " " + cp.capitalize(), sp + cp
            else:
                f = rng.choice(EN_FIRST[p.gender])
                last = rng.choice(EN_LAST)
                p.name, p.pinyin = f + " " + last, (f + last).lower()
        pi = weighted(rng, range(len(PROVINCES)), self.prov_weights)
        p.prov = PROVINCES[pi]
        p.city = rng.choice(p.prov[4])
        r = rng.random()
        p.mobile = p.landline = p.intl = None
        intl_share = 0.08 if self.lang == "en" else 0.01
        if r < 0.88:
            p.mobile = rng.choice(MOBILE_PREFIXES) + self.mobile_u.next()
        elif r < 0.94:
            num = rng.choice("2345678") + self.land_u.next()
            ext = str(rng.randint(100, 899)) if rng.random() < 0.4 else ""
            p.landline = (p.city[2], num, ext)
        elif r < 0.94 + intl_share:
            cc, n = rng.choice([("1", 10), ("44", 10), ("65", 8), ("852", 8), ("81", 10)])
            p.intl = (cc, (rng.choice("2345689") + self.intl_u.next() + "0000")[:n])
        p.email = self.new_email(p)
        p.email2 = None
        p.mobile2 = None
        p.industry = rng.choice(INDUSTRIES)
        p.company = self.new_company(p) if rng.random() < 0.8 else ""
        d0 = datetime.date(1960, 1, 1).toordinal()
        p.birth = datetime.date.fromordinal(rng.randint(d0, datetime.date(2004, 12, 31).toordinal()))
        notes = NOTES_ZH if self.lang == "zh" else NOTES_EN
        p.note = rng.choice(notes) if rng.random() < 0.3 else ""
        p.profile = weighted(rng, PROFILES, self.profile_weights)
        p.copies = self.plan_copies(p, forced)
        self.plan_orders(p)
        return p

    def new_email(self, p):
        rng = self.rng
        r = rng.random()
        if r < 0.15 and self.lang == "zh":
            return str(int(self.qq_u.next()) + 100000000) + "@qq.com"
        local = p.pinyin
        if "." not in local and rng.random() < 0.25 and self.lang == "en":
            local = p.name.split()[0].lower() + "." + p.name.split()[-1].lower()
        return local + self.email_u.next() + "@" + rng.choice(EMAIL_DOMAINS)

    def new_company(self, p):
        rng = self.rng
        if self.lang == "zh":
            city = p.city[0] + ("市" if rng.random() < 0.3 else "")
            kind = "股份有限公司" if rng.random() < 0.1 else "有限公司"
            return city + rng.choice(COMPANY_WORDS) + rng.choice(p.industry[2]) + kind
        form = rng.random()
        w = rng.choice(EN_COMPANY_WORDS) + " " + rng.choice(p.industry[3])
        if form < 0.5:
            return w + " Co., Ltd."
        if form < 0.8:
            return p.city[1] + " " + w + " Ltd"
        return w + " Inc."

    # -- copies: the rows under which one person appears, with the keys each carries
    def plan_copies(self, p, forced):
        """A list of (phone, email, name) per row: phone is "M" (the person's own phone),
        "M2" (a second mobile), "BAD" or None; email is "E", "E2", "BAD" or None."""
        rng = self.rng
        phone = "M" if (p.mobile or p.landline or p.intl) else None
        email = "E" if rng.random() < 0.75 else None
        pattern = forced if forced in ("chain", "threeway", "conflict", "phone", "email", "both",
                                       "fill") else ""
        if not pattern and not forced:
            r = rng.random() / (0.8 if self.small else 1.0)
            for name, share in (("phone", 0.035), ("email", 0.02), ("both", 0.01), ("fill", 0.01),
                                ("chain", 0.008), ("threeway", 0.008), ("conflict", 0.008)):
                if r < share:
                    pattern = name
                    break
                r -= share
        if pattern in ("phone", "both", "fill", "chain", "threeway", "conflict") and not p.mobile:
            if forced:  # the examples' planted cases need a mobile
                p.mobile = rng.choice(MOBILE_PREFIXES) + self.mobile_u.next()
                p.landline = p.intl = None
            else:  # landlines and foreign numbers are only ever linked by email
                pattern = "email"
        if pattern:
            email = "E"
        name = p.name
        if pattern == "phone":
            return [("M", email, name), ("M", "E2" if rng.random() < 0.4 else None, name)]
        if pattern == "email":
            return [(phone, "E", name), (None if rng.random() < 0.5 else "M2", "E", name)]
        if pattern == "both":
            return [("M", "E", name), ("M", "E", name)]
        if pattern == "fill":  # the first entry lacks the email the second one has
            return [("M", None, name), ("M", "E", name)]
        if pattern == "chain":  # A~B by phone, B~C by email; A and C share nothing
            return [("M", "E", name), ("M", "E2", name), ("M2" if rng.random() < 0.5 else None,
                                                          "E2", name)]
        if pattern == "threeway":
            return [("M", "E", name), ("M", None, name), (None, "E", name)]
        if pattern == "conflict":  # same phone, another name (a typo or a relative)
            return [("M", "E", name), ("M", None, self.other_name(p))]
        if forced == "badphone12345":
            return [("BAD12345", email, name)]
        if forced == "bademail1":
            return [(phone, "BADAT", name)]
        if forced == "bademail2":
            return [(phone, "BADNOAT", name)]
        if not forced:
            r = rng.random()
            if r < 0.012 and phone:
                phone = "BAD"
            elif r < 0.024 and email:
                email = "BAD"
        return [(phone, email, name)]

    def other_name(self, p):
        rng = self.rng
        if self.lang == "zh":
            surname = p.name[:2] if p.name[:2] in ("欧阳", "司马") else p.name[:1]
            while True:
                c, _ = rng.choice(GIVEN[rng.choice("MF")])
                n = surname + c
                if n != p.name:
                    return n
        while True:
            n = rng.choice(EN_FIRST[rng.choice("MF")]) + " " + p.name.split()[-1]
            if n != p.name:
                return n

    # -- orders of one person, each assigned to one of the person's rows
    def plan_orders(self, p):
        rng = self.rng
        _, _, omin, omax, lmin, lmax, smin, smax, spend = p.profile
        p.orders = []
        if omax == 0:
            return
        n = rng.randint(omin, omax)
        if omin >= 2:
            n = max(1, int(round(n * self.scale)))
        last = ASOF - datetime.timedelta(days=rng.randint(lmin, lmax))
        span = min(rng.randint(smin, smax), (last - START).days)
        first = last - datetime.timedelta(days=span)
        days = [first, last] if n > 1 else [last]
        for _ in range(n - len(days)):
            days.append(first + datetime.timedelta(days=rng.randint(0, span)))
        ncopies = len(p.copies)
        for d in days:
            name_zh, name_en, price = rng.choice(PRODUCTS)
            qty = min(50, 1 + int(rng.expovariate(1.0) * spend * 1.5))
            disc = weighted(rng, (1.0, 0.95, 0.9, 0.85), (70, 10, 12, 8))
            amount = round(price * qty * disc, 2)
            t = (rng.randint(8, 22), rng.randint(0, 59), rng.randint(0, 59))
            copy = 0 if ncopies == 1 or rng.random() < 0.6 else rng.randrange(1, ncopies)
            p.orders.append((d, t, name_zh if self.lang == "zh" else name_en, qty, amount, copy))

    # -- rendering one row with all the mess of SPEC section 4
    def render(self, p, copy, row_id):
        """The CSV fields of one row and the XLSX cells: ('s', text, style) for strings,
        ('n', number text, style) for numbers, None for blank."""
        rng = self.rng
        zh = self.lang == "zh"
        phone_key, email_key, name = p.copies[copy]
        dup = copy > 0
        f = []
        x = []

        def put(text, cell=None):
            f.append(text)
            if cell is None and text != "":
                cell = ("s", text, 0)
            x.append(cell if text != "" else None)

        # id: most are KH00042; some come from another system (15 digits) or keep zeros
        put(row_id, ("s", row_id, 5 if row_id[0].isdigit() else 0))
        # name, with stray spaces now and then
        r = rng.random()
        shown = name
        if r < 0.03:
            shown = name + " "
        elif r < 0.05:
            shown = " " + name
        elif r < 0.06 and zh and len(name) == 2:
            shown = name[0] + " " + name[1]
        elif 0.06 <= r < 0.065:
            shown = ""
        put(shown)
        # gender
        if rng.random() < (0.3 if dup else 0.08):
            put("")
        elif zh:
            put(weighted(rng, {"M": ("男", "M", "先生"), "F": ("女", "F", "女士")}[p.gender],
                         (70, 15, 15)))
        else:
            put(weighted(rng, {"M": ("M", "Male", "male"), "F": ("F", "Female", "female")}
                         [p.gender], (60, 25, 15)))
        # phone
        put(*self.render_phone(p, phone_key, dup))
        # email
        put(self.render_email(p, email_key, dup))
        # company
        company = "" if dup and rng.random() < 0.4 else p.company
        if company and rng.random() < 0.02:  # pasted from a web page or a chat
            company = weighted(rng, ["\u00a0" + company, company + "\u200b"], (50, 50))
        put(company)
        # province and city
        put(self.render_province(p.prov) if rng.random() > 0.04 else "")
        put(self.render_city(p.city, p.prov) if rng.random() > (0.25 if dup else 0.08) else "")
        # industry
        put("" if rng.random() < (0.3 if dup else 0.1) else p.industry[0 if zh else 1])
        # birth date
        if rng.random() < (0.45 if dup else 0.2):
            put("")
        else:
            put(*self.render_date(p.birth, birth=True))
        # purchase summary of this row's own orders (as the CRM exported it)
        mine = [o for o in p.orders if o[5] == copy]
        if mine:
            put(*self.render_date(min(o[0] for o in mine)))
            last = max(mine, key=lambda o: (o[0], o[1]))
            put(*self.render_date(last[0], time=last[1][:2] if rng.random() < 0.1 else None,
                                  future_ok=True))
        else:
            put("")
            put("")
        count = len(mine)
        if rng.random() < 0.04:
            put("")
        else:
            put(str(count), ("n", str(count), 0))
        total = round(sum(o[4] for o in mine), 2)
        put(*self.render_amount(total, bool(mine), self.forced.get(p.index, "")))
        # notes
        note = p.note if not dup or rng.random() < 0.3 else ""
        put(note)
        return f, x

    def render_phone(self, p, key, dup):
        rng = self.rng
        if key is None:
            return ("",)
        if key == "BAD12345":
            return ("12345",)
        if key == "BAD":
            base = p.mobile or (rng.choice(MOBILE_PREFIXES) + self.mobile_u.next())
            if rng.random() < 0.5:
                return (base + str(rng.randint(0, 9)),)  # 12 digits
            return ("2" + base[1:],)  # 11 digits that are no mobile
        if key == "M2":
            if p.mobile2 is None:
                p.mobile2 = rng.choice(MOBILE_PREFIXES) + self.mobile_u.next()
            return self.mobile_form(p.mobile2, dup)
        if p.mobile:
            return self.mobile_form(p.mobile, dup)
        if p.landline:
            area, num, ext = p.landline
            if ext:
                s = weighted(rng, ["%s-%s %s 转 %s" % (area, num[:4], num[4:], ext),
                                   "%s-%s转%s" % (area, num, ext), "%s-%s-%s" % (area, num, ext)],
                             (50, 25, 25))
            else:
                s = weighted(rng, ["%s-%s" % (area, num), "%s-%s %s" % (area, num[:4], num[4:]),
                                   "%s %s" % (area, num)], (60, 25, 15))
            return (s,)
        cc, n = p.intl
        if cc == "1":
            s = weighted(rng, ["+1 (%s) %s-%s" % (n[:3], n[3:6], n[6:]),
                               "+1-%s-%s-%s" % (n[:3], n[3:6], n[6:]), "+1" + n], (40, 30, 30))
        else:
            s = weighted(rng, ["+%s %s %s" % (cc, n[:4], n[4:]), "+%s%s" % (cc, n)], (60, 40))
        return (s,)

    def mobile_form(self, m, dup):
        rng = self.rng
        forms = ["plain", "intl", "0086", "86", "space", "paren", "full", "plus86", "dash"]
        w = (20, 20, 10, 10, 12, 8, 6, 8, 6) if dup else (62, 9, 4, 4, 6, 3, 4, 4, 4)
        form = weighted(rng, forms, w)
        if form == "plain":
            cell = ("n", m, 0) if rng.random() < 0.5 else ("s", m, 5)
            return (m, cell)
        s = {"intl": "+86 %s-%s-%s" % (m[:3], m[3:7], m[7:]),
             "0086": "0086 " + m, "86": "86-" + m,
             "space": "%s %s %s" % (m[:3], m[3:7], m[7:]), "paren": "(%s)%s" % (m[:3], m[3:]),
             "full": m.translate(FULLWIDTH), "plus86": "+86" + m,
             "dash": "%s-%s-%s" % (m[:3], m[3:7], m[7:])}[form]
        return (s,)

    def render_email(self, p, key, dup):
        rng = self.rng
        if key is None:
            return ""
        if key == "BADAT":
            return "zhang@@x.com" if self.lang == "zh" else "john@@x.com"
        if key == "BADNOAT":
            return "no-at-sign.com"
        if key == "E2":
            if p.email2 is None:
                p.email2 = self.new_email(p)
            e = p.email2
        else:
            e = p.email
        if key == "BAD":
            local, domain = e.split("@")
            return local + ("@@" if rng.random() < 0.5 else ".") + domain
        r = rng.random()
        if r < (0.5 if dup else 0.06):
            local, domain = e.split("@")
            e = weighted(rng, [e.upper(), local.capitalize() + "@" + domain,
                               local + "@" + domain.upper()], (40, 40, 20))
        r = rng.random()
        if r < (0.4 if dup else 0.04):
            e = weighted(rng, [" " + e, e + " ", "  " + e + " "], (40, 40, 20))
        return e

    def render_province(self, prov):
        rng = self.rng
        short, full, pinyin = prov[0], prov[1], prov[2]
        if self.lang == "zh":
            return weighted(rng, [short, full, pinyin], (50, 40, 10))
        return weighted(rng, [pinyin, pinyin.upper(), short, full], (82, 4, 8, 6))

    def render_city(self, city, prov):
        rng = self.rng
        if self.lang == "zh":
            return weighted(rng, [city[0], city[0] + "市"], (60, 40))
        return weighted(rng, [city[1], city[0]], (92, 8))

    def render_date(self, d, birth=False, time=None, future_ok=False):
        """One date in one of the five forms; now and then impossible, future or ambiguous."""
        rng = self.rng
        r = rng.random()
        if r < 0.008:  # impossible: a day the month does not have
            bad = "%04d-%02d-%02d" % (d.year, 2, 30) if rng.random() < 0.5 else \
                "%04d/%d/%d" % (d.year, 4, 31)
            return (bad,)
        if r < 0.018 and (future_ok or rng.random() < 0.3):  # a typo into the future
            d = datetime.date(2027 + (d.year % 3 if not birth else 4), d.month, min(d.day, 28))
        elif r < 0.024 and d.day <= 12 and d.month != d.day:
            return ("%02d/%02d/%04d" % (d.day, d.month, d.year),)  # day-first or month-first?
        style = weighted(rng, DATE_STYLES, DATE_WEIGHTS_ZH if self.lang == "zh"
                         else DATE_WEIGHTS_EN)
        if time is not None and style not in ("iso", "slash"):
            style = "iso"
        s = date_str(d, style, time)
        serial = (d - EXCEL_EPOCH).days
        if time is not None:
            v = repr(serial + (time[0] * 60 + time[1]) / 1440.0)
            return (s, ("n", v, 3))
        return (s, ("n", str(serial), 2 if style == "cn" else 1))

    def render_amount(self, total, has_orders, forced=""):
        rng = self.rng
        zh = self.lang == "zh"
        if rng.random() < 0.04 and not forced:
            return ("",)
        r = rng.random()
        if forced == "tbdamount":
            r = 0.0
        elif forced == "negamount":
            r = 0.006
        if r < 0.004:
            return ("待定" if zh else "TBD",)
        if r < 0.008:  # a refund booked as a negative total
            v = "-" + num_str(rng.choice((200, 500, 1299)))
            return (v, ("n", v, 0))
        if not has_orders:
            return ("0", ("n", "0", 0))
        plain = num_str(total)
        if zh:
            forms = ["plain", "yen", "yuan", "group", "wan", "rmb", "fixed"]
            form = weighted(rng, forms, (30, 15, 10, 15, 12, 5, 13))
        else:
            forms = ["plain", "dollar", "group", "rmb", "fixed"]
            form = weighted(rng, forms, (35, 20, 20, 10, 15))
        if form == "wan" and total < 10000:
            form = "group"
        if form == "plain":
            return (plain, ("n", plain, 0))
        if form == "fixed":
            return ("%.2f" % total, ("n", plain, 7))
        if form == "group":
            dec = 0 if total == int(total) else 2
            return (grouped(total, dec), ("n", plain, 4 if dec == 0 else 7))
        if form == "yen":
            return (("¥" if rng.random() < 0.6 else "￥") + grouped(total, 2),)
        if form == "yuan":
            return ("￥" + plain + "元",)
        if form == "wan":
            return (num_str(round(total / 10000, 2)) + "万",)
        if form == "dollar":
            return ("$" + grouped(total, 2),)
        return ("RMB " + plain,)


# ---------------------------------------------------------------- the customer table stream

def row_ids(gen, rownum):
    """The id of the rownum-th row: KH00042 mostly; 15-digit ids from another system and
    zero-padded numeric ids now and then (ids must stay text in any spreadsheet)."""
    r = (rownum * 2654435761) % 100
    if r < 4:
        return "3101%011d" % rownum
    if r < 7:
        return "%08d" % rownum
    return "KH%0*d" % (gen.id_width, rownum)


def generate_customers(gen, sinks, order_sink):
    """Emit gen.n_rows rows: each person's first row at once, duplicates a little later (a
    bounded queue, so memory does not grow with the file)."""
    rng = gen.rng
    window = 120 if gen.small else 3000
    pending = []  # (due row, seq, person, copy)
    seq = 0
    rownum = 0
    persons = 0
    while rownum < gen.n_rows:
        if pending and (pending[0][0] <= rownum + 1 or
                        rownum + len(pending) >= gen.n_rows):
            _, _, p, c = heapq.heappop(pending)
        else:
            p = gen.new_person(persons)
            persons += 1
            room = gen.n_rows - rownum - len(pending)
            if len(p.copies) > room:  # at the very end: no room for its duplicates
                p.copies = p.copies[:1]
                p.orders = [o[:5] + (0,) for o in p.orders]
            for c in range(1, len(p.copies)):
                seq += 1
                heapq.heappush(pending, (rownum + 1 + rng.randint(1, window), seq, p, c))
            c = 0
        rownum += 1
        rid = row_ids(gen, rownum)
        fields, cells = gen.render(p, c, rid)
        for s in sinks:
            s.row(fields, cells, p.pid)
        for o in p.orders:
            if o[5] == c:
                order_sink.add(rid, o)
    return persons


class CsvSink:
    """customers CSV (UTF-8, LF), its GB18030/CRLF twin and the truth file, written together."""

    def __init__(self, lang, csv_path=None, gbk_path=None, truth_path=None):
        self.buf = io.StringIO()
        self.w = csv.writer(self.buf, lineterminator="\n")
        self.out = open(csv_path, "w", encoding="utf-8", newline="") if csv_path else None
        self.gbk = open(gbk_path, "wb") if gbk_path else None
        self.truth = open(truth_path, "w", encoding="utf-8", newline="") if truth_path else None
        self.line = 1
        self.emit(HEADERS[lang])
        if self.truth:
            self.truth.write("line,customer\n")

    def emit(self, fields):
        self.buf.seek(0)
        self.buf.truncate(0)
        self.w.writerow(fields)
        text = self.buf.getvalue()
        if self.out:
            self.out.write(text)
        if self.gbk:
            # Excel ends records with CRLF and keeps LF inside a cell
            self.gbk.write((text[:-1] + "\r\n").encode("gb18030"))
        return text

    def row(self, fields, cells, pid):
        text = self.emit(fields)
        self.line += 1
        if self.truth:
            self.truth.write("%d,%s\n" % (self.line, pid))
        self.line += text.count("\n") - 1

    def close(self):
        for f in (self.out, self.gbk, self.truth):
            if f:
                f.close()


# ---------------------------------------------------------------- orders

class OrderSink:
    """Orders bucketed by month in temporary files, then written sorted by time with ids.
    Memory is bounded by one month of orders, not by the whole file."""

    def __init__(self, gen, tmpdir):
        self.gen = gen
        self.tmpdir = tmpdir
        self.files = {}
        self.count = 0

    def bucket(self, d):
        k = d.year * 100 + d.month
        f = self.files.get(k)
        if f is None:
            f = self.files[k] = open(os.path.join(self.tmpdir, "m%d" % k), "w",
                                     encoding="utf-8", newline="\n")
        return f

    def add(self, cust_id, o):
        d, t, product, qty, amount, _ = o
        self.count += 1
        self.bucket(d).write("%04d-%02d-%02d %02d:%02d:%02d\x1f%09d\x1f%s\x1f%s\x1f%d\x1f%r\n" % (
            d.year, d.month, d.day, t[0], t[1], t[2], self.count, cust_id, product, qty, amount))

    def add_orphans(self, n):
        rng = self.gen.rng
        span = (ASOF - START).days
        for _ in range(n):
            d = START + datetime.timedelta(days=rng.randint(0, span))
            cid = "KH9%0*d" % (self.gen.id_width - 1, rng.randrange(10 ** (self.gen.id_width - 1)))
            name_zh, name_en, price = rng.choice(PRODUCTS)
            qty = rng.randint(1, 3)
            t = (rng.randint(8, 22), rng.randint(0, 59), rng.randint(0, 59))
            self.add(cid, (d, t, name_zh if self.gen.lang == "zh" else name_en, qty,
                           float(price * qty), 0))

    def write(self, path, q2_path, bad_share):
        rng = self.gen.rng
        zh = self.gen.lang == "zh"
        out = open(path, "w", encoding="utf-8", newline="")
        q2 = open(q2_path, "w", encoding="utf-8", newline="") if q2_path else None
        w = csv.writer(out, lineterminator="\n")
        wq = csv.writer(q2, lineterminator="\n") if q2 else None
        w.writerow(ORDER_HEADERS[self.gen.lang])
        if wq:
            wq.writerow(ORDER_HEADERS[self.gen.lang])
        width = 4 if self.count < 1000000 else 5
        stats = {"orders": 0, "bad": 0}
        for k in sorted(self.files):
            f = self.files[k]
            f.close()
            with open(f.name, encoding="utf-8") as fin:
                lines = fin.readlines()
            os.unlink(f.name)
            lines.sort()
            day = None
            seq = 0
            for line in lines:
                stamp, _, cid, product, qty, amount = line.rstrip("\n").split("\x1f")
                amount = float(amount)
                if stamp[:10] != day:
                    day, seq = stamp[:10], 0
                seq += 1
                oid = "DD%s%0*d" % (day.replace("-", ""), width, seq)
                y, m, dd = int(day[:4]), int(day[5:7]), int(day[8:10])
                r = rng.random()
                if r < 0.80:
                    ds = stamp
                elif r < 0.90:
                    ds = day
                elif r < 0.95:
                    ds = "%d/%d/%d %d:%s" % (y, m, dd, int(stamp[11:13]), stamp[14:16])
                else:
                    ds = "%d年%d月%d日" % (y, m, dd) if zh else "%d/%d/%d" % (y, m, dd)
                r = rng.random()
                if r < 0.9:
                    amt = "%.2f" % amount
                elif r < 0.95:
                    amt = num_str(amount)
                else:
                    amt = ("¥" if zh else "$") + grouped(amount, 2)
                bad = rng.random() < bad_share
                valid_date = True
                if bad:
                    if rng.random() < 0.5:
                        ds = "%d-13-%02d" % (y, dd) if rng.random() < 0.6 else "%d-02-30" % y
                        valid_date = False
                    else:
                        amt = weighted(rng, ["abc", "待定" if zh else "TBD"], (60, 40))
                    stats["bad"] += 1
                row = [oid, cid, ds, amt, product, qty]
                w.writerow(row)
                stats["orders"] += 1
                if wq and valid_date and datetime.date(y, m, dd) <= Q2_END:
                    wq.writerow(row)
        out.close()
        if q2:
            q2.close()
        return stats


# ---------------------------------------------------------------- XLSX (SpreadsheetML by hand)

def xml_escape(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def col_letter(i):
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


COLS = [col_letter(i) for i in range(26)]
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
NSR = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
STYLES_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet ' + NS + '>'
    '<numFmts count="2">'
    '<numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>'
    '<numFmt numFmtId="165" formatCode="yyyy\\-mm\\-dd\\ hh:mm"/></numFmts>'
    '<fonts count="3"><font><sz val="11"/><name val="等线"/><family val="2"/>'
    '<scheme val="minor"/></font><font><b/><sz val="11"/><name val="等线"/><family val="2"/>'
    '<scheme val="minor"/></font><font><b/><sz val="14"/><name val="等线"/><family val="2"/>'
    '<scheme val="minor"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="9">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="4" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '</cellXfs>'
    '<cellStyles count="1"><cellStyle name="常规" xfId="0" builtinId="0"/></cellStyles>'
    '</styleSheet>')
STYLE_HEADER = 6
STYLE_TITLE = 8
COL_WIDTHS = [17, 9, 6, 18, 28, 30, 14, 10, 10, 13, 13, 17, 9, 13, 30]


class XlsxSink:
    """A workbook written as a stream: sheet XML goes through ZipFile.open(name, 'w') in
    chunks, shared strings to a temporary file (deduplicated while the table of known strings
    is small, appended as they come after that), so memory stays bounded."""

    DEDUP_LIMIT = 200000

    def __init__(self, path, sheets, tmpdir, zip64=False):
        self.zip64 = zip64
        self.zf = zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED)
        self.sheets = sheets  # [(name, state)]
        self.sst_file = open(os.path.join(tmpdir, "sst.xml"), "w", encoding="utf-8")
        self.sst = {}
        self.sst_count = 0
        self.sst_unique = 0
        self.put("[Content_Types].xml", self.content_types())
        self.put("_rels/.rels",
                 '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                 '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                 'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org'
                 '/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
                 '</Relationships>')
        sheets_xml = "".join(
            '<sheet name="%s" sheetId="%d"%s r:id="rId%d"/>' % (
                xml_escape(n), i + 1, ' state="%s"' % st if st else "", i + 1)
            for i, (n, st) in enumerate(sheets))
        self.put("xl/workbook.xml",
                 '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                 '<workbook ' + NS + ' ' + NSR + '><workbookPr/><bookViews>'
                 '<workbookView activeTab="0"/></bookViews><sheets>' + sheets_xml +
                 '</sheets></workbook>')
        rels = "".join(
            '<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/worksheet" Target="worksheets/sheet%d.xml"/>' % (i + 1, i + 1)
            for i in range(len(sheets)))
        n = len(sheets)
        rels += ('<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/'
                 'officeDocument/2006/relationships/styles" Target="styles.xml"/>' % (n + 1))
        rels += ('<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/'
                 'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
                 % (n + 2))
        self.put("xl/_rels/workbook.xml.rels",
                 '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                 '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                 'relationships">' + rels + '</Relationships>')
        self.put("xl/styles.xml", STYLES_XML)
        self.cur = None
        self.nsheet = 0

    def content_types(self):
        ov = '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-' \
             'officedocument.spreadsheetml.sheet.main+xml"/>'
        for i in range(len(self.sheets)):
            ov += ('<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/'
                   'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' % (i + 1))
        ov += ('<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
               'officedocument.spreadsheetml.styles+xml"/>'
               '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
               'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>')
        return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
                'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
                + ov + '</Types>')

    @staticmethod
    def info(name):
        zi = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
        zi.compress_type = zipfile.ZIP_DEFLATED
        zi.external_attr = 0o644 << 16
        return zi

    def put(self, name, text):
        self.zf.writestr(self.info(name), text.encode("utf-8"))

    def string(self, s):
        i = self.sst.get(s)
        if i is None:
            i = self.sst_unique
            self.sst_unique += 1
            if len(self.sst) < self.DEDUP_LIMIT:
                self.sst[s] = i
            sp = ' xml:space="preserve"' if (s != s.strip() or "\n" in s) else ""
            self.sst_file.write("<si><t%s>%s</t></si>" % (sp, xml_escape(s)))
        self.sst_count += 1
        return i

    def begin_sheet(self, nrows, merge=None, freeze_row=1):
        self.nsheet += 1
        self.cur = self.zf.open(self.info("xl/worksheets/sheet%d.xml" % self.nsheet), "w",
                                force_zip64=self.zip64)
        self.chunk = []
        self.size = 0
        self.rownum = 0
        self.merge = merge
        cols = "".join('<col min="%d" max="%d" width="%d" customWidth="1"/>' % (i + 1, i + 1, w)
                       for i, w in enumerate(COL_WIDTHS))
        pane = ('<pane ySplit="%d" topLeftCell="A%d" activePane="bottomLeft" state="frozen"/>'
                % (freeze_row, freeze_row + 1))
        self.write('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                   '<worksheet ' + NS + ' ' + NSR + '><dimension ref="A1:%s%d"/>'
                   '<sheetViews><sheetView %sworkbookViewId="0">%s</sheetView></sheetViews>'
                   '<sheetFormatPr defaultRowHeight="15"/><cols>%s</cols><sheetData>' % (
                       col_letter(len(COL_WIDTHS) - 1), nrows,
                       'tabSelected="1" ' if self.nsheet == 1 else "", pane, cols))

    def write(self, s):
        self.chunk.append(s)
        self.size += len(s)
        if self.size > 1 << 16:
            self.cur.write("".join(self.chunk).encode("utf-8"))
            self.chunk = []
            self.size = 0

    def cells(self, cells):
        self.rownum += 1
        r = self.rownum
        out = ['<row r="%d">' % r]
        for i, c in enumerate(cells):
            if c is None:
                continue  # blank cells are absent, as Excel writes them
            kind, v, style = c
            st = ' s="%d"' % style if style else ""
            if kind == "s":
                out.append('<c r="%s%d"%s t="s"><v>%d</v></c>' % (COLS[i], r, st,
                                                                 self.string(v)))
            else:
                out.append('<c r="%s%d"%s><v>%s</v></c>' % (COLS[i], r, st, v))
        out.append("</row>")
        self.write("".join(out))

    def row(self, fields, cells, pid):
        self.cells(cells)

    def end_sheet(self):
        tail = "</sheetData>"
        if self.merge:
            tail += '<mergeCells count="1"><mergeCell ref="%s"/></mergeCells>' % self.merge
        tail += ('<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" '
                 'footer="0.3"/></worksheet>')
        self.write(tail)
        self.cur.write("".join(self.chunk).encode("utf-8"))
        self.cur.close()
        self.cur = None

    def close(self):
        self.sst_file.close()
        with self.zf.open(self.info("xl/sharedStrings.xml"), "w",
                          force_zip64=self.zip64) as out:
            out.write(('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                       '<sst %s count="%d" uniqueCount="%d">' % (
                           NS, self.sst_count, self.sst_unique)).encode("utf-8"))
            with open(self.sst_file.name, "rb") as f:
                while True:
                    b = f.read(1 << 20)
                    if not b:
                        break
                    out.write(b)
            out.write(b"</sst>")
        os.unlink(self.sst_file.name)
        self.zf.close()


class SheetSink:
    """Feeds rows to the current sheet of an XlsxSink, the header first in bold."""

    def __init__(self, book, lang, nrows):
        self.book = book
        book.begin_sheet(nrows + 1)
        book.cells([("s", h, STYLE_HEADER) for h in HEADERS[lang]])

    def row(self, fields, cells, pid):
        self.book.cells(cells)


class Recorder:
    """Keeps the rows of the examples (small) to write the workbook's second sheet."""

    def __init__(self, limit):
        self.rows = []
        self.limit = limit

    def row(self, fields, cells, pid):
        if len(self.rows) < self.limit:
            self.rows.append(cells)


# ---------------------------------------------------------------- modes

def make_examples(outdir, seed):
    os.makedirs(outdir, exist_ok=True)
    summary = []
    with tempfile.TemporaryDirectory() as tmp:
        for lang, n_rows, n_orders in (("zh", 300, 3200), ("en", 300, 3100)):
            gen = Gen(lang, seed + (0 if lang == "zh" else 1), n_rows, n_orders, small=True)
            sfx = "zh" if lang == "zh" else "en"
            sink = CsvSink(lang, os.path.join(outdir, "customers_%s.csv" % sfx),
                           os.path.join(outdir, "customers_zh_gbk.csv") if lang == "zh" else None,
                           os.path.join(outdir, "customers_%s.truth.csv" % sfx))
            sinks = [sink]
            book = None
            if lang == "zh":
                book = XlsxSink(os.path.join(outdir, "customers.xlsx"),
                                [("客户名单", None), ("带标题", "visible")], tmp)
                rec = Recorder(50)
                sinks += [SheetSink(book, lang, n_rows), rec]
            orders = OrderSink(gen, tmp)
            persons = generate_customers(gen, sinks, orders)
            sink.close()
            if book:
                book.end_sheet()
                # second sheet: a title row above the header, as managers like to add
                book.begin_sheet(len(rec.rows) + 2, merge="A1:O1", freeze_row=2)
                book.cells([("s", "客户名单（2026年第三季度）", STYLE_TITLE)])
                book.cells([("s", h, STYLE_HEADER) for h in HEADERS[lang]])
                for cells in rec.rows:
                    book.cells(cells)
                book.end_sheet()
                book.close()
            orders.add_orphans(20)
            name = "orders.csv" if lang == "zh" else "orders_en.csv"
            q2 = os.path.join(outdir, "orders_q2.csv") if lang == "zh" else None
            st = orders.write(os.path.join(outdir, name), q2, 10 / 3000)
            summary.append("%s: %d rows, %d people; %s: %d orders, 20 orphans, %d bad" % (
                "customers_%s.csv" % sfx, n_rows, persons, name, st["orders"], st["bad"]))
    return summary


def make_large(args):
    os.makedirs(args.out, exist_ok=True)
    formats = set(args.formats.split(","))
    gen = Gen(args.lang, args.seed, args.customers, args.orders, small=False)
    with tempfile.TemporaryDirectory(dir=args.out) as tmp:
        sink = CsvSink(args.lang,
                       os.path.join(args.out, "customers.csv") if "csv" in formats else None,
                       os.path.join(args.out, "customers_gbk.csv") if "gbk" in formats else None,
                       os.path.join(args.out, "customers.truth.csv"))
        sinks = [sink]
        book = None
        if "xlsx" in formats:
            sheet = "客户名单" if args.lang == "zh" else "Customers"
            book = XlsxSink(os.path.join(args.out, "customers.xlsx"), [(sheet, None)], tmp,
                            zip64=True)
            sinks.append(SheetSink(book, args.lang, args.customers))
        orders = OrderSink(gen, tmp)
        persons = generate_customers(gen, sinks, orders)
        sink.close()
        if book:
            book.end_sheet()
            book.close()
        orders.add_orphans(max(1, args.orders // 150))
        st = orders.write(os.path.join(args.out, "orders.csv"), None, 10 / 3000)
    return ["customers: %d rows, %d people; orders.csv: %d orders, %d orphans, %d bad" % (
        args.customers, persons, st["orders"], max(1, args.orders // 150), st["bad"])]


def main():
    ap = argparse.ArgumentParser(description="Generate custkit example and benchmark data.")
    ap.add_argument("--examples", metavar="DIR", help="write the committed example files")
    ap.add_argument("--customers", type=int, help="customer rows (large mode)")
    ap.add_argument("--orders", type=int, help="about this many orders (large mode)")
    ap.add_argument("--out", metavar="DIR", help="output directory (large mode)")
    ap.add_argument("--formats", default="csv,gbk,xlsx", help="csv,gbk,xlsx (large mode)")
    ap.add_argument("--lang", choices=("zh", "en"), default="zh", help="headers (large mode)")
    ap.add_argument("--seed", type=int, default=20260930)
    ap.add_argument("-q", "--quiet", action="store_true", help="no summary on stderr")
    args = ap.parse_args()
    if args.examples:
        summary = make_examples(args.examples, args.seed)
    elif args.customers is not None and args.out:
        if args.customers < 1 or (args.orders is not None and args.orders < 0):
            ap.error("--customers must be at least 1 and --orders not negative")
        unknown = set(args.formats.split(",")) - {"csv", "gbk", "xlsx"}
        if unknown:
            ap.error("unknown format(s): " + ",".join(sorted(unknown)))
        if args.orders is None:
            args.orders = args.customers * 5
        summary = make_large(args)
    else:
        ap.error("give --examples DIR, or --customers N [--orders M] --out DIR")
    if not args.quiet:
        for line in summary:
            print("gen.py: " + line, file=sys.stderr)


if __name__ == "__main__":
    main()
