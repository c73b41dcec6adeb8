#!/bin/sh
# tw-sandbox: start-up, -C config, users and posts lookup, auth, admin
. "${0%/*}/lib.sh"
. "${0%/*}/oaproxy.sh"
oaproxy_need || skip_all "$OAPROXY_WHY"

exits "no -p is a usage error" 2 tw-sandbox
exits "unknown option is a usage error" 2 tw-sandbox -p 0 --bogus
exits "a bad seed file is a config error" 3 tw-sandbox -p 0 --load /nonexistent

sandbox_start || exit 1
like "first line is the base URL" '^http://127\.0\.0\.1:[0-9]+$' "$API"
is "config is mode 0600" "-rw-------" "$(ls -l "$TW_CONFIG" | cut -c1-10)"
like "config has the account" '^\[account sandbox\]$' "$(grep account "$TW_CONFIG")"
is "config api_base" "api_base = $API" "$(grep api_base "$TW_CONFIG")"
BT=$(sed -n 's/^bearer_token = //p' "$TW_CONFIG")
bear() { curl -sS -H "Authorization: Bearer $BT" "$API$1"; }

oa GET '/2/users/me?user.fields=public_metrics,verified'
is "users/me 200" 200 "$STATUS"
is "users/me username" skyway "$(json .data.username "$T/body")"
is "users/me verified" true "$(json .data.verified "$T/body")"
like "rate headers on users/me" '^[0-9]+$' "$(hdr x-rate-limit-remaining)"
is "users/me default fields" "id,name,username" \
    "$(oa GET /2/users/me; json '.data | keys | join(",")' "$T/body")"

oa GET /2/users/me --auth bearer
is "bearer on users/me: 403" 403 "$STATUS"
is "... unsupported-authentication" \
    https://api.twitter.com/2/problems/unsupported-authentication \
    "$(json .type "$T/body")"
oa GET '/2/tweets/search/all?query=refund'
is "OAuth 1.0a on search/all: 403" 403 "$STATUS"
like "... says which are supported" 'Application-Only' "$(json .detail "$T/body")"
oa GET /2/users/me --authorization 'OAuth oauth_consumer_key="x", oauth_token="y", oauth_signature_method="HMAC-SHA1", oauth_signature="z", oauth_timestamp="1", oauth_nonce="n", oauth_version="1.0"'
is "bad signature: 401" 401 "$STATUS"
is "... problem title" Unauthorized "$(json .title "$T/body")"
oa GET /2/users/me --auth none
is "no auth: 401" 401 "$STATUS"
oa GET /2/users/me --authorization 'Bearer nope'
is "unknown bearer: 401" 401 "$STATUS"

is "by username" anna_k "$(bear /2/users/by/username/anna_k | json .data.username)"
is "by username, not found: errors" "resource-not-found user" \
    "$(bear /2/users/by/username/nobody_here | json '.errors[0].type[-18:] + " " + .errors[0].resource_type')"
is "users/by: data and errors" "anna_k nobody_here" \
    "$(bear '/2/users/by?usernames=anna_k,nobody_here' | json '.data[0].username + " " + .errors[0].value')"
is "users/by bad name: 400" "https://api.twitter.com/2/problems/invalid-request" \
    "$(bear '/2/users/by?usernames=bad-name' | json .type)"

id=$(sb GET /_sandbox/state | json '[.tweets[] | select(.username == "raj_patel")][0].id')
bear "/2/tweets/$id" >"$T/t.json"
is "tweets/:id default fields" "edit_history_tweet_ids,id,text" "$(json '.data | keys | join(",")' "$T/t.json")"
like "long post text is truncated" '…$' "$(json .data.text "$T/t.json")"
bear "/2/tweets/$id?tweet.fields=note_tweet,author_id&expansions=author_id" >"$T/t.json"
like "note_tweet holds the full text" 'Booking ref PX9T4Q\.$' "$(json .data.note_tweet.text "$T/t.json")"
is "expansion author_id" raj_patel "$(json '.includes.users[0].username' "$T/t.json")"
is "tweets?ids= with a missing one" "1 1" \
    "$(bear "/2/tweets?ids=$id,1" | json '"\(.data | length) \(.errors | length)"')"
is "tweets?ids= bad id: 400" 400 "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $BT" "$API/2/tweets?ids=abc")"
is "unknown path: 404" 404 "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $BT" "$API/2/nothing")"

sb POST /_sandbox/tweets '{"username":"brand_new_1","text":"@skyway hello from a new customer #hi"}' >"$T/a.json"
is "admin tweet: new user" brand_new_1 "$(json '.includes.users[0].username' "$T/a.json")"
nid=$(json .data.id "$T/a.json")
like "admin tweet id is a 19-digit snowflake" '^[0-9]{19}$' "$nid"
is "admin tweet shows in lookup" "@skyway hello from a new customer #hi" "$(bear "/2/tweets/$nid" | json .data.text)"
is "admin tweet: bad body 400" 400 "$(curl -s -o /dev/null -w '%{http_code}' -X POST -d '{}' "$API/_sandbox/tweets")"
sb POST /_sandbox/dms '{"from":"anna_k","to":"skyway","text":"one more thing"}' >"$T/d.json"
is "admin dm" "one more thing" "$(json .data.text "$T/d.json")"
oa GET '/2/dm_events?max_results=1'
is "admin dm shows in dm_events" "one more thing" "$(json '.data[0].text' "$T/body")"
sb GET /_sandbox/state >"$T/s.json"
is "state has the account" skyway "$(json .account "$T/s.json")"
ok "state has ~50 customers" test "$(json '.users | length' "$T/s.json")" -ge 50
done_testing
