#!/bin/sh
# Every request tw-fetch sends is valid per the official OpenAPI
# description and correctly signed (checked by tests/oaproxy.py with
# oauthlib), and so is every answer it gets from the sandbox.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/oaproxy.sh"
oaproxy_need || skip_all "$OAPROXY_WHY"

sandbox_start --rate-limit 1000 --mentions 150 || exit 1
oaproxy_start || exit 1
TW_API_BASE=$API
export TW_API_BASE

# run NAME ARGS...: tw-fetch ARGS through the proxy; passes when it exits
# 0, printed something, and the proxy saw no violation.
run() {
	_n=$1; shift
	oaproxy_reset
	tw-fetch "$@" >"$T/out" 2>"$T/err"
	_rc=$?
	_v=$(oaproxy_messages | head -5)
	_seen=$(curl -s "$API/_oaproxy/exchanges" | jq 'length')
	if [ $_rc -eq 0 ] && [ -s "$T/out" ] && [ -z "$_v" ] && [ "${_seen:-0}" -gt 0 ]; then
		pass "$_n: valid requests and answers ($_seen exchanges)"
	else
		fail "$_n" "exit $_rc" "violations: $_v" "$(cat "$T/err")"
	fi
}

run mentions -s inbox mentions
run "search with operators" search '(delayed OR cancelled) @skyway -is:retweet lang:en'
run "search, times" --since 3d --until 1m search luggage
run archive -n 20 archive 'lang:ja OR lang:zh'
run dms dms
run "dms with a user" dms @anna_k
id=$(sb GET /_sandbox/state | jq -r '.tweets[0].id')
run tweets tweets "$id"
run conversation conversation "$(sb GET /_sandbox/state | jq -r '[.tweets[] | select((.reply_to // .in_reply_to) != null)][0].conversation_id')"
run users users @anna_k nomadnina
printf 'luggage: luggage OR baggage\n' >"$T/rules"
oaproxy_reset
tw-fetch stream -r "$T/rules" --list-rules >"$T/out" 2>"$T/err"
is "stream rules sync: no violation" "" "$(oaproxy_messages | head -5)"

# The stream itself, briefly.
oaproxy_reset
tw-fetch stream >"$T/out" 2>"$T/err" &
spid=$!
sleep 1
sb POST /_sandbox/tweets '{"username":"cust1","text":"@skyway my luggage is lost"}' >/dev/null
i=0; while [ ! -s "$T/out" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
kill -TERM $spid; wait $spid
is "stream: a post arrives through the proxy" "@skyway my luggage is lost" "$(jq -r .text "$T/out")"
is "stream: no violation" "" "$(oaproxy_messages | head -5)"
is "signatures all verified by oauthlib" "0" "$(oaproxy_count signature)"
done_testing
