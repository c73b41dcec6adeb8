#!/bin/sh
# tw-fetch dms: every DM event, the brand's own with direction out; one
# conversation with dms USER; checkpoints.
. "${0%/*}/lib.sh"

sandbox_start || exit 1
brand_id=$(sed -n 's/^user_id = //p' "$TW_CONFIG")
sb GET /_sandbox/state >"$T/sbstate"
jq -r '.dms[] | select(.event_type == "MessageCreate") | .id' "$T/sbstate" | sort >"$T/want"
n=$(wc -l <"$T/want")

exits "dms: exit 0" 0 tw-fetch dms
jq -r .id "$T/out" | sort >"$T/got"
is "every DM event, once" "" "$(diff "$T/want" "$T/got")"
is "the brand's own messages are direction out" "" \
    "$(jq -r --arg b "$brand_id" 'select((.author.id == $b) != (.direction == "out")) | .id' "$T/out")"
outs=$(jq -r 'select(.direction == "out") | .id' "$T/out" | wc -l)
if [ "$outs" -gt 0 ]; then pass "some are the brand's ($outs)"; else fail "some are the brand's"; fi
is "records are dm with a conversation id and a recipient" "0" \
    "$(jq -c 'select(.type != "dm" or .dm_conversation_id == null or .recipient.id == null)' "$T/out" | wc -l)"

# One conversation, by name and by id.
who=$(jq -r 'select(.direction == "in") | .author.username' "$T/out" | head -n 1)
whoid=$(jq -r 'select(.direction == "in") | .author.id' "$T/out" | head -n 1)
jq -r --arg w "$whoid" '.dms[] | select(.event_type == "MessageCreate") |
    select(.from == $w or .to == $w) | .id' "$T/sbstate" | sort >"$T/want1"
exits "dms @$who: exit 0" 0 tw-fetch dms "@$who"
is "dms @name: exactly that conversation" "" "$(jq -r .id "$T/out" | sort | diff "$T/want1" -)"
exits "dms ID: exit 0" 0 tw-fetch dms "$whoid"
is "dms id: the same" "" "$(jq -r .id "$T/out" | sort | diff "$T/want1" -)"
exits "dms @nobody_here_at_all: exit 4" 4 tw-fetch dms @nobody_here_at_all

# Checkpoints.
tw-fetch -s dms dms >"$T/out" 2>"$T/err"
is "-s: first run gets them all" "$n" "$(wc -l <"$T/out")"
sb POST /_sandbox/dms "{\"from\":\"$who\",\"to\":\"$brand_id\",\"text\":\"one more thing\"}" >/dev/null
tw-fetch -s dms dms >"$T/out" 2>"$T/err"
is "-s: the next run returns only the new DM" "one more thing" "$(jq -r .text "$T/out")"
tw-fetch -s dms dms >"$T/out" 2>"$T/err"
is "-s: then nothing" 0 "$(wc -l <"$T/out")"
done_testing
