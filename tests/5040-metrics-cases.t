#!/bin/sh
# tw-metrics from records, journal lines and the case log (tw-case log):
# TTR from case resolves, handle time from claims, per-agent FRT, the
# backlog of open cases, and the same report for any order of the input.
. "$(dirname "$0")/lib.sh"

f=$FIXTURES/metrics/cases.ndjson
# The fixture (account 100, Monday 2026-03-02, UTC), by customer:
#  ann (case 1): writes 09:00; jo claims 09:05; the reply 2001 at 09:20
#    comes three times: a fetched record without "agent", the journal line
#    (agent jo) and the case log's "out"; resolved 10:00.
#  bob (case 2): writes 10:00; sam claims 10:10, releases 10:25; lead
#    assigns jo 10:30; jo replies 10:45 (journal and case log only); bob
#    writes 11:00; jo claims 11:05 and escalates 11:35: open at the end.
#  cy (case 3): writes 12:00, sam claims 12:00; sam's reply 2003 at 12:30
#    (record with agent, journal, case log); resolved 13:00; cy writes
#    13:30 and the case reopens: open at the end.
#  di (case 4): writes 14:00, the last event: open at the end.
# Every inbound record also comes as the case log's "in".
exits "-g agent: exit 0" 0 tw-metrics -g agent "$f"
cp "$T/out" "$T/agent"
g() { jq -c "select(.group == \"$1\") | $2" "$T/agent"; }
is "three groups: jo, sam and - (no reply)" '"-" "jo" "sam"' \
    "$(jq -c .group "$T/agent" | tr '\n' ' ' | sed 's/ $//')"
# FRT: ann 09:00 -> 09:20 = 1200 s, bob 10:00 -> 10:45 = 2700 s, both jo's
# (the copy of 2001 that names jo counts, not the fetched one without an
# agent); median (1200 + 2700) / 2 = 1950
is "jo: ann and bob, 3 inbound, both answered" "[2,3,2]" \
    "$(g jo '[.conversations, .inbound, .responded]')"
is "jo's FRT: 1200 and 2700 s" '{"n":2,"mean_s":1950,"median_s":1950,"p90_s":2700,"public":2,"dm":0}' \
    "$(g jo .frt)"
# handle time, claim to the end of the session: ann 09:05 -> reply 09:20
# = 900; bob assigned 10:30 -> reply 10:45 = 900; bob claimed 11:05 ->
# escalated 11:35 = 1800.  n 3, mean 3600 / 3 = 1200, median 900, p90
# the ceil(2.7) = 3rd = 1800
is "jo's handle time: 900, 900, 1800 s" '{"n":3,"mean_s":1200,"median_s":900,"p90_s":1800}' \
    "$(g jo .handle)"
# TTR: ann 09:00 -> resolve 10:00 = 3600; bob's case is open: none
is "jo's TTR: ann's 3600 s; bob's case is still open" '{"n":1,"mean_s":3600,"median_s":3600}' \
    "$(g jo .ttr)"
is "jo's AHT by conversation: first reply 09:20 to resolve 10:00" '{"n":1,"mean_s":2400,"median_s":2400}' \
    "$(g jo .aht)"
# sam: cy's first conversation, FRT 12:00 -> 12:30 = 1800; sessions bob
# 10:10 -> release 10:25 = 900 and cy 12:00 -> reply 12:30 = 1800: mean
# and median 1350; TTR cy 12:00 -> 13:00 = 3600
is "sam: cy, FRT 1800 s" "[1,1,1800]" "$(g sam '[.conversations, .responded, .frt.median_s]')"
is "sam's handle time: 900 (released) and 1800 s" '{"n":2,"mean_s":1350,"median_s":1350,"p90_s":1800}' \
    "$(g sam .handle)"
is "sam's TTR: 3600 s" '{"n":1,"mean_s":3600,"median_s":3600}' "$(g sam .ttr)"
# the backlog at the end of the data (14:00), none of them owned: bob's
# case opened 10:00 (age 14400), cy's reopened 13:30 (1800), di's opened
# 14:00 (0); median 1800, oldest 14400
is "- : cy again and di, unanswered" "[2,2,0]" "$(g - '[.conversations, .inbound, .responded]')"
is "backlog: 3 open cases, none owned; median 1800 s, oldest 14400 s" \
    '{"n":3,"median_age_s":1800,"oldest_age_s":14400}' "$(g - .backlog)"
