#!/bin/sh
# A team on many machines: eight agents, each with a TW_HOME and config
# of their own, loop tw-case next -> tw-reply -> tw-case resolve over 500
# cases on one PostgreSQL server (of this test's own) and one sandbox;
# in the middle the server restarts.  Every case is claimed once and
# answered once (counted in the sandbox), the restart costs nothing but
# a retry, and nobody waits on anybody.  Then 200 more, with three
# agents killed (SIGKILL) at random moments and another restart: the
# next shift, after the dead agents' claims have lapsed, finishes their
# cases, and each post is still answered exactly once.
# timeout: 1200
. "$(dirname "$0")/lib.sh"

pg_start || { fail "a PostgreSQL server of this test's own"; done_testing; exit 1; }
pg_createdb || { fail "a database for it"; done_testing; exit 1; }
export TW_STORE=$PG_URI

sandbox_start --now 2026-11-20T12:00:00Z --rate-limit 1000000 || exit 1
brand_id=$(sed -n 's/^user_id = //p' "$TW_CONFIG")
export TW_NOW=2026-11-20T12:30:00Z

# 500 customers write once each
sandbox_posts 500 team "where is my refund"
# the cron host
tw-fetch mentions | tw-triage | tw-case add >"$T/filed" 2>"$T/add.err"
ncases=$(tw-case ls | wc -l)
ok "500 new cases and the seed's ($ncases)" test "$ncases" -ge 500

# retry CMD...: again while it exits 4 (the server is restarting)
retry() {
	_n=0
	while :; do
		"$@"; _rc=$?
		[ $_rc = 4 ] && [ $_n -lt 100 ] || return $_rc
		_n=$((_n + 1)); sleep 0.2
	done
}
# agent NAME [wait]: on a machine of their own, until the queue is
# empty; with wait, until no case is new or open (cases claimed by
# others come back when their claims lapse; a case a dead agent
# answered but did not resolve is pending, waiting for the customer).
# The reply's text is the case's, whoever sends it: a second agent's
# send of it is the same intent, so the ledger (on the store) knows it.
agent() {
	h=$T/home.$1
	mkdir -p "$h"
	cp "$TW_CONFIG" "$h/config"
	export TW_HOME=$h TW_CONFIG=$h/config TW_AGENT=$1
	: >>"$T/got.$1"
	while :; do
		if ! retry tw-case next >"$T/case.$1" 2>>"$T/err.$1"; then
			[ -n "${2:-}" ] && [ "$( (retry tw-case ls --status new; retry tw-case ls --status open) | wc -l)" -gt 0 ] || break
			sleep 0.3; continue
		fi
		c=$(jq -r 'select(.type == "case") | .case.id' "$T/case.$1")
		p=$(jq -r 'select(.direction == "in" and .type == "tweet") | .id' "$T/case.$1" | tail -n 1)
		echo "$c $p" >>"$T/got.$1"
		if [ -n "$p" ]; then
			# (the seeded inbox's posts the brand answered before
			# are refused as such)
			retry tw-reply "$p" "On it: case $c." >/dev/null 2>"$T/send.$1" ||
			    { grep -q "already replied" "$T/send.$1" || echo "send $c" >>"$T/bad.$1"; }
			cat "$T/send.$1" >>"$T/err.$1"
		fi
		retry tw-case resolve "$c" 2>>"$T/err.$1" || echo "resolve $c" >>"$T/bad.$1"
	done
	echo done >"$T/end.$1"
}
# claims: how many cases the agents have taken so far
claims() { cat "$T"/got.* 2>/dev/null | wc -l; }
# replies PREFIX: the brand's replies to posts of customers PREFIXnnn
replies() {
	sb GET /_sandbox/state | jq -r --arg b "$brand_id" --arg p "$1" '
	    [.tweets[] | select(.username != null and (.username | startswith($p))) | .id] as $ids |
	    .tweets[] | select(.author_id == $b and .in_reply_to != null) |
	    select(.in_reply_to as $t | $ids | index($t)) | .in_reply_to'
}

pids=
for a in a1 a2 a3 a4 a5 a6 a7 a8; do agent $a & pids="$pids $!"; done
# the server restarts while they work
n=0; while [ "$(claims)" -lt 150 ] && [ $n -lt 600 ]; do sleep 0.1; n=$((n + 1)); done
sh "$TESTS/pg.sh" restart "$T/pg" >/dev/null 2>"$T/restart.err" || fail "the restart" "$(cat "$T/restart.err")"
diag "the server restarted after $(claims) claims"
wait $pids

