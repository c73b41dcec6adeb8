#!/bin/sh
# tests/oaproxy.py must catch bad requests (and pass good ones): path,
# method, query parameters, bodies, authentication scheme.  Upstream is a
# stub that answers correctly, so every violation here is the request's.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/oaproxy.sh"
oaproxy_need || skip_all "$OAPROXY_WHY"

cat >"$TW_CONFIG" <<'EOF'
[account sandbox]
user_id = 2244994945
consumer_key = ck-test
consumer_secret = cs-test
access_token = 2244994945-at
access_token_secret = ats-test
bearer_token = bt-test
EOF
chmod 600 "$TW_CONFIG"
USER='{"data":{"id":"2244994945","name":"Brand","username":"brand"}}'
TWEETS='{"data":[{"id":"1","text":"hi","edit_history_tweet_ids":["1"]}],"meta":{"result_count":1,"newest_id":"1","oldest_id":"1"}}'
cat >"$T/routes.json" <<EOF
{"GET /2/users/me": {"status": 200, "ctype": "application/json", "body": $USER},
 "GET /2/users/2244994945/mentions": {"status": 200, "ctype": "application/json", "body": $TWEETS},
 "GET /2/users/abc/mentions": {"status": 200, "ctype": "application/json", "body": $TWEETS},
 "GET /2/tweets/search/recent": {"status": 200, "ctype": "application/json", "body": $TWEETS},
 "GET /2/tweets/search/all": {"status": 200, "ctype": "application/json", "body": $TWEETS},
 "GET /2/tweets": {"status": 200, "ctype": "application/json", "body": $TWEETS},
 "POST /2/tweets": {"status": 201, "ctype": "application/json", "body": {"data": {"id": "9", "text": "hi"}}},
 "POST /2/tweets/search/stream/rules": {"status": 200, "ctype": "application/json", "body": {"meta": {"sent": "2026-01-01T00:00:00.000Z", "summary": {"created": 1, "not_created": 0, "valid": 1, "invalid": 0}}, "data": [{"id": "1", "value": "a"}]}},
 "POST /2/media/upload/123/append": {"status": 200, "ctype": "application/json", "body": {"meta": {}, "data": {"expires_at": 1}}}
}
EOF
oastub_start "$T/routes.json" || exit 1
oaproxy_start "$STUB" || exit 1

# expect NAME REGEX: exactly one violation so far, matching REGEX.
expect() {
	_v=$(oaproxy_messages)
	_n=$(printf '%s' "$_v" | grep -c .)
	if [ "$_n" = 1 ] && printf '%s\n' "$_v" | grep -Eq -- "$2"; then
		pass "$1"
	else
		fail "$1" "expected one violation matching: $2" "got $_n:" "$_v"
	fi
	oaproxy_reset
}

oa GET '/2/users/me?user.fields=created_at,description,public_metrics'
is "good request answered" 200 "$STATUS"
is "Host forwarded unchanged: body from stub" brand "$(json .data.username "$T/body")"
oaproxy_clean "good /2/users/me"

oa GET '/2/users/2244994945/mentions?max_results=100&tweet.fields=author_id,created_at&expansions=author_id&user.fields=username&pagination_token=abc'
oaproxy_clean "good mentions with fields"

oa GET '/2/users/me?foo=1'
expect "unknown parameter" '^request: GET /2/users/me: unknown query parameter foo$'

oa GET '/2/users/me?user.fields=id,bogus'
expect "bad enum item in a comma list" "query parameter user.fields: .*'bogus' is not one of"

oa GET '/2/users/me?user.fields=id,,name'
expect "empty item in a comma list" "query parameter user.fields: .*'' is not one of"

oa GET '/2/users/me?user.fields=id,id'
expect "repeated item (uniqueItems)" 'user.fields: .*non-unique|has non-unique'

oa GET '/2/users/2244994945/mentions?max_results=500'
expect "max_results above maximum" 'max_results: 500 is greater than the maximum of 100'

oa GET '/2/users/2244994945/mentions?max_results=4'
expect "max_results below minimum" 'max_results: 4 is less than the minimum of 5'

