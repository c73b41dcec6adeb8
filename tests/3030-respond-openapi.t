#!/bin/sh
# Every request tw-reply and tw-dm send is valid per the official OpenAPI
# description and correctly signed (tests/oaproxy.py, oauthlib).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/oaproxy.sh"
oaproxy_need || skip_all "$OAPROXY_WHY"

sandbox_start --rate-limit 100000 || exit 1
oaproxy_start || exit 1
TW_API_BASE=$API
export TW_API_BASE
tw-fetch mentions | jq -r 'select(.in_reply_to == null and .retweet_of == null) | .id' >"$T/targets"
printf '\211PNG\r\n\032\n' >"$T/photo.png"; head -c 20000 /dev/urandom >>"$T/photo.png"
printf '\000\000\000\030ftypmp42' >"$T/clip.mp4"; head -c 300000 /dev/urandom >>"$T/clip.mp4"

run() {
	_n=$1; shift
	oaproxy_reset
	"$@" >"$T/out" 2>"$T/err"
	_rc=$?
	_v=$(oaproxy_messages | head -5)
	if [ $_rc -eq 0 ] && [ -s "$T/out" ] && [ -z "$_v" ]; then pass "$_n: valid and signed"
	else fail "$_n" "exit $_rc" "violations: $_v" "$(cat "$T/err")"; fi
}
run "a reply" tw-reply -S /J "$(sed -n 1p "$T/targets")" "Sorry about that!"
run "a reply with an image and alt text, and the DM link" \
    tw-reply --dm-link -m "$T/photo.png" --alt "A map" "$(sed -n 2p "$T/targets")" "Here is the map"
run "a reply with a video" tw-reply -m "$T/clip.mp4" "$(sed -n 3p "$T/targets")" "Watch"
run "a DM by name" tw-dm @grumpy_gus "Hello from care"
run "a survey" tw-dm --survey nps @grumpy_gus
is "every signature verified by oauthlib" 0 "$(oaproxy_count signature)"
done_testing