is "all eight agents ran until the queue was empty" 8 "$(cat "$T"/end.* | wc -l)"
is "no send or resolve failed for good" "" "$(cat "$T"/bad.* 2>/dev/null)"
cat "$T"/got.* | cut -d' ' -f1 | sort -n >"$T/claimed"
is "every case was claimed" "$ncases" "$(wc -l <"$T/claimed")"
is "no case was claimed twice" "" "$(uniq -d "$T/claimed" | head -3)"
is "one claim event per case" "$ncases" "$(tw-case log | jq -r 'select(.event == "claim") | .case' | wc -l)"
ok "work was shared: more than two agents got cases" \
    test "$(for f in "$T"/got.*; do [ -s "$f" ] && echo x; done | wc -l)" -gt 2
replies team >"$T/replied"
is "exactly 500 replies to the 500 posts, counted in the sandbox" "500 500" \
    "$(wc -l <"$T/replied" | tr -d ' ') $(sort -u "$T/replied" | wc -l | tr -d ' ')"
is "the queue is empty" 0 "$(tw-case ls | wc -l)"
is "every case resolved" "$ncases" "$(tw-case ls --status resolved | wc -l)"
like "the restart was seen by someone, and retried" "connection|server" "$(cat "$T"/err.* "$T/restart.err")"

# Again, with agents killed.  200 more customers at 13:00.
export TW_NOW=2026-11-20T13:00:00Z
sandbox_posts 200 late "my flight was cancelled"
tw-fetch mentions | tw-triage | tw-case add >"$T/filed2" 2>"$T/add2.err"
is "200 new cases" 200 "$(tw-case ls | wc -l)"
rm -f "$T"/got.* "$T"/end.* "$T"/bad.*
pids=
for a in a1 a2 a3 a4 a5 a6 a7 a8; do agent $a & eval "pid_$a=$!"; pids="$pids $!"; done
# kill PIDVAR: SIGKILL an agent's loop and whatever it runs at the moment
kill9() {
	_p=$(eval echo "\$pid_$1")
	kill -STOP "$_p" 2>/dev/null
	pkill -9 -P "$_p" 2>/dev/null
	kill -9 "$_p" 2>/dev/null
	wait "$_p" 2>/dev/null
}
# three agents die at random moments, the server restarts in between
victims=$(printf '%s\n' a1 a2 a3 a4 a5 a6 a7 a8 | shuf -n 3 | tr '\n' ' ')
at=$(shuf -i 10-40 -n 1)
for v in $victims; do
	n=0; while [ "$(claims)" -lt "$at" ] && [ $n -lt 600 ]; do sleep 0.02; n=$((n + 1)); done
	kill9 "$v"
	at=$((at + $(shuf -i 5-30 -n 1)))
done
sh "$TESTS/pg.sh" restart "$T/pg" >/dev/null 2>"$T/restart2.err" || fail "the second restart" "$(cat "$T/restart2.err")"
diag "killed $victims, the server restarted after $(claims) claims"
for a in a1 a2 a3 a4 a5 a6 a7 a8; do
	case " $victims " in *" $a "*) ;; *) wait "$(eval echo "\$pid_$a")" ;; esac
done
# the case each dead agent held, if any (its last claim)
for v in $victims; do tail -n 1 "$T/got.$v" | cut -d' ' -f1; done | grep . >"$T/dead"
held=$(tw-case ls --status open | wc -l)
diag "the dead agents' claims left $held cases open"
# the next shift, after claim_ttl (2h): two of the dead agents' own
# machines take what is left
export TW_NOW=2026-11-20T15:30:00Z
set -- $victims
agent "$1" wait & p1=$!
agent "$2" wait & p2=$!
wait $p1 $p2
is "nothing is left to take" 0 "$( (tw-case ls --status new; tw-case ls --status open) | wc -l)"
npend=$(tw-case ls --status pending | wc -l)
diag "$npend cases answered by an agent killed before resolving them (pending)"
is "every case resolved, or answered and pending" "$((ncases + 200))" \
    "$(( $(tw-case ls --status resolved | wc -l) + npend ))"
(tw-case ls --status resolved; tw-case ls --status pending) | jq -r '.case.id' | sort >"$T/resolved"
is "the cases the dead agents held were answered" "" \
    "$(sort "$T/dead" | comm -23 - "$T/resolved")"
is "no send or resolve failed for good" "" "$(cat "$T"/bad.* 2>/dev/null)"
replies late >"$T/replied2"
is "exactly 200 replies to the 200 posts, with three agents killed" "200 200" \
    "$(wc -l <"$T/replied2" | tr -d ' ') $(sort -u "$T/replied2" | wc -l | tr -d ' ')"
cat "$T"/got.* | cut -d' ' -f1 | sort -n | uniq >"$T/claimed2"
is "every case was taken" 200 "$(wc -l <"$T/claimed2")"

done_testing
