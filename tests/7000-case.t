#!/bin/sh
# tw-case: filing records into cases (idempotent), reopening inside and
# after the window, the brand's replies, claims, release, assignment,
# escalation, notes, tags, the queue's order, naming cases, bad input,
# and the store (mode, a newer schema, corruption, an unwritable store).
. "$(dirname "$0")/lib.sh"

printf '[account brand]\nuser_id = 100\nusername = brand\n' >"$TW_CONFIG"
chmod 600 "$TW_CONFIG"
export TW_AGENT=alice

# mk ID TIME USER TEXT [out [TO_USER_ID]] [prio] [queue]: a record by hand
mk() {
	jq -cn --arg id "$1" --arg t "$2" --arg u "$3" --arg x "$4" \
	    --arg d "${5:-in}" --arg to "${6:-}" --argjson p "${7:-10}" \
	    --arg q "${8:-general}" '
	{type: "tweet", id: $id, created_at: $t, text: $x,
	 account: {id: "100", username: "brand"}, direction: $d,
	 triage: {priority: $p, queue: $q}}
	+ (if $d == "in" then {author: {id: ("u" + $u), username: $u,
	    name: ($u + " name"), description: "bio of \($u)", followers: 12}}
	   else {author: {id: "100", username: "brand"},
	    in_reply_to: {id: "x", user_id: $to}, agent: "alice"} end)'
}
add() { tw-case add "$@"; }
cases() { jq -r '.case.id // "-"' | tr '\n' ' ' | sed 's/ $//'; }

{
	mk 1001 2026-11-20T09:00:00Z gus "@brand my bags are lost" in "" 40
	mk 1002 2026-11-20T09:05:00Z ann "@brand seat question" in "" 20
	mk 1003 2026-11-20T09:10:00Z gus "@brand still nothing" in "" 60
} >"$T/day1"
TW_NOW=2026-11-20T09:30:00Z exits "add: exit 0" 0 add "$T/day1"
is "add: each record passed on with its case" "1 2 1" "$(cases <"$T/out")"
if store_is_pg; then
	skip "the store is mode 0600: the store is PostgreSQL's here (7030 tests it)"
else
	is "the store is mode 0600" "600" "$(stat -c %a "$TW_HOME/store.db")"
fi
TW_NOW=2026-11-20T09:30:00Z exits "adding the same records again: exit 0" 0 add "$T/day1"
is "re-adding changes nothing: the same cases" "1 2 1" "$(cases <"$T/out")"
is "and no second event" 5 "$(tw-case log | jq -s 'length')"
is "the case takes its highest priority and its first wait" "60 2026-11-20T10:00:00Z" \
    "$(jq -r 'select(.id == "1003") | "\(.case.priority) \(.case.due)"' "$T/out")"
is "the case knows the customer" "ugus gus" \
    "$(jq -r 'select(.id == "1003") | "\(.case.customer.id) \(.case.customer.username)"' "$T/out")"

export TW_NOW=2026-11-20T09:40:00Z
is "ls: unresolved cases, highest priority first" "1 2" "$(tw-case ls | cases)"
is "ls shows each case by its latest inbound message" "1003" "$(tw-case ls -k 1 | jq -r .id)"
is "ls -k 1" 1 "$(tw-case ls -k 1 | wc -l)"

TW_AGENT=bob exits "next: exit 0" 0 tw-case next
is "next claims the highest priority case for bob" "case 1 open bob" \
    "$(jq -r 'select(.type == "case") | "case \(.case.id) \(.case.state) \(.case.owner)"' "$T/out")"
is "and prints its history in time order" "case 1001 1003 claim" \
    "$(jq -r 'if .type == "case" then "case" elif .type == "event" then .event else .id end' "$T/out" | grep -v open | tr '\n' ' ' | sed 's/ $//')"
exits "another agent cannot claim it: exit 1" 1 tw-case claim 1
like "the refusal names who holds it" "case 1 is claimed by bob" "$(cat "$T/err")"
is "ls --unassigned: the other case" "2" "$(tw-case ls --unassigned | cases)"
is "ls -o bob" "1" "$(tw-case ls -o bob | cases)"
is "ls --mine (alice holds nothing)" "" "$(tw-case ls --mine | cases)"
exits "next again: alice gets case 2" 0 tw-case next
is "case 2 is alice's" "alice" "$(jq -r 'select(.type == "case") | .case.owner' "$T/out")"
exits "nothing left to claim: exit 1" 1 tw-case next
like "it says so" "no case to claim" "$(cat "$T/err")"

