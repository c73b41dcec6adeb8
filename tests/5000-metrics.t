#!/bin/sh
# tw-metrics on a hand-computed fixture (tests/fixtures/metrics/basic.ndjson,
# worked through in tw-metrics(1)): every figure, in any input order.
. "$(dirname "$0")/lib.sh"

f=$FIXTURES/metrics/basic.ndjson
exits "tw-metrics --sla 1h: exit 0" 0 tw-metrics --sla 1h "$f"
cp "$T/out" "$T/all"
get() { jq -c "$1" "$T/all"; }
is "one group, all" '"all"' "$(get .group)"
is "5 conversations: a gap of more than 24h reopens one" 5 "$(get .conversations)"
is "6 inbound: a survey answer is not a request; retweets are out" 6 "$(get .inbound)"
is "3 responded, 2 unanswered, rate 0.6" "[3,2,0.6]" "$(get '[.responded, .unanswered, .response_rate]')"
is "FRT: 600, 1800, 3600 s; median 1800, p90 3600 (nearest rank)" \
    '{"n":3,"mean_s":2000,"median_s":1800,"p90_s":3600,"public":2,"dm":1}' "$(get .frt)"
is "a DM reply to a public mention counts, as dm" 1 "$(get .frt.dm)"
is "reply times of every customer turn: 600, 1800, 1800, 3600" \
    '{"n":4,"mean_s":1950,"median_s":1800,"p90_s":3600}' "$(get .reply_time)"
is "AHT: first touch to resolve (3000), or to the last reply (0)" \
    '{"n":2,"mean_s":1500,"median_s":1500}' "$(get .aht)"
is "TTR: first inbound to resolve (3600), or to the last reply of a closed one (1800)" \
    '{"n":2,"mean_s":2700,"median_s":2700}' "$(get .ttr)"
is "SLA 1h: a reply exactly at the deadline is on time" \
    '{"target_s":3600,"time":"calendar","met":3,"breached":1,"pending":1,"rate":0.75}' "$(get .sla)"
is "CSAT: the answer 5 to a csat survey" '{"n":1,"score":1}' "$(get .csat)"
is "NPS: the answer 6 to an nps survey is a detractor" '{"n":1,"score":-100}' "$(get .nps)"
is "sentiment conversion: negative first, positive last" \
    '{"negative_start":1,"converted":1,"rate":1}' "$(get .sentiment)"
is "volume by hour of the inbound messages" "0 0 0 0 0 0 0 0 0 2 0 1 1 1 1 0 0 0 0 0 0 0 0 0" \
    "$(get '.volume_by_hour | map(tostring) | join(" ")' | tr -d '"')"

# Order does not matter.
awk 'BEGIN { srand(7) } { print rand() "\t" $0 }' "$f" | sort -n | cut -f2- >"$T/shuffled"
tw-metrics --sla 1h "$T/shuffled" >"$T/out2"
is "shuffled input gives the same report" "$(cat "$T/all")" "$(cat "$T/out2")"

exits "-g agent: exit 0" 0 tw-metrics -g agent "$f"
is "by agent: the first responder's; unanswered under -" '"-" 2 2
"jo" 2 3
"sam" 1 1' "$(jq -c '[.group, .conversations, .inbound] | join(" ")' "$T/out" | sed 's/^"\(.*\)"$/\1/; s/^\([^ ]*\)/"\1"/')"

# Bad input.
{ head -n 3 "$f"; echo 'not json'; echo '{"type":"tweet","id":"1"}'; tail -n +4 "$f"; } >"$T/bad"
exits "a malformed record: exit 1" 1 tw-metrics --sla 1h "$T/bad"
like "its location" "bad:4: invalid JSON" "$(cat "$T/err")"
is "the rest is counted" "$(cat "$T/all")" "$(cat "$T/out")"
exits "a bad duration: exit 2" 2 tw-metrics --sla soon "$f"

# The worked example of tw-metrics(1), run as it is written there.
cmdline=$(sed -n 's/^\$ \(tw-metrics .*\)$/\1/p' "$TW_SRC/man/tw-metrics.1" | sed 's/\\e/\\/g')
want=$(sed -n '/^\$ tw-metrics /{n;p;}' "$TW_SRC/man/tw-metrics.1")
got=$(cd "$FIXTURES/metrics" && sh -c "$cmdline")
is "the worked example in tw-metrics(1) gives what it says" "$want" "$got"
# A CSAT answer in the same second as the survey still answers it: the
# customer cannot answer before the question (same input, any order).
cat >"$T/same.ndjson" <<'J'
{"type":"dm","id":"7001","created_at":"2026-11-03T10:00:00Z","text":"my bag?","account":{"id":"100","username":"brand"},"direction":"in","author":{"id":"7","username":"c7"}}
{"time":"2026-11-03T10:05:00Z","event":"dm","agent":"jo","account":"brand","account_id":"100","customer_id":"7","id":"7002"}
{"time":"2026-11-03T10:06:00Z","event":"survey","survey":"csat","agent":"jo","account":"brand","account_id":"100","customer_id":"7","id":"7003"}
{"type":"dm","id":"7004","created_at":"2026-11-03T10:06:00Z","text":"5","account":{"id":"100","username":"brand"},"direction":"in","author":{"id":"7","username":"c7"}}
J
is "a CSAT answer in the survey's second is counted" '{"n":1,"score":1}' "$(tw-metrics "$T/same.ndjson" | jq -c .csat)"
is "... in either order of the input" '{"n":1,"score":1}' "$(tac "$T/same.ndjson" | tw-metrics | jq -c .csat)"
is "... and it is no new request" 1 "$(tw-metrics "$T/same.ndjson" | jq -c .inbound)"
done_testing
