#!/bin/sh
# Roles the team's PostgreSQL store enforces (tw-config(5), "Roles on a
# team's store"): each agent connects as a login role of their own, and
# the database, not the agent's config, decides who may send alone, who
# approves, and whose drafts may be changed.  Agents on "machines" of
# their own (TW_HOMEs and configs) whose configs say nothing of roles, or
# lie about them, and psql as each agent trying the tables directly.
# timeout: 600
. "$(dirname "$0")/lib.sh"

pg_start || { fail "a PostgreSQL server of this test's own"; done_testing; exit 1; }
pg_createdb roles || { fail "a database for it"; done_testing; exit 1; }
unset TW_STORE
sandbox_start --now 2026-11-20T12:00:00Z --rate-limit 1000000 || exit 1
state() { sb GET /_sandbox/state; }
brand_id=$(sed -n 's/^user_id = //p' "$TW_CONFIG")
# replies TEXT: the posts the brand's replies with TEXT answer
replies() {
	state | jq -r --arg b "$brand_id" --arg t "$1" \
	    '.tweets[] | select(.author_id == $b and .text != null and (.text | contains($t))) | .in_reply_to'
}

# the owner (tw, the superuser here) makes the schema, then the agents'
# login roles, allowed to use tw's tables and nothing else
TW_STORE=$PG_URI tw-case ls >/dev/null 2>"$T/mk.err" || fail "the schema" "$(cat "$T/mk.err")"
psql -q -v ON_ERROR_STOP=1 -d "$PG_DB" >"$T/grant.out" 2>&1 <<'SQL' || fail "the roles" "$(cat "$T/grant.out")"
CREATE ROLE tw_team NOLOGIN;
CREATE ROLE trainee LOGIN IN ROLE tw_team;
CREATE ROLE lead LOGIN IN ROLE tw_team;
CREATE ROLE bob LOGIN IN ROLE tw_team;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO tw_team;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO tw_team;
REVOKE INSERT, UPDATE, DELETE ON tw_roles, tw_meta FROM tw_team;
SQL

# machine NAME: a TW_HOME and config, connecting as the login role NAME
machine() {
	mkdir -p "$T/$1"
	cp "$TW_CONFIG" "$T/$1/config"
	printf '\n[store]\nstore = postgresql:///%s?host=%s&user=%s\n' "$PG_DB" "$PGHOST" "$1" >>"$T/$1/config"
	chmod 600 "$T/$1/config"
}
on() { _m=$1; shift; TW_HOME=$T/$_m TW_CONFIG=$T/$_m/config TW_AGENT=${AS:-$_m} "$@"; }
for m in trainee lead bob; do machine $m; done
# as ROLE SQL: psql as that login role; its exit status and stderr
as() { psql -q -v ON_ERROR_STOP=1 -d "$PG_DB" -U "$1" -c "$2" >"$T/psql.out" 2>"$T/psql.err"; }

sandbox_posts 6 cust "my refund please"
post() { state | jq -r --arg u "cust00$1" '.tweets[] | select(.username == $u) | .id'; }

# no roles yet: the store enforces nothing (a team that has not set them)
exits "without tw_roles rows, the trainee sends alone" 0 on trainee tw-reply "$(post 0)" "Reply zero"
is "posted" "$(post 0)" "$(replies "Reply zero")"

psql -q -d "$PG_DB" -c "INSERT INTO tw_roles VALUES ('trainee', false, true), ('lead', true, false), ('bob', false, false)"

# the trainee's config says nothing of approval: the database refuses
exits "the trainee sends alone: refused by the store (exit 3, nothing sent)" 3 \
    on trainee tw-reply "$(post 1)" "Reply one"
like "saying why" "refused by the team's roles: trainee's sends need an approver's approval" "$(cat "$T/err")"
is "one line" 1 "$(wc -l <"$T/err")"
is "nothing posted" "" "$(replies "Reply one")"
exits "bob, an agent, sends alone" 0 on bob tw-reply "$(post 2)" "Reply two"
is "posted" "$(post 2)" "$(replies "Reply two")"

