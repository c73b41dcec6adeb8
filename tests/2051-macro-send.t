#!/bin/sh
# 2051-macro-send: tw-reply --macro and tw-dm --macro against the sandbox:
# the knowledge base's answer filled from the customer's record; a case
# (tw-case next prints its whole story) answered once, at its latest
# inbound message; an unfilled variable, an answer that does not exist,
# no knowledge base, and a filled answer over 280 characters refused
# before any request; tw-show -l showing tw-suggest's answers.
. "$(dirname "$0")/lib.sh"

KB=$TW_SRC/lib/sandbox/kb
NOW=2026-11-20T12:00:00Z
export TW_NOW=$NOW TW_AGENT=ana
sandbox_start --now "$NOW" --rate-limit 100000 || exit 1
posts() { sb GET /_sandbox/state | jq '[.tweets[] | select(.username == "skyway" or .author_id == "1456789012")] | length'; }
dms() { sb GET /_sandbox/state | jq '[.dms[] | select(.from == "1456789012")] | length'; }

tw-fetch mentions 2>/dev/null | tw-case add >/dev/null
p0=$(posts)
tw-case next >"$T/case"
cust=$(jq -r 'select(.type == "tweet" and .direction == "in") | .author.username' "$T/case" | head -n 1)
latest=$(jq -r 'select(.type == "tweet" and .direction == "in") | "\(.created_at) \(.id)"' "$T/case" | sort | tail -n 1 | cut -d' ' -f2)
nin=$(jq -r 'select(.type == "tweet" and .direction == "in") | .id' "$T/case" | wc -l | tr -d ' ')
diag "the case of @$cust: $nin inbound posts, the latest $latest"
exits "tw-case next | tw-reply --macro lost-bag: exit 0" 0 tw-reply -K "$KB" --macro lost-bag <"$T/case"
is "one reply for the case" 1 "$(wc -l <"$T/out" | tr -d ' ')"
is "to its latest inbound post" "$latest" "$(jq -r .in_reply_to.id "$T/out")"
name=$(jq -r 'select(.type == "tweet" and .direction == "in") | .author.name' "$T/case" | head -n 1 | cut -d' ' -f1)
like "the answer, filled: the first name" "^I'm so sorry your bag hasn't arrived, $name\\. " "$(jq -r .text "$T/out")"
like "... and the DM link" "https://x\\.com/messages/compose\\?recipient_id=1456789012" "$(jq -r .text "$T/out")"
is "the record names the answer" lost-bag "$(jq -r .macro "$T/out")"
is "one post at the sandbox" $((p0 + 1)) "$(posts)"

# an unfilled variable: nothing sent
exits "--macro with the post id alone: {first_name} unfilled, exit 1" 1 tw-reply -K "$KB" --macro lost-bag "$latest"
is "... says which variable and what to do" "tw-reply: --macro lost-bag: {first_name} cannot be filled from the record (pipe the customer's record: tw-case next | tw-reply --macro ID); nothing sent" "$(cat "$T/err")"
is "... and posts nothing" $((p0 + 1)) "$(posts)"

# an answer that does not exist; no knowledge base
exits "an answer that does not exist: exit 2" 2 tw-reply -K "$KB" --macro nope "$latest"
is "... named" "tw-reply: --macro: no answer 'nope' in $KB" "$(cat "$T/err")"
exits "no knowledge base: exit 2" 2 tw-reply --macro lost-bag "$latest"
like "... says how to name one" "no knowledge base: -K DIR, or kb = DIR" "$(cat "$T/err")"
exits "--macro with TEXT too: usage" 2 tw-reply -K "$KB" --macro lost-bag "$latest" 'hello'

# a filled answer over 280 characters: refused before any request
mkdir -p "$T/kb"
{ printf -- '---\nid: long\ntitle: Too long\n---\nHi {first_name}, '
  "$TW_PYTHON" -c 'print("x" * 280)'; } >"$T/kb/long.md"
exits "a filled answer over 280: exit 1" 1 tw-reply -K "$T/kb" --macro long <"$T/case"
like "... says it is too long" "too long" "$(cat "$T/err")"
is "... and posts nothing" $((p0 + 1)) "$(posts)"

# tw-dm --macro: a DM to the case's customer
d0=$(dms)
exits "tw-dm --macro: exit 0" 0 tw-dm -K "$KB" --macro lost-bag <"$T/case"
is "one DM for the case" 1 "$(wc -l <"$T/out" | tr -d ' ')"
like "filled" "^I'm so sorry your bag hasn't arrived, $name\\." "$(jq -r .text "$T/out")"
is "one DM at the sandbox" $((d0 + 1)) "$(dms)"

# tw-show -l shows what tw-suggest found, the best first
tw-fetch --max 1 mentions 2>/dev/null | tw-triage | tw-suggest -K "$KB" -k 2 |
    tw-show -l -w 100 >"$T/long"
like "tw-show -l lists the suggested answers" "^    suggested answers:\$" "$(cat "$T/long")"
like "... the best first: its id, title, score and why" \
    "^    1\\. check-in  Online check-in and boarding passes  \\([0-9.]+: terms boarding, pass; queue general; intent question; lang en\\)\$" \
    "$(cat "$T/long")"
like "... and its text, filled and wrapped" "^       Hi Rose, online check-in opens 30 hours before departure" "$(cat "$T/long")"
done_testing
