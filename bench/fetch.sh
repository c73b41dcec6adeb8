#!/bin/sh
# bench/fetch.sh BUILD_DIR - tw-fetch against tw-sandbox on loopback:
#
#   records/s fetched end to end (HTTP, JSON parse, normalise, emit),
#   broken out into the raw fetch (tw-fetch -R: HTTP and parse only) and
#   normalising the same pages (tw-norm), and
#   stream latency, p50, p90 and p99, to the moment a post's record is
#   read from tw-fetch's standard output, measured from two moments of
#   the admin POST that makes the post, each an upper bound of the
#   stream's own latency:
#     "from the start": before the client opens its connection to the
#       sandbox (the sandbox closes every connection after its answer,
#       so each POST has a new one): connection set-up, the request,
#       the sandbox's handling up to the post, then the stream;
#     "from the send": the connection open, before the request is
#       written: the request, the handling, then the stream.
#   The reader is a thread of the same Python process; bench/README
#   says where the time goes.
#
# TW_BENCH_MENTIONS (default 20000) and TW_BENCH_STREAM (default 1000)
# set the sizes.
set -eu
B=${1:?usage: sh bench/fetch.sh BUILD_DIR}
here=$(cd "$(dirname "$0")" && pwd)
n=${TW_BENCH_MENTIONS:-20000}
ns=${TW_BENCH_STREAM:-1000}
PATH=$B/cmd:$PATH
d=$(mktemp -d "${TMPDIR:-/tmp}/tw-bench.XXXXXX")
export TW_CONFIG=$d/config TW_HOME=$d/state
unset TW_API_BASE TW_ACCOUNT
pid=
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$d"' EXIT INT TERM

tw-sandbox -p 0 -C "$TW_CONFIG" --mentions "$n" --mention-cap 0 \
    --rate-limit 1000000 >"$d/sb.out" 2>"$d/sb.err" &
pid=$!
i=0
until head -n 1 "$d/sb.out" 2>/dev/null | grep -q '^http://'; do
	i=$((i + 1)); [ $i -lt 200 ] || { cat "$d/sb.err" >&2; exit 1; }
	sleep 0.05
done
api=$(head -n 1 "$d/sb.out")

secs() { /usr/bin/time -f '%e %M' -o "$d/time" "$@"; read -r s kb <"$d/time"; }
row() {	# LABEL RECORDS BYTES SECONDS KB
	awk -v l="$1" -v n="$2" -v b="$3" -v s="$4" -v kb="$5" 'BEGIN {
		if (s <= 0) s = 0.01
		printf "%-34s %8d %8.2f %10.0f %8.1f %8.1f\n", l, n, s, n / s,
		    b / 1048576 / s, kb / 1024 }'
}
printf '%-34s %8s %8s %10s %8s %8s\n' what records seconds records/s MB/s RSS_MB
secs tw-fetch mentions >"$d/records"
nr=$(wc -l <"$d/records")
row "tw-fetch mentions (end to end)" "$nr" "$(wc -c <"$d/records")" "$s" "$kb"
secs tw-fetch -R mentions >"$d/pages"
row "tw-fetch -R (HTTP + parse)" "$nr" "$(wc -c <"$d/pages")" "$s" "$kb"
secs tw-norm "$d/pages" >/dev/null
row "tw-norm on those pages" "$nr" "$(wc -c <"$d/pages")" "$s" "$kb"
echo "(posts in the sandbox: $nr mentions, 100 a page)"

# Stream latency.
printf 'bench: benchmark\n' >"$d/rules"
tw-fetch stream -r "$d/rules" --rules >/dev/null 2>&1
"${TW_PYTHON:-python3}" - "$api" "$ns" <<'PY'
import http.client, json, subprocess, sys, threading, time
from urllib.parse import urlsplit
api, n = sys.argv[1], int(sys.argv[2])
host, port = urlsplit(api).hostname, urlsplit(api).port
p = subprocess.Popen(["tw-fetch", "stream"], stdout=subprocess.PIPE,
    stderr=subprocess.DEVNULL)
got = {}
def reader():
	for line in p.stdout:
		t = time.monotonic()
		try:
			got[json.loads(line)["text"].split()[-1]] = t
		except Exception:
			pass
threading.Thread(target=reader, daemon=True).start()
time.sleep(1.0)
start, send = {}, {}
for i in range(n):
	body = json.dumps({"username": "bench_user",
	    "text": "@skyway benchmark post %d" % i}).encode()
	start[str(i)] = time.monotonic()
	c = http.client.HTTPConnection(host, port)
	c.connect()
	send[str(i)] = time.monotonic()
	c.request("POST", "/_sandbox/tweets", body,
	    {"Content-Type": "application/json"})
	c.getresponse().read()
	c.close()
	time.sleep(0.005)
deadline = time.monotonic() + 10
while len(got) < n and time.monotonic() < deadline:
	time.sleep(0.05)
p.terminate()
p.wait()
def show(what, t0):
	lat = sorted((got[k] - t0[k]) * 1000 for k in t0 if k in got)
	if not lat:
		print("stream latency: no post arrived"); sys.exit(1)
	def pct(q): return lat[min(len(lat) - 1, int(q * len(lat)))]
	print("stream latency %-16s over %d posts (%d arrived): p50 %.2f ms, "
	    "p90 %.2f ms, p99 %.2f ms, max %.2f ms" % (what, n, len(lat),
	    pct(0.50), pct(0.90), pct(0.99), lat[-1]))
show("from the start", start)
show("from the send", send)
PY
