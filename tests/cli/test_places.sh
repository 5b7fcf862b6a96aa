#!/bin/sh
# Chinese places in clean: province and city columns normalised to the official name (or the
# English one in an English table), an address column split into province, city and district,
# the split measured on 1,000 generated addresses, export --by province on the messy examples.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

py=/usr/bin/python3

# column FILE HEADER: the values of one column, one per line (Python's csv, not custkit's).
column() {
    "$py" - "$1" "$2" <<'EOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding='utf-8-sig', newline='')))
i = rows[0].index(sys.argv[2])
print('\n'.join(r[i] for r in rows[1:]))
EOF
}
header() { head -1 "$1" | sed 's/^\xef\xbb\xbf//'; }

# The generated table is what the script makes of the data.
if python3 "$top/scripts/gen-cn-divisions.py" >"$T/gen.c" 2>"$T/gen.err"; then
    expect_file_eq "lib/clean/cn_divisions.c matches scripts/gen-cn-divisions.py and data/" \
        "$T/gen.c" "$top/lib/clean/cn_divisions.c"
else
    not_ok "scripts/gen-cn-divisions.py runs" "$(head -3 "$T/gen.err")"
fi

# ---------- province and city columns ----------
cat >"$T/zh.csv" <<'EOF'
客户编号,姓名,省份,城市
1,甲,广东,深圳
2,乙,广东省,深圳市
3,丙,粤,Shenzhen
4,丁,Guangdong,深圳
5,戊,内蒙古,呼和浩特
6,己,北京,北京
7,庚,火星,月球城
8,辛,冥王星,吉林
9,壬,,
EOF
ck clean --no-dedup -q "$T/zh.csv" -o "$T/zh.out.csv" 2>"$T/zh.err"
expect_eq "province column: every spelling to the official name" \
    "$(column "$T/zh.out.csv" 省份 | tr '\n' ' ')" \
    "广东省 广东省 广东省 广东省 内蒙古自治区 北京市 火星 冥王星  "
expect_eq "city column: every spelling to the official name" \
    "$(column "$T/zh.out.csv" 城市 | tr '\n' ' ')" \
    "深圳市 深圳市 深圳市 深圳市 呼和浩特市 北京市 月球城 吉林市  "
ck clean --no-dedup "$T/zh.csv" -o "$T/zh.out.csv" 2>"$T/zh.err"
expect_grep "unknown provinces: one warning naming file, column and examples" \
    "zh.csv: column 省份: 2 values not recognised as a province, kept as written (火星, 冥王星)" \
    "$T/zh.err"
expect_grep "unknown cities: one warning" \
    "zh.csv: column 城市: 1 value not recognised as a city, kept as written (月球城)" "$T/zh.err"
expect_eq "quiet: no place warnings" \
    "$(ck clean --no-dedup -q "$T/zh.csv" 2>&1 >/dev/null | grep -c 'not recognised')" "0"
ck clean --no-dedup -q --no-normalize province "$T/zh.csv" -o "$T/nonorm.csv"
expect_eq "--no-normalize province leaves it as written" \
    "$(column "$T/nonorm.csv" 省份 | sed -n 1,3p | tr '\n' ' ')" "广东 广东省 粤 "

cat >"$T/en.csv" <<'EOF'
customer_id,name,province,city
1,A,广东,深圳
2,B,Guangdong,Shenzhen
3,C,GUANGDONG,shenzhen
4,D,内蒙古,Xi'an
5,E,Inner Mongolia,北京市
EOF
ck clean --no-dedup -q "$T/en.csv" -o "$T/en.out.csv"
expect_eq "English table: provinces in English" \
    "$(column "$T/en.out.csv" province | tr '\n' ' ')" \
    "Guangdong Guangdong Guangdong Inner Mongolia Inner Mongolia "
expect_eq "English table: cities in English" \
    "$(column "$T/en.out.csv" city | tr '\n' ' ')" "Shenzhen Shenzhen Shenzhen Xi'an Beijing "