# the brand answers case 1: pending; the customer writes: open again
mk 1004 2026-11-20T09:45:00Z gus "We are looking, Gus" out ugus | TW_NOW=2026-11-20T09:45:00Z add >"$T/o"
is "the brand's reply makes the case pending" "1 pending bob" "$(jq -r '"\(.case.id) \(.case.state) \(.case.owner)"' "$T/o")"
is "a pending case is not due" "null" "$(jq -r .case.due "$T/o")"
mk 1005 2026-11-20T09:50:00Z gus "@brand thanks, any news?" | TW_NOW=2026-11-20T09:50:00Z add >"$T/o"
is "the customer writes: open again, still bob's" "1 open bob" "$(jq -r '"\(.case.id) \(.case.state) \(.case.owner)"' "$T/o")"

# release, assign, escalate
TW_AGENT=bob exits "release: exit 0" 0 tw-case release --reason "end of shift" 1
is "released: new, nobody's" "new null" "$(tw-case show 1 | jq -r 'select(.type == "case") | "\(.case.state) \(.case.owner)"')"
exits "assign carol: exit 0" 0 tw-case assign carol 1
is "assigned: open, carol's" "open carol" "$(tw-case show 1 | jq -r 'select(.type == "case") | "\(.case.state) \(.case.owner)"')"
is "the events say who did what" "release bob end of shift|assign alice carol" \
    "$(tw-case log | jq -r 'select(.case == "1" and (.event == "release" or .event == "assign")) | [.event, .agent, (.owner // .reason)] | join(" ")' | tr '\n' '|' | sed 's/|$//')"
exits "escalate to billing: exit 0" 0 tw-case escalate billing --reason refund 1
is "escalated: another queue, nobody's" "escalated billing null" \
    "$(tw-case show 1 | jq -r 'select(.type == "case") | "\(.case.state) \(.case.queue) \(.case.owner)"')"
is "next -q general does not see it" "" "$(tw-case next -q general 2>/dev/null | cases)"
TW_AGENT=dan exits "next -q billing gets it" 0 tw-case next -q billing
is "dan has case 1" "1 open dan" "$(jq -r 'select(.type == "case") | "\(.case.id) \(.case.state) \(.case.owner)"' "$T/out")"

# notes and tags
exits "note: exit 0" 0 tw-case note "called him, -bags in Rome" 1
exits "tag: exit 0" 0 tw-case tag +refund +vip 1
exits "untag: exit 0" 0 tw-case tag -vip 1
is "tags" '["refund"]' "$(tw-case show 1 | jq -c 'select(.type == "case") | .case.tags')"
is "the note, with its text starting with a dash kept" "alice: called him, -bags in Rome" \
    "$(tw-case show 1 | jq -r 'select(.type == "event" and .event == "note") | "\(.agent): \(.text)"')"
is "show: the profile" "gus name|bio of gus|12" \
    "$(tw-case show 1 | jq -r 'select(.type == "case") | .profile | [.name, .description, .followers] | join("|")')"

# naming: by post id, by @username
is "a post id names its case" "1" "$(tw-case show 1005 | jq -r 'select(.type == "case") | .case.id')"
is "@username names their open case" "1" "$(tw-case show @GUS | jq -r 'select(.type == "case") | .case.id')"

# resolve; reopen inside the window; a new case after it
export TW_NOW=2026-11-20T10:00:00Z
exits "resolve: exit 0" 0 tw-case resolve --reason "bags delivered" 1
is "resolved" "resolved 2026-11-20T10:00:00Z" \
    "$(tw-case show 1 | jq -r 'select(.type == "case") | "\(.case.state) \(.case.resolved)"')"
is "ls no longer shows it" "2" "$(tw-case ls | cases)"
is "ls --status resolved does" "1" "$(tw-case ls --status resolved | cases)"
exits "resolving it again changes nothing: exit 0" 0 tw-case resolve 1
is "one resolve event" 1 "$(tw-case log | jq -s '[.[] | select(.event == "resolve")] | length')"
mk 1006 2026-11-22T10:00:00Z gus "@brand bags arrived broken" | add >"$T/o"
is "two days later (inside the 3-day window): the case reopens" "1 new" "$(jq -r '"\(.case.id) \(.case.state)"' "$T/o")"
is "with a reopen event" "reopen" "$(tw-case log | jq -r 'select(.case == "1") | .event' | tail -n 2 | head -n 1)"
TW_NOW=2026-11-22T11:00:00Z tw-case resolve 1
mk 1007 2026-11-26T11:00:01Z gus "@brand new problem" | add >"$T/o"
is "four days after it was resolved: a new case" "3 new" "$(jq -r '"\(.case.id) \(.case.state)"' "$T/o")"
is "@gus now names the new case" "3" "$(tw-case show @gus | jq -r 'select(.type == "case") | .case.id')"
printf '[account brand]\nuser_id = 100\nusername = brand\nreopen_window = 1h\n' >"$TW_CONFIG"
TW_NOW=2026-11-26T12:00:00Z tw-case resolve 3
mk 1008 2026-11-26T12:30:00Z gus "@brand hello again" | add >"$T/o"
is "reopen_window = 1h: within it, reopened" "3 new" "$(jq -r '"\(.case.id) \(.case.state)"' "$T/o")"
TW_NOW=2026-11-26T13:00:00Z tw-case resolve 3
mk 1009 2026-11-26T14:00:01Z gus "@brand and again" | add >"$T/o"
is "reopen_window = 1h: after it, a new case" "4 new" "$(jq -r '"\(.case.id) \(.case.state)"' "$T/o")"

