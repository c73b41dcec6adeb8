#!/bin/sh
# 3070-approval-roles: approvals with authority (tw-config(5) approvers,
# draft_max_age): nobody approves their own draft; only approvers approve,
# reject or edit another's; an author may withdraw or edit their own;
# --reject and --edit are journaled with who, why and both texts; a draft
# older than draft_max_age is flagged stale in --list; tw-dm alike.
. "$(dirname "$0")/lib.sh"

NOW=2026-11-20T12:00:00Z
export TW_NOW=$NOW
sandbox_start --now "$NOW" --rate-limit 100000 || exit 1
printf 'approve_agents = trainee, lead\napprovers = lead, boss\ndraft_max_age = 30m\n' >>"$TW_CONFIG"
posts() { sb GET /_sandbox/state | jq '[.tweets[] | select(.username == "skyway" or .author_id == "1456789012")] | length'; }
journal() { tw-case journal | jq -c "select(.event == \"$1\")"; }
sandbox_posts 4 appr "my bag is lost"
sb GET /_sandbox/state | jq -r '.tweets[] | select(.username != null and (.username | startswith("appr"))) | .id' >"$T/posts"
p1=$(sed -n 1p "$T/posts") p2=$(sed -n 2p "$T/posts") p3=$(sed -n 3p "$T/posts") p4=$(sed -n 4p "$T/posts")
n0=$(posts)

TW_AGENT=trainee tw-reply "$p1" 'Sorry about your bag' >/dev/null 2>&1
d1=$(TW_AGENT=trainee tw-reply --list | jq -r .draft.id)
ok "a trainee's reply waits as a draft" test -n "$d1"

# nobody approves their own draft
TW_AGENT=trainee exits "the trainee approving their own draft: exit 1" 1 tw-reply --approve "$d1"
is "... says why" "tw-reply: draft $(printf %.8s "$d1") is trainee's own: trainee may not approve it; another approver must" "$(cat "$T/err")"
TW_AGENT=lead tw-reply "$p2" 'We are on it' >/dev/null 2>&1
d2=$(TW_AGENT=lead tw-reply --list | jq -r "select(.agent == \"lead\") | .draft.id")
TW_AGENT=lead exits "an approver approving their own draft: exit 1" 1 tw-reply --approve "$d2"
like "... refused too" "is lead's own: lead may not approve it" "$(cat "$T/err")"
is "nothing posted" "$n0" "$(posts)"

# only approvers approve another's
TW_AGENT=ana exits "an agent who is not an approver: exit 1" 1 tw-reply --approve "$d1"
is "... says who may" "tw-reply: draft $(printf %.8s "$d1"): ana may not approve drafts (approvers: lead, boss)" "$(cat "$T/err")"

# edit: by an approver, journaled with both texts; then approved by another
TW_AGENT=lead exits "an approver edits the trainee's draft: exit 0" 0 tw-reply --edit "$(printf %.8s "$d1")" 'Sorry about your bag, please DM us the file reference'
is "the edit is journaled with both texts" \
    '{"agent":"lead","author":"trainee","before":"Sorry about your bag","after":"Sorry about your bag, please DM us the file reference"}' \
    "$(journal edit | jq -c '{agent, author, before, after}')"
TW_AGENT=ana exits "an agent who is not an approver may not edit" 1 tw-reply --edit "$d1" 'hello'
TW_AGENT=boss exits "another approver approves it: exit 0" 0 tw-reply --approve "$d1"
is "the edited text is what is posted" "Sorry about your bag, please DM us the file reference" "$(jq -r .text "$T/out")"
is "... with its approver" boss "$(jq -r .sent.approver "$T/out")"
is "one post" $((n0 + 1)) "$(posts)"
is "the journal's reply names author and approver" "trainee boss" "$(journal reply | jq -r '"\(.agent) \(.approver)"')"

# reject: by an approver, with a reason; an author withdraws their own
TW_AGENT=trainee tw-reply "$p3" 'We will refund you' >/dev/null 2>&1
d3=$(TW_AGENT=trainee tw-reply --list | jq -r "select(.in_reply_to == \"$p3\") | .draft.id")
TW_AGENT=ana exits "a non-approver may not reject" 1 tw-reply --reject "$d3"
TW_AGENT=boss exits "an approver rejects it: exit 0" 0 tw-reply --reject --reason 'no refund promises in public' "$d3"
is "the rejection is journaled: who, whose, why and the text" \
    '{"agent":"boss","author":"trainee","reason":"no refund promises in public","text":"We will refund you"}' \
    "$(journal reject | jq -c '{agent, author, reason, text}')"
is "the draft is gone" "" "$(TW_AGENT=boss tw-reply --list | jq -r "select(.in_reply_to == \"$p3\") | .draft.id")"
TW_AGENT=lead exits "the author withdraws their own draft" 0 tw-reply --reject "$d2"
is "nothing posted by them" $((n0 + 1)) "$(posts)"

# stale drafts in --list
TW_AGENT=trainee tw-reply "$p4" 'Checking now' >/dev/null 2>&1
TW_NOW=2026-11-20T12:20:00Z TW_AGENT=lead exits "--list 20 minutes on" 0 tw-reply --list
is "a draft under draft_max_age: its age, not stale" "1200 false" "$(jq -r '"\(.draft.age) \(.draft.stale // false)"' "$T/out")"
TW_NOW=2026-11-20T12:45:00Z TW_AGENT=lead exits "--list 45 minutes on" 0 tw-reply --list
is "over draft_max_age (30m): stale" "2700 true" "$(jq -r '"\(.draft.age) \(.draft.stale // false)"' "$T/out")"

# tw-dm alike
TW_AGENT=trainee tw-dm @grumpy_gus 'Hi Gus, could you DM us your booking reference?' >/dev/null 2>&1
dd=$(TW_AGENT=trainee tw-dm --list | jq -r 'select(.draft.kind == "dm") | .draft.id')
TW_AGENT=trainee exits "tw-dm: self-approval refused" 1 tw-dm --approve "$dd"
TW_AGENT=lead exits "tw-dm: an approver approves" 0 tw-dm --approve "$dd"

# usage
exits "--reason without --reject: usage" 2 tw-reply --reason x --approve
exits "--edit without TEXT: usage" 2 tw-reply --edit abcd
exits "--reject with --approve: usage" 2 tw-reply --reject --approve abcd
done_testing
