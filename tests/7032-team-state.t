#!/bin/sh
# What a team on many machines shares besides cases, on one PostgreSQL
# server (of this test's own): the send ledger (the same intents sent by
# two agents at once from two TW_HOMEs post once), the drafts (a lead on
# another machine approves a trainee's draft), the journal (the
# manager's tw-metrics counts every agent), the fetch checkpoints (two
# cron hosts on one checkpoint name never fetch the same page), agents
# starting at once on a new database, and a server that goes away in
# the middle of a send.  "Machines" are TW_HOMEs with configs of their
# own.
# timeout: 600
. "$(dirname "$0")/lib.sh"

pg_start || { fail "a PostgreSQL server of this test's own"; done_testing; exit 1; }
pg_createdb first || { fail "a database for it"; done_testing; exit 1; }
unset TW_STORE         # (make check-pg's): the machines' configs name it

sandbox_start --now 2026-11-20T12:00:00Z --rate-limit 1000000 || exit 1
brand=$(sed -n 's/^username = //p' "$TW_CONFIG")
brand_id=$(sed -n 's/^user_id = //p' "$TW_CONFIG")
state() { sb GET /_sandbox/state; }

# machine NAME: a TW_HOME and a config of its own, the team's store in
# its config (the [store] section) rather than in the environment
machine() {
	mkdir -p "$T/$1"
	cp "$TW_CONFIG" "$T/$1/config"
	printf '\n[store]\nstore = %s\n' "$PG_URI" >>"$T/$1/config"
	chmod 600 "$T/$1/config"
}
# on NAME AGENT CMD...: run CMD on machine NAME as AGENT
on() {
	_m=$1 _a=$2
	shift 2
	TW_HOME=$T/$_m TW_CONFIG=$T/$_m/config TW_AGENT=$_a "$@"
}
for m in ana ben lead trainee boss cron1 cron2; do machine $m; done

# Four programs start at once on a new database: one migrates it, the
# others wait for it, and none fails.
for m in ana ben lead boss; do on $m $m tw-case journal >"$T/first.$m" 2>&1 & eval "p_$m=$!"; done
rcs=
for m in ana ben lead boss; do wait "$(eval echo "\$p_$m")"; rcs="$rcs$? "; done
is "four agents starting at once on a new database: all exit 0" "0 0 0 0 " "$rcs"
is "and say nothing" "" "$(cat "$T"/first.*)"
is "the schema, once" 7 "$(psql -At "$PG_URI" -c "SELECT value FROM tw_meta WHERE key = 'schema'")"

# The same 30 intents, sent by two agents at once from two machines.
sandbox_posts 30 pax "my bag is lost"
state | jq -r '.tweets[] | select(.username != null and (.username | startswith("pax"))) | .id' >"$T/posts"
is "30 posts" 30 "$(wc -l <"$T/posts" | tr -d ' ')"
while read -r p; do
	printf '{"in_reply_to":"%s","text":"Sorry about your bag, we are on it"}\n' "$p"
done <"$T/posts" >"$T/intents"
sb POST /_sandbox/faults '{"latency_ms":30}' >/dev/null
on ana ana tw-reply <"$T/intents" >"$T/ana.out" 2>"$T/ana.err" & pa=$!
on ben ben tw-reply <"$T/intents" >"$T/ben.out" 2>"$T/ben.err" & pb=$!
wait $pa; ra=$?
wait $pb; rb=$?
sb POST /_sandbox/faults '{"latency_ms":0}' >/dev/null
is "two agents, two machines, the same intents at once: both exit 0" "0 0" "$ra $rb"
replies() {
	state | jq -r --arg b "$brand_id" --arg t "$1" \
	    '.tweets[] | select(.author_id == $b and .text != null and (.text | contains($t))) | .in_reply_to'
}
replies "Sorry about your bag" >"$T/replied"
is "each reply posted once: 30 replies to 30 posts" "30 30" \
    "$(wc -l <"$T/replied" | tr -d ' ') $(sort -u "$T/replied" | wc -l | tr -d ' ')"
