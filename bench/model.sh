#!/bin/sh
# bench/model.sh BUILD_DIR - tw-triage's care sentiment model (the
# default) against the lexicon alone (--no-model), in the same run, on the same records: records/s
# into a pipe (cat >/dev/null) and peak RSS (/usr/bin/time -f %M).
# TW_BENCH_RECORDS records (default 200000) from bench/gen.c's pages.
set -eu

B=${1:?usage: sh bench/model.sh BUILD_DIR}
here=$(cd "$(dirname "$0")" && pwd)
out=$here/out
n=${TW_BENCH_RECORDS:-200000}
CC=${CC:-cc}
mkdir -p "$out"
trap 'rm -f "$out/mpages.ndjson" "$out/mrecords.ndjson" "$out/mtime"' \
    EXIT INT TERM
$CC -O2 -o "$out/gen" "$here/gen.c"
"$out/gen" $((n / 900 + 1)) "$out/mpages.ndjson"
"$B/cmd/tw-norm" "$out/mpages.ndjson" | head -n "$n" >"$out/mrecords.ndjson"
n=$(wc -l <"$out/mrecords.ndjson")

run() {
	name=$1
	shift
	s=$(date +%s.%N)
	/usr/bin/time -f %M -o "$out/mtime" "$B/cmd/tw-triage" -A "$@" \
	    "$out/mrecords.ndjson" | cat >/dev/null
	e=$(date +%s.%N)
	awk -v n="$n" -v s="$s" -v e="$e" -v k="$(cat "$out/mtime")" \
	    -v name="$name" 'BEGIN { printf "%-8s %8d records %6.2f s %9.0f records/s  RSS %6.1f MB\n",
	    name, n, e - s, n / (e - s), k / 1024 }'
}
run lexicon --no-model
run model
