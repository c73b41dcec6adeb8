#!/bin/sh
# 6123-sandbox-likes: the likes endpoints as a third-party client uses
# them (OAuth 1.0a user context, OAuth 2.0 user tokens with and without
# like.write/like.read, the app's bearer token), every answer through
# the OpenAPI-validating proxy; a like counts in the post's
# public_metrics.like_count, and in the brand's own post's
# organic_metrics, as GET /2/tweets?ids= serves them.
#
# Sources (the reference's COMPLIANCE-LIKES.md §3 and openapi.json):
#  - POST /2/users/{id}/likes {"tweet_id"}: "200 {"data":{"liked":true}};
#    DELETE 200 {"data":{"liked":false}}, x-rate-limit-limit: 50" (live,
#    tweepy test_client_like_and_unlike.yaml); the path id "must be the
#    same as the authenticated user" (UserIdMatchesAuthenticatedUser).
#  - security: OAuth2UserToken [like.write|like.read, tweet.read,
#    users.read] or UserToken; limits 50/15 min per user (writes),
#    1,000/24 h shared; 75/15 min per app and per user (lookups).
#  - liking_users: max_results 1-100, default 100; liked_tweets: 5-100;
#    meta {result_count, next_token, previous_token}.
. "${0%/*}/lib.sh"
. "${0%/*}/oaproxy.sh"
oaproxy_need || skip_all "$OAPROXY_WHY"

NOW=2026-11-20T12:00:00Z
sandbox_via_proxy --now "$NOW" --state-file "$T/state.ndjson" || exit 1
uid=$(cfg user_id) CID=$(cfg client_id)

# An OAuth 2.0 user token (PKCE, plain) for SCOPE, approved as USERNAME
# (the account when empty), straight from the sandbox.
token2() {
	_q="response_type=code&client_id=$CID&redirect_uri=http%3A%2F%2F127.0.0.1%3A9%2Fcb&scope=$(printf %s "$1" | jq -sRr @uri)&state=s&code_challenge=plainverifier0123456789&code_challenge_method=plain"
	_code=$(curl -sS -o /dev/null -w '%{redirect_url}' -d "$_q&approve=1${2:+&username=$2}" \
	    "$SANDBOX/i/oauth2/authorize" | sed -n 's/.*[?&]code=\([A-Za-z0-9]*\).*/\1/p')
	curl -sS -d grant_type=authorization_code -d "code=$_code" \
	    -d redirect_uri=http://127.0.0.1:9/cb -d code_verifier=plainverifier0123456789 \
	    -d "client_id=$CID" "$SANDBOX/2/oauth2/token" | jq -r .access_token
}
W=$(token2 'like.write like.read tweet.read users.read')
R=$(token2 'tweet.read users.read')
ANNA=$(token2 'like.write like.read tweet.read users.read' anna_k)
# responses_clean NAME: no response broke the OpenAPI description (the
# requests, refused on purpose, may)
responses_clean() {
	_v=$(oaproxy_messages response)
	if [ -z "$_v" ]; then pass "$1: no violations in the responses"
	else fail "$1: no violations in the responses" "$_v"; fi
	oaproxy_reset
}
like '3 OAuth 2.0 user tokens' '^[A-Za-z0-9]+ [A-Za-z0-9]+ [A-Za-z0-9]+$' "$W $R $ANNA"
anna=$(sb GET /_sandbox/state | jq -r '.users[] | select(.username == "anna_k") | .id')

post=$(sb POST /_sandbox/tweets '{"username":"thankful_tom","text":"@skyway thank you, the crew found my bag!"}' | jq -r .data.id)
metric() { oa GET "/2/tweets/$1?tweet.fields=public_metrics"; json .data.public_metrics.like_count "$T/body"; }
is "a new post: like_count 0" 0 "$(metric "$post")"

