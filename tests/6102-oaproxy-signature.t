#!/bin/sh
# tests/oaproxy.py checks OAuth 1.0a signatures for the address the client
# used (the proxy's), forwards the Host header unchanged, leaves admin
# paths alone, and keeps its log.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/oaproxy.sh"
oaproxy_need || skip_all "$OAPROXY_WHY"

cat >"$TW_CONFIG" <<'EOF'
# the proxy verifies with these
[account sandbox]
consumer_key = ck-test
consumer_secret = cs-test
access_token = 2244994945-at
access_token_secret = ats-test
bearer_token = bt-test

[account other]
consumer_key = ck-other
consumer_secret = cs-other
access_token = 1-other
access_token_secret = ats-other
EOF
chmod 600 "$TW_CONFIG"
# what a confused client might sign with
cat >"$T/wrong" <<'EOF'
[account badsecret]
consumer_key = ck-test
consumer_secret = not-the-secret
access_token = 2244994945-at
access_token_secret = ats-test
[account badtoken]
consumer_key = ck-test
consumer_secret = cs-test
access_token = 99-at
access_token_secret = ats-test
[account nokey]
consumer_key = ck-nobody
consumer_secret = cs-test
access_token = 2244994945-at
access_token_secret = ats-test
EOF
J=application/json
cat >"$T/routes.json" <<EOF
{"GET /2/users/me": {"status": 200, "ctype": "$J", "body": {"data": {"id": "1", "name": "B", "username": "b"}}},
 "GET /2/tweets/search/recent": {"status": 200, "ctype": "$J", "body": {"meta": {"result_count": 0}}},
 "GET /2/tweets/search/all": {"status": 200, "ctype": "$J", "body": {"meta": {"result_count": 0}}},
 "POST /2/tweets": {"status": 201, "ctype": "$J", "body": {"data": {"id": "9", "text": "hi"}}}
}
EOF
oastub_start "$T/routes.json" || exit 1
oaproxy_start "$STUB" || exit 1
HOSTPORT=${API#http://}

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

oa GET '/_sandbox/echo?anything=goes' --auth none
is "admin path forwarded" GET "$(json .method "$T/body")"
is "Host header forwarded unchanged (the proxy's address)" "$HOSTPORT" \
    "$(json .host "$T/body")"
is "target forwarded unchanged" '/_sandbox/echo?anything=goes' \
    "$(json .target "$T/body")"
oaproxy_clean "admin path not validated"

# RFC 3986 corner cases in the query: space, quote, !*'(), UTF-8, +
Q='query=caf%C3%A9%20%22a%20b%22%20%21%2A%27%28%29%20%2B1%20from%3Ab&max_results=10'
oa GET "/2/tweets/search/recent?$Q"
is "signed search answered" 200 "$STATUS"
oaproxy_clean "good signature over an awkward query"

oa POST /2/tweets --json '{"text":"caf\u00e9 & more"}'
oaproxy_clean "good signature with a JSON body (body not signed)"

oa GET /2/users/me --account other
oaproxy_clean "second account's keys found by consumer key"

oa GET /2/users/me --config "$T/wrong" --account badsecret
expect "wrong consumer secret" 1 '^signature: GET /2/users/me: signature does not verify; base string: GET&http%3A%2F%2F127\.0\.0\.1%3A[0-9]+%2F2%2Fusers%2Fme&oauth_consumer_key%3Dck-test'

oa GET /2/users/me --sign-url "http://localhost:1/2/users/me"
expect "signed for another host" 1 'signature does not verify; base string: GET&http%3A%2F%2F127\.0\.0\.1'

oa GET '/2/tweets/search/recent?query=a' --sign-url "$API/2/tweets/search/recent?query=b"
expect "query not as signed" 1 'signature does not verify.*query%3Da'

oa GET /2/users/me --config "$T/wrong" --account badtoken
expect "token is not the account's" 1 "oauth_token is not the account's access_token"

oa GET /2/users/me --config "$T/wrong" --account nokey
expect "unknown consumer key" 1 'consumer key ck-nobody matches no account'

oa GET /2/users/me --timestamp 1000000000 --nonce fixednonce1
expect "stale timestamp" 1 'oauth_timestamp 1000000000 is -[0-9]+ s away from now'

oa GET '/_sandbox/echo' --sign-url "$API/2/users/me"
AUTH=$(json .auth "$T/body")
oaproxy_reset
oa GET /2/users/me --authorization "$AUTH"
oaproxy_clean "captured header verifies once"
oa GET /2/users/me --authorization "$AUTH"
expect "nonce replayed" 1 'nonce [0-9]+ reused'

oa GET /2/users/me --authorization 'OAuth oauth_consumer_key="ck-test", oauth_signature="x"'
expect "incomplete OAuth header" 4 '(oauth_token|oauth_nonce|oauth_timestamp|oauth_signature_method) missing'

oa GET '/2/tweets/search/all?query=a' --authorization 'Bearer nope'
expect "unknown bearer token" 1 'signature: .*bearer token matches no account'

done_testing
