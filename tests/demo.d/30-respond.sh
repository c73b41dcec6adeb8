# demo stage 3: respond
say "3. respond: a signed reply to the top public mention, exactly once"
top=$(jq -c 'select(.triage.noise == null and .type == "tweet")' "$d/triaged.ndjson" |
    tw-triage -r "$d/care.rules" -k 1)
tid=$(printf '%s\n' "$top" | jq -r .id)
who=$(printf '%s\n' "$top" | jq -r .author.username)
echo "  to @$who: $(printf '%s\n' "$top" | jq -r '.text | gsub("\n"; " ") | .[0:90]')"
TW_AGENT=jo tw-reply -S /Jo "$tid" "We're so sorry, $who. We're on it now: please DM us your booking reference." \
    >"$d/replies.ndjson"
jq -r '"  sent \(.sent.id) by \(.agent): \(.text)"' "$d/replies.ndjson"
echo "  run again, nothing is sent twice:"
TW_AGENT=jo tw-reply -S /Jo "$tid" "We're so sorry, $who. We're on it now: please DM us your booking reference." \
    2>&1 >/dev/null | sed 's/^/  /'
echo "  the sandbox's view: $(curl -sS "$api/_sandbox/state" | jq -r --arg t "$tid" \
    '[.tweets[] | select((.reply_to // .in_reply_to) == $t)] | length') reply to that post"

say "the conversation moves to DM, and a CSAT survey follows"
TW_AGENT=jo tw-dm "@$who" "Thanks for the reference. You're rebooked on the 18:40, seat 12A. /Jo" >>"$d/replies.ndjson"
TW_AGENT=jo tw-dm --survey csat "@$who" >>"$d/replies.ndjson"
tail -n 2 "$d/replies.ndjson" | show
echo "  journal: $(wc -l <"$TW_HOME/journal") events ($(jq -r .event "$TW_HOME/journal" | sort | uniq -c | awk '{printf "%s%s %s", (NR > 1 ? ", " : ""), $1, $2}'))"
