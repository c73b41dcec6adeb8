#!/bin/sh
# 0111-tw-api-sandbox: tw-api against tw-sandbox: signed requests
# (tricky characters included) accepted, a wrong secret refused, faults
# retried, 429 waited out or reported with --no-wait.
. "$(dirname "$0")/lib.sh"

[ -x "$TW_BUILD/cmd/tw-sandbox" ] || skip_all "tw-sandbox is not built"

# (X's query language refuses an empty group "( )", so the parentheses
# hold a word here.)
TRICKY="café \"quoted\" 'single' 😀 naïve + & * ! ' ( support ) \$ # @ don't"
ENC=$(printf '%s' "$TRICKY" | jq -sRr @uri)
TW_RETRY_BASE_MS=20
export TW_RETRY_BASE_MS

sandbox_start || { fail "sandbox starts"; exit 1; }
ME=$(sed -n 's/^username *= *//p' "$TW_CONFIG" | head -n 1)

exits "GET /2/users/me signed" 0 tw-api /2/users/me
is "users/me: the config's user" "$ME" "$(json .data.username "$T/out")"
is "users/me: nothing on stderr" "" "$(cat "$T/err")"
exits "-i shows the sandbox's rate-limit headers" 0 tw-api -i /2/users/me
like "-i: limit, remaining, reset" '^HTTP 200 OK.x-rate-limit-limit: [0-9]+.x-rate-limit-remaining: [0-9]+.x-rate-limit-reset: [0-9]+$' \
    "$(tr '\n' '.' <"$T/err" | sed 's/\.$//')"

# The tricky query is signed correctly: the sandbox verifies the signature
# before it looks at the query, so anything but 401 means it verified.
exits "a tricky recent-search query is accepted" 0 tw-api "/2/tweets/search/recent?query=$ENC"
is "a tricky query: nothing on stderr" "" "$(cat "$T/err")"
# A dry run prints no usable credential: its header, replayed with other
# JSON text within the timestamp window, is refused (the JSON body is not
# signed, so a printed signature would post anything).
exits "dry run of a post" 0 tw-api -n -X POST -d '{"text":"hello"}' /2/tweets
cp "$T/out" "$T/dry"
like "dry run: signature and nonce redacted" 'oauth_nonce="REDACTED", oauth_signature="REDACTED"' \
    "$(json .headers.Authorization "$T/dry")"
is "the dry run's header, replayed with other text: 401" 401 "$(curl -s -o /dev/null -w '%{http_code}' \
    -H "Authorization: $(json .headers.Authorization "$T/dry")" -H 'Content-Type: application/json' \
    -d '{"text":"not what was shown"}' "$(json .url "$T/dry")")"
exits "a tricky lookup by usernames verifies" 0 \
    tw-api "/2/users/by?usernames=$ME&user.fields=$(printf 'description,name' | jq -sRr @uri)"
exits "a post with the tricky text (JSON body, not signed)" 0 \
    tw-api -d "$(jq -cn --arg t "$TRICKY" '{text: $t}')" /2/tweets
is "the post's text arrived" "$TRICKY" "$(json .data.text "$T/out")"
exits "--app on an app-only endpoint" 0 tw-api --app "/2/tweets/search/all?query=support"
exits "--app on a user-only endpoint: exit 3" 3 tw-api --app /2/users/me
like "--app on users/me: 403 unsupported-authentication" \
    '^tw-api: 403 Forbidden: Unsupported Authentication: .*\(unsupported-authentication\)$' "$(cat "$T/err")"

# A wrong consumer secret.
sed 's/^consumer_secret *=.*/consumer_secret = wrong/' "$TW_CONFIG" >"$T/bad"
chmod 600 "$T/bad"
exits "a wrong consumer secret: exit 3" 3 env TW_CONFIG="$T/bad" tw-api /2/users/me
like "a wrong consumer secret: one line" '^tw-api: 401 Unauthorized' "$(cat "$T/err")"
is "a wrong consumer secret: only one line" 1 "$(wc -l <"$T/err" | tr -d ' ')"

# Unreachable.
exits "unreachable API: exit 4" 4 env TW_API_BASE=http://127.0.0.1:1 tw-api /2/users/me
is "unreachable API: one line" "tw-api: GET http://127.0.0.1:1/2/users/me: cannot connect: Connection refused (tried 5 times)" "$(cat "$T/err")"

# Faults: every request a 5xx, then every request dropped.
sb POST /_sandbox/faults '{"error_5xx":100}' >/dev/null
exits "5xx every time: exit 4" 4 tw-api /2/users/me
like "5xx every time: one line, five tries" '^tw-api: 5[0-9][0-9] .*\(tried 5 times\)$' "$(cat "$T/err")"
sb POST /_sandbox/faults '{"error_5xx":0,"drop":100}' >/dev/null
exits "dropped every time: exit 4" 4 tw-api /2/users/me
sb POST /_sandbox/faults '{"drop":0,"error_429":100}' >/dev/null
exits "429 fault with --no-wait: exit 5" 5 tw-api --no-wait /2/users/me
sb POST /_sandbox/faults '{"error_429":0}' >/dev/null
exits "faults off: fine again" 0 tw-api /2/users/me

# A spent window: with one request per 3-second window the limit is
# reached at once; --no-wait names the reset time, and without it tw-api
# waits for the next window.
sandbox_stop
sandbox_start --rate-limit 1 --rate-window 3 || fail "sandbox restarts"
tw-api /2/users/me >/dev/null 2>&1
exits "spent window with --no-wait: exit 5" 5 tw-api --no-wait /2/users/me
like "spent window: names the reset time" '^tw-api: rate limit reached for GET /2/users/me; resets at [0-9T:-]+Z \(in [0-9]s\)$' "$(cat "$T/err")"
is "spent window: one line" 1 "$(wc -l <"$T/err" | tr -d ' ')"
exits "spent window without --no-wait: waits, then 0" 0 tw-api /2/users/me
like "spent window: told the user" '^tw-api: rate limited on GET /2/users/me; waiting [0-9]s \(until ' "$(cat "$T/err")"
is "spent window: the answer" "$ME" "$(json .data.username "$T/out")"

# The usage cap is not a window: exit 5 at once, saying so.
sandbox_stop
sandbox_start --usage-cap 1 || fail "sandbox restarts"
ID=$(sed -n 's/^user_id *= *//p' "$TW_CONFIG" | head -n 1)
exits "mentions under the usage cap" 0 tw-api "/2/users/$ID/mentions"
exits "usage-capped: exit 5" 5 tw-api "/2/users/$ID/mentions"
is "usage-capped: one line, not a window" "tw-api: 429 Too Many Requests: UsageCapExceeded: Usage cap exceeded: Monthly product cap (usage-capped); this is the Monthly Product usage cap, not a rate-limit window: waiting will not help" "$(cat "$T/err")"
done_testing