# pretending: the agent is the login role
AS=lead exits "bob as TW_AGENT=lead: refused (exit 3)" 3 on bob tw-reply "$(post 3)" "Reply three"
like "bob may not send as lead" "bob may not send as lead" "$(cat "$T/err")"
jq -cn --arg p "$(post 3)" '{in_reply_to: $p, text: "Reply three", agent: "bob"}' >"$T/intent"
exits "the trainee's intent naming bob as its agent: refused (exit 3)" 3 on trainee tw-reply <"$T/intent"
like "trainee may not send as bob" "trainee may not send as bob" "$(cat "$T/err")"
is "nothing posted" "" "$(replies "Reply three")"

# the trainee's drafts: written by the trainee, approved by an approver
echo "approve_agents = trainee" >"$T/approve"
awk -v f="$T/approve" '{ print } /^\[account / && !done { while ((getline l < f) > 0) print l; done = 1 }' \
    "$T/trainee/config" >"$T/cfg" && cat "$T/cfg" >"$T/trainee/config"
exits "with approve_agents in its config the trainee queues a draft" 0 \
    on trainee tw-reply "$(post 4)" "Reply four"
id=$(on lead tw-reply --list | jq -r .draft.id)
ok "the lead sees it ($id)" test -n "$id"
exits "bob (no approver) approves it: refused by the store (exit 3)" 3 on bob tw-reply --approve "$id"
like "bob may not approve" "bob may not approve drafts .not an approver." "$(cat "$T/err")"
is "nothing posted" "" "$(replies "Reply four")"
exits "bob rejects it: refused by the store (exit 3)" 3 on bob tw-reply --reject "$id"
like "not bob's to reject" "bob may not reject trainee's draft .not an approver." "$(cat "$T/err")"
is "and nothing of it in the journal" "" \
    "$(on lead tw-case journal | jq -r 'select(.event == "reject") | .agent')"
as bob "DELETE FROM tw_state WHERE sub = 'drafts'"
like "bob removes the draft with psql: refused" "bob may not change or remove trainee's draft" "$(cat "$T/psql.err")"
is "the draft is still there" "$id" "$(on lead tw-reply --list | jq -r .draft.id)"
AS=lead exits "bob as TW_AGENT=lead approves: refused (exit 3)" 3 on bob tw-reply --approve "$id"
like "bob may not approve as lead" "bob may not approve as lead" "$(cat "$T/err")"
is "still nothing posted" "" "$(replies "Reply four")"
exits "the lead approves it" 0 on lead tw-reply --approve "$id"
is "posted once" "$(post 4)" "$(replies "Reply four")"
is "credited to the trainee, approved by the lead" "trainee lead" \
    "$(on lead tw-case journal | jq -r 'select(.event == "reply" and .in_reply_to == "'"$(post 4)"'") | "\(.agent) \(.approver)"')"

# straight at the tables, as psql
as trainee "INSERT INTO tw_state VALUES ('ledger', 'forged', '{\"key\":\"forged\",\"state\":\"pending\",\"agent\":\"trainee\",\"approver\":\"trainee\"}', 0)"
is "the trainee's own approval in the ledger: refused" "1|trainee may not approve their own draft" \
    "$?|$(sed -n 's/.*roles: //p' "$T/psql.err")"
as trainee "INSERT INTO tw_journal (time, line) VALUES (0, '{\"event\":\"reply\",\"agent\":\"trainee\",\"approver\":\"lead\"}')"
is "a journal line naming the lead as approver: refused" "1|trainee may not write lead's approval" \
    "$?|$(sed -n 's/.*roles: //p' "$T/psql.err")"
