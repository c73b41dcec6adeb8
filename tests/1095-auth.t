#!/bin/sh
# tw-auth against tw-sandbox's login endpoints, each flow end to end with a
# "browser" (tests/approve.py) pressing Authorize: OAuth 1.0a with a PIN
# and with a loopback callback, OAuth 2.0 with PKCE, the app-only bearer;
# what is written to the config; the tokens working for the other
# programs; an OAuth 2.0 token renewed before it runs out in the middle of
# a long fetch, and after a 401; two programs renewing at once spend the
# refresh token once; status, refresh, remove --revoke; refusals.
# timeout: 300
. "$(dirname "$0")/lib.sh"

sandbox_start --now 2026-11-20T12:00:00Z --rate-limit 1000000 || exit 1
SBCONF=$TW_CONFIG
key() { sed -n "s/^$1 = //p" "$SBCONF"; }
ck=$(key consumer_key) cs=$(key consumer_secret) cid=$(key client_id)
ok "the sandbox's config has an OAuth 2.0 client id" test -n "$cid"

# A config of our own: the app's keys, no tokens.
export TW_CONFIG=$T/tw.conf
printf '[account brand]\napi_base = %s\nconsumer_key = %s\nconsumer_secret = %s\n' \
    "$API" "$ck" "$cs" >"$TW_CONFIG"
chmod 600 "$TW_CONFIG"
export BROWSER="$TW_PYTHON $TESTS/approve.py" TW_TEST_BROWSER_LOG=$T/browser.log
conf() { sed -n "/^\[account $1\]/,/^\[/s/^$2 = //p" "$TW_CONFIG"; }
oauth() { sb GET /_sandbox/state | jq -r ".oauth.$1"; }

# --- OAuth 1.0a with a PIN: the PIN goes to tw-auth's standard input -----
mkfifo "$T/pin"
exec 3<>"$T/pin"
TW_TEST_PIN=$T/pin tw-auth -a brand --pin login <&3 >"$T/out" 2>"$T/err"
rc=$?
exec 3<&-
is "OAuth 1.0a with a PIN: exit 0" 0 "$rc"
like "it prints the page to open" "^  $API/oauth/authorize\\?oauth_token=" "$(cat "$T/err")"
is "and says who logged in" "tw-auth: account 'brand' is @skyway (1456789012), logged in with OAuth 1.0a" \
    "$(tail -n 1 "$T/err")"
is "nothing on standard output" "" "$(cat "$T/out")"
ok "the access token is written" test -n "$(conf brand access_token)"
ok "with its secret" test -n "$(conf brand access_token_secret)"
is "user_id and username filled in" "1456789012 skyway" "$(conf brand user_id) $(conf brand username)"
is "auth = oauth1" oauth1 "$(conf brand auth)"
is "the file stays 0600" 600 "$(stat -c %a "$TW_CONFIG")"
unlike "no secret in what it printed" "$(conf brand access_token_secret)|$cs" "$(cat "$T/err")"
exits "tw-api signs with the new token" 0 tw-api -a brand /2/users/me
is "... and is the brand" skyway "$(jq -r .data.username "$T/out")"
is "one access token issued" 1 "$(oauth oauth1_tokens)"

# --- OAuth 1.0a with a loopback callback ---------------------------------
printf '[account cb]\napi_base = %s\nconsumer_key = %s\nconsumer_secret = %s\n' \
    "$API" "$ck" "$cs" >>"$TW_CONFIG"
