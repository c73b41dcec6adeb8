#!/bin/sh
# tw-fetch's 401 and 403: one line with exit 3 that names the likely
# cause: wrong keys, the wrong kind of token, a missing access level.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/oaproxy.sh"

cat >"$T/routes.json" <<'ROUTES'
{
 "GET /2/users/111/mentions": {"status": 403, "ctype": "application/problem+json",
  "body": {"title": "Unsupported Authentication", "detail": "Authenticating with OAuth 1.0a User Context is forbidden for this endpoint.", "type": "https://api.twitter.com/2/problems/unsupported-authentication", "status": 403}},
 "GET /2/tweets/search/recent": {"status": 403, "ctype": "application/problem+json",
  "body": {"title": "Client Forbidden", "detail": "This request must be made using an approved developer account that is enrolled in the requested endpoint.", "type": "https://api.twitter.com/2/problems/client-forbidden", "reason": "client-not-enrolled", "status": 403}},
 "GET /2/dm_events": {"status": 401, "ctype": "application/problem+json",
  "body": {"title": "Unauthorized", "type": "about:blank", "status": 401, "detail": "Unauthorized"}}
}
ROUTES
oastub_start "$T/routes.json" || exit 1
cat >"$TW_CONFIG" <<CONFIG
[account stub]
user_id = 111
username = brand
consumer_key = ck
consumer_secret = cs-secret-value
access_token = 111-at
access_token_secret = ts-secret-value
bearer_token = bearer-secret-value
api_base = $STUB
CONFIG
chmod 600 "$TW_CONFIG"

exits "403 unsupported-authentication: exit 3" 3 tw-fetch mentions
like "names the wrong kind of token" "mentions: 403 .*(app-only|other kind of credentials)" "$(cat "$T/err")"
is "one line" 1 "$(wc -l <"$T/err")"
exits "403 client-forbidden: exit 3" 3 tw-fetch search delayed
like "names the missing access level" "search: 403 .*access level" "$(cat "$T/err")"
exits "401: exit 3" 3 tw-fetch dms
like "names wrong keys" "dms: 401 .*keys or tokens are wrong or revoked.*tw-auth login" "$(cat "$T/err")"
unlike "no secret in the message" "secret-value" "$(cat "$T/err")"

# Real 401 from the sandbox: a wrong consumer secret.
sandbox_start || exit 1
sed -i 's/^consumer_secret = .*/consumer_secret = wrong-secret-value/' "$TW_CONFIG"
exits "sandbox, wrong consumer secret: exit 3" 3 tw-fetch mentions
like "sandbox 401 names wrong keys" "mentions: 401 Unauthorized.*keys or tokens are wrong" "$(cat "$T/err")"

# Missing credentials are found before any request.
sed -i '/^bearer_token/d' "$TW_CONFIG"
exits "archive without a bearer token: exit 3" 3 tw-fetch archive delayed
like "names the missing key" "bearer_token" "$(cat "$T/err")"
done_testing
