#!/bin/sh
# Exactly once: 200 intents, killed with SIGKILL at random points and run
# again until done, leave exactly 200 replies; the same with server
# errors, timeouts and dropped connections; two agents never both post.
. "$(dirname "$0")/lib.sh"

sandbox_start --rate-limit 1000000 --mentions 600 --mention-cap 0 || exit 1
brand=$(sed -n 's/^username = //p' "$TW_CONFIG")
# mentions the brand has not answered yet
sb GET /_sandbox/state | jq -r --arg b "$brand" '[.tweets[] | select(.username == $b) | (.reply_to // .in_reply_to)] | map(select(. != null)) | .[]' | sort -u >"$T/answered"
tw-fetch mentions | jq -r 'select(.in_reply_to == null and .retweet_of == null) | .id' |
    grep -vxF -f "$T/answered" >"$T/targets"

# intents FIRST N: intents for N targets from line FIRST on
intents() {
	sed -n "$1,$(($1 + $2 - 1))p" "$T/targets" |
	    awk '{ printf "{\"in_reply_to\":\"%s\",\"text\":\"Thanks, we are on it (case %d)\"}\n", $1, NR }'
}
count() {
	sb GET /_sandbox/state | jq -r --arg b "$brand" --slurpfile t "$T/set" '
	    ($t[0]) as $want | [.tweets[] | select(.username == $b) |
	    select((.reply_to // .in_reply_to) as $r | $want | index($r))] |
	    "\(length) \(map(.reply_to // .in_reply_to) | unique | length)"'
}
# The kill timings are pseudo-random from a seed that is printed, so a
# failing run can be repeated: TW_TEST_SEED=N sh tests/run 3010...
seed=${TW_TEST_SEED:-$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')}
diag "kill timings from TW_TEST_SEED=$seed"
# run_killed FILE: run tw-reply on FILE, killing it at pseudo-random
# moments, 40 times at most, then letting runs end by themselves until
# one exits 0 (a run that gives up on a server that keeps failing exits 4
# and is run again); prints the number of kills.
run_killed() {
	kills=0 runs=0
	while [ $runs -lt 100 ]; do
		runs=$((runs + 1))
		tw-reply <"$1" >>"$T/out" 2>>"$T/err" &
		p=$!
		if [ $kills -lt 40 ]; then
			# most runs are cut short early; now and then one runs longer
			sleep "$(awk -v s="$seed" -v r="$runs" -v f="$1" 'BEGIN {
			    srand(s * 1000 + r + length(f)); printf "%.2f", 0.02 + rand() * 0.4 }')"
			if kill -9 $p 2>/dev/null; then
				wait $p 2>/dev/null
				kills=$((kills + 1))
				continue
			fi
		fi
		wait $p && break
	done
	echo $kills
}

# a little latency, so that a run of 200 takes long enough to be cut
sb POST /_sandbox/faults '{"latency_ms":5}' >/dev/null
intents 1 200 >"$T/batch1"
jq -s '[.[].in_reply_to]' "$T/batch1" >"$T/set"
k=$(run_killed "$T/batch1")
if [ "$k" -gt 0 ]; then pass "the batch was killed $k times before it finished"; else fail "killed at least once" "0 kills"; fi
is "200 intents, killed and rerun: exactly 200 replies, one per post" "200 200" "$(count)"
exits "a rerun after it finished sends nothing" 0 tw-reply <"$T/batch1"
is "still exactly 200" "200 200" "$(count)"

# Faults: 5xx, dropped connections (the post is made, the answer lost),
# latency; and kills on top.
sb POST /_sandbox/faults '{"error_5xx":15,"drop":15,"latency_ms":5}' >/dev/null
TW_RETRY_BASE_MS=20     # retries back off from 20 ms, not 500
export TW_RETRY_BASE_MS
intents 201 200 >"$T/batch2"
jq -s '[.[].in_reply_to]' "$T/batch2" >"$T/set"
: >"$T/err"
k=$(run_killed "$T/batch2")
is "with 5xx and dropped connections, killed $k times: exactly 200" "200 200" "$(count)"
like "an unclear failure is checked before posting again" "checking whether it was posted" "$(cat "$T/err")"
sb POST /_sandbox/faults '{"error_5xx":0,"drop":0,"latency_ms":0}' >/dev/null

# Timeouts: 10% of posts are carried out but answered only after the
# client (timeout = 1 in the config) gave up.
echo "timeout = 1" >>"$TW_CONFIG"
sb POST /_sandbox/faults '{"timeout":10,"timeout_ms":1500}' >/dev/null
intents 461 60 >"$T/batch3"
jq -s '[.[].in_reply_to]' "$T/batch3" >"$T/set"
: >"$T/err"
runs=0
while [ $runs -lt 10 ]; do
	runs=$((runs + 1))
	tw-reply <"$T/batch3" >>"$T/out" 2>>"$T/err" && break
done
sb POST /_sandbox/faults '{"timeout":0}' >/dev/null
is "with timeouts: exactly 60 replies (in $runs runs)" "60 60" "$(count)"
like "a timeout is an unclear failure, checked before posting again" \
    "timed out.*checking whether it was posted" "$(cat "$T/err")"
exits "a rerun sends nothing" 0 tw-reply <"$T/batch3"

# Two agents reply to one post at the same moment: one reply.
t=$(sed -n 450p "$T/targets")
echo "[\"$t\"]" >"$T/set"
TW_AGENT=ann tw-reply "$t" "Hi, Ann here, looking into it" >"$T/a.out" 2>"$T/a.err" &
a=$!
TW_AGENT=bob tw-reply "$t" "Hi, Bob here, checking now" >"$T/b.out" 2>"$T/b.err" &
b=$!
wait $a; ra=$?
wait $b; rb=$?
is "two agents at once: one reply is posted" "1 1" "$(count)"
like "the other is told who replied" "(ann|bob) already replied to $t" "$(cat "$T/a.err" "$T/b.err") rc $ra $rb"
done_testing
