#!/bin/sh
# tw-dm: a line per DM on a terminal; a repeat told from a rerun: the
# intent's own key, a one-off's window and the customer's answer, files
# keyed as before; skips said and counted.
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

# A one-off run again at once, the customer silent: a rerun, skipped.
exits "a one-off: sent" 0 tw-dm @grumpy_gus "$Q"
first=$(jq -r .id "$T/out")
exits "the same line at once: exit 0" 0 onpty tw-dm @grumpy_gus "$Q"
is "nothing on the terminal" "" "$(cat "$T/out")"
like "stderr says what and why" \
    "^tw-dm: skipped DM to @grumpy_gus \(\"$Qre\"\): already sent as $first at [0-9T:-]+Z, [0-9]+s ago, with no message from them since: taken for a rerun \(--key KEY sends it anyway\)$" \
    "$(cat "$T/err")"
is "one copy" 1 "$(copies "$Q")"

# The customer answers: the same words are a new message; run again at
# once, that one is skipped in turn.
gus_writes "yes, my bag is still missing"
exits "after the customer wrote: sent, exit 0" 0 tw-dm @grumpy_gus "$Q"
second=$(jq -r .id "$T/out")
is "two copies" 2 "$(copies "$Q")"
is "a key of its own" "true" "$(jq -r --arg k "$(tw-case journal | jq -r --arg i "$first" 'select(.id == $i) | .key')" '.sent.key != $k' "$T/out")"
exits "and again at once: exit 0" 0 tw-dm @grumpy_gus "$Q"
like "skipped, as the second" "already sent as $second" "$(cat "$T/err")"
is "still two" 2 "$(copies "$Q")"

# Eleven minutes later, with nothing from the customer: new again.
TW_NOW=$(later 11) exits "11 minutes later: sent" 0 tw-dm @grumpy_gus "$Q"
is "three copies" 3 "$(copies "$Q")"
TW_NOW=$(later 11) exits "and a rerun of that at once: skipped" 0 tw-dm @grumpy_gus "$Q"
is "still three" 3 "$(copies "$Q")"
printf 'repeat_after = 60\n' >>"$TW_CONFIG"
TW_NOW=$(later 30) exits "repeat_after = 60: 30 minutes on is a rerun" 0 tw-dm @grumpy_gus "$Q"
is "still three, at 30 minutes" 3 "$(copies "$Q")"

# A repeat whose send fails unclearly (503s, nothing posted) and whose
# rerun looks for it: only messages after the earlier copy count, so the
# earlier one is not taken for it, and it is posted.
TW_RETRY_BASE_MS=20
export TW_RETRY_BASE_MS
sb POST /_sandbox/faults '{"error_5xx":100}' >/dev/null
TW_NOW=$(later 100) exits "a repeat, every request failing: exit 4" 4 tw-dm @grumpy_gus "$Q"
like "it cannot tell, and keeps it pending" "cannot tell whether it was posted" "$(cat "$T/err")"
sb POST /_sandbox/faults '{"error_5xx":0}' >/dev/null
TW_NOW=$(later 100) exits "the rerun: exit 0" 0 tw-dm @grumpy_gus "$Q"
unlike "the earlier copy is not taken for it" "found after an interrupted run" "$(cat "$T/err") $(cat "$T/out")"
is "exactly one more copy" 4 "$(copies "$Q")"
TW_NOW=$(later 100) exits "and run again: skipped" 0 tw-dm @grumpy_gus "$Q"
is "still four" 4 "$(copies "$Q")"

# Intents from a file: keyed by what they say, for ever; with a key, by it.
printf '%s\n' '{"to":"@grumpy_gus","text":"Your case is closed."}' \
    '{"to":"@grumpy_gus","text":"Have a good flight","key":"case-9-bye"}' >"$T/batch"
exits "a batch: exit 0" 0 tw-dm <"$T/batch"
gus_writes "thanks"
exits "the same batch, later, the customer having written: exit 0" 0 env TW_NOW="$(later 120)" tw-dm <"$T/batch"
is "each once" "1 1" "$(copies "Your case is closed.") $(copies "Have a good flight")"
like "each skip said with its line" "<stdin>:1: skipped DM to @grumpy_gus .*the same intent is sent once" "$(cat "$T/err")"
like "the keyed one with its key" "<stdin>:2: skipped .*with the key \"case-9-bye\"" "$(cat "$T/err")"
is "the last line counts them" "tw-dm: 0 sent, 2 skipped as sent before" "$(tail -n 1 "$T/err")"
printf '%s\n' '{"to":"@grumpy_gus","text":"Have a good flight, Gus","key":"case-9-bye"}' \
    '{"to":"@grumpy_gus","text":"Have a good flight","key":"case-9-bye-2"}' >"$T/batch2"
exits "the same key, another text: skipped; another key: sent" 0 tw-dm <"$T/batch2"
is "the key decides" "0 2" "$(copies "Have a good flight, Gus") $(copies "Have a good flight")"
is "1 sent, 1 skipped" "tw-dm: 1 sent, 1 skipped as sent before" "$(tail -n 1 "$T/err")"
printf '%s\n' '{"to":"@grumpy_gus","text":"x","key":""}' '{"to":"@grumpy_gus","text":"x","key":7}' >"$T/badkey"
exits "a bad key: exit 1" 1 tw-dm <"$T/badkey"
is "said with its line" "2" "$(grep -c 'key: a string of 1 to 256 bytes is needed' "$T/err")"

# --key from the command line.
exits "--key: sent" 0 tw-dm --key case-24-close @grumpy_gus "$Q"
is "a fifth copy" 5 "$(copies "$Q")"
gus_writes "bye"
TW_NOW=$(later 120) exits "--key again, hours later, after the customer wrote: skipped" 0 tw-dm --key case-24-close @grumpy_gus "$Q"
is "still five" 5 "$(copies "$Q")"
done_testing
