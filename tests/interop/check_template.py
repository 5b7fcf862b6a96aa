#!/usr/bin/python3
"""check_template.py — read a workbook `custkit template` wrote with openpyxl and check what a
user relies on: the columns, each column's validation (type, operator, range, list, formula),
its input message, the text format of phone and id, the frozen and protected header, the
unlocked entry cells, the hidden lists sheet, the explanation sheet.

usage: check_template.py BOOK.xlsx LANG ROWS PROVINCES.csv
Prints one line per failed check and exits 1 when any failed."""
import csv
import sys

import openpyxl

book, lang, rows, provinces_csv = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
zh = lang == "zh"
fails = []


def check(what, got, want):
    if got != want:
        fails.append(f"{what}: got {got!r}, want {want!r}")


# The 31 provincial divisions of the mainland from the division list the repository carries
# (香港 81, 澳门 82, 台湾 71 are not among them).
with open(provinces_csv, encoding="utf-8") as f:
    official = [r["name"] for r in csv.DictReader(f) if int(r["code"]) < 70]
check("mainland provinces in the CSV", len(official), 31)

wb = openpyxl.load_workbook(book)
sheet, helpname = ("客户登记表", "填写说明") if zh else ("Customers", "How to fill in")
# the hidden lists sheet is there when a list is too long to be written inline: the Chinese
# province names are (31 names, more than 255 bytes), the English ones are not
check("sheets", wb.sheetnames, [sheet, helpname] + (["_列表"] if zh else []))
ws, help_ws = wb[sheet], wb[helpname]
lists = wb["_列表"] if zh else None
if lists:
    check("the lists sheet is hidden", lists.sheet_state, "hidden")
check("the entry sheet is the active one", wb.active.title, sheet)

heads = (["客户编号", "姓名", "性别", "手机号", "邮箱", "公司", "省份", "城市", "出生日期",
          "客户等级", "来源渠道", "首次购买日期", "最近购买日期", "购买次数", "消费金额", "备注"]
         if zh else
         ["Customer ID", "Name", "Gender", "Phone", "Email", "Company", "Province", "City",
          "Date of birth", "Customer level", "Source channel", "First purchase date",
          "Last purchase date", "Orders", "Amount", "Notes"])
check("header", [c.value for c in ws[1]], heads)
col = {h: openpyxl.utils.get_column_letter(i + 1) for i, h in enumerate(heads)}
H = dict(zip(["id", "name", "gender", "phone", "email", "company", "province", "city",
              "birthdate", "level", "channel", "first", "last", "orders", "amount", "notes"],
             heads))

# header: frozen, bold, locked under a sheet protection without a password
check("frozen pane", ws.freeze_panes, "A2")
check("sheet protected", bool(ws.protection.sheet), True)
check("no password", ws.protection.password, None)
for h in heads:
    c = ws[col[h] + "1"]
    check(f"{h} header bold", bool(c.font.b), True)
    check(f"{h} header locked", c.protection.locked, True)
    for r in (2, rows + 1):
        check(f"{h}{r} unlocked", ws[f"{col[h]}{r}"].protection.locked, False)
check("entry rows", ws.max_row, rows + 1)
for k in ("phone", "id"):
    for r in (2, rows + 1):
        check(f"{k} row {r} text format", ws[f"{col[H[k]]}{r}"].number_format, "@")
for k in ("birthdate", "first", "last"):
    check(f"{k} date format", ws[f"{col[H[k]]}2"].number_format, "yyyy-mm-dd")

# validations, one per column, over rows 2..rows+1
dvs = {}
for dv in ws.data_validations.dataValidation:
    dvs[str(dv.sqref)] = dv
check("validated columns", len(dvs), len(heads))


def dv(k):
    ref = f"{col[H[k]]}2:{col[H[k]]}{rows + 1}"
    if ref not in dvs:
        fails.append(f"no validation over {ref} ({k})")
        return None
    return dvs[ref]


def inline(v):
    return v.formula1.strip('"').split(",")


g = dv("gender")
if g:
    check("gender list", (g.type, inline(g)), ("list", ["男", "女"] if zh else ["Male", "Female"]))
    check("gender refuses others", g.errorStyle in (None, "stop"), True)
