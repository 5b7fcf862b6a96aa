#!/usr/bin/python3
"""fill_template.py — fill a workbook `custkit template` wrote as a user would in Excel: three
customers, a value in every column (a landline with its leading 0, ids with leading zeros,
dates as Excel dates, amounts and counts as numbers), found by the header the template gave
each column. usage: fill_template.py TEMPLATE.xlsx OUT.xlsx zh|en"""
import datetime
import sys

import openpyxl

src, dst, lang = sys.argv[1], sys.argv[2], sys.argv[3]
zh = lang == "zh"
# role of each header the template writes (its explanation sheet says the same)
wb = openpyxl.load_workbook(src)
ws = wb.worksheets[0]
help_ws = wb.worksheets[1]
role = {r[0]: r[1].split("（")[0].split(" (")[0]
        for r in help_ws.iter_rows(min_row=2, values_only=True)}
D = datetime.datetime
people = [
    dict(id="00127", name=("张伟", "Zhang Wei"), gender=("男", "Male"), phone="13812345678",
         email="zhangwei@example.com", company=("上海示例贸易有限公司", "Example Trading Co."),
         province=("广东省", "Guangdong"), city=("深圳市", "Shenzhen"), industry=("零售", "Retail"),
         birthdate=D(1990, 5, 17), age=36, level=("金卡会员", "Gold"),
         channel=("朋友介绍", "Referral"), first_purchase=D(2024, 3, 8),
         last_purchase=D(2026, 9, 12), orders=5, amount=3280.5, notes=("晚上联系", "call after 6"),
         address=("广东省深圳市南山区科技园路1号", "1 Keji Road, Nanshan, Shenzhen"),
         district=("南山区", "Nanshan")),
    dict(id="00128", name=("李娜", "Li Na"), gender=("女", "Female"), phone="010-62345678",
         email="lina@example.cn", company=("北京某某科技有限公司", "Beijing Tech Ltd"),
         province=("北京市", "Beijing"), city=("北京市", "Beijing"), industry=("教育", "Education"),
         birthdate=D(1985, 11, 2), age=41, level=("普通会员", "Regular"),
         channel=("官网", "Website"), first_purchase=D(2025, 1, 20),
         last_purchase=D(2026, 8, 1), orders=2, amount=199, notes=("老客户", "old customer"),
         address=("北京市海淀区中关村大街27号", "27 Zhongguancun St, Haidian, Beijing"),
         district=("海淀区", "Haidian")),
    dict(id="00129", name=("王芳", "Wang Fang"), gender=("女", "Female"), phone="02161234567",
         email="wangfang@example.com", company=("杭州示例网络有限公司", "Hangzhou Net Co."),
         province=("内蒙古自治区", "Inner Mongolia"), city=("呼和浩特市", "Hohhot"),
         industry=("制造", "Manufacturing"), birthdate=D(2000, 1, 1), age=26,
         level=("钻石会员", "Diamond"), channel=("微信", "WeChat"),
         first_purchase=D(2023, 6, 30), last_purchase=D(2026, 9, 29), orders=12, amount=15800,
         notes=("需要发票", "needs invoices"),
         address=("内蒙古自治区呼和浩特市新城区新华大街1号", "1 Xinhua St, Hohhot"),
         district=("新城区", "Xincheng")),
]
heads = [c.value for c in ws[1]]
for i, p in enumerate(people):
    for j, h in enumerate(heads):
        v = p[role[h]]
        if isinstance(v, tuple):
            v = v[0 if zh else 1]
        c = ws.cell(row=i + 2, column=j + 1)
        c.value = v
        if isinstance(v, D):
            c.number_format = "yyyy-mm-dd"
wb.save(dst)