exits "OAuth 1.0a with a loopback callback: exit 0" 0 tw-auth -a cb -p 0 login
like "it waits on a loopback port" "waiting for the browser on http://127\\.0\\.0\\.1:[0-9]+/callback" "$(cat "$T/err")"
like "the browser came back to it" "back at the callback: .*tw-auth: authorized" "$(cat "$T/browser.log")"
exits "... and its token works" 0 tw-api -a cb /2/users/me
is "two access tokens issued" 2 "$(oauth oauth1_tokens)"
before=$(conf cb access_token)
TW_TEST_DENY=1 exits "refused in the browser: exit 3" 3 tw-auth -a cb -p 0 login
is "... one line that says so" "tw-auth: the authorization was refused in the browser" "$(cat "$T/err" | grep -v '^  \|open this page\|waiting for')"
is "... and the old token is kept" "$before" "$(conf cb access_token)"

# --- OAuth 2.0 with PKCE --------------------------------------------------
exits "OAuth 2.0 with PKCE: exit 0" 0 tw-auth -a o2 --api-base "$API" --client-id "$cid" --oauth2 -p 0 login
is "... says who logged in" "tw-auth: account 'o2' is @skyway (1456789012), logged in with OAuth 2.0" "$(tail -n 1 "$T/err")"
like "the page asked for tw's scopes" "scope=tweet\\.read%20tweet\\.write%20users\\.read%20dm\\.read%20dm\\.write%20media\\.write%20offline\\.access" "$(cat "$T/err")"
like "with an S256 challenge" "code_challenge_method=S256" "$(cat "$T/err")"
is "auth = oauth2" oauth2 "$(conf o2 auth)"
ok "an access token" test -n "$(conf o2 oauth2_access_token)"
ok "a refresh token (offline.access)" test -n "$(conf o2 oauth2_refresh_token)"
like "its expiry" '^20[0-9-]+T[0-9:]+Z$' "$(conf o2 oauth2_expires_at)"
like "the scopes granted" "dm.write" "$(conf o2 oauth2_scope)"
ok "no consumer key needed" test -z "$(conf o2 consumer_key)"
exits "tw-api with the OAuth 2.0 user token" 0 tw-api -a o2 /2/users/me
is "... is the brand" skyway "$(jq -r .data.username "$T/out")"
exits "tw-api -n shows a Bearer, not the token" 0 tw-api -n -a o2 /2/users/me
is "... named, not printed" "Bearer (oauth2_access_token of account 'o2')" "$(jq -r .headers.Authorization "$T/out")"
tw-fetch -a o2 --max 5 mentions >"$T/m.ndjson" 2>"$T/err"
is "tw-fetch reads mentions with it" "0 5" "$? $(wc -l <"$T/m.ndjson" | tr -d ' ')"

# refresh now: a new pair, the old refresh token spent
a1=$(conf o2 oauth2_access_token) r1=$(conf o2 oauth2_refresh_token)
exits "tw-auth refresh: exit 0" 0 tw-auth -a o2 refresh
ok "a new access token" test "$a1" != "$(conf o2 oauth2_access_token)"
ok "and a new refresh token" test "$r1" != "$(conf o2 oauth2_refresh_token)"
code=$(curl -s -o /dev/null -w '%{http_code}' -d "grant_type=refresh_token&refresh_token=$r1&client_id=$cid" "$API/2/oauth2/token")
is "the old refresh token is refused" 400 "$code"

# A long fetch across the token's expiry: tokens of 61 s are renewed a
# minute before they run out, so within the fetch (6 pages, 0.4 s apart).
sandbox_posts 450 longf "where is my bag"
sb POST /_sandbox/oauth2 '{"access_ttl":61}' >/dev/null
tw-auth -a o2 refresh 2>/dev/null
n0=$(oauth refreshed)
sb POST /_sandbox/faults '{"latency_ms":400}' >/dev/null
tw-fetch -a o2 -v mentions >"$T/long.ndjson" 2>"$T/long.err"
rc=$?
sb POST /_sandbox/faults '{"latency_ms":0}' >/dev/null
is "a long fetch across the token's expiry: exit 0" 0 "$rc"
ok "every mention fetched" test "$(wc -l <"$T/long.ndjson")" -ge 450
ok "the token was renewed during it" test "$(oauth refreshed)" -gt "$n0"
like "tw-fetch -v says so" "a new OAuth 2.0 access token" "$(cat "$T/long.err")"
sb POST /_sandbox/oauth2 '{"access_ttl":7200}' >/dev/null
tw-auth -a o2 refresh 2>/dev/null

