#!/bin/sh
# tw-reply for a person: on a terminal one line per reply (to whom, the
# start of the text, the post's address); piped or --json the record as
# before; -c and -n print JSON anyway; a one-off run again at once is
# skipped and said, later it is a new reply (refused as already replied
# unless --again); --key.
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

# Run again at once: the same reply, skipped and said; exit 0.
exits "the same line again at once: exit 0" 0 onpty tw-reply -S /J "$t" "Sorry about the wait, Gus. Can you DM us your booking ref?"
is "nothing on the terminal" "" "$(cat "$T/out")"
like "stderr says what was skipped and why" \
    "^tw-reply: skipped reply to post $t \(\"Sorry about the wait, Gus. Can you DM u…\"\): already sent as $id at [0-9T:-]+Z, [0-9]+s ago: taken for a rerun \(--key KEY sends it anyway\)$" \
    "$(cat "$T/err")"
is "no second reply" 1 "$(sb GET /_sandbox/state | jq --arg b "$brand" --arg t "$t" '[.tweets[] | select(.username == $b and (.reply_to // .in_reply_to) == $t)] | length')"

# Eleven minutes later it is a new reply; the account already replied to
# the post, so it is refused unless --again.
later=$(date -u -d '+11 minutes' +%Y-%m-%dT%H:%M:%SZ)
TW_NOW=$later exits "the same line 11 minutes later: refused, exit 1" 1 \
    onpty tw-reply -S /J "$t" "Sorry about the wait, Gus. Can you DM us your booking ref?"
like "as already replied" "jo already replied to $t at .*use --again" "$(cat "$T/err")"

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

# --key: the key decides, not the text.
t=$(target 5)
exits "--key: sent" 0 tw-reply --key case-5 "$t" "We have rebooked you"
is "the intent's key passes through" "case-5" "$(jq -r .key "$T/out")"
exits "--key again, another text: skipped, exit 0" 0 tw-reply --key case-5 "$t" "We have rebooked you, see DM"
like "said, with the key" "skipped reply to post $t .*already sent as .* with the key \"case-5\"" "$(cat "$T/err")"
exits "--key with intents on stdin: usage" 2 tw-reply --key k </dev/null
done_testing
