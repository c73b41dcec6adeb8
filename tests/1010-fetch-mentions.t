#!/bin/sh
# tw-fetch mentions: every mention exactly once; checkpoints fetch only
# what is new; a run killed mid-paging leaves nothing missing.
. "${0%/*}/lib.sh"

sandbox_start --mentions 1100 --mention-cap 0 || exit 1
brand=$(sed -n 's/^username = //p' "$TW_CONFIG")

# What the sandbox holds: posts that mention the brand, not by it (a
# retweet of the brand's own post is not a mention of it).
expected() {
	sb GET /_sandbox/state | jq -r --arg b "$brand" '
	    ([.tweets[] | select(.username == $b) | .id]) as $own | .tweets[] |
	    select(.username != $b) | select((.retweet_of // "") as $r | $own | index($r) | not) |
	    select(.text | test("@" + $b + "\\b"; "i")) | .id' | sort
}
expected >"$T/want"
n=$(wc -l <"$T/want")
if [ "$n" -gt 1000 ]; then pass "the sandbox holds $n mentions"; else fail "over 1000 mentions" "$n"; fi

exits "tw-fetch mentions exits 0" 0 tw-fetch mentions
jq -r .id "$T/out" | sort >"$T/got"
is "every mention once: count" "$n" "$(wc -l <"$T/got")"
is "every mention once: no duplicate" "" "$(uniq -d "$T/got" | head -3)"
is "exactly the sandbox's mentions" "" "$(diff "$T/want" "$T/got" | head -5)"
is "ids are strings, records are mentions from customers" "0" \
    "$(jq -c 'select((.id|type) != "string" or .source != "mentions" or .direction != "in")' "$T/out" | wc -l)"

exits "-s inbox: first run" 0 tw-fetch -s inbox mentions
is "-s inbox: first run gets them all" "$n" "$(wc -l <"$T/out")"
exits "-s inbox: second run" 0 tw-fetch -s inbox mentions
is "-s inbox: second run returns nothing" "0" "$(wc -l <"$T/out")"

for i in 1 2 3; do
	sb POST /_sandbox/tweets "{\"username\":\"newcust$i\",\"text\":\"@$brand new mention $i\"}" >/dev/null
done
tw-fetch -s inbox mentions >"$T/out" 2>"$T/err"
is "new mentions come back alone on the next run" \
    "@$brand new mention 1,@$brand new mention 2,@$brand new mention 3" \
    "$(jq -r .text "$T/out" | sort | paste -sd, -)"

# --budget: never read more than N posts; -n: never write more than MAX.
exits "--budget 250: exit 0" 0 tw-fetch -v --budget 250 mentions
like "--budget 250 reads 200 posts (a third page could pass 250)" "posts read 2[0-9][0-9]," "$(cat "$T/err")"
like "--budget says it stopped" "budget of 250 posts is reached" "$(cat "$T/err")"
exits "--max 150: exit 0" 0 tw-fetch --max 150 mentions
is "-n 150 writes 150" 150 "$(wc -l <"$T/out")"

# At a terminal: progress and the cost line.  script(1) gives a pty.
if command -v script >/dev/null; then
	script -qec "tw-fetch --max 300 mentions >/dev/null" /dev/null >"$T/tty" 2>&1
	like "at a terminal: progress (records, pages)" "mentions: [0-9]+ records, [0-9]+ pages" "$(tr '\r' '\n' <"$T/tty")"
	like "at a terminal: the cost line" "requests [0-9]+, posts read [0-9]+.*est\. .[0-9]" "$(cat "$T/tty")"
else
	skip "script(1) is not installed"; skip "script(1) is not installed"
fi

# SIGKILL mid-paging, then run again: no mention missing.  Latency makes
# the paging slow enough to kill in the middle.
sandbox_stop
sandbox_start --mentions 1100 --mention-cap 0 --latency 150 || exit 1
expected >"$T/want"
: >"$T/part1"
tw-fetch -s crash mentions >>"$T/part1" 2>/dev/null &
pid=$!
i=0
while [ "$(wc -l <"$T/part1")" -lt 250 ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
# Two runs on one checkpoint cannot interleave.
exits "a second run on the same checkpoint is refused: exit 5" 5 tw-fetch -s crash mentions
like "it says the checkpoint is in use, and by whom" "fetch-crash is locked by pid [0-9]+" "$(cat "$T/err")"
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
got1=$(wc -l <"$T/part1")
if [ "$got1" -gt 0 ] && [ "$got1" -lt "$(wc -l <"$T/want")" ]; then
	pass "the first run was killed mid-paging ($got1 records out)"
else
	fail "the first run was killed mid-paging" "$got1 records"
fi
tw-fetch -s crash mentions >"$T/part2" 2>"$T/err"
is "the rerun exits 0" 0 $?
cat "$T/part1" "$T/part2" | jq -r .id | sort -u >"$T/got"
is "after the kill and a rerun, no mention is missing" "" "$(comm -23 "$T/want" "$T/got" | head -5)"
done_testing