# --- POST /2/users/:id/likes ------------------------------------------------
oa POST "/2/users/$uid/likes" --json "{\"tweet_id\":\"$post\"}"
is "OAuth 1.0a: liked, 200" '200 {"data":{"liked":true}}' "$STATUS $(jq -c . "$T/body")"
is "... x-rate-limit-limit 50 (per user, 15 minutes)" 50 "$(hdr x-rate-limit-limit)"
is "... x-user-limit-24hour-limit 1000 (shared with DELETE)" 1000 "$(hdr x-user-limit-24hour-limit)"
is "... the post's like_count follows" 1 "$(metric "$post")"
oa POST "/2/users/$uid/likes" --json "{\"tweet_id\":\"$post\"}"
is "liking it again: still liked, 200" '200 {"data":{"liked":true}}' "$STATUS $(jq -c . "$T/body")"
is "... and counted once" 1 "$(metric "$post")"
oa POST "/2/users/$anna/likes" --authorization "Bearer $ANNA" --json "{\"tweet_id\":\"$post\"}"
is "OAuth 2.0 with like.write, as anna_k: liked" '200 true' "$STATUS $(json .data.liked "$T/body")"
is "... like_count 2" 2 "$(metric "$post")"
oaproxy_clean "likes"

oa POST "/2/users/$uid/likes" --authorization "Bearer $R" --json "{\"tweet_id\":\"$post\"}"
is "OAuth 2.0 without like.write: 403 Forbidden" "403 Forbidden" "$STATUS $(json .title "$T/body")"
oa POST "/2/users/$uid/likes" --auth bearer --json "{\"tweet_id\":\"$post\"}"
is "app-only: 403 unsupported-authentication" "403 https://api.twitter.com/2/problems/unsupported-authentication" \
    "$STATUS $(json .type "$T/body")"
oa POST "/2/users/$anna/likes" --json "{\"tweet_id\":\"$post\"}"
is "another user's id in the path: 400 invalid-request" "400 https://api.twitter.com/2/problems/invalid-request" \
    "$STATUS $(json .type "$T/body")"
is "... naming id and the authenticating user" \
    "[\"$anna\"] The \`id\` query parameter value [$anna] must be the same as the authenticating user [$uid]" \
    "$(jq -r '.errors[0] | "\(.parameters.id | tojson) \(.message)"' "$T/body")"
oa POST "/2/users/$uid/likes" --json '{"tweet_id":"1"}'
is "a post that is not there: 400" 400 "$STATUS"
oa POST "/2/users/$uid/likes" --json '{}'
is "no tweet_id: 400, it is required" '400 $.tweet_id: is missing but it is required' \
    "$STATUS $(json '.errors[0].message' "$T/body")"
oa POST "/2/users/$uid/likes" --json "{\"tweet_id\":\"$post\",\"x\":1}"
is "an unknown key: 400" 400 "$STATUS"
oa POST "/2/users/$uid/likes" --form "tweet_id=$post"
is "a form body: 400, content-type of application/json" \
    "400 Requests with bodies must have content-type of application/json." \
    "$STATUS $(json '.errors[0].message' "$T/body")"
is "... and nothing liked by them" 2 "$(metric "$post")"
responses_clean "refused likes"

# --- GET /2/tweets/:id/liking_users -------------------------------------------
oa GET "/2/tweets/$post/liking_users"
is "liking_users: who liked it, the newest like first" "200 anna_k,skyway" \
    "$STATUS $(jq -r '[.data[].username] | join(",")' "$T/body")"
is "... meta: result_count only (one page)" '{"result_count":2}' "$(jq -c .meta "$T/body")"
is "... x-rate-limit-limit 75" 75 "$(hdr x-rate-limit-limit)"
oa GET "/2/tweets/$post/liking_users?max_results=1&user.fields=created_at&expansions=pinned_tweet_id"
is "max_results=1: one user, with a next_token" "anna_k true" \
    "$(jq -r '"\(.data[0].username) \(.meta.next_token != null)"' "$T/body")"
