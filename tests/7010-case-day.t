#!/bin/sh
# tw-case: three simulated days.  Customers write 2,000 mentions and DMs
# to the sandbox (tests/casepost.py, seeded); every two simulated hours a
# cron-like run fetches what is new, triages it and files it into cases;
# two agents then work the queue: next, reply (or DM), resolve.  At the
# end every inbound message is in exactly one case, no case was lost
# between runs, and tw-case ls shows exactly the unresolved cases.
# timeout: 1200
. "$(dirname "$0")/lib.sh"

SEED=${TW_TEST_SEED:-11}
diag "seed $SEED (TW_TEST_SEED)"
sandbox_start --now 2026-11-19T23:00:00Z --rate-limit 1000000 || exit 1
brand_id=$(sed -n 's/^user_id = //p' "$TW_CONFIG")
clock() { sb GET /_sandbox/clock | jq -r .now; }
at() { sb POST /_sandbox/clock "{\"now\":\"$1\"}" >/dev/null; }

cron() {
	{ tw-fetch mentions -s m; tw-fetch dms -s d; } 2>>"$T/cron.err" |
	    tw-triage -s t 2>>"$T/cron.err" | tw-case add >>"$T/filed" \
	    2>>"$T/cron.err" || echo "cron run $1 failed" >>"$T/failures"
}

# work AGENT N: take up to N cases: next, answer the latest message, resolve
work() {
	i=0
	while [ $i -lt "$2" ]; do
		TW_AGENT=$1 tw-case next >"$T/case" 2>"$T/next.err" || break
		c=$(jq -r 'select(.type == "case") | .case.id' "$T/case")
		last=$(jq -r 'select(.direction == "in") | "\(.type) \(.id) \(.author.username)"' \
		    "$T/case" | tail -n 1)
		set -- "$1" "$2" $last
		if [ "$3" = tweet ]; then
			TW_AGENT=$1 tw-reply "$4" "Sorry about that, we are on it (case $c, run $step, $1 $i)." \
			    >/dev/null 2>"$T/send.err"
		else
			TW_AGENT=$1 tw-dm "@$5" "Thanks for your message, looking now (case $c, run $step, $1 $i)." \
			    >/dev/null 2>"$T/send.err"
		fi
		r=$?
		cat "$T/send.err" >>"$T/agent.err"
		if [ $r = 0 ]; then
			echo "$1 $c $4" >>"$T/answered"
		elif grep -q "already replied" "$T/send.err"; then
			# a seeded post the brand answered before the test began
			echo "$1 $c $4" >>"$T/answered-before"
		else
			echo "send $c" >>"$T/failures"
		fi
		TW_AGENT=$1 tw-case resolve --reason answered "$c" 2>>"$T/agent.err" ||
		    echo "resolve $c" >>"$T/failures"
		i=$((i + 1))
	done
}

: >"$T/ids"; : >"$T/filed"; : >"$T/answered"; : >"$T/answered-before"
: >"$T/failures"
steps=${CASE_STEPS:-36} per=${CASE_PER:-56}   # 36 runs two simulated hours apart, 2,016 messages
step=0
while [ $step -lt $steps ]; do
	# every two hours from 2026-11-20T00:00Z; the clock only moves forward
	t=$(printf '2026-11-%02dT%02d:00:00Z' $((20 + step / 12)) $((step % 12 * 2)))
	[ "$(clock)" \< "$t" ] && at "$t"
	"$TW_PYTHON" "$TESTS/casepost.py" "$API" "$SEED" $step $per "$T/ids" ||
	    echo "post $step" >>"$T/failures"
	export TW_NOW
	TW_NOW=$(clock)
	cron $step
	work alice 4
	work bob 4
	unset TW_NOW
	step=$((step + 1))
done

is "no stage failed" "" "$(cat "$T/failures")"
unlike "no 'database is locked' reached anyone" "locked" "$(cat "$T/cron.err" "$T/agent.err" "$T/next.err")"
posted=$(wc -l <"$T/ids")
is "$((steps * per)) messages were posted" $((steps * per)) "$posted"

tw-case log >"$T/log"
cut -d' ' -f2 "$T/ids" | sort >"$T/posted"
jq -r 'select(.event == "in") | .id' "$T/log" | sort >"$T/in"
is "every posted message was filed" "" "$(comm -23 "$T/posted" "$T/in" | head -5)"
is "none was filed twice" "" "$(uniq -d "$T/in" | head -5)"
is "each filed message is in one case" "" \
    "$(jq -r 'select(.event == "in") | "\(.id) \(.case)"' "$T/log" | sort -u | cut -d' ' -f1 | uniq -d | head -5)"
is "each filed record came out with its case" "" \
    "$(jq -r 'select(.direction == "in" and .case == null) | .id' "$T/filed" | head -5)"

# the unresolved cases, from the events alone: a case's last open, reopen
# or resolve decides
jq -r 'select(.event == "open" or .event == "reopen" or .event == "resolve") | "\(.case) \(.event)"' \
    "$T/log" | awk '{ s[$1] = $2 } END { for (c in s) if (s[c] != "resolve") print c }' |
    sort -n >"$T/want"
tw-case ls | jq -r .case.id | sort -n >"$T/ls"
is "tw-case ls shows exactly the unresolved cases" "" "$(diff "$T/want" "$T/ls")"
ncase=$(jq -r 'select(.event == "open") | .case' "$T/log" | sort -u | wc -l)

ok "some cases are still waiting at the end ($(wc -l <"$T/ls") of $ncase)" test "$(wc -l <"$T/ls")" -gt 0
is "every case is listed under some state" "$ncase" \
    "$(for s in new open pending resolved escalated; do tw-case ls --status $s; done | jq -r .case.id | sort -u | wc -l)"
nans=$(wc -l <"$T/answered")
ok "the agents answered cases ($nans)" test "$nans" -gt $((steps * 6))
is "one resolve event per case worked" "$((nans + $(wc -l <"$T/answered-before")))" \
    "$(jq -r 'select(.event == "resolve") | .case' "$T/log" | wc -l)"
sb GET /_sandbox/state >"$T/sbstate"
since=2026-11-19T23:00:00Z
sent=$(jq --arg b "$brand_id" --arg s $since '[.tweets[] | select(.author_id == $b and .in_reply_to != null and .created_at >= $s)] | length' "$T/sbstate")
dms=$(jq --arg b "$brand_id" --arg s $since '[.dms[] | select(.from == $b and .created_at >= $s)] | length' "$T/sbstate")
is "the sandbox got one reply or DM per answer" "$nans" "$((sent + dms))"
is "each sent message is on its case as out" "$nans" "$(jq -r 'select(.event == "out") | .id' "$T/log" | sort -u | wc -l)"
reopened=$(jq -r 'select(.event == "reopen") | .case' "$T/log" | wc -l)
ok "customers who wrote again reopened their cases ($reopened)" test "$reopened" -gt 0
is "no customer has two unresolved cases" "" \
    "$(tw-case ls | jq -r .case.customer.id | sort | uniq -d | head -3)"

done_testing
