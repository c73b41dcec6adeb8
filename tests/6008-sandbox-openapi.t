#!/bin/sh
# tw-sandbox: every endpoint, with every field and expansion it supports,
# through the OpenAPI-validating proxy: no violations
. "${0%/*}/lib.sh"
. "${0%/*}/oaproxy.sh"
oaproxy_need || skip_all "$OAPROXY_WHY"

sandbox_start --rate-limit 1000 || exit 1
oaproxy_start || exit 1
TF=tweet.fields=attachments,author_id,context_annotations,conversation_id,created_at,display_text_range,edit_controls,edit_history_tweet_ids,entities,geo,id,in_reply_to_user_id,lang,note_tweet,possibly_sensitive,public_metrics,referenced_tweets,reply_settings,source,text,withheld
EX=expansions=attachments.media_keys,author_id,entities.mentions.username,in_reply_to_user_id,referenced_tweets.id,referenced_tweets.id.author_id,referenced_tweets.id.attachments.media_keys,edit_history_tweet_ids
UF=user.fields=created_at,description,entities,id,location,most_recent_tweet_id,name,pinned_tweet_id,profile_image_url,protected,public_metrics,receives_your_dm,subscription_type,url,username,verified,verified_type,withheld
MF=media.fields=duration_ms,height,media_key,preview_image_url,type,url,variants,width
DF=dm_event.fields=attachments,created_at,dm_conversation_id,entities,event_type,id,participant_ids,referenced_tweets,sender_id,text
uid=$(sed -n 's/^user_id = //p' "$TW_CONFIG")

oa GET "/2/users/me?$UF&expansions=most_recent_tweet_id&$TF"
oa GET "/2/users/by/username/nomadnina?$UF"
oa GET "/2/users/by?usernames=anna_k,wei_zhang,nobody_x&$UF"
oa GET "/2/users/$uid/mentions?max_results=100&$TF&$EX&$UF&$MF"
oa GET "/2/tweets/search/recent?query=skyway&max_results=100&$TF&$EX&$UF&$MF"
oaproxy_clean "users and timelines"
ids=$(sb GET /_sandbox/state | json '[.tweets[].id] | .[0:100] | join(",")')
oa GET "/2/tweets?ids=$ids,1&$TF&$EX&$UF"
oa GET "/2/tweets/${ids%%,*}?$TF&$EX&$UF"
oa GET "/2/tweets/1"
oa GET "/2/tweets/search/all?query=lang:ja%20OR%20lang:zh&max_results=500&$TF&$EX&$UF" --auth bearer
oaproxy_clean "post lookup and archive search"
oa GET "/2/dm_events?$DF&expansions=sender_id,participant_ids,referenced_tweets.id,attachments.media_keys&$UF&max_results=100"
oa GET "/2/dm_conversations/with/$(oa GET /2/users/by/username/anna_k; json .data.id "$T/body")/dm_events?$DF"
oaproxy_clean "DM lookup"

oa POST /2/media/upload/initialize --json '{"total_bytes":4,"media_type":"image/png","media_category":"tweet_image"}'
mid=$(json .data.id "$T/body")
oa POST "/2/media/upload/$mid/append" --json '{"media":"YWJjZA==","segment_index":0}'
oa POST "/2/media/upload/$mid/finalize"
oa GET "/2/media/upload?command=STATUS&media_id=$mid"
oa POST /2/tweets --json "{\"text\":\"Our new lounge 🛋️\",\"media\":{\"media_ids\":[\"$mid\"]}}"
pid=$(json .data.id "$T/body")
oa GET "/2/tweets/$pid?$TF&$EX&$MF"
is "photo in includes" photo "$(json '.includes.media[0].type' "$T/body")"
oaproxy_clean "media and posting"
a=$(sb POST /_sandbox/tweets '{"username":"oa_customer","text":"@skyway help"}' | json .data.id)
oa POST /2/tweets --json "{\"text\":\"On it\",\"reply\":{\"in_reply_to_tweet_id\":\"$a\"}}"
oa POST "/2/dm_conversations/with/$(sb GET /_sandbox/state | json '.users[] | select(.username == "oa_customer") | .id')/messages" --json '{"text":"Hello"}'
conv=$(json .data.dm_conversation_id "$T/body")
oa POST "/2/dm_conversations/$conv/messages" --json '{"text":"Hello again"}'
oaproxy_clean "replies and DMs"

oa POST /2/tweets/search/stream/rules --auth bearer --json '{"add":[{"value":"help","tag":"h"}]}'
oa POST '/2/tweets/search/stream/rules?dry_run=true' --auth bearer --json '{"add":[{"value":"(bad"}]}'
oa GET /2/tweets/search/stream/rules --auth bearer
oa POST /2/tweets/search/stream/rules --auth bearer --json '{"delete":{"values":["help"]}}'
oaproxy_clean "stream rules"

oa GET "/2/users/$uid/mentions?max_results=1000"
oa GET /2/users/me --auth bearer
oa GET /2/users/me --auth none
oa GET "/2/tweets/search/all?query=x" --auth oauth
oa GET "/2/tweets/search/recent?query=(x"
oa GET /2/nope
oaproxy_messages | grep -c '^response' >"$T/n"
is "bad requests get answers of the right shape" 0 "$(cat "$T/n")"
oaproxy_reset
oa POST /2/tweets --json '{"text":"Hi","reply":{"in_reply_to_tweet_id":"'"$(sb POST /_sandbox/tweets '{"username":"oa_other","text":"just a thought"}' | json .data.id)"'"}}'
is "reply rule: 403" 403 "$STATUS"
oaproxy_clean "error responses"
sb POST /_sandbox/faults '{"error_5xx":100}' >/dev/null
oa GET /2/users/me
is "5xx fault: 503" 503 "$STATUS"
oaproxy_clean "fault responses"
done_testing
