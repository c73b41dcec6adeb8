#!/bin/sh
# tw-case: claims under contention and crashes.  Eight agents loop on
# tw-case next, reply and resolve over 500 cases at once: every case is
# claimed once and answered once (counted in the sandbox), nobody waits
# forever, no "database is locked" reaches anyone.  Then kill -9 at
# random points of add, next and resolve, and run again: no event lost
# or doubled, and a dead agent's claim lapses (or is released).
# timeout: 1200
. "$(dirname "$0")/lib.sh"

SEED=${TW_TEST_SEED:-$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')}
diag "seed $SEED (TW_TEST_SEED=$SEED repeats this run)"
# rnd N: R is a number from 0 to N-1, from the seed (not in $(...): the
# state must advance in this shell)
_r=$SEED
rnd() { _r=$(( (_r * 1103515245 + 12345) % 2147483648 )); R=$(( _r / 65536 % $1 )); }

sandbox_start --now 2026-11-20T12:00:00Z --rate-limit 1000000 || exit 1
brand_id=$(sed -n 's/^user_id = //p' "$TW_CONFIG")
export TW_NOW=2026-11-20T12:30:00Z

# 500 customers write once each
sandbox_posts 500 claim "help with booking"
tw-fetch mentions | tw-triage | tw-case add >"$T/filed" 2>"$T/add.err"
ncases=$(tw-case ls | wc -l)
ok "500 new cases and the seed's ($ncases)" test "$ncases" -ge 500

# agent NAME: next, reply to the latest inbound post, resolve; until none
agent() {
	: >"$T/got.$1"
	while TW_AGENT=$1 tw-case next >"$T/case.$1" 2>>"$T/err.$1"; do
		c=$(jq -r 'select(.type == "case") | .case.id' "$T/case.$1")
		p=$(jq -r 'select(.direction == "in" and .type == "tweet") | .id' "$T/case.$1" | tail -n 1)
		echo "$c $p" >>"$T/got.$1"
		if [ -n "$p" ]; then
			TW_AGENT=$1 tw-reply "$p" "On it, $1 here (case $c)." >/dev/null 2>"$T/send.$1" ||
			    { grep -q "already replied" "$T/send.$1" || echo "send $c" >>"$T/bad.$1"; }
			cat "$T/send.$1" >>"$T/err.$1"
		fi
		TW_AGENT=$1 tw-case resolve "$c" 2>>"$T/err.$1" || echo "resolve $c" >>"$T/bad.$1"
	done
	echo done >"$T/end.$1"
}
pids=
for a in a1 a2 a3 a4 a5 a6 a7 a8; do agent $a & pids="$pids $!"; done
wait $pids

is "all eight agents ran until the queue was empty" 8 "$(cat "$T"/end.* | wc -l)"
is "no send or resolve failed" "" "$(cat "$T"/bad.* 2>/dev/null)"
unlike "no 'database is locked' reached an agent" "locked" "$(cat "$T"/err.*)"
cat "$T"/got.* | cut -d' ' -f1 | sort -n >"$T/claimed"
is "every case was claimed" "$ncases" "$(wc -l <"$T/claimed")"
is "no case was claimed twice" "" "$(uniq -d "$T/claimed" | head -3)"
is "one claim event per case" "$ncases" "$(tw-case log | jq -r 'select(.event == "claim") | .case' | sort -u | wc -l)"
is "and no more" "$ncases" "$(tw-case log | jq -r 'select(.event == "claim") | .case' | wc -l)"
ok "work was shared: more than two agents got cases" \
    test "$(for f in "$T"/got.*; do [ -s "$f" ] && echo x; done | wc -l)" -gt 2
sb GET /_sandbox/state >"$T/sbstate"
is "one reply per post, counted in the sandbox" "" \
    "$(jq -r --arg b "$brand_id" '.tweets[] | select(.author_id == $b and .in_reply_to != null and .created_at >= "2026-11-20T12:00:00Z") | .in_reply_to' "$T/sbstate" | sort | uniq -d | head -3)"
nrep=$(jq -r --arg b "$brand_id" '[.tweets[] | select(.author_id == $b and .in_reply_to != null and .created_at >= "2026-11-20T12:00:00Z")] | length' "$T/sbstate")
ok "at least the 500 new posts were answered ($nrep)" test "$nrep" -ge 500
is "the queue is empty" 0 "$(tw-case ls | wc -l)"

# ---- kill -9 ----
export TW_HOME=$T/state2
mkdir -p "$TW_HOME"
# a new store: TW_HOME's file, or a new database under make check-pg
if store_is_pg; then
	pg_createdb part2 || fail "a second database"
	TW_STORE=$PG_URI
fi
# 20,000 records from 2,000 customers, an hour apart at most
jq -cn 'range(20000) | {type: "tweet", id: (tostring | "9" + .),
    created_at: ("2026-11-20T\(10 + (. % 8)):\((. / 60 | floor) % 60 + 100 | tostring | .[1:]):00Z"),
    text: "@skyway message \(.)", direction: "in",
    account: {id: "1456789012", username: "skyway"},
    author: {id: "c\(. % 2000)", username: "k\(. % 2000)"},
    triage: {priority: (. % 97), queue: "general"}}' >"$T/big"
