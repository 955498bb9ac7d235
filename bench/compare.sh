#!/usr/bin/env bash
# Side by side, in one run on one machine: `asxh validate` against pandas
# (read_excel and the same key, rate and counting checks) on a ward folder
# whose social-protection register has ROWS rows, and against the floor of
# just inflating and tokenising the sheet XML. Best of three each.
#
#   bench/compare.sh [ROWS]        (default 100000)
#
# Needs Go, and python3 with pandas and openpyxl (Debian: apt-get install
# -y python3-pandas python3-openpyxl; installed here when run as root).
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-100000}
py=/usr/bin/python3
if ! $py -c 'import pandas, openpyxl' 2>/dev/null; then
	if [ "$(id -u)" = 0 ]; then
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-pandas python3-openpyxl >/dev/null
	else
		echo "bench: needs pandas and openpyxl: sudo apt-get install -y python3-pandas python3-openpyxl" >&2
		exit 1
	fi
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/asxh" ./cmd/asxh
go build -o "$work/floor" ./bench/floor
mkdir -p "$work/ward"
go run ./cmd/gensample -btxh "$rows" -out "$work/ward"
book="$work/ward/bao-tro-xa-hoi.xlsx"

best() { sort -n | head -1; }
asxh_s=$(for _ in 1 2 3; do
	s=$(date +%s.%N)
	"$work/asxh" validate --input "$work/ward" --out "$work/out" 2>/dev/null || true
	e=$(date +%s.%N)
	echo "$e - $s" | bc
done | best)
asxh_kb=$( { /usr/bin/time -f "%M" "$work/asxh" validate --input "$work/ward" --out "$work/out" >/dev/null 2>"$work/time"; } 2>&1; tail -1 "$work/time")
pandas_s=$(for _ in 1 2 3; do $py bench/pandas_validate.py "$book" | cut -d' ' -f1; done | best)
floor_s=$(for _ in 1 2 3; do "$work/floor" "$book" | cut -d' ' -f1; done | best)
n=$($py bench/pandas_validate.py "$book" | cut -d' ' -f2)

awk -v n="$n" -v a="$asxh_s" -v p="$pandas_s" -v f="$floor_s" -v kb="$asxh_kb" 'BEGIN {
	printf "rows in the BTXH register: %d (plus the six small registers asxh also reads)\n", n
	printf "%-28s %8s %14s\n", "", "seconds", "rows/second"
	printf "%-28s %8.2f %14.0f\n", "asxh validate", a, n / a
	printf "%-28s %8.2f %14.0f\n", "pandas read_excel + checks", p, n / p
	printf "%-28s %8.2f %14.0f\n", "floor: inflate + tokenise", f, n / f
	printf "asxh is %.1f times as fast as pandas, at %.1f times the floor'"'"'s time; peak memory %.0f MB\n", p / a, a / f, kb / 1024
}'
