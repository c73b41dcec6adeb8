#!/bin/sh
# tw-sandbox: X's login endpoints end to end - OAuth 1.0a three-legged
# (request_token, the approve page, the verifier or the PIN,
# access_token), OAuth 2.0 Authorization Code with PKCE (the approve
# page, the code, the token, scopes, refresh, revoke, expiry), the
# app-only bearer token - and the tokens they issue at work on /2/.
. "${0%/*}/lib.sh"
"$TW_PYTHON" -c 'import oauthlib' 2>/dev/null ||
    skip_all "no python3 with oauthlib"

# oa.py sign METHOD URL CK CS TOKEN TSECRET CALLBACK VERIFIER [BODY]:
# the Authorization header (oauthlib's signature); pkce: a verifier and
# its S256 challenge; flood URL CK CS N: N request tokens, the first and
# the last printed.
cat >"$T/oa.py" <<'PY'
import base64, hashlib, os, sys, urllib.parse, urllib.request
from oauthlib.oauth1 import Client

def sign(method, url, ck, cs, tok, ts, cb, ver, body=None):
	c = Client(ck, client_secret=cs, resource_owner_key=tok or None,
	    resource_owner_secret=ts or None, callback_uri=cb or None,
	    verifier=ver or None)
	h = {"Content-Type": "application/x-www-form-urlencoded"} if body else {}
	return c.sign(url, method, body=body, headers=h)[1]["Authorization"]

a = sys.argv[1:]
if a[0] == "sign":
	print(sign(*a[1:]))
elif a[0] == "pkce":
	v = base64.urlsafe_b64encode(os.urandom(48)).rstrip(b"=").decode()
	c = hashlib.sha256(v.encode()).digest()
	print(v, base64.urlsafe_b64encode(c).rstrip(b"=").decode())
elif a[0] == "flood":
	url, ck, cs, n = a[1], a[2], a[3], int(a[4])
	got = []
	for i in range(n):
		h = sign("POST", url, ck, cs, "", "", "oob", "")
		r = urllib.request.urlopen(urllib.request.Request(url,
		    data=b"", method="POST", headers={"Authorization": h}))
		got.append(urllib.parse.parse_qs(r.read().decode())["oauth_token"][0])
	print(got[0], got[-1])
PY
oa() { "$TW_PYTHON" "$T/oa.py" "$@"; }

