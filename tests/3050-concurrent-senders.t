#!/bin/sh
# 3050-concurrent-senders: two tw-dm and two tw-reply processes on the
# same 50 intents and the same TW_HOME, with latency, at the same time:
# every message is sent once, and the journal has one line per send,
# credited to the agent whose process sent it.
. "$(dirname "$0")/lib.sh"

sandbox_start --rate-limit 100000 || exit 1
brand=$(sed -n 's/^username = //p' "$TW_CONFIG")
brand_id=$(sed -n 's/^user_id = //p' "$TW_CONFIG")
state() { sb GET /_sandbox/state; }

# 50 customers post to the brand; each gets a reply intent and a DM intent
i=1
while [ $i -le 50 ]; do
	id=$(sb POST /_sandbox/tweets "{\"username\":\"flyer$i\",\"text\":\"@$brand my bag $i is lost\"}" | jq -r .data.id)
	printf '{"in_reply_to":"%s","text":"Sorry about bag %d, we are on it"}\n' "$id" $i >>"$T/replies"
	printf '{"to":"@flyer%d","text":"Your bag %d is on its way: ref B-%d"}\n' $i $i $i >>"$T/dms"
	i=$((i + 1))
done
sb POST /_sandbox/faults '{"latency_ms":40}' >/dev/null

# run2 PROG INTENTS: two agents, ana and ben, at once
run2() {
	TW_AGENT=ana "$1" <"$2" >"$T/ana.out" 2>"$T/ana.err" & a=$!
	TW_AGENT=ben "$1" <"$2" >"$T/ben.out" 2>"$T/ben.err" & b=$!
	wait $a; ra=$?
	wait $b; rb=$?
	echo "$ra $rb"
}

# once EVENT WHAT: the records and journal lines of the last run2
once() {
	is "one output record per $2, between the two" 50 "$(cat "$T/ana.out" "$T/ben.out" | wc -l | tr -d ' ')"
	is "one journal line per $2" "50 50" "$(tw-case journal | jq -rs --arg e "$1" '[.[] | select(.event == $e) | .key] | "\(length) \(unique | length)"')"
	is "each $2 credited to the agent whose record it is" \
	    "$(cat "$T/ana.out" "$T/ben.out" | jq -r '"\(.sent.key) \(.agent)"' | sort)" \
	    "$(tw-case journal | jq -r --arg e "$1" 'select(.event == $e) | "\(.key) \(.agent)"' | sort)"
	is "no $2 'found after an interrupted run'" 0 "$(cat "$T/ana.err" "$T/ben.err" | grep -c 'interrupted')"
}

is "two tw-dm at once: both exit 0" "0 0" "$(run2 tw-dm "$T/dms")"
is "every DM sent once" "50 50" "$(state | jq -r --arg b "$brand_id" \
    '[.dms[] | select(.from == $b) | .text | select(startswith("Your bag"))] | "\(length) \(unique | length)"')"
once dm DM

is "two tw-reply at once: both exit 0" "0 0" "$(run2 tw-reply "$T/replies")"
is "every reply posted once" "50 50" "$(state | jq -r --arg b "$brand" \
    '[.tweets[] | select(.username == $b and .text != null) | select(.text | startswith("@flyer")) | (.reply_to // .in_reply_to)] | "\(length) \(unique | length)"')"
once reply reply
done_testing
