#!/bin/sh
# tw-metrics --engagement: the account's replies read again from the
# sandbox (GET /2/tweets, batches of ids), their metrics summed per
# agent, queue, intent and -g group; --budget caps the requests; a post
# X no longer has is counted as an error.
. "$(dirname "$0")/lib.sh"

NOW=2026-11-20T12:00:00Z
export TW_NOW=$NOW
sandbox_start --now "$NOW" --rate-limit 100000 || exit 1
state() { sb GET /_sandbox/state; }

# three customers' mentions, triaged by hand: t1 billing/refund,
# t2 billing/delay, t3 ops/refund
tw-fetch mentions >"$T/fetched"
jq -r 'select(.in_reply_to == null) | .id' "$T/fetched" | head -3 >"$T/ids"
t1=$(sed -n 1p "$T/ids") t2=$(sed -n 2p "$T/ids") t3=$(sed -n 3p "$T/ids")
jq -c --arg a "$t1" --arg b "$t2" --arg c "$t3" '
    if .id == $a then .triage = {"queue":"billing","intent":"refund"}
    elif .id == $b then .triage = {"queue":"billing","intent":"delay"}
    elif .id == $c then .triage = {"queue":"ops","intent":"refund"}
    else empty end' "$T/fetched" >"$T/inbox"
is "three inbound records" 3 "$(wc -l <"$T/inbox" | tr -d ' ')"

# the replies, sent now: jo to t1 and t2, sam to t3 (no engagement yet)
TW_AGENT=jo tw-reply "$t1" "Sorry about that, DM us" >"$T/r" &&
TW_AGENT=jo tw-reply "$t2" "We're on it" >>"$T/r" &&
TW_AGENT=sam tw-reply "$t3" "Thanks for flagging" >>"$T/r"
is "three replies sent" 3 "$(jq -r .sent.id "$T/r" | grep -c .)"

# Two of the account's seeded posts with engagement, filed as lee's
# replies: "routes" (6 days old: likes 2400, reposts 530 + the seed's 2
# retweets = 532, quotes 41, impressions 480000) answering t1, and the
# winter sale (likes 820, reposts 140, impressions 210000) answering t3,
# its record dated 40 days ago, so only its public metrics are asked
# for.  And sam's reply 1999999999999999999 to t2, which X no longer has:
# a deleted post's id is answered as one never known, resource-not-found.
routes=$(state | jq -r '.tweets[] | select(.username == "skyway" and (.text | startswith("We'"'"'re adding 3 new routes"))) | .id')
sale=$(state | jq -r '.tweets[] | select(.username == "skyway" and (.text | startswith("Winter sale"))) | .id')
out() {
	printf '{"type":"tweet","id":"%s","created_at":"%s","text":"x","account":{"id":"1456789012","username":"skyway"},"direction":"out","author":{"id":"1456789012","username":"skyway"},"in_reply_to":{"id":"%s"},"agent":"%s"}\n' "$@"
}
{
	out "$routes" 2026-11-14T12:00:00Z "$t1" lee
	out "$sale" 2026-10-11T12:00:00Z "$t3" lee
	out 1999999999999999999 2026-11-20T11:00:00Z "$t2" sam
} >"$T/more"
ok "the seeded posts found" test -n "$routes" -a -n "$sale"

# the journal has tw-reply's three lines too: each reply counts once
# the journal as tw-case journal gives it: TW_HOME's file, or the team's
# store's (make check-pg)
tw-case journal >"$T/journal" || fail "the journal"
exits "--engagement: exit 0" 0 tw-metrics --engagement "$T/inbox" "$T/r" "$T/more" "$T/journal"
row() { jq -c "select(.by == \"$1\" and .group == \"$2\") | $3" "$T/out"; }
m='[.posts, .read, .errors, .unread, .private, .impressions, .likes, .replies, .reposts, .quotes, .profile_visits, .url_clicks]'
# 6 posts; 5 read, 1 error; private metrics for the 3 replies and routes;
# impressions 480000 + 210000, likes 2400 + 820, reposts 532 + 140
is "all: 6 posts, the sandbox's metrics summed" \
    "[6,5,1,0,4,690000,3220,0,672,41,0,0]" "$(row all all "$m")"
