#!/bin/sh
# tw-sandbox: pagination by position (never a repeat or a skip, even with
# posts arriving between pages), the mention cap, since/until, times,
# max_results bounds
. "${0%/*}/lib.sh"

sandbox_start --mentions 1200 || exit 1
BT=$(sed -n 's/^bearer_token = //p' "$TW_CONFIG")
UID_=$(sed -n 's/^user_id = //p' "$TW_CONFIG")
bear() { curl -sS -H "Authorization: Bearer $BT" "$API$1"; }
M=/2/users/$UID_/mentions

# walk every page; a customer tweets after the first page
walk() {
	: >"$T/ids"
	tok= n=0
	while :; do
		bear "$M?max_results=100${tok:+&pagination_token=$tok}$1" >"$T/p.json"
		json '.data[]?.id' "$T/p.json" >>"$T/ids"
		n=$((n + 1))
		[ $n -eq 1 ] && [ -n "${2:-}" ] && sb POST /_sandbox/tweets \
		    '{"username":"late_one","text":"@skyway arrived mid-walk"}' >/dev/null
		tok=$(json '.meta.next_token // empty' "$T/p.json")
		[ -z "$tok" ] && break
		[ $n -gt 50 ] && break
	done
}
walk ""
is "the mention cap: 800 reachable" 800 "$(wc -l <"$T/ids" | tr -d ' ')"
is "no repeats" 800 "$(sort -u "$T/ids" | wc -l | tr -d ' ')"
is "newest first" "$(sort -r "$T/ids" | head -n 1)" "$(head -n 1 "$T/ids")"
is "ids strictly descending" "$(sort -r "$T/ids" | tr '\n' ' ')" "$(tr '\n' ' ' <"$T/ids")"
is "last page has no next_token" "" "$(json '.meta.next_token // empty' "$T/p.json")"
like "meta.result_count on a page" '^[0-9]+$' "$(json .meta.result_count "$T/p.json")"

sb POST /_sandbox/tweets '{"username":"late_one","text":"@skyway arrived mid-walk"}' >/dev/null
newest=$(head -n 1 "$T/ids")
bear "$M?since_id=$newest&max_results=5" >"$T/s.json"
is "since_id: only the late post" "@skyway arrived mid-walk" "$(json '.data[0].text' "$T/s.json")"
is "since_id: result_count" 1 "$(json .meta.result_count "$T/s.json")"
oldest=$(sed -n 5p "$T/ids")
bear "$M?until_id=$oldest&max_results=5" >"$T/u.json"
is "until_id: starts below it" "$(sed -n 6p "$T/ids")" "$(json '.data[0].id' "$T/u.json")"

bear "$M?since_id=9999999999999999999" >"$T/e.json"
is "empty page: no data key" "false 0" "$(json '"\(has("data")) \(.meta.result_count)"' "$T/e.json")"

bear "$M?max_results=4" >"$T/b.json"
is "max_results 4: 400 invalid-request" "https://api.twitter.com/2/problems/invalid-request" "$(json .type "$T/b.json")"
like "... names the parameter" 'max_results' "$(json '.errors[0].message' "$T/b.json")"
is "max_results 101: 400" 400 "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $BT" "$API$M?max_results=101")"
is "bad since_id: 400" 400 "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $BT" "$API$M?since_id=12a")"
is "bad start_time: 400" 400 "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $BT" "$API$M?start_time=yesterday")"
is "bad token: 400" 400 "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $BT" "$API$M?pagination_token=zzz")"

# without the cap, a post arriving between pages changes nothing
sandbox_stop
sandbox_start --mentions 1200 --mention-cap 0 || exit 1
BT=$(sed -n 's/^bearer_token = //p' "$TW_CONFIG")
total=$(sb GET /_sandbox/state | json '[.tweets[] | select(.username != "skyway" and (.text | test("@skyway"; "i")) and (.text | startswith("RT @skyway") | not))] | length')
walk "" insert
is "no cap, a post between pages: every older one, once" "$total" \
    "$(sort -u "$T/ids" | wc -l | tr -d ' ')"
is "... and no repeats" "$(wc -l <"$T/ids" | tr -d ' ')" "$(sort -u "$T/ids" | wc -l | tr -d ' ')"

# start_time/end_time: the seed's posts are relative to --now
sandbox_stop
sandbox_start --now 2026-03-01T12:00:00Z || exit 1
BT=$(sed -n 's/^bearer_token = //p' "$TW_CONFIG")
bear "$M?start_time=2026-03-01T06:00:00Z&end_time=2026-03-01T10:00:00Z&max_results=100&tweet.fields=created_at" >"$T/t.json"
is "start/end time window" "7 7" "$(json '"\([.data[].created_at | select(. >= "2026-03-01T06:00:00" and . < "2026-03-01T10:00:00")] | length) \(.data | length)"' "$T/t.json")"
done_testing
