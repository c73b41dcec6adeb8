#!/bin/sh
# tw-metrics in one pass over any order: thousands of generated events
# (bench/genev.c), in generated order, in time order and shuffled, and
# with a buffer of a few events (TW_METRICS_CHUNK) so that they are
# sorted through hundreds of spilled runs, merged more than once, and
# finished conversations are swept away as the replay goes; every way
# gives the same report, and the FRT agrees with an independent jq, sort
# and awk computation (bench/metrics-pipeline.sh).
. "$(dirname "$0")/lib.sh"

${CC:-cc} -O2 -o "$T/genev" "$TW_SRC/bench/genev.c" || exit 1
"$T/genev" 6000 "$T/gen.ndjson"
jq -c '[.created_at, .] ' "$T/gen.ndjson" | sort -s -k1,1 -t, | jq -c '.[1]' >"$T/sorted.ndjson"
awk 'BEGIN { srand(7) } { printf "%.9f\t%s\n", rand(), $0 }' "$T/gen.ndjson" |
    sort -n | cut -f2- >"$T/shuffled.ndjson"
ok "the shuffled file is not in time order" \
    sh -c '! cmp -s "$1" "$2"' - "$T/sorted.ndjson" "$T/shuffled.ndjson"

args="-g agent --sla 30m -G 1h"
exits "generated order, one buffer: exit 0" 0 tw-metrics $args "$T/gen.ndjson"
cp "$T/out" "$T/ref"
ok "eight agents and the unanswered" test "$(wc -l <"$T/ref")" -eq 9
TW_METRICS_CHUNK=7
export TW_METRICS_CHUNK
exits "shuffled, 7 events a run: exit 0" 0 tw-metrics $args "$T/shuffled.ndjson"
is "shuffled through 850 runs: the same report" "$(cat "$T/ref")" "$(cat "$T/out")"
exits "time order, 7 events a run: exit 0" 0 tw-metrics $args "$T/sorted.ndjson"
is "time order: the same report" "$(cat "$T/ref")" "$(cat "$T/out")"
unset TW_METRICS_CHUNK
# the scanner's fast path against cJSON for every line; with escapes,
# odd spacing and a journal event mixed in
sed -e '1~7s/"text":"/"text":"\\u00e9 /' -e '1~5s/,"direction"/ , "direction" /' \
    "$T/shuffled.ndjson" >"$T/odd.ndjson"
echo '{"time":"2026-01-05T03:00:00Z","event":"resolve","account_id":"100","customer_id":"1500000"}' >>"$T/odd.ndjson"
tw-metrics $args "$T/odd.ndjson" >"$T/scan" 2>&1
TW_METRICS_NOSCAN=1 tw-metrics $args "$T/odd.ndjson" >"$T/noscan" 2>&1
ok "the reports agree" test -s "$T/scan"
is "the scanner and cJSON give the same report" "$(cat "$T/noscan")" "$(cat "$T/scan")"

# the same FRT, computed another way
tw-metrics -G 1h "$T/shuffled.ndjson" >"$T/all"
theirs=$(sh "$TW_SRC/bench/metrics-pipeline.sh" "$T/shuffled.ndjson" "$T/counts" 3600)
is "conversations and responded as jq, sort and awk count them" \
    "$(cat "$T/counts")" "$(jq -r '"\(.conversations) \(.responded)"' "$T/all")"
is "FRT n, mean, median, p90 as jq, sort and awk compute them" "$theirs" \
    "$(jq -r '"\(.frt.n) \(.frt.mean_s) \(.frt.median_s) \(.frt.p90_s)"' "$T/all")"
done_testing
