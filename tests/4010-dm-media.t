#!/bin/sh
# tw-dm -m: one attachment, uploaded as dm_image, dm_gif or dm_video
# through the chunked flow and sent with the DM; and tw-dm's 403 and 429.
. "$(dirname "$0")/lib.sh"

sandbox_start --rate-limit 100000 || exit 1
brand_id=$(sed -n 's/^user_id = //p' "$TW_CONFIG")
state() { sb GET /_sandbox/state; }
gus=$(state | jq -r '.users[] | select(.username == "grumpy_gus") | .id')
# the category of the media attached to the brand's last DM
last_dm_media() {
	state | jq -r --arg b "$brand_id" '
	    ([.dms[] | select(.from == $b)] | last | .media_key) as $k |
	    if $k == null then "none" else
	    [.media[] | select(.media_key == $k)][0] |
	    "\(.media_category) \(.finalized)" end'
}

printf '\211PNG\r\n\032\n' >"$T/form.png"; head -c 20000 /dev/urandom >>"$T/form.png"
printf 'GIF89a' >"$T/wave.gif"; head -c 30000 /dev/urandom >>"$T/wave.gif"
printf '\000\000\000\030ftypmp42' >"$T/how.mp4"; head -c 300000 /dev/urandom >>"$T/how.mp4"

exits "an image: exit 0" 0 tw-dm -m "$T/form.png" @grumpy_gus "Here is the claim form"
is "the DM carries it, uploaded as dm_image and finalized" "dm_image 1" "$(last_dm_media)"
is "the journal has the DM" "dm $gus" "$(tw-case journal | tail -n 1 | jq -r '"\(.event) \(.customer_id)"')"
key=$(state | jq -r --arg b "$brand_id" '[.dms[] | select(.from == $b)] | last | .media_key')
is "the output record lists the media" "[{\"key\":\"$key\",\"type\":\"photo\"}]" "$(jq -c .media "$T/out")"
exits "a GIF: exit 0" 0 tw-dm -m "$T/wave.gif" "$gus" "Hello from the crew"
is "uploaded as dm_gif" "dm_gif 1" "$(last_dm_media)"
exits "a video: exit 0" 0 tw-dm -m "$T/how.mp4" @grumpy_gus "How to rebook in the app"
is "uploaded as dm_video, and processed before it was sent" "dm_video 1" "$(last_dm_media)"

n=$(state | jq '.media | length')
exits "two attachments: a usage error, exit 2" 2 tw-dm -m "$T/form.png" -m "$T/wave.gif" @grumpy_gus "Two"
like "says why" "a DM takes one attachment" "$(cat "$T/err")"
printf '%s\n' '{"to":"@grumpy_gus","text":"Two","media":["'"$T/form.png"'","'"$T/wave.gif"'"]}' >"$T/two"
exits "an intent with two: exit 1" 1 tw-dm <"$T/two"
like "says why" "a DM takes one attachment" "$(cat "$T/err")"
printf 'hello\n' >"$T/notes.png"
exits "not an image or video: exit 1" 1 tw-dm -m "$T/notes.png" @grumpy_gus "Wrong type"
like "says what it is not" "notes.png: not a JPEG, PNG" "$(cat "$T/err")"
is "nothing was uploaded for the refused ones" "$n" "$(state | jq '.media | length')"

# X's 403: a conversation the brand is not part of
printf '%s\n' '{"dm_conversation_id":"1-2","text":"Hello?"}' >"$T/in"
exits "a conversation we are not in: exit 1" 1 tw-dm <"$T/in"
like "the 403 is one clear line" "403 Forbidden: You are not a participant in this conversation" "$(cat "$T/err")"

# a 429: with --no-wait, exit 5 and when to try again
sb POST /_sandbox/faults '{"error_429":100}' >/dev/null
exits "a 429 with --no-wait: exit 5" 5 tw-dm --no-wait @grumpy_gus "Rate limited?"
like "it says the limit and when it resets" "rate limit reached for POST /2/dm_conversations/with/:id/messages; resets at [0-9T:Z-]+ \\(in " "$(cat "$T/err")"
sb POST /_sandbox/faults '{"error_429":0}' >/dev/null
is "nothing was sent while limited" 0 "$(state | jq --arg b "$brand_id" '[.dms[] | select(.from == $b and .text == "Rate limited?")] | length')"
done_testing
