#!/bin/sh
# tw-sandbox survives 10,000 random and malformed requests, answering
# each with JSON (issue 9): tests/sbfuzz.py, raw sockets on 127.0.0.1,
# a fixed seed (printed; TW_FUZZ_SEED picks another).
. "${0%/*}/lib.sh"

SEED=${TW_FUZZ_SEED:-20261204}
N=${TW_FUZZ_N:-10000}
sandbox_start || exit 1
PORT=${API##*:}
diag "seed $SEED"
# the timeout guards against a hang, not a slow machine: ASan builds on
# two busy vCPUs take over 120 s for the 10,000 requests
timeout 300 "$TW_PYTHON" "$TESTS/sbfuzz.py" fuzz "$PORT" "$TW_CONFIG" \
    "$SEED" "$N" >"$T/fuzz" 2>&1
rc=$?
diag "$(cat "$T/fuzz" | head -30)"
is "$N requests, every answer HTTP with a JSON body" 0 "$rc"
ok "the sandbox is alive" kill -0 "$SANDBOX_PID"
BT=$(sed -n 's/^bearer_token = //p' "$TW_CONFIG")
is "... and answers a normal request" 200 "$(curl -s -m 5 -o /dev/null \
    -w '%{http_code}' "$API/_sandbox/state")"
is "... and a tw program" skyway "$(tw-api /2/users/me | json .data.username)"
done_testing