# A token revoked at X (401): renewed once, and the request made again.
tok=$(conf o2 oauth2_access_token)
curl -s -o /dev/null -d "token=$tok&client_id=$cid&token_type_hint=access_token" "$API/2/oauth2/revoke"
exits "after a 401 the token is renewed and the request made again" 0 tw-api -a o2 /2/users/me
ok "... with a new token written" test "$tok" != "$(conf o2 oauth2_access_token)"

# Two programs whose token has run out, at once: one renewal.
sb POST /_sandbox/oauth2 '{"access_ttl":1}' >/dev/null
tw-auth -a o2 refresh 2>/dev/null
sb POST /_sandbox/oauth2 '{"access_ttl":7200}' >/dev/null
sleep 2
n0=$(oauth refreshed)
tw-api -a o2 /2/users/me >"$T/p1" 2>"$T/e1" & p1=$!
tw-api -a o2 /2/users/me >"$T/p2" 2>"$T/e2" & p2=$!
wait $p1; r1=$?
wait $p2; r2=$?
is "two programs with an expired token at once: both exit 0" "0 0" "$r1 $r2"
is "... and the refresh token is spent once" $((n0 + 1)) "$(oauth refreshed)"

# --- app-only: the consumer secret from standard input --------------------
printf '%s\n' "$cs" | tw-auth -a app --api-base "$API" --consumer-key "$ck" --app login >"$T/out" 2>"$T/err"
is "app-only bearer, the secret on stdin: exit 0" 0 $?
is "... the sandbox's bearer token" "$(key bearer_token)" "$(conf app bearer_token)"
exits "tw-api --app with it" 0 tw-api -a app --app "/2/users/by/username/grumpy_gus"
printf 'wrong\n' | tw-auth -a bad --api-base "$API" --consumer-key "$ck" --app login >"$T/out" 2>"$T/err"
is "a wrong consumer secret: exit 3" 3 $?
is "... one line" 1 "$(wc -l <"$T/err" | tr -d ' ')"
unlike "... which is not written" "^\[account bad\]" "$(cat "$TW_CONFIG")"

# --- status, remove --------------------------------------------------------
exits "tw-auth status: exit 0" 0 tw-auth status
is "one line an account" 4 "$(wc -l <"$T/out" | tr -d ' ')"
like "OAuth 1.0a" "^brand	@skyway	user: OAuth 1\\.0a	app-only: none	api_base: $API\$" "$(cat "$T/out")"
like "OAuth 2.0 with scopes, expiry, renewal" "^o2	@skyway	user: OAuth 2\\.0 \\(dm\\.read .*offline\\.access tweet\\.read tweet\\.write users\\.read; expires in (1h 5[0-9]m|2h 00m); renewed automatically\\)	app-only: none" "$(cat "$T/out")"
like "app-only" "^app	\\(no username\\) \\(no user_id\\)	user: none	app-only: bearer token" "$(cat "$T/out")"
tok=$(conf o2 oauth2_access_token)
exits "tw-auth remove --revoke: exit 0" 0 tw-auth --revoke remove o2
unlike "the section is gone" "^\\[account o2\\]" "$(cat "$TW_CONFIG")"
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $tok" "$API/2/users/me")
is "its token no longer works at X" 401 "$code"
exits "remove an account there is not: exit 3" 3 tw-auth remove nobody
is "... one line" "tw-auth: no account 'nobody' in the config file" "$(cat "$T/err")"
exits "login with no account named and none in the file" 3 env TW_CONFIG="$T/none.conf" tw-auth login
exits "--pin with --oauth2: usage" 2 tw-auth --oauth2 --pin login

done_testing
