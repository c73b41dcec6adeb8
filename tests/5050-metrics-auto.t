#!/bin/sh
# tw-metrics and automatic messages ("auto": true, as tw-ack sends):
# no first response, no response rate, counted apart as "auto"
# (tests/fixtures/metrics/auto.ndjson, hand-computed below).
. "$(dirname "$0")/lib.sh"

cd "$FIXTURES/metrics" || exit 1
# c1: in 09:00, tw-ack at 09:05 (record and journal line: one message),
#     jo at 09:30: FRT 30 min, not 5
# c2: DM in 10:00, tw-ack's DM at 10:05 (journal only): unanswered
# c3: in 11:00, sam at 11:10: FRT 10 min
exits "the fixture: exit 0" 0 tw-metrics -G 7d auto.ndjson
is "three conversations, two answered by people" '[3,2,0.667]' \
    "$(jq -c '[.conversations, .responded, .response_rate]' "$T/out")"
is "FRT leaves the acknowledgements out: 10 and 30 min" \
    '{"n":2,"mean_s":1200,"median_s":1200,"p90_s":1800,"public":2,"dm":0}' \
    "$(jq -c .frt "$T/out")"
is "two acknowledgements, the one with a record and a journal line once" 2 \
    "$(jq .auto "$T/out")"
is "the same by the scanner and by cJSON" "$(cat "$T/out")" \
    "$(TW_METRICS_NOSCAN=1 tw-metrics -G 7d auto.ndjson)"
is "per channel" '{"group":"dm","responded":0,"auto":1} {"group":"public","responded":2,"auto":1}' \
    "$(tw-metrics -G 7d -g channel auto.ndjson | jq -c '{group, responded, auto}' | tr '\n' ' ' | sed 's/ $//')"
exits "-f table: exit 0" 0 tw-metrics -f table -G 7d auto.ndjson
like "the table has an auto column" "NPS +auto$" "$(head -n 1 "$T/out")"
like "... with 2 in it" " 2$" "$(tail -n 1 "$T/out")"
is "without automatic messages no auto key" false \
    "$(tw-metrics -G 7d basic.ndjson | jq -c 'has("auto")')"
# the same conversation without the marks: the acknowledgement would be
# the first response (5 min), which is what "auto" prevents
is "unmarked, they would be the first responses (5, 5, 10 min)" \
    '{"n":3,"mean_s":400,"median_s":300,"p90_s":600,"public":2,"dm":1}' \
    "$(sed 's/,"auto":true//' auto.ndjson | tw-metrics -G 7d | jq -c .frt)"

done_testing