# req METHOD PATH [CURL ARGS]: the status in $STATUS, the body in
# $T/body, the head in $T/head
req() {
	_m=$1 _p=$2
	shift 2
	STATUS=$(curl -sS -o "$T/body" -D "$T/head" -w '%{http_code}' \
	    -X "$_m" "$@" "$API$_p")
}
hdr() { tr -d '\r' <"$T/head" | sed -n "s/^$1: //Ip"; }
body() { cat "$T/body"; }
# formval KEY: a value of the form-encoded body
formval() { tr '&' '\n' <"$T/body" | sed -n "s/^$1=//p"; }
# qval KEY URL: a query parameter of URL, decoded
qval() { "$TW_PYTHON" -c 'import sys, urllib.parse as u
print(u.parse_qs(u.urlsplit(sys.argv[2]).query)[sys.argv[1]][0])' "$1" "$2"; }

sandbox_start -v || exit 1
cfg() { sed -n "s/^$1 = //p" "$TW_CONFIG"; }
CK=$(cfg consumer_key) CS=$(cfg consumer_secret) BT=$(cfg bearer_token)
CID=$(cfg client_id) CSEC=$(cfg client_secret) ME=$(cfg user_id)
like "the config has the OAuth 2.0 client_id" '^[A-Za-z0-9]{34}$' "$CID"
like "... and its client_secret" '^[A-Za-z0-9]{50}$' "$CSEC"

#
# OAuth 1.0a
#
RT=$API/oauth/request_token AT=$API/oauth/access_token
CB='http://127.0.0.1:9/done?from=tw'
req POST /oauth/request_token -H "Authorization: $(oa sign POST "$RT" "$CK" \
    nope '' '' "$CB" '')"
is "request_token with a bad signature: 401" 401 "$STATUS"
is "... X's error 32" '{"errors":[{"code":32,"message":"Could not authenticate you."}]}' "$(body)"
req POST /oauth/request_token -H "Authorization: $(oa sign POST "$RT" "$CK" \
    "$CS" '' '' '' '')"
is "request_token without oauth_callback: 400, X's error 215" "400 215" \
    "$STATUS $(json '.errors[0].code' "$T/body")"
req POST /oauth/request_token -H "Authorization: $(oa sign POST "$RT" "$CK" \
    "$CS" '' '' 'ftp://example.com/' '')"
is "... a callback not http(s): 403, X's error 415" "403 415" \
    "$STATUS $(json '.errors[0].code' "$T/body")"

req POST /oauth/request_token -H "Authorization: $(oa sign POST "$RT" "$CK" \
    "$CS" '' '' "$CB" '')"
is "request_token: 200" 200 "$STATUS"
is "... form-encoded" application/x-www-form-urlencoded "$(hdr content-type)"
is "... callback confirmed" true "$(formval oauth_callback_confirmed)"
T1=$(formval oauth_token) S1=$(formval oauth_token_secret)
like "... a token and its secret" '^[A-Za-z0-9]{43} [A-Za-z0-9]{32}$' "$T1 $S1"

req GET "/oauth/authorize?oauth_token=$T1"
is "the approve page: 200" 200 "$STATUS"
like "... HTML" '^text/html' "$(hdr content-type)"
like "... a form posting back" '<form method="post" action="/oauth/authorize">' "$(body)"
like "... with the token" "<input type=\"hidden\" name=\"oauth_token\" value=\"$T1\">" "$(body)"
like "... the app and the account" 'id="app">tw-sandbox<.*' "$(body)"
like "... logged in as the brand" 'id="account">@skyway<' "$(body)"
like "... Authorize and Cancel" 'name="approve".*Authorize' "$(body)"
like "... Cancel" 'name="deny".*Cancel' "$(body)"
req GET "/oauth/authenticate?oauth_token=$T1"
is "/oauth/authenticate too" 200 "$STATUS"
req GET "/oauth/authorize?oauth_token=nosuchtoken"
is "an unknown token: 400" 400 "$STATUS"
like "... an HTML page saying so" 'request token for this page is invalid' "$(body)"

req POST /oauth/authorize -d "oauth_token=$T1" -d approve=1
is "approve: 302" 302 "$STATUS"
LOC=$(hdr location)
like "... to the callback, its query kept" '^http://127\.0\.0\.1:9/done\?from=tw&oauth_token=' "$LOC"
is "... with the token" "$T1" "$(qval oauth_token "$LOC")"
V1=$(qval oauth_verifier "$LOC")
like "... and a verifier" '^[A-Za-z0-9]{32}$' "$V1"
req POST /oauth/authorize -d "oauth_token=$T1" -d approve=1
is "approving again: 400" 400 "$STATUS"

req POST /oauth/access_token -H "Authorization: $(oa sign POST "$AT" "$CK" \
    "$CS" "$T1" "$S1" '' "$V1")"
is "access_token: 200" 200 "$STATUS"
is "... form-encoded" application/x-www-form-urlencoded "$(hdr content-type)"
is "... the user" "$ME skyway" "$(formval user_id) $(formval screen_name)"
AT1=$(formval oauth_token) ATS1=$(formval oauth_token_secret)
like "... a token of the user's" "^$ME-" "$AT1"
req POST /oauth/access_token -H "Authorization: $(oa sign POST "$AT" "$CK" \
    "$CS" "$T1" "$S1" '' "$V1")"
is "the request token twice: 401" 401 "$STATUS"

acct() {        # acct NAME TOKEN SECRET: an account in the config
	printf '[account %s]\nconsumer_key = %s\nconsumer_secret = %s\naccess_token = %s\naccess_token_secret = %s\napi_base = %s\n' \
	    "$1" "$CK" "$CS" "$2" "$3" "$API" >>"$TW_CONFIG"
}
acct new1 "$AT1" "$ATS1"
is "the new token signs /2/users/me (tw-api)" skyway \
    "$(tw-api -a new1 /2/users/me | json .data.username)"
is "the sandbox's own token still works" skyway \
    "$(tw-api /2/users/me | json .data.username)"
req GET /2/users/me -H "Authorization: $(oa sign GET "$API/2/users/me" "$CK" \
    "$CS" "$ME-madeup" secret '' '')"
is "a made-up token: 401" 401 "$STATUS"

# a wrong verifier uses the request token up
req POST /oauth/request_token -H "Authorization: $(oa sign POST "$RT" "$CK" \
    "$CS" '' '' "$CB" '')"
T2=$(formval oauth_token) S2=$(formval oauth_token_secret)
req POST /oauth/authorize -d "oauth_token=$T2" -d approve=1
V2=$(qval oauth_verifier "$(hdr location)")
req POST /oauth/access_token -H "Authorization: $(oa sign POST "$AT" "$CK" \
    "$CS" "$T2" "$S2" '' wrongverifier)"
is "a wrong verifier: 401, X's error 32" "401 32" \
    "$STATUS $(json '.errors[0].code' "$T/body")"
req POST /oauth/access_token -H "Authorization: $(oa sign POST "$AT" "$CK" \
    "$CS" "$T2" "$S2" '' "$V2")"
is "... then the right one: 401 (single use)" 401 "$STATUS"

# oob: a PIN; username= approves as another user; the verifier in the form
req POST /oauth/request_token -H "Authorization: $(oa sign POST "$RT" "$CK" \
    "$CS" '' '' oob '')"
T3=$(formval oauth_token) S3=$(formval oauth_token_secret)
req POST /oauth/authorize -d "oauth_token=$T3" -d approve=1 -d username=nobody_here
is "approve as an unknown user: 400" 400 "$STATUS"
req POST /oauth/authenticate -d "oauth_token=$T3" -d approve=1 -d username=anna_k
is "oob approve: 200" 200 "$STATUS"
PIN=$(sed -n 's/.*<code id="pin">\([0-9]*\)<\/code>.*/\1/p' "$T/body")
like "... a page with a 7-digit PIN" '^[0-9]{7}$' "$PIN"
req POST /oauth/access_token -d "oauth_verifier=$PIN" -H "Authorization: \
$(oa sign POST "$AT" "$CK" "$CS" "$T3" "$S3" '' '' "oauth_verifier=$PIN")"
is "access_token with the PIN in the form: anna_k's" "200 anna_k" \
    "$STATUS $(formval screen_name)"
acct anna "$(formval oauth_token)" "$(formval oauth_token_secret)"
is "... her token is her user context" anna_k \
    "$(tw-api -a anna /2/users/me | json .data.username)"

req POST /oauth/request_token -H "Authorization: $(oa sign POST "$RT" "$CK" \
    "$CS" '' '' "$CB" '')"
T4=$(formval oauth_token)
req POST /oauth/authorize -d "oauth_token=$T4" -d deny=1
is "Cancel: 302 with denied" "302 $CB&denied=$T4" "$STATUS $(hdr location)"

#
# OAuth 2.0 with PKCE
#
RURI='http://127.0.0.1:9/cb'
set -- $(oa pkce)
VER=$1 CH=$2
SCOPE='tweet.read users.read offline.access'
authq() {       # authq SCOPE CHALLENGE: an authorization request's query
	printf 'response_type=code&client_id=%s&redirect_uri=%s&scope=%s&state=st%%20ate&code_challenge=%s&code_challenge_method=S256' \
	    "$CID" "$(printf %s "$RURI" | jq -sRr @uri)" \
	    "$(printf %s "$1" | jq -sRr @uri)" "$2"
}
req GET "/i/oauth2/authorize?$(authq "$SCOPE" "$CH")"
is "the OAuth 2.0 approve page: 200" 200 "$STATUS"
like "... HTML" '^text/html' "$(hdr content-type)"
like "... a form posting back" '<form method="post" action="/i/oauth2/authorize">' "$(body)"
like "... the params hidden" "name=\"code_challenge\" value=\"$CH\"" "$(body)"
like "... the scopes listed" '<li><code>offline.access</code>' "$(body)"
like "... the account" 'id="account">@skyway<' "$(body)"
req GET "/2/oauth2/authorize?$(authq "$SCOPE" "$CH")"
is "/2/oauth2/authorize too" 200 "$STATUS"
req GET "/i/oauth2/authorize?$(authq 'tweet.read bogus.scope' "$CH")"
is "an unknown scope: 400" 400 "$STATUS"
like "... an HTML page saying so" 'id="error">scope' "$(body)"
req GET "/i/oauth2/authorize?$(authq "$SCOPE" "$CH" | sed "s/$CID/nope/")"
is "an unknown client_id: 400" 400 "$STATUS"
req GET "/i/oauth2/authorize?$(authq "$SCOPE" '' )"
is "no code_challenge: 400" 400 "$STATUS"

# approve: form post of the same parameters (curl: the query as the body)
approve() {     # approve SCOPE CHALLENGE [MORE]: the code in $CODE
	req POST /i/oauth2/authorize -d "$(authq "$1" "$2")&approve=1${3:-}"
	CODE=$(qval code "$(hdr location)")
}
approve "$SCOPE" "$CH"
is "approve: 302" 302 "$STATUS"
like "... to redirect_uri with state and code" \
    '^http://127\.0\.0\.1:9/cb\?state=st%20ate&code=[A-Za-z0-9]+$' "$(hdr location)"
token() { req POST /2/oauth2/token "$@"; }
token -d grant_type=authorization_code -d "code=$CODE" -d "redirect_uri=$RURI" \
    -d code_verifier=wrongverifier -d "client_id=$CID"
is "a wrong code_verifier: 400 invalid_request" \
    '{"error":"invalid_request","error_description":"Value passed for the authorization code was invalid."}' "$(body)"
token -d grant_type=authorization_code -d "code=$CODE" -d "redirect_uri=$RURI" \
    -d "code_verifier=$VER" -d "client_id=$CID"
is "... the code is then used up" 400 "$STATUS"
token -d grant_type=authorization_code -d code=nosuchcode -d "redirect_uri=$RURI" \
    -d "code_verifier=$VER" -d "client_id=$CID"
is "a wrong code: 400 invalid_request" "400 invalid_request" \
    "$STATUS $(json .error "$T/body")"

approve "$SCOPE" "$CH"
token -u "$CID:wrongsecret" -d grant_type=authorization_code -d "code=$CODE" \
    -d "redirect_uri=$RURI" -d "code_verifier=$VER"
is "bad Basic auth: 401 unauthorized_client" \
    '401 {"error":"unauthorized_client","error_description":"Missing valid authorization header"}' \
    "$STATUS $(body)"
token -d grant_type=authorization_code -d "code=$CODE" -d "redirect_uri=$RURI" \
    -d "code_verifier=$VER" -d "client_id=$CID"
is "the code, the verifier, a public client: 200" 200 "$STATUS"
is "... JSON" application/json "$(hdr content-type)"
is "... bearer, 2 hours, the scopes" "bearer 7200 offline.access tweet.read users.read" \
    "$(json '"\(.token_type) \(.expires_in) \(.scope)"' "$T/body")"
A1=$(json .access_token "$T/body") R1=$(json .refresh_token "$T/body")
like "... a refresh token (offline.access)" '^[A-Za-z0-9]{20,}$' "$R1"
token -d grant_type=authorization_code -d "code=$CODE" -d "redirect_uri=$RURI" \
    -d "code_verifier=$VER" -d "client_id=$CID"
is "the code again: 400" 400 "$STATUS"

bearer() {      # bearer METHOD PATH TOKEN [CURL ARGS]
	_bm=$1 _bp=$2 _bt=$3
	shift 3
	req "$_bm" "$_bp" -H "Authorization: Bearer $_bt" "$@"
}
bearer GET /2/users/me "$A1" -G
is "the user token on /2/users/me: 200" "200 skyway" \
    "$STATUS $(json .data.username "$T/body")"
like "... rate-limited as the user" '^[0-9]+$' "$(hdr x-rate-limit-remaining)"
bearer POST /2/tweets "$A1" -H 'Content-Type: application/json' -d '{"text":"hi"}'
is "POST /2/tweets without tweet.write: 403" \
    '403 {"title":"Forbidden","detail":"Forbidden","type":"about:blank","status":403}' \
    "$STATUS $(body)"
bearer GET /2/dm_events "$A1" -G
is "dm_events without dm.read: 403" 403 "$STATUS"
bearer GET '/2/tweets/search/all?query=refund' "$A1" -G
is "an app-only route: 403 unsupported-authentication" \
    "403 https://api.twitter.com/2/problems/unsupported-authentication" \
    "$STATUS $(json .type "$T/body")"
like "... naming OAuth 2.0 User Context" 'OAuth 2.0 User Context is forbidden' \
    "$(json .detail "$T/body")"

# a confidential client, and the write scopes
set -- $(oa pkce)
approve 'tweet.read tweet.write users.read dm.read dm.write' "$2" '&username=anna_k'
token -u "$CID:$CSEC" -d grant_type=authorization_code -d "code=$CODE" \
    -d "redirect_uri=$RURI" -d "code_verifier=$1"
is "a confidential client (Basic): 200" 200 "$STATUS"
is "... no refresh token without offline.access" false \
    "$(json 'has("refresh_token")' "$T/body")"
A2=$(json .access_token "$T/body")
bearer POST /2/tweets "$A2" -H 'Content-Type: application/json' -d '{"text":"posted with OAuth 2.0"}'
is "... POST /2/tweets with tweet.write: 201, as anna_k" "201" "$STATUS"
bearer GET /2/users/me "$A2" -G
is "... approved as username=anna_k" anna_k "$(json .data.username "$T/body")"
bearer GET /2/dm_events "$A2" -G
is "... dm_events with dm.read: 200" 200 "$STATUS"

# plain PKCE, and Cancel
req POST /i/oauth2/authorize -d "$(authq "$SCOPE" plainchallenge | sed 's/=S256/=plain/')&approve=1"
CODE=$(qval code "$(hdr location)")
token -d grant_type=authorization_code -d "code=$CODE" -d "redirect_uri=$RURI" \
    -d code_verifier=plainchallenge -d "client_id=$CID"
is "code_challenge_method=plain: 200" 200 "$STATUS"
req POST "/2/oauth2/authorize?$(authq "$SCOPE" "$CH")" -d approve=1
like "approve with the parameters in the query: a code" '[?&]code=[A-Za-z0-9]+$' \
    "$(hdr location)"
req POST /i/oauth2/authorize -d "$(authq "$SCOPE" "$CH")&deny=1"
is "Cancel: 302 with access_denied and the state" \
    "302 $RURI?error=access_denied&state=st%20ate" "$STATUS $(hdr location)"

# refresh: rotation
token -d grant_type=refresh_token -d "refresh_token=$R1" -d "client_id=$CID"
is "refresh: 200" 200 "$STATUS"
A3=$(json .access_token "$T/body") R2=$(json .refresh_token "$T/body")
ok "... a new access token and a new refresh token" \
    test "$A3" != "$A1" -a "$R2" != "$R1" -a -n "$R2"
token -d grant_type=refresh_token -d "refresh_token=$R1" -d "client_id=$CID"
is "the old refresh token: 400 invalid_request" "400 invalid_request" \
    "$STATUS $(json .error "$T/body")"
bearer GET /2/users/me "$A1" -G
is "the old access token still works" 200 "$STATUS"
bearer GET /2/users/me "$A3" -G
is "the new one works" 200 "$STATUS"

# revoke
req POST /2/oauth2/revoke -d "token=$A3" -d "client_id=$CID" \
    -d token_type_hint=access_token
is "revoke: 200 revoked" '200 {"revoked":true}' "$STATUS $(body)"
bearer GET /2/users/me "$A3" -G
is "... the token then: 401" "401 Unauthorized" "$STATUS $(json .title "$T/body")"
req POST /2/oauth2/revoke -d "token=$A1" -u "$CID:bad"
is "revoke with bad Basic auth: 401" 401 "$STATUS"

# expiry, in wall-clock seconds
req POST /_sandbox/oauth2 -d '{"access_ttl":1}'
is "/_sandbox/oauth2 access_ttl" '200 {"access_ttl":1}' "$STATUS $(body)"
req POST /_sandbox/oauth2 -d '{"access_ttl":0}'
is "... 0: 400" 400 "$STATUS"
token -d grant_type=refresh_token -d "refresh_token=$R2" -d "client_id=$CID"
is "a token with access_ttl 1: expires_in 1" 1 "$(json .expires_in "$T/body")"
A4=$(json .access_token "$T/body")
sleep 2
bearer GET /2/users/me "$A4" -G
is "... 2 seconds later: 401" 401 "$STATUS"

#
# app-only
#
req POST /oauth2/token -u "$CK:$CS" -d grant_type=client_credentials
is "/oauth2/token: the bearer token" "200 bearer $BT" \
    "$STATUS $(json '"\(.token_type) \(.access_token)"' "$T/body")"
req POST /oauth2/token -u "$CK:nope" -d grant_type=client_credentials
is "... bad credentials: 403, X's error 99" \
    '403 {"errors":[{"code":99,"message":"Unable to verify your credentials","label":"authenticity_token_error"}]}' \
    "$STATUS $(body)"
req GET /oauth2/token
is "... GET: 405" 405 "$STATUS"

#
# counts, caps, the log
#
req GET /_sandbox/state
is "state: what was issued" \
    '{"request_tokens":4,"oauth1_tokens":2,"codes":5,"oauth2_tokens":5,"refreshed":2,"revoked":1}' \
    "$(json -c .oauth "$T/body")"
set -- $(oa flood "$RT" "$CK" "$CS" 1010)
req GET "/oauth/authorize?oauth_token=$1"
is "1,010 request tokens: the oldest is dropped (1,000 kept)" 400 "$STATUS"
req GET "/oauth/authorize?oauth_token=$2"
is "... the newest is kept" 200 "$STATUS"
for s in "$S1" "$V1" "$AT1" "$ATS1" "$PIN" "$A1" "$R1" "$CODE" "$CSEC"; do
	grep -F -e "$s" "$T/sandbox.err"
done >"$T/leaks"
is "no token, secret, verifier or code in the log" "" "$(cat "$T/leaks")"
like "... which has the requests" 'POST /oauth/access_token 200' "$(cat "$T/sandbox.err")"
done_testing
