#!/bin/sh
# bench/case-team.sh BUILD_DIR - a team taking cases at once:
#
#   TW_BENCH_TEAM_CASES (default 100,000) open cases, one from each of as
#   many customers, filed with tw-case add; then TW_BENCH_AGENTS (default
#   8) agents, each a process of its own looping on tw-case next
#   TW_BENCH_CLAIMS (default 200) times, all at once:
#     SQLite       one TW_HOME (its store.db), eight local processes
#     PostgreSQL   a throwaway server (tests/pg.sh, Unix socket), one
#                  TW_STORE, each agent a TW_HOME of their own, as on
#                  machines of their own
#   For each: the latency of every whole command (process start
#   included), p50 and p99 over all claims; claims/s (all claims over the
#   wall time of the concurrent phase); and how many cases were claimed
#   twice (exits non-zero if any was, or if any next failed).  Then the
#   same with agents that hold their connection: each a tw-case batch
#   process fed "next" a line at a time, timed from the line written to
#   its done record read (the whole command but process start and
#   connection), first as fast as they go (each claims again as soon as
#   it has its case: the most the machine does, each claim's latency
#   mostly the wait behind the seven others'), then paced: TW_BENCH_RATE
#   (default 200) claims a second offered in all, spread over the agents,
#   each timed from when it was due; and bench/claims (built by make
#   bench), the claim's library call alone.
#   TW_BENCH_PHASES (default "next batch paced held") picks among them.
#   Without a PostgreSQL server (not root; tests/deps.sh pg installs it)
#   only SQLite runs; TW_BENCH_BACKENDS (default "sqlite pg") picks.
set -eu
B=${1:?usage: sh bench/case-team.sh BUILD_DIR}
B=$(cd "$B" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
n=${TW_BENCH_TEAM_CASES:-100000}
na=${TW_BENCH_AGENTS:-8}
nc=${TW_BENCH_CLAIMS:-200}
rate=${TW_BENCH_RATE:-200}
phases=" ${TW_BENCH_PHASES:-next batch paced held} "
# phase NAME: whether TW_BENCH_PHASES has it
phase() { case $phases in *" $1 "*) return 0 ;; esac; return 1; }
d=$(mktemp -d "${TMPDIR:-/tmp}/tw-bench.XXXXXX")
# As root the server runs as twtest, which must pass through $d to $d/pg.
chmod 0711 "$d"
cleanup() {
	[ ! -f "$d/pg/.tw-pg" ] || sh "$here/../tests/pg.sh" stop "$d/pg" || :
	rm -rf "$d"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
export TW_CONFIG=$d/config TW_AGENT=bench
unset TW_STORE TW_NOW || :
PATH=$B/cmd:$PATH

# n records, one a customer, a second apart, in time order
awk -v n="$n" 'BEGIN {
	for (i = 0; i < n; i++) {
		t = 1763600000 + i
		printf "{\"type\":\"tweet\",\"id\":\"%d\",\"created_at\":\"%s\",", 1000000000 + i, strftime("%Y-%m-%dT%H:%M:%SZ", t, 1)
		printf "\"text\":\"@skyway my bag %d never arrived at Gatwick, can you help?\",\"lang\":\"en\",\"direction\":\"in\",", i
		printf "\"account\":{\"id\":\"1456789012\",\"username\":\"skyway\"},"
		printf "\"author\":{\"id\":\"%d\",\"username\":\"cust%d\",\"name\":\"Customer %d\",\"followers\":%d,\"description\":\"Frequent flyer\"},", 5000 + i, i, i, i % 1000
		printf "\"triage\":{\"priority\":%d,\"queue\":\"general\",\"sentiment\":{\"score\":-0.4,\"label\":\"negative\"}}}\n", (i * 7) % 100
	}
}' >"$d/in"

# file NAME: tw-case add of every record into the store of TW_STORE or
# TW_HOME, into a pipe; prints how long it took, and checks the cases.
file() {
	/usr/bin/time -f '%e' -o "$d/time.$1" tw-case add <"$d/in" | cat >/dev/null
	ncase=$(tw-case ls | wc -l)
	awk -v name="$1" -v n="$n" -v s="$(cat "$d/time.$1")" -v c="$ncase" 'BEGIN {
		if (s <= 0) s = 0.01
		printf "  (%s: tw-case add of %d records in %.1f s, %.0f records/s; %d open cases)\n", name, n, s, n / s, c
	}'
	[ "$ncase" -eq "$n" ] || { echo "tw bench: $ncase cases, not $n" >&2; return 1; }
}