is "30 records out between the two" 30 "$(cat "$T/ana.out" "$T/ben.out" | wc -l | tr -d ' ')"
is "each skipped what the other sent, told by the team's ledger" \
    "$(wc -l <"$T/ana.out" | tr -d ' ') $(wc -l <"$T/ben.out" | tr -d ' ')" \
    "$(grep -c 'already sent' "$T/ben.err") $(grep -c 'already sent' "$T/ana.err")"
diag "ana sent $(wc -l <"$T/ana.out" | tr -d ' '), ben $(wc -l <"$T/ben.out" | tr -d ' ')"
on boss boss tw-case journal >"$T/journal"
is "the team's journal: one line per reply" "30 30" \
    "$(jq -r 'select(.event == "reply") | .key' "$T/journal" | sort | uniq | wc -l | tr -d ' ') $(jq -r 'select(.event == "reply") | .in_reply_to' "$T/journal" | sort -u | wc -l | tr -d ' ')"
is "credited to the agent who sent each" \
    "$(cat "$T/ana.out" "$T/ben.out" | jq -r '"\(.sent.key) \(.agent)"' | sort)" \
    "$(jq -r 'select(.event == "reply") | "\(.key) \(.agent)"' "$T/journal" | sort)"
is "nothing of it in the machines' TW_HOMEs" "" \
    "$(ls -d "$T"/ana/ledger "$T"/ben/ledger "$T"/ana/journal "$T"/ben/journal 2>/dev/null)"
exits "a rerun from a third machine sends nothing" 0 on lead lead tw-reply <"$T/intents"
is "still 30" 30 "$(replies "Sorry about your bag" | wc -l | tr -d ' ')"

# A trainee's reply waits for approval; a lead on another machine sends it.
echo "approve_agents = trainee" >"$T/approve"
for m in trainee lead; do
	awk -v f="$T/approve" '{ print } /^\[account / && !done { while ((getline l < f) > 0) print l; done = 1 }' \
	    "$T/$m/config" >"$T/$m/config.new" && mv "$T/$m/config.new" "$T/$m/config" && chmod 600 "$T/$m/config"
done
sandbox_posts 1 newbie "where is my refund"
p=$(state | jq -r '.tweets[] | select(.username == "newbie000") | .id')
exits "the trainee's reply goes to the drafts" 0 on trainee trainee tw-reply "$p" "Your refund is on its way"
is "not sent yet" 0 "$(replies "Your refund is on its way" | wc -l | tr -d ' ')"
on lead lead tw-reply --list >"$T/drafts"
is "the lead sees the trainee's draft from another machine" "trainee $p" \
    "$(jq -r '"\(.agent) \(.in_reply_to)"' "$T/drafts")"
exits "the lead approves it" 0 on lead lead tw-reply --approve
is "sent once" "$p" "$(replies "Your refund is on its way")"
is "credited to the trainee, approved by the lead" "trainee lead" \
    "$(on boss boss tw-case journal | jq -r 'select(.event == "reply" and .in_reply_to == "'"$p"'") | "\(.agent) \(.approver)"')"
is "no draft left, seen from the trainee's machine" "" "$(on trainee trainee tw-reply --list)"

# The manager's report over the team's case log counts every agent.
export TW_NOW=2026-11-20T12:30:00Z
sandbox_posts 6 shift "my seat was changed"
on cron1 cron tw-fetch mentions | on cron1 cron tw-triage | on cron1 cron tw-case add >/dev/null 2>"$T/add.err"
for a in ana ben lead; do
	for i in 1 2; do
		on $a $a tw-case next >"$T/next.$a" 2>>"$T/next.err" || continue
		c=$(jq -r 'select(.type == "case") | .case.id' "$T/next.$a")
		pp=$(jq -r 'select(.direction == "in" and .type == "tweet") | .id' "$T/next.$a" | tail -n 1)
		on $a $a tw-reply "$pp" "Let me check your seat ($a)" >/dev/null 2>>"$T/shift.err"
		on $a $a tw-case resolve "$c" 2>>"$T/shift.err"
	done
done
on boss boss tw-case log >"$T/log"
on boss boss tw-metrics -g agent "$T/log" >"$T/report"
is "the manager's report from the team's case log: every agent" "ana ben lead" \
    "$(jq -r '.group | strings | select(. != "-")' "$T/report" | sort | tr '\n' ' ' | sed 's/ $//')"
