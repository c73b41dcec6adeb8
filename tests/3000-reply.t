#!/bin/sh
# tw-reply: one reply or a batch; counting as X counts; signatures, the
# DM link, the reply rule, collisions, approval, dry run, bad input.
. "$(dirname "$0")/lib.sh"

sandbox_start --rate-limit 100000 || exit 1
brand=$(sed -n 's/^username = //p' "$TW_CONFIG")
brand_id=$(sed -n 's/^user_id = //p' "$TW_CONFIG")
TW_AGENT=jo
export TW_AGENT
tw-fetch mentions >"$T/inbox"
# three mentions by customers, small accounts first
pick() { jq -r "select(.in_reply_to == null) | .id" "$T/inbox" | sed -n "$1p"; }
t1=$(pick 1) t2=$(pick 2) t3=$(pick 3) t4=$(pick 4) t5=$(pick 5)
state() { sb GET /_sandbox/state; }
replies_to() { state | jq -r --arg t "$1" '[.tweets[] | select((.reply_to // .in_reply_to) == $t)] | length'; }

exits "one reply: exit 0" 0 tw-reply -S /J "$t1" "Sorry about the wait. Can you DM us your booking ref?"
is "the record: a tweet out, replying to the post, with agent and sent" \
    "tweet out $t1 jo" "$(jq -r '[.type, .direction, .in_reply_to.id, .agent] | join(" ")' "$T/out")"
