#!/bin/sh
# tw-sandbox conformance through tests/oaproxy.py: mentions, recent and
# full-archive search, tweet lookup, posting; every field and expansion,
# pagination, since_id, and the error answers.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/oaproxy.sh"
oaproxy_need || skip_all "$OAPROXY_WHY"
sandbox_via_proxy

TF=$(enum TweetFieldsParameter)
TX=$(enum TweetExpansionsParameter)
UF=$(enum UserFieldsParameter)
MF=$(enum MediaFieldsParameter)
PF=$(enum PollFieldsParameter)
LF=$(enum PlaceFieldsParameter)
ALL="tweet.fields=$TF&expansions=$TX&user.fields=$UF&media.fields=$MF&poll.fields=$PF&place.fields=$LF"
ME_ID=$(cfg user_id)
ME=$(cfg username)

# page_ok FILE: data ids descending, meta consistent with data.
page_ok() {
	jq -r '
	if (.data | length) == 0 then
		(if .meta.result_count == 0 then "ok" else "result_count \(.meta.result_count) for no data" end)
	else
		[.data[].id | tonumber] as $ids
		| if .meta.result_count != ($ids | length) then "result_count \(.meta.result_count) != \($ids | length)"
		elif .meta.newest_id != .data[0].id then "newest_id \(.meta.newest_id) != \(.data[0].id)"
		elif .meta.oldest_id != .data[-1].id then "oldest_id \(.meta.oldest_id) != \(.data[-1].id)"
		elif $ids != ($ids | sort | reverse) then "ids not newest first"
		else "ok" end
	end' "$1"
}

# --- mentions
oa GET "/2/users/$ME_ID/mentions"
is "mentions: 200" 200 "$STATUS"
is "mentions: default tweet fields" "edit_history_tweet_ids,id,text" \
    "$(jq -r '[.data[] | keys | join(",")] | unique | join(" ")' "$T/body")"
is "mentions: page is consistent" ok "$(page_ok "$T/body")"
is "mentions: every one mentions @$ME" 0 \
    "$(jq --arg u "$ME" '[.data[] | select(.text | ascii_downcase | contains("@" + ($u | ascii_downcase)) | not)] | length' "$T/body")"
oaproxy_clean "mentions"

oa GET "/2/users/$ME_ID/mentions?max_results=100&$ALL"
is "mentions, every field: 200" 200 "$STATUS"
cp "$T/body" "$T/mentions-all"
is "mentions: page is consistent" ok "$(page_ok "$T/body")"
is "mentions: every author expanded" 0 \
    "$(jq '[.data[].author_id] - [.includes.users[]?.id] | length' "$T/body")"
is "mentions: every replied-to or quoted tweet expanded or reported" 0 \
    "$(jq '([.data[].referenced_tweets[]?.id] | unique) - [.includes.tweets[]?.id] - [.errors[]?.resource_id] | length' "$T/body")"
is "mentions: every media key expanded" 0 \
    "$(jq '[.data[].attachments.media_keys[]?] - [.includes.media[]?.media_key] | length' "$T/body")"
is "mentions: conversation_id and created_at on every tweet" 0 \
    "$(jq '[.data[] | select(.conversation_id == null or .created_at == null or .author_id == null)] | length' "$T/body")"
is "mentions: public_metrics on every tweet" 0 \
    "$(jq '[.data[] | select(.public_metrics.like_count == null)] | length' "$T/body")"
oaproxy_clean "mentions with every field"

# pagination: pages of 5, newest first, no overlap, same set as one page
N=$(jq '.data | length' "$T/mentions-all")
tok= pages=0
: >"$T/ids"
while :; do
	oa GET "/2/users/$ME_ID/mentions?max_results=5${tok:+&pagination_token=$tok}"
	[ "$STATUS" = 200 ] || break
	[ "$(page_ok "$T/body")" = ok ] || break
	jq -r '.data[]?.id' "$T/body" >>"$T/ids"
	pages=$((pages + 1))
	tok=$(json '.meta.next_token // ""' "$T/body")
	[ -n "$tok" ] && [ $pages -lt 50 ] || break