unset TW_NOW

# Two cron hosts on one checkpoint name: never the same page twice.
sandbox_posts 40 cron "is the lounge open"
sb POST /_sandbox/faults '{"latency_ms":400}' >/dev/null
on cron1 cron tw-fetch -s team mentions >"$T/c1" 2>"$T/c1.err" & p1=$!
sleep 0.3
on cron2 cron tw-fetch -s team mentions >"$T/c2" 2>"$T/c2.err"; r2=$?
wait $p1; r1=$?
sb POST /_sandbox/faults '{"latency_ms":0}' >/dev/null
is "while the first cron host fetches, the second is refused: exit 5" "0 5" "$r1 $r2"
like "naming the process and host that holds the checkpoint" \
    "fetch-team is locked by pid [0-9]+ on [^ ]+ \\(tw-fetch\\)" "$(cat "$T/c2.err")"
on cron2 cron tw-fetch -s team mentions >"$T/c2b" 2>"$T/c2b.err"
is "the second, later, goes on from the first's checkpoint: nothing again" \
    "" "$(sort "$T/c1" "$T/c2b" | jq -r .id | sort | uniq -d | head -3)"
ok "the first fetched the posts ($(wc -l <"$T/c1") records)" test "$(wc -l <"$T/c1")" -ge 40
sandbox_posts 3 later "any news"
on cron2 cron tw-fetch -s team mentions >"$T/c2c" 2>/dev/null
is "and then only the 3 new ones" "3" "$(jq -r 'select(.author.username != null) | .author.username' "$T/c2c" | grep -c '^later')"

# The server goes away in the middle of a send: the reply is posted, the
# ledger cannot say so; one line, exit 4.  The rerun finds it posted.
sandbox_posts 1 gone "hello?"
p=$(state | jq -r '.tweets[] | select(.username == "gone000") | .id')
# (the post is made at once and answered 3 s later; the server is
# stopped, its data kept, in between)
sb POST /_sandbox/faults '{"timeout":100,"timeout_ms":3000}' >/dev/null
on ana ana tw-reply "$p" "We are here" >"$T/gone.out" 2>"$T/gone.err" & pg=$!
n=0; until [ "$(replies "We are here" | wc -l)" -gt 0 ] || [ $n -gt 100 ]; do sleep 0.05; n=$((n + 1)); done
TW_KEEP=1 sh "$TESTS/pg.sh" stop "$T/pg" >/dev/null 2>&1
wait $pg; rg=$?
sb POST /_sandbox/faults '{"timeout":0}' >/dev/null
is "the store went away mid-send: exit 4" 4 "$rg"
like "one clear line" "not recorded|connection|server|terminat" "$(cat "$T/gone.err")"
sh "$TESTS/pg.sh" start "$T/pg" >/dev/null 2>"$T/start.err" || fail "the server starts again" "$(cat "$T/start.err")"
on ana ana tw-reply "$p" "We are here" >"$T/gone2.out" 2>"$T/gone2.err"
is "the rerun: exit 0" 0 "$?"
is "one reply, posted once" 1 "$(replies "We are here" | wc -l | tr -d ' ')"
is "the journal has it once" 1 \
    "$(on boss boss tw-case journal | jq -r 'select(.in_reply_to == "'"$p"'") | .key' | wc -l | tr -d ' ')"

# No server: one line, exit 4, before anything is sent.
TW_KEEP=1 sh "$TESTS/pg.sh" stop "$T/pg" >/dev/null 2>&1
sandbox_posts 1 nosrv "anyone?"
p=$(state | jq -r '.tweets[] | select(.username == "nosrv000") | .id')
exits "no server: exit 4" 4 on ana ana tw-reply "$p" "Hello there"
is "one line" "1: $(head -n 1 "$T/err")" "$(wc -l <"$T/err" | tr -d ' '): $(cat "$T/err")"
is "and nothing was sent" 0 "$(replies "Hello there" | wc -l | tr -d ' ')"
sh "$TESTS/pg.sh" start "$T/pg" >/dev/null 2>&1

done_testing
