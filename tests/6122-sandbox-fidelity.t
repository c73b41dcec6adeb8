#!/bin/sh
# 6122-sandbox-fidelity: where a client could tell tw-sandbox from X, asked
# the way a third-party client asks (curl and tw-api, not tw's own
# fetchers): an expansion puts the field it expands into the object
# without tweet.fields; timelines page backwards with previous_token; a
# filtered stream with no rules is refused with 409; uploaded media report
# their real width, height and duration; the account's own posts'
# private metrics are given to it, and refused for another's post.
. "$(dirname "$0")/lib.sh"

NOW=2026-11-20T12:00:00Z
export TW_NOW=$NOW
sandbox_start --now "$NOW" --rate-limit 100000 || exit 1
brand=1456789012

# --- expansions imply their id fields ----------------------------------
tw-api "/2/users/$brand/mentions?expansions=author_id&max_results=5" >"$T/m"
is "mentions?expansions=author_id: every post has author_id" 0 \
    "$(jq '[.data[] | select(.author_id == null)] | length' "$T/m")"
is "... and each links to includes.users" 0 \
    "$(jq '[.data[].author_id] - [.includes.users[].id] | length' "$T/m")"
unlike "... nothing more than asked (no created_at)" "created_at" "$(jq -c '.data[0]' "$T/m")"
reply=$(sb GET /_sandbox/state | jq -r '[.tweets[] | select(.reply_to != null or .in_reply_to != null)][0].id')
tw-api "/2/tweets/$reply?expansions=referenced_tweets.id" >"$T/t"
is "tweets/:id?expansions=referenced_tweets.id: referenced_tweets in data" replied_to \
    "$(jq -r '.data.referenced_tweets[0].type' "$T/t")"
tw-api "/2/dm_events?expansions=sender_id&max_results=3" >"$T/d"
is "dm_events?expansions=sender_id: sender_id in every event" 0 \
    "$(jq '[.data[] | select(.sender_id == null)] | length' "$T/d")"

# --- previous_token -------------------------------------------------------
tw-api "/2/users/$brand/mentions?max_results=5" >"$T/p1"
ok "the first page has no previous_token" test "$(jq -r '.meta.previous_token // "none"' "$T/p1")" = none
next=$(jq -r .meta.next_token "$T/p1")
tw-api "/2/users/$brand/mentions?max_results=5&pagination_token=$next" >"$T/p2"
prev=$(jq -r '.meta.previous_token // empty' "$T/p2")
ok "the second page has a previous_token" test -n "$prev"
tw-api "/2/users/$brand/mentions?max_results=5&pagination_token=$prev" >"$T/p1b"
is "previous_token gives the first page again" "$(jq -c '[.data[].id]' "$T/p1")" "$(jq -c '[.data[].id]' "$T/p1b")"
is "... whose next_token leads to the second again" "$(jq -c '[.data[].id]' "$T/p2")" \
    "$(tw-api "/2/users/$brand/mentions?max_results=5&pagination_token=$(jq -r .meta.next_token "$T/p1b")" | jq -c '[.data[].id]')"
ok "... and which has no previous_token (nothing newer)" test "$(jq -r '.meta.previous_token // "none"' "$T/p1b")" = none
tw-api "/2/tweets/search/recent?query=skyway&max_results=10" >"$T/s"
ok "search pages have no previous_token (as the OpenAPI description says)" \
    test "$(jq -r '.meta.previous_token // "none"' "$T/s")" = none

# --- a filtered stream with no rules -----------------------------------------
ids=$(tw-api --app /2/tweets/search/stream/rules | jq -c '[.data[]?.id]')
if [ "$ids" != "[]" ]; then
	tw-api --app -X POST -d "{\"delete\":{\"ids\":$ids}}" /2/tweets/search/stream/rules >/dev/null
fi
bt=$(sed -n 's/^bearer_token = //p' "$TW_CONFIG")
code=$(curl -s -o "$T/st" -w '%{http_code}' -m 5 -H "Authorization: Bearer $bt" "$API/2/tweets/search/stream")
is "a stream with no rules: 409" 409 "$code"
is "... a ConnectionException: RuleConfigurationIssue" "ConnectionException RuleConfigurationIssue" \
    "$(jq -r '"\(.title) \(.connection_issue)"' "$T/st")"

