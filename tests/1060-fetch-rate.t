#!/bin/sh
# tw-fetch within X's rate limits: a fetch that needs three windows
# completes with at most one 429; --no-wait exits 5 naming the reset.
. "${0%/*}/lib.sh"

# 557 mentions, 100 a page: 6 requests, 2 allowed per 3 s window.
sandbox_start -v --mentions 500 --mention-cap 0 --rate-limit 2 --rate-window 3 || exit 1
exits "a fetch over three windows completes" 0 tw-fetch -v mentions
is "it gets every mention" 557 "$(wc -l <"$T/out")"
like "it took 6 requests" "requests 6," "$(cat "$T/err")"
n429=$(grep -c ' 429 ' "$T/sandbox.err")
if [ "$n429" -le 1 ]; then pass "at most one 429 was received ($n429)"
else fail "at most one 429" "$n429 received" "$(cat "$T/sandbox.err")"; fi
like "the waits are told on stderr" "rate limited on GET /2/users/:id/mentions; waiting" "$(cat "$T/err")"

# A new process that meets a spent window.
tw-fetch --max 100 mentions >/dev/null 2>&1
tw-fetch --max 100 mentions >/dev/null 2>&1
exits "--no-wait at a rate limit: exit 5" 5 tw-fetch --no-wait mentions
like "--no-wait names the reset time" "resets at 20[0-9-]+T[0-9:]+Z" "$(cat "$T/err")"
is "--no-wait: one line" 1 "$(wc -l <"$T/err")"

# The usage cap is not a window: it is told apart and ends the run.
sandbox_stop
sandbox_start --usage-cap 150 --mentions 300 --mention-cap 0 || exit 1
tw-fetch mentions >"$T/out" 2>"$T/err"
rc=$?
like "usage-capped: exit 5 and said so" "^5 .*usage cap" "$rc $(cat "$T/err")"
done_testing
