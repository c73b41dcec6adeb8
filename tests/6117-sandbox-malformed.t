#!/bin/sh
# tw-sandbox: requests that once killed or wedged it (issue 9): a route
# that fails after a ":" capture (a double free).
. "${0%/*}/lib.sh"
plan 7

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

done_testing