oa GET '/2/users/2244994945/mentions?max_results=ten'
expect "max_results not an integer" "max_results: 'ten' is not an integer"

oa GET '/2/users/2244994945/mentions?since_id=12x'
expect "since_id pattern" "query parameter since_id: '12x' does not match"

oa GET '/2/users/2244994945/mentions?start_time=yesterday'
expect "start_time format" "start_time: 'yesterday' is not a 'date-time'"

oa GET '/2/users/2244994945/mentions?max_results=10&max_results=20'
expect "repeated parameter" 'max_results given 2 times'

oa GET '/2/users/abc/mentions'
expect "path parameter pattern" "path parameter id: 'abc' does not match"

oa GET '/2/nowhere'
expect "unknown path" 'no path of the description matches /2/nowhere'

oa DELETE '/2/users/me'
expect "method not in the description" 'DELETE is not an operation of /2/users/me'

oa GET '/2/tweets/search/recent?max_results=10'
expect "required parameter missing" 'required query parameter query missing'

oa GET '/2/tweets/search/recent?query=from%3Abrand%20-is%3Aretweet&max_results=10&sort_order=relevancy'
oaproxy_clean "good recent search"

oa GET '/2/tweets/search/recent?query=a&sort_order=best'
expect "sort_order enum" "sort_order: 'best' is not one of"

oa GET '/2/tweets/search/recent?query=a&max_results=9'
expect "search max_results minimum" 'max_results: 9 is less than the minimum of 10'

oa GET '/2/tweets/search/all?query=a&max_results=500' --auth bearer
oaproxy_clean "full-archive search, bearer, max_results 500"

oa GET '/2/tweets/search/all?query=a&max_results=501' --auth bearer
expect "archive max_results maximum" 'max_results: 501 is greater than the maximum of 500'

oa GET '/2/tweets?ids=1,2,x'
expect "ids items pattern" "query parameter ids: .*'x' does not match"

oa POST /2/tweets --json '{"text":"hello","reply":{"in_reply_to_tweet_id":"1"}}'
is "POST /2/tweets answered" 201 "$STATUS"
oaproxy_clean "good POST /2/tweets"

oa POST /2/tweets --json '{"text":"hello","colour":"red"}'
expect "JSON body: additional property" "request body .*'colour' was unexpected"

oa POST /2/tweets --json '{"text":"hi","reply":{"in_reply_to_tweet_id":1}}'
expect "JSON body: wrong type" "request body at /reply/in_reply_to_tweet_id: 1 is not of type 'string'"

oa POST /2/tweets --json '{"text":' --header 'X-Test: 1'
expect "JSON body: not JSON" 'request body is not JSON'

oa POST /2/tweets --json '{"text":"hi"}' --header 'Content-Type:'
expect "body without Content-Type" 'request body without Content-Type'

oa POST /2/tweets/search/stream/rules --auth bearer --json '{"add":[{"value":"a"}]}'
oaproxy_clean "good stream rules add"

oa POST /2/tweets/search/stream/rules --auth bearer
expect "required body missing" 'request body required'

printf 'abc' >"$T/chunk"
oa POST /2/media/upload/123/append --part segment_index=0 --part media=@"$T/chunk"
oaproxy_clean "good multipart append"

oa POST /2/media/upload/123/append --part media=@"$T/chunk"
expect "multipart without segment_index" "segment_index' is a required property"

oa GET /2/users/me --auth none
expect "no Authorization" 'no Authorization header \(accepted: OAuth2UserToken, UserToken\)'

oa GET /2/tweets/search/all?query=a
expect "OAuth 1.0a where only app-only bearer is accepted" 'UserToken not accepted here \(accepted: BearerToken\)'

oa GET /2/users/me --auth bearer
expect "app-only bearer on a user-context endpoint" 'BearerToken not accepted here'

oa GET /2/users/me --authorization 'Basic Zm9vOmJhcg=='
expect "unknown auth scheme" 'Authorization scheme basic unknown'

done_testing
