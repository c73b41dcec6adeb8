#!/bin/sh
# tw-sandbox conformance through tests/oaproxy.py: filtered stream rules
# (list, add, dry run, delete, invalid and duplicate rules) and the stream
# itself (each line checked against the description as it passes).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/oaproxy.sh"
oaproxy_need || skip_all "$OAPROXY_WHY"
sandbox_via_proxy

ME=$(cfg username)

oa GET /2/tweets/search/stream/rules --auth bearer
is "rules: 200" 200 "$STATUS"
like "rules: meta.sent" '^[0-9]{4}-' "$(json .meta.sent "$T/body")"
is "rules: result_count matches" "$(json '.data // [] | length' "$T/body")" \
    "$(json '.meta.result_count // 0' "$T/body")"
oaproxy_clean "rules list"
# start from no rules
IDS=$(json '[.data[]?.id] | map("\"" + . + "\"") | join(",")' "$T/body")
if [ -n "$IDS" ]; then
	oa POST /2/tweets/search/stream/rules --auth bearer --json "{\"delete\":{\"ids\":[$IDS]}}"
fi

oa POST '/2/tweets/search/stream/rules?dry_run=true' --auth bearer --json '{"add":[{"value":"refund -is:retweet","tag":"refunds"}]}'
is "dry run: 200" 200 "$STATUS"
is "dry run: summary says created 1" "1 1" "$(json '"\(.meta.summary.created) \(.meta.summary.valid)"' "$T/body")"
oa GET /2/tweets/search/stream/rules --auth bearer
is "dry run: nothing stored" 0 "$(json '.data // [] | length' "$T/body")"
oaproxy_clean "dry run"

oa POST /2/tweets/search/stream/rules --auth bearer --json "{\"add\":[{\"value\":\"@$ME refund\",\"tag\":\"refunds\"},{\"value\":\"lost luggage\"}]}"
is "add two rules: 200" 200 "$STATUS"
is "add: summary" "2 0 2 0" \
    "$(json '.meta.summary | "\(.created) \(.not_created) \(.valid) \(.invalid)"' "$T/body")"
RID=$(json '.data[] | select(.tag == "refunds") | .id' "$T/body")
like "add: rule id" '^[0-9]{1,19}$' "$RID"
oa GET "/2/tweets/search/stream/rules?ids=$RID" --auth bearer
is "rules by id" "$RID @$ME refund refunds" \
    "$(json '.data[0] | "\(.id) \(.value) \(.tag)"' "$T/body")"
oaproxy_clean "add rules"

oa POST /2/tweets/search/stream/rules --auth bearer --json '{"add":[{"value":"lost luggage"}]}'
is "duplicate rule: 200 with an error" "200 duplicate-rules" \
    "$STATUS $(json '.errors[0].type | sub(".*/"; "")' "$T/body")"
oaproxy_clean "duplicate rule"

oa POST /2/tweets/search/stream/rules --auth bearer --json '{"add":[{"value":"(unbalanced"}]}'
like "invalid rule: answered" '^(200|400)$' "$STATUS"
is "invalid rule: not created" 0 "$(json '.meta.summary.created // 0' "$T/body")"
oaproxy_clean "invalid rule"

oa GET /2/tweets/search/stream/rules
is "rules with OAuth 1.0a: 403" 403 "$STATUS"
is "rules with OAuth 1.0a: no response violations" 0 "$(oaproxy_count response)"
oaproxy_reset

# the stream: connect, wait until connected, post a matching tweet
FIELDS="tweet.fields=$(enum TweetFieldsParameter)&expansions=$(enum TweetExpansionsParameter)&user.fields=$(enum UserFieldsParameter)"
"$OAPY" "$TESTS/oadrive.py" --config "$TW_CONFIG" --auth bearer --lines 1 \
    --timeout 30 -o "$T/stream" -D "$T/stream.h" GET "$API/2/tweets/search/stream?$FIELDS" \
    >"$T/stream.status" 2>"$T/stream.err" &
spid=$!
_i=0
while [ $_i -lt 200 ]; do
	curl -sS "$API/_oaproxy/exchanges" | grep -q '/2/tweets/search/stream"' && break
	sleep 0.05
	_i=$((_i + 1))
done
curl -sS -X POST -H 'Content-Type: application/json' \
    --data-binary "{\"username\":\"angry_flyer\",\"text\":\"@$ME where is my refund??\"}" \
    "$SANDBOX/_sandbox/tweets" >"$T/posted"
wait $spid
is "stream: 200" 200 "$(cat "$T/stream.status")"
is "stream: the matching post arrived" "@$ME where is my refund??" "$(json .data.text "$T/stream")"
is "stream: with the rule that matched" "$RID refunds" \
    "$(json '.matching_rules[0] | "\(.id) \(.tag)"' "$T/stream")"
is "stream: author expanded" angry_flyer \
    "$(json '.includes.users[] | select(.id == $a) | .username' --arg a "$(json .data.author_id "$T/stream")" "$T/stream")"
sleep 0.3
oaproxy_clean "stream"

oa GET /2/tweets/search/stream --lines 1 --timeout 10
is "stream with OAuth 1.0a: 403" 403 "$STATUS"
is "stream with OAuth 1.0a: no response violations" 0 "$(oaproxy_count response)"
oaproxy_reset

oa POST /2/tweets/search/stream/rules --auth bearer --json "{\"delete\":{\"ids\":[\"$RID\"]}}"
is "delete rule: 200" 200 "$STATUS"
is "delete rule: summary" "1 0" "$(json '.meta.summary | "\(.deleted) \(.not_deleted)"' "$T/body")"
oaproxy_clean "delete rule"

done_testing