oa GET "/2/tweets/$post/liking_users?max_results=1&pagination_token=$(json .meta.next_token "$T/body")"
is "... the next page: the other, and a previous_token" "skyway true false" \
    "$(jq -r '"\(.data[0].username) \(.meta.previous_token != null) \(.meta.next_token != null)"' "$T/body")"
oa GET "/2/tweets/$post/liking_users?max_results=1&pagination_token=$(json .meta.previous_token "$T/body")"
is "... previous_token leads back" anna_k "$(json '.data[0].username' "$T/body")"
oa GET "/2/tweets/$post/liking_users" --authorization "Bearer $W"
is "OAuth 2.0 with like.read: 200" 200 "$STATUS"
oa GET "/2/tweets/$post/liking_users" --auth bearer
is "app-only: 200 (the docs' quickstart uses a Bearer Token)" 200 "$STATUS"
oa GET "/2/tweets/$post/liking_users" --authorization "Bearer $R"
is "OAuth 2.0 without like.read: 403" 403 "$STATUS"
oa GET "/2/tweets/$post/liking_users?max_results=0"
is "max_results=0: 400, not between 1 and 100" \
    "400 The \`max_results\` query parameter value [0] is not between 1 and 100" \
    "$STATUS $(json '.errors[0].message' "$T/body")"
oa GET "/2/tweets/1/liking_users"
is "a post that is not there: 200, resource-not-found" "200 tweet https://api.twitter.com/2/problems/resource-not-found" \
    "$STATUS $(jq -r '.errors[0] | "\(.resource_type) \(.type)"' "$T/body")"
oa GET "/2/tweets/abc/liking_users"
is "an id that is not one: 400" 400 "$STATUS"
responses_clean "liking_users"

# --- GET /2/users/:id/liked_tweets, and the brand's own reply's metrics -------
oa POST /2/tweets --json "{\"text\":\"So glad, Tom! Safe travels.\",\"reply\":{\"in_reply_to_tweet_id\":\"$post\"}}"
reply=$(json .data.id "$T/body")
oa POST "/2/users/$uid/likes" --authorization "Bearer $W" --json "{\"tweet_id\":\"$reply\"}"
is "OAuth 2.0 with like.write: the brand likes its own reply" '200 true' "$STATUS $(json .data.liked "$T/body")"
oa GET "/2/users/$uid/liked_tweets?tweet.fields=public_metrics,author_id&expansions=author_id"
is "liked_tweets: the posts, the newest like first" "$reply $post" \
    "$(jq -r '[.data[].id] | join(" ")' "$T/body")"
is "... with their like counts" "1 2" "$(jq -r '[.data[].public_metrics.like_count] | join(" ")' "$T/body")"
is "... and their authors in includes" "skyway thankful_tom" \
    "$(jq -r '[.includes.users[].username] | sort | join(" ")' "$T/body")"
is "... meta: result_count (no newest_id/oldest_id in this endpoint's meta)" '{"result_count":2}' "$(jq -c .meta "$T/body")"
oa GET "/2/users/$uid/liked_tweets?max_results=4"
is "max_results=4: 400 (5 to 100)" \
    "400 The \`max_results\` query parameter value [4] is not between 5 and 100" \
    "$STATUS $(json '.errors[0].message' "$T/body")"
oa GET "/2/users/$anna/liked_tweets" --auth bearer
is "app-only, anna_k's likes" "200 $post" "$STATUS $(jq -r '[.data[].id] | join(" ")' "$T/body")"
oa GET "/2/users/1/liked_tweets"
is "a user who is not there: resource-not-found" user "$(json '.errors[0].resource_type' "$T/body")"
responses_clean "liked_tweets"

