"""The same checks as `asxh validate` on the social-protection register,
done the usual way with pandas: read_excel, then the key, rate and
counting checks. Prints the seconds it took and the row count."""
import sys
import time

import pandas as pd

path, rate = sys.argv[1], 350000
t0 = time.perf_counter()
df = pd.read_excel(path, header=2, dtype=str)  # title rows above the header
df = df[df["Mã đối tượng"].notna()]
df = df[df["Mã đối tượng"].str.startswith("BT")]  # drop a total row

def number(s):
    s = str(s).strip().replace(" đ", "")
    if "," in s:  # Vietnamese: 1.234,5
        s = s.replace(".", "").replace(",", ".")
    return float(s)

heso = df["Hệ số"].map(number)
muc = df["Mức trợ cấp (đồng/tháng)"].map(number)
dup = df["Mã đối tượng"].duplicated().sum()
bad_rate = (muc != heso * rate).sum()
start = pd.to_datetime(df["Ngày hưởng"], errors="coerce")
stop = pd.to_datetime(df["Ngày thôi hưởng"], errors="coerce")
end = pd.Timestamp("2020-12-31")
active = (start <= end) & (stop.isna() | (stop > end))
count, total = int(active.sum()), float(muc[active].sum())
t1 = time.perf_counter()
print(f"{t1 - t0:.3f} {len(df)} dup={dup} bad_rate={bad_rate} active={count} total={total:.0f}")
