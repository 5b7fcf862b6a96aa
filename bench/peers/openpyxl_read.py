#!/usr/bin/python3
# openpyxl_read.py — a peer of `custkit import FILE.xlsx` for bench/run.sh: the first sheet
# read with openpyxl in read_only mode and written to stdout as CSV, as a Python user would.
import csv
import sys

import openpyxl


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: openpyxl_read.py FILE.xlsx")
    wb = openpyxl.load_workbook(sys.argv[1], read_only=True, data_only=True)
    out = csv.writer(sys.stdout, lineterminator="\n")
    for row in wb.worksheets[0].iter_rows(values_only=True):
        out.writerow(["" if v is None else v for v in row])
    wb.close()


if __name__ == "__main__":
    main()
