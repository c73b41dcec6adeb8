#!/bin/sh
# tw-sandbox: requests that once killed or wedged it (issue 9): a route
# that fails after a ":" capture (a double free), a query parameter with
# an empty name (a loop that never ended, under the store's lock).
. "${0%/*}/lib.sh"

sandbox_start || exit 1
BT=$(sed -n 's/^bearer_token = //p' "$TW_CONFIG")
# code PATH [CURL ARGS...]: the status, the body in $T/b
code() {
	_p=$1; shift
	rm -f "$T/b"
	curl -sS -m 3 -o "$T/b" -w '%{http_code}' "$@" "$API$_p" 2>"$T/cerr" ||
	    echo " curl: $(cat "$T/cerr")"
}

for p in /2/users/1/nosuch /2/tweets/1/x /2/users/me/../x \
    /2/dm_conversations/with/%00/messages; do
	is "$p: 404, not a crash" 404 "$(code "$p")"
done
is "... with a bearer token too" 404 \
    "$(code /2/users/1/nosuch -H "Authorization: Bearer $BT")"
is "... a method not allowed after a capture: 405" 405 \
    "$(code /2/users/1/mentions -X DELETE -H "Authorization: Bearer $BT")"
ok "still alive after the captures" kill -0 "$SANDBOX_PID"
sandbox_stop

sandbox_start || exit 1
BT=$(sed -n 's/^bearer_token = //p' "$TW_CONFIG")

is "empty parameter name: 400" 400 \
    "$(code '/2/users/1/mentions?=1' -H "Authorization: Bearer $BT")"
is "... the invalid-request problem" \
    "https://api.twitter.com/2/problems/invalid-request" "$(json .type "$T/b")"
like "... naming the empty parameter" 'The query parameter \[\] is not one of' \
    "$(json '.errors[0].message' "$T/b")"
is "a name that is a piece of an allowed one: 400" 400 \
    "$(code '/2/users/1/mentions?x_res=1&user.fi=id' -H "Authorization: Bearer $BT")"
is "... both named" 2 "$(json '.errors | length' "$T/b")"
# the same list check for the keys of a JSON body
timeout 10 tw-api -d '{"":1,"text":"hi"}' /2/tweets >"$T/j" 2>/dev/null
is "a JSON body key that is empty: a 400 (tw-api exit 4)" 4 "$?"
like "... as a key not in the schema" 'is not defined in the schema' \
    "$(json '.errors[0].message' "$T/j")"
is "the next request is answered" 200 \
    "$(code '/2/users/by/username/anna_k' -H "Authorization: Bearer $BT")"
# SIGTERM ends it within five seconds (a wedged one is killed for good)
kill "$SANDBOX_PID"
i=0
while kill -0 "$SANDBOX_PID" 2>/dev/null && [ $i -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
if kill -0 "$SANDBOX_PID" 2>/dev/null; then
	kill -9 "$SANDBOX_PID"
	fail "SIGTERM stops it"
else
	pass "SIGTERM stops it"
fi
sandbox_stop
done_testing
