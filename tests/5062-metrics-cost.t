#!/bin/sh
# The cost of care: every program that sent requests appends what its
# counters say to TW_HOME/usage at exit; tw-metrics --cost sums those
# lines and divides by the cases and resolved cases of the same input.
. "$(dirname "$0")/lib.sh"

# --- the usage lines, against the sandbox ---------------------------------
sandbox_start --rate-limit 100000 || exit 1
exits "tw-fetch -v mentions: exit 0" 0 tw-fetch -v mentions
cp "$T/out" "$T/inbox"
# "tw-fetch: requests N, posts read N, posts written 0, est. $X"
vline=$(grep 'requests' "$T/err")
req=$(printf '%s\n' "$vline" | sed 's/.*requests \([0-9]*\),.*/\1/')
read=$(printf '%s\n' "$vline" | sed 's/.*posts read \([0-9]*\),.*/\1/')
ok "tw-fetch -v said its requests" test -n "$req" -a "$req" -gt 0
is "TW_HOME/usage: one line, tw-fetch's" 1 "$(wc -l <"$TW_HOME/usage" | tr -d ' ')"
is "... the same counters as -v" "tw-fetch $req $read 0" \
    "$(jq -r '"\(.usage) \(.requests) \(.posts_read) \(.posts_written)"' "$TW_HOME/usage")"
# the default price_read: $0.005 a post
is "... and dollars at price_read" "$(echo "$read * 0.005" | bc | sed 's/^\./0./; s/0*$//; s/\.$//')" \
    "$(jq -r .usd "$TW_HOME/usage")"

t1=$(jq -r 'select(.in_reply_to == null) | .id' "$T/inbox" | head -1)
TW_AGENT=jo exits "tw-reply: exit 0" 0 tw-reply "$t1" "Sorry about that"
cp "$T/out" "$T/reply"
is "a second line, tw-reply's: one post written" "tw-reply 1" \
    "$(tail -1 "$TW_HOME/usage" | jq -r '"\(.usage) \(.posts_written)"')"
exits "tw-reply -n (a dry run): exit 0" 0 tw-reply -n "$t1" "Again"
is "... sends nothing and writes no line" 2 "$(wc -l <"$TW_HOME/usage" | tr -d ' ')"

# the journal as tw-case journal gives it: TW_HOME's file, or the team's
# store's (make check-pg)
tw-case journal >"$T/journal" || fail "the journal"
exits "--cost over the records, the journal and the usage lines" 0 \
    tw-metrics --cost "$T/inbox" "$T/reply" "$T/journal" "$TW_HOME/usage"
ok "... requests: tw-fetch's and tw-reply's" test \
    "$(jq '.cost.requests' "$T/out")" = "$(jq -s 'map(.requests) | add' "$TW_HOME/usage")"
is "... runs 2" 2 "$(jq .cost.runs "$T/out")"

TW_HOME=/dev/null/nowhere exits "an unwritable TW_HOME: tw-api still works" 0 tw-api /2/users/me
like "... its answer printed" '"data"' "$(cat "$T/out")"

# --- the report, hand-computed ------------------------------------------------
# basic.ndjson: 5 conversations, 1 resolved (customer 1's).  usage.ndjson:
# tw-fetch 3 requests $0.60, tw-reply 2 $0.03, tw-dm 1 $0.015 on
# 2026-11-02, and a tw-fetch of 7 requests $1.50 the night before.
f=$FIXTURES/metrics
exits "--cost: exit 0" 0 tw-metrics --cost "$f/basic.ndjson" "$f/usage.ndjson"
# 13 requests, $2.145; per case 13 / 5 = 2.6, $0.429; per resolved 13, $2.145
is "all four runs" \
    '{"runs":4,"requests":13,"posts_read":420,"posts_written":2,"dm_read":0,"dm_written":1,"usd":2.145,"cases":5,"resolved":1,"requests_per_case":2.6,"usd_per_case":0.429,"requests_per_resolved":13,"usd_per_resolved":2.145}' \
    "$(jq -c .cost "$T/out")"
exits "--since 2026-11-02: exit 0" 0 tw-metrics --cost --since 2026-11-02T00:00:00Z "$f/basic.ndjson" "$f/usage.ndjson"
# 6 requests, $0.645; per case 1.2, $0.129
is "--since leaves the night before out" \
    '[3,6,0.645,5,1,1.2,0.129,6,0.645]' \
    "$(jq -c '.cost | [.runs, .requests, .usd, .cases, .resolved, .requests_per_case, .usd_per_case, .requests_per_resolved, .usd_per_resolved]' "$T/out")"
exits "-f table: exit 0" 0 tw-metrics --cost -f table --since 2026-11-02T00:00:00Z "$f/basic.ndjson" "$f/usage.ndjson"
is "... for people" "requests 6 in 3 runs, est. \$0.6450
per case (5): 1.20 requests, \$0.1290
per resolved case (1): 6.00 requests, \$0.6450" "$(cat "$T/out")"

# priced at 0 (price_read = price_post = 0 in the config): dollars unknown
sed 's/"usd":[0-9.]*/"usd":0/' "$f/usage.ndjson" >"$T/free"
exits "usage priced at 0: exit 0" 0 tw-metrics --cost "$f/basic.ndjson" "$T/free"
is "... requests, no dollars" '{"runs":4,"requests":13,"posts_read":420,"posts_written":2,"dm_read":0,"dm_written":1,"cases":5,"resolved":1,"requests_per_case":2.6,"requests_per_resolved":13}' \
    "$(jq -c .cost "$T/out")"
exits "no cases, no usage: exit 0" 0 tw-metrics --cost /dev/null
is "... zeros, no ratios" '{"runs":0,"requests":0,"posts_read":0,"posts_written":0,"dm_read":0,"dm_written":0,"cases":0,"resolved":0}' \
    "$(jq -c .cost "$T/out")"
echo '{"usage":"tw-fetch","requests":1}' >"$T/bad"
exits "a usage line without a time: exit 1" 1 tw-metrics --cost "$T/bad"
like "... named" 'bad:1: a usage line needs a "time"' "$(cat "$T/err")"
exits "usage lines without --cost: the report as before" 0 tw-metrics "$f/basic.ndjson" "$f/usage.ndjson"
is "... one group, 5 conversations" '"all" 5' "$(jq -r '"\(.group | tojson) \(.conversations)"' "$T/out")"

exits "--cost -f svg: exit 2" 2 tw-metrics --cost -f svg "$f/usage.ndjson"
exits "--cost with --alert: exit 2" 2 tw-metrics --cost --alert "$f/usage.ndjson"
like "... one of them" "one of --alert, --cost and --engagement" "$(cat "$T/err")"

done_testing