is "no backlog held by jo or sam" '{"n":0} {"n":0}' "$(g jo .backlog) $(g sam .backlog)"

exits "one group: exit 0" 0 tw-metrics "$f"
cp "$T/out" "$T/all"
a() { jq -c "$1" "$T/all"; }
# 5 conversations (ann, bob, cy twice: the resolve ends the first, di);
# 6 inbound: each message once, though the case log has each again
is "all: 5 conversations, 6 inbound, 3 answered" "[5,6,3]" "$(a '[.conversations, .inbound, .responded]')"
# FRT 1200, 2700, 1800: mean 1900, median 1800
is "all: FRT" '{"n":3,"mean_s":1900,"median_s":1800,"p90_s":2700,"public":3,"dm":0}' "$(a .frt)"
# handle 900, 900, 1800, 900, 1800: sum 6300, mean 1260, median 900, p90
# the 5th = 1800
is "all: handle time" '{"n":5,"mean_s":1260,"median_s":900,"p90_s":1800}' "$(a .handle)"
is "all: TTR, ann and cy's first, 3600 each" '{"n":2,"mean_s":3600,"median_s":3600}' "$(a .ttr)"
is "all: the same backlog" '{"n":3,"median_age_s":1800,"oldest_age_s":14400}' "$(a .backlog)"
# -g queue: the case's queue; bob's was escalated to tier2
exits "-g queue: exit 0" 0 tw-metrics -g queue "$f"
is "backlog by queue: bob's in tier2 (escalated), cy's in tech, di's in billing" \
    '"billing" 1 "refunds" 0 "tech" 1 "tier2" 1' \
    "$(jq -c '.group, .backlog.n' "$T/out" | tr '\n' ' ' | sed 's/ $//')"
exits "-f table: exit 0" 0 tw-metrics -g agent -f table "$f"
like "the table has AHT, open and oldest" "AHT med +open +oldest" "$(head -n 1 "$T/out")"
like "jo's handle median and -'s backlog" "^jo .* 15m00s +0 +-" "$(grep '^jo' "$T/out")"
like "-'s backlog" "^- .* 3 +4h00m" "$(grep '^- ' "$T/out")"
exits "records only: no handle or backlog keys" 0 tw-metrics "$FIXTURES/metrics/basic.ndjson"
is "records only: no handle or backlog keys" "null null" "$(jq -c '.handle, .backlog' "$T/out" | tr '\n' ' ' | sed 's/ $//')"

# Any order gives the same report: shuffled with fixed seeds (shuf
# --random-source=<(yes SEED), through a file for sh), reversed, and
# through runs of three events.
same_any_order() {
	_name=$1; _file=$2; shift 2
	tw-metrics "$@" "$_file" >"$T/ref" 2>&1
	_bad=
	for _s in 1 2 5 13 omega; do
		yes "$_s" | head -c 1000000 >"$T/rnd"
		shuf --random-source="$T/rnd" "$_file" >"$T/shuf"
		tw-metrics "$@" "$T/shuf" >"$T/got" 2>&1
		cmp -s "$T/ref" "$T/got" || _bad="$_bad seed $_s"
		TW_METRICS_CHUNK=3 tw-metrics "$@" "$T/shuf" >"$T/got" 2>&1
		cmp -s "$T/ref" "$T/got" || _bad="$_bad seed $_s (runs of 3)"
	done
	tac "$_file" | tw-metrics "$@" >"$T/got" 2>&1
	cmp -s "$T/ref" "$T/got" || _bad="$_bad reversed"
	is "$_name: the same report in any order" "" "$_bad"
}
for by in all agent queue channel account day hour; do
	same_any_order "cases, -g $by" "$f" -g $by
	same_any_order "basic, -g $by" "$FIXTURES/metrics/basic.ndjson" -g $by --sla 1h
done
same_any_order "hours" "$FIXTURES/metrics/hours.ndjson" -g agent --sla 1h \
    -H "$FIXTURES/metrics/hours"