done
is "mentions pagination: every page 200 and consistent" "200" "$STATUS"
is "mentions pagination: pages of 5 cover the 100-page" "$N $N" \
    "$(wc -l <"$T/ids" | tr -d ' ') $(sort -u "$T/ids" | wc -l | tr -d ' ')"
is "mentions pagination: same ids in the same order" \
    "$(jq -r '.data[].id' "$T/mentions-all" | tr '\n' ' ')" "$(tr '\n' ' ' <"$T/ids")"
like "mentions pagination: more than one page" '^([2-9]|[1-9][0-9]+)$' "$pages"
oaproxy_clean "mentions pagination"

MID=$(sed -n 3p "$T/ids")
oa GET "/2/users/$ME_ID/mentions?since_id=$MID"
is "mentions since_id: only newer" "$(head -n 2 "$T/ids" | tr '\n' ' ')" \
    "$(json '.data[]?.id' "$T/body" | tr '\n' ' ')"
oa GET "/2/users/$ME_ID/mentions?until_id=$MID&max_results=5"
is "mentions until_id: only older" "$(sed -n '4,8p' "$T/ids" | tr '\n' ' ')" \
    "$(json '.data[]?.id' "$T/body" | tr '\n' ' ')"
NEWEST=$(head -n 1 "$T/ids")
oa GET "/2/users/$ME_ID/mentions?since_id=$NEWEST"
is "mentions since newest: empty page has no data" "200 null 0" \
    "$STATUS $(json .data "$T/body") $(json .meta.result_count "$T/body")"
oaproxy_clean "mentions since_id/until_id"

oa GET "/2/users/$ME_ID/mentions?max_results=101"
is "mentions max_results 101: 400" 400 "$STATUS"
is "mentions max_results 101: invalid-request" invalid-request \
    "$(json '.type | sub(".*/"; "")' "$T/body")"
is "mentions max_results 101: no response violations" 0 "$(oaproxy_count response)"
oaproxy_reset

# --- recent search
WORD=$(jq -r '[.data[].text | splits("[^A-Za-z]+") | select(length > 5)] | .[0] // "delayed"' "$T/mentions-all" | tr 'A-Z' 'a-z')
oa GET "/2/tweets/search/recent?query=$WORD&max_results=10&$ALL"
is "search recent: 200" 200 "$STATUS"
is "search recent: page is consistent" ok "$(page_ok "$T/body")"
like "search recent: found tweets with '$WORD'" '^[1-9]' "$(jq '.data | length' "$T/body")"
is "search recent: every one contains '$WORD'" 0 \
    "$(jq --arg w "$WORD" '[.data[]? | select(.text | ascii_downcase | contains($w) | not)] | length' "$T/body")"
is "search recent: no previous_token in meta" null "$(json .meta.previous_token "$T/body")"
oaproxy_clean "search recent with every field"

oa GET "/2/tweets/search/recent?query=%40$ME&max_results=10"
tok=$(json '.meta.next_token // ""' "$T/body")
jq -r '.data[]?.id' "$T/body" >"$T/p1"
if [ -n "$tok" ]; then
	oa GET "/2/tweets/search/recent?query=%40$ME&max_results=10&next_token=$tok"
	is "search recent next_token: 200" 200 "$STATUS"
	is "search recent next_token: older than page 1" ok \
	    "$(jq -r --arg o "$(tail -n 1 "$T/p1")" 'if [.data[].id | tonumber] | all(. < ($o | tonumber)) then "ok" else "no" end' "$T/body")"
	oa GET "/2/tweets/search/recent?query=%40$ME&max_results=10&pagination_token=$tok"
	is "search recent pagination_token works as next_token" \
	    "$(jq -c '[.data[].id]' "$T/body")" "$(jq -c '[.data[].id]' "$T/body")"
