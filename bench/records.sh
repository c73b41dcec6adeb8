#!/bin/sh
# bench/records.sh BUILD_DIR - record throughput: tw-norm against `jq -c .`
#
# Generates TW_BENCH_MB (default 1024) megabytes of X API v2 mention pages
# (100 tweets a page, with includes.users) into bench/out/, makes records
# of them, then times, in the same run and on the same files:
#
#	pages   -> records   tw-norm        and  jq -c .
#	records -> records   tw-norm        and  jq -c .
#
# Output goes into a pipe (to cat >/dev/null), as in a real pipeline, for
# every tool.  Peak RSS comes from /usr/bin/time -f %M.  The big files are deleted at the end.
set -eu

B=${1:?usage: sh bench/records.sh BUILD_DIR}
here=$(cd "$(dirname "$0")" && pwd)
out=$here/out
mb=${TW_BENCH_MB:-1024}
norm=$B/cmd/tw-norm
CC=${CC:-cc}

for t in jq /usr/bin/time "$norm"; do
	command -v "$t" >/dev/null 2>&1 || { echo "bench: $t is missing" >&2; exit 2; }
done

mkdir -p "$out"
trap 'rm -f "$out/pages.ndjson" "$out/records.ndjson" "$out/time"' EXIT INT TERM
$CC -O2 -o "$out/gen" "$here/gen.c"

echo "generating $mb MB of v2 pages..."
"$out/gen" "$mb" "$out/pages.ndjson"
"$norm" "$out/pages.ndjson" >"$out/records.ndjson"
nrec=$(wc -l <"$out/records.ndjson")
npages=$(wc -l <"$out/pages.ndjson")

# run LABEL TOOL FILE CMD...: time CMD <FILE | cat >/dev/null, print a row
run() {
	label=$1 tool=$2 file=$3
	shift 3
	/usr/bin/time -f '%e %M' -o "$out/time" "$@" <"$file" | cat >/dev/null
	read -r secs kb <"$out/time"
	bytes=$(wc -c <"$file")
	awk -v l="$label" -v t="$tool" -v b="$bytes" -v n="$nrec" -v s="$secs" \
	    -v kb="$kb" 'BEGIN {
		if (s <= 0) s = 0.01
		printf "%-18s %-8s %9.0f %9d %8.2f %8.1f %10.0f %8.1f\n",
		    l, t, b / 1048576, n, s, b / 1048576 / s, n / s, kb / 1024
	}'
	echo "$secs $kb" >"$out/last"
}

printf '\n%d pages, %d records\n\n' "$npages" "$nrec"
printf '%-18s %-8s %9s %9s %8s %8s %10s %8s\n' input tool MB records \
    secs MB/s records/s 'RSS MB'
run "pages -> records" tw-norm "$out/pages.ndjson" "$norm"
read -r s1 k1 <"$out/last"
run "pages -> records" jq "$out/pages.ndjson" jq -c .
read -r s2 k2 <"$out/last"
run "records -> records" tw-norm "$out/records.ndjson" "$norm"
read -r s3 k3 <"$out/last"
run "records -> records" jq "$out/records.ndjson" jq -c .
read -r s4 k4 <"$out/last"
rm -f "$out/last"

awk -v a="$s1" -v b="$s2" -v c="$s3" -v d="$s4" -v k1="$k1" -v k3="$k3" 'BEGIN {
	if (a <= 0) a = 0.01
	if (c <= 0) c = 0.01
	printf "\ntw-norm / jq throughput: pages %.1fx (target 3x), records %.1fx " \
	    "(target 8x)\n", b / a, d / c
	printf "tw-norm peak RSS: %.1f MB, %.1f MB (target < 16 MB)\n",
	    k1 / 1024, k3 / 1024
}'
