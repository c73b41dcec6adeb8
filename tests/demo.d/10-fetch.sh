# demo stage 1: get
say "1. get: every mention of the brand, checkpointed in 'inbox'"
tw-fetch -v -s inbox mentions >"$d/inbox.ndjson" 2>"$d/cost"
echo "  $(wc -l <"$d/inbox.ndjson") mentions ($(sed 's/^tw-fetch: //' "$d/cost")); the five newest:"
head -n 5 "$d/inbox.ndjson" | show

say "a customer tweets; the next run fetches only that"
curl -sS -X POST -H 'Content-Type: application/json' \
    --data-binary '{"username":"demo_traveller","text":"@'"$(jq -r .data.username <<EOF
$(tw-api /2/users/me)
EOF
)"' my flight has been delayed 6 hours and nobody at the gate knows anything"}' \
    "$api/_sandbox/tweets" >/dev/null
tw-fetch -s inbox mentions | show

say "search: complaints about delays and luggage (recent search)"
tw-fetch --max 5 search 'delayed OR luggage -is:retweet' | show

say "DMs: the private side of the conversations"
tw-fetch dms >"$d/dms.ndjson"
echo "  $(wc -l <"$d/dms.ndjson") DM events; the five newest:"
head -n 5 "$d/dms.ndjson" | show

say "a thread, root first, in reply order"
root=$(jq -r 'select(.in_reply_to != null) | .conversation_id' "$d/inbox.ndjson" | head -n 1)
[ -n "$root" ] && tw-fetch conversation "$root" | show

