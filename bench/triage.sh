#!/bin/sh
# bench/triage.sh BUILD_DIR - tw-triage throughput and memory against an
# equivalent jq program, in the same run, on the same records.
#
# Makes TW_BENCH_RECORDS (default 1000000) records from bench/gen.c's
# pages (through tw-norm), then times:
#
#	tw-triage -r RULES -A           every record, triaged
#	tw-triage -r RULES -A -k 100    the 100 highest (O(k) memory)
#	jq                              keyword match, VADER lexicon lookup
#	                                per word, follower ladder
#
# Output goes into a pipe (cat >/dev/null).  Peak RSS from /usr/bin/time -f %M.  The big
# files are deleted at the end.
set -eu

B=${1:?usage: sh bench/triage.sh BUILD_DIR}
here=$(cd "$(dirname "$0")" && pwd)
out=$here/out
n=${TW_BENCH_RECORDS:-1000000}
# jq runs at about a thousand records a second here: it is timed on the
# first TW_BENCH_JQ_RECORDS and compared by rate
njq=${TW_BENCH_JQ_RECORDS:-100000}
triage=$B/cmd/tw-triage
norm=$B/cmd/tw-norm
CC=${CC:-cc}

for t in jq /usr/bin/time "$triage" "$norm"; do
	command -v "$t" >/dev/null 2>&1 || { echo "bench: $t is missing" >&2; exit 2; }
done

mkdir -p "$out"
trap 'rm -f "$out/tpages.ndjson" "$out/trecords.ndjson" "$out/time" \
    "$out/lex.json" "$out/bench.rules" "$out/last" "$out/jqrecords.ndjson"' EXIT INT TERM
$CC -O2 -o "$out/gen" "$here/gen.c"

# gen writes about 950 records a megabyte
mb=$((n / 900 + 1))
echo "generating $n records ($mb MB of v2 pages)..."
"$out/gen" "$mb" "$out/tpages.ndjson"
"$norm" "$out/tpages.ndjson" | head -n "$n" >"$out/trecords.ndjson"
rm -f "$out/tpages.ndjson"
head -n "$njq" "$out/trecords.ndjson" >"$out/jqrecords.ndjson"

cat >"$out/bench.rules" <<'RULES'
queue baggage: lost OR bag OR luggage
queue delays: delayed OR "missed connection"
ladder 500 1000 5000 10000 100000
RULES
jq -R -n '[inputs | split("\t") | {(.[0]): (.[1] | tonumber)}] | add' \
    "$here/../lib/lexicon/vader_lexicon.txt" >"$out/lex.json"

# The jq program: what tw-triage does, much simplified (no phrases,
# negation, emoji, noise, CRM or waiting time).
jqprog='
def ladder: if . >= 100000 then 20 elif . >= 10000 then 16
    elif . >= 5000 then 12 elif . >= 1000 then 8 elif . >= 500 then 4
    else 0 end;
$lex[0] as $L
| (.text | ascii_downcase) as $t
| ([$t | splits("[^a-z'"'"']+") | $L[.] // empty] | add // 0) as $s
| (if $t | test("\\b(lost|bag|luggage)\\b") then "baggage"
   elif $t | test("\\b(delayed|missed connection)\\b") then "delays"
   else "general" end) as $q
| . + {triage: {priority: ((.author.followers // 0 | ladder)
    + (if $s < 0 then 10 else 0 end)), sentiment: $s, queue: $q}}'

run() {
	label=$1 file=$2
	shift 2
	nrec=$(wc -l <"$file")
	/usr/bin/time -f '%e %M' -o "$out/time" "$@" <"$file" | cat >/dev/null
	read -r secs kb <"$out/time"
	awk -v l="$label" -v n="$nrec" -v s="$secs" -v kb="$kb" 'BEGIN {
		if (s <= 0) s = 0.01
		printf "%-30s %9d %8.2f %10.0f %8.1f\n", l, n, s, n / s,
		    kb / 1024
	}'
	echo "$secs $kb $nrec" >"$out/last"
}

printf '\n%-30s %9s %8s %10s %8s\n' run records secs records/s 'RSS MB'
run "tw-triage -A" "$out/trecords.ndjson" env TW_CONFIG="$out/no-such-config" "$triage" -A -r "$out/bench.rules"
read -r s1 k1 n1 <"$out/last"
run "tw-triage -A -k 100" "$out/trecords.ndjson" env TW_CONFIG="$out/no-such-config" "$triage" -A -k 100 -r "$out/bench.rules"
read -r s2 k2 n2 <"$out/last"
run "jq (keyword, lexicon, ladder)" "$out/jqrecords.ndjson" jq -c --slurpfile lex "$out/lex.json" "$jqprog"
read -r s3 k3 n3 <"$out/last"

awk -v a="$s1" -v b="$s3" -v n1="$n1" -v n3="$n3" -v k1="$k1" -v k2="$k2" 'BEGIN {
	if (a <= 0) a = 0.01
	if (b <= 0) b = 0.01
	printf "\ntw-triage / jq throughput: %.1fx (target 4x)\n", (n1 / a) / (n3 / b)
	printf "tw-triage peak RSS: %.1f MB, with -k 100 %.1f MB (target < 32 MB)\n",
	    k1 / 1024, k2 / 1024
}'