# what is not a case passes through untouched
printf '{"type":"user","id":"9"}\n' | add >"$T/o"
is "a user record passes through without a case" '{"type":"user","id":"9"}' "$(cat "$T/o")"
mk 1010 2026-11-26T14:00:00Z zed "brand speaks first" out uzed | add >"$T/o"
is "the brand's message to someone with no case opens a pending one" "5 pending" \
    "$(jq -r '"\(.case.id) \(.case.state)"' "$T/o")"
mk 1012 2026-11-26T13:59:00Z zed "@brand hi there" | add >"$T/o"
is "the customer's earlier post, read later, joins it and it stays pending" "5 pending" \
    "$(jq -r '"\(.case.id) \(.case.state)"' "$T/o")"
mk 1013 2026-11-26T14:05:00Z zed "@brand so?" | add >"$T/o"
is "the customer's later post makes it wait again (alice, who answered, holds it)" "5 open 2026-11-26T15:05:00Z" \
    "$(jq -r '"\(.case.id) \(.case.state) \(.case.due)"' "$T/o")"
mk 1014 2026-11-26T14:01:00Z zed "answered before that" out uzed | add >"$T/o"
is "an earlier reply read late leaves it waiting on the later post" "5 open 2026-11-26T15:05:00Z" \
    "$(jq -r '"\(.case.id) \(.case.state) \(.case.due)"' "$T/o")"
mk 1011 2026-11-26T14:00:00Z spam "@brand buy followers" | jq -c '.triage.noise = "spam"' | add >"$T/o"
is "noise files no case" "null" "$(jq -r .case "$T/o")"

# bad input and unknown cases
printf '{"type":"tweet","text":"no id"}\nnot json\n' | add >"$T/o" 2>"$T/e"
is "a record without id: exit 1" 1 $?
like "said with its location" "<stdin>:1:" "$(cat "$T/e")"
exits "an unknown case: exit 1" 1 tw-case resolve 42
is "one line naming it" "tw-case: no case 42 (neither a case number nor a post or DM in a case)" "$(cat "$T/err")"
exits "an unknown user: exit 1" 1 tw-case show @nobody
is "one line naming them" "tw-case: no case for @nobody" "$(cat "$T/err")"
exits "a bad name: exit 1" 1 tw-case claim 12ab
exits "no command: exit 2" 2 tw-case
exits "an unknown command: exit 2" 2 tw-case frobnicate
exits "a bad --status: exit 2" 2 tw-case ls --status closed
exits "assign without an agent: exit 2" 2 tw-case assign

# the store: newer schema, corruption, unwritable (SQLite's file; the
# same faults of a PostgreSQL store are 7030-case-pg.t's)
# next takes lapsed claims in the queue's order with the free cases
# (schema 7 keeps them in indexes apart): queue "lapse", three customers
{
	mk 3001 2026-11-20T10:00:00Z lia "@brand refund" in "" 90 lapse
	mk 3002 2026-11-20T10:00:00Z lib "@brand seat" in "" 50 lapse
	mk 3003 2026-11-20T10:00:00Z lic "@brand meal" in "" 70 lapse
} >"$T/lapse"
TW_NOW=2026-11-20T10:05:00Z add "$T/lapse" >/dev/null
lapse() { jq -r 'select(.type == "case") | .case.priority' "$T/out"; }
TW_NOW=2026-11-20T10:10:00Z TW_AGENT=xena exits "xena takes the top case" 0 tw-case next -q lapse
is "priority 90" 90 "$(lapse)"
TW_NOW=2026-11-20T10:10:00Z TW_AGENT=yuri exits "yuri the next one" 0 tw-case next -q lapse
is "priority 70" 70 "$(lapse)"
TW_NOW=2026-11-20T13:00:00Z TW_AGENT=zoe exits "hours later, both claims lapsed: zoe takes" 0 tw-case next -q lapse
is "the lapsed 90 before the free 50" 90 "$(lapse)"
TW_NOW=2026-11-20T13:00:00Z TW_AGENT=zoe exits "and again" 0 tw-case next -q lapse
is "the lapsed 70 before the free 50" 70 "$(lapse)"
TW_NOW=2026-11-20T13:00:00Z TW_AGENT=zoe exits "and again" 0 tw-case next -q lapse
is "then the free 50" 50 "$(lapse)"
TW_NOW=2026-11-20T13:00:00Z TW_AGENT=zoe exits "then none: exit 1" 1 tw-case next -q lapse
TW_NOW=2026-11-20T13:00:00Z exits "all three are zoe's" 0 tw-case ls -q lapse
is "owned by zoe" "zoe zoe zoe" "$(jq -r .case.owner "$T/out" | tr '\n' ' ' | sed 's/ $//')"
TW_NOW=2026-11-20T13:00:00Z TW_AGENT=zoe tw-case resolve @lia @lib @lic >/dev/null 2>&1

