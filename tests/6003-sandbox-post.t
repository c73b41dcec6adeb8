#!/bin/sh
# tw-sandbox: POST /2/tweets (the reply rule, duplicates, content type),
# DMs, media upload; what is posted shows up everywhere
. "${0%/*}/lib.sh"
. "${0%/*}/oaproxy.sh"
oaproxy_need || skip_all "$OAPROXY_WHY"

sandbox_start || exit 1
BT=$(sed -n 's/^bearer_token = //p' "$TW_CONFIG")
bear() { curl -sS -H "Authorization: Bearer $BT" "$API$1"; }

oa POST /2/tweets --json '{"text":"Our summer timetable is live ✈️"}'
is "post: 201" 201 "$STATUS"
id=$(json .data.id "$T/body")
like "post: id" '^[0-9]{19}$' "$id"
is "post: text" "Our summer timetable is live ✈️" "$(json .data.text "$T/body")"
is "post: in lookup" "$id" "$(bear "/2/tweets/$id" | json .data.id)"
oa POST /2/tweets --json '{"text":"Our summer timetable is live ✈️"}'
is "duplicate: 403" 403 "$STATUS"
like "... says duplicate" 'duplicate' "$(json .detail "$T/body")"
oa POST /2/tweets --json '{"text":"x"}' --header 'Content-Type: text/plain'
is "no JSON content type: 400" 400 "$STATUS"
like "... X's message" 'content-type of application/json' "$(json '.errors[0].message' "$T/body")"
oa POST /2/tweets --json '{"text":"x","bogus":1}'
is "unknown body field: 400" 400 "$STATUS"
oa POST /2/tweets --json '{"text":"hi"}' --auth bearer
is "bearer on POST /2/tweets: 403" 403 "$STATUS"

# the reply rule: a customer who mentioned us, and one who did not
sb POST /_sandbox/tweets '{"username":"cust_a","text":"@skyway my bag is lost"}' >"$T/a.json"
sb POST /_sandbox/tweets '{"username":"cust_b","text":"flying tomorrow, nervous"}' >"$T/b.json"
a=$(json .data.id "$T/a.json") b=$(json .data.id "$T/b.json")
oa POST /2/tweets --json "{\"text\":\"Sorry to hear that, DM us\",\"reply\":{\"in_reply_to_tweet_id\":\"$a\"}}"
is "reply to a post that mentions us: 201" 201 "$STATUS"
is "... the reply starts with their @name" "@cust_a Sorry to hear that, DM us" "$(json .data.text "$T/body")"
r=$(json .data.id "$T/body")
bear "/2/tweets/$r?tweet.fields=conversation_id,in_reply_to_user_id,referenced_tweets" >"$T/r.json"
is "... conversation_id is the root" "$a" "$(json .data.conversation_id "$T/r.json")"
is "... referenced_tweets replied_to" "replied_to $a" "$(json '.data.referenced_tweets[0] | "\(.type) \(.id)"' "$T/r.json")"
oa POST /2/tweets --json "{\"text\":\"Hi there!\",\"reply\":{\"in_reply_to_tweet_id\":\"$b\"}}"
is "reply to a post that did not summon us: 403" 403 "$STATUS"
like "... explains" 'not been mentioned' "$(json .detail "$T/body")"
sb POST /_sandbox/tweets "{\"username\":\"cust_c\",\"text\":\"look at this\",\"quote_of\":\"$id\"}" >"$T/c.json"
c=$(json .data.id "$T/c.json")
oa POST /2/tweets --json "{\"text\":\"Thanks!\",\"reply\":{\"in_reply_to_tweet_id\":\"$c\"}}"
is "reply to a post quoting ours: 201" 201 "$STATUS"

# DMs
uid=$(bear /2/users/by/username/cust_a | json .data.id)
oa POST "/2/dm_conversations/with/$uid/messages" --json '{"text":"Hi, can you share your booking reference?"}'
is "DM: 201" 201 "$STATUS"
conv=$(json .data.dm_conversation_id "$T/body")
like "DM: conversation id is small-large" '^[0-9]+-[0-9]+$' "$conv"
sb POST /_sandbox/dms '{"from":"cust_a","to":"skyway","text":"It is ABC123"}' >/dev/null
oa GET "/2/dm_conversations/with/$uid/dm_events?dm_event.fields=sender_id,dm_conversation_id"
is "DM thread, newest first" "It is ABC123|Hi, can you share your booking reference?" "$(json '[.data[].text] | join("|")' "$T/body")"
oa GET "/2/dm_conversations/$conv/dm_events"
is "DM by conversation id" 2 "$(json '.meta.result_count' "$T/body")"
oa POST "/2/dm_conversations/$conv/messages" --json '{"text":"Thanks, found it."}'
is "DM into a conversation: 201" 201 "$STATUS"
oa GET /2/dm_events --auth bearer
is "dm_events with a bearer token: 403" 403 "$STATUS"

# media: initialize, append (multipart), finalize, STATUS to succeeded
oa POST /2/media/upload/initialize --json '{"total_bytes":6,"media_type":"video/mp4","media_category":"tweet_video"}'
mid=$(json .data.id "$T/body")
is "media initialize: key" "7_$mid" "$(json .data.media_key "$T/body")"
printf 'abcdef' >"$T/blob"
oa POST "/2/media/upload/$mid/append" --part "media=@$T/blob" --part segment_index=0
is "media append: 200" 200 "$STATUS"
oa POST "/2/media/upload/$mid/finalize"
is "media finalize: pending" "pending 6" "$(json '"\(.data.processing_info.state) \(.data.size)"' "$T/body")"
oa POST /2/tweets --json "{\"text\":\"video\",\"media\":{\"media_ids\":[\"$mid\"]}}"
is "post with media still processing: 400" 400 "$STATUS"
oa GET "/2/media/upload?command=STATUS&media_id=$mid"
st1=$(json .data.processing_info.state "$T/body")
oa GET "/2/media/upload?command=STATUS&media_id=$mid"
is "media STATUS: in_progress, then succeeded" "in_progress succeeded" "$st1 $(json .data.processing_info.state "$T/body")"
oa POST /2/tweets --json "{\"text\":\"video\",\"media\":{\"media_ids\":[\"$mid\"]}}"
pid=$(json .data.id "$T/body")
bear "/2/tweets/$pid?expansions=attachments.media_keys&media.fields=duration_ms" >"$T/m.json"
is "post with media: includes.media" "7_$mid video" "$(json '.includes.media[0] | "\(.media_key) \(.type)"' "$T/m.json")"
done_testing
