#!/bin/sh
# tw-fetch stream: rules kept equal to a file; posts arrive as they are
# made; disconnects, stalls and errors are followed by reconnects with X's
# backoff, and nothing is lost or written twice.
. "${0%/*}/lib.sh"

sandbox_start --keepalive 1 || exit 1
brand=$(sed -n 's/^username = //p' "$TW_CONFIG")

printf '# care rules\nluggage: luggage OR baggage\ndelays: delayed -is:retweet\n\n' >"$T/care.rules"
exits "rules sync: exit 0" 0 tw-fetch stream -r "$T/care.rules" --list-rules
like "rules sync adds the missing" "2 added, 0 deleted, 0 unchanged" "$(cat "$T/err")"
is "the server's rules are the file's" "delays: delayed -is:retweet
luggage: luggage OR baggage" "$(sort "$T/out")"
exits "a second sync: exit 0" 0 tw-fetch stream -r "$T/care.rules" --list-rules
like "a second sync changes nothing" "0 added, 0 deleted, 2 unchanged" "$(cat "$T/err")"
printf 'luggage: luggage OR baggage OR suitcase\nrefunds: refund\n' >"$T/care.rules"
exits "sync after an edit: exit 0" 0 tw-fetch stream -r "$T/care.rules" --list-rules
like "edited rules: the changed one replaced, the extra deleted" "2 added, 2 deleted, 0 unchanged" "$(cat "$T/err")"
tw-fetch stream --list-rules >"$T/rules" 2>/dev/null
is "--list-rules prints them in the file's format" "luggage: luggage OR baggage OR suitcase
refunds: refund" "$(sort "$T/rules")"
tw-fetch stream --rules >"$T/rules2" 2>"$T/rules2.err"
is "the old '--rules' without a file still prints them" "$(cat "$T/rules")" "$(cat "$T/rules2")"
is "the old '--rules': with a warning" "tw-fetch: warning: '--rules' without a file is an old spelling, accepted until tw 0.2; use '--list-rules' (see NEWS.md)" "$(cat "$T/rules2.err")"

# post N: a customer tweets "@brand my luggage N is lost"
post() { sb POST /_sandbox/tweets "{\"username\":\"cust$1\",\"text\":\"@$brand my luggage $1 is lost\"}" >/dev/null; }
# wait_lines FILE N: up to 15 s for FILE to have N lines
wait_lines() {
	_i=0
	while [ "$(wc -l <"$1")" -lt "$2" ] && [ $_i -lt 150 ]; do sleep 0.1; _i=$((_i + 1)); done
}
# wait_err REGEX: up to 20 s for the stream's stderr to say it (a busy
# machine, or ASan, may take more than a moment)
wait_err() {
	_i=0
	while ! tr '\n' ' ' <"$T/stream.err" | grep -Eq -- "$1" && [ $_i -lt 200 ]; do
		sleep 0.1; _i=$((_i + 1))
	done
}
start_stream() {
	: >"$T/stream.out"
	tw-fetch stream >"$T/stream.out" 2>"$T/stream.err" &
	spid=$!
	sleep 1
}
stop_stream() {
	kill -TERM $spid
	wait $spid
	src=$?
}

start_stream
post 1; post 2
wait_lines "$T/stream.out" 2
is "posts arrive while the stream is open" "1 2" "$(jq -r '.text | split(" ")[3]' "$T/stream.out" | sort | paste -sd' ')"
is "stream records carry their matching rule" "luggage" "$(jq -r '.matching_rules[0].tag' "$T/stream.out" | sort -u)"

# The server closes the stream after every 2 posts: reconnect, backfill.
sb POST /_sandbox/faults '{"stream_disconnect":2}' >/dev/null
for i in 3 4 5 6 7 8 9; do post $i; sleep 0.2; done
wait_lines "$T/stream.out" 9
sleep 1
stop_stream
is "SIGTERM ends the stream cleanly" 0 "$src"
is "disconnects: no post lost" "1 2 3 4 5 6 7 8 9" "$(jq -r '.text | split(" ")[3]' "$T/stream.out" | sort -n | paste -sd' ')"
is "disconnects: no post written twice" "" "$(jq -r .id "$T/stream.out" | sort | uniq -d)"
like "a disconnect is followed by an immediate reconnect" "reconnecting in 0.000s" "$(cat "$T/stream.err")"

# A stall: no data, not even keep-alives, for longer than the idle limit.
sb POST /_sandbox/faults '{"stream_disconnect":0,"stream_stall":4}' >/dev/null
sleep 3     # apart from the posts above
TW_STREAM_IDLE=2
export TW_STREAM_IDLE
start_stream
post 10
sleep 3
post 11
wait_lines "$T/stream.out" 2
stop_stream
unset TW_STREAM_IDLE
like "a stall is noticed and the stream reconnects" "reconnecting in" "$(cat "$T/stream.err")"
is "a stall loses nothing" "10 11" "$(jq -r '.text | split(" ")[3]' "$T/stream.out" | sort -n | paste -sd' ')"

# HTTP errors back off from 5 s; 429 from 60 s.  The server closes the
# stream after a post, and the reconnect meets the error.
start_stream
post 12
wait_lines "$T/stream.out" 1
sb POST /_sandbox/faults '{"stream_disconnect":1,"error_5xx":100}' >/dev/null
post 13
wait_err "503.*reconnecting in 5.000s"
sb POST /_sandbox/faults '{"stream_disconnect":0,"error_5xx":0}' >/dev/null
wait_lines "$T/stream.out" 2
stop_stream
like "a 503 waits 5 s before reconnecting" "503.*reconnecting in 5.000s" "$(cat "$T/stream.err")"
is "and then the stream goes on, the gap filled" "12 13" "$(jq -r '.text | split(" ")[3]' "$T/stream.out" | sort -n | paste -sd' ')"

start_stream
post 14
wait_lines "$T/stream.out" 1
sb POST /_sandbox/faults '{"stream_disconnect":1,"error_429":100}' >/dev/null
post 15
wait_err "429.*reconnecting in 60.000s"
stop_stream
like "a 429 waits 60 s before reconnecting" "429.*reconnecting in 60.000s" "$(cat "$T/stream.err")"
is "SIGTERM during the wait ends it at once, cleanly" 0 "$src"
sb POST /_sandbox/faults '{"stream_disconnect":0,"error_429":0}' >/dev/null

# Network errors: +250 ms a time.  Stop the sandbox under the stream.
start_stream
sandbox_stop
wait_err "reconnecting in 0.500s"
stop_stream
like "network errors back off by 250 ms steps" "reconnecting in 0.250s.*" "$(tr '\n' ' ' <"$T/stream.err")"
like "and then 500 ms" "reconnecting in 0.500s" "$(cat "$T/stream.err")"
done_testing
