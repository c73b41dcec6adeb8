#!/bin/sh
# 3090-audit: the journal as an audit trail (tw-audit(1)).  A day of
# sends, a draft queued, edited, rejected and approved, case claims and
# resolutions: tw-audit exports the day with every send's exact text, as
# NDJSON and as CSV with the same rows; --verify passes on the trail and
# fails once any one line is changed, removed or moved; agents sending
# at once leave one chain.  Under TW_TEST_PG the journal is the team's
# (read with tw-case journal, changed with psql).
. "$(dirname "$0")/lib.sh"

NOW=2026-11-20T12:00:00Z
export TW_NOW=$NOW
sandbox_start --now "$NOW" --rate-limit 100000 || exit 1
printf 'approve_agents = trainee\napprovers = lead\n' >>"$TW_CONFIG"
sandbox_posts 3 aud "my bag is lost"
sb GET /_sandbox/state | jq -r '.tweets[] | select(.username != null and (.username | startswith("aud"))) | .id' >"$T/posts"
p1=$(sed -n 1p "$T/posts") p2=$(sed -n 2p "$T/posts") p3=$(sed -n 3p "$T/posts")

# the day's sends: a reply, a DM, a draft's life
t1='Sorry, "aud000" - we are on it, truly'
t2='Hi Gus, could you DM us your booking reference?'
TW_AGENT=ana exits "a reply" 0 tw-reply "$p1" "$t1"
TW_AGENT=ana exits "a DM" 0 tw-dm @grumpy_gus "$t2"
TW_AGENT=trainee tw-reply "$p2" 'We will refund you' >/dev/null 2>&1
TW_AGENT=trainee tw-reply "$p3" 'Checking now' >/dev/null 2>&1
d2=$(TW_AGENT=lead tw-reply --list | jq -r "select(.in_reply_to == \"$p2\") | .draft.id")
d3=$(TW_AGENT=lead tw-reply --list | jq -r "select(.in_reply_to == \"$p3\") | .draft.id")
t3='We are sorry: please DM us the file reference'
TW_AGENT=lead exits "an approver edits a draft" 0 tw-reply --edit "$d2" "$t3"
TW_AGENT=lead exits "... approves it" 0 tw-reply --approve "$d2"
TW_AGENT=lead exits "... rejects another" 0 tw-reply --reject --reason 'not yet' "$d3"

# cases: filed, claimed, resolved
tw-fetch mentions | tw-triage | tw-case add >/dev/null 2>&1
c=$(tw-case ls | jq -r .case.id | head -n 1)
TW_AGENT=ana exits "a claim" 0 tw-case claim "$c"
TW_AGENT=ana exits "a resolution" 0 tw-case resolve "$c"

journal() { tw-case journal; }
journal >"$T/journal"
DAY="--since 2026-11-20T00:00:00Z --until 2026-11-21T00:00:00Z"
exits "tw-audit exports the day" 0 tw-audit $DAY
cp "$T/out" "$T/day.ndjson"
is "every send, with its exact text, approver and draft" \
    "reply ana  $t1
dm ana  $t2
reply trainee lead $t3 $d2" \
    "$(jq -r 'select(.event == "reply" or .event == "dm") | "\(.event) \(.agent) \(.approver // "") \(.text)\(if .draft then " " + .draft else "" end)"' "$T/day.ndjson")"
is "to whom" "@aud000 @grumpy_gus @aud001" \
    "$(jq -r 'select(.event == "reply" or .event == "dm") | .to' "$T/day.ndjson" | tr '\n' ' ' | sed 's/ $//')"
is "the draft's life, the case's actions" "queue queue edit reject claim resolve" \
    "$(jq -r 'select(.event != "reply" and .event != "dm") | .event' "$T/day.ndjson" | tr '\n' ' ' | sed 's/ $//')"
is "... the edit with both texts, the rejection with its reason" \
    "edit lead We will refund you|$t3
reject lead not yet" \
    "$(jq -r 'select(.event == "edit") | "edit \(.agent) \(.before)|\(.after)"' "$T/day.ndjson"; jq -r 'select(.event == "reject") | "reject \(.agent) \(.reason)"' "$T/day.ndjson")"
is "every journal line is in the day" "$(wc -l <"$T/journal" | tr -d ' ')" "$(wc -l <"$T/day.ndjson" | tr -d ' ')"
exits "another day: nothing" 0 tw-audit --since 2026-11-21T00:00:00Z
is "... empty" "" "$(cat "$T/out")"

exits "CSV" 0 tw-audit -f csv $DAY
cp "$T/out" "$T/day.csv"
is "the CSV parses, with the same rows and texts as the NDJSON" ok "$("$TW_PYTHON" - "$T/day.csv" "$T/day.ndjson" <<'PY'
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1], newline='')))
recs = [json.loads(l) for l in open(sys.argv[2])]
bad = [r for r, j in zip(rows, recs) if r['line'] != str(j['line']) or
       r['event'] != j['event'] or r['text'] != j.get('text', '') or
       r['to'] != j.get('to', '')]
print('ok' if len(rows) == len(recs) and not bad else 'rows %d/%d, bad %r' % (len(rows), len(recs), bad[:1]))
PY
)"
like "a header first" '^line,time,event,agent,approver' "$(head -n 1 "$T/day.csv")"
exits "a bad format: usage" 2 tw-audit -f xml

