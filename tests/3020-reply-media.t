#!/bin/sh
# tw-reply -m: images and video through the chunked upload with status
# polling; too big or of the wrong type is refused before any upload.
. "$(dirname "$0")/lib.sh"

sandbox_start --rate-limit 100000 || exit 1
state() { sb GET /_sandbox/state; }
tw-fetch mentions | jq -r 'select(.in_reply_to == null and .retweet_of == null) | .id' >"$T/targets"
t1=$(sed -n 1p "$T/targets") t2=$(sed -n 2p "$T/targets") t3=$(sed -n 3p "$T/targets")

# files whose content says what they are
printf '\211PNG\r\n\032\n' >"$T/photo.png"; head -c 20000 /dev/urandom >>"$T/photo.png"
printf '\377\330\377\340' >"$T/photo.jpg"; head -c 9000 /dev/urandom >>"$T/photo.jpg"
printf '\000\000\000\030ftypmp42' >"$T/clip.mp4"; head -c 5000000 /dev/urandom >>"$T/clip.mp4"
printf '\211PNG\r\n\032\n' >"$T/huge.png"; head -c 6000000 /dev/urandom >>"$T/huge.png"
printf 'just some text\n' >"$T/notes.png"

exits "two images: exit 0" 0 tw-reply -m "$T/photo.png" -m "$T/photo.jpg" --alt "Our lounge" "$t1" "Here you go"
id=$(jq -r .sent.id "$T/out")
is "the reply carries two media" 2 "$(state | jq -r --arg i "$id" '.tweets[] | select(.id == $i) | .media | length')"
is "both uploads were finalized, as images" "photo photo" "$(state | jq -r '[.media[] | select(.finalized == 1) | .media_type_name] | join(" ")')"
is "the alt text went with them" "Our lounge Our lounge" "$(state | jq -r '[.media[] | .alt_text] | join(" ")')"

exits "a video (two 4 MB chunks, processing polled): exit 0" 0 tw-reply -m "$T/clip.mp4" "$t2" "Watch this"
id=$(jq -r .sent.id "$T/out")
key=$(state | jq -r '[.media[] | select(.media_type_name == "video")][0].media_key')
is "the reply carries the video" "$key" "$(state | jq -r --arg i "$id" '.tweets[] | select(.id == $i) | .media[0]')"
is "the output record lists it, as tw-record(5) has media" "[{\"key\":\"$key\",\"type\":\"video\"}]" "$(jq -c .media "$T/out")"
is "the video came in 2 chunks and was polled until processed" "2 yes" \
    "$(state | jq -r '[.media[] | select(.media_type_name == "video")][0] | "\(.segments) \(if .polls > 0 then "yes" else "no" end)"')"

n=$(state | jq '.media | length')
exits "an image over 5 MB: exit 1" 1 tw-reply -m "$T/huge.png" "$t3" "Too big"
like "says the limit" "huge.png: 6000008 bytes; an image may have at most 5 MB" "$(cat "$T/err")"
exits "not an image or video: exit 1" 1 tw-reply -m "$T/notes.png" "$t3" "Wrong type"
like "says what it is not" "notes.png: not a JPEG, PNG" "$(cat "$T/err")"
exits "five images: a usage error, exit 2" 2 tw-reply -m "$T/photo.png" -m "$T/photo.png" -m "$T/photo.png" -m "$T/photo.png" -m "$T/photo.png" "$t3" "Many"
exits "an image and a video together: exit 1" 1 tw-reply -m "$T/photo.png" -m "$T/clip.mp4" "$t3" "Mixed"
printf 'GIF89a' >"$T/big.gif"; truncate -s 16000000 "$T/big.gif"
exits "a GIF over 15 MB: exit 1" 1 tw-reply -m "$T/big.gif" "$t3" "Big GIF"
like "says the GIF limit" "big.gif: 16000000 bytes; a GIF may have at most 15 MB" "$(cat "$T/err")"
alt=$(printf 'a%.0s' $(seq 1 1001))
exits "alt text over 1000 characters: exit 1" 1 tw-reply -m "$T/photo.png" --alt "$alt" "$t3" "Long alt"
like "says the alt limit" "alt text may have at most 1000 characters" "$(cat "$T/err")"
is "nothing was uploaded for the refused ones" "$n" "$(state | jq '.media | length')"
done_testing