p = dv("province")
if p:
    check("province list type", p.type, "list")
    if zh:
        check("province list range", p.formula1, "'_列表'!$A$1:$A$31")
        got = [lists.cell(row=i + 1, column=1).value for i in range(31)]
        check("province names = the CSV's 31", got, official)
        check("nothing after the 31", lists.cell(row=32, column=1).value, None)
    else:
        got = inline(p)
        check("31 English province names", len(set(got)), 31)
        for name in ("Beijing", "Guangdong", "Inner Mongolia", "Xinjiang"):
            check(f"{name} listed", name in got, True)
lv = dv("level")
if lv:
    check("level list", lv.type, "list")
    check("level warns", lv.errorStyle, "warning")
    check("level defaults", inline(lv), ["普通会员", "银卡会员", "金卡会员", "钻石会员"] if zh
          else ["Regular", "Silver", "Gold", "Diamond"])
ch = dv("channel")
if ch:
    check("channel list", ch.type, "list")
    check("channel has 8 values", len(inline(ch)), 8)
ph = dv("phone")
if ph:
    c = col[H["phone"]] + "2"
    check("phone custom", ph.type, "custom")
    for part in (f"LEN({c})=11", f'LEFT({c},1)="1"', f"TEXT(--{c},\"0\")", "IFERROR("):
        if part not in ph.formula1:
            fails.append(f"phone formula has no {part}: {ph.formula1}")
    check("phone formula within Excel's 255 characters", len(ph.formula1) <= 255, True)
em = dv("email")
if em:
    check("email custom", em.type, "custom")
for k in ("birthdate", "first", "last"):
    d = dv(k)
    if d:
        check(f"{k} date validation", (d.type, d.operator, d.formula1, d.formula2),
              ("date", None, "1", "2958465"))
a = dv("amount")
if a:
    check("amount decimal >= 0", (a.type, a.operator, a.formula1),
          ("decimal", "greaterThanOrEqual", "0"))
o = dv("orders")
if o:
    check("orders whole >= 0", (o.type, o.operator, o.formula1),
          ("whole", "greaterThanOrEqual", "0"))
# every column has an input message shown on entry, titled by its header
for k, h in H.items():
    d = dv(k)
    if d:
        check(f"{k} shows its input message", bool(d.showInputMessage), True)
        if not d.prompt or len(d.prompt) > 255:
            fails.append(f"{k}: input message {d.prompt!r}")
        if not (d.promptTitle or "").startswith(h):
            fails.append(f"{k}: input title {d.promptTitle!r} does not name {h}")
        if d.type and d.type != "list" and not bool(d.showErrorMessage):
            fails.append(f"{k}: no error message")
        if zh and d.prompt and not any("\u4e00" <= ch <= "\u9fff" for ch in d.prompt):
            fails.append(f"{k}: input message not in Chinese: {d.prompt!r}")
        if not zh and d.prompt and any("\u4e00" <= ch <= "\u9fff" for ch in d.prompt):
            fails.append(f"{k}: input message not in English: {d.prompt!r}")
for k in ("name", "phone"):
    d = dv(k)
    if d:
        check(f"{k}: required said in the input title", ("必填" if zh else "required") in
              (d.promptTitle or ""), True)

# the explanation sheet: one row per column, in order
rows_help = list(help_ws.iter_rows(values_only=True))
check("help header", list(rows_help[0]),
      ["列名", "角色", "填写内容", "示例", "是否必填"] if zh
      else ["Column", "Role", "What to enter", "Example", "Required"])
check("help rows", [r[0] for r in rows_help[1:]], heads)
roles = [r[1] for r in rows_help[1:]]
check("help roles", [r.split("（")[0].split(" (")[0] for r in roles],
      ["id", "name", "gender", "phone", "email", "company", "province", "city", "birthdate",
       "level", "channel", "first_purchase", "last_purchase", "orders", "amount", "notes"])
req = {r[0]: r[4] for r in rows_help[1:]}
yes, no = ("必填", "选填") if zh else ("Required", "Optional")
check("name and phone required", (req[H["name"]], req[H["phone"]]), (yes, yes))
check("others optional", {req[h] for h in heads if h not in (H["name"], H["phone"])}, {no})
for r in rows_help[1:]:
    if not r[2] or not r[3]:
        fails.append(f"help row {r[0]}: empty what-to-enter or example")
# the help text matches the input message of the entry sheet
for k, h in H.items():
    d = dv(k)
    hr = [r for r in rows_help if r[0] == h][0]
    if d and d.prompt != hr[2]:
        fails.append(f"{k}: input message and help differ")

for f in fails:
    print(f)
sys.exit(1 if fails else 0)