# --verify: the trail as kept, then copies of it changed
n=$(wc -l <"$T/journal" | tr -d ' ')
exits "--verify" 0 tw-audit --verify
like "... one line: intact" "^$n events, chain intact; head [0-9a-f]{64}\$" "$(cat "$T/out")"
head=$(sed 's/.*head //' "$T/out")
exits "--verify --head: that line is there" 0 tw-audit --verify --head "$head"
like "every line chained" '"prev":"[0-9a-f]{64}"}$' "$(sed -n 1p "$T/journal")"

# check NAME: --verify on a TW_HOME holding $T/j.NAME as its journal
check() {
	mkdir -p "$T/h.$1"
	cp "$T/j.$1" "$T/h.$1/journal"
	TW_STORE= TW_HOME=$T/h.$1 tw-audit --verify >"$T/out" 2>"$T/err"
}
cp "$T/journal" "$T/j.same"
check same; is "a copy verifies" 0 $?
"$TW_PYTHON" -c '
import sys
l = open(sys.argv[1], "rb").read().split(b"\n")
l[2] = l[2][:20] + bytes([l[2][20] ^ 1]) + l[2][21:]
open(sys.argv[2], "wb").write(b"\n".join(l))' "$T/journal" "$T/j.byte"
check byte; is "one byte of line 3 changed: exit 1" 1 $?
is "... named" "tw-audit: line 4: its prev does not match line 3: line 3 was changed, or a line was removed or moved" "$(cat "$T/err")"
sed 5d "$T/journal" >"$T/j.del"
check del; is "line 5 removed: exit 1" 1 $?
like "... named" "line 5: its prev does not match line 4" "$(cat "$T/err")"
awk 'NR == 4 { h = $0; next } NR == 5 { print; print h; next } 1' "$T/journal" >"$T/j.swap"
check swap; is "lines 4 and 5 swapped: exit 1" 1 $?
like "... named" "line 4: its prev does not match line 3" "$(cat "$T/err")"
sed 1d "$T/journal" >"$T/j.first"
check first; is "the first line removed: exit 1" 1 $?
like "... named" "line 1: its prev is not the journal's start" "$(cat "$T/err")"
sed '$d' "$T/journal" >"$T/j.last"
mkdir -p "$T/h.last"; cp "$T/j.last" "$T/h.last/journal"
TW_STORE= TW_HOME=$T/h.last exits "the last line removed, against the head recorded: exit 1" 1 tw-audit --verify --head "$head"
like "... named" "no line has the hash $head" "$(cat "$T/err")"
{ printf '{"time":"2026-11-19T10:00:00Z","event":"reply","agent":"old"}\n'; cat "$T/journal"; } >"$T/j.old"
check old; is "a journal from before the chain: its lines before the chain are a start" 1 $?
{ printf '{"time":"2026-11-19T10:00:00Z","event":"reply","agent":"old"}\n'; }  >"$T/h.pre"
# an old journal appended to by this tw: the chain starts at the new line
cat "$T/h.pre" >"$T/j.start"
sed -n 1p "$T/journal" | "$TW_PYTHON" -c '
import sys, hashlib, re
old = open(sys.argv[1], "rb").read().rstrip(b"\n")
line = sys.stdin.buffer.read().rstrip(b"\n")
line = re.sub(rb"[0-9a-f]{64}\"}$", hashlib.sha256(old).hexdigest().encode() + b"\"}", line)
sys.stdout.buffer.write(line + b"\n")' "$T/h.pre" >>"$T/j.start"
check start; is "an old line, then chained ones: intact" 0 $?
like "... says where the chain starts" "^2 events, chain intact from line 2" "$(cat "$T/out")"

if store_is_pg; then
	psql -q "$TW_STORE" -c "UPDATE tw_journal SET line = replace(line, 'truly', 'truth') WHERE line LIKE '%truly%'" >/dev/null 2>&1
	exits "the team's journal changed in the database: exit 1" 1 tw-audit --verify
	like "... named" "its prev does not match line" "$(cat "$T/err")"
	psql -q "$TW_STORE" -c "UPDATE tw_journal SET line = replace(line, 'truth', 'truly') WHERE line LIKE '%truth%'" >/dev/null 2>&1
	exits "... put back: intact" 0 tw-audit --verify
fi

# agents sending at once: one chain
sandbox_posts 12 conc "where is my bag"
sb GET /_sandbox/state | jq -r '.tweets[] | select(.username != null and (.username | startswith("conc"))) | .id' >"$T/cposts"
i=0 pids=
while read -r p; do
	i=$((i + 1))
	TW_AGENT=agent$((i % 4)) tw-reply "$p" "On it, number $i" >/dev/null 2>&1 &
	pids="$pids $!"
done <"$T/cposts"
TW_AGENT=dmer tw-dm @grumpy_gus 'one more thing' >/dev/null 2>&1 &
pids="$pids $!"
TW_AGENT=dmer tw-dm @grumpy_gus 'and another' >/dev/null 2>&1 &
pids="$pids $!"
for p in $pids; do wait "$p"; done
is "14 more sends journaled" $((n + 14)) "$(journal | wc -l | tr -d ' ')"
exits "--verify after agents sent at once" 0 tw-audit --verify
like "... intact" "^$((n + 14)) events, chain intact" "$(cat "$T/out")"

exits "an operand: usage" 2 tw-audit foo
exits "--head without --verify: usage" 2 tw-audit --head "$head"
done_testing