# ---------- the address split ----------
cat >"$T/addr.csv" <<'EOF'
客户编号,姓名,收货地址
1,甲,广东省深圳市南山区科技园路1号
2,乙,518000 广东 深圳 南山区科技园路１号
3,丙,P.R.China 北京市朝阳区建国路88号
4,丁,浙江省义乌市稠州北路
5,戊,新疆维吾尔自治区乌鲁木齐市天山区解放南路
6,己,延边朝鲜族自治州延吉市光明街
7,庚,朝阳区建国路
8,辛,吉林
9,壬,香港九龙油尖旺区弥敦道
10,癸,火星基地1号
11,子,
EOF
ck clean --no-dedup "$T/addr.csv" -o "$T/addr.out.csv" 2>"$T/addr.err"
expect_eq "split: province, city and district columns added" "$(header "$T/addr.out.csv")" \
    "客户编号,姓名,收货地址,省份,城市,区县,问题"
expect_eq "split: the address column is kept as written" \
    "$(column "$T/addr.out.csv" 收货地址 | sed -n 4p)" "浙江省义乌市稠州北路"
"$py" - "$T/addr.out.csv" >"$T/split.txt" <<'EOF'
import csv, sys
for r in list(csv.DictReader(open(sys.argv[1], encoding='utf-8-sig')))[:11]:
    print('%s|%s|%s' % (r['省份'], r['城市'], r['区县']))
EOF
cat >"$T/split.want" <<'EOF'
广东省|深圳市|南山区
广东省|深圳市|南山区
北京市|北京市|朝阳区
浙江省|金华市|义乌市
新疆维吾尔自治区|乌鲁木齐市|天山区
吉林省|延边朝鲜族自治州|延吉市
||
吉林省||
香港特别行政区|九龙|油尖旺区
||
||
EOF
expect_file_eq "split: province, city and district of each address" "$T/split.txt" "$T/split.want"
expect_grep "split: ambiguous names counted with their lines" \
    "addr.csv: column 收货地址: 2 addresses with an ambiguous place name, left empty (lines 8, 9)" \
    "$T/addr.err"
expect_grep "split: addresses without a province counted with their lines" \
    "addr.csv: column 收货地址: 1 address without a recognisable province (line 11)" "$T/addr.err"

ck clean --no-dedup -q --no-split-address "$T/addr.csv" -o "$T/nosplit.csv"
expect_eq "--no-split-address adds no columns" "$(header "$T/nosplit.csv")" "客户编号,姓名,收货地址,问题"
ck clean --no-dedup -q "$T/addr.out.csv" -o "$T/again.csv"
expect_file_eq "clean of a clean table: the same columns and values" "$T/again.csv" "$T/addr.out.csv"
expect_exit "--split-address without an address column is a usage error" 2 \
    ck clean --split-address "$T/zh.csv"
expect_grep "--split-address: the message says why" "no address column" "$T/err"

# existing province and city columns: empty cells filled from the address, others kept
cat >"$T/fill.csv" <<'EOF'
客户编号,姓名,省份,城市,地址
1,甲,,,广东省深圳市南山区科技园路1号
2,乙,浙江,杭州,广东省深圳市南山区科技园路1号
3,丙,广东,,深圳市福田区
EOF
ck clean --no-dedup -q "$T/fill.csv" -o "$T/fill.out.csv"
expect_eq "fill: header gains only the district" "$(header "$T/fill.out.csv")" \
    "客户编号,姓名,省份,城市,地址,区县,问题"
expect_eq "fill: empty province and city filled, written ones kept" \
    "$(column "$T/fill.out.csv" 省份 | tr '\n' ' ')$(column "$T/fill.out.csv" 城市 | tr '\n' ' ')" \
    "广东省 浙江省 广东省 深圳市 杭州市 深圳市 "

