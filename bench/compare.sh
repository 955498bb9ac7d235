#!/usr/bin/env bash
# Side by side, in one run on one machine, on a ward folder whose
# social-protection register has ROWS rows: `asxh validate` and `asxh run`
# (which also publishes the PDF, the Word file and the workbooks) on the
# whole folder, pandas (read_excel and the same key, rate and counting
# checks) on that register alone, asxh's reading of that register alone
# (bench/read: from the file to the typed records), and the floor of just
# inflating and tokenising the sheet XML. Best of REPEAT (3) each; peak RSS from
# /usr/bin/time. Prints one table, in Markdown.
#
#   bench/compare.sh [ROWS]              (default 100000)
#   PANDAS=0 bench/compare.sh 1000000    (skip pandas: minutes a try at a million)
#   WARD=DIR bench/compare.sh            (a ward gensample already wrote)
#   OPEN=0 bench/compare.sh              (skip opening the run's workbook)
#
# Then, unless OPEN=0, the workbook `run` published is opened the way its
# users open it: LibreOffice converts every sheet to CSV (it must load the
# whole workbook), openpyxl streams every sheet (read_only); each prints
# its seconds and the rows of the "Chi tiết" sheets, which the two must
# agree on (TestDetailsAtScale checks them against the figures). Minutes
# at a million rows.
#
# Needs Go, and python3 with pandas and openpyxl (Debian: apt-get install
# -y python3-pandas python3-openpyxl; installed here when run as root).
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-100000}
repeat=${REPEAT:-3}
pandas=${PANDAS:-1}
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
go build -o "$work/read" ./bench/read
ward=${WARD:-$work/ward}
if [ -z "${WARD:-}" ]; then
	mkdir -p "$ward"
	go run ./cmd/gensample -btxh "$rows" -out "$ward"
fi
book="$ward/bao-tro-xa-hoi.xlsx"
config=data/config.yaml

# measure NAME CMD...: best seconds and the peak RSS (KB) of that try.
measure() {
	local name=$1 best="" kb=0
	shift
	for _ in $(seq "$repeat"); do
		/usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>"$work/err" || { echo "bench: $name failed:" >&2; tail -3 "$work/err" >&2; exit 1; }
		read -r s k <"$work/time"
		if [ -z "$best" ] || [ "$(echo "$s < $best" | bc)" = 1 ]; then best=$s kb=$k; fi
	done
	echo "$name $best $kb" >>"$work/results"
}
measure validate "$work/asxh" validate --config "$config" --input "$ward" --out "$work/out-validate"
measure run "$work/asxh" run --force --config "$config" --input "$ward" --out "$work/out-run"
if [ "$pandas" = 1 ]; then
	p=$(for _ in $(seq "$repeat"); do $py bench/pandas_validate.py "$book" | cut -d' ' -f1; done | sort -n | head -1)
	echo "pandas $p 0" >>"$work/results"
fi
r=$(for _ in $(seq "$repeat"); do "$work/read" -config "$config" "$book" | cut -d' ' -f1; done | sort -n | head -1)
echo "read $r 0" >>"$work/results"
f=$(for _ in $(seq "$repeat"); do "$work/floor" "$book" | cut -d' ' -f1; done | sort -n | head -1)
echo "floor $f 0" >>"$work/results"
# The rows: what the floor counts in the register's sheet.
n=$("$work/floor" "$book" | cut -d' ' -f2)

awk -v n="$n" -v when="$(date -u +%Y-%m-%d)" -v cpu="$(nproc) × $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')" '
{ name[NR] = $1; s[$1] = $2; kb[$1] = $3 }
END {
	label["validate"] = "asxh validate"
	label["run"] = "asxh run (PDF, DOCX, XLSX)"
	label["pandas"] = "pandas read_excel + checks"
	label["read"] = "asxh reading: BTXH file to records"
	label["floor"] = "floor: inflate + tokenise"
	printf "%s rows in the BTXH register (plus six small registers asxh also reads); %s, %s\n\n", n, when, cpu
	printf "| | seconds | rows/second | peak RSS | × validate |\n|---|---:|---:|---:|---:|\n"
	for (i = 1; i <= NR; i++) {
		k = name[i]
		rss = kb[k] > 0 ? sprintf("%.0f MB", kb[k] / 1024) : ""
		printf "| %s | %.2f | %.0f | %s | %.2f |\n", label[k], s[k], n / s[k], rss, s[k] / s["validate"]
	}
	printf "\nrun takes %.2f × validate; reading takes %.1f × the floor (validate %.1f ×)", s["run"] / s["validate"], s["read"] / s["floor"], s["validate"] / s["floor"]
	if ("pandas" in s) printf " and %.1f times as fast as pandas", s["pandas"] / s["validate"]
	printf ".\n"
}' "$work/results"

if [ "${OPEN:-1}" = 1 ]; then
	book=$(ls "$work"/out-run/[0-9]*/bao-cao-*.xlsx | head -1) # the year's link to the release
	echo
	echo "The published workbook, $(du -m "$book" | cut -f1) MB:"
	lo=$work/lo
	mkdir -p "$lo"
	start=$(date +%s.%N)
	soffice --headless --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1' --outdir "$lo" "$book" >/dev/null 2>&1 ||
		{ echo "bench: LibreOffice could not open $book" >&2; exit 1; }
	printf -- "- LibreOffice opened it in %.0f s; Chi tiết rows (header included): %s\n" \
		"$(echo "$(date +%s.%N) - $start" | bc)" "$(for f in "$lo"/*Chi\ ti*.csv; do wc -l <"$f"; done | paste -sd+)"
	$py bench/stream_xlsx.py "$book" >"$work/stream" || { echo "bench: openpyxl could not stream $book" >&2; exit 1; }
	printf -- "- openpyxl streamed it in %.0f s; Chi tiết rows: %s\n" "$(head -1 "$work/stream")" "$(grep '^Chi tiết' "$work/stream" | cut -f2 | paste -sd+)"
fi
