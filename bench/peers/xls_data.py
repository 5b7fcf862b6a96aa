#!/usr/bin/python3
"""The benchmark's .xls: customers.csv as an XLSX of sheets of 50,000 rows (an .xls sheet holds
at most 65,536), each with the header, numbers as numbers; LibreOffice converts it to .xls.

  xls_data.py CUSTOMERS_CSV OUT_XLS"""
import csv
import os
import re
import shutil
import subprocess
import sys
import tempfile

import openpyxl

src, out = sys.argv[1], sys.argv[2]
tmp = tempfile.mkdtemp(prefix="xls_data.")
num = re.compile(r"-?(0|[1-9][0-9]{0,14})(\.[0-9]*[1-9])?")
with open(src, newline="", encoding="utf-8") as f:
    rows = list(csv.reader(f))
header, body = rows[0], rows[1:]
wb = openpyxl.Workbook(write_only=True)
for k in range(0, len(body), 50000):
    ws = wb.create_sheet("customers_%d" % (k // 50000 + 1))
    ws.append(header)
    for r in body[k:k + 50000]:
        ws.append([(float(v) if "." in v else int(v)) if num.fullmatch(v) else v for v in r])
xlsx = os.path.join(tmp, "customers.xlsx")
wb.save(xlsx)
subprocess.run(["soffice", "-env:UserInstallation=file://" + os.path.join(tmp, "profile"),
                "--headless", "--convert-to", "xls", "--outdir", tmp, xlsx], check=True,
               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
shutil.move(os.path.join(tmp, "customers.xls"), out)
shutil.rmtree(tmp)
