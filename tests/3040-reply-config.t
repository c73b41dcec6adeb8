#!/bin/sh
# tw-reply: what the config decides (the agent's signature, approval for
# authors above N followers), and the reply rule's other door: a post
# that quotes the brand without mentioning it may be answered.
. "$(dirname "$0")/lib.sh"

sandbox_start --rate-limit 100000 || exit 1
brand=$(sed -n 's/^username = //p' "$TW_CONFIG")
TW_AGENT=jo
export TW_AGENT
state() { sb GET /_sandbox/state; }
replies_to() { state | jq -r --arg t "$1" '[.tweets[] | select((.reply_to // .in_reply_to) == $t)] | length'; }
post() { sb POST /_sandbox/tweets "$1" | jq -r '.data.id // .data[0].id'; }

small=$(post '{"username":"small_voice","followers":20,"text":"@'"$brand"' where is my bag?"}')
big=$(post '{"username":"big_voice","followers":50000,"text":"@'"$brand"' three hours on the tarmac"}')
ours=$(state | jq -r --arg b "$brand" '[.tweets[] | select(.username == $b and (.reply_to // .in_reply_to) == null)][0].id')
quote=$(post '{"username":"quoter","followers":80,"text":"this is not what happened to me","quote_of":"'"$ours"'"}')
plain=$(post '{"username":"bystander","followers":80,"text":"airports are chaos today"}')

# the signature from the config, and -S over it
printf 'signature = /Acme care\napprove_followers = 10000\n' >>"$TW_CONFIG"
exits "a reply with the config's signature: exit 0" 0 tw-reply "$small" "Sorry, we're tracing it now."
is "the signature is added" "Sorry, we're tracing it now. /Acme care" "$(jq -r .text "$T/out")"
is "and posted" 1 "$(replies_to "$small")"
exits "-S wins over the config (a second reply: --again)" 0 tw-reply --again -S /Jo "$small" "Found it: it lands at 18:00."
is "with the agent's own signature" "Found it: it lands at 18:00. /Jo" "$(jq -r .text "$T/out")"

# approval for authors above approve_followers
exits "a reply to 50k followers: queued for approval, exit 0" 0 tw-reply "$big" "We're so sorry, checking now."
like "it says why" "replies to authors with this many followers need approval" "$(cat "$T/err")"
is "nothing is posted yet" 0 "$(replies_to "$big")"
TW_AGENT=lead exits "the lead approves it" 0 tw-reply --approve
is "then it is posted, with the approver" "1 lead" "$(replies_to "$big") $(jq -r .sent.approver "$T/out")"

# the reply rule: a quote of ours may be answered, a stranger's post not
exits "a reply to a post quoting ours, no mention: exit 0" 0 tw-reply "$quote" "Sorry to hear it, please DM us."
exits "a reply to a post that neither mentions nor quotes us: refused, exit 1" 1 tw-reply "$plain" "Hello!"
done_testing
