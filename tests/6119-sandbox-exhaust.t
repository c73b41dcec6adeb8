#!/bin/sh
# tw-sandbox under load it must survive (issue 9): many half-sent
# requests do not lock a new client out, idle connections are closed
# after --timeout, and request bodies are capped one by one and in all
# (--body-cap), so the memory stays bounded.  Loopback only; every loop
# is bounded (tests/sbflood.py).
. "${0%/*}/lib.sh"

FLOOD="$TW_PYTHON $TESTS/sbflood.py"
hwm() { sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$SANDBOX_PID/status"; }
# wait_line FILE REGEX: up to 20 seconds for a line in FILE
wait_line() {
	_i=0
	while ! grep -Eq "$2" "$1" 2>/dev/null && [ $_i -lt 200 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
	grep -E "$2" "$1"
}

sandbox_start || exit 1
PORT=${API##*:}
BT=$(sed -n 's/^bearer_token = //p' "$TW_CONFIG")
$FLOOD half "$PORT" 1100 15 >"$T/half" 2>&1 &
fpid=$!
is "1,100 connections with half a request each" "open 1100" \
    "$(wait_line "$T/half" '^open')"
ok "... the sandbox holds them all" test \
    "$(ls "/proc/$SANDBOX_PID/fd" | wc -l)" -ge 1100
s=$(date +%s%N)
is "a new client is still answered" 200 "$(curl -s -m 5 -o "$T/b" \
    -w '%{http_code}' -H "Authorization: Bearer $BT" \
    "$API/2/users/by/username/anna_k")"
e=$(date +%s%N)
ok "... within a few seconds" test $(( (e - s) / 1000000 )) -lt 3000
is "... with its answer" anna_k "$(json .data.username "$T/b")"
kill "$fpid" 2>/dev/null
wait "$fpid" 2>/dev/null
sandbox_stop

sandbox_start --timeout 2 --body-cap 64 || exit 1
PORT=${API##*:}
$FLOOD half "$PORT" 50 6 >"$T/half" 2>&1
is "--timeout 2: idle half-sent connections are closed" \
    "closed-by-server 50" "$(grep closed "$T/half")"

$FLOOD head "$PORT" 100000000 /2/tweets >"$T/head"
is "a body over 64 MB: 413 before it is sent" 413 "$(sed -n 1p "$T/head")"
is "... a JSON problem" "Payload Too Large 413" \
    "$(sed 1d "$T/head" | json '"\(.title) \(.status)"')"

base=$(hwm)
$FLOOD bodies "$PORT" 8 30000000 /2/tweets >"$T/bodies"
is "8 bodies of 30 MB at once: all answered" 8 \
    "$(grep -Ec '^[0-9]{3}$' "$T/bodies")"
ok "... past the 64 MB cap: 413" test "$(grep -c '^413$' "$T/bodies")" -ge 6
ok "... those that fit: read (401 without credentials)" \
    test "$(grep -c '^401$' "$T/bodies")" -ge 1
peak=$(hwm)
diag "VmHWM before ${base} kB, after ${peak} kB"
ok "... the memory stays within the cap (+32 MB)" \
    test $((peak - base)) -lt $(( (64 + 32) * 1024 ))
is "and a normal request is answered after" 200 \
    "$(curl -s -m 5 -o /dev/null -w '%{http_code}' "$API/_sandbox/state")"
done_testing
