#!/bin/sh
# Ctrl-C: every program exits 130 (tw(7) EXIT STATUS), as the shell says
# of one SIGINT ended.  tw-fetch stream and tw-sandbox catch it, finish
# (what was read is written, the state saved) and exit 130 themselves;
# SIGTERM stays a service manager's clean stop (0).  The others keep
# SIGINT's default action.
. "$(dirname "$0")/lib.sh"

# intr SECS CMD...: start CMD with SIGINT at its default (a background
# job of a shell script has it ignored), send SIGINT after SECS, print
# its exit status as a shell gives it (128 + the signal when it killed).
intr() {
	"$TW_PYTHON" - "$@" <<'PY'
import signal, subprocess, sys, time
p = subprocess.Popen(sys.argv[2:], stdin=subprocess.PIPE,
    stdout=subprocess.DEVNULL,
    preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
time.sleep(float(sys.argv[1]))
p.send_signal(signal.SIGINT)
rc = p.wait()
print(128 - rc if rc < 0 else rc)
PY
}

# programs reading records, waiting on an open pipe
is "tw-show: ^C exits 130" 130 "$(intr 0.5 tw-show)"
is "tw-triage: ^C exits 130" 130 "$(intr 0.5 tw-triage)"
is "tw-norm: ^C exits 130" 130 "$(intr 0.5 tw-norm)"

is "tw-sandbox: ^C exits 130, after saving" 130 "$(intr 1 tw-sandbox -p 0)"
tw-sandbox -p 0 >/dev/null 2>&1 &
sbpid=$!
sleep 1
kill -TERM $sbpid
wait $sbpid
is "tw-sandbox: SIGTERM, 0" 0 "$?"

sandbox_start --keepalive 1 || exit 1
brand=$(sed -n 's/^username = //p' "$TW_CONFIG")
printf 'luggage: luggage\n' >"$T/rules"
tw-fetch stream -r "$T/rules" --list-rules >/dev/null 2>&1
tw-fetch stream >"$T/stream.out" 2>"$T/stream.err" &
spid=$!
sleep 1
sb POST /_sandbox/tweets "{\"username\":\"cust1\",\"text\":\"@$brand my luggage is lost\"}" >/dev/null
_i=0
while [ ! -s "$T/stream.out" ] && [ $_i -lt 150 ]; do sleep 0.1; _i=$((_i + 1)); done
kill -INT $spid
wait $spid
is "tw-fetch stream: ^C exits 130" 130 "$?"
is "what it read is written" 1 "$(wc -l <"$T/stream.out" | tr -d ' ')"
tw-fetch stream >/dev/null 2>&1 &
spid=$!
sleep 1
kill -TERM $spid
wait $spid
is "tw-fetch stream: SIGTERM is a clean stop, 0" 0 "$?"
done_testing
