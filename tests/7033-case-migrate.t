#!/bin/sh
# tw-case migrate: an agent's TW_HOME (the embedded store, the ledger,
# drafts, checkpoints and journal files) into the team's PostgreSQL
# store, once: a rerun copies nothing, and two machines' copies of the
# same post make one case.
# timeout: 600
. "$(dirname "$0")/lib.sh"

pg_start || { fail "a PostgreSQL server of this test's own"; done_testing; exit 1; }
pg_createdb || { fail "a database for it"; done_testing; exit 1; }
unset TW_STORE

sandbox_start --now 2026-11-20T12:00:00Z --rate-limit 1000000 || exit 1
export TW_NOW=2026-11-20T12:30:00Z TW_AGENT=solo

# A machine that worked alone: cases, a claim, a note, a reply, a
# resolution, a draft, a checkpoint, the journal.
sandbox_posts 12 alone "my bag is lost"
tw-fetch -s mine mentions >"$T/fetched" 2>"$T/fetch.err"
tw-triage <"$T/fetched" >"$T/triaged"
tw-case add <"$T/triaged" >/dev/null 2>"$T/add.err"
ncases=$(tw-case ls | wc -l | tr -d ' ')
ok "cases on the embedded store ($ncases)" test "$ncases" -ge 12
# (a case of its own by name: tw-case next gives the seeded safety
# report first, which has the brand's reply already)
tw-case claim @alone000 >/dev/null
tw-case show @alone000 >"$T/next"
c=$(jq -r 'select(.type == "case") | .case.id' "$T/next")
p=$(jq -r 'select(.direction == "in" and .type == "tweet") | .id' "$T/next" | tail -n 1)
tw-case note "called them back" "$c"
exits "a reply" 0 tw-reply "$p" "We found your bag"
tw-case resolve "$c"
p2=$(jq -r 'select(.author.username == "alone003") | .id' "$T/fetched")
exits "a draft" 0 tw-reply --draft "$p2" "Checking with the airport"
tw-case log >"$T/log.before"
tw-case show "$c" | jq -c 'del(.case, .seq)' >"$T/show.before"
tw-case journal >"$T/journal.before"
ls "$TW_HOME/ledger" "$TW_HOME/drafts" "$TW_HOME/checkpoints" >/dev/null 2>&1 ||
    fail "the machine has ledger, drafts and checkpoint files"

exits "migrate without a team's store: usage, exit 2" 2 tw-case migrate
like "saying what to set" "not on PostgreSQL" "$(cat "$T/err")"

export TW_STORE=$PG_URI
exits "tw-case migrate: exit 0" 0 tw-case migrate
like "it says what it copied" "migrated .*: $ncases cases" "$(cat "$T/err")"
like "with the customer profile the note made" ", 1 customer profile;" "$(cat "$T/err")"
is "the profile, in the team's store" "called them back" \
    "$(tw-case customer export | jq -r '.note | sub("^[^:]*: "; "")')"
is "the same cases, in the team's store" "$ncases" "$(( $(tw-case ls | wc -l) + $(tw-case ls --status resolved | wc -l) ))"
tw-case log >"$T/log.after"
is "every event, in order, with its agent and time (numbers aside)" \
    "$(jq -c 'del(.seq, .case)' "$T/log.before")" "$(jq -c 'del(.seq, .case)' "$T/log.after")"
is "the resolved case's whole story, as tw-case show tells it (numbers aside)" \
    "$(cat "$T/show.before")" \
    "$(tw-case show "$(tw-case ls --status resolved | jq -r .case.id)" | jq -c 'del(.case, .seq)')"
tw-case journal >"$T/journal.after"
is "the journal" "$(cat "$T/journal.before")" "$(cat "$T/journal.after")"
is "the draft, for a lead anywhere" "$p2" "$(tw-reply --list | jq -r .in_reply_to)"
exits "the reply is known to the team's ledger: sending it again is skipped" 0 \
    tw-reply "$p" "We found your bag"
like "as already sent" "already sent" "$(cat "$T/err")"
tw-fetch -s mine mentions >"$T/fetched2" 2>/dev/null
is "the checkpoint goes on where the machine left it" 0 "$(wc -l <"$T/fetched2" | tr -d ' ')"

exits "again: exit 0" 0 tw-case migrate
like "nothing copied twice" "migrated .*: 0 cases .0 events, 0 messages., 0 .*, 0 journal lines, 0 customer profiles; there already: $ncases cases.*, 1 profile$" "$(cat "$T/err")"
is "the same log" "$(cat "$T/log.after")" "$(tw-case log)"

# Another machine filed the same posts: its cases are the team's already.
h2=$T/other
mkdir -p "$h2"
TW_STORE= TW_HOME=$h2 tw-case add <"$T/triaged" >/dev/null 2>&1
exits "a second machine's store with the same posts" 0 tw-case migrate "$h2"
like "adds no case" "migrated .*: 0 cases .*there already: [0-9]+ cases" "$(cat "$T/err")"
is "still $ncases cases" "$ncases" "$(( $(tw-case ls | wc -l) + $(tw-case ls --status resolved | wc -l) ))"
exits "a TW_HOME that is not there: exit 2" 2 tw-case migrate "$T/nowhere"

done_testing
