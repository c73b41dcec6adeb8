#!/bin/sh
# 1041-fetch-stream-storm: a server that answers the stream with 200 and
# one line that is not a post (an error object, an operational-disconnect
# notice, garbage), then closes, gets X's growing reconnect delays, not a
# storm; only a post (or a long healthy connection) resets the backoff.
. "${0%/*}/lib.sh"

sandbox_start || exit 1     # for a ready config with a bearer token
sandbox_stop

# storm MODES SECONDS: tw-fetch stream against stormsrv.py for SECONDS;
# the connections in $T/conns, tw-fetch's stderr in $T/serr
storm() {
	: >"$T/conns"; rm -f "$T/srv.url"
	"$TW_PYTHON" "$TESTS/stormsrv.py" "$1" "$T/conns" >"$T/srv.url" &
	srv=$!
	_i=0
	while [ ! -s "$T/srv.url" ] && [ $_i -lt 100 ]; do sleep 0.05; _i=$((_i + 1)); done
	TW_API_BASE=$(cat "$T/srv.url") tw-fetch stream >"$T/sout" 2>"$T/serr" &
	fpid=$!
	sleep "$2"
	kill -TERM $fpid; wait $fpid
	kill $srv; wait $srv 2>/dev/null
}
dbg() { diag "$(head -5 "$T/serr")" "$(cat "$T/conns")"; }
delays() { sed -n 's/.*reconnecting in \([0-9.]*\)s$/\1/p' "$T/serr" | head -"$1" | paste -sd' '; }

for mode in error disconnect garbage; do
	storm $mode 4
	n=$(wc -l <"$T/conns")
	ok "$mode then close: at most 8 connections in 4 s (got $n)" test "$n" -le 8
	[ "$(delays 4)" = "0.000 0.250 0.500 0.750" ] || dbg
	is "$mode then close: the delays grow" "0.000 0.250 0.500 0.750" "$(delays 4)"
done

storm error,error,error,post,error 4
is "a post resets the backoff" "0.000 0.250 0.500 0.000 0.250" "$(delays 5)"
is "the post is written" 1004 "$(jq -r .id "$T/sout")"
done_testing
