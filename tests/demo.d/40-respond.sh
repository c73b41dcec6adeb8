# demo stage 4: respond
say "4. respond: jo takes the next case of the general queue (escalations have a team of their own) and reads the customer's whole story"
TW_AGENT=jo tw-case next -q general >"$d/case.ndjson"
tw-show -t -w 100 <"$d/case.ndjson" | sed 's/^/  /'
case=$(jq -r 'select(.type == "case") | .case.id' "$d/case.ndjson")
who=$(jq -r 'select(.type == "case") | .case.customer.username' "$d/case.ndjson")
tid=$(jq -r 'select(.type == "tweet" and .direction == "in") | .id' "$d/case.ndjson" | tail -n 1)
echo "  case $case is jo's until $(jq -r 'select(.type == "case") | .case.claimed_until' "$d/case.ndjson");" \
    "a colleague's DM is refused:"
TW_AGENT=sam tw-dm "@$who" "Hi, can I help?" 2>&1 >/dev/null | sed 's/^/  /' || :

say "the team's knowledge base suggests answers for it (tw-suggest; tw-reply --macro ID sends one, filled in)"
tw-suggest -K "$src/lib/sandbox/kb" -k 2 <"$d/case.ndjson" >"$d/suggested.ndjson"
jq -rs 'map(select(.suggest and .direction == "in")) | last | .suggest[] |
    "  \(.id): \(.text | if length > 90 then .[0:89] + "…" else . end)"' \
    "$d/suggested.ndjson"

say "jo answers in public, exactly once"
TW_AGENT=jo tw-reply -S /Jo "$tid" "We're so sorry, $who. We're on it now: please DM us your booking reference." \
    >"$d/replies.ndjson"
jq -r '"  sent \(.sent.id) by \(.agent): \(.text)", "  case \(.case.id): \(.case.state), owner \(.case.owner)"' "$d/replies.ndjson"
echo "  run again, nothing is sent twice:"
TW_AGENT=jo tw-reply -S /Jo "$tid" "We're so sorry, $who. We're on it now: please DM us your booking reference." \
    2>&1 >/dev/null | sed 's/^/  /'
echo "  the sandbox's view: $(curl -sS "$api/_sandbox/state" | jq -r --arg t "$tid" \
    '[.tweets[] | select((.reply_to // .in_reply_to) == $t)] | length') reply to that post"

say "the conversation moves to DM, a CSAT survey follows, and jo resolves the case"
TW_AGENT=jo tw-dm "@$who" "Thanks for the reference. You're rebooked on the 18:40, seat 12A. /Jo" >>"$d/replies.ndjson"
TW_AGENT=jo tw-dm --survey csat "@$who" >>"$d/replies.ndjson"
tail -n 2 "$d/replies.ndjson" | show
TW_AGENT=jo tw-case resolve --reason "rebooked" "$case"
echo "  journal: $(wc -l <"$TW_HOME/journal") events ($(jq -r .event "$TW_HOME/journal" | sort | uniq -c | awk '{printf "%s%s %s", (NR > 1 ? ", " : ""), $1, $2}'))"
echo "  case $case, its story and its events:"
tw-case show "$case" | jq -r 'select(.type != "case") |
    "  \((.created_at // .time)[5:16] | sub("T"; " "))  \(if .type == "event" then .event
        else "\(.type) \(.direction)" end)\(if .agent then " by \(.agent)" else "" end)\(if .reason then ": \(.reason)" else "" end)"'
echo "  the queue now, top 3:"
tw-case ls -k 3 | tw-show -w 100 | sed 's/^/  /'