if store_is_pg; then
	skip "the SQLite file's faults: the store is PostgreSQL's here (7030 tests its)"
else
	cp "$TW_HOME/store.db" "$T/good.db"
	sqlite_set() { "$TW_PYTHON" -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute(sys.argv[2]); c.commit()' "$@"; }
	sqlite_get() { "$TW_PYTHON" -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])' "$@"; }
	# a store of schema 1 (the queue's indexes as they were) is brought up
	# to date on first use, its cases kept
	"$TW_PYTHON" -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.executescript(sys.argv[2])' "$TW_HOME/store.db" "
	DROP INDEX cases_ready; DROP INDEX cases_queue;
	CREATE INDEX cases_ready ON cases (priority DESC, waiting, id) WHERE state IN ('new', 'open', 'escalated');
	CREATE INDEX cases_queue ON cases (queue, priority DESC, waiting, id) WHERE state IN ('new', 'open', 'escalated');
	UPDATE tw_meta SET value = '1' WHERE key = 'schema';"
	is "schema 1 migrated: the same queue" "2 4 5" "$(tw-case ls | cases)"
	is "now schema 7" 7 "$(sqlite_get "$TW_HOME/store.db" "SELECT value FROM tw_meta WHERE key = 'schema'")"
	like "the free cases in an index of their own" "claim_until IS NULL" "$(sqlite_get "$TW_HOME/store.db" "SELECT sql FROM sqlite_master WHERE name = 'cases_free'")"
	plan() { "$TW_PYTHON" -c 'import sqlite3,sys; print(" ".join(r[3] for r in sqlite3.connect(sys.argv[1]).execute("EXPLAIN QUERY PLAN " + sys.argv[2])))' "$TW_HOME/store.db" "$1"; }
	like "which next reads" "USING INDEX cases_free" "$(plan "SELECT id, priority, waiting FROM cases WHERE state IN ('new', 'open', 'escalated') AND claim_until IS NULL ORDER BY priority DESC, waiting, id LIMIT 1")"
	like "and the lapsed claims by their own" "USING INDEX cases_held" "$(plan "SELECT id, priority, waiting FROM cases WHERE state IN ('new', 'open', 'escalated') AND claim_until IS NOT NULL AND claim_until <= 5 ORDER BY priority DESC, waiting, id LIMIT 1")"
	sqlite_set "$TW_HOME/store.db" "UPDATE tw_meta SET value = '99' WHERE key = 'schema'"
	exits "a store made by a newer tw: exit 3" 3 tw-case ls
	like "refused with a message" "made by a newer tw .schema 99" "$(cat "$T/err")"
	is "one line" 1 "$(wc -l <"$T/err")"
	printf 'this is not a database at all, just some text that is long enough to fill a header block of a file %0400d\n' 0 >"$TW_HOME/store.db"
	rm -f "$TW_HOME/store.db-wal" "$TW_HOME/store.db-shm"
	exits "a corrupt store: exit 3" 3 tw-case ls
	like "one clear line" "store.db: corrupt, or not a tw store" "$(cat "$T/err")"
	is "just one" 1 "$(wc -l <"$T/err")"
	cp "$T/good.db" "$TW_HOME/store.db"
	if [ "$(id -u)" = 0 ]; then
		# root writes anywhere: make the store a directory instead
		rm -f "$TW_HOME/store.db"; mkdir "$TW_HOME/store.db"
		exits "an unusable store: exit 3" 3 tw-case ls
		is "one line" 1 "$(wc -l <"$T/err")"
		rmdir "$TW_HOME/store.db"; cp "$T/good.db" "$TW_HOME/store.db"
	else
		chmod 400 "$TW_HOME/store.db"
		exits "a read-only store: exit 3" 3 tw-case resolve 2
		chmod 600 "$TW_HOME/store.db"
	fi
	is "the store is back" "2 4 5" "$(tw-case ls | cases)"
	printf '{"type":"user","id":"1"}\n' | printf '[account brand]\nuser_id = 100\nstore = %s\n' "$T/no/such/dir/s.db" >"$TW_CONFIG"
	exits "a store in a missing directory: exit 3" 3 tw-case ls
	like "the path is named" "$T/no/such/dir/s.db" "$(cat "$T/err")"

fi

done_testing
