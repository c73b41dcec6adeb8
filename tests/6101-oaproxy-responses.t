#!/bin/sh
# tests/oaproxy.py must catch bad responses (and pass good ones): status,
# content type, body shape, problem subtypes, streams.  The upstream is a
# stub that answers what the test tells it; the requests are all valid.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/oaproxy.sh"
oaproxy_need || skip_all "$OAPROXY_WHY"

cat >"$TW_CONFIG" <<'EOF'
[account sandbox]
consumer_key = ck-test
consumer_secret = cs-test
access_token = 2244994945-at
access_token_secret = ats-test
bearer_token = bt-test
EOF
chmod 600 "$TW_CONFIG"
J=application/json P=application/problem+json
NF=https://api.twitter.com/2/problems/resource-not-found
TW='{"id":"5","text":"hi","created_at":"2026-01-02T03:04:05.000Z","edit_history_tweet_ids":["5"]}'
cat >"$T/routes.json" <<EOF
{"GET /2/users/me": {"status": 200, "ctype": "$J; charset=utf-8", "body": {"data": {"id": "1", "name": "B", "username": "b"}}},
 "GET /2/users/by/username/nousername": {"status": 200, "ctype": "$J", "body": {"data": {"id": "1", "name": "B"}}},
 "GET /2/tweets/1": {"status": 200, "ctype": "$J", "body": {"data": {"id": 1, "text": "x"}}},
 "GET /2/tweets/2": {"status": 200, "ctype": "$J", "body": {"data": {"id": "2", "text": "x", "created_at": "yesterday"}}},
 "GET /2/tweets/3": {"status": 200, "ctype": "$J", "raw": "oops"},
 "GET /2/tweets/4": {"status": 200, "ctype": "$J", "raw": ""},
 "GET /2/tweets/5": {"status": 200, "ctype": "$J", "body": {"data": $TW}},
 "GET /2/tweets/6": {"status": 200, "ctype": "text/html", "raw": "<p>hi</p>"},
 "GET /2/tweets/7": {"status": 404, "ctype": "$P", "body": {"title": "Not Found Error", "type": "$NF", "detail": "Could not find tweet with id: [7].", "parameter": "id", "value": "7", "resource_id": "7", "resource_type": "tweet"}},
 "GET /2/tweets/8": {"status": 404, "ctype": "$P", "body": {"title": "Not Found Error", "type": "$NF", "parameter": "id", "value": "8", "resource_type": "tweet"}},
 "GET /2/tweets/9": {"status": 404, "ctype": "$P", "body": {"title": "Not Found Error", "type": "$NF", "parameter": "id", "value": "9", "resource_id": "9", "resource_type": "post"}},
 "GET /2/tweets": {"status": 200, "ctype": "$J", "body": {"data": [$TW], "errors": [{"title": "Not Found Error", "type": "$NF", "detail": "Could not find tweet with id: [6].", "parameter": "ids", "value": "6", "resource_id": "6", "resource_type": "tweet"}]}},
 "POST /2/tweets": {"status": 200, "ctype": "$J", "body": {"data": {"id": "9", "text": "hi"}}},
 "GET /2/users/by": {"status": 200, "body": {"data": [{"id": "1", "name": "B", "username": "b"}]}},
 "GET /2/dm_events": {"status": 401, "ctype": "$P", "body": {"title": "Unauthorized", "type": "about:blank", "status": 401, "detail": "Unauthorized"}},
 "GET /2/users/1/mentions": {"status": 401, "ctype": "$J", "body": {"title": "Unauthorized", "type": "about:blank", "status": 401, "detail": "Unauthorized"}},
 "GET /2/users/2/mentions": {"status": 429, "ctype": "$P", "body": {"detail": "Too Many Requests", "type": "about:blank", "status": 429}},
 "GET /2/users/3/mentions": {"status": 429, "ctype": "$J", "body": {"errors": [{"code": 88, "message": "Rate limit exceeded"}]}},
 "GET /2/users/4/mentions": {"status": 500, "ctype": "$J", "body": {"code": 131, "message": "Internal error"}},
 "GET /2/tweets/search/stream": {"status": 200, "ctype": "$J", "hold": "$T/release", "lines": [
   "{\"data\": $(echo "$TW" | sed 's/"/\\"/g'), \"matching_rules\": [{\"id\": \"1\", \"tag\": \"t\"}]}",
   "", "",
   "{\"data\": {\"id\": \"6\", \"text\": \"x\"}, \"matching_rules\": [{\"id\": \"1\"}]}",
   "{\"data\": {\"id\": 7, \"text\": \"x\"}}"]}
}
EOF
oastub_start "$T/routes.json" || exit 1
oaproxy_start "$STUB" || exit 1

