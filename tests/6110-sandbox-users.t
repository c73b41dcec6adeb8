#!/bin/sh
# tw-sandbox conformance through tests/oaproxy.py: user lookup
# (/2/users/me, /2/users/by/username/:u, /2/users/by) with every field and
# expansion, and the error answers (401, 400, not found).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/oaproxy.sh"
oaproxy_need || skip_all "$OAPROXY_WHY"
sandbox_via_proxy

UF=$(enum UserFieldsParameter)
UX=$(enum UserExpansionsParameter)
TF=$(enum TweetFieldsParameter)
ME_ID=$(cfg user_id)
ME=$(cfg username)

oa GET /2/users/me
is "users/me: 200" 200 "$STATUS"
is "users/me: default fields are id, name, username" "id,name,username" \
    "$(jq -r '.data | keys | join(",")' "$T/body")"
is "users/me: id is the config's user_id" "$ME_ID" "$(json .data.id "$T/body")"
is "users/me: username is the config's" "$ME" "$(json .data.username "$T/body")"
like "users/me: rate-limit headers" '^[0-9]+ [0-9]+ [0-9]+$' \
    "$(hdr x-rate-limit-limit) $(hdr x-rate-limit-remaining) $(hdr x-rate-limit-reset)"
oaproxy_clean "users/me"

oa GET "/2/users/me?user.fields=$UF&expansions=$UX&tweet.fields=$TF"
is "users/me, every field: 200" 200 "$STATUS"
is "users/me: created_at is RFC 3339 UTC" ok \
    "$(jq -r '.data.created_at | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}(\\.[0-9]{3})?Z$") | if . then "ok" else "no" end' "$T/body")"
is "users/me: public_metrics counts are numbers" number \
    "$(jq -r '.data.public_metrics.followers_count | type' "$T/body")"
is "users/me: pinned tweet expanded when present" ok \
    "$(jq -r 'if .data.pinned_tweet_id then (if ([.includes.tweets[]?.id] | index($p)) then "ok" else "missing" end) else "ok" end' --arg p "$(json '.data.pinned_tweet_id // ""' "$T/body")" "$T/body")"
oaproxy_clean "users/me with every field"

oa GET "/2/users/by/username/$ME?user.fields=$UF&expansions=$UX&tweet.fields=$TF"
is "users/by/username: 200" 200 "$STATUS"
is "users/by/username: the same user" "$ME_ID" "$(json .data.id "$T/body")"
oaproxy_clean "users/by/username with every field"

oa GET "/2/users/by/username/$ME" --auth bearer
is "users/by/username with the app bearer token: 200" 200 "$STATUS"
oaproxy_clean "users/by/username, bearer"

oa GET "/2/users/by?usernames=$ME,nosuchuser123&user.fields=$UF"
is "users/by: 200 with a partial error" 200 "$STATUS"
is "users/by: found one" "$ME" "$(json '[.data[].username] | join(",")' "$T/body")"
is "users/by: the missing one as resource-not-found" \
    "resource-not-found user nosuchuser123" \
    "$(json '.errors[0] | "\(.type | sub(".*/"; "")) \(.resource_type) \(.value)"' "$T/body")"
oaproxy_clean "users/by"

oa GET /2/users/by/username/nosuchuser123
is "unknown username: 200 with errors, no data" "200 null resource-not-found" \
    "$STATUS $(json '.data' "$T/body") $(json '.errors[0].type | sub(".*/"; "")' "$T/body")"
oaproxy_clean "unknown username"

# Error answers.  The requests below are wrong on purpose, so the proxy
# reports them; the answers must still be what the description says.
oa GET /2/users/me --auth none
is "no credentials: 401" 401 "$STATUS"
is "401 is problem JSON" "application/problem+json" "$(hdr content-type | sed 's/;.*//')"
is "only the missing Authorization is reported" \
    "request: GET /2/users/me: no Authorization header (accepted: OAuth2UserToken, UserToken)" \
    "$(oaproxy_messages)"
oaproxy_reset

printf '[account sandbox]\nconsumer_key = %s\nconsumer_secret = wrong\naccess_token = %s\naccess_token_secret = wrong\n' \
    "$(cfg consumer_key)" "$(cfg access_token)" >"$T/wrong"
oa GET /2/users/me --config "$T/wrong"
is "bad signature: 401" 401 "$STATUS"
is "bad signature: only the signature is reported" \
    "signature" "$(oaproxy_violations | jq -r .kind | sort -u)"
oaproxy_reset

oa GET /2/users/me --auth bearer
is "app-only bearer on users/me: 403" 403 "$STATUS"
is "403 type unsupported-authentication" unsupported-authentication \
    "$(json '.type | sub(".*/"; "")' "$T/body")"
is "no response violations" 0 "$(oaproxy_count response)"
oaproxy_reset

oa GET '/2/users/me?user.fields=bogus'
is "bad field: 400" 400 "$STATUS"
is "bad field: invalid-request" invalid-request "$(json '.type | sub(".*/"; "")' "$T/body")"
is "bad field: no response violations" 0 "$(oaproxy_count response)"
oaproxy_reset

oa GET '/2/users/by/username/no-dashes-allowed'
is "bad username: 400" 400 "$STATUS"
is "bad username: no response violations" 0 "$(oaproxy_count response)"
oaproxy_reset

done_testing
