#!/bin/sh
# tw-sandbox conformance through tests/oaproxy.py: the answers of its
# fault modes (503, injected 429, usage cap) must also be what the
# description allows.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/oaproxy.sh"
oaproxy_need || skip_all "$OAPROXY_WHY"
[ -x "$TW_BUILD/cmd/tw-sandbox" ] || skip_all "tw-sandbox not built"

ME_ID=
restart() {
	oaproxy_stop
	sandbox_stop
	sandbox_via_proxy "$@"
	ME_ID=$(cfg user_id)
}

restart --fault-5xx 100
oa GET /2/users/me
is "--fault-5xx: 503" 503 "$STATUS"
oaproxy_clean "503"

restart --fault-429 100
oa GET /2/users/me
is "--fault-429: 429" 429 "$STATUS"
oaproxy_clean "injected 429"

restart --usage-cap 3
oa GET "/2/users/$ME_ID/mentions?max_results=5"
oa GET "/2/users/$ME_ID/mentions?max_results=5"
is "--usage-cap: 429" 429 "$STATUS"
is "--usage-cap: usage-capped problem" usage-capped \
    "$(json '.type | sub(".*/"; "")' "$T/body")"
oaproxy_clean "usage cap"

restart --fault-malformed 100
oa GET /2/users/me
is "--fault-malformed: answered" 200 "$STATUS"
is "--fault-malformed: the proxy sees the broken body" 1 \
    "$(oaproxy_violations response | grep -c 'not JSON')"
oaproxy_reset

restart --stream-max 1
# a rule first: X (and the sandbox) refuse a stream with none (409)
curl -sS -H "Authorization: Bearer $(cfg bearer_token)" -H 'Content-Type: application/json' \
    -d '{"add":[{"value":"skyway"}]}' "$SANDBOX/2/tweets/search/stream/rules" >/dev/null
"$OAPY" "$TESTS/oadrive.py" --config "$TW_CONFIG" --auth bearer --lines 1 \
    --timeout 8 -o "$T/s1" GET "$API/2/tweets/search/stream" >/dev/null 2>&1 &
spid=$!
_i=0
while [ $_i -lt 200 ]; do
	curl -sS "$API/_oaproxy/exchanges" | grep -q '/2/tweets/search/stream"' && break
	sleep 0.05
	_i=$((_i + 1))
done
oa GET /2/tweets/search/stream --auth bearer --lines 1 --timeout 5
is "second stream connection: 429" 429 "$STATUS"
is "second stream: streaming-connection problem" "streaming-connection TooManyConnections" \
    "$(json '"\(.type | sub(".*/"; "")) \(.connection_issue)"' "$T/body")"
oaproxy_clean "too many connections"
kill $spid 2>/dev/null
wait $spid 2>/dev/null

done_testing
