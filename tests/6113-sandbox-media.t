#!/bin/sh
# tw-sandbox conformance through tests/oaproxy.py: chunked media upload
# (initialize, append as multipart and as JSON, finalize, status), a post
# with the media, and the error answers.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/oaproxy.sh"
oaproxy_need || skip_all "$OAPROXY_WHY"
sandbox_via_proxy

# a small PNG in two segments
printf '\211PNG\r\n\032\n' >"$T/seg0"
head -c 1000 /dev/zero | tr '\0' 'x' >"$T/seg1"
TOTAL=$(($(wc -c <"$T/seg0") + $(wc -c <"$T/seg1")))

oa POST /2/media/upload/initialize --json "{\"media_type\":\"image/png\",\"total_bytes\":$TOTAL,\"media_category\":\"tweet_image\"}"
is "initialize: 200" 200 "$STATUS"
MID=$(json .data.id "$T/body")
KEY=$(json .data.media_key "$T/body")
like "initialize: media id" '^[0-9]{1,19}$' "$MID"
like "initialize: media key ends with the id" "^[0-9]+_$MID\$" "$KEY"
like "initialize: expires_after_secs" '^[1-9][0-9]*$' "$(json .data.expires_after_secs "$T/body")"
oaproxy_clean "initialize"

oa POST "/2/media/upload/$MID/append" --part segment_index=0 --part media=@"$T/seg0"
is "append multipart: 200" 200 "$STATUS"
oaproxy_clean "append multipart"

oa POST "/2/media/upload/$MID/append" --json "{\"segment_index\":1,\"media\":\"$(base64 -w0 "$T/seg1")\"}"
is "append JSON (base64): 200" 200 "$STATUS"
oaproxy_clean "append JSON"

oa POST "/2/media/upload/$MID/finalize"
is "finalize: 200" 200 "$STATUS"
is "finalize: same id and key, full size" "$MID $KEY $TOTAL" \
    "$(json '"\(.data.id) \(.data.media_key) \(.data.size)"' "$T/body")"
is "finalize: image needs no processing (or it succeeded)" ok \
    "$(json 'if .data.processing_info == null or .data.processing_info.state == "succeeded" then "ok" else .data.processing_info.state end' "$T/body")"
oaproxy_clean "finalize"

oa GET "/2/media/upload?media_id=$MID&command=STATUS"
is "status: 200" 200 "$STATUS"
is "status: same id" "$MID" "$(json .data.id "$T/body")"
oaproxy_clean "status"

oa POST /2/tweets --json "{\"text\":\"Here is the form\",\"media\":{\"media_ids\":[\"$MID\"]}}"
is "post with media: 201" 201 "$STATUS"
TID=$(json .data.id "$T/body")
oa GET "/2/tweets/$TID?tweet.fields=attachments&expansions=attachments.media_keys&media.fields=$(enum MediaFieldsParameter)"
is "post with media: attachment and expansion" "$KEY $KEY photo" \
    "$(json '"\(.data.attachments.media_keys[0]) \(.includes.media[0].media_key) \(.includes.media[0].type)"' "$T/body")"
oaproxy_clean "post with media"

# a video: processing reported through status
oa POST /2/media/upload/initialize --json '{"media_type":"video/mp4","total_bytes":1000,"media_category":"tweet_video"}'
VID=$(json .data.id "$T/body")
oa POST "/2/media/upload/$VID/append" --part segment_index=0 --part media=@"$T/seg1"
oa POST "/2/media/upload/$VID/finalize"
is "video finalize: 200" 200 "$STATUS"
like "video finalize: processing_info state" '^(pending|in_progress|succeeded)$' \
    "$(json .data.processing_info.state "$T/body")"
_i=0 st=
while [ $_i -lt 30 ]; do
	oa GET "/2/media/upload?media_id=$VID&command=STATUS"
	st=$(json .data.processing_info.state "$T/body")
	[ "$st" = succeeded ] || [ "$st" = failed ] && break
	sleep "$(json '.data.processing_info.check_after_secs // 1' "$T/body")"
	_i=$((_i + 1))
done
is "video status: ends succeeded" succeeded "$st"
oaproxy_clean "video upload"

# errors
oa POST "/2/media/upload/$MID/append" --part segment_index=2 --part media=@"$T/seg1"
like "append after finalize: 4xx" '^4[0-9][0-9]$' "$STATUS"
is "append after finalize: no response violations" 0 "$(oaproxy_count response)"
oaproxy_reset

oa POST /2/media/upload/123456/finalize
like "finalize unknown id: 4xx" '^4[0-9][0-9]$' "$STATUS"
is "finalize unknown id: no response violations" 0 "$(oaproxy_count response)"
oaproxy_reset

oa POST /2/media/upload/initialize --json '{"media_type":"image/png","total_bytes":10}'
PID=$(json .data.id "$T/body")
oa POST "/2/media/upload/$PID/finalize"
is "finalize before all bytes: 400" 400 "$STATUS"
is "finalize before all bytes: no violations" 0 "$(oaproxy_count)"
oaproxy_reset

oa POST /2/media/upload/initialize --json '{"media_type":"application/x-tar","total_bytes":10}'
is "initialize with a bad media_type: 400" 400 "$STATUS"
is "bad media_type: reported as a request problem only" request \
    "$(oaproxy_violations | jq -r .kind | sort -u)"
oaproxy_reset

oa GET "/2/media/upload?media_id=$MID" --auth bearer
is "media status with app bearer: 403" 403 "$STATUS"
is "media status with app bearer: no response violations" 0 "$(oaproxy_count response)"
oaproxy_reset

done_testing
