#!/bin/sh
# tw-dm: a line per DM on a terminal; --json gives the record.
. "${0%/*}/lib.sh"

sandbox_start --rate-limit 100000 || exit 1
brand_id=$(sed -n 's/^user_id = //p' "$TW_CONFIG")
TW_AGENT=jo
export TW_AGENT
onpty() { "$TW_PYTHON" "$TESTS/onpty.py" "$@"; }
state() { sb GET /_sandbox/state; }
gus=$(state | jq -r '.users[] | select(.username == "grumpy_gus") | .id')
conv=$(echo "$gus $brand_id" | tr ' ' '\n' | sort -n | paste -sd-)
# copies TEXT: how many DMs from the brand to Gus say TEXT
copies() { state | jq --arg u "$gus" --arg b "$brand_id" --arg t "$1" '[.dms[] | select(.from == $b and .to == $u and .text == $t)] | length'; }
gus_writes() { sb POST /_sandbox/dms "{\"from\":\"grumpy_gus\",\"to\":\"$brand_id\",\"text\":\"$1\"}" >/dev/null; }
later() { date -u -d "+$1 minutes" +%Y-%m-%dT%H:%M:%SZ; }
Q="Anything else we can help with?"
Qre="Anything else we can help with\\?"

# On a terminal: one line.
exits "a DM on a terminal: exit 0" 0 onpty tw-dm -S /J @grumpy_gus "Here is your refund reference: R-1234"
is "one line: to whom, the text, the conversation's address" \
    "DM to @grumpy_gus: \"Here is your refund reference: R-1234 /J\" https://x.com/messages/$conv" \
    "$(cat "$T/out")"
exits "--json on a terminal: the record" 0 onpty tw-dm --json @grumpy_gus "Your voucher: V-77"
is "the record" "dm out $gus $conv" "$(jq -r '"\(.type) \(.direction) \(.recipient.id) \(.dm_conversation_id)"' "$T/out")"

done_testing
