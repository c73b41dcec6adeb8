#!/bin/sh
# tw-dm: DMs by @name, id or conversation, exactly once, with records and
# journal lines; surveys; dry run; bad input.
. "$(dirname "$0")/lib.sh"

sandbox_start --rate-limit 100000 || exit 1
brand_id=$(sed -n 's/^user_id = //p' "$TW_CONFIG")
TW_AGENT=jo
export TW_AGENT
state() { sb GET /_sandbox/state; }
dms_to() { state | jq -r --arg u "$1" --arg b "$brand_id" '[.dms[] | select(.from == $b and .to == $u) | .text] | join("|")'; }
anna=$(state | jq -r '.users[] | select(.username == "grumpy_gus") | .id')

exits "a DM to @name: exit 0" 0 tw-dm -S /J @grumpy_gus "Here is your refund reference: R-1234"
is "the record: a dm out, to the customer, with agent and sent" "dm out $anna jo" \
    "$(jq -r '[.type, .direction, .recipient.id, .agent] | join(" ")' "$T/out")"
is "its conversation is the one-to-one id" "$(echo "$anna $brand_id" | tr ' ' '\n' | sort -n | paste -sd-)" \
    "$(jq -r .dm_conversation_id "$T/out")"
is "the sandbox has it, signed" "Here is your refund reference: R-1234 /J" "$(dms_to "$anna")"
is "the journal has it" "dm jo $anna" "$(tw-case journal | tail -n 1 | jq -r '[.event, .agent, .customer_id] | join(" ")')"
is "the journal line's keys, for tw-metrics" "account account_id agent customer_id dm_conversation_id event id key prev text time to" \
    "$(tw-case journal | tail -n 1 | jq -r 'keys | join(" ")')"
exits "the same DM again: exit 0" 0 tw-dm -S /J @grumpy_gus "Here is your refund reference: R-1234"
like "it is skipped" "already sent" "$(cat "$T/err")"
is "nothing sent twice" "Here is your refund reference: R-1234 /J" "$(dms_to "$anna")"

exits "a DM by id: exit 0" 0 tw-dm "$anna" "Anything else?"
conv=$(jq -r .dm_conversation_id "$T/out")
printf '%s\n' '{"dm_conversation_id":"'"$conv"'","text":"Have a good flight!","case":"C-9"}' >"$T/in"
exits "an intent by conversation id: exit 0" 0 tw-dm <"$T/in"
is "other keys pass through" "C-9 $conv" "$(jq -r '"\(.case) \(.dm_conversation_id)"' "$T/out")"
is "all three arrived in order" "Here is your refund reference: R-1234 /J|Anything else?|Have a good flight!" "$(dms_to "$anna")"

exits "--survey csat: exit 0" 0 tw-dm --survey csat @grumpy_gus
like "the survey question is sent" "from 1 .* to 5" "$(dms_to "$anna")"
is "the journal says a survey went out" "survey csat $anna" \
    "$(tw-case journal | tail -n 1 | jq -r '[.event, .survey, .customer_id] | join(" ")')"
printf 'survey_nps = On a scale of 0 to 10, would you recommend SkyWay?\n' >>"$TW_CONFIG"
exits "--survey nps takes the config's question" 0 tw-dm --survey nps @grumpy_gus
like "the configured question" "would you recommend SkyWay" "$(dms_to "$anna")"

exits "-n: exit 0" 0 tw-dm -n @grumpy_gus "Dry"
is "-n prints the request" "POST $API/2/dm_conversations/with/$anna/messages Dry" \
    "$(jq -r '"\(.method) \(.url) \(.body.text)"' "$T/out")"

exits "an unknown user: exit 1" 1 tw-dm @nobody_here_at_all "hello"
like "it says so" "no such user" "$(cat "$T/err")"
printf '%s\n' '{"to":"@grumpy_gus"}' 'not json' >"$T/bad"
exits "bad intents: exit 1" 1 tw-dm <"$T/bad"
like "located messages" "<stdin>:1: the text is empty.*|<stdin>:2: invalid JSON" "$(tr '\n' ' ' <"$T/err")"

# Approval applies to DMs too.
printf 'approve_agents = trainee\n' >>"$TW_CONFIG"
TW_AGENT=trainee exits "a trainee's DM: queued, exit 0" 0 tw-dm @grumpy_gus "Your voucher is on its way"
like "it says why" "queued .* for approval: DMs by this agent need approval" "$(cat "$T/err")"
unlike "nothing sent yet" "voucher" "$(dms_to "$anna")"
TW_AGENT=lead exits "--approve sends it" 0 tw-dm --approve
is "sent, with the trainee as agent and the approver" "trainee lead" "$(jq -r '"\(.agent) \(.sent.approver)"' "$T/out")"
done_testing