# --- media report what they are ---------------------------------------------
"$TW_PYTHON" - "$T" <<'PY'
import struct, sys, zlib
d = sys.argv[1]
def chunk(t, b):
    return struct.pack(">I", len(b)) + t + b + struct.pack(">I", zlib.crc32(t + b))
raw = b"".join(b"\0" + b"\xff\0\0" * 37 for _ in range(23))
open(d + "/a.png", "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 37, 23, 8, 2, 0, 0, 0))
    + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
open(d + "/a.gif", "wb").write(b"GIF89a" + struct.pack("<HH", 41, 17) + b"\x80\0\0" + b"\0\0\0\xff\xff\xff"
    + b",\0\0\0\0" + struct.pack("<HH", 41, 17) + b"\0\x02\x02\x44\x01\0;")
# a JPEG's markers up to its frame header (SOF0): what a size is read from
open(d + "/a.jpg", "wb").write(b"\xff\xd8" + b"\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    + b"\xff\xc0\x00\x11\x08" + struct.pack(">HH", 19, 53) + b"\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01"
    + b"\xff\xd9")
def box(t, b):
    return struct.pack(">I", 8 + len(b)) + t + b
mvhd = box(b"mvhd", b"\0\0\0\0" + struct.pack(">IIII", 0, 0, 1000, 12345) + b"\0" * 80)
tkhd = box(b"tkhd", b"\0\0\0\x03" + struct.pack(">IIII", 0, 0, 1, 0) + struct.pack(">I", 12345)
    + b"\0" * 52 + struct.pack(">II", 640 << 16, 360 << 16))
open(d + "/a.mp4", "wb").write(box(b"ftyp", b"isom\0\0\x02\0isomiso2avc1mp41")
    + box(b"moov", mvhd + box(b"trak", tkhd)) + box(b"mdat", b"\0" * 64))
PY
post=$(tw-api "/2/users/$brand/mentions?max_results=5" | jq -r '.data[0].id')
size() {
	tw-reply --again --json -m "$T/$1" "$post" "a file $1" >"$T/r.$1" 2>"$T/e.$1" || { echo "failed: $(cat "$T/e.$1")"; return; }
	id=$(jq -r .id "$T/r.$1")
	tw-api "/2/tweets/$id?expansions=attachments.media_keys&media.fields=width,height,duration_ms" |
	    jq -r '.includes.media[0] | "\(.type) \(.width)x\(.height)\(if .duration_ms then " \(.duration_ms) ms" else "" end)"'
}
is "a PNG's real size" "photo 37x23" "$(size a.png)"
is "a GIF's" "animated_gif 41x17" "$(size a.gif)"
is "a JPEG's" "photo 53x19" "$(size a.jpg)"
is "an MP4's size and duration" "video 640x360 12345 ms" "$(size a.mp4)"

# --- own posts' private metrics --------------------------------------------
own=$(jq -r .id "$T/r.a.png")
tw-api "/2/tweets/$own?tweet.fields=non_public_metrics,organic_metrics" >"$T/own"
is "the account's own recent post: non_public_metrics" "impression_count url_link_clicks user_profile_clicks" \
    "$(jq -r '.data.non_public_metrics | keys | join(" ")' "$T/own")"
is "... and organic_metrics" "impression_count like_count reply_count retweet_count url_link_clicks user_profile_clicks" \
    "$(jq -r '.data.organic_metrics | keys | join(" ")' "$T/own")"
is "... and no errors" null "$(jq -c .errors "$T/own")"
tw-api "/2/tweets/$post?tweet.fields=non_public_metrics" >"$T/other"
is "a customer's post: the post without them" "null $post" "$(jq -r '"\(.data.non_public_metrics) \(.data.id)"' "$T/other")"
is "... and an error naming the field and the post" \
    "https://api.twitter.com/2/problems/not-authorized-for-field non_public_metrics $post" \
    "$(jq -r '.errors[0] | "\(.type) \(.field) \(.resource_id)"' "$T/other")"
tw-api --app "/2/tweets/$own?tweet.fields=organic_metrics" >"$T/app"
is "app-only, even on the account's own post: refused the same way" "not-authorized-for-field" \
    "$(jq -r '.errors[0].type | sub(".*/"; "")' "$T/app")"
done_testing
