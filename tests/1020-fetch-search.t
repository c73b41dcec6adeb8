#!/bin/sh
# tw-fetch search and archive: each operator the sandbox supports gives
# only matching posts; archive is app-only and paced to 1 request/s.
. "${0%/*}/lib.sh"

sandbox_start || exit 1
brand=$(sed -n 's/^username = //p' "$TW_CONFIG")
brand_id=$(sed -n 's/^user_id = //p' "$TW_CONFIG")

# check QUERY JQ-CONDITION: $src (search or archive) gives some results,
# and every one satisfies it.
src=search
check() {
	q=$1 cond=$2
	tw-fetch $src "$q" >"$T/s.out" 2>"$T/s.err"
	rc=$? n=$(wc -l <"$T/s.out")
	bad=$(jq -c "select(($cond) | not) | .text" "$T/s.out" | head -3)
	if [ $rc -eq 0 ] && [ "$n" -gt 0 ] && [ -z "$bad" ]; then
		pass "$src '$q': $n posts, all match"
	else
		fail "$src '$q'" "exit $rc, $n posts" "not matching: $bad" "$(cat "$T/s.err")"
	fi
}

operators() {
	check "from:grumpy_gus" '.author.username == "grumpy_gus"'
	check "from:$brand" '.direction == "out" and .author.username == "'"$brand"'"'
	check "lang:ja" '.lang == "ja"'
	check "luggage" '.text | test("luggage"; "i")'
	check '"boarding pass"' '.text | test("boarding pass"; "i")'
	check "delayed OR cancelled" '.text | test("delayed|cancelled"; "i")'
	check "@$brand (refund OR refunds)" '(.text | test("@'"$brand"'"; "i")) and (.text | test("refund"; "i"))'
	check "#safety" '.entities.hashtags | map(ascii_downcase) | index("safety")'
	check "to:$brand" '.in_reply_to.user_id == "'"$brand_id"'"'
	check "is:reply" '.in_reply_to != null'
	check "is:retweet" '.retweet_of != null'
	check "@$brand -is:retweet -is:reply" '.retweet_of == null and .in_reply_to == null'
	check "(delayed OR cancelled) -from:$brand" '(.author.username != "'"$brand"'") and (.text | test("delayed|cancelled"; "i"))'

	conv=$(tw-fetch search "is:reply" | jq -r .conversation_id | head -n 1)
	check "conversation_id:$conv" '.conversation_id == "'"$conv"'"'
}
operators
# the same operators in the full archive (app-only, 1 request a second)
src=archive operators
src=search

exits "search: a query with '-' first needs --" 2 tw-fetch search -is:retweet
exits "search: -- ends the options" 0 tw-fetch search -- "-is:retweet luggage"

exits "a bad query is the API's 400, one line, exit 4" 4 tw-fetch search '(unbalanced'
like "the 400 is explained" "search: 400 " "$(cat "$T/err")"
is "the error is one line" 1 "$(wc -l <"$T/err")"

# -n and paging
exits "--max 7: exit 0" 0 tw-fetch --max 7 search "$brand"
is "-n 7 gives 7 records, never more" 7 "$(wc -l <"$T/out")"

# archive: app-only, several pages, 1 request a second.
sandbox_stop
sandbox_start --mentions 1100 --mention-cap 0 || exit 1
start=$(date +%s)
exits "archive over several pages: exit 0" 0 tw-fetch -v archive "@$brand"
end=$(date +%s)
n=$(wc -l <"$T/out")
if [ "$n" -gt 1000 ]; then pass "archive returns every match ($n)"; else fail "archive returns every match" "$n"; fi
like "archive took 3 requests" "requests 3," "$(cat "$T/err")"
unlike "archive never hit the 1/s limit" "429|rate limit" "$(cat "$T/err")"
if [ $((end - start)) -ge 2 ]; then pass "archive paced: 3 requests took at least 2 s"
else fail "archive paced" "3 requests in $((end - start)) s"; fi
is "archive records say so" "archive" "$(jq -r .source "$T/out" | sort -u)"
done_testing
