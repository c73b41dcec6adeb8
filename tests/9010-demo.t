#!/bin/sh
# make demo (tests/demo.sh): the whole workflow runs against its own
# sandbox, prints each stage, and leaves nothing behind.
. "$(dirname "$0")/lib.sh"

TMPDIR=$T/tmp
export TMPDIR
mkdir -p "$TMPDIR"
exits "the demo: exit 0" 0 sh "$TW_SRC/tests/demo.sh" "$TW_BUILD"
cp "$T/out" "$T/demo"
like "1. get: the mentions, with what they cost" "== 1\\. get.*[0-9]+ mentions \\(requests [0-9]+, posts read [0-9]+" "$(tr '\n' ' ' <"$T/demo")"
like "the next run fetches only the new mention" "fetches only that.*@demo_traveller" "$(tr '\n' ' ' <"$T/demo")"
like "2. triage: the queue, top first, with reasons" "== 2\\. triage.*the queue, top 8.*why is the first one first.*\\+[0-9]+ +urgent" "$(tr '\n' ' ' <"$T/demo")"
like "3. cases: the triaged records filed, the queue of cases" "== 3\\. cases.* [0-9]+ cases from [0-9]+ messages.*the queue, top 3: +[0-9]+ " "$(tr '\n' ' ' <"$T/demo")"
like "4. respond: jo claims the next case; a colleague's DM to it is refused" "== 4\\. respond: jo takes the next case.*case [0-9]+ is jo's until .*tw-dm: case [0-9]+ is claimed by jo until .*not sent" "$(tr '\n' ' ' <"$T/demo")"
like "the knowledge base suggests answers" "knowledge base suggests answers for it.*  [a-z0-9-]+: " "$(tr '\n' ' ' <"$T/demo")"
like "a signed reply, sent once, makes the case pending" "sent [0-9]+ by jo: .*/Jo +case [0-9]+: pending, owner jo.*already sent.*1 reply to that post" "$(tr '\n' ' ' <"$T/demo")"
like "the case: claimed, replied to and resolved, in its story" "its story and its events: .* claim by jo .* tweet out by jo .* dm out by jo .* resolve by jo: rebooked" "$(tr '\n' ' ' <"$T/demo")"
like "a public reply is shown to a name, not an id" "-> @anna_k @anna_k Hi Anna" "$(cat "$T/demo")"
like "5. measure: the metrics table, with the case log" "== 5\\. measure.*case events.*group +conv +in +resp% +FRT med" "$(tr '\n' ' ' <"$T/demo")"
like "6. compliance: the deleted post and the suspended account, purged, the chain intact" "== 6\\. compliance.*tweet [0-9]+: delete \\(deleted\\).*tweet [0-9]+: suspend \\(suspended\\).*purged: .*left of the deleted post .*: 0 files.*\"action\":\"delete\".*chain intact" "$(tr '\n' ' ' <"$T/demo")"
like "it ends by pointing to tw(7)" "done: see tw\\(7\\)" "$(tail -n 1 "$T/demo")"
is "its scratch directory is removed" "" "$(ls "$TMPDIR")"
done_testing