# GET /2/tweets?ids= (up to 100): the metrics care reports on, the brand's
# own post's private ones, partial errors for the rest
oa GET "/2/tweets?ids=$reply,$post,1&tweet.fields=public_metrics,non_public_metrics,organic_metrics"
is "ids=: the two posts there" "$reply $post" "$(jq -r '[.data[].id] | join(" ")' "$T/body")"
is "... the reply's organic like_count" 1 "$(jq -r '.data[0].organic_metrics.like_count' "$T/body")"
is "... its non_public_metrics" "impression_count url_link_clicks user_profile_clicks" \
    "$(jq -r '.data[0].non_public_metrics | keys | join(" ")' "$T/body")"
is "... the customer's post: public_metrics only" "2 null null" \
    "$(jq -r '.data[1] | "\(.public_metrics.like_count) \(.non_public_metrics) \(.organic_metrics)"' "$T/body")"
is "... errors: the missing id, then the two fields refused on the customer's post" \
    "resource-not-found:1 not-authorized-for-field:$post:non_public_metrics not-authorized-for-field:$post:organic_metrics" \
    "$(jq -r '[.errors[] | "\(.type | sub(".*/"; "")):\(.resource_id)\(if .field then ":" + .field else "" end)"] | join(" ")' "$T/body")"
ids=$(seq -s, 1 100)
oa GET "/2/tweets?ids=$ids"
is "100 ids that are not there: 200, 100 errors, no data" "200 100 null" \
    "$STATUS $(jq -r '"\(.errors | length) \(.data)"' "$T/body")"
oa GET "/2/tweets?ids=$ids,101"
is "101 ids: 400" 400 "$STATUS"
responses_clean "post lookup with metrics"

# --- DELETE /2/users/:id/likes/:tweet_id --------------------------------------
oa DELETE "/2/users/$uid/likes/$post"
is "unlike: 200 {\"data\":{\"liked\":false}}" '200 {"data":{"liked":false}}' "$STATUS $(jq -c . "$T/body")"
is "... like_count down" 1 "$(metric "$post")"
oa DELETE "/2/users/$uid/likes/$post"
is "unlike again: still not liked" '200 false' "$STATUS $(json .data.liked "$T/body")"
is "... like_count unchanged" 1 "$(metric "$post")"
oa GET "/2/tweets/$post/liking_users"
is "liking_users: anna_k only" anna_k "$(jq -r '[.data[].username] | join(",")' "$T/body")"
oa DELETE "/2/users/$anna/likes/$post"
is "another user's like: 400" 400 "$STATUS"
oa DELETE "/2/users/$uid/likes/$post" --authorization "Bearer $R"
is "without like.write: 403" 403 "$STATUS"
oaproxy_clean "unlikes"

# --- the state keeps them -----------------------------------------------------
sb GET /_sandbox/state >"$T/st"
is "GET /_sandbox/state: the likes" "$anna:$post $uid:$reply" \
    "$(jq -r '[.likes[] | "\(.user):\(.tweet)"] | join(" ")' "$T/st")"
oaproxy_stop
sandbox_stop
sandbox_via_proxy --now "$NOW" --state-file "$T/state.ndjson" || exit 1
oa GET "/2/tweets/$post/liking_users?tweet.fields=public_metrics&expansions=pinned_tweet_id"
is "after a restart with --state-file: the like is there" anna_k "$(jq -r '[.data[].username] | join(",")' "$T/body")"
is "... counted once, not again" 1 "$(metric "$post")"

# --- the 15-minute window: 50 per user --------------------------------------------
CID=$(cfg client_id)
W=$(token2 'like.write tweet.read users.read')
n=0 code=200
while [ "$code" = 200 ] && [ $n -lt 60 ]; do
	n=$((n + 1))
	code=$(curl -sS -o /dev/null -w '%{http_code}' -X DELETE \
	    -H "Authorization: Bearer $W" "$SANDBOX/2/users/$uid/likes/$post")
done
is "DELETE: the 51st in 15 minutes is refused with 429" "51 429" "$n $code"
done_testing
