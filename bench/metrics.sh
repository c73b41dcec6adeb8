#!/bin/sh
# bench/metrics.sh BUILD_DIR - tw-metrics on generated events, against an
# equivalent jq | sort | awk pipeline in the same run, on the same file.
#
# Generates TW_BENCH_EVENTS (default 10,000,000) records with bench/genev.c
# (not in time order), and a tenth of that, then times:
#
#	tw-metrics                       on both sizes (peak RSS for each:
#	                                 it should not grow with the events)
#	jq -r ... | sort | awk ... | sort -n | awk ...
#	                                 conversations, responded, and FRT n,
#	                                 mean, median and p90, as tw-metrics
#	                                 defines them (gap 24h)
#
# and checks the two agree.  Then renders the SVG report of the smaller
# file in headless Chromium (tests/svgshot.sh) and checks it is not blank.
# The big files are deleted at the end.
set -eu

B=${1:?usage: sh bench/metrics.sh BUILD_DIR}
here=$(cd "$(dirname "$0")" && pwd)
out=$here/out
n=${TW_BENCH_EVENTS:-10000000}
small=$((n / 10))
metrics=$B/cmd/tw-metrics
CC=${CC:-cc}
LC_ALL=C
export LC_ALL

for t in jq /usr/bin/time "$metrics"; do
	command -v "$t" >/dev/null 2>&1 || { echo "bench: $t is missing" >&2; exit 2; }
done
mkdir -p "$out"
trap 'rm -f "$out/ev.ndjson" "$out/ev-small.ndjson" "$out/time" "$out"/m-*' EXIT INT TERM
$CC -O2 -o "$out/genev" "$here/genev.c"

echo "generating $n and $small events..."
"$out/genev" "$n" "$out/ev.ndjson"
"$out/genev" "$small" "$out/ev-small.ndjson"
# let the new files reach the disk first, so that no run pays for the
# writeback of the others
sync

# timed LABEL EVENTS FILE CMD...: time CMD, print a row
timed() {
	label=$1 events=$2
	shift 2
	/usr/bin/time -f '%e %M' -o "$out/time" "$@"
	read -r secs kb <"$out/time"
	awk -v l="$label" -v n="$events" -v s="$secs" -v kb="$kb" 'BEGIN {
		if (s <= 0) s = 0.01
		printf "%-28s %10d %8.2f %10.0f %8.1f\n", l, n, s, n / s, kb / 1024
	}'
	echo "$secs" >"$out/last"
}

printf '\n%-28s %10s %8s %10s %8s\n' run events secs events/s 'RSS MB'
timed "tw-metrics (1/10 size)" "$small" sh -c '"$1" "$2" >"$3"' - \
    "$metrics" "$out/ev-small.ndjson" "$out/m-small.json"
timed "tw-metrics" "$n" sh -c '"$1" "$2" >"$3"' - \
    "$metrics" "$out/ev.ndjson" "$out/m-tw.json"
read -r s_tw <"$out/last"
timed "jq | sort | awk" "$n" sh -c 'sh "$1" "$2" "$3" >"$4"' - \
    "$here/metrics-pipeline.sh" "$out/ev.ndjson" "$out/m-counts" "$out/m-pipe.txt"
read -r s_pipe <"$out/last"

counts=$(cat "$out/m-counts")
mine=$(jq -r '"\(.frt.n) \(.frt.mean_s) \(.frt.median_s) \(.frt.p90_s)"' "$out/m-tw.json")
theirs=$(cat "$out/m-pipe.txt")
mconv=$(jq -r '"\(.conversations) \(.responded)"' "$out/m-tw.json")
echo
echo "tw-metrics:  conversations, responded: $mconv; FRT n, mean, median, p90: $mine"
echo "pipeline:    conversations, responded: $counts; FRT n, mean, median, p90: $theirs"
# numbers compared as numbers (jq writes 1736, awk 1736.0)
if [ "$mconv" = "$counts" ] && awk -v a="$mine" -v b="$theirs" 'BEGIN {
	split(a, x, " "); split(b, y, " ")
	for (i = 1; i <= 4; i++) if (x[i] + 0 != y[i] + 0) exit 1 }'; then
	echo "the two agree"
else
	echo "bench: tw-metrics and the pipeline DISAGREE" >&2
	exit 1
fi
awk -v a="$s_pipe" -v b="$s_tw" 'BEGIN {
	if (b <= 0) b = 0.01
	printf "tw-metrics is %.1fx faster than the pipeline (target 10x)\n", a / b }'

echo
"$metrics" -f svg -g agent --sla 1h "$out/ev-small.ndjson" >"$out/report.svg"
sh "$here/../tests/svgshot.sh" "$out/report.svg" "$out/report.png"
echo "the report: $out/report.svg, its screenshot: $out/report.png"
