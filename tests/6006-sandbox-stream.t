#!/bin/sh
# tw-sandbox: filtered-stream rules and the stream: posts that match,
# matching_rules, keep-alives, one connection, disconnects and stalls
. "${0%/*}/lib.sh"
. "${0%/*}/oaproxy.sh"
oaproxy_need || skip_all "$OAPROXY_WHY"

sandbox_start --keepalive 1 || exit 1
BT=$(sed -n 's/^bearer_token = //p' "$TW_CONFIG")
rules() {
	curl -sS -X POST -H "Authorization: Bearer $BT" \
	    -H 'Content-Type: application/json' --data-binary "$2" \
	    "$API/2/tweets/search/stream/rules$1"
}
R=/2/tweets/search/stream/rules

rules '?dry_run=true' '{"add":[{"value":"refund","tag":"money"}]}' >"$T/r.json"
is "dry_run: summary" "1 1" "$(json '"\(.meta.summary.created) \(.meta.summary.valid)"' "$T/r.json")"
is "dry_run: nothing kept" 0 "$(curl -sS -H "Authorization: Bearer $BT" "$API$R" | json .meta.result_count)"
rules '' '{"add":[{"value":"refund -is:retweet","tag":"money"},{"value":"lang:ja @skyway"},{"value":"(broken"}]}' >"$T/r.json"
is "invalid rule: nothing created" "0 3 1" "$(json '"\(.meta.summary.created) \(.meta.summary.not_created) \(.meta.summary.invalid)"' "$T/r.json")"
is "... the error names it" "(broken https://api.twitter.com/2/problems/invalid-rules" "$(json '.errors[0] | "\(.value) \(.type)"' "$T/r.json")"
rules '' '{"add":[{"value":"refund -is:retweet","tag":"money"},{"value":"lang:ja @skyway"}]}' >"$T/r.json"
is "rules created" 2 "$(json .meta.summary.created "$T/r.json")"
rid=$(json '.data[0].id' "$T/r.json")
rules '' '{"add":[{"value":"refund -is:retweet"}]}' >"$T/r.json"
is "duplicate rule: not created" "0 duplicate-rules" "$(json '"\(.meta.summary.created) \(.errors[0].type | sub(".*/"; ""))"' "$T/r.json")"
curl -sS -H "Authorization: Bearer $BT" "$API$R" >"$T/l.json"
is "rules listed" "2 money" "$(json '"\(.meta.result_count) \(.data[0].tag)"' "$T/l.json")"
oa GET $R
is "rules with OAuth 1.0a: 403" 403 "$STATUS"

curl -sN -H "Authorization: Bearer $BT" --max-time 20 \
    "$API/2/tweets/search/stream?expansions=author_id" >"$T/s.out" 2>/dev/null &
cpid=$!
sleep 1.5
sb POST /_sandbox/tweets '{"username":"stream_guy","text":"@skyway still no refund"}' >/dev/null
sb POST /_sandbox/tweets '{"username":"stream_guy","text":"@skyway nice plane"}' >/dev/null
sleep 1.5
is "second connection: 429 TooManyConnections" "429 TooManyConnections" \
    "$(curl -s -o "$T/c.json" -w '%{http_code}' --max-time 5 -H "Authorization: Bearer $BT" "$API/2/tweets/search/stream"; echo " $(json .connection_issue "$T/c.json")")"
kill $cpid 2>/dev/null
wait $cpid 2>/dev/null
grep -v '^\s*$' "$T/s.out" | tr -d '\r' >"$T/lines"
is "one post matched" 1 "$(wc -l <"$T/lines" | tr -d ' ')"
is "... the post" "@skyway still no refund" "$(json .data.text "$T/lines")"
is "... matching_rules" "$rid money" "$(json '.matching_rules[0] | "\(.id) \(.tag)"' "$T/lines")"
is "... includes the author" stream_guy "$(json '.includes.users[0].username' "$T/lines")"
ok "keep-alives are \\r\\n" grep -c "$(printf '^\r$')" "$T/s.out"

# after the client left, a new connection is taken
is "reconnect after the client left" 200 \
    "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 -H "Authorization: Bearer $BT" "$API/2/tweets/search/stream")"

# disconnect after N posts
sleep 1
sb POST /_sandbox/faults '{"stream_disconnect":1}' >/dev/null
curl -sN -H "Authorization: Bearer $BT" --max-time 20 \
    "$API/2/tweets/search/stream" >"$T/d.out" 2>/dev/null &
cpid=$!
sleep 1.5
sb POST /_sandbox/tweets '{"username":"stream_guy","text":"@skyway refund one"}' >/dev/null
sb POST /_sandbox/tweets '{"username":"stream_guy","text":"@skyway refund two"}' >/dev/null
wait $cpid
rc=$?
ok "stream_disconnect: the connection breaks" test "$rc" -ne 0 -a "$rc" -ne 28
is "... after one post" "@skyway refund one" "$(grep -v '^\s*$' "$T/d.out" | tr -d '\r' | json .data.text)"

# a stall: no data, no keep-alive
sb POST /_sandbox/faults '{"stream_disconnect":0,"stream_stall":4}' >/dev/null
curl -sN -H "Authorization: Bearer $BT" --max-time 2 \
    "$API/2/tweets/search/stream" >"$T/st.out" 2>/dev/null
is "stream_stall: nothing for the first seconds" 0 "$(wc -c <"$T/st.out" | tr -d ' ')"

sleep 3
rules '' "{\"delete\":{\"ids\":[\"$rid\",\"1\"]}}" >"$T/r.json"
is "delete: summary" "1 1" "$(json '"\(.meta.summary.deleted) \(.meta.summary.not_deleted)"' "$T/r.json")"
rules '?delete_all=true' '' >"$T/r.json"
is "delete_all" 1 "$(json .meta.summary.deleted "$T/r.json")"
done_testing
