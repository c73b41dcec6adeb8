#!/bin/sh
# A team on many machines: eight agents, each with a TW_HOME and config
# of their own, loop tw-case next -> tw-reply -> tw-case resolve over 500
# cases on one PostgreSQL server (of this test's own) and one sandbox;
# in the middle the server restarts.  Every case is claimed once and
# answered once (counted in the sandbox), the restart costs nothing but
# a retry, and nobody waits on anybody.
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
# agent NAME: on a machine of their own, until the queue is empty
agent() {
	h=$T/home.$1
	mkdir -p "$h"
	cp "$TW_CONFIG" "$h/config"
	export TW_HOME=$h TW_CONFIG=$h/config TW_AGENT=$1
	: >"$T/got.$1"
	while retry tw-case next >"$T/case.$1" 2>>"$T/err.$1"; do
		c=$(jq -r 'select(.type == "case") | .case.id' "$T/case.$1")
		p=$(jq -r 'select(.direction == "in" and .type == "tweet") | .id' "$T/case.$1" | tail -n 1)
		echo "$c $p" >>"$T/got.$1"
		if [ -n "$p" ]; then
			# (the seeded inbox's posts the brand answered before
			# are refused as such)
			retry tw-reply "$p" "On it, $1 here (case $c)." >/dev/null 2>"$T/send.$1" ||
			    { grep -q "already replied" "$T/send.$1" || echo "send $c" >>"$T/bad.$1"; }
			cat "$T/send.$1" >>"$T/err.$1"
		fi
		retry tw-case resolve "$c" 2>>"$T/err.$1" || echo "resolve $c" >>"$T/bad.$1"
	done
	echo done >"$T/end.$1"
}
pids=
for a in a1 a2 a3 a4 a5 a6 a7 a8; do agent $a & pids="$pids $!"; done
# the server restarts while they work
n=0; while [ "$(cat "$T"/got.* 2>/dev/null | wc -l)" -lt 150 ] && [ $n -lt 600 ]; do sleep 0.1; n=$((n + 1)); done
sh "$TESTS/pg.sh" restart "$T/pg" >/dev/null 2>"$T/restart.err" || fail "the restart" "$(cat "$T/restart.err")"
diag "the server restarted after $(cat "$T"/got.* | wc -l) claims"
wait $pids

is "all eight agents ran until the queue was empty" 8 "$(cat "$T"/end.* | wc -l)"
is "no send or resolve failed for good" "" "$(cat "$T"/bad.* 2>/dev/null)"
cat "$T"/got.* | cut -d' ' -f1 | sort -n >"$T/claimed"
is "every case was claimed" "$ncases" "$(wc -l <"$T/claimed")"
is "no case was claimed twice" "" "$(uniq -d "$T/claimed" | head -3)"
is "one claim event per case" "$ncases" "$(tw-case log | jq -r 'select(.event == "claim") | .case' | wc -l)"
ok "work was shared: more than two agents got cases" \
    test "$(for f in "$T"/got.*; do [ -s "$f" ] && echo x; done | wc -l)" -gt 2
sb GET /_sandbox/state >"$T/sbstate"
is "one reply per post, counted in the sandbox" "" \
    "$(jq -r --arg b "$brand_id" '.tweets[] | select(.author_id == $b and .in_reply_to != null and .created_at >= "2026-11-20T12:00:00Z") | .in_reply_to' "$T/sbstate" | sort | uniq -d | head -3)"
nrep=$(jq -r --arg b "$brand_id" '[.tweets[] | select(.author_id == $b and .in_reply_to != null and .created_at >= "2026-11-20T12:00:00Z")] | length' "$T/sbstate")
ok "at least the 500 new posts were answered ($nrep)" test "$nrep" -ge 500
is "the queue is empty" 0 "$(tw-case ls | wc -l)"
is "every case resolved" "$ncases" "$(tw-case ls --status resolved | wc -l)"
like "the restart was seen by someone, and retried" "connection|server" "$(cat "$T"/err.* "$T/restart.err")"

done_testing
