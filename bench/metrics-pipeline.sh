#!/bin/sh
# bench/metrics-pipeline.sh EVENTS COUNTS [GAP] - what tw-metrics computes
# for FRT, done with jq, sort and awk, for bench/metrics.sh and the tests
# to compare with.
#
# One TSV line per event (account, customer, epoch seconds, direction),
# sorted by conversation key and time (stable, so equal times keep input
# order, as in tw-metrics); a conversation is cut at a gap of more than
# GAP seconds (86400); the first outbound after its first inbound is its
# first response.  Prints FRT n,
# mean, median and p90 on stdout; "conversations responded" into COUNTS.
set -eu
LC_ALL=C
export LC_ALL
jq -r 'select(.type == "tweet" or .type == "dm") |
    select(.retweet_of == null and .auto != true) |
    [.account.id,
     (if .direction == "in" then .author.id
      elif .type == "dm" then .recipient.id
      else .in_reply_to.user_id end),
     (.created_at | fromdateiso8601), .direction] | @tsv' "$1" |
sort -s -t "$(printf '\t')" -k1,1 -k2,2 -k3,3n -S 2G |
awk -F '\t' -v gap="${3:-86400}" -v counts="$2" '
    $1 != a || $2 != c { a = $1; c = $2; open = 0 }
    {
	if (open && $3 - last > gap) open = 0
	if ($4 == "in" && !open) { open = 1; first = $3; resp = 0; conv++ }
	else if ($4 == "out" && open && !resp) {
		resp = 1; responded++; print $3 - first
	}
	last = $3
    }
    END { printf "%d %d\n", conv, responded >counts }' |
sort -n -S 1G |
awk '
    { v[NR] = $1; s += $1 }
    END {
	n = NR
	med = n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
	r = int(0.9 * n); if (r < 0.9 * n) r++
	printf "%d %.10g %.10g %d\n", n, int(s / n * 10 + 0.5) / 10, med, v[r]
    }'
