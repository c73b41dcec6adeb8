#!/bin/sh
# tw-sandbox: rate-limit headers, 429 when spent, reset after the window;
# the usage cap
. "${0%/*}/lib.sh"

sandbox_start --rate-limit 2 --rate-window 3 --usage-cap 30 || exit 1
BT=$(sed -n 's/^bearer_token = //p' "$TW_CONFIG")
get() {
	curl -sS -D "$T/h" -o "$T/b" -w '%{http_code}' \
	    -H "Authorization: Bearer $BT" "$API$1"
}
h() { sed -n "s/^$1: //Ip" "$T/h" | tr -d '\r'; }

is "1st: 200" 200 "$(get /2/users/by/username/anna_k)"
is "x-rate-limit-limit" 2 "$(h x-rate-limit-limit)"
is "x-rate-limit-remaining" 1 "$(h x-rate-limit-remaining)"
like "x-rate-limit-reset is epoch seconds" '^[0-9]{10}$' "$(h x-rate-limit-reset)"
get /2/users/by/username/anna_k >/dev/null
is "3rd: 429" 429 "$(get /2/users/by/username/anna_k)"
is "429 body" '{"title":"Too Many Requests","detail":"Too Many Requests","type":"about:blank","status":429}' "$(cat "$T/b")"
is "429 remaining 0" 0 "$(h x-rate-limit-remaining)"
is "another endpoint has its own window" 200 "$(get /2/users/by?usernames=anna_k)"
sleep 4
is "after the window: 200 again" 200 "$(get /2/users/by/username/anna_k)"

# usage cap: 30 posts read, then usage-capped
uid=$(sed -n 's/^user_id = //p' "$TW_CONFIG")
get "/2/users/$uid/mentions?max_results=20" >/dev/null
is "reads up to the cap" 200 "$(get "/2/tweets/search/recent?query=skyway&max_results=10")"
sleep 4
is "over the cap: 429" 429 "$(get "/2/users/$uid/mentions?max_results=5")"
is "... usage-capped problem" "https://api.twitter.com/2/problems/usage-capped Monthly" "$(json '"\(.type) \(.period)"' "$T/b")"
done_testing
