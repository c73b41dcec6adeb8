#!/bin/sh
# tw-sandbox conformance through tests/oaproxy.py: rate limits (the DM
# window of 15 requests, full-archive search's one request a second) and
# their 429 answers and x-rate-limit-* headers; unknown paths.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/oaproxy.sh"
oaproxy_need || skip_all "$OAPROXY_WHY"
sandbox_via_proxy

rem=
i=0
while [ $i -lt 15 ]; do
	oa GET '/2/dm_events?max_results=1'
	[ "$STATUS" = 200 ] || break
	rem="$rem$(hdr x-rate-limit-remaining) "
	i=$((i + 1))
done
is "dm_events: 15 requests answered" 15 "$i"
is "dm_events: remaining counts down" "14 13 12 11 10 9 8 7 6 5 4 3 2 1 0 " "$rem"
is "dm_events: limit 15" 15 "$(hdr x-rate-limit-limit)"
oaproxy_clean "15 dm_events"

oa GET '/2/dm_events?max_results=1'
is "16th: 429" 429 "$STATUS"
is "429: problem JSON" "application/problem+json" "$(hdr content-type | sed 's/;.*//')"
is "429: remaining 0" 0 "$(hdr x-rate-limit-remaining)"
now=$(date +%s)
reset=$(hdr x-rate-limit-reset)
is "429: reset within the 15-minute window" ok \
    "$([ "$reset" -gt "$now" ] && [ "$reset" -le $((now + 901)) ] && echo ok || echo "reset $reset now $now")"
is "429: status in the body" 429 "$(json .status "$T/body")"
oaproxy_clean "429"

# full-archive search: one request a second (two back to back on one
# connection; the second may only pass if a whole second went by)
printf 'Authorization: Bearer %s\n' "$(cfg bearer_token)" >"$T/bearer"
curl -sS -H @"$T/bearer" -o /dev/null -o /dev/null \
    -w '%{http_code} %{time_total}\n' \
    "$API/2/tweets/search/all?query=refund" "$API/2/tweets/search/all?query=refund" >"$T/codes"
first=$(sed -n 1p "$T/codes" | cut -d' ' -f1)
second=$(sed -n 2p "$T/codes" | cut -d' ' -f1)
is "search all: first answered" 200 "$first"
is "search all: second within a second is 429" ok \
    "$([ "$second" = 429 ] || awk '{ s += $2 } END { exit !(s >= 1) }' "$T/codes" && echo ok)"
oaproxy_clean "search all per second"

oa GET /2/no/such/endpoint
is "unknown path: 404" 404 "$STATUS"
oaproxy_reset

done_testing