# the recent posts (3 replies, routes, the deleted one) in one request,
# the 40-day-old sale in another
is "... in 2 requests" 2 "$(row all all .requests)"
is "agent jo: two fresh replies, private metrics, all 0" "[2,2,0,0,2,0,0,0,0,0,0,0]" "$(row agent jo "$m")"
is "agent lee: routes and the sale" "[2,2,0,0,1,690000,3220,0,672,41,0,0]" "$(row agent lee "$m")"
is "agent sam: one reply, one deleted" "[2,1,1,0,1,0,0,0,0,0,0,0]" "$(row agent sam "$m")"
is "queue billing: t1's and t2's replies (jo x2, routes, deleted)" "[4,3,1,0,3,480000,2400,0,532,41,0,0]" "$(row queue billing "$m")"
is "queue ops: t3's (sam, the sale)" "[2,2,0,0,1,210000,820,0,140,0,0,0]" "$(row queue ops "$m")"
is "intent refund: t1's and t3's" "[4,4,0,0,3,690000,3220,0,672,41,0,0]" "$(row intent refund "$m")"
is "intent delay: t2's" "[2,1,1,0,1,0,0,0,0,0,0,0]" "$(row intent delay "$m")"
is "the order: all, agents, queues, intents" \
    "all agent agent agent queue queue intent intent" "$(jq -r .by "$T/out" | tr '\n' ' ' | sed 's/ $//')"

exits "-g intent,agent: exit 0" 0 tw-metrics --engagement -g intent,agent "$T/inbox" "$T/r" "$T/more"
is "-g intent,agent rows, by the customer's intent and the replier" \
    '"delay,jo" "delay,sam" "refund,jo" "refund,lee" "refund,sam"' \
    "$(jq -c 'select(.by == "intent,agent") | .group' "$T/out" | tr '\n' ' ' | sed 's/ $//')"
is "... refund,lee: both seeded posts" "[2,2,0,0,1,690000,3220,0,672,41,0,0]" "$(row intent,agent refund,lee "$m")"

# 2 ids a request, at most 2 requests: the recent posts sorted by id are
# 1999..., routes, then the three replies; the first two requests read
# the deleted one (an error), routes and two replies; the third reply
# and the sale are not read
TW_ENGAGE_BATCH=2 exits "--budget 2 with 2 ids a request: exit 0" 0 \
    tw-metrics --engagement --budget 2 "$T/inbox" "$T/r" "$T/more"
is "... 2 requests, 3 read, 1 error, 2 unread" "[6,3,1,2,2]" \
    "$(row all all '[.posts, .read, .errors, .unread, .requests]')"
is "... said on stderr" "tw-metrics: --budget 2: 2 of 6 replies not read" "$(cat "$T/err")"
TW_ENGAGE_BATCH=2 exits "no budget, 2 ids a request: exit 0" 0 \
    tw-metrics --engagement "$T/inbox" "$T/r" "$T/more"
is "... 3 requests for 5 recent posts, 1 for the old one" 4 "$(row all all .requests)"

exits "-f table: exit 0" 0 tw-metrics --engagement -f table "$T/inbox" "$T/r" "$T/more"
like "... a row for lee" '^agent +lee +2 +0 +690000 +3220 +0 +672 +41 +0 +0$' "$(cat "$T/out")"

exits "no replies: exit 0" 0 tw-metrics --engagement "$T/inbox"
is "... one row, nothing asked" '[0,0]' "$(row all all '[.posts, .requests]')"

exits "-f svg: exit 2" 2 tw-metrics --engagement -f svg "$T/r"
exits "--budget 0: exit 2" 2 tw-metrics --engagement --budget 0 "$T/r"
exits "an account not in the config: exit 3" 3 tw-metrics --engagement -a nosuch "$T/r"

sb POST /_sandbox/faults '{"error_5xx":100}' >/dev/null
TW_RETRY_BASE_MS=1 exits "the server failing: exit 4" 4 tw-metrics --engagement "$T/r"
like "... the request named" "^tw-metrics: GET /2/tweets: 5" "$(cat "$T/err")"
is "... the replies reported unread" "[3,0,3]" "$(row all all '[.posts, .read, .unread]')"
sb POST /_sandbox/faults '{"error_5xx":0}' >/dev/null

done_testing