# expect NAME N REGEX: exactly N violations so far, each matching REGEX.
expect() {
	_v=$(oaproxy_messages)
	_n=$(printf '%s' "$_v" | grep -c .)
	_m=$(printf '%s\n' "$_v" | grep -Ec -- "$3")
	if [ "$_n" = "$2" ] && [ "$_m" = "$2" ]; then
		pass "$1"
	else
		fail "$1" "expected $2 violations matching: $3" "got $_n:" "$_v"
	fi
	oaproxy_reset
}

oa GET /2/users/me
is "answered through the proxy" b "$(json .data.username "$T/body")"
oaproxy_clean "good user (content type with charset)"

oa GET /2/users/by/username/nousername
expect "required property missing" 1 "^response: GET .*: response body at /data: 'username' is a required property"

oa GET /2/tweets/1
expect "id as a number" 1 "response body at /data/id: 1 is not of type 'string'"

oa GET /2/tweets/2
expect "created_at not a date-time" 1 "response body at /data/created_at: 'yesterday' is not a 'date-time'"

oa GET /2/tweets/3
expect "body not JSON" 1 'response body is not JSON'

oa GET /2/tweets/4
expect "empty body" 1 'status 200 with an empty body'

oa GET /2/tweets/5
oaproxy_clean "good tweet with created_at"

oa GET /2/tweets/6
expect "undeclared content type" 1 'Content-Type text/html not declared \(declared: application/json\)'

oa GET /2/tweets/7
is "404 passed through" 404 "$STATUS"
oaproxy_clean "good resource-not-found problem"

oa GET /2/tweets/8
expect "problem subtype: missing resource_id (discriminator)" 1 "'resource_id' is a required property"

oa GET /2/tweets/9
expect "problem subtype: resource_type enum" 1 "'post' is not one of \['user', 'tweet'"

oa GET '/2/tweets?ids=5,6'
oaproxy_clean "good partial errors next to data"

oa POST /2/tweets --json '{"text":"hi"}'
expect "undeclared success status" 1 'status 200 not declared \(declared: 201, default\)'

oa GET '/2/users/by?usernames=b'
expect "missing Content-Type" 1 'response has a body but no Content-Type'

oa GET /2/dm_events
oaproxy_clean "good 401 problem+json"

oa GET /2/users/1/mentions
expect "problem body labelled application/json" 2 "response body '(code|message)' is a required property"

oa GET /2/users/2/mentions
expect "problem without title" 1 "response body 'title' is a required property"

oa GET /2/users/3/mentions
expect "v1.1 error shape is not the spec's Error" 2 "response body '(code|message)' is a required property"

oa GET /2/users/4/mentions
oaproxy_clean "good Error object (application/json default)"

# The stream: the stub sends one line, then holds until $T/release exists;
# the client must see that line while the stub holds (no buffering).
oa GET /2/tweets/search/stream --auth bearer --lines 1 --timeout 15
is "first stream line arrives while upstream holds" 5 "$(json .data.id "$T/body")"
is "stream status" 200 "$STATUS"
: >"$T/release"
sleep 0.5
oaproxy_reset
oa GET /2/tweets/search/stream --auth bearer --lines 3 --timeout 15
is "all three stream lines through (keep-alives skipped)" "5 6 7" \
    "$(jq -r .data.id "$T/body" | tr '\n' ' ' | sed 's/ $//')"
_i=0
while [ "$(oaproxy_count)" = 0 ] && [ $_i -lt 100 ]; do sleep 0.1; _i=$((_i + 1)); done
expect "one bad stream line" 1 "stream line 3 at /data/id: 7 is not of type 'string'"

is "log file has one JSON object per violation" \
    "$(grep -c . "$T/oaproxy.log")" \
    "$(jq -c 'select(.time and .method and .path and .kind and .message)' "$T/oaproxy.log" | grep -c .)"
like "log file kinds" '^(request|response|signature)$' \
    "$(jq -r .kind "$T/oaproxy.log" | sort -u | head -n 1)"

done_testing
