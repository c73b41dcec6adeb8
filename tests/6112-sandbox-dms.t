#!/bin/sh
# tw-sandbox conformance through tests/oaproxy.py: DM events (all, one
# conversation by participant, one conversation by id), sending DMs both
# ways, every field and expansion, pagination, and the error answers.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/oaproxy.sh"
oaproxy_need || skip_all "$OAPROXY_WHY"
sandbox_via_proxy

DF=$(enum DmEventFieldsParameter)
DX=$(enum DmEventExpansionsParameter)
ALL="dm_event.fields=$DF&expansions=$DX&user.fields=$(enum UserFieldsParameter)&media.fields=$(enum MediaFieldsParameter)&tweet.fields=$(enum TweetFieldsParameter)"
ME_ID=$(cfg user_id)

oa GET /2/dm_events
is "dm_events: 200" 200 "$STATUS"
is "dm_events: default fields are id, event_type, text" "event_type,id,text" \
    "$(jq -r '[.data[] | select(.event_type == "MessageCreate") | keys | join(",")] | unique | join(" ")' "$T/body")"
is "dm_events: result_count matches" "$(jq '.data | length' "$T/body")" \
    "$(json .meta.result_count "$T/body")"
oaproxy_clean "dm_events"

oa GET "/2/dm_events?max_results=100&$ALL"
is "dm_events, every field: 200" 200 "$STATUS"
cp "$T/body" "$T/all"
is "dm_events: newest first" ok \
    "$(jq -r '[.data[].id | tonumber] as $i | if $i == ($i | sort | reverse) then "ok" else "no" end' "$T/all")"
is "dm_events: every sender expanded" 0 \
    "$(jq '[.data[].sender_id // empty] - [.includes.users[]?.id] | length' "$T/all")"
is "dm_events: every conversation id is small-large or a group id" 0 \
    "$(jq '[.data[].dm_conversation_id | select(test("^([0-9]+)-([0-9]+)$") and ((split("-") | map(tonumber)) as $p | $p[0] > $p[1]))] | length' "$T/all")"
is "dm_events: every one involves the brand" 0 \
    "$(jq --arg me "$ME_ID" '[.data[] | select(.dm_conversation_id | split("-") | index($me) | not)] | length' "$T/all")"
oaproxy_clean "dm_events with every field"

oa GET "/2/dm_events?event_types=MessageCreate&dm_event.fields=event_type"
is "dm_events event_types filter" MessageCreate \
    "$(json '[.data[].event_type] | unique | join(",")' "$T/body")"
oaproxy_clean "dm_events event_types"

# pagination
tok= pages=0
: >"$T/ids"
while :; do
	oa GET "/2/dm_events?max_results=3${tok:+&pagination_token=$tok}"
	[ "$STATUS" = 200 ] || break
	jq -r '.data[]?.id' "$T/body" >>"$T/ids"
	pages=$((pages + 1))
	tok=$(json '.meta.next_token // ""' "$T/body")
	[ -n "$tok" ] && [ $pages -lt 40 ] || break
done
is "dm_events pagination: all 200" 200 "$STATUS"
is "dm_events pagination: pages of 3 give the same ids" \
    "$(jq -r '.data[].id' "$T/all" | tr '\n' ' ')" "$(tr '\n' ' ' <"$T/ids")"
like "dm_events pagination: more than one page" '^([2-9]|[1-9][0-9]+)$' "$pages"
oaproxy_clean "dm_events pagination"

# one conversation
CONV=$(jq -r '[.data[].dm_conversation_id | select(test("-"))][0]' "$T/all")
OTHER=$(echo "$CONV" | tr '-' '\n' | grep -vx "$ME_ID" | head -n 1)
oa GET "/2/dm_conversations/with/$OTHER/dm_events?$ALL"
is "conversation by participant: 200" 200 "$STATUS"
is "conversation by participant: only that conversation" "$CONV" \
    "$(json '[.data[].dm_conversation_id] | unique | join(",")' "$T/body")"
is "conversation by participant: same events as in dm_events" \
    "$(jq -r --arg c "$CONV" '[.data[] | select(.dm_conversation_id == $c) | .id] | join(",")' "$T/all")" \
    "$(json '[.data[].id] | join(",")' "$T/body")"
oaproxy_clean "conversation by participant"

oa GET "/2/dm_conversations/$CONV/dm_events?$ALL"
is "conversation by id: 200" 200 "$STATUS"
is "conversation by id: only that conversation" "$CONV" \
    "$(json '[.data[].dm_conversation_id] | unique | join(",")' "$T/body")"
oaproxy_clean "conversation by id"

# sending
oa POST "/2/dm_conversations/with/$OTHER/messages" --json '{"text":"Hi! Could you send us your booking reference? /J"}'
is "DM by participant: 201" 201 "$STATUS"
is "DM by participant: into the one-to-one conversation" "$CONV" \
    "$(json .data.dm_conversation_id "$T/body")"
EV=$(json .data.dm_event_id "$T/body")
oa GET "/2/dm_conversations/with/$OTHER/dm_events?dm_event.fields=sender_id,text,created_at"
is "sent DM is the newest event, from the brand" \
    "$EV $ME_ID Hi! Could you send us your booking reference? /J" \
    "$(json '.data[0] | "\(.id) \(.sender_id) \(.text)"' "$T/body")"
oaproxy_clean "send DM by participant"

oa POST "/2/dm_conversations/$CONV/messages" --json '{"text":"Thanks, found it."}'
is "DM by conversation id: 201" 201 "$STATUS"
is "DM by conversation id: same conversation" "$CONV" \
    "$(json .data.dm_conversation_id "$T/body")"
oaproxy_clean "send DM by conversation id"

# errors
oa POST "/2/dm_conversations/with/$OTHER/messages" --json '{}'
is "DM without text: 400" 400 "$STATUS"
is "DM without text: no response violations" 0 "$(oaproxy_count response)"
oaproxy_reset

oa POST "/2/dm_conversations/with/$OTHER/messages" --json '{"text":"x"}' --auth bearer
is "DM with app bearer: 403" 403 "$STATUS"
is "DM with app bearer: no response violations" 0 "$(oaproxy_count response)"
oaproxy_reset

oa GET /2/dm_events --auth none
is "dm_events without credentials: 401" 401 "$STATUS"
is "dm_events 401: no response violations" 0 "$(oaproxy_count response)"
oaproxy_reset

oa GET "/2/dm_events?max_results=0"
is "dm_events max_results 0: 400" 400 "$STATUS"
is "dm_events 400: no response violations" 0 "$(oaproxy_count response)"
oaproxy_reset

oa GET "/2/dm_conversations/with/999999999/dm_events"
is "conversation with a stranger: 200, no data" "200 null" \
    "$STATUS $(json .data "$T/body")"
oaproxy_clean "conversation with a stranger"

done_testing