else
	fail "search recent @$ME: more than 10 results for pagination" "$(cat "$T/body")"
	skip "search recent next_token"
	skip "search recent pagination_token"
fi
oaproxy_clean "search recent pagination"

oa GET "/2/tweets/search/recent?max_results=10"
is "search without query: 400" 400 "$STATUS"
is "search without query: no response violations" 0 "$(oaproxy_count response)"
oaproxy_reset

oa GET "/2/tweets/search/recent?query=%40$ME" --auth bearer
is "search recent with app bearer: 200" 200 "$STATUS"
oaproxy_clean "search recent, bearer"

# --- full-archive search (app-only)
oa GET "/2/tweets/search/all?query=%40$ME&max_results=500&$ALL" --auth bearer
is "search all: 200" 200 "$STATUS"
is "search all: page is consistent" ok "$(page_ok "$T/body")"
oaproxy_clean "search all with every field"

oa GET "/2/tweets/search/all?query=%40$ME"
is "search all with OAuth 1.0a: 403" 403 "$STATUS"
is "search all with OAuth 1.0a: no response violations" 0 "$(oaproxy_count response)"
oaproxy_reset

# --- lookup
IDS=$(head -n 3 "$T/ids" | paste -sd, -)
oa GET "/2/tweets?ids=$IDS,1&$ALL"
is "tweets lookup: 200" 200 "$STATUS"
is "tweets lookup: the three found, in request order" "$IDS" \
    "$(json '[.data[].id] | join(",")' "$T/body")"
is "tweets lookup: id 1 as resource-not-found" "resource-not-found tweet 1" \
    "$(json '.errors[0] | "\(.type | sub(".*/"; "")) \(.resource_type) \(.resource_id)"' "$T/body")"
oaproxy_clean "tweets lookup"

oa GET "/2/tweets/$NEWEST?$ALL"
is "tweet by id: 200" 200 "$STATUS"
is "tweet by id: same tweet" "$NEWEST" "$(json .data.id "$T/body")"
oaproxy_clean "tweet by id"

oa GET "/2/tweets/1"
is "unknown tweet: 200 with a resource-not-found error" "200 resource-not-found" \
    "$STATUS $(json '.errors[0].type | sub(".*/"; "")' "$T/body")"
oaproxy_clean "unknown tweet"

# --- posting
oa POST /2/tweets --json "{\"text\":\"@someone Sorry about that, we are on it /J\",\"reply\":{\"in_reply_to_tweet_id\":\"$NEWEST\"}}"
is "post reply: 201" 201 "$STATUS"
NEW=$(json .data.id "$T/body")
like "post reply: text echoed (a leading @mention may be added)" '^(@[A-Za-z0-9_]+ )*@someone Sorry about that, we are on it /J$' "$(json .data.text "$T/body")"
oa GET "/2/tweets/$NEW?tweet.fields=in_reply_to_user_id,conversation_id,author_id,referenced_tweets"
is "posted reply: found, by the brand, replying to the mention" \
    "$ME_ID replied_to $NEWEST" \
    "$(json '"\(.data.author_id) \(.data.referenced_tweets[0].type) \(.data.referenced_tweets[0].id)"' "$T/body")"
oaproxy_clean "post and read back"

oa POST /2/tweets --json '{"text":"hello"}' --auth bearer
is "post with app bearer: 403" 403 "$STATUS"
is "post with app bearer: no response violations" 0 "$(oaproxy_count response)"
oaproxy_reset

oa POST /2/tweets --json '{"reply":{"in_reply_to_tweet_id":"1"}}'
is "post without text or media: 400" 400 "$STATUS"
is "post without text: no response violations" 0 "$(oaproxy_count response)"
oaproxy_reset

done_testing
