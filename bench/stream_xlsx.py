"""Streams every sheet of a workbook with openpyxl (read_only, the mode for
workbooks too large to load) and prints the seconds, then each sheet's name
and row count: bench/compare.sh's check that openpyxl reads what asxh wrote.

    /usr/bin/python3 bench/stream_xlsx.py BOOK.xlsx
"""
import sys
import time

import openpyxl

start = time.perf_counter()
wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
counts = [(ws.title, sum(1 for _ in ws.iter_rows(values_only=True))) for ws in wb.worksheets]
wb.close()
print("%.2f" % (time.perf_counter() - start))
for title, n in counts:
    print("%s\t%d" % (title, n))