cat >"$T/en_addr.csv" <<'EOF'
customer_id,name,shipping address
1,A,广东省深圳市南山区科技园路1号
EOF
ck clean --no-dedup -q "$T/en_addr.csv" -o "$T/en_addr.out.csv"
expect_eq "English table: split province and city in English" \
    "$(sed -n 1p "$T/en_addr.out.csv" | sed 's/^\xef\xbb\xbf//'),$(column "$T/en_addr.out.csv" province),$(column "$T/en_addr.out.csv" city)" \
    "customer_id,name,shipping address,province,city,district,_problems,Guangdong,Shenzhen"

# ---------- measured: 1,000 generated addresses ----------
if python3 "$(dirname "$0")/gen_addresses.py" 1000 "$T/gen.csv" "$T/truth.csv"; then
    ck clean --no-dedup -q "$T/gen.csv" -o "$T/gen.out.csv"
    share=$("$py" - "$T/gen.out.csv" "$T/truth.csv" <<'EOF'
import csv, sys
out = list(csv.DictReader(open(sys.argv[1], encoding='utf-8-sig')))
truth = list(csv.DictReader(open(sys.argv[2], encoding='utf-8')))
assert len(out) == len(truth), (len(out), len(truth))
right = sum((o['省份'], o['城市'], o['区县']) == (t['province'], t['city'], t['district'])
            for o, t in zip(out, truth))
print('%.1f' % (100.0 * right / len(truth)))
EOF
)
    echo "# address split: $share% of 1,000 generated addresses right (province, city and district)"
    if [ -n "$share" ] && awk "BEGIN { exit !($share >= 98) }"; then
        ok "address split right for >= 98% of 1,000 generated addresses ($share%)"
    else
        not_ok "address split right for >= 98% of 1,000 generated addresses" "got $share%"
    fi
else
    not_ok "tests/cli/gen_addresses.py runs"
fi

# ---------- export --by province on the messy examples ----------
# The expected groups: each non-empty province value of the example read independently (the
# official names of data/cn-divisions/provinces.csv by prefix, English names by this table).
need_openpyxl
"$py" - "$ex/customers_zh.csv" "$top/data/cn-divisions/provinces.csv" >"$T/by.want" <<'EOF'
import csv, sys
en = {'beijing': '北京', 'shanghai': '上海', 'tianjin': '天津', 'chongqing': '重庆',
      'guangdong': '广东', 'jiangsu': '江苏', 'zhejiang': '浙江', 'shandong': '山东',
      'sichuan': '四川', 'gansu': '甘肃', 'shaanxi': '陕西', 'shanxi': '山西', 'fujian': '福建',
      'heilongjiang': '黑龙江', 'hunan': '湖南', 'hubei': '湖北', 'henan': '河南',
      'hebei': '河北', 'jiangxi': '江西', 'yunnan': '云南', 'guangxi': '广西', 'anhui': '安徽',
      'guizhou': '贵州', 'liaoning': '辽宁', 'jilin': '吉林', 'hainan': '海南'}
official = [r['name'] for r in csv.DictReader(open(sys.argv[2], encoding='utf-8'))]
groups = set()
for r in csv.DictReader(open(sys.argv[1], encoding='utf-8')):
    v = r['省份'].strip()
    if not v:
        continue
    v = en.get(v.lower(), v)
    match = [f for f in official if f.startswith(v)]
    assert len(match) == 1, (v, match)
    groups.add(match[0])
print(' '.join(sorted(groups)))
EOF
ck import "$ex/customers_zh.csv" 2>/dev/null | ck clean -q |
    ck export --by province --as-of 2026-09-30 -o "$T/by.xlsx" 2>"$T/by.err"
"$py" - "$T/by.xlsx" >"$T/by.got" <<'EOF'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
other = {'概览', '(空)', '待核实', '_lists', '_列表'}
print(' '.join(sorted(n for n in wb.sheetnames if n not in other)))
EOF
expect_file_eq "export --by province: one sheet per real province ($(wc -w <"$T/by.want") of them)" \
    "$T/by.got" "$T/by.want"