# Each victim runs in a process group of its own whose leader stays
# alive until killed (exec sleep): kill -9 takes the group and whatever
# tw-case it is running, and never a pid that ended and was given to a
# process of another test.
victim() { setsid sh -c "$1; exec sleep 600" "$2" "$3" & pid=$!; }
kills=0
for round in 1 2 3; do
	victim 'tw-case add "$0" >"$1" 2>/dev/null; echo done >"$1.done"' \
	    "$T/big" "$T/add.out"
	rnd 1500; ms=$((R + 50))
	sleep "$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))"
	[ -e "$T/add.out.done" ] || kills=$((kills + 1))
	kill -9 -$pid 2>/dev/null
	wait $pid 2>/dev/null
	rm -f "$T/add.out.done"
	diag "add killed after ${ms} ms: $(wc -l <"$T/add.out") records were out"
	# what came out was committed: its case is in the store
	last=$(tail -n 1 "$T/add.out" | jq -r '.id // empty' 2>/dev/null)
	if [ -n "$last" ]; then
		is "round $round: the last record out is in the store" "$last" \
		    "$(tw-case show "$last" | jq -r 'select(.id == "'"$last"'") | .id')"
	fi
done
exits "add after the kills: exit 0" 0 tw-case add "$T/big"
is "every record is out once" 20000 "$(wc -l <"$T/out")"
tw-case log >"$T/log2"
is "every message is in once" 20000 "$(jq -r 'select(.event == "in") | .id' "$T/log2" | sort -u | wc -l)"
is "no message event twice" 20000 "$(jq -r 'select(.event == "in") | .id' "$T/log2" | wc -l)"
is "one case per customer" 2000 "$(jq -r 'select(.event == "open") | .customer_id' "$T/log2" | sort -u | wc -l)"
is "no customer opened twice" 2000 "$(jq -r 'select(.event == "open") | .case' "$T/log2" | wc -l)"

# next, killed: the dead agent's claims lapse after claim_ttl (2h)
for round in 1 2 3; do
	victim 'while TW_AGENT=$0 tw-case next >/dev/null 2>&1; do :; done' \
	    dead$round x
	rnd 600; sleep "$(printf '0.%03d' $((R + 100)))"
	kill -9 -$pid 2>/dev/null
	wait $pid 2>/dev/null
done
held=$(tw-case ls | jq -r 'select(.case.owner != null) | .case.id' | wc -l)
ok "the dead agents hold cases ($held)" test "$held" -gt 0
is "ls --unassigned does not offer them now" 0 \
    "$(tw-case ls --unassigned | jq -r 'select(.case.owner != null) | .case.id' | wc -l)"
is "two hours later, their claims have lapsed" "$held" \
    "$(TW_NOW=2026-11-20T14:31:00Z tw-case ls --unassigned | jq -r 'select(.case.owner != null) | .case.id' | wc -l)"
c=$(tw-case ls | jq -r 'select(.case.owner != null) | .case.id' | head -n 1)
exits "a lead releases one at once" 0 tw-case release "$c"
is "it is free" "null" "$(tw-case show "$c" | jq -r 'select(.type == "case") | .case.owner')"
is "every claim event matches a held case or a released one" "$((held + 1))" \
    "$(tw-case log | jq -r 'select(.event == "claim" or .event == "release") | .case' | wc -l)"

# resolve, killed: a case is resolved with its event, or not at all
tw-case ls | jq -r .case.id | head -n 600 >"$T/toresolve"
for round in 1 2 3; do
	victim 'xargs -n 20 tw-case resolve <"$0" >/dev/null 2>&1' \
	    "$T/toresolve" x
	rnd 700; sleep "$(printf '0.%03d' $((R + 50)))"
	kill -9 -$pid 2>/dev/null
	wait $pid 2>/dev/null
done
tw-case log | jq -r 'select(.event == "resolve") | .case' | sort >"$T/revents"
tw-case ls --status resolved | jq -r .case.id | sort >"$T/rstate"
is "the resolve events and the resolved cases agree" "" "$(diff "$T/revents" "$T/rstate")"
is "no case resolved twice" "" "$(uniq -d "$T/revents")"
xargs tw-case resolve <"$T/toresolve"
is "the rest resolve after the kills" 600 "$(tw-case ls --status resolved | wc -l)"
diag "kill -9 landed $kills times in add while it ran"

done_testing