${CC:-cc} -O2 -o "$T/genev" "$TW_SRC/bench/genev.c" || exit 1
"$T/genev" 3000 "$T/gen.ndjson"
same_any_order "generated, 3000 events" "$T/gen.ndjson" -g agent --sla 30m -G 1h

# The duplicate reply: the journal line names the agent, the fetched
# record does not; in either order the reply is the agent's.
grep -v '"event"' "$f" | grep '"2001"' >"$T/rec"
grep '"event":"reply"' "$f" | grep '"2001"' >"$T/jl"
grep '"1001"' "$f" | grep -v '"event"' >"$T/in"
cat "$T/in" "$T/rec" "$T/jl" | tw-metrics -g agent >"$T/o1"
cat "$T/jl" "$T/in" "$T/rec" | tw-metrics -g agent >"$T/o2"
is "record then journal: jo's" '"jo"' "$(jq -c .group "$T/o1")"
is "journal then record: the same" "$(cat "$T/o1")" "$(cat "$T/o2")"

# End to end: the sandbox's mentions filed into cases, one claimed by x
# with tw-case claim, answered with tw-reply and resolved, each step at a
# set TW_NOW; the records, the journal and the case log into tw-metrics.
sandbox_start --now 2026-11-20T12:00:00Z || exit 1
tw-fetch mentions 2>"$T/err" | tw-triage >"$T/mentions"
TW_NOW=2026-11-20T12:00:00Z tw-case add "$T/mentions" >"$T/added"
# (Gus's case, by name: the cases tw-case next gives first, the safety
# report and the solicitor, have the brand's seeded replies already)
exits "tw-case claim as x at 12:10" 0 env TW_AGENT=x TW_NOW=2026-11-20T12:10:00Z tw-case claim @grumpy_gus
TW_NOW=2026-11-20T12:10:00Z tw-case show @grumpy_gus >"$T/next"
id=$(jq -r 'select(.direction == "in") | .id' "$T/next" | tail -n 1)
cid=$(jq -r 'select(.type == "case") | .case.id' "$T/next")
first=$(jq -r 'select(.direction == "in") | .created_at' "$T/next" | sort | head -n 1)
exits "tw-reply as x at 12:30" 0 env TW_AGENT=x TW_NOW=2026-11-20T12:30:00Z \
    tw-reply "$id" "Sorry about that, we are on it"
cp "$T/out" "$T/sent"
exits "tw-case resolve at 13:00" 0 env TW_AGENT=x TW_NOW=2026-11-20T13:00:00Z \
    tw-case resolve "$cid"
tw-case log >"$T/log"
tw-case journal >"$T/journal"
cat "$T/added" "$T/sent" "$T/journal" "$T/log" >"$T/e2e"
exits "tw-metrics -g agent on records, journal and case log: exit 0" 0 \
    tw-metrics -g agent "$T/e2e"
cp "$T/out" "$T/e2e.out"
t0=$(date -u -d "$first" +%s)
t_reply=$(date -u -d 2026-11-20T12:30:00Z +%s)
t_res=$(date -u -d 2026-11-20T13:00:00Z +%s)
# x answered the one case: its FRT from its first message to 12:30, its
# TTR to 13:00, its handle time from the claim 12:10 to the reply 12:30
is "x: one conversation, answered" "[1,1]" \
    "$(jq -c 'select(.group == "x") | [.conversations, .responded]' "$T/e2e.out")"
is "x: FRT from the case's first message to the reply" "$((t_reply - t0))" \
    "$(jq -c 'select(.group == "x") | .frt.median_s' "$T/e2e.out")"
is "x: TTR from the case's first message to the resolve" "$((t_res - t0))" \
    "$(jq -c 'select(.group == "x") | .ttr.median_s' "$T/e2e.out")"
is "x: handle time 12:10 to 12:30, once" '{"n":1,"mean_s":1200,"median_s":1200,"p90_s":1200}' \
    "$(jq -c 'select(.group == "x") | .handle' "$T/e2e.out")"
open=$(jq -r '.case.id' "$T/added" | sort -u | grep -vx "$cid" | wc -l)
is "the backlog: every other case, unowned" "$open" \
    "$(jq -c 'select(.group == "-") | .backlog.n' "$T/e2e.out")"
same_any_order "end to end" "$T/e2e" -g agent
done_testing