is "the signature is added after a space" "Sorry about the wait. Can you DM us your booking ref? /J" "$(jq -r .text "$T/out")"
id=$(jq -r .sent.id "$T/out")
is "the sandbox has it, in reply to the post, in its conversation" "$t1 $(jq -r --arg t "$t1" 'select(.id == $t) | .conversation_id' "$T/inbox")" \
    "$(state | jq -r --arg i "$id" '.tweets[] | select(.id == $i) | "\(.reply_to // .in_reply_to) \(.conversation_id)"')"
is "the journal has the reply" "reply jo $id $t1" \
    "$(tw-case journal | tail -n 1 | jq -r '[.event, .agent, .id, .in_reply_to] | join(" ")')"

is "the journal line's keys, for tw-metrics" "account account_id agent conversation_id customer_id event id in_reply_to key prev text time to" \
    "$(tw-case journal | tail -n 1 | jq -r 'keys | join(" ")')"
is "the record's sent: id, time, key" "id key time" "$(jq -r '.sent | keys | join(" ")' "$T/out")"

exits "the same reply again: exit 0" 0 tw-reply -S /J "$t1" "Sorry about the wait. Can you DM us your booking ref?"
like "it is skipped, saying when it was sent" "already sent as $id" "$(cat "$T/err")"
is "nothing posted twice" 1 "$(replies_to "$t1")"

TW_AGENT=sam exits "a colleague's reply to the same post: exit 1" 1 tw-reply "$t1" "Hi! Following up on this."
like "it says who replied and when" "jo already replied to $t1 at 20" "$(cat "$T/err")"
is "nothing posted" 1 "$(replies_to "$t1")"
TW_AGENT=sam exits "--again replies anyway" 0 tw-reply --again "$t1" "Hi! Following up on this."
is "now two replies" 2 "$(replies_to "$t1")"

# Counting as X counts.
printf '%s\n' '{"in_reply_to":"'"$t2"'","text":"東京行きの便"}' \
    '{"in_reply_to":"'"$t2"'","text":"thanks 👩‍👩‍👧 see https://skyway.com/help"}' >"$T/intents"
exits "-c: exit 0 when all fit" 0 tw-reply -c <"$T/intents"
is "-c: CJK weighs 2, a ZWJ emoji 2, a URL 23" "12 true
37 true" "$(jq -r '"\(.check.weighted_length) \(.check.valid)"' "$T/out")"
is "-c sends nothing" 0 "$(replies_to "$t2")"
long=$(printf 'x%.0s' $(seq 1 300))
exits "too long: exit 1" 1 tw-reply "$t2" "$long"
like "too long: says by how much" "20 characters too long \\(300 as X counts, of 280\\)" "$(cat "$T/err")"
is "too long: nothing sent" 0 "$(replies_to "$t2")"

# Dry run: the exact request.
exits "-n: exit 0" 0 tw-reply -n --dm-link "$t2" "We can help in DM."
is "-n prints method, URL and body" "POST $API/2/tweets $t2" \
    "$(jq -r '"\(.method) \(.url) \(.body.reply.in_reply_to_tweet_id)"' "$T/out")"
is "--dm-link adds the brand's DM deep link" "https://twitter.com/messages/compose?recipient_id=$brand_id" \
    "$(jq -r .body.direct_message_deep_link "$T/out")"
is "-n sends nothing" 0 "$(replies_to "$t2")"

# The 2026 reply rule.
other=$(sb POST /_sandbox/tweets '{"username":"random_person","text":"what a day at the beach"}' | jq -r '.data.id // .id')
exits "the reply rule: refused before any request, exit 1" 1 tw-reply "$other" "Hello!"
like "it names the rule" "2026 reply rule.*--force" "$(cat "$T/err")"
is "nothing posted" 0 "$(replies_to "$other")"
exits "--force sends it, and X's 403 is one clear line, exit 1" 1 tw-reply --force "$other" "Hello!"
like "the 403 is reported, with X's reason" "403 Forbidden: Reply to this conversation is not allowed" "$(cat "$T/err")"

# Approval.
exits "--draft: exit 0" 0 tw-reply --draft "$t3" "Let us check that for you."
is "--draft sends nothing" 0 "$(replies_to "$t3")"
exits "--list: exit 0" 0 tw-reply --list
is "--list shows the draft" "$t3 Let us check that for you." "$(jq -r '"\(.in_reply_to) \(.text)"' "$T/out")"
draft=$(jq -r .draft.id "$T/out" | cut -c1-8)
TW_AGENT=lead exits "--approve ID sends it" 0 tw-reply --approve "$draft"
is "approved: posted, with the approver" "1 lead" "$(replies_to "$t3") $(jq -r .sent.approver "$T/out")"
exits "the spool is empty afterwards" 0 tw-reply --list
is "no draft left" "" "$(cat "$T/out")"
printf 'approve_followers = 0\napprove_agents = trainee\n' >>"$TW_CONFIG"
TW_AGENT=trainee exits "an agent who needs approval: queued, exit 0" 0 tw-reply "$t4" "Hi there!"
like "it says why" "queued .* for approval: replies by this agent need approval" "$(cat "$T/err")"
is "and nothing is posted" 0 "$(replies_to "$t4")"

# Batches and bad input.
printf '%s\n' '{"in_reply_to":"'"$t5"'","text":"Thanks for reaching out!","ticket":"T-1"}' \
    'this is not json' '{"in_reply_to":"'"$t5"'","text":""}' \
    '{"in_reply_to":"'"$t5"'","text":"With a photo","media":["/nonexistent.png"]}' >"$T/batch"
exits "a batch with bad lines: exit 1" 1 tw-reply <"$T/batch"
is "the good intent is sent, other keys passed through" "T-1" "$(jq -r .ticket "$T/out")"
like "a malformed line: location" "<stdin>:2: invalid JSON" "$(cat "$T/err")"
like "empty text: said" "<stdin>:3: the text is empty" "$(cat "$T/err")"
like "a missing media file: said" "<stdin>:4: /nonexistent.png: No such file" "$(cat "$T/err")"

# A 429: waits by default; with --no-wait exit 5 and the reset time.
sb POST /_sandbox/faults '{"error_429":100}' >/dev/null
exits "a 429 with --no-wait: exit 5" 5 tw-reply --no-wait "$t5" "Rate limited?"
like "it says when to try again" "rate limit reached for (GET|POST) /2/tweets[^;]*; resets at [0-9T:Z-]+ \\(in " "$(cat "$T/err")"
sb POST /_sandbox/faults '{"error_429":0}' >/dev/null
is "nothing was posted" 1 "$(replies_to "$t5")"

# The sandbox counts as X does too: 140 ZWJ families are 280.
t6=$(pick 6)
fam=$(printf '👩‍👩‍👧%.0s' $(seq 1 140))
exits "280 as X counts (140 ZWJ emoji): sent" 0 tw-reply "$t6" "$fam"
is "the sandbox took it" 1 "$(replies_to "$t6")"
exits "141 of them: exit 1" 1 tw-reply "$t6" "$fam👩‍👩‍👧"
like "2 too long" "2 characters too long \\(282 as X counts, of 280\\)" "$(cat "$T/err")"
done_testing
