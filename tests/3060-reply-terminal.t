#!/bin/sh
# tw-reply for a person: on a terminal one line per reply (to whom, the
# start of the text, the post's address); piped or --json the record as
# before; -c and -n print JSON anyway.
. "${0%/*}/lib.sh"

sandbox_start --rate-limit 100000 || exit 1
brand=$(sed -n 's/^username = //p' "$TW_CONFIG")
TW_AGENT=jo
export TW_AGENT
onpty() { "$TW_PYTHON" "$TESTS/onpty.py" "$@"; }
tw-fetch mentions | jq -r 'select(.in_reply_to == null and .retweet_of == null and .direction == "in") | "\(.id) \(.author.username)"' >"$T/targets"
target() { sed -n "$1p" "$T/targets" | cut -d' ' -f1; }
author() { sed -n "$1p" "$T/targets" | cut -d' ' -f2; }
posted() {	# the id of the brand's reply to post $1
	sb GET /_sandbox/state | jq -r --arg b "$brand" --arg t "$1" \
	    '[.tweets[] | select(.username == $b and (.reply_to // .in_reply_to) == $t) | .id] | last'
}

# A short reply: all of its text, and the post's address.
t=$(target 1) a=$(author 1)
exits "a reply on a terminal: exit 0" 0 onpty tw-reply "$t" "Sorry about that, we are on it"
id=$(posted "$t")
is "one line: to whom, the text, the post's address" \
    "replied to @$a: \"Sorry about that, we are on it\" https://x.com/$brand/status/$id" \
    "$(cat "$T/out")"
is "nothing on stderr" "" "$(cat "$T/err")"

# A long one: its first 40 columns, cut with an ellipsis.
t=$(target 2) a=$(author 2)
onpty tw-reply -S /J "$t" "Sorry about the wait, Gus. Can you DM us your booking ref?" >"$T/out" 2>"$T/err"
id=$(posted "$t")
is "a long text: its start" \
    "replied to @$a: \"Sorry about the wait, Gus. Can you DM u…\" https://x.com/$brand/status/$id" \
    "$(cat "$T/out")"

# Piped and --json: the record, as before.
t=$(target 3)
exits "--json on a terminal: exit 0" 0 onpty tw-reply --json "$t" "Thanks for your patience"
is "the record" "tweet out $t jo" "$(jq -r '"\(.type) \(.direction) \(.in_reply_to.id) \(.agent)"' "$T/out")"
t=$(target 4)
exits "piped: exit 0" 0 tw-reply "$t" "Thanks for your patience"
is "the record, piped" "tweet out $t" "$(jq -r '"\(.type) \(.direction) \(.in_reply_to.id)"' "$T/out")"
exits "-c on a terminal: JSON" 0 onpty tw-reply -c "$t" "Thanks"
is "the check record" "6 true" "$(jq -r '"\(.check.weighted_length) \(.check.valid)"' "$T/out")"
exits "-n on a terminal: JSON" 0 onpty tw-reply -n "$t" "Thanks"
is "the request" "POST $API/2/tweets" "$(jq -r '"\(.method) \(.url)"' "$T/out")"

done_testing