as trainee "UPDATE tw_roles SET needs_approval = false WHERE agent = 'trainee'"
is "the trainee changes their role: refused" "1" "$?"
like "by the privileges" "permission denied" "$(cat "$T/psql.err")"
as trainee "ALTER TABLE tw_state DISABLE TRIGGER tw_state_roles"
is "the trainee turns the check off: refused" "1" "$?"
like "by ownership" "must be owner" "$(cat "$T/psql.err")"
as bob "DELETE FROM tw_roles"
is "bob empties tw_roles: refused" "1" "$?"
is "the roles are as they were" 3 "$(psql -At -d "$PG_DB" -c 'SELECT count(*) FROM tw_roles')"
as lead "INSERT INTO tw_state VALUES ('drafts', 'x', '{\"agent\":\"bob\",\"text\":\"hi\"}', 0)"
is "the lead writes a draft as bob: refused" "1|lead may not write a draft as bob" \
    "$?|$(sed -n 's/.*roles: //p' "$T/psql.err")"

psql -q -d "$PG_DB" -c "INSERT INTO tw_journal (time, line) VALUES (0, '{\"event\":\"note\",\"agent\":\"x\",\"approver\":\"lead\"}')" >"$T/psql.out" 2>&1
is "the tables' owner is not held to the roles (tw-case migrate copies others' lines)" "0" "$?"

# an agent the table does not list
psql -q -d "$PG_DB" -c "CREATE ROLE carol LOGIN IN ROLE tw_team"
machine carol
exits "carol, not in tw_roles, sends: refused (exit 3)" 3 on carol tw-reply "$(post 5)" "Reply five"
like "not an agent of this store" "carol is not an agent of this store" "$(cat "$T/err")"
is "nothing posted" "" "$(replies "Reply five")"

# A claim and its journal line commit together (one connection, one
# transaction): an agent whose role may change cases but not write the
# journal claims, and nothing is left half-done: no claim without its line.
psql -q -v ON_ERROR_STOP=1 -d "$PG_DB" >"$T/grant.out" 2>&1 <<'SQL' || fail "dave's role" "$(cat "$T/grant.out")"
CREATE ROLE dave LOGIN;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO dave;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO dave;
REVOKE INSERT, UPDATE, DELETE ON tw_roles, tw_meta, tw_journal FROM dave;
INSERT INTO tw_roles VALUES ('dave', false, false);
SQL
machine dave
jq -cn '{type: "tweet", id: "990001", created_at: "2026-11-20T11:00:00Z",
    text: "@brand my seat was sold twice", direction: "in",
    account: {id: "'"$brand_id"'", username: "brand"},
    author: {id: "u990001", username: "seated"}, triage: {priority: 50}}' >"$T/seated"
exits "a new case" 0 on lead tw-case add "$T/seated"
cid=$(jq -r .case.id "$T/out")
n0=$(psql -At -d "$PG_DB" -c "SELECT count(*) FROM tw_journal")
exits "dave claims it and may not write the journal: exit 3" 3 on dave tw-case claim "$cid"
like "saying so" "permission denied for table tw_journal" "$(cat "$T/err")"
is "the case is not claimed" "new|" "$(psql -At -d "$PG_DB" -c "SELECT state, owner FROM cases WHERE id = $cid")"
is "no claim event" 0 "$(psql -At -d "$PG_DB" -c "SELECT count(*) FROM events WHERE case_id = $cid AND event = 'claim'")"
is "no journal line" "$n0" "$(psql -At -d "$PG_DB" -c "SELECT count(*) FROM tw_journal")"
exits "tw-case next as dave: exit 3 too" 3 on dave tw-case next
is "still nobody's" "new|" "$(psql -At -d "$PG_DB" -c "SELECT state, owner FROM cases WHERE id = $cid")"
exits "the lead claims it: the case and its line" 0 on lead tw-case claim "$cid"
is "claimed by the lead" "open|lead" "$(psql -At -d "$PG_DB" -c "SELECT state, owner FROM cases WHERE id = $cid")"
is "with its journal line" 1 "$(psql -At -d "$PG_DB" -c "SELECT count(*) FROM tw_journal WHERE line::jsonb ->> 'action' = 'claim' AND line::jsonb ->> 'case' = '$cid'")"

done_testing