# team NAME SHARED: the agents, all at once (SHARED: one TW_HOME for all)
team() {
	TW_NOW=2026-11-21T00:00:00Z "${TW_PYTHON:-python3}" - "$1" "$2" "$na" "$nc" "$n" "$d" <<'PY'
import json, multiprocessing as mp, os, subprocess, sys, time

name, shared, na, nc, ncases, d = sys.argv[1], sys.argv[2] == "1", \
    int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], sys.argv[6]

batch = os.environ.get("TW_BENCH_BATCH") == "1"
# paced (open loop): claims offered at rate a second in all, each agent's
# k-th due at t0 + (k + i/na) * na/rate, its latency counted from when it
# was due, not when it went (a late claim's wait counts: no coordinated
# omission); 0: each agent claims again as soon as it has its case
rate = float(os.environ.get("TW_BENCH_RATE", "0"))

def claim_batch(p):
    """next through a held tw-case batch: (exit, stdout lines)"""
    p.stdin.write(b"next\n")
    p.stdin.flush()
    lines = []
    while True:
        line = p.stdout.readline()
        if not line:
            return -1, lines
        rec = json.loads(line)
        if rec.get("type") == "done":
            return rec["exit"], lines
        lines.append(line)

def agent(i, go, out):
    env = dict(os.environ, TW_AGENT="agent%d" % i)
    if not shared:
        h = os.path.join(d, "home.%d" % i)
        os.makedirs(h, exist_ok=True)
        env.update(TW_HOME=h, TW_CONFIG=os.path.join(h, "config"))
    lat, ids, errs = [], [], []
    if batch:
        p = subprocess.Popen(["tw-case", "batch"], env=env,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        claim_batch(p)      # connected and warm: the first claim is not timed
    go.wait()
    t0 = time.perf_counter()
    for k in range(nc):
        if batch:
            t = time.perf_counter()
            if rate > 0:
                due = t0 + (k + (i - 1) / na) * na / rate
                if due > t:
                    time.sleep(due - t)
                t = due
            rc, lines = claim_batch(p)
            ms = (time.perf_counter() - t) * 1000
            if rc == 1 and not lines:
                break
            if rc != 0:
                errs.append("batch next exit %d" % rc)
                continue
            cid = next((json.loads(l)["case"]["id"] for l in lines
                        if json.loads(l).get("type") == "case"), None)
            lat.append(ms)
            ids.append(cid)
            continue
        t = time.perf_counter()
        r = subprocess.run(["tw-case", "next"], env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        ms = (time.perf_counter() - t) * 1000
        if r.returncode == 1 and not r.stdout and b"no case" in r.stderr:
            break           # the queue is empty
        if r.returncode != 0:
            errs.append("exit %d: %s" % (r.returncode,
                        r.stderr.decode(errors="replace").strip()))
            continue
        cid = None
        for line in r.stdout.splitlines():
            rec = json.loads(line)
            if rec.get("type") == "case":
                cid = rec["case"]["id"]
                break
        if cid is None:
            errs.append("exit 0 but no case record: %r" % r.stdout[:200])
            continue
        lat.append(ms)
        ids.append(cid)
    t1 = time.perf_counter()
    if batch:
        p.stdin.close()
        if p.wait() != 0:
            errs.append("tw-case batch exit %d" % p.returncode)
    out.put((i, t0, t1, lat, ids, errs))

ctx = mp.get_context("fork")
go, out = ctx.Event(), ctx.Queue()
ps = [ctx.Process(target=agent, args=(i, go, out)) for i in range(1, na + 1)]
for p in ps:
    p.start()
time.sleep(0.5)             # all started, waiting
go.set()
res = [out.get() for _ in ps]
for p in ps:
    p.join()
wall = max(r[2] for r in res) - min(r[1] for r in res)
lat = sorted(x for r in res for x in r[3])
ids = [x for r in res for x in r[4]]
errs = [x for r in res for x in r[5]]
twice = len(ids) - len(set(ids))
if not lat:
    sys.exit("tw bench: no claims on %s: %s" % (name, errs[:3]))
p99 = lat[max(0, -(-len(lat) * 99 // 100) - 1)]
print(("tw-case batch, next a line, %d agents holding a connection, %s open "
       "cases, %s" if batch else "tw-case next, %d agents, %s open cases, %s")
      % (na, ncases, name) +
      (", offered %.0f claims/s" % rate if batch and rate > 0 else "") +
      ": %d claims in %.1f s: "
      "%.0f claims/s, p50 %.1f ms, p99 %.1f ms, %d claimed twice "
      "(target p99 < 20 ms, >= 200 claims/s)"
      % (len(lat), wall, len(lat) / wall, lat[len(lat) // 2], p99, twice))
with open(os.path.join(d, "claimed." + name), "w") as f:
    f.write("".join(x + "\n" for x in ids))
if errs:
    print("  %d tw-case next failed, e.g. %s" % (len(errs), errs[0]))
if twice:
    dup = sorted({x for x in ids if ids.count(x) > 1}, key=int)
    print("  claimed twice: cases %s" % " ".join(dup[:10]))
sys.exit(1 if errs or twice else 0)
PY
}

# held NAME: the same, the agents holding their connection (bench/claims:
# each opens the store once, then tw_case_next, the transaction tw-case
# next runs, in a loop)
held() {
	if [ ! -x "$B/bench/claims" ]; then
		echo "  (held connections: skipped, no $B/bench/claims: make bench builds it)"
		return 0
	fi
	TW_NOW=2026-11-21T00:00:00Z "$B/bench/claims" "$na" "$nc" "$d/held" ||
	    { echo "tw bench: bench/claims failed on $1" >&2; return 1; }
	"${TW_PYTHON:-python3}" - "$1" "$na" "$n" "$d/held" <<'PY'
import sys
name, na, ncases, out = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
lat, ids, t0, t1 = [], [], [], []
for i in range(1, na + 1):
    with open("%s.%d" % (out, i)) as f:
        a, b = map(float, f.readline().split())
        t0.append(a); t1.append(b)
        for line in f:
            ms, cid = line.split()
            lat.append(float(ms)); ids.append(cid)
lat.sort()
wall = max(t1) - min(t0)
twice = len(ids) - len(set(ids))
p99 = lat[max(0, -(-len(lat) * 99 // 100) - 1)]
print("tw_case_next, %d agents holding a connection, %s open cases, %s: %d "
      "claims in %.1f s: %.0f claims/s, p50 %.1f ms, p99 %.1f ms, %d claimed "
      "twice (target p99 < 20 ms, >= 200 claims/s)"
      % (na, ncases, name, len(lat), wall, len(lat) / wall,
         lat[len(lat) // 2], p99, twice))
sys.exit(1 if twice else 0)
PY
}

rv=0
backends=${TW_BENCH_BACKENDS:-sqlite pg}
case " $backends " in *" sqlite "*)
	export TW_HOME=$d/sqlite
	file SQLite
	! phase next || TW_BENCH_RATE=0 team SQLite 1 || rv=1
	! phase batch || TW_BENCH_BATCH=1 TW_BENCH_RATE=0 team SQLite 1 || rv=1
	! phase paced || TW_BENCH_BATCH=1 TW_BENCH_RATE=$rate team SQLite 1 || rv=1
	! phase held || held SQLite || rv=1 ;;
esac
case " $backends " in *" pg "*) ;; *) exit $rv ;; esac

if ! sh "$here/../tests/deps.sh" pg >/dev/null 2>&1 ||
    ! sh "$here/../tests/pg.sh" bindir >/dev/null 2>&1; then
	echo "tw-case next on PostgreSQL: skipped (no server: as root, sh tests/deps.sh pg installs it)"
	exit $rv
fi
sock=$(sh "$here/../tests/pg.sh" start "$d/pg")
createdb -h "$sock" -U tw twbench
export TW_HOME=$d/pghome TW_STORE="postgresql:///twbench?host=$sock&user=tw"
file PostgreSQL
! phase next || TW_BENCH_RATE=0 team PostgreSQL 0 || rv=1
! phase batch || TW_BENCH_BATCH=1 TW_BENCH_RATE=0 team PostgreSQL 0 || rv=1
! phase paced || TW_BENCH_BATCH=1 TW_BENCH_RATE=$rate team PostgreSQL 0 || rv=1
! phase held || held PostgreSQL || rv=1
exit $rv
